/*
** The authority's side of an award: its emulation council votes on the
** proposals under review (/api/v1/council-ballots makes that secret
** ballot, with the threshold and quorum of the rule set — a share of ALL
** council members — so nobody can lower them), and the authority issues
** a decision (/api/v1/decisions) that confers the approved proposals: each
** becomes an award in the history later eligibility reads.
*/
#include "api/awards.h"
#include "api/fields.h"
#include "api/json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/ids.h"

#define COUNCIL_QUESTION_CHARS 300

struct proposal_set {
	struct proposal *items;
	size_t n;
};

static void proposal_set_free(struct proposal_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		proposal_free(&s->items[i]);
	free(s->items);
	s->items = NULL;
	s->n = 0;
}

/* The proposals named by body[key], each reviewed by the authority the caller is. */
static int proposals_named(struct ctx *cx, json_t *body, struct proposal_set *out,
			   struct error *e)
{
	int64_t ids[DECISION_PROPOSALS_MAX];
	size_t n = 0;
	if (field_ids(body, "proposal_ids", ids, DECISION_PROPOSALS_MAX, &n, REQUIRED, e) != 0)
		return -1;
	if (n == 0)
		return err_set(e, ERR_INVALID, "required", "proposal_ids",
			       "name at least one proposal");
	out->items = calloc(n, sizeof *out->items);
	if (!out->items)
		return err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		if (ids_index(ids, i, ids[i]) >= 0)
			return err_set(e, ERR_INVALID, "duplicate", "proposal_ids",
				       "proposal %lld is named twice", (long long)ids[i]);
		struct proposal *p = &out->items[i];
		if (store_proposal_get(cx->db, ids[i], p, e) != 0)
			return e->kind == ERR_NOT_FOUND
				       ? err_set(e, ERR_INVALID, "unknown_proposal", "proposal_ids",
						 "no proposal %lld", (long long)ids[i])
				       : -1;
		out->n = i + 1;
		unsigned parties = 0;
		if (proposal_parties(cx, p, &parties, e) != 0)
			return -1;
		if (!(parties & PARTY_AUTHORITY))
			return err_set(e, ERR_FORBIDDEN, "forbidden", "proposal_ids",
				       "proposal %lld is reviewed by another authority, or was "
				       "made by the caller's own organization",
				       (long long)p->id);
	}
	return 0;
}

/* ---- council ballots ---- */

static const char *const council_fields[] = {"proposal_ids", "question", NULL};

/*
** A proposal goes before the council once: again only when its ballot is
** still a draft (never opened) or closed void. After a real vote, only a
** return and resubmission (which clears the link) brings it back, so an
** authority cannot re-run a vote until it likes the result.
*/
static int council_voted(struct ctx *cx, const struct proposal *p, struct error *e)
{
	struct closed_ballot cb;
	struct error verdict;
	int passed = 0, rc;
	memset(&cb, 0, sizeof cb);
	err_clear(&verdict);
	if (store_ballot_get(cx->db, p->council_ballot_id, &cb.b, e) != 0)
		rc = -1;
	else if (cb.b.status == BALLOT_DRAFT)
		rc = 0;
	else if (cb.b.status == BALLOT_OPEN)
		rc = err_set(e, ERR_CONFLICT, "already_in_ballot", "proposal_ids",
			     "proposal %lld is already on council ballot %lld", (long long)p->id,
			     (long long)p->council_ballot_id);
	else if (closed_ballot_count(cx, &cb, e) != 0)
		rc = -1;
	else if (closed_ballot_verdict(&cb, p->nominee_person_id, p->nominee_org_id, &passed,
				       NULL, &verdict) != 0 &&
		 strcmp(verdict.code, "ballot_void") == 0)
		rc = 0;
	else
		rc = err_set(e, ERR_CONFLICT, "council_already_voted", "proposal_ids",
			     "the council voted on proposal %lld in ballot %lld; return it to put "
			     "it to a new vote",
			     (long long)p->id, (long long)p->council_ballot_id);
	closed_ballot_free(&cb);
	return rc;
}

