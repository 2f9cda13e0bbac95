/* Shared by the award handlers: rule sets by year, judging, parties, JSON. */
#include "api/awards.h"
#include "api/json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/ids.h"

int award_type_for(struct ctx *cx, int year, const char *date, const char *code,
		   int is_person, struct rule_set *rs, const struct award_type **t,
		   struct error *e)
{
	char day[11];
	if (date && date[0])
		snprintf(day, sizeof day, "%s", date);
	else
		rules_judging_date(year, day);
	if (store_rule_set_on(cx->db, day, rs, e) != 0)
		return -1;
	if (rule_set_award(rs, code, is_person, t, e) != 0) {
		rule_set_free(rs);
		return -1;
	}
	return 0;
}

/*
** The cluster ballot's verdict kept with a proposal: one without a ballot
** was not nominated by a vote. Without a proposal there is no ballot to
** speak of: unknown.
*/
static enum tri ballot_verdict(const struct proposal *p)
{
	if (!p)
		return TRI_UNKNOWN;
	if (!p->ballot_result)
		return TRI_NO;
	json_t *j = json_loads(p->ballot_result, 0, NULL);
	json_t *passed = json_object_get(j, "passed");
	enum tri v = json_is_boolean(passed) ? (json_is_true(passed) ? TRI_YES : TRI_NO)
					     : TRI_UNKNOWN;
	json_decref(j);
	return v;
}

int award_judge(struct ctx *cx, const struct rule_set *rs, const struct award_type *t,
		int64_t person_id, int64_t org_id, int year, const char *date,
		const struct proposal *proposal, struct eligibility *out, struct error *e)
{
	struct facts_buf facts;
	if (store_eligibility_facts(cx->db, person_id, org_id, year, &facts, e) != 0)
		return -1;
	facts.f.proposal_id = proposal ? proposal->id : 0;
	facts.f.cluster_vote = ballot_verdict(proposal);
	eligibility_check(rs, t, year, date, &facts.f, out);
	facts_buf_free(&facts);
	return 0;
}

static json_t *tri_json(enum tri t)
{
	return t == TRI_UNKNOWN ? json_null() : json_boolean(t == TRI_YES);
}

static json_t *share_json(int share)
{
	return share ? json_real(share / 10000.0) : json_null();
}

static json_t *rule_set_ref_json(const struct rule_set *rs)
{
	return json_pack("{sI ss ss ss ss so}", "id", (json_int_t)rs->id, "code", rs->code,
			 "name", rs->name, "basis", rs->basis, "effective_from",
			 rs->effective_from, "effective_until", str_or_null(rs->effective_until));
}

static json_t *detail_param_json(const struct condition_detail *d, enum detail_param p)
{
	switch (p) {
	case DP_AWARD:
		return json_string(d->award);
	case DP_YEARS: {
		json_t *years = json_array();
		for (size_t i = 0; i < d->n_years; i++)
			json_array_append_new(years, json_integer(d->years[i]));
		return years;
	}
	case DP_RATING:
		return json_string(rating_name(d->rating));
	case DP_LEVEL:
		return json_string(level_name(d->level));
	case DP_HOLD:
		return json_string(hold_kind_name(d->hold));
	case DP_DATE:
		return json_string(d->date);
	default:
		return json_integer(eligibility_detail_number(d, p));
	}
}

/* The detail as data, for a client to say in its own words: {"award": "CSTDCS", "years": [2025]} */
static json_t *detail_params_json(const struct condition_detail *d)
{
	json_t *j = json_object();
	unsigned has = eligibility_detail_params(d->kind);
	for (int p = 0; p < DP_PARAMS; p++)
		if (has & (1u << p))
			json_object_set_new(j, eligibility_param_name((enum detail_param)p),
					    detail_param_json(d, (enum detail_param)p));
	return j;
}

json_t *eligibility_json(const struct rule_set *rs, const struct award_type *t, int year,
			 const char *date, const struct eligibility *el)
{
	json_t *conds = json_array();
	const char *any_code = NULL;
	for (size_t i = 0; i < el->n; i++) {
		const struct condition_result *r = &el->results[i];
		const struct condition *c = r->cond;
		char detail[DETAIL_TEXT_MAX];
		eligibility_detail_text(&r->detail, rs, LANG_EN, detail, sizeof detail);
		json_t *j = json_pack("{ss ss ss ss so ss ss so}", "code", c->code, "kind",
				      condition_kind_name(c->kind), "text", c->text, "basis",
				      c->basis, "met", tri_json(r->met), "detail", detail,
				      "detail_code", eligibility_detail_code(r->detail.kind),
				      "detail_params", detail_params_json(&r->detail));
		if (c->kind == COND_ANY_OF)
			any_code = c->code;
		if (c->in_any && any_code)
			json_object_set_new(j, "option_of", json_string(any_code));
		if (r->initiative_id)
			json_object_set_new(j, "initiative_id", json_integer(r->initiative_id));
		json_array_append_new(conds, j);
	}
	return json_pack("{sb sb sI sI ss so s{ss ss ss} so}", "eligible", el->eligible,
			 "complete", el->n_unknown == 0, "unknown", (json_int_t)el->n_unknown,
			 "year", (json_int_t)year, "date", date, "rule_set", rule_set_ref_json(rs),
			 "award_type", "code", t->code, "name", t->name, "basis", t->basis,
			 "conditions", conds);
}

