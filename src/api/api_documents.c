/*
** Documents as PDF: a cluster year's conference minutes, a proposal to
** the authority, and an award's certificate. Each is read with the same
** checks as the JSON it shows (the year and each of its ballots; GET
** /proposals/{id}; GET /awards/{id}), filled into the plain structs of
** docs/docs.h and sent as a download with a Vietnamese file name. A
** document that cannot exist yet is 409: minutes before the year's
** results are published (minutes_not_ready), a certificate for an award
** recorded from a paper decision, which has no decision here to cite
** (no_decision).
*/
#include "api/awards.h"
#include "api/ballots.h"
#include "docs/docs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ids.h"

static int oom(struct error *e)
{
	return err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
}

/* Send the PDF, or the error; the read transaction ends either way. */
static void send_pdf(struct ctx *cx, struct response *rs, int rc, char *pdf, size_t len,
		     const char *filename, const struct error *e)
{
	if (rc != 0) {
		free(pdf);
		api_fail(cx, rs, e);
		return;
	}
	store_rollback(cx->db);
	resp_file(rs, pdf, len, "application/pdf", filename);
}

/* The names of orgs ids[0..n) into names (malloc'd array of n orgs). */
static int orgs_load(struct ctx *cx, const int64_t *ids, size_t n, struct org **orgs,
		     struct error *e)
{
	*orgs = calloc(n + 1, sizeof **orgs);
	if (!*orgs)
		return oom(e);
	for (size_t i = 0; i < n; i++)
		if (store_org_get(cx->db, ids[i], &(*orgs)[i], e) != 0)
			return -1;
	return 0;
}

static const char *org_name_in(const struct org *orgs, const int64_t *ids, size_t n,
			       int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return orgs[i].name;
	return "";
}

/* "2026-01-15T…" → its day, or "" */
static void day_of(const char *iso, char day[11])
{
	snprintf(day, 11, "%.10s", iso ? iso : "");
}

static const char *status_words(enum proposal_status s)
{
	static const char *const words[] = {"Dự thảo", "Đã gửi", "Đang thẩm định",
					    "Đã duyệt", "Trả lại", "Không duyệt"};
	return s <= PROPOSAL_REJECTED ? words[s] : "";
}

/* The nominee's name (a person's, or an org's) and, for a person, the unit's. */
static int nominee_names(struct ctx *cx, int64_t person_id, int64_t org_id, char *name,
			 size_t n, char *unit, size_t un, struct error *e)
{
	struct org o;
	unit[0] = '\0';
	if (person_id > 0) {
		struct person p;
		if (store_person_get(cx->db, person_id, &p, e) != 0 ||
		    store_org_get(cx->db, p.org_id, &o, e) != 0)
			return -1;
		snprintf(name, n, "%s", p.full_name);
		snprintf(unit, un, "%s", o.name);
		return 0;
	}
	if (store_org_get(cx->db, org_id, &o, e) != 0)
		return -1;
	snprintf(name, n, "%s", o.name);
	return 0;
}

/* ---- the minutes ---- */

struct minutes_data {
	struct doc_minutes doc;
	struct org authority, *members, *next_orgs;
	const char **member_names, **deputy_names;
	struct criteria_table table;
	struct ranking ranking;
	struct doc_ranked *ranked;
	struct closed_ballot *ballots;
	size_t n_ballots;
	struct doc_ballot *doc_ballots;
	struct doc_tally **tallies;
	struct proposal *props;
	size_t n_props;
	struct doc_nomination *noms;
	char (*nominee)[NAME_CHARS * 4 + 1];
	struct rule_set rules;
	int has_rules;
	struct cluster_year next;
};

static void minutes_free(struct minutes_data *m)
{
	free(m->members);
	free(m->next_orgs);
	free(m->member_names);
	free(m->deputy_names);
	criteria_table_free(&m->table);
	ranking_free(&m->ranking);
	free(m->ranked);
	for (size_t i = 0; m->ballots && i < m->n_ballots; i++) {
		closed_ballot_free(&m->ballots[i]);
		free(m->tallies[i]);
	}
	free(m->ballots);
	free(m->tallies);
	free(m->doc_ballots);
	proposals_free(m->props, m->n_props);
	free(m->noms);
	free(m->nominee);
	if (m->has_rules)
		rule_set_free(&m->rules);
}

