/* Proposals, decisions and the award history in the database. */
#include "store/store.h"
#include "store/store_util.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "domain/authz.h"

/* ---- proposals ---- */

#define PROPOSAL_COLUMNS                                                                   \
	"id, award_type, rule_set_id, nominee_person_id, nominee_org_id, proposer_org_id,"  \
	" authority_id, cluster_id, year, ballot_id, ballot_result, council_ballot_id,"      \
	" grounds, status, review_note, decision_id, created_by, created_at, updated_at"

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void read_proposal(struct db_stmt *s, void *out)
{
	struct proposal *p = out;
	memset(p, 0, sizeof *p);
	p->id = db_column_int(s, 0);
	copy_text(p->award_type, sizeof p->award_type, db_column_text(s, 1));
	p->rule_set_id = db_column_int(s, 2);
	p->nominee_person_id = db_column_int(s, 3);
	p->nominee_org_id = db_column_int(s, 4);
	p->proposer_org_id = db_column_int(s, 5);
	p->authority_id = db_column_int(s, 6);
	p->cluster_id = db_column_int(s, 7);
	p->year = (int)db_column_int(s, 8);
	p->ballot_id = db_column_int(s, 9);
	p->ballot_result = dup_or_null(db_column_text(s, 10));
	p->council_ballot_id = db_column_int(s, 11);
	const char *grounds = db_column_text(s, 12);
	p->grounds = strdup(grounds ? grounds : "");
	const char *status = db_column_text(s, 13);
	if (!status || proposal_status_parse(status, &p->status) != 0)
		p->status = PROPOSAL_DRAFT;
	p->review_note = dup_or_null(db_column_text(s, 14));
	p->decision_id = db_column_int(s, 15);
	p->created_by = db_column_int(s, 16);
	copy_text(p->created_at, sizeof p->created_at, db_column_text(s, 17));
	copy_text(p->updated_at, sizeof p->updated_at, db_column_text(s, 18));
}

static void drop_proposal(void *item)
{
	proposal_free(item);
}

void proposals_free(struct proposal *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		proposal_free(&items[i]);
	free(items);
}

int store_proposal_insert(struct db_conn *c, struct proposal *p, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "INSERT INTO proposals (award_type, rule_set_id, nominee_person_id,"
		   " nominee_org_id, proposer_org_id, authority_id, cluster_id, year, ballot_id,"
		   " ballot_result, grounds, status, created_by, created_at, updated_at)"
		   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'draft', ?12, ?13, ?13)"
		   " RETURNING id", &s, e, "proposal insert");
	clock_now_iso(p->created_at, sizeof p->created_at);
	memcpy(p->updated_at, p->created_at, sizeof p->updated_at);
	p->status = PROPOSAL_DRAFT;
	db_bind_text(s, 1, p->award_type);
	db_bind_int(s, 2, p->rule_set_id);
	db_bind_id(s, 3, p->nominee_person_id);
	db_bind_id(s, 4, p->nominee_org_id);
	db_bind_int(s, 5, p->proposer_org_id);
	db_bind_int(s, 6, p->authority_id);
	db_bind_id(s, 7, p->cluster_id);
	db_bind_int(s, 8, p->year);
	db_bind_id(s, 9, p->ballot_id);
	db_bind_text(s, 10, p->ballot_result);
	db_bind_text(s, 11, p->grounds ? p->grounds : "");
	db_bind_id(s, 12, p->created_by);
	db_bind_text(s, 13, p->created_at);
	int rc = db_step(s);
	if (rc == DB_ROW)
		p->id = db_column_int(s, 0);
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "already_proposed", "award_type",
			       "the nominee already has a proposal for %s in %d", p->award_type,
			       p->year);
	return store_fail(c, rc, e, "proposal insert");
}

int store_proposal_get(struct db_conn *c, int64_t id, struct proposal *out, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " PROPOSAL_COLUMNS " FROM proposals WHERE id = ?1", &s, e,
		"proposal get");
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		read_proposal(s, out);
	db_reset(s);
	if (rc == DB_ROW)
		return out->grounds ? 0
				    : err_set(e, ERR_INTERNAL, "out_of_memory", NULL,
					      "out of memory");
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_found", "id", "no proposal %lld",
			       (long long)id);
	return store_fail(c, rc, e, "proposal get");
}

