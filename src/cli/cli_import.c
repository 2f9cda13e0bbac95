/* thidua import KIND FILE.csv: picks the kind; the work is in import.c and its kinds. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "cli/import.h"

static const struct import_kind *const kinds[] = {
	&import_orgs,
	&import_people,
	&import_awards,
	&import_models,
	&import_reports,
};

#define KIND_COUNT (sizeof kinds / sizeof kinds[0])

static const struct import_kind *kind_named(const char *name)
{
	for (size_t i = 0; i < KIND_COUNT; i++)
		if (strcmp(kinds[i]->name, name) == 0)
			return kinds[i];
	return NULL;
}

static int usage(void)
{
	char names[200];
	size_t used = 0;
	names[0] = '\0';
	for (size_t i = 0; i < KIND_COUNT && used < sizeof names; i++)
		used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", i ? "|" : "",
					 kinds[i]->name);
	return cli_fail("usage: thidua import %s FILE.csv [--db URL]", names);
}

static const char *const import_valued[] = {"db", NULL};

int cli_import(int argc, char **argv)
{
	const char *args[2];
	if (cli_check_options(argc, argv, 2, import_valued, NULL) != 0)
		return 2;
	int n = cli_positionals(argc, argv, 2, import_valued, args, 2);
	const struct import_kind *kind = n == 2 ? kind_named(args[0]) : NULL;
	if (!kind)
		return usage();
	struct db_conn *c = NULL;
	if (cli_open(cli_db_url(cli_opt(argc, argv, "db")), &c) != 0)
		return 1;
	int rc = import_file(kind, c, args[1]);
	db_close(c);
	return rc;
}
