/* pg_migrate.c -- petory_migrate_to against a real PostgreSQL server:
 * values the HTTP API cannot make (bytes with NUL and backslash, an
 * empty blob, 64-bit extremes, doubles to the last bit, control
 * characters and COPY's own markers in text) copied exactly; the
 * refusals (a target holding rows, untouched, even when the row appears
 * after the first look; a source at another schema version, not a
 * PETORY database, absent; a value that does not fit its column; a bad
 * URL), each writing nothing; a fault injected in every kind of
 * statement of the copy, each leaving the target without a row; and the
 * PostgreSQL store answering the library's reads of the copy as SQLite
 * answered them (skipped while the store lacks a table). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include <petory/json.h>

#include "pg_server.h"
#include "petory/ops.h"
#include "petory_test.h"

TestSuite(pg_migrate, .timeout = 240);

static char source[512];

/* A PETORY database in the test directory, with one user; its path is
 * in source.  The handle stays open until the test ends. */
static petory *make_source(void)
{
	petory *db = test_db_open();
	test_user(db, "migrate@example.com");
	snprintf(source, sizeof(source), "%s/petory.db", test_dir());
	return db;
}

/* Run sql on the source file with a connection of its own. */
static void source_sql(const char *sql)
{
	sqlite3 *h = NULL;
	char *err = NULL;
	cr_assert_eq(sqlite3_open(source, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	cr_assert_eq(sqlite3_exec(h, sql, NULL, NULL, &err), SQLITE_OK,
		"%s: %s", sql, err ? err : "");
	sqlite3_close(h);
}

/* The text of the first column of the first row of sql on url ("" for
 * no row, "NULL" for NULL). */
static void pg_value(char *out, size_t cap, const char *url, const char *sql)
{
	PGconn *c = PQconnectdb(url);
	PGresult *r;
	cr_assert_eq(PQstatus(c), CONNECTION_OK, "%s", PQerrorMessage(c));
	r = PQexec(c, sql);
	cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s: %s", sql,
		PQresultErrorMessage(r));
	if (PQntuples(r) == 0)
		snprintf(out, cap, "%s", "");
	else if (PQgetisnull(r, 0, 0))
		snprintf(out, cap, "%s", "NULL");
	else
		snprintf(out, cap, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	PQfinish(c);
}

static int64_t pg_int(const char *url, const char *sql)
{
	char v[64];
	pg_value(v, sizeof(v), url, sql);
	return strtoll(v, NULL, 10);
}

/* Rows in every table of the target but its migration record. */
static int64_t pg_rows(const char *url)
{
	static const char sql[] =
		"SELECT coalesce(sum((xpath('/row/n/text()', "
		"query_to_xml(format('SELECT count(*) AS n FROM %I', "
		"tablename), false, true, '')))[1]::text::bigint), 0) "
		"FROM pg_tables WHERE schemaname = current_schema() "
		"AND tablename <> 'schema_version'";
	return pg_int(url, sql);
}

static int64_t pg_tables(const char *url)
{
	return pg_int(url, "SELECT count(*) FROM pg_tables "
			   "WHERE schemaname = current_schema()");
}

static const petory_migrate_table *table_of(
	const petory_migrate_report *rep, const char *name)
{
	size_t i;
	for (i = 0; i < rep->table_count; i++)
		if (strcmp(rep->tables[i].name, name) == 0)
			return &rep->tables[i];
	cr_assert_fail("no table %s in the report", name);
	return NULL;
}

static int skipped(const petory_migrate_report *rep, const char *name)
{
	size_t i;
	for (i = 0; i < rep->skipped_count; i++)
		if (strcmp(rep->skipped[i], name) == 0)
			return 1;
	return 0;
}

/* ---- exact values ---- */

static const char *const TEXT_VALUE =
	"tab\there\nnewline\rreturn\\backslash \\N \\. end\n\\.\n한글";

Test(pg_migrate, copies_bytes_text_integers_and_doubles_exactly)
{
	petory *db = make_source();
	petory_migrate_report rep;
	char url[256], v[256], sql[512];
	double lat, lng;

	source_sql(
		"INSERT INTO auth_sessions(id, user_id, created_at, "
		"expires_at) VALUES ('s1', 1, 1, 2);"
		"INSERT INTO refresh_tokens VALUES (X'005C090A0D4E', 's1', "
		"3, NULL), (X'', 's1', 4, 5);"
		"INSERT INTO rate_limits VALUES ('max', 9223372036854775807, "
		"-9223372036854775808);"
		"INSERT INTO places(name, type, address, latitude, "
		"longitude, created_at, updated_at) VALUES ('p', 0, 'a', "
		"37.123456789012345, -179.99999999999997, 0, 0);");
	{
		sqlite3 *h = NULL;
		sqlite3_stmt *s = NULL;
		cr_assert_eq(sqlite3_open(source, &h), SQLITE_OK);
		cr_assert_eq(sqlite3_prepare_v2(h,
				     "INSERT INTO meta VALUES ('tricky', ?1)",
				     -1, &s, NULL),
			SQLITE_OK);
		sqlite3_bind_text(s, 1, TEXT_VALUE, -1, SQLITE_STATIC);
		cr_assert_eq(sqlite3_step(s), SQLITE_DONE);
		sqlite3_finalize(s);
		sqlite3_close(h);
	}
	pg_server_fresh_db(url, sizeof(url));
	cr_assert_petory_ok(petory_migrate_to(&rep, source, url, NULL, NULL));

	cr_assert_eq(rep.schema_version, petory_schema_version_supported());
	cr_assert(skipped(&rep, "owner_boards_fts"));
	cr_assert(skipped(&rep, "places_geo"));
	cr_assert_eq(table_of(&rep, "refresh_tokens")->target_rows, 2);
	cr_assert_eq(table_of(&rep, "refresh_tokens")->next_id, 0);
	cr_assert_eq(table_of(&rep, "users")->next_id, 2);
	cr_assert_eq(table_of(&rep, "places")->next_id, 2);
	cr_assert_eq(table_of(&rep, "events")->next_id, 1, "empty: from 1");

	pg_value(v, sizeof(v), url,
		"SELECT string_agg(encode(hash, 'hex') || ':' || "
		"coalesce(spent_at::text, 'NULL'), ',' ORDER BY hash) "
		"FROM refresh_tokens");
	cr_assert_str_eq(v, ":5,005c090a0d4e:NULL");
	pg_value(v, sizeof(v), url,
		"SELECT window_end || ' ' || count FROM rate_limits");
	cr_assert_str_eq(v, "9223372036854775807 -9223372036854775808");
	pg_value(v, sizeof(v), url,
		"SELECT value FROM meta WHERE key = 'tricky'");
	cr_assert_str_eq(v, TEXT_VALUE);
	pg_value(v, sizeof(v), url, "SELECT latitude FROM places");
	lat = strtod(v, NULL);
	pg_value(v, sizeof(v), url, "SELECT longitude FROM places");
	lng = strtod(v, NULL);
	cr_assert(lat == 37.123456789012345, "%.17g", lat);
	cr_assert(lng == -179.99999999999997, "%.17g", lng);
	/* The next user gets the next id. */
	snprintf(sql, sizeof(sql),
		"INSERT INTO places(name, type, address, latitude, longitude, "
		"created_at, updated_at) VALUES ('q', 0, 'b', 0, 0, 0, 0) "
		"RETURNING id");
	cr_assert_eq(pg_int(url, sql), 2);
	test_db_close(db);
}

/* ---- refusals ---- */

Test(pg_migrate, a_target_holding_rows_is_refused_untouched)
{
	petory *db = make_source();
	petory_migrate_report rep;
	char url[256];

	/* Rows in a table of its own: not even the schema is created. */
	pg_server_fresh_db(url, sizeof(url));
	pg_server_sql(url, "CREATE SCHEMA theirs; CREATE TABLE theirs.t "
			   "(x int); INSERT INTO theirs.t VALUES (1)");
	cr_assert_petory_fails(PETORY_EEXISTS, "TARGET_NOT_EMPTY",
		petory_migrate_to(&rep, source, url, NULL, NULL));
	cr_assert(strstr(petory_error_last()->message, "theirs.t"), "%s",
		petory_error_last()->message);
	cr_assert_eq(pg_tables(url), 0);

	/* A migrated PETORY database: refused, its rows as they were. */
	pg_server_fresh_db(url, sizeof(url));
	cr_assert_petory_ok(petory_migrate_to(&rep, source, url, NULL, NULL));
	cr_assert_gt(pg_rows(url), 0);
	{
		int64_t before = pg_rows(url);
		cr_assert_petory_fails(PETORY_EEXISTS, "TARGET_NOT_EMPTY",
			petory_migrate_to(&rep, source, url, NULL, NULL));
		cr_assert_eq(pg_rows(url), before);
		cr_assert_eq(rep.table_count, 0, "no report on failure");
	}
	test_db_close(db);
}

/* A hook that writes a row into the target's meta as soon as the table
 * exists, i.e. after the probe found the database empty. */
typedef struct intruder {
	const char *url;
	int wrote;
} intruder;

static int intrude(void *payload, const char *where)
{
	intruder *in = payload;
	PGconn *c;
	PGresult *r;
	if (in->wrote || strcmp(where, "pg.migrate") != 0)
		return 0;
	c = PQconnectdb(in->url);
	r = PQexec(c, "INSERT INTO meta VALUES ('intruder', 'x')");
	in->wrote = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	PQfinish(c);
	return 0;
}

Test(pg_migrate, a_row_written_after_the_first_look_is_found_under_the_lock)
{
	petory *db = make_source();
	petory_migrate_report rep;
	char url[256], v[64];
	intruder in = { url, 0 };

	pg_server_fresh_db(url, sizeof(url));
	petory__fault_set(intrude, &in);
	cr_assert_petory_fails(PETORY_EEXISTS, "TARGET_NOT_EMPTY",
		petory_migrate_to(&rep, source, url, NULL, NULL));
	petory__fault_set(NULL, NULL);
	cr_assert(in.wrote);
	cr_assert(strstr(petory_error_last()->message, "meta"), "%s",
		petory_error_last()->message);
	/* Only the intruder's row. */
	cr_assert_eq(pg_rows(url), 1);
	pg_value(v, sizeof(v), url, "SELECT key FROM meta");
	cr_assert_str_eq(v, "intruder");
	test_db_close(db);
}

Test(pg_migrate, a_source_at_another_version_or_not_petory_is_refused)
{
	petory *db = make_source();
	petory_migrate_report rep;
	char url[256], path[600];
	FILE *f;

	char older[64];

	pg_server_fresh_db(url, sizeof(url));
	/* An older schema: open it with this build first. */
	snprintf(older, sizeof(older), "PRAGMA user_version = %d",
		petory_schema_version_supported() - 1);
	source_sql(older);
	cr_assert_petory_fails(PETORY_EVERSION, "SCHEMA_MISMATCH",
		petory_migrate_to(&rep, source, url, NULL, NULL));
	cr_assert(strstr(petory_error_last()->message, "init"), "%s",
		petory_error_last()->message);
	/* A newer one. */
	source_sql("PRAGMA user_version = 99");
	cr_assert_petory_fails(PETORY_EVERSION, "SCHEMA_MISMATCH",
		petory_migrate_to(&rep, source, url, NULL, NULL));
	source_sql("PRAGMA user_version = 0");
	cr_assert_petory_fails(PETORY_EINVALID, "NOT_A_PETORY_DATABASE",
		petory_migrate_to(&rep, source, url, NULL, NULL));
	/* Not a database at all, and no file. */
	snprintf(path, sizeof(path), "%s/notes.txt", test_dir());
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("these are not the tables you are looking for\n", f);
	fclose(f);
	cr_assert_petory_fails(PETORY_EINVALID, "NOT_A_PETORY_DATABASE",
		petory_migrate_to(&rep, path, url, NULL, NULL));
	snprintf(path, sizeof(path), "%s/absent.db", test_dir());
	cr_assert_petory_fails(PETORY_ENOTFOUND, "DATABASE_NOT_FOUND",
		petory_migrate_to(&rep, path, url, NULL, NULL));
	/* The target never saw any of it. */
	cr_assert_eq(pg_tables(url), 0);
	test_db_close(db);
}

Test(pg_migrate, a_value_that_does_not_fit_its_column_writes_nothing)
{
	petory *db = make_source();
	petory_migrate_report rep;
	char url[256];

	/* SQLite keeps bytes in a TEXT column; PostgreSQL's text cannot
	 * hold them faithfully. */
	source_sql("INSERT INTO meta VALUES ('bytes', X'00FF')");
	pg_server_fresh_db(url, sizeof(url));
	cr_assert_petory_fails(PETORY_EINVALID, NULL,
		petory_migrate_to(&rep, source, url, NULL, NULL));
	cr_assert(strstr(petory_error_last()->message, "meta"), "%s",
		petory_error_last()->message);
	cr_assert(strstr(petory_error_last()->message, "value"), "%s",
		petory_error_last()->message);
	cr_assert_eq(pg_rows(url), 0);
	test_db_close(db);
}

Test(pg_migrate, a_bad_url_is_refused)
{
	petory *db = make_source();
	petory_migrate_report rep;

	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_DATABASE_URL",
		petory_migrate_to(&rep, source, "mysql://x@y/z", NULL, NULL));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_DATABASE_URL",
		petory_migrate_to(&rep, source, "", NULL, NULL));
	cr_assert_petory_fails(PETORY_EUNAVAILABLE, "DATABASE_UNAVAILABLE",
		petory_migrate_to(&rep, source,
			"postgres://petory:sekrit@127.0.0.1:1/x", NULL, NULL));
	cr_assert_null(strstr(petory_error_last()->message, "sekrit"));
	test_db_close(db);
}

