/*
** Exemplary models (domain/model.h): a model's rules, retirement and
** review, the period a compilation covers, and the statistics arithmetic
** with its reconciliation identity over generated sets of models.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"

#include "core/error.h"
#include "domain/model.h"

#define THIS_YEAR 2026

static struct model a_model(void)
{
	struct model m;
	memset(&m, 0, sizeof m);
	snprintf(m.name, sizeof m.name, "Dân vận khéo trong xây dựng nông thôn mới");
	snprintf(m.field, sizeof m.field, "Kinh tế");
	m.org_id = 7;
	m.year = 2021;
	return m;
}

static void test_model_validate(void **state)
{
	(void)state;
	struct error e;
	struct model m = a_model();
	assert_int_equal(model_validate(&m, THIS_YEAR, &e), 0);
	m.year = 1944;
	assert_fails(model_validate(&m, THIS_YEAR, &e), e, ERR_INVALID, "out_of_range", "year");
	m.year = 1945;
	assert_int_equal(model_validate(&m, THIS_YEAR, &e), 0);
	m.year = THIS_YEAR + 1;
	assert_fails(model_validate(&m, THIS_YEAR, &e), e, ERR_INVALID, "out_of_range", "year");
	m = a_model();
	m.name[0] = 0;
	assert_fails(model_validate(&m, THIS_YEAR, &e), e, ERR_INVALID, "required", "name");
	m = a_model();
	m.field[0] = 0;
	assert_fails(model_validate(&m, THIS_YEAR, &e), e, ERR_INVALID, "required", "field");
	/* an active model carries no retirement */
	m = a_model();
	m.retired_year = 2022;
	assert_fails(model_validate(&m, THIS_YEAR, &e), e, ERR_INVALID, "not_retired",
		     "retired_year");
	/* a retired one: a year not before its own, a reason, a date in that year */
	m = a_model();
	m.status = MODEL_RETIRED;
	m.retired_year = 2020;
	snprintf(m.retired_reason, sizeof m.retired_reason, "Không còn hiệu quả");
	assert_fails(model_validate(&m, THIS_YEAR, &e), e, ERR_INVALID, "out_of_range",
		     "retired_year");
	m.retired_year = 2021;
	assert_int_equal(model_validate(&m, THIS_YEAR, &e), 0);
	m.retired_reason[0] = 0;
	assert_fails(model_validate(&m, THIS_YEAR, &e), e, ERR_INVALID, "required",
		     "retired_reason");
	snprintf(m.retired_reason, sizeof m.retired_reason, "Sáp nhập đơn vị");
	snprintf(m.retired_on, sizeof m.retired_on, "2022-03-01");
	assert_fails(model_validate(&m, THIS_YEAR, &e), e, ERR_INVALID, "year_date_mismatch",
		     "retired_on");
	snprintf(m.retired_on, sizeof m.retired_on, "2021-02-30");
	assert_fails(model_validate(&m, THIS_YEAR, &e), e, ERR_INVALID, "invalid_date",
		     "retired_on");
}

static void test_model_retire(void **state)
{
	(void)state;
	struct error e;
	int year = 0;
	assert_int_equal(model_retire_year(0, "2024-05-06", &year, &e), 0);
	assert_int_equal(year, 2024);
	assert_int_equal(model_retire_year(2023, "", &year, &e), 0);
	assert_int_equal(year, 2023);
	assert_fails(model_retire_year(0, "", &year, &e), e, ERR_INVALID, "required", "year");
	assert_fails(model_retire_year(2023, "2024-05-06", &year, &e), e, ERR_INVALID,
		     "year_date_mismatch", "date");
	assert_fails(model_retire_year(0, "2024-13-01", &year, &e), e, ERR_INVALID,
		     "invalid_date", "date");

	struct model m = a_model();
	assert_fails(model_retire(&m, 2020, "", "Không hiệu quả", THIS_YEAR, &e), e,
		     ERR_INVALID, "out_of_range", "year");
	assert_int_equal(m.status, MODEL_ACTIVE); /* unchanged on failure */
	assert_fails(model_retire(&m, 2023, "", "", THIS_YEAR, &e), e, ERR_INVALID, "required",
		     "reason");
	/* recognized and retired in the same year is allowed */
	assert_int_equal(model_retire(&m, 2021, "2021-12-20", "Không hiệu quả", THIS_YEAR, &e), 0);
	assert_int_equal(m.status, MODEL_RETIRED);
	assert_int_equal(m.retired_year, 2021);
	assert_string_equal(m.retired_on, "2021-12-20");
	assert_fails(model_retire(&m, 2022, "", "Lần nữa", THIS_YEAR, &e), e, ERR_CONFLICT,
		     "already_retired", "");
}

