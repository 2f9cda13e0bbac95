/*
** Rule sets in the database: the JSON documents with their periods, the
** set in force on a date, and seeding from the sets shipped in the binary.
*/
#include "store/store.h"
#include "store/store_util.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/embedded.h"

#define RULE_SET_COLUMNS "id, code, effective_from, effective_until, revision, updated_at, body"

void rule_set_rows_free(struct rule_set_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].body);
	free(rows);
}

static void read_rule_set_row(struct db_stmt *s, void *out)
{
	struct rule_set_row *r = out;
	memset(r, 0, sizeof *r);
	r->id = db_column_int(s, 0);
	copy_text(r->code, sizeof r->code, db_column_text(s, 1));
	copy_text(r->effective_from, sizeof r->effective_from, db_column_text(s, 2));
	copy_text(r->effective_until, sizeof r->effective_until, db_column_text(s, 3));
	r->revision = (int)db_column_int(s, 4);
	copy_text(r->updated_at, sizeof r->updated_at, db_column_text(s, 5));
	const char *body = db_column_text(s, 6);
	r->body = strdup(body ? body : "");
}

static void drop_rule_set_row(void *item)
{
	free(((struct rule_set_row *)item)->body);
}

int store_rule_set_list(struct db_conn *c, struct rule_set_row **rows, size_t *n,
			struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " RULE_SET_COLUMNS " FROM rule_sets ORDER BY effective_from, id", &s,
		e, "rule set list");
	void *items = NULL;
	int rc = collect_rows_owning(c, s, sizeof **rows, read_rule_set_row, drop_rule_set_row,
				     &items, n, e, "rule set list");
	*rows = items;
	return rc;
}

/* One row by a statement bound to one key; what names it in errors. */
static int one_row(struct db_conn *c, struct db_stmt *s, struct rule_set_row *out,
		   const char *what, struct error *e)
{
	int rc = db_step(s);
	if (rc == DB_ROW)
		read_rule_set_row(s, out);
	db_reset(s);
	if (rc == DB_ROW)
		return out->body ? 0
				 : err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	if (rc == DB_DONE)
		return -2;
	return store_fail(c, rc, e, what);
}

int store_rule_set_get(struct db_conn *c, int64_t id, struct rule_set_row *out,
		       struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " RULE_SET_COLUMNS " FROM rule_sets WHERE id = ?1", &s, e,
		"rule set get");
	db_bind_int(s, 1, id);
	int rc = one_row(c, s, out, "rule set get", e);
	if (rc == -2)
		return err_set(e, ERR_NOT_FOUND, "not_found", "id", "no rule set %lld",
			       (long long)id);
	return rc;
}

/* Parse a stored body; a body that no longer parses is the store's fault. */
static int parse_row(struct rule_set_row *r, struct rule_set *out, struct error *e)
{
	json_error_t jerr;
	json_t *doc = json_loads(r->body, 0, &jerr);
	free(r->body);
	r->body = NULL;
	if (!doc)
		return err_set(e, ERR_INTERNAL, "bad_rule_set", NULL,
			       "stored rule set %lld is not JSON", (long long)r->id);
	int rc = rule_set_from_json(doc, out, e);
	json_decref(doc);
	if (rc != 0)
		return err_set(e, ERR_INTERNAL, "bad_rule_set", NULL,
			       "stored rule set %lld no longer validates", (long long)r->id);
	out->id = r->id;
	return 0;
}

int store_rule_set_load(struct db_conn *c, int64_t id, struct rule_set *out,
			struct error *e)
{
	struct rule_set_row r;
	if (store_rule_set_get(c, id, &r, e) != 0)
		return -1;
	return parse_row(&r, out, e);
}

