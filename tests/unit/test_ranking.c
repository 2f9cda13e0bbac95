/*
** From score sheets to a ranking (domain/scoring.h): the final rules,
** adjusted entries, which entries count, quantitative criteria across
** units, tie-break keys and shared ranks, tie rules as text.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "criteria_fixture.h"
#include "domain/criteria.h"
#include "domain/scoring.h"

/* An entry as entered, and one the leader adjusted. */
static struct score_entry entry(int64_t scored, int64_t scoring, int criterion, double value)
{
	struct score_entry s;
	memset(&s, 0, sizeof s);
	s.scored_org_id = scored;
	s.scoring_org_id = scoring;
	s.criterion = criterion;
	s.value = value;
	s.has_value = 1;
	return s;
}

static struct score_entry adjusted(int64_t scored, int64_t scoring, int criterion,
				   double value, double adj)
{
	struct score_entry s = entry(scored, scoring, criterion, value);
	s.adjusted = adj;
	s.has_adjusted = 1;
	return s;
}

static struct tie_rule no_ties(void)
{
	struct tie_rule t = {{TIE_PENALTY}, 0};
	return t;
}

/* Validate the items and rank; *rk must be freed. */
static void rank(struct criterion *items, size_t n, const int64_t *members, size_t n_members,
		 const struct score_entry *s, size_t n_s, enum final_rule rule,
		 const struct tie_rule *ties, struct ranking *rk)
{
	struct error e;
	err_clear(&e);
	assert_int_equal(criteria_validate(items, n, &e), 0);
	struct criteria_table t = {items, n, 1};
	assert_int_equal(ranking_compute(&t, members, n_members, s, n_s, rule, ties, rk, &e), 0);
	assert_int_equal(rk->n, n_members);
	assert_int_equal(rk->n_items, n);
}

/* The row of this org (rows are in rank order). */
static const struct ranking_row *row_of(const struct ranking *rk, int64_t org)
{
	for (size_t r = 0; r < rk->n; r++)
		if (rk->rows[r].org_id == org)
			return &rk->rows[r];
	fail_msg("org %lld is not ranked", (long long)org);
	return NULL;
}

static int64_t points_of(const struct ranking *rk, int64_t org, size_t item)
{
	const struct ranking_row *r = row_of(rk, org);
	return rk->points[(size_t)(r - rk->rows) * rk->n_items + item];
}

/* ---- final rules ---- */

static void test_cross_mean(void **state)
{
	(void)state;
	struct criterion t[1] = {crit("A", "", CRIT_POINTS, 10)};
	const int64_t members[] = {1, 2, 3, 4};
	struct tie_rule ties = no_ties();
	struct ranking rk;
	/*
	** Unit 1: cross 8, 6, 7 → 7; its self score 10 is never counted.
	** Unit 2: cross 9, 9.5 (from 3 and 4) → 9.25; its self score 0 ignored.
	** Unit 3: cross 5 (from 1 alone) → 5.
	** Unit 4: nothing → 0.
	*/
	const struct score_entry s[] = {
		entry(1, 2, 0, 8), entry(1, 3, 0, 6),	entry(1, 4, 0, 7), entry(1, 1, 0, 10),
		entry(2, 3, 0, 9), entry(2, 4, 0, 9.5), entry(2, 2, 0, 0), entry(3, 1, 0, 5),
	};
	rank(t, 1, members, 4, s, sizeof s / sizeof *s, FINAL_CROSS_MEAN, &ties, &rk);
	assert_int_equal(rk.rows[0].org_id, 2);
	assert_int_equal(rk.rows[0].total, 925);
	assert_int_equal(rk.rows[1].org_id, 1);
	assert_int_equal(rk.rows[1].total, 700);
	assert_int_equal(rk.rows[2].org_id, 3);
	assert_int_equal(rk.rows[2].total, 500);
	assert_int_equal(rk.rows[3].org_id, 4);
	assert_int_equal(rk.rows[3].total, 0);
	for (int r = 0; r < 4; r++) {
		assert_int_equal(rk.rows[r].rank, r + 1);
		assert_int_equal(rk.rows[r].tied, 0);
		assert_int_equal(rk.rows[r].tie_key, -1);
		assert_int_equal(rk.points[r], rk.rows[r].total); /* points in rank order */
	}
	ranking_free(&rk);
	assert_null(rk.rows);
	assert_null(rk.points);

	/* the same sheets under reviewed_self: only self scores count */
	rank(t, 1, members, 4, s, sizeof s / sizeof *s, FINAL_REVIEWED_SELF, &ties, &rk);
	assert_int_equal(row_of(&rk, 1)->total, 1000);
	assert_int_equal(row_of(&rk, 2)->total, 0);
	assert_int_equal(row_of(&rk, 3)->total, 0); /* no self score: 0 */
	assert_int_equal(rk.rows[0].org_id, 1);
	assert_int_equal(rk.rows[0].rank, 1);
	/* 2, 3 and 4 share 0 and the second rank (no tie keys) */
	for (int r = 1; r < 4; r++) {
		assert_int_equal(rk.rows[r].rank, 2);
		assert_int_equal(rk.rows[r].org_id, r + 1); /* then by org id */
	}
	ranking_free(&rk);
}

