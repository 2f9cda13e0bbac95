/*
** The demo's ballots, so that `make run` shows every side of a secret
** ballot: at the first cluster's 2025 conference, the nomination of the
** leading unit for the Emulation Flag (closed, online) and of two
** collectives for Certificates of Merit (closed, hybrid: some papers
** entered from the minutes); in 2026 an open vote on the cluster's rules
** in which the demo's unit officer and delegate have yet to vote; and an
** open council ballot for the demo's council member.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_demo.h"
#include "core/ids.h"
#include "store/store.h"

struct demo_ballot {
	struct ballot b;
	struct ballot_candidate candidates[8];
};

static void add_candidate(struct demo_ballot *d, int64_t org_id, const char *label)
{
	struct ballot_candidate *k = &d->candidates[d->b.n_candidates];
	memset(k, 0, sizeof *k);
	k->id = (int)d->b.n_candidates + 1;
	k->org_id = org_id;
	snprintf(k->label, sizeof k->label, "%s", label);
	d->b.n_candidates++;
}

static int add_org_candidate(struct db_conn *c, struct demo_ballot *d, int64_t org_id,
			     struct error *e)
{
	struct org o;
	if (store_org_get(c, org_id, &o, e) != 0)
		return -1;
	add_candidate(d, org_id, o.name);
	return 0;
}

static void setup(struct demo_ballot *d, int64_t authority_id, const char *question,
		  enum ballot_kind kind, int seats, int threshold, enum threshold_base base)
{
	memset(d, 0, sizeof *d);
	d->b.authority_id = authority_id;
	d->b.candidates = d->candidates;
	snprintf(d->b.question, sizeof d->b.question, "%s", question);
	d->b.rules.kind = kind;
	d->b.rules.seats = seats;
	d->b.rules.max_choices = kind == BALLOT_SINGLE ? 1 : 0;
	d->b.rules.threshold = threshold;
	d->b.rules.base = base;
	d->b.rules.quorum = 6666; /* two thirds present */
}

/* Insert, audit and open a ballot. */
static int hold(struct db_conn *c, struct demo_ballot *d, const int64_t *voters, size_t n,
		struct error *e)
{
	if (ballot_rules_validate(&d->b.rules, d->b.n_candidates, e) != 0 ||
	    store_ballot_insert(c, &d->b, 0, voters, n, e) != 0 ||
	    cli_audit(c, "create", "ballot", d->b.id, NULL, NULL) != 0 ||
	    store_ballot_set_status(c, &d->b, BALLOT_OPEN, e) != 0)
		return -1;
	return cli_audit(c, "open", "ballot", d->b.id, NULL, NULL);
}

/* Voter v casts for the candidates in ids (n of them; 0: blank). */
static int vote(struct db_conn *c, const struct demo_ballot *d, int64_t voter, const int *ids,
		size_t n, struct error *e)
{
	char receipt[RECEIPT_TEXT_BYTES], hash[RECEIPT_HASH_BYTES];
	if (store_ballot_cast(c, &d->b, voter, ids, n, receipt, hash, e) != 0)
		return -1;
	json_t *who = json_pack("{s:I}", "voter_id", (json_int_t)voter);
	int rc = cli_audit(c, "vote", "ballot", d->b.id, NULL, who);
	json_decref(who);
	return rc;
}

/* Close as the API does, the digest in the audit chain. */
static int seal(struct db_conn *c, struct demo_ballot *d, struct error *e)
{
	struct ballot_outcome *o = NULL;
	if (store_ballot_set_status(c, &d->b, BALLOT_CLOSED, e) != 0 ||
	    store_ballot_reseal(c, d->b.id, e) != 0 || !(o = store_ballot_outcome(c, &d->b, e)))
		return -1;
	json_t *summary = json_pack("{s:b, s:I}", "void", o->is_void, "cast",
				    (json_int_t)o->counts.cast);
	if (!o->is_void)
		json_object_set_new(summary, "digest", json_string(o->digest));
	ballot_outcome_free(o);
	int rc = cli_audit(c, "close", "ballot", d->b.id, NULL, summary);
	json_decref(summary);
	return rc;
}

/* The 2025 ranking's units, best first (at most max). */
static int ranked_units(struct db_conn *c, int64_t cluster_id, int year, int64_t *out,
			size_t max, size_t *n, struct error *e)
{
	struct criteria_table t;
	struct ranking r;
	if (store_criteria_get(c, cluster_id, year, 0, &t, e) != 0)
		return -1;
	int rc = store_ranking_get(c, cluster_id, year, &t, &r, e);
	criteria_table_free(&t);
	if (rc != 0)
		return -1;
	for (*n = 0; *n < r.n && *n < max; (*n)++)
		out[*n] = r.rows[*n].org_id;
	ranking_free(&r);
	return 0;
}

/* 2025: 9 units; 7 for the first, 1 for the second, 1 blank. */
static int flag_nomination(struct db_conn *c, int64_t authority_id,
			   const struct cluster_year *y, const int64_t *top,
			   struct error *e)
{
	struct demo_ballot d;
	setup(&d, authority_id, "Suy tôn đơn vị dẫn đầu Cụm thi đua năm 2025, đề nghị Ban Tổ chức Trung ương "
		  "tặng Cờ thi đua", BALLOT_SINGLE, 1, 5000, BASE_ELIGIBLE);
	d.b.cluster_id = y->cluster_id;
	d.b.year = y->year;
	for (int i = 0; i < 3; i++)
		if (add_org_candidate(c, &d, top[i], e) != 0)
			return -1;
	if (hold(c, &d, y->members, y->n_members, e) != 0)
		return -1;
	for (size_t v = 0; v < y->n_members; v++) {
		int choice = v < 7 ? 1 : 2;
		if (vote(c, &d, y->members[v], &choice, v == 8 ? 0 : 1, e) != 0)
			return -1;
	}
	return seal(c, &d, e);
}

