/* redis_env.h -- the environment of the rank and session store tests: a
 * fresh handle on one relational backend (tests/store/store_test.h) and,
 * when asked, a real redis-server beside it (tests/helpers/redis_server.h)
 * for the Redis stores.  A test that fails midway leaves its server to
 * redis_env_cleanup, which every Test of these files names as .fini.
 */
#ifndef PETORY_TEST_REDIS_ENV_H
#define PETORY_TEST_REDIS_ENV_H

#include "redis_server.h"
#include "store_test.h"

typedef struct redis_env {
	const store_backend *b; /* the handle's relational backend */
	petory *db;             /* a fresh handle on it */
	test_redis *redis;      /* the server, or NULL without one */
} redis_env;

/* Open a fresh handle on b, and start a redis-server when with_redis. */
void redis_env_open(redis_env *e, const store_backend *b, int with_redis);
/* Close the handle (and the stores it owns), stop the server. */
void redis_env_close(redis_env *e);
/* Is a rank or session store named `name` the twin of the handle's
 * relational store (the same backend, over the same rows)?  Each backend's
 * handle has its own twins (tests/store/store_test.c); a store of another
 * backend would see other users and places. */
int redis_env_twin(const redis_env *e, const char *name);
/* Stop a server left running by a failed test (.fini). */
void redis_env_cleanup(void);

#endif
