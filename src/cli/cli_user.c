/*
** thidua user add USERNAME --role ROLE[,ROLE…] [--org ID]   (password on stdin)
** thidua user token USERNAME                                (prints a new API token)
*/
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "api/json_out.h"
#include "domain/auth.h"
#include "domain/authz.h"
#include "store/store.h"

#define TOKEN_PREFIX "thd_"

static int read_line(FILE *in, char *buf, size_t n)
{
	if (!fgets(buf, (int)n, in))
		return -1;
	size_t len = strlen(buf);
	if (len == n - 1 && buf[len - 1] != '\n')
		return -1; /* longer than the buffer */
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = 0;
	return 0;
}

/* The password from stdin; prompted twice without echo on a terminal. */
static int read_password(char *buf, size_t n)
{
	if (!isatty(STDIN_FILENO))
		return read_line(stdin, buf, n);
	struct termios old, quiet;
	tcgetattr(STDIN_FILENO, &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	char again[PASSWORD_MAX_BYTES + 2];
	fprintf(stderr, "Password: ");
	int rc = read_line(stdin, buf, n);
	fprintf(stderr, "\nAgain: ");
	if (rc == 0)
		rc = read_line(stdin, again, sizeof again);
	fprintf(stderr, "\n");
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	if (rc == 0 && strcmp(buf, again) != 0) {
		fprintf(stderr, "thidua: the two passwords differ\n");
		rc = -1;
	}
	return rc;
}

static int parse_roles(const char *list, unsigned *roles)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", list);
	*roles = 0;
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		unsigned r = role_from_name(tok);
		if (!r)
			return -1;
		*roles |= r;
	}
	return *roles ? 0 : -1;
}

static int user_add(int argc, char **argv, const char *url)
{
	static const char *const valued[] = {"db", "role", "org", NULL};
	if (cli_check_options(argc, argv, 3, valued, NULL) != 0)
		return 2;
	const char *name = cli_positional(argc, argv, 3, valued);
	const char *role = cli_opt(argc, argv, "role");
	const char *org = cli_opt(argc, argv, "org");
	if (!name || !role)
		return cli_fail("usage: thidua user add USERNAME --role ROLE [--org ID] "
				"(password on stdin)");
	struct user u;
	memset(&u, 0, sizeof u);
	if (strlen(name) >= sizeof u.username)
		return cli_fail("username must be 3 to 64 characters");
	snprintf(u.username, sizeof u.username, "%s", name);
	if (parse_roles(role, &u.roles) != 0)
		return cli_fail("unknown role in '%s' (roles: admin, authority_officer, "
				"council_member, leader_officer, unit_officer, delegate, viewer)",
				role);
	if (org) {
		char *end;
		u.org_id = strtoll(org, &end, 10);
		if (*end || u.org_id < 1)
			return cli_fail("--org takes an organization id");
	}
	struct error e;
	err_clear(&e);
	if (user_validate(&u, &e) != 0)
		return cli_fail("%s", e.message);
	char password[PASSWORD_MAX_BYTES + 2], hash[AUTH_PWHASH_CHARS];
	if (read_password(password, sizeof password) != 0)
		return cli_fail("no password on standard input");
	if (auth_password_acceptable(password, &e) != 0)
		return cli_fail("%s", e.message);
	if (auth_hash_password(password, hash) != 0)
		return cli_fail("cannot hash the password (out of memory?)");
	struct db_conn *c = NULL;
	if (cli_open(url, &c) != 0)
		return 1;
	json_t *after = NULL;
	int rc = 0;
	if (store_begin(c, &e) != 0 || (u.org_id && store_org_exists(c, u.org_id, &e) != 0) ||
	    store_user_insert(c, &u, hash, &e) != 0 ||
	    cli_audit(c, "create", "user", u.id, NULL, after = user_json(&u)) != 0 ||
	    store_commit(c, &e) != 0) {
		store_rollback(c);
		rc = cli_fail("%s", e.message[0] ? e.message : "cannot add the user");
	} else {
		printf("user %s added (id %lld)\n", u.username, (long long)u.id);
	}
	json_decref(after);
	db_close(c);
	return rc;
}

static int user_token(int argc, char **argv, const char *url)
{
	static const char *const valued[] = {"db", NULL};
	if (cli_check_options(argc, argv, 3, valued, NULL) != 0)
		return 2;
	const char *name = cli_positional(argc, argv, 3, valued);
	if (!name)
		return cli_fail("usage: thidua user token USERNAME");
	struct db_conn *c = NULL;
	if (cli_open(url, &c) != 0)
		return 1;
	struct user u;
	struct error e;
	err_clear(&e);
	char token[AUTH_TOKEN_CHARS];
	unsigned char hash[AUTH_HASH_BYTES];
	auth_new_token(TOKEN_PREFIX, token, sizeof token);
	auth_token_hash(token, hash);
	int rc = 0;
	if (store_begin(c, &e) != 0 || store_user_by_name(c, name, &u, NULL, &e) != 0 ||
	    store_token_insert(c, hash, u.id, &e) != 0 ||
	    cli_audit(c, "create_token", "user", u.id, NULL, NULL) != 0 ||
	    store_commit(c, &e) != 0) {
		store_rollback(c);
		rc = cli_fail("%s", e.kind == ERR_NOT_FOUND ? "no such user"
				     : e.message[0] ? e.message : "cannot create the token");
	} else {
		printf("%s\n", token);
	}
	db_close(c);
	return rc;
}

int cli_user(int argc, char **argv)
{
	if (argc < 3)
		return cli_fail("usage: thidua user add|token …");
	const char *url = cli_db_url(cli_opt(argc, argv, "db"));
	if (strcmp(argv[2], "add") == 0)
		return user_add(argc, argv, url);
	if (strcmp(argv[2], "token") == 0)
		return user_token(argc, argv, url);
	return cli_fail("unknown user command '%s' (add, token)", argv[2]);
}
