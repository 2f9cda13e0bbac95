/* A criterion of the scoring table, as the scoring tests build their tables. */
#ifndef THIDUA_TEST_CRITERIA_FIXTURE_H
#define THIDUA_TEST_CRITERIA_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "domain/criteria.h"

/* named "Tiêu chí CODE"; depth is left wrong on purpose: validation sets it */
static inline struct criterion crit(const char *code, const char *parent,
				    enum criterion_kind kind, double max_points)
{
	struct criterion c;
	memset(&c, 0, sizeof c);
	snprintf(c.code, sizeof c.code, "%s", code);
	snprintf(c.parent, sizeof c.parent, "%s", parent);
	snprintf(c.name, sizeof c.name, "Tiêu chí %s", code);
	c.kind = kind;
	c.max_points = max_points;
	c.depth = 99;
	return c;
}

#endif
