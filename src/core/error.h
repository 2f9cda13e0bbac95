/*
** The error value every layer returns. Domain and store code fill one in
** and return; only the HTTP layer turns its kind into a status code and
** only the CLI prints it.
*/
#ifndef THIDUA_ERROR_H
#define THIDUA_ERROR_H

enum err_kind {
	ERR_NONE = 0,
	ERR_BAD_REQUEST,  /* 400: malformed input */
	ERR_UNAUTHORIZED, /* 401: not logged in */
	ERR_FORBIDDEN,    /* 403 */
	ERR_NOT_FOUND,    /* 404 */
	ERR_CONFLICT,     /* 409: clashes with the current state */
	ERR_TOO_LARGE,    /* 413 */
	ERR_INVALID,      /* 422: well-formed but invalid values */
	ERR_THROTTLED,    /* 429 */
	ERR_UNAVAILABLE,  /* 503: the store is busy or shutting down */
	ERR_INTERNAL      /* 500: a bug or a broken store, never bad input */
};

struct error {
	enum err_kind kind;
	char code[48];     /* snake_case, stable for clients */
	char field[64];    /* offending field, or "" */
	char message[256]; /* one line for humans */
};

/* Fill *e and return -1, so callers can write `return err_set(...)`. */
int err_set(struct error *e, enum err_kind kind, const char *code,
	    const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

void err_clear(struct error *e);

/* HTTP status for a kind. */
int err_http_status(enum err_kind kind);

#endif
