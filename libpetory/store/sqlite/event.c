/* event.c -- the SQLite events table of petory_store: calendar events
 * and the reminders sent for their occurrences.
 *
 * Every statement names the owner: an event of another user is simply
 * absent (ENOTFOUND, no reason: domain/event.c answers for the API).  The
 * recurrence lines are kept as a JSON array of strings.  A reminder is
 * noted per (event, occurrence start) in the transaction that inserts its
 * notification, so each one is sent once.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/sqlite/sqlite_internal.h"

#define WITH_CONN PETORY__WITH_STORE_CONN

static int read_event(petory_event *e, sqlite3_stmt *s)
{
	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(s, 0);
	e->user_id = sqlite3_column_int64(s, 1);
	e->title = petory__column_strdup(s, 2);
	e->description = petory__column_strdup(s, 3);
	e->color = petory__column_strdup(s, 4);
	e->time_zone = petory__column_strdup(s, 5);
	e->all_day = sqlite3_column_int(s, 6);
	e->start_local = petory__column_strdup(s, 7);
	e->end_local = petory__column_strdup(s, 8);
	e->start_at = sqlite3_column_int64(s, 9);
	e->end_at = sqlite3_column_int64(s, 10);
	e->remind_before = sqlite3_column_type(s, 12) == SQLITE_NULL
				   ? -1
				   : sqlite3_column_int64(s, 12);
	e->created_at = sqlite3_column_int64(s, 13);
	e->updated_at = sqlite3_column_int64(s, 14);
	e->pet_id = sqlite3_column_int64(s, 15);
	if (!e->title || !e->time_zone || !e->start_local || !e->end_local)
		return petory__error_oom();
	return petory__event_recurrence_read(
		e, (const char *)sqlite3_column_text(s, 11));
}

/* Bind the fields shared by insert (from 2) and update (from 3). */
static void bind_fields(
	sqlite3_stmt *s, int at, const petory_event *e, const char *recurrence)
{
	petory__bind_text_or_null(s, at, e->title);
	petory__bind_text_or_null(s, at + 1, e->description);
	petory__bind_text_or_null(s, at + 2, e->color);
	petory__bind_text_or_null(s, at + 3, e->time_zone);
	sqlite3_bind_int(s, at + 4, e->all_day ? 1 : 0);
	petory__bind_text_or_null(s, at + 5, e->start_local);
	petory__bind_text_or_null(s, at + 6, e->end_local);
	sqlite3_bind_int64(s, at + 7, e->start_at);
	sqlite3_bind_int64(s, at + 8, e->end_at);
	petory__bind_text_or_null(s, at + 9, recurrence);
	if (e->remind_before >= 0)
		sqlite3_bind_int64(s, at + 10, e->remind_before);
	else
		sqlite3_bind_null(s, at + 10);
}

static void bind_pet(sqlite3_stmt *s, int at, const petory_event *e)
{
	if (e->pet_id > 0)
		sqlite3_bind_int64(s, at, e->pet_id);
	else
		sqlite3_bind_null(s, at);
}

static void bind_series(
	sqlite3_stmt *s, int at, petory_time_ms start, petory_time_ms end)
{
	sqlite3_bind_int64(s, at, start);
	if (end == INT64_MAX)
		sqlite3_bind_null(s, at + 1);
	else
		sqlite3_bind_int64(s, at + 1, end);
}

/* ENOTFOUND (no reason): no event id of user_id. */
static int no_event(int64_t user_id, int64_t id)
{
	return petory_error_set(PETORY_ENOTFOUND, NULL,
		"no event %lld of user %lld", (long long)id,
		(long long)user_id);
}

/* A foreign key of an event that names nothing: its user or its pet. */
static int owner_or_pet_absent(
	int error, petory__conn *conn, const petory_event *e)
{
	if (error == PETORY_EBACKEND && sqlite3_extended_errcode(conn->db) ==
						SQLITE_CONSTRAINT_FOREIGNKEY)
		return petory_error_set(PETORY_ENOTFOUND, NULL,
			"no user %lld or no pet %lld", (long long)e->user_id,
			(long long)e->pet_id);
	return error;
}