static void test_model_review(void **state)
{
	(void)state;
	struct error e;
	struct model m = a_model();
	struct model_review r;
	memset(&r, 0, sizeof r);
	r.year = 2023;
	r.outcome = REVIEW_KEEP;
	assert_int_equal(model_review_validate(&m, &r, THIS_YEAR, &e), 0);
	r.year = 2020;
	assert_fails(model_review_validate(&m, &r, THIS_YEAR, &e), e, ERR_INVALID,
		     "out_of_range", "year");
	r.year = 2024;
	r.outcome = REVIEW_RETIRE;
	assert_fails(model_review_validate(&m, &r, THIS_YEAR, &e), e, ERR_INVALID, "required",
		     "note");
	snprintf(r.note, sizeof r.note, "Mô hình không duy trì được");
	assert_int_equal(model_review_validate(&m, &r, THIS_YEAR, &e), 0);
	m.status = MODEL_RETIRED;
	m.retired_year = 2023;
	r.outcome = REVIEW_STRENGTHEN;
	assert_fails(model_review_validate(&m, &r, THIS_YEAR, &e), e, ERR_CONFLICT,
		     "already_retired", "");

	enum review_outcome o;
	assert_int_equal(review_outcome_parse("strengthen", &o), 0);
	assert_int_equal(o, REVIEW_STRENGTHEN);
	assert_int_equal(review_outcome_parse("drop", &o), -1);
	assert_string_equal(review_outcome_name(REVIEW_RETIRE), "retire");
	enum model_status s;
	assert_int_equal(model_status_parse("retired", &s), 0);
	assert_int_equal(s, MODEL_RETIRED);
	assert_int_equal(model_status_parse("Retired", &s), -1);
}

static void test_compilation_period(void **state)
{
	(void)state;
	struct error e;
	assert_int_equal(compilation_period_validate(2021, 2025, THIS_YEAR, &e), 0);
	assert_int_equal(compilation_period_validate(2025, 2025, THIS_YEAR, &e), 0);
	assert_fails(compilation_period_validate(2025, 2021, THIS_YEAR, &e), e, ERR_INVALID,
		     "invalid_period", "to_year");
	assert_fails(compilation_period_validate(1900, 2021, THIS_YEAR, &e), e, ERR_INVALID,
		     "out_of_range", "from_year");
	assert_fails(compilation_period_validate(2021, THIS_YEAR + 1, THIS_YEAR, &e), e,
		     ERR_INVALID, "out_of_range", "to_year");
	/* active at some time in 2021..2025 */
	assert_true(model_active_during(2019, 0, 2021, 2025));
	assert_true(model_active_during(2025, 0, 2021, 2025));
	assert_false(model_active_during(2026, 0, 2021, 2025));
	assert_true(model_active_during(2019, 2021, 2021, 2025)); /* retired in the period */
	assert_false(model_active_during(2018, 2020, 2021, 2025)); /* retired before it */
}

static struct model_counts counts_of(const struct model_fact *f, size_t n, int year)
{
	struct model_counts c;
	memset(&c, 0, sizeof c);
	model_counts_add(&c, f, n, year);
	return c;
}

static void assert_counts(struct model_counts c, int64_t new_, int64_t retired,
			  int64_t active_start, int64_t active_end, int64_t total_ever)
{
	assert_int_equal(c.new_, new_);
	assert_int_equal(c.retired, retired);
	assert_int_equal(c.active_start, active_start);
	assert_int_equal(c.active_end, active_end);
	assert_int_equal(c.total_ever, total_ever);
}

