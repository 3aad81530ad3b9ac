/* pg_pool.c -- the PostgreSQL plumbing against a real server: the URL
 * checked by libpq's parser, a server that is down, the migrations (run
 * twice, a newer database, the trigram and earth indexes), statements
 * prepared once per connection, exact integers, the error mapping, the
 * retries of serialization failures and deadlocks, a fault injected in
 * the middle of a transaction, and recovery after the server restarts. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pg_server.h"
#include "petory_test.h"
#include "store/postgres/postgres_internal.h"
#include "store/sqlite/sqlite_internal.h"

TestSuite(pg_pool, .timeout = 180);

static petory__pg_pool *open_fresh(char *url, size_t cap, unsigned size)
{
	petory__pg_pool *pool = NULL;
	pg_server_fresh_db(url, cap);
	cr_assert_petory_ok(petory__pg_open(&pool, url, size));
	cr_assert_not_null(pool);
	return pool;
}

/* The first column of the first row of sql, as an integer. */
static int64_t query_int(petory__pg_pool *pool, const char *sql)
{
	petory__pg_conn *conn;
	PGresult *r;
	int64_t v = -1;
	cr_assert_petory_ok(petory__pg_acquire(pool, &conn));
	r = PQexec(conn->pg, sql);
	cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s: %s", sql,
		PQresultErrorMessage(r));
	cr_assert_eq(PQntuples(r), 1, "%s", sql);
	cr_assert_petory_ok(petory__pg_get_int64(&v, r, 0, 0));
	PQclear(r);
	petory__pg_release(pool, conn);
	return v;
}

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

static int ping(petory__pg_pool *pool)
{
	petory__pg_conn *conn;
	PGresult *r;
	int error;
	if ((error = petory__pg_acquire(pool, &conn)) < 0)
		return error;
	error = petory__pg_exec(&r, conn, PETORY__PG_STMT_PING, NULL);
	if (error == 0) {
		cr_assert_eq(PQntuples(r), 1);
		cr_assert_str_eq(PQgetvalue(r, 0, 0), "1");
		PQclear(r);
	}
	petory__pg_release(pool, conn);
	return error;
}

static int meta_put(petory__pg_conn *conn, const char *key, const char *value)
{
	const char *params[] = { key, value };
	return petory__pg_exec_text(
		NULL, conn, PETORY__PG_STMT_META_PUT_IF_ABSENT, 2, params);
}

/* ---- opening and migrating ---- */

Test(pg_pool, migrates_a_new_database_and_opening_again_applies_nothing)
{
	char url[256];
	petory__pg_pool *pool = open_fresh(url, sizeof(url), 2);
	int latest = petory__pg_migrations_latest();
	/* The same numbering as SQLite's steps. */
	cr_assert_eq(latest, petory__migrations_latest());
	cr_assert_eq(petory__pg_schema_version(pool), latest);
	cr_assert_eq(
		query_int(pool, "SELECT count(*) FROM schema_version"), latest);
	cr_assert_petory_ok(ping(pool));
	petory__pg_close(pool);

	pool = NULL;
	cr_assert_petory_ok(petory__pg_open(&pool, url, 2));
	cr_assert_eq(petory__pg_schema_version(pool), latest);
	cr_assert_eq(
		query_int(pool, "SELECT count(*) FROM schema_version"), latest);
	/* Every table of the SQLite schema is there (but the R*Tree and the
	 * FTS5 tables, which indexes replace). */
	cr_assert_eq(query_int(pool,
			     "SELECT count(*) FROM information_schema.tables "
			     "WHERE table_schema = 'public' AND table_name IN "
			     "('meta', 'users', 'auth_sessions', "
			     "'refresh_tokens', 'rate_limits', 'oauth_states', "
			     "'events', 'notifications', "
			     "'daily_questions', 'daily_answers', 'job_runs', "
			     "'outbox', 'lifecycle_mails', 'event_reminders', "
			     "'places', 'place_likes', 'place_reviews', "
			     "'place_reports', 'files', 'pets', 'pet_images', "
			     "'albums', 'album_images', 'pet_ddays', "
			     "'place_images', 'owner_boards', "
			     "'owner_board_images', 'owner_board_comments', "
			     "'trade_boards', 'trade_board_images', "
			     "'chat_rooms', 'chat_members', 'chat_messages')"),
		33);
	petory__pg_close(pool);
}

