/*
** A stand-in for the one libmicrohttpd call request.c makes, so its
** parsers (query integers, cookies, the JSON body's Content-Type) and the
** API behind them can be fuzzed without a connection. The definition in
** the executable takes precedence over the shared library's.
*/
#ifndef THIDUA_FUZZ_MHD_H
#define THIDUA_FUZZ_MHD_H

#include <microhttpd.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#define FAKE_MAX_ARGS 16

struct fake_conn {
	const char *content_type;  /* header Content-Type */
	const char *authorization; /* header Authorization */
	const char *csrf;          /* header X-CSRF-Token */
	const char *query;         /* when set, the value of every query argument */
	const char *cookie;        /* every cookie has this value */
	/* otherwise query arguments by name, as libmicrohttpd decoded them */
	const char *arg_keys[FAKE_MAX_ARGS];
	const char *arg_values[FAKE_MAX_ARGS];
	int n_args;
};

const char *MHD_lookup_connection_value(struct MHD_Connection *connection,
					enum MHD_ValueKind kind, const char *key)
{
	const struct fake_conn *c = (const struct fake_conn *)(const void *)connection;
	if (!c || !key)
		return NULL;
	switch (kind) {
	case MHD_HEADER_KIND:
		if (strcasecmp(key, "Content-Type") == 0)
			return c->content_type;
		if (strcasecmp(key, "Authorization") == 0)
			return c->authorization;
		if (strcasecmp(key, "X-CSRF-Token") == 0)
			return c->csrf;
		return NULL;
	case MHD_GET_ARGUMENT_KIND:
		if (c->query)
			return c->query;
		for (int i = 0; i < c->n_args; i++)
			if (strcmp(c->arg_keys[i], key) == 0)
				return c->arg_values[i];
		return NULL;
	case MHD_COOKIE_KIND:
		return c->cookie;
	default:
		return NULL;
	}
}

/* Split "k=v&k2=v2" (modified in place) into the connection's arguments. */
static inline void fake_parse_query(struct fake_conn *c, char *q)
{
	while (q && *q && c->n_args < FAKE_MAX_ARGS) {
		char *amp = strchr(q, '&');
		if (amp)
			*amp = 0;
		char *eq = strchr(q, '=');
		if (eq)
			*eq = 0;
		c->arg_keys[c->n_args] = q;
		c->arg_values[c->n_args] = eq ? eq + 1 : "";
		c->n_args++;
		q = amp ? amp + 1 : NULL;
	}
}

static inline struct MHD_Connection *fake_mhd(struct fake_conn *c)
{
	return (struct MHD_Connection *)(void *)c;
}

#endif
