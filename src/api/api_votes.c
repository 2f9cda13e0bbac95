/*
** /ballots/{id}/votes, /paper, /casting-vote, /result and
** /receipts/{receipt}: casting a secret ballot, entering a hybrid
** conference's paper ballots as counts, the chair's casting vote at a tie,
** the published result, and checking a receipt.
**
** A vote is stored as its receipt's hash and its choices only; the voter
** is marked as having voted in another table, in the same transaction, so
** that a vote is never counted without its voter nor a voter marked
** without its vote. Neither the log nor the audit chain holds a choice or
** a receipt (the access log blanks the receipt out of the path).
*/
#include "api/ballots.h"
#include "api/fields.h"
#include "core/ids.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const vote_fields[] = {"choices", NULL};
static const char *const paper_fields[] = {"voters", "blank", "invalid", "counts", "minutes",
					   NULL};
static const char *const casting_fields[] = {"candidate_ids", NULL};

/* Candidate ids from a body into indexes, checked for the ballot's kind. */
static int choices_from_json(json_t *body, const struct ballot *b, int *idx, size_t *n,
			     struct error *e)
{
	int64_t ids[BALLOT_CANDIDATES_MAX];
	if (field_ids(body, "choices", ids, BALLOT_CANDIDATES_MAX, n, REQUIRED, e) != 0)
		return -1;
	/* ids are 1..n; anything else becomes -1, which the check refuses */
	for (size_t i = 0; i < *n; i++)
		idx[i] = ids[i] <= (int64_t)b->n_candidates ? (int)ids[i] - 1 : -1;
	return ballot_check_choices(&b->rules, b->n_candidates, idx, *n, e) < 0 ? -1 : 0;
}

/* Store one ballot: the voter marked, a new receipt, the choices. */
static int cast(struct ctx *cx, const struct ballot_ctx *bc, const int *idx, size_t n,
		char receipt[RECEIPT_TEXT_BYTES], char hash[RECEIPT_HASH_BYTES],
		struct error *e)
{
	int ids[BALLOT_CANDIDATES_MAX];
	for (size_t i = 0; i < n; i++)
		ids[i] = bc->b.candidates[idx[i]].id;
	return store_ballot_cast(cx->db, &bc->b, bc->voter_id, ids, n, receipt, hash, e);
}

