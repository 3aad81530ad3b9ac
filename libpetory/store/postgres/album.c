/* album.c -- the PostgreSQL side of albums and their images (the twin of
 * store/sqlite/album.c, with the same facts, outcomes and rows).
 *
 * One album per owner per local calendar day is the table's own UNIQUE
 * (owner_id, local_date): racing inserts of one day wait on the unique
 * index for the first to commit and the others fail with 23505, which is
 * EEXISTS, their whole transaction (files attached included) rolled back.
 * A file's private flag follows its album: attaching files reads the
 * album's visibility under a share lock, and a change of visibility locks
 * the album's row and rewrites the flag of every file of the album in the
 * same transaction, so neither can miss the other.  Deleting an album
 * locks its row first (no image joins it meanwhile), then deletes the
 * file records of its images (the image rows go with them, ON DELETE
 * CASCADE) and hands the keys back so that their bytes can be removed.
 * Multi-statement reads run in one REPEATABLE READ snapshot.  Bodies may
 * run again after a conflict: each sets its out-values afresh.  Methods
 * report facts (ENOTFOUND, EEXISTS, ECONFLICT); domain/album.c names them.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_rows.h"

static int album_not_found(void)
{
	return petory_error_set(PETORY_ENOTFOUND, NULL, "no such album");
}

/* Columns 0..6 of PETORY__PG_ALBUM_COLUMNS of row into obj, a
 * petory_album (the caller disposes of it even after a failure). */
static int read_album(void *obj, const PGresult *r, int row)
{
	petory_album *a = obj;
	int visibility = 0, error;
	memset(a, 0, sizeof(*a));
	if ((error = petory__pg_get_int64(&a->id, r, row, 0)) < 0 ||
		(error = petory__pg_get_int64(&a->owner_id, r, row, 1)) < 0 ||
		(error = petory__pg_get_text(&a->content, r, row, 2)) < 0 ||
		(error = petory__pg_get_int(&visibility, r, row, 3)) < 0 ||
		(error = petory__pg_get_int64(&a->created_at, r, row, 4)) < 0 ||
		(error = petory__pg_get_int64(&a->updated_at, r, row, 5)) < 0 ||
		(error = petory__pg_get_text(&a->owner_nickname, r, row, 6)) <
			0)
		return error;
	a->visibility = (petory_album_visibility)visibility;
	return 0;
}

/* A list item: the album and its first image (columns 7..10). */
static int read_listed_album(void *obj, const PGresult *r, int row)
{
	petory_album *a = obj;
	int error = read_album(a, r, row);
	return error ? error
		     : petory__pg_first_image(
			       &a->images, &a->image_count, r, row, 7);
}

/* Inside a transaction: attach keys to the album (private when it is),
 * holding its row against a change of visibility, and add its image
 * rows.  ENOTFOUND when the album is absent. */
static int add_images(petory__pg_conn *conn, int64_t album_id, int64_t owner_id,
	const char *const *keys, size_t count, petory_time_ms now)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int visibility = 0, error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, album_id);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_ALBUM_LOCK_VISIBILITY, &p)) < 0)
		return error;
	if (PQntuples(r) == 0)
		error = album_not_found();
	else
		error = petory__pg_get_int(&visibility, r, 0, 0);
	PQclear(r);
	if (error)
		return error;
	if ((error = petory__pg_attach(conn, keys, count, owner_id,
		     PETORY_FILE_ALBUM, visibility == PETORY_ALBUM_PRIVATE,
		     now)) < 0)
		return error;
	return petory__pg_add_image_rows(conn,
		PETORY__PG_STMT_ALBUM_IMAGE_INSERT, album_id, keys, count, now);
}

/* ---- insert ---- */

typedef struct album_insert_tx {
	const petory_album *album;
	const char *local_date;
	const char *const *keys;
	size_t count;
	petory_time_ms now;
	int64_t id; /* out */
} album_insert_tx;

