/* Validation and arithmetic of the scoring table's criteria. */
#include "domain/criteria.h"

#include <math.h>
#include <string.h>

#include "core/names.h"

static const char *const kind_names[] = {
	"group", "points", "quantitative", "pass_fail", "per_occurrence", "bonus", "penalty",
};

const char *criterion_kind_name(enum criterion_kind k)
{
	return kind_names[k];
}

int criterion_kind_parse(const char *s, enum criterion_kind *out)
{
	int i = name_index(kind_names, sizeof kind_names / sizeof *kind_names, s);
	if (i >= 0)
		*out = (enum criterion_kind)i;
	return i >= 0 ? 0 : -1;
}

int64_t points_to_centi(double x)
{
	/* x × 100 can land a hair off a decimal half (1.005 × 100 is
	 * 100.49999999999999); settle it to a millionth of a centi-point, the
	 * tolerance of points_two_decimals, before rounding half away from zero */
	double c = nearbyint(x * 100.0 * 1e6) / 1e6;
	return (int64_t)llround(c);
}

int points_two_decimals(double x)
{
	double c = x * 100.0;
	return fabs(c - nearbyint(c)) < 1e-6;
}

int criterion_code_valid(const char *code)
{
	if (!code[0])
		return 0;
	for (const char *p = code; *p; p++) {
		char ch = *p;
		int ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
			 (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '_';
		if (!ok)
			return 0;
	}
	return 1;
}

int criteria_find(const struct criterion *items, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i].code, code) == 0)
			return (int)i;
	return -1;
}

void criteria_parents(const struct criterion *items, size_t n, int *parent)
{
	for (size_t i = 0; i < n; i++)
		parent[i] = items[i].parent[0] ? criteria_find(items, i, items[i].parent) : -1;
}

static int check_points(const struct criterion *c, double v, const char *what,
			struct error *e)
{
	if (!isfinite(v) || v < 0 || v > CRITERION_POINTS_MAX)
		return err_set(e, ERR_INVALID, "out_of_range", "items",
			       "criterion %s: %s must be between 0 and %g", c->code, what,
			       CRITERION_POINTS_MAX);
	if (!points_two_decimals(v))
		return err_set(e, ERR_INVALID, "too_precise", "items",
			       "criterion %s: %s may have at most two decimals", c->code, what);
	return 0;
}

static int check_leaf(const struct criterion *c, struct error *e)
{
	if (check_points(c, c->max_points, "max_points", e) != 0)
		return -1;
	if (c->max_points <= 0)
		return err_set(e, ERR_INVALID, "out_of_range", "items",
			       "criterion %s: max_points must be above 0", c->code);
	if (c->kind == CRIT_QUANTITATIVE &&
	    (!isfinite(c->target) || c->target <= 0 || c->target > QUANTITY_MAX))
		return err_set(e, ERR_INVALID, "out_of_range", "items",
			       "criterion %s: a quantitative criterion needs a target above 0",
			       c->code);
	if (c->kind == CRIT_PER_OCCURRENCE) {
		if (check_points(c, c->per_occurrence, "per_occurrence", e) != 0)
			return -1;
		if (c->per_occurrence <= 0)
			return err_set(e, ERR_INVALID, "out_of_range", "items",
				       "criterion %s: per_occurrence must be above 0", c->code);
	}
	return 0;
}

/* Where item i sits: its parent is an earlier group, its depth one more. */
static int check_place(const struct criterion *items, size_t i, int *depth,
		       struct error *e)
{
	const struct criterion *c = &items[i];
	if (!c->parent[0]) {
		*depth = 0;
		return 0;
	}
	int p = criteria_find(items, i, c->parent);
	if (p < 0 || items[p].kind != CRIT_GROUP)
		return err_set(e, ERR_INVALID, "unknown_parent", "items",
			       "criterion %s: its parent %s is not a group listed before it",
			       c->code, c->parent);
	/* pre-order: everything between the parent and i lies in the parent's subtree */
	for (size_t k = (size_t)p + 1; k < i; k++)
		if (items[k].depth <= items[p].depth)
			return err_set(e, ERR_INVALID, "unknown_parent", "items",
				       "criterion %s must follow its group %s's other items",
				       c->code, c->parent);
	*depth = items[p].depth + 1;
	if (*depth >= CRITERION_DEPTH_MAX)
		return err_set(e, ERR_INVALID, "too_deep", "items",
			       "criterion %s: the table may nest at most %d levels", c->code,
			       CRITERION_DEPTH_MAX);
	return 0;
}

static int group_has_child(const struct criterion *items, size_t n, size_t g)
{
	return g + 1 < n && strcmp(items[g + 1].parent, items[g].code) == 0;
}

