/*
** Versioned schema migrations. The SQL files under store/migrations/<driver>/
** are compiled into the binary; each is applied once, in order of its
** number, inside one transaction with its row in schema_migrations.
*/
#include "store/store.h"
#include "store/store_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/embedded.h"

static const char create_table_sql[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

/* Version number of "sqlite/0001_init.sql" is 1; -1 when not of this driver. */
static int migration_version(const char *name, const char *scheme)
{
	size_t n = strlen(scheme);
	if (strncmp(name, scheme, n) != 0 || name[n] != '/')
		return -1;
	return atoi(name + n + 1);
}

static int latest_for(const char *scheme)
{
	int latest = 0;
	for (const struct embedded_file *f = sql_migrations; f->name; f++) {
		int v = migration_version(f->name, scheme);
		if (v > latest)
			latest = v;
	}
	return latest;
}

int store_latest_version(void)
{
	return latest_for(db_sqlite_driver.scheme);
}

int store_schema_version(struct db_conn *c, int *version, struct error *e)
{
	int rc = db_exec_script(c, create_table_sql);
	if (rc != DB_OK)
		return store_fail(c, rc, e, "schema_migrations");
	struct db_stmt *s;
	PREPARE(c, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &s, e,
		"schema version");
	int64_t v = 0;
	if (count_rows(c, s, &v, e) != 0)
		return -1;
	*version = (int)v;
	return 0;
}

static int apply_one(struct db_conn *c, const struct embedded_file *f, int version,
		     struct error *e)
{
	if (store_begin(c, e) != 0)
		return -1;
	int rc = db_exec_script(c, (const char *)f->data);
	if (rc != DB_OK) {
		err_set(e, ERR_INTERNAL, "migration_failed", NULL, "migration %s failed: %s",
			f->name, db_errmsg(c));
		store_rollback(c);
		return -1;
	}
	struct db_stmt *s;
	rc = db_prepare(c, "INSERT INTO schema_migrations (version, name, applied_at) "
			   "VALUES (?1, ?2, ?3)", &s);
	if (rc != DB_OK) {
		store_rollback(c);
		return store_fail(c, rc, e, "record migration");
	}
	char now[32];
	clock_now_iso(now, sizeof now);
	db_bind_int(s, 1, version);
	db_bind_text(s, 2, f->name);
	db_bind_text(s, 3, now);
	if (step_done(c, s, e, "record migration") != 0) {
		store_rollback(c);
		return -1;
	}
	return store_commit(c, e);
}

int store_migrate(struct db_conn *c, int *applied, struct error *e)
{
	int current = 0;
	*applied = 0;
	if (store_schema_version(c, &current, e) != 0)
		return -1;
	const char *scheme = c->drv->scheme;
	int latest = latest_for(scheme);
	if (current > latest)
		return err_set(e, ERR_CONFLICT, "schema_too_new", NULL,
			       "the database is at schema version %d, newer than this "
			       "binary's %d; upgrade thidua",
			       current, latest);
	/* Embedded files are sorted by name, so versions come in order. */
	for (const struct embedded_file *f = sql_migrations; f->name; f++) {
		int v = migration_version(f->name, scheme);
		if (v <= current)
			continue;
		if (apply_one(c, f, v, e) != 0)
			return -1;
		(*applied)++;
	}
	int added = 0;
	return store_rule_sets_seed(c, &added, e);
}

int store_check_schema(struct db_conn *c, struct error *e)
{
	int current = 0;
	if (store_schema_version(c, &current, e) != 0)
		return -1;
	int latest = latest_for(c->drv->scheme);
	if (current < latest)
		return err_set(e, ERR_CONFLICT, "schema_outdated", NULL,
			       "the database is at schema version %d, this binary needs %d: "
			       "run 'thidua init' to migrate it",
			       current, latest);
	if (current > latest)
		return err_set(e, ERR_CONFLICT, "schema_too_new", NULL,
			       "the database is at schema version %d, newer than this "
			       "binary's %d; upgrade thidua",
			       current, latest);
	return 0;
}
