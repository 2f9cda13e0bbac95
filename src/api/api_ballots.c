/*
** /ballots: making a ballot, listing and reading ballots, and moving one
** through draft → open → closed. Casting, paper counts, the chair's
** casting vote, the result and receipts are in api_votes.c.
*/
#include "api/ballots.h"
#include "api/fields.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ids.h"
#include "core/log.h"

static const char *const ballot_fields[] = {
	"kind", "question", "candidates", "seats", "max_choices", "threshold",
	"threshold_base", "quorum", "cluster_id", "year", "authority_id", "voters", NULL};
static const char *const candidate_fields[] = {"org_id", "person_id", "label", "priority",
					       NULL};

/*
** A share from 0 to 1 in parts per 10,000, cut (not rounded) so that two
** thirds sent as 2/3 = 0.6666… is 6666 and 15 voters need 10, not 11.
*/
static int field_share(json_t *obj, const char *key, int *out, int required,
		       struct error *e)
{
	double x = 0;
	int present = 0;
	if (field_number(obj, key, 0, 1, &x, &present, required, e) != 0)
		return -1;
	if (present)
		*out = (int)floor(x * SHARE_SCALE + 1e-6);
	return 0;
}

/*
** A person the caller may nominate: one it may read, or one of a member
** unit of the ballot's cluster year; any other is answered as if it did
** not exist, so a ballot cannot be used to look people up.
*/
static int candidate_person(struct ctx *cx, int64_t id, const int64_t *members,
			    size_t n_members, struct person *p, struct error *e)
{
	struct error lookup;
	err_clear(&lookup);
	if (store_person_get(cx->db, id, p, &lookup) == 0 &&
	    (ids_contain(members, n_members, p->org_id) ||
	     api_authorize(cx, ACT_PERSON_READ, p->org_id, &lookup) == 0))
		return 0;
	if (lookup.kind != ERR_NOT_FOUND && lookup.kind != ERR_FORBIDDEN) {
		*e = lookup;
		return -1;
	}
	return err_set(e, ERR_INVALID, "unknown_person", "candidates", "person %lld does not exist",
		       (long long)id);
}

/* A candidate: exactly one of org_id, person_id, label. */
static int candidate_from_json(struct ctx *cx, json_t *obj, const int64_t *members,
			       size_t n_members, struct ballot_candidate *k, struct error *e)
{
	if (!json_is_object(obj))
		return err_set(e, ERR_INVALID, "wrong_type", "candidates",
			       "each candidate is an object {org_id | person_id | label}");
	if (fields_known(obj, candidate_fields, e) != 0 ||
	    field_id(obj, "org_id", &k->org_id, OPTIONAL, e) != 0 ||
	    field_id(obj, "person_id", &k->person_id, OPTIONAL, e) != 0 ||
	    field_line(obj, "label", k->label, sizeof k->label, CANDIDATE_LABEL_CHARS, OPTIONAL,
		       e) != 0 ||
	    field_bool(obj, "priority", &k->priority, OPTIONAL, e) != 0)
		return -1;
	int named = (k->org_id > 0) + (k->person_id > 0) + (k->label[0] != 0);
	if (named != 1)
		return err_set(e, ERR_INVALID, "invalid_candidate", "candidates",
			       "a candidate is one of org_id, person_id or label");
	if (k->org_id > 0) {
		struct org o;
		if (api_require_org(cx, k->org_id, "candidates", -1, e) != 0 ||
		    store_org_get(cx->db, k->org_id, &o, e) != 0)
			return -1;
		snprintf(k->label, sizeof k->label, "%s", o.name);
	} else if (k->person_id > 0) {
		struct person p;
		if (json_object_get(obj, "priority"))
			return err_set(e, ERR_INVALID, "priority_from_record", "candidates",
				       "a person's priority follows the gender on record");
		if (candidate_person(cx, k->person_id, members, n_members, &p, e) != 0)
			return -1;
		snprintf(k->label, sizeof k->label, "%s", p.full_name);
		/* the law's priority to women follows the person's record */
		k->priority = p.gender == GENDER_FEMALE;
	}
	return 0;
}

