/* Enumerations spelled as words: the index of a name in a table of names. */
#ifndef THIDUA_NAMES_H
#define THIDUA_NAMES_H

#include <stddef.h>
#include <string.h>

/* Index of s among the n names, or -1; a NULL entry ends the table early. */
static inline int name_index(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n && names[i]; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

#endif
