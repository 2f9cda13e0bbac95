/*
** The JSON API: the application object the server hands every request
** to, the per-request context handlers work with, and the helpers they
** share (authorization, audit, paging, list envelopes).
*/
#ifndef THIDUA_API_H
#define THIDUA_API_H

#include <jansson.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "domain/auth.h"
#include "domain/authz.h"
#include "http/request.h"
#include "http/router.h"
#include "store/pool.h"
#include "store/store.h"

#define SESSION_COOKIE "thidua_session"

struct app_config {
	int session_idle_s; /* a session ends after this long unused */
	int session_max_s;  /* and after this long in any case */
	struct throttle_rule per_pair; /* one user name from one address */
	struct throttle_rule per_ip;
	struct throttle_rule per_user; /* one user name from anywhere */
};

struct app {
	struct db_pool *pool; /* the primary: every write, and reads that must see one */
	/* streaming replicas (PostgreSQL) for reads; taken in turn */
	struct db_pool **replicas;
	size_t n_replicas;
	atomic_uint next_replica;
	struct app_config cfg;
	/* argon2id needs 64 MiB per hash: bound how many run at once. */
	sem_t hash_slots;
	/* verified against when the user does not exist, so the answer
	 * takes as long as for a wrong password */
	char dummy_hash[AUTH_PWHASH_CHARS];
};

/*
** Take one of the bounded password-hashing slots, waiting at most a few
** seconds: 0, or -1 with a 503 (and the caller answers Retry-After).
*/
int app_hash_slot_take(struct app *a, struct error *e);
void app_hash_slot_give(struct app *a);

/* Fill defaults and the dummy hash; 0 on success. */
int app_init(struct app *a, struct db_pool *pool, int hash_concurrency);
void app_destroy(struct app *a);

/* The server's entry point for every request. */
void api_handle(void *app, struct request *rq, struct response *rs);

struct ctx {
	struct app *app;
	struct db_conn *db;
	struct db_pool *db_pool; /* the pool db came from */
	struct principal who;
	int authenticated;
	int via_cookie;
	char session_token[AUTH_TOKEN_CHARS];
};

static inline struct ctx *ctx_of(struct request *rq)
{
	return (struct ctx *)rq->app_state;
}

extern const struct route api_routes[];
extern const size_t api_route_count;
/* For server_config.log_secret_after: what comes after these segments is a secret. */
extern const char *const api_log_secret_after[];

/* May the caller do action on something owned by org owner (0: none)? */
int api_authorize(struct ctx *cx, enum action a, int64_t owner, struct error *e);

/*
** The org a body field names must exist (422 unknown_org otherwise) and,
** when kind >= 0, be of that enum org_kind (422 wrong_org_kind).
*/
int api_require_org(struct ctx *cx, int64_t id, const char *field, int kind,
		    struct error *e);

/* Who made a change: a user and its request, or the command line. */
struct audit_actor {
	int64_t id; /* 0 for the command line */
	const char *name;
	const char *request_id;
};

/*
** Append a change to the audit chain, inside the caller's transaction;
** before/after are encoded as canonical JSON (sorted keys) and may be NULL.
*/
int audit_write(struct db_conn *db, const struct audit_actor *actor, const char *action,
		const char *entity, const char *entity_id, json_t *before, json_t *after,
		struct error *e);

/* Record a write in the audit chain; before/after may be NULL. */
int api_audit(struct ctx *cx, struct request *rq, const char *action, const char *entity,
	      int64_t id, json_t *before, json_t *after, struct error *e);
/* The same for an entity whose key is not one id (e.g. "5/2026"). */
int api_audit_as(struct ctx *cx, struct request *rq, const char *action, const char *entity,
		 const char *entity_id, json_t *before, json_t *after, struct error *e);

/*
** A free-text query argument, cleaned like stored text (NFC, spaces
** squeezed) into buf: *out is buf, or NULL when absent or blank; 400 when
** it is not valid UTF-8, holds control characters or does not fit.
*/
#define QUERY_TEXT_BYTES 201 /* 200 bytes of text */
int api_query_text(struct request *rq, const char *name, char *buf, size_t n,
		   const char **out, struct error *e);

