/*
** The rules single records obey on their own: orgs, people, clusters and
** their years, user accounts (domain/org.h, person.h, cluster.h, user.h).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"

#include <unistr.h>

#include "core/error.h"
#include "domain/authz.h"
#include "domain/cluster.h"
#include "domain/org.h"
#include "domain/person.h"
#include "domain/user.h"

/* Assert an ERR_INVALID (or kind) failure with this code and field. */

static struct org an_org(void)
{
	struct org o;
	memset(&o, 0, sizeof o);
	snprintf(o.name, sizeof o.name, "Ban Tổ chức Tỉnh ủy Hà Giang");
	o.kind = ORG_UNIT;
	return o;
}

static void test_org_validate(void **state)
{
	(void)state;
	struct error e;
	struct org o = an_org();
	assert_int_equal(org_validate(&o, &e), 0);

	o.name[0] = 0;
	assert_fails(org_validate(&o, &e), e, ERR_INVALID, "required", "name");

	o = an_org();
	snprintf(o.active_from, sizeof o.active_from, "2025-02-29"); /* not a leap year */
	assert_fails(org_validate(&o, &e), e, ERR_INVALID, "invalid_date", "active_from");
	snprintf(o.active_from, sizeof o.active_from, "2024-02-29");
	assert_int_equal(org_validate(&o, &e), 0);
	snprintf(o.active_until, sizeof o.active_until, "2025-13-01");
	assert_fails(org_validate(&o, &e), e, ERR_INVALID, "invalid_date", "active_until");
	snprintf(o.active_until, sizeof o.active_until, "2024-02-28");
	assert_fails(org_validate(&o, &e), e, ERR_INVALID, "invalid_period", "active_until");
	snprintf(o.active_until, sizeof o.active_until, "2024-02-29"); /* one day */
	assert_int_equal(org_validate(&o, &e), 0);
	snprintf(o.active_until, sizeof o.active_until, "2025-06-30");
	assert_int_equal(org_validate(&o, &e), 0);
	/* Only an end date is fine too (an org that existed before records). */
	o.active_from[0] = 0;
	assert_int_equal(org_validate(&o, &e), 0);

	o = an_org();
	o.id = 7;
	o.parent_id = 7;
	assert_fails(org_validate(&o, &e), e, ERR_INVALID, "self_reference", "parent_id");
	o.parent_id = 3;
	o.successor_id = 7;
	assert_fails(org_validate(&o, &e), e, ERR_INVALID, "self_reference", "successor_id");
	o.successor_id = 8;
	assert_int_equal(org_validate(&o, &e), 0);
	/* A new org (id 0) with no parent is not its own parent. */
	o = an_org();
	assert_int_equal(org_validate(&o, &e), 0);
}

static void test_org_kind_names(void **state)
{
	(void)state;
	enum org_kind k = ORG_UNIT;
	assert_int_equal(org_kind_parse("authority", &k), 0);
	assert_int_equal(k, ORG_AUTHORITY);
	assert_string_equal(org_kind_name(k), "authority");
	assert_int_equal(org_kind_parse("unit", &k), 0);
	assert_int_equal(k, ORG_UNIT);
	assert_string_equal(org_kind_name(k), "unit");
	assert_int_equal(org_kind_parse("Unit", &k), -1);
	assert_int_equal(org_kind_parse("", &k), -1);
	assert_int_equal(k, ORG_UNIT); /* untouched on failure */

	enum gender g = GENDER_MALE;
	assert_int_equal(gender_parse("female", &g), 0);
	assert_int_equal(g, GENDER_FEMALE);
	assert_string_equal(gender_name(g), "female");
	assert_int_equal(gender_parse("male", &g), 0);
	assert_string_equal(gender_name(g), "male");
	assert_int_equal(gender_parse("nam", &g), -1);
}

static struct person a_person(void)
{
	struct person p;
	memset(&p, 0, sizeof p);
	snprintf(p.full_name, sizeof p.full_name, "Nguyễn Thị Hoa");
	p.gender = GENDER_FEMALE;
	p.org_id = 3;
	return p;
}

