/* daily.c -- the PostgreSQL daily table of petory_store: the questions of
 * the day and the users' answers; the twin of store/sqlite/daily.c.
 *
 * Facts only: an absent question or answer is ENOTFOUND, a date another
 * question holds or a second answer of a user to a question on the same
 * day is EEXISTS (unique indexes), an answer to a question or of a user
 * that does not exist is ENOTFOUND (a foreign key), and a status change
 * or an edit whose compare-and-set on the status (from_mask, in the
 * UPDATE's WHERE) finds the row in another state is ECONFLICT.
 * domain/daily.c turns them into the API's answers.  The shipped
 * questions load in one transaction, skipping dates taken (ON CONFLICT DO
 * NOTHING, so a load racing another adds each date once).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_rows.h"

/* Text column col of row into the fixed buffer buf (empty when NULL). */
static void get_fixed(
	char *buf, size_t size, const PGresult *r, int row, int col)
{
	snprintf(buf, size, "%s",
		petory__pg_is_null(r, row, col) ? "" : PQgetvalue(r, row, col));
}

/* The status in column col of row. */
static int read_status(
	petory_daily_status *status, const PGresult *r, int row, int col)
{
	int64_t v = 0;
	int error = petory__pg_get_int64(&v, r, row, col);
	*status = (petory_daily_status)v;
	return error;
}

/* ---- questions ---- */

static int read_question(void *obj, const PGresult *r, int row)
{
	petory_daily_question *q = obj;
	int error;
	memset(q, 0, sizeof(*q));
	get_fixed(q->date, sizeof(q->date), r, row, 1);
	if ((error = petory__pg_get_int64(&q->id, r, row, 0)) < 0 ||
		(error = petory__pg_get_text(&q->question, r, row, 2)) < 0 ||
		(error = petory__pg_get_text(&q->question_en, r, row, 3)) < 0 ||
		(error = read_status(&q->status, r, row, 4)) < 0 ||
		(error = petory__pg_get_int64(&q->created_at, r, row, 5)) < 0 ||
		(error = petory__pg_get_int64(&q->updated_at, r, row, 6)) < 0)
		return error;
	return petory__pg_get_int64(&q->deleted_at, r, row, 7);
}

typedef struct load_run {
	const petory_daily_question *rows;
	size_t count;
	petory_time_ms now;
	int64_t inserted; /* of the last run */
} load_run;

static int load_body(petory__pg_conn *conn, void *payload)
{
	load_run *l = payload;
	PGresult *r = NULL;
	size_t i;
	int error;
	l->inserted = 0;
	for (i = 0; i < l->count; i++) {
		petory__pg_params p;
		petory__pg_params_init(&p);
		petory__pg_param_text(&p, l->rows[i].date);
		petory__pg_param_text(&p, l->rows[i].question);
		petory__pg_param_text(&p, l->rows[i].question_en);
		petory__pg_param_int64(&p, l->now);
		if ((error = petory__pg_exec(
			     &r, conn, PETORY__PG_STMT_DQ_LOAD, &p)) < 0)
			return error;
		l->inserted += petory__pg_changes(r);
		PQclear(r);
	}
	return 0;
}

static int daily_question_load(int64_t *inserted_out, petory_store *st,
	const petory_daily_question *rows, size_t count, petory_time_ms now)
{
	load_run l = { rows, count, now, 0 };
	int error = petory__pg_transact(
		PETORY__PG_POOL(st), PETORY__PG_READ_COMMITTED, load_body, &l);
	*inserted_out = error ? 0 : l.inserted;
	return error;
}

/* EEXISTS from an insert or update of a question: its date is taken. */
static int date_taken(int error)
{
	if (error == PETORY_EEXISTS)
		return petory_error_set(PETORY_EEXISTS, NULL,
			"another question holds this date");
	return error;
}

static int daily_question_insert(petory_store *st, petory_daily_question *q)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error = 0;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, q->date);
	petory__pg_param_text(&p, q->question);
	petory__pg_param_text(&p, q->question_en);
	petory__pg_param_int64(&p, (int64_t)q->status);
	petory__pg_param_int64(&p, q->created_at);
	PETORY__PG_WITH_CONN(st, conn, error, {
		error = date_taken(petory__pg_exec(
			&r, conn, PETORY__PG_STMT_DQ_INSERT, &p));
		if (!error)
			error = petory__pg_get_int64(&q->id, r, 0, 0);
		PQclear(r);
	});
	return error;
}

/* One row of `id` (params: its key) read into a new record; ENOTFOUND
 * names `what`. */
