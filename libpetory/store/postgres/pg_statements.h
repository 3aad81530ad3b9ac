/* pg_statements.h -- every SQL statement of the PostgreSQL backend, by id.
 *
 * The same X-macro as store/sqlite/statements.h: each list is
 * X(ID, "SQL") per domain, PETORY__PG_SQL_ALL joins them, and the enum
 * gives PETORY__PG_STMT_<ID>.  Each connection prepares a statement
 * (PQprepare, named after its ID) the first time it runs it and keeps it
 * for the connection's lifetime; a reconnected connection prepares again.
 * Parameters are $1, $2, ... (PostgreSQL infers their types from the
 * statement), sent as text unless the caller says binary (bytea).
 *
 * Add a statement to its domain's list (sql_<table>.h; a new list goes
 * into PETORY__PG_SQL_ALL) and run it with petory__pg_exec.  The enum prefix
 * differs from SQLite's so that both headers may meet in one file (the
 * SQLite-to-PostgreSQL copy).
 */
#ifndef PETORY_PG_STATEMENTS_H
#define PETORY_PG_STATEMENTS_H

#include "store/postgres/sql_rows.h"
#include "store/postgres/sql_users.h"
#include "store/postgres/sql_oauth.h"
#include "store/postgres/sql_events.h"
#include "store/postgres/sql_notifications.h"
#include "store/postgres/sql_daily.h"
#include "store/postgres/sql_places.h"
#include "store/postgres/sql_reviews.h"
#include "store/postgres/sql_files.h"
#include "store/postgres/sql_pets.h"
#include "store/postgres/sql_growth.h"
#include "store/postgres/sql_albums.h"
#include "store/postgres/sql_boards.h"
#include "store/postgres/sql_trades.h"
#include "store/postgres/sql_chat.h"
#include "store/postgres/sql_lost_pets.h"
#include "store/postgres/sql_sessions.h"
#include "store/postgres/sql_rank.h"

#define PETORY__PG_SQL_META(X)                                               \
	X(PING, "SELECT 1")                                                  \
	X(META_GET, "SELECT value FROM meta WHERE key = $1")                 \
	X(META_PUT_IF_ABSENT, "INSERT INTO meta(key, value) VALUES($1, $2) " \
			      "ON CONFLICT(key) DO NOTHING")                 \
	X(META_REPLACE, "UPDATE meta SET value = $3 "                        \
			"WHERE key = $1 AND value = $2")

#define PETORY__PG_SQL_ALL(X)           \
	PETORY__PG_SQL_META(X)          \
	PETORY__PG_SQL_ROWS(X)          \
	PETORY__PG_SQL_USERS(X)         \
	PETORY__PG_SQL_OAUTH(X)         \
	PETORY__PG_SQL_ACCOUNT(X)       \
	PETORY__PG_SQL_EVENTS(X)        \
	PETORY__PG_SQL_NOTIFICATIONS(X) \
	PETORY__PG_SQL_DAILY(X)         \
	PETORY__PG_SQL_PLACES(X)        \
	PETORY__PG_SQL_REVIEWS(X)       \
	PETORY__PG_SQL_FILES(X)         \
	PETORY__PG_SQL_PETS(X)          \
	PETORY__PG_SQL_GROWTH(X)        \
	PETORY__PG_SQL_ALBUMS(X)        \
	PETORY__PG_SQL_BOARDS(X)        \
	PETORY__PG_SQL_TRADES(X)        \
	PETORY__PG_SQL_CHAT(X)          \
	PETORY__PG_SQL_LOST_PETS(X)     \
	PETORY__PG_SQL_SESSIONS(X)      \
	PETORY__PG_SQL_RANK(X)

typedef enum petory__pg_stmt_id {
#define PETORY__PG_STMT_ENUM(id, sql) PETORY__PG_STMT_##id,
	PETORY__PG_SQL_ALL(PETORY__PG_STMT_ENUM)
#undef PETORY__PG_STMT_ENUM
		PETORY__PG_STMT_COUNT
} petory__pg_stmt_id;

#endif
