/* file.c -- the PostgreSQL side of file records: create, read, move
 * between states, find the ones never used and remove them (the twin of
 * store/sqlite/file.c, with the same facts and outcomes).
 *
 * A file's state only moves forward (PENDING -> RECEIVING -> UPLOADED ->
 * ATTACHED), except RECEIVING -> PENDING when an upload fails; every move
 * is one conditional UPDATE (a compare-and-set: the row lock it takes
 * makes a second mover re-check the state after the first commits), so
 * two requests never both win it.  Each method here is one statement, so
 * none needs a transaction of its own.  Attaching files to a resource is
 * done inside the resource's own transaction by the shared
 * petory__pg_attach of pg_rows.h, whose petory__pg_collect_keys reads the
 * keys of a list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_rows.h"

/* Run one statement of a files method on a pooled connection. */
static int run(PGresult **out, petory_store *st, petory__pg_stmt_id id,
	const petory__pg_params *params)
{
	int error = 0;
	*out = NULL;
	PETORY__PG_WITH_CONN(st, conn, error,
		error = petory__pg_exec(out, conn, id, params));
	return error;
}

/* Copy a text column into a fixed buffer; a value that does not fit is
 * EBACKEND rather than a silently cut key. */
static int copy_text(
	char *buf, size_t size, const PGresult *r, int row, int col)
{
	const char *v = PQgetvalue(r, row, col);
	size_t len = (size_t)PQgetlength(r, row, col);
	if (len >= size)
		return petory_error_set(PETORY_EBACKEND, NULL,
			"a stored value is longer than %zu bytes", size - 1);
	memcpy(buf, v, len);
	buf[len] = '\0';
	return 0;
}

/* Columns 0..12 of PETORY__PG_FILE_COLUMNS of row 0. */
static int read_file(petory_file_rec *f, const PGresult *r)
{
	int purpose = 0, state = 0, error;
	memset(f, 0, sizeof(*f));
	if ((error = copy_text(f->key, sizeof(f->key), r, 0, 0)) < 0 ||
		(error = petory__pg_get_int64(&f->owner_id, r, 0, 1)) < 0 ||
		(error = petory__pg_get_int(&purpose, r, 0, 2)) < 0 ||
		(error = copy_text(f->content_type, sizeof(f->content_type), r,
			 0, 3)) < 0 ||
		(error = petory__pg_get_int64(&f->declared_size, r, 0, 4)) <
			0 ||
		(error = petory__pg_get_int64(&f->stored_size, r, 0, 5)) < 0 ||
		(error = petory__pg_get_int(&state, r, 0, 6)) < 0 ||
		(error = petory__pg_get_int(&f->is_private, r, 0, 7)) < 0 ||
		(error = petory__pg_get_int64(&f->chat_room_id, r, 0, 8)) < 0 ||
		(error = petory__pg_get_int64(&f->created_at, r, 0, 9)) < 0 ||
		(error = petory__pg_get_int64(
			 &f->upload_expires_at, r, 0, 10)) < 0 ||
		(error = petory__pg_get_int64(&f->uploaded_at, r, 0, 11)) < 0 ||
		(error = petory__pg_get_int64(&f->attached_at, r, 0, 12)) < 0)
		return error;
	if (petory__pg_is_null(r, 0, 5))
		f->stored_size = -1;
	f->purpose = (petory_file_purpose)purpose;
	f->state = (petory_file_state)state;
	return 0;
}

static int file_insert(
	petory_store *st, const petory_file_rec *rec, const char *filename)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, rec->key);
	petory__pg_param_int64(&p, rec->owner_id);
	petory__pg_param_int64(&p, (int64_t)rec->purpose);
	petory__pg_param_text(&p, filename ? filename : "");
	petory__pg_param_text(&p, rec->content_type);
	petory__pg_param_int64(&p, rec->declared_size);
	if (rec->chat_room_id > 0)
		petory__pg_param_int64(&p, rec->chat_room_id);
	else
		petory__pg_param_null(&p);
	petory__pg_param_int64(&p, rec->created_at);
	petory__pg_param_int64(&p, rec->upload_expires_at);
	error = run(&r, st, PETORY__PG_STMT_FILE_INSERT, &p);
	PQclear(r);
	return error;
}

static int file_get(petory_file_rec *out, petory_store *st, const char *key)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, key);
	if ((error = run(&r, st, PETORY__PG_STMT_FILE_GET, &p)) < 0)
		return error;
	if (PQntuples(r) == 0)
		error = petory_error_set(
			PETORY_ENOTFOUND, NULL, "no file %s", key);
	else
		error = read_file(out, r);
	PQclear(r);
	return error;
}

static int file_set_state(petory_store *st, const char *key, unsigned from_mask,
	petory_file_state to, int64_t stored_size, petory_time_ms now)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int64_t moved = 0;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, key);
	petory__pg_param_int64(&p, (int64_t)from_mask);
	petory__pg_param_int64(&p, (int64_t)to);
	petory__pg_param_int64(&p, stored_size);
	petory__pg_param_int64(&p, now);
	if ((error = run(&r, st, PETORY__PG_STMT_FILE_SET_STATE, &p)) < 0)
		return error;
	if ((error = petory__pg_get_int64(&moved, r, 0, 0)) < 0) {
		PQclear(r);
		return error;
	}
	/* nothing moved: the file is absent, or in another state */
	if (moved == 0)
		error = strcmp(PQgetvalue(r, 0, 1), "t") != 0
				? petory_error_set(PETORY_ENOTFOUND, NULL,
					  "no file %s", key)
				: petory_error_set(PETORY_ECONFLICT, NULL,
					  "the file %s is not in a state "
					  "that allows this",
					  key);
	PQclear(r);
	return error;
}

static int file_list_stale(petory_file_key **out, size_t *count_out,
	petory_store *st, petory_time_ms before, size_t limit)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	*out = NULL;
	*count_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, before);
	petory__pg_param_int64(
		&p, limit > INT64_MAX ? INT64_MAX : (int64_t)limit);
	if ((error = run(&r, st, PETORY__PG_STMT_FILE_LIST_STALE, &p)) < 0)
		return error;
	error = petory__pg_collect_keys(out, count_out, r);
	PQclear(r);
	return error;
}

static int file_delete_unattached(petory_store *st, const char *key)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, key);
	if ((error = run(&r, st, PETORY__PG_STMT_FILE_DELETE_UNATTACHED, &p)) <
		0)
		return error;
	if (petory__pg_changes(r) == 0)
		error = petory_error_set(
			PETORY_ENOTFOUND, NULL, "no unattached file %s", key);
	PQclear(r);
	return error;
}

const petory_store_files petory__pg_files = {
	.version = PETORY_STORE_FILES_VERSION,
	.file_insert = file_insert,
	.file_get = file_get,
	.file_set_state = file_set_state,
	.file_list_stale = file_list_stale,
	.file_delete_unattached = file_delete_unattached,
};
