/*
** /api/v1/ratings, /initiatives, /holds: the evidence eligibility is
** judged on. Each record belongs to one subject, a person or an org.
** A person's records are read and written by those who may read and
** write the person (its own unit, the authorities above it); an org's
** are read by anyone who may read orgs and written by its superior (those
** who may write the org: never the org itself). Holds reveal discipline,
** so no list is ever of everyone: each names its subject.
*/
#include "api/api.h"
#include "api/fields.h"
#include "api/json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "domain/evidence.h"

static const char *const rating_fields[] = {"person_id", "org_id", "year", "rating", NULL};
static const char *const initiative_fields[] = {
	"person_id", "title", "level", "year", "id", "used_by", "created_at", NULL};
static const char *const hold_fields[] = {
	"person_id", "org_id", "kind", "started_on", "ended_on", "note", NULL};
/* A hold read and sent back whole is accepted: only ended_on and note may differ. */
static const char *const hold_patch_fields[] = {
	"ended_on", "note", "id", "person_id", "org_id", "kind", "started_on", "created_at",
	"updated_at", "recorded_by", NULL};

/* ---- JSON ---- */

static json_t *rating_json(const struct rating_record *r)
{
	return json_pack("{s:I, s:o, s:o, s:i, s:s, s:s}",
			 "id", (json_int_t)r->id,
			 "person_id", id_or_null(r->person_id),
			 "org_id", id_or_null(r->org_id),
			 "year", r->year,
			 "rating", rating_name(r->rating),
			 "updated_at", r->updated_at);
}

static json_t *initiative_json(const struct initiative *i)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:i, s:o, s:s}",
			 "id", (json_int_t)i->id,
			 "person_id", (json_int_t)i->person_id,
			 "title", i->title,
			 "level", level_name(i->level),
			 "year", i->year,
			 "used_by", id_or_null(i->used_by),
			 "created_at", i->created_at);
}

static json_t *hold_json(const struct hold *h)
{
	return json_pack("{s:I, s:o, s:o, s:s, s:s, s:o, s:o, s:o, s:s, s:s}",
			 "id", (json_int_t)h->id,
			 "person_id", id_or_null(h->person_id),
			 "org_id", id_or_null(h->org_id),
			 "kind", hold_kind_name(h->kind),
			 "started_on", h->started_on,
			 "ended_on", str_or_null(h->ended_on),
			 "note", str_or_null(h->note),
			 "recorded_by", id_or_null(h->recorded_by),
			 "created_at", h->created_at,
			 "updated_at", h->updated_at);
}

/* ---- body fields ---- */

static int rating_word(const char *s, int *out)
{
	enum rating r;
	if (rating_parse(s, &r) != 0)
		return -1;
	*out = (int)r;
	return 0;
}

static int level_word(const char *s, int *out)
{
	enum award_level l;
	if (level_parse(s, &l) != 0)
		return -1;
	*out = (int)l;
	return 0;
}

static int kind_word(const char *s, int *out)
{
	enum hold_kind k;
	if (hold_kind_parse(s, &k) != 0)
		return -1;
	*out = (int)k;
	return 0;
}

/*
** A required word read with the domain's parser (rating_parse, …):
** 422 required when absent or null, invalid_value listing `allowed` when
** the parser refuses it.
*/
static int field_word(json_t *obj, const char *key, int (*parse)(const char *, int *),
		      const char *allowed, int *out, struct error *e)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return err_set(e, ERR_INVALID, "required", key, "%s is required", key);
	const char *s = json_string_value(v);
	if (!s || parse(s, out) != 0)
		return err_set(e, ERR_INVALID, "invalid_value", key, "%s must be one of: %s", key,
			       allowed);
	return 0;
}

static int rating_from_json(json_t *body, struct rating_record *r, struct error *e)
{
	int64_t year = 0;
	int rating = 0;
	if (fields_known(body, rating_fields, e) != 0 ||
	    field_id(body, "person_id", &r->person_id, OPTIONAL, e) != 0 ||
	    field_id(body, "org_id", &r->org_id, OPTIONAL, e) != 0 ||
	    field_int(body, "year", 0, 9999, &year, REQUIRED, e) != 0 ||
	    field_word(body, "rating", rating_word, "excellent, good, completed, not_completed",
		       &rating, e) != 0)
		return -1;
	r->year = (int)year;
	r->rating = (enum rating)rating;
	return rating_record_validate(r, clock_year(), e);
}

