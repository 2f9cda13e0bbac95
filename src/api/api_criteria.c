/*
** /clusters/{id}/years/{year}/criteria: the scoring table, as a tree of
** groups and criteria, with the year's final rule and tie-break keys.
** The leader unit (or the authority) replaces it until scoring opens;
** every replacement is kept as a new version. Being part of what the
** members sign, a change voids their signatures.
*/
#include "api/api.h"
#include "api/fields.h"
#include "api/json_out.h"
#include "api/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *criterion_json(const struct criterion *c)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:f}", "code", c->code, "name", c->name, "kind",
			      criterion_kind_name(c->kind), "max_points", c->max_points);
	if (c->kind == CRIT_QUANTITATIVE)
		json_object_set_new(j, "target", json_real(c->target));
	if (c->kind == CRIT_PER_OCCURRENCE)
		json_object_set_new(j, "per_occurrence", json_real(c->per_occurrence));
	if (c->kind != CRIT_GROUP)
		json_object_set_new(j, "entry", json_string(criterion_entry_key(c->kind)));
	return j;
}

/* The items at one depth from *i on, each group with its children. */
static json_t *criteria_tree(const struct criteria_table *t, size_t *i, int depth)
{
	json_t *arr = json_array();
	while (*i < t->n && t->items[*i].depth == depth) {
		const struct criterion *c = &t->items[(*i)++];
		json_t *node = criterion_json(c);
		if (c->kind == CRIT_GROUP)
			json_object_set_new(node, "children", criteria_tree(t, i, depth + 1));
		json_array_append_new(arr, node);
	}
	return arr;
}

json_t *criteria_items_json(const struct criteria_table *t)
{
	size_t i = 0;
	return criteria_tree(t, &i, 0);
}

static json_t *table_json(const struct year_ctx *y, const struct criteria_table *t)
{
	return json_pack("{s:I, s:i, s:i, s:i, s:s, s:o, s:f, s:o}",
			 "cluster_id", (json_int_t)y->cluster.id,
			 "year", y->year.year,
			 "version", t->version,
			 "current_version", y->year.criteria_version,
			 "final_rule", final_rule_name(y->year.final_rule),
			 "tie_break", tie_rule_json(&y->year.tie_rule),
			 "max_total", (double)criteria_max_total(t->items, t->n) / 100.0,
			 "items", criteria_items_json(t));
}

void api_criteria_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct criteria_table t;
	int64_t version = 0;
	struct year_ctx *y = NULL;
	if (req_query_int(rq, "version", 1, 1000000, 0, &version, &e) != 0 ||
	    !(y = year_open(cx, rq, 0, &e)) ||
	    store_criteria_get(cx->db, y->cluster.id, y->year.year, (int)version, &t, &e) != 0) {
		free(y);
		api_fail(cx, rs, &e);
		return;
	}
	resp_json(rs, 200, table_json(y, &t));
	criteria_table_free(&t);
	free(y);
}

static const char *const node_fields[] = {"code",	    "name",	"kind",
					  "max_points",	    "target",	"per_occurrence",
					  "children",	    "entry",	NULL};

static int nodes_from_json(json_t *arr, const char *parent, int depth,
			   struct criteria_table *t, struct error *e);

/* A target belongs to a quantitative criterion, per_occurrence to its kind. */
static int kind_misfit(json_t *node, const struct criterion *c, struct error *e)
{
	static const struct {
		const char *key;
		enum criterion_kind kind;
	} owned[] = {{"target", CRIT_QUANTITATIVE}, {"per_occurrence", CRIT_PER_OCCURRENCE}};
	for (size_t i = 0; i < sizeof owned / sizeof *owned; i++)
		if (c->kind != owned[i].kind && json_object_get(node, owned[i].key) &&
		    !json_is_null(json_object_get(node, owned[i].key)))
			return err_set(e, ERR_INVALID, "not_applicable", "items",
				       "criterion %s is %s; only a %s criterion has %s", c->code,
				       criterion_kind_name(c->kind),
				       criterion_kind_name(owned[i].kind), owned[i].key);
	return 0;
}

