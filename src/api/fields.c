/* Typed, normalized reads of JSON body fields. */
#include "api/fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"

int fields_known(json_t *obj, const char *const *allowed, struct error *e)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		int ok = 0;
		for (const char *const *a = allowed; *a; a++)
			if (strcmp(*a, key) == 0)
				ok = 1;
		if (!ok)
			return err_set(e, ERR_INVALID, "unknown_field", NULL,
				       "unknown field (allowed fields are listed in the API "
				       "documentation)");
	}
	return 0;
}

int field_fixed(json_t *obj, const char *key, json_t *actual, struct error *e)
{
	json_t *v = json_object_get(obj, key);
	int same = !v || (actual && json_equal(v, actual));
	json_decref(actual);
	if (!same)
		return err_set(e, ERR_INVALID, "read_only", key, "%s cannot be set or changed here",
			       key);
	return 0;
}

/* The value of key: NULL when absent (failing if required). */
static json_t *lookup(json_t *obj, const char *key, int required, int *absent,
		      struct error *e)
{
	json_t *v = json_object_get(obj, key);
	*absent = v == NULL;
	if (!v && required)
		err_set(e, ERR_INVALID, "required", key, "%s is required", key);
	return v;
}

static int null_allowed(json_t *v, const char *key, int required, struct error *e)
{
	if (!json_is_null(v))
		return 0;
	if (required)
		return err_set(e, ERR_INVALID, "required", key, "%s may not be null", key);
	return 1;
}

int field_line(json_t *obj, const char *key, char *dst, size_t n, size_t max_chars,
	       int required, struct error *e)
{
	int absent;
	json_t *v = lookup(obj, key, required, &absent, e);
	if (absent)
		return required ? -1 : 0;
	int isnull = null_allowed(v, key, required, e);
	if (isnull < 0)
		return -1;
	if (isnull) {
		dst[0] = 0;
		return 0;
	}
	if (!json_is_string(v))
		return err_set(e, ERR_INVALID, "wrong_type", key, "%s must be a string", key);
	const char *why = NULL;
	char *clean = text_clean_line(json_string_value(v), max_chars, &why);
	if (!clean) {
		if (!required && strcmp(why, "empty") == 0) {
			dst[0] = 0;
			return 0;
		}
		return err_set(e, ERR_INVALID, why, key, "%s %s", key, text_why_message(why));
	}
	if (strlen(clean) >= n) {
		free(clean);
		return err_set(e, ERR_INVALID, "too_long", key, "%s is too long", key);
	}
	memcpy(dst, clean, strlen(clean) + 1);
	free(clean);
	return 0;
}

int field_date(json_t *obj, const char *key, char *dst, size_t n, int required,
	       struct error *e)
{
	int absent;
	json_t *v = lookup(obj, key, required, &absent, e);
	if (absent)
		return required ? -1 : 0;
	int isnull = null_allowed(v, key, required, e);
	if (isnull < 0)
		return -1;
	if (isnull) {
		dst[0] = 0;
		return 0;
	}
	const char *s = json_string_value(v);
	if (!s || !clock_valid_date(s) || n < 11)
		return err_set(e, ERR_INVALID, "invalid_date", key,
			       "%s must be a date YYYY-MM-DD", key);
	memcpy(dst, s, 11);
	return 0;
}

int field_int(json_t *obj, const char *key, int64_t min, int64_t max, int64_t *out,
	      int required, struct error *e)
{
	int absent;
	json_t *v = lookup(obj, key, required, &absent, e);
	if (absent)
		return required ? -1 : 0;
	int isnull = null_allowed(v, key, required, e);
	if (isnull < 0)
		return -1;
	if (isnull) {
		*out = 0;
		return 0;
	}
	if (!json_is_integer(v))
		return err_set(e, ERR_INVALID, "wrong_type", key, "%s must be an integer", key);
	json_int_t x = json_integer_value(v);
	if (x < min || x > max)
		return err_set(e, ERR_INVALID, "out_of_range", key,
			       "%s must be from %lld to %lld", key, (long long)min,
			       (long long)max);
	*out = x;
	return 0;
}

int field_id(json_t *obj, const char *key, int64_t *out, int required, struct error *e)
{
	return field_int(obj, key, 1, INT64_MAX / 2, out, required, e);
}

