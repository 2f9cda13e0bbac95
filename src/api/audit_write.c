/* Writing audit entries, for the API and the command line alike. */
#include "api/api.h"

#include <stdlib.h>

static char *dump_or_null(json_t *j)
{
	return j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
}

int audit_write(struct db_conn *db, const struct audit_actor *actor, const char *action,
		const char *entity, const char *entity_id, json_t *before, json_t *after,
		struct error *e)
{
	char *b = dump_or_null(before), *a = dump_or_null(after);
	struct audit_entry entry = {
		.actor_id = actor->id,
		.actor_name = actor->name,
		.action = action,
		.entity = entity,
		.entity_id = entity_id,
		.before_json = b,
		.after_json = a,
		.request_id = actor->request_id,
	};
	int rc = (before && !b) || (after && !a)
			 ? err_set(e, ERR_INTERNAL, "internal", NULL, "cannot encode the audit entry")
			 : store_audit_append(db, &entry, e);
	free(b);
	free(a);
	return rc;
}
