/* Clusters, their rotation, and their years (members, leader, deputies). */
#include "store/store.h"
#include "store/store_util.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

static int load_rotation(struct db_conn *c, struct cluster *cl, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT org_id FROM cluster_rotation WHERE cluster_id = ?1 ORDER BY position",
		&s, e, "cluster rotation");
	db_bind_int(s, 1, cl->id);
	int rc;
	cl->n_rotation = 0;
	while ((rc = db_step(s)) == DB_ROW && cl->n_rotation < CLUSTER_MAX_MEMBERS)
		cl->rotation[cl->n_rotation++] = db_column_int(s, 0);
	db_reset(s);
	return (rc == DB_DONE || rc == DB_ROW) ? 0 : store_fail(c, rc, e, "cluster rotation");
}

static int save_rotation(struct db_conn *c, const struct cluster *cl, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "DELETE FROM cluster_rotation WHERE cluster_id = ?1", &s, e,
		"cluster rotation");
	db_bind_int(s, 1, cl->id);
	if (step_done(c, s, e, "cluster rotation") != 0)
		return -1;
	PREPARE(c, "INSERT INTO cluster_rotation (cluster_id, position, org_id)"
		   " VALUES (?1, ?2, ?3)", &s, e, "cluster rotation");
	for (size_t i = 0; i < cl->n_rotation; i++) {
		db_bind_int(s, 1, cl->id);
		db_bind_int(s, 2, (int64_t)i + 1);
		db_bind_int(s, 3, cl->rotation[i]);
		if (step_done(c, s, e, "cluster rotation") != 0)
			return -1;
	}
	return 0;
}

static void read_cluster(struct db_stmt *s, void *out)
{
	struct cluster *cl = out;
	memset(cl, 0, sizeof *cl);
	cl->id = db_column_int(s, 0);
	copy_text(cl->name, sizeof cl->name, db_column_text(s, 1));
	cl->authority_id = db_column_int(s, 2);
}

int store_cluster_get(struct db_conn *c, int64_t id, struct cluster *out, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT id, name, authority_id FROM clusters WHERE id = ?1", &s, e,
		"cluster get");
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		read_cluster(s, out);
	db_reset(s);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_found", "id", "no cluster %lld",
			       (long long)id);
	if (rc != DB_ROW)
		return store_fail(c, rc, e, "cluster get");
	return load_rotation(c, out, e);
}

#define CLUSTER_WHERE                                                        \
	" WHERE (?1 IS NULL OR authority_id = ?1)"                               \
	" AND (?2 IS NULL OR name_key LIKE ?2 ESCAPE '\\')"                      \
	" AND (?3 IS NULL OR id IN (SELECT cluster_id FROM cluster_year_members" \
	" WHERE org_id = ?3))"

static void bind_cluster_filter(struct db_stmt *s, const struct cluster_filter *f,
				const char *pat)
{
	db_bind_id(s, 1, f->authority_id);
	db_bind_text(s, 2, pat);
	db_bind_id(s, 3, f->member_id);
}

int store_cluster_list(struct db_conn *c, const struct cluster_filter *f,
		       struct cluster **items, size_t *n, int64_t *total, struct error *e)
{
	struct db_stmt *s;
	char *pat = like_pattern(f->q);
	*items = NULL;
	*n = 0;
	int rc = db_prepare(c, "SELECT COUNT(*) FROM clusters" CLUSTER_WHERE, &s);
	if (rc != DB_OK) {
		free(pat);
		return store_fail(c, rc, e, "cluster count");
	}
	bind_cluster_filter(s, f, pat);
	if (count_rows(c, s, total, e) != 0) {
		free(pat);
		return -1;
	}
	rc = db_prepare(c, "SELECT id, name, authority_id FROM clusters" CLUSTER_WHERE
			   " ORDER BY sort_key, id LIMIT ?4 OFFSET ?5", &s);
	if (rc != DB_OK) {
		free(pat);
		return store_fail(c, rc, e, "cluster list");
	}
	bind_cluster_filter(s, f, pat);
	db_bind_int(s, 4, page_limit(&f->page));
	db_bind_int(s, 5, f->page.offset);
	void *rows = NULL;
	rc = collect_rows(c, s, sizeof **items, read_cluster, &rows, n, e, "cluster list");
	*items = rows;
	free(pat);
	for (size_t i = 0; rc == 0 && i < *n; i++)
		rc = load_rotation(c, &(*items)[i], e);
	if (rc != 0) {
		free(*items);
		*items = NULL;
		*n = 0;
	}
	return rc;
}

