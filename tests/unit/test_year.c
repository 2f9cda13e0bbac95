/*
** A cluster year's lifecycle (domain/cluster.h): the transition table and
** who owns each move, what is open in which status, the scoring deadline,
** the handover to next year's leader, and a caller's powers in a year
** (authz_year_powers, domain/authz.h).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"

#include "domain/authz.h"
#include "domain/cluster.h"


#define N_STATUS (YEAR_CLOSED + 1)
#define ALL_POWERS (POWER_AUTHORITY | POWER_LEADER | POWER_MEMBER)

/* ---- transitions ---- */

/* Who owns the move from → to: -1 when there is no such move, 0 when automatic. */
static int owners(enum year_status from, enum year_status to)
{
	if (to != from + 1)
		return -1;
	switch (to) {
	case YEAR_AGREEMENT_SIGNED:
		return 0;
	case YEAR_CLOSED:
		return POWER_AUTHORITY;
	default:
		return POWER_LEADER | POWER_AUTHORITY;
	}
}

static void test_transitions_legal(void **state)
{
	(void)state;
	struct error e;
	const enum year_status forward[][2] = {
		{YEAR_AGREEMENT_SIGNED, YEAR_IN_PROGRESS},
		{YEAR_IN_PROGRESS, YEAR_SELF_ASSESSMENT},
		{YEAR_SELF_ASSESSMENT, YEAR_CROSS_ASSESSMENT},
		{YEAR_CROSS_ASSESSMENT, YEAR_RESULTS_PUBLISHED},
	};
	for (size_t i = 0; i < sizeof forward / sizeof *forward; i++) {
		enum year_status from = forward[i][0], to = forward[i][1];
		assert_int_equal(year_transition_check(from, to, POWER_LEADER, &e), 0);
		assert_int_equal(year_transition_check(from, to, POWER_AUTHORITY, &e), 0);
		assert_int_equal(year_transition_check(from, to, POWER_LEADER | POWER_MEMBER, &e),
				 0);
		assert_int_equal(year_transition_check(from, to, ALL_POWERS, &e), 0);
		/* a plain member, or nobody, may not */
		assert_fails(year_transition_check(from, to, POWER_MEMBER, &e), e, ERR_FORBIDDEN,
			     "forbidden", "status");
		assert_fails(year_transition_check(from, to, 0, &e), e, ERR_FORBIDDEN, "forbidden",
			     "status");
	}

	/* closing: the authority only */
	assert_int_equal(
		year_transition_check(YEAR_RESULTS_PUBLISHED, YEAR_CLOSED, POWER_AUTHORITY, &e), 0);
	assert_int_equal(year_transition_check(YEAR_RESULTS_PUBLISHED, YEAR_CLOSED, ALL_POWERS, &e),
			 0);
	assert_fails(year_transition_check(YEAR_RESULTS_PUBLISHED, YEAR_CLOSED,
					   POWER_LEADER | POWER_MEMBER, &e),
		     e, ERR_FORBIDDEN, "forbidden", "status");
	assert_fails(year_transition_check(YEAR_RESULTS_PUBLISHED, YEAR_CLOSED, POWER_MEMBER, &e),
		     e, ERR_FORBIDDEN, "forbidden", "status");
	assert_fails(year_transition_check(YEAR_RESULTS_PUBLISHED, YEAR_CLOSED, 0, &e), e,
		     ERR_FORBIDDEN, "forbidden", "status");

	/* agreement_signed comes by itself when the last member signs: nobody moves it */
	const unsigned tries[] = {0, POWER_MEMBER, POWER_LEADER, POWER_AUTHORITY, ALL_POWERS};
	for (size_t i = 0; i < sizeof tries / sizeof *tries; i++)
		assert_fails(year_transition_check(YEAR_PLANNING, YEAR_AGREEMENT_SIGNED, tries[i],
						   &e),
			     e, ERR_CONFLICT, "automatic_transition", "status");
}

