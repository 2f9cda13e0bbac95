/*
** The facts the eligibility engine judges a nominee on, read in a few
** indexed queries: its award history, ratings, initiatives and holds, and
** for a collective its members' awards of the year and their holds. Also
** the lock that keeps one initiative behind one award.
*/
#include "store/store.h"
#include "store/store_util.h"

#include <stdlib.h>
#include <string.h>

static void read_award_fact(struct db_stmt *s, void *out)
{
	struct award_fact *a = out;
	memset(a, 0, sizeof *a);
	copy_text(a->type, sizeof a->type, db_column_text(s, 0));
	a->year = (int)db_column_int(s, 1);
	a->holder = db_column_int(s, 2);
}

static void read_rating_fact(struct db_stmt *s, void *out)
{
	struct rating_fact *r = out;
	const char *name = db_column_text(s, 1);
	r->year = (int)db_column_int(s, 0);
	if (!name || rating_parse(name, &r->rating) != 0)
		r->rating = RATING_NOT_COMPLETED;
}

static void read_initiative_fact(struct db_stmt *s, void *out)
{
	struct initiative_fact *in = out;
	const char *level = db_column_text(s, 1);
	in->id = db_column_int(s, 0);
	if (!level || level_parse(level, &in->level) != 0)
		in->level = LEVEL_GRASSROOTS;
	in->year = (int)db_column_int(s, 2);
	in->used_by = db_column_int(s, 3);
}

static void read_hold_fact(struct db_stmt *s, void *out)
{
	struct hold_fact *h = out;
	memset(h, 0, sizeof *h);
	const char *kind = db_column_text(s, 0);
	if (!kind || hold_kind_parse(kind, &h->kind) != 0)
		h->kind = HOLD_DISCIPLINE;
	copy_text(h->from, sizeof h->from, db_column_text(s, 1));
	copy_text(h->until, sizeof h->until, db_column_text(s, 2));
}

/* Run s (already bound) into an array of items. */
static int collect(struct db_conn *c, struct db_stmt *s, size_t size,
		   void (*read)(struct db_stmt *, void *), void **items, size_t *n,
		   struct error *e)
{
	return collect_rows(c, s, size, read, items, n, e, "eligibility facts");
}

static int load_person(struct db_conn *c, int64_t id, struct facts_buf *b, struct error *e)
{
	struct db_stmt *s;
	void *items;
	PREPARE(c, "SELECT award_type, year, 0 FROM awards WHERE person_id = ?1", &s, e,
		"person awards");
	db_bind_int(s, 1, id);
	if (collect(c, s, sizeof *b->awards, read_award_fact, &items, &b->f.n_awards, e) != 0)
		return -1;
	b->awards = items;
	PREPARE(c, "SELECT year, rating FROM ratings WHERE person_id = ?1", &s, e,
		"person ratings");
	db_bind_int(s, 1, id);
	if (collect(c, s, sizeof *b->ratings, read_rating_fact, &items, &b->f.n_ratings, e) != 0)
		return -1;
	b->ratings = items;
	PREPARE(c, "SELECT id, level, year, used_by FROM initiatives WHERE person_id = ?1"
		   " ORDER BY year, id", &s, e, "person initiatives");
	db_bind_int(s, 1, id);
	if (collect(c, s, sizeof *b->initiatives, read_initiative_fact, &items,
		    &b->f.n_initiatives, e) != 0)
		return -1;
	b->initiatives = items;
	PREPARE(c, "SELECT kind, started_on, ended_on FROM holds WHERE person_id = ?1", &s, e,
		"person holds");
	db_bind_int(s, 1, id);
	if (collect(c, s, sizeof *b->holds, read_hold_fact, &items, &b->f.n_holds, e) != 0)
		return -1;
	b->holds = items;
	return 0;
}

