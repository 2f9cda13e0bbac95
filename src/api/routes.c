/*
** Every route of the JSON API with the action the authorization policy
** checks for it. A route with ACT_PUBLIC needs no login; all others need
** one, and the caller's roles must grant the action before the handler
** runs (the handler then checks the organization of the target).
*/
#include "api/api.h"

const struct route api_routes[] = {
	{"GET", "/health", api_health, ACT_PUBLIC},
	{"GET", "/api/v1/health", api_health, ACT_PUBLIC},

	{"POST", "/api/v1/session", api_session_create, ACT_PUBLIC},
	{"GET", "/api/v1/session", api_session_get, ACT_SELF},
	{"DELETE", "/api/v1/session", api_session_delete, ACT_SELF},

	{"GET", "/api/v1/users", api_users_list, ACT_USER_ADMIN},
	{"POST", "/api/v1/users", api_users_create, ACT_USER_ADMIN},
	{"GET", "/api/v1/users/{id}", api_users_get, ACT_USER_ADMIN},
	{"PATCH", "/api/v1/users/{id}", api_users_patch, ACT_USER_ADMIN},

	{"GET", "/api/v1/orgs", api_orgs_list, ACT_ORG_READ},
	{"POST", "/api/v1/orgs", api_orgs_create, ACT_ORG_WRITE},
	{"GET", "/api/v1/orgs/{id}", api_orgs_get, ACT_ORG_READ},
	{"PATCH", "/api/v1/orgs/{id}", api_orgs_patch, ACT_ORG_WRITE},
	{"DELETE", "/api/v1/orgs/{id}", api_orgs_delete, ACT_ORG_WRITE},

	{"GET", "/api/v1/people", api_people_list, ACT_PERSON_READ},
	{"POST", "/api/v1/people", api_people_create, ACT_PERSON_WRITE},
	{"GET", "/api/v1/people/{id}", api_people_get, ACT_PERSON_READ},
	{"PATCH", "/api/v1/people/{id}", api_people_patch, ACT_PERSON_WRITE},
	{"DELETE", "/api/v1/people/{id}", api_people_delete, ACT_PERSON_WRITE},

	{"GET", "/api/v1/clusters", api_clusters_list, ACT_CLUSTER_READ},
	{"POST", "/api/v1/clusters", api_clusters_create, ACT_CLUSTER_WRITE},
	{"GET", "/api/v1/clusters/{id}", api_clusters_get, ACT_CLUSTER_READ},
	{"PATCH", "/api/v1/clusters/{id}", api_clusters_patch, ACT_CLUSTER_WRITE},
	{"GET", "/api/v1/clusters/{id}/years/{year}", api_cluster_year_get, ACT_CLUSTER_READ},
	{"PUT", "/api/v1/clusters/{id}/years/{year}", api_cluster_year_put, ACT_CLUSTER_WRITE},

	{"POST", "/api/v1/clusters/{id}/years/{year}/status", api_year_status, ACT_YEAR_WORK},
	{"PUT", "/api/v1/clusters/{id}/years/{year}/deadline", api_year_deadline, ACT_YEAR_WORK},
	{"GET", "/api/v1/clusters/{id}/years/{year}/agreement", api_agreement_get, ACT_CLUSTER_READ},
	{"PUT", "/api/v1/clusters/{id}/years/{year}/agreement", api_agreement_put, ACT_YEAR_WORK},
	{"POST", "/api/v1/clusters/{id}/years/{year}/agreement/signatures", api_agreement_sign, ACT_YEAR_WORK},
	{"GET", "/api/v1/clusters/{id}/years/{year}/criteria", api_criteria_get, ACT_CLUSTER_READ},
	{"PUT", "/api/v1/clusters/{id}/years/{year}/criteria", api_criteria_put, ACT_YEAR_WORK},
	{"POST", "/api/v1/clusters/{id}/years/{year}/criteria/copy", api_criteria_copy, ACT_YEAR_WORK},
	{"GET", "/api/v1/clusters/{id}/years/{year}/scores", api_scores_get, ACT_CLUSTER_READ},
	{"POST", "/api/v1/clusters/{id}/years/{year}/scores", api_scores_post, ACT_YEAR_WORK},
	{"POST", "/api/v1/clusters/{id}/years/{year}/scores/adjustments", api_scores_adjust, ACT_YEAR_WORK},
	{"GET", "/api/v1/clusters/{id}/years/{year}/ranking", api_ranking_get, ACT_CLUSTER_READ},
	{"POST", "/api/v1/clusters/{id}/years/{year}/ranking/publish", api_ranking_publish, ACT_YEAR_WORK},
	{"GET", "/api/v1/clusters/{id}/years/{year}/handover", api_handover_get, ACT_CLUSTER_READ},
	{"POST", "/api/v1/clusters/{id}/years/{year}/handover", api_handover_post, ACT_YEAR_WORK},

	{"GET", "/api/v1/ballots", api_ballots_list, ACT_BALLOT_READ},
	{"POST", "/api/v1/ballots", api_ballots_create, ACT_BALLOT_MANAGE},
	{"GET", "/api/v1/ballots/{id}", api_ballots_get, ACT_BALLOT_READ},
	{"DELETE", "/api/v1/ballots/{id}", api_ballots_delete, ACT_BALLOT_MANAGE},
	{"POST", "/api/v1/ballots/{id}/open", api_ballots_open, ACT_BALLOT_MANAGE},
	{"POST", "/api/v1/ballots/{id}/close", api_ballots_close, ACT_BALLOT_MANAGE},
	{"POST", "/api/v1/ballots/{id}/votes", api_ballot_vote, ACT_BALLOT_VOTE},
	{"POST", "/api/v1/ballots/{id}/paper", api_ballot_paper, ACT_BALLOT_MANAGE},
	{"POST", "/api/v1/ballots/{id}/casting-vote", api_ballot_casting_vote, ACT_BALLOT_MANAGE},
	{"GET", "/api/v1/ballots/{id}/result", api_ballot_result, ACT_BALLOT_READ},
	{"GET", "/api/v1/ballots/{id}/receipts/{~receipt}", api_ballot_receipt, ACT_PUBLIC},

	{"GET", "/api/v1/audit", api_audit_list, ACT_AUDIT_READ},
};

const size_t api_route_count = sizeof api_routes / sizeof api_routes[0];

/* The segment before each "{~code}" above: the access log blanks what follows it. */
const char *const api_log_secret_after[] = {"receipts", NULL};
