/*
** The storage interface the API and CLI use: repository functions over a
** database connection (store/db.h), one file per concern. Each returns 0,
** or -1 with a struct error: ERR_NOT_FOUND for a missing row, ERR_CONFLICT
** for a constraint the caller broke, ERR_UNAVAILABLE when the database
** stayed busy, ERR_INTERNAL for anything else.
**
** Callers own the transaction (store_begin/commit/rollback) and the
** arrays the list functions allocate (free them).
*/
#ifndef THIDUA_STORE_H
#define THIDUA_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "domain/agreement.h"
#include "domain/audit.h"
#include "domain/award.h"
#include "domain/ballot.h"
#include "domain/auth.h"
#include "domain/cluster.h"
#include "domain/eligibility.h"
#include "domain/evidence.h"
#include "domain/movement.h"
#include "domain/indicator.h"
#include "domain/org.h"
#include "domain/person.h"
#include "domain/receipt.h"
#include "domain/rules.h"
#include "domain/scoring.h"
#include "domain/user.h"
#include "store/db.h"

#define ORG_CHAIN_MAX 16

struct page {
	int limit;
	int offset;
};

/*
** Called for each row a store_*_each function reads, in id order; a
** non-zero answer (with e set) stops the reading. For exports of any size.
*/
typedef int (*store_row_fn)(const void *item, void *data, struct error *e);

/* ---- transactions and schema (store.c, migrate.c) ---- */
int store_begin(struct db_conn *c, struct error *e);  /* a write transaction */
int store_begin_read(struct db_conn *c, struct error *e);
/*
** A write transaction of a great many rows (an import): the connection's
** page cache grows to a fixed 64 MiB first, so that the indexes being
** filled stay in memory rather than spill to the log and be read back.
*/
int store_begin_bulk(struct db_conn *c, struct error *e);
int store_commit(struct db_conn *c, struct error *e);
void store_rollback(struct db_conn *c);
/* Turn a driver return code into an error; always returns -1. */
int store_fail(struct db_conn *c, int rc, struct error *e, const char *what);

/*
** Apply every migration not yet applied (*applied counts them), then add
** the shipped rule sets the database lacks (store_rule_sets_seed).
*/
int store_migrate(struct db_conn *c, int *applied, struct error *e);
/* ERR_CONFLICT when the database is behind (or ahead of) this binary. */
int store_check_schema(struct db_conn *c, struct error *e);
int store_schema_version(struct db_conn *c, int *version, struct error *e);
int store_latest_version(void);
int store_ping(struct db_conn *c, struct error *e);

/* ---- organizations (store_orgs.c) ---- */
struct org_filter {
	const char *q;         /* free text, folded here; NULL: any */
	int kind;              /* -1: any, else enum org_kind */
	int64_t parent_id;     /* 0: any */
	const char *province;  /* NULL: any */
	struct page page;
};
int store_org_get(struct db_conn *c, int64_t id, struct org *out, struct error *e);
int store_org_exists(struct db_conn *c, int64_t id, struct error *e);
int store_org_list(struct db_conn *c, const struct org_filter *f, struct org **items,
		   size_t *n, int64_t *total, struct error *e);
int store_org_insert(struct db_conn *c, struct org *o, struct error *e);
int store_org_update(struct db_conn *c, const struct org *o, struct error *e);
int store_org_delete(struct db_conn *c, int64_t id, struct error *e);
/* Every org (a struct org to fn). */
int store_org_each(struct db_conn *c, store_row_fn fn, void *data, struct error *e);
/* chain[0] = id, then its parent, … up to the root; *n entries. */
int store_org_chain(struct db_conn *c, int64_t id, int64_t *chain, size_t *n,
		    struct error *e);
/* Would parent_id (or any of its ancestors) be org id? Detects cycles. */
int store_org_would_cycle(struct db_conn *c, int64_t id, int64_t parent_id,
			  int *cycle, struct error *e);
/*
** Would following successors from successor_id come back to org id (a
** merger history that loops)? Sets *loop.
*/
int store_org_successor_loops(struct db_conn *c, int64_t id, int64_t successor_id, int *loop,
			      struct error *e);
/* Levels beneath org id: 0 for an org without children. */
int store_org_height(struct db_conn *c, int64_t id, int64_t *height, struct error *e);
/* How many clusters (as authority), rotations and cluster years name org id. */
int store_org_cluster_refs(struct db_conn *c, int64_t id, int64_t *n, struct error *e);
/* The nearest authority above org id (not id itself): ERR_NOT_FOUND when none. */
int store_org_authority_above(struct db_conn *c, int64_t id, int64_t *authority_id,
			      struct error *e);
/* Orgs whose successor chain leads to id (merged into it), any depth. */
int store_org_predecessors(struct db_conn *c, int64_t id, int64_t **ids, size_t *n,
			   struct error *e);

