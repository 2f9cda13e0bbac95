/*
** /api/v1/rule-sets, /api/v1/award-types and /api/v1/eligibility: the law
** as data, and what it says about one nominee. Anyone logged in reads the
** law; only an admin replaces a rule set (a new decree, a correction), and
** the audit keeps the document before and after.
*/
#include "api/awards.h"
#include "api/fields.h"
#include "api/json_out.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

static json_t *rule_set_row_json(const struct rule_set_row *r, const struct rule_set *rs,
				 int with_document)
{
	json_t *j = json_pack("{sI ss ss ss ss so sI ss sI}", "id", (json_int_t)r->id, "code",
			      r->code, "name", rs->name, "basis", rs->basis, "effective_from",
			      r->effective_from, "effective_until",
			      str_or_null(r->effective_until), "revision",
			      (json_int_t)r->revision, "updated_at", r->updated_at, "award_types",
			      (json_int_t)rs->n_types);
	if (with_document && r->body)
		json_object_set_new(j, "document", json_loads(r->body, 0, NULL));
	return j;
}

/* The row's set, parsed; its body stays for the document. */
static int row_parse(const struct rule_set_row *r, struct rule_set *rs, struct error *e)
{
	json_t *doc = json_loads(r->body, 0, NULL);
	int rc = doc ? rule_set_from_json(doc, rs, e)
		     : err_set(e, ERR_INTERNAL, "bad_rule_set", NULL, "stored rule set is not JSON");
	json_decref(doc);
	return rc;
}

void api_rule_sets_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct rule_set_row *rows = NULL;
	size_t n = 0;
	if (store_rule_set_list(cx->db, &rows, &n, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		struct rule_set set;
		if (row_parse(&rows[i], &set, &e) != 0)
			break;
		json_array_append_new(items, rule_set_row_json(&rows[i], &set, 0));
		rule_set_free(&set);
	}
	rule_set_rows_free(rows, n);
	if (e.kind != ERR_NONE) {
		json_decref(items);
		resp_error(rs, &e);
		return;
	}
	resp_json(rs, 200, json_pack("{so}", "items", items));
}

static json_t *rule_set_read(struct ctx *cx, int64_t id, struct error *e)
{
	struct rule_set_row r;
	struct rule_set set;
	if (store_rule_set_get(cx->db, id, &r, e) != 0)
		return NULL;
	json_t *j = NULL;
	if (row_parse(&r, &set, e) == 0) {
		j = rule_set_row_json(&r, &set, 1);
		rule_set_free(&set);
	}
	free(r.body);
	return j;
}

void api_rule_sets_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *j = rule_set_read(cx, rq->params[0], &e);
	if (!j) {
		resp_error(rs, &e);
		return;
	}
	resp_json(rs, 200, j);
}

