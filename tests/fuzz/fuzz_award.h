/*
** The shapes of the award answers, as a client reads them: an eligibility
** (GET /eligibility, and the one a proposal carries) and a proposal.
** Shared by fuzz_rules (the engine's answers built from any rule set) and
** fuzz_api (the answers the handlers give).
*/
#ifndef THIDUA_FUZZ_AWARD_H
#define THIDUA_FUZZ_AWARD_H

#include <jansson.h>
#include <stddef.h>
#include <string.h>

#include "domain/eligibility.h"
#include "fuzz_util.h"

static const char *const fz_condition_kinds[] = {
	"holds", "count", "held_before", "rating", "initiative", "not_frozen",
	"members_share", "member_holds", "members_clean", "cluster_vote", "any_of", NULL};
static const char *const fz_proposal_statuses[] = {
	"draft", "submitted", "under_review", "approved", "returned", "rejected", NULL};
static const char *const fz_levels[] = {"grassroots", "ministry_province", "national", "state",
					NULL};
static const char *const fz_ratings[] = {"not_completed", "completed", "good", "excellent",
					 NULL};
static const char *const fz_hold_kinds[] = {"discipline", "inspection", "complaint", NULL};

/* Is v a string among names? */
static inline int fz_one_of(json_t *v, const char *const *names)
{
	const char *s = json_string_value(v);
	for (size_t i = 0; s && names[i]; i++)
		if (strcmp(s, names[i]) == 0)
			return 1;
	return 0;
}

/* met as the engine's tri: null unknown, false no, true yes; -2 for anything else. */
static inline int fz_tri(json_t *met)
{
	if (json_is_null(met))
		return TRI_UNKNOWN;
	if (json_is_boolean(met))
		return json_is_true(met) ? TRI_YES : TRI_NO;
	return -2;
}

/* The best of an any_of's options: met if one is, unknown if one may be. */
static inline int fz_best(int best, int option)
{
	if (option == TRI_YES || best == TRI_YES)
		return TRI_YES;
	if (option == TRI_UNKNOWN || best == TRI_UNKNOWN)
		return TRI_UNKNOWN;
	return TRI_NO;
}

