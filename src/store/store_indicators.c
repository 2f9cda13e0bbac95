/* The catalog of indicators in the database: one row per indicator, by code. */
#include "store/store.h"
#include "store/store_util.h"

#include <string.h>

#include "core/clock.h"

#define INDICATOR_COLUMNS "id, code, name, unit, aggregate, derived_from, created_at, updated_at"

static void read_indicator(struct db_stmt *s, void *out)
{
	struct indicator *ind = out;
	memset(ind, 0, sizeof *ind);
	ind->id = db_column_int(s, 0);
	copy_text(ind->code, sizeof ind->code, db_column_text(s, 1));
	copy_text(ind->name, sizeof ind->name, db_column_text(s, 2));
	copy_text(ind->unit, sizeof ind->unit, db_column_text(s, 3));
	if (aggregate_parse(db_column_text(s, 4), &ind->aggregate) != 0)
		ind->aggregate = AGG_SUM; /* the CHECK constraint forbids this */
	const char *d = db_column_text(s, 5);
	if (!d || derived_parse(d, &ind->derived_from) != 0)
		ind->derived_from = DERIVED_NONE;
	copy_text(ind->created_at, sizeof ind->created_at, db_column_text(s, 6));
	copy_text(ind->updated_at, sizeof ind->updated_at, db_column_text(s, 7));
}

static int step_indicator(struct db_conn *c, struct db_stmt *s, struct indicator *out,
			  struct error *e)
{
	int rc = db_step(s);
	if (rc == DB_ROW)
		read_indicator(s, out);
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_found", "id", "no such indicator");
	return store_fail(c, rc, e, "indicator get");
}

/* Is another indicator than `self` called code? A 409 names it. */
static int code_free(struct db_conn *c, const char *code, int64_t self, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT COUNT(*) FROM indicators WHERE code = ?1 AND id <> ?2", &s, e,
		"indicator code");
	db_bind_text(s, 1, code);
	db_bind_int(s, 2, self);
	int64_t taken = 0;
	if (count_rows(c, s, &taken, e) != 0)
		return -1;
	if (taken)
		return err_set(e, ERR_CONFLICT, "code_taken", "code",
			       "an indicator with code %s exists already", code);
	return 0;
}

static void bind_indicator(struct db_stmt *s, const struct indicator *ind)
{
	db_bind_text(s, 1, ind->code);
	db_bind_text(s, 2, ind->name);
	db_bind_text(s, 3, ind->unit);
	db_bind_text(s, 4, aggregate_name(ind->aggregate));
	db_bind_text(s, 5, ind->derived_from == DERIVED_NONE ? NULL
							     : derived_name(ind->derived_from));
}

int store_indicator_insert(struct db_conn *c, struct indicator *ind, struct error *e)
{
	struct db_stmt *s;
	if (code_free(c, ind->code, 0, e) != 0)
		return -1;
	PREPARE(c,
		"INSERT INTO indicators (code, name, unit, aggregate, derived_from, created_at,"
		" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id",
		&s, e, "indicator insert");
	clock_now_iso(ind->created_at, sizeof ind->created_at);
	memcpy(ind->updated_at, ind->created_at, sizeof ind->updated_at);
	bind_indicator(s, ind);
	db_bind_text(s, 6, ind->created_at);
	int rc = db_step(s);
	if (rc == DB_ROW)
		ind->id = db_column_int(s, 0);
	db_reset(s);
	return rc == DB_ROW ? 0 : store_fail(c, rc, e, "indicator");
}

int store_indicator_get(struct db_conn *c, int64_t id, struct indicator *out, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " INDICATOR_COLUMNS " FROM indicators WHERE id = ?1", &s, e,
		"indicator get");
	db_bind_int(s, 1, id);
	return step_indicator(c, s, out, e);
}

int store_indicator_find_code(struct db_conn *c, const char *code, struct indicator *out,
			      struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " INDICATOR_COLUMNS " FROM indicators WHERE code = ?1", &s, e,
		"indicator find");
	db_bind_text(s, 1, code);
	return step_indicator(c, s, out, e);
}

int store_indicator_update(struct db_conn *c, struct indicator *ind, struct error *e)
{
	struct db_stmt *s;
	if (code_free(c, ind->code, ind->id, e) != 0)
		return -1;
	PREPARE(c,
		"UPDATE indicators SET code = ?1, name = ?2, unit = ?3, aggregate = ?4,"
		" derived_from = ?5, updated_at = ?6 WHERE id = ?7",
		&s, e, "indicator update");
	clock_now_iso(ind->updated_at, sizeof ind->updated_at);
	bind_indicator(s, ind);
	db_bind_text(s, 6, ind->updated_at);
	db_bind_int(s, 7, ind->id);
	return step_done(c, s, e, "indicator update");
}

int store_indicator_used(struct db_conn *c, int64_t id, int *used, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT EXISTS (SELECT 1 FROM report_values WHERE indicator_id = ?1)", &s,
		e, "indicator used");
	db_bind_int(s, 1, id);
	int64_t found = 0;
	if (count_rows(c, s, &found, e) != 0)
		return -1;
	*used = found != 0;
	return 0;
}

int store_indicator_list(struct db_conn *c, const struct page *p, struct indicator **items,
			 size_t *n, int64_t *total, struct error *e)
{
	struct db_stmt *s;
	*items = NULL;
	*n = 0;
	PREPARE(c, "SELECT COUNT(*) FROM indicators", &s, e, "indicator count");
	if (count_rows(c, s, total, e) != 0)
		return -1;
	PREPARE(c, "SELECT " INDICATOR_COLUMNS " FROM indicators ORDER BY code"
		   " LIMIT ?1 OFFSET ?2", &s, e, "indicator list");
	db_bind_int(s, 1, p ? page_limit(p) : INT32_MAX);
	db_bind_int(s, 2, p ? p->offset : 0);
	void *rows = NULL;
	int rc = collect_rows(c, s, sizeof **items, read_indicator, &rows, n, e,
			      "indicator list");
	*items = rows;
	return rc;
}
