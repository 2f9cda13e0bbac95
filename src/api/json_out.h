/* Domain structs as the JSON the API answers with (field names of the spec). */
#ifndef THIDUA_JSON_OUT_H
#define THIDUA_JSON_OUT_H

#include <jansson.h>

#include "domain/agreement.h"
#include "domain/award.h"
#include "domain/cluster.h"
#include "domain/movement.h"
#include "domain/org.h"
#include "domain/person.h"
#include "domain/user.h"

json_t *org_json(const struct org *o);
json_t *person_json(const struct person *p);
json_t *user_json(const struct user *u);
json_t *cluster_json(const struct cluster *c);
json_t *cluster_year_json(const struct cluster_year *y);
json_t *tie_rule_json(const struct tie_rule *t);
json_t *proposal_json(const struct proposal *p);
json_t *decision_json(const struct decision *d);
json_t *award_json(const struct award *a);
/* With its status on the day `today` ("YYYY-MM-DD"). */
json_t *movement_json(const struct movement *m, const char *today);
/* name: the registered unit's. */
json_t *registration_json(const struct registration *r, const char *name);
/* {text, targets}: what members sign, and what a change compares. */
json_t *agreement_content_json(const struct agreement *a);
/* An array of ids; 0 entries are skipped. */
json_t *ids_json(const int64_t *ids, size_t n);
/* A string, or null when empty. */
json_t *str_or_null(const char *s);
/* An id, or null when 0. */
json_t *id_or_null(int64_t id);

#endif
