/* sql_files.h -- the PostgreSQL statements of the files table (see
 * pg_statements.h for the X-macro's shape).
 *
 * FILE_SET_STATE is the compare-and-set of a state move and reports, in
 * the same statement, whether it moved the file and whether the file
 * exists, so that "absent" and "in another state" are told apart without
 * a second read.  The attachment of files to resources (UPLOADED ->
 * ATTACHED) is the shared helper's (pg_rows.h), not this table's.
 */
#ifndef PETORY_PG_SQL_FILES_H
#define PETORY_PG_SQL_FILES_H

/* Columns 0..12 of a file record, as file.c reads them. */
#define PETORY__PG_FILE_COLUMNS                                   \
	"key, owner_id, purpose, content_type, declared_size, "   \
	"stored_size, state, private, chat_room_id, created_at, " \
	"upload_expires_at, uploaded_at, attached_at"

#define PETORY__PG_SQL_FILES(X)                                               \
	X(FILE_INSERT,                                                        \
		"INSERT INTO files(key, owner_id, purpose, filename, "        \
		"content_type, declared_size, state, private, chat_room_id, " \
		"created_at, upload_expires_at) "                             \
		"VALUES($1, $2, $3, $4, $5, $6, 0, 1, $7, $8, $9)")           \
	X(FILE_GET, "SELECT " PETORY__PG_FILE_COLUMNS                         \
		    " FROM files WHERE key = $1")                             \
	X(FILE_SET_STATE,                                                     \
		"WITH moved AS (UPDATE files SET state = $3::integer, "       \
		"stored_size = CASE WHEN $4::bigint >= 0 THEN $4::bigint "    \
		"ELSE stored_size END, "                                      \
		"uploaded_at = CASE WHEN $3::integer = 2 THEN $5::bigint "    \
		"ELSE uploaded_at END "                                       \
		"WHERE key = $1 AND ((1 << state) & $2::integer) != 0 "       \
		"RETURNING 1) "                                               \
		"SELECT (SELECT count(*) FROM moved), "                       \
		"EXISTS (SELECT 1 FROM files WHERE key = $1)")                \
	X(FILE_LIST_STALE, "SELECT key FROM files WHERE state < 3 AND "       \
			   "created_at < $1 ORDER BY created_at, key "        \
			   "LIMIT $2")                                        \
	X(FILE_DELETE_UNATTACHED,                                             \
		"DELETE FROM files WHERE key = $1 AND state < 3")

#endif
