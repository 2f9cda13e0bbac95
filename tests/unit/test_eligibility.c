/*
** The eligibility engine and the law as data (domain/eligibility.h,
** domain/rules.h), on the rule sets compiled into the binary. One table of
** cases covers every award type: all conditions met, then each condition
** broken alone, then the legal edges (consecutive years, an initiative
** backing one award only, holds on the judging day, any_of, the 70 % share
** in integers, the unknowns); it is judged under Decree 98 for 2024 and
** again under Decree 152 for 2025. Then the switch between the two decrees
** on 2025-07-01, the catalog against the reference table, and the
** validation of a rule set's document.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "unit.h"

#include "core/embedded.h"
#include "domain/eligibility.h"
#include "domain/rules.h"

#define N_OF(a) (sizeof(a) / sizeof *(a))

/* The proposal being judged: an initiative "used 7" backs it, "used 8" another. */
#define PROPOSAL 7

static struct rule_set nd98, nd152;

/* A shipped rule set, read as the server seeds it, duplicate keys refused. */
static void load(const char *name, struct rule_set *out)
{
	const struct embedded_file *f = embedded_find(rule_set_files, name);
	if (!f)
		fail_msg("%s is not compiled in", name);
	json_error_t jerr;
	json_t *doc = json_loads((const char *)f->data, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc)
		fail_msg("%s: %s", name, jerr.text);
	struct error e;
	err_clear(&e);
	int rc = rule_set_from_json(doc, out, &e);
	json_decref(doc);
	if (rc != 0)
		fail_msg("%s: %s (%s)", name, e.message, e.field);
}

static int load_sets(void **state)
{
	(void)state;
	load("nd98_2023.json", &nd98);
	load("nd152_2025.json", &nd152);
	return 0;
}

static int free_sets(void **state)
{
	(void)state;
	rule_set_free(&nd98);
	rule_set_free(&nd152);
	return 0;
}

/* ---- facts written as text ---- */

/*
** A nominee's facts in the table's notation. Years are those judged in
** 2024; judging 2025, every year and date moves on by one.
**   awards        "CSTDCS 2022 2023 2024; LDTT 2024"
**   ratings       "2020..2023 good; 2024 excellent"
**   initiatives   "grassroots 2024; national 2023 used 8" (ids 1, 2, ...;
**                 used: the proposal it backs)
**   holds         "discipline 2024-03-01.." (open), "inspection 2024-01-02..2024-06-30"
**   members       "10: LDTT 2024 x7; CSTDCS 2024 x1" (10 members; x7: members
**                 1 to 7 hold it)
**   member_holds  as holds
**   vote          the cluster's ballot: 'Y' passed, 'N' did not, '?' none
** NULL (vote 0) is none in a base. A row's edit replaces its type's base
** field by field: NULL (vote 0) keeps the base's, "" (vote '?') means none.
*/
struct facts_text {
	const char *awards, *ratings, *initiatives, *holds, *members, *member_holds;
	char vote;
};

#define MEMBERS_MAX 100
#define CLAUSES_MAX 8

/* The facts built from the text, and the arrays they point into. */
struct world {
	struct award_fact awards[16], member_awards[MEMBERS_MAX];
	struct rating_fact ratings[8];
	struct initiative_fact initiatives[4];
	struct hold_fact holds[4], member_holds[4];
	struct eligibility_facts f;
};

static void shift_date(char out[11], const char *date, int shift)
{
	assert_int_equal(strlen(date), 10);
	snprintf(out, 11, "%04u%.6s", (unsigned)(atoi(date) + shift) % 10000u, date + 4);
}

/* Cut buf, a copy of text (NULL: none), at ';'. */
static size_t clauses(const char *text, char *buf, size_t size, char *out[CLAUSES_MAX])
{
	size_t n = 0;
	char *save = NULL;
	if (!text)
		text = "";
	assert_true(strlen(text) < size);
	snprintf(buf, size, "%s", text);
	for (char *c = strtok_r(buf, ";", &save); c; c = strtok_r(NULL, ";", &save)) {
		assert_true(n < CLAUSES_MAX);
		out[n++] = c;
	}
	return n;
}

