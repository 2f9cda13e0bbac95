/*
** The routing table: method + path pattern → handler. A pattern segment
** "{name}" matches a positive decimal integer and is passed to the
** handler in request.params, in order ("{name}.pdf" the same number
** followed by that suffix: a document of the resource); "{~name}" (at most one) matches a
** code of letters, digits and dashes, passed in request.secret and kept
** out of the access log. The table also carries each route's
** authorization action, so the policy sees every route.
*/
#ifndef THIDUA_ROUTER_H
#define THIDUA_ROUTER_H

#include <stddef.h>

#include "domain/authz.h"
#include "http/request.h"

typedef void (*route_handler)(struct request *rq, struct response *rs);

struct route {
	const char *method;
	const char *pattern;
	route_handler handler;
	enum action action;
};

enum route_match { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD };

/*
** Find the route for method and path. On ROUTE_FOUND sets *found and the
** request's params; on ROUTE_NO_METHOD writes the allowed methods
** (comma-separated) into allow.
*/
enum route_match router_match(const struct route *routes, size_t n, const char *method,
			      const char *path, const struct route **found,
			      struct request *rq, char *allow, size_t allowlen);

/* Does path fit pattern? Fills rq's params and secret (rq may be NULL). */
int router_path_matches(const char *pattern, const char *path, struct request *rq);

#endif
