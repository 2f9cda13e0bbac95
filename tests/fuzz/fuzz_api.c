/*
** The whole JSON API in process: a request (caller, method, path with its
** query, body) goes through api_handle, the router, authentication by
** API token, the policy, the handlers and the SQLite store, as the server
** would run it. Each input starts from the same small seeded database, so
** a finding replays alone.
**
** Input: byte 0 picks the caller (by API token: admin, authority
** officer, council member, unit officer, viewer; nobody; the admin by
** session cookie with its CSRF token, or without it), byte 1 the method;
** the rest is "PATH[?QUERY]\nBODY".
**
** Invariants: never a 500 (bad input is the client's fault, and nothing
** here is busy), a status the spec knows, JSON answers that parse, errors
** in the {"error":{"code","message"}} shape, no leak, no sanitizer report;
** and the policy holds: nobody gets past login (but to check a receipt),
** viewers and council members change nothing (but cast a ballot they are
** listed for), a cookie write without its CSRF token fails, only admins
** see users and the audit trail; and ballots stay secret: only those on a
** ballot's list cast in it, an open ballot's receipts are shown to nobody
** but their holders, the keys ballots are stored under to nobody at all,
** no count of a ballot that is not closed comes out but at its close, and
** none of a void one ever; checking a receipt (GET …/receipts/{code})
** answers only whether it was counted, never what its ballot holds, only
** for the ballot it was given for, and the same 404 receipt_not_found
** whether or not the ballot exists. The award routes answer in their
** shapes (fuzz_award.h: an eligibility's verdict follows from its
** conditions, a proposal has one of the six statuses and one nominee):
** a proposal submitted or reviewed is in the status it was moved to, and
** eligible when submitted or approved; a cluster year proposes only whom
** its ballot passed; a council ballot has a threshold, a quorum and three
** voters or more; a decision confers one award per proposal it names;
** only an authority (or an admin) reviews, holds council ballots, decides
** and records past awards, only an admin writes the law, and what a rule
** set's answer holds reads as a rule set (see check_awards).
** The database (see seed and seed_awards) holds the shipped rule sets
** and, for the awards, proposals in each status with the evidence, the
** history, the ballots and the decision that let each go one step further.
** Routes that hash passwords (login, creating a user or changing its
** password: argon2id, 64 MiB and ~0.1 s a call) are not taken.
*/
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "core/clock.h"
#include "domain/receipt.h"
#include "http/router.h"
#include "store/pool.h"
#include "store/store.h"
#include "fuzz_award.h"
#include "fuzz_mhd.h"
#include "fuzz_util.h"

static struct app app;
static char work_path[256], work_url[300];
static unsigned char *template_db;
static size_t template_len;

static const char *const tokens[] = {"fz-admin", "fz-authority", "fz-council", "fz-unit",
				     "fz-viewer"};
enum caller { ADMIN, AUTHORITY, COUNCIL, UNIT, VIEWER, NOBODY, COOKIE, COOKIE_NO_CSRF,
	      N_CALLERS };
#define SESSION_TOKEN "fz-session-cookie"
static char session_csrf[2 * AUTH_HASH_BYTES + 1];
static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};

static void die(const char *what, const struct error *e)
{
	fprintf(stderr, "fuzz_api setup: %s: %s\n", what, e ? e->message : "");
	abort();
}

static int64_t seed_org(struct db_conn *c, const char *name, enum org_kind kind,
			int64_t parent)
{
	struct org o;
	struct error e;
	memset(&o, 0, sizeof o);
	err_clear(&e);
	snprintf(o.name, sizeof o.name, "%s", name);
	o.kind = kind;
	o.parent_id = parent;
	if (store_org_insert(c, &o, &e) != 0)
		die("org", &e);
	return o.id;
}

static int64_t seed_user(struct db_conn *c, const char *name, unsigned roles, int64_t org,
			 const char *token)
{
	struct user u;
	struct error e;
	memset(&u, 0, sizeof u);
	err_clear(&e);
	snprintf(u.username, sizeof u.username, "%s", name);
	u.roles = roles;
	u.org_id = org;
	if (store_user_insert(c, &u, app.dummy_hash, &e) != 0)
		die("user", &e);
	unsigned char h[AUTH_HASH_BYTES];
	auth_token_hash(token, h);
	if (store_token_insert(c, h, u.id, &e) != 0)
		die("token", &e);
	return u.id;
}

/*
** Cluster years beside 2026 (planning, no table, an agreement that unit 4
** has signed and unit 3 not yet), each led by one unit with the other:
**   2023  results published (a ranking saved), no 2024 yet: the handover
**   2025  cross-assessment: both self sheets and unit 4's cross sheet of
**         unit 3 entered, unit 3's of unit 4 not yet
** Both have the agreement signed by both units and a table with every
** kind of criterion.
*/
static const struct {
	const char *code, *parent, *name;
	enum criterion_kind kind;
	double max_points, target, per_occurrence;
} table_rows[] = {
	{"I", "", "Nhiệm vụ chuyên môn", CRIT_GROUP, 60, 0, 0},
	{"I.1", "I", "Tham mưu", CRIT_POINTS, 20, 0, 0},
	{"I.2", "I", "Kết nạp đảng viên (%)", CRIT_QUANTITATIVE, 20, 100, 0},
	{"I.3", "I", "Báo cáo đúng hạn", CRIT_PASS_FAIL, 10, 0, 0},
	{"I.4", "I", "Mô hình được công nhận", CRIT_PER_OCCURRENCE, 10, 0, 2.5},
	{"II", "", "Điểm thưởng", CRIT_GROUP, 5, 0, 0},
	{"II.1", "II", "Sáng kiến", CRIT_BONUS, 5, 0, 0},
	{"III", "", "Điểm trừ", CRIT_PENALTY, 10, 0, 0},
};
#define TABLE_ROWS (sizeof table_rows / sizeof *table_rows)

static void seed_sheet(struct db_conn *c, const struct cluster_year *y,
		       const struct criteria_table *t, int64_t scored, int64_t scoring,
		       double quality)
{
	struct error e;
	err_clear(&e);
	for (size_t i = 0; i < t->n; i++) {
		const struct criterion *k = &t->items[i];
		double v = k->kind == CRIT_QUANTITATIVE     ? k->target * quality
			   : k->kind == CRIT_PASS_FAIL      ? 1
			   : k->kind == CRIT_PER_OCCURRENCE ? 3
			   : k->kind == CRIT_PENALTY	    ? 1
							    : k->max_points * quality;
		if (k->kind != CRIT_GROUP &&
		    store_score_put(c, y->cluster_id, y->year, scored, scoring, k->code, v, NULL,
				    NULL, 0, &e) != 0)
			die("score", &e);
	}
}

static void seed_ranking(struct db_conn *c, const struct cluster_year *y,
			 const struct criteria_table *t)
{
	struct error e;
	err_clear(&e);
	struct score_filter all = {0, 0};
	struct score_row *rows = NULL;
	size_t n = 0;
	struct ranking r;
	if (store_scores_list(c, y->cluster_id, y->year, &all, t, &rows, &n, &e) != 0)
		die("scores", &e);
	struct score_entry *entries = calloc(n + 1, sizeof *entries);
	if (!entries)
		abort();
	for (size_t i = 0; i < n; i++)
		entries[i] = rows[i].entry;
	struct tie_rule ties = tie_rule_default();
	if (ranking_compute(t, y->members, y->n_members, entries, n, FINAL_CROSS_MEAN, &ties,
			    &r, &e) != 0 ||
	    store_ranking_save(c, y->cluster_id, y->year, &r, t, &e) != 0)
		die("ranking", &e);
	ranking_free(&r);
	free(entries);
	store_score_rows_free(rows, n);
}

