/* notify.c -- notifications and outbox rows written inside the
 * transaction of the change that causes them (pg_notify.h).
 *
 * Invariants: nothing here begins or ends a transaction except
 * petory__pg_notify_once_tx, which runs the whole "mark, then notify"
 * through petory__pg_transact; every out-value is set afresh on each
 * run, so a rerun after a conflict reports only what committed.  "Once"
 * rests on the mark's unique key: its INSERT ... ON CONFLICT DO NOTHING
 * waits for a concurrent writer of the same key and then inserts
 * nothing, so a notification follows only the mark this transaction
 * wrote.  Outbox kinds are stored by name, as SQLite stores them.
 */
#include <string.h>

#include "store/postgres/pg_notify.h"
#include "store/postgres/pg_rows.h"

const char *petory__pg_outbox_kind_name(petory_outbox_kind kind)
{
	return kind == PETORY_OUTBOX_MAIL ? "MAIL" : "WEBHOOK";
}

/* A foreign key that names nothing, as the fact ENOTFOUND. */
static int absent_reference(int error, petory__pg_conn *conn, const char *what)
{
	if (error == PETORY_EBACKEND && petory__pg_fk_violated(conn))
		return petory_error_set(PETORY_ENOTFOUND, NULL, "%s", what);
	return error;
}

int petory__pg_notification_put(petory__pg_conn *conn, petory_notification *n)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	n->id = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, n->user_id);
	petory__pg_param_int64(&p, (int64_t)n->type);
	petory__pg_param_text(&p, n->content);
	petory__pg_param_text(&p, n->link);
	petory__pg_param_int64(&p, n->created_at);
	error = petory__pg_exec(
		&r, conn, PETORY__PG_STMT_NOTIFICATION_INSERT, &p);
	if (error < 0)
		return absent_reference(
			error, conn, "no user for the notification");
	error = petory__pg_get_int64(&n->id, r, 0, 0);
	PQclear(r);
	return error;
}

int petory__pg_notify_once(petory__pg_conn *conn, petory__pg_stmt_id mark,
	const petory__pg_params *mark_params, petory_notification *n,
	int *created_out)
{
	PGresult *r = NULL;
	int64_t marked;
	int error;
	*created_out = 0;
	n->id = 0;
	if ((error = petory__pg_exec(&r, conn, mark, mark_params)) < 0)
		return absent_reference(
			error, conn, "no row for the notification's mark");
	marked = petory__pg_changes(r);
	PQclear(r);
	if (marked == 0)
		return 0;
	if ((error = petory__pg_notification_put(conn, n)) < 0)
		return error;
	*created_out = 1;
	return 0;
}

typedef struct notify_once_run {
	petory__pg_stmt_id mark;
	const petory__pg_params *mark_params;
	petory_notification *n;
	int *created_out;
} notify_once_run;

static int notify_once_body(petory__pg_conn *conn, void *payload)
{
	notify_once_run *run = payload;
	return petory__pg_notify_once(
		conn, run->mark, run->mark_params, run->n, run->created_out);
}

int petory__pg_notify_once_tx(petory__pg_pool *pool, petory__pg_stmt_id mark,
	const petory__pg_params *mark_params, petory_notification *n,
	int *created_out)
{
	notify_once_run run = { mark, mark_params, n, created_out };
	int error = petory__pg_transact(
		pool, PETORY__PG_READ_COMMITTED, notify_once_body, &run);
	if (error < 0) {
		*created_out = 0;
		n->id = 0;
	}
	return error;
}

int petory__pg_outbox_put(petory__pg_conn *conn, petory_outbox_kind kind,
	const char *payload, petory_time_ms now)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, petory__pg_outbox_kind_name(kind));
	petory__pg_param_text(&p, payload);
	petory__pg_param_int64(&p, now);
	return petory__pg_exec(NULL, conn, PETORY__PG_STMT_OUTBOX_INSERT, &p);
}