/* ---- people (store_people.c) ---- */
struct person_filter {
	const char *q;
	int64_t org_id;       /* 0: any */
	int gender;           /* -1: any */
	int party_member;     /* -1: any */
	int scope_kind;       /* enum scope_kind from authz_people_scope */
	int64_t scope_org_id;
	struct page page;
};
int store_person_get(struct db_conn *c, int64_t id, struct person *out, struct error *e);
int store_person_list(struct db_conn *c, const struct person_filter *f,
		      struct person **items, size_t *n, int64_t *total, struct error *e);
int store_person_insert(struct db_conn *c, struct person *p, struct error *e);
int store_person_update(struct db_conn *c, const struct person *p, struct error *e);
int store_person_delete(struct db_conn *c, int64_t id, struct error *e);
/* Every person (a struct person to fn). */
int store_person_each(struct db_conn *c, store_row_fn fn, void *data, struct error *e);

/* ---- users, sessions, tokens, throttling (store_users.c, store_auth.c) ---- */
struct user_filter {
	int64_t org_id;  /* 0: any */
	unsigned role;   /* 0: any */
	struct page page;
};
int store_user_get(struct db_conn *c, int64_t id, struct user *out, struct error *e);
/* Also returns the password hash when pwhash is not NULL. */
int store_user_by_name(struct db_conn *c, const char *username, struct user *out,
		       char *pwhash, struct error *e);
int store_user_list(struct db_conn *c, const struct user_filter *f, struct user **items,
		    size_t *n, int64_t *total, struct error *e);
int store_user_insert(struct db_conn *c, struct user *u, const char *pwhash,
		      struct error *e);
int store_user_update(struct db_conn *c, const struct user *u, struct error *e);
/* Active users with the council_member role at the authority. */
int store_council_members(struct db_conn *c, int64_t authority_id, int64_t **ids, size_t *n,
			  struct error *e);
int store_user_set_password(struct db_conn *c, int64_t id, const char *pwhash,
			    struct error *e);

int store_session_insert(struct db_conn *c, const unsigned char *hash, int64_t user_id,
			 int64_t now, int64_t expires_at, struct error *e);
/* The user of a live session; ERR_UNAUTHORIZED when unknown or expired. */
int store_session_user(struct db_conn *c, const unsigned char *hash, int64_t now,
		       int64_t *user_id, int64_t *last_seen, struct error *e);
/* Slide the expiry to expires_at, but never past created_at + max_s. */
int store_session_touch(struct db_conn *c, const unsigned char *hash, int64_t now,
			int64_t expires_at, int max_s, struct error *e);
int store_session_delete(struct db_conn *c, const unsigned char *hash, struct error *e);
int store_sessions_delete_user(struct db_conn *c, int64_t user_id, struct error *e);

/* Drop sessions that have expired and failure counts whose window is over. */
int store_auth_sweep(struct db_conn *c, int64_t now, int window_s, struct error *e);

int store_token_insert(struct db_conn *c, const unsigned char *hash, int64_t user_id,
		       struct error *e);
/* Revoke every API token of a user (password change, disabled account). */
int store_tokens_revoke_user(struct db_conn *c, int64_t user_id, struct error *e);
int store_token_user(struct db_conn *c, const unsigned char *hash, int64_t *user_id,
		     struct error *e);

int store_login_failures(struct db_conn *c, const char *key, int *failures,
			 int64_t *window_start, struct error *e);
/* Count one failure; a window older than window_s starts again at now. */
int store_login_failed(struct db_conn *c, const char *key, int64_t now, int window_s,
		       struct error *e);
int store_login_clear(struct db_conn *c, const char *key, struct error *e);

/* ---- clusters (store_clusters.c) ---- */
struct cluster_filter {
	const char *q;
	int64_t authority_id; /* 0: any */
	int64_t member_id;    /* 0: any; clusters this org is a member of in any year */
	struct page page;
};
int store_cluster_get(struct db_conn *c, int64_t id, struct cluster *out, struct error *e);
int store_cluster_list(struct db_conn *c, const struct cluster_filter *f,
		       struct cluster **items, size_t *n, int64_t *total, struct error *e);
int store_cluster_insert(struct db_conn *c, struct cluster *cl, struct error *e);
int store_cluster_update(struct db_conn *c, const struct cluster *cl, struct error *e);
int store_cluster_year_get(struct db_conn *c, int64_t cluster_id, int year,
			   struct cluster_year *out, struct error *e);
/* Years of a cluster, newest first. */
int store_cluster_years(struct db_conn *c, int64_t cluster_id, int **years, size_t *n,
			struct error *e);
