/* daily.c -- the SQLite daily table of petory_store: the questions of the
 * day and the users' answers.
 *
 * Facts only: an absent question or answer is ENOTFOUND, a date another
 * question holds or a second answer of a user to a question on the same
 * day is EEXISTS (unique indexes), and a status change or an edit whose
 * compare-and-set on the status (from_mask) finds the row in another
 * state is ECONFLICT.  domain/daily.c turns them into the API's answers.
 * The shipped questions load in one transaction, skipping dates taken.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_internal.h"

#define WITH_CONN PETORY__WITH_STORE_CONN

/* ---- questions ---- */

static int read_question(void *obj, sqlite3_stmt *s)
{
	petory_daily_question *q = obj;
	const unsigned char *date = sqlite3_column_text(s, 1);
	memset(q, 0, sizeof(*q));
	q->id = sqlite3_column_int64(s, 0);
	if (date)
		snprintf(q->date, sizeof(q->date), "%s", (const char *)date);
	q->question = petory__column_strdup(s, 2);
	q->question_en = petory__column_strdup(s, 3);
	q->status = (petory_daily_status)sqlite3_column_int(s, 4);
	q->created_at = sqlite3_column_int64(s, 5);
	q->updated_at = sqlite3_column_int64(s, 6);
	q->deleted_at = sqlite3_column_int64(s, 7);
	return q->question && q->question_en ? 0 : petory__error_oom();
}

/* Inside a transaction: insert the rows whose date is free. */
static int load_locked(int64_t *inserted, petory__conn *conn,
	const petory_daily_question *rows, size_t count, petory_time_ms now)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_DQ_LOAD);
	size_t i;
	int error;
	if (!s)
		return petory_error_last()->code;
	for (i = 0; i < count; i++) {
		sqlite3_bind_text(s, 1, rows[i].date, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, rows[i].question, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, rows[i].question_en, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 4, now);
		if ((error = petory__step_done(conn, s, 0)) < 0)
			return error;
		*inserted += sqlite3_changes(conn->db);
	}
	return 0;
}

static int daily_question_load(int64_t *inserted_out, petory_store *st,
	const petory_daily_question *rows, size_t count, petory_time_ms now)
{
	int error = 0;
	*inserted_out = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(conn,
			load_locked(inserted_out, conn, rows, count, now));
	});
	if (error)
		*inserted_out = 0;
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
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_DQ_INSERT);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_text(s, 1, q->date, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, q->question, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, q->question_en, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 4, (int)q->status);
		sqlite3_bind_int64(s, 5, q->created_at);
		error = date_taken(petory__step_done(conn, s, 0));
		if (!error)
			q->id = sqlite3_last_insert_rowid(conn->db);
	});
	return error;
}

/* One row of `id` (bound to key: an id, or a text when key_text) read
 * into a new record of item_size bytes; ENOTFOUND names `what`. */
static int fetch_one(void **out, petory_store *st, petory__stmt_id id,
	int64_t key, const char *key_text, size_t item_size,
	petory__row_reader read, void (*free_fn)(void *), const char *what)
{
	int error = 0;
	*out = NULL;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, id);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		if (key_text)
			sqlite3_bind_text(s, 1, key_text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_int64(s, 1, key);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			if (!(*out = malloc(item_size)))
				error = petory__error_oom();
			else if ((error = read(*out, s)) < 0) {
				free_fn(*out);
				*out = NULL;
			}
		} else if (rc == SQLITE_DONE) {
			error = key_text ? petory_error_set(PETORY_ENOTFOUND,
						   NULL, "no %s for %s", what,
						   key_text)
					 : petory_error_set(PETORY_ENOTFOUND,
						   NULL, "no %s %lld", what,
						   (long long)key);
		} else {
			error = petory__sqlite_error(conn, rc, what);
		}
		petory__stmt_done(s);
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
	return fetch_one((void **)out, st, PETORY__STMT_DQ_BY_ID, id, NULL,
		sizeof(**out), read_question, question_free, "question");
}

static int daily_question_by_date(
	petory_daily_question **out, petory_store *st, const char *date)
{
	return fetch_one((void **)out, st, PETORY__STMT_DQ_BY_DATE, 0, date,
		sizeof(**out), read_question, question_free, "question");
}

/* Step s, a compare-and-set UPDATE of row `id` (bound), that must change
 * one row: ENOTFOUND when the row is absent, ECONFLICT when its status is
 * not in the expected set. */
static int cas_step(petory__conn *conn, sqlite3_stmt *s,
	petory__stmt_id row_by_id, int64_t id, const char *what)
{
	int error = petory__step_done(conn, s, 1);
	if (error == PETORY_ENOTFOUND)
		error = petory__sqlite_cas_missed(conn, row_by_id, id, what);
	return error;
}

static int daily_question_update(
	petory_store *st, const petory_daily_question *q, unsigned from_mask)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_DQ_UPDATE);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, q->id);
		sqlite3_bind_text(s, 2, q->date, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, q->question, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, q->question_en, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, q->updated_at);
		sqlite3_bind_int(s, 6, (int)from_mask);
		error = date_taken(cas_step(
			conn, s, PETORY__STMT_DQ_BY_ID, q->id, "question"));
	});
	return error;
}

