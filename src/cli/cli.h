/*
** The command line: one function per command. Each prints a clear
** one-line error on stderr and returns a non-zero exit code on failure.
*/
#ifndef THIDUA_CLI_H
#define THIDUA_CLI_H

#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

/* The database URL: --db, else $THIDUA_DB, else sqlite:thidua.db. */
const char *cli_db_url(const char *flag);
/* Open and check the schema is current; prints the error. */
int cli_open(const char *url, struct db_conn **out);
/* Write an audit entry for a change made from the command line. */
int cli_audit(struct db_conn *c, const char *action, const char *entity, int64_t id,
	      json_t *before, json_t *after);
/* The same for an entity keyed otherwise (e.g. "5/2026"). */
int cli_audit_as(struct db_conn *c, const char *action, const char *entity,
		 const char *entity_id, json_t *before, json_t *after);
/* Print "thidua: message" on stderr; returns 1 (the exit code). */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int cli_init(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_audit_cmd(int argc, char **argv);
int cli_ranking(int argc, char **argv);
int cli_ballot(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_backup(int argc, char **argv);

/* A whole decimal number from 1 to max: 0, or -1 when s is not one. */
int cli_parse_id(const char *s, int64_t max, int64_t *out);

/* Option scanning: returns the value of --name (or --name=value), NULL if absent. */
const char *cli_opt(int argc, char **argv, const char *name);
/* Every value of a repeatable option, up to max, into out: how many, or -1 for more. */
int cli_opt_all(int argc, char **argv, const char *name, const char **out, int max);
/* 1 if the flag --name is present. */
int cli_flag(int argc, char **argv, const char *name);
/* First argument not an option (or an option's value) at or after index start. */
const char *cli_positional(int argc, char **argv, int start, const char *const *valued);
/*
** The arguments that are not options, from index start on, in order, into
** out (at most max): their count, or -1 when there are more than max.
*/
int cli_positionals(int argc, char **argv, int start, const char *const *valued,
		    const char **out, int max);
/* Refuse options not in known (NULL-terminated, without "--"); prints the error. */
int cli_check_options(int argc, char **argv, int start, const char *const *valued,
		      const char *const *flags);

#endif
