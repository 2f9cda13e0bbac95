/*
** Compilations in the database: a ranked selection of models made by an
** org with its rationale; its items are replaced whole, in rank order.
*/
#include "store/store.h"
#include "store/store_util.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

#define COMPILATION_COLUMNS                                                         \
	"k.id, k.org_id, o.name, k.title, k.from_year, k.to_year, k.rationale,"     \
	" (SELECT COUNT(*) FROM compilation_items i WHERE i.compilation_id = k.id)," \
	" k.created_at, k.updated_at"
#define COMPILATION_FROM " FROM compilations k JOIN orgs o ON o.id = k.org_id"

/* Reads into a zeroed struct; a rationale that cannot be copied is left NULL. */
static void read_compilation(struct db_stmt *s, void *out)
{
	struct compilation *k = out;
	memset(k, 0, sizeof *k);
	k->id = db_column_int(s, 0);
	k->org_id = db_column_int(s, 1);
	copy_text(k->org_name, sizeof k->org_name, db_column_text(s, 2));
	copy_text(k->title, sizeof k->title, db_column_text(s, 3));
	k->from_year = (int)db_column_int(s, 4);
	k->to_year = (int)db_column_int(s, 5);
	const char *rationale = db_column_text(s, 6);
	k->rationale = strdup(rationale ? rationale : "");
	k->item_count = db_column_int(s, 7);
	copy_text(k->created_at, sizeof k->created_at, db_column_text(s, 8));
	copy_text(k->updated_at, sizeof k->updated_at, db_column_text(s, 9));
}

static void drop_compilation(void *item)
{
	compilation_clear(item);
}

/* Replace the items of compilation id with items, ranked in order. */
static int put_items(struct db_conn *c, int64_t id, const struct compilation_item *items,
		     size_t n, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "DELETE FROM compilation_items WHERE compilation_id = ?1", &s, e,
		"compilation items");
	db_bind_int(s, 1, id);
	if (step_done(c, s, e, "compilation items") != 0)
		return -1;
	PREPARE(c,
		"INSERT INTO compilation_items (compilation_id, rank, model_id, note)"
		" VALUES (?1, ?2, ?3, ?4)",
		&s, e, "compilation item");
	for (size_t i = 0; i < n; i++) {
		db_bind_int(s, 1, id);
		db_bind_int(s, 2, (int64_t)i + 1);
		db_bind_int(s, 3, items[i].model_id);
		db_bind_text(s, 4, items[i].note[0] ? items[i].note : NULL);
		if (step_done(c, s, e, "compilation item") != 0)
			return -1;
	}
	return 0;
}

int store_compilation_insert(struct db_conn *c, struct compilation *k,
			     const struct compilation_item *items, size_t n, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"INSERT INTO compilations (org_id, title, from_year, to_year, rationale,"
		" created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id",
		&s, e, "compilation insert");
	clock_now_iso(k->created_at, sizeof k->created_at);
	memcpy(k->updated_at, k->created_at, sizeof k->updated_at);
	db_bind_int(s, 1, k->org_id);
	db_bind_text(s, 2, k->title);
	db_bind_int(s, 3, k->from_year);
	db_bind_int(s, 4, k->to_year);
	db_bind_text(s, 5, k->rationale ? k->rationale : "");
	db_bind_text(s, 6, k->created_at);
	int rc = db_step(s);
	if (rc == DB_ROW)
		k->id = db_column_int(s, 0);
	db_reset(s);
	if (rc != DB_ROW)
		return store_fail(c, rc, e, "compilation");
	k->item_count = (int64_t)n;
	return put_items(c, k->id, items, n, e);
}

int store_compilation_update(struct db_conn *c, struct compilation *k,
			     const struct compilation_item *items, size_t n, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"UPDATE compilations SET title = ?1, rationale = ?2, updated_at = ?3 WHERE id = ?4",
		&s, e, "compilation update");
	clock_now_iso(k->updated_at, sizeof k->updated_at);
	db_bind_text(s, 1, k->title);
	db_bind_text(s, 2, k->rationale ? k->rationale : "");
	db_bind_text(s, 3, k->updated_at);
	db_bind_int(s, 4, k->id);
	if (step_done(c, s, e, "compilation") != 0)
		return -1;
	k->item_count = (int64_t)n;
	return put_items(c, k->id, items, n, e);
}

