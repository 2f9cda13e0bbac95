/* Final results per criterion, totals and the ranking of a cluster year. */
#include "domain/scoring.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ids.h"
#include "core/names.h"

static const char *const rule_names[] = {"cross_mean", "cross_trimmed_mean", "reviewed_self",
					 NULL};
static const char *const tie_names[] = {"penalty", "base", "groups"};

const char *final_rule_name(enum final_rule r)
{
	return rule_names[r];
}

const char *const *final_rule_names(void)
{
	return rule_names;
}

int final_rule_parse(const char *s, enum final_rule *out)
{
	int i = name_index(rule_names, sizeof rule_names / sizeof *rule_names, s);
	if (i >= 0)
		*out = (enum final_rule)i;
	return i >= 0 ? 0 : -1;
}

const char *tie_key_name(enum tie_key k)
{
	return tie_names[k];
}

int tie_key_parse(const char *s, enum tie_key *out)
{
	int i = name_index(tie_names, sizeof tie_names / sizeof *tie_names, s);
	if (i >= 0)
		*out = (enum tie_key)i;
	return i >= 0 ? 0 : -1;
}

int tie_rule_parse(const char *s, struct tie_rule *out)
{
	memset(out, 0, sizeof *out);
	if (!s[0])
		return 0;
	for (const char *p = s;; p++) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char key[16];
		enum tie_key k;
		if (len == 0 || len >= sizeof key || out->n == TIE_KEYS_MAX)
			return -1;
		memcpy(key, p, len);
		key[len] = 0;
		if (tie_key_parse(key, &k) != 0)
			return -1;
		for (size_t i = 0; i < out->n; i++)
			if (out->keys[i] == k)
				return -1;
		out->keys[out->n++] = k;
		if (!end)
			return 0;
		p = end;
	}
}

void tie_rule_format(const struct tie_rule *t, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = 0;
	for (size_t i = 0; i < t->n && used < n; i++)
		used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? "," : "",
					 tie_key_name(t->keys[i]));
}

struct tie_rule tie_rule_default(void)
{
	struct tie_rule t = {{TIE_PENALTY, TIE_GROUPS}, 2};
	return t;
}

/* What the entries say about one unit and one leaf. */
struct tally {
	double sum, min, max;
	int count;
	double self;
	int has_self;
};

static void tally_entries(const struct criteria_table *t, const int64_t *members,
			  size_t n_members, const struct score_entry *entries, size_t n_entries,
			  struct tally *tallies)
{
	for (size_t k = 0; k < n_entries; k++) {
		const struct score_entry *s = &entries[k];
		long u = ids_index(members, n_members, s->scored_org_id);
		if (u < 0 || s->criterion < 0 || (size_t)s->criterion >= t->n ||
		    ids_index(members, n_members, s->scoring_org_id) < 0 ||
		    (!s->has_value && !s->has_adjusted))
			continue;
		const struct criterion *c = &t->items[s->criterion];
		if (c->kind == CRIT_GROUP)
			continue;
		double v = s->has_adjusted ? s->adjusted : s->value;
		if (c->kind != CRIT_QUANTITATIVE)
			v = criterion_sheet_points(c, v);
		struct tally *ty = &tallies[(size_t)u * t->n + (size_t)s->criterion];
		if (s->scoring_org_id == s->scored_org_id) {
			ty->self = v;
			ty->has_self = 1;
			continue;
		}
		if (ty->count == 0 || v < ty->min)
			ty->min = v;
		if (ty->count == 0 || v > ty->max)
			ty->max = v;
		ty->sum += v;
		ty->count++;
	}
}

/* The unit's result for one leaf under the rule (points, or a value). */
static double tally_result(const struct tally *ty, enum final_rule rule)
{
	if (rule == FINAL_REVIEWED_SELF)
		return ty->has_self ? ty->self : 0;
	if (rule == FINAL_CROSS_TRIMMED_MEAN && ty->count >= 3)
		return (ty->sum - ty->min - ty->max) / (ty->count - 2);
	return ty->count ? ty->sum / ty->count : 0;
}

/* Leaf points (centi, earned or deducted) of every unit for leaf i. */
static void leaf_points(const struct criteria_table *t, size_t n_members, size_t i,
			const struct tally *tallies, enum final_rule rule, int64_t *points)
{
	const struct criterion *c = &t->items[i];
	double best = 0;
	if (c->kind == CRIT_QUANTITATIVE)
		for (size_t u = 0; u < n_members; u++) {
			double v = tally_result(&tallies[u * t->n + i], rule);
			if (v > best)
				best = v;
		}
	for (size_t u = 0; u < n_members; u++) {
		double v = tally_result(&tallies[u * t->n + i], rule);
		if (c->kind == CRIT_QUANTITATIVE)
			v = criterion_quantitative_points(c->max_points, c->target, best, v);
		points[u * t->n + i] = points_to_centi(v);
	}
}

