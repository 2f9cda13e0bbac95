/*
** /clusters/{id}/years/{year}/scores: score sheets. A member unit's
** officer enters its own unit's self score in the self phase and its
** cross scores of every other member in the cross phase, until the
** phase's deadline; the leader (or the authority) reviews entries with a
** reason. Until results are published a unit sees only the sheets it
** entered; the leader and the authority see all of them.
*/
#include "api/api.h"
#include "api/fields.h"
#include "api/json_out.h"
#include "api/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/ids.h"
#include "domain/sheets.h"

#define NOTE_CHARS 1000
#define EVIDENCE_CHARS 500

static json_t *entry_json(enum criterion_kind k, double v)
{
	return k == CRIT_PASS_FAIL ? json_boolean(v != 0) : json_real(v);
}

/* The points an entry earns on its own; null for quantitative (it needs the best unit). */
static json_t *sheet_points_json(const struct criterion *c, double v)
{
	if (c->kind == CRIT_QUANTITATIVE)
		return json_null();
	return json_real((double)points_to_centi(criterion_sheet_points(c, v)) / 100.0);
}

static json_t *score_json(const struct criteria_table *t, const struct score_row *r)
{
	const struct criterion *c = r->entry.criterion >= 0 ? &t->items[r->entry.criterion] : NULL;
	json_t *j = json_pack("{s:I, s:I, s:s, s:o, s:o, s:o}",
			      "scored_org_id", (json_int_t)r->entry.scored_org_id,
			      "scoring_org_id", (json_int_t)r->entry.scoring_org_id,
			      "criterion", r->criterion,
			      "note", r->note ? json_string(r->note) : json_null(),
			      "evidence", r->evidence ? json_string(r->evidence) : json_null(),
			      "entered_at", str_or_null(r->entered_at));
	if (!c)
		return j;
	const char *key = criterion_entry_key(c->kind);
	json_object_set_new(j, "kind", json_string(criterion_kind_name(c->kind)));
	json_object_set_new(j, key, r->entry.has_value ? entry_json(c->kind, r->entry.value)
						       : json_null());
	if (strcmp(key, "points") != 0 || !r->entry.has_value)
		json_object_set_new(j, "points", r->entry.has_value
							 ? sheet_points_json(c, r->entry.value)
							 : json_null());
	if (r->entry.has_adjusted) {
		json_t *adj = json_pack("{s:o, s:o, s:o}", "reason",
					r->adjust_reason ? json_string(r->adjust_reason) : json_null(),
					"adjusted_at", str_or_null(r->adjusted_at), "points",
					sheet_points_json(c, r->entry.adjusted));
		json_object_set_new(adj, key, entry_json(c->kind, r->entry.adjusted));
		json_object_set_new(j, "adjusted", adj);
	} else {
		json_object_set_new(j, "adjusted", json_null());
	}
	return j;
}

/*
** What each unit has entered (counts, never values): leaves of its self
** sheet, and other members it has fully scored. Only of unit `only` when
** it is not 0.
*/
static json_t *progress_json(const struct year_scores *s, const struct cluster_year *y,
			     int64_t only)
{
	size_t m = y->n_members, leaves = criteria_leaves(&s->table);
	size_t *count = sheets_count(&s->table, y->members, m, s->entries, s->n);
	json_t *arr = json_array();
	for (size_t v = 0; count && v < m; v++) {
		size_t given = 0;
		if (only && y->members[v] != only)
			continue;
		for (size_t u = 0; u < m; u++)
			given += u != v && leaves > 0 && count[u * m + v] >= leaves;
		json_array_append_new(arr, json_pack("{s:I, s:I, s:I, s:I, s:I}", "org_id",
						     (json_int_t)y->members[v], "self_entered",
						     (json_int_t)count[v * m + v], "leaves",
						     (json_int_t)leaves, "cross_complete",
						     (json_int_t)given, "cross_expected",
						     (json_int_t)(m - 1)));
	}
	free(count);
	return arr;
}

