/*
** The cluster year's lifecycle: loading a year with the caller's powers,
** moving it through its statuses (POST …/status), the deadline of the
** open scoring phase (PUT …/deadline), and the handover to next year's
** leader and deputies (…/handover).
*/
#include "api/api.h"
#include "api/fields.h"
#include "api/json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "domain/sheets.h"

int api_path_year(struct request *rq, struct error *e)
{
	/* Compare before narrowing: (int)4294969322 would be 2026. */
	if (rq->params[1] < YEAR_MIN || rq->params[1] > YEAR_MAX)
		return err_set(e, ERR_NOT_FOUND, "not_found", "year",
			       "year must be between %d and %d", YEAR_MIN, YEAR_MAX);
	return 0;
}

int year_powers(struct ctx *cx, const struct cluster *c, const struct cluster_year *y,
		unsigned *powers, struct error *e)
{
	int64_t chain[ORG_CHAIN_MAX];
	size_t n = 0;
	if (store_org_chain(cx->db, c->authority_id, chain, &n, e) != 0)
		return -1;
	*powers = authz_year_powers(&cx->who, chain, n, y->leader_id, y->members, y->n_members);
	return 0;
}

struct year_ctx *year_open(struct ctx *cx, struct request *rq, int for_write,
			   struct error *e)
{
	if (api_path_year(rq, e) != 0)
		return NULL;
	struct year_ctx *y = calloc(1, sizeof *y);
	if (!y) {
		err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
		return NULL;
	}
	if ((for_write ? store_begin(cx->db, e) : store_begin_read(cx->db, e)) != 0 ||
	    store_cluster_get(cx->db, rq->params[0], &y->cluster, e) != 0 ||
	    store_cluster_year_get(cx->db, y->cluster.id, (int)rq->params[1], &y->year, e) != 0 ||
	    year_powers(cx, &y->cluster, &y->year, &y->powers, e) != 0) {
		free(y);
		return NULL;
	}
	snprintf(y->key, sizeof y->key, "%lld/%d", (long long)y->cluster.id, y->year.year);
	return y;
}

int year_require(const struct year_ctx *y, unsigned powers, const char *what,
		 struct error *e)
{
	if (y->powers & powers)
		return 0;
	const char *who = powers == POWER_MEMBER      ? "a member unit's officer"
			  : powers == POWER_AUTHORITY ? "the organizing authority"
			  : (powers & POWER_MEMBER)   ? "a member unit"
						      : "the leader unit or the organizing authority";
	return err_set(e, ERR_FORBIDDEN, "forbidden", NULL, "only %s may %s in %d", who, what,
		       y->year.year);
}

json_t *year_json_for(const struct year_ctx *y)
{
	json_t *j = cluster_year_json(&y->year);
	json_object_set_new(j, "your_powers", powers_json(y->powers));
	return j;
}

json_t *powers_json(unsigned powers)
{
	json_t *a = json_array();
	if (powers & POWER_AUTHORITY)
		json_array_append_new(a, json_string("authority"));
	if (powers & POWER_LEADER)
		json_array_append_new(a, json_string("leader"));
	if (powers & POWER_MEMBER)
		json_array_append_new(a, json_string("member"));
	return a;
}

int year_move(struct ctx *cx, struct request *rq, struct year_ctx *y, enum year_status to,
	      const char *deadline, int forced, struct error *e)
{
	json_t *before = json_pack("{s:s, s:o}", "status", year_status_name(y->year.status),
				   "deadline", str_or_null(y->year.deadline));
	json_t *after = json_pack("{s:s, s:o, s:b}", "status", year_status_name(to), "deadline",
				  str_or_null(deadline), "forced", forced);
	int rc = store_year_set_status(cx->db, y->cluster.id, y->year.year, to, deadline, e);
	if (rc == 0)
		rc = api_audit_as(cx, rq, "transition", "cluster_year", y->key, before, after, e);
	json_decref(before);
	json_decref(after);
	if (rc == 0) {
		y->year.status = to;
		snprintf(y->year.deadline, sizeof y->year.deadline, "%s", deadline ? deadline : "");
	}
	return rc;
}

/* A deadline must be a date that has not passed yet in Vietnam. */
static int check_deadline(const char *deadline, struct error *e)
{
	if (deadline[0] && year_deadline_passed(deadline, clock_now()))
		return err_set(e, ERR_INVALID, "deadline_in_past", "deadline",
			       "the deadline %s has already passed", deadline);
	return 0;
}

