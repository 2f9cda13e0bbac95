/* Rules of a user account. */
#include "domain/user.h"

#include "domain/auth.h"
#include "domain/authz.h"

int user_validate(const struct user *u, struct error *e)
{
	if (auth_username_valid(u->username, e) != 0)
		return -1;
	if (u->roles == 0)
		return err_set(e, ERR_INVALID, "required", "roles", "at least one role is required");
	unsigned scoped = u->roles & ~(unsigned)(ROLE_ADMIN | ROLE_VIEWER);
	if (scoped && u->org_id <= 0)
		return err_set(e, ERR_INVALID, "org_required", "org_id",
			       "roles other than admin and viewer act for an organization: "
			       "org_id is required");
	return 0;
}
