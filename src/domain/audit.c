/* Canonical hashing of audit entries. */
#include "domain/audit.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Each field is length-prefixed so no two entries encode alike. */
static void absorb(crypto_generichash_state *st, const char *s)
{
	char len[24];
	if (!s) {
		crypto_generichash_update(st, (const unsigned char *)"-", 1);
		return;
	}
	size_t n = strlen(s);
	int k = snprintf(len, sizeof len, "%zu:", n);
	crypto_generichash_update(st, (const unsigned char *)len, (size_t)k);
	crypto_generichash_update(st, (const unsigned char *)s, n);
}

void audit_hash(const unsigned char *prev, size_t prev_len,
		const struct audit_entry *e, unsigned char out[AUDIT_HASH_BYTES])
{
	crypto_generichash_state st;
	char num[32];
	crypto_generichash_init(&st, NULL, 0, AUDIT_HASH_BYTES);
	crypto_generichash_update(&st, prev, prev_len);
	snprintf(num, sizeof num, "%" PRId64, e->seq);
	absorb(&st, num);
	absorb(&st, e->at);
	snprintf(num, sizeof num, "%" PRId64, e->actor_id);
	absorb(&st, num);
	absorb(&st, e->actor_name);
	absorb(&st, e->action);
	absorb(&st, e->entity);
	absorb(&st, e->entity_id);
	absorb(&st, e->before_json);
	absorb(&st, e->after_json);
	absorb(&st, e->request_id);
	crypto_generichash_final(&st, out, AUDIT_HASH_BYTES);
}
