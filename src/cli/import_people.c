/*
** thidua import people FILE.csv: the registry of people, from a province's
** spreadsheets or from thidua export people. Columns: the API's field
** names, full_name, gender and org_id required, birth_year, position,
** party_member (true or false) and party_admission_date optional; an id
** column (an export's) is read but not kept, as each person gets a new id.
** Every row is checked as POST /people checks its body and stored the same
** way, search and collation keys included. Nothing is kept per row, so a
** file of millions of people is read in the same memory as a small one.
*/
#include "cli/import.h"

#include <string.h>

#include "core/clock.h"
#include "store/store.h"

enum person_column {
	COL_ID, COL_NAME, COL_GENDER, COL_BIRTH, COL_ORG, COL_POSITION, COL_PARTY, COL_ADMISSION
};
static const char *const columns[] = {"id", "full_name", "gender", "birth_year", "org_id",
				      "position", "party_member", "party_admission_date", NULL};
static const char *const required[] = {"full_name", "gender", "org_id", NULL};
/* in the order of enum gender */
static const char *const gender_names[] = {"male", "female", NULL};

struct person_import {
	struct import im;
	int year; /* this year, which bounds birth years and admission dates */
};

/* Fill p from the row's cells; 0, or -1 after reporting the first bad one. */
static int row_person(struct import *im, const struct csv_row *row, struct person *p)
{
	int gender = 0;
	int64_t birth = 0;
	memset(p, 0, sizeof *p);
	if (import_text(im, row, COL_NAME, p->full_name, sizeof p->full_name, PERSON_NAME_CHARS,
			0, 1) != 0 ||
	    import_enum(im, row, COL_GENDER, gender_names, &gender, 1) != 0 ||
	    import_int(im, row, COL_BIRTH, 1900, 2200, &birth, 0) != 0 ||
	    import_int(im, row, COL_ORG, 1, INT64_MAX / 2, &p->org_id, 1) != 0 ||
	    import_text(im, row, COL_POSITION, p->position, sizeof p->position, POSITION_CHARS, 0,
			0) != 0 ||
	    import_bool(im, row, COL_PARTY, &p->party_member) != 0 ||
	    import_date(im, row, COL_ADMISSION, p->party_admission_date) != 0)
		return -1;
	p->gender = (enum gender)gender;
	p->birth_year = (int)birth;
	return 0;
}

static int person_row(struct import *im, const struct csv_row *row, struct error *e)
{
	struct person_import *pi = (struct person_import *)im;
	struct person p;
	struct error why;
	err_clear(&why);
	if (!pi->year)
		pi->year = clock_year();
	if (row_person(im, row, &p) != 0)
		return 0;
	if (person_validate(&p, pi->year, &why) != 0)
		return import_refused(im, row->number, &why, e);
	int exists = import_org_exists(im, p.org_id, e);
	if (exists <= 0) {
		if (exists == 0)
			import_report(im, row->number, "org_id", "org_id names no organization");
		return exists;
	}
	if (store_person_insert(im->db, &p, &why) != 0)
		return import_refused(im, row->number, &why, e);
	import_created(im, p.id);
	return 0;
}

const struct import_kind import_people = {
	.name = "people",
	.entity = "person",
	.columns = columns,
	.required = required,
	.size = sizeof(struct person_import),
	.row = person_row,
};
