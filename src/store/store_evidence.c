/*
** The evidence in the database: yearly ratings (one per subject and
** year, replaced when rated again), initiatives of a person, and holds
** of a person or an org. Every list is of one subject, never of all.
*/
#include "store/store.h"
#include "store/store_util.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

/* ---- ratings ---- */

#define RATING_COLUMNS "id, person_id, org_id, year, rating, updated_at"

static void read_rating(struct db_stmt *s, void *out)
{
	struct rating_record *r = out;
	memset(r, 0, sizeof *r);
	r->id = db_column_int(s, 0);
	r->person_id = db_column_int(s, 1); /* NULL reads as 0 */
	r->org_id = db_column_int(s, 2);
	r->year = (int)db_column_int(s, 3);
	const char *name = db_column_text(s, 4);
	if (!name || rating_parse(name, &r->rating) != 0)
		r->rating = RATING_NOT_COMPLETED; /* the CHECK constraint forbids this */
	copy_text(r->updated_at, sizeof r->updated_at, db_column_text(s, 5));
}

/* Read the one row s returns into out; ERR_NOT_FOUND when none. */
static int step_one(struct db_conn *c, struct db_stmt *s,
		    void (*read_row)(struct db_stmt *s, void *item), void *out,
		    struct error *e, const char *what)
{
	int rc = db_step(s);
	if (rc == DB_ROW)
		read_row(s, out);
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_found", "id", "no such %s", what);
	return store_fail(c, rc, e, what);
}

int store_rating_put(struct db_conn *c, struct rating_record *r, struct error *e)
{
	struct db_stmt *s;
	if (r->person_id > 0)
		PREPARE(c,
			"INSERT INTO ratings (person_id, year, rating, updated_at)"
			" VALUES (?1, ?2, ?3, ?4) ON CONFLICT (person_id, year)"
			" WHERE person_id IS NOT NULL DO UPDATE SET rating = excluded.rating,"
			" updated_at = excluded.updated_at RETURNING id",
			&s, e, "rating put");
	else
		PREPARE(c,
			"INSERT INTO ratings (org_id, year, rating, updated_at)"
			" VALUES (?1, ?2, ?3, ?4) ON CONFLICT (org_id, year)"
			" WHERE org_id IS NOT NULL DO UPDATE SET rating = excluded.rating,"
			" updated_at = excluded.updated_at RETURNING id",
			&s, e, "rating put");
	clock_now_iso(r->updated_at, sizeof r->updated_at);
	db_bind_int(s, 1, r->person_id > 0 ? r->person_id : r->org_id);
	db_bind_int(s, 2, r->year);
	db_bind_text(s, 3, rating_name(r->rating));
	db_bind_text(s, 4, r->updated_at);
	int rc = db_step(s);
	if (rc == DB_ROW)
		r->id = db_column_int(s, 0);
	db_reset(s);
	return rc == DB_ROW ? 0 : store_fail(c, rc, e, "rating");
}

int store_rating_find(struct db_conn *c, int64_t person_id, int64_t org_id, int year,
		      struct rating_record *out, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"SELECT " RATING_COLUMNS " FROM ratings"
		" WHERE (person_id = ?1 OR org_id = ?2) AND year = ?3",
		&s, e, "rating find");
	db_bind_id(s, 1, person_id);
	db_bind_id(s, 2, org_id);
	db_bind_int(s, 3, year);
	return step_one(c, s, read_rating, out, e, "rating");
}

/* The subject's rows: ?1 a person or ?2 an org (the other NULL), paged by ?3, ?4. */
#define SUBJECT_WHERE " WHERE (person_id = ?1 OR org_id = ?2)"

static void bind_subject(struct db_stmt *s, const struct evidence_filter *f)
{
	db_bind_id(s, 1, f->person_id);
	db_bind_id(s, 2, f->org_id);
}

