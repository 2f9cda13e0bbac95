/* Proposal states, decisions and quotas. */
#include "domain/award.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/names.h"

static const char *const status_names[] = {"draft",    "submitted", "under_review",
					   "approved", "returned",  "rejected", NULL};

const char *proposal_status_name(enum proposal_status s)
{
	return (unsigned)s <= PROPOSAL_REJECTED ? status_names[s] : "?";
}

int proposal_status_parse(const char *s, enum proposal_status *out)
{
	int i = name_index(status_names, 6, s);
	if (i < 0)
		return -1;
	*out = (enum proposal_status)i;
	return 0;
}

/* The moves that exist, and whose each is. */
static const struct {
	enum proposal_status from, to;
	unsigned party;
} moves[] = {
	{PROPOSAL_DRAFT, PROPOSAL_SUBMITTED, PARTY_PROPOSER},
	{PROPOSAL_RETURNED, PROPOSAL_SUBMITTED, PARTY_PROPOSER},
	{PROPOSAL_SUBMITTED, PROPOSAL_UNDER_REVIEW, PARTY_AUTHORITY},
	{PROPOSAL_SUBMITTED, PROPOSAL_APPROVED, PARTY_AUTHORITY},
	{PROPOSAL_SUBMITTED, PROPOSAL_RETURNED, PARTY_AUTHORITY},
	{PROPOSAL_SUBMITTED, PROPOSAL_REJECTED, PARTY_AUTHORITY},
	{PROPOSAL_UNDER_REVIEW, PROPOSAL_APPROVED, PARTY_AUTHORITY},
	{PROPOSAL_UNDER_REVIEW, PROPOSAL_RETURNED, PARTY_AUTHORITY},
	{PROPOSAL_UNDER_REVIEW, PROPOSAL_REJECTED, PARTY_AUTHORITY},
};

int proposal_move_check(enum proposal_status from, enum proposal_status to,
			unsigned parties, struct error *e)
{
	for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
		if (moves[i].from != from || moves[i].to != to)
			continue;
		if (parties & moves[i].party)
			return 0;
		return err_set(e, ERR_FORBIDDEN, "forbidden", NULL,
			       moves[i].party == PARTY_AUTHORITY
				       ? "only the reviewing authority may move a proposal to %s"
				       : "only the proposer may move a proposal to %s",
			       proposal_status_name(to));
	}
	return err_set(e, ERR_CONFLICT, "invalid_transition", "status",
		       "a %s proposal cannot become %s", proposal_status_name(from),
		       proposal_status_name(to));
}

int proposal_editable(enum proposal_status s)
{
	return s == PROPOSAL_DRAFT || s == PROPOSAL_RETURNED;
}

void proposal_free(struct proposal *p)
{
	free(p->ballot_result);
	free(p->grounds);
	free(p->review_note);
	p->ballot_result = p->grounds = p->review_note = NULL;
}

int decision_validate(const struct decision *d, const char *today, struct error *e)
{
	if (!d->number[0])
		return err_set(e, ERR_INVALID, "invalid_field", "number",
			       "the decision needs its number and symbol");
	if (!d->signer[0])
		return err_set(e, ERR_INVALID, "invalid_field", "signer",
			       "the decision needs its signer");
	if (!clock_valid_date(d->date))
		return err_set(e, ERR_INVALID, "invalid_field", "date",
			       "date must be YYYY-MM-DD");
	if (strcmp(d->date, today) > 0)
		return err_set(e, ERR_INVALID, "invalid_field", "date",
			       "a decision cannot be dated after today (%s)", today);
	return 0;
}

int quota_check(const struct award_type *t, int64_t held, int64_t base, struct error *e)
{
	const struct quota *q = &t->quota;
	int64_t allowed;
	switch (q->kind) {
	case QUOTA_PER_CLUSTER:
		allowed = q->max;
		break;
	case QUOTA_SHARE_OF_HOLDERS:
		/* at most share × holders, rounded down: the law says "not more than" */
		allowed = base * q->share / 10000;
		break;
	default:
		return 0;
	}
	if (held + 1 <= allowed)
		return 0;
	return err_set(e, ERR_CONFLICT, "quota_exceeded", "award_type",
		       "%s: %s (%s); %lld already given or approved, %lld allowed", t->code, q->text,
		       q->basis, (long long)held, (long long)allowed);
}
