/*
** /api/v1/proposals: award proposals from a cluster year (its leader
** proposes the nominees its ballot passed, the ballot's figures attached)
** or from a unit for its own people, through submission and the
** authority's review. Every proposal carries its eligibility, judged by
** the rule set in force for its year; submitting and approving refuse a
** nominee who fails a condition, approving also needs the council's vote
** where the law asks for one, and the quota.
*/
#include "api/awards.h"
#include "api/fields.h"
#include "api/json_out.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/ids.h"

static const char *const proposal_fields[] = {
	"award_type", "nominee_person_id", "nominee_org_id", "cluster_id", "year",
	"ballot_id", "grounds", "id", "status", NULL};

/* The proposal with its eligibility as judged today. */
static json_t *proposal_read(struct ctx *cx, const struct proposal *p, struct error *e)
{
	struct proposal_judged judged;
	if (proposal_judge(cx, p, &judged, e) != 0)
		return NULL;
	json_t *j = proposal_json(p);
	json_t *el = json_null();
	if (judged.t) {
		el = eligibility_json(&judged.rs, judged.t, p->year, judged.day, &judged.el);
		if (!judged.evidence)
			eligibility_redact(el);
	}
	json_object_set_new(j, "eligibility", el);
	rule_set_free(&judged.rs);
	return j;
}

/* The nominee of a cluster proposal: a member unit, or a person of one. */
static int cluster_nominee(struct ctx *cx, const struct cluster_year *y, struct proposal *p,
			   struct error *e)
{
	int64_t org = p->nominee_org_id;
	if (p->nominee_person_id > 0) {
		struct person person;
		if (store_person_get(cx->db, p->nominee_person_id, &person, e) != 0)
			return e->kind == ERR_NOT_FOUND
				       ? err_set(e, ERR_INVALID, "unknown_person", "nominee_person_id",
						 "no person %lld", (long long)p->nominee_person_id)
				       : -1;
		org = person.org_id;
	}
	if (!ids_contain(y->members, y->n_members, org))
		return err_set(e, ERR_INVALID, "not_a_member", p->nominee_person_id
							       ? "nominee_person_id"
							       : "nominee_org_id",
			       "the nominee is not of a member unit of the cluster's %d year", y->year);
	return 0;
}

/* A cluster year's proposal: the leader proposes, to the cluster's authority. */
static int cluster_side(struct ctx *cx, struct proposal *p, struct error *e)
{
	struct cluster c;
	struct cluster_year y;
	unsigned powers = 0;
	if (store_cluster_get(cx->db, p->cluster_id, &c, e) != 0 ||
	    store_cluster_year_get(cx->db, p->cluster_id, p->year, &y, e) != 0) {
		if (e->kind == ERR_NOT_FOUND)
			err_set(e, ERR_INVALID, "unknown_cluster_year", "cluster_id",
				"cluster %lld has no %d year", (long long)p->cluster_id, p->year);
		return -1;
	}
	if (year_powers(cx, &c, &y, &powers, e) != 0)
		return -1;
	if (!(powers & POWER_LEADER) && !(cx->who.roles & ROLE_ADMIN))
		return err_set(e, ERR_FORBIDDEN, "forbidden", NULL,
			       "only the leader unit of the %d year proposes its awards", p->year);
	p->proposer_org_id = y.leader_id;
	p->authority_id = c.authority_id;
	return cluster_nominee(cx, &y, p, e);
}

/* A unit's proposal for one of its own people, to the authority above it. */
static int unit_side(struct ctx *cx, struct proposal *p, struct error *e)
{
	struct person person;
	if (p->nominee_org_id > 0)
		return err_set(e, ERR_INVALID, "cluster_required", "cluster_id",
			       "a collective is proposed by its cluster (give cluster_id)");
	if (p->ballot_id > 0)
		return err_set(e, ERR_INVALID, "cluster_required", "ballot_id",
			       "a ballot is attached to a cluster's proposal (give cluster_id)");
	if (store_person_get(cx->db, p->nominee_person_id, &person, e) != 0)
		return e->kind == ERR_NOT_FOUND
			       ? err_set(e, ERR_INVALID, "unknown_person", "nominee_person_id",
					 "no person %lld", (long long)p->nominee_person_id)
			       : -1;
	int own = cx->who.org_id == person.org_id &&
		  (cx->who.roles & (ROLE_UNIT_OFFICER | ROLE_LEADER_OFFICER));
	if (!own && !(cx->who.roles & ROLE_ADMIN))
		return err_set(e, ERR_FORBIDDEN, "forbidden", NULL,
			       "a unit proposes awards for its own people only");
	p->proposer_org_id = person.org_id;
	return reviewing_authority(cx, person.org_id, &p->authority_id, e);
}

