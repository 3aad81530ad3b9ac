/* pet.c -- the PostgreSQL side of pets, their images and D-days (the twin
 * of store/sqlite/pet.c, with the same facts, outcomes and rows).
 *
 * A pet and its images change together: creating a pet, or updating it
 * with new image keys, runs the pet's row, the attachment of every file
 * (a compare-and-set per key, petory__pg_attach: a key another
 * transaction took first is ECONFLICT) and the image rows in one
 * transaction, so a key that cannot be attached leaves nothing behind.
 * Soft delete turns the pet's files private in the same transaction (and
 * restore public again).  Every write of a pet first writes the pet's
 * own row, so its row lock orders it against any other write of the same
 * pet: an update adding images and a deletion of that pet never
 * interleave, and the deletion's files statement sees every image
 * committed before it.  Multi-statement reads run in one REPEATABLE READ
 * snapshot.  Bodies may run again after a conflict: each sets its
 * out-values afresh.  Methods report facts (ENOTFOUND, ECONFLICT);
 * domain/pet.c names them.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_notify.h"
#include "store/postgres/pg_rows.h"

static int pet_not_found(void)
{
	return petory_error_set(PETORY_ENOTFOUND, NULL, "no such pet");
}

/* Columns 0..9 of PETORY__PG_PET_COLUMNS of row into obj, a petory_pet
 * (strings copied; the caller disposes of it even after a failure). */
static int read_pet(void *obj, const PGresult *r, int row)
{
	petory_pet *p = obj;
	int size = 0, error;
	memset(p, 0, sizeof(*p));
	if ((error = petory__pg_get_int64(&p->id, r, row, 0)) < 0 ||
		(error = petory__pg_get_int64(&p->owner_id, r, row, 1)) < 0 ||
		(error = petory__pg_get_text(&p->name, r, row, 2)) < 0 ||
		(error = petory__pg_get_int(&size, r, row, 3)) < 0 ||
		(error = petory__pg_get_text(&p->species, r, row, 4)) < 0 ||
		(error = petory__pg_get_text(&p->gender, r, row, 5)) < 0 ||
		(error = petory__pg_get_text(&p->birthday, r, row, 6)) < 0 ||
		(error = petory__pg_get_int64(&p->created_at, r, row, 7)) < 0 ||
		(error = petory__pg_get_int64(&p->updated_at, r, row, 8)) < 0 ||
		(error = petory__pg_get_int64(&p->deleted_at, r, row, 9)) < 0)
		return error;
	p->size = (petory_pet_size)size;
	return 0;
}

/* A list item: the pet and its first image (columns 10..13). */
static int read_listed_pet(void *obj, const PGresult *r, int row)
{
	petory_pet *p = obj;
	int error = read_pet(p, r, row);
	return error ? error
		     : petory__pg_first_image(
			       &p->images, &p->image_count, r, row, 10);
}

/* Inside a transaction: attach keys (owner_id's, for a pet, public) and
 * add the pet's image rows. */
static int add_images(petory__pg_conn *conn, int64_t pet_id, int64_t owner_id,
	const char *const *keys, size_t count, petory_time_ms now)
{
	int error;
	if (count == 0)
		return 0;
	if ((error = petory__pg_attach(
		     conn, keys, count, owner_id, PETORY_FILE_PET, 0, now)) < 0)
		return error;
	return petory__pg_add_image_rows(conn, PETORY__PG_STMT_PET_IMAGE_INSERT,
		pet_id, keys, count, now);
}

/* ---- insert ---- */

typedef struct pet_insert_tx {
	const petory_pet *pet;
	const char *const *keys;
	size_t count;
	petory_time_ms now;
	int64_t id; /* out */
} pet_insert_tx;

static int pet_insert_body(petory__pg_conn *conn, void *payload)
{
	pet_insert_tx *t = payload;
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	t->id = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, t->pet->owner_id);
	petory__pg_param_text(&p, t->pet->name);
	petory__pg_param_int64(&p, (int64_t)t->pet->size);
	petory__pg_param_text(&p, t->pet->species);
	petory__pg_param_text(&p, t->pet->gender);
	petory__pg_param_text(&p, t->pet->birthday);
	petory__pg_param_int64(&p, t->now);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_PET_INSERT, &p)) < 0)
		return error;
	error = petory__pg_get_int64(&t->id, r, 0, 0);
	PQclear(r);
	if (error)
		return error;
	return add_images(
		conn, t->id, t->pet->owner_id, t->keys, t->count, t->now);
}

static int pet_insert(petory_store *st, petory_pet *pet,
	const char *const *keys, size_t count, petory_time_ms now)
{
	pet_insert_tx t = { pet, keys, count, now, 0 };
	int error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, pet_insert_body, &t);
	if (error == 0) {
		pet->id = t.id;
		pet->created_at = pet->updated_at = now;
	}
	return error;
}

