/*
** Secret ballots (domain/ballot.h): kinds as words, the rules a ballot may
** have, a ballot's choices, and the tally at every edge: the threshold on
** eligible voters or on ballots cast, blank and invalid ballots, the
** quorum, seats ranked by votes, and ties at the cut-off (priority to
** women, then the chair's casting vote, else undecided). Expected numbers
** are worked out by hand in the comments.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"

#include "domain/ballot.h"


#define N_OF(a) (sizeof(a) / sizeof *(a))

/* Two thirds in parts per 10,000: 6667 rounds up past 2/3 (see test_quorum). */
#define TWO_THIRDS 6666

static struct ballot_rules rules(enum ballot_kind kind, int seats, int max_choices,
				 int threshold, enum threshold_base base, int quorum)
{
	struct ballot_rules r;
	memset(&r, 0, sizeof r);
	r.kind = kind;
	r.seats = seats;
	r.max_choices = max_choices;
	r.threshold = threshold;
	r.base = base;
	r.quorum = quorum;
	return r;
}

/* approve_each, no quorum: the rules of most threshold tests */
static struct ballot_rules approve(int seats, int threshold, enum threshold_base base)
{
	return rules(BALLOT_APPROVE_EACH, seats, 0, threshold, base, 0);
}

static struct ballot_counts counts(int64_t eligible, int64_t cast, int64_t blank,
				   int64_t invalid, const int64_t *votes)
{
	struct ballot_counts c = {eligible, cast, blank, invalid, votes};
	return c;
}

/* A tally that must succeed; priority NULL: nobody has priority. */
static void tally_ok(const struct ballot_rules *r, size_t n, const int *priority,
		     const struct ballot_counts *c, int chair, struct ballot_result *out)
{
	static const int no_priority[BALLOT_CANDIDATES_MAX];
	struct error e;
	err_clear(&e);
	if (!priority)
		priority = no_priority;
	assert_int_equal(ballot_tally(r, n, priority, c, &chair, chair >= 0, out, &e), 0);
	assert_int_equal(e.kind, ERR_NONE);
}