/* Create the year, or replace its members, leader and deputies. */
int store_cluster_year_put(struct db_conn *c, const struct cluster_year *y, int exists,
			   struct error *e);

/* Set the status; deadline ("" or NULL clears it) belongs to the new phase. */
int store_year_set_status(struct db_conn *c, int64_t cluster_id, int year,
			  enum year_status status, const char *deadline, struct error *e);
int store_year_set_deadline(struct db_conn *c, int64_t cluster_id, int year,
			    const char *deadline, struct error *e);
int store_year_set_rules(struct db_conn *c, int64_t cluster_id, int year,
			 enum final_rule rule, const struct tie_rule *ties, struct error *e);

/* ---- the agreement and its signatures (store_agreements.c) ---- */
/* ERR_NOT_FOUND while the year has no agreement text. */
int store_agreement_get(struct db_conn *c, int64_t cluster_id, int year,
			struct agreement *out, struct error *e);
/* Write text and targets as revision a->revision. */
int store_agreement_put(struct db_conn *c, int64_t cluster_id, int year,
			const struct agreement *a, struct error *e);
int store_signatures_list(struct db_conn *c, int64_t cluster_id, int year,
			  struct signature **sigs, size_t *n, struct error *e);
/* ERR_CONFLICT when the unit has signed already. */
int store_signature_insert(struct db_conn *c, int64_t cluster_id, int year, int64_t org_id,
			   int revision, int64_t user_id, struct error *e);
int store_signatures_clear(struct db_conn *c, int64_t cluster_id, int year,
			   struct error *e);

/* ---- scoring tables, scores, rankings (store_scoring.c) ---- */
/* Version `version` (0: the one in force); an empty table when none. */
int store_criteria_get(struct db_conn *c, int64_t cluster_id, int year, int version,
		       struct criteria_table *out, struct error *e);
/* Save items as the next version and put it in force; sets t->version. */
int store_criteria_put(struct db_conn *c, int64_t cluster_id, int year,
		       struct criteria_table *t, int64_t user_id, struct error *e);
void criteria_table_free(struct criteria_table *t);

struct score_row {
	struct score_entry entry;        /* criterion: index into the table */
	char criterion[CRITERION_CODE_CHARS + 1];
	char *note, *evidence, *adjust_reason; /* owned; NULL when absent */
	char entered_at[21], adjusted_at[21];
};
struct score_filter {
	int64_t scored_org_id;  /* 0: any */
	int64_t scoring_org_id; /* 0: any */
};
/* Entries of the year; entry.criterion is resolved against t. */
int store_scores_list(struct db_conn *c, int64_t cluster_id, int year,
		      const struct score_filter *f, const struct criteria_table *t,
		      struct score_row **rows, size_t *n, struct error *e);
void store_score_rows_free(struct score_row *rows, size_t n);
/* The rows' entries as one array (malloc'd; NULL when out of memory). */
struct score_entry *score_entries_of(const struct score_row *rows, size_t n);
/* Insert or replace the entry as entered (the review, if any, stays). */
int store_score_put(struct db_conn *c, int64_t cluster_id, int year, int64_t scored,
		    int64_t scoring, const char *criterion, double value, const char *note,
		    const char *evidence, int64_t user_id, struct error *e);
/* Record the leader's adjusted value and reason beside an existing entry. */
int store_score_adjust(struct db_conn *c, int64_t cluster_id, int year, int64_t scored,
		       int64_t scoring, const char *criterion, double value, const char *reason,
		       int64_t user_id, struct error *e);
int store_ranking_save(struct db_conn *c, int64_t cluster_id, int year,
		       const struct ranking *r, const struct criteria_table *t,
		       struct error *e);
/* The published ranking, its points aligned with t's items. */
int store_ranking_get(struct db_conn *c, int64_t cluster_id, int year,
		      const struct criteria_table *t, struct ranking *out, struct error *e);

/* ---- ballots (store_ballots.c) ---- */
struct ballot_filter {
	int64_t cluster_id;   /* 0: any */
	int year;             /* 0: any */
	int64_t authority_id; /* 0: any */
	int status;           /* -1: any, else enum ballot_status */
};
struct ballot_voter {
	int64_t id;  /* an org or a user, by the ballot's voter kind */
	enum voted voted;
};
/* Insert a draft ballot with its candidates and voters; sets b->id. */
int store_ballot_insert(struct db_conn *c, struct ballot *b, int64_t created_by,
			const int64_t *voters, size_t n_voters, struct error *e);
int store_ballot_get(struct db_conn *c, int64_t id, struct ballot *out, struct error *e);
/* Ids of the ballots that match, newest first (at most 1000). */
int store_ballot_ids(struct db_conn *c, const struct ballot_filter *f, int64_t **ids,
		     size_t *n, struct error *e);