int year_scores_load(struct ctx *cx, const struct year_ctx *y, struct year_scores *s,
		     struct error *e)
{
	struct score_filter all = {0, 0};
	memset(s, 0, sizeof *s);
	if (store_criteria_get(cx->db, y->cluster.id, y->year.year, 0, &s->table, e) != 0)
		return -1;
	if (store_scores_list(cx->db, y->cluster.id, y->year.year, &all, &s->table, &s->rows,
			      &s->n, e) != 0 ||
	    !(s->entries = score_entries_of(s->rows, s->n))) {
		if (e->kind == ERR_NONE)
			err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
		year_scores_free(s);
		return -1;
	}
	return 0;
}

void year_scores_free(struct year_scores *s)
{
	store_score_rows_free(s->rows, s->n);
	free(s->entries);
	criteria_table_free(&s->table);
	memset(s, 0, sizeof *s);
}

/*
** The incomplete sheets, as a 409 unless forced: "3 sheets are incomplete,
** e.g. unit 12 scoring unit 14 (5 of 20 criteria)".
*/
int year_sheets_complete(const struct year_ctx *y, const struct year_scores *s, int self,
			 int forced, struct error *e)
{
	struct sheet_ref first;
	if (forced)
		return 0;
	long missing = sheets_incomplete(&s->table, y->year.members, y->year.n_members,
					 s->entries, s->n, self, &first, 1);
	if (missing < 0)
		return err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	if (missing == 0)
		return 0;
	return err_set(e, ERR_CONFLICT, "scores_incomplete", "scores",
		       "%ld %s sheet%s incomplete, e.g. unit %lld scoring unit %lld (%zu of %zu "
		       "criteria); send \"force\": true to go on anyway",
		       missing, self ? "self" : "cross", missing == 1 ? " is" : "s are",
		       (long long)first.scoring_org_id, (long long)first.scored_org_id,
		       first.entered, criteria_leaves(&s->table));
}

/* Entering the cross phase needs every self sheet complete (unless forced). */
static int check_self_sheets(struct ctx *cx, const struct year_ctx *y, int forced,
			     struct error *e)
{
	struct year_scores s;
	if (forced)
		return 0;
	if (year_scores_load(cx, y, &s, e) != 0)
		return -1;
	int rc = year_sheets_complete(y, &s, 1, 0, e);
	year_scores_free(&s);
	return rc;
}

static const char *const status_fields[] = {"status", "deadline", "force", NULL};

/* A deadline belongs to opening a scoring phase; force to closing one. */
static int check_options(json_t *body, enum year_status to, struct error *e)
{
	if (json_object_get(body, "deadline") && !json_is_null(json_object_get(body, "deadline")) &&
	    to != YEAR_SELF_ASSESSMENT && to != YEAR_CROSS_ASSESSMENT)
		return err_set(e, ERR_INVALID, "unexpected", "deadline",
			       "a deadline is set when a scoring phase opens");
	if (json_is_true(json_object_get(body, "force")) && to != YEAR_CROSS_ASSESSMENT &&
	    to != YEAR_RESULTS_PUBLISHED)
		return err_set(e, ERR_INVALID, "unexpected", "force",
			       "force applies when a scoring phase closes with sheets missing");
	return 0;
}

/* What must hold before the year enters a status, beyond its order and owner. */
static int check_entering(struct ctx *cx, struct year_ctx *y, enum year_status to,
			  int forced, struct error *e)
{
	switch (to) {
	case YEAR_SELF_ASSESSMENT:
		if (y->year.criteria_version == 0)
			return err_set(e, ERR_CONFLICT, "no_scoring_table", "criteria",
				       "set the scoring table before scoring opens");
		return 0;
	case YEAR_CROSS_ASSESSMENT:
		return check_self_sheets(cx, y, forced, e);
	default:
		return 0;
	}
}

void api_year_status(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *body = req_json_object(rq, &e);
	struct year_ctx *y = NULL;
	int to = 0, forced = 0;
	char deadline[11] = "";
	if (!body || fields_known(body, status_fields, &e) != 0 ||
	    field_enum(body, "status", year_status_names(), &to, REQUIRED, &e) != 0 ||
	    field_date(body, "deadline", deadline, sizeof deadline, OPTIONAL, &e) != 0 ||
	    field_bool(body, "force", &forced, OPTIONAL, &e) != 0 ||
	    check_options(body, (enum year_status)to, &e) != 0 ||
	    check_deadline(deadline, &e) != 0 || !(y = year_open(cx, rq, 1, &e)) ||
	    year_transition_check(y->year.status, (enum year_status)to, y->powers, &e) != 0)
		goto fail;
	if (to == YEAR_RESULTS_PUBLISHED) {
		/* re-read: publishing stamps the year */
		if (ranking_publish(cx, rq, y, forced, &e) != 0 ||
		    store_cluster_year_get(cx->db, y->cluster.id, y->year.year, &y->year, &e) != 0)
			goto fail;
	} else if (check_entering(cx, y, (enum year_status)to, forced, &e) != 0 ||
		   year_move(cx, rq, y, (enum year_status)to, deadline, forced, &e) != 0) {
		goto fail;
	}
	if (store_commit(cx->db, &e) != 0)
		goto fail;
	resp_json(rs, 200, year_json_for(y));
	json_decref(body);
	free(y);
	return;
fail:
	json_decref(body);
	free(y);
	api_fail(cx, rs, &e);
}

