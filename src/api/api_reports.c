/*
** /api/v1/reports: each unit's figures for a year, one report per org and
** year. The unit writes its own (an authority officer may write for a
** unit beneath it) as a draft or submitted; the authority above accepts
** it or returns it with a note, and may reopen an accepted one the same
** way. Nobody accepts its own organization's report. Where an indicator
** repeats a count of the people registry, a report sent or accepted must
** agree with the registry when the registry holds the unit's people.
*/
#include "api/api.h"
#include "api/fields.h"
#include "api/indicators.h"
#include "api/json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

static const char *const report_fields[] = {"org_id", "year", "values", "status", NULL};
static const char *const return_fields[] = {"note", NULL};
static const char *const no_fields[] = {NULL};
static const char *const write_words[] = {"draft", "submitted", NULL};

/* Most indicators a report may carry: the catalog is a few dozen. */
#define REPORT_VALUES_MAX 500

/* ---- JSON ---- */

static json_t *values_json(const struct report *r)
{
	json_t *o = json_object();
	for (size_t i = 0; i < r->n_values; i++)
		json_object_set_new(o, r->values[i].code, json_real(r->values[i].value));
	return o;
}

static json_t *report_json(const struct report *r)
{
	return json_pack("{s:I, s:I, s:i, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:s}",
			 "id", (json_int_t)r->id,
			 "org_id", (json_int_t)r->org_id,
			 "year", r->year,
			 "status", report_status_name(r->status),
			 "values", values_json(r),
			 "note", str_or_null(r->note),
			 "submitted_at", str_or_null(r->submitted_at),
			 "accepted_at", str_or_null(r->accepted_at),
			 "accepted_by", id_or_null(r->accepted_by),
			 "created_at", r->created_at,
			 "updated_at", r->updated_at);
}

/* ---- the registry ---- */

