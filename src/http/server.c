/* libmicrohttpd plumbing: connection state, body intake, dispatch, shutdown. */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"

struct server {
	const struct server_config *cfg;
	server_handler handler;
	void *app;
	atomic_int in_flight;
	atomic_int draining;
	atomic_int open_conns; /* connections accepted and not yet closed */
};

/* Per-request state, from the first call of the access handler to completion. */
struct conn_state {
	char id[REQUEST_ID_CHARS];
	char method[16];
	char path[256];
	double started_ms;
	char *body;
	size_t len, cap;
	int rejected;  /* a response was already queued */
	int too_large; /* the body passed the cap: drop the rest, answer 413 */
	size_t dropped; /* bytes of an oversized body thrown away so far */
	int status;
	long long user_id;
};

static const char security_csp[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
	" connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

static void new_request_id(char *out)
{
	unsigned char raw[8];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, REQUEST_ID_CHARS, raw, sizeof raw);
}

static void add_common_headers(struct MHD_Response *r, const struct conn_state *st,
			       const struct server *srv)
{
	MHD_add_response_header(r, "X-Request-Id", st->id);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "Content-Security-Policy", security_csp);
	if (srv->cfg->behind_tls)
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
	if (atomic_load(&srv->draining))
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
}

/* Does the segment at s (n bytes) equal one of words, in any case? */
static int is_word(const char *s, size_t n, const char *const *words)
{
	for (; words && *words; words++)
		if (strlen(*words) == n && strncasecmp(*words, s, n) == 0)
			return 1;
	return 0;
}

void server_redact_path(char *path, const char *const *secret_after)
{
	char *seg = path;
	while (*seg) {
		if (*seg == '/') {
			seg++;
			continue;
		}
		char *end = strchr(seg, '/');
		size_t n = end ? (size_t)(end - seg) : strlen(seg);
		/* all that follows: a code split by a stray slash stays hidden too */
		if (is_word(seg, n, secret_after) && end && end[1]) {
			memcpy(end + 1, "*", 2);
			return;
		}
		seg += n;
	}
}

static enum MHD_Result queue(struct MHD_Connection *conn, struct server *srv,
			     struct conn_state *st, struct response *rs)
{
	struct MHD_Response *r;
	if (rs->static_body)
		r = MHD_create_response_from_buffer(rs->len, (void *)rs->static_body,
						    MHD_RESPMEM_PERSISTENT);
	else
		r = MHD_create_response_from_buffer(rs->len, rs->body ? rs->body : (void *)"",
						    rs->body ? MHD_RESPMEM_MUST_FREE
							     : MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(rs->body);
		return MHD_NO;
	}
	rs->body = NULL; /* the response owns it now */
	if (rs->content_type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs->content_type);
	for (int i = 0; i < rs->n_headers; i++)
		MHD_add_response_header(r, rs->headers[i].name, rs->headers[i].value);
	add_common_headers(r, st, srv);
	st->status = rs->status;
	st->user_id = rs->user_id;
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result queue_error(struct MHD_Connection *conn, struct server *srv,
				   struct conn_state *st, enum err_kind kind,
				   const char *code, const char *message)
{
	struct response rs;
	memset(&rs, 0, sizeof rs);
	resp_errorf(&rs, kind, code, NULL, "%s", message);
	st->rejected = 1;
	return queue(conn, srv, st, &rs);
}

/*
** Beyond max_connections a request is answered 503 at once, with
** Retry-After, and its connection closed: a client learns to come back
** rather than meeting a reset, and the connections already served keep
** their share of the threads. MHD refuses outright only past a higher
** limit (hard_connection_limit).
*/
static enum MHD_Result queue_overloaded(struct MHD_Connection *conn, struct server *srv,
					struct conn_state *st)
{
	struct response rs;
	memset(&rs, 0, sizeof rs);
	resp_errorf(&rs, ERR_UNAVAILABLE, "overloaded", NULL,
		    "the server is busy; try again in a moment");
	resp_header(&rs, "Retry-After", "1");
	resp_header(&rs, MHD_HTTP_HEADER_CONNECTION, "close");
	st->rejected = 1;
	return queue(conn, srv, st, &rs);
}

static unsigned hard_connection_limit(const struct server_config *cfg)
{
	return (unsigned)(cfg->max_connections + cfg->max_connections / 4 + 8);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct server *srv = cls;
	(void)conn;
	(void)socket_context;
	atomic_fetch_add(&srv->open_conns, toe == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
}

static void client_ip(struct MHD_Connection *conn, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, n, "unknown");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
			  (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  out, (socklen_t)n);
}

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *value)
{
	int *n = cls;
	(void)kind;
	(void)value;
	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0 ||
	    strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
		(*n)++;
	return MHD_YES;
}

