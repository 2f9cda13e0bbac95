/*
** The authorization policy (domain/authz.h), checked as a full matrix:
** every role × every action × targets inside and outside the role's reach.
**
** The organization tree used throughout:
**
**   1 ministry (authority)          6 other root (authority)
**   └─ 2 province (authority)       └─ 7 unit
**      ├─ 3 unit
**      │  └─ 5 sub-unit
**      └─ 4 unit (neighbour of 3)
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/authz.h"

/* Chains (the org itself first, then its ancestors), indexed by org id. */
static const int64_t chain1[] = {1};
static const int64_t chain2[] = {2, 1};
static const int64_t chain3[] = {3, 2, 1};
static const int64_t chain4[] = {4, 2, 1};
static const int64_t chain5[] = {5, 3, 2, 1};
static const int64_t chain6[] = {6};
static const int64_t chain7[] = {7, 6};

struct target {
	int64_t org; /* 0: no org (n = 0) */
	const int64_t *chain;
	size_t n;
};

static const struct target targets[] = {
	{0, NULL, 0},
	{1, chain1, 1},
	{2, chain2, 2},
	{3, chain3, 3},
	{4, chain4, 3},
	{5, chain5, 4},
	{6, chain6, 1},
	{7, chain7, 2},
};
#define N_TARGETS (sizeof targets / sizeof targets[0])

static const enum action all_actions[] = {
	ACT_PUBLIC,       ACT_SELF,       ACT_ORG_READ,   ACT_ORG_WRITE,
	ACT_PERSON_READ,  ACT_PERSON_WRITE, ACT_USER_ADMIN, ACT_CLUSTER_READ,
	ACT_CLUSTER_WRITE, ACT_AUDIT_READ, ACT_AWARD_READ, ACT_RULES_WRITE,
	ACT_PROPOSAL_READ, ACT_PROPOSAL_WRITE, ACT_DECISION_WRITE,
	ACT_STATS_READ, ACT_MOVEMENT_WRITE, ACT_MOVEMENT_REGISTER, ACT_MODEL_WRITE,
	ACT_MODEL_REVIEW, ACT_INDICATOR_WRITE, ACT_REPORT_READ, ACT_REPORT_WRITE,
	ACT_REPORT_ACCEPT,
};
#define N_ACTIONS (sizeof all_actions / sizeof all_actions[0])

/* Where a role lets its holder perform an action. */
enum reach { NEVER, EVERYWHERE, SUBTREE, EXACT };

/*
** The expected policy, written out from the product spec (§2): admin does
** everything; an authority officer manages what lies under its authority;
** a council member may read people there but change nothing; unit and
** leader officers act for their own unit only; delegates and viewers see
** the public directory (orgs, clusters) and no personal data.
*/
static enum reach expected(unsigned role, enum action a)
{
	switch (a) {
	case ACT_PUBLIC:
	case ACT_SELF:
	case ACT_ORG_READ:
	case ACT_CLUSTER_READ:
	case ACT_AWARD_READ:
	case ACT_STATS_READ:
		return EVERYWHERE;
	default:
		break;
	}
	switch (role) {
	case ROLE_ADMIN:
		return EVERYWHERE;
	case ROLE_AUTHORITY_OFFICER:
		switch (a) {
		case ACT_ORG_WRITE:
		case ACT_PERSON_READ:
		case ACT_PERSON_WRITE:
		case ACT_CLUSTER_WRITE:
		case ACT_PROPOSAL_READ:
		case ACT_PROPOSAL_WRITE:
		case ACT_DECISION_WRITE:
		case ACT_MOVEMENT_WRITE:
		case ACT_MOVEMENT_REGISTER:
		case ACT_MODEL_WRITE:
		case ACT_MODEL_REVIEW:
		case ACT_REPORT_READ:
		case ACT_REPORT_WRITE:
		case ACT_REPORT_ACCEPT:
			return SUBTREE;
		default:
			return NEVER;
		}
	case ROLE_COUNCIL_MEMBER:
		return (a == ACT_PERSON_READ || a == ACT_PROPOSAL_READ || a == ACT_REPORT_READ)
			       ? SUBTREE
			       : NEVER;
	case ROLE_LEADER_OFFICER:
	case ROLE_UNIT_OFFICER:
		return (a == ACT_PERSON_READ || a == ACT_PERSON_WRITE || a == ACT_PROPOSAL_READ ||
			a == ACT_PROPOSAL_WRITE || a == ACT_MOVEMENT_REGISTER ||
			a == ACT_MODEL_WRITE || a == ACT_REPORT_READ || a == ACT_REPORT_WRITE)
			       ? EXACT
			       : NEVER;
	default: /* delegate, viewer */
		return NEVER;
	}
}

