/*
** Credentials: argon2id password hashes, random tokens stored only as
** their hash, the CSRF token derived from the session token, and the
** login-throttling rule. Built on libsodium.
*/
#ifndef THIDUA_AUTH_H
#define THIDUA_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define AUTH_HASH_BYTES 32     /* BLAKE2b-256 of a token */
#define AUTH_TOKEN_CHARS 64    /* room for prefix + base64url of 32 bytes */
#define AUTH_PWHASH_CHARS 128  /* crypto_pwhash_STRBYTES */
#define PASSWORD_MIN_CHARS 10
#define PASSWORD_MAX_BYTES 1024

/* 0 on success; call once before anything else (sodium_init). */
int auth_init(void);

int auth_username_valid(const char *username, struct error *e);
int auth_password_acceptable(const char *password, struct error *e);

/* argon2id (interactive limits) into out[AUTH_PWHASH_CHARS]. */
int auth_hash_password(const char *password, char *out);
/* 1 when password matches hash, 0 otherwise. */
int auth_verify_password(const char *hash, const char *password);

/* A fresh random token: prefix followed by base64url of 32 random bytes. */
void auth_new_token(const char *prefix, char *out, size_t n);
void auth_token_hash(const char *token, unsigned char out[AUTH_HASH_BYTES]);

/*
** The CSRF token of a session: a keyed hash of the session token, so it
** needs no storage, differs per session and cannot be computed without
** the cookie. out must hold 2*AUTH_HASH_BYTES+1 chars.
*/
void auth_csrf_for(const char *session_token, char *out, size_t n);
/* Constant-time comparison; 1 when given is the session's CSRF token. */
int auth_csrf_matches(const char *session_token, const char *given);

struct throttle_rule {
	int max_failures; /* failures allowed in one window */
	int window_s;
};
/*
** After `failures` failed logins since window_start, is the next try
** refused at time now? Sets *retry_after (seconds) when it is.
*/
int throttle_blocked(const struct throttle_rule *r, int failures,
		     int64_t window_start, int64_t now, int *retry_after);

#endif
