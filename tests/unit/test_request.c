/*
** Building responses (http/request.h): error bodies in the spec's shape
** and status, headers, and error messages that quote bad input.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/request.h"

static json_t *body_of(const struct response *rs)
{
	assert_non_null(rs->body);
	json_error_t jerr;
	json_t *j = json_loadb(rs->body, rs->len, 0, &jerr);
	if (!j)
		fail_msg("response is not JSON (%s): %.*s", jerr.text, (int)rs->len, rs->body);
	return j;
}

static const char *error_str(json_t *j, const char *key)
{
	return json_string_value(json_object_get(json_object_get(j, "error"), key));
}

static void test_error_shape(void **state)
{
	(void)state;
	struct response rs;
	memset(&rs, 0, sizeof rs);
	struct error e;
	err_clear(&e);
	err_set(&e, ERR_INVALID, "out_of_range", "birth_year", "birth_year must be from %d", 1900);
	resp_error(&rs, &e);
	assert_int_equal(rs.status, 422);
	assert_non_null(strstr(rs.content_type, "application/json"));
	json_t *j = body_of(&rs);
	assert_string_equal(error_str(j, "code"), "out_of_range");
	assert_string_equal(error_str(j, "field"), "birth_year");
	assert_string_equal(error_str(j, "message"), "birth_year must be from 1900");
	json_decref(j);

	/* No field: no "field" key. */
	resp_errorf(&rs, ERR_NOT_FOUND, "not_found", NULL, "no such %s", "thing");
	assert_int_equal(rs.status, 404);
	j = body_of(&rs);
	assert_null(json_object_get(json_object_get(j, "error"), "field"));
	assert_string_equal(error_str(j, "message"), "no such thing");
	json_decref(j);
	free(rs.body);
}

static void test_status_of_every_kind(void **state)
{
	(void)state;
	static const struct {
		enum err_kind kind;
		int status;
	} cases[] = {
		{ERR_BAD_REQUEST, 400}, {ERR_UNAUTHORIZED, 401}, {ERR_FORBIDDEN, 403},
		{ERR_NOT_FOUND, 404},   {ERR_CONFLICT, 409},     {ERR_TOO_LARGE, 413},
		{ERR_INVALID, 422},     {ERR_THROTTLED, 429},    {ERR_UNAVAILABLE, 503},
		{ERR_INTERNAL, 500},
	};
	struct response rs;
	memset(&rs, 0, sizeof rs);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(err_http_status(cases[i].kind), cases[i].status);
		resp_errorf(&rs, cases[i].kind, "x", NULL, "m");
		assert_int_equal(rs.status, cases[i].status);
	}
	free(rs.body);
}

/*
** A message quoting invalid UTF-8 (as jansson's "invalid escape near
** '\xc3'" does, found by fuzz_api) or cut mid-character still gives the
** intended status and a JSON body, not a 500.
*/
static void test_message_with_bad_utf8(void **state)
{
	(void)state;
	struct response rs;
	memset(&rs, 0, sizeof rs);
	struct error e;
	err_clear(&e);
	err_set(&e, ERR_BAD_REQUEST, "malformed_json", NULL,
		"malformed JSON at byte %d: invalid escape near '\"C\xe1\xbb\xa5m \\\xc3'", 17);
	resp_error(&rs, &e);
	assert_int_equal(rs.status, 400);
	json_t *j = body_of(&rs);
	assert_string_equal(error_str(j, "code"), "malformed_json");
	const char *m = error_str(j, "message");
	assert_non_null(m);
	assert_non_null(strstr(m, "C\xe1\xbb\xa5m")); /* valid characters are kept */
	json_decref(j);

	/* A message and a field filled to the brim with 3-byte characters are
	 * cut at a character (err_set), and still answered whole. */
	char big[600] = "";
	for (int i = 0; i < 150; i++)
		strcat(big, "\xe1\xbb\x85"); /* ễ */
	err_set(&e, ERR_INVALID, "too_long", big, "%s", big);
	assert_true(strlen(e.message) >= sizeof e.message - 3);
	assert_int_equal(strlen(e.message) % 3, 0);
	resp_error(&rs, &e);
	assert_int_equal(rs.status, 422);
	j = body_of(&rs);
	assert_non_null(error_str(j, "message"));
	assert_non_null(error_str(j, "field"));
	json_decref(j);

	/* A field cut inside a character by someone else is mended, not dropped. */
	memcpy(e.field, "ab\xe1\xbb", 5);
	e.field[5] = '\0';
	resp_error(&rs, &e);
	j = body_of(&rs);
	assert_non_null(error_str(j, "field"));
	json_decref(j);

	err_set(&e, ERR_INVALID, "bad", "name", "\xff\xfe\x80");
	resp_error(&rs, &e);
	assert_int_equal(rs.status, 422);
	j = body_of(&rs);
	assert_string_equal(error_str(j, "message"), "???");
	json_decref(j);
	free(rs.body);
}

