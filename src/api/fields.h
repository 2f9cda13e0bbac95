/*
** Reading fields of a JSON request body into domain structs, with the
** type checks and text normalization done at the edge. Each reader
** leaves its destination untouched when the key is absent (so the same
** code serves POST and PATCH), fails with 422 and the field's name when
** the value has the wrong type or is out of range, and fails when a
** required key is absent.
*/
#ifndef THIDUA_FIELDS_H
#define THIDUA_FIELDS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

enum { OPTIONAL = 0, REQUIRED = 1 };

/* 422 unknown_field for a key not in allowed (NULL-terminated). */
int fields_known(json_t *obj, const char *const *allowed, struct error *e);

/*
** A field the server owns (an id, a status): a client may send it back
** unchanged, as read, but a different value is 422 read_only rather than
** silently ignored. actual (stolen; NULL when there is no value yet) is
** the current value.
*/
int field_fixed(json_t *obj, const char *key, json_t *actual, struct error *e);

/* One line of text, NFC, trimmed, at most max_chars; null clears it. */
int field_line(json_t *obj, const char *key, char *dst, size_t n, size_t max_chars,
	       int required, struct error *e);
/*
** Free text that may span lines (NFC, at most max_chars): *out is
** malloc'd, or NULL when the key is absent, null or blank.
*/
int field_block(json_t *obj, const char *key, char **out, size_t max_chars, int required,
		struct error *e);
/*
** x rounded to the 15 significant digits the API prints, so that a client
** that reads a value and sends it back unchanged does not change it.
*/
double number_as_printed(double x);
/*
** A finite number in [min, max], rounded to the 15 significant digits the
** API prints; *present (may be NULL) says whether one was given.
*/
int field_number(json_t *obj, const char *key, double min, double max, double *out,
		 int *present, int required, struct error *e);
/* "YYYY-MM-DD", or null to clear. */
int field_date(json_t *obj, const char *key, char *dst, size_t n, int required,
	       struct error *e);
/* A positive integer id; null clears it to 0. */
int field_id(json_t *obj, const char *key, int64_t *out, int required, struct error *e);
int field_int(json_t *obj, const char *key, int64_t min, int64_t max, int64_t *out,
	      int required, struct error *e);
int field_bool(json_t *obj, const char *key, int *out, int required, struct error *e);
/* One of names (NULL-terminated); *out is its index. */
int field_enum(json_t *obj, const char *key, const char *const *names, int *out,
	       int required, struct error *e);
/* An array of positive integer ids, at most max of them. */
int field_ids(json_t *obj, const char *key, int64_t *out, size_t max, size_t *n,
	      int required, struct error *e);
/* Password: a string of 1..PASSWORD_MAX_BYTES bytes, copied as is. */
int field_secret(json_t *obj, const char *key, char *dst, size_t n, int required,
		 struct error *e);

#endif
