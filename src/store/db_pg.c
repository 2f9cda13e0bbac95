/*
** The PostgreSQL driver (libpq). Statements written with ?1, ?2 … are
** rewritten to $1, $2 … and prepared on the server the first time they run,
** with each parameter's type taken from what was bound (bigint, double
** precision, text, bytea; db_bind_null is a NULL bigint, db_bind_text(NULL)
** a NULL text). A statement
** bound with other types later is prepared again under another name, so
** the server never reads a value as the wrong type.
**
** Transactions keep what SQLite's single writer gives the domain, across
** every thidua process on the database: a write transaction first takes
** one transaction-level advisory lock, so writers take turns and each,
** READ COMMITTED, reads what the one before it committed: no lost update,
** no serialization failure to retry. Every write appends to the audit
** chain, which orders all writes anyway, so the lock costs no concurrency
** the schema allowed. A writer waits for the lock at most LOCK_WAIT, then
** the database counts as busy. A read transaction is REPEATABLE READ, READ
** ONLY: one snapshot for the whole request, never waiting for writers.
**
** Results are read whole (text format) and walked row by row, so a caller
** may run other statements while it walks one, as with SQLite.
*/
#include "store/db.h"

#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define STMT_CACHE_SLOTS 1024
#define PARAMS_MAX 100
#define VARIANTS_MAX 8
#define INT_TEXT_BYTES 24

/* The server's type ids of what is bound (pg_type.h is not for clients). */
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_TEXT 25
#define OID_FLOAT8 701

/* The advisory lock every write transaction holds ("thidua" in ASCII), and how long it waits. */
#define BEGIN_WRITE                                                     \
	"BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '5s';" \
	" SELECT pg_advisory_xact_lock(116104105100117)"
#define BEGIN_READ "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"

/* One set of parameter types a statement was prepared with on the server. */
struct pg_variant {
	/* 'i' int8, 'd' float8, 't' text, 'b' bytea; unbound is a NULL int8, as in SQLite a NULL */
	char types[PARAMS_MAX + 1];
	char name[24];
};

struct pg_stmt {
	struct db_stmt base;
	const char *key; /* the SQL text's address: statements are literals */
	char *sql;       /* with $N placeholders */
	int n_params;
	struct pg_variant variants[VARIANTS_MAX];
	int n_variants;
	/* the values bound for the next execution */
	char types[PARAMS_MAX + 1];
	char *owned[PARAMS_MAX]; /* text and bytea copies */
	char ints[PARAMS_MAX][INT_TEXT_BYTES];
	const char *values[PARAMS_MAX];
	int lengths[PARAMS_MAX], formats[PARAMS_MAX];
	/* the result being walked */
	PGresult *res;
	int row, n_rows;
	unsigned char **blobs; /* each column's bytea of the current row, decoded on demand */
	size_t *blob_lens;
	int n_blobs;
};

struct pg_conn {
	struct db_conn base;
	PGconn *pg;
	unsigned next_name;
	char err[512];
	struct pg_stmt cache[STMT_CACHE_SLOTS];
};

static struct pg_conn *conn_of(struct db_conn *c)
{
	return (struct pg_conn *)c;
}

static struct pg_stmt *stmt_of(struct db_stmt *s)
{
	return (struct pg_stmt *)s;
}

static void set_err(struct pg_conn *c, const char *msg)
{
	snprintf(c->err, sizeof c->err, "%s", msg ? msg : "unknown error");
	size_t n = strlen(c->err);
	while (n > 0 && (c->err[n - 1] == '\n' || c->err[n - 1] == ' '))
		c->err[--n] = '\0';
}

/* The driver's code for a failed result, from its SQLSTATE. */
static int sqlstate_rc(struct pg_conn *c, const char *state)
{
	if (!state)
		return PQstatus(c->pg) == CONNECTION_OK ? DB_ERROR : DB_BUSY;
	if (strncmp(state, "23", 2) == 0)
		return DB_CONSTRAINT;
	/* a conflict or a lock not had in time, a query cancelled, the server going away */
	if (strncmp(state, "40", 2) == 0 || strcmp(state, "55P03") == 0 || strcmp(state, "57014") == 0 ||
	    strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)
		return DB_BUSY;
	return DB_ERROR;
}