static const char *const deadline_fields[] = {"deadline", NULL};

void api_year_deadline(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *body = req_json_object(rq, &e);
	struct year_ctx *y = NULL;
	char deadline[11] = "";
	if (!body || fields_known(body, deadline_fields, &e) != 0 ||
	    field_date(body, "deadline", deadline, sizeof deadline, REQUIRED, &e) != 0 ||
	    check_deadline(deadline, &e) != 0 || !(y = year_open(cx, rq, 1, &e)) ||
	    year_require(y, POWER_LEADER | POWER_AUTHORITY, "set the deadline", &e) != 0)
		goto fail;
	if (y->year.status != YEAR_SELF_ASSESSMENT && y->year.status != YEAR_CROSS_ASSESSMENT) {
		err_set(&e, ERR_CONFLICT, "phase_closed", "status",
			"a deadline belongs to an open scoring phase; the year is %s",
			year_status_name(y->year.status));
		goto fail;
	}
	json_t *before = json_pack("{s:o}", "deadline", str_or_null(y->year.deadline));
	json_t *after = json_pack("{s:o}", "deadline", str_or_null(deadline));
	int rc = store_year_set_deadline(cx->db, y->cluster.id, y->year.year, deadline, &e);
	if (rc == 0)
		rc = api_audit_as(cx, rq, "deadline", "cluster_year", y->key, before, after, &e);
	json_decref(before);
	json_decref(after);
	if (rc != 0 || store_commit(cx->db, &e) != 0)
		goto fail;
	memcpy(y->year.deadline, deadline, sizeof deadline);
	resp_json(rs, 200, year_json_for(y));
	json_decref(body);
	free(y);
	return;
fail:
	json_decref(body);
	free(y);
	api_fail(cx, rs, &e);
}

static json_t *handover_json(const struct cluster_year *next)
{
	return json_pack("{s:I, s:i, s:I, s:o, s:o}", "cluster_id", (json_int_t)next->cluster_id,
			 "year", next->year, "leader_id", (json_int_t)next->leader_id,
			 "deputy_ids", ids_json(next->deputy_ids, next->n_deputies), "members",
			 ids_json(next->members, next->n_members));
}

void api_handover_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct year_ctx *y = year_open(cx, rq, 0, &e);
	struct cluster_year *next = malloc(sizeof *next);
	if (!next)
		err_set(&e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	if (!y || !next ||
	    store_cluster_year_get(cx->db, y->cluster.id, y->year.year + 1, next, &e) != 0) {
		if (e.kind == ERR_NOT_FOUND && y)
			err_set(&e, ERR_NOT_FOUND, "no_handover", NULL,
				"the %d conference has not named next year's leader yet",
				y->year.year);
		free(y);
		free(next);
		api_fail(cx, rs, &e);
		return;
	}
	resp_json(rs, 200, handover_json(next));
	free(y);
	free(next);
}

static const char *const handover_fields[] = {"leader_id", "deputy_ids", "members",
					      "by_rotation", "override", NULL};

