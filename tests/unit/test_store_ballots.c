/*
** Secret ballots in the SQLite store (store/store_ballots.c), on a real
** database in a temporary directory, one fresh database per test: a
** ballot with its candidates and voters, marking who voted (once, and only
** those on the list, saying how), casting (the voter marked, a receipt's
** hash kept, the marks stored under a random key, apart), listing votes
** and receipts, finding a receipt, the outcome (void when a group of
** ballots is too small to publish), and the reseal at closing: after
** store_ballot_reseal and store_forget_write_order, the bytes of the
** database file keep the votes, receipts and voters in the order of their
** keys, no longer in the order they were cast; and with two ballots open
** at once, their rows interleaved in the same pages, the closed ballot's
** rows end up at the same offsets whatever the order its votes came in.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "unit_db.h"

#include "unit.h"

#include "domain/receipt.h"
#include "store/db.h"
#include "store/store.h"

struct fixture {
	struct unit_db db;
	struct db_conn *c;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f || unit_db_create(&f->db, &f->c) != 0) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->c);
	unit_db_remove(&f->db);
	free(f);
	return 0;
}
#define N_OF(a) (sizeof(a) / sizeof *(a))

static int64_t add_authority(struct db_conn *c)
{
	struct org o;
	memset(&o, 0, sizeof o);
	snprintf(o.name, sizeof o.name, "Tỉnh ủy Bắc Giang");
	o.kind = ORG_AUTHORITY;
	OK(store_org_insert(c, &o, E));
	return o.id;
}

/* A draft ballot of n_candidates labelled candidates with these voters. */
static int64_t add_ballot_of(struct db_conn *c, enum ballot_kind kind, size_t n_candidates,
			     const int64_t *voters, size_t n_voters)
{
	static const char *const labels[] = {"Huyện ủy Yên Thế", "Huyện ủy Lục Nam",
					     "Huyện ủy Tân Yên"};
	struct ballot_candidate k[BALLOT_CANDIDATES_MAX];
	memset(k, 0, n_candidates * sizeof *k);
	for (size_t i = 0; i < n_candidates; i++) {
		k[i].id = (int)i + 1;
		k[i].priority = i == 2;
		if (i < N_OF(labels))
			snprintf(k[i].label, sizeof k[i].label, "%s", labels[i]);
		else
			snprintf(k[i].label, sizeof k[i].label, "Ứng viên %zu", i + 1);
	}
	struct ballot b;
	memset(&b, 0, sizeof b);
	b.authority_id = add_authority(c);
	b.year = 2026;
	snprintf(b.question, sizeof b.question, "Đề nghị tặng Cờ thi đua");
	b.rules.kind = kind;
	b.rules.max_choices = kind == BALLOT_SINGLE ? 1 : kind == BALLOT_CHOOSE_N ? 2 : 0;
	b.rules.threshold = 5000;
	b.rules.base = BASE_CAST;
	b.voters = VOTERS_UNITS;
	b.candidates = k;
	b.n_candidates = n_candidates;
	OK(store_ballot_insert(c, &b, 0, voters, n_voters, E));
	assert_true(b.id > 0);
	assert_int_equal(b.status, BALLOT_DRAFT);
	assert_int_equal(b.eligible, (int64_t)n_voters);
	return b.id;
}

/* A draft ballot of three labelled candidates with these voters. */
static int64_t add_ballot(struct db_conn *c, enum ballot_kind kind, const int64_t *voters,
			  size_t n_voters)
{
	return add_ballot_of(c, kind, 3, voters, n_voters);
}

static void set_status(struct db_conn *c, int64_t id, enum ballot_status to)
{
	struct ballot b;
	OK(store_ballot_get(c, id, &b, E));
	OK(store_ballot_set_status(c, &b, to, E));
	ballot_free(&b);
}

/* A stored ballot under this key (32 hex digits) with these marks. */
static struct cast_vote vote_of(const char *key, const char *marks)
{
	struct cast_vote v;
	memset(&v, 0, sizeof v);
	snprintf(v.key, sizeof v.key, "%s", key);
	snprintf(v.marks, sizeof v.marks, "%s", marks);
	return v;
}

/* Is s 32 lower-case hex digits? */
static int is_key(const char *s)
{
	return strlen(s) == VOTE_KEY_BYTES - 1 && strspn(s, "0123456789abcdef") == strlen(s);
}

/* ---- a ballot, its voters and its votes ---- */

static void test_ballot_roundtrip(void **state)
{
	struct db_conn *c = ((struct fixture *)*state)->c;
	int64_t voters[] = {30, 10, 20};
	int64_t id = add_ballot(c, BALLOT_CHOOSE_N, voters, N_OF(voters));
	struct ballot b;
	OK(store_ballot_get(c, id, &b, E));
	assert_int_equal(b.id, id);
	assert_int_equal(b.rules.kind, BALLOT_CHOOSE_N);
	assert_int_equal(b.rules.max_choices, 2);
	assert_int_equal(b.rules.threshold, 5000);
	assert_int_equal(b.rules.base, BASE_CAST);
	assert_int_equal(b.status, BALLOT_DRAFT);
	assert_int_equal(b.cluster_id, 0);
	assert_int_equal(b.year, 2026);
	assert_string_equal(b.question, "Đề nghị tặng Cờ thi đua");
	assert_int_equal(b.n_candidates, 3);
	assert_int_equal(b.candidates[1].id, 2);
	assert_string_equal(b.candidates[1].label, "Huyện ủy Lục Nam");
	assert_int_equal(b.candidates[2].priority, 1);
	assert_int_equal(b.eligible, 3);
	assert_int_equal(b.voted, 0);
	assert_int_equal(b.has_paper, 0);
	ballot_free(&b);

	struct ballot_voter *v = NULL;
	size_t n = 0;
	OK(store_ballot_voters(c, id, &v, &n, E));
	assert_int_equal(n, 3);
	assert_int_equal(v[0].id, 10); /* by id */
	assert_int_equal(v[2].id, 30);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(v[i].voted, NOT_VOTED);
	free(v);

	/* only a draft can be deleted */
	set_status(c, id, BALLOT_OPEN);
	OK(store_ballot_delete(c, id, E));
	OK(store_ballot_get(c, id, &b, E));
	ballot_free(&b);
	int64_t draft = add_ballot(c, BALLOT_SINGLE, voters, 1);
	OK(store_ballot_delete(c, draft, E));
	struct error e;
	err_clear(&e);
	assert_int_equal(store_ballot_get(c, draft, &b, &e), -1);
	assert_int_equal(e.kind, ERR_NOT_FOUND);
}

