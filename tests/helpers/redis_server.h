/* redis_server.h -- a real redis-server for a test: started on a free
 * loopback port, with no persistence, stopped (and reaped) at the end. */
#ifndef PETORY_TEST_REDIS_SERVER_H
#define PETORY_TEST_REDIS_SERVER_H

#include <sys/types.h>

typedef struct test_redis {
	pid_t pid;
	int port;
	char url[64];
} test_redis;

/* Start redis-server and wait until it answers PING (fails the test when
 * it cannot start). */
void test_redis_start(test_redis *r);
void test_redis_stop(test_redis *r);
/* Stop it and start a new, empty one on the same port. */
void test_redis_restart(test_redis *r);

#endif
