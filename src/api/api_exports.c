/*
** Spreadsheet exports: GET …/ranking.csv|.xlsx, /ballots/{id}/result.csv|
** .xlsx, /awards.csv|.xlsx, /proposals.csv|.xlsx. An export is the JSON
** answer of the resource it comes from, run for the same caller with the
** same query (so the same filters and the same authorization), turned
** into rows with names added where the answer has only ids. Lists are
** taken whole, up to EXPORT_ROWS_MAX rows; beyond that the caller is told
** to narrow the filters (the command line exports any size).
**
** ?bom=1 starts a CSV with the byte order mark Excel needs to read UTF-8.
*/
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docs/table.h"

#define EXPORT_ROWS_MAX 50000

/* What an export adds to its rows: names for ids, award types by their year's rule set. */
struct namer {
	struct ctx *cx;
	struct rule_set_cache rules;
};

/*
** Run a JSON handler for this request into *answer: 0, or -1 with the
** handler's own error answer already in rs (its status and message).
*/
static int answer_of(route_handler source, struct request *rq, struct response *rs,
		     json_t **answer)
{
	struct ctx *cx = ctx_of(rq);
	struct response scratch;
	memset(&scratch, 0, sizeof scratch);
	rq->whole_list = EXPORT_ROWS_MAX;
	source(rq, &scratch);
	rq->whole_list = 0;
	store_rollback(cx->db); /* a reading handler may leave its transaction to the dispatcher */
	*answer = NULL;
	if (scratch.status == 200 && scratch.body)
		*answer = json_loadb(scratch.body, scratch.len, 0, NULL);
	if (*answer || scratch.status == 200) {
		free(scratch.body);
		if (!*answer)
			resp_errorf(rs, ERR_INTERNAL, "export_failed", NULL,
				    "the export could not be made");
		return *answer ? 0 : -1;
	}
	/* the source's error, as it would have answered */
	free(rs->body);
	rs->status = scratch.status;
	rs->body = scratch.body;
	rs->len = scratch.len;
	rs->content_type = scratch.content_type;
	for (int i = 0; i < scratch.n_headers; i++)
		resp_header(rs, scratch.headers[i].name, "%s", scratch.headers[i].value);
	return -1;
}

/* A list answer whole: 413 when the filters leave more rows than an export takes. */
static int whole_list(json_t *answer, struct response *rs)
{
	json_int_t total = json_integer_value(json_object_get(answer, "total"));
	if (total <= EXPORT_ROWS_MAX)
		return 0;
	resp_errorf(rs, ERR_TOO_LARGE, "export_too_large", NULL,
		    "%lld rows match; an export takes at most %d: narrow the filters (year, "
		    "type), or use thidua export",
		    (long long)total, EXPORT_ROWS_MAX);
	return -1;
}

/* ---- names ---- */

static void add_org_name(struct namer *nm, json_t *row, const char *id_key, const char *key)
{
	struct org o;
	struct error e;
	err_clear(&e);
	json_int_t id = json_integer_value(json_object_get(row, id_key));
	if (id > 0 && store_org_get(nm->cx->db, id, &o, &e) == 0)
		json_object_set_new(row, key, json_string(o.name));
}

/* A person's name, where the caller may read the person. */
static void add_person_name(struct namer *nm, json_t *row, const char *id_key, const char *key)
{
	struct person p;
	struct error e;
	err_clear(&e);
	json_int_t id = json_integer_value(json_object_get(row, id_key));
	if (id > 0 && store_person_get(nm->cx->db, id, &p, &e) == 0 &&
	    api_authorize(nm->cx, ACT_PERSON_READ, p.org_id, &e) == 0)
		json_object_set_new(row, key, json_string(p.full_name));
}

static void add_award_name(struct namer *nm, json_t *row, const char *year_key)
{
	struct error e;
	err_clear(&e);
	const char *code = json_string_value(json_object_get(row, "award_type"));
	int year = (int)json_integer_value(json_object_get(row, year_key));
	const struct rule_set *rs =
		code && year > 0 ? store_rule_set_cached(nm->cx->db, &nm->rules, year, &e) : NULL;
	const struct award_type *t = rs ? rule_set_find(rs, code) : NULL;
	if (t)
		json_object_set_new(row, "award_name", json_string(t->name));
}

static void namer_free(struct namer *nm)
{
	rule_set_cache_free(&nm->rules);
}

/* ---- sending ---- */

static int path_format(const struct request *rq)
{
	const char *dot = strrchr(rq->path, '.');
	return dot ? table_format_parse(dot + 1) : -1;
}