/* Which leaves a walk of the tree counts. */
enum {
	COUNT_BASE = 1,    /* points, quantitative, pass_fail, per_occurrence */
	COUNT_BONUS = 2,
	COUNT_PENALTY = 4,
	COUNT_ALL = 7,
};

static unsigned counted_as(enum criterion_kind k)
{
	return k == CRIT_BONUS ? COUNT_BONUS : k == CRIT_PENALTY ? COUNT_PENALTY : COUNT_BASE;
}

/*
** Walk the tree from its last item back, so that each group is reached
** after its whole subtree: a group's value is the signed sum of its
** children, clamped to ±cap. Only leaves in `counting` count, so the same
** walk gives the total and its parts after the group limits. The full
** walk (COUNT_ALL) writes group values into row. Returns the top level's
** sum.
*/
static int64_t tree_total(const struct criteria_table *t, const int *parent, int64_t *row,
			  int64_t *child_sum, unsigned counting)
{
	int64_t total = 0;
	memset(child_sum, 0, t->n * sizeof *child_sum);
	for (size_t k = t->n; k-- > 0;) {
		const struct criterion *c = &t->items[k];
		int64_t v;
		if (c->kind == CRIT_GROUP) {
			int64_t cap = points_to_centi(c->max_points);
			v = child_sum[k];
			if (cap > 0 && v > cap)
				v = cap;
			if (cap > 0 && v < -cap)
				v = -cap;
			if (counting == COUNT_ALL)
				row[k] = v;
		} else if (!(counting & counted_as(c->kind))) {
			v = 0;
		} else {
			v = c->kind == CRIT_PENALTY ? -row[k] : row[k];
		}
		if (parent[k] >= 0)
			child_sum[parent[k]] += v;
		else
			total += v;
	}
	return total;
}

static void fill_row(const struct criteria_table *t, const int *parent, int64_t org,
		     int64_t *points, int64_t *scratch, struct ranking_row *r)
{
	memset(r, 0, sizeof *r);
	r->org_id = org;
	/*
	 * Attribute the group limits in order: base first, then penalties
	 * take away what they can, then bonus adds what room is left, so that
	 * base - penalty + bonus is the total even in a capped group holding
	 * several kinds.
	 */
	int64_t all = tree_total(t, parent, points, scratch, COUNT_ALL);
	r->base = tree_total(t, parent, points, scratch, COUNT_BASE);
	r->penalty = r->base - tree_total(t, parent, points, scratch, COUNT_BASE | COUNT_PENALTY);
	r->bonus = all - (r->base - r->penalty);
	r->total = all < 0 ? 0 : all;
	r->tie_key = -1;
}

/* <0 when a ranks before b by key k, >0 after, 0 when k cannot tell them apart. */
static int compare_key(const struct ranking *rk, const struct criteria_table *t,
		       enum tie_key k, size_t a, size_t b)
{
	const struct ranking_row *ra = &rk->rows[a], *rb = &rk->rows[b];
	switch (k) {
	case TIE_PENALTY:
		return (ra->penalty > rb->penalty) - (ra->penalty < rb->penalty);
	case TIE_BASE:
		return (ra->base < rb->base) - (ra->base > rb->base);
	case TIE_GROUPS:
		for (size_t i = 0; i < t->n; i++) {
			if (t->items[i].depth != 0)
				continue;
			int64_t x = rk->points[a * t->n + i], y = rk->points[b * t->n + i];
			if (t->items[i].kind == CRIT_PENALTY) { /* stored as points deducted */
				x = -x;
				y = -y;
			}
			if (x != y)
				return x > y ? -1 : 1;
		}
		return 0;
	}
	return 0;
}

/* Order two units; *decided is the tie key that did it (-1: the total, or none). */
static int compare_units(const struct ranking *rk, const struct criteria_table *t,
			 const struct tie_rule *ties, size_t a, size_t b, int *decided)
{
	const struct ranking_row *ra = &rk->rows[a], *rb = &rk->rows[b];
	*decided = -1;
	if (ra->total != rb->total)
		return ra->total > rb->total ? -1 : 1;
	for (size_t i = 0; i < ties->n; i++) {
		int c = compare_key(rk, t, ties->keys[i], a, b);
		if (c != 0) {
			*decided = (int)ties->keys[i];
			return c;
		}
	}
	return 0;
}