/*
** ?org= or ?cluster= (not both; neither: the whole country) and ?year=
** (min_year..max_year, default this year) into sc; the org or cluster
** must exist (404), read inside the caller's transaction.
*/
int api_stats_scope(struct ctx *cx, struct request *rq, int min_year, int max_year,
		    struct stats_scope *sc, struct error *e);

/* ?limit= (1..500, default 50) and ?offset=; during an export, every row from the first */
int api_page(struct request *rq, struct page *p, struct error *e);
/* {"items": items, "total", "limit", "offset"}; steals items. */
json_t *api_list(json_t *items, int64_t total, const struct page *p);

/*
** A cluster year as the handlers of its work load it: the cluster, the
** year, and what the caller may do in it.
*/
struct year_ctx {
	struct cluster cluster;
	struct cluster_year year;
	unsigned powers; /* enum year_power */
	char key[48];    /* "cluster/year": the audit entity id */
};
/* The caller's powers (enum year_power) in year y of cluster c. */
int year_powers(struct ctx *cx, const struct cluster *c, const struct cluster_year *y,
		unsigned *powers, struct error *e);
/* The {year} path parameter is a year the product knows (404 otherwise). */
int api_path_year(struct request *rq, struct error *e);
/*
** Open a transaction (a write one when for_write) and load the path's
** cluster year with the caller's powers; NULL with the error set.
** Free the result with free().
*/
struct year_ctx *year_open(struct ctx *cx, struct request *rq, int for_write,
			   struct error *e);
/* 403 unless the caller holds one of powers; what names the act. */
int year_require(const struct year_ctx *y, unsigned powers, const char *what,
		 struct error *e);
/* Move the year to a status inside the caller's transaction, with its audit entry. */
int year_move(struct ctx *cx, struct request *rq, struct year_ctx *y, enum year_status to,
	      const char *deadline, int forced, struct error *e);
/* The scoring table in force and every entry of the year, read once. */
struct year_scores {
	struct criteria_table table;
	struct score_row *rows;
	struct score_entry *entries; /* the rows' entries, for the domain functions */
	size_t n;
};
int year_scores_load(struct ctx *cx, const struct year_ctx *y, struct year_scores *s,
		     struct error *e);
void year_scores_free(struct year_scores *s);
/*
** 409 scores_incomplete when a self (or cross) sheet lacks an entry,
** unless forced; the leader closes a phase only when it is complete.
*/
int year_sheets_complete(const struct year_ctx *y, const struct year_scores *s, int self,
			 int forced, struct error *e);
/*
** Publish the year's results inside the caller's transaction: check the
** sheets the final rule uses (unless forced), compute, store the ranking,
** and move the year to results_published.
*/
int ranking_publish(struct ctx *cx, struct request *rq, struct year_ctx *y, int forced,
		    struct error *e);
/*
** The agreement's content changed (its text, targets or scoring table):
** void every signature, move the year back to planning if it had left it,
** and list the units whose signatures were voided in *invalidated.
*/
int agreement_changed(struct ctx *cx, struct request *rq, struct year_ctx *y,
		      json_t **invalidated, struct error *e);
/*
** After the members of a planning year changed: when every remaining
** member has signed, the year moves on as if the last one had just signed.
*/
int agreement_settle(struct ctx *cx, struct request *rq, const struct cluster *c,
		     struct cluster_year *y, struct error *e);
/* The scoring table as the tree clients read and write. */
json_t *criteria_items_json(const struct criteria_table *t);
/* The year as GET answers it: with the caller's powers in it. */
json_t *year_json_for(const struct year_ctx *y);
/* The caller's powers as names: ["authority", "leader", "member"]. */
json_t *powers_json(unsigned powers);

/* Roll back if a transaction is open and answer with the error. */
void api_fail(struct ctx *cx, struct response *rs, const struct error *e);

