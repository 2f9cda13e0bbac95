/*
** Reading JSON body fields (api/fields.h): absent keys leave the target
** alone, null clears optional fields, wrong types and ranges give 422
** with the field's name, text is cleaned to NFC.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "api/fields.h"

static json_t *parse(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (!j)
		fail_msg("bad test JSON %s: %s", text, jerr.text);
	return j;
}

#define assert_invalid(call, e, want_code, want_field)         \
	do {                                                   \
		err_clear(&(e));                               \
		assert_int_equal((call), -1);                  \
		assert_int_equal((e).kind, ERR_INVALID);       \
		assert_string_equal((e).code, (want_code));    \
		assert_string_equal((e).field, (want_field));  \
	} while (0)

static void test_known(void **state)
{
	(void)state;
	static const char *const allowed[] = {"name", "kind", NULL};
	struct error e;
	json_t *j = parse("{\"name\":\"x\",\"kind\":\"unit\"}");
	assert_int_equal(fields_known(j, allowed, &e), 0);
	json_decref(j);
	j = parse("{\"name\":\"x\",\"nam\":1}");
	err_clear(&e);
	assert_int_equal(fields_known(j, allowed, &e), -1);
	assert_int_equal(e.kind, ERR_INVALID);
	assert_string_equal(e.code, "unknown_field");
	json_decref(j);
	j = parse("{}");
	assert_int_equal(fields_known(j, allowed, &e), 0);
	json_decref(j);
}

static void test_line(void **state)
{
	(void)state;
	struct error e;
	char dst[64];
	json_t *j = parse("{\"name\":\"  Nguye\\u0302\\u0303n   Va\\u0306n  \","
			  " \"empty\":\"   \", \"none\":null, \"num\":5,"
			  " \"ctl\":\"a\\u0007b\", \"rlo\":\"a\\u202eb\","
			  " \"long\":\"abcdefghij\"}");
	snprintf(dst, sizeof dst, "old");
	assert_int_equal(field_line(j, "name", dst, sizeof dst, 20, REQUIRED, &e), 0);
	assert_string_equal(dst, "Nguy\xe1\xbb\x85n V\xc4\x83n");

	/* Absent: untouched when optional, an error when required. */
	snprintf(dst, sizeof dst, "old");
	assert_int_equal(field_line(j, "missing", dst, sizeof dst, 20, OPTIONAL, &e), 0);
	assert_string_equal(dst, "old");
	assert_invalid(field_line(j, "missing", dst, sizeof dst, 20, REQUIRED, &e), e,
		       "required", "missing");

	/* null and blank clear an optional field and fail a required one. */
	assert_int_equal(field_line(j, "none", dst, sizeof dst, 20, OPTIONAL, &e), 0);
	assert_string_equal(dst, "");
	snprintf(dst, sizeof dst, "old");
	assert_int_equal(field_line(j, "empty", dst, sizeof dst, 20, OPTIONAL, &e), 0);
	assert_string_equal(dst, "");
	assert_invalid(field_line(j, "none", dst, sizeof dst, 20, REQUIRED, &e), e, "required",
		       "none");
	assert_invalid(field_line(j, "empty", dst, sizeof dst, 20, REQUIRED, &e), e, "empty",
		       "empty");

	assert_invalid(field_line(j, "num", dst, sizeof dst, 20, OPTIONAL, &e), e,
		       "wrong_type", "num");
	assert_invalid(field_line(j, "ctl", dst, sizeof dst, 20, OPTIONAL, &e), e,
		       "control_character", "ctl");
	assert_invalid(field_line(j, "rlo", dst, sizeof dst, 20, OPTIONAL, &e), e,
		       "control_character", "rlo");
	assert_invalid(field_line(j, "long", dst, sizeof dst, 9, OPTIONAL, &e), e, "too_long",
		       "long");
	assert_int_equal(field_line(j, "long", dst, sizeof dst, 10, OPTIONAL, &e), 0);
	/* The destination's size is a limit too. */
	char small[8];
	assert_invalid(field_line(j, "long", small, sizeof small, 0, OPTIONAL, &e), e,
		       "too_long", "long");
	json_decref(j);
}

