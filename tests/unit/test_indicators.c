/*
** Indicators and reports (domain/indicator.h): the change on the year
** before at its edges (previous missing or 0, a fall, tiny and huge
** figures), how a unit's figure for a year is picked and how figures roll
** up (avg over nobody is null), the moves of a report, the registry's
** agreement, and the validation of the catalog.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"

#include "domain/indicator.h"

static struct change change_of(int has_v, double v, int has_p, double p)
{
	struct change c;
	indicator_change(has_v, v, has_p, p, &c);
	return c;
}

static void test_change_plain(void **state)
{
	(void)state;
	/* the cluster: 31,000 new party members, +13.7 % on the year before */
	struct change c = change_of(1, 31000, 1, 27264);
	assert_true(c.has_change && c.has_pct);
	assert_true(c.change == 3736);
	assert_true(c.pct == 13.7);
	c = change_of(1, 1635, 1, 1214);
	assert_true(c.pct == 34.68); /* 34.6787… rounded to two decimals */
	c = change_of(1, 2, 1, 3);
	assert_true(c.pct == -33.33); /* a fall is negative, rounded away from zero */
	c = change_of(1, 1, 1, 3);
	assert_true(c.change == -2 && c.pct == -66.67);
	c = change_of(1, 0, 1, 5);
	assert_true(c.change == -5 && c.pct == -100);
	c = change_of(1, 7, 1, 7);
	assert_true(c.change == 0 && c.pct == 0 && !signbit(c.pct));
}

static void test_change_nulls(void **state)
{
	(void)state;
	/* previous 0: the change exists, the percentage does not (never inf) */
	struct change c = change_of(1, 12, 1, 0);
	assert_true(c.has_value && c.has_previous && c.has_change);
	assert_true(c.change == 12);
	assert_false(c.has_pct);
	c = change_of(1, 0, 1, 0);
	assert_true(c.has_change && c.change == 0);
	assert_false(c.has_pct); /* 0/0 is not a number */
	/* previous missing: no change, no percentage */
	c = change_of(1, 12, 0, 0);
	assert_true(c.has_value);
	assert_false(c.has_previous || c.has_change || c.has_pct);
	/* value missing (nobody reported this year) */
	c = change_of(0, 0, 1, 12);
	assert_true(c.has_previous);
	assert_false(c.has_value || c.has_change || c.has_pct);
	c = change_of(0, 0, 0, 0);
	assert_false(c.has_value || c.has_previous || c.has_change || c.has_pct);
}

static void test_change_extremes(void **state)
{
	(void)state;
	/* tiny previous: a huge but finite percentage */
	struct change c = change_of(1, 1, 1, 1e-9);
	assert_true(c.has_pct && isfinite(c.pct));
	assert_true(fabs(c.pct - 99999999900.0) < 1); /* (1 − 1e-9) / 1e-9 × 100 */
	/* tiny change on a huge base rounds to 0, not -0 */
	c = change_of(1, 1e15, 1, 1e15 - 1);
	assert_true(c.change == 1);
	assert_true(c.has_pct && c.pct == 0 && !signbit(c.pct));
	c = change_of(1, 1e15 - 1, 1, 1e15);
	assert_true(c.pct == 0 && !signbit(c.pct));
	/* the largest values allowed */
	c = change_of(1, INDICATOR_VALUE_MAX, 1, 1);
	assert_true(c.has_pct && isfinite(c.pct));
	assert_true(c.pct == (INDICATOR_VALUE_MAX - 1) * 100);
	/* a quotient that overflows is null, never inf */
	c = change_of(1, 1e300, 1, 1e-300);
	assert_true(c.has_change);
	assert_false(c.has_pct);
	/* fractions keep two decimals */
	c = change_of(1, 0.3, 1, 0.1);
	assert_true(c.pct == 200);
	c = change_of(1, 1.005, 1, 1);
	assert_true(c.pct == 0.5 || c.pct == 0.49 || c.pct == 0.51);
}

static void test_unit_value(void **state)
{
	(void)state;
	const struct year_value v[] = {{2021, 5}, {2022, 7}, {2024, 9}};
	double x = -1;
	/* sum and avg: the year itself, nothing else */
	assert_true(indicator_unit_value(AGG_SUM, v, 3, 2022, &x) && x == 7);
	assert_false(indicator_unit_value(AGG_SUM, v, 3, 2023, &x));
	assert_false(indicator_unit_value(AGG_AVG, v, 3, 2020, &x));
	assert_false(indicator_unit_value(AGG_SUM, v, 3, 2025, &x));
	/* last: the latest up to the year (a stock carries over a missing year) */
	assert_true(indicator_unit_value(AGG_LAST, v, 3, 2023, &x) && x == 7);
	assert_true(indicator_unit_value(AGG_LAST, v, 3, 2030, &x) && x == 9);
	assert_true(indicator_unit_value(AGG_LAST, v, 3, 2021, &x) && x == 5);
	assert_false(indicator_unit_value(AGG_LAST, v, 3, 2020, &x));
	assert_false(indicator_unit_value(AGG_LAST, v, 0, 2024, &x));
}

