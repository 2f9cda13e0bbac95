/*
** A ballot as the API answers it: the ballot with the caller's powers,
** the voters' list for those who manage it, and the published result —
** void, or the counts with every receipt and every ballot in two lists.
*/
#include "api/ballots.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	/* how many voted on paper is participation; what they chose is a
	 * count, shown only once closed, and never for a void ballot */
	if (b->status != BALLOT_CLOSED || ballot_void(b))
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
			    json_string(threshold_base_name(b->rules.base)));
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
						     bc->voted != NOT_VOTED, "how", voted_name(bc->voted))
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
						      voted_name(voters[i].voted)));
	free(voters);
	return 0;
}

static json_t *candidate_ids_json(const struct ballot *b, const size_t *idx, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer(b->candidates[idx[i]].id));
	return a;
}

/* Marks → [1, 4] (the stored form was checked when counting). */
static json_t *choices_json(const struct ballot *b, const char *marks)
{
	int ids[BALLOT_CANDIDATES_MAX];
	size_t n = 0;
	json_t *a = json_array();
	if (choices_parse(marks, b->n_candidates, ids, &n) == 0)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, json_integer(ids[i]));
	return a;
}

/* Every receipt's hash and every online ballot, apart: enough to recount. */
static void add_published_ballots(json_t *j, const struct ballot *b,
				  const struct ballot_outcome *o)
{
	json_t *receipts = json_array(), *ballots = json_array();
	for (size_t i = 0; i < o->n_receipts; i++)
		json_array_append_new(receipts, json_string(o->receipts[i]));
	for (size_t i = 0; i < o->n_votes; i++)
		json_array_append_new(ballots, choices_json(b, o->votes[i].marks));
	json_object_set_new(j, "receipts", receipts);
	json_object_set_new(j, "ballots", ballots);
}

/* What every result says, void or not. */
static json_t *result_head(const struct ballot *b, const struct ballot_outcome *o)
{
	json_t *j = json_object();
	json_object_set_new(j, "ballot_id", json_integer(b->id));
	json_object_set_new(j, "status", json_string(ballot_status_name(b->status)));
	json_object_set_new(j, "void", json_boolean(o->is_void));
	json_object_set_new(j, "eligible", json_integer(o->counts.eligible));
	json_object_set_new(j, "cast", json_integer(o->counts.cast));
	json_object_set_new(j, "invalid", json_integer(o->counts.invalid));
	json_object_set_new(j, "threshold", json_real((double)b->rules.threshold / SHARE_SCALE));
	json_object_set_new(j, "threshold_base", json_string(threshold_base_name(b->rules.base)));
	json_object_set_new(j, "quorum", json_real((double)b->rules.quorum / SHARE_SCALE));
	json_object_set_new(j, "seats", json_integer(b->rules.seats));
	return j;
}

json_t *ballot_result_json(const struct ballot *b, const struct ballot_outcome *o,
			   int with_ballots)
{
	const struct ballot_result *r = &o->result;
	json_t *j = result_head(b, o);
	if (o->is_void) {
		json_object_set_new(j, "void_reason",
				    json_sprintf("fewer than %d ballots in a group whose counts "
						 "would be published: no count is shown, to keep "
						 "the vote secret", BALLOT_SECRET_MIN));
		json_object_set_new(j, "passed", json_array());
		return j;
	}
	int chair[BALLOT_CANDIDATES_MAX];
	size_t n_chair = ballot_chair_order(b, chair);
	json_t *casting = json_array();
	for (size_t i = 0; i < n_chair; i++)
		json_array_append_new(casting, json_integer(b->candidates[chair[i]].id));
	json_object_set_new(j, "blank", json_integer(o->counts.blank));
	json_object_set_new(j, "online", json_pack("{s:I, s:I}", "cast", (json_int_t)o->n_votes,
						   "blank", (json_int_t)o->online_blank));
	json_object_set_new(j, "paper", ballot_paper_json(b));
	json_object_set_new(j, "counts", counts_json(b, o->per));
	json_object_set_new(j, "needed", json_integer(r->needed));
	json_object_set_new(j, "quorum_met", json_boolean(r->quorum_met));
	json_object_set_new(j, "passed", candidate_ids_json(b, r->passed, r->n_passed));
	json_object_set_new(j, "undecided", candidate_ids_json(b, r->undecided, r->n_undecided));
	json_object_set_new(j, "open_seats", json_integer((json_int_t)r->open_seats));
	json_object_set_new(j, "decided_by", json_string(cutoff_rule_name(r->cutoff)));
	json_object_set_new(j, "casting_votes", casting);
	json_object_set_new(j, "digest", json_string(o->digest));
	if (with_ballots)
		add_published_ballots(j, b, o);
	return j;
}
