/*
** The record of secret ballots (domain/receipt.h) and the ballot rules
** around it (domain/ballot.h): receipt codes, how a typed receipt is read
** back and hashed, the stored form of choices, counting stored ballots
** with paper counts, the published digest (checked against digests made
** independently with `printf … | sha256sum`), paper counts at their
** edges, and the status a ballot must be in for each act.
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

/* ---- the stored form of choices ---- */

static void assert_format(const int *ids, size_t n, const char *want)
{
	char out[CHOICES_TEXT_BYTES];
	memset(out, 'x', sizeof out);
	choices_format(ids, n, out);
	assert_string_equal(out, want);
}

static void test_choices_format(void **state)
{
	(void)state;
	int none[1] = {5};
	assert_format(none, 0, ""); /* a blank ballot */
	int one[] = {7};
	assert_format(one, 1, "7");
	int unsorted[] = {4, 1, 12, 3};
	assert_format(unsorted, N_OF(unsorted), "1,3,4,12");
	/* sorted as numbers, not as text */
	int numbers[] = {100, 20, 3, 200, 1};
	assert_format(numbers, N_OF(numbers), "1,3,20,100,200");
	/* the caller's array is left as it was */
	assert_int_equal(unsorted[0], 4);
	assert_int_equal(unsorted[3], 3);

	/* the most a ballot can hold fits, and reads back */
	int all[BALLOT_CANDIDATES_MAX], back[BALLOT_CANDIDATES_MAX];
	for (int i = 0; i < BALLOT_CANDIDATES_MAX; i++)
		all[i] = BALLOT_CANDIDATES_MAX - i;
	char out[CHOICES_TEXT_BYTES];
	choices_format(all, BALLOT_CANDIDATES_MAX, out);
	assert_int_equal(strncmp(out, "1,2,3,", 6), 0);
	assert_string_equal(out + strlen(out) - 8, ",199,200");
	size_t n = 0;
	assert_int_equal(choices_parse(out, back, BALLOT_CANDIDATES_MAX, &n), 0);
	assert_int_equal(n, BALLOT_CANDIDATES_MAX);
	for (int i = 0; i < BALLOT_CANDIDATES_MAX; i++)
		assert_int_equal(back[i], i + 1);
}

static void assert_parses(const char *text, const int *want, size_t n_want)
{
	int ids[BALLOT_CANDIDATES_MAX];
	size_t n = 99;
	if (choices_parse(text, ids, BALLOT_CANDIDATES_MAX, &n) != 0)
		fail_msg("\"%s\" was refused", text);
	assert_int_equal(n, n_want);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ids[i], want[i]);
}

static void assert_not_parsed(const char *text)
{
	int ids[BALLOT_CANDIDATES_MAX];
	size_t n = 0;
	if (choices_parse(text, ids, BALLOT_CANDIDATES_MAX, &n) != -1)
		fail_msg("\"%s\" was read as %zu choices", text, n);
}

