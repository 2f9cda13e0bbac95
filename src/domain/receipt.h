/*
** The record of the ballots cast: receipts, the stored form of choices,
** the count of what was stored, and the ballot digest.
**
** A receipt is 120 random bits written as 24 Crockford base32 characters
** in groups of four ("7K3D-…"). Only its SHA-256 (of the 24 characters,
** upper case, no dashes) is stored, beside the choices and nothing else:
** the voter keeps the code, and with it can find its ballot among the
** published ones; without it nobody can.
**
** The digest of a ballot is the SHA-256 of one line per online ballot,
** sorted by receipt hash, "<receipt hash> <candidate ids, ascending,
** comma separated>\n" (nothing after the space for a blank ballot), then,
** when paper ballots were entered, "paper <papers> <blank> <invalid>
** <votes of candidate 1>,<votes of candidate 2>,…\n". The published result
** lists the same lines, so anyone can recount and recompute it.
*/
#ifndef THIDUA_RECEIPT_H
#define THIDUA_RECEIPT_H

#include <stddef.h>

#include "domain/ballot.h"

#define RECEIPT_CODE_CHARS 24          /* without the dashes */
#define RECEIPT_TEXT_BYTES 30          /* with them, and the NUL */
#define RECEIPT_HASH_BYTES 65          /* SHA-256 in hex, and the NUL */
#define CHOICES_TEXT_BYTES (BALLOT_CANDIDATES_MAX * 4 + 1)

/* A new receipt, formatted for the voter. */
void receipt_new(char out[RECEIPT_TEXT_BYTES]);
/*
** A receipt as someone typed it (any case, dashes or spaces anywhere,
** O for 0, I and L for 1) to its 24 characters: 0, or -1 if it cannot be one.
*/
int receipt_normalize(const char *in, char out[RECEIPT_CODE_CHARS + 1]);
/* The stored form of a normalized receipt. */
void receipt_hash(const char *code, char out[RECEIPT_HASH_BYTES]);

/* One online ballot as stored and published. */
struct cast_vote {
	char receipt_hash[RECEIPT_HASH_BYTES];
	char choices[CHOICES_TEXT_BYTES]; /* "1,4", "" when blank */
};

/* Candidate ids (1..n) to the stored text, sorted ascending. */
void choices_format(const int *ids, size_t n, char out[CHOICES_TEXT_BYTES]);
/*
** Stored text back to ids; -1 when it is not exactly what choices_format
** writes (ascending ids from 1 to BALLOT_CANDIDATES_MAX, no sign, space or
** leading zero, no empty item), so a tampered row cannot count twice.
*/
int choices_parse(const char *text, int *ids, size_t max, size_t *n);

/*
** Count the online ballots and the paper counts into per (a count per
** candidate, n_candidates long) and c; *online_blank counts the blank
** online ballots. -1 when a stored ballot is not in the stored form.
*/
int ballot_count(const struct ballot *b, const struct cast_vote *votes, size_t n,
		 int64_t *per, struct ballot_counts *c, int64_t *online_blank, struct error *e);

/* The digest described above; votes sorted by receipt hash. */
void ballot_digest(const struct ballot *b, const struct cast_vote *votes, size_t n,
		   char out[RECEIPT_HASH_BYTES]);

#endif
