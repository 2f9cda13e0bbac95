/* Rules of a person record. */
#include "domain/person.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

const char *gender_name(enum gender g)
{
	return g == GENDER_FEMALE ? "female" : "male";
}

int gender_parse(const char *s, enum gender *g)
{
	if (strcmp(s, "male") == 0)
		*g = GENDER_MALE;
	else if (strcmp(s, "female") == 0)
		*g = GENDER_FEMALE;
	else
		return -1;
	return 0;
}

int person_validate(const struct person *p, int current_year, struct error *e)
{
	if (p->full_name[0] == 0)
		return err_set(e, ERR_INVALID, "required", "full_name", "full_name is required");
	if (p->org_id <= 0)
		return err_set(e, ERR_INVALID, "required", "org_id", "org_id is required");
	if (p->birth_year != 0 &&
	    (p->birth_year < 1900 || p->birth_year > current_year))
		return err_set(e, ERR_INVALID, "out_of_range", "birth_year",
			       "birth_year must be between 1900 and %d", current_year);
	if (p->party_admission_date[0]) {
		if (!p->party_member)
			return err_set(e, ERR_INVALID, "not_a_member", "party_admission_date",
				       "party_admission_date is set but party_member is false");
		if (!clock_valid_date(p->party_admission_date))
			return err_set(e, ERR_INVALID, "invalid_date", "party_admission_date",
				       "party_admission_date must be a date YYYY-MM-DD");
		int year = atoi(p->party_admission_date);
		if (year > current_year)
			return err_set(e, ERR_INVALID, "out_of_range", "party_admission_date",
				       "party_admission_date is in the future");
		/* Admission is at 18 at the earliest. */
		if (p->birth_year != 0 && year < p->birth_year + 18)
			return err_set(e, ERR_INVALID, "out_of_range", "party_admission_date",
				       "party_admission_date is before the person turned 18");
	}
	return 0;
}
