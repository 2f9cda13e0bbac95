/*
** The law as data: a rule set is one legal regime (Decree 98/2023, then
** Decree 152/2025 from 2025-07-01) with its effective period and its
** catalog of award types — titles and forms of commendation — each with
** its level, subject, conferring authority, council vote threshold,
** quota, legal basis and conditions. A new decree is a new rule set, never
** a change to this code; the shipped sets live in data/rule_sets/ and an
** admin may replace them.
**
** A rule set is read from its JSON document (the format is in
** data/rule_sets/README.md) and validated here: every key known, every
** award code referenced by a condition or quota defined in the same set.
** This file is pure: no storage.
*/
#ifndef THIDUA_RULES_H
#define THIDUA_RULES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define AWARD_CODE_CHARS 16
#define RULE_SET_CODE_CHARS 32
#define RULE_NAME_CHARS 300
#define RULE_TEXT_CHARS 1000
#define RULE_BASIS_CHARS 300
#define AWARD_TYPES_MAX 64
#define AWARD_CONDITIONS_MAX 16

enum award_level { LEVEL_GRASSROOTS = 0, LEVEL_MINISTRY_PROVINCE, LEVEL_NATIONAL, LEVEL_STATE };
/* Who may receive it: a bit set. */
enum award_subject { SUBJECT_INDIVIDUAL = 1, SUBJECT_COLLECTIVE = 2 };
/* A yearly task rating, worst to best. */
enum rating { RATING_NOT_COMPLETED = 0, RATING_COMPLETED, RATING_GOOD, RATING_EXCELLENT };

const char *level_name(enum award_level l);
int level_parse(const char *s, enum award_level *out);
const char *rating_name(enum rating r);
int rating_parse(const char *s, enum rating *out);

enum condition_kind {
	/* `award` held `times` times, `span` years apart, the last one
	 * `offset` years before the year judged (0: that year) */
	COND_HOLDS = 0,
	/* `award` at least `times` times in the `window` years ending with the year */
	COND_COUNT,
	/* `award` held in some year at least `offset` years before the year */
	COND_HELD_BEFORE,
	/* rated `rating` or better in `times` of the `window` years ending with
	 * the year (every one of them when `times` is not given) */
	COND_RATING,
	/* an initiative or research topic recognized at `level` or above,
	 * by the year, not already backing another award */
	COND_INITIATIVE,
	/* no discipline, inspection or complaint open on the judging date */
	COND_NOT_FROZEN,
	/* a collective: at least `share` of its members hold `award` that year */
	COND_MEMBERS_SHARE,
	/* a collective: at least one member holds `award` that year */
	COND_MEMBER_HOLDS,
	/* a collective: no member under discipline during the year */
	COND_MEMBERS_CLEAN,
	/* nominated by its cluster's ballot (the proposal's ballot passed it) */
	COND_CLUSTER_VOTE,
	/* at least one of the conditions that follow it (`children` of them) */
	COND_ANY_OF,
};
const char *condition_kind_name(enum condition_kind k);

struct condition {
	char code[AWARD_CODE_CHARS * 2 + 1];
	char text[RULE_TEXT_CHARS * 4 + 1];
	char basis[RULE_BASIS_CHARS * 4 + 1];
	enum condition_kind kind;
	char award[AWARD_CODE_CHARS + 1];
	int times, span, offset, window;
	enum rating rating;
	enum award_level level;
	int share;    /* parts per 10,000 */
	int children; /* COND_ANY_OF: how many of the next conditions are its options */
	int in_any;   /* an option of the COND_ANY_OF before it */
};

enum quota_kind {
	QUOTA_NONE = 0,
	/* at most `max` per cluster and year */
	QUOTA_PER_CLUSTER,
	/* at most `share` of the collectives holding `of` that year, per authority */
	QUOTA_SHARE_OF_HOLDERS,
};

struct quota {
	enum quota_kind kind;
	int max;
	int share; /* parts per 10,000 */
	char of[AWARD_CODE_CHARS + 1];
	char text[RULE_TEXT_CHARS * 4 + 1];
	char basis[RULE_BASIS_CHARS * 4 + 1];
};

struct award_type {
	char code[AWARD_CODE_CHARS + 1];
	char name[RULE_NAME_CHARS * 4 + 1];
	enum award_level level;
	unsigned subject;      /* enum award_subject bits */
	char conferred_by[RULE_NAME_CHARS * 4 + 1];
	int vote_threshold;    /* share of ALL council members, per 10,000; 0: no council vote */
	char vote_basis[RULE_BASIS_CHARS * 4 + 1];
	struct quota quota;
	char basis[RULE_BASIS_CHARS * 4 + 1];
	char confidence;       /* 'V' read in a source, 'I' inferred */
	double reward;         /* cash reward in multiples of the base salary; 0: none */
	struct condition conds[AWARD_CONDITIONS_MAX];
	size_t n_conds;
};

struct rule_set {
	int64_t id;
	char code[RULE_SET_CODE_CHARS + 1];
	char name[RULE_NAME_CHARS * 4 + 1];
	char basis[RULE_BASIS_CHARS * 4 + 1];
	char effective_from[11];
	char effective_until[11]; /* "" while in force with no end */
	int council_quorum;       /* share of council members who must vote, per 10,000 */
	char quorum_basis[RULE_BASIS_CHARS * 4 + 1];
	/* conditions every award type carries (e.g. not frozen) */
	struct condition general[AWARD_CONDITIONS_MAX];
	size_t n_general;
	struct award_type *types; /* owned */
	size_t n_types;
};

/*
** Read and validate a rule set's JSON document; 422 with the offending
** field (e.g. "award_types[3].conditions[1].award") when it is wrong.
** Free with rule_set_free.
*/
int rule_set_from_json(json_t *doc, struct rule_set *out, struct error *e);
void rule_set_free(struct rule_set *rs);
const struct award_type *rule_set_find(const struct rule_set *rs, const char *code);
/* Is the date ("YYYY-MM-DD") inside the set's effective period? */
int rule_set_covers(const struct rule_set *rs, const char *date);
/* Do two periods share a day? */
int rule_sets_overlap(const struct rule_set *a, const struct rule_set *b);
/*
** The type named code, for a person (is_person) or an org: 422
** unknown_award_type or wrong_subject.
*/
int rule_set_award(const struct rule_set *rs, const char *code, int is_person,
		   const struct award_type **out, struct error *e);
/* May the type go to a person (is_person) or to an org? */
int award_type_fits(const struct award_type *t, int is_person);
/* The date a year's awards are judged on: 31 December of the year. */
void rules_judging_date(int year, char out[11]);

#endif