int nominee_readable(struct ctx *cx, int64_t person_id, int64_t org_id)
{
	struct error ignored;
	err_clear(&ignored);
	if (person_id > 0) {
		struct person p;
		if (store_person_get(cx->db, person_id, &p, &ignored) != 0)
			return 0;
		org_id = p.org_id;
	}
	return api_authorize(cx, ACT_PERSON_READ, org_id, &ignored) == 0;
}

void eligibility_redact(json_t *eligibility)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(eligibility, "conditions"), i, c) {
		json_object_del(c, "detail");
		json_object_del(c, "detail_code");
		json_object_del(c, "detail_params");
		json_object_del(c, "initiative_id");
	}
}

int eligibility_require(const struct eligibility *el, struct error *e)
{
	if (el->eligible)
		return 0;
	char unmet[160] = "";
	for (size_t i = 0; i < el->n; i++) {
		const struct condition_result *r = &el->results[i];
		size_t len = strlen(unmet);
		if (r->met == TRI_NO && !r->cond->in_any && len + 40 < sizeof unmet)
			snprintf(unmet + len, sizeof unmet - len, "%s%s", len ? ", " : "",
				 r->cond->code);
	}
	return err_set(e, ERR_CONFLICT, "not_eligible", "award_type",
		       "the nominee does not meet: %s (see its eligibility)", unmet);
}

static const char *subject_word(unsigned subject)
{
	if (subject == (SUBJECT_INDIVIDUAL | SUBJECT_COLLECTIVE))
		return "both";
	return subject == SUBJECT_COLLECTIVE ? "collective" : "individual";
}

static json_t *condition_json(const struct condition *c)
{
	json_t *j = json_pack("{ss ss ss ss}", "code", c->code, "kind",
			      condition_kind_name(c->kind), "text", c->text, "basis", c->basis);
	if (c->award[0])
		json_object_set_new(j, "award", json_string(c->award));
	if (c->in_any)
		json_object_set_new(j, "option", json_true());
	return j;
}

static json_t *quota_json(const struct quota *q)
{
	static const char *const kinds[] = {"none", "per_cluster", "share_of_holders"};
	if (q->kind == QUOTA_NONE)
		return json_null();
	json_t *j = json_pack("{ss ss ss}", "kind", kinds[q->kind], "text", q->text, "basis",
			      q->basis);
	if (q->kind == QUOTA_PER_CLUSTER)
		json_object_set_new(j, "max", json_integer(q->max));
	else
		json_object_set_new(j, "share", share_json(q->share));
	if (q->of[0])
		json_object_set_new(j, "of", json_string(q->of));
	return j;
}

json_t *award_type_json(const struct award_type *t)
{
	json_t *conds = json_array();
	for (size_t i = 0; i < t->n_conds; i++)
		json_array_append_new(conds, condition_json(&t->conds[i]));
	char confidence[2] = {t->confidence, '\0'};
	return json_pack("{ss ss ss ss ss so so so ss ss so so}", "code", t->code, "name",
			 t->name, "level", level_name(t->level), "subject",
			 subject_word(t->subject), "conferred_by", t->conferred_by,
			 "vote_threshold", share_json(t->vote_threshold), "vote_basis",
			 str_or_null(t->vote_basis), "quota", quota_json(&t->quota), "basis",
			 t->basis, "confidence", confidence, "reward",
			 t->reward > 0 ? json_real(t->reward) : json_null(), "conditions", conds);
}

/* Is the caller's org the authority, or above it? */
static int over_authority(struct ctx *cx, int64_t authority_id, int *over, struct error *e)
{
	int64_t chain[ORG_CHAIN_MAX];
	size_t n = 0;
	*over = 0;
	if (cx->who.org_id <= 0)
		return 0;
	if (store_org_chain(cx->db, authority_id, chain, &n, e) != 0)
		return -1;
	*over = ids_contain(chain, n, cx->who.org_id);
	return 0;
}

