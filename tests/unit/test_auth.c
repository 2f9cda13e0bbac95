/*
** Credentials (domain/auth.h): password rules, argon2id hashing, tokens,
** CSRF derivation, the login-throttling rule and usernames.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/auth.h"

static int setup(void **state)
{
	(void)state;
	return auth_init();
}

static int password_ok(const char *pw, char *code, size_t n)
{
	struct error e;
	err_clear(&e);
	int rc = auth_password_acceptable(pw, &e);
	if (rc != 0) {
		assert_int_equal(e.kind, ERR_INVALID);
		assert_string_equal(e.field, "password");
		snprintf(code, n, "%s", e.code);
	}
	return rc;
}

static void test_password_rules(void **state)
{
	(void)state;
	char code[48];
	assert_int_equal(password_ok("0123456789", code, sizeof code), 0);
	assert_int_equal(password_ok("012345678", code, sizeof code), -1);
	assert_string_equal(code, "password_too_short");
	assert_int_equal(password_ok("", code, sizeof code), -1);
	assert_string_equal(code, "password_too_short");
	/* Characters are counted, not bytes: 9 × "ễ" is 27 bytes but too short. */
	const char *e3 = "\xe1\xbb\x85";
	char buf[64] = "";
	for (int i = 0; i < 9; i++)
		strcat(buf, e3);
	assert_int_equal(password_ok(buf, code, sizeof code), -1);
	assert_string_equal(code, "password_too_short");
	strcat(buf, e3);
	assert_int_equal(password_ok(buf, code, sizeof code), 0);
	/* Up to PASSWORD_MAX_BYTES bytes, and not one more. */
	char *big = malloc(PASSWORD_MAX_BYTES + 2);
	assert_non_null(big);
	memset(big, 'p', PASSWORD_MAX_BYTES);
	big[PASSWORD_MAX_BYTES] = 0;
	assert_int_equal(password_ok(big, code, sizeof code), 0);
	big[PASSWORD_MAX_BYTES] = 'p';
	big[PASSWORD_MAX_BYTES + 1] = 0;
	assert_int_equal(password_ok(big, code, sizeof code), -1);
	assert_string_equal(code, "password_too_long");
	free(big);
}

/* The real argon2id: one hash, three checks (about 0.1 s each). */
static void test_password_hash_verify(void **state)
{
	(void)state;
	char hash[AUTH_PWHASH_CHARS];
	memset(hash, 0, sizeof hash);
	assert_int_equal(auth_hash_password("đúng mật khẩu 123", hash), 0);
	assert_true(strncmp(hash, "$argon2id$", 10) == 0);
	assert_non_null(memchr(hash, 0, sizeof hash));
	assert_null(strstr(hash, "mật khẩu"));
	assert_int_equal(auth_verify_password(hash, "đúng mật khẩu 123"), 1);
	assert_int_equal(auth_verify_password(hash, "đúng mật khẩu 124"), 0);
	assert_int_equal(auth_verify_password(hash, ""), 0);
	/* A broken stored hash never verifies (and costs nothing). */
	assert_int_equal(auth_verify_password("not a hash", "anything"), 0);
	assert_int_equal(auth_verify_password("", ""), 0);
}

