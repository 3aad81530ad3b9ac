/* sql_rows.h -- the PostgreSQL statements of the helpers that several
 * tables share (pg_rows.h, image_rows.c); see pg_statements.h for the
 * X-macro's shape.
 *
 * ROWS_FILE_ATTACH is the compare-and-set that gives an uploaded file to a
 * resource: $1 key, $2 private (0/1), $3 time, $4 owner id, $5 purpose;
 * it changes one row or none.
 */
#ifndef PETORY_PG_SQL_ROWS_H
#define PETORY_PG_SQL_ROWS_H

#define PETORY__PG_SQL_ROWS(X)                                               \
	X(ROWS_FILE_ATTACH,                                                  \
		"UPDATE files SET state = 3, private = $2::integer, "        \
		"attached_at = $3::bigint WHERE key = $1 AND state = 2 AND " \
		"owner_id = $4::bigint AND purpose = $5::integer")

#endif
