/* People: the cadres and members whose awards and party status are recorded. */
#ifndef THIDUA_PERSON_H
#define THIDUA_PERSON_H

#include <stdint.h>

#include "core/error.h"

#define PERSON_NAME_CHARS 128
#define POSITION_CHARS 255

enum gender { GENDER_MALE = 0, GENDER_FEMALE = 1 };

struct person {
	int64_t id;
	char full_name[PERSON_NAME_CHARS * 4 + 1];
	enum gender gender;
	int birth_year; /* 0: unknown */
	int64_t org_id;
	char position[POSITION_CHARS * 4 + 1];
	int party_member;
	char party_admission_date[11]; /* "" when unknown or not a member */
};

const char *gender_name(enum gender g);
int gender_parse(const char *s, enum gender *g);

/* current_year bounds the birth year and the admission date. */
int person_validate(const struct person *p, int current_year, struct error *e);

#endif
