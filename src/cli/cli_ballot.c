/*
** thidua ballot ID: a closed ballot's result as the conference's minutes
** record it (counts, threshold, who passed and by which rule, the digest).
*/
#include "cli/cli.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "store/store.h"

static int in_list(const size_t *list, size_t n, size_t i)
{
	for (size_t k = 0; k < n; k++)
		if (list[k] == i)
			return 1;
	return 0;
}

static void print_result(const struct ballot *b, const struct ballot_outcome *o)
{
	const struct ballot_result *r = &o->result;
	printf("%s\n", b->question);
	printf("ballot %" PRId64 " (%s, %s), closed %s\n", b->id, ballot_kind_name(b->rules.kind),
	       ballot_status_name(b->status), b->closed_at);
	if (o->is_void) {
		printf("void: fewer than %d ballots in a group whose counts would be published; "
		       "no count is shown, to keep the vote secret (eligible %" PRId64
		       ", ballots cast %" PRId64 ")\n",
		       BALLOT_SECRET_MIN, o->counts.eligible, o->counts.cast);
		return;
	}
	printf("eligible %" PRId64 "; ballots: %zu online, %" PRId64 " on paper (from the "
	       "minutes); cast %" PRId64 " (blank %" PRId64 "), invalid %" PRId64 "\n",
	       o->counts.eligible, o->n_votes, b->has_paper ? b->paper_ballots : 0,
	       o->counts.cast, o->counts.blank, o->counts.invalid);
	printf("threshold %.2f %% of %s: %" PRId64 " votes needed; quorum %.2f %% %s\n",
	       b->rules.threshold / 100.0, threshold_base_name(b->rules.base),
	       r->needed, b->rules.quorum / 100.0, r->quorum_met ? "met" : "NOT met");
	printf("%4s %7s  %-8s %s\n", "id", "votes", "", "candidate");
	for (size_t i = 0; i < b->n_candidates; i++) {
		const char *mark = in_list(r->passed, r->n_passed, i)	    ? "passed"
				   : in_list(r->undecided, r->n_undecided, i) ? "tied"
									      : "";
		printf("%4d %7" PRId64 "  %-8s %s\n", b->candidates[i].id, o->per[i], mark,
		       b->candidates[i].label);
	}
	printf("decided by: %s", cutoff_rule_name(r->cutoff));
	if (r->cutoff == UNDECIDED)
		printf(" (%zu seat%s left to the chair's casting vote)", r->open_seats,
		       r->open_seats == 1 ? "" : "s");
	printf("\ndigest: %s\n", o->digest);
}

int cli_ballot(int argc, char **argv)
{
	static const char *const valued[] = {"db", NULL};
	const char *args[1] = {NULL};
	int64_t id = 0;
	if (cli_check_options(argc, argv, 2, valued, NULL) != 0)
		return 2;
	if (cli_positionals(argc, argv, 2, valued, args, 1) != 1 ||
	    cli_parse_id(args[0], INT64_MAX / 2, &id) != 0)
		return cli_fail("usage: thidua ballot BALLOT_ID [--db URL]");
	struct db_conn *c = NULL;
	if (cli_open(cli_db_url(cli_opt(argc, argv, "db")), &c) != 0)
		return 1;
	struct ballot *b = calloc(1, sizeof *b);
	struct ballot_outcome *o = NULL;
	struct error e;
	err_clear(&e);
	int rc = 0;
	if (!b)
		rc = cli_fail("out of memory");
	else if (store_ballot_get(c, id, b, &e) != 0)
		rc = cli_fail("%s", e.message);
	else if (b->status != BALLOT_CLOSED)
		rc = cli_fail("ballot %lld is %s: its result is secret until it closes",
			      (long long)id, ballot_status_name(b->status));
	else if (!(o = store_ballot_outcome(c, b, &e)))
		rc = cli_fail("%s", e.message);
	else
		print_result(b, o);
	ballot_outcome_free(o);
	if (b)
		ballot_free(b);
	free(b);
	db_close(c);
	return rc;
}