/* ---- faults ---- */

typedef struct fault_plan {
	int k; /* fail the k-th "pg.migrate" (0: none, only count) */
	int seen;
} fault_plan;

static int fail_kth(void *payload, const char *where)
{
	fault_plan *f = payload;
	if (strcmp(where, "pg.migrate") != 0)
		return 0;
	return ++f->seen == f->k ? PETORY_EBACKEND : 0;
}

static void progress(void *payload, int64_t done, int64_t total)
{
	int64_t *last = payload;
	cr_assert_geq(done, *last);
	cr_assert_leq(done, total);
	*last = done;
}

/* The fault points of a whole migration: the probe's statements, then
 * per table a look for rows, a COPY, a count and a setval, then COMMIT.
 * Failing the first and last few and every fourth between them takes a
 * fraction of the time of all of them and meets each kind. */
static int worth_failing(int k, int points)
{
	return k <= 8 || k > points - 8 || k % 4 == 0;
}

Test(pg_migrate, a_fault_in_any_statement_leaves_the_target_without_a_row)
{
	petory *db = make_source();
	petory_migrate_report rep;
	fault_plan count = { 0, 0 };
	char url[256];
	int k, failed = 0;
	int64_t last = 0;

	/* How many points a successful run passes, with a progress
	 * callback that sees the rows go up to the total. */
	pg_server_fresh_db(url, sizeof(url));
	petory__fault_set(fail_kth, &count);
	cr_assert_petory_ok(
		petory_migrate_to(&rep, source, url, progress, &last));
	petory__fault_set(NULL, NULL);
	cr_assert_eq(last, rep.rows);
	cr_assert_gt(count.seen, 4 * 30, "only %d fault points", count.seen);

	pg_server_fresh_db(url, sizeof(url));
	for (k = 1; k <= count.seen; k++) {
		fault_plan f = { k, 0 };
		if (!worth_failing(k, count.seen))
			continue;
		petory__fault_set(fail_kth, &f);
		cr_assert_petory_fails(PETORY_EBACKEND, NULL,
			petory_migrate_to(&rep, source, url, NULL, NULL));
		petory__fault_set(NULL, NULL);
		cr_assert(strstr(petory_error_last()->message, "pg.migrate"),
			"k = %d: %s", k, petory_error_last()->message);
		cr_assert_eq(pg_rows(url), 0, "k = %d", k);
		failed++;
	}
	cr_assert_gt(failed, 40);
	/* Without a fault, everything. */
	cr_assert_petory_ok(petory_migrate_to(&rep, source, url, NULL, NULL));
	cr_assert_eq(table_of(&rep, "users")->target_rows, 1);
	cr_assert_eq(pg_rows(url), rep.rows);
	test_db_close(db);
}

