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
#include "core/clock.h"
#include "core/names.h"
#include "core/text.h"
#include "store/store.h"

#define ERRORS_SHOWN 50
#define PROGRESS_EVERY 10000

/* Blank out the progress line, so what is printed next starts clean. */
static void progress_clear(struct import *im)
{
	if (im->progress)
		fprintf(stderr, "\r%*s\r", im->progress, "");
	im->progress = 0;
}

static void progress_show(struct import *im)
{
	int n = fprintf(stderr, "\r%zu rows read", im->rows);
	im->progress = n > 1 ? n - 1 : 0;
}

void import_report(struct import *im, size_t row, const char *column, const char *why)
{
	if (row != im->last_bad)
		im->errors++;
	im->last_bad = row;
	if (im->errors > ERRORS_SHOWN)
		return;
	progress_clear(im);
	fprintf(stderr, "row %zu, %s: %s\n", row, column, why);
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

/* The known column c's name, as the API's field of the same name. */
static const char *column_name(const struct import *im, int c)
{
	return im->kind->columns[c];
}

int import_text(struct import *im, const struct csv_row *row, int c, char *dst, size_t n,
		size_t max_chars, int block, int required)
{
	const char *why = NULL, *key = column_name(im, c), *cell = import_cell(im, row, c);
	char *clean = block ? text_clean_block(cell, max_chars, &why)
			    : text_clean_line(cell, max_chars, &why);
	char message[160];
	dst[0] = '\0';
	if (clean && strlen(clean) >= n) {
		free(clean);
		clean = NULL;
		why = "too_long";
	}
	if (clean) {
		memcpy(dst, clean, strlen(clean) + 1);
		free(clean);
		return 0;
	}
	if (strcmp(why, "empty") == 0 && !required)
		return 0;
	if (strcmp(why, "empty") == 0)
		snprintf(message, sizeof message, "%s is required", key);
	else
		snprintf(message, sizeof message, "%s %s", key, text_why_message(why));
	import_report(im, row->number, key, message);
	return -1;
}

/* An optional minus sign, then decimal digits only. */
static int is_whole_number(const char *s)
{
	size_t digits = strspn(s + (s[0] == '-'), "0123456789");
	return digits > 0 && digits <= 18 && s[(s[0] == '-') + digits] == '\0';
}

int import_int(struct import *im, const struct csv_row *row, int c, int64_t min, int64_t max,
	       int64_t *out, int required)
{
	const char *key = column_name(im, c), *cell = import_cell(im, row, c);
	char message[160];
	*out = 0;
	if (!cell[0] && !required)
		return 0;
	if (!cell[0])
		snprintf(message, sizeof message, "%s is required", key);
	else if (!is_whole_number(cell))
		snprintf(message, sizeof message, "%s must be an integer", key);
	else if ((*out = strtoll(cell, NULL, 10)) < min || *out > max)
		snprintf(message, sizeof message, "%s must be from %lld to %lld", key,
			 (long long)min, (long long)max);
	else
		return 0;
	import_report(im, row->number, key, message);
	return -1;
}

int import_enum(struct import *im, const struct csv_row *row, int c, const char *const *names,
		int *out, int required)
{
	const char *key = column_name(im, c), *cell = import_cell(im, row, c);
	char message[256];
	if (!cell[0] && !required)
		return 0;
	int i = name_index(names, SIZE_MAX, cell);
	if (i >= 0) {
		*out = i;
		return 0;
	}
	size_t used = (size_t)snprintf(message, sizeof message, "%s must be one of: ", key);
	for (size_t k = 0; names[k] && used < sizeof message; k++)
		used += (size_t)snprintf(message + used, sizeof message - used, "%s%s",
					 k ? ", " : "", names[k]);
	import_report(im, row->number, key, message);
	return -1;
}

int import_date(struct import *im, const struct csv_row *row, int c, char *dst)
{
	const char *key = column_name(im, c), *cell = import_cell(im, row, c);
	char message[160];
	dst[0] = '\0';
	if (!cell[0])
		return 0;
	if (clock_valid_date(cell)) {
		memcpy(dst, cell, 11);
		return 0;
	}
	snprintf(message, sizeof message, "%s must be a date YYYY-MM-DD", key);
	import_report(im, row->number, key, message);
	return -1;
}

int import_bool(struct import *im, const struct csv_row *row, int c, int *out)
{
	const char *key = column_name(im, c), *cell = import_cell(im, row, c);
	char message[160];
	*out = strcmp(cell, "true") == 0;
	if (*out || !cell[0] || strcmp(cell, "false") == 0)
		return 0;
	snprintf(message, sizeof message, "%s must be true or false", key);
	import_report(im, row->number, key, message);
	return -1;
}

int import_refused(struct import *im, size_t row, const struct error *why, struct error *e)
{
	if (why->kind == ERR_INTERNAL || why->kind == ERR_UNAVAILABLE) {
		*e = *why;
		return -1;
	}
	import_report(im, row, why->field[0] ? why->field : "row", why->message);
	return 0;
}

static size_t id_slot(const struct id_set *set, int64_t id)
{
	size_t i = (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15u) % set->cap);
	while (set->slot[i] && set->slot[i] != id)
		i = (i + 1) % set->cap;
	return i;
}

int id_set_has(const struct id_set *set, int64_t id)
{
	return set->cap && set->slot[id_slot(set, id)] == id;
}

/* Double the set when it is half full. */
static int id_set_grow(struct id_set *set)
{
	if (set->cap && set->n * 2 < set->cap)
		return 0;
	struct id_set bigger = {.cap = set->cap ? set->cap * 2 : 256, .n = set->n};
	bigger.slot = calloc(bigger.cap, sizeof *bigger.slot);
	if (!bigger.slot)
		return -1;
	for (size_t i = 0; i < set->cap; i++)
		if (set->slot[i])
			bigger.slot[id_slot(&bigger, set->slot[i])] = set->slot[i];
	free(set->slot);
	*set = bigger;
	return 0;
}

int id_set_add(struct id_set *set, int64_t id)
{
	if (id_set_grow(set) != 0)
		return -1;
	size_t i = id_slot(set, id);
	if (!set->slot[i]) {
		set->slot[i] = id;
		set->n++;
	}
	return 0;
}

int import_org_exists(struct import *im, int64_t id, struct error *e)
{
	struct error lookup;
	err_clear(&lookup);
	if (id_set_has(&im->orgs, id))
		return 1;
	if (store_org_exists(im->db, id, &lookup) != 0) {
		if (lookup.kind == ERR_NOT_FOUND)
			return 0;
		*e = lookup;
		return -1;
	}
	if (id_set_add(&im->orgs, id) != 0)
		return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	return 1;
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
		progress_show(im);
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
	printf("imported %zu %s from %s\n", im->rows, im->kind->name, path);
	return 0;
}

static int import_run(struct import *im, const char *path)
{
	struct error e;
	err_clear(&e);
	if (store_begin_bulk(im->db, &e) != 0)
		return cli_fail("%s", e.message);
	int rc = csv_read_file(path, on_row, im, &e);
	if (rc == 0 && im->kind->finish)
		rc = im->kind->finish(im, &e);
	progress_clear(im);
	if (rc != 0) {
		store_rollback(im->db);
		return cli_fail("%s: %s; nothing imported", path, e.message);
	}
	if (im->errors) {
		store_rollback(im->db);
		if (im->errors > ERRORS_SHOWN)
			fprintf(stderr, "… and %zu more bad rows\n", im->errors - ERRORS_SHOWN);
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
	free(im->orgs.slot);
	free(im);
	return rc;
}