/*
** The caller's reach narrows every filter: every proposal for an admin,
** else those its org (?8) made or reviews — an OR of two indexed columns,
** which SQLite answers from both indexes rather than the table.
*/
#define PROPOSAL_REST                                                                \
	" AND (?1 IS NULL OR authority_id = ?1) AND (?2 IS NULL OR proposer_org_id = ?2)" \
	" AND (?3 IS NULL OR cluster_id = ?3) AND (?4 IS NULL OR year = ?4)"             \
	" AND (?5 IS NULL OR status = ?5) AND (?6 IS NULL OR council_ballot_id = ?6)"
#define PROPOSAL_REACH " WHERE (proposer_org_id = ?8 OR authority_id = ?8)"
#define PROPOSAL_ORDER " ORDER BY year DESC, id DESC LIMIT ?9 OFFSET ?10"

static const char *const proposal_count_sql[] = {
	"SELECT COUNT(*) FROM proposals" PROPOSAL_REACH PROPOSAL_REST,
	"SELECT COUNT(*) FROM proposals WHERE TRUE" PROPOSAL_REST,
};
static const char *const proposal_list_sql[] = {
	"SELECT " PROPOSAL_COLUMNS " FROM proposals" PROPOSAL_REACH PROPOSAL_REST PROPOSAL_ORDER,
	"SELECT " PROPOSAL_COLUMNS " FROM proposals WHERE TRUE" PROPOSAL_REST PROPOSAL_ORDER,
};

static void bind_proposal_filter(struct db_stmt *s, const struct proposal_filter *f)
{
	db_bind_id(s, 1, f->authority_id);
	db_bind_id(s, 2, f->proposer_org_id);
	db_bind_id(s, 3, f->cluster_id);
	db_bind_id(s, 4, f->year);
	db_bind_text(s, 5, f->status < 0 ? NULL
					 : proposal_status_name((enum proposal_status)f->status));
	db_bind_id(s, 6, f->council_ballot_id);
	if (!f->all)
		db_bind_int(s, 8, f->reach_org);
}

int store_proposal_list(struct db_conn *c, const struct proposal_filter *f,
			struct proposal **items, size_t *n, int64_t *total, struct error *e)
{
	*items = NULL;
	*n = 0;
	int shape = f->all ? 1 : 0;
	struct db_stmt *s;
	PREPARE(c, proposal_count_sql[shape], &s, e, "proposal count");
	bind_proposal_filter(s, f);
	if (count_rows(c, s, total, e) != 0)
		return -1;
	PREPARE(c, proposal_list_sql[shape], &s, e, "proposal list");
	bind_proposal_filter(s, f);
	db_bind_int(s, 9, page_limit(&f->page));
	db_bind_int(s, 10, f->page.offset);
	void *rows = NULL;
	int rc = collect_rows_owning(c, s, sizeof **items, read_proposal, drop_proposal, &rows, n,
				     e, "proposal list");
	*items = rows;
	return rc;
}

int store_proposal_update(struct db_conn *c, const struct proposal *p, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "UPDATE proposals SET grounds = ?2, status = ?3, review_note = ?4,"
		   " council_ballot_id = ?5, decision_id = ?6, updated_at = ?7 WHERE id = ?1", &s,
		e, "proposal update");
	char now[32];
	clock_now_iso(now, sizeof now);
	db_bind_int(s, 1, p->id);
	db_bind_text(s, 2, p->grounds ? p->grounds : "");
	db_bind_text(s, 3, proposal_status_name(p->status));
	db_bind_text(s, 4, p->review_note);
	db_bind_id(s, 5, p->council_ballot_id);
	db_bind_id(s, 6, p->decision_id);
	db_bind_text(s, 7, now);
	int rc = db_step(s);
	db_reset(s);
	if (rc == DB_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "already_proposed", "award_type",
			       "the nominee already has a live proposal for %s in %d",
			       p->award_type, p->year);
	return rc == DB_DONE ? 0 : store_fail(c, rc, e, "proposal update");
}

int store_proposal_delete(struct db_conn *c, int64_t id, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "DELETE FROM proposals WHERE id = ?1", &s, e, "proposal delete");
	db_bind_int(s, 1, id);
	return step_done(c, s, e, "proposal delete");
}