void api_ballot_vote(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *body = req_json_object(rq, &e), *after = NULL;
	int idx[BALLOT_CANDIDATES_MAX];
	size_t n = 0;
	char receipt[RECEIPT_TEXT_BYTES] = "", hash[RECEIPT_HASH_BYTES] = "";
	struct ballot_ctx *bc = NULL;
	if (!body || fields_known(body, vote_fields, &e) != 0 ||
	    !(bc = ballot_open(cx, rq, 1, &e)) ||
	    ballot_require(bc, CAN_VOTE, "vote", &e) != 0 ||
	    ballot_require_status(&bc->b, BALLOT_OPEN, "vote", &e) != 0 ||
	    choices_from_json(body, &bc->b, idx, &n, &e) != 0 ||
	    cast(cx, bc, idx, n, receipt, hash, &e) != 0)
		goto fail;
	/* the audit says who took part, never what they chose */
	after = json_pack("{s:I}", "voter_id", (json_int_t)bc->voter_id);
	if (api_audit(cx, rq, "vote", "ballot", bc->b.id, NULL, after, &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	resp_json(rs, 201, json_pack("{s:I, s:s, s:s}", "ballot_id", (json_int_t)bc->b.id,
				     "receipt", receipt, "receipt_hash", hash));
	goto done;
fail:
	api_fail(cx, rs, &e);
done:
	json_decref(body);
	json_decref(after);
	ballot_ctx_free(bc);
}

/* {"1": 5, "3": 2}: votes per candidate id, absent ones 0. */
static int paper_votes_from_json(json_t *body, struct ballot *b, struct error *e)
{
	json_t *counts = json_object_get(body, "counts"), *v;
	const char *key;
	if (!json_is_object(counts))
		return err_set(e, ERR_INVALID, counts ? "wrong_type" : "required", "counts",
			       "counts maps candidate ids to votes: {\"1\": 5}");
	for (size_t i = 0; i < b->n_candidates; i++)
		b->candidates[i].paper_votes = 0;
	json_object_foreach(counts, key, v) {
		/* the id as the API writes it ("12", not "012" nor " 12"): one key per candidate */
		char *end;
		long id = key[0] >= '1' && key[0] <= '9' ? strtol(key, &end, 10) : 0;
		if (id < 1 || *end || (size_t)id > b->n_candidates)
			return err_set(e, ERR_INVALID, "unknown_candidate", "counts",
				       "'%.20s' is not a candidate id of this ballot", key);
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > BALLOT_VOTERS_MAX)
			return err_set(e, ERR_INVALID, "wrong_type", "counts",
				       "a count is a whole number from 0 to %d", BALLOT_VOTERS_MAX);
		b->candidates[id - 1].paper_votes = json_integer_value(v);
	}
	return 0;
}

/* Mark every voter who cast on paper. */
static int mark_paper_voters(struct ctx *cx, struct ballot *b, const int64_t *voters,
			     size_t n, struct error *e)
{
	for (size_t i = 0; i < n; i++) {
		if (ids_index(voters, i, voters[i]) >= 0)
			return err_set(e, ERR_INVALID, "duplicate", "voters",
				       "voter %lld is listed twice", (long long)voters[i]);
		if (store_ballot_voter_mark(cx->db, b->id, voters[i], VOTED_ON_PAPER, e) != 0) {
			if (e->kind == ERR_FORBIDDEN) /* not on the list: the input is wrong */
				e->kind = ERR_INVALID;
			snprintf(e->field, sizeof e->field, "voters");
			return -1;
		}
	}
	return 0;
}

static int paper_from_json(struct ctx *cx, json_t *body, struct ballot *b, struct error *e)
{
	int64_t voters[BALLOT_VOTERS_MAX], blank = 0, invalid = 0;
	size_t n = 0;
	if (fields_known(body, paper_fields, e) != 0 ||
	    field_ids(body, "voters", voters, BALLOT_VOTERS_MAX, &n, REQUIRED, e) != 0 ||
	    field_int(body, "blank", 0, BALLOT_VOTERS_MAX, &blank, OPTIONAL, e) != 0 ||
	    field_int(body, "invalid", 0, BALLOT_VOTERS_MAX, &invalid, OPTIONAL, e) != 0 ||
	    field_line(body, "minutes", b->paper_minutes, sizeof b->paper_minutes,
		       PAPER_MINUTES_CHARS, REQUIRED, e) != 0 ||
	    paper_votes_from_json(body, b, e) != 0)
		return -1;
	if (n == 0)
		return err_set(e, ERR_INVALID, "out_of_range", "voters",
			       "list the voters who cast on paper");
	b->paper_blank = blank;
	b->paper_invalid = invalid;
	b->paper_ballots = (int64_t)n;
	int64_t per[BALLOT_CANDIDATES_MAX];
	for (size_t i = 0; i < b->n_candidates; i++)
		per[i] = b->candidates[i].paper_votes;
	struct paper_counts p = {b->paper_ballots, blank, invalid, per};
	if (ballot_check_paper(&b->rules, b->n_candidates, &p, e) != 0)
		return -1;
	return mark_paper_voters(cx, b, voters, n, e);
}

/*
** A hybrid conference: the leader enters the paper ballots' counts from
** the minutes, once, while the ballot is open; the voters who cast on
** paper are marked so they cannot vote online too.
*/
/*
** The council's ballot on award proposals is cast by its members: the
** authority that manages it, and then approves, may not enter counts for
** them (409 members_vote).
*/
static int backs_proposals(struct ctx *cx, int64_t ballot_id, struct error *e)
{
	struct proposal_filter f = {.council_ballot_id = ballot_id, .status = -1, .all = 1,
				    .page = {1, 0}};
	struct proposal *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (store_proposal_list(cx->db, &f, &items, &n, &total, e) != 0)
		return -1;
	proposals_free(items, n);
	if (total)
		return err_set(e, ERR_CONFLICT, "members_vote", NULL,
			       "the council's ballot on award proposals is cast by its members "
			       "themselves, not entered as paper counts");
	return 0;
}

void api_ballot_paper(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *body = req_json_object(rq, &e), *j = NULL, *after = NULL;
	struct ballot_ctx *bc = NULL;
	if (!body || !(bc = ballot_open(cx, rq, 1, &e)) ||
	    ballot_require(bc, CAN_MANAGE, "enter paper ballots", &e) != 0 ||
	    ballot_require_status(&bc->b, BALLOT_OPEN, "enter paper ballots", &e) != 0)
		goto fail;
	if (bc->b.has_paper) {
		err_set(&e, ERR_CONFLICT, "paper_entered", NULL,
			"the paper ballots were entered already, on %s", bc->b.paper_at);
		goto fail;
	}
	if (backs_proposals(cx, bc->b.id, &e) != 0)
		goto fail;
	if (paper_from_json(cx, body, &bc->b, &e) != 0 ||
	    store_ballot_paper_save(cx->db, &bc->b, &e) != 0)
		goto fail;
	/* read back: the participation counts changed with the paper voters */
	ballot_free(&bc->b);
	if (store_ballot_get(cx->db, rq->params[0], &bc->b, &e) != 0)
		goto fail;
	j = ballot_json(bc);
	/* whose votes the papers stand for, so a chair cannot quietly cast for a
	 * unit; their counts are pinned by the digest in the close entry */
	after = json_pack("{s:o, s:O}", "paper", ballot_paper_json(&bc->b), "voters",
			  json_object_get(body, "voters"));
	if (api_audit(cx, rq, "paper_ballots", "ballot", bc->b.id, NULL, after, &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	resp_json(rs, 200, j);
	j = NULL;
	goto done;
fail:
	api_fail(cx, rs, &e);
done:
	json_decref(j);
	json_decref(after);
	json_decref(body);
	ballot_ctx_free(bc);
}

/* Each pick must be one of the tied candidates; places follow the last one. */
static int casting_from_json(json_t *body, struct ballot *b, const struct ballot_result *r,
			     struct error *e)
{
	int64_t ids[BALLOT_CANDIDATES_MAX];
	size_t n = 0;
	int next = 1;
	if (fields_known(body, casting_fields, e) != 0 ||
	    field_ids(body, "candidate_ids", ids, BALLOT_CANDIDATES_MAX, &n, REQUIRED, e) != 0)
		return -1;
	if (n == 0 || n > r->open_seats)
		return err_set(e, ERR_INVALID, "out_of_range", "candidate_ids",
			       "give from 1 to %zu casting votes", r->open_seats);
	for (size_t i = 0; i < b->n_candidates; i++)
		if (b->candidates[i].casting >= next)
			next = b->candidates[i].casting + 1;
	for (size_t i = 0; i < n; i++) {
		int tied = 0;
		for (size_t k = 0; k < r->n_undecided; k++)
			tied |= (int64_t)b->candidates[r->undecided[k]].id == ids[i];
		if (!tied || ids_index(ids, i, ids[i]) >= 0)
			return err_set(e, ERR_INVALID, "not_tied", "candidate_ids",
				       "candidate %lld is not one of those tied for the last seats",
				       (long long)ids[i]);
		b->candidates[ids[i] - 1].casting = next++;
	}
	return 0;
}

/* The chair breaks a tie the law's priority could not: one seat per casting vote. */
void api_ballot_casting_vote(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *body = req_json_object(rq, &e), *j = NULL, *summary = NULL;
	struct ballot_ctx *bc = NULL;
	struct ballot_outcome *o = NULL;
	if (!body || !(bc = ballot_open(cx, rq, 1, &e)) ||
	    ballot_require(bc, CAN_MANAGE, "give the chair's casting vote", &e) != 0 ||
	    ballot_require_status(&bc->b, BALLOT_CLOSED, "give a casting vote", &e) != 0 ||
	    !(o = store_ballot_outcome(cx->db, &bc->b, &e)))
		goto fail;
	if (o->is_void) {
		err_set(&e, ERR_CONFLICT, "ballot_void", NULL,
			"the ballot is void (too few ballots to keep them secret): nothing to decide");
		goto fail;
	}
	if (o->result.cutoff != UNDECIDED) {
		err_set(&e, ERR_CONFLICT, "no_tie", NULL,
			"the result is decided; there is no tie for the chair to break");
		goto fail;
	}
	/* the votes are the same: only the tally changes, not the count or digest */
	if (casting_from_json(body, &bc->b, &o->result, &e) != 0 ||
	    store_ballot_casting_save(cx->db, &bc->b, &e) != 0 ||
	    ballot_outcome_tally(&bc->b, o, &e) != 0)
		goto fail;
	j = ballot_result_json(&bc->b, o, 0);
	summary = json_pack("{s:O, s:O}", "casting_votes", json_object_get(j, "casting_votes"),
			    "passed", json_object_get(j, "passed"));
	if (api_audit(cx, rq, "casting_vote", "ballot", bc->b.id, NULL, summary, &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	resp_json(rs, 200, j);
	j = NULL;
	goto done;
fail:
	api_fail(cx, rs, &e);
done:
	json_decref(j);
	json_decref(summary);
	json_decref(body);
	ballot_outcome_free(o);
	ballot_ctx_free(bc);
}

/* Nobody sees a count before the ballot closes, those who manage it included. */
void api_ballot_result(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct ballot_outcome *o = NULL;
	struct ballot_ctx *bc = ballot_open(cx, rq, 0, &e);
	if (!bc || ballot_require_status(&bc->b, BALLOT_CLOSED, "see the result", &e) != 0 ||
	    !(o = store_ballot_outcome(cx->db, &bc->b, &e))) {
		api_fail(cx, rs, &e);
	} else {
		store_rollback(cx->db);
		resp_json(rs, 200, ballot_result_json(&bc->b, o, 1));
	}
	ballot_outcome_free(o);
	ballot_ctx_free(bc);
}

/*
** Anyone holding a receipt may check that its ballot is among those
** counted; no login, since the receipt itself is the proof, and 120
** random bits cannot be guessed. The answer never says what the ballot
** holds (receipts and ballots are kept apart), so a receipt cannot be
** used to show anyone how its holder voted; and it is the same 404 for a
** ballot that does not exist, so ballots cannot be listed this way.
*/
void api_ballot_receipt(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	char code[RECEIPT_CODE_CHARS + 1], hash[RECEIPT_HASH_BYTES];
	struct ballot b;
	memset(&b, 0, sizeof b);
	if (receipt_normalize(rq->secret, code) != 0) {
		err_set(&e, ERR_INVALID, "invalid_receipt", "receipt",
			"a receipt is 24 letters and digits, like XXXX-XXXX-XXXX-XXXX-XXXX-XXXX");
		api_fail(cx, rs, &e);
		return;
	}
	receipt_hash(code, hash);
	sodium_memzero(code, sizeof code);
	if (store_begin_read(cx->db, &e) != 0 ||
	    store_receipt_find(cx->db, rq->params[0], hash, &e) != 0 ||
	    store_ballot_get(cx->db, rq->params[0], &b, &e) != 0) {
		api_fail(cx, rs, &e);
	} else {
		store_rollback(cx->db);
		/* a void ballot counted nothing, its receipts included */
		int is_void = b.status == BALLOT_CLOSED && ballot_void(&b);
		resp_json(rs, 200, json_pack("{s:I, s:s, s:s, s:s, s:b, s:b}", "ballot_id",
					     (json_int_t)b.id, "question", b.question, "status",
					     ballot_status_name(b.status), "receipt_hash", hash,
					     "counted", !is_void, "void", is_void));
	}
	ballot_free(&b);
}
