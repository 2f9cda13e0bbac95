/*
** The shared part of thidua import: reading the header against a kind's
** columns, the rows with their width checked, row errors, progress on a
** terminal, and the one transaction the file goes in with (see import.h).
*/
#include "cli/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/names.h"
#include "store/store.h"

#define ERRORS_SHOWN 50
#define PROGRESS_EVERY 10000

void import_report(struct import *im, size_t row, const char *column, const char *why)
{
	if (++im->errors <= ERRORS_SHOWN)
		fprintf(stderr, "%srow %zu, %s: %s\n", im->tty ? "\r" : "", row, column, why);
}

const char *import_cell(const struct import *im, const struct csv_row *row, int c)
{
	int i = im->where[c];
	return (i >= 0 && (size_t)i < row->n) ? row->fields[i] : "";
}

int import_number(const struct import *im, const struct csv_row *row, int c, int64_t max,
		  int64_t *out)
{
	const char *s = import_cell(im, row, c);
	*out = 0;
	return s[0] ? cli_parse_id(s, max, out) : 0;
}

void import_created(struct import *im, int64_t id)
{
	if (!im->first_id)
		im->first_id = id;
	im->last_id = id;
}

static size_t count_names(const char *const *names)
{
	size_t n = 0;
	while (names[n])
		n++;
	return n;
}

/* "a, b, c": the known columns, for an error about the header. */
static void column_list(const char *const *names, char *out, size_t n)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; names[i] && used < n; i++)
		used += (size_t)snprintf(out + used, n - used, "%s%s", i ? ", " : "", names[i]);
}

static int header_column(struct import *im, size_t i, const char *name, struct error *e)
{
	const struct import_kind *k = im->kind;
	int c = name_index(k->columns, count_names(k->columns), name);
	if (c < 0) {
		if (k->extra_column)
			return k->extra_column(im, i, name, e);
		char known[400];
		column_list(k->columns, known, sizeof known);
		return err_set(e, ERR_INVALID, "bad_header", "row 1",
			       "row 1: unknown column '%s' (expected %s)", name, known);
	}
	if (im->where[c] >= 0)
		return err_set(e, ERR_INVALID, "bad_header", "row 1",
			       "row 1: column '%s' appears twice", name);
	im->where[c] = (int)i;
	return 0;
}

static int read_header(struct import *im, const struct csv_row *row, struct error *e)
{
	const struct import_kind *k = im->kind;
	for (size_t c = 0; c < IMPORT_COLUMNS_MAX; c++)
		im->where[c] = -1;
	for (size_t i = 0; i < row->n; i++)
		if (header_column(im, i, row->fields[i], e) != 0)
			return -1;
	im->width = row->n;
	for (size_t r = 0; k->required[r]; r++) {
		int c = name_index(k->columns, count_names(k->columns), k->required[r]);
		if (c < 0 || im->where[c] < 0)
			return err_set(e, ERR_INVALID, "bad_header", "row 1",
				       "row 1: the header lacks the column '%s'", k->required[r]);
	}
	return k->header_check ? k->header_check(im, e) : 0;
}

static int on_row(const struct csv_row *row, void *data, struct error *e)
{
	struct import *im = data;
	if (row->number == 1)
		return read_header(im, row, e);
	im->rows++;
	if (im->tty && im->rows % PROGRESS_EVERY == 0)
		fprintf(stderr, "\r%zu rows read", im->rows);
	if (row->n != im->width) {
		char why[120];
		snprintf(why, sizeof why,
			 "%zu fields where the header has %zu (a comma inside a value needs quotes)",
			 row->n, im->width);
		import_report(im, row->number, "row", why);
		return 0;
	}
	return im->kind->row(im, row, e);
}

/* Everything read and checked: record the import and commit. */
static int import_commit(struct import *im, const char *path)
{
	struct error e;
	err_clear(&e);
	json_t *summary = json_pack("{ss sI sI sI}", "file", path, "rows", (json_int_t)im->rows,
				    "first_id", (json_int_t)im->first_id, "last_id",
				    (json_int_t)im->last_id);
	int rc = cli_audit_as(im->db, "import", im->kind->entity, "csv", NULL, summary);
	json_decref(summary);
	if (rc != 0 || store_commit(im->db, &e) != 0) {
		store_rollback(im->db);
		return cli_fail("%s: could not save: %s", path, e.message[0] ? e.message : "write failed");
	}
	printf("%simported %zu %s from %s\n", im->tty ? "\r" : "", im->rows, im->kind->name, path);
	return 0;
}

static int import_run(struct import *im, const char *path)
{
	struct error e;
	err_clear(&e);
	if (store_begin(im->db, &e) != 0)
		return cli_fail("%s", e.message);
	if (csv_read_file(path, on_row, im, &e) != 0) {
		store_rollback(im->db);
		return cli_fail("%s: %s; nothing imported", path, e.message);
	}
	if (im->errors) {
		store_rollback(im->db);
		if (im->errors > ERRORS_SHOWN)
			fprintf(stderr, "… and %zu more\n", im->errors - ERRORS_SHOWN);
		return cli_fail("%s: %zu of %zu rows have errors; nothing imported", path,
				im->errors, im->rows);
	}
	return import_commit(im, path);
}

int import_file(const struct import_kind *kind, struct db_conn *c, const char *path)
{
	struct import *im = calloc(1, kind->size);
	if (!im)
		return cli_fail("out of memory");
	im->kind = kind;
	im->db = c;
	im->tty = isatty(2);
	int rc = import_run(im, path);
	if (kind->done)
		kind->done(im);
	free(im);
	return rc;
}