static void test_cross_trimmed_mean(void **state)
{
	(void)state;
	struct criterion t[1] = {crit("A", "", CRIT_POINTS, 10)};
	const int64_t members[] = {1, 2, 3, 4, 5};
	struct tie_rule ties = no_ties();
	struct ranking rk;
	/*
	** Unit 1: 9, 5, 7, 8 → without 9 and 5: (7 + 8) / 2 = 7.5 (mean 7.25)
	** Unit 2: 9, 4, 8 (three) → 8 alone remains (mean 7)
	** Unit 3: 9, 5 (two) → a plain mean: 7
	** Unit 4: 6 (one) → 6
	** Unit 5: 10, 10, 2, 2 → one highest and one lowest only: (10 + 2) / 2 = 6 (mean 6)
	** Self scores (all 10) never count.
	*/
	const struct score_entry s[] = {
		entry(1, 2, 0, 9),  entry(1, 3, 0, 5),	entry(1, 4, 0, 7),  entry(1, 5, 0, 8),
		entry(2, 1, 0, 9),  entry(2, 3, 0, 4),	entry(2, 4, 0, 8),  entry(3, 1, 0, 9),
		entry(3, 2, 0, 5),  entry(4, 1, 0, 6),	entry(5, 1, 0, 10), entry(5, 2, 0, 10),
		entry(5, 3, 0, 2),  entry(5, 4, 0, 2),	entry(1, 1, 0, 10), entry(2, 2, 0, 10),
		entry(3, 3, 0, 10), entry(4, 4, 0, 10), entry(5, 5, 0, 10),
	};
	size_t n_s = sizeof s / sizeof *s;
	rank(t, 1, members, 5, s, n_s, FINAL_CROSS_TRIMMED_MEAN, &ties, &rk);
	assert_int_equal(row_of(&rk, 1)->total, 750);
	assert_int_equal(row_of(&rk, 2)->total, 800);
	assert_int_equal(row_of(&rk, 3)->total, 700);
	assert_int_equal(row_of(&rk, 4)->total, 600);
	assert_int_equal(row_of(&rk, 5)->total, 600);
	assert_int_equal(rk.rows[0].org_id, 2);
	assert_int_equal(rk.rows[1].org_id, 1);
	assert_int_equal(rk.rows[2].org_id, 3);
	assert_int_equal(row_of(&rk, 4)->rank, 4);
	assert_int_equal(row_of(&rk, 5)->rank, 4);
	ranking_free(&rk);

	rank(t, 1, members, 5, s, n_s, FINAL_CROSS_MEAN, &ties, &rk);
	assert_int_equal(row_of(&rk, 1)->total, 725); /* 29 / 4 */
	assert_int_equal(row_of(&rk, 2)->total, 700); /* 21 / 3 */
	assert_int_equal(row_of(&rk, 3)->total, 700);
	assert_int_equal(row_of(&rk, 4)->total, 600);
	assert_int_equal(row_of(&rk, 5)->total, 600); /* 24 / 4 */
	ranking_free(&rk);
}

static void test_adjusted_entries(void **state)
{
	(void)state;
	struct criterion t[2] = {crit("A", "", CRIT_POINTS, 10),
				 crit("O", "", CRIT_PER_OCCURRENCE, 6)};
	t[1].per_occurrence = 2;
	const int64_t members[] = {1, 2, 3};
	struct tie_rule ties = no_ties();
	struct ranking rk;
	/*
	** Unit 1, A: 2 gave 8 adjusted to 4, 3 gave 6 → (4 + 6) / 2 = 5.
	** Unit 1, O: 2 counted 5, adjusted to 1 → 2 points; 3 counted 2 → 4: mean 3.
	** Unit 2, A: 1's entry has no value but an adjustment 3 → it counts: (3 + 9) / 2 = 6.
	** Unit 3, A: 1's entry has neither → ignored, 2 gave 7 → 7 (not 3.5).
	** Self 10 adjusted to 2 (unit 1), self 4 adjusted to 10 (unit 2).
	*/
	struct score_entry s[] = {
		adjusted(1, 2, 0, 8, 4), entry(1, 3, 0, 6),	  adjusted(1, 2, 1, 5, 1),
		entry(1, 3, 1, 2),	 adjusted(2, 1, 0, 0, 3), entry(2, 3, 0, 9),
		entry(3, 1, 0, 5),	 entry(3, 2, 0, 7),	  adjusted(1, 1, 0, 10, 2),
		adjusted(2, 2, 0, 4, 10),
	};
	s[4].has_value = 0;
	s[6].has_value = 0;
	size_t n_s = sizeof s / sizeof *s;
	rank(t, 2, members, 3, s, n_s, FINAL_CROSS_MEAN, &ties, &rk);
	assert_int_equal(points_of(&rk, 1, 0), 500);
	assert_int_equal(points_of(&rk, 1, 1), 300);
	assert_int_equal(row_of(&rk, 1)->total, 800);
	assert_int_equal(row_of(&rk, 2)->total, 600);
	assert_int_equal(row_of(&rk, 3)->total, 700);
	ranking_free(&rk);

	/* reviewed_self: the leader's review of the self score counts */
	rank(t, 2, members, 3, s, n_s, FINAL_REVIEWED_SELF, &ties, &rk);
	assert_int_equal(row_of(&rk, 1)->total, 200);
	assert_int_equal(row_of(&rk, 2)->total, 1000);
	assert_int_equal(row_of(&rk, 3)->total, 0);
	ranking_free(&rk);
}

