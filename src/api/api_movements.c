/*
** /api/v1/movements: emulation movements launched by an org for every
** unit beneath it, and the units' registrations. Anyone logged in reads
** them (they are what conference reports cite); the launching org's
** authority (or an admin) writes a movement; a unit registers itself, or
** the authority above it registers it, until the movement ends.
*/
#include "api/api.h"
#include "api/fields.h"
#include "api/json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "domain/movement.h"

static const char *const movement_fields[] = {
	"org_id", "name", "goals", "starts_on", "ends_on", NULL};
/* A movement read and sent back whole is accepted: the server's fields must not differ. */
static const char *const movement_patch_fields[] = {
	"org_id", "name", "goals", "starts_on", "ends_on", "id", "org_name", "status",
	"registered", "created_at", "updated_at", NULL};
static const char *const registration_fields[] = {"org_id", "commitment", NULL};

/* ---- body fields ---- */

/* goals: absent keeps them, null or blank clears them. */
static int field_goals(json_t *body, struct movement *m, struct error *e)
{
	char *goals = NULL;
	if (field_block(body, "goals", &goals, MOVEMENT_GOALS_CHARS, OPTIONAL, e) != 0)
		return -1;
	if (goals || json_object_get(body, "goals")) {
		free(m->goals);
		m->goals = goals;
	}
	return 0;
}

/* The fields a client writes; required ones only when creating. */
static int movement_read(json_t *body, struct movement *m, int required, struct error *e)
{
	if (field_id(body, "org_id", &m->org_id, required, e) != 0 ||
	    field_line(body, "name", m->name, sizeof m->name, MOVEMENT_NAME_CHARS, required,
		       e) != 0 ||
	    field_goals(body, m, e) != 0 ||
	    field_date(body, "starts_on", m->starts_on, sizeof m->starts_on, required, e) != 0 ||
	    field_date(body, "ends_on", m->ends_on, sizeof m->ends_on, required, e) != 0)
		return -1;
	return movement_validate(m, clock_year(), e);
}

static int movement_from_json(json_t *body, struct movement *m, struct error *e)
{
	if (fields_known(body, movement_fields, e) != 0)
		return -1;
	return movement_read(body, m, REQUIRED, e);
}

static int movement_patch_from_json(json_t *body, struct movement *m, const char *today,
				    struct error *e)
{
	if (fields_known(body, movement_patch_fields, e) != 0 ||
	    field_fixed(body, "id", json_integer(m->id), e) != 0 ||
	    field_fixed(body, "org_name", json_string(m->org_name), e) != 0 ||
	    field_fixed(body, "status",
			json_string(movement_status_name(movement_status_on(m, today))), e) != 0 ||
	    field_fixed(body, "registered", json_integer(m->registered), e) != 0 ||
	    field_fixed(body, "created_at", json_string(m->created_at), e) != 0 ||
	    field_fixed(body, "updated_at", json_string(m->updated_at), e) != 0)
		return -1;
	return movement_read(body, m, OPTIONAL, e);
}

/* ---- movements ---- */

static int filter_from_query(struct request *rq, struct movement_filter *f, char *q,
			     struct error *e)
{
	int64_t year = 0;
	memset(f, 0, sizeof *f);
	f->status = -1;
	const char *status = req_query(rq, "status");
	if (status) {
		enum movement_status s;
		if (movement_status_parse(status, &s) != 0)
			return err_set(e, ERR_BAD_REQUEST, "invalid_query", "status",
				       "status must be upcoming, running or ended");
		f->status = (int)s;
	}
	if (req_query_int(rq, "org_id", 1, INT64_MAX / 2, 0, &f->org_id, e) != 0 ||
	    req_query_int(rq, "year", 2000, 2200, 0, &year, e) != 0 ||
	    api_query_text(rq, "q", q, QUERY_TEXT_BYTES, &f->q, e) != 0 ||
	    api_page(rq, &f->page, e) != 0)
		return -1;
	f->year = (int)year;
	return 0;
}

