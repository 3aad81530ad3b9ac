/* ops.h -- running an installation: a consistent backup taken while the
 * server runs and writes, a restore into an empty place, and a census of
 * what the installation holds (petoryctl backup, restore and stats).
 *
 * A backup is two things side by side: PATH, a copy of the SQLite
 * database taken with SQLite's online backup API inside one read
 * transaction (one snapshot; writers go on, readers never block them in
 * WAL mode), written under a temporary name, checked with PRAGMA
 * integrity_check and linked into place; and PATH.files/, a directory laid
 * out like the local file store holding the bytes of exactly the files
 * that the copy lists as UPLOADED or ATTACHED.  The bytes of a key never
 * change once stored (the local store links a complete file into place
 * and never overwrites one), so copying the keys the copy names, after
 * the copy was taken, gives a consistent pair: nothing half-written, no
 * file the copy does not reference.  With S3 the bucket is not copied:
 * back it up with S3's own versioning or replication; the database copy
 * references its keys.
 *
 * Only the SQLite backend can be backed up, restored into and counted:
 * on PostgreSQL these answer ENOTSUPPORTED, naming pg_dump and
 * pg_restore, PostgreSQL's own tools for it.
 *
 * A migration (petory_migrate_to) copies a SQLite database into an empty
 * PostgreSQL database, table by table with the ids kept, and checks the
 * row count of every table on both sides before it commits.
 */
#ifndef PETORY_OPS_H
#define PETORY_OPS_H

#include "common.h"
#include "types.h"
#include "jobs.h" /* petory_progress_fn */

PETORY_BEGIN_DECL

/** What petory_backup did. */
typedef struct petory_backup_report {
	int64_t db_bytes;   /**< size of the database copy */
	int64_t db_pages;   /**< its pages */
	int files_copied;   /**< 1: PATH.files/ holds the local store's
				 files; 0: the files are in S3 (not copied) */
	int64_t files;      /**< files copied */
	int64_t file_bytes; /**< their bytes */
	/** Keys the copy lists whose bytes were gone by the time they were
	 * copied (removed after the snapshot); logged by key. */
	int64_t files_missing;
	int64_t duration_ms; /**< the whole backup, database and files */
} petory_backup_report;

/** ADMIN (or the system): back the handle's database (and its local file
 * store) up to path and path.files/.  EEXISTS "BACKUP_EXISTS", nothing
 * written, when path or path.files already exists; ENOTSUPPORTED when the
 * relational store is not SQLite's; EBACKEND "BACKUP_CORRUPT" when the
 * copy fails its integrity check (nothing is left behind).  out may be
 * NULL. */
PETORY_EXTERN int petory_backup(petory_backup_report *out, petory *db,
	const petory_identity *actor, const char *path);

/** What petory_restore did. */
typedef struct petory_restore_report {
	int64_t db_bytes;   /**< size of the restored database */
	int schema_version; /**< the backup's schema version */
	int files_restored; /**< 1 when the backup held a files directory */
	int64_t files;      /**< files restored */
	int64_t file_bytes;
	/** Keys the backup lists without bytes (or of another size) in its
	 * files directory; logged by key, not restored. */
	int64_t files_missing;
} petory_restore_report;

/** Restore the backup at backup_path (and backup_path.files/, when
 * present) into db_path and files_dir, which must not exist or be empty.
 * Checks everything before writing anything: ENOTFOUND "BACKUP_NOT_FOUND";
 * EINVALID "BACKUP_CORRUPT" when the backup is not a database or fails
 * PRAGMA integrity_check; EVERSION "DATABASE_TOO_NEW" when it was
 * written by a newer schema; EEXISTS "RESTORE_TARGET_NOT_EMPTY" when
 * db_path (or its -wal) exists and is not empty, or files_dir holds
 * anything; EINVALID "FILES_DIR_REQUIRED" when the backup holds files
 * and files_dir is NULL.  The database is written under a temporary name
 * and linked into place, the files into a temporary directory renamed
 * into place.  Needs no handle: the restored pair is opened afterwards
 * (petory_open with db_path and files_dir).  out may be NULL. */
PETORY_EXTERN int petory_restore(petory_restore_report *out,
	const char *backup_path, const char *db_path, const char *files_dir);

/** A named count; names are stable (they are the JSON keys of
 * `petoryctl stats --json`). */
typedef struct petory_ops_count {
	const char *name;
	int64_t count;
} petory_ops_count;

/** The last recorded run of a scheduled job. */
typedef struct petory_ops_job {
	char job[48];               /**< "daily-notify", … */
	char day[16];               /**< the local day it ran for */
	petory_time_ms finished_at; /**< when it committed */
	int64_t affected;           /**< rows it touched (its result) */
} petory_ops_job;

#define PETORY_OPS_ROWS_MAX 24
#define PETORY_OPS_JOBS_MAX 16

/** A census of the installation; every count is SELECT count(*) (soft-
 * deleted rows included) read in one transaction. */
