/* Rules of clusters and their years. */
#include "domain/cluster.h"

#include <string.h>

static const char *status_names[] = {
	"planning", "agreement_signed", "in_progress", "self_assessment",
	"cross_assessment", "results_published", "closed",
};

const char *year_status_name(enum year_status s)
{
	return status_names[s];
}

int year_status_parse(const char *s, enum year_status *out)
{
	for (size_t i = 0; i < sizeof status_names / sizeof *status_names; i++) {
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum year_status)i;
			return 0;
		}
	}
	return -1;
}

static int has_duplicate(const int64_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (ids[i] == ids[j])
				return 1;
	return 0;
}

static int contains(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
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
	if (!contains(y->members, y->n_members, y->leader_id))
		return err_set(e, ERR_INVALID, "not_a_member", "leader_id",
			       "the leader must be one of the members");
	if (has_duplicate(y->deputy_ids, y->n_deputies))
		return err_set(e, ERR_INVALID, "duplicate", "deputy_ids",
			       "a unit appears twice among the deputies");
	for (size_t i = 0; i < y->n_deputies; i++) {
		if (y->deputy_ids[i] == y->leader_id)
			return err_set(e, ERR_INVALID, "leader_is_deputy", "deputy_ids",
				       "the leader cannot also be a deputy");
		if (!contains(y->members, y->n_members, y->deputy_ids[i]))
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