/* ---- reads ---- */

typedef struct pet_get_tx {
	int64_t id;
	petory_pet *pet; /* out */
} pet_get_tx;

static int pet_get_body(petory__pg_conn *conn, void *payload)
{
	pet_get_tx *t = payload;
	petory_pet_free(t->pet);
	if (!(t->pet = calloc(1, sizeof(*t->pet))))
		return petory__error_oom();
	return petory__pg_row_with_images(conn, PETORY__PG_STMT_PET_GET,
		PETORY__PG_STMT_PET_IMAGES, t->id, read_pet, t->pet,
		&t->pet->images, &t->pet->image_count, pet_not_found);
}

static int pet_get(petory_pet **out, petory_store *st, int64_t id)
{
	pet_get_tx t = { id, NULL };
	int error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_REPEATABLE_READ, pet_get_body, &t);
	if (error) {
		petory_pet_free(t.pet);
		t.pet = NULL;
	}
	*out = t.pet;
	return error;
}

typedef struct pet_list_tx {
	int64_t owner_id, offset, limit;
	petory_pet_page *page; /* out */
} pet_list_tx;

static int pet_list_body(petory__pg_conn *conn, void *payload)
{
	pet_list_tx *t = payload;
	petory__pg_params owner;
	void *items = NULL;
	int error;
	petory_pet_page_dispose(t->page);
	petory__pg_params_init(&owner);
	petory__pg_param_int64(&owner, t->owner_id);
	error = petory__pg_page(&items, &t->page->count, &t->page->total, conn,
		PETORY__PG_STMT_PET_COUNT, PETORY__PG_STMT_PET_LIST, &owner,
		t->offset, t->limit, sizeof(*t->page->items), read_listed_pet);
	t->page->items = items;
	return error;
}

static int pet_list(petory_pet_page *out, petory_store *st, int64_t owner_id,
	int64_t offset, int64_t limit)
{
	pet_list_tx t = { owner_id, offset, limit, out };
	int error;
	memset(out, 0, sizeof(*out));
	error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_REPEATABLE_READ, pet_list_body, &t);
	if (error)
		petory_pet_page_dispose(out);
	return error;
}

/* ---- update, delete, restore ---- */

typedef struct pet_update_tx {
	int64_t id, owner_id;
	const petory_pet_patch *patch;
	const char *const *keys;
	size_t count;
	petory_time_ms now;
} pet_update_tx;

static int pet_update_body(petory__pg_conn *conn, void *payload)
{
	pet_update_tx *t = payload;
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, t->id);
	petory__pg_param_text(&p, t->patch->name);
	petory__pg_param_int64(&p, (int64_t)t->patch->size);
	petory__pg_param_text(&p, t->patch->species);
	petory__pg_param_text(&p, t->patch->gender);
	petory__pg_param_text(&p, t->patch->birthday);
	petory__pg_param_int64(&p, t->now);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_PET_UPDATE, &p)) < 0)
		return error;
	if (petory__pg_changes(r) == 0)
		error = petory_error_set(PETORY_ENOTFOUND, NULL,
			"no live pet %lld", (long long)t->id);
	PQclear(r);
	if (error)
		return error;
	return add_images(conn, t->id, t->owner_id, t->keys, t->count, t->now);
}

static int pet_update(petory_store *st, int64_t id, int64_t owner_id,
	const petory_pet_patch *patch, const char *const *keys, size_t count,
	petory_time_ms now)
{
	pet_update_tx t = { id, owner_id, patch, keys, count, now };
	return petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, pet_update_body, &t);
}

typedef struct pet_deleted_tx {
	int64_t id;
	int deleted;
	petory_time_ms now;
} pet_deleted_tx;

static int pet_set_deleted_body(petory__pg_conn *conn, void *payload)
{
	pet_deleted_tx *t = payload;
	petory__pg_params p;
	PGresult *r = NULL;
	int64_t changed = 0;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, t->id);
	petory__pg_param_int64(&p, t->deleted ? 1 : 0);
	petory__pg_param_int64(&p, t->now);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_PET_SET_DELETED, &p)) < 0)
		return error;
	if ((error = petory__pg_get_int64(&changed, r, 0, 0)) == 0 &&
		changed == 0)
		/* unchanged: the pet is absent, or already so */
		error = strcmp(PQgetvalue(r, 0, 1), "t") != 0
				? pet_not_found()
				: petory_error_set(PETORY_ECONFLICT, NULL,
					  "the pet is already %s",
					  t->deleted ? "deleted" : "live");
	PQclear(r);
	if (error)
		return error;
	/* its files turn private (deleted) or public with it */
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, t->id);
	petory__pg_param_int64(&p, t->deleted ? 1 : 0);
	return petory__pg_exec(
		NULL, conn, PETORY__PG_STMT_PET_FILES_PRIVATE, &p);
}

