/*
** Exemplary models in the database: the models with their org's name,
** their reviews, and the facts their statistics are counted from (models
** by branch, year and retired year; the arithmetic is domain/model.c's).
*/
#include "store/store.h"
#include "store/store_util.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

#define MODEL_COLUMNS                                                                 \
	"m.id, m.name, m.org_id, o.name, m.field, m.year, m.description, m.status,"  \
	" m.retired_year, m.retired_on, m.retired_reason, m.created_at, m.updated_at"
#define MODEL_FROM " FROM models m JOIN orgs o ON o.id = m.org_id"

static void read_model(struct db_stmt *s, void *out)
{
	struct model *m = out;
	memset(m, 0, sizeof *m);
	m->id = db_column_int(s, 0);
	copy_text(m->name, sizeof m->name, db_column_text(s, 1));
	m->org_id = db_column_int(s, 2);
	copy_text(m->org_name, sizeof m->org_name, db_column_text(s, 3));
	copy_text(m->field, sizeof m->field, db_column_text(s, 4));
	m->year = (int)db_column_int(s, 5);
	copy_text(m->description, sizeof m->description, db_column_text(s, 6));
	const char *status = db_column_text(s, 7);
	if (!status || model_status_parse(status, &m->status) != 0)
		m->status = MODEL_ACTIVE; /* the CHECK constraint forbids this */
	m->retired_year = (int)db_column_int(s, 8);
	copy_text(m->retired_on, sizeof m->retired_on, db_column_text(s, 9));
	copy_text(m->retired_reason, sizeof m->retired_reason, db_column_text(s, 10));
	copy_text(m->created_at, sizeof m->created_at, db_column_text(s, 11));
	copy_text(m->updated_at, sizeof m->updated_at, db_column_text(s, 12));
}

int store_model_get(struct db_conn *c, int64_t id, struct model *out, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " MODEL_COLUMNS MODEL_FROM " WHERE m.id = ?1", &s, e, "model get");
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		read_model(s, out);
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_found", "id", "no model %lld",
			       (long long)id);
	return store_fail(c, rc, e, "model get");
}

#define MODEL_WHERE                                                                   \
	" WHERE (?1 IS NULL OR (?2 = 0 AND m.org_id = ?1) OR (?2 = 1 AND m.org_id IN"  \
	" (WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT x.id FROM orgs x"         \
	" JOIN sub ON x.parent_id = sub.id) SELECT id FROM sub)))"                     \
	" AND (?3 IS NULL OR m.year = ?3) AND (?4 IS NULL OR m.field = ?4)"            \
	" AND (?5 IS NULL OR m.status = ?5) AND (?6 IS NULL OR m.name_key LIKE ?6 ESCAPE '\\')"

static void bind_model_filter(struct db_stmt *s, const struct model_filter *f, const char *pat)
{
	db_bind_id(s, 1, f->org_id);
	db_bind_int(s, 2, f->subtree ? 1 : 0);
	if (f->year)
		db_bind_int(s, 3, f->year);
	else
		db_bind_null(s, 3);
	db_bind_text(s, 4, f->field);
	db_bind_text(s, 5, f->status < 0 ? NULL : model_status_name((enum model_status)f->status));
	db_bind_text(s, 6, pat);
}

static int model_list(struct db_conn *c, const struct model_filter *f, const char *pat,
		      struct model **items, size_t *n, int64_t *total, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT COUNT(*) FROM models m" MODEL_WHERE, &s, e, "model count");
	bind_model_filter(s, f, pat);
	if (count_rows(c, s, total, e) != 0)
		return -1;
	PREPARE(c,
		"SELECT " MODEL_COLUMNS MODEL_FROM MODEL_WHERE
		" ORDER BY m.sort_key, m.id LIMIT ?7 OFFSET ?8",
		&s, e, "model list");
	bind_model_filter(s, f, pat);
	db_bind_int(s, 7, page_limit(&f->page));
	db_bind_int(s, 8, f->page.offset);
	void *rows = NULL;
	int rc = collect_rows(c, s, sizeof **items, read_model, &rows, n, e, "model list");
	*items = rows;
	return rc;
}

