/*
** Request bodies as domain records: each reader applies the body's fields
** onto the record (all required when creating, only those present when
** changing), with the checks that need no storage. Handlers add the
** checks that do (references exist, the caller's reach).
*/
#ifndef THIDUA_PARSE_H
#define THIDUA_PARSE_H

#include <jansson.h>

#include "core/error.h"
#include "domain/agreement.h"
#include "domain/cluster.h"
#include "domain/criteria.h"
#include "domain/org.h"
#include "domain/person.h"

int org_from_json(json_t *body, struct org *o, int creating, struct error *e);
int person_from_json(json_t *body, struct person *p, int creating, struct error *e);
int cluster_from_json(json_t *body, struct cluster *c, int creating, struct error *e);
/* y's cluster_id, year and status must be set: the body may only repeat them. */
int year_from_json(json_t *body, struct cluster_year *y, struct error *e);
/* {text, targets}; a->text and a->targets are malloc'd (agreement_free). */
int agreement_from_json(json_t *body, struct agreement *a, struct error *e);
/*
** {items, final_rule?, tie_break?}: the tree flattened into t (free with
** free(t->items)); rule and ties keep their value when absent.
*/
int criteria_from_json(json_t *body, struct criteria_table *t, enum final_rule *rule,
		       struct tie_rule *ties, struct error *e);

#endif
