/*
** The eligibility engine: may this person or org receive this award type
** for this year, and why. It evaluates every condition of the type (and
** the rule set's general ones) against the facts the system holds — the
** nominee's award history, yearly ratings, initiatives, open discipline
** or inspection, and for a collective its members' awards — and answers
** each one met, not met, or unknown where the evidence is not in the
** system (a rating nobody recorded). Each answer cites the condition's
** text and its legal basis.
**
** Award history is taken as complete: an award not recorded was not
** given. Ratings and initiatives are not: a missing one is unknown.
** The verdict is eligible when no condition is unmet; the unknown ones
** are listed for the council to check on paper.
**
** This file is pure: the caller loads the facts (store_eligibility_facts).
*/
#ifndef THIDUA_ELIGIBILITY_H
#define THIDUA_ELIGIBILITY_H

#include <stddef.h>
#include <stdint.h>

#include "domain/rules.h"

enum tri { TRI_UNKNOWN = -1, TRI_NO = 0, TRI_YES = 1 };

/* One award held: by the nominee, or (member_awards) by one of its members. */
struct award_fact {
	char type[AWARD_CODE_CHARS + 1];
	int year;
	int64_t holder; /* the member's person id; the nominee's own: 0 */
};

struct rating_fact {
	int year;
	enum rating rating;
};

struct initiative_fact {
	int64_t id;
	enum award_level level;
	int year;
	int64_t used_by; /* the proposal it backs; 0 while unused */
};

enum hold_kind { HOLD_DISCIPLINE = 0, HOLD_INSPECTION, HOLD_COMPLAINT };
const char *hold_kind_name(enum hold_kind k);
int hold_kind_parse(const char *s, enum hold_kind *out);

struct hold_fact {
	enum hold_kind kind;
	char from[11];
	char until[11]; /* "" while open */
};

struct eligibility_facts {
	const struct award_fact *awards;
	size_t n_awards;
	const struct rating_fact *ratings;
	size_t n_ratings;
	const struct initiative_fact *initiatives;
	size_t n_initiatives;
	const struct hold_fact *holds;
	size_t n_holds;
	/* a collective: its members (people of the org), their awards and holds */
	size_t n_members;
	const struct award_fact *member_awards;
	size_t n_member_awards;
	const struct hold_fact *member_holds;
	size_t n_member_holds;
	/* the proposal being judged (its own initiative counts as free); 0: none */
	int64_t proposal_id;
	/* the proposal's cluster ballot: passed, did not, or no ballot (unknown) */
	enum tri cluster_vote;
};

struct condition_result {
	const struct condition *cond;
	enum tri met;
	/* what the evidence showed, in words, e.g. "held in 2024, 2025; missing 2023" */
	char detail[200];
	int64_t initiative_id; /* COND_INITIATIVE met: the initiative it would use */
};

#define ELIGIBILITY_RESULTS_MAX (2 * AWARD_CONDITIONS_MAX)

struct eligibility {
	int eligible;     /* no condition unmet */
	size_t n_unknown; /* conditions the system cannot judge */
	size_t n;
	struct condition_result results[ELIGIBILITY_RESULTS_MAX];
};

/*
** Judge facts against type t of rule set rs for year, on date (the day of
** judging, "YYYY-MM-DD", for the freeze). The general conditions come
** first, then the type's own; an any_of is followed by its options'
** results, marked by cond->in_any.
*/
void eligibility_check(const struct rule_set *rs, const struct award_type *t, int year,
		       const char *date, const struct eligibility_facts *f,
		       struct eligibility *out);

#endif