/* The whole 7 × 7 table against every set of powers. */
static void test_transitions_table(void **state)
{
	(void)state;
	struct error e;
	int legal = 0;
	for (int from = 0; from < N_STATUS; from++) {
		for (int to = 0; to < N_STATUS; to++) {
			int own = owners((enum year_status)from, (enum year_status)to);
			for (unsigned p = 0; p <= ALL_POWERS; p++) {
				int rc = year_transition_check((enum year_status)from,
							       (enum year_status)to, p, &e);
				if (own < 0) {
					/* out of order (409) whatever the powers */
					assert_int_equal(rc, -1);
					assert_int_equal(e.kind, ERR_CONFLICT);
					assert_string_equal(e.code, "out_of_order");
					assert_string_equal(e.field, "status");
					assert_int_equal(err_http_status(e.kind), 409);
				} else if (own == 0) {
					assert_int_equal(rc, -1);
					assert_int_equal(e.kind, ERR_CONFLICT);
					assert_string_equal(e.code, "automatic_transition");
				} else if (p & (unsigned)own) {
					assert_int_equal(rc, 0);
					legal++;
				} else {
					assert_int_equal(rc, -1);
					assert_int_equal(e.kind, ERR_FORBIDDEN);
					assert_int_equal(err_http_status(e.kind), 403);
				}
			}
		}
	}
	/*
	** 4 moves owned by leader or authority: 6 of the 8 power sets each;
	** closing: the 4 sets holding the authority → 4 × 6 + 4 = 28
	*/
	assert_int_equal(legal, 28);

	/* a few out-of-order moves spelled out */
	assert_fails(year_transition_check(YEAR_IN_PROGRESS, YEAR_CROSS_ASSESSMENT, ALL_POWERS, &e),
		     e, ERR_CONFLICT, "out_of_order", "status"); /* skips the self phase */
	assert_fails(year_transition_check(YEAR_CROSS_ASSESSMENT, YEAR_SELF_ASSESSMENT,
					   ALL_POWERS, &e),
		     e, ERR_CONFLICT, "out_of_order", "status"); /* backwards */
	assert_fails(year_transition_check(YEAR_SELF_ASSESSMENT, YEAR_SELF_ASSESSMENT,
					   ALL_POWERS, &e),
		     e, ERR_CONFLICT, "out_of_order", "status"); /* to itself */
	assert_fails(year_transition_check(YEAR_CLOSED, YEAR_PLANNING, ALL_POWERS, &e), e,
		     ERR_CONFLICT, "out_of_order", "status");
	assert_fails(year_transition_check(YEAR_PLANNING, YEAR_IN_PROGRESS, ALL_POWERS, &e), e,
		     ERR_CONFLICT, "out_of_order", "status");
	assert_fails(year_transition_check(YEAR_CROSS_ASSESSMENT, YEAR_CLOSED, ALL_POWERS, &e), e,
		     ERR_CONFLICT, "out_of_order", "status");
	/* out of order wins over missing powers: 409, not 403 */
	assert_fails(year_transition_check(YEAR_PLANNING, YEAR_CLOSED, 0, &e), e, ERR_CONFLICT,
		     "out_of_order", "status");
}

/* ---- what is open when ---- */

static void test_open_predicates(void **state)
{
	(void)state;
	struct error e;
	for (int s = 0; s < N_STATUS; s++) {
		enum year_status st = (enum year_status)s;
		/* agreement and table: until scoring opens */
		if (st <= YEAR_IN_PROGRESS)
			assert_int_equal(year_agreement_editable(st, &e), 0);
		else
			assert_fails(year_agreement_editable(st, &e), e, ERR_CONFLICT,
				     "scoring_started", "status");

		/* self scores in the self phase, cross scores in the cross phase */
		if (st == YEAR_SELF_ASSESSMENT)
			assert_int_equal(year_scoring_open(st, 1, &e), 0);
		else
			assert_fails(year_scoring_open(st, 1, &e), e, ERR_CONFLICT, "phase_closed",
				     "status");
		if (st == YEAR_CROSS_ASSESSMENT)
			assert_int_equal(year_scoring_open(st, 0, &e), 0);
		else
			assert_fails(year_scoring_open(st, 0, &e), e, ERR_CONFLICT, "phase_closed",
				     "status");

		/* the leader reviews while either phase is open */
		if (st == YEAR_SELF_ASSESSMENT || st == YEAR_CROSS_ASSESSMENT)
			assert_int_equal(year_review_open(st, &e), 0);
		else
			assert_fails(year_review_open(st, &e), e, ERR_CONFLICT, "review_closed",
				     "status");

		/* the handover once results are published */
		if (st == YEAR_RESULTS_PUBLISHED || st == YEAR_CLOSED)
			assert_int_equal(year_handover_open(st, &e), 0);
		else
			assert_fails(year_handover_open(st, &e), e, ERR_CONFLICT,
				     "results_not_published", "status");
	}
	/* any non-zero self flag means self */
	assert_int_equal(year_scoring_open(YEAR_SELF_ASSESSMENT, 2, &e), 0);
}

