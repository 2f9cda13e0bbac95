/*
** Emulation movements (phong trào thi đua, e.g. "Dân vận khéo"): launched
** by an org for every unit beneath it, with goals and a period; the units
** register to take part, each with its commitment. This file is pure: the
** rules of a movement and of a registration, no storage and no HTTP.
*/
#ifndef THIDUA_MOVEMENT_H
#define THIDUA_MOVEMENT_H

#include <stdint.h>

#include "core/error.h"
#include "domain/org.h"

#define MOVEMENT_NAME_CHARS 300
#define MOVEMENT_GOALS_CHARS 8000
#define MOVEMENT_COMMITMENT_CHARS 1000
/* A movement runs at most this many years after the year it starts (a
 * five-year plan is the longest the reports name; ten leaves room). */
#define MOVEMENT_YEARS_MAX 10

enum movement_status { MOVEMENT_UPCOMING = 0, MOVEMENT_RUNNING = 1, MOVEMENT_ENDED = 2 };

struct movement {
	int64_t id;
	int64_t org_id; /* the launching org */
	char name[MOVEMENT_NAME_CHARS * 4 + 1];
	char *goals; /* malloc'd, owned; NULL: none */
	char starts_on[11], ends_on[11];
	char created_at[32], updated_at[32];
	/* as the store reads them, for display */
	int64_t registered; /* registrations */
	char org_name[NAME_CHARS * 4 + 1];
};

struct registration {
	int64_t movement_id;
	int64_t org_id;
	char commitment[MOVEMENT_COMMITMENT_CHARS * 4 + 1];
	char registered_at[32];
};

void movement_free(struct movement *m);

const char *movement_status_name(enum movement_status s);
/* Returns 0 and sets *s, or -1 for an unknown name. */
int movement_status_parse(const char *name, enum movement_status *s);
/* Where the movement stands on the day `today` ("YYYY-MM-DD"). */
enum movement_status movement_status_on(const struct movement *m, const char *today);

/*
** The rules of one movement: a name, real dates, ends_on not before
** starts_on, a start from YEAR_MIN to the year after current_year, and an
** end at most MOVEMENT_YEARS_MAX years after the start. 422 naming the
** field otherwise.
*/
int movement_validate(const struct movement *m, int current_year, struct error *e);
/*
** A unit registers or withdraws only until the movement ends: 409
** movement_ended after ends_on.
*/
int movement_open_on(const struct movement *m, const char *today, struct error *e);

#endif
