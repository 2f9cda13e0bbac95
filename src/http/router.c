/* Matching paths against the routing table. */
#include "http/router.h"

#include <stdint.h>
#include <string.h>

/* Parse a positive integer segment of length n; -1 if it is not one. */
static int64_t parse_id(const char *s, size_t n)
{
	if (n == 0 || n > 18 || s[0] == '0')
		return -1;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* A code segment: 1..SECRET_PARAM_CHARS letters, digits or dashes. */
static int is_code(const char *s, size_t n)
{
	if (n == 0 || n > SECRET_PARAM_CHARS)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      c == '-'))
			return 0;
	}
	return 1;
}

int router_path_matches(const char *pattern, const char *path, struct request *rq)
{
	int np = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return 0;
		p++;
		s++;
		const char *pend = strchr(p, '/');
		const char *send = strchr(s, '/');
		size_t plen = pend ? (size_t)(pend - p) : strlen(p);
		size_t slen = send ? (size_t)(send - s) : strlen(s);
		if (plen > 1 && p[0] == '{' && p[1] == '~') {
			if (!is_code(s, slen))
				return 0;
			if (rq) {
				memcpy(rq->secret, s, slen);
				rq->secret[slen] = '\0';
			}
		} else if (plen > 0 && p[0] == '{') {
			/* "{id}.pdf": the number, then the suffix after the brace */
			const char *close = memchr(p, '}', plen);
			const char *tail = close ? close + 1 : p + plen;
			size_t suffix = (size_t)(p + plen - tail);
			if (suffix > slen || memcmp(s + slen - suffix, tail, suffix) != 0)
				return 0;
			int64_t v = parse_id(s, slen - suffix);
			if (v < 0 || np >= MAX_PATH_PARAMS)
				return 0;
			if (rq)
				rq->params[np] = v;
			np++;
		} else if (plen != slen || memcmp(p, s, plen) != 0) {
			return 0;
		}
		p += plen;
		s += slen;
	}
	if (*p || *s)
		return 0;
	if (rq)
		rq->n_params = np;
	return 1;
}

enum route_match router_match(const struct route *routes, size_t n, const char *method,
			      const char *path, const struct route **found,
			      struct request *rq, char *allow, size_t allowlen)
{
	int path_seen = 0;
	size_t used = 0;
	allow[0] = 0;
	/* HEAD is GET without the body (the server drops it). */
	const char *wanted = strcmp(method, "HEAD") == 0 ? "GET" : method;
	for (size_t i = 0; i < n; i++) {
		if (!router_path_matches(routes[i].pattern, path, NULL))
			continue;
		if (strcmp(routes[i].method, wanted) == 0) {
			router_path_matches(routes[i].pattern, path, rq);
			*found = &routes[i];
			return ROUTE_FOUND;
		}
		path_seen = 1;
		size_t mlen = strlen(routes[i].method);
		if (used + mlen + 3 < allowlen) {
			if (used) {
				memcpy(allow + used, ", ", 2);
				used += 2;
			}
			memcpy(allow + used, routes[i].method, mlen + 1);
			used += mlen;
		}
	}
	return path_seen ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}
