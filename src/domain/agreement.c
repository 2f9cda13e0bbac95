/* Rules of the emulation agreement and its signatures. */
#include "domain/agreement.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int agreement_validate(const struct agreement *a, struct error *e)
{
	if (!a->text || !a->text[0])
		return err_set(e, ERR_INVALID, "required", "text", "text is required");
	if (a->n_targets > TARGETS_MAX)
		return err_set(e, ERR_INVALID, "too_many", "targets",
			       "an agreement lists at most %d targets", TARGETS_MAX);
	for (size_t i = 0; i < a->n_targets; i++) {
		const struct agreement_target *t = &a->targets[i];
		if (!criterion_code_valid(t->code))
			return err_set(e, ERR_INVALID, "invalid_code", "targets",
				       "target codes are 1 to %d letters, digits, '.', '-' or '_'",
				       CRITERION_CODE_CHARS);
		if (!t->name[0])
			return err_set(e, ERR_INVALID, "required", "targets",
				       "target %s needs a name", t->code);
		if (t->has_value && (!isfinite(t->value) || fabs(t->value) > QUANTITY_MAX))
			return err_set(e, ERR_INVALID, "out_of_range", "targets",
				       "target %s: the value is out of range", t->code);
		for (size_t k = 0; k < i; k++)
			if (strcmp(a->targets[k].code, t->code) == 0)
				return err_set(e, ERR_INVALID, "duplicate", "targets",
					       "target code %s appears twice", t->code);
	}
	return 0;
}

void agreement_free(struct agreement *a)
{
	free(a->text);
	free(a->targets);
	memset(a, 0, sizeof *a);
}

int agreement_all_signed(const int64_t *members, size_t n_members,
			 const struct signature *sigs, size_t n_sigs)
{
	for (size_t i = 0; i < n_members; i++) {
		int signed_it = 0;
		for (size_t k = 0; k < n_sigs && !signed_it; k++)
			signed_it = sigs[k].org_id == members[i];
		if (!signed_it)
			return 0;
	}
	return n_members > 0;
}
