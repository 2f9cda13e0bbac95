/*
** The scoring table (domain/criteria.h): validation of the criteria tree,
** each criterion kind's arithmetic at its edges, centi-points, and the
** clamping of capped groups as a ranking sees it (domain/scoring.h).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "unit.h"

#include "criteria_fixture.h"
#include "domain/criteria.h"
#include "domain/scoring.h"

/* Doubles computed by the code under test against the hand-computed value. */
#define assert_near(got, want)                                                     \
	do {                                                                       \
		double got_ = (got), want_ = (want);                               \
		if (fabs(got_ - want_) > 1e-9)                                     \
			fail_msg("%s = %.12g, expected %.12g", #got, got_, want_); \
	} while (0)

static struct criterion quant(const char *code, const char *parent, double max_points,
			      double target)
{
	struct criterion c = crit(code, parent, CRIT_QUANTITATIVE, max_points);
	c.target = target;
	return c;
}

static struct criterion per_occ(const char *code, const char *parent, double max_points,
				double per)
{
	struct criterion c = crit(code, parent, CRIT_PER_OCCURRENCE, max_points);
	c.per_occurrence = per;
	return c;
}

/*
** A table with every kind:
**
**   0 I      group (no cap)
**   1 I.1    points 10
**   2 I.2    quantitative 20, target 100
**   3 I.3    pass_fail 5
**   4 I.4    per_occurrence 6, 2 each
**   5 II     group (no cap)
**   6 II.1   points 30
**   7 B      group, at most 5
**   8 B.1    bonus 3
**   9 B.2    bonus 4
**  10 P      group, at most 5
**  11 P.1    penalty 3
**  12 P.2    penalty 4
*/
#define FULL_N 13
static void full_table(struct criterion *t)
{
	t[0] = crit("I", "", CRIT_GROUP, 0);
	t[1] = crit("I.1", "I", CRIT_POINTS, 10);
	t[2] = quant("I.2", "I", 20, 100);
	t[3] = crit("I.3", "I", CRIT_PASS_FAIL, 5);
	t[4] = per_occ("I.4", "I", 6, 2);
	t[5] = crit("II", "", CRIT_GROUP, 0);
	t[6] = crit("II.1", "II", CRIT_POINTS, 30);
	t[7] = crit("B", "", CRIT_GROUP, 5);
	t[8] = crit("B.1", "B", CRIT_BONUS, 3);
	t[9] = crit("B.2", "B", CRIT_BONUS, 4);
	t[10] = crit("P", "", CRIT_GROUP, 5);
	t[11] = crit("P.1", "P", CRIT_PENALTY, 3);
	t[12] = crit("P.2", "P", CRIT_PENALTY, 4);
}

static void test_kind_names(void **state)
{
	(void)state;
	const char *names[] = {"group", "points", "quantitative", "pass_fail",
			       "per_occurrence", "bonus", "penalty"};
	for (int k = CRIT_GROUP; k <= CRIT_PENALTY; k++) {
		enum criterion_kind got;
		assert_string_equal(criterion_kind_name((enum criterion_kind)k), names[k]);
		assert_int_equal(criterion_kind_parse(names[k], &got), 0);
		assert_int_equal(got, k);
	}
	enum criterion_kind got;
	assert_int_equal(criterion_kind_parse("Points", &got), -1);
	assert_int_equal(criterion_kind_parse("", &got), -1);
	assert_int_equal(criterion_kind_parse("pass-fail", &got), -1);

	assert_string_equal(criterion_entry_key(CRIT_POINTS), "points");
	assert_string_equal(criterion_entry_key(CRIT_BONUS), "points");
	assert_string_equal(criterion_entry_key(CRIT_PENALTY), "points");
	assert_string_equal(criterion_entry_key(CRIT_QUANTITATIVE), "value");
	assert_string_equal(criterion_entry_key(CRIT_PASS_FAIL), "passed");
	assert_string_equal(criterion_entry_key(CRIT_PER_OCCURRENCE), "count");
}

static void test_validate_valid_table(void **state)
{
	(void)state;
	struct error e;
	struct criterion t[FULL_N];
	full_table(t);
	err_clear(&e);
	assert_int_equal(criteria_validate(t, FULL_N, &e), 0);
	const int depth[FULL_N] = {0, 1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1};
	for (int i = 0; i < FULL_N; i++)
		assert_int_equal(t[i].depth, depth[i]);

	int parent[FULL_N];
	const int want_parent[FULL_N] = {-1, 0, 0, 0, 0, -1, 5, -1, 7, 7, -1, 10, 10};
	criteria_parents(t, FULL_N, parent);
	for (int i = 0; i < FULL_N; i++)
		assert_int_equal(parent[i], want_parent[i]);

	assert_int_equal(criteria_find(t, FULL_N, "I"), 0);
	assert_int_equal(criteria_find(t, FULL_N, "II.1"), 6);
	assert_int_equal(criteria_find(t, FULL_N, "P.2"), 12);
	assert_int_equal(criteria_find(t, FULL_N, "III"), -1);
	assert_int_equal(criteria_find(t, FULL_N, "i"), -1); /* codes are case-sensitive */

	/* the empty table is valid (no scoring table yet) */
	assert_int_equal(criteria_validate(t, 0, &e), 0);
	assert_int_equal(criteria_max_total(t, 0), 0);

	/* a table of plain top-level leaves needs no groups */
	struct criterion flat[2] = {crit("1", "", CRIT_POINTS, 50),
				    crit("2", "", CRIT_PENALTY, 5)};
	assert_int_equal(criteria_validate(flat, 2, &e), 0);
	assert_int_equal(flat[0].depth, 0);
	assert_int_equal(flat[1].depth, 0);
}

static void test_validate_codes_and_names(void **state)
{
	(void)state;
	struct error e;
	struct criterion t[2];

	const char *good[] = {"I", "II.3", "B-2a", "x_1", "0", "abcdefghijklmnopqrstuvwxyz012345"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		t[0] = crit(good[i], "", CRIT_POINTS, 10);
		assert_int_equal(criteria_validate(t, 1, &e), 0);
	}
	const char *bad[] = {"", "I 1", "I/1", "Ⅰ", "Đ1", "a+b", "1,2"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		t[0] = crit(bad[i], "", CRIT_POINTS, 10);
		assert_fails(criteria_validate(t, 1, &e), e, ERR_INVALID, "invalid_code", "items");
	}

	t[0] = crit("A", "", CRIT_POINTS, 10);
	t[1] = crit("A", "", CRIT_POINTS, 10);
	assert_fails(criteria_validate(t, 2, &e), e, ERR_INVALID, "duplicate", "items");
	t[1] = crit("a", "", CRIT_POINTS, 10); /* differs only in case: another code */
	assert_int_equal(criteria_validate(t, 2, &e), 0);

	t[1].name[0] = 0;
	assert_fails(criteria_validate(t, 2, &e), e, ERR_INVALID, "required", "items");
}

static void test_validate_tree(void **state)
{
	(void)state;
	struct error e;
	struct criterion t[6];

	/* parent unknown */
	t[0] = crit("I", "", CRIT_GROUP, 0);
	t[1] = crit("I.1", "X", CRIT_POINTS, 10);
	assert_fails(criteria_validate(t, 2, &e), e, ERR_INVALID, "unknown_parent", "items");

	/* parent is a leaf */
	t[0] = crit("I", "", CRIT_POINTS, 10);
	t[1] = crit("I.1", "I", CRIT_POINTS, 10);
	assert_fails(criteria_validate(t, 2, &e), e, ERR_INVALID, "unknown_parent", "items");

	/* parent listed after its child */
	t[0] = crit("I.1", "I", CRIT_POINTS, 10);
	t[1] = crit("I", "", CRIT_GROUP, 0);
	assert_fails(criteria_validate(t, 2, &e), e, ERR_INVALID, "unknown_parent", "items");

	/* its own parent */
	t[0] = crit("I", "I", CRIT_GROUP, 0);
	assert_fails(criteria_validate(t, 1, &e), e, ERR_INVALID, "unknown_parent", "items");

	/* not in pre-order: I.2 comes back to I after group II */
	t[0] = crit("I", "", CRIT_GROUP, 0);
	t[1] = crit("I.1", "I", CRIT_POINTS, 10);
	t[2] = crit("II", "", CRIT_GROUP, 0);
	t[3] = crit("II.1", "II", CRIT_POINTS, 10);
	t[4] = crit("I.2", "I", CRIT_POINTS, 10);
	assert_fails(criteria_validate(t, 5, &e), e, ERR_INVALID, "unknown_parent", "items");

	/* back to the group after a nested group's subtree is fine */
	t[0] = crit("I", "", CRIT_GROUP, 0);
	t[1] = crit("I.1", "I", CRIT_GROUP, 0);
	t[2] = crit("I.1.a", "I.1", CRIT_POINTS, 10);
	t[3] = crit("I.2", "I", CRIT_POINTS, 10);
	assert_int_equal(criteria_validate(t, 4, &e), 0);
	assert_int_equal(t[2].depth, 2);
	assert_int_equal(t[3].depth, 1);

	/* empty groups: at the end, and followed by a sibling */
	t[0] = crit("I", "", CRIT_GROUP, 0);
	t[1] = crit("I.1", "I", CRIT_POINTS, 10);
	t[2] = crit("II", "", CRIT_GROUP, 0);
	assert_fails(criteria_validate(t, 3, &e), e, ERR_INVALID, "empty_group", "items");
	t[0] = crit("I", "", CRIT_GROUP, 0);
	t[1] = crit("II", "", CRIT_GROUP, 0);
	t[2] = crit("II.1", "II", CRIT_POINTS, 10);
	assert_fails(criteria_validate(t, 3, &e), e, ERR_INVALID, "empty_group", "items");
	/* a group holding only an empty group */
	t[0] = crit("I", "", CRIT_GROUP, 0);
	t[1] = crit("I.1", "I", CRIT_GROUP, 0);
	assert_fails(criteria_validate(t, 2, &e), e, ERR_INVALID, "empty_group", "items");
}

static void test_validate_depth(void **state)
{
	(void)state;
	struct error e;
	struct criterion t[5];
	/* four levels, 0..3: the deepest allowed */
	t[0] = crit("A", "", CRIT_GROUP, 0);
	t[1] = crit("B", "A", CRIT_GROUP, 0);
	t[2] = crit("C", "B", CRIT_GROUP, 0);
	t[3] = crit("D", "C", CRIT_POINTS, 10);
	assert_int_equal(criteria_validate(t, 4, &e), 0);
	assert_int_equal(t[3].depth, CRITERION_DEPTH_MAX - 1);
	/* a fifth level */
	t[3] = crit("D", "C", CRIT_GROUP, 0);
	t[4] = crit("E", "D", CRIT_POINTS, 10);
	assert_fails(criteria_validate(t, 5, &e), e, ERR_INVALID, "too_deep", "items");
}

static void test_validate_numbers(void **state)
{
	(void)state;
	struct error e;
	struct criterion t[2];

	/* a leaf's max_points: above 0, at most 1000, two decimals */
	const double good_max[] = {0.01, 10.25, 999.99, CRITERION_POINTS_MAX};
	for (size_t i = 0; i < sizeof good_max / sizeof *good_max; i++) {
		t[0] = crit("1", "", CRIT_POINTS, good_max[i]);
		assert_int_equal(criteria_validate(t, 1, &e), 0);
	}
	const double range_max[] = {0, -1, 1000.01, NAN, INFINITY};
	for (size_t i = 0; i < sizeof range_max / sizeof *range_max; i++) {
		t[0] = crit("1", "", CRIT_BONUS, range_max[i]);
		assert_fails(criteria_validate(t, 1, &e), e, ERR_INVALID, "out_of_range", "items");
	}
	t[0] = crit("1", "", CRIT_POINTS, 10.005);
	assert_fails(criteria_validate(t, 1, &e), e, ERR_INVALID, "too_precise", "items");

	/* a group's cap: 0 (none) .. 1000, two decimals */
	t[1] = crit("1.1", "G", CRIT_POINTS, 10);
	t[0] = crit("G", "", CRIT_GROUP, 0);
	assert_int_equal(criteria_validate(t, 2, &e), 0);
	t[0] = crit("G", "", CRIT_GROUP, 5.5);
	assert_int_equal(criteria_validate(t, 2, &e), 0);
	t[0] = crit("G", "", CRIT_GROUP, -1);
	assert_fails(criteria_validate(t, 2, &e), e, ERR_INVALID, "out_of_range", "items");
	t[0] = crit("G", "", CRIT_GROUP, 1000.5);
	assert_fails(criteria_validate(t, 2, &e), e, ERR_INVALID, "out_of_range", "items");
	t[0] = crit("G", "", CRIT_GROUP, 2.555);
	assert_fails(criteria_validate(t, 2, &e), e, ERR_INVALID, "too_precise", "items");

	/* quantitative: a target above 0, at most 1e12 */
	t[0] = quant("Q", "", 20, 1);
	assert_int_equal(criteria_validate(t, 1, &e), 0);
	t[0] = quant("Q", "", 20, 0.5); /* targets need not be whole */
	assert_int_equal(criteria_validate(t, 1, &e), 0);
	t[0] = quant("Q", "", 20, QUANTITY_MAX);
	assert_int_equal(criteria_validate(t, 1, &e), 0);
	const double bad_target[] = {0, -5, QUANTITY_MAX * 10, NAN, INFINITY};
	for (size_t i = 0; i < sizeof bad_target / sizeof *bad_target; i++) {
		t[0] = quant("Q", "", 20, bad_target[i]);
		assert_fails(criteria_validate(t, 1, &e), e, ERR_INVALID, "out_of_range", "items");
	}
	t[0] = quant("Q", "", 0, 100); /* its max still counts */
	assert_fails(criteria_validate(t, 1, &e), e, ERR_INVALID, "out_of_range", "items");

	/* per_occurrence: points for each, above 0, two decimals */
	t[0] = per_occ("O", "", 6, 0.5);
	assert_int_equal(criteria_validate(t, 1, &e), 0);
	t[0] = per_occ("O", "", 6, 0);
	assert_fails(criteria_validate(t, 1, &e), e, ERR_INVALID, "out_of_range", "items");
	t[0] = per_occ("O", "", 6, -2);
	assert_fails(criteria_validate(t, 1, &e), e, ERR_INVALID, "out_of_range", "items");
	t[0] = per_occ("O", "", 6, 1000.01);
	assert_fails(criteria_validate(t, 1, &e), e, ERR_INVALID, "out_of_range", "items");
	t[0] = per_occ("O", "", 6, 0.125);
	assert_fails(criteria_validate(t, 1, &e), e, ERR_INVALID, "too_precise", "items");

	/* target and per_occurrence are ignored by the other kinds */
	t[0] = crit("1", "", CRIT_POINTS, 10);
	t[0].target = -1;
	t[0].per_occurrence = -1;
	assert_int_equal(criteria_validate(t, 1, &e), 0);
}

static void test_validate_too_many(void **state)
{
	(void)state;
	struct error e;
	struct criterion *t = calloc(CRITERIA_MAX + 1, sizeof *t);
	assert_non_null(t);
	for (int i = 0; i <= CRITERIA_MAX; i++) {
		char code[16];
		snprintf(code, sizeof code, "c%d", i);
		t[i] = crit(code, "", CRIT_POINTS, 1);
	}
	assert_int_equal(criteria_validate(t, CRITERIA_MAX, &e), 0);
	/* 400 × 1 point */
	assert_int_equal(criteria_max_total(t, CRITERIA_MAX), 400 * 100);
	assert_fails(criteria_validate(t, CRITERIA_MAX + 1, &e), e, ERR_INVALID, "too_many",
		     "items");
	free(t);
}

static void test_max_total(void **state)
{
	(void)state;
	struct error e;
	struct criterion t[FULL_N];
	full_table(t);
	assert_int_equal(criteria_validate(t, FULL_N, &e), 0);
	/* I: 10 + 20 + 5 + 6 = 41; II: 30; bonus and penalty groups: 0 → 71.00 */
	assert_int_equal(criteria_max_total(t, FULL_N), 7100);

	/* II capped at 25 → 41 + 25 = 66.00 */
	t[5].max_points = 25;
	assert_int_equal(criteria_validate(t, FULL_N, &e), 0);
	assert_int_equal(criteria_max_total(t, FULL_N), 6600);
	/* a cap above the children's sum changes nothing */
	t[5].max_points = 40;
	assert_int_equal(criteria_max_total(t, FULL_N), 7100);

	/*
	** Nested caps, with a bonus inside a group:
	**   A (cap 15)
	**     A.1 (cap 8): A.1.a 5 + A.1.b 5 = 10 → 8
	**     A.2 points 4.25
	**     A.3 bonus 2 (counts 0)
	**   → min(15, 8 + 4.25) = 12.25; plus B top-level 0.5 → 12.75
	*/
	struct criterion n[7] = {
		crit("A", "", CRIT_GROUP, 15),	      crit("A.1", "A", CRIT_GROUP, 8),
		crit("A.1.a", "A.1", CRIT_POINTS, 5), crit("A.1.b", "A.1", CRIT_POINTS, 5),
		crit("A.2", "A", CRIT_POINTS, 4.25), crit("A.3", "A", CRIT_BONUS, 2),
		crit("B", "", CRIT_POINTS, 0.5),
	};
	assert_int_equal(criteria_validate(n, 7, &e), 0);
	assert_int_equal(criteria_max_total(n, 7), 1275);
	/* the outer cap bites: 12.25 → 10 */
	n[0].max_points = 10;
	assert_int_equal(criteria_max_total(n, 7), 1050);
}

static void test_entry_check(void **state)
{
	(void)state;
	struct error e;
	struct criterion t[FULL_N];
	full_table(t);
	assert_int_equal(criteria_validate(t, FULL_N, &e), 0);
	const struct criterion *points = &t[1], *q = &t[2], *pf = &t[3], *occ = &t[4],
			       *group = &t[0], *bonus = &t[8], *penalty = &t[11];

	/* points: 0 .. max_points, two decimals */
	assert_int_equal(criterion_entry_check(points, 0, &e), 0);
	assert_int_equal(criterion_entry_check(points, 9.99, &e), 0);
	assert_int_equal(criterion_entry_check(points, 10, &e), 0);
	assert_fails(criterion_entry_check(points, 10.01, &e), e, ERR_INVALID, "over_maximum",
		     "scores");
	assert_fails(criterion_entry_check(points, 11, &e), e, ERR_INVALID, "over_maximum",
		     "scores");
	assert_fails(criterion_entry_check(points, -0.01, &e), e, ERR_INVALID, "out_of_range",
		     "scores");
	assert_fails(criterion_entry_check(points, NAN, &e), e, ERR_INVALID, "out_of_range",
		     "scores");
	assert_fails(criterion_entry_check(points, INFINITY, &e), e, ERR_INVALID,
		     "out_of_range", "scores");
	assert_fails(criterion_entry_check(points, 2.345, &e), e, ERR_INVALID, "too_precise",
		     "scores");
	assert_int_equal(criterion_entry_check(points, 0.1 + 0.2, &e), 0); /* 0.30000000000000004 */

	/* bonus and penalty: like points */
	assert_int_equal(criterion_entry_check(bonus, 3, &e), 0);
	assert_fails(criterion_entry_check(bonus, 3.5, &e), e, ERR_INVALID, "over_maximum",
		     "scores");
	assert_int_equal(criterion_entry_check(penalty, 2.5, &e), 0);
	assert_fails(criterion_entry_check(penalty, 4, &e), e, ERR_INVALID, "over_maximum",
		     "scores");

	/* a group is not scored */
	assert_fails(criterion_entry_check(group, 1, &e), e, ERR_INVALID, "not_a_criterion",
		     "scores");

	/* quantitative: any value 0 .. 1e12, decimals allowed, may exceed the target */
	assert_int_equal(criterion_entry_check(q, 0, &e), 0);
	assert_int_equal(criterion_entry_check(q, 123.456, &e), 0);
	assert_int_equal(criterion_entry_check(q, 5000, &e), 0);
	assert_int_equal(criterion_entry_check(q, QUANTITY_MAX, &e), 0);
	assert_fails(criterion_entry_check(q, QUANTITY_MAX * 2, &e), e, ERR_INVALID,
		     "out_of_range", "scores");
	assert_fails(criterion_entry_check(q, -1, &e), e, ERR_INVALID, "out_of_range", "scores");

	/* pass_fail: read from a boolean */
	assert_int_equal(criterion_entry_check(pf, 0, &e), 0);
	assert_int_equal(criterion_entry_check(pf, 1, &e), 0);

	/* per_occurrence: a whole count up to 1,000,000, beyond the cap allowed */
	assert_int_equal(criterion_entry_check(occ, 0, &e), 0);
	assert_int_equal(criterion_entry_check(occ, 4, &e), 0);
	assert_int_equal(criterion_entry_check(occ, OCCURRENCES_MAX, &e), 0);
	assert_fails(criterion_entry_check(occ, OCCURRENCES_MAX + 1, &e), e, ERR_INVALID,
		     "out_of_range", "scores");
	assert_fails(criterion_entry_check(occ, 2.5, &e), e, ERR_INVALID, "out_of_range",
		     "scores");
	assert_fails(criterion_entry_check(occ, -1, &e), e, ERR_INVALID, "out_of_range",
		     "scores");
}

static void test_sheet_points(void **state)
{
	(void)state;
	struct criterion t[FULL_N];
	full_table(t);
	const struct criterion *points = &t[1], *pf = &t[3], *occ = &t[4], *bonus = &t[9],
			       *penalty = &t[12];

	assert_near(criterion_sheet_points(points, 0), 0);
	assert_near(criterion_sheet_points(points, 7.5), 7.5);
	assert_near(criterion_sheet_points(points, 10), 10);
	assert_near(criterion_sheet_points(points, 12), 10); /* never over the max */

	assert_near(criterion_sheet_points(pf, 1), 5);
	assert_near(criterion_sheet_points(pf, 0), 0);

	/* 2 points each, capped at 6 */
	assert_near(criterion_sheet_points(occ, 0), 0);
	assert_near(criterion_sheet_points(occ, 1), 2);
	assert_near(criterion_sheet_points(occ, 2), 4);
	assert_near(criterion_sheet_points(occ, 3), 6);	  /* exactly at the cap */
	assert_near(criterion_sheet_points(occ, 4), 6);	  /* over it */
	assert_near(criterion_sheet_points(occ, 1000), 6);

	/* 0.5 each up to 1.25: 2 → 1.00, 3 → 1.50 capped at 1.25 */
	struct criterion half = per_occ("H", "", 1.25, 0.5);
	assert_near(criterion_sheet_points(&half, 2), 1);
	assert_near(criterion_sheet_points(&half, 3), 1.25);

	assert_near(criterion_sheet_points(bonus, 4), 4);
	assert_near(criterion_sheet_points(bonus, 2.25), 2.25);
	assert_near(criterion_sheet_points(penalty, 1.5), 1.5); /* deducted later */
	assert_near(criterion_sheet_points(penalty, 9), 4);
}

static void test_quantitative_points(void **state)
{
	(void)state;
	/* max 20, target 100, the best unit reached 150 */
	assert_near(criterion_quantitative_points(20, 100, 150, 100), 10); /* at target: half */
	/* just below: 0.5 × 20 × 99 / 100 = 9.9 */
	assert_near(criterion_quantitative_points(20, 100, 150, 99), 9.9);
	assert_near(criterion_quantitative_points(20, 100, 150, 99.99), 9.999);
	/* halfway between target and best: 10 + 10 × (125 − 100) / (150 − 100) = 15 */
	assert_near(criterion_quantitative_points(20, 100, 150, 125), 15);
	/* 10 + 10 × 10 / 50 = 12 */
	assert_near(criterion_quantitative_points(20, 100, 150, 110), 12);
	assert_near(criterion_quantitative_points(20, 100, 150, 150), 20); /* at best: the max */
	assert_near(criterion_quantitative_points(20, 100, 150, 0), 0);
	/* above the best (impossible in a ranking: the best is the highest) */
	assert_near(criterion_quantitative_points(20, 100, 150, 200), 20);
	/* half of target: 0.5 × 20 × 50 / 100 = 5 */
	assert_near(criterion_quantitative_points(20, 100, 150, 50), 5);

	/* best == target: at the target the full max, no division by zero */
	assert_near(criterion_quantitative_points(20, 100, 100, 100), 20);
	assert_near(criterion_quantitative_points(20, 100, 100, 99), 9.9);
	assert_near(criterion_quantitative_points(20, 100, 100, 0), 0);

	/* nobody reached the target (best 80): everyone below gets the low slope */
	assert_near(criterion_quantitative_points(20, 100, 80, 80), 16 * 0.5); /* 0.5×20×0.8 */
	assert_near(criterion_quantitative_points(20, 100, 80, 40), 4);

	/* a third: 0.5 × 10 × 1 / 3 = 1.6666… → 1.67 */
	double third = criterion_quantitative_points(10, 3, 6, 1);
	assert_near(third, 5.0 / 3.0);
	assert_int_equal(points_to_centi(third), 167);
	/* 5 + 5 × (4 − 3) / (6 − 3) = 6.6666… → 6.67 */
	assert_int_equal(points_to_centi(criterion_quantitative_points(10, 3, 6, 4)), 667);
}

static void test_centi_points(void **state)
{
	(void)state;
	assert_int_equal(points_to_centi(0), 0);
	assert_int_equal(points_to_centi(7.5), 750);
	assert_int_equal(points_to_centi(1000), 100000);
	assert_int_equal(points_to_centi(0.29), 29);
	assert_int_equal(points_to_centi(0.1 + 0.2), 30);
	assert_int_equal(points_to_centi(1.0 / 3.0), 33);
	assert_int_equal(points_to_centi(2.0 / 3.0), 67);
	assert_int_equal(points_to_centi(-2.0 / 3.0), -67);
	/* half a centi-point: away from zero */
	assert_int_equal(points_to_centi(0.125), 13);
	assert_int_equal(points_to_centi(-0.125), -13);
	assert_int_equal(points_to_centi(2.675), 268);
	/* 1.005 × 100 is 100.49999999999999 in binary; still the decimal half */
	assert_int_equal(points_to_centi(1.005), 101);
	assert_int_equal(points_to_centi(-1.005), -101);
	assert_int_equal(points_to_centi((1.00 + 1.01) / 2), 101); /* a mean of two entries */
	assert_int_equal(points_to_centi(0.004999), 0);

	assert_true(points_two_decimals(0));
	assert_true(points_two_decimals(10));
	assert_true(points_two_decimals(0.29));
	assert_true(points_two_decimals(0.1 + 0.2));
	assert_true(points_two_decimals(999.99));
	assert_true(points_two_decimals(1000));
	assert_false(points_two_decimals(0.001));
	assert_false(points_two_decimals(1.005));
	assert_false(points_two_decimals(999.999));
	assert_false(points_two_decimals(1.0 / 3.0));
}

/* One unit (id 1) scores itself; the ranking's points are the table's arithmetic. */
static void rank_one(struct criterion *items, size_t n, const double *entries,
		     struct ranking *rk)
{
	struct error e;
	assert_int_equal(criteria_validate(items, n, &e), 0);
	struct criteria_table t = {items, n, 1};
	struct score_entry s[16];
	size_t k = 0;
	assert_true(n <= 16);
	for (size_t i = 0; i < n; i++) {
		if (items[i].kind == CRIT_GROUP || entries[i] < 0)
			continue;
		memset(&s[k], 0, sizeof s[k]);
		s[k].scored_org_id = s[k].scoring_org_id = 1;
		s[k].criterion = (int)i;
		s[k].value = entries[i];
		s[k].has_value = 1;
		k++;
	}
	const int64_t members[] = {1};
	struct tie_rule ties = tie_rule_default();
	assert_int_equal(ranking_compute(&t, members, 1, s, k, FINAL_REVIEWED_SELF, &ties, rk, &e),
			 0);
	assert_int_equal(rk->n, 1);
	assert_int_equal(rk->n_items, n);
}

static void test_group_caps(void **state)
{
	(void)state;
	struct criterion t[FULL_N];
	struct ranking rk;

	/*
	** Everything at its maximum:
	**   I: 10 + 20 (value 150 is the best) + 5 + 6 (3 × 2) = 41
	**   II: 30
	**   B: 3 + 4 = 7 → clamped to +5
	**   P: 3 + 4 = 7 deducted → clamped to −5
	**   total 41 + 30 + 5 − 5 = 71, base 71
	*/
	full_table(t);
	const double all[FULL_N] = {-1, 10, 150, 1, 3, -1, 30, -1, 3, 4, -1, 3, 4};
	rank_one(t, FULL_N, all, &rk);
	const int64_t want_all[FULL_N] = {4100, 1000, 2000, 500, 600, 3000, 3000,
					  500,	300,  400,  -500, 300, 400};
	for (int i = 0; i < FULL_N; i++)
		assert_int_equal(rk.points[i], want_all[i]);
	assert_int_equal(rk.rows[0].total, 7100);
	assert_int_equal(rk.rows[0].base, 7100);
	assert_int_equal(rk.rows[0].rank, 1);
	ranking_free(&rk);

	/*
	** Under the caps: I.1 7.5, quantitative 60 (the best, yet below the
	** target: 0.5 × 20 × 60 / 100 = 6), pass_fail failed, 1 occurrence (2),
	** B.1 2, P.2 1.25.
	**   I: 7.5 + 6 + 0 + 2 = 15.5; II: 12.34; B: +2; P: −1.25
	**   total 15.5 + 12.34 + 2 − 1.25 = 28.59; base 27.84
	*/
	full_table(t);
	const double some[FULL_N] = {-1, 7.5, 60, 0, 1, -1, 12.34, -1, 2, -1, -1, -1, 1.25};
	rank_one(t, FULL_N, some, &rk);
	assert_int_equal(rk.points[0], 1550);
	assert_int_equal(rk.points[2], 600);
	assert_int_equal(rk.points[5], 1234);
	assert_int_equal(rk.points[7], 200);
	assert_int_equal(rk.points[10], -125);
	assert_int_equal(rk.rows[0].total, 2859);
	assert_int_equal(rk.rows[0].base, 2784);
	assert_int_equal(rk.rows[0].bonus, 200);
	assert_int_equal(rk.rows[0].penalty, 125);
	ranking_free(&rk);

	/* exactly at the caps: B 1 + 4 = 5, P 2 + 3 = 5 */
	full_table(t);
	const double at[FULL_N] = {-1, 0, 0, 0, 0, -1, 10, -1, 1, 4, -1, 2, 3};
	rank_one(t, FULL_N, at, &rk);
	assert_int_equal(rk.points[7], 500);
	assert_int_equal(rk.points[10], -500);
	assert_int_equal(rk.rows[0].total, 1000);
	ranking_free(&rk);

	/*
	** A capped points group holding a bonus, and a nested cap:
	**   A (cap 10): A.1 (cap 6): 5 + 4 = 9 → 6; A.2 3; A.3 bonus 2 → 11 → 10
	**   base: A.1 6 + A.2 3 = 9 (under the cap); total 10
	*/
	struct criterion n[6] = {
		crit("A", "", CRIT_GROUP, 10),	      crit("A.1", "A", CRIT_GROUP, 6),
		crit("A.1.a", "A.1", CRIT_POINTS, 5), crit("A.1.b", "A.1", CRIT_POINTS, 5),
		crit("A.2", "A", CRIT_POINTS, 3),     crit("A.3", "A", CRIT_BONUS, 2),
	};
	const double nv[6] = {-1, -1, 5, 4, 3, 2};
	rank_one(n, 6, nv, &rk);
	assert_int_equal(rk.points[0], 1000);
	assert_int_equal(rk.points[1], 600);
	assert_int_equal(rk.points[2], 500);
	assert_int_equal(rk.points[3], 400);
	assert_int_equal(rk.rows[0].total, 1000);
	assert_int_equal(rk.rows[0].base, 900);
	/* the most a unit can earn leaves the bonus out: min(10, 6 + 3) = 9 */
	assert_int_equal(criteria_max_total(n, 6), 900);
	ranking_free(&rk);

	/*
	** A penalty group nested in a points group: its −7 is clamped to −5
	** before it reaches its parent. G: 20 − 5 = 15.
	*/
	struct criterion p[5] = {
		crit("G", "", CRIT_GROUP, 0),	     crit("G.1", "G", CRIT_POINTS, 20),
		crit("G.P", "G", CRIT_GROUP, 5),     crit("G.P.1", "G.P", CRIT_PENALTY, 4),
		crit("G.P.2", "G.P", CRIT_PENALTY, 3),
	};
	const double pv[5] = {-1, 20, -1, 4, 3};
	rank_one(p, 5, pv, &rk);
	assert_int_equal(rk.points[2], -500);
	assert_int_equal(rk.points[0], 1500);
	assert_int_equal(rk.rows[0].total, 1500);
	assert_int_equal(rk.rows[0].base, 2000);
	ranking_free(&rk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_validate_valid_table),
		cmocka_unit_test(test_validate_codes_and_names),
		cmocka_unit_test(test_validate_tree),
		cmocka_unit_test(test_validate_depth),
		cmocka_unit_test(test_validate_numbers),
		cmocka_unit_test(test_validate_too_many),
		cmocka_unit_test(test_max_total),
		cmocka_unit_test(test_entry_check),
		cmocka_unit_test(test_sheet_points),
		cmocka_unit_test(test_quantitative_points),
		cmocka_unit_test(test_centi_points),
		cmocka_unit_test(test_group_caps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