static void test_entries_ignored(void **state)
{
	(void)state;
	struct criterion t[3] = {crit("I", "", CRIT_GROUP, 0), crit("I.1", "I", CRIT_POINTS, 10),
				 crit("I.2", "I", CRIT_POINTS, 10)};
	const int64_t members[] = {1, 2};
	struct tie_rule ties = no_ties();
	struct ranking rk;
	const struct score_entry s[] = {
		entry(1, 2, 1, 8),
		entry(1, 99, 1, 0),  /* scored by a non-member */
		entry(99, 1, 1, 10), /* a non-member scored */
		entry(99, 99, 1, 10),
		entry(1, 2, 0, 10),  /* a group */
		entry(1, 2, 3, 10),  /* past the table */
		entry(1, 2, -1, 10), /* before it */
		entry(2, 1, 2, 9.5),
	};
	rank(t, 3, members, 2, s, sizeof s / sizeof *s, FINAL_CROSS_MEAN, &ties, &rk);
	assert_int_equal(rk.n, 2);
	assert_int_equal(points_of(&rk, 1, 1), 800);
	assert_int_equal(points_of(&rk, 1, 2), 0);
	assert_int_equal(points_of(&rk, 1, 0), 800);
	assert_int_equal(row_of(&rk, 1)->total, 800);
	assert_int_equal(points_of(&rk, 2, 2), 950);
	assert_int_equal(row_of(&rk, 2)->total, 950);
	assert_int_equal(rk.rows[0].org_id, 2);
	ranking_free(&rk);

	/* no members: an empty ranking */
	rank(t, 3, members, 0, s, sizeof s / sizeof *s, FINAL_CROSS_MEAN, &ties, &rk);
	assert_int_equal(rk.n, 0);
	ranking_free(&rk);

	/* no entries: everyone 0, sharing the first rank */
	rank(t, 3, members, 2, NULL, 0, FINAL_CROSS_TRIMMED_MEAN, &ties, &rk);
	for (size_t r = 0; r < 2; r++) {
		assert_int_equal(rk.rows[r].total, 0);
		assert_int_equal(rk.rows[r].rank, 1);
		assert_int_equal(rk.rows[r].tied, 1);
		assert_int_equal(rk.rows[r].tie_key, -1);
	}
	ranking_free(&rk);
}

static void test_two_decimals(void **state)
{
	(void)state;
	struct criterion t[3] = {crit("A", "", CRIT_POINTS, 10), crit("B", "", CRIT_POINTS, 10),
				 crit("C", "", CRIT_POINTS, 10)};
	const int64_t members[] = {1, 2, 3, 4};
	struct tie_rule ties = no_ties();
	struct ranking rk;
	/*
	** Unit 1, A: 10, 10, 9.99 → 29.99 / 3 = 9.99666… → 10.00
	**         B: 3.33, 3.33, 3.34 → 10 / 3 = 3.3333… → 3.33
	**         C: 1.00, 1.01 → 1.005 → 1.01 (half away from zero)
	**   total 10.00 + 3.33 + 1.01 = 14.34: the sum of the rounded leaves
	*/
	const struct score_entry s[] = {
		entry(1, 2, 0, 10),   entry(1, 3, 0, 10),   entry(1, 4, 0, 9.99),
		entry(1, 2, 1, 3.33), entry(1, 3, 1, 3.33), entry(1, 4, 1, 3.34),
		entry(1, 2, 2, 1.00), entry(1, 3, 2, 1.01),
	};
	rank(t, 3, members, 4, s, sizeof s / sizeof *s, FINAL_CROSS_MEAN, &ties, &rk);
	assert_int_equal(points_of(&rk, 1, 0), 1000);
	assert_int_equal(points_of(&rk, 1, 1), 333);
	assert_int_equal(points_of(&rk, 1, 2), 101);
	assert_int_equal(row_of(&rk, 1)->total, 1434);
	ranking_free(&rk);
}

/* ---- quantitative criteria across units ---- */