static int is_b64url(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

static void test_token_format(void **state)
{
	(void)state;
	char a[AUTH_TOKEN_CHARS], b[AUTH_TOKEN_CHARS];
	auth_new_token("thd_", a, sizeof a);
	auth_new_token("thd_", b, sizeof b);
	/* prefix + base64url of 32 bytes without padding: 43 characters */
	assert_int_equal(strlen(a), 4 + 43);
	assert_true(strncmp(a, "thd_", 4) == 0);
	for (size_t i = 4; i < strlen(a); i++)
		if (!is_b64url(a[i]))
			fail_msg("token character %zu is '%c'", i, a[i]);
	assert_string_not_equal(a, b);
	/* An empty prefix works too. */
	auth_new_token("", a, sizeof a);
	assert_int_equal(strlen(a), 43);
	/* Too small a buffer yields an empty string, never a short token. */
	char small[20];
	memset(small, 'x', sizeof small);
	auth_new_token("thd_", small, sizeof small);
	assert_string_equal(small, "");
	char exact[4 + 44];
	auth_new_token("thd_", exact, sizeof exact);
	assert_int_equal(strlen(exact), 47);
	char one_short[4 + 43];
	auth_new_token("thd_", one_short, sizeof one_short);
	assert_string_equal(one_short, "");
}

static void test_token_uniqueness(void **state)
{
	(void)state;
	enum { N = 200 };
	static char tokens[N][AUTH_TOKEN_CHARS];
	for (int i = 0; i < N; i++)
		auth_new_token("s_", tokens[i], sizeof tokens[i]);
	for (int i = 0; i < N; i++)
		for (int j = i + 1; j < N; j++)
			assert_string_not_equal(tokens[i], tokens[j]);
}

static void test_token_hash(void **state)
{
	(void)state;
	unsigned char h1[AUTH_HASH_BYTES], h2[AUTH_HASH_BYTES], h3[AUTH_HASH_BYTES];
	auth_token_hash("thd_abc", h1);
	auth_token_hash("thd_abc", h2);
	auth_token_hash("thd_abd", h3);
	assert_memory_equal(h1, h2, sizeof h1);
	assert_memory_not_equal(h1, h3, sizeof h1);
	/* BLAKE2b-256 of the empty string, a known answer. */
	static const unsigned char empty[AUTH_HASH_BYTES] = {
		0x0e, 0x57, 0x51, 0xc0, 0x26, 0xe5, 0x43, 0xb2, 0xe8, 0xab, 0x2e,
		0xb0, 0x60, 0x99, 0xda, 0xa1, 0xd1, 0xe5, 0xdf, 0x47, 0x77, 0x8f,
		0x77, 0x87, 0xfa, 0xab, 0x45, 0xcd, 0xf1, 0x2f, 0xe3, 0xa8};
	auth_token_hash("", h1);
	assert_memory_equal(h1, empty, sizeof h1);
}

static void test_csrf(void **state)
{
	(void)state;
	char tok[AUTH_TOKEN_CHARS], other[AUTH_TOKEN_CHARS];
	char csrf[2 * AUTH_HASH_BYTES + 1], again[2 * AUTH_HASH_BYTES + 1];
	char csrf_other[2 * AUTH_HASH_BYTES + 1];
	auth_new_token("s_", tok, sizeof tok);
	auth_new_token("s_", other, sizeof other);
	auth_csrf_for(tok, csrf, sizeof csrf);
	auth_csrf_for(tok, again, sizeof again);
	auth_csrf_for(other, csrf_other, sizeof csrf_other);
	assert_int_equal(strlen(csrf), 2 * AUTH_HASH_BYTES);
	for (size_t i = 0; i < strlen(csrf); i++)
		assert_non_null(strchr("0123456789abcdef", csrf[i]));
	assert_string_equal(csrf, again);          /* derived, not random */
	assert_string_not_equal(csrf, csrf_other); /* per session */
	assert_null(strstr(csrf, tok));

	/* It is not the stored token hash itself. */
	unsigned char h[AUTH_HASH_BYTES];
	char hhex[2 * AUTH_HASH_BYTES + 1];
	auth_token_hash(tok, h);
	for (size_t i = 0; i < sizeof h; i++)
		snprintf(hhex + 2 * i, 3, "%02x", h[i]);
	assert_string_not_equal(csrf, hhex);

	assert_int_equal(auth_csrf_matches(tok, csrf), 1);
	assert_int_equal(auth_csrf_matches(tok, csrf_other), 0);
	assert_int_equal(auth_csrf_matches(other, csrf), 0);
	assert_int_equal(auth_csrf_matches(tok, NULL), 0);
	assert_int_equal(auth_csrf_matches(tok, ""), 0);
	char wrong[2 * AUTH_HASH_BYTES + 2];
	snprintf(wrong, sizeof wrong, "%s", csrf);
	wrong[2 * AUTH_HASH_BYTES - 1] = 0; /* one short */
	assert_int_equal(auth_csrf_matches(tok, wrong), 0);
	snprintf(wrong, sizeof wrong, "%s0", csrf); /* one too many */
	assert_int_equal(auth_csrf_matches(tok, wrong), 0);
	snprintf(wrong, sizeof wrong, "%s", csrf);
	wrong[10] = wrong[10] == 'a' ? 'b' : 'a'; /* one character changed */
	assert_int_equal(auth_csrf_matches(tok, wrong), 0);
	for (size_t i = 0; wrong[i]; i++) /* upper case hex is another string */
		wrong[i] = csrf[i] >= 'a' && csrf[i] <= 'f' ? (char)(csrf[i] - 32) : csrf[i];
	if (strcmp(wrong, csrf) != 0)
		assert_int_equal(auth_csrf_matches(tok, wrong), 0);

	/* A buffer too small gets an empty string. */
	char small[16];
	memset(small, 'x', sizeof small);
	auth_csrf_for(tok, small, sizeof small);
	assert_string_equal(small, "");
}

static void test_throttle(void **state)
{
	(void)state;
	const struct throttle_rule r = {5, 900};
	int retry = -1;
	/* Below the limit: never blocked. */
	assert_int_equal(throttle_blocked(&r, 0, 1000, 1000, &retry), 0);
	assert_int_equal(throttle_blocked(&r, 4, 1000, 1000, &retry), 0);
	/* At the limit, inside the window: blocked until the window ends. */
	assert_int_equal(throttle_blocked(&r, 5, 1000, 1000, &retry), 1);
	assert_int_equal(retry, 900);
	assert_int_equal(throttle_blocked(&r, 5, 1000, 1300, &retry), 1);
	assert_int_equal(retry, 600);
	assert_int_equal(throttle_blocked(&r, 50, 1000, 1899, &retry), 1);
	assert_int_equal(retry, 1);
	/* The window is over: the count no longer matters. */
	assert_int_equal(throttle_blocked(&r, 5, 1000, 1900, &retry), 0);
	assert_int_equal(throttle_blocked(&r, 500, 1000, 100000, &retry), 0);
	/* A window start in the future (clock moved back) still blocks. */
	assert_int_equal(throttle_blocked(&r, 5, 2000, 1990, &retry), 1);
	assert_true(retry >= 1);
	/* max_failures 1: the first failure blocks the next try. */
	const struct throttle_rule strict = {1, 60};
	assert_int_equal(throttle_blocked(&strict, 0, 0, 10, &retry), 0);
	assert_int_equal(throttle_blocked(&strict, 1, 0, 10, &retry), 1);
	assert_int_equal(retry, 50);
}

static int username_ok(const char *u)
{
	struct error e;
	err_clear(&e);
	int rc = auth_username_valid(u, &e);
	if (rc != 0) {
		assert_int_equal(e.kind, ERR_INVALID);
		assert_string_equal(e.code, "invalid_username");
		assert_string_equal(e.field, "username");
	}
	return rc;
}

static void test_username(void **state)
{
	(void)state;
	assert_int_equal(username_ok("abc"), 0);
	assert_int_equal(username_ok("a.b_c-d9"), 0);
	assert_int_equal(username_ok("ab"), -1);
	assert_int_equal(username_ok(""), -1);
	char u[66];
	memset(u, 'u', 64);
	u[64] = 0;
	assert_int_equal(username_ok(u), 0);
	u[64] = 'u';
	u[65] = 0;
	assert_int_equal(username_ok(u), -1);
	assert_int_equal(username_ok("Admin"), -1);
	assert_int_equal(username_ok("a b"), -1);
	assert_int_equal(username_ok("an@x"), -1);
	assert_int_equal(username_ok("nguy\xe1\xbb\x85n"), -1);
	assert_int_equal(username_ok("abc\n"), -1);
	assert_int_equal(username_ok("../etc"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_rules),
		cmocka_unit_test(test_password_hash_verify),
		cmocka_unit_test(test_token_format),
		cmocka_unit_test(test_token_uniqueness),
		cmocka_unit_test(test_token_hash),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test(test_throttle),
		cmocka_unit_test(test_username),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