/* "CODE YEAR... [xN]": the nominee's own (holder 0), or members 1..N's. */
static void add_awards(char *clause, int shift, struct award_fact *out, size_t *n,
		       size_t max)
{
	char *save = NULL;
	const char *code = strtok_r(clause, " ", &save);
	int years[8];
	size_t n_years = 0;
	long holders = 0;
	assert_non_null(code);
	for (char *tok = strtok_r(NULL, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		if (tok[0] == 'x') {
			holders = strtol(tok + 1, NULL, 10);
			continue;
		}
		assert_true(n_years < N_OF(years));
		years[n_years++] = atoi(tok) + shift;
	}
	for (size_t i = 0; i < n_years; i++)
		for (long h = holders ? 1 : 0; h <= holders; h++) {
			assert_true(*n < max);
			struct award_fact *a = &out[(*n)++];
			snprintf(a->type, sizeof a->type, "%s", code);
			a->year = years[i];
			a->holder = h;
		}
}

/* "YEAR[..YEAR] RATING" */
static void add_ratings(const char *clause, int shift, struct world *w)
{
	int from, until;
	char word[16];
	if (sscanf(clause, "%d..%d %15s", &from, &until, word) != 3) {
		assert_int_equal(sscanf(clause, "%d %15s", &from, word), 2);
		until = from;
	}
	enum rating r;
	assert_int_equal(rating_parse(word, &r), 0);
	for (int y = from; y <= until; y++) {
		assert_true(w->f.n_ratings < N_OF(w->ratings));
		struct rating_fact *rf = &w->ratings[w->f.n_ratings++];
		rf->year = y + shift;
		rf->rating = r;
	}
}

/* "LEVEL YEAR [used PROPOSAL]" */
static void add_initiative(const char *clause, int shift, struct world *w)
{
	char word[24];
	int year;
	long long used = 0;
	int got = sscanf(clause, "%23s %d used %lld", word, &year, &used);
	assert_true(got == 2 || got == 3);
	assert_true(w->f.n_initiatives < N_OF(w->initiatives));
	struct initiative_fact *in = &w->initiatives[w->f.n_initiatives++];
	in->id = (int64_t)w->f.n_initiatives;
	assert_int_equal(level_parse(word, &in->level), 0);
	in->year = year + shift;
	in->used_by = used;
}

/* "KIND FROM..[UNTIL]" */
static void add_hold(const char *clause, int shift, struct hold_fact *out, size_t *n,
		     size_t max)
{
	char kind[16], from[11], until[11] = "";
	int got = sscanf(clause, "%15s %10[0-9-]..%10[0-9-]", kind, from, until);
	assert_true(got == 2 || got == 3);
	assert_true(*n < max);
	struct hold_fact *h = &out[(*n)++];
	assert_int_equal(hold_kind_parse(kind, &h->kind), 0);
	shift_date(h->from, from, shift);
	if (until[0])
		shift_date(h->until, until, shift);
}

static void build(const struct facts_text *t, int shift, struct world *w)
{
	char buf[256], *c[CLAUSES_MAX];
	size_t n;
	memset(w, 0, sizeof *w);
	n = clauses(t->awards, buf, sizeof buf, c);
	for (size_t i = 0; i < n; i++)
		add_awards(c[i], shift, w->awards, &w->f.n_awards, N_OF(w->awards));
	n = clauses(t->ratings, buf, sizeof buf, c);
	for (size_t i = 0; i < n; i++)
		add_ratings(c[i], shift, w);
	n = clauses(t->initiatives, buf, sizeof buf, c);
	for (size_t i = 0; i < n; i++)
		add_initiative(c[i], shift, w);
	n = clauses(t->holds, buf, sizeof buf, c);
	for (size_t i = 0; i < n; i++)
		add_hold(c[i], shift, w->holds, &w->f.n_holds, N_OF(w->holds));
	n = clauses(t->member_holds, buf, sizeof buf, c);
	for (size_t i = 0; i < n; i++)
		add_hold(c[i], shift, w->member_holds, &w->f.n_member_holds,
			 N_OF(w->member_holds));
	if (t->members && t->members[0]) {
		char *rest;
		w->f.n_members = strtoul(t->members, &rest, 10);
		assert_int_equal(*rest, ':');
		n = clauses(rest + 1, buf, sizeof buf, c);
		for (size_t i = 0; i < n; i++)
			add_awards(c[i], shift, w->member_awards, &w->f.n_member_awards,
				   MEMBERS_MAX);
	}
	w->f.awards = w->awards;
	w->f.ratings = w->ratings;
	w->f.initiatives = w->initiatives;
	w->f.holds = w->holds;
	w->f.member_awards = w->member_awards;
	w->f.member_holds = w->member_holds;
	w->f.proposal_id = PROPOSAL;
	w->f.cluster_vote = t->vote == 'Y' ? TRI_YES : t->vote == 'N' ? TRI_NO : TRI_UNKNOWN;
}

/* ---- the table ---- */

/* Facts that meet every condition of the type in 2024. */
static const struct {
	const char *type;
	struct facts_text facts;
} bases[] = {
	{"LDTT", {.ratings = "2024 good"}},
	{"CSTDCS", {.awards = "LDTT 2024", .ratings = "2024 excellent",
		    .initiatives = "grassroots 2024"}},
	{"CSTD_TINH", {.awards = "CSTDCS 2022 2023 2024",
		       .initiatives = "ministry_province 2023"}},
	{"CSTD_TQ", {.awards = "CSTD_TINH 2021 2024", .initiatives = "national 2024"}},
	{"TTLDTT", {.ratings = "2024 good", .members = "10: LDTT 2024 x7"}},
	{"TTLDXS", {.ratings = "2024 excellent", .members = "10: LDTT 2024 x7; CSTDCS 2024 x1"}},
	{"CO_TINH", {.ratings = "2024 excellent", .vote = 'Y'}},
	{"CO_CP", {.awards = "CO_TINH 2024", .ratings = "2024 excellent"}},
	{"BK_TINH", {.awards = "CSTDCS 2023 2024", .ratings = "2023..2024 excellent"}},
	{"BK_TINH_TT", {.vote = 'Y'}},
	{"BK_TTG", {.awards = "BK_TINH 2019; CSTDCS 2020 2022 2024",
		    .ratings = "2020..2024 good"}},
	{"HCLD3", {.awards = "BK_TTG 2019; CSTDCS 2021 2022 2023",
		   .ratings = "2020..2023 good; 2024 excellent"}},
	{"GK", {0}},
};

struct row {
	const char *type;
	const char *what;
	struct facts_text edit; /* over the type's base; none: the base itself */
	const char *no;         /* the one condition not met; NULL: eligible */
	size_t unknown;         /* conditions the engine cannot judge */
	const char *met;        /* every result, code=Y, N or ?; an any_of's options in [] */
};

static const struct row rows[] = {
	/* Lao động tiên tiến: rated good or better */
	{"LDTT", "all met", {0}, NULL, 0, "not_frozen=Y rating_good=Y"},
	{"LDTT", "under discipline since March", {.holds = "discipline 2024-03-01.."},
	 "not_frozen", 0, "not_frozen=N rating_good=Y"},
	{"LDTT", "rated completed, below good", {.ratings = "2024 completed"}, "rating_good", 0,
	 "not_frozen=Y rating_good=N"},
	{"LDTT", "no rating recorded", {.ratings = ""}, NULL, 1, "not_frozen=Y rating_good=?"},
	{"LDTT", "only last year's rating", {.ratings = "2023 excellent"}, NULL, 1,
	 "not_frozen=Y rating_good=?"},
	{"LDTT", "rated excellent, above good", {.ratings = "2024 excellent"}, NULL, 0,
	 "not_frozen=Y rating_good=Y"},
	{"LDTT", "a discipline that ended the day before",
	 {.holds = "discipline 2024-02-01..2024-12-30"}, NULL, 0, "not_frozen=Y rating_good=Y"},
	{"LDTT", "an inspection that ends on the judging day",
	 {.holds = "inspection 2024-10-01..2024-12-31"}, "not_frozen", 0,
	 "not_frozen=N rating_good=Y"},
	{"LDTT", "a discipline opened on the judging day", {.holds = "discipline 2024-12-31.."},
	 "not_frozen", 0, "not_frozen=N rating_good=Y"},
	{"LDTT", "a complaint opened after the judging day", {.holds = "complaint 2025-01-05.."},
	 NULL, 0, "not_frozen=Y rating_good=Y"},

	/* Chiến sĩ thi đua cơ sở: LDTT that year, and excellent or an initiative */
	{"CSTDCS", "all met", {0}, NULL, 0,
	 "not_frozen=Y holds_ldtt=Y merit=Y [rating_excellent=Y initiative_grassroots=Y]"},
	{"CSTDCS", "under inspection since November", {.holds = "inspection 2024-11-15.."},
	 "not_frozen", 0,
	 "not_frozen=N holds_ldtt=Y merit=Y [rating_excellent=Y initiative_grassroots=Y]"},
	{"CSTDCS", "LDTT last year, not this one", {.awards = "LDTT 2023"}, "holds_ldtt", 0,
	 "not_frozen=Y holds_ldtt=N merit=Y [rating_excellent=Y initiative_grassroots=Y]"},
	{"CSTDCS", "rated good and the initiative backs another proposal",
	 {.ratings = "2024 good", .initiatives = "grassroots 2024 used 8"}, "merit", 0,
	 "not_frozen=Y holds_ldtt=Y merit=N [rating_excellent=N initiative_grassroots=N]"},
	{"CSTDCS", "merit by the rating, no initiative recorded", {.initiatives = ""}, NULL, 0,
	 "not_frozen=Y holds_ldtt=Y merit=Y [rating_excellent=Y initiative_grassroots=?]"},
	{"CSTDCS", "merit by the initiative, rated good", {.ratings = "2024 good"}, NULL, 0,
	 "not_frozen=Y holds_ldtt=Y merit=Y [rating_excellent=N initiative_grassroots=Y]"},
	{"CSTDCS", "no rating and no initiative recorded", {.ratings = "", .initiatives = ""},
	 NULL, 1,
	 "not_frozen=Y holds_ldtt=Y merit=? [rating_excellent=? initiative_grassroots=?]"},
	{"CSTDCS", "rated good, no initiative recorded",
	 {.ratings = "2024 good", .initiatives = ""}, NULL, 1,
	 "not_frozen=Y holds_ldtt=Y merit=? [rating_excellent=N initiative_grassroots=?]"},
	{"CSTDCS", "no rating, the initiative backs another proposal",
	 {.ratings = "", .initiatives = "grassroots 2024 used 8"}, NULL, 1,
	 "not_frozen=Y holds_ldtt=Y merit=? [rating_excellent=? initiative_grassroots=N]"},
	{"CSTDCS", "rated good, the initiative only recognized next year",
	 {.ratings = "2024 good", .initiatives = "grassroots 2025"}, NULL, 1,
	 "not_frozen=Y holds_ldtt=Y merit=? [rating_excellent=N initiative_grassroots=?]"},

	/* Chiến sĩ thi đua cấp tỉnh: CSTDCS 3 years running, a provincial initiative */
	{"CSTD_TINH", "all met", {0}, NULL, 0,
	 "not_frozen=Y cstdcs_3_years=Y initiative_province=Y"},
	{"CSTD_TINH", "a complaint open since June", {.holds = "complaint 2024-06-01.."},
	 "not_frozen", 0, "not_frozen=N cstdcs_3_years=Y initiative_province=Y"},
	{"CSTD_TINH", "a gap year: CSTDCS in 2021, 2022 and 2024",
	 {.awards = "CSTDCS 2021 2022 2024"}, "cstdcs_3_years", 0,
	 "not_frozen=Y cstdcs_3_years=N initiative_province=Y"},
	{"CSTD_TINH", "three years, ending the year before", {.awards = "CSTDCS 2021 2022 2023"},
	 "cstdcs_3_years", 0, "not_frozen=Y cstdcs_3_years=N initiative_province=Y"},
	{"CSTD_TINH", "the initiative backs another proposal",
	 {.initiatives = "ministry_province 2023 used 8"}, "initiative_province", 0,
	 "not_frozen=Y cstdcs_3_years=Y initiative_province=N"},
	{"CSTD_TINH", "the initiative backs this proposal",
	 {.initiatives = "ministry_province 2023 used 7"}, NULL, 0,
	 "not_frozen=Y cstdcs_3_years=Y initiative_province=Y"},
	{"CSTD_TINH", "one initiative used, another free",
	 {.initiatives = "ministry_province 2022 used 8; ministry_province 2023"}, NULL, 0,
	 "not_frozen=Y cstdcs_3_years=Y initiative_province=Y"},
	{"CSTD_TINH", "a national initiative is above the level", {.initiatives = "national 2022"},
	 NULL, 0, "not_frozen=Y cstdcs_3_years=Y initiative_province=Y"},
	{"CSTD_TINH", "only a grassroots initiative recorded", {.initiatives = "grassroots 2023"},
	 NULL, 1, "not_frozen=Y cstdcs_3_years=Y initiative_province=?"},

	/* Chiến sĩ thi đua toàn quốc: CSTD_TINH twice running (3 years apart) */
	{"CSTD_TQ", "all met", {0}, NULL, 0,
	 "not_frozen=Y cstd_tinh_2_times=Y initiative_national=Y"},
	{"CSTD_TQ", "under inspection since January", {.holds = "inspection 2024-01-02.."},
	 "not_frozen", 0, "not_frozen=N cstd_tinh_2_times=Y initiative_national=Y"},
	{"CSTD_TQ", "CSTD_TINH once", {.awards = "CSTD_TINH 2024"}, "cstd_tinh_2_times", 0,
	 "not_frozen=Y cstd_tinh_2_times=N initiative_national=Y"},
	{"CSTD_TQ", "CSTD_TINH 1 year apart", {.awards = "CSTD_TINH 2023 2024"},
	 "cstd_tinh_2_times", 0, "not_frozen=Y cstd_tinh_2_times=N initiative_national=Y"},
	{"CSTD_TQ", "CSTD_TINH 2 years apart", {.awards = "CSTD_TINH 2022 2024"},
	 "cstd_tinh_2_times", 0, "not_frozen=Y cstd_tinh_2_times=N initiative_national=Y"},
	{"CSTD_TQ", "the national initiative backs another proposal",
	 {.initiatives = "national 2024 used 8"}, "initiative_national", 0,
	 "not_frozen=Y cstd_tinh_2_times=Y initiative_national=N"},
	{"CSTD_TQ", "only a provincial initiative recorded",
	 {.initiatives = "ministry_province 2024"}, NULL, 1,
	 "not_frozen=Y cstd_tinh_2_times=Y initiative_national=?"},

	/* Tập thể lao động tiên tiến: good, 70 % LDTT, nobody disciplined */
	{"TTLDTT", "all met: 7 of 10 members hold LDTT", {0}, NULL, 0,
	 "not_frozen=Y rating_good=Y ldtt_share=Y no_discipline=Y"},
	{"TTLDTT", "the unit under inspection", {.holds = "inspection 2024-09-01.."}, "not_frozen",
	 0, "not_frozen=N rating_good=Y ldtt_share=Y no_discipline=Y"},
	{"TTLDTT", "rated completed", {.ratings = "2024 completed"}, "rating_good", 0,
	 "not_frozen=Y rating_good=N ldtt_share=Y no_discipline=Y"},
	{"TTLDTT", "6 of 10 hold LDTT", {.members = "10: LDTT 2024 x6"}, "ldtt_share", 0,
	 "not_frozen=Y rating_good=Y ldtt_share=N no_discipline=Y"},
	{"TTLDTT", "a member disciplined from May to August",
	 {.member_holds = "discipline 2024-05-01..2024-08-31"}, "no_discipline", 0,
	 "not_frozen=Y rating_good=Y ldtt_share=Y no_discipline=N"},
	{"TTLDTT", "no rating recorded", {.ratings = ""}, NULL, 1,
	 "not_frozen=Y rating_good=? ldtt_share=Y no_discipline=Y"},
	{"TTLDTT", "no members recorded", {.members = ""}, NULL, 1,
	 "not_frozen=Y rating_good=Y ldtt_share=? no_discipline=Y"},
	{"TTLDTT", "70 of 100 hold LDTT", {.members = "100: LDTT 2024 x70"}, NULL, 0,
	 "not_frozen=Y rating_good=Y ldtt_share=Y no_discipline=Y"},
	{"TTLDTT", "69 of 100 hold LDTT", {.members = "100: LDTT 2024 x69"}, "ldtt_share", 0,
	 "not_frozen=Y rating_good=Y ldtt_share=N no_discipline=Y"},
	{"TTLDTT", "6 members, each recorded twice", {.members = "10: LDTT 2024 x6; LDTT 2024 x6"},
	 "ldtt_share", 0, "not_frozen=Y rating_good=Y ldtt_share=N no_discipline=Y"},
	{"TTLDTT", "all hold last year's LDTT", {.members = "10: LDTT 2023 x10"}, "ldtt_share", 0,
	 "not_frozen=Y rating_good=Y ldtt_share=N no_discipline=Y"},
	{"TTLDTT", "a discipline that ended last year",
	 {.member_holds = "discipline 2023-02-01..2023-12-31"}, NULL, 0,
	 "not_frozen=Y rating_good=Y ldtt_share=Y no_discipline=Y"},
	{"TTLDTT", "a discipline since last year, still open",
	 {.member_holds = "discipline 2023-06-01.."}, "no_discipline", 0,
	 "not_frozen=Y rating_good=Y ldtt_share=Y no_discipline=N"},
	{"TTLDTT", "a member under inspection, not discipline",
	 {.member_holds = "inspection 2024-03-01.."}, NULL, 0,
	 "not_frozen=Y rating_good=Y ldtt_share=Y no_discipline=Y"},

	/* Tập thể lao động xuất sắc: excellent, 70 % LDTT, a CSTDCS, nobody disciplined */
	{"TTLDXS", "all met", {0}, NULL, 0,
	 "not_frozen=Y rating_excellent=Y ldtt_share=Y has_cstdcs=Y no_discipline=Y"},
	{"TTLDXS", "the unit under discipline", {.holds = "discipline 2024-04-01.."},
	 "not_frozen", 0,
	 "not_frozen=N rating_excellent=Y ldtt_share=Y has_cstdcs=Y no_discipline=Y"},
	{"TTLDXS", "rated good", {.ratings = "2024 good"}, "rating_excellent", 0,
	 "not_frozen=Y rating_excellent=N ldtt_share=Y has_cstdcs=Y no_discipline=Y"},
	{"TTLDXS", "6 of 10 hold LDTT", {.members = "10: LDTT 2024 x6; CSTDCS 2024 x1"},
	 "ldtt_share", 0,
	 "not_frozen=Y rating_excellent=Y ldtt_share=N has_cstdcs=Y no_discipline=Y"},
	{"TTLDXS", "the CSTDCS was last year's", {.members = "10: LDTT 2024 x7; CSTDCS 2023 x1"},
	 "has_cstdcs", 0,
	 "not_frozen=Y rating_excellent=Y ldtt_share=Y has_cstdcs=N no_discipline=Y"},
	{"TTLDXS", "a member disciplined since November",
	 {.member_holds = "discipline 2024-11-01.."}, "no_discipline", 0,
	 "not_frozen=Y rating_excellent=Y ldtt_share=Y has_cstdcs=Y no_discipline=N"},
	{"TTLDXS", "no members recorded", {.members = ""}, NULL, 2,
	 "not_frozen=Y rating_excellent=Y ldtt_share=? has_cstdcs=? no_discipline=Y"},

	/* Cờ thi đua cấp tỉnh: the cluster's vote, excellent */
	{"CO_TINH", "all met", {0}, NULL, 0, "not_frozen=Y cluster_leader=Y rating_excellent=Y"},
	{"CO_TINH", "the unit under inspection", {.holds = "inspection 2024-07-01.."},
	 "not_frozen", 0, "not_frozen=N cluster_leader=Y rating_excellent=Y"},
	{"CO_TINH", "not passed by the cluster's ballot", {.vote = 'N'}, "cluster_leader", 0,
	 "not_frozen=Y cluster_leader=N rating_excellent=Y"},
	{"CO_TINH", "rated good", {.ratings = "2024 good"}, "rating_excellent", 0,
	 "not_frozen=Y cluster_leader=Y rating_excellent=N"},
	{"CO_TINH", "no ballot attached", {.vote = '?'}, NULL, 1,
	 "not_frozen=Y cluster_leader=? rating_excellent=Y"},

	/* Cờ thi đua của Chính phủ: the provincial flag that year, excellent */
	{"CO_CP", "all met", {0}, NULL, 0, "not_frozen=Y flag_holder=Y rating_excellent=Y"},
	{"CO_CP", "a complaint open since August", {.holds = "complaint 2024-08-01.."},
	 "not_frozen", 0, "not_frozen=N flag_holder=Y rating_excellent=Y"},
	{"CO_CP", "the provincial flag was last year's", {.awards = "CO_TINH 2023"},
	 "flag_holder", 0, "not_frozen=Y flag_holder=N rating_excellent=Y"},
	{"CO_CP", "rated good", {.ratings = "2024 good"}, "rating_excellent", 0,
	 "not_frozen=Y flag_holder=Y rating_excellent=N"},

	/* Bằng khen cấp tỉnh: CSTDCS 2 years running, or excellent 2 years running */
	{"BK_TINH", "all met", {0}, NULL, 0,
	 "not_frozen=Y merit=Y [cstdcs_2_years=Y excellent_2_years=Y]"},
	{"BK_TINH", "under discipline since October", {.holds = "discipline 2024-10-10.."},
	 "not_frozen", 0, "not_frozen=N merit=Y [cstdcs_2_years=Y excellent_2_years=Y]"},
	{"BK_TINH", "neither: a gap in CSTDCS, rated good this year",
	 {.awards = "CSTDCS 2022 2024", .ratings = "2023 excellent; 2024 good"}, "merit", 0,
	 "not_frozen=Y merit=N [cstdcs_2_years=N excellent_2_years=N]"},
	{"BK_TINH", "merit by CSTDCS, no rating recorded", {.ratings = ""}, NULL, 0,
	 "not_frozen=Y merit=Y [cstdcs_2_years=Y excellent_2_years=?]"},
	{"BK_TINH", "merit by the ratings, no CSTDCS", {.awards = ""}, NULL, 0,
	 "not_frozen=Y merit=Y [cstdcs_2_years=N excellent_2_years=Y]"},
	{"BK_TINH", "no CSTDCS, last year unrated", {.awards = "", .ratings = "2024 excellent"},
	 NULL, 1, "not_frozen=Y merit=? [cstdcs_2_years=N excellent_2_years=?]"},

	/* Bằng khen cấp tỉnh (tập thể): proposed by the cluster's vote */
	{"BK_TINH_TT", "all met", {0}, NULL, 0, "not_frozen=Y cluster_nominee=Y"},
	{"BK_TINH_TT", "the unit under inspection", {.holds = "inspection 2024-12-01.."},
	 "not_frozen", 0, "not_frozen=N cluster_nominee=Y"},
	{"BK_TINH_TT", "not passed by the cluster's ballot", {.vote = 'N'}, "cluster_nominee", 0,
	 "not_frozen=Y cluster_nominee=N"},
	{"BK_TINH_TT", "no ballot attached", {.vote = '?'}, NULL, 1,
	 "not_frozen=Y cluster_nominee=?"},

	/* Bằng khen của Thủ tướng: BK_TINH, then 5 years good, CSTDCS 3 times in them */
	{"BK_TTG", "all met", {0}, NULL, 0,
	 "not_frozen=Y bk_tinh_before=Y good_5_years=Y cstdcs_3_times=Y"},
	{"BK_TTG", "a complaint open since February", {.holds = "complaint 2024-02-01.."},
	 "not_frozen", 0, "not_frozen=N bk_tinh_before=Y good_5_years=Y cstdcs_3_times=Y"},
	{"BK_TTG", "BK_TINH inside the 5 years", {.awards = "BK_TINH 2020; CSTDCS 2020 2022 2024"},
	 "bk_tinh_before", 0, "not_frozen=Y bk_tinh_before=N good_5_years=Y cstdcs_3_times=Y"},
	{"BK_TTG", "rated completed in 2022",
	 {.ratings = "2020..2021 good; 2022 completed; 2023..2024 good"}, "good_5_years", 0,
	 "not_frozen=Y bk_tinh_before=Y good_5_years=N cstdcs_3_times=Y"},
	{"BK_TTG", "one CSTDCS before the 5 years",
	 {.awards = "BK_TINH 2019; CSTDCS 2019 2022 2024"}, "cstdcs_3_times", 0,
	 "not_frozen=Y bk_tinh_before=Y good_5_years=Y cstdcs_3_times=N"},
	{"BK_TTG", "the first of the 5 years unrated", {.ratings = "2021..2024 good"}, NULL, 1,
	 "not_frozen=Y bk_tinh_before=Y good_5_years=? cstdcs_3_times=Y"},

	/* Huân chương Lao động hạng Ba: BK_TTG, then 5 years good, CSTDCS 3 times */
	{"HCLD3", "all met", {0}, NULL, 0,
	 "not_frozen=Y bk_ttg_before=Y good_5_years=Y excellent_once=Y cstdcs_3_times=Y"},
	{"HCLD3", "under discipline since June", {.holds = "discipline 2024-06-15.."},
	 "not_frozen", 0, "not_frozen=N bk_ttg_before=Y good_5_years=Y excellent_once=Y cstdcs_3_times=Y"},
	{"HCLD3", "BK_TINH, not BK_TTG", {.awards = "BK_TINH 2019; CSTDCS 2021 2022 2023"},
	 "bk_ttg_before", 0, "not_frozen=Y bk_ttg_before=N good_5_years=Y excellent_once=Y cstdcs_3_times=Y"},
	{"HCLD3", "not completed in 2020",
	 {.ratings = "2020 not_completed; 2021..2023 good; 2024 excellent"}, "good_5_years", 0,
	 "not_frozen=Y bk_ttg_before=Y good_5_years=N excellent_once=Y cstdcs_3_times=Y"},
	{"HCLD3", "never excellent in the 5 years", {.ratings = "2020..2024 good"},
	 "excellent_once", 0,
	 "not_frozen=Y bk_ttg_before=Y good_5_years=Y excellent_once=N cstdcs_3_times=Y"},
	{"HCLD3", "excellent only in an unrated year's place", {.ratings = "2020..2023 good"},
	 NULL, 2, "not_frozen=Y bk_ttg_before=Y good_5_years=? excellent_once=? cstdcs_3_times=Y"},
	{"HCLD3", "CSTDCS twice", {.awards = "BK_TTG 2019; CSTDCS 2022 2023"}, "cstdcs_3_times",
	 0, "not_frozen=Y bk_ttg_before=Y good_5_years=Y excellent_once=Y cstdcs_3_times=N"},

	/* Giấy khen: only the general condition */
	{"GK", "all met", {0}, NULL, 0, "not_frozen=Y"},
	{"GK", "under inspection since May", {.holds = "inspection 2024-05-05.."}, "not_frozen",
	 0, "not_frozen=N"},
};

static const struct facts_text *base_of(const char *type)
{
	for (size_t i = 0; i < N_OF(bases); i++)
		if (strcmp(bases[i].type, type) == 0)
			return &bases[i].facts;
	fail_msg("no base facts for %s", type);
	return NULL;
}

static int is_base(const struct facts_text *edit)
{
	return !edit->awards && !edit->ratings && !edit->initiatives && !edit->holds &&
	       !edit->members && !edit->member_holds && !edit->vote;
}

static struct facts_text edited(const struct facts_text *base, const struct facts_text *edit)
{
	struct facts_text t = *base;
	if (edit->awards)
		t.awards = edit->awards;
	if (edit->ratings)
		t.ratings = edit->ratings;
	if (edit->initiatives)
		t.initiatives = edit->initiatives;
	if (edit->holds)
		t.holds = edit->holds;
	if (edit->members)
		t.members = edit->members;
	if (edit->member_holds)
		t.member_holds = edit->member_holds;
	if (edit->vote)
		t.vote = edit->vote;
	return t;
}

static char tri_char(enum tri t)
{
	return t == TRI_YES ? 'Y' : t == TRI_NO ? 'N' : '?';
}

/* "not_frozen=Y merit=? [rating_excellent=N initiative_grassroots=?]" */
static void render(const struct eligibility *el, char *out, size_t size)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < el->n && len < size; i++) {
		const struct condition_result *r = &el->results[i];
		int opens = r->cond->in_any && i > 0 && !el->results[i - 1].cond->in_any;
		int closes = r->cond->in_any &&
			     (i + 1 == el->n || !el->results[i + 1].cond->in_any);
		int n = snprintf(out + len, size - len, "%s%s=%c%s",
				 i == 0 ? "" : opens ? " [" : " ", r->cond->code, tri_char(r->met),
				 closes ? "]" : "");
		assert_true(n > 0);
		len += (size_t)n;
	}
	assert_true(len < size);
}

