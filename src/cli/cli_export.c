/*
** thidua export KIND [--format csv|xlsx|json] [--year Y] [--out FILE] [--bom]:
** a register as a spreadsheet, of any size. Rows stream from the store to
** the writer, so memory stays flat; the CSV columns are the API's field
** names, those thidua import takes and the read-only id. With --out the file
** appears only when complete (written beside it, then renamed).
*/
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/json_out.h"
#include "docs/table.h"
#include "store/store.h"

#define PROGRESS_EVERY 10000

struct export_kind {
	const char *name;
	const char *title;
	const struct table_column *columns;
	size_t n_columns;
	int (*each)(struct db_conn *c, int year, store_row_fn fn, void *data, struct error *e);
	json_t *(*row_json)(const void *item);
	int by_year; /* --year narrows it */
};

static const struct table_column org_columns[] = {
	{"id", "Mã", CELL_INTEGER, 8},
	{"name", "Tên", CELL_TEXT, 48},
	{"short_name", "Tên viết tắt", CELL_TEXT, 16},
	{"kind", "Loại", CELL_TEXT, 10},
	{"parent_id", "Mã cơ quan cấp trên", CELL_INTEGER, 12},
	{"province", "Tỉnh, thành phố", CELL_TEXT, 20},
	{"active_from", "Hoạt động từ", CELL_DATE, 12},
	{"active_until", "Hoạt động đến", CELL_DATE, 12},
	{"successor_id", "Mã đơn vị kế thừa", CELL_INTEGER, 12},
};

static const struct table_column person_columns[] = {
	{"id", "Mã", CELL_INTEGER, 8},
	{"full_name", "Họ và tên", CELL_TEXT, 28},
	{"gender", "Giới tính", CELL_TEXT, 8},
	{"birth_year", "Năm sinh", CELL_INTEGER, 8},
	{"org_id", "Mã đơn vị", CELL_INTEGER, 10},
	{"position", "Chức vụ", CELL_TEXT, 28},
	{"party_member", "Đảng viên", CELL_BOOL, 9},
	{"party_admission_date", "Ngày vào Đảng", CELL_DATE, 14},
};

static const struct table_column award_columns[] = {
	{"id", "Mã", CELL_INTEGER, 8},
	{"award_type", "Hình thức", CELL_TEXT, 10},
	{"person_id", "Mã cá nhân", CELL_INTEGER, 10},
	{"org_id", "Mã tập thể", CELL_INTEGER, 10},
	{"year", "Năm", CELL_INTEGER, 8},
	{"decision_ref", "Số quyết định", CELL_TEXT, 28},
	{"decision_id", "Mã quyết định", CELL_INTEGER, 12},
	{"cluster_id", "Mã cụm", CELL_INTEGER, 8},
};

static int orgs_each(struct db_conn *c, int year, store_row_fn fn, void *data, struct error *e)
{
	(void)year;
	return store_org_each(c, fn, data, e);
}

static int people_each(struct db_conn *c, int year, store_row_fn fn, void *data,
		       struct error *e)
{
	(void)year;
	return store_person_each(c, fn, data, e);
}

static json_t *org_row(const void *item)
{
	return org_json(item);
}

static json_t *person_row(const void *item)
{
	return person_json(item);
}