/* DB_OK for a result that succeeded; otherwise records why and maps it. */
static int result_rc(struct pg_conn *c, PGresult *r)
{
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY)
		return DB_OK;
	set_err(c, r ? PQresultErrorMessage(r) : PQerrorMessage(c->pg));
	return sqlstate_rc(c, r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL);
}

static int run_command(struct pg_conn *c, const char *sql)
{
	PGresult *r = PQexec(c->pg, sql);
	int rc = result_rc(c, r);
	PQclear(r);
	return rc;
}

/* Statements prepared on a connection that was lost are gone with it. */
static void forget_prepared(struct pg_conn *c)
{
	for (int i = 0; i < STMT_CACHE_SLOTS; i++)
		c->cache[i].n_variants = 0;
}

/* Outside a transaction, a lost connection is made again. */
static int ensure_connected(struct pg_conn *c)
{
	if (PQstatus(c->pg) == CONNECTION_OK)
		return DB_OK;
	PQreset(c->pg);
	forget_prepared(c);
	if (PQstatus(c->pg) != CONNECTION_OK) {
		set_err(c, PQerrorMessage(c->pg));
		return DB_BUSY;
	}
	return DB_OK;
}

static int pg_open(const char *target, struct db_conn **out, char *err, size_t errlen)
{
	struct pg_conn *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return DB_ERROR;
	}
	c->base.drv = &db_pg_driver;
	c->pg = PQconnectdb(target);
	if (PQstatus(c->pg) != CONNECTION_OK) {
		/* libpq's message names host and port, never the password */
		set_err(c, PQerrorMessage(c->pg));
		snprintf(err, errlen, "cannot connect to PostgreSQL: %s", c->err);
		PQfinish(c->pg);
		free(c);
		return DB_ERROR;
	}
	if (PQsetClientEncoding(c->pg, "UTF8") != 0 ||
	    run_command(c, "SET TIME ZONE 'UTC'; SET client_min_messages = warning") != DB_OK) {
		snprintf(err, errlen, "cannot configure the PostgreSQL session: %s", c->err);
		PQfinish(c->pg);
		free(c);
		return DB_ERROR;
	}
	*out = &c->base;
	return DB_OK;
}

static void clear_result(struct pg_stmt *st)
{
	for (int i = 0; i < st->n_blobs; i++)
		PQfreemem(st->blobs[i]);
	free(st->blobs);
	free(st->blob_lens);
	st->blobs = NULL;
	st->blob_lens = NULL;
	st->n_blobs = 0;
	PQclear(st->res);
	st->res = NULL;
	st->row = st->n_rows = 0;
}

static void clear_bindings(struct pg_stmt *st)
{
	for (int i = 0; i < st->n_params; i++) {
		free(st->owned[i]);
		st->owned[i] = NULL;
		st->values[i] = NULL;
		st->lengths[i] = st->formats[i] = 0;
		st->types[i] = 'i';
	}
}

static void pg_close(struct db_conn *dc)
{
	struct pg_conn *c = conn_of(dc);
	for (int i = 0; i < STMT_CACHE_SLOTS; i++) {
		clear_result(&c->cache[i]);
		clear_bindings(&c->cache[i]);
		free(c->cache[i].sql);
	}
	PQfinish(c->pg);
	free(c);
}

static int pg_exec_script(struct db_conn *dc, const char *sql)
{
	struct pg_conn *c = conn_of(dc);
	int rc = ensure_connected(c);
	return rc == DB_OK ? run_command(c, sql) : rc;
}

