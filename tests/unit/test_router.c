/*
** Routing (http/router.h) and the API's routing table (api/routes.c):
** path patterns with numeric parameters and "{~name}" code segments (the
** code, a whole segment; a 405 runs no handler and fills nothing), 404
** against 405, and checks that the table itself is sound (handlers,
** actions, no shadowed routes).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "api/api.h"
#include "http/router.h"

static int matches(const char *pattern, const char *path, int64_t *params, int *n)
{
	struct request rq;
	memset(&rq, 0, sizeof rq);
	int ok = router_path_matches(pattern, path, &rq);
	if (ok && params)
		memcpy(params, rq.params, sizeof rq.params);
	if (ok && n)
		*n = rq.n_params;
	return ok;
}

static void test_literal_paths(void **state)
{
	(void)state;
	int n = -1;
	assert_true(matches("/health", "/health", NULL, &n));
	assert_int_equal(n, 0);
	assert_true(matches("/api/v1/orgs", "/api/v1/orgs", NULL, NULL));
	assert_false(matches("/health", "/healthz", NULL, NULL));
	assert_false(matches("/health", "/healt", NULL, NULL));
	assert_false(matches("/health", "/health/", NULL, NULL));
	assert_false(matches("/health", "/Health", NULL, NULL));
	assert_false(matches("/health", "health", NULL, NULL));
	assert_false(matches("/health", "", NULL, NULL));
	assert_false(matches("/health", "/", NULL, NULL));
	assert_false(matches("/health", "//health", NULL, NULL));
	assert_false(matches("/api/v1/orgs", "/api/v1", NULL, NULL));
	assert_false(matches("/api/v1/orgs", "/api//v1/orgs", NULL, NULL));
	assert_false(matches("/api/v1/orgs", "/api/v1/orgs/", NULL, NULL));
	assert_false(matches("/api/v1/orgs", "/api/v1/orgs/1", NULL, NULL));
}

static void test_id_params(void **state)
{
	(void)state;
	const char *pat = "/api/v1/orgs/{id}";
	int64_t p[MAX_PATH_PARAMS] = {0};
	int n = -1;
	assert_true(matches(pat, "/api/v1/orgs/42", p, &n));
	assert_int_equal(n, 1);
	assert_int_equal(p[0], 42);
	assert_true(matches(pat, "/api/v1/orgs/1", p, &n));
	assert_int_equal(p[0], 1);
	assert_true(matches(pat, "/api/v1/orgs/7", NULL, NULL)); /* params optional */

	/* 18 digits is the most an id may have; 19 could overflow int64. */
	assert_true(matches(pat, "/api/v1/orgs/999999999999999999", p, &n));
	assert_int_equal(p[0], 999999999999999999LL);
	assert_false(matches(pat, "/api/v1/orgs/1000000000000000000", p, &n));
	assert_false(matches(pat, "/api/v1/orgs/9223372036854775807", p, &n));
	assert_false(matches(pat, "/api/v1/orgs/99999999999999999999999999", p, &n));

	static const char *const bad[] = {
		"/api/v1/orgs/0",     /* ids start at 1 */
		"/api/v1/orgs/007",   /* leading zero: one id, one spelling */
		"/api/v1/orgs/00",
		"/api/v1/orgs/-4",
		"/api/v1/orgs/+4",
		"/api/v1/orgs/4a",
		"/api/v1/orgs/a4",
		"/api/v1/orgs/abc",
		"/api/v1/orgs/4.0",
		"/api/v1/orgs/1e3",
		"/api/v1/orgs/ 4",
		"/api/v1/orgs/4 ",
		"/api/v1/orgs/0x10",
		"/api/v1/orgs/%34",
		"/api/v1/orgs/",      /* empty segment */
		"/api/v1/orgs",
		"/api/v1/orgs/4/",    /* trailing slash */
		"/api/v1/orgs/4/x",   /* extra segments */
		"/api/v1/orgs/4//",
		"/api/v1/orgs//4",
		"/api/v1/org/4",
		"/api/v2/orgs/4",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (matches(pat, bad[i], p, &n))
			fail_msg("\"%s\" matched %s", bad[i], pat);
}

