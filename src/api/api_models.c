/*
** /api/v1/models: the exemplary models of the orgs, their reviews and
** retirement, and /models/stats, the figures of a year by branch with the
** reconciliation identity checked before anything is answered. Everyone
** logged in reads them; a unit (or an authority above it) records and
** edits its models; only an authority above a model reviews and retires
** it, never the unit itself.
*/
#include "api/api.h"
#include "api/fields.h"
#include "api/json_out.h"
#include "api/models.h"
#include "core/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const model_fields[] = {"name", "org_id", "field", "year", "description",
					   NULL};
/* A model read and sent back whole is accepted: the server's fields must not differ. */
static const char *const model_patch_fields[] = {
	"name", "field", "year", "description", "id", "org_id", "org_name", "status",
	"retired_year", "retired_on", "retired_reason", "created_at", "updated_at", NULL};
static const char *const retire_fields[] = {"year", "date", "reason", NULL};
static const char *const review_fields[] = {"year", "outcome", "note", NULL};

/* ---- JSON ---- */

json_t *model_json(const struct model *m)
{
	return json_pack("{s:I, s:s, s:I, s:s, s:s, s:i, s:o, s:s, s:o, s:o, s:o, s:s, s:s}",
			 "id", (json_int_t)m->id,
			 "name", m->name,
			 "org_id", (json_int_t)m->org_id,
			 "org_name", m->org_name,
			 "field", m->field,
			 "year", m->year,
			 "description", str_or_null(m->description),
			 "status", model_status_name(m->status),
			 "retired_year", m->retired_year ? json_integer(m->retired_year)
							 : json_null(),
			 "retired_on", str_or_null(m->retired_on),
			 "retired_reason", str_or_null(m->retired_reason),
			 "created_at", m->created_at,
			 "updated_at", m->updated_at);
}

static json_t *review_json(const struct model_review *r)
{
	return json_pack("{s:I, s:I, s:i, s:s, s:o, s:o, s:s}",
			 "id", (json_int_t)r->id,
			 "model_id", (json_int_t)r->model_id,
			 "year", r->year,
			 "outcome", review_outcome_name(r->outcome),
			 "note", str_or_null(r->note),
			 "reviewed_by", id_or_null(r->reviewed_by),
			 "created_at", r->created_at);
}

static json_t *counts_json(const struct model_counts *c)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I}",
			 "new", (json_int_t)c->new_,
			 "retired", (json_int_t)c->retired,
			 "active_start", (json_int_t)c->active_start,
			 "active_end", (json_int_t)c->active_end,
			 "total_ever", (json_int_t)c->total_ever);
}

/* ---- body fields ---- */

/* description: absent keeps it, null or blank clears it. */
static int field_description(json_t *body, struct model *m, struct error *e)
{
	char *text = NULL;
	if (field_block(body, "description", &text, MODEL_DESCRIPTION_CHARS, OPTIONAL, e) != 0)
		return -1;
	if (text || json_object_get(body, "description"))
		snprintf(m->description, sizeof m->description, "%s", text ? text : "");
	free(text);
	return 0;
}

/* The fields a unit writes, POST (required) or PATCH (each optional). */
static int model_editable(json_t *body, struct model *m, int required, struct error *e)
{
	int64_t year = m->year;
	if (field_line(body, "name", m->name, sizeof m->name, MODEL_NAME_CHARS, required, e) != 0 ||
	    field_line(body, "field", m->field, sizeof m->field, MODEL_FIELD_CHARS, required,
		       e) != 0 ||
	    field_int(body, "year", 0, 9999, &year, required, e) != 0 ||
	    field_description(body, m, e) != 0)
		return -1;
	m->year = (int)year;
	return 0;
}

static int model_from_json(json_t *body, struct model *m, struct error *e)
{
	if (fields_known(body, model_fields, e) != 0 ||
	    field_id(body, "org_id", &m->org_id, REQUIRED, e) != 0 ||
	    model_editable(body, m, REQUIRED, e) != 0)
		return -1;
	m->status = MODEL_ACTIVE;
	return model_validate(m, clock_year(), e);
}

