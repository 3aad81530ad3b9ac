/* pg_open.c -- a handle on PostgreSQL as petory_open wires it: a
 * postgres:// URL opens the three PostgreSQL stores over one pool (no
 * SQLite file), its reasons at open (DATABASE_URL_INVALID,
 * DATABASE_UNAVAILABLE, DATABASE_TOO_NEW), the pool's statistics, the
 * stores each releasing the shared pool in any order, and URLs shown
 * without their password.  On the shared test cluster
 * (tests/helpers/pg_server.h).
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "petory_test.h"
#include "pg_server.h"
#include "store/postgres/pg_backends.h"

TestSuite(pg_open, .timeout = 180);

/* Options for a handle on url (the test's temp directory for files). */
static void pg_options(petory_options *o, const char *url, unsigned pool)
{
	test_options(o);
	o->db_path = url;
	o->pool_size = pool;
}

/* A loopback port nothing listens on (tcpmux, never served here). */
#define UNSERVED_PORT 1

Test(pg_open, a_url_opens_every_store_on_postgresql)
{
	char url[512];
	petory_options o;
	petory_stats stats;
	petory_health health;
	petory *db = NULL;
	struct stat st;
	pg_server_fresh_db(url, sizeof(url));
	pg_options(&o, url, 3);
	cr_assert_petory_ok(petory_open(&db, &o));
	cr_assert_str_eq(petory_get_store(db)->name, "postgres");
	cr_assert_str_eq(petory_get_rank_store(db)->name, "postgres");
	cr_assert_str_eq(petory_get_session_store(db)->name, "postgres");
	cr_assert_eq(petory_get_rank_store(db)->flags, PETORY_RANK_DERIVED);
	cr_assert_eq(
		petory_schema_version(db), petory_schema_version_supported());
	cr_assert_petory_ok(petory_health_get(&health, db));
	cr_assert_eq(health.db, PETORY_COMPONENT_UP);
	cr_assert_petory_ok(petory_health_check(db));
	cr_assert_petory_ok(petory_stats_get(&stats, db));
	cr_assert_eq(stats.db_connections, 3);
	cr_assert_eq(stats.db_connections_free, 3);
	cr_assert_gt(stats.db_uses, 0, "the open used the pool");
	cr_assert_neq(stat(url, &st), 0, "no file named after the URL");
	test_db_close(db);
}

Test(pg_open, an_invalid_url_names_the_url_and_never_its_password)
{
	static const char *const bad[] = {
		"postgres://u:s3cret@127.0.0.1:99999/petory",
		"postgresql://u:s3cret@[::1/petory",
		"postgres://u:s3cret@127.0.0.1/petory?nosuchoption=1",
	};
	petory_options o;
	size_t i;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		petory *db = (petory *)0x1;
		pg_options(&o, bad[i], 0);
		cr_assert_petory_fails(PETORY_EINVALID, "DATABASE_URL_INVALID",
			petory_open(&db, &o));
		cr_assert_null(db);
		cr_assert(strstr(petory_error_last()->message, "URL"), "%s",
			petory_error_last()->message);
		cr_assert_null(strstr(petory_error_last()->message, "s3cret"),
			"%s", petory_error_last()->message);
	}
}

Test(pg_open, a_server_that_does_not_answer_is_database_unavailable)
{
	char url[128];
	petory_options o;
	petory *db = (petory *)0x1;
	snprintf(url, sizeof(url), "postgres://u:s3cret@127.0.0.1:%d/petory",
		UNSERVED_PORT);
	pg_options(&o, url, 0);
	cr_assert_petory_fails(PETORY_EUNAVAILABLE, "DATABASE_UNAVAILABLE",
		petory_open(&db, &o));
	cr_assert_null(db);
	cr_assert(strstr(petory_error_last()->message,
			  "cannot connect to PostgreSQL at 127.0.0.1:1"),
		"%s", petory_error_last()->message);
	cr_assert_null(strstr(petory_error_last()->message, "s3cret"));
}

