/* pg_rows.h -- helpers shared by the PostgreSQL tables (the twins of the
 * SQLite store's petory__sqlite_attach, image_rows.c and page helpers):
 * a connection for a method, attaching uploaded files to a resource, the
 * image rows that pets, albums, owner-board posts, trade listings and
 * places keep alike, reading images, lists of ids, file keys and pages
 * (image_rows.c); the facts a failed write leaves (a foreign
 * key that names nothing, a compare-and-set that lost), one row or every row
 * read into records, single-row numbers such as counts (rows.c).  Their own
 * statements are in sql_rows.h.
 *
 * Image rows are tables of (id, parent, file_key, created_at) whose file
 * records say who owns the bytes and whether they are private.  What
 * differs per resource (its purpose, its privacy, its checks) stays with
 * the resource; the statements it passes have fixed shapes:
 *   - insert: $1 parent id, $2 file key, $3 time;
 *   - images of a parent: $1 parent id; rows of (id, file_key, private,
 *     created_at), in the order to give;
 *   - delete: $1 image id and, when it checks the parent, $2 parent id;
 *     it deletes the file record (the image row cascades) and returns
 *     the key;
 *   - one row: $1 id.
 *
 * Functions taking a connection run on it as they are told, inside the
 * caller's transaction when there is one; like any transaction body they
 * may be run again after a conflict and set their out-values afresh.
 * No reason strings are set here: facts only.
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

/* Inside a transaction on conn: give the files `keys` to a resource of
 * owner_id for `purpose`, each by a compare-and-set (owner_id's, for that
 * purpose, UPLOADED -> ATTACHED, with is_private).  ECONFLICT (no reason)
 * for the first key that is not in that state, absent included: the
 * caller rolls back.  Which keys a resource may take is the domain's rule,
 * checked before the write. */
int petory__pg_attach(petory__pg_conn *conn, const char *const *keys,
	size_t count, int64_t owner_id, petory_file_purpose purpose,
	int is_private, petory_time_ms now);

/* Inside a transaction: one image row per key under parent_id, through
 * the resource's insert statement. */
int petory__pg_add_image_rows(petory__pg_conn *conn, petory__pg_stmt_id insert,
	int64_t parent_id, const char *const *keys, size_t count,
	petory_time_ms now);

/* Delete one image row and its file record through `stmt` (one
 * statement, on a connection of st); key_out gets the key.  With
 * of_parent the statement takes $2 parent_id and deletes only an image of
 * that parent.  ENOTFOUND (no reason) when there is no such image. */
int petory__pg_image_delete(petory_file_key *key_out, petory_store *st,
	petory__pg_stmt_id stmt, int64_t image_id, bool of_parent,
	int64_t parent_id);

/* An image from columns col..col+3 of row (id, file_key, private,
 * created_at).  A NULL id leaves *img zeroed (no image, as a LEFT JOIN
 * gives for a row without images).  ENOMEM or EBACKEND, else 0. */
int petory__pg_read_image(
	petory_image *img, const PGresult *r, int row, int col);

/* The row's first image (columns col..col+3, NULL when it has none) as a
 * malloc'd array of 0 or 1 image. */
int petory__pg_first_image(petory_image **images_out, size_t *count_out,
	const PGresult *r, int row, int col);

/* The images of parent_id through stmt ($1 parent id; images from
 * column 0), as a malloc'd array (NULL when none). */
int petory__pg_images(petory_image **out, size_t *count_out,
	petory__pg_conn *conn, petory__pg_stmt_id stmt, int64_t parent_id);

/* Reads row `row` of r into obj (a record the caller disposes of, even
 * after a failed read). */
typedef int (*petory__pg_row_reader)(void *obj, const PGresult *r, int row);

/* Read the row of `row_stmt` for $1 id into obj through read
 * (not_found() when there is none), then the images of id through
 * images_stmt. */
int petory__pg_row_with_images(petory__pg_conn *conn,
	petory__pg_stmt_id row_stmt, petory__pg_stmt_id images_stmt, int64_t id,
	petory__pg_row_reader read, void *obj, petory_image **images_out,
	size_t *count_out, int (*not_found)(void));

/* A page of a list: count_stmt with `filters` (NULL: none) gives
 * *total_out; list_stmt takes the filters then offset and limit as its
 * last two parameters, and its rows (at most limit) are read through read
 * into a malloc'd array of item_size items.  On failure *count_out still
 * counts the items to dispose of (a half-read one included).  Run both on
 * a REPEATABLE READ transaction for a total that agrees with the items. */
int petory__pg_page(void **items_out, size_t *count_out, int64_t *total_out,
	petory__pg_conn *conn, petory__pg_stmt_id count_stmt,
	petory__pg_stmt_id list_stmt, const petory__pg_params *filters,
	int64_t offset, int64_t limit, size_t item_size,
	petory__pg_row_reader read);

/* The file keys in column 0 of r as a malloc'd array (NULL when there
 * are none). */
int petory__pg_collect_keys(
	petory_file_key **out, size_t *count_out, const PGresult *r);

/* ids as a PostgreSQL array literal "{1,2,3}", malloc'd (NULL: out of
 * memory), for a parameter `= ANY($n::bigint[])`. */
char *petory__pg_ids_array(const int64_t *ids, size_t n);

/* ---- facts and rows (rows.c) ---- */

/* Whether the last statement on conn failed on a foreign key
 * (23503: the row it refers to is absent). */
bool petory__pg_fk_violated(const petory__pg_conn *conn);

/* After a compare-and-set UPDATE of row `id` that changed nothing:
 * ENOTFOUND when the row is absent (row_by_id selects it by $1), else
 * ECONFLICT; `what` names the row in the message. */
int petory__pg_cas_missed(petory__pg_conn *conn, petory__pg_stmt_id row_by_id,
	int64_t id, const char *what);

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

/* Run `id` and read columns 0 (and 1 when b is not NULL) of its first
 * row as integers (a NULL reads 0; no row: EBACKEND). */
int petory__pg_query_int64(int64_t *a, int64_t *b, petory__pg_conn *conn,
	petory__pg_stmt_id id, const petory__pg_params *params);

/* ---- the growth diary's methods of the pets table (pet_growth.c) ---- */

int petory__pg_growth_insert(
	petory_store *st, petory_growth_record *rec, petory_time_ms now);
int petory__pg_growth_get(
	petory_growth_record **out, petory_store *st, int64_t id);
int petory__pg_growth_list(petory_growth_record **out, size_t *count_out,
	petory_store *st, int64_t pet_id, const char *from, const char *to);
int petory__pg_growth_update(
	petory_store *st, petory_growth_record *rec, petory_time_ms now);
int petory__pg_growth_delete(petory_store *st, int64_t id);

#endif
