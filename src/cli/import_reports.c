/*
** thidua import reports FILE.csv: units' yearly figures gathered outside
** the system (spreadsheets of past years). Columns: org_id, year, status
** (draft, submitted or accepted), then one column per indicator code; a
** blank cell is no value. Each row is checked as POST /reports checks it:
** the org exists, the year is not in the future, values are numbers from
** 0 to 10^15, an accepted report is not replaced, and a submitted or
** accepted one agrees with the people registry's party counts.
*/
#include "cli/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/fields.h"
#include "core/clock.h"
#include "store/store.h"

enum report_column { COL_ORG, COL_YEAR, COL_STATUS };
static const char *const columns[] = {"org_id", "year", "status", NULL};
static const char *const required[] = {"org_id", "year", "status", NULL};

/* An indicator column of the file. */
struct code_column {
	size_t at; /* its index in the file */
	struct indicator ind;
};

/* An org and year a row of the file reported for. */
struct org_year {
	int64_t org_id;
	int year;
};

/* A set of them, open addressing; org_id 0 marks an empty slot. */
struct org_year_set {
	struct org_year *slot;
	size_t n, cap;
};

struct report_import {
	struct import im;
	struct code_column codes[IMPORT_COLUMNS_MAX];
	size_t n_codes;
	struct org_year_set seen; /* the org-years of the rows read so far */
};

/* Every other column names an indicator of the catalog. */
static int code_column(struct import *im, size_t i, const char *name, struct error *e)
{
	struct report_import *ri = (struct report_import *)im;
	struct code_column *cc = &ri->codes[ri->n_codes];
	struct error lookup;
	err_clear(&lookup);
	for (size_t k = 0; k < ri->n_codes; k++)
		if (strcmp(ri->codes[k].ind.code, name) == 0)
			return err_set(e, ERR_INVALID, "bad_header", "row 1",
				       "row 1: column '%s' appears twice", name);
	if (indicator_code_check(name, name, &lookup) != 0 ||
	    store_indicator_find_code(im->db, name, &cc->ind, &lookup) != 0) {
		if (lookup.kind == ERR_INTERNAL || lookup.kind == ERR_UNAVAILABLE) {
			*e = lookup;
			return -1;
		}
		return err_set(e, ERR_INVALID, "bad_header", "row 1",
			       "row 1: column '%s' is neither org_id, year, status nor an "
			       "indicator code",
			       name);
	}
	cc->at = i;
	ri->n_codes++;
	return 0;
}

/* A cell's number: 0 with *present 0 when blank; -1 when not a value. */
static int cell_value(const char *s, double *out, int *present)
{
	char *end = NULL;
	*present = 0;
	if (!*s)
		return 0;
	struct error e;
	/* plain decimal notation only: no hex, no spaces, no "inf" */
	if (strspn(s, "0123456789.eE+-") != strlen(s))
		return -1;
	double x = strtod(s, &end);
	if (end == s || *end || indicator_value_check(x, "value", &e) != 0)
		return -1;
	*out = number_as_printed(x); /* what POST /reports stores for the same text */
	*present = 1;
	return 0;
}

/*
** The row's org, year and status; 0, -1 after reporting the first bad
** cell, or -2 (out set) when the store itself failed.
*/
static int row_head(struct import *im, const struct csv_row *row, struct report *r,
		    struct error *out)
{
	int64_t year = 0;
	struct error e;
	err_clear(&e);
	if (import_number(im, row, COL_ORG, INT64_MAX / 2, &r->org_id) != 0 || r->org_id == 0) {
		import_report(im, row->number, "org_id", "an organization's id");
		return -1;
	}
	int exists = import_org_exists(im, r->org_id, out);
	if (exists < 0)
		return -2;
	if (!exists) {
		import_report(im, row->number, "org_id", "no organization has this id");
		return -1;
	}
	if (import_number(im, row, COL_YEAR, YEAR_MAX, &year) != 0 ||
	    report_year_check((int)year, clock_year(), &e) != 0) {
		import_report(im, row->number, "year", "a year from 2000 to this year");
		return -1;
	}
	r->year = (int)year;
	if (report_status_parse(import_cell(im, row, COL_STATUS), &r->status) != 0) {
		import_report(im, row->number, "status", "draft, submitted or accepted");
		return -1;
	}
	return 0;
}

