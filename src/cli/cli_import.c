/*
** thidua import awards FILE.csv: the award history from before go-live,
** so eligibility works from day one. The header names the columns
** (award_type, person_id or org_id, year, decision_ref, and optionally
** cluster_id), in any order. Every row is checked as POST /awards checks
** it; every error is reported with its row and column, and then nothing
** is imported: the file goes in whole, in one transaction, or not at all.
*/
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/names.h"
#include "core/text.h"
#include "docs/csv_read.h"
#include "store/store.h"

#define ERRORS_SHOWN 50
#define YEAR_FIRST 1945
#define YEAR_SPAN 256
#define SETS_KEPT 8

enum award_column { COL_TYPE, COL_PERSON, COL_ORG, COL_YEAR, COL_REF, COL_CLUSTER, COLS };
static const char *const column_names[] = {"award_type", "person_id", "org_id", "year",
					   "decision_ref", "cluster_id", NULL};

struct award_import {
	struct db_conn *db;
	int where[COLS]; /* each column's index in the file, -1 when absent */
	size_t columns;  /* the header's width: every row has as many fields */
	size_t rows, errors;
	int64_t first_id, last_id;
	int tty;
	/* each year's rule set, parsed once: sets[year_set[year - YEAR_FIRST] - 1] */
	struct rule_set sets[SETS_KEPT];
	size_t n_sets;
	unsigned char year_set[YEAR_SPAN];
};

/* The rule set of a's year, parsed once per set for the whole file. */
static const struct rule_set *year_rules(struct award_import *im, int year, struct error *e)
{
	unsigned char *slot = &im->year_set[year - YEAR_FIRST];
	if (*slot)
		return &im->sets[*slot - 1];
	if (im->n_sets == SETS_KEPT) {
		err_set(e, ERR_INTERNAL, "too_many_rule_sets", NULL,
			"the file spans more than %d rule sets", SETS_KEPT);
		return NULL;
	}
	struct rule_set *rs = &im->sets[im->n_sets];
	if (store_rule_set_for_year(im->db, year, rs, e) != 0)
		return NULL;
	for (size_t i = 0; i < im->n_sets; i++)
		if (im->sets[i].id == rs->id) {
			rule_set_free(rs);
			*slot = (unsigned char)(i + 1);
			return &im->sets[i];
		}
	*slot = (unsigned char)++im->n_sets;
	return rs;
}

static void report(struct award_import *im, size_t row, const char *column, const char *why)
{
	if (++im->errors <= ERRORS_SHOWN)
		fprintf(stderr, "%srow %zu, %s: %s\n", im->tty ? "\r" : "", row, column, why);
}

static int read_header(struct award_import *im, const struct csv_row *row, struct error *e)
{
	for (int c = 0; c < COLS; c++)
		im->where[c] = -1;
	for (size_t i = 0; i < row->n; i++) {
		int c = name_index(column_names, COLS, row->fields[i]);
		if (c < 0)
			return err_set(e, ERR_INVALID, "bad_header", "row 1",
				       "row 1: unknown column '%s' (expected %s, %s, %s, %s, %s, %s)",
				       row->fields[i], column_names[0], column_names[1],
				       column_names[2], column_names[3], column_names[4],
				       column_names[5]);
		if (im->where[c] >= 0)
			return err_set(e, ERR_INVALID, "bad_header", "row 1",
				       "row 1: column '%s' appears twice", row->fields[i]);
		im->where[c] = (int)i;
	}
	im->columns = row->n;
	const int required[] = {COL_TYPE, COL_YEAR, COL_REF};
	for (size_t k = 0; k < sizeof required / sizeof required[0]; k++)
		if (im->where[required[k]] < 0)
			return err_set(e, ERR_INVALID, "bad_header", "row 1",
				       "row 1: the header lacks the column '%s'",
				       column_names[required[k]]);
	if (im->where[COL_PERSON] < 0 && im->where[COL_ORG] < 0)
		return err_set(e, ERR_INVALID, "bad_header", "row 1",
			       "row 1: the header needs person_id or org_id");
	return 0;
}

static const char *cell(const struct award_import *im, const struct csv_row *row, int c)
{
	int i = im->where[c];
	return (i >= 0 && (size_t)i < row->n) ? row->fields[i] : "";
}

/* An optional positive whole number: 0 when blank; -1 when not a number. */
static int cell_number(const struct award_import *im, const struct csv_row *row, int c,
		       int64_t max, int64_t *out)
{
	const char *s = cell(im, row, c);
	*out = 0;
	return s[0] ? cli_parse_id(s, max, out) : 0;
}

