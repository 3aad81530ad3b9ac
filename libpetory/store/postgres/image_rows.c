/* image_rows.c -- the helpers of pg_rows.h shared by the PostgreSQL
 * tables: attaching uploaded files to a resource, the image rows of pets,
 * albums, owner-board posts, trade listings and places, reading images
 * and file keys, arrays of ids and pages of lists.
 *
 * Invariants: an attach is a compare-and-set per key (UPLOADED ->
 * ATTACHED for that owner and purpose), so a key is given to one
 * resource once, and the first key that cannot move fails the caller's
 * transaction; an image row is written only after its file moved.  A
 * deleted image goes with its file record in one statement (the row
 * cascades from the file).  Arrays handed out are NULL when empty, and
 * freed here on failure except where pg_rows.h says the caller disposes
 * of them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_rows.h"

int petory__pg_attach(petory__pg_conn *conn, const char *const *keys,
	size_t count, int64_t owner_id, petory_file_purpose purpose,
	int is_private, petory_time_ms now)
{
	petory__pg_params p;
	PGresult *r;
	size_t i;
	int error = 0;

	for (i = 0; i < count && !error; i++) {
		petory__pg_params_init(&p);
		petory__pg_param_text(&p, keys[i]);
		petory__pg_param_int64(&p, is_private ? 1 : 0);
		petory__pg_param_int64(&p, now);
		petory__pg_param_int64(&p, owner_id);
		petory__pg_param_int64(&p, (int64_t)purpose);
		if ((error = petory__pg_exec(&r, conn,
			     PETORY__PG_STMT_ROWS_FILE_ATTACH, &p)) < 0)
			break;
		if (petory__pg_changes(r) != 1)
			error = petory_error_set(PETORY_ECONFLICT, NULL,
				"the file %s is not an uploaded, unattached "
				"file of user %lld for purpose %d",
				keys[i], (long long)owner_id, (int)purpose);
		PQclear(r);
	}
	return error;
}

int petory__pg_add_image_rows(petory__pg_conn *conn, petory__pg_stmt_id insert,
	int64_t parent_id, const char *const *keys, size_t count,
	petory_time_ms now)
{
	petory__pg_params p;
	size_t i;
	int error = 0;

	for (i = 0; i < count && !error; i++) {
		petory__pg_params_init(&p);
		petory__pg_param_int64(&p, parent_id);
		petory__pg_param_text(&p, keys[i]);
		petory__pg_param_int64(&p, now);
		error = petory__pg_exec(NULL, conn, insert, &p);
	}
	return error;
}

int petory__pg_collect_keys(
	petory_file_key **out, size_t *count_out, const PGresult *r)
{
	int n = PQntuples(r), i;

	*out = NULL;
	*count_out = 0;
	if (n <= 0)
		return 0;
	if (!(*out = calloc((size_t)n, sizeof(**out))))
		return petory__error_oom();
	for (i = 0; i < n; i++)
		snprintf((*out)[i].key, sizeof((*out)[i].key), "%s",
			PQgetvalue(r, i, 0));
	*count_out = (size_t)n;
	return 0;
}

int petory__pg_image_delete(petory_file_key *key_out, petory_store *st,
	petory__pg_stmt_id stmt, int64_t image_id, bool of_parent,
	int64_t parent_id)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error = 0;

	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, image_id);
	if (of_parent)
		petory__pg_param_int64(&p, parent_id);
	PETORY__PG_WITH_CONN(
		st, conn, error, error = petory__pg_exec(&r, conn, stmt, &p));
	if (error)
		return error;
	if (PQntuples(r) == 0)
		error = petory_error_set(PETORY_ENOTFOUND, NULL,
			"no image %lld%s", (long long)image_id,
			of_parent ? " of this parent" : "");
	else
		snprintf(key_out->key, sizeof(key_out->key), "%s",
			PQgetvalue(r, 0, 0));
	PQclear(r);
	return error;
}

int petory__pg_read_image(
	petory_image *img, const PGresult *r, int row, int col)
{
	int error;

	memset(img, 0, sizeof(*img));
	if (petory__pg_is_null(r, row, col))
		return 0;
	if ((error = petory__pg_get_int64(&img->id, r, row, col)) < 0 ||
		(error = petory__pg_get_int(
			 &img->is_private, r, row, col + 2)) < 0 ||
		(error = petory__pg_get_int64(
			 &img->created_at, r, row, col + 3)) < 0 ||
		(error = petory__pg_get_text(&img->file_key, r, row, col + 1)) <
			0) {
		memset(img, 0, sizeof(*img));
		return error;
	}
	if (!img->file_key) {
		/* an image row always has its key: a broken join */
		memset(img, 0, sizeof(*img));
		return petory_error_set(
			PETORY_EBACKEND, NULL, "an image without its file");
	}
	return 0;
}