/* Exactly these passed, in this order. */
static void assert_passed(const struct ballot_result *res, const size_t *want, size_t n)
{
	assert_int_equal(res->n_passed, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(res->passed[i], want[i]);
}

static void assert_undecided(const struct ballot_result *res, const size_t *want, size_t n,
			     size_t open_seats)
{
	assert_int_equal(res->cutoff, UNDECIDED);
	assert_int_equal(res->n_undecided, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(res->undecided[i], want[i]);
	assert_int_equal(res->open_seats, open_seats);
}

/* Nothing undecided: the cut-off was settled by this rule. */
static void assert_settled(const struct ballot_result *res, enum cutoff_rule rule)
{
	assert_int_equal(res->cutoff, rule);
	assert_int_equal(res->n_undecided, 0);
	assert_int_equal(res->open_seats, 0);
}

/* ---- kinds and rules ---- */

static void test_kind_names(void **state)
{
	(void)state;
	enum ballot_kind kinds[] = {BALLOT_SINGLE, BALLOT_APPROVE_EACH, BALLOT_CHOOSE_N};
	for (size_t i = 0; i < N_OF(kinds); i++) {
		enum ballot_kind k = (enum ballot_kind)99;
		assert_int_equal(ballot_kind_parse(ballot_kind_name(kinds[i]), &k), 0);
		assert_int_equal(k, kinds[i]);
	}
	assert_string_equal(ballot_kind_name(BALLOT_SINGLE), "single");
	assert_string_equal(ballot_kind_name(BALLOT_APPROVE_EACH), "approve_each");
	assert_string_equal(ballot_kind_name(BALLOT_CHOOSE_N), "choose_n");

	/* unknown words fail and leave *out alone */
	const char *bad[] = {"", "Single", "SINGLE", "choose", "choose_n ", "approve-each", "x"};
	for (size_t i = 0; i < N_OF(bad); i++) {
		enum ballot_kind k = BALLOT_CHOOSE_N;
		assert_int_equal(ballot_kind_parse(bad[i], &k), -1);
		assert_int_equal(k, BALLOT_CHOOSE_N);
	}

	assert_string_equal(cutoff_rule_name(DECIDED_BY_VOTES), "votes");
	assert_string_equal(cutoff_rule_name(DECIDED_BY_PRIORITY), "priority");
	assert_string_equal(cutoff_rule_name(DECIDED_BY_CHAIR), "chair");
	assert_string_equal(cutoff_rule_name(UNDECIDED), "undecided");
}

static void test_rules_validate(void **state)
{
	(void)state;
	struct error e;
	struct ballot_rules r;

	/* the legal ones: 80 % / 90 % of all members, two thirds present */
	r = rules(BALLOT_APPROVE_EACH, 0, 0, 8000, BASE_ELIGIBLE, TWO_THIRDS);
	assert_int_equal(ballot_rules_validate(&r, 5, &e), 0);
	r = rules(BALLOT_SINGLE, 1, 1, 9000, BASE_ELIGIBLE, TWO_THIRDS);
	assert_int_equal(ballot_rules_validate(&r, 5, &e), 0);
	r = rules(BALLOT_CHOOSE_N, 2, 2, 5000, BASE_CAST, 0);
	assert_int_equal(ballot_rules_validate(&r, 5, &e), 0);

	/* candidates: 1..200 */
	r = rules(BALLOT_APPROVE_EACH, 0, 0, 8000, BASE_ELIGIBLE, 0);
	assert_int_equal(ballot_rules_validate(&r, 1, &e), 0);
	assert_int_equal(ballot_rules_validate(&r, BALLOT_CANDIDATES_MAX, &e), 0);
	assert_fails(ballot_rules_validate(&r, 0, &e), e, ERR_INVALID, "out_of_range",
		     "candidates");
	assert_fails(ballot_rules_validate(&r, BALLOT_CANDIDATES_MAX + 1, &e), e, ERR_INVALID,
		     "out_of_range", "candidates");

	/* seats: 0 (no limit) .. candidates */
	r.seats = 5;
	assert_int_equal(ballot_rules_validate(&r, 5, &e), 0);
	r.seats = 6;
	assert_fails(ballot_rules_validate(&r, 5, &e), e, ERR_INVALID, "out_of_range", "seats");
	r.seats = -1;
	assert_fails(ballot_rules_validate(&r, 5, &e), e, ERR_INVALID, "out_of_range", "seats");
	r.seats = 0;

	/* threshold: 0..10000 */
	r.threshold = 0;
	assert_int_equal(ballot_rules_validate(&r, 5, &e), 0);
	r.threshold = SHARE_SCALE;
	assert_int_equal(ballot_rules_validate(&r, 5, &e), 0);
	r.threshold = SHARE_SCALE + 1;
	assert_fails(ballot_rules_validate(&r, 5, &e), e, ERR_INVALID, "out_of_range",
		     "threshold");
	r.threshold = -1;
	assert_fails(ballot_rules_validate(&r, 5, &e), e, ERR_INVALID, "out_of_range",
		     "threshold");
	r.threshold = 8000;

	/* quorum: 0..10000 */
	r.quorum = 0;
	assert_int_equal(ballot_rules_validate(&r, 5, &e), 0);
	r.quorum = SHARE_SCALE;
	assert_int_equal(ballot_rules_validate(&r, 5, &e), 0);
	r.quorum = SHARE_SCALE + 1;
	assert_fails(ballot_rules_validate(&r, 5, &e), e, ERR_INVALID, "out_of_range", "quorum");
	r.quorum = -1;
	assert_fails(ballot_rules_validate(&r, 5, &e), e, ERR_INVALID, "out_of_range", "quorum");

	/* single takes exactly one choice */
	r = rules(BALLOT_SINGLE, 1, 0, 5000, BASE_CAST, 0);
	assert_fails(ballot_rules_validate(&r, 3, &e), e, ERR_INVALID, "out_of_range",
		     "max_choices");
	r.max_choices = 2;
	assert_fails(ballot_rules_validate(&r, 3, &e), e, ERR_INVALID, "out_of_range",
		     "max_choices");

	/* choose_n: 1..candidates */
	r = rules(BALLOT_CHOOSE_N, 0, 1, 5000, BASE_CAST, 0);
	assert_int_equal(ballot_rules_validate(&r, 3, &e), 0);
	r.max_choices = 3;
	assert_int_equal(ballot_rules_validate(&r, 3, &e), 0);
	r.max_choices = 4;
	assert_fails(ballot_rules_validate(&r, 3, &e), e, ERR_INVALID, "out_of_range",
		     "max_choices");
	r.max_choices = 0;
	assert_fails(ballot_rules_validate(&r, 3, &e), e, ERR_INVALID, "out_of_range",
		     "max_choices");
	r.max_choices = -1;
	assert_fails(ballot_rules_validate(&r, 3, &e), e, ERR_INVALID, "out_of_range",
		     "max_choices");

	/* approve_each: max_choices plays no part */
	r = rules(BALLOT_APPROVE_EACH, 0, 0, 8000, BASE_ELIGIBLE, 0);
	assert_int_equal(ballot_rules_validate(&r, 3, &e), 0);
	r.max_choices = 7;
	assert_int_equal(ballot_rules_validate(&r, 3, &e), 0);
}

/* ---- a ballot's choices ---- */

static void test_check_choices_single(void **state)
{
	(void)state;
	struct error e;
	struct ballot_rules r = rules(BALLOT_SINGLE, 1, 1, 5000, BASE_CAST, 0);
	int one[] = {2}, two[] = {0, 1}, unknown[] = {3}, negative[] = {-1};

	err_clear(&e);
	assert_int_equal(ballot_check_choices(&r, 3, NULL, 0, &e), 1); /* blank */
	assert_int_equal(e.kind, ERR_NONE);
	assert_int_equal(ballot_check_choices(&r, 3, one, 1, &e), 0);
	assert_fails(ballot_check_choices(&r, 3, two, 2, &e), e, ERR_INVALID,
		     "too_many_choices", "choices");
	assert_fails(ballot_check_choices(&r, 3, unknown, 1, &e), e, ERR_INVALID,
		     "unknown_candidate", "choices");
	assert_fails(ballot_check_choices(&r, 3, negative, 1, &e), e, ERR_INVALID,
		     "unknown_candidate", "choices");
}

static void test_check_choices_choose_n(void **state)
{
	(void)state;
	struct error e;
	/* choose up to 2 of 4 */
	struct ballot_rules r = rules(BALLOT_CHOOSE_N, 2, 2, 5000, BASE_CAST, 0);
	int ok1[] = {3}, ok2[] = {3, 0}, three[] = {0, 1, 2}, dup[] = {1, 1};
	int unknown[] = {0, 4}, negative[] = {2, -1}, dup_then_unknown[] = {0, 0, 9};

	assert_int_equal(ballot_check_choices(&r, 4, NULL, 0, &e), 1);
	assert_int_equal(ballot_check_choices(&r, 4, ok1, 0, &e), 1); /* no choice: blank */
	assert_int_equal(ballot_check_choices(&r, 4, ok1, 1, &e), 0);
	assert_int_equal(ballot_check_choices(&r, 4, ok2, 2, &e), 0);
	assert_fails(ballot_check_choices(&r, 4, three, 3, &e), e, ERR_INVALID,
		     "too_many_choices", "choices");
	/* the count is checked first: three choices are too many even when one repeats */
	assert_fails(ballot_check_choices(&r, 4, dup_then_unknown, 3, &e), e, ERR_INVALID,
		     "too_many_choices", "choices");
	assert_fails(ballot_check_choices(&r, 4, dup, 2, &e), e, ERR_INVALID, "duplicate",
		     "choices");
	assert_fails(ballot_check_choices(&r, 4, unknown, 2, &e), e, ERR_INVALID,
		     "unknown_candidate", "choices");
	assert_fails(ballot_check_choices(&r, 4, negative, 2, &e), e, ERR_INVALID,
		     "unknown_candidate", "choices");

	/* choose 1 of 4 behaves like single */
	r.max_choices = 1;
	assert_int_equal(ballot_check_choices(&r, 4, ok1, 1, &e), 0);
	assert_fails(ballot_check_choices(&r, 4, ok2, 2, &e), e, ERR_INVALID,
		     "too_many_choices", "choices");
}

static void test_check_choices_approve_each(void **state)
{
	(void)state;
	struct error e;
	/* max_choices is ignored: yes to every candidate is a valid ballot */
	struct ballot_rules r = rules(BALLOT_APPROVE_EACH, 0, 1, 8000, BASE_ELIGIBLE, 0);
	int all[] = {4, 3, 2, 1, 0}, six[] = {0, 1, 2, 3, 4, 0}, dup[] = {0, 2, 0};
	int unknown[] = {1, 5}, negative[] = {-7};

	assert_int_equal(ballot_check_choices(&r, 5, NULL, 0, &e), 1);
	assert_int_equal(ballot_check_choices(&r, 5, all, 5, &e), 0);
	assert_int_equal(ballot_check_choices(&r, 5, all, 2, &e), 0);
	assert_fails(ballot_check_choices(&r, 5, six, 6, &e), e, ERR_INVALID,
		     "too_many_choices", "choices");
	assert_fails(ballot_check_choices(&r, 5, dup, 3, &e), e, ERR_INVALID, "duplicate",
		     "choices");
	assert_fails(ballot_check_choices(&r, 5, unknown, 2, &e), e, ERR_INVALID,
		     "unknown_candidate", "choices");
	assert_fails(ballot_check_choices(&r, 5, negative, 1, &e), e, ERR_INVALID,
		     "unknown_candidate", "choices");

	/* the biggest ballot: 200 distinct candidates */
	static int big[BALLOT_CANDIDATES_MAX];
	for (int i = 0; i < BALLOT_CANDIDATES_MAX; i++)
		big[i] = BALLOT_CANDIDATES_MAX - 1 - i;
	assert_int_equal(ballot_check_choices(&r, BALLOT_CANDIDATES_MAX, big,
					      BALLOT_CANDIDATES_MAX, &e), 0);
	big[0] = 0; /* 199 replaced by a second 0 (the last) */
	assert_fails(ballot_check_choices(&r, BALLOT_CANDIDATES_MAX, big,
					  BALLOT_CANDIDATES_MAX, &e), e, ERR_INVALID, "duplicate",
		     "choices");
}

/* ---- the threshold ---- */

static void test_threshold_base_eligible(void **state)
{
	(void)state;
	struct ballot_result res;
	struct ballot_rules r = approve(0, 8000, BASE_ELIGIBLE);
	struct ballot_counts c;

	/* 80 % of 13 = 10.4: 11 needed; 11 passes, 10 (one short) does not */
	int64_t v13[] = {11, 10, 13};
	c = counts(13, 13, 0, 0, v13);
	tally_ok(&r, 3, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 11);
	assert_true(res.quorum_met);
	assert_passed(&res, (size_t[]){2, 0}, 2);
	assert_settled(&res, DECIDED_BY_VOTES);

	/* the base is all members, not those who came: 11 present, all 11 approve */
	int64_t v11[] = {11, 10};
	c = counts(13, 11, 0, 0, v11);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 11);
	assert_passed(&res, (size_t[]){0}, 1);
	/* 10 present: nobody can reach 11 */
	int64_t v10[] = {10, 10};
	c = counts(13, 10, 0, 0, v10);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 11);
	assert_int_equal(res.n_passed, 0);

	/* 80 % of 10 = 8 exactly: 8 passes, 7 does not */
	int64_t v8[] = {8, 7};
	c = counts(10, 10, 0, 0, v8);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 8);
	assert_passed(&res, (size_t[]){0}, 1);

	/* 90 % of 13 = 11.7: 12 needed */
	r.threshold = 9000;
	int64_t v12[] = {11, 12, 13};
	c = counts(13, 13, 0, 0, v12);
	tally_ok(&r, 3, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 12);
	assert_passed(&res, (size_t[]){2, 1}, 2);

	/* 90 % of 10 = 9 exactly */
	int64_t v9[] = {9, 8};
	c = counts(10, 10, 0, 0, v9);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 9);
	assert_passed(&res, (size_t[]){0}, 1);

	/* 50 % of 7 = 3.5: 4 needed (at least half, not a strict majority rule) */
	r.threshold = 5000;
	int64_t v4[] = {3, 4};
	c = counts(7, 7, 0, 0, v4);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 4);
	assert_passed(&res, (size_t[]){1}, 1);
	/* 50 % of 8 = 4 exactly */
	c = counts(8, 8, 0, 0, v4);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 4);
	assert_passed(&res, (size_t[]){1}, 1);

	/* a share just above a whole number still rounds up: 80.01 % of 10 = 8.001 → 9 */
	r.threshold = 8001;
	c = counts(10, 10, 0, 0, v9);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 9);
	assert_passed(&res, (size_t[]){0}, 1);
}

