/*
** JSON request bodies: the bytes go through req_json_object exactly as
** the server hands them over, then through the same field readers and
** validation chains the handlers use for orgs, people, clusters, cluster
** years, users and logins (api/fields.h and the domain headers).
**
** Invariants: bad input is refused with 400 (malformed) or 422 (invalid),
** never anything else, and the error encodes as such; what is accepted encodes back to JSON
** (api/json_out.h), and reading that JSON again yields the same record.
**
** The readers are the handlers' own (api/parse.h); only the user and login
** chains, written inline in their handlers, are mirrored here.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/fields.h"
#include "api/json_out.h"
#include "api/parse.h"
#include "domain/auth.h"
#include "domain/authz.h"
#include "domain/cluster.h"
#include "domain/org.h"
#include "domain/person.h"
#include "domain/user.h"
#include "http/request.h"
#include "fuzz_mhd.h"
#include "fuzz_answer.h"
#include "fuzz_util.h"

#define CURRENT_YEAR 2026 /* the cluster year the readers are given */

/* ---- orgs (api_orgs.c) ---- */

static int org_equal(const struct org *a, const struct org *b)
{
	return strcmp(a->name, b->name) == 0 && strcmp(a->short_name, b->short_name) == 0 &&
	       a->kind == b->kind && a->parent_id == b->parent_id &&
	       strcmp(a->province, b->province) == 0 &&
	       strcmp(a->active_from, b->active_from) == 0 &&
	       strcmp(a->active_until, b->active_until) == 0 && a->successor_id == b->successor_id;
}

static void check_org(json_t *body)
{
	for (int creating = 0; creating <= 1; creating++) {
		struct org *o = calloc(1, sizeof *o), *back = calloc(1, sizeof *back);
		struct error e;
		err_clear(&e);
		if (!o || !back)
			abort();
		if (!creating) { /* a PATCH applies onto an existing record */
			snprintf(o->name, sizeof o->name, "Sở Nội vụ");
			o->id = 5;
		}
		if (org_from_json(body, o, creating, &e) != 0) {
			check_refusal(&e);
		} else {
			json_t *j = org_json(o);
			FUZZ_CHECK(j != NULL, "accepted org does not encode");
			json_object_del(j, "id"); /* server-owned: not accepted on create */
			back->id = o->id;
			err_clear(&e);
			FUZZ_CHECK(org_from_json(j, back, 1, &e) == 0, "org round trip refused: %s",
				   e.message);
			FUZZ_CHECK(org_equal(o, back), "org changed in a round trip");
			json_decref(j);
		}
		free(o);
		free(back);
	}
}

/* ---- people (api_people.c) ---- */

static int person_equal(const struct person *a, const struct person *b)
{
	return strcmp(a->full_name, b->full_name) == 0 && a->gender == b->gender &&
	       a->birth_year == b->birth_year && a->org_id == b->org_id &&
	       strcmp(a->position, b->position) == 0 && a->party_member == b->party_member &&
	       strcmp(a->party_admission_date, b->party_admission_date) == 0;
}

static void check_person(json_t *body)
{
	for (int creating = 0; creating <= 1; creating++) {
		struct person *p = calloc(1, sizeof *p), *back = calloc(1, sizeof *back);
		struct error e;
		err_clear(&e);
		if (!p || !back)
			abort();
		if (!creating) {
			snprintf(p->full_name, sizeof p->full_name, "Nguyễn Văn An");
			p->org_id = 3;
			p->id = 9;
		}
		if (person_from_json(body, p, creating, &e) != 0) {
			check_refusal(&e);
		} else {
			json_t *j = person_json(p);
			FUZZ_CHECK(j != NULL, "accepted person does not encode");
			json_object_del(j, "id");
			err_clear(&e);
			FUZZ_CHECK(person_from_json(j, back, 1, &e) == 0,
				   "person round trip refused: %s", e.message);
			FUZZ_CHECK(person_equal(p, back), "person changed in a round trip");
			json_decref(j);
		}
		free(p);
		free(back);
	}
}

/* ---- clusters and their years (api_clusters.c) ---- */