static int in_chain(const struct target *t, int64_t org)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->chain[i] == org)
			return 1;
	return 0;
}

static int reaches(enum reach r, int64_t own_org, const struct target *t)
{
	switch (r) {
	case EVERYWHERE:
		return 1;
	case SUBTREE:
		return own_org > 0 && in_chain(t, own_org);
	case EXACT:
		return own_org > 0 && t->n > 0 && t->chain[0] == own_org;
	default:
		return 0;
	}
}

static struct principal who(unsigned roles, int64_t org)
{
	struct principal p;
	memset(&p, 0, sizeof p);
	p.user_id = 42;
	snprintf(p.username, sizeof p.username, "tester");
	p.roles = roles;
	p.org_id = org;
	return p;
}

/* Check one single-role principal against the expected matrix. */
static void check_role_matrix(unsigned role, int64_t org)
{
	struct principal p = who(role, org);
	for (size_t ai = 0; ai < N_ACTIONS; ai++) {
		enum action a = all_actions[ai];
		enum reach r = expected(role, a);
		int may = authz_role_may(&p, a);
		if (may != (r != NEVER))
			fail_msg("role %s org %lld action %d: authz_role_may = %d, want %d",
				 role_name(role), (long long)org, (int)a, may, r != NEVER);
		for (size_t ti = 0; ti < N_TARGETS; ti++) {
			const struct target *t = &targets[ti];
			int got = authz_allows(&p, a, t->chain, t->n);
			int want = reaches(r, org, t);
			if (got != want)
				fail_msg("role %s (org %lld), action %d, target org %lld: "
					 "allowed = %d, want %d",
					 role_name(role), (long long)org, (int)a,
					 (long long)t->org, got, want);
		}
	}
}

static void test_matrix_admin(void **state)
{
	(void)state;
	check_role_matrix(ROLE_ADMIN, 0);
	check_role_matrix(ROLE_ADMIN, 3); /* an org does not narrow admin */
}

static void test_matrix_authority_officer(void **state)
{
	(void)state;
	check_role_matrix(ROLE_AUTHORITY_OFFICER, 2);
	check_role_matrix(ROLE_AUTHORITY_OFFICER, 1);
	check_role_matrix(ROLE_AUTHORITY_OFFICER, 6);
}

static void test_matrix_council_member(void **state)
{
	(void)state;
	check_role_matrix(ROLE_COUNCIL_MEMBER, 2);
}

static void test_matrix_leader_officer(void **state)
{
	(void)state;
	check_role_matrix(ROLE_LEADER_OFFICER, 3);
}

static void test_matrix_unit_officer(void **state)
{
	(void)state;
	check_role_matrix(ROLE_UNIT_OFFICER, 3);
	check_role_matrix(ROLE_UNIT_OFFICER, 5);
}

static void test_matrix_delegate_viewer(void **state)
{
	(void)state;
	check_role_matrix(ROLE_DELEGATE, 3);
	check_role_matrix(ROLE_VIEWER, 3);
	check_role_matrix(ROLE_VIEWER, 0);
}