Test(pg_pool, two_pools_opening_a_new_database_together_migrate_it_once)
{
	char url[256];
	petory__pg_pool *a = NULL, *b = NULL;
	pid_t child;
	int status;
	pg_server_fresh_db(url, sizeof(url));
	/* Another process opens at the same moment; the advisory lock makes
	 * one of them wait for the other's steps. */
	child = fork();
	cr_assert_geq(child, 0);
	if (child == 0) {
		int rc = petory__pg_open(&b, url, 1);
		if (rc == 0)
			petory__pg_close(b);
		_exit(rc == 0 ? 0 : 1);
	}
	cr_assert_petory_ok(petory__pg_open(&a, url, 1));
	cr_assert_eq(waitpid(child, &status, 0), child);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	cr_assert_eq(query_int(a, "SELECT count(*) FROM schema_version"),
		petory__pg_migrations_latest());
	petory__pg_close(a);
}

Test(pg_pool, the_schema_has_trigram_and_earth_indexes)
{
	static const char *const trigram[][2] = {
		{ "owner_boards", "title" },
		{ "owner_boards", "content" },
		{ "trade_boards", "title" },
		{ "trade_boards", "content" },
		{ "places", "name" },
		{ "places", "address" },
	};
	char url[256], sql[512];
	petory__pg_pool *pool = open_fresh(url, sizeof(url), 1);
	petory__pg_conn *conn;
	PGresult *r;
	size_t i;
	for (i = 0; i < sizeof(trigram) / sizeof(trigram[0]); i++) {
		snprintf(sql, sizeof(sql),
			"SELECT count(*) FROM pg_indexes WHERE tablename = "
			"'%s' AND indexdef LIKE '%%USING gin (%s "
			"gin_trgm_ops)%%'",
			trigram[i][0], trigram[i][1]);
		cr_assert_eq(query_int(pool, sql), 1, "%s.%s", trigram[i][0],
			trigram[i][1]);
	}
	cr_assert_eq(query_int(pool,
			     "SELECT count(*) FROM pg_indexes WHERE tablename "
			     "= 'places' AND indexdef LIKE '%USING gist "
			     "(ll_to_earth(latitude, longitude))%'"),
		1);
	/* And the planner uses them: a near search and a substring search
	 * (with sequential scans discouraged: the tables are empty). */
	cr_assert_petory_ok(petory__pg_acquire(pool, &conn));
	cr_assert_petory_ok(
		petory__pg_exec_sql(conn, "SET enable_seqscan = off"));
	r = PQexec(conn->pg,
		"EXPLAIN SELECT id FROM places WHERE earth_box(ll_to_earth("
		"37.5665, 126.978), 1000) @> ll_to_earth(latitude, "
		"longitude)");
	cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK);
	for (i = 0; i < (size_t)PQntuples(r); i++)
		if (strstr(PQgetvalue(r, (int)i, 0), "places_earth"))
			break;
	cr_assert_lt(i, (size_t)PQntuples(r), "near search without index");
	PQclear(r);
	r = PQexec(conn->pg,
		"EXPLAIN SELECT id FROM owner_boards WHERE title ILIKE "
		"'%산책%' OR content ILIKE '%산책%'");
	cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK);
	for (i = 0; i < (size_t)PQntuples(r); i++)
		if (strstr(PQgetvalue(r, (int)i, 0), "owner_boards_title_trgm"))
			break;
	cr_assert_lt(i, (size_t)PQntuples(r), "search without index");
	PQclear(r);
	cr_assert_petory_ok(petory__pg_exec_sql(conn, "RESET enable_seqscan"));
	petory__pg_release(pool, conn);
	petory__pg_close(pool);
}