Test(pg_open, a_database_newer_than_the_build_is_database_too_new)
{
	char url[512], sql[128];
	petory_options o;
	petory *db;
	petory_store *st = NULL;
	petory_rank_store *rs = NULL;
	petory_session_store *ss = NULL;
	pg_server_fresh_db(url, sizeof(url));
	cr_assert_petory_ok(
		petory__pg_backends_open(&st, &rs, &ss, NULL, url, 1));
	ss->free(ss);
	rs->free(rs);
	st->free(st);
	snprintf(sql, sizeof(sql), "INSERT INTO schema_version VALUES(%d, 0)",
		petory_schema_version_supported() + 1);
	pg_server_sql(url, sql);
	pg_options(&o, url, 1);
	db = (petory *)0x1;
	cr_assert_petory_fails(
		PETORY_EVERSION, "DATABASE_TOO_NEW", petory_open(&db, &o));
	cr_assert_null(db);
}

Test(pg_open, a_pool_larger_than_the_backend_allows_is_invalid)
{
	char url[512];
	petory_options o;
	petory *db = (petory *)0x1;
	pg_server_fresh_db(url, sizeof(url));
	pg_options(&o, url, 1025);
	cr_assert_petory_fails(
		PETORY_EINVALID, "INVALID_PARAMETER", petory_open(&db, &o));
	cr_assert_null(db);
}

/* The stores share one pool and each holds a reference: any of them may
 * go first, and the others go on working. */
Test(pg_open, the_stores_release_the_shared_pool_in_any_order)
{
	char url[512];
	petory_store *st = NULL;
	petory_rank_store *rs = NULL;
	petory_session_store *ss = NULL;
	petory__pg_pool *pool = NULL;
	petory_rate_state rate;
	petory_rank_entry *top = NULL;
	petory_stats stats;
	size_t n = 1;
	pg_server_fresh_db(url, sizeof(url));
	cr_assert_petory_ok(
		petory__pg_backends_open(&st, &rs, &ss, &pool, url, 2));
	st->free(st);
	cr_assert_petory_ok(ss->rate_hit(&rate, ss, "k", 1, 1000, 5000));
	cr_assert_eq(rate.count, 1);
	cr_assert_eq(rate.window_end, 6000);
	ss->free(ss);
	cr_assert_petory_ok(rs->top(&top, &n, rs, "ALL", 10));
	cr_assert_eq(n, 0);
	cr_assert_null(top);
	rs->free(rs);
	/* the caller's own reference still reads the statistics */
	petory__pg_pool_stats(pool, &stats);
	cr_assert_eq(stats.db_connections, 2);
	cr_assert_eq(stats.db_connections_free, 2);
	petory__pg_close(pool);
}

Test(pg_open, urls_are_shown_without_their_password)
{
	static const char *const cases[][2] = {
		{ "./petory.db", "./petory.db" },
		{ "postgres://u@h:5432/db", "postgres://u@h:5432/db" },
		{ "postgres://u:pw@h:5432/db", "postgres://u:***@h:5432/db" },
		{ "postgresql://u:p@w@h/db?sslmode=require",
			"postgresql://u:***@h/db?sslmode=require" },
		{ "postgres://h/db?user=u&password=pw&sslmode=require",
			"postgres://h/db?user=u&password=***&sslmode=require" },
		{ "postgres://u:pw@h/db?password=pw",
			"postgres://u:***@h/db?password=***" },
		{ "postgres://h1:1,h2:2/db", "postgres://h1:1,h2:2/db" },
	};
	char out[256], tiny[12];
	size_t i;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_assert_str_eq(
			petory_database_display(out, sizeof(out), cases[i][0]),
			cases[i][1]);
	cr_assert(petory_database_is_url("postgres://h/db"));
	cr_assert(petory_database_is_url("postgresql://h/db"));
	cr_assert_not(petory_database_is_url("postgres.db"));
	cr_assert_not(petory_database_is_url(NULL));
	/* truncated, never past the buffer, never the password */
	cr_assert_str_eq(petory_database_display(
				 tiny, sizeof(tiny), "postgres://u:pw@h/db"),
		"postgres://");
}
