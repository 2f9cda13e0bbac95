/* Choosing a driver from a database URL, and small helpers over the interface. */
#include "store/db.h"

#include <stdio.h>
#include <string.h>

const struct db_driver *db_driver_for(const char *url, const char **target)
{
	if (strncmp(url, "sqlite:", 7) == 0) {
		*target = url + 7;
		return &db_sqlite_driver;
	}
	if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0) {
		*target = url; /* libpq reads the URL itself */
		return &db_pg_driver;
	}
	if (strstr(url, "://") == NULL && strchr(url, ':') == NULL) {
		*target = url; /* a bare path is a SQLite file */
		return &db_sqlite_driver;
	}
	return NULL;
}

int db_open(const char *url, struct db_conn **out, char *err, size_t errlen)
{
	const char *target = NULL;
	const struct db_driver *drv = db_driver_for(url, &target);
	if (!drv) {
		snprintf(err, errlen,
			 "unsupported database URL scheme (use sqlite:PATH or postgresql://…)");
		return DB_ERROR;
	}
	return drv->open(target, out, err, errlen);
}

int db_bind_id(struct db_stmt *s, int idx, int64_t id)
{
	return id > 0 ? db_bind_int(s, idx, id) : db_bind_null(s, idx);
}