Test(pg_pool, refuses_a_database_newer_than_the_build)
{
	char url[256], sql[128];
	petory__pg_pool *pool = open_fresh(url, sizeof(url), 1);
	petory__pg_close(pool);
	snprintf(sql, sizeof(sql), "INSERT INTO schema_version VALUES(%d, 0)",
		petory__pg_migrations_latest() + 1);
	pg_server_sql(url, sql);
	pool = (petory__pg_pool *)0x1;
	cr_assert_petory_fails(
		PETORY_EVERSION, NULL, petory__pg_open(&pool, url, 1));
	cr_assert_null(pool);
	cr_assert(strstr(petory_error_last()->message, "upgrade petory"), "%s",
		petory_error_last()->message);
}

/* ---- bad URLs, a server that is down ---- */

Test(pg_pool, invalid_urls_are_refused_naming_the_problem)
{
	static const char *const bad[] = {
		"",
		"mysql://u@127.0.0.1/db",
		"127.0.0.1:5432",
		"host=127.0.0.1 dbname=petory",
		"postgres://u:s3cret@[::1/petory",
		"postgres://u:s3cret@127.0.0.1:5432/petory?nosuch=1",
		"postgres://u:s3cr%zzet@127.0.0.1/petory",
		"postgres://u:s3cret@127.0.0.1:99999/petory",
		"postgres://u:s3cret@127.0.0.1:port/petory",
	};
	size_t i;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		petory__pg_pool *pool = (petory__pg_pool *)0x1;
		const char *msg;
		cr_assert_petory_fails(PETORY_EINVALID, NULL,
			petory__pg_open(&pool, bad[i], 2));
		cr_assert_null(pool, "%s", bad[i]);
		msg = petory_error_last()->message;
		cr_assert(msg[0], "%s: no message", bad[i]);
		cr_assert_null(strstr(msg, "s3cr"), "%s: %s", bad[i], msg);
		cr_assert_str_eq(petory_error_last()->reason,
			"INVALID_PARAMETER", "%s: a reason set under store/",
			bad[i]);
	}
	/* libpq's own words name the problem. */
	petory__pg_pool *pool;
	cr_assert_petory_fails(PETORY_EINVALID, NULL,
		petory__pg_open(
			&pool, "postgres://u@127.0.0.1/petory?nosuch=1", 2));
	cr_assert(strstr(petory_error_last()->message, "nosuch") ||
			  strstr(petory_error_last()->message, "parameter"),
		"%s", petory_error_last()->message);
	cr_assert_petory_fails(PETORY_EINVALID, NULL,
		petory__pg_open(&pool, "postgres://u@127.0.0.1/petory", 5000));
}

Test(pg_pool, a_server_that_is_down_is_a_clear_error)
{
	char url[128], where[64];
	petory__pg_pool *pool = (petory__pg_pool *)0x1;
	int port = free_port();
	const char *msg;
	cr_assert_gt(port, 0);
	snprintf(url, sizeof(url),
		"postgresql://petory:s3cret@127.0.0.1:%d/petory", port);
	snprintf(where, sizeof(where), "127.0.0.1:%d", port);
	cr_assert_petory_fails(
		PETORY_EUNAVAILABLE, NULL, petory__pg_open(&pool, url, 4));
	cr_assert_null(pool);
	msg = petory_error_last()->message;
	cr_assert(strstr(msg, "cannot connect"), "%s", msg);
	cr_assert(strstr(msg, where), "%s", msg);
	cr_assert_null(strstr(msg, "s3cret"), "%s", msg);
	cr_assert_str_eq(petory_error_last()->reason, "STORAGE_UNAVAILABLE");
}