/* "{id}.pdf": a document of a resource, beside the resource itself. */
static void test_suffixed_id(void **state)
{
	(void)state;
	const char *pat = "/api/v1/proposals/{id}.pdf";
	int64_t p[MAX_PATH_PARAMS] = {0};
	int n = -1;
	assert_true(matches(pat, "/api/v1/proposals/42.pdf", p, &n));
	assert_int_equal(n, 1);
	assert_int_equal(p[0], 42);
	static const char *const bad[] = {
		"/api/v1/proposals/42",      /* the resource, not its document */
		"/api/v1/proposals/.pdf",    /* no id */
		"/api/v1/proposals/pdf",
		"/api/v1/proposals/42.PDF",
		"/api/v1/proposals/42.pdfx",
		"/api/v1/proposals/42.xlsx",
		"/api/v1/proposals/042.pdf",
		"/api/v1/proposals/4a.pdf",
		"/api/v1/proposals/42.pdf/",
		"/api/v1/proposals/42..pdf",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (matches(pat, bad[i], p, &n))
			fail_msg("\"%s\" matched %s", bad[i], pat);
	/* a brace left open in a pattern is a plain id, read without stepping off the pattern (fuzz_router) */
	assert_true(matches("/api/v1/proposals/{id", "/api/v1/proposals/42", p, &n));
	assert_int_equal(p[0], 42);
	/* and the plain pattern never takes the document's path */
	assert_false(matches("/api/v1/proposals/{id}", "/api/v1/proposals/42.pdf", p, &n));
}

static void test_two_params(void **state)
{
	(void)state;
	const char *pat = "/api/v1/clusters/{id}/years/{year}";
	int64_t p[MAX_PATH_PARAMS] = {0};
	int n = -1;
	assert_true(matches(pat, "/api/v1/clusters/7/years/2026", p, &n));
	assert_int_equal(n, 2);
	assert_int_equal(p[0], 7);
	assert_int_equal(p[1], 2026);
	assert_false(matches(pat, "/api/v1/clusters/7/years", p, &n));
	assert_false(matches(pat, "/api/v1/clusters/7/years/", p, &n));
	assert_false(matches(pat, "/api/v1/clusters/7/years/2026/x", p, &n));
	assert_false(matches(pat, "/api/v1/clusters/7/yearz/2026", p, &n));
	assert_false(matches(pat, "/api/v1/clusters/x/years/2026", p, &n));
	assert_false(matches(pat, "/api/v1/clusters/7/years/02026", p, &n));
}

/* More parameters than MAX_PATH_PARAMS never write past the array. */
static void test_too_many_params(void **state)
{
	(void)state;
	const char *pat = "/{a}/{b}/{c}/{d}/{e}";
	int64_t p[MAX_PATH_PARAMS];
	int n = -1;
	assert_false(matches(pat, "/1/2/3/4/5", p, &n));
	assert_true(matches("/{a}/{b}/{c}/{d}", "/1/2/3/4", p, &n));
	assert_int_equal(n, 4);
	assert_int_equal(p[3], 4);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Split a ", "-separated method list into a sorted array; returns the count. */
static int methods_of(const char *list, char out[8][16])
{
	int n = 0;
	const char *p = list;
	while (*p && n < 8) {
		size_t len = strcspn(p, ",");
		snprintf(out[n++], 16, "%.*s", (int)len, p);
		p += len;
		while (*p == ',' || *p == ' ')
			p++;
	}
	qsort(out, (size_t)n, sizeof out[0], cmp_str);
	return n;
}

/* The Allow list names exactly the methods of want, in any order. */
static void assert_allow(const char *allow, const char *want)
{
	char a[8][16], w[8][16];
	int na = methods_of(allow, a), nw = methods_of(want, w);
	if (na != nw)
		fail_msg("Allow \"%s\", want \"%s\"", allow, want);
	for (int i = 0; i < na; i++)
		if (strcmp(a[i], w[i]) != 0)
			fail_msg("Allow \"%s\", want \"%s\"", allow, want);
}

static struct request a_request(const char *method, const char *path)
{
	struct request rq;
	memset(&rq, 0, sizeof rq);
	rq.method = method;
	rq.path = path;
	return rq;
}

static void test_match_found(void **state)
{
	(void)state;
	struct request rq = a_request("GET", "/api/v1/orgs/5");
	const struct route *r = NULL;
	char allow[64];
	assert_int_equal(router_match(api_routes, api_route_count, rq.method, rq.path, &r, &rq,
				      allow, sizeof allow),
			 ROUTE_FOUND);
	assert_non_null(r);
	assert_ptr_equal(r->handler, api_orgs_get);
	assert_int_equal(r->action, ACT_ORG_READ);
	assert_int_equal(rq.n_params, 1);
	assert_int_equal(rq.params[0], 5);

	/* HEAD is answered by the GET route, with its authorization action. */
	rq = a_request("HEAD", "/api/v1/orgs/5");
	assert_int_equal(router_match(api_routes, api_route_count, rq.method, rq.path, &r, &rq,
				      allow, sizeof allow),
			 ROUTE_FOUND);
	assert_ptr_equal(r->handler, api_orgs_get);
	assert_int_equal(r->action, ACT_ORG_READ);

	rq = a_request("PUT", "/api/v1/clusters/3/years/2026");
	assert_int_equal(router_match(api_routes, api_route_count, rq.method, rq.path, &r, &rq,
				      allow, sizeof allow),
			 ROUTE_FOUND);
	assert_ptr_equal(r->handler, api_cluster_year_put);
	assert_int_equal(r->action, ACT_CLUSTER_WRITE);
	assert_int_equal(rq.n_params, 2);
	assert_int_equal(rq.params[0], 3);
	assert_int_equal(rq.params[1], 2026);

	rq = a_request("POST", "/api/v1/session");
	assert_int_equal(router_match(api_routes, api_route_count, rq.method, rq.path, &r, &rq,
				      allow, sizeof allow),
			 ROUTE_FOUND);
	assert_ptr_equal(r->handler, api_session_create);
	assert_int_equal(r->action, ACT_PUBLIC);
	assert_int_equal(rq.n_params, 0);
}

static void test_match_405_allow(void **state)
{
	(void)state;
	struct request rq = a_request("PUT", "/api/v1/orgs/5");
	const struct route *r = NULL;
	char allow[64];
	assert_int_equal(router_match(api_routes, api_route_count, rq.method, rq.path, &r, &rq,
				      allow, sizeof allow),
			 ROUTE_NO_METHOD);
	assert_allow(allow, "GET, PATCH, DELETE");

	rq = a_request("DELETE", "/api/v1/orgs");
	assert_int_equal(router_match(api_routes, api_route_count, rq.method, rq.path, &r, &rq,
				      allow, sizeof allow),
			 ROUTE_NO_METHOD);
	assert_allow(allow, "GET, POST");

	rq = a_request("POST", "/api/v1/clusters/1/years/2026");
	assert_int_equal(router_match(api_routes, api_route_count, rq.method, rq.path, &r, &rq,
				      allow, sizeof allow),
			 ROUTE_NO_METHOD);
	assert_allow(allow, "GET, PUT");

	rq = a_request("PATCH", "/api/v1/session");
	assert_int_equal(router_match(api_routes, api_route_count, rq.method, rq.path, &r, &rq,
				      allow, sizeof allow),
			 ROUTE_NO_METHOD);
	assert_allow(allow, "GET, POST, DELETE");

	/* Methods are case-sensitive tokens (RFC 9110). */
	rq = a_request("get", "/health");
	assert_int_equal(router_match(api_routes, api_route_count, rq.method, rq.path, &r, &rq,
				      allow, sizeof allow),
			 ROUTE_NO_METHOD);
	assert_string_equal(allow, "GET");
}

static void test_match_404(void **state)
{
	(void)state;
	static const char *const paths[] = {
		"/api/v1/nope", "/api/v1/orgs/0", "/api/v1/orgs/5/", "/api/v1/orgs/abc",
		"/api/v1/people/1/x", "/api/v1/clusters/1/years", "/api/v1", "/api/", "",
		"/api/v1/orgs/99999999999999999999"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct request rq = a_request("GET", paths[i]);
		const struct route *r = NULL;
		char allow[64];
		memset(allow, 'x', sizeof allow);
		if (router_match(api_routes, api_route_count, rq.method, rq.path, &r, &rq, allow,
				 sizeof allow) != ROUTE_NO_PATH)
			fail_msg("\"%s\" did not give ROUTE_NO_PATH", paths[i]);
		assert_string_equal(allow, "");
		assert_null(r);
	}
}

/* An export's suffix names a route of its own: "stats.csv" is never a model's id. */
static void test_match_export_suffixes(void **state)
{
	(void)state;
	static const struct {
		const char *path;
		route_handler handler;
	} found[] = {
		{"/api/v1/models.csv", api_models_export},
		{"/api/v1/models.xlsx", api_models_export},
		{"/api/v1/models/stats", api_models_stats},
		{"/api/v1/models/stats.csv", api_models_stats_export},
		{"/api/v1/models/stats.xlsx", api_models_stats_export},
		{"/api/v1/models/7", api_models_get},
		{"/api/v1/stats/indicators.xlsx", api_indicator_stats_export},
		{"/api/v1/reports.csv", api_reports_export},
	};
	for (size_t i = 0; i < sizeof found / sizeof found[0]; i++) {
		struct request rq = a_request("GET", found[i].path);
		const struct route *r = NULL;
		char allow[64];
		if (router_match(api_routes, api_route_count, rq.method, rq.path, &r, &rq, allow,
				 sizeof allow) != ROUTE_FOUND ||
		    r->handler != found[i].handler)
			fail_msg("\"%s\" did not reach its handler", found[i].path);
	}
	static const char *const missing[] = {"/api/v1/models/stats.pdf", "/api/v1/models/7.csv",
					      "/api/v1/models/stats.csv/"};
	for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
		struct request rq = a_request("GET", missing[i]);
		const struct route *r = NULL;
		char allow[64];
		if (router_match(api_routes, api_route_count, rq.method, rq.path, &r, &rq, allow,
				 sizeof allow) != ROUTE_NO_PATH)
			fail_msg("\"%s\" did not give ROUTE_NO_PATH", missing[i]);
	}
}

/* A small Allow buffer is truncated at a method boundary, never overrun. */
static void test_allow_small_buffer(void **state)
{
	(void)state;
	struct request rq = a_request("PUT", "/api/v1/orgs/5");
	const struct route *r = NULL;
	char allow[8];
	assert_int_equal(router_match(api_routes, api_route_count, rq.method, rq.path, &r, &rq,
				      allow, sizeof allow),
			 ROUTE_NO_METHOD);
	assert_string_equal(allow, "GET");
	char tiny[1];
	assert_int_equal(router_match(api_routes, api_route_count, rq.method, rq.path, &r, &rq,
				      tiny, sizeof tiny),
			 ROUTE_NO_METHOD);
	assert_string_equal(tiny, "");
}

/* ---- "{~name}": a code kept out of the access log ---- */

#define RECEIPT_PATTERN "/api/v1/ballots/{id}/receipts/{~receipt}"

/* path fits pattern, with this code as rq.secret: a whole segment of path */
static void assert_code(const char *pattern, const char *path, const char *code)
{
	struct request rq;
	memset(&rq, 0, sizeof rq);
	if (!router_path_matches(pattern, path, &rq))
		fail_msg("\"%s\" did not match %s", path, pattern);
	assert_string_equal(rq.secret, code);
	/* it is a whole segment: a slash before it, the end or a slash after */
	char seg[SECRET_PARAM_CHARS + 3];
	snprintf(seg, sizeof seg, "/%s", code);
	size_t n = strlen(seg);
	int whole = 0;
	for (const char *at = strstr(path, seg); at && !whole; at = strstr(at + 1, seg))
		whole = at[n] == '\0' || at[n] == '/';
	if (!whole)
		fail_msg("\"%s\" is not a segment of %s", code, path);
}

static void test_code_segment(void **state)
{
	(void)state;
	const char *path = "/api/v1/ballots/7/receipts/7K3D-WXYZ-0000-1111-2222-3333";
	struct request rq;
	memset(&rq, 0, sizeof rq);
	assert_true(router_path_matches(RECEIPT_PATTERN, path, &rq));
	assert_int_equal(rq.n_params, 1); /* the code is not a numeric parameter */
	assert_int_equal(rq.params[0], 7);
	assert_string_equal(rq.secret, "7K3D-WXYZ-0000-1111-2222-3333");
	assert_true(router_path_matches(RECEIPT_PATTERN, path, NULL)); /* rq optional */

	/* letters of either case, digits, dashes: as typed, not normalized */
	assert_code(RECEIPT_PATTERN, "/api/v1/ballots/12/receipts/7k3dwxyz0000", "7k3dwxyz0000");
	assert_code(RECEIPT_PATTERN, "/api/v1/ballots/12/receipts/x", "x");
	assert_code(RECEIPT_PATTERN, "/api/v1/ballots/12/receipts/-", "-");
	assert_code(RECEIPT_PATTERN, "/api/v1/ballots/12/receipts/0", "0");
	assert_code(RECEIPT_PATTERN, "/api/v1/ballots/12/receipts/AZaz09-Uu", "AZaz09-Uu");
	/* a code segment anywhere, with numeric ones around it */
	assert_code("/r/{~code}/{id}", "/r/Ab-9/42", "Ab-9");
	assert_code("/{~code}", "/abc", "abc");

	/* at most SECRET_PARAM_CHARS (64) characters */
	char seg[SECRET_PARAM_CHARS + 2], p[128];
	memset(seg, 'a', sizeof seg);
	seg[SECRET_PARAM_CHARS] = 0;
	snprintf(p, sizeof p, "/api/v1/ballots/1/receipts/%s", seg);
	assert_code(RECEIPT_PATTERN, p, seg);
	seg[SECRET_PARAM_CHARS] = 'a';
	seg[SECRET_PARAM_CHARS + 1] = 0;
	snprintf(p, sizeof p, "/api/v1/ballots/1/receipts/%s", seg);
	memset(&rq, 0, sizeof rq);
	assert_false(router_path_matches(RECEIPT_PATTERN, p, &rq));
	assert_string_equal(rq.secret, "");

	static const char *const bad[] = {
		"/api/v1/ballots/1/receipts/",        /* empty */
		"/api/v1/ballots/1/receipts",
		"/api/v1/ballots/1/receipts/ABCD/",   /* trailing slash */
		"/api/v1/ballots/1/receipts/ABCD/x",  /* extra segment */
		"/api/v1/ballots/1/receipts//ABCD",
		"/api/v1/ballots/0/receipts/ABCD",    /* the id is still an id */
		"/api/v1/ballots/x/receipts/ABCD",
		"/api/v1/ballots/1/receipt/ABCD",
		"/api/v1/ballots/1/receipts/AB_CD",   /* not a letter, digit or dash */
		"/api/v1/ballots/1/receipts/AB.CD",
		"/api/v1/ballots/1/receipts/AB CD",
		"/api/v1/ballots/1/receipts/AB%2DCD",
		"/api/v1/ballots/1/receipts/AB+CD",
		"/api/v1/ballots/1/receipts/AB~CD",
		"/api/v1/ballots/1/receipts/AB*CD",
		"/api/v1/ballots/1/receipts/AB:CD",
		"/api/v1/ballots/1/receipts/AB?CD",
		"/api/v1/ballots/1/receipts/AB\tCD",
		"/api/v1/ballots/1/receipts/\xc3\x89T\xc3\x89",
		"/api/v1/ballots/1/receipts/{~receipt}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&rq, 0, sizeof rq);
		if (router_path_matches(RECEIPT_PATTERN, bad[i], &rq))
			fail_msg("\"%s\" matched %s", bad[i], RECEIPT_PATTERN);
	}
}

/* The API's receipt route: found with its code, whatever else is asked. */
static void test_match_code_route(void **state)
{
	(void)state;
	const char *path = "/api/v1/ballots/3/receipts/ABCD-EFGH-JKMN-PQRS-TVWX-YZ01";
	const struct route *r = NULL;
	char allow[64];
	static const char *const found[] = {"GET", "HEAD"};
	for (size_t i = 0; i < 2; i++) {
		struct request rq = a_request(found[i], path);
		r = NULL;
		assert_int_equal(router_match(api_routes, api_route_count, rq.method, rq.path, &r,
					      &rq, allow, sizeof allow),
				 ROUTE_FOUND);
		assert_ptr_equal(r->handler, api_ballot_receipt);
		assert_int_equal(r->action, ACT_PUBLIC);
		assert_int_equal(rq.n_params, 1);
		assert_int_equal(rq.params[0], 3);
		assert_string_equal(rq.secret, "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01");
	}
	/*
	 * A wrong method is answered 405 and runs no handler: the request is
	 * left as it was (the access log blanks the code from the path itself,
	 * see test_log_redaction.c).
	 */
	static const char *const wrong[] = {"POST", "PUT", "PATCH", "DELETE", "get"};
	for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
		struct request rq = a_request(wrong[i], path);
		r = NULL;
		assert_int_equal(router_match(api_routes, api_route_count, rq.method, rq.path, &r,
					      &rq, allow, sizeof allow),
				 ROUTE_NO_METHOD);
		assert_string_equal(allow, "GET");
		assert_null(r);
		assert_int_equal(rq.n_params, 0);
		assert_string_equal(rq.secret, "");
	}
	/* not a code: no route */
	struct request rq = a_request("GET", "/api/v1/ballots/3/receipts/ABCD_EFGH");
	assert_int_equal(router_match(api_routes, api_route_count, rq.method, rq.path, &r, &rq,
				      allow, sizeof allow),
			 ROUTE_NO_PATH);
	assert_string_equal(rq.secret, "");
	/* other ballot routes hold no code */
	rq = a_request("GET", "/api/v1/ballots/3/result");
	assert_int_equal(router_match(api_routes, api_route_count, rq.method, rq.path, &r, &rq,
				      allow, sizeof allow),
			 ROUTE_FOUND);
	assert_string_equal(rq.secret, "");
}

