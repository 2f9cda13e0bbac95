/*
** /api/v1/people: the registry of people, searchable without diacritics
** ("nguyen van" finds "Nguyễn Văn …") and listed in Vietnamese order.
** A caller sees and edits only the people its roles reach.
*/
#include "api/api.h"
#include "api/fields.h"
#include "api/json_out.h"
#include "api/parse.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

static const char *const person_fields[] = {
	"full_name", "gender", "birth_year", "org_id", "position", "party_member",
	"party_admission_date", "id", NULL};
static const char *const gender_names[] = {"male", "female", NULL};

int person_from_json(json_t *body, struct person *p, int creating, struct error *e)
{
	int gender = (int)p->gender;
	int64_t birth = p->birth_year;
	int req = creating ? REQUIRED : OPTIONAL;
	if (fields_known(body, person_fields, e) != 0 ||
	    field_fixed(body, "id", p->id ? json_integer(p->id) : NULL, e) != 0 ||
	    field_line(body, "full_name", p->full_name, sizeof p->full_name,
		       PERSON_NAME_CHARS, req, e) != 0 ||
	    field_enum(body, "gender", gender_names, &gender, req, e) != 0 ||
	    field_int(body, "birth_year", 1900, 2200, &birth, OPTIONAL, e) != 0 ||
	    field_id(body, "org_id", &p->org_id, req, e) != 0 ||
	    field_line(body, "position", p->position, sizeof p->position, POSITION_CHARS,
		       OPTIONAL, e) != 0 ||
	    field_bool(body, "party_member", &p->party_member, OPTIONAL, e) != 0 ||
	    field_date(body, "party_admission_date", p->party_admission_date,
		       sizeof p->party_admission_date, OPTIONAL, e) != 0)
		return -1;
	p->gender = (enum gender)gender;
	p->birth_year = (int)birth;
	return person_validate(p, clock_year(), e);
}

/* q is the buffer (QUERY_TEXT_BYTES) the filter's text query lives in. */
static int parse_person_filter(struct request *rq, struct person_filter *f, char *q,
			       struct error *e)
{
	if (api_query_text(rq, "q", q, QUERY_TEXT_BYTES, &f->q, e) != 0)
		return -1;
	f->gender = -1;
	f->party_member = -1;
	const char *g = req_query(rq, "gender");
	enum gender gv;
	if (g) {
		if (gender_parse(g, &gv) != 0)
			return err_set(e, ERR_BAD_REQUEST, "invalid_query", "gender",
				       "gender must be 'male' or 'female'");
		f->gender = (int)gv;
	}
	const char *pm = req_query(rq, "party_member");
	if (pm) {
		if (strcmp(pm, "true") != 0 && strcmp(pm, "false") != 0)
			return err_set(e, ERR_BAD_REQUEST, "invalid_query", "party_member",
				       "party_member must be 'true' or 'false'");
		f->party_member = strcmp(pm, "true") == 0;
	}
	return api_page(rq, &f->page, e) != 0 ||
			       req_query_int(rq, "org_id", 1, INT64_MAX / 2, 0, &f->org_id, e) != 0
		       ? -1
		       : 0;
}

void api_people_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct person_filter f;
	char q[QUERY_TEXT_BYTES];
	memset(&f, 0, sizeof f);
	if (parse_person_filter(rq, &f, q, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	struct scope sc = authz_people_scope(&cx->who);
	f.scope_kind = (int)sc.kind;
	f.scope_org_id = sc.org_id;
	/* Naming an org outside one's reach is refused, not silently emptied. */
	if (f.org_id > 0 && api_authorize(cx, ACT_PERSON_READ, f.org_id, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	struct person *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (store_person_list(cx->db, &f, &items, &n, &total, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, person_json(&items[i]));
	free(items);
	resp_json(rs, 200, api_list(arr, total, &f.page));
}

void api_people_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct person p;
	if (store_person_get(cx->db, rq->params[0], &p, &e) != 0 ||
	    api_authorize(cx, ACT_PERSON_READ, p.org_id, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	resp_json(rs, 200, person_json(&p));
}

void api_people_create(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct person p;
	memset(&p, 0, sizeof p);
	json_t *body = req_json_object(rq, &e), *after = NULL;
	if (!body || person_from_json(body, &p, 1, &e) != 0) {
		json_decref(body);
		resp_error(rs, &e);
		return;
	}
	json_decref(body);
	if (store_begin(cx->db, &e) != 0 || api_require_org(cx, p.org_id, "org_id", -1, &e) != 0 ||
	    api_authorize(cx, ACT_PERSON_WRITE, p.org_id, &e) != 0 ||
	    store_person_insert(cx->db, &p, &e) != 0 ||
	    api_audit(cx, rq, "create", "person", p.id, NULL, after = person_json(&p), &e) != 0 ||
	    store_commit(cx->db, &e) != 0) {
		json_decref(after);
		api_fail(cx, rs, &e);
		return;
	}
	resp_json(rs, 201, after);
}

void api_people_patch(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct person p;
	json_t *body = req_json_object(rq, &e), *before = NULL, *after = NULL;
	if (!body || store_begin(cx->db, &e) != 0 ||
	    store_person_get(cx->db, rq->params[0], &p, &e) != 0 ||
	    api_authorize(cx, ACT_PERSON_WRITE, p.org_id, &e) != 0)
		goto fail;
	before = person_json(&p);
	/* Moving a person needs write access at both ends. */
	if (person_from_json(body, &p, 0, &e) != 0 ||
	    api_require_org(cx, p.org_id, "org_id", -1, &e) != 0 ||
	    api_authorize(cx, ACT_PERSON_WRITE, p.org_id, &e) != 0 ||
	    store_person_update(cx->db, &p, &e) != 0 ||
	    api_audit(cx, rq, "update", "person", p.id, before, after = person_json(&p), &e) != 0 ||
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

void api_people_delete(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct person p;
	json_t *before = NULL;
	if (store_begin(cx->db, &e) != 0 || store_person_get(cx->db, rq->params[0], &p, &e) != 0 ||
	    api_authorize(cx, ACT_PERSON_WRITE, p.org_id, &e) != 0 ||
	    store_person_delete(cx->db, p.id, &e) != 0 ||
	    api_audit(cx, rq, "delete", "person", p.id, before = person_json(&p), NULL, &e) != 0 ||
	    store_commit(cx->db, &e) != 0) {
		json_decref(before);
		api_fail(cx, rs, &e);
		return;
	}
	json_decref(before);
	resp_empty(rs, 204);
}
