/*
** Who may do what, for which organization: the single policy every API
** handler consults. A request is allowed when the caller holds a role that
** grants the action AND the target organization lies where that role
** reaches (everywhere for admin, the subtree of its own org for an
** authority officer, its own org for a unit officer).
**
** The policy is pure: callers pass the target's chain of organizations
** (the org itself first, then its parent, up to the root), so it needs no
** storage and is unit-tested on its own.
*/
#ifndef THIDUA_AUTHZ_H
#define THIDUA_AUTHZ_H

#include <stddef.h>
#include <stdint.h>

enum role {
	ROLE_ADMIN = 1 << 0,
	ROLE_AUTHORITY_OFFICER = 1 << 1,
	ROLE_COUNCIL_MEMBER = 1 << 2,
	ROLE_LEADER_OFFICER = 1 << 3,
	ROLE_UNIT_OFFICER = 1 << 4,
	ROLE_DELEGATE = 1 << 5,
	ROLE_VIEWER = 1 << 6,
};
#define ROLE_COUNT 7

/* "admin" → ROLE_ADMIN; 0 when unknown. */
unsigned role_from_name(const char *name);
/* Name of one role bit, or NULL. */
const char *role_name(unsigned role);
/* The role bit of index i (0..ROLE_COUNT-1). */
unsigned role_at(int i);

struct principal {
	int64_t user_id;
	char username[65];
	unsigned roles; /* bit set of enum role */
	int64_t org_id; /* 0 when the user has no org */
};

enum action {
	ACT_PUBLIC = 0,       /* no login needed */
	ACT_SELF,             /* any logged-in user, about itself */
	ACT_ORG_READ,
	ACT_ORG_WRITE,        /* target: the org that owns it (its parent) */
	ACT_PERSON_READ,      /* target: the person's org */
	ACT_PERSON_WRITE,
	ACT_USER_ADMIN,
	ACT_CLUSTER_READ,
	ACT_CLUSTER_WRITE,    /* target: the cluster's organizing authority */
	ACT_AUDIT_READ,
	/* cluster-year work; the handler decides by authz_year_powers */
	ACT_YEAR_WORK,
	/* ballots: the handler decides by the ballot's cluster year or authority */
	ACT_BALLOT_READ,
	ACT_BALLOT_MANAGE,
	ACT_BALLOT_VOTE,      /* the handler checks the ballot's list of voters */
	/* awards: history and eligibility (a person's within the people scope) */
	ACT_AWARD_READ,
	ACT_RULES_WRITE,      /* replace the law's rule sets */
	/* proposals: the handler decides by proposer and reviewing authority */
	ACT_PROPOSAL_READ,
	ACT_PROPOSAL_WRITE,
	ACT_DECISION_WRITE,   /* target: the authority deciding, or the recipient */
	/* movements, models, indicators: catalogs and statistics anyone logged in reads */
	ACT_STATS_READ,
	ACT_MOVEMENT_WRITE,   /* target: the launching org */
	ACT_MOVEMENT_REGISTER,/* target: the registering unit */
	ACT_MODEL_WRITE,      /* target: the model's org (its own unit, or above) */
	ACT_MODEL_REVIEW,     /* target: the model's (or compilation's) org; authorities only */
	ACT_INDICATOR_WRITE,  /* the national catalog of indicators */
	ACT_REPORT_READ,      /* target: the reporting org */
	ACT_REPORT_WRITE,     /* target: the reporting org */
	ACT_REPORT_ACCEPT,    /* target: the reporting org; authorities only */
};

/*
** May the principal perform the action at all, whatever the target?
** The router asks this before a handler runs, so a caller without any
** suitable role is refused before its input is even read.
*/
int authz_role_may(const struct principal *p, enum action a);

/*
** May the principal perform the action on a target owned by chain[0]?
** chain lists the org and its ancestors; n may be 0 for "no org"
** (then only admin passes for scoped actions).
*/
int authz_allows(const struct principal *p, enum action a,
		 const int64_t *chain, size_t n);

/*
** A caller's powers in one cluster year (enum year_power): the authority's
** when it is admin or an authority officer over the cluster's organizing
** authority (authority_chain: that org and its ancestors); the leader's
** and a member's when it is a unit or leader officer of the year's leader
** unit or of a member unit. The leader role thus follows the cluster year:
** the handover that names another leader moves it.
*/
unsigned authz_year_powers(const struct principal *p, const int64_t *authority_chain,
			   size_t n, int64_t leader_id, const int64_t *members,
			   size_t n_members);

/* Which people a principal may list. */
enum scope_kind { SCOPE_NONE, SCOPE_ALL, SCOPE_SUBTREE, SCOPE_EXACT };
struct scope {
	enum scope_kind kind;
	int64_t org_id;
};
struct scope authz_people_scope(const struct principal *p);

#endif
