/*
** The cluster year's scoring: versions of the scoring table, the score
** sheets with the leader's review, and the ranking as published.
*/
#include "store/store.h"
#include "store/store_util.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

static void read_criterion(struct db_stmt *s, void *out)
{
	struct criterion *c = out;
	memset(c, 0, sizeof *c);
	copy_text(c->code, sizeof c->code, db_column_text(s, 0));
	copy_text(c->parent, sizeof c->parent, db_column_text(s, 1));
	copy_text(c->name, sizeof c->name, db_column_text(s, 2));
	const char *kind = db_column_text(s, 3);
	if (!kind || criterion_kind_parse(kind, &c->kind) != 0)
		c->kind = CRIT_POINTS;
	c->max_points = db_column_double(s, 4);
	c->target = db_column_double(s, 5);
	c->per_occurrence = db_column_double(s, 6);
}

/* Depth follows from the parents, which precede their children. */
static void set_depths(struct criteria_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		int p = t->items[i].parent[0] ? criteria_find(t->items, i, t->items[i].parent) : -1;
		t->items[i].depth = p < 0 ? 0 : t->items[p].depth + 1;
	}
}

int store_criteria_get(struct db_conn *c, int64_t cluster_id, int year, int version,
		       struct criteria_table *out, struct error *e)
{
	struct db_stmt *s;
	memset(out, 0, sizeof *out);
	if (version <= 0) {
		PREPARE(c, "SELECT criteria_version FROM cluster_years WHERE cluster_id = ?1"
			   " AND year = ?2", &s, e, "criteria version");
		db_bind_int(s, 1, cluster_id);
		db_bind_int(s, 2, year);
		int64_t v = 0;
		if (count_rows(c, s, &v, e) != 0)
			return -1;
		version = (int)v;
	}
	out->version = version;
	if (version == 0)
		return 0;
	PREPARE(c, "SELECT code, parent_code, name, kind, max_points, target, per_occurrence"
		   " FROM criteria WHERE cluster_id = ?1 AND year = ?2 AND version = ?3"
		   " ORDER BY position", &s, e, "criteria");
	db_bind_int(s, 1, cluster_id);
	db_bind_int(s, 2, year);
	db_bind_int(s, 3, version);
	void *rows = NULL;
	if (collect_rows(c, s, sizeof *out->items, read_criterion, &rows, &out->n, e,
			 "criteria") != 0)
		return -1;
	out->items = rows;
	if (out->n == 0) {
		free(out->items);
		out->items = NULL;
		return err_set(e, ERR_NOT_FOUND, "not_found", "version",
			       "the %d scoring table has no version %d", year, version);
	}
	set_depths(out);
	return 0;
}

void criteria_table_free(struct criteria_table *t)
{
	free(t->items);
	memset(t, 0, sizeof *t);
}

static int next_version(struct db_conn *c, int64_t cluster_id, int year, int *version,
			struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT COALESCE(MAX(version), 0) + 1 FROM criteria_versions"
		   " WHERE cluster_id = ?1 AND year = ?2", &s, e, "criteria version");
	db_bind_int(s, 1, cluster_id);
	db_bind_int(s, 2, year);
	int64_t v = 0;
	if (count_rows(c, s, &v, e) != 0)
		return -1;
	*version = (int)v;
	return 0;
}

static int insert_items(struct db_conn *c, int64_t cluster_id, int year,
			const struct criteria_table *t, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "INSERT INTO criteria (cluster_id, year, version, position, code,"
		   " parent_code, name, kind, max_points, target, per_occurrence)"
		   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", &s, e, "criteria");
	for (size_t i = 0; i < t->n; i++) {
		const struct criterion *it = &t->items[i];
		db_bind_int(s, 1, cluster_id);
		db_bind_int(s, 2, year);
		db_bind_int(s, 3, t->version);
		db_bind_int(s, 4, (int64_t)i + 1);
		db_bind_text(s, 5, it->code);
		db_bind_text(s, 6, it->parent[0] ? it->parent : NULL);
		db_bind_text(s, 7, it->name);
		db_bind_text(s, 8, criterion_kind_name(it->kind));
		db_bind_double(s, 9, it->max_points);
		if (it->kind == CRIT_QUANTITATIVE)
			db_bind_double(s, 10, it->target);
		else
			db_bind_null(s, 10);
		if (it->kind == CRIT_PER_OCCURRENCE)
			db_bind_double(s, 11, it->per_occurrence);
		else
			db_bind_null(s, 11);
		if (step_done(c, s, e, "criteria") != 0)
			return -1;
	}
	return 0;
}

