/* album.c -- the SQLite side of albums and their images.
 *
 * One album per owner per local calendar day is the table's own UNIQUE
 * (owner_id, local_date), so two requests racing for the same day cannot
 * both win.  A file's private flag follows its album: attaching files
 * reads the album's visibility inside the same transaction, and a change
 * of visibility rewrites the flag of every file of the album in the
 * transaction that changes it.  Deleting an album or an image deletes the
 * file records too (the image rows go with them, ON DELETE CASCADE) and
 * hands the keys back so that their bytes can be removed.  Methods report
 * facts (ENOTFOUND, EEXISTS, ECONFLICT); domain/album.c names them.  A
 * write fetches each statement just before it runs it, so a fault at any
 * statement (tests/store) comes after the writes before it.
 */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_internal.h"

#define WITH_CONN PETORY__WITH_STORE_CONN

static int album_not_found(void)
{
	return petory_error_set(PETORY_ENOTFOUND, NULL, "no such album");
}

/* Columns 0..6 of PETORY__ALBUM_COLUMNS. */
static int read_album(void *obj, sqlite3_stmt *s)
{
	petory_album *a = obj;
	int error;
	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(s, 0);
	a->owner_id = sqlite3_column_int64(s, 1);
	a->visibility = (petory_album_visibility)sqlite3_column_int(s, 3);
	a->created_at = sqlite3_column_int64(s, 4);
	a->updated_at = sqlite3_column_int64(s, 5);
	if ((error = petory__column_text(&a->content, s, 2)) < 0 ||
		(error = petory__column_text(&a->owner_nickname, s, 6)) < 0)
		return error;
	return 0;
}

/* Inside a transaction: attach keys to the album (private when it is)
 * and add its image rows. */
static int add_images(petory__conn *conn, int64_t album_id, int64_t owner_id,
	const char *const *keys, size_t count, petory_time_ms now)
{
	sqlite3_stmt *vis = petory__stmt(conn, PETORY__STMT_ALBUM_VISIBILITY);
	int rc, is_private = 0, error = 0;

	if (!vis)
		return petory_error_last()->code;
	sqlite3_bind_int64(vis, 1, album_id);
	rc = sqlite3_step(vis);
	if (rc == SQLITE_ROW)
		is_private = sqlite3_column_int(vis, 0) == PETORY_ALBUM_PRIVATE;
	else if (rc == SQLITE_DONE)
		error = album_not_found();
	else
		error = petory__sqlite_error(conn, rc, "album visibility");
	petory__stmt_done(vis);
	if (!error)
		error = petory__sqlite_attach(conn, keys, count, owner_id,
			PETORY_FILE_ALBUM, is_private, now);
	if (!error)
		error = petory__sqlite_add_image_rows(conn,
			PETORY__STMT_ALBUM_IMAGE_INSERT, album_id, keys, count,
			now);
	return error;
}

static int album_insert(petory_store *st, petory_album *album,
	const char *local_date, const char *const *keys, size_t count,
	petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_ALBUM_INSERT);
		int64_t id;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		sqlite3_bind_int64(s, 1, album->owner_id);
		petory__bind_text_or_null(s, 2, album->content);
		sqlite3_bind_int(s, 3, (int)album->visibility);
		sqlite3_bind_text(s, 4, local_date, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, now);
		error = petory__step_done(conn, s, 0);
		if (error == PETORY_EEXISTS)
			error = petory_error_set(PETORY_EEXISTS, NULL,
				"user %lld has an album dated %s",
				(long long)album->owner_id, local_date);
		id = sqlite3_last_insert_rowid(conn->db);
		if (!error)
			error = add_images(
				conn, id, album->owner_id, keys, count, now);
		if ((error = petory__tx_end(conn, error)) == 0) {
			album->id = id;
			album->created_at = album->updated_at = now;
		}
	});
	return error;
}

static int album_get(petory_album **out, petory_store *st, int64_t id)
{
	petory_album *a = NULL;
	int error = 0;
	*out = NULL;
	if (!(a = calloc(1, sizeof(*a))))
		return petory__error_oom();
	WITH_CONN(st, conn,
		error = petory__sqlite_row_with_images(conn,
			PETORY__STMT_ALBUM_GET, PETORY__STMT_ALBUM_IMAGES, id,
			read_album, a, &a->images, &a->image_count,
			album_not_found, "album_get"));
	if (error) {
		petory_album_free(a);
		return error;
	}
	*out = a;
	return 0;
}

/* A list item: the album and its first image (columns 7..10). */
static int read_listed_album(void *obj, sqlite3_stmt *s)
{
	petory_album *a = obj;
	int error = read_album(a, s);
	return error ? error
		     : petory__sqlite_first_image(
			       &a->images, &a->image_count, s, 7);
}

