/*
** Reading receipts and stored ballots (domain/receipt.h): the receipt a
** voter types into the path of GET …/receipts/{receipt} goes through
** receipt_normalize, and the marks read back from the database through
** choices_parse, and with them ballot_count and ballot_digest.
**
** Input: the text, up to its first NUL byte, given to both; its bytes
** also pick candidate ids for choices_format.
**
** Invariants, receipt_normalize: nothing written past its 25-byte output;
** it accepts exactly what a plain model here accepts (dashes and spaces
** anywhere, 24 characters of Crockford base32 in either case, O for 0,
** I and L for 1) and gives the same 24 characters; what it gives reads
** back as itself, dashed in groups of four too, and hashes to 64
** lower-case hex digits.
**
** choices_parse: it reads text for n candidates exactly when the text is
** n marks of '0' or '1' (what choices_format writes), giving the ids of
** the '1's, ascending, never more than n nor written past n; what it
** reads, written back with choices_format, is the same text.
** choices_format: exactly n_candidates marks, '1' for each id from 1 to
** n_candidates given (others mark nothing), nothing written past the
** n_candidates + 1 bytes, and it reads back as the sorted distinct ids.
** ballot_count counts exactly the '1's, or refuses the stored ballot as
** corrupt when it is not in the stored form or holds more choices than
** the kind allows; ballot_digest is then the SHA-256 of the recipe in
** receipt.h, computed here apart.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "domain/receipt.h"
#include "fuzz_util.h"

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* The model of a typed receipt: 0 and the code, or -1. */
static int model_receipt(const char *in, char *out)
{
	size_t n = 0;
	for (const char *p = in; *p; p++) {
		char c = *p;
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if (c == 'O')
			c = '0';
		if (c == 'I' || c == 'L')
			c = '1';
		if (!strchr(crockford, c) || c == 0 || n == RECEIPT_CODE_CHARS)
			return -1;
		out[n++] = c;
	}
	out[n] = 0;
	return n == RECEIPT_CODE_CHARS ? 0 : -1;
}

static void check_receipt(const char *text)
{
	char *out = malloc(RECEIPT_CODE_CHARS + 1); /* exactly: ASan sees an overrun */
	char want[RECEIPT_CODE_CHARS + 1];
	if (!out)
		abort();
	int rc = receipt_normalize(text, out);
	int model = model_receipt(text, want);
	FUZZ_CHECK(rc == model, "\"%.80s\": normalize says %d, the model %d", text, rc, model);
	if (rc == 0) {
		FUZZ_CHECK(strcmp(out, want) == 0, "\"%.80s\" read as %s, not %s", text, out, want);
		char again[RECEIPT_CODE_CHARS + 1], dashed[RECEIPT_TEXT_BYTES];
		FUZZ_CHECK(receipt_normalize(out, again) == 0 && strcmp(again, out) == 0,
			   "%s does not read back as itself", out);
		size_t o = 0;
		for (int i = 0; i < RECEIPT_CODE_CHARS; i++) {
			if (i > 0 && i % 4 == 0)
				dashed[o++] = '-';
			dashed[o++] = out[i];
		}
		dashed[o] = 0;
		FUZZ_CHECK(o == RECEIPT_TEXT_BYTES - 1, "dashed form is %zu long", o);
		FUZZ_CHECK(receipt_normalize(dashed, again) == 0 && strcmp(again, out) == 0,
			   "%s does not read back", dashed);
		char h[RECEIPT_HASH_BYTES];
		receipt_hash(out, h);
		FUZZ_CHECK(strlen(h) == 64 && strspn(h, "0123456789abcdef") == 64,
			   "hash \"%s\"", h);
	}
	free(out);
}

/* The model of the stored form: n_candidates marks of '0' or '1'. */
static int model_marks(const char *text, size_t n_candidates)
{
	return strlen(text) == n_candidates && strspn(text, "01") == n_candidates;
}

static size_t ones(const char *text)
{
	size_t n = 0;
	for (const char *p = text; *p; p++)
		n += *p == '1';
	return n;
}

static void check_parse(const char *text, size_t n_candidates)
{
	/* exactly n_candidates ids (one at least, so that malloc gives a buffer) */
	int *ids = malloc((n_candidates ? n_candidates : 1) * sizeof *ids);
	size_t n = (size_t)-1;
	if (!ids)
		abort();
	int rc = choices_parse(text, n_candidates, ids, &n);
	int model = model_marks(text, n_candidates);
	FUZZ_CHECK(rc == 0 || rc == -1, "choices_parse returned %d", rc);
	FUZZ_CHECK((rc == 0) == model, "\"%.80s\" for %zu candidates: %s", text, n_candidates,
		   rc == 0 ? "read, but not in the stored form" : "in the stored form, refused");
	if (rc == 0) {
		FUZZ_CHECK(n == ones(text), "\"%.80s\": %zu ids", text, n);
		for (size_t i = 0; i < n; i++) {
			FUZZ_CHECK(ids[i] >= 1 && (size_t)ids[i] <= n_candidates &&
					   text[ids[i] - 1] == '1' && (i == 0 || ids[i] > ids[i - 1]),
				   "\"%.80s\": id %zu is %d", text, i, ids[i]);
		}
		/* written back: the same marks, in a buffer just wide enough */
		char *back = malloc(n_candidates + 1);
		if (!back)
			abort();
		choices_format(ids, n, n_candidates, back);
		FUZZ_CHECK(strcmp(back, text) == 0, "\"%.80s\" written back as \"%.80s\"", text,
			   back);
		free(back);
	}
	free(ids);
}