int store_quota_held(struct db_conn *c, const char *type, int64_t cluster_id,
		     int64_t authority_id, int year, int64_t except_id, int64_t *held,
		     struct error *e)
{
	struct db_stmt *s;
	if (cluster_id > 0)
		PREPARE(c, "SELECT (SELECT COUNT(*) FROM awards WHERE cluster_id = ?1"
			   " AND year = ?2 AND award_type = ?3) + (SELECT COUNT(*) FROM proposals"
			   " WHERE cluster_id = ?1 AND year = ?2 AND award_type = ?3"
			   " AND status = 'approved' AND decision_id IS NULL AND id <> ?4)", &s, e,
			"cluster quota");
	else
		PREPARE(c, "SELECT (SELECT COUNT(*) FROM awards WHERE authority_id = ?1"
			   " AND year = ?2 AND award_type = ?3) + (SELECT COUNT(*) FROM proposals"
			   " WHERE authority_id = ?1 AND year = ?2 AND award_type = ?3"
			   " AND status = 'approved' AND decision_id IS NULL AND id <> ?4)", &s, e,
			"authority quota");
	db_bind_int(s, 1, cluster_id > 0 ? cluster_id : authority_id);
	db_bind_int(s, 2, year);
	db_bind_text(s, 3, type);
	db_bind_int(s, 4, except_id);
	return count_rows(c, s, held, e);
}

/* ---- decisions ---- */

#define DECISION_COLUMNS "id, authority_id, number, date, signer, created_by, created_at"

static void read_decision(struct db_stmt *s, void *out)
{
	struct decision *d = out;
	memset(d, 0, sizeof *d);
	d->id = db_column_int(s, 0);
	d->authority_id = db_column_int(s, 1);
	copy_text(d->number, sizeof d->number, db_column_text(s, 2));
	copy_text(d->date, sizeof d->date, db_column_text(s, 3));
	copy_text(d->signer, sizeof d->signer, db_column_text(s, 4));
	d->created_by = db_column_int(s, 5);
	copy_text(d->created_at, sizeof d->created_at, db_column_text(s, 6));
}

int store_decision_insert(struct db_conn *c, struct decision *d, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "INSERT INTO decisions (authority_id, number, date, signer, created_by,"
		   " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id", &s, e,
		"decision insert");
	clock_now_iso(d->created_at, sizeof d->created_at);
	db_bind_int(s, 1, d->authority_id);
	db_bind_text(s, 2, d->number);
	db_bind_text(s, 3, d->date);
	db_bind_text(s, 4, d->signer);
	db_bind_id(s, 5, d->created_by);
	db_bind_text(s, 6, d->created_at);
	int rc = db_step(s);
	if (rc == DB_ROW)
		d->id = db_column_int(s, 0);
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "conflict", "number",
			       "the authority already has a decision numbered %s", d->number);
	return store_fail(c, rc, e, "decision insert");
}

int store_decision_get(struct db_conn *c, int64_t id, struct decision *out, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " DECISION_COLUMNS " FROM decisions WHERE id = ?1", &s, e,
		"decision get");
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		read_decision(s, out);
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_found", "id", "no decision %lld",
			       (long long)id);
	return store_fail(c, rc, e, "decision get");
}

int store_decision_list(struct db_conn *c, int64_t authority_id, const struct page *p,
			struct decision **items, size_t *n, int64_t *total, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT COUNT(*) FROM decisions WHERE (?1 IS NULL OR authority_id = ?1)", &s,
		e, "decision count");
	db_bind_id(s, 1, authority_id);
	if (count_rows(c, s, total, e) != 0)
		return -1;
	PREPARE(c, "SELECT " DECISION_COLUMNS " FROM decisions WHERE (?1 IS NULL OR"
		   " authority_id = ?1) ORDER BY date DESC, id DESC LIMIT ?2 OFFSET ?3", &s, e,
		"decision list");
	db_bind_id(s, 1, authority_id);
	db_bind_int(s, 2, page_limit(p));
	db_bind_int(s, 3, p->offset);
	void *rows = NULL;
	int rc = collect_rows(c, s, sizeof **items, read_decision, &rows, n, e, "decision list");
	*items = rows;
	return rc;
}

int store_decision_proposals(struct db_conn *c, int64_t decision_id, int64_t **ids, size_t *n,
			     struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT id FROM proposals WHERE decision_id = ?1 ORDER BY id", &s, e,
		"decision proposals");
	db_bind_int(s, 1, decision_id);
	void *rows = NULL;
	int rc = collect_rows(c, s, sizeof **ids, read_id, &rows, n, e, "decision proposals");
	*ids = rows;
	return rc;
}

/* ---- awards ---- */

#define AWARD_COLUMNS                                                                    \
	"id, award_type, person_id, org_id, year, decision_id, decision_ref, proposal_id," \
	" authority_id, cluster_id, created_at"