int store_ballot_delete(struct db_conn *c, int64_t id, struct error *e);
int store_ballot_set_status(struct db_conn *c, struct ballot *b, enum ballot_status to,
			    struct error *e);
int store_ballot_voters(struct db_conn *c, int64_t id, struct ballot_voter **out, size_t *n,
			struct error *e);
/* One voter's entry; ERR_NOT_FOUND when it is not on the list. */
int store_ballot_voter_get(struct db_conn *c, int64_t id, int64_t voter_id,
			   struct ballot_voter *out, struct error *e);
/*
** Record that a voter took part (how: online or on paper): 403
** not_a_voter when it is not on the list, 409 already_voted when it did
** (saying how).
*/
int store_ballot_voter_mark(struct db_conn *c, int64_t id, int64_t voter_id, enum voted how,
			    struct error *e);
/* One stored ballot, and one receipt's hash (store_ballot_cast writes both). */
int store_vote_insert(struct db_conn *c, int64_t id, const struct cast_vote *v,
		      struct error *e);
int store_receipt_insert(struct db_conn *c, int64_t id, const char *receipt_hash,
			 struct error *e);
/*
** One online ballot, in the caller's transaction so that nothing of it
** exists without the rest: mark the voter, keep the hash of a new receipt,
** and store the choices (candidate ids) under a random key. The receipt
** and its hash come back.
*/
int store_ballot_cast(struct db_conn *c, const struct ballot *b, int64_t voter_id,
		      const int *ids, size_t n, char receipt[RECEIPT_TEXT_BYTES],
		      char hash[RECEIPT_HASH_BYTES], struct error *e);
/* The online ballots: by key, or (to publish) by their marks. */
int store_votes_list(struct db_conn *c, int64_t id, int by_key, struct cast_vote **out,
		     size_t *n, struct error *e);
/* The receipts' hashes, sorted. */
int store_receipts_list(struct db_conn *c, int64_t id, char (**out)[RECEIPT_HASH_BYTES],
			size_t *n, struct error *e);
/* 0 when a receipt with this hash was handed out, else 404 receipt_not_found. */
int store_receipt_find(struct db_conn *c, int64_t id, const char *receipt_hash,
		       struct error *e);
/* Save b's paper counts (ballot and candidates' paper_votes). */
int store_ballot_paper_save(struct db_conn *c, struct ballot *b, struct error *e);
/* Save the candidates' places in the chair's casting votes. */
int store_ballot_casting_save(struct db_conn *c, const struct ballot *b, struct error *e);
/* Rewrite a closed ballot's votes and voters in key order (see the file). */
int store_ballot_reseal(struct db_conn *c, int64_t id, struct error *e);
/* A ballot's outcome, counted from the stored ballots and paper counts. */
struct ballot_outcome {
	int is_void;             /* too few ballots to publish: no count below */
	struct cast_vote *votes; /* in the order published */
	size_t n_votes;
	char (*receipts)[RECEIPT_HASH_BYTES]; /* sorted */
	size_t n_receipts;
	int64_t per[BALLOT_CANDIDATES_MAX];
	int64_t online_blank;
	struct ballot_counts counts;
	struct ballot_result result;
	char digest[RECEIPT_HASH_BYTES];
};
/* Count and tally b; malloc'd (ballot_outcome_free), NULL with the error set. */
struct ballot_outcome *store_ballot_outcome(struct db_conn *c, const struct ballot *b,
					    struct error *e);
void ballot_outcome_free(struct ballot_outcome *o);
/* Tally o's counts again under b's rules (after the chair's casting votes changed). */
int ballot_outcome_tally(const struct ballot *b, struct ballot_outcome *o, struct error *e);
/*
** Outside any transaction: fold the write-ahead log into the database and
** empty it, so it no longer holds the order in which things were written.
*/
int store_forget_write_order(struct db_conn *c, struct error *e);

/* ---- rule sets (store_rules.c) ---- */
struct rule_set_row {
	int64_t id;
	char code[RULE_SET_CODE_CHARS + 1];
	char effective_from[11], effective_until[11];
	int revision;
	char updated_at[32];
	char *body; /* owned: the JSON document */
};
void rule_set_rows_free(struct rule_set_row *rows, size_t n);
/* All rule sets, oldest period first. */
int store_rule_set_list(struct db_conn *c, struct rule_set_row **rows, size_t *n,
			struct error *e);
int store_rule_set_get(struct db_conn *c, int64_t id, struct rule_set_row *out,
		       struct error *e);
/*
** Save rs (parsed from body) as a new set, or (rs->id > 0) as the next
** revision of set rs->id: 409 rule_sets_overlap when its period shares a
** day with another set's, 409 conflict when its code is taken.
*/
int store_rule_set_save(struct db_conn *c, struct rule_set *rs, const char *body,
			struct error *e);