int store_model_list(struct db_conn *c, const struct model_filter *f, struct model **items,
		     size_t *n, int64_t *total, struct error *e)
{
	char *pat = like_pattern(f->q);
	*items = NULL;
	*n = 0;
	int rc = model_list(c, f, pat, items, n, total, e);
	free(pat);
	return rc;
}

/* The fields both insert and update write, from ?1; ?4, ?5 are the name's keys. */
static int bind_model_fields(struct db_stmt *s, const struct model *m)
{
	db_bind_text(s, 1, m->name);
	db_bind_text(s, 2, m->field);
	db_bind_int(s, 3, m->year);
	db_bind_text(s, 6, m->description[0] ? m->description : NULL);
	db_bind_text(s, 7, model_status_name(m->status));
	if (m->retired_year)
		db_bind_int(s, 8, m->retired_year);
	else
		db_bind_null(s, 8);
	db_bind_text(s, 9, m->retired_on[0] ? m->retired_on : NULL);
	db_bind_text(s, 10, m->retired_reason[0] ? m->retired_reason : NULL);
	return bind_text_keys(s, 4, 5, m->name);
}

int store_model_insert(struct db_conn *c, struct model *m, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"INSERT INTO models (name, field, year, name_key, sort_key, description, status,"
		" retired_year, retired_on, retired_reason, created_at, updated_at, org_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12) RETURNING id",
		&s, e, "model insert");
	clock_now_iso(m->created_at, sizeof m->created_at);
	memcpy(m->updated_at, m->created_at, sizeof m->updated_at);
	if (bind_model_fields(s, m) != DB_OK) {
		db_reset(s);
		return err_set(e, ERR_INTERNAL, "internal", "name", "cannot index the name");
	}
	db_bind_text(s, 11, m->created_at);
	db_bind_int(s, 12, m->org_id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		m->id = db_column_int(s, 0);
	db_reset(s);
	return rc == DB_ROW ? 0 : store_fail(c, rc, e, "model");
}

int store_model_update(struct db_conn *c, struct model *m, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"UPDATE models SET name = ?1, field = ?2, year = ?3, name_key = ?4, sort_key = ?5,"
		" description = ?6, status = ?7, retired_year = ?8, retired_on = ?9,"
		" retired_reason = ?10, updated_at = ?11 WHERE id = ?12",
		&s, e, "model update");
	clock_now_iso(m->updated_at, sizeof m->updated_at);
	if (bind_model_fields(s, m) != DB_OK) {
		db_reset(s);
		return err_set(e, ERR_INTERNAL, "internal", "name", "cannot index the name");
	}
	db_bind_text(s, 11, m->updated_at);
	db_bind_int(s, 12, m->id);
	return step_done(c, s, e, "model");
}

int store_model_placement(struct db_conn *c, int64_t model_id, int64_t root,
			  struct model_fact *fact, int *inside, struct error *e)
{
	struct db_stmt *s;
	/* Up the model's org chain: short, where the root's subtree may be wide. */
	PREPARE(c,
		"WITH RECURSIVE up(id) AS (SELECT org_id FROM models WHERE id = ?1"
		" UNION SELECT o.parent_id FROM orgs o JOIN up ON o.id = up.id"
		" WHERE o.parent_id IS NOT NULL)"
		" SELECT year, COALESCE(retired_year, 0), EXISTS (SELECT 1 FROM up WHERE id = ?2)"
		" FROM models WHERE id = ?1",
		&s, e, "model placement");
	db_bind_int(s, 1, model_id);
	db_bind_int(s, 2, root);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		fact->year = (int)db_column_int(s, 0);
		fact->retired_year = (int)db_column_int(s, 1);
		fact->count = 1;
		*inside = db_column_int(s, 2) != 0;
	}
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_found", "model_id", "no model %lld",
			       (long long)model_id);
	return store_fail(c, rc, e, "model placement");
}

/* ---- reviews ---- */

#define REVIEW_COLUMNS "id, model_id, year, outcome, note, reviewed_by, created_at"

