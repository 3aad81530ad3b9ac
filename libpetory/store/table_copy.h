/* table_copy.h -- rows in transit from one backend to another
 * (petory_migrate_to: SQLite -> PostgreSQL): the value of one column of
 * one row as the source read it, and a list of names (tables, columns).
 *
 * A cell keeps the value's own type: a NULL, an exact 64-bit integer, a
 * double, text (UTF-8 bytes, not NUL-terminated) or bytes.  Cells point
 * into the source's buffers and are valid only during the callback that
 * receives them.  The reading side (store/sqlite/migrate_source.c) fills
 * them, the writing side (store/postgres/migrate_target.c) encodes them;
 * neither knows the other.
 */
#ifndef PETORY_STORE_TABLE_COPY_H
#define PETORY_STORE_TABLE_COPY_H

#include <stddef.h>
#include <stdint.h>

typedef enum petory__cell_kind {
	PETORY__CELL_NULL = 0,
	PETORY__CELL_INT,
	PETORY__CELL_REAL,
	PETORY__CELL_TEXT,
	PETORY__CELL_BLOB
} petory__cell_kind;

typedef struct petory__cell {
	petory__cell_kind kind;
	int64_t i;                  /* PETORY__CELL_INT */
	double r;                   /* PETORY__CELL_REAL */
	const unsigned char *bytes; /* TEXT and BLOB */
	size_t len;                 /* their length in bytes */
} petory__cell;

/* One row of `count` cells, in the order of the columns asked for; 0 to
 * go on, a negative error to stop the read (which returns it). */
typedef int (*petory__row_fn)(
	void *payload, const petory__cell *cells, size_t count);

/* A malloc'd list of malloc'd names. */
typedef struct petory__names {
	char **items;
	size_t count;
} petory__names;

/* Append a copy of name; ENOMEM or 0. */
int petory__names_add(petory__names *names, const char *name);
/* The index of name in names, or -1. */
long petory__names_find(const petory__names *names, const char *name);
/* Free the names and empty the list. */
void petory__names_free(petory__names *names);

#endif
