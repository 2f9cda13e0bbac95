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

static int by_value(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

void choices_format(const int *ids, size_t n, char out[CHOICES_TEXT_BYTES])
{
	int sorted[BALLOT_CANDIDATES_MAX];
	size_t o = 0;
	if (n > BALLOT_CANDIDATES_MAX)
		n = BALLOT_CANDIDATES_MAX;
	memcpy(sorted, ids, n * sizeof *ids);
	qsort(sorted, n, sizeof *sorted, by_value);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		o += (size_t)snprintf(out + o, CHOICES_TEXT_BYTES - o, "%s%d", i ? "," : "",
				      sorted[i]);
}

int choices_parse(const char *text, int *ids, size_t max, size_t *n)
{
	*n = 0;
	const char *p = text;
	while (*p) {
		/* digits, no sign, space or leading zero; ascending; commas between */
		if (*p < '1' || *p > '9' || *n == max)
			return -1;
		int v = 0;
		while (*p >= '0' && *p <= '9' && v <= BALLOT_CANDIDATES_MAX)
			v = v * 10 + (*p++ - '0');
		if (v > BALLOT_CANDIDATES_MAX || (*n > 0 && v <= ids[*n - 1]) ||
		    (*p != ',' && *p != '\0') || (*p == ',' && p[1] == '\0'))
			return -1;
		ids[(*n)++] = v;
		if (*p == ',')
			p++;
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
		if (choices_parse(votes[v].choices, ids, BALLOT_CANDIDATES_MAX, &k) != 0)
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

void ballot_digest(const struct ballot *b, const struct cast_vote *votes, size_t n,
		   char out[RECEIPT_HASH_BYTES])
{
	crypto_hash_sha256_state st;
	char line[RECEIPT_HASH_BYTES + CHOICES_TEXT_BYTES + 2];
	crypto_hash_sha256_init(&st);
	for (size_t i = 0; i < n; i++) {
		int len = snprintf(line, sizeof line, "%s %s\n", votes[i].receipt_hash,
				   votes[i].choices);
		crypto_hash_sha256_update(&st, (const unsigned char *)line, (size_t)len);
	}
	if (b->has_paper) {
		char num[32];
		int len = snprintf(line, sizeof line, "paper %" PRId64 " %" PRId64 " %" PRId64 " ",
				   b->paper_ballots, b->paper_blank, b->paper_invalid);
		crypto_hash_sha256_update(&st, (const unsigned char *)line, (size_t)len);
		for (size_t i = 0; i < b->n_candidates; i++) {
			len = snprintf(num, sizeof num, "%s%" PRId64, i ? "," : "",
				       b->candidates[i].paper_votes);
			crypto_hash_sha256_update(&st, (const unsigned char *)num, (size_t)len);
		}
		crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
	}
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&st, h);
	hex_of(h, sizeof h, out);
}
