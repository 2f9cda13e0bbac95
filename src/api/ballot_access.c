/*
** Who may do what with a ballot, and loading one for a request.
**
** A cluster ballot is managed by the year's leader unit and the
** organizing authority; a council ballot by the authority. Those on the
** ballot's list vote: a member unit through its unit officer or delegate,
** a listed user in person. The year's members, and anyone of the
** authority or above it, may read it.
*/
#include "api/ballots.h"
#include "core/ids.h"

#include <stdlib.h>
#include <string.h>

/* The caller's entry on the voters' list, if its roles make it one. */
static int64_t caller_as_voter(const struct principal *p, const struct ballot *b)
{
	if (b->voters == VOTERS_USERS)
		return p->user_id;
	if (p->org_id > 0 &&
	    (p->roles & (ROLE_UNIT_OFFICER | ROLE_LEADER_OFFICER | ROLE_DELEGATE)))
		return p->org_id;
	return 0;
}

static int find_caller_vote(struct ctx *cx, struct ballot_ctx *bc, struct error *e)
{
	int64_t me = caller_as_voter(&cx->who, &bc->b);
	struct ballot_voter v;
	struct error lookup;
	err_clear(&lookup);
	if (me <= 0)
		return 0;
	if (store_ballot_voter_get(cx->db, bc->b.id, me, &v, &lookup) != 0) {
		if (lookup.kind == ERR_NOT_FOUND)
			return 0;
		*e = lookup;
		return -1;
	}
	bc->voter_id = me;
	bc->voted = v.voted;
	bc->powers |= CAN_VOTE;
	return 0;
}

int ballot_access(struct ctx *cx, struct ballot_ctx *bc, struct error *e)
{
	const struct principal *p = &cx->who;
	const struct ballot *b = &bc->b;
	int64_t chain[ORG_CHAIN_MAX];
	size_t n = 0;
	bc->powers = 0;
	if (store_org_chain(cx->db, b->authority_id, chain, &n, e) != 0)
		return -1;
	if (b->cluster_id > 0) {
		/* the ballot's authority is its cluster's: the chain above serves
		 * the year's powers too, read once on every vote */
		struct cluster_year y;
		if (store_cluster_year_get(cx->db, b->cluster_id, b->year, &y, e) != 0)
			return -1;
		unsigned powers = authz_year_powers(p, chain, n, y.leader_id, y.members,
						    y.n_members);
		if (powers & (POWER_LEADER | POWER_AUTHORITY))
			bc->powers |= CAN_MANAGE;
		if (powers || (p->org_id > 0 && ids_contain(y.members, y.n_members, p->org_id)))
			bc->powers |= CAN_READ;
	} else if (authz_allows(p, ACT_CLUSTER_WRITE, chain, n)) {
		bc->powers |= CAN_MANAGE;
	}
	if ((p->roles & ROLE_ADMIN) || (p->org_id > 0 && ids_contain(chain, n, p->org_id)))
		bc->powers |= CAN_READ;
	if (find_caller_vote(cx, bc, e) != 0)
		return -1;
	if (bc->powers)
		bc->powers |= CAN_READ;
	return 0;
}

void ballot_ctx_free(struct ballot_ctx *bc)
{
	if (!bc)
		return;
	ballot_free(&bc->b);
	free(bc);
}

struct ballot_ctx *ballot_open(struct ctx *cx, struct request *rq, int for_write,
			       struct error *e)
{
	struct ballot_ctx *bc = calloc(1, sizeof *bc);
	if (!bc) {
		err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
		return NULL;
	}
	if ((for_write ? store_begin(cx->db, e) : store_begin_read(cx->db, e)) != 0 ||
	    store_ballot_get(cx->db, rq->params[0], &bc->b, e) != 0 ||
	    ballot_access(cx, bc, e) != 0) {
		ballot_ctx_free(bc);
		return NULL;
	}
	if (!(bc->powers & CAN_READ)) {
		err_set(e, ERR_FORBIDDEN, "forbidden", NULL, "you may not see this ballot");
		ballot_ctx_free(bc);
		return NULL;
	}
	return bc;
}

int ballot_require(const struct ballot_ctx *bc, unsigned power, const char *what,
		   struct error *e)
{
	if (bc->powers & power)
		return 0;
	if (power == CAN_VOTE)
		return err_set(e, ERR_FORBIDDEN, "not_a_voter", NULL,
			       "you are not on this ballot's list of voters");
	return err_set(e, ERR_FORBIDDEN, "forbidden", NULL, "only the %s may %s",
		       bc->b.cluster_id ? "cluster's leader or the authority" : "authority",
		       what);
}