int proposal_parties(struct ctx *cx, const struct proposal *p, unsigned *parties,
		     struct error *e)
{
	const struct principal *who = &cx->who;
	*parties = 0;
	if (who->roles & ROLE_ADMIN) {
		*parties = PARTY_PROPOSER | PARTY_AUTHORITY;
		return 0;
	}
	int own = who->org_id > 0 && who->org_id == p->proposer_org_id;
	if (own && (who->roles & (ROLE_UNIT_OFFICER | ROLE_LEADER_OFFICER)))
		*parties |= PARTY_PROPOSER;
	int over = 0;
	if ((who->roles & ROLE_AUTHORITY_OFFICER) &&
	    over_authority(cx, p->authority_id, &over, e) != 0)
		return -1;
	/* nobody reviews what its own org proposed */
	if (over && !own)
		*parties |= PARTY_AUTHORITY;
	return 0;
}

int proposal_readable(struct ctx *cx, const struct proposal *p, struct error *e)
{
	unsigned parties = 0;
	if (proposal_parties(cx, p, &parties, e) != 0)
		return -1;
	if (parties)
		return 0;
	int over = 0;
	if ((cx->who.roles & (ROLE_COUNCIL_MEMBER | ROLE_AUTHORITY_OFFICER)) &&
	    over_authority(cx, p->authority_id, &over, e) != 0)
		return -1;
	if (over || (cx->who.org_id > 0 && cx->who.org_id == p->proposer_org_id))
		return 0;
	return err_set(e, ERR_FORBIDDEN, "forbidden", NULL,
		       "this proposal belongs to another organization");
}

int proposal_open(struct ctx *cx, int64_t id, int for_write, struct proposal *p,
		  struct error *e)
{
	memset(p, 0, sizeof *p);
	if ((for_write ? store_begin(cx->db, e) : store_begin_read(cx->db, e)) != 0 ||
	    store_proposal_get(cx->db, id, p, e) != 0 || proposal_readable(cx, p, e) != 0)
		return -1;
	return 0;
}

int proposal_judge(struct ctx *cx, const struct proposal *p, struct proposal_judged *out,
		   struct error *e)
{
	clock_today(out->day);
	if (store_rule_set_load(cx->db, p->rule_set_id, &out->rs, e) != 0)
		return -1;
	out->t = rule_set_find(&out->rs, p->award_type);
	if (!out->t)
		return 0;
	if (award_judge(cx, &out->rs, out->t, p->nominee_person_id, p->nominee_org_id, p->year,
			out->day, p, &out->el, e) != 0) {
		rule_set_free(&out->rs);
		return -1;
	}
	out->evidence = nominee_readable(cx, p->nominee_person_id, p->nominee_org_id);
	return 0;
}

int reviewing_authority(struct ctx *cx, int64_t org_id, int64_t *authority_id,
			struct error *e)
{
	if (store_org_authority_above(cx->db, org_id, authority_id, e) == 0)
		return 0;
	if (e->kind != ERR_NOT_FOUND)
		return -1;
	return err_set(e, ERR_INVALID, "no_authority", "nominee_person_id",
		       "no authority above the nominee's organization reviews its awards");
}

static long candidate_index(const struct ballot *b, int64_t person_id, int64_t org_id)
{
	for (size_t i = 0; i < b->n_candidates; i++)
		if ((person_id > 0 && b->candidates[i].person_id == person_id) ||
		    (org_id > 0 && b->candidates[i].org_id == org_id))
			return (long)i;
	return -1;
}

static json_t *verdict_json(const struct ballot *b, const struct ballot_outcome *o, long k,
			    int passed)
{
	return json_pack("{sI ss sI sI sI sf ss sI sb ss ss}", "ballot_id", (json_int_t)b->id,
			 "question", b->question, "eligible", (json_int_t)o->counts.eligible,
			 "cast", (json_int_t)o->counts.cast, "votes", (json_int_t)o->per[k],
			 "threshold", b->rules.threshold / 10000.0, "threshold_base",
			 threshold_base_name(b->rules.base), "needed",
			 (json_int_t)o->result.needed, "passed", passed, "digest", o->digest,
			 "closed_at", b->closed_at);
}

int closed_ballot_open(struct ctx *cx, int64_t ballot_id, struct closed_ballot *cb,
		       struct error *e)
{
	memset(cb, 0, sizeof *cb);
	if (store_ballot_get(cx->db, ballot_id, &cb->b, e) != 0) {
		if (e->kind == ERR_NOT_FOUND)
			err_set(e, ERR_INVALID, "unknown_ballot", "ballot_id", "no ballot %lld",
				(long long)ballot_id);
		return -1;
	}
	return closed_ballot_count(cx, cb, e);
}