static int candidates_from_json(struct ctx *cx, json_t *body, const int64_t *members,
				size_t n_members, struct ballot *b, struct error *e)
{
	json_t *arr = json_object_get(body, "candidates");
	if (!json_is_array(arr))
		return err_set(e, ERR_INVALID, arr ? "wrong_type" : "required", "candidates",
			       "candidates must be an array of candidates");
	size_t n = json_array_size(arr);
	if (n < 1 || n > BALLOT_CANDIDATES_MAX)
		return err_set(e, ERR_INVALID, "out_of_range", "candidates",
			       "a ballot has 1 to %d candidates", BALLOT_CANDIDATES_MAX);
	b->candidates = calloc(n, sizeof *b->candidates);
	if (!b->candidates)
		return err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		struct ballot_candidate *k = &b->candidates[i];
		if (candidate_from_json(cx, json_array_get(arr, i), members, n_members, k, e) != 0)
			return -1;
		k->id = (int)i + 1;
		b->n_candidates = i + 1;
		for (size_t j = 0; j < i; j++) {
			const struct ballot_candidate *o = &b->candidates[j];
			if ((k->org_id && o->org_id == k->org_id) ||
			    (k->person_id && o->person_id == k->person_id) ||
			    (!k->org_id && !k->person_id && !o->org_id && !o->person_id &&
			     strcmp(o->label, k->label) == 0))
				return err_set(e, ERR_INVALID, "duplicate", "candidates",
					       "candidate %zu repeats candidate %zu", i + 1, j + 1);
		}
	}
	return 0;
}

/* The ballot's rules and question, checked against its candidates. */
static int rules_from_json(json_t *body, struct ballot *b, struct error *e)
{
	int kind = 0, base = BASE_ELIGIBLE;
	int64_t seats = 0, max_choices = 0, year = 0;
	if (field_enum(body, "kind", ballot_kind_names(), &kind, REQUIRED, e) != 0 ||
	    field_line(body, "question", b->question, sizeof b->question, BALLOT_QUESTION_CHARS,
		       REQUIRED, e) != 0 ||
	    field_int(body, "seats", 0, BALLOT_CANDIDATES_MAX, &seats, OPTIONAL, e) != 0 ||
	    field_int(body, "max_choices", 1, BALLOT_CANDIDATES_MAX, &max_choices, OPTIONAL,
		      e) != 0 ||
	    field_share(body, "threshold", &b->rules.threshold, REQUIRED, e) != 0 ||
	    field_enum(body, "threshold_base", threshold_base_names(), &base, OPTIONAL, e) != 0 ||
	    field_share(body, "quorum", &b->rules.quorum, OPTIONAL, e) != 0 ||
	    field_int(body, "year", YEAR_MIN, YEAR_MAX, &year, REQUIRED, e) != 0)
		return -1;
	b->rules.kind = (enum ballot_kind)kind;
	b->rules.base = (enum threshold_base)base;
	b->rules.seats = (int)seats;
	b->year = (int)year;
	/* choose up to N: N defaults to the seats */
	if (b->rules.kind == BALLOT_SINGLE)
		b->rules.max_choices = 1;
	else if (b->rules.kind == BALLOT_CHOOSE_N)
		b->rules.max_choices = (int)(max_choices ? max_choices : seats);
	else
		b->rules.max_choices = 0;
	if (b->rules.kind == BALLOT_CHOOSE_N && b->rules.max_choices == 0)
		return err_set(e, ERR_INVALID, "required", "max_choices",
			       "choose up to N needs max_choices (or seats)");
	return 0;
}

/*
** The users a ballot lists as its voters: distinct and active; for a
** cluster ballot, people of its member units; for a council ballot,
** council members of its authority.
*/
static int check_user_voters(struct ctx *cx, const struct ballot *b, const int64_t *ids,
			     size_t n, const int64_t *members, size_t n_members, struct error *e)
{
	for (size_t i = 0; i < n; i++) {
		struct user u;
		struct error lookup;
		err_clear(&lookup);
		if (ids_index(ids, i, ids[i]) >= 0)
			return err_set(e, ERR_INVALID, "duplicate", "voters",
				       "user %lld is listed twice", (long long)ids[i]);
		if (store_user_get(cx->db, ids[i], &u, &lookup) != 0 &&
		    lookup.kind != ERR_NOT_FOUND) {
			*e = lookup;
			return -1;
		}
		int fits = lookup.kind == ERR_NONE && !u.disabled &&
			   (b->cluster_id > 0 ? ids_contain(members, n_members, u.org_id)
					      : (u.roles & ROLE_COUNCIL_MEMBER) &&
							u.org_id == b->authority_id);
		if (!fits)
			return err_set(e, ERR_INVALID, "not_eligible_voter", "voters",
				       "user %lld is not an active %s", (long long)ids[i],
				       b->cluster_id > 0 ? "user of a member unit"
							 : "council member of the authority");
	}
	return 0;
}

