/* The eligibility engine: each condition kind judged against the facts. */
#include "domain/eligibility.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/names.h"

static const char *const hold_names[] = {"discipline", "inspection", "complaint", NULL};

const char *hold_kind_name(enum hold_kind k)
{
	return (unsigned)k <= HOLD_COMPLAINT ? hold_names[k] : "?";
}

int hold_kind_parse(const char *s, enum hold_kind *out)
{
	int i = name_index(hold_names, 3, s);
	if (i < 0)
		return -1;
	*out = (enum hold_kind)i;
	return 0;
}

static void say(struct condition_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void say(struct condition_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->detail, sizeof r->detail, fmt, ap);
	va_end(ap);
}

/* Append " 2023" to a list of years in buf. */
static void add_year(char *buf, size_t n, int year)
{
	size_t len = strlen(buf);
	if (len + 7 < n)
		snprintf(buf + len, n - len, "%s%d", len ? ", " : "", year);
}

static int holds_in(const struct award_fact *a, size_t n, const char *type, int year,
		    int64_t holder)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].year == year && a[i].holder == holder && strcmp(a[i].type, type) == 0)
			return 1;
	return 0;
}

static enum tri judge_holds(const struct condition *c, int year,
			    const struct eligibility_facts *f, struct condition_result *r)
{
	char held[64] = "", missing[64] = "";
	for (int k = 0; k < c->times; k++) {
		int y = year - c->offset - k * c->span;
		if (holds_in(f->awards, f->n_awards, c->award, y, 0))
			add_year(held, sizeof held, y);
		else
			add_year(missing, sizeof missing, y);
	}
	if (!missing[0]) {
		say(r, "%s held in %s", c->award, held);
		return TRI_YES;
	}
	say(r, "%s not held in %s", c->award, missing);
	return TRI_NO;
}

static enum tri judge_count(const struct condition *c, int year,
			    const struct eligibility_facts *f, struct condition_result *r)
{
	int count = 0;
	char held[64] = "";
	for (int y = year - c->window + 1; y <= year; y++)
		if (holds_in(f->awards, f->n_awards, c->award, y, 0)) {
			count++;
			add_year(held, sizeof held, y);
		}
	say(r, "%s %d time(s) in %d-%d%s%s (needs %d)", c->award, count,
	    year - c->window + 1, year, count ? ": " : "", held, c->times);
	return count >= c->times ? TRI_YES : TRI_NO;
}

static enum tri judge_held_before(const struct condition *c, int year,
				  const struct eligibility_facts *f, struct condition_result *r)
{
	for (size_t i = 0; i < f->n_awards; i++) {
		const struct award_fact *a = &f->awards[i];
		if (a->holder == 0 && a->year <= year - c->offset &&
		    strcmp(a->type, c->award) == 0) {
			say(r, "%s held in %d", c->award, a->year);
			return TRI_YES;
		}
	}
	say(r, "%s not held by %d", c->award, year - c->offset);
	return TRI_NO;
}

static const struct rating_fact *rating_in(const struct eligibility_facts *f, int year)
{
	for (size_t i = 0; i < f->n_ratings; i++)
		if (f->ratings[i].year == year)
			return &f->ratings[i];
	return NULL;
}

static enum tri judge_rating(const struct condition *c, int year,
			     const struct eligibility_facts *f, struct condition_result *r)
{
	char below[64] = "", unrated[64] = "";
	int rated = 0, missing = 0;
	for (int y = year - c->window + 1; y <= year; y++) {
		const struct rating_fact *rf = rating_in(f, y);
		if (!rf) {
			missing++;
			add_year(unrated, sizeof unrated, y);
		} else if (rf->rating < c->rating) {
			add_year(below, sizeof below, y);
		} else {
			rated++;
		}
	}
	if (rated >= c->times) {
		say(r, "rated %s or better in %d of %d-%d", rating_name(c->rating), rated,
		    year - c->window + 1, year);
		return TRI_YES;
	}
	if (rated + missing < c->times) {
		say(r, "rated below %s in %s", rating_name(c->rating), below);
		return TRI_NO;
	}
	say(r, "no rating recorded for %s", unrated);
	return TRI_UNKNOWN;
}