static int album_insert_body(petory__pg_conn *conn, void *payload)
{
	album_insert_tx *t = payload;
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	t->id = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, t->album->owner_id);
	petory__pg_param_text(&p, t->album->content);
	petory__pg_param_int64(&p, (int64_t)t->album->visibility);
	petory__pg_param_text(&p, t->local_date);
	petory__pg_param_int64(&p, t->now);
	error = petory__pg_exec(&r, conn, PETORY__PG_STMT_ALBUM_INSERT, &p);
	if (error == PETORY_EEXISTS)
		return petory_error_set(PETORY_EEXISTS, NULL,
			"user %lld has an album dated %s",
			(long long)t->album->owner_id, t->local_date);
	if (error)
		return error;
	error = petory__pg_get_int64(&t->id, r, 0, 0);
	PQclear(r);
	if (error)
		return error;
	return add_images(
		conn, t->id, t->album->owner_id, t->keys, t->count, t->now);
}

static int album_insert(petory_store *st, petory_album *album,
	const char *local_date, const char *const *keys, size_t count,
	petory_time_ms now)
{
	album_insert_tx t = { album, local_date, keys, count, now, 0 };
	int error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, album_insert_body, &t);
	if (error == 0) {
		album->id = t.id;
		album->created_at = album->updated_at = now;
	}
	return error;
}

/* ---- reads ---- */

typedef struct album_get_tx {
	int64_t id;
	petory_album *album; /* out */
} album_get_tx;

static int album_get_body(petory__pg_conn *conn, void *payload)
{
	album_get_tx *t = payload;
	petory_album_free(t->album);
	if (!(t->album = calloc(1, sizeof(*t->album))))
		return petory__error_oom();
	return petory__pg_row_with_images(conn, PETORY__PG_STMT_ALBUM_GET,
		PETORY__PG_STMT_ALBUM_IMAGES, t->id, read_album, t->album,
		&t->album->images, &t->album->image_count, album_not_found);
}

static int album_get(petory_album **out, petory_store *st, int64_t id)
{
	album_get_tx t = { id, NULL };
	int error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_REPEATABLE_READ, album_get_body, &t);
	if (error) {
		petory_album_free(t.album);
		t.album = NULL;
	}
	*out = t.album;
	return error;
}

typedef struct album_list_tx {
	int64_t owner_id;
	int include_private;
	int64_t offset, limit;
	petory_album_page *page; /* out */
} album_list_tx;

static int album_list_body(petory__pg_conn *conn, void *payload)
{
	album_list_tx *t = payload;
	petory__pg_params filters;
	void *items = NULL;
	int error;
	petory_album_page_dispose(t->page);
	petory__pg_params_init(&filters);
	if (t->owner_id) {
		petory__pg_param_int64(&filters, t->owner_id);
		petory__pg_param_int64(&filters, t->include_private ? 1 : 0);
	}
	error = petory__pg_page(&items, &t->page->count, &t->page->total, conn,
		t->owner_id ? PETORY__PG_STMT_ALBUM_COUNT_OWNER
			    : PETORY__PG_STMT_ALBUM_COUNT_PUBLIC,
		t->owner_id ? PETORY__PG_STMT_ALBUM_LIST_OWNER
			    : PETORY__PG_STMT_ALBUM_LIST_PUBLIC,
		&filters, t->offset, t->limit, sizeof(*t->page->items),
		read_listed_album);
	t->page->items = items;
	return error;
}

static int album_list(petory_album_page *out, petory_store *st,
	int64_t owner_id, int include_private, int64_t offset, int64_t limit)
{
	album_list_tx t = { owner_id, include_private, offset, limit, out };
	int error;
	memset(out, 0, sizeof(*out));
	error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_REPEATABLE_READ, album_list_body, &t);
	if (error)
		petory_album_page_dispose(out);
	return error;
}

/* ---- update ---- */