static void test_person_validate(void **state)
{
	(void)state;
	struct error e;
	const int year = 2025;
	struct person p = a_person();
	assert_int_equal(person_validate(&p, year, &e), 0);

	p.full_name[0] = 0;
	assert_fails(person_validate(&p, year, &e), e, ERR_INVALID, "required", "full_name");
	p = a_person();
	p.org_id = 0;
	assert_fails(person_validate(&p, year, &e), e, ERR_INVALID, "required", "org_id");

	/* Birth year: 0 is unknown, else 1900 .. the current year. */
	p = a_person();
	int ok_years[] = {0, 1900, 1975, 2025};
	for (size_t i = 0; i < sizeof ok_years / sizeof ok_years[0]; i++) {
		p.birth_year = ok_years[i];
		assert_int_equal(person_validate(&p, year, &e), 0);
	}
	int bad_years[] = {1899, 2026, -1, 10000};
	for (size_t i = 0; i < sizeof bad_years / sizeof bad_years[0]; i++) {
		p.birth_year = bad_years[i];
		assert_fails(person_validate(&p, year, &e), e, ERR_INVALID, "out_of_range",
			     "birth_year");
	}
	/* The bound moves with the year passed in. */
	p.birth_year = 2026;
	assert_int_equal(person_validate(&p, 2026, &e), 0);
}

static void test_person_admission(void **state)
{
	(void)state;
	struct error e;
	const int year = 2025;
	struct person p = a_person();
	p.birth_year = 1990;

	/* An admission date needs party membership. */
	snprintf(p.party_admission_date, sizeof p.party_admission_date, "2012-05-19");
	assert_fails(person_validate(&p, year, &e), e, ERR_INVALID, "not_a_member",
		     "party_admission_date");
	p.party_member = 1;
	assert_int_equal(person_validate(&p, year, &e), 0);
	/* A member may have no recorded date. */
	p.party_admission_date[0] = 0;
	assert_int_equal(person_validate(&p, year, &e), 0);

	snprintf(p.party_admission_date, sizeof p.party_admission_date, "2012-02-30");
	assert_fails(person_validate(&p, year, &e), e, ERR_INVALID, "invalid_date",
		     "party_admission_date");
	snprintf(p.party_admission_date, sizeof p.party_admission_date, "19-05-2012");
	assert_fails(person_validate(&p, year, &e), e, ERR_INVALID, "invalid_date",
		     "party_admission_date");

	/* Not in the future ... */
	snprintf(p.party_admission_date, sizeof p.party_admission_date, "2026-01-01");
	assert_fails(person_validate(&p, year, &e), e, ERR_INVALID, "out_of_range",
		     "party_admission_date");
	snprintf(p.party_admission_date, sizeof p.party_admission_date, "2025-01-01");
	assert_int_equal(person_validate(&p, year, &e), 0);

	/* ... and not before the person turned 18. */
	snprintf(p.party_admission_date, sizeof p.party_admission_date, "2007-12-31");
	assert_fails(person_validate(&p, year, &e), e, ERR_INVALID, "out_of_range",
		     "party_admission_date");
	snprintf(p.party_admission_date, sizeof p.party_admission_date, "2008-01-01");
	assert_int_equal(person_validate(&p, year, &e), 0);
	/* Unknown birth year: only the date itself is checked. */
	p.birth_year = 0;
	snprintf(p.party_admission_date, sizeof p.party_admission_date, "1950-09-02");
	assert_int_equal(person_validate(&p, year, &e), 0);
}

static struct cluster a_cluster(void)
{
	struct cluster c;
	memset(&c, 0, sizeof c);
	snprintf(c.name, sizeof c.name, "Cụm thi đua số 1");
	c.authority_id = 2;
	c.rotation[0] = 3;
	c.rotation[1] = 4;
	c.rotation[2] = 5;
	c.n_rotation = 3;
	return c;
}

static void test_cluster_validate(void **state)
{
	(void)state;
	struct error e;
	struct cluster c = a_cluster();
	assert_int_equal(cluster_validate(&c, &e), 0);
	c.n_rotation = 0; /* a rotation is optional */
	assert_int_equal(cluster_validate(&c, &e), 0);

	c = a_cluster();
	c.name[0] = 0;
	assert_fails(cluster_validate(&c, &e), e, ERR_INVALID, "required", "name");
	c = a_cluster();
	c.authority_id = 0;
	assert_fails(cluster_validate(&c, &e), e, ERR_INVALID, "required", "authority_id");
	c = a_cluster();
	c.rotation[2] = 3;
	assert_fails(cluster_validate(&c, &e), e, ERR_INVALID, "duplicate", "rotation");
}

