/*
** /clusters/{id}/years/{year}/agreement: the emulation agreement's text
** and targets, written by the leader unit (or the authority), and the
** member units' signatures. The year becomes agreement_signed when the
** last member signs; a change after any signature voids them all.
*/
#include "api/api.h"
#include "api/fields.h"
#include "api/json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *agreement_json(const struct year_ctx *y, const struct agreement *a,
			      const struct signature *sigs, size_t n_sigs)
{
	json_t *j = agreement_content_json(a), *signed_arr = json_array(), *unsigned_arr = json_array();
	for (size_t i = 0; i < n_sigs; i++)
		json_array_append_new(signed_arr,
				      json_pack("{s:I, s:s, s:i}", "org_id",
						(json_int_t)sigs[i].org_id, "signed_at",
						sigs[i].signed_at, "revision", sigs[i].revision));
	for (size_t m = 0; m < y->year.n_members; m++) {
		int found = 0;
		for (size_t i = 0; i < n_sigs && !found; i++)
			found = sigs[i].org_id == y->year.members[m];
		if (!found)
			json_array_append_new(unsigned_arr, json_integer(y->year.members[m]));
	}
	json_object_set_new(j, "cluster_id", json_integer(y->cluster.id));
	json_object_set_new(j, "year", json_integer(y->year.year));
	json_object_set_new(j, "revision", json_integer(a->revision));
	json_object_set_new(j, "updated_at", str_or_null(a->updated_at));
	json_object_set_new(j, "signatures", signed_arr);
	json_object_set_new(j, "unsigned_ids", unsigned_arr);
	json_object_set_new(j, "all_signed", json_boolean(json_array_size(unsigned_arr) == 0));
	json_object_set_new(j, "status", json_string(year_status_name(y->year.status)));
	return j;
}

/* The agreement, or an empty one (revision 0) when none was written yet. */
static int load_agreement(struct ctx *cx, const struct year_ctx *y, struct agreement *a,
			  struct error *e)
{
	struct error lookup;
	err_clear(&lookup);
	if (store_agreement_get(cx->db, y->cluster.id, y->year.year, a, &lookup) == 0)
		return 0;
	if (lookup.kind != ERR_NOT_FOUND) {
		*e = lookup;
		return -1;
	}
	memset(a, 0, sizeof *a);
	return 0;
}

static json_t *agreement_read(struct ctx *cx, const struct year_ctx *y, struct error *e)
{
	struct agreement a;
	struct signature *sigs = NULL;
	size_t n = 0;
	if (load_agreement(cx, y, &a, e) != 0)
		return NULL;
	if (store_signatures_list(cx->db, y->cluster.id, y->year.year, &sigs, &n, e) != 0) {
		agreement_free(&a);
		return NULL;
	}
	json_t *j = agreement_json(y, &a, sigs, n);
	agreement_free(&a);
	free(sigs);
	return j;
}

void api_agreement_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct year_ctx *y = year_open(cx, rq, 0, &e);
	json_t *j = y ? agreement_read(cx, y, &e) : NULL;
	free(y);
	if (!j) {
		api_fail(cx, rs, &e);
		return;
	}
	resp_json(rs, 200, j);
}

