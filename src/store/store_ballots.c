/*
** Secret ballots in the database: the ballot and its candidates, the list
** of voters with their participation, and the votes, which are stored
** apart from the voters and hold no voter, no time and no row order
** (see migrations/sqlite/0003_ballots.sql).
*/
#include "store/store.h"
#include "store/store_util.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

static const char *const ballot_columns =
	"SELECT id, authority_id, cluster_id, year, kind, question, seats, max_choices,"
	" threshold, threshold_base, quorum, voter_kind, status, created_at, opened_at,"
	" closed_at, paper_ballots, paper_blank, paper_invalid, paper_minutes, paper_at,"
	" (SELECT COUNT(*) FROM ballot_voters v WHERE v.ballot_id = b.id),"
	" (SELECT COUNT(*) FROM ballot_voters v WHERE v.ballot_id = b.id AND v.voted IS NOT NULL)"
	" FROM ballots b WHERE id = ?1";

static void read_ballot(struct db_stmt *s, struct ballot *b)
{
	b->id = db_column_int(s, 0);
	b->authority_id = db_column_int(s, 1);
	b->cluster_id = db_column_is_null(s, 2) ? 0 : db_column_int(s, 2);
	b->year = (int)db_column_int(s, 3);
	const char *kind = db_column_text(s, 4);
	if (!kind || ballot_kind_parse(kind, &b->rules.kind) != 0)
		b->rules.kind = BALLOT_SINGLE;
	copy_text(b->question, sizeof b->question, db_column_text(s, 5));
	b->rules.seats = (int)db_column_int(s, 6);
	b->rules.max_choices = (int)db_column_int(s, 7);
	b->rules.threshold = (int)db_column_int(s, 8);
	const char *base = db_column_text(s, 9);
	if (!base || threshold_base_parse(base, &b->rules.base) != 0)
		b->rules.base = BASE_ELIGIBLE;
	b->rules.quorum = (int)db_column_int(s, 10);
	const char *vk = db_column_text(s, 11);
	b->voters = vk && strcmp(vk, "users") == 0 ? VOTERS_USERS : VOTERS_UNITS;
	const char *status = db_column_text(s, 12);
	if (!status || ballot_status_parse(status, &b->status) != 0)
		b->status = BALLOT_DRAFT;
	copy_text(b->created_at, sizeof b->created_at, db_column_text(s, 13));
	copy_text(b->opened_at, sizeof b->opened_at, db_column_text(s, 14));
	copy_text(b->closed_at, sizeof b->closed_at, db_column_text(s, 15));
	b->has_paper = !db_column_is_null(s, 20);
	b->paper_ballots = db_column_int(s, 16);
	b->paper_blank = db_column_int(s, 17);
	b->paper_invalid = db_column_int(s, 18);
	copy_text(b->paper_minutes, sizeof b->paper_minutes, db_column_text(s, 19));
	copy_text(b->paper_at, sizeof b->paper_at, db_column_text(s, 20));
	b->eligible = db_column_int(s, 21);
	b->voted = db_column_int(s, 22);
}

static void read_candidate(struct db_stmt *s, void *out)
{
	struct ballot_candidate *k = out;
	memset(k, 0, sizeof *k);
	k->id = (int)db_column_int(s, 0);
	k->org_id = db_column_is_null(s, 1) ? 0 : db_column_int(s, 1);
	k->person_id = db_column_is_null(s, 2) ? 0 : db_column_int(s, 2);
	copy_text(k->label, sizeof k->label, db_column_text(s, 3));
	k->priority = (int)db_column_int(s, 4);
	k->paper_votes = db_column_int(s, 5);
	k->casting = db_column_is_null(s, 6) ? 0 : (int)db_column_int(s, 6);
}

int store_ballot_get(struct db_conn *c, int64_t id, struct ballot *out, struct error *e)
{
	struct db_stmt *s;
	memset(out, 0, sizeof *out);
	PREPARE(c, ballot_columns, &s, e, "ballot");
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		read_ballot(s, out);
	db_reset(s);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_found", NULL, "no ballot %lld",
			       (long long)id);
	if (rc != DB_ROW)
		return store_fail(c, rc, e, "ballot");
	PREPARE(c, "SELECT id, org_id, person_id, label, priority, paper_votes, casting"
		   " FROM ballot_candidates WHERE ballot_id = ?1 ORDER BY id", &s, e,
		"ballot candidates");
	db_bind_int(s, 1, id);
	void *rows = NULL;
	if (collect_rows(c, s, sizeof *out->candidates, read_candidate, &rows,
			 &out->n_candidates, e, "ballot candidates") != 0)
		return -1;
	out->candidates = rows;
	return 0;
}

