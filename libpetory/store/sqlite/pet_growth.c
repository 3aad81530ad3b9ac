/* pet_growth.c -- the SQLite side of the growth diary (methods of the
 * pets table, version 2; pet.c lists them in petory__sqlite_pets).
 *
 * One record per pet and date: UNIQUE(pet_id, day) makes a second insert
 * or a move onto a taken date EEXISTS, whichever of two racing writes
 * comes second.  Single-statement writes need no transaction.  Methods
 * report facts (ENOTFOUND, EEXISTS); domain/pet_growth.c names them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_internal.h"

#define WITH_CONN PETORY__WITH_STORE_CONN

static int growth_not_found(void)
{
	return petory_error_set(
		PETORY_ENOTFOUND, NULL, "no such growth record");
}

/* Columns 0..7 of PETORY__GROWTH_COLUMNS into rec (the note copied). */
static int read_growth(petory_growth_record *rec, sqlite3_stmt *s)
{
	const unsigned char *day = sqlite3_column_text(s, 2);
	memset(rec, 0, sizeof(*rec));
	rec->id = sqlite3_column_int64(s, 0);
	rec->pet_id = sqlite3_column_int64(s, 1);
	if (day)
		snprintf(rec->date, sizeof(rec->date), "%s", (const char *)day);
	rec->weight_cg = sqlite3_column_int64(s, 3);
	rec->length_mm = sqlite3_column_int64(s, 4); /* NULL reads 0 */
	rec->created_at = sqlite3_column_int64(s, 6);
	rec->updated_at = sqlite3_column_int64(s, 7);
	return petory__column_text(&rec->note, s, 5);
}

static void bind_fields(sqlite3_stmt *s, const petory_growth_record *rec)
{
	sqlite3_bind_text(s, 2, rec->date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, rec->weight_cg);
	if (rec->length_mm > 0)
		sqlite3_bind_int64(s, 4, rec->length_mm);
	else
		sqlite3_bind_null(s, 4);
	petory__bind_text_or_null(s, 5, rec->note);
}

int petory__sqlite_growth_insert(
	petory_store *st, petory_growth_record *rec, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_GROWTH_INSERT);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, rec->pet_id);
		bind_fields(s, rec);
		sqlite3_bind_int64(s, 6, now);
		if ((error = petory__step_done(conn, s, 0)) == 0) {
			rec->id = sqlite3_last_insert_rowid(conn->db);
			rec->created_at = rec->updated_at = now;
		}
	});
	return error;
}

int petory__sqlite_growth_get(
	petory_growth_record **out, petory_store *st, int64_t id)
{
	petory_growth_record *rec;
	int error = 0;
	*out = NULL;
	if (!(rec = calloc(1, sizeof(*rec))))
		return petory__error_oom();
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_GROWTH_GET);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, id);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			error = read_growth(rec, s);
		else if (rc == SQLITE_DONE)
			error = growth_not_found();
		else
			error = petory__sqlite_error(conn, rc, "growth_get");
		petory__stmt_done(s);
	});
	if (error) {
		petory_growth_record_free(rec);
		return error;
	}
	*out = rec;
	return 0;
}

int petory__sqlite_growth_list(petory_growth_record **out, size_t *count_out,
	petory_store *st, int64_t pet_id, const char *from, const char *to)
{
	petory_growth_record *rows = NULL;
	size_t count = 0, cap = 0;
	int error = 0;
	*out = NULL;
	*count_out = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_GROWTH_LIST);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, pet_id);
		petory__bind_text_or_null(s, 2, from);
		petory__bind_text_or_null(s, 3, to);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			if (count == cap) {
				petory_growth_record *grown;
				cap = cap ? 2 * cap : 16;
				if (!(grown = realloc(
					      rows, cap * sizeof(*rows)))) {
					error = petory__error_oom();
					break;
				}
				rows = grown;
			}
			if ((error = read_growth(&rows[count++], s)) < 0)
				break;
		}
		if (!error && rc != SQLITE_DONE)
			error = petory__sqlite_error(conn, rc, "growth_list");
		petory__stmt_done(s);
	});
	if (error) {
		petory__growth_records_free(rows, count);
		return error;
	}
	*out = rows;
	*count_out = count;
	return 0;
}

int petory__sqlite_growth_update(
	petory_store *st, petory_growth_record *rec, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_GROWTH_UPDATE);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, rec->id);
		bind_fields(s, rec);
		sqlite3_bind_int64(s, 6, now);
		error = petory__step_done(conn, s, 1);
		if (error == PETORY_ENOTFOUND)
			error = growth_not_found();
		else if (!error)
			rec->updated_at = now;
	});
	return error;
}

int petory__sqlite_growth_delete(petory_store *st, int64_t id)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_GROWTH_DELETE);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, id);
		error = petory__step_done(conn, s, 1);
		if (error == PETORY_ENOTFOUND)
			error = growth_not_found();
	});
	return error;
}
