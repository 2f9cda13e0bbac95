/*
** Spreadsheet exports: GET …/ranking.csv|.xlsx, /ballots/{id}/result.csv|
** .xlsx, /awards.csv|.xlsx, /proposals.csv|.xlsx, and what every export
** shares (exports.h; the statistics' are in api_exports_stats.c). An
** export is the JSON answer of the resource it comes from, run for the
** same caller with the same query (so the same filters and the same
** authorization), turned into rows with names added where the answer has
** only ids. Lists are taken whole, up to EXPORT_ROWS_MAX rows; beyond that
** the caller is told to narrow the filters (the command line exports any
** size).
**
** ?bom=1 starts a CSV with the byte order mark Excel needs to read UTF-8.
*/
#include "api/exports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
** What an export adds to its rows: names for ids and award types by their
** year's rule set. Each id is looked up once (seen: "org/12" → its name,
** or null where the name stays blank); a failing store stops the export
** with e.
*/
struct namer {
	struct ctx *cx;
	struct rule_set_cache rules;
	json_t *seen;
	struct error e;
};

/* Look an id up: 0 with *found, or -1 with e (not found, not allowed, or the store failing). */
typedef int (*lookup_fn)(struct namer *nm, int64_t id, json_t **found, struct error *e);

/* Name a row: 0, or -1 with nm->e set when the store failed. */
typedef int (*add_fn)(struct namer *nm, json_t *row);

