/* postgres_internal.h -- the PostgreSQL plumbing under the PostgreSQL
 * store methods: a pool of libpq connections, prepared statements,
 * transactions with their retries, the error mapping and the migrations.
 *
 * A connection is used by one thread at a time: acquire it, run
 * statements, release it.  Connections are made lazily and remade after
 * they die: acquiring a dead one (PQstatus CONNECTION_BAD, a failed
 * statement that lost the server, or an idle socket the server closed)
 * reconnects it first, so the pool recovers by itself when the database
 * comes back; until then acquiring fails with EUNAVAILABLE "the database is
 * unavailable".  Statements come from pg_statements.h, each prepared once
 * per connection.  Writes that span statements run between
 * petory__pg_tx_begin and petory__pg_tx_end, or better through
 * petory__pg_transact, which reruns the body when the database reports a
 * serialization failure (40001) or a deadlock (40P01).
 *
 * Errors map as: 23505 unique_violation -> EEXISTS; a lost or refused
 * connection -> EUNAVAILABLE "the database is unavailable"; everything else
 * -> EBACKEND.  No reason strings are set here (the domain layer owns
 * them): every error is set with a NULL reason.  The password of the URL
 * never reaches a message or the log (petory__pg_redacted_url).
 */
#ifndef PETORY_POSTGRES_INTERNAL_H
#define PETORY_POSTGRES_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "core/internal.h"
#include "store/postgres/pg_statements.h"

typedef struct petory__pg_pool petory__pg_pool;

typedef enum petory__pg_isolation {
	PETORY__PG_READ_COMMITTED = 0,
	PETORY__PG_REPEATABLE_READ,
	PETORY__PG_SERIALIZABLE
} petory__pg_isolation;

typedef struct petory__pg_conn {
	PGconn *pg; /* NULL until first connected */
	petory__pg_pool *pool;
	bool prepared[PETORY__PG_STMT_COUNT];
	bool broken; /* reconnect on the next acquire */
	/* Of the current transaction (reset by petory__pg_tx_begin): */
	bool tx_conflict;    /* a 40001 or 40P01: rerunning may succeed */
	bool tx_lost;        /* the connection died */
	bool tx_commit_sent; /* COMMIT was sent: its outcome may be unknown */
	char sqlstate[6];    /* of the last failed statement, "" if none */
	int64_t acquired_ns; /* monotonic, while a caller holds it */
} petory__pg_conn;

/* Connections of a pool when the caller asks for 0, and the most. */
#define PETORY__PG_POOL_DEFAULT 8
#define PETORY__PG_POOL_MAX 1024
/* How many times petory__pg_transact runs a body at most. */
#define PETORY__PG_TX_ATTEMPTS 8

/* Open a pool of pool_size connections (0: the default) to url, a
 * postgres:// or postgresql:// URL (query parameters as libpq knows
 * them), connect one connection, check the server and apply the
 * migrations.  EINVALID naming the problem when url is not a valid URL;
 * EUNAVAILABLE "cannot connect to PostgreSQL at HOST:PORT: why" when the
 * server does not answer; EVERSION when the database's schema is newer
 * than this build.  *out stays NULL on failure. */
int petory__pg_open(petory__pg_pool **out, const char *url, unsigned pool_size);
/* petory__pg_open without the migrations, for looking at a database
 * before anything is written to it (petory_migrate_to refuses a target
 * that holds rows, untouched); petory__pg_schema_version answers 0. */
int petory__pg_open_unmigrated(
	petory__pg_pool **out, const char *url, unsigned pool_size);
/* A pool is shared by the stores over it (store/postgres/backends.c) and
 * counts its owners: petory__pg_open gives the first reference,
 * petory__pg_pool_ref another (returns pool), and petory__pg_close drops
 * one; the last one closes the connections.  NULL is ignored. */
petory__pg_pool *petory__pg_pool_ref(petory__pg_pool *pool);
void petory__pg_close(petory__pg_pool *pool);
/* The schema version the pool's database is at (after migrating). */
int petory__pg_schema_version(const petory__pg_pool *pool);
/* The URL without its password, for messages and logs. */
const char *petory__pg_redacted_url(const petory__pg_pool *pool);
/* Checkouts, time held and waited, size and idle connections. */
void petory__pg_pool_stats(petory__pg_pool *pool, petory_stats *out);

/* Take a connection (waiting for a free one), connected: a dead one is
 * reconnected first.  EUNAVAILABLE "the database is unavailable" when it
 * cannot be (the connection goes back to the pool). */
int petory__pg_acquire(petory__pg_pool *pool, petory__pg_conn **out);
/* Give it back.  A connection left inside a transaction is rolled back
 * (and the leak logged); a broken one is reconnected by its next user. */
void petory__pg_release(petory__pg_pool *pool, petory__pg_conn *conn);

/* ---- statements ---- */

/* Parameters of a statement, filled in order ($1, $2, ...).  Integers are
 * sent as exact decimal text (never through a double); bytes as binary
 * bytea.  The values point into the struct or at the caller's strings,
 * which must outlive the exec. */
#define PETORY__PG_PARAMS_MAX 24
#define PETORY__PG_INT64_TEXT 24 /* "-9223372036854775808" and NUL */
typedef struct petory__pg_params {
	int count;
	bool overflow; /* more than PETORY__PG_PARAMS_MAX were added */
	const char *values[PETORY__PG_PARAMS_MAX];
	int lengths[PETORY__PG_PARAMS_MAX];
	int formats[PETORY__PG_PARAMS_MAX];
	char text[PETORY__PG_PARAMS_MAX][PETORY__PG_INT64_TEXT];
} petory__pg_params;