/* ---- the copy, served ---- */

/* Skip when the PostgreSQL store does not have the table yet. */
#define SERVED(call)                                                      \
	do {                                                              \
		int rc_ = (call);                                         \
		if (rc_ == PETORY_ENOTSUPPORTED)                          \
			cr_skip_test("the PostgreSQL store cannot serve " \
				     "this yet: %s",                      \
				petory_error_last()->message);            \
		cr_assert_eq(rc_, 0, "%s: %s", #call,                     \
			petory_error_last()->message);                    \
	} while (0)

static void same_json(json_t *a, json_t *b, const char *what)
{
	char *ta = json_dumps(a, JSON_SORT_KEYS), *tb;
	tb = json_dumps(b, JSON_SORT_KEYS);
	cr_assert(json_equal(a, b), "%s:\nsqlite   %s\npostgres %s", what, ta,
		tb);
	free(ta);
	free(tb);
	json_decref(a);
	json_decref(b);
}

Test(pg_migrate, the_postgres_store_serves_what_was_copied)
{
	petory *db = make_source(), *pg = NULL;
	petory_identity alice = test_identity(db, 1);
	petory_new_place in = { .name = "이주 카페",
		.info = "대형견 환영",
		.type = "CAFE",
		.address = "서울 마포구 1",
		.has_coordinates = 1,
		.latitude = 37.55,
		.longitude = 126.9 };
	petory_board_input post_in = { .title = "산책", .content = TEXT_VALUE };
	petory_place *p1 = NULL, *p2 = NULL;
	petory_board_post *b1 = NULL, *b2 = NULL;
	petory_user *u1 = NULL, *u2 = NULL;
	petory_review *review = NULL;
	petory_board_comment *comment = NULL;
	petory_like_result like;
	petory_migrate_report rep;
	petory_options opts;
	petory_store *st = NULL;
	char url[256];

	cr_assert_petory_ok(
		petory_place_create(&p1, db, petory_identity_system(), &in));
	cr_assert_petory_ok(petory_board_create(&b1, db, &alice, &post_in));
	cr_assert_petory_ok(
		petory_place_like(&like, db, &alice, p1->id, PETORY_LIKE_SET));
	cr_assert_petory_ok(petory_review_create(
		&review, db, &alice, p1->id, "좋아요", 4, NULL));
	cr_assert_petory_ok(petory_board_comment_create(
		&comment, db, &alice, b1->id, "댓글"));
	petory_review_free(review);
	petory_board_comment_free(comment);
	petory_place_free(p1);
	petory_board_post_free(b1);
	p1 = NULL;
	b1 = NULL;
	pg_server_fresh_db(url, sizeof(url));
	cr_assert_petory_ok(petory_migrate_to(&rep, source, url, NULL, NULL));

	/* A second handle whose relational store is the copy. */
	test_options(&opts);
	cr_assert_petory_ok(petory_open(&pg, &opts));
	cr_assert_petory_ok(petory_postgres_store_new(&st, url, 2));
	cr_assert_petory_ok(petory_set_store(pg, st));

	cr_assert_petory_ok(petory_user_get(&u1, db, &alice, 1));
	SERVED(petory_user_get(&u2, pg, &alice, 1));
	same_json(petory_user_to_json(u1), petory_user_to_json(u2), "user");
	cr_assert_petory_ok(petory_place_get(&p1, db, NULL, 1));
	SERVED(petory_place_get(&p2, pg, NULL, 1));
	same_json(petory_place_to_json(p1), petory_place_to_json(p2), "place");
	cr_assert_petory_ok(petory_board_get(&b1, db, 1));
	SERVED(petory_board_get(&b2, pg, 1));
	same_json(petory_board_post_to_json(b1), petory_board_post_to_json(b2),
		"post");
	petory_user_free(u1);
	petory_user_free(u2);
	petory_place_free(p1);
	petory_place_free(p2);
	petory_board_post_free(b1);
	petory_board_post_free(b2);
	petory_close(pg);
	test_db_close(db);
}