/* Set id, parsed (free with rule_set_free). */
int store_rule_set_load(struct db_conn *c, int64_t id, struct rule_set *out,
			struct error *e);
/* The set in force on date, parsed; 422 no_rule_set when none covers it. */
int store_rule_set_on(struct db_conn *c, const char *date, struct rule_set *out,
		      struct error *e);
/*
** The set a year's award codes are read by: the one in force on 31
** December of the year, or for history older than every set the earliest.
*/
int store_rule_set_for_year(struct db_conn *c, int year, struct rule_set *out,
			    struct error *e);
/*
** For a job over many rows (an import, an export): the set of each year
** it meets, each set parsed once however many years read by it.
*/
struct rule_set_cache {
	struct rule_set **sets;
	size_t n_sets, cap_sets;
	struct rule_set_year {
		int year;
		size_t set; /* index in sets */
	} *years;
	size_t n_years, cap_years;
};
/* The set of a year (store_rule_set_for_year), from the cache or loaded into it. */
const struct rule_set *store_rule_set_cached(struct db_conn *c, struct rule_set_cache *k,
					     int year, struct error *e);
void rule_set_cache_free(struct rule_set_cache *k);
/*
** Add each rule set shipped in the binary whose code the database lacks
** (and whose period overlaps none there): a new decree reaches existing
** databases, and an admin's edits are kept. *added counts them.
*/
int store_rule_sets_seed(struct db_conn *c, int *added, struct error *e);

/* ---- eligibility facts (store_eligibility.c) ---- */
/* The facts about one nominee, in arrays this struct owns. */
struct facts_buf {
	struct eligibility_facts f;
	struct award_fact *awards, *member_awards;
	struct rating_fact *ratings;
	struct initiative_fact *initiatives;
	struct hold_fact *holds, *member_holds;
};
/*
** Load what the engine needs about a person (person_id) or an org for
** year: its awards of every year, its ratings and initiatives, its holds,
** and for an org its members' awards of that year and holds.
*/
int store_eligibility_facts(struct db_conn *c, int64_t person_id, int64_t org_id, int year,
			    struct facts_buf *out, struct error *e);
void facts_buf_free(struct facts_buf *b);
/* Lock an initiative to a proposal: 409 initiative_used when another holds it. */
int store_initiative_use(struct db_conn *c, int64_t id, int64_t proposal_id,
			 struct error *e);
/* Unlock the initiatives a proposal holds (it was rejected or deleted). */
int store_initiatives_release(struct db_conn *c, int64_t proposal_id, struct error *e);

/* ---- proposals, decisions, awards (store_awards.c) ---- */
struct proposal_filter {
	int64_t authority_id;    /* 0: any */
	int64_t proposer_org_id; /* 0: any */
	int64_t cluster_id;      /* 0: any */
	int64_t council_ballot_id; /* 0: any */
	int year;                /* 0: any */
	int status;              /* -1: any, else enum proposal_status */
	/* who may see: every proposal (all), or those reach_org made or reviews */
	int all;
	int64_t reach_org;
	struct page page;
};
int store_proposal_insert(struct db_conn *c, struct proposal *p, struct error *e);
int store_proposal_get(struct db_conn *c, int64_t id, struct proposal *out, struct error *e);
/* Proposals that match, newest first; free each with proposal_free. */
int store_proposal_list(struct db_conn *c, const struct proposal_filter *f,
			struct proposal **items, size_t *n, int64_t *total, struct error *e);
void proposals_free(struct proposal *items, size_t n);
/* Write back grounds, status, note, council ballot and decision of p. */
int store_proposal_update(struct db_conn *c, const struct proposal *p, struct error *e);
int store_proposal_delete(struct db_conn *c, int64_t id, struct error *e);
/*
** Awards already given, and proposals approved but not yet conferred
** (other than except_id), of a type in a cluster's year (cluster_id > 0)
** or an authority's year.
*/
int store_quota_held(struct db_conn *c, const char *type, int64_t cluster_id,
		     int64_t authority_id, int year, int64_t except_id, int64_t *held,
		     struct error *e);

int store_decision_insert(struct db_conn *c, struct decision *d, struct error *e);
int store_decision_get(struct db_conn *c, int64_t id, struct decision *out, struct error *e);
int store_decision_list(struct db_conn *c, int64_t authority_id, const struct page *p,
			struct decision **items, size_t *n, int64_t *total, struct error *e);
/* The proposals a decision conferred, in id order (malloc'd). */
int store_decision_proposals(struct db_conn *c, int64_t decision_id, int64_t **ids, size_t *n,
			     struct error *e);