static int initiative_from_json(json_t *body, struct initiative *i, struct error *e)
{
	int64_t year = 0;
	int level = 0;
	if (fields_known(body, initiative_fields, e) != 0 ||
	    field_fixed(body, "id", NULL, e) != 0 ||
	    field_fixed(body, "used_by", NULL, e) != 0 ||
	    field_fixed(body, "created_at", NULL, e) != 0 ||
	    field_id(body, "person_id", &i->person_id, REQUIRED, e) != 0 ||
	    field_line(body, "title", i->title, sizeof i->title, INITIATIVE_TITLE_CHARS,
		       REQUIRED, e) != 0 ||
	    field_word(body, "level", level_word, "grassroots, ministry_province, national",
		       &level, e) != 0 ||
	    field_int(body, "year", 0, 9999, &year, REQUIRED, e) != 0)
		return -1;
	i->level = (enum award_level)level;
	i->year = (int)year;
	return initiative_validate(i, clock_year(), e);
}

/* note: absent keeps it, null or blank clears it. */
static int field_note(json_t *body, struct hold *h, struct error *e)
{
	char *note = NULL;
	if (field_block(body, "note", &note, HOLD_NOTE_CHARS, OPTIONAL, e) != 0)
		return -1;
	if (note || json_object_get(body, "note"))
		snprintf(h->note, sizeof h->note, "%s", note ? note : "");
	free(note);
	return 0;
}

static int hold_from_json(json_t *body, struct hold *h, struct error *e)
{
	int kind = 0;
	if (fields_known(body, hold_fields, e) != 0 ||
	    field_id(body, "person_id", &h->person_id, OPTIONAL, e) != 0 ||
	    field_id(body, "org_id", &h->org_id, OPTIONAL, e) != 0 ||
	    field_word(body, "kind", kind_word, "discipline, inspection, complaint", &kind,
		       e) != 0 ||
	    field_date(body, "started_on", h->started_on, sizeof h->started_on, REQUIRED,
		       e) != 0 ||
	    field_date(body, "ended_on", h->ended_on, sizeof h->ended_on, OPTIONAL, e) != 0 ||
	    field_note(body, h, e) != 0)
		return -1;
	h->kind = (enum hold_kind)kind;
	return hold_validate(h, clock_year(), e);
}

static int hold_patch_from_json(json_t *body, struct hold *h, struct error *e)
{
	if (fields_known(body, hold_patch_fields, e) != 0 ||
	    field_fixed(body, "id", json_integer(h->id), e) != 0 ||
	    field_fixed(body, "person_id", id_or_null(h->person_id), e) != 0 ||
	    field_fixed(body, "org_id", id_or_null(h->org_id), e) != 0 ||
	    field_fixed(body, "kind", json_string(hold_kind_name(h->kind)), e) != 0 ||
	    field_fixed(body, "started_on", json_string(h->started_on), e) != 0 ||
	    field_fixed(body, "created_at", json_string(h->created_at), e) != 0 ||
	    field_fixed(body, "updated_at", json_string(h->updated_at), e) != 0 ||
	    field_fixed(body, "recorded_by", id_or_null(h->recorded_by), e) != 0 ||
	    field_date(body, "ended_on", h->ended_on, sizeof h->ended_on, OPTIONAL, e) != 0 ||
	    field_note(body, h, e) != 0)
		return -1;
	return hold_validate(h, clock_year(), e);
}

/* ---- subjects and who may reach them ---- */

struct subject {
	int64_t person_id; /* exactly one of the two */
	int64_t org_id;
	int64_t owner; /* the person's org, or the org's parent (0: none) */
};

/*
** Load the subject a record names. A missing one is `missing`: 422
** unknown_person / unknown_org when a body named it, 404 for a query or
** a stored record.
*/
static int subject_load(struct ctx *cx, int64_t person_id, int64_t org_id,
			enum err_kind missing, struct subject *s, struct error *e)
{
	struct error lookup;
	err_clear(&lookup);
	memset(s, 0, sizeof *s);
	if (person_id > 0) {
		struct person p;
		if (store_person_get(cx->db, person_id, &p, &lookup) == 0) {
			s->person_id = p.id;
			s->owner = p.org_id;
			return 0;
		}
	} else {
		struct org o;
		if (store_org_get(cx->db, org_id, &o, &lookup) == 0) {
			s->org_id = o.id;
			s->owner = o.parent_id;
			return 0;
		}
	}
	if (lookup.kind != ERR_NOT_FOUND) {
		*e = lookup;
		return -1;
	}
	const char *field = person_id > 0 ? "person_id" : "org_id";
	if (missing == ERR_INVALID)
		return err_set(e, ERR_INVALID, person_id > 0 ? "unknown_person" : "unknown_org",
			       field, "%s names no %s", field,
			       person_id > 0 ? "person" : "organization");
	return err_set(e, missing, "not_found", field, "no %s %lld",
		       person_id > 0 ? "person" : "organization",
		       (long long)(person_id > 0 ? person_id : org_id));
}

