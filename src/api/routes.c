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

	/* The law as rule sets, eligibility, proposals, decisions and award history. */
	{"GET", "/api/v1/rule-sets", api_rule_sets_list, ACT_AWARD_READ},
	{"POST", "/api/v1/rule-sets", api_rule_sets_create, ACT_RULES_WRITE},
	{"GET", "/api/v1/rule-sets/{id}", api_rule_sets_get, ACT_AWARD_READ},
	{"PUT", "/api/v1/rule-sets/{id}", api_rule_sets_put, ACT_RULES_WRITE},
	{"GET", "/api/v1/award-types", api_award_types_list, ACT_AWARD_READ},
	{"GET", "/api/v1/eligibility", api_eligibility_get, ACT_AWARD_READ},
	{"GET", "/api/v1/proposals", api_proposals_list, ACT_PROPOSAL_READ},
	{"POST", "/api/v1/proposals", api_proposals_create, ACT_PROPOSAL_WRITE},
	{"GET", "/api/v1/proposals/{id}", api_proposals_get, ACT_PROPOSAL_READ},
	{"PATCH", "/api/v1/proposals/{id}", api_proposals_patch, ACT_PROPOSAL_WRITE},
	{"DELETE", "/api/v1/proposals/{id}", api_proposals_delete, ACT_PROPOSAL_WRITE},
	{"POST", "/api/v1/proposals/{id}/submit", api_proposals_submit, ACT_PROPOSAL_WRITE},
	{"POST", "/api/v1/proposals/{id}/review", api_proposals_review, ACT_DECISION_WRITE},
	{"POST", "/api/v1/clusters/{id}/years/{year}/proposals", api_cluster_year_proposals, ACT_PROPOSAL_WRITE},
	{"POST", "/api/v1/council-ballots", api_council_ballots_create, ACT_DECISION_WRITE},
	{"GET", "/api/v1/decisions", api_decisions_list, ACT_AWARD_READ},
	{"POST", "/api/v1/decisions", api_decisions_create, ACT_DECISION_WRITE},
	{"GET", "/api/v1/decisions/{id}", api_decisions_get, ACT_AWARD_READ},
	{"GET", "/api/v1/awards", api_awards_list, ACT_AWARD_READ},
	{"POST", "/api/v1/awards", api_awards_create, ACT_DECISION_WRITE},
	{"GET", "/api/v1/awards/{id}", api_awards_get, ACT_AWARD_READ},
	{"GET", "/api/v1/people/{id}/awards", api_person_awards, ACT_PERSON_READ},
	{"GET", "/api/v1/orgs/{id}/awards", api_org_awards, ACT_AWARD_READ},

	/* Evidence: the handler decides by the subject (a person's org, an org's parent). */
	{"GET", "/api/v1/ratings", api_ratings_list, ACT_PERSON_READ},
	{"PUT", "/api/v1/ratings", api_ratings_put, ACT_PERSON_WRITE},
	{"GET", "/api/v1/initiatives", api_initiatives_list, ACT_PERSON_READ},
	{"POST", "/api/v1/initiatives", api_initiatives_create, ACT_PERSON_WRITE},
	{"GET", "/api/v1/initiatives/{id}", api_initiatives_get, ACT_PERSON_READ},
	{"GET", "/api/v1/holds", api_holds_list, ACT_PERSON_READ},
	{"POST", "/api/v1/holds", api_holds_create, ACT_PERSON_WRITE},
	{"GET", "/api/v1/holds/{id}", api_holds_get, ACT_PERSON_READ},
	{"PATCH", "/api/v1/holds/{id}", api_holds_patch, ACT_PERSON_WRITE},

	/* Movements and who registered for them (api_movements.c). */
	{"GET", "/api/v1/movements", api_movements_list, ACT_STATS_READ},
	{"POST", "/api/v1/movements", api_movements_create, ACT_MOVEMENT_WRITE},
	{"GET", "/api/v1/movements/{id}", api_movements_get, ACT_STATS_READ},
	{"PATCH", "/api/v1/movements/{id}", api_movements_patch, ACT_MOVEMENT_WRITE},
	{"DELETE", "/api/v1/movements/{id}", api_movements_delete, ACT_MOVEMENT_WRITE},
	{"GET", "/api/v1/movements/{id}/registrations", api_movement_registrations_list, ACT_STATS_READ},
	{"POST", "/api/v1/movements/{id}/registrations", api_movement_registrations_create, ACT_MOVEMENT_REGISTER},
	{"DELETE", "/api/v1/movements/{id}/registrations/{org_id}", api_movement_registrations_delete, ACT_MOVEMENT_REGISTER},

	/* Exemplary models, their reviews, compilations and statistics (api_models.c). */
	{"GET", "/api/v1/models", api_models_list, ACT_STATS_READ},
	{"POST", "/api/v1/models", api_models_create, ACT_MODEL_WRITE},
	{"GET", "/api/v1/models/stats", api_models_stats, ACT_STATS_READ},
	{"GET", "/api/v1/models/{id}", api_models_get, ACT_STATS_READ},
	{"PATCH", "/api/v1/models/{id}", api_models_patch, ACT_MODEL_WRITE},
	{"POST", "/api/v1/models/{id}/retire", api_models_retire, ACT_MODEL_REVIEW},
	{"GET", "/api/v1/models/{id}/reviews", api_model_reviews_list, ACT_STATS_READ},
	{"POST", "/api/v1/models/{id}/reviews", api_model_reviews_create, ACT_MODEL_REVIEW},
	{"GET", "/api/v1/compilations", api_compilations_list, ACT_STATS_READ},
	{"POST", "/api/v1/compilations", api_compilations_create, ACT_MODEL_REVIEW},
	{"GET", "/api/v1/compilations/{id}", api_compilations_get, ACT_STATS_READ},
	{"PUT", "/api/v1/compilations/{id}", api_compilations_put, ACT_MODEL_REVIEW},
	{"DELETE", "/api/v1/compilations/{id}", api_compilations_delete, ACT_MODEL_REVIEW},

	/* Indicators, the units' reports and their statistics (api_indicators.c). */
	{"GET", "/api/v1/indicators", api_indicators_list, ACT_STATS_READ},
	{"POST", "/api/v1/indicators", api_indicators_create, ACT_INDICATOR_WRITE},
	{"GET", "/api/v1/indicators/{id}", api_indicators_get, ACT_STATS_READ},
	{"PATCH", "/api/v1/indicators/{id}", api_indicators_patch, ACT_INDICATOR_WRITE},
	{"GET", "/api/v1/reports", api_reports_list, ACT_REPORT_READ},
	{"POST", "/api/v1/reports", api_reports_post, ACT_REPORT_WRITE},
	{"GET", "/api/v1/reports/{id}", api_reports_get, ACT_REPORT_READ},
	{"POST", "/api/v1/reports/{id}/accept", api_reports_accept, ACT_REPORT_ACCEPT},
	{"POST", "/api/v1/reports/{id}/return", api_reports_return, ACT_REPORT_ACCEPT},
	{"GET", "/api/v1/stats/indicators", api_indicator_stats, ACT_STATS_READ},

	/* Documents: minutes, proposals and certificates as PDF (api_documents.c). */
	{"GET", "/api/v1/clusters/{id}/years/{year}/minutes.pdf", api_minutes_pdf, ACT_CLUSTER_READ},
	{"GET", "/api/v1/proposals/{id}.pdf", api_proposal_pdf, ACT_PROPOSAL_READ},
	{"GET", "/api/v1/awards/{id}/certificate.pdf", api_certificate_pdf, ACT_AWARD_READ},

	/* Exports: tables as CSV and XLSX (api_exports.c), for whoever may read the JSON. */
	{"GET", "/api/v1/clusters/{id}/years/{year}/ranking.csv", api_ranking_export, ACT_CLUSTER_READ},
	{"GET", "/api/v1/clusters/{id}/years/{year}/ranking.xlsx", api_ranking_export, ACT_CLUSTER_READ},
	{"GET", "/api/v1/ballots/{id}/result.csv", api_ballot_export, ACT_BALLOT_READ},
	{"GET", "/api/v1/ballots/{id}/result.xlsx", api_ballot_export, ACT_BALLOT_READ},
	{"GET", "/api/v1/awards.csv", api_awards_export, ACT_AWARD_READ},
	{"GET", "/api/v1/awards.xlsx", api_awards_export, ACT_AWARD_READ},
	{"GET", "/api/v1/proposals.csv", api_proposals_export, ACT_PROPOSAL_READ},
	{"GET", "/api/v1/proposals.xlsx", api_proposals_export, ACT_PROPOSAL_READ},
	{"GET", "/api/v1/models.csv", api_models_export, ACT_STATS_READ},
	{"GET", "/api/v1/models.xlsx", api_models_export, ACT_STATS_READ},
	{"GET", "/api/v1/models/stats.csv", api_models_stats_export, ACT_STATS_READ},
	{"GET", "/api/v1/models/stats.xlsx", api_models_stats_export, ACT_STATS_READ},
	{"GET", "/api/v1/stats/indicators.csv", api_indicator_stats_export, ACT_STATS_READ},
	{"GET", "/api/v1/stats/indicators.xlsx", api_indicator_stats_export, ACT_STATS_READ},
	{"GET", "/api/v1/reports.csv", api_reports_export, ACT_REPORT_READ},
	{"GET", "/api/v1/reports.xlsx", api_reports_export, ACT_REPORT_READ},

	{"GET", "/api/v1/audit", api_audit_list, ACT_AUDIT_READ},
};

const size_t api_route_count = sizeof api_routes / sizeof api_routes[0];

/* The segment before each "{~code}" above: the access log blanks what follows it. */
const char *const api_log_secret_after[] = {"receipts", NULL};