Test(pg_pool, the_redacted_url_has_no_password)
{
	char url[256], with_password[300];
	petory__pg_pool *pool;
	const char *at;
	pg_server_fresh_db(url, sizeof(url));
	/* postgres://petory@HOST... -> postgres://petory:s3cret@HOST...
	 * (trust authentication ignores the password). */
	at = strchr(url, '@');
	cr_assert_not_null(at);
	snprintf(with_password, sizeof(with_password), "%.*s:s3cret%s",
		(int)(at - url), url, at);
	cr_assert_petory_ok(petory__pg_open(&pool, with_password, 1));
	cr_assert_null(strstr(petory__pg_redacted_url(pool), "s3cret"), "%s",
		petory__pg_redacted_url(pool));
	cr_assert(strstr(petory__pg_redacted_url(pool), "petory:***@"), "%s",
		petory__pg_redacted_url(pool));
	petory__pg_close(pool);
}

/* ---- statements ---- */

Test(pg_pool, statements_are_prepared_once_per_connection)
{
	char url[256];
	petory__pg_pool *pool = open_fresh(url, sizeof(url), 1);
	petory__pg_conn *conn;
	const char *key[] = { "absent" };
	PGresult *r;
	int i;
	cr_assert_petory_ok(petory__pg_acquire(pool, &conn));
	for (i = 0; i < 3; i++) {
		cr_assert_petory_ok(
			petory__pg_exec(&r, conn, PETORY__PG_STMT_PING, NULL));
		PQclear(r);
	}
	cr_assert_petory_ok(petory__pg_exec_text(
		&r, conn, PETORY__PG_STMT_META_GET, 1, key));
	cr_assert_eq(PQntuples(r), 0);
	PQclear(r);
	cr_assert(conn->prepared[PETORY__PG_STMT_PING]);
	cr_assert_not(conn->prepared[PETORY__PG_STMT_META_PUT_IF_ABSENT]);
	petory__pg_release(pool, conn);
	cr_assert_eq(query_int(pool, "SELECT count(*) FROM "
				     "pg_prepared_statements"),
		2);
	cr_assert_str_eq(
		petory__pg_stmt_name(PETORY__PG_STMT_META_GET), "META_GET");
	petory__pg_close(pool);
}

Test(pg_pool, integers_travel_exactly)
{
	static const int64_t values[] = { INT64_MIN, -1, 0, 1,
		9007199254740993LL /* 2^53 + 1: not a double */, INT64_MAX };
	char url[256], key[32];
	petory__pg_pool *pool = open_fresh(url, sizeof(url), 1);
	petory__pg_conn *conn;
	petory__pg_params p;
	PGresult *r;
	size_t i;
	cr_assert_petory_ok(petory__pg_acquire(pool, &conn));
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		int64_t back;
		snprintf(key, sizeof(key), "int.%zu", i);
		petory__pg_params_init(&p);
		petory__pg_param_text(&p, key);
		petory__pg_param_int64(&p, values[i]);
		cr_assert_petory_ok(petory__pg_exec(
			NULL, conn, PETORY__PG_STMT_META_PUT_IF_ABSENT, &p));
		petory__pg_params_init(&p);
		petory__pg_param_text(&p, key);
		cr_assert_petory_ok(petory__pg_exec(
			&r, conn, PETORY__PG_STMT_META_GET, &p));
		cr_assert_eq(PQntuples(r), 1);
		cr_assert_petory_ok(petory__pg_get_int64(&back, r, 0, 0));
		cr_assert_eq(back, values[i],
			"%" PRId64 " came back as %" PRId64, values[i], back);
		PQclear(r);
	}
	/* Too many parameters is a programming error, not a crash. */
	petory__pg_params_init(&p);
	for (i = 0; i <= PETORY__PG_PARAMS_MAX; i++)
		petory__pg_param_int64(&p, (int64_t)i);
	cr_assert_petory_fails(PETORY_ERROR, NULL,
		petory__pg_exec(NULL, conn, PETORY__PG_STMT_PING, &p));
	petory__pg_release(pool, conn);
	petory__pg_close(pool);
}