/* choices_format over ids the bytes pick (-3 … 252), for n_candidates from the first. */
static void check_format(const uint8_t *data, size_t size)
{
	if (size == 0)
		return;
	size_t n_candidates = data[0] % (BALLOT_CANDIDATES_MAX + 1);
	size_t n = size - 1;
	int *ids = malloc((n ? n : 1) * sizeof *ids);
	char *out = malloc(n_candidates + 1); /* exactly: ASan sees an overrun */
	char want[BALLOT_CANDIDATES_MAX + 1];
	if (!ids || !out)
		abort();
	memset(want, '0', n_candidates);
	want[n_candidates] = 0;
	for (size_t i = 0; i < n; i++) {
		ids[i] = (int)data[i + 1] - 3;
		if (ids[i] >= 1 && (size_t)ids[i] <= n_candidates)
			want[ids[i] - 1] = '1';
	}
	choices_format(ids, n, n_candidates, out);
	FUZZ_CHECK(strcmp(out, want) == 0, "%zu ids of %zu candidates: \"%.80s\", not \"%.80s\"",
		   n, n_candidates, out, want);
	int back[BALLOT_CANDIDATES_MAX];
	size_t n_back = 0;
	FUZZ_CHECK(choices_parse(out, n_candidates, back, &n_back) == 0 &&
			   n_back == ones(want),
		   "\"%.80s\" does not read back", out);
	free(out);
	free(ids);
}

/* The digest's recipe (receipt.h), apart from receipt.c: one receipt, one ballot. */
static void model_digest(const char *receipt, const char *marks, char out[RECEIPT_HASH_BYTES])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	char line[96];
	crypto_hash_sha256_init(&st);
	int len = snprintf(line, sizeof line, "receipt %s\nballot ", receipt);
	crypto_hash_sha256_update(&st, (const unsigned char *)line, (size_t)len);
	const char *sep = "";
	for (size_t i = 0; marks[i]; i++) {
		if (marks[i] != '1')
			continue;
		len = snprintf(line, sizeof line, "%s%zu", sep, i + 1);
		crypto_hash_sha256_update(&st, (const unsigned char *)line, (size_t)len);
		sep = ",";
	}
	crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, RECEIPT_HASH_BYTES, h, sizeof h);
}

/* ballot_count and ballot_digest over one stored ballot holding text. */
static void check_count(const char *text)
{
	static struct ballot_candidate cands[BALLOT_CANDIDATES_MAX];
	static const char receipts[1][RECEIPT_HASH_BYTES] = {
		"8f4d194d8a50a73d415b35a3b0626702df129015eb710d0701b0b617d816ead8"};
	size_t len = strlen(text);
	if (len >= MARKS_BYTES)
		return; /* a stored ballot holds at most MARKS_BYTES - 1 */
	/* mostly as wide as the text, so that it can be read; else a width it is not */
	size_t n_cand = len % 4 ? len : 1 + (len * 7) % BALLOT_CANDIDATES_MAX;
	if (n_cand == 0)
		n_cand = 1;
	struct ballot b;
	memset(&b, 0, sizeof b);
	b.rules.kind = (enum ballot_kind)(len % 3);
	b.rules.max_choices = b.rules.kind == BALLOT_SINGLE ? 1 : (int)(1 + len % 5);
	b.candidates = cands;
	b.n_candidates = n_cand;
	b.eligible = 10;
	struct cast_vote v;
	memset(&v, 0, sizeof v);
	memset(v.key, 'a', VOTE_KEY_BYTES - 1);
	memcpy(v.marks, text, len + 1);
	int64_t per[BALLOT_CANDIDATES_MAX], blank = -1;
	struct ballot_counts c;
	struct error e;
	err_clear(&e);
	int rc = ballot_count(&b, &v, 1, per, &c, &blank, &e);
	size_t chosen = ones(text);
	size_t most = b.rules.kind == BALLOT_APPROVE_EACH ? n_cand : (size_t)b.rules.max_choices;
	if (!model_marks(text, n_cand) || chosen > most) {
		FUZZ_CHECK(rc == -1 && e.kind == ERR_INTERNAL &&
				   strcmp(e.code, "corrupt_ballot") == 0,
			   "\"%.80s\" counted for %zu candidates", text, n_cand);
		return;
	}
	FUZZ_CHECK(rc == 0, "\"%.80s\" refused: %s", text, e.message);
	for (size_t i = 0; i < n_cand; i++)
		FUZZ_CHECK(per[i] == (text[i] == '1'), "\"%.80s\": candidate %zu has %lld", text,
			   i + 1, (long long)per[i]);
	FUZZ_CHECK(c.cast == 1 && c.blank == (chosen == 0) && blank == c.blank,
		   "\"%.80s\": cast %lld blank %lld", text, (long long)c.cast, (long long)c.blank);
	char digest[RECEIPT_HASH_BYTES], want[RECEIPT_HASH_BYTES];
	ballot_digest(&b, receipts, 1, &v, 1, digest);
	model_digest(receipts[0], text, want);
	FUZZ_CHECK(strcmp(digest, want) == 0, "\"%.80s\": digest %s, not %s", text, digest, want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	size_t len = strlen(text);
	check_receipt(text);
	/* as wide as the text (when a ballot can be), one more, one less, and the most */
	if (len <= BALLOT_CANDIDATES_MAX)
		check_parse(text, len);
	check_parse(text, len + 1);
	if (len > 0)
		check_parse(text, len - 1);
	check_parse(text, BALLOT_CANDIDATES_MAX);
	check_format(data, size);
	check_count(text);
	free(text);
	return 0;
}