int store_criteria_put(struct db_conn *c, int64_t cluster_id, int year,
		       struct criteria_table *t, int64_t user_id, struct error *e)
{
	struct db_stmt *s;
	char now[32];
	clock_now_iso(now, sizeof now);
	if (next_version(c, cluster_id, year, &t->version, e) != 0)
		return -1;
	PREPARE(c, "INSERT INTO criteria_versions (cluster_id, year, version, created_at,"
		   " created_by) VALUES (?1, ?2, ?3, ?4, ?5)", &s, e, "criteria version");
	db_bind_int(s, 1, cluster_id);
	db_bind_int(s, 2, year);
	db_bind_int(s, 3, t->version);
	db_bind_text(s, 4, now);
	db_bind_id(s, 5, user_id);
	if (step_done(c, s, e, "criteria version") != 0 ||
	    insert_items(c, cluster_id, year, t, e) != 0)
		return -1;
	PREPARE(c, "UPDATE cluster_years SET criteria_version = ?1, updated_at = ?2"
		   " WHERE cluster_id = ?3 AND year = ?4", &s, e, "criteria version");
	db_bind_int(s, 1, t->version);
	db_bind_text(s, 2, now);
	db_bind_int(s, 3, cluster_id);
	db_bind_int(s, 4, year);
	return step_done(c, s, e, "criteria version");
}

static char *dup_column(struct db_stmt *s, int col)
{
	const char *v = db_column_text(s, col);
	return v ? strdup(v) : NULL;
}

/* Reads a row into a score_row; strings are duplicated, criterion unresolved. */
static void read_score(struct db_stmt *s, void *out)
{
	struct score_row *r = out;
	memset(r, 0, sizeof *r);
	r->entry.scored_org_id = db_column_int(s, 0);
	r->entry.scoring_org_id = db_column_int(s, 1);
	copy_text(r->criterion, sizeof r->criterion, db_column_text(s, 2));
	r->entry.has_value = !db_column_is_null(s, 3);
	r->entry.value = r->entry.has_value ? db_column_double(s, 3) : 0;
	r->entry.has_adjusted = !db_column_is_null(s, 4);
	r->entry.adjusted = r->entry.has_adjusted ? db_column_double(s, 4) : 0;
	r->note = dup_column(s, 5);
	r->evidence = dup_column(s, 6);
	r->adjust_reason = dup_column(s, 7);
	copy_text(r->entered_at, sizeof r->entered_at, db_column_text(s, 8));
	copy_text(r->adjusted_at, sizeof r->adjusted_at, db_column_text(s, 9));
}

static void drop_score(void *item)
{
	struct score_row *r = item;
	free(r->note);
	free(r->evidence);
	free(r->adjust_reason);
}

int store_scores_list(struct db_conn *c, int64_t cluster_id, int year,
		      const struct score_filter *f, const struct criteria_table *t,
		      struct score_row **rows, size_t *n, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT s.scored_org_id, s.scoring_org_id, s.criterion, s.value,"
		   " s.adjusted_value, s.note, s.evidence, s.adjust_reason, s.entered_at,"
		   " s.adjusted_at FROM scores s"
		   " LEFT JOIN criteria k ON k.cluster_id = s.cluster_id AND k.year = s.year"
		   " AND k.version = ?5 AND k.code = s.criterion"
		   " WHERE s.cluster_id = ?1 AND s.year = ?2"
		   " AND (?3 IS NULL OR s.scored_org_id = ?3)"
		   " AND (?4 IS NULL OR s.scoring_org_id = ?4)"
		   " ORDER BY s.scored_org_id, s.scoring_org_id, k.position, s.criterion",
		&s, e, "scores");
	db_bind_int(s, 1, cluster_id);
	db_bind_int(s, 2, year);
	db_bind_id(s, 3, f->scored_org_id);
	db_bind_id(s, 4, f->scoring_org_id);
	db_bind_int(s, 5, t->version);
	void *got = NULL;
	if (collect_rows_owning(c, s, sizeof **rows, read_score, drop_score, &got, n, e,
				"scores") != 0)
		return -1;
	*rows = got;
	for (size_t i = 0; i < *n; i++)
		(*rows)[i].entry.criterion = criteria_find(t->items, t->n, (*rows)[i].criterion);
	return 0;
}

