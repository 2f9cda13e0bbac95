/*
** /clusters/{id}/years/{year}/ranking: totals per group and ranks under
** the year's final rule and tie-break keys. The leader unit (or the
** authority) publishes it, which freezes it and opens it to everyone;
** before that only they may preview it.
*/
#include "api/api.h"
#include "api/fields.h"
#include "api/json_out.h"

#include <stdlib.h>
#include <string.h>

static json_t *centi_json(int64_t centi)
{
	return json_real((double)centi / 100.0);
}

static json_t *row_json(const struct ranking *r, size_t k, const struct criteria_table *t)
{
	const struct ranking_row *row = &r->rows[k];
	json_t *groups = json_object(), *points = json_object();
	for (size_t i = 0; i < t->n; i++) {
		json_t *v = centi_json(r->points[k * t->n + i]);
		if (t->items[i].depth == 0)
			json_object_set(groups, t->items[i].code, v);
		json_object_set_new(points, t->items[i].code, v);
	}
	return json_pack("{s:I, s:i, s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:o}",
			 "org_id", (json_int_t)row->org_id,
			 "rank", row->rank,
			 "total", centi_json(row->total),
			 "base", centi_json(row->base),
			 "bonus", centi_json(row->bonus),
			 "penalty", centi_json(row->penalty),
			 "tied", row->tied,
			 "tie_key", row->tie_key >= 0 ? json_string(tie_key_name(row->tie_key))
						      : json_null(),
			 "groups", groups,
			 "points", points);
}

static json_t *ranking_json(const struct year_ctx *y, const struct criteria_table *t,
			    const struct ranking *r, int published)
{
	json_t *groups = json_array(), *items = json_array();
	for (size_t i = 0; i < t->n; i++)
		if (t->items[i].depth == 0)
			json_array_append_new(groups, json_pack("{s:s, s:s, s:s}", "code",
								t->items[i].code, "name",
								t->items[i].name, "kind",
								criterion_kind_name(t->items[i].kind)));
	for (size_t k = 0; k < r->n; k++)
		json_array_append_new(items, row_json(r, k, t));
	return json_pack("{s:I, s:i, s:b, s:o, s:s, s:o, s:o, s:o, s:o}",
			 "cluster_id", (json_int_t)y->cluster.id,
			 "year", y->year.year,
			 "published", published,
			 "published_at", str_or_null(y->year.published_at),
			 "final_rule", final_rule_name(y->year.final_rule),
			 "tie_break", tie_rule_json(&y->year.tie_rule),
			 "max_total", centi_json(criteria_max_total(t->items, t->n)),
			 "groups", groups,
			 "items", items);
}

/* Rank the year from its entries as they stand. */
static int ranking_from_scores(const struct year_ctx *y, const struct year_scores *s,
			       struct ranking *r, struct error *e)
{
	return ranking_compute(&s->table, y->year.members, y->year.n_members, s->entries, s->n,
			       y->year.final_rule, &y->year.tie_rule, r, e);
}

int ranking_publish(struct ctx *cx, struct request *rq, struct year_ctx *y, int forced,
		    struct error *e)
{
	struct year_scores s;
	struct ranking r;
	memset(&r, 0, sizeof r);
	if (year_transition_check(y->year.status, YEAR_RESULTS_PUBLISHED, y->powers, e) != 0 ||
	    year_scores_load(cx, y, &s, e) != 0)
		return -1;
	int rc = year_sheets_complete(y, &s, y->year.final_rule == FINAL_REVIEWED_SELF, forced, e);
	if (rc == 0)
		rc = ranking_from_scores(y, &s, &r, e);
	if (rc == 0)
		rc = store_ranking_save(cx->db, y->cluster.id, y->year.year, &r, &s.table, e);
	if (rc == 0)
		rc = year_move(cx, rq, y, YEAR_RESULTS_PUBLISHED, NULL, forced, e);
	ranking_free(&r);
	year_scores_free(&s);
	return rc;
}

static const char *const publish_fields[] = {"force", NULL};

void api_ranking_publish(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *body = req_json_object(rq, &e);
	struct year_ctx *y = NULL;
	struct criteria_table t;
	struct ranking r;
	memset(&t, 0, sizeof t);
	memset(&r, 0, sizeof r);
	int forced = 0;
	if (!body || fields_known(body, publish_fields, &e) != 0 ||
	    field_bool(body, "force", &forced, OPTIONAL, &e) != 0 ||
	    !(y = year_open(cx, rq, 1, &e)) || ranking_publish(cx, rq, y, forced, &e) != 0 ||
	    store_criteria_get(cx->db, y->cluster.id, y->year.year, 0, &t, &e) != 0 ||
	    store_cluster_year_get(cx->db, y->cluster.id, y->year.year, &y->year, &e) != 0 ||
	    store_ranking_get(cx->db, y->cluster.id, y->year.year, &t, &r, &e) != 0) {
		api_fail(cx, rs, &e);
		goto done;
	}
	/* answered from what the transaction wrote, so a committed publish is never an error */
	json_t *j = ranking_json(y, &t, &r, 1);
	if (store_commit(cx->db, &e) != 0) {
		json_decref(j);
		api_fail(cx, rs, &e);
		goto done;
	}
	resp_json(rs, 200, j);
done:
	json_decref(body);
	ranking_free(&r);
	criteria_table_free(&t);
	free(y);
}

/* Published: read as frozen; before that, a preview from the entries. */
static int ranking_read(struct ctx *cx, const struct year_ctx *y, int published,
			struct year_scores *s, struct ranking *r, struct error *e)
{
	if (published) {
		if (store_criteria_get(cx->db, y->cluster.id, y->year.year, 0, &s->table, e) != 0)
			return -1;
		return store_ranking_get(cx->db, y->cluster.id, y->year.year, &s->table, r, e);
	}
	if (year_scores_load(cx, y, s, e) != 0)
		return -1;
	return ranking_from_scores(y, s, r, e);
}

void api_ranking_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct year_ctx *y = year_open(cx, rq, 0, &e);
	struct year_scores s;
	struct ranking r;
	memset(&s, 0, sizeof s);
	memset(&r, 0, sizeof r);
	if (!y)
		goto fail;
	int published = y->year.status >= YEAR_RESULTS_PUBLISHED;
	if (!published && !(y->powers & (POWER_LEADER | POWER_AUTHORITY))) {
		err_set(&e, ERR_FORBIDDEN, "not_published", NULL,
			"the %d ranking has not been published yet", y->year.year);
		goto fail;
	}
	if (ranking_read(cx, y, published, &s, &r, &e) != 0)
		goto fail;
	resp_json(rs, 200, ranking_json(y, &s.table, &r, published));
	goto done;
fail:
	api_fail(cx, rs, &e);
done:
	ranking_free(&r);
	year_scores_free(&s);
	free(y);
}