/* Judge a row under rs for year (the table's 2024 moves to it). */
static void judge_row(const struct rule_set *rs, int year, const struct row *row)
{
	char date[11], got[400];
	rules_judging_date(year, date);
	const struct award_type *t = rule_set_find(rs, row->type);
	if (!t)
		fail_msg("%s has no %s", rs->code, row->type);
	struct facts_text facts = edited(base_of(row->type), &row->edit);
	struct world w;
	build(&facts, year - 2024, &w);
	struct eligibility el;
	eligibility_check(rs, t, year, date, &w.f, &el);

	render(&el, got, sizeof got);
	if (strcmp(got, row->met) != 0)
		fail_msg("%s %d %s, %s:\n  got  %s\n  want %s", rs->code, year, row->type,
			 row->what, got, row->met);
	size_t n_no = 0;
	const char *no = "";
	for (size_t i = 0; i < el.n; i++) {
		const struct condition_result *r = &el.results[i];
		if (r->detail.kind == DETAIL_NONE || !r->cond->text[0] || !r->cond->basis[0])
			fail_msg("%s %s, %s: %s has no detail, text or basis", rs->code,
				 row->type, row->what, r->cond->code);
		if (!r->cond->in_any && r->met == TRI_NO && n_no++ == 0)
			no = r->cond->code;
	}
	if (el.eligible != (row->no == NULL) || el.n_unknown != row->unknown ||
	    n_no != (row->no != NULL) || (row->no && strcmp(no, row->no) != 0))
		fail_msg("%s %d %s, %s: eligible %d, %zu unknown, %zu unmet (%s)", rs->code,
			 year, row->type, row->what, el.eligible, el.n_unknown, n_no, no);
}

