/*
** thidua import models FILE.csv: the exemplary models a province already
** keeps in its spreadsheets. Columns: name, org_id, field, year, status,
** retired_year, retired_reason, and optionally description and
** retired_on. Every row is checked as POST /models and a retirement
** check it (domain/model.h); a retired row comes in retired.
*/
#include "cli/import.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "domain/model.h"
#include "store/store.h"

enum model_column {
	COL_NAME, COL_ORG, COL_FIELD, COL_YEAR, COL_STATUS, COL_RETIRED_YEAR, COL_REASON,
	COL_DESCRIPTION, COL_RETIRED_ON
};
static const char *const columns[] = {"name", "org_id", "field", "year", "status",
				      "retired_year", "retired_reason", "description",
				      "retired_on", NULL};
static const char *const required[] = {"name", "org_id", "field", "year", "status",
				       "retired_year", "retired_reason", NULL};

/* Fill m from the row; 0, or -1 after reporting the first bad cell. */
static int row_model(struct import *im, const struct csv_row *row, struct model *m)
{
	int64_t year = 0, retired_year = 0;
	const char *status = import_cell(im, row, COL_STATUS);
	memset(m, 0, sizeof *m);
	if (import_text(im, row, COL_NAME, m->name, sizeof m->name, MODEL_NAME_CHARS, 0, 1) != 0 ||
	    import_text(im, row, COL_FIELD, m->field, sizeof m->field, MODEL_FIELD_CHARS, 0, 1) != 0 ||
	    import_text(im, row, COL_DESCRIPTION, m->description, sizeof m->description,
			MODEL_DESCRIPTION_CHARS, 1, 0) != 0 ||
	    import_text(im, row, COL_REASON, m->retired_reason, sizeof m->retired_reason,
			MODEL_REASON_CHARS, 0, 0) != 0 ||
	    import_text(im, row, COL_RETIRED_ON, m->retired_on, sizeof m->retired_on, 10, 0, 0) != 0)
		return -1;
	if (import_number(im, row, COL_ORG, INT64_MAX / 2, &m->org_id) != 0) {
		import_report(im, row->number, "org_id", "an id is a whole number");
		return -1;
	}
	if (import_number(im, row, COL_YEAR, 9999, &year) != 0) {
		import_report(im, row->number, "year", "a year is a whole number");
		return -1;
	}
	if (import_number(im, row, COL_RETIRED_YEAR, 9999, &retired_year) != 0) {
		import_report(im, row->number, "retired_year", "a year is a whole number");
		return -1;
	}
	m->year = (int)year;
	m->retired_year = (int)retired_year;
	if (!status[0])
		m->status = retired_year ? MODEL_RETIRED : MODEL_ACTIVE;
	else if (model_status_parse(status, &m->status) != 0) {
		import_report(im, row->number, "status", "active or retired");
		return -1;
	}
	return 0;
}

/* Check m as the API would and write it; the error names the column. */
static int model_store(struct import *im, struct model *m, struct error *e)
{
	if (model_validate(m, clock_year(), e) != 0)
		return -1;
	int exists = import_org_exists(im, m->org_id, e);
	if (exists <= 0)
		return exists < 0 ? -1
				  : err_set(e, ERR_INVALID, "unknown_org", "org_id",
					    "names no organization");
	return store_model_insert(im->db, m, e);
}

static int model_row(struct import *im, const struct csv_row *row, struct error *e)
{
	struct model *m = malloc(sizeof *m);
	struct error why;
	err_clear(&why);
	if (!m)
		return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	int rc = 0;
	/* row_model reports its own bad cells, leaving why clear */
	if (row_model(im, row, m) == 0 && model_store(im, m, &why) == 0)
		import_created(im, m->id);
	else if (why.kind != ERR_NONE)
		rc = import_refused(im, row->number, &why, e);
	free(m);
	return rc;
}

const struct import_kind import_models = {
	.name = "models",
	.entity = "model",
	.columns = columns,
	.required = required,
	.size = sizeof(struct import),
	.row = model_row,
};