static void test_quantitative_best_unit(void **state)
{
	(void)state;
	struct criterion t[2] = {crit("Q", "", CRIT_QUANTITATIVE, 20),
				 crit("A", "", CRIT_POINTS, 10)};
	t[0].target = 100;
	const int64_t members[] = {1, 2, 3, 4, 5};
	struct tie_rule ties = no_ties();
	struct ranking rk;
	/*
	** Self values (reviewed_self), target 100, best 150 (unit 1):
	**   1: 150 → 20
	**   2: 125 → 10 + 10 × 25 / 50 = 15
	**   3: 100 → 10 (half at the target)
	**   4: 50  → 0.5 × 20 × 50 / 100 = 5
	**   5: 0   → 0
	*/
	const struct score_entry s[] = {
		entry(1, 1, 0, 150), entry(2, 2, 0, 125), entry(3, 3, 0, 100),
		entry(4, 4, 0, 50),  entry(5, 5, 0, 0),
		entry(1, 2, 0, 1),   /* a cross value: not under reviewed_self */
	};
	rank(t, 2, members, 5, s, sizeof s / sizeof *s, FINAL_REVIEWED_SELF, &ties, &rk);
	const int64_t want[] = {2000, 1500, 1000, 500, 0};
	for (int r = 0; r < 5; r++) {
		assert_int_equal(rk.rows[r].org_id, r + 1);
		assert_int_equal(rk.rows[r].total, want[r]);
		assert_int_equal(rk.rows[r].base, want[r]);
		assert_int_equal(rk.rows[r].rank, r + 1);
		assert_int_equal(rk.points[(size_t)r * 2], want[r]);
	}
	ranking_free(&rk);

	/*
	** Best == target: nobody beyond 100.
	**   1: 100 → 20, 2: 99 → 9.9, 3: 0 → 0, 4 and 5: nothing → 0
	*/
	const struct score_entry s2[] = {entry(1, 1, 0, 100), entry(2, 2, 0, 99),
					 entry(3, 3, 0, 0)};
	rank(t, 2, members, 5, s2, 3, FINAL_REVIEWED_SELF, &ties, &rk);
	assert_int_equal(row_of(&rk, 1)->total, 2000);
	assert_int_equal(row_of(&rk, 2)->total, 990);
	assert_int_equal(row_of(&rk, 3)->total, 0);
	ranking_free(&rk);

	/*
	** Nobody reaches the target: 80 → 8, 40 → 4 (the best is no reward
	** below the target).
	*/
	const struct score_entry s3[] = {entry(1, 1, 0, 80), entry(2, 2, 0, 40)};
	rank(t, 2, members, 5, s3, 2, FINAL_REVIEWED_SELF, &ties, &rk);
	assert_int_equal(row_of(&rk, 1)->total, 800);
	assert_int_equal(row_of(&rk, 2)->total, 400);
	ranking_free(&rk);

	/*
	** Under cross_mean the values are averaged first, then the best found:
	**   1: 140, 160 → 150 (best) → 20; its self value 1000 is ignored
	**   2: 110, 130 → 120 → 10 + 10 × 20 / 50 = 14
	**   3: 99, 101 → 100 → 10
	**   4: 30, 60, 90 → 60 → 6
	*/
	const struct score_entry s4[] = {
		entry(1, 2, 0, 140), entry(1, 3, 0, 160), entry(1, 1, 0, 1000),
		entry(2, 1, 0, 110), entry(2, 3, 0, 130), entry(3, 1, 0, 99),
		entry(3, 2, 0, 101), entry(4, 1, 0, 30),  entry(4, 2, 0, 60),
		entry(4, 3, 0, 90),
	};
	rank(t, 2, members, 5, s4, sizeof s4 / sizeof *s4, FINAL_CROSS_MEAN, &ties, &rk);
	assert_int_equal(row_of(&rk, 1)->total, 2000);
	assert_int_equal(row_of(&rk, 2)->total, 1400);
	assert_int_equal(row_of(&rk, 3)->total, 1000);
	assert_int_equal(row_of(&rk, 4)->total, 600);
	ranking_free(&rk);

	/*
	** Trimmed: unit 4's 30, 60, 90 → 60; unit 1's 140, 160, 400 → 160, the
	** best. Unit 4: 0.5 × 20 × 60 / 100 = 6; unit 2 (two values: plain mean)
	** 120 → 10 + 10 × 20 / 60 = 13.333… → 13.33.
	*/
	const struct score_entry s5[] = {
		entry(1, 2, 0, 140), entry(1, 3, 0, 160), entry(1, 4, 0, 400),
		entry(2, 1, 0, 110), entry(2, 3, 0, 130), entry(4, 1, 0, 30),
		entry(4, 2, 0, 60),  entry(4, 3, 0, 90),
	};
	rank(t, 2, members, 5, s5, sizeof s5 / sizeof *s5, FINAL_CROSS_TRIMMED_MEAN, &ties,
	     &rk);
	assert_int_equal(row_of(&rk, 1)->total, 2000);
	assert_int_equal(row_of(&rk, 2)->total, 1333);
	assert_int_equal(row_of(&rk, 4)->total, 600);
	ranking_free(&rk);
}

/* ---- ties ---- */

/*
**   0 I     group        2 II    group       4 B  bonus 5
**   1 I.1   points 50    3 II.1  points 50   5 P  penalty 5
*/
#define TIE_N 6
static void tie_table(struct criterion *t)
{
	t[0] = crit("I", "", CRIT_GROUP, 0);
	t[1] = crit("I.1", "I", CRIT_POINTS, 50);
	t[2] = crit("II", "", CRIT_GROUP, 0);
	t[3] = crit("II.1", "II", CRIT_POINTS, 50);
	t[4] = crit("B", "", CRIT_BONUS, 5);
	t[5] = crit("P", "", CRIT_PENALTY, 5);
}

