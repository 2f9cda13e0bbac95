/* Shared pieces of the commands: options, opening the store, audit, errors. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "store/store.h"

const char *cli_db_url(const char *flag)
{
	if (flag)
		return flag;
	const char *env = getenv("THIDUA_DB");
	return (env && *env) ? env : "sqlite:thidua.db";
}

int cli_fail(const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "thidua: %s\n", msg);
	return 1;
}

int cli_open(const char *url, struct db_conn **out)
{
	char err[512];
	if (db_open(url, out, err, sizeof err) != DB_OK) {
		cli_fail("%s", err);
		return -1;
	}
	struct error e;
	err_clear(&e);
	if (store_check_schema(*out, &e) != 0) {
		cli_fail("%s", e.message);
		db_close(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int cli_audit_as(struct db_conn *c, const char *action, const char *entity,
		 const char *entity_id, json_t *before, json_t *after)
{
	static const struct audit_actor cli = {0, "cli", "cli"};
	struct error e;
	err_clear(&e);
	return audit_write(c, &cli, action, entity, entity_id, before, after, &e);
}

int cli_audit(struct db_conn *c, const char *action, const char *entity, int64_t id,
	      json_t *before, json_t *after)
{
	char idbuf[24];
	snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
	return cli_audit_as(c, action, entity, idbuf, before, after);
}

static int is_valued(const char *name, const char *const *valued)
{
	for (; valued && *valued; valued++)
		if (strcmp(name, *valued) == 0)
			return 1;
	return 0;
}

const char *cli_opt(int argc, char **argv, const char *name)
{
	size_t n = strlen(name);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--", 2) != 0 || strncmp(a + 2, name, n) != 0)
			continue;
		if (a[2 + n] == '=')
			return a + 3 + n;
		if (a[2 + n] == 0 && i + 1 < argc)
			return argv[i + 1];
	}
	return NULL;
}

int cli_opt_all(int argc, char **argv, const char *name, const char **out, int max)
{
	size_t len = strlen(name);
	int n = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		if (strncmp(a, "--", 2) != 0 || strncmp(a + 2, name, len) != 0)
			continue;
		if (a[2 + len] == '=')
			v = a + 3 + len;
		else if (a[2 + len] == 0 && i + 1 < argc)
			v = argv[++i];
		if (!v)
			continue;
		if (n == max)
			return -1;
		out[n++] = v;
	}
	return n;
}

int cli_flag(int argc, char **argv, const char *name)
{
	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i] + 2, name) == 0)
			return 1;
	return 0;
}

int cli_positionals(int argc, char **argv, int start, const char *const *valued,
		    const char **out, int max)
{
	int n = 0;
	for (int i = start; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) == 0) {
			if (!strchr(argv[i], '=') && is_valued(argv[i] + 2, valued))
				i++;
			continue;
		}
		if (n == max)
			return -1;
		out[n++] = argv[i];
	}
	return n;
}

const char *cli_positional(int argc, char **argv, int start, const char *const *valued)
{
	for (int i = start; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) == 0) {
			if (!strchr(argv[i], '=') && is_valued(argv[i] + 2, valued))
				i++;
			continue;
		}
		return argv[i];
	}
	return NULL;
}

int cli_check_options(int argc, char **argv, int start, const char *const *valued,
		      const char *const *flags)
{
	for (int i = start; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) != 0)
			continue;
		char name[64];
		snprintf(name, sizeof name, "%s", argv[i] + 2);
		char *eq = strchr(name, '=');
		if (eq)
			*eq = 0;
		if (is_valued(name, valued)) {
			if (!eq && i + 1 >= argc)
				return cli_fail("option --%s needs a value", name);
			if (!eq)
				i++;
		} else if (!is_valued(name, flags) || eq) {
			return cli_fail("unknown option --%s (see 'thidua help')", name);
		}
	}
	return 0;
}

int cli_parse_id(const char *s, int64_t max, int64_t *out)
{
	char *end = NULL;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || v < 1 || v > max)
		return -1;
	*out = v;
	return 0;
}
