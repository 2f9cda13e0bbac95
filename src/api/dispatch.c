/*
** From request to handler: route, authenticate (bearer token or session
** cookie), check CSRF on cookie writes, ask the policy whether the
** caller's roles grant the route's action, and lend the handler a
** database connection for the request's duration.
**
** With read replicas, the caller is always authenticated on the primary (a
** session ended or a token revoked there is refused at once), and a read
** then moves to a replica that has replayed everything the caller has seen
** written: a write answers with the primary's log position, in a cookie
** for browsers and the X-Thidua-Seen header for scripts, which send it
** back to read their own writes.
*/
#include "api/api.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/text.h"

int app_init(struct app *a, struct db_pool *pool, int hash_concurrency)
{
	memset(a, 0, sizeof *a);
	a->pool = pool;
	a->cfg.session_idle_s = 8 * 3600;
	a->cfg.session_max_s = 7 * 24 * 3600;
	a->cfg.per_pair = (struct throttle_rule){5, 15 * 60};
	a->cfg.per_ip = (struct throttle_rule){30, 15 * 60};
	a->cfg.per_user = (struct throttle_rule){50, 15 * 60};
	if (sem_init(&a->hash_slots, 0, (unsigned)hash_concurrency) != 0)
		return -1;
	return auth_hash_password("thidua: no such user", a->dummy_hash);
}

#define HASH_SLOT_WAIT_S 5

int app_hash_slot_take(struct app *a, struct error *e)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += HASH_SLOT_WAIT_S;
	while (sem_timedwait(&a->hash_slots, &until) != 0) {
		if (errno != EINTR)
			return err_set(e, ERR_UNAVAILABLE, "busy", NULL,
				       "the server is busy checking passwords; try again");
	}
	return 0;
}

void app_hash_slot_give(struct app *a)
{
	sem_post(&a->hash_slots);
}

void app_destroy(struct app *a)
{
	sem_destroy(&a->hash_slots);
}

static int is_write(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
	       strcmp(method, "OPTIONS") != 0;
}

static int load_principal(struct ctx *cx, int64_t user_id, struct error *e)
{
	struct user u;
	if (store_user_get(cx->db, user_id, &u, e) != 0)
		return -1;
	if (u.disabled)
		return err_set(e, ERR_UNAUTHORIZED, "account_disabled", NULL,
			       "this account is disabled");
	cx->who.user_id = u.id;
	snprintf(cx->who.username, sizeof cx->who.username, "%s", u.username);
	cx->who.roles = u.roles;
	cx->who.org_id = u.org_id;
	cx->authenticated = 1;
	return 0;
}

static int auth_bearer(struct ctx *cx, const char *header, struct error *e)
{
	if (strncasecmp(header, "Bearer ", 7) != 0)
		return err_set(e, ERR_UNAUTHORIZED, "invalid_token", NULL,
			       "Authorization must be 'Bearer TOKEN'");
	unsigned char hash[AUTH_HASH_BYTES];
	auth_token_hash(header + 7, hash);
	int64_t user_id = 0;
	if (store_token_user(cx->db, hash, &user_id, e) != 0)
		return -1;
	return load_principal(cx, user_id, e);
}

static int auth_cookie(struct ctx *cx, struct error *e)
{
	unsigned char hash[AUTH_HASH_BYTES];
	int64_t user_id = 0, last_seen = 0, now = clock_now();
	auth_token_hash(cx->session_token, hash);
	if (store_session_user(cx->db, hash, now, &user_id, &last_seen, e) != 0)
		return -1;
	/* Slide the idle expiry, at most once a minute to spare writes. */
	if (now - last_seen >= 60) {
		struct error ignored;
		store_session_touch(cx->db, hash, now, now + cx->app->cfg.session_idle_s,
				    cx->app->cfg.session_max_s, &ignored);
	}
	cx->via_cookie = 1;
	return load_principal(cx, user_id, e);
}

static int authenticate(struct ctx *cx, struct request *rq, struct error *e)
{
	const char *authz = req_header(rq, "Authorization");
	if (authz)
		return auth_bearer(cx, authz, e);
	if (req_cookie(rq, SESSION_COOKIE, cx->session_token, sizeof cx->session_token) == 0)
		return auth_cookie(cx, e);
	return 0;
}

/* A cookie write must come from our own pages: same origin, CSRF token. */
static int check_csrf(struct ctx *cx, struct request *rq, struct error *e)
{
	const char *site = req_header(rq, "Sec-Fetch-Site");
	if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
		return err_set(e, ERR_FORBIDDEN, "cross_site", NULL,
			       "cross-site requests may not change data");
	const char *origin = req_header(rq, "Origin");
	const char *host = req_header(rq, "Host");
	if (origin && host) {
		const char *o = strstr(origin, "://");
		if (!o || strcmp(o + 3, host) != 0)
			return err_set(e, ERR_FORBIDDEN, "cross_origin", NULL,
				       "the request's Origin does not match this server");
	}
	if (!auth_csrf_matches(cx->session_token, req_header(rq, "X-CSRF-Token")))
		return err_set(e, ERR_FORBIDDEN, "csrf_token", NULL,
			       "missing or wrong X-CSRF-Token header");
	return 0;
}

