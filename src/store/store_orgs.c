/* Organizations in the database: CRUD, ancestry and merger lineage. */
#include "store/store.h"
#include "store/store_util.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

#define ORG_COLUMNS \
	"id, name, short_name, kind, parent_id, province, active_from, active_until, successor_id"

static void read_org(struct db_stmt *s, void *out)
{
	struct org *o = out;
	memset(o, 0, sizeof *o);
	o->id = db_column_int(s, 0);
	copy_text(o->name, sizeof o->name, db_column_text(s, 1));
	copy_text(o->short_name, sizeof o->short_name, db_column_text(s, 2));
	const char *kind = db_column_text(s, 3);
	o->kind = (kind && strcmp(kind, "authority") == 0) ? ORG_AUTHORITY : ORG_UNIT;
	o->parent_id = db_column_int(s, 4);
	copy_text(o->province, sizeof o->province, db_column_text(s, 5));
	copy_text(o->active_from, sizeof o->active_from, db_column_text(s, 6));
	copy_text(o->active_until, sizeof o->active_until, db_column_text(s, 7));
	o->successor_id = db_column_int(s, 8);
}

static const char *or_null(const char *s)
{
	return (s && *s) ? s : NULL;
}

int store_org_get(struct db_conn *c, int64_t id, struct org *out, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " ORG_COLUMNS " FROM orgs WHERE id = ?1", &s, e, "org get");
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		read_org(s, out);
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_found", "id", "no organization %lld",
			       (long long)id);
	return store_fail(c, rc, e, "org get");
}

int store_org_exists(struct db_conn *c, int64_t id, struct error *e)
{
	struct org o;
	return store_org_get(c, id, &o, e);
}

#define ORG_WHERE                                                         \
	" WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR parent_id = ?2)" \
	" AND (?3 IS NULL OR province = ?3)"                                  \
	" AND (?4 IS NULL OR name_key LIKE ?4 ESCAPE '\\')"

static void bind_org_filter(struct db_stmt *s, const struct org_filter *f, const char *pat)
{
	db_bind_text(s, 1, f->kind < 0 ? NULL : org_kind_name((enum org_kind)f->kind));
	db_bind_id(s, 2, f->parent_id);
	db_bind_text(s, 3, f->province);
	db_bind_text(s, 4, pat);
}

int store_org_list(struct db_conn *c, const struct org_filter *f, struct org **items,
		   size_t *n, int64_t *total, struct error *e)
{
	struct db_stmt *s;
	char *pat = like_pattern(f->q);
	*items = NULL;
	*n = 0;
	int rc = db_prepare(c, "SELECT COUNT(*) FROM orgs" ORG_WHERE, &s);
	if (rc != DB_OK) {
		free(pat);
		return store_fail(c, rc, e, "org count");
	}
	bind_org_filter(s, f, pat);
	if (count_rows(c, s, total, e) != 0) {
		free(pat);
		return -1;
	}
	rc = db_prepare(c, "SELECT " ORG_COLUMNS " FROM orgs" ORG_WHERE
			   " ORDER BY sort_key, id LIMIT ?5 OFFSET ?6", &s);
	if (rc != DB_OK) {
		free(pat);
		return store_fail(c, rc, e, "org list");
	}
	bind_org_filter(s, f, pat);
	db_bind_int(s, 5, page_limit(&f->page));
	db_bind_int(s, 6, f->page.offset);
	void *rows = NULL;
	rc = collect_rows(c, s, sizeof **items, read_org, &rows, n, e, "org list");
	*items = rows;
	free(pat);
	return rc;
}

static int bind_org_fields(struct db_stmt *s, const struct org *o)
{
	db_bind_text(s, 1, o->name);
	db_bind_text(s, 2, or_null(o->short_name));
	db_bind_text(s, 3, org_kind_name(o->kind));
	db_bind_id(s, 4, o->parent_id);
	db_bind_text(s, 5, or_null(o->province));
	db_bind_text(s, 6, or_null(o->active_from));
	db_bind_text(s, 7, or_null(o->active_until));
	db_bind_id(s, 8, o->successor_id);
	return bind_text_keys(s, 9, 10, o->name);
}

int store_org_insert(struct db_conn *c, struct org *o, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"INSERT INTO orgs (name, short_name, kind, parent_id, province, active_from,"
		" active_until, successor_id, name_key, sort_key, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11) RETURNING id",
		&s, e, "org insert");
	char now[32];
	clock_now_iso(now, sizeof now);
	if (bind_org_fields(s, o) != DB_OK) {
		db_reset(s);
		return err_set(e, ERR_INTERNAL, "internal", "name", "cannot index the name");
	}
	db_bind_text(s, 11, now);
	int rc = db_step(s);
	if (rc == DB_ROW)
		o->id = db_column_int(s, 0);
	db_reset(s);
	return rc == DB_ROW ? 0 : store_fail(c, rc, e, "organization");
}

int store_org_update(struct db_conn *c, const struct org *o, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"UPDATE orgs SET name = ?1, short_name = ?2, kind = ?3, parent_id = ?4,"
		" province = ?5, active_from = ?6, active_until = ?7, successor_id = ?8,"
		" name_key = ?9, sort_key = ?10, updated_at = ?11 WHERE id = ?12",
		&s, e, "org update");
	char now[32];
	clock_now_iso(now, sizeof now);
	if (bind_org_fields(s, o) != DB_OK) {
		db_reset(s);
		return err_set(e, ERR_INTERNAL, "internal", "name", "cannot index the name");
	}
	db_bind_text(s, 11, now);
	db_bind_int(s, 12, o->id);
	return step_done(c, s, e, "organization");
}

