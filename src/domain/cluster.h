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
#include "domain/scoring.h"

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
	enum final_rule final_rule;
	struct tie_rule tie_rule;
	int criteria_version;  /* 0 while there is no scoring table */
	char deadline[11];     /* last day of the open scoring phase, or "" */
	char published_at[21]; /* when results were published, or "" */
};

const char *year_status_name(enum year_status s);
/* All status names in order, NULL-terminated. */
const char *const *year_status_names(void);
int year_status_parse(const char *s, enum year_status *out);

int cluster_validate(const struct cluster *c, struct error *e);
int year_valid(int year);
/* Members distinct; leader and deputies among them; leader not a deputy. */
int cluster_year_validate(const struct cluster_year *y, struct error *e);
/* Membership and leadership may be replaced only while planning. */
int cluster_year_may_replace(const struct cluster_year *existing, struct error *e);

/*
** What a caller may do in a cluster year, by its role and organization
** (see authz_year_powers): act as the organizing authority, as the
** year's leader unit, or as a member unit.
*/
enum year_power { POWER_AUTHORITY = 1, POWER_LEADER = 2, POWER_MEMBER = 4 };

/*
** Moving a year from its status to `to`: 409 when out of order (or when
** the move happens by itself), 403 when powers do not own that move.
*/
int year_transition_check(enum year_status from, enum year_status to, unsigned powers,
			  struct error *e);
/* The agreement and the scoring table may change until scoring opens. */
int year_agreement_editable(enum year_status s, struct error *e);
/* Self scores are entered in the self phase, cross scores in the cross phase. */
int year_scoring_open(enum year_status s, int self, struct error *e);
/* The leader reviews (adjusts) entries while either scoring phase is open. */
int year_review_open(enum year_status s, struct error *e);
/* Handover happens at the summary conference, once results are published. */
int year_handover_open(enum year_status s, struct error *e);
/*
** Has the deadline "YYYY-MM-DD" passed at now (seconds since the epoch)?
** A deadline is the whole day in Vietnam's time (UTC+7, no daylight saving).
*/
int year_deadline_passed(const char *deadline, int64_t now);

/*
** Next year's leader by rotation: the unit after this year's leader in
** the cluster's rotation order that is a member of next year, and as
** many following ones as deputies as this year had (at least one); in a
** cluster with no other unit left, the outgoing leader becomes deputy.
** next->members must be set; fills leader_id and deputy_ids.
*/
int handover_by_rotation(const struct cluster *c, const struct cluster_year *now,
			 struct cluster_year *next, struct error *e);
/*
** A unit that led this year may lead next year only when the authority
** overrides (override set and powers include POWER_AUTHORITY).
*/
int handover_check_leader(const struct cluster_year *now, const struct cluster_year *next,
			  int override, unsigned powers, struct error *e);

#endif
