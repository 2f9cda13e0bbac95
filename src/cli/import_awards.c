/*
** thidua import awards FILE.csv: the award history from before go-live,
** so eligibility works from day one. Columns: award_type, person_id or
** org_id, year, decision_ref, and optionally cluster_id. Every row is
** checked as POST /awards checks it, against the rule set of its year.
*/
#include "cli/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"
#include "store/store.h"

#define YEAR_FIRST 1945

enum award_column { COL_TYPE, COL_PERSON, COL_ORG, COL_YEAR, COL_REF, COL_CLUSTER };
static const char *const columns[] = {"award_type", "person_id", "org_id", "year",
				      "decision_ref", "cluster_id", NULL};
static const char *const required[] = {"award_type", "year", "decision_ref", NULL};

struct award_import {
	struct import im;
	struct rule_set_cache rules; /* each year's rule set, parsed once */
};

static int header_check(struct import *im, struct error *e)
{
	if (im->where[COL_PERSON] < 0 && im->where[COL_ORG] < 0)
		return err_set(e, ERR_INVALID, "bad_header", "row 1",
			       "row 1: the header needs person_id or org_id");
	return 0;
}

/* Fill a from the row; 0, or -1 after reporting the first bad cell. */
static int row_award(struct import *im, const struct csv_row *row, struct award *a)
{
	int64_t year = 0;
	memset(a, 0, sizeof *a);
	if (strlen(import_cell(im, row, COL_TYPE)) > AWARD_CODE_CHARS) {
		import_report(im, row->number, "award_type", "not an award type code");
		return -1;
	}
	snprintf(a->award_type, sizeof a->award_type, "%s", import_cell(im, row, COL_TYPE));
	/* the same cleaning as the API's text fields: NFC, no control characters */
	const char *why = NULL;
	char *ref = text_clean_line(import_cell(im, row, COL_REF), DECISION_REF_CHARS, &why);
	if (!ref) {
		import_report(im, row->number, "decision_ref",
			      why && strcmp(why, "empty") == 0 ? "name the paper decision" : why);
		return -1;
	}
	snprintf(a->decision_ref, sizeof a->decision_ref, "%s", ref);
	free(ref);
	if (import_number(im, row, COL_YEAR, clock_year(), &year) != 0 || year < YEAR_FIRST) {
		import_report(im, row->number, "year", "a year from 1945 to this year");
		return -1;
	}
	if (import_number(im, row, COL_PERSON, INT64_MAX / 2, &a->person_id) != 0 ||
	    import_number(im, row, COL_ORG, INT64_MAX / 2, &a->org_id) != 0 ||
	    import_number(im, row, COL_CLUSTER, INT64_MAX / 2, &a->cluster_id) != 0) {
		import_report(im, row->number, "person_id", "ids are whole numbers");
		return -1;
	}
	a->year = (int)year;
	return 0;
}

static int award_row(struct import *im, const struct csv_row *row, struct error *e)
{
	struct award_import *ai = (struct award_import *)im;
	struct award a;
	struct error why;
	err_clear(&why);
	if (row_award(im, row, &a) != 0)
		return 0;
	const struct rule_set *rs = store_rule_set_cached(im->db, &ai->rules, a.year, e);
	if (!rs)
		return -1;
	if (store_award_record(im->db, &a, rs, &why) != 0)
		return import_refused(im, row->number, &why, e);
	import_created(im, a.id);
	return 0;
}

static void award_done(struct import *im)
{
	rule_set_cache_free(&((struct award_import *)im)->rules);
}

const struct import_kind import_awards = {
	.name = "awards",
	.entity = "award",
	.columns = columns,
	.required = required,
	.size = sizeof(struct award_import),
	.header_check = header_check,
	.row = award_row,
	.done = award_done,
};
