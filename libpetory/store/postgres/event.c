/* event.c -- the PostgreSQL events table of petory_store: calendar events
 * and the reminders sent for their occurrences; the twin of
 * store/sqlite/event.c.
 *
 * Every statement names the owner: an event of another user is simply
 * absent (ENOTFOUND, no reason: domain/event.c answers for the API), and
 * so is an owner or a pet that a new or changed event names but that does
 * not exist (a foreign key).  The recurrence lines are kept as a JSON
 * array of strings, as SQLite keeps them (a copy moves the text as it
 * is).  A reminder is marked per (event, occurrence start) in the
 * transaction that inserts its notification (petory__pg_notify_once_tx),
 * so each one is sent once, however many racers record it.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/postgres/pg_notify.h"
#include "store/postgres/pg_rows.h"

static int read_event(void *obj, const PGresult *r, int row)
{
	petory_event *e = obj;
	int64_t all_day = 0;
	int error;
	memset(e, 0, sizeof(*e));
	if ((error = petory__pg_get_int64(&e->id, r, row, 0)) < 0 ||
		(error = petory__pg_get_int64(&e->user_id, r, row, 1)) < 0 ||
		(error = petory__pg_get_text(&e->title, r, row, 2)) < 0 ||
		(error = petory__pg_get_text(&e->description, r, row, 3)) < 0 ||
		(error = petory__pg_get_text(&e->color, r, row, 4)) < 0 ||
		(error = petory__pg_get_text(&e->time_zone, r, row, 5)) < 0 ||
		(error = petory__pg_get_int64(&all_day, r, row, 6)) < 0 ||
		(error = petory__pg_get_text(&e->start_local, r, row, 7)) < 0 ||
		(error = petory__pg_get_text(&e->end_local, r, row, 8)) < 0 ||
		(error = petory__pg_get_int64(&e->start_at, r, row, 9)) < 0 ||
		(error = petory__pg_get_int64(&e->end_at, r, row, 10)) < 0 ||
		(error = petory__pg_get_int64(&e->remind_before, r, row, 12)) <
			0 ||
		(error = petory__pg_get_int64(&e->created_at, r, row, 13)) <
			0 ||
		(error = petory__pg_get_int64(&e->updated_at, r, row, 14)) <
			0 ||
		(error = petory__pg_get_int64(&e->pet_id, r, row, 15)) < 0)
		return error;
	e->all_day = all_day != 0;
	if (petory__pg_is_null(r, row, 12))
		e->remind_before = -1;
	return petory__event_recurrence_read(e,
		petory__pg_is_null(r, row, 11) ? NULL : PQgetvalue(r, row, 11));
}

/* The fields shared by insert (after the user) and update (after the id
 * and the user): title ... remind_before. */
static void param_fields(
	petory__pg_params *p, const petory_event *e, const char *recurrence)
{
	petory__pg_param_text(p, e->title);
	petory__pg_param_text(p, e->description);
	petory__pg_param_text(p, e->color);
	petory__pg_param_text(p, e->time_zone);
	petory__pg_param_int64(p, e->all_day ? 1 : 0);
	petory__pg_param_text(p, e->start_local);
	petory__pg_param_text(p, e->end_local);
	petory__pg_param_int64(p, e->start_at);
	petory__pg_param_int64(p, e->end_at);
	petory__pg_param_text(p, recurrence);
	if (e->remind_before >= 0)
		petory__pg_param_int64(p, e->remind_before);
	else
		petory__pg_param_null(p);
}

/* series_start, series_end (NULL for an endless series) and pet_id
 * (NULL for none), the last parameters of insert and update. */
