/*
** The record of secret ballots (domain/receipt.h) and the ballot rules
** around it (domain/ballot.h): receipt codes, how a typed receipt is read
** back and hashed, the random keys of stored ballots, the stored form of
** choices (one mark per candidate, the same width for every ballot of a
** ballot), counting stored ballots with paper counts, the published
** digest (checked against digests made independently with `printf … |
** sha256sum`), how many ballots a published count needs, the names of
** the enums, paper counts at their edges, and the status a ballot must be
** in for each act.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"

#include "domain/ballot.h"
#include "domain/receipt.h"

#define N_OF(a) (sizeof(a) / sizeof *(a))

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* ---- receipt codes ---- */

static int cmp_code(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* "XXXX-XXXX-XXXX-XXXX-XXXX-XXXX": 24 Crockford characters, 29 in all. */
static void assert_receipt_format(const char *r)
{
	if (strlen(r) != RECEIPT_TEXT_BYTES - 1)
		fail_msg("receipt \"%s\" is %zu characters long", r, strlen(r));
	for (size_t i = 0; i < RECEIPT_TEXT_BYTES - 1; i++) {
		if (i % 5 == 4) {
			if (r[i] != '-')
				fail_msg("receipt \"%s\": no dash at %zu", r, i);
		} else if (!strchr(crockford, r[i]) || r[i] == 0) {
			fail_msg("receipt \"%s\": '%c' is not Crockford base32", r, r[i]);
		}
	}
}

static void test_receipt_new(void **state)
{
	(void)state;
	enum { N = 2000 };
	static char codes[N][RECEIPT_TEXT_BYTES];
	/* how often each symbol appeared at each of the 24 places */
	static int seen[RECEIPT_CODE_CHARS][32];
	memset(seen, 0, sizeof seen);
	for (int i = 0; i < N; i++) {
		memset(codes[i], 'x', sizeof codes[i]);
		receipt_new(codes[i]);
		assert_receipt_format(codes[i]);
		/* what a voter is given reads back as itself */
		char code[RECEIPT_CODE_CHARS + 1];
		assert_int_equal(receipt_normalize(codes[i], code), 0);
		for (int k = 0, at = 0; k < RECEIPT_CODE_CHARS; k++, at++) {
			if (at % 5 == 4)
				at++;
			assert_int_equal(code[k], codes[i][at]);
			seen[k][strchr(crockford, code[k]) - crockford]++;
		}
	}
	qsort(codes, N, sizeof codes[0], cmp_code);
	for (int i = 1; i < N; i++)
		if (strcmp(codes[i - 1], codes[i]) == 0)
			fail_msg("receipt %s was given twice", codes[i]);
	/*
	 * Every symbol shows up at every place: all 120 random bits are used,
	 * the last five included. Absent by chance: (31/32)^2000 < 1e-27.
	 */
	for (int k = 0; k < RECEIPT_CODE_CHARS; k++)
		for (int v = 0; v < 32; v++)
			if (seen[k][v] == 0)
				fail_msg("'%c' never appeared at place %d of %d receipts",
					 crockford[v], k, N);
}

static void assert_normalizes(const char *typed, const char *want)
{
	char out[RECEIPT_CODE_CHARS + 1];
	if (receipt_normalize(typed, out) != 0)
		fail_msg("\"%s\" was refused", typed);
	assert_string_equal(out, want);
}

/* Refused, and nothing written past the 25 bytes of out. */
static void assert_refused(const char *typed)
{
	char buf[RECEIPT_CODE_CHARS + 1 + 16];
	memset(buf, '#', sizeof buf);
	if (receipt_normalize(typed, buf) != -1)
		fail_msg("\"%s\" was accepted as \"%.*s\"", typed, RECEIPT_CODE_CHARS, buf);
	for (size_t i = RECEIPT_CODE_CHARS + 1; i < sizeof buf; i++)
		if (buf[i] != '#')
			fail_msg("\"%.40s…\" wrote past the output", typed);
}

static void test_receipt_normalize(void **state)
{
	(void)state;
	const char *want = "7K3DWXYZ0000111122223333";
	assert_normalizes("7K3D-WXYZ-0000-1111-2222-3333", want);
	assert_normalizes("7K3DWXYZ0000111122223333", want);
	assert_normalizes("7k3d-wxyz-0000-1111-2222-3333", want);
	assert_normalizes("7K3D WXYZ 0000 1111 2222 3333", want);
	/* dashes and spaces anywhere, any number of them */
	assert_normalizes(" -7K3DW-XYZ0000  111122223333- ", want);
	assert_normalizes("7-K-3-D-W-X-Y-Z-0-0-0-0-1-1-1-1-2-2-2-2-3-3-3-3", want);
	/* O is read as 0, I and L as 1, in either case */
	assert_normalizes("7K3D-WXYZ-OoOo-1111-2222-3333", want);
	assert_normalizes("7K3D-WXYZ-0000-IiLl-2222-3333", want);
	assert_normalizes("7K3D-WXYZ-oooo-iill-2222-3333", want);
	/* every symbol of the alphabet, lower case too */
	assert_normalizes("0123-4567-89AB-CDEF-GHJK-MNPQ", "0123456789ABCDEFGHJKMNPQ");
	assert_normalizes("rstv-wxyz-abcd-efgh-jkmn-pqrs", "RSTVWXYZABCDEFGHJKMNPQRS");

	/* one character too few or too many */
	assert_refused("7K3D-WXYZ-0000-1111-2222-333");
	assert_refused("7K3D-WXYZ-0000-1111-2222-33333");
	assert_refused("7K3D-WXYZ-0000-1111-2222-3333-7");
	assert_refused("");
	assert_refused("-");
	assert_refused("---- ----");
	assert_refused("7K3D");
	/* not in the alphabet: U (left out of Crockford's), punctuation, bytes */
	static const char *const bad[] = {"U", "u", "_", ".", "/", "%", "+", "~", "*", "\t",
					  "\n", ":", "=", "\xc3\xa9", "\xff", "\x7f"};
	for (size_t i = 0; i < N_OF(bad); i++) {
		char typed[64];
		snprintf(typed, sizeof typed, "7K3D-WXYZ-%s000-1111-2222-3333", bad[i]);
		assert_refused(typed); /* in place of a character */
		snprintf(typed, sizeof typed, "7K3D-WXYZ-0000-1111-2222-333%s", bad[i]);
		assert_refused(typed); /* at the end */
		snprintf(typed, sizeof typed, "%s7K3D-WXYZ-0000-1111-2222-3333", bad[i]);
		assert_refused(typed); /* as a 25th character */
	}
	/* far too long: refused without writing past out */
	char long_code[300];
	memset(long_code, 'A', sizeof long_code - 1);
	long_code[sizeof long_code - 1] = 0;
	assert_refused(long_code);
	assert_refused("0123456789ABCDEFGHJKMNPQ0123456789ABCDEFGHJKMNPQ");
}

static void test_receipt_hash(void **state)
{
	(void)state;
	char h[RECEIPT_HASH_BYTES];
	memset(h, 'x', sizeof h);
	/* printf %s 0123456789ABCDEFGHJKMNPQ | sha256sum */
	receipt_hash("0123456789ABCDEFGHJKMNPQ", h);
	assert_string_equal(h, "29ccd886d929fe050396086d70689724e32c8f9ace972d0f1419883adc9e0ee2");
	/* printf %s 7K3DWXYZ0000111122223333 | sha256sum */
	receipt_hash("7K3DWXYZ0000111122223333", h);
	assert_string_equal(h, "8f4d194d8a50a73d415b35a3b0626702df129015eb710d0701b0b617d816ead8");
	/* the receipt as typed finds the same stored hash once normalized */
	char code[RECEIPT_CODE_CHARS + 1];
	assert_int_equal(receipt_normalize("7k3d wxyz oooo iill 2222 3333", code), 0);
	receipt_hash(code, h);
	assert_string_equal(h, "8f4d194d8a50a73d415b35a3b0626702df129015eb710d0701b0b617d816ead8");
}

/* ---- the keys of stored ballots ---- */

static int cmp_key(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* 32 lower-case hex digits (128 random bits), never twice, every bit used. */
static void test_vote_key_new(void **state)
{
	(void)state;
	enum { N = 2000, CHARS = VOTE_KEY_BYTES - 1 };
	static char keys[N][VOTE_KEY_BYTES + 8];
	static int seen[CHARS][16];
	static const char hex[] = "0123456789abcdef";
	assert_int_equal(CHARS, 32);
	memset(seen, 0, sizeof seen);
	for (int i = 0; i < N; i++) {
		memset(keys[i], '#', sizeof keys[i]);
		vote_key_new(keys[i]);
		if (strlen(keys[i]) != CHARS)
			fail_msg("key \"%.40s\" is %zu characters long", keys[i], strlen(keys[i]));
		for (size_t k = VOTE_KEY_BYTES; k < sizeof keys[i]; k++)
			if (keys[i][k] != '#')
				fail_msg("vote_key_new wrote past its %d bytes", VOTE_KEY_BYTES);
		for (int k = 0; k < CHARS; k++) {
			const char *at = keys[i][k] ? strchr(hex, keys[i][k]) : NULL;
			if (!at)
				fail_msg("key \"%s\": '%c' is not a lower-case hex digit", keys[i],
					 keys[i][k]);
			seen[k][at - hex]++;
		}
	}
	qsort(keys, N, sizeof keys[0], cmp_key);
	for (int i = 1; i < N; i++)
		if (strcmp(keys[i - 1], keys[i]) == 0)
			fail_msg("key %s was given twice", keys[i]);
	/* every digit at every place: absent by chance (15/16)^2000 < 1e-55 */
	for (int k = 0; k < CHARS; k++)
		for (int v = 0; v < 16; v++)
			if (seen[k][v] == 0)
				fail_msg("'%c' never appeared at place %d of %d keys", hex[v], k, N);
}

/* ---- the stored form of choices: one mark per candidate ---- */

/* choices_format(ids, n, n_candidates) gives want, and writes nothing past it. */
static void assert_format(const int *ids, size_t n, size_t n_candidates, const char *want)
{
	char out[MARKS_BYTES + 16];
	memset(out, '#', sizeof out);
	choices_format(ids, n, n_candidates, out);
	assert_string_equal(out, want);
	assert_int_equal(strlen(out), n_candidates);
	for (size_t i = strlen(want) + 1; i < sizeof out; i++)
		if (out[i] != '#')
			fail_msg("choices_format wrote past \"%s\" at %zu", want, i);
}

static void test_choices_format(void **state)
{
	(void)state;
	int none[1] = {5};
	assert_format(none, 0, 3, "000"); /* a blank ballot: as wide as any other */
	assert_format(none, 0, 1, "0");
	assert_format(none, 0, 0, "");    /* no candidates, nothing to mark */
	int one[] = {2};
	assert_format(one, 1, 3, "010");
	assert_format(one, 1, 2, "01");
	int first_last[] = {7, 1};
	assert_format(first_last, 2, 7, "1000001");
	int unsorted[] = {4, 1, 3};
	assert_format(unsorted, N_OF(unsorted), 4, "1011");
	int all[] = {3, 2, 1};
	assert_format(all, N_OF(all), 3, "111"); /* a full approval */
	/* a repeated id marks its candidate once */
	int twice[] = {2, 2};
	assert_format(twice, 2, 3, "010");
	/* the caller's array is left as it was */
	assert_int_equal(unsorted[0], 4);
	assert_int_equal(unsorted[2], 3);
	/* ids that are no candidate of the ballot mark nothing, nor anything past it */
	int outside[] = {0, -1, 4, 200, 201, 1 << 30};
	assert_format(outside, N_OF(outside), 3, "000");

	/* every ballot of a ballot is the same size, whatever it holds */
	int many[] = {1, 5, 9, 12};
	for (size_t k = 0; k <= N_OF(many); k++) {
		char out[MARKS_BYTES];
		choices_format(many, k, 12, out);
		assert_int_equal(strlen(out), 12);
	}

	/* the most a ballot can hold fits, and reads back */
	int ids[BALLOT_CANDIDATES_MAX], back[BALLOT_CANDIDATES_MAX];
	for (int i = 0; i < BALLOT_CANDIDATES_MAX; i++)
		ids[i] = BALLOT_CANDIDATES_MAX - i;
	char out[MARKS_BYTES];
	memset(out, '#', sizeof out);
	choices_format(ids, BALLOT_CANDIDATES_MAX, BALLOT_CANDIDATES_MAX, out);
	assert_int_equal(strlen(out), BALLOT_CANDIDATES_MAX);
	assert_int_equal(strspn(out, "1"), BALLOT_CANDIDATES_MAX);
	size_t n = 0;
	assert_int_equal(choices_parse(out, BALLOT_CANDIDATES_MAX, back, &n), 0);
	assert_int_equal(n, BALLOT_CANDIDATES_MAX);
	for (int i = 0; i < BALLOT_CANDIDATES_MAX; i++)
		assert_int_equal(back[i], i + 1);
	/* one of 200, the last */
	int last[] = {BALLOT_CANDIDATES_MAX};
	choices_format(last, 1, BALLOT_CANDIDATES_MAX, out);
	assert_int_equal(strspn(out, "0"), BALLOT_CANDIDATES_MAX - 1);
	assert_string_equal(out + BALLOT_CANDIDATES_MAX - 1, "1");
}

static void assert_parses(const char *marks, size_t n_candidates, const int *want,
			  size_t n_want)
{
	int ids[BALLOT_CANDIDATES_MAX];
	size_t n = 99;
	if (choices_parse(marks, n_candidates, ids, &n) != 0)
		fail_msg("\"%s\" (%zu candidates) was refused", marks, n_candidates);
	assert_int_equal(n, n_want);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ids[i], want[i]);
}

static void assert_not_parsed(const char *marks, size_t n_candidates)
{
	int ids[BALLOT_CANDIDATES_MAX];
	size_t n = 0;
	if (choices_parse(marks, n_candidates, ids, &n) != -1)
		fail_msg("\"%s\" was read as %zu choices of %zu candidates", marks, n,
			 n_candidates);
}

static void test_choices_parse(void **state)
{
	(void)state;
	assert_parses("000", 3, NULL, 0); /* a blank ballot */
	assert_parses("", 0, NULL, 0);    /* no candidates */
	int a[] = {1};
	assert_parses("1", 1, a, 1);
	assert_parses("100", 3, a, 1);
	int b[] = {1, 4};
	assert_parses("1001", 4, b, 2);
	int c[] = {2, 10, 12};
	assert_parses("010000000101", 12, c, 3);
	int d[] = {1, 2, 3};
	assert_parses("111", 3, d, 3); /* a full approval */

	/* round trip: format, parse, format again */
	int ids[] = {9, 2, 150, 33};
	char marks[MARKS_BYTES], again[MARKS_BYTES];
	int back[BALLOT_CANDIDATES_MAX];
	size_t n = 0;
	choices_format(ids, N_OF(ids), 160, marks);
	assert_int_equal(choices_parse(marks, 160, back, &n), 0);
	assert_int_equal(n, N_OF(ids));
	int sorted[] = {2, 9, 33, 150};
	for (size_t i = 0; i < n; i++)
		assert_int_equal(back[i], sorted[i]);
	choices_format(back, n, 160, again);
	assert_string_equal(again, marks);

	/* the wrong width: narrower or wider than the ballot has candidates */
	assert_not_parsed("10", 3);
	assert_not_parsed("1", 3);
	assert_not_parsed("1000", 3);
	assert_not_parsed("0000", 3);
	assert_not_parsed("0", 0);
	assert_not_parsed("1", 0);
	assert_not_parsed(marks, 159);
	assert_not_parsed(marks, 161);
	/* empty, when the ballot has candidates */
	assert_not_parsed("", 1);
	assert_not_parsed("", 3);
	assert_not_parsed("", BALLOT_CANDIDATES_MAX);
	/* marks other than 0 and 1, at the right width */
	static const char *const bad[] = {
		"102", "a00", "00a", "0 1", " 01", "01 ", "01\n", "+01", "-01", "1,3",
		"2,3", "0x1", "0\xc3\xa9", "1\t0", "O10", "l00", "010\r",
	};
	for (size_t i = 0; i < N_OF(bad); i++)
		assert_not_parsed(bad[i], strlen(bad[i]));
	/* the old text form is not a stored form any more */
	assert_not_parsed("1,3", 3);
	assert_not_parsed("2", 3);
}

/*
** -1 for anything that is not what choices_format writes: every text of
** up to five characters from '0', '1' and a few others, for 0 to 5
** candidates, is read exactly when it is n_candidates marks of '0' or
** '1', and then it is written back the same.
*/
static void test_choices_parse_only_stored_form(void **state)
{
	(void)state;
	static const char alphabet[] = "01 2a,";
	const size_t k = sizeof alphabet - 1;
	int failed = 0;
	for (size_t len = 0; len <= 5; len++) {
		size_t total = 1;
		for (size_t i = 0; i < len; i++)
			total *= k;
		for (size_t code = 0; code < total; code++) {
			char text[8];
			size_t c = code;
			for (size_t i = 0; i < len; i++, c /= k)
				text[i] = alphabet[c % k];
			text[len] = 0;
			int marks_only = strspn(text, "01") == len;
			for (size_t n_cand = 0; n_cand <= 5; n_cand++) {
				int ids[BALLOT_CANDIDATES_MAX];
				size_t n = 0;
				int rc = choices_parse(text, n_cand, ids, &n);
				int want = marks_only && len == n_cand ? 0 : -1;
				if (rc != want) {
					print_error("\"%s\" for %zu candidates: %d, not %d\n", text,
						    n_cand, rc, want);
					failed = 1;
					continue;
				}
				if (rc != 0)
					continue;
				char again[MARKS_BYTES];
				choices_format(ids, n, n_cand, again);
				if (strcmp(again, text) != 0) {
					print_error("\"%s\" reads back as \"%s\"\n", text, again);
					failed = 1;
				}
			}
		}
	}
	if (failed)
		fail_msg("choices_parse reads text choices_format never writes");
}

/* ---- counting what was stored ---- */

#define MAX_TEST_CANDIDATES 12

struct test_ballot {
	struct ballot b;
	struct ballot_candidate k[MAX_TEST_CANDIDATES];
};

/* A ballot of n candidates and eligible voters; no paper counts. */
static void make_ballot(struct test_ballot *t, size_t n, int64_t eligible)
{
	memset(t, 0, sizeof *t);
	t->b.rules.kind = BALLOT_APPROVE_EACH;
	t->b.candidates = t->k;
	t->b.n_candidates = n;
	t->b.eligible = eligible;
	for (size_t i = 0; i < n; i++)
		t->k[i].id = (int)i + 1;
}

static void set_paper(struct test_ballot *t, int64_t ballots, int64_t blank, int64_t invalid,
		      const int64_t *votes)
{
	t->b.has_paper = 1;
	t->b.paper_ballots = ballots;
	t->b.paper_blank = blank;
	t->b.paper_invalid = invalid;
	for (size_t i = 0; i < t->b.n_candidates; i++)
		t->k[i].paper_votes = votes[i];
}

/* A stored ballot: its key says nothing, so any key will do. */
static struct cast_vote vote(const char *marks)
{
	static unsigned serial;
	struct cast_vote v;
	memset(&v, 0, sizeof v);
	snprintf(v.key, sizeof v.key, "%032x", ++serial);
	snprintf(v.marks, sizeof v.marks, "%s", marks);
	return v;
}

#define H1 "29ccd886d929fe050396086d70689724e32c8f9ace972d0f1419883adc9e0ee2"
#define H2 "71a7acd6f98225db6d18bc3eac8b3a56b1fb132292bf38d7a974f3a211ca79d2"
#define H3 "8f4d194d8a50a73d415b35a3b0626702df129015eb710d0701b0b617d816ead8"

static void test_ballot_count_online(void **state)
{
	(void)state;
	struct test_ballot t;
	make_ballot(&t, 3, 10);
	struct cast_vote votes[] = {vote("101"), vote("000"), vote("010"), vote("100"),
				    vote("000"), vote("111")};
	int64_t per[3] = {-1, -1, -1}, blank = -1;
	struct ballot_counts c;
	struct error e;
	err_clear(&e);
	assert_int_equal(ballot_count(&t.b, votes, N_OF(votes), per, &c, &blank, &e), 0);
	assert_int_equal(per[0], 3);
	assert_int_equal(per[1], 2);
	assert_int_equal(per[2], 2);
	assert_int_equal(blank, 2);
	assert_int_equal(c.eligible, 10);
	assert_int_equal(c.cast, 6); /* blank ballots are cast */
	assert_int_equal(c.blank, 2);
	assert_int_equal(c.invalid, 0);
	assert_ptr_equal(c.votes, per);

	/* the order of the ballots changes nothing */
	struct cast_vote reversed[N_OF(votes)];
	for (size_t i = 0; i < N_OF(votes); i++)
		reversed[i] = votes[N_OF(votes) - 1 - i];
	int64_t per2[3];
	assert_int_equal(ballot_count(&t.b, reversed, N_OF(votes), per2, &c, &blank, &e), 0);
	assert_memory_equal(per, per2, sizeof per);
	assert_int_equal(blank, 2);

	/* nothing cast yet */
	assert_int_equal(ballot_count(&t.b, NULL, 0, per, &c, &blank, &e), 0);
	assert_int_equal(per[0] + per[1] + per[2], 0);
	assert_int_equal(c.cast, 0);
	assert_int_equal(blank, 0);

	/* paper votes left on candidates count only once paper was entered */
	t.k[0].paper_votes = 50;
	assert_int_equal(ballot_count(&t.b, votes, N_OF(votes), per, &c, &blank, &e), 0);
	assert_int_equal(per[0], 3);

	/* a ballot of twelve: ids past 9 are counted where they belong */
	make_ballot(&t, 12, 4);
	struct cast_vote twelve[] = {vote("010000000101"), vote("000000000001"),
				     vote("000000000000")};
	int64_t per12[12];
	assert_int_equal(ballot_count(&t.b, twelve, N_OF(twelve), per12, &c, &blank, &e), 0);
	assert_int_equal(per12[1], 1);
	assert_int_equal(per12[9], 1);
	assert_int_equal(per12[11], 2);
	assert_int_equal(per12[0] + per12[2] + per12[10], 0);
	assert_int_equal(blank, 1);
	assert_int_equal(c.cast, 3);
}

static void test_ballot_count_with_paper(void **state)
{
	(void)state;
	struct test_ballot t;
	make_ballot(&t, 3, 12);
	/* 5 papers: 1 blank, 1 spoilt, 3 marked, votes 2,1,3 */
	int64_t paper[] = {2, 1, 3};
	set_paper(&t, 5, 1, 1, paper);
	struct cast_vote votes[] = {vote("101"), vote("000"), vote("010")};
	int64_t per[3], blank = -1;
	struct ballot_counts c;
	struct error e;
	err_clear(&e);
	assert_int_equal(ballot_count(&t.b, votes, N_OF(votes), per, &c, &blank, &e), 0);
	assert_int_equal(per[0], 3);
	assert_int_equal(per[1], 2);
	assert_int_equal(per[2], 4);
	assert_int_equal(blank, 1);     /* online only */
	assert_int_equal(c.cast, 3 + 5 - 1); /* the spoilt paper is not cast */
	assert_int_equal(c.blank, 1 + 1);
	assert_int_equal(c.invalid, 1);
	assert_int_equal(c.eligible, 12);

	/* paper only */
	assert_int_equal(ballot_count(&t.b, NULL, 0, per, &c, &blank, &e), 0);
	assert_int_equal(per[0], 2);
	assert_int_equal(per[2], 3);
	assert_int_equal(c.cast, 4);
	assert_int_equal(c.blank, 1);
}

static void test_ballot_count_corrupt(void **state)
{
	(void)state;
	struct test_ballot t;
	make_ballot(&t, 3, 10);
	/* the wrong width, marks other than 0 and 1, the old text form */
	static const char *const corrupt[] = {"",    "1",   "10",  "1000", "0000", "102",
					      "a00", " 10", "10 ", "1,3",  "2",    "-10",
					      "012", "1\n0"};
	for (size_t i = 0; i < N_OF(corrupt); i++) {
		struct cast_vote votes[] = {vote("100"), vote(corrupt[i]), vote("010")};
		int64_t per[3], blank;
		struct ballot_counts c;
		struct error e;
		err_clear(&e);
		if (ballot_count(&t.b, votes, N_OF(votes), per, &c, &blank, &e) != -1)
			fail_msg("stored marks \"%s\" were counted", corrupt[i]);
		assert_int_equal(e.kind, ERR_INTERNAL);
		assert_string_equal(e.code, "corrupt_ballot");
		assert_true(e.message[0] != 0);
	}
	/* well formed, but more choices than the ballot's kind allows */
	t.b.rules.kind = BALLOT_SINGLE;
	t.b.rules.max_choices = 1;
	struct cast_vote two[] = {vote("100"), vote("110")};
	int64_t per[3], blank;
	struct ballot_counts c;
	struct error e;
	err_clear(&e);
	assert_int_equal(ballot_count(&t.b, two, N_OF(two), per, &c, &blank, &e), -1);
	assert_string_equal(e.code, "corrupt_ballot");
	assert_int_equal(ballot_count(&t.b, two, 1, per, &c, &blank, &e), 0);
	assert_int_equal(per[0], 1);
	/* choose 2 of 3: a full approval is one too many */
	t.b.rules.kind = BALLOT_CHOOSE_N;
	t.b.rules.max_choices = 2;
	struct cast_vote full[] = {vote("110"), vote("111")};
	assert_int_equal(ballot_count(&t.b, full, N_OF(full), per, &c, &blank, &e), -1);
	assert_string_equal(e.code, "corrupt_ballot");
	assert_int_equal(ballot_count(&t.b, full, 1, per, &c, &blank, &e), 0);
}

/* ---- the digest ---- */

static void assert_digest(const struct ballot *b, const char (*receipts)[RECEIPT_HASH_BYTES],
			  size_t n_receipts, const struct cast_vote *v, size_t n,
			  const char *want)
{
	char out[RECEIPT_HASH_BYTES];
	memset(out, 'x', sizeof out);
	ballot_digest(b, receipts, n_receipts, v, n, out);
	assert_string_equal(out, want);
}

static void test_ballot_digest(void **state)
{
	(void)state;
	struct test_ballot t;
	make_ballot(&t, 3, 12);
	/* receipts sorted, votes as store_votes_list gives them to publish */
	static const char receipts[][RECEIPT_HASH_BYTES] = {H1, H2, H3};
	struct cast_vote votes[] = {vote("101"), vote("010"), vote("000")};

	/* printf '' | sha256sum */
	assert_digest(&t.b, NULL, 0, NULL, 0,
		      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	/*
	 * printf 'receipt %s\nreceipt %s\nreceipt %s\nballot 1,3\nballot 2\nballot \n' \
	 *   $H1 $H2 $H3 | sha256sum
	 */
	assert_digest(&t.b, receipts, 3, votes, 3,
		      "43f96cde9088e104c4b91e4bb1f01d27a9fb2b24fceb7a3626a8eae3df74d142");
	/* … then 'paper 5 1 1 2,1,3\n' */
	int64_t paper[] = {2, 1, 3};
	set_paper(&t, 5, 1, 1, paper);
	assert_digest(&t.b, receipts, 3, votes, 3,
		      "82ce749fbbf887072bbd65dd01e8094de9feedb9df299282055d9e7909e7be58");
	/* … 'paper 12 0 3 9,0,1234567890123\n': counts written in full */
	int64_t big[] = {9, 0, 1234567890123};
	set_paper(&t, 12, 0, 3, big);
	assert_digest(&t.b, receipts, 3, votes, 3,
		      "548603ed4da574c9d4d773413d8abd89587f1c936e385dbc49eb62609f307df2");
	/* paper only: printf 'paper 0 0 0 0,0,0\n' | sha256sum */
	int64_t none[] = {0, 0, 0};
	set_paper(&t, 0, 0, 0, none);
	assert_digest(&t.b, NULL, 0, NULL, 0,
		      "e7a539d57c310cb03712f233bf7ff3a298b44cbb4a63d2ebb39af32fbd4e798d");
	t.b.has_paper = 0;
	/* receipts only: printf 'receipt %s\nreceipt %s\n' $H1 $H3 | sha256sum */
	static const char two[][RECEIPT_HASH_BYTES] = {H1, H3};
	assert_digest(&t.b, two, 2, NULL, 0,
		      "82129d4df612751429f93decdd815200ed283f63ecb66281d762095a83e78b70");
	/* ballots only: printf 'ballot 1,2,3\nballot \n' | sha256sum */
	struct cast_vote full_blank[] = {vote("111"), vote("000")};
	assert_digest(&t.b, NULL, 0, full_blank, 2,
		      "2cefc6736b64c7a8d8d7f0beafe9b8807fd9e538a70136892da40552947103f2");
	/*
	 * twelve candidates, ids in decimal: printf 'receipt %s\nballot 2,10,12\n
	 * ballot 1,2,…,12\npaper 3 0 0 1,0,0,0,0,0,0,0,0,3,0,2\n' $H2 | sha256sum
	 */
	make_ballot(&t, 12, 5);
	int64_t paper12[] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 2};
	set_paper(&t, 3, 0, 0, paper12);
	static const char one[][RECEIPT_HASH_BYTES] = {H2};
	struct cast_vote twelve[] = {vote("010000000101"), vote("111111111111")};
	assert_digest(&t.b, one, 1, twelve, 2,
		      "bc043f2aed4b6cd02f13e9b90a88c6c13527b4452c471080635886558c0a2c5b");

	/* the keys are not in it: other keys, the same digest */
	make_ballot(&t, 3, 12);
	char d1[RECEIPT_HASH_BYTES], d2[RECEIPT_HASH_BYTES];
	struct cast_vote rekeyed[] = {vote("101"), vote("010"), vote("000")};
	ballot_digest(&t.b, receipts, 3, votes, 3, d1);
	ballot_digest(&t.b, receipts, 3, rekeyed, 3, d2);
	assert_string_equal(d1, d2);
	/* any change to a ballot, to a receipt, or to the order published changes it */
	rekeyed[2] = vote("001");
	ballot_digest(&t.b, receipts, 3, rekeyed, 3, d2);
	assert_string_not_equal(d1, d2);
	static const char other[][RECEIPT_HASH_BYTES] = {H1, H2, H2};
	ballot_digest(&t.b, other, 3, votes, 3, d2);
	assert_string_not_equal(d1, d2);
	ballot_digest(&t.b, receipts, 2, votes, 3, d2);
	assert_string_not_equal(d1, d2);
	struct cast_vote swapped[] = {votes[1], votes[0], votes[2]};
	ballot_digest(&t.b, receipts, 3, swapped, 3, d2);
	assert_string_not_equal(d1, d2);
}

/* ---- how many ballots a published count needs ---- */

static void test_secret_kept(void **state)
{
	(void)state;
	assert_int_equal(BALLOT_SECRET_MIN, 3);
	/* kept[online][paper]: each group none or at least 3, and 3 in all */
	static const int kept[5][5] = {
		/* paper:  0  1  2  3  4 */
		/* 0 */ {0, 0, 0, 1, 1},
		/* 1 */ {0, 0, 0, 0, 0},
		/* 2 */ {0, 0, 0, 0, 0},
		/* 3 */ {1, 0, 0, 1, 1},
		/* 4 */ {1, 0, 0, 1, 1},
	};
	for (int on = 0; on < 5; on++)
		for (int pa = 0; pa < 5; pa++)
			if (ballot_secret_kept(on, pa) != kept[on][pa])
				fail_msg("%d online, %d on paper: kept %d, not %d", on, pa,
					 ballot_secret_kept(on, pa), kept[on][pa]);
	/* many in one group do not make up for one or two in the other */
	assert_int_equal(ballot_secret_kept(BALLOT_VOTERS_MAX, 1), 0);
	assert_int_equal(ballot_secret_kept(BALLOT_VOTERS_MAX, 2), 0);
	assert_int_equal(ballot_secret_kept(1, BALLOT_VOTERS_MAX), 0);
	assert_int_equal(ballot_secret_kept(2, BALLOT_VOTERS_MAX), 0);
	assert_int_equal(ballot_secret_kept(BALLOT_VOTERS_MAX, BALLOT_VOTERS_MAX), 1);
	assert_int_equal(ballot_secret_kept(BALLOT_VOTERS_MAX, 0), 1);
	assert_int_equal(ballot_secret_kept(0, BALLOT_VOTERS_MAX), 1);
	assert_int_equal(ballot_secret_kept(INT64_MAX / 4, 3), 1);
}

/* ---- names ---- */

static void test_voted_name(void **state)
{
	(void)state;
	assert_int_equal(NOT_VOTED, 0); /* what a voter's row starts as */
	assert_null(voted_name(NOT_VOTED));
	assert_string_equal(voted_name(VOTED_ONLINE), "online");
	assert_string_equal(voted_name(VOTED_ON_PAPER), "paper");
}

static void test_threshold_base_names(void **state)
{
	(void)state;
	assert_string_equal(threshold_base_name(BASE_ELIGIBLE), "eligible");
	assert_string_equal(threshold_base_name(BASE_CAST), "cast");
	static const enum threshold_base bases[] = {BASE_ELIGIBLE, BASE_CAST};
	const char *const *names = threshold_base_names();
	for (size_t i = 0; i < N_OF(bases); i++) {
		enum threshold_base got = (enum threshold_base)99;
		assert_int_equal(threshold_base_parse(threshold_base_name(bases[i]), &got), 0);
		assert_int_equal(got, bases[i]);
		/* the table a field_enum reads, in the enum's order */
		assert_string_equal(names[bases[i]], threshold_base_name(bases[i]));
	}
	assert_null(names[N_OF(bases)]);
	static const char *const bad[] = {"",	     "Cast",  "CAST",     "cast ", " cast",
					  "eligibl", "casts", "eligible\n", "0",     "1",
					  "votes"};
	for (size_t i = 0; i < N_OF(bad); i++) {
		enum threshold_base got = (enum threshold_base)99;
		if (threshold_base_parse(bad[i], &got) != -1)
			fail_msg("\"%s\" was read as a threshold base", bad[i]);
		assert_int_equal(got, 99); /* left as it was */
	}

	/* the kinds' table too: every kind by its name, then the end */
	const char *const *kinds = ballot_kind_names();
	static const enum ballot_kind all[] = {BALLOT_SINGLE, BALLOT_APPROVE_EACH,
					       BALLOT_CHOOSE_N};
	for (size_t i = 0; i < N_OF(all); i++) {
		assert_string_equal(kinds[all[i]], ballot_kind_name(all[i]));
		enum ballot_kind k = (enum ballot_kind)99;
		assert_int_equal(ballot_kind_parse(kinds[all[i]], &k), 0);
		assert_int_equal(k, all[i]);
	}
	assert_null(kinds[N_OF(all)]);
}

/* ---- paper counts ---- */

static int paper_ok(const struct ballot_rules *r, size_t n, int64_t ballots, int64_t blank,
		    int64_t invalid, const int64_t *votes)
{
	struct paper_counts p = {ballots, blank, invalid, votes};
	struct error e;
	err_clear(&e);
	int rc = ballot_check_paper(r, n, &p, &e);
	if (rc == 0)
		assert_int_equal(e.kind, ERR_NONE);
	return rc;
}

#define PAPER_FAILS(r, n, ballots, blank, invalid, votes, want_field)                     \
	do {                                                                              \
		struct paper_counts p_ = {ballots, blank, invalid, votes};                \
		struct error e_;                                                          \
		assert_fails(ballot_check_paper(r, n, &p_, &e_), e_, ERR_INVALID,          \
			     "inconsistent_counts", want_field);                          \
	} while (0)

static struct ballot_rules kind_rules(enum ballot_kind kind, int max_choices)
{
	struct ballot_rules r;
	memset(&r, 0, sizeof r);
	r.kind = kind;
	r.max_choices = max_choices;
	return r;
}

/* What every kind refuses: the papers themselves out of range. */
static void paper_bounds(const struct ballot_rules *r, size_t n)
{
	int64_t zero[4] = {0, 0, 0, 0};
	/* blank and invalid can fill the papers, never outnumber them */
	assert_int_equal(paper_ok(r, n, 2, 1, 1, zero), 0);
	assert_int_equal(paper_ok(r, n, 2, 2, 0, zero), 0);
	assert_int_equal(paper_ok(r, n, 2, 0, 2, zero), 0);
	assert_int_equal(paper_ok(r, n, 0, 0, 0, zero), 0);
	PAPER_FAILS(r, n, 2, 2, 1, zero, "blank");
	PAPER_FAILS(r, n, 2, 3, 0, zero, "blank");
	PAPER_FAILS(r, n, 2, 0, 3, zero, "blank");
	PAPER_FAILS(r, n, 0, 1, 0, zero, "blank");
	PAPER_FAILS(r, n, -1, 0, 0, zero, "blank");
	PAPER_FAILS(r, n, 2, -1, 0, zero, "blank");
	PAPER_FAILS(r, n, 2, 0, -1, zero, "blank");
	/* at most BALLOT_VOTERS_MAX papers */
	assert_int_equal(paper_ok(r, n, BALLOT_VOTERS_MAX, BALLOT_VOTERS_MAX, 0, zero), 0);
	PAPER_FAILS(r, n, BALLOT_VOTERS_MAX + 1, BALLOT_VOTERS_MAX + 1, 0, zero, "blank");
	/* with every paper blank or spoilt, nobody has a vote */
	int64_t one[4] = {1, 0, 0, 0};
	PAPER_FAILS(r, n, 2, 1, 1, one, "counts");
	/* a negative count */
	int64_t neg[4] = {2, -1, 0, 0};
	PAPER_FAILS(r, n, 3, 0, 0, neg, "counts");
}

static void test_paper_single(void **state)
{
	(void)state;
	struct ballot_rules r = kind_rules(BALLOT_SINGLE, 1);
	paper_bounds(&r, 3);
	/* 5 papers, 1 blank, 1 spoilt: 3 marked, one vote each */
	int64_t fits[] = {2, 1, 0};
	assert_int_equal(paper_ok(&r, 3, 5, 1, 1, fits), 0);
	int64_t one_short[] = {2, 0, 0};
	PAPER_FAILS(&r, 3, 5, 1, 1, one_short, "counts");
	int64_t one_over[] = {2, 1, 1};
	PAPER_FAILS(&r, 3, 5, 1, 1, one_over, "counts");
	/* one candidate with more votes than marked papers */
	int64_t too_many[] = {4, 0, 0};
	PAPER_FAILS(&r, 3, 5, 1, 1, too_many, "counts");
	int64_t all_one[] = {3, 0, 0};
	assert_int_equal(paper_ok(&r, 3, 5, 1, 1, all_one), 0);
}

static void test_paper_approve_each(void **state)
{
	(void)state;
	struct ballot_rules r = kind_rules(BALLOT_APPROVE_EACH, 0);
	paper_bounds(&r, 3);
	/* 3 marked papers: from 3 votes (one each) to 9 (every candidate on each) */
	int64_t least[] = {1, 1, 1};
	assert_int_equal(paper_ok(&r, 3, 4, 1, 0, least), 0);
	int64_t most[] = {3, 3, 3};
	assert_int_equal(paper_ok(&r, 3, 4, 1, 0, most), 0);
	int64_t skewed[] = {3, 0, 0};
	assert_int_equal(paper_ok(&r, 3, 4, 1, 0, skewed), 0);
	int64_t too_few[] = {1, 1, 0};
	PAPER_FAILS(&r, 3, 4, 1, 0, too_few, "counts");
	/* each candidate at most once a paper */
	int64_t over[] = {4, 3, 2};
	PAPER_FAILS(&r, 3, 4, 1, 0, over, "counts");
}

static void test_paper_choose_n(void **state)
{
	(void)state;
	struct ballot_rules r = kind_rules(BALLOT_CHOOSE_N, 2);
	paper_bounds(&r, 4);
	/* 3 marked papers of up to 2 choices: from 3 to 6 votes */
	int64_t least[] = {2, 1, 0, 0};
	assert_int_equal(paper_ok(&r, 4, 3, 0, 0, least), 0);
	int64_t most[] = {3, 3, 0, 0};
	assert_int_equal(paper_ok(&r, 4, 3, 0, 0, most), 0);
	int64_t spread[] = {2, 2, 1, 1};
	assert_int_equal(paper_ok(&r, 4, 3, 0, 0, spread), 0);
	int64_t seven[] = {3, 2, 1, 1};
	PAPER_FAILS(&r, 4, 3, 0, 0, seven, "counts");
	int64_t two[] = {1, 1, 0, 0};
	PAPER_FAILS(&r, 4, 3, 0, 0, two, "counts");
	int64_t capped[] = {4, 0, 0, 0};
	PAPER_FAILS(&r, 4, 3, 0, 0, capped, "counts");
}

/* ---- the status an act needs ---- */

static void test_require_status(void **state)
{
	(void)state;
	struct ballot b;
	struct error e;
	memset(&b, 0, sizeof b);
	for (int s = BALLOT_DRAFT; s <= BALLOT_CLOSED; s++) {
		b.status = (enum ballot_status)s;
		err_clear(&e);
		assert_int_equal(ballot_require_status(&b, b.status, "do it", &e), 0);
		assert_int_equal(e.kind, ERR_NONE);
	}
	b.status = BALLOT_DRAFT;
	assert_fails(ballot_require_status(&b, BALLOT_OPEN, "vote", &e), e, ERR_CONFLICT,
		     "ballot_not_open", "status");
	assert_non_null(strstr(e.message, "vote"));
	assert_non_null(strstr(e.message, "draft"));
	assert_fails(ballot_require_status(&b, BALLOT_CLOSED, "see the result", &e), e,
		     ERR_CONFLICT, "ballot_not_closed", "status");
	b.status = BALLOT_OPEN;
	assert_fails(ballot_require_status(&b, BALLOT_DRAFT, "delete the ballot", &e), e,
		     ERR_CONFLICT, "ballot_not_draft", "status");
	assert_fails(ballot_require_status(&b, BALLOT_CLOSED, "give a casting vote", &e), e,
		     ERR_CONFLICT, "ballot_not_closed", "status");
	assert_non_null(strstr(e.message, "open"));
	b.status = BALLOT_CLOSED;
	assert_fails(ballot_require_status(&b, BALLOT_OPEN, "vote", &e), e, ERR_CONFLICT,
		     "ballot_closed", "status");
	assert_non_null(strstr(e.message, "closed"));
	assert_fails(ballot_require_status(&b, BALLOT_DRAFT, "open the ballot", &e), e,
		     ERR_CONFLICT, "ballot_not_draft", "status");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_receipt_new),
		cmocka_unit_test(test_receipt_normalize),
		cmocka_unit_test(test_receipt_hash),
		cmocka_unit_test(test_vote_key_new),
		cmocka_unit_test(test_choices_format),
		cmocka_unit_test(test_choices_parse),
		cmocka_unit_test(test_choices_parse_only_stored_form),
		cmocka_unit_test(test_ballot_count_online),
		cmocka_unit_test(test_ballot_count_with_paper),
		cmocka_unit_test(test_ballot_count_corrupt),
		cmocka_unit_test(test_ballot_digest),
		cmocka_unit_test(test_secret_kept),
		cmocka_unit_test(test_voted_name),
		cmocka_unit_test(test_threshold_base_names),
		cmocka_unit_test(test_paper_single),
		cmocka_unit_test(test_paper_approve_each),
		cmocka_unit_test(test_paper_choose_n),
		cmocka_unit_test(test_require_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