typedef struct petory_ops_stats {
	petory_time_ms now;
	int schema_version;
	/** Users by status: ACTIVE, SUSPENDED, DEACTIVATED, DELETED. */
	petory_ops_count users[4];
	/** Rows per domain: pets, petImages, albums, albumImages,
	 * dailyAnswers, events, notifications, ownerBoards, comments,
	 * tradeBoards, chatRooms, chatMessages, placeLikes, reviews,
	 * reports. */
	petory_ops_count rows[PETORY_OPS_ROWS_MAX];
	size_t row_count;
	/** Places by status: ACTIVE, INACTIVE, DELETED. */
	petory_ops_count places[3];
	/** File records by state: PENDING, RECEIVING, UPLOADED, ATTACHED. */
	petory_ops_count files[4];
	int64_t db_page_size;
	int64_t db_page_count;
	int64_t db_freelist_count;
	int64_t db_bytes;  /**< page_count * page_size */
	int64_t wal_bytes; /**< size of the -wal file (0 when absent) */
	/** "local" or "s3"; with "local", its directory and what it holds
	 * (regular files under it, work in progress in .tmp excluded);
	 * with "s3" the counts are -1 (not measured). */
	const char *file_store;
	char file_store_dir[1024];
	int64_t file_store_files;
	int64_t file_store_bytes;
	int64_t outbox_pending;          /**< mails and alerts not delivered */
	int64_t outbox_retrying;         /**< of those, tried at least once */
	petory_time_ms outbox_oldest_at; /**< 0 when nothing is pending */
	/** The last run of each job that ever ran, by job name. */
	petory_ops_job jobs[PETORY_OPS_JOBS_MAX];
	size_t job_count;
} petory_ops_stats;

/** ADMIN (or the system): fill *out.  ENOTSUPPORTED when the relational
 * store is not SQLite's. */
PETORY_EXTERN int petory_ops_stats_get(
	petory_ops_stats *out, petory *db, const petory_identity *actor);

/** One table of a migration. */
typedef struct petory_migrate_table {
	char name[64];
	/** SELECT count(*) in the SQLite snapshot that was copied. */
	int64_t source_rows;
	/** SELECT count(*) read back from PostgreSQL after the copy, in its
	 * transaction (equal to source_rows, or the migration failed). */
	int64_t target_rows;
	/** The id PostgreSQL gives the table's next row: its identity
	 * sequence was set past the largest copied id (1 when empty); 0 for
	 * a table without an identity column. */
	int64_t next_id;
} petory_migrate_table;

#define PETORY_MIGRATE_TABLES_MAX 64
#define PETORY_MIGRATE_SKIPPED_MAX 16

/** What petory_migrate_to did. */
typedef struct petory_migrate_report {
	int schema_version; /**< of both databases */
	char target[256];   /**< the PostgreSQL URL without its password */
	/** Every table copied, by name. */
	petory_migrate_table tables[PETORY_MIGRATE_TABLES_MAX];
	size_t table_count;
	int64_t rows; /**< rows copied, all tables together */
	/** SQLite tables not copied, by name: the virtual tables (the FTS5
	 * index of the boards, the R*Tree of places) and their storage,
	 * which PostgreSQL replaces with indexes of the copied tables.
	 * SQLite's own sqlite_* tables are never copied nor listed. */
	char skipped[PETORY_MIGRATE_SKIPPED_MAX][64];
	size_t skipped_count;
	int64_t duration_ms;
} petory_migrate_report;

/** Copy the SQLite database at sqlite_path into the empty PostgreSQL
 * database at pg_url ("postgres://USER[:PASSWORD]@HOST:PORT/DB"): every
 * table with its ids, blobs and NULLs exact, then each identity sequence
 * set past the largest copied id.  The source is read from one snapshot
 * (a server may keep writing to it; those writes are not copied); the
 * target gets its schema from the PostgreSQL store's migrations and
 * every row in one transaction, whose row counts are read back and
 * compared with the source's before it commits: on any failure nothing
 * is written.  Needs no handle.  progress (may be NULL) gets rows copied
 * out of all rows.
 *
 * Refusals, each before a row is written: ENOTFOUND "DATABASE_NOT_FOUND"
 * (no file at sqlite_path); EINVALID "NOT_A_PETORY_DATABASE" (not a
 * SQLite database, or one without a PETORY schema); EINVALID
 * "INVALID_DATABASE_URL" (pg_url is not a PostgreSQL URL); EUNAVAILABLE
 * "DATABASE_UNAVAILABLE" (the server cannot be reached); EEXISTS
 * "TARGET_NOT_EMPTY" (a table of the target holds a row; its schema's
 * record of applied migrations and tables of extensions aside: nothing is
 * written, not even the schema); EVERSION "SCHEMA_MISMATCH" (the SQLite
 * database is not at the schema version of this build: open it with this
 * build first, e.g. `petoryctl init`, which migrates it; or the two
 * schemas differ in a table or a column); EVERSION "DATABASE_TOO_NEW"
 * (the target's schema is newer than this build).  A count that differs
 * after the copy is EBACKEND "MIGRATION_COUNT_MISMATCH" (rolled back).
 * out may be NULL. */
PETORY_EXTERN int petory_migrate_to(petory_migrate_report *out,
	const char *sqlite_path, const char *pg_url,
	petory_progress_fn progress, void *progress_payload);

PETORY_END_DECL

#endif