static int minutes_members(struct ctx *cx, const struct year_ctx *y, struct minutes_data *m,
			   struct error *e)
{
	const struct cluster_year *yr = &y->year;
	if (store_org_get(cx->db, y->cluster.authority_id, &m->authority, e) != 0 ||
	    orgs_load(cx, yr->members, yr->n_members, &m->members, e) != 0)
		return -1;
	if (!(m->member_names = calloc(yr->n_members + 1, sizeof *m->member_names)))
		return oom(e);
	for (size_t i = 0; i < yr->n_members; i++)
		m->member_names[i] = m->members[i].name;
	const char *chair = org_name_in(m->members, yr->members, yr->n_members, yr->leader_id);
	const char *place = "";
	for (size_t i = 0; i < yr->n_members; i++)
		if (yr->members[i] == yr->leader_id)
			place = m->members[i].province;
	m->doc.authority = m->authority.name;
	m->doc.place = place[0] ? place : m->authority.province;
	m->doc.members = m->member_names;
	m->doc.n_members = yr->n_members;
	m->doc.chair = chair;
	return 0;
}

static int minutes_ranking(struct ctx *cx, const struct year_ctx *y, struct minutes_data *m,
			   struct error *e)
{
	if (store_criteria_get(cx->db, y->cluster.id, y->year.year, 0, &m->table, e) != 0 ||
	    store_ranking_get(cx->db, y->cluster.id, y->year.year, &m->table, &m->ranking, e) != 0)
		return -1;
	if (!(m->ranked = calloc(m->ranking.n + 1, sizeof *m->ranked)))
		return oom(e);
	for (size_t i = 0; i < m->ranking.n; i++) {
		const struct ranking_row *r = &m->ranking.rows[i];
		m->ranked[i] = (struct doc_ranked){
			r->rank, org_name_in(m->members, y->year.members, y->year.n_members, r->org_id),
			r->total};
	}
	m->doc.ranking = m->ranked;
	m->doc.n_ranked = m->ranking.n;
	return 0;
}

/*
** The minutes show the conference's ballots and nominations, so they are
** for those who may read its ballots (ballot_access.c, for a cluster
** year): admin, the year's authority and the orgs above and within it,
** the leader and the member units. Checked once for the year, before
** anything is read, whether or not it held a ballot.
*/
static int minutes_readable(struct ctx *cx, const struct year_ctx *y, struct error *e)
{
	const struct principal *p = &cx->who;
	int64_t chain[ORG_CHAIN_MAX];
	size_t n = 0;
	if (y->powers || (p->roles & ROLE_ADMIN) ||
	    (p->org_id > 0 && ids_contain(y->year.members, y->year.n_members, p->org_id)))
		return 0;
	if (store_org_chain(cx->db, y->cluster.authority_id, chain, &n, e) != 0)
		return -1;
	if (p->org_id > 0 && ids_contain(chain, n, p->org_id))
		return 0;
	return err_set(e, ERR_FORBIDDEN, "forbidden", NULL,
		       "the minutes of cluster %lld's %d conference are for its members and "
		       "its authority",
		       (long long)y->cluster.id, y->year.year);
}

static int tally_of(const struct closed_ballot *cb, struct doc_ballot *db,
		    struct doc_tally **tally, struct error *e)
{
	const struct ballot *b = &cb->b;
	const struct ballot_outcome *o = cb->o;
	if (!(*tally = calloc(b->n_candidates + 1, sizeof **tally)))
		return oom(e);
	for (size_t i = 0; i < b->n_candidates; i++) {
		(*tally)[i].label = b->candidates[i].label;
		(*tally)[i].votes = o->per[i];
		for (size_t k = 0; k < o->result.n_passed; k++)
			(*tally)[i].passed |= o->result.passed[k] == i;
	}
	*db = (struct doc_ballot){b->question,	       o->counts.eligible,
				  o->counts.cast,      o->counts.blank,
				  o->counts.invalid,   o->is_void,
				  b->rules.threshold,  b->rules.base == BASE_CAST,
				  o->result.needed,    *tally,
				  b->n_candidates};
	return 0;
}

