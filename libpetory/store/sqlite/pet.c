/* pet.c -- the SQLite side of pets and their images.
 *
 * A pet and its images change together: creating a pet, or updating it
 * with new image keys, runs the pet's row, the attachment of every file
 * and the image rows in one BEGIN IMMEDIATE transaction, so a key that
 * cannot be attached leaves nothing behind.  Soft delete turns the pet's
 * files private in the same transaction (and restore public again), so a
 * deleted pet's photos are not served to anyone but its owner.  Methods
 * report facts (ENOTFOUND, ECONFLICT); domain/pet.c names them.  A write
 * fetches each statement just before it runs it, so a fault at any
 * statement (tests/store) comes after the writes before it.
 */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_internal.h"

#define WITH_CONN PETORY__WITH_STORE_CONN

static int pet_not_found(void)
{
	return petory_error_set(PETORY_ENOTFOUND, NULL, "no such pet");
}

/* Columns 0..9 of PETORY__PET_COLUMNS into p (strings copied). */
static int read_pet(void *obj, sqlite3_stmt *s)
{
	petory_pet *p = obj;
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(s, 0);
	p->owner_id = sqlite3_column_int64(s, 1);
	p->name = petory__column_strdup(s, 2);
	p->size = (petory_pet_size)sqlite3_column_int(s, 3);
	p->species = petory__column_strdup(s, 4);
	p->gender = petory__column_strdup(s, 5);
	p->birthday = petory__column_strdup(s, 6);
	p->created_at = sqlite3_column_int64(s, 7);
	p->updated_at = sqlite3_column_int64(s, 8);
	p->deleted_at = sqlite3_column_int64(s, 9);
	if (!p->name || !p->species ||
		(sqlite3_column_type(s, 5) != SQLITE_NULL && !p->gender) ||
		(sqlite3_column_type(s, 6) != SQLITE_NULL && !p->birthday))
		return petory__error_oom();
	return 0;
}

/* Inside a transaction: attach keys to pet_id and add its image rows. */
static int add_images(petory__conn *conn, int64_t pet_id, int64_t owner_id,
	const char *const *keys, size_t count, petory_time_ms now)
{
	int error;

	if (count == 0)
		return 0;
	if ((error = petory__sqlite_attach(
		     conn, keys, count, owner_id, PETORY_FILE_PET, 0, now)) < 0)
		return error;
	return petory__sqlite_add_image_rows(
		conn, PETORY__STMT_PET_IMAGE_INSERT, pet_id, keys, count, now);
}

static int pet_insert(petory_store *st, petory_pet *pet,
	const char *const *keys, size_t count, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_PET_INSERT);
		int64_t id;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		sqlite3_bind_int64(s, 1, pet->owner_id);
		sqlite3_bind_text(s, 2, pet->name, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 3, (int)pet->size);
		sqlite3_bind_text(s, 4, pet->species, -1, SQLITE_STATIC);
		petory__bind_text_or_null(s, 5, pet->gender);
		petory__bind_text_or_null(s, 6, pet->birthday);
		sqlite3_bind_int64(s, 7, now);
		error = petory__step_done(conn, s, 0);
		id = sqlite3_last_insert_rowid(conn->db);
		if (!error)
			error = add_images(
				conn, id, pet->owner_id, keys, count, now);
		if ((error = petory__tx_end(conn, error)) == 0) {
			pet->id = id;
			pet->created_at = pet->updated_at = now;
		}
	});
	return error;
}

static int pet_get(petory_pet **out, petory_store *st, int64_t id)
{
	petory_pet *p = NULL;
	int error = 0;
	*out = NULL;
	if (!(p = calloc(1, sizeof(*p))))
		return petory__error_oom();
	WITH_CONN(st, conn,
		error = petory__sqlite_row_with_images(conn,
			PETORY__STMT_PET_GET, PETORY__STMT_PET_IMAGES, id,
			read_pet, p, &p->images, &p->image_count, pet_not_found,
			"pet_get"));
	if (error) {
		petory_pet_free(p);
		return error;
	}
	*out = p;
	return 0;
}

/* A list item: the pet and its first image (columns 10..13). */
static int read_listed_pet(void *obj, sqlite3_stmt *s)
{
	petory_pet *p = obj;
	int error = read_pet(p, s);
	return error ? error
		     : petory__sqlite_first_image(
			       &p->images, &p->image_count, s, 10);
}

static int pet_list(petory_pet_page *out, petory_store *st, int64_t owner_id,
	int64_t offset, int64_t limit)
{
	void *items = NULL;
	int error = 0;
	memset(out, 0, sizeof(*out));
	WITH_CONN(st, conn, {
		sqlite3_stmt *count =
			petory__stmt(conn, PETORY__STMT_PET_COUNT);
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_PET_LIST);
		if (!count || !s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(count, 1, owner_id);
		sqlite3_bind_int64(s, 1, owner_id);
		error = petory__sqlite_page(&items, &out->count, &out->total,
			conn, count, s, offset, limit, sizeof(*out->items),
			read_listed_pet, "pet_list");
	});
	out->items = items;
	if (error)
		petory_pet_page_dispose(out);
	return error;
}

static int pet_update(petory_store *st, int64_t id, int64_t owner_id,
	const petory_pet_patch *patch, const char *const *keys, size_t count,
	petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_PET_UPDATE);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		sqlite3_bind_int64(s, 1, id);
		petory__bind_text_or_null(s, 2, patch->name);
		sqlite3_bind_int(s, 3, patch->size);
		petory__bind_text_or_null(s, 4, patch->species);
		petory__bind_text_or_null(s, 5, patch->gender);
		petory__bind_text_or_null(s, 6, patch->birthday);
		sqlite3_bind_int64(s, 7, now);
		error = petory__step_done(conn, s, 1);
		if (error == PETORY_ENOTFOUND)
			error = petory_error_set(PETORY_ENOTFOUND, NULL,
				"no live pet %lld", (long long)id);
		if (!error)
			error = add_images(
				conn, id, owner_id, keys, count, now);
		error = petory__tx_end(conn, error);
	});
	return error;
}

