/* People in the database: CRUD and scoped, diacritic-insensitive search. */
#include "store/store.h"
#include "store/store_util.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "domain/authz.h"

#define PERSON_COLUMNS \
	"id, full_name, gender, birth_year, org_id, position, party_member, party_admission_date"

static void read_person(struct db_stmt *s, void *out)
{
	struct person *p = out;
	memset(p, 0, sizeof *p);
	p->id = db_column_int(s, 0);
	copy_text(p->full_name, sizeof p->full_name, db_column_text(s, 1));
	const char *g = db_column_text(s, 2);
	p->gender = (g && strcmp(g, "female") == 0) ? GENDER_FEMALE : GENDER_MALE;
	p->birth_year = (int)db_column_int(s, 3);
	p->org_id = db_column_int(s, 4);
	copy_text(p->position, sizeof p->position, db_column_text(s, 5));
	p->party_member = (int)db_column_int(s, 6);
	copy_text(p->party_admission_date, sizeof p->party_admission_date,
		  db_column_text(s, 7));
}

int store_person_get(struct db_conn *c, int64_t id, struct person *out, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " PERSON_COLUMNS " FROM people WHERE id = ?1", &s, e, "person get");
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		read_person(s, out);
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_found", "id", "no person %lld",
			       (long long)id);
	return store_fail(c, rc, e, "person get");
}

/* The scope of the caller (?5, ?6) narrows every filter. */
#define PERSON_WHERE                                                             \
	" WHERE (?1 IS NULL OR org_id = ?1) AND (?2 IS NULL OR gender = ?2)"         \
	" AND (?3 IS NULL OR party_member = ?3)"                                     \
	" AND (?4 IS NULL OR name_key LIKE ?4 ESCAPE '\\')"                          \
	" AND (?5 = 'all' OR (?5 = 'exact' AND org_id = ?6) OR (?5 = 'subtree' AND"  \
	" org_id IN (WITH RECURSIVE sub(id) AS (SELECT ?6 UNION"                     \
	" SELECT o.id FROM orgs o JOIN sub ON o.parent_id = sub.id) SELECT id FROM sub)))"

static void bind_person_filter(struct db_stmt *s, const struct person_filter *f,
			       const char *pat)
{
	db_bind_id(s, 1, f->org_id);
	db_bind_text(s, 2, f->gender < 0 ? NULL : gender_name((enum gender)f->gender));
	if (f->party_member < 0)
		db_bind_null(s, 3);
	else
		db_bind_int(s, 3, f->party_member);
	db_bind_text(s, 4, pat);
	db_bind_text(s, 5, store_scope_word(f->scope_kind));
	db_bind_int(s, 6, f->scope_org_id);
}

int store_person_list(struct db_conn *c, const struct person_filter *f,
		      struct person **items, size_t *n, int64_t *total, struct error *e)
{
	struct db_stmt *s;
	char *pat = like_pattern(f->q);
	*items = NULL;
	*n = 0;
	int rc = db_prepare(c, "SELECT COUNT(*) FROM people" PERSON_WHERE, &s);
	if (rc != DB_OK) {
		free(pat);
		return store_fail(c, rc, e, "person count");
	}
	bind_person_filter(s, f, pat);
	if (count_rows(c, s, total, e) != 0) {
		free(pat);
		return -1;
	}
	rc = db_prepare(c, "SELECT " PERSON_COLUMNS " FROM people" PERSON_WHERE
			   " ORDER BY sort_key, id LIMIT ?7 OFFSET ?8", &s);
	if (rc != DB_OK) {
		free(pat);
		return store_fail(c, rc, e, "person list");
	}
	bind_person_filter(s, f, pat);
	db_bind_int(s, 7, page_limit(&f->page));
	db_bind_int(s, 8, f->page.offset);
	void *rows = NULL;
	rc = collect_rows(c, s, sizeof **items, read_person, &rows, n, e, "person list");
	*items = rows;
	free(pat);
	return rc;
}

static int bind_person_fields(struct db_stmt *s, const struct person *p)
{
	db_bind_text(s, 1, p->full_name);
	db_bind_text(s, 2, gender_name(p->gender));
	if (p->birth_year)
		db_bind_int(s, 3, p->birth_year);
	else
		db_bind_null(s, 3);
	db_bind_int(s, 4, p->org_id);
	db_bind_text(s, 5, p->position[0] ? p->position : NULL);
	db_bind_int(s, 6, p->party_member ? 1 : 0);
	db_bind_text(s, 7, p->party_admission_date[0] ? p->party_admission_date : NULL);
	return bind_text_keys(s, 8, 9, p->full_name);
}

int store_person_insert(struct db_conn *c, struct person *p, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"INSERT INTO people (full_name, gender, birth_year, org_id, position,"
		" party_member, party_admission_date, name_key, sort_key, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) RETURNING id",
		&s, e, "person insert");
	char now[32];
	clock_now_iso(now, sizeof now);
	if (bind_person_fields(s, p) != DB_OK) {
		db_reset(s);
		return err_set(e, ERR_INTERNAL, "internal", "full_name", "cannot index the name");
	}
	db_bind_text(s, 10, now);
	int rc = db_step(s);
	if (rc == DB_ROW)
		p->id = db_column_int(s, 0);
	db_reset(s);
	return rc == DB_ROW ? 0 : store_fail(c, rc, e, "person");
}

int store_person_update(struct db_conn *c, const struct person *p, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"UPDATE people SET full_name = ?1, gender = ?2, birth_year = ?3, org_id = ?4,"
		" position = ?5, party_member = ?6, party_admission_date = ?7, name_key = ?8,"
		" sort_key = ?9, updated_at = ?10 WHERE id = ?11",
		&s, e, "person update");
	char now[32];
	clock_now_iso(now, sizeof now);
	if (bind_person_fields(s, p) != DB_OK) {
		db_reset(s);
		return err_set(e, ERR_INTERNAL, "internal", "full_name", "cannot index the name");
	}
	db_bind_text(s, 10, now);
	db_bind_int(s, 11, p->id);
	return step_done(c, s, e, "person");
}

int store_person_delete(struct db_conn *c, int64_t id, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "DELETE FROM people WHERE id = ?1", &s, e, "person delete");
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	db_reset(s);
	if (rc == DB_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "in_use", "id",
			       "the person is still referenced by other records");
	return rc == DB_DONE ? 0 : store_fail(c, rc, e, "person delete");
}

int store_person_each(struct db_conn *c, store_row_fn fn, void *data, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " PERSON_COLUMNS " FROM people ORDER BY id", &s, e, "person each");
	return each_row(c, s, sizeof(struct person), read_person, fn, data, e, "person each");
}
