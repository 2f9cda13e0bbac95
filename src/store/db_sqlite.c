/*
** The SQLite driver: WAL, synchronous=NORMAL (or FULL, from the URL's
** ?synchronous=full), a busy timeout, foreign keys on, write transactions
** opened with BEGIN IMMEDIATE so they never fail late with SQLITE_BUSY,
** and a per-connection cache of prepared statements keyed by SQL pointer.
*/
#include "store/db.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

/* Every statement is a string literal, so the set is fixed and small;
 * a full cache is a bug, reported as an error, never an eviction (a
 * statement may be in use by a caller up the stack). */
#define STMT_CACHE_SLOTS 1024
#define BUSY_TIMEOUT_MS 5000

struct sqlite_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
	const char *key;
};

struct sqlite_conn {
	struct db_conn base;
	sqlite3 *db;
	struct sqlite_stmt cache[STMT_CACHE_SLOTS];
};

static int map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return DB_OK;
	case SQLITE_ROW: return DB_ROW;
	case SQLITE_DONE: return DB_DONE;
	case SQLITE_CONSTRAINT: return DB_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return DB_BUSY;
	default: return DB_ERROR;
	}
}

static struct sqlite_conn *conn_of(struct db_conn *c)
{
	return (struct sqlite_conn *)c;
}

static sqlite3_stmt *st_of(struct db_stmt *s)
{
	return ((struct sqlite_stmt *)s)->st;
}

static int sq_exec_script(struct db_conn *c, const char *sql)
{
	return map_rc(sqlite3_exec(conn_of(c)->db, sql, NULL, NULL, NULL));
}

/* Parse "PATH[?synchronous=full|normal]" into path and the pragma value. */
static int parse_target(const char *target, char *path, size_t n, const char **sync)
{
	const char *q = strchr(target, '?');
	size_t plen = q ? (size_t)(q - target) : strlen(target);
	if (plen == 0 || plen >= n)
		return -1;
	memcpy(path, target, plen);
	path[plen] = 0;
	*sync = "NORMAL";
	if (!q)
		return 0;
	if (strcmp(q + 1, "synchronous=full") == 0)
		*sync = "FULL";
	else if (strcmp(q + 1, "synchronous=normal") != 0)
		return -1;
	return 0;
}

static int sq_open(const char *target, struct db_conn **out, char *err, size_t errlen)
{
	char path[4096];
	const char *sync;
	if (parse_target(target, path, sizeof path, &sync) != 0) {
		snprintf(err, errlen, "bad sqlite target '%s'", target);
		return DB_ERROR;
	}
	struct sqlite_conn *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return DB_ERROR;
	}
	c->base.drv = &db_sqlite_driver;
	int rc = sqlite3_open_v2(path, &c->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
					 SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 c->db ? sqlite3_errmsg(c->db) : "out of memory");
		sqlite3_close(c->db);
		free(c);
		return DB_ERROR;
	}
	sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
	char pragmas[256];
	snprintf(pragmas, sizeof pragmas,
		 "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s;"
		 "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
		 /* freed content is zeroed: a deleted token or a resealed
		  * ballot leaves nothing behind in the file */
		 "PRAGMA secure_delete=ON;",
		 sync);
	rc = sqlite3_exec(c->db, pragmas, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot configure %s: %s", path, sqlite3_errmsg(c->db));
		sqlite3_close(c->db);
		free(c);
		return DB_ERROR;
	}
	*out = &c->base;
	return DB_OK;
}

static void sq_close(struct db_conn *dc)
{
	struct sqlite_conn *c = conn_of(dc);
	for (int i = 0; i < STMT_CACHE_SLOTS; i++)
		sqlite3_finalize(c->cache[i].st);
	sqlite3_close(c->db);
	free(c);
}

static size_t slot_of(const char *sql)
{
	uintptr_t h = (uintptr_t)sql;
	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 40) % STMT_CACHE_SLOTS;
}

static int sq_prepare(struct db_conn *dc, const char *sql, struct db_stmt **out)
{
	struct sqlite_conn *c = conn_of(dc);
	size_t slot = slot_of(sql);
	for (size_t probe = 0; probe < STMT_CACHE_SLOTS; probe++) {
		struct sqlite_stmt *e = &c->cache[(slot + probe) % STMT_CACHE_SLOTS];
		if (e->key == sql) {
			sqlite3_reset(e->st);
			sqlite3_clear_bindings(e->st);
			*out = &e->base;
			return DB_OK;
		}
		if (e->key == NULL) {
			int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
						    &e->st, NULL);
			if (rc != SQLITE_OK)
				return map_rc(rc);
			e->key = sql;
			e->base.conn = dc;
			*out = &e->base;
			return DB_OK;
		}
	}
	return DB_ERROR; /* cache full: more distinct statements than slots */
}

static int sq_bind_int(struct db_stmt *s, int i, int64_t v)
{
	return map_rc(sqlite3_bind_int64(st_of(s), i, v));
}

static int sq_bind_double(struct db_stmt *s, int i, double v)
{
	return map_rc(sqlite3_bind_double(st_of(s), i, v));
}

static int sq_bind_text(struct db_stmt *s, int i, const char *v)
{
	if (!v)
		return map_rc(sqlite3_bind_null(st_of(s), i));
	return map_rc(sqlite3_bind_text(st_of(s), i, v, -1, SQLITE_TRANSIENT));
}

static int sq_bind_blob(struct db_stmt *s, int i, const void *v, size_t n)
{
	return map_rc(sqlite3_bind_blob64(st_of(s), i, v, n, SQLITE_TRANSIENT));
}