static int insert_candidates(struct db_conn *c, const struct ballot *b, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "INSERT INTO ballot_candidates (ballot_id, id, org_id, person_id, label,"
		   " priority) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &s, e, "ballot candidate");
	for (size_t i = 0; i < b->n_candidates; i++) {
		const struct ballot_candidate *k = &b->candidates[i];
		db_bind_int(s, 1, b->id);
		db_bind_int(s, 2, k->id);
		db_bind_id(s, 3, k->org_id);
		db_bind_id(s, 4, k->person_id);
		db_bind_text(s, 5, k->label);
		db_bind_int(s, 6, k->priority != 0);
		if (step_done(c, s, e, "ballot candidate") != 0)
			return -1;
	}
	return 0;
}

/* One voter on the list, with how it took part (on a reseal). */
static int insert_voter(struct db_conn *c, int64_t ballot_id, int64_t voter_id,
			enum voted how, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "INSERT INTO ballot_voters (ballot_id, voter_id, voted) VALUES (?1, ?2, ?3)",
		&s, e, "ballot voter");
	db_bind_int(s, 1, ballot_id);
	db_bind_int(s, 2, voter_id);
	db_bind_text(s, 3, voted_name(how));
	return step_done(c, s, e, "ballot voter");
}

int store_ballot_insert(struct db_conn *c, struct ballot *b, int64_t created_by,
			const int64_t *voters, size_t n_voters, struct error *e)
{
	struct db_stmt *s;
	clock_now_iso(b->created_at, sizeof b->created_at);
	PREPARE(c, "INSERT INTO ballots (authority_id, cluster_id, year, kind, question, seats,"
		   " max_choices, threshold, threshold_base, quorum, voter_kind, status,"
		   " created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
		   " ?11, 'draft', ?12, ?13) RETURNING id", &s, e, "ballot");
	db_bind_int(s, 1, b->authority_id);
	db_bind_id(s, 2, b->cluster_id);
	db_bind_int(s, 3, b->year);
	db_bind_text(s, 4, ballot_kind_name(b->rules.kind));
	db_bind_text(s, 5, b->question);
	db_bind_int(s, 6, b->rules.seats);
	db_bind_int(s, 7, b->rules.max_choices);
	db_bind_int(s, 8, b->rules.threshold);
	db_bind_text(s, 9, threshold_base_name(b->rules.base));
	db_bind_int(s, 10, b->rules.quorum);
	db_bind_text(s, 11, voter_kind_name(b->voters));
	db_bind_id(s, 12, created_by);
	db_bind_text(s, 13, b->created_at);
	int rc = db_step(s);
	if (rc == DB_ROW)
		b->id = db_column_int(s, 0);
	db_reset(s);
	if (rc != DB_ROW)
		return store_fail(c, rc, e, "ballot");
	b->status = BALLOT_DRAFT;
	if (insert_candidates(c, b, e) != 0)
		return -1;
	for (size_t i = 0; i < n_voters; i++)
		if (insert_voter(c, b->id, voters[i], NOT_VOTED, e) != 0)
			return -1;
	b->eligible = (int64_t)n_voters;
	b->voted = 0;
	return 0;
}

int store_ballot_ids(struct db_conn *c, const struct ballot_filter *f, int64_t **ids,
		     size_t *n, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT id FROM ballots WHERE (?1 IS NULL OR cluster_id = ?1)"
		   " AND (?2 IS NULL OR year = ?2) AND (?3 IS NULL OR authority_id = ?3)"
		   " AND (?4 IS NULL OR status = ?4)"
		   " ORDER BY id DESC LIMIT 1000", &s, e, "ballots");
	db_bind_id(s, 1, f->cluster_id);
	db_bind_id(s, 2, f->year);
	db_bind_id(s, 3, f->authority_id);
	db_bind_text(s, 4, f->status >= 0 ? ballot_status_name((enum ballot_status)f->status)
					  : NULL);
	void *rows = NULL;
	if (collect_rows(c, s, sizeof **ids, read_id, &rows, n, e, "ballots") != 0)
		return -1;
	*ids = rows;
	return 0;
}

int store_ballot_delete(struct db_conn *c, int64_t id, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "DELETE FROM ballots WHERE id = ?1 AND status = 'draft'", &s, e, "ballot");
	db_bind_int(s, 1, id);
	return step_done(c, s, e, "ballot");
}

