/*
** From score sheets to a ranking. Every member unit scores itself (self
** score) and, in the cross phase, every other member (cross score); the
** leader may adjust any entry with a reason, and the adjusted entry then
** counts instead. The cluster year's final rule says which entries make a
** unit's result for each criterion:
**
**   cross_mean          the mean of the cross scores it received
**   cross_trimmed_mean  the same without one highest and one lowest
**                       (a plain mean when fewer than three remain)
**   reviewed_self       its self score, as the leader reviewed it
**
** For a quantitative criterion the rule picks the unit's actual value
** and points follow from the best unit's value; for the other kinds each
** entry becomes points first. A criterion nobody scored earns 0.
**
** Units are ranked by total; equal totals are separated by the year's
** tie-break keys, in order, and units still equal share a rank (1, 2, 2, 4):
**
**   penalty  fewer penalty points first
**   base     more points before bonus and penalty
**   groups   more points in the first top-level group, then the second, …
*/
#ifndef THIDUA_SCORING_H
#define THIDUA_SCORING_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "domain/criteria.h"

enum final_rule { FINAL_CROSS_MEAN = 0, FINAL_CROSS_TRIMMED_MEAN, FINAL_REVIEWED_SELF };

enum tie_key { TIE_PENALTY = 0, TIE_BASE, TIE_GROUPS };
#define TIE_KEYS_MAX 3

struct tie_rule {
	enum tie_key keys[TIE_KEYS_MAX];
	size_t n;
};

const char *final_rule_name(enum final_rule r);
/* All rule names in order, NULL-terminated. */
const char *const *final_rule_names(void);
int final_rule_parse(const char *s, enum final_rule *out);
const char *tie_key_name(enum tie_key k);
int tie_key_parse(const char *s, enum tie_key *out);
/* "penalty,groups" ↔ a tie rule; "" is no keys (ties share a rank). */
int tie_rule_parse(const char *s, struct tie_rule *out);
void tie_rule_format(const struct tie_rule *t, char *buf, size_t n);
/* The rule a new cluster year starts with: penalty, then groups. */
struct tie_rule tie_rule_default(void);

/* One entry of a score sheet, as stored. */
struct score_entry {
	int64_t scored_org_id;
	int64_t scoring_org_id;
	int criterion; /* index into the table's items */
	double value;  /* as entered; valid when has_value */
	int has_value;
	double adjusted; /* the leader's review; valid when has_adjusted */
	int has_adjusted;
};

struct ranking_row {
	int64_t org_id;
	int64_t total;   /* centi-points */
	int64_t base;    /* without bonus and penalty */
	/* base - penalty + bonus = total (before the floor at 0): a group's
	 * limit is charged to base first, then penalty, then bonus */
	int64_t bonus;
	int64_t penalty; /* deducted */
	int rank;        /* 1 = first; equal ranks are shared */
	int tied;        /* its total equals a neighbour's: 1 */
	int tie_key;     /* the key that separated them, or -1 when shared */
};

struct ranking {
	struct ranking_row *rows; /* in rank order */
	size_t n;
	/* points[r * n_items + i]: row r's points for item i (a leaf's
	 * points earned or deducted, a group's signed, clamped sum) */
	int64_t *points;
	size_t n_items;
};

/*
** Rank the members from the entries. The table must be validated; entries
** naming a unit outside members or an item outside the table are ignored.
*/
int ranking_compute(const struct criteria_table *t, const int64_t *members, size_t n_members,
		    const struct score_entry *entries, size_t n_entries, enum final_rule rule,
		    const struct tie_rule *ties, struct ranking *out, struct error *e);
void ranking_free(struct ranking *r);

#endif
