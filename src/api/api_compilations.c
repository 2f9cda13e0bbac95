/*
** /api/v1/compilations: ranked selections of exemplary models (e.g. the
** 100 most typical of 2021–2025) with the reasons for the choice. An
** authority compiles the models of its own subtree that were active in
** the period; everyone logged in reads them.
*/
#include "api/api.h"
#include "api/fields.h"
#include "api/json_out.h"
#include "api/models.h"
#include "core/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const compilation_fields[] = {
	"org_id", "title", "from_year", "to_year", "rationale", "items", NULL};
/* PUT replaces title, rationale and items; the rest may be sent back unchanged. */
static const char *const compilation_put_fields[] = {
	"title", "rationale", "items", "id", "org_id", "org_name", "from_year", "to_year",
	"item_count", "created_at", "updated_at", NULL};
static const char *const item_fields[] = {
	"model_id", "note", "rank", "name", "org_id", "org_name", "field", "year", "status",
	"retired_year", NULL};

/* ---- JSON ---- */

static json_t *compilation_json(const struct compilation *k)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:i, s:i, s:s, s:I, s:s, s:s}",
			 "id", (json_int_t)k->id,
			 "org_id", (json_int_t)k->org_id,
			 "org_name", k->org_name,
			 "title", k->title,
			 "from_year", k->from_year,
			 "to_year", k->to_year,
			 "rationale", k->rationale ? k->rationale : "",
			 "item_count", (json_int_t)k->item_count,
			 "created_at", k->created_at,
			 "updated_at", k->updated_at);
}

static json_t *entry_json(const struct compilation_entry *x)
{
	return json_pack("{s:i, s:I, s:s, s:I, s:s, s:s, s:i, s:s, s:o, s:o}",
			 "rank", x->rank,
			 "model_id", (json_int_t)x->model_id,
			 "name", x->name,
			 "org_id", (json_int_t)x->org_id,
			 "org_name", x->org_name,
			 "field", x->field,
			 "year", x->year,
			 "status", x->retired_year ? "retired" : "active",
			 "retired_year", x->retired_year ? json_integer(x->retired_year) : json_null(),
			 "note", str_or_null(x->note));
}

/* A loaded compilation with its items in rank order, as GET answers it. */
static json_t *compilation_items_json(struct ctx *cx, const struct compilation *k,
				      struct error *e)
{
	struct compilation_entry *items = NULL;
	size_t n = 0;
	if (store_compilation_entries(cx->db, k->id, &items, &n, e) != 0)
		return NULL;
	json_t *j = compilation_json(k), *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, entry_json(&items[i]));
	json_object_set_new(j, "items", arr);
	free(items);
	return j;
}

/* The same, read from the store. */
static json_t *compilation_full_json(struct ctx *cx, int64_t id, struct error *e)
{
	struct compilation k;
	if (store_compilation_get(cx->db, id, &k, e) != 0)
		return NULL;
	json_t *j = compilation_items_json(cx, &k, e);
	compilation_clear(&k);
	return j;
}

/* ---- body fields ---- */

/* An item's error names its place: items[i].model_id (the item's fields are short). */
static int item_error(struct error *e, size_t i)
{
	char field[sizeof e->field];
	int len = snprintf(field, sizeof field, "items[%zu]", i);
	if (e->field[0] && len > 0 && (size_t)len + 1 + strlen(e->field) < sizeof field)
		snprintf(field + len, sizeof field - (size_t)len, ".%.*s",
			 (int)(sizeof field - (size_t)len - 2), e->field);
	memcpy(e->field, field, sizeof field);
	return -1;
}

/* One item: {model_id, note?}; what a read item also carries may come back unchanged. */
static int item_from_json(json_t *v, struct compilation_item *it, struct error *e)
{
	memset(it, 0, sizeof *it);
	if (!json_is_object(v))
		return err_set(e, ERR_INVALID, "invalid_type", "", "each item is an object");
	return fields_known(v, item_fields, e) != 0 ||
			       field_id(v, "model_id", &it->model_id, REQUIRED, e) != 0 ||
			       field_line(v, "note", it->note, sizeof it->note,
					  COMPILATION_NOTE_CHARS, OPTIONAL, e) != 0
		       ? -1
		       : 0;
}

