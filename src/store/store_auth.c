/* Sessions, API tokens (both stored as hashes) and login-failure counters. */
#include "store/store.h"
#include "store/store_util.h"

#include "core/clock.h"

int store_session_insert(struct db_conn *c, const unsigned char *hash, int64_t user_id,
			 int64_t now, int64_t expires_at, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at)"
		" VALUES (?1, ?2, ?3, ?3, ?4)",
		&s, e, "session insert");
	db_bind_blob(s, 1, hash, AUTH_HASH_BYTES);
	db_bind_int(s, 2, user_id);
	db_bind_int(s, 3, now);
	db_bind_int(s, 4, expires_at);
	return step_done(c, s, e, "session insert");
}

int store_session_user(struct db_conn *c, const unsigned char *hash, int64_t now,
		       int64_t *user_id, int64_t *last_seen, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"SELECT s.user_id, s.last_seen FROM sessions s JOIN users u ON u.id = s.user_id"
		" WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.disabled = 0",
		&s, e, "session lookup");
	db_bind_blob(s, 1, hash, AUTH_HASH_BYTES);
	db_bind_int(s, 2, now);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*user_id = db_column_int(s, 0);
		*last_seen = db_column_int(s, 1);
	}
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_DONE)
		return err_set(e, ERR_UNAUTHORIZED, "session_expired", NULL,
			       "the session has expired; log in again");
	return store_fail(c, rc, e, "session lookup");
}

int store_session_touch(struct db_conn *c, const unsigned char *hash, int64_t now,
			int64_t expires_at, int max_s, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"UPDATE sessions SET last_seen = ?1, expires_at = CASE WHEN ?2 < created_at + ?4"
		" THEN ?2 ELSE created_at + ?4 END WHERE token_hash = ?3",
		&s, e, "session touch");
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, expires_at);
	db_bind_blob(s, 3, hash, AUTH_HASH_BYTES);
	db_bind_int(s, 4, max_s);
	return step_done(c, s, e, "session touch");
}

int store_session_delete(struct db_conn *c, const unsigned char *hash, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "DELETE FROM sessions WHERE token_hash = ?1", &s, e, "session delete");
	db_bind_blob(s, 1, hash, AUTH_HASH_BYTES);
	return step_done(c, s, e, "session delete");
}

int store_sessions_delete_user(struct db_conn *c, int64_t user_id, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "DELETE FROM sessions WHERE user_id = ?1", &s, e, "session delete");
	db_bind_int(s, 1, user_id);
	return step_done(c, s, e, "session delete");
}

int store_auth_sweep(struct db_conn *c, int64_t now, int window_s, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "DELETE FROM sessions WHERE expires_at <= ?1", &s, e, "session sweep");
	db_bind_int(s, 1, now);
	if (step_done(c, s, e, "session sweep") != 0)
		return -1;
	PREPARE(c, "DELETE FROM login_failures WHERE window_start <= ?1 - ?2", &s, e,
		"failure sweep");
	db_bind_int(s, 1, now);
	db_bind_int(s, 2, window_s);
	return step_done(c, s, e, "failure sweep");
}

int store_token_insert(struct db_conn *c, const unsigned char *hash, int64_t user_id,
		       struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"INSERT INTO api_tokens (token_hash, user_id, created_at) VALUES (?1, ?2, ?3)",
		&s, e, "token insert");
	char now[32];
	clock_now_iso(now, sizeof now);
	db_bind_blob(s, 1, hash, AUTH_HASH_BYTES);
	db_bind_int(s, 2, user_id);
	db_bind_text(s, 3, now);
	return step_done(c, s, e, "token insert");
}

int store_tokens_revoke_user(struct db_conn *c, int64_t user_id, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "UPDATE api_tokens SET revoked = 1 WHERE user_id = ?1", &s, e, "token revoke");
	db_bind_int(s, 1, user_id);
	return step_done(c, s, e, "token revoke");
}

int store_token_user(struct db_conn *c, const unsigned char *hash, int64_t *user_id,
		     struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"SELECT t.user_id FROM api_tokens t JOIN users u ON u.id = t.user_id"
		" WHERE t.token_hash = ?1 AND t.revoked = 0 AND u.disabled = 0",
		&s, e, "token lookup");
	db_bind_blob(s, 1, hash, AUTH_HASH_BYTES);
	int rc = db_step(s);
	if (rc == DB_ROW)
		*user_id = db_column_int(s, 0);
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_DONE)
		return err_set(e, ERR_UNAUTHORIZED, "invalid_token", NULL,
			       "the API token is not valid");
	return store_fail(c, rc, e, "token lookup");
}

int store_login_failures(struct db_conn *c, const char *key, int *failures,
			 int64_t *window_start, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT failures, window_start FROM login_failures WHERE key = ?1", &s, e,
		"login failures");
	db_bind_text(s, 1, key);
	int rc = db_step(s);
	*failures = 0;
	*window_start = 0;
	if (rc == DB_ROW) {
		*failures = (int)db_column_int(s, 0);
		*window_start = db_column_int(s, 1);
	}
	db_reset(s);
	return (rc == DB_ROW || rc == DB_DONE) ? 0 : store_fail(c, rc, e, "login failures");
}

int store_login_failed(struct db_conn *c, const char *key, int64_t now, int window_s,
		       struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"INSERT INTO login_failures (key, failures, window_start) VALUES (?1, 1, ?2)"
		" ON CONFLICT (key) DO UPDATE SET"
		" failures = CASE WHEN ?2 - login_failures.window_start >= ?3 THEN 1"
		" ELSE login_failures.failures + 1 END,"
		" window_start = CASE WHEN ?2 - login_failures.window_start >= ?3 THEN ?2"
		" ELSE login_failures.window_start END",
		&s, e, "login failed");
	db_bind_text(s, 1, key);
	db_bind_int(s, 2, now);
	db_bind_int(s, 3, window_s);
	return step_done(c, s, e, "login failed");
}

int store_login_clear(struct db_conn *c, const char *key, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "DELETE FROM login_failures WHERE key = ?1", &s, e, "login clear");
	db_bind_text(s, 1, key);
	return step_done(c, s, e, "login clear");
}