static struct cluster_year a_year(void)
{
	struct cluster_year y;
	memset(&y, 0, sizeof y);
	y.cluster_id = 1;
	y.year = 2026;
	y.members[0] = 10;
	y.members[1] = 11;
	y.members[2] = 12;
	y.members[3] = 13;
	y.n_members = 4;
	y.leader_id = 11;
	y.deputy_ids[0] = 12;
	y.n_deputies = 1;
	y.status = YEAR_PLANNING;
	return y;
}

static void test_cluster_year_validate(void **state)
{
	(void)state;
	struct error e;
	struct cluster_year y = a_year();
	assert_int_equal(cluster_year_validate(&y, &e), 0);
	y.n_deputies = 0; /* deputies are optional */
	assert_int_equal(cluster_year_validate(&y, &e), 0);

	y = a_year();
	y.year = YEAR_MIN - 1;
	assert_fails(cluster_year_validate(&y, &e), e, ERR_INVALID, "out_of_range", "year");
	y.year = YEAR_MAX + 1;
	assert_fails(cluster_year_validate(&y, &e), e, ERR_INVALID, "out_of_range", "year");
	y.year = YEAR_MIN;
	assert_int_equal(cluster_year_validate(&y, &e), 0);
	y.year = YEAR_MAX;
	assert_int_equal(cluster_year_validate(&y, &e), 0);

	/* Too few members: one unit does not emulate with itself. */
	y = a_year();
	y.members[0] = 11;
	y.n_members = 1;
	y.n_deputies = 0;
	assert_fails(cluster_year_validate(&y, &e), e, ERR_INVALID, "too_few_members",
		     "members");
	y.n_members = 0;
	assert_fails(cluster_year_validate(&y, &e), e, ERR_INVALID, "too_few_members",
		     "members");
	/* Two members are enough. */
	y = a_year();
	y.n_members = 2;
	y.n_deputies = 0;
	assert_int_equal(cluster_year_validate(&y, &e), 0);

	y = a_year();
	y.members[3] = 10;
	assert_fails(cluster_year_validate(&y, &e), e, ERR_INVALID, "duplicate", "members");

	y = a_year();
	y.leader_id = 0;
	assert_fails(cluster_year_validate(&y, &e), e, ERR_INVALID, "required", "leader_id");
	y.leader_id = 99;
	assert_fails(cluster_year_validate(&y, &e), e, ERR_INVALID, "not_a_member",
		     "leader_id");

	y = a_year();
	y.deputy_ids[0] = 11; /* the leader */
	assert_fails(cluster_year_validate(&y, &e), e, ERR_INVALID, "leader_is_deputy",
		     "deputy_ids");
	y.deputy_ids[0] = 98;
	assert_fails(cluster_year_validate(&y, &e), e, ERR_INVALID, "not_a_member",
		     "deputy_ids");
	y.deputy_ids[0] = 12;
	y.deputy_ids[1] = 12;
	y.n_deputies = 2;
	assert_fails(cluster_year_validate(&y, &e), e, ERR_INVALID, "duplicate", "deputy_ids");
	y.deputy_ids[1] = 13;
	assert_int_equal(cluster_year_validate(&y, &e), 0);
}

static void test_cluster_year_may_replace(void **state)
{
	(void)state;
	struct error e;
	struct cluster_year y = a_year();
	assert_int_equal(cluster_year_may_replace(&y, &e), 0);
	for (int s = YEAR_AGREEMENT_SIGNED; s <= YEAR_CLOSED; s++) {
		y.status = (enum year_status)s;
		assert_fails(cluster_year_may_replace(&y, &e), e, ERR_CONFLICT,
			     "year_not_planning", "status");
		assert_non_null(strstr(e.message, year_status_name(y.status)));
	}
}

