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

json_t *proposal_json(const struct proposal *p)
{
	json_t *result = p->ballot_result ? json_loads(p->ballot_result, 0, NULL) : NULL;
	return json_pack("{sI ss sI so so sI sI so sI so so so ss ss so so ss ss}", "id",
			 (json_int_t)p->id, "award_type", p->award_type, "rule_set_id",
			 (json_int_t)p->rule_set_id, "nominee_person_id",
			 id_or_null(p->nominee_person_id), "nominee_org_id",
			 id_or_null(p->nominee_org_id), "proposer_org_id",
			 (json_int_t)p->proposer_org_id, "authority_id", (json_int_t)p->authority_id,
			 "cluster_id", id_or_null(p->cluster_id), "year", (json_int_t)p->year,
			 "ballot_id", id_or_null(p->ballot_id), "ballot_result",
			 result ? result : json_null(), "council_ballot_id",
			 id_or_null(p->council_ballot_id), "grounds", p->grounds ? p->grounds : "",
			 "status", proposal_status_name(p->status), "review_note",
			 str_or_null(p->review_note ? p->review_note : ""), "decision_id",
			 id_or_null(p->decision_id), "created_at", p->created_at, "updated_at",
			 p->updated_at);
}

json_t *decision_json(const struct decision *d)
{
	return json_pack("{sI sI ss ss ss ss}", "id", (json_int_t)d->id, "authority_id",
			 (json_int_t)d->authority_id, "number", d->number, "date", d->date,
			 "signer", d->signer, "created_at", d->created_at);
}

json_t *award_json(const struct award *a)
{
	return json_pack("{sI ss so so sI so so so so so ss}", "id", (json_int_t)a->id,
			 "award_type", a->award_type, "person_id", id_or_null(a->person_id),
			 "org_id", id_or_null(a->org_id), "year", (json_int_t)a->year,
			 "decision_id", id_or_null(a->decision_id), "decision_ref",
			 str_or_null(a->decision_ref), "proposal_id", id_or_null(a->proposal_id),
			 "authority_id", id_or_null(a->authority_id), "cluster_id",
			 id_or_null(a->cluster_id), "created_at", a->created_at);
}

json_t *movement_json(const struct movement *m, const char *today)
{
	return json_pack("{sI sI ss ss so ss ss ss sI ss ss}", "id", (json_int_t)m->id,
			 "org_id", (json_int_t)m->org_id, "org_name", m->org_name, "name", m->name,
			 "goals", str_or_null(m->goals), "starts_on", m->starts_on, "ends_on",
			 m->ends_on, "status", movement_status_name(movement_status_on(m, today)),
			 "registered", (json_int_t)m->registered, "created_at", m->created_at,
			 "updated_at", m->updated_at);
}

json_t *registration_json(const struct registration *r, const char *name)
{
	return json_pack("{sI sI ss so ss}", "movement_id", (json_int_t)r->movement_id, "org_id",
			 (json_int_t)r->org_id, "name", name, "commitment",
			 str_or_null(r->commitment), "registered_at", r->registered_at);
}
