/* The authorization policy: roles × actions × organization reach. */
#include "domain/authz.h"

#include <string.h>

#include "core/ids.h"
#include "domain/cluster.h"

static const struct {
	unsigned bit;
	const char *name;
} roles[ROLE_COUNT] = {
	{ROLE_ADMIN, "admin"},
	{ROLE_AUTHORITY_OFFICER, "authority_officer"},
	{ROLE_COUNCIL_MEMBER, "council_member"},
	{ROLE_LEADER_OFFICER, "leader_officer"},
	{ROLE_UNIT_OFFICER, "unit_officer"},
	{ROLE_DELEGATE, "delegate"},
	{ROLE_VIEWER, "viewer"},
};

unsigned role_from_name(const char *name)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(roles[i].name, name) == 0)
			return roles[i].bit;
	return 0;
}

const char *role_name(unsigned role)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (roles[i].bit == role)
			return roles[i].name;
	return NULL;
}

unsigned role_at(int i)
{
	return (i >= 0 && i < ROLE_COUNT) ? roles[i].bit : 0;
}

#define ANY_ROLE 0x7Fu

/* Roles that grant each action somewhere; reach is decided below. */
static unsigned roles_granting(enum action a)
{
	switch (a) {
	case ACT_PUBLIC:
	case ACT_SELF:
	case ACT_ORG_READ:
	case ACT_CLUSTER_READ:
	case ACT_BALLOT_READ:
	case ACT_BALLOT_VOTE:
	case ACT_AWARD_READ:
	case ACT_STATS_READ:
		return ANY_ROLE;
	case ACT_ORG_WRITE:
	case ACT_CLUSTER_WRITE:
		return ROLE_ADMIN | ROLE_AUTHORITY_OFFICER;
	case ACT_PERSON_READ:
		return ROLE_ADMIN | ROLE_AUTHORITY_OFFICER | ROLE_COUNCIL_MEMBER |
		       ROLE_LEADER_OFFICER | ROLE_UNIT_OFFICER;
	case ACT_PERSON_WRITE:
		return ROLE_ADMIN | ROLE_AUTHORITY_OFFICER | ROLE_LEADER_OFFICER |
		       ROLE_UNIT_OFFICER;
	case ACT_USER_ADMIN:
	case ACT_AUDIT_READ:
	case ACT_RULES_WRITE:
		return ROLE_ADMIN;
	case ACT_PROPOSAL_READ:
		return ROLE_ADMIN | ROLE_AUTHORITY_OFFICER | ROLE_COUNCIL_MEMBER |
		       ROLE_LEADER_OFFICER | ROLE_UNIT_OFFICER;
	case ACT_PROPOSAL_WRITE:
		return ROLE_ADMIN | ROLE_AUTHORITY_OFFICER | ROLE_LEADER_OFFICER |
		       ROLE_UNIT_OFFICER;
	case ACT_DECISION_WRITE:
	case ACT_MOVEMENT_WRITE:
	case ACT_MODEL_REVIEW:
	case ACT_REPORT_ACCEPT:
		return ROLE_ADMIN | ROLE_AUTHORITY_OFFICER;
	case ACT_INDICATOR_WRITE:
		return ROLE_ADMIN;
	case ACT_REPORT_READ:
		return ROLE_ADMIN | ROLE_AUTHORITY_OFFICER | ROLE_COUNCIL_MEMBER |
		       ROLE_LEADER_OFFICER | ROLE_UNIT_OFFICER;
	case ACT_MOVEMENT_REGISTER:
	case ACT_MODEL_WRITE:
	case ACT_REPORT_WRITE:
		return ROLE_ADMIN | ROLE_AUTHORITY_OFFICER | ROLE_LEADER_OFFICER |
		       ROLE_UNIT_OFFICER;
	case ACT_YEAR_WORK:
	case ACT_BALLOT_MANAGE:
		return ROLE_ADMIN | ROLE_AUTHORITY_OFFICER | ROLE_LEADER_OFFICER |
		       ROLE_UNIT_OFFICER;
	}
	return 0;
}

int authz_role_may(const struct principal *p, enum action a)
{
	if (a == ACT_PUBLIC)
		return 1;
	if (!p || p->user_id <= 0)
		return 0;
	return (p->roles & roles_granting(a)) != 0;
}

/* Does one role of the principal reach the target for this action? */
static int role_reaches(unsigned role, const struct principal *p,
			const int64_t *chain, size_t n)
{
	int has_org = p->org_id > 0;
	switch (role) {
	case ROLE_ADMIN:
		return 1;
	case ROLE_AUTHORITY_OFFICER:
	case ROLE_COUNCIL_MEMBER:
		/* its own organization and everything beneath it */
		return has_org && ids_contain(chain, n, p->org_id);
	case ROLE_LEADER_OFFICER:
	case ROLE_UNIT_OFFICER:
		/* its own unit only, never a neighbour or a child */
		return has_org && n > 0 && chain[0] == p->org_id;
	default:
		return 0;
	}
}

int authz_allows(const struct principal *p, enum action a,
		 const int64_t *chain, size_t n)
{
	if (!authz_role_may(p, a))
		return 0;
	if (roles_granting(a) == ANY_ROLE)
		return 1;
	unsigned granted = p->roles & roles_granting(a);
	for (int i = 0; i < ROLE_COUNT; i++) {
		unsigned r = role_at(i);
		if ((granted & r) && role_reaches(r, p, chain, n))
			return 1;
	}
	return 0;
}

struct scope authz_people_scope(const struct principal *p)
{
	struct scope s = {SCOPE_NONE, 0};
	if (!authz_role_may(p, ACT_PERSON_READ))
		return s;
	if (p->roles & ROLE_ADMIN) {
		s.kind = SCOPE_ALL;
	} else if (p->org_id > 0 &&
		   (p->roles & (ROLE_AUTHORITY_OFFICER | ROLE_COUNCIL_MEMBER))) {
		s.kind = SCOPE_SUBTREE;
		s.org_id = p->org_id;
	} else if (p->org_id > 0) {
		s.kind = SCOPE_EXACT;
		s.org_id = p->org_id;
	}
	return s;
}

unsigned authz_year_powers(const struct principal *p, const int64_t *authority_chain,
			   size_t n, int64_t leader_id, const int64_t *members,
			   size_t n_members)
{
	unsigned powers = 0;
	if (!p || p->user_id <= 0)
		return 0;
	if ((p->roles & ROLE_ADMIN) ||
	    ((p->roles & ROLE_AUTHORITY_OFFICER) && p->org_id > 0 &&
	     ids_contain(authority_chain, n, p->org_id)))
		powers |= POWER_AUTHORITY;
	if (!(p->roles & (ROLE_UNIT_OFFICER | ROLE_LEADER_OFFICER)) || p->org_id <= 0)
		return powers;
	if (p->org_id == leader_id)
		powers |= POWER_LEADER;
	if (ids_contain(members, n_members, p->org_id))
		powers |= POWER_MEMBER;
	return powers;
}
