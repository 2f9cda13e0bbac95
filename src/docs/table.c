/*
** Writing tables as CSV, XLSX or JSON, row by row (see table.h).
**
** CSV follows RFC 4180: CRLF line ends, a field quoted when it holds a
** comma, a quote, a line break or edge spaces, quotes doubled. With the
** byte order mark (the "for Excel" option) text cells that Excel would
** run as a formula (=, +, -, @ first) get a leading apostrophe, which
** Excel hides; plain CSV keeps every value exact for re-import.
** XLSX goes through libxlsxwriter in constant-memory mode: rows are
** flushed as written, so a large export does not grow the process.
*/
#include "docs/table.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unistr.h>
#include <xlsxwriter.h>

#include "core/clock.h"

#define XLSX_ROWS_MAX 1048576
#define XLSX_TEXT_MAX 32767
#define SHEET_NAME_CHARS 31

struct table_writer {
	struct table_options opt;
	struct table_column *columns;
	size_t n;
	FILE *out;
	size_t rows;
	int failed;
	/* XLSX */
	lxw_workbook *book;
	lxw_worksheet *sheet;
	lxw_format *heading, *date;
	char title[TABLE_LABEL_BYTES];
};

int table_format_parse(const char *name)
{
	if (!name)
		return -1;
	if (strcmp(name, "csv") == 0)
		return TABLE_CSV;
	if (strcmp(name, "xlsx") == 0)
		return TABLE_XLSX;
	if (strcmp(name, "json") == 0)
		return TABLE_JSON;
	return -1;
}

const char *table_format_name(enum table_format f)
{
	return f == TABLE_XLSX ? "xlsx" : f == TABLE_JSON ? "json" : "csv";
}

const char *table_content_type(enum table_format f)
{
	switch (f) {
	case TABLE_XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	case TABLE_JSON:
		return "application/json; charset=utf-8";
	default:
		return "text/csv; charset=utf-8; header=present";
	}
}

json_t *table_cell(json_t *row, const char *key)
{
	char part[TABLE_KEY_BYTES];
	json_t *v = row;
	while (v && *key) {
		const char *slash = strchr(key, '/');
		size_t len = slash ? (size_t)(slash - key) : strlen(key);
		if (len >= sizeof part)
			return NULL;
		memcpy(part, key, len);
		part[len] = '\0';
		v = json_object_get(v, part);
		key += len + (slash ? 1 : 0);
	}
	return (v && !json_is_null(v)) ? v : NULL;
}

/* ---- CSV ---- */

static int csv_needs_quotes(const char *s)
{
	size_t len = strlen(s);
	if (len && (s[0] == ' ' || s[len - 1] == ' '))
		return 1;
	return strpbrk(s, ",\"\r\n") != NULL;
}