static int minutes_ballots(struct ctx *cx, const struct year_ctx *y, struct minutes_data *m,
			   struct error *e)
{
	struct ballot_filter f = {y->cluster.id, y->year.year, 0, BALLOT_CLOSED};
	int64_t *ids = NULL;
	size_t n = 0;
	if (store_ballot_ids(cx->db, &f, &ids, &n, e) != 0)
		return -1;
	m->ballots = calloc(n + 1, sizeof *m->ballots);
	m->tallies = calloc(n + 1, sizeof *m->tallies);
	m->doc_ballots = calloc(n + 1, sizeof *m->doc_ballots);
	int rc = m->ballots && m->tallies && m->doc_ballots ? 0 : oom(e);
	/* oldest first, the order the conference voted in */
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct closed_ballot *cb = &m->ballots[i];
		m->n_ballots = i + 1;
		rc = closed_ballot_open(cx, ids[n - 1 - i], cb, e) == 0 &&
				     tally_of(cb, &m->doc_ballots[i], &m->tallies[i], e) == 0
			     ? 0
			     : -1;
	}
	free(ids);
	m->doc.ballots = m->doc_ballots;
	m->doc.n_ballots = rc == 0 ? n : 0;
	return rc;
}

static int minutes_nominations(struct ctx *cx, const struct year_ctx *y,
			       struct minutes_data *m, struct error *e)
{
	struct proposal_filter f;
	int64_t total = 0;
	char unit[8];
	memset(&f, 0, sizeof f);
	f.cluster_id = y->cluster.id;
	f.year = y->year.year;
	f.status = -1;
	f.all = 1; /* the conference's own nominations: a member sees who and for what */
	f.page.limit = 500;
	if (store_proposal_list(cx->db, &f, &m->props, &m->n_props, &total, e) != 0)
		return -1;
	if (store_rule_set_for_year(cx->db, y->year.year, &m->rules, e) != 0)
		return -1;
	m->has_rules = 1;
	m->noms = calloc(m->n_props + 1, sizeof *m->noms);
	m->nominee = calloc(m->n_props + 1, sizeof *m->nominee);
	if (!m->noms || !m->nominee)
		return oom(e);
	/* oldest first, as they were made */
	for (size_t i = 0; i < m->n_props; i++) {
		const struct proposal *p = &m->props[m->n_props - 1 - i];
		const struct award_type *t = rule_set_find(&m->rules, p->award_type);
		if (nominee_names(cx, p->nominee_person_id, p->nominee_org_id, m->nominee[i],
				  sizeof m->nominee[i], unit, sizeof unit, e) != 0)
			return -1;
		m->noms[i] = (struct doc_nomination){m->nominee[i], t ? t->name : p->award_type,
						     status_words(p->status)};
	}
	m->doc.nominations = m->noms;
	m->doc.n_nominations = m->n_props;
	return 0;
}

/* Next year's leader and deputies, when the conference has handed over. */
static int minutes_handover(struct ctx *cx, const struct year_ctx *y, struct minutes_data *m,
			    struct error *e)
{
	struct error lookup;
	err_clear(&lookup);
	if (store_cluster_year_get(cx->db, y->cluster.id, y->year.year + 1, &m->next, &lookup) != 0) {
		if (lookup.kind == ERR_NOT_FOUND)
			return 0;
		*e = lookup;
		return -1;
	}
	int64_t ids[CLUSTER_MAX_MEMBERS + 1];
	ids[0] = m->next.leader_id;
	memcpy(ids + 1, m->next.deputy_ids, m->next.n_deputies * sizeof *ids);
	if (orgs_load(cx, ids, m->next.n_deputies + 1, &m->next_orgs, e) != 0)
		return -1;
	if (!(m->deputy_names = calloc(m->next.n_deputies + 1, sizeof *m->deputy_names)))
		return oom(e);
	for (size_t i = 0; i < m->next.n_deputies; i++)
		m->deputy_names[i] = m->next_orgs[i + 1].name;
	m->doc.next_leader = m->next_orgs[0].name;
	m->doc.next_deputies = m->deputy_names;
	m->doc.n_next_deputies = m->next.n_deputies;
	return 0;
}