/* The threshold base is stored by its name, and read back. */
static void test_threshold_base_stored(void **state)
{
	struct db_conn *c = ((struct fixture *)*state)->c;
	int64_t voters[] = {10, 20, 30};
	struct ballot_candidate k[2];
	memset(k, 0, sizeof k);
	for (int i = 0; i < 2; i++) {
		k[i].id = i + 1;
		snprintf(k[i].label, sizeof k[i].label, "Ứng viên %d", i + 1);
	}
	static const enum threshold_base bases[] = {BASE_ELIGIBLE, BASE_CAST};
	for (size_t i = 0; i < N_OF(bases); i++) {
		struct ballot b, back;
		memset(&b, 0, sizeof b);
		b.authority_id = add_authority(c);
		b.year = 2026;
		snprintf(b.question, sizeof b.question, "Thông qua?");
		b.rules.kind = BALLOT_APPROVE_EACH;
		b.rules.threshold = 6666;
		b.rules.base = bases[i];
		b.candidates = k;
		b.n_candidates = 2;
		OK(store_ballot_insert(c, &b, 0, voters, N_OF(voters), E));
		OK(store_ballot_get(c, b.id, &back, E));
		assert_int_equal(back.rules.base, bases[i]);
		ballot_free(&back);
	}
}

static void test_voter_mark(void **state)
{
	struct db_conn *c = ((struct fixture *)*state)->c;
	int64_t voters[] = {10, 20, 30};
	int64_t id = add_ballot(c, BALLOT_SINGLE, voters, N_OF(voters));
	int64_t other = add_ballot(c, BALLOT_SINGLE, voters, 1);
	struct error e;

	OK(store_ballot_voter_mark(c, id, 20, VOTED_ONLINE, E));
	OK(store_ballot_voter_mark(c, id, 30, VOTED_ON_PAPER, E));
	/* once only, online or on paper; the refusal says how they took part */
	assert_fails(store_ballot_voter_mark(c, id, 20, VOTED_ONLINE, &e), e, ERR_CONFLICT,
		     "already_voted", "");
	assert_non_null(strstr(e.message, "online"));
	assert_fails(store_ballot_voter_mark(c, id, 20, VOTED_ON_PAPER, &e), e, ERR_CONFLICT,
		     "already_voted", "");
	assert_non_null(strstr(e.message, "online"));
	assert_fails(store_ballot_voter_mark(c, id, 30, VOTED_ONLINE, &e), e, ERR_CONFLICT,
		     "already_voted", "");
	assert_non_null(strstr(e.message, "paper"));
	/* only those on this ballot's list */
	assert_fails(store_ballot_voter_mark(c, id, 40, VOTED_ONLINE, &e), e, ERR_FORBIDDEN,
		     "not_a_voter", "");
	assert_fails(store_ballot_voter_mark(c, other, 20, VOTED_ONLINE, &e), e, ERR_FORBIDDEN,
		     "not_a_voter", "");
	assert_fails(store_ballot_voter_mark(c, 999, 10, VOTED_ONLINE, &e), e, ERR_FORBIDDEN,
		     "not_a_voter", "");

	struct ballot_voter *v = NULL;
	size_t n = 0;
	OK(store_ballot_voters(c, id, &v, &n, E));
	assert_int_equal(n, 3);
	assert_int_equal(v[0].voted, NOT_VOTED);
	assert_int_equal(v[1].voted, VOTED_ONLINE);
	assert_int_equal(v[2].voted, VOTED_ON_PAPER);
	free(v);
	struct ballot_voter one;
	OK(store_ballot_voter_get(c, id, 30, &one, E));
	assert_int_equal(one.voted, VOTED_ON_PAPER);
	struct ballot b;
	OK(store_ballot_get(c, id, &b, E));
	assert_int_equal(b.eligible, 3);
	assert_int_equal(b.voted, 2);
	ballot_free(&b);
	/* the other ballot's list is untouched */
	OK(store_ballot_get(c, other, &b, E));
	assert_int_equal(b.voted, 0);
	ballot_free(&b);
}

#define KEY_A "0f0e0d0c0b0a09080706050403020100"
#define KEY_B "7fffffffffffffffffffffffffffffff"
#define KEY_C "a0000000000000000000000000000001"

