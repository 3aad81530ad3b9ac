/* pg_rows.h -- row helpers every PostgreSQL table shares (rows.c): the
 * facts a failed write leaves (a foreign key that names nothing, a
 * compare-and-set that lost), one row or a page of rows read into
 * records, and single-row numbers such as counts.
 *
 * They run on a connection the caller holds (PETORY__PG_WITH_CONN takes
 * one for a method's body), inside or outside a transaction, and set
 * errors without reasons (the domain owns them).
 */
#ifndef PETORY_PG_ROWS_H
#define PETORY_PG_ROWS_H

#include "store/postgres/pg_store.h"

/* Run the body (the last argument) with `conn` a pooled connection of
 * the petory_store st, released after the body (a `break` inside it
 * ends it early and still releases the connection); when acquiring
 * fails, `error` gets the failure and the body does not run. */
#define PETORY__PG_WITH_CONN(st, conn, error, ...)             \
	do {                                                   \
		petory__pg_conn *conn;                         \
		if (((error) = petory__pg_acquire(             \
			     PETORY__PG_POOL(st), &conn)) < 0) \
			break;                                 \
		do {                                           \
			__VA_ARGS__;                           \
		} while (0);                                   \
		petory__pg_release(PETORY__PG_POOL(st), conn); \
	} while (0)

/* Whether the last statement on conn failed on a foreign key
 * (23503: the row it refers to is absent). */
bool petory__pg_fk_violated(const petory__pg_conn *conn);

/* After a compare-and-set UPDATE of row `id` that changed nothing:
 * ENOTFOUND when the row is absent (row_by_id selects it by $1), else
 * ECONFLICT; `what` names the row in the message. */
int petory__pg_cas_missed(petory__pg_conn *conn, petory__pg_stmt_id row_by_id,
	int64_t id, const char *what);

/* Read row `row` of r into the record at obj (zeroed first by the
 * reader); 0 or ENOMEM/EBACKEND.  On failure the record may hold what
 * was read so far: the caller frees it as a whole record. */
typedef int (*petory__pg_row_reader)(void *obj, const PGresult *r, int row);

/* Run `id` (params may be NULL) and read its first row into a new
 * record of item_size bytes (*out; free_fn frees one).  ENOTFOUND (no
 * reason, the message names `what`) when it returns no row. */
int petory__pg_fetch_one(void **out, petory__pg_conn *conn,
	petory__pg_stmt_id id, const petory__pg_params *params,
	size_t item_size, petory__pg_row_reader read, void (*free_fn)(void *),
	const char *what);

/* Read every row of r into a malloc'd array of item_size records
 * (*out NULL when there are none).  On failure *count_out still counts
 * the records to dispose of (the last one maybe half read). */
int petory__pg_read_rows(void **out, size_t *count_out, const PGresult *r,
	size_t item_size, petory__pg_row_reader read);

/* A page of a list.  `count` run with params gives *total_out (column 0
 * of its row); `list` run with params followed by offset and limit (its
 * last two parameters) is read into a malloc'd array of at most limit
 * records (*items_out, never NULL on success).  On failure *count_out
 * still counts the records to dispose of. */
int petory__pg_page(void **items_out, size_t *count_out, int64_t *total_out,
	petory__pg_conn *conn, petory__pg_stmt_id count,
	petory__pg_stmt_id list, const petory__pg_params *params,
	int64_t offset, int64_t limit, size_t item_size,
	petory__pg_row_reader read);

/* Run `id` and read columns 0 (and 1 when b is not NULL) of its first
 * row as integers (a NULL reads 0; no row: EBACKEND). */
int petory__pg_query_int64(int64_t *a, int64_t *b, petory__pg_conn *conn,
	petory__pg_stmt_id id, const petory__pg_params *params);

#endif