static void test_threshold_base_cast(void **state)
{
	(void)state;
	struct ballot_result res;
	struct ballot_rules r = approve(0, 8000, BASE_CAST);
	struct ballot_counts c;

	/* 13 members, 10 cast: 80 % of 10 = 8; 8 passes, 7 does not */
	int64_t v[] = {8, 7, 10};
	c = counts(13, 10, 0, 0, v);
	tally_ok(&r, 3, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 8);
	assert_passed(&res, (size_t[]){2, 0}, 2);

	/* 11 cast: 80 % of 11 = 8.8 → 9; 8 is now one short */
	c = counts(13, 11, 0, 0, v);
	tally_ok(&r, 3, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 9);
	assert_passed(&res, (size_t[]){2}, 1);

	/* 90 % of 13 cast = 11.7 → 12 */
	r.threshold = 9000;
	int64_t v12[] = {12, 11};
	c = counts(13, 13, 0, 0, v12);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 12);
	assert_passed(&res, (size_t[]){0}, 1);

	/* nobody cast: still one vote needed, so nobody passes */
	int64_t none[] = {0, 0};
	c = counts(13, 0, 0, 0, none);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 1);
	assert_int_equal(res.n_passed, 0);
}

static void test_threshold_zero_and_all(void **state)
{
	(void)state;
	struct ballot_result res;
	struct ballot_counts c;

	/* threshold 0 still needs one vote */
	struct ballot_rules r = approve(0, 0, BASE_ELIGIBLE);
	int64_t v[] = {1, 0, 13};
	c = counts(13, 13, 0, 0, v);
	tally_ok(&r, 3, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 1);
	assert_passed(&res, (size_t[]){2, 0}, 2);
	r.base = BASE_CAST;
	tally_ok(&r, 3, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 1);
	assert_passed(&res, (size_t[]){2, 0}, 2);

	/* threshold 1 of all members: all 13; 12 is one short */
	r = approve(0, SHARE_SCALE, BASE_ELIGIBLE);
	int64_t w[] = {13, 12};
	c = counts(13, 13, 0, 0, w);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 13);
	assert_passed(&res, (size_t[]){0}, 1);
	/* one member absent: nobody can pass */
	int64_t w12[] = {12, 12};
	c = counts(13, 12, 0, 0, w12);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 13);
	assert_int_equal(res.n_passed, 0);
	/* threshold 1 of those who cast: all 12 of them */
	r.base = BASE_CAST;
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 12);
	assert_passed(&res, (size_t[]){0, 1}, 2);
}