/* Self scores of one unit: I.1, II.1, B, P. */
static size_t self_sheet(struct score_entry *s, int64_t org, double i1, double ii1, double b,
			 double p)
{
	s[0] = entry(org, org, 1, i1);
	s[1] = entry(org, org, 3, ii1);
	s[2] = entry(org, org, 4, b);
	s[3] = entry(org, org, 5, p);
	return 4;
}

/*
** Four units, all at 70:
**   10: I 40, II 30            base 70, penalty 0
**   20: I 30, II 40, +2 −2     base 70, penalty 2
**   30: I 35, II 30, +5        base 65, penalty 0
**   40: I 30, II 40            base 70, penalty 0
*/
static size_t four_at_70(struct score_entry *s)
{
	size_t n = 0;
	n += self_sheet(s + n, 10, 40, 30, 0, 0);
	n += self_sheet(s + n, 20, 30, 40, 2, 2);
	n += self_sheet(s + n, 30, 35, 30, 5, 0);
	n += self_sheet(s + n, 40, 30, 40, 0, 0);
	return n;
}

static void rank_with(const char *rule, struct ranking *rk)
{
	static struct criterion t[TIE_N];
	struct score_entry s[16];
	const int64_t members[] = {40, 30, 20, 10};
	struct tie_rule ties;
	tie_table(t);
	assert_int_equal(tie_rule_parse(rule, &ties), 0);
	size_t n = four_at_70(s);
	rank(t, TIE_N, members, 4, s, n, FINAL_REVIEWED_SELF, &ties, rk);
	for (size_t r = 0; r < rk->n; r++) {
		assert_int_equal(rk->rows[r].total, 7000);
		assert_int_equal(rk->rows[r].tied, 1);
	}
	assert_int_equal(row_of(rk, 10)->base, 7000);
	assert_int_equal(row_of(rk, 20)->base, 7000);
	assert_int_equal(row_of(rk, 20)->bonus, 200);
	assert_int_equal(row_of(rk, 20)->penalty, 200);
	assert_int_equal(row_of(rk, 30)->base, 6500);
	assert_int_equal(row_of(rk, 30)->bonus, 500);
	assert_int_equal(row_of(rk, 40)->base, 7000);
}

static void assert_order(const struct ranking *rk, const int64_t *orgs, const int *ranks,
			 const int *keys)
{
	for (size_t r = 0; r < rk->n; r++) {
		assert_int_equal(rk->rows[r].org_id, orgs[r]);
		assert_int_equal(rk->rows[r].rank, ranks[r]);
		if (keys)
			assert_int_equal(rk->rows[r].tie_key, keys[r]);
	}
}

static void test_tie_keys_in_order(void **state)
{
	(void)state;
	struct ranking rk;

	/* penalty alone: 20 (2 penalty points) last; the rest share the first rank */
	rank_with("penalty", &rk);
	{
		const int64_t orgs[] = {10, 30, 40, 20};
		const int ranks[] = {1, 1, 1, 4};
		const int keys[] = {-1, -1, -1, TIE_PENALTY};
		assert_order(&rk, orgs, ranks, keys);
	}
	ranking_free(&rk);

	/* base alone: 30 (base 65) last */
	rank_with("base", &rk);
	{
		const int64_t orgs[] = {10, 20, 40, 30};
		const int ranks[] = {1, 1, 1, 4};
		const int keys[] = {-1, -1, -1, TIE_BASE};
		assert_order(&rk, orgs, ranks, keys);
	}
	ranking_free(&rk);

	/*
	** groups alone: by I (10: 40, 30: 35, 20 and 40: 30), then II (both
	** 40), then the top-level items that follow, bonus B (20: +2, 40: 0)
	** before penalty P: 20 is ahead of 40 at B.
	*/
	rank_with("groups", &rk);
	{
		const int64_t orgs[] = {10, 30, 20, 40};
		const int ranks[] = {1, 2, 3, 4};
		const int keys[] = {TIE_GROUPS, TIE_GROUPS, TIE_GROUPS, TIE_GROUPS};
		assert_order(&rk, orgs, ranks, keys);
	}
	ranking_free(&rk);

	/*
	** penalty, base, groups: 20 last by penalty; of 10, 30, 40, 30 by base;
	** of 10 and 40, 10 by groups (I 40 > 30).
	*/
	rank_with("penalty,base,groups", &rk);
	{
		const int64_t orgs[] = {10, 40, 30, 20};
		const int ranks[] = {1, 2, 3, 4};
		const int keys[] = {TIE_GROUPS, TIE_GROUPS, TIE_BASE, TIE_PENALTY};
		assert_order(&rk, orgs, ranks, keys);
	}
	ranking_free(&rk);

	/*
	** base, penalty: 30 last; penalty puts 20 behind 10 and 40, who share
	** the first rank, so both say -1 although each is ahead of 20.
	*/
	rank_with("base,penalty", &rk);
	{
		const int64_t orgs[] = {10, 40, 20, 30};
		const int ranks[] = {1, 1, 3, 4};
		const int keys[] = {-1, -1, TIE_PENALTY, TIE_BASE};
		assert_order(&rk, orgs, ranks, keys);
	}
	ranking_free(&rk);

	/* no keys: all four share the first rank */
	rank_with("", &rk);
	{
		const int64_t orgs[] = {10, 20, 30, 40};
		const int ranks[] = {1, 1, 1, 1};
		const int keys[] = {-1, -1, -1, -1};
		assert_order(&rk, orgs, ranks, keys);
	}
	ranking_free(&rk);
}