int criteria_validate(struct criterion *items, size_t n, struct error *e)
{
	if (n > CRITERIA_MAX)
		return err_set(e, ERR_INVALID, "too_many", "items",
			       "a scoring table holds at most %d items", CRITERIA_MAX);
	for (size_t i = 0; i < n; i++) {
		struct criterion *c = &items[i];
		if (!criterion_code_valid(c->code))
			return err_set(e, ERR_INVALID, "invalid_code", "items",
				       "criterion codes are 1 to %d letters, digits, '.', '-' "
				       "or '_'", CRITERION_CODE_CHARS);
		if (criteria_find(items, i, c->code) >= 0)
			return err_set(e, ERR_INVALID, "duplicate", "items",
				       "criterion code %s appears twice", c->code);
		if (!c->name[0])
			return err_set(e, ERR_INVALID, "required", "items",
				       "criterion %s needs a name", c->code);
		if (check_place(items, i, &c->depth, e) != 0)
			return -1;
		if (c->kind == CRIT_GROUP) {
			if (check_points(c, c->max_points, "max_points", e) != 0)
				return -1;
		} else if (check_leaf(c, e) != 0) {
			return -1;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (items[i].kind == CRIT_GROUP && !group_has_child(items, n, i))
			return err_set(e, ERR_INVALID, "empty_group", "items",
				       "group %s has no criteria", items[i].code);
	return 0;
}

/* The most item i can contribute, centi-points; bonus and penalty give 0. */
static int64_t item_max(const struct criterion *items, size_t n, size_t i)
{
	const struct criterion *c = &items[i];
	if (c->kind == CRIT_BONUS || c->kind == CRIT_PENALTY)
		return 0;
	if (c->kind != CRIT_GROUP)
		return points_to_centi(c->max_points);
	int64_t sum = 0;
	for (size_t k = i + 1; k < n && items[k].depth > c->depth; k++)
		if (items[k].depth == c->depth + 1)
			sum += item_max(items, n, k);
	int64_t cap = points_to_centi(c->max_points);
	return cap > 0 && cap < sum ? cap : sum;
}

int64_t criteria_max_total(const struct criterion *items, size_t n)
{
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++)
		if (items[i].depth == 0)
			sum += item_max(items, n, i);
	return sum;
}

const char *criterion_entry_key(enum criterion_kind k)
{
	switch (k) {
	case CRIT_QUANTITATIVE:
		return "value";
	case CRIT_PASS_FAIL:
		return "passed";
	case CRIT_PER_OCCURRENCE:
		return "count";
	default:
		return "points";
	}
}

int criterion_entry_check(const struct criterion *c, double v, struct error *e)
{
	if (!isfinite(v) || v < 0)
		return err_set(e, ERR_INVALID, "out_of_range", "scores",
			       "criterion %s: the entry must be a number of at least 0", c->code);
	switch (c->kind) {
	case CRIT_GROUP:
		return err_set(e, ERR_INVALID, "not_a_criterion", "scores",
			       "%s is a group; score its criteria", c->code);
	case CRIT_QUANTITATIVE:
		if (v > QUANTITY_MAX)
			return err_set(e, ERR_INVALID, "out_of_range", "scores",
				       "criterion %s: the value is too large", c->code);
		return 0;
	case CRIT_PASS_FAIL:
		return 0; /* read from a boolean */
	case CRIT_PER_OCCURRENCE:
		if (v != floor(v) || v > OCCURRENCES_MAX)
			return err_set(e, ERR_INVALID, "out_of_range", "scores",
				       "criterion %s: count must be a whole number from 0 to %d",
				       c->code, OCCURRENCES_MAX);
		return 0;
	default:
		if (v > c->max_points)
			return err_set(e, ERR_INVALID, "over_maximum", "scores",
				       "criterion %s: at most %g points", c->code, c->max_points);
		if (!points_two_decimals(v))
			return err_set(e, ERR_INVALID, "too_precise", "scores",
				       "criterion %s: points may have at most two decimals",
				       c->code);
		return 0;
	}
}

double criterion_sheet_points(const struct criterion *c, double entry)
{
	double p;
	switch (c->kind) {
	case CRIT_PASS_FAIL:
		return entry != 0 ? c->max_points : 0;
	case CRIT_PER_OCCURRENCE:
		p = entry * c->per_occurrence;
		break;
	default:
		p = entry;
		break;
	}
	return p > c->max_points ? c->max_points : p;
}

double criterion_quantitative_points(double max_points, double target, double best,
				     double actual)
{
	if (actual >= best && actual >= target)
		return max_points;
	if (actual < target)
		return 0.5 * max_points * actual / target;
	/* target <= actual < best */
	return 0.5 * max_points + 0.5 * max_points * (actual - target) / (best - target);
}
