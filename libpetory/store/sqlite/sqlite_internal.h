/* sqlite_internal.h -- the SQLite connection pool shared by the three
 * SQLite backends.
 *
 * A connection is used by one thread at a time: acquire it, run statements,
 * release it.  Statements come from petory__stmt (prepared once per
 * connection) and must be reset with petory__stmt_done before release.
 * Writes that span statements run inside petory__tx_begin (BEGIN
 * IMMEDIATE) ... petory__tx_end.
 */
#ifndef PETORY_SQLITE_INTERNAL_H
#define PETORY_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "core/internal.h"
#include "store/sqlite/statements.h"

typedef struct petory__conn {
	sqlite3 *db;
	sqlite3_stmt *stmts[PETORY__STMT_COUNT];
} petory__conn;

int petory__conn_acquire(petory *db, petory__conn **out);
void petory__conn_release(petory *db, petory__conn *conn);

/* The prepared statement `id` (NULL with the error set on failure). */
sqlite3_stmt *petory__stmt(petory__conn *conn, petory__stmt_id id);
void petory__stmt_done(sqlite3_stmt *stmt);

/* Map a SQLite result code to a petory error (EEXISTS for a UNIQUE or
 * PRIMARY KEY violation, EBACKEND otherwise), logging SQLite's message. */
int petory__sqlite_error(petory__conn *conn, int rc, const char *what);

/* Step a statement that returns no row, then reset it.  With
 * expect_change, ENOTFOUND (no error message set) when no row changed. */
int petory__step_done(
	petory__conn *conn, sqlite3_stmt *stmt, int expect_change);

int petory__tx_begin(petory__conn *conn);
/* COMMIT when error == 0, else ROLLBACK; returns error (or the commit's). */
int petory__tx_end(petory__conn *conn, int error);

/* Run the numbered migrations on conn (the first connection). */
int petory__migrate(petory__conn *conn, int *version_out);
int petory__migrations_latest(void);

/* Run body with `conn` bound to a pooled connection of handle `db`; a
 * `break` inside body ends it early and still releases the connection. */
#define PETORY__WITH_CONN(db, conn, body)          \
	do {                                       \
		petory__conn *conn;                \
		petory__conn_acquire((db), &conn); \
		do {                               \
			body;                      \
		} while (0);                       \
		petory__conn_release((db), conn);  \
	} while (0)

/* Column helpers. */
char *petory__column_strdup(sqlite3_stmt *stmt, int col);
int petory__bind_text_or_null(sqlite3_stmt *stmt, int idx, const char *s);

/* The handle behind a SQLite petory_store (store.c). */
petory *petory__sqlite_store_db(petory_store *st);
/* Fill in the notification, job and daily-question methods
 * (store_daily.c). */
void petory__sqlite_daily_methods(petory_store *st);
/* The place methods of that store (place.c). */
void petory__sqlite_place_methods(petory_store *st);
void petory__sqlite_review_methods(petory_store *st);
/* status, type and like_count of a place; ENOTFOUND "PLACE_NOT_FOUND"
 * when absent (place.c). */
int petory__place_state_locked(
	petory__conn *conn, int64_t id, int *status, int *type, int64_t *likes);

#endif
