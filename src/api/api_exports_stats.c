/*
** Spreadsheet exports of the movement's figures: GET /models.csv|.xlsx
** (the model list), /models/stats.csv|.xlsx (a year's figures by branch),
** /stats/indicators.csv|.xlsx (the indicators rolled up) and
** /reports.csv|.xlsx (the units' reports, one column per indicator). Each
** is its JSON answer for the same caller and query (api_exports.c says
** how), laid out as the page shows it; the answers carry their names, so
** nothing is looked up here.
*/
#include "api/exports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The row that sums a table's lines: named in the column that names the lines. */
static json_t *total_row(json_t *values, const char *name_key)
{
	json_t *row = json_deep_copy(values);
	json_object_set_new(row, name_key, json_string("Tổng cộng"));
	return row;
}

/* " đơn vị 7", " cụm 3" or " cả nước": the scope of a statistics answer, for its title. */
static void scope_words(json_t *answer, char *out, size_t n)
{
	json_int_t org = json_integer_value(json_object_get(answer, "org_id"));
	json_int_t cluster = json_integer_value(json_object_get(answer, "cluster_id"));
	if (org)
		snprintf(out, n, " đơn vị %lld", (long long)org);
	else if (cluster)
		snprintf(out, n, " cụm %lld", (long long)cluster);
	else
		snprintf(out, n, " cả nước");
}

/* ---- the model list ---- */

void api_models_export(struct request *rq, struct response *rs)
{
	const struct table_column cols[] = {
		export_column("id", "Mã", CELL_INTEGER, 8),
		export_column("name", "Tên mô hình", CELL_TEXT, 48),
		export_column("org_id", "Mã đơn vị", CELL_INTEGER, 10),
		export_column("org_name", "Cơ quan, đơn vị", CELL_TEXT, 36),
		export_column("field", "Lĩnh vực", CELL_TEXT, 24),
		export_column("year", "Năm công nhận", CELL_INTEGER, 10),
		export_column("status", "Trạng thái", CELL_TEXT, 10),
		export_column("retired_year", "Năm dừng", CELL_INTEGER, 10),
		export_column("retired_on", "Ngày dừng", CELL_DATE, 12),
		export_column("retired_reason", "Lý do dừng", CELL_TEXT, 36),
		export_column("description", "Mô tả", CELL_TEXT, 60),
	};
	json_t *answer = export_whole_list(api_models_list, rq, rs);
	if (answer)
		export_send(rq, rs, "Danh sách mô hình", cols, COUNT(cols),
			    json_object_get(answer, "items"));
	json_decref(answer);
}

/* ---- model statistics ---- */

/*
** One row per branch, then the totals. The answer's ten-year series is a
** second table of other columns, which one CSV cannot hold beside the
** first; the figures by branch are what a year's report files, and each
** year of the series is that year's totals row.
*/
void api_models_stats_export(struct request *rq, struct response *rs)
{
	const struct table_column cols[] = {
		export_column("org_id", "Mã đơn vị", CELL_INTEGER, 10),
		export_column("name", "Cơ quan, đơn vị", CELL_TEXT, 40),
		export_column("new", "Mới trong năm", CELL_INTEGER, 12),
		export_column("retired", "Dừng trong năm", CELL_INTEGER, 12),
		export_column("active_start", "Đang duy trì đầu năm", CELL_INTEGER, 14),
		export_column("active_end", "Đang duy trì cuối năm", CELL_INTEGER, 14),
		export_column("total_ever", "Tổng số từ trước đến nay", CELL_INTEGER, 14),
	};
	json_t *answer = NULL;
	if (export_answer(api_models_stats, rq, rs, &answer) != 0)
		return;
	json_t *rows = json_copy(json_object_get(answer, "by_org"));
	json_array_append_new(rows, total_row(json_object_get(answer, "totals"), "name"));
	char title[120], scope[40];
	scope_words(answer, scope, sizeof scope);
	snprintf(title, sizeof title, "Thống kê mô hình năm %lld%s",
		 (long long)json_integer_value(json_object_get(answer, "year")), scope);
	export_send(rq, rs, title, cols, COUNT(cols), rows);
	json_decref(rows);
	json_decref(answer);
}

/* ---- indicator statistics ---- */

/* Each of a line's indicator figures as a row, under the line's org. */
static void line_rows(json_t *rows, json_t *items, json_t *org_id, json_t *org_name)
{
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item) {
		json_t *row = json_copy(item);
		if (org_id)
			json_object_set(row, "org_id", org_id);
		json_object_set(row, "org_name", org_name);
		json_array_append_new(rows, row);
	}
}

