/*
** Secret ballots: what a ballot is, how its choices are checked and how
** the counts become a result. Receipts and the digest are in receipt.h.
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
#include "domain/org.h"

#define BALLOT_CANDIDATES_MAX 200
#define BALLOT_VOTERS_MAX 2000
#define BALLOT_QUESTION_CHARS 1000
#define CANDIDATE_LABEL_CHARS 300
#define PAPER_MINUTES_CHARS 2000
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

enum ballot_status { BALLOT_DRAFT = 0, BALLOT_OPEN, BALLOT_CLOSED };
/* Who votes: each member unit (cast by its officer or delegate), or listed users. */
enum voter_kind { VOTERS_UNITS = 0, VOTERS_USERS };
/* How a voter on the list took part. */
enum voted { NOT_VOTED = 0, VOTED_ONLINE, VOTED_ON_PAPER };
/* "online", "paper", or NULL for NOT_VOTED. */
const char *voted_name(enum voted v);

struct ballot_candidate {
	int id;            /* 1..n within its ballot */
	int64_t org_id;    /* 0 unless the candidate is an org */
	int64_t person_id; /* 0 unless the candidate is a person */
	char label[CANDIDATE_LABEL_CHARS * 4 + 1]; /* the name when the ballot was made */
	int priority;      /* a woman, or a collective of at least 70 % women */
	int64_t paper_votes;
	int casting;       /* place among the chair's casting votes, 0: none */
};

struct ballot {
	int64_t id;
	int64_t authority_id; /* the organizing authority: the council's, or the cluster's */
	int64_t cluster_id;   /* 0 for a council ballot */
	int year;
	char question[BALLOT_QUESTION_CHARS * 4 + 1];
	struct ballot_rules rules;
	enum voter_kind voters;
	enum ballot_status status;
	struct ballot_candidate *candidates; /* owned; ballot_free releases them */
	size_t n_candidates;
	int64_t eligible;     /* voters on the list */
	int64_t voted;        /* of them, those who cast online or on paper */
	char created_at[32], opened_at[32], closed_at[32];
	int has_paper;        /* paper ballots were entered as counts */
	int64_t paper_ballots, paper_blank, paper_invalid;
	char paper_minutes[PAPER_MINUTES_CHARS * 4 + 1];
	char paper_at[32];
};

void ballot_free(struct ballot *b);
const char *ballot_status_name(enum ballot_status s);
int ballot_status_parse(const char *s, enum ballot_status *out);
const char *voter_kind_name(enum voter_kind k);
/* 409 unless the ballot is in the status an act needs (what names the act). */
int ballot_require_status(const struct ballot *b, enum ballot_status want, const char *what,
			  struct error *e);

const char *ballot_kind_name(enum ballot_kind k);
int ballot_kind_parse(const char *s, enum ballot_kind *out);
const char *threshold_base_name(enum threshold_base b);
int threshold_base_parse(const char *s, enum threshold_base *out);
/* All kind names in order, NULL-terminated (for a field_enum). */
const char *const *ballot_kind_names(void);
const char *const *threshold_base_names(void);
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

/*
** Paper ballots entered as counts (a hybrid conference's minutes): of
** `ballots` papers, `blank` chose nobody and `invalid` were spoilt; the
** votes per candidate must fit what the valid papers can hold.
*/
struct paper_counts {
	int64_t ballots, blank, invalid;
	const int64_t *votes;
};
int ballot_check_paper(const struct ballot_rules *r, size_t n_candidates,
		       const struct paper_counts *p, struct error *e);

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
** Tally: priority[i] marks candidate i's priority; chair lists the
** candidates the chair's casting votes favour, in order, one seat each
** (n_chair 0: the chair has not voted).
*/
int ballot_tally(const struct ballot_rules *r, size_t n_candidates, const int *priority,
		 const struct ballot_counts *c, const int *chair, size_t n_chair,
		 struct ballot_result *out, struct error *e);

const char *cutoff_rule_name(enum cutoff_rule r);

/*
** Counts of one or two ballots give away the choices of those who cast
** them (to each other, and to a chair who closed the ballot just after a
** given voter). So every group of ballots whose counts are published —
** all of them, the online ones, the paper ones — must hold none or at
** least this many; otherwise the ballot closes void and no count is shown.
*/
#define BALLOT_SECRET_MIN 3
/* online: online ballots; paper: paper ballots counted (valid or blank). */
int ballot_secret_kept(int64_t online, int64_t paper);
/* The same from a ballot's participation: would its counts be void? */
int ballot_void(const struct ballot *b);
/* The chair's casting votes (candidates' `casting` places) as indexes, in order. */
size_t ballot_chair_order(const struct ballot *b, int *chair);

#endif
