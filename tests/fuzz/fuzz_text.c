/*
** Vietnamese text handling (core/text.h) on arbitrary bytes: cleaning,
** folding and collation keys must never crash, and what they return must
** keep their promises (valid UTF-8, NFC, trimmed, stable when cleaned
** again, within the length cap).
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "core/text.h"
#include "fuzz_util.h"

static int is_nfc(const char *s)
{
	size_t n = strlen(s), len = 0;
	uint8_t *nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)s, n, NULL, &len);
	if (!nfc)
		abort();
	int same = len == n && memcmp(nfc, s, n) == 0;
	free(nfc);
	return same;
}

static void check_clean(const char *in, size_t max, int block)
{
	const char *why = NULL;
	char *out = block ? text_clean_block(in, max, &why) : text_clean_line(in, max, &why);
	if (!out) {
		FUZZ_CHECK(why != NULL, "no reason given");
		FUZZ_CHECK(strcmp(why, "invalid_utf8") == 0 ||
				   strcmp(why, "control_character") == 0 ||
				   strcmp(why, "empty") == 0 || strcmp(why, "too_long") == 0 ||
				   strcmp(why, "starts_with_mark") == 0,
			   "unexpected reason %s", why);
		if (strcmp(why, "invalid_utf8") == 0)
			FUZZ_CHECK(u8_check((const uint8_t *)in, strlen(in)) != NULL,
				   "valid UTF-8 refused as invalid");
		return;
	}
	size_t n = strlen(out);
	FUZZ_CHECK(n > 0, "empty result");
	FUZZ_CHECK(u8_check((const uint8_t *)out, n) == NULL, "result is not valid UTF-8");
	FUZZ_CHECK(is_nfc(out), "result is not NFC");
	ucs4_t first;
	u8_mbtouc(&first, (const uint8_t *)out, n);
	FUZZ_CHECK(!uc_is_general_category(first, UC_CATEGORY_M), "result starts with a mark");
	if (max)
		FUZZ_CHECK(u8_mbsnlen((const uint8_t *)out, n) <= max, "result too long");
	if (!block) {
		FUZZ_CHECK(out[0] != ' ' && out[n - 1] != ' ', "result not trimmed");
		FUZZ_CHECK(strstr(out, "  ") == NULL, "double space left");
		FUZZ_CHECK(strchr(out, '\n') == NULL && strchr(out, '\t') == NULL,
			   "line holds a line break or tab");
	} else {
		FUZZ_CHECK(strchr(out, '\r') == NULL, "block holds a carriage return");
	}
	/* Cleaning clean text changes nothing. */
	const char *why2 = NULL;
	char *again = block ? text_clean_block(out, max, &why2)
			    : text_clean_line(out, max, &why2);
	FUZZ_CHECK(again != NULL, "clean text refused: %s", why2);
	FUZZ_CHECK(strcmp(again, out) == 0, "cleaning is not stable");
	free(again);
	free(out);
}

static void check_fold(const char *in)
{
	char *f = text_fold(in);
	int valid = u8_check((const uint8_t *)in, strlen(in)) == NULL;
	FUZZ_CHECK((f != NULL) == valid, "fold result %p for %s input", (void *)f,
		   valid ? "valid" : "invalid");
	if (!f)
		return;
	size_t n = strlen(f);
	FUZZ_CHECK(u8_check((const uint8_t *)f, n) == NULL, "folded key is not valid UTF-8");
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(!(f[i] >= 'A' && f[i] <= 'Z'), "upper case left in folded key");
	FUZZ_CHECK(n == 0 || (f[0] != ' ' && f[n - 1] != ' '), "folded key not trimmed");
	free(f);
}

static void check_sort_key(const char *in)
{
	unsigned char *key = NULL;
	size_t len = 0;
	int valid = u8_check((const uint8_t *)in, strlen(in)) == NULL;
	int rc = text_sort_key(in, &key, &len);
	FUZZ_CHECK((rc == 0) == valid, "sort key rc %d for %s input", rc,
		   valid ? "valid" : "invalid");
	if (rc == 0) {
		FUZZ_CHECK(key != NULL, "no key");
		FUZZ_CHECK(memchr(key, 0, len) == NULL, "key holds a NUL byte");
		free(key);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	size_t max = size ? data[0] % 40 : 0; /* 0: no cap */
	check_clean(s, 0, 0);
	check_clean(s, max, 0);
	check_clean(s, 0, 1);
	check_clean(s, max, 1);
	check_fold(s);
	check_sort_key(s);
	free(s);
	return 0;
}