static void test_counts_by_hand(void **state)
{
	(void)state;
	const struct model_fact f[] = {
		{2020, 0, 3},    /* active since 2020 */
		{2021, 2021, 2}, /* recognized and retired in 2021 */
		{2021, 2023, 4}, /* 2021 .. retired 2023 */
		{2022, 0, 5},
		{2024, 0, 1},    /* after every year below but the last */
	};
	size_t n = sizeof f / sizeof f[0];
	assert_counts(counts_of(f, n, 2019), 0, 0, 0, 0, 0);
	assert_counts(counts_of(f, n, 2020), 3, 0, 0, 3, 3);
	/* 2021: 6 new, 2 of them retired at once: 3 + 6 − 2 = 7 */
	assert_counts(counts_of(f, n, 2021), 6, 2, 3, 7, 9);
	assert_counts(counts_of(f, n, 2022), 5, 0, 7, 12, 14);
	assert_counts(counts_of(f, n, 2023), 0, 4, 12, 8, 14);
	assert_counts(counts_of(f, n, 2024), 1, 0, 8, 9, 15);
	/* counts accumulate: two calls add up */
	struct model_counts c = counts_of(f, 2, 2021);
	model_counts_add(&c, f + 2, n - 2, 2021);
	assert_counts(c, 6, 2, 3, 7, 9);
	struct error e;
	assert_int_equal(model_counts_reconcile(&c, &e), 0);
	c.active_end++;
	assert_fails(model_counts_reconcile(&c, &e), e, ERR_INTERNAL, "statistics_mismatch", "");
}

static unsigned next(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

/*
** Random sets of models (years 2000..2030, about a third retired, often in
** the year they were recognized): for every year the identity holds, the
** figures match their definitions counted one model at a time, and the
** counts of a split set add up to those of the whole.
*/
static void test_counts_reconcile_generated(void **state)
{
	(void)state;
	unsigned seed = 6;
	for (int round = 0; round < 200; round++) {
		struct model_fact f[64];
		size_t n = 1 + next(&seed) % 64;
		for (size_t i = 0; i < n; i++) {
			f[i].year = 2000 + (int)(next(&seed) % 31);
			unsigned how = next(&seed) % 6;
			f[i].retired_year = how < 4 ? 0
					    : how == 4 ? f[i].year
						       : f[i].year + (int)(next(&seed) % (2031 - f[i].year));
			f[i].count = 1 + next(&seed) % 5;
		}
		size_t cut = next(&seed) % (n + 1);
		for (int y = 1999; y <= 2031; y++) {
			struct model_counts c = counts_of(f, n, y);
			struct error e;
			assert_int_equal(model_counts_reconcile(&c, &e), 0);
			struct model_counts want;
			memset(&want, 0, sizeof want);
			for (size_t i = 0; i < n; i++) {
				int rec = f[i].year, ret = f[i].retired_year;
				int64_t k = f[i].count;
				want.new_ += rec == y ? k : 0;
				want.retired += ret == y ? k : 0;
				want.total_ever += rec <= y ? k : 0;
				want.active_start += rec < y && (!ret || ret >= y) ? k : 0;
				want.active_end += rec <= y && (!ret || ret > y) ? k : 0;
			}
			assert_memory_equal(&c, &want, sizeof c);
			struct model_counts a = counts_of(f, cut, y), b = counts_of(f + cut, n - cut, y);
			model_counts_sum(&a, &b);
			assert_memory_equal(&a, &c, sizeof c);
			/* the end of one year is the start of the next */
			struct model_counts later = counts_of(f, n, y + 1);
			assert_int_equal(later.active_start, c.active_end);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_validate),
		cmocka_unit_test(test_model_retire),
		cmocka_unit_test(test_model_review),
		cmocka_unit_test(test_compilation_period),
		cmocka_unit_test(test_counts_by_hand),
		cmocka_unit_test(test_counts_reconcile_generated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