/* ---- blank and invalid ballots ---- */

static void test_blank_and_invalid(void **state)
{
	(void)state;
	struct ballot_result res;
	struct ballot_counts c;
	struct ballot_rules r = approve(0, 8000, BASE_CAST);

	/* 8 valid ballots: 80 % of 8 = 6.4 → 7 */
	int64_t v[] = {8, 7, 6};
	c = counts(13, 8, 0, 0, v);
	tally_ok(&r, 3, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 7);
	assert_passed(&res, (size_t[]){0, 1}, 2);

	/* the same 8 valid plus 2 blank: cast 10, 80 % of 10 = 8; the 7 now fails */
	c = counts(13, 10, 2, 0, v);
	tally_ok(&r, 3, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 8);
	assert_passed(&res, (size_t[]){0}, 1);

	/* blank ballots are never votes: a candidate has at most cast - blank = 8 */
	int64_t too_many[] = {9, 0, 0};
	struct error e;
	c = counts(13, 10, 2, 0, too_many);
	assert_fails(ballot_tally(&r, 3, NULL, &c, NULL, 0, &res, &e), e, ERR_INVALID,
		     "inconsistent_counts", "counts");

	/* all blank: needed is 80 % of 10 = 8 and nobody has a vote */
	int64_t zero[] = {0, 0, 0};
	c = counts(13, 10, 10, 0, zero);
	tally_ok(&r, 3, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 8);
	assert_int_equal(res.n_passed, 0);

	/* invalid ballots are not in cast: 3 spoilt beside 10 cast leave needed at 8 */
	c = counts(13, 10, 2, 3, v);
	tally_ok(&r, 3, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 8);
	assert_passed(&res, (size_t[]){0}, 1);

	/* with base eligible, blank and invalid change nothing: 80 % of 13 → 11 */
	r.base = BASE_ELIGIBLE;
	int64_t w[] = {11, 10};
	c = counts(13, 13, 2, 0, w);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 11);
	assert_passed(&res, (size_t[]){0}, 1);
	c = counts(13, 11, 0, 2, w);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 11);
	assert_passed(&res, (size_t[]){0}, 1);

	/* a single-choice ballot: votes add up to cast - blank (10 - 3 = 7) */
	struct ballot_rules s = rules(BALLOT_SINGLE, 1, 1, 5000, BASE_CAST, 0);
	int64_t sv[] = {5, 2};
	c = counts(13, 10, 3, 1, sv);
	tally_ok(&s, 2, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 5); /* 50 % of 10 cast, blanks included */
	assert_passed(&res, (size_t[]){0}, 1);
}

/* ---- the quorum ---- */

static void test_quorum(void **state)
{
	(void)state;
	struct ballot_result res;
	struct ballot_counts c;
	/* two thirds of 13 = 8.67: 9 must cast */
	struct ballot_rules r = rules(BALLOT_APPROVE_EACH, 0, 0, 5000, BASE_CAST, TWO_THIRDS);

	int64_t v9[] = {9, 5};
	c = counts(13, 9, 0, 0, v9);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_true(res.quorum_met);
	assert_int_equal(res.needed, 5); /* 50 % of 9 = 4.5 → 5 */
	assert_passed(&res, (size_t[]){0, 1}, 2);

	/* 8 cast: missed by one, and nobody passes whatever the votes */
	int64_t v8[] = {8, 8};
	c = counts(13, 8, 0, 0, v8);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_false(res.quorum_met);
	assert_int_equal(res.n_passed, 0);
	assert_int_equal(res.n_undecided, 0);
	assert_int_equal(res.cutoff, DECIDED_BY_VOTES);

	/* blank ballots are cast: 7 valid + 2 blank meet it */
	int64_t v7[] = {7, 0};
	c = counts(13, 9, 2, 0, v7);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_true(res.quorum_met);
	assert_passed(&res, (size_t[]){0}, 1);

	/* invalid ballots are not cast (the header: cast is valid and blank):
	   8 cast + 1 spoilt still misses */
	c = counts(13, 8, 0, 1, v8);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_false(res.quorum_met);
	assert_int_equal(res.n_passed, 0);

	/* a quorum missed also leaves ties alone: nothing undecided */
	struct ballot_rules one_seat = rules(BALLOT_APPROVE_EACH, 1, 0, 0, BASE_CAST, TWO_THIRDS);
	c = counts(13, 8, 0, 0, v8);
	tally_ok(&one_seat, 2, NULL, &c, -1, &res);
	assert_false(res.quorum_met);
	assert_int_equal(res.n_passed, 0);
	assert_int_equal(res.n_undecided, 0);

	/* two thirds of 9 = 6 exactly: 6 meets it, 5 does not */
	int64_t w[] = {6};
	c = counts(9, 6, 0, 0, w);
	tally_ok(&r, 1, NULL, &c, -1, &res);
	assert_true(res.quorum_met);
	int64_t w5[] = {5};
	c = counts(9, 5, 0, 0, w5);
	tally_ok(&r, 1, NULL, &c, -1, &res);
	assert_false(res.quorum_met);
	/* 6667 parts is a little more than two thirds (6 × 10000 < 6667 × 9):
	   6 of 9 misses it, which is why two thirds is written 6666 */
	r.quorum = 6667;
	c = counts(9, 6, 0, 0, w);
	tally_ok(&r, 1, NULL, &c, -1, &res);
	assert_false(res.quorum_met);
	/* for 13 both give 9 */
	c = counts(13, 9, 0, 0, v9);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_true(res.quorum_met);
	c = counts(13, 8, 0, 0, v8);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_false(res.quorum_met);

	/* 80 % present (award sessions) of 13 = 10.4: 11 */
	r.quorum = 8000;
	int64_t v11[] = {6};
	c = counts(13, 11, 0, 0, v11);
	tally_ok(&r, 1, NULL, &c, -1, &res);
	assert_true(res.quorum_met);
	int64_t v10[] = {5};
	c = counts(13, 10, 0, 0, v10);
	tally_ok(&r, 1, NULL, &c, -1, &res);
	assert_false(res.quorum_met);

	/* quorum 0: met even when nobody cast; quorum 1: everyone must cast */
	r.quorum = 0;
	int64_t z[] = {0};
	c = counts(13, 0, 0, 0, z);
	tally_ok(&r, 1, NULL, &c, -1, &res);
	assert_true(res.quorum_met);
	assert_int_equal(res.n_passed, 0);
	r.quorum = SHARE_SCALE;
	int64_t all[] = {13};
	c = counts(13, 13, 0, 0, all);
	tally_ok(&r, 1, NULL, &c, -1, &res);
	assert_true(res.quorum_met);
	int64_t twelve[] = {12};
	c = counts(13, 12, 0, 0, twelve);
	tally_ok(&r, 1, NULL, &c, -1, &res);
	assert_false(res.quorum_met);

	/* nobody eligible: 0 cast meets any quorum (0 ≥ 0); one vote still needed */
	r.quorum = TWO_THIRDS;
	c = counts(0, 0, 0, 0, z);
	tally_ok(&r, 1, NULL, &c, -1, &res);
	assert_true(res.quorum_met);
	assert_int_equal(res.needed, 1);
	assert_int_equal(res.n_passed, 0);
}

