/* redis_env.c -- a fresh handle, and a redis-server beside it (see
 * redis_env.h).  One server at a time: the tests run one body at once. */
#include <string.h>

#include "redis_env.h"

static test_redis server;

void redis_env_open(redis_env *e, const store_backend *b, int with_redis)
{
	e->b = b;
	e->db = b->open();
	e->redis = NULL;
	if (with_redis) {
		test_redis_start(&server);
		e->redis = &server;
	}
}

void redis_env_close(redis_env *e)
{
	e->b->close(e->db);
	e->db = NULL;
	if (e->redis)
		test_redis_stop(e->redis);
	e->redis = NULL;
}

void redis_env_cleanup(void)
{
	test_redis_stop(&server);
}

int redis_env_twin(const redis_env *e, const char *name)
{
	return strcmp(name, petory_get_store(e->db)->name) == 0;
}