void store_score_rows_free(struct score_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		drop_score(&rows[i]);
	free(rows);
}

/* ?1..?5: the primary key of one entry. */
static void bind_entry_key(struct db_stmt *s, int64_t cluster_id, int year, int64_t scored,
			   int64_t scoring, const char *criterion)
{
	db_bind_int(s, 1, cluster_id);
	db_bind_int(s, 2, year);
	db_bind_int(s, 3, scored);
	db_bind_int(s, 4, scoring);
	db_bind_text(s, 5, criterion);
}

struct score_entry *score_entries_of(const struct score_row *rows, size_t n)
{
	struct score_entry *entries = malloc((n + 1) * sizeof *entries);
	for (size_t i = 0; entries && i < n; i++)
		entries[i] = rows[i].entry;
	return entries;
}

int store_score_put(struct db_conn *c, int64_t cluster_id, int year, int64_t scored,
		    int64_t scoring, const char *criterion, double value, const char *note,
		    const char *evidence, int64_t user_id, struct error *e)
{
	struct db_stmt *s;
	char now[32];
	clock_now_iso(now, sizeof now);
	PREPARE(c, "INSERT INTO scores (cluster_id, year, scored_org_id, scoring_org_id,"
		   " criterion, value, note, evidence, entered_at, entered_by)"
		   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
		   " ON CONFLICT (cluster_id, year, scored_org_id, scoring_org_id, criterion)"
		   " DO UPDATE SET value = excluded.value, note = excluded.note,"
		   " evidence = excluded.evidence, entered_at = excluded.entered_at,"
		   " entered_by = excluded.entered_by", &s, e, "score");
	bind_entry_key(s, cluster_id, year, scored, scoring, criterion);
	db_bind_double(s, 6, value);
	db_bind_text(s, 7, note && note[0] ? note : NULL);
	db_bind_text(s, 8, evidence && evidence[0] ? evidence : NULL);
	db_bind_text(s, 9, now);
	db_bind_id(s, 10, user_id);
	return step_done(c, s, e, "score");
}

int store_score_adjust(struct db_conn *c, int64_t cluster_id, int year, int64_t scored,
		       int64_t scoring, const char *criterion, double value, const char *reason,
		       int64_t user_id, struct error *e)
{
	struct db_stmt *s;
	char now[32];
	clock_now_iso(now, sizeof now);
	PREPARE(c, "UPDATE scores SET adjusted_value = ?6, adjust_reason = ?7, adjusted_at = ?8,"
		   " adjusted_by = ?9 WHERE cluster_id = ?1 AND year = ?2 AND scored_org_id = ?3"
		   " AND scoring_org_id = ?4 AND criterion = ?5", &s, e, "score review");
	bind_entry_key(s, cluster_id, year, scored, scoring, criterion);
	db_bind_double(s, 6, value);
	db_bind_text(s, 7, reason);
	db_bind_text(s, 8, now);
	db_bind_id(s, 9, user_id);
	return step_done(c, s, e, "score review");
}

static int save_ranking_row(struct db_conn *c, struct db_stmt *s, int64_t cluster_id,
			    int year, const struct ranking_row *row, struct error *e)
{
	db_bind_int(s, 1, cluster_id);
	db_bind_int(s, 2, year);
	db_bind_int(s, 3, row->org_id);
	db_bind_int(s, 4, row->rank);
	db_bind_double(s, 5, (double)row->total / 100.0);
	db_bind_double(s, 6, (double)row->base / 100.0);
	db_bind_double(s, 7, (double)row->bonus / 100.0);
	db_bind_double(s, 8, (double)row->penalty / 100.0);
	db_bind_text(s, 9, row->tie_key >= 0 ? tie_key_name((enum tie_key)row->tie_key) : NULL);
	db_bind_int(s, 10, row->tied);
	return step_done(c, s, e, "ranking");
}

