/* store.c -- the PostgreSQL petory_store: its root (free, ping), the meta
 * table, and the assembly of the per-domain tables, each defined in the
 * file named after its domain (user.c, place.c, …).
 *
 * Every method acquires a pooled connection, runs prepared statements and
 * releases it; a method with more than one write runs them through
 * petory__pg_transact, which reruns the body after a serialization
 * failure, so bodies keep no state outside the database between runs.
 */
#include <stdlib.h>

#include "store/postgres/pg_store.h"

static void store_free(petory_store *st)
{
	petory__pg_close(PETORY__PG_POOL(st));
	free(st);
}

static int store_ping(petory_store *st)
{
	petory__pg_conn *conn;
	PGresult *r = NULL;
	int error;
	if ((error = petory__pg_acquire(PETORY__PG_POOL(st), &conn)) < 0)
		return error;
	error = petory__pg_exec(&r, conn, PETORY__PG_STMT_PING, NULL);
	PQclear(r);
	petory__pg_release(PETORY__PG_POOL(st), conn);
	return error;
}

/* The value of key on conn: ENOTFOUND when absent. */
static int meta_read(char **out, petory__pg_conn *conn, const char *key)
{
	PGresult *r = NULL;
	const char *values[1] = { key };
	int error;
	*out = NULL;
	if ((error = petory__pg_exec_text(
		     &r, conn, PETORY__PG_STMT_META_GET, 1, values)) < 0)
		return error;
	if (PQntuples(r) == 0)
		error = petory_error_set(
			PETORY_ENOTFOUND, NULL, "no meta value '%s'", key);
	else
		error = petory__pg_get_text(out, r, 0, 0);
	PQclear(r);
	return error;
}

static int meta_get(char **out, petory_store *st, const char *key)
{
	petory__pg_conn *conn;
	int error;
	*out = NULL;
	if ((error = petory__pg_acquire(PETORY__PG_POOL(st), &conn)) < 0)
		return error;
	error = meta_read(out, conn, key);
	petory__pg_release(PETORY__PG_POOL(st), conn);
	return error;
}

typedef struct meta_put {
	const char *key, *value;
	char *winner;
} meta_put;

static int meta_put_body(petory__pg_conn *conn, void *payload)
{
	meta_put *p = payload;
	const char *values[2] = { p->key, p->value };
	PGresult *r = NULL;
	int error;
	free(p->winner);
	p->winner = NULL;
	error = petory__pg_exec_text(
		&r, conn, PETORY__PG_STMT_META_PUT_IF_ABSENT, 2, values);
	PQclear(r);
	return error < 0 ? error : meta_read(&p->winner, conn, p->key);
}

/* The insert and the read of the winner in one transaction: a failed
 * call leaves no value behind. */
static int meta_put_if_absent(
	char **out, petory_store *st, const char *key, const char *value)
{
	meta_put p = { key, value, NULL };
	int error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, meta_put_body, &p);
	if (error < 0) {
		free(p.winner);
		p.winner = NULL;
	}
	*out = p.winner;
	return error;
}

/* One statement: the compare and the set cannot be split by a writer
 * (a racing UPDATE waits for the row and re-checks its WHERE). */
static int meta_replace(petory_store *st, const char *key, const char *expected,
	const char *value)
{
	const char *values[] = { key, expected, value };
	petory__pg_conn *conn;
	PGresult *r = NULL;
	char *now = NULL;
	int error;
	if ((error = petory__pg_acquire(PETORY__PG_POOL(st), &conn)) < 0)
		return error;
	error = petory__pg_exec_text(
		&r, conn, PETORY__PG_STMT_META_REPLACE, 3, values);
	if (error == 0 && petory__pg_changes(r) == 0) {
		error = meta_read(&now, conn, key);
		free(now);
		if (error == 0)
			error = petory_error_set(PETORY_ECONFLICT, NULL,
				"meta value '%s' changed meanwhile", key);
	}
	PQclear(r);
	petory__pg_release(PETORY__PG_POOL(st), conn);
	return error;
}

const petory_store_meta petory__pg_meta = {
	.version = PETORY_STORE_META_VERSION,
	.meta_get = meta_get,
	.meta_put_if_absent = meta_put_if_absent,
	.meta_replace = meta_replace,
};

int petory_postgres_store_new(
	petory_store **out, const char *url, unsigned pool_size)
{
	petory__pg_store *st;
	petory__pg_pool *pool = NULL;
	int error;
	*out = NULL;
	if ((error = petory__pg_open(&pool, url, pool_size)) < 0)
		return error;
	if (!(st = calloc(1, sizeof(*st)))) {
		petory__pg_close(pool);
		return petory__error_oom();
	}
	st->pool = pool;
	st->base = (petory_store){
		.version = PETORY_STORE_VERSION,
		.name = "postgres",
		.free = store_free,
		.ping = store_ping,
		.meta = &petory__pg_meta,
		.users = &petory__pg_users,
		.events = &petory__pg_events,
		.notifications = &petory__pg_notifications,
		.daily = &petory__pg_daily,
		.places = &petory__pg_places,
		.reviews = &petory__pg_reviews,
		.files = &petory__pg_files,
		.pets = &petory__pg_pets,
		.albums = &petory__pg_albums,
		.boards = &petory__pg_boards,
		.trades = &petory__pg_trades,
		.chat = &petory__pg_chat,
		.lost_pets = &petory__pg_lost_pets,
	};
	*out = &st->base;
	return 0;
}