/*
** A person's records: the unit rates and records its own staff, the
** authority its subtree. An org's: anyone who may read orgs reads them;
** its superior writes them.
*/
static int subject_authorize(struct ctx *cx, const struct subject *s, int write,
			     struct error *e)
{
	if (s->person_id > 0)
		return api_authorize(cx, write ? ACT_PERSON_WRITE : ACT_PERSON_READ, s->owner, e);
	if (write)
		return api_authorize(cx, ACT_ORG_WRITE, s->owner, e);
	return api_authorize(cx, ACT_ORG_READ, s->org_id, e);
}

/*
** ?person_id= or (orgs_too) ?org_id=, exactly one, naming a subject the
** caller may read; and the page. Opens a read transaction.
*/
static int subject_from_query(struct ctx *cx, struct request *rq, int orgs_too,
			      struct evidence_filter *f, struct error *e)
{
	struct subject s;
	memset(f, 0, sizeof *f);
	if (req_query_int(rq, "person_id", 1, INT64_MAX / 2, 0, &f->person_id, e) != 0 ||
	    (orgs_too && req_query_int(rq, "org_id", 1, INT64_MAX / 2, 0, &f->org_id, e) != 0) ||
	    api_page(rq, &f->page, e) != 0)
		return -1;
	if (!f->person_id && !f->org_id)
		return err_set(e, ERR_BAD_REQUEST, "filter_required", "person_id",
			       orgs_too ? "name whose records: person_id or org_id"
				        : "name whose records: person_id");
	if (f->person_id && f->org_id)
		return err_set(e, ERR_BAD_REQUEST, "invalid_query", "org_id",
			       "give person_id or org_id, not both");
	if (store_begin_read(cx->db, e) != 0 ||
	    subject_load(cx, f->person_id, f->org_id, ERR_NOT_FOUND, &s, e) != 0)
		return -1;
	return subject_authorize(cx, &s, 0, e);
}

/* A stored record's subject, which the caller must be able to read (or write). */
static int record_authorize(struct ctx *cx, int64_t person_id, int64_t org_id, int write,
			    struct error *e)
{
	struct subject s;
	if (subject_load(cx, person_id, org_id, ERR_NOT_FOUND, &s, e) != 0)
		return -1;
	return subject_authorize(cx, &s, write, e);
}

/* ---- ratings ---- */

void api_ratings_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct evidence_filter f;
	struct rating_record *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (subject_from_query(cx, rq, 1, &f, &e) != 0 ||
	    store_rating_list(cx->db, &f, &items, &n, &total, &e) != 0) {
		api_fail(cx, rs, &e);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, rating_json(&items[i]));
	free(items);
	resp_json(rs, 200, api_list(arr, total, &f.page));
}

/* The rating the subject had for the year, as JSON; *before NULL when none. */
static int rating_before(struct ctx *cx, const struct rating_record *r, json_t **before,
			 struct error *e)
{
	struct rating_record old;
	struct error lookup;
	err_clear(&lookup);
	*before = NULL;
	if (store_rating_find(cx->db, r->person_id, r->org_id, r->year, &old, &lookup) == 0) {
		*before = rating_json(&old);
		return 0;
	}
	if (lookup.kind == ERR_NOT_FOUND)
		return 0;
	*e = lookup;
	return -1;
}

void api_ratings_put(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct rating_record r;
	struct subject s;
	memset(&r, 0, sizeof r);
	json_t *body = req_json_object(rq, &e), *before = NULL, *after = NULL;
	if (!body || rating_from_json(body, &r, &e) != 0 || store_begin(cx->db, &e) != 0 ||
	    subject_load(cx, r.person_id, r.org_id, ERR_INVALID, &s, &e) != 0 ||
	    subject_authorize(cx, &s, 1, &e) != 0 || rating_before(cx, &r, &before, &e) != 0 ||
	    store_rating_put(cx->db, &r, &e) != 0 ||
	    api_audit(cx, rq, before ? "update" : "create", "rating", r.id, before,
		      after = rating_json(&r), &e) != 0 ||
	    store_commit(cx->db, &e) != 0) {
		json_decref(body);
		json_decref(before);
		json_decref(after);
		api_fail(cx, rs, &e);
		return;
	}
	json_decref(body);
	json_decref(before);
	resp_json(rs, 200, after);
}

