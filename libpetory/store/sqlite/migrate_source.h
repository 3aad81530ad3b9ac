/* migrate_source.h -- a SQLite database file read as the source of a
 * copy into another backend (petory_migrate_to, ops/migrate.c).
 *
 * The source is opened read-only on a connection of its own (not the
 * handle's pool: the copy needs no handle) and holds one read
 * transaction from open to close, so that its schema version, its table
 * list, every count and every row come from one snapshot, while a
 * petory-httpd on the same file goes on writing (WAL mode: a reader
 * never blocks writers).  It reports facts: which tables there are and
 * of what kind, their columns, counts and rows; what to copy is the
 * caller's decision.
 */
#ifndef PETORY_SQLITE_MIGRATE_SOURCE_H
#define PETORY_SQLITE_MIGRATE_SOURCE_H

#include "core/internal.h"
#include "store/table_copy.h"

typedef struct petory__sqlite_source petory__sqlite_source;

/* What a table of the source is (PRAGMA table_list and its name). */
typedef enum petory__source_kind {
	PETORY__SOURCE_TABLE = 0, /* an ordinary table */
	PETORY__SOURCE_VIRTUAL,   /* a virtual table (FTS5, R*Tree) */
	PETORY__SOURCE_SHADOW,    /* the storage of a virtual table */
	PETORY__SOURCE_INTERNAL   /* SQLite's own: sqlite_schema, … */
} petory__source_kind;

typedef struct petory__source_table {
	char *name;
	petory__source_kind kind;
} petory__source_table;

/* Open the database file at path read-only and begin its snapshot.
 * ENOTFOUND (no message reason) when there is no file; EINVALID when
 * the file is not a SQLite database; other failures EBACKEND. */
int petory__sqlite_source_open(petory__sqlite_source **out, const char *path);
/* End the snapshot and close; NULL is fine. */
void petory__sqlite_source_close(petory__sqlite_source *src);

/* PRAGMA user_version of the snapshot (0: no PETORY schema). */
int petory__sqlite_source_version(const petory__sqlite_source *src);
/* The tables and views of the main schema, by name (views excluded). */
size_t petory__sqlite_source_table_count(const petory__sqlite_source *src);
const petory__source_table *petory__sqlite_source_table(
	const petory__sqlite_source *src, size_t i);

/* The columns of table, in their order, appended to *out. */
int petory__sqlite_source_columns(
	petory__sqlite_source *src, const char *table, petory__names *out);
/* SELECT count(*) FROM table, in the snapshot. */
int petory__sqlite_source_count(
	petory__sqlite_source *src, const char *table, int64_t *out);
/* Every row of table, columns in the given order, to fn; *rows_out
 * counts the rows given.  Stops at fn's first error and returns it. */
int petory__sqlite_source_rows(petory__sqlite_source *src, const char *table,
	const petory__names *columns, petory__row_fn fn, void *payload,
	int64_t *rows_out);

#endif