/* One award type, one year, one authority; none already before the council. */
static int council_check(struct ctx *cx, const struct proposal_set *s, struct error *e)
{
	const struct proposal *first = &s->items[0];
	for (size_t i = 0; i < s->n; i++) {
		const struct proposal *p = &s->items[i];
		if (p->authority_id != first->authority_id || p->year != first->year ||
		    strcmp(p->award_type, first->award_type) != 0 ||
		    p->rule_set_id != first->rule_set_id)
			return err_set(e, ERR_INVALID, "mixed_proposals", "proposal_ids",
				       "a council ballot is for one award type of one year");
		if (p->status != PROPOSAL_SUBMITTED && p->status != PROPOSAL_UNDER_REVIEW)
			return err_set(e, ERR_CONFLICT, "invalid_transition", "proposal_ids",
				       "proposal %lld is %s, not submitted or under review",
				       (long long)p->id, proposal_status_name(p->status));
		if (p->council_ballot_id && council_voted(cx, p, e) != 0)
			return -1;
	}
	return 0;
}

/* A candidate for each nominee, named as on record now. */
static int council_candidates(struct ctx *cx, const struct proposal_set *s, struct ballot *b,
			      struct error *e)
{
	b->candidates = calloc(s->n, sizeof *b->candidates);
	if (!b->candidates)
		return err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	for (size_t i = 0; i < s->n; i++) {
		const struct proposal *p = &s->items[i];
		struct ballot_candidate *k = &b->candidates[i];
		k->id = (int)i + 1;
		k->person_id = p->nominee_person_id;
		k->org_id = p->nominee_org_id;
		b->n_candidates = i + 1;
		if (p->nominee_person_id) {
			struct person person;
			if (store_person_get(cx->db, p->nominee_person_id, &person, e) != 0)
				return -1;
			snprintf(k->label, sizeof k->label, "%s", person.full_name);
			k->priority = person.gender == GENDER_FEMALE;
		} else {
			struct org o;
			if (store_org_get(cx->db, p->nominee_org_id, &o, e) != 0)
				return -1;
			snprintf(k->label, sizeof k->label, "%s", o.name);
		}
	}
	return 0;
}

/* The ballot's rules come from the law, not from the caller. */
static int council_rules(struct ctx *cx, const struct proposal *first, json_t *body,
			 struct ballot *b, struct error *e)
{
	struct rule_set rs;
	if (store_rule_set_load(cx->db, first->rule_set_id, &rs, e) != 0)
		return -1;
	const struct award_type *t = rule_set_find(&rs, first->award_type);
	int rc = 0;
	if (!t || !t->vote_threshold) {
		rc = err_set(e, ERR_INVALID, "no_council_vote", "proposal_ids",
			     "%s is not put to the council's vote under %s", first->award_type,
			     rs.code);
	} else {
		b->rules.kind = BALLOT_APPROVE_EACH;
		b->rules.threshold = t->vote_threshold;
		b->rules.base = BASE_ELIGIBLE;
		b->rules.quorum = rs.council_quorum;
		snprintf(b->question, sizeof b->question,
			 "Hội đồng Thi đua - Khen thưởng biểu quyết đề nghị tặng %s năm %d",
			 t->name, first->year);
		rc = field_line(body, "question", b->question, sizeof b->question,
				COUNCIL_QUESTION_CHARS, OPTIONAL, e);
	}
	rule_set_free(&rs);
	return rc;
}

static int council_voters(struct ctx *cx, int64_t authority_id, int64_t **voters, size_t *n,
			  struct error *e)
{
	if (store_council_members(cx->db, authority_id, voters, n, e) != 0)
		return -1;
	if (*n < BALLOT_SECRET_MIN)
		return err_set(e, ERR_INVALID, "too_few_voters", "proposal_ids",
			       "the authority's council has %zu members; a secret ballot needs %d",
			       *n, BALLOT_SECRET_MIN);
	if (*n > BALLOT_VOTERS_MAX)
		return err_set(e, ERR_INVALID, "too_many", "proposal_ids",
			       "the council has more than %d members", BALLOT_VOTERS_MAX);
	return 0;
}

/* Link each proposal to the ballot, taking submitted ones up for review. */
static int council_link(struct ctx *cx, struct request *rq, struct proposal_set *s,
			int64_t ballot_id, struct error *e)
{
	for (size_t i = 0; i < s->n; i++) {
		struct proposal *p = &s->items[i];
		json_t *before = proposal_json(p);
		p->council_ballot_id = ballot_id;
		if (p->status == PROPOSAL_SUBMITTED)
			p->status = PROPOSAL_UNDER_REVIEW;
		json_t *after = proposal_json(p);
		int rc = store_proposal_update(cx->db, p, e) == 0 &&
					 api_audit(cx, rq, "council_ballot", "proposal", p->id,
						   before, after, e) == 0
				 ? 0
				 : -1;
		json_decref(before);
		json_decref(after);
		if (rc != 0)
			return -1;
	}
	return 0;
}

