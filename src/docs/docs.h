/*
** The documents thidua prints (docs/pdf.h sets them): the minutes of a
** cluster's year-end conference (doc_minutes.c), a proposal to the
** authority (doc_proposal.c) and the certificate of an award
** (doc_certificate.c). They are pure: the API layer fills these plain
** structs (names already looked up; strings UTF-8, not owned) and gets a
** malloc'd PDF back, or 500 pdf_failed.
*/
#ifndef THIDUA_DOCS_H
#define THIDUA_DOCS_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* ---- the conference minutes (biên bản hội nghị tổng kết) ---- */
struct doc_ranked {
	int rank;
	const char *unit;
	int64_t total_centi; /* points × 100 */
};
struct doc_tally {
	const char *label;
	int64_t votes;
	int passed;
};
struct doc_ballot {
	const char *question;
	int64_t eligible, cast, blank, invalid;
	int is_void;    /* too few ballots: no count may be shown */
	int threshold;  /* parts per 10,000 */
	int base_cast;  /* the threshold counts ballots cast, not eligible voters */
	int64_t needed;
	const struct doc_tally *tally;
	size_t n;
};
struct doc_nomination {
	const char *nominee;
	const char *award;
	const char *status;
};
struct doc_minutes {
	const char *authority;
	const char *cluster;
	int year;
	const char *place;
	const char *date; /* "YYYY-MM-DD": the conference, when results were published */
	const char *const *members;
	size_t n_members;
	const char *chair; /* the leader unit */
	const struct doc_ranked *ranking;
	size_t n_ranked;
	const struct doc_ballot *ballots;
	size_t n_ballots;
	const struct doc_nomination *nominations;
	size_t n_nominations;
	const char *next_leader; /* NULL: the handover has not happened */
	const char *const *next_deputies;
	size_t n_next_deputies;
};
int doc_minutes_pdf(const struct doc_minutes *m, char **out, size_t *len, struct error *e);

/* ---- the proposal to the authority (tờ trình đề nghị khen thưởng) ---- */
struct doc_condition {
	const char *text;
	const char *basis;
	int met; /* 1 met, 0 not met, -1 unknown */
	const char *detail; /* the evidence, in Vietnamese; NULL when the reader may not see it */
};
struct doc_proposal {
	int64_t id;
	const char *superior; /* the proposer's parent org, or NULL */
	const char *proposer;
	const char *authority;
	const char *place;
	const char *date;
	const char *nominee;
	const char *nominee_unit; /* a person's org, or NULL */
	int year;
	const char *award_name;
	const char *award_basis;
	const char *rule_set_basis;
	const char *grounds;
	const char *status;
	/* the cluster ballot the proposal came from: question NULL when none */
	const char *ballot_question;
	int64_t ballot_eligible, ballot_cast, ballot_votes, ballot_needed;
	int ballot_threshold;
	int ballot_passed;
	const struct doc_condition *conds;
	size_t n_conds;
	int eligible;
};
int doc_proposal_pdf(const struct doc_proposal *p, char **out, size_t *len, struct error *e);

/* ---- the certificate of an award (bằng khen, danh hiệu) ---- */
struct doc_certificate {
	const char *authority;
	const char *place;
	const char *award_name;
	const char *recipient;
	const char *recipient_unit; /* a person's org, or NULL */
	int year;
	const char *decision_number;
	const char *decision_date;
	const char *signer;
};
int doc_certificate_pdf(const struct doc_certificate *c, char **out, size_t *len,
			struct error *e);

#endif