static int load_org(struct db_conn *c, int64_t id, int year, struct facts_buf *b,
		    struct error *e)
{
	struct db_stmt *s;
	void *items;
	PREPARE(c, "SELECT award_type, year, 0 FROM awards WHERE org_id = ?1", &s, e,
		"org awards");
	db_bind_int(s, 1, id);
	if (collect(c, s, sizeof *b->awards, read_award_fact, &items, &b->f.n_awards, e) != 0)
		return -1;
	b->awards = items;
	PREPARE(c, "SELECT year, rating FROM ratings WHERE org_id = ?1", &s, e, "org ratings");
	db_bind_int(s, 1, id);
	if (collect(c, s, sizeof *b->ratings, read_rating_fact, &items, &b->f.n_ratings, e) != 0)
		return -1;
	b->ratings = items;
	PREPARE(c, "SELECT kind, started_on, ended_on FROM holds WHERE org_id = ?1", &s, e,
		"org holds");
	db_bind_int(s, 1, id);
	if (collect(c, s, sizeof *b->holds, read_hold_fact, &items, &b->f.n_holds, e) != 0)
		return -1;
	b->holds = items;
	PREPARE(c, "SELECT COUNT(*) FROM people WHERE org_id = ?1", &s, e, "org members");
	db_bind_int(s, 1, id);
	int64_t members = 0;
	if (count_rows(c, s, &members, e) != 0)
		return -1;
	b->f.n_members = (size_t)members;
	PREPARE(c, "SELECT a.award_type, a.year, a.person_id FROM people p"
		   " JOIN awards a ON a.person_id = p.id AND a.year = ?2 WHERE p.org_id = ?1", &s, e,
		"member awards");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, year);
	if (collect(c, s, sizeof *b->member_awards, read_award_fact, &items,
		    &b->f.n_member_awards, e) != 0)
		return -1;
	b->member_awards = items;
	PREPARE(c, "SELECT h.kind, h.started_on, h.ended_on FROM people p"
		   " JOIN holds h ON h.person_id = p.id WHERE p.org_id = ?1", &s, e,
		"member holds");
	db_bind_int(s, 1, id);
	if (collect(c, s, sizeof *b->member_holds, read_hold_fact, &items,
		    &b->f.n_member_holds, e) != 0)
		return -1;
	b->member_holds = items;
	return 0;
}

int store_eligibility_facts(struct db_conn *c, int64_t person_id, int64_t org_id, int year,
			    struct facts_buf *out, struct error *e)
{
	memset(out, 0, sizeof *out);
	out->f.cluster_vote = TRI_UNKNOWN;
	int rc = person_id > 0 ? load_person(c, person_id, out, e)
			       : load_org(c, org_id, year, out, e);
	if (rc != 0) {
		facts_buf_free(out);
		return -1;
	}
	out->f.awards = out->awards;
	out->f.member_awards = out->member_awards;
	out->f.ratings = out->ratings;
	out->f.initiatives = out->initiatives;
	out->f.holds = out->holds;
	out->f.member_holds = out->member_holds;
	return 0;
}

void facts_buf_free(struct facts_buf *b)
{
	free(b->awards);
	free(b->member_awards);
	free(b->ratings);
	free(b->initiatives);
	free(b->holds);
	free(b->member_holds);
	memset(b, 0, sizeof *b);
}

int store_initiative_use(struct db_conn *c, int64_t id, int64_t proposal_id,
			 struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "UPDATE initiatives SET used_by = ?2 WHERE id = ?1"
		   " AND (used_by IS NULL OR used_by = ?2)", &s, e, "initiative use");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, proposal_id);
	if (step_done(c, s, e, "initiative use") != 0)
		return -1;
	PREPARE(c, "SELECT COUNT(*) FROM initiatives WHERE id = ?1 AND used_by = ?2", &s, e,
		"initiative used");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, proposal_id);
	int64_t locked = 0;
	if (count_rows(c, s, &locked, e) != 0)
		return -1;
	if (!locked)
		return err_set(e, ERR_CONFLICT, "initiative_used", "initiative",
			       "initiative %lld already backs another award", (long long)id);
	return 0;
}

int store_initiatives_release(struct db_conn *c, int64_t proposal_id, struct error *e)
{
	struct db_stmt *s;
	PREPARE(c, "UPDATE initiatives SET used_by = NULL WHERE used_by = ?1", &s, e,
		"initiative release");
	db_bind_int(s, 1, proposal_id);
	return step_done(c, s, e, "initiative release");
}