/*
** An eligibility answer: every condition with its code, kind, text, basis,
** met (true, false or null) and detail with its detail_code and
** detail_params (left out where the caller may not read the nominee's
** records: eligibility_redact); the options of an any_of right after it,
** each naming it in option_of, the any_of met as the best of
** them; eligible when no condition (but an option) is unmet, unknown
** counting the ones not judged, complete when there are none.
*/
static inline void check_eligibility_json(json_t *j, const char *where)
{
	FUZZ_CHECK(json_is_object(j), "%s: eligibility is not an object", where);
	json_t *eligible = json_object_get(j, "eligible"), *complete = json_object_get(j, "complete");
	json_t *unknown = json_object_get(j, "unknown"), *conds = json_object_get(j, "conditions");
	FUZZ_CHECK(json_is_boolean(eligible) && json_is_boolean(complete) &&
			   json_is_integer(unknown) && json_is_array(conds),
		   "%s: eligibility without eligible, complete, unknown or conditions", where);
	FUZZ_CHECK(json_is_string(json_object_get(json_object_get(j, "rule_set"), "code")) &&
			   json_is_string(json_object_get(json_object_get(j, "award_type"), "code")) &&
			   json_is_integer(json_object_get(j, "year")) &&
			   json_is_string(json_object_get(j, "date")),
		   "%s: eligibility without its rule set, award type, year or date", where);
	size_t n = json_array_size(conds);
	FUZZ_CHECK(n <= ELIGIBILITY_RESULTS_MAX, "%s: %zu conditions", where, n);
	int unmet = 0;
	json_int_t unknowns = 0;
	/* the any_of whose options are being read: its index, met and best option */
	long open = -1;
	int open_met = 0, best = TRI_NO;
	size_t options = 0;
	for (size_t i = 0; i <= n; i++) {
		json_t *c = i < n ? json_array_get(conds, i) : NULL;
		json_t *option_of = c ? json_object_get(c, "option_of") : NULL;
		if (c) {
			json_t *detail = json_object_get(c, "detail");
			FUZZ_CHECK(json_is_string(json_object_get(c, "code")) &&
					   json_is_string(json_object_get(c, "text")) &&
					   json_is_string(json_object_get(c, "basis")) &&
					   (!detail || json_is_string(detail)),
				   "%s: condition %zu without code, text or basis", where, i);
			FUZZ_CHECK(!detail == !json_object_get(c, "detail_code") &&
					   (!detail ||
					    (json_is_string(json_object_get(c, "detail_code")) &&
					     json_is_object(json_object_get(c, "detail_params")))),
				   "%s: condition %zu: its detail without its code and figures",
				   where, i);
			FUZZ_CHECK(fz_one_of(json_object_get(c, "kind"), fz_condition_kinds),
				   "%s: condition %zu of kind %s", where, i,
				   json_string_value(json_object_get(c, "kind")));
			FUZZ_CHECK(fz_tri(json_object_get(c, "met")) != -2,
				   "%s: condition %zu met is not true, false or null", where, i);
			json_t *init = json_object_get(c, "initiative_id");
			FUZZ_CHECK(!init || (json_integer_value(init) > 0 &&
					     fz_tri(json_object_get(c, "met")) == TRI_YES &&
					     strcmp(json_string_value(json_object_get(c, "kind")),
						    "initiative") == 0),
				   "%s: condition %zu names an initiative it did not use", where, i);
		}
		if (option_of) {
			FUZZ_CHECK(open >= 0, "%s: condition %zu is an option of nothing", where, i);
			FUZZ_CHECK(json_is_string(option_of) &&
					   strcmp(json_string_value(option_of),
						  json_string_value(json_object_get(
							  json_array_get(conds, (size_t)open), "code"))) == 0,
				   "%s: condition %zu is an option of %s, not of the any_of before it",
				   where, i, json_string_value(option_of));
			FUZZ_CHECK(strcmp(json_string_value(json_object_get(c, "kind")), "any_of") != 0,
				   "%s: condition %zu: an option that is an any_of", where, i);
			best = fz_best(best, fz_tri(json_object_get(c, "met")));
			options++;
			continue;
		}
		if (open >= 0) { /* the any_of's options are over */
			FUZZ_CHECK(options >= 2, "%s: the any_of at %ld has %zu options", where, open,
				   options);
			FUZZ_CHECK(open_met == best, "%s: the any_of at %ld met %d, its best option %d",
				   where, open, open_met, best);
			open = -1;
		}
		if (!c)
			break;
		int met = fz_tri(json_object_get(c, "met"));
		unmet |= met == TRI_NO;
		unknowns += met == TRI_UNKNOWN;
		if (strcmp(json_string_value(json_object_get(c, "kind")), "any_of") == 0) {
			open = (long)i;
			open_met = met;
			best = TRI_NO;
			options = 0;
		}
	}
	FUZZ_CHECK(json_is_true(eligible) == !unmet, "%s: eligible %d with a condition unmet %d",
		   where, json_is_true(eligible), unmet);
	FUZZ_CHECK(json_integer_value(unknown) == unknowns, "%s: unknown %lld, counted %lld", where,
		   (long long)json_integer_value(unknown), (long long)unknowns);
	FUZZ_CHECK(json_is_true(complete) == (unknowns == 0), "%s: complete with %lld unknown",
		   where, (long long)unknowns);
}

/* An id: a positive integer. */
static inline int fz_id(json_t *v)
{
	return json_is_integer(v) && json_integer_value(v) > 0;
}

/*
** A proposal: its id, award type and year, one of the six statuses,
** exactly one nominee, a decision only once approved, and (when it
** carries one) its eligibility.
*/
static inline void check_proposal_json(json_t *j, const char *where)
{
	FUZZ_CHECK(json_is_object(j) && fz_id(json_object_get(j, "id")) &&
			   json_is_string(json_object_get(j, "award_type")) &&
			   json_is_integer(json_object_get(j, "year")) &&
			   fz_id(json_object_get(j, "rule_set_id")) &&
			   fz_id(json_object_get(j, "authority_id")) &&
			   fz_id(json_object_get(j, "proposer_org_id")),
		   "%s: a proposal without id, award type, year, rule set or parties", where);
	json_t *status = json_object_get(j, "status");
	FUZZ_CHECK(fz_one_of(status, fz_proposal_statuses), "%s: proposal status %s", where,
		   json_is_string(status) ? json_string_value(status) : "(not a string)");
	json_t *person = json_object_get(j, "nominee_person_id"), *org = json_object_get(j, "nominee_org_id");
	FUZZ_CHECK((fz_id(person) && json_is_null(org)) || (json_is_null(person) && fz_id(org)),
		   "%s: a proposal without exactly one nominee", where);
	json_t *decision = json_object_get(j, "decision_id");
	FUZZ_CHECK(json_is_null(decision) ||
			   (fz_id(decision) && strcmp(json_string_value(status), "approved") == 0),
		   "%s: a %s proposal with a decision", where, json_string_value(status));
	json_t *el = json_object_get(j, "eligibility");
	if (el && !json_is_null(el))
		check_eligibility_json(el, where);
}

#endif