static int fetch(void **out, petory_store *st, petory__pg_stmt_id id,
	const petory__pg_params *p, size_t item_size,
	petory__pg_row_reader read, void (*free_fn)(void *), const char *what)
{
	int error = 0;
	*out = NULL;
	PETORY__PG_WITH_CONN(st, conn, error, {
		error = petory__pg_fetch_one(
			out, conn, id, p, item_size, read, free_fn, what);
	});
	return error;
}

static void question_free(void *q)
{
	petory_daily_question_free(q);
}

static int daily_question_get(
	petory_daily_question **out, petory_store *st, int64_t id)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	return fetch((void **)out, st, PETORY__PG_STMT_DQ_BY_ID, &p,
		sizeof(**out), read_question, question_free, "question");
}

static int daily_question_by_date(
	petory_daily_question **out, petory_store *st, const char *date)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, date);
	return fetch((void **)out, st, PETORY__PG_STMT_DQ_BY_DATE, &p,
		sizeof(**out), read_question, question_free,
		"question for that date");
}

/* Run `id` (params), a compare-and-set UPDATE of row `row` that must
 * change one row: ENOTFOUND when the row is absent (row_by_id), ECONFLICT
 * when its status is not in the expected set. */
static int cas_update(petory_store *st, petory__pg_stmt_id id,
	const petory__pg_params *p, petory__pg_stmt_id row_by_id, int64_t row,
	const char *what)
{
	PGresult *r = NULL;
	int error = 0;
	PETORY__PG_WITH_CONN(st, conn, error, {
		if ((error = petory__pg_exec(&r, conn, id, p)) < 0)
			break;
		if (petory__pg_changes(r) == 0)
			error = petory__pg_cas_missed(
				conn, row_by_id, row, what);
		PQclear(r);
	});
	return error;
}

static int daily_question_update(
	petory_store *st, const petory_daily_question *q, unsigned from_mask)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, q->id);
	petory__pg_param_text(&p, q->date);
	petory__pg_param_text(&p, q->question);
	petory__pg_param_text(&p, q->question_en);
	petory__pg_param_int64(&p, q->updated_at);
	petory__pg_param_int64(&p, (int64_t)from_mask);
	return date_taken(cas_update(st, PETORY__PG_STMT_DQ_UPDATE, &p,
		PETORY__PG_STMT_DQ_BY_ID, q->id, "question"));
}

/* A status move of row id by `stmt` ($1 id, $2 from_mask, $3 to, $4
 * now). */
static int set_status(petory_store *st, petory__pg_stmt_id stmt,
	petory__pg_stmt_id row_by_id, int64_t id, unsigned from_mask,
	petory_daily_status to, petory_time_ms now, const char *what)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	petory__pg_param_int64(&p, (int64_t)from_mask);
	petory__pg_param_int64(&p, (int64_t)to);
	petory__pg_param_int64(&p, now);
	return cas_update(st, stmt, &p, row_by_id, id, what);
}

static int daily_question_set_status(petory_store *st, int64_t id,
	unsigned from_mask, petory_daily_status to, petory_time_ms now)
{
	return set_status(st, PETORY__PG_STMT_DQ_SET_STATUS,
		PETORY__PG_STMT_DQ_BY_ID, id, from_mask, to, now, "question");
}

/* A page of `list` counted by `count`, both filtered by p. */
static int page(void **items, size_t *count_out, int64_t *total_out,
	petory_store *st, petory__pg_stmt_id count, petory__pg_stmt_id list,
	const petory__pg_params *p, int64_t offset, int64_t limit,
	size_t item_size, petory__pg_row_reader read)
{
	int error = 0;
	PETORY__PG_WITH_CONN(st, conn, error, {
		error = petory__pg_page(items, count_out, total_out, conn,
			count, list, p, offset, limit, item_size, read);
	});
	return error;
}

static int daily_question_list(petory_daily_question_page *out,
	petory_store *st, unsigned mask, int by_change, int64_t offset,
	int64_t limit)
{
	petory__pg_params p;
	void *items = NULL;
	int error;
	memset(out, 0, sizeof(*out));
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, (int64_t)mask);
	error = page(&items, &out->count, &out->total, st,
		PETORY__PG_STMT_DQ_COUNT,
		by_change ? PETORY__PG_STMT_DQ_LIST_BY_CHANGE
			  : PETORY__PG_STMT_DQ_LIST_BY_DATE,
		&p, offset, limit, sizeof(*out->items), read_question);
	out->items = items;
	if (error)
		petory_daily_question_page_dispose(out);
	return error;
}

/* ---- answers ---- */