/* Insert e on conn (recurrence: its lines as JSON) and set e->id. */
static int insert_on(petory__conn *conn, petory_event *e,
	const char *recurrence, petory_time_ms series_start,
	petory_time_ms series_end)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_EVENT_INSERT);
	int error;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, e->user_id);
	bind_fields(s, 2, e, recurrence);
	sqlite3_bind_int64(s, 13, e->created_at);
	bind_series(s, 14, series_start, series_end);
	bind_pet(s, 16, e);
	error = owner_or_pet_absent(petory__step_done(conn, s, 0), conn, e);
	if (!error)
		e->id = sqlite3_last_insert_rowid(conn->db);
	return error;
}

static int event_insert(petory_store *st, petory_event *e,
	petory_time_ms series_start, petory_time_ms series_end)
{
	char *recurrence = petory__event_recurrence_json(e);
	int error = 0;
	if (e->recurrence_count && !recurrence)
		return petory__error_oom();
	WITH_CONN(st, conn, {
		error = insert_on(
			conn, e, recurrence, series_start, series_end);
	});
	free(recurrence);
	return error;
}

/* Inside a transaction: how many events user_id keeps. */
static int count_of_user(petory__conn *conn, int64_t user_id, int64_t *out)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_EVENT_COUNT_OF_USER);
	int rc;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, user_id);
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	petory__stmt_done(s);
	return rc == SQLITE_ROW
		       ? 0
		       : petory__sqlite_error(conn, rc, "count events");
}

static int event_insert_capped(int *inserted_out, petory_store *st,
	petory_event *e, petory_time_ms series_start, petory_time_ms series_end,
	int64_t max_events)
{
	char *recurrence = petory__event_recurrence_json(e);
	int64_t kept = 0;
	int error = 0;
	*inserted_out = 0;
	if (e->recurrence_count && !recurrence)
		return petory__error_oom();
	WITH_CONN(st, conn, {
		/* BEGIN IMMEDIATE: one writer at a time counts and inserts. */
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = count_of_user(conn, e->user_id, &kept);
		if (!error && kept < max_events &&
			!(error = insert_on(conn, e, recurrence, series_start,
				  series_end)))
			*inserted_out = 1;
		if ((error = petory__tx_end(conn, error)) < 0)
			*inserted_out = 0;
	});
	free(recurrence);
	return error;
}

static int event_update(petory_store *st, const petory_event *e,
	petory_time_ms series_start, petory_time_ms series_end)
{
	char *recurrence = petory__event_recurrence_json(e);
	int error = 0;
	if (e->recurrence_count && !recurrence)
		return petory__error_oom();
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_EVENT_UPDATE);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, e->id);
		sqlite3_bind_int64(s, 2, e->user_id);
		bind_fields(s, 3, e, recurrence);
		sqlite3_bind_int64(s, 14, e->updated_at);
		bind_series(s, 15, series_start, series_end);
		bind_pet(s, 17, e);
		error = petory__step_done(conn, s, 1);
		if (error == PETORY_ENOTFOUND)
			error = no_event(e->user_id, e->id);
		else
			error = owner_or_pet_absent(error, conn, e);
	});
	free(recurrence);
	return error;
}

static int event_get(
	petory_event **out, petory_store *st, int64_t user_id, int64_t id)
{
	int error = 0;
	*out = NULL;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_EVENT_GET);
		petory_event *e;
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, user_id);
		sqlite3_bind_int64(s, 2, id);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			if (!(e = calloc(1, sizeof(*e))))
				error = petory__error_oom();
			else if ((error = read_event(e, s)) < 0)
				petory_event_free(e);
			else
				*out = e;
		} else if (rc == SQLITE_DONE) {
			error = no_event(user_id, id);
		} else {
			error = petory__sqlite_error(conn, rc, "event_get");
		}
		petory__stmt_done(s);
	});
	return error;
}