/* Which sheets the caller may read now; narrows f or answers 403. */
static int visible_scores(const struct year_ctx *y, struct ctx *cx, struct score_filter *f,
			  struct error *e)
{
	if (y->year.status >= YEAR_RESULTS_PUBLISHED ||
	    (y->powers & (POWER_AUTHORITY | POWER_LEADER)))
		return 0;
	if ((y->powers & POWER_MEMBER) &&
	    (f->scoring_org_id == 0 || f->scoring_org_id == cx->who.org_id)) {
		f->scoring_org_id = cx->who.org_id;
		return 0;
	}
	return err_set(e, ERR_FORBIDDEN, "scores_not_published", NULL,
		       "scores are visible to other units once the results are published");
}

void api_scores_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct score_filter f = {0, 0};
	struct page page;
	struct year_scores ys;
	memset(&ys, 0, sizeof ys);
	struct year_ctx *y = NULL;
	/* one read of the year's entries serves both the page and the progress */
	if (api_page(rq, &page, &e) != 0 ||
	    req_query_int(rq, "scored_org_id", 1, INT64_MAX / 2, 0, &f.scored_org_id, &e) != 0 ||
	    req_query_int(rq, "scoring_org_id", 1, INT64_MAX / 2, 0, &f.scoring_org_id, &e) != 0 ||
	    !(y = year_open(cx, rq, 0, &e)) || visible_scores(y, cx, &f, &e) != 0 ||
	    year_scores_load(cx, y, &ys, &e) != 0) {
		api_fail(cx, rs, &e);
		goto done;
	}
	json_t *items = json_array();
	int64_t total = 0;
	for (size_t i = 0; i < ys.n; i++) {
		const struct score_entry *x = &ys.entries[i];
		if ((f.scored_org_id && x->scored_org_id != f.scored_org_id) ||
		    (f.scoring_org_id && x->scoring_org_id != f.scoring_org_id))
			continue;
		if (total >= page.offset && total < (int64_t)page.offset + page.limit)
			json_array_append_new(items, score_json(&ys.table, &ys.rows[i]));
		total++;
	}
	json_t *j = api_list(items, total, &page);
	/* until publication a member follows its own progress; the leader everyone's */
	int64_t only = y->year.status >= YEAR_RESULTS_PUBLISHED ||
				       (y->powers & (POWER_AUTHORITY | POWER_LEADER))
			       ? 0
			       : cx->who.org_id;
	json_object_set_new(j, "progress", progress_json(&ys, &y->year, only));
	json_object_set_new(j, "status", json_string(year_status_name(y->year.status)));
	json_object_set_new(j, "deadline", str_or_null(y->year.deadline));
	resp_json(rs, 200, j);
done:
	year_scores_free(&ys);
	free(y);
}

static const char *const entry_keys[] = {"points", "value", "passed", "count", NULL};

/* The entry a scorer made for leaf c, from the key its kind takes (the error's field). */
static int entry_from_json(json_t *obj, const struct criterion *c, double *v, struct error *e)
{
	const char *key = criterion_entry_key(c->kind);
	for (const char *const *k = entry_keys; *k; k++)
		if (strcmp(*k, key) != 0 && json_object_get(obj, *k))
			return err_set(e, ERR_INVALID, "wrong_entry", *k,
				       "criterion %s is %s: send \"%s\", not \"%s\"", c->code,
				       criterion_kind_name(c->kind), key, *k);
	json_t *x = json_object_get(obj, key);
	if (c->kind == CRIT_PASS_FAIL) {
		if (!json_is_boolean(x))
			return err_set(e, ERR_INVALID, "wrong_type", key,
				       "criterion %s: \"passed\" must be true or false", c->code);
		*v = json_is_true(x);
		return 0;
	}
	if (!json_is_number(x))
		return err_set(e, ERR_INVALID, x ? "wrong_type" : "required", key,
			       "criterion %s: \"%s\" must be a number", c->code, key);
	*v = number_as_printed(json_number_value(x));
	if (criterion_entry_check(c, *v, e) != 0) {
		snprintf(e->field, sizeof e->field, "%s", key);
		return -1;
	}
	return 0;
}