/* Fill a from the row; 0, or -1 after reporting the first bad cell. */
static int row_award(struct award_import *im, const struct csv_row *row, struct award *a)
{
	int64_t year = 0;
	memset(a, 0, sizeof *a);
	if (row->n != im->columns) {
		char why[120];
		snprintf(why, sizeof why,
			 "%zu fields where the header has %zu (a comma inside a value needs quotes)",
			 row->n, im->columns);
		report(im, row->number, "row", why);
		return -1;
	}
	if (strlen(cell(im, row, COL_TYPE)) > AWARD_CODE_CHARS) {
		report(im, row->number, "award_type", "not an award type code");
		return -1;
	}
	snprintf(a->award_type, sizeof a->award_type, "%s", cell(im, row, COL_TYPE));
	/* the same cleaning as the API's text fields: NFC, no control characters */
	const char *why = NULL;
	char *ref = text_clean_line(cell(im, row, COL_REF), DECISION_REF_CHARS, &why);
	if (!ref) {
		report(im, row->number, "decision_ref",
		       why && strcmp(why, "empty") == 0 ? "name the paper decision" : why);
		return -1;
	}
	snprintf(a->decision_ref, sizeof a->decision_ref, "%s", ref);
	free(ref);
	if (cell_number(im, row, COL_YEAR, clock_year(), &year) != 0 || year < YEAR_FIRST) {
		report(im, row->number, "year", "a year from 1945 to this year");
		return -1;
	}
	if (cell_number(im, row, COL_PERSON, INT64_MAX / 2, &a->person_id) != 0 ||
	    cell_number(im, row, COL_ORG, INT64_MAX / 2, &a->org_id) != 0 ||
	    cell_number(im, row, COL_CLUSTER, INT64_MAX / 2, &a->cluster_id) != 0) {
		report(im, row->number, "person_id", "ids are whole numbers");
		return -1;
	}
	a->year = (int)year;
	return 0;
}

static int on_row(const struct csv_row *row, void *data, struct error *e)
{
	struct award_import *im = data;
	if (row->number == 1)
		return read_header(im, row, e);
	struct award a;
	struct error why;
	err_clear(&why);
	im->rows++;
	if (im->tty && im->rows % 10000 == 0)
		fprintf(stderr, "\r%zu rows read", im->rows);
	if (row_award(im, row, &a) != 0)
		return 0;
	const struct rule_set *rs = year_rules(im, a.year, e);
	if (!rs)
		return -1;
	if (store_award_record(im->db, &a, rs, &why) != 0) {
		if (why.kind == ERR_INTERNAL || why.kind == ERR_UNAVAILABLE) {
			*e = why;
			return -1;
		}
		report(im, row->number, why.field[0] ? why.field : "row", why.message);
		return 0;
	}
	if (!im->first_id)
		im->first_id = a.id;
	im->last_id = a.id;
	return 0;
}

static int import_run(struct award_import *im, const char *path)
{
	struct db_conn *c = im->db;
	struct error e;
	err_clear(&e);
	if (store_begin(c, &e) != 0)
		return cli_fail("%s", e.message);
	if (csv_read_file(path, on_row, im, &e) != 0) {
		store_rollback(c);
		return cli_fail("%s: %s; nothing imported", path, e.message);
	}
	if (im->errors) {
		store_rollback(c);
		if (im->errors > ERRORS_SHOWN)
			fprintf(stderr, "… and %zu more\n", im->errors - ERRORS_SHOWN);
		return cli_fail("%s: %zu of %zu rows have errors; nothing imported", path,
				im->errors, im->rows);
	}
	json_t *summary = json_pack("{ss sI sI sI}", "file", path, "rows", (json_int_t)im->rows,
				    "first_id", (json_int_t)im->first_id, "last_id",
				    (json_int_t)im->last_id);
	int rc = cli_audit_as(c, "import", "award", "csv", NULL, summary);
	json_decref(summary);
	if (rc != 0 || store_commit(c, &e) != 0) {
		store_rollback(c);
		return cli_fail("%s: could not save: %s", path, e.message);
	}
	printf("%simported %zu awards from %s\n", im->tty ? "\r" : "", im->rows, path);
	return 0;
}

static void import_free(struct award_import *im)
{
	for (size_t i = 0; i < im->n_sets; i++)
		rule_set_free(&im->sets[i]);
	free(im);
}

static int import_awards(struct db_conn *c, const char *path)
{
	struct award_import *im = calloc(1, sizeof *im);
	if (!im)
		return cli_fail("out of memory");
	im->db = c;
	im->tty = isatty(2);
	int rc = import_run(im, path);
	import_free(im);
	return rc;
}

static const char *const import_valued[] = {"db", NULL};

int cli_import(int argc, char **argv)
{
	const char *args[2];
	if (cli_check_options(argc, argv, 2, import_valued, NULL) != 0)
		return 2;
	int n = cli_positionals(argc, argv, 2, import_valued, args, 2);
	if (n != 2 || strcmp(args[0], "awards") != 0)
		return cli_fail("usage: thidua import awards FILE.csv [--db URL]");
	struct db_conn *c = NULL;
	if (cli_open(cli_db_url(cli_opt(argc, argv, "db")), &c) != 0)
		return 1;
	int rc = import_awards(c, args[1]);
	db_close(c);
	return rc;
}
