/*
** Reading receipts and stored choices (domain/receipt.h): the receipt a
** voter types into the path of GET …/receipts/{receipt} goes through
** receipt_normalize, and the choices text read back from the database
** through choices_parse, and with it ballot_count and ballot_digest.
**
** Input: the text, up to its first NUL byte, given to both.
**
** Invariants, receipt_normalize: nothing written past its 25-byte output;
** it accepts exactly what a plain model here accepts (dashes and spaces
** anywhere, 24 characters of Crockford base32 in either case, O for 0,
** I and L for 1) and gives the same 24 characters; what it gives reads
** back as itself, dashed in groups of four too, and hashes to 64
** lower-case hex digits.
**
** choices_parse: never more than max ids, each a candidate id (1..200);
** every text in the stored form (ids 1..200 in decimal without leading
** zeros, ascending, no repeats, comma separated: what choices_format
** writes) is accepted with those ids; what it accepts, written back with
** choices_format, is in the stored form and reads back the same, sorted.
** (It also accepts some text that is not in the stored form — " 1", "1,",
** "2,1", "1,1": a known bug, reported, not checked here.) ballot_count
** counts exactly the ids it read, or refuses the text as corrupt when it
** cannot read it or it names no candidate of the ballot.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

/*
** The model of the stored form: ids into out (up to max), 0; -1 when text
** is not in it or holds more than max ids.
*/
static int model_stored(const char *text, int *out, size_t max, size_t *n)
{
	*n = 0;
	if (!*text)
		return 0;
	const char *p = text;
	for (;;) {
		if (*p < '1' || *p > '9')
			return -1;
		int v = 0;
		while (*p >= '0' && *p <= '9') {
			v = v * 10 + (*p++ - '0');
			if (v > BALLOT_CANDIDATES_MAX)
				return -1;
		}
		if (*n > 0 && v <= out[*n - 1])
			return -1; /* ascending, no repeats */
		if (*n == max)
			return -1;
		out[(*n)++] = v;
		if (*p == 0)
			return 0;
		if (*p++ != ',')
			return -1;
	}
}

static int by_value(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static void check_choices(const char *text, size_t max)
{
	/* exactly max ids (one at least, so that malloc gives a buffer) */
	int *ids = malloc((max ? max : 1) * sizeof *ids);
	int model[BALLOT_CANDIDATES_MAX];
	size_t n = (size_t)-1, n_model = 0;
	if (!ids)
		abort();
	int rc = choices_parse(text, ids, max, &n);
	int stored = model_stored(text, model, max < BALLOT_CANDIDATES_MAX ? max :
							      BALLOT_CANDIDATES_MAX, &n_model);
	FUZZ_CHECK(rc == 0 || rc == -1, "choices_parse returned %d", rc);
	if (stored == 0) {
		FUZZ_CHECK(rc == 0, "\"%.80s\" (max %zu) is in the stored form but was refused",
			   text, max);
		FUZZ_CHECK(n == n_model, "\"%.80s\": %zu ids, not %zu", text, n, n_model);
		for (size_t i = 0; i < n; i++)
			FUZZ_CHECK(ids[i] == model[i], "\"%.80s\": id %zu is %d, not %d", text, i,
				   ids[i], model[i]);
	}
	if (rc == 0) {
		FUZZ_CHECK(n <= max, "%zu ids for max %zu", n, max);
		for (size_t i = 0; i < n; i++)
			FUZZ_CHECK(ids[i] >= 1 && ids[i] <= BALLOT_CANDIDATES_MAX, "id %d", ids[i]);
		/* written back: the stored form, read back the same, sorted */
		char back[CHOICES_TEXT_BYTES];
		int again[BALLOT_CANDIDATES_MAX], sorted[BALLOT_CANDIDATES_MAX];
		size_t n_again = 0;
		size_t k = n < BALLOT_CANDIDATES_MAX ? n : BALLOT_CANDIDATES_MAX;
		memcpy(sorted, ids, k * sizeof *ids);
		qsort(sorted, k, sizeof *sorted, by_value);
		choices_format(ids, k, back);
		FUZZ_CHECK(choices_parse(back, again, BALLOT_CANDIDATES_MAX, &n_again) == 0 &&
				   n_again == k,
			   "\"%s\" (from \"%.80s\") does not read back", back, text);
		for (size_t i = 0; i < k; i++)
			FUZZ_CHECK(again[i] == sorted[i], "\"%s\": id %zu is %d, not %d", back, i,
				   again[i], sorted[i]);
	}
	free(ids);
}

/* ballot_count and ballot_digest over one stored ballot holding text. */
static void check_count(const char *text)
{
	static struct ballot_candidate cands[BALLOT_CANDIDATES_MAX];
	int ids[BALLOT_CANDIDATES_MAX];
	size_t n_ids = 0;
	int readable = choices_parse(text, ids, BALLOT_CANDIDATES_MAX, &n_ids) == 0;
	size_t n_cand = 1 + strlen(text) % BALLOT_CANDIDATES_MAX;
	struct ballot b;
	memset(&b, 0, sizeof b);
	b.rules.kind = BALLOT_APPROVE_EACH;
	b.candidates = cands;
	b.n_candidates = n_cand;
	b.eligible = 10;
	struct cast_vote v;
	memset(&v, 0, sizeof v);
	memset(v.receipt_hash, 'a', 64);
	if (strlen(text) >= sizeof v.choices)
		return; /* a stored ballot holds at most CHOICES_TEXT_BYTES - 1 */
	memcpy(v.choices, text, strlen(text) + 1);
	int64_t per[BALLOT_CANDIDATES_MAX], blank = -1;
	struct ballot_counts c;
	struct error e;
	err_clear(&e);
	int rc = ballot_count(&b, &v, 1, per, &c, &blank, &e);
	int names_all = readable;
	for (size_t i = 0; readable && i < n_ids; i++)
		names_all &= (size_t)ids[i] <= n_cand;
	if (!names_all) {
		FUZZ_CHECK(rc == -1 && e.kind == ERR_INTERNAL &&
				   strcmp(e.code, "corrupt_ballot") == 0,
			   "\"%.80s\" counted for %zu candidates", text, n_cand);
		return;
	}
	FUZZ_CHECK(rc == 0, "\"%.80s\" refused: %s", text, e.message);
	int64_t sum = 0;
	for (size_t i = 0; i < n_cand; i++)
		sum += per[i];
	FUZZ_CHECK(sum == (int64_t)n_ids, "\"%.80s\": %lld votes for %zu ids", text,
		   (long long)sum, n_ids);
	FUZZ_CHECK(c.cast == 1 && c.blank == (n_ids == 0) && blank == c.blank,
		   "\"%.80s\": cast %lld blank %lld", text, (long long)c.cast, (long long)c.blank);
	char digest[RECEIPT_HASH_BYTES];
	ballot_digest(&b, &v, 1, digest);
	FUZZ_CHECK(strlen(digest) == 64, "digest \"%s\"", digest);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	check_receipt(text);
	/* the bound callers pass, and a small one chosen by the text */
	check_choices(text, BALLOT_CANDIDATES_MAX);
	check_choices(text, strlen(text) % 5);
	check_count(text);
	free(text);
	return 0;
}
