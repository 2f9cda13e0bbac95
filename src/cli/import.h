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
	/*
	** After the last row: the checks that need the whole file (references
	** to later rows); bad rows reported as by row. NULL when none.
	*/
	int (*finish)(struct import *im, struct error *e);
	/* Free what the state holds (not the state itself); NULL when nothing. */
	void (*done)(struct import *im);
};

#define IMPORT_COLUMNS_MAX CSV_FIELDS_MAX

/* A set of ids (open addressing; 0 marks an empty slot). */
struct id_set {
	int64_t *slot;
	size_t n, cap;
};

struct import {
	const struct import_kind *kind;
	struct db_conn *db;
	int where[IMPORT_COLUMNS_MAX]; /* each known column's index in the file, -1 when absent */
	size_t width;                  /* fields in the header, so in every row */
	size_t rows, errors;           /* errors: the rows found bad */
	size_t last_bad;               /* the row reported last */
	int64_t first_id, last_id;     /* what the rows created, for the audit summary */
	int tty;
	int progress;                  /* a progress line is on the terminal */
	struct id_set orgs;            /* the org ids found to exist so far */
};

/* Run the import of path into c; prints its outcome. The exit code. */
int import_file(const struct import_kind *kind, struct db_conn *c, const char *path);

/*
** Report a bad row: "row N, column: why" (the first few only are printed).
** A row may be reported more than once in a row; it counts once.
*/
void import_report(struct import *im, size_t row, const char *column, const char *why);
/* The row's text in known column c (its index in kind->columns); "" when absent. */
const char *import_cell(const struct import *im, const struct csv_row *row, int c);
/* An optional whole number from 1 to max in column c: 0 when blank, -1 when not one. */
int import_number(const struct import *im, const struct csv_row *row, int c, int64_t max,
		  int64_t *out);
/*
** The cell readers below take a known column c and check its text as the
** API checks the JSON field of that name (api/fields.h), with the same
** messages; a bad cell is reported and answers -1. A blank cell is "no
** value": 0 (or "") unless required.
*/
/* One line of text (a block keeping line breaks when block), NFC, at most max_chars. */
int import_text(struct import *im, const struct csv_row *row, int c, char *dst, size_t n,
		size_t max_chars, int block, int required);
/* A whole number from min to max. */
int import_int(struct import *im, const struct csv_row *row, int c, int64_t min, int64_t max,
	       int64_t *out, int required);
/* One of names (NULL-terminated): *out is its index. */
int import_enum(struct import *im, const struct csv_row *row, int c, const char *const *names,
		int *out, int required);
/* "YYYY-MM-DD" into dst (11 bytes). */
int import_date(struct import *im, const struct csv_row *row, int c, char *dst);
/* true or false; blank is false. */
int import_bool(struct import *im, const struct csv_row *row, int c, int *out);

/*
** A row the store or the domain refused (why set): reported under why's
** field, answering 0 so that the reading goes on; a failure of the store
** itself is copied to e and answers -1.
*/
int import_refused(struct import *im, size_t row, const struct error *why, struct error *e);
/*
** Does org id exist? 1 yes, 0 no, -1 when the store failed (e set). Found
** ids are remembered, so a file naming the same orgs over and over asks
** the database once each.
*/
int import_org_exists(struct import *im, int64_t id, struct error *e);

/* Add id (> 0) to the set: 0, or -1 when out of memory. */
int id_set_add(struct id_set *set, int64_t id);
int id_set_has(const struct id_set *set, int64_t id);

/* Note an id the import created (for the summary). */
void import_created(struct import *im, int64_t id);

/* The kinds of import. */
extern const struct import_kind import_orgs;
extern const struct import_kind import_people;
extern const struct import_kind import_awards;
extern const struct import_kind import_models;
extern const struct import_kind import_reports;

#endif
