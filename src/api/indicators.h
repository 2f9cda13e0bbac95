/* Pieces the indicator, report and statistics handlers share. */
#ifndef THIDUA_API_INDICATORS_H
#define THIDUA_API_INDICATORS_H

#include <jansson.h>

#include "domain/indicator.h"

json_t *indicator_json(const struct indicator *ind);
/* A number, or null when has is 0. */
json_t *number_or_null(int has, double x);

#endif