/*
** An initiative backs one award only: one used by another proposal fails
** the condition; none recorded at the level is unknown (it may exist on
** paper). Of those free, the one this proposal already holds, else the
** lowest level that suffices, so a higher one stays for a higher title.
*/
static enum tri judge_initiative(const struct condition *c, int year,
				 const struct eligibility_facts *f, struct condition_result *r)
{
	const struct initiative_fact *best = NULL;
	int64_t used = 0;
	for (size_t i = 0; i < f->n_initiatives; i++) {
		const struct initiative_fact *in = &f->initiatives[i];
		if (in->level < c->level || in->year > year)
			continue;
		int ours = f->proposal_id && in->used_by == f->proposal_id;
		if (in->used_by && !ours) {
			used = in->id;
			continue;
		}
		int best_ours = best && f->proposal_id && best->used_by == f->proposal_id;
		if (!best || (ours && !best_ours) || (!best_ours && in->level < best->level))
			best = in;
	}
	if (best) {
		r->initiative_id = best->id;
		say(r, "initiative %lld (%s, %d)", (long long)best->id, level_name(best->level),
		    best->year);
		return TRI_YES;
	}
	if (used) {
		say(r, "initiative %lld already backs another award", (long long)used);
		return TRI_NO;
	}
	say(r, "no initiative at %s level or above recorded", level_name(c->level));
	return TRI_UNKNOWN;
}

static int hold_open_on(const struct hold_fact *h, const char *date)
{
	return strcmp(h->from, date) <= 0 && (!h->until[0] || strcmp(h->until, date) >= 0);
}

static enum tri judge_not_frozen(const char *date, const struct eligibility_facts *f,
				 struct condition_result *r)
{
	for (size_t i = 0; i < f->n_holds; i++)
		if (hold_open_on(&f->holds[i], date)) {
			say(r, "under %s since %s", hold_kind_name(f->holds[i].kind),
			    f->holds[i].from);
			return TRI_NO;
		}
	say(r, "no discipline, inspection or complaint open on %s", date);
	return TRI_YES;
}

/* Distinct members holding the award that year. */
static size_t members_holding(const struct eligibility_facts *f, const char *type, int year)
{
	size_t count = 0;
	for (size_t i = 0; i < f->n_member_awards; i++) {
		const struct award_fact *a = &f->member_awards[i];
		if (a->year != year || strcmp(a->type, type) != 0)
			continue;
		int seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = f->member_awards[j].holder == a->holder &&
			       f->member_awards[j].year == year &&
			       strcmp(f->member_awards[j].type, type) == 0;
		count += !seen;
	}
	return count;
}

/* A collective's members are in the registry, or nothing can be said of them. */
static int members_known(const struct eligibility_facts *f, struct condition_result *r)
{
	if (f->n_members)
		return 1;
	say(r, "no members recorded");
	return 0;
}

static enum tri judge_members_share(const struct condition *c, int year,
				    const struct eligibility_facts *f,
				    struct condition_result *r)
{
	if (!members_known(f, r))
		return TRI_UNKNOWN;
	size_t holding = members_holding(f, c->award, year);
	say(r, "%zu of %zu members hold %s in %d", holding, f->n_members, c->award, year);
	/* holding / members >= share / 10,000, in integers */
	return (unsigned long long)holding * 10000 >=
			       (unsigned long long)c->share * f->n_members
		       ? TRI_YES
		       : TRI_NO;
}

static enum tri judge_member_holds(const struct condition *c, int year,
				   const struct eligibility_facts *f,
				   struct condition_result *r)
{
	if (!members_known(f, r))
		return TRI_UNKNOWN;
	size_t holding = members_holding(f, c->award, year);
	say(r, "%zu member(s) hold %s in %d", holding, c->award, year);
	return holding ? TRI_YES : TRI_NO;
}

static enum tri judge_members_clean(int year, const struct eligibility_facts *f,
				    struct condition_result *r)
{
	char first[11], last[11];
	snprintf(first, sizeof first, "%04u-01-01", (unsigned)year % 10000u);
	snprintf(last, sizeof last, "%04u-12-31", (unsigned)year % 10000u);
	for (size_t i = 0; i < f->n_member_holds; i++) {
		const struct hold_fact *h = &f->member_holds[i];
		if (h->kind == HOLD_DISCIPLINE && strcmp(h->from, last) <= 0 &&
		    (!h->until[0] || strcmp(h->until, first) >= 0)) {
			say(r, "a member was under discipline from %s", h->from);
			return TRI_NO;
		}
	}
	say(r, "no member under discipline in %d", year);
	return TRI_YES;
}

