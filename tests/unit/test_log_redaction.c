/*
** Receipt codes kept out of the access log: the server blanks all of a
** path that follows a segment "receipts", in any case (server_redact_path
** with the API's api_log_secret_after), on every logged request, routed
** or not. Checked on
** the function itself, against the routing table (every route with a
** secret segment is covered), and on the API's dispatch (api_handle, as
** the server calls it, over a temporary SQLite database) for right and
** mistyped paths. No network is involved.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <microhttpd.h>

#include "unit_db.h"

#include "api/api.h"
#include "domain/receipt.h"
#include "http/server.h"
#include "store/db.h"
#include "store/pool.h"
#include "store/store.h"

/*
** No connection behind the requests: no header, cookie or query argument.
** (This definition takes precedence over libmicrohttpd's.)
*/
const char *MHD_lookup_connection_value(struct MHD_Connection *connection,
					enum MHD_ValueKind kind, const char *key)
{
	(void)connection;
	(void)kind;
	(void)key;
	return NULL;
}

#define CODE "7K3D-WXYZ-0000-1111-2222-3333"
#define CODE_NORMALIZED "7K3DWXYZ0000111122223333"

/* ---- server_redact_path ---- */

static void assert_logged(const char *path, const char *want)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", path);
	server_redact_path(buf, api_log_secret_after);
	assert_string_equal(buf, want);
}

static void test_redact_path(void **state)
{
	(void)state;
	assert_logged("/api/v1/ballots/7/receipts/" CODE, "/api/v1/ballots/7/receipts/*");
	assert_logged("/api/v1/ballots/7/receipts/" CODE_NORMALIZED,
		      "/api/v1/ballots/7/receipts/*");
	/* mistyped: a trailing slash, more segments, doubled slashes, a bad id */
	assert_logged("/api/v1/ballots/7/receipts/" CODE "/", "/api/v1/ballots/7/receipts/*");
	assert_logged("/api/v1/ballots/7/receipts/" CODE "/x", "/api/v1/ballots/7/receipts/*");
	/* a code split by a slash (%2F), the word in another case, twice */
	assert_logged("/api/v1/ballots/7/receipts/7K3D/WXYZ-0000", "/api/v1/ballots/7/receipts/*");
	assert_logged("/api/v1/ballots/7/RECEIPTS/" CODE, "/api/v1/ballots/7/RECEIPTS/*");
	assert_logged("/api/v1/ballots/7/Receipts/" CODE, "/api/v1/ballots/7/Receipts/*");
	assert_logged("/api/v1/ballots/7/receipts/receipts/" CODE, "/api/v1/ballots/7/receipts/*");
	/* all that follows the word, the doubled slash too */
	assert_logged("/api/v1/ballots/7//receipts//" CODE, "/api/v1/ballots/7//receipts/*");
	assert_logged("/api/v1/ballots/x7/receipts/" CODE, "/api/v1/ballots/x7/receipts/*");
	assert_logged("/receipts/a/receipts/b", "/receipts/*");
	/* a cut path: what is left of the code is blanked */
	assert_logged("/api/v1/ballots/7/receipts/7K3D-WX", "/api/v1/ballots/7/receipts/*");
	/* nothing after the word, or the word as part of a segment */
	assert_logged("/api/v1/ballots/7/receipts", "/api/v1/ballots/7/receipts");
	assert_logged("/api/v1/ballots/7/receipts/", "/api/v1/ballots/7/receipts/");
	assert_logged("/api/v1/receiptsX/" CODE, "/api/v1/receiptsX/" CODE);
	assert_logged("/api/v1/xreceipts/" CODE, "/api/v1/xreceipts/" CODE);
	/* paths without a code are logged whole */
	assert_logged("/api/v1/ballots/7/result", "/api/v1/ballots/7/result");
	assert_logged("/api/v1/orgs/12", "/api/v1/orgs/12");
	assert_logged("/", "/");
	assert_logged("", "");
	/* no words: nothing is blanked */
	char buf[64] = "/receipts/ABC";
	server_redact_path(buf, NULL);
	assert_string_equal(buf, "/receipts/ABC");
}

