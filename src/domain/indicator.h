/*
** Indicators and the yearly reports of their values: the catalog entry
** (code, name, unit, how values roll up, which registry count it repeats),
** a unit's report with its submission state and the moves between states,
** and the arithmetic of the statistics: how each unit's figure for a year
** is picked, how figures roll up, and the change on the year before as a
** number and a percentage.
**
** This file is pure: no storage, no HTTP.
*/
#ifndef THIDUA_INDICATOR_H
#define THIDUA_INDICATOR_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define INDICATOR_CODE_MAX 40
#define INDICATOR_NAME_CHARS 300
#define INDICATOR_UNIT_CHARS 60
#define REPORT_NOTE_CHARS 2000
/* Reported values are counts and amounts: 0 .. 10^15 keeps every sum exact enough. */
#define INDICATOR_VALUE_MAX 1e15

/* How a value rolls up over units (see indicator_unit_value). */
enum aggregate { AGG_SUM, AGG_AVG, AGG_LAST };
/* The count of the people registry an indicator repeats, if any. */
enum derived { DERIVED_NONE, DERIVED_PARTY_ADMISSIONS, DERIVED_PARTY_MEMBERS };

struct indicator {
	int64_t id;
	char code[INDICATOR_CODE_MAX + 1];
	char name[INDICATOR_NAME_CHARS * 4 + 1];
	char unit[INDICATOR_UNIT_CHARS * 4 + 1];
	enum aggregate aggregate;
	enum derived derived_from;
	char created_at[32], updated_at[32];
};

enum report_status { REPORT_DRAFT, REPORT_SUBMITTED, REPORT_ACCEPTED };

/* What happens to a report (enum report_status says where it is). */
enum report_move {
	MOVE_SAVE_DRAFT, /* the unit saves its figures, not yet sent */
	MOVE_SUBMIT,     /* the unit sends them to its authority */
	MOVE_ACCEPT,     /* the authority accepts them: final */
	MOVE_RETURN,     /* the authority sends them back (or reopens an accepted one) */
};

struct report_value {
	int64_t indicator_id;
	char code[INDICATOR_CODE_MAX + 1];
	double value;
};

struct report {
	int64_t id;
	int64_t org_id;
	int year;
	enum report_status status;
	char submitted_at[32], accepted_at[32]; /* "" when not */
	int64_t accepted_by;                    /* the accepting org; 0 when not accepted */
	char note[REPORT_NOTE_CHARS * 4 + 1];  /* why it was returned */
	char created_at[32], updated_at[32];
	struct report_value *values; /* owned; report_values_free */
	size_t n_values;
};

const char *aggregate_name(enum aggregate a);
int aggregate_parse(const char *s, enum aggregate *out);
/* "none", "party_admissions", "party_members" */
const char *derived_name(enum derived d);
int derived_parse(const char *s, enum derived *out);
const char *report_status_name(enum report_status s);
int report_status_parse(const char *s, enum report_status *out);

/* 1..40 of [a-z0-9_]: 422 invalid_code naming field otherwise. */
int indicator_code_check(const char *code, const char *field, struct error *e);
int indicator_validate(const struct indicator *ind, struct error *e);
/* A reported value: finite, 0 .. INDICATOR_VALUE_MAX; 422 naming field. */
int indicator_value_check(double v, const char *field, struct error *e);
/* The year of a report: YEAR_MIN .. current_year (nobody reports the future). */
int report_year_check(int year, int current_year, struct error *e);

/*
** May a report in state `from` (exists: 0 when there is none yet) take
** the move? 409 with a code saying why not (report_accepted,
** not_submitted); the state after it in *to.
*/
int report_move_check(int exists, enum report_status from, enum report_move move,
		      enum report_status *to, struct error *e);

/*
** Where a derived indicator's reported value disagrees with the count of
** the people registry: 409 registry_mismatch naming values.<code> and
** both numbers. Agreement is required only when both exist.
*/
int registry_agrees(const struct indicator *ind, double reported, int64_t registry,
		    struct error *e);

/* One unit's counted value of an indicator in one year. */
struct year_value {
	int year;
	double value;
};

/*
** A unit's figure for `year` from its counted values (sorted by year,
** ascending): for sum and avg the value of that year itself; for last
** (a stock) the latest value up to that year. 1 with *out set, 0 when
** the unit has no figure.
*/
int indicator_unit_value(enum aggregate a, const struct year_value *vals, size_t n, int year,
			 double *out);

/* Figures of units rolled up: their sum and how many there were. */
struct rollup {
	double sum;
	int units;
};
void rollup_add(struct rollup *r, double value);
/*
** The rolled-up value: the sum for sum and last, the mean for avg.
** 1 with *out set, 0 (null) when no unit gave a figure.
*/
int rollup_value(enum aggregate a, const struct rollup *r, double *out);

/* A figure beside the year before. A has_ flag of 0 means JSON null. */
struct change {
	int has_value, has_previous, has_change, has_pct;
	double value, previous, change, pct;
};
/*
** change = value − previous; pct = change / previous × 100 rounded to
** two decimals; each null when a side is missing, pct also when previous
** is 0 or the quotient is not a finite number.
*/
void indicator_change(int has_value, double value, int has_previous, double previous,
		      struct change *out);

void report_values_free(struct report *r);

#endif