/*
** Check every derived value of r against the people registry (when it
** holds the org's people); with figures (may be NULL) collect the
** registry's counts by code, for the answer.
*/
static int registry_check(struct ctx *cx, const struct report *r, int enforce,
			  json_t *figures, struct error *e)
{
	struct indicator *cat = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (store_indicator_list(cx->db, NULL, &cat, &n, &total, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int has = 0;
		int64_t count = 0;
		if (cat[i].derived_from == DERIVED_NONE)
			continue;
		if (store_registry_count(cx->db, r->org_id, cat[i].derived_from, r->year, &has,
					 &count, e) != 0)
			goto fail;
		if (!has)
			continue;
		if (figures)
			json_object_set_new(figures, cat[i].code, json_integer(count));
		for (size_t k = 0; enforce && k < r->n_values; k++)
			if (r->values[k].indicator_id == cat[i].id &&
			    registry_agrees(&cat[i], r->values[k].value, count, e) != 0)
				goto fail;
	}
	free(cat);
	return 0;
fail:
	free(cat);
	return -1;
}

/* The report as GET answers it: with the registry's counts beside its values. */
static int report_answer(struct ctx *cx, const struct report *r, json_t **out,
			 struct error *e)
{
	json_t *figures = json_object();
	if (registry_check(cx, r, 0, figures, e) != 0) {
		json_decref(figures);
		return -1;
	}
	*out = report_json(r);
	json_object_set_new(*out, "registry", figures);
	return 0;
}

/* ---- the body of POST /reports ---- */

/* Name a values.<code> field in an error a reader made about <code>. */
static int value_field(struct error *e, const char *code)
{
	snprintf(e->field, sizeof e->field, "values.%s", code);
	return -1;
}

/*
** values: {code: number or null (no value)}: every code an indicator
** of the catalog, every number 0..10^15.
*/
static int values_from_json(struct ctx *cx, json_t *body, struct report *r, struct error *e)
{
	json_t *obj = json_object_get(body, "values"), *v;
	const char *code;
	if (!obj || json_is_null(obj))
		return 0;
	if (!json_is_object(obj))
		return err_set(e, ERR_INVALID, "wrong_type", "values",
			       "values must be an object of indicator codes and numbers");
	if (json_object_size(obj) > REPORT_VALUES_MAX)
		return err_set(e, ERR_INVALID, "too_many", "values", "at most %d values",
			       REPORT_VALUES_MAX);
	r->values = calloc(json_object_size(obj) + 1, sizeof *r->values);
	if (!r->values)
		return err_set(e, ERR_INTERNAL, "internal", NULL, "out of memory");
	json_object_foreach(obj, code, v) {
		(void)v;
		struct report_value *rv = &r->values[r->n_values];
		struct indicator ind;
		double x = 0;
		int present = 0;
		if (indicator_code_check(code, "values", e) != 0 ||
		    store_indicator_find_code(cx->db, code, &ind, e) != 0) {
			if (e->kind != ERR_NOT_FOUND && e->kind != ERR_INVALID)
				return -1;
			err_set(e, ERR_INVALID, "unknown_indicator", NULL,
				"no indicator has the code given in values");
			return value_field(e, code);
		}
		if (field_number(obj, code, 0, INDICATOR_VALUE_MAX, &x, &present, OPTIONAL, e) != 0)
			return value_field(e, code);
		if (!present)
			continue;
		rv->indicator_id = ind.id;
		snprintf(rv->code, sizeof rv->code, "%s", ind.code);
		rv->value = x;
		r->n_values++;
	}
	return 0;
}

/*
** org_id (the caller's own org when absent), year, status (draft when
** absent), values. Leaves the values to values_from_json, which needs
** the transaction.
*/
static int report_from_json(struct ctx *cx, json_t *body, struct report *r,
			    enum report_move *move, struct error *e)
{
	int64_t year = 0;
	int status = 0;
	r->org_id = cx->who.org_id;
	if (fields_known(body, report_fields, e) != 0 ||
	    field_id(body, "org_id", &r->org_id, OPTIONAL, e) != 0 ||
	    field_int(body, "year", 0, 9999, &year, REQUIRED, e) != 0 ||
	    field_enum(body, "status", write_words, &status, OPTIONAL, e) != 0)
		return -1;
	if (r->org_id <= 0)
		return err_set(e, ERR_INVALID, "required", "org_id", "org_id is required");
	r->year = (int)year;
	*move = status ? MOVE_SUBMIT : MOVE_SAVE_DRAFT;
	return report_year_check(r->year, clock_year(), e);
}

/* The org's report of the year as it stands (*exists 0 when none). */
static int report_current(struct ctx *cx, const struct report *r, struct report *old,
			  int *exists, struct error *e)
{
	struct error lookup;
	err_clear(&lookup);
	memset(old, 0, sizeof *old);
	*exists = 0;
	if (store_report_find(cx->db, r->org_id, r->year, old, &lookup) == 0) {
		*exists = 1;
		return 0;
	}
	if (lookup.kind == ERR_NOT_FOUND)
		return 0;
	*e = lookup;
	return -1;
}

/* ---- handlers ---- */

void api_reports_post(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct report r, old;
	enum report_move move = MOVE_SAVE_DRAFT;
	int exists = 0;
	memset(&r, 0, sizeof r);
	memset(&old, 0, sizeof old);
	json_t *body = req_json_object(rq, &e), *before = NULL, *after = NULL, *audited = NULL;
	if (!body || report_from_json(cx, body, &r, &move, &e) != 0 ||
	    store_begin(cx->db, &e) != 0 ||
	    api_require_org(cx, r.org_id, "org_id", -1, &e) != 0 ||
	    api_authorize(cx, ACT_REPORT_WRITE, r.org_id, &e) != 0 ||
	    values_from_json(cx, body, &r, &e) != 0 ||
	    report_current(cx, &r, &old, &exists, &e) != 0 ||
	    report_move_check(exists, old.status, move, &r.status, &e) != 0)
		goto fail;
	if (exists) {
		before = report_json(&old);
		snprintf(r.note, sizeof r.note, "%s", old.note); /* why it came back, until accepted */
	}
	if (r.status == REPORT_SUBMITTED)
		clock_now_iso(r.submitted_at, sizeof r.submitted_at);
	if ((r.status == REPORT_SUBMITTED && registry_check(cx, &r, 1, NULL, &e) != 0) ||
	    store_report_save(cx->db, &r, &e) != 0 ||
	    api_audit(cx, rq, exists ? "update" : "create", "report", r.id, before,
		      audited = report_json(&r), &e) != 0 ||
	    report_answer(cx, &r, &after, &e) != 0 || store_commit(cx->db, &e) != 0)
		goto fail;
	json_decref(audited);
	json_decref(body);
	json_decref(before);
	report_values_free(&r);
	report_values_free(&old);
	resp_json(rs, exists ? 200 : 201, after);
	return;
fail:
	json_decref(body);
	json_decref(before);
	json_decref(after);
	json_decref(audited);
	report_values_free(&r);
	report_values_free(&old);
	api_fail(cx, rs, &e);
}

void api_reports_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct report r;
	json_t *out = NULL;
	memset(&r, 0, sizeof r);
	if (store_begin_read(cx->db, &e) != 0 ||
	    store_report_get(cx->db, rq->params[0], &r, &e) != 0 ||
	    api_authorize(cx, ACT_REPORT_READ, r.org_id, &e) != 0 ||
	    report_answer(cx, &r, &out, &e) != 0 || store_commit(cx->db, &e) != 0) {
		report_values_free(&r);
		json_decref(out);
		api_fail(cx, rs, &e);
		return;
	}
	report_values_free(&r);
	resp_json(rs, 200, out);
}