static json_t *award_row(const void *item)
{
	return award_json(item);
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct export_kind kinds[] = {
	{"orgs", "Cơ quan, đơn vị", org_columns, COUNT(org_columns), orgs_each, org_row, 0},
	{"people", "Cá nhân", person_columns, COUNT(person_columns), people_each, person_row, 0},
	{"awards", "Khen thưởng", award_columns, COUNT(award_columns), store_award_each,
	 award_row, 1},
};

struct export_run {
	const struct export_kind *kind;
	struct table_writer *w;
	size_t rows;
	int tty;
};

static int export_row(const void *item, void *data, struct error *e)
{
	struct export_run *x = data;
	json_t *row = x->kind->row_json(item);
	int rc = row ? table_row(x->w, row, e)
		     : err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	json_decref(row);
	if (rc == 0 && ++x->rows % PROGRESS_EVERY == 0 && x->tty)
		fprintf(stderr, "\r%zu rows written", x->rows);
	return rc;
}

/* Write every row of the kind through a writer begun on out (or the XLSX path). */
static int export_to(struct db_conn *c, const struct export_kind *k, const struct table_options *o,
		     int year, FILE *out, const char *xlsx_path, int tty, size_t *rows,
		     struct error *e)
{
	struct export_run x = {.kind = k, .tty = tty};
	x.w = table_begin(o, k->columns, k->n_columns, out, xlsx_path, e);
	if (!x.w)
		return -1;
	int rc = store_begin_read(c, e) == 0 ? k->each(c, year, export_row, &x, e) : -1;
	store_rollback(c);
	if (table_end(x.w, rc == 0 ? e : NULL) != 0)
		rc = -1;
	*rows = x.rows;
	return rc;
}

static const struct export_kind *kind_named(const char *name)
{
	for (size_t i = 0; i < COUNT(kinds); i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

static int export_file(struct db_conn *c, const struct export_kind *k,
		       const struct table_options *o, int year, const char *path)
{
	char tmp[4096];
	struct error e;
	err_clear(&e);
	size_t rows = 0;
	if (snprintf(tmp, sizeof tmp, "%s.part", path) >= (int)sizeof tmp)
		return cli_fail("%s: the path is too long", path);
	FILE *out = o->format == TABLE_XLSX ? NULL : fopen(tmp, "wb");
	if (o->format != TABLE_XLSX && !out)
		return cli_fail("%s: cannot write", tmp);
	int rc = export_to(c, k, o, year, out, tmp, isatty(2), &rows, &e);
	if (out && fclose(out) != 0 && rc == 0)
		rc = err_set(&e, ERR_INTERNAL, "write_failed", NULL, "the disk refused the file");
	if (rc == 0 && rename(tmp, path) != 0)
		rc = err_set(&e, ERR_INTERNAL, "write_failed", NULL, "could not rename %s", tmp);
	if (rc != 0) {
		unlink(tmp);
		return cli_fail("%s: %s; nothing written", path, e.message);
	}
	fprintf(stderr, "%sexported %zu %s to %s\n", isatty(2) ? "\r" : "", rows, k->name, path);
	return 0;
}

static int export_stdout(struct db_conn *c, const struct export_kind *k,
			 const struct table_options *o, int year)
{
	struct error e;
	err_clear(&e);
	size_t rows = 0;
	if (o->format == TABLE_XLSX)
		return cli_fail("an XLSX file needs --out FILE");
	if (export_to(c, k, o, year, stdout, NULL, 0, &rows, &e) != 0 || fflush(stdout) != 0)
		return cli_fail("export failed: %s", e.message[0] ? e.message : "write error");
	return 0;
}

static const char *const export_valued[] = {"db", "format", "year", "out", NULL};
static const char *const export_flags[] = {"bom", NULL};

int cli_export(int argc, char **argv)
{
	const char *args[1];
	if (cli_check_options(argc, argv, 2, export_valued, export_flags) != 0)
		return 2;
	int n = cli_positionals(argc, argv, 2, export_valued, args, 1);
	const struct export_kind *k = n == 1 ? kind_named(args[0]) : NULL;
	if (!k)
		return cli_fail("usage: thidua export orgs|people|awards [--format csv|xlsx|json] "
				"[--year Y] [--out FILE] [--bom] [--db URL]");
	const char *fmt = cli_opt(argc, argv, "format"), *year_text = cli_opt(argc, argv, "year");
	int format = fmt ? table_format_parse(fmt) : TABLE_CSV;
	int64_t year = 0;
	if (format < 0)
		return cli_fail("--format is csv, xlsx or json");
	if (year_text && (cli_parse_id(year_text, 9999, &year) != 0 || year < 1945))
		return cli_fail("--year is a year from 1945");
	if (year_text && !k->by_year)
		return cli_fail("--year narrows awards only; %s are exported whole", k->name);
	struct table_options o = {.format = (enum table_format)format,
				  .bom = cli_flag(argc, argv, "bom"),
				  .title = k->title};
	struct db_conn *c = NULL;
	if (cli_open(cli_db_url(cli_opt(argc, argv, "db")), &c) != 0)
		return 1;
	const char *out = cli_opt(argc, argv, "out");
	int rc = out ? export_file(c, k, &o, (int)year, out) : export_stdout(c, k, &o, (int)year);
	db_close(c);
	return rc;
}