static int read_answer(void *obj, const PGresult *r, int row)
{
	petory_daily_answer *a = obj;
	int error;
	memset(a, 0, sizeof(*a));
	get_fixed(a->day, sizeof(a->day), r, row, 4);
	if ((error = petory__pg_get_int64(&a->id, r, row, 0)) < 0 ||
		(error = petory__pg_get_int64(&a->question_id, r, row, 1)) <
			0 ||
		(error = petory__pg_get_int64(&a->user_id, r, row, 2)) < 0 ||
		(error = petory__pg_get_text(&a->answer, r, row, 3)) < 0 ||
		(error = read_status(&a->status, r, row, 5)) < 0 ||
		(error = petory__pg_get_int64(&a->created_at, r, row, 6)) < 0 ||
		(error = petory__pg_get_int64(&a->updated_at, r, row, 7)) < 0)
		return error;
	return petory__pg_get_int64(&a->deleted_at, r, row, 8);
}

static int daily_answer_insert(petory_store *st, petory_daily_answer *a)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, a->question_id);
	petory__pg_param_int64(&p, a->user_id);
	petory__pg_param_text(&p, a->answer);
	petory__pg_param_text(&p, a->day);
	petory__pg_param_int64(&p, a->created_at);
	PETORY__PG_WITH_CONN(st, conn, error, {
		error = petory__pg_exec(
			&r, conn, PETORY__PG_STMT_DA_INSERT, &p);
		if (error == PETORY_EEXISTS)
			error = petory_error_set(PETORY_EEXISTS, NULL,
				"the user already answered this question on "
				"%s",
				a->day);
		else if (error == PETORY_EBACKEND &&
			 petory__pg_fk_violated(conn))
			error = petory_error_set(PETORY_ENOTFOUND, NULL,
				"no question %lld or no user %lld",
				(long long)a->question_id,
				(long long)a->user_id);
		else if (!error)
			error = petory__pg_get_int64(&a->id, r, 0, 0);
		PQclear(r);
	});
	return error;
}

static void answer_free(void *a)
{
	petory_daily_answer_free(a);
}

static int daily_answer_get(
	petory_daily_answer **out, petory_store *st, int64_t id)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	return fetch((void **)out, st, PETORY__PG_STMT_DA_BY_ID, &p,
		sizeof(**out), read_answer, answer_free, "answer");
}

static int daily_answer_update(petory_store *st, int64_t id, unsigned from_mask,
	const char *answer, petory_time_ms now)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	petory__pg_param_int64(&p, (int64_t)from_mask);
	petory__pg_param_text(&p, answer);
	petory__pg_param_int64(&p, now);
	return cas_update(st, PETORY__PG_STMT_DA_UPDATE_TEXT, &p,
		PETORY__PG_STMT_DA_BY_ID, id, "answer");
}

static int daily_answer_set_status(petory_store *st, int64_t id,
	unsigned from_mask, petory_daily_status to, petory_time_ms now)
{
	return set_status(st, PETORY__PG_STMT_DA_SET_STATUS,
		PETORY__PG_STMT_DA_BY_ID, id, from_mask, to, now, "answer");
}

static int daily_answer_list(petory_daily_answer_page *out, petory_store *st,
	int64_t user_id, int64_t question_id, petory_daily_status status,
	int64_t offset, int64_t limit)
{
	petory__pg_params p;
	void *items = NULL;
	int error;
	memset(out, 0, sizeof(*out));
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, user_id);
	petory__pg_param_int64(&p, question_id);
	petory__pg_param_int64(&p, (int64_t)status);
	error = page(&items, &out->count, &out->total, st,
		PETORY__PG_STMT_DA_COUNT, PETORY__PG_STMT_DA_LIST, &p, offset,
		limit, sizeof(*out->items), read_answer);
	out->items = items;
	if (error)
		petory_daily_answer_page_dispose(out);
	return error;
}

const petory_store_daily petory__pg_daily = {
	.version = PETORY_STORE_DAILY_VERSION,
	.daily_question_load = daily_question_load,
	.daily_question_insert = daily_question_insert,
	.daily_question_get = daily_question_get,
	.daily_question_by_date = daily_question_by_date,
	.daily_question_update = daily_question_update,
	.daily_question_set_status = daily_question_set_status,
	.daily_question_list = daily_question_list,
	.daily_answer_insert = daily_answer_insert,
	.daily_answer_get = daily_answer_get,
	.daily_answer_update = daily_answer_update,
	.daily_answer_set_status = daily_answer_set_status,
	.daily_answer_list = daily_answer_list,
};
