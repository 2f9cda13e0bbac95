/*
** The units' yearly reports in the database: one row per org and year
** with its state, its values per indicator, and the people registry's
** counts a derived indicator is checked against.
*/
#include "store/store.h"
#include "store/store_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

#define REPORT_COLUMNS                                                               \
	"r.id, r.org_id, r.year, r.status, r.submitted_at, r.accepted_at, r.accepted_by," \
	" r.note, r.created_at, r.updated_at"

static void read_report(struct db_stmt *s, void *out)
{
	struct report *r = out;
	memset(r, 0, sizeof *r);
	r->id = db_column_int(s, 0);
	r->org_id = db_column_int(s, 1);
	r->year = (int)db_column_int(s, 2);
	if (report_status_parse(db_column_text(s, 3), &r->status) != 0)
		r->status = REPORT_DRAFT; /* the CHECK constraint forbids this */
	copy_text(r->submitted_at, sizeof r->submitted_at, db_column_text(s, 4));
	copy_text(r->accepted_at, sizeof r->accepted_at, db_column_text(s, 5));
	r->accepted_by = db_column_int(s, 6);
	copy_text(r->note, sizeof r->note, db_column_text(s, 7));
	copy_text(r->created_at, sizeof r->created_at, db_column_text(s, 8));
	copy_text(r->updated_at, sizeof r->updated_at, db_column_text(s, 9));
}

static void read_value(struct db_stmt *s, void *out)
{
	struct report_value *v = out;
	memset(v, 0, sizeof *v);
	v->indicator_id = db_column_int(s, 0);
	copy_text(v->code, sizeof v->code, db_column_text(s, 1));
	v->value = db_column_double(s, 2);
}

/* The report's values, by indicator code. */
static int load_values(struct db_conn *c, struct report *r, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"SELECT v.indicator_id, i.code, v.value FROM report_values v"
		" JOIN indicators i ON i.id = v.indicator_id WHERE v.report_id = ?1"
		" ORDER BY i.code",
		&s, e, "report values");
	db_bind_int(s, 1, r->id);
	void *rows = NULL;
	int rc = collect_rows(c, s, sizeof *r->values, read_value, &rows, &r->n_values, e,
			      "report values");
	r->values = rows;
	return rc;
}

/* The one report s finds, with its values; ERR_NOT_FOUND when none. */
static int step_report(struct db_conn *c, struct db_stmt *s, struct report *out,
		       struct error *e)
{
	int rc = db_step(s);
	if (rc == DB_ROW)
		read_report(s, out);
	db_reset(s);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_found", "id", "no such report");
	if (rc != DB_ROW)
		return store_fail(c, rc, e, "report get");
	return load_values(c, out, e);
}

int store_report_get(struct db_conn *c, int64_t id, struct report *out, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " REPORT_COLUMNS " FROM reports r WHERE r.id = ?1", &s, e,
		"report get");
	db_bind_int(s, 1, id);
	return step_report(c, s, out, e);
}

int store_report_find(struct db_conn *c, int64_t org_id, int year, struct report *out,
		      struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " REPORT_COLUMNS " FROM reports r WHERE r.org_id = ?1 AND r.year = ?2",
		&s, e, "report find");
	db_bind_int(s, 1, org_id);
	db_bind_int(s, 2, year);
	return step_report(c, s, out, e);
}

static int save_values(struct db_conn *c, const struct report *r, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "DELETE FROM report_values WHERE report_id = ?1", &s, e, "report values");
	db_bind_int(s, 1, r->id);
	if (step_done(c, s, e, "report values") != 0)
		return -1;
	PREPARE(c, "INSERT INTO report_values (report_id, indicator_id, value) VALUES (?1, ?2, ?3)",
		&s, e, "report values");
	for (size_t i = 0; i < r->n_values; i++) {
		db_bind_int(s, 1, r->id);
		db_bind_int(s, 2, r->values[i].indicator_id);
		db_bind_double(s, 3, r->values[i].value);
		if (step_done(c, s, e, "report value") != 0)
			return -1;
	}
	return 0;
}

int store_report_save(struct db_conn *c, struct report *r, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"INSERT INTO reports (org_id, year, status, submitted_at, accepted_at, accepted_by,"
		" note, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)"
		" ON CONFLICT (org_id, year) DO UPDATE SET status = excluded.status,"
		" submitted_at = excluded.submitted_at, accepted_at = excluded.accepted_at,"
		" accepted_by = excluded.accepted_by, note = excluded.note,"
		" updated_at = excluded.updated_at RETURNING id, created_at",
		&s, e, "report save");
	clock_now_iso(r->updated_at, sizeof r->updated_at);
	db_bind_int(s, 1, r->org_id);
	db_bind_int(s, 2, r->year);
	db_bind_text(s, 3, report_status_name(r->status));
	db_bind_text(s, 4, r->submitted_at[0] ? r->submitted_at : NULL);
	db_bind_text(s, 5, r->accepted_at[0] ? r->accepted_at : NULL);
	db_bind_id(s, 6, r->accepted_by);
	db_bind_text(s, 7, r->note[0] ? r->note : NULL);
	db_bind_text(s, 8, r->updated_at);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		r->id = db_column_int(s, 0);
		copy_text(r->created_at, sizeof r->created_at, db_column_text(s, 1));
	}
	db_reset(s);
	if (rc != DB_ROW)
		return store_fail(c, rc, e, "report");
	return save_values(c, r, e);
}

