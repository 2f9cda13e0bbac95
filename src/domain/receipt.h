/*
** The record of the ballots cast: receipts, the stored form of choices,
** the count of what was stored, and the ballot digest.
**
** A receipt is 120 random bits written as 24 Crockford base32 characters
** in groups of four ("7K3D-…"). Only its SHA-256 (of the 24 characters,
** upper case, no dashes) is stored, in a list of its own: it proves that
** its holder's ballot was counted, and nothing about what the ballot
** says, so nobody can be made to show how they voted. The ballots are
** stored apart, under random keys, as one mark per candidate ("0101"):
** every ballot of a ballot is the same size, so the places rows take in
** the file tell nothing either.
**
** The digest of a ballot is the SHA-256 of "receipt <hash>\n" for each
** receipt, sorted, then "ballot <candidate ids, ascending, comma
** separated>\n" for each online ballot (nothing after the space for a
** blank one), in the order published, then, when paper ballots were
** entered, "paper <papers> <blank> <invalid> <votes of candidate 1>,<votes
** of candidate 2>,…\n". The published result lists the same, so anyone
** can recount and recompute it.
*/
#ifndef THIDUA_RECEIPT_H
#define THIDUA_RECEIPT_H

#include <stddef.h>

#include "domain/ballot.h"

#define RECEIPT_CODE_CHARS 24          /* without the dashes */
#define RECEIPT_TEXT_BYTES 30          /* with them, and the NUL */
#define RECEIPT_HASH_BYTES 65          /* SHA-256 in hex, and the NUL */
#define MARKS_BYTES (BALLOT_CANDIDATES_MAX + 1)

/* A new receipt, formatted for the voter. */
void receipt_new(char out[RECEIPT_TEXT_BYTES]);
/*
** A receipt as someone typed it (any case, dashes or spaces anywhere,
** O for 0, I and L for 1) to its 24 characters: 0, or -1 if it cannot be one.
*/
int receipt_normalize(const char *in, char out[RECEIPT_CODE_CHARS + 1]);
/* The stored form of a normalized receipt. */
void receipt_hash(const char *code, char out[RECEIPT_HASH_BYTES]);

#define VOTE_KEY_BYTES 33 /* 128 random bits in hex, and the NUL */

/* One online ballot as stored: '1' for each chosen candidate, '0' else. */
struct cast_vote {
	char key[VOTE_KEY_BYTES]; /* random: a row's key says nothing */
	char marks[MARKS_BYTES];
};

/* A new random key for a stored ballot. */
void vote_key_new(char out[VOTE_KEY_BYTES]);

/* Candidate ids (1..n_candidates) to marks, n_candidates wide. */
void choices_format(const int *ids, size_t n, size_t n_candidates, char out[MARKS_BYTES]);
/*
** Marks back to ids, ascending; -1 unless exactly n_candidates marks of
** '0' or '1' (a tampered or corrupt row is refused, never miscounted).
*/
int choices_parse(const char *marks, size_t n_candidates, int *ids, size_t *n);

/*
** Count the online ballots and the paper counts into per (a count per
** candidate, n_candidates long) and c; *online_blank counts the blank
** online ballots. -1 when a stored ballot is not in the stored form or
** does not fit the ballot's kind.
*/
int ballot_count(const struct ballot *b, const struct cast_vote *votes, size_t n,
		 int64_t *per, struct ballot_counts *c, int64_t *online_blank, struct error *e);

/* The digest described above: receipts sorted, votes in the order published. */
void ballot_digest(const struct ballot *b, const char (*receipts)[RECEIPT_HASH_BYTES],
		   size_t n_receipts, const struct cast_vote *votes, size_t n_votes,
		   char out[RECEIPT_HASH_BYTES]);

#endif