static int is_public_route(const struct route *r)
{
	/* a receipt is its own proof: whoever holds it may check it */
	return strcmp(r->pattern, "/health") == 0 || strcmp(r->pattern, "/api/v1/health") == 0 ||
	       strcmp(r->pattern, "/api/v1/session") == 0 ||
	       (strcmp(r->method, "GET") == 0 &&
		strcmp(r->pattern, "/api/v1/ballots/{id}/receipts/{~receipt}") == 0);
}

static int is_read_action(enum action a)
{
	return a == ACT_ORG_READ || a == ACT_PERSON_READ || a == ACT_CLUSTER_READ ||
	       a == ACT_AUDIT_READ || a == ACT_BALLOT_READ;
}

/* Every route has a handler, a known method, and an action that fits it. */
static void test_route_table_sound(void **state)
{
	(void)state;
	static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
	assert_true(api_route_count > 0);
	for (size_t i = 0; i < api_route_count; i++) {
		const struct route *r = &api_routes[i];
		assert_non_null(r->handler);
		assert_non_null(r->pattern);
		assert_int_equal(r->pattern[0], '/');
		int known = 0;
		for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++)
			known |= strcmp(r->method, methods[m]) == 0;
		if (!known)
			fail_msg("route %s %s: unknown method", r->method, r->pattern);
		if (!is_public_route(r) && r->action == ACT_PUBLIC)
			fail_msg("route %s %s needs no login", r->method, r->pattern);
		if (is_public_route(r) && r->action != ACT_PUBLIC && r->action != ACT_SELF)
			fail_msg("route %s %s: unexpected action", r->method, r->pattern);
		/* A write must never be authorized as a read. */
		if (strcmp(r->method, "GET") != 0 && is_read_action(r->action))
			fail_msg("route %s %s is a write with a read action", r->method,
				 r->pattern);
		/* Handing out users or the audit trail is for admins. */
		if (strncmp(r->pattern, "/api/v1/users", 13) == 0 && r->action != ACT_USER_ADMIN &&
		    r->action != ACT_SELF)
			fail_msg("route %s %s: users need ACT_USER_ADMIN", r->method, r->pattern);
		if (strncmp(r->pattern, "/api/v1/audit", 13) == 0 && r->action != ACT_AUDIT_READ)
			fail_msg("route %s %s: audit needs ACT_AUDIT_READ", r->method, r->pattern);
		for (size_t j = i + 1; j < api_route_count; j++)
			if (strcmp(r->method, api_routes[j].method) == 0 &&
			    strcmp(r->pattern, api_routes[j].pattern) == 0)
				fail_msg("route %s %s appears twice", r->method, r->pattern);
	}
}

