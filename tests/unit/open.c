/* open.c -- opening a handle: options versions, defaults, migrations, a
 * database newer than the build, and storage backend registration. */
#include <sqlite3.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "petory_test.h"

static int user_version(const char *path)
{
	sqlite3 *s;
	sqlite3_stmt *st;
	int v = -1;
	cr_assert_eq(sqlite3_open(path, &s), SQLITE_OK);
	sqlite3_prepare_v2(s, "PRAGMA user_version", -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(s);
	return v;
}

static void set_user_version(const char *path, int v)
{
	sqlite3 *s;
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
	cr_assert_eq(sqlite3_open(path, &s), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(s, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(s);
}

Test(open, migrates_a_new_database_to_the_latest_schema)
{
	petory_options o;
	petory *db = test_db_open();
	test_options(&o);
	cr_assert_eq(
		petory_schema_version(db), petory_schema_version_supported());
	cr_assert_petory_ok(petory_health_check(db));
	petory_close(db);
	cr_assert_eq(
		user_version(o.db_path), petory_schema_version_supported());
	/* Opening again applies nothing and keeps the data. */
	db = NULL;
	cr_assert_petory_ok(petory_open(&db, &o));
	test_db_close(db);
}

Test(open, refuses_a_database_newer_than_the_build)
{
	petory_options o;
	petory *db = test_db_open();
	test_options(&o);
	petory_close(db);
	set_user_version(o.db_path, 999);
	db = (petory *)0x1;
	cr_assert_petory_fails(
		PETORY_EVERSION, "DATABASE_TOO_NEW", petory_open(&db, &o));
	cr_assert_null(db);
	cr_assert(strstr(petory_error_last()->message, "999") != NULL);
	cr_assert(strstr(petory_error_last()->message, "upgrade") != NULL);
	cr_assert_eq(user_version(o.db_path), 999, "left untouched");
	test_db_close(NULL);
}

Test(open, without_create_a_missing_file_is_not_found)
{
	petory_options o;
	petory *db = NULL;
	test_options(&o);
	o.create = 0;
	cr_assert_petory_fails(
		PETORY_ENOTFOUND, "DATABASE_NOT_FOUND", petory_open(&db, &o));
	cr_assert_null(db);
	test_db_close(NULL);
}

Test(open, rejects_unknown_options_versions_and_bad_values)
{
	petory_options o;
	petory *db = NULL;
	test_options(&o);
	o.version = PETORY_OPTIONS_VERSION + 1;
	cr_assert_petory_fails(PETORY_EVERSION, NULL, petory_open(&db, &o));
	cr_assert_petory_fails(
		PETORY_EVERSION, NULL, petory_options_init(&o, 0));
	test_options(&o);
	o.default_timezone = "Nowhere/Special";
	cr_assert_petory_fails(PETORY_EINVALID, NULL, petory_open(&db, &o));
	test_options(&o);
	o.jwt_secret = "c2hvcnQ=";
	cr_assert_petory_fails(PETORY_EINVALID, NULL, petory_open(&db, &o));
	cr_assert_null(db);
	test_db_close(NULL);
}

Test(open, older_options_versions_are_read_only_up_to_their_size)
{
	petory_options o;

	/* version 3 appended smtp_insecure: a version-2 caller's struct
	 * ends before it, and nothing past its end is written or read */
	cr_assert_eq(petory__options_size(2),
		offsetof(petory_options, smtp_insecure));
	cr_assert_eq(petory__options_size(PETORY_OPTIONS_VERSION),
		sizeof(petory_options));
	memset(&o, 0x55, sizeof(o));
	cr_assert_eq(petory_options_init(&o, 2), 0);
	cr_assert_eq(o.smtp_insecure, 0x55555555);
	cr_assert_null(o.smtp_url);
	cr_assert_eq(o.redis_sessions, 0);
}

Test(open, generated_jwt_key_survives_a_restart)
{
	petory_options o;
	petory_tokens t;
	petory_identity id;
	petory *db = test_db_open();
	test_user(db, "keep@example.com");
	test_login(&t, db, "keep@example.com");
	petory_close(db);
	test_options(&o);
	cr_assert_petory_ok(petory_open(&db, &o));
	cr_assert_petory_ok(petory_auth_verify(&id, db, t.access_token));
	petory_tokens_dispose(&t);
	test_db_close(db);
}

/* ---- backend registration ---- */

static void fake_free(petory_rank_store *rs)
{
	(void)rs;
}

Test(registry, rejects_unknown_vtable_versions_and_keeps_ownership)
{
	petory *db = test_db_open();
	petory_rank_store *before = petory_get_rank_store(db);
	petory_rank_store future = *before;
	petory_rank_store zero = *before;
	future.version = PETORY_RANK_STORE_VERSION + 1;
	zero.version = 0;
	cr_assert_petory_fails(
		PETORY_EVERSION, NULL, petory_set_rank_store(db, &future));
	cr_assert_petory_fails(
		PETORY_EVERSION, NULL, petory_set_rank_store(db, &zero));
	cr_assert_eq(petory_get_rank_store(db), before);
	test_db_close(db);
}

Test(registry, rejects_incomplete_backends)
{
	petory *db = test_db_open();
	petory_store st = *petory_get_store(db);
	petory_store_users users = *st.users;
	petory_session_store ss = *petory_get_session_store(db);
	users.user_get = NULL;
	st.users = &users;
	ss.rate_hit = NULL;
	cr_assert_petory_fails(
		PETORY_EINVALID, NULL, petory_set_store(db, &st));
	cr_assert(strstr(petory_error_last()->message, "user_get") != NULL,
		"%s", petory_error_last()->message);
	cr_assert_petory_fails(
		PETORY_EINVALID, NULL, petory_set_session_store(db, &ss));
	cr_assert(strstr(petory_error_last()->message, "sqlite") != NULL);
	test_db_close(db);
}

Test(registry, checks_every_table_of_the_store)
{
	petory *db = test_db_open();
	petory_store *real = petory_get_store(db);
	petory_store st = *real;
	petory_store_chat chat = *st.chat;
	/* a missing table */
	st.trades = NULL;
	cr_assert_petory_fails(
		PETORY_EINVALID, NULL, petory_set_store(db, &st));
	cr_assert(strstr(petory_error_last()->message, "trades") != NULL);
	/* a table newer than this build */
	st = *real;
	chat.version = PETORY_STORE_CHAT_VERSION + 1;
	st.chat = &chat;
	cr_assert_petory_fails(
		PETORY_EVERSION, NULL, petory_set_store(db, &st));
	cr_assert(strstr(petory_error_last()->message, "chat") != NULL);
	/* the flat layout of versions 1..4 */
	st = *real;
	st.version = 4;
	cr_assert_petory_fails(
		PETORY_EVERSION, NULL, petory_set_store(db, &st));
	cr_assert_eq(petory_get_store(db), real);
	test_db_close(db);
}

Test(registry, takes_ownership_of_a_valid_backend)
{
	petory *db = test_db_open();
	petory_rank_store *fresh = NULL;
	petory_rank_entry *top = NULL;
	size_t n = 1;
	cr_assert_petory_ok(petory_sqlite_rank_store_new(&fresh, db));
	cr_assert_petory_ok(petory_set_rank_store(db, fresh));
	cr_assert_eq(petory_get_rank_store(db), fresh);
	cr_assert_petory_ok(fresh->top(&top, &n, fresh, "ALL", 10));
	cr_assert_eq(n, 0);
	(void)fake_free;
	test_db_close(db);
}