static int event_delete(petory_store *st, int64_t user_id, int64_t id)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_EVENT_DELETE);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, user_id);
		sqlite3_bind_int64(s, 2, id);
		if ((error = petory__step_done(conn, s, 1)) == PETORY_ENOTFOUND)
			error = no_event(user_id, id);
	});
	return error;
}

/* Step s (bound) to the end, reading every row into a new array. */
static int read_events(petory__conn *conn, sqlite3_stmt *s, petory_event **out,
	size_t *count_out)
{
	petory_event *list = NULL;
	size_t n = 0;
	size_t cap = 0;
	int rc, error = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			petory_event *grown;
			cap = cap ? 2 * cap : 16;
			if (!(grown = realloc(list, cap * sizeof(*list)))) {
				error = petory__error_oom();
				break;
			}
			list = grown;
		}
		if ((error = read_event(&list[n++], s)) < 0)
			break;
	}
	if (!error && rc != SQLITE_DONE)
		error = petory__sqlite_error(conn, rc, "event_list");
	petory__stmt_done(s);
	if (error) {
		petory__event_array_free(list, n);
		return error;
	}
	*out = list;
	*count_out = n;
	return 0;
}

static int event_list_overlapping(petory_event **out, size_t *count_out,
	petory_store *st, int64_t user_id, petory_time_ms from,
	petory_time_ms to)
{
	int error = 0;
	*out = NULL;
	*count_out = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_EVENT_OVERLAPPING);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, user_id);
		sqlite3_bind_int64(s, 2, from);
		sqlite3_bind_int64(s, 3, to);
		error = read_events(conn, s, out, count_out);
	});
	return error;
}

static int event_list_reminding(petory_event **out, size_t *count_out,
	petory_store *st, petory_time_ms from, petory_time_ms to)
{
	int error = 0;
	*out = NULL;
	*count_out = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_EVENT_REMINDING);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, from);
		sqlite3_bind_int64(s, 2, to);
		error = read_events(conn, s, out, count_out);
	});
	return error;
}

/* Inside a transaction: mark, then notify when the mark is new.  An
 * absent event or user is ENOTFOUND. */
static int record_locked(petory__conn *conn, int *created_out, int64_t event_id,
	petory_time_ms occurrence_start, petory_notification *n)
{
	sqlite3_stmt *mark =
		petory__stmt(conn, PETORY__STMT_EVENT_REMINDER_MARK);
	int error;
	if (!mark)
		return petory_error_last()->code;
	sqlite3_bind_int64(mark, 1, event_id);
	sqlite3_bind_int64(mark, 2, occurrence_start);
	sqlite3_bind_int64(mark, 3, n->created_at);
	error = petory__sqlite_notify_once(conn, mark, n, created_out);
	if (error == PETORY_EBACKEND && sqlite3_extended_errcode(conn->db) ==
						SQLITE_CONSTRAINT_FOREIGNKEY)
		error = petory_error_set(PETORY_ENOTFOUND, NULL,
			"no event %lld or no user %lld", (long long)event_id,
			(long long)n->user_id);
	return error;
}

static int event_reminder_record(int *created_out, petory_store *st,
	int64_t event_id, petory_time_ms occurrence_start,
	petory_notification *n)
{
	int error = 0;
	*created_out = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(
			conn, record_locked(conn, created_out, event_id,
				      occurrence_start, n));
		if (error)
			*created_out = 0;
	});
	return error;
}

const petory_store_events petory__sqlite_events = {
	.version = PETORY_STORE_EVENTS_VERSION,
	.event_insert = event_insert,
	.event_update = event_update,
	.event_get = event_get,
	.event_delete = event_delete,
	.event_list_overlapping = event_list_overlapping,
	.event_list_reminding = event_list_reminding,
	.event_reminder_record = event_reminder_record,
	.event_insert_capped = event_insert_capped,
};