/* The row's values, and their agreement with the registry once sent. */
static int row_values(struct report_import *ri, const struct csv_row *row, struct report *r,
		      struct error *e)
{
	struct import *im = &ri->im;
	for (size_t k = 0; k < ri->n_codes; k++) {
		const struct code_column *cc = &ri->codes[k];
		struct report_value *v = &r->values[r->n_values];
		int present = 0, has = 0;
		int64_t count = 0;
		struct error why;
		if (cell_value(row->fields[cc->at], &v->value, &present) != 0) {
			import_report(im, row->number, cc->ind.code, "a number from 0 to 10^15");
			return 1;
		}
		if (!present)
			continue;
		v->indicator_id = cc->ind.id;
		snprintf(v->code, sizeof v->code, "%s", cc->ind.code);
		r->n_values++;
		if (r->status == REPORT_DRAFT || cc->ind.derived_from == DERIVED_NONE)
			continue;
		if (store_registry_count(im->db, r->org_id, cc->ind.derived_from, r->year, &has,
					 &count, e) != 0)
			return -1;
		if (has && registry_agrees(&cc->ind, v->value, count, &why) != 0) {
			import_report(im, row->number, cc->ind.code, why.message);
			return 1;
		}
	}
	return 0;
}

static size_t org_year_slot(const struct org_year_set *set, struct org_year k)
{
	uint64_t h = ((uint64_t)k.org_id * 0x9E3779B97F4A7C15u) ^ (uint64_t)k.year;
	size_t i = (size_t)(h % set->cap);
	while (set->slot[i].org_id &&
	       (set->slot[i].org_id != k.org_id || set->slot[i].year != k.year))
		i = (i + 1) % set->cap;
	return i;
}

/* Double the set when it is half full; -1 when out of memory. */
static int org_years_grow(struct org_year_set *set)
{
	if (set->cap && set->n * 2 < set->cap)
		return 0;
	struct org_year_set bigger = {.cap = set->cap ? set->cap * 2 : 1024};
	bigger.slot = calloc(bigger.cap, sizeof *bigger.slot);
	if (!bigger.slot)
		return -1;
	for (size_t i = 0; i < set->cap; i++)
		if (set->slot[i].org_id)
			bigger.slot[org_year_slot(&bigger, set->slot[i])] = set->slot[i];
	bigger.n = set->n;
	free(set->slot);
	*set = bigger;
	return 0;
}

/* Add k: 1 when it was there already, -1 when out of memory. */
static int org_year_add(struct org_year_set *set, struct org_year k)
{
	if (org_years_grow(set) != 0)
		return -1;
	size_t i = org_year_slot(set, k);
	if (set->slot[i].org_id)
		return 1;
	set->slot[i] = k;
	set->n++;
	return 0;
}

/* One row per org and year; an accepted report stays. */
static int row_replaces(struct report_import *ri, const struct csv_row *row,
			const struct report *r, struct error *e)
{
	struct import *im = &ri->im;
	struct report old;
	struct error lookup;
	err_clear(&lookup);
	int repeated = org_year_add(&ri->seen, (struct org_year){r->org_id, r->year});
	if (repeated < 0)
		return err_set(e, ERR_INTERNAL, "internal", NULL, "out of memory");
	if (repeated) {
		import_report(im, row->number, "org_id", "this org and year are in the file twice");
		return 1;
	}
	if (store_report_find(im->db, r->org_id, r->year, &old, &lookup) != 0) {
		if (lookup.kind == ERR_NOT_FOUND)
			return 0;
		*e = lookup;
		return -1;
	}
	report_values_free(&old);
	if (old.status == REPORT_ACCEPTED) {
		import_report(im, row->number, "status",
			      "the org's report of this year is accepted; it is not replaced");
		return 1;
	}
	return 0;
}

static int report_row(struct import *im, const struct csv_row *row, struct error *e)
{
	struct report_import *ri = (struct report_import *)im;
	struct report r;
	int rc;
	memset(&r, 0, sizeof r);
	rc = row_head(im, row, &r, e);
	if (rc != 0)
		return rc == -2 ? -1 : 0;
	r.values = calloc(ri->n_codes + 1, sizeof *r.values);
	if (!r.values)
		return err_set(e, ERR_INTERNAL, "internal", NULL, "out of memory");
	rc = row_values(ri, row, &r, e);
	if (rc == 0)
		rc = row_replaces(ri, row, &r, e);
	if (rc == 0) {
		if (r.status != REPORT_DRAFT)
			clock_now_iso(r.submitted_at, sizeof r.submitted_at);
		if (r.status == REPORT_ACCEPTED)
			memcpy(r.accepted_at, r.submitted_at, sizeof r.accepted_at);
		rc = store_report_save(im->db, &r, e);
		if (rc == 0)
			import_created(im, r.id);
	}
	report_values_free(&r);
	return rc < 0 ? -1 : 0;
}

static void report_done(struct import *im)
{
	free(((struct report_import *)im)->seen.slot);
}

const struct import_kind import_reports = {
	.name = "reports",
	.entity = "report",
	.columns = columns,
	.required = required,
	.size = sizeof(struct report_import),
	.extra_column = code_column,
	.row = report_row,
	.done = report_done,
};
