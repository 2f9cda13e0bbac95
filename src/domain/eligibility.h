/*
** The eligibility engine: may this person or org receive this award type
** for this year, and why. It evaluates every condition of the type (and
** the rule set's general ones) against the facts the system holds — the
** nominee's award history, yearly ratings, initiatives, open discipline
** or inspection, and for a collective its members' awards — and answers
** each one met, not met, or unknown where the evidence is not in the
** system (a rating nobody recorded). Each answer cites the condition's
** text and its legal basis, and what the evidence showed as data, which
** eligibility_detail_text (eligibility_text.c) says in English or Vietnamese.
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

/*
** What the evidence showed for one condition, as data: a kind of finding
** and the figures it names (which ones: eligibility_detail_params). The
** comment on each kind is its English wording.
*/
enum detail_kind {
	DETAIL_NONE = 0,
	DETAIL_HELD,              /* {award} held in {years} */
	DETAIL_NOT_HELD,          /* {award} not held in {years} */
	DETAIL_COUNT,             /* {award} {n} time(s) in {from}-{to}: {years} (needs {needs}) */
	DETAIL_NOT_HELD_BY,       /* {award} not held by {year} */
	DETAIL_RATED,             /* rated {rating} or better in {n} of {from}-{to} */
	DETAIL_RATED_BELOW,       /* rated below {rating} in {years} */
	DETAIL_NO_RATING,         /* no rating recorded for {years} */
	DETAIL_INITIATIVE,        /* initiative {id} ({level}, {year}) */
	DETAIL_INITIATIVE_USED,   /* initiative {id} already backs another award */
	DETAIL_NO_INITIATIVE,     /* no initiative at {level} level or above recorded */
	DETAIL_FROZEN,            /* under {hold} since {date} */
	DETAIL_NOT_FROZEN,        /* no discipline, inspection or complaint open on {date} */
	DETAIL_NO_MEMBERS,        /* no members recorded */
	DETAIL_MEMBERS_SHARE,     /* {n} of {total} members hold {award} in {year} */
	DETAIL_MEMBERS_HOLD,      /* {n} member(s) hold {award} in {year} */
	DETAIL_MEMBER_DISCIPLINE, /* a member was under discipline from {date} */
	DETAIL_MEMBERS_CLEAN,     /* no member under discipline in {year} */
	DETAIL_BALLOT_PASSED,     /* passed the cluster's ballot */
	DETAIL_BALLOT_FAILED,     /* did not pass the cluster's ballot */
	DETAIL_NO_BALLOT,         /* no closed cluster ballot attached */
	DETAIL_OPTION_MET,        /* one option met */
	DETAIL_NO_OPTION,         /* no option met */
	DETAIL_NO_OPTION_DATA,    /* no option met on the evidence held */
	DETAIL_KINDS
};

/* The figures a detail names, as bits of eligibility_detail_params. */
enum detail_param {
	DP_AWARD = 0, /* an award code */
	DP_YEARS,     /* a list of years */
	DP_N,
	DP_TOTAL,
	DP_NEEDS,
	DP_YEAR,
	DP_FROM, /* a window of years, from..to */
	DP_TO,
	DP_RATING,
	DP_LEVEL,
	DP_HOLD,
	DP_ID,   /* an initiative */
	DP_DATE, /* "YYYY-MM-DD" */
	DP_PARAMS
};

/* A window is at most 30 years (rules.c), and so is any list of its years. */
#define DETAIL_YEARS_MAX 30

struct condition_detail {
	enum detail_kind kind;
	char award[AWARD_CODE_CHARS + 1];
	int years[DETAIL_YEARS_MAX];
	size_t n_years;
	int64_t n, total, needs;
	int year, from, to;
	enum rating rating;
	enum award_level level;
	enum hold_kind hold;
	int64_t id;
	char date[11];
};

struct condition_result {
	const struct condition *cond;
	enum tri met;
	struct condition_detail detail; /* what the evidence showed */
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

/* The languages a detail is said in. */
enum lang { LANG_VI = 0, LANG_EN };

/* A detail kind's name ("held", "not_held" …, as the API spells it), and its figures' bits. */
const char *eligibility_detail_code(enum detail_kind k);
unsigned eligibility_detail_params(enum detail_kind k);
/* A figure's name ("award", "years" …). */
const char *eligibility_param_name(enum detail_param p);
/* A figure that is a number (n, total, needs, year, from, to, id); 0 for the others. */
int64_t eligibility_detail_number(const struct condition_detail *d, enum detail_param p);

/* Room for any detail in words: an award type's name and the rest. */
#define DETAIL_TEXT_MAX (RULE_NAME_CHARS * 4 + 400)

/*
** The detail in words, into buf (cut to n bytes, always terminated). The
** English is the API's `detail` (award codes as they are); the Vietnamese
** names an award by its type's name in rs (the code when rs is NULL or
** lacks it), ratings, levels and holds by their Vietnamese names, and
** dates as dd/mm/yyyy.
*/
void eligibility_detail_text(const struct condition_detail *d, const struct rule_set *rs,
			     enum lang lang, char *buf, size_t n);

#endif
