/* User accounts and their roles in the database. */
#include "store/store.h"
#include "store/store_util.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "domain/authz.h"

static void read_user(struct db_stmt *s, void *out)
{
	struct user *u = out;
	memset(u, 0, sizeof *u);
	u->id = db_column_int(s, 0);
	copy_text(u->username, sizeof u->username, db_column_text(s, 1));
	u->org_id = db_column_int(s, 2);
	u->disabled = (int)db_column_int(s, 3);
}

static int load_roles(struct db_conn *c, struct user *u, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT role FROM user_roles WHERE user_id = ?1", &s, e, "user roles");
	db_bind_int(s, 1, u->id);
	int rc;
	u->roles = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		const char *name = db_column_text(s, 0);
		u->roles |= name ? role_from_name(name) : 0;
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : store_fail(c, rc, e, "user roles");
}

static int save_roles(struct db_conn *c, const struct user *u, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "DELETE FROM user_roles WHERE user_id = ?1", &s, e, "user roles");
	db_bind_int(s, 1, u->id);
	if (step_done(c, s, e, "user roles") != 0)
		return -1;
	PREPARE(c, "INSERT INTO user_roles (user_id, role) VALUES (?1, ?2)", &s, e,
		"user roles");
	for (int i = 0; i < ROLE_COUNT; i++) {
		unsigned r = role_at(i);
		if (!(u->roles & r))
			continue;
		db_bind_int(s, 1, u->id);
		db_bind_text(s, 2, role_name(r));
		if (step_done(c, s, e, "user roles") != 0)
			return -1;
	}
	return 0;
}

#define USER_COLUMNS "id, username, org_id, disabled"

int store_user_get(struct db_conn *c, int64_t id, struct user *out, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " USER_COLUMNS " FROM users WHERE id = ?1", &s, e, "user get");
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		read_user(s, out);
	db_reset(s);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_found", "id", "no user %lld", (long long)id);
	if (rc != DB_ROW)
		return store_fail(c, rc, e, "user get");
	return load_roles(c, out, e);
}

int store_user_by_name(struct db_conn *c, const char *username, struct user *out,
		       char *pwhash, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " USER_COLUMNS ", password_hash FROM users WHERE username = ?1",
		&s, e, "user by name");
	db_bind_text(s, 1, username);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		read_user(s, out);
		if (pwhash)
			copy_text(pwhash, AUTH_PWHASH_CHARS, db_column_text(s, 4));
	}
	db_reset(s);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_found", "username", "no such user");
	if (rc != DB_ROW)
		return store_fail(c, rc, e, "user by name");
	return load_roles(c, out, e);
}

#define USER_WHERE                                                   \
	" WHERE (?1 IS NULL OR org_id = ?1) AND (?2 IS NULL OR id IN"    \
	" (SELECT user_id FROM user_roles WHERE role = ?2))"

int store_user_list(struct db_conn *c, const struct user_filter *f, struct user **items,
		    size_t *n, int64_t *total, struct error *e)
{
	struct db_stmt *s;
	const char *role = f->role ? role_name(f->role) : NULL;
	*items = NULL;
	*n = 0;
	PREPARE(c, "SELECT COUNT(*) FROM users" USER_WHERE, &s, e, "user count");
	db_bind_id(s, 1, f->org_id);
	db_bind_text(s, 2, role);
	if (count_rows(c, s, total, e) != 0)
		return -1;
	PREPARE(c, "SELECT " USER_COLUMNS " FROM users" USER_WHERE
		   " ORDER BY username LIMIT ?3 OFFSET ?4", &s, e, "user list");
	db_bind_id(s, 1, f->org_id);
	db_bind_text(s, 2, role);
	db_bind_int(s, 3, page_limit(&f->page));
	db_bind_int(s, 4, f->page.offset);
	void *rows = NULL;
	int rc = collect_rows(c, s, sizeof **items, read_user, &rows, n, e, "user list");
	*items = rows;
	for (size_t i = 0; rc == 0 && i < *n; i++)
		rc = load_roles(c, &(*items)[i], e);
	if (rc != 0) {
		free(*items);
		*items = NULL;
		*n = 0;
	}
	return rc;
}

int store_user_insert(struct db_conn *c, struct user *u, const char *pwhash,
		      struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"INSERT INTO users (username, password_hash, org_id, disabled, created_at,"
		" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id",
		&s, e, "user insert");
	char now[32];
	clock_now_iso(now, sizeof now);
	db_bind_text(s, 1, u->username);
	db_bind_text(s, 2, pwhash);
	db_bind_id(s, 3, u->org_id);
	db_bind_int(s, 4, u->disabled ? 1 : 0);
	db_bind_text(s, 5, now);
	int rc = db_step(s);
	if (rc == DB_ROW)
		u->id = db_column_int(s, 0);
	db_reset(s);
	if (rc == DB_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "username_taken", "username",
			       "the username '%s' is taken", u->username);
	if (rc != DB_ROW)
		return store_fail(c, rc, e, "user");
	return save_roles(c, u, e);
}

int store_user_update(struct db_conn *c, const struct user *u, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "UPDATE users SET org_id = ?1, disabled = ?2, updated_at = ?3 WHERE id = ?4",
		&s, e, "user update");
	char now[32];
	clock_now_iso(now, sizeof now);
	db_bind_id(s, 1, u->org_id);
	db_bind_int(s, 2, u->disabled ? 1 : 0);
	db_bind_text(s, 3, now);
	db_bind_int(s, 4, u->id);
	if (step_done(c, s, e, "user") != 0)
		return -1;
	return save_roles(c, u, e);
}

int store_user_set_password(struct db_conn *c, int64_t id, const char *pwhash,
			    struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "UPDATE users SET password_hash = ?1, updated_at = ?2 WHERE id = ?3", &s, e,
		"user password");
	char now[32];
	clock_now_iso(now, sizeof now);
	db_bind_text(s, 1, pwhash);
	db_bind_text(s, 2, now);
	db_bind_int(s, 3, id);
	return step_done(c, s, e, "user password");
}

int store_council_members(struct db_conn *c, int64_t authority_id, int64_t **ids, size_t *n,
			  struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id"
		   " WHERE r.role = 'council_member' AND u.org_id = ?1 AND u.disabled = 0"
		   " ORDER BY u.id", &s, e, "council members");
	db_bind_int(s, 1, authority_id);
	void *rows = NULL;
	if (collect_rows(c, s, sizeof **ids, read_id, &rows, n, e, "council members") != 0)
		return -1;
	*ids = rows;
	return 0;
}
