/*
** From nomination to conferred award: proposals (tờ trình đề nghị khen
** thưởng) and their states, the authority's decisions (quyết định) and
** the awards they confer, which become the history later eligibility is
** judged on. Quotas are counted here from figures the caller loads.
**
**   draft ──submit──▶ submitted ──take up──▶ under_review
**     ▲                   │                       │
**     └─ returned ◀───────┴──── review ───────────┘──▶ approved / rejected
**        (resubmit)
**
** The proposer (the cluster's leader or the nominee's unit) submits; the
** authority takes up and reviews. An approved proposal is conferred by a
** decision. This file is pure.
*/
#ifndef THIDUA_AWARD_H
#define THIDUA_AWARD_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "domain/rules.h"

#define GROUNDS_CHARS 5000
#define REVIEW_NOTE_CHARS 2000
#define DECISION_NUMBER_CHARS 60
#define SIGNER_CHARS 200
#define DECISION_REF_CHARS 200
#define DECISION_PROPOSALS_MAX 500

enum proposal_status {
	PROPOSAL_DRAFT = 0,
	PROPOSAL_SUBMITTED,
	PROPOSAL_UNDER_REVIEW,
	PROPOSAL_APPROVED,
	PROPOSAL_RETURNED,
	PROPOSAL_REJECTED,
};
const char *proposal_status_name(enum proposal_status s);
int proposal_status_parse(const char *s, enum proposal_status *out);

/* Who moves a proposal: bits, as a caller may be both. */
enum proposal_party { PARTY_PROPOSER = 1, PARTY_AUTHORITY = 2 };

/*
** May a party move a proposal from one status to another? 0, or -1 with
** 409 invalid_transition (the move does not exist from that status) or
** 403 forbidden (it exists, but belongs to the other party).
*/
int proposal_move_check(enum proposal_status from, enum proposal_status to,
			unsigned parties, struct error *e);
/* Grounds and nominee may change only while the proposer holds it. */
int proposal_editable(enum proposal_status s);

struct proposal {
	int64_t id;
	char award_type[AWARD_CODE_CHARS + 1];
	int64_t rule_set_id;
	int64_t nominee_person_id; /* exactly one of the two */
	int64_t nominee_org_id;
	int64_t proposer_org_id;
	int64_t authority_id;
	int64_t cluster_id;        /* 0 for a unit's own proposal */
	int year;
	int64_t ballot_id;         /* the cluster ballot that nominated, 0: none */
	char *ballot_result;       /* owned JSON text of its figures, or NULL */
	int64_t council_ballot_id; /* the council's ballot, 0: none yet */
	char *grounds;             /* owned */
	enum proposal_status status;
	char *review_note;         /* owned, or NULL */
	int64_t decision_id;
	int64_t created_by;
	char created_at[32], updated_at[32];
};
void proposal_free(struct proposal *p);

struct decision {
	int64_t id;
	int64_t authority_id;
	char number[DECISION_NUMBER_CHARS * 4 + 1]; /* e.g. "125/QĐ-BTCTW" */
	char date[11];
	char signer[SIGNER_CHARS * 4 + 1];
	int64_t created_by;
	char created_at[32];
};
/* 422 for a blank number or signer, or a date after today. */
int decision_validate(const struct decision *d, const char *today, struct error *e);

struct award {
	int64_t id;
	char award_type[AWARD_CODE_CHARS + 1];
	int64_t person_id; /* exactly one of the two */
	int64_t org_id;
	int year;
	int64_t decision_id;                           /* a decision made here, or */
	char decision_ref[DECISION_REF_CHARS * 4 + 1]; /* the paper decision's reference */
	int64_t proposal_id;
	int64_t authority_id;
	int64_t cluster_id;
	char created_at[32];
};

/*
** Would one more award of type t break its quota? held counts the awards
** already given (and approved, not yet conferred) in the quota's scope —
** the cluster's year, or the authority's year — and base, for a share
** quota, the collectives holding the quota's `of` award that year.
** 409 quota_exceeded citing the quota's text and basis.
*/
int quota_check(const struct award_type *t, int64_t held, int64_t base, struct error *e);

#endif
