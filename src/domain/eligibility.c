/* The eligibility engine: each condition kind judged against the facts. */
#include "domain/eligibility.h"

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

/* r's detail is of kind k, about award (may be NULL); its figures follow. */
static struct condition_detail *found(struct condition_result *r, enum detail_kind k,
				      const char *award)
{
	r->detail.kind = k;
	if (award)
		snprintf(r->detail.award, sizeof r->detail.award, "%s", award);
	return &r->detail;
}

static void add_year(struct condition_detail *d, int year)
{
	if (d->n_years < DETAIL_YEARS_MAX)
		d->years[d->n_years++] = year;
}

/* The window of years ending with year, as a detail names it. */
static void window_of(struct condition_detail *d, const struct condition *c, int year)
{
	d->from = year - c->window + 1;
	d->to = year;
}

static int holds_in(const struct award_fact *a, size_t n, const char *type, int year,
		    int64_t holder)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].year == year && a[i].holder == holder && strcmp(a[i].type, type) == 0)
			return 1;
	return 0;
}

/* Held in every year asked: those years; otherwise the years missing. */
static enum tri judge_holds(const struct condition *c, int year,
			    const struct eligibility_facts *f, struct condition_result *r)
{
	struct condition_detail *d = found(r, DETAIL_NOT_HELD, c->award);
	for (int k = 0; k < c->times; k++) {
		int y = year - c->offset - k * c->span;
		if (!holds_in(f->awards, f->n_awards, c->award, y, 0))
			add_year(d, y);
	}
	if (d->n_years)
		return TRI_NO;
	found(r, DETAIL_HELD, NULL);
	for (int k = 0; k < c->times; k++)
		add_year(d, year - c->offset - k * c->span);
	return TRI_YES;
}

static enum tri judge_count(const struct condition *c, int year,
			    const struct eligibility_facts *f, struct condition_result *r)
{
	struct condition_detail *d = found(r, DETAIL_COUNT, c->award);
	window_of(d, c, year);
	d->needs = c->times;
	for (int y = d->from; y <= year; y++)
		if (holds_in(f->awards, f->n_awards, c->award, y, 0)) {
			d->n++;
			add_year(d, y);
		}
	return d->n >= c->times ? TRI_YES : TRI_NO;
}

static enum tri judge_held_before(const struct condition *c, int year,
				  const struct eligibility_facts *f, struct condition_result *r)
{
	for (size_t i = 0; i < f->n_awards; i++) {
		const struct award_fact *a = &f->awards[i];
		if (a->holder == 0 && a->year <= year - c->offset &&
		    strcmp(a->type, c->award) == 0) {
			add_year(found(r, DETAIL_HELD, c->award), a->year);
			return TRI_YES;
		}
	}
	found(r, DETAIL_NOT_HELD_BY, c->award)->year = year - c->offset;
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
	struct condition_detail below = {.kind = DETAIL_RATED_BELOW, .rating = c->rating};
	struct condition_detail unrated = {.kind = DETAIL_NO_RATING};
	struct condition_detail rated = {.kind = DETAIL_RATED, .rating = c->rating};
	window_of(&rated, c, year);
	for (int y = rated.from; y <= year; y++) {
		const struct rating_fact *rf = rating_in(f, y);
		if (!rf)
			add_year(&unrated, y);
		else if (rf->rating < c->rating)
			add_year(&below, y);
		else
			rated.n++;
	}
	if (rated.n >= c->times) {
		r->detail = rated;
		return TRI_YES;
	}
	if (rated.n + (int64_t)unrated.n_years < c->times) {
		r->detail = below;
		return TRI_NO;
	}
	r->detail = unrated;
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
		struct condition_detail *d = found(r, DETAIL_INITIATIVE, NULL);
		d->id = best->id;
		d->level = best->level;
		d->year = best->year;
		return TRI_YES;
	}
	if (used) {
		found(r, DETAIL_INITIATIVE_USED, NULL)->id = used;
		return TRI_NO;
	}
	found(r, DETAIL_NO_INITIATIVE, NULL)->level = c->level;
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
			struct condition_detail *d = found(r, DETAIL_FROZEN, NULL);
			d->hold = f->holds[i].kind;
			snprintf(d->date, sizeof d->date, "%s", f->holds[i].from);
			return TRI_NO;
		}
	snprintf(found(r, DETAIL_NOT_FROZEN, NULL)->date, sizeof r->detail.date, "%s", date);
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
	found(r, DETAIL_NO_MEMBERS, NULL);
	return 0;
}

static enum tri judge_members_share(const struct condition *c, int year,
				    const struct eligibility_facts *f,
				    struct condition_result *r)
{
	if (!members_known(f, r))
		return TRI_UNKNOWN;
	size_t holding = members_holding(f, c->award, year);
	struct condition_detail *d = found(r, DETAIL_MEMBERS_SHARE, c->award);
	d->n = (int64_t)holding;
	d->total = (int64_t)f->n_members;
	d->year = year;
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
	struct condition_detail *d = found(r, DETAIL_MEMBERS_HOLD, c->award);
	d->n = (int64_t)members_holding(f, c->award, year);
	d->year = year;
	return d->n ? TRI_YES : TRI_NO;
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
			snprintf(found(r, DETAIL_MEMBER_DISCIPLINE, NULL)->date,
				 sizeof r->detail.date, "%s", h->from);
			return TRI_NO;
		}
	}
	found(r, DETAIL_MEMBERS_CLEAN, NULL)->year = year;
	return TRI_YES;
}

static enum tri judge_cluster_vote(const struct eligibility_facts *f,
				   struct condition_result *r)
{
	found(r,
	      f->cluster_vote == TRI_YES  ? DETAIL_BALLOT_PASSED
	      : f->cluster_vote == TRI_NO ? DETAIL_BALLOT_FAILED
					  : DETAIL_NO_BALLOT,
	      NULL);
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
		found(r,
		      best == TRI_YES  ? DETAIL_OPTION_MET
		      : best == TRI_NO ? DETAIL_NO_OPTION
				       : DETAIL_NO_OPTION_DATA,
		      NULL);
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
