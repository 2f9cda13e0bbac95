/* Rules of the evidence records: ratings, initiatives, holds. */
#include "domain/evidence.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "domain/cluster.h"

int evidence_subject_check(int64_t person_id, int64_t org_id, struct error *e)
{
	if ((person_id > 0) == (org_id > 0))
		return err_set(e, ERR_INVALID, "invalid_subject", "person_id",
			       "give exactly one of person_id and org_id");
	return 0;
}

int evidence_year_check(int year, int current_year, const char *field, struct error *e)
{
	if (year < YEAR_MIN || year > current_year + 1)
		return err_set(e, ERR_INVALID, "out_of_range", field,
			       "%s must be between %d and %d", field, YEAR_MIN, current_year + 1);
	return 0;
}

int rating_record_validate(const struct rating_record *r, int current_year, struct error *e)
{
	if (evidence_subject_check(r->person_id, r->org_id, e) != 0 ||
	    evidence_year_check(r->year, current_year, "year", e) != 0)
		return -1;
	if ((unsigned)r->rating > RATING_EXCELLENT)
		return err_set(e, ERR_INVALID, "invalid_value", "rating",
			       "rating must be excellent, good, completed or not_completed");
	return 0;
}

int initiative_validate(const struct initiative *i, int current_year, struct error *e)
{
	if (i->person_id <= 0)
		return err_set(e, ERR_INVALID, "required", "person_id", "person_id is required");
	if (!i->title[0])
		return err_set(e, ERR_INVALID, "required", "title", "title is required");
	/* The state level confers orders, never recognizes initiatives. */
	if ((unsigned)i->level > LEVEL_NATIONAL)
		return err_set(e, ERR_INVALID, "invalid_value", "level",
			       "an initiative is recognized at grassroots, ministry_province "
			       "or national level");
	return evidence_year_check(i->year, current_year, "year", e);
}

static int check_date(const char *date, int current_year, const char *field, struct error *e)
{
	if (!clock_valid_date(date))
		return err_set(e, ERR_INVALID, "invalid_date", field,
			       "%s must be a date YYYY-MM-DD", field);
	return evidence_year_check(atoi(date), current_year, field, e);
}

int hold_validate(const struct hold *h, int current_year, struct error *e)
{
	if (evidence_subject_check(h->person_id, h->org_id, e) != 0)
		return -1;
	if ((unsigned)h->kind > HOLD_COMPLAINT)
		return err_set(e, ERR_INVALID, "invalid_value", "kind",
			       "kind must be discipline, inspection or complaint");
	if (check_date(h->started_on, current_year, "started_on", e) != 0)
		return -1;
	if (!h->ended_on[0])
		return 0;
	if (check_date(h->ended_on, current_year, "ended_on", e) != 0)
		return -1;
	if (strcmp(h->ended_on, h->started_on) < 0)
		return err_set(e, ERR_INVALID, "ended_before_started", "ended_on",
			       "ended_on (%s) is before started_on (%s)", h->ended_on,
			       h->started_on);
	return 0;
}