static void seed_year(struct db_conn *c, int64_t cluster, int year, int64_t leader,
		      int64_t other, enum year_status to)
{
	struct error e;
	err_clear(&e);
	struct cluster_year y;
	memset(&y, 0, sizeof y);
	y.cluster_id = cluster;
	y.year = year;
	y.members[0] = leader;
	y.members[1] = other;
	y.n_members = 2;
	y.leader_id = leader;
	if (store_cluster_year_put(c, &y, 0, &e) != 0)
		die("cluster year", &e);
	struct criteria_table t;
	memset(&t, 0, sizeof t);
	t.items = calloc(TABLE_ROWS, sizeof *t.items);
	if (!t.items)
		abort();
	for (size_t i = 0; i < TABLE_ROWS; i++) {
		struct criterion *k = &t.items[i];
		snprintf(k->code, sizeof k->code, "%s", table_rows[i].code);
		snprintf(k->parent, sizeof k->parent, "%s", table_rows[i].parent);
		snprintf(k->name, sizeof k->name, "%s", table_rows[i].name);
		k->kind = table_rows[i].kind;
		k->max_points = table_rows[i].max_points;
		k->target = table_rows[i].target;
		k->per_occurrence = table_rows[i].per_occurrence;
	}
	t.n = TABLE_ROWS;
	struct agreement_target target = {"KN", "Kết nạp đảng viên mới", 100, 1, "% chỉ tiêu"};
	char text[] = "Giao ước thi đua của Cụm thi đua số 1";
	struct agreement a = {text, &target, 1, 1, ""};
	struct tie_rule ties = tie_rule_default();
	if (criteria_validate(t.items, t.n, &e) != 0 ||
	    store_agreement_put(c, cluster, year, &a, &e) != 0 ||
	    store_criteria_put(c, cluster, year, &t, 0, &e) != 0 ||
	    store_year_set_rules(c, cluster, year, FINAL_CROSS_MEAN, &ties, &e) != 0 ||
	    store_signature_insert(c, cluster, year, leader, 1, 0, &e) != 0 ||
	    store_signature_insert(c, cluster, year, other, 1, 0, &e) != 0 ||
	    store_year_set_status(c, cluster, year, YEAR_SELF_ASSESSMENT, NULL, &e) != 0)
		die("year", &e);
	seed_sheet(c, &y, &t, leader, leader, 0.9);
	seed_sheet(c, &y, &t, other, other, 0.8);
	if (store_year_set_status(c, cluster, year, YEAR_CROSS_ASSESSMENT, NULL, &e) != 0)
		die("cross assessment", &e);
	seed_sheet(c, &y, &t, leader, other, 0.85);
	if (to == YEAR_RESULTS_PUBLISHED) {
		seed_sheet(c, &y, &t, other, leader, 0.75);
		seed_ranking(c, &y, &t);
		if (store_year_set_status(c, cluster, year, YEAR_RESULTS_PUBLISHED, NULL, &e) != 0)
			die("results published", &e);
	}
	free(t.items);
}

static void seed_years(struct db_conn *c, int64_t cluster, int64_t u1, int64_t u2)
{
	struct error e;
	err_clear(&e);
	seed_year(c, cluster, 2023, u2, u1, YEAR_RESULTS_PUBLISHED);
	seed_year(c, cluster, 2025, u1, u2, YEAR_CROSS_ASSESSMENT);
	struct agreement_target target = {"KN", "Kết nạp đảng viên mới", 100, 1, "% chỉ tiêu"};
	char text[] = "Giao ước thi đua năm 2026 của Cụm thi đua số 1";
	struct agreement a = {text, &target, 1, 1, ""};
	if (store_agreement_put(c, cluster, 2026, &a, &e) != 0 ||
	    store_signature_insert(c, cluster, 2026, u2, 1, 0, &e) != 0)
		die("2026 agreement", &e);
}

/*
** Ballots (ids in this order), with the receipts of the ballots seeded as
** cast (each ballot stored apart, under a fixed key, as its marks); users
** by their ids (1 admin … 5 viewer, 6 and 7 council members; see seed):
**   1  cluster 1's 2026 vote (approve each of units 3 and 4 and a
**      label), open: unit 4 voted (receipt 0), unit 3 has yet to
**   2  cluster 1's 2025 nomination (one seat, single choice), closed and
**      resealed: units 3 and 4 voted one each (receipts 1, 2): two
**      ballots, too few to publish, so it is void
**   3  the province's council ballot (choose 2 of persons 1 and 2 and a
**      label) for users 3 council, 4 unit and 5 viewer, open, nobody voted
**   4  cluster 1's 2026 draft (approve each of units 3 and 4)
**   5  the province's council ballot (one seat of two labels, single
**      choice) for council members 3, 6 and 7, closed and resealed: one
**      ballot each, a blank one among them (receipts 3, 4, 5): a tie that
**      waits for the chair's casting vote
**   6  cluster 2's 2026 nomination (approve each of units 3, 6 and 7, half
**      of the ballots cast), closed and resealed: its three units voted
**      (receipts 6, 7, 8), passing units 3 and 6 (see seed_awards)
**   7  the province's council ballot on proposal 3 (approve person 1, the
**      threshold and quorum of BK_TINH under Decree 152), closed and
**      resealed: council members 3, 6 and 7 approved (receipts 9, 10, 11)
*/
static const char *const receipts[] = {"AAAA-BBBB-CCCC-DDDD-EEEE-FFFF",
				       "GGGG-HHHH-JJJJ-KKKK-MMMM-NNNN",
				       "PPPP-QQQQ-RRRR-SSSS-TTTT-VVVV",
				       "WWWW-XXXX-YYYY-ZZZZ-0000-1111",
				       "2222-3333-4444-5555-6666-7777",
				       "8888-9999-AAAA-CCCC-EEEE-GGGG",
				       "HHHH-JJJJ-KKKK-MMMM-NNNN-PPPP",
				       "QQQQ-RRRR-SSSS-TTTT-VVVV-WWWW",
				       "XXXX-YYYY-ZZZZ-0000-1111-2222",
				       "3333-4444-5555-6666-7777-8888",
				       "9999-AAAA-CCCC-EEEE-GGGG-HHHH",
				       "JJJJ-KKKK-MMMM-NNNN-PPPP-QQQQ"};
#define N_RECEIPTS (sizeof receipts / sizeof *receipts)
static char receipt_hashes[N_RECEIPTS][RECEIPT_HASH_BYTES];
/* the ballot each receipt was handed out for */
static const int64_t receipt_ballot[N_RECEIPTS] = {1, 2, 2, 5, 5, 5, 6, 6, 6, 7, 7, 7};
/* the keys the seeded ballots are stored under, one per receipt (no link between them) */
static const char *const vote_keys[N_RECEIPTS] = {
	"0da39d1a92615f426350d2d8f12a449d", "09dcdd56aabcf91854a70b16ade40e89",
	"80d7d9bc29a1e4cbb3d7d73bd20f4ed2", "ed2165585a5e2ceec9dd737b7296a302",
	"dc66ed460f108e82f09e18950b776215", "b828ca9431e6db5079ffe82ca6d68472",
	"5b0c3e1f7a2d48e69c0b1d2e3f4a5b6c", "6c1d4f208b3e59f7ad1c2e3f4a5b6c7d",
	"7d2e5a319c4f6a08be2d3f4a5b6c7d8e", "8e3f6b42ad5a7b19cf3e4a5b6c7d8e9f",
	"9f4a7c53be6b8c2ad04f5b6c7d8e9fa0", "a05b8d64cf7c9d3be15a6c7d8e9fa0b1"};
enum { OPEN_BALLOT = 1, CLOSED_BALLOT, COUNCIL_BALLOT, DRAFT_BALLOT, TIED_BALLOT,
       NOMINATION_BALLOT, AWARD_COUNCIL_BALLOT };

struct seed_ballot {
	struct ballot b;
	struct ballot_candidate k[3];
};

static void add_candidate(struct seed_ballot *s, int64_t org, int64_t person,
			  const char *label)
{
	struct ballot_candidate *k = &s->k[s->b.n_candidates];
	memset(k, 0, sizeof *k);
	k->id = (int)s->b.n_candidates + 1;
	k->org_id = org;
	k->person_id = person;
	k->priority = person == 2; /* Trần Thị Bình */
	snprintf(k->label, sizeof k->label, "%s", label);
	s->b.candidates = s->k;
	s->b.n_candidates++;
}

static int64_t seed_ballot(struct db_conn *c, struct seed_ballot *s, const int64_t *voters,
			   size_t n_voters, enum ballot_status to)
{
	struct error e;
	err_clear(&e);
	if (store_ballot_insert(c, &s->b, 1, voters, n_voters, &e) != 0 ||
	    (to != BALLOT_DRAFT && store_ballot_set_status(c, &s->b, BALLOT_OPEN, &e) != 0))
		die("ballot", &e);
	return s->b.id;
}

/* One online ballot as store_ballot_cast would store it, with fixed receipt and key. */
static void seed_vote(struct db_conn *c, int64_t ballot, int64_t voter, size_t receipt,
		      const char *marks)
{
	struct error e;
	err_clear(&e);
	struct cast_vote v;
	memset(&v, 0, sizeof v);
	snprintf(v.key, sizeof v.key, "%s", vote_keys[receipt]);
	snprintf(v.marks, sizeof v.marks, "%s", marks);
	if (receipt_ballot[receipt] != ballot)
		die("receipt of another ballot", NULL);
	if (store_ballot_voter_mark(c, ballot, voter, VOTED_ONLINE, &e) != 0 ||
	    store_receipt_insert(c, ballot, receipt_hashes[receipt], &e) != 0 ||
	    store_vote_insert(c, ballot, &v, &e) != 0)
		die("vote", &e);
}