static int album_list(petory_album_page *out, petory_store *st,
	int64_t owner_id, int include_private, int64_t offset, int64_t limit)
{
	void *items = NULL;
	int error = 0;
	memset(out, 0, sizeof(*out));
	WITH_CONN(st, conn, {
		sqlite3_stmt *count = petory__stmt(
			conn, owner_id ? PETORY__STMT_ALBUM_COUNT_OWNER
				       : PETORY__STMT_ALBUM_COUNT_PUBLIC);
		sqlite3_stmt *s = petory__stmt(
			conn, owner_id ? PETORY__STMT_ALBUM_LIST_OWNER
				       : PETORY__STMT_ALBUM_LIST_PUBLIC);
		if (!count || !s) {
			error = petory_error_last()->code;
			break;
		}
		if (owner_id) {
			sqlite3_bind_int64(count, 1, owner_id);
			sqlite3_bind_int(count, 2, include_private ? 1 : 0);
			sqlite3_bind_int64(s, 1, owner_id);
			sqlite3_bind_int(s, 2, include_private ? 1 : 0);
		}
		error = petory__sqlite_page(&items, &out->count, &out->total,
			conn, count, s, offset, limit, sizeof(*out->items),
			read_listed_album, "album_list");
	});
	out->items = items;
	if (error)
		petory_album_page_dispose(out);
	return error;
}

/* Inside a transaction: every file of album id turns private or public
 * with it. */
static int files_follow_album(petory__conn *conn, int64_t id)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_ALBUM_FILES_PRIVATE);
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, id);
	return petory__step_done(conn, s, 0);
}

static int album_update(petory_store *st, int64_t id, const char *content,
	int visibility, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_ALBUM_UPDATE);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		sqlite3_bind_int64(s, 1, id);
		petory__bind_text_or_null(s, 2, content);
		sqlite3_bind_int(s, 3, visibility);
		sqlite3_bind_int64(s, 4, now);
		error = petory__step_done(conn, s, 1);
		if (error == PETORY_ENOTFOUND)
			error = album_not_found();
		if (!error && visibility >= 0)
			error = files_follow_album(conn, id);
		error = petory__tx_end(conn, error);
	});
	return error;
}

/* Inside a transaction: the album's own row (its image rows cascade). */
static int delete_album_row(petory__conn *conn, int64_t id)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_ALBUM_DELETE);
	int error;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, id);
	error = petory__step_done(conn, s, 1);
	return error == PETORY_ENOTFOUND ? album_not_found() : error;
}

static int album_delete(petory_file_key **keys_out, size_t *count_out,
	petory_store *st, int64_t id)
{
	int error = 0;
	*keys_out = NULL;
	*count_out = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *files =
			petory__stmt(conn, PETORY__STMT_ALBUM_DELETE_FILES);
		if (!files) {
			error = petory_error_last()->code;
			break;
		}
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		sqlite3_bind_int64(files, 1, id);
		error = petory__sqlite_collect_keys(
			keys_out, count_out, conn, files);
		if (!error)
			error = delete_album_row(conn, id);
		error = petory__tx_end(conn, error);
	});
	if (error) {
		free(*keys_out);
		*keys_out = NULL;
		*count_out = 0;
	}
	return error;
}

static int album_add_images(petory_store *st, int64_t id, int64_t owner_id,
	const char *const *keys, size_t count, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = add_images(conn, id, owner_id, keys, count, now);
		error = petory__tx_end(conn, error);
	});
	return error;
}

static int album_image_album(
	int64_t *album_id, petory_store *st, int64_t image_id)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_ALBUM_IMAGE_ALBUM);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, image_id);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			*album_id = sqlite3_column_int64(s, 0);
		else if (rc == SQLITE_DONE)
			error = petory_error_set(
				PETORY_ENOTFOUND, NULL, "no such album image");
		else
			error = petory__sqlite_error(conn, rc, "album_image");
		petory__stmt_done(s);
	});
	return error;
}

static int album_image_delete(
	petory_file_key *key_out, petory_store *st, int64_t image_id)
{
	return petory__sqlite_image_delete(
		key_out, st, PETORY__STMT_ALBUM_IMAGE_DELETE, image_id, 0);
}

const petory_store_albums petory__sqlite_albums = {
	.version = PETORY_STORE_ALBUMS_VERSION,
	.album_insert = album_insert,
	.album_get = album_get,
	.album_list = album_list,
	.album_update = album_update,
	.album_delete = album_delete,
	.album_add_images = album_add_images,
	.album_image_album = album_image_album,
	.album_image_delete = album_image_delete,
};