static void read_award(struct db_stmt *s, void *out)
{
	struct award *a = out;
	memset(a, 0, sizeof *a);
	a->id = db_column_int(s, 0);
	copy_text(a->award_type, sizeof a->award_type, db_column_text(s, 1));
	a->person_id = db_column_int(s, 2);
	a->org_id = db_column_int(s, 3);
	a->year = (int)db_column_int(s, 4);
	a->decision_id = db_column_int(s, 5);
	copy_text(a->decision_ref, sizeof a->decision_ref, db_column_text(s, 6));
	a->proposal_id = db_column_int(s, 7);
	a->authority_id = db_column_int(s, 8);
	a->cluster_id = db_column_int(s, 9);
	copy_text(a->created_at, sizeof a->created_at, db_column_text(s, 10));
}

int store_award_insert(struct db_conn *c, struct award *a, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "INSERT INTO awards (award_type, person_id, org_id, year, decision_id,"
		   " decision_ref, proposal_id, authority_id, cluster_id, created_at)"
		   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id", &s, e,
		"award insert");
	clock_now_iso(a->created_at, sizeof a->created_at);
	db_bind_text(s, 1, a->award_type);
	db_bind_id(s, 2, a->person_id);
	db_bind_id(s, 3, a->org_id);
	db_bind_int(s, 4, a->year);
	db_bind_id(s, 5, a->decision_id);
	db_bind_text(s, 6, a->decision_ref[0] ? a->decision_ref : NULL);
	db_bind_id(s, 7, a->proposal_id);
	db_bind_id(s, 8, a->authority_id);
	db_bind_id(s, 9, a->cluster_id);
	db_bind_text(s, 10, a->created_at);
	int rc = db_step(s);
	if (rc == DB_ROW)
		a->id = db_column_int(s, 0);
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "already_awarded", "award_type",
			       "the recipient already holds %s for %d", a->award_type, a->year);
	return store_fail(c, rc, e, "award insert");
}

int store_award_get(struct db_conn *c, int64_t id, struct award *out, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " AWARD_COLUMNS " FROM awards WHERE id = ?1", &s, e, "award get");
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		read_award(s, out);
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "not_found", "id", "no award %lld",
			       (long long)id);
	return store_fail(c, rc, e, "award get");
}

/*
** A person's award is visible within the caller's people scope (?6, ?7);
** an org's to anyone who may list awards.
*/
#define AWARD_REST                                                                       \
	" AND (?1 IS NULL OR person_id = ?1) AND (?2 IS NULL OR org_id = ?2)"               \
	" AND (?3 IS NULL OR decision_id = ?3) AND (?4 IS NULL OR year = ?4)"               \
	" AND (?5 IS NULL OR award_type = ?5) AND (person_id IS NULL OR ?6 = 'all'"         \
	" OR (?6 = 'exact' AND person_id IN (SELECT id FROM people WHERE org_id = ?7))"     \
	" OR (?6 = 'subtree' AND person_id IN (SELECT p.id FROM people p WHERE p.org_id IN" \
	" (WITH RECURSIVE sub(id) AS (SELECT ?7 UNION SELECT o.id FROM orgs o"              \
	" JOIN sub ON o.parent_id = sub.id) SELECT id FROM sub))))"
#define AWARD_ORDER " ORDER BY year DESC, id DESC LIMIT ?8 OFFSET ?9"

/*
** One statement per leading filter, each led by a plain equality the
** planner answers from its index (a person's history reads only that
** person's rows, at any size of the table); the rest of the filter rides
** along.
*/
enum award_shape { BY_PERSON, BY_ORG, BY_DECISION, BY_ANY };
static const char *const award_count_sql[] = {
	"SELECT COUNT(*) FROM awards WHERE person_id = ?1" AWARD_REST,
	"SELECT COUNT(*) FROM awards WHERE org_id = ?2" AWARD_REST,
	"SELECT COUNT(*) FROM awards WHERE decision_id = ?3" AWARD_REST,
	"SELECT COUNT(*) FROM awards WHERE TRUE" AWARD_REST,
};
static const char *const award_list_sql[] = {
	"SELECT " AWARD_COLUMNS " FROM awards WHERE person_id = ?1" AWARD_REST AWARD_ORDER,
	"SELECT " AWARD_COLUMNS " FROM awards WHERE org_id = ?2" AWARD_REST AWARD_ORDER,
	"SELECT " AWARD_COLUMNS " FROM awards WHERE decision_id = ?3" AWARD_REST AWARD_ORDER,
	"SELECT " AWARD_COLUMNS " FROM awards WHERE TRUE" AWARD_REST AWARD_ORDER,
};