int petory__pg_first_image(petory_image **images_out, size_t *count_out,
	const PGresult *r, int row, int col)
{
	petory_image first;
	int error;

	*images_out = NULL;
	*count_out = 0;
	if ((error = petory__pg_read_image(&first, r, row, col)) < 0)
		return error;
	if (!first.file_key)
		return 0;
	if (!(*images_out = malloc(sizeof(first)))) {
		petory__image_clear(&first);
		return petory__error_oom();
	}
	**images_out = first;
	*count_out = 1;
	return 0;
}

int petory__pg_images(petory_image **out, size_t *count_out,
	petory__pg_conn *conn, petory__pg_stmt_id stmt, int64_t parent_id)
{
	petory__pg_params p;
	petory_image *items = NULL;
	PGresult *r;
	size_t count = 0;
	int n, error;

	*out = NULL;
	*count_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, parent_id);
	if ((error = petory__pg_exec(&r, conn, stmt, &p)) < 0)
		return error;
	if ((n = PQntuples(r)) > 0 &&
		!(items = calloc((size_t)n, sizeof(*items))))
		error = petory__error_oom();
	while (!error && count < (size_t)n) {
		if ((error = petory__pg_read_image(
			     &items[count], r, (int)count, 0)) < 0)
			break;
		count++;
	}
	PQclear(r);
	if (error) {
		petory__images_free(items, count);
		return error;
	}
	*out = items;
	*count_out = count;
	return 0;
}

int petory__pg_row_with_images(petory__pg_conn *conn,
	petory__pg_stmt_id row_stmt, petory__pg_stmt_id images_stmt, int64_t id,
	petory__pg_row_reader read, void *obj, petory_image **images_out,
	size_t *count_out, int (*not_found)(void))
{
	petory__pg_params p;
	PGresult *r;
	int error;

	*images_out = NULL;
	*count_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	if ((error = petory__pg_exec(&r, conn, row_stmt, &p)) < 0)
		return error;
	error = PQntuples(r) > 0 ? read(obj, r, 0) : not_found();
	PQclear(r);
	if (error)
		return error;
	return petory__pg_images(images_out, count_out, conn, images_stmt, id);
}

int petory__pg_page(void **items_out, size_t *count_out, int64_t *total_out,
	petory__pg_conn *conn, petory__pg_stmt_id count_stmt,
	petory__pg_stmt_id list_stmt, const petory__pg_params *filters,
	int64_t offset, int64_t limit, size_t item_size,
	petory__pg_row_reader read)
{
	petory__pg_params list;
	PGresult *r;
	char *items;
	size_t n = 0;
	int rows, error;

	*items_out = NULL;
	*count_out = 0;
	*total_out = 0;
	if ((error = petory__pg_exec(&r, conn, count_stmt, filters)) < 0)
		return error;
	error = PQntuples(r) == 1 ? petory__pg_get_int64(total_out, r, 0, 0)
				  : petory_error_set(PETORY_EBACKEND, NULL,
					    "a count without its row");
	PQclear(r);
	if (error)
		return error;
	if (limit <= 0)
		return 0;
	/* the filters, then offset and limit */
	if (filters)
		list = *filters;
	else
		petory__pg_params_init(&list);
	petory__pg_param_int64(&list, offset);
	petory__pg_param_int64(&list, limit);
	if (!(items = calloc((size_t)limit, item_size)))
		return petory__error_oom();
	*items_out = items;
	if ((error = petory__pg_exec(&r, conn, list_stmt, &list)) < 0)
		return error;
	rows = PQntuples(r);
	while (n < (size_t)rows && n < (size_t)limit) {
		/* counted before the read: a half-read item is freed too */
		*count_out = ++n;
		if ((error = read(
			     items + (n - 1) * item_size, r, (int)(n - 1))) < 0)
			break;
	}
	PQclear(r);
	return error;
}

char *petory__pg_ids_array(const int64_t *ids, size_t n)
{
	size_t i, len = 0, cap = 3 + n * 21;
	char *list = malloc(cap);

	if (!list)
		return NULL;
	list[len++] = '{';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(list + len, cap - len, "%s%" PRId64,
			i ? "," : "", ids[i]);
	list[len++] = '}';
	list[len] = '\0';
	return list;
}
