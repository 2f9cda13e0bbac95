/*
** Vietnamese text (core/text.h): cleaning to NFC, the folded search key
** and the collation key. Strings are written as UTF-8 byte escapes where
** the normalization form matters, so an editor cannot change them.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/text.h"

/* "Nguyễn" in NFC (ễ = U+1EC5) and in NFD (e + U+0302 + U+0303). */
#define NGUYEN_NFC "Nguy\xe1\xbb\x85n"
#define NGUYEN_NFD "Nguye\xcc\x82\xcc\x83n"

static void expect_line(const char *in, size_t max, const char *want)
{
	const char *why = NULL;
	char *out = text_clean_line(in, max, &why);
	if (!out)
		fail_msg("text_clean_line(\"%s\") failed: %s", in, why);
	assert_string_equal(out, want);
	free(out);
}

static void expect_line_error(const char *in, size_t max, const char *want_why)
{
	const char *why = NULL;
	char *out = text_clean_line(in, max, &why);
	if (out) {
		fail_msg("text_clean_line accepted \"%s\" as \"%s\"", in, out);
		free(out);
	}
	assert_non_null(why);
	assert_string_equal(why, want_why);
}

static void expect_block(const char *in, const char *want)
{
	const char *why = NULL;
	char *out = text_clean_block(in, 0, &why);
	if (!out)
		fail_msg("text_clean_block failed: %s", why);
	assert_string_equal(out, want);
	free(out);
}

static void test_clean_line_nfc(void **state)
{
	(void)state;
	expect_line(NGUYEN_NFD, 0, NGUYEN_NFC);
	expect_line(NGUYEN_NFC, 0, NGUYEN_NFC);
	/* "Đức" with the tone written as a combining mark after "ư" */
	expect_line("\xc4\x90\xc6\xb0\xcc\x81\x63", 0, "\xc4\x90\xe1\xbb\xa9\x63");
	/* Plain ASCII passes through untouched. */
	expect_line("Ban Tổ chức", 0, "Ban Tổ chức");
}

static void test_clean_line_spaces(void **state)
{
	(void)state;
	expect_line("  Nguyễn   Văn  An  ", 0, "Nguyễn Văn An");
	expect_line("a b", 0, "a b");
	/* No-break space, ideographic space and en quad count as white space. */
	expect_line("a\xc2\xa0\xc2\xa0" "b", 0, "a b");
	expect_line("\xe3\x80\x80" "a\xe2\x80\x80" "b\xe3\x80\x80", 0, "a b");
	expect_line("x", 0, "x");
}

static void test_clean_line_empty(void **state)
{
	(void)state;
	expect_line_error("", 0, "empty");
	expect_line_error("    ", 0, "empty");
	expect_line_error("\xc2\xa0", 0, "empty");
}

static void test_clean_line_invalid_utf8(void **state)
{
	(void)state;
	expect_line_error("\xff", 0, "invalid_utf8");
	expect_line_error("abc\xc3", 0, "invalid_utf8");            /* truncated */
	expect_line_error("\xc0\xaf", 0, "invalid_utf8");           /* overlong '/' */
	expect_line_error("\xed\xa0\x80", 0, "invalid_utf8");       /* surrogate */
	expect_line_error("\xf4\x90\x80\x80", 0, "invalid_utf8");   /* > U+10FFFF */
	expect_line_error("Nguy\xe1\xbb", 0, "invalid_utf8");
}

static void test_clean_line_controls(void **state)
{
	(void)state;
	expect_line_error("a\x01" "b", 0, "control_character");
	expect_line_error("a\x7f", 0, "control_character");
	expect_line_error("a\x1b[31m", 0, "control_character");     /* terminal escape */
	expect_line_error("a\nb", 0, "control_character");          /* one line only */
	expect_line_error("\xcc\x81\xcc\x81", 0, "starts_with_mark"); /* marks on nothing */
	expect_line_error("  \xcc\x83" "a", 0, "starts_with_mark");
	expect_line_error("a\rb", 0, "control_character");
	expect_line_error("a\xc2\x85" "b", 0, "control_character"); /* C1 NEL */
	expect_line_error("a\xe2\x80\xa8" "b", 0, "control_character"); /* LINE SEPARATOR */
	/* Bidirectional overrides and isolates can disguise a name. */
	expect_line_error("abc\xe2\x80\xae" "fed", 0, "control_character"); /* RLO */
	expect_line_error("abc\xe2\x80\xaa", 0, "control_character");       /* LRE */
	expect_line_error("\xe2\x81\xa6" "abc", 0, "control_character");    /* LRI */
	expect_line_error("\xe2\x81\xa9", 0, "control_character");          /* PDI */
	expect_line_error("\xef\xbb\xbf" "abc", 0, "control_character");    /* BOM */
}

