/* redis_server.c -- start and stop a private redis-server for a test. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <hiredis/hiredis.h>

#include "redis_server.h"

static int free_port(void)
{
	struct sockaddr_in a = { 0 };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = 0;
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
		getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

static int answers_ping(int port)
{
	struct timeval tv = { 0, 200000 };
	redisContext *c = redisConnectWithTimeout("127.0.0.1", port, tv);
	redisReply *reply;
	int ok = 0;
	if (c && !c->err) {
		reply = redisCommand(c, "PING");
		ok = reply && reply->type == REDIS_REPLY_STATUS;
		freeReplyObject(reply);
	}
	if (c)
		redisFree(c);
	return ok;
}

static void start_on(test_redis *r);

void test_redis_start(test_redis *r)
{
	r->port = free_port();
	cr_assert_gt(r->port, 0, "no free port");
	start_on(r);
}

void test_redis_restart(test_redis *r)
{
	test_redis_stop(r);
	start_on(r);
}

static void start_on(test_redis *r)
{
	char port[16];
	int i;
	snprintf(port, sizeof(port), "%d", r->port);
	snprintf(r->url, sizeof(r->url), "redis://127.0.0.1:%d/0", r->port);
	r->pid = fork();
	cr_assert_geq(r->pid, 0);
	if (r->pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execlp("redis-server", "redis-server", "--port", port, "--bind",
			"127.0.0.1", "--save", "", "--appendonly", "no",
			"--loglevel", "warning", (char *)NULL);
		_exit(127);
	}
	/* Poll for the server to come up (at most 5 s). */
	for (i = 0; i < 250; i++) {
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		if (answers_ping(r->port))
			return;
		nanosleep(&ts, NULL);
	}
	test_redis_stop(r);
	cr_assert_fail("redis-server did not start on port %d", r->port);
}

void test_redis_stop(test_redis *r)
{
	if (r->pid > 0) {
		kill(r->pid, SIGTERM);
		waitpid(r->pid, NULL, 0);
		r->pid = 0;
	}
}