int store_rule_set_on(struct db_conn *c, const char *date, struct rule_set *out,
		      struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " RULE_SET_COLUMNS " FROM rule_sets WHERE effective_from <= ?1"
		   " AND (effective_until IS NULL OR effective_until >= ?1)"
		   " ORDER BY effective_from DESC LIMIT 1", &s, e, "rule set on");
	db_bind_text(s, 1, date);
	struct rule_set_row r;
	int rc = one_row(c, s, &r, "rule set on", e);
	if (rc == -2)
		return err_set(e, ERR_INVALID, "no_rule_set", "year",
			       "no rule set is in force on %s", date);
	if (rc != 0)
		return -1;
	return parse_row(&r, out, e);
}

/* Another set (not except_id) whose period shares a day with rs: its code, or "". */
static int overlapping(struct db_conn *c, const struct rule_set *rs, int64_t except_id,
		       char *code, size_t n, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT code FROM rule_sets WHERE id <> ?1"
		   " AND (effective_until IS NULL OR effective_until >= ?2)"
		   " AND (?3 IS NULL OR effective_from <= ?3) LIMIT 1", &s, e,
		"rule set overlap");
	db_bind_int(s, 1, except_id);
	db_bind_text(s, 2, rs->effective_from);
	db_bind_text(s, 3, rs->effective_until[0] ? rs->effective_until : NULL);
	int rc = db_step(s);
	code[0] = '\0';
	if (rc == DB_ROW)
		copy_text(code, n, db_column_text(s, 0));
	db_reset(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_fail(c, rc, e, "rule set overlap");
	return 0;
}

int store_rule_set_save(struct db_conn *c, struct rule_set *rs, const char *body,
			struct error *e)
{
	char other[RULE_SET_CODE_CHARS + 1];
	if (overlapping(c, rs, rs->id, other, sizeof other, e) != 0)
		return -1;
	if (other[0])
		return err_set(e, ERR_CONFLICT, "rule_sets_overlap", "effective_from",
			       "the period overlaps rule set %s: one set is in force on any day",
			       other);
	char now[32];
	clock_now_iso(now, sizeof now);
	struct db_stmt *s;
	if (rs->id > 0)
		PREPARE(c, "UPDATE rule_sets SET code = ?2, effective_from = ?3,"
			   " effective_until = ?4, body = ?5, revision = revision + 1,"
			   " updated_at = ?6 WHERE id = ?1", &s, e, "rule set update");
	else
		PREPARE(c, "INSERT INTO rule_sets (code, effective_from, effective_until, body,"
			   " created_at, updated_at) VALUES (?2, ?3, ?4, ?5, ?6, ?6)", &s, e,
			"rule set insert");
	if (rs->id > 0)
		db_bind_int(s, 1, rs->id);
	db_bind_text(s, 2, rs->code);
	db_bind_text(s, 3, rs->effective_from);
	db_bind_text(s, 4, rs->effective_until[0] ? rs->effective_until : NULL);
	db_bind_text(s, 5, body);
	db_bind_text(s, 6, now);
	int rc = db_step(s);
	db_reset(s);
	if (rc == DB_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "conflict", "code",
			       "another rule set has the code %s", rs->code);
	if (rc != DB_DONE)
		return store_fail(c, rc, e, "rule set save");
	if (rs->id <= 0) {
		PREPARE(c, "SELECT id FROM rule_sets WHERE code = ?1", &s, e, "rule set id");
		db_bind_text(s, 1, rs->code);
		return count_rows(c, s, &rs->id, e);
	}
	return 0;
}

static int code_taken(struct db_conn *c, const char *code, int *taken, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT COUNT(*) FROM rule_sets WHERE code = ?1", &s, e, "rule set code");
	db_bind_text(s, 1, code);
	int64_t n = 0;
	if (count_rows(c, s, &n, e) != 0)
		return -1;
	*taken = n > 0;
	return 0;
}