int store_ballot_set_status(struct db_conn *c, struct ballot *b, enum ballot_status to,
			    struct error *e)
{
	struct db_stmt *s;
	char now[32];
	clock_now_iso(now, sizeof now);
	PREPARE(c, "UPDATE ballots SET status = ?2,"
		   " opened_at = CASE WHEN ?2 = 'open' THEN ?3 ELSE opened_at END,"
		   " closed_at = CASE WHEN ?2 = 'closed' THEN ?3 ELSE closed_at END"
		   " WHERE id = ?1", &s, e, "ballot status");
	db_bind_int(s, 1, b->id);
	db_bind_text(s, 2, ballot_status_name(to));
	db_bind_text(s, 3, now);
	if (step_done(c, s, e, "ballot status") != 0)
		return -1;
	b->status = to;
	copy_text(to == BALLOT_OPEN ? b->opened_at : b->closed_at, sizeof b->opened_at, now);
	return 0;
}

static void read_voter(struct db_stmt *s, void *out)
{
	struct ballot_voter *v = out;
	v->id = db_column_int(s, 0);
	const char *how = db_column_text(s, 1);
	v->voted = !how ? NOT_VOTED : strcmp(how, "paper") == 0 ? VOTED_ON_PAPER : VOTED_ONLINE;
}

int store_ballot_voters(struct db_conn *c, int64_t id, struct ballot_voter **out, size_t *n,
			struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT voter_id, voted FROM ballot_voters WHERE ballot_id = ?1"
		   " ORDER BY voter_id", &s, e, "ballot voters");
	db_bind_int(s, 1, id);
	void *rows = NULL;
	if (collect_rows(c, s, sizeof **out, read_voter, &rows, n, e, "ballot voters") != 0)
		return -1;
	*out = rows;
	return 0;
}

int store_ballot_voter_get(struct db_conn *c, int64_t id, int64_t voter_id,
			   struct ballot_voter *out, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT voter_id, voted FROM ballot_voters WHERE ballot_id = ?1"
		   " AND voter_id = ?2", &s, e, "ballot voter");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, voter_id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		read_voter(s, out);
	db_reset(s);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_a_voter", NULL,
			       "voter %lld is not on this ballot's list", (long long)voter_id);
	return rc == DB_ROW ? 0 : store_fail(c, rc, e, "ballot voter");
}

int store_ballot_voter_mark(struct db_conn *c, int64_t id, int64_t voter_id, enum voted how,
			    struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "UPDATE ballot_voters SET voted = ?3 WHERE ballot_id = ?1 AND voter_id = ?2"
		   " AND voted IS NULL RETURNING voter_id", &s, e, "ballot voter");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, voter_id);
	db_bind_text(s, 3, voted_name(how));
	int rc = db_step(s);
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	if (rc != DB_DONE)
		return store_fail(c, rc, e, "ballot voter");
	struct ballot_voter v;
	if (store_ballot_voter_get(c, id, voter_id, &v, e) != 0) {
		if (e->kind == ERR_NOT_FOUND)
			e->kind = ERR_FORBIDDEN;
		return -1;
	}
	return err_set(e, ERR_CONFLICT, "already_voted", NULL,
		       "voter %lld has already voted in this ballot (%s)", (long long)voter_id,
		       v.voted == VOTED_ON_PAPER ? "on paper, entered from the minutes" : "online");
}

int store_vote_insert(struct db_conn *c, int64_t id, const struct cast_vote *v,
		      struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "INSERT INTO ballot_votes (ballot_id, id, choices) VALUES (?1, ?2, ?3)", &s, e,
		"vote");
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, v->key);
	db_bind_text(s, 3, v->marks);
	return step_done(c, s, e, "vote");
}

int store_receipt_insert(struct db_conn *c, int64_t id, const char *receipt_hash,
			 struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "INSERT INTO ballot_receipts (ballot_id, receipt_hash) VALUES (?1, ?2)", &s, e,
		"receipt");
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, receipt_hash);
	return step_done(c, s, e, "receipt");
}

int store_ballot_cast(struct db_conn *c, const struct ballot *b, int64_t voter_id,
		      const int *ids, size_t n, char receipt[RECEIPT_TEXT_BYTES],
		      char hash[RECEIPT_HASH_BYTES], struct error *e)
{
	char code[RECEIPT_CODE_CHARS + 1];
	struct cast_vote v;
	vote_key_new(v.key);
	choices_format(ids, n, b->n_candidates, v.marks);
	receipt_new(receipt);
	if (receipt_normalize(receipt, code) != 0)
		return err_set(e, ERR_INTERNAL, "internal", NULL, "receipt not well formed");
	receipt_hash(code, hash);
	if (store_ballot_voter_mark(c, b->id, voter_id, VOTED_ONLINE, e) != 0 ||
	    store_receipt_insert(c, b->id, hash, e) != 0)
		return -1;
	return store_vote_insert(c, b->id, &v, e);
}

