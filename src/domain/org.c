/* Rules of a single organization record. */
#include "domain/org.h"

#include <string.h>

#include "core/clock.h"

const char *org_kind_name(enum org_kind k)
{
	return k == ORG_AUTHORITY ? "authority" : "unit";
}

int org_kind_parse(const char *s, enum org_kind *k)
{
	if (strcmp(s, "authority") == 0)
		*k = ORG_AUTHORITY;
	else if (strcmp(s, "unit") == 0)
		*k = ORG_UNIT;
	else
		return -1;
	return 0;
}

int org_validate(const struct org *o, struct error *e)
{
	if (o->name[0] == 0)
		return err_set(e, ERR_INVALID, "required", "name", "name is required");
	if (o->active_from[0] && !clock_valid_date(o->active_from))
		return err_set(e, ERR_INVALID, "invalid_date", "active_from",
			       "active_from must be a date YYYY-MM-DD");
	if (o->active_until[0] && !clock_valid_date(o->active_until))
		return err_set(e, ERR_INVALID, "invalid_date", "active_until",
			       "active_until must be a date YYYY-MM-DD");
	if (o->active_from[0] && o->active_until[0] &&
	    strcmp(o->active_from, o->active_until) > 0)
		return err_set(e, ERR_INVALID, "invalid_period", "active_until",
			       "active_until is before active_from");
	if (o->id > 0 && o->parent_id == o->id)
		return err_set(e, ERR_INVALID, "self_reference", "parent_id",
			       "an organization cannot be its own parent");
	if (o->id > 0 && o->successor_id == o->id)
		return err_set(e, ERR_INVALID, "self_reference", "successor_id",
			       "an organization cannot be its own successor");
	return 0;
}
