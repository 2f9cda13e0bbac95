/*
** Emulation movements in the database, the units they expect (every
** unit beneath the launching org that exists during the period) and the
** registrations of those units.
*/
#include "store/store.h"
#include "store/store_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

/* ---- movements ---- */

#define MOVEMENT_COLUMNS                                                           \
	"m.id, m.org_id, m.name, m.goals, m.starts_on, m.ends_on, m.created_at,"   \
	" m.updated_at, (SELECT COUNT(*) FROM movement_registrations r"            \
	" WHERE r.movement_id = m.id), (SELECT name FROM orgs WHERE id = m.org_id)"

/* Reads goals into a malloc'd copy: goals stays NULL only when it is empty. */
static void read_movement(struct db_stmt *s, void *out)
{
	struct movement *m = out;
	memset(m, 0, sizeof *m);
	m->id = db_column_int(s, 0);
	m->org_id = db_column_int(s, 1);
	copy_text(m->name, sizeof m->name, db_column_text(s, 2));
	const char *goals = db_column_text(s, 3);
	if (goals && *goals)
		m->goals = strdup(goals);
	copy_text(m->starts_on, sizeof m->starts_on, db_column_text(s, 4));
	copy_text(m->ends_on, sizeof m->ends_on, db_column_text(s, 5));
	copy_text(m->created_at, sizeof m->created_at, db_column_text(s, 6));
	copy_text(m->updated_at, sizeof m->updated_at, db_column_text(s, 7));
	m->registered = db_column_int(s, 8);
	copy_text(m->org_name, sizeof m->org_name, db_column_text(s, 9));
}

static void drop_movement(void *item)
{
	movement_free(item);
}

void movements_free(struct movement *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		movement_free(&items[i]);
	free(items);
}

static int bind_movement(struct db_stmt *s, const struct movement *m)
{
	db_bind_int(s, 1, m->org_id);
	db_bind_text(s, 2, m->name);
	db_bind_text(s, 3, m->goals && *m->goals ? m->goals : NULL);
	db_bind_text(s, 4, m->starts_on);
	db_bind_text(s, 5, m->ends_on);
	return bind_text_keys(s, 6, 7, m->name);
}

int store_movement_insert(struct db_conn *c, struct movement *m, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"INSERT INTO movements (org_id, name, goals, starts_on, ends_on, name_key,"
		" sort_key, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)"
		" RETURNING id",
		&s, e, "movement insert");
	clock_now_iso(m->created_at, sizeof m->created_at);
	memcpy(m->updated_at, m->created_at, sizeof m->updated_at);
	if (bind_movement(s, m) != 0) {
		db_reset(s);
		return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	}
	db_bind_text(s, 8, m->created_at);
	int rc = db_step(s);
	if (rc == DB_ROW)
		m->id = db_column_int(s, 0);
	db_reset(s);
	m->registered = 0;
	return rc == DB_ROW ? 0 : store_fail(c, rc, e, "movement");
}

int store_movement_get(struct db_conn *c, int64_t id, struct movement *out, struct error *e)
{
	struct db_stmt *s;
	memset(out, 0, sizeof *out);
	PREPARE(c, "SELECT " MOVEMENT_COLUMNS " FROM movements m WHERE m.id = ?1", &s, e,
		"movement get");
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		read_movement(s, out);
	db_reset(s);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_found", "id", "no movement %lld",
			       (long long)id);
	if (rc != DB_ROW)
		return store_fail(c, rc, e, "movement get");
	return 0;
}

int store_movement_update(struct db_conn *c, struct movement *m, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"UPDATE movements SET org_id = ?1, name = ?2, goals = ?3, starts_on = ?4,"
		" ends_on = ?5, name_key = ?6, sort_key = ?7, updated_at = ?8 WHERE id = ?9",
		&s, e, "movement update");
	clock_now_iso(m->updated_at, sizeof m->updated_at);
	if (bind_movement(s, m) != 0) {
		db_reset(s);
		return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	}
	db_bind_text(s, 8, m->updated_at);
	db_bind_int(s, 9, m->id);
	return step_done(c, s, e, "movement");
}

int store_movement_delete(struct db_conn *c, int64_t id, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "DELETE FROM movements WHERE id = ?1", &s, e, "movement delete");
	db_bind_int(s, 1, id);
	return step_done(c, s, e, "movement");
}