static void test_date(void **state)
{
	(void)state;
	struct error e;
	char d[11];
	json_t *j = parse("{\"ok\":\"2024-02-29\", \"bad\":\"2023-02-29\", \"fmt\":\"29/02/2024\","
			  " \"num\":20240229, \"none\":null, \"long\":\"2024-02-290\"}");
	assert_int_equal(field_date(j, "ok", d, sizeof d, REQUIRED, &e), 0);
	assert_string_equal(d, "2024-02-29");
	assert_invalid(field_date(j, "bad", d, sizeof d, OPTIONAL, &e), e, "invalid_date", "bad");
	assert_invalid(field_date(j, "fmt", d, sizeof d, OPTIONAL, &e), e, "invalid_date", "fmt");
	assert_invalid(field_date(j, "num", d, sizeof d, OPTIONAL, &e), e, "invalid_date", "num");
	assert_invalid(field_date(j, "long", d, sizeof d, OPTIONAL, &e), e, "invalid_date",
		       "long");
	assert_int_equal(field_date(j, "none", d, sizeof d, OPTIONAL, &e), 0);
	assert_string_equal(d, "");
	snprintf(d, sizeof d, "2000-01-01");
	assert_int_equal(field_date(j, "missing", d, sizeof d, OPTIONAL, &e), 0);
	assert_string_equal(d, "2000-01-01");
	json_decref(j);
}

static void test_ints(void **state)
{
	(void)state;
	struct error e;
	int64_t v = 99;
	json_t *j = parse("{\"id\":7, \"zero\":0, \"neg\":-3, \"str\":\"7\", \"real\":7.0,"
			  " \"none\":null, \"big\":9223372036854775807, \"yes\":true}");
	assert_int_equal(field_id(j, "id", &v, REQUIRED, &e), 0);
	assert_int_equal(v, 7);
	assert_invalid(field_id(j, "zero", &v, OPTIONAL, &e), e, "out_of_range", "zero");
	assert_invalid(field_id(j, "neg", &v, OPTIONAL, &e), e, "out_of_range", "neg");
	assert_invalid(field_id(j, "str", &v, OPTIONAL, &e), e, "wrong_type", "str");
	assert_invalid(field_id(j, "real", &v, OPTIONAL, &e), e, "wrong_type", "real");
	assert_invalid(field_id(j, "big", &v, OPTIONAL, &e), e, "out_of_range", "big");
	assert_invalid(field_id(j, "yes", &v, OPTIONAL, &e), e, "wrong_type", "yes");
	v = 5;
	assert_int_equal(field_id(j, "none", &v, OPTIONAL, &e), 0);
	assert_int_equal(v, 0);
	v = 5;
	assert_int_equal(field_id(j, "missing", &v, OPTIONAL, &e), 0);
	assert_int_equal(v, 5);
	assert_invalid(field_id(j, "missing", &v, REQUIRED, &e), e, "required", "missing");

	assert_int_equal(field_int(j, "neg", -3, 3, &v, REQUIRED, &e), 0);
	assert_int_equal(v, -3);
	assert_invalid(field_int(j, "neg", -2, 3, &v, REQUIRED, &e), e, "out_of_range", "neg");
	assert_int_equal(field_int(j, "big", 0, INT64_MAX, &v, REQUIRED, &e), 0);
	assert_int_equal(v, INT64_MAX);
	json_decref(j);
}

