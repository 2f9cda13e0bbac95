/* Which score sheets are still missing entries. */
#include "domain/sheets.h"

#include <stdlib.h>

#include "core/ids.h"

size_t criteria_leaves(const struct criteria_table *t)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n; i++)
		n += t->items[i].kind != CRIT_GROUP;
	return n;
}

size_t *sheets_count(const struct criteria_table *t, const int64_t *members, size_t n,
		     const struct score_entry *entries, size_t n_entries)
{
	size_t *count = calloc(n * n + 1, sizeof *count);
	if (!count)
		return NULL;
	for (size_t k = 0; k < n_entries; k++) {
		const struct score_entry *s = &entries[k];
		long u = ids_index(members, n, s->scored_org_id);
		long v = ids_index(members, n, s->scoring_org_id);
		if (u < 0 || v < 0 || s->criterion < 0 || (size_t)s->criterion >= t->n ||
		    t->items[s->criterion].kind == CRIT_GROUP || !s->has_value)
			continue;
		count[(size_t)u * n + (size_t)v]++;
	}
	return count;
}

long sheets_incomplete(const struct criteria_table *t, const int64_t *members, size_t n,
		       const struct score_entry *entries, size_t n_entries, int self,
		       struct sheet_ref *out, size_t max)
{
	size_t *count = sheets_count(t, members, n, entries, n_entries);
	if (!count)
		return -1;
	size_t leaves = criteria_leaves(t);
	long missing = 0;
	for (size_t u = 0; u < n; u++) {
		for (size_t v = 0; v < n; v++) {
			if ((u == v) != (self != 0) || count[u * n + v] >= leaves)
				continue;
			if (out && (size_t)missing < max)
				out[missing] = (struct sheet_ref){members[u], members[v],
								  count[u * n + v]};
			missing++;
		}
	}
	free(count);
	return missing;
}
