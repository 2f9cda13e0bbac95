/* Passwords, tokens and CSRF on libsodium; the throttling rule. */
#include "domain/auth.h"

#include <sodium.h>
#include <string.h>

int auth_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

int auth_username_valid(const char *u, struct error *e)
{
	size_t n = strlen(u);
	if (n < 3 || n > 64)
		return err_set(e, ERR_INVALID, "invalid_username", "username",
			       "username must be 3 to 64 characters");
	for (size_t i = 0; i < n; i++) {
		char c = u[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			 c == '.' || c == '_' || c == '-';
		if (!ok)
			return err_set(e, ERR_INVALID, "invalid_username", "username",
				       "username may hold only a-z, 0-9, '.', '_' and '-'");
	}
	return 0;
}

int auth_password_acceptable(const char *pw, struct error *e)
{
	size_t n = strlen(pw);
	if (n > PASSWORD_MAX_BYTES)
		return err_set(e, ERR_INVALID, "password_too_long", "password",
			       "password is longer than %d bytes", PASSWORD_MAX_BYTES);
	size_t chars = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)pw[i] & 0xC0) != 0x80)
			chars++;
	if (chars < PASSWORD_MIN_CHARS)
		return err_set(e, ERR_INVALID, "password_too_short", "password",
			       "password needs at least %d characters", PASSWORD_MIN_CHARS);
	return 0;
}

int auth_hash_password(const char *pw, char *out)
{
	return crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

int auth_verify_password(const char *hash, const char *pw)
{
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

void auth_new_token(const char *prefix, char *out, size_t n)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	size_t plen = strlen(prefix);
	if (n < plen + sodium_base64_ENCODED_LEN(sizeof raw,
			sodium_base64_VARIANT_URLSAFE_NO_PADDING)) {
		out[0] = 0;
		return;
	}
	memcpy(out, prefix, plen);
	sodium_bin2base64(out + plen, n - plen, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

void auth_token_hash(const char *token, unsigned char out[AUTH_HASH_BYTES])
{
	crypto_generichash(out, AUTH_HASH_BYTES, (const unsigned char *)token,
			   strlen(token), NULL, 0);
}

void auth_csrf_for(const char *session_token, char *out, size_t n)
{
	static const char context[] = "thidua-csrf-v1";
	unsigned char key[AUTH_HASH_BYTES], mac[AUTH_HASH_BYTES];
	auth_token_hash(session_token, key);
	crypto_generichash(mac, sizeof mac, (const unsigned char *)context,
			   sizeof context - 1, key, sizeof key);
	if (n < 2 * sizeof mac + 1) {
		out[0] = 0;
		return;
	}
	sodium_bin2hex(out, n, mac, sizeof mac);
}

int auth_csrf_matches(const char *session_token, const char *given)
{
	char want[2 * AUTH_HASH_BYTES + 1];
	auth_csrf_for(session_token, want, sizeof want);
	if (!given || strlen(given) != strlen(want))
		return 0;
	return sodium_memcmp(want, given, strlen(want)) == 0;
}

int throttle_blocked(const struct throttle_rule *r, int failures,
		     int64_t window_start, int64_t now, int *retry_after)
{
	if (now - window_start >= r->window_s)
		return 0; /* the window is over: the count starts again */
	if (failures < r->max_failures)
		return 0;
	*retry_after = (int)(window_start + r->window_s - now);
	if (*retry_after < 1)
		*retry_after = 1;
	return 1;
}