struct award_filter {
	int64_t person_id;   /* 0: any */
	int64_t org_id;      /* 0: any; the org's own awards */
	int64_t decision_id; /* 0: any */
	int year;            /* 0: any */
	const char *award_type; /* NULL: any */
	/* visible people: enum scope_kind and its org (authz_people_scope) */
	int scope_kind;
	int64_t scope_org_id;
	struct page page;
};
/*
** Record an award conferred outside the system (history before go-live):
** the recipient must exist (422 unknown_person / unknown_org), the type
** be known for the year, and the reviewing authority above the recipient
** is filled in for quotas. Then as store_award_insert. rs is the set of
** the award's year (store_rule_set_for_year), or NULL to look it up.
*/
int store_award_record(struct db_conn *c, struct award *a, const struct rule_set *rs,
		       struct error *e);
/* 409 already_awarded when the recipient already holds the type that year. */
int store_award_insert(struct db_conn *c, struct award *a, struct error *e);
int store_award_get(struct db_conn *c, int64_t id, struct award *out, struct error *e);
/* Every award of a year (0: of every year), a struct award to fn. */
int store_award_each(struct db_conn *c, int year, store_row_fn fn, void *data,
		     struct error *e);
/* Awards that match, newest year first. */
int store_award_list(struct db_conn *c, const struct award_filter *f, struct award **items,
		     size_t *n, int64_t *total, struct error *e);

/* ---- evidence: ratings, initiatives, holds (store_evidence.c) ---- */
/* The records of one subject: a person or an org (exactly one set). */
struct evidence_filter {
	int64_t person_id;
	int64_t org_id;
	struct page page;
};
/* Insert or replace the rating of r's subject for r's year; sets id and updated_at. */
int store_rating_put(struct db_conn *c, struct rating_record *r, struct error *e);
/* The rating of a person or an org (the other 0) for a year; ERR_NOT_FOUND when none. */
int store_rating_find(struct db_conn *c, int64_t person_id, int64_t org_id, int year,
		      struct rating_record *out, struct error *e);
/* The subject's ratings, newest year first. */
int store_rating_list(struct db_conn *c, const struct evidence_filter *f,
		      struct rating_record **items, size_t *n, int64_t *total, struct error *e);
/* Sets id and created_at; used_by starts empty (proposals set it). */
int store_initiative_insert(struct db_conn *c, struct initiative *i, struct error *e);
int store_initiative_get(struct db_conn *c, int64_t id, struct initiative *out,
			 struct error *e);
/* A person's initiatives (f->person_id), newest year first. */
int store_initiative_list(struct db_conn *c, const struct evidence_filter *f,
			  struct initiative **items, size_t *n, int64_t *total, struct error *e);
/* Sets id, created_at and updated_at. */
int store_hold_insert(struct db_conn *c, struct hold *h, struct error *e);
int store_hold_get(struct db_conn *c, int64_t id, struct hold *out, struct error *e);
/* Write back h's ended_on and note (nothing else changes); sets updated_at. */
int store_hold_update(struct db_conn *c, struct hold *h, struct error *e);
/* The subject's holds, latest start first. */
int store_hold_list(struct db_conn *c, const struct evidence_filter *f, struct hold **items,
		    size_t *n, int64_t *total, struct error *e);

/*
** What a statistic rolls up over (STATS_BRANCHES_CTE in store_util.h): an
** org, a cluster (its members that year), or with neither the country.
*/
struct stats_scope {
	int64_t org_id;     /* 0: none */
	int64_t cluster_id; /* 0: none */
	int year;
};

/* ---- movements and registrations (store_movements.c) ---- */
struct movement_filter {
	int64_t org_id;      /* the launching org; 0: any */
	int year;            /* periods touching the year; 0: any */
	const char *q;       /* name, folded here; NULL: any */
	int status;          /* -1: any, else enum movement_status on `today` */
	const char *today;   /* "YYYY-MM-DD", the Vietnamese day */
	struct page page;
};
/* A unit as the registration lists name it. */
struct movement_unit {
	int64_t org_id;
	char name[NAME_CHARS * 4 + 1];
};
/* A registration with its unit's name. */
struct movement_entry {
	struct registration r;
	char name[NAME_CHARS * 4 + 1];
};
/* Sets id, created_at and updated_at. */
int store_movement_insert(struct db_conn *c, struct movement *m, struct error *e);
/* With its registration count; movement_free() the result. */
int store_movement_get(struct db_conn *c, int64_t id, struct movement *out, struct error *e);
/* Write back org, name, goals and dates; sets updated_at. */
int store_movement_update(struct db_conn *c, struct movement *m, struct error *e);
/* Its registrations go with it. */
int store_movement_delete(struct db_conn *c, int64_t id, struct error *e);
/* Latest start first, then in Vietnamese order; free with movements_free. */
int store_movement_list(struct db_conn *c, const struct movement_filter *f,
			struct movement **items, size_t *n, int64_t *total, struct error *e);
