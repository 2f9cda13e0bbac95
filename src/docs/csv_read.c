/* CSV reading on libcsv, with the strictness the importers need. */
#include "docs/csv_read.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

struct reader {
	csv_row_fn fn;
	void *data;
	struct error *e;
	int failed;
	size_t row;
	char *fields[CSV_FIELDS_MAX];
	size_t n;
	int too_wide;
};

static void fail_row(struct reader *r, const char *why)
{
	char where[32];
	snprintf(where, sizeof where, "row %zu", r->row);
	err_set(r->e, ERR_INVALID, "bad_csv", where, "row %zu: %s", r->row, why);
	r->failed = 1;
}

/* libcsv's words for what went wrong, as a person fixing the file needs them. */
static const char *parse_error(struct csv_parser *p)
{
	if (csv_error(p) == CSV_EPARSE)
		return "bad quoting: a field in quotes must end with a quote, and a quote "
		       "inside it is written twice";
	return csv_strerror(csv_error(p));
}

static void drop_fields(struct reader *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->fields[i]);
	r->n = 0;
	r->too_wide = 0;
}

static void on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	if (r->failed)
		return;
	const char *text = s ? s : "";
	if (r->n >= CSV_FIELDS_MAX) {
		r->too_wide = 1;
		return;
	}
	if (len > CSV_FIELD_BYTES_MAX)
		return fail_row(r, "a field is longer than 64 KiB");
	if (memchr(text, '\0', len) || u8_check((const uint8_t *)text, len))
		return fail_row(r, "the text is not UTF-8 (save the file as CSV UTF-8)");
	char *copy = malloc(len + 1);
	if (!copy)
		return fail_row(r, "out of memory");
	memcpy(copy, text, len);
	copy[len] = '\0';
	r->fields[r->n++] = copy;
}

static void on_row(int terminator, void *data)
{
	struct reader *r = data;
	(void)terminator;
	if (!r->failed && r->too_wide)
		fail_row(r, "more than 64 columns");
	if (!r->failed) {
		struct csv_row row = {r->row, (const char **)r->fields, r->n};
		if (r->fn(&row, r->data, r->e) != 0)
			r->failed = 1;
	}
	drop_fields(r);
	r->row++;
}

int csv_read_file(const char *path, csv_row_fn fn, void *data, struct error *e)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f)
		return err_set(e, ERR_INVALID, "cannot_open", "file", "cannot open %s", path);
	struct csv_parser p;
	struct reader r = {fn, data, e, 0, 1, {0}, 0, 0};
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		if (f != stdin)
			fclose(f);
		return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	}
	char buf[64 * 1024];
	size_t got;
	int first = 1;
	while (!r.failed && (got = fread(buf, 1, sizeof buf, f)) > 0) {
		const char *start = buf;
		/* Excel's byte order mark, before the parser sees a quote after it */
		if (first && got >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
			start += 3;
			got -= 3;
		}
		first = 0;
		if (csv_parse(&p, start, got, on_field, on_row, &r) != got && !r.failed)
			fail_row(&r, parse_error(&p));
	}
	if (!r.failed && ferror(f)) {
		err_set(e, ERR_INVALID, "cannot_read", "file", "cannot read %s", path);
		r.failed = 1;
	}
	if (!r.failed && csv_fini(&p, on_field, on_row, &r) != 0 && !r.failed)
		fail_row(&r, parse_error(&p));
	drop_fields(&r);
	csv_free(&p);
	if (f != stdin)
		fclose(f);
	return r.failed ? -1 : 0;
}
