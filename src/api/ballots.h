/*
** What the ballot handlers (api_ballots.c, api_votes.c) share: the ballot
** as a request loads it with the caller's powers over it (ballot_access.c)
** and its JSON, result included (ballot_json.c).
*/
#ifndef THIDUA_API_BALLOTS_H
#define THIDUA_API_BALLOTS_H

#include "api/api.h"
#include "api/json_out.h"
#include "domain/receipt.h"

enum ballot_power { CAN_READ = 1, CAN_MANAGE = 2, CAN_VOTE = 4 };

struct ballot_ctx {
	struct ballot b;
	unsigned powers;   /* enum ballot_power */
	int64_t voter_id;  /* the caller's entry on the voters' list, 0: none */
	enum voted voted;  /* how that voter took part */
};

/* The caller's powers over bc->b. */
int ballot_access(struct ctx *cx, struct ballot_ctx *bc, struct error *e);
/*
** Open a transaction (a write one when for_write) and load the path's
** ballot with the caller's powers; 403 when the caller may not read it.
*/
struct ballot_ctx *ballot_open(struct ctx *cx, struct request *rq, int for_write,
			       struct error *e);
void ballot_ctx_free(struct ballot_ctx *bc);
/* 403 unless the caller holds power; what names the act. */
int ballot_require(const struct ballot_ctx *bc, unsigned power, const char *what,
		   struct error *e);

json_t *ballot_json(const struct ballot_ctx *bc);
/* The voters' list with names and participation, for those who manage. */
int ballot_voters_json(struct ctx *cx, const struct ballot *b, json_t **out, struct error *e);
json_t *counts_json(const struct ballot *b, const int64_t *per);
/* The paper ballots entered, or null; their counts only once the ballot is closed. */
json_t *ballot_paper_json(const struct ballot *b);

/* The published result; with_ballots adds every ballot (for recounting). */
json_t *ballot_result_json(const struct ballot *b, const struct ballot_outcome *o,
			   int with_ballots);

#endif