/* Create (id 0) or replace rule set id from the request's document. */
static void rule_set_write(struct request *rq, struct response *rs, int64_t id)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *doc = req_json_object(rq, &e), *before = NULL, *after = NULL;
	char *body = NULL;
	struct rule_set set;
	memset(&set, 0, sizeof set);
	if (!doc || rule_set_from_json(doc, &set, &e) != 0)
		goto fail;
	set.id = id;
	body = json_dumps(doc, JSON_COMPACT);
	if (!body) {
		err_set(&e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
		goto fail;
	}
	if (store_begin(cx->db, &e) != 0 ||
	    (id > 0 && !(before = rule_set_read(cx, id, &e))) ||
	    store_rule_set_save(cx->db, &set, body, &e) != 0 ||
	    !(after = rule_set_read(cx, set.id, &e)) ||
	    api_audit(cx, rq, id > 0 ? "update" : "create", "rule_set", set.id, before, after,
		      &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	resp_json(rs, id > 0 ? 200 : 201, after);
	after = NULL;
	goto done;
fail:
	api_fail(cx, rs, &e);
done:
	json_decref(before);
	json_decref(after);
	json_decref(doc);
	free(body);
	rule_set_free(&set);
}

void api_rule_sets_create(struct request *rq, struct response *rs)
{
	rule_set_write(rq, rs, 0);
}

void api_rule_sets_put(struct request *rq, struct response *rs)
{
	rule_set_write(rq, rs, rq->params[0]);
}

/* ?year= or ?date= picks the rule set (default: today's). */
static int day_from_query(struct request *rq, char day[11], struct error *e)
{
	int64_t year = 0;
	const char *date = req_query(rq, "date");
	if (req_query_int(rq, "year", 1900, 2200, 0, &year, e) != 0)
		return -1;
	if (date) {
		if (!clock_valid_date(date))
			return err_set(e, ERR_BAD_REQUEST, "invalid_query", "date",
				       "date must be YYYY-MM-DD");
		memcpy(day, date, 11);
	} else if (year) {
		rules_judging_date((int)year, day);
	} else {
		clock_today(day);
	}
	return 0;
}

void api_award_types_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	char day[11];
	struct rule_set set;
	if (day_from_query(rq, day, &e) != 0 || store_rule_set_on(cx->db, day, &set, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < set.n_types; i++)
		json_array_append_new(items, award_type_json(&set.types[i]));
	json_t *general = json_array();
	for (size_t i = 0; i < set.n_general; i++)
		json_array_append_new(general,
				      json_pack("{ss ss ss}", "code", set.general[i].code, "text",
						set.general[i].text, "basis", set.general[i].basis));
	resp_json(rs, 200,
		  json_pack("{ss s{sI ss ss ss} so so}", "date", day, "rule_set", "id",
			    (json_int_t)set.id, "code", set.code, "name", set.name, "basis",
			    set.basis, "general_conditions", general, "items", items));
	rule_set_free(&set);
}

/*
** ?person= or ?org=: the caller must be able to read the person, or the
** org's people (an org's eligibility shows its members' titles and
** discipline).
*/
static int nominee_from_query(struct ctx *cx, struct request *rq, int64_t *person_id,
			      int64_t *org_id, struct error *e)
{
	if (req_query_int(rq, "person", 1, INT64_MAX / 2, 0, person_id, e) != 0 ||
	    req_query_int(rq, "org", 1, INT64_MAX / 2, 0, org_id, e) != 0)
		return -1;
	if ((*person_id > 0) == (*org_id > 0))
		return err_set(e, ERR_BAD_REQUEST, "invalid_query", "person",
			       "give exactly one of person= and org=");
	if (*org_id > 0) {
		struct org o;
		return store_org_get(cx->db, *org_id, &o, e) != 0 ||
				       api_authorize(cx, ACT_PERSON_READ, *org_id, e) != 0
			       ? -1
			       : 0;
	}
	struct person p;
	if (store_person_get(cx->db, *person_id, &p, e) != 0)
		return -1;
	return api_authorize(cx, ACT_PERSON_READ, p.org_id, e);
}

void api_eligibility_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	int64_t person_id = 0, org_id = 0, year = 0;
	const char *code = req_query(rq, "award_type");
	const char *date = req_query(rq, "date");
	if (nominee_from_query(cx, rq, &person_id, &org_id, &e) != 0 ||
	    req_query_int(rq, "year", 1900, 2200, 0, &year, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	if (!code || !year || (date && !clock_valid_date(date))) {
		err_set(&e, ERR_BAD_REQUEST, "invalid_query", !code ? "award_type" : !year ? "year" : "date",
			"give award_type=, year= and optionally date=YYYY-MM-DD");
		resp_error(rs, &e);
		return;
	}
	/* the freeze is judged today unless a date is given */
	char today[11];
	clock_today(today);
	struct rule_set set;
	const struct award_type *t;
	struct eligibility el;
	if (award_type_for(cx, (int)year, date, code, person_id > 0, &set, &t, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	const char *day = date ? date : today;
	if (award_judge(cx, &set, t, person_id, org_id, (int)year, day, NULL, &el, &e) != 0) {
		rule_set_free(&set);
		resp_error(rs, &e);
		return;
	}
	json_t *j = eligibility_json(&set, t, (int)year, day, &el);
	json_object_set_new(j, person_id ? "person_id" : "org_id",
			    json_integer(person_id ? person_id : org_id));
	rule_set_free(&set);
	resp_json(rs, 200, j);
}