/* ---- seats ---- */

static void test_seats(void **state)
{
	(void)state;
	struct ballot_result res;
	struct ballot_counts c;
	/* 13 members, 80 %: 11 needed; candidates 0, 1, 2 pass (11, 13, 12) */
	int64_t v[] = {11, 13, 12, 10, 9};
	c = counts(13, 13, 0, 0, v);

	/* two seats: ranked by votes, 1 (13) and 2 (12); 0 (11) passed the threshold
	   but is left out */
	struct ballot_rules r = approve(2, 8000, BASE_ELIGIBLE);
	tally_ok(&r, 5, NULL, &c, -1, &res);
	assert_passed(&res, (size_t[]){1, 2}, 2);
	assert_settled(&res, DECIDED_BY_VOTES);

	/* one seat */
	r.seats = 1;
	tally_ok(&r, 5, NULL, &c, -1, &res);
	assert_passed(&res, (size_t[]){1}, 1);
	assert_settled(&res, DECIDED_BY_VOTES);

	/* seats 0: no limit, all three, in rank order */
	r.seats = 0;
	tally_ok(&r, 5, NULL, &c, -1, &res);
	assert_passed(&res, (size_t[]){1, 2, 0}, 3);
	assert_settled(&res, DECIDED_BY_VOTES);

	/* as many seats as pass, and more seats than pass: seats stay empty */
	r.seats = 3;
	tally_ok(&r, 5, NULL, &c, -1, &res);
	assert_passed(&res, (size_t[]){1, 2, 0}, 3);
	r.seats = 5;
	tally_ok(&r, 5, NULL, &c, -1, &res);
	assert_passed(&res, (size_t[]){1, 2, 0}, 3);
	assert_settled(&res, DECIDED_BY_VOTES);

	/* a tie inside the seats is no tie at the cut-off: 3 seats, 13, 12, 12, 11 */
	int64_t w[] = {12, 12, 13, 11};
	c = counts(13, 13, 0, 0, w);
	r = approve(3, 8000, BASE_ELIGIBLE);
	tally_ok(&r, 4, NULL, &c, -1, &res);
	assert_passed(&res, (size_t[]){2, 0, 1}, 3);
	assert_settled(&res, DECIDED_BY_VOTES);

	/* a tie just below the cut-off neither: 1 seat, 13 ahead of 12, 12 */
	int64_t x[] = {12, 13, 12};
	c = counts(13, 13, 0, 0, x);
	r.seats = 1;
	tally_ok(&r, 3, NULL, &c, -1, &res);
	assert_passed(&res, (size_t[]){1}, 1);
	assert_settled(&res, DECIDED_BY_VOTES);

	/* a tie among those below the threshold is no tie either: 11, 10, 10 */
	int64_t y[] = {10, 11, 10};
	c = counts(13, 13, 0, 0, y);
	tally_ok(&r, 3, NULL, &c, -1, &res);
	assert_passed(&res, (size_t[]){1}, 1);
	assert_settled(&res, DECIDED_BY_VOTES);

	/* single choice for one seat: 13 cast, 50 % of cast = 6.5 → 7; 7, 4, 2 */
	struct ballot_rules s = rules(BALLOT_SINGLE, 1, 1, 5000, BASE_CAST, TWO_THIRDS);
	int64_t sv[] = {2, 7, 4};
	c = counts(13, 13, 0, 0, sv);
	tally_ok(&s, 3, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 7);
	assert_passed(&res, (size_t[]){1}, 1);
	/* 6, 5, 2: nobody reaches 7 */
	int64_t sw[] = {6, 5, 2};
	c = counts(13, 13, 0, 0, sw);
	tally_ok(&s, 3, NULL, &c, -1, &res);
	assert_int_equal(res.n_passed, 0);

	/* choose 2 of 5 for 2 seats, 10 cast, 50 %: 5 needed; 9, 7, 5, 4, 3 */
	struct ballot_rules n = rules(BALLOT_CHOOSE_N, 2, 2, 5000, BASE_CAST, 0);
	int64_t nv[] = {3, 5, 9, 4, 7};
	c = counts(12, 10, 1, 0, nv);
	tally_ok(&n, 5, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 5);
	assert_passed(&res, (size_t[]){2, 4}, 2);
	assert_settled(&res, DECIDED_BY_VOTES);
}

/* ---- ties at the cut-off ---- */

