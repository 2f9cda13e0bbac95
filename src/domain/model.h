/*
** Exemplary models ("mô hình" of the "Dân vận khéo" movement and others):
** a model belongs to an org, is recognized in a year, and stays active
** until a review retires it (with a reason) in a later or the same year.
** Reviews keep, strengthen or retire a model; compilations are ranked
** selections of models active in a period.
**
** The statistics arithmetic lives here too. For a set of models and a
** year Y:
**   new          recognized in Y
**   retired      retired in Y
**   active_start recognized by Y−1 and not retired by Y−1
**   active_end   recognized by Y and not retired by Y
**   total_ever   recognized by Y
** so active_end = active_start + new − retired for every set and year
** whose models are retired no earlier than recognized. This file is pure:
** no storage and no HTTP.
*/
#ifndef THIDUA_MODEL_H
#define THIDUA_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define MODEL_YEAR_MIN 1945
#define MODEL_NAME_CHARS 300
#define MODEL_FIELD_CHARS 100
#define MODEL_DESCRIPTION_CHARS 2000
#define MODEL_REASON_CHARS 1000
#define COMPILATION_TITLE_CHARS 300
#define COMPILATION_RATIONALE_CHARS 8000
#define COMPILATION_ITEMS_MAX 1000
#define COMPILATION_NOTE_CHARS 1000
/* The years a statistics answer's series covers, ending at its year. */
#define MODEL_SERIES_YEARS 10

enum model_status { MODEL_ACTIVE, MODEL_RETIRED };
enum review_outcome { REVIEW_KEEP, REVIEW_STRENGTHEN, REVIEW_RETIRE };

struct model {
	int64_t id;
	char name[MODEL_NAME_CHARS * 4 + 1];
	int64_t org_id;
	char org_name[255 * 4 + 1]; /* read with the model, never written */
	char field[MODEL_FIELD_CHARS * 4 + 1];
	int year; /* recognized */
	char description[MODEL_DESCRIPTION_CHARS * 4 + 1];
	enum model_status status;
	int retired_year;    /* 0 while active */
	char retired_on[11]; /* "" when not known */
	char retired_reason[MODEL_REASON_CHARS * 4 + 1];
	char created_at[32], updated_at[32];
};

struct model_review {
	int64_t id;
	int64_t model_id;
	int year;
	enum review_outcome outcome;
	char note[MODEL_REASON_CHARS * 4 + 1];
	int64_t reviewed_by; /* the reviewing org; 0: an admin */
	char created_at[32];
};

struct compilation_item {
	int64_t model_id;
	char note[COMPILATION_NOTE_CHARS * 4 + 1];
};

/* A ranked selection of models made by an org, with the reasons for it. */
struct compilation {
	int64_t id;
	int64_t org_id;
	char org_name[255 * 4 + 1]; /* read with it, never written */
	char title[COMPILATION_TITLE_CHARS * 4 + 1];
	int from_year, to_year;
	char *rationale; /* owned (compilation_clear frees it) */
	int64_t item_count;
	char created_at[32], updated_at[32];
};

/* One model of a compilation as read back: its rank, the model, the note. */
struct compilation_entry {
	int rank;
	int64_t model_id;
	char name[MODEL_NAME_CHARS * 4 + 1];
	int64_t org_id;
	char org_name[255 * 4 + 1];
	char field[MODEL_FIELD_CHARS * 4 + 1];
	int year;
	int retired_year; /* 0: active */
	char note[COMPILATION_NOTE_CHARS * 4 + 1];
};

void compilation_clear(struct compilation *c);

const char *model_status_name(enum model_status s);
int model_status_parse(const char *s, enum model_status *out);
const char *review_outcome_name(enum review_outcome o);
int review_outcome_parse(const char *s, enum review_outcome *out);

/*
** A model's own rules, current_year bounding its years: name and field
** required, year in MODEL_YEAR_MIN..current_year; a retired model has a
** retired_year from its year to current_year, a reason, and a retired_on
** (if any) in that year; an active one has none of them. 0, or -1 with a
** 422 naming the field.
*/
int model_validate(const struct model *m, int current_year, struct error *e);

/*
** Retire an active model in year (and on date, "" when not known) for
** reason: 409 already_retired, else the model's rules apply.
*/
int model_retire(struct model *m, int year, const char *date, const char *reason,
		 int current_year, struct error *e);

/*
** The year a retirement takes effect, from what was given: year (0 when
** absent) and date ("" when absent) must agree; the year defaults to the
** date's. 422 required / year_date_mismatch.
*/
int model_retire_year(int year, const char *date, int *out, struct error *e);

/* A review of m: its year within the model's life and a note when it retires it. */
int model_review_validate(const struct model *m, const struct model_review *r,
			  int current_year, struct error *e);

/*
** Was a model recognized in year and retired in retired_year (0: active)
** active at some time in from_year..to_year? That is: recognized by
** to_year and not retired before from_year.
*/
int model_active_during(int year, int retired_year, int from_year, int to_year);
/* A compilation's period: from_year ≤ to_year, both MODEL_YEAR_MIN..current_year. */
int compilation_period_validate(int from_year, int to_year, int current_year,
				struct error *e);

/* ---- statistics ---- */

/* count models recognized in year, retired in retired_year (0: still active). */
struct model_fact {
	int year;
	int retired_year;
	int64_t count;
};

struct model_counts {
	int64_t new_; /* "new" in JSON */
	int64_t retired;
	int64_t active_start;
	int64_t active_end;
	int64_t total_ever;
};

/* Add the facts' models to *c as counted for year (c is not cleared). */
void model_counts_add(struct model_counts *c, const struct model_fact *facts, size_t n,
		      int year);
/* a += b */
void model_counts_sum(struct model_counts *a, const struct model_counts *b);
/*
** The reconciliation identity active_end = active_start + new − retired:
** 0 when it holds, else -1 with an internal error (the data broke a rule
** the schema and model_validate keep; it must never be answered).
*/
int model_counts_reconcile(const struct model_counts *c, struct error *e);

#endif
