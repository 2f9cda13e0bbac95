/* Files compiled into the binary by tools/embed.c (migrations, web UI, rule sets). */
#ifndef THIDUA_EMBEDDED_H
#define THIDUA_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;
	const unsigned char *data; /* NUL-terminated for text convenience */
	size_t size;
};

/* Web UI assets, names relative to src/web/ (e.g. "index.html"). */
extern const struct embedded_file web_assets[];
/* The rule sets shipped with the product, e.g. "nd98_2023.json". */
extern const struct embedded_file rule_set_files[];
/* SQLite migrations, names like "sqlite/0001_init.sql", sorted. */
extern const struct embedded_file sql_migrations[];

const struct embedded_file *embedded_find(const struct embedded_file *set,
					  const char *name);

#endif
