/*
** /api/v1/clusters: emulation clusters, their rotation, and each year's
** members, leader and deputies. An authority officer manages the
** clusters its authority (or one beneath it) organizes.
*/
#include "api/api.h"
#include "api/fields.h"
#include "api/json_out.h"
#include "api/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const cluster_fields[] = {"name", "authority_id", "rotation", "id",
					     "years", NULL};
static const char *const year_fields[] = {
	"members", "leader_id", "deputy_ids", "cluster_id", "year", "status", "final_rule",
	"tie_break", "criteria_version", "deadline", "published_at", "your_powers", NULL};
/* Fields of the year that other requests change; a PUT may only repeat them. */
static const char *const year_read_only[] = {
	"cluster_id", "year", "status", "final_rule", "tie_break", "criteria_version",
	"deadline", "published_at", NULL};

int cluster_from_json(json_t *body, struct cluster *c, int creating, struct error *e)
{
	int req = creating ? REQUIRED : OPTIONAL;
	if (fields_known(body, cluster_fields, e) != 0 ||
	    field_fixed(body, "id", c->id ? json_integer(c->id) : NULL, e) != 0 ||
	    field_line(body, "name", c->name, sizeof c->name, NAME_CHARS, req, e) != 0 ||
	    field_id(body, "authority_id", &c->authority_id, req, e) != 0 ||
	    field_ids(body, "rotation", c->rotation, CLUSTER_MAX_MEMBERS, &c->n_rotation,
		      OPTIONAL, e) != 0)
		return -1;
	return cluster_validate(c, e);
}

/*
** Members must be units the caller manages: leading a cluster year gives a
** unit's officers powers, which one authority may not hand to another's.
*/
static int check_units(struct ctx *cx, const int64_t *ids, size_t n, const char *field,
		       struct error *e)
{
	for (size_t i = 0; i < n; i++) {
		if (api_require_org(cx, ids[i], field, ORG_UNIT, e) != 0)
			return -1;
		if (api_authorize(cx, ACT_CLUSTER_WRITE, ids[i], e) != 0)
			return err_set(e, ERR_FORBIDDEN, "forbidden", field,
				       "%s names a unit outside your organization", field);
	}
	return 0;
}

static int check_cluster_refs(struct ctx *cx, const struct cluster *c, struct error *e)
{
	if (api_require_org(cx, c->authority_id, "authority_id", ORG_AUTHORITY, e) != 0)
		return -1;
	return check_units(cx, c->rotation, c->n_rotation, "rotation", e);
}

