/* Rules of exemplary models, their reviews and compilations; their statistics. */
#include "domain/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

static const char *const status_names[] = {"active", "retired"};
static const char *const outcome_names[] = {"keep", "strengthen", "retire"};

const char *model_status_name(enum model_status s)
{
	return (unsigned)s <= MODEL_RETIRED ? status_names[s] : "active";
}

int model_status_parse(const char *s, enum model_status *out)
{
	for (int i = 0; i <= MODEL_RETIRED; i++)
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum model_status)i;
			return 0;
		}
	return -1;
}

const char *review_outcome_name(enum review_outcome o)
{
	return (unsigned)o <= REVIEW_RETIRE ? outcome_names[o] : "keep";
}

int review_outcome_parse(const char *s, enum review_outcome *out)
{
	for (int i = 0; i <= REVIEW_RETIRE; i++)
		if (strcmp(s, outcome_names[i]) == 0) {
			*out = (enum review_outcome)i;
			return 0;
		}
	return -1;
}

static int year_between(int year, int lo, int hi, const char *field, struct error *e)
{
	if (year < lo || year > hi)
		return err_set(e, ERR_INVALID, "out_of_range", field,
			       "%s must be between %d and %d", field, lo, hi);
	return 0;
}

/* The retirement fields of a retired model, against its year. */
static int retirement_validate(const struct model *m, int current_year, struct error *e)
{
	if (year_between(m->retired_year, m->year, current_year, "retired_year", e) != 0)
		return -1;
	if (!m->retired_reason[0])
		return err_set(e, ERR_INVALID, "required", "retired_reason",
			       "a retired model needs the reason it was retired");
	if (!m->retired_on[0])
		return 0;
	if (!clock_valid_date(m->retired_on))
		return err_set(e, ERR_INVALID, "invalid_date", "retired_on",
			       "retired_on must be a date YYYY-MM-DD");
	if (atoi(m->retired_on) != m->retired_year)
		return err_set(e, ERR_INVALID, "year_date_mismatch", "retired_on",
			       "retired_on (%s) is not in retired_year (%d)", m->retired_on,
			       m->retired_year);
	return 0;
}

int model_validate(const struct model *m, int current_year, struct error *e)
{
	if (!m->name[0])
		return err_set(e, ERR_INVALID, "required", "name", "name is required");
	if (!m->field[0])
		return err_set(e, ERR_INVALID, "required", "field", "field is required");
	if (m->org_id <= 0)
		return err_set(e, ERR_INVALID, "required", "org_id", "org_id is required");
	if (year_between(m->year, MODEL_YEAR_MIN, current_year, "year", e) != 0)
		return -1;
	if (m->status == MODEL_RETIRED)
		return retirement_validate(m, current_year, e);
	if (m->status != MODEL_ACTIVE)
		return err_set(e, ERR_INVALID, "invalid_value", "status",
			       "status must be active or retired");
	if (m->retired_year || m->retired_on[0] || m->retired_reason[0])
		return err_set(e, ERR_INVALID, "not_retired",
			       m->retired_year ? "retired_year"
			       : m->retired_on[0] ? "retired_on" : "retired_reason",
			       "an active model has no retirement");
	return 0;
}

int model_retire_year(int year, const char *date, int *out, struct error *e)
{
	if (date[0] && !clock_valid_date(date))
		return err_set(e, ERR_INVALID, "invalid_date", "date",
			       "date must be a date YYYY-MM-DD");
	if (!year && !date[0])
		return err_set(e, ERR_INVALID, "required", "year",
			       "give the year (or the date) of the retirement");
	if (year && date[0] && atoi(date) != year)
		return err_set(e, ERR_INVALID, "year_date_mismatch", "date",
			       "date (%s) is not in year %d", date, year);
	*out = year ? year : atoi(date);
	return 0;
}