static void test_votes(void **state)
{
	struct db_conn *c = ((struct fixture *)*state)->c;
	int64_t voters[] = {10, 20, 30, 40};
	int64_t id = add_ballot(c, BALLOT_APPROVE_EACH, voters, N_OF(voters));
	int64_t other = add_ballot(c, BALLOT_APPROVE_EACH, voters, 1);
	struct cast_vote in[] = {
		vote_of(KEY_C, "101"),
		vote_of(KEY_A, "000"),
		vote_of(KEY_B, "010"),
		vote_of("1111111111111111111111111111111f", "111"),
	};
	for (size_t i = 0; i < N_OF(in); i++)
		OK(store_vote_insert(c, id, &in[i], E));
	OK(store_vote_insert(c, other, &in[0], E)); /* another ballot may hold the same key */
	struct error e;
	/* a key is stored once per ballot */
	assert_fails(store_vote_insert(c, id, &in[1], &e), e, ERR_CONFLICT, "constraint", "");

	/* by key: as the reseal writes them back */
	struct cast_vote *out = NULL;
	size_t n = 0;
	OK(store_votes_list(c, id, 1, &out, &n, E));
	assert_int_equal(n, 4);
	static const char *const by_key[][2] = {{KEY_A, "000"},
					       {"1111111111111111111111111111111f", "111"},
					       {KEY_B, "010"},
					       {KEY_C, "101"}};
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(out[i].key, by_key[i][0]);
		assert_string_equal(out[i].marks, by_key[i][1]);
	}
	free(out);
	/* to publish: by the marks, so the order says nothing of the keys */
	OK(store_votes_list(c, id, 0, &out, &n, E));
	assert_int_equal(n, 4);
	static const char *const published[] = {"111", "101", "010", "000"};
	for (size_t i = 0; i < n; i++)
		assert_string_equal(out[i].marks, published[i]);
	free(out);
	/* equal marks: by key */
	struct cast_vote same = vote_of(KEY_A, "101");
	OK(store_vote_insert(c, other, &same, E));
	OK(store_votes_list(c, other, 0, &out, &n, E));
	assert_int_equal(n, 2);
	assert_string_equal(out[0].key, KEY_A);
	assert_string_equal(out[1].key, KEY_C);
	free(out);
	OK(store_votes_list(c, 999, 1, &out, &n, E));
	assert_int_equal(n, 0);
	free(out);
}

/* Receipts' hashes: apart from the ballots, one of each per ballot, found by hash. */
static void test_receipts(void **state)
{
	struct db_conn *c = ((struct fixture *)*state)->c;
	int64_t voters[] = {10, 20, 30, 40};
	int64_t id = add_ballot(c, BALLOT_APPROVE_EACH, voters, N_OF(voters));
	int64_t other = add_ballot(c, BALLOT_APPROVE_EACH, voters, 1);
	static const char *const codes[] = {"ZZZZYYYYXXXXWWWWVVVVTTTT", /* 71a7… */
					    "7K3DWXYZ0000111122223333", /* 8f4d… */
					    "0123456789ABCDEFGHJKMNPQ"}; /* 29cc… */
	char h[3][RECEIPT_HASH_BYTES], missing[RECEIPT_HASH_BYTES];
	for (size_t i = 0; i < 3; i++) {
		receipt_hash(codes[i], h[i]);
		OK(store_receipt_insert(c, id, h[i], E));
	}
	OK(store_receipt_insert(c, other, h[0], E)); /* another ballot may hold the same hash */
	struct error e;
	assert_fails(store_receipt_insert(c, id, h[1], &e), e, ERR_CONFLICT, "constraint", "");

	char(*list)[RECEIPT_HASH_BYTES] = NULL;
	size_t n = 0;
	OK(store_receipts_list(c, id, &list, &n, E));
	assert_int_equal(n, 3);
	assert_string_equal(list[0], h[2]); /* sorted */
	assert_string_equal(list[1], h[0]);
	assert_string_equal(list[2], h[1]);
	free(list);
	OK(store_receipts_list(c, other, &list, &n, E));
	assert_int_equal(n, 1);
	assert_string_equal(list[0], h[0]);
	free(list);

	OK(store_receipt_find(c, id, h[1], E));
	OK(store_receipt_find(c, other, h[0], E));
	receipt_hash("7K3DWXYZ0000111122223334", missing);
	assert_fails(store_receipt_find(c, id, missing, &e), e, ERR_NOT_FOUND,
		     "receipt_not_found", "");
	assert_fails(store_receipt_find(c, other, h[1], &e), e, ERR_NOT_FOUND,
		     "receipt_not_found", "");
	/* a ballot that does not exist: the same answer */
	assert_fails(store_receipt_find(c, 999, h[1], &e), e, ERR_NOT_FOUND, "receipt_not_found",
		     "");
	/* no receipt is a ballot, no ballot a receipt */
	struct cast_vote *votes = NULL;
	OK(store_votes_list(c, id, 1, &votes, &n, E));
	assert_int_equal(n, 0);
	free(votes);
}

