/*
** GET /api/v1/stats/indicators?org=|cluster=&year=: every indicator
** rolled up over the scope's branches (an org's own line and its
** children, a cluster's members, or the provinces), with the change on
** the year before, the units reporting against those expected, the
** people registry's count beside derived figures, and a ten-year series
** for the trend chart. Only submitted and accepted reports count.
*/
#include "api/api.h"
#include "api/indicators.h"
#include "api/json_out.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

#define SERIES_YEARS 10

/* One indicator's figures in one line (a branch, or the whole scope). */
struct line_acc {
	struct rollup cur, prev;
	int reporting; /* units with a value in the year itself */
};

struct stats_calc {
	struct stats_scope scope;
	struct indicator *ind; /* the catalog, by code */
	size_t n_ind;
	struct stats_branch *br;
	size_t n_br;
	struct line_acc *total;  /* [n_ind] */
	struct line_acc *lines;  /* [n_br * n_ind] */
	struct rollup *series;   /* [n_ind * SERIES_YEARS] */
};

static void calc_free(struct stats_calc *s)
{
	free(s->ind);
	free(s->br);
	free(s->total);
	free(s->lines);
	free(s->series);
}

static size_t find_indicator(const struct stats_calc *s, int64_t id)
{
	for (size_t i = 0; i < s->n_ind; i++)
		if (s->ind[i].id == id)
			return i;
	return s->n_ind;
}

static size_t find_branch(const struct stats_calc *s, int64_t id)
{
	for (size_t i = 0; i < s->n_br; i++)
		if (s->br[i].org_id == id)
			return i;
	return s->n_br;
}

/*
** Add one unit's values of one indicator (vals, by year) to its branch's
** line, the total and the series.
*/
static void add_unit(struct stats_calc *s, size_t ii, size_t bi, const struct year_value *vals,
		     size_t n)
{
	enum aggregate a = s->ind[ii].aggregate;
	int y = s->scope.year;
	struct line_acc *line = &s->lines[bi * s->n_ind + ii], *tot = &s->total[ii];
	double x;
	for (int k = 0; k < SERIES_YEARS; k++)
		if (indicator_unit_value(a, vals, n, y - SERIES_YEARS + 1 + k, &x))
			rollup_add(&s->series[ii * SERIES_YEARS + k], x);
	if (indicator_unit_value(a, vals, n, y, &x)) {
		rollup_add(&line->cur, x);
		rollup_add(&tot->cur, x);
	}
	if (indicator_unit_value(a, vals, n, y - 1, &x)) {
		rollup_add(&line->prev, x);
		rollup_add(&tot->prev, x);
	}
	if (n > 0 && vals[n - 1].year == y) {
		line->reporting++;
		tot->reporting++;
	}
}

/* Walk the counted values, one unit and indicator at a time. */
static int calc_values(struct stats_calc *s, const struct stats_value *v, size_t nv,
		       struct error *e)
{
	struct year_value *buf = malloc((nv ? nv : 1) * sizeof *buf);
	if (!buf)
		return err_set(e, ERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t i = 0; i < nv;) {
		size_t j = i, n = 0;
		for (; j < nv && v[j].indicator_id == v[i].indicator_id && v[j].org_id == v[i].org_id;
		     j++) {
			buf[n].year = v[j].year;
			buf[n++].value = v[j].value;
		}
		size_t ii = find_indicator(s, v[i].indicator_id), bi = find_branch(s, v[i].branch_id);
		if (ii < s->n_ind && bi < s->n_br)
			add_unit(s, ii, bi, buf, n);
		i = j;
	}
	free(buf);
	return 0;
}

static int calc_load(struct ctx *cx, struct stats_calc *s, struct error *e)
{
	struct stats_value *v = NULL;
	size_t nv = 0;
	int64_t total = 0;
	if (store_indicator_list(cx->db, NULL, &s->ind, &s->n_ind, &total, e) != 0 ||
	    store_stats_branches(cx->db, &s->scope, &s->br, &s->n_br, e) != 0 ||
	    store_stats_values(cx->db, &s->scope, SERIES_YEARS, &v, &nv, e) != 0)
		return -1;
	s->total = calloc(s->n_ind + 1, sizeof *s->total);
	s->lines = calloc(s->n_br * s->n_ind + 1, sizeof *s->lines);
	s->series = calloc(s->n_ind * SERIES_YEARS + 1, sizeof *s->series);
	int rc = (!s->total || !s->lines || !s->series)
			 ? err_set(e, ERR_INTERNAL, "internal", NULL, "out of memory")
			 : calc_values(s, v, nv, e);
	free(v);
	return rc;
}

