/* Rules of clusters and their years. */
#include "domain/cluster.h"

#include <stdio.h>
#include <string.h>

#include "core/ids.h"
#include "core/names.h"

static const char *const status_names[] = {
	"planning", "agreement_signed", "in_progress", "self_assessment",
	"cross_assessment", "results_published", "closed", NULL,
};

const char *const *year_status_names(void)
{
	return status_names;
}

const char *year_status_name(enum year_status s)
{
	return status_names[s];
}

int year_status_parse(const char *s, enum year_status *out)
{
	int i = name_index(status_names, sizeof status_names / sizeof *status_names, s);
	if (i >= 0)
		*out = (enum year_status)i;
	return i >= 0 ? 0 : -1;
}

static int has_duplicate(const int64_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (ids[i] == ids[j])
				return 1;
	return 0;
}

int cluster_validate(const struct cluster *c, struct error *e)
{
	if (c->name[0] == 0)
		return err_set(e, ERR_INVALID, "required", "name", "name is required");
	if (c->authority_id <= 0)
		return err_set(e, ERR_INVALID, "required", "authority_id",
			       "authority_id is required");
	if (has_duplicate(c->rotation, c->n_rotation))
		return err_set(e, ERR_INVALID, "duplicate", "rotation",
			       "an org appears twice in the rotation");
	return 0;
}

int year_valid(int year)
{
	return year >= YEAR_MIN && year <= YEAR_MAX;
}

int cluster_year_validate(const struct cluster_year *y, struct error *e)
{
	if (!year_valid(y->year))
		return err_set(e, ERR_INVALID, "out_of_range", "year",
			       "year must be between %d and %d", YEAR_MIN, YEAR_MAX);
	if (y->n_members < 2)
		return err_set(e, ERR_INVALID, "too_few_members", "members",
			       "a cluster year needs at least two member units");
	if (has_duplicate(y->members, y->n_members))
		return err_set(e, ERR_INVALID, "duplicate", "members",
			       "a unit appears twice among the members");
	if (y->leader_id <= 0)
		return err_set(e, ERR_INVALID, "required", "leader_id", "leader_id is required");
	if (!ids_contain(y->members, y->n_members, y->leader_id))
		return err_set(e, ERR_INVALID, "not_a_member", "leader_id",
			       "the leader must be one of the members");
	if (has_duplicate(y->deputy_ids, y->n_deputies))
		return err_set(e, ERR_INVALID, "duplicate", "deputy_ids",
			       "a unit appears twice among the deputies");
	for (size_t i = 0; i < y->n_deputies; i++) {
		if (y->deputy_ids[i] == y->leader_id)
			return err_set(e, ERR_INVALID, "leader_is_deputy", "deputy_ids",
				       "the leader cannot also be a deputy");
		if (!ids_contain(y->members, y->n_members, y->deputy_ids[i]))
			return err_set(e, ERR_INVALID, "not_a_member", "deputy_ids",
				       "every deputy must be one of the members");
	}
	return 0;
}

int cluster_year_may_replace(const struct cluster_year *existing, struct error *e)
{
	if (existing->status != YEAR_PLANNING)
		return err_set(e, ERR_CONFLICT, "year_not_planning", "status",
			       "the %d year is %s; members and leaders can only be "
			       "changed while planning",
			       existing->year, year_status_name(existing->status));
	return 0;
}

/*
** Who moves a year forward. The move to agreement_signed has no owner: it
** happens when the last member signs. Closing is the authority's alone.
*/
static const struct {
	enum year_status from, to;
	unsigned owners;
} transitions[] = {
	{YEAR_PLANNING, YEAR_AGREEMENT_SIGNED, 0},
	{YEAR_AGREEMENT_SIGNED, YEAR_IN_PROGRESS, POWER_LEADER | POWER_AUTHORITY},
	{YEAR_IN_PROGRESS, YEAR_SELF_ASSESSMENT, POWER_LEADER | POWER_AUTHORITY},
	{YEAR_SELF_ASSESSMENT, YEAR_CROSS_ASSESSMENT, POWER_LEADER | POWER_AUTHORITY},
	{YEAR_CROSS_ASSESSMENT, YEAR_RESULTS_PUBLISHED, POWER_LEADER | POWER_AUTHORITY},
	{YEAR_RESULTS_PUBLISHED, YEAR_CLOSED, POWER_AUTHORITY},
};