/* store_ballot_cast: the voter marked, a new receipt kept, the marks stored apart. */
static void test_cast(void **state)
{
	struct db_conn *c = ((struct fixture *)*state)->c;
	int64_t voters[] = {10, 20, 30};
	int64_t id = add_ballot(c, BALLOT_APPROVE_EACH, voters, N_OF(voters));
	struct ballot b;
	OK(store_ballot_get(c, id, &b, E));
	char receipt[RECEIPT_TEXT_BYTES], code[RECEIPT_CODE_CHARS + 1], hash[RECEIPT_HASH_BYTES];
	char want[RECEIPT_HASH_BYTES];
	int ids[] = {3, 1};
	OK(store_ballot_cast(c, &b, 20, ids, N_OF(ids), receipt, hash, E));
	assert_int_equal(strlen(receipt), RECEIPT_TEXT_BYTES - 1);
	assert_int_equal(receipt_normalize(receipt, code), 0);
	receipt_hash(code, want);
	assert_string_equal(hash, want);
	OK(store_receipt_find(c, id, hash, E));
	/* a blank ballot: as wide as any other */
	char receipt2[RECEIPT_TEXT_BYTES], hash2[RECEIPT_HASH_BYTES];
	OK(store_ballot_cast(c, &b, 10, NULL, 0, receipt2, hash2, E));
	assert_string_not_equal(receipt, receipt2);
	assert_string_not_equal(hash, hash2);

	struct cast_vote *all = NULL;
	size_t n = 0;
	OK(store_votes_list(c, id, 0, &all, &n, E));
	assert_int_equal(n, 2);
	assert_string_equal(all[0].marks, "101");
	assert_string_equal(all[1].marks, "000");
	/* random keys, that are not the receipts' hashes */
	for (size_t i = 0; i < n; i++) {
		assert_true(is_key(all[i].key));
		assert_null(strstr(hash, all[i].key));
		assert_null(strstr(hash2, all[i].key));
	}
	assert_string_not_equal(all[0].key, all[1].key);
	free(all);
	char(*receipts)[RECEIPT_HASH_BYTES] = NULL;
	OK(store_receipts_list(c, id, &receipts, &n, E));
	assert_int_equal(n, 2);
	assert_true(strcmp(receipts[0], receipts[1]) < 0);
	assert_true(strcmp(receipts[0], hash) == 0 || strcmp(receipts[1], hash) == 0);
	assert_true(strcmp(receipts[0], hash2) == 0 || strcmp(receipts[1], hash2) == 0);
	free(receipts);

	/* a second ballot by the same voter, one not on the list: refused */
	struct error e;
	assert_fails(store_ballot_cast(c, &b, 20, ids, 1, receipt, hash, &e), e, ERR_CONFLICT,
		     "already_voted", "");
	assert_fails(store_ballot_cast(c, &b, 99, ids, 1, receipt, hash, &e), e, ERR_FORBIDDEN,
		     "not_a_voter", "");
	struct ballot_voter *list = NULL;
	OK(store_ballot_voters(c, id, &list, &n, E));
	assert_int_equal(list[0].voted, VOTED_ONLINE);
	assert_int_equal(list[1].voted, VOTED_ONLINE);
	assert_int_equal(list[2].voted, NOT_VOTED);
	free(list);
	ballot_free(&b);
}

/* store_ballot_cast in a transaction that is rolled back leaves nothing behind. */
static void test_cast_all_or_nothing(void **state)
{
	struct db_conn *c = ((struct fixture *)*state)->c;
	int64_t voters[] = {10, 20, 30};
	int64_t id = add_ballot(c, BALLOT_APPROVE_EACH, voters, N_OF(voters));
	struct ballot b;
	OK(store_ballot_get(c, id, &b, E));
	char receipt[RECEIPT_TEXT_BYTES], hash[RECEIPT_HASH_BYTES];
	int ids[] = {2};
	OK(store_begin(c, E));
	OK(store_ballot_cast(c, &b, 30, ids, 1, receipt, hash, E));
	store_rollback(c);
	size_t n = 9;
	struct cast_vote *votes = NULL;
	OK(store_votes_list(c, id, 1, &votes, &n, E));
	assert_int_equal(n, 0);
	free(votes);
	char(*receipts)[RECEIPT_HASH_BYTES] = NULL;
	OK(store_receipts_list(c, id, &receipts, &n, E));
	assert_int_equal(n, 0);
	free(receipts);
	struct ballot_voter v;
	OK(store_ballot_voter_get(c, id, 30, &v, E));
	assert_int_equal(v.voted, NOT_VOTED);
	ballot_free(&b);
}

/* ---- the outcome, void when a group of ballots is too small ---- */

/* Cast these marks online (voters 1, 2, …) and count them, with paper counts if given. */
static struct ballot_outcome *outcome_of(struct db_conn *c, const char *const *marks, size_t n,
					 const int64_t *paper)
{
	int64_t voters[12];
	for (int i = 0; i < 12; i++)
		voters[i] = i + 1;
	int64_t id = add_ballot(c, BALLOT_APPROVE_EACH, voters, 12);
	set_status(c, id, BALLOT_OPEN);
	for (size_t i = 0; i < n; i++) {
		char key[VOTE_KEY_BYTES], hash[RECEIPT_HASH_BYTES], code[RECEIPT_CODE_CHARS + 1];
		snprintf(key, sizeof key, "%032zx", (i * 7919) % 101);
		snprintf(code, sizeof code, "ABCDEFGHJKMNPQRSTVWX%04u", (unsigned)(i % 10000));
		receipt_hash(code, hash);
		struct cast_vote v = vote_of(key, marks[i]);
		OK(store_ballot_voter_mark(c, id, voters[i], VOTED_ONLINE, E));
		OK(store_receipt_insert(c, id, hash, E));
		OK(store_vote_insert(c, id, &v, E));
	}
	struct ballot b;
	OK(store_ballot_get(c, id, &b, E));
	if (paper) {
		/* paper[0] papers, paper[1] blank, paper[2] spoilt, then the votes */
		b.paper_ballots = paper[0];
		b.paper_blank = paper[1];
		b.paper_invalid = paper[2];
		for (size_t i = 0; i < b.n_candidates; i++)
			b.candidates[i].paper_votes = paper[3 + i];
		OK(store_ballot_paper_save(c, &b, E));
	}
	OK(store_ballot_set_status(c, &b, BALLOT_CLOSED, E));
	OK(store_ballot_reseal(c, id, E));
	struct error e;
	err_clear(&e);
	struct ballot_outcome *o = store_ballot_outcome(c, &b, &e);
	if (!o)
		fail_msg("store_ballot_outcome failed: %s (%s)", e.message, e.code);
	ballot_free(&b);
	return o;
}

