/* store.c -- the root of the SQLite petory_store: its constructor, free
 * and ping, the meta table (installation facts), and what every table's
 * file shares.
 *
 * The tables themselves live in the file of their domain (user.c,
 * notification.c, daily.c, event.c, place.c, …).  Each method acquires
 * one pooled connection, runs its prepared statement(s) and releases it;
 * methods with more than one write run them in one BEGIN IMMEDIATE
 * transaction.  Methods report facts, never the API's reason codes.
 */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_internal.h"

#define WITH_CONN PETORY__WITH_STORE_CONN

typedef petory__sqlite_store sqlite_store;

petory *petory__sqlite_store_db(petory_store *st)
{
	return PETORY__STORE_DB(st);
}

static void store_free(petory_store *st)
{
	free(st);
}

static int store_ping(petory_store *st)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_PING);
		int rc = s ? sqlite3_step(s) : SQLITE_ERROR;
		if (rc != SQLITE_ROW)
			error = s ? petory__sqlite_error(conn, rc, "ping")
				  : petory_error_last()->code;
		petory__stmt_done(s);
	});
	return error;
}

/* The value of key on conn: ENOTFOUND (no reason) when absent. */
static int meta_read(char **out, petory__conn *conn, const char *key)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_META_GET);
	int rc, error;
	*out = NULL;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		error = (*out = petory__column_strdup(s, 0))
				? 0
				: petory__error_oom();
	else if (rc == SQLITE_DONE)
		error = petory_error_set(
			PETORY_ENOTFOUND, NULL, "no meta value '%s'", key);
	else
		error = petory__sqlite_error(conn, rc, "meta_get");
	petory__stmt_done(s);
	return error;
}

int petory__sqlite_cas_missed(petory__conn *conn, petory__stmt_id row_by_id,
	int64_t id, const char *what)
{
	sqlite3_stmt *s = petory__stmt(conn, row_by_id);
	int rc, error;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		error = petory_error_set(PETORY_ECONFLICT, NULL,
			"%s %lld is not in an expected state", what,
			(long long)id);
	else if (rc == SQLITE_DONE)
		error = petory_error_set(PETORY_ENOTFOUND, NULL, "no %s %lld",
			what, (long long)id);
	else
		error = petory__sqlite_error(conn, rc, what);
	petory__stmt_done(s);
	return error;
}

static int meta_get(char **out, petory_store *st, const char *key)
{
	int error = 0;
	WITH_CONN(st, conn, { error = meta_read(out, conn, key); });
	return error;
}

/* The insert and the read of the winner in one transaction: a failed
 * call leaves no value behind. */
static int meta_put_if_absent(
	char **out, petory_store *st, const char *key, const char *value)
{
	int error = 0;
	*out = NULL;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s;
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		s = petory__stmt(conn, PETORY__STMT_META_PUT_IF_ABSENT);
		if (!s)
			error = petory_error_last()->code;
		else {
			sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
			error = petory__step_done(conn, s, 0);
		}
		if (error == 0)
			error = meta_read(out, conn, key);
		error = petory__tx_end(conn, error);
	});
	if (error < 0) {
		free(*out);
		*out = NULL;
	}
	return error;
}

/* One statement: the compare and the set cannot be split by a writer. */
static int meta_replace(petory_store *st, const char *key, const char *expected,
	const char *value)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_META_REPLACE);
		char *now = NULL;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, expected, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, value, -1, SQLITE_STATIC);
		error = petory__step_done(conn, s, 1);
		if (error != PETORY_ENOTFOUND)
			break;
		/* Nothing changed: absent, or another value. */
		error = meta_read(&now, conn, key);
		free(now);
		if (error == 0)
			error = petory_error_set(PETORY_ECONFLICT, NULL,
				"meta value '%s' changed meanwhile", key);
	});
	return error;
}

const petory_store_meta petory__sqlite_meta = {
	.version = PETORY_STORE_META_VERSION,
	.meta_get = meta_get,
	.meta_put_if_absent = meta_put_if_absent,
	.meta_replace = meta_replace,
};

int petory_sqlite_store_new(petory_store **out, petory *db)
{
	sqlite_store *st = calloc(1, sizeof(*st));
	if (!st)
		return petory__error_oom();
	st->db = db;
	st->base = (petory_store){
		.version = PETORY_STORE_VERSION,
		.name = "sqlite",
		.free = store_free,
		.ping = store_ping,
		.meta = &petory__sqlite_meta,
		.users = &petory__sqlite_users,
		.events = &petory__sqlite_events,
		.notifications = &petory__sqlite_notifications,
		.daily = &petory__sqlite_daily,
		.places = &petory__sqlite_places,
		.reviews = &petory__sqlite_reviews,
		.files = &petory__sqlite_files,
		.pets = &petory__sqlite_pets,
		.albums = &petory__sqlite_albums,
		.boards = &petory__sqlite_boards,
		.trades = &petory__sqlite_trades,
		.chat = &petory__sqlite_chat,
		.lost_pets = &petory__sqlite_lost_pets,
	};
	*out = &st->base;
	return 0;
}