/* Seed one shipped file: 1 when added, 0 when skipped, -1 on error. */
static int seed_one(struct db_conn *c, const struct embedded_file *f, struct error *e)
{
	json_error_t jerr;
	json_t *doc = json_loads((const char *)f->data, 0, &jerr);
	if (!doc)
		return err_set(e, ERR_INTERNAL, "bad_rule_set", NULL,
			       "shipped rule set %s is not JSON: %s", f->name, jerr.text);
	struct rule_set rs;
	int rc = rule_set_from_json(doc, &rs, e);
	json_decref(doc);
	if (rc != 0)
		return err_set(e, ERR_INTERNAL, "bad_rule_set", NULL,
			       "shipped rule set %s does not validate", f->name);
	int taken = 0;
	char other[RULE_SET_CODE_CHARS + 1] = "";
	rc = code_taken(c, rs.code, &taken, e);
	if (rc == 0 && !taken)
		rc = overlapping(c, &rs, 0, other, sizeof other, e);
	if (rc == 0 && !taken && !other[0])
		rc = store_rule_set_save(c, &rs, (const char *)f->data, e) == 0 ? 1 : -1;
	rule_set_free(&rs);
	return rc;
}

int store_rule_sets_seed(struct db_conn *c, int *added, struct error *e)
{
	*added = 0;
	if (store_begin(c, e) != 0)
		return -1;
	for (const struct embedded_file *f = rule_set_files; f->name; f++) {
		int rc = seed_one(c, f, e);
		if (rc < 0) {
			store_rollback(c);
			return -1;
		}
		*added += rc;
	}
	return store_commit(c, e);
}

static int cache_year(struct rule_set_cache *k, int year, size_t set, struct error *e)
{
	struct rule_set_year *y = grow(k->years, &k->cap_years, k->n_years + 1, sizeof *y);
	if (!y)
		return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
	k->years = y;
	k->years[k->n_years++] = (struct rule_set_year){year, set};
	return 0;
}

const struct rule_set *store_rule_set_cached(struct db_conn *c, struct rule_set_cache *k,
					     int year, struct error *e)
{
	for (size_t i = 0; i < k->n_years; i++)
		if (k->years[i].year == year)
			return k->sets[k->years[i].set];
	struct rule_set *rs = calloc(1, sizeof *rs);
	if (!rs) {
		err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
		return NULL;
	}
	if (store_rule_set_for_year(c, year, rs, e) != 0) {
		free(rs);
		return NULL;
	}
	/* several years read by one set: keep it once */
	for (size_t i = 0; i < k->n_sets; i++)
		if (k->sets[i]->id == rs->id) {
			rule_set_free(rs);
			free(rs);
			return cache_year(k, year, i, e) == 0 ? k->sets[i] : NULL;
		}
	struct rule_set **sets = grow(k->sets, &k->cap_sets, k->n_sets + 1, sizeof *sets);
	if (!sets) {
		rule_set_free(rs);
		free(rs);
		err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
		return NULL;
	}
	k->sets = sets;
	k->sets[k->n_sets++] = rs;
	return cache_year(k, year, k->n_sets - 1, e) == 0 ? rs : NULL;
}

void rule_set_cache_free(struct rule_set_cache *k)
{
	for (size_t i = 0; i < k->n_sets; i++) {
		rule_set_free(k->sets[i]);
		free(k->sets[i]);
	}
	free(k->sets);
	free(k->years);
	memset(k, 0, sizeof *k);
}

int store_rule_set_for_year(struct db_conn *c, int year, struct rule_set *out,
			    struct error *e)
{
	char day[11];
	rules_judging_date(year, day);
	if (store_rule_set_on(c, day, out, e) == 0)
		return 0;
	if (strcmp(e->code, "no_rule_set") != 0)
		return -1;
	/* history from before the first rule set: its codes are the earliest's */
	struct db_stmt *s;
	int64_t first = 0;
	PREPARE(c, "SELECT id FROM rule_sets ORDER BY effective_from LIMIT 1", &s, e,
		"first rule set");
	if (count_rows(c, s, &first, e) != 0)
		return -1;
	return store_rule_set_load(c, first, out, e);
}
