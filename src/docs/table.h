/*
** Tables for officers' spreadsheets: typed columns over rows that are
** JSON objects (the API's own answers), written row by row as CSV
** (RFC 4180, optionally with the byte order mark Excel wants), XLSX
** (numbers as numbers, dates as dates, the header row frozen) or JSON
** (an array of the rows as they are). Rows stream: nothing holds the
** whole table, so the command line can export a national register.
*/
#ifndef THIDUA_TABLE_H
#define THIDUA_TABLE_H

#include <jansson.h>
#include <stdio.h>

#include "core/error.h"

enum cell_type {
	CELL_TEXT,
	CELL_INTEGER,
	CELL_NUMBER,
	CELL_DATE, /* "YYYY-MM-DD" text; a date cell shown dd/mm/yyyy in XLSX */
	CELL_BOOL,
};

#define TABLE_KEY_BYTES 64
#define TABLE_LABEL_BYTES 200

struct table_column {
	char key[TABLE_KEY_BYTES];     /* the row's key; "a/b" reaches into an object */
	char label[TABLE_LABEL_BYTES]; /* the heading people read (XLSX) */
	enum cell_type type;
	int width; /* characters, for XLSX; 0: a width fitting the heading */
};

enum table_format { TABLE_CSV, TABLE_XLSX, TABLE_JSON };

/* "csv", "xlsx", "json" → the format; -1 when none of them. */
int table_format_parse(const char *name);
const char *table_format_name(enum table_format f);
const char *table_content_type(enum table_format f);

struct table_options {
	enum table_format format;
	int bom;           /* CSV: start with a UTF-8 byte order mark (Excel) */
	const char *title; /* XLSX: the sheet's name and the document title */
};

struct table_writer;

/*
** Begin a table written to out (CSV, JSON) or to the file xlsx_path
** (XLSX: libxlsxwriter writes whole files). The columns are copied.
** CSV headings are the keys (the API's field names, which imports take);
** XLSX headings are the labels.
*/
struct table_writer *table_begin(const struct table_options *o,
				 const struct table_column *columns, size_t n, FILE *out,
				 const char *xlsx_path, struct error *e);
/* Write one row (an object; a missing or null key is an empty cell). */
int table_row(struct table_writer *w, json_t *row, struct error *e);
/* Finish the document and free w (also after an error); 0 or -1. */
int table_end(struct table_writer *w, struct error *e);

/* The value of a column in a row: follows "a/b" paths; NULL when absent. */
json_t *table_cell(json_t *row, const char *key);

/*
** The whole table into memory, for an HTTP answer: rows is an array of
** objects. *out is malloc'd.
*/
int table_render(const struct table_options *o, const struct table_column *columns,
		 size_t n, json_t *rows, char **out, size_t *len, struct error *e);

#endif
