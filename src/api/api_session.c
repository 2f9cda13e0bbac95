/*
** /api/v1/session: log in (a session cookie and its CSRF token), who am I,
** log out. Failed logins are counted per user name and per client address
** and refused with 429 past the limit; password hashing runs in a bounded
** number of slots so a login flood cannot exhaust memory.
*/
#include "api/api.h"
#include "api/fields.h"
#include "api/json_out.h"

#include <semaphore.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"

#define SESSION_COOKIE "thidua_session"

#define THROTTLE_KEY_CHARS 160

static void throttle_keys(const char *username, const char *ip, char *ukey, char *ikey)
{
	snprintf(ukey, THROTTLE_KEY_CHARS, "user:%.128s", username);
	snprintf(ikey, THROTTLE_KEY_CHARS, "ip:%.64s", ip);
}

/* 429 when either key is over its limit. */
static int check_throttle(struct ctx *cx, const char *key, const struct throttle_rule *rule,
			  struct response *rs, struct error *e)
{
	int failures = 0, retry = 0;
	int64_t start = 0;
	if (store_login_failures(cx->db, key, &failures, &start, e) != 0)
		return -1;
	if (!throttle_blocked(rule, failures, start, clock_now(), &retry))
		return 0;
	resp_header(rs, "Retry-After", "%d", retry);
	return err_set(e, ERR_THROTTLED, "too_many_attempts", NULL,
		       "too many failed logins; try again in %d seconds", retry);
}

static int verify(struct app *app, const char *hash, const char *password)
{
	while (sem_wait(&app->hash_slots) != 0)
		;
	int ok = auth_verify_password(hash, password);
	sem_post(&app->hash_slots);
	return ok;
}

static void set_session_cookie(struct request *rq, struct response *rs, const char *token,
			       int max_age)
{
	resp_header(rs, "Set-Cookie",
		    SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", token,
		    max_age, rq->secure ? "; Secure" : "");
}

static json_t *session_json(const struct user *u, const char *session_token)
{
	char csrf[2 * AUTH_HASH_BYTES + 1] = "";
	if (session_token)
		auth_csrf_for(session_token, csrf, sizeof csrf);
	return json_pack("{s:o, s:o}", "user", user_json(u), "csrf_token",
			 session_token ? json_string(csrf) : json_null());
}

static int start_session(struct ctx *cx, struct request *rq, struct response *rs,
			 const struct user *u, struct error *e)
{
	char token[AUTH_TOKEN_CHARS];
	unsigned char hash[AUTH_HASH_BYTES];
	int64_t now = clock_now();
	auth_new_token("", token, sizeof token);
	auth_token_hash(token, hash);
	int idle = cx->app->cfg.session_idle_s;
	if (store_begin(cx->db, e) != 0)
		return -1;
	cx->who.user_id = u->id;
	snprintf(cx->who.username, sizeof cx->who.username, "%s", u->username);
	if (store_session_insert(cx->db, hash, u->id, now, now + idle, e) != 0 ||
	    api_audit(cx, rq, "login", "user", u->id, NULL, NULL, e) != 0 ||
	    store_commit(cx->db, e) != 0) {
		store_rollback(cx->db);
		return -1;
	}
	set_session_cookie(rq, rs, token, idle);
	resp_json(rs, 201, session_json(u, token));
	return 0;
}

void api_session_create(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	char username[128] = "", password[PASSWORD_MAX_BYTES + 1] = "";
	static const char *const allowed[] = {"username", "password", NULL};
	json_t *body = req_json_object(rq, &e);
	if (!body || fields_known(body, allowed, &e) != 0 ||
	    field_secret(body, "username", username, sizeof username, REQUIRED, &e) != 0 ||
	    field_secret(body, "password", password, sizeof password, REQUIRED, &e) != 0) {
		json_decref(body);
		resp_error(rs, &e);
		return;
	}
	json_decref(body);
	char ukey[THROTTLE_KEY_CHARS], ikey[THROTTLE_KEY_CHARS];
	throttle_keys(username, rq->client_ip, ukey, ikey);
	if (check_throttle(cx, ukey, &cx->app->cfg.per_user, rs, &e) != 0 ||
	    check_throttle(cx, ikey, &cx->app->cfg.per_ip, rs, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	struct user u;
	char hash[AUTH_PWHASH_CHARS] = "";
	struct error lookup;
	err_clear(&lookup);
	int found = store_user_by_name(cx->db, username, &u, hash, &lookup) == 0;
	if (!found && lookup.kind != ERR_NOT_FOUND) {
		resp_error(rs, &lookup);
		return;
	}
	int ok = verify(cx->app, found ? hash : cx->app->dummy_hash, password);
	if (!ok || !found || u.disabled) {
		int window = cx->app->cfg.per_user.window_s;
		if (store_login_failed(cx->db, ukey, clock_now(), window, &e) != 0 ||
		    store_login_failed(cx->db, ikey, clock_now(), window, &e) != 0) {
			resp_error(rs, &e);
			return;
		}
		resp_errorf(rs, ERR_UNAUTHORIZED, "invalid_credentials", NULL,
			    "wrong user name or password");
		return;
	}
	if (store_login_clear(cx->db, ukey, &e) != 0 ||
	    start_session(cx, rq, rs, &u, &e) != 0)
		resp_error(rs, &e);
}

void api_session_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct user u;
	if (store_user_get(cx->db, cx->who.user_id, &u, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	resp_json(rs, 200, session_json(&u, cx->via_cookie ? cx->session_token : NULL));
}

void api_session_delete(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	if (!cx->via_cookie) {
		resp_errorf(rs, ERR_BAD_REQUEST, "no_session", NULL,
			    "this request carries no session cookie to end");
		return;
	}
	unsigned char hash[AUTH_HASH_BYTES];
	auth_token_hash(cx->session_token, hash);
	if (store_begin(cx->db, &e) != 0 || store_session_delete(cx->db, hash, &e) != 0 ||
	    api_audit(cx, rq, "logout", "user", cx->who.user_id, NULL, NULL, &e) != 0 ||
	    store_commit(cx->db, &e) != 0) {
		api_fail(cx, rs, &e);
		return;
	}
	set_session_cookie(rq, rs, "", 0);
	resp_empty(rs, 204);
}
