/* thidua ranking CLUSTER YEAR: print a cluster year's published ranking. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>

#include "store/store.h"

static void print_ranking(struct db_conn *c, const struct cluster *cl,
			  const struct cluster_year *y, const struct ranking *r)
{
	printf("%s — %d (%s, published %s)\n", cl->name, y->year, year_status_name(y->status),
	       y->published_at);
	printf("%-5s %8s %8s %7s %7s  %s\n", "rank", "total", "base", "bonus", "penalty", "unit");
	for (size_t k = 0; k < r->n; k++) {
		const struct ranking_row *row = &r->rows[k];
		struct org o;
		struct error e;
		if (store_org_get(c, row->org_id, &o, &e) != 0)
			snprintf(o.name, sizeof o.name, "#%lld", (long long)row->org_id);
		char note[64] = "";
		if (row->tied)
			snprintf(note, sizeof note, "  (tie: %s)",
				 row->tie_key >= 0 ? tie_key_name(row->tie_key) : "shared rank");
		printf("%-5d %8.2f %8.2f %7.2f %7.2f  %s%s\n", row->rank, row->total / 100.0,
		       row->base / 100.0, row->bonus / 100.0, row->penalty / 100.0, o.name, note);
	}
}

int cli_ranking(int argc, char **argv)
{
	static const char *const valued[] = {"db", NULL};
	const char *args[2] = {NULL, NULL};
	int64_t cluster_id = 0, year = 0;
	if (cli_check_options(argc, argv, 2, valued, NULL) != 0)
		return 2;
	if (cli_positionals(argc, argv, 2, valued, args, 2) != 2 ||
	    cli_parse_id(args[0], INT64_MAX / 2, &cluster_id) != 0 ||
	    cli_parse_id(args[1], YEAR_MAX, &year) != 0 || year < YEAR_MIN)
		return cli_fail("usage: thidua ranking CLUSTER_ID YEAR [--db URL]");
	struct db_conn *c = NULL;
	if (cli_open(cli_db_url(cli_opt(argc, argv, "db")), &c) != 0)
		return 1;
	struct cluster *cl = calloc(1, sizeof *cl);
	struct cluster_year *y = calloc(1, sizeof *y);
	struct criteria_table t = {NULL, 0, 0};
	struct ranking r = {NULL, 0, NULL, 0};
	struct error e;
	err_clear(&e);
	int rc = 0;
	if (!cl || !y)
		rc = cli_fail("out of memory");
	else if (store_cluster_get(c, cluster_id, cl, &e) != 0 ||
		 store_cluster_year_get(c, cluster_id, (int)year, y, &e) != 0)
		rc = cli_fail("%s", e.message);
	else if (y->status < YEAR_RESULTS_PUBLISHED)
		rc = cli_fail("the %d ranking is not published yet (the year is %s)", y->year,
			      year_status_name(y->status));
	else if (store_criteria_get(c, cluster_id, y->year, 0, &t, &e) != 0 ||
		 store_ranking_get(c, cluster_id, y->year, &t, &r, &e) != 0)
		rc = cli_fail("%s", e.message);
	else
		print_ranking(c, cl, y, &r);
	ranking_free(&r);
	criteria_table_free(&t);
	free(cl);
	free(y);
	db_close(c);
	return rc;
}
