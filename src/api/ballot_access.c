/*
** Who may do what with a ballot, and the ballot as the API answers it.
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
		struct cluster c;
		struct cluster_year y;
		unsigned powers = 0;
		if (store_cluster_get(cx->db, b->cluster_id, &c, e) != 0 ||
		    store_cluster_year_get(cx->db, b->cluster_id, b->year, &y, e) != 0 ||
		    year_powers(cx, &c, &y, &powers, e) != 0)
			return -1;
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

static json_t *share_json(int parts)
{
	return json_real((double)parts / SHARE_SCALE);
}

static json_t *candidate_json(const struct ballot_candidate *k)
{
	json_t *j = json_pack("{s:i, s:s, s:b}", "id", k->id, "label", k->label, "priority",
			      k->priority);
	if (k->org_id)
		json_object_set_new(j, "org_id", json_integer(k->org_id));
	if (k->person_id)
		json_object_set_new(j, "person_id", json_integer(k->person_id));
	return j;
}

/* {"1": n, "2": m …}: one count per candidate id. */
json_t *counts_json(const struct ballot *b, const int64_t *per)
{
	json_t *j = json_object();
	char key[16];
	for (size_t i = 0; i < b->n_candidates; i++) {
		snprintf(key, sizeof key, "%d", b->candidates[i].id);
		json_object_set_new(j, key, json_integer(per[i]));
	}
	return j;
}

json_t *ballot_paper_json(const struct ballot *b)
{
	int64_t per[BALLOT_CANDIDATES_MAX];
	if (!b->has_paper)
		return json_null();
	json_t *j = json_pack("{s:I, s:s, s:s}", "ballots", (json_int_t)b->paper_ballots,
			      "minutes", b->paper_minutes, "entered_at", b->paper_at);
	/* how many voted on paper is participation; what they chose is a count */
	if (b->status != BALLOT_CLOSED)
		return j;
	for (size_t i = 0; i < b->n_candidates; i++)
		per[i] = b->candidates[i].paper_votes;
	json_object_set_new(j, "blank", json_integer(b->paper_blank));
	json_object_set_new(j, "invalid", json_integer(b->paper_invalid));
	json_object_set_new(j, "counts", counts_json(b, per));
	return j;
}

static json_t *powers_names(unsigned powers)
{
	json_t *a = json_array();
	if (powers & CAN_MANAGE)
		json_array_append_new(a, json_string("manage"));
	if (powers & CAN_VOTE)
		json_array_append_new(a, json_string("vote"));
	return a;
}

static const char *how_voted(int voted)
{
	return voted == 2 ? "paper" : voted == 1 ? "online" : NULL;
}

json_t *ballot_json(const struct ballot_ctx *bc)
{
	const struct ballot *b = &bc->b;
	json_t *cands = json_array();
	for (size_t i = 0; i < b->n_candidates; i++)
		json_array_append_new(cands, candidate_json(&b->candidates[i]));
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(b->id));
	json_object_set_new(j, "kind", json_string(ballot_kind_name(b->rules.kind)));
	json_object_set_new(j, "question", json_string(b->question));
	json_object_set_new(j, "candidates", cands);
	json_object_set_new(j, "seats", json_integer(b->rules.seats));
	json_object_set_new(j, "max_choices", json_integer(b->rules.max_choices));
	json_object_set_new(j, "threshold", share_json(b->rules.threshold));
	json_object_set_new(j, "threshold_base",
			    json_string(b->rules.base == BASE_CAST ? "cast" : "eligible"));
	json_object_set_new(j, "quorum", share_json(b->rules.quorum));
	json_object_set_new(j, "status", json_string(ballot_status_name(b->status)));
	json_object_set_new(j, "cluster_id", id_or_null(b->cluster_id));
	json_object_set_new(j, "year", json_integer(b->year));
	json_object_set_new(j, "authority_id", json_integer(b->authority_id));
	json_object_set_new(j, "voter_kind", json_string(voter_kind_name(b->voters)));
	json_object_set_new(j, "eligible", json_integer(b->eligible));
	json_object_set_new(j, "voted", json_integer(b->voted));
	json_object_set_new(j, "created_at", json_string(b->created_at));
	json_object_set_new(j, "opened_at", str_or_null(b->opened_at));
	json_object_set_new(j, "closed_at", str_or_null(b->closed_at));
	json_object_set_new(j, "paper", ballot_paper_json(b));
	json_object_set_new(j, "your_powers", powers_names(bc->powers));
	json_object_set_new(j, "your_vote",
			    bc->voter_id ? json_pack("{s:I, s:b, s:s?}", "voter_id",
						     (json_int_t)bc->voter_id, "voted",
						     bc->voted != 0, "how", how_voted(bc->voted))
					 : json_null());
	return j;
}

/* The voter's name: its unit's, or its user name. */
static json_t *voter_name(struct ctx *cx, const struct ballot *b, int64_t id)
{
	struct error ignored;
	err_clear(&ignored);
	if (b->voters == VOTERS_UNITS) {
		struct org o;
		if (store_org_get(cx->db, id, &o, &ignored) == 0)
			return json_string(o.name);
	} else {
		struct user u;
		if (store_user_get(cx->db, id, &u, &ignored) == 0)
			return json_string(u.username);
	}
	return json_null();
}

int ballot_voters_json(struct ctx *cx, const struct ballot *b, json_t **out, struct error *e)
{
	struct ballot_voter *voters = NULL;
	size_t n = 0;
	if (store_ballot_voters(cx->db, b->id, &voters, &n, e) != 0)
		return -1;
	*out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*out, json_pack("{s:I, s:o, s:s?}", "id",
						      (json_int_t)voters[i].id, "name",
						      voter_name(cx, b, voters[i].id), "voted",
						      how_voted(voters[i].voted)));
	free(voters);
	return 0;
}