static void test_table_nd98(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_OF(rows); i++)
		judge_row(&nd98, 2024, &rows[i]);
}

static void test_table_nd152(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_OF(rows); i++)
		judge_row(&nd152, 2025, &rows[i]);
}

/* Every type of both sets has an all-met row and a row failing each condition. */
static void test_table_complete(void **state)
{
	(void)state;
	const struct rule_set *sets[] = {&nd98, &nd152};
	for (size_t s = 0; s < N_OF(sets); s++) {
		const struct rule_set *rs = sets[s];
		for (size_t i = 0; i < rs->n_types; i++) {
			const struct award_type *t = &rs->types[i];
			int all_met = 0;
			for (size_t r = 0; r < N_OF(rows); r++)
				all_met |= strcmp(rows[r].type, t->code) == 0 &&
					   is_base(&rows[r].edit) && !rows[r].no &&
					   !rows[r].unknown;
			if (!all_met)
				fail_msg("%s: no all-met row for %s", rs->code, t->code);
			for (size_t k = 0; k < rs->n_general + t->n_conds; k++) {
				const struct condition *c = k < rs->n_general
								    ? &rs->general[k]
								    : &t->conds[k - rs->n_general];
				if (c->in_any)
					continue; /* an option fails with its any_of */
				int broken = 0;
				for (size_t r = 0; r < N_OF(rows); r++)
					broken |= strcmp(rows[r].type, t->code) == 0 &&
						  rows[r].no && strcmp(rows[r].no, c->code) == 0;
				if (!broken)
					fail_msg("%s: no row breaks %s of %s", rs->code, c->code,
						 t->code);
			}
		}
	}
	assert_true(N_OF(rows) >= 40);
}