#define SEEN_COOKIE "thidua_seen"
#define SEEN_HEADER "X-Thidua-Seen"
#define LOG_POSITION_CHARS 40

/* 1 to 8 hex digits at s, their count in *n. */
static int hex_run(const char *s, size_t *n)
{
	*n = strspn(s, "0123456789ABCDEFabcdef");
	return *n >= 1 && *n <= 8;
}

/* A log position as PostgreSQL writes one: "16/B374D848". */
static int is_position(const char *s)
{
	size_t high, low;
	return hex_run(s, &high) && s[high] == '/' && hex_run(s + high + 1, &low) &&
	       s[high + 1 + low] == '\0';
}

/* What the caller has seen written (header, else cookie); "" when nothing valid. */
static void seen_position(const struct request *rq, char *out, size_t n)
{
	const char *h = req_header(rq, SEEN_HEADER);
	if (h)
		snprintf(out, n, "%s", h);
	else if (req_cookie(rq, SEEN_COOKIE, out, n) != 0)
		out[0] = '\0';
	if (!is_position(out))
		out[0] = '\0';
}

/* A read moves to the next replica, if it has replayed what the caller has seen. */
static void read_from_replica(struct ctx *cx, const struct request *rq)
{
	struct app *a = cx->app;
	if (a->n_replicas == 0 || is_write(rq->method))
		return;
	char seen[LOG_POSITION_CHARS + 1];
	seen_position(rq, seen, sizeof seen);
	struct db_pool *p = a->replicas[atomic_fetch_add(&a->next_replica, 1) % a->n_replicas];
	struct db_conn *c = db_pool_acquire(p);
	if (seen[0] && db_replayed(c, seen) != 1) {
		db_pool_release(p, c);
		return;
	}
	db_rollback(cx->db);
	db_pool_release(cx->db_pool, cx->db);
	cx->db = c;
	cx->db_pool = p;
}

/* After a write, tell the caller where the primary's log stands. */
static void mark_written(struct ctx *cx, const struct request *rq, struct response *rs)
{
	char pos[LOG_POSITION_CHARS + 1];
	if (cx->app->n_replicas == 0 || !is_write(rq->method) || rs->status >= 400 ||
	    db_log_position(cx->db, pos, sizeof pos) != DB_OK || !is_position(pos))
		return;
	resp_header(rs, "Set-Cookie", SEEN_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s", pos,
		    rq->secure ? "; Secure" : "");
	resp_header(rs, SEEN_HEADER, "%s", pos);
}

