/* Looking up files compiled into the binary. */
#include "core/embedded.h"

#include <string.h>

const struct embedded_file *embedded_find(const struct embedded_file *set, const char *name)
{
	for (const struct embedded_file *f = set; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}