/* ---- legal edges beyond the table ---- */

static const struct condition_result *result_of(const struct eligibility *el,
						const char *code)
{
	for (size_t i = 0; i < el->n; i++)
		if (strcmp(el->results[i].cond->code, code) == 0)
			return &el->results[i];
	fail_msg("no result for %s", code);
	return NULL;
}

/* The initiative a met condition would lock, and whose it counts as. */
static void test_initiative_lock(void **state)
{
	(void)state;
	const struct award_type *t = rule_set_find(&nd98, "CSTD_TINH");
	assert_non_null(t);
	struct facts_text facts = {
		.awards = "CSTDCS 2022 2023 2024",
		.initiatives = "ministry_province 2022 used 8; ministry_province 2023 used 7"};
	struct world w;
	struct eligibility el;
	build(&facts, 0, &w);

	/* the proposal's own initiative (id 2) is the one it uses */
	eligibility_check(&nd98, t, 2024, "2024-12-31", &w.f, &el);
	assert_int_equal(result_of(&el, "initiative_province")->met, TRI_YES);
	assert_int_equal(result_of(&el, "initiative_province")->initiative_id, 2);
	assert_true(el.eligible);

	/* judged outside any proposal, both back another award */
	w.f.proposal_id = 0;
	eligibility_check(&nd98, t, 2024, "2024-12-31", &w.f, &el);
	assert_int_equal(result_of(&el, "initiative_province")->met, TRI_NO);
	assert_int_equal(result_of(&el, "initiative_province")->initiative_id, 0);
	assert_false(el.eligible);

	/* as another proposal, a free one is used */
	w.initiatives[0].used_by = 0;
	w.f.proposal_id = 9;
	eligibility_check(&nd98, t, 2024, "2024-12-31", &w.f, &el);
	assert_int_equal(result_of(&el, "initiative_province")->initiative_id, 1);
	assert_true(el.eligible);
}

/*
** An initiative is used only where the title rests on it, and the lowest
** level that suffices: a CSTDCS met by an excellent rating uses none, so
** the province-level initiative stays free for the provincial title.
*/
static void test_initiative_choice(void **state)
{
	(void)state;
	const struct award_type *cs = rule_set_find(&nd98, "CSTDCS");
	const struct award_type *prov = rule_set_find(&nd98, "CSTD_TINH");
	struct facts_text facts = {.awards = "LDTT 2024; CSTDCS 2022 2023 2024",
				   .ratings = "2024 excellent",
				   .initiatives = "ministry_province 2023; grassroots 2024"};
	struct world w;
	struct eligibility el;
	build(&facts, 0, &w);
	w.f.proposal_id = 5;
	eligibility_check(&nd98, cs, 2024, "2024-12-31", &w.f, &el);
	assert_true(el.eligible);
	for (size_t i = 0; i < el.n; i++)
		assert_int_equal(el.results[i].initiative_id, 0);
	/* without the excellent rating, the grassroots one (id 2), not the higher one */
	w.f.n_ratings = 0;
	eligibility_check(&nd98, cs, 2024, "2024-12-31", &w.f, &el);
	assert_int_equal(result_of(&el, "initiative_grassroots")->initiative_id, 2);
	/* the provincial title needs the province-level one (id 1) */
	eligibility_check(&nd98, prov, 2024, "2024-12-31", &w.f, &el);
	assert_int_equal(result_of(&el, "initiative_province")->initiative_id, 1);
	/* a higher one this proposal already holds is kept rather than swapped */
	w.initiatives[0].used_by = 5;
	eligibility_check(&nd98, cs, 2024, "2024-12-31", &w.f, &el);
	assert_int_equal(result_of(&el, "initiative_grassroots")->initiative_id, 1);
}

static const struct condition *cond_of(const struct award_type *t, const char *code)
{
	for (size_t i = 0; i < t->n_conds; i++)
		if (strcmp(t->conds[i].code, code) == 0)
			return &t->conds[i];
	fail_msg("%s has no condition %s", t->code, code);
	return NULL;
}

/* At least 70 % of n members, in integers: ceil(7n / 10) pass, one fewer fails. */
static void test_members_share_integer(void **state)
{
	(void)state;
	const struct award_type *t = rule_set_find(&nd98, "TTLDTT");
	assert_non_null(t);
	assert_int_equal(cond_of(t, "ldtt_share")->share, 7000); /* 0.7 cut, not 6999 */
	struct facts_text facts = {.ratings = "2024 good", .members = "100: LDTT 2024 x100"};
	struct world w;
	struct eligibility el;
	build(&facts, 0, &w);
	for (size_t n = 1; n <= MEMBERS_MAX; n++) {
		size_t need = (7 * n + 9) / 10;
		w.f.n_members = n;
		w.f.n_member_awards = need;
		eligibility_check(&nd98, t, 2024, "2024-12-31", &w.f, &el);
		if (result_of(&el, "ldtt_share")->met != TRI_YES)
			fail_msg("%zu of %zu members hold LDTT: should pass", need, n);
		w.f.n_member_awards = need - 1;
		eligibility_check(&nd98, t, 2024, "2024-12-31", &w.f, &el);
		if (result_of(&el, "ldtt_share")->met != TRI_NO)
			fail_msg("%zu of %zu members hold LDTT: should fail", need - 1, n);
	}
}

/* ---- the two decrees ---- */

/* The set in force on a date; exactly one covers every date from 2024. */
static const struct rule_set *in_force(const char *date)
{
	int a = rule_set_covers(&nd98, date), b = rule_set_covers(&nd152, date);
	if (a + b != 1)
		fail_msg("%s: covered by %d rule sets", date, a + b);
	return a ? &nd98 : &nd152;
}

static void test_decree_switch(void **state)
{
	(void)state;
	char date[11];
	rules_judging_date(2024, date);
	assert_string_equal(date, "2024-12-31");
	assert_ptr_equal(in_force(date), &nd98);
	rules_judging_date(2025, date);
	assert_string_equal(date, "2025-12-31");
	assert_ptr_equal(in_force(date), &nd152);
	rules_judging_date(987, date);
	assert_string_equal(date, "0987-12-31");

	assert_string_equal(nd98.code, "ND98-2023");
	assert_string_equal(nd98.effective_from, "2024-01-01");
	assert_string_equal(nd98.effective_until, "2025-06-30");
	assert_string_equal(nd152.code, "ND152-2025");
	assert_string_equal(nd152.effective_from, "2025-07-01");
	assert_string_equal(nd152.effective_until, "");

	static const struct {
		const char *date;
		int nd98, nd152;
	} days[] = {
		{"2023-12-31", 0, 0}, {"2024-01-01", 1, 0}, {"2025-06-30", 1, 0},
		{"2025-07-01", 0, 1}, {"2025-12-31", 0, 1}, {"2099-01-01", 0, 1},
	};
	for (size_t i = 0; i < N_OF(days); i++) {
		if (rule_set_covers(&nd98, days[i].date) != days[i].nd98 ||
		    rule_set_covers(&nd152, days[i].date) != days[i].nd152)
			fail_msg("%s: want Decree 98 %d, Decree 152 %d", days[i].date,
				 days[i].nd98, days[i].nd152);
	}

	assert_false(rule_sets_overlap(&nd98, &nd152));
	assert_false(rule_sets_overlap(&nd152, &nd98));
	assert_true(rule_sets_overlap(&nd98, &nd98));
	assert_true(rule_sets_overlap(&nd152, &nd152));

	/* the Government flag: at most 20 % of the provincial flag's holders, then none */
	const struct award_type *old = rule_set_find(&nd98, "CO_CP");
	const struct award_type *now = rule_set_find(&nd152, "CO_CP");
	assert_non_null(old);
	assert_non_null(now);
	assert_int_equal(old->quota.kind, QUOTA_SHARE_OF_HOLDERS);
	assert_int_equal(old->quota.share, 2000);
	assert_string_equal(old->quota.of, "CO_TINH");
	assert_int_equal(now->quota.kind, QUOTA_NONE);
	/* one provincial flag per cluster under both */
	assert_int_equal(rule_set_find(&nd98, "CO_TINH")->quota.kind, QUOTA_PER_CLUSTER);
	assert_int_equal(rule_set_find(&nd152, "CO_TINH")->quota.kind, QUOTA_PER_CLUSTER);
	assert_int_equal(rule_set_find(&nd152, "CO_TINH")->quota.max, 1);
}