/* ---- the deadline ---- */

static void test_deadline(void **state)
{
	(void)state;
	/*
	** 2026-12-10 ends at 2026-12-11 00:00 in Vietnam (UTC+7), that is
	** 2026-12-10T17:00:00Z = 1796922000.
	*/
	const int64_t end = 1796922000;
	assert_false(year_deadline_passed("2026-12-10", end - 1));
	assert_true(year_deadline_passed("2026-12-10", end));
	assert_true(year_deadline_passed("2026-12-10", end + 1));
	assert_true(year_deadline_passed("2026-12-10", end + 365LL * 86400));
	/* the day itself began at 2026-12-09T17:00:00Z: still open all day */
	assert_false(year_deadline_passed("2026-12-10", 1796835600));
	assert_false(year_deadline_passed("2026-12-10", 1796835600 - 1));
	/* midnight UTC of the 10th, noon UTC of the 10th: open */
	assert_false(year_deadline_passed("2026-12-10", end - 17 * 3600));
	assert_false(year_deadline_passed("2026-12-10", end - 5 * 3600));
	/* the day before's deadline passed a day earlier */
	assert_true(year_deadline_passed("2026-12-09", end - 86400));
	assert_false(year_deadline_passed("2026-12-09", end - 86400 - 1));

	/* a leap day: 2024-02-29 ends at 2024-02-29T17:00:00Z = 1709226000 */
	assert_false(year_deadline_passed("2024-02-29", 1709226000 - 1));
	assert_true(year_deadline_passed("2024-02-29", 1709226000));
	/* the last day of a year: 2026-12-31T17:00:00Z = 1798736400 */
	assert_false(year_deadline_passed("2026-12-31", 1798736400 - 1));
	assert_true(year_deadline_passed("2026-12-31", 1798736400));
	/* the epoch's own day: 1970-01-01 ends at 17:00Z = 61200 */
	assert_false(year_deadline_passed("1970-01-01", 61199));
	assert_true(year_deadline_passed("1970-01-01", 61200));

	/* no deadline: never passed */
	assert_false(year_deadline_passed("", end * 2));
	assert_false(year_deadline_passed(NULL, end * 2));
	assert_false(year_deadline_passed("soon", end * 2));
}

/* ---- handover ---- */

static struct cluster a_cluster(const int64_t *rotation, size_t n)
{
	struct cluster c;
	memset(&c, 0, sizeof c);
	c.id = 1;
	snprintf(c.name, sizeof c.name, "Cụm thi đua số 1");
	c.authority_id = 2;
	memcpy(c.rotation, rotation, n * sizeof *rotation);
	c.n_rotation = n;
	return c;
}

static struct cluster_year a_year(int year, const int64_t *members, size_t n, int64_t leader,
				  const int64_t *deputies, size_t n_deputies)
{
	struct cluster_year y;
	memset(&y, 0, sizeof y);
	y.cluster_id = 1;
	y.year = year;
	memcpy(y.members, members, n * sizeof *members);
	y.n_members = n;
	y.leader_id = leader;
	if (n_deputies)
		memcpy(y.deputy_ids, deputies, n_deputies * sizeof *deputies);
	y.n_deputies = n_deputies;
	return y;
}

/* Next year with these members, its leadership filled with junk first. */
static struct cluster_year next_year(const int64_t *members, size_t n)
{
	struct cluster_year y = a_year(2027, members, n, 0, NULL, 0);
	y.leader_id = 999;
	y.n_deputies = 2;
	y.deputy_ids[0] = 998;
	y.deputy_ids[1] = 997;
	return y;
}