/*
** Count the subject's rows with count_sql, then read a page of them with
** list_sql into a malloc'd array of items of `size` bytes.
*/
static int list_subject(struct db_conn *c, const char *count_sql, const char *list_sql,
			const struct evidence_filter *f, size_t size,
			void (*read_row)(struct db_stmt *s, void *item), void **items,
			size_t *n, int64_t *total, struct error *e, const char *what)
{
	struct db_stmt *s;
	*items = NULL;
	*n = 0;
	PREPARE(c, count_sql, &s, e, what);
	bind_subject(s, f);
	if (count_rows(c, s, total, e) != 0)
		return -1;
	PREPARE(c, list_sql, &s, e, what);
	bind_subject(s, f);
	db_bind_int(s, 3, page_limit(&f->page));
	db_bind_int(s, 4, f->page.offset);
	return collect_rows(c, s, size, read_row, items, n, e, what);
}

int store_rating_list(struct db_conn *c, const struct evidence_filter *f,
		      struct rating_record **items, size_t *n, int64_t *total, struct error *e)
{
	void *rows = NULL;
	int rc = list_subject(c, "SELECT COUNT(*) FROM ratings" SUBJECT_WHERE,
			      "SELECT " RATING_COLUMNS " FROM ratings" SUBJECT_WHERE
			      " ORDER BY year DESC, id DESC LIMIT ?3 OFFSET ?4",
			      f, sizeof **items, read_rating, &rows, n, total, e, "rating list");
	*items = rows;
	return rc;
}

/* ---- initiatives ---- */

#define INITIATIVE_COLUMNS "id, person_id, title, level, year, used_by, created_at"

static void read_initiative(struct db_stmt *s, void *out)
{
	struct initiative *i = out;
	memset(i, 0, sizeof *i);
	i->id = db_column_int(s, 0);
	i->person_id = db_column_int(s, 1);
	copy_text(i->title, sizeof i->title, db_column_text(s, 2));
	const char *level = db_column_text(s, 3);
	if (!level || level_parse(level, &i->level) != 0)
		i->level = LEVEL_GRASSROOTS; /* the CHECK constraint forbids this */
	i->year = (int)db_column_int(s, 4);
	i->used_by = db_column_int(s, 5);
	copy_text(i->created_at, sizeof i->created_at, db_column_text(s, 6));
}

int store_initiative_insert(struct db_conn *c, struct initiative *i, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"INSERT INTO initiatives (person_id, title, level, year, created_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
		&s, e, "initiative insert");
	clock_now_iso(i->created_at, sizeof i->created_at);
	i->used_by = 0;
	db_bind_int(s, 1, i->person_id);
	db_bind_text(s, 2, i->title);
	db_bind_text(s, 3, level_name(i->level));
	db_bind_int(s, 4, i->year);
	db_bind_text(s, 5, i->created_at);
	int rc = db_step(s);
	if (rc == DB_ROW)
		i->id = db_column_int(s, 0);
	db_reset(s);
	return rc == DB_ROW ? 0 : store_fail(c, rc, e, "initiative");
}

int store_initiative_get(struct db_conn *c, int64_t id, struct initiative *out,
			 struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " INITIATIVE_COLUMNS " FROM initiatives WHERE id = ?1", &s, e,
		"initiative get");
	db_bind_int(s, 1, id);
	return step_one(c, s, read_initiative, out, e, "initiative");
}

int store_initiative_list(struct db_conn *c, const struct evidence_filter *f,
			  struct initiative **items, size_t *n, int64_t *total, struct error *e)
{
	void *rows = NULL;
	int rc = list_subject(c, "SELECT COUNT(*) FROM initiatives WHERE person_id = ?1"
				 " AND ?2 IS NULL",
			      "SELECT " INITIATIVE_COLUMNS " FROM initiatives WHERE person_id = ?1"
			      " AND ?2 IS NULL ORDER BY year DESC, id DESC LIMIT ?3 OFFSET ?4",
			      f, sizeof **items, read_initiative, &rows, n, total, e,
			      "initiative list");
	*items = rows;
	return rc;
}