/* Periods alone: a set that runs into another's first day overlaps it. */
static void test_overlap(void **state)
{
	(void)state;
	static const struct {
		const char *a_from, *a_until, *b_from, *b_until;
		int overlap;
	} cases[] = {
		{"2024-01-01", "2025-06-30", "2025-07-01", "", 0},
		{"2024-01-01", "2025-07-01", "2025-07-01", "", 1},
		{"2024-01-01", "", "2025-07-01", "", 1},
		{"2024-01-01", "2024-12-31", "2025-01-01", "2025-12-31", 0},
		{"2024-01-01", "2025-12-31", "2024-06-01", "2024-06-30", 1},
		{"2024-06-01", "2024-06-01", "2024-06-01", "2024-06-01", 1},
	};
	static struct rule_set a, b;
	for (size_t i = 0; i < N_OF(cases); i++) {
		snprintf(a.effective_from, sizeof a.effective_from, "%s", cases[i].a_from);
		snprintf(a.effective_until, sizeof a.effective_until, "%s", cases[i].a_until);
		snprintf(b.effective_from, sizeof b.effective_from, "%s", cases[i].b_from);
		snprintf(b.effective_until, sizeof b.effective_until, "%s", cases[i].b_until);
		if (rule_sets_overlap(&a, &b) != cases[i].overlap ||
		    rule_sets_overlap(&b, &a) != cases[i].overlap)
			fail_msg("case %zu: want overlap %d", i, cases[i].overlap);
	}
}

/* ---- the catalog against the reference table (titles.tsv) ---- */

static void test_catalog(void **state)
{
	(void)state;
	enum { IND = SUBJECT_INDIVIDUAL, COL = SUBJECT_COLLECTIVE };
	static const struct {
		const char *code;
		enum award_level level;
		unsigned subject;
		int vote; /* share of all council members, per 10,000 */
	} types[] = {
		{"LDTT", LEVEL_GRASSROOTS, IND, 0},
		{"CSTDCS", LEVEL_GRASSROOTS, IND, 8000},
		{"CSTD_TINH", LEVEL_MINISTRY_PROVINCE, IND, 9000},
		{"CSTD_TQ", LEVEL_NATIONAL, IND, 9000},
		{"TTLDTT", LEVEL_GRASSROOTS, COL, 0},
		{"TTLDXS", LEVEL_MINISTRY_PROVINCE, COL, 0},
		{"CO_TINH", LEVEL_MINISTRY_PROVINCE, COL, 8000},
		{"CO_CP", LEVEL_NATIONAL, COL, 8000},
		{"BK_TINH", LEVEL_MINISTRY_PROVINCE, IND, 5000},
		{"BK_TINH_TT", LEVEL_MINISTRY_PROVINCE, COL, 5000},
		{"BK_TTG", LEVEL_NATIONAL, IND, 8000},
		{"HCLD3", LEVEL_STATE, IND, 0},
		{"GK", LEVEL_GRASSROOTS, IND | COL, 0},
	};
	const struct rule_set *sets[] = {&nd98, &nd152};
	for (size_t s = 0; s < N_OF(sets); s++) {
		const struct rule_set *rs = sets[s];
		assert_int_equal(rs->n_types, N_OF(types));
		/* two thirds present, cut as ballots cut it: 10 of 15 make a quorum, 9 not */
		assert_int_equal(rs->council_quorum, 6666);
		assert_true(10 * 10000 >= rs->council_quorum * 15);
		assert_false(9 * 10000 >= rs->council_quorum * 15);
		assert_int_equal(rs->n_general, 1);
		assert_int_equal(rs->general[0].kind, COND_NOT_FROZEN);
		for (size_t i = 0; i < N_OF(types); i++) {
			const struct award_type *t = rule_set_find(rs, types[i].code);
			if (!t || t->level != types[i].level || t->subject != types[i].subject ||
			    t->vote_threshold != types[i].vote)
				fail_msg("%s %s: level, subject or vote threshold", rs->code,
					 types[i].code);
			assert_int_equal(award_type_fits(t, 1), (types[i].subject & IND) != 0);
			assert_int_equal(award_type_fits(t, 0), (types[i].subject & COL) != 0);
		}
		assert_null(rule_set_find(rs, "ldtt"));
		assert_null(rule_set_find(rs, "CSTD"));
		assert_null(rule_set_find(rs, ""));

		/* an any_of is followed by its options, flat */
		const struct award_type *t = rule_set_find(rs, "CSTDCS");
		assert_int_equal(t->n_conds, 4);
		assert_int_equal(t->conds[1].kind, COND_ANY_OF);
		assert_int_equal(t->conds[1].children, 2);
		assert_false(t->conds[1].in_any);
		assert_true(t->conds[2].in_any);
		assert_true(t->conds[3].in_any);
	}
	/* the same conditions under both decrees */
	for (size_t i = 0; i < nd98.n_types; i++) {
		const struct award_type *a = &nd98.types[i], *b = rule_set_find(&nd152, a->code);
		assert_int_equal(a->n_conds, b->n_conds);
		for (size_t k = 0; k < a->n_conds; k++) {
			const struct condition *x = &a->conds[k], *y = &b->conds[k];
			if (strcmp(x->code, y->code) != 0 || x->kind != y->kind ||
			    strcmp(x->award, y->award) != 0 || x->times != y->times ||
			    x->span != y->span || x->offset != y->offset ||
			    x->window != y->window || x->rating != y->rating ||
			    x->level != y->level || x->share != y->share)
				fail_msg("%s: condition %s differs between the decrees", a->code,
					 x->code);
		}
	}
}

/* ---- validating a rule set's document ---- */

/* Small documents, written with ' for " (none of them holds a quote). */
#define SET_WITH(keys, types) \
	"{'code':'T','name':'n','basis':'b'," keys ",'award_types':[" types "]}"
#define SET(types) SET_WITH("'effective_from':'2024-01-01'", types)
#define TYPE(code, more)                                                                  \
	"{'code':'" code "','name':'n','level':'grassroots','subject':'individual',"     \
	"'conferred_by':'c','basis':'b'" more "}"
#define CONDS(list) ",'conditions':[" list "]"
#define COND(more) "{'code':'c','text':'t','basis':'b'," more "}"
#define ANY_OF(options) COND("'kind':'any_of','any_of':[" options "]")
#define NOT_FROZEN COND("'kind':'not_frozen'")

static json_t *doc_from(const char *text)
{
	char buf[1024];
	size_t i;
	assert_true(strlen(text) < sizeof buf);
	for (i = 0; text[i]; i++)
		buf[i] = text[i] == '\'' ? '"' : text[i];
	buf[i] = '\0';
	json_error_t jerr;
	json_t *doc = json_loads(buf, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc)
		fail_msg("bad test JSON %s: %s", buf, jerr.text);
	return doc;
}