int store_cluster_insert(struct db_conn *c, struct cluster *cl, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"INSERT INTO clusters (name, authority_id, name_key, sort_key, created_at,"
		" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id",
		&s, e, "cluster insert");
	char now[32];
	clock_now_iso(now, sizeof now);
	db_bind_text(s, 1, cl->name);
	db_bind_int(s, 2, cl->authority_id);
	if (bind_text_keys(s, 3, 4, cl->name) != DB_OK) {
		db_reset(s);
		return err_set(e, ERR_INTERNAL, "internal", "name", "cannot index the name");
	}
	db_bind_text(s, 5, now);
	int rc = db_step(s);
	if (rc == DB_ROW)
		cl->id = db_column_int(s, 0);
	db_reset(s);
	if (rc != DB_ROW)
		return store_fail(c, rc, e, "cluster");
	return save_rotation(c, cl, e);
}

int store_cluster_update(struct db_conn *c, const struct cluster *cl, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"UPDATE clusters SET name = ?1, authority_id = ?2, name_key = ?3, sort_key = ?4,"
		" updated_at = ?5 WHERE id = ?6",
		&s, e, "cluster update");
	char now[32];
	clock_now_iso(now, sizeof now);
	db_bind_text(s, 1, cl->name);
	db_bind_int(s, 2, cl->authority_id);
	if (bind_text_keys(s, 3, 4, cl->name) != DB_OK) {
		db_reset(s);
		return err_set(e, ERR_INTERNAL, "internal", "name", "cannot index the name");
	}
	db_bind_text(s, 5, now);
	db_bind_int(s, 6, cl->id);
	if (step_done(c, s, e, "cluster") != 0)
		return -1;
	return save_rotation(c, cl, e);
}

static void read_year_row(struct db_stmt *s, struct cluster_year *y)
{
	y->leader_id = db_column_int(s, 0);
	const char *st = db_column_text(s, 1);
	if (!st || year_status_parse(st, &y->status) != 0)
		y->status = YEAR_PLANNING;
	const char *rule = db_column_text(s, 2);
	if (!rule || final_rule_parse(rule, &y->final_rule) != 0)
		y->final_rule = FINAL_CROSS_MEAN;
	const char *ties = db_column_text(s, 3);
	if (!ties || tie_rule_parse(ties, &y->tie_rule) != 0)
		y->tie_rule = tie_rule_default();
	y->criteria_version = (int)db_column_int(s, 4);
	copy_text(y->deadline, sizeof y->deadline, db_column_text(s, 5));
	copy_text(y->published_at, sizeof y->published_at, db_column_text(s, 6));
}

int store_cluster_year_get(struct db_conn *c, int64_t cluster_id, int year,
			   struct cluster_year *out, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT leader_id, status, final_rule, tie_break, criteria_version,"
		   " deadline, published_at FROM cluster_years WHERE cluster_id = ?1"
		   " AND year = ?2", &s, e, "cluster year");
	db_bind_int(s, 1, cluster_id);
	db_bind_int(s, 2, year);
	int rc = db_step(s);
	memset(out, 0, sizeof *out);
	out->cluster_id = cluster_id;
	out->year = year;
	if (rc == DB_ROW)
		read_year_row(s, out);
	db_reset(s);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_found", "year",
			       "cluster %lld has no year %d", (long long)cluster_id, year);
	if (rc != DB_ROW)
		return store_fail(c, rc, e, "cluster year");
	PREPARE(c, "SELECT m.org_id, m.is_deputy FROM cluster_year_members m"
		   " JOIN orgs o ON o.id = m.org_id WHERE m.cluster_id = ?1 AND m.year = ?2"
		   " ORDER BY o.sort_key, o.id", &s, e, "cluster year members");
	db_bind_int(s, 1, cluster_id);
	db_bind_int(s, 2, year);
	while ((rc = db_step(s)) == DB_ROW && out->n_members < CLUSTER_MAX_MEMBERS) {
		int64_t org = db_column_int(s, 0);
		out->members[out->n_members++] = org;
		if (db_column_int(s, 1))
			out->deputy_ids[out->n_deputies++] = org;
	}
	db_reset(s);
	return (rc == DB_DONE || rc == DB_ROW) ? 0 : store_fail(c, rc, e, "cluster year members");
}

static void read_year(struct db_stmt *s, void *out)
{
	*(int *)out = (int)db_column_int(s, 0);
}

int store_cluster_years(struct db_conn *c, int64_t cluster_id, int **years, size_t *n,
			struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT year FROM cluster_years WHERE cluster_id = ?1 ORDER BY year DESC",
		&s, e, "cluster years");
	db_bind_int(s, 1, cluster_id);
	void *rows = NULL;
	int rc = collect_rows(c, s, sizeof **years, read_year, &rows, n, e, "cluster years");
	*years = rows;
	return rc;
}

