/*
** The rules of an emulation movement on its own (domain/movement.h): its
** period and where it stands on a given day.
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
#include "domain/movement.h"

static struct movement a_movement(void)
{
	struct movement m;
	memset(&m, 0, sizeof m);
	m.org_id = 1;
	snprintf(m.name, sizeof m.name, "Dân vận khéo");
	snprintf(m.starts_on, sizeof m.starts_on, "2021-01-01");
	snprintf(m.ends_on, sizeof m.ends_on, "2025-12-31");
	return m;
}

static void test_movement_validate(void **state)
{
	(void)state;
	struct error e;
	struct movement m = a_movement();
	assert_int_equal(movement_validate(&m, 2026, &e), 0);

	m.name[0] = 0;
	assert_fails(movement_validate(&m, 2026, &e), e, ERR_INVALID, "required", "name");
	m = a_movement();
	m.org_id = 0;
	assert_fails(movement_validate(&m, 2026, &e), e, ERR_INVALID, "required", "org_id");

	m = a_movement();
	m.starts_on[0] = 0;
	assert_fails(movement_validate(&m, 2026, &e), e, ERR_INVALID, "required", "starts_on");
	snprintf(m.starts_on, sizeof m.starts_on, "2023-02-29");
	assert_fails(movement_validate(&m, 2026, &e), e, ERR_INVALID, "invalid_date", "starts_on");
	snprintf(m.starts_on, sizeof m.starts_on, "2024-02-29");
	assert_int_equal(movement_validate(&m, 2026, &e), 0);
	snprintf(m.ends_on, sizeof m.ends_on, "2025-12-32");
	assert_fails(movement_validate(&m, 2026, &e), e, ERR_INVALID, "invalid_date", "ends_on");

	/* one day is a period; the day before the start is not */
	m = a_movement();
	snprintf(m.ends_on, sizeof m.ends_on, "2021-01-01");
	assert_int_equal(movement_validate(&m, 2026, &e), 0);
	snprintf(m.ends_on, sizeof m.ends_on, "2020-12-31");
	assert_fails(movement_validate(&m, 2026, &e), e, ERR_INVALID, "ends_before_start",
		     "ends_on");
}

static void test_movement_years(void **state)
{
	(void)state;
	struct error e;
	struct movement m = a_movement();
	/* a start from 2000 to next year */
	snprintf(m.starts_on, sizeof m.starts_on, "1999-12-31");
	assert_fails(movement_validate(&m, 2026, &e), e, ERR_INVALID, "out_of_range", "starts_on");
	snprintf(m.starts_on, sizeof m.starts_on, "2000-01-01");
	snprintf(m.ends_on, sizeof m.ends_on, "2000-12-31");
	assert_int_equal(movement_validate(&m, 2026, &e), 0);
	snprintf(m.starts_on, sizeof m.starts_on, "2027-01-01");
	snprintf(m.ends_on, sizeof m.ends_on, "2027-12-31");
	assert_int_equal(movement_validate(&m, 2026, &e), 0);
	snprintf(m.starts_on, sizeof m.starts_on, "2028-01-01");
	snprintf(m.ends_on, sizeof m.ends_on, "2028-12-31");
	assert_fails(movement_validate(&m, 2026, &e), e, ERR_INVALID, "out_of_range", "starts_on");

	/* an end at most ten years after the start year */
	m = a_movement();
	snprintf(m.ends_on, sizeof m.ends_on, "2031-12-31");
	assert_int_equal(movement_validate(&m, 2026, &e), 0);
	snprintf(m.ends_on, sizeof m.ends_on, "2032-01-01");
	assert_fails(movement_validate(&m, 2026, &e), e, ERR_INVALID, "out_of_range", "ends_on");
}

static void test_movement_status(void **state)
{
	(void)state;
	struct error e;
	struct movement m = a_movement();
	assert_int_equal(movement_status_on(&m, "2020-12-31"), MOVEMENT_UPCOMING);
	assert_int_equal(movement_status_on(&m, "2021-01-01"), MOVEMENT_RUNNING);
	assert_int_equal(movement_status_on(&m, "2025-12-31"), MOVEMENT_RUNNING);
	assert_int_equal(movement_status_on(&m, "2026-01-01"), MOVEMENT_ENDED);

	/* registrations are open until the last day, and before the start */
	assert_int_equal(movement_open_on(&m, "2020-06-01", &e), 0);
	assert_int_equal(movement_open_on(&m, "2025-12-31", &e), 0);
	assert_fails(movement_open_on(&m, "2026-01-01", &e), e, ERR_CONFLICT, "movement_ended",
		     "ends_on");

	enum movement_status s;
	for (int i = MOVEMENT_UPCOMING; i <= MOVEMENT_ENDED; i++) {
		assert_int_equal(movement_status_parse(movement_status_name(i), &s), 0);
		assert_int_equal(s, i);
	}
	assert_int_equal(movement_status_parse("Running", &s), -1);
	assert_int_equal(movement_status_parse("", &s), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_movement_validate),
		cmocka_unit_test(test_movement_years),
		cmocka_unit_test(test_movement_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
