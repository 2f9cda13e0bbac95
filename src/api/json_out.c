/* Encoding domain records as API JSON. */
#include "api/json_out.h"

#include "domain/authz.h"

json_t *str_or_null(const char *s)
{
	return (s && *s) ? json_string(s) : json_null();
}

json_t *id_or_null(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
}

json_t *ids_json(const int64_t *ids, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		if (ids[i] > 0)
			json_array_append_new(a, json_integer(ids[i]));
	return a;
}

json_t *org_json(const struct org *o)
{
	return json_pack("{s:I, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o}",
			 "id", (json_int_t)o->id,
			 "name", json_string(o->name),
			 "short_name", str_or_null(o->short_name),
			 "kind", org_kind_name(o->kind),
			 "parent_id", id_or_null(o->parent_id),
			 "province", str_or_null(o->province),
			 "active_from", str_or_null(o->active_from),
			 "active_until", str_or_null(o->active_until),
			 "successor_id", id_or_null(o->successor_id));
}

json_t *person_json(const struct person *p)
{
	return json_pack("{s:I, s:o, s:s, s:o, s:I, s:o, s:b, s:o}",
			 "id", (json_int_t)p->id,
			 "full_name", json_string(p->full_name),
			 "gender", gender_name(p->gender),
			 "birth_year", p->birth_year ? json_integer(p->birth_year) : json_null(),
			 "org_id", (json_int_t)p->org_id,
			 "position", str_or_null(p->position),
			 "party_member", p->party_member,
			 "party_admission_date", str_or_null(p->party_admission_date));
}

json_t *user_json(const struct user *u)
{
	json_t *roles = json_array();
	for (int i = 0; i < ROLE_COUNT; i++)
		if (u->roles & role_at(i))
			json_array_append_new(roles, json_string(role_name(role_at(i))));
	return json_pack("{s:I, s:s, s:o, s:o, s:b}",
			 "id", (json_int_t)u->id,
			 "username", u->username,
			 "roles", roles,
			 "org_id", id_or_null(u->org_id),
			 "disabled", u->disabled);
}

json_t *cluster_json(const struct cluster *c)
{
	return json_pack("{s:I, s:o, s:I, s:o}",
			 "id", (json_int_t)c->id,
			 "name", json_string(c->name),
			 "authority_id", (json_int_t)c->authority_id,
			 "rotation", ids_json(c->rotation, c->n_rotation));
}

json_t *tie_rule_json(const struct tie_rule *t)
{
	json_t *a = json_array();
	for (size_t i = 0; i < t->n; i++)
		json_array_append_new(a, json_string(tie_key_name(t->keys[i])));
	return a;
}

json_t *cluster_year_json(const struct cluster_year *y)
{
	return json_pack("{s:I, s:i, s:o, s:I, s:o, s:s, s:s, s:o, s:i, s:o, s:o}",
			 "cluster_id", (json_int_t)y->cluster_id,
			 "year", y->year,
			 "members", ids_json(y->members, y->n_members),
			 "leader_id", (json_int_t)y->leader_id,
			 "deputy_ids", ids_json(y->deputy_ids, y->n_deputies),
			 "status", year_status_name(y->status),
			 "final_rule", final_rule_name(y->final_rule),
			 "tie_break", tie_rule_json(&y->tie_rule),
			 "criteria_version", y->criteria_version,
			 "deadline", str_or_null(y->deadline),
			 "published_at", str_or_null(y->published_at));
}

static json_t *targets_json(const struct agreement *a)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < a->n_targets; i++) {
		const struct agreement_target *t = &a->targets[i];
		json_array_append_new(arr, json_pack("{s:s, s:s, s:o, s:o}", "code", t->code,
						     "name", t->name, "value",
						     t->has_value ? json_real(t->value) : json_null(),
						     "unit", str_or_null(t->unit)));
	}
	return arr;
}

/* The text and targets: what members sign, and what a change compares. */
json_t *agreement_content_json(const struct agreement *a)
{
	return json_pack("{s:o, s:o}", "text", a->text ? json_string(a->text) : json_null(),
			 "targets", targets_json(a));
}