static void test_choices_parse(void **state)
{
	(void)state;
	assert_parses("", NULL, 0); /* a blank ballot */
	int a[] = {1};
	assert_parses("1", a, 1);
	int b[] = {1, 4};
	assert_parses("1,4", b, 2);
	int c[] = {2, 10, 200};
	assert_parses("2,10,200", c, 3);

	/* round trip: format, parse, format again */
	int ids[] = {9, 2, 150, 33};
	char text[CHOICES_TEXT_BYTES], again[CHOICES_TEXT_BYTES];
	int back[BALLOT_CANDIDATES_MAX];
	size_t n = 0;
	choices_format(ids, N_OF(ids), text);
	assert_int_equal(choices_parse(text, back, BALLOT_CANDIDATES_MAX, &n), 0);
	assert_int_equal(n, N_OF(ids));
	int sorted[] = {2, 9, 33, 150};
	for (size_t i = 0; i < n; i++)
		assert_int_equal(back[i], sorted[i]);
	choices_format(back, n, again);
	assert_string_equal(again, text);

	static const char *const bad[] = {
		"0", "-1", "201", "1,201", "999999999999999999999", "a", "1a", "a1", "1,,2",
		",1", ",", "1.5", "1;2", "1 ", "1,2 ", "1\n", "1 2", "0x1", "1,a",
	};
	for (size_t i = 0; i < N_OF(bad); i++)
		assert_not_parsed(bad[i]);

	/* never more than max ids */
	int two[2];
	assert_int_equal(choices_parse("1,2,3", two, 2, &n), -1);
	assert_int_equal(choices_parse("1,2", two, 2, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(choices_parse("", two, 0, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(choices_parse("1", two, 0, &n), -1);
}

/*
** -1 for anything that is not the stored form (what choices_format
** writes): a strtol-based reader once took white space, signs, leading
** zeros, a trailing comma, repeats and any order.
*/
static void test_choices_parse_only_stored_form(void **state)
{
	(void)state;
	static const char *const not_stored[] = {"1,", "1,2,", " 1",  "\t1", "+1",  "01",
						 "1, 2", "2,1", "1,1", "3,3,3", "1,+2"};
	int failed = 0;
	for (size_t i = 0; i < N_OF(not_stored); i++) {
		int ids[BALLOT_CANDIDATES_MAX];
		size_t n = 0;
		if (choices_parse(not_stored[i], ids, BALLOT_CANDIDATES_MAX, &n) != -1) {
			print_error("\"%s\" is not the stored form but was read (%zu ids)\n",
				    not_stored[i], n);
			failed = 1;
		}
	}
	if (failed)
		fail_msg("choices_parse accepts text choices_format never writes");
}

/* ---- counting what was stored ---- */

struct test_ballot {
	struct ballot b;
	struct ballot_candidate k[4];
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

static struct cast_vote vote(const char *hash, const char *choices)
{
	struct cast_vote v;
	memset(&v, 0, sizeof v);
	snprintf(v.receipt_hash, sizeof v.receipt_hash, "%s", hash);
	snprintf(v.choices, sizeof v.choices, "%s", choices);
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
	struct cast_vote votes[] = {vote(H1, "1,3"), vote(H2, ""), vote(H3, "2"),
				    vote(H1, "1"), vote(H2, "")};
	int64_t per[3] = {-1, -1, -1}, blank = -1;
	struct ballot_counts c;
	struct error e;
	err_clear(&e);
	assert_int_equal(ballot_count(&t.b, votes, N_OF(votes), per, &c, &blank, &e), 0);
	assert_int_equal(per[0], 2);
	assert_int_equal(per[1], 1);
	assert_int_equal(per[2], 1);
	assert_int_equal(blank, 2);
	assert_int_equal(c.eligible, 10);
	assert_int_equal(c.cast, 5); /* blank ballots are cast */
	assert_int_equal(c.blank, 2);
	assert_int_equal(c.invalid, 0);
	assert_ptr_equal(c.votes, per);

	/* nothing cast yet */
	assert_int_equal(ballot_count(&t.b, NULL, 0, per, &c, &blank, &e), 0);
	assert_int_equal(per[0] + per[1] + per[2], 0);
	assert_int_equal(c.cast, 0);
	assert_int_equal(blank, 0);

	/* paper votes left on candidates count only once paper was entered */
	t.k[0].paper_votes = 50;
	assert_int_equal(ballot_count(&t.b, votes, N_OF(votes), per, &c, &blank, &e), 0);
	assert_int_equal(per[0], 2);
}

static void test_ballot_count_with_paper(void **state)
{
	(void)state;
	struct test_ballot t;
	make_ballot(&t, 3, 12);
	/* 5 papers: 1 blank, 1 spoilt, 3 marked, votes 2,1,3 */
	int64_t paper[] = {2, 1, 3};
	set_paper(&t, 5, 1, 1, paper);
	struct cast_vote votes[] = {vote(H1, "1,3"), vote(H2, ""), vote(H3, "2")};
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
	static const char *const corrupt[] = {"4", "0", "a", "1,,2", "1,4", "201", "-1", "1;2"};
	for (size_t i = 0; i < N_OF(corrupt); i++) {
		struct cast_vote votes[] = {vote(H1, "1"), vote(H2, corrupt[i]), vote(H3, "2")};
		int64_t per[3], blank;
		struct ballot_counts c;
		struct error e;
		err_clear(&e);
		if (ballot_count(&t.b, votes, N_OF(votes), per, &c, &blank, &e) != -1)
			fail_msg("stored choices \"%s\" were counted", corrupt[i]);
		assert_int_equal(e.kind, ERR_INTERNAL);
		assert_string_equal(e.code, "corrupt_ballot");
		assert_true(e.message[0] != 0);
	}
	/* well formed, but more choices than the ballot's kind allows */
	t.b.rules.kind = BALLOT_SINGLE;
	t.b.rules.max_choices = 1;
	struct cast_vote two[] = {vote(H1, "1"), vote(H2, "1,2")};
	int64_t per[3], blank;
	struct ballot_counts c;
	struct error e;
	err_clear(&e);
	assert_int_equal(ballot_count(&t.b, two, N_OF(two), per, &c, &blank, &e), -1);
	assert_string_equal(e.code, "corrupt_ballot");
	assert_int_equal(ballot_count(&t.b, two, 1, per, &c, &blank, &e), 0);
	assert_int_equal(per[0], 1);
}

/* ---- the digest ---- */

static void assert_digest(const struct ballot *b, const struct cast_vote *v, size_t n,
			  const char *want)
{
	char out[RECEIPT_HASH_BYTES];
	memset(out, 'x', sizeof out);
	ballot_digest(b, v, n, out);
	assert_string_equal(out, want);
}

static void test_ballot_digest(void **state)
{
	(void)state;
	struct test_ballot t;
	make_ballot(&t, 3, 12);
	/* sorted by receipt hash, as store_votes_list gives them */
	struct cast_vote votes[] = {vote(H1, "1,3"), vote(H2, ""), vote(H3, "2")};

	/* printf '' | sha256sum */
	assert_digest(&t.b, NULL, 0,
		      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	/* printf '%s 1,3\n%s \n%s 2\n' $H1 $H2 $H3 | sha256sum */
	assert_digest(&t.b, votes, 3,
		      "9bdd9c2de7ff46681e38a32d43f36b23df6d84821707e28027b2c778f90f57ae");

	/* … then 'paper 5 1 1 2,1,3\n' */
	int64_t paper[] = {2, 1, 3};
	set_paper(&t, 5, 1, 1, paper);
	assert_digest(&t.b, votes, 3,
		      "4b884b721ef8feffe05bc156ca3b97043f7f054dd002392a94fa4ef40fd139c0");
	/* … 'paper 12 0 3 9,0,1234567890123\n': counts written in full */
	int64_t big[] = {9, 0, 1234567890123};
	set_paper(&t, 12, 0, 3, big);
	assert_digest(&t.b, votes, 3,
		      "c529bb011b23f7e197136298c6a46834a7910d52bab1dba6ddb5d585c5f52374");
	/* paper only: printf 'paper 0 0 0 0,0,0\n' | sha256sum */
	int64_t none[] = {0, 0, 0};
	set_paper(&t, 0, 0, 0, none);
	assert_digest(&t.b, NULL, 0,
		      "e7a539d57c310cb03712f233bf7ff3a298b44cbb4a63d2ebb39af32fbd4e798d");

	/* any change to a ballot changes the digest */
	char d1[RECEIPT_HASH_BYTES], d2[RECEIPT_HASH_BYTES];
	t.b.has_paper = 0;
	ballot_digest(&t.b, votes, 3, d1);
	votes[1] = vote(H2, "3");
	ballot_digest(&t.b, votes, 3, d2);
	assert_string_not_equal(d1, d2);
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
		cmocka_unit_test(test_choices_format),
		cmocka_unit_test(test_choices_parse),
		cmocka_unit_test(test_choices_parse_only_stored_form),
		cmocka_unit_test(test_ballot_count_online),
		cmocka_unit_test(test_ballot_count_with_paper),
		cmocka_unit_test(test_ballot_count_corrupt),
		cmocka_unit_test(test_ballot_digest),
		cmocka_unit_test(test_paper_single),
		cmocka_unit_test(test_paper_approve_each),
		cmocka_unit_test(test_paper_choose_n),
		cmocka_unit_test(test_require_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