static void test_validation(void **state)
{
	(void)state;
	static const struct {
		const char *what, *doc, *field;
	} cases[] = {
		{"an unknown key in the set",
		 SET_WITH("'effective_from':'2024-01-01','colour':'red'", TYPE("A", "")),
		 "rule_set.colour"},
		{"an unknown key in a type", SET(TYPE("A", ",'colour':'red'")),
		 "award_types[0].colour"},
		{"an unknown key in a condition",
		 SET(TYPE("A", CONDS(COND("'kind':'not_frozen','colour':'red'")))),
		 "award_types[0].conditions[0].colour"},
		{"an unknown key in a quota",
		 SET(TYPE("A", ",'quota':{'kind':'per_cluster','text':'t','basis':'b',"
			       "'colour':1}")),
		 "award_types[0].quota.colour"},
		{"a condition naming an unknown award",
		 SET(TYPE("A", CONDS(COND("'kind':'holds','award':'B'")))),
		 "award_types[0].conditions[0].award"},
		{"an unknown award after an any_of",
		 SET(TYPE("A", "") "," TYPE("B", CONDS(ANY_OF(NOT_FROZEN "," NOT_FROZEN) ","
						       COND("'kind':'count','award':'C'")))),
		 "award_types[1].conditions[1].award"},
		{"an any_of option naming an unknown award",
		 SET(TYPE("A", CONDS(NOT_FROZEN "," ANY_OF(COND("'kind':'holds','award':'A'") ","
							   COND("'kind':'holds','award':'Z'"))))),
		 "award_types[0].conditions[1].any_of[1].award"},
		{"a general condition naming an unknown award",
		 SET_WITH("'effective_from':'2024-01-01','general_conditions':["
			  COND("'kind':'held_before','award':'Z'") "]",
			  TYPE("A", "")),
		 "general_conditions[0].award"},
		{"a quota of an unknown award",
		 SET(TYPE("A", ",'quota':{'kind':'share_of_holders','share':0.2,'of':'Z',"
			       "'text':'t','basis':'b'}")),
		 "award_types[0].quota.of"},
		{"an unknown condition kind", SET(TYPE("A", CONDS(COND("'kind':'sometimes'")))),
		 "award_types[0].conditions[0].kind"},
		{"an unknown rating",
		 SET(TYPE("A", CONDS(COND("'kind':'rating','rating':'superb'")))),
		 "award_types[0].conditions[0].rating"},
		{"holds without its award", SET(TYPE("A", CONDS(COND("'kind':'holds'")))),
		 "award_types[0].conditions[0]"},
		{"count: times above window",
		 SET(TYPE("A", CONDS(COND("'kind':'count','award':'A','times':3,'window':2")))),
		 "award_types[0].conditions[0]"},
		{"any_of with one option", SET(TYPE("A", CONDS(ANY_OF(NOT_FROZEN)))),
		 "award_types[0].conditions[0].any_of"},
		{"any_of with no option", SET(TYPE("A", CONDS(ANY_OF("")))),
		 "award_types[0].conditions[0].any_of"},
		{"an any_of inside an any_of",
		 SET(TYPE("A", CONDS(ANY_OF(ANY_OF(NOT_FROZEN "," NOT_FROZEN) "," NOT_FROZEN)))),
		 "award_types[0].conditions[0].any_of[0]"},
		{"options on a kind other than any_of",
		 SET(TYPE("A", CONDS(COND("'kind':'not_frozen','any_of':[]")))),
		 "award_types[0].conditions[0]"},
		{"a day that does not exist",
		 SET_WITH("'effective_from':'2024-02-30'", TYPE("A", "")),
		 "rule_set.effective_from"},
		{"a date written day first",
		 SET_WITH("'effective_from':'2024-01-01','effective_until':'30/06/2025'",
			  TYPE("A", "")),
		 "rule_set.effective_until"},
		{"no effective_from", SET_WITH("'effective_until':'2025-06-30'", TYPE("A", "")),
		 "rule_set.effective_from"},
		{"effective_until before effective_from",
		 SET_WITH("'effective_from':'2025-07-01','effective_until':'2025-06-30'",
			  TYPE("A", "")),
		 "rule_set.effective_until"},
		{"a type code twice", SET(TYPE("A", "") "," TYPE("B", "") "," TYPE("A", "")),
		 "award_types[2].code"},
		{"a share of 0",
		 SET(TYPE("A", CONDS(COND("'kind':'members_share','award':'A','share':0")))),
		 "award_types[0].conditions[0].share"},
		{"a share above 1",
		 SET(TYPE("A", CONDS(COND("'kind':'members_share','award':'A','share':1.5")))),
		 "award_types[0].conditions[0].share"},
		{"a share too small to keep (read as none)",
		 SET(TYPE("A", CONDS(COND("'kind':'members_share','award':'A','share':0.00009")))),
		 "award_types[0].conditions[0].share"},
		{"a share as text",
		 SET(TYPE("A", CONDS(COND("'kind':'members_share','award':'A','share':'0.7'")))),
		 "award_types[0].conditions[0].share"},
		{"members_share without its share",
		 SET(TYPE("A", CONDS(COND("'kind':'members_share','award':'A'")))),
		 "award_types[0].conditions[0]"},
		{"a vote threshold of 0", SET(TYPE("A", ",'vote_threshold':0,'vote_basis':'b'")),
		 "award_types[0].vote_threshold"},
		{"a vote threshold without vote_basis", SET(TYPE("A", ",'vote_threshold':0.8")),
		 "award_types[0]"},
		{"a council quorum above 1",
		 SET_WITH("'effective_from':'2024-01-01','council_quorum':1.01,"
			  "'council_quorum_basis':'b'",
			  TYPE("A", "")),
		 "rule_set.council_quorum"},
		{"a council quorum without its basis",
		 SET_WITH("'effective_from':'2024-01-01','council_quorum':0.5", TYPE("A", "")),
		 "rule_set.council_quorum_basis"},
		{"no award types", SET(""), "award_types"},
	};
	struct error e;
	struct rule_set rs;

	/* the smallest set, with an any_of */
	json_t *doc = doc_from(
		SET(TYPE("A", CONDS(NOT_FROZEN "," ANY_OF(NOT_FROZEN "," NOT_FROZEN)))));
	err_clear(&e);
	assert_int_equal(rule_set_from_json(doc, &rs, &e), 0);
	assert_int_equal(rs.n_types, 1);
	assert_int_equal(rs.types[0].n_conds, 4);
	assert_string_equal(rs.effective_until, "");
	rule_set_free(&rs);
	json_decref(doc);

	doc = json_array();
	assert_fails(rule_set_from_json(doc, &rs, &e), e, ERR_INVALID, "invalid_rule_set",
		     "rule_set");
	json_decref(doc);

	for (size_t i = 0; i < N_OF(cases); i++) {
		doc = doc_from(cases[i].doc);
		err_clear(&e);
		int rc = rule_set_from_json(doc, &rs, &e);
		json_decref(doc);
		if (rc == 0)
			rule_set_free(&rs);
		if (rc != -1 || e.kind != ERR_INVALID || strcmp(e.code, "invalid_rule_set") != 0 ||
		    strcmp(e.field, cases[i].field) != 0 || !e.message[0])
			fail_msg("%s: rc %d, %s at '%s' (%s); want invalid_rule_set at '%s'",
				 cases[i].what, rc, e.code, e.field, e.message, cases[i].field);
	}
}

/* ---- the detail in words ---- */

/* Every kind of detail, in English (the API's detail) and in Vietnamese (the proposal's). */
static const struct {
	struct condition_detail d;
	const char *en, *vi;
} details[] = {
	{{.kind = DETAIL_HELD, .award = "CSTDCS", .years = {2025, 2024}, .n_years = 2},
	 "CSTDCS held in 2025, 2024", "Đã đạt Chiến sĩ thi đua cơ sở năm 2025, 2024"},
	{{.kind = DETAIL_NOT_HELD, .award = "LDTT", .years = {2023}, .n_years = 1},
	 "LDTT not held in 2023", "Chưa đạt Lao động tiên tiến năm 2023"},
	{{.kind = DETAIL_COUNT, .award = "CSTDCS", .n = 2, .from = 2021, .to = 2025,
	  .years = {2022, 2024}, .n_years = 2, .needs = 3},
	 "CSTDCS 2 time(s) in 2021-2025: 2022, 2024 (needs 3)",
	 "Chiến sĩ thi đua cơ sở: 2 lần trong 2021–2025 (năm 2022, 2024); cần 3 lần"},
	{{.kind = DETAIL_COUNT, .award = "CSTDCS", .from = 2021, .to = 2025, .needs = 3},
	 "CSTDCS 0 time(s) in 2021-2025 (needs 3)",
	 "Chiến sĩ thi đua cơ sở: 0 lần trong 2021–2025; cần 3 lần"},
	{{.kind = DETAIL_NOT_HELD_BY, .award = "CSTD_TINH", .year = 2020},
	 "CSTD_TINH not held by 2020",
	 "Chưa đạt Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh đến năm 2020"},
	{{.kind = DETAIL_RATED, .rating = RATING_EXCELLENT, .n = 2, .from = 2024, .to = 2025},
	 "rated excellent or better in 2 of 2024-2025",
	 "Xếp loại «Hoàn thành xuất sắc nhiệm vụ» trở lên 2 năm trong 2024–2025"},
	{{.kind = DETAIL_RATED, .rating = RATING_GOOD, .n = 1, .from = 2025, .to = 2025},
	 "rated good or better in 1 of 2025-2025",
	 "Xếp loại «Hoàn thành tốt nhiệm vụ» trở lên năm 2025"},
	{{.kind = DETAIL_RATED_BELOW, .rating = RATING_COMPLETED, .years = {2023}, .n_years = 1},
	 "rated below completed in 2023", "Xếp loại dưới mức «Hoàn thành nhiệm vụ» năm 2023"},
	{{.kind = DETAIL_NO_RATING, .years = {2024, 2025}, .n_years = 2},
	 "no rating recorded for 2024, 2025", "Chưa có xếp loại năm 2024, 2025"},
	{{.kind = DETAIL_INITIATIVE, .id = 12, .level = LEVEL_MINISTRY_PROVINCE, .year = 2024},
	 "initiative 12 (ministry_province, 2024)",
	 "Sáng kiến số 12 (cấp bộ, ban, ngành, tỉnh, năm 2024)"},
	{{.kind = DETAIL_INITIATIVE_USED, .id = 8}, "initiative 8 already backs another award",
	 "Sáng kiến số 8 đã dùng cho một đề nghị khác"},
	{{.kind = DETAIL_NO_INITIATIVE, .level = LEVEL_NATIONAL},
	 "no initiative at national level or above recorded",
	 "Chưa có sáng kiến cấp toàn quốc trở lên"},
	{{.kind = DETAIL_FROZEN, .hold = HOLD_INSPECTION, .date = "2025-03-01"},
	 "under inspection since 2025-03-01",
	 "Đang trong thời gian thanh tra, kiểm tra từ 01/03/2025"},
	{{.kind = DETAIL_FROZEN, .hold = HOLD_COMPLAINT, .date = "2025-11-20"},
	 "under complaint since 2025-11-20",
	 "Đang trong thời gian giải quyết khiếu nại, tố cáo từ 20/11/2025"},
	{{.kind = DETAIL_NOT_FROZEN, .date = "2025-12-31"},
	 "no discipline, inspection or complaint open on 2025-12-31",
	 "Không có việc xem xét kỷ luật, thanh tra, kiểm tra, khiếu nại nào đang mở vào ngày "
	 "31/12/2025"},
	{{.kind = DETAIL_NO_MEMBERS}, "no members recorded",
	 "Chưa có dữ liệu về thành viên của tập thể"},
	{{.kind = DETAIL_MEMBERS_SHARE, .n = 7, .total = 10, .award = "LDTT", .year = 2025},
	 "7 of 10 members hold LDTT in 2025", "7/10 thành viên đạt Lao động tiên tiến năm 2025"},
	{{.kind = DETAIL_MEMBERS_HOLD, .n = 1, .award = "CSTDCS", .year = 2025},
	 "1 member(s) hold CSTDCS in 2025", "1 thành viên đạt Chiến sĩ thi đua cơ sở năm 2025"},
	{{.kind = DETAIL_MEMBER_DISCIPLINE, .date = "2025-02-10"},
	 "a member was under discipline from 2025-02-10", "Có thành viên bị kỷ luật từ 10/02/2025"},
	{{.kind = DETAIL_MEMBERS_CLEAN, .year = 2025}, "no member under discipline in 2025",
	 "Không thành viên nào bị kỷ luật năm 2025"},
	{{.kind = DETAIL_BALLOT_PASSED}, "passed the cluster's ballot",
	 "Trúng trong cuộc bỏ phiếu của Cụm"},
	{{.kind = DETAIL_BALLOT_FAILED}, "did not pass the cluster's ballot",
	 "Không trúng trong cuộc bỏ phiếu của Cụm"},
	{{.kind = DETAIL_NO_BALLOT}, "no closed cluster ballot attached",
	 "Chưa đính kèm kết quả bỏ phiếu đã kết thúc của Cụm"},
	{{.kind = DETAIL_OPTION_MET}, "one option met", "Đạt một trong các điều kiện"},
	{{.kind = DETAIL_NO_OPTION}, "no option met", "Không đạt điều kiện nào"},
	{{.kind = DETAIL_NO_OPTION_DATA}, "no option met on the evidence held",
	 "Chưa đạt điều kiện nào theo dữ liệu đang có"},
};