static void read_vote(struct db_stmt *s, void *out)
{
	struct cast_vote *v = out;
	copy_text(v->key, sizeof v->key, db_column_text(s, 0));
	copy_text(v->marks, sizeof v->marks, db_column_text(s, 1));
}

int store_votes_list(struct db_conn *c, int64_t id, int by_key, struct cast_vote **out,
		     size_t *n, struct error *e)
{
	struct db_stmt *s;
	if (by_key)
		PREPARE(c, "SELECT id, choices FROM ballot_votes WHERE ballot_id = ?1 ORDER BY id",
			&s, e, "votes");
	else
		PREPARE(c, "SELECT id, choices FROM ballot_votes WHERE ballot_id = ?1"
			   " ORDER BY choices DESC, id", &s, e, "votes");
	db_bind_int(s, 1, id);
	void *rows = NULL;
	if (collect_rows(c, s, sizeof **out, read_vote, &rows, n, e, "votes") != 0)
		return -1;
	*out = rows;
	return 0;
}

static void read_receipt(struct db_stmt *s, void *out)
{
	copy_text(out, RECEIPT_HASH_BYTES, db_column_text(s, 0));
}

int store_receipts_list(struct db_conn *c, int64_t id, char (**out)[RECEIPT_HASH_BYTES],
			size_t *n, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT receipt_hash FROM ballot_receipts WHERE ballot_id = ?1"
		   " ORDER BY receipt_hash", &s, e, "receipts");
	db_bind_int(s, 1, id);
	void *rows = NULL;
	if (collect_rows(c, s, RECEIPT_HASH_BYTES, read_receipt, &rows, n, e, "receipts") != 0)
		return -1;
	*out = rows;
	return 0;
}

int store_receipt_find(struct db_conn *c, int64_t id, const char *receipt_hash,
		       struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT COUNT(*) FROM ballot_receipts WHERE ballot_id = ?1"
		   " AND receipt_hash = ?2", &s, e, "receipt");
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, receipt_hash);
	int64_t found = 0;
	if (count_rows(c, s, &found, e) != 0)
		return -1;
	return found ? 0 : err_set(e, ERR_NOT_FOUND, "receipt_not_found", NULL,
				   "no ballot with this receipt was cast in ballot %lld",
				   (long long)id);
}

int store_ballot_paper_save(struct db_conn *c, struct ballot *b, struct error *e)
{
	struct db_stmt *s;
	clock_now_iso(b->paper_at, sizeof b->paper_at);
	PREPARE(c, "UPDATE ballots SET paper_ballots = ?2, paper_blank = ?3, paper_invalid = ?4,"
		   " paper_minutes = ?5, paper_at = ?6 WHERE id = ?1", &s, e, "paper ballots");
	db_bind_int(s, 1, b->id);
	db_bind_int(s, 2, b->paper_ballots);
	db_bind_int(s, 3, b->paper_blank);
	db_bind_int(s, 4, b->paper_invalid);
	db_bind_text(s, 5, b->paper_minutes);
	db_bind_text(s, 6, b->paper_at);
	if (step_done(c, s, e, "paper ballots") != 0)
		return -1;
	PREPARE(c, "UPDATE ballot_candidates SET paper_votes = ?3 WHERE ballot_id = ?1 AND id = ?2",
		&s, e, "paper votes");
	for (size_t i = 0; i < b->n_candidates; i++) {
		db_bind_int(s, 1, b->id);
		db_bind_int(s, 2, b->candidates[i].id);
		db_bind_int(s, 3, b->candidates[i].paper_votes);
		if (step_done(c, s, e, "paper votes") != 0)
			return -1;
	}
	b->has_paper = 1;
	return 0;
}

int store_ballot_casting_save(struct db_conn *c, const struct ballot *b, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "UPDATE ballot_candidates SET casting = ?3 WHERE ballot_id = ?1 AND id = ?2",
		&s, e, "casting vote");
	for (size_t i = 0; i < b->n_candidates; i++) {
		db_bind_int(s, 1, b->id);
		db_bind_int(s, 2, b->candidates[i].id);
		if (b->candidates[i].casting > 0)
			db_bind_int(s, 3, b->candidates[i].casting);
		else
			db_bind_null(s, 3);
		if (step_done(c, s, e, "casting vote") != 0)
			return -1;
	}
	return 0;
}

static int delete_rows(struct db_conn *c, const char *sql, int64_t id, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, sql, &s, e, "ballot reseal");
	db_bind_int(s, 1, id);
	return step_done(c, s, e, "ballot reseal");
}

