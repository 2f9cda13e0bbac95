/* /health and /api/v1/audit. */
#include "api/api.h"

#include <stdlib.h>
#include <string.h>

void api_health(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	if (store_ping(cx->db, &e) != 0) {
		resp_json(rs, 503, json_pack("{s:s, s:s}", "status", "unavailable", "database",
					     "unreachable"));
		return;
	}
	resp_json(rs, 200, json_pack("{s:s, s:s}", "status", "ok", "database", "ok"));
}

static json_t *parsed_or_null(const char *s)
{
	return s ? json_loads(s, 0, NULL) : json_null();
}

static json_t *audit_json(const struct audit_entry *a)
{
	json_t *before = parsed_or_null(a->before_json);
	json_t *after = parsed_or_null(a->after_json);
	return json_pack("{s:I, s:s, s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:s}",
			 "seq", (json_int_t)a->seq, "at", a->at,
			 "actor_id", a->actor_id ? json_integer(a->actor_id) : json_null(),
			 "actor_name", a->actor_name, "action", a->action, "entity", a->entity,
			 "entity_id", a->entity_id, "before", before ? before : json_null(),
			 "after", after ? after : json_null(), "request_id", a->request_id);
}

void api_audit_list(struct request *rq, struct response *rs)
{
	struct ctx *cx = ctx_of(rq);
	struct error e;
	err_clear(&e);
	struct audit_filter f = {.entity = req_query(rq, "entity"),
				 .entity_id = req_query(rq, "entity_id")};
	if (api_page(rq, &f.page, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	struct audit_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (store_audit_list(cx->db, &f, &rows, &n, &total, &e) != 0) {
		resp_error(rs, &e);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, audit_json(&rows[i].entry));
	store_audit_rows_free(rows, n);
	resp_json(rs, 200, api_list(arr, total, &f.page));
}