void api_minutes_pdf(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct minutes_data *m = calloc(1, sizeof *m);
	struct year_ctx *y = m ? year_open(cx, rq, 0, &e) : NULL;
	char *pdf = NULL, day[11], name[128] = "";
	size_t len = 0;
	int rc = -1;
	if (!m)
		oom(&e);
	if (!y || minutes_readable(cx, y, &e) != 0)
		goto done;
	if (y->year.status < YEAR_RESULTS_PUBLISHED) {
		err_set(&e, ERR_CONFLICT, "minutes_not_ready", NULL,
			"the %d conference's minutes exist once its results are published",
			y->year.year);
		goto done;
	}
	day_of(y->year.published_at, day);
	m->doc.cluster = y->cluster.name;
	m->doc.year = y->year.year;
	m->doc.date = day;
	if (minutes_members(cx, y, m, &e) == 0 && minutes_ranking(cx, y, m, &e) == 0 &&
	    minutes_ballots(cx, y, m, &e) == 0 && minutes_nominations(cx, y, m, &e) == 0 &&
	    minutes_handover(cx, y, m, &e) == 0)
		rc = doc_minutes_pdf(&m->doc, &pdf, &len, &e);
	snprintf(name, sizeof name, "Biên bản hội nghị cụm %lld năm %d.pdf",
		 (long long)y->cluster.id, y->year.year);
done:
	send_pdf(cx, rs, rc, pdf, len, name, &e);
	if (m)
		minutes_free(m);
	free(m);
	free(y);
}

/* ---- the proposal ---- */

/* The cluster ballot's figures a proposal keeps (see closed_ballot_verdict). */
static void ballot_figures(const struct proposal *p, struct doc_proposal *d, json_t **snap)
{
	*snap = p->ballot_result ? json_loads(p->ballot_result, 0, NULL) : NULL;
	if (!json_is_object(*snap))
		return;
	d->ballot_question = json_string_value(json_object_get(*snap, "question"));
	d->ballot_eligible = json_integer_value(json_object_get(*snap, "eligible"));
	d->ballot_cast = json_integer_value(json_object_get(*snap, "cast"));
	d->ballot_votes = json_integer_value(json_object_get(*snap, "votes"));
	d->ballot_needed = json_integer_value(json_object_get(*snap, "needed"));
	d->ballot_threshold =
		(int)(json_number_value(json_object_get(*snap, "threshold")) * SHARE_SCALE + 0.5);
	d->ballot_passed = json_is_true(json_object_get(*snap, "passed"));
}

struct proposal_data {
	struct doc_proposal doc;
	struct proposal p;
	struct org proposer, superior, authority;
	char nominee[NAME_CHARS * 4 + 1], unit[NAME_CHARS * 4 + 1];
	struct proposal_judged judged;
	int has_rules;
	struct doc_condition conds[ELIGIBILITY_RESULTS_MAX];
	char details[ELIGIBILITY_RESULTS_MAX][DETAIL_TEXT_MAX];
	json_t *snapshot;
};

static int proposal_orgs(struct ctx *cx, struct proposal_data *m, struct error *e)
{
	struct proposal *p = &m->p;
	if (store_org_get(cx->db, p->proposer_org_id, &m->proposer, e) != 0 ||
	    store_org_get(cx->db, p->authority_id, &m->authority, e) != 0 ||
	    (m->proposer.parent_id > 0 &&
	     store_org_get(cx->db, m->proposer.parent_id, &m->superior, e) != 0) ||
	    nominee_names(cx, p->nominee_person_id, p->nominee_org_id, m->nominee,
			  sizeof m->nominee, m->unit, sizeof m->unit, e) != 0)
		return -1;
	m->doc.superior = m->proposer.parent_id > 0 ? m->superior.name : NULL;
	m->doc.proposer = m->proposer.name;
	m->doc.authority = m->authority.name;
	m->doc.place = m->proposer.province[0] ? m->proposer.province : m->authority.province;
	m->doc.nominee = m->nominee;
	m->doc.nominee_unit = p->nominee_person_id > 0 ? m->unit : NULL;
	return 0;
}