static int proposal_from_json(json_t *body, struct proposal *p, struct error *e)
{
	int64_t year = 0;
	if (fields_known(body, proposal_fields, e) != 0 ||
	    field_fixed(body, "id", NULL, e) != 0 ||
	    field_fixed(body, "status", NULL, e) != 0 ||
	    field_line(body, "award_type", p->award_type, sizeof p->award_type,
		       AWARD_CODE_CHARS, REQUIRED, e) != 0 ||
	    field_id(body, "nominee_person_id", &p->nominee_person_id, OPTIONAL, e) != 0 ||
	    field_id(body, "nominee_org_id", &p->nominee_org_id, OPTIONAL, e) != 0 ||
	    field_id(body, "cluster_id", &p->cluster_id, OPTIONAL, e) != 0 ||
	    field_int(body, "year", 2000, clock_year(), &year, REQUIRED, e) != 0 ||
	    field_id(body, "ballot_id", &p->ballot_id, OPTIONAL, e) != 0 ||
	    field_block(body, "grounds", &p->grounds, GROUNDS_CHARS, REQUIRED, e) != 0)
		return -1;
	p->year = (int)year;
	if ((p->nominee_person_id > 0) == (p->nominee_org_id > 0))
		return err_set(e, ERR_INVALID, "invalid_nominee", "nominee_person_id",
			       "give exactly one of nominee_person_id and nominee_org_id");
	return 0;
}

/*
** The ballot a cluster year's proposal rests on must be that year's: it
** is loaded into *out (the caller frees it with ballot_free either way).
*/
static int ballot_of_year(struct ctx *cx, int64_t ballot_id, int64_t cluster_id, int year,
			  struct ballot *out, struct error *e)
{
	memset(out, 0, sizeof *out);
	if (store_ballot_get(cx->db, ballot_id, out, e) != 0)
		return e->kind == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "unknown_ballot",
							  "ballot_id", "no ballot %lld",
							  (long long)ballot_id)
						: -1;
	if (out->cluster_id != cluster_id || out->year != year)
		return err_set(e, ERR_INVALID, "wrong_ballot", "ballot_id",
			       "ballot %lld is not of this cluster's %d year", (long long)ballot_id,
			       year);
	return 0;
}

/*
** A cluster proposes only whom its closed ballot passed, and keeps the
** ballot's figures for the nominee with the proposal. counted is that
** ballot already checked and counted (a batch), or NULL.
*/
static int attach_ballot(struct ctx *cx, struct proposal *p,
			 const struct closed_ballot *counted, struct error *e)
{
	json_t *snapshot = NULL;
	int passed = 0;
	if (p->ballot_id <= 0)
		return err_set(e, ERR_INVALID, "required", "ballot_id",
			       "a cluster proposes whom its ballot passed: give ballot_id");
	if (counted) {
		if (closed_ballot_verdict(counted, p->nominee_person_id, p->nominee_org_id, &passed,
					  &snapshot, e) != 0)
			return -1;
	} else {
		struct ballot b;
		int rc = ballot_of_year(cx, p->ballot_id, p->cluster_id, p->year, &b, e) == 0 &&
					 ballot_nominee_verdict(cx, p->ballot_id, p->nominee_person_id,
								p->nominee_org_id, &passed, &snapshot,
								e) == 0
				 ? 0
				 : -1;
		ballot_free(&b);
		if (rc != 0)
			return -1;
	}
	if (!passed) {
		json_decref(snapshot);
		return err_set(e, ERR_CONFLICT, "not_passed", "ballot_id",
			       "ballot %lld did not pass the nominee", (long long)p->ballot_id);
	}
	p->ballot_result = json_dumps(snapshot, JSON_COMPACT);
	json_decref(snapshot);
	if (!p->ballot_result)
		return err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	return 0;
}