int model_retire(struct model *m, int year, const char *date, const char *reason,
		 int current_year, struct error *e)
{
	if (m->status == MODEL_RETIRED)
		return err_set(e, ERR_CONFLICT, "already_retired", NULL,
			       "the model was retired in %d", m->retired_year);
	struct model after = *m;
	after.status = MODEL_RETIRED;
	after.retired_year = year;
	snprintf(after.retired_on, sizeof after.retired_on, "%s", date);
	snprintf(after.retired_reason, sizeof after.retired_reason, "%s", reason);
	if (model_validate(&after, current_year, e) != 0) {
		/* the caller named them year, date and reason */
		if (strcmp(e->field, "retired_year") == 0)
			snprintf(e->field, sizeof e->field, "year");
		else if (strcmp(e->field, "retired_on") == 0)
			snprintf(e->field, sizeof e->field, "date");
		else if (strcmp(e->field, "retired_reason") == 0)
			snprintf(e->field, sizeof e->field, "reason");
		return -1;
	}
	*m = after;
	return 0;
}

int model_review_validate(const struct model *m, const struct model_review *r,
			  int current_year, struct error *e)
{
	if ((unsigned)r->outcome > REVIEW_RETIRE)
		return err_set(e, ERR_INVALID, "invalid_value", "outcome",
			       "outcome must be keep, strengthen or retire");
	if (year_between(r->year, m->year, current_year, "year", e) != 0)
		return -1;
	if (r->outcome == REVIEW_RETIRE && !r->note[0])
		return err_set(e, ERR_INVALID, "required", "note",
			       "a review that retires the model says why in its note");
	if (m->status == MODEL_RETIRED)
		return err_set(e, ERR_CONFLICT, "already_retired", NULL,
			       "the model was retired in %d", m->retired_year);
	return 0;
}

int model_active_during(int year, int retired_year, int from_year, int to_year)
{
	return year <= to_year && (retired_year == 0 || retired_year >= from_year);
}

int compilation_period_validate(int from_year, int to_year, int current_year,
				struct error *e)
{
	if (year_between(from_year, MODEL_YEAR_MIN, current_year, "from_year", e) != 0 ||
	    year_between(to_year, MODEL_YEAR_MIN, current_year, "to_year", e) != 0)
		return -1;
	if (to_year < from_year)
		return err_set(e, ERR_INVALID, "invalid_period", "to_year",
			       "to_year (%d) is before from_year (%d)", to_year, from_year);
	return 0;
}

void compilation_clear(struct compilation *c)
{
	free(c->rationale);
	c->rationale = NULL;
}

/* ---- statistics ---- */

void model_counts_add(struct model_counts *c, const struct model_fact *facts, size_t n,
		      int year)
{
	for (size_t i = 0; i < n; i++) {
		const struct model_fact *f = &facts[i];
		if (f->year > year)
			continue;
		int active_at_end = f->retired_year == 0 || f->retired_year > year;
		int active_at_start =
			f->year <= year - 1 && (f->retired_year == 0 || f->retired_year > year - 1);
		c->total_ever += f->count;
		if (f->year == year)
			c->new_ += f->count;
		if (f->retired_year == year)
			c->retired += f->count;
		if (active_at_start)
			c->active_start += f->count;
		if (active_at_end)
			c->active_end += f->count;
	}
}

void model_counts_sum(struct model_counts *a, const struct model_counts *b)
{
	a->new_ += b->new_;
	a->retired += b->retired;
	a->active_start += b->active_start;
	a->active_end += b->active_end;
	a->total_ever += b->total_ever;
}

int model_counts_reconcile(const struct model_counts *c, struct error *e)
{
	if (c->active_end == c->active_start + c->new_ - c->retired)
		return 0;
	return err_set(e, ERR_INTERNAL, "statistics_mismatch", NULL,
		       "models do not reconcile: %lld active at the end, %lld at the start"
		       " + %lld new - %lld retired",
		       (long long)c->active_end, (long long)c->active_start,
		       (long long)c->new_, (long long)c->retired);
}
