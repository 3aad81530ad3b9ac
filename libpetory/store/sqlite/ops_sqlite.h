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
 * switched to journal_mode=DELETE (one self-contained file) and checked
 * with PRAGMA integrity_check: unsound (size bytes) gets its first
 * complaint, "" when the copy passed.  Errors are failures to copy. */
int petory__sqlite_backup_to(petory *db, const char *dest, int64_t *pages_out,
	char *unsound, size_t size);

/* Open the database file path read-only and check it.  Returns 0 with
 * unsound "" and *version_out its PRAGMA user_version when it is a sound
 * database; else 0 with the reason in unsound (not a database, failed
 * integrity_check). */
int petory__sqlite_check_file(
	const char *path, int *version_out, char *unsound, size_t size);

/* Copy the database file src into dest (an existing empty file) with the
 * backup API, journal_mode=DELETE; unsound as for backup_to. */
int petory__sqlite_copy_file(
	const char *src, const char *dest, char *unsound, size_t size);

/* The files the database file path lists with bytes, by key; *out is
 * malloc'd (free()). */
int petory__sqlite_stored_files(
	const char *path, petory__stored_file **out, size_t *count_out);

/* The SQL part of the census: counts, page sizes, the outbox and the
 * last job runs, read in one transaction. */
int petory__sqlite_ops_stats(petory *db, petory_ops_stats *out);

#endif