void movements_free(struct movement *items, size_t n);
/*
** The units a movement expects: every org of kind unit beneath its
** launching org (any depth) that exists during its period, in Vietnamese
** order.
*/
int store_movement_expected(struct db_conn *c, const struct movement *m,
			    struct movement_unit **units, size_t *n, struct error *e);
/* Is org_id one of the units the movement expects? */
int store_movement_expects(struct db_conn *c, const struct movement *m, int64_t org_id,
			   int *yes, struct error *e);
/* Its registrations, in Vietnamese order of the unit's name. */
int store_registration_list(struct db_conn *c, int64_t movement_id,
			    struct movement_entry **items, size_t *n, struct error *e);
/* ERR_NOT_FOUND when the org has not registered. */
int store_registration_get(struct db_conn *c, int64_t movement_id, int64_t org_id,
			   struct registration *out, struct error *e);
/* Sets registered_at to now unless given; 409 already_registered when the org has. */
int store_registration_insert(struct db_conn *c, struct registration *r, struct error *e);
int store_registration_delete(struct db_conn *c, int64_t movement_id, int64_t org_id,
			      struct error *e);

/* ---- models, reviews, compilations, model statistics (store_models.c) ---- */
#include "domain/model.h"

struct model_filter {
	const char *q;      /* free text, folded here; NULL: any */
	int64_t org_id;     /* 0: any */
	int subtree;        /* with org_id: its models and those of every org beneath it */
	int year;           /* recognized in; 0: any */
	const char *field;  /* NULL: any */
	int status;         /* -1: any, else enum model_status */
	struct page page;
};
/* A model with its org's name; ERR_NOT_FOUND when none. */
int store_model_get(struct db_conn *c, int64_t id, struct model *out, struct error *e);
/* Models that match, in Vietnamese order of their names. */
int store_model_list(struct db_conn *c, const struct model_filter *f, struct model **items,
		     size_t *n, int64_t *total, struct error *e);
/* Sets id, created_at and updated_at. */
int store_model_insert(struct db_conn *c, struct model *m, struct error *e);
/* Write back every field of m but its org and creation; sets updated_at. */
int store_model_update(struct db_conn *c, struct model *m, struct error *e);
/*
** Where a model lies for a compilation by root: *fact its year and
** retired year (count 1), *inside whether its org is root or beneath it.
** ERR_NOT_FOUND when there is no such model.
*/
int store_model_placement(struct db_conn *c, int64_t model_id, int64_t root,
			  struct model_fact *fact, int *inside, struct error *e);
/* Sets id and created_at. */
int store_model_review_insert(struct db_conn *c, struct model_review *r, struct error *e);
/* A model's reviews, latest year first. */
int store_model_review_list(struct db_conn *c, int64_t model_id, const struct page *p,
			    struct model_review **items, size_t *n, int64_t *total,
			    struct error *e);

/*
** Statistics over the branches of STATS_BRANCHES_CTE (org, cluster and
** year as there; 0 when not given): the branches' heads in Vietnamese
** order, and the models recognized by `year` counted by branch, year and
** retired year.
*/
struct model_branch {
	int64_t org_id;
	char name[255 * 4 + 1];
};
struct model_branch_fact {
	int64_t branch_id;
	struct model_fact fact;
};
int store_model_branches(struct db_conn *c, const struct stats_scope *sc,
			 struct model_branch **items, size_t *n, struct error *e);
int store_model_facts(struct db_conn *c, const struct stats_scope *sc,
		      struct model_branch_fact **items, size_t *n, struct error *e);

/* Compilations (store_compilations.c). */
struct compilation_filter {
	int64_t org_id; /* 0: any */
	int year;       /* its period holds the year; 0: any */
	struct page page;
};
/* Each takes the items in rank order (rank = index + 1). */
int store_compilation_insert(struct db_conn *c, struct compilation *m,
			     const struct compilation_item *items, size_t n, struct error *e);
int store_compilation_update(struct db_conn *c, struct compilation *m,
			     const struct compilation_item *items, size_t n, struct error *e);
/* The compilation (its rationale malloc'd: compilation_clear); ERR_NOT_FOUND when none. */
int store_compilation_get(struct db_conn *c, int64_t id, struct compilation *out,
			  struct error *e);
int store_compilation_entries(struct db_conn *c, int64_t id,
			      struct compilation_entry **items, size_t *n, struct error *e);
/* Latest period first; free each with compilation_clear, then the array. */
int store_compilation_list(struct db_conn *c, const struct compilation_filter *f,
			   struct compilation **items, size_t *n, int64_t *total,
			   struct error *e);
int store_compilation_delete(struct db_conn *c, int64_t id, struct error *e);

