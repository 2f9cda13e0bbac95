/*
** thidua import KIND FILE.csv: what every kind of import shares. The
** header row names the columns, in any order; each data row is checked as
** the API would check it, and every error is reported with its row and
** column; then either the whole file goes in, in one transaction, or
** nothing does. On a terminal the rows read so far are shown as it goes.
**
** A kind supplies its columns and a function per row; it keeps its own
** state in a struct whose first member is the struct import.
*/
#ifndef THIDUA_IMPORT_H
#define THIDUA_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "docs/csv_read.h"
#include "store/db.h"

struct import;

struct import_kind {
	const char *name;   /* the command's word and the summary's noun: "awards" */
	const char *entity; /* the audit entry's entity: "award" */
	const char *const *columns;  /* the known columns, NULL-terminated */
	const char *const *required; /* those every file must have, NULL-terminated */
	size_t size;        /* of the kind's state struct (struct import first) */
	/*
	** A header column not among columns (index i of the file): claim it
	** (0), or refuse it (-1 with e set). NULL: every such column is an error.
	*/
	int (*extra_column)(struct import *im, size_t i, const char *name, struct error *e);
	/* Checks of the header beyond required columns; NULL when none. */
	int (*header_check)(struct import *im, struct error *e);
	/*
	** Check and write one data row. A bad row is reported (import_report)
	** and answers 0 so that the reading goes on; -1 (e set) stops it, for
	** a failure of the store itself.
	*/
	int (*row)(struct import *im, const struct csv_row *row, struct error *e);
	/* Free what the state holds (not the state itself); NULL when nothing. */
	void (*done)(struct import *im);
};

#define IMPORT_COLUMNS_MAX CSV_FIELDS_MAX

struct import {
	const struct import_kind *kind;
	struct db_conn *db;
	int where[IMPORT_COLUMNS_MAX]; /* each known column's index in the file, -1 when absent */
	size_t width;                  /* fields in the header, so in every row */
	size_t rows, errors;
	int64_t first_id, last_id;     /* what the rows created, for the audit summary */
	int tty;
};

/* Run the import of path into c; prints its outcome. The exit code. */
int import_file(const struct import_kind *kind, struct db_conn *c, const char *path);

/* Report a bad row: "row N, column: why" (the first few only are printed). */
void import_report(struct import *im, size_t row, const char *column, const char *why);
/* The row's text in known column c (its index in kind->columns); "" when absent. */
const char *import_cell(const struct import *im, const struct csv_row *row, int c);
/* An optional whole number from 1 to max in column c: 0 when blank, -1 when not one. */
int import_number(const struct import *im, const struct csv_row *row, int c, int64_t max,
		  int64_t *out);
/* Note an id the import created (for the summary). */
void import_created(struct import *im, int64_t id);

/* The kinds of import. */
extern const struct import_kind import_awards;
extern const struct import_kind import_models;
extern const struct import_kind import_reports;

#endif