/* Next year's members, leader and deputies from the body (or the rotation). */
static int handover_from_json(json_t *body, const struct year_ctx *y,
			      struct cluster_year *next, int *override, struct error *e)
{
	int by_rotation = 0;
	*override = 0;
	next->cluster_id = y->cluster.id;
	next->year = y->year.year + 1;
	next->final_rule = y->year.final_rule;
	next->tie_rule = y->year.tie_rule;
	memcpy(next->members, y->year.members, y->year.n_members * sizeof *next->members);
	next->n_members = y->year.n_members;
	if (fields_known(body, handover_fields, e) != 0 ||
	    field_bool(body, "by_rotation", &by_rotation, OPTIONAL, e) != 0 ||
	    field_bool(body, "override", override, OPTIONAL, e) != 0 ||
	    field_ids(body, "members", next->members, CLUSTER_MAX_MEMBERS, &next->n_members,
		      OPTIONAL, e) != 0)
		return -1;
	if (json_object_get(body, "members") && !(y->powers & POWER_AUTHORITY))
		return err_set(e, ERR_FORBIDDEN, "forbidden", "members",
			       "only the organizing authority changes the membership");
	/* a leader_id that is not an id is field_id's wrong_type, below */
	if (by_rotation && json_object_get(body, "leader_id"))
		return err_set(e, ERR_INVALID, "unexpected", "leader_id",
			       "send leader_id or \"by_rotation\": true, not both");
	if (!by_rotation && !json_object_get(body, "leader_id"))
		return err_set(e, ERR_INVALID, "required", "leader_id",
			       "name next year's leader_id, or send \"by_rotation\": true");
	if (by_rotation) {
		if (json_object_get(body, "deputy_ids"))
			return err_set(e, ERR_INVALID, "unexpected", "deputy_ids",
				       "the rotation names the deputies too");
		if (handover_by_rotation(&y->cluster, &y->year, next, e) != 0)
			return -1;
	} else if (field_id(body, "leader_id", &next->leader_id, REQUIRED, e) != 0 ||
		   field_ids(body, "deputy_ids", next->deputy_ids, CLUSTER_MAX_MEMBERS,
			     &next->n_deputies, REQUIRED, e) != 0) {
		return -1;
	}
	if (next->n_deputies == 0)
		return err_set(e, ERR_INVALID, "required", "deputy_ids",
			       "name at least one deputy leader unit");
	return cluster_year_validate(next, e);
}

/* Check the new members exist and are units; the caller is the authority. */
static int check_members(struct ctx *cx, const struct cluster_year *next, struct error *e)
{
	for (size_t i = 0; i < next->n_members; i++)
		if (api_require_org(cx, next->members[i], "members", ORG_UNIT, e) != 0 ||
		    api_authorize(cx, ACT_CLUSTER_WRITE, next->members[i], e) != 0)
			return -1;
	return 0;
}

/* Start next year from this year's scoring table and rules. */
static int copy_table(struct ctx *cx, const struct year_ctx *y, struct error *e)
{
	struct criteria_table t;
	if (store_criteria_get(cx->db, y->cluster.id, y->year.year, 0, &t, e) != 0)
		return -1;
	int rc = t.n ? store_criteria_put(cx->db, y->cluster.id, y->year.year + 1, &t,
					  cx->who.user_id, e)
		     : 0;
	criteria_table_free(&t);
	return rc;
}

void api_handover_post(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e, lookup;
	err_clear(&e);
	err_clear(&lookup);
	json_t *body = req_json_object(rq, &e), *after = NULL;
	struct year_ctx *y = NULL;
	struct cluster_year *next = calloc(1, sizeof *next), *existing = malloc(sizeof *next);
	int override = 0;
	char key[48];
	if (!next || !existing) {
		err_set(&e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
		goto fail;
	}
	if (!body || !(y = year_open(cx, rq, 1, &e)) ||
	    year_require(y, POWER_LEADER | POWER_AUTHORITY, "hand over the leadership", &e) != 0 ||
	    year_handover_open(y->year.status, &e) != 0)
		goto fail;
	if (!year_valid(y->year.year + 1)) {
		err_set(&e, ERR_INVALID, "out_of_range", "year", "there is no year after %d",
			y->year.year);
		goto fail;
	}
	if (store_cluster_year_get(cx->db, y->cluster.id, y->year.year + 1, existing,
				   &lookup) == 0) {
		err_set(&e, ERR_CONFLICT, "next_year_exists", "year",
			"%d already exists; change it with PUT …/years/%d while it is planning",
			y->year.year + 1, y->year.year + 1);
		goto fail;
	}
	if (lookup.kind != ERR_NOT_FOUND) {
		e = lookup;
		goto fail;
	}
	if (handover_from_json(body, y, next, &override, &e) != 0 ||
	    handover_check_leader(&y->year, next, override, y->powers, &e) != 0 ||
	    (json_object_get(body, "members") && check_members(cx, next, &e) != 0) ||
	    store_cluster_year_put(cx->db, next, 0, &e) != 0 || copy_table(cx, y, &e) != 0)
		goto fail;
	snprintf(key, sizeof key, "%lld/%d", (long long)next->cluster_id, next->year);
	after = handover_json(next);
	json_object_set_new(after, "override", json_boolean(override));
	if (api_audit_as(cx, rq, "handover", "cluster_year", key, NULL, after, &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	resp_json(rs, 201, after);
	json_decref(body);
	free(y);
	free(next);
	free(existing);
	return;
fail:
	json_decref(body);
	json_decref(after);
	free(y);
	free(next);
	free(existing);
	api_fail(cx, rs, &e);
}
