/* store_test.c -- the conformance suite's backends, snapshots, fault
 * sweeps and races (see store_test.h).
 *
 * Snapshots read the database through a connection of their own, so they
 * see exactly what was committed.  Fault sweeps count the statement fault
 * points of the backends ("sqlite.stmt", "pg.exec": core/fault.c) on the
 * test's own thread, so nothing else is disturbed.
 */
#include <libpq-fe.h>
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_server.h"
#include "store/postgres/pg_backends.h"
#include "store_test.h"

/* ---- SQLite ---- */

static petory *sqlite_open(void)
{
	return test_db_open();
}

static void sqlite_close(petory *db)
{
	test_db_close(db);
}

static void hash_value(crypto_generichash_state *h, sqlite3_stmt *s, int col)
{
	unsigned char type = (unsigned char)sqlite3_column_type(s, col);
	const void *bytes = sqlite3_column_blob(s, col);
	unsigned long long len =
		(unsigned long long)sqlite3_column_bytes(s, col);
	crypto_generichash_update(h, &type, 1);
	crypto_generichash_update(h, (const unsigned char *)&len, sizeof(len));
	if (bytes)
		crypto_generichash_update(h, bytes, len);
}

static char *digest_hex(crypto_generichash_state *h)
{
	unsigned char out[32];
	char *hex = malloc(65);
	crypto_generichash_final(h, out, sizeof(out));
	cr_assert(hex);
	sodium_bin2hex(hex, 65, out, sizeof(out));
	return hex;
}

static char *sqlite_snapshot(petory *db)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *tables = NULL;
	crypto_generichash_state state;
	cr_assert_eq(sqlite3_open_v2(
			     db->cfg.db_path, &h, SQLITE_OPEN_READONLY, NULL),
		SQLITE_OK);
	crypto_generichash_init(&state, NULL, 0, 32);
	cr_assert_eq(sqlite3_prepare_v2(h,
			     "SELECT name FROM sqlite_master WHERE type = "
			     "'table' ORDER BY name",
			     -1, &tables, NULL),
		SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", name);
		sqlite3_stmt *rows = NULL;
		crypto_generichash_update(
			&state, (const unsigned char *)name, strlen(name) + 1);
		cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &rows, NULL),
			SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(h));
		while (sqlite3_step(rows) == SQLITE_ROW) {
			int col, n = sqlite3_column_count(rows);
			for (col = 0; col < n; col++)
				hash_value(&state, rows, col);
		}
		sqlite3_finalize(rows);
		sqlite3_free(sql);
	}
	sqlite3_finalize(tables);
	sqlite3_close(h);
	return digest_hex(&state);
}

static const store_backend sqlite_backend = {
	"sqlite",
	sqlite_open,
	sqlite_close,
	sqlite_snapshot,
};

/* ---- PostgreSQL ----
 *
 * A handle opened as for SQLite, whose three stores (relational, ranking,
 * sessions) are replaced by PostgreSQL's, sharing one pool as petory_open
 * wires them, on a fresh database of the shared test cluster
 * (tests/helpers/pg_server.h). */

static char pg_url[512]; /* of the handle open in this test process */

static petory *pg_open(void)
{
	petory *db = test_db_open();
	petory_store *st = NULL;
	petory_rank_store *rs = NULL;
	petory_session_store *ss = NULL;
	pg_server_fresh_db(pg_url, sizeof(pg_url));
	cr_assert_eq(petory__pg_backends_open(&st, &rs, &ss, NULL, pg_url, 4),
		0, "%s", petory_error_last()->message);
	cr_assert_eq(petory_set_store(db, st), 0, "%s",
		petory_error_last()->message);
	cr_assert_eq(petory_set_rank_store(db, rs), 0, "%s",
		petory_error_last()->message);
	cr_assert_eq(petory_set_session_store(db, ss), 0, "%s",
		petory_error_last()->message);
	return db;
}

static void pg_close(petory *db)
{
	test_db_close(db);
}

static char *pg_snapshot(petory *db)
{
	PGconn *pg = PQconnectdb(pg_url);
	PGresult *tables;
	crypto_generichash_state state;
	int i;
	(void)db;
	cr_assert_eq(PQstatus(pg), CONNECTION_OK, "%s", PQerrorMessage(pg));
	crypto_generichash_init(&state, NULL, 0, 32);
	tables = PQexec(pg, "SELECT quote_ident(tablename) FROM pg_tables "
			    "WHERE schemaname = 'public' ORDER BY 1");
	cr_assert_eq(PQresultStatus(tables), PGRES_TUPLES_OK, "%s",
		PQresultErrorMessage(tables));
	for (i = 0; i < PQntuples(tables); i++) {
		const char *name = PQgetvalue(tables, i, 0);
		char sql[512];
		PGresult *r;
		snprintf(sql, sizeof(sql),
			"SELECT count(*), md5(coalesce(string_agg(t::text, "
			"E'\\n' ORDER BY t::text), '')) FROM %s t",
			name);
		r = PQexec(pg, sql);
		cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s: %s", sql,
			PQresultErrorMessage(r));
		crypto_generichash_update(
			&state, (const unsigned char *)name, strlen(name) + 1);
		crypto_generichash_update(&state,
			(const unsigned char *)PQgetvalue(r, 0, 0),
			strlen(PQgetvalue(r, 0, 0)) + 1);
		crypto_generichash_update(&state,
			(const unsigned char *)PQgetvalue(r, 0, 1),
			strlen(PQgetvalue(r, 0, 1)) + 1);
		PQclear(r);
	}
	PQclear(tables);
	PQfinish(pg);
	return digest_hex(&state);
}