static void test_clean_line_length(void **state)
{
	(void)state;
	/* max_chars counts characters after NFC: NFD "Nguyễn" has 8 code
	 * points but 6 characters. */
	expect_line(NGUYEN_NFD, 6, NGUYEN_NFC);
	expect_line_error(NGUYEN_NFD, 5, "too_long");
	expect_line("  abc  ", 3, "abc"); /* trimmed before counting */
	expect_line_error("abcd", 3, "too_long");
	char big[2001];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	expect_line_error(big, 255, "too_long");
	const char *why = NULL;
	char *out = text_clean_line(big, 0, &why); /* 0: no cap */
	assert_non_null(out);
	assert_int_equal(strlen(out), 2000);
	free(out);
}

static void test_clean_block(void **state)
{
	(void)state;
	expect_block("line one\r\nline two\n\n  indented\tcell  \n\n",
		     "line one\nline two\n\n  indented\tcell");
	expect_block("\n\n  text", "text");
	expect_block("a  b", "a  b"); /* spaces inside a line are kept */
	expect_block(NGUYEN_NFD "\n" NGUYEN_NFD, NGUYEN_NFC "\n" NGUYEN_NFC);
	/* A lone CR (old Mac files) is a line break, not nothing. */
	expect_block("one\rtwo\r\nthree\r", "one\ntwo\nthree");
	/* A mark after a line break stays apart from the letter before it:
	 * the result is still NFC (found by fuzz_text). */
	expect_block("e\r\xcc\x83", "e\n\xcc\x83");
	expect_block("e\r\n\xcc\x83", "e\n\xcc\x83");
	const char *why = NULL;
	assert_null(text_clean_block("a\x01", 0, &why));
	assert_string_equal(why, "control_character");
	assert_null(text_clean_block("a\xe2\x80\xae", 0, &why));
	assert_string_equal(why, "control_character");
	assert_null(text_clean_block("\n\t \n", 0, &why));
	assert_string_equal(why, "empty");
	assert_null(text_clean_block("a\xfe", 0, &why));
	assert_string_equal(why, "invalid_utf8");
	assert_null(text_clean_block("abcd", 3, &why));
	assert_string_equal(why, "too_long");
}

static void expect_fold(const char *in, const char *want)
{
	char *out = text_fold(in);
	if (!out)
		fail_msg("text_fold(\"%s\") failed", in);
	assert_string_equal(out, want);
	free(out);
}

static void test_fold(void **state)
{
	(void)state;
	expect_fold("Nguyễn Văn Đức", "nguyen van duc");
	expect_fold("ĐẶNG", "dang");
	expect_fold("đặng", "dang");
	expect_fold(NGUYEN_NFD, "nguyen");
	expect_fold(NGUYEN_NFC, "nguyen");
	expect_fold("Trần Thị Hương", "tran thi huong");
	expect_fold("Ủy ban Nhân dân tỉnh Quảng Ninh", "uy ban nhan dan tinh quang ninh");
	expect_fold("ƯỚC ƠN Ở", "uoc on o");
	expect_fold("  Lê   Lợi ", "le loi");
	expect_fold("Sở GD&ĐT 2025", "so gd&dt 2025");
	expect_fold("", "");
	assert_null(text_fold("\xff"));
	assert_null(text_fold("Nguy\xe1\xbb"));
}

/* Compare two texts by their collation keys. */
static int key_cmp(const char *a, const char *b)
{
	unsigned char *ka = NULL, *kb = NULL;
	size_t na = 0, nb = 0;
	assert_int_equal(text_sort_key(a, &ka, &na), 0);
	assert_int_equal(text_sort_key(b, &kb, &nb), 0);
	size_t m = na < nb ? na : nb;
	int r = memcmp(ka, kb, m);
	if (r == 0)
		r = (na > nb) - (na < nb);
	free(ka);
	free(kb);
	return r;
}

/* Each string must sort strictly before the next. */
static void expect_order(const char *const *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (key_cmp(s[i], s[j]) >= 0)
				fail_msg("\"%s\" does not sort before \"%s\"", s[i], s[j]);
}

