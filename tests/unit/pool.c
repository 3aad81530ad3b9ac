/* pool.c -- the SQLite connection pool: every connection in WAL mode with
 * synchronous=NORMAL, foreign keys and a busy timeout; statements prepared
 * once per connection; a write transaction takes the write lock when it
 * begins (BEGIN IMMEDIATE), not at its first write. */
#include <sqlite3.h>
#include <string.h>

#include "petory_test.h"
#include "store/sqlite/sqlite_internal.h"

/* The first column of the first row of sql, as text. */
static void query_text(sqlite3 *s, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *st = NULL;
	cr_assert_eq(sqlite3_prepare_v2(s, sql, -1, &st, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s", sql);
	snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

Test(pool, every_connection_is_set_up_alike)
{
	petory *db = test_db_open();
	size_t i, n = db->cfg.pool_size;
	petory__conn **held = calloc(n, sizeof(*held));
	char v[32];
	cr_assert_gt(n, 1);
	for (i = 0; i < n; i++)
		cr_assert_petory_ok(petory__conn_acquire(db, &held[i]));
	for (i = 0; i < n; i++) {
		sqlite3 *s = held[i]->db;
		query_text(s, "PRAGMA journal_mode", v, sizeof(v));
		cr_assert_str_eq(v, "wal", "connection %zu", i);
		query_text(s, "PRAGMA synchronous", v, sizeof(v));
		cr_assert_str_eq(v, "1", "connection %zu: NORMAL", i);
		query_text(s, "PRAGMA foreign_keys", v, sizeof(v));
		cr_assert_str_eq(v, "1", "connection %zu", i);
		query_text(s, "PRAGMA busy_timeout", v, sizeof(v));
		cr_assert_gt(atoi(v), 0, "connection %zu", i);
	}
	for (i = 0; i < n; i++)
		petory__conn_release(db, held[i]);
	free(held);
	test_db_close(db);
}

Test(pool, statements_are_prepared_once_per_connection)
{
	petory *db = test_db_open();
	petory__conn *conn;
	sqlite3_stmt *first, *again;
	cr_assert_petory_ok(petory__conn_acquire(db, &conn));
	first = petory__stmt(conn, PETORY__STMT_PING);
	cr_assert_not_null(first);
	cr_assert_eq(sqlite3_step(first), SQLITE_ROW);
	petory__stmt_done(first);
	again = petory__stmt(conn, PETORY__STMT_PING);
	cr_assert_eq(again, first, "prepared again");
	petory__stmt_done(again);
	petory__conn_release(db, conn);
	test_db_close(db);
}

Test(pool, a_write_transaction_holds_the_write_lock_from_its_begin)
{
	petory_options o;
	petory *db = test_db_open();
	petory__conn *conn;
	sqlite3 *other;
	test_options(&o);
	cr_assert_eq(sqlite3_open(o.db_path, &other), SQLITE_OK);
	sqlite3_busy_timeout(other, 0);
	cr_assert_petory_ok(petory__conn_acquire(db, &conn));
	cr_assert_petory_ok(petory__tx_begin(conn));
	/* No statement has run yet, and another writer is already shut out:
	 * a deferred BEGIN would only take the lock at the first write. */
	cr_assert_eq(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL),
		SQLITE_BUSY);
	cr_assert_petory_ok(petory__tx_end(conn, 0));
	petory__conn_release(db, conn);
	cr_assert_eq(sqlite3_exec(other, "BEGIN IMMEDIATE; ROLLBACK", NULL,
			     NULL, NULL),
		SQLITE_OK);
	sqlite3_close(other);
	test_db_close(db);
}
