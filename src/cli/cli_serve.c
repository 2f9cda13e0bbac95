/* thidua serve: open the pool, check the schema, run the HTTP server. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "core/log.h"
#include "http/server.h"
#include "store/pool.h"

#define DEFAULT_MAX_BODY (1024 * 1024)
/* With the quarter more that are answered 503, below the usual 1024 open files. */
#define DEFAULT_MAX_CONNECTIONS 768

static int parse_listen(const char *s, char *host, size_t n, int *port)
{
	const char *colon = strrchr(s, ':');
	if (!colon || (size_t)(colon - s) >= n || colon == s)
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = 0;
	char *end;
	long p = strtol(colon + 1, &end, 10);
	if (*end || p < 0 || p > 65535 || colon[1] == 0)
		return -1;
	*port = (int)p;
	return 0;
}

static int parse_positive(const char *s, long max, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == 0 || *end || v < 1 || v > max)
		return -1;
	*out = v;
	return 0;
}

#define REPLICAS_MAX 16

/* A pool per --db-replica URL, each as large as the primary's; 0, or -1 after saying why. */
static int open_replicas(int argc, char **argv, size_t size, struct db_pool **pools, size_t *n)
{
	const char *urls[REPLICAS_MAX];
	int count = cli_opt_all(argc, argv, "db-replica", urls, REPLICAS_MAX);
	*n = 0;
	if (count < 0)
		return cli_fail("at most %d --db-replica", REPLICAS_MAX);
	for (int i = 0; i < count; i++) {
		char err[512];
		const char *target;
		if (db_driver_for(urls[i], &target) != &db_pg_driver)
			return cli_fail("--db-replica takes a postgresql:// URL");
		pools[*n] = db_pool_open(urls[i], size, err, sizeof err);
		if (!pools[*n])
			return cli_fail("replica: %s", err);
		(*n)++;
	}
	return 0;
}

static void close_replicas(struct db_pool **pools, size_t n)
{
	for (size_t i = 0; i < n; i++)
		db_pool_close(pools[i]);
}

int cli_serve(int argc, char **argv)
{
	static const char *const valued[] = {"db", "db-replica", "listen", "threads", "max-body",
					     "max-connections", NULL};
	static const char *const flags[] = {"behind-tls", "trust-proxy", NULL};
	if (cli_check_options(argc, argv, 2, valued, flags) != 0)
		return 2;
	char host[64];
	int port;
	long threads = sysconf(_SC_NPROCESSORS_ONLN), max_body = DEFAULT_MAX_BODY;
	long max_conns = DEFAULT_MAX_CONNECTIONS;
	if (threads < 2)
		threads = 2;
	const char *listen = cli_opt(argc, argv, "listen");
	if (parse_listen(listen ? listen : "127.0.0.1:8080", host, sizeof host, &port) != 0)
		return cli_fail("--listen takes ADDR:PORT, e.g. 127.0.0.1:8080");
	const char *t = cli_opt(argc, argv, "threads");
	if (t && parse_positive(t, 256, &threads) != 0)
		return cli_fail("--threads takes a number from 1 to 256");
	const char *mb = cli_opt(argc, argv, "max-body");
	if (mb && parse_positive(mb, 64L * 1024 * 1024, &max_body) != 0)
		return cli_fail("--max-body takes a byte count from 1 to 67108864");
	const char *mc = cli_opt(argc, argv, "max-connections");
	if (mc && parse_positive(mc, 100000, &max_conns) != 0)
		return cli_fail("--max-connections takes a number from 1 to 100000");

	const char *url = cli_db_url(cli_opt(argc, argv, "db")), *target;
	if (cli_opt(argc, argv, "db-replica") && db_driver_for(url, &target) != &db_pg_driver)
		return cli_fail("--db-replica needs a PostgreSQL primary (--db postgresql://…)");
	struct db_conn *check = NULL;
	if (cli_open(url, &check) != 0)
		return 1;
	db_close(check);

	/* Threads start below: block the stop signals first so only
	 * server_run's sigwait receives them. */
	server_block_signals();
	char err[512];
	struct db_pool *pool = db_pool_open(url, (size_t)threads, err, sizeof err);
	if (!pool)
		return cli_fail("%s", err);
	struct db_pool *replicas[REPLICAS_MAX];
	size_t n_replicas = 0;
	if (open_replicas(argc, argv, (size_t)threads, replicas, &n_replicas) != 0) {
		close_replicas(replicas, n_replicas);
		db_pool_close(pool);
		return 1;
	}
	struct app app;
	if (app_init(&app, pool, 2) != 0) {
		close_replicas(replicas, n_replicas);
		db_pool_close(pool);
		return cli_fail("cannot initialize (out of memory?)");
	}
	app.replicas = replicas;
	app.n_replicas = n_replicas;
	struct server_config cfg = {
		.host = host,
		.port = port,
		.threads = (int)threads,
		.max_body = (size_t)max_body,
		.behind_tls = cli_flag(argc, argv, "behind-tls"),
		.trust_proxy = cli_flag(argc, argv, "trust-proxy"),
		.drain_seconds = 10,
		.max_connections = (int)max_conns,
		.log_secret_after = api_log_secret_after,
	};
	int rc = server_run(&cfg, api_handle, &app);
	app_destroy(&app);
	close_replicas(replicas, n_replicas);
	db_pool_close(pool);
	return rc == 0 ? 0 : 1;
}
