/*
** The cluster year's scoring table and agreement: the bodies of
** PUT …/criteria and PUT …/agreement through their readers (api/parse.h:
** criteria_from_json, agreement_from_json, and the domain validators behind
** them), and an accepted table through the arithmetic that ranks the units
** by it (ranking_compute) and finds the sheets still missing entries
** (sheets_incomplete).
**
** Input: byte 0 picks the reader (bit 0: the agreement, else the table)
** and, for a table, the year's final rule (bits 1-2) and tie-break keys
** (bits 3-5) in force before the body; then the JSON body, up to the first
** NUL byte; after the NUL, the scores:
**   byte 0       the member count (low 4 bits, 0 to 8) and the spacing of
**                their org ids (high 4 bits)
**   byte 1       how many incomplete sheets sheets_incomplete may list
**   then entries of 9 bytes: scored unit, scoring unit (an index into the
**   members; the count itself names a unit outside them), the item (2
**   bytes, little endian; -1 and past the table are outside it), flags
**   (bit 0: entered, bit 1: reviewed, bits 2-4 and 5-7: the shape of the
**   entered and reviewed value) and the raw entered and reviewed values
**   (2 bytes each). Values go through criterion_entry_check, as the
**   handler's, and only the first entry for a (scored, scoring, item) is
**   kept, as in the store. Without them: three members, nothing entered.
**
** Invariants: bad input is refused with 422 (400 when the body is not a
** JSON object), never anything else; what is accepted is what was sent
** (every node of the tree an item, every tie_break element one key, every
** target read), validates again, and reads back the same from the bytes
** the API answers with (resp_json), so that a client sending back what it
** read changes nothing. The ranking has a row per member, totals within 0
** and the table's maximum plus its bonus points, competition ranks
** (1, 2, 2, 4) in total order, ties marked as they are, each item's points
** within its bounds and equal to a plain recomputation here (as are the
** total and base), and the same answer when the members come in another
** order. sheets_incomplete agrees with a count made here and stays within
** n (self) or n × (n − 1) (cross).
**
** FUZZ_CRITERIA_TRACE=1 prints what each input did (replaying a finding).
*/
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/json_out.h"
#include "api/parse.h"
#include "domain/agreement.h"
#include "domain/criteria.h"
#include "domain/scoring.h"
#include "domain/sheets.h"
#include "http/request.h"
#include "fuzz_answer.h"
#include "fuzz_mhd.h"
#include "fuzz_util.h"

#define MEMBERS_MAX 8
#define ENTRY_BYTES 9
#define ENTRIES_MAX 600
#define OUTSIDER 1000000007LL /* an org that is not a member */

static int tracing; /* FUZZ_CRITERIA_TRACE set: say what happened (replaying a finding) */

static void check_traced_refusal(const struct error *e)
{
	if (tracing)
		fprintf(stderr, "refused: %s (%s): %s\n", e->code, e->field, e->message);
	check_refusal(e);
}

/* text as the server hands a body over: NUL-terminated, with its length. */
static json_t *body_object(const char *text, size_t len, struct error *e)
{
	struct fake_conn conn = {.content_type = "application/json"};
	struct request rq;
	memset(&rq, 0, sizeof rq);
	rq.method = "PUT";
	rq.path = "/api/v1/clusters/1/years/2026/criteria";
	rq.body = (char *)text;
	rq.body_len = len;
	rq.mhd = fake_mhd(&conn);
	return req_json_object(&rq, e);
}

/* j as the API answers it (resp_json), and as a client sends that back. */
static json_t *resent(json_t *j)
{
	struct response rs;
	memset(&rs, 0, sizeof rs);
	resp_json(&rs, 200, json_incref(j));
	FUZZ_CHECK(rs.status == 200 && rs.body, "answer does not encode");
	struct error e;
	err_clear(&e);
	json_t *back = body_object(rs.body, rs.len, &e);
	FUZZ_CHECK(back != NULL, "answer does not read back: %s: %s", e.code, e.message);
	free(rs.body);
	return back;
}

/* ---- the agreement (api_agreement.c) ---- */