/*
** The body's length must be told exactly one way: MHD reads only the first
** Content-Length and treats codings other than chunked as "until close",
** so a proxy that reads the request otherwise would see a second request
** hidden in this one's body.
*/
static int ambiguous_length(struct MHD_Connection *conn, const char *te)
{
	int n = 0;
	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_framing, &n);
	return n > 1 || (te && strcasecmp(te, "chunked") != 0);
}

/* How much of an oversized body is read and thrown away before hanging up. */
static size_t drain_limit(const struct server *srv)
{
	return 8 * srv->cfg->max_body;
}

/*
** Behind our own reverse proxy every peer is the proxy: the client is the
** address the proxy appended last to X-Forwarded-For (earlier entries come
** from the client and prove nothing). Kept only if it looks like an address.
*/
static void forwarded_ip(struct MHD_Connection *conn, char *out, size_t n)
{
	const char *xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
	if (!xff)
		return;
	const char *last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ')
		last++;
	size_t len = strcspn(last, " ");
	if (len == 0 || len >= n || strspn(last, "0123456789abcdefABCDEF.:") < len)
		return;
	memcpy(out, last, len);
	out[len] = 0;
}

/* Checks made before any of the body is read; returns 0 to go on. */
static int refuse_early(struct MHD_Connection *conn, struct server *srv,
			struct conn_state *st, enum MHD_Result *ret)
{
	const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_TRANSFER_ENCODING);
	if (ambiguous_length(conn, te)) {
		*ret = queue_error(conn, srv, st, ERR_BAD_REQUEST, "ambiguous_length",
				   "a request must give its body length once: one "
				   "Content-Length or Transfer-Encoding: chunked");
		return 1;
	}
	if (cl && strtoull(cl, NULL, 10) > srv->cfg->max_body) {
		/* A client that waits for "100 Continue", or that announces a body
		 * too large to be worth reading, is answered at once (and the
		 * connection closed). Others are still sending: reading the body
		 * to its end lets them see the 413 instead of a reset. */
		const char *expect = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
								 MHD_HTTP_HEADER_EXPECT);
		if (expect || strtoull(cl, NULL, 10) > drain_limit(srv)) {
			*ret = queue_error(conn, srv, st, ERR_TOO_LARGE, "body_too_large",
					   "the request body is larger than the server accepts");
			return 1;
		}
		st->too_large = 1;
	}
	return 0;
}

static int take_upload(struct conn_state *st, const char *data, size_t n, size_t cap)
{
	if (st->len + n > cap)
		return -1;
	if (st->len + n + 1 > st->cap) {
		size_t ncap = st->cap ? st->cap : 4096;
		while (ncap < st->len + n + 1)
			ncap *= 2;
		char *p = realloc(st->body, ncap);
		if (!p)
			return -1;
		st->body = p;
		st->cap = ncap;
	}
	memcpy(st->body + st->len, data, n);
	st->len += n;
	st->body[st->len] = 0;
	return 0;
}

static int via_tls(struct MHD_Connection *conn, const struct server *srv)
{
	const char *proto = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							"X-Forwarded-Proto");
	return srv->cfg->behind_tls || (proto && strcmp(proto, "https") == 0);
}

