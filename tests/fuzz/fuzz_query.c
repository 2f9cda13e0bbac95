/*
** Query strings and headers as request.c reads them (http/request.h):
** integer query arguments (req_query_int, and api_page on top of it), the
** session cookie, and the Content-Type check of JSON bodies. libmicrohttpd
** has already split and decoded the query; its lookup is replaced by
** fuzz_mhd.h, which answers every argument with the fuzzed value.
**
** Input: byte 0 picks the bounds, byte 1 the mode; the rest is the value.
*/
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "http/request.h"
#include "fuzz_mhd.h"
#include "fuzz_util.h"

static const struct {
	int64_t min, max;
} bounds[] = {
	{1, 500},
	{0, 1000000000},
	{1, INT64_MAX / 2},
	{INT64_MIN, INT64_MAX},
	{-5, 5},
	{0, 0},
};

/*
** An independent reading of what req_query_int accepts: strtoll's syntax
** (leading white space, an optional sign, decimal digits, nothing after),
** without overflow, within the bounds.
*/
static int reference_parse(const char *s, int64_t min, int64_t max, int64_t *out)
{
	const char *p = s;
	while (isspace((unsigned char)*p))
		p++;
	int neg = 0;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!isdigit((unsigned char)*p))
		return -1;
	/* Accumulate negatively so INT64_MIN fits. */
	int64_t v = 0;
	for (; isdigit((unsigned char)*p); p++) {
		int d = *p - '0';
		if (v < (INT64_MIN + d) / 10)
			return -1;
		v = v * 10 - d;
	}
	if (*p)
		return -1;
	if (!neg) {
		if (v == INT64_MIN)
			return -1;
		v = -v;
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static void check_int(struct request *rq, const char *value, int64_t min, int64_t max)
{
	struct error e;
	err_clear(&e);
	int64_t out = 12345, want = 0;
	int rc = req_query_int(rq, "limit", min, max, 7, &out, &e);
	int ref = reference_parse(value, min, max, &want);
	FUZZ_CHECK(rc == ref, "req_query_int(\"%s\", %lld..%lld) = %d, reference %d", value,
		   (long long)min, (long long)max, rc, ref);
	if (rc == 0) {
		FUZZ_CHECK(out >= min && out <= max, "out of bounds");
		FUZZ_CHECK(out == want, "value %lld, reference %lld", (long long)out,
			   (long long)want);
	} else {
		FUZZ_CHECK(e.kind == ERR_BAD_REQUEST, "kind %d", (int)e.kind);
		FUZZ_CHECK(strcmp(e.field, "limit") == 0, "field %s", e.field);
	}
}

static void check_page(struct request *rq)
{
	struct page p = {-1, -1};
	struct error e;
	err_clear(&e);
	if (api_page(rq, &p, &e) == 0) {
		FUZZ_CHECK(p.limit >= 1 && p.limit <= 500, "limit %d", p.limit);
		FUZZ_CHECK(p.offset >= 0 && p.offset <= 1000000000, "offset %d", p.offset);
	} else {
		FUZZ_CHECK(e.kind == ERR_BAD_REQUEST, "kind %d", (int)e.kind);
	}
}

static void check_cookie(struct request *rq, const char *value)
{
	char out[AUTH_TOKEN_CHARS];
	memset(out, 'x', sizeof out);
	if (req_cookie(rq, "thidua_session", out, sizeof out) == 0) {
		FUZZ_CHECK(strlen(out) < sizeof out, "cookie not terminated");
		FUZZ_CHECK(strcmp(out, value) == 0, "cookie changed");
	} else {
		FUZZ_CHECK(strlen(value) >= sizeof out, "short cookie refused");
	}
}

static void check_content_type(struct fake_conn *conn, struct request *rq, const char *value)
{
	conn->content_type = value;
	rq->body = "{}";
	rq->body_len = 2;
	struct error e;
	err_clear(&e);
	json_t *j = req_json_object(rq, &e);
	int json = strncasecmp(value, "application/json", 16) == 0 &&
		   (value[16] == 0 || value[16] == ';');
	FUZZ_CHECK((j != NULL) == json, "Content-Type \"%s\" %s", value,
		   j ? "accepted" : "refused");
	if (!j)
		FUZZ_CHECK(e.kind == ERR_BAD_REQUEST, "kind %d", (int)e.kind);
	json_decref(j);
	conn->content_type = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	size_t b = data[0] % (sizeof bounds / sizeof bounds[0]);
	int mode = data[1] % 4;
	char *value = fuzz_cstr(data + 2, size - 2);
	struct fake_conn conn = {.query = value, .cookie = value};
	struct request rq;
	memset(&rq, 0, sizeof rq);
	rq.method = "GET";
	rq.path = "/api/v1/orgs";
	rq.mhd = fake_mhd(&conn);
	switch (mode) {
	case 0:
		check_int(&rq, value, bounds[b].min, bounds[b].max);
		break;
	case 1:
		check_page(&rq);
		break;
	case 2:
		check_cookie(&rq, value);
		break;
	default:
		check_content_type(&conn, &rq, value);
		break;
	}
	free(value);
	return 0;
}