static int set_status(petory_store *st, petory__stmt_id id,
	petory__stmt_id row_by_id, int64_t row, unsigned from_mask,
	petory_daily_status to, petory_time_ms now, const char *what)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, id);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, row);
		sqlite3_bind_int(s, 2, (int)from_mask);
		sqlite3_bind_int(s, 3, (int)to);
		sqlite3_bind_int64(s, 4, now);
		error = cas_step(conn, s, row_by_id, row, what);
	});
	return error;
}

static int daily_question_set_status(petory_store *st, int64_t id,
	unsigned from_mask, petory_daily_status to, petory_time_ms now)
{
	return set_status(st, PETORY__STMT_DQ_SET_STATUS, PETORY__STMT_DQ_BY_ID,
		id, from_mask, to, now, "question");
}

static int daily_question_list(petory_daily_question_page *out,
	petory_store *st, unsigned mask, int by_change, int64_t offset,
	int64_t limit)
{
	void *items = NULL;
	int error = 0;
	memset(out, 0, sizeof(*out));
	WITH_CONN(st, conn, {
		sqlite3_stmt *count = petory__stmt(conn, PETORY__STMT_DQ_COUNT);
		sqlite3_stmt *s = petory__stmt(
			conn, by_change ? PETORY__STMT_DQ_LIST_BY_CHANGE
					: PETORY__STMT_DQ_LIST_BY_DATE);
		if (!count || !s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int(count, 1, (int)mask);
		sqlite3_bind_int(s, 1, (int)mask);
		error = petory__sqlite_page(&items, &out->count, &out->total,
			conn, count, s, offset, limit, sizeof(*out->items),
			read_question, "questions");
	});
	out->items = items;
	if (error)
		petory_daily_question_page_dispose(out);
	return error;
}

/* ---- answers ---- */

static int read_answer(void *obj, sqlite3_stmt *s)
{
	petory_daily_answer *a = obj;
	const unsigned char *day = sqlite3_column_text(s, 4);
	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(s, 0);
	a->question_id = sqlite3_column_int64(s, 1);
	a->user_id = sqlite3_column_int64(s, 2);
	a->answer = petory__column_strdup(s, 3);
	if (day)
		snprintf(a->day, sizeof(a->day), "%s", (const char *)day);
	a->status = (petory_daily_status)sqlite3_column_int(s, 5);
	a->created_at = sqlite3_column_int64(s, 6);
	a->updated_at = sqlite3_column_int64(s, 7);
	a->deleted_at = sqlite3_column_int64(s, 8);
	return a->answer ? 0 : petory__error_oom();
}

static int daily_answer_insert(petory_store *st, petory_daily_answer *a)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_DA_INSERT);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, a->question_id);
		sqlite3_bind_int64(s, 2, a->user_id);
		sqlite3_bind_text(s, 3, a->answer, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, a->day, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, a->created_at);
		error = petory__step_done(conn, s, 0);
		if (error == PETORY_EEXISTS)
			error = petory_error_set(PETORY_EEXISTS, NULL,
				"the user already answered this question on "
				"%s",
				a->day);
		else if (error == PETORY_EBACKEND &&
			 sqlite3_extended_errcode(conn->db) ==
				 SQLITE_CONSTRAINT_FOREIGNKEY)
			error = petory_error_set(PETORY_ENOTFOUND, NULL,
				"no question %lld or no user %lld",
				(long long)a->question_id,
				(long long)a->user_id);
		else if (!error)
			a->id = sqlite3_last_insert_rowid(conn->db);
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
	return fetch_one((void **)out, st, PETORY__STMT_DA_BY_ID, id, NULL,
		sizeof(**out), read_answer, answer_free, "answer");
}

static int daily_answer_update(petory_store *st, int64_t id, unsigned from_mask,
	const char *answer, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_DA_UPDATE_TEXT);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, (int)from_mask);
		sqlite3_bind_text(s, 3, answer, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 4, now);
		error = cas_step(conn, s, PETORY__STMT_DA_BY_ID, id, "answer");
	});
	return error;
}

static int daily_answer_set_status(petory_store *st, int64_t id,
	unsigned from_mask, petory_daily_status to, petory_time_ms now)
{
	return set_status(st, PETORY__STMT_DA_SET_STATUS, PETORY__STMT_DA_BY_ID,
		id, from_mask, to, now, "answer");
}

static int daily_answer_list(petory_daily_answer_page *out, petory_store *st,
	int64_t user_id, int64_t question_id, petory_daily_status status,
	int64_t offset, int64_t limit)
{
	void *items = NULL;
	int error = 0;
	memset(out, 0, sizeof(*out));
	WITH_CONN(st, conn, {
		sqlite3_stmt *count = petory__stmt(conn, PETORY__STMT_DA_COUNT);
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_DA_LIST);
		if (!count || !s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(count, 1, user_id);
		sqlite3_bind_int64(count, 2, question_id);
		sqlite3_bind_int(count, 3, (int)status);
		sqlite3_bind_int64(s, 1, user_id);
		sqlite3_bind_int64(s, 2, question_id);
		sqlite3_bind_int(s, 3, (int)status);
		error = petory__sqlite_page(&items, &out->count, &out->total,
			conn, count, s, offset, limit, sizeof(*out->items),
			read_answer, "answers");
	});
	out->items = items;
	if (error)
		petory_daily_answer_page_dispose(out);
	return error;
}

const petory_store_daily petory__sqlite_daily = {
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
