/* /api/v1/orgs: authorities and units, their hierarchy and mergers. */
#include "api/api.h"
#include "api/fields.h"
#include "api/json_out.h"
#include "api/parse.h"

#include <stdlib.h>
#include <string.h>

static const char *const org_fields[] = {
	"name", "short_name", "kind", "parent_id", "province", "active_from",
	"active_until", "successor_id", "id", "predecessor_ids", NULL};
static const char *const kind_names[] = {"unit", "authority", NULL};

/* Apply the body's fields onto o (all required when creating). */
int org_from_json(json_t *body, struct org *o, int creating, struct error *e)
{
	int kind = (int)o->kind;
	int req = creating ? REQUIRED : OPTIONAL;
	if (fields_known(body, org_fields, e) != 0 ||
	    field_fixed(body, "id", o->id ? json_integer(o->id) : NULL, e) != 0 ||
	    field_line(body, "name", o->name, sizeof o->name, NAME_CHARS, req, e) != 0 ||
	    field_line(body, "short_name", o->short_name, sizeof o->short_name,
		       SHORT_NAME_CHARS, OPTIONAL, e) != 0 ||
	    field_enum(body, "kind", kind_names, &kind, req, e) != 0 ||
	    field_id(body, "parent_id", &o->parent_id, OPTIONAL, e) != 0 ||
	    field_line(body, "province", o->province, sizeof o->province, PROVINCE_CHARS,
		       OPTIONAL, e) != 0 ||
	    field_date(body, "active_from", o->active_from, sizeof o->active_from, OPTIONAL,
		       e) != 0 ||
	    field_date(body, "active_until", o->active_until, sizeof o->active_until,
		       OPTIONAL, e) != 0 ||
	    field_id(body, "successor_id", &o->successor_id, OPTIONAL, e) != 0)
		return -1;
	o->kind = (enum org_kind)kind;
	return org_validate(o, e);
}

/*
** Following successors from o's new successor must not come back to o:
** a loop would make an org its own predecessor. A new org has none.
*/
static int check_successor_loop(struct ctx *cx, const struct org *o, struct error *e)
{
	int loop = 0;
	if (o->id > 0 && store_org_successor_loops(cx->db, o->id, o->successor_id, &loop, e) != 0)
		return -1;
	if (loop)
		return err_set(e, ERR_INVALID, "cycle", "successor_id",
			       "that successor would make the merger history loop");
	return 0;
}

/*
** Naming a successor puts this org's history into the successor's views,
** so the caller must be allowed to write the successor too.
*/
static int check_successor(struct ctx *cx, const struct org *o, struct error *e)
{
	struct org successor;
	if (api_require_org(cx, o->successor_id, "successor_id", -1, e) != 0 ||
	    store_org_get(cx->db, o->successor_id, &successor, e) != 0 ||
	    api_authorize(cx, ACT_ORG_WRITE, successor.parent_id, e) != 0)
		return -1;
	return check_successor_loop(cx, o, e);
}

/* Moving an org moves its descendants too: they must stay within the limit. */
static int subtree_too_deep(struct ctx *cx, const struct org *o, int *too_deep,
			    struct error *e)
{
	int64_t chain[ORG_CHAIN_MAX], height = 0;
	size_t n = 0;
	if (store_org_chain(cx->db, o->parent_id, chain, &n, e) != 0 ||
	    store_org_height(cx->db, o->id, &height, e) != 0)
		return -1;
	*too_deep = (int64_t)n + 1 + height > ORG_CHAIN_MAX;
	return 0;
}

/* References must exist, and neither the parent nor the successor chain may loop. */
static int check_org_refs(struct ctx *cx, const struct org *o, struct error *e)
{
	if (o->parent_id > 0) {
		if (api_require_org(cx, o->parent_id, "parent_id", -1, e) != 0)
			return -1;
		int cycle = 0;
		if (store_org_would_cycle(cx->db, o->id, o->parent_id, &cycle, e) != 0 ||
		    (!cycle && o->id > 0 && subtree_too_deep(cx, o, &cycle, e) != 0))
			return -1;
		if (cycle)
			return err_set(e, ERR_INVALID, "cycle", "parent_id",
				       "that parent would make the hierarchy loop or deeper "
				       "than %d levels", ORG_CHAIN_MAX);
	}
	return o->successor_id > 0 ? check_successor(cx, o, e) : 0;
}

/* Clusters rely on their authority being an authority and members units. */
static int check_kind_change(struct ctx *cx, const struct org *o, enum org_kind was,
			     struct error *e)
{
	int64_t refs = 0;
	if (o->kind == was)
		return 0;
	if (store_org_cluster_refs(cx->db, o->id, &refs, e) != 0)
		return -1;
	if (refs > 0)
		return err_set(e, ERR_CONFLICT, "in_use", "kind",
			       "the organization organizes or belongs to clusters; its kind "
			       "cannot change");
	return 0;
}

