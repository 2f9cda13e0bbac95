/*
** Score sheets: the entries one unit gives another (or itself) across the
** whole table. Before a phase closes the leader needs to know which
** sheets are still incomplete.
*/
#ifndef THIDUA_SHEETS_H
#define THIDUA_SHEETS_H

#include <stddef.h>
#include <stdint.h>

#include "domain/criteria.h"
#include "domain/scoring.h"

struct sheet_ref {
	int64_t scored_org_id;
	int64_t scoring_org_id;
	size_t entered; /* leaves the scoring unit has entered */
};

/*
** How many leaves each member has entered for each member:
** count[u * n + v] for scored members[u] and scoring members[v]
** (malloc'd; NULL when out of memory).
*/
size_t *sheets_count(const struct criteria_table *t, const int64_t *members, size_t n,
		     const struct score_entry *entries, size_t n_entries);

/*
** The incomplete sheets: each member's self sheet when self, else every
** member's cross sheet of every other member. Up to max are written to
** out (which may be NULL); returns how many there are, or -1 when out of
** memory. A sheet is complete when every leaf of t has an entry.
*/
long sheets_incomplete(const struct criteria_table *t, const int64_t *members, size_t n,
		       const struct score_entry *entries, size_t n_entries, int self,
		       struct sheet_ref *out, size_t max);

/* Number of leaves (criteria that are not groups). */
size_t criteria_leaves(const struct criteria_table *t);

#endif