/* 2025, hybrid: five units online, four on paper (one spoilt) with the minutes. */
static int merit_nominations(struct db_conn *c, int64_t authority_id,
			     const struct cluster_year *y, const int64_t *top, struct error *e)
{
	static const int online[5][2] = {{1, 2}, {1, 2}, {1, 3}, {2, 4}, {1, 2}};
	struct demo_ballot d;
	setup(&d, authority_id, "Đề nghị tặng Bằng khen cho tập thể có thành tích xuất sắc năm 2025",
	      BALLOT_APPROVE_EACH, 2, 5000, BASE_ELIGIBLE);
	d.b.cluster_id = y->cluster_id;
	d.b.year = y->year;
	for (int i = 1; i < 5; i++)
		if (add_org_candidate(c, &d, top[i], e) != 0)
			return -1;
	if (hold(c, &d, y->members, y->n_members, e) != 0)
		return -1;
	for (size_t v = 0; v < 5; v++)
		if (vote(c, &d, y->members[v], online[v], 2, e) != 0)
			return -1;
	for (size_t v = 5; v < 9; v++)
		if (store_ballot_voter_mark(c, d.b.id, y->members[v], VOTED_ON_PAPER, e) != 0)
			return -1;
	d.b.paper_ballots = 4;
	d.b.paper_invalid = 1;
	d.candidates[0].paper_votes = 2;
	d.candidates[1].paper_votes = 1;
	d.candidates[2].paper_votes = 1;
	snprintf(d.b.paper_minutes, sizeof d.b.paper_minutes,
		 "Biên bản kiểm phiếu tại hội nghị tổng kết Cụm, ngày 15/12/2025: "
		 "4 phiếu giấy, 1 phiếu không hợp lệ");
	int64_t per[] = {2, 1, 1, 0};
	struct paper_counts p = {4, 0, 1, per};
	if (ballot_check_paper(&d.b.rules, d.b.n_candidates, &p, e) != 0 ||
	    store_ballot_paper_save(c, &d.b, e) != 0)
		return -1;
	return seal(c, &d, e);
}

/* 2026: open; four units have voted, not the demo users' (the first three in rotation). */
static int rules_vote(struct db_conn *c, int64_t authority_id, const struct cluster_year *y,
		      const int64_t *demo_units, struct error *e)
{
	struct demo_ballot d;
	setup(&d, authority_id, "Thông qua Quy chế hoạt động của Cụm thi đua năm 2026",
	      BALLOT_SINGLE, 1, 5000, BASE_CAST);
	d.b.cluster_id = y->cluster_id;
	d.b.year = y->year;
	add_candidate(&d, 0, "Tán thành");
	add_candidate(&d, 0, "Không tán thành");
	if (hold(c, &d, y->members, y->n_members, e) != 0)
		return -1;
	int voted = 0;
	for (size_t v = 0; v < y->n_members && voted < 4; v++) {
		if (ids_contain(demo_units, 3, y->members[v]))
			continue;
		int choice = voted == 2 ? 2 : 1;
		if (vote(c, &d, y->members[v], &choice, 1, e) != 0)
			return -1;
		voted++;
	}
	return 0;
}

/* The authority's council on the flag the cluster nominated: open. */
static int council_vote(struct db_conn *c, int64_t authority_id, int64_t nominee,
			struct error *e)
{
	struct demo_ballot d;
	int64_t *members = NULL;
	size_t n = 0;
	setup(&d, authority_id, "Hội đồng Thi đua – Khen thưởng xét đề nghị tặng Cờ thi đua năm 2025",
	      BALLOT_APPROVE_EACH, 1, 8000, BASE_ELIGIBLE);
	d.b.year = 2025;
	d.b.voters = VOTERS_USERS;
	if (add_org_candidate(c, &d, nominee, e) != 0 ||
	    store_council_members(c, authority_id, &members, &n, e) != 0)
		return -1;
	int rc = n ? hold(c, &d, members, n, e) : 0;
	free(members);
	return rc;
}

int demo_ballots(struct db_conn *c, int64_t cluster_id, int64_t authority_id, struct error *e)
{
	struct cluster_year *last = calloc(1, sizeof *last), *now = calloc(1, sizeof *now);
	struct cluster *cl = calloc(1, sizeof *cl);
	int64_t top[5];
	size_t n = 0;
	int rc = -1;
	if (!last || !now || !cl) {
		err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
		goto out;
	}
	if (store_cluster_get(c, cluster_id, cl, e) != 0 ||
	    store_cluster_year_get(c, cluster_id, 2025, last, e) != 0 ||
	    store_cluster_year_get(c, cluster_id, 2026, now, e) != 0 ||
	    ranked_units(c, cluster_id, 2025, top, 5, &n, e) != 0)
		goto out;
	if (n < 5) {
		err_set(e, ERR_INTERNAL, "demo", NULL, "the demo's 2025 ranking is too short");
		goto out;
	}
	rc = flag_nomination(c, authority_id, last, top, e) != 0 ||
		     merit_nominations(c, authority_id, last, top, e) != 0 ||
		     rules_vote(c, authority_id, now, cl->rotation, e) != 0 ||
		     council_vote(c, authority_id, top[0], e) != 0
		     ? -1
		     : 0;
out:
	free(cl);
	free(last);
	free(now);
	return rc;
}