static void check_agreement(json_t *body)
{
	struct agreement a, back;
	struct error e;
	err_clear(&e);
	if (agreement_from_json(body, &a, &e) != 0) {
		check_traced_refusal(&e);
		agreement_free(&a);
		return;
	}
	if (tracing)
		fprintf(stderr, "agreement accepted: %zu targets\n", a.n_targets);
	FUZZ_CHECK(a.text && a.text[0], "accepted agreement without text");
	FUZZ_CHECK(a.n_targets <= TARGETS_MAX, "%zu targets", a.n_targets);
	FUZZ_CHECK(a.n_targets == json_array_size(json_object_get(body, "targets")),
		   "%zu targets read of %zu sent", a.n_targets,
		   json_array_size(json_object_get(body, "targets")));
	FUZZ_CHECK(a.n_targets == 0 || a.targets, "targets missing");
	FUZZ_CHECK(agreement_validate(&a, &e) == 0, "accepted agreement fails validation: %s",
		   e.message);
	for (size_t i = 0; i < a.n_targets; i++) {
		FUZZ_CHECK(criterion_code_valid(a.targets[i].code), "target code %s",
			   a.targets[i].code);
		FUZZ_CHECK(!a.targets[i].has_value || isfinite(a.targets[i].value),
			   "target value not finite");
	}

	json_t *j = agreement_content_json(&a);
	FUZZ_CHECK(j != NULL, "accepted agreement does not encode");
	json_t *again = resent(j);
	err_clear(&e);
	FUZZ_CHECK(agreement_from_json(again, &back, &e) == 0, "agreement round trip refused: %s",
		   e.message);
	FUZZ_CHECK(strcmp(a.text, back.text) == 0, "agreement text changed in a round trip");
	FUZZ_CHECK(a.n_targets == back.n_targets, "targets changed in a round trip");
	for (size_t i = 0; i < a.n_targets; i++) {
		const struct agreement_target *x = &a.targets[i], *y = &back.targets[i];
		FUZZ_CHECK(strcmp(x->code, y->code) == 0 && strcmp(x->name, y->name) == 0 &&
				   strcmp(x->unit, y->unit) == 0 && x->has_value == y->has_value &&
				   (!x->has_value || x->value == y->value),
			   "target %s changed in a round trip: value %.17g read back as %.17g",
			   x->code, x->value, y->value);
	}
	json_decref(j);
	json_decref(again);
	agreement_free(&a);
	agreement_free(&back);
}

/* ---- the scoring table (api_criteria.c) ---- */

static int criterion_equal(const struct criterion *a, const struct criterion *b)
{
	return strcmp(a->code, b->code) == 0 && strcmp(a->parent, b->parent) == 0 &&
	       strcmp(a->name, b->name) == 0 && a->kind == b->kind &&
	       a->max_points == b->max_points && a->depth == b->depth &&
	       (a->kind != CRIT_QUANTITATIVE || a->target == b->target) &&
	       (a->kind != CRIT_PER_OCCURRENCE || a->per_occurrence == b->per_occurrence);
}

static void check_ties(const struct tie_rule *ties)
{
	FUZZ_CHECK(ties->n <= TIE_KEYS_MAX, "%zu tie keys", ties->n);
	for (size_t i = 0; i < ties->n; i++) {
		FUZZ_CHECK(ties->keys[i] >= TIE_PENALTY && ties->keys[i] <= TIE_GROUPS,
			   "tie key %d", (int)ties->keys[i]);
		for (size_t k = 0; k < i; k++)
			FUZZ_CHECK(ties->keys[k] != ties->keys[i], "tie key twice");
	}
}

/* The table as validated: parents earlier groups, pre-order, depths in bounds. */
static void check_table(const struct criteria_table *t)
{
	FUZZ_CHECK(t->n >= 1 && t->n <= CRITERIA_MAX, "%zu items", t->n);
	int parent[CRITERIA_MAX];
	criteria_parents(t->items, t->n, parent);
	for (size_t i = 0; i < t->n; i++) {
		const struct criterion *c = &t->items[i];
		FUZZ_CHECK(criterion_code_valid(c->code), "code %s", c->code);
		FUZZ_CHECK(c->kind >= CRIT_GROUP && c->kind <= CRIT_PENALTY, "kind %d",
			   (int)c->kind);
		FUZZ_CHECK(c->depth >= 0 && c->depth < CRITERION_DEPTH_MAX, "depth %d", c->depth);
		FUZZ_CHECK(isfinite(c->max_points) && c->max_points >= 0 &&
				   c->max_points <= CRITERION_POINTS_MAX,
			   "%s: max_points %g", c->code, c->max_points);
		if (c->kind != CRIT_GROUP)
			FUZZ_CHECK(c->max_points > 0, "%s: leaf with no points", c->code);
		if (parent[i] < 0) {
			FUZZ_CHECK(c->depth == 0 && c->parent[0] == 0, "%s: top level", c->code);
		} else {
			FUZZ_CHECK(parent[i] < (int)i, "%s: parent after it", c->code);
			FUZZ_CHECK(t->items[parent[i]].kind == CRIT_GROUP, "%s: parent not a group",
				   c->code);
			FUZZ_CHECK(c->depth == t->items[parent[i]].depth + 1, "%s: depth", c->code);
		}
		if (i > 0)
			FUZZ_CHECK(c->depth <= t->items[i - 1].depth + 1, "%s: not pre-order",
				   c->code);
		if (c->kind == CRIT_GROUP)
			FUZZ_CHECK(i + 1 < t->n && parent[i + 1] == (int)i, "%s: empty group",
				   c->code);
	}
}