static void check_cluster(json_t *body)
{
	struct cluster *c = calloc(1, sizeof *c), *back = calloc(1, sizeof *back);
	struct error e;
	err_clear(&e);
	if (!c || !back)
		abort();
	if (cluster_from_json(body, c, 1, &e) != 0) {
		check_refusal(&e);
	} else {
		json_t *j = cluster_json(c);
		FUZZ_CHECK(j != NULL, "accepted cluster does not encode");
		json_object_del(j, "id");
		err_clear(&e);
		FUZZ_CHECK(cluster_from_json(j, back, 1, &e) == 0, "cluster round trip refused");
		FUZZ_CHECK(strcmp(c->name, back->name) == 0 &&
				   c->authority_id == back->authority_id &&
				   c->n_rotation == back->n_rotation &&
				   memcmp(c->rotation, back->rotation,
					  c->n_rotation * sizeof c->rotation[0]) == 0,
			   "cluster changed in a round trip");
		json_decref(j);
	}
	free(c);
	free(back);

	struct cluster_year *y = calloc(1, sizeof *y), *yb = calloc(1, sizeof *yb);
	if (!y || !yb)
		abort();
	y->cluster_id = yb->cluster_id = 4;
	y->year = yb->year = CURRENT_YEAR;
	err_clear(&e);
	if (year_from_json(body, y, &e) != 0) {
		check_refusal(&e);
	} else {
		json_t *j = cluster_year_json(y);
		FUZZ_CHECK(j != NULL, "accepted year does not encode");
		err_clear(&e);
		FUZZ_CHECK(year_from_json(j, yb, &e) == 0, "year round trip refused");
		FUZZ_CHECK(y->n_members == yb->n_members && y->leader_id == yb->leader_id &&
				   y->n_deputies == yb->n_deputies,
			   "year changed in a round trip");
		json_decref(j);
	}
	free(y);
	free(yb);
}

/* ---- users and logins (api_users.c, api_session.c) ---- */

static const char *const user_fields[] = {"username", "password", "roles", "org_id",
					  "disabled", "id", NULL};

static void check_user(json_t *body)
{
	struct user u;
	struct error e;
	char password[PASSWORD_MAX_BYTES + 1] = "";
	memset(&u, 0, sizeof u);
	u.roles = ROLE_VIEWER; /* roles are read by a reader private to api_users.c */
	err_clear(&e);
	if (fields_known(body, user_fields, &e) != 0 ||
	    field_secret(body, "username", u.username, sizeof u.username, REQUIRED, &e) != 0 ||
	    field_secret(body, "password", password, sizeof password, REQUIRED, &e) != 0 ||
	    field_id(body, "org_id", &u.org_id, OPTIONAL, &e) != 0 ||
	    field_bool(body, "disabled", &u.disabled, OPTIONAL, &e) != 0 ||
	    user_validate(&u, &e) != 0 || auth_password_acceptable(password, &e) != 0) {
		check_refusal(&e);
		return;
	}
	json_t *j = user_json(&u);
	FUZZ_CHECK(j != NULL, "accepted user does not encode");
	char *text = json_dumps(j, JSON_COMPACT);
	FUZZ_CHECK(text != NULL, "user JSON does not dump");
	free(text);
	FUZZ_CHECK(json_object_get(j, "password") == NULL &&
			   json_object_get(j, "password_hash") == NULL,
		   "a password field in user JSON");
	json_decref(j);
}

static void check_login(json_t *body)
{
	static const char *const allowed[] = {"username", "password", NULL};
	char username[128], password[PASSWORD_MAX_BYTES + 1];
	struct error e;
	err_clear(&e);
	if (fields_known(body, allowed, &e) != 0 ||
	    field_secret(body, "username", username, sizeof username, REQUIRED, &e) != 0 ||
	    field_secret(body, "password", password, sizeof password, REQUIRED, &e) != 0) {
		check_refusal(&e);
		return;
	}
	FUZZ_CHECK(strlen(username) < sizeof username, "username overflow");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The server hands over a NUL-terminated body with its length. */
	char *body = malloc(size + 1);
	if (!body)
		abort();
	if (size)
		memcpy(body, data, size);
	body[size] = 0;
	struct fake_conn conn = {.content_type = "application/json; charset=utf-8"};
	struct request rq;
	memset(&rq, 0, sizeof rq);
	rq.method = "POST";
	rq.path = "/api/v1/orgs";
	rq.body = body;
	rq.body_len = size;
	rq.mhd = fake_mhd(&conn);
	struct error e;
	err_clear(&e);
	json_t *obj = req_json_object(&rq, &e);
	if (!obj) {
		FUZZ_CHECK(e.kind == ERR_BAD_REQUEST, "body refused with kind %d", (int)e.kind);
		check_answer(&e, 400);
		free(body);
		return 0;
	}
	FUZZ_CHECK(json_is_object(obj), "not an object");
	check_org(obj);
	check_person(obj);
	check_cluster(obj);
	check_user(obj);
	check_login(obj);
	json_decref(obj);
	free(body);
	return 0;
}