/*
** Copy sql with ?N written $N, leaving quoted text, quoted names and
** comments alone; the highest N into *n_params. NULL on a bare '?'.
*/
static char *rewrite_placeholders(const char *sql, int *n_params)
{
	size_t len = strlen(sql);
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	char quote = 0;
	size_t o = 0;
	*n_params = 0;
	for (size_t i = 0; i < len; i++) {
		char ch = sql[i];
		if (quote) {
			if (ch == quote || (quote == '\n' && ch == '\n'))
				quote = 0;
		} else if (ch == '\'' || ch == '"') {
			quote = ch;
		} else if (ch == '-' && sql[i + 1] == '-') {
			quote = '\n';
		} else if (ch == '?') {
			if (sql[i + 1] < '0' || sql[i + 1] > '9') {
				free(out);
				return NULL;
			}
			int n = atoi(sql + i + 1);
			if (n > *n_params)
				*n_params = n;
			ch = '$';
		}
		out[o++] = ch;
	}
	out[o] = '\0';
	return *n_params <= PARAMS_MAX ? out : (free(out), NULL);
}

static size_t slot_of(const char *sql)
{
	uintptr_t h = (uintptr_t)sql;
	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 40) % STMT_CACHE_SLOTS;
}

static int stmt_init(struct pg_conn *c, struct pg_stmt *st, const char *sql)
{
	st->sql = rewrite_placeholders(sql, &st->n_params);
	if (!st->sql) {
		set_err(c, "a statement with a bare '?' or too many parameters");
		return DB_ERROR;
	}
	st->key = sql;
	st->base.conn = &c->base;
	for (int i = 0; i < st->n_params; i++)
		st->types[i] = 'i';
	st->types[st->n_params] = '\0';
	return DB_OK;
}

static int pg_prepare(struct db_conn *dc, const char *sql, struct db_stmt **out)
{
	struct pg_conn *c = conn_of(dc);
	size_t slot = slot_of(sql);
	for (size_t probe = 0; probe < STMT_CACHE_SLOTS; probe++) {
		struct pg_stmt *st = &c->cache[(slot + probe) % STMT_CACHE_SLOTS];
		if (st->key == sql) {
			clear_result(st);
			clear_bindings(st);
			*out = &st->base;
			return DB_OK;
		}
		if (st->key == NULL) {
			int rc = stmt_init(c, st, sql);
			if (rc == DB_OK)
				*out = &st->base;
			return rc;
		}
	}
	set_err(c, "statement cache full");
	return DB_ERROR;
}

/* Param i (1-based) ready for a new value; NULL when i is out of range. */
static struct pg_stmt *param_slot(struct db_stmt *s, int i)
{
	struct pg_stmt *st = stmt_of(s);
	if (i < 1 || i > st->n_params)
		return NULL;
	free(st->owned[i - 1]);
	st->owned[i - 1] = NULL;
	st->formats[i - 1] = st->lengths[i - 1] = 0;
	return st;
}

static int pg_bind_int(struct db_stmt *s, int i, int64_t v)
{
	struct pg_stmt *st = param_slot(s, i);
	if (!st)
		return DB_ERROR;
	snprintf(st->ints[i - 1], INT_TEXT_BYTES, "%lld", (long long)v);
	st->values[i - 1] = st->ints[i - 1];
	st->types[i - 1] = 'i';
	return DB_OK;
}

static int pg_bind_double(struct db_stmt *s, int i, double v)
{
	struct pg_stmt *st = param_slot(s, i);
	if (!st)
		return DB_ERROR;
	snprintf(st->ints[i - 1], INT_TEXT_BYTES, "%.17g", v);
	st->values[i - 1] = st->ints[i - 1];
	st->types[i - 1] = 'd';
	return DB_OK;
}

/* A NULL number (db.h): typed, as "?1 IS NULL OR x = ?1" leaves the server nothing to infer from. */
static int pg_bind_null(struct db_stmt *s, int i)
{
	struct pg_stmt *st = param_slot(s, i);
	if (!st)
		return DB_ERROR;
	st->values[i - 1] = NULL;
	st->types[i - 1] = 'i';
	return DB_OK;
}