/* The registry's count of a derived indicator in a branch; 0 when it has none. */
static int branch_registry(const struct stats_branch *b, const struct indicator *ind,
			   int64_t *count)
{
	if (ind->derived_from == DERIVED_NONE || !b->has_registry)
		return 0;
	*count = ind->derived_from == DERIVED_PARTY_MEMBERS ? b->members : b->admissions;
	return 1;
}

static json_t *stat_item(const struct indicator *ind, const struct line_acc *l, int expected,
			 int has_registry, int64_t registry)
{
	struct change c;
	double cur = 0, prev = 0;
	int has_cur = rollup_value(ind->aggregate, &l->cur, &cur);
	int has_prev = rollup_value(ind->aggregate, &l->prev, &prev);
	indicator_change(has_cur, cur, has_prev, prev, &c);
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:i, s:i, s:o}",
			 "code", ind->code,
			 "name", ind->name,
			 "unit", ind->unit,
			 "aggregate", aggregate_name(ind->aggregate),
			 "value", number_or_null(c.has_value, c.value),
			 "previous", number_or_null(c.has_previous, c.previous),
			 "change", number_or_null(c.has_change, c.change),
			 "change_pct", number_or_null(c.has_pct, c.pct),
			 "reporting", l->reporting,
			 "expected", expected,
			 "registry", has_registry ? json_integer(registry) : json_null());
}

static json_t *total_items(const struct stats_calc *s)
{
	int expected = 0;
	for (size_t b = 0; b < s->n_br; b++)
		expected += s->br[b].expected;
	json_t *arr = json_array();
	for (size_t i = 0; i < s->n_ind; i++) {
		int64_t sum = 0, one = 0;
		int has = 0;
		for (size_t b = 0; b < s->n_br; b++)
			if (branch_registry(&s->br[b], &s->ind[i], &one)) {
				sum += one;
				has = 1;
			}
		json_array_append_new(arr, stat_item(&s->ind[i], &s->total[i], expected, has, sum));
	}
	return arr;
}

static json_t *by_org(const struct stats_calc *s)
{
	json_t *arr = json_array();
	for (size_t b = 0; b < s->n_br; b++) {
		json_t *items = json_array();
		for (size_t i = 0; i < s->n_ind; i++) {
			int64_t reg = 0;
			int has = branch_registry(&s->br[b], &s->ind[i], &reg);
			json_array_append_new(items, stat_item(&s->ind[i],
							       &s->lines[b * s->n_ind + i],
							       s->br[b].expected, has, reg));
		}
		json_array_append_new(arr, json_pack("{s:I, s:s, s:o}", "org_id",
						     (json_int_t)s->br[b].org_id, "name",
						     s->br[b].name, "items", items));
	}
	return arr;
}

static json_t *series(const struct stats_calc *s)
{
	json_t *arr = json_array();
	for (int k = 0; k < SERIES_YEARS; k++) {
		json_t *values = json_object();
		for (size_t i = 0; i < s->n_ind; i++) {
			double x = 0;
			int has = rollup_value(s->ind[i].aggregate,
					       &s->series[i * SERIES_YEARS + k], &x);
			json_object_set_new(values, s->ind[i].code, number_or_null(has, x));
		}
		json_array_append_new(arr, json_pack("{s:i, s:o}", "year",
						     s->scope.year - SERIES_YEARS + 1 + k,
						     "values", values));
	}
	return arr;
}

void api_indicator_stats(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct stats_calc s;
	memset(&s, 0, sizeof s);
	if (store_begin_read(cx->db, &e) != 0 ||
	    api_stats_scope(cx, rq, YEAR_MIN, YEAR_MAX, &s.scope, &e) != 0 ||
	    api_authorize(cx, ACT_STATS_READ, s.scope.org_id, &e) != 0 ||
	    calc_load(cx, &s, &e) != 0 || store_commit(cx->db, &e) != 0) {
		calc_free(&s);
		api_fail(cx, rs, &e);
		return;
	}
	json_t *out = json_pack("{s:i, s:o, s:o, s:o, s:o, s:o}",
				"year", s.scope.year,
				"org_id", id_or_null(s.scope.org_id),
				"cluster_id", id_or_null(s.scope.cluster_id),
				"items", total_items(&s),
				"by_org", by_org(&s),
				"series", series(&s));
	calc_free(&s);
	resp_json(rs, 200, out);
}