/* ---- the arithmetic (scoring.c, sheets.c) ---- */

struct scores {
	int64_t members[MEMBERS_MAX + 1];
	size_t n;
	size_t max_refs;
	struct score_entry entries[ENTRIES_MAX];
	size_t n_entries;
};

static unsigned read16(const uint8_t *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

/* An entry of some shape for leaf c, from raw. */
static double shaped(const struct criterion *c, unsigned shape, unsigned raw)
{
	double v;
	switch (shape) {
	case 0: v = raw / 100.0; break;
	case 1: v = nearbyint(c->max_points * raw / 65535.0 * 100.0) / 100.0; break;
	case 2: v = c->max_points; break;
	case 3: v = 0; break;
	case 4: v = raw % 1001; break;
	case 5: v = c->target * raw / 1000.0; break;
	case 6: v = c->target; break;
	default: v = raw * 15258789.0625; break; /* up to QUANTITY_MAX */
	}
	if (c->kind == CRIT_PASS_FAIL) /* read from a boolean */
		v = v != 0;
	return v;
}

static int entry_ok(const struct criterion *c, double v)
{
	struct error e;
	err_clear(&e);
	return criterion_entry_check(c, v, &e) == 0;
}

static void read_scores(const struct criteria_table *t, const uint8_t *p, size_t len,
			struct scores *s)
{
	memset(s, 0, sizeof *s);
	if (len < 2) { /* no scores given: three members, nothing entered */
		s->n = 3;
		for (size_t k = 0; k < s->n; k++)
			s->members[k] = 3 + (int64_t)k;
		s->max_refs = 1;
		return;
	}
	s->n = (p[0] & 15) % (MEMBERS_MAX + 1);
	int64_t step = 1 + (p[0] >> 4);
	for (size_t k = 0; k < s->n; k++)
		s->members[k] = 3 + step * (int64_t)k;
	s->members[s->n] = OUTSIDER;
	s->max_refs = p[1];
	p += 2;
	len -= 2;
	for (; len >= ENTRY_BYTES && s->n_entries < ENTRIES_MAX; p += ENTRY_BYTES, len -= ENTRY_BYTES) {
		struct score_entry x;
		memset(&x, 0, sizeof x);
		x.scored_org_id = s->members[p[0] % (s->n + 1)];
		x.scoring_org_id = s->members[p[1] % (s->n + 1)];
		x.criterion = (int)(read16(p + 2) % (t->n + 2)) - 1;
		unsigned flags = p[4];
		int inside = x.criterion >= 0 && (size_t)x.criterion < t->n;
		const struct criterion *c = inside ? &t->items[x.criterion] : NULL;
		if (c && c->kind != CRIT_GROUP) {
			x.value = shaped(c, (flags >> 2) & 7, read16(p + 5));
			x.adjusted = shaped(c, (flags >> 5) & 7, read16(p + 7));
			x.has_value = (flags & 1) && entry_ok(c, x.value);
			x.has_adjusted = (flags & 2) && entry_ok(c, x.adjusted);
		} else { /* never stored, but must be ignored */
			x.value = read16(p + 5);
			x.adjusted = read16(p + 7);
			x.has_value = flags & 1;
			x.has_adjusted = (flags & 2) != 0;
		}
		int dup = 0;
		for (size_t k = 0; k < s->n_entries && !dup; k++)
			dup = s->entries[k].scored_org_id == x.scored_org_id &&
			      s->entries[k].scoring_org_id == x.scoring_org_id &&
			      s->entries[k].criterion == x.criterion;
		if (!dup)
			s->entries[s->n_entries++] = x;
	}
}

static int is_member(const struct scores *s, int64_t org)
{
	for (size_t k = 0; k < s->n; k++)
		if (s->members[k] == org)
			return 1;
	return 0;
}

/* The most each kind of leaf can give, centi-points. */
static int64_t leaves_max(const struct criteria_table *t, enum criterion_kind kind)
{
	int64_t sum = 0;
	for (size_t i = 0; i < t->n; i++)
		if (t->items[i].kind == kind)
			sum += points_to_centi(t->items[i].max_points);
	return sum;
}

static int has_key(const struct tie_rule *ties, int key)
{
	for (size_t i = 0; i < ties->n; i++)
		if ((int)ties->keys[i] == key)
			return 1;
	return 0;
}

static void check_ranking(const struct criteria_table *t, const struct scores *s,
			  const struct tie_rule *ties, const struct ranking *r)
{
	int64_t max_total = criteria_max_total(t->items, t->n);
	int64_t max_bonus = leaves_max(t, CRIT_BONUS), max_penalty = leaves_max(t, CRIT_PENALTY);
	FUZZ_CHECK(r->n == s->n && r->n_items == t->n, "ranking of %zu rows, %zu items", r->n,
		   r->n_items);
	FUZZ_CHECK(r->n == 0 || (r->rows && r->points), "ranking without rows");
	for (size_t k = 0; k < r->n; k++) {
		const struct ranking_row *row = &r->rows[k];
		FUZZ_CHECK(is_member(s, row->org_id), "row %zu: org %lld is no member", k,
			   (long long)row->org_id);
		for (size_t m = 0; m < k; m++)
			FUZZ_CHECK(r->rows[m].org_id != row->org_id, "org %lld ranked twice",
				   (long long)row->org_id);
		FUZZ_CHECK(row->total >= 0, "row %zu: total %lld", k, (long long)row->total);
		FUZZ_CHECK(row->total <= max_total + max_bonus,
			   "row %zu: total %lld over the maximum %lld + bonus %lld", k,
			   (long long)row->total, (long long)max_total, (long long)max_bonus);
		FUZZ_CHECK(row->base >= 0 && row->base <= max_total, "row %zu: base %lld of %lld",
			   k, (long long)row->base, (long long)max_total);
		FUZZ_CHECK(row->bonus >= 0 && row->bonus <= max_bonus, "row %zu: bonus %lld of %lld",
			   k, (long long)row->bonus, (long long)max_bonus);
		FUZZ_CHECK(row->penalty >= 0 && row->penalty <= max_penalty,
			   "row %zu: penalty %lld of %lld", k, (long long)row->penalty,
			   (long long)max_penalty);
		int64_t parts = row->base - row->penalty + row->bonus;
		FUZZ_CHECK(row->total == (parts < 0 ? 0 : parts),
			   "row %zu: total %lld, but base %lld - penalty %lld + bonus %lld", k,
			   (long long)row->total, (long long)row->base, (long long)row->penalty,
			   (long long)row->bonus);
		/* competition ranks: 1, 2, 2, 4 */
		if (k == 0) {
			FUZZ_CHECK(row->rank == 1, "first rank %d", row->rank);
		} else {
			const struct ranking_row *prev = &r->rows[k - 1];
			FUZZ_CHECK(row->total <= prev->total, "row %zu: total %lld above %lld", k,
				   (long long)row->total, (long long)prev->total);
			FUZZ_CHECK(row->rank == prev->rank || row->rank == (int)k + 1,
				   "row %zu: rank %d after %d", k, row->rank, prev->rank);
			if (row->rank == prev->rank)
				FUZZ_CHECK(row->total == prev->total, "rank %d shared by %lld and %lld",
					   row->rank, (long long)prev->total, (long long)row->total);
			if (row->total == prev->total && ties->n == 0)
				FUZZ_CHECK(row->rank == prev->rank, "row %zu: tie not shared", k);
		}
		int equal = (k > 0 && r->rows[k - 1].total == row->total) ||
			    (k + 1 < r->n && r->rows[k + 1].total == row->total);
		int shares = (k > 0 && r->rows[k - 1].rank == row->rank) ||
			     (k + 1 < r->n && r->rows[k + 1].rank == row->rank);
		FUZZ_CHECK(row->tied == equal, "row %zu: tied %d, a neighbour's total equal %d", k,
			   row->tied, equal);
		if (shares || !equal)
			FUZZ_CHECK(row->tie_key == -1, "row %zu: tie_key %d (shares %d, tied %d)", k,
				   row->tie_key, shares, equal);
		else
			FUZZ_CHECK(has_key(ties, row->tie_key), "row %zu: broken by key %d", k,
				   row->tie_key);
		/* each item's points within its bounds */
		for (size_t i = 0; i < t->n; i++) {
			const struct criterion *c = &t->items[i];
			int64_t v = r->points[k * t->n + i], cap = points_to_centi(c->max_points);
			if (c->kind != CRIT_GROUP)
				FUZZ_CHECK(v >= 0 && v <= cap, "row %zu: %s has %lld of %lld", k,
					   c->code, (long long)v, (long long)cap);
			else if (cap > 0)
				FUZZ_CHECK(v >= -cap && v <= cap, "row %zu: group %s has %lld of ±%lld",
					   k, c->code, (long long)v, (long long)cap);
		}
	}
}

/* ---- the same arithmetic, written out plainly ---- */

/* Unit u's result for leaf i under the rule: points, or a quantitative value. */
static double ref_result(const struct criteria_table *t, const struct scores *s, int64_t org,
			 size_t i, enum final_rule rule)
{
	const struct criterion *c = &t->items[i];
	double sum = 0, lo = 0, hi = 0, self = 0;
	int count = 0, has_self = 0;
	for (size_t k = 0; k < s->n_entries; k++) {
		const struct score_entry *x = &s->entries[k];
		if (x->criterion != (int)i || x->scored_org_id != org ||
		    !is_member(s, x->scoring_org_id) || (!x->has_value && !x->has_adjusted))
			continue;
		double v = x->has_adjusted ? x->adjusted : x->value;
		if (c->kind != CRIT_QUANTITATIVE)
			v = criterion_sheet_points(c, v);
		if (x->scoring_org_id == org) {
			self = v;
			has_self = 1;
			continue;
		}
		if (count == 0 || v < lo)
			lo = v;
		if (count == 0 || v > hi)
			hi = v;
		sum += v;
		count++;
	}
	if (rule == FINAL_REVIEWED_SELF)
		return has_self ? self : 0;
	if (rule == FINAL_CROSS_TRIMMED_MEAN && count >= 3)
		return (sum - lo - hi) / (count - 2);
	return count ? sum / count : 0;
}

/* Item i's signed value with only the leaves in `base_only` counted (or all). */
static int64_t ref_value(const struct criteria_table *t, const int *parent, const int64_t *leaf,
			 size_t i, int base_only)
{
	const struct criterion *c = &t->items[i];
	if (c->kind == CRIT_GROUP) {
		int64_t sum = 0, cap = points_to_centi(c->max_points);
		for (size_t k = i + 1; k < t->n; k++)
			if (parent[k] == (int)i)
				sum += ref_value(t, parent, leaf, k, base_only);
		return cap > 0 && sum > cap ? cap : cap > 0 && sum < -cap ? -cap : sum;
	}
	if (c->kind == CRIT_BONUS)
		return base_only ? 0 : leaf[i];
	if (c->kind == CRIT_PENALTY)
		return base_only ? 0 : -leaf[i];
	return leaf[i];
}

/* Each row's points, total and base as the table's rules make them. */
static void check_against_reference(const struct criteria_table *t, const struct scores *s,
				    enum final_rule rule, const struct ranking *r)
{
	int parent[CRITERIA_MAX];
	int64_t leaf[MEMBERS_MAX][CRITERIA_MAX];
	criteria_parents(t->items, t->n, parent);
	for (size_t i = 0; i < t->n; i++) {
		const struct criterion *c = &t->items[i];
		if (c->kind == CRIT_GROUP)
			continue;
		double best = 0;
		for (size_t u = 0; u < s->n && c->kind == CRIT_QUANTITATIVE; u++) {
			double v = ref_result(t, s, s->members[u], i, rule);
			if (v > best)
				best = v;
		}
		for (size_t u = 0; u < s->n; u++) {
			double v = ref_result(t, s, s->members[u], i, rule);
			if (c->kind == CRIT_QUANTITATIVE)
				v = criterion_quantitative_points(c->max_points, c->target, best, v);
			leaf[u][i] = points_to_centi(v);
		}
	}
	for (size_t k = 0; k < r->n; k++) {
		const struct ranking_row *row = &r->rows[k];
		size_t u = 0;
		while (u < s->n && s->members[u] != row->org_id)
			u++;
		FUZZ_CHECK(u < s->n, "org %lld is no member", (long long)row->org_id);
		int64_t total = 0, base = 0;
		for (size_t i = 0; i < t->n; i++) {
			int64_t want = t->items[i].kind == CRIT_GROUP
					       ? ref_value(t, parent, leaf[u], i, 0)
					       : leaf[u][i];
			FUZZ_CHECK(r->points[k * t->n + i] == want, "org %lld, %s: %lld points, want %lld",
				   (long long)row->org_id, t->items[i].code,
				   (long long)r->points[k * t->n + i], (long long)want);
			if (parent[i] < 0) {
				total += ref_value(t, parent, leaf[u], i, 0);
				base += ref_value(t, parent, leaf[u], i, 1);
			}
		}
		if (total < 0)
			total = 0;
		FUZZ_CHECK(row->total == total, "org %lld: total %lld, want %lld",
			   (long long)row->org_id, (long long)row->total, (long long)total);
		FUZZ_CHECK(row->base == base, "org %lld: base %lld, want %lld",
			   (long long)row->org_id, (long long)row->base, (long long)base);
	}
}

static void check_same_ranking(const struct ranking *a, const struct ranking *b)
{
	FUZZ_CHECK(a->n == b->n && a->n_items == b->n_items, "rankings differ in size");
	for (size_t k = 0; k < a->n; k++) {
		const struct ranking_row *x = &a->rows[k], *y = &b->rows[k];
		FUZZ_CHECK(x->org_id == y->org_id && x->total == y->total && x->base == y->base &&
				   x->bonus == y->bonus && x->penalty == y->penalty &&
				   x->rank == y->rank && x->tied == y->tied &&
				   x->tie_key == y->tie_key,
			   "row %zu depends on the members' order: org %lld total %lld rank %d, "
			   "org %lld total %lld rank %d",
			   k, (long long)x->org_id, (long long)x->total, x->rank,
			   (long long)y->org_id, (long long)y->total, y->rank);
	}
	if (a->n * a->n_items)
		FUZZ_CHECK(memcmp(a->points, b->points, a->n * a->n_items * sizeof *a->points) == 0,
			   "points depend on the members' order");
}

static void check_sheets(const struct criteria_table *t, const struct scores *s, int self)
{
	size_t n = s->n, leaves = criteria_leaves(t);
	size_t entered[MEMBERS_MAX][MEMBERS_MAX];
	memset(entered, 0, sizeof entered);
	for (size_t k = 0; k < s->n_entries; k++) {
		const struct score_entry *x = &s->entries[k];
		if (x->criterion < 0 || (size_t)x->criterion >= t->n ||
		    t->items[x->criterion].kind == CRIT_GROUP || !x->has_value)
			continue; /* a review alone enters nothing */
		for (size_t u = 0; u < n; u++)
			for (size_t v = 0; v < n; v++)
				entered[u][v] += s->members[u] == x->scored_org_id &&
						 s->members[v] == x->scoring_org_id;
	}
	struct sheet_ref want[MEMBERS_MAX * MEMBERS_MAX];
	size_t n_want = 0;
	for (size_t u = 0; u < n; u++)
		for (size_t v = 0; v < n; v++)
			if ((u == v) == (self != 0) && entered[u][v] < leaves)
				want[n_want++] = (struct sheet_ref){s->members[u], s->members[v],
								    entered[u][v]};

	size_t max = s->max_refs;
	struct sheet_ref *out = calloc(max + 1, sizeof *out);
	FUZZ_CHECK(out != NULL, "out of memory");
	long missing = sheets_incomplete(t, s->members, n, s->entries, s->n_entries, self,
					 max ? out : NULL, max);
	FUZZ_CHECK(missing >= 0, "sheets_incomplete failed");
	FUZZ_CHECK((size_t)missing <= (self ? n : n * (n ? n - 1 : 0)),
		   "%ld incomplete %s sheets among %zu members", missing, self ? "self" : "cross",
		   n);
	FUZZ_CHECK((size_t)missing == n_want, "%ld incomplete %s sheets, counted %zu", missing,
		   self ? "self" : "cross", n_want);
	for (size_t i = 0; i < n_want && i < max; i++)
		FUZZ_CHECK(out[i].scored_org_id == want[i].scored_org_id &&
				   out[i].scoring_org_id == want[i].scoring_org_id &&
				   out[i].entered == want[i].entered,
			   "sheet %zu: %lld by %lld with %zu entries, counted %lld by %lld with %zu",
			   i, (long long)out[i].scored_org_id, (long long)out[i].scoring_org_id,
			   out[i].entered, (long long)want[i].scored_org_id,
			   (long long)want[i].scoring_org_id, want[i].entered);
	free(out);
}

static void check_arithmetic(const struct criteria_table *t, enum final_rule rule,
			     const struct tie_rule *ties, const uint8_t *p, size_t len)
{
	struct scores *s = malloc(sizeof *s);
	FUZZ_CHECK(s != NULL, "out of memory");
	read_scores(t, p, len, s);
	if (tracing)
		fprintf(stderr, "table of %zu items (max %lld), %zu members, %zu entries\n", t->n,
			(long long)criteria_max_total(t->items, t->n), s->n, s->n_entries);

	struct ranking r, rr;
	struct error e;
	err_clear(&e);
	FUZZ_CHECK(ranking_compute(t, s->members, s->n, s->entries, s->n_entries, rule, ties, &r,
				   &e) == 0,
		   "ranking_compute: %s", e.message);
	if (tracing)
		for (size_t k = 0; k < r.n; k++)
			fprintf(stderr, "rank %d: org %lld total %lld base %lld bonus %lld penalty %lld"
					" tie %d/%d\n",
				r.rows[k].rank, (long long)r.rows[k].org_id, (long long)r.rows[k].total,
				(long long)r.rows[k].base, (long long)r.rows[k].bonus,
				(long long)r.rows[k].penalty, r.rows[k].tied, r.rows[k].tie_key);
	check_ranking(t, s, ties, &r);
	check_against_reference(t, s, rule, &r);

	/* the members in reverse order rank the same */
	int64_t reversed[MEMBERS_MAX + 1];
	for (size_t k = 0; k < s->n; k++)
		reversed[k] = s->members[s->n - 1 - k];
	FUZZ_CHECK(ranking_compute(t, reversed, s->n, s->entries, s->n_entries, rule, ties, &rr,
				   &e) == 0,
		   "ranking_compute: %s", e.message);
	check_same_ranking(&r, &rr);
	ranking_free(&r);
	ranking_free(&rr);

	check_sheets(t, s, 1);
	check_sheets(t, s, 0);
	free(s);
}

/* Nodes of the tree the body sends (items, and their children). */
static size_t nodes_sent(json_t *arr)
{
	size_t n = 0, i;
	json_t *node;
	json_array_foreach(arr, i, node)
		n += 1 + nodes_sent(json_object_get(node, "children"));
	return n;
}

/* An accepted tie_break is the list of the keys read, one key an element. */
static void check_ties_sent(json_t *body, const struct tie_rule *ties)
{
	json_t *arr = json_object_get(body, "tie_break");
	if (!arr)
		return;
	FUZZ_CHECK(json_array_size(arr) == ties->n, "tie_break of %zu elements read as %zu keys",
		   json_array_size(arr), ties->n);
	for (size_t i = 0; i < ties->n; i++) {
		const char *k = json_string_value(json_array_get(arr, i));
		FUZZ_CHECK(k && strcmp(k, tie_key_name(ties->keys[i])) == 0,
			   "tie_break element %zu \"%s\" read as %s", i, k ? k : "?",
			   tie_key_name(ties->keys[i]));
	}
}

/* The year's tie-break before the body, by bits 3-5 of byte 0 (the last: no keys). */
static const enum tie_key tie_orders[8][TIE_KEYS_MAX] = {
	{TIE_PENALTY, TIE_GROUPS}, {TIE_PENALTY}, {TIE_BASE}, {TIE_GROUPS},
	{TIE_GROUPS, TIE_PENALTY}, {TIE_BASE, TIE_PENALTY, TIE_GROUPS}, {TIE_PENALTY, TIE_BASE},
	{TIE_PENALTY},
};
static const size_t tie_counts[8] = {2, 1, 1, 1, 2, 3, 2, 0};

static void check_criteria(json_t *body, unsigned selector, const uint8_t *scores,
			   size_t scores_len)
{
	struct criteria_table t, back;
	enum final_rule rule = (enum final_rule)(((selector >> 1) & 3) % 3), rule_back;
	struct tie_rule ties, ties_back;
	memset(&ties, 0, sizeof ties);
	size_t which = (selector >> 3) & 7;
	ties.n = tie_counts[which];
	memcpy(ties.keys, tie_orders[which], sizeof ties.keys);
	struct error e;
	err_clear(&e);
	if (criteria_from_json(body, &t, &rule, &ties, &e) != 0) {
		check_traced_refusal(&e);
		free(t.items);
		return;
	}
	FUZZ_CHECK(rule >= FINAL_CROSS_MEAN && rule <= FINAL_REVIEWED_SELF, "rule %d", (int)rule);
	check_ties(&ties);
	check_ties_sent(body, &ties);
	check_table(&t);
	FUZZ_CHECK(t.n == nodes_sent(json_object_get(body, "items")), "%zu items read of %zu sent",
		   t.n, nodes_sent(json_object_get(body, "items")));
	/* validation is stable */
	struct criterion *copy = malloc(t.n * sizeof *copy);
	FUZZ_CHECK(copy != NULL, "out of memory");
	memcpy(copy, t.items, t.n * sizeof *copy);
	FUZZ_CHECK(criteria_validate(copy, t.n, &e) == 0, "accepted table fails validation: %s",
		   e.message);
	for (size_t i = 0; i < t.n; i++)
		FUZZ_CHECK(criterion_equal(&copy[i], &t.items[i]), "validation changed %s",
			   t.items[i].code);
	free(copy);
	int64_t max_total = criteria_max_total(t.items, t.n);
	FUZZ_CHECK(max_total >= 0 && max_total <= (int64_t)t.n * 100000, "max_total %lld",
		   (long long)max_total);

	/* what GET …/criteria answers reads back as the same table */
	json_t *j = json_pack("{s:o, s:s, s:o}", "items", criteria_items_json(&t), "final_rule",
			      final_rule_name(rule), "tie_break", tie_rule_json(&ties));
	FUZZ_CHECK(j != NULL, "accepted table does not encode");
	json_t *again = resent(j);
	rule_back = FINAL_CROSS_MEAN;
	memset(&ties_back, 0, sizeof ties_back);
	err_clear(&e);
	FUZZ_CHECK(criteria_from_json(again, &back, &rule_back, &ties_back, &e) == 0,
		   "table round trip refused: %s", e.message);
	FUZZ_CHECK(back.n == t.n, "table of %zu items read back as %zu", t.n, back.n);
	for (size_t i = 0; i < t.n; i++)
		FUZZ_CHECK(criterion_equal(&t.items[i], &back.items[i]),
			   "item %zu (%s) changed in a round trip: max_points %.17g, target %.17g, "
			   "per_occurrence %.17g read back as %.17g, %.17g, %.17g",
			   i, t.items[i].code, t.items[i].max_points, t.items[i].target,
			   t.items[i].per_occurrence, back.items[i].max_points, back.items[i].target,
			   back.items[i].per_occurrence);
	FUZZ_CHECK(rule_back == rule, "final rule changed in a round trip");
	FUZZ_CHECK(ties_back.n == ties.n &&
			   memcmp(ties_back.keys, ties.keys, ties.n * sizeof ties.keys[0]) == 0,
		   "tie-break changed in a round trip");
	json_decref(j);
	json_decref(again);
	free(back.items);

	check_arithmetic(&t, rule, &ties, scores, scores_len);
	free(t.items);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	tracing = getenv("FUZZ_CRITERIA_TRACE") != NULL;
	unsigned selector = data[0];
	data++;
	size--;
	const uint8_t *nul = memchr(data, 0, size);
	size_t body_len = nul ? (size_t)(nul - data) : size;
	const uint8_t *scores = nul ? nul + 1 : data + size;
	size_t scores_len = nul ? size - body_len - 1 : 0;

	char *text = fuzz_cstr(data, body_len);
	struct error e;
	err_clear(&e);
	json_t *body = body_object(text, body_len, &e);
	if (!body) {
		FUZZ_CHECK(e.kind == ERR_BAD_REQUEST, "body refused with kind %d", (int)e.kind);
		check_answer(&e, 400);
		free(text);
		return 0;
	}
	FUZZ_CHECK(json_is_object(body), "not an object");
	if (selector & 1)
		check_agreement(body);
	else
		check_criteria(body, selector, scores, scores_len);
	json_decref(body);
	free(text);
	return 0;
}