static void test_sort_d_before_dd(void **state)
{
	(void)state;
	static const char *const words[] = {"Dung", "Dương", "Đào", "Đông", "Em"};
	expect_order(words, sizeof words / sizeof words[0]);
	/* Đ is a letter of its own: every word in Đ follows every word in D. */
	assert_true(key_cmp("Dzzz", "Đa") < 0);
	assert_true(key_cmp("Đzzz", "Ea") < 0);
}

static void test_sort_alphabet(void **state)
{
	(void)state;
	/* The Vietnamese alphabet, in its order. */
	static const char *const upper[] = {
		"A", "Ă", "Â", "B", "C", "D", "Đ", "E", "Ê", "G", "H", "I", "K", "L",
		"M", "N", "O", "Ô", "Ơ", "P", "Q", "R", "S", "T", "U", "Ư", "V", "X", "Y"};
	static const char *const lower[] = {
		"a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l",
		"m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y"};
	expect_order(upper, sizeof upper / sizeof upper[0]);
	expect_order(lower, sizeof lower / sizeof lower[0]);
	/* The base letter decides before the tone does. */
	static const char *const words[] = {"an", "ạn", "ăn", "ắn", "ân", "bán"};
	expect_order(words, sizeof words / sizeof words[0]);
}

static void test_sort_tones(void **state)
{
	(void)state;
	/* Tone order: ngang, huyền, hỏi, ngã, sắc, nặng (what ICU's "vi" gives). */
	static const char *const a[] = {"a", "à", "ả", "ã", "á", "ạ"};
	static const char *const ma[] = {"ma", "mà", "mả", "mã", "má", "mạ"};
	static const char *const o[] = {"ơ", "ờ", "ở", "ỡ", "ớ", "ợ"};
	expect_order(a, 6);
	expect_order(ma, 6);
	expect_order(o, 6);
	/* A tone decides only between otherwise equal words. */
	assert_true(key_cmp("má", "mb") < 0);
	assert_true(key_cmp("mạ", "mă") < 0);
}

static void test_sort_names(void **state)
{
	(void)state;
	static const char *const names[] = {
		"An Lão", "Ân Thi", "Bắc Ninh", "Cao Bằng", "Dương Kinh", "Đà Nẵng",
		"Đông Anh", "Em", "Ô Môn", "Ơn", "Ứng Hòa", "Yên Bái"};
	expect_order(names, sizeof names / sizeof names[0]);
}

static void test_sort_key_properties(void **state)
{
	(void)state;
	unsigned char *k1 = NULL, *k2 = NULL;
	size_t n1 = 0, n2 = 0;
	/* NFC and NFD spellings get the same key. */
	assert_int_equal(text_sort_key(NGUYEN_NFC, &k1, &n1), 0);
	assert_int_equal(text_sort_key(NGUYEN_NFD, &k2, &n2), 0);
	assert_int_equal(n1, n2);
	assert_memory_equal(k1, k2, n1);
	/* The key carries no trailing NUL, so prefixes compare as prefixes. */
	assert_true(n1 > 0);
	assert_int_not_equal(k1[n1 - 1], 0);
	free(k1);
	free(k2);
	assert_true(key_cmp("", "a") < 0);
	assert_true(key_cmp("Nguyễn", "Nguyễn Văn") < 0);
	/* Case is a tie-breaker only. */
	assert_true(key_cmp("a", "A") < 0);
	assert_true(key_cmp("A", "b") < 0);
	assert_int_equal(key_cmp("abc", "abc"), 0);
	/* Invalid UTF-8 is refused. */
	k1 = NULL;
	assert_int_equal(text_sort_key("\xff", &k1, &n1), -1);
	assert_int_equal(text_sort_key("ab\xe1\xbb", &k1, &n1), -1);
	assert_null(k1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_line_nfc),
		cmocka_unit_test(test_clean_line_spaces),
		cmocka_unit_test(test_clean_line_empty),
		cmocka_unit_test(test_clean_line_invalid_utf8),
		cmocka_unit_test(test_clean_line_controls),
		cmocka_unit_test(test_clean_line_length),
		cmocka_unit_test(test_clean_block),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_sort_d_before_dd),
		cmocka_unit_test(test_sort_alphabet),
		cmocka_unit_test(test_sort_tones),
		cmocka_unit_test(test_sort_names),
		cmocka_unit_test(test_sort_key_properties),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