/* A cluster ballot: the year must exist and be open, the caller lead it or be its authority. */
static int cluster_scope(struct ctx *cx, struct ballot *b, int64_t authority_id,
			 struct cluster_year *y, struct error *e)
{
	struct cluster c;
	unsigned powers = 0;
	struct error lookup;
	err_clear(&lookup);
	if (store_cluster_get(cx->db, b->cluster_id, &c, &lookup) != 0 ||
	    store_cluster_year_get(cx->db, b->cluster_id, b->year, y, &lookup) != 0) {
		if (lookup.kind != ERR_NOT_FOUND) {
			*e = lookup;
			return -1;
		}
		return err_set(e, ERR_INVALID, "unknown_cluster_year", "cluster_id",
			       "cluster %lld has no year %d", (long long)b->cluster_id, b->year);
	}
	if (authority_id && authority_id != c.authority_id)
		return err_set(e, ERR_INVALID, "wrong_authority", "authority_id",
			       "the cluster is organized by authority %lld",
			       (long long)c.authority_id);
	b->authority_id = c.authority_id;
	if (year_powers(cx, &c, y, &powers, e) != 0)
		return -1;
	if (!(powers & (POWER_LEADER | POWER_AUTHORITY)))
		return err_set(e, ERR_FORBIDDEN, "forbidden", NULL,
			       "only the year's leader unit or the authority may hold a ballot");
	if (y->status == YEAR_CLOSED)
		return err_set(e, ERR_CONFLICT, "year_closed", "year",
			       "the %d year of this cluster is closed", b->year);
	return 0;
}

/* A council ballot: the caller manages the authority; voters default to its council. */
static int council_scope(struct ctx *cx, json_t *body, struct ballot *b, int64_t authority_id,
			 int64_t *voters, size_t *n_voters, struct error *e)
{
	int64_t *council = NULL;
	if (!authority_id)
		return err_set(e, ERR_INVALID, "required", "authority_id",
			       "a council ballot names its authority (or give cluster_id)");
	if (api_require_org(cx, authority_id, "authority_id", ORG_AUTHORITY, e) != 0 ||
	    api_authorize(cx, ACT_CLUSTER_WRITE, authority_id, e) != 0)
		return -1;
	b->authority_id = authority_id;
	b->voters = VOTERS_USERS;
	if (json_object_get(body, "voters"))
		return 0;
	if (store_council_members(cx->db, authority_id, &council, n_voters, e) != 0)
		return -1;
	int rc = 0;
	if (*n_voters > BALLOT_VOTERS_MAX)
		rc = err_set(e, ERR_INVALID, "too_many", "voters",
			     "the council has more than %d members: list the voters",
			     BALLOT_VOTERS_MAX);
	else
		memcpy(voters, council, *n_voters * sizeof *voters);
	free(council);
	return rc;
}

/*
** Where the ballot belongs, and who votes: a cluster year (its member
** units by default) or an authority's council (its council members by
** default); `voters` lists users instead. The caller must manage it.
** members (y->n_members of them) are the year's, none for a council.
*/
static int scope_from_json(struct ctx *cx, json_t *body, struct ballot *b, int64_t *voters,
			   size_t *n_voters, struct cluster_year *y, struct error *e)
{
	int64_t authority_id = 0;
	if (field_id(body, "cluster_id", &b->cluster_id, OPTIONAL, e) != 0 ||
	    field_id(body, "authority_id", &authority_id, OPTIONAL, e) != 0 ||
	    field_ids(body, "voters", voters, BALLOT_VOTERS_MAX, n_voters, OPTIONAL, e) != 0)
		return -1;
	b->voters = json_object_get(body, "voters") ? VOTERS_USERS : VOTERS_UNITS;
	if (b->cluster_id > 0) {
		if (cluster_scope(cx, b, authority_id, y, e) != 0)
			return -1;
		if (b->voters == VOTERS_UNITS) {
			memcpy(voters, y->members, y->n_members * sizeof *voters);
			*n_voters = y->n_members;
		}
	} else if (council_scope(cx, body, b, authority_id, voters, n_voters, e) != 0) {
		return -1;
	}
	if (b->voters == VOTERS_USERS &&
	    check_user_voters(cx, b, voters, *n_voters, y->members, y->n_members, e) != 0)
		return -1;
	if (*n_voters < BALLOT_SECRET_MIN)
		return err_set(e, ERR_INVALID, "too_few_voters", "voters",
			       "a secret ballot needs at least %d voters", BALLOT_SECRET_MIN);
	return 0;
}

