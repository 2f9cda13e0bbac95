/* Pieces of `thidua demo` shared between its files. */
#ifndef THIDUA_CLI_DEMO_H
#define THIDUA_CLI_DEMO_H

#include "core/error.h"
#include "domain/cluster.h"
#include "store/db.h"

/*
** Give a demo cluster a history: the year before `current` carried through
** to its close, and `current` (already created, planning) signed and in
** self-assessment with most self scores entered.
*/
int demo_cluster_history(struct db_conn *c, const struct cluster *cl,
			 const struct cluster_year *current, struct error *e);

/*
** The demo's ballots (2025 conference, 2026 open vote, an open council
** ballot); needs the history above and the demo's users.
*/
int demo_ballots(struct db_conn *c, int64_t cluster_id, int64_t authority_id, struct error *e);

/*
** The demo's award history and proposals in unit_id (the unit officer's
** unit), reviewed by authority_id; needs the rule sets seeded.
*/
int demo_awards(struct db_conn *c, int64_t unit_id, int64_t authority_id, struct error *e);

/*
** The demo's movements launched by the two authorities (authority_ids:
** the commission, the ministry), with most expected units registered;
** keep_open (the unit officer's unit) has not registered for this year's.
*/
int demo_movements(struct db_conn *c, const int64_t authority_ids[2], int64_t keep_open,
		   struct error *e);

/*
** The demo's exemplary models in units (n of them, beneath authority_id),
** 2019–2026, with reviews, retirements and the authority's compilation.
*/
int demo_models(struct db_conn *c, const int64_t *units, size_t n_units, int64_t authority_id,
		struct error *e);

/*
** The five indicators of conference reports and every demo unit's
** reports of the last three years (accepted, submitted, a few drafts),
** agreeing with the people registry; needs the orgs and people loaded.
*/
int demo_indicators(struct db_conn *c, struct error *e);

#endif