static void assert_void(const struct ballot_outcome *o)
{
	assert_true(o->is_void);
	assert_null(o->votes);
	for (int i = 0; i < 3; i++)
		assert_int_equal(o->per[i], 0);
	assert_int_equal(o->online_blank, 0);
	assert_int_equal(o->counts.blank, 0);
	assert_int_equal(o->result.n_passed, 0);
}

static void test_outcome(void **state)
{
	struct db_conn *c = ((struct fixture *)*state)->c;
	static const char *const marks[] = {"101", "000", "111", "100", "001"};

	/* three online ballots: counted, published in the order of their marks */
	struct ballot_outcome *o = outcome_of(c, marks, 3, NULL);
	assert_false(o->is_void);
	assert_int_equal(o->n_votes, 3);
	assert_string_equal(o->votes[0].marks, "111");
	assert_string_equal(o->votes[1].marks, "101");
	assert_string_equal(o->votes[2].marks, "000");
	assert_int_equal(o->per[0], 2);
	assert_int_equal(o->per[1], 1);
	assert_int_equal(o->per[2], 2);
	assert_int_equal(o->online_blank, 1);
	assert_int_equal(o->counts.cast, 3);
	assert_int_equal(o->n_receipts, 3);
	for (size_t i = 1; i < o->n_receipts; i++)
		assert_true(strcmp(o->receipts[i - 1], o->receipts[i]) < 0);
	/* the digest is of what is published */
	char digest[RECEIPT_HASH_BYTES];
	struct ballot b;
	memset(&b, 0, sizeof b);
	struct ballot_candidate k[3];
	memset(k, 0, sizeof k);
	b.candidates = k;
	b.n_candidates = 3;
	ballot_digest(&b, (const char(*)[RECEIPT_HASH_BYTES])o->receipts, o->n_receipts, o->votes,
		      o->n_votes, digest);
	assert_string_equal(o->digest, digest);
	ballot_outcome_free(o);

	/* one or two online ballots, nothing else: void */
	for (size_t n = 1; n <= 2; n++) {
		o = outcome_of(c, marks, n, NULL);
		assert_void(o);
		assert_int_equal(o->counts.cast, (int64_t)n);
		assert_int_equal(o->n_receipts, n); /* receipts still prove being counted */
		assert_int_equal(strlen(o->digest), 64);
		ballot_outcome_free(o);
	}
	/* none at all: void too */
	o = outcome_of(c, marks, 0, NULL);
	assert_void(o);
	ballot_outcome_free(o);

	/* paper: 3 papers (1 blank) and no online ballot: counted */
	int64_t three[] = {3, 1, 0, 2, 0, 1};
	o = outcome_of(c, marks, 0, three);
	assert_false(o->is_void);
	assert_int_equal(o->per[0], 2);
	assert_int_equal(o->counts.blank, 1);
	ballot_outcome_free(o);
	/* 3 papers of which 1 spoilt: 2 counted, void */
	int64_t spoilt[] = {3, 0, 1, 1, 1, 0};
	o = outcome_of(c, marks, 3, spoilt);
	assert_void(o);
	assert_int_equal(o->counts.invalid, 1);
	ballot_outcome_free(o);
	/* 5 online and 1 or 2 on paper: void, however many online */
	int64_t one[] = {1, 0, 0, 1, 0, 0};
	o = outcome_of(c, marks, 5, one);
	assert_void(o);
	ballot_outcome_free(o);
	int64_t two[] = {2, 0, 0, 1, 1, 0};
	o = outcome_of(c, marks, 5, two);
	assert_void(o);
	ballot_outcome_free(o);
	/* 2 online and 3 on paper: void */
	o = outcome_of(c, marks, 2, three);
	assert_void(o);
	ballot_outcome_free(o);
	/* 3 and 3: counted, both together */
	o = outcome_of(c, marks, 3, three);
	assert_false(o->is_void);
	assert_int_equal(o->per[0], 2 + 2);
	assert_int_equal(o->counts.cast, 6);
	assert_int_equal(o->counts.blank, 1 + 1);
	ballot_outcome_free(o);
	/* paper entered as none at all, 3 online: counted */
	int64_t zero[] = {0, 0, 0, 0, 0, 0};
	o = outcome_of(c, marks, 3, zero);
	assert_false(o->is_void);
	ballot_outcome_free(o);
}

/* ---- the reseal, seen in the bytes of the database file ---- */

static unsigned char *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	unsigned char *buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static off_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_size : -1;
}

/* Where needle sits in the file; it must be there exactly once. */
static size_t offset_of(const unsigned char *file, size_t len, const void *needle, size_t n)
{
	const unsigned char *at = memmem(file, len, needle, n);
	if (!at)
		fail_msg("\"%.*s\" is not in the database file", (int)n, (const char *)needle);
	if (memmem(at + 1, len - (size_t)(at - file) - 1, needle, n))
		fail_msg("\"%.*s\" is twice in the database file", (int)n, (const char *)needle);
	return (size_t)(at - file);
}

/* Where a voter's id (a 4-byte integer) is in the file. */
static size_t voter_offset(const unsigned char *file, size_t len, int64_t voter)
{
	uint32_t id = (uint32_t)voter;
	unsigned char be[4] = {(unsigned char)(id >> 24), (unsigned char)(id >> 16),
			       (unsigned char)(id >> 8), (unsigned char)id};
	return offset_of(file, len, be, sizeof be);
}

/* Do the offsets, taken in key order, rise or fall all the way? */
static int monotonic(const size_t *off, size_t n)
{
	int up = 1, down = 1;
	for (size_t i = 1; i < n; i++) {
		up &= off[i] > off[i - 1];
		down &= off[i] < off[i - 1];
	}
	return up || down;
}

