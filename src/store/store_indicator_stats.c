/*
** What the indicator statistics read: the branches a scope rolls up over
** (STATS_BRANCHES_CTE) with the units each expects to report and the
** people registry's counts, and every counted value beneath them. The
** arithmetic (which value counts for a year, the roll-up, the change)
** is the domain's (domain/indicator.h).
*/
#include "store/store.h"
#include "store/store_util.h"

#include <stdio.h>
#include <string.h>

static void read_branch(struct db_stmt *s, void *out)
{
	struct stats_branch *b = out;
	memset(b, 0, sizeof *b);
	b->org_id = db_column_int(s, 0);
	copy_text(b->name, sizeof b->name, db_column_text(s, 1));
	b->expected = (int)db_column_int(s, 2);
	b->has_registry = db_column_int(s, 3) > 0;
	b->admissions = db_column_int(s, 4);
	b->members = db_column_int(s, 5);
}

int store_stats_branches(struct db_conn *c, const struct stats_scope *sc,
			 struct stats_branch **items, size_t *n, struct error *e)
{
	struct db_stmt *s;
	char first[16], last[16];
	snprintf(first, sizeof first, "%04d-01-01", sc->year);
	snprintf(last, sizeof last, "%04d-12-31", sc->year);
	PREPARE(c,
		STATS_BRANCHES_CTE
		", units(branch_id, n) AS (SELECT b.branch_id, COUNT(*) FROM branch b"
		"  JOIN orgs u ON u.id = b.org_id WHERE u.kind = 'unit'"
		"  AND (u.active_from IS NULL OR u.active_from <= ?5)"
		"  AND (u.active_until IS NULL OR u.active_until >= ?5) GROUP BY b.branch_id),"
		" registry(branch_id, people, admissions, members) AS (SELECT b.branch_id,"
		"  COUNT(*), SUM(CASE WHEN p.party_admission_date >= ?4"
		"  AND p.party_admission_date <= ?5 THEN 1 ELSE 0 END),"
		"  SUM(CASE WHEN p.party_member = 1 AND p.party_admission_date <= ?5"
		"  THEN 1 ELSE 0 END)"
		"  FROM branch b JOIN people p ON p.org_id = b.org_id"
		"  AND p.party_admission_date IS NOT NULL GROUP BY b.branch_id)"
		" SELECT o.id, o.name, COALESCE(u.n, 0), COALESCE(g.people, 0),"
		" COALESCE(g.admissions, 0), COALESCE(g.members, 0)"
		" FROM orgs o LEFT JOIN units u ON u.branch_id = o.id"
		" LEFT JOIN registry g ON g.branch_id = o.id"
		" WHERE o.id IN (SELECT branch_id FROM heads) ORDER BY o.sort_key, o.id",
		&s, e, "stats branches");
	bind_stats_scope(s, sc);
	db_bind_text(s, 4, first);
	db_bind_text(s, 5, last);
	void *rows = NULL;
	int rc = collect_rows(c, s, sizeof **items, read_branch, &rows, n, e, "stats branches");
	*items = rows;
	return rc;
}

static void read_value(struct db_stmt *s, void *out)
{
	struct stats_value *v = out;
	v->branch_id = db_column_int(s, 0);
	v->org_id = db_column_int(s, 1);
	v->indicator_id = db_column_int(s, 2);
	v->year = (int)db_column_int(s, 3);
	v->value = db_column_double(s, 4);
}

int store_stats_values(struct db_conn *c, const struct stats_scope *sc, int years_back,
		       struct stats_value **items, size_t *n, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c,
		STATS_BRANCHES_CTE
		"SELECT b.branch_id, r.org_id, v.indicator_id, r.year, v.value FROM branch b"
		" JOIN reports r ON r.org_id = b.org_id AND r.status <> 'draft' AND r.year <= ?3"
		" JOIN report_values v ON v.report_id = r.id"
		" JOIN indicators i ON i.id = v.indicator_id"
		" WHERE r.year >= ?3 - ?4 OR i.aggregate = 'last'"
		" ORDER BY v.indicator_id, r.org_id, r.year",
		&s, e, "stats values");
	bind_stats_scope(s, sc);
	db_bind_int(s, 4, years_back);
	void *rows = NULL;
	int rc = collect_rows(c, s, sizeof **items, read_value, &rows, n, e, "stats values");
	*items = rows;
	return rc;
}