int export_answer(route_handler source, struct request *rq, struct response *rs,
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

json_t *export_whole_list(route_handler source, struct request *rq, struct response *rs)
{
	json_t *answer = NULL;
	if (export_answer(source, rq, rs, &answer) != 0)
		return NULL;
	json_int_t total = json_integer_value(json_object_get(answer, "total"));
	if (total <= EXPORT_ROWS_MAX)
		return answer;
	json_decref(answer);
	resp_errorf(rs, ERR_TOO_LARGE, "export_too_large", NULL,
		    "%lld rows match; an export takes at most %d: narrow the filters (year, "
		    "type), or use thidua export",
		    (long long)total, EXPORT_ROWS_MAX);
	return NULL;
}

/* ---- names ---- */

/* A lookup's refusal leaves the name blank (0); anything else is the store failing (-1). */
static int blank_or_fail(struct namer *nm, const struct error *e)
{
	if (e->kind == ERR_NOT_FOUND || e->kind == ERR_FORBIDDEN)
		return 0;
	nm->e = *e;
	return -1;
}

/* What look finds for kind/id, asked once: *v (NULL: blank), or -1 when the store failed. */
static int lookup(struct namer *nm, const char *kind, int64_t id, lookup_fn look, json_t **v)
{
	char key[48];
	snprintf(key, sizeof key, "%s/%lld", kind, (long long)id);
	json_t *hit = json_object_get(nm->seen, key);
	if (!hit) {
		struct error e;
		err_clear(&e);
		json_t *found = NULL;
		if (look(nm, id, &found, &e) != 0 && blank_or_fail(nm, &e) != 0)
			return -1;
		json_object_set_new(nm->seen, key, found ? found : json_null());
		hit = json_object_get(nm->seen, key);
	}
	*v = hit && !json_is_null(hit) ? hit : NULL;
	return 0;
}

/* row[key] = what look finds for row[id_key], where it finds something. */
static int add_found(struct namer *nm, json_t *row, const char *id_key, const char *key,
		     const char *kind, lookup_fn look)
{
	json_int_t id = json_integer_value(json_object_get(row, id_key));
	json_t *v = NULL;
	if (id <= 0)
		return 0;
	if (lookup(nm, kind, id, look, &v) != 0)
		return -1;
	if (v)
		json_object_set(row, key, v);
	return 0;
}

static int org_name(struct namer *nm, int64_t id, json_t **found, struct error *e)
{
	struct org o;
	if (store_org_get(nm->cx->db, id, &o, e) != 0)
		return -1;
	*found = json_string(o.name);
	return 0;
}

/* A person's name, where the caller may read the person. */
static int person_name(struct namer *nm, int64_t id, json_t **found, struct error *e)
{
	struct person p;
	if (store_person_get(nm->cx->db, id, &p, e) != 0 ||
	    api_authorize(nm->cx, ACT_PERSON_READ, p.org_id, e) != 0)
		return -1;
	*found = json_string(p.full_name);
	return 0;
}

/* A decision's number and date. */
static int decision_facts(struct namer *nm, int64_t id, json_t **found, struct error *e)
{
	struct decision d;
	if (store_decision_get(nm->cx->db, id, &d, e) != 0)
		return -1;
	*found = json_pack("{s:s, s:s}", "number", d.number, "date", d.date);
	return 0;
}

static int add_org_name(struct namer *nm, json_t *row, const char *id_key, const char *key)
{
	return add_found(nm, row, id_key, key, "org", org_name);
}

static int add_person_name(struct namer *nm, json_t *row, const char *id_key, const char *key)
{
	return add_found(nm, row, id_key, key, "person", person_name);
}

static int add_award_name(struct namer *nm, json_t *row, const char *year_key)
{
	struct error e;
	err_clear(&e);
	const char *code = json_string_value(json_object_get(row, "award_type"));
	int year = (int)json_integer_value(json_object_get(row, year_key));
	if (!code || year <= 0)
		return 0;
	const struct rule_set *rs = store_rule_set_cached(nm->cx->db, &nm->rules, year, &e);
	if (!rs)
		return blank_or_fail(nm, &e);
	const struct award_type *t = rule_set_find(rs, code);
	if (t)
		json_object_set_new(row, "award_name", json_string(t->name));
	return 0;
}

/* Name every row by add, in one read transaction: 0, or -1 with the store's error in rs. */
static int name_rows(struct ctx *cx, struct response *rs, json_t *rows, add_fn add)
{
	struct namer nm = {.cx = cx, .seen = json_object()};
	err_clear(&nm.e);
	int rc = nm.seen ? store_begin_read(cx->db, &nm.e)
			 : err_set(&nm.e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	for (size_t i = 0; rc == 0 && i < json_array_size(rows); i++)
		rc = add(&nm, json_array_get(rows, i));
	if (rc == 0)
		store_rollback(cx->db);
	else
		api_fail(cx, rs, &nm.e);
	rule_set_cache_free(&nm.rules);
	json_decref(nm.seen);
	return rc;
}

/* ---- sending ---- */

static int path_format(const struct request *rq)
{
	const char *dot = strrchr(rq->path, '.');
	return dot ? table_format_parse(dot + 1) : -1;
}

void export_send(struct request *rq, struct response *rs, const char *title,
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

/* src into out (n bytes), cut before a character that would not fit whole. */
static void copy_whole_chars(char *out, size_t n, const char *src)
{
	size_t len = strlen(src);
	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(out, src, len);
	out[len] = '\0';
}

struct table_column export_column(const char *key, const char *label, enum cell_type type,
				  int width)
{
	struct table_column c;
	memset(&c, 0, sizeof c);
	snprintf(c.key, sizeof c.key, "%s", key);
	copy_whole_chars(c.label, sizeof c.label, label);
	c.type = type;
	c.width = width;
	return c;
}

/* ---- the ranking ---- */

static int ranking_names(struct namer *nm, json_t *row)
{
	return add_org_name(nm, row, "org_id", "org_name");
}

void api_ranking_export(struct request *rq, struct response *rs)
{
	json_t *answer = NULL;
	if (export_answer(api_ranking_get, rq, rs, &answer) != 0)
		return;
	json_t *groups = json_object_get(answer, "groups"), *rows = json_object_get(answer, "items");
	size_t n_groups = json_array_size(groups), n = 0;
	struct table_column *cols = calloc(4 + n_groups, sizeof *cols);
	if (!cols) {
		json_decref(answer);
		resp_errorf(rs, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
		return;
	}
	if (name_rows(ctx_of(rq), rs, rows, ranking_names) != 0)
		goto done;
	cols[n++] = export_column("rank", "Xếp hạng", CELL_INTEGER, 9);
	cols[n++] = export_column("org_id", "Mã đơn vị", CELL_INTEGER, 10);
	cols[n++] = export_column("org_name", "Đơn vị", CELL_TEXT, 40);
	for (size_t i = 0; i < n_groups; i++) {
		json_t *g = json_array_get(groups, i);
		char key[TABLE_KEY_BYTES];
		snprintf(key, sizeof key, "groups/%s", json_string_value(json_object_get(g, "code")));
		cols[n++] = export_column(key, json_string_value(json_object_get(g, "name")),
					  CELL_NUMBER, 14);
	}
	cols[n++] = export_column("total", "Tổng điểm", CELL_NUMBER, 12);
	char title[120];
	snprintf(title, sizeof title, "Xếp hạng cụm %lld năm %lld", (long long)rq->params[0],
		 (long long)rq->params[1]);
	export_send(rq, rs, title, cols, n, rows);
done:
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
	if (export_answer(api_ballots_get, rq, rs, &ballot) != 0)
		return;
	if (export_answer(api_ballot_result, rq, rs, &result) != 0) {
		json_decref(ballot);
		return;
	}
	const struct table_column cols[] = {
		export_column("candidate_id", "Số thứ tự", CELL_INTEGER, 10),
		export_column("label", "Ứng cử viên", CELL_TEXT, 40),
		export_column("votes", "Số phiếu", CELL_INTEGER, 10),
		export_column("passed", "Trúng cử", CELL_BOOL, 10),
	};
	json_t *rows = result_rows(ballot, result);
	char title[120];
	snprintf(title, sizeof title, "Kết quả biểu quyết phiếu %lld", (long long)rq->params[0]);
	export_send(rq, rs, title, cols, sizeof cols / sizeof cols[0], rows);
	json_decref(rows);
	json_decref(ballot);
	json_decref(result);
}

/* ---- award lists and proposals ---- */

/* A list answer whole, with names added to each row by add. */
static void list_export(struct request *rq, struct response *rs, route_handler source,
			const char *title, const struct table_column *cols, size_t n, add_fn add)
{
	json_t *answer = export_whole_list(source, rq, rs);
	json_t *rows = json_object_get(answer, "items");
	if (answer && name_rows(ctx_of(rq), rs, rows, add) == 0)
		export_send(rq, rs, title, cols, n, rows);
	json_decref(answer);
}

/* The decision that conferred it in the system: its number, and its date as a date cell. */
static int add_decision(struct namer *nm, json_t *row)
{
	json_int_t id = json_integer_value(json_object_get(row, "decision_id"));
	json_t *d = NULL;
	if (id > 0 && lookup(nm, "decision", id, decision_facts, &d) != 0)
		return -1;
	if (!d)
		return 0;
	json_object_set(row, "decision_date", json_object_get(d, "date"));
	if (!json_string_value(json_object_get(row, "decision_ref")))
		json_object_set(row, "decision_ref", json_object_get(d, "number"));
	return 0;
}

static int award_names(struct namer *nm, json_t *row)
{
	if (add_award_name(nm, row, "year") != 0 || add_decision(nm, row) != 0 ||
	    add_person_name(nm, row, "person_id", "person_name") != 0 ||
	    add_org_name(nm, row, "org_id", "org_name") != 0 ||
	    add_org_name(nm, row, "authority_id", "authority_name") != 0)
		return -1;
	return 0;
}

void api_awards_export(struct request *rq, struct response *rs)
{
	const struct table_column cols[] = {
		export_column("id", "Mã", CELL_INTEGER, 8),
		export_column("year", "Năm", CELL_INTEGER, 8),
		export_column("award_type", "Mã hình thức", CELL_TEXT, 12),
		export_column("award_name", "Hình thức khen thưởng", CELL_TEXT, 36),
		export_column("person_id", "Mã cá nhân", CELL_INTEGER, 10),
		export_column("person_name", "Cá nhân", CELL_TEXT, 28),
		export_column("org_id", "Mã tập thể", CELL_INTEGER, 10),
		export_column("org_name", "Tập thể", CELL_TEXT, 36),
		export_column("decision_id", "Mã quyết định", CELL_INTEGER, 12),
		export_column("decision_ref", "Số quyết định", CELL_TEXT, 24),
		export_column("decision_date", "Ngày quyết định", CELL_DATE, 14),
		export_column("authority_id", "Mã cơ quan", CELL_INTEGER, 10),
		export_column("authority_name", "Cơ quan xét", CELL_TEXT, 36),
	};
	list_export(rq, rs, api_awards_list, "Danh sách khen thưởng", cols,
		    sizeof cols / sizeof cols[0], award_names);
}

static int proposal_names(struct namer *nm, json_t *row)
{
	if (add_award_name(nm, row, "year") != 0 ||
	    add_person_name(nm, row, "nominee_person_id", "nominee_person_name") != 0 ||
	    add_org_name(nm, row, "nominee_org_id", "nominee_org_name") != 0 ||
	    add_org_name(nm, row, "proposer_org_id", "proposer_name") != 0)
		return -1;
	return 0;
}

void api_proposals_export(struct request *rq, struct response *rs)
{
	const struct table_column cols[] = {
		export_column("id", "Mã", CELL_INTEGER, 8),
		export_column("year", "Năm", CELL_INTEGER, 8),
		export_column("award_type", "Mã hình thức", CELL_TEXT, 12),
		export_column("award_name", "Hình thức khen thưởng", CELL_TEXT, 36),
		export_column("nominee_person_id", "Mã cá nhân", CELL_INTEGER, 10),
		export_column("nominee_person_name", "Cá nhân", CELL_TEXT, 28),
		export_column("nominee_org_id", "Mã tập thể", CELL_INTEGER, 10),
		export_column("nominee_org_name", "Tập thể", CELL_TEXT, 36),
		export_column("proposer_org_id", "Mã đơn vị đề nghị", CELL_INTEGER, 12),
		export_column("proposer_name", "Đơn vị đề nghị", CELL_TEXT, 36),
		export_column("status", "Trạng thái", CELL_TEXT, 14),
		export_column("grounds", "Thành tích", CELL_TEXT, 60),
	};
	list_export(rq, rs, api_proposals_list, "Danh sách đề nghị khen thưởng", cols,
		    sizeof cols / sizeof cols[0], proposal_names);
}
