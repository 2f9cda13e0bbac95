/*
** What the award handlers (api_rules.c, api_proposals.c, api_decisions.c,
** api_awards.c) share: the rule set a year is judged by, judging a
** nominee, who a caller is to a proposal, and the JSON of each resource
** (award_common.c).
*/
#ifndef THIDUA_API_AWARDS_H
#define THIDUA_API_AWARDS_H

#include "api/api.h"

/*
** The rule set in force on date (or, when date is NULL or "", on
** 31 December of year), and its award type named code, which must fit a
** person (is_person) or an org: 422 unknown_award_type / wrong_subject.
** Free rs with rule_set_free.
*/
int award_type_for(struct ctx *cx, int year, const char *date, const char *code,
		   int is_person, struct rule_set *rs, const struct award_type **t,
		   struct error *e);

/*
** Judge the nominee (person_id or org_id) for type t of rs in year, the
** freeze on date; proposal (may be NULL) supplies its own initiative and
** its cluster ballot's verdict.
*/
int award_judge(struct ctx *cx, const struct rule_set *rs, const struct award_type *t,
		int64_t person_id, int64_t org_id, int year, const char *date,
		const struct proposal *proposal, struct eligibility *out, struct error *e);

/* The answer of GET /eligibility, and the eligibility shown on a proposal. */
json_t *eligibility_json(const struct rule_set *rs, const struct award_type *t, int year,
			 const char *date, const struct eligibility *el);
/*
** May the caller read the nominee's records (a person, or an org's
** people)? When not, a proposal it sees shows only which conditions are
** met, not the evidence (eligibility_redact).
*/
int nominee_readable(struct ctx *cx, int64_t person_id, int64_t org_id);
void eligibility_redact(json_t *eligibility);
/* 409 not_eligible naming the unmet conditions, or 0. */
int eligibility_require(const struct eligibility *el, struct error *e);

/* An award type as the catalog lists it (its conditions with their basis). */
json_t *award_type_json(const struct award_type *t);

/* A closed ballot, counted once for all the verdicts asked of it. */
struct closed_ballot {
	struct ballot b;
	struct ballot_outcome *o;
};
/* 422 unknown_ballot, 409 ballot_not_closed; free it with closed_ballot_free either way. */
int closed_ballot_open(struct ctx *cx, int64_t ballot_id, struct closed_ballot *cb,
		       struct error *e);
/* Count cb->b, already loaded: 409 ballot_not_closed. */
int closed_ballot_count(struct ctx *cx, struct closed_ballot *cb, struct error *e);
void closed_ballot_free(struct closed_ballot *cb);
/* Its verdict on one nominee, as ballot_nominee_verdict below. */
int closed_ballot_verdict(const struct closed_ballot *cb, int64_t person_id, int64_t org_id,
			  int *passed, json_t **snapshot, struct error *e);
/*
** A closed ballot's verdict on one nominee (person_id or org_id): *passed,
** and in *snapshot (when not NULL) the figures a proposal keeps. 409 when
** the ballot is not closed or is void, 422 when the nominee is not one of
** its candidates.
*/
int ballot_nominee_verdict(struct ctx *cx, int64_t ballot_id, int64_t person_id,
			   int64_t org_id, int *passed, json_t **snapshot, struct error *e);

/*
** Judge p today against its rule set (rs, freed by the caller; *type its
** award type): 409 not_eligible when a condition fails. The initiative it
** relies on is locked to it, so no other proposal can use it again.
*/
int proposal_judge_now(struct ctx *cx, const struct proposal *p,
		       const struct award_type **type, struct rule_set *rs, struct error *e);
/* The council's vote the type needs, where it needs one: closed and passing the nominee. */
int proposal_council_passed(struct ctx *cx, const struct proposal *p,
			    const struct award_type *t, struct error *e);
/* 409 quota_exceeded when one more award of t for p breaks its quota. */
int proposal_quota(struct ctx *cx, const struct proposal *p, const struct award_type *t,
		   struct error *e);

/*
** May the caller read award a, as GET /awards/{id} answers it: a
** person's award within the caller's people scope (403), an org's by
** anyone logged in.
*/
int award_readable(struct ctx *cx, const struct award *a, struct error *e);

/* What the caller is to a proposal: enum proposal_party bits, 0 for neither. */
int proposal_parties(struct ctx *cx, const struct proposal *p, unsigned *parties,
		     struct error *e);
/* May the caller read the proposal: a party, or a council member of its authority. */
int proposal_readable(struct ctx *cx, const struct proposal *p, struct error *e);
/*
** Load proposal id inside a transaction (a write one when for_write):
** 404, or 403 unless the caller may read it. Free p with proposal_free.
*/
int proposal_open(struct ctx *cx, int64_t id, int for_write, struct proposal *p,
		  struct error *e);

/* A proposal judged today by its own rule set, as GET /proposals/{id} shows it. */
struct proposal_judged {
	struct rule_set rs; /* free with rule_set_free */
	const struct award_type *t; /* NULL: the set no longer has the type, nothing judged */
	struct eligibility el;
	char day[11];
	int evidence; /* may the caller see what the evidence showed (nominee_readable) */
};
int proposal_judge(struct ctx *cx, const struct proposal *p, struct proposal_judged *out,
		   struct error *e);
/* The authority that reviews a unit's proposals: the nearest authority above it. */
int reviewing_authority(struct ctx *cx, int64_t org_id, int64_t *authority_id,
			struct error *e);

#endif