/* The cases the spec names, spelled out one by one. */
static void test_authority_officer_subtree(void **state)
{
	(void)state;
	struct principal p = who(ROLE_AUTHORITY_OFFICER, 2);
	assert_true(authz_allows(&p, ACT_PERSON_WRITE, chain2, 2));  /* itself */
	assert_true(authz_allows(&p, ACT_PERSON_WRITE, chain3, 3));  /* a child */
	assert_true(authz_allows(&p, ACT_PERSON_WRITE, chain5, 4));  /* a grandchild */
	assert_false(authz_allows(&p, ACT_PERSON_WRITE, chain1, 1)); /* its parent */
	assert_false(authz_allows(&p, ACT_PERSON_WRITE, chain7, 2)); /* another tree */
	assert_false(authz_allows(&p, ACT_CLUSTER_WRITE, NULL, 0));  /* no org */
	assert_true(authz_allows(&p, ACT_CLUSTER_WRITE, chain2, 2));
	assert_false(authz_allows(&p, ACT_USER_ADMIN, chain2, 2));
	assert_false(authz_allows(&p, ACT_AUDIT_READ, chain2, 2));
}

static void test_unit_officer_exact(void **state)
{
	(void)state;
	struct principal p = who(ROLE_UNIT_OFFICER, 3);
	assert_true(authz_allows(&p, ACT_PERSON_WRITE, chain3, 3));
	assert_true(authz_allows(&p, ACT_PERSON_READ, chain3, 3));
	assert_false(authz_allows(&p, ACT_PERSON_WRITE, chain5, 4)); /* child unit */
	assert_false(authz_allows(&p, ACT_PERSON_READ, chain5, 4));
	assert_false(authz_allows(&p, ACT_PERSON_WRITE, chain4, 3)); /* neighbour */
	assert_false(authz_allows(&p, ACT_PERSON_READ, chain2, 2));  /* its parent */
	assert_false(authz_allows(&p, ACT_ORG_WRITE, chain3, 3));    /* not its role */
	assert_false(authz_allows(&p, ACT_CLUSTER_WRITE, chain3, 3));
}

static void test_council_member_reads_only(void **state)
{
	(void)state;
	struct principal p = who(ROLE_COUNCIL_MEMBER, 2);
	assert_true(authz_allows(&p, ACT_PERSON_READ, chain5, 4));
	assert_false(authz_allows(&p, ACT_PERSON_READ, chain1, 1));
	assert_false(authz_allows(&p, ACT_PERSON_WRITE, chain2, 2));
	assert_false(authz_allows(&p, ACT_PERSON_WRITE, chain5, 4));
	assert_false(authz_allows(&p, ACT_ORG_WRITE, chain3, 3));
	assert_true(authz_role_may(&p, ACT_PERSON_READ));
	assert_false(authz_role_may(&p, ACT_PERSON_WRITE));
}

static void test_viewer_delegate_no_people(void **state)
{
	(void)state;
	unsigned roles[] = {ROLE_VIEWER, ROLE_DELEGATE, ROLE_VIEWER | ROLE_DELEGATE};
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		struct principal p = who(roles[i], 3);
		assert_false(authz_role_may(&p, ACT_PERSON_READ));
		assert_false(authz_allows(&p, ACT_PERSON_READ, chain3, 3));
		assert_false(authz_allows(&p, ACT_PERSON_WRITE, chain3, 3));
		assert_true(authz_allows(&p, ACT_ORG_READ, chain7, 2));
		assert_true(authz_allows(&p, ACT_CLUSTER_READ, chain7, 2));
		assert_true(authz_role_may(&p, ACT_SELF));
	}
}

