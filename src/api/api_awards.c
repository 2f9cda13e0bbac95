/*
** /api/v1/awards: the award history — what decisions made here conferred,
** and what was conferred on paper before go-live (POST /awards, recorded
** by the authority over the recipient, so eligibility works from day one).
** A person's awards are seen within the caller's people scope; an org's
** by anyone logged in, as published decisions are.
*/
#include "api/awards.h"
#include "api/fields.h"
#include "api/json_out.h"

#include <stdlib.h>
#include <string.h>

static const char *const award_fields[] = {"award_type", "person_id", "org_id",  "year",
					   "decision_ref", "cluster_id", NULL};

static int award_from_json(json_t *body, struct award *a, struct error *e)
{
	int64_t year = 0;
	memset(a, 0, sizeof *a);
	if (fields_known(body, award_fields, e) != 0 ||
	    field_line(body, "award_type", a->award_type, sizeof a->award_type,
		       AWARD_CODE_CHARS, REQUIRED, e) != 0 ||
	    field_id(body, "person_id", &a->person_id, OPTIONAL, e) != 0 ||
	    field_id(body, "org_id", &a->org_id, OPTIONAL, e) != 0 ||
	    field_int(body, "year", 1945, 2200, &year, REQUIRED, e) != 0 ||
	    field_line(body, "decision_ref", a->decision_ref, sizeof a->decision_ref,
		       DECISION_REF_CHARS, REQUIRED, e) != 0 ||
	    field_id(body, "cluster_id", &a->cluster_id, OPTIONAL, e) != 0)
		return -1;
	a->year = (int)year;
	return 0;
}

/* The org that owns the recipient: the person's org, or the org itself. */
static int recipient_owner(struct ctx *cx, int64_t person_id, int64_t org_id, int64_t *owner,
			   struct error *e)
{
	if ((person_id > 0) == (org_id > 0))
		return err_set(e, ERR_INVALID, "invalid_recipient", "person_id",
			       "give exactly one of person_id and org_id");
	if (org_id > 0) {
		*owner = org_id;
		return 0;
	}
	struct person p;
	if (store_person_get(cx->db, person_id, &p, e) != 0)
		return e->kind == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "unknown_person",
							  "person_id", "no person %lld",
							  (long long)person_id)
						: -1;
	*owner = p.org_id;
	return 0;
}

void api_awards_create(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *body = req_json_object(rq, &e), *j = NULL;
	struct award a;
	int64_t owner = 0;
	if (!body || award_from_json(body, &a, &e) != 0 || store_begin(cx->db, &e) != 0 ||
	    recipient_owner(cx, a.person_id, a.org_id, &owner, &e) != 0 ||
	    api_authorize(cx, ACT_DECISION_WRITE, owner, &e) != 0 ||
	    store_award_record(cx->db, &a, &e) != 0)
		goto fail;
	j = award_json(&a);
	if (api_audit(cx, rq, "record", "award", a.id, NULL, j, &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	resp_json(rs, 201, j);
	j = NULL;
	goto done;
fail:
	api_fail(cx, rs, &e);
done:
	json_decref(j);
	json_decref(body);
}

void api_awards_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct award a;
	int64_t owner = 0;
	if (store_award_get(cx->db, rq->params[0], &a, &e) != 0 ||
	    (a.person_id > 0 && (recipient_owner(cx, a.person_id, 0, &owner, &e) != 0 ||
				 api_authorize(cx, ACT_PERSON_READ, owner, &e) != 0))) {
		resp_error(rs, &e);
		return;
	}
	resp_json(rs, 200, award_json(&a));
}

/* List awards by f (its scope set here from the caller). */
static void awards_answer(struct ctx *cx, struct response *rs, struct award_filter *f)
{
	struct error e;
	err_clear(&e);
	struct scope sc = authz_people_scope(&cx->who);
	struct award *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	f->scope_kind = (int)sc.kind;
	f->scope_org_id = sc.org_id;
	if (store_award_list(cx->db, f, &items, &n, &total, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, award_json(&items[i]));
	free(items);
	resp_json(rs, 200, api_list(arr, total, &f->page));
}

static int awards_filter(struct request *rq, struct award_filter *f, char *type,
			 struct error *e)
{
	int64_t year = 0;
	memset(f, 0, sizeof *f);
	const char *t = req_query(rq, "award_type");
	if (t) {
		if (strlen(t) > AWARD_CODE_CHARS)
			return err_set(e, ERR_BAD_REQUEST, "invalid_query", "award_type",
				       "award_type is a code of at most %d characters",
				       AWARD_CODE_CHARS);
		strcpy(type, t);
		f->award_type = type;
	}
	if (req_query_int(rq, "person_id", 1, INT64_MAX / 2, 0, &f->person_id, e) != 0 ||
	    req_query_int(rq, "org_id", 1, INT64_MAX / 2, 0, &f->org_id, e) != 0 ||
	    req_query_int(rq, "decision_id", 1, INT64_MAX / 2, 0, &f->decision_id, e) != 0 ||
	    req_query_int(rq, "year", 1945, 2200, 0, &year, e) != 0 ||
	    api_page(rq, &f->page, e) != 0)
		return -1;
	f->year = (int)year;
	return 0;
}

void api_awards_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct award_filter f;
	char type[AWARD_CODE_CHARS + 1];
	if (awards_filter(rq, &f, type, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	awards_answer(cx, rs, &f);
}

/*
** GET /people/{id}/awards (of_person; 403 for a person outside the
** caller's reach) and GET /orgs/{id}/awards.
*/
static void awards_of(struct request *rq, struct response *rs, int of_person)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct award_filter f;
	char type[AWARD_CODE_CHARS + 1];
	struct person p;
	if (awards_filter(rq, &f, type, &e) != 0 ||
	    (of_person ? store_person_get(cx->db, rq->params[0], &p, &e) != 0 ||
				 api_authorize(cx, ACT_PERSON_READ, p.org_id, &e) != 0
		       : store_org_exists(cx->db, rq->params[0], &e) != 0)) {
		resp_error(rs, &e);
		return;
	}
	f.person_id = of_person ? rq->params[0] : 0;
	f.org_id = of_person ? 0 : rq->params[0];
	awards_answer(cx, rs, &f);
}

void api_person_awards(struct request *rq, struct response *rs)
{
	awards_of(rq, rs, 1);
}

void api_org_awards(struct request *rq, struct response *rs)
{
	awards_of(rq, rs, 0);
}