static void test_detail_words(void **state)
{
	(void)state;
	int seen[DETAIL_KINDS] = {0};
	for (size_t i = 0; i < N_OF(details); i++) {
		char en[DETAIL_TEXT_MAX], vi[DETAIL_TEXT_MAX];
		eligibility_detail_text(&details[i].d, &nd152, LANG_EN, en, sizeof en);
		eligibility_detail_text(&details[i].d, &nd152, LANG_VI, vi, sizeof vi);
		if (strcmp(en, details[i].en) != 0 || strcmp(vi, details[i].vi) != 0)
			fail_msg("%s:\n  got  %s / %s\n  want %s / %s",
				 eligibility_detail_code(details[i].d.kind), en, vi, details[i].en,
				 details[i].vi);
		seen[details[i].d.kind] = 1;
	}
	for (int k = DETAIL_NONE + 1; k < DETAIL_KINDS; k++)
		if (!seen[k])
			fail_msg("detail kind %s is not in the table",
				 eligibility_detail_code((enum detail_kind)k));
}

/* The names and figures the API sends for a client to say the detail itself. */
static void test_detail_params(void **state)
{
	(void)state;
	assert_string_equal(eligibility_detail_code(DETAIL_COUNT), "count");
	assert_string_equal(eligibility_detail_code(DETAIL_NO_OPTION_DATA), "no_option_data");
	assert_int_equal(eligibility_detail_params(DETAIL_COUNT),
			 1u << DP_AWARD | 1u << DP_N | 1u << DP_FROM | 1u << DP_TO |
				 1u << DP_YEARS | 1u << DP_NEEDS);
	assert_int_equal(eligibility_detail_params(DETAIL_FROZEN), 1u << DP_HOLD | 1u << DP_DATE);
	assert_int_equal(eligibility_detail_params(DETAIL_NO_MEMBERS), 0);
	assert_string_equal(eligibility_param_name(DP_YEARS), "years");
	assert_string_equal(eligibility_param_name(DP_DATE), "date");
	struct condition_detail d = {.kind = DETAIL_MEMBERS_SHARE, .n = 7, .total = 10,
				     .year = 2025};
	assert_int_equal(eligibility_detail_number(&d, DP_N), 7);
	assert_int_equal(eligibility_detail_number(&d, DP_TOTAL), 10);
	assert_int_equal(eligibility_detail_number(&d, DP_YEAR), 2025);
	assert_int_equal(eligibility_detail_number(&d, DP_AWARD), 0);
}

/*
** An award not in the rule set (or no rule set) is named by its code; a
** short buffer cuts between characters, never inside one.
*/
static void test_detail_edges(void **state)
{
	(void)state;
	struct condition_detail held = {.kind = DETAIL_HELD, .award = "CSTDCS", .years = {2025},
					.n_years = 1};
	char buf[DETAIL_TEXT_MAX];
	eligibility_detail_text(&held, NULL, LANG_VI, buf, sizeof buf);
	assert_string_equal(buf, "Đã đạt CSTDCS năm 2025");
	struct condition_detail other = held;
	snprintf(other.award, sizeof other.award, "%s", "NOT_A_TYPE");
	eligibility_detail_text(&other, &nd152, LANG_VI, buf, sizeof buf);
	assert_string_equal(buf, "Đã đạt NOT_A_TYPE năm 2025");
	/* "Đã đạt": Đ and ã are two bytes each */
	eligibility_detail_text(&held, &nd152, LANG_VI, buf, 6);
	assert_string_equal(buf, "Đã ");
	eligibility_detail_text(&held, &nd152, LANG_VI, buf, 4);
	assert_string_equal(buf, "Đ");
	eligibility_detail_text(&held, &nd152, LANG_VI, buf, 1);
	assert_string_equal(buf, "");
	/* the award's name cut short, after the text before it */
	eligibility_detail_text(&held, &nd152, LANG_VI, buf, sizeof "Đã đạt Chiến sĩ");
	assert_string_equal(buf, "Đã đạt Chiến sĩ");
	struct condition_detail none = {.kind = DETAIL_NONE};
	eligibility_detail_text(&none, &nd152, LANG_EN, buf, sizeof buf);
	assert_string_equal(buf, "");
}

/* The result of the condition code in el, said in English and in Vietnamese. */
static void said(const struct eligibility *el, const char *code, const char *en,
		 const char *vi)
{
	for (size_t i = 0; i < el->n; i++) {
		if (strcmp(el->results[i].cond->code, code) != 0)
			continue;
		char got_en[DETAIL_TEXT_MAX], got_vi[DETAIL_TEXT_MAX];
		eligibility_detail_text(&el->results[i].detail, &nd152, LANG_EN, got_en,
					sizeof got_en);
		eligibility_detail_text(&el->results[i].detail, &nd152, LANG_VI, got_vi,
					sizeof got_vi);
		if (strcmp(got_en, en) != 0 || strcmp(got_vi, vi) != 0)
			fail_msg("%s:\n  got  %s / %s\n  want %s / %s", code, got_en, got_vi, en,
				 vi);
		return;
	}
	fail_msg("no result for %s", code);
}

/* What the engine found, from facts to words. */
static void test_detail_from_facts(void **state)
{
	(void)state;
	struct world w;
	struct eligibility el;
	struct facts_text cstd_tinh = {.awards = "CSTDCS 2023 2025",
				       .ratings = "2025 good",
				       .holds = "inspection 2025-11-15.."};
	build(&cstd_tinh, 0, &w);
	eligibility_check(&nd152, rule_set_find(&nd152, "CSTD_TINH"), 2025, "2025-12-31", &w.f,
			  &el);
	said(&el, "not_frozen", "under inspection since 2025-11-15",
	     "Đang trong thời gian thanh tra, kiểm tra từ 15/11/2025");
	said(&el, "cstdcs_3_years", "CSTDCS not held in 2024",
	     "Chưa đạt Chiến sĩ thi đua cơ sở năm 2024");
	said(&el, "initiative_province", "no initiative at ministry_province level or above recorded",
	     "Chưa có sáng kiến cấp bộ, ban, ngành, tỉnh trở lên");

	struct facts_text cstdcs = {.awards = "LDTT 2025", .ratings = "2025 excellent"};
	build(&cstdcs, 0, &w);
	eligibility_check(&nd152, rule_set_find(&nd152, "CSTDCS"), 2025, "2025-12-31", &w.f, &el);
	said(&el, "holds_ldtt", "LDTT held in 2025", "Đã đạt Lao động tiên tiến năm 2025");
	said(&el, "merit", "one option met", "Đạt một trong các điều kiện");
	said(&el, "rating_excellent", "rated excellent or better in 1 of 2025-2025",
	     "Xếp loại «Hoàn thành xuất sắc nhiệm vụ» trở lên năm 2025");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_nd98),
		cmocka_unit_test(test_table_nd152),
		cmocka_unit_test(test_table_complete),
		cmocka_unit_test(test_initiative_lock),
		cmocka_unit_test(test_initiative_choice),
		cmocka_unit_test(test_members_share_integer),
		cmocka_unit_test(test_decree_switch),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_catalog),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_detail_words),
		cmocka_unit_test(test_detail_params),
		cmocka_unit_test(test_detail_edges),
		cmocka_unit_test(test_detail_from_facts),
	};
	return cmocka_run_group_tests(tests, load_sets, free_sets);
}
