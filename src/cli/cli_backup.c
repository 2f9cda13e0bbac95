/*
** thidua backup FILE: a consistent copy of the database while the server
** runs. FILE must not exist yet: a backup never overwrites anything.
** Restoring is stopping the server and putting the copy in place (README).
*/
#include "cli/cli.h"

#include <stdio.h>
#include <sys/stat.h>

#include "store/db.h"

static const char *const backup_valued[] = {"db", NULL};

int cli_backup(int argc, char **argv)
{
	const char *args[1];
	struct stat st;
	if (cli_check_options(argc, argv, 2, backup_valued, NULL) != 0)
		return 2;
	if (cli_positionals(argc, argv, 2, backup_valued, args, 1) != 1)
		return cli_fail("usage: thidua backup FILE [--db URL]");
	if (stat(args[0], &st) == 0)
		return cli_fail("%s already exists; a backup never overwrites a file", args[0]);
	struct db_conn *c = NULL;
	if (cli_open(cli_db_url(cli_opt(argc, argv, "db")), &c) != 0)
		return 1;
	char err[512] = "";
	int rc = db_backup(c, args[0], err, sizeof err);
	db_close(c);
	if (rc != DB_OK)
		return cli_fail("backup failed: %s", err);
	printf("backed up to %s\n", args[0]);
	return 0;
}