int agreement_changed(struct ctx *cx, struct request *rq, struct year_ctx *y,
		      json_t **invalidated, struct error *e)
{
	struct signature *sigs = NULL;
	size_t n = 0;
	*invalidated = json_array();
	if (store_signatures_list(cx->db, y->cluster.id, y->year.year, &sigs, &n, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*invalidated, json_integer(sigs[i].org_id));
	free(sigs);
	if (n == 0)
		return 0;
	json_t *before = json_pack("{s:O}", "signatures", *invalidated);
	int rc = store_signatures_clear(cx->db, y->cluster.id, y->year.year, e);
	if (rc == 0)
		rc = api_audit_as(cx, rq, "invalidate_signatures", "agreement", y->key, before,
				  NULL, e);
	json_decref(before);
	if (rc == 0 && y->year.status != YEAR_PLANNING)
		rc = year_move(cx, rq, y, YEAR_PLANNING, NULL, 0, e);
	return rc;
}

static const char *const agreement_fields[] = {"text", "targets", NULL};
static const char *const target_fields[] = {"code", "name", "value", "unit", NULL};

static int target_from_json(json_t *obj, struct agreement_target *t, struct error *e)
{
	if (!json_is_object(obj))
		return err_set(e, ERR_INVALID, "wrong_type", "targets",
			       "each target is an object {code, name, value, unit}");
	memset(t, 0, sizeof *t);
	if (fields_known(obj, target_fields, e) != 0 ||
	    field_line(obj, "code", t->code, sizeof t->code, CRITERION_CODE_CHARS, REQUIRED, e) != 0 ||
	    field_line(obj, "name", t->name, sizeof t->name, CRITERION_NAME_CHARS, REQUIRED, e) != 0 ||
	    field_number(obj, "value", -QUANTITY_MAX, QUANTITY_MAX, &t->value, &t->has_value,
			 OPTIONAL, e) != 0 ||
	    field_line(obj, "unit", t->unit, sizeof t->unit, TARGET_UNIT_CHARS, OPTIONAL, e) != 0) {
		snprintf(e->field, sizeof e->field, "targets");
		return -1;
	}
	return 0;
}

int agreement_from_json(json_t *body, struct agreement *a, struct error *e)
{
	memset(a, 0, sizeof *a);
	json_t *targets = json_object_get(body, "targets");
	if (fields_known(body, agreement_fields, e) != 0 ||
	    field_block(body, "text", &a->text, AGREEMENT_TEXT_CHARS, REQUIRED, e) != 0)
		return -1;
	if (targets && !json_is_array(targets))
		return err_set(e, ERR_INVALID, "wrong_type", "targets", "targets must be an array");
	if (json_array_size(targets) > TARGETS_MAX)
		return err_set(e, ERR_INVALID, "too_many", "targets",
			       "an agreement lists at most %d targets", TARGETS_MAX);
	a->targets = calloc(json_array_size(targets) + 1, sizeof *a->targets);
	if (!a->targets)
		return err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	size_t i;
	json_t *item;
	json_array_foreach(targets, i, item) {
		if (target_from_json(item, &a->targets[i], e) != 0)
			return -1;
		a->n_targets = i + 1;
	}
	return agreement_validate(a, e);
}

void api_agreement_put(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *body = req_json_object(rq, &e), *before = NULL, *after = NULL;
	json_t *invalidated = NULL, *j = NULL;
	struct agreement old, new;
	memset(&old, 0, sizeof old);
	memset(&new, 0, sizeof new);
	struct year_ctx *y = NULL;
	if (!body || agreement_from_json(body, &new, &e) != 0 || !(y = year_open(cx, rq, 1, &e)) ||
	    year_require(y, POWER_LEADER | POWER_AUTHORITY, "write the agreement", &e) != 0 ||
	    year_agreement_editable(y->year.status, &e) != 0 ||
	    load_agreement(cx, y, &old, &e) != 0)
		goto fail;
	before = agreement_content_json(&old);
	after = agreement_content_json(&new);
	if (!json_equal(before, after)) {
		new.revision = old.revision + 1;
		if (store_agreement_put(cx->db, y->cluster.id, y->year.year, &new, &e) != 0 ||
		    agreement_changed(cx, rq, y, &invalidated, &e) != 0 ||
		    api_audit_as(cx, rq, old.revision ? "update" : "create", "agreement", y->key,
				 old.revision ? before : NULL, after, &e) != 0)
			goto fail;
	}
	/* the answer is read inside the transaction: once committed, a write is never an error */
	if (!(j = agreement_read(cx, y, &e)) || store_commit(cx->db, &e) != 0)
		goto fail;
	json_object_set_new(j, "signatures_invalidated", invalidated ? invalidated : json_array());
	invalidated = NULL;
	resp_json(rs, 200, j);
	goto done;
fail:
	json_decref(j);
	api_fail(cx, rs, &e);
done:
	json_decref(body);
	json_decref(before);
	json_decref(after);
	json_decref(invalidated);
	agreement_free(&old);
	agreement_free(&new);
	free(y);
}

static const char *const sign_fields[] = {"org_id", NULL};

void api_agreement_sign(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	json_t *body = req_json_object(rq, &e), *after = NULL;
	struct agreement a;
	memset(&a, 0, sizeof a);
	struct signature *sigs = NULL;
	size_t n = 0;
	struct year_ctx *y = NULL;
	int64_t org = cx->who.org_id;
	if (!body || fields_known(body, sign_fields, &e) != 0 ||
	    field_id(body, "org_id", &org, OPTIONAL, &e) != 0 ||
	    !(y = year_open(cx, rq, 1, &e)) ||
	    year_require(y, POWER_MEMBER, "sign the agreement", &e) != 0)
		goto fail;
	if (org != cx->who.org_id) {
		err_set(&e, ERR_FORBIDDEN, "forbidden", "org_id",
			"a unit signs only for itself");
		goto fail;
	}
	if (y->year.status != YEAR_PLANNING) {
		err_set(&e, ERR_CONFLICT, "agreement_in_force", "status",
			"the year is %s; the agreement is signed while planning",
			year_status_name(y->year.status));
		goto fail;
	}
	if (load_agreement(cx, y, &a, &e) != 0)
		goto fail;
	if (a.revision == 0) {
		err_set(&e, ERR_CONFLICT, "no_agreement", "text",
			"the leader has not written the %d agreement yet", y->year.year);
		goto fail;
	}
	after = json_pack("{s:I, s:i}", "org_id", (json_int_t)org, "revision", a.revision);
	if (store_signature_insert(cx->db, y->cluster.id, y->year.year, org, a.revision,
				   cx->who.user_id, &e) != 0 ||
	    api_audit_as(cx, rq, "sign", "agreement", y->key, NULL, after, &e) != 0 ||
	    store_signatures_list(cx->db, y->cluster.id, y->year.year, &sigs, &n, &e) != 0)
		goto fail;
	if (agreement_all_signed(y->year.members, y->year.n_members, sigs, n) &&
	    year_move(cx, rq, y, YEAR_AGREEMENT_SIGNED, NULL, 0, &e) != 0)
		goto fail;
	if (store_commit(cx->db, &e) != 0)
		goto fail;
	json_t *j = agreement_json(y, &a, sigs, n);
	json_object_set_new(j, "org_id", json_integer(org));
	resp_json(rs, 201, j);
	goto done;
fail:
	api_fail(cx, rs, &e);
done:
	json_decref(body);
	json_decref(after);
	agreement_free(&a);
	free(sigs);
	free(y);
}

int agreement_settle(struct ctx *cx, struct request *rq, const struct cluster *c,
		     struct cluster_year *y, struct error *e)
{
	struct signature *sigs = NULL;
	size_t n = 0;
	if (y->status != YEAR_PLANNING ||
	    store_signatures_list(cx->db, c->id, y->year, &sigs, &n, e) != 0)
		return y->status != YEAR_PLANNING ? 0 : -1;
	int all = n > 0 && agreement_all_signed(y->members, y->n_members, sigs, n);
	free(sigs);
	if (!all)
		return 0;
	struct year_ctx *yc = calloc(1, sizeof *yc);
	if (!yc)
		return err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL, "out of memory");
	yc->cluster = *c;
	yc->year = *y;
	snprintf(yc->key, sizeof yc->key, "%lld/%d", (long long)c->id, y->year);
	int rc = year_move(cx, rq, yc, YEAR_AGREEMENT_SIGNED, NULL, 0, e);
	y->status = yc->year.status;
	free(yc);
	return rc;
}
