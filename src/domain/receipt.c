/* Receipt codes, their stored hash, the stored form of choices, the digest. */
#include "domain/receipt.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void receipt_new(char out[RECEIPT_TEXT_BYTES])
{
	unsigned char raw[15]; /* 120 bits = 24 characters of 5 bits */
	randombytes_buf(raw, sizeof raw);
	size_t o = 0;
	for (int i = 0; i < RECEIPT_CODE_CHARS; i++) {
		int bit = i * 5, byte = bit / 8, shift = bit % 8;
		unsigned v = (unsigned)raw[byte] << 8 | (byte + 1 < 15 ? raw[byte + 1] : 0);
		if (i > 0 && i % 4 == 0)
			out[o++] = '-';
		out[o++] = crockford[(v >> (11 - shift)) & 31];
	}
	out[o] = '\0';
	sodium_memzero(raw, sizeof raw);
}

/* The Crockford value of a typed character, or -1. */
static int crockford_char(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c == 'O')
		c = '0';
	else if (c == 'I' || c == 'L')
		c = '1';
	const char *at = c ? strchr(crockford, c) : NULL;
	return at ? (int)(at - crockford) : -1;
}

int receipt_normalize(const char *in, char out[RECEIPT_CODE_CHARS + 1])
{
	size_t n = 0;
	for (const char *p = in; *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		int v = crockford_char(*p);
		if (v < 0 || n == RECEIPT_CODE_CHARS)
			return -1;
		out[n++] = crockford[v];
	}
	out[n] = '\0';
	return n == RECEIPT_CODE_CHARS ? 0 : -1;
}

static void hex_of(const unsigned char *bin, size_t n, char *out)
{
	sodium_bin2hex(out, n * 2 + 1, bin, n);
}

void receipt_hash(const char *code, char out[RECEIPT_HASH_BYTES])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)code, strlen(code));
	hex_of(h, sizeof h, out);
}

void vote_key_new(char out[VOTE_KEY_BYTES])
{
	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	hex_of(raw, sizeof raw, out);
}

void choices_format(const int *ids, size_t n, size_t n_candidates, char out[MARKS_BYTES])
{
	if (n_candidates > BALLOT_CANDIDATES_MAX)
		n_candidates = BALLOT_CANDIDATES_MAX;
	memset(out, '0', n_candidates);
	out[n_candidates] = '\0';
	for (size_t i = 0; i < n; i++)
		if (ids[i] >= 1 && (size_t)ids[i] <= n_candidates)
			out[ids[i] - 1] = '1';
}

int choices_parse(const char *marks, size_t n_candidates, int *ids, size_t *n)
{
	*n = 0;
	if (strlen(marks) != n_candidates)
		return -1;
	for (size_t i = 0; i < n_candidates; i++) {
		if (marks[i] != '0' && marks[i] != '1')
			return -1;
		if (marks[i] == '1')
			ids[(*n)++] = (int)i + 1;
	}
	return 0;
}

int ballot_count(const struct ballot *b, const struct cast_vote *votes, size_t n,
		 int64_t *per, struct ballot_counts *c, int64_t *online_blank, struct error *e)
{
	int ids[BALLOT_CANDIDATES_MAX];
	size_t k;
	*online_blank = 0;
	for (size_t i = 0; i < b->n_candidates; i++)
		per[i] = b->has_paper ? b->candidates[i].paper_votes : 0;
	for (size_t v = 0; v < n; v++) {
		struct error why;
		if (choices_parse(votes[v].marks, b->n_candidates, ids, &k) != 0)
			return err_set(e, ERR_INTERNAL, "corrupt_ballot", NULL,
				       "a stored ballot cannot be read");
		for (size_t i = 0; i < k; i++)
			ids[i]--; /* ids to indexes */
		if (ballot_check_choices(&b->rules, b->n_candidates, ids, k, &why) < 0)
			return err_set(e, ERR_INTERNAL, "corrupt_ballot", NULL,
				       "a stored ballot does not fit the ballot: %s", why.message);
		*online_blank += k == 0;
		for (size_t i = 0; i < k; i++)
			per[ids[i]]++;
	}
	memset(c, 0, sizeof *c);
	c->eligible = b->eligible;
	c->cast = (int64_t)n;
	c->blank = *online_blank;
	if (b->has_paper) {
		c->cast += b->paper_ballots - b->paper_invalid;
		c->blank += b->paper_blank;
		c->invalid = b->paper_invalid;
	}
	c->votes = per;
	return 0;
}

static void digest_text(crypto_hash_sha256_state *st, const char *text, size_t len)
{
	crypto_hash_sha256_update(st, (const unsigned char *)text, len);
}

/* "ballot 1,4\n" for one stored ballot (the marks were checked when counting). */
static void digest_vote(crypto_hash_sha256_state *st, const struct ballot *b,
			const struct cast_vote *v)
{
	int ids[BALLOT_CANDIDATES_MAX];
	size_t n = 0;
	char num[16];
	digest_text(st, "ballot ", 7);
	if (choices_parse(v->marks, b->n_candidates, ids, &n) == 0)
		for (size_t i = 0; i < n; i++)
			digest_text(st, num, (size_t)snprintf(num, sizeof num, "%s%d", i ? "," : "",
							      ids[i]));
	digest_text(st, "\n", 1);
}

void ballot_digest(const struct ballot *b, const char (*receipts)[RECEIPT_HASH_BYTES],
		   size_t n_receipts, const struct cast_vote *votes, size_t n_votes,
		   char out[RECEIPT_HASH_BYTES])
{
	crypto_hash_sha256_state st;
	char line[96];
	crypto_hash_sha256_init(&st);
	for (size_t i = 0; i < n_receipts; i++)
		digest_text(&st, line, (size_t)snprintf(line, sizeof line, "receipt %s\n", receipts[i]));
	for (size_t i = 0; i < n_votes; i++)
		digest_vote(&st, b, &votes[i]);
	if (b->has_paper) {
		digest_text(&st, line,
			    (size_t)snprintf(line, sizeof line,
					     "paper %" PRId64 " %" PRId64 " %" PRId64 " ",
					     b->paper_ballots, b->paper_blank, b->paper_invalid));
		for (size_t i = 0; i < b->n_candidates; i++)
			digest_text(&st, line,
				    (size_t)snprintf(line, sizeof line, "%s%" PRId64, i ? "," : "",
						     b->candidates[i].paper_votes));
		digest_text(&st, "\n", 1);
	}
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&st, h);
	hex_of(h, sizeof h, out);
}