void petory__pg_params_init(petory__pg_params *p);
/* A text parameter; NULL is SQL NULL. */
void petory__pg_param_text(petory__pg_params *p, const char *s);
void petory__pg_param_int64(petory__pg_params *p, int64_t v);
void petory__pg_param_double(petory__pg_params *p, double v);
void petory__pg_param_null(petory__pg_params *p);
/* A bytea parameter of n bytes (binary format). */
void petory__pg_param_bytes(petory__pg_params *p, const void *data, size_t n);

/* Run the prepared statement id with params (NULL: none), preparing it
 * first on this connection if needed.  Calls the fault point "pg.exec"
 * before anything.  On success *out (when out is not NULL) is the result,
 * for the caller to PQclear; on failure *out is NULL and the error is
 * mapped as above. */
int petory__pg_exec(PGresult **out, petory__pg_conn *conn,
	petory__pg_stmt_id id, const petory__pg_params *params);
/* The same with n text parameters (NULL entries are SQL NULL). */
int petory__pg_exec_text(PGresult **out, petory__pg_conn *conn,
	petory__pg_stmt_id id, int n, const char *const *values);
/* One statement on a connection of its own: acquire, petory__pg_exec,
 * release (a method that is one statement, outside any transaction). */
int petory__pg_run(PGresult **out, petory__pg_pool *pool, petory__pg_stmt_id id,
	const petory__pg_params *params);
/* Run SQL text that takes no parameters and returns no rows (schema
 * steps, session settings; several statements are allowed).  Not a fault
 * point: statements that the store methods run go through
 * petory__pg_exec. */
int petory__pg_exec_sql(petory__pg_conn *conn, const char *sql);

/* The name a statement is prepared under: its id in pg_statements.h. */
const char *petory__pg_stmt_name(petory__pg_stmt_id id);

/* Rows changed by an INSERT/UPDATE/DELETE result. */
int64_t petory__pg_changes(const PGresult *r);
/* Exact decimal text of v into buf; returns buf. */
char *petory__pg_int64_text(char buf[PETORY__PG_INT64_TEXT], int64_t v);

/* Column readers.  A SQL NULL reads as 0 (integers, doubles) or NULL
 * (text, bytes); a value that is not what was asked for is EBACKEND.
 * petory__pg_get_text and _bytes malloc the copy (ENOMEM). */
bool petory__pg_is_null(const PGresult *r, int row, int col);
int petory__pg_get_int64(int64_t *out, const PGresult *r, int row, int col);
int petory__pg_get_int(int *out, const PGresult *r, int row, int col);
int petory__pg_get_double(double *out, const PGresult *r, int row, int col);
int petory__pg_get_text(char **out, const PGresult *r, int row, int col);
int petory__pg_get_bytes(unsigned char **out, size_t *len_out,
	const PGresult *r, int row, int col);

/* ---- transactions ---- */

/* BEGIN at the given isolation level; resets the connection's record of
 * the transaction (conflict, lost, commit sent). */
int petory__pg_tx_begin(petory__pg_conn *conn, petory__pg_isolation iso);
/* COMMIT when error == 0, else ROLLBACK; returns error, or the commit's
 * own failure (a serializable commit can fail with 40001).  A transaction
 * in which a statement failed is rolled back even when error == 0, and
 * reported as a failure: PostgreSQL would turn its COMMIT into a
 * ROLLBACK without an error.  The fault point "pg.commit" comes before
 * the COMMIT (a fault there rolls back), as "sqlite.stmt" does in the
 * SQLite pool, so that a fault sweep of the store suite counts the same
 * statements on both backends. */
int petory__pg_tx_end(petory__pg_conn *conn, int error);

/* A transaction body: statements on conn, 0 or a negative error. */
typedef int (*petory__pg_tx_body)(petory__pg_conn *conn, void *payload);

/* Acquire a connection, run body inside a transaction at iso and commit
 * it; when it fails with a serialization failure or a deadlock, run it
 * again in a new transaction, up to PETORY__PG_TX_ATTEMPTS times in all
 * (with a short random pause between runs), and once more on a fresh
 * connection when the connection was lost before COMMIT was sent.  The
 * body must therefore keep no effect of a failed run outside the
 * database.  Returns the last run's outcome. */
int petory__pg_transact(petory__pg_pool *pool, petory__pg_isolation iso,
	petory__pg_tx_body body, void *payload);

/* Whether the last failure on conn was one that a new run of its
 * transaction may not meet (40001, 40P01). */
bool petory__pg_conflict(const petory__pg_conn *conn);

/* ---- errors and migrations (pool.c, migrations.c) ---- */

/* Map a failed result (r may be NULL) on conn to a petory error, record
 * its SQLSTATE on conn and log it with `what` (never parameters). */
int petory__pg_error(
	petory__pg_conn *conn, const PGresult *r, const char *what);

/* Apply the numbered migrations on conn; *version_out is the schema
 * version the database is at.  EVERSION for a newer database. */
int petory__pg_migrate(petory__pg_conn *conn, int *version_out);
/* The number of the last step this build knows (the same as SQLite's). */
int petory__pg_migrations_latest(void);

#endif
