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
#include "domain/cluster.h"
#include "domain/org.h"
#include "domain/person.h"

int org_from_json(json_t *body, struct org *o, int creating, struct error *e);
int person_from_json(json_t *body, struct person *p, int creating, struct error *e);
int cluster_from_json(json_t *body, struct cluster *c, int creating, struct error *e);
/* y's cluster_id, year and status must be set: the body may only repeat them. */
int year_from_json(json_t *body, struct cluster_year *y, struct error *e);

#endif