static void test_bool_enum(void **state)
{
	(void)state;
	struct error e;
	static const char *const kinds[] = {"unit", "authority", NULL};
	json_t *j = parse("{\"t\":true, \"f\":false, \"n\":1, \"k\":\"authority\","
			  " \"bad\":\"Authority\", \"num\":1, \"nul\":null}");
	int b = -1, k = -1;
	assert_int_equal(field_bool(j, "t", &b, REQUIRED, &e), 0);
	assert_int_equal(b, 1);
	assert_int_equal(field_bool(j, "f", &b, REQUIRED, &e), 0);
	assert_int_equal(b, 0);
	assert_invalid(field_bool(j, "n", &b, OPTIONAL, &e), e, "wrong_type", "n");
	assert_int_equal(field_enum(j, "k", kinds, &k, REQUIRED, &e), 0);
	assert_int_equal(k, 1);
	assert_invalid(field_enum(j, "bad", kinds, &k, OPTIONAL, &e), e, "invalid_value", "bad");
	assert_non_null(strstr(e.message, "unit, authority"));
	assert_invalid(field_enum(j, "num", kinds, &k, OPTIONAL, &e), e, "invalid_value", "num");
	assert_invalid(field_enum(j, "nul", kinds, &k, OPTIONAL, &e), e, "invalid_value", "nul");
	k = 0;
	assert_int_equal(field_enum(j, "missing", kinds, &k, OPTIONAL, &e), 0);
	assert_int_equal(k, 0);
	json_decref(j);
}

static void test_ids(void **state)
{
	(void)state;
	struct error e;
	int64_t ids[3];
	size_t n = 99;
	json_t *j = parse("{\"ok\":[3,1,2], \"empty\":[], \"four\":[1,2,3,4], \"zero\":[1,0],"
			  " \"str\":[\"1\"], \"obj\":{\"a\":1}, \"nested\":[[1]]}");
	assert_int_equal(field_ids(j, "ok", ids, 3, &n, REQUIRED, &e), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], 3);
	assert_int_equal(ids[2], 2);
	assert_int_equal(field_ids(j, "empty", ids, 3, &n, REQUIRED, &e), 0);
	assert_int_equal(n, 0);
	/* More than fit is refused before anything is written past the end. */
	assert_invalid(field_ids(j, "four", ids, 3, &n, OPTIONAL, &e), e, "too_many", "four");
	assert_invalid(field_ids(j, "zero", ids, 3, &n, OPTIONAL, &e), e, "wrong_type", "zero");
	assert_invalid(field_ids(j, "str", ids, 3, &n, OPTIONAL, &e), e, "wrong_type", "str");
	assert_invalid(field_ids(j, "obj", ids, 3, &n, OPTIONAL, &e), e, "wrong_type", "obj");
	assert_invalid(field_ids(j, "nested", ids, 3, &n, OPTIONAL, &e), e, "wrong_type",
		       "nested");
	n = 42;
	assert_int_equal(field_ids(j, "missing", ids, 3, &n, OPTIONAL, &e), 0);
	assert_int_equal(n, 42);
	json_decref(j);
}

static void test_secret(void **state)
{
	(void)state;
	struct error e;
	char pw[16];
	json_t *j = parse("{\"pw\":\"  mật khẩu \", \"empty\":\"\", \"long\":\"0123456789abcdef\","
			  " \"num\":1}");
	/* Copied as is: no trimming, no normalization. */
	assert_int_equal(field_secret(j, "pw", pw, sizeof pw, REQUIRED, &e), 0);
	assert_string_equal(pw, "  mật khẩu ");
	assert_invalid(field_secret(j, "empty", pw, sizeof pw, REQUIRED, &e), e,
		       "invalid_length", "empty");
	assert_invalid(field_secret(j, "long", pw, sizeof pw, REQUIRED, &e), e,
		       "invalid_length", "long");
	assert_invalid(field_secret(j, "num", pw, sizeof pw, REQUIRED, &e), e, "wrong_type",
		       "num");
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_ints),
		cmocka_unit_test(test_bool_enum),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_secret),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