static void test_tie_priority(void **state)
{
	(void)state;
	struct ballot_result res;
	struct ballot_counts c;
	/* 13 members, 80 %: 11 needed; two seats */
	struct ballot_rules r = approve(2, 8000, BASE_ELIGIBLE);

	/* 0 leads with 13; 1, 2, 3 tie at 12 for the last seat; only 2 has priority */
	int64_t v[] = {13, 12, 12, 12};
	int pri[] = {0, 0, 1, 0};
	c = counts(13, 13, 0, 0, v);
	tally_ok(&r, 4, pri, &c, -1, &res);
	assert_passed(&res, (size_t[]){0, 2}, 2);
	assert_settled(&res, DECIDED_BY_PRIORITY);
	/* priority decided: the chair is not asked, even for someone else */
	tally_ok(&r, 4, pri, &c, 3, &res);
	assert_passed(&res, (size_t[]){0, 2}, 2);
	assert_settled(&res, DECIDED_BY_PRIORITY);

	/* three tied for two seats, two with priority: they fill both */
	int64_t w[] = {12, 12, 12};
	int pri2[] = {1, 0, 1};
	c = counts(13, 13, 0, 0, w);
	tally_ok(&r, 3, pri2, &c, -1, &res);
	assert_passed(&res, (size_t[]){0, 2}, 2);
	assert_settled(&res, DECIDED_BY_PRIORITY);

	/* priority outside the tie does not count: 0 (priority) leads alone,
	   1 and 2 tie for the last seat without priority */
	int64_t x[] = {13, 12, 12};
	int pri3[] = {1, 0, 0};
	c = counts(13, 13, 0, 0, x);
	tally_ok(&r, 3, pri3, &c, -1, &res);
	assert_passed(&res, (size_t[]){0}, 1);
	assert_undecided(&res, (size_t[]){1, 2}, 2, 1);

	/* a priority candidate below the threshold gains nothing */
	int64_t y[] = {10, 12, 12, 13};
	int pri4[] = {1, 0, 0, 0};
	c = counts(13, 13, 0, 0, y);
	tally_ok(&r, 4, pri4, &c, -1, &res);
	assert_passed(&res, (size_t[]){3}, 1);
	assert_undecided(&res, (size_t[]){1, 2}, 2, 1);

	/* priority takes one of two open seats, the chair the other among the rest */
	int64_t z[] = {12, 12, 12, 12};
	int pri5[] = {0, 1, 0, 0};
	c = counts(13, 13, 0, 0, z);
	tally_ok(&r, 4, pri5, &c, 3, &res);
	assert_passed(&res, (size_t[]){1, 3}, 2);
	assert_settled(&res, DECIDED_BY_CHAIR);
	/* without a chair the second seat stays open among the three others */
	tally_ok(&r, 4, pri5, &c, -1, &res);
	assert_passed(&res, (size_t[]){1}, 1);
	assert_undecided(&res, (size_t[]){0, 2, 3}, 3, 1);
	/* the chair favouring the priority candidate already in changes nothing */
	tally_ok(&r, 4, pri5, &c, 1, &res);
	assert_passed(&res, (size_t[]){1}, 1);
	assert_undecided(&res, (size_t[]){0, 2, 3}, 3, 1);

	/* priority takes one, and the one left fits the other seat */
	int64_t u[] = {12, 12};
	int pri6[] = {0, 1};
	c = counts(13, 13, 0, 0, u);
	r = approve(1, 8000, BASE_ELIGIBLE);
	tally_ok(&r, 2, pri6, &c, -1, &res);
	assert_passed(&res, (size_t[]){1}, 1);
	assert_settled(&res, DECIDED_BY_PRIORITY);
}

static void test_tie_priority_exceeds_seats(void **state)
{
	(void)state;
	struct ballot_result res;
	struct ballot_counts c;
	/* one seat; 0, 1, 2 tie at 12; 0 and 2 have priority, more than the seat */
	struct ballot_rules r = approve(1, 8000, BASE_ELIGIBLE);
	int64_t v[] = {12, 12, 12};
	int pri[] = {1, 0, 1};
	c = counts(13, 13, 0, 0, v);

	/* the chair decides among the prioritized */
	tally_ok(&r, 3, pri, &c, 2, &res);
	assert_passed(&res, (size_t[]){2}, 1);
	assert_settled(&res, DECIDED_BY_CHAIR);
	tally_ok(&r, 3, pri, &c, 0, &res);
	assert_passed(&res, (size_t[]){0}, 1);
	assert_settled(&res, DECIDED_BY_CHAIR);

	/* the chair cannot pick 1: priority already left it out */
	tally_ok(&r, 3, pri, &c, 1, &res);
	assert_int_equal(res.n_passed, 0);
	assert_undecided(&res, (size_t[]){0, 2}, 2, 1);

	/* no chair: undecided between the prioritized only */
	tally_ok(&r, 3, pri, &c, -1, &res);
	assert_int_equal(res.n_passed, 0);
	assert_undecided(&res, (size_t[]){0, 2}, 2, 1);

	/* all tied have priority: as if none had */
	int all[] = {1, 1, 1};
	tally_ok(&r, 3, all, &c, -1, &res);
	assert_undecided(&res, (size_t[]){0, 1, 2}, 3, 1);
	tally_ok(&r, 3, all, &c, 1, &res);
	assert_passed(&res, (size_t[]){1}, 1);
	assert_settled(&res, DECIDED_BY_CHAIR);

	/* two open seats, three prioritized tied with one more: the chair takes
	   one, the other two prioritized stay tied for the last seat */
	struct ballot_rules r2 = approve(2, 8000, BASE_ELIGIBLE);
	int64_t w[] = {12, 12, 12, 12};
	int pri2[] = {1, 1, 0, 1};
	c = counts(13, 13, 0, 0, w);
	tally_ok(&r2, 4, pri2, &c, 1, &res);
	assert_passed(&res, (size_t[]){1}, 1);
	assert_undecided(&res, (size_t[]){0, 3}, 2, 1);
}

