/* Rules of emulation movements and their registrations. */
#include "domain/movement.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "domain/cluster.h"

static const char *const status_names[] = {"upcoming", "running", "ended"};

void movement_free(struct movement *m)
{
	free(m->goals);
	m->goals = NULL;
}

const char *movement_status_name(enum movement_status s)
{
	return (unsigned)s <= MOVEMENT_ENDED ? status_names[s] : "unknown";
}

int movement_status_parse(const char *name, enum movement_status *s)
{
	for (int i = 0; i <= MOVEMENT_ENDED; i++)
		if (strcmp(name, status_names[i]) == 0) {
			*s = (enum movement_status)i;
			return 0;
		}
	return -1;
}

enum movement_status movement_status_on(const struct movement *m, const char *today)
{
	if (strcmp(today, m->starts_on) < 0)
		return MOVEMENT_UPCOMING;
	if (strcmp(today, m->ends_on) > 0)
		return MOVEMENT_ENDED;
	return MOVEMENT_RUNNING;
}

static int check_date(const char *date, const char *field, struct error *e)
{
	if (!date[0])
		return err_set(e, ERR_INVALID, "required", field, "%s is required", field);
	if (!clock_valid_date(date))
		return err_set(e, ERR_INVALID, "invalid_date", field,
			       "%s must be a date YYYY-MM-DD", field);
	return 0;
}

int movement_validate(const struct movement *m, int current_year, struct error *e)
{
	if (m->org_id <= 0)
		return err_set(e, ERR_INVALID, "required", "org_id", "org_id is required");
	if (!m->name[0])
		return err_set(e, ERR_INVALID, "required", "name", "name is required");
	if (check_date(m->starts_on, "starts_on", e) != 0 ||
	    check_date(m->ends_on, "ends_on", e) != 0)
		return -1;
	int start = atoi(m->starts_on), end = atoi(m->ends_on);
	if (start < YEAR_MIN || start > current_year + 1)
		return err_set(e, ERR_INVALID, "out_of_range", "starts_on",
			       "a movement starts between %d and %d", YEAR_MIN, current_year + 1);
	if (strcmp(m->ends_on, m->starts_on) < 0)
		return err_set(e, ERR_INVALID, "ends_before_start", "ends_on",
			       "ends_on (%s) is before starts_on (%s)", m->ends_on, m->starts_on);
	if (end - start > MOVEMENT_YEARS_MAX)
		return err_set(e, ERR_INVALID, "out_of_range", "ends_on",
			       "a movement runs at most %d years after the year it starts",
			       MOVEMENT_YEARS_MAX);
	return 0;
}

int movement_open_on(const struct movement *m, const char *today, struct error *e)
{
	if (movement_status_on(m, today) == MOVEMENT_ENDED)
		return err_set(e, ERR_CONFLICT, "movement_ended", "ends_on",
			       "the movement ended on %s: registrations are closed", m->ends_on);
	return 0;
}