/* Handlers, one group per resource file. */
void api_health(struct request *rq, struct response *rs);
void api_session_create(struct request *rq, struct response *rs);
void api_session_get(struct request *rq, struct response *rs);
void api_session_delete(struct request *rq, struct response *rs);
void api_users_list(struct request *rq, struct response *rs);
void api_users_create(struct request *rq, struct response *rs);
void api_users_get(struct request *rq, struct response *rs);
void api_users_patch(struct request *rq, struct response *rs);
void api_orgs_list(struct request *rq, struct response *rs);
void api_orgs_create(struct request *rq, struct response *rs);
void api_orgs_get(struct request *rq, struct response *rs);
void api_orgs_patch(struct request *rq, struct response *rs);
void api_orgs_delete(struct request *rq, struct response *rs);
void api_people_list(struct request *rq, struct response *rs);
void api_people_create(struct request *rq, struct response *rs);
void api_people_get(struct request *rq, struct response *rs);
void api_people_patch(struct request *rq, struct response *rs);
void api_people_delete(struct request *rq, struct response *rs);
void api_clusters_list(struct request *rq, struct response *rs);
void api_clusters_create(struct request *rq, struct response *rs);
void api_clusters_get(struct request *rq, struct response *rs);
void api_clusters_patch(struct request *rq, struct response *rs);
void api_cluster_year_get(struct request *rq, struct response *rs);
void api_cluster_year_put(struct request *rq, struct response *rs);
void api_year_status(struct request *rq, struct response *rs);
void api_year_deadline(struct request *rq, struct response *rs);
void api_handover_get(struct request *rq, struct response *rs);
void api_handover_post(struct request *rq, struct response *rs);
void api_agreement_get(struct request *rq, struct response *rs);
void api_agreement_put(struct request *rq, struct response *rs);
void api_agreement_sign(struct request *rq, struct response *rs);
void api_criteria_get(struct request *rq, struct response *rs);
void api_criteria_put(struct request *rq, struct response *rs);
void api_criteria_copy(struct request *rq, struct response *rs);
void api_scores_get(struct request *rq, struct response *rs);
void api_scores_post(struct request *rq, struct response *rs);
void api_scores_adjust(struct request *rq, struct response *rs);
void api_ranking_get(struct request *rq, struct response *rs);
void api_ranking_publish(struct request *rq, struct response *rs);
void api_ballots_list(struct request *rq, struct response *rs);
void api_ballots_create(struct request *rq, struct response *rs);
void api_ballots_get(struct request *rq, struct response *rs);
void api_ballots_delete(struct request *rq, struct response *rs);
void api_ballots_open(struct request *rq, struct response *rs);
void api_ballots_close(struct request *rq, struct response *rs);
void api_ballot_vote(struct request *rq, struct response *rs);
void api_ballot_paper(struct request *rq, struct response *rs);
void api_ballot_casting_vote(struct request *rq, struct response *rs);
void api_ballot_result(struct request *rq, struct response *rs);
void api_ballot_receipt(struct request *rq, struct response *rs);
void api_ratings_list(struct request *rq, struct response *rs);
void api_ratings_put(struct request *rq, struct response *rs);
void api_initiatives_list(struct request *rq, struct response *rs);
void api_initiatives_create(struct request *rq, struct response *rs);
void api_initiatives_get(struct request *rq, struct response *rs);
void api_holds_list(struct request *rq, struct response *rs);
void api_holds_create(struct request *rq, struct response *rs);
void api_holds_get(struct request *rq, struct response *rs);
void api_holds_patch(struct request *rq, struct response *rs);
void api_rule_sets_list(struct request *rq, struct response *rs);
void api_rule_sets_create(struct request *rq, struct response *rs);
void api_rule_sets_get(struct request *rq, struct response *rs);
void api_rule_sets_put(struct request *rq, struct response *rs);
void api_award_types_list(struct request *rq, struct response *rs);
void api_eligibility_get(struct request *rq, struct response *rs);
void api_proposals_list(struct request *rq, struct response *rs);
void api_proposals_create(struct request *rq, struct response *rs);
void api_proposals_get(struct request *rq, struct response *rs);
void api_proposals_patch(struct request *rq, struct response *rs);
void api_proposals_delete(struct request *rq, struct response *rs);
void api_proposals_submit(struct request *rq, struct response *rs);
void api_proposals_review(struct request *rq, struct response *rs);
void api_cluster_year_proposals(struct request *rq, struct response *rs);
void api_council_ballots_create(struct request *rq, struct response *rs);
void api_decisions_list(struct request *rq, struct response *rs);
void api_decisions_create(struct request *rq, struct response *rs);
void api_decisions_get(struct request *rq, struct response *rs);
void api_awards_list(struct request *rq, struct response *rs);
void api_awards_create(struct request *rq, struct response *rs);
void api_awards_get(struct request *rq, struct response *rs);
void api_person_awards(struct request *rq, struct response *rs);
void api_org_awards(struct request *rq, struct response *rs);
/* movements (api_movements.c) */
void api_movements_list(struct request *rq, struct response *rs);
void api_movements_create(struct request *rq, struct response *rs);
void api_movements_get(struct request *rq, struct response *rs);
void api_movements_patch(struct request *rq, struct response *rs);
void api_movements_delete(struct request *rq, struct response *rs);
void api_movement_registrations_list(struct request *rq, struct response *rs);
void api_movement_registrations_create(struct request *rq, struct response *rs);
void api_movement_registrations_delete(struct request *rq, struct response *rs);