static enum tri judge_cluster_vote(const struct eligibility_facts *f,
				   struct condition_result *r)
{
	if (f->cluster_vote == TRI_YES)
		say(r, "passed the cluster's ballot");
	else if (f->cluster_vote == TRI_NO)
		say(r, "did not pass the cluster's ballot");
	else
		say(r, "no closed cluster ballot attached");
	return f->cluster_vote;
}

static enum tri judge_one(const struct condition *c, int year, const char *date,
			  const struct eligibility_facts *f, struct condition_result *r)
{
	switch (c->kind) {
	case COND_HOLDS:
		return judge_holds(c, year, f, r);
	case COND_COUNT:
		return judge_count(c, year, f, r);
	case COND_HELD_BEFORE:
		return judge_held_before(c, year, f, r);
	case COND_RATING:
		return judge_rating(c, year, f, r);
	case COND_INITIATIVE:
		return judge_initiative(c, year, f, r);
	case COND_NOT_FROZEN:
		return judge_not_frozen(date, f, r);
	case COND_MEMBERS_SHARE:
		return judge_members_share(c, year, f, r);
	case COND_MEMBER_HOLDS:
		return judge_member_holds(c, year, f, r);
	case COND_MEMBERS_CLEAN:
		return judge_members_clean(year, f, r);
	case COND_CLUSTER_VOTE:
		return judge_cluster_vote(f, r);
	case COND_ANY_OF:
		break;
	}
	return TRI_UNKNOWN;
}

/*
** An any_of met rests on one option: prefer one that uses no initiative,
** so that an initiative is locked only when the title needs it.
*/
static void keep_one_option(struct condition_result *opts, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (opts[k].met == TRI_YES && !opts[k].initiative_id) {
			for (size_t j = 0; j < n; j++)
				opts[j].initiative_id = 0;
			return;
		}
	int kept = 0;
	for (size_t k = 0; k < n; k++) {
		if (opts[k].met == TRI_YES && opts[k].initiative_id && !kept)
			kept = 1;
		else
			opts[k].initiative_id = 0;
	}
}

/* Judge conds[0..n) into out; an any_of takes the best of its options. */
static void judge_list(const struct condition *conds, size_t n, int year, const char *date,
		       const struct eligibility_facts *f, struct eligibility *out)
{
	for (size_t i = 0; i < n && out->n < ELIGIBILITY_RESULTS_MAX; i++) {
		struct condition_result *r = &out->results[out->n++];
		memset(r, 0, sizeof *r);
		r->cond = &conds[i];
		if (conds[i].kind != COND_ANY_OF) {
			r->met = judge_one(&conds[i], year, date, f, r);
			continue;
		}
		enum tri best = TRI_NO;
		size_t options = (size_t)conds[i].children, first = out->n;
		for (size_t k = 1; k <= options && i + k < n &&
				   out->n < ELIGIBILITY_RESULTS_MAX;
		     k++) {
			struct condition_result *o = &out->results[out->n++];
			memset(o, 0, sizeof *o);
			o->cond = &conds[i + k];
			o->met = judge_one(&conds[i + k], year, date, f, o);
			if (o->met == TRI_YES)
				best = TRI_YES;
			else if (o->met == TRI_UNKNOWN && best == TRI_NO)
				best = TRI_UNKNOWN;
		}
		if (best == TRI_YES)
			keep_one_option(out->results + first, out->n - first);
		i += options;
		r->met = best;
		say(r, best == TRI_YES ? "one option met"
		       : best == TRI_NO ? "no option met"
					: "no option met on the evidence held");
	}
}

void eligibility_check(const struct rule_set *rs, const struct award_type *t, int year,
		       const char *date, const struct eligibility_facts *f,
		       struct eligibility *out)
{
	memset(out, 0, sizeof *out);
	judge_list(rs->general, rs->n_general, year, date, f, out);
	judge_list(t->conds, t->n_conds, year, date, f, out);
	out->eligible = 1;
	for (size_t i = 0; i < out->n; i++) {
		if (out->results[i].cond->in_any)
			continue; /* an option's failure is its any_of's business */
		if (out->results[i].met == TRI_NO)
			out->eligible = 0;
		else if (out->results[i].met == TRI_UNKNOWN)
			out->n_unknown++;
	}
}