int field_bool(json_t *obj, const char *key, int *out, int required, struct error *e)
{
	int absent;
	json_t *v = lookup(obj, key, required, &absent, e);
	if (absent)
		return required ? -1 : 0;
	if (!json_is_boolean(v))
		return err_set(e, ERR_INVALID, "wrong_type", key, "%s must be true or false", key);
	*out = json_is_true(v);
	return 0;
}

int field_enum(json_t *obj, const char *key, const char *const *names, int *out,
	       int required, struct error *e)
{
	int absent;
	json_t *v = lookup(obj, key, required, &absent, e);
	if (absent)
		return required ? -1 : 0;
	const char *s = json_string_value(v);
	for (int i = 0; s && names[i]; i++) {
		if (strcmp(names[i], s) == 0) {
			*out = i;
			return 0;
		}
	}
	char list[256] = "";
	for (int i = 0; names[i]; i++) {
		size_t used = strlen(list);
		snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", names[i]);
	}
	return err_set(e, ERR_INVALID, "invalid_value", key, "%s must be one of: %s", key, list);
}

int field_ids(json_t *obj, const char *key, int64_t *out, size_t max, size_t *n,
	      int required, struct error *e)
{
	int absent;
	json_t *v = lookup(obj, key, required, &absent, e);
	if (absent)
		return required ? -1 : 0;
	if (!json_is_array(v))
		return err_set(e, ERR_INVALID, "wrong_type", key, "%s must be an array of ids", key);
	if (json_array_size(v) > max)
		return err_set(e, ERR_INVALID, "too_many", key, "%s may hold at most %zu ids", key,
			       max);
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item) {
		if (!json_is_integer(item) || json_integer_value(item) < 1)
			return err_set(e, ERR_INVALID, "wrong_type", key,
				       "%s must hold positive integer ids", key);
		out[i] = json_integer_value(item);
	}
	*n = json_array_size(v);
	return 0;
}

int field_secret(json_t *obj, const char *key, char *dst, size_t n, int required,
		 struct error *e)
{
	int absent;
	json_t *v = lookup(obj, key, required, &absent, e);
	if (absent)
		return required ? -1 : 0;
	if (!json_is_string(v))
		return err_set(e, ERR_INVALID, "wrong_type", key, "%s must be a string", key);
	size_t len = json_string_length(v);
	if (len == 0 || len >= n)
		return err_set(e, ERR_INVALID, "invalid_length", key, "%s has an invalid length",
			       key);
	memcpy(dst, json_string_value(v), len + 1);
	return 0;
}

int field_block(json_t *obj, const char *key, char **out, size_t max_chars, int required,
		struct error *e)
{
	int absent;
	json_t *v = lookup(obj, key, required, &absent, e);
	*out = NULL;
	if (absent)
		return required ? -1 : 0;
	int isnull = null_allowed(v, key, required, e);
	if (isnull)
		return isnull < 0 ? -1 : 0;
	if (!json_is_string(v))
		return err_set(e, ERR_INVALID, "wrong_type", key, "%s must be a string", key);
	const char *why = NULL;
	*out = text_clean_block(json_string_value(v), max_chars, &why);
	if (!*out) {
		if (!required && strcmp(why, "empty") == 0)
			return 0;
		return err_set(e, ERR_INVALID, why, key, "%s %s", key, text_why_message(why));
	}
	return 0;
}

double number_as_printed(double x)
{
	char digits[32];
	snprintf(digits, sizeof digits, "%.15g", x);
	return strtod(digits, NULL);
}

int field_number(json_t *obj, const char *key, double min, double max, double *out,
		 int *present, int required, struct error *e)
{
	int absent;
	json_t *v = lookup(obj, key, required, &absent, e);
	if (present)
		*present = 0;
	if (absent)
		return required ? -1 : 0;
	int isnull = null_allowed(v, key, required, e);
	if (isnull)
		return isnull < 0 ? -1 : 0;
	if (!json_is_number(v))
		return err_set(e, ERR_INVALID, "wrong_type", key, "%s must be a number", key);
	double x = number_as_printed(json_number_value(v));
	if (!(x >= min && x <= max))
		return err_set(e, ERR_INVALID, "out_of_range", key, "%s must be from %g to %g",
			       key, min, max);
	*out = x;
	if (present)
		*present = 1;
	return 0;
}