/* The leaf a body names by its "criterion" code. */
static int leaf_from_json(json_t *obj, const struct criteria_table *t, int *index,
			  struct error *e)
{
	const char *code = json_string_value(json_object_get(obj, "criterion"));
	if (!code)
		return err_set(e, ERR_INVALID, "required", "criterion",
			       "each score names its criterion by code");
	*index = criteria_find(t->items, t->n, code);
	if (*index < 0)
		return err_set(e, ERR_INVALID, "unknown_criterion", "criterion",
			       "the scoring table has no criterion with that code");
	if (t->items[*index].kind == CRIT_GROUP)
		return err_set(e, ERR_INVALID, "not_a_criterion", "criterion",
			       "%s is a group; score its criteria", t->items[*index].code);
	return 0;
}

struct sheet_entry {
	int criterion;
	double value;
	char *note;
	char *evidence;
};

static void sheet_free(struct sheet_entry *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].note);
		free(s[i].evidence);
	}
	free(s);
}

static const char *const score_fields[] = {"criterion", "points", "value", "passed",
					   "count", "note", "evidence", NULL};

static int sheet_from_json(json_t *arr, const struct criteria_table *t, struct sheet_entry **out,
		    size_t *n, struct error *e)
{
	*out = NULL;
	*n = 0;
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return err_set(e, ERR_INVALID, "required", "scores",
			       "scores must be a non-empty array");
	if (json_array_size(arr) > t->n)
		return err_set(e, ERR_INVALID, "too_many", "scores",
			       "more scores than the table has criteria");
	struct sheet_entry *s = calloc(json_array_size(arr), sizeof *s);
	if (!s)
		return err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	size_t i;
	json_t *obj;
	json_array_foreach(arr, i, obj) {
		struct sheet_entry *x = &s[i];
		*n = i + 1;
		if (!json_is_object(obj)) {
			err_set(e, ERR_INVALID, "wrong_type", "scores", "each score is an object");
			goto fail;
		}
		if (fields_known(obj, score_fields, e) != 0 ||
		    leaf_from_json(obj, t, &x->criterion, e) != 0 ||
		    entry_from_json(obj, &t->items[x->criterion], &x->value, e) != 0 ||
		    field_block(obj, "note", &x->note, NOTE_CHARS, OPTIONAL, e) != 0 ||
		    field_block(obj, "evidence", &x->evidence, EVIDENCE_CHARS, OPTIONAL, e) != 0)
			goto fail;
		for (size_t k = 0; k < i; k++)
			if (s[k].criterion == x->criterion) {
				err_set(e, ERR_INVALID, "duplicate", "scores",
					"criterion %s is scored twice", t->items[x->criterion].code);
				goto fail;
			}
	}
	*out = s;
	return 0;
fail:
	if (e->field[0] == 0 || strcmp(e->field, "scores") != 0)
		snprintf(e->field, sizeof e->field, "scores");
	sheet_free(s, *n);
	*n = 0;
	return -1;
}

static int require_member(const struct year_ctx *y, int64_t org, const char *field,
			  struct error *e)
{
	if (ids_contain(y->year.members, y->year.n_members, org))
		return 0;
	return err_set(e, ERR_INVALID, "not_a_member", field,
		       "%s is not a member unit of the cluster in %d", field, y->year.year);
}

/* The caller enters for its own unit only, in the phase and before the deadline. */
static int check_scoring(struct ctx *cx, const struct year_ctx *y, int64_t scored,
			 int64_t scoring, struct error *e)
{
	if (year_require(y, POWER_MEMBER, "enter scores", e) != 0)
		return -1;
	if (scoring != cx->who.org_id)
		return err_set(e, ERR_FORBIDDEN, "forbidden", "scoring_org_id",
			       "a unit enters scores only for itself");
	if (require_member(y, scored, "scored_org_id", e) != 0 ||
	    year_scoring_open(y->year.status, scored == scoring, e) != 0)
		return -1;
	if (year_deadline_passed(y->year.deadline, clock_now()))
		return err_set(e, ERR_CONFLICT, "deadline_passed", "deadline",
			       "the deadline for scoring was %s", y->year.deadline);
	return 0;
}

static json_t *sheet_audit_json(const struct criteria_table *t, const struct sheet_entry *s,
				size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:f, s:o}", "criterion",
						     t->items[s[i].criterion].code, "entry",
						     s[i].value, "note",
						     s[i].note ? json_string(s[i].note) : json_null()));
	return arr;
}