static void seed_ballots(struct db_conn *c, int64_t province, int64_t cluster, int64_t u1,
			 int64_t u2, const int64_t *users, const int64_t *council)
{
	struct error e;
	err_clear(&e);
	for (size_t i = 0; i < N_RECEIPTS; i++) {
		char code[RECEIPT_CODE_CHARS + 1];
		if (receipt_normalize(receipts[i], code) != 0)
			die("receipt", NULL);
		receipt_hash(code, receipt_hashes[i]);
	}
	int64_t units[] = {u1, u2};
	struct seed_ballot s;

	memset(&s, 0, sizeof s);
	s.b.authority_id = province;
	s.b.cluster_id = cluster;
	s.b.year = 2026;
	snprintf(s.b.question, sizeof s.b.question, "Thông qua quy chế hoạt động của Cụm");
	s.b.rules = (struct ballot_rules){BALLOT_APPROVE_EACH, 0, 0, 5000, BASE_CAST, 0};
	s.b.voters = VOTERS_UNITS;
	add_candidate(&s, u1, 0, "Huyện ủy Yên Thế");
	add_candidate(&s, u2, 0, "Huyện ủy Lục Nam");
	add_candidate(&s, 0, 0, "Quy chế sửa đổi");
	if (seed_ballot(c, &s, units, 2, BALLOT_OPEN) != OPEN_BALLOT)
		die("ballot 1", NULL);
	seed_vote(c, OPEN_BALLOT, u2, 0, "101");

	memset(&s, 0, sizeof s);
	s.b.authority_id = province;
	s.b.cluster_id = cluster;
	s.b.year = 2025;
	snprintf(s.b.question, sizeof s.b.question, "Đề nghị tặng Cờ thi đua của Chính phủ");
	s.b.rules = (struct ballot_rules){BALLOT_SINGLE, 1, 1, 0, BASE_CAST, 0};
	s.b.voters = VOTERS_UNITS;
	add_candidate(&s, u1, 0, "Huyện ủy Yên Thế");
	add_candidate(&s, u2, 0, "Huyện ủy Lục Nam");
	if (seed_ballot(c, &s, units, 2, BALLOT_OPEN) != CLOSED_BALLOT)
		die("ballot 2", NULL);
	seed_vote(c, CLOSED_BALLOT, u2, 1, "01");
	seed_vote(c, CLOSED_BALLOT, u1, 2, "10");
	if (store_ballot_set_status(c, &s.b, BALLOT_CLOSED, &e) != 0 ||
	    store_ballot_reseal(c, CLOSED_BALLOT, &e) != 0)
		die("close ballot 2", &e);

	memset(&s, 0, sizeof s);
	s.b.authority_id = province;
	s.b.year = 2026;
	snprintf(s.b.question, sizeof s.b.question, "Bầu chọn cá nhân tiêu biểu");
	s.b.rules = (struct ballot_rules){BALLOT_CHOOSE_N, 2, 2, 6666, BASE_ELIGIBLE, 5000};
	s.b.voters = VOTERS_USERS;
	add_candidate(&s, 0, 1, "Nguyễn Văn An");
	add_candidate(&s, 0, 2, "Trần Thị Bình");
	add_candidate(&s, 0, 0, "Lê Văn Cường");
	if (seed_ballot(c, &s, users, 3, BALLOT_OPEN) != COUNCIL_BALLOT)
		die("ballot 3", NULL);

	memset(&s, 0, sizeof s);
	s.b.authority_id = province;
	s.b.cluster_id = cluster;
	s.b.year = 2026;
	snprintf(s.b.question, sizeof s.b.question, "Đề nghị tặng Bằng khen");
	s.b.rules = (struct ballot_rules){BALLOT_APPROVE_EACH, 0, 0, 8000, BASE_ELIGIBLE, 0};
	s.b.voters = VOTERS_UNITS;
	add_candidate(&s, u1, 0, "Huyện ủy Yên Thế");
	add_candidate(&s, u2, 0, "Huyện ủy Lục Nam");
	if (seed_ballot(c, &s, units, 2, BALLOT_DRAFT) != DRAFT_BALLOT)
		die("ballot 4", NULL);

	memset(&s, 0, sizeof s);
	s.b.authority_id = province;
	s.b.year = 2026;
	snprintf(s.b.question, sizeof s.b.question, "Chọn tập thể dẫn đầu phong trào");
	s.b.rules = (struct ballot_rules){BALLOT_SINGLE, 1, 1, 0, BASE_CAST, 0};
	s.b.voters = VOTERS_USERS;
	add_candidate(&s, 0, 0, "Phòng Tổ chức");
	add_candidate(&s, 0, 0, "Phòng Tuyên giáo");
	if (seed_ballot(c, &s, council, 3, BALLOT_OPEN) != TIED_BALLOT)
		die("ballot 5", NULL);
	seed_vote(c, TIED_BALLOT, council[2], 3, "10");
	seed_vote(c, TIED_BALLOT, council[0], 4, "00");
	seed_vote(c, TIED_BALLOT, council[1], 5, "01");
	if (store_ballot_set_status(c, &s.b, BALLOT_CLOSED, &e) != 0 ||
	    store_ballot_reseal(c, TIED_BALLOT, &e) != 0)
		die("close ballot 5", &e);
}

/* ---- awards: evidence, history, proposals and a decision ---- */

static int64_t seed_person(struct db_conn *c, const char *name, int64_t org, enum gender g)
{
	struct person p;
	struct error e;
	memset(&p, 0, sizeof p);
	err_clear(&e);
	snprintf(p.full_name, sizeof p.full_name, "%s", name);
	p.org_id = org;
	p.gender = g;
	if (store_person_insert(c, &p, &e) != 0)
		die("person", &e);
	return p.id;
}

static void seed_rating(struct db_conn *c, int64_t person, int64_t org, int year,
			enum rating rating)
{
	struct rating_record r;
	struct error e;
	memset(&r, 0, sizeof r);
	err_clear(&e);
	r.person_id = person;
	r.org_id = org;
	r.year = year;
	r.rating = rating;
	if (store_rating_put(c, &r, &e) != 0)
		die("rating", &e);
}

static void seed_initiative(struct db_conn *c, int64_t person, const char *title,
			    enum award_level level, int year)
{
	struct initiative i;
	struct error e;
	memset(&i, 0, sizeof i);
	err_clear(&e);
	i.person_id = person;
	snprintf(i.title, sizeof i.title, "%s", title);
	i.level = level;
	i.year = year;
	if (store_initiative_insert(c, &i, &e) != 0)
		die("initiative", &e);
}

static void seed_hold(struct db_conn *c, int64_t person, int64_t org, enum hold_kind kind,
		      const char *from, const char *until, const char *note, int64_t recorder)
{
	struct hold h;
	struct error e;
	memset(&h, 0, sizeof h);
	err_clear(&e);
	h.person_id = person;
	h.org_id = org;
	h.kind = kind;
	snprintf(h.started_on, sizeof h.started_on, "%s", from);
	snprintf(h.ended_on, sizeof h.ended_on, "%s", until);
	snprintf(h.note, sizeof h.note, "%s", note);
	h.recorded_by = recorder;
	if (store_hold_insert(c, &h, &e) != 0)
		die("hold", &e);
}

/* An award from before go-live, with its paper decision. */
static void seed_history(struct db_conn *c, const char *type, int64_t person, int64_t org,
			 int year, int64_t cluster, const char *ref)
{
	struct award a;
	struct error e;
	memset(&a, 0, sizeof a);
	err_clear(&e);
	snprintf(a.award_type, sizeof a.award_type, "%s", type);
	a.person_id = person;
	a.org_id = org;
	a.year = year;
	a.cluster_id = cluster;
	snprintf(a.decision_ref, sizeof a.decision_ref, "%s", ref);
	if (store_award_record(c, &a, NULL, &e) != 0)
		die("award history", &e);
}

/* A proposal stored as made (a draft), then moved to status as the handlers would. */
static int64_t seed_proposal(struct db_conn *c, const struct rule_set *rs,
			     const struct proposal *p_in, enum proposal_status status,
			     const char *note, const char *ballot_result)
{
	struct proposal p = *p_in;
	struct error e;
	err_clear(&e);
	if (!rule_set_find(rs, p.award_type))
		die(p.award_type, NULL);
	p.rule_set_id = rs->id;
	p.grounds = strdup("Hoàn thành xuất sắc nhiệm vụ được giao; có sáng kiến được công nhận.");
	p.ballot_result = ballot_result ? strdup(ballot_result) : NULL;
	p.created_by = 1;
	if (!p.grounds || store_proposal_insert(c, &p, &e) != 0)
		die("proposal", &e);
	p.status = status;
	if (note)
		p.review_note = strdup(note);
	if (store_proposal_update(c, &p, &e) != 0)
		die("proposal status", &e);
	int64_t id = p.id;
	proposal_free(&p);
	return id;
}

