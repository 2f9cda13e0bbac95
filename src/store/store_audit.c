/*
** The audit trail: appended in the same transaction as the change it
** records, chained by hash (domain/audit.c), listed and verified here.
*/
#include "store/store.h"
#include "store/store_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

static int read_head(struct db_conn *c, int64_t *seq, unsigned char *hash, size_t *hlen,
		     struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT last_seq, last_hash FROM audit_head WHERE id = 1", &s, e,
		"audit head");
	int rc = db_step(s);
	*hlen = 0;
	if (rc == DB_ROW) {
		*seq = db_column_int(s, 0);
		size_t n = 0;
		const void *p = db_column_blob(s, 1, &n);
		if (p && n <= AUDIT_HASH_BYTES) {
			memcpy(hash, p, n);
			*hlen = n;
		}
	}
	db_reset(s);
	if (rc == DB_DONE)
		return err_set(e, ERR_INTERNAL, "audit_head_missing", NULL,
			       "the audit head row is missing");
	return rc == DB_ROW ? 0 : store_fail(c, rc, e, "audit head");
}

int store_audit_append(struct db_conn *c, struct audit_entry *entry, struct error *e)
{
	int64_t last = 0;
	unsigned char prev[AUDIT_HASH_BYTES], hash[AUDIT_HASH_BYTES];
	size_t prev_len = 0;
	if (read_head(c, &last, prev, &prev_len, e) != 0)
		return -1;
	entry->seq = last + 1;
	clock_now_iso(entry->at, sizeof entry->at);
	audit_hash(prev, prev_len, entry, hash);

	struct db_stmt *s;
	PREPARE(c,
		"INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity, entity_id,"
		" before_json, after_json, request_id, prev_hash, hash)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
		&s, e, "audit append");
	db_bind_int(s, 1, entry->seq);
	db_bind_text(s, 2, entry->at);
	db_bind_id(s, 3, entry->actor_id);
	db_bind_text(s, 4, entry->actor_name);
	db_bind_text(s, 5, entry->action);
	db_bind_text(s, 6, entry->entity);
	db_bind_text(s, 7, entry->entity_id);
	db_bind_text(s, 8, entry->before_json);
	db_bind_text(s, 9, entry->after_json);
	db_bind_text(s, 10, entry->request_id);
	db_bind_blob(s, 11, prev, prev_len);
	db_bind_blob(s, 12, hash, sizeof hash);
	if (step_done(c, s, e, "audit append") != 0)
		return -1;
	PREPARE(c, "UPDATE audit_head SET last_seq = ?1, last_hash = ?2 WHERE id = 1", &s, e,
		"audit head");
	db_bind_int(s, 1, entry->seq);
	db_bind_blob(s, 2, hash, sizeof hash);
	return step_done(c, s, e, "audit head");
}

#define AUDIT_COLUMNS                                                          \
	"seq, at, actor_id, actor_name, action, entity, entity_id, before_json," \
	" after_json, request_id, prev_hash, hash"

/* Copy the row's strings into one allocation owned by row->strings. */
static int read_row(struct db_stmt *s, struct audit_row *row)
{
	const int text_cols[] = {3, 4, 5, 6, 7, 8, 9};
	size_t total = 0;
	for (size_t i = 0; i < 7; i++) {
		const char *t = db_column_text(s, text_cols[i]);
		total += (t ? strlen(t) : 0) + 1;
	}
	memset(row, 0, sizeof *row);
	row->strings = malloc(total);
	if (!row->strings)
		return -1;
	const char **dst[] = {&row->entry.actor_name, &row->entry.action, &row->entry.entity,
			      &row->entry.entity_id, &row->entry.before_json,
			      &row->entry.after_json, &row->entry.request_id};
	char *p = row->strings;
	for (size_t i = 0; i < 7; i++) {
		const char *t = db_column_text(s, text_cols[i]);
		if (!t && (i == 4 || i == 5)) {
			*dst[i] = NULL; /* before/after may be absent */
			continue;
		}
		size_t n = t ? strlen(t) : 0;
		memcpy(p, t ? t : "", n + 1);
		*dst[i] = p;
		p += n + 1;
	}
	row->entry.seq = db_column_int(s, 0);
	copy_text(row->entry.at, sizeof row->entry.at, db_column_text(s, 1));
	row->entry.actor_id = db_column_int(s, 2);
	return 0;
}

void store_audit_rows_free(struct audit_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].strings);
	free(rows);
}