static void test_tie_chair(void **state)
{
	(void)state;
	struct ballot_result res;
	struct ballot_counts c;
	struct ballot_rules r = approve(1, 8000, BASE_ELIGIBLE);
	int64_t v[] = {12, 12};
	int none[] = {0, 0};
	c = counts(13, 13, 0, 0, v);

	/* two tied for one seat, no priority: the chair's casting vote decides */
	tally_ok(&r, 2, none, &c, 1, &res);
	assert_passed(&res, (size_t[]){1}, 1);
	assert_settled(&res, DECIDED_BY_CHAIR);
	tally_ok(&r, 2, NULL, &c, 0, &res);
	assert_passed(&res, (size_t[]){0}, 1);
	assert_settled(&res, DECIDED_BY_CHAIR);

	/* no chair: undecided, the chair must decide */
	tally_ok(&r, 2, none, &c, -1, &res);
	assert_int_equal(res.n_passed, 0);
	assert_undecided(&res, (size_t[]){0, 1}, 2, 1);
	assert_string_equal(cutoff_rule_name(res.cutoff), "undecided");

	/* two seats: 0 leads with 13, 1 and 2 tie at 12, 3 passed with 11 */
	struct ballot_rules r2 = approve(2, 8000, BASE_ELIGIBLE);
	int64_t w[] = {13, 12, 12, 11, 12};
	int none5[] = {0, 0, 0, 0, 0};
	c = counts(13, 13, 0, 0, w);
	/* three tie at 12 (1, 2, 4) for one seat: the chair picks 4 */
	tally_ok(&r2, 5, none5, &c, 4, &res);
	assert_passed(&res, (size_t[]){0, 4}, 2);
	assert_settled(&res, DECIDED_BY_CHAIR);
	assert_string_equal(cutoff_rule_name(res.cutoff), "chair");

	/* the chair favouring someone outside the tie is ignored: 0 (already in),
	   3 (passed but behind), an index beyond the candidates */
	int outside[] = {0, 3, 5, 199, 1000};
	for (size_t i = 0; i < N_OF(outside); i++) {
		tally_ok(&r2, 5, none5, &c, outside[i], &res);
		assert_passed(&res, (size_t[]){0}, 1);
		assert_undecided(&res, (size_t[]){1, 2, 4}, 3, 1);
	}
	/* a candidate below the threshold tied with nobody: ignored too */
	int64_t x[] = {12, 12, 10};
	c = counts(13, 13, 0, 0, x);
	tally_ok(&r, 3, NULL, &c, 2, &res);
	assert_int_equal(res.n_passed, 0);
	assert_undecided(&res, (size_t[]){0, 1}, 2, 1);
}

static void test_tie_two_open_seats(void **state)
{
	(void)state;
	struct ballot_result res;
	struct ballot_counts c;
	struct ballot_rules r = approve(2, 8000, BASE_ELIGIBLE);
	int64_t v[] = {12, 12, 12};
	c = counts(13, 13, 0, 0, v);

	/* three tied for two seats, with a chair: the chair takes one, the
	   remaining two stay tied for one seat (one casting vote, one seat) */
	tally_ok(&r, 3, NULL, &c, 1, &res);
	assert_passed(&res, (size_t[]){1}, 1);
	assert_undecided(&res, (size_t[]){0, 2}, 2, 1);

	/* no chair: all three for two seats */
	tally_ok(&r, 3, NULL, &c, -1, &res);
	assert_int_equal(res.n_passed, 0);
	assert_undecided(&res, (size_t[]){0, 1, 2}, 3, 2);

	/* four seats, one leader, four tied at 12 for three seats: the chair takes
	   one, three left for two */
	struct ballot_rules r4 = approve(4, 8000, BASE_ELIGIBLE);
	int64_t w[] = {12, 13, 12, 12, 12};
	c = counts(13, 13, 0, 0, w);
	tally_ok(&r4, 5, NULL, &c, 3, &res);
	assert_passed(&res, (size_t[]){1, 3}, 2);
	assert_undecided(&res, (size_t[]){0, 2, 4}, 3, 2);

	/* the sizes add up: passed + open seats = seats */
	assert_int_equal(res.n_passed + res.open_seats, 4);

	/* several casting votes fill several seats, in the chair's order; a
	   pick outside the tie or already taken is skipped */
	struct error e;
	err_clear(&e);
	int picks[] = {1, 4, 4, 0, 2};
	assert_int_equal(ballot_tally(&r4, 5, (int[5]){0}, &c, picks, 5, &res, &e), 0);
	assert_passed(&res, (size_t[]){1, 4, 0, 2}, 4);
	assert_int_equal(res.cutoff, DECIDED_BY_CHAIR);
	assert_int_equal(res.n_undecided, 0);
	/* two casting votes for three open seats leave the last one undecided */
	assert_int_equal(ballot_tally(&r4, 5, (int[5]){0}, &c, picks + 1, 2, &res, &e), 0);
	assert_passed(&res, (size_t[]){1, 4}, 2);
	assert_undecided(&res, (size_t[]){0, 2, 3}, 3, 2);
}

/* ---- counts that cannot be ---- */