/*
** Proposals (ids in this order) of the province (org 2) for 2026 under
** Decree 152 unless said, their nominees' evidence and history arranged
** so that each next step of its own can succeed:
**   1  draft: unit 3 for person 1, LDTT (rated excellent 2026): the unit
**      may submit it
**   2  submitted: unit 3 for person 1, CSTDCS (needs LDTT of the year and
**      the council): a council ballot can be made of it
**   3  under review: unit 3 for person 1, BK_TINH, ballot 7 passed it,
**      excellent 2025 and 2026: the authority may approve it
**   4  approved: unit 3 for person 1, GK (no condition but the freeze): a
**      decision may confer it
**   5  returned (with a note): unit 4 for person 2, LDTT; person 2 is under
**      discipline since 2026-03-01, so resubmitting is refused
**   6  rejected: unit 3 for person 1, CSTD_TINH
**   7  approved and conferred by decision 1 (15/QĐ-UBND of 2026-01-15):
**      cluster 1 for unit 3, TTLDTT 2025 (award 6 of the history)
**   8  draft: cluster 2 (led by unit 3) for unit 6, CO_TINH, with ballot
**      6's verdict (passed): the leader may submit it
**   9  submitted: cluster 2 for unit 3, BK_TINH_TT, ballot 6's verdict
**   10 submitted: unit 3 for person 3, LDTT (rated good 2026): the
**      authority may approve it without a council
** History (awards 1-5, recorded with their paper decisions): person 1
** LDTT and CSTDCS 2025, person 3 LDTT 2025, unit 3 CO_TINH 2025 (cluster
** 1), unit 4 TTLDTT 2025. Ratings: person 1 excellent 2024-2026, person 2
** and 3 good 2026, unit 3 excellent 2026, unit 6 excellent 2025 and 2026.
** Initiatives 1-3: person 1 grassroots 2026 and ministry/province 2025,
** person 2 grassroots 2026. Holds 1-3: person 2 discipline (open) and
** unit 4 inspection (ended), opened by the province; person 3 complaint
** (ended), opened by unit 3.
** People 3 (unit 3) and 4 (unit 6); units 6 and 7 of the province;
** cluster 2 of units 3, 6 and 7 with a 2026 year led by unit 3.
*/
static void seed_awards(struct db_conn *c, int64_t province, int64_t cluster1, int64_t u1,
			int64_t u2, const int64_t *council)
{
	struct error e;
	err_clear(&e);
	int64_t u6 = seed_org(c, "Huyện ủy Tân Yên", ORG_UNIT, province);
	int64_t u7 = seed_org(c, "Huyện ủy Lạng Giang", ORG_UNIT, province);
	int64_t p1 = 1, p2 = 2;
	int64_t p3 = seed_person(c, "Lê Văn Cường", u1, GENDER_MALE);
	seed_person(c, "Phạm Thị Dung", u6, GENDER_FEMALE);

	struct cluster cl;
	memset(&cl, 0, sizeof cl);
	snprintf(cl.name, sizeof cl.name, "Cụm thi đua số 2");
	cl.authority_id = province;
	cl.rotation[0] = u1;
	cl.rotation[1] = u6;
	cl.rotation[2] = u7;
	cl.n_rotation = 3;
	if (store_cluster_insert(c, &cl, &e) != 0)
		die("cluster 2", &e);
	struct cluster_year y;
	memset(&y, 0, sizeof y);
	y.cluster_id = cl.id;
	y.year = 2026;
	y.members[0] = u1;
	y.members[1] = u6;
	y.members[2] = u7;
	y.n_members = 3;
	y.leader_id = u1;
	if (store_cluster_year_put(c, &y, 0, &e) != 0)
		die("cluster 2 year", &e);

	struct rule_set rs;
	if (store_rule_set_on(c, "2026-12-31", &rs, &e) != 0)
		die("rule set of 2026", &e);
	const struct award_type *bk = rule_set_find(&rs, "BK_TINH");
	if (!bk || !bk->vote_threshold)
		die("BK_TINH", NULL);

	/* ballot 6: cluster 2's nomination, passing units 3 and 6 */
	struct seed_ballot b;
	int64_t units[] = {u1, u6, u7};
	memset(&b, 0, sizeof b);
	b.b.authority_id = province;
	b.b.cluster_id = cl.id;
	b.b.year = 2026;
	snprintf(b.b.question, sizeof b.b.question, "Đề nghị khen thưởng tập thể năm 2026");
	b.b.rules = (struct ballot_rules){BALLOT_APPROVE_EACH, 0, 0, 5000, BASE_CAST, 0};
	b.b.voters = VOTERS_UNITS;
	add_candidate(&b, u1, 0, "Huyện ủy Yên Thế");
	add_candidate(&b, u6, 0, "Huyện ủy Tân Yên");
	add_candidate(&b, u7, 0, "Huyện ủy Lạng Giang");
	if (seed_ballot(c, &b, units, 3, BALLOT_OPEN) != NOMINATION_BALLOT)
		die("ballot 6", NULL);
	seed_vote(c, NOMINATION_BALLOT, u1, 6, "110");
	seed_vote(c, NOMINATION_BALLOT, u6, 7, "110");
	seed_vote(c, NOMINATION_BALLOT, u7, 8, "011");
	if (store_ballot_set_status(c, &b.b, BALLOT_CLOSED, &e) != 0 ||
	    store_ballot_reseal(c, NOMINATION_BALLOT, &e) != 0)
		die("close ballot 6", &e);

	/* ballot 7: the council on proposal 3, as POST /council-ballots makes it */
	memset(&b, 0, sizeof b);
	b.b.authority_id = province;
	b.b.year = 2026;
	snprintf(b.b.question, sizeof b.b.question,
		 "Hội đồng Thi đua - Khen thưởng biểu quyết đề nghị tặng %s năm 2026", bk->name);
	b.b.rules = (struct ballot_rules){BALLOT_APPROVE_EACH, 0, 0, bk->vote_threshold,
					  BASE_ELIGIBLE, rs.council_quorum};
	b.b.voters = VOTERS_USERS;
	add_candidate(&b, 0, p1, "Nguyễn Văn An");
	if (seed_ballot(c, &b, council, 3, BALLOT_OPEN) != AWARD_COUNCIL_BALLOT)
		die("ballot 7", NULL);
	seed_vote(c, AWARD_COUNCIL_BALLOT, council[0], 9, "1");
	seed_vote(c, AWARD_COUNCIL_BALLOT, council[1], 10, "1");
	seed_vote(c, AWARD_COUNCIL_BALLOT, council[2], 11, "1");
	if (store_ballot_set_status(c, &b.b, BALLOT_CLOSED, &e) != 0 ||
	    store_ballot_reseal(c, AWARD_COUNCIL_BALLOT, &e) != 0)
		die("close ballot 7", &e);

	seed_rating(c, p1, 0, 2024, RATING_EXCELLENT);
	seed_rating(c, p1, 0, 2025, RATING_EXCELLENT);
	seed_rating(c, p1, 0, 2026, RATING_EXCELLENT);
	seed_rating(c, p2, 0, 2026, RATING_GOOD);
	seed_rating(c, p3, 0, 2026, RATING_GOOD);
	seed_rating(c, 0, u1, 2026, RATING_EXCELLENT);
	seed_rating(c, 0, u6, 2025, RATING_EXCELLENT);
	seed_rating(c, 0, u6, 2026, RATING_EXCELLENT);
	seed_initiative(c, p1, "Số hóa hồ sơ thi đua, khen thưởng", LEVEL_GRASSROOTS, 2026);
	seed_initiative(c, p1, "Đề tài khoa học cấp tỉnh về công tác cán bộ",
			LEVEL_MINISTRY_PROVINCE, 2025);
	seed_initiative(c, p2, "Cải tiến quy trình tiếp công dân", LEVEL_GRASSROOTS, 2026);
	seed_hold(c, p2, 0, HOLD_DISCIPLINE, "2026-03-01", "", "Đang xem xét kỷ luật", province);
	seed_hold(c, 0, u2, HOLD_INSPECTION, "2026-01-10", "2026-02-10", "Thanh tra công vụ",
		  province);
	seed_hold(c, p3, 0, HOLD_COMPLAINT, "2025-05-01", "2025-06-01", "", u1);
	seed_history(c, "LDTT", p1, 0, 2025, 0, "12/QĐ-UBND");
	seed_history(c, "CSTDCS", p1, 0, 2025, 0, "30/QĐ-UBND");
	seed_history(c, "LDTT", p3, 0, 2025, 0, "12/QĐ-UBND");
	seed_history(c, "CO_TINH", 0, u1, 2025, cluster1, "101/QĐ-UBND");
	seed_history(c, "TTLDTT", 0, u2, 2025, 0, "45/QĐ-UBND");

	const char *nominated =
		"{\"ballot_id\":6,\"question\":\"Đề nghị khen thưởng tập thể năm 2026\","
		"\"eligible\":3,\"cast\":3,\"votes\":2,\"threshold\":0.5,\"threshold_base\":\"cast\","
		"\"needed\":2,\"passed\":true}";
	struct proposal p;
	memset(&p, 0, sizeof p);
	p.year = 2026;
	p.authority_id = province;
	p.proposer_org_id = u1;
	p.nominee_person_id = p1;
	snprintf(p.award_type, sizeof p.award_type, "LDTT");
	seed_proposal(c, &rs, &p, PROPOSAL_DRAFT, NULL, NULL);
	snprintf(p.award_type, sizeof p.award_type, "CSTDCS");
	seed_proposal(c, &rs, &p, PROPOSAL_SUBMITTED, NULL, NULL);
	snprintf(p.award_type, sizeof p.award_type, "BK_TINH");
	p.council_ballot_id = AWARD_COUNCIL_BALLOT;
	seed_proposal(c, &rs, &p, PROPOSAL_UNDER_REVIEW, NULL, NULL);
	p.council_ballot_id = 0;
	snprintf(p.award_type, sizeof p.award_type, "GK");
	seed_proposal(c, &rs, &p, PROPOSAL_APPROVED, "Đủ điều kiện", NULL);
	snprintf(p.award_type, sizeof p.award_type, "LDTT");
	p.proposer_org_id = u2;
	p.nominee_person_id = p2;
	seed_proposal(c, &rs, &p, PROPOSAL_RETURNED, "Bổ sung minh chứng xếp loại", NULL);
	snprintf(p.award_type, sizeof p.award_type, "CSTD_TINH");
	p.proposer_org_id = u1;
	p.nominee_person_id = p1;
	seed_proposal(c, &rs, &p, PROPOSAL_REJECTED, "Chưa đủ sáng kiến cấp tỉnh", NULL);

	/* 7: conferred by decision 1 */
	struct decision d;
	memset(&d, 0, sizeof d);
	d.authority_id = province;
	snprintf(d.number, sizeof d.number, "15/QĐ-UBND");
	snprintf(d.date, sizeof d.date, "2026-01-15");
	snprintf(d.signer, sizeof d.signer, "Nguyễn Văn Sơn");
	d.created_by = 2;
	if (store_decision_insert(c, &d, &e) != 0)
		die("decision", &e);
	struct proposal q;
	memset(&q, 0, sizeof q);
	q.year = 2025;
	q.authority_id = province;
	q.proposer_org_id = u1;
	q.cluster_id = cluster1;
	q.nominee_org_id = u1;
	snprintf(q.award_type, sizeof q.award_type, "TTLDTT");
	struct rule_set rs2025;
	if (store_rule_set_on(c, "2025-12-31", &rs2025, &e) != 0)
		die("rule set of 2025", &e);
	int64_t conferred = seed_proposal(c, &rs2025, &q, PROPOSAL_APPROVED, NULL, NULL);
	rule_set_free(&rs2025);
	if (store_proposal_get(c, conferred, &q, &e) != 0)
		die("proposal 7", &e);
	q.decision_id = d.id;
	struct award a;
	memset(&a, 0, sizeof a);
	snprintf(a.award_type, sizeof a.award_type, "%s", q.award_type);
	a.org_id = u1;
	a.year = 2025;
	a.decision_id = d.id;
	a.proposal_id = q.id;
	a.authority_id = province;
	a.cluster_id = cluster1;
	if (store_award_insert(c, &a, &e) != 0 || store_proposal_update(c, &q, &e) != 0)
		die("conferred award", &e);
	proposal_free(&q);

	/* 8, 9: cluster 2's, with its ballot's verdict */
	memset(&p, 0, sizeof p);
	p.year = 2026;
	p.authority_id = province;
	p.proposer_org_id = u1;
	p.cluster_id = cl.id;
	p.ballot_id = NOMINATION_BALLOT;
	p.nominee_org_id = u6;
	snprintf(p.award_type, sizeof p.award_type, "CO_TINH");
	seed_proposal(c, &rs, &p, PROPOSAL_DRAFT, NULL, nominated);
	p.nominee_org_id = u1;
	snprintf(p.award_type, sizeof p.award_type, "BK_TINH_TT");
	seed_proposal(c, &rs, &p, PROPOSAL_SUBMITTED, NULL, nominated);

	/* 10 */
	memset(&p, 0, sizeof p);
	p.year = 2026;
	p.authority_id = province;
	p.proposer_org_id = u1;
	p.nominee_person_id = p3;
	snprintf(p.award_type, sizeof p.award_type, "LDTT");
	seed_proposal(c, &rs, &p, PROPOSAL_SUBMITTED, NULL, NULL);
	rule_set_free(&rs);
}