static int pet_set_deleted(
	petory_store *st, int64_t id, int deleted, petory_time_ms now)
{
	pet_deleted_tx t = { id, deleted, now };
	return petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, pet_set_deleted_body, &t);
}

/* ---- images ---- */

static int pet_image_pet(int64_t *pet_id, petory_store *st, int64_t image_id)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, image_id);
	PETORY__PG_WITH_CONN(st, conn, error,
		error = petory__pg_exec(
			&r, conn, PETORY__PG_STMT_PET_IMAGE_PET, &p));
	if (error)
		return error;
	if (PQntuples(r) == 0)
		error = petory_error_set(
			PETORY_ENOTFOUND, NULL, "no such pet image");
	else
		error = petory__pg_get_int64(pet_id, r, 0, 0);
	PQclear(r);
	return error;
}

static int pet_image_delete(
	petory_file_key *key_out, petory_store *st, int64_t image_id)
{
	return petory__pg_image_delete(key_out, st,
		PETORY__PG_STMT_PET_IMAGE_DELETE, image_id, false, 0);
}

/* ---- birthdays and D-days ---- */

/* Rows of PET_BIRTHDAYS into a malloc'd array (rows and strings). */
static int read_birthdays(
	petory_pet_birthday **out, size_t *count_out, const PGresult *r)
{
	int i, n = PQntuples(r), error = 0;
	petory_pet_birthday *rows;
	if (n == 0)
		return 0;
	if (!(rows = calloc((size_t)n, sizeof(*rows))))
		return petory__error_oom();
	for (i = 0; i < n && !error; i++) {
		petory_pet_birthday *b = &rows[i];
		if ((error = petory__pg_get_int64(&b->pet_id, r, i, 0)) < 0 ||
			(error = petory__pg_get_int64(&b->owner_id, r, i, 1)) <
				0 ||
			(error = petory__pg_get_text(&b->name, r, i, 2)) < 0 ||
			(error = petory__pg_get_text(&b->birthday, r, i, 3)) <
				0 ||
			(error = petory__pg_get_text(&b->timezone, r, i, 4)) <
				0)
			break;
	}
	if (error) {
		/* calloc'd: the rows not reached free nothing */
		petory__pet_birthdays_free(rows, (size_t)n);
		return error;
	}
	*out = rows;
	*count_out = (size_t)n;
	return 0;
}

static int pet_birthdays(petory_pet_birthday **out, size_t *count_out,
	petory_store *st, const char *const *month_days, size_t n)
{
	petory__pg_params p;
	PGresult *r = NULL;
	size_t i;
	int error = 0;
	*out = NULL;
	*count_out = 0;
	if (n == 0 || n > 4)
		return petory_error_set(
			PETORY_EINVALID, NULL, "one to four month-days");
	petory__pg_params_init(&p);
	for (i = 0; i < 4; i++)
		petory__pg_param_text(&p, month_days[i < n ? i : 0]);
	PETORY__PG_WITH_CONN(st, conn, error,
		error = petory__pg_exec(
			&r, conn, PETORY__PG_STMT_PET_BIRTHDAYS, &p));
	if (error)
		return error;
	error = read_birthdays(out, count_out, r);
	PQclear(r);
	return error;
}

static int pet_dday_record(int *created_out, petory_store *st, int64_t pet_id,
	const char *local_date, petory_notification *n)
{
	petory__pg_params mark;
	petory__pg_params_init(&mark);
	petory__pg_param_int64(&mark, pet_id);
	petory__pg_param_text(&mark, local_date);
	petory__pg_param_int64(&mark, n->created_at);
	return petory__pg_notify_once_tx(PETORY__PG_POOL(st),
		PETORY__PG_STMT_PET_DDAY_MARK, &mark, n, created_out);
}

const petory_store_pets petory__pg_pets = {
	.version = PETORY_STORE_PETS_VERSION,
	.pet_insert = pet_insert,
	.pet_get = pet_get,
	.pet_list = pet_list,
	.pet_update = pet_update,
	.pet_set_deleted = pet_set_deleted,
	.pet_image_pet = pet_image_pet,
	.pet_image_delete = pet_image_delete,
	.pet_birthdays = pet_birthdays,
	.pet_dday_record = pet_dday_record,
	.growth_insert = petory__pg_growth_insert,
	.growth_get = petory__pg_growth_get,
	.growth_list = petory__pg_growth_list,
	.growth_update = petory__pg_growth_update,
	.growth_delete = petory__pg_growth_delete,
};
