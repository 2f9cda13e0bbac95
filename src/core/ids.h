/* Small arrays of ids (members, rotations, chains of orgs). */
#ifndef THIDUA_IDS_H
#define THIDUA_IDS_H

#include <stddef.h>
#include <stdint.h>

/* Index of id among the n ids, or -1. */
static inline long ids_index(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return (long)i;
	return -1;
}

static inline int ids_contain(const int64_t *ids, size_t n, int64_t id)
{
	return ids_index(ids, n, id) >= 0;
}

#endif
