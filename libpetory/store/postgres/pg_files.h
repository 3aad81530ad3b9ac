/* pg_files.h -- what the PostgreSQL files table (file.c) shares with the
 * tables whose rows own files (pets, albums, …): the keys a statement
 * hands back, read into the petory_file_key arrays the store methods
 * return.
 */
#ifndef PETORY_PG_FILES_H
#define PETORY_PG_FILES_H

#include "store/postgres/pg_store.h"

/* The text of column col of every row of r as keys: *out is malloc'd
 * (free()), NULL when r has no rows.  A value longer than a key is
 * EBACKEND (never cut).  On failure *out is NULL and *count_out 0. */
int petory__pg_collect_keys(
	petory_file_key **out, size_t *count_out, const PGresult *r, int col);

#endif