int store_org_delete(struct db_conn *c, int64_t id, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "DELETE FROM orgs WHERE id = ?1", &s, e, "org delete");
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	db_reset(s);
	if (rc == DB_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "in_use", "id",
			       "the organization is still referenced (sub-organizations, people, "
			       "users, clusters or history); set active_until instead");
	return rc == DB_DONE ? 0 : store_fail(c, rc, e, "org delete");
}

int store_org_chain(struct db_conn *c, int64_t id, int64_t *chain, size_t *n,
		    struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT parent_id FROM orgs WHERE id = ?1", &s, e, "org chain");
	*n = 0;
	while (id > 0 && *n < ORG_CHAIN_MAX) {
		chain[(*n)++] = id;
		db_bind_int(s, 1, id);
		int rc = db_step(s);
		int64_t parent = rc == DB_ROW ? db_column_int(s, 0) : 0;
		db_reset(s);
		if (rc != DB_ROW && rc != DB_DONE)
			return store_fail(c, rc, e, "org chain");
		id = parent;
	}
	return 0;
}

int store_org_authority_above(struct db_conn *c, int64_t id, int64_t *authority_id,
			      struct error *e)
{
	int64_t chain[ORG_CHAIN_MAX];
	size_t n = 0;
	if (store_org_chain(c, id, chain, &n, e) != 0)
		return -1;
	struct db_stmt *s;
	PREPARE(c, "SELECT kind = 'authority' FROM orgs WHERE id = ?1", &s, e, "org kind");
	for (size_t i = 1; i < n; i++) {
		int64_t is_authority = 0;
		db_bind_int(s, 1, chain[i]);
		if (count_rows(c, s, &is_authority, e) != 0)
			return -1;
		if (is_authority) {
			*authority_id = chain[i];
			return 0;
		}
	}
	return err_set(e, ERR_NOT_FOUND, "no_authority", NULL,
		       "no authority above organization %lld", (long long)id);
}

int store_org_would_cycle(struct db_conn *c, int64_t id, int64_t parent_id, int *cycle,
			  struct error *e)
{
	int64_t chain[ORG_CHAIN_MAX];
	size_t n = 0;
	*cycle = 0;
	if (store_org_chain(c, parent_id, chain, &n, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (chain[i] == id)
			*cycle = 1;
	/* A hierarchy deeper than the chain limit is refused like a cycle:
	 * a parent already at the limit leaves no room for a child. */
	if (n >= ORG_CHAIN_MAX)
		*cycle = 1;
	return 0;
}

int store_org_successor_loops(struct db_conn *c, int64_t id, int64_t successor_id, int *loop,
			      struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT successor_id FROM orgs WHERE id = ?1", &s, e, "org successor");
	*loop = 0;
	for (int i = 0; successor_id > 0 && i < ORG_CHAIN_MAX; i++) {
		if (successor_id == id) {
			*loop = 1;
			return 0;
		}
		db_bind_int(s, 1, successor_id);
		int rc = db_step(s);
		int64_t next = rc == DB_ROW ? db_column_int(s, 0) : 0;
		db_reset(s);
		if (rc != DB_ROW)
			return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, "not_found", "id",
						       "no organization %lld", (long long)successor_id)
					     : store_fail(c, rc, e, "org successor");
		successor_id = next;
	}
	return 0;
}

int store_org_height(struct db_conn *c, int64_t id, int64_t *height, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"WITH RECURSIVE sub(id, depth) AS (SELECT ?1, 0 UNION ALL"
		" SELECT o.id, sub.depth + 1 FROM orgs o JOIN sub ON o.parent_id = sub.id"
		" WHERE sub.depth < ?2) SELECT MAX(depth) FROM sub",
		&s, e, "org height");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, ORG_CHAIN_MAX);
	return count_rows(c, s, height, e);
}

int store_org_cluster_refs(struct db_conn *c, int64_t id, int64_t *n, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"SELECT (SELECT COUNT(*) FROM clusters WHERE authority_id = ?1)"
		" + (SELECT COUNT(*) FROM cluster_rotation WHERE org_id = ?1)"
		" + (SELECT COUNT(*) FROM cluster_year_members WHERE org_id = ?1)",
		&s, e, "org references");
	db_bind_int(s, 1, id);
	return count_rows(c, s, n, e);
}

int store_org_predecessors(struct db_conn *c, int64_t id, int64_t **ids, size_t *n,
			   struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"WITH RECURSIVE pred(id, depth) AS ("
		" SELECT id, 1 FROM orgs WHERE successor_id = ?1"
		" UNION ALL SELECT o.id, pred.depth + 1 FROM orgs o JOIN pred"
		" ON o.successor_id = pred.id WHERE pred.depth < 16)"
		" SELECT DISTINCT id FROM pred ORDER BY id",
		&s, e, "org predecessors");
	db_bind_int(s, 1, id);
	void *rows = NULL;
	int rc = collect_rows(c, s, sizeof **ids, read_id, &rows, n, e, "org predecessors");
	*ids = rows;
	return rc;
}

int store_org_each(struct db_conn *c, store_row_fn fn, void *data, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " ORG_COLUMNS " FROM orgs ORDER BY id", &s, e, "org each");
	return each_row(c, s, sizeof(struct org), read_org, fn, data, e, "org each");
}
