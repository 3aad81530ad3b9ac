/* file.c -- the SQLite side of file records: create, read, move between
 * states, find the ones never used, and attach them to resources.
 *
 * A file's state only moves forward (PENDING -> RECEIVING -> UPLOADED ->
 * ATTACHED), except RECEIVING -> PENDING when an upload fails; every move
 * is one conditional UPDATE (a compare-and-set), so two requests never
 * both win it.  Which files a resource may take is the domain's rule
 * (domain/file.c); attaching only reports whether the compare-and-set
 * held.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_internal.h"

#define WITH_CONN PETORY__WITH_STORE_CONN

static void read_file(petory_file_rec *r, sqlite3_stmt *s)
{
	const unsigned char *key = sqlite3_column_text(s, 0);
	const unsigned char *ct = sqlite3_column_text(s, 3);
	memset(r, 0, sizeof(*r));
	snprintf(r->key, sizeof(r->key), "%s", key ? (const char *)key : "");
	r->owner_id = sqlite3_column_int64(s, 1);
	r->purpose = (petory_file_purpose)sqlite3_column_int(s, 2);
	snprintf(r->content_type, sizeof(r->content_type), "%s",
		ct ? (const char *)ct : "");
	r->declared_size = sqlite3_column_int64(s, 4);
	r->stored_size = sqlite3_column_type(s, 5) == SQLITE_NULL
				 ? -1
				 : sqlite3_column_int64(s, 5);
	r->state = (petory_file_state)sqlite3_column_int(s, 6);
	r->is_private = sqlite3_column_int(s, 7);
	r->chat_room_id = sqlite3_column_int64(s, 8);
	r->created_at = sqlite3_column_int64(s, 9);
	r->upload_expires_at = sqlite3_column_int64(s, 10);
	r->uploaded_at = sqlite3_column_int64(s, 11);
	r->attached_at = sqlite3_column_int64(s, 12);
}

static int file_insert(
	petory_store *st, const petory_file_rec *r, const char *filename)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_FILE_INSERT);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_text(s, 1, r->key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, r->owner_id);
		sqlite3_bind_int(s, 3, (int)r->purpose);
		sqlite3_bind_text(
			s, 4, filename ? filename : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, r->content_type, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 6, r->declared_size);
		if (r->chat_room_id > 0)
			sqlite3_bind_int64(s, 7, r->chat_room_id);
		else
			sqlite3_bind_null(s, 7);
		sqlite3_bind_int64(s, 8, r->created_at);
		sqlite3_bind_int64(s, 9, r->upload_expires_at);
		error = petory__step_done(conn, s, 0);
	});
	return error;
}

static int file_get(petory_file_rec *out, petory_store *st, const char *key)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_FILE_GET);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			read_file(out, s);
		else if (rc == SQLITE_DONE)
			error = petory_error_set(
				PETORY_ENOTFOUND, NULL, "no file %s", key);
		else
			error = petory__sqlite_error(conn, rc, "file_get");
		petory__stmt_done(s);
	});
	return error;
}

static int file_set_state(petory_store *st, const char *key, unsigned from_mask,
	petory_file_state to, int64_t stored_size, petory_time_ms now)
{
	petory_file_rec rec;
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_FILE_SET_STATE);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 2, (int)from_mask);
		sqlite3_bind_int(s, 3, (int)to);
		sqlite3_bind_int64(s, 4, stored_size);
		sqlite3_bind_int64(s, 5, now);
		error = petory__step_done(conn, s, 1);
	});
	/* nothing moved: the file is absent, or in another state */
	if (error != PETORY_ENOTFOUND || (error = file_get(&rec, st, key)) < 0)
		return error;
	return petory_error_set(PETORY_ECONFLICT, NULL,
		"the file %s is not in a state that allows this", key);
}

int petory__sqlite_collect_keys(petory_file_key **out, size_t *count_out,
	petory__conn *conn, sqlite3_stmt *s)
{
	petory_file_key *keys = NULL, *grown;
	size_t count = 0, cap = 0;
	int rc, error = 0;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const unsigned char *k = sqlite3_column_text(s, 0);
		if (count == cap) {
			cap = cap ? 2 * cap : 16;
			if (!(grown = realloc(keys, cap * sizeof(*keys)))) {
				error = petory__error_oom();
				break;
			}
			keys = grown;
		}
		snprintf(keys[count].key, sizeof(keys[count].key), "%s",
			k ? (const char *)k : "");
		count++;
	}
	if (!error && rc != SQLITE_DONE)
		error = petory__sqlite_error(conn, rc, "keys");
	petory__stmt_done(s);
	if (error || count == 0) {
		free(keys);
		keys = NULL;
		count = 0;
	}
	*out = keys;
	*count_out = count;
	return error;
}