static int pg_bind_text(struct db_stmt *s, int i, const char *v)
{
	struct pg_stmt *st = param_slot(s, i);
	if (!st || (v && !(st->owned[i - 1] = strdup(v))))
		return DB_ERROR;
	st->values[i - 1] = st->owned[i - 1];
	st->types[i - 1] = 't';
	return DB_OK;
}

static int pg_bind_blob(struct db_stmt *s, int i, const void *v, size_t n)
{
	struct pg_stmt *st = param_slot(s, i);
	if (!st || n > INT32_MAX || !(st->owned[i - 1] = malloc(n ? n : 1)))
		return DB_ERROR;
	if (n)
		memcpy(st->owned[i - 1], v, n);
	st->values[i - 1] = st->owned[i - 1];
	st->lengths[i - 1] = (int)n;
	st->formats[i - 1] = 1; /* binary: bytes as they are */
	st->types[i - 1] = 'b';
	return DB_OK;
}

static unsigned type_oid(char t)
{
	switch (t) {
	case 'd': return OID_FLOAT8;
	case 't': return OID_TEXT;
	case 'b': return OID_BYTEA;
	default: return OID_INT8;
	}
}

/* The server-side name of st prepared for the types bound now, preparing it if need be. */
static int variant_for(struct pg_conn *c, struct pg_stmt *st, const char **name)
{
	for (int v = 0; v < st->n_variants; v++)
		if (strcmp(st->variants[v].types, st->types) == 0) {
			*name = st->variants[v].name;
			return DB_OK;
		}
	if (st->n_variants == VARIANTS_MAX) {
		set_err(c, "a statement bound with too many sets of types");
		return DB_ERROR;
	}
	struct pg_variant *v = &st->variants[st->n_variants];
	Oid oids[PARAMS_MAX];
	for (int i = 0; i < st->n_params; i++)
		oids[i] = type_oid(st->types[i]);
	snprintf(v->name, sizeof v->name, "t%u", c->next_name++);
	PGresult *r = PQprepare(c->pg, v->name, st->sql, st->n_params, oids);
	int rc = result_rc(c, r);
	PQclear(r);
	if (rc != DB_OK)
		return rc;
	memcpy(v->types, st->types, sizeof v->types);
	st->n_variants++;
	*name = v->name;
	return DB_OK;
}

static int execute(struct pg_conn *c, struct pg_stmt *st)
{
	const char *name = NULL;
	int rc = variant_for(c, st, &name);
	if (rc != DB_OK)
		return rc;
	PGresult *r = PQexecPrepared(c->pg, name, st->n_params, st->values, st->lengths,
				     st->formats, 0);
	rc = result_rc(c, r);
	if (rc != DB_OK) {
		PQclear(r);
		return rc;
	}
	st->res = r;
	st->row = -1;
	st->n_rows = PQntuples(r);
	st->n_blobs = PQnfields(r);
	if (st->n_blobs > 0) {
		st->blobs = calloc((size_t)st->n_blobs, sizeof *st->blobs);
		st->blob_lens = calloc((size_t)st->n_blobs, sizeof *st->blob_lens);
		if (!st->blobs || !st->blob_lens) {
			clear_result(st);
			set_err(c, "out of memory");
			return DB_ERROR;
		}
	}
	return DB_OK;
}

static void free_row_blobs(struct pg_stmt *st)
{
	for (int i = 0; i < st->n_blobs; i++) {
		PQfreemem(st->blobs[i]);
		st->blobs[i] = NULL;
	}
}

static int pg_step(struct db_stmt *s)
{
	struct pg_stmt *st = stmt_of(s);
	if (!st->res) {
		int rc = execute(conn_of(s->conn), st);
		if (rc != DB_OK)
			return rc;
	}
	free_row_blobs(st);
	if (st->row + 1 < st->n_rows) {
		st->row++;
		return DB_ROW;
	}
	st->row = st->n_rows;
	return DB_DONE;
}