void api_ballots_create(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *body = req_json_object(rq, &e), *j = NULL;
	struct ballot_ctx *bc = calloc(1, sizeof *bc);
	struct cluster_year *y = calloc(1, sizeof *y);
	int64_t *voters = calloc(BALLOT_VOTERS_MAX, sizeof *voters);
	size_t n_voters = 0;
	if (!bc || !y || !voters) {
		err_set(&e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
		goto fail;
	}
	if (!body || fields_known(body, ballot_fields, &e) != 0 ||
	    store_begin(cx->db, &e) != 0 || rules_from_json(body, &bc->b, &e) != 0 ||
	    scope_from_json(cx, body, &bc->b, voters, &n_voters, y, &e) != 0 ||
	    candidates_from_json(cx, body, y->members, y->n_members, &bc->b, &e) != 0 ||
	    ballot_rules_validate(&bc->b.rules, bc->b.n_candidates, &e) != 0 ||
	    store_ballot_insert(cx->db, &bc->b, cx->who.user_id, voters, n_voters, &e) != 0 ||
	    ballot_access(cx, bc, &e) != 0)
		goto fail;
	j = ballot_json(bc);
	if (api_audit(cx, rq, "create", "ballot", bc->b.id, NULL, j, &e) != 0 ||
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
	ballot_ctx_free(bc);
	free(y);
	free(voters);
}

static int filter_from_query(struct request *rq, struct ballot_filter *f, struct error *e)
{
	int64_t cluster_id, year, authority_id;
	memset(f, 0, sizeof *f);
	f->status = -1;
	const char *status = req_query(rq, "status");
	if (req_query_int(rq, "cluster_id", 1, INT64_MAX, 0, &cluster_id, e) != 0 ||
	    req_query_int(rq, "year", YEAR_MIN, YEAR_MAX, 0, &year, e) != 0 ||
	    req_query_int(rq, "authority_id", 1, INT64_MAX, 0, &authority_id, e) != 0)
		return -1;
	if (status) {
		enum ballot_status st;
		if (ballot_status_parse(status, &st) != 0)
			return err_set(e, ERR_BAD_REQUEST, "invalid_query", "status",
				       "status is draft, open or closed");
		f->status = (int)st;
	}
	f->cluster_id = cluster_id;
	f->year = (int)year;
	f->authority_id = authority_id;
	return 0;
}

/* The ballots of ids the caller may read, as JSON, one page of them. */
static int visible_ballots(struct ctx *cx, const int64_t *ids, size_t n, const struct page *p,
			   json_t *items, int64_t *total, struct error *e)
{
	struct ballot_ctx *bc = calloc(1, sizeof *bc);
	if (!bc)
		return err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	int rc = 0;
	*total = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		ballot_free(&bc->b);
		memset(bc, 0, sizeof *bc);
		rc = store_ballot_get(cx->db, ids[i], &bc->b, e);
		if (rc == 0)
			rc = ballot_access(cx, bc, e);
		if (rc != 0 || !(bc->powers & CAN_READ))
			continue;
		if (*total >= p->offset && *total < (int64_t)p->offset + p->limit)
			json_array_append_new(items, ballot_json(bc));
		(*total)++;
	}
	ballot_ctx_free(bc);
	return rc;
}

void api_ballots_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct ballot_filter f;
	struct page p;
	int64_t *ids = NULL, total = 0;
	size_t n = 0;
	json_t *items = json_array();
	if (filter_from_query(rq, &f, &e) != 0 || api_page(rq, &p, &e) != 0 ||
	    store_begin_read(cx->db, &e) != 0 || store_ballot_ids(cx->db, &f, &ids, &n, &e) != 0 ||
	    visible_ballots(cx, ids, n, &p, items, &total, &e) != 0) {
		json_decref(items);
		api_fail(cx, rs, &e);
	} else {
		store_rollback(cx->db);
		resp_json(rs, 200, api_list(items, total, &p));
	}
	free(ids);
}