/* ---- initiatives ---- */

void api_initiatives_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct evidence_filter f;
	struct initiative *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (subject_from_query(cx, rq, 0, &f, &e) != 0 ||
	    store_initiative_list(cx->db, &f, &items, &n, &total, &e) != 0) {
		api_fail(cx, rs, &e);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, initiative_json(&items[i]));
	free(items);
	resp_json(rs, 200, api_list(arr, total, &f.page));
}

void api_initiatives_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct initiative i;
	if (store_initiative_get(cx->db, rq->params[0], &i, &e) != 0 ||
	    record_authorize(cx, i.person_id, 0, 0, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	resp_json(rs, 200, initiative_json(&i));
}

void api_initiatives_create(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct initiative i;
	struct subject s;
	memset(&i, 0, sizeof i);
	json_t *body = req_json_object(rq, &e), *after = NULL;
	if (!body || initiative_from_json(body, &i, &e) != 0 || store_begin(cx->db, &e) != 0 ||
	    subject_load(cx, i.person_id, 0, ERR_INVALID, &s, &e) != 0 ||
	    subject_authorize(cx, &s, 1, &e) != 0 || store_initiative_insert(cx->db, &i, &e) != 0 ||
	    api_audit(cx, rq, "create", "initiative", i.id, NULL, after = initiative_json(&i),
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

/* ---- holds ---- */

void api_holds_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct evidence_filter f;
	struct hold *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (subject_from_query(cx, rq, 1, &f, &e) != 0 ||
	    store_hold_list(cx->db, &f, &items, &n, &total, &e) != 0) {
		api_fail(cx, rs, &e);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, hold_json(&items[i]));
	free(items);
	resp_json(rs, 200, api_list(arr, total, &f.page));
}

void api_holds_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct hold h;
	if (store_hold_get(cx->db, rq->params[0], &h, &e) != 0 ||
	    record_authorize(cx, h.person_id, h.org_id, 0, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	resp_json(rs, 200, hold_json(&h));
}

void api_holds_create(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct hold h;
	struct subject s;
	memset(&h, 0, sizeof h);
	json_t *body = req_json_object(rq, &e), *after = NULL;
	h.recorded_by = cx->who.org_id;
	if (!body || hold_from_json(body, &h, &e) != 0 || store_begin(cx->db, &e) != 0 ||
	    subject_load(cx, h.person_id, h.org_id, ERR_INVALID, &s, &e) != 0 ||
	    subject_authorize(cx, &s, 1, &e) != 0 || store_hold_insert(cx->db, &h, &e) != 0 ||
	    api_audit(cx, rq, "create", "hold", h.id, NULL, after = hold_json(&h), &e) != 0 ||
	    store_commit(cx->db, &e) != 0) {
		json_decref(body);
		json_decref(after);
		api_fail(cx, rs, &e);
		return;
	}
	json_decref(body);
	resp_json(rs, 201, after);
}

/*
** Only the org that opened a hold, or one above it, changes it: a unit
** cannot end the inspection its superior opened on its own nominee.
*/
static int hold_recorder_reached(struct ctx *cx, const struct hold *h, struct error *e)
{
	if (cx->who.roles & ROLE_ADMIN)
		return 0;
	if (h->recorded_by > 0 &&
	    api_authorize(cx, h->person_id ? ACT_PERSON_WRITE : ACT_ORG_WRITE, h->recorded_by,
			  e) == 0)
		return 0;
	return err_set(e, ERR_FORBIDDEN, "forbidden", NULL,
		       "only the organization that opened this %s, or one above it, may change it",
		       hold_kind_name(h->kind));
}

void api_holds_patch(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct hold h;
	json_t *body = req_json_object(rq, &e), *before = NULL, *after = NULL;
	if (!body || store_begin(cx->db, &e) != 0 ||
	    store_hold_get(cx->db, rq->params[0], &h, &e) != 0 ||
	    record_authorize(cx, h.person_id, h.org_id, 1, &e) != 0 ||
	    hold_recorder_reached(cx, &h, &e) != 0)
		goto fail;
	before = hold_json(&h);
	if (hold_patch_from_json(body, &h, &e) != 0 || store_hold_update(cx->db, &h, &e) != 0 ||
	    api_audit(cx, rq, "update", "hold", h.id, before, after = hold_json(&h), &e) != 0 ||
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