int year_transition_check(enum year_status from, enum year_status to, unsigned powers,
			  struct error *e)
{
	for (size_t i = 0; i < sizeof transitions / sizeof *transitions; i++) {
		if (transitions[i].from != from || transitions[i].to != to)
			continue;
		if (transitions[i].owners == 0)
			return err_set(e, ERR_CONFLICT, "automatic_transition", "status",
				       "the year becomes %s by itself when every member has "
				       "signed the agreement", year_status_name(to));
		if (!(powers & transitions[i].owners))
			return err_set(e, ERR_FORBIDDEN, "forbidden", "status",
				       "only %s may move the year to %s",
				       transitions[i].owners == POWER_AUTHORITY
					       ? "the organizing authority"
					       : "the leader unit or the organizing authority",
				       year_status_name(to));
		return 0;
	}
	return err_set(e, ERR_CONFLICT, "out_of_order", "status",
		       "the year is %s; it cannot move to %s", year_status_name(from),
		       year_status_name(to));
}

int year_agreement_editable(enum year_status s, struct error *e)
{
	if (s >= YEAR_SELF_ASSESSMENT)
		return err_set(e, ERR_CONFLICT, "scoring_started", "status",
			       "the year is %s; the agreement and the scoring table cannot "
			       "change once scoring has opened", year_status_name(s));
	return 0;
}

int year_scoring_open(enum year_status s, int self, struct error *e)
{
	enum year_status phase = self ? YEAR_SELF_ASSESSMENT : YEAR_CROSS_ASSESSMENT;
	if (s != phase)
		return err_set(e, ERR_CONFLICT, "phase_closed", "status",
			       "%s scores are entered while the year is %s; it is %s",
			       self ? "self" : "cross", year_status_name(phase),
			       year_status_name(s));
	return 0;
}

int year_review_open(enum year_status s, struct error *e)
{
	if (s != YEAR_SELF_ASSESSMENT && s != YEAR_CROSS_ASSESSMENT)
		return err_set(e, ERR_CONFLICT, "review_closed", "status",
			       "scores are reviewed while scoring is open; the year is %s",
			       year_status_name(s));
	return 0;
}

int year_handover_open(enum year_status s, struct error *e)
{
	if (s != YEAR_RESULTS_PUBLISHED && s != YEAR_CLOSED)
		return err_set(e, ERR_CONFLICT, "results_not_published", "status",
			       "the handover follows the published results; the year is %s",
			       year_status_name(s));
	return 0;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

#define VIETNAM_UTC_OFFSET_S (7 * 3600)

int year_deadline_passed(const char *deadline, int64_t now)
{
	int y, m, d;
	if (!deadline || !deadline[0] || sscanf(deadline, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	int64_t end = (days_from_civil(y, m, d) + 1) * 86400 - VIETNAM_UTC_OFFSET_S;
	return now >= end;
}

static int rotation_index(const struct cluster *c, int64_t org)
{
	for (size_t i = 0; i < c->n_rotation; i++)
		if (c->rotation[i] == org)
			return (int)i;
	return -1;
}

int handover_by_rotation(const struct cluster *c, const struct cluster_year *now,
			 struct cluster_year *next, struct error *e)
{
	int at = rotation_index(c, now->leader_id);
	size_t want = now->n_deputies ? now->n_deputies : 1, found = 0;
	if (c->n_rotation == 0)
		return err_set(e, ERR_CONFLICT, "no_rotation", "rotation",
			       "the cluster has no rotation order; name the leader");
	next->leader_id = 0;
	next->n_deputies = 0;
	/* walk the rotation once, starting after this year's leader */
	size_t start = at < 0 ? 0 : (size_t)at + 1;
	for (size_t k = 0; k < c->n_rotation && found < want + 1; k++) {
		int64_t org = c->rotation[(start + k) % c->n_rotation];
		if (!ids_contain(next->members, next->n_members, org) || org == now->leader_id)
			continue;
		if (!next->leader_id)
			next->leader_id = org;
		else
			next->deputy_ids[next->n_deputies++] = org;
		found++;
	}
	if (!next->leader_id)
		return err_set(e, ERR_CONFLICT, "no_rotation", "rotation",
			       "no unit of the rotation is a member next year; name the leader");
	/* in a cluster too small to have another, the outgoing leader deputizes */
	if (next->n_deputies == 0 && ids_contain(next->members, next->n_members, now->leader_id))
		next->deputy_ids[next->n_deputies++] = now->leader_id;
	return 0;
}

int handover_check_leader(const struct cluster_year *now, const struct cluster_year *next,
			  int override, unsigned powers, struct error *e)
{
	if (next->leader_id != now->leader_id)
		return 0;
	if (!override)
		return err_set(e, ERR_CONFLICT, "leader_repeat", "leader_id",
			       "this unit led the cluster in %d; it may lead again in %d only "
			       "when the authority overrides", now->year, next->year);
	if (!(powers & POWER_AUTHORITY))
		return err_set(e, ERR_FORBIDDEN, "forbidden", "override",
			       "only the organizing authority may let a leader lead again");
	return 0;
}