/*
** One row per indicator for the whole scope, then one per branch and
** indicator: the year's value and the year before's, the change, the
** change in percent (empty where there is none), the units reporting.
** The ten-year series stays with the chart, as for the models.
*/
void api_indicator_stats_export(struct request *rq, struct response *rs)
{
	json_t *answer = NULL;
	if (export_answer(api_indicator_stats, rq, rs, &answer) != 0)
		return;
	int year = (int)json_integer_value(json_object_get(answer, "year"));
	char this_year[24], year_before[24];
	snprintf(this_year, sizeof this_year, "Năm %d", year);
	snprintf(year_before, sizeof year_before, "Năm %d", year - 1);
	const struct table_column cols[] = {
		export_column("org_id", "Mã đơn vị", CELL_INTEGER, 10),
		export_column("org_name", "Cơ quan, đơn vị", CELL_TEXT, 36),
		export_column("code", "Mã chỉ tiêu", CELL_TEXT, 16),
		export_column("name", "Chỉ tiêu", CELL_TEXT, 40),
		export_column("unit", "Đơn vị tính", CELL_TEXT, 12),
		export_column("aggregate", "Cách tổng hợp", CELL_TEXT, 10),
		export_column("value", this_year, CELL_NUMBER, 12),
		export_column("previous", year_before, CELL_NUMBER, 12),
		export_column("change", "Tăng, giảm", CELL_NUMBER, 12),
		export_column("change_pct", "Tỷ lệ tăng, giảm (%)", CELL_NUMBER, 12),
		export_column("reporting", "Số đơn vị báo cáo", CELL_INTEGER, 12),
		export_column("expected", "Số đơn vị phải báo cáo", CELL_INTEGER, 12),
		export_column("registry", "Theo hồ sơ nhân sự", CELL_INTEGER, 12),
	};
	json_t *rows = json_array(), *total = json_string("Tổng cộng"), *line;
	line_rows(rows, json_object_get(answer, "items"), NULL, total);
	json_decref(total);
	size_t i;
	json_array_foreach(json_object_get(answer, "by_org"), i, line)
		line_rows(rows, json_object_get(line, "items"), json_object_get(line, "org_id"),
			  json_object_get(line, "name"));
	char title[120], scope[40];
	scope_words(answer, scope, sizeof scope);
	snprintf(title, sizeof title, "Thống kê chỉ tiêu năm %d%s", year, scope);
	export_send(rq, rs, title, cols, COUNT(cols), rows);
	json_decref(rows);
	json_decref(answer);
}

/* ---- the units' reports ---- */

/* Report columns, then one per indicator of the catalog ("values/<code>"); NULL on failure. */
static struct table_column *report_columns(struct ctx *cx, size_t *n, struct error *e)
{
	const struct table_column fixed[] = {
		export_column("id", "Mã", CELL_INTEGER, 8),
		export_column("org_id", "Mã đơn vị", CELL_INTEGER, 10),
		export_column("org_name", "Cơ quan, đơn vị", CELL_TEXT, 36),
		export_column("year", "Năm", CELL_INTEGER, 8),
		export_column("status", "Trạng thái", CELL_TEXT, 10),
	};
	struct indicator *ind = NULL;
	size_t n_ind = 0;
	int64_t total = 0;
	struct table_column *cols = NULL;
	if (store_begin_read(cx->db, e) == 0 &&
	    store_indicator_list(cx->db, NULL, &ind, &n_ind, &total, e) == 0 &&
	    !(cols = calloc(COUNT(fixed) + n_ind, sizeof *cols)))
		err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	store_rollback(cx->db);
	if (cols) {
		memcpy(cols, fixed, sizeof fixed);
		for (size_t i = 0; i < n_ind; i++) {
			char key[TABLE_KEY_BYTES], label[sizeof ind->name + sizeof ind->unit + 4];
			snprintf(key, sizeof key, "values/%s", ind[i].code);
			snprintf(label, sizeof label, "%s (%s)", ind[i].name, ind[i].unit);
			cols[COUNT(fixed) + i] = export_column(key, label, CELL_NUMBER, 14);
		}
		*n = COUNT(fixed) + n_ind;
	}
	free(ind);
	return cols;
}

void api_reports_export(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	size_t n = 0;
	json_t *answer = export_whole_list(api_reports_list, rq, rs);
	struct table_column *cols = answer ? report_columns(cx, &n, &e) : NULL;
	if (cols)
		export_send(rq, rs, "Báo cáo chỉ tiêu", cols, n, json_object_get(answer, "items"));
	else if (answer)
		api_fail(cx, rs, &e);
	free(cols);
	json_decref(answer);
}