static void read_review(struct db_stmt *s, void *out)
{
	struct model_review *r = out;
	memset(r, 0, sizeof *r);
	r->id = db_column_int(s, 0);
	r->model_id = db_column_int(s, 1);
	r->year = (int)db_column_int(s, 2);
	const char *outcome = db_column_text(s, 3);
	if (!outcome || review_outcome_parse(outcome, &r->outcome) != 0)
		r->outcome = REVIEW_KEEP; /* the CHECK constraint forbids this */
	copy_text(r->note, sizeof r->note, db_column_text(s, 4));
	r->reviewed_by = db_column_int(s, 5);
	copy_text(r->created_at, sizeof r->created_at, db_column_text(s, 6));
}

int store_model_review_insert(struct db_conn *c, struct model_review *r, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"INSERT INTO model_reviews (model_id, year, outcome, note, reviewed_by, created_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
		&s, e, "model review insert");
	clock_now_iso(r->created_at, sizeof r->created_at);
	db_bind_int(s, 1, r->model_id);
	db_bind_int(s, 2, r->year);
	db_bind_text(s, 3, review_outcome_name(r->outcome));
	db_bind_text(s, 4, r->note[0] ? r->note : NULL);
	db_bind_id(s, 5, r->reviewed_by);
	db_bind_text(s, 6, r->created_at);
	int rc = db_step(s);
	if (rc == DB_ROW)
		r->id = db_column_int(s, 0);
	db_reset(s);
	return rc == DB_ROW ? 0 : store_fail(c, rc, e, "model review");
}

int store_model_review_list(struct db_conn *c, int64_t model_id, const struct page *p,
			    struct model_review **items, size_t *n, int64_t *total,
			    struct error *e)
{
	struct db_stmt *s;
	*items = NULL;
	*n = 0;
	PREPARE(c, "SELECT COUNT(*) FROM model_reviews WHERE model_id = ?1", &s, e,
		"model review count");
	db_bind_int(s, 1, model_id);
	if (count_rows(c, s, total, e) != 0)
		return -1;
	PREPARE(c,
		"SELECT " REVIEW_COLUMNS " FROM model_reviews WHERE model_id = ?1"
		" ORDER BY year DESC, id DESC LIMIT ?2 OFFSET ?3",
		&s, e, "model review list");
	db_bind_int(s, 1, model_id);
	db_bind_int(s, 2, page_limit(p));
	db_bind_int(s, 3, p->offset);
	void *rows = NULL;
	int rc = collect_rows(c, s, sizeof **items, read_review, &rows, n, e,
			      "model review list");
	*items = rows;
	return rc;
}

/* ---- statistics ---- */

static void read_branch(struct db_stmt *s, void *out)
{
	struct model_branch *b = out;
	memset(b, 0, sizeof *b);
	b->org_id = db_column_int(s, 0);
	copy_text(b->name, sizeof b->name, db_column_text(s, 1));
}

int store_model_branches(struct db_conn *c, const struct stats_scope *sc,
			 struct model_branch **items, size_t *n, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		STATS_BRANCHES_CTE
		"SELECT o.id, o.name FROM orgs o WHERE o.id IN (SELECT branch_id FROM heads)"
		" ORDER BY o.sort_key, o.id",
		&s, e, "model branches");
	bind_stats_scope(s, sc);
	void *rows = NULL;
	int rc = collect_rows(c, s, sizeof **items, read_branch, &rows, n, e, "model branches");
	*items = rows;
	return rc;
}

static void read_fact(struct db_stmt *s, void *out)
{
	struct model_branch_fact *f = out;
	f->branch_id = db_column_int(s, 0);
	f->fact.year = (int)db_column_int(s, 1);
	f->fact.retired_year = (int)db_column_int(s, 2);
	f->fact.count = db_column_int(s, 3);
}

int store_model_facts(struct db_conn *c, const struct stats_scope *sc,
		      struct model_branch_fact **items, size_t *n, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		STATS_BRANCHES_CTE
		"SELECT b.branch_id, m.year, COALESCE(m.retired_year, 0), COUNT(*)"
		" FROM branch b JOIN models m ON m.org_id = b.org_id WHERE m.year <= ?4"
		" GROUP BY b.branch_id, m.year, COALESCE(m.retired_year, 0)",
		&s, e, "model facts");
	bind_stats_scope(s, sc);
	db_bind_int(s, 4, sc->year);
	void *rows = NULL;
	int rc = collect_rows(c, s, sizeof **items, read_fact, &rows, n, e, "model facts");
	*items = rows;
	return rc;
}