/*
** Orgs 1 ministry > 2 province > {3, 4} units, 5 elsewhere; a person in
** 3 and in 4; cluster 1 of authority 2 with a 2026 year (and 2023 and
** 2025, see seed_years); one user per role, and two more council members;
** ballots (see seed_ballots).
*/
static void seed(struct db_conn *c)
{
	struct error e;
	err_clear(&e);
	int applied = 0;
	if (store_migrate(c, &applied, &e) != 0)
		die("migrate", &e);
	int64_t ministry = seed_org(c, "Bộ Nội vụ", ORG_AUTHORITY, 0);
	int64_t province = seed_org(c, "Tỉnh ủy Bắc Giang", ORG_AUTHORITY, ministry);
	int64_t u1 = seed_org(c, "Huyện ủy Yên Thế", ORG_UNIT, province);
	int64_t u2 = seed_org(c, "Huyện ủy Lục Nam", ORG_UNIT, province);
	seed_org(c, "Tỉnh ủy Cà Mau", ORG_AUTHORITY, 0);
	struct person p;
	memset(&p, 0, sizeof p);
	snprintf(p.full_name, sizeof p.full_name, "Nguyễn Văn An");
	p.org_id = u1;
	if (store_person_insert(c, &p, &e) != 0)
		die("person", &e);
	snprintf(p.full_name, sizeof p.full_name, "Trần Thị Bình");
	p.org_id = u2;
	p.gender = GENDER_FEMALE;
	if (store_person_insert(c, &p, &e) != 0)
		die("person", &e);
	struct cluster cl;
	memset(&cl, 0, sizeof cl);
	snprintf(cl.name, sizeof cl.name, "Cụm thi đua số 1");
	cl.authority_id = province;
	cl.rotation[0] = u1;
	cl.rotation[1] = u2;
	cl.n_rotation = 2;
	if (store_cluster_insert(c, &cl, &e) != 0)
		die("cluster", &e);
	struct cluster_year y;
	memset(&y, 0, sizeof y);
	y.cluster_id = cl.id;
	y.year = 2026;
	y.members[0] = u1;
	y.members[1] = u2;
	y.n_members = 2;
	y.leader_id = u1;
	if (store_cluster_year_put(c, &y, 0, &e) != 0)
		die("cluster year", &e);
	seed_years(c, cl.id, u1, u2);
	int64_t admin = seed_user(c, "quan.tri", ROLE_ADMIN, 0, tokens[0]);
	unsigned char h[AUTH_HASH_BYTES];
	auth_token_hash(SESSION_TOKEN, h);
	int64_t now = clock_now();
	if (store_session_insert(c, h, admin, now, now + 24 * 3600, &e) != 0)
		die("session", &e);
	auth_csrf_for(SESSION_TOKEN, session_csrf, sizeof session_csrf);
	seed_user(c, "can.bo.tinh", ROLE_AUTHORITY_OFFICER, province, tokens[1]);
	int64_t council_voters[3];
	council_voters[0] = seed_user(c, "hoi.dong", ROLE_COUNCIL_MEMBER, province, tokens[2]);
	council_voters[1] = seed_user(c, "can.bo.huyen", ROLE_UNIT_OFFICER, u1, tokens[3]);
	council_voters[2] = seed_user(c, "xem", ROLE_VIEWER, 0, tokens[4]);
	/* a council of three: council ballots can be held through the API */
	int64_t council[3] = {council_voters[0],
			      seed_user(c, "hoi.dong.2", ROLE_COUNCIL_MEMBER, province, "fz-council-2"),
			      seed_user(c, "hoi.dong.3", ROLE_COUNCIL_MEMBER, province, "fz-council-3")};
	seed_ballots(c, province, cl.id, u1, u2, council_voters, council);
	seed_awards(c, province, cl.id, u1, u2, council);
}

static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *buf = n > 0 ? malloc((size_t)n) : NULL;
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = buf ? (size_t)n : 0;
	return buf;
}

