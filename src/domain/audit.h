/*
** The audit trail's hash chain. Each entry's hash is BLAKE2b over the
** previous hash and a canonical encoding of the entry's fields, so
** changing, deleting or reordering an entry breaks every later link.
*/
#ifndef THIDUA_AUDIT_H
#define THIDUA_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#define AUDIT_HASH_BYTES 32

struct audit_entry {
	int64_t seq;
	char at[32];
	int64_t actor_id; /* 0: the command line or the system */
	const char *actor_name;
	const char *action;    /* "create", "update", "delete", "login", … */
	const char *entity;    /* "org", "person", "user", "cluster", … */
	const char *entity_id;
	const char *before_json; /* NULL when there was nothing before */
	const char *after_json;  /* NULL when nothing is left after */
	const char *request_id;
};

/* hash = BLAKE2b(prev || fields of e); prev may be empty (n = 0). */
void audit_hash(const unsigned char *prev, size_t prev_len,
		const struct audit_entry *e, unsigned char out[AUDIT_HASH_BYTES]);

#endif