typedef struct album_update_tx {
	int64_t id;
	const char *content;
	int visibility;
	petory_time_ms now;
} album_update_tx;

static int album_update_body(petory__pg_conn *conn, void *payload)
{
	album_update_tx *t = payload;
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, t->id);
	petory__pg_param_text(&p, t->content);
	petory__pg_param_int64(&p, t->visibility);
	petory__pg_param_int64(&p, t->now);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_ALBUM_UPDATE, &p)) < 0)
		return error;
	if (petory__pg_changes(r) == 0)
		error = album_not_found();
	PQclear(r);
	if (error || t->visibility < 0)
		return error;
	/* every file of the album turns private or public with it */
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, t->id);
	return petory__pg_exec(
		NULL, conn, PETORY__PG_STMT_ALBUM_FILES_PRIVATE, &p);
}

static int album_update(petory_store *st, int64_t id, const char *content,
	int visibility, petory_time_ms now)
{
	album_update_tx t = { id, content, visibility, now };
	return petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, album_update_body, &t);
}

/* ---- deletions ---- */

typedef struct album_delete_tx {
	int64_t id;
	petory_file_key *keys; /* out */
	size_t count;
} album_delete_tx;

static int album_delete_body(petory__pg_conn *conn, void *payload)
{
	album_delete_tx *t = payload;
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	free(t->keys);
	t->keys = NULL;
	t->count = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, t->id);
	/* the row first: no image joins the album while it goes */
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_ALBUM_LOCK, &p)) < 0)
		return error;
	if (PQntuples(r) == 0)
		error = album_not_found();
	PQclear(r);
	if (error)
		return error;
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_ALBUM_DELETE_FILES, &p)) < 0)
		return error;
	error = petory__pg_collect_keys(&t->keys, &t->count, r);
	PQclear(r);
	if (error)
		return error;
	/* its image rows are gone with their files */
	return petory__pg_exec(NULL, conn, PETORY__PG_STMT_ALBUM_DELETE, &p);
}

static int album_delete(petory_file_key **keys_out, size_t *count_out,
	petory_store *st, int64_t id)
{
	album_delete_tx t = { id, NULL, 0 };
	int error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, album_delete_body, &t);
	if (error) {
		free(t.keys);
		t.keys = NULL;
		t.count = 0;
	}
	*keys_out = t.keys;
	*count_out = t.count;
	return error;
}

typedef struct album_images_tx {
	int64_t id, owner_id;
	const char *const *keys;
	size_t count;
	petory_time_ms now;
} album_images_tx;

static int album_add_images_body(petory__pg_conn *conn, void *payload)
{
	album_images_tx *t = payload;
	return add_images(conn, t->id, t->owner_id, t->keys, t->count, t->now);
}

static int album_add_images(petory_store *st, int64_t id, int64_t owner_id,
	const char *const *keys, size_t count, petory_time_ms now)
{
	album_images_tx t = { id, owner_id, keys, count, now };
	return petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, album_add_images_body, &t);
}

static int album_image_album(
	int64_t *album_id, petory_store *st, int64_t image_id)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, image_id);
	PETORY__PG_WITH_CONN(st, conn, error,
		error = petory__pg_exec(
			&r, conn, PETORY__PG_STMT_ALBUM_IMAGE_ALBUM, &p));
	if (error)
		return error;
	if (PQntuples(r) == 0)
		error = petory_error_set(
			PETORY_ENOTFOUND, NULL, "no such album image");
	else
		error = petory__pg_get_int64(album_id, r, 0, 0);
	PQclear(r);
	return error;
}

static int album_image_delete(
	petory_file_key *key_out, petory_store *st, int64_t image_id)
{
	return petory__pg_image_delete(key_out, st,
		PETORY__PG_STMT_ALBUM_IMAGE_DELETE, image_id, false, 0);
}

const petory_store_albums petory__pg_albums = {
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
