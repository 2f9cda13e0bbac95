/*
** The scoring table (bảng chấm điểm) of a cluster year: a tree of groups
** and criteria. Each leaf has a kind that says what a scorer enters and
** how that becomes points:
**
**   points          points entered, 0 .. max_points
**   quantitative    the unit's actual value against the agreed target;
**                   below target 0.5 × max × actual / target, at or above
**                   the best unit's value the full max, in between linear
**                   from half the max at the target to the max at the best
**   pass_fail       met or not: max_points or 0
**   per_occurrence  a count × per_occurrence, capped at max_points
**   bonus, penalty  points 0 .. max_points, added or deducted
**
** A group's value is the signed sum of its children, clamped to
** ±max_points when the group has a maximum (a bonus group "at most 5").
** Points are kept in hundredths (centi-points) so that totals add up
** exactly and ties are real ties.
**
** This file is pure: validation and arithmetic, no storage.
*/
#ifndef THIDUA_CRITERIA_H
#define THIDUA_CRITERIA_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define CRITERIA_MAX 400
#define CRITERION_CODE_CHARS 32
#define CRITERION_NAME_CHARS 300
#define CRITERION_DEPTH_MAX 4
#define CRITERION_POINTS_MAX 1000.0
#define QUANTITY_MAX 1e12
#define OCCURRENCES_MAX 1000000

enum criterion_kind {
	CRIT_GROUP = 0,
	CRIT_POINTS,
	CRIT_QUANTITATIVE,
	CRIT_PASS_FAIL,
	CRIT_PER_OCCURRENCE,
	CRIT_BONUS,
	CRIT_PENALTY,
};

struct criterion {
	char code[CRITERION_CODE_CHARS + 1];
	char parent[CRITERION_CODE_CHARS + 1]; /* "" at the top level */
	char name[CRITERION_NAME_CHARS * 4 + 1];
	enum criterion_kind kind;
	double max_points;     /* a leaf's maximum; a group's cap, 0 = none */
	double target;         /* quantitative: the agreed target, > 0 */
	double per_occurrence; /* per_occurrence: points for each one */
	int depth;             /* 0 at the top level */
};

/* Items in pre-order: every group is followed by its whole subtree. */
struct criteria_table {
	struct criterion *items;
	size_t n;
	int version; /* 0 while the year has no table */
};

const char *criterion_kind_name(enum criterion_kind k);
/* Codes are short ASCII labels such as "I", "II.3" or "B-2a". */
int criterion_code_valid(const char *code);
int criterion_kind_parse(const char *s, enum criterion_kind *out);

/*
** Codes unique and well formed; each parent an earlier group; depth within
** bounds; every group non-empty; each leaf's numbers in range. Sets each
** item's depth.
*/
int criteria_validate(struct criterion *items, size_t n, struct error *e);

/* Index of the criterion with this code, or -1. */
int criteria_find(const struct criterion *items, size_t n, const char *code);
/* parent[i] = index of item i's group, or -1 at the top; items validated. */
void criteria_parents(const struct criterion *items, size_t n, int *parent);
/* The most a unit can earn (bonus and penalty items excluded), centi-points. */
int64_t criteria_max_total(const struct criterion *items, size_t n);

/*
** The JSON key a scorer fills for a leaf of this kind: "points",
** "value" (quantitative), "passed" (pass_fail) or "count" (per_occurrence).
*/
const char *criterion_entry_key(enum criterion_kind k);
/* Is v an acceptable entry for the leaf? 422 with the reason otherwise. */
int criterion_entry_check(const struct criterion *c, double v, struct error *e);

/* Points of one scorer's entry for a leaf that is not quantitative. */
double criterion_sheet_points(const struct criterion *c, double entry);
/* Points of a quantitative leaf given the best unit's value. */
double criterion_quantitative_points(double max_points, double target, double best,
				     double actual);

/* x points as centi-points, rounded half away from zero. */
int64_t points_to_centi(double x);
/* Has x at most two decimals? */
int points_two_decimals(double x);

#endif