/* The sheet (scored, scoring) as it now stands, for the answer. */
static json_t *sheet_json(struct ctx *cx, const struct year_ctx *y,
			  const struct criteria_table *t, int64_t scored, int64_t scoring,
			  struct error *e)
{
	struct score_filter f = {scored, scoring};
	struct score_row *rows = NULL;
	size_t n = 0;
	if (store_scores_list(cx->db, y->cluster.id, y->year.year, &f, t, &rows, &n, e) != 0)
		return NULL;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, score_json(t, &rows[i]));
	store_score_rows_free(rows, n);
	return json_pack("{s:I, s:I, s:s, s:I, s:o}", "scored_org_id", (json_int_t)scored,
			 "scoring_org_id", (json_int_t)scoring, "kind",
			 scored == scoring ? "self" : "cross", "leaves",
			 (json_int_t)criteria_leaves(t), "items", items);
}

static const char *const sheet_fields[] = {"scored_org_id", "scoring_org_id", "scores", NULL};

void api_scores_post(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *body = req_json_object(rq, &e), *after = NULL, *j = NULL;
	struct criteria_table t;
	memset(&t, 0, sizeof t);
	struct sheet_entry *sheet = NULL;
	size_t n = 0;
	struct year_ctx *y = NULL;
	int64_t scored = 0, scoring = cx->who.org_id;
	char key[96];
	if (!body || fields_known(body, sheet_fields, &e) != 0 ||
	    field_id(body, "scored_org_id", &scored, REQUIRED, &e) != 0 ||
	    field_id(body, "scoring_org_id", &scoring, OPTIONAL, &e) != 0 ||
	    !(y = year_open(cx, rq, 1, &e)) || check_scoring(cx, y, scored, scoring, &e) != 0 ||
	    store_criteria_get(cx->db, y->cluster.id, y->year.year, 0, &t, &e) != 0 ||
	    sheet_from_json(json_object_get(body, "scores"), &t, &sheet, &n, &e) != 0)
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (store_score_put(cx->db, y->cluster.id, y->year.year, scored, scoring,
				    t.items[sheet[i].criterion].code, sheet[i].value, sheet[i].note,
				    sheet[i].evidence, cx->who.user_id, &e) != 0)
			goto fail;
	snprintf(key, sizeof key, "%s/%lld/%lld", y->key, (long long)scored, (long long)scoring);
	after = sheet_audit_json(&t, sheet, n);
	/* the answer is read inside the transaction: once committed, a write is never an error */
	if (api_audit_as(cx, rq, "score", "score_sheet", key, NULL, after, &e) != 0 ||
	    !(j = sheet_json(cx, y, &t, scored, scoring, &e)) || store_commit(cx->db, &e) != 0)
		goto fail;
	resp_json(rs, 200, j);
	goto done;
fail:
	json_decref(j);
	api_fail(cx, rs, &e);
done:
	json_decref(body);
	json_decref(after);
	sheet_free(sheet, n);
	criteria_table_free(&t);
	free(y);
}

static const char *const adjust_fields[] = {"scored_org_id", "scoring_org_id", "criterion",
					    "points", "value", "passed", "count", "reason", NULL};

/*
** The leader reviews the entries units made; those its own unit gave or
** received are the authority's to review. A cross entry is reviewed in
** the cross phase, a self entry in either phase.
*/
static int check_review(struct ctx *cx, const struct year_ctx *y, int64_t scored,
			int64_t scoring, struct error *e)
{
	if (year_require(y, POWER_LEADER | POWER_AUTHORITY, "review scores", e) != 0 ||
	    require_member(y, scored, "scored_org_id", e) != 0 ||
	    require_member(y, scoring, "scoring_org_id", e) != 0 ||
	    year_review_open(y->year.status, e) != 0)
		return -1;
	if (scored != scoring && y->year.status != YEAR_CROSS_ASSESSMENT)
		return err_set(e, ERR_CONFLICT, "phase_closed", "status",
			       "cross entries are reviewed in the cross phase; the year is %s",
			       year_status_name(y->year.status));
	if (!(y->powers & POWER_AUTHORITY) &&
	    (scored == cx->who.org_id || scoring == cx->who.org_id))
		return err_set(e, ERR_FORBIDDEN, "own_unit",
			       scored == cx->who.org_id ? "scored_org_id" : "scoring_org_id",
			       "the leader unit does not review entries its own unit gave or "
			       "received; the organizing authority does");
	return 0;
}

