/* pet_growth.c -- the PostgreSQL side of the growth diary (the twin of
 * store/sqlite/pet_growth.c, with the same facts and rows; pet.c lists
 * these methods in petory__pg_pets).
 *
 * One record per pet and date: UNIQUE(pet_id, day) makes a second insert
 * or a move onto a taken date EEXISTS (23505), whichever of two racing
 * writes commits second.  Every method is one statement on a connection
 * of its own (petory__pg_run), so no transaction is needed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_rows.h"

static int growth_not_found(void)
{
	return petory_error_set(
		PETORY_ENOTFOUND, NULL, "no such growth record");
}

/* Columns 0..7 of PETORY__PG_GROWTH_COLUMNS of row into obj, a
 * petory_growth_record (the caller frees its note even after a failure). */
static int read_growth(void *obj, const PGresult *r, int row)
{
	petory_growth_record *rec = obj;
	char *day = NULL;
	int error;
	memset(rec, 0, sizeof(*rec));
	if ((error = petory__pg_get_int64(&rec->id, r, row, 0)) < 0 ||
		(error = petory__pg_get_int64(&rec->pet_id, r, row, 1)) < 0 ||
		(error = petory__pg_get_text(&day, r, row, 2)) < 0 ||
		(error = petory__pg_get_int64(&rec->weight_cg, r, row, 3)) <
			0 ||
		(error = petory__pg_get_int64(&rec->length_mm, r, row, 4)) <
			0 ||
		(error = petory__pg_get_text(&rec->note, r, row, 5)) < 0 ||
		(error = petory__pg_get_int64(&rec->created_at, r, row, 6)) <
			0 ||
		(error = petory__pg_get_int64(&rec->updated_at, r, row, 7)) <
			0) {
		free(day);
		return error;
	}
	if (day)
		snprintf(rec->date, sizeof(rec->date), "%s", day);
	free(day);
	return 0;
}

/* $2..$5: date, weight, length (NULL: none), note. */
static void param_fields(petory__pg_params *p, const petory_growth_record *rec)
{
	petory__pg_param_text(p, rec->date);
	petory__pg_param_int64(p, rec->weight_cg);
	if (rec->length_mm > 0)
		petory__pg_param_int64(p, rec->length_mm);
	else
		petory__pg_param_null(p);
	petory__pg_param_text(p, rec->note);
}

int petory__pg_growth_insert(
	petory_store *st, petory_growth_record *rec, petory_time_ms now)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int64_t id = 0;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, rec->pet_id);
	param_fields(&p, rec);
	petory__pg_param_int64(&p, now);
	if ((error = petory__pg_run(&r, PETORY__PG_POOL(st),
		     PETORY__PG_STMT_GROWTH_INSERT, &p)) < 0)
		return error;
	error = petory__pg_get_int64(&id, r, 0, 0);
	PQclear(r);
	if (error)
		return error;
	rec->id = id;
	rec->created_at = rec->updated_at = now;
	return 0;
}

int petory__pg_growth_get(
	petory_growth_record **out, petory_store *st, int64_t id)
{
	petory__pg_params p;
	PGresult *r = NULL;
	petory_growth_record *rec;
	int error;
	*out = NULL;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	if ((error = petory__pg_run(&r, PETORY__PG_POOL(st),
		     PETORY__PG_STMT_GROWTH_GET, &p)) < 0)
		return error;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return growth_not_found();
	}
	if (!(rec = calloc(1, sizeof(*rec)))) {
		PQclear(r);
		return petory__error_oom();
	}
	error = read_growth(rec, r, 0);
	PQclear(r);
	if (error) {
		petory_growth_record_free(rec);
		return error;
	}
	*out = rec;
	return 0;
}

int petory__pg_growth_list(petory_growth_record **out, size_t *count_out,
	petory_store *st, int64_t pet_id, const char *from, const char *to)
{
	petory__pg_params p;
	PGresult *r = NULL;
	void *rows = NULL;
	size_t count = 0;
	int error;
	*out = NULL;
	*count_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, pet_id);
	petory__pg_param_text(&p, from);
	petory__pg_param_text(&p, to);
	if ((error = petory__pg_run(&r, PETORY__PG_POOL(st),
		     PETORY__PG_STMT_GROWTH_LIST, &p)) < 0)
		return error;
	error = petory__pg_read_rows(
		&rows, &count, r, sizeof(petory_growth_record), read_growth);
	PQclear(r);
	if (error) {
		petory__growth_records_free(rows, count);
		return error;
	}
	*out = rows;
	*count_out = count;
	return 0;
}

int petory__pg_growth_update(
	petory_store *st, petory_growth_record *rec, petory_time_ms now)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, rec->id);
	param_fields(&p, rec);
	petory__pg_param_int64(&p, now);
	if ((error = petory__pg_run(&r, PETORY__PG_POOL(st),
		     PETORY__PG_STMT_GROWTH_UPDATE, &p)) < 0)
		return error;
	if (petory__pg_changes(r) == 0)
		error = growth_not_found();
	else
		rec->updated_at = now;
	PQclear(r);
	return error;
}

int petory__pg_growth_delete(petory_store *st, int64_t id)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	if ((error = petory__pg_run(&r, PETORY__PG_POOL(st),
		     PETORY__PG_STMT_GROWTH_DELETE, &p)) < 0)
		return error;
	if (petory__pg_changes(r) == 0)
		error = growth_not_found();
	PQclear(r);
	return error;
}