/* Insertion sort of the unit indexes: clusters have tens of members. */
static void sort_units(const struct ranking *rk, const struct criteria_table *t,
		       const struct tie_rule *ties, size_t *order)
{
	for (size_t i = 1; i < rk->n; i++) {
		size_t x = order[i], j = i;
		int decided;
		while (j > 0) {
			int c = compare_units(rk, t, ties, order[j - 1], x, &decided);
			if (c < 0 || (c == 0 && rk->rows[order[j - 1]].org_id < rk->rows[x].org_id))
				break;
			order[j] = order[j - 1];
			j--;
		}
		order[j] = x;
	}
}

static void assign_ranks(struct ranking *rk, const struct criteria_table *t,
			 const struct tie_rule *ties, const size_t *order)
{
	for (size_t r = 0; r < rk->n; r++) {
		struct ranking_row *row = &rk->rows[order[r]];
		int decided;
		row->rank = (int)r + 1;
		if (r > 0 && rk->rows[order[r - 1]].total == row->total) {
			struct ranking_row *prev = &rk->rows[order[r - 1]];
			if (compare_units(rk, t, ties, order[r - 1], order[r], &decided) == 0)
				row->rank = prev->rank;
			row->tied = prev->tied = 1;
			row->tie_key = decided;
			if (prev->tie_key < 0)
				prev->tie_key = decided;
		}
	}
	/* a unit that shares its rank says so, whatever parts it from others */
	for (size_t r = 0; r < rk->n; r++) {
		struct ranking_row *row = &rk->rows[order[r]];
		if ((r > 0 && rk->rows[order[r - 1]].rank == row->rank) ||
		    (r + 1 < rk->n && rk->rows[order[r + 1]].rank == row->rank))
			row->tie_key = -1;
	}
}

/* Put rows and their points in rank order. */
static int reorder(struct ranking *rk, const size_t *order)
{
	struct ranking_row *rows = malloc(rk->n * sizeof *rows);
	int64_t *points = malloc(rk->n * rk->n_items * sizeof *points + 1);
	if (!rows || !points) {
		free(rows);
		free(points);
		return -1;
	}
	for (size_t r = 0; r < rk->n; r++) {
		rows[r] = rk->rows[order[r]];
		memcpy(points + r * rk->n_items, rk->points + order[r] * rk->n_items,
		       rk->n_items * sizeof *points);
	}
	free(rk->rows);
	free(rk->points);
	rk->rows = rows;
	rk->points = points;
	return 0;
}

int ranking_compute(const struct criteria_table *t, const int64_t *members, size_t n_members,
		    const struct score_entry *entries, size_t n_entries, enum final_rule rule,
		    const struct tie_rule *ties, struct ranking *out, struct error *e)
{
	memset(out, 0, sizeof *out);
	size_t cells = n_members * t->n + 1;
	struct tally *tallies = calloc(cells, sizeof *tallies);
	int *parent = malloc((t->n + 1) * sizeof *parent);
	int64_t *scratch = malloc((t->n + 1) * sizeof *scratch);
	size_t *order = malloc((n_members + 1) * sizeof *order);
	out->rows = calloc(n_members + 1, sizeof *out->rows);
	out->points = calloc(cells, sizeof *out->points);
	out->n = n_members;
	out->n_items = t->n;
	if (!tallies || !parent || !scratch || !order || !out->rows || !out->points)
		goto oom;
	criteria_parents(t->items, t->n, parent);
	tally_entries(t, members, n_members, entries, n_entries, tallies);
	for (size_t i = 0; i < t->n; i++)
		if (t->items[i].kind != CRIT_GROUP)
			leaf_points(t, n_members, i, tallies, rule, out->points);
	for (size_t u = 0; u < n_members; u++) {
		fill_row(t, parent, members[u], out->points + u * t->n, scratch, &out->rows[u]);
		order[u] = u;
	}
	sort_units(out, t, ties, order);
	assign_ranks(out, t, ties, order);
	if (reorder(out, order) != 0)
		goto oom;
	free(tallies);
	free(parent);
	free(scratch);
	free(order);
	return 0;
oom:
	free(tallies);
	free(parent);
	free(scratch);
	free(order);
	ranking_free(out);
	return err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
}

void ranking_free(struct ranking *r)
{
	free(r->rows);
	free(r->points);
	memset(r, 0, sizeof *r);
}