/*
** Fill in who proposes and reviews p, check its award type and ballot
** (counted: as attach_ballot), and store it as a draft; rs is the rule
** set of its year (the caller frees it).
*/
static int proposal_make(struct ctx *cx, struct proposal *p,
			 const struct closed_ballot *counted, struct rule_set *rs,
			 struct error *e)
{
	const struct award_type *t;
	if (award_type_for(cx, p->year, NULL, p->award_type, p->nominee_person_id > 0, rs, &t,
			   e) != 0)
		return -1;
	p->rule_set_id = rs->id;
	if (p->cluster_id > 0 ? cluster_side(cx, p, e) : unit_side(cx, p, e))
		return -1;
	if (t->quota.kind == QUOTA_PER_CLUSTER && p->cluster_id <= 0)
		return err_set(e, ERR_INVALID, "cluster_required", "cluster_id",
			       "%s is counted per cluster: it is proposed by a cluster", t->code);
	if (p->cluster_id > 0 && attach_ballot(cx, p, counted, e) != 0)
		return -1;
	p->created_by = cx->who.user_id;
	return store_proposal_insert(cx->db, p, e);
}

void api_proposals_create(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *body = req_json_object(rq, &e), *j = NULL;
	struct proposal p;
	struct rule_set set;
	memset(&p, 0, sizeof p);
	memset(&set, 0, sizeof set);
	if (!body || proposal_from_json(body, &p, &e) != 0 || store_begin(cx->db, &e) != 0 ||
	    proposal_make(cx, &p, NULL, &set, &e) != 0 || !(j = proposal_read(cx, &p, &e)) ||
	    api_audit(cx, rq, "create", "proposal", p.id, NULL, j, &e) != 0 ||
	    store_commit(cx->db, &e) != 0) {
		api_fail(cx, rs, &e);
		json_decref(j);
	} else {
		resp_json(rs, 201, j);
	}
	json_decref(body);
	proposal_free(&p);
	rule_set_free(&set);
}

/*
** POST /clusters/{id}/years/{year}/proposals {ballot_id, award_type,
** grounds}: one proposal for each nominee the ballot passed.
*/
static const char *const batch_fields[] = {"ballot_id", "award_type", "grounds", NULL};

/* Only the year's leader (or an admin) proposes from its ballots. */
static int require_leader(struct ctx *cx, int64_t cluster_id, int year, struct error *e)
{
	struct cluster c;
	struct cluster_year y;
	unsigned powers = 0;
	if (store_cluster_get(cx->db, cluster_id, &c, e) != 0 ||
	    store_cluster_year_get(cx->db, cluster_id, year, &y, e) != 0 ||
	    year_powers(cx, &c, &y, &powers, e) != 0)
		return -1;
	if ((powers & POWER_LEADER) || (cx->who.roles & ROLE_ADMIN))
		return 0;
	return err_set(e, ERR_FORBIDDEN, "forbidden", NULL,
		       "only the leader unit of the %d year proposes its awards", year);
}

/* One proposal like proto for the candidate k, appended to created. */
static int propose_candidate(struct ctx *cx, struct request *rq, const struct proposal *proto,
			     const struct closed_ballot *counted, const struct ballot_candidate *k,
			     json_t *created, struct error *e)
{
	struct proposal p = *proto;
	struct rule_set set;
	json_t *j = NULL;
	memset(&set, 0, sizeof set);
	p.grounds = strdup(proto->grounds);
	p.nominee_person_id = k->person_id;
	p.nominee_org_id = k->org_id;
	int rc = p.grounds && proposal_make(cx, &p, counted, &set, e) == 0 &&
				 (j = proposal_read(cx, &p, e)) != NULL &&
				 api_audit(cx, rq, "create", "proposal", p.id, NULL, j, e) == 0
			 ? 0
			 : -1;
	if (rc == 0)
		json_array_append(created, j);
	else if (!p.grounds)
		err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	json_decref(j);
	proposal_free(&p);
	rule_set_free(&set);
	return rc;
}