#define N_VOTES 16
#define N_VOTERS 12
/* voter ids stored as 4-byte integers 0x7E5700nn: easy to find in the file */
#define VOTER_ID(i) ((int64_t)0x7E570000 + 17 * ((i) + 1))

struct layout {
	size_t votes[N_VOTES];      /* offsets of the vote keys, in key order */
	size_t receipts[N_VOTES];   /* offsets of the receipt hashes, in hash order */
	size_t voters[N_VOTERS];    /* offsets of the voters' records, in id order */
};

/* Where each vote, receipt and voter is in the database file (WAL folded in). */
static void read_layout(const struct fixture *f, const struct cast_vote *sorted,
			char (*hashes)[RECEIPT_HASH_BYTES], struct layout *out)
{
	size_t len = 0;
	unsigned char *file = read_whole(f->db.path, &len);
	for (size_t i = 0; i < N_VOTES; i++) {
		out->votes[i] = offset_of(file, len, sorted[i].key, VOTE_KEY_BYTES - 1);
		out->receipts[i] = offset_of(file, len, hashes[i], RECEIPT_HASH_BYTES - 1);
	}
	for (size_t i = 0; i < N_VOTERS; i++)
		out->voters[i] = voter_offset(file, len, VOTER_ID(i));
	free(file);
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct cast_vote *)a)->key, ((const struct cast_vote *)b)->key);
}