int store_compilation_get(struct db_conn *c, int64_t id, struct compilation *out,
			  struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " COMPILATION_COLUMNS COMPILATION_FROM " WHERE k.id = ?1", &s, e,
		"compilation get");
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		read_compilation(s, out);
	db_reset(s);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_found", "id", "no compilation %lld",
			       (long long)id);
	if (rc != DB_ROW)
		return store_fail(c, rc, e, "compilation get");
	if (!out->rationale)
		return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	return 0;
}

static void read_entry(struct db_stmt *s, void *out)
{
	struct compilation_entry *x = out;
	memset(x, 0, sizeof *x);
	x->rank = (int)db_column_int(s, 0);
	x->model_id = db_column_int(s, 1);
	copy_text(x->name, sizeof x->name, db_column_text(s, 2));
	x->org_id = db_column_int(s, 3);
	copy_text(x->org_name, sizeof x->org_name, db_column_text(s, 4));
	copy_text(x->field, sizeof x->field, db_column_text(s, 5));
	x->year = (int)db_column_int(s, 6);
	x->retired_year = (int)db_column_int(s, 7);
	copy_text(x->note, sizeof x->note, db_column_text(s, 8));
}

int store_compilation_entries(struct db_conn *c, int64_t id,
			      struct compilation_entry **items, size_t *n, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		"SELECT i.rank, m.id, m.name, m.org_id, o.name, m.field, m.year,"
		" COALESCE(m.retired_year, 0), i.note FROM compilation_items i"
		" JOIN models m ON m.id = i.model_id JOIN orgs o ON o.id = m.org_id"
		" WHERE i.compilation_id = ?1 ORDER BY i.rank",
		&s, e, "compilation entries");
	db_bind_int(s, 1, id);
	void *rows = NULL;
	int rc = collect_rows(c, s, sizeof **items, read_entry, &rows, n, e,
			      "compilation entries");
	*items = rows;
	return rc;
}

#define COMPILATION_WHERE                                                           \
	" WHERE (?1 IS NULL OR k.org_id = ?1)"                                        \
	" AND (?2 IS NULL OR (k.from_year <= ?2 AND k.to_year >= ?2))"

static void bind_compilation_filter(struct db_stmt *s, const struct compilation_filter *f)
{
	db_bind_id(s, 1, f->org_id);
	if (f->year)
		db_bind_int(s, 2, f->year);
	else
		db_bind_null(s, 2);
}

int store_compilation_list(struct db_conn *c, const struct compilation_filter *f,
			   struct compilation **items, size_t *n, int64_t *total,
			   struct error *e)
{
	struct db_stmt *s;
	*items = NULL;
	*n = 0;
	PREPARE(c, "SELECT COUNT(*) FROM compilations k" COMPILATION_WHERE, &s, e,
		"compilation count");
	bind_compilation_filter(s, f);
	if (count_rows(c, s, total, e) != 0)
		return -1;
	PREPARE(c,
		"SELECT " COMPILATION_COLUMNS COMPILATION_FROM COMPILATION_WHERE
		" ORDER BY k.to_year DESC, k.id DESC LIMIT ?3 OFFSET ?4",
		&s, e, "compilation list");
	bind_compilation_filter(s, f);
	db_bind_int(s, 3, page_limit(&f->page));
	db_bind_int(s, 4, f->page.offset);
	void *rows = NULL;
	if (collect_rows_owning(c, s, sizeof **items, read_compilation, drop_compilation,
				&rows, n, e, "compilation list") != 0)
		return -1;
	*items = rows;
	for (size_t i = 0; i < *n; i++)
		if (!(*items)[i].rationale) {
			for (size_t j = 0; j < *n; j++)
				compilation_clear(&(*items)[j]);
			free(*items);
			*items = NULL;
			*n = 0;
			return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
		}
	return 0;
}

int store_compilation_delete(struct db_conn *c, int64_t id, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "DELETE FROM compilations WHERE id = ?1", &s, e, "compilation delete");
	db_bind_int(s, 1, id);
	return step_done(c, s, e, "compilation delete");
}