static void send_table(struct request *rq, struct response *rs, const char *title,
		       const struct table_column *columns, size_t n, json_t *rows)
{
	struct error e;
	err_clear(&e);
	int format = path_format(rq);
	const char *bom = req_query(rq, "bom");
	struct table_options o = {
		.format = (enum table_format)(format < 0 ? TABLE_CSV : format),
		.bom = bom && strcmp(bom, "1") == 0,
		.title = title,
	};
	char *body = NULL, name[300];
	size_t len = 0;
	if (table_render(&o, columns, n, rows, &body, &len, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	snprintf(name, sizeof name, "%s.%s", title, table_format_name(o.format));
	resp_file(rs, body, len, table_content_type(o.format), name);
}

static struct table_column column(const char *key, const char *label, enum cell_type type,
				  int width)
{
	struct table_column c;
	memset(&c, 0, sizeof c);
	snprintf(c.key, sizeof c.key, "%s", key);
	snprintf(c.label, sizeof c.label, "%s", label);
	c.type = type;
	c.width = width;
	return c;
}

/* ---- the ranking ---- */

void api_ranking_export(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	json_t *answer = NULL;
	if (answer_of(api_ranking_get, rq, rs, &answer) != 0)
		return;
	json_t *groups = json_object_get(answer, "groups"), *rows = json_object_get(answer, "items");
	size_t n_groups = json_array_size(groups), n = 0;
	struct table_column *cols = calloc(4 + n_groups, sizeof *cols);
	struct namer nm = {.cx = cx};
	struct error e;
	err_clear(&e);
	if (!cols || store_begin_read(cx->db, &e) != 0) {
		free(cols);
		json_decref(answer);
		api_fail(cx, rs, &e);
		return;
	}
	cols[n++] = column("rank", "Xếp hạng", CELL_INTEGER, 9);
	cols[n++] = column("org_id", "Mã đơn vị", CELL_INTEGER, 10);
	cols[n++] = column("org_name", "Đơn vị", CELL_TEXT, 40);
	for (size_t i = 0; i < n_groups; i++) {
		json_t *g = json_array_get(groups, i);
		char key[TABLE_KEY_BYTES];
		snprintf(key, sizeof key, "groups/%s", json_string_value(json_object_get(g, "code")));
		cols[n++] = column(key, json_string_value(json_object_get(g, "name")), CELL_NUMBER, 14);
	}
	cols[n++] = column("total", "Tổng điểm", CELL_NUMBER, 12);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
		add_org_name(&nm, row, "org_id", "org_name");
	store_rollback(cx->db);
	namer_free(&nm);
	char title[120];
	snprintf(title, sizeof title, "Xếp hạng cụm %lld năm %lld", (long long)rq->params[0],
		 (long long)rq->params[1]);
	send_table(rq, rs, title, cols, n, rows);
	free(cols);
	json_decref(answer);
}

/* ---- a ballot's result ---- */

/* One row per candidate: its votes, and whether it passed. */
static json_t *result_rows(json_t *ballot, json_t *result)
{
	json_t *rows = json_array(), *counts = json_object_get(result, "counts");
	json_t *passed = json_object_get(result, "passed"), *k;
	size_t i;
	json_array_foreach(json_object_get(ballot, "candidates"), i, k) {
		char key[24];
		json_int_t id = json_integer_value(json_object_get(k, "id"));
		snprintf(key, sizeof key, "%lld", (long long)id);
		int won = 0;
		size_t j;
		json_t *p;
		json_array_foreach(passed, j, p) won |= json_integer_value(p) == id;
		json_array_append_new(rows, json_pack("{s:I, s:O, s:O*, s:b}", "candidate_id",
						      (json_int_t)id, "label",
						      json_object_get(k, "label"), "votes",
						      json_object_get(counts, key), "passed", won));
	}
	return rows;
}

void api_ballot_export(struct request *rq, struct response *rs)
{
	json_t *ballot = NULL, *result = NULL;
	if (answer_of(api_ballots_get, rq, rs, &ballot) != 0)
		return;
	if (answer_of(api_ballot_result, rq, rs, &result) != 0) {
		json_decref(ballot);
		return;
	}
	const struct table_column cols[] = {
		column("candidate_id", "Số thứ tự", CELL_INTEGER, 10),
		column("label", "Ứng cử viên", CELL_TEXT, 40),
		column("votes", "Số phiếu", CELL_INTEGER, 10),
		column("passed", "Trúng cử", CELL_BOOL, 10),
	};
	json_t *rows = result_rows(ballot, result);
	char title[120];
	snprintf(title, sizeof title, "Kết quả biểu quyết phiếu %lld", (long long)rq->params[0]);
	send_table(rq, rs, title, cols, sizeof cols / sizeof cols[0], rows);
	json_decref(rows);
	json_decref(ballot);
	json_decref(result);
}

/* ---- award lists and proposals ---- */

/* A list answer with names added to each row by add (within a read transaction). */
static void list_export(struct request *rq, struct response *rs, route_handler source,
			const char *title, const struct table_column *cols, size_t n,
			void (*add)(struct namer *nm, json_t *row))
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *answer = NULL;
	if (answer_of(source, rq, rs, &answer) != 0)
		return;
	if (whole_list(answer, rs) != 0) {
		json_decref(answer);
		return;
	}
	if (store_begin_read(cx->db, &e) != 0) {
		json_decref(answer);
		api_fail(cx, rs, &e);
		return;
	}
	struct namer nm = {.cx = cx};
	json_t *rows = json_object_get(answer, "items"), *row;
	size_t i;
	json_array_foreach(rows, i, row) add(&nm, row);
	store_rollback(cx->db);
	namer_free(&nm);
	send_table(rq, rs, title, cols, n, rows);
	json_decref(answer);
}

/* The decision that conferred it in the system: its number, and its date as a date cell. */
static void add_decision(struct namer *nm, json_t *row)
{
	struct decision d;
	struct error e;
	err_clear(&e);
	json_int_t id = json_integer_value(json_object_get(row, "decision_id"));
	if (id <= 0 || store_decision_get(nm->cx->db, id, &d, &e) != 0)
		return;
	json_object_set_new(row, "decision_date", json_string(d.date));
	if (!json_string_value(json_object_get(row, "decision_ref")))
		json_object_set_new(row, "decision_ref", json_string(d.number));
}

static void award_names(struct namer *nm, json_t *row)
{
	add_award_name(nm, row, "year");
	add_decision(nm, row);
	add_person_name(nm, row, "person_id", "person_name");
	add_org_name(nm, row, "org_id", "org_name");
	add_org_name(nm, row, "authority_id", "authority_name");
}

void api_awards_export(struct request *rq, struct response *rs)
{
	const struct table_column cols[] = {
		column("id", "Mã", CELL_INTEGER, 8),
		column("year", "Năm", CELL_INTEGER, 8),
		column("award_type", "Mã hình thức", CELL_TEXT, 12),
		column("award_name", "Hình thức khen thưởng", CELL_TEXT, 36),
		column("person_id", "Mã cá nhân", CELL_INTEGER, 10),
		column("person_name", "Cá nhân", CELL_TEXT, 28),
		column("org_id", "Mã tập thể", CELL_INTEGER, 10),
		column("org_name", "Tập thể", CELL_TEXT, 36),
		column("decision_id", "Mã quyết định", CELL_INTEGER, 12),
		column("decision_ref", "Số quyết định", CELL_TEXT, 24),
		column("decision_date", "Ngày quyết định", CELL_DATE, 14),
		column("authority_id", "Mã cơ quan", CELL_INTEGER, 10),
		column("authority_name", "Cơ quan xét", CELL_TEXT, 36),
	};
	list_export(rq, rs, api_awards_list, "Danh sách khen thưởng", cols,
		    sizeof cols / sizeof cols[0], award_names);
}

static void proposal_names(struct namer *nm, json_t *row)
{
	add_award_name(nm, row, "year");
	add_person_name(nm, row, "nominee_person_id", "nominee_person_name");
	add_org_name(nm, row, "nominee_org_id", "nominee_org_name");
	add_org_name(nm, row, "proposer_org_id", "proposer_name");
}

void api_proposals_export(struct request *rq, struct response *rs)
{
	const struct table_column cols[] = {
		column("id", "Mã", CELL_INTEGER, 8),
		column("year", "Năm", CELL_INTEGER, 8),
		column("award_type", "Mã hình thức", CELL_TEXT, 12),
		column("award_name", "Hình thức khen thưởng", CELL_TEXT, 36),
		column("nominee_person_id", "Mã cá nhân", CELL_INTEGER, 10),
		column("nominee_person_name", "Cá nhân", CELL_TEXT, 28),
		column("nominee_org_id", "Mã tập thể", CELL_INTEGER, 10),
		column("nominee_org_name", "Tập thể", CELL_TEXT, 36),
		column("proposer_org_id", "Mã đơn vị đề nghị", CELL_INTEGER, 12),
		column("proposer_name", "Đơn vị đề nghị", CELL_TEXT, 36),
		column("status", "Trạng thái", CELL_TEXT, 14),
		column("grounds", "Thành tích", CELL_TEXT, 60),
	};
	list_export(rq, rs, api_proposals_list, "Danh sách đề nghị khen thưởng", cols,
		    sizeof cols / sizeof cols[0], proposal_names);
}