Test(pg_pool, a_unique_violation_is_eexists_and_other_failures_ebackend)
{
	char url[256];
	petory__pg_pool *pool = open_fresh(url, sizeof(url), 1);
	petory__pg_conn *conn;
	cr_assert_petory_ok(petory__pg_acquire(pool, &conn));
	cr_assert_petory_ok(petory__pg_exec_sql(
		conn, "INSERT INTO meta(key, value) VALUES('k', 'v')"));
	cr_assert_petory_fails(PETORY_EEXISTS, "ALREADY_EXISTS",
		petory__pg_exec_sql(
			conn, "INSERT INTO meta(key, value) VALUES('k', 'w')"));
	cr_assert_str_eq(conn->sqlstate, "23505");
	cr_assert_petory_fails(PETORY_EBACKEND, "STORAGE_ERROR",
		petory__pg_exec_sql(conn, "SELECT * FROM no_such_table"));
	cr_assert_str_eq(conn->sqlstate, "42P01");
	petory__pg_release(pool, conn);
	petory__pg_close(pool);
}

/* ---- transactions and their retries ---- */

typedef struct skew {
	petory__pg_pool *pool;
	int attempts;
} skew;

/* Reads meta 'skew.a', writes 'skew.b'.  On the first run only, another
 * serializable transaction reads 'skew.b' and writes 'skew.a' in between
 * and commits: write skew, which SERIALIZABLE refuses to the first. */
static int write_skew(petory__pg_conn *conn, void *payload)
{
	skew *s = payload;
	const char *a[] = { "skew.a" }, *b[] = { "skew.b" };
	PGresult *r;
	int error;
	s->attempts++;
	if ((error = petory__pg_exec_text(
		     &r, conn, PETORY__PG_STMT_META_GET, 1, a)) < 0)
		return error;
	PQclear(r);
	if (s->attempts == 1) {
		petory__pg_conn *other;
		cr_assert_petory_ok(petory__pg_acquire(s->pool, &other));
		cr_assert_petory_ok(
			petory__pg_tx_begin(other, PETORY__PG_SERIALIZABLE));
		cr_assert_petory_ok(petory__pg_exec_text(
			&r, other, PETORY__PG_STMT_META_GET, 1, b));
		PQclear(r);
		cr_assert_petory_ok(meta_put(other, "skew.a", "other"));
		cr_assert_petory_ok(petory__pg_tx_end(other, 0));
		petory__pg_release(s->pool, other);
	}
	return meta_put(conn, "skew.b", "mine");
}

Test(pg_pool, a_serialization_failure_is_retried)
{
	char url[256];
	petory__pg_pool *pool = open_fresh(url, sizeof(url), 2);
	skew s = { pool, 0 };
	cr_assert_petory_ok(petory__pg_transact(
		pool, PETORY__PG_SERIALIZABLE, write_skew, &s));
	cr_assert_eq(s.attempts, 2, "ran %d times", s.attempts);
	cr_assert_eq(query_int(pool, "SELECT count(*) FROM meta WHERE key "
				     "IN ('skew.a', 'skew.b')"),
		2);
	petory__pg_close(pool);
}

typedef struct raiser {
	const char *sqlstate;
	int fail_times; /* -1: always */
	int attempts;
} raiser;

/* Writes a row, then fails with r->sqlstate the first fail_times runs. */
static int raise_state(petory__pg_conn *conn, void *payload)
{
	raiser *r = payload;
	char sql[160];
	int error;
	r->attempts++;
	if ((error = meta_put(conn, "raised", "1")) < 0)
		return error;
	if (r->fail_times >= 0 && r->attempts > r->fail_times)
		return 0;
	snprintf(sql, sizeof(sql),
		"DO $$ BEGIN RAISE EXCEPTION 'provoked' USING ERRCODE = "
		"'%s'; END $$",
		r->sqlstate);
	return petory__pg_exec_sql(conn, sql);
}