static void assert_leaders(const struct cluster_year *y, int64_t leader,
			   const int64_t *deputies, size_t n)
{
	assert_int_equal(y->leader_id, leader);
	assert_int_equal(y->n_deputies, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(y->deputy_ids[i], deputies[i]);
}

static void test_handover_by_rotation(void **state)
{
	(void)state;
	struct error e;
	const int64_t rot[] = {1, 2, 3, 4, 5};
	const int64_t all[] = {1, 2, 3, 4, 5};
	struct cluster c = a_cluster(rot, 5);
	struct cluster_year next;

	/* leader 2, one deputy → 3 leads, 4 deputy */
	{
		const int64_t dep[] = {3};
		struct cluster_year now = a_year(2026, all, 5, 2, dep, 1);
		next = next_year(all, 5);
		assert_int_equal(handover_by_rotation(&c, &now, &next, &e), 0);
		const int64_t want[] = {4};
		assert_leaders(&next, 3, want, 1);
	}
	/* wrapping around: leader 4 with two deputies → 5 leads, 1 and 2 deputies */
	{
		const int64_t dep[] = {5, 1};
		struct cluster_year now = a_year(2026, all, 5, 4, dep, 2);
		next = next_year(all, 5);
		assert_int_equal(handover_by_rotation(&c, &now, &next, &e), 0);
		const int64_t want[] = {1, 2};
		assert_leaders(&next, 5, want, 2);
	}
	/* the last of the rotation leads: the first follows */
	{
		const int64_t dep[] = {1};
		struct cluster_year now = a_year(2026, all, 5, 5, dep, 1);
		next = next_year(all, 5);
		assert_int_equal(handover_by_rotation(&c, &now, &next, &e), 0);
		const int64_t want[] = {2};
		assert_leaders(&next, 1, want, 1);
	}
	/* no deputy this year: still one next year */
	{
		struct cluster_year now = a_year(2026, all, 5, 1, NULL, 0);
		next = next_year(all, 5);
		assert_int_equal(handover_by_rotation(&c, &now, &next, &e), 0);
		const int64_t want[] = {3};
		assert_leaders(&next, 2, want, 1);
	}
	/* 3 is not a member next year: skipped → leader 2 hands over to 4, deputy 5 */
	{
		const int64_t dep[] = {3};
		const int64_t members[] = {1, 2, 4, 5};
		struct cluster_year now = a_year(2026, all, 5, 2, dep, 1);
		next = next_year(members, 4);
		assert_int_equal(handover_by_rotation(&c, &now, &next, &e), 0);
		const int64_t want[] = {5};
		assert_leaders(&next, 4, want, 1);
	}
	/* four deputies: the walk wraps and skips this year's leader (4) */
	{
		const int64_t dep[] = {1, 2, 3, 5};
		struct cluster_year now = a_year(2026, all, 5, 4, dep, 4);
		next = next_year(all, 5);
		assert_int_equal(handover_by_rotation(&c, &now, &next, &e), 0);
		const int64_t want[] = {1, 2, 3};
		assert_leaders(&next, 5, want, 3);
	}
	/* two members: 1 leads and, with no other unit left, the outgoing leader deputizes */
	{
		const int64_t dep[] = {1};
		const int64_t members[] = {1, 4};
		const int64_t want[] = {4};
		struct cluster_year now = a_year(2026, all, 5, 4, dep, 1);
		next = next_year(members, 2);
		assert_int_equal(handover_by_rotation(&c, &now, &next, &e), 0);
		assert_leaders(&next, 1, want, 1);
	}
	/* a new member outside the rotation is never picked */
	{
		const int64_t dep[] = {1};
		const int64_t members[] = {9, 2, 3};
		struct cluster_year now = a_year(2026, all, 5, 1, dep, 1);
		next = next_year(members, 3);
		assert_int_equal(handover_by_rotation(&c, &now, &next, &e), 0);
		const int64_t want[] = {3};
		assert_leaders(&next, 2, want, 1);
	}
	/* this year's leader is not in the rotation: start at its beginning */
	{
		const int64_t members9[] = {9, 1, 2, 3, 4, 5};
		const int64_t dep[] = {1};
		struct cluster_year now = a_year(2026, members9, 6, 9, dep, 1);
		next = next_year(all, 5);
		assert_int_equal(handover_by_rotation(&c, &now, &next, &e), 0);
		const int64_t want[] = {2};
		assert_leaders(&next, 1, want, 1);
	}
	/* no rotation at all */
	{
		struct cluster none = a_cluster(rot, 0);
		struct cluster_year now = a_year(2026, all, 5, 2, NULL, 0);
		next = next_year(all, 5);
		assert_fails(handover_by_rotation(&none, &now, &next, &e), e, ERR_CONFLICT,
			     "no_rotation", "rotation");
	}
	/* no unit of the rotation is a member next year */
	{
		const int64_t members[] = {7, 8};
		struct cluster_year now = a_year(2026, all, 5, 2, NULL, 0);
		next = next_year(members, 2);
		assert_fails(handover_by_rotation(&c, &now, &next, &e), e, ERR_CONFLICT,
			     "no_rotation", "rotation");
	}
	/* only this year's leader is: it cannot hand over to itself */
	{
		const int64_t members[] = {2, 7};
		struct cluster_year now = a_year(2026, all, 5, 2, NULL, 0);
		next = next_year(members, 2);
		assert_fails(handover_by_rotation(&c, &now, &next, &e), e, ERR_CONFLICT,
			     "no_rotation", "rotation");
	}
}

static void test_handover_check_leader(void **state)
{
	(void)state;
	struct error e;
	const int64_t all[] = {1, 2, 3};
	struct cluster_year now = a_year(2026, all, 3, 2, NULL, 0);
	struct cluster_year next = a_year(2027, all, 3, 3, NULL, 0);

	/* another leader: always fine */
	assert_int_equal(handover_check_leader(&now, &next, 0, 0, &e), 0);
	assert_int_equal(handover_check_leader(&now, &next, 1, POWER_LEADER, &e), 0);

	/* the same leader again */
	next.leader_id = 2;
	assert_fails(handover_check_leader(&now, &next, 0, ALL_POWERS, &e), e, ERR_CONFLICT,
		     "leader_repeat", "leader_id");
	assert_fails(handover_check_leader(&now, &next, 1, POWER_LEADER | POWER_MEMBER, &e), e,
		     ERR_FORBIDDEN, "forbidden", "override");
	assert_fails(handover_check_leader(&now, &next, 1, 0, &e), e, ERR_FORBIDDEN, "forbidden",
		     "override");
	assert_int_equal(handover_check_leader(&now, &next, 1, POWER_AUTHORITY, &e), 0);
	assert_int_equal(handover_check_leader(&now, &next, 1, ALL_POWERS, &e), 0);
}

/* ---- powers ---- */

/*
**   1 ministry (authority)          6 other root (authority)
**   └─ 2 province (authority)       └─ 7 unit
**      ├─ 3 unit (leader)
**      ├─ 4 unit (member)
**      └─ 5 unit (not a member)
** The cluster is organized by 2; its year has members 3, 4 and 7, leader 3.
*/
static const int64_t authority_chain[] = {2, 1};
static const int64_t members[] = {3, 4, 7};

static unsigned powers(unsigned roles, int64_t org)
{
	struct principal p;
	memset(&p, 0, sizeof p);
	p.user_id = 42;
	snprintf(p.username, sizeof p.username, "u");
	p.roles = roles;
	p.org_id = org;
	return authz_year_powers(&p, authority_chain, 2, 3, members, 3);
}

static void test_year_powers(void **state)
{
	(void)state;
	/* admin: the authority's, wherever it sits */
	assert_int_equal(powers(ROLE_ADMIN, 0), POWER_AUTHORITY);
	assert_int_equal(powers(ROLE_ADMIN, 6), POWER_AUTHORITY);

	/* authority officer of the organizing authority or of an ancestor */
	assert_int_equal(powers(ROLE_AUTHORITY_OFFICER, 2), POWER_AUTHORITY);
	assert_int_equal(powers(ROLE_AUTHORITY_OFFICER, 1), POWER_AUTHORITY);
	/* elsewhere: another tree, or beneath the authority, or no org */
	assert_int_equal(powers(ROLE_AUTHORITY_OFFICER, 6), 0);
	assert_int_equal(powers(ROLE_AUTHORITY_OFFICER, 7), 0);
	assert_int_equal(powers(ROLE_AUTHORITY_OFFICER, 3), 0);
	assert_int_equal(powers(ROLE_AUTHORITY_OFFICER, 0), 0);

	/* unit officers: the leader unit's lead and are a member */
	assert_int_equal(powers(ROLE_UNIT_OFFICER, 3), POWER_LEADER | POWER_MEMBER);
	assert_int_equal(powers(ROLE_UNIT_OFFICER, 4), POWER_MEMBER);
	assert_int_equal(powers(ROLE_UNIT_OFFICER, 7), POWER_MEMBER); /* under another root */
	assert_int_equal(powers(ROLE_UNIT_OFFICER, 5), 0);
	assert_int_equal(powers(ROLE_UNIT_OFFICER, 2), 0); /* the authority is not a member */
	assert_int_equal(powers(ROLE_UNIT_OFFICER, 0), 0);

	/* leader_officer: the same, following the year's leader, not the role */
	assert_int_equal(powers(ROLE_LEADER_OFFICER, 3), POWER_LEADER | POWER_MEMBER);
	assert_int_equal(powers(ROLE_LEADER_OFFICER, 4), POWER_MEMBER);
	assert_int_equal(powers(ROLE_LEADER_OFFICER, 5), 0);
	assert_int_equal(powers(ROLE_LEADER_OFFICER | ROLE_UNIT_OFFICER, 3),
			 POWER_LEADER | POWER_MEMBER);

	/* viewers, delegates and council members hold no powers, even in the leader unit */
	assert_int_equal(powers(ROLE_VIEWER, 3), 0);
	assert_int_equal(powers(ROLE_DELEGATE, 3), 0);
	assert_int_equal(powers(ROLE_DELEGATE, 4), 0);
	assert_int_equal(powers(ROLE_COUNCIL_MEMBER, 2), 0);
	assert_int_equal(powers(ROLE_VIEWER | ROLE_DELEGATE | ROLE_COUNCIL_MEMBER, 3), 0);
	assert_int_equal(powers(0, 3), 0);

	/* roles add up */
	assert_int_equal(powers(ROLE_ADMIN | ROLE_UNIT_OFFICER, 3), ALL_POWERS);
	assert_int_equal(powers(ROLE_ADMIN | ROLE_UNIT_OFFICER, 5), POWER_AUTHORITY);
	assert_int_equal(powers(ROLE_AUTHORITY_OFFICER | ROLE_UNIT_OFFICER, 4), POWER_MEMBER);
	assert_int_equal(powers(ROLE_AUTHORITY_OFFICER | ROLE_DELEGATE, 2), POWER_AUTHORITY);

	/* the handover moves the leader's powers with it */
	struct principal p;
	memset(&p, 0, sizeof p);
	p.user_id = 42;
	p.roles = ROLE_UNIT_OFFICER;
	p.org_id = 3;
	assert_int_equal(authz_year_powers(&p, authority_chain, 2, 4, members, 3), POWER_MEMBER);
	p.org_id = 4;
	assert_int_equal(authz_year_powers(&p, authority_chain, 2, 4, members, 3),
			 POWER_LEADER | POWER_MEMBER);

	/* nobody logged in, or no principal */
	p.user_id = 0;
	p.roles = ROLE_ADMIN;
	assert_int_equal(authz_year_powers(&p, authority_chain, 2, 3, members, 3), 0);
	assert_int_equal(authz_year_powers(NULL, authority_chain, 2, 3, members, 3), 0);

	/* no authority chain: only admin holds the authority's powers */
	p.user_id = 42;
	p.roles = ROLE_AUTHORITY_OFFICER;
	p.org_id = 2;
	assert_int_equal(authz_year_powers(&p, NULL, 0, 3, members, 3), 0);
	p.roles = ROLE_ADMIN;
	assert_int_equal(authz_year_powers(&p, NULL, 0, 3, members, 3), POWER_AUTHORITY);
	/* no members */
	p.roles = ROLE_UNIT_OFFICER;
	p.org_id = 4;
	assert_int_equal(authz_year_powers(&p, authority_chain, 2, 3, NULL, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transitions_legal),
		cmocka_unit_test(test_transitions_table),
		cmocka_unit_test(test_open_predicates),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_handover_by_rotation),
		cmocka_unit_test(test_handover_check_leader),
		cmocka_unit_test(test_year_powers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