/* The stored row for one entry, or NULL when the unit has not entered it. */
static int find_row(struct ctx *cx, const struct year_ctx *y, const struct criteria_table *t,
		    int64_t scored, int64_t scoring, int criterion, struct score_row **rows,
		    size_t *n, struct score_row **found, struct error *e)
{
	struct score_filter f = {scored, scoring};
	*found = NULL;
	if (store_scores_list(cx->db, y->cluster.id, y->year.year, &f, t, rows, n, e) != 0)
		return -1;
	for (size_t i = 0; i < *n; i++)
		if ((*rows)[i].entry.criterion == criterion && (*rows)[i].entry.has_value)
			*found = &(*rows)[i];
	return 0;
}

/* A review changes an entry a unit made; it never makes one in the unit's name. */
static int require_entry(const struct score_row *row, int64_t scoring, const char *code,
			 struct error *e)
{
	if (row)
		return 0;
	return err_set(e, ERR_CONFLICT, "no_entry", "criterion",
		       "unit %lld has not entered %s; only an entry a unit made can be reviewed",
		       (long long)scoring, code);
}

void api_scores_adjust(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *body = req_json_object(rq, &e), *before = NULL, *after = NULL, *j = NULL;
	struct criteria_table t;
	memset(&t, 0, sizeof t);
	struct year_ctx *y = NULL;
	struct score_row *rows = NULL, *row = NULL;
	size_t n = 0;
	int64_t scored = 0, scoring = 0;
	int criterion = -1;
	double value = 0;
	char *reason = NULL, key[128];
	if (!body || fields_known(body, adjust_fields, &e) != 0 ||
	    field_id(body, "scored_org_id", &scored, REQUIRED, &e) != 0 ||
	    field_id(body, "scoring_org_id", &scoring, REQUIRED, &e) != 0 ||
	    field_block(body, "reason", &reason, NOTE_CHARS, REQUIRED, &e) != 0 ||
	    !(y = year_open(cx, rq, 1, &e)) || check_review(cx, y, scored, scoring, &e) != 0 ||
	    store_criteria_get(cx->db, y->cluster.id, y->year.year, 0, &t, &e) != 0 ||
	    leaf_from_json(body, &t, &criterion, &e) != 0 ||
	    entry_from_json(body, &t.items[criterion], &value, &e) != 0 ||
	    find_row(cx, y, &t, scored, scoring, criterion, &rows, &n, &row, &e) != 0 ||
	    require_entry(row, scoring, t.items[criterion].code, &e) != 0)
		goto fail;
	before = score_json(&t, row);
	snprintf(key, sizeof key, "%s/%lld/%lld/%s", y->key, (long long)scored,
		 (long long)scoring, t.items[criterion].code);
	after = json_pack("{s:f, s:s}", "adjusted", value, "reason", reason);
	if (store_score_adjust(cx->db, y->cluster.id, y->year.year, scored, scoring,
			       t.items[criterion].code, value, reason, cx->who.user_id, &e) != 0 ||
	    api_audit_as(cx, rq, "adjust", "score", key, before, after, &e) != 0)
		goto fail;
	store_score_rows_free(rows, n);
	rows = NULL;
	if (find_row(cx, y, &t, scored, scoring, criterion, &rows, &n, &row, &e) != 0 ||
	    require_entry(row, scoring, t.items[criterion].code, &e) != 0 ||
	    !(j = score_json(&t, row)) || store_commit(cx->db, &e) != 0)
		goto fail;
	resp_json(rs, 200, j);
	goto done;
fail:
	json_decref(j);
	api_fail(cx, rs, &e);
done:
	json_decref(body);
	json_decref(before);
	json_decref(after);
	store_score_rows_free(rows, n);
	criteria_table_free(&t);
	free(reason);
	free(y);
}
