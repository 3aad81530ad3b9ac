/* rows.c -- the row helpers shared by the PostgreSQL tables (pg_rows.h).
 *
 * Invariants: a reader is given a zeroed record and its row; every record
 * handed back is counted in *count_out before it is read, so a caller
 * disposing of a failed read frees the half-read one too; nothing here
 * keeps a PGresult past its return.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_rows.h"

bool petory__pg_fk_violated(const petory__pg_conn *conn)
{
	return strcmp(conn->sqlstate, "23503") == 0;
}

int petory__pg_cas_missed(petory__pg_conn *conn, petory__pg_stmt_id row_by_id,
	int64_t id, const char *what)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	if ((error = petory__pg_exec(&r, conn, row_by_id, &p)) < 0)
		return error;
	if (PQntuples(r) > 0)
		error = petory_error_set(PETORY_ECONFLICT, NULL,
			"%s %lld is not in an expected state", what,
			(long long)id);
	else
		error = petory_error_set(PETORY_ENOTFOUND, NULL, "no %s %lld",
			what, (long long)id);
	PQclear(r);
	return error;
}

int petory__pg_fetch_one(void **out, petory__pg_conn *conn,
	petory__pg_stmt_id id, const petory__pg_params *params,
	size_t item_size, petory__pg_row_reader read, void (*free_fn)(void *),
	const char *what)
{
	PGresult *r = NULL;
	int error;
	*out = NULL;
	if ((error = petory__pg_exec(&r, conn, id, params)) < 0)
		return error;
	if (PQntuples(r) == 0)
		error = petory_error_set(
			PETORY_ENOTFOUND, NULL, "no such %s", what);
	else if (!(*out = calloc(1, item_size)))
		error = petory__error_oom();
	else if ((error = read(*out, r, 0)) < 0) {
		free_fn(*out);
		*out = NULL;
	}
	PQclear(r);
	return error;
}

int petory__pg_read_rows(void **out, size_t *count_out, const PGresult *r,
	size_t item_size, petory__pg_row_reader read)
{
	int rows = PQntuples(r), i, error = 0;
	char *items;
	*out = NULL;
	*count_out = 0;
	if (rows == 0)
		return 0;
	if (!(items = calloc((size_t)rows, item_size)))
		return petory__error_oom();
	*out = items;
	for (i = 0; i < rows; i++) {
		*count_out = (size_t)i + 1;
		if ((error = read(items + (size_t)i * item_size, r, i)) < 0)
			break;
	}
	return error;
}

int petory__pg_query_int64(int64_t *a, int64_t *b, petory__pg_conn *conn,
	petory__pg_stmt_id id, const petory__pg_params *params)
{
	PGresult *r = NULL;
	int error;
	*a = 0;
	if (b)
		*b = 0;
	if ((error = petory__pg_exec(&r, conn, id, params)) < 0)
		return error;
	if (PQntuples(r) == 0) {
		petory__log(PETORY_LOG_ERROR, "postgres: %s returned no row",
			petory__pg_stmt_name(id));
		error = petory_error_set(
			PETORY_EBACKEND, NULL, "storage failure");
	} else if ((error = petory__pg_get_int64(a, r, 0, 0)) == 0 && b)
		error = petory__pg_get_int64(b, r, 0, 1);
	PQclear(r);
	return error;
}
