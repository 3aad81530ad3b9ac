/* pg_server.c -- PostgreSQL clusters for the tests, through
 * scripts/pg_cluster.sh (see pg_server.h for which cluster serves whom).
 *
 * The script runs in a child with every descriptor above stderr closed,
 * so that the server it leaves running holds none of the runner's pipes;
 * its stdout (the URL) comes back through a pipe, its stderr goes to the
 * test's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <criterion/internal/ordered-set.h>
#include <libpq-fe.h>

#include "pg_server.h"

#define SCRIPT PETORY_SOURCE_DIR "/scripts/pg_cluster.sh"
#define URL_ENV "PETORY_TEST_PG_URL"
#define ERROR_ENV "PETORY_TEST_PG_ERROR"

/* Run `pg_cluster.sh cmd dir`; its stdout's last line into out.  0, or -1
 * with why in err. */
static int run_script(const char *cmd, const char *dir, char *out, size_t cap,
	char *err, size_t err_cap)
{
	int fds[2], status;
	pid_t pid;
	size_t len = 0;
	ssize_t n;
	char buf[1024];
	if (pipe(fds) != 0) {
		snprintf(err, err_cap, "pipe: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) < 0) {
		snprintf(err, err_cap, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		int fd;
		dup2(fds[1], 1);
		for (fd = 3; fd < 1024; fd++)
			close(fd);
		execl("/bin/bash", "bash", SCRIPT, cmd, dir, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf + len, sizeof(buf) - 1 - len)) > 0 ||
		(n < 0 && errno == EINTR))
		if (n > 0 && (len += (size_t)n) >= sizeof(buf) - 1)
			break;
	close(fds[0]);
	buf[len] = '\0';
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, err_cap, "%s %s %s failed (status %d)", SCRIPT,
			cmd, dir, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	if (out) {
		const char *last = strrchr(buf, '\n');
		const char *line = last ? last + 1 : buf;
		size_t keep = strlen(line) < cap ? strlen(line) : cap - 1;
		memcpy(out, line, keep);
		out[keep] = '\0';
	}
	return 0;
}

static int make_dir(char *dir, size_t cap, char *err, size_t err_cap)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, cap, "%s/petory-pg-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		snprintf(err, err_cap, "mkdtemp %s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

static int cluster_start(pg_cluster *c, char *err, size_t err_cap)
{
	if (make_dir(c->dir, sizeof(c->dir), err, err_cap) < 0)
		return -1;
	if (run_script("start", c->dir, c->url, sizeof(c->url), err, err_cap) <
		0) {
		char ignored[8];
		run_script("stop", c->dir, NULL, 0, ignored, sizeof(ignored));
		c->dir[0] = '\0';
		return -1;
	}
	return 0;
}

static void cluster_stop(pg_cluster *c)
{
	char err[8];
	if (c->dir[0])
		run_script("stop", c->dir, NULL, 0, err, sizeof(err));
	c->dir[0] = '\0';
}

void pg_cluster_start(pg_cluster *c)
{
	char err[512] = "";
	cr_assert_eq(cluster_start(c, err, sizeof(err)), 0, "%s", err);
}

void pg_cluster_down(pg_cluster *c)
{
	char err[512] = "";
	cr_assert_eq(run_script("down", c->dir, NULL, 0, err, sizeof(err)), 0,
		"%s", err);
}

void pg_cluster_up(pg_cluster *c)
{
	char err[512] = "";
	cr_assert_eq(run_script("up", c->dir, NULL, 0, err, sizeof(err)), 0,
		"%s", err);
}

void pg_cluster_stop(pg_cluster *c)
{
	cluster_stop(c);
}

/* ---- the shared cluster ---- */

static pg_cluster shared;  /* started by this process */
static pid_t shared_owner; /* the process that started it */

static void shared_stop(void)
{
	/* Only the process that started it (not a forked child). */
	if (shared.dir[0] && shared_owner == getpid())
		cluster_stop(&shared);
}

/* Start the shared cluster and publish its URL to the processes started
 * from now on; on failure publish why instead. */
static void shared_start(void)
{
	char err[512] = "";
	if (cluster_start(&shared, err, sizeof(err)) < 0) {
		setenv(ERROR_ENV, err, 1);
		return;
	}
	shared_owner = getpid();
	setenv(URL_ENV, shared.url, 1);
	atexit(shared_stop);
}

static int suite_wants_pg(struct criterion_suite_set *s)
{
	struct criterion_ordered_set_node *n;
	/* the PostgreSQL suites, and the store conformance suite */
	if ((strncmp(s->suite.name, "pg", 2) != 0 &&
		    strncmp(s->suite.name, "store", 5) != 0) ||
		!s->tests)
		return 0;
	for (n = s->tests->first; n; n = n->next) {
		struct criterion_test *t = (void *)(n + 1);
		if (!t->data || !t->data->disabled)
			return 1;
	}
	return 0;
}

ReportHook(PRE_ALL)(struct criterion_test_set *set)
{
	struct criterion_ordered_set_node *n;
	if (getenv(URL_ENV))
		return;
	for (n = set->suites ? set->suites->first : NULL; n; n = n->next)
		if (suite_wants_pg((void *)(n + 1))) {
			shared_start();
			return;
		}
}

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
	(void)stats;
	shared_stop();
}

const char *pg_server_url(void)
{
	const char *url = getenv(URL_ENV), *err = getenv(ERROR_ENV);
	cr_assert_null(err, "no PostgreSQL for the tests: %s", err);
	if (!url || !*url) {
		shared_start();
		err = getenv(ERROR_ENV);
		cr_assert_null(err, "no PostgreSQL for the tests: %s", err);
		url = getenv(URL_ENV);
	}
	return url;
}

void pg_server_sql(const char *url, const char *sql)
{
	PGconn *pg = PQconnectdb(url);
	PGresult *r;
	cr_assert_eq(PQstatus(pg), CONNECTION_OK, "connect %s: %s", url,
		PQerrorMessage(pg));
	r = PQexec(pg, sql);
	cr_assert(PQresultStatus(r) == PGRES_COMMAND_OK ||
			  PQresultStatus(r) == PGRES_TUPLES_OK,
		"%s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
	PQfinish(pg);
}

void pg_server_fresh_db(char *url_out, size_t cap)
{
	static int counter;
	const char *base = pg_server_url();
	const char *query = strchr(base, '?');
	const char *slash;
	char name[64], sql[128];
	size_t path_end = query ? (size_t)(query - base) : strlen(base);
	snprintf(
		name, sizeof(name), "petory_%ld_%d", (long)getpid(), ++counter);
	/* A cluster kept across runs may hold a database of an earlier
	 * process with the same pid: it is a leftover, never in use. */
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)",
		name);
	pg_server_sql(base, sql);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	pg_server_sql(base, sql);
	/* The base URL with its database replaced. */
	for (slash = base + path_end; slash > base && *slash != '/'; slash--)
		;
	cr_assert(slash > base && slash[-1] != '/', "no database in %s", base);
	snprintf(url_out, cap, "%.*s/%s%s", (int)(slash - base), base, name,
		query ? query : "");
}