/* ---- holds ---- */

#define HOLD_COLUMNS \
	"id, person_id, org_id, kind, started_on, ended_on, note, created_at, updated_at," \
	" recorded_by"

static void read_hold(struct db_stmt *s, void *out)
{
	struct hold *h = out;
	memset(h, 0, sizeof *h);
	h->id = db_column_int(s, 0);
	h->person_id = db_column_int(s, 1);
	h->org_id = db_column_int(s, 2);
	const char *kind = db_column_text(s, 3);
	if (!kind || hold_kind_parse(kind, &h->kind) != 0)
		h->kind = HOLD_DISCIPLINE; /* the CHECK constraint forbids this */
	copy_text(h->started_on, sizeof h->started_on, db_column_text(s, 4));
	copy_text(h->ended_on, sizeof h->ended_on, db_column_text(s, 5));
	copy_text(h->note, sizeof h->note, db_column_text(s, 6));
	copy_text(h->created_at, sizeof h->created_at, db_column_text(s, 7));
	copy_text(h->updated_at, sizeof h->updated_at, db_column_text(s, 8));
	h->recorded_by = db_column_int(s, 9);
}

int store_hold_insert(struct db_conn *c, struct hold *h, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"INSERT INTO holds (person_id, org_id, kind, started_on, ended_on, note,"
		" created_at, updated_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)"
		" RETURNING id",
		&s, e, "hold insert");
	clock_now_iso(h->created_at, sizeof h->created_at);
	memcpy(h->updated_at, h->created_at, sizeof h->updated_at);
	db_bind_id(s, 1, h->person_id);
	db_bind_id(s, 2, h->org_id);
	db_bind_text(s, 3, hold_kind_name(h->kind));
	db_bind_text(s, 4, h->started_on);
	db_bind_text(s, 5, h->ended_on[0] ? h->ended_on : NULL);
	db_bind_text(s, 6, h->note[0] ? h->note : NULL);
	db_bind_text(s, 7, h->created_at);
	db_bind_id(s, 8, h->recorded_by);
	int rc = db_step(s);
	if (rc == DB_ROW)
		h->id = db_column_int(s, 0);
	db_reset(s);
	return rc == DB_ROW ? 0 : store_fail(c, rc, e, "hold");
}

int store_hold_get(struct db_conn *c, int64_t id, struct hold *out, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " HOLD_COLUMNS " FROM holds WHERE id = ?1", &s, e, "hold get");
	db_bind_int(s, 1, id);
	return step_one(c, s, read_hold, out, e, "hold");
}

int store_hold_update(struct db_conn *c, struct hold *h, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "UPDATE holds SET ended_on = ?1, note = ?2, updated_at = ?3 WHERE id = ?4",
		&s, e, "hold update");
	clock_now_iso(h->updated_at, sizeof h->updated_at);
	db_bind_text(s, 1, h->ended_on[0] ? h->ended_on : NULL);
	db_bind_text(s, 2, h->note[0] ? h->note : NULL);
	db_bind_text(s, 3, h->updated_at);
	db_bind_int(s, 4, h->id);
	return step_done(c, s, e, "hold");
}

int store_hold_list(struct db_conn *c, const struct evidence_filter *f, struct hold **items,
		    size_t *n, int64_t *total, struct error *e)
{
	void *rows = NULL;
	int rc = list_subject(c, "SELECT COUNT(*) FROM holds" SUBJECT_WHERE,
			      "SELECT " HOLD_COLUMNS " FROM holds" SUBJECT_WHERE
			      " ORDER BY started_on DESC, id DESC LIMIT ?3 OFFSET ?4",
			      f, sizeof **items, read_hold, &rows, n, total, e, "hold list");
	*items = rows;
	return rc;
}