static int by_hash(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* A key for vote i whose order is unrelated to i: easy to find in the file. */
static void mixed_key(unsigned i, unsigned tag, char out[VOTE_KEY_BYTES])
{
	uint32_t h = (i + 1) * 2654435761u;
	h ^= h >> 13;
	snprintf(out, VOTE_KEY_BYTES, "%08x%08x%08x%08x", (unsigned)h, tag, i, (unsigned)~h);
}

static void test_reseal_forgets_order(void **state)
{
	struct fixture *f = *state;
	struct db_conn *c = f->c;
	int64_t voters[N_VOTERS];
	for (int i = 0; i < N_VOTERS; i++)
		voters[i] = VOTER_ID(i);
	int64_t id = add_ballot(c, BALLOT_APPROVE_EACH, voters, N_VOTERS);
	set_status(c, id, BALLOT_OPEN);

	/* the votes in the order they are cast, each in its own transaction */
	struct cast_vote cast[N_VOTES], sorted[N_VOTES];
	char hashes[N_VOTES][RECEIPT_HASH_BYTES], cast_hashes[N_VOTES][RECEIPT_HASH_BYTES];
	static const char *const marks[] = {"100", "010", "001", "110", "000", "111", "011", "101"};
	static const int paper[N_VOTERS] = {0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0};
	/* an order of marking unrelated to the ids: 7, 2, 9, … */
	static const int mark_order[N_VOTERS] = {7, 2, 9, 0, 11, 4, 1, 10, 5, 3, 8, 6};
	for (int i = 0; i < N_VOTES; i++) {
		char key[VOTE_KEY_BYTES], code[RECEIPT_CODE_CHARS + 1];
		mixed_key((unsigned)i, 0x5ea1ed00u, key);
		cast[i] = vote_of(key, marks[i % 8]);
		snprintf(code, sizeof code, "ABCDEFGHJKMNPQRSTVWX%04u", (unsigned)(i * 7 % 10000));
		receipt_hash(code, cast_hashes[i]);
		OK(store_begin(c, E));
		if (i < N_VOTERS)
			OK(store_ballot_voter_mark(c, id, voters[mark_order[i]],
						   paper[mark_order[i]] ? VOTED_ON_PAPER
									: VOTED_ONLINE,
						   E));
		OK(store_receipt_insert(c, id, cast_hashes[i], E));
		OK(store_vote_insert(c, id, &cast[i], E));
		OK(store_commit(c, E));
	}
	memcpy(sorted, cast, sizeof cast);
	qsort(sorted, N_VOTES, sizeof *sorted, by_key);
	memcpy(hashes, cast_hashes, sizeof hashes);
	qsort(hashes, N_VOTES, sizeof *hashes, by_hash);
	int shuffled = 0, hashes_shuffled = 0;
	for (int i = 0; i < N_VOTES; i++) {
		shuffled |= strcmp(cast[i].key, sorted[i].key) != 0;
		hashes_shuffled |= strcmp(cast_hashes[i], hashes[i]) != 0;
	}
	assert_true(shuffled && hashes_shuffled); /* else this test would prove nothing */

	struct cast_vote *listed = NULL;
	size_t n = 0;
	OK(store_votes_list(c, id, 1, &listed, &n, E));
	assert_int_equal(n, N_VOTES);
	for (int i = 0; i < N_VOTES; i++) {
		assert_string_equal(listed[i].key, sorted[i].key);
		assert_string_equal(listed[i].marks, sorted[i].marks);
	}
	free(listed);

	/*
	 * Before the reseal, the file keeps the order of casting: this is what
	 * the reseal is for (and shows that the check below can fail).
	 */
	struct layout before, after;
	OK(store_forget_write_order(c, E));
	read_layout(f, sorted, hashes, &before);
	assert_false(monotonic(before.votes, N_VOTES));
	assert_false(monotonic(before.receipts, N_VOTES));
	assert_false(monotonic(before.voters, N_VOTERS));

	/* closing, as api_ballots_close does it */
	OK(store_begin(c, E));
	struct ballot b;
	OK(store_ballot_get(c, id, &b, E));
	OK(store_ballot_set_status(c, &b, BALLOT_CLOSED, E));
	OK(store_ballot_reseal(c, id, E));
	OK(store_commit(c, E));
	char wal[160];
	snprintf(wal, sizeof wal, "%s-wal", f->db.path);
	assert_true(file_size(wal) > 0); /* the reseal is in the write-ahead log … */
	OK(store_forget_write_order(c, E));
	assert_int_equal(file_size(wal), 0); /* … and no longer */

	read_layout(f, sorted, hashes, &after);
	if (!monotonic(after.votes, N_VOTES)) {
		for (int i = 0; i < N_VOTES; i++)
			print_error("vote %2d (%.8s…): offset %zu\n", i, sorted[i].key,
				    after.votes[i]);
		fail_msg("the votes are not laid out in the order of their keys");
	}
	if (!monotonic(after.receipts, N_VOTES)) {
		for (int i = 0; i < N_VOTES; i++)
			print_error("receipt %2d (%.8s…): offset %zu\n", i, hashes[i],
				    after.receipts[i]);
		fail_msg("the receipts are not laid out in the order of their hashes");
	}
	if (!monotonic(after.voters, N_VOTERS)) {
		for (int i = 0; i < N_VOTERS; i++)
			print_error("voter %2d: offset %zu\n", i, after.voters[i]);
		fail_msg("the voters are not laid out in the order of their ids");
	}

	/* and nothing was lost: the same votes, receipts and participation */
	OK(store_votes_list(c, id, 1, &listed, &n, E));
	assert_int_equal(n, N_VOTES);
	for (int i = 0; i < N_VOTES; i++) {
		assert_string_equal(listed[i].key, sorted[i].key);
		assert_string_equal(listed[i].marks, sorted[i].marks);
	}
	free(listed);
	char(*receipts)[RECEIPT_HASH_BYTES] = NULL;
	OK(store_receipts_list(c, id, &receipts, &n, E));
	assert_int_equal(n, N_VOTES);
	for (int i = 0; i < N_VOTES; i++)
		assert_string_equal(receipts[i], hashes[i]);
	free(receipts);
	struct ballot_voter *v = NULL;
	OK(store_ballot_voters(c, id, &v, &n, E));
	assert_int_equal(n, N_VOTERS);
	for (int i = 0; i < N_VOTERS; i++) {
		assert_int_equal(v[i].id, voters[i]);
		assert_int_equal(v[i].voted, paper[i] ? VOTED_ON_PAPER : VOTED_ONLINE);
	}
	free(v);
	ballot_free(&b);
	OK(store_ballot_get(c, id, &b, E));
	assert_int_equal(b.status, BALLOT_CLOSED);
	assert_int_equal(b.voted, N_VOTERS);
	ballot_free(&b);
}

/*
** Two ballots open at once, their rows interleaved in the same pages
** (a security review's finding). The reseal deletes one ballot's rows and
** writes them back in key order into the holes left between the other
** ballot's rows, first fit; were that ballot's rows of different sizes,
** the holes would be shaped by the order of casting, and so would the
** places the rows go back to. So: the same ballots, the same rows, the
** same B votes at the same moments, only A's votes cast in another order;
** after closing A, each of A's stored ballots (and receipts) must sit at
** the same byte offset in every file.
**
** (A's voters' records are not checked: marking a voter makes its row
** longer, voted NULL becoming 'online', so SQLite moves the row at the
** moment of marking, and where A's voters lie after the reseal still
** depends on the order they voted in. That order is also in the audit
** trail's "vote" entries; it says nothing of what anyone chose.)
*/
#define N_A 10 /* A: approve each of 3 */
#define N_B 10 /* B: approve each of 7, cast between A's */
#define VOTER_A(i) ((int64_t)0x7E5A0000 + 19 * ((i) + 1))
#define VOTER_B(i) ((int64_t)0x7E5B0000 + 23 * ((i) + 1))

/* A's ballots: blank ones and full approvals among them. */
static const char *const a_marks[N_A] = {"000", "111", "100", "010", "001",
					 "110", "011", "101", "000", "111"};
static const char *const b_marks[N_B] = {"1000000", "0100000", "0000000", "1111111",
					 "0010001", "1010101", "0000001", "0111110",
					 "1100000", "0001000"};

struct two_ballots {
	size_t a_before[N_A];   /* offsets of A's vote keys while open */
	size_t a_keys[N_A];     /* … after A's close */
	size_t a_receipts[N_A]; /* A's receipt hashes after the close */
	size_t b_keys[N_B];     /* B's vote keys after A's close */
};

static void two_key(char tag, unsigned i, char out[VOTE_KEY_BYTES])
{
	mixed_key(i, tag == 'a' ? 0xaaaa0000u : 0xbbbb0000u, out);
}

static void two_hash(char tag, unsigned i, char out[RECEIPT_HASH_BYTES])
{
	char code[RECEIPT_CODE_CHARS + 1];
	snprintf(code, sizeof code, "%sMNPQRSTVWXYZ%04u", tag == 'a' ? "AAAAAAAA" : "BBBBBBBB",
		 i % 10000);
	receipt_hash(code, out);
}

/* Cast one row set: the voter marked, its receipt kept, the ballot stored. */
static void cast_fixed(struct db_conn *c, int64_t ballot, int64_t voter, char tag, unsigned i,
		       const char *marks)
{
	char key[VOTE_KEY_BYTES], hash[RECEIPT_HASH_BYTES];
	two_key(tag, i, key);
	two_hash(tag, i, hash);
	struct cast_vote v = vote_of(key, marks);
	OK(store_begin(c, E));
	OK(store_ballot_voter_mark(c, ballot, voter, VOTED_ONLINE, E));
	OK(store_receipt_insert(c, ballot, hash, E));
	OK(store_vote_insert(c, ballot, &v, E));
	OK(store_commit(c, E));
}

/*
** In a fresh database: A and B open, B's votes and A's (in a_order)
** alternating, then A closed as api_ballots_close does it.
*/
static void two_ballots_run(const int *a_order, struct two_ballots *out)
{
	void *st = NULL;
	assert_int_equal(setup(&st), 0);
	struct fixture *f = st;
	struct db_conn *c = f->c;
	int64_t va[N_A], vb[N_B];
	for (int i = 0; i < N_A; i++)
		va[i] = VOTER_A(i);
	for (int i = 0; i < N_B; i++)
		vb[i] = VOTER_B(i);
	int64_t a = add_ballot_of(c, BALLOT_APPROVE_EACH, 3, va, N_A);
	int64_t b = add_ballot_of(c, BALLOT_APPROVE_EACH, 7, vb, N_B);
	set_status(c, a, BALLOT_OPEN);
	set_status(c, b, BALLOT_OPEN);
	for (int i = 0; i < N_A || i < N_B; i++) {
		if (i < N_B)
			cast_fixed(c, b, vb[i], 'b', (unsigned)i, b_marks[i]);
		if (i < N_A) {
			int k = a_order[i];
			cast_fixed(c, a, va[k], 'a', (unsigned)k, a_marks[k]);
		}
	}
	OK(store_forget_write_order(c, E));
	size_t len = 0;
	unsigned char *file = read_whole(f->db.path, &len);
	char key[VOTE_KEY_BYTES], hash[RECEIPT_HASH_BYTES];
	for (unsigned i = 0; i < N_A; i++) {
		two_key('a', i, key);
		out->a_before[i] = offset_of(file, len, key, VOTE_KEY_BYTES - 1);
	}
	free(file);

	OK(store_begin(c, E));
	struct ballot ba;
	OK(store_ballot_get(c, a, &ba, E));
	OK(store_ballot_set_status(c, &ba, BALLOT_CLOSED, E));
	OK(store_ballot_reseal(c, a, E));
	OK(store_commit(c, E));
	OK(store_forget_write_order(c, E));
	ballot_free(&ba);

	file = read_whole(f->db.path, &len);
	for (unsigned i = 0; i < N_A; i++) {
		two_key('a', i, key);
		out->a_keys[i] = offset_of(file, len, key, VOTE_KEY_BYTES - 1);
		two_hash('a', i, hash);
		out->a_receipts[i] = offset_of(file, len, hash, RECEIPT_HASH_BYTES - 1);
	}
	for (unsigned i = 0; i < N_B; i++) {
		two_key('b', i, key);
		out->b_keys[i] = offset_of(file, len, key, VOTE_KEY_BYTES - 1);
	}
	free(file);

	/* nothing lost: A's ballots as cast, B's as they were */
	struct cast_vote *votes = NULL;
	size_t n = 0;
	OK(store_votes_list(c, a, 1, &votes, &n, E));
	assert_int_equal(n, N_A);
	for (size_t i = 0; i < n; i++) {
		unsigned k = N_A;
		assert_int_equal(sscanf(votes[i].key + 16, "%8x", &k), 1); /* see mixed_key */
		assert_true(k < N_A);
		two_key('a', k, key);
		assert_string_equal(votes[i].key, key);
		assert_string_equal(votes[i].marks, a_marks[k]);
	}
	free(votes);
	OK(store_votes_list(c, b, 1, &votes, &n, E));
	assert_int_equal(n, N_B);
	free(votes);
	struct ballot_voter *v = NULL;
	OK(store_ballot_voters(c, a, &v, &n, E));
	assert_int_equal(n, N_A);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(v[i].id, VOTER_A(i));
		assert_int_equal(v[i].voted, VOTED_ONLINE);
	}
	free(v);
	teardown(&st);
}

