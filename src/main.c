/*
** thidua: emulation and commendation work for Vietnamese public bodies.
** This file only dispatches to the commands in src/cli/.
*/
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "domain/auth.h"

static const char usage[] =
	"usage: thidua COMMAND [options]\n"
	"\n"
	"  init   [--db URL]                     create or migrate the database\n"
	"  serve  [--db URL] [--listen ADDR:PORT] [--threads N] [--max-body BYTES]\n"
	"         [--max-connections N] [--behind-tls] [--trust-proxy] [--db-replica URL]...\n"
	"                                        serve the API and web UI\n"
	"  demo   [--db URL]                     load a realistic demo data set\n"
	"  user add USERNAME --role ROLE[,ROLE] [--org ID]   (password on stdin)\n"
	"  user token USERNAME                   print a new API token\n"
	"  ranking CLUSTER_ID YEAR [--db URL]    print a cluster year's published ranking\n"
	"  ballot BALLOT_ID [--db URL]           print a closed ballot's result for the minutes\n"
	"  export orgs|people|awards [--format csv|xlsx|json] [--year Y] [--out FILE] [--bom]\n"
	"                                        a register as a spreadsheet\n"
	"  backup FILE [--db URL]                a consistent copy while the server runs\n"
	"  import orgs|people|awards|models|reports FILE.csv [--db URL]\n"
	"                                        records from a spreadsheet: every row or none\n"
	"  audit verify [--db URL]               check the audit hash chain\n"
	"\n"
	"--db takes sqlite:PATH (default sqlite:thidua.db, or $THIDUA_DB) or a\n"
	"PostgreSQL URL postgresql://USER@HOST:PORT/DATABASE; --db-replica takes a\n"
	"streaming replica of that PostgreSQL database, for reads.\n";

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	/* Databases hold password hashes and personal data: owner only. */
	umask(077);
	if (auth_init() != 0)
		return cli_fail("cannot initialize libsodium");
	const char *cmd = argv[1];
	if (strcmp(cmd, "init") == 0)
		return cli_init(argc, argv);
	if (strcmp(cmd, "serve") == 0)
		return cli_serve(argc, argv);
	if (strcmp(cmd, "demo") == 0)
		return cli_demo(argc, argv);
	if (strcmp(cmd, "user") == 0)
		return cli_user(argc, argv);
	if (strcmp(cmd, "ranking") == 0)
		return cli_ranking(argc, argv);
	if (strcmp(cmd, "ballot") == 0)
		return cli_ballot(argc, argv);
	if (strcmp(cmd, "import") == 0)
		return cli_import(argc, argv);
	if (strcmp(cmd, "export") == 0)
		return cli_export(argc, argv);
	if (strcmp(cmd, "backup") == 0)
		return cli_backup(argc, argv);
	if (strcmp(cmd, "audit") == 0)
		return cli_audit_cmd(argc, argv);
	cli_fail("unknown command '%s'", cmd);
	fputs(usage, stderr);
	return 2;
}
