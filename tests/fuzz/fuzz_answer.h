/* How the fuzz targets check that a refusal answers well. */
#ifndef THIDUA_FUZZ_ANSWER_H
#define THIDUA_FUZZ_ANSWER_H

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "http/request.h"
#include "fuzz_util.h"

/* The error answers with its status and a JSON body, whatever it quotes. */
static inline void check_answer(const struct error *e, int want_status)
{
	struct response rs;
	memset(&rs, 0, sizeof rs);
	resp_error(&rs, e);
	FUZZ_CHECK(rs.status == want_status, "status %d, want %d (%s: %s)", rs.status,
		   want_status, e->code, e->message);
	json_t *j = json_loadb(rs.body, rs.len, 0, NULL);
	FUZZ_CHECK(j != NULL, "error body is not JSON");
	json_decref(j);
	free(rs.body);
}

/* A body refused as invalid: 422 with a code and a message. */
static inline void check_refusal(const struct error *e)
{
	FUZZ_CHECK(e->kind == ERR_INVALID, "refused with kind %d (%s: %s)", (int)e->kind,
		   e->code, e->message);
	FUZZ_CHECK(e->code[0] != 0 && e->message[0] != 0, "refusal without code or message");
	check_answer(e, 422);
}

#endif
