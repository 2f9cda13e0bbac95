/*
** The evidence eligibility is judged on, as the units record it: the
** yearly task rating of a person (by its unit) or of an org (by its
** superior), the initiatives and research topics a person authored with
** the level that recognized them, and the holds — discipline, inspection
** or complaint under way — that freeze a person's or an org's awards
** while they are open. The engine (eligibility.h) reads them as facts.
**
** A record belongs to exactly one subject: a person or an org. This file
** is pure: the rules of a record, no storage and no HTTP.
*/
#ifndef THIDUA_EVIDENCE_H
#define THIDUA_EVIDENCE_H

#include <stdint.h>

#include "core/error.h"
#include "domain/eligibility.h"
#include "domain/rules.h"

#define INITIATIVE_TITLE_CHARS 500
#define HOLD_NOTE_CHARS 1000

struct rating_record {
	int64_t id;
	int64_t person_id; /* exactly one of the two */
	int64_t org_id;
	int year;
	enum rating rating;
	char updated_at[32];
};

struct initiative {
	int64_t id;
	int64_t person_id;
	char title[INITIATIVE_TITLE_CHARS * 4 + 1];
	enum award_level level; /* grassroots, ministry_province or national */
	int year;               /* the year it was recognized */
	int64_t used_by;        /* the proposal it backs; 0 while unused */
	char created_at[32];
};

struct hold {
	int64_t id;
	int64_t person_id; /* exactly one of the two */
	int64_t org_id;
	enum hold_kind kind;
	char started_on[11];
	char ended_on[11]; /* "" while open */
	char note[HOLD_NOTE_CHARS * 4 + 1];
	int64_t recorded_by; /* the org whose officer opened it; 0: an admin */
	char created_at[32], updated_at[32];
};

/* Exactly one of person_id and org_id: 422 invalid_subject otherwise. */
int evidence_subject_check(int64_t person_id, int64_t org_id, struct error *e);
/*
** A year evidence may be recorded for: from YEAR_MIN to the year after
** current_year (a rating is often entered as the year turns); 422
** out_of_range naming field otherwise.
*/
int evidence_year_check(int year, int current_year, const char *field, struct error *e);

/* current_year bounds the years; each returns 0 or -1 with a 422. */
int rating_record_validate(const struct rating_record *r, int current_year, struct error *e);
int initiative_validate(const struct initiative *i, int current_year, struct error *e);
int hold_validate(const struct hold *h, int current_year, struct error *e);

#endif