static void test_year_status_names(void **state)
{
	(void)state;
	static const char *const names[] = {"planning",         "agreement_signed",
					    "in_progress",      "self_assessment",
					    "cross_assessment", "results_published",
					    "closed"};
	for (int s = YEAR_PLANNING; s <= YEAR_CLOSED; s++) {
		assert_string_equal(year_status_name((enum year_status)s), names[s]);
		enum year_status back = YEAR_CLOSED;
		assert_int_equal(year_status_parse(names[s], &back), 0);
		assert_int_equal(back, s);
	}
	enum year_status st = YEAR_IN_PROGRESS;
	assert_int_equal(year_status_parse("open", &st), -1);
	assert_int_equal(year_status_parse("", &st), -1);
	assert_int_equal(st, YEAR_IN_PROGRESS);
	assert_true(year_valid(2026));
	assert_false(year_valid(1999));
	assert_false(year_valid(2101));
}

static struct user a_user(unsigned roles, int64_t org)
{
	struct user u;
	memset(&u, 0, sizeof u);
	snprintf(u.username, sizeof u.username, "can.bo_01");
	u.roles = roles;
	u.org_id = org;
	return u;
}

static void test_user_validate(void **state)
{
	(void)state;
	struct error e;
	struct user u = a_user(ROLE_UNIT_OFFICER, 3);
	assert_int_equal(user_validate(&u, &e), 0);

	snprintf(u.username, sizeof u.username, "Cán bộ");
	assert_fails(user_validate(&u, &e), e, ERR_INVALID, "invalid_username", "username");
	snprintf(u.username, sizeof u.username, "ab");
	assert_fails(user_validate(&u, &e), e, ERR_INVALID, "invalid_username", "username");

	u = a_user(0, 3);
	assert_fails(user_validate(&u, &e), e, ERR_INVALID, "required", "roles");

	/* Admin and viewer need no org; every other role does. */
	u = a_user(ROLE_ADMIN, 0);
	assert_int_equal(user_validate(&u, &e), 0);
	u = a_user(ROLE_VIEWER, 0);
	assert_int_equal(user_validate(&u, &e), 0);
	u = a_user(ROLE_ADMIN | ROLE_VIEWER, 0);
	assert_int_equal(user_validate(&u, &e), 0);
	unsigned scoped[] = {ROLE_AUTHORITY_OFFICER, ROLE_COUNCIL_MEMBER, ROLE_LEADER_OFFICER,
			     ROLE_UNIT_OFFICER, ROLE_DELEGATE, ROLE_ADMIN | ROLE_UNIT_OFFICER,
			     ROLE_VIEWER | ROLE_DELEGATE};
	for (size_t i = 0; i < sizeof scoped / sizeof scoped[0]; i++) {
		u = a_user(scoped[i], 0);
		assert_fails(user_validate(&u, &e), e, ERR_INVALID, "org_required", "org_id");
		u.org_id = 3;
		assert_int_equal(user_validate(&u, &e), 0);
	}
}

/*
** An error naming long user text is cut to fit, never inside a UTF-8
** character: a field or message cut mid-character could not be sent as
** JSON (found by fuzzing rule sets with a long Vietnamese key).
*/
static void test_error_cut_at_character(void **state)
{
	(void)state;
	char key[400] = "";
	for (int i = 0; i < 150; i++)
		strcat(key, i % 3 ? "é" : "ệ");
	for (size_t pad = 0; pad < 4; pad++) {
		struct error e;
		char field[420];
		snprintf(field, sizeof field, "%.*s%s", (int)pad, "xyz", key);
		err_set(&e, ERR_INVALID, "invalid", field, "%s is not a known key", field);
		assert_null(u8_check((const uint8_t *)e.field, strlen(e.field)));
		assert_null(u8_check((const uint8_t *)e.message, strlen(e.message)));
		assert_true(strlen(e.field) > sizeof e.field - 4);
		assert_int_equal(strncmp(e.field, field, strlen(e.field)), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_org_validate),
		cmocka_unit_test(test_org_kind_names),
		cmocka_unit_test(test_person_validate),
		cmocka_unit_test(test_person_admission),
		cmocka_unit_test(test_cluster_validate),
		cmocka_unit_test(test_cluster_year_validate),
		cmocka_unit_test(test_cluster_year_may_replace),
		cmocka_unit_test(test_year_status_names),
		cmocka_unit_test(test_user_validate),
		cmocka_unit_test(test_error_cut_at_character),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