static void param_series_and_pet(petory__pg_params *p, const petory_event *e,
	petory_time_ms start, petory_time_ms end)
{
	petory__pg_param_int64(p, start);
	if (end == INT64_MAX)
		petory__pg_param_null(p);
	else
		petory__pg_param_int64(p, end);
	if (e->pet_id > 0)
		petory__pg_param_int64(p, e->pet_id);
	else
		petory__pg_param_null(p);
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
	int error, petory__pg_conn *conn, const petory_event *e)
{
	if (error == PETORY_EBACKEND && petory__pg_fk_violated(conn))
		return petory_error_set(PETORY_ENOTFOUND, NULL,
			"no user %lld or no pet %lld", (long long)e->user_id,
			(long long)e->pet_id);
	return error;
}

static int event_insert(petory_store *st, petory_event *e,
	petory_time_ms series_start, petory_time_ms series_end)
{
	char *recurrence = petory__event_recurrence_json(e);
	petory__pg_params p;
	PGresult *r = NULL;
	int error = 0;
	if (e->recurrence_count && !recurrence)
		return petory__error_oom();
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, e->user_id);
	param_fields(&p, e, recurrence);
	petory__pg_param_int64(&p, e->created_at);
	param_series_and_pet(&p, e, series_start, series_end);
	PETORY__PG_WITH_CONN(st, conn, error, {
		error = owner_or_pet_absent(
			petory__pg_exec(
				&r, conn, PETORY__PG_STMT_EVENT_INSERT, &p),
			conn, e);
		if (!error)
			error = petory__pg_get_int64(&e->id, r, 0, 0);
		PQclear(r);
	});
	free(recurrence);
	return error;
}

typedef struct capped_insert_tx {
	petory_event *e;
	petory__pg_params *p;
	int64_t max_events;
	int inserted; /* out */
} capped_insert_tx;

/* Lock the owner's row, count the owner's events, insert when below the
 * cap. */
static int capped_insert_body(petory__pg_conn *conn, void *payload)
{
	capped_insert_tx *t = payload;
	petory__pg_params owner;
	PGresult *r = NULL;
	int64_t kept = 0;
	int error;
	t->inserted = 0;
	petory__pg_params_init(&owner);
	petory__pg_param_int64(&owner, t->e->user_id);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_EVENT_USER_LOCK, &owner)) < 0)
		return error;
	error = PQntuples(r) == 0
			? petory_error_set(PETORY_ENOTFOUND, NULL,
				  "no user %lld", (long long)t->e->user_id)
			: 0;
	PQclear(r);
	if (error)
		return error;
	if ((error = petory__pg_exec(&r, conn,
		     PETORY__PG_STMT_EVENT_COUNT_OF_USER, &owner)) < 0)
		return error;
	error = petory__pg_get_int64(&kept, r, 0, 0);
	PQclear(r);
	if (error || kept >= t->max_events)
		return error;
	error = owner_or_pet_absent(
		petory__pg_exec(&r, conn, PETORY__PG_STMT_EVENT_INSERT, t->p),
		conn, t->e);
	if (!error)
		error = petory__pg_get_int64(&t->e->id, r, 0, 0);
	PQclear(r);
	if (!error)
		t->inserted = 1;
	return error;
}

static int event_insert_capped(int *inserted_out, petory_store *st,
	petory_event *e, petory_time_ms series_start, petory_time_ms series_end,
	int64_t max_events)
{
	char *recurrence = petory__event_recurrence_json(e);
	petory__pg_params p;
	capped_insert_tx t = { e, &p, max_events, 0 };
	int error;
	*inserted_out = 0;
	if (e->recurrence_count && !recurrence)
		return petory__error_oom();
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, e->user_id);
	param_fields(&p, e, recurrence);
	petory__pg_param_int64(&p, e->created_at);
	param_series_and_pet(&p, e, series_start, series_end);
	error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, capped_insert_body, &t);
	free(recurrence);
	if (!error)
		*inserted_out = t.inserted;
	return error;
}

