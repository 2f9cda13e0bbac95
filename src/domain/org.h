/*
** Organizations: authorities (which organize clusters and confer awards)
** and units (the members). Bodies merge: an org may name its successor,
** and the successor's views include its predecessors.
*/
#ifndef THIDUA_ORG_H
#define THIDUA_ORG_H

#include <stdint.h>

#include "core/error.h"

#define NAME_CHARS 255
#define SHORT_NAME_CHARS 64
#define PROVINCE_CHARS 64

enum org_kind { ORG_UNIT = 0, ORG_AUTHORITY = 1 };

struct org {
	int64_t id;
	char name[NAME_CHARS * 4 + 1];
	char short_name[SHORT_NAME_CHARS * 4 + 1];
	enum org_kind kind;
	int64_t parent_id; /* 0: none */
	char province[PROVINCE_CHARS * 4 + 1];
	char active_from[11]; /* "YYYY-MM-DD" or "" */
	char active_until[11];
	int64_t successor_id; /* 0: none */
};

const char *org_kind_name(enum org_kind k);
/* Returns 0 and sets *k, or -1 for an unknown name. */
int org_kind_parse(const char *s, enum org_kind *k);

/* Check the rules one org must obey on its own (dates, self-references). */
int org_validate(const struct org *o, struct error *e);

#endif