void api_movements_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct movement_filter f;
	struct movement *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	char q[QUERY_TEXT_BYTES], today[11];
	clock_today(today);
	if (filter_from_query(rq, &f, q, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	f.today = today;
	if (store_movement_list(cx->db, &f, &items, &n, &total, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, movement_json(&items[i], today));
	movements_free(items, n);
	resp_json(rs, 200, api_list(arr, total, &f.page));
}

/* Load the path's movement; 404 when there is none. */
static int movement_load(struct ctx *cx, struct request *rq, struct movement *m,
			 struct error *e)
{
	return store_movement_get(cx->db, rq->params[0], m, e);
}

void api_movements_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct movement m;
	char today[11];
	clock_today(today);
	if (movement_load(cx, rq, &m, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	resp_json(rs, 200, movement_json(&m, today));
	movement_free(&m);
}

/*
** The org launching a movement must exist (422 unknown_org) and lie
** within the caller's reach (403).
*/
static int launcher_authorize(struct ctx *cx, int64_t org_id, struct error *e)
{
	if (api_require_org(cx, org_id, "org_id", -1, e) != 0)
		return -1;
	return api_authorize(cx, ACT_MOVEMENT_WRITE, org_id, e);
}

/* Reload m as stored (its launching org's name, its count) into an answer. */
static json_t *movement_reread(struct ctx *cx, struct movement *m, const char *today,
			       struct error *e)
{
	struct movement stored;
	if (store_movement_get(cx->db, m->id, &stored, e) != 0)
		return NULL;
	json_t *j = movement_json(&stored, today);
	movement_free(&stored);
	return j;
}

void api_movements_create(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct movement m;
	char today[11];
	clock_today(today);
	memset(&m, 0, sizeof m);
	json_t *body = req_json_object(rq, &e), *after = NULL;
	if (!body || movement_from_json(body, &m, &e) != 0 || store_begin(cx->db, &e) != 0 ||
	    launcher_authorize(cx, m.org_id, &e) != 0 ||
	    store_movement_insert(cx->db, &m, &e) != 0 ||
	    !(after = movement_reread(cx, &m, today, &e)) ||
	    api_audit(cx, rq, "create", "movement", m.id, NULL, after, &e) != 0 ||
	    store_commit(cx->db, &e) != 0) {
		json_decref(after);
		api_fail(cx, rs, &e);
	} else {
		resp_json(rs, 201, after);
	}
	json_decref(body);
	movement_free(&m);
}

/* Moving a movement to another org changes who is expected: only before anyone registered. */
static int org_change_allowed(struct ctx *cx, const struct movement *m, int64_t old_org,
			      struct error *e)
{
	if (m->org_id == old_org)
		return 0;
	if (m->registered > 0)
		return err_set(e, ERR_CONFLICT, "has_registrations", "org_id",
			       "%lld units have registered: the launching org stays",
			       (long long)m->registered);
	return launcher_authorize(cx, m->org_id, e);
}

void api_movements_patch(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct movement m;
	char today[11];
	clock_today(today);
	memset(&m, 0, sizeof m);
	json_t *body = req_json_object(rq, &e), *before = NULL, *after = NULL;
	if (!body || store_begin(cx->db, &e) != 0 || movement_load(cx, rq, &m, &e) != 0 ||
	    api_authorize(cx, ACT_MOVEMENT_WRITE, m.org_id, &e) != 0)
		goto fail;
	int64_t old_org = m.org_id;
	before = movement_json(&m, today);
	if (movement_patch_from_json(body, &m, today, &e) != 0 ||
	    org_change_allowed(cx, &m, old_org, &e) != 0 ||
	    store_movement_update(cx->db, &m, &e) != 0 ||
	    !(after = movement_reread(cx, &m, today, &e)) ||
	    api_audit(cx, rq, "update", "movement", m.id, before, after, &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	resp_json(rs, 200, after);
	after = NULL;
	goto done;
fail:
	api_fail(cx, rs, &e);
done:
	json_decref(body);
	json_decref(before);
	json_decref(after);
	movement_free(&m);
}

void api_movements_delete(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct movement m;
	char today[11];
	clock_today(today);
	memset(&m, 0, sizeof m);
	json_t *before = NULL;
	if (store_begin(cx->db, &e) != 0 || movement_load(cx, rq, &m, &e) != 0 ||
	    api_authorize(cx, ACT_MOVEMENT_WRITE, m.org_id, &e) != 0)
		goto fail;
	if (m.registered > 0) {
		err_set(&e, ERR_CONFLICT, "has_registrations", NULL,
			"%lld units have registered: a movement they joined stays on record",
			(long long)m.registered);
		goto fail;
	}
	before = movement_json(&m, today);
	if (store_movement_delete(cx->db, m.id, &e) != 0 ||
	    api_audit(cx, rq, "delete", "movement", m.id, before, NULL, &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	resp_empty(rs, 204);
	goto done;
fail:
	api_fail(cx, rs, &e);
done:
	json_decref(before);
	movement_free(&m);
}

/* ---- registrations ---- */

/*
** Who registered (in Vietnamese order), which expected units have not,
** and the two counts: `registered` counts the expected units that did.
*/
static json_t *registrations_json(const struct movement_entry *regs, size_t n_regs,
				  const struct movement_unit *units, size_t n_units)
{
	json_t *items = json_array(), *missing = json_array();
	size_t done = 0;
	for (size_t i = 0; i < n_regs; i++)
		json_array_append_new(items, registration_json(&regs[i].r, regs[i].name));
	for (size_t u = 0; u < n_units; u++) {
		size_t i = 0;
		while (i < n_regs && regs[i].r.org_id != units[u].org_id)
			i++;
		if (i < n_regs)
			done++;
		else
			json_array_append_new(missing,
					      json_pack("{s:I, s:s}", "org_id",
							(json_int_t)units[u].org_id, "name",
							units[u].name));
	}
	return json_pack("{s:o, s:o, s:I, s:I}", "items", items, "not_registered", missing,
			 "expected", (json_int_t)n_units, "registered", (json_int_t)done);
}

void api_movement_registrations_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct movement m;
	struct movement_entry *regs = NULL;
	struct movement_unit *units = NULL;
	size_t n_regs = 0, n_units = 0;
	memset(&m, 0, sizeof m);
	if (store_begin_read(cx->db, &e) != 0 || movement_load(cx, rq, &m, &e) != 0 ||
	    store_registration_list(cx->db, m.id, &regs, &n_regs, &e) != 0 ||
	    store_movement_expected(cx->db, &m, &units, &n_units, &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		api_fail(cx, rs, &e);
	else
		resp_json(rs, 200, registrations_json(regs, n_regs, units, n_units));
	free(regs);
	free(units);
	movement_free(&m);
}

static int registration_from_json(struct ctx *cx, json_t *body, struct registration *r,
				  struct error *e)
{
	if (fields_known(body, registration_fields, e) != 0 ||
	    field_id(body, "org_id", &r->org_id, OPTIONAL, e) != 0 ||
	    field_line(body, "commitment", r->commitment, sizeof r->commitment,
		       MOVEMENT_COMMITMENT_CHARS, OPTIONAL, e) != 0)
		return -1;
	/* a unit officer registers its own unit without naming it */
	if (!r->org_id)
		r->org_id = cx->who.org_id;
	if (!r->org_id)
		return err_set(e, ERR_INVALID, "required", "org_id",
			       "org_id is required: your account belongs to no organization");
	return 0;
}

/*
** The registering org must exist and be reached by the caller, the
** movement must not have ended, and the org must be one it expects.
*/
static int registrant_check(struct ctx *cx, const struct movement *m, int64_t org_id,
			    const char *today, struct error *e)
{
	int expected = 0;
	if (api_require_org(cx, org_id, "org_id", -1, e) != 0 ||
	    api_authorize(cx, ACT_MOVEMENT_REGISTER, org_id, e) != 0 ||
	    movement_open_on(m, today, e) != 0 ||
	    store_movement_expects(cx->db, m, org_id, &expected, e) != 0)
		return -1;
	if (!expected)
		return err_set(e, ERR_INVALID, "not_expected", "org_id",
			       "only the units beneath %s register for this movement",
			       m->org_name);
	return 0;
}

static void registration_key(char *key, size_t n, int64_t movement_id, int64_t org_id)
{
	snprintf(key, n, "%lld/%lld", (long long)movement_id, (long long)org_id);
}

void api_movement_registrations_create(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct movement m;
	struct registration r;
	struct org o;
	char today[11], key[48];
	clock_today(today);
	memset(&m, 0, sizeof m);
	memset(&r, 0, sizeof r);
	json_t *body = req_json_object(rq, &e), *after = NULL;
	if (!body || registration_from_json(cx, body, &r, &e) != 0 ||
	    store_begin(cx->db, &e) != 0 || movement_load(cx, rq, &m, &e) != 0 ||
	    registrant_check(cx, &m, r.org_id, today, &e) != 0)
		goto fail;
	r.movement_id = m.id;
	registration_key(key, sizeof key, m.id, r.org_id);
	if (store_registration_insert(cx->db, &r, &e) != 0 ||
	    store_org_get(cx->db, r.org_id, &o, &e) != 0 ||
	    api_audit_as(cx, rq, "create", "movement_registration", key, NULL,
			 after = registration_json(&r, o.name), &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	resp_json(rs, 201, after);
	after = NULL;
	goto done;
fail:
	api_fail(cx, rs, &e);
done:
	json_decref(body);
	json_decref(after);
	movement_free(&m);
}

void api_movement_registrations_delete(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct movement m;
	struct registration r;
	struct org o;
	char today[11], key[48];
	clock_today(today);
	memset(&m, 0, sizeof m);
	json_t *before = NULL;
	int64_t org_id = rq->params[1];
	if (store_begin(cx->db, &e) != 0 || movement_load(cx, rq, &m, &e) != 0 ||
	    store_org_get(cx->db, org_id, &o, &e) != 0 ||
	    api_authorize(cx, ACT_MOVEMENT_REGISTER, org_id, &e) != 0 ||
	    movement_open_on(&m, today, &e) != 0 ||
	    store_registration_get(cx->db, m.id, org_id, &r, &e) != 0)
		goto fail;
	registration_key(key, sizeof key, m.id, org_id);
	before = registration_json(&r, o.name);
	if (store_registration_delete(cx->db, m.id, org_id, &e) != 0 ||
	    api_audit_as(cx, rq, "delete", "movement_registration", key, before, NULL, &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	resp_empty(rs, 204);
	goto done;
fail:
	api_fail(cx, rs, &e);
done:
	json_decref(before);
	movement_free(&m);
}