static void remove_db(const char *path)
{
	char side[300];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

static char dir[64];

static void cleanup(void)
{
	remove_db(work_path);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (auth_init() != 0)
		abort();
	struct stat st;
	snprintf(dir, sizeof dir, "%s/thidua-fuzz-XXXXXX",
		 stat("/dev/shm", &st) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(dir))
		abort();
	atexit(cleanup);
	if (app_init(&app, NULL, 1) != 0)
		abort();
	char template_path[128], url[160], err[256];
	snprintf(template_path, sizeof template_path, "%s/template.db", dir);
	snprintf(url, sizeof url, "sqlite:%s", template_path);
	struct db_conn *c = NULL;
	if (db_open(url, &c, err, sizeof err) != DB_OK)
		abort();
	seed(c);
	/* Back to a single file, so a copy of it is the whole database. */
	if (db_exec_script(c, "PRAGMA journal_mode=DELETE") != DB_OK)
		abort();
	db_close(c);
	template_db = read_file(template_path, &template_len);
	if (!template_db)
		abort();
	remove_db(template_path); /* kept in memory; less to leave behind on a crash */
	snprintf(work_path, sizeof work_path, "%s/work.db", dir);
	snprintf(work_url, sizeof work_url, "sqlite:%s", work_path);
	return 0;
}

static void fresh_database(void)
{
	remove_db(work_path);
	int fd = open(work_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, template_db, template_len) != (ssize_t)template_len)
		abort();
	close(fd);
}

/* The routes that would run argon2id. */
static int hashes_password(const char *method, const char *path, const char *body)
{
	if (strcmp(method, "POST") == 0 && strncmp(path, "/api/v1/session", 15) == 0)
		return 1;
	return strncmp(path, "/api/v1/users", 13) == 0 &&
	       (strcmp(method, "POST") == 0 || strcmp(method, "PATCH") == 0) &&
	       (strstr(body, "pass") != NULL || strchr(body, '\\') != NULL);
}

static void check_response(const struct request *rq, const struct response *rs)
{
	static const int known[] = {200, 201, 204, 400, 401, 403, 404, 405,
				    409, 413, 415, 422, 429};
	int ok = 0;
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		ok |= rs->status == known[i];
	FUZZ_CHECK(ok, "%s %s answered %d: %.*s", rq->method, rq->path, rs->status,
		   (int)(rs->body ? rs->len : 0), rs->body ? rs->body : "");
	if (!rs->body || rs->static_body)
		return;
	json_error_t jerr;
	json_t *j = json_loadb(rs->body, rs->len, 0, &jerr);
	FUZZ_CHECK(j != NULL, "%s %s: answer is not JSON: %s", rq->method, rq->path, jerr.text);
	if (rs->status >= 400) {
		json_t *err = json_object_get(j, "error");
		FUZZ_CHECK(json_is_string(json_object_get(err, "code")) &&
				   json_is_string(json_object_get(err, "message")),
			   "%s %s: error without code or message", rq->method, rq->path);
	}
	json_decref(j);
}