int closed_ballot_count(struct ctx *cx, struct closed_ballot *cb, struct error *e)
{
	if (cb->b.status != BALLOT_CLOSED)
		return err_set(e, ERR_CONFLICT, "ballot_not_closed", "ballot_id",
			       "ballot %lld is not closed yet", (long long)cb->b.id);
	cb->o = store_ballot_outcome(cx->db, &cb->b, e);
	return cb->o ? 0 : -1;
}

void closed_ballot_free(struct closed_ballot *cb)
{
	ballot_outcome_free(cb->o);
	ballot_free(&cb->b);
	cb->o = NULL;
}

int closed_ballot_verdict(const struct closed_ballot *cb, int64_t person_id, int64_t org_id,
			  int *passed, json_t **snapshot, struct error *e)
{
	long k = candidate_index(&cb->b, person_id, org_id);
	if (k < 0)
		return err_set(e, ERR_INVALID, "not_a_candidate", "ballot_id",
			       "the nominee is not a candidate of ballot %lld", (long long)cb->b.id);
	if (cb->o->is_void)
		return err_set(e, ERR_CONFLICT, "ballot_void", "ballot_id",
			       "ballot %lld is void: too few ballots to publish a count",
			       (long long)cb->b.id);
	*passed = 0;
	for (size_t i = 0; i < cb->o->result.n_passed; i++)
		*passed |= cb->o->result.passed[i] == (size_t)k;
	if (snapshot)
		*snapshot = verdict_json(&cb->b, cb->o, k, *passed);
	return 0;
}

int ballot_nominee_verdict(struct ctx *cx, int64_t ballot_id, int64_t person_id,
			   int64_t org_id, int *passed, json_t **snapshot, struct error *e)
{
	struct closed_ballot cb;
	int rc = closed_ballot_open(cx, ballot_id, &cb, e) == 0 &&
				 closed_ballot_verdict(&cb, person_id, org_id, passed, snapshot, e) == 0
			 ? 0
			 : -1;
	closed_ballot_free(&cb);
	return rc;
}

/*
** Judge p today against its rule set: 409 not_eligible when a condition
** fails. The initiative it relies on is locked to it, so that no other
** proposal can use it again.
*/
int proposal_judge_now(struct ctx *cx, const struct proposal *p,
			     const struct award_type **type, struct rule_set *rs,
			     struct error *e)
{
	struct eligibility el;
	char day[11];
	clock_today(day);
	if (store_rule_set_load(cx->db, p->rule_set_id, rs, e) != 0)
		return -1;
	*type = rule_set_find(rs, p->award_type);
	if (!*type)
		return err_set(e, ERR_CONFLICT, "unknown_award_type", "award_type",
			       "rule set %s no longer has %s", rs->code, p->award_type);
	if (award_judge(cx, rs, *type, p->nominee_person_id, p->nominee_org_id, p->year, day, p,
			&el, e) != 0 ||
	    eligibility_require(&el, e) != 0)
		return -1;
	for (size_t i = 0; i < el.n; i++)
		if (el.results[i].initiative_id &&
		    store_initiative_use(cx->db, el.results[i].initiative_id, p->id, e) != 0)
			return -1;
	return 0;
}

/* The council's vote an award type needs: its ballot closed and passing the nominee. */
int proposal_council_passed(struct ctx *cx, const struct proposal *p,
			  const struct award_type *t, struct error *e)
{
	if (!t->vote_threshold)
		return 0;
	if (!p->council_ballot_id)
		return err_set(e, ERR_CONFLICT, "council_vote_required", "council_ballot_id",
			       "%s needs the council's vote (%s): hold a council ballot first",
			       t->code, t->vote_basis);
	int passed = 0;
	if (ballot_nominee_verdict(cx, p->council_ballot_id, p->nominee_person_id,
				   p->nominee_org_id, &passed, NULL, e) != 0)
		return -1;
	if (!passed)
		return err_set(e, ERR_CONFLICT, "council_vote_failed", "council_ballot_id",
			       "the council's ballot did not pass the nominee (%s)", t->vote_basis);
	return 0;
}

/* The quota of t, counting what is already given or approved besides p. */
int proposal_quota(struct ctx *cx, const struct proposal *p, const struct award_type *t,
			struct error *e)
{
	int64_t held = 0, base = 0;
	if (t->quota.kind == QUOTA_NONE)
		return 0;
	int64_t cluster = t->quota.kind == QUOTA_PER_CLUSTER ? p->cluster_id : 0;
	if (store_quota_held(cx->db, t->code, cluster, p->authority_id, p->year, p->id, &held,
			     e) != 0)
		return -1;
	if (t->quota.kind == QUOTA_SHARE_OF_HOLDERS &&
	    store_quota_held(cx->db, t->quota.of, 0, p->authority_id, p->year, 0, &base, e) != 0)
		return -1;
	return quota_check(t, held, base, e);
}