void api_clusters_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct cluster_filter f;
	memset(&f, 0, sizeof f);
	char q[QUERY_TEXT_BYTES];
	if (api_query_text(rq, "q", q, sizeof q, &f.q, &e) != 0 ||
	    api_page(rq, &f.page, &e) != 0 ||
	    req_query_int(rq, "authority_id", 1, INT64_MAX / 2, 0, &f.authority_id, &e) != 0 ||
	    req_query_int(rq, "member_id", 1, INT64_MAX / 2, 0, &f.member_id, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	struct cluster *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (store_cluster_list(cx->db, &f, &items, &n, &total, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, cluster_json(&items[i]));
	free(items);
	resp_json(rs, 200, api_list(arr, total, &f.page));
}

void api_clusters_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct cluster *c = malloc(sizeof *c);
	int *years = NULL;
	size_t n = 0;
	if (!c) {
		resp_errorf(rs, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
		return;
	}
	if (store_cluster_get(cx->db, rq->params[0], c, &e) != 0 ||
	    store_cluster_years(cx->db, c->id, &years, &n, &e) != 0) {
		free(c);
		resp_error(rs, &e);
		return;
	}
	json_t *j = cluster_json(c), *ys = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(ys, json_integer(years[i]));
	json_object_set_new(j, "years", ys);
	free(years);
	free(c);
	resp_json(rs, 200, j);
}

void api_clusters_create(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct cluster *c = calloc(1, sizeof *c);
	json_t *body = req_json_object(rq, &e), *after = NULL;
	if (!c) {
		err_set(&e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
		goto fail;
	}
	if (!body || cluster_from_json(body, c, 1, &e) != 0 || store_begin(cx->db, &e) != 0 ||
	    check_cluster_refs(cx, c, &e) != 0 ||
	    api_authorize(cx, ACT_CLUSTER_WRITE, c->authority_id, &e) != 0 ||
	    store_cluster_insert(cx->db, c, &e) != 0 ||
	    api_audit(cx, rq, "create", "cluster", c->id, NULL, after = cluster_json(c), &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	json_decref(body);
	free(c);
	resp_json(rs, 201, after);
	return;
fail:
	json_decref(body);
	json_decref(after);
	free(c);
	api_fail(cx, rs, &e);
}

void api_clusters_patch(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct cluster *c = calloc(1, sizeof *c);
	json_t *body = req_json_object(rq, &e), *before = NULL, *after = NULL;
	if (!c) {
		err_set(&e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
		goto fail;
	}
	if (!body || store_begin(cx->db, &e) != 0 ||
	    store_cluster_get(cx->db, rq->params[0], c, &e) != 0 ||
	    api_authorize(cx, ACT_CLUSTER_WRITE, c->authority_id, &e) != 0)
		goto fail;
	before = cluster_json(c);
	if (cluster_from_json(body, c, 0, &e) != 0 || check_cluster_refs(cx, c, &e) != 0 ||
	    api_authorize(cx, ACT_CLUSTER_WRITE, c->authority_id, &e) != 0 ||
	    store_cluster_update(cx->db, c, &e) != 0 ||
	    api_audit(cx, rq, "update", "cluster", c->id, before, after = cluster_json(c), &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	json_decref(body);
	json_decref(before);
	free(c);
	resp_json(rs, 200, after);
	return;
fail:
	json_decref(body);
	json_decref(before);
	json_decref(after);
	free(c);
	api_fail(cx, rs, &e);
}

void api_cluster_year_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct year_ctx *y = year_open(cx, rq, 0, &e);
	if (!y) {
		api_fail(cx, rs, &e);
		return;
	}
	json_t *j = year_json_for(y);
	free(y);
	resp_json(rs, 200, j);
}

int year_from_json(json_t *body, struct cluster_year *y, struct error *e)
{
	if (fields_known(body, year_fields, e) != 0)
		return -1;
	json_t *current = cluster_year_json(y);
	for (const char *const *k = year_read_only; *k; k++) {
		if (field_fixed(body, *k, json_incref(json_object_get(current, *k)), e) != 0) {
			json_decref(current);
			return -1;
		}
	}
	json_decref(current);
	if (field_ids(body, "members", y->members, CLUSTER_MAX_MEMBERS, &y->n_members,
		      REQUIRED, e) != 0 ||
	    field_id(body, "leader_id", &y->leader_id, REQUIRED, e) != 0 ||
	    field_ids(body, "deputy_ids", y->deputy_ids, CLUSTER_MAX_MEMBERS, &y->n_deputies,
		      OPTIONAL, e) != 0 ||
	    cluster_year_validate(y, e) != 0)
		return -1;
	return 0;
}

void api_cluster_year_put(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e, lookup;
	err_clear(&e);
	err_clear(&lookup);
	struct cluster *c = calloc(1, sizeof *c);
	struct cluster_year *y = calloc(1, sizeof *y), *old = calloc(1, sizeof *old);
	json_t *body = req_json_object(rq, &e), *before = NULL, *after = NULL;
	int exists = 0;
	if (!c || !y || !old) {
		err_set(&e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
		goto fail;
	}
	if (!body || api_path_year(rq, &e) != 0 || store_begin(cx->db, &e) != 0 ||
	    store_cluster_get(cx->db, rq->params[0], c, &e) != 0 ||
	    api_authorize(cx, ACT_CLUSTER_WRITE, c->authority_id, &e) != 0)
		goto fail;
	y->cluster_id = c->id;
	y->year = (int)rq->params[1];
	y->tie_rule = tie_rule_default();
	char key[48];
	snprintf(key, sizeof key, "%lld/%d", (long long)c->id, y->year);
	if (store_cluster_year_get(cx->db, c->id, y->year, old, &lookup) == 0) {
		exists = 1;
		before = cluster_year_json(old);
		if (cluster_year_may_replace(old, &e) != 0)
			goto fail;
		y->status = old->status;
		y->final_rule = old->final_rule;
		y->tie_rule = old->tie_rule;
		y->criteria_version = old->criteria_version;
		memcpy(y->deadline, old->deadline, sizeof y->deadline);
		memcpy(y->published_at, old->published_at, sizeof y->published_at);
	} else if (lookup.kind != ERR_NOT_FOUND) {
		e = lookup;
		goto fail;
	}
	if (year_from_json(body, y, &e) != 0 ||
	    check_units(cx, y->members, y->n_members, "members", &e) != 0 ||
	    store_cluster_year_put(cx->db, y, exists, &e) != 0 ||
	    api_audit_as(cx, rq, exists ? "update" : "create", "cluster_year", key, before,
			 after = cluster_year_json(y), &e) != 0 ||
	    agreement_settle(cx, rq, c, y, &e) != 0 || store_commit(cx->db, &e) != 0)
		goto fail;
	json_object_set_new(after, "status", json_string(year_status_name(y->status)));
	unsigned powers = 0;
	if (year_powers(cx, c, y, &powers, &e) == 0)
		json_object_set_new(after, "your_powers", powers_json(powers));
	json_decref(body);
	json_decref(before);
	free(c);
	free(y);
	free(old);
	resp_json(rs, exists ? 200 : 201, after);
	return;
fail:
	json_decref(body);
	json_decref(before);
	json_decref(after);
	free(c);
	free(y);
	free(old);
	api_fail(cx, rs, &e);
}