void api_orgs_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct org_filter f = {.kind = -1};
	char q[QUERY_TEXT_BYTES], province[QUERY_TEXT_BYTES];
	if (api_query_text(rq, "q", q, sizeof q, &f.q, &e) != 0 ||
	    api_query_text(rq, "province", province, sizeof province, &f.province, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	const char *kind = req_query(rq, "kind");
	if (kind) {
		enum org_kind k;
		if (org_kind_parse(kind, &k) != 0) {
			resp_errorf(rs, ERR_BAD_REQUEST, "invalid_query", "kind",
				    "kind must be 'authority' or 'unit'");
			return;
		}
		f.kind = (int)k;
	}
	if (api_page(rq, &f.page, &e) != 0 ||
	    req_query_int(rq, "parent_id", 1, INT64_MAX / 2, 0, &f.parent_id, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	struct org *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (store_org_list(cx->db, &f, &items, &n, &total, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, org_json(&items[i]));
	free(items);
	resp_json(rs, 200, api_list(arr, total, &f.page));
}

static json_t *org_full_json(struct ctx *cx, const struct org *o, struct error *e)
{
	int64_t *pred = NULL;
	size_t n = 0;
	if (store_org_predecessors(cx->db, o->id, &pred, &n, e) != 0)
		return NULL;
	json_t *j = org_json(o);
	json_object_set_new(j, "predecessor_ids", ids_json(pred, n));
	free(pred);
	return j;
}

void api_orgs_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct org o;
	json_t *j = NULL;
	if (store_org_get(cx->db, rq->params[0], &o, &e) != 0 ||
	    !(j = org_full_json(cx, &o, &e))) {
		resp_error(rs, &e);
		return;
	}
	resp_json(rs, 200, j);
}

void api_orgs_create(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct org o;
	memset(&o, 0, sizeof o);
	json_t *body = req_json_object(rq, &e);
	if (!body || org_from_json(body, &o, 1, &e) != 0) {
		json_decref(body);
		resp_error(rs, &e);
		return;
	}
	json_decref(body);
	json_t *after = NULL;
	if (store_begin(cx->db, &e) != 0 || check_org_refs(cx, &o, &e) != 0 ||
	    api_authorize(cx, ACT_ORG_WRITE, o.parent_id, &e) != 0 ||
	    store_org_insert(cx->db, &o, &e) != 0 ||
	    api_audit(cx, rq, "create", "org", o.id, NULL, after = org_json(&o), &e) != 0 ||
	    store_commit(cx->db, &e) != 0) {
		json_decref(after);
		api_fail(cx, rs, &e);
		return;
	}
	resp_json(rs, 201, after);
}

void api_orgs_patch(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct org o;
	json_t *body = req_json_object(rq, &e), *before = NULL, *after = NULL;
	if (!body || store_begin(cx->db, &e) != 0 ||
	    store_org_get(cx->db, rq->params[0], &o, &e) != 0 ||
	    api_authorize(cx, ACT_ORG_WRITE, o.parent_id, &e) != 0)
		goto fail;
	before = org_json(&o);
	enum org_kind was = o.kind;
	if (org_from_json(body, &o, 0, &e) != 0 || check_org_refs(cx, &o, &e) != 0 ||
	    check_kind_change(cx, &o, was, &e) != 0 ||
	    api_authorize(cx, ACT_ORG_WRITE, o.parent_id, &e) != 0 ||
	    store_org_update(cx->db, &o, &e) != 0 ||
	    api_audit(cx, rq, "update", "org", o.id, before, after = org_json(&o), &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	json_decref(body);
	json_decref(before);
	resp_json(rs, 200, after);
	return;
fail:
	json_decref(body);
	json_decref(before);
	json_decref(after);
	api_fail(cx, rs, &e);
}

void api_orgs_delete(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct org o;
	json_t *before = NULL;
	if (store_begin(cx->db, &e) != 0 || store_org_get(cx->db, rq->params[0], &o, &e) != 0 ||
	    api_authorize(cx, ACT_ORG_WRITE, o.parent_id, &e) != 0 ||
	    store_org_delete(cx->db, o.id, &e) != 0 ||
	    api_audit(cx, rq, "delete", "org", o.id, before = org_json(&o), NULL, &e) != 0 ||
	    store_commit(cx->db, &e) != 0) {
		json_decref(before);
		api_fail(cx, rs, &e);
		return;
	}
	json_decref(before);
	resp_empty(rs, 204);
}