/*
** The order of the keys decides. A penalty item inside group I:
**   0 I group   1 I.1 points 50   2 I.P penalty 5   3 II group   4 II.1 points 50
**
**   1: I.1 40 − I.P 2 = I 38, II 30   total 68, base 70, penalty 2
**   2: I.1 38        = I 38, II 30   total 68, base 68, penalty 0
**   3: I.1 30        = I 30, II 38   total 68, base 68, penalty 0
*/
static void test_tie_key_order(void **state)
{
	(void)state;
	static const struct {
		const char *rule;
		int64_t orgs[3];
		int ranks[3];
		int keys[3];
	} cases[] = {
		/* 2, 3 ahead of 1 on penalty; base cannot part 2 and 3 */
		{"penalty,base", {2, 3, 1}, {1, 1, 3}, {-1, -1, TIE_PENALTY}},
		/* 1 ahead on base (70); 2 and 3 equal in base and penalty */
		{"base,penalty", {1, 2, 3}, {1, 2, 2}, {TIE_BASE, -1, -1}},
		/* I: 1 and 2 (38) ahead of 3 (30); II equal; then penalty: 2 */
		{"groups,penalty", {2, 1, 3}, {1, 2, 3}, {TIE_PENALTY, TIE_PENALTY, TIE_GROUPS}},
		/* the same, then base: 1 */
		{"groups,base", {1, 2, 3}, {1, 2, 3}, {TIE_BASE, TIE_BASE, TIE_GROUPS}},
		/* groups alone: 1 and 2 share */
		{"groups", {1, 2, 3}, {1, 1, 3}, {-1, -1, TIE_GROUPS}},
		/* base: 1; groups: 2 (I 38) before 3 (I 30) */
		{"base,groups", {1, 2, 3}, {1, 2, 3}, {TIE_BASE, TIE_BASE, TIE_GROUPS}},
		/* the default: penalty puts 1 last, groups 2 before 3 */
		{"penalty,groups", {2, 3, 1}, {1, 2, 3}, {TIE_GROUPS, TIE_GROUPS, TIE_PENALTY}},
	};
	struct criterion t[5] = {crit("I", "", CRIT_GROUP, 0), crit("I.1", "I", CRIT_POINTS, 50),
				 crit("I.P", "I", CRIT_PENALTY, 5), crit("II", "", CRIT_GROUP, 0),
				 crit("II.1", "II", CRIT_POINTS, 50)};
	const int64_t members[] = {3, 1, 2};
	const struct score_entry s[] = {
		entry(1, 1, 1, 40), entry(1, 1, 2, 2), entry(1, 1, 4, 30),
		entry(2, 1, 1, 40), /* a cross score, not counted */
		entry(2, 2, 1, 38), entry(2, 2, 4, 30), entry(3, 3, 1, 30), entry(3, 3, 4, 38),
	};
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		struct tie_rule ties;
		struct ranking rk;
		assert_int_equal(tie_rule_parse(cases[c].rule, &ties), 0);
		rank(t, 5, members, 3, s, sizeof s / sizeof *s, FINAL_REVIEWED_SELF, &ties, &rk);
		assert_int_equal(row_of(&rk, 1)->base, 7000);
		assert_int_equal(row_of(&rk, 1)->penalty, 200);
		assert_int_equal(points_of(&rk, 1, 0), 3800);
		assert_int_equal(row_of(&rk, 2)->base, 6800);
		assert_int_equal(row_of(&rk, 3)->base, 6800);
		for (size_t r = 0; r < 3; r++) {
			assert_int_equal(rk.rows[r].total, 6800);
			assert_int_equal(rk.rows[r].tied, 1);
		}
		assert_order(&rk, cases[c].orgs, cases[c].ranks, cases[c].keys);
		ranking_free(&rk);
	}
}

