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

#include "core/clock.h"

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
	    field_int(body, "year", 1945, clock_year(), &year, REQUIRED, e) != 0 ||
	    field_line(body, "decision_ref", a->decision_ref, sizeof a->decision_ref,
		       DECISION_REF_CHARS, REQUIRED, e) != 0 ||
	    field_id(body, "cluster_id", &a->cluster_id, OPTIONAL, e) != 0)
		return -1;
	a->year = (int)year;
	return 0;
}

/*
** Who records a past award: the authority over the recipient — over the
** person's unit, or above the org (an org does not record its own
** titles; a top-level org only an admin). *unit is the recipient's org.
*/
static int recipient_owner(struct ctx *cx, const struct award *a, int64_t *owner,
			   int64_t *unit, struct error *e)
{
	if ((a->person_id > 0) == (a->org_id > 0))
		return err_set(e, ERR_INVALID, "invalid_recipient", "person_id",
			       "give exactly one of person_id and org_id");
	if (a->org_id > 0) {
		struct org o;
		if (store_org_get(cx->db, a->org_id, &o, e) != 0)
			return e->kind == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "unknown_org",
								  "org_id", "no organization %lld",
								  (long long)a->org_id)
							: -1;
		*unit = o.id;
		*owner = o.parent_id;
		return 0;
	}
	struct person p;
	if (store_person_get(cx->db, a->person_id, &p, e) != 0)
		return e->kind == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "unknown_person",
							  "person_id", "no person %lld",
							  (long long)a->person_id)
						: -1;
	*unit = p.org_id;
	*owner = p.org_id;
	return 0;
}

/*
** A flag's cluster: the caller must be its authority, and the recipient a
** member of the cluster's year when that year is in the system.
*/
static int cluster_reached(struct ctx *cx, const struct award *a, int64_t unit,
			   struct error *e)
{
	struct cluster c;
	struct cluster_year y;
	if (a->cluster_id <= 0)
		return 0;
	if (store_cluster_get(cx->db, a->cluster_id, &c, e) != 0)
		return e->kind == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "unknown_cluster",
							  "cluster_id", "no cluster %lld",
							  (long long)a->cluster_id)
						: -1;
	if (api_authorize(cx, ACT_DECISION_WRITE, c.authority_id, e) != 0)
		return -1;
	struct error none;
	err_clear(&none);
	if (store_cluster_year_get(cx->db, c.id, a->year, &y, &none) != 0) {
		if (none.kind == ERR_NOT_FOUND)
			return 0;
		*e = none;
		return -1;
	}
	for (size_t i = 0; i < y.n_members; i++)
		if (y.members[i] == unit)
			return 0;
	return err_set(e, ERR_INVALID, "not_a_member", "cluster_id",
		       "the recipient is not of a member unit of the cluster's %d year", a->year);
}

void api_awards_create(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *body = req_json_object(rq, &e), *j = NULL;
	struct award a;
	int64_t owner = 0, unit = 0;
	if (!body || award_from_json(body, &a, &e) != 0 || store_begin(cx->db, &e) != 0 ||
	    recipient_owner(cx, &a, &owner, &unit, &e) != 0 ||
	    api_authorize(cx, ACT_DECISION_WRITE, owner, &e) != 0 ||
	    cluster_reached(cx, &a, unit, &e) != 0 || store_award_record(cx->db, &a, NULL, &e) != 0)
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

int award_readable(struct ctx *cx, const struct award *a, struct error *e)
{
	int64_t owner = 0, unit = 0;
	if (a->person_id <= 0)
		return 0;
	if (recipient_owner(cx, a, &owner, &unit, e) != 0)
		return -1;
	return api_authorize(cx, ACT_PERSON_READ, owner, e);
}

void api_awards_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct award a;
	if (store_award_get(cx->db, rq->params[0], &a, &e) != 0 ||
	    award_readable(cx, &a, &e) != 0) {
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