/*
** ?1 launching org, ?2 the year's first day, ?3 its last, ?4 folded name
** pattern, ?5 status word, ?6 today: each NULL when not filtered.
*/
#define MOVEMENT_WHERE                                                               \
	" WHERE (?1 IS NULL OR m.org_id = ?1)"                                       \
	" AND (?2 IS NULL OR (m.starts_on <= ?3 AND m.ends_on >= ?2))"               \
	" AND (?4 IS NULL OR m.name_key LIKE ?4 ESCAPE '\\')"                        \
	" AND (?5 IS NULL OR (?5 = 'upcoming' AND m.starts_on > ?6)"                 \
	"  OR (?5 = 'running' AND m.starts_on <= ?6 AND m.ends_on >= ?6)"            \
	"  OR (?5 = 'ended' AND m.ends_on < ?6))"

static void bind_movement_filter(struct db_stmt *s, const struct movement_filter *f,
				 const char *pat, const char *first, const char *last)
{
	db_bind_id(s, 1, f->org_id);
	db_bind_text(s, 2, f->year ? first : NULL);
	db_bind_text(s, 3, f->year ? last : NULL);
	db_bind_text(s, 4, pat);
	db_bind_text(s, 5, f->status < 0 ? NULL
				       : movement_status_name((enum movement_status)f->status));
	db_bind_text(s, 6, f->today);
}

int store_movement_list(struct db_conn *c, const struct movement_filter *f,
			struct movement **items, size_t *n, int64_t *total, struct error *e)
{
	struct db_stmt *s;
	char first[16], last[16];
	snprintf(first, sizeof first, "%04d-01-01", f->year);
	snprintf(last, sizeof last, "%04d-12-31", f->year);
	*items = NULL;
	*n = 0;
	char *pat = like_pattern(f->q);
	if (f->q && *f->q && !pat)
		return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	int rc = db_prepare(c, "SELECT COUNT(*) FROM movements m" MOVEMENT_WHERE, &s);
	if (rc != DB_OK) {
		free(pat);
		return store_fail(c, rc, e, "movement count");
	}
	bind_movement_filter(s, f, pat, first, last);
	if (count_rows(c, s, total, e) != 0) {
		free(pat);
		return -1;
	}
	rc = db_prepare(c, "SELECT " MOVEMENT_COLUMNS " FROM movements m" MOVEMENT_WHERE
			   " ORDER BY m.starts_on DESC, m.sort_key, m.id LIMIT ?7 OFFSET ?8", &s);
	if (rc != DB_OK) {
		free(pat);
		return store_fail(c, rc, e, "movement list");
	}
	bind_movement_filter(s, f, pat, first, last);
	db_bind_int(s, 7, page_limit(&f->page));
	db_bind_int(s, 8, f->page.offset);
	void *rows = NULL;
	rc = collect_rows_owning(c, s, sizeof **items, read_movement, drop_movement, &rows, n, e,
				 "movement list");
	*items = rows;
	free(pat);
	return rc;
}

/* ---- the units a movement expects ---- */

/*
** The units beneath ?1 (any depth) that exist during the period ?2..?3:
** an org merged away before the start, or founded after the end, is not
** expected to take part.
*/
#define EXPECTED_UNIT                                                                \
	" o.kind = 'unit' AND (o.active_from IS NULL OR o.active_from <= ?3)"         \
	" AND (o.active_until IS NULL OR o.active_until >= ?2)"
#define EXPECTED_CTE                                                                 \
	"WITH RECURSIVE beneath(id) AS (SELECT id FROM orgs WHERE parent_id = ?1"     \
	" UNION SELECT o.id FROM orgs o JOIN beneath b ON o.parent_id = b.id)"       \
	" SELECT o.id, o.name FROM orgs o JOIN beneath b ON b.id = o.id WHERE" EXPECTED_UNIT

static void bind_expected(struct db_stmt *s, const struct movement *m)
{
	db_bind_int(s, 1, m->org_id);
	db_bind_text(s, 2, m->starts_on);
	db_bind_text(s, 3, m->ends_on);
}

static void read_unit(struct db_stmt *s, void *out)
{
	struct movement_unit *u = out;
	u->org_id = db_column_int(s, 0);
	copy_text(u->name, sizeof u->name, db_column_text(s, 1));
}

