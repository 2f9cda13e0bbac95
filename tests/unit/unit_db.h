/*
** A fresh, migrated SQLite database in a temporary directory, for the
** tests that need the store (include after <cmocka.h>), and OK() for the
** store calls they expect to succeed.
*/
#ifndef THIDUA_TEST_UNIT_DB_H
#define THIDUA_TEST_UNIT_DB_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/db.h"
#include "store/store.h"

struct unit_db {
	char dir[64];
	char path[128];
	char url[160];
};

/*
** Make the directory and a migrated database in it: 0, or -1 with the
** reason printed. *c (when c is not NULL) is an open connection to it.
*/
static inline int unit_db_create(struct unit_db *d, struct db_conn **c)
{
	struct db_conn *conn = NULL;
	struct error e;
	char err[256] = "";
	int applied = 0;
	err_clear(&e);
	snprintf(d->dir, sizeof d->dir, "/tmp/thidua-test-XXXXXX");
	if (!mkdtemp(d->dir)) {
		perror("mkdtemp");
		return -1;
	}
	snprintf(d->path, sizeof d->path, "%s/test.db", d->dir);
	snprintf(d->url, sizeof d->url, "sqlite:%s", d->path);
	if (db_open(d->url, &conn, err, sizeof err) != DB_OK ||
	    store_migrate(conn, &applied, &e) != 0) {
		fprintf(stderr, "test database: %s%s\n", err, e.message);
		db_close(conn);
		rmdir(d->dir);
		return -1;
	}
	if (c)
		*c = conn;
	else
		db_close(conn);
	return 0;
}

/* Remove the database, its -wal and -shm files, and the directory. */
static inline void unit_db_remove(const struct unit_db *d)
{
	char p[sizeof d->path + 8];
	unlink(d->path);
	snprintf(p, sizeof p, "%s-wal", d->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", d->path);
	unlink(p);
	rmdir(d->dir);
}

/* A store call that must succeed; E is the error it fills. */
#define OK(call)                                                                  \
	do {                                                                      \
		struct error ok_e_;                                               \
		err_clear(&ok_e_);                                                \
		if ((call) != 0)                                                  \
			fail_msg("%s failed: %s (%s)", #call, ok_e_.message, ok_e_.code); \
	} while (0)
#define E (&ok_e_)

#endif