static void test_rollup(void **state)
{
	(void)state;
	struct rollup r = {0, 0};
	double x = -1;
	/* nobody reported: null for every aggregate, not 0 (and no 0/0 for avg) */
	assert_false(rollup_value(AGG_SUM, &r, &x));
	assert_false(rollup_value(AGG_AVG, &r, &x));
	assert_false(rollup_value(AGG_LAST, &r, &x));
	assert_true(x == -1);
	rollup_add(&r, 10);
	rollup_add(&r, 0);
	rollup_add(&r, 5);
	assert_true(rollup_value(AGG_SUM, &r, &x) && x == 15);
	assert_true(rollup_value(AGG_LAST, &r, &x) && x == 15);
	assert_true(rollup_value(AGG_AVG, &r, &x) && x == 5); /* over the three that reported */
	assert_int_equal(r.units, 3);
}

static void test_report_moves(void **state)
{
	(void)state;
	struct error e;
	enum report_status to;
	/* the unit saves and submits, again and again, until accepted */
	assert_int_equal(report_move_check(0, REPORT_DRAFT, MOVE_SAVE_DRAFT, &to, &e), 0);
	assert_int_equal(to, REPORT_DRAFT);
	assert_int_equal(report_move_check(0, REPORT_DRAFT, MOVE_SUBMIT, &to, &e), 0);
	assert_int_equal(to, REPORT_SUBMITTED);
	assert_int_equal(report_move_check(1, REPORT_SUBMITTED, MOVE_SUBMIT, &to, &e), 0);
	assert_int_equal(report_move_check(1, REPORT_SUBMITTED, MOVE_SAVE_DRAFT, &to, &e), 0);
	assert_int_equal(to, REPORT_DRAFT);
	assert_fails(report_move_check(1, REPORT_ACCEPTED, MOVE_SUBMIT, &to, &e), e,
		     ERR_CONFLICT, "report_accepted", "status");
	assert_fails(report_move_check(1, REPORT_ACCEPTED, MOVE_SAVE_DRAFT, &to, &e), e,
		     ERR_CONFLICT, "report_accepted", "status");
	/* the authority accepts what was submitted, nothing else */
	assert_int_equal(report_move_check(1, REPORT_SUBMITTED, MOVE_ACCEPT, &to, &e), 0);
	assert_int_equal(to, REPORT_ACCEPTED);
	assert_fails(report_move_check(1, REPORT_DRAFT, MOVE_ACCEPT, &to, &e), e, ERR_CONFLICT,
		     "not_submitted", "status");
	assert_fails(report_move_check(1, REPORT_ACCEPTED, MOVE_ACCEPT, &to, &e), e,
		     ERR_CONFLICT, "not_submitted", "status");
	/* returns a submitted one, or reopens an accepted one; a draft is the unit's */
	assert_int_equal(report_move_check(1, REPORT_SUBMITTED, MOVE_RETURN, &to, &e), 0);
	assert_int_equal(to, REPORT_DRAFT);
	assert_int_equal(report_move_check(1, REPORT_ACCEPTED, MOVE_RETURN, &to, &e), 0);
	assert_int_equal(to, REPORT_DRAFT);
	assert_fails(report_move_check(1, REPORT_DRAFT, MOVE_RETURN, &to, &e), e, ERR_CONFLICT,
		     "not_submitted", "status");
}

static struct indicator an_indicator(const char *code, enum aggregate a, enum derived d)
{
	struct indicator ind;
	memset(&ind, 0, sizeof ind);
	snprintf(ind.code, sizeof ind.code, "%s", code);
	snprintf(ind.name, sizeof ind.name, "Đảng viên mới kết nạp");
	snprintf(ind.unit, sizeof ind.unit, "người");
	ind.aggregate = a;
	ind.derived_from = d;
	return ind;
}

