/* Transactions, error mapping and small helpers shared by the repositories. */
#include "store/store.h"
#include "store/store_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/text.h"
#include "domain/authz.h"

int store_fail(struct db_conn *c, int rc, struct error *e, const char *what)
{
	switch (rc) {
	case DB_CONSTRAINT:
		return err_set(e, ERR_CONFLICT, "constraint",
			       NULL, "%s conflicts with existing data", what);
	case DB_BUSY:
		return err_set(e, ERR_UNAVAILABLE, "database_busy", NULL,
			       "the database is busy; try again");
	default:
		log_error("store: %s failed: %s", what, c ? db_errmsg(c) : "no connection");
		return err_set(e, ERR_INTERNAL, "internal", NULL, "internal storage error");
	}
}

int store_begin(struct db_conn *c, struct error *e)
{
	int rc = db_begin(c, DB_WRITE);
	return rc == DB_OK ? 0 : store_fail(c, rc, e, "begin");
}

int store_begin_bulk(struct db_conn *c, struct error *e)
{
	int rc = db_begin(c, DB_BULK);
	return rc == DB_OK ? 0 : store_fail(c, rc, e, "begin");
}

int store_begin_read(struct db_conn *c, struct error *e)
{
	int rc = db_begin(c, DB_READ);
	return rc == DB_OK ? 0 : store_fail(c, rc, e, "begin");
}

int store_commit(struct db_conn *c, struct error *e)
{
	int rc = db_commit(c);
	if (rc == DB_OK)
		return 0;
	db_rollback(c);
	return store_fail(c, rc, e, "commit");
}

void store_rollback(struct db_conn *c)
{
	db_rollback(c);
}

int store_ping(struct db_conn *c, struct error *e)
{
	struct db_stmt *s;
	int rc = db_prepare(c, "SELECT 1", &s);
	if (rc != DB_OK)
		return store_fail(c, rc, e, "ping");
	rc = db_step(s);
	db_reset(s);
	return rc == DB_ROW ? 0 : store_fail(c, rc, e, "ping");
}

const char *store_scope_word(int kind)
{
	switch (kind) {
	case SCOPE_ALL: return "all";
	case SCOPE_SUBTREE: return "subtree";
	case SCOPE_EXACT: return "exact";
	default: return "none";
	}
}

void copy_text(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

char *like_pattern(const char *q)
{
	if (!q || !*q)
		return NULL;
	char *folded = text_fold(q);
	if (!folded)
		return NULL;
	size_t n = strlen(folded);
	char *pat = malloc(2 * n + 3);
	if (!pat) {
		free(folded);
		return NULL;
	}
	size_t o = 0;
	pat[o++] = '%';
	for (size_t i = 0; i < n; i++) {
		if (folded[i] == '%' || folded[i] == '_' || folded[i] == '\\')
			pat[o++] = '\\';
		pat[o++] = folded[i];
	}
	pat[o++] = '%';
	pat[o] = 0;
	free(folded);
	return pat;
}

int bind_text_keys(struct db_stmt *s, int fold_idx, int sort_idx, const char *text)
{
	char *folded = text_fold(text);
	unsigned char *key = NULL;
	size_t keylen = 0;
	int rc = DB_ERROR;
	if (folded && text_sort_key(text, &key, &keylen) == 0) {
		rc = db_bind_text(s, fold_idx, folded);
		if (rc == DB_OK)
			rc = db_bind_blob(s, sort_idx, key, keylen);
	}
	free(folded);
	free(key);
	return rc;
}

int page_limit(const struct page *p)
{
	return p->limit > 0 ? p->limit : 50;
}

int count_rows(struct db_conn *c, struct db_stmt *s, int64_t *total, struct error *e)
{
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*total = db_column_int(s, 0);
		db_reset(s);
		return 0;
	}
	db_reset(s);
	return store_fail(c, rc, e, "count");
}

int step_done(struct db_conn *c, struct db_stmt *s, struct error *e, const char *what)
{
	int rc = db_step(s);
	db_reset(s);
	if (rc == DB_DONE || rc == DB_ROW)
		return 0;
	return store_fail(c, rc, e, what);
}

int collect_rows_owning(struct db_conn *c, struct db_stmt *s, size_t size,
			void (*read_row)(struct db_stmt *s, void *item),
			void (*drop_row)(void *item), void **items, size_t *n, struct error *e,
			const char *what)
{
	char *arr = NULL;
	size_t cap = 0, count = 0;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		char *grown = grow(arr, &cap, count + 1, size);
		if (!grown) {
			rc = DB_ERROR;
			break;
		}
		arr = grown;
		read_row(s, arr + count++ * size);
	}
	db_reset(s);
	if (rc != DB_DONE) {
		for (size_t i = 0; drop_row && i < count; i++)
			drop_row(arr + i * size);
		free(arr);
		*items = NULL;
		*n = 0;
		return store_fail(c, rc, e, what);
	}
	*items = arr;
	*n = count;
	return 0;
}

int collect_rows(struct db_conn *c, struct db_stmt *s, size_t size,
		 void (*read_row)(struct db_stmt *s, void *item), void **items, size_t *n,
		 struct error *e, const char *what)
{
	return collect_rows_owning(c, s, size, read_row, NULL, items, n, e, what);
}

int each_row(struct db_conn *c, struct db_stmt *s, size_t size,
	     void (*read_row)(struct db_stmt *s, void *item), store_row_fn fn, void *data,
	     struct error *e, const char *what)
{
	void *item = malloc(size);
	if (!item) {
		db_reset(s);
		return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	}
	int rc, stop = 0;
	while (!stop && (rc = db_step(s)) == DB_ROW) {
		read_row(s, item);
		stop = fn(item, data, e);
	}
	free(item);
	db_reset(s);
	if (stop)
		return -1;
	return rc == DB_DONE ? 0 : store_fail(c, rc, e, what);
}

void bind_stats_scope(struct db_stmt *s, const struct stats_scope *sc)
{
	db_bind_int(s, 1, sc->org_id);
	db_bind_int(s, 2, sc->cluster_id);
	db_bind_int(s, 3, sc->year);
}

void *grow(void *items, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return items;
	size_t ncap = *cap ? *cap * 2 : 16;
	while (ncap < need)
		ncap *= 2;
	void *p = realloc(items, ncap * size);
	if (p)
		*cap = ncap;
	return p;
}

void read_id(struct db_stmt *s, void *out)
{
	*(int64_t *)out = db_column_int(s, 0);
}