static void test_inconsistent_counts(void **state)
{
	(void)state;
	struct error e;
	struct ballot_result res;
	struct ballot_counts c;
	struct ballot_rules r = approve(0, 8000, BASE_CAST);
	int64_t ok[] = {5, 3};

#define REFUSED(rules_, n_, c_)                                                    \
	do {                                                                       \
		res.n_passed = 99;                                                 \
		assert_fails(ballot_tally(&(rules_), (n_), NULL, &(c_), NULL, 0, &res, &e), \
			     e, ERR_INVALID, "inconsistent_counts", "counts");      \
		assert_int_equal(res.n_passed, 0);                                 \
	} while (0)

	/* cast + invalid at most eligible: 11 + 2 = 13 fits, 12 + 2 does not */
	c = counts(13, 11, 0, 2, ok);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	c = counts(13, 12, 0, 2, ok);
	REFUSED(r, 2, c);
	c = counts(13, 14, 0, 0, ok);
	REFUSED(r, 2, c);
	c = counts(13, 0, 0, 14, (int64_t[]){0, 0});
	REFUSED(r, 2, c);

	/* blank at most cast */
	c = counts(13, 10, 10, 0, (int64_t[]){0, 0});
	tally_ok(&r, 2, NULL, &c, -1, &res);
	c = counts(13, 10, 11, 0, (int64_t[]){0, 0});
	REFUSED(r, 2, c);

	/* votes at most the valid ballots (cast - blank = 8) */
	c = counts(13, 10, 2, 0, (int64_t[]){8, 8});
	tally_ok(&r, 2, NULL, &c, -1, &res);
	c = counts(13, 10, 2, 0, (int64_t[]){8, 9});
	REFUSED(r, 2, c);
	/* invalid ballots hold no votes either: 10 cast, 3 invalid */
	c = counts(13, 10, 0, 3, (int64_t[]){11, 0});
	REFUSED(r, 2, c);

	/* negatives */
	c = counts(-1, 0, 0, 0, (int64_t[]){0, 0});
	REFUSED(r, 2, c);
	c = counts(13, -1, 0, 0, (int64_t[]){0, 0});
	REFUSED(r, 2, c);
	c = counts(13, 5, -1, 0, (int64_t[]){0, 0});
	REFUSED(r, 2, c);
	c = counts(13, 5, 0, -1, (int64_t[]){0, 0});
	REFUSED(r, 2, c);
	c = counts(13, 5, 0, 0, (int64_t[]){3, -1});
	REFUSED(r, 2, c);

	/* single choice: votes add up to exactly the valid ballots (10 - 2 = 8) */
	struct ballot_rules s = rules(BALLOT_SINGLE, 1, 1, 5000, BASE_CAST, 0);
	c = counts(13, 10, 2, 0, (int64_t[]){5, 3});
	tally_ok(&s, 2, NULL, &c, -1, &res);
	c = counts(13, 10, 2, 0, (int64_t[]){5, 2});
	REFUSED(s, 2, c);
	c = counts(13, 10, 2, 0, (int64_t[]){5, 4});
	REFUSED(s, 2, c);
	c = counts(13, 10, 0, 0, (int64_t[]){5, 3}); /* the blanks forgotten */
	REFUSED(s, 2, c);
	/* approve_each and choose_n may add up to more than the ballots */
	c = counts(13, 10, 2, 0, (int64_t[]){8, 8});
	tally_ok(&r, 2, NULL, &c, -1, &res);
	struct ballot_rules n = rules(BALLOT_CHOOSE_N, 0, 2, 5000, BASE_CAST, 0);
	tally_ok(&n, 2, NULL, &c, -1, &res);

	/* counts too large for the share arithmetic are refused, not overflowed */
	c = counts(INT64_MAX, INT64_MAX, 0, INT64_MAX, (int64_t[]){0, 0});
	REFUSED(r, 2, c);
	c = counts(INT64_MAX, INT64_MAX, 0, 0, (int64_t[]){INT64_MAX, INT64_MAX});
	REFUSED(r, 2, c);
	c = counts(INT64_MAX, 1, 0, 0, (int64_t[]){1, 0});
	REFUSED(r, 2, c);
#undef REFUSED

	/* rules are checked before counts */
	struct ballot_rules bad = approve(3, 8000, BASE_CAST);
	c = counts(13, 10, 0, 0, ok);
	assert_fails(ballot_tally(&bad, 2, NULL, &c, NULL, 0, &res, &e), e, ERR_INVALID,
		     "out_of_range", "seats");
	bad = approve(0, 10001, BASE_CAST);
	assert_fails(ballot_tally(&bad, 2, NULL, &c, NULL, 0, &res, &e), e, ERR_INVALID,
		     "out_of_range", "threshold");
}

/* A large electorate stays exact: 80 % of 1,000,000,001 = 800,000,000.8 → 800,000,001. */
static void test_large_counts(void **state)
{
	(void)state;
	struct ballot_result res;
	struct ballot_counts c;
	struct ballot_rules r = rules(BALLOT_APPROVE_EACH, 0, 0, 8000, BASE_ELIGIBLE, TWO_THIRDS);
	int64_t v[] = {800000001, 800000000};
	c = counts(1000000001, 1000000001, 0, 0, v);
	tally_ok(&r, 2, NULL, &c, -1, &res);
	assert_int_equal(res.needed, 800000001);
	assert_true(res.quorum_met);
	assert_passed(&res, (size_t[]){0}, 1);
}

/* The most candidates, all tied for half the seats: the arrays hold them. */
static void test_max_candidates_tie(void **state)
{
	(void)state;
	static int64_t v[BALLOT_CANDIDATES_MAX];
	static int pri[BALLOT_CANDIDATES_MAX];
	struct ballot_result res;
	for (size_t i = 0; i < BALLOT_CANDIDATES_MAX; i++) {
		v[i] = 7;
		pri[i] = i % 2; /* 100 with priority, for 100 seats */
	}
	struct ballot_rules r = approve(BALLOT_CANDIDATES_MAX / 2, 5000, BASE_CAST);
	struct ballot_counts c = counts(10, 10, 0, 0, v);
	tally_ok(&r, BALLOT_CANDIDATES_MAX, pri, &c, -1, &res);
	assert_int_equal(res.n_passed, BALLOT_CANDIDATES_MAX / 2);
	for (size_t i = 0; i < res.n_passed; i++)
		assert_int_equal(res.passed[i], 2 * i + 1);
	assert_settled(&res, DECIDED_BY_PRIORITY);

	/* no priority: all 200 undecided for 100 seats */
	tally_ok(&r, BALLOT_CANDIDATES_MAX, NULL, &c, -1, &res);
	assert_int_equal(res.n_passed, 0);
	assert_int_equal(res.n_undecided, BALLOT_CANDIDATES_MAX);
	assert_int_equal(res.open_seats, BALLOT_CANDIDATES_MAX / 2);
	assert_int_equal(res.cutoff, UNDECIDED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_rules_validate),
		cmocka_unit_test(test_check_choices_single),
		cmocka_unit_test(test_check_choices_choose_n),
		cmocka_unit_test(test_check_choices_approve_each),
		cmocka_unit_test(test_threshold_base_eligible),
		cmocka_unit_test(test_threshold_base_cast),
		cmocka_unit_test(test_threshold_zero_and_all),
		cmocka_unit_test(test_blank_and_invalid),
		cmocka_unit_test(test_quorum),
		cmocka_unit_test(test_seats),
		cmocka_unit_test(test_tie_priority),
		cmocka_unit_test(test_tie_priority_exceeds_seats),
		cmocka_unit_test(test_tie_chair),
		cmocka_unit_test(test_tie_two_open_seats),
		cmocka_unit_test(test_inconsistent_counts),
		cmocka_unit_test(test_large_counts),
		cmocka_unit_test(test_max_candidates_tie),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