/*
** The groups key compares the signed points of the top-level items: a
** top-level penalty item counts against its unit. Unit 1: I 50 − P 5 + B 5
** = 50; unit 2: I 50 = 50. With P listed before B, unit 2 is ahead at P.
*/
static void test_tie_groups_signed(void **state)
{
	(void)state;
	struct criterion t[4] = {crit("I", "", CRIT_GROUP, 0), crit("I.1", "I", CRIT_POINTS, 50),
				 crit("P", "", CRIT_PENALTY, 5), crit("B", "", CRIT_BONUS, 5)};
	const int64_t members[] = {1, 2};
	struct tie_rule ties;
	struct ranking rk;
	assert_int_equal(tie_rule_parse("groups", &ties), 0);
	const struct score_entry s[] = {entry(1, 1, 1, 50), entry(1, 1, 2, 5), entry(1, 1, 3, 5),
					entry(2, 2, 1, 50)};
	rank(t, 4, members, 2, s, 4, FINAL_REVIEWED_SELF, &ties, &rk);
	assert_int_equal(rk.rows[0].total, 5000);
	assert_int_equal(rk.rows[1].total, 5000);
	assert_int_equal(rk.rows[0].org_id, 2);
	assert_int_equal(rk.rows[0].rank, 1);
	assert_int_equal(rk.rows[1].org_id, 1);
	assert_int_equal(rk.rows[1].rank, 2);
	assert_int_equal(rk.rows[1].tie_key, TIE_GROUPS);
	assert_int_equal(rk.points[2], 0);   /* unit 2's P */
	assert_int_equal(rk.points[4 + 2], 500); /* unit 1's P, deducted */
	ranking_free(&rk);
}

static void test_shared_ranks(void **state)
{
	(void)state;
	struct criterion t[TIE_N];
	tie_table(t);
	const int64_t members[] = {5, 4, 3, 2, 1};
	struct tie_rule ties = tie_rule_default();
	struct ranking rk;
	struct score_entry s[20];
	size_t n = 0;
	/*
	**   1: 80
	**   2 and 3: 35 + 35, nothing else: equal in every key → shared 2nd
	**   4: 60
	**   5: 40 + 20 = 60 too, but I 40 vs 30: ahead of 4 by groups → 4th, 5th
	*/
	n += self_sheet(s + n, 1, 40, 40, 0, 0);
	n += self_sheet(s + n, 2, 35, 35, 0, 0);
	n += self_sheet(s + n, 3, 35, 35, 0, 0);
	n += self_sheet(s + n, 4, 30, 30, 0, 0);
	n += self_sheet(s + n, 5, 40, 20, 0, 0);
	rank(t, TIE_N, members, 5, s, n, FINAL_REVIEWED_SELF, &ties, &rk);
	const int64_t orgs[] = {1, 2, 3, 5, 4};
	const int ranks[] = {1, 2, 2, 4, 5};
	const int keys[] = {-1, -1, -1, TIE_GROUPS, TIE_GROUPS};
	const int broken[] = {0, 1, 1, 1, 1};
	const int64_t totals[] = {8000, 7000, 7000, 6000, 6000};
	assert_order(&rk, orgs, ranks, keys);
	for (int r = 0; r < 5; r++) {
		assert_int_equal(rk.rows[r].tied, broken[r]);
		assert_int_equal(rk.rows[r].total, totals[r]);
	}
	/* points follow the rows: unit 5's I and II */
	assert_int_equal(rk.points[3 * TIE_N + 0], 4000);
	assert_int_equal(rk.points[3 * TIE_N + 2], 2000);
	ranking_free(&rk);

	/* 1, 2, 2, 4 with a unit on its own after the shared pair */
	n = 0;
	n += self_sheet(s + n, 1, 50, 50, 0, 0);
	n += self_sheet(s + n, 2, 40, 40, 0, 0);
	n += self_sheet(s + n, 3, 40, 40, 0, 0);
	n += self_sheet(s + n, 4, 10, 10, 0, 0);
	rank(t, TIE_N, members + 1, 4, s, n, FINAL_REVIEWED_SELF, &ties, &rk);
	const int64_t orgs2[] = {1, 2, 3, 4};
	const int ranks2[] = {1, 2, 2, 4};
	const int keys2[] = {-1, -1, -1, -1};
	assert_order(&rk, orgs2, ranks2, keys2);
	assert_int_equal(rk.rows[0].tied, 0);
	assert_int_equal(rk.rows[1].tied, 1);
	assert_int_equal(rk.rows[2].tied, 1);
	assert_int_equal(rk.rows[3].tied, 0);
	ranking_free(&rk);
}

static void test_total_floored(void **state)
{
	(void)state;
	struct criterion t[2] = {crit("A", "", CRIT_POINTS, 10), crit("P", "", CRIT_PENALTY, 20)};
	const int64_t members[] = {1, 2, 3};
	struct tie_rule ties = tie_rule_default();
	struct ranking rk;
	/*
	** 1: 5 − 15 = −10 → 0, base 5, penalty 15
	** 2: nothing → 0
	** 3: 1 − 0.5 = 0.5
	*/
	const struct score_entry s[] = {entry(1, 1, 0, 5), entry(1, 1, 1, 15), entry(3, 3, 0, 1),
					entry(3, 3, 1, 0.5)};
	rank(t, 2, members, 3, s, 4, FINAL_REVIEWED_SELF, &ties, &rk);
	assert_int_equal(row_of(&rk, 1)->total, 0);
	assert_int_equal(row_of(&rk, 1)->base, 500);
	assert_int_equal(row_of(&rk, 1)->penalty, 1500);
	assert_int_equal(points_of(&rk, 1, 1), 1500);
	assert_int_equal(row_of(&rk, 2)->total, 0);
	assert_int_equal(row_of(&rk, 3)->total, 50);
	/* 3 first; 2 and 1 both at 0, 1 behind on penalty */
	const int64_t orgs[] = {3, 2, 1};
	const int ranks[] = {1, 2, 3};
	const int keys[] = {-1, TIE_PENALTY, TIE_PENALTY};
	assert_order(&rk, orgs, ranks, keys);
	ranking_free(&rk);
}

