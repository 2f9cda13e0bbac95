/*
** Reading CSV files (RFC 4180) for the importers: a header row, then one
** callback per row with its fields and its row number (the header is
** row 1; a blank line is not a row, so after one the number is a record's,
** not a line's). Strict: bad quoting, text that is not UTF-8, a NUL byte,
** more than CSV_FIELDS_MAX fields or a field too long is an error naming
** the row; how wide a row must be is the importer's to check. A UTF-8 byte
** order mark (Excel's) is skipped.
*/
#ifndef THIDUA_CSV_READ_H
#define THIDUA_CSV_READ_H

#include <stddef.h>

#include "core/error.h"

#define CSV_FIELDS_MAX 64
#define CSV_FIELD_BYTES_MAX (64 * 1024)

struct csv_row {
	size_t number;       /* 1 for the header */
	const char **fields; /* NUL-terminated, valid UTF-8 */
	size_t n;
};

/* Called for the header and each row; -1 (with e set) stops the reading. */
typedef int (*csv_row_fn)(const struct csv_row *row, void *data, struct error *e);

/* Read path ("-" for stdin) row by row; 0, or -1 with e set (its field names the row). */
int csv_read_file(const char *path, csv_row_fn fn, void *data, struct error *e);

#endif