static int sq_bind_null(struct db_stmt *s, int i)
{
	return map_rc(sqlite3_bind_null(st_of(s), i));
}

static int sq_step(struct db_stmt *s)
{
	return map_rc(sqlite3_step(st_of(s)));
}

static int sq_column_is_null(struct db_stmt *s, int col)
{
	return sqlite3_column_type(st_of(s), col) == SQLITE_NULL;
}

static int64_t sq_column_int(struct db_stmt *s, int col)
{
	return sqlite3_column_int64(st_of(s), col);
}

static double sq_column_double(struct db_stmt *s, int col)
{
	return sqlite3_column_double(st_of(s), col);
}

static const char *sq_column_text(struct db_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(st_of(s), col);
}

static const void *sq_column_blob(struct db_stmt *s, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(st_of(s), col);
	*n = (size_t)sqlite3_column_bytes(st_of(s), col);
	return p;
}

static void sq_reset(struct db_stmt *s)
{
	sqlite3_reset(st_of(s));
	sqlite3_clear_bindings(st_of(s));
}

/* A bulk write gets a 64 MiB page cache: with the default one, spilled pages are read again. */
static int sq_begin(struct db_conn *c, enum db_txn kind)
{
	if (kind == DB_BULK && sq_exec_script(c, "PRAGMA cache_size = -65536") != DB_OK)
		return DB_ERROR;
	return sq_exec_script(c, kind == DB_READ ? "BEGIN" : "BEGIN IMMEDIATE");
}

static int sq_commit(struct db_conn *c)
{
	return sq_exec_script(c, "COMMIT");
}

static int sq_rollback(struct db_conn *c)
{
	struct sqlite_conn *sc = conn_of(c);
	if (sqlite3_get_autocommit(sc->db))
		return DB_OK;
	return sq_exec_script(c, "ROLLBACK");
}

static const char *sq_errmsg(struct db_conn *c)
{
	return sqlite3_errmsg(conn_of(c)->db);
}

/*
** The online backup API copies every page as of one moment, while the
** server goes on writing (WAL readers do not block writers). The copy is
** written to path.part, checked, synced and then linked to path, so path is
** either absent or a whole database.
*/
#define BACKUP_TRIES 1500 /* 30 s of 20 ms waits */

/* PRAGMA integrity_check answers one row "ok" when all is well. */
static int integrity_row(void *intact, int n, char **values, char **names)
{
	(void)names;
	*(int *)intact = n == 1 && values[0] && strcmp(values[0], "ok") == 0;
	return 0;
}

/* Flush a file to the disk, so that a crash after the rename keeps it. */
static int fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

static int sq_backup(struct db_conn *c, const char *path, char *err, size_t errlen)
{
	char part[4096];
	sqlite3 *dest = NULL;
	if (snprintf(part, sizeof part, "%s.part", path) >= (int)sizeof part) {
		snprintf(err, errlen, "the path is too long");
		return DB_ERROR;
	}
	unlink(part);
	int rc = sqlite3_open_v2(part, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(dest, "main", conn_of(c)->db, "main")
					    : NULL;
	if (rc == SQLITE_OK && !b)
		rc = sqlite3_errcode(dest);
	/* a writer holding the lock lets go within the busy timeout; wait a bounded while */
	for (int tries = 0; b && tries < BACKUP_TRIES; tries++) {
		rc = sqlite3_backup_step(b, -1);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		sqlite3_sleep(20);
	}
	if (b)
		sqlite3_backup_finish(b);
	int intact = 0;
	if (rc == SQLITE_DONE)
		rc = sqlite3_exec(dest, "PRAGMA integrity_check", integrity_row, &intact, NULL);
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		snprintf(err, errlen, "the database stayed busy; try again");
	else if (rc != SQLITE_OK)
		snprintf(err, errlen, "%s", dest ? sqlite3_errmsg(dest) : "cannot create the copy");
	else if (!intact) {
		snprintf(err, errlen, "the copy failed its integrity check");
		rc = SQLITE_CORRUPT;
	}
	if (sqlite3_close(dest) != SQLITE_OK && rc == SQLITE_OK) {
		snprintf(err, errlen, "cannot close the copy");
		rc = SQLITE_ERROR;
	}
	/* link, not rename: it refuses a file that appeared at path meanwhile */
	if (rc == SQLITE_OK && (fsync_path(part) != 0 || link(part, path) != 0)) {
		snprintf(err, errlen, "cannot save the copy as %s%s", path,
			 errno == EEXIST ? ": it exists" : "");
		rc = SQLITE_ERROR;
	}
	unlink(part);
	return rc == SQLITE_OK ? DB_OK : DB_ERROR;
}

static int sq_checkpoint(struct db_conn *c)
{
	return map_rc(sqlite3_wal_checkpoint_v2(conn_of(c)->db, NULL,
						SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL));
}

const struct db_driver db_sqlite_driver = {
	.scheme = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.exec_script = sq_exec_script,
	.prepare = sq_prepare,
	.bind_int = sq_bind_int,
	.bind_double = sq_bind_double,
	.bind_text = sq_bind_text,
	.bind_blob = sq_bind_blob,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.column_is_null = sq_column_is_null,
	.column_int = sq_column_int,
	.column_double = sq_column_double,
	.column_text = sq_column_text,
	.column_blob = sq_column_blob,
	.reset = sq_reset,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.errmsg = sq_errmsg,
	.checkpoint = sq_checkpoint,
	.backup = sq_backup,
};
