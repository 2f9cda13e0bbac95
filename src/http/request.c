/* Reading requests and writing responses for handlers. */
#include "http/request.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistr.h>

#include "core/text.h"

const char *req_header(const struct request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->mhd, MHD_HEADER_KIND, name);
}

const char *req_query(const struct request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->mhd, MHD_GET_ARGUMENT_KIND, name);
}

int req_cookie(const struct request *rq, const char *name, char *out, size_t n)
{
	const char *v = MHD_lookup_connection_value(rq->mhd, MHD_COOKIE_KIND, name);
	if (!v || strlen(v) >= n)
		return -1;
	memcpy(out, v, strlen(v) + 1);
	return 0;
}

int req_query_int(const struct request *rq, const char *name, int64_t min, int64_t max,
		  int64_t dflt, int64_t *out, struct error *e)
{
	const char *v = req_query(rq, name);
	*out = dflt;
	if (!v)
		return 0;
	char *end = NULL;
	errno = 0;
	long long x = strtoll(v, &end, 10);
	if (*v == 0 || *end != 0 || errno != 0 || x < min || x > max)
		return err_set(e, ERR_BAD_REQUEST, "invalid_query", name,
			       "query parameter '%s' must be an integer from %lld to %lld", name,
			       (long long)min, (long long)max);
	*out = x;
	return 0;
}

static int is_json_type(const char *ct)
{
	if (!ct)
		return 1; /* absent: accept, the body must still parse */
	size_t n = strlen("application/json");
	return strncasecmp(ct, "application/json", n) == 0 && (ct[n] == 0 || ct[n] == ';');
}

json_t *req_json_object(const struct request *rq, struct error *e)
{
	if (!is_json_type(req_header(rq, "Content-Type"))) {
		err_set(e, ERR_BAD_REQUEST, "unsupported_media_type", NULL,
			"the body must be JSON (Content-Type: application/json)");
		return NULL;
	}
	if (rq->body_len == 0) {
		err_set(e, ERR_BAD_REQUEST, "empty_body", NULL, "a JSON object body is required");
		return NULL;
	}
	json_error_t jerr;
	/* Decode any value so a scalar body is told apart from broken JSON. */
	json_t *j = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
			       &jerr);
	if (!j) {
		err_set(e, ERR_BAD_REQUEST, "malformed_json", NULL,
			"malformed JSON at byte %d: %s", jerr.position, jerr.text);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		err_set(e, ERR_BAD_REQUEST, "not_an_object", NULL, "the body must be a JSON object");
		return NULL;
	}
	return j;
}

void resp_header(struct response *rs, const char *name, const char *fmt, ...)
{
	if (rs->n_headers >= RESPONSE_HEADERS)
		return;
	rs->headers[rs->n_headers].name = name;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(rs->headers[rs->n_headers].value, sizeof rs->headers[0].value, fmt, ap);
	va_end(ap);
	rs->n_headers++;
}

static void set_body(struct response *rs, int status, char *body, size_t len)
{
	free(rs->body);
	rs->status = status;
	rs->body = body;
	rs->len = len;
	rs->static_body = NULL;
	rs->content_type = "application/json; charset=utf-8";
}

void resp_json(struct response *rs, int status, json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
	json_decref(j);
	if (!s) {
		static const char fail[] =
			"{\"error\":{\"code\":\"internal\",\"message\":\"cannot encode the response\"}}";
		char *copy = strdup(fail);
		set_body(rs, 500, copy, copy ? strlen(copy) : 0);
		return;
	}
	set_body(rs, status, s, strlen(s));
}

/*
** Replace each byte that is not part of valid UTF-8 with '?'. A message
** may quote the input (the JSON parser's token) or be cut mid-character
** by its fixed size; JSON cannot carry such bytes, and the error would
** turn into a 500.
*/
static void make_utf8(char *s)
{
	uint8_t *p = (uint8_t *)s, *end = p + strlen(s);
	while (p < end) {
		ucs4_t c;
		int len = u8_mbtoucr(&c, p, (size_t)(end - p));
		if (len < 0)
			*p++ = '?';
		else
			p += len;
	}
}

void resp_error(struct response *rs, const struct error *e)
{
	char message[sizeof e->message], field[sizeof e->field];
	snprintf(message, sizeof message, "%s", e->message);
	snprintf(field, sizeof field, "%s", e->field);
	make_utf8(message);
	make_utf8(field);
	json_t *inner = json_pack("{s:s, s:s}", "code", e->code[0] ? e->code : "error",
				  "message", message);
	if (inner && field[0])
		json_object_set_new(inner, "field", json_string(field));
	resp_json(rs, err_http_status(e->kind), json_pack("{s:o}", "error", inner));
}

void resp_errorf(struct response *rs, enum err_kind kind, const char *code,
		 const char *field, const char *fmt, ...)
{
	struct error e;
	err_clear(&e);
	e.kind = kind;
	snprintf(e.code, sizeof e.code, "%s", code);
	snprintf(e.field, sizeof e.field, "%s", field ? field : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e.message, sizeof e.message, fmt, ap);
	va_end(ap);
	resp_error(rs, &e);
}

void resp_empty(struct response *rs, int status)
{
	set_body(rs, status, NULL, 0);
	rs->content_type = NULL;
}

/* RFC 5987 attr-char: sent as is; every other byte is %XX. */
static int attr_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$&+-.^_`|~", c));
}

/* The name for clients that know only filename="": its ASCII letters, digits and a few marks. */
static void ascii_name(const char *filename, char *out, size_t n)
{
	char *folded = text_fold(filename);
	const char *from = folded ? folded : "";
	size_t used = 0;
	for (; *from && used + 1 < n; from++) {
		unsigned char c = (unsigned char)*from;
		out[used++] = (c >= 0x80 || c < 0x20 || c == '"' || c == '\\' || c == '/' ||
			       c == ';' || c == '%')
				      ? '_'
				      : (char)c;
	}
	out[used] = '\0';
	free(folded);
	if (!used)
		snprintf(out, n, "download");
}

void content_disposition(char *out, size_t n, const char *filename)
{
	char fallback[96];
	ascii_name(filename, fallback, sizeof fallback);
	int used = snprintf(out, n, "attachment; filename=\"%s\"; filename*=UTF-8''", fallback);
	if (used < 0 || (size_t)used >= n)
		return;
	size_t at = (size_t)used;
	/* whole characters only: stop before one whose encoding would not fit */
	for (const unsigned char *c = (const unsigned char *)filename; *c;) {
		int len = u8_mblen(c, strlen((const char *)c));
		if (len <= 0)
			break;
		size_t need = 0;
		for (int i = 0; i < len; i++)
			need += attr_char(c[i]) ? 1 : 3;
		if (at + need + 1 > n)
			break;
		for (int i = 0; i < len; i++)
			at += (size_t)(attr_char(c[i]) ? snprintf(out + at, n - at, "%c", c[i])
						       : snprintf(out + at, n - at, "%%%02X", c[i]));
		c += len;
	}
}

void resp_file(struct response *rs, char *body, size_t len, const char *content_type,
	       const char *filename)
{
	set_body(rs, 200, body, len);
	rs->content_type = content_type;
	char value[sizeof rs->headers[0].value];
	content_disposition(value, sizeof value, filename);
	resp_header(rs, "Content-Disposition", "%s", value);
}

void resp_static(struct response *rs, const unsigned char *data, size_t len,
		 const char *content_type)
{
	set_body(rs, 200, NULL, len);
	rs->static_body = data;
	rs->content_type = content_type;
}