#define AUDIT_WHERE " WHERE (?1 IS NULL OR entity = ?1) AND (?2 IS NULL OR entity_id = ?2)"

int store_audit_list(struct db_conn *c, const struct audit_filter *f,
		     struct audit_row **rows, size_t *n, int64_t *total, struct error *e)
{
	struct db_stmt *s;
	*rows = NULL;
	*n = 0;
	PREPARE(c, "SELECT COUNT(*) FROM audit_log" AUDIT_WHERE, &s, e, "audit count");
	db_bind_text(s, 1, f->entity);
	db_bind_text(s, 2, f->entity_id);
	if (count_rows(c, s, total, e) != 0)
		return -1;
	PREPARE(c, "SELECT " AUDIT_COLUMNS " FROM audit_log" AUDIT_WHERE
		   " ORDER BY seq DESC LIMIT ?3 OFFSET ?4", &s, e, "audit list");
	db_bind_text(s, 1, f->entity);
	db_bind_text(s, 2, f->entity_id);
	db_bind_int(s, 3, page_limit(&f->page));
	db_bind_int(s, 4, f->page.offset);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct audit_row *grown = grow(*rows, &cap, *n + 1, sizeof **rows);
		if (!grown || read_row(s, &grown[*n]) != 0) {
			if (grown)
				*rows = grown;
			rc = DB_ERROR;
			break;
		}
		*rows = grown;
		(*n)++;
	}
	db_reset(s);
	if (rc != DB_DONE) {
		store_audit_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
		return store_fail(c, rc, e, "audit list");
	}
	return 0;
}

/* Check one stored row against the chain so far; fills why on a break. */
static int row_links(struct db_stmt *s, const struct audit_row *row, int64_t expect_seq,
		     const unsigned char *prev, size_t prev_len, char *why, size_t whylen)
{
	size_t n = 0;
	const void *stored_prev = db_column_blob(s, 10, &n);
	if (row->entry.seq != expect_seq) {
		snprintf(why, whylen, "entry %lld is missing (found %lld next)",
			 (long long)expect_seq, (long long)row->entry.seq);
		return 0;
	}
	if (n != prev_len || (n && memcmp(stored_prev, prev, n) != 0)) {
		snprintf(why, whylen, "entry %lld does not follow its predecessor",
			 (long long)row->entry.seq);
		return 0;
	}
	unsigned char want[AUDIT_HASH_BYTES];
	audit_hash(prev, prev_len, &row->entry, want);
	const void *stored = db_column_blob(s, 11, &n);
	if (n != sizeof want || memcmp(stored, want, n) != 0) {
		snprintf(why, whylen, "entry %lld was changed after it was written",
			 (long long)row->entry.seq);
		return 0;
	}
	return 1;
}

int store_audit_verify(struct db_conn *c, int64_t *bad_seq, int64_t *checked, char *why,
		       size_t whylen, struct error *e)
{
	unsigned char prev[AUDIT_HASH_BYTES];
	size_t prev_len = 0;
	int64_t seq = 0;
	struct db_stmt *s;
	*bad_seq = 0;
	*checked = 0;
	why[0] = 0;
	PREPARE(c, "SELECT " AUDIT_COLUMNS " FROM audit_log ORDER BY seq", &s, e,
		"audit verify");
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct audit_row row;
		if (read_row(s, &row) != 0) {
			rc = DB_ERROR;
			break;
		}
		int ok = row_links(s, &row, seq + 1, prev, prev_len, why, whylen);
		if (ok) {
			size_t n = 0;
			const void *h = db_column_blob(s, 11, &n);
			memcpy(prev, h, AUDIT_HASH_BYTES);
			prev_len = AUDIT_HASH_BYTES;
			seq = row.entry.seq;
			(*checked)++;
		} else {
			*bad_seq = seq + 1;
		}
		free(row.strings);
		if (!ok)
			break;
	}
	db_reset(s);
	if (rc != DB_DONE && rc != DB_ROW)
		return store_fail(c, rc, e, "audit verify");
	if (*bad_seq)
		return 0;
	int64_t head_seq = 0;
	unsigned char head[AUDIT_HASH_BYTES];
	size_t head_len = 0;
	if (read_head(c, &head_seq, head, &head_len, e) != 0)
		return -1;
	if (head_seq != seq || head_len != prev_len || memcmp(head, prev, prev_len) != 0) {
		*bad_seq = seq + 1;
		snprintf(why, whylen, "the chain ends at entry %lld but %lld were written",
			 (long long)seq, (long long)head_seq);
	}
	return 0;
}
