/* Rules and arithmetic of indicators and their yearly reports. */
#include "domain/indicator.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/cluster.h"

static const char *const aggregate_names[] = {"sum", "avg", "last"};
static const char *const derived_names[] = {"none", "party_admissions", "party_members"};
static const char *const status_names[] = {"draft", "submitted", "accepted"};

static int name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *aggregate_name(enum aggregate a)
{
	return (unsigned)a <= AGG_LAST ? aggregate_names[a] : "sum";
}

int aggregate_parse(const char *s, enum aggregate *out)
{
	int i = name_index(aggregate_names, 3, s);
	if (i < 0)
		return -1;
	*out = (enum aggregate)i;
	return 0;
}

const char *derived_name(enum derived d)
{
	return (unsigned)d <= DERIVED_PARTY_MEMBERS ? derived_names[d] : "none";
}

int derived_parse(const char *s, enum derived *out)
{
	int i = name_index(derived_names, 3, s);
	if (i < 0)
		return -1;
	*out = (enum derived)i;
	return 0;
}

const char *report_status_name(enum report_status s)
{
	return (unsigned)s <= REPORT_ACCEPTED ? status_names[s] : "draft";
}

int report_status_parse(const char *s, enum report_status *out)
{
	int i = name_index(status_names, 3, s);
	if (i < 0)
		return -1;
	*out = (enum report_status)i;
	return 0;
}

int indicator_code_check(const char *code, const char *field, struct error *e)
{
	size_t n = strlen(code);
	int ok = n >= 1 && n <= INDICATOR_CODE_MAX;
	for (size_t i = 0; ok && i < n; i++) {
		char c = code[i];
		ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
	}
	if (!ok)
		return err_set(e, ERR_INVALID, "invalid_code", field,
			       "%s must be 1 to %d of a-z, 0-9 and _", field, INDICATOR_CODE_MAX);
	return 0;
}

int indicator_validate(const struct indicator *ind, struct error *e)
{
	if (indicator_code_check(ind->code, "code", e) != 0)
		return -1;
	if (!ind->name[0])
		return err_set(e, ERR_INVALID, "required", "name", "name is required");
	if (!ind->unit[0])
		return err_set(e, ERR_INVALID, "required", "unit", "unit is required");
	if ((unsigned)ind->aggregate > AGG_LAST)
		return err_set(e, ERR_INVALID, "invalid_value", "aggregate",
			       "aggregate must be sum, avg or last");
	if ((unsigned)ind->derived_from > DERIVED_PARTY_MEMBERS)
		return err_set(e, ERR_INVALID, "invalid_value", "derived_from",
			       "derived_from must be none, party_admissions or party_members");
	/*
	** A registry count is a number of people, which adds up over units:
	** the statistics set it beside the rolled-up value, so a mean of it
	** would compare unlike figures.
	*/
	if (ind->derived_from != DERIVED_NONE && ind->aggregate == AGG_AVG)
		return err_set(e, ERR_INVALID, "invalid_value", "aggregate",
			       "a count of the people registry adds up: aggregate must be sum "
			       "or last");
	return 0;
}

int indicator_value_check(double v, const char *field, struct error *e)
{
	if (!isfinite(v) || v < 0 || v > INDICATOR_VALUE_MAX)
		return err_set(e, ERR_INVALID, "out_of_range", field,
			       "%s must be a number from 0 to 10^15", field);
	return 0;
}

int report_year_check(int year, int current_year, struct error *e)
{
	if (year < YEAR_MIN || year > current_year)
		return err_set(e, ERR_INVALID, "out_of_range", "year",
			       "year must be between %d and %d", YEAR_MIN, current_year);
	return 0;
}

int report_move_check(int exists, enum report_status from, enum report_move move,
		      enum report_status *to, struct error *e)
{
	switch (move) {
	case MOVE_SAVE_DRAFT:
	case MOVE_SUBMIT:
		/* An accepted report is the authority's: it reopens it first. */
		if (exists && from == REPORT_ACCEPTED)
			return err_set(e, ERR_CONFLICT, "report_accepted", "status",
				       "the report is accepted; its authority must reopen it first");
		*to = move == MOVE_SUBMIT ? REPORT_SUBMITTED : REPORT_DRAFT;
		return 0;
	case MOVE_ACCEPT:
		if (!exists || from != REPORT_SUBMITTED)
			return err_set(e, ERR_CONFLICT, "not_submitted", "status",
				       "only a submitted report can be accepted");
		*to = REPORT_ACCEPTED;
		return 0;
	case MOVE_RETURN:
		if (!exists || from == REPORT_DRAFT)
			return err_set(e, ERR_CONFLICT, "not_submitted", "status",
				       "only a submitted or accepted report can be returned");
		*to = REPORT_DRAFT;
		return 0;
	}
	return err_set(e, ERR_INTERNAL, "internal", NULL, "unknown report move");
}

int registry_agrees(const struct indicator *ind, double reported, int64_t registry,
		    struct error *e)
{
	if (ind->derived_from == DERIVED_NONE || reported == (double)registry)
		return 0;
	char field[64] = "values.";
	strncat(field, ind->code, sizeof field - strlen(field) - 1);
	return err_set(e, ERR_CONFLICT, "registry_mismatch", field,
		       "%s: the report says %.15g but the people registry counts %lld",
		       ind->code, reported, (long long)registry);
}

int indicator_unit_value(enum aggregate a, const struct year_value *vals, size_t n, int year,
			 double *out)
{
	int found = 0;
	for (size_t i = 0; i < n && vals[i].year <= year; i++) {
		if (vals[i].year == year || a == AGG_LAST) {
			*out = vals[i].value;
			found = 1;
		}
	}
	return found;
}

void rollup_add(struct rollup *r, double value)
{
	r->sum += value;
	r->units++;
}

int rollup_value(enum aggregate a, const struct rollup *r, double *out)
{
	if (r->units == 0)
		return 0;
	*out = a == AGG_AVG ? r->sum / r->units : r->sum;
	return 1;
}

/* x to two decimals, with no negative zero (JSON "-0" reads oddly). */
static double round2(double x)
{
	double r = round(x * 100.0) / 100.0;
	return r == 0 ? 0.0 : r;
}

void indicator_change(int has_value, double value, int has_previous, double previous,
		      struct change *out)
{
	memset(out, 0, sizeof *out);
	out->has_value = has_value;
	out->value = has_value ? value : 0;
	out->has_previous = has_previous;
	out->previous = has_previous ? previous : 0;
	if (!has_value || !has_previous)
		return;
	out->change = value - previous;
	out->has_change = isfinite(out->change);
	if (!out->has_change || previous == 0)
		return;
	double pct = round2(out->change / previous * 100.0);
	if (isfinite(pct)) {
		out->pct = pct;
		out->has_pct = 1;
	}
}

void report_values_free(struct report *r)
{
	free(r->values);
	r->values = NULL;
	r->n_values = 0;
}
