/* ops_sqlite.h -- the SQLite side of backups, restores and the census
 * (ops/backup.c, ops/stats.c).  A backup is inherently the backend's own
 * business, so these are not vtable methods: the ops layer calls them
 * only when the handle's relational store is SQLite's.
 */
#ifndef PETORY_OPS_SQLITE_H
#define PETORY_OPS_SQLITE_H

#include "core/internal.h"
#include "petory/ops.h"

/* A file the database lists with bytes (UPLOADED or ATTACHED). */
typedef struct petory__stored_file {
	char key[129];
	int64_t size; /* stored bytes */
} petory__stored_file;

/* Copy the database of db into dest (an existing empty file) from one
 * read transaction of one pooled connection, in steps; the copy is then
 * switched to journal_mode=DELETE (one self-contained file) and must pass
 * PRAGMA integrity_check (EBACKEND "BACKUP_CORRUPT" otherwise). */
int petory__sqlite_backup_to(petory *db, const char *dest, int64_t *pages_out);

/* Open the database file path read-only and check it: EINVALID
 * "BACKUP_CORRUPT" when it is not a database or fails PRAGMA
 * integrity_check; *version_out is its PRAGMA user_version. */
int petory__sqlite_check_file(const char *path, int *version_out);

/* Copy the database file src into dest (an existing empty file) with the
 * backup API, journal_mode=DELETE. */
int petory__sqlite_copy_file(const char *src, const char *dest);

/* The files the database file path lists with bytes, by key; *out is
 * malloc'd (free()). */
int petory__sqlite_stored_files(
	const char *path, petory__stored_file **out, size_t *count_out);

/* The SQL part of the census: counts, page sizes, the outbox and the
 * last job runs, read in one transaction. */
int petory__sqlite_ops_stats(petory *db, petory_ops_stats *out);

#endif
