/* pg_server.h -- a real PostgreSQL server for the Criterion tests, run by
 * scripts/pg_cluster.sh (initdb in a temp dir, a free loopback port, an
 * unprivileged user when run as root).
 *
 * One shared cluster serves a whole run: PETORY_TEST_PG_URL when it is set
 * (CI starts one cluster for everything), else the cluster that the test
 * runner starts before the first test of a suite whose name begins with
 * "pg" and stops after the last (a Criterion report hook, so the forked
 * tests share it), else one this process starts on first use and stops
 * at exit.  Each test takes a fresh empty database on it.  A test that
 * stops and starts the server takes a private cluster instead.
 */
#ifndef PETORY_TEST_PG_SERVER_H
#define PETORY_TEST_PG_SERVER_H

#include <stddef.h>

/* The shared cluster's URL (postgres://petory@127.0.0.1:PORT/petory). */
const char *pg_server_url(void);
/* Create a fresh, empty database petory_<pid>_<n> on the shared cluster
 * and write its URL into url_out (fails the test when it cannot). */
void pg_server_fresh_db(char *url_out, size_t cap);
/* Run sql (no rows wanted) on the database at url; fails the test on
 * error. */
void pg_server_sql(const char *url, const char *sql);

/* A private cluster (its own directory and port). */
typedef struct pg_cluster {
	char dir[256];
	char url[256];
} pg_cluster;
void pg_cluster_start(pg_cluster *c);
/* Stop the server (immediate), keeping the data; start it again on the
 * same port. */
void pg_cluster_down(pg_cluster *c);
void pg_cluster_up(pg_cluster *c);
/* Stop it and remove its directory. */
void pg_cluster_stop(pg_cluster *c);

#endif
