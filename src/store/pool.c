/* The connection pool: a stack of idle connections under a mutex. */
#include "store/pool.h"

#include <pthread.h>
#include <stdlib.h>

struct db_pool {
	pthread_mutex_t mu;
	pthread_cond_t freed;
	struct db_conn **idle;
	size_t n_idle;
	size_t size;
};

struct db_pool *db_pool_open(const char *url, size_t size, char *err, size_t errlen)
{
	struct db_pool *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->idle = calloc(size, sizeof *p->idle);
	if (!p->idle) {
		free(p);
		return NULL;
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->freed, NULL);
	p->size = size;
	for (size_t i = 0; i < size; i++) {
		if (db_open(url, &p->idle[i], err, errlen) != DB_OK) {
			db_pool_close(p);
			return NULL;
		}
		p->n_idle++;
	}
	return p;
}

void db_pool_close(struct db_pool *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_idle; i++)
		db_close(p->idle[i]);
	pthread_cond_destroy(&p->freed);
	pthread_mutex_destroy(&p->mu);
	free(p->idle);
	free(p);
}

struct db_conn *db_pool_acquire(struct db_pool *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->n_idle == 0)
		pthread_cond_wait(&p->freed, &p->mu);
	struct db_conn *c = p->idle[--p->n_idle];
	pthread_mutex_unlock(&p->mu);
	return c;
}

void db_pool_release(struct db_pool *p, struct db_conn *c)
{
	pthread_mutex_lock(&p->mu);
	p->idle[p->n_idle++] = c;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->mu);
}