/* The caller's scope (?4, ?5) narrows every filter, as for people. */
#define REPORT_WHERE                                                                  \
	" WHERE (?1 IS NULL OR r.org_id = ?1) AND (?2 IS NULL OR r.year = ?2)"           \
	" AND (?3 IS NULL OR r.status = ?3)"                                             \
	" AND (?4 = 'all' OR (?4 = 'exact' AND r.org_id = ?5) OR (?4 = 'subtree' AND"    \
	" r.org_id IN (WITH RECURSIVE sub(id) AS (SELECT ?5 UNION"                       \
	" SELECT o.id FROM orgs o JOIN sub ON o.parent_id = sub.id) SELECT id FROM sub)))"

static void bind_report_filter(struct db_stmt *s, const struct report_filter *f)
{
	db_bind_id(s, 1, f->org_id);
	if (f->year > 0)
		db_bind_int(s, 2, f->year);
	else
		db_bind_null(s, 2);
	db_bind_text(s, 3, f->status < 0 ? NULL
					 : report_status_name((enum report_status)f->status));
	db_bind_text(s, 4, store_scope_word(f->scope_kind));
	db_bind_int(s, 5, f->scope_org_id);
}

static void read_item(struct db_stmt *s, void *out)
{
	struct report_item *it = out;
	read_report(s, &it->report);
	copy_text(it->org_name, sizeof it->org_name, db_column_text(s, 10));
}

static void drop_item(void *item)
{
	report_values_free(&((struct report_item *)item)->report);
}

int store_report_list(struct db_conn *c, const struct report_filter *f,
		      struct report_item **items, size_t *n, int64_t *total, struct error *e)
{
	struct db_stmt *s;
	*items = NULL;
	*n = 0;
	PREPARE(c, "SELECT COUNT(*) FROM reports r" REPORT_WHERE, &s, e, "report count");
	bind_report_filter(s, f);
	if (count_rows(c, s, total, e) != 0)
		return -1;
	PREPARE(c,
		"SELECT " REPORT_COLUMNS ", o.name FROM reports r JOIN orgs o ON o.id = r.org_id"
		REPORT_WHERE " ORDER BY r.year DESC, o.sort_key, r.id LIMIT ?6 OFFSET ?7",
		&s, e, "report list");
	bind_report_filter(s, f);
	db_bind_int(s, 6, page_limit(&f->page));
	db_bind_int(s, 7, f->page.offset);
	void *rows = NULL;
	if (collect_rows_owning(c, s, sizeof **items, read_item, drop_item, &rows, n, e,
				"report list") != 0)
		return -1;
	*items = rows;
	for (size_t i = 0; i < *n; i++) {
		if (load_values(c, &(*items)[i].report, e) != 0) {
			store_report_items_free(*items, *n);
			*items = NULL;
			*n = 0;
			return -1;
		}
	}
	return 0;
}

void store_report_items_free(struct report_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		report_values_free(&items[i].report);
	free(items);
}

int store_registry_count(struct db_conn *c, int64_t org_id, enum derived what, int year,
			 int *has, int64_t *count, struct error *e)
{
	struct db_stmt *s;
	char first[16], last[16];
	snprintf(first, sizeof first, "%04d-01-01", year);
	snprintf(last, sizeof last, "%04d-12-31", year);
	PREPARE(c,
		"SELECT COUNT(*),"
		" COALESCE(SUM(CASE WHEN party_admission_date >= ?2 AND party_admission_date <= ?3"
		" THEN 1 ELSE 0 END), 0),"
		" COALESCE(SUM(CASE WHEN party_member = 1 AND party_admission_date <= ?3"
		" THEN 1 ELSE 0 END), 0)"
		" FROM people WHERE org_id = ?1 AND party_admission_date IS NOT NULL",
		&s, e, "registry count");
	db_bind_int(s, 1, org_id);
	db_bind_text(s, 2, first);
	db_bind_text(s, 3, last);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*has = db_column_int(s, 0) > 0;
		*count = db_column_int(s, what == DERIVED_PARTY_MEMBERS ? 2 : 1);
	}
	db_reset(s);
	return rc == DB_ROW ? 0 : store_fail(c, rc, e, "registry count");
}