static int file_list_stale(petory_file_key **out, size_t *count_out,
	petory_store *st, petory_time_ms before, size_t limit)
{
	int error = 0;
	*out = NULL;
	*count_out = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_FILE_LIST_STALE);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, before);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)limit);
		error = petory__sqlite_collect_keys(out, count_out, conn, s);
	});
	return error;
}

static int file_delete_unattached(petory_store *st, const char *key)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_FILE_DELETE_UNATTACHED);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		error = petory__step_done(conn, s, 1);
		if (error == PETORY_ENOTFOUND)
			error = petory_error_set(PETORY_ENOTFOUND, NULL,
				"no unattached file %s", key);
	});
	return error;
}

int petory__sqlite_read_image(petory_image *img, sqlite3_stmt *s, int col)
{
	memset(img, 0, sizeof(*img));
	if (sqlite3_column_type(s, col) == SQLITE_NULL)
		return 0;
	img->id = sqlite3_column_int64(s, col);
	img->is_private = sqlite3_column_int(s, col + 2);
	img->created_at = sqlite3_column_int64(s, col + 3);
	if (!(img->file_key = petory__column_strdup(s, col + 1)))
		return petory__error_oom();
	return 0;
}

int petory__sqlite_first_image(
	petory_image **images_out, size_t *count_out, sqlite3_stmt *s, int col)
{
	petory_image first;
	int error;
	*images_out = NULL;
	*count_out = 0;
	if ((error = petory__sqlite_read_image(&first, s, col)) < 0)
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

int petory__sqlite_images(petory_image **out, size_t *count_out,
	petory__conn *conn, sqlite3_stmt *s)
{
	petory_image *items = NULL, *grown;
	size_t count = 0, cap = 0;
	int rc, error = 0;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (count == cap) {
			cap = cap ? 2 * cap : 8;
			if (!(grown = realloc(items, cap * sizeof(*items)))) {
				error = petory__error_oom();
				break;
			}
			items = grown;
		}
		if ((error = petory__sqlite_read_image(&items[count], s, 0)) <
			0)
			break;
		count++;
	}
	if (!error && rc != SQLITE_DONE)
		error = petory__sqlite_error(conn, rc, "images");
	petory__stmt_done(s);
	if (error) {
		petory__images_free(items, count);
		items = NULL;
		count = 0;
	}
	*out = items;
	*count_out = count;
	return error;
}

int petory__sqlite_attach(petory__conn *conn, const char *const *keys,
	size_t count, int64_t owner_id, petory_file_purpose purpose,
	int is_private, petory_time_ms now)
{
	sqlite3_stmt *set = petory__stmt(conn, PETORY__STMT_FILE_ATTACH);
	size_t i;
	int error = 0;

	if (!set)
		return petory_error_last()->code;
	for (i = 0; i < count && !error; i++) {
		sqlite3_bind_text(set, 1, keys[i], -1, SQLITE_STATIC);
		sqlite3_bind_int(set, 2, is_private ? 1 : 0);
		sqlite3_bind_int64(set, 3, now);
		sqlite3_bind_int64(set, 4, owner_id);
		sqlite3_bind_int(set, 5, (int)purpose);
		error = petory__step_done(conn, set, 1);
		if (error == PETORY_ENOTFOUND)
			error = petory_error_set(PETORY_ECONFLICT, NULL,
				"the file %s is not an uploaded, unattached "
				"file of user %lld for purpose %d",
				keys[i], (long long)owner_id, (int)purpose);
	}
	return error;
}

const petory_store_files petory__sqlite_files = {
	.version = PETORY_STORE_FILES_VERSION,
	.file_insert = file_insert,
	.file_get = file_get,
	.file_set_state = file_set_state,
	.file_list_stale = file_list_stale,
	.file_delete_unattached = file_delete_unattached,
};
