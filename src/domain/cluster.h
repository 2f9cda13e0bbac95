/*
** Emulation clusters (cụm / khối thi đua): organized by an authority, with
** a rotation of member units; each year has its members, one leader unit
** (cụm trưởng), deputy leaders (cụm phó) and a status in the year's
** lifecycle.
*/
#ifndef THIDUA_CLUSTER_H
#define THIDUA_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "domain/org.h"

#define CLUSTER_MAX_MEMBERS 200
#define YEAR_MIN 2000
#define YEAR_MAX 2100

struct cluster {
	int64_t id;
	char name[NAME_CHARS * 4 + 1];
	int64_t authority_id;
	int64_t rotation[CLUSTER_MAX_MEMBERS];
	size_t n_rotation;
};

enum year_status {
	YEAR_PLANNING = 0,
	YEAR_AGREEMENT_SIGNED,
	YEAR_IN_PROGRESS,
	YEAR_SELF_ASSESSMENT,
	YEAR_CROSS_ASSESSMENT,
	YEAR_RESULTS_PUBLISHED,
	YEAR_CLOSED,
};

struct cluster_year {
	int64_t cluster_id;
	int year;
	int64_t members[CLUSTER_MAX_MEMBERS];
	size_t n_members;
	int64_t leader_id;
	int64_t deputy_ids[CLUSTER_MAX_MEMBERS];
	size_t n_deputies;
	enum year_status status;
};

const char *year_status_name(enum year_status s);
int year_status_parse(const char *s, enum year_status *out);

int cluster_validate(const struct cluster *c, struct error *e);
int year_valid(int year);
/* Members distinct; leader and deputies among them; leader not a deputy. */
int cluster_year_validate(const struct cluster_year *y, struct error *e);
/* Membership and leadership may be replaced only while planning. */
int cluster_year_may_replace(const struct cluster_year *existing, struct error *e);

#endif