int store_movement_expected(struct db_conn *c, const struct movement *m,
			    struct movement_unit **units, size_t *n, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, EXPECTED_CTE " ORDER BY o.sort_key, o.id", &s, e, "movement units");
	bind_expected(s, m);
	void *rows = NULL;
	int rc = collect_rows(c, s, sizeof **units, read_unit, &rows, n, e, "movement units");
	*units = rows;
	return rc;
}

int store_movement_expects(struct db_conn *c, const struct movement *m, int64_t org_id,
			   int *yes, struct error *e)
{
	struct db_stmt *s;
	int64_t found = 0;
	/* up the org's chain: short, where the launcher's subtree may be wide */
	PREPARE(c,
		"WITH RECURSIVE up(id) AS (SELECT parent_id FROM orgs WHERE id = ?4"
		" UNION SELECT o.parent_id FROM orgs o JOIN up ON o.id = up.id"
		" WHERE o.parent_id IS NOT NULL)"
		" SELECT COUNT(*) FROM orgs o WHERE o.id = ?4 AND" EXPECTED_UNIT
		" AND EXISTS (SELECT 1 FROM up WHERE id = ?1)",
		&s, e, "movement expects");
	bind_expected(s, m);
	db_bind_int(s, 4, org_id);
	if (count_rows(c, s, &found, e) != 0)
		return -1;
	*yes = found > 0;
	return 0;
}

/* ---- registrations ---- */

static void read_registration(struct db_stmt *s, void *out)
{
	struct registration *r = out;
	memset(r, 0, sizeof *r);
	r->movement_id = db_column_int(s, 0);
	r->org_id = db_column_int(s, 1);
	copy_text(r->commitment, sizeof r->commitment, db_column_text(s, 2));
	copy_text(r->registered_at, sizeof r->registered_at, db_column_text(s, 3));
}

static void read_entry(struct db_stmt *s, void *out)
{
	struct movement_entry *en = out;
	read_registration(s, &en->r);
	copy_text(en->name, sizeof en->name, db_column_text(s, 4));
}

int store_registration_list(struct db_conn *c, int64_t movement_id,
			    struct movement_entry **items, size_t *n, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"SELECT r.movement_id, r.org_id, r.commitment, r.registered_at, o.name"
		" FROM movement_registrations r JOIN orgs o ON o.id = r.org_id"
		" WHERE r.movement_id = ?1 ORDER BY o.sort_key, o.id",
		&s, e, "registration list");
	db_bind_int(s, 1, movement_id);
	void *rows = NULL;
	int rc = collect_rows(c, s, sizeof **items, read_entry, &rows, n, e,
			      "registration list");
	*items = rows;
	return rc;
}

int store_registration_get(struct db_conn *c, int64_t movement_id, int64_t org_id,
			   struct registration *out, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"SELECT movement_id, org_id, commitment, registered_at FROM movement_registrations"
		" WHERE movement_id = ?1 AND org_id = ?2",
		&s, e, "registration get");
	db_bind_int(s, 1, movement_id);
	db_bind_int(s, 2, org_id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		read_registration(s, out);
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_registered", "org_id",
			       "organization %lld has not registered for this movement",
			       (long long)org_id);
	return store_fail(c, rc, e, "registration get");
}

int store_registration_insert(struct db_conn *c, struct registration *r, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"INSERT INTO movement_registrations (movement_id, org_id, commitment,"
		" registered_at) VALUES (?1, ?2, ?3, ?4)",
		&s, e, "registration insert");
	/* the demo and imports give the day a unit registered on paper */
	if (!r->registered_at[0])
		clock_now_iso(r->registered_at, sizeof r->registered_at);
	db_bind_int(s, 1, r->movement_id);
	db_bind_int(s, 2, r->org_id);
	db_bind_text(s, 3, r->commitment[0] ? r->commitment : NULL);
	db_bind_text(s, 4, r->registered_at);
	int rc = db_step(s);
	db_reset(s);
	if (rc == DB_DONE)
		return 0;
	if (rc == DB_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "already_registered", "org_id",
			       "organization %lld has already registered for this movement",
			       (long long)r->org_id);
	return store_fail(c, rc, e, "registration");
}

int store_registration_delete(struct db_conn *c, int64_t movement_id, int64_t org_id,
			      struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "DELETE FROM movement_registrations WHERE movement_id = ?1 AND org_id = ?2",
		&s, e, "registration delete");
	db_bind_int(s, 1, movement_id);
	db_bind_int(s, 2, org_id);
	return step_done(c, s, e, "registration");
}
