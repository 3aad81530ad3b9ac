/* image_rows.c -- the image rows that pets, albums, owner-board posts,
 * trade listings and places keep alike: a table of (id, parent, file_key,
 * created_at) whose file records say who owns the bytes and whether they
 * are private.  What differs per resource (its purpose, its privacy, its
 * own checks) stays with the resource; the statements' shapes are fixed:
 * an insert takes ?1 parent, ?2 file key, ?3 time; a delete takes ?1
 * image id and, when it checks the parent, ?2 parent id, and returns the
 * file key; a one-row read takes ?1 id, and its image list ?1 parent.
 */
#include <stdlib.h>

#include "store/sqlite/sqlite_internal.h"

int petory__sqlite_add_image_rows(petory__conn *conn, petory__stmt_id insert,
	int64_t parent_id, const char *const *keys, size_t count,
	petory_time_ms now)
{
	sqlite3_stmt *s;
	size_t i;
	int error = 0;

	if (count == 0)
		return 0;
	if (!(s = petory__stmt(conn, insert)))
		return petory_error_last()->code;
	for (i = 0; i < count && !error; i++) {
		sqlite3_bind_int64(s, 1, parent_id);
		sqlite3_bind_text(s, 2, keys[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, now);
		error = petory__step_done(conn, s, 0);
	}
	return error;
}

int petory__sqlite_image_delete(petory_file_key *key_out, petory_store *st,
	petory__stmt_id stmt, int64_t image_id, int64_t parent_id)
{
	petory_file_key *keys = NULL;
	size_t count = 0;
	int error = 0;

	PETORY__WITH_STORE_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, stmt);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, image_id);
		if (sqlite3_bind_parameter_count(s) >= 2)
			sqlite3_bind_int64(s, 2, parent_id);
		error = petory__sqlite_collect_keys(&keys, &count, conn, s);
	});
	if (!error && count == 0)
		error = petory_error_set(PETORY_ENOTFOUND, NULL,
			"no image %lld%s", (long long)image_id,
			parent_id ? " of this parent" : "");
	if (!error)
		*key_out = keys[0];
	free(keys);
	return error;
}

int petory__sqlite_row_with_images(petory__conn *conn, petory__stmt_id row,
	petory__stmt_id images, int64_t id, petory__row_reader read, void *obj,
	petory_image **images_out, size_t *count_out, int (*not_found)(void),
	const char *what)
{
	sqlite3_stmt *s = petory__stmt(conn, row);
	sqlite3_stmt *img = petory__stmt(conn, images);
	int rc, error;

	if (!s || !img)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		error = read(obj, s);
	else if (rc == SQLITE_DONE)
		error = not_found();
	else
		error = petory__sqlite_error(conn, rc, what);
	petory__stmt_done(s);
	if (error)
		return error;
	sqlite3_bind_int64(img, 1, id);
	return petory__sqlite_images(images_out, count_out, conn, img);
}

int petory__sqlite_page(void **items_out, size_t *count_out, int64_t *total_out,
	petory__conn *conn, sqlite3_stmt *count, sqlite3_stmt *list,
	int64_t offset, int64_t limit, size_t item_size,
	petory__row_reader read, const char *what)
{
	int last = sqlite3_bind_parameter_count(list);
	char *items;
	size_t n = 0;
	int rc, error = 0;

	*items_out = NULL;
	*count_out = 0;
	rc = sqlite3_step(count);
	if (rc == SQLITE_ROW)
		*total_out = sqlite3_column_int64(count, 0);
	else
		error = petory__sqlite_error(conn, rc, what);
	petory__stmt_done(count);
	if (error)
		return error;
	if (!(items = calloc((size_t)limit, item_size)))
		return petory__error_oom();
	*items_out = items;
	sqlite3_bind_int64(list, last - 1, offset);
	sqlite3_bind_int64(list, last, limit);
	while ((rc = sqlite3_step(list)) == SQLITE_ROW && n < (size_t)limit) {
		/* counted before the read: a half-read item is freed too */
		*count_out = ++n;
		if ((error = read(items + (n - 1) * item_size, list)) < 0)
			break;
	}
	if (!error && rc != SQLITE_DONE && rc != SQLITE_ROW)
		error = petory__sqlite_error(conn, rc, what);
	petory__stmt_done(list);
	return error;
}