/* The eligibility as GET /proposals/{id} shows it, the evidence said in Vietnamese. */
static int proposal_conditions(struct ctx *cx, struct proposal_data *m, struct error *e)
{
	const struct proposal *p = &m->p;
	struct proposal_judged *j = &m->judged;
	if (proposal_judge(cx, p, j, e) != 0)
		return -1;
	m->has_rules = 1;
	m->doc.date = j->day;
	m->doc.rule_set_basis = j->rs.basis;
	m->doc.award_name = j->t ? j->t->name : p->award_type;
	if (!j->t)
		return 0;
	m->doc.award_basis = j->t->basis;
	for (size_t i = 0; i < j->el.n; i++) {
		const struct condition_result *r = &j->el.results[i];
		eligibility_detail_text(&r->detail, &j->rs, LANG_VI, m->details[i],
					sizeof m->details[i]);
		m->conds[i] = (struct doc_condition){r->cond->text, r->cond->basis, (int)r->met,
						     j->evidence ? m->details[i] : NULL};
	}
	m->doc.conds = m->conds;
	m->doc.n_conds = j->el.n;
	m->doc.eligible = j->el.eligible;
	return 0;
}

void api_proposal_pdf(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct proposal_data *m = calloc(1, sizeof *m);
	char *pdf = NULL, name[128];
	size_t len = 0;
	int rc = -1;
	snprintf(name, sizeof name, "Tờ trình đề nghị khen thưởng số %lld.pdf",
		 (long long)rq->params[0]);
	if (!m) {
		oom(&e);
	} else if (proposal_open(cx, rq->params[0], 0, &m->p, &e) == 0 &&
		   proposal_orgs(cx, m, &e) == 0 && proposal_conditions(cx, m, &e) == 0) {
		m->doc.id = m->p.id;
		m->doc.year = m->p.year;
		m->doc.grounds = m->p.grounds ? m->p.grounds : "";
		m->doc.status = status_words(m->p.status);
		ballot_figures(&m->p, &m->doc, &m->snapshot);
		rc = doc_proposal_pdf(&m->doc, &pdf, &len, &e);
	}
	send_pdf(cx, rs, rc, pdf, len, name, &e);
	if (m) {
		json_decref(m->snapshot);
		if (m->has_rules)
			rule_set_free(&m->judged.rs);
		proposal_free(&m->p);
	}
	free(m);
}

/* ---- the certificate ---- */

struct certificate_data {
	struct doc_certificate doc;
	struct award a;
	struct decision decision;
	struct org authority;
	char recipient[NAME_CHARS * 4 + 1], unit[NAME_CHARS * 4 + 1];
	struct rule_set rules;
};

static int certificate_load(struct ctx *cx, int64_t id, struct certificate_data *m,
			    struct error *e)
{
	struct award *a = &m->a;
	if (store_begin_read(cx->db, e) != 0 || store_award_get(cx->db, id, a, e) != 0 ||
	    award_readable(cx, a, e) != 0)
		return -1;
	if (a->decision_id <= 0)
		return err_set(e, ERR_CONFLICT, "no_decision", NULL,
			       "award %lld was recorded from a paper decision (%s): its "
			       "certificate was issued on paper",
			       (long long)a->id, a->decision_ref);
	if (store_decision_get(cx->db, a->decision_id, &m->decision, e) != 0 ||
	    store_org_get(cx->db, m->decision.authority_id, &m->authority, e) != 0 ||
	    nominee_names(cx, a->person_id, a->org_id, m->recipient, sizeof m->recipient, m->unit,
			  sizeof m->unit, e) != 0 ||
	    store_rule_set_for_year(cx->db, a->year, &m->rules, e) != 0)
		return -1;
	const struct award_type *t = rule_set_find(&m->rules, a->award_type);
	m->doc = (struct doc_certificate){m->authority.name,
					  m->authority.province,
					  t ? t->name : a->award_type,
					  m->recipient,
					  a->person_id > 0 ? m->unit : NULL,
					  a->year,
					  m->decision.number,
					  m->decision.date,
					  m->decision.signer};
	return 1;
}

void api_certificate_pdf(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct certificate_data *m = calloc(1, sizeof *m);
	char *pdf = NULL, name[128];
	size_t len = 0;
	int rc = -1, loaded = m ? certificate_load(cx, rq->params[0], m, &e) : oom(&e);
	if (loaded == 1) {
		rc = doc_certificate_pdf(&m->doc, &pdf, &len, &e);
		rule_set_free(&m->rules);
	}
	snprintf(name, sizeof name, "Khen thưởng số %lld.pdf", (long long)rq->params[0]);
	send_pdf(cx, rs, rc, pdf, len, name, &e);
	free(m);
}