/* items: an array of 1..COMPILATION_ITEMS_MAX models, none twice; *out malloc'd. */
static int items_from_json(json_t *body, struct compilation_item **out, size_t *n,
			   struct error *e)
{
	json_t *arr = json_object_get(body, "items");
	*out = NULL;
	*n = 0;
	if (!arr || json_is_null(arr))
		return err_set(e, ERR_INVALID, "required", "items", "items is required");
	if (!json_is_array(arr))
		return err_set(e, ERR_INVALID, "invalid_type", "items", "items must be an array");
	size_t count = json_array_size(arr);
	if (count == 0 || count > COMPILATION_ITEMS_MAX)
		return err_set(e, ERR_INVALID, "out_of_range", "items",
			       "a compilation ranks 1 to %d models", COMPILATION_ITEMS_MAX);
	struct compilation_item *items = malloc(count * sizeof *items);
	if (!items)
		return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	for (size_t i = 0; i < count; i++) {
		int bad = item_from_json(json_array_get(arr, i), &items[i], e) != 0;
		for (size_t j = 0; !bad && j < i; j++)
			if (items[j].model_id == items[i].model_id)
				bad = err_set(e, ERR_INVALID, "duplicate_model", "model_id",
					      "model %lld is already ranked %zu",
					      (long long)items[i].model_id, j + 1);
		if (bad) {
			free(items);
			return item_error(e, i);
		}
	}
	*out = items;
	*n = count;
	return 0;
}

/* title and rationale, both required (PUT replaces them too). */
static int texts_from_json(json_t *body, struct compilation *k, struct error *e)
{
	return field_line(body, "title", k->title, sizeof k->title, COMPILATION_TITLE_CHARS,
			  REQUIRED, e) != 0 ||
			       field_block(body, "rationale", &k->rationale,
					   COMPILATION_RATIONALE_CHARS, REQUIRED, e) != 0
		       ? -1
		       : 0;
}

static int compilation_from_json(json_t *body, struct compilation *k, struct error *e)
{
	int64_t from = 0, to = 0;
	if (fields_known(body, compilation_fields, e) != 0 ||
	    field_id(body, "org_id", &k->org_id, REQUIRED, e) != 0 ||
	    texts_from_json(body, k, e) != 0 ||
	    field_int(body, "from_year", 0, 9999, &from, REQUIRED, e) != 0 ||
	    field_int(body, "to_year", 0, 9999, &to, REQUIRED, e) != 0)
		return -1;
	k->from_year = (int)from;
	k->to_year = (int)to;
	return compilation_period_validate(k->from_year, k->to_year, clock_year(), e);
}

static int compilation_put_from_json(json_t *body, struct compilation *k, struct error *e)
{
	free(k->rationale);
	k->rationale = NULL;
	return fields_known(body, compilation_put_fields, e) != 0 ||
			       field_fixed(body, "id", json_integer(k->id), e) != 0 ||
			       field_fixed(body, "org_id", json_integer(k->org_id), e) != 0 ||
			       field_fixed(body, "org_name", json_string(k->org_name), e) != 0 ||
			       field_fixed(body, "from_year", json_integer(k->from_year), e) != 0 ||
			       field_fixed(body, "to_year", json_integer(k->to_year), e) != 0 ||
			       field_fixed(body, "created_at", json_string(k->created_at), e) != 0 ||
			       texts_from_json(body, k, e) != 0
		       ? -1
		       : 0;
}

/*
** Every model must lie in the compilation's org's subtree and have been
** active during its period: 422 naming items[i].model_id otherwise.
*/
static int items_check(struct ctx *cx, const struct compilation *k,
		       const struct compilation_item *items, size_t n, struct error *e)
{
	for (size_t i = 0; i < n; i++) {
		struct model_fact f;
		int inside = 0;
		struct error lookup;
		err_clear(&lookup);
		if (store_model_placement(cx->db, items[i].model_id, k->org_id, &f, &inside,
					  &lookup) != 0) {
			if (lookup.kind != ERR_NOT_FOUND) {
				*e = lookup;
				return -1;
			}
			err_set(e, ERR_INVALID, "unknown_model", "model_id", "no model %lld",
				(long long)items[i].model_id);
			return item_error(e, i);
		}
		if (!inside) {
			err_set(e, ERR_INVALID, "outside_org", "model_id",
				"model %lld is not of the compiling organization or beneath it",
				(long long)items[i].model_id);
			return item_error(e, i);
		}
		if (!model_active_during(f.year, f.retired_year, k->from_year, k->to_year)) {
			err_set(e, ERR_INVALID, "not_active_in_period", "model_id",
				"model %lld was not active in %d–%d", (long long)items[i].model_id,
				k->from_year, k->to_year);
			return item_error(e, i);
		}
	}
	return 0;
}