/* The ballot, with the voters' list for those who manage it. */
static json_t *ballot_read(struct ctx *cx, const struct ballot_ctx *bc, struct error *e)
{
	json_t *j = ballot_json(bc), *voters = NULL;
	if (!(bc->powers & CAN_MANAGE))
		return j;
	if (ballot_voters_json(cx, &bc->b, &voters, e) != 0) {
		json_decref(j);
		return NULL;
	}
	json_object_set_new(j, "voters", voters);
	return j;
}

void api_ballots_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct ballot_ctx *bc = ballot_open(cx, rq, 0, &e);
	json_t *j = bc ? ballot_read(cx, bc, &e) : NULL;
	ballot_ctx_free(bc);
	if (!j) {
		api_fail(cx, rs, &e);
		return;
	}
	store_rollback(cx->db);
	resp_json(rs, 200, j);
}

void api_ballots_delete(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct ballot_ctx *bc = ballot_open(cx, rq, 1, &e);
	json_t *before = bc ? ballot_json(bc) : NULL;
	if (!bc || ballot_require(bc, CAN_MANAGE, "delete a ballot", &e) != 0 ||
	    ballot_require_status(&bc->b, BALLOT_DRAFT, "delete the ballot", &e) != 0 ||
	    store_ballot_delete(cx->db, bc->b.id, &e) != 0 ||
	    api_audit(cx, rq, "delete", "ballot", bc->b.id, before, NULL, &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		api_fail(cx, rs, &e);
	else
		resp_empty(rs, 204);
	json_decref(before);
	ballot_ctx_free(bc);
}

void api_ballots_open(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *j = NULL;
	struct ballot_ctx *bc = ballot_open(cx, rq, 1, &e);
	if (!bc || ballot_require(bc, CAN_MANAGE, "open a ballot", &e) != 0 ||
	    ballot_require_status(&bc->b, BALLOT_DRAFT, "open the ballot", &e) != 0 ||
	    store_ballot_set_status(cx->db, &bc->b, BALLOT_OPEN, &e) != 0 ||
	    api_audit(cx, rq, "open", "ballot", bc->b.id, NULL, NULL, &e) != 0 ||
	    !(j = ballot_read(cx, bc, &e)) || store_commit(cx->db, &e) != 0) {
		json_decref(j);
		api_fail(cx, rs, &e);
	} else {
		resp_json(rs, 200, j);
	}
	ballot_ctx_free(bc);
}

/*
** Closing seals the ballot: no more votes, the votes and voters are
** rewritten in key order, and the write-ahead log is emptied, so that
** nothing keeps the order in which they came.
*/
void api_ballots_close(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *j = NULL, *summary = NULL;
	struct ballot_outcome *o = NULL;
	struct ballot_ctx *bc = ballot_open(cx, rq, 1, &e);
	if (!bc || ballot_require(bc, CAN_MANAGE, "close a ballot", &e) != 0 ||
	    ballot_require_status(&bc->b, BALLOT_OPEN, "close the ballot", &e) != 0 ||
	    store_ballot_set_status(cx->db, &bc->b, BALLOT_CLOSED, &e) != 0 ||
	    store_ballot_reseal(cx->db, bc->b.id, &e) != 0 ||
	    !(o = store_ballot_outcome(cx->db, &bc->b, &e)))
		goto fail;
	j = ballot_result_json(&bc->b, o, 0);
	/* the audit chain pins the digest, so the published ballots cannot change later */
	summary = json_pack("{s:b, s:O, s:O}", "void", o->is_void, "cast",
			    json_object_get(j, "cast"), "passed", json_object_get(j, "passed"));
	/* a void ballot's digest could be guessed back to its few ballots */
	if (!o->is_void) {
		json_object_set(summary, "counts", json_object_get(j, "counts"));
		json_object_set_new(summary, "digest", json_string(o->digest));
	}
	if (api_audit(cx, rq, "close", "ballot", bc->b.id, NULL, summary, &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	struct error ckpt;
	err_clear(&ckpt);
	if (store_forget_write_order(cx->db, &ckpt) != 0)
		log_warn("ballot=%lld closed, but the write-ahead log could not be emptied now: %s",
			 (long long)bc->b.id, ckpt.message);
	resp_json(rs, 200, j);
	j = NULL;
	goto done;
fail:
	api_fail(cx, rs, &e);
done:
	json_decref(j);
	json_decref(summary);
	ballot_outcome_free(o);
	ballot_ctx_free(bc);
}