/* models, reviews, compilations, statistics (api_models.c) */
void api_models_list(struct request *rq, struct response *rs);
void api_models_create(struct request *rq, struct response *rs);
void api_models_stats(struct request *rq, struct response *rs);
void api_models_get(struct request *rq, struct response *rs);
void api_models_patch(struct request *rq, struct response *rs);
void api_models_retire(struct request *rq, struct response *rs);
void api_model_reviews_list(struct request *rq, struct response *rs);
void api_model_reviews_create(struct request *rq, struct response *rs);
void api_compilations_list(struct request *rq, struct response *rs);
void api_compilations_create(struct request *rq, struct response *rs);
void api_compilations_get(struct request *rq, struct response *rs);
void api_compilations_put(struct request *rq, struct response *rs);
void api_compilations_delete(struct request *rq, struct response *rs);

/* indicators, reports, statistics (api_indicators.c) */
void api_indicators_list(struct request *rq, struct response *rs);
void api_indicators_create(struct request *rq, struct response *rs);
void api_indicators_get(struct request *rq, struct response *rs);
void api_indicators_patch(struct request *rq, struct response *rs);
void api_reports_list(struct request *rq, struct response *rs);
void api_reports_post(struct request *rq, struct response *rs);
void api_reports_get(struct request *rq, struct response *rs);
void api_reports_accept(struct request *rq, struct response *rs);
void api_reports_return(struct request *rq, struct response *rs);
void api_indicator_stats(struct request *rq, struct response *rs);

/* documents as PDF (api_documents.c) */
void api_minutes_pdf(struct request *rq, struct response *rs);
void api_proposal_pdf(struct request *rq, struct response *rs);
void api_certificate_pdf(struct request *rq, struct response *rs);

/* exports as CSV and XLSX (api_exports.c) */
void api_ranking_export(struct request *rq, struct response *rs);
void api_ballot_export(struct request *rq, struct response *rs);
void api_awards_export(struct request *rq, struct response *rs);
void api_proposals_export(struct request *rq, struct response *rs);
/* (api_exports_stats.c) */
void api_models_export(struct request *rq, struct response *rs);
void api_models_stats_export(struct request *rq, struct response *rs);
void api_indicator_stats_export(struct request *rq, struct response *rs);
void api_reports_export(struct request *rq, struct response *rs);

void api_audit_list(struct request *rq, struct response *rs);

/* Web UI assets (not under /api). */
void api_static(struct request *rq, struct response *rs);

#endif
