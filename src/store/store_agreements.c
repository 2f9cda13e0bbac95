/* The cluster year's agreement: text, targets and the members' signatures. */
#include "store/store.h"
#include "store/store_util.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

static void read_target(struct db_stmt *s, void *out)
{
	struct agreement_target *t = out;
	memset(t, 0, sizeof *t);
	copy_text(t->code, sizeof t->code, db_column_text(s, 0));
	copy_text(t->name, sizeof t->name, db_column_text(s, 1));
	t->has_value = !db_column_is_null(s, 2);
	t->value = t->has_value ? db_column_double(s, 2) : 0;
	copy_text(t->unit, sizeof t->unit, db_column_text(s, 3));
}

int store_agreement_get(struct db_conn *c, int64_t cluster_id, int year,
			struct agreement *out, struct error *e)
{
	struct db_stmt *s;
	memset(out, 0, sizeof *out);
	PREPARE(c, "SELECT text, revision, updated_at FROM agreements"
		   " WHERE cluster_id = ?1 AND year = ?2", &s, e, "agreement");
	db_bind_int(s, 1, cluster_id);
	db_bind_int(s, 2, year);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		const char *text = db_column_text(s, 0);
		out->text = strdup(text ? text : "");
		out->revision = (int)db_column_int(s, 1);
		copy_text(out->updated_at, sizeof out->updated_at, db_column_text(s, 2));
	}
	db_reset(s);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_found", "agreement",
			       "the %d agreement has not been written yet", year);
	if (rc != DB_ROW)
		return store_fail(c, rc, e, "agreement");
	if (!out->text)
		return err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	PREPARE(c, "SELECT code, name, value, unit FROM agreement_targets"
		   " WHERE cluster_id = ?1 AND year = ?2 ORDER BY position", &s, e,
		"agreement targets");
	db_bind_int(s, 1, cluster_id);
	db_bind_int(s, 2, year);
	void *rows = NULL;
	if (collect_rows(c, s, sizeof *out->targets, read_target, &rows, &out->n_targets, e,
			 "agreement targets") != 0) {
		agreement_free(out);
		return -1;
	}
	out->targets = rows;
	return 0;
}

int store_agreement_put(struct db_conn *c, int64_t cluster_id, int year,
			const struct agreement *a, struct error *e)
{
	struct db_stmt *s;
	char now[32];
	clock_now_iso(now, sizeof now);
	PREPARE(c, "INSERT INTO agreements (cluster_id, year, text, revision, updated_at)"
		   " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (cluster_id, year) DO UPDATE SET"
		   " text = excluded.text, revision = excluded.revision,"
		   " updated_at = excluded.updated_at", &s, e, "agreement");
	db_bind_int(s, 1, cluster_id);
	db_bind_int(s, 2, year);
	db_bind_text(s, 3, a->text);
	db_bind_int(s, 4, a->revision);
	db_bind_text(s, 5, now);
	if (step_done(c, s, e, "agreement") != 0)
		return -1;
	PREPARE(c, "DELETE FROM agreement_targets WHERE cluster_id = ?1 AND year = ?2", &s, e,
		"agreement targets");
	db_bind_int(s, 1, cluster_id);
	db_bind_int(s, 2, year);
	if (step_done(c, s, e, "agreement targets") != 0)
		return -1;
	PREPARE(c, "INSERT INTO agreement_targets (cluster_id, year, position, code, name,"
		   " value, unit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &s, e,
		"agreement targets");
	for (size_t i = 0; i < a->n_targets; i++) {
		const struct agreement_target *t = &a->targets[i];
		db_bind_int(s, 1, cluster_id);
		db_bind_int(s, 2, year);
		db_bind_int(s, 3, (int64_t)i + 1);
		db_bind_text(s, 4, t->code);
		db_bind_text(s, 5, t->name);
		if (t->has_value)
			db_bind_double(s, 6, t->value);
		else
			db_bind_null(s, 6);
		db_bind_text(s, 7, t->unit[0] ? t->unit : NULL);
		if (step_done(c, s, e, "agreement targets") != 0)
			return -1;
	}
	return 0;
}

static void read_signature(struct db_stmt *s, void *out)
{
	struct signature *sig = out;
	memset(sig, 0, sizeof *sig);
	sig->org_id = db_column_int(s, 0);
	sig->revision = (int)db_column_int(s, 1);
	copy_text(sig->signed_at, sizeof sig->signed_at, db_column_text(s, 2));
}

int store_signatures_list(struct db_conn *c, int64_t cluster_id, int year,
			  struct signature **sigs, size_t *n, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT org_id, revision, signed_at FROM agreement_signatures"
		   " WHERE cluster_id = ?1 AND year = ?2 ORDER BY signed_at, org_id", &s, e,
		"signatures");
	db_bind_int(s, 1, cluster_id);
	db_bind_int(s, 2, year);
	void *rows = NULL;
	int rc = collect_rows(c, s, sizeof **sigs, read_signature, &rows, n, e, "signatures");
	*sigs = rows;
	return rc;
}

int store_signature_insert(struct db_conn *c, int64_t cluster_id, int year, int64_t org_id,
			   int revision, int64_t user_id, struct error *e)
{
	struct db_stmt *s;
	char now[32];
	clock_now_iso(now, sizeof now);
	PREPARE(c, "INSERT INTO agreement_signatures (cluster_id, year, org_id, revision,"
		   " signed_at, signed_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
		   " ON CONFLICT (cluster_id, year, org_id) DO NOTHING RETURNING org_id",
		&s, e, "signature");
	db_bind_int(s, 1, cluster_id);
	db_bind_int(s, 2, year);
	db_bind_int(s, 3, org_id);
	db_bind_int(s, 4, revision);
	db_bind_text(s, 5, now);
	db_bind_id(s, 6, user_id);
	int rc = db_step(s);
	db_reset(s);
	if (rc == DB_DONE)
		return err_set(e, ERR_CONFLICT, "already_signed", "org_id",
			       "this unit has already signed the %d agreement", year);
	if (rc != DB_ROW)
		return store_fail(c, rc, e, "signature");
	return 0;
}

int store_signatures_clear(struct db_conn *c, int64_t cluster_id, int year, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "DELETE FROM agreement_signatures WHERE cluster_id = ?1 AND year = ?2", &s,
		e, "signatures");
	db_bind_int(s, 1, cluster_id);
	db_bind_int(s, 2, year);
	return step_done(c, s, e, "signatures");
}
