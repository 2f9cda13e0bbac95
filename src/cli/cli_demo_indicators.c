/*
** The demo's indicators and reports: the five indicators conference
** reports carry (new models, cadres rotated, cadres sent to training, new
** party members — checked against the people registry — and party
** organizations established), and every demo unit's reports for the last
** three years: the oldest two accepted by the authority above, the last
** one submitted by most units, accepted for some and still a draft for a
** few, so the inbox, the statistics and the form all have something.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_demo.h"
#include "core/clock.h"
#include "store/store.h"

#define YEARS 3

static const struct {
	const char *code, *name, *unit;
	enum aggregate aggregate;
	enum derived derived;
	int low, high; /* a unit's yearly figure, before growth */
} catalog[] = {
	{"models_new", "Mô hình mới", "mô hình", AGG_SUM, DERIVED_NONE, 8, 40},
	{"cadres_rotated", "Cán bộ được điều động, luân chuyển", "người", AGG_SUM, DERIVED_NONE, 10,
	 70},
	{"cadres_trained", "Cán bộ được cử đi đào tạo", "người", AGG_SUM, DERIVED_NONE, 30, 150},
	{"party_members_new", "Đảng viên mới kết nạp", "người", AGG_SUM, DERIVED_PARTY_ADMISSIONS,
	 400, 1800},
	{"party_orgs_new", "Tổ chức đảng được thành lập", "tổ chức", AGG_SUM, DERIVED_NONE, 1, 8},
};
#define N_IND (sizeof catalog / sizeof catalog[0])

static json_t *indicator_audit(const struct indicator *ind)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "code", ind->code, "name", ind->name, "unit",
			 ind->unit, "aggregate", aggregate_name(ind->aggregate));
}

static int add_indicators(struct db_conn *c, struct indicator *out, struct error *e)
{
	for (size_t i = 0; i < N_IND; i++) {
		struct indicator *ind = &out[i];
		memset(ind, 0, sizeof *ind);
		snprintf(ind->code, sizeof ind->code, "%s", catalog[i].code);
		snprintf(ind->name, sizeof ind->name, "%s", catalog[i].name);
		snprintf(ind->unit, sizeof ind->unit, "%s", catalog[i].unit);
		ind->aggregate = catalog[i].aggregate;
		ind->derived_from = catalog[i].derived;
		if (store_indicator_insert(c, ind, e) != 0)
			return -1;
		json_t *after = indicator_audit(ind);
		int rc = cli_audit(c, "create", "indicator", ind->id, NULL, after);
		json_decref(after);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/*
** Does the org report for the year? It did when it was in being at the
** year's end: a province merged in mid-year is reported by its successor.
*/
static int active_in(const struct org *o, int year)
{
	char last[24];
	snprintf(last, sizeof last, "%04d-12-31", year);
	return (!o->active_from[0] || strcmp(o->active_from, last) <= 0) &&
	       (!o->active_until[0] || strcmp(o->active_until, last) >= 0);
}

/* A figure that grows a little each year, the same on every run. */
static double figure(int64_t org, size_t ind, int year, int low, int high)
{
	unsigned h = (unsigned)(org * 2654435761u) ^ (unsigned)(ind * 40503u);
	double base = low + (double)(h % (unsigned)(high - low + 1));
	double growth = 1.0 + 0.04 * (double)((h >> 8) % 5) + 0.02 * (double)(year % 3);
	double v = base;
	for (int y = 2020; y < year; y++)
		v *= growth > 1.12 ? 1.06 : growth;
	return (double)(long)(v + 0.5);
}

/* The state of a unit's report k years back (1: last year). */
static enum report_status state_of(int64_t org, int k)
{
	if (k > 1)
		return REPORT_ACCEPTED;
	switch (org % 7) {
	case 0:
		return REPORT_DRAFT;
	case 1:
	case 2:
		return REPORT_ACCEPTED;
	default:
		return REPORT_SUBMITTED;
	}
}

static int add_report(struct db_conn *c, const struct org *o, int year, enum report_status st,
		      const struct indicator *inds, struct error *e)
{
	struct report_value values[N_IND];
	struct report r;
	memset(&r, 0, sizeof r);
	r.org_id = o->id;
	r.year = year;
	r.status = st;
	for (size_t i = 0; i < N_IND; i++) {
		int has = 0;
		int64_t count = 0;
		values[i].indicator_id = inds[i].id;
		snprintf(values[i].code, sizeof values[i].code, "%s", inds[i].code);
		values[i].value = figure(o->id, i, year, catalog[i].low, catalog[i].high);
		if (inds[i].derived_from != DERIVED_NONE &&
		    store_registry_count(c, o->id, inds[i].derived_from, year, &has, &count, e) != 0)
			return -1;
		if (has) /* the unit's report agrees with its people on record */
			values[i].value = (double)count;
	}
	r.values = values;
	r.n_values = N_IND;
	if (st != REPORT_DRAFT)
		snprintf(r.submitted_at, sizeof r.submitted_at, "%04d-01-15T02:00:00Z", year + 1);
	if (st == REPORT_ACCEPTED) {
		snprintf(r.accepted_at, sizeof r.accepted_at, "%04d-02-10T03:00:00Z", year + 1);
		r.accepted_by = o->parent_id;
	}
	if (store_report_save(c, &r, e) != 0)
		return -1;
	json_t *after = json_pack("{s:I, s:i, s:s}", "org_id", (json_int_t)r.org_id, "year",
				  r.year, "status", report_status_name(r.status));
	int rc = cli_audit(c, "create", "report", r.id, NULL, after);
	json_decref(after);
	return rc;
}

int demo_indicators(struct db_conn *c, struct error *e)
{
	struct indicator inds[N_IND];
	struct org_filter f;
	struct org *units = NULL;
	size_t n = 0;
	int64_t total = 0;
	int now = clock_year();
	memset(&f, 0, sizeof f);
	f.kind = ORG_UNIT;
	f.page.limit = 500;
	if (add_indicators(c, inds, e) != 0 || store_org_list(c, &f, &units, &n, &total, e) != 0)
		return -1;
	for (size_t u = 0; u < n; u++)
		for (int k = YEARS; k >= 1; k--)
			if (active_in(&units[u], now - k) &&
			    add_report(c, &units[u], now - k, state_of(units[u].id, k), inds, e) != 0) {
				free(units);
				return -1;
			}
	free(units);
	return 0;
}