static int model_patch_from_json(json_t *body, struct model *m, struct error *e)
{
	const struct model *r = m; /* the fields the server owns, as stored */
	if (fields_known(body, model_patch_fields, e) != 0 ||
	    field_fixed(body, "id", json_integer(r->id), e) != 0 ||
	    field_fixed(body, "org_id", json_integer(r->org_id), e) != 0 ||
	    field_fixed(body, "org_name", json_string(r->org_name), e) != 0 ||
	    field_fixed(body, "status", json_string(model_status_name(r->status)), e) != 0 ||
	    field_fixed(body, "retired_year",
			r->retired_year ? json_integer(r->retired_year) : json_null(), e) != 0 ||
	    field_fixed(body, "retired_on", str_or_null(r->retired_on), e) != 0 ||
	    field_fixed(body, "retired_reason", str_or_null(r->retired_reason), e) != 0 ||
	    field_fixed(body, "created_at", json_string(r->created_at), e) != 0 ||
	    field_fixed(body, "updated_at", json_string(r->updated_at), e) != 0 ||
	    model_editable(body, m, OPTIONAL, e) != 0)
		return -1;
	return model_validate(m, clock_year(), e);
}

/* ---- list and read ---- */

/* q and field are the buffers (QUERY_TEXT_BYTES) the filter's texts live in. */
static int parse_model_filter(struct request *rq, struct model_filter *f, char *q,
			      char *field, struct error *e)
{
	int64_t year = 0;
	memset(f, 0, sizeof f[0]);
	f->status = -1;
	if (api_query_text(rq, "q", q, QUERY_TEXT_BYTES, &f->q, e) != 0 ||
	    api_query_text(rq, "field", field, QUERY_TEXT_BYTES, &f->field, e) != 0 ||
	    req_query_int(rq, "org_id", 1, INT64_MAX / 2, 0, &f->org_id, e) != 0 ||
	    req_query_int(rq, "year", MODEL_YEAR_MIN, 9999, 0, &year, e) != 0 ||
	    api_page(rq, &f->page, e) != 0)
		return -1;
	f->year = (int)year;
	const char *status = req_query(rq, "status");
	enum model_status st;
	if (status) {
		if (model_status_parse(status, &st) != 0)
			return err_set(e, ERR_BAD_REQUEST, "invalid_query", "status",
				       "status must be 'active' or 'retired'");
		f->status = (int)st;
	}
	const char *sub = req_query(rq, "subtree");
	if (sub) {
		if (strcmp(sub, "true") != 0 && strcmp(sub, "false") != 0)
			return err_set(e, ERR_BAD_REQUEST, "invalid_query", "subtree",
				       "subtree must be 'true' or 'false'");
		f->subtree = strcmp(sub, "true") == 0;
	}
	return 0;
}

void api_models_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct model_filter f;
	char q[QUERY_TEXT_BYTES], field[QUERY_TEXT_BYTES];
	struct model *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (parse_model_filter(rq, &f, q, field, &e) != 0 ||
	    store_model_list(cx->db, &f, &items, &n, &total, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, model_json(&items[i]));
	free(items);
	resp_json(rs, 200, api_list(arr, total, &f.page));
}

void api_models_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct model *m = malloc(sizeof *m);
	if (!m) {
		resp_errorf(rs, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
		return;
	}
	if (store_model_get(cx->db, rq->params[0], m, &e) != 0)
		resp_error(rs, &e);
	else
		resp_json(rs, 200, model_json(m));
	free(m);
}

/* ---- writes ---- */