/* Turn a pattern into a concrete path ("{id}" → "7"). */
static void example_path(const char *pattern, char *out, size_t n)
{
	size_t o = 0;
	for (const char *p = pattern; *p && o + 2 < n; p++) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			assert_non_null(close);
			out[o++] = '7';
			p = close;
		} else {
			out[o++] = *p;
		}
	}
	out[o] = 0;
}

/* Every route is reachable: no earlier route shadows it. */
static void test_routes_reachable(void **state)
{
	(void)state;
	for (size_t i = 0; i < api_route_count; i++) {
		char path[256];
		example_path(api_routes[i].pattern, path, sizeof path);
		struct request rq = a_request(api_routes[i].method, path);
		const struct route *r = NULL;
		char allow[64];
		assert_int_equal(router_match(api_routes, api_route_count, rq.method, rq.path, &r,
					      &rq, allow, sizeof allow),
				 ROUTE_FOUND);
		if (r != &api_routes[i])
			fail_msg("%s %s is shadowed by %s %s", api_routes[i].method,
				 api_routes[i].pattern, r->method, r->pattern);
		for (int k = 0; k < rq.n_params; k++)
			assert_int_equal(rq.params[k], 7);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literal_paths),
		cmocka_unit_test(test_id_params),
		cmocka_unit_test(test_suffixed_id),
		cmocka_unit_test(test_two_params),
		cmocka_unit_test(test_too_many_params),
		cmocka_unit_test(test_match_found),
		cmocka_unit_test(test_match_405_allow),
		cmocka_unit_test(test_match_404),
		cmocka_unit_test(test_match_export_suffixes),
		cmocka_unit_test(test_allow_small_buffer),
		cmocka_unit_test(test_code_segment),
		cmocka_unit_test(test_match_code_route),
		cmocka_unit_test(test_route_table_sound),
		cmocka_unit_test(test_routes_reachable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