static int batch_from_ballot(struct ctx *cx, struct request *rq, json_t *body,
			     json_t *created, struct error *e)
{
	struct proposal proto;
	struct closed_ballot cb; /* counted once, at the first candidate that fits */
	struct rule_set rs;
	char day[11];
	int counted = 0;
	memset(&proto, 0, sizeof proto);
	memset(&cb, 0, sizeof cb);
	memset(&rs, 0, sizeof rs);
	int rc = -1;
	proto.cluster_id = rq->params[0];
	proto.year = (int)rq->params[1];
	rules_judging_date(proto.year, day);
	if (fields_known(body, batch_fields, e) != 0 ||
	    field_id(body, "ballot_id", &proto.ballot_id, REQUIRED, e) != 0 ||
	    field_line(body, "award_type", proto.award_type, sizeof proto.award_type,
		       AWARD_CODE_CHARS, REQUIRED, e) != 0 ||
	    field_block(body, "grounds", &proto.grounds, GROUNDS_CHARS, REQUIRED, e) != 0 ||
	    require_leader(cx, proto.cluster_id, proto.year, e) != 0 ||
	    ballot_of_year(cx, proto.ballot_id, proto.cluster_id, proto.year, &cb.b, e) != 0 ||
	    store_rule_set_on(cx->db, day, &rs, e) != 0)
		goto done;
	const struct award_type *t = rule_set_find(&rs, proto.award_type);
	if (!t) {
		err_set(e, ERR_INVALID, "unknown_award_type", "award_type",
			"%s is not an award type of rule set %s", proto.award_type, rs.code);
		goto done;
	}
	for (size_t i = 0; i < cb.b.n_candidates; i++) {
		const struct ballot_candidate *k = &cb.b.candidates[i];
		int passed = 0;
		/* a free label names nobody; a person for a collective title does not fit */
		if ((!k->org_id && !k->person_id) || !award_type_fits(t, k->person_id > 0))
			continue;
		if (!counted && closed_ballot_count(cx, &cb, e) != 0)
			goto done;
		counted = 1;
		if (closed_ballot_verdict(&cb, k->person_id, k->org_id, &passed, NULL, e) != 0 ||
		    (passed && propose_candidate(cx, rq, &proto, &cb, k, created, e) != 0))
			goto done;
	}
	rc = 0;
done:
	closed_ballot_free(&cb);
	rule_set_free(&rs);
	proposal_free(&proto);
	return rc;
}

void api_cluster_year_proposals(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *body = req_json_object(rq, &e), *created = json_array();
	if (!body || api_path_year(rq, &e) != 0 || store_begin(cx->db, &e) != 0 ||
	    batch_from_ballot(cx, rq, body, created, &e) != 0 || store_commit(cx->db, &e) != 0) {
		api_fail(cx, rs, &e);
		json_decref(created);
	} else if (json_array_size(created) == 0) {
		store_rollback(cx->db);
		err_set(&e, ERR_CONFLICT, "nobody_passed", "ballot_id",
			"the ballot passed no org or person to propose");
		resp_error(rs, &e);
		json_decref(created);
	} else {
		resp_json(rs, 201, json_pack("{so}", "items", created));
	}
	json_decref(body);
}

static int filter_from_query(struct ctx *cx, struct request *rq, struct proposal_filter *f,
			     struct error *e)
{
	int64_t year = 0;
	memset(f, 0, sizeof f[0]);
	f->status = -1;
	const char *status = req_query(rq, "status");
	if (status) {
		enum proposal_status s;
		if (proposal_status_parse(status, &s) != 0)
			return err_set(e, ERR_BAD_REQUEST, "invalid_query", "status",
				       "unknown status '%s'", status);
		f->status = (int)s;
	}
	if (req_query_int(rq, "authority_id", 1, INT64_MAX / 2, 0, &f->authority_id, e) != 0 ||
	    req_query_int(rq, "proposer_org_id", 1, INT64_MAX / 2, 0, &f->proposer_org_id, e) != 0 ||
	    req_query_int(rq, "cluster_id", 1, INT64_MAX / 2, 0, &f->cluster_id, e) != 0 ||
	    req_query_int(rq, "council_ballot_id", 1, INT64_MAX / 2, 0, &f->council_ballot_id,
			  e) != 0 ||
	    req_query_int(rq, "year", 2000, 2200, 0, &year, e) != 0 ||
	    api_page(rq, &f->page, e) != 0)
		return -1;
	f->year = (int)year;
	/* everyone but an admin sees what its own org proposed or reviews */
	f->all = (cx->who.roles & ROLE_ADMIN) != 0;
	f->reach_org = cx->who.org_id;
	return 0;
}