Test(pg_pool, retries_are_bounded_and_only_for_conflicts)
{
	char url[256];
	petory__pg_pool *pool = open_fresh(url, sizeof(url), 2);
	raiser always = { "40001", -1, 0 }, deadlock = { "40P01", 2, 0 };
	raiser other = { "23505", -1, 0 }, plain = { "P0001", -1, 0 };

	cr_assert_petory_fails(PETORY_EBUSY, "STORAGE_BUSY",
		petory__pg_transact(
			pool, PETORY__PG_SERIALIZABLE, raise_state, &always));
	cr_assert_eq(always.attempts, PETORY__PG_TX_ATTEMPTS);
	cr_assert_eq(query_int(pool, "SELECT count(*) FROM meta"), 0);

	cr_assert_petory_ok(petory__pg_transact(
		pool, PETORY__PG_READ_COMMITTED, raise_state, &deadlock));
	cr_assert_eq(deadlock.attempts, 3);
	cr_assert_eq(query_int(pool, "SELECT count(*) FROM meta"), 1);
	pg_server_sql(url, "DELETE FROM meta");

	cr_assert_petory_fails(PETORY_EEXISTS, NULL,
		petory__pg_transact(
			pool, PETORY__PG_SERIALIZABLE, raise_state, &other));
	cr_assert_eq(other.attempts, 1);
	cr_assert_petory_fails(PETORY_EBACKEND, NULL,
		petory__pg_transact(
			pool, PETORY__PG_SERIALIZABLE, raise_state, &plain));
	cr_assert_eq(plain.attempts, 1);
	cr_assert_eq(query_int(pool, "SELECT count(*) FROM meta"), 0);
	petory__pg_close(pool);
}

/* A body that swallows a failed statement and asks to commit. */
static int swallow(petory__pg_conn *conn, void *payload)
{
	(void)payload;
	cr_assert_petory_ok(meta_put(conn, "swallowed", "1"));
	cr_assert_neq(petory__pg_exec_sql(conn, "SELECT 1/0"), 0);
	return 0;
}

Test(pg_pool, a_failed_statement_is_never_committed)
{
	char url[256];
	petory__pg_pool *pool = open_fresh(url, sizeof(url), 1);
	cr_assert_petory_fails(PETORY_EBACKEND, NULL,
		petory__pg_transact(
			pool, PETORY__PG_READ_COMMITTED, swallow, NULL));
	cr_assert_eq(query_int(pool, "SELECT count(*) FROM meta"), 0);
	petory__pg_close(pool);
}

Test(pg_pool, a_connection_released_inside_a_transaction_is_rolled_back)
{
	char url[256];
	petory__pg_pool *pool = open_fresh(url, sizeof(url), 1);
	petory__pg_conn *conn;
	cr_assert_petory_ok(petory__pg_acquire(pool, &conn));
	cr_assert_petory_ok(
		petory__pg_tx_begin(conn, PETORY__PG_READ_COMMITTED));
	cr_assert_petory_ok(meta_put(conn, "leaked", "1"));
	petory__pg_release(pool, conn);
	cr_assert_eq(query_int(pool, "SELECT count(*) FROM meta"), 0);
	petory__pg_close(pool);
}

/* ---- faults ---- */

typedef struct fault_plan {
	int k; /* fail the k-th "pg.exec" */
	int seen;
} fault_plan;

static int fail_kth(void *payload, const char *where)
{
	fault_plan *f = payload;
	if (strcmp(where, "pg.exec") != 0)
		return 0;
	return ++f->seen == f->k ? PETORY_EBACKEND : 0;
}

