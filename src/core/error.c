/* Filling in and classifying struct error. */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/*
** Cut a string that snprintf may have cut in the middle of a UTF-8
** character back to the last whole one: a field or message naming user
** text must stay valid UTF-8, or it could not be sent as JSON.
*/
static void trim_partial_utf8(char *s)
{
	size_t n = strlen(s), i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--; /* continuation bytes of the last character */
	if (i == 0)
		return;
	unsigned char lead = (unsigned char)s[i - 1];
	if (lead < 0xC2 || lead > 0xF4)
		return; /* not the start of a character: bad bytes are not ours to cut */
	size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
	if (n - (i - 1) < want)
		s[i - 1] = '\0';
}

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
	trim_partial_utf8(e->field);
	trim_partial_utf8(e->message);
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