/* ---- indicators, reports, indicator statistics (store_indicators.c) ---- */
/* The catalog (store_indicators.c). 409 code_taken for a code in use. */
int store_indicator_insert(struct db_conn *c, struct indicator *ind, struct error *e);
int store_indicator_get(struct db_conn *c, int64_t id, struct indicator *out, struct error *e);
/* ERR_NOT_FOUND when no indicator has the code. */
int store_indicator_find_code(struct db_conn *c, const char *code, struct indicator *out,
			      struct error *e);
/* Write back name, unit, aggregate, derived_from and code; sets updated_at. */
int store_indicator_update(struct db_conn *c, struct indicator *ind, struct error *e);
/* Does any report hold a value of the indicator? */
int store_indicator_used(struct db_conn *c, int64_t id, int *used, struct error *e);
/* The catalog by code, paged (a NULL page: all of it). */
int store_indicator_list(struct db_conn *c, const struct page *p, struct indicator **items,
			 size_t *n, int64_t *total, struct error *e);

/* Reports (store_reports.c). Each loaded report owns its values (report_values_free). */
struct report_filter {
	int64_t org_id; /* 0: any within the scope */
	int year;       /* 0: any */
	int status;     /* -1: any, else enum report_status */
	int scope_kind; /* enum scope_kind: whose reports the caller reads */
	int64_t scope_org_id;
	struct page page;
};
struct report_item {
	struct report report;
	char org_name[NAME_CHARS * 4 + 1];
};
int store_report_get(struct db_conn *c, int64_t id, struct report *out, struct error *e);
/* The org's report of the year; ERR_NOT_FOUND when it has none. */
int store_report_find(struct db_conn *c, int64_t org_id, int year, struct report *out,
		      struct error *e);
/*
** Create the org's report of the year or replace it (status, dates, note
** and every value); sets id, created_at (when new) and updated_at.
*/
int store_report_save(struct db_conn *c, struct report *r, struct error *e);
/* Newest year first, then in Vietnamese order of the org's name. */
int store_report_list(struct db_conn *c, const struct report_filter *f,
		      struct report_item **items, size_t *n, int64_t *total, struct error *e);
void store_report_items_free(struct report_item *items, size_t n);
/*
** The people registry's count for an org's own people in a year:
** admissions in the year, or party members admitted by its end. *has
** is 0 (and *count 0) when the registry holds no admission date of the
** org's people, so it says nothing about them.
*/
int store_registry_count(struct db_conn *c, int64_t org_id, enum derived what, int year,
			 int *has, int64_t *count, struct error *e);

/* Statistics (store_indicator_stats.c): ?org= or ?cluster= (the other 0), a year. */
/*
** A line of the roll-up: the branch's org, its name and the units expected
** to report (those in being at the year's end: a successor reports for a
** province merged in mid-year).
*/
struct stats_branch {
	int64_t org_id;
	char name[NAME_CHARS * 4 + 1];
	int expected;
	int has_registry; /* the registry holds admission dates of the branch's people */
	int64_t admissions, members; /* in the year; at its end */
};
/* The branches in Vietnamese order, with their registry counts for the year. */
int store_stats_branches(struct db_conn *c, const struct stats_scope *s,
			 struct stats_branch **items, size_t *n, struct error *e);
/* A counted value (submitted or accepted) of a unit within the scope, up to the year. */
struct stats_value {
	int64_t branch_id, org_id, indicator_id;
	int year;
	double value;
};
/*
** Sorted by indicator, then unit, then year: the values of the year and
** the years_back before it, and every earlier value of a `last` indicator
** (a stock, carried forward from its latest report).
*/
int store_stats_values(struct db_conn *c, const struct stats_scope *s, int years_back,
		       struct stats_value **items, size_t *n, struct error *e);

/* ---- audit (store_audit.c) ---- */
/* Append e (seq, at and hashes are set here) to the chain. */
int store_audit_append(struct db_conn *c, struct audit_entry *entry, struct error *e);
struct audit_row {
	struct audit_entry entry;
	char *strings; /* owns the entry's text fields */
};
struct audit_filter {
	const char *entity;   /* NULL: any */
	const char *entity_id;
	struct page page;
};
int store_audit_list(struct db_conn *c, const struct audit_filter *f,
		     struct audit_row **rows, size_t *n, int64_t *total, struct error *e);
void store_audit_rows_free(struct audit_row *rows, size_t n);
/*
** Walk the chain. *bad_seq is 0 when intact, else the first seq whose
** link is broken (a changed, missing or reordered entry); *checked counts
** entries read.
*/
int store_audit_verify(struct db_conn *c, int64_t *bad_seq, int64_t *checked,
		       char *why, size_t whylen, struct error *e);

#endif