static int is_write(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* The ballot id of path when it fits pattern, else 0. */
static int64_t ballot_route(const char *pattern, const char *path)
{
	struct request one;
	memset(&one, 0, sizeof one);
	return router_path_matches(pattern, path, &one) && one.n_params == 1 ? one.params[0] : 0;
}

/* Who is on the list of a seeded ballot, and has not voted. */
static int may_vote(enum caller who, int64_t ballot)
{
	if (ballot == OPEN_BALLOT)
		return who == UNIT; /* unit 3 (unit 4 has voted) */
	if (ballot == COUNCIL_BALLOT)
		return who == COUNCIL || who == UNIT || who == VIEWER;
	return 0;
}

/* Does the answer hold s (that the request did not send itself)? */
static int tells(const struct response *rs, const char *input, const char *s)
{
	const char *body = rs->body && !rs->static_body ? rs->body : NULL;
	return body && memmem(body, rs->len, s, strlen(s)) && !strcasestr(input, s);
}

/* The answer as JSON; NULL when it has no body or is not JSON. */
static json_t *answer_json(const struct response *rs)
{
	if (!rs->body || rs->static_body)
		return NULL;
	return json_loadb(rs->body, rs->len, 0, NULL);
}

static int has_code(json_t *answer, const char *code)
{
	const char *got = json_string_value(json_object_get(json_object_get(answer, "error"), "code"));
	return got && strcmp(got, code) == 0;
}

/*
** Checking a receipt: counted (or the ballot void) and nothing else; the
** same 404 for a ballot that does not exist as for a receipt that is not
** one of its own.
*/
static void check_receipt_route(const struct request *rq, const struct response *rs)
{
	int64_t ballot = ballot_route("/api/v1/ballots/{id}/receipts/{~r}", rq->path);
	if (!ballot || is_write(rq->method))
		return;
	json_t *j = answer_json(rs);
	FUZZ_CHECK(rs->status == 200 || (rs->status == 404 && has_code(j, "receipt_not_found")) ||
			   (rs->status == 422 && has_code(j, "invalid_receipt")),
		   "%s %s answered %d: %.*s", rq->method, rq->path, rs->status,
		   (int)(rs->body ? rs->len : 0), rs->body ? rs->body : "");
	if (rs->status == 200) {
		static const char *const fields[] = {"ballot_id", "question", "status",
						     "receipt_hash", "counted", "void"};
		size_t n_fields = sizeof fields / sizeof *fields;
		int only = json_is_object(j) && json_object_size(j) == n_fields;
		for (size_t i = 0; i < n_fields; i++)
			only &= json_object_get(j, fields[i]) != NULL;
		/* a void ballot counted nothing; any other did count it */
		only &= json_is_true(json_object_get(j, "counted")) !=
			json_is_true(json_object_get(j, "void"));
		FUZZ_CHECK(only, "%s %s tells more than whether the ballot was counted: %.*s",
			   rq->method, rq->path, (int)rs->len, rs->body);
		/* one of the receipts handed out, for the ballot it was handed out for */
		const char *hash = json_string_value(json_object_get(j, "receipt_hash"));
		int handed = 0;
		for (size_t i = 0; hash && i < N_RECEIPTS; i++)
			handed |= receipt_ballot[i] == ballot && strcmp(hash, receipt_hashes[i]) == 0;
		FUZZ_CHECK(handed && json_integer_value(json_object_get(j, "ballot_id")) == ballot,
			   "%s %s: a receipt that was not handed out for this ballot is counted",
			   rq->method, rq->path);
	}
	json_decref(j);
}

/* A void ballot's answers show no count at all. */
static void check_void(const struct request *rq, const struct response *rs)
{
	if (rs->status < 200 || rs->status > 299)
		return;
	json_t *j = answer_json(rs);
	if (json_is_true(json_object_get(j, "void"))) {
		static const char *const counts[] = {"counts", "blank",	 "online",  "paper",
						     "ballots", "receipts", "digest", "needed",
						     "undecided", "casting_votes"};
		for (size_t i = 0; i < sizeof counts / sizeof *counts; i++)
			FUZZ_CHECK(!json_object_get(j, counts[i]),
				   "%s %s: a void ballot's answer holds \"%s\"", rq->method,
				   rq->path, counts[i]);
		FUZZ_CHECK(json_array_size(json_object_get(j, "passed")) == 0,
			   "%s %s: a void ballot passes someone", rq->method, rq->path);
	}
	json_decref(j);
}

/*
** Secret ballots: what no answer may show, and who may vote where; input
** is the whole request as text (an answer may quote it).
*/
static void check_secrecy(enum caller who, const struct request *rq,
			  const struct response *rs, const char *input)
{
	const char *path = rq->path;
	/* the open ballot's receipt: only to whoever holds it */
	if (ballot_route("/api/v1/ballots/{id}/receipts/{~r}", path) == 0)
		FUZZ_CHECK(!tells(rs, input, receipt_hashes[0]),
			   "%s %s shows a receipt of the open ballot", rq->method, path);
	/* the keys ballots are stored under: to nobody */
	for (size_t i = 0; i < N_RECEIPTS; i++)
		FUZZ_CHECK(!tells(rs, input, vote_keys[i]), "%s %s shows the key of a stored ballot",
			   rq->method, path);
	check_receipt_route(rq, rs);
	check_void(rq, rs);
	if (rs->status < 200 || rs->status > 299)
		return;
	int64_t result = ballot_route("/api/v1/ballots/{id}/result", path);
	FUZZ_CHECK(result != OPEN_BALLOT && result != COUNCIL_BALLOT && result != DRAFT_BALLOT,
		   "%s %s: the count of a ballot that is not closed", rq->method, path);
	/* two ballots only: no count of it, ever */
	FUZZ_CHECK(result != CLOSED_BALLOT || !tells(rs, input, "\"counts\""),
		   "%s %s: the count of a void ballot", rq->method, path);
	int64_t voted = ballot_route("/api/v1/ballots/{id}/votes", path);
	if (voted && strcmp(rq->method, "POST") == 0)
		FUZZ_CHECK(may_vote(who, voted), "caller %d voted in ballot %lld", (int)who,
			   (long long)voted);
}

/* What each caller must never get away with. */
static void check_policy(enum caller who, const struct request *rq,
			 const struct response *rs)
{
	if (rs->status < 200 || rs->status > 299)
		return;
	const char *path = rq->path;
	int api = strncmp(path, "/api/", 5) == 0;
	int health = strcmp(path, "/health") == 0 || strcmp(path, "/api/v1/health") == 0;
	/* A receipt is its own proof: checking one needs no login. */
	int receipt = !is_write(rq->method) &&
		      ballot_route("/api/v1/ballots/{id}/receipts/{~r}", path) > 0;
	if (who == NOBODY)
		FUZZ_CHECK(!api || health || receipt, "%s %s succeeded without login", rq->method,
			   path);
	/* Logging out is a write everyone may do, with a CSRF token by cookie. */
	int logout = strcmp(path, "/api/v1/session") == 0;
	/* Those listed cast their ballot, whatever their role. */
	int vote = strcmp(rq->method, "POST") == 0 &&
		   ballot_route("/api/v1/ballots/{id}/votes", path) > 0;
	if (who == VIEWER || who == COUNCIL)
		FUZZ_CHECK(!api || logout || vote || !is_write(rq->method),
			   "%s %s succeeded for caller %d", rq->method, path, (int)who);
	if (who == COOKIE_NO_CSRF)
		FUZZ_CHECK(!api || !is_write(rq->method), "%s %s succeeded without CSRF token",
			   rq->method, path);
	if (who != ADMIN && who != COOKIE && who != COOKIE_NO_CSRF)
		FUZZ_CHECK(strncmp(path, "/api/v1/users", 13) != 0 &&
				   strncmp(path, "/api/v1/audit", 13) != 0,
			   "%s %s succeeded for caller %d", rq->method, path, (int)who);
}

/* ---- the award answers (fuzz_award.h has the shapes of an eligibility and a proposal) ---- */

/* Does path fit pattern (filling one's params)? */
static int route(const char *pattern, const char *path, struct request *one)
{
	memset(one, 0, sizeof *one);
	return router_path_matches(pattern, path, one);
}

static int only_callers(enum caller who, int admin_only)
{
	return who == ADMIN || who == COOKIE || (!admin_only && who == AUTHORITY);
}

/* One of a list answer's items, for each check. */
static json_t *items_of(json_t *j, const char *where)
{
	json_t *items = json_object_get(j, "items");
	FUZZ_CHECK(json_is_array(items), "%s: a list without items", where);
	return items;
}

/* A record belongs to exactly one subject. */
static void check_one_subject(json_t *j, const char *a, const char *b, const char *where)
{
	json_t *x = json_object_get(j, a), *y = json_object_get(j, b);
	FUZZ_CHECK((fz_id(x) && (!y || json_is_null(y))) || ((!x || json_is_null(x)) && fz_id(y)),
		   "%s: not exactly one of %s and %s", where, a, b);
}

static void check_award_json(json_t *a, const char *where)
{
	FUZZ_CHECK(fz_id(json_object_get(a, "id")) && json_is_string(json_object_get(a, "award_type")) &&
			   json_is_integer(json_object_get(a, "year")),
		   "%s: an award without id, type or year", where);
	check_one_subject(a, "person_id", "org_id", where);
	FUZZ_CHECK(fz_id(json_object_get(a, "decision_id")) ||
			   json_is_string(json_object_get(a, "decision_ref")),
		   "%s: an award without its decision", where);
}

static void check_evidence_json(const char *path, json_t *r, const char *where)
{
	if (strncmp(path, "/api/v1/ratings", 15) == 0) {
		check_one_subject(r, "person_id", "org_id", where);
		FUZZ_CHECK(fz_one_of(json_object_get(r, "rating"), fz_ratings), "%s: rating", where);
	} else if (strncmp(path, "/api/v1/initiatives", 19) == 0) {
		FUZZ_CHECK(fz_id(json_object_get(r, "person_id")), "%s: an initiative of nobody", where);
		FUZZ_CHECK(fz_one_of(json_object_get(r, "level"), fz_levels), "%s: level", where);
	} else {
		check_one_subject(r, "person_id", "org_id", where);
		FUZZ_CHECK(fz_one_of(json_object_get(r, "kind"), fz_hold_kinds), "%s: hold kind", where);
		const char *from = json_string_value(json_object_get(r, "started_on"));
		json_t *until = json_object_get(r, "ended_on");
		FUZZ_CHECK(from && (json_is_null(until) ||
				    (json_is_string(until) && strcmp(json_string_value(until), from) >= 0)),
			   "%s: a hold ending before it starts", where);
	}
}

/* The periods of the rule sets listed: in order, no day in two of them. */
static void check_rule_sets(json_t *items, const char *where)
{
	size_t i;
	json_t *r;
	const char *last_until = NULL;
	int open_before = 0;
	json_array_foreach(items, i, r) {
		const char *from = json_string_value(json_object_get(r, "effective_from"));
		json_t *until = json_object_get(r, "effective_until");
		FUZZ_CHECK(from && (json_is_null(until) || json_is_string(until)),
			   "%s: a rule set without its period", where);
		FUZZ_CHECK(!open_before && (!last_until || strcmp(last_until, from) < 0),
			   "%s: rule set %zu (from %s) overlaps the one before", where, i, from);
		open_before = json_is_null(until);
		last_until = json_string_value(until);
	}
}

/* What a rule set's answer says it holds reads as a rule set. */
static void check_rule_set_answer(json_t *j, const char *where)
{
	json_t *doc = json_object_get(j, "document");
	FUZZ_CHECK(json_is_object(doc) && json_integer_value(json_object_get(j, "revision")) >= 1 &&
			   json_integer_value(json_object_get(j, "award_types")) >= 1,
		   "%s: a rule set without its document, revision or award types", where);
	struct rule_set set;
	struct error e;
	err_clear(&e);
	FUZZ_CHECK(rule_set_from_json(doc, &set, &e) == 0, "%s: the document answered is refused: %s",
		   where, e.message);
	FUZZ_CHECK(set.n_types == (size_t)json_integer_value(json_object_get(j, "award_types")),
		   "%s: %zu award types, the answer says %lld", where, set.n_types,
		   (long long)json_integer_value(json_object_get(j, "award_types")));
	rule_set_free(&set);
}

/*
** The award routes: the answers in their shapes; a proposal answered after
** a move is in the status moved to, and one submitted or approved is
** eligible; a council ballot has the law's threshold and enough voters; a
** decision confers one award per proposal it names; only an authority (or
** an admin) reviews, holds council ballots, decides and records history,
** and only an admin writes the law.
*/
static void check_awards(enum caller who, const struct request *rq, const struct response *rs)
{
	if (rs->status < 200 || rs->status > 299 || strncmp(rq->path, "/api/v1/", 8) != 0)
		return;
	const char *path = rq->path, *m = rq->method;
	/* HEAD is answered as GET is (the server drops the body) */
	int post = strcmp(m, "POST") == 0, get = !is_write(m);
	char where[160];
	snprintf(where, sizeof where, "%s %.120s", m, path);
	struct request one;

	int authority_act = post && (strcmp(path, "/api/v1/decisions") == 0 ||
				     strcmp(path, "/api/v1/council-ballots") == 0 ||
				     strcmp(path, "/api/v1/awards") == 0 ||
				     route("/api/v1/proposals/{id}/review", path, &one));
	FUZZ_CHECK(!authority_act || only_callers(who, 0), "%s succeeded for caller %d", where,
		   (int)who);
	int law = !get && strncmp(path, "/api/v1/rule-sets", 17) == 0;
	FUZZ_CHECK(!law || only_callers(who, 1), "%s succeeded for caller %d", where, (int)who);

	json_t *j = answer_json(rs);
	if (!j)
		return;
	json_t *body = json_loadb(rq->body, rq->body_len, 0, NULL);
	size_t i;
	json_t *x;
	if (route("/api/v1/proposals/{id}", path, &one) ||
	    (post && strcmp(path, "/api/v1/proposals") == 0)) {
		check_proposal_json(j, where);
		const char *st = json_string_value(json_object_get(j, "status"));
		if (post)
			FUZZ_CHECK(strcmp(st, "draft") == 0, "%s: a new proposal is %s", where, st);
		if (strcmp(m, "PATCH") == 0)
			FUZZ_CHECK(strcmp(st, "draft") == 0 || strcmp(st, "returned") == 0,
				   "%s: a %s proposal was changed", where, st);
	} else if (route("/api/v1/proposals/{id}/submit", path, &one) ||
		   route("/api/v1/proposals/{id}/review", path, &one)) {
		check_proposal_json(j, where);
		FUZZ_CHECK(json_integer_value(json_object_get(j, "id")) == one.params[0],
			   "%s: answered another proposal", where);
		const char *st = json_string_value(json_object_get(j, "status"));
		const char *want = strstr(path, "/submit")
					   ? "submitted"
					   : json_string_value(json_object_get(body, "outcome"));
		FUZZ_CHECK(want && strcmp(st, want) == 0, "%s: the proposal is %s, not %s", where, st,
			   want ? want : "(no outcome)");
		if (strcmp(st, "submitted") == 0 || strcmp(st, "approved") == 0)
			FUZZ_CHECK(json_is_true(json_object_get(json_object_get(j, "eligibility"),
								"eligible")),
				   "%s: %s a nominee who is not eligible", where, st);
	} else if (get && strcmp(path, "/api/v1/proposals") == 0) {
		json_array_foreach(items_of(j, where), i, x)
			check_proposal_json(x, where);
	} else if (route("/api/v1/clusters/{id}/years/{year}/proposals", path, &one)) {
		json_t *items = items_of(j, where);
		FUZZ_CHECK(json_array_size(items) > 0, "%s: proposed nobody", where);
		json_array_foreach(items, i, x) {
			check_proposal_json(x, where);
			FUZZ_CHECK(json_integer_value(json_object_get(x, "cluster_id")) == one.params[0] &&
					   json_integer_value(json_object_get(x, "year")) == one.params[1],
				   "%s: a proposal of another cluster year", where);
			FUZZ_CHECK(json_is_true(json_object_get(json_object_get(x, "ballot_result"),
								"passed")),
				   "%s: proposed a nominee its ballot did not pass", where);
		}
	} else if (get && strcmp(path, "/api/v1/eligibility") == 0) {
		check_eligibility_json(j, where);
	} else if (post && strcmp(path, "/api/v1/council-ballots") == 0) {
		double threshold = json_number_value(json_object_get(j, "threshold"));
		double quorum = json_number_value(json_object_get(j, "quorum"));
		FUZZ_CHECK(fz_id(json_object_get(j, "ballot_id")) && threshold > 0 && threshold <= 1 &&
				   quorum >= 0 && quorum <= 1 &&
				   json_integer_value(json_object_get(j, "voters")) >= 3 &&
				   json_array_size(json_object_get(j, "proposal_ids")) > 0,
			   "%s: a council ballot of threshold %g, quorum %g, %lld voters", where,
			   threshold, quorum, (long long)json_integer_value(json_object_get(j, "voters")));
	} else if ((post && strcmp(path, "/api/v1/decisions") == 0) ||
		   route("/api/v1/decisions/{id}", path, &one)) {
		json_t *awards = json_object_get(j, "awards"), *ids = json_object_get(j, "proposal_ids");
		json_int_t id = json_integer_value(json_object_get(j, "id"));
		FUZZ_CHECK(id > 0 && json_is_array(awards) && json_is_array(ids), "%s: a decision "
			   "without id, awards or proposals", where);
		if (post)
			FUZZ_CHECK(json_array_size(awards) == json_array_size(ids),
				   "%s: %zu awards for %zu proposals", where, json_array_size(awards),
				   json_array_size(ids));
		json_array_foreach(awards, i, x) {
			check_award_json(x, where);
			FUZZ_CHECK(json_integer_value(json_object_get(x, "decision_id")) == id,
				   "%s: an award of another decision", where);
			json_int_t prop = json_integer_value(json_object_get(x, "proposal_id"));
			int named = 0;
			size_t k;
			json_t *y;
			json_array_foreach(ids, k, y)
				named |= json_integer_value(y) == prop;
			FUZZ_CHECK(named || (!post && !prop),
				   "%s: an award for a proposal it does not name", where);
		}
	} else if (get && strcmp(path, "/api/v1/decisions") == 0) {
		json_array_foreach(items_of(j, where), i, x)
			FUZZ_CHECK(fz_id(json_object_get(x, "id")) &&
					   json_is_array(json_object_get(x, "proposal_ids")),
				   "%s: a decision without id or proposals", where);
	} else if (strcmp(path, "/api/v1/awards") == 0 || route("/api/v1/awards/{id}", path, &one)) {
		if (get && strcmp(path, "/api/v1/awards") == 0)
			json_array_foreach(items_of(j, where), i, x)
				check_award_json(x, where);
		else
			check_award_json(j, where);
	} else if (route("/api/v1/people/{id}/awards", path, &one) ||
		   route("/api/v1/orgs/{id}/awards", path, &one)) {
		int person = strncmp(path, "/api/v1/people/", 15) == 0;
		json_array_foreach(items_of(j, where), i, x) {
			check_award_json(x, where);
			FUZZ_CHECK(json_integer_value(json_object_get(x, person ? "person_id" : "org_id")) ==
					   one.params[0],
				   "%s: an award of someone else", where);
		}
	} else if (get && strcmp(path, "/api/v1/award-types") == 0) {
		json_array_foreach(items_of(j, where), i, x) {
			FUZZ_CHECK(json_is_string(json_object_get(x, "code")) &&
					   fz_one_of(json_object_get(x, "level"), fz_levels),
				   "%s: an award type without code or level", where);
			size_t k;
			json_t *c;
			json_array_foreach(json_object_get(x, "conditions"), k, c)
				FUZZ_CHECK(fz_one_of(json_object_get(c, "kind"), fz_condition_kinds),
					   "%s: a condition of no known kind", where);
		}
	} else if (strncmp(path, "/api/v1/rule-sets", 17) == 0) {
		if (get && strcmp(path, "/api/v1/rule-sets") == 0)
			check_rule_sets(items_of(j, where), where);
		else
			check_rule_set_answer(j, where);
	} else if (strcmp(path, "/api/v1/ratings") == 0 || strcmp(path, "/api/v1/initiatives") == 0 ||
		   strcmp(path, "/api/v1/holds") == 0 || route("/api/v1/initiatives/{id}", path, &one) ||
		   route("/api/v1/holds/{id}", path, &one)) {
		int list = strcmp(path, "/api/v1/ratings") == 0 ||
			   strcmp(path, "/api/v1/initiatives") == 0 || strcmp(path, "/api/v1/holds") == 0;
		if (get && list)
			json_array_foreach(items_of(j, where), i, x)
				check_evidence_json(path, x, where);
		else
			check_evidence_json(path, j, where);
	}
	json_decref(body);
	json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	enum caller who = (enum caller)(data[0] % N_CALLERS);
	const char *method = methods[data[1] % (sizeof methods / sizeof methods[0])];
	char *text = fuzz_cstr(data + 2, size - 2);
	char *input = fuzz_cstr(data + 2, size - 2);
	char *body = strchr(text, '\n');
	if (body)
		*body++ = 0;
	else
		body = text + strlen(text);
	char *query = strchr(text, '?');
	if (query)
		*query++ = 0;
	if (text[0] != '/' || hashes_password(method, text, body)) {
		free(text);
		free(input);
		return 0;
	}
	char auth[64] = "";
	struct fake_conn conn;
	memset(&conn, 0, sizeof conn);
	conn.content_type = "application/json";
	if (who < NOBODY) {
		snprintf(auth, sizeof auth, "Bearer %s", tokens[who]);
		conn.authorization = auth;
	} else if (who == COOKIE || who == COOKIE_NO_CSRF) {
		conn.cookie = SESSION_TOKEN;
		conn.csrf = who == COOKIE ? session_csrf : NULL;
	}
	fake_parse_query(&conn, query);

	fresh_database();
	char err[256];
	app.pool = db_pool_open(work_url, 1, err, sizeof err);
	FUZZ_CHECK(app.pool != NULL, "pool: %s", err);

	struct request rq;
	struct response rs;
	memset(&rq, 0, sizeof rq);
	memset(&rs, 0, sizeof rs);
	rq.method = method;
	rq.path = text;
	rq.body = body;
	rq.body_len = strlen(body);
	snprintf(rq.id, sizeof rq.id, "fuzz");
	snprintf(rq.client_ip, sizeof rq.client_ip, "192.0.2.1");
	rq.mhd = fake_mhd(&conn);
	api_handle(&app, &rq, &rs);
	if (getenv("FUZZ_API_TRACE")) /* replaying a finding: show the answer */
		fprintf(stderr, "%s %s -> %d %.*s\n", method, text, rs.status,
			(int)(rs.body ? rs.len : 0), rs.body ? rs.body : "");
	check_response(&rq, &rs);
	check_policy(who, &rq, &rs);
	check_secrecy(who, &rq, &rs, input);
	check_awards(who, &rq, &rs);
	free(rs.body);

	db_pool_close(app.pool);
	app.pool = NULL;
	free(text);
	free(input);
	return 0;
}