static int node_from_json(json_t *node, const char *parent, int depth,
			  struct criteria_table *t, struct error *e)
{
	if (!json_is_object(node))
		return err_set(e, ERR_INVALID, "wrong_type", "items",
			       "each criterion is an object");
	if (t->n == CRITERIA_MAX)
		return err_set(e, ERR_INVALID, "too_many", "items",
			       "a scoring table holds at most %d items", CRITERIA_MAX);
	struct criterion *c = &t->items[t->n];
	memset(c, 0, sizeof *c);
	snprintf(c->parent, sizeof c->parent, "%s", parent);
	json_t *children = json_object_get(node, "children");
	json_t *kind_json = json_object_get(node, "kind");
	const char *kind = json_string_value(kind_json);
	c->kind = children && json_array_size(children) ? CRIT_GROUP : CRIT_POINTS;
	/* a group's max_points is optional, whether it has children or not */
	enum criterion_kind declared = c->kind;
	if (kind)
		criterion_kind_parse(kind, &declared);
	if (fields_known(node, node_fields, e) != 0 ||
	    field_line(node, "code", c->code, sizeof c->code, CRITERION_CODE_CHARS, REQUIRED, e) != 0 ||
	    field_line(node, "name", c->name, sizeof c->name, CRITERION_NAME_CHARS, REQUIRED, e) != 0 ||
	    field_number(node, "max_points", 0, CRITERION_POINTS_MAX, &c->max_points, NULL,
			 declared == CRIT_GROUP ? OPTIONAL : REQUIRED, e) != 0 ||
	    field_number(node, "target", 0, QUANTITY_MAX, &c->target, NULL, OPTIONAL, e) != 0 ||
	    field_number(node, "per_occurrence", 0, CRITERION_POINTS_MAX, &c->per_occurrence,
			 NULL, OPTIONAL, e) != 0)
		goto fail;
	if ((kind_json && !kind) || (kind && criterion_kind_parse(kind, &c->kind) != 0)) {
		err_set(e, ERR_INVALID, "invalid_value", "items",
			"criterion %s: kind must be group, points, quantitative, pass_fail, "
			"per_occurrence, bonus or penalty", c->code);
		goto fail;
	}
	if (children && !json_is_array(children)) {
		err_set(e, ERR_INVALID, "wrong_type", "items", "children must be an array");
		goto fail;
	}
	if (c->kind != CRIT_GROUP && json_array_size(children)) {
		err_set(e, ERR_INVALID, "not_a_group", "items",
			"criterion %s is a %s and cannot have children", c->code,
			criterion_kind_name(c->kind));
		goto fail;
	}
	if (kind_misfit(node, c, e) != 0)
		goto fail;
	t->n++;
	/* a group without children is left to criteria_validate (empty_group) */
	return c->kind == CRIT_GROUP && children
		       ? nodes_from_json(children, c->code, depth + 1, t, e)
		       : 0;
fail:
	snprintf(e->field, sizeof e->field, "items");
	return -1;
}

static int nodes_from_json(json_t *arr, const char *parent, int depth,
			   struct criteria_table *t, struct error *e)
{
	if (!json_is_array(arr))
		return err_set(e, ERR_INVALID, "wrong_type", "items", "items must be an array");
	if (depth >= CRITERION_DEPTH_MAX)
		return err_set(e, ERR_INVALID, "too_deep", "items",
			       "the table may nest at most %d levels", CRITERION_DEPTH_MAX);
	size_t i;
	json_t *node;
	json_array_foreach(arr, i, node)
		if (node_from_json(node, parent, depth, t, e) != 0)
			return -1;
	return 0;
}

static const char *const table_fields[] = {"items", "final_rule", "tie_break", NULL};

static int ties_from_json(json_t *body, struct tie_rule *ties, struct error *e)
{
	json_t *arr = json_object_get(body, "tie_break");
	size_t i;
	json_t *k;
	if (!arr)
		return 0;
	if (!json_is_array(arr) || json_array_size(arr) > TIE_KEYS_MAX)
		goto bad;
	memset(ties, 0, sizeof *ties);
	json_array_foreach(arr, i, k) {
		enum tie_key key;
		if (!json_is_string(k) || tie_key_parse(json_string_value(k), &key) != 0)
			goto bad;
		for (size_t j = 0; j < ties->n; j++)
			if (ties->keys[j] == key)
				goto bad;
		ties->keys[ties->n++] = key;
	}
	return 0;
bad:
	return err_set(e, ERR_INVALID, "invalid_value", "tie_break",
		       "tie_break lists distinct keys among penalty, base and groups");
}

int criteria_from_json(json_t *body, struct criteria_table *t, enum final_rule *rule,
		       struct tie_rule *ties, struct error *e)
{
	int r = (int)*rule;
	memset(t, 0, sizeof *t);
	if (fields_known(body, table_fields, e) != 0 ||
	    field_enum(body, "final_rule", final_rule_names(), &r, OPTIONAL, e) != 0 ||
	    ties_from_json(body, ties, e) != 0)
		return -1;
	*rule = (enum final_rule)r;
	json_t *items = json_object_get(body, "items");
	if (!items)
		return err_set(e, ERR_INVALID, "required", "items", "items is required");
	t->items = calloc(CRITERIA_MAX, sizeof *t->items);
	if (!t->items)
		return err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	if (nodes_from_json(items, "", 0, t, e) != 0)
		return -1;
	if (t->n == 0)
		return err_set(e, ERR_INVALID, "required", "items",
			       "a scoring table needs at least one criterion");
	return criteria_validate(t->items, t->n, e);
}