void api_proposals_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct proposal_filter f;
	struct proposal *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (filter_from_query(cx, rq, &f, &e) != 0 ||
	    store_proposal_list(cx->db, &f, &items, &n, &total, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, proposal_json(&items[i]));
	proposals_free(items, n);
	resp_json(rs, 200, api_list(arr, total, &f.page));
}

void api_proposals_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct proposal p;
	json_t *j = NULL;
	if (proposal_open(cx, rq->params[0], 0, &p, &e) != 0 || !(j = proposal_read(cx, &p, &e)) ||
	    store_commit(cx->db, &e) != 0) {
		api_fail(cx, rs, &e);
		json_decref(j);
	} else {
		resp_json(rs, 200, j);
	}
	proposal_free(&p);
}

/* 403 unless the caller holds party on p. */
static int require_party(struct ctx *cx, const struct proposal *p, unsigned party,
			 const char *what, struct error *e)
{
	unsigned parties = 0;
	if (proposal_parties(cx, p, &parties, e) != 0)
		return -1;
	if (parties & party)
		return 0;
	return err_set(e, ERR_FORBIDDEN, "forbidden", NULL, "only %s may %s",
		       party == PARTY_PROPOSER ? "the proposing unit" : "the reviewing authority",
		       what);
}

void api_proposals_delete(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct proposal p;
	json_t *before = NULL;
	if (proposal_open(cx, rq->params[0], 1, &p, &e) != 0 ||
	    require_party(cx, &p, PARTY_PROPOSER, "delete a proposal", &e) != 0)
		goto fail;
	if (!proposal_editable(p.status)) {
		err_set(&e, ERR_CONFLICT, "not_editable", "status",
			"only a draft or a returned proposal is withdrawn; a %s one stays on record",
			proposal_status_name(p.status));
		goto fail;
	}
	before = proposal_json(&p);
	if (store_initiatives_release(cx->db, p.id, &e) != 0 ||
	    store_proposal_delete(cx->db, p.id, &e) != 0 ||
	    api_audit(cx, rq, "delete", "proposal", p.id, before, NULL, &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	resp_empty(rs, 204);
	goto done;
fail:
	api_fail(cx, rs, &e);
done:
	json_decref(before);
	proposal_free(&p);
}

static void proposal_act(struct request *rq, struct response *rs,
			 int (*act)(struct ctx *, struct proposal *, json_t *, struct error *),
			 const char *action)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *body = req_json_object(rq, &e), *before = NULL, *after = NULL;
	struct proposal p;
	memset(&p, 0, sizeof p);
	if (!body || proposal_open(cx, rq->params[0], 1, &p, &e) != 0)
		goto fail;
	before = proposal_json(&p);
	if (act(cx, &p, body, &e) != 0 || store_proposal_update(cx->db, &p, &e) != 0 ||
	    !(after = proposal_read(cx, &p, &e)) ||
	    api_audit(cx, rq, action, "proposal", p.id, before, after, &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	resp_json(rs, 200, after);
	after = NULL;
	goto done;
fail:
	api_fail(cx, rs, &e);
done:
	json_decref(before);
	json_decref(after);
	json_decref(body);
	proposal_free(&p);
}

static int submit_act(struct ctx *cx, struct proposal *p, json_t *body, struct error *e)
{
	static const char *const none[] = {NULL};
	struct rule_set rs;
	const struct award_type *t;
	memset(&rs, 0, sizeof rs);
	int rc = fields_known(body, none, e) == 0 &&
				 require_party(cx, p, PARTY_PROPOSER, "submit a proposal", e) == 0 &&
				 proposal_move_check(p->status, PROPOSAL_SUBMITTED, PARTY_PROPOSER,
						     e) == 0 &&
				 proposal_judge_now(cx, p, &t, &rs, e) == 0
			 ? 0
			 : -1;
	rule_set_free(&rs);
	if (rc == 0)
		p->status = PROPOSAL_SUBMITTED;
	return rc;
}

void api_proposals_submit(struct request *rq, struct response *rs)
{
	proposal_act(rq, rs, submit_act, "submit");
}

static const char *const patch_fields[] = {"grounds", "id", "status", NULL};

/* The proposer changes the grounds while the proposal is in its hands. */
static int patch_act(struct ctx *cx, struct proposal *p, json_t *body, struct error *e)
{
	char *grounds = NULL;
	if (fields_known(body, patch_fields, e) != 0 ||
	    field_fixed(body, "id", json_integer(p->id), e) != 0 ||
	    field_fixed(body, "status", json_string(proposal_status_name(p->status)), e) != 0 ||
	    require_party(cx, p, PARTY_PROPOSER, "change a proposal", e) != 0)
		return -1;
	if (!proposal_editable(p->status))
		return err_set(e, ERR_CONFLICT, "not_editable", "status",
			       "a %s proposal cannot be changed", proposal_status_name(p->status));
	if (field_block(body, "grounds", &grounds, GROUNDS_CHARS, OPTIONAL, e) != 0)
		return -1;
	if (grounds) {
		free(p->grounds);
		p->grounds = grounds;
	}
	return 0;
}

void api_proposals_patch(struct request *rq, struct response *rs)
{
	proposal_act(rq, rs, patch_act, "update");
}

static const char *const review_fields[] = {"outcome", "note", NULL};
static const char *const outcome_names[] = {"under_review", "approved", "returned", "rejected",
					    NULL};

static int approve(struct ctx *cx, struct proposal *p, struct error *e)
{
	struct rule_set rs;
	const struct award_type *t;
	memset(&rs, 0, sizeof rs);
	int rc = proposal_judge_now(cx, p, &t, &rs, e) == 0 && proposal_council_passed(cx, p, t, e) == 0 &&
				 proposal_quota(cx, p, t, e) == 0
			 ? 0
			 : -1;
	rule_set_free(&rs);
	return rc;
}

static int review_act(struct ctx *cx, struct proposal *p, json_t *body, struct error *e)
{
	int outcome = 0;
	char *note = NULL;
	if (fields_known(body, review_fields, e) != 0 ||
	    field_enum(body, "outcome", outcome_names, &outcome, REQUIRED, e) != 0 ||
	    field_block(body, "note", &note, REVIEW_NOTE_CHARS, OPTIONAL, e) != 0)
		return -1;
	enum proposal_status to = outcome == 0   ? PROPOSAL_UNDER_REVIEW
				  : outcome == 1 ? PROPOSAL_APPROVED
				  : outcome == 2 ? PROPOSAL_RETURNED
						 : PROPOSAL_REJECTED;
	int rc = -1;
	if ((to == PROPOSAL_RETURNED || to == PROPOSAL_REJECTED) && !note)
		err_set(e, ERR_INVALID, "required", "note",
			"say why the proposal is %s", proposal_status_name(to));
	else if (require_party(cx, p, PARTY_AUTHORITY, "review a proposal", e) == 0 &&
		 proposal_move_check(p->status, to, PARTY_AUTHORITY, e) == 0 &&
		 (to != PROPOSAL_APPROVED || approve(cx, p, e) == 0) &&
		 (to != PROPOSAL_REJECTED || store_initiatives_release(cx->db, p->id, e) == 0))
		rc = 0;
	if (rc == 0) {
		p->status = to;
		/* a returned proposal, resubmitted, goes before the council again */
		if (to == PROPOSAL_RETURNED)
			p->council_ballot_id = 0;
		if (note) {
			free(p->review_note);
			p->review_note = note;
			note = NULL;
		}
	}
	free(note);
	return rc;
}

void api_proposals_review(struct request *rq, struct response *rs)
{
	proposal_act(rq, rs, review_act, "review");
}