void api_models_create(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct model *m = calloc(1, sizeof *m);
	json_t *body = req_json_object(rq, &e), *after = NULL;
	if (!m) {
		err_set(&e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
		goto fail;
	}
	if (!body || model_from_json(body, m, &e) != 0 || store_begin(cx->db, &e) != 0 ||
	    api_require_org(cx, m->org_id, "org_id", -1, &e) != 0 ||
	    api_authorize(cx, ACT_MODEL_WRITE, m->org_id, &e) != 0 ||
	    store_model_insert(cx->db, m, &e) != 0 || store_model_get(cx->db, m->id, m, &e) != 0 ||
	    api_audit(cx, rq, "create", "model", m->id, NULL, after = model_json(m), &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	json_decref(body);
	free(m);
	resp_json(rs, 201, after);
	return;
fail:
	json_decref(body);
	json_decref(after);
	free(m);
	api_fail(cx, rs, &e);
}

/*
** Open a write transaction and load the path's model, which the caller
** must be able to act on (act) through the model's org; *before is its
** JSON as loaded.
*/
static int model_open(struct ctx *cx, struct request *rq, enum action act, struct model *m,
		      json_t **before, struct error *e)
{
	*before = NULL;
	if (store_begin(cx->db, e) != 0 || store_model_get(cx->db, rq->params[0], m, e) != 0 ||
	    api_authorize(cx, act, m->org_id, e) != 0)
		return -1;
	*before = model_json(m);
	return 0;
}

/* Write m back, audit the change from before, commit and answer m. */
static void model_finish(struct ctx *cx, struct request *rq, struct response *rs,
			 const char *action, struct model *m, json_t *before, struct error *e)
{
	json_t *after = NULL;
	if (store_model_update(cx->db, m, e) != 0 ||
	    api_audit(cx, rq, action, "model", m->id, before, after = model_json(m), e) != 0 ||
	    store_commit(cx->db, e) != 0) {
		json_decref(after);
		api_fail(cx, rs, e);
		return;
	}
	resp_json(rs, 200, after);
}

void api_models_patch(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct model *m = malloc(sizeof *m);
	json_t *body = req_json_object(rq, &e), *before = NULL;
	if (!m)
		err_set(&e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	if (!m || !body || model_open(cx, rq, ACT_MODEL_WRITE, m, &before, &e) != 0 ||
	    model_patch_from_json(body, m, &e) != 0)
		api_fail(cx, rs, &e);
	else
		model_finish(cx, rq, rs, "update", m, before, &e);
	json_decref(body);
	json_decref(before);
	free(m);
}

/* {year?, date?, reason}: when the model stops; never in the future. */
static int retire_from_json(json_t *body, int *year, char *date, char *reason,
			    struct error *e)
{
	int64_t y = 0;
	char today[11];
	date[0] = 0;
	if (fields_known(body, retire_fields, e) != 0 ||
	    field_int(body, "year", MODEL_YEAR_MIN, 9999, &y, OPTIONAL, e) != 0 ||
	    field_date(body, "date", date, 11, OPTIONAL, e) != 0 ||
	    field_line(body, "reason", reason, MODEL_REASON_CHARS * 4 + 1, MODEL_REASON_CHARS,
		       REQUIRED, e) != 0 ||
	    model_retire_year((int)y, date, year, e) != 0)
		return -1;
	clock_today(today);
	if (date[0] && strcmp(date, today) > 0)
		return err_set(e, ERR_INVALID, "future_date", "date",
			       "date (%s) is after today (%s)", date, today);
	return 0;
}

void api_models_retire(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct model *m = malloc(sizeof *m);
	char date[11], *reason = malloc(MODEL_REASON_CHARS * 4 + 1);
	int year = 0;
	json_t *body = req_json_object(rq, &e), *before = NULL;
	if (!m || !reason)
		err_set(&e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	if (!m || !reason || !body || retire_from_json(body, &year, date, reason, &e) != 0 ||
	    model_open(cx, rq, ACT_MODEL_REVIEW, m, &before, &e) != 0 ||
	    model_retire(m, year, date, reason, clock_year(), &e) != 0)
		api_fail(cx, rs, &e);
	else
		model_finish(cx, rq, rs, "retire", m, before, &e);
	json_decref(body);
	json_decref(before);
	free(reason);
	free(m);
}

/* ---- reviews ---- */

static int review_from_json(json_t *body, struct model_review *r, struct error *e)
{
	int64_t year = 0;
	int outcome = 0;
	static const char *const outcomes[] = {"keep", "strengthen", "retire", NULL};
	if (fields_known(body, review_fields, e) != 0 ||
	    field_int(body, "year", MODEL_YEAR_MIN, 9999, &year, REQUIRED, e) != 0 ||
	    field_enum(body, "outcome", outcomes, &outcome, REQUIRED, e) != 0 ||
	    field_line(body, "note", r->note, sizeof r->note, MODEL_REASON_CHARS, OPTIONAL,
		       e) != 0)
		return -1;
	r->year = (int)year;
	r->outcome = (enum review_outcome)outcome;
	return 0;
}

void api_model_reviews_create(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct model *m = malloc(sizeof *m);
	struct model_review r;
	memset(&r, 0, sizeof r);
	json_t *body = req_json_object(rq, &e), *before = NULL, *after = NULL, *changed = NULL;
	int this_year = clock_year();
	if (!m) {
		err_set(&e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
		goto fail;
	}
	if (!body || review_from_json(body, &r, &e) != 0 ||
	    model_open(cx, rq, ACT_MODEL_REVIEW, m, &before, &e) != 0 ||
	    model_review_validate(m, &r, this_year, &e) != 0)
		goto fail;
	r.model_id = m->id;
	r.reviewed_by = cx->who.org_id;
	if (store_model_review_insert(cx->db, &r, &e) != 0 ||
	    api_audit(cx, rq, "create", "model_review", r.id, NULL, after = review_json(&r),
		      &e) != 0)
		goto fail;
	/* A review that retires the model retires it in its year, for its note. */
	if (r.outcome == REVIEW_RETIRE &&
	    (model_retire(m, r.year, "", r.note, this_year, &e) != 0 ||
	     store_model_update(cx->db, m, &e) != 0 ||
	     api_audit(cx, rq, "retire", "model", m->id, before, changed = model_json(m), &e) != 0))
		goto fail;
	if (store_commit(cx->db, &e) != 0)
		goto fail;
	json_object_set_new(after, "model", changed ? json_incref(changed) : model_json(m));
	json_decref(changed);
	json_decref(body);
	json_decref(before);
	free(m);
	resp_json(rs, 201, after);
	return;
fail:
	json_decref(body);
	json_decref(before);
	json_decref(after);
	json_decref(changed);
	free(m);
	api_fail(cx, rs, &e);
}

void api_model_reviews_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct page p;
	struct model_review *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct model *m = malloc(sizeof *m);
	if (!m) {
		resp_errorf(rs, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
		return;
	}
	if (api_page(rq, &p, &e) != 0 || store_model_get(cx->db, rq->params[0], m, &e) != 0 ||
	    store_model_review_list(cx->db, m->id, &p, &items, &n, &total, &e) != 0) {
		free(m);
		resp_error(rs, &e);
		return;
	}
	free(m);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, review_json(&items[i]));
	free(items);
	resp_json(rs, 200, api_list(arr, total, &p));
}

/* ---- statistics ---- */

struct model_stats {
	struct model_branch *branches;
	size_t n_branches;
	struct model_branch_fact *facts;
	size_t n_facts;
	struct model_fact *all; /* the facts without their branch, for totals and series */
};

static void stats_free(struct model_stats *s)
{
	free(s->branches);
	free(s->facts);
	free(s->all);
}

static int stats_load(struct ctx *cx, const struct stats_scope *sc, struct model_stats *s,
		      struct error *e)
{
	memset(s, 0, sizeof *s);
	if (store_model_branches(cx->db, sc, &s->branches, &s->n_branches, e) != 0 ||
	    store_model_facts(cx->db, sc, &s->facts, &s->n_facts, e) != 0)
		return -1;
	s->all = malloc((s->n_facts ? s->n_facts : 1) * sizeof *s->all);
	if (!s->all)
		return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	for (size_t i = 0; i < s->n_facts; i++)
		s->all[i] = s->facts[i].fact;
	return 0;
}

/* One branch's line, checked; NULL with the error set when it does not reconcile. */
static json_t *branch_line(const struct model_stats *s, size_t b, int year,
			   struct model_counts *sum, struct error *e)
{
	struct model_counts c;
	memset(&c, 0, sizeof c);
	for (size_t i = 0; i < s->n_facts; i++)
		if (s->facts[i].branch_id == s->branches[b].org_id)
			model_counts_add(&c, &s->facts[i].fact, 1, year);
	if (model_counts_reconcile(&c, e) != 0)
		return NULL;
	model_counts_sum(sum, &c);
	json_t *line = counts_json(&c);
	json_object_set_new(line, "org_id", json_integer(s->branches[b].org_id));
	json_object_set_new(line, "name", json_string(s->branches[b].name));
	return line;
}

/* The series of the years up to year: new, retired and active at each year's end. */
static json_t *stats_series(const struct model_stats *s, int year, struct error *e)
{
	json_t *series = json_array();
	for (int y = year - MODEL_SERIES_YEARS + 1; y <= year; y++) {
		struct model_counts c;
		memset(&c, 0, sizeof c);
		model_counts_add(&c, s->all, s->n_facts, y);
		if (model_counts_reconcile(&c, e) != 0) {
			json_decref(series);
			return NULL;
		}
		json_array_append_new(series, json_pack("{s:i, s:I, s:I, s:I}", "year", y,
							 "new", (json_int_t)c.new_,
							 "retired", (json_int_t)c.retired,
							 "active_end", (json_int_t)c.active_end));
	}
	return series;
}

/*
** The answer: lines by branch, the totals counted over every fact (which
** must equal the lines' sum and reconcile), and the series.
*/
static json_t *stats_json(const struct model_stats *s, int64_t org, int64_t cluster, int year,
			  struct error *e)
{
	struct model_counts sum, totals;
	memset(&sum, 0, sizeof sum);
	memset(&totals, 0, sizeof totals);
	json_t *by_org = json_array(), *series = NULL;
	for (size_t b = 0; b < s->n_branches; b++) {
		json_t *line = branch_line(s, b, year, &sum, e);
		if (!line)
			goto fail;
		json_array_append_new(by_org, line);
	}
	model_counts_add(&totals, s->all, s->n_facts, year);
	if (model_counts_reconcile(&totals, e) != 0)
		goto fail;
	if (memcmp(&sum, &totals, sizeof sum) != 0) {
		err_set(e, ERR_INTERNAL, "statistics_mismatch", NULL,
			"the lines by org do not add up to the totals");
		goto fail;
	}
	if (!(series = stats_series(s, year, e)))
		goto fail;
	return json_pack("{s:i, s:o, s:o, s:o, s:o, s:o, s:b}", "year", year,
			 "org_id", id_or_null(org), "cluster_id", id_or_null(cluster),
			 "totals", counts_json(&totals), "by_org", by_org, "series", series,
			 "reconciled", 1);
fail:
	json_decref(by_org);
	return NULL;
}

void api_models_stats(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct stats_scope sc;
	struct model_stats s;
	memset(&s, 0, sizeof s);
	json_t *out = NULL;
	if (store_begin_read(cx->db, &e) != 0 ||
	    api_stats_scope(cx, rq, MODEL_YEAR_MIN, clock_year() + 1, &sc, &e) != 0 ||
	    stats_load(cx, &sc, &s, &e) != 0 ||
	    !(out = stats_json(&s, sc.org_id, sc.cluster_id, sc.year, &e))) {
		stats_free(&s);
		api_fail(cx, rs, &e);
		return;
	}
	stats_free(&s);
	resp_json(rs, 200, out);
}