/* Every route with a "{~code}" segment has its preceding segment blanked after. */
static void test_secret_routes_covered(void **state)
{
	(void)state;
	int seen = 0;
	for (size_t i = 0; i < api_route_count; i++) {
		const char *p = api_routes[i].pattern, *at = strstr(p, "/{~");
		if (!at)
			continue;
		char path[256];
		snprintf(path, sizeof path, "%.*s/SECRET", (int)(at - p), p);
		server_redact_path(path, api_log_secret_after);
		if (strstr(path, "SECRET"))
			fail_msg("route %s: the access log would show its code", p);
		seen++;
	}
	assert_true(seen > 0);
}

/* ---- the API's dispatch ---- */

struct fixture {
	struct unit_db db;
	struct app app;
	int64_t ballot_id;
};

static void seed(struct db_conn *c, struct fixture *f)
{
	struct error e;
	err_clear(&e);
	struct org o;
	memset(&o, 0, sizeof o);
	snprintf(o.name, sizeof o.name, "Tỉnh ủy");
	o.kind = ORG_AUTHORITY;
	assert_int_equal(store_org_insert(c, &o, &e), 0);
	struct ballot_candidate k;
	memset(&k, 0, sizeof k);
	k.id = 1;
	snprintf(k.label, sizeof k.label, "Quy chế");
	struct ballot b;
	memset(&b, 0, sizeof b);
	b.authority_id = o.id;
	b.year = 2026;
	snprintf(b.question, sizeof b.question, "Thông qua quy chế?");
	b.rules.kind = BALLOT_SINGLE;
	b.rules.max_choices = 1;
	b.voters = VOTERS_USERS;
	b.candidates = &k;
	b.n_candidates = 1;
	int64_t voter = 41;
	struct cast_vote v;
	char hash[RECEIPT_HASH_BYTES];
	memset(&v, 0, sizeof v);
	receipt_hash(CODE_NORMALIZED, hash);
	snprintf(v.key, sizeof v.key, "%s", "0123456789abcdef0123456789abcdef");
	snprintf(v.marks, sizeof v.marks, "1");
	assert_int_equal(store_ballot_insert(c, &b, 0, &voter, 1, &e), 0);
	assert_int_equal(store_ballot_voter_mark(c, b.id, voter, VOTED_ONLINE, &e), 0);
	assert_int_equal(store_receipt_insert(c, b.id, hash, &e), 0);
	assert_int_equal(store_vote_insert(c, b.id, &v, &e), 0);
	f->ballot_id = b.id;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct db_conn *c = NULL;
	char err[256];
	if (!f || unit_db_create(&f->db, &c) != 0) {
		free(f);
		return -1;
	}
	*state = f;
	seed(c, f);
	db_close(c);
	f->app.pool = db_pool_open(f->db.url, 1, err, sizeof err);
	if (!f->app.pool) {
		fprintf(stderr, "db_pool_open: %s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_pool_close(f->app.pool);
	unit_db_remove(&f->db);
	free(f);
	return 0;
}

/* Run one request through api_handle; the log line's path into line. */
static int handle(struct fixture *f, const char *method, const char *path, char *line,
		  size_t n, char **body)
{
	struct request rq;
	struct response rs;
	memset(&rq, 0, sizeof rq);
	memset(&rs, 0, sizeof rs);
	rq.method = method;
	rq.path = path;
	rq.body = "";
	snprintf(rq.id, sizeof rq.id, "unit");
	snprintf(rq.client_ip, sizeof rq.client_ip, "192.0.2.1");
	api_handle(&f->app, &rq, &rs);
	snprintf(line, n, "%s", path);
	server_redact_path(line, api_log_secret_after);
	if (body) {
		*body = calloc(1, rs.len + 1);
		assert_non_null(*body);
		if (rs.body)
			memcpy(*body, rs.body, rs.len);
	}
	free(rs.body);
	return rs.status;
}

static void test_dispatch_blanks_code(void **state)
{
	struct fixture *f = *state;
	char path[160], want[160], line[256], *body = NULL;
	snprintf(want, sizeof want, "/api/v1/ballots/%lld/receipts/*", (long long)f->ballot_id);

	/* the receipt, as given and as typed: found, and blanked */
	snprintf(path, sizeof path, "/api/v1/ballots/%lld/receipts/%s", (long long)f->ballot_id,
		 CODE);
	assert_int_equal(handle(f, "GET", path, line, sizeof line, &body), 200);
	assert_string_equal(line, want);
	assert_non_null(strstr(body, "\"counted\""));
	/* the answer names the stored hash, never the code */
	assert_null(strstr(body, CODE));
	assert_null(strstr(body, CODE_NORMALIZED));
	/* nor what the ballot holds: a receipt proves it was counted, nothing more */
	assert_null(strstr(body, "\"choices\""));
	free(body);
	snprintf(path, sizeof path, "/api/v1/ballots/%lld/receipts/7k3d-wxyz-oooo-iill-2222-3333",
		 (long long)f->ballot_id);
	assert_int_equal(handle(f, "GET", path, line, sizeof line, NULL), 200);
	assert_string_equal(line, want);
	assert_int_equal(handle(f, "HEAD", path, line, sizeof line, NULL), 200);
	assert_string_equal(line, want);

	/* refused codes are blanked all the same: a typo is still most of a receipt */
	snprintf(path, sizeof path, "/api/v1/ballots/%lld/receipts/7K3D-WXYZ-0000-1111-2222-333",
		 (long long)f->ballot_id);
	assert_int_equal(handle(f, "GET", path, line, sizeof line, NULL), 422);
	assert_string_equal(line, want);
	snprintf(path, sizeof path, "/api/v1/ballots/%lld/receipts/7K3D-WXYZ-0000-1111-2222-3334",
		 (long long)f->ballot_id);
	assert_int_equal(handle(f, "GET", path, line, sizeof line, NULL), 404);
	assert_string_equal(line, want);
	/* a ballot that does not exist */
	assert_int_equal(handle(f, "GET", "/api/v1/ballots/999/receipts/" CODE, line,
				sizeof line, NULL),
			 404);
	assert_string_equal(line, "/api/v1/ballots/999/receipts/*");

	/* other paths are logged whole */
	snprintf(path, sizeof path, "/api/v1/ballots/%lld", (long long)f->ballot_id);
	assert_int_equal(handle(f, "GET", path, line, sizeof line, NULL), 401);
	assert_string_equal(line, path);
}

/* A wrong method or a mistyped path is answered before any route runs: blanked all the same. */
static void test_dispatch_blanks_refused_paths(void **state)
{
	struct fixture *f = *state;
	char path[160], want[160], line[256];
	long long id = (long long)f->ballot_id;
	snprintf(path, sizeof path, "/api/v1/ballots/%lld/receipts/%s", id, CODE);
	snprintf(want, sizeof want, "/api/v1/ballots/%lld/receipts/*", id);
	static const char *const methods[] = {"POST", "PUT", "PATCH", "DELETE"};
	for (size_t i = 0; i < sizeof methods / sizeof *methods; i++) {
		assert_int_equal(handle(f, methods[i], path, line, sizeof line, NULL), 405);
		if (strcmp(line, want) != 0)
			fail_msg("%s %s is logged as %s", methods[i], path, line);
	}
	snprintf(path, sizeof path, "/api/v1/ballots/%lld/receipts/%s/", id, CODE);
	snprintf(want, sizeof want, "/api/v1/ballots/%lld/receipts/*", id);
	assert_int_equal(handle(f, "GET", path, line, sizeof line, NULL), 404);
	assert_string_equal(line, want);
	assert_int_equal(handle(f, "GET", "/api/v1/ballots/x1/receipts/" CODE, line, sizeof line,
				NULL),
			 404);
	assert_string_equal(line, "/api/v1/ballots/x1/receipts/*");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_redact_path),
		cmocka_unit_test(test_secret_routes_covered),
		cmocka_unit_test_setup_teardown(test_dispatch_blanks_code, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dispatch_blanks_refused_paths, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