static enum MHD_Result dispatch(struct MHD_Connection *conn, struct server *srv,
				struct conn_state *st, const char *url, const char *method)
{
	struct request rq;
	struct response rs;
	memset(&rq, 0, sizeof rq);
	memset(&rs, 0, sizeof rs);
	rq.method = method;
	rq.path = url;
	rq.body = st->body ? st->body : "";
	rq.body_len = st->len;
	rq.mhd = conn;
	rq.secure = via_tls(conn, srv);
	memcpy(rq.id, st->id, sizeof rq.id);
	client_ip(conn, rq.client_ip, sizeof rq.client_ip);
	if (srv->cfg->trust_proxy)
		forwarded_ip(conn, rq.client_ip, sizeof rq.client_ip);
	srv->handler(srv->app, &rq, &rs);
	if (rs.status == 0)
		resp_errorf(&rs, ERR_INTERNAL, "internal", NULL, "no response");
	return queue(conn, srv, st, &rs);
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn, const char *url,
				 const char *method, const char *version,
				 const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct server *srv = cls;
	struct conn_state *st = *con_cls;
	(void)version;
	if (!st) {
		st = calloc(1, sizeof *st);
		if (!st)
			return MHD_NO;
		*con_cls = st;
		atomic_fetch_add(&srv->in_flight, 1);
		st->started_ms = clock_mono_ms();
		new_request_id(st->id);
		snprintf(st->method, sizeof st->method, "%s", method);
		snprintf(st->path, sizeof st->path, "%s", url);
		for (char *c = st->path; *c; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f || *c == ' ')
				*c = '?'; /* keep one request on one log line */
		server_redact_path(st->path, srv->cfg->log_secret_after);
		if (atomic_load(&srv->open_conns) > srv->cfg->max_connections)
			return queue_overloaded(conn, srv, st);
		enum MHD_Result ret;
		if (refuse_early(conn, srv, st, &ret))
			return ret;
		/* Answer on a later call: queuing now would close keep-alive. */
		return MHD_YES;
	}
	if (st->rejected) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		/* MHD cannot queue an answer in the middle of a body (a chunked one
		 * can pass the cap there): drop the rest and answer at its end. */
		if (!st->too_large &&
		    take_upload(st, upload_data, *upload_size, srv->cfg->max_body) != 0) {
			st->too_large = 1;
			free(st->body);
			st->body = NULL;
			st->len = st->cap = 0;
		}
		if (st->too_large)
			st->dropped += *upload_size;
		*upload_size = 0;
		/* An endless chunked body is cut off, unanswered. */
		return st->dropped > drain_limit(srv) ? MHD_NO : MHD_YES;
	}
	if (st->too_large)
		return queue_error(conn, srv, st, ERR_TOO_LARGE, "body_too_large",
				   "the request body is larger than the server accepts");
	return dispatch(conn, srv, st, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	struct conn_state *st = *con_cls;
	(void)conn;
	if (!st)
		return;
	double ms = clock_mono_ms() - st->started_ms;
	log_info("req=%s method=%s path=%s status=%d ms=%.1f user=%lld%s", st->id, st->method,
		 st->path, st->status, ms, st->user_id,
		 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted=1");
	free(st->body);
	free(st);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->in_flight, 1);
}

void server_block_signals(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static void wait_for_stop_signal(void)
{
	sigset_t set;
	int sig = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	while (sigwait(&set, &sig) != 0)
		;
	log_info("signal=%d stopping: finishing in-flight requests", sig);
}

static void drain(struct server *srv)
{
	double deadline = clock_mono_ms() + srv->cfg->drain_seconds * 1000.0;
	while (atomic_load(&srv->in_flight) > 0 && clock_mono_ms() < deadline)
		usleep(10 * 1000);
	int left = atomic_load(&srv->in_flight);
	if (left > 0)
		log_warn("stop: %d requests still in flight after %d s", left,
			 srv->cfg->drain_seconds);
}

int server_run(const struct server_config *cfg, server_handler handler, void *app)
{
	struct server srv = {.cfg = cfg, .handler = handler, .app = app};
	struct sockaddr_in addr;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, cfg->host, &addr.sin_addr) != 1) {
		log_error("listen: '%s' is not an IPv4 address", cfg->host);
		return -1;
	}
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC, 0, NULL, NULL,
		on_access, &srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, &srv,
		MHD_OPTION_CONNECTION_LIMIT, hard_connection_limit(cfg),
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)256,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_END);
	if (!d) {
		log_error("listen: cannot listen on %s:%d", cfg->host, cfg->port);
		return -1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	int port = info ? info->port : cfg->port;
	printf("listening on http://%s:%d\n", cfg->host, port);
	fflush(stdout);
	log_info("listening host=%s port=%d threads=%d", cfg->host, port, cfg->threads);

	wait_for_stop_signal();
	atomic_store(&srv.draining, 1);
	MHD_socket listen_fd = MHD_quiesce_daemon(d);
	if (listen_fd != MHD_INVALID_SOCKET)
		close(listen_fd);
	drain(&srv);
	MHD_stop_daemon(d);
	log_info("stopped");
	return 0;
}
