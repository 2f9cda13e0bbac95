/*
** /api/v1/indicators: the national catalog of what units report each
** year. Everyone logged in reads it; the admin keeps it. An indicator's
** code and aggregate are fixed once a report holds a value of it: both
** change what the stored figures mean.
*/
#include "api/api.h"
#include "api/fields.h"
#include "api/indicators.h"
#include "api/json_out.h"

#include <stdlib.h>
#include <string.h>

static const char *const create_fields[] = {
	"code", "name", "unit", "aggregate", "derived_from", NULL};
/* An indicator read and sent back whole is accepted. */
static const char *const patch_fields[] = {
	"code", "name", "unit", "aggregate", "derived_from", "id", "created_at", "updated_at",
	NULL};
static const char *const aggregate_words[] = {"sum", "avg", "last", NULL};
static const char *const derived_words[] = {"none", "party_admissions", "party_members", NULL};

json_t *number_or_null(int has, double x)
{
	return has ? json_real(x) : json_null();
}

json_t *indicator_json(const struct indicator *ind)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:s}",
			 "id", (json_int_t)ind->id,
			 "code", ind->code,
			 "name", ind->name,
			 "unit", ind->unit,
			 "aggregate", aggregate_name(ind->aggregate),
			 "derived_from", ind->derived_from == DERIVED_NONE
						 ? json_null()
						 : json_string(derived_name(ind->derived_from)),
			 "created_at", ind->created_at,
			 "updated_at", ind->updated_at);
}

/* derived_from: absent keeps it, null or "none" clears it. */
static int field_derived(json_t *body, struct indicator *ind, struct error *e)
{
	json_t *v = json_object_get(body, "derived_from");
	if (!v)
		return 0;
	int d = DERIVED_NONE;
	if (!json_is_null(v) && field_enum(body, "derived_from", derived_words, &d, OPTIONAL, e) != 0)
		return -1;
	ind->derived_from = (enum derived)d;
	return 0;
}

static int indicator_fields(json_t *body, struct indicator *ind, int required,
			    struct error *e)
{
	int agg = (int)ind->aggregate;
	if (field_line(body, "code", ind->code, sizeof ind->code, INDICATOR_CODE_MAX, required,
		       e) != 0 ||
	    field_line(body, "name", ind->name, sizeof ind->name, INDICATOR_NAME_CHARS, required,
		       e) != 0 ||
	    field_line(body, "unit", ind->unit, sizeof ind->unit, INDICATOR_UNIT_CHARS, required,
		       e) != 0 ||
	    field_enum(body, "aggregate", aggregate_words, &agg, required, e) != 0 ||
	    field_derived(body, ind, e) != 0)
		return -1;
	ind->aggregate = (enum aggregate)agg;
	return indicator_validate(ind, e);
}

void api_indicators_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct page p;
	struct indicator *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (api_page(rq, &p, &e) != 0 || store_begin_read(cx->db, &e) != 0 ||
	    store_indicator_list(cx->db, &p, &items, &n, &total, &e) != 0 ||
	    store_commit(cx->db, &e) != 0) {
		free(items);
		api_fail(cx, rs, &e);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, indicator_json(&items[i]));
	free(items);
	resp_json(rs, 200, api_list(arr, total, &p));
}

void api_indicators_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct indicator ind;
	if (store_indicator_get(cx->db, rq->params[0], &ind, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	resp_json(rs, 200, indicator_json(&ind));
}

void api_indicators_create(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct indicator ind;
	memset(&ind, 0, sizeof ind);
	json_t *body = req_json_object(rq, &e), *after = NULL;
	if (!body || fields_known(body, create_fields, &e) != 0 ||
	    indicator_fields(body, &ind, REQUIRED, &e) != 0 || store_begin(cx->db, &e) != 0 ||
	    api_authorize(cx, ACT_INDICATOR_WRITE, 0, &e) != 0 ||
	    store_indicator_insert(cx->db, &ind, &e) != 0 ||
	    api_audit(cx, rq, "create", "indicator", ind.id, NULL, after = indicator_json(&ind),
		      &e) != 0 ||
	    store_commit(cx->db, &e) != 0) {
		json_decref(body);
		json_decref(after);
		api_fail(cx, rs, &e);
		return;
	}
	json_decref(body);
	resp_json(rs, 201, after);
}

/* 409 indicator_in_use when a used indicator's code or aggregate would change. */
static int meaning_kept(struct ctx *cx, const struct indicator *old,
			const struct indicator *ind, struct error *e)
{
	int used = 0;
	if (strcmp(old->code, ind->code) == 0 && old->aggregate == ind->aggregate)
		return 0;
	if (store_indicator_used(cx->db, old->id, &used, e) != 0)
		return -1;
	if (used)
		return err_set(e, ERR_CONFLICT, "indicator_in_use",
			       strcmp(old->code, ind->code) != 0 ? "code" : "aggregate",
			       "reports hold values of %s: its code and aggregate are fixed",
			       old->code);
	return 0;
}

void api_indicators_patch(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct indicator old, ind;
	json_t *body = req_json_object(rq, &e), *before = NULL, *after = NULL;
	if (!body || fields_known(body, patch_fields, &e) != 0 || store_begin(cx->db, &e) != 0 ||
	    api_authorize(cx, ACT_INDICATOR_WRITE, 0, &e) != 0 ||
	    store_indicator_get(cx->db, rq->params[0], &old, &e) != 0)
		goto fail;
	ind = old;
	before = indicator_json(&old);
	if (field_fixed(body, "id", json_integer(old.id), &e) != 0 ||
	    field_fixed(body, "created_at", json_string(old.created_at), &e) != 0 ||
	    field_fixed(body, "updated_at", json_string(old.updated_at), &e) != 0 ||
	    indicator_fields(body, &ind, OPTIONAL, &e) != 0 ||
	    meaning_kept(cx, &old, &ind, &e) != 0 || store_indicator_update(cx->db, &ind, &e) != 0 ||
	    api_audit(cx, rq, "update", "indicator", ind.id, before, after = indicator_json(&ind),
		      &e) != 0 ||
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