static void test_registry_agrees(void **state)
{
	(void)state;
	struct error e;
	struct indicator ind = an_indicator("party_members_new", AGG_SUM, DERIVED_PARTY_ADMISSIONS);
	assert_int_equal(registry_agrees(&ind, 12, 12, &e), 0);
	assert_fails(registry_agrees(&ind, 13, 12, &e), e, ERR_CONFLICT, "registry_mismatch",
		     "values.party_members_new");
	assert_non_null(strstr(e.message, "13"));
	assert_non_null(strstr(e.message, "12"));
	assert_fails(registry_agrees(&ind, 12.5, 12, &e), e, ERR_CONFLICT, "registry_mismatch",
		     "values.party_members_new");
	/* an indicator the registry does not count is never compared */
	ind.derived_from = DERIVED_NONE;
	assert_int_equal(registry_agrees(&ind, 13, 12, &e), 0);
}

static void test_indicator_validate(void **state)
{
	(void)state;
	struct error e;
	struct indicator ind = an_indicator("models_new", AGG_SUM, DERIVED_NONE);
	assert_int_equal(indicator_validate(&ind, &e), 0);
	const char *bad[] = {"", "Models", "mô_hình", "models-new", "a b", "x.y"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ind = an_indicator(bad[i], AGG_SUM, DERIVED_NONE);
		assert_fails(indicator_validate(&ind, &e), e, ERR_INVALID, "invalid_code", "code");
	}
	ind = an_indicator("a234567890123456789012345678901234567890", AGG_AVG, DERIVED_NONE);
	assert_int_equal(indicator_validate(&ind, &e), 0); /* 40 characters */
	assert_fails(indicator_code_check("a2345678901234567890123456789012345678901", "code", &e),
		     e, ERR_INVALID, "invalid_code", "code");
	ind = an_indicator("x", AGG_SUM, DERIVED_NONE);
	ind.name[0] = 0;
	assert_fails(indicator_validate(&ind, &e), e, ERR_INVALID, "required", "name");
	ind = an_indicator("x", AGG_SUM, DERIVED_NONE);
	ind.unit[0] = 0;
	assert_fails(indicator_validate(&ind, &e), e, ERR_INVALID, "required", "unit");
	/* a registry count adds up: never a mean */
	ind = an_indicator("x", AGG_AVG, DERIVED_PARTY_MEMBERS);
	assert_fails(indicator_validate(&ind, &e), e, ERR_INVALID, "invalid_value", "aggregate");
	ind = an_indicator("x", AGG_LAST, DERIVED_PARTY_MEMBERS);
	assert_int_equal(indicator_validate(&ind, &e), 0);
}

static void test_values_and_years(void **state)
{
	(void)state;
	struct error e;
	assert_int_equal(indicator_value_check(0, "values.x", &e), 0);
	assert_int_equal(indicator_value_check(1e15, "values.x", &e), 0);
	assert_int_equal(indicator_value_check(0.25, "values.x", &e), 0);
	assert_fails(indicator_value_check(-1, "values.x", &e), e, ERR_INVALID, "out_of_range",
		     "values.x");
	assert_fails(indicator_value_check(1e16, "values.x", &e), e, ERR_INVALID,
		     "out_of_range", "values.x");
	assert_fails(indicator_value_check(NAN, "values.x", &e), e, ERR_INVALID, "out_of_range",
		     "values.x");
	assert_fails(indicator_value_check(INFINITY, "values.x", &e), e, ERR_INVALID,
		     "out_of_range", "values.x");
	assert_int_equal(report_year_check(2026, 2026, &e), 0);
	assert_int_equal(report_year_check(2000, 2026, &e), 0);
	assert_fails(report_year_check(2027, 2026, &e), e, ERR_INVALID, "out_of_range", "year");
	assert_fails(report_year_check(1999, 2026, &e), e, ERR_INVALID, "out_of_range", "year");
}

static void test_names(void **state)
{
	(void)state;
	enum aggregate a;
	enum derived d;
	enum report_status s;
	assert_int_equal(aggregate_parse("last", &a), 0);
	assert_int_equal(a, AGG_LAST);
	assert_int_equal(aggregate_parse("mean", &a), -1);
	assert_int_equal(derived_parse("party_members", &d), 0);
	assert_string_equal(derived_name(d), "party_members");
	assert_int_equal(report_status_parse("accepted", &s), 0);
	assert_string_equal(report_status_name(s), "accepted");
	assert_int_equal(report_status_parse("returned", &s), -1);
	assert_int_equal(report_status_parse(NULL, &s), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_change_plain),
		cmocka_unit_test(test_change_nulls),
		cmocka_unit_test(test_change_extremes),
		cmocka_unit_test(test_unit_value),
		cmocka_unit_test(test_rollup),
		cmocka_unit_test(test_report_moves),
		cmocka_unit_test(test_registry_agrees),
		cmocka_unit_test(test_indicator_validate),
		cmocka_unit_test(test_values_and_years),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
