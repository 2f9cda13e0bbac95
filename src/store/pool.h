/*
** A fixed set of database connections shared by the server's worker
** threads: a request borrows one for its duration, so no connection is
** ever used by two threads at once.
*/
#ifndef THIDUA_POOL_H
#define THIDUA_POOL_H

#include <stddef.h>

#include "store/db.h"

struct db_pool;

/* Open `size` connections to url; NULL with err filled on failure. */
struct db_pool *db_pool_open(const char *url, size_t size, char *err, size_t errlen);
void db_pool_close(struct db_pool *p);
/* Blocks until a connection is free. */
struct db_conn *db_pool_acquire(struct db_pool *p);
void db_pool_release(struct db_pool *p, struct db_conn *c);

#endif
