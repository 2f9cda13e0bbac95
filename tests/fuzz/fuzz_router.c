/*
** Request paths through the router (http/router.h) and the API's real
** routing table. Input: byte 0 picks the method, byte 1 the size of the
** Allow buffer (heap-allocated to that size exactly, so an overrun is
** caught), byte 2 the mode; the rest is the path. In mode 1 the rest is
** "pattern\npath" and router_path_matches gets both.
**
** Invariants: a route found fits the path and the method, its numeric
** parameters are in range, and a "{~name}" code it holds is a whole
** segment of the path (letters, digits and dashes, at most
** SECRET_PARAM_CHARS); a 405 or a 404 fills nothing in the request; the
** Allow buffer is never overrun and lists a method when there is room.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "http/router.h"
#include "fuzz_util.h"

static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", ""};

static void check_params(const int64_t *params, int n)
{
	FUZZ_CHECK(n >= 0 && n <= MAX_PATH_PARAMS, "n_params %d", n);
	for (int i = 0; i < n; i++)
		FUZZ_CHECK(params[i] > 0 && params[i] < 1000000000000000000LL, "param %lld",
			   (long long)params[i]);
}

/* secret (as found in path) is empty, or a whole segment of it, a code's characters. */
static void check_secret(const char *path, const char *secret)
{
	size_t n = strnlen(secret, SECRET_PARAM_CHARS + 1);
	FUZZ_CHECK(n <= SECRET_PARAM_CHARS, "secret segment overflows");
	if (n == 0)
		return;
	FUZZ_CHECK(strspn(secret, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-") ==
			   n,
		   "secret \"%s\" is not a code", secret);
	int whole = 0;
	for (const char *at = strstr(path, secret); at && !whole; at = strstr(at + 1, secret))
		whole = at > path && at[-1] == '/' && (at[n] == '\0' || at[n] == '/');
	FUZZ_CHECK(whole, "secret \"%s\" is not a segment of %.200s", secret, path);
}

static void route(const char *method, const char *path, size_t allowlen)
{
	struct request rq;
	memset(&rq, 0, sizeof rq);
	rq.method = method;
	rq.path = path;
	char *allow = malloc(allowlen);
	if (!allow)
		abort();
	/* HEAD is served by the GET route. */
	const char *wanted = strcmp(method, "HEAD") == 0 ? "GET" : method;
	const struct route *r = NULL;
	enum route_match m = router_match(api_routes, api_route_count, method, path, &r, &rq,
					  allow, allowlen);
	switch (m) {
	case ROUTE_FOUND:
		FUZZ_CHECK(r != NULL, "found without a route");
		FUZZ_CHECK(strcmp(r->method, wanted) == 0, "wrong method");
		FUZZ_CHECK(router_path_matches(r->pattern, path, NULL), "path mismatch");
		check_params(rq.params, rq.n_params);
		check_secret(path, rq.secret);
		FUZZ_CHECK(!strstr(r->pattern, "{~") || rq.secret[0], "%s: the code was not kept",
			   r->pattern);
		break;
	case ROUTE_NO_METHOD:
		FUZZ_CHECK(memchr(allow, 0, allowlen) != NULL, "Allow not terminated");
		FUZZ_CHECK(allowlen < 10 || allow[0] != 0, "empty Allow with room for a method");
		/* no handler runs: nothing is filled in */
		FUZZ_CHECK(rq.n_params == 0 && rq.secret[0] == 0, "a 405 filled the request");
		/* Some route fits the path, none with this method. */
		for (size_t i = 0; i < api_route_count; i++)
			FUZZ_CHECK(strcmp(api_routes[i].method, wanted) != 0 ||
					   !router_path_matches(api_routes[i].pattern, path, NULL),
				   "%s %s fits but was refused", method, api_routes[i].pattern);
		break;
	case ROUTE_NO_PATH:
		FUZZ_CHECK(allow[0] == 0, "Allow set for a missing path");
		FUZZ_CHECK(rq.n_params == 0 && rq.secret[0] == 0, "a 404 filled the request");
		/* No route's pattern fits the path, whatever the method. */
		for (size_t i = 0; i < api_route_count; i++)
			FUZZ_CHECK(!router_path_matches(api_routes[i].pattern, path, NULL),
				   "route %s fits but was not found", api_routes[i].pattern);
		break;
	}
	free(allow);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	const char *method = methods[data[0] % (sizeof methods / sizeof methods[0])];
	size_t allowlen = 1 + data[1] % 64;
	int mode = data[2] % 2;
	char *s = fuzz_cstr(data + 3, size - 3);
	if (mode == 0) {
		route(method, s, allowlen);
	} else {
		char *nl = strchr(s, '\n');
		const char *pattern = s, *path = "";
		if (nl) {
			*nl = 0;
			path = nl + 1;
		}
		struct request one;
		memset(&one, 0, sizeof one);
		if (router_path_matches(pattern, path, &one)) {
			check_params(one.params, one.n_params);
			check_secret(path, one.secret);
		}
	}
	free(s);
	return 0;
}
