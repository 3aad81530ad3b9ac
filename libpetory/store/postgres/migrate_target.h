/* migrate_target.h -- a PostgreSQL database as the target of a copy from
 * another backend (petory_migrate_to, ops/migrate.c).
 *
 * Two steps.  petory__pg_probe looks at a database before anything is
 * written to it (no migration runs): which PETORY schema version it has
 * and whether any table holds a row.  Then, on a PostgreSQL store opened
 * (and so migrated) with petory_postgres_store_new, a target session
 * holds one connection and one transaction from petory__pg_target_begin
 * to petory__pg_target_end: it locks every table of the schema against
 * other writers (readers go on), loads tables with COPY … FROM STDIN
 * (text format), counts rows and advances identity sequences, and
 * commits everything or nothing.  Like every store file it reports facts
 * (tables, columns, counts, whether a table holds rows); what to copy
 * and what to refuse is the caller's decision.
 *
 * Statements of a session pass the fault point "pg.migrate" first (and
 * once more before COMMIT), so a test can fail any of them.
 */
#ifndef PETORY_PG_MIGRATE_TARGET_H
#define PETORY_PG_MIGRATE_TARGET_H

#include <stdbool.h>

#include "core/internal.h"
#include "store/table_copy.h"

/* What a database holds, seen before anything is written to it. */
typedef struct petory__pg_probe_facts {
	/* The PETORY schema version recorded in it (0: none). */
	int schema_version;
	/* "schema.table" of the first table (by name) holding a row,
	 * besides the schema's own record of its migrations and the tables
	 * of extensions; "" when every table is empty. */
	char filled_table[192];
	/* The URL without its password, for messages. */
	char url[256];
} petory__pg_probe_facts;

/* Connect to url without migrating and fill *out.  EINVALID when url is
 * not a PostgreSQL URL, EUNAVAILABLE when the server cannot be reached
 * (the messages are the pool's: they never show the password). */
int petory__pg_probe(petory__pg_probe_facts *out, const char *url);

/* The schema version this build's PostgreSQL migrations reach. */
int petory__pg_schema_latest(void);

typedef struct petory__pg_target petory__pg_target;

/* A table of the target's schema. */
typedef struct petory__target_table {
	char *name;
	/* schema_version: the store's record of its migrations. */
	bool bookkeeping;
	petory__names columns; /* in their order */
	char *identity;        /* its identity column; NULL when none */
	/* The tables its foreign keys point at (itself excluded). */
	petory__names references;
} petory__target_table;

/* Begin a session on st, a store made by petory_postgres_store_new
 * (EINVALID for any other): one connection, one READ COMMITTED
 * transaction, the ordinary tables of the current schema listed (those
 * of extensions excluded) and locked IN EXCLUSIVE MODE. */
int petory__pg_target_begin(petory__pg_target **out, petory_store *st);
/* COMMIT when error is 0, else ROLLBACK (a COPY in progress is aborted
 * first); release the connection and free t.  Returns error, or the
 * commit's failure. */
int petory__pg_target_end(petory__pg_target *t, int error);

/* The URL without its password, and the schema version of the store. */
const char *petory__pg_target_url(const petory__pg_target *t);
int petory__pg_target_schema_version(const petory__pg_target *t);
size_t petory__pg_target_table_count(const petory__pg_target *t);
const petory__target_table *petory__pg_target_table(
	const petory__pg_target *t, size_t i);

/* Whether table holds any row. */
int petory__pg_target_has_rows(
	petory__pg_target *t, const char *table, bool *out);
/* SELECT count(*) FROM table. */
int petory__pg_target_count(
	petory__pg_target *t, const char *table, int64_t *out);

/* COPY table (columns) FROM STDIN; then one copy_row per row, then
 * copy_end, whose *rows_out is the count PostgreSQL reports.  A cell
 * must fit its column: bytes only into bytea, a non-integral number not
 * into an integer column (EINVALID naming the table and column).  The
 * signature of copy_row is a petory__row_fn with t as its payload. */
int petory__pg_target_copy_begin(
	petory__pg_target *t, const char *table, const petory__names *columns);
int petory__pg_target_copy_row(
	void *t, const petory__cell *cells, size_t count);
int petory__pg_target_copy_end(petory__pg_target *t, int64_t *rows_out);

/* Set the sequence of table's identity column so that the next id it
 * gives is max(column) + 1 (1 for an empty table); *next_out gets it. */
int petory__pg_target_advance_identity(petory__pg_target *t, const char *table,
	const char *column, int64_t *next_out);

#endif