static void run_route(struct ctx *cx, const struct route *r, struct request *rq,
		      struct response *rs)
{
	struct error e;
	err_clear(&e);
	/* A stale cookie must not stand in the way of logging in again. */
	if (authenticate(cx, rq, &e) != 0 && r->action != ACT_PUBLIC) {
		resp_error(rs, &e);
		return;
	}
	if (r->action == ACT_PUBLIC && e.kind != ERR_NONE) {
		memset(&cx->who, 0, sizeof cx->who);
		cx->authenticated = cx->via_cookie = 0;
	}
	if (r->action != ACT_PUBLIC && !cx->authenticated) {
		resp_errorf(rs, ERR_UNAUTHORIZED, "login_required", NULL, "log in first");
		return;
	}
	if (cx->via_cookie && is_write(rq->method) && check_csrf(cx, rq, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	if (!authz_role_may(&cx->who, r->action)) {
		resp_errorf(rs, ERR_FORBIDDEN, "forbidden", NULL,
			    "your roles do not allow this");
		return;
	}
	read_from_replica(cx, rq);
	r->handler(rq, rs);
	mark_written(cx, rq, rs);
}

void api_handle(void *app, struct request *rq, struct response *rs)
{
	struct ctx cx;
	memset(&cx, 0, sizeof cx);
	cx.app = app;
	rq->app_state = &cx;
	if (strncmp(rq->path, "/api/", 5) != 0 && strcmp(rq->path, "/health") != 0) {
		api_static(rq, rs);
		return;
	}
	const struct route *r = NULL;
	char allow[64];
	switch (router_match(api_routes, api_route_count, rq->method, rq->path, &r, rq, allow,
			     sizeof allow)) {
	case ROUTE_NO_PATH:
		resp_errorf(rs, ERR_NOT_FOUND, "not_found", NULL, "no such resource");
		return;
	case ROUTE_NO_METHOD:
		resp_errorf(rs, ERR_BAD_REQUEST, "method_not_allowed", NULL,
			    "method not allowed here; allowed: %s", allow);
		rs->status = 405;
		resp_header(rs, "Allow", "%s", allow);
		return;
	case ROUTE_FOUND:
		break;
	}
	cx.db_pool = cx.app->pool;
	cx.db = db_pool_acquire(cx.db_pool);
	run_route(&cx, r, rq, rs);
	db_rollback(cx.db); /* no-op unless a handler left a transaction open */
	db_pool_release(cx.db_pool, cx.db);
	rs->user_id = cx.who.user_id;
	resp_header(rs, "Cache-Control", "no-store");
}

int api_authorize(struct ctx *cx, enum action a, int64_t owner, struct error *e)
{
	int64_t chain[ORG_CHAIN_MAX];
	size_t n = 0;
	if (owner > 0 && store_org_chain(cx->db, owner, chain, &n, e) != 0)
		return -1;
	if (!authz_allows(&cx->who, a, chain, n))
		return err_set(e, ERR_FORBIDDEN, "forbidden", NULL,
			       "you may not do this for that organization");
	return 0;
}

int api_require_org(struct ctx *cx, int64_t id, const char *field, int kind,
		    struct error *e)
{
	struct org o;
	struct error lookup;
	err_clear(&lookup);
	if (store_org_get(cx->db, id, &o, &lookup) != 0) {
		if (lookup.kind != ERR_NOT_FOUND) {
			*e = lookup;
			return -1;
		}
		return err_set(e, ERR_INVALID, "unknown_org", field,
			       "%s names no organization", field);
	}
	if (kind >= 0 && (int)o.kind != kind)
		return err_set(e, ERR_INVALID, "wrong_org_kind", field, "%s must name %s %s",
			       field, kind == ORG_AUTHORITY ? "an" : "a",
			       org_kind_name((enum org_kind)kind));
	return 0;
}

int api_audit(struct ctx *cx, struct request *rq, const char *action, const char *entity,
	      int64_t id, json_t *before, json_t *after, struct error *e)
{
	char idbuf[24];
	snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
	return api_audit_as(cx, rq, action, entity, idbuf, before, after, e);
}

int api_audit_as(struct ctx *cx, struct request *rq, const char *action, const char *entity,
		 const char *idbuf, json_t *before, json_t *after, struct error *e)
{
	struct audit_actor actor = {
		.id = cx->who.user_id,
		.name = cx->who.username[0] ? cx->who.username : "anonymous",
		.request_id = rq->id,
	};
	return audit_write(cx->db, &actor, action, entity, idbuf, before, after, e);
}

int api_query_text(struct request *rq, const char *name, char *buf, size_t n,
		   const char **out, struct error *e)
{
	const char *v = req_query(rq, name);
	*out = NULL;
	if (!v)
		return 0;
	const char *why = NULL;
	char *clean = text_clean_line(v, 0, &why);
	if (!clean && why && strcmp(why, "empty") == 0)
		return 0;
	if (!clean || strlen(clean) >= n) {
		free(clean);
		return err_set(e, ERR_BAD_REQUEST, "invalid_query", name,
			       "query parameter '%s' must be text of at most %zu bytes", name,
			       n - 1);
	}
	memcpy(buf, clean, strlen(clean) + 1);
	free(clean);
	*out = buf;
	return 0;
}

int api_stats_scope(struct ctx *cx, struct request *rq, int min_year, int max_year,
		    struct stats_scope *sc, struct error *e)
{
	int64_t year = 0;
	memset(sc, 0, sizeof *sc);
	if (req_query_int(rq, "org", 1, INT64_MAX / 2, 0, &sc->org_id, e) != 0 ||
	    req_query_int(rq, "cluster", 1, INT64_MAX / 2, 0, &sc->cluster_id, e) != 0 ||
	    req_query_int(rq, "year", min_year, max_year, clock_year(), &year, e) != 0)
		return -1;
	sc->year = (int)year;
	if (sc->org_id && sc->cluster_id)
		return err_set(e, ERR_BAD_REQUEST, "invalid_query", "cluster",
			       "give org or cluster, not both");
	if (sc->org_id)
		return store_org_exists(cx->db, sc->org_id, e);
	if (sc->cluster_id) {
		struct cluster c;
		return store_cluster_get(cx->db, sc->cluster_id, &c, e);
	}
	return 0;
}

int api_page(struct request *rq, struct page *p, struct error *e)
{
	int64_t limit, offset;
	if (rq->whole_list > 0) {
		p->limit = rq->whole_list;
		p->offset = 0;
		return 0;
	}
	if (req_query_int(rq, "limit", 1, 500, 50, &limit, e) != 0 ||
	    req_query_int(rq, "offset", 0, 1000000000, 0, &offset, e) != 0)
		return -1;
	p->limit = (int)limit;
	p->offset = (int)offset;
	return 0;
}

json_t *api_list(json_t *items, int64_t total, const struct page *p)
{
	return json_pack("{s:o, s:I, s:i, s:i}", "items", items, "total", (json_int_t)total,
			 "limit", p->limit, "offset", p->offset);
}

void api_fail(struct ctx *cx, struct response *rs, const struct error *e)
{
	if (cx->db)
		store_rollback(cx->db);
	resp_error(rs, e);
}
