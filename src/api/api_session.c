/*
** /api/v1/session: log in (a session cookie and its CSRF token), who am I,
** log out. Failed logins are counted per user name and per client address
** and refused with 429 past the limit; password hashing runs in a bounded
** number of slots so a login flood cannot exhaust memory.
*/
#include "api/api.h"
#include "api/fields.h"
#include "api/json_out.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"

#define THROTTLE_KEY_CHARS 220

/*
** Failures are counted three ways: one account from one address (a tight
** limit against guessing), one address (spraying many accounts), and one
** account from anywhere (a loose limit against guessing from many
** addresses). A stranger can thus not lock a user out from elsewhere
** without first tripping the limit on its own address.
*/
enum { KEY_PAIR, KEY_IP, KEY_USER, N_KEYS };

struct throttle_keys {
	char key[N_KEYS][THROTTLE_KEY_CHARS];
	const struct throttle_rule *rule[N_KEYS];
};

static void throttle_keys(const struct app *app, const char *username, const char *ip,
			  struct throttle_keys *k)
{
	snprintf(k->key[KEY_PAIR], THROTTLE_KEY_CHARS, "pair:%.128s@%.64s", username, ip);
	snprintf(k->key[KEY_IP], THROTTLE_KEY_CHARS, "ip:%.64s", ip);
	snprintf(k->key[KEY_USER], THROTTLE_KEY_CHARS, "user:%.128s", username);
	k->rule[KEY_PAIR] = &app->cfg.per_pair;
	k->rule[KEY_IP] = &app->cfg.per_ip;
	k->rule[KEY_USER] = &app->cfg.per_user;
}

/* 429 when one key is over its limit. */
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

static int verify(struct app *app, const char *hash, const char *password, int *ok,
		  struct error *e)
{
	if (app_hash_slot_take(app, e) != 0)
		return -1;
	*ok = auth_verify_password(hash, password);
	app_hash_slot_give(app);
	return 0;
}

static int count_failure(struct ctx *cx, const struct throttle_keys *k, struct error *e)
{
	for (int i = 0; i < N_KEYS; i++)
		if (store_login_failed(cx->db, k->key[i], clock_now(), k->rule[i]->window_s, e) != 0)
			return -1;
	return 0;
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

static int longest_window(const struct app_config *cfg)
{
	int w = cfg->per_pair.window_s;
	if (cfg->per_ip.window_s > w)
		w = cfg->per_ip.window_s;
	return cfg->per_user.window_s > w ? cfg->per_user.window_s : w;
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
	/* Each login sweeps what has expired, so the tables stay small
	 * without a background job. */
	if (store_auth_sweep(cx->db, now, longest_window(&cx->app->cfg), e) != 0 ||
	    store_session_insert(cx->db, hash, u->id, now, now + idle, e) != 0 ||
	    api_audit(cx, rq, "login", "user", u->id, NULL, NULL, e) != 0 ||
	    store_commit(cx->db, e) != 0) {
		store_rollback(cx->db);
		return -1;
	}
	/* The cookie may live as long as the session could; the server ends
	 * it earlier when it goes unused. */
	set_session_cookie(rq, rs, token, cx->app->cfg.session_max_s);
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
	struct throttle_keys k;
	throttle_keys(cx->app, username, rq->client_ip, &k);
	for (int i = 0; i < N_KEYS; i++) {
		if (check_throttle(cx, k.key[i], k.rule[i], rs, &e) != 0) {
			resp_error(rs, &e);
			return;
		}
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
	int ok = 0;
	if (verify(cx->app, found ? hash : cx->app->dummy_hash, password, &ok, &e) != 0) {
		resp_header(rs, "Retry-After", "5");
		resp_error(rs, &e);
		return;
	}
	if (!ok || !found || u.disabled) {
		if (count_failure(cx, &k, &e) != 0) {
			resp_error(rs, &e);
			return;
		}
		resp_errorf(rs, ERR_UNAUTHORIZED, "invalid_credentials", NULL,
			    "wrong user name or password");
		return;
	}
	if (store_login_clear(cx->db, k.key[KEY_PAIR], &e) != 0 ||
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
