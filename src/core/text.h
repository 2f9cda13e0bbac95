/*
** Vietnamese text: validation, NFC normalization, the folded search key
** (diacritic- and case-insensitive, "đ" folds to "d") and the collation
** key that sorts the Vietnamese way ("Đ" after "D", tones in order).
** Keys are computed here, in one place, so every storage backend stores
** and compares the same bytes.
*/
#ifndef THIDUA_TEXT_H
#define THIDUA_TEXT_H

#include <stddef.h>

/*
** Check that `in` is valid UTF-8 without control characters, trim it,
** collapse runs of white space to one space and normalize to NFC.
** Returns a malloc'd string, or NULL with *why set to a static reason
** ("invalid_utf8", "control_character", "empty", "too_long",
** "starts_with_mark" for a combining mark with no letter before it).
** max_chars counts Unicode characters after normalization (0 = no cap).
*/
char *text_clean_line(const char *in, size_t max_chars, const char **why);

/* What a *why of text_clean_line means, to follow a field's name: "is too long". */
const char *text_why_message(const char *why);

/* Like text_clean_line but keeps newlines and tabs (free text, notes). */
char *text_clean_block(const char *in, size_t max_chars, const char **why);

/* Folded search key of valid UTF-8 text: malloc'd, or NULL on bad input. */
char *text_fold(const char *in);

/*
** Vietnamese collation key of valid UTF-8 text, as bytes that compare with
** memcmp (and so with ORDER BY on a BLOB/bytea column). malloc'd into *key.
** Returns 0, or -1 on failure.
*/
int text_sort_key(const char *in, unsigned char **key, size_t *len);

#endif
