/* thidua init (create or migrate) and thidua audit verify. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "store/store.h"

static const char *const db_only[] = {"db", NULL};

int cli_init(int argc, char **argv)
{
	if (cli_check_options(argc, argv, 2, db_only, NULL) != 0)
		return 2;
	const char *url = cli_db_url(cli_opt(argc, argv, "db"));
	struct db_conn *c = NULL;
	char err[512];
	if (db_open(url, &c, err, sizeof err) != DB_OK)
		return cli_fail("%s", err);
	struct error e;
	err_clear(&e);
	int applied = 0, version = 0;
	if (store_migrate(c, &applied, &e) != 0 || store_schema_version(c, &version, &e) != 0) {
		db_close(c);
		return cli_fail("%s", e.message);
	}
	db_close(c);
	if (applied)
		printf("database migrated to schema version %d (%d migration%s applied)\n", version,
		       applied, applied == 1 ? "" : "s");
	else
		printf("database is up to date (schema version %d)\n", version);
	return 0;
}

int cli_audit_cmd(int argc, char **argv)
{
	if (argc < 3 || strcmp(argv[2], "verify") != 0)
		return cli_fail("usage: thidua audit verify [--db URL]");
	if (cli_check_options(argc, argv, 3, db_only, NULL) != 0)
		return 2;
	struct db_conn *c = NULL;
	if (cli_open(cli_db_url(cli_opt(argc, argv, "db")), &c) != 0)
		return 1;
	struct error e;
	err_clear(&e);
	int64_t bad = 0, checked = 0;
	char why[256];
	int rc = store_audit_verify(c, &bad, &checked, why, sizeof why, &e);
	db_close(c);
	if (rc != 0)
		return cli_fail("%s", e.message);
	if (bad) {
		fprintf(stderr, "thidua: audit chain broken at entry %lld: %s\n", (long long)bad,
			why);
		return 3;
	}
	printf("audit chain intact: %lld entries verified\n", (long long)checked);
	return 0;
}