static void test_json_and_headers(void **state)
{
	(void)state;
	struct response rs;
	memset(&rs, 0, sizeof rs);
	resp_json(&rs, 201, json_pack("{s:i}", "id", 7));
	assert_int_equal(rs.status, 201);
	assert_string_equal(rs.body, "{\"id\":7}");
	assert_int_equal(rs.len, strlen(rs.body));

	/* Nothing to encode is the server's fault. */
	resp_json(&rs, 200, NULL);
	assert_int_equal(rs.status, 500);
	json_t *j = body_of(&rs);
	assert_string_equal(error_str(j, "code"), "internal");
	json_decref(j);

	resp_empty(&rs, 204);
	assert_int_equal(rs.status, 204);
	assert_null(rs.body);
	assert_int_equal(rs.len, 0);

	/* Headers beyond the fixed room are dropped, never overrun. */
	for (int i = 0; i < RESPONSE_HEADERS + 3; i++)
		resp_header(&rs, "X-Test", "%d", i);
	assert_int_equal(rs.n_headers, RESPONSE_HEADERS);
	assert_string_equal(rs.headers[RESPONSE_HEADERS - 1].value, "7");
	/* A long value is cut to the buffer. */
	struct response r2;
	memset(&r2, 0, sizeof r2);
	char longval[2000];
	memset(longval, 'v', sizeof longval - 1);
	longval[sizeof longval - 1] = 0;
	resp_header(&r2, "X-Long", "%s", longval);
	assert_int_equal(strlen(r2.headers[0].value), sizeof r2.headers[0].value - 1);

	static const unsigned char page[] = "<!doctype html>";
	resp_static(&rs, page, sizeof page - 1, "text/html; charset=utf-8");
	assert_int_equal(rs.status, 200);
	assert_ptr_equal(rs.static_body, page);
	assert_int_equal(rs.len, sizeof page - 1);
	assert_null(rs.body);
}

/* A Vietnamese file name survives whole in filename*, with an ASCII fallback. */
static void test_content_disposition(void **state)
{
	(void)state;
	char v[512];
	content_disposition(v, sizeof v, "Biên bản hội nghị 2026.pdf");
	assert_string_equal(v, "attachment; filename=\"bien ban hoi nghi 2026.pdf\"; "
			       "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%99i%20ngh%E1%BB%8B"
			       "%202026.pdf");
	/* quotes, slashes and semicolons never reach the fallback's quoted string */
	content_disposition(v, sizeof v, "a\"b/c;d.csv");
	assert_string_equal(v, "attachment; filename=\"a_b_c_d.csv\"; "
			       "filename*=UTF-8''a%22b%2Fc%3Bd.csv");
	/* a name too long is cut between characters, never inside one */
	char longname[400] = "";
	for (int i = 0; i < 100; i++)
		strcat(longname, "Đ");
	content_disposition(v, 200, longname);
	assert_true(strlen(v) < 200);
	const char *enc = strstr(v, "''");
	assert_non_null(enc);
	assert_int_equal((strlen(enc + 2)) % 6, 0); /* whole "%C4%90" groups */
	/* nothing usable: a plain fallback */
	content_disposition(v, sizeof v, "");
	assert_string_equal(v, "attachment; filename=\"download\"; filename*=UTF-8''");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_content_disposition),
		cmocka_unit_test(test_error_shape),
		cmocka_unit_test(test_status_of_every_kind),
		cmocka_unit_test(test_message_with_bad_utf8),
		cmocka_unit_test(test_json_and_headers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
