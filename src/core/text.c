/* Vietnamese text handling on libunistring (normalize, fold) and ICU (collate). */
#include "core/text.h"

#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include <unicode/ucol.h>
#include <unicode/ustring.h>

static int is_space(ucs4_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 ||
	       c == 0x3000 || (c >= 0x2000 && c <= 0x200A);
}

static int is_control(ucs4_t c, int allow_newlines)
{
	if (allow_newlines && (c == '\n' || c == '\t'))
		return 0;
	if (c == '\r' && allow_newlines)
		return 0;
	return c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) ||
	       c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

/*
** Copy `in` to a new buffer, dropping leading/trailing space; in line mode
** every run of white space becomes one ' ', in block mode "\r\n" and a lone
** "\r" become "\n" and spaces inside lines are kept.
*/
static char *squeeze(const uint8_t *in, size_t n, int block, const char **why)
{
	uint8_t *out = malloc(n + 1);
	if (!out) {
		*why = "out_of_memory";
		return NULL;
	}
	size_t o = 0;
	int pending_space = 0;
	const uint8_t *p = in, *end = in + n;
	while (p < end) {
		ucs4_t c;
		int len = u8_mbtouc(&c, p, (size_t)(end - p));
		if (is_control(c, block)) {
			free(out);
			*why = "control_character";
			return NULL;
		}
		if (block && c == '\r') {
			/* "\r\n" becomes "\n", and a lone "\r" (old Mac files) a "\n"
			 * too: dropping it would join two lines and let a combining
			 * mark after it compose across the break (no longer NFC). */
			p += len;
			if (p == end || *p != '\n')
				out[o++] = '\n';
			continue;
		}
		if (!block && is_space(c)) {
			pending_space = o > 0;
			p += len;
			continue;
		}
		if (pending_space)
			out[o++] = ' ';
		pending_space = 0;
		memcpy(out + o, p, (size_t)len);
		o += (size_t)len;
		p += len;
	}
	while (block && o > 0 && (out[o - 1] == ' ' || out[o - 1] == '\n' ||
				  out[o - 1] == '\t'))
		o--;
	size_t start = 0;
	while (block && start < o && (out[start] == ' ' || out[start] == '\n' ||
				      out[start] == '\t'))
		start++;
	memmove(out, out + start, o - start);
	out[o - start] = 0;
	return (char *)out;
}

/* A combining mark with no letter before it stands on nothing. */
static int starts_with_mark(const char *s)
{
	ucs4_t c;
	u8_mbtouc(&c, (const uint8_t *)s, strlen(s));
	return uc_is_general_category(c, UC_CATEGORY_M);
}

static char *clean(const char *in, size_t max_chars, int block, const char **why)
{
	size_t n = strlen(in);
	if (u8_check((const uint8_t *)in, n) != NULL) {
		*why = "invalid_utf8";
		return NULL;
	}
	size_t nfc_len = 0;
	uint8_t *nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)in, n, NULL, &nfc_len);
	if (!nfc) {
		*why = "invalid_utf8";
		return NULL;
	}
	char *out = squeeze(nfc, nfc_len, block, why);
	free(nfc);
	if (!out)
		return NULL;
	if (out[0] == 0) {
		free(out);
		*why = "empty";
		return NULL;
	}
	if (starts_with_mark(out)) {
		free(out);
		*why = "starts_with_mark";
		return NULL;
	}
	if (max_chars && u8_mbsnlen((const uint8_t *)out, strlen(out)) > max_chars) {
		free(out);
		*why = "too_long";
		return NULL;
	}
	return out;
}

char *text_clean_line(const char *in, size_t max_chars, const char **why)
{
	return clean(in, max_chars, 0, why);
}

const char *text_why_message(const char *why)
{
	if (strcmp(why, "invalid_utf8") == 0)
		return "is not valid UTF-8";
	if (strcmp(why, "control_character") == 0)
		return "contains a control character";
	if (strcmp(why, "empty") == 0)
		return "is empty";
	if (strcmp(why, "too_long") == 0)
		return "is too long";
	if (strcmp(why, "starts_with_mark") == 0)
		return "starts with a combining mark";
	return "is not acceptable text";
}

char *text_clean_block(const char *in, size_t max_chars, const char **why)
{
	return clean(in, max_chars, 1, why);
}

char *text_fold(const char *in)
{
	size_t n = strlen(in);
	if (u8_check((const uint8_t *)in, n) != NULL)
		return NULL;
	size_t folded_len = 0;
	/* Case-fold with NFD output, so tone and vowel marks come apart. */
	uint8_t *folded = u8_casefold((const uint8_t *)in, n, NULL, UNINORM_NFD,
				      NULL, &folded_len);
	if (!folded)
		return NULL;
	char *out = malloc(folded_len + 1);
	if (!out) {
		free(folded);
		return NULL;
	}
	size_t o = 0;
	int pending_space = 0;
	const uint8_t *p = folded, *end = folded + folded_len;
	while (p < end) {
		ucs4_t c;
		int len = u8_mbtouc(&c, p, (size_t)(end - p));
		p += len;
		if (uc_is_general_category(c, UC_CATEGORY_Mn))
			continue;
		if (is_space(c) || is_control(c, 0)) {
			pending_space = o > 0;
			continue;
		}
		if (pending_space)
			out[o++] = ' ';
		pending_space = 0;
		if (c == 0x0111) { /* đ: a letter of its own, not d + mark */
			out[o++] = 'd';
			continue;
		}
		memcpy(out + o, p - len, (size_t)len);
		o += (size_t)len;
	}
	out[o] = 0;
	free(folded);
	return out;
}

int text_sort_key(const char *in, unsigned char **key, size_t *len)
{
	UErrorCode status = U_ZERO_ERROR;
	int32_t ulen = 0;
	u_strFromUTF8(NULL, 0, &ulen, in, -1, &status);
	if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
		return -1;
	status = U_ZERO_ERROR;
	UChar *u = malloc(((size_t)ulen + 1) * sizeof *u);
	if (!u)
		return -1;
	u_strFromUTF8(u, ulen + 1, NULL, in, -1, &status);
	if (U_FAILURE(status)) {
		free(u);
		return -1;
	}
	/* One collator per call: opening one is cheap once ICU has loaded
	 * its data, and it keeps this function free of shared state. */
	UCollator *coll = ucol_open("vi", &status);
	if (U_FAILURE(status)) {
		free(u);
		return -1;
	}
	int32_t need = ucol_getSortKey(coll, u, ulen, NULL, 0);
	unsigned char *buf = need > 0 ? malloc((size_t)need) : NULL;
	if (!buf) {
		ucol_close(coll);
		free(u);
		return -1;
	}
	ucol_getSortKey(coll, u, ulen, buf, need);
	ucol_close(coll);
	free(u);
	*key = buf;
	/* ICU counts the trailing zero byte; it is not part of the order. */
	*len = (size_t)need - 1;
	return 0;
}