/* Everything a change compares: the tree and the rules. */
static json_t *table_content(const struct criteria_table *t, enum final_rule rule,
			     const struct tie_rule *ties)
{
	return json_pack("{s:o, s:s, s:o}", "items", criteria_items_json(t), "final_rule",
			 final_rule_name(rule), "tie_break", tie_rule_json(ties));
}

/*
** Put table t with the rules in force for the year (a new version when the
** tree changed), void the signatures if anything changed, and answer.
*/
static void apply_table(struct ctx *cx, struct request *rq, struct response *rs,
			struct year_ctx *y, struct criteria_table *t, enum final_rule rule,
			const struct tie_rule *ties, struct error *e)
{
	struct criteria_table old;
	json_t *before = NULL, *after = NULL, *invalidated = NULL;
	if (year_require(y, POWER_LEADER | POWER_AUTHORITY, "set the scoring table", e) != 0 ||
	    year_agreement_editable(y->year.status, e) != 0 ||
	    store_criteria_get(cx->db, y->cluster.id, y->year.year, 0, &old, e) != 0) {
		api_fail(cx, rs, e);
		return;
	}
	before = table_content(&old, y->year.final_rule, &y->year.tie_rule);
	after = table_content(t, rule, ties);
	int tree_changed = !json_equal(json_object_get(before, "items"),
				       json_object_get(after, "items"));
	t->version = old.version;
	if (!json_equal(before, after)) {
		if ((tree_changed &&
		     store_criteria_put(cx->db, y->cluster.id, y->year.year, t, cx->who.user_id,
					e) != 0) ||
		    store_year_set_rules(cx->db, y->cluster.id, y->year.year, rule, ties, e) != 0 ||
		    agreement_changed(cx, rq, y, &invalidated, e) != 0 ||
		    api_audit_as(cx, rq, old.version ? "update" : "create", "criteria", y->key,
				 old.version ? before : NULL, after, e) != 0 ||
		    store_commit(cx->db, e) != 0)
			goto fail;
		y->year.final_rule = rule;
		y->year.tie_rule = *ties;
		y->year.criteria_version = t->version;
	}
	json_t *j = table_json(y, t);
	json_object_set_new(j, "signatures_invalidated", invalidated ? invalidated : json_array());
	invalidated = NULL;
	resp_json(rs, 200, j);
	goto done;
fail:
	api_fail(cx, rs, e);
done:
	json_decref(before);
	json_decref(after);
	json_decref(invalidated);
	criteria_table_free(&old);
}

void api_criteria_put(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct criteria_table t;
	memset(&t, 0, sizeof t);
	json_t *body = req_json_object(rq, &e);
	struct year_ctx *y = NULL;
	enum final_rule rule;
	struct tie_rule ties;
	if (!body || !(y = year_open(cx, rq, 1, &e))) {
		api_fail(cx, rs, &e);
		goto done;
	}
	rule = y->year.final_rule;
	ties = y->year.tie_rule;
	if (criteria_from_json(body, &t, &rule, &ties, &e) != 0) {
		api_fail(cx, rs, &e);
		goto done;
	}
	apply_table(cx, rq, rs, y, &t, rule, &ties, &e);
done:
	json_decref(body);
	criteria_table_free(&t);
	free(y);
}

static const char *const copy_fields[] = {"from_year", NULL};

void api_criteria_copy(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct criteria_table t;
	memset(&t, 0, sizeof t);
	json_t *body = req_json_object(rq, &e);
	struct year_ctx *y = NULL;
	struct cluster_year *from = malloc(sizeof *from);
	int64_t from_year = 0;
	if (!from)
		err_set(&e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	if (!from || !body || fields_known(body, copy_fields, &e) != 0 ||
	    field_int(body, "from_year", YEAR_MIN, YEAR_MAX, &from_year, REQUIRED, &e) != 0 ||
	    !(y = year_open(cx, rq, 1, &e)))
		goto fail;
	if (from_year == y->year.year) {
		err_set(&e, ERR_INVALID, "same_year", "from_year", "copy from another year");
		goto fail;
	}
	if (store_cluster_year_get(cx->db, y->cluster.id, (int)from_year, from, &e) != 0 ||
	    store_criteria_get(cx->db, y->cluster.id, (int)from_year, 0, &t, &e) != 0)
		goto fail;
	if (t.n == 0) {
		err_set(&e, ERR_INVALID, "no_scoring_table", "from_year",
			"%lld has no scoring table to copy", (long long)from_year);
		goto fail;
	}
	apply_table(cx, rq, rs, y, &t, from->final_rule, &from->tie_rule, &e);
	goto done;
fail:
	if (e.kind == ERR_NOT_FOUND && y)
		err_set(&e, ERR_INVALID, "unknown_year", "from_year",
			"the cluster has no year %lld", (long long)from_year);
	api_fail(cx, rs, &e);
done:
	json_decref(body);
	criteria_table_free(&t);
	free(from);
	free(y);
}
