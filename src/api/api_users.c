/*
** /api/v1/users: accounts, managed by admins. Answers never carry a
** password hash or token. Disabling an account or changing its password
** ends its sessions.
*/
#include "api/api.h"
#include "api/fields.h"
#include "api/json_out.h"

#include <stdlib.h>
#include <string.h>

static const char *const user_fields[] = {"username", "password", "roles", "org_id",
					  "disabled", "id", NULL};

static int field_roles(json_t *body, unsigned *roles, int required, struct error *e)
{
	json_t *v = json_object_get(body, "roles");
	if (!v)
		return required ? err_set(e, ERR_INVALID, "required", "roles",
					  "roles is required")
				: 0;
	if (!json_is_array(v))
		return err_set(e, ERR_INVALID, "wrong_type", "roles",
			       "roles must be an array of role names");
	unsigned r = 0;
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item) {
		unsigned bit = json_is_string(item) ? role_from_name(json_string_value(item)) : 0;
		if (!bit)
			return err_set(e, ERR_INVALID, "unknown_role", "roles",
				       "roles must be among admin, authority_officer, "
				       "council_member, leader_officer, unit_officer, delegate, viewer");
		r |= bit;
	}
	*roles = r;
	return 0;
}

static int hash_new_password(struct ctx *cx, const char *password, char *hash,
			     struct error *e)
{
	if (auth_password_acceptable(password, e) != 0)
		return -1;
	if (app_hash_slot_take(cx->app, e) != 0)
		return -1;
	int rc = auth_hash_password(password, hash);
	app_hash_slot_give(cx->app);
	if (rc != 0)
		return err_set(e, ERR_UNAVAILABLE, "out_of_memory", NULL,
			       "cannot hash the password now; try again");
	return 0;
}

void api_users_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct user_filter f;
	memset(&f, 0, sizeof f);
	const char *role = req_query(rq, "role");
	if (role && !(f.role = role_from_name(role))) {
		resp_errorf(rs, ERR_BAD_REQUEST, "invalid_query", "role", "unknown role");
		return;
	}
	if (api_page(rq, &f.page, &e) != 0 ||
	    req_query_int(rq, "org_id", 1, INT64_MAX / 2, 0, &f.org_id, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	struct user *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (store_user_list(cx->db, &f, &items, &n, &total, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, user_json(&items[i]));
	free(items);
	resp_json(rs, 200, api_list(arr, total, &f.page));
}

void api_users_get(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct user u;
	if (store_user_get(cx->db, rq->params[0], &u, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	resp_json(rs, 200, user_json(&u));
}

void api_users_create(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct user u;
	memset(&u, 0, sizeof u);
	char password[PASSWORD_MAX_BYTES + 1] = "", hash[AUTH_PWHASH_CHARS];
	json_t *body = req_json_object(rq, &e), *after = NULL;
	if (!body || fields_known(body, user_fields, &e) != 0 ||
	    field_secret(body, "username", u.username, sizeof u.username, REQUIRED, &e) != 0 ||
	    field_secret(body, "password", password, sizeof password, REQUIRED, &e) != 0 ||
	    field_roles(body, &u.roles, REQUIRED, &e) != 0 ||
	    field_id(body, "org_id", &u.org_id, OPTIONAL, &e) != 0 ||
	    field_bool(body, "disabled", &u.disabled, OPTIONAL, &e) != 0 ||
	    user_validate(&u, &e) != 0 || hash_new_password(cx, password, hash, &e) != 0) {
		json_decref(body);
		resp_error(rs, &e);
		return;
	}
	json_decref(body);
	if (store_begin(cx->db, &e) != 0 ||
	    (u.org_id && api_require_org(cx, u.org_id, "org_id", -1, &e) != 0) ||
	    store_user_insert(cx->db, &u, hash, &e) != 0 ||
	    api_audit(cx, rq, "create", "user", u.id, NULL, after = user_json(&u), &e) != 0 ||
	    store_commit(cx->db, &e) != 0) {
		json_decref(after);
		api_fail(cx, rs, &e);
		return;
	}
	resp_json(rs, 201, after);
}

/* An admin may not lock itself out. */
static int check_self_change(struct ctx *cx, const struct user *u, struct error *e)
{
	if (u->id != cx->who.user_id)
		return 0;
	if (u->disabled || !(u->roles & ROLE_ADMIN))
		return err_set(e, ERR_CONFLICT, "self_lockout", NULL,
			       "you cannot disable your own account or drop your own admin role");
	return 0;
}

void api_users_patch(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct user u;
	char password[PASSWORD_MAX_BYTES + 1] = "", hash[AUTH_PWHASH_CHARS] = "";
	json_t *body = req_json_object(rq, &e), *before = NULL, *after = NULL;
	if (!body || fields_known(body, user_fields, &e) != 0 ||
	    store_user_get(cx->db, rq->params[0], &u, &e) != 0)
		goto fail;
	before = user_json(&u);
	char username[sizeof u.username];
	memcpy(username, u.username, sizeof username);
	int was_disabled = u.disabled;
	if (field_secret(body, "username", u.username, sizeof u.username, OPTIONAL, &e) != 0 ||
	    field_secret(body, "password", password, sizeof password, OPTIONAL, &e) != 0 ||
	    field_roles(body, &u.roles, OPTIONAL, &e) != 0 ||
	    field_id(body, "org_id", &u.org_id, OPTIONAL, &e) != 0 ||
	    field_bool(body, "disabled", &u.disabled, OPTIONAL, &e) != 0 ||
	    user_validate(&u, &e) != 0 || check_self_change(cx, &u, &e) != 0)
		goto fail;
	if (strcmp(username, u.username) != 0) {
		err_set(&e, ERR_INVALID, "read_only", "username", "username cannot be changed");
		goto fail;
	}
	if (password[0] && hash_new_password(cx, password, hash, &e) != 0)
		goto fail;
	int end_sessions = hash[0] || (u.disabled && !was_disabled);
	if (store_begin(cx->db, &e) != 0 ||
	    (u.org_id && api_require_org(cx, u.org_id, "org_id", -1, &e) != 0) ||
	    store_user_update(cx->db, &u, &e) != 0 ||
	    (hash[0] && store_user_set_password(cx->db, u.id, hash, &e) != 0) ||
	    (end_sessions && store_sessions_delete_user(cx->db, u.id, &e) != 0) ||
	    (hash[0] && store_tokens_revoke_user(cx->db, u.id, &e) != 0) ||
	    api_audit(cx, rq, hash[0] ? "update_password" : "update", "user", u.id, before,
		      after = user_json(&u), &e) != 0 ||
	    store_commit(cx->db, &e) != 0)
		goto fail;
	json_decref(body);
	json_decref(before);
	resp_json(rs, 200, after);
	return;
fail:
	json_decref(body);
	json_decref(before);
	json_decref(after);
	api_fail(cx, rs, &e);
}