static void csv_text(FILE *out, const char *s, int excel)
{
	int guard = excel && s[0] && strchr("=+-@", s[0]);
	if (!guard && !csv_needs_quotes(s)) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	if (guard)
		fputc('\'', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void csv_value(FILE *out, json_t *v, int excel)
{
	if (!v)
		return;
	if (json_is_string(v))
		csv_text(out, json_string_value(v), excel);
	else if (json_is_integer(v))
		fprintf(out, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		fprintf(out, "%.15g", json_real_value(v));
	else if (json_is_boolean(v))
		fputs(json_is_true(v) ? "true" : "false", out);
}

static void csv_header(struct table_writer *w)
{
	if (w->opt.bom)
		fputs("\xEF\xBB\xBF", w->out);
	for (size_t i = 0; i < w->n; i++) {
		if (i)
			fputc(',', w->out);
		csv_text(w->out, w->columns[i].key, 0);
	}
	fputs("\r\n", w->out);
}

static void csv_row(struct table_writer *w, json_t *row)
{
	for (size_t i = 0; i < w->n; i++) {
		if (i)
			fputc(',', w->out);
		csv_value(w->out, table_cell(row, w->columns[i].key), w->opt.bom);
	}
	fputs("\r\n", w->out);
}

/* ---- XLSX ---- */

/* A sheet name Excel accepts: at most 31 characters, none of []:*?/\ . */
static void sheet_name(const char *title, char *out, size_t n)
{
	size_t used = 0, chars = 0;
	const uint8_t *s = (const uint8_t *)(title && *title ? title : "Sheet1");
	while (*s && chars < SHEET_NAME_CHARS) {
		int len = u8_mblen(s, u8_strlen(s));
		if (len <= 0 || used + (size_t)len + 1 > n)
			break;
		if (len == 1 && strchr("[]:*?/\\'", *s))
			out[used++] = '-';
		else
			memcpy(out + used, s, (size_t)len), used += (size_t)len;
		s += len;
		chars++;
	}
	out[used] = '\0';
}

static int xlsx_fail(struct table_writer *w, lxw_error rc, struct error *e)
{
	w->failed = 1;
	return err_set(e, ERR_INTERNAL, "xlsx_failed", NULL, "the spreadsheet could not be written: %s",
		       lxw_strerror(rc));
}

static int xlsx_begin(struct table_writer *w, const char *path, struct error *e)
{
	lxw_workbook_options opts = {.constant_memory = LXW_TRUE};
	w->book = workbook_new_opt(path, &opts);
	if (!w->book)
		return err_set(e, ERR_INTERNAL, "xlsx_failed", NULL,
			       "the spreadsheet file could not be created");
	char name[SHEET_NAME_CHARS * 4 + 1];
	sheet_name(w->opt.title, name, sizeof name);
	w->sheet = workbook_add_worksheet(w->book, name);
	w->heading = workbook_add_format(w->book);
	w->date = workbook_add_format(w->book);
	if (!w->sheet || !w->heading || !w->date)
		return xlsx_fail(w, LXW_ERROR_MEMORY_MALLOC_FAILED, e);
	format_set_bold(w->heading);
	format_set_text_wrap(w->heading);
	format_set_num_format(w->date, "dd/mm/yyyy");
	lxw_doc_properties props = {.title = w->title};
	workbook_set_properties(w->book, &props);
	worksheet_freeze_panes(w->sheet, 1, 0);
	for (size_t i = 0; i < w->n; i++) {
		const struct table_column *c = &w->columns[i];
		double width = c->width > 0 ? c->width : (double)u8_mbsnlen((const uint8_t *)c->label, strlen(c->label)) + 2;
		worksheet_set_column(w->sheet, (lxw_col_t)i, (lxw_col_t)i, width > 60 ? 60 : width,
				     NULL);
		lxw_error rc = worksheet_write_string(w->sheet, 0, (lxw_col_t)i, c->label, w->heading);
		if (rc != LXW_NO_ERROR)
			return xlsx_fail(w, rc, e);
	}
	return 0;
}

/* "YYYY-MM-DD" as an Excel date; 0, or -1 when the text is not one. */
static int xlsx_date(const char *s, lxw_datetime *d)
{
	char day[11];
	if (strlen(s) != 10)
		return -1;
	memcpy(day, s, 11);
	if (!clock_valid_date(day))
		return -1;
	memset(d, 0, sizeof *d);
	d->year = atoi(day);
	d->month = atoi(day + 5);
	d->day = atoi(day + 8);
	return d->year >= 1900 ? 0 : -1;
}

/* A text cell, cut to what a cell holds at a character boundary. */
static lxw_error xlsx_text(struct table_writer *w, lxw_row_t r, lxw_col_t c, const char *s)
{
	if (u8_mbsnlen((const uint8_t *)s, strlen(s)) <= XLSX_TEXT_MAX)
		return worksheet_write_string(w->sheet, r, c, s, NULL);
	const uint8_t *end = (const uint8_t *)s;
	for (size_t k = 0; k < XLSX_TEXT_MAX - 1; k++)
		end += u8_mblen(end, u8_strlen(end));
	char *cut = strndup(s, (size_t)(end - (const uint8_t *)s));
	if (!cut)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	lxw_error rc = worksheet_write_string(w->sheet, r, c, cut, NULL);
	free(cut);
	return rc;
}

static lxw_error xlsx_value(struct table_writer *w, lxw_row_t r, lxw_col_t c,
			    const struct table_column *col, json_t *v)
{
	lxw_datetime d;
	if (!v)
		return LXW_NO_ERROR;
	if (json_is_number(v))
		return worksheet_write_number(w->sheet, r, c, json_number_value(v), NULL);
	if (json_is_boolean(v))
		return worksheet_write_boolean(w->sheet, r, c, json_is_true(v), NULL);
	if (!json_is_string(v))
		return LXW_NO_ERROR;
	const char *s = json_string_value(v);
	if (col->type == CELL_DATE && xlsx_date(s, &d) == 0)
		return worksheet_write_datetime(w->sheet, r, c, &d, w->date);
	return xlsx_text(w, r, c, s);
}

static int xlsx_row(struct table_writer *w, json_t *row, struct error *e)
{
	if (w->rows + 1 >= XLSX_ROWS_MAX) {
		w->failed = 1;
		return err_set(e, ERR_INVALID, "too_many_rows", NULL,
			       "a spreadsheet holds at most %d rows: export as CSV, or narrow the "
			       "selection",
			       XLSX_ROWS_MAX - 1);
	}
	for (size_t i = 0; i < w->n; i++) {
		lxw_error rc = xlsx_value(w, (lxw_row_t)(w->rows + 1), (lxw_col_t)i, &w->columns[i],
					  table_cell(row, w->columns[i].key));
		if (rc != LXW_NO_ERROR)
			return xlsx_fail(w, rc, e);
	}
	return 0;
}

/* ---- the writer ---- */

struct table_writer *table_begin(const struct table_options *o,
				 const struct table_column *columns, size_t n, FILE *out,
				 const char *xlsx_path, struct error *e)
{
	struct table_writer *w = calloc(1, sizeof *w);
	if (w)
		w->columns = malloc((n ? n : 1) * sizeof *columns);
	if (!w || !w->columns) {
		free(w);
		err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
		return NULL;
	}
	w->opt = *o;
	memcpy(w->columns, columns, n * sizeof *columns);
	w->n = n;
	w->out = out;
	snprintf(w->title, sizeof w->title, "%s", o->title ? o->title : "");
	w->opt.title = w->title;
	if (o->format == TABLE_XLSX) {
		if (xlsx_begin(w, xlsx_path, e) != 0) {
			table_end(w, NULL);
			return NULL;
		}
	} else if (o->format == TABLE_CSV) {
		csv_header(w);
	} else {
		fputs("[", out);
	}
	return w;
}

int table_row(struct table_writer *w, json_t *row, struct error *e)
{
	if (w->failed)
		return err_set(e, ERR_INTERNAL, "table_failed", NULL, "the table already failed");
	if (w->opt.format == TABLE_XLSX) {
		if (xlsx_row(w, row, e) != 0)
			return -1;
	} else if (w->opt.format == TABLE_CSV) {
		csv_row(w, row);
	} else {
		fputs(w->rows ? ",\n" : "\n", w->out);
		json_dumpf(row, w->out, JSON_COMPACT | JSON_REAL_PRECISION(15));
	}
	w->rows++;
	return 0;
}

int table_end(struct table_writer *w, struct error *e)
{
	int rc = w->failed ? -1 : 0;
	if (w->book) {
		lxw_error xrc = workbook_close(w->book);
		if (xrc != LXW_NO_ERROR && rc == 0 && e)
			rc = err_set(e, ERR_INTERNAL, "xlsx_failed", NULL,
				     "the spreadsheet could not be written: %s", lxw_strerror(xrc));
	} else if (w->opt.format == TABLE_JSON && w->out) {
		fputs(w->rows ? "\n]\n" : "]\n", w->out);
	}
	if (rc == 0 && w->out && ferror(w->out) && e)
		rc = err_set(e, ERR_INTERNAL, "write_failed", NULL, "the table could not be written");
	free(w->columns);
	free(w);
	return rc;
}

/* ---- whole tables in memory ---- */

static int render_stream(const struct table_options *o, const struct table_column *columns,
			 size_t n, json_t *rows, FILE *out, const char *xlsx_path, struct error *e)
{
	struct table_writer *w = table_begin(o, columns, n, out, xlsx_path, e);
	if (!w)
		return -1;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		if (table_row(w, row, e) != 0) {
			table_end(w, NULL);
			return -1;
		}
	}
	return table_end(w, e);
}

/* XLSX goes through a file: libxlsxwriter 1.1 cannot write to memory. */
static int render_xlsx(const struct table_options *o, const struct table_column *columns,
		       size_t n, json_t *rows, char **out, size_t *len, struct error *e)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/thidua-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return err_set(e, ERR_INTERNAL, "tmp_failed", NULL,
			       "no temporary file for the spreadsheet");
	close(fd);
	int rc = render_stream(o, columns, n, rows, NULL, path, e);
	FILE *f = rc == 0 ? fopen(path, "rb") : NULL;
	if (rc == 0 && !f)
		rc = err_set(e, ERR_INTERNAL, "tmp_failed", NULL, "the spreadsheet vanished");
	if (f) {
		fseek(f, 0, SEEK_END);
		long size = ftell(f);
		rewind(f);
		*out = size > 0 ? malloc((size_t)size) : NULL;
		if (!*out || fread(*out, 1, (size_t)size, f) != (size_t)size) {
			free(*out);
			*out = NULL;
			rc = err_set(e, ERR_INTERNAL, "tmp_failed", NULL,
				     "the spreadsheet could not be read back");
		} else {
			*len = (size_t)size;
		}
		fclose(f);
	}
	unlink(path);
	return rc;
}

int table_render(const struct table_options *o, const struct table_column *columns,
		 size_t n, json_t *rows, char **out, size_t *len, struct error *e)
{
	*out = NULL;
	*len = 0;
	if (o->format == TABLE_XLSX)
		return render_xlsx(o, columns, n, rows, out, len, e);
	FILE *f = open_memstream(out, len);
	if (!f)
		return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	int rc = render_stream(o, columns, n, rows, f, NULL, e);
	if (fclose(f) != 0 && rc == 0)
		rc = err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	if (rc != 0) {
		free(*out);
		*out = NULL;
		*len = 0;
	}
	return rc;
}