/* The current row's column col, or NULL when there is none or it is NULL. */
static const char *cell(struct pg_stmt *st, int col)
{
	if (!st->res || st->row < 0 || st->row >= st->n_rows || col < 0 || col >= st->n_blobs ||
	    PQgetisnull(st->res, st->row, col))
		return NULL;
	return PQgetvalue(st->res, st->row, col);
}

static int pg_column_is_null(struct db_stmt *s, int col)
{
	return cell(stmt_of(s), col) == NULL;
}

static int64_t pg_column_int(struct db_stmt *s, int col)
{
	const char *v = cell(stmt_of(s), col);
	if (!v)
		return 0;
	if (v[0] == 't' || v[0] == 'f') /* a boolean, read as SQLite's 1 and 0 */
		return v[0] == 't';
	return strtoll(v, NULL, 10);
}

static double pg_column_double(struct db_stmt *s, int col)
{
	const char *v = cell(stmt_of(s), col);
	return v ? strtod(v, NULL) : 0.0;
}

static const char *pg_column_text(struct db_stmt *s, int col)
{
	return cell(stmt_of(s), col);
}

static const void *pg_column_blob(struct db_stmt *s, int col, size_t *n)
{
	struct pg_stmt *st = stmt_of(s);
	const char *v = cell(st, col);
	*n = 0;
	if (!v)
		return NULL;
	if (PQftype(st->res, col) != OID_BYTEA) {
		*n = strlen(v);
		return v;
	}
	if (!st->blobs[col])
		st->blobs[col] = PQunescapeBytea((const unsigned char *)v, &st->blob_lens[col]);
	*n = st->blobs[col] ? st->blob_lens[col] : 0;
	return st->blobs[col];
}

static void pg_reset(struct db_stmt *s)
{
	struct pg_stmt *st = stmt_of(s);
	clear_result(st);
	clear_bindings(st);
}

static int pg_begin(struct db_conn *dc, enum db_txn kind)
{
	struct pg_conn *c = conn_of(dc);
	int rc = ensure_connected(c);
	if (rc != DB_OK)
		return rc;
	return run_command(c, kind == DB_READ ? BEGIN_READ : BEGIN_WRITE);
}

static int pg_commit(struct db_conn *dc)
{
	struct pg_conn *c = conn_of(dc);
	PGresult *r = PQexec(c->pg, "COMMIT");
	int rc = result_rc(c, r);
	/* COMMIT of a transaction that failed earlier rolls it back without an error */
	if (rc == DB_OK && strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
		set_err(c, "the transaction had failed and was rolled back");
		rc = DB_ERROR;
	}
	PQclear(r);
	return rc;
}

static int pg_rollback(struct db_conn *dc)
{
	struct pg_conn *c = conn_of(dc);
	PGTransactionStatusType ts = PQtransactionStatus(c->pg);
	if (ts == PQTRANS_IDLE || ts == PQTRANS_UNKNOWN)
		return DB_OK;
	return run_command(c, "ROLLBACK");
}

static const char *pg_errmsg(struct db_conn *dc)
{
	return conn_of(dc)->err;
}

/* PostgreSQL writes its log into its files itself: nothing to fold in here. */
static int pg_checkpoint(struct db_conn *dc)
{
	(void)dc;
	return DB_OK;
}

/*
** The connection's settings as libpq environment variables for a client
** program: the password goes to the child's environment, never its argv.
*/
static void export_conninfo(PGconn *pg)
{
	static const struct {
		const char *keyword, *env;
	} map[] = {{"host", "PGHOST"},	       {"hostaddr", "PGHOSTADDR"}, {"port", "PGPORT"},
		   {"dbname", "PGDATABASE"},   {"user", "PGUSER"},	   {"password", "PGPASSWORD"},
		   {"sslmode", "PGSSLMODE"}};
	PQconninfoOption *opts = PQconninfo(pg);
	for (PQconninfoOption *o = opts; o && o->keyword; o++)
		for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
			if (strcmp(o->keyword, map[i].keyword) == 0 && o->val && o->val[0])
				setenv(map[i].env, o->val, 1);
	PQconninfoFree(opts);
}