static const store_backend postgres_backend = {
	"postgres",
	pg_open,
	pg_close,
	pg_snapshot,
};

/* SQLite always; PostgreSQL too unless PETORY_TEST_STORES names only
 * some backends ("sqlite", "postgres", comma-separated). */
const store_backend *const *store_backends(void)
{
	static const store_backend *all[3];
	const char *only = getenv("PETORY_TEST_STORES");
	size_t n = 0;
	if (!only || strstr(only, "sqlite"))
		all[n++] = &sqlite_backend;
	if (!only || strstr(only, "postgres"))
		all[n++] = &postgres_backend;
	all[n] = NULL;
	return (const store_backend *const *)all;
}

/* ---- faults ---- */

typedef struct fault_plan {
	int fail_at; /* the statement to fail, from 1 */
	int seen;    /* statements so far */
} fault_plan;

static int fault_hook(void *payload, const char *where)
{
	fault_plan *plan = payload;
	if (strncmp(where, "sqlite.", 7) != 0 && strncmp(where, "pg.", 3) != 0)
		return 0;
	return ++plan->seen == plan->fail_at ? PETORY_EBACKEND : 0;
}

void store_assert_unchanged(
	const char *before, const char *after, const char *what)
{
	cr_assert_str_eq(before, after, "%s changed the data", what);
}

int store_fault_sweep(const store_backend *b, petory *db, const char *what,
	store_write_fn write, void *payload)
{
	int k;
	for (k = 1; k < 1000; k++) {
		fault_plan plan = { k, 0 };
		char *before = b->snapshot(db), *after;
		int rc;
		petory__fault_set(fault_hook, &plan);
		rc = write(db, payload);
		petory__fault_set(NULL, NULL);
		if (plan.seen < k) {
			/* every statement ran: the write must have worked */
			cr_assert_eq(rc, 0, "%s [%s]: %s", what, b->name,
				petory_error_last()->message);
			free(before);
			return plan.seen;
		}
		cr_assert(rc < 0,
			"%s [%s]: statement %d failed but the call returned %d",
			what, b->name, k, rc);
		after = b->snapshot(db);
		cr_assert_str_eq(before, after,
			"%s [%s]: a fault at statement %d left a partial write",
			what, b->name, k);
		free(before);
		free(after);
	}
	cr_assert_fail("%s [%s]: more than 1000 statements", what, b->name);
	return -1;
}

/* ---- races ---- */

typedef struct race {
	pthread_mutex_t lock;
	pthread_cond_t go;
	int started, open;
	void (*fn)(void *payload, int i);
	void *payload;
} race;

typedef struct racer {
	race *r;
	int i;
} racer;

static void *race_thread(void *arg)
{
	racer *me = arg;
	race *r = me->r;
	pthread_mutex_lock(&r->lock);
	r->started++;
	pthread_cond_broadcast(&r->go);
	while (!r->open)
		pthread_cond_wait(&r->go, &r->lock);
	pthread_mutex_unlock(&r->lock);
	r->fn(r->payload, me->i);
	return NULL;
}

void store_race(int n, void (*fn)(void *payload, int i), void *payload)
{
	race r = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0,
		fn, payload };
	pthread_t *threads = calloc((size_t)n, sizeof(*threads));
	racer *racers = calloc((size_t)n, sizeof(*racers));
	int i;
	cr_assert(threads && racers);
	for (i = 0; i < n; i++) {
		racers[i] = (racer){ &r, i };
		cr_assert_eq(pthread_create(&threads[i], NULL, race_thread,
				     &racers[i]),
			0);
	}
	pthread_mutex_lock(&r.lock);
	while (r.started < n)
		pthread_cond_wait(&r.go, &r.lock);
	r.open = 1;
	pthread_cond_broadcast(&r.go);
	pthread_mutex_unlock(&r.lock);
	for (i = 0; i < n; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	free(racers);
}

int store_race_one_winner(
	const store_backend *b, const int *results, int n, int loser_code)
{
	int i, winner = -1, got = 0;
	for (i = 0; i < n; i++) {
		if (results[i] == 0) {
			winner = i;
			got++;
		} else {
			cr_assert_eq(results[i], loser_code,
				"[%s] racer %d: %s", b->name, i,
				petory_error_name(results[i]));
		}
	}
	cr_assert_eq(got, 1, "[%s] %d racers won", b->name, got);
	return winner;
}