static void test_reseal_two_ballots_interleaved(void **state)
{
	(void)state;
	/* A's ballots in the order of their index, reversed, and shuffled */
	static const int orders[][N_A] = {
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		{9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
		{7, 2, 9, 0, 4, 1, 8, 5, 3, 6},
		{1, 0, 3, 2, 5, 4, 7, 6, 9, 8},
	};
	struct two_ballots runs[N_OF(orders)];
	for (size_t r = 0; r < N_OF(orders); r++)
		two_ballots_run(orders[r], &runs[r]);
	for (size_t r = 1; r < N_OF(orders); r++) {
		/* while open, the rows are where they were cast: the check can fail */
		assert_memory_not_equal(runs[0].a_before, runs[r].a_before,
					sizeof runs[0].a_before);
		int differ = 0;
		for (int i = 0; i < N_A; i++) {
			if (runs[0].a_keys[i] != runs[r].a_keys[i]) {
				print_error("order %zu: A's ballot %d (%s) at %zu, not %zu\n", r, i,
					    a_marks[i], runs[r].a_keys[i], runs[0].a_keys[i]);
				differ = 1;
			}
		}
		if (differ)
			fail_msg("after the close, where A's ballots lie depends on the order "
				 "they were cast in");
		/* the receipts are all of one size too */
		assert_memory_equal(runs[0].a_receipts, runs[r].a_receipts,
				    sizeof runs[0].a_receipts);
		assert_memory_equal(runs[0].b_keys, runs[r].b_keys, sizeof runs[0].b_keys);
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_ballot_roundtrip),
		T(test_threshold_base_stored),
		T(test_voter_mark),
		T(test_votes),
		T(test_receipts),
		T(test_cast),
		T(test_cast_all_or_nothing),
		T(test_outcome),
		T(test_reseal_forgets_order),
		cmocka_unit_test(test_reseal_two_ballots_interleaved),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