static int three_writes(petory__pg_conn *conn, void *payload)
{
	int error;
	(void)payload;
	if ((error = meta_put(conn, "w1", "1")) < 0 ||
		(error = meta_put(conn, "w2", "2")) < 0)
		return error;
	return meta_put(conn, "w3", "3");
}

Test(pg_pool, a_fault_in_the_kth_statement_leaves_nothing_written)
{
	char url[256];
	petory__pg_pool *pool = open_fresh(url, sizeof(url), 1);
	int k;
	for (k = 1; k <= 3; k++) {
		fault_plan f = { k, 0 };
		petory__fault_set(fail_kth, &f);
		cr_assert_petory_fails(PETORY_EBACKEND, NULL,
			petory__pg_transact(pool, PETORY__PG_SERIALIZABLE,
				three_writes, NULL));
		petory__fault_set(NULL, NULL);
		cr_assert_eq(f.seen, k, "k = %d: ran %d statements", k, f.seen);
		cr_assert(strstr(petory_error_last()->message, "pg.exec"), "%s",
			petory_error_last()->message);
		cr_assert_eq(query_int(pool, "SELECT count(*) FROM meta"), 0,
			"k = %d", k);
	}
	/* Without the fault, all three. */
	cr_assert_petory_ok(petory__pg_transact(
		pool, PETORY__PG_SERIALIZABLE, three_writes, NULL));
	cr_assert_eq(query_int(pool, "SELECT count(*) FROM meta"), 3);
	petory__pg_close(pool);
}

/* ---- outages ---- */

/* The private cluster of the outage test, stopped even when it fails. */
static pg_cluster outage;

static void outage_stop(void)
{
	pg_cluster_stop(&outage);
}

Test(pg_pool, recovers_by_itself_after_the_server_restarts, .fini = outage_stop)
{
	pg_cluster *cl = &outage;
	petory__pg_pool *pool = NULL;
	petory__pg_conn *held[2];
	int i;
	pg_cluster_start(cl);
	cr_assert_petory_ok(petory__pg_open(&pool, cl->url, 2));
	/* Both connections made. */
	for (i = 0; i < 2; i++)
		cr_assert_petory_ok(petory__pg_acquire(pool, &held[i]));
	for (i = 0; i < 2; i++)
		petory__pg_release(pool, held[i]);
	cr_assert_petory_ok(ping(pool));

	/* Down: calls fail cleanly, and so does a transaction. */
	pg_cluster_down(cl);
	cr_assert_petory_fails(PETORY_EUNAVAILABLE, NULL, ping(pool));
	cr_assert_str_eq(
		petory_error_last()->message, "the database is unavailable");
	cr_assert_petory_fails(PETORY_EUNAVAILABLE, NULL,
		petory__pg_transact(
			pool, PETORY__PG_READ_COMMITTED, three_writes, NULL));
	cr_assert_str_eq(
		petory_error_last()->message, "the database is unavailable");

	/* Back: the very next call succeeds, on every connection. */
	pg_cluster_up(cl);
	cr_assert_petory_ok(ping(pool));
	for (i = 0; i < 2; i++)
		cr_assert_petory_ok(petory__pg_acquire(pool, &held[i]));
	for (i = 0; i < 2; i++) {
		PGresult *r;
		cr_assert_petory_ok(petory__pg_exec(
			&r, held[i], PETORY__PG_STMT_PING, NULL));
		PQclear(r);
	}
	for (i = 0; i < 2; i++)
		petory__pg_release(pool, held[i]);

	/* A restart between two calls, with no call while it was down: the
	 * idle connections are found dead and remade. */
	pg_cluster_down(cl);
	pg_cluster_up(cl);
	cr_assert_petory_ok(ping(pool));
	cr_assert_petory_ok(petory__pg_transact(
		pool, PETORY__PG_READ_COMMITTED, three_writes, NULL));
	cr_assert_eq(query_int(pool, "SELECT count(*) FROM meta"), 3);
	petory__pg_close(pool);
}
