/*
** The cluster year's emulation agreement (giao ước thi đua): a text and a
** list of targets the members commit to, signed once by every member unit.
** Its revision grows with every change; a change after any signature
** voids the signatures, and the members sign the new text again.
*/
#ifndef THIDUA_AGREEMENT_H
#define THIDUA_AGREEMENT_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "domain/criteria.h"

#define AGREEMENT_TEXT_CHARS 50000
#define TARGETS_MAX 100
#define TARGET_UNIT_CHARS 40

struct agreement_target {
	char code[CRITERION_CODE_CHARS + 1];
	char name[CRITERION_NAME_CHARS * 4 + 1];
	double value; /* valid when has_value */
	int has_value;
	char unit[TARGET_UNIT_CHARS * 4 + 1]; /* "đảng viên", "%" … */
};

struct agreement {
	char *text; /* owned; NFC */
	struct agreement_target *targets; /* owned */
	size_t n_targets;
	int revision; /* 0 before the first text */
	char updated_at[21];
};

struct signature {
	int64_t org_id;
	int revision;
	char signed_at[21];
};

/* Target codes well formed and unique, names present, values finite. */
int agreement_validate(const struct agreement *a, struct error *e);
void agreement_free(struct agreement *a);

/* Has every member signed? (signatures belong to members only) */
int agreement_all_signed(const int64_t *members, size_t n_members,
			 const struct signature *sigs, size_t n_sigs);

#endif
