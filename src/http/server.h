/*
** The HTTP server on libmicrohttpd: a thread pool with epoll, bodies
** counted as they arrive and refused with 413 past the cap, requests
** carrying both Content-Length and Transfer-Encoding refused (request
** smuggling), a request id and an access-log line per request, security
** headers on every response, 503 with Retry-After past a connection
** limit (load shedding), and a graceful stop on SIGTERM/SIGINT that
** lets in-flight requests finish.
*/
#ifndef THIDUA_SERVER_H
#define THIDUA_SERVER_H

#include <stddef.h>

#include "http/request.h"

struct server_config {
	const char *host; /* "127.0.0.1" */
	int port;         /* 0: any free port */
	int threads;
	size_t max_body;
	int behind_tls;   /* responses are reached over https (sets Secure cookies) */
	int trust_proxy;  /* the peer is our reverse proxy: the client is the last
			   * address of X-Forwarded-For */
	int drain_seconds; /* how long a stop waits for in-flight requests */
	int max_connections; /* past this many open connections a request gets 503 */
	/* path segments after which comes a secret the log must not show */
	const char *const *log_secret_after;
};

typedef void (*server_handler)(void *app, struct request *rq, struct response *rs);

/*
** Serve until SIGTERM or SIGINT. Prints "listening on http://HOST:PORT"
** on stdout once ready. The caller must have blocked those signals in
** every thread (server_block_signals) before starting any thread.
** Returns 0 after a clean stop, -1 if the server could not start.
*/
int server_run(const struct server_config *cfg, server_handler handler, void *app);

/* Block SIGTERM/SIGINT/SIGPIPE in the calling thread (and threads it starts). */
void server_block_signals(void);

/*
** Blank out of a path as the access log shows it all that follows a
** segment equal (in any case) to one of the words secret_after
** (NULL-terminated): "/x/receipts/CODE/y" becomes "/x/receipts/" then "*".
** It runs on every logged path, routed or not, so a mistyped path keeps
** its code out too.
*/
void server_redact_path(char *path, const char *const *secret_after);

#endif
