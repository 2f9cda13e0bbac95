/*
** One HTTP request and its response, as the server hands them to the
** application: the decoded path, the body (already capped), accessors for
** headers and query arguments, and the response the handler fills in.
*/
#ifndef THIDUA_REQUEST_H
#define THIDUA_REQUEST_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

struct MHD_Connection;

#define REQUEST_ID_CHARS 24
#define MAX_PATH_PARAMS 4
#define SECRET_PARAM_CHARS 64

struct request {
	const char *method;
	const char *path;
	const char *body; /* NUL-terminated; body_len excludes the NUL */
	size_t body_len;
	char id[REQUEST_ID_CHARS];
	char client_ip[64];
	int secure;     /* reached over TLS (directly or via a proxy saying so) */
	int64_t params[MAX_PATH_PARAMS]; /* numeric path segments, in order */
	int n_params;
	/* a "{~name}" segment: a code (letters, digits, dashes) such as a
	 * ballot receipt, which the access log must not show (see
	 * server_redact_path) */
	char secret[SECRET_PARAM_CHARS + 1];
	struct MHD_Connection *mhd;
	void *app_state; /* the application's per-request state */
	/* >0 while the server itself reads a list whole (an export): take up
	 * to this many rows from the first, whatever ?limit= and ?offset= say */
	int whole_list;
};

#define RESPONSE_HEADERS 8

struct response {
	int status;
	char *body; /* malloc'd, owned by the response */
	size_t len;
	const unsigned char *static_body; /* not owned (embedded assets) */
	const char *content_type;
	struct {
		const char *name;
		char value[512];
	} headers[RESPONSE_HEADERS];
	int n_headers;
	int64_t user_id; /* for the access log only */
};

const char *req_header(const struct request *rq, const char *name);
/* Query argument, or NULL when absent. */
const char *req_query(const struct request *rq, const char *name);
/* Value of cookie `name` into out; 0 when present. */
int req_cookie(const struct request *rq, const char *name, char *out, size_t n);

/*
** Integer query argument in [min, max]: 0 and *out = dflt when absent,
** -1 with a 400 error when not an integer or out of range.
*/
int req_query_int(const struct request *rq, const char *name, int64_t min, int64_t max,
		  int64_t dflt, int64_t *out, struct error *e);

/*
** The body as a JSON object (new reference): 400 on malformed JSON,
** duplicate keys, invalid UTF-8 or a non-object, 415 when the
** Content-Type is not JSON.
*/
json_t *req_json_object(const struct request *rq, struct error *e);

void resp_header(struct response *rs, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Steals the reference to j. */
void resp_json(struct response *rs, int status, json_t *j);
void resp_error(struct response *rs, const struct error *e);
void resp_errorf(struct response *rs, enum err_kind kind, const char *code,
		 const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void resp_empty(struct response *rs, int status);
void resp_static(struct response *rs, const unsigned char *data, size_t len,
		 const char *content_type);
/*
** A document to download: body (malloc'd, stolen) with its type, and
** filename (UTF-8, e.g. "Biên bản hội nghị 2026.pdf") in the
** Content-Disposition as RFC 6266 asks: an ASCII fallback, then the
** exact name in RFC 5987 encoding.
*/
void resp_file(struct response *rs, char *body, size_t len, const char *content_type,
	       const char *filename);
/* The Content-Disposition value resp_file sends, into out (n ≥ 64). */
void content_disposition(char *out, size_t n, const char *filename);

#endif
