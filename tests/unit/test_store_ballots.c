/*
** Secret ballots in the SQLite store (store/store_ballots.c), on a real
** database in a temporary directory, one fresh database per test: a
** ballot with its candidates and voters, marking who voted (once, and only
** those on the list), casting, listing and finding votes, and the reseal
** at closing: after store_ballot_reseal and store_forget_write_order, the
** bytes of the database file keep the votes and the voters in the order
** of their keys, no longer in the order they were cast.
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

#include "unit.h"

#include "domain/receipt.h"
#include "store/db.h"
#include "store/store.h"

struct fixture {
	char dir[64];
	char path[128];
	struct db_conn *c;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/thidua-test-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	char url[160], err[256];
	snprintf(url, sizeof url, "sqlite:%s", f->path);
	if (db_open(url, &f->c, err, sizeof err) != DB_OK) {
		fprintf(stderr, "db_open: %s\n", err);
		free(f);
		return -1;
	}
	struct error e;
	err_clear(&e);
	int applied = 0;
	if (store_migrate(f->c, &applied, &e) != 0) {
		fprintf(stderr, "store_migrate: %s\n", e.message);
		db_close(f->c);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char p[160];
	db_close(f->c);
	unlink(f->path);
	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	rmdir(f->dir);
	free(f);
	return 0;
}

#define OK(call)                                                                  \
	do {                                                                      \
		struct error ok_e_;                                               \
		err_clear(&ok_e_);                                                \
		if ((call) != 0)                                                  \
			fail_msg("%s failed: %s (%s)", #call, ok_e_.message, ok_e_.code); \
	} while (0)

#define E (&ok_e_)
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

/* A draft ballot of three labelled candidates with these voters. */
static int64_t add_ballot(struct db_conn *c, enum ballot_kind kind, const int64_t *voters,
			  size_t n_voters)
{
	static const char *const labels[] = {"Huyện ủy Yên Thế", "Huyện ủy Lục Nam",
					     "Huyện ủy Tân Yên"};
	struct ballot_candidate k[3];
	memset(k, 0, sizeof k);
	for (int i = 0; i < 3; i++) {
		k[i].id = i + 1;
		k[i].priority = i == 2;
		snprintf(k[i].label, sizeof k[i].label, "%s", labels[i]);
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
	b.n_candidates = 3;
	OK(store_ballot_insert(c, &b, 0, voters, n_voters, E));
	assert_true(b.id > 0);
	assert_int_equal(b.status, BALLOT_DRAFT);
	assert_int_equal(b.eligible, (int64_t)n_voters);
	return b.id;
}

static void set_status(struct db_conn *c, int64_t id, enum ballot_status to)
{
	struct ballot b;
	OK(store_ballot_get(c, id, &b, E));
	OK(store_ballot_set_status(c, &b, to, E));
	ballot_free(&b);
}

/* The stored vote of receipt code (24 characters) with these choices. */
static struct cast_vote vote_of(const char *code, const char *choices)
{
	struct cast_vote v;
	memset(&v, 0, sizeof v);
	receipt_hash(code, v.receipt_hash);
	snprintf(v.choices, sizeof v.choices, "%s", choices);
	return v;
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
	assert_int_equal(v[0].voted + v[1].voted + v[2].voted, 0);
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

static void test_voter_mark(void **state)
{
	struct db_conn *c = ((struct fixture *)*state)->c;
	int64_t voters[] = {10, 20, 30};
	int64_t id = add_ballot(c, BALLOT_SINGLE, voters, N_OF(voters));
	int64_t other = add_ballot(c, BALLOT_SINGLE, voters, 1);
	struct error e;

	OK(store_ballot_voter_mark(c, id, 20, 0, E));
	OK(store_ballot_voter_mark(c, id, 30, 1, E)); /* on paper */
	/* once only, online or on paper */
	assert_fails(store_ballot_voter_mark(c, id, 20, 0, &e), e, ERR_CONFLICT, "already_voted",
		     "");
	assert_fails(store_ballot_voter_mark(c, id, 20, 1, &e), e, ERR_CONFLICT, "already_voted",
		     "");
	assert_fails(store_ballot_voter_mark(c, id, 30, 0, &e), e, ERR_CONFLICT, "already_voted",
		     "");
	/* only those on this ballot's list */
	assert_fails(store_ballot_voter_mark(c, id, 40, 0, &e), e, ERR_FORBIDDEN, "not_a_voter",
		     "");
	assert_fails(store_ballot_voter_mark(c, other, 20, 0, &e), e, ERR_FORBIDDEN,
		     "not_a_voter", "");
	assert_fails(store_ballot_voter_mark(c, 999, 10, 0, &e), e, ERR_FORBIDDEN, "not_a_voter",
		     "");

	struct ballot_voter *v = NULL;
	size_t n = 0;
	OK(store_ballot_voters(c, id, &v, &n, E));
	assert_int_equal(n, 3);
	assert_int_equal(v[0].voted, 0);
	assert_int_equal(v[1].voted, 1);
	assert_int_equal(v[2].voted, 2);
	free(v);
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

static void test_votes(void **state)
{
	struct db_conn *c = ((struct fixture *)*state)->c;
	int64_t voters[] = {10, 20, 30, 40};
	int64_t id = add_ballot(c, BALLOT_APPROVE_EACH, voters, N_OF(voters));
	int64_t other = add_ballot(c, BALLOT_APPROVE_EACH, voters, 1);
	struct cast_vote in[] = {
		vote_of("ZZZZYYYYXXXXWWWWVVVVTTTT", "1,3"), /* 71a7… */
		vote_of("7K3DWXYZ0000111122223333", ""),    /* 8f4d… */
		vote_of("0123456789ABCDEFGHJKMNPQ", "2"),   /* 29cc… */
	};
	for (size_t i = 0; i < N_OF(in); i++)
		OK(store_vote_insert(c, id, &in[i], E));
	OK(store_vote_insert(c, other, &in[0], E)); /* another ballot may hold the same hash */
	struct error e;
	/* a receipt hash is stored once per ballot */
	assert_fails(store_vote_insert(c, id, &in[1], &e), e, ERR_CONFLICT, "constraint", "");

	struct cast_vote *out = NULL;
	size_t n = 0;
	OK(store_votes_list(c, id, &out, &n, E));
	assert_int_equal(n, 3);
	assert_string_equal(out[0].receipt_hash, in[2].receipt_hash); /* sorted by hash */
	assert_string_equal(out[0].choices, "2");
	assert_string_equal(out[1].receipt_hash, in[0].receipt_hash);
	assert_string_equal(out[1].choices, "1,3");
	assert_string_equal(out[2].receipt_hash, in[1].receipt_hash);
	assert_string_equal(out[2].choices, "");
	free(out);

	struct cast_vote found;
	OK(store_vote_find(c, id, in[1].receipt_hash, &found, E));
	assert_string_equal(found.receipt_hash, in[1].receipt_hash);
	assert_string_equal(found.choices, "");
	struct cast_vote missing = vote_of("7K3DWXYZ0000111122223334", "");
	assert_fails(store_vote_find(c, id, missing.receipt_hash, &found, &e), e, ERR_NOT_FOUND,
		     "receipt_not_found", "");
	assert_fails(store_vote_find(c, other, in[1].receipt_hash, &found, &e), e, ERR_NOT_FOUND,
		     "receipt_not_found", "");
}

/* store_ballot_cast: the voter marked and the vote stored under a new receipt. */
static void test_cast(void **state)
{
	struct db_conn *c = ((struct fixture *)*state)->c;
	int64_t voters[] = {10, 20};
	int64_t id = add_ballot(c, BALLOT_APPROVE_EACH, voters, N_OF(voters));
	char receipt[RECEIPT_TEXT_BYTES], code[RECEIPT_CODE_CHARS + 1], hash[RECEIPT_HASH_BYTES];
	struct cast_vote v;
	int ids[] = {3, 1};
	OK(store_ballot_cast(c, id, 20, ids, N_OF(ids), receipt, &v, E));
	assert_int_equal(strlen(receipt), RECEIPT_TEXT_BYTES - 1);
	assert_int_equal(receipt_normalize(receipt, code), 0);
	receipt_hash(code, hash);
	assert_string_equal(v.receipt_hash, hash);
	assert_string_equal(v.choices, "1,3");
	struct cast_vote found;
	OK(store_vote_find(c, id, hash, &found, E));
	assert_string_equal(found.choices, "1,3");

	/* a second ballot by the same voter: refused, and nothing more stored */
	struct error e;
	assert_fails(store_ballot_cast(c, id, 20, ids, 1, receipt, &v, &e), e, ERR_CONFLICT,
		     "already_voted", "");
	assert_fails(store_ballot_cast(c, id, 99, ids, 1, receipt, &v, &e), e, ERR_FORBIDDEN,
		     "not_a_voter", "");
	struct cast_vote *all = NULL;
	size_t n = 0;
	OK(store_votes_list(c, id, &all, &n, E));
	assert_int_equal(n, 1);
	free(all);
	struct ballot_voter *list = NULL;
	OK(store_ballot_voters(c, id, &list, &n, E));
	assert_int_equal(list[0].voted, 0);
	assert_int_equal(list[1].voted, 1);
	free(list);
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
		fail_msg("not in the database file");
	if (memmem(at + 1, len - (size_t)(at - file) - 1, needle, n))
		fail_msg("twice in the database file");
	return (size_t)(at - file);
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
	size_t votes[N_VOTES];   /* offsets of the receipt hashes, in hash order */
	size_t voters[N_VOTERS]; /* offsets of the voters' records, in id order */
};

/* Where each vote and each voter is in the database file (WAL folded in). */
static void read_layout(const struct fixture *f, const struct cast_vote *sorted,
			struct layout *out)
{
	size_t len = 0;
	unsigned char *file = read_whole(f->path, &len);
	for (size_t i = 0; i < N_VOTES; i++)
		out->votes[i] = offset_of(file, len, sorted[i].receipt_hash, 64);
	for (size_t i = 0; i < N_VOTERS; i++) {
		uint32_t id = (uint32_t)VOTER_ID(i);
		unsigned char be[4] = {(unsigned char)(id >> 24), (unsigned char)(id >> 16),
				       (unsigned char)(id >> 8), (unsigned char)id};
		out->voters[i] = offset_of(file, len, be, sizeof be);
	}
	free(file);
}

static int by_hash(const void *a, const void *b)
{
	return strcmp(((const struct cast_vote *)a)->receipt_hash,
		      ((const struct cast_vote *)b)->receipt_hash);
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
	static const char *const choices[] = {"1", "2", "3", "1,2", "", "1,2,3", "2,3", "1,3"};
	static const int paper[N_VOTERS] = {0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0};
	/* an order of marking unrelated to the ids: 7, 2, 9, … */
	static const int mark_order[N_VOTERS] = {7, 2, 9, 0, 11, 4, 1, 10, 5, 3, 8, 6};
	for (int i = 0; i < N_VOTES; i++) {
		char code[RECEIPT_CODE_CHARS + 1];
		snprintf(code, sizeof code, "ABCDEFGHJKMNPQRSTVWX%04d", i * 7);
		cast[i] = vote_of(code, choices[i % 8]);
		OK(store_begin(c, E));
		if (i < N_VOTERS)
			OK(store_ballot_voter_mark(c, id, voters[mark_order[i]],
						   paper[mark_order[i]], E));
		OK(store_vote_insert(c, id, &cast[i], E));
		OK(store_commit(c, E));
	}
	memcpy(sorted, cast, sizeof cast);
	qsort(sorted, N_VOTES, sizeof *sorted, by_hash);
	int shuffled = 0;
	for (int i = 0; i < N_VOTES; i++)
		shuffled |= strcmp(cast[i].receipt_hash, sorted[i].receipt_hash) != 0;
	assert_true(shuffled); /* else this test would prove nothing */

	struct cast_vote *listed = NULL;
	size_t n = 0;
	OK(store_votes_list(c, id, &listed, &n, E));
	assert_int_equal(n, N_VOTES);
	for (int i = 0; i < N_VOTES; i++) {
		assert_string_equal(listed[i].receipt_hash, sorted[i].receipt_hash);
		assert_string_equal(listed[i].choices, sorted[i].choices);
	}
	free(listed);

	/*
	 * Before the reseal, the file keeps the order of casting: this is what
	 * the reseal is for (and shows that the check below can fail).
	 */
	struct layout before, after;
	OK(store_forget_write_order(c, E));
	read_layout(f, sorted, &before);
	assert_false(monotonic(before.votes, N_VOTES));
	assert_false(monotonic(before.voters, N_VOTERS));

	/* closing, as api_ballots_close does it */
	OK(store_begin(c, E));
	struct ballot b;
	OK(store_ballot_get(c, id, &b, E));
	OK(store_ballot_set_status(c, &b, BALLOT_CLOSED, E));
	OK(store_ballot_reseal(c, id, E));
	OK(store_commit(c, E));
	char wal[160];
	snprintf(wal, sizeof wal, "%s-wal", f->path);
	assert_true(file_size(wal) > 0); /* the reseal is in the write-ahead log … */
	OK(store_forget_write_order(c, E));
	assert_int_equal(file_size(wal), 0); /* … and no longer */

	read_layout(f, sorted, &after);
	if (!monotonic(after.votes, N_VOTES)) {
		for (int i = 0; i < N_VOTES; i++)
			print_error("vote %2d (%.8s…): offset %zu\n", i, sorted[i].receipt_hash,
				    after.votes[i]);
		fail_msg("the votes are not laid out in the order of their receipt hashes");
	}
	if (!monotonic(after.voters, N_VOTERS)) {
		for (int i = 0; i < N_VOTERS; i++)
			print_error("voter %2d: offset %zu\n", i, after.voters[i]);
		fail_msg("the voters are not laid out in the order of their ids");
	}

	/* and nothing was lost: the same votes, the same participation */
	OK(store_votes_list(c, id, &listed, &n, E));
	assert_int_equal(n, N_VOTES);
	for (int i = 0; i < N_VOTES; i++) {
		assert_string_equal(listed[i].receipt_hash, sorted[i].receipt_hash);
		assert_string_equal(listed[i].choices, sorted[i].choices);
	}
	free(listed);
	struct ballot_voter *v = NULL;
	OK(store_ballot_voters(c, id, &v, &n, E));
	assert_int_equal(n, N_VOTERS);
	for (int i = 0; i < N_VOTERS; i++) {
		assert_int_equal(v[i].id, voters[i]);
		assert_int_equal(v[i].voted, paper[i] ? 2 : 1);
	}
	free(v);
	ballot_free(&b);
	OK(store_ballot_get(c, id, &b, E));
	assert_int_equal(b.status, BALLOT_CLOSED);
	assert_int_equal(b.voted, N_VOTERS);
	ballot_free(&b);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_ballot_roundtrip),
		T(test_voter_mark),
		T(test_votes),
		T(test_cast),
		T(test_reseal_forgets_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