/* Run argv (a PostgreSQL client program) with the connection's settings: its exit status. */
static int run_client(PGconn *pg, char *const argv[])
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		export_conninfo(pg);
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0)
			dup2(devnull, STDOUT_FILENO);
		execvp(argv[0], argv);
		_exit(127);
	}
	int status = 0;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
** pg_dump takes its copy inside one snapshot while the server goes on
** writing; the archive is checked by listing it with pg_restore, synced,
** and linked into place, so path is either absent or a whole archive.
*/
static int pg_backup(struct db_conn *dc, const char *path, char *err, size_t errlen)
{
	struct pg_conn *c = conn_of(dc);
	char part[4096];
	if (snprintf(part, sizeof part, "%s.part", path) >= (int)sizeof part) {
		snprintf(err, errlen, "the path is too long");
		return DB_ERROR;
	}
	unlink(part);
	char *dump[] = {"pg_dump", "--format=custom", "--no-password", "--file", part, NULL};
	char *list[] = {"pg_restore", "--list", part, NULL};
	int rc = run_client(c->pg, dump);
	if (rc != 0)
		snprintf(err, errlen, rc == 127 ? "pg_dump is not installed (postgresql-client)"
						: "pg_dump failed (exit %d)", rc);
	else if ((rc = run_client(c->pg, list)) != 0)
		snprintf(err, errlen, "the copy cannot be read back by pg_restore");
	int fd = rc == 0 ? open(part, O_RDONLY) : -1;
	if (rc == 0 && (fd < 0 || fsync(fd) != 0 || link(part, path) != 0)) {
		snprintf(err, errlen, "cannot save the copy as %s%s", path,
			 errno == EEXIST ? ": it exists" : "");
		rc = -1;
	}
	if (fd >= 0)
		close(fd);
	unlink(part);
	return rc == 0 ? DB_OK : DB_ERROR;
}

/*
** Read-your-writes with streaming replicas: the primary's WAL position
** after a commit, and whether a replica has replayed up to one. The insert
** position, not the write position: with asynchronous commit the commit
** record may not be written out yet, and it must be counted in.
*/
static int pg_log_position(struct db_conn *dc, char *out, size_t n)
{
	struct pg_conn *c = conn_of(dc);
	PGresult *r = PQexec(c->pg, "SELECT pg_current_wal_insert_lsn()::text");
	int rc = result_rc(c, r);
	if (rc == DB_OK && PQntuples(r) == 1)
		snprintf(out, n, "%s", PQgetvalue(r, 0, 0));
	else if (rc == DB_OK)
		rc = DB_ERROR;
	PQclear(r);
	return rc;
}

static int pg_replayed(struct db_conn *dc, const char *position)
{
	struct pg_conn *c = conn_of(dc);
	if (ensure_connected(c) != DB_OK)
		return -1;
	const char *values[1] = {position};
	PGresult *r = PQexecParams(c->pg,
				   "SELECT COALESCE(pg_last_wal_replay_lsn() >= $1::pg_lsn, false)", 1,
				   NULL, values, NULL, NULL, 0);
	int rc = result_rc(c, r);
	int done = rc == DB_OK && PQntuples(r) == 1 ? PQgetvalue(r, 0, 0)[0] == 't' : -1;
	PQclear(r);
	return done;
}

const struct db_driver db_pg_driver = {
	.scheme = "pg",
	.open = pg_open,
	.close = pg_close,
	.exec_script = pg_exec_script,
	.prepare = pg_prepare,
	.bind_int = pg_bind_int,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.column_is_null = pg_column_is_null,
	.column_int = pg_column_int,
	.column_double = pg_column_double,
	.column_text = pg_column_text,
	.column_blob = pg_column_blob,
	.reset = pg_reset,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.errmsg = pg_errmsg,
	.checkpoint = pg_checkpoint,
	.backup = pg_backup,
	.log_position = pg_log_position,
	.replayed = pg_replayed,
};
