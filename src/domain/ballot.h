/*
** Secret ballots: how a ballot's choices are checked and how the counts
** become a result (issue 4; the storage, API and receipts come next).
**
** Kinds: `single` (one candidate), `approve_each` (yes for each approved
** candidate: a candidate passes with at least the threshold), `choose_n`
** (up to max_choices candidates). A ballot with no choice is blank.
**
** The threshold is a share of the eligible voters or of the ballots cast
** (blank ones included; invalid ones not), met when
** votes >= threshold × base, compared in exact integer arithmetic (the
** law's "at least 80 % of all members"). Below the quorum (a share of the
** eligible voters who cast) nobody passes. When more candidates pass than
** there are seats, they are ranked by votes; a tie at the cut-off goes
** first to the candidates with priority (a woman, or a collective of at
** least 70 % women: Decree 152/2025 Art. 4), then to the chair's casting
** vote; without one it stays undecided, and the result says so.
*/
#ifndef THIDUA_BALLOT_H
#define THIDUA_BALLOT_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define BALLOT_CANDIDATES_MAX 200
/* thresholds and quorums are kept in parts per 10,000 (80 % = 8000) */
#define SHARE_SCALE 10000

enum ballot_kind { BALLOT_SINGLE = 0, BALLOT_APPROVE_EACH, BALLOT_CHOOSE_N };
enum threshold_base { BASE_ELIGIBLE = 0, BASE_CAST };

struct ballot_rules {
	enum ballot_kind kind;
	int seats;          /* how many may pass; 0: no limit */
	int max_choices;    /* choose_n: at most this many; 1 for single */
	int threshold;      /* share of the base, 0..SHARE_SCALE */
	enum threshold_base base;
	int quorum;         /* share of eligible voters who must cast, 0..SHARE_SCALE */
};

const char *ballot_kind_name(enum ballot_kind k);
int ballot_kind_parse(const char *s, enum ballot_kind *out);
/* Seats, choices, threshold and quorum in range for the kind. */
int ballot_rules_validate(const struct ballot_rules *r, size_t n_candidates,
			  struct error *e);

/*
** A ballot's choices (candidate indexes 0..n_candidates-1): 0 when valid,
** 1 when blank (no choice), -1 with the reason when invalid (unknown or
** repeated candidate, more choices than the kind allows).
*/
int ballot_check_choices(const struct ballot_rules *r, size_t n_candidates,
			 const int *choices, size_t n_choices, struct error *e);

/* How the ballots were counted (paper counts already added in). */
struct ballot_counts {
	int64_t eligible;
	int64_t cast;     /* valid and blank ballots */
	int64_t blank;
	int64_t invalid;  /* spoilt paper ballots; never counted in cast */
	const int64_t *votes; /* per candidate */
};

enum cutoff_rule {
	DECIDED_BY_VOTES = 0,  /* more votes than those left out */
	DECIDED_BY_PRIORITY,   /* tied, and priority to women decided */
	DECIDED_BY_CHAIR,      /* tied, and the chair's casting vote decided */
	UNDECIDED,             /* tied at the cut-off: the chair must decide */
};

struct ballot_result {
	int quorum_met;
	int64_t needed;       /* votes a candidate needs to pass */
	size_t passed[BALLOT_CANDIDATES_MAX]; /* candidate indexes, in rank order */
	size_t n_passed;
	size_t undecided[BALLOT_CANDIDATES_MAX]; /* tied for the last seats */
	size_t n_undecided;
	size_t open_seats;    /* seats left for the undecided */
	enum cutoff_rule cutoff; /* how the last seat was settled */
};

/*
** Tally: priority[i] marks candidate i's priority; chair is the index of
** the candidate the chair's casting vote favours, or -1.
*/
int ballot_tally(const struct ballot_rules *r, size_t n_candidates, const int *priority,
		 const struct ballot_counts *c, int chair, struct ballot_result *out,
		 struct error *e);

const char *cutoff_rule_name(enum cutoff_rule r);

#endif