static int event_update(petory_store *st, const petory_event *e,
	petory_time_ms series_start, petory_time_ms series_end)
{
	char *recurrence = petory__event_recurrence_json(e);
	petory__pg_params p;
	PGresult *r = NULL;
	int error = 0;
	if (e->recurrence_count && !recurrence)
		return petory__error_oom();
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, e->id);
	petory__pg_param_int64(&p, e->user_id);
	param_fields(&p, e, recurrence);
	petory__pg_param_int64(&p, e->updated_at);
	param_series_and_pet(&p, e, series_start, series_end);
	PETORY__PG_WITH_CONN(st, conn, error, {
		error = owner_or_pet_absent(
			petory__pg_exec(
				&r, conn, PETORY__PG_STMT_EVENT_UPDATE, &p),
			conn, e);
		if (!error && petory__pg_changes(r) == 0)
			error = no_event(e->user_id, e->id);
		PQclear(r);
	});
	free(recurrence);
	return error;
}

static void event_free(void *e)
{
	petory_event_free(e);
}

static int event_get(
	petory_event **out, petory_store *st, int64_t user_id, int64_t id)
{
	petory__pg_params p;
	int error = 0;
	*out = NULL;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, user_id);
	petory__pg_param_int64(&p, id);
	PETORY__PG_WITH_CONN(st, conn, error, {
		error = petory__pg_fetch_one((void **)out, conn,
			PETORY__PG_STMT_EVENT_GET, &p, sizeof(**out),
			read_event, event_free, "event");
	});
	return error == PETORY_ENOTFOUND ? no_event(user_id, id) : error;
}

static int event_delete(petory_store *st, int64_t user_id, int64_t id)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, user_id);
	petory__pg_param_int64(&p, id);
	PETORY__PG_WITH_CONN(st, conn, error, {
		error = petory__pg_exec(
			&r, conn, PETORY__PG_STMT_EVENT_DELETE, &p);
		if (!error && petory__pg_changes(r) == 0)
			error = no_event(user_id, id);
		PQclear(r);
	});
	return error;
}

/* Every row of `id` (bound to params) into a new array. */
static int list_events(petory_event **out, size_t *count_out, petory_store *st,
	petory__pg_stmt_id id, const petory__pg_params *p)
{
	void *list = NULL;
	size_t n = 0;
	PGresult *r = NULL;
	int error = 0;
	*out = NULL;
	*count_out = 0;
	PETORY__PG_WITH_CONN(st, conn, error, {
		if ((error = petory__pg_exec(&r, conn, id, p)) < 0)
			break;
		error = petory__pg_read_rows(
			&list, &n, r, sizeof(petory_event), read_event);
		PQclear(r);
	});
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
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, user_id);
	petory__pg_param_int64(&p, from);
	petory__pg_param_int64(&p, to);
	return list_events(
		out, count_out, st, PETORY__PG_STMT_EVENT_OVERLAPPING, &p);
}

static int event_list_reminding(petory_event **out, size_t *count_out,
	petory_store *st, petory_time_ms from, petory_time_ms to)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, from);
	petory__pg_param_int64(&p, to);
	return list_events(
		out, count_out, st, PETORY__PG_STMT_EVENT_REMINDING, &p);
}

static int event_reminder_record(int *created_out, petory_store *st,
	int64_t event_id, petory_time_ms occurrence_start,
	petory_notification *n)
{
	petory__pg_params mark;
	int error;
	petory__pg_params_init(&mark);
	petory__pg_param_int64(&mark, event_id);
	petory__pg_param_int64(&mark, occurrence_start);
	petory__pg_param_int64(&mark, n->created_at);
	error = petory__pg_notify_once_tx(PETORY__PG_POOL(st),
		PETORY__PG_STMT_EVENT_REMINDER_MARK, &mark, n, created_out);
	if (error == PETORY_ENOTFOUND)
		error = petory_error_set(PETORY_ENOTFOUND, NULL,
			"no event %lld or no user %lld", (long long)event_id,
			(long long)n->user_id);
	return error;
}

const petory_store_events petory__pg_events = {
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