/* A scoped role without an org reaches nothing. */
static void test_user_without_org(void **state)
{
	(void)state;
	unsigned scoped[] = {ROLE_AUTHORITY_OFFICER, ROLE_COUNCIL_MEMBER, ROLE_LEADER_OFFICER,
			     ROLE_UNIT_OFFICER};
	for (size_t i = 0; i < sizeof scoped / sizeof scoped[0]; i++) {
		struct principal p = who(scoped[i], 0);
		for (size_t ti = 0; ti < N_TARGETS; ti++) {
			const struct target *t = &targets[ti];
			assert_false(authz_allows(&p, ACT_PERSON_READ, t->chain, t->n));
			assert_false(authz_allows(&p, ACT_PERSON_WRITE, t->chain, t->n));
			assert_false(authz_allows(&p, ACT_ORG_WRITE, t->chain, t->n));
			assert_false(authz_allows(&p, ACT_CLUSTER_WRITE, t->chain, t->n));
		}
		/* Reading the directory needs no org. */
		assert_true(authz_allows(&p, ACT_ORG_READ, NULL, 0));
	}
	/* Admin needs none. */
	struct principal admin = who(ROLE_ADMIN, 0);
	assert_true(authz_allows(&admin, ACT_PERSON_WRITE, NULL, 0));
	assert_true(authz_allows(&admin, ACT_USER_ADMIN, NULL, 0));
}

/* Several roles: any one of them that reaches is enough, and no more. */
static void test_combined_roles(void **state)
{
	(void)state;
	struct principal p = who(ROLE_UNIT_OFFICER | ROLE_COUNCIL_MEMBER, 3);
	assert_true(authz_allows(&p, ACT_PERSON_READ, chain5, 4));   /* via council */
	assert_false(authz_allows(&p, ACT_PERSON_WRITE, chain5, 4)); /* unit: exact only */
	assert_true(authz_allows(&p, ACT_PERSON_WRITE, chain3, 3));

	struct principal q = who(ROLE_VIEWER | ROLE_AUTHORITY_OFFICER, 2);
	assert_true(authz_allows(&q, ACT_PERSON_WRITE, chain4, 3));
	assert_false(authz_allows(&q, ACT_USER_ADMIN, chain4, 3));
}

/* Not logged in: only public actions, whatever the roles field says. */
static void test_anonymous(void **state)
{
	(void)state;
	struct principal p = who(ROLE_ADMIN, 0);
	p.user_id = 0;
	for (size_t ai = 0; ai < N_ACTIONS; ai++) {
		enum action a = all_actions[ai];
		assert_int_equal(authz_role_may(&p, a), a == ACT_PUBLIC);
		assert_int_equal(authz_role_may(NULL, a), a == ACT_PUBLIC);
		assert_int_equal(authz_allows(&p, a, chain3, 3), a == ACT_PUBLIC);
	}
	struct principal none = who(0, 3); /* logged in, no roles at all */
	assert_false(authz_role_may(&none, ACT_PERSON_READ));
	assert_false(authz_allows(&none, ACT_PERSON_READ, chain3, 3));
}