int store_ranking_save(struct db_conn *c, int64_t cluster_id, int year,
		       const struct ranking *r, const struct criteria_table *t,
		       struct error *e)
{
	struct db_stmt *s, *p;
	PREPARE(c, "DELETE FROM rankings WHERE cluster_id = ?1 AND year = ?2", &s, e,
		"ranking");
	db_bind_int(s, 1, cluster_id);
	db_bind_int(s, 2, year);
	if (step_done(c, s, e, "ranking") != 0)
		return -1;
	PREPARE(c, "INSERT INTO rankings (cluster_id, year, org_id, rank, total, base, bonus,"
		   " penalty, tie_key, tied) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
		   " ?10)", &s, e, "ranking");
	PREPARE(c, "INSERT INTO ranking_points (cluster_id, year, org_id, criterion, points)"
		   " VALUES (?1, ?2, ?3, ?4, ?5)", &p, e, "ranking points");
	for (size_t k = 0; k < r->n; k++) {
		if (save_ranking_row(c, s, cluster_id, year, &r->rows[k], e) != 0)
			return -1;
		for (size_t i = 0; i < t->n; i++) {
			db_bind_int(p, 1, cluster_id);
			db_bind_int(p, 2, year);
			db_bind_int(p, 3, r->rows[k].org_id);
			db_bind_text(p, 4, t->items[i].code);
			db_bind_double(p, 5, (double)r->points[k * t->n + i] / 100.0);
			if (step_done(c, p, e, "ranking points") != 0)
				return -1;
		}
	}
	return 0;
}

static void read_ranking_row(struct db_stmt *s, void *out)
{
	struct ranking_row *r = out;
	memset(r, 0, sizeof *r);
	r->org_id = db_column_int(s, 0);
	r->rank = (int)db_column_int(s, 1);
	r->total = points_to_centi(db_column_double(s, 2));
	r->base = points_to_centi(db_column_double(s, 3));
	r->bonus = points_to_centi(db_column_double(s, 4));
	r->penalty = points_to_centi(db_column_double(s, 5));
	enum tie_key k;
	const char *key = db_column_text(s, 6);
	r->tie_key = key && tie_key_parse(key, &k) == 0 ? (int)k : -1;
	r->tied = (int)db_column_int(s, 7);
}

static int load_points(struct db_conn *c, int64_t cluster_id, int year,
		       const struct criteria_table *t, struct ranking *out, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT criterion, points FROM ranking_points WHERE cluster_id = ?1"
		   " AND year = ?2 AND org_id = ?3", &s, e, "ranking points");
	for (size_t k = 0; k < out->n; k++) {
		db_bind_int(s, 1, cluster_id);
		db_bind_int(s, 2, year);
		db_bind_int(s, 3, out->rows[k].org_id);
		int rc;
		while ((rc = db_step(s)) == DB_ROW) {
			const char *code = db_column_text(s, 0);
			int i = code ? criteria_find(t->items, t->n, code) : -1;
			if (i >= 0)
				out->points[k * t->n + (size_t)i] =
					points_to_centi(db_column_double(s, 1));
		}
		db_reset(s);
		if (rc != DB_DONE)
			return store_fail(c, rc, e, "ranking points");
	}
	return 0;
}

int store_ranking_get(struct db_conn *c, int64_t cluster_id, int year,
		      const struct criteria_table *t, struct ranking *out, struct error *e)
{
	struct db_stmt *s;
	memset(out, 0, sizeof *out);
	PREPARE(c, "SELECT org_id, rank, total, base, bonus, penalty, tie_key, tied"
		   " FROM rankings WHERE cluster_id = ?1 AND year = ?2 ORDER BY rank, org_id",
		&s, e, "ranking");
	db_bind_int(s, 1, cluster_id);
	db_bind_int(s, 2, year);
	void *rows = NULL;
	if (collect_rows(c, s, sizeof *out->rows, read_ranking_row, &rows, &out->n, e,
			 "ranking") != 0)
		return -1;
	out->rows = rows;
	out->n_items = t->n;
	out->points = calloc(out->n * t->n + 1, sizeof *out->points);
	if (!out->points) {
		ranking_free(out);
		return err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	}
	if (load_points(c, cluster_id, year, t, out, e) != 0) {
		ranking_free(out);
		return -1;
	}
	return 0;
}
