/* Filling in and classifying struct error. */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int err_set(struct error *e, enum err_kind kind, const char *code,
	    const char *field, const char *fmt, ...)
{
	if (!e)
		return -1;
	e->kind = kind;
	snprintf(e->code, sizeof e->code, "%s", code ? code : "error");
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
	return -1;
}

void err_clear(struct error *e)
{
	memset(e, 0, sizeof *e);
}

int err_http_status(enum err_kind kind)
{
	switch (kind) {
	case ERR_NONE: return 200;
	case ERR_BAD_REQUEST: return 400;
	case ERR_UNAUTHORIZED: return 401;
	case ERR_FORBIDDEN: return 403;
	case ERR_NOT_FOUND: return 404;
	case ERR_CONFLICT: return 409;
	case ERR_TOO_LARGE: return 413;
	case ERR_INVALID: return 422;
	case ERR_THROTTLED: return 429;
	case ERR_UNAVAILABLE: return 503;
	case ERR_INTERNAL: return 500;
	}
	return 500;
}