/* Inside a transaction: the pet's files turn private (deleted) or public
 * with it. */
static int files_follow_pet(petory__conn *conn, int64_t id, int deleted)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_PET_FILES_PRIVATE);
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, deleted ? 1 : 0);
	return petory__step_done(conn, s, 0);
}

/* Why PET_SET_DELETED changed nothing: ENOTFOUND when pet `id` is
 * absent, ECONFLICT when it already is (deleted) so. */
static int unchanged_pet(petory__conn *conn, int64_t id, int deleted)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_PET_GET);
	int rc, error;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		error = petory_error_set(PETORY_ECONFLICT, NULL,
			"the pet is already %s", deleted ? "deleted" : "live");
	else if (rc == SQLITE_DONE)
		error = pet_not_found();
	else
		error = petory__sqlite_error(conn, rc, "pet_set_deleted");
	petory__stmt_done(s);
	return error;
}

static int pet_set_deleted(
	petory_store *st, int64_t id, int deleted, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_PET_SET_DELETED);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, deleted ? 1 : 0);
		sqlite3_bind_int64(s, 3, now);
		error = petory__step_done(conn, s, 1);
		if (error == PETORY_ENOTFOUND)
			error = unchanged_pet(conn, id, deleted);
		if (!error)
			error = files_follow_pet(conn, id, deleted);
		error = petory__tx_end(conn, error);
	});
	return error;
}

static int pet_image_pet(int64_t *pet_id, petory_store *st, int64_t image_id)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_PET_IMAGE_PET);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, image_id);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			*pet_id = sqlite3_column_int64(s, 0);
		else if (rc == SQLITE_DONE)
			error = petory_error_set(
				PETORY_ENOTFOUND, NULL, "no such pet image");
		else
			error = petory__sqlite_error(conn, rc, "pet_image");
		petory__stmt_done(s);
	});
	return error;
}

static int pet_image_delete(
	petory_file_key *key_out, petory_store *st, int64_t image_id)
{
	return petory__sqlite_image_delete(
		key_out, st, PETORY__STMT_PET_IMAGE_DELETE, image_id, 0);
}

static int pet_birthdays(petory_pet_birthday **out, size_t *count_out,
	petory_store *st, const char *const *month_days, size_t n)
{
	int error = 0;
	*out = NULL;
	*count_out = 0;
	if (n == 0 || n > 4)
		return petory_error_set(
			PETORY_EINVALID, NULL, "one to four month-days");
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_PET_BIRTHDAYS);
		petory_pet_birthday *rows = NULL;
		size_t count = 0;
		size_t cap = 0;
		size_t i;
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		for (i = 0; i < 4; i++)
			sqlite3_bind_text(s, (int)i + 1,
				month_days[i < n ? i : 0], -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			petory_pet_birthday *b;
			if (count == cap) {
				petory_pet_birthday *grown;
				cap = cap ? 2 * cap : 16;
				if (!(grown = realloc(
					      rows, cap * sizeof(*rows)))) {
					error = petory__error_oom();
					break;
				}
				rows = grown;
			}
			b = &rows[count++];
			b->pet_id = sqlite3_column_int64(s, 0);
			b->owner_id = sqlite3_column_int64(s, 1);
			b->name = petory__column_strdup(s, 2);
			b->birthday = petory__column_strdup(s, 3);
			b->timezone = petory__column_strdup(s, 4);
			if (!b->name || !b->birthday || !b->timezone) {
				error = petory__error_oom();
				break;
			}
		}
		if (!error && rc != SQLITE_DONE)
			error = petory__sqlite_error(conn, rc, "pet_birthdays");
		petory__stmt_done(s);
		if (error) {
			petory__pet_birthdays_free(rows, count);
			break;
		}
		*out = rows;
		*count_out = count;
	});
	return error;
}

static int pet_dday_record(int *created_out, petory_store *st, int64_t pet_id,
	const char *local_date, petory_notification *n)
{
	int error = 0;
	*created_out = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *mark =
			petory__stmt(conn, PETORY__STMT_PET_DDAY_MARK);
		if (!mark) {
			error = petory_error_last()->code;
			break;
		}
		if ((error = petory__tx_begin(conn)) < 0) {
			petory__stmt_done(mark);
			break;
		}
		sqlite3_bind_int64(mark, 1, pet_id);
		sqlite3_bind_text(mark, 2, local_date, -1, SQLITE_STATIC);
		sqlite3_bind_int64(mark, 3, n->created_at);
		error = petory__tx_end(conn,
			petory__sqlite_notify_once(conn, mark, n, created_out));
		if (error)
			*created_out = 0;
	});
	return error;
}

const petory_store_pets petory__sqlite_pets = {
	.version = PETORY_STORE_PETS_VERSION,
	.pet_birthdays = pet_birthdays,
	.pet_dday_record = pet_dday_record,
	.pet_insert = pet_insert,
	.pet_get = pet_get,
	.pet_list = pet_list,
	.pet_update = pet_update,
	.pet_set_deleted = pet_set_deleted,
	.pet_image_pet = pet_image_pet,
	.pet_image_delete = pet_image_delete,
	.growth_insert = petory__sqlite_growth_insert,
	.growth_get = petory__sqlite_growth_get,
	.growth_list = petory__sqlite_growth_list,
	.growth_update = petory__sqlite_growth_update,
	.growth_delete = petory__sqlite_growth_delete,
};
