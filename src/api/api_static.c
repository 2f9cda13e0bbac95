/* The web UI: files embedded at build time, served with a strict CSP. */
#include "api/api.h"

#include <string.h>

#include "core/embedded.h"

static const char *content_type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return "application/octet-stream";
	if (strcmp(dot, ".html") == 0)
		return "text/html; charset=utf-8";
	if (strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	if (strcmp(dot, ".json") == 0)
		return "application/json; charset=utf-8";
	return "application/octet-stream";
}

void api_static(struct request *rq, struct response *rs)
{
	if (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0) {
		resp_errorf(rs, ERR_BAD_REQUEST, "method_not_allowed", NULL,
			    "only GET is allowed here");
		rs->status = 405;
		resp_header(rs, "Allow", "GET, HEAD");
		return;
	}
	/* Every page is the single-page app; assets live under /static/. */
	const char *name = "index.html";
	if (strncmp(rq->path, "/static/", 8) == 0)
		name = rq->path + 8;
	else if (strchr(rq->path + 1, '.') != NULL) {
		resp_errorf(rs, ERR_NOT_FOUND, "not_found", NULL, "no such file");
		return;
	}
	const struct embedded_file *f = embedded_find(web_assets, name);
	if (!f) {
		resp_errorf(rs, ERR_NOT_FOUND, "not_found", NULL, "no such file");
		return;
	}
	resp_static(rs, f->data, f->size, content_type_of(name));
	resp_header(rs, "Cache-Control", "no-cache");
}