static enum award_shape award_shape_of(const struct award_filter *f)
{
	return f->person_id > 0 ? BY_PERSON
	       : f->org_id > 0	? BY_ORG
	       : f->decision_id > 0 ? BY_DECISION
				    : BY_ANY;
}

static void bind_award_filter(struct db_stmt *s, const struct award_filter *f)
{
	db_bind_id(s, 1, f->person_id);
	db_bind_id(s, 2, f->org_id);
	db_bind_id(s, 3, f->decision_id);
	db_bind_id(s, 4, f->year);
	db_bind_text(s, 5, f->award_type);
	db_bind_text(s, 6, store_scope_word(f->scope_kind));
	db_bind_int(s, 7, f->scope_org_id);
}

int store_award_list(struct db_conn *c, const struct award_filter *f, struct award **items,
		     size_t *n, int64_t *total, struct error *e)
{
	enum award_shape shape = award_shape_of(f);
	struct db_stmt *s;
	PREPARE(c, award_count_sql[shape], &s, e, "award count");
	bind_award_filter(s, f);
	if (count_rows(c, s, total, e) != 0)
		return -1;
	PREPARE(c, award_list_sql[shape], &s, e, "award list");
	bind_award_filter(s, f);
	db_bind_int(s, 8, page_limit(&f->page));
	db_bind_int(s, 9, f->page.offset);
	void *rows = NULL;
	int rc = collect_rows(c, s, sizeof **items, read_award, &rows, n, e, "award list");
	*items = rows;
	return rc;
}

/* The org whose chain finds the recipient's authority: the person's org, or the org. */
static int recipient_org(struct db_conn *c, const struct award *a, int64_t *org,
			 struct error *e)
{
	if (a->org_id > 0) {
		*org = a->org_id;
		if (store_org_exists(c, a->org_id, e) == 0)
			return 0;
		return e->kind == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "unknown_org", "org_id",
							  "no organization %lld",
							  (long long)a->org_id)
						: -1;
	}
	struct person p;
	if (store_person_get(c, a->person_id, &p, e) != 0)
		return e->kind == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "unknown_person",
							  "person_id", "no person %lld",
							  (long long)a->person_id)
						: -1;
	*org = p.org_id;
	return 0;
}

/* Is the award's type one of its year's set? */
static int award_type_known(struct db_conn *c, const struct award *a,
			    const struct rule_set *rs, struct error *e)
{
	const struct award_type *t;
	if (rs)
		return rule_set_award(rs, a->award_type, a->person_id > 0, &t, e);
	struct rule_set own;
	if (store_rule_set_for_year(c, a->year, &own, e) != 0)
		return -1;
	int rc = rule_set_award(&own, a->award_type, a->person_id > 0, &t, e);
	rule_set_free(&own);
	return rc;
}

int store_award_record(struct db_conn *c, struct award *a, const struct rule_set *rs,
		       struct error *e)
{
	int64_t org = 0;
	if ((a->person_id > 0) == (a->org_id > 0))
		return err_set(e, ERR_INVALID, "invalid_recipient", "person_id",
			       "give exactly one of person_id and org_id");
	if (!a->decision_ref[0])
		return err_set(e, ERR_INVALID, "required", "decision_ref",
			       "name the paper decision (number and date)");
	if (recipient_org(c, a, &org, e) != 0 ||
	    award_type_known(c, a, rs, e) != 0)
		return -1;
	if (a->cluster_id > 0) {
		struct cluster cl;
		if (store_cluster_get(c, a->cluster_id, &cl, e) != 0)
			return e->kind == ERR_NOT_FOUND
				       ? err_set(e, ERR_INVALID, "unknown_cluster", "cluster_id",
						 "no cluster %lld", (long long)a->cluster_id)
				       : -1;
		a->authority_id = cl.authority_id;
	} else if (store_org_authority_above(c, org, &a->authority_id, e) != 0) {
		if (e->kind != ERR_NOT_FOUND)
			return -1;
		a->authority_id = 0;
	}
	a->decision_id = 0;
	a->proposal_id = 0;
	return store_award_insert(c, a, e);
}

int store_award_each(struct db_conn *c, int year, store_row_fn fn, void *data,
		     struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "SELECT " AWARD_COLUMNS " FROM awards WHERE ?1 = 0 OR year = ?1 ORDER BY id",
		&s, e, "award each");
	db_bind_int(s, 1, year);
	return each_row(c, s, sizeof(struct award), read_award, fn, data, e, "award each");
}
