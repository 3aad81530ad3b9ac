/* place_images.c -- the SQLite side of the images of places (the domain
 * file it serves: domain/place.c).
 *
 * Invariants: a place_images row points at a file ATTACHED for purpose
 * "place" and public; the file's record and the row go together (the
 * row cascades from the file and from the place).  Images are attached
 * inside the transaction of the place's insert or of place_add_images, so
 * a bad key leaves nothing behind.  Lists get the first image of every
 * place of a page in one query, never one per row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_internal.h"

#define WITH_CONN PETORY__WITH_STORE_CONN

char *petory__sqlite_ids_json(const int64_t *ids, size_t n)
{
	size_t i, len = 0, cap = 3 + n * 21;
	char *list = malloc(cap);
	if (!list)
		return NULL;
	list[len++] = '[';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(list + len, cap - len, "%s%lld",
			i ? "," : "", (long long)ids[i]);
	list[len++] = ']';
	list[len] = '\0';
	return list;
}

int petory__place_images_add(petory__conn *conn, int64_t place_id,
	int64_t owner_id, const char *const *keys, size_t count,
	petory_time_ms now)
{
	int error;

	if (count == 0)
		return 0;
	if ((error = petory__sqlite_attach(conn, keys, count, owner_id,
		     PETORY_FILE_PLACE, 0, now)) < 0)
		return error;
	return petory__sqlite_add_image_rows(conn,
		PETORY__STMT_PLACE_IMAGE_INSERT, place_id, keys, count, now);
}

int petory__place_images_all(petory__conn *conn, petory_place *p)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_PLACE_IMAGES);
	int error;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, p->id);
	error = petory__sqlite_images(&p->images, &p->image_count, conn, s);
	p->images_complete = error == 0;
	return error;
}

int petory__place_images_first(
	petory__conn *conn, petory_place *items, size_t n)
{
	sqlite3_stmt *s;
	int64_t *ids, place_id;
	char *list;
	size_t i;
	int rc, error = 0;

	if (n == 0)
		return 0;
	if (!(ids = malloc(n * sizeof(*ids))))
		return petory__error_oom();
	for (i = 0; i < n; i++)
		ids[i] = items[i].id;
	list = petory__sqlite_ids_json(ids, n);
	free(ids);
	if (!list)
		return petory__error_oom();
	if (!(s = petory__stmt(conn, PETORY__STMT_PLACE_FIRST_IMAGES))) {
		free(list);
		return petory_error_last()->code;
	}
	sqlite3_bind_text(s, 1, list, -1, SQLITE_STATIC);
	while (!error && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		place_id = sqlite3_column_int64(s, 4);
		for (i = 0; i < n; i++)
			if (items[i].id == place_id && !items[i].images) {
				error = petory__sqlite_first_image(
					&items[i].images, &items[i].image_count,
					s, 0);
				break;
			}
	}
	if (!error && rc != SQLITE_DONE)
		error = petory__sqlite_error(conn, rc, "place images");
	petory__stmt_done(s);
	free(list);
	return error;
}

/* Inside a transaction: the keys attached to place_id when it is there
 * and not DELETED (*outcome APPLIED), nothing otherwise (ABSENT). */
static int add_images_locked(petory__conn *conn, petory_store_outcome *outcome,
	int64_t place_id, int64_t owner_id, const char *const *keys,
	size_t count, petory_time_ms now)
{
	int status, type, error;
	int64_t likes;
	if ((error = petory__place_state_locked(
		     conn, place_id, &status, &type, &likes)) < 0)
		return error;
	if (status == PETORY__PLACE_ABSENT || status == PETORY_PLACE_DELETED) {
		*outcome = PETORY_STORE_ABSENT;
		return 0;
	}
	*outcome = PETORY_STORE_APPLIED;
	return petory__place_images_add(
		conn, place_id, owner_id, keys, count, now);
}

int petory__sqlite_place_add_images(petory_store_outcome *outcome_out,
	petory_store *st, int64_t place_id, int64_t owner_id,
	const char *const *keys, size_t count, petory_time_ms now)
{
	petory_store_outcome outcome = PETORY_STORE_ABSENT;
	int error = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(
			conn, add_images_locked(conn, &outcome, place_id,
				      owner_id, keys, count, now));
	});
	*outcome_out = outcome;
	return error;
}

int petory__sqlite_place_image_delete(petory_file_key *key_out,
	petory_store *st, int64_t place_id, int64_t image_id)
{
	return petory__sqlite_image_delete(key_out, st,
		PETORY__STMT_PLACE_IMAGE_DELETE, image_id, place_id);
}
