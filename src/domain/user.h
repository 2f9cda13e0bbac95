/* User accounts: a login, its roles, and the org that scopes them. */
#ifndef THIDUA_USER_H
#define THIDUA_USER_H

#include <stdint.h>

#include "core/error.h"

struct user {
	int64_t id;
	char username[65];
	unsigned roles; /* bit set of enum role */
	int64_t org_id; /* 0: none */
	int disabled;
};

/*
** Roles that act for an organization (everything but admin and viewer)
** need one; at least one role is required.
*/
int user_validate(const struct user *u, struct error *e);

#endif