static void test_people_scope(void **state)
{
	(void)state;
	struct {
		unsigned roles;
		int64_t org;
		enum scope_kind kind;
		int64_t scope_org;
	} cases[] = {
		{ROLE_ADMIN, 0, SCOPE_ALL, 0},
		{ROLE_ADMIN | ROLE_UNIT_OFFICER, 3, SCOPE_ALL, 0},
		{ROLE_AUTHORITY_OFFICER, 2, SCOPE_SUBTREE, 2},
		{ROLE_COUNCIL_MEMBER, 2, SCOPE_SUBTREE, 2},
		{ROLE_UNIT_OFFICER, 3, SCOPE_EXACT, 3},
		{ROLE_LEADER_OFFICER, 3, SCOPE_EXACT, 3},
		{ROLE_UNIT_OFFICER | ROLE_AUTHORITY_OFFICER, 3, SCOPE_SUBTREE, 3},
		{ROLE_VIEWER, 3, SCOPE_NONE, 0},
		{ROLE_DELEGATE, 3, SCOPE_NONE, 0},
		{ROLE_UNIT_OFFICER, 0, SCOPE_NONE, 0},
		{ROLE_AUTHORITY_OFFICER, 0, SCOPE_NONE, 0},
		{0, 3, SCOPE_NONE, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct principal p = who(cases[i].roles, cases[i].org);
		struct scope s = authz_people_scope(&p);
		if (s.kind != cases[i].kind || (s.kind != SCOPE_ALL && s.kind != SCOPE_NONE &&
						 s.org_id != cases[i].scope_org))
			fail_msg("case %zu: scope %d/%lld, want %d/%lld", i, (int)s.kind,
				 (long long)s.org_id, (int)cases[i].kind,
				 (long long)cases[i].scope_org);
	}
	struct principal anon = who(ROLE_ADMIN, 0);
	anon.user_id = 0;
	assert_int_equal(authz_people_scope(&anon).kind, SCOPE_NONE);
}

/* The people a scope admits agree with what authz_allows permits one by one. */
static void test_scope_agrees_with_allows(void **state)
{
	(void)state;
	unsigned roles[] = {ROLE_ADMIN, ROLE_AUTHORITY_OFFICER, ROLE_COUNCIL_MEMBER,
			    ROLE_LEADER_OFFICER, ROLE_UNIT_OFFICER, ROLE_DELEGATE, ROLE_VIEWER};
	int64_t orgs[] = {0, 2, 3};
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		for (size_t j = 0; j < sizeof orgs / sizeof orgs[0]; j++) {
			struct principal p = who(roles[i], orgs[j]);
			struct scope s = authz_people_scope(&p);
			for (size_t ti = 1; ti < N_TARGETS; ti++) {
				const struct target *t = &targets[ti];
				int in_scope = s.kind == SCOPE_ALL ||
					       (s.kind == SCOPE_SUBTREE && in_chain(t, s.org_id)) ||
					       (s.kind == SCOPE_EXACT && t->chain[0] == s.org_id);
				int allowed = authz_allows(&p, ACT_PERSON_READ, t->chain, t->n);
				if (in_scope != allowed)
					fail_msg("role %s org %lld target %lld: scope %d, allows %d",
						 role_name(roles[i]), (long long)orgs[j],
						 (long long)t->org, in_scope, allowed);
			}
		}
	}
}

static void test_role_names(void **state)
{
	(void)state;
	static const char *const names[] = {"admin", "authority_officer", "council_member",
					    "leader_officer", "unit_officer", "delegate",
					    "viewer"};
	unsigned seen = 0;
	assert_int_equal(sizeof names / sizeof names[0], ROLE_COUNT);
	for (int i = 0; i < ROLE_COUNT; i++) {
		unsigned bit = role_at(i);
		assert_int_not_equal(bit, 0);
		assert_int_equal(bit & (bit - 1), 0); /* exactly one bit */
		assert_int_equal(seen & bit, 0);      /* distinct */
		seen |= bit;
		const char *name = role_name(bit);
		assert_non_null(name);
		assert_int_equal(role_from_name(name), bit);
		assert_int_equal(role_from_name(names[i]), bit);
	}
	assert_int_equal(seen, 0x7Fu);
	assert_int_equal(role_at(-1), 0);
	assert_int_equal(role_at(ROLE_COUNT), 0);
	assert_null(role_name(0));
	assert_null(role_name(ROLE_ADMIN | ROLE_VIEWER));
	assert_null(role_name(1u << 7));
	assert_int_equal(role_from_name(""), 0);
	assert_int_equal(role_from_name("Admin"), 0);
	assert_int_equal(role_from_name("admin "), 0);
	assert_int_equal(role_from_name("root"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix_admin),
		cmocka_unit_test(test_matrix_authority_officer),
		cmocka_unit_test(test_matrix_council_member),
		cmocka_unit_test(test_matrix_leader_officer),
		cmocka_unit_test(test_matrix_unit_officer),
		cmocka_unit_test(test_matrix_delegate_viewer),
		cmocka_unit_test(test_authority_officer_subtree),
		cmocka_unit_test(test_unit_officer_exact),
		cmocka_unit_test(test_council_member_reads_only),
		cmocka_unit_test(test_viewer_delegate_no_people),
		cmocka_unit_test(test_user_without_org),
		cmocka_unit_test(test_combined_roles),
		cmocka_unit_test(test_anonymous),
		cmocka_unit_test(test_people_scope),
		cmocka_unit_test(test_scope_agrees_with_allows),
		cmocka_unit_test(test_role_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
