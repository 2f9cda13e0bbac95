/*
** The database driver interface: one struct of function pointers per
** backend (after Dovecot's lib-sql), chosen from the URL scheme. Statements
** are written once with numbered placeholders ?1, ?2 …; a driver rewrites
** them for its backend. Repository code (store_*.c) talks only to this.
**
** A connection belongs to one thread at a time (the pool hands it out).
** Prepared statements are cached per connection, keyed by the SQL text
** pointer, so pass string literals.
*/
#ifndef THIDUA_DB_H
#define THIDUA_DB_H

#include <stddef.h>
#include <stdint.h>

enum db_rc {
	DB_OK = 0,
	DB_ROW,        /* step produced a row */
	DB_DONE,       /* step finished */
	DB_CONSTRAINT, /* unique / foreign key / check violated */
	DB_BUSY,       /* lock not obtained in time, or a serialization conflict */
	DB_ERROR
};

struct db_conn;
struct db_stmt;

enum db_txn {
	DB_READ,  /* one consistent picture, no writes */
	DB_WRITE, /* writers take turns: what it reads stays as read until it commits */
	DB_BULK   /* a write of very many rows (an import): room to hold them */
};

struct db_driver {
	const char *scheme; /* "sqlite", "pg": also the folder of its migrations */
	int (*open)(const char *target, struct db_conn **out, char *err, size_t errlen);
	void (*close)(struct db_conn *c);
	int (*exec_script)(struct db_conn *c, const char *sql);
	int (*prepare)(struct db_conn *c, const char *sql, struct db_stmt **out);
	int (*bind_int)(struct db_stmt *s, int idx, int64_t v);
	int (*bind_double)(struct db_stmt *s, int idx, double v);
	int (*bind_text)(struct db_stmt *s, int idx, const char *v); /* NULL binds a NULL text */
	int (*bind_blob)(struct db_stmt *s, int idx, const void *v, size_t n);
	/* a NULL number (a backend with typed parameters needs to know which) */
	int (*bind_null)(struct db_stmt *s, int idx);
	int (*step)(struct db_stmt *s);
	int (*column_is_null)(struct db_stmt *s, int col);
	int64_t (*column_int)(struct db_stmt *s, int col);
	double (*column_double)(struct db_stmt *s, int col);
	const char *(*column_text)(struct db_stmt *s, int col); /* NULL for NULL */
	const void *(*column_blob)(struct db_stmt *s, int col, size_t *n);
	void (*reset)(struct db_stmt *s);
	int (*begin)(struct db_conn *c, enum db_txn kind);
	int (*commit)(struct db_conn *c);
	int (*rollback)(struct db_conn *c);
	const char *(*errmsg)(struct db_conn *c);
	/* empty the write-ahead log into the database (DB_BUSY if readers hold it) */
	int (*checkpoint)(struct db_conn *c);
	/* a consistent copy of the whole database, taken while others write */
	int (*backup)(struct db_conn *c, const char *path, char *err, size_t errlen);
	/*
	** Read replicas (NULL where the backend has none). On the primary:
	** where its log stands, as text, once a commit is done. On a replica:
	** whether it has replayed the log that far (1), not yet (0), or -1.
	*/
	int (*log_position)(struct db_conn *c, char *out, size_t n);
	int (*replayed)(struct db_conn *c, const char *position);
};

/* Every backend's connection starts with this header. */
struct db_conn {
	const struct db_driver *drv;
};

struct db_stmt {
	struct db_conn *conn;
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pg_driver;

/* Driver for a URL ("sqlite:PATH", a bare path) or NULL if unsupported. */
const struct db_driver *db_driver_for(const char *url, const char **target);

int db_open(const char *url, struct db_conn **out, char *err, size_t errlen);

static inline void db_close(struct db_conn *c) { if (c) c->drv->close(c); }
static inline int db_exec_script(struct db_conn *c, const char *sql) { return c->drv->exec_script(c, sql); }
static inline int db_prepare(struct db_conn *c, const char *sql, struct db_stmt **s) { return c->drv->prepare(c, sql, s); }
static inline int db_bind_int(struct db_stmt *s, int i, int64_t v) { return s->conn->drv->bind_int(s, i, v); }
static inline int db_bind_double(struct db_stmt *s, int i, double v) { return s->conn->drv->bind_double(s, i, v); }
static inline int db_bind_text(struct db_stmt *s, int i, const char *v) { return s->conn->drv->bind_text(s, i, v); }
static inline int db_bind_blob(struct db_stmt *s, int i, const void *v, size_t n) { return s->conn->drv->bind_blob(s, i, v, n); }
static inline int db_bind_null(struct db_stmt *s, int i) { return s->conn->drv->bind_null(s, i); }
static inline int db_step(struct db_stmt *s) { return s->conn->drv->step(s); }
static inline int db_column_is_null(struct db_stmt *s, int c) { return s->conn->drv->column_is_null(s, c); }
static inline int64_t db_column_int(struct db_stmt *s, int c) { return s->conn->drv->column_int(s, c); }
static inline double db_column_double(struct db_stmt *s, int c) { return s->conn->drv->column_double(s, c); }
static inline const char *db_column_text(struct db_stmt *s, int c) { return s->conn->drv->column_text(s, c); }
static inline const void *db_column_blob(struct db_stmt *s, int c, size_t *n) { return s->conn->drv->column_blob(s, c, n); }
static inline void db_reset(struct db_stmt *s) { s->conn->drv->reset(s); }
static inline int db_begin(struct db_conn *c, enum db_txn kind) { return c->drv->begin(c, kind); }
static inline int db_commit(struct db_conn *c) { return c->drv->commit(c); }
static inline int db_rollback(struct db_conn *c) { return c->drv->rollback(c); }
static inline const char *db_errmsg(struct db_conn *c) { return c->drv->errmsg(c); }
static inline int db_checkpoint(struct db_conn *c) { return c->drv->checkpoint(c); }
static inline int db_backup(struct db_conn *c, const char *path, char *err, size_t errlen) { return c->drv->backup(c, path, err, errlen); }

static inline int db_has_replicas(struct db_conn *c) { return c->drv->replayed != NULL; }
static inline int db_log_position(struct db_conn *c, char *out, size_t n) { return c->drv->log_position(c, out, n); }
static inline int db_replayed(struct db_conn *c, const char *position) { return c->drv->replayed(c, position); }

/* Bind an id, or NULL when id <= 0 (ids start at 1). */
int db_bind_id(struct db_stmt *s, int idx, int64_t id);

#endif