/*
** SQLite lays a page's cells out in the order they were written, so until
** they are rewritten the pages of votes, receipts and voters each keep the
** order of casting. Deleting (the connection runs with secure_delete,
** which zeroes what is freed) and writing them back sorted by their keys
** leaves only the order of the keys: random keys, hashes and voter ids.
** Rows go back into the holes left, first fit; every vote of a ballot is
** the same size, so no vote can only fit back into its own old place.
** (A voter's row grows when it votes, so with other ballots' rows about,
** voters' places may still follow the order of voting: no secret, since
** the audit chain records who voted when, and nothing there leads to a
** vote or a receipt.)
*/
int store_ballot_reseal(struct db_conn *c, int64_t id, struct error *e)
{
	struct cast_vote *votes = NULL;
	char(*receipts)[RECEIPT_HASH_BYTES] = NULL;
	struct ballot_voter *voters = NULL;
	size_t n_votes = 0, n_receipts = 0, n_voters = 0;
	int rc = -1;
	if (store_votes_list(c, id, 1, &votes, &n_votes, e) != 0 ||
	    store_receipts_list(c, id, &receipts, &n_receipts, e) != 0 ||
	    store_ballot_voters(c, id, &voters, &n_voters, e) != 0 ||
	    delete_rows(c, "DELETE FROM ballot_votes WHERE ballot_id = ?1", id, e) != 0 ||
	    delete_rows(c, "DELETE FROM ballot_receipts WHERE ballot_id = ?1", id, e) != 0 ||
	    delete_rows(c, "DELETE FROM ballot_voters WHERE ballot_id = ?1", id, e) != 0)
		goto done;
	for (size_t i = 0; i < n_votes; i++)
		if (store_vote_insert(c, id, &votes[i], e) != 0)
			goto done;
	for (size_t i = 0; i < n_receipts; i++)
		if (store_receipt_insert(c, id, receipts[i], e) != 0)
			goto done;
	for (size_t i = 0; i < n_voters; i++)
		if (insert_voter(c, id, voters[i].id, voters[i].voted, e) != 0)
			goto done;
	rc = 0;
done:
	free(votes);
	free(receipts);
	free(voters);
	return rc;
}

void ballot_outcome_free(struct ballot_outcome *o)
{
	if (!o)
		return;
	free(o->votes);
	free(o->receipts);
	free(o);
}

/* Too few ballots to publish (see BALLOT_SECRET_MIN): keep no count at all. */
static void make_void(struct ballot_outcome *o)
{
	free(o->votes);
	o->votes = NULL;
	o->n_votes = 0;
	memset(o->per, 0, sizeof o->per);
	memset(&o->result, 0, sizeof o->result);
	o->online_blank = 0;
	o->counts.blank = 0;
	o->is_void = 1;
}

int ballot_outcome_tally(const struct ballot *b, struct ballot_outcome *o, struct error *e)
{
	int priority[BALLOT_CANDIDATES_MAX], chair[BALLOT_CANDIDATES_MAX];
	for (size_t i = 0; i < b->n_candidates; i++)
		priority[i] = b->candidates[i].priority;
	if (ballot_tally(&b->rules, b->n_candidates, priority, &o->counts, chair,
			 ballot_chair_order(b, chair), &o->result, e) == 0)
		return 0;
	if (e->kind == ERR_INVALID) /* stored counts, checked when entered */
		e->kind = ERR_INTERNAL;
	return -1;
}

struct ballot_outcome *store_ballot_outcome(struct db_conn *c, const struct ballot *b,
					    struct error *e)
{
	struct ballot_outcome *o = calloc(1, sizeof *o);
	if (!o) {
		err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
		return NULL;
	}
	if (store_votes_list(c, b->id, 0, &o->votes, &o->n_votes, e) != 0 ||
	    store_receipts_list(c, b->id, &o->receipts, &o->n_receipts, e) != 0 ||
	    ballot_count(b, o->votes, o->n_votes, o->per, &o->counts, &o->online_blank, e) != 0 ||
	    ballot_outcome_tally(b, o, e) != 0) {
		ballot_outcome_free(o);
		return NULL;
	}
	ballot_digest(b, o->receipts, o->n_receipts, o->votes, o->n_votes, o->digest);
	if (!ballot_secret_kept((int64_t)o->n_votes,
				b->has_paper ? b->paper_ballots - b->paper_invalid : 0))
		make_void(o);
	return o;
}


int store_forget_write_order(struct db_conn *c, struct error *e)
{
	int rc = db_checkpoint(c);
	return rc == DB_OK ? 0 : store_fail(c, rc, e, "checkpoint");
}