/* ---- names and tie rules as text ---- */

static void test_rule_names(void **state)
{
	(void)state;
	const char *rules[] = {"cross_mean", "cross_trimmed_mean", "reviewed_self"};
	for (int r = 0; r < 3; r++) {
		enum final_rule got;
		assert_string_equal(final_rule_name((enum final_rule)r), rules[r]);
		assert_int_equal(final_rule_parse(rules[r], &got), 0);
		assert_int_equal(got, r);
	}
	enum final_rule fr;
	assert_int_equal(final_rule_parse("mean", &fr), -1);
	assert_int_equal(final_rule_parse("", &fr), -1);

	const char *keys[] = {"penalty", "base", "groups"};
	for (int k = 0; k < 3; k++) {
		enum tie_key got;
		assert_string_equal(tie_key_name((enum tie_key)k), keys[k]);
		assert_int_equal(tie_key_parse(keys[k], &got), 0);
		assert_int_equal(got, k);
	}
	enum tie_key tk;
	assert_int_equal(tie_key_parse("group", &tk), -1);
	assert_int_equal(tie_key_parse("PENALTY", &tk), -1);
}

static void test_tie_rule_text(void **state)
{
	(void)state;
	struct tie_rule t;
	char buf[64];

	assert_int_equal(tie_rule_parse("", &t), 0);
	assert_int_equal(t.n, 0);
	tie_rule_format(&t, buf, sizeof buf);
	assert_string_equal(buf, "");

	assert_int_equal(tie_rule_parse("base", &t), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.keys[0], TIE_BASE);

	assert_int_equal(tie_rule_parse("groups,penalty", &t), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.keys[0], TIE_GROUPS);
	assert_int_equal(t.keys[1], TIE_PENALTY);
	tie_rule_format(&t, buf, sizeof buf);
	assert_string_equal(buf, "groups,penalty");

	assert_int_equal(tie_rule_parse("penalty,base,groups", &t), 0);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.keys[0], TIE_PENALTY);
	assert_int_equal(t.keys[1], TIE_BASE);
	assert_int_equal(t.keys[2], TIE_GROUPS);
	tie_rule_format(&t, buf, sizeof buf);
	assert_string_equal(buf, "penalty,base,groups");

	struct tie_rule d = tie_rule_default();
	assert_int_equal(d.n, 2);
	assert_int_equal(d.keys[0], TIE_PENALTY);
	assert_int_equal(d.keys[1], TIE_GROUPS);
	tie_rule_format(&d, buf, sizeof buf);
	assert_string_equal(buf, "penalty,groups");
	assert_int_equal(tie_rule_parse(buf, &t), 0);
	assert_int_equal(t.n, d.n);
	assert_int_equal(t.keys[0], d.keys[0]);
	assert_int_equal(t.keys[1], d.keys[1]);

	const char *bad[] = {
		"penalty,penalty",	       /* duplicate */
		"base,groups,base",	       /* duplicate, not adjacent */
		"tiebreak",		       /* unknown */
		"penalty,bogus",	       /* unknown after a good one */
		"Penalty",		       /* case matters */
		"penalty, base",	       /* no spaces */
		"penalty,base,groups,penalty", /* too many */
		"penalty,base,groups,x",       /* too many, unknown */
		"penalty,base,groups,penalty,base,groups,penalty,base,groups,penalty",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(tie_rule_parse(bad[i], &t), -1);

	/* formatting into a small buffer truncates, still terminated */
	assert_int_equal(tie_rule_parse("penalty,base,groups", &t), 0);
	char small[8];
	memset(small, 'x', sizeof small);
	tie_rule_format(&t, small, sizeof small);
	assert_string_equal(small, "penalty");
	char tiny[1];
	tie_rule_format(&t, tiny, sizeof tiny);
	assert_string_equal(tiny, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cross_mean),
		cmocka_unit_test(test_cross_trimmed_mean),
		cmocka_unit_test(test_adjusted_entries),
		cmocka_unit_test(test_entries_ignored),
		cmocka_unit_test(test_two_decimals),
		cmocka_unit_test(test_quantitative_best_unit),
		cmocka_unit_test(test_tie_keys_in_order),
		cmocka_unit_test(test_tie_key_order),
		cmocka_unit_test(test_tie_groups_signed),
		cmocka_unit_test(test_shared_ranks),
		cmocka_unit_test(test_total_floored),
		cmocka_unit_test(test_rule_names),
		cmocka_unit_test(test_tie_rule_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