/*
** Members are changed in place, not deleted and re-inserted: signatures
** hang off the membership rows and must survive for members who stay.
*/
static int save_members(struct db_conn *c, const struct cluster_year *y, struct error *e)
{
	struct db_stmt *s, *del;
	PREPARE(c, "DELETE FROM cluster_year_members WHERE cluster_id = ?1 AND year = ?2"
		   " AND org_id = ?3", &del, e, "cluster year members");
	PREPARE(c, "SELECT org_id FROM cluster_year_members WHERE cluster_id = ?1 AND year = ?2",
		&s, e, "cluster year members");
	db_bind_int(s, 1, y->cluster_id);
	db_bind_int(s, 2, y->year);
	void *rows = NULL;
	size_t n = 0;
	if (collect_rows(c, s, sizeof(int64_t), read_id, &rows, &n, e,
			 "cluster year members") != 0)
		return -1;
	int64_t *old = rows;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (ids_contain(y->members, y->n_members, old[i]))
			continue;
		db_bind_int(del, 1, y->cluster_id);
		db_bind_int(del, 2, y->year);
		db_bind_int(del, 3, old[i]);
		rc = step_done(c, del, e, "cluster year members");
	}
	free(old);
	if (rc != 0)
		return -1;
	PREPARE(c, "INSERT INTO cluster_year_members (cluster_id, year, org_id, is_deputy)"
		   " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (cluster_id, year, org_id)"
		   " DO UPDATE SET is_deputy = excluded.is_deputy", &s, e, "cluster year members");
	for (size_t i = 0; i < y->n_members; i++) {
		db_bind_int(s, 1, y->cluster_id);
		db_bind_int(s, 2, y->year);
		db_bind_int(s, 3, y->members[i]);
		db_bind_int(s, 4, ids_contain(y->deputy_ids, y->n_deputies, y->members[i]));
		if (step_done(c, s, e, "cluster year members") != 0)
			return -1;
	}
	return 0;
}

int store_cluster_year_put(struct db_conn *c, const struct cluster_year *y, int exists,
			   struct error *e)
{
	struct db_stmt *s;
	char now[32], ties[64];
	clock_now_iso(now, sizeof now);
	tie_rule_format(&y->tie_rule, ties, sizeof ties);
	if (exists) {
		PREPARE(c, "UPDATE cluster_years SET leader_id = ?1, updated_at = ?2,"
			   " final_rule = ?5, tie_break = ?6 WHERE cluster_id = ?3 AND year = ?4",
			&s, e, "cluster year");
	} else {
		PREPARE(c, "INSERT INTO cluster_years (leader_id, created_at, updated_at,"
			   " cluster_id, year, final_rule, tie_break)"
			   " VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6)", &s, e, "cluster year");
	}
	db_bind_int(s, 1, y->leader_id);
	db_bind_text(s, 2, now);
	db_bind_int(s, 3, y->cluster_id);
	db_bind_int(s, 4, y->year);
	db_bind_text(s, 5, final_rule_name(y->final_rule));
	db_bind_text(s, 6, ties);
	if (step_done(c, s, e, "cluster year") != 0)
		return -1;
	return save_members(c, y, e);
}

int store_year_set_status(struct db_conn *c, int64_t cluster_id, int year,
			  enum year_status status, const char *deadline, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "UPDATE cluster_years SET status = ?1, deadline = ?2, updated_at = ?3,"
		   " published_at = CASE WHEN ?1 = 'results_published' THEN ?3"
		   " ELSE published_at END WHERE cluster_id = ?4 AND year = ?5",
		&s, e, "cluster year status");
	char now[32];
	clock_now_iso(now, sizeof now);
	db_bind_text(s, 1, year_status_name(status));
	db_bind_text(s, 2, deadline && deadline[0] ? deadline : NULL);
	db_bind_text(s, 3, now);
	db_bind_int(s, 4, cluster_id);
	db_bind_int(s, 5, year);
	return step_done(c, s, e, "cluster year status");
}

int store_year_set_deadline(struct db_conn *c, int64_t cluster_id, int year,
			    const char *deadline, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "UPDATE cluster_years SET deadline = ?1, updated_at = ?2"
		   " WHERE cluster_id = ?3 AND year = ?4", &s, e, "cluster year deadline");
	char now[32];
	clock_now_iso(now, sizeof now);
	db_bind_text(s, 1, deadline && deadline[0] ? deadline : NULL);
	db_bind_text(s, 2, now);
	db_bind_int(s, 3, cluster_id);
	db_bind_int(s, 4, year);
	return step_done(c, s, e, "cluster year deadline");
}

int store_year_set_rules(struct db_conn *c, int64_t cluster_id, int year,
			 enum final_rule rule, const struct tie_rule *ties, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "UPDATE cluster_years SET final_rule = ?1, tie_break = ?2, updated_at = ?3"
		   " WHERE cluster_id = ?4 AND year = ?5", &s, e, "cluster year rules");
	char now[32], buf[64];
	clock_now_iso(now, sizeof now);
	tie_rule_format(ties, buf, sizeof buf);
	db_bind_text(s, 1, final_rule_name(rule));
	db_bind_text(s, 2, buf);
	db_bind_text(s, 3, now);
	db_bind_int(s, 4, cluster_id);
	db_bind_int(s, 5, year);
	return step_done(c, s, e, "cluster year rules");
}