/* ?org_id= (one org the caller may read), ?year=, ?status=, and the caller's reach. */
static int list_filter(struct ctx *cx, struct request *rq, struct report_filter *f,
		       struct error *e)
{
	int64_t year = 0;
	const char *status = req_query(rq, "status");
	enum report_status st;
	memset(f, 0, sizeof *f);
	f->status = -1;
	if (req_query_int(rq, "org_id", 1, INT64_MAX / 2, 0, &f->org_id, e) != 0 ||
	    req_query_int(rq, "year", YEAR_MIN, YEAR_MAX, 0, &year, e) != 0 ||
	    api_page(rq, &f->page, e) != 0)
		return -1;
	f->year = (int)year;
	if (status && *status) {
		if (report_status_parse(status, &st) != 0)
			return err_set(e, ERR_BAD_REQUEST, "invalid_query", "status",
				       "status must be draft, submitted or accepted");
		f->status = (int)st;
	}
	/* Reports are read where people are: the same roles and reach. */
	struct scope sc = authz_people_scope(&cx->who);
	f->scope_kind = (int)sc.kind;
	f->scope_org_id = sc.org_id;
	if (store_begin_read(cx->db, e) != 0)
		return -1;
	if (f->org_id && store_org_exists(cx->db, f->org_id, e) != 0)
		return -1;
	return f->org_id ? api_authorize(cx, ACT_REPORT_READ, f->org_id, e) : 0;
}

void api_reports_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct report_filter f;
	struct report_item *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (list_filter(cx, rq, &f, &e) != 0 ||
	    store_report_list(cx->db, &f, &items, &n, &total, &e) != 0 ||
	    store_commit(cx->db, &e) != 0) {
		store_report_items_free(items, n);
		api_fail(cx, rs, &e);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *j = report_json(&items[i].report);
		json_object_set_new(j, "org_name", json_string(items[i].org_name));
		json_array_append_new(arr, j);
	}
	store_report_items_free(items, n);
	resp_json(rs, 200, api_list(arr, total, &f.page));
}

/* The authority above the org decides on its report, never the org itself. */
static int decider_authorize(struct ctx *cx, const struct report *r, struct error *e)
{
	if (api_authorize(cx, ACT_REPORT_ACCEPT, r->org_id, e) != 0)
		return -1;
	if (!(cx->who.roles & ROLE_ADMIN) && cx->who.org_id == r->org_id)
		return err_set(e, ERR_FORBIDDEN, "own_report", NULL,
			       "an organization does not accept or return its own report");
	return 0;
}

/* accept or return (with its note): load, authorize, move, audit, answer. */
static void report_decide(struct request *rq, struct response *rs, enum report_move move)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct report r;
	char note[REPORT_NOTE_CHARS * 4 + 1] = "";
	memset(&r, 0, sizeof r);
	json_t *body = req_json_object(rq, &e), *before = NULL, *after = NULL;
	if (!body ||
	    fields_known(body, move == MOVE_RETURN ? return_fields : no_fields, &e) != 0 ||
	    (move == MOVE_RETURN && field_line(body, "note", note, sizeof note,
					       REPORT_NOTE_CHARS, REQUIRED, &e) != 0) ||
	    store_begin(cx->db, &e) != 0 || store_report_get(cx->db, rq->params[0], &r, &e) != 0 ||
	    decider_authorize(cx, &r, &e) != 0)
		goto fail;
	before = report_json(&r);
	if (report_move_check(1, r.status, move, &r.status, &e) != 0)
		goto fail;
	if (move == MOVE_ACCEPT) {
		clock_now_iso(r.accepted_at, sizeof r.accepted_at);
		r.accepted_by = cx->who.org_id;
		r.note[0] = 0;
	} else {
		r.submitted_at[0] = r.accepted_at[0] = 0;
		r.accepted_by = 0;
		memcpy(r.note, note, sizeof r.note);
	}
	if ((move == MOVE_ACCEPT && registry_check(cx, &r, 1, NULL, &e) != 0) ||
	    store_report_save(cx->db, &r, &e) != 0 ||
	    api_audit(cx, rq, move == MOVE_ACCEPT ? "accept" : "return", "report", r.id, before,
		      after = report_json(&r), &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	json_decref(body);
	json_decref(before);
	report_values_free(&r);
	resp_json(rs, 200, after);
	return;
fail:
	json_decref(body);
	json_decref(before);
	json_decref(after);
	report_values_free(&r);
	api_fail(cx, rs, &e);
}

void api_reports_accept(struct request *rq, struct response *rs)
{
	report_decide(rq, rs, MOVE_ACCEPT);
}

void api_reports_return(struct request *rq, struct response *rs)
{
	report_decide(rq, rs, MOVE_RETURN);
}