static json_t *council_ballot_json(const struct ballot *b, size_t n_voters,
				   const struct proposal_set *s)
{
	json_t *ids = json_array();
	for (size_t i = 0; i < s->n; i++)
		json_array_append_new(ids, json_integer(s->items[i].id));
	return json_pack("{sI sI sI ss sf ss sf sI so}", "ballot_id", (json_int_t)b->id,
			 "authority_id", (json_int_t)b->authority_id, "year", (json_int_t)b->year,
			 "question", b->question, "threshold", b->rules.threshold / 10000.0,
			 "threshold_base", threshold_base_name(b->rules.base), "quorum",
			 b->rules.quorum / 10000.0, "voters", (json_int_t)n_voters, "proposal_ids",
			 ids);
}

void api_council_ballots_create(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *body = req_json_object(rq, &e), *j = NULL;
	struct proposal_set set = {NULL, 0};
	struct ballot b;
	int64_t *voters = NULL;
	size_t n_voters = 0;
	memset(&b, 0, sizeof b);
	if (!body || fields_known(body, council_fields, &e) != 0 || store_begin(cx->db, &e) != 0 ||
	    proposals_named(cx, body, &set, &e) != 0 || council_check(cx, &set, &e) != 0 ||
	    council_rules(cx, &set.items[0], body, &b, &e) != 0 ||
	    council_voters(cx, set.items[0].authority_id, &voters, &n_voters, &e) != 0 ||
	    council_candidates(cx, &set, &b, &e) != 0)
		goto fail;
	b.authority_id = set.items[0].authority_id;
	b.year = set.items[0].year;
	b.voters = VOTERS_USERS;
	if (ballot_rules_validate(&b.rules, b.n_candidates, &e) != 0 ||
	    store_ballot_insert(cx->db, &b, cx->who.user_id, voters, n_voters, &e) != 0 ||
	    council_link(cx, rq, &set, b.id, &e) != 0)
		goto fail;
	j = council_ballot_json(&b, n_voters, &set);
	if (api_audit(cx, rq, "create", "ballot", b.id, NULL, j, &e) != 0 ||
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
	proposal_set_free(&set);
	ballot_free(&b);
	free(voters);
}

/* ---- decisions ---- */

/* A decision as the spec shows it: with the proposals it conferred. */
static json_t *decision_read(struct ctx *cx, const struct decision *d, struct error *e)
{
	int64_t *ids = NULL;
	size_t n = 0;
	if (store_decision_proposals(cx->db, d->id, &ids, &n, e) != 0)
		return NULL;
	json_t *j = decision_json(d);
	json_object_set_new(j, "proposal_ids", ids_json(ids, n));
	free(ids);
	return j;
}


static const char *const decision_fields[] = {"authority_id", "number", "date", "signer",
					      "proposal_ids", NULL};

static int decision_from_json(struct ctx *cx, json_t *body, struct decision *d,
			      struct error *e)
{
	char day[11];
	clock_today(day);
	memset(d, 0, sizeof *d);
	if (fields_known(body, decision_fields, e) != 0 ||
	    field_id(body, "authority_id", &d->authority_id, REQUIRED, e) != 0 ||
	    field_line(body, "number", d->number, sizeof d->number, DECISION_NUMBER_CHARS,
		       REQUIRED, e) != 0 ||
	    field_date(body, "date", d->date, sizeof d->date, REQUIRED, e) != 0 ||
	    field_line(body, "signer", d->signer, sizeof d->signer, SIGNER_CHARS, REQUIRED,
		       e) != 0 ||
	    decision_validate(d, day, e) != 0 ||
	    api_require_org(cx, d->authority_id, "authority_id", ORG_AUTHORITY, e) != 0 ||
	    api_authorize(cx, ACT_DECISION_WRITE, d->authority_id, e) != 0)
		return -1;
	d->created_by = cx->who.user_id;
	return 0;
}

/*
** A ministry or province confers its own and grassroots titles; national
** ones (the Prime Minister's) and state orders (the President's) it only
** proposes upward: their decision is recorded when it comes (POST /awards).
*/
static int conferred_here(const struct award_type *t, struct error *e)
{
	if (t->level < LEVEL_NATIONAL)
		return 0;
	return err_set(e, ERR_CONFLICT, "conferred_above", "proposal_ids",
		       "%s is conferred by %s: the approved proposal goes up to it, and its "
		       "decision is recorded when it comes",
		       t->code, t->conferred_by);
}

/*
** Confer p: judged again today (a discipline opened since approval
** freezes it), the quota counted again, then the award and the link.
*/
static int confer(struct ctx *cx, struct request *rq, const struct decision *d,
		  struct proposal *p, json_t *awards, struct error *e)
{
	if (p->authority_id != d->authority_id)
		return err_set(e, ERR_INVALID, "wrong_authority", "proposal_ids",
			       "proposal %lld is reviewed by another authority", (long long)p->id);
	if (p->status != PROPOSAL_APPROVED || p->decision_id)
		return err_set(e, ERR_CONFLICT, p->decision_id ? "already_decided" : "not_approved",
			       "proposal_ids", "proposal %lld is %s", (long long)p->id,
			       p->decision_id ? "already conferred" : proposal_status_name(p->status));
	struct rule_set rs;
	const struct award_type *t;
	memset(&rs, 0, sizeof rs);
	int rc = proposal_judge_now(cx, p, &t, &rs, e) == 0 && conferred_here(t, e) == 0 &&
				 proposal_quota(cx, p, t, e) == 0
			 ? 0
			 : -1;
	rule_set_free(&rs);
	if (rc != 0)
		return -1;
	struct award a;
	memset(&a, 0, sizeof a);
	snprintf(a.award_type, sizeof a.award_type, "%s", p->award_type);
	a.person_id = p->nominee_person_id;
	a.org_id = p->nominee_org_id;
	a.year = p->year;
	a.decision_id = d->id;
	a.proposal_id = p->id;
	a.authority_id = p->authority_id;
	a.cluster_id = p->cluster_id;
	p->decision_id = d->id;
	if (store_award_insert(cx->db, &a, e) != 0 || store_proposal_update(cx->db, p, e) != 0)
		return -1;
	json_t *j = award_json(&a);
	rc = api_audit(cx, rq, "create", "award", a.id, NULL, j, e);
	json_array_append_new(awards, j);
	return rc;
}

void api_decisions_create(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *body = req_json_object(rq, &e), *j = NULL, *awards = json_array();
	struct proposal_set set = {NULL, 0};
	struct decision d;
	if (!body || store_begin(cx->db, &e) != 0 || decision_from_json(cx, body, &d, &e) != 0 ||
	    proposals_named(cx, body, &set, &e) != 0 || store_decision_insert(cx->db, &d, &e) != 0)
		goto fail;
	for (size_t i = 0; i < set.n; i++)
		if (confer(cx, rq, &d, &set.items[i], awards, &e) != 0)
			goto fail;
	if (!(j = decision_read(cx, &d, &e)))
		goto fail;
	json_object_set(j, "awards", awards);
	if (api_audit(cx, rq, "create", "decision", d.id, NULL, j, &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	resp_json(rs, 201, j);
	j = NULL;
	goto done;
fail:
	api_fail(cx, rs, &e);
done:
	json_decref(j);
	json_decref(awards);
	json_decref(body);
	proposal_set_free(&set);
}

void api_decisions_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct page pg;
	int64_t authority_id = 0, total = 0;
	struct decision *items = NULL;
	size_t n = 0;
	if (api_page(rq, &pg, &e) != 0 ||
	    req_query_int(rq, "authority_id", 1, INT64_MAX / 2, 0, &authority_id, &e) != 0 ||
	    store_decision_list(cx->db, authority_id, &pg, &items, &n, &total, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *j = decision_read(cx, &items[i], &e);
		if (!j)
			break;
		json_array_append_new(arr, j);
	}
	free(items);
	if (e.kind != ERR_NONE) {
		json_decref(arr);
		resp_error(rs, &e);
		return;
	}
	resp_json(rs, 200, api_list(arr, total, &pg));
}

/* A decision with the awards it conferred that the caller may see. */
void api_decisions_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct decision d;
	struct award_filter f;
	struct award *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	json_t *j = NULL;
	memset(&f, 0, sizeof f);
	struct scope sc = authz_people_scope(&cx->who);
	f.scope_kind = (int)sc.kind;
	f.scope_org_id = sc.org_id;
	f.decision_id = rq->params[0];
	f.page.limit = 500;
	if (store_decision_get(cx->db, rq->params[0], &d, &e) != 0 ||
	    store_award_list(cx->db, &f, &items, &n, &total, &e) != 0 ||
	    !(j = decision_read(cx, &d, &e))) {
		free(items);
		resp_error(rs, &e);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, award_json(&items[i]));
	free(items);
	json_object_set_new(j, "awards", arr);
	json_object_set_new(j, "awards_total", json_integer(total));
	resp_json(rs, 200, j);
}