/* ---- handlers ---- */

void api_compilations_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct compilation_filter f;
	int64_t year = 0;
	memset(&f, 0, sizeof f);
	struct compilation *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (req_query_int(rq, "org_id", 1, INT64_MAX / 2, 0, &f.org_id, &e) != 0 ||
	    req_query_int(rq, "year", MODEL_YEAR_MIN, 9999, 0, &year, &e) != 0 ||
	    api_page(rq, &f.page, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	f.year = (int)year;
	if (store_compilation_list(cx->db, &f, &items, &n, &total, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(arr, compilation_json(&items[i]));
		compilation_clear(&items[i]);
	}
	free(items);
	resp_json(rs, 200, api_list(arr, total, &f.page));
}

void api_compilations_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *j = NULL;
	if (store_begin_read(cx->db, &e) != 0 ||
	    !(j = compilation_full_json(cx, rq->params[0], &e))) {
		api_fail(cx, rs, &e);
		return;
	}
	resp_json(rs, 200, j);
}

void api_compilations_create(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct compilation k;
	memset(&k, 0, sizeof k);
	struct compilation_item *items = NULL;
	size_t n = 0;
	json_t *body = req_json_object(rq, &e), *after = NULL;
	if (!body || compilation_from_json(body, &k, &e) != 0 ||
	    items_from_json(body, &items, &n, &e) != 0 || store_begin(cx->db, &e) != 0 ||
	    api_require_org(cx, k.org_id, "org_id", -1, &e) != 0 ||
	    api_authorize(cx, ACT_MODEL_REVIEW, k.org_id, &e) != 0 ||
	    items_check(cx, &k, items, n, &e) != 0 ||
	    store_compilation_insert(cx->db, &k, items, n, &e) != 0 ||
	    !(after = compilation_full_json(cx, k.id, &e)) ||
	    api_audit(cx, rq, "create", "compilation", k.id, NULL, after, &e) != 0 ||
	    store_commit(cx->db, &e) != 0) {
		json_decref(after);
		after = NULL;
		api_fail(cx, rs, &e);
	} else {
		resp_json(rs, 201, after);
	}
	json_decref(body);
	compilation_clear(&k);
	free(items);
}

/*
** Open a write transaction and load the path's compilation, which the
** caller must be able to review models for; *before is its JSON.
*/
static int compilation_open(struct ctx *cx, struct request *rq, struct compilation *k,
			    json_t **before, struct error *e)
{
	*before = NULL;
	if (store_begin(cx->db, e) != 0 ||
	    store_compilation_get(cx->db, rq->params[0], k, e) != 0 ||
	    api_authorize(cx, ACT_MODEL_REVIEW, k->org_id, e) != 0)
		return -1;
	*before = compilation_items_json(cx, k, e);
	return *before ? 0 : -1;
}

void api_compilations_put(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct compilation k;
	memset(&k, 0, sizeof k);
	struct compilation_item *items = NULL;
	size_t n = 0;
	json_t *body = req_json_object(rq, &e), *before = NULL, *after = NULL;
	if (!body || compilation_open(cx, rq, &k, &before, &e) != 0 ||
	    compilation_put_from_json(body, &k, &e) != 0 ||
	    items_from_json(body, &items, &n, &e) != 0 || items_check(cx, &k, items, n, &e) != 0 ||
	    store_compilation_update(cx->db, &k, items, n, &e) != 0 ||
	    !(after = compilation_full_json(cx, k.id, &e)) ||
	    api_audit(cx, rq, "update", "compilation", k.id, before, after, &e) != 0 ||
	    store_commit(cx->db, &e) != 0) {
		json_decref(after);
		after = NULL;
		api_fail(cx, rs, &e);
	} else {
		resp_json(rs, 200, after);
	}
	json_decref(body);
	json_decref(before);
	compilation_clear(&k);
	free(items);
}

void api_compilations_delete(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct compilation k;
	memset(&k, 0, sizeof k);
	json_t *before = NULL;
	if (compilation_open(cx, rq, &k, &before, &e) != 0 ||
	    store_compilation_delete(cx->db, k.id, &e) != 0 ||
	    api_audit(cx, rq, "delete", "compilation", k.id, before, NULL, &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		api_fail(cx, rs, &e);
	else
		resp_empty(rs, 204);
	json_decref(before);
	compilation_clear(&k);
}
