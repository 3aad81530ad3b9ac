/* pg_notify.h -- notifications and outbox rows written inside another
 * write's transaction: the PostgreSQL twins of the SQLite store's
 * petory__sqlite_notify_once and petory__sqlite_outbox_put, shared by
 * every table whose change notifies someone (events' reminders, pets'
 * D-days, board comments, chat messages, place reports, the account
 * lifecycle).  Defined in notify.c; the statements are in
 * sql_notifications.h.
 *
 * Every function here runs on a connection inside the caller's
 * transaction (petory__pg_transact), so what it writes commits or rolls
 * back with the change that causes it.  Like any transaction body, a
 * caller may run them again after a conflict: they set their out-values
 * afresh on every run.
 */
#ifndef PETORY_PG_NOTIFY_H
#define PETORY_PG_NOTIFY_H

#include "store/postgres/postgres_internal.h"

/* Insert notification n (user_id, type, content, link, created_at) and
 * set n->id.  ENOTFOUND (no reason) when n->user_id names no account. */
int petory__pg_notification_put(petory__pg_conn *conn, petory_notification *n);

/* Run `mark` with mark_params: an INSERT ... ON CONFLICT DO NOTHING that
 * records that something was sent (a reminder, a D-day).  When it
 * inserted its row, insert n as petory__pg_notification_put does and set
 * *created_out = 1; when the row was there already, *created_out = 0,
 * n->id = 0 and nothing is written.  Two callers racing on one mark
 * both wait on its unique key, so one notification is written.
 * ENOTFOUND (no reason) when the mark or n names a row that is absent (a
 * foreign key). */
int petory__pg_notify_once(petory__pg_conn *conn, petory__pg_stmt_id mark,
	const petory__pg_params *mark_params, petory_notification *n,
	int *created_out);

/* petory__pg_notify_once in a transaction of its own on pool: the whole
 * of a "record that it was sent, and notify once" method
 * (event_reminder_record, pet_dday_record).  *created_out is 0 on
 * failure. */
int petory__pg_notify_once_tx(petory__pg_pool *pool, petory__pg_stmt_id mark,
	const petory__pg_params *mark_params, petory_notification *n,
	int *created_out);

/* Queue an outbox row of `kind` (stored as its name, 'MAIL' or
 * 'WEBHOOK'), due at `now`. */
int petory__pg_outbox_put(petory__pg_conn *conn, petory_outbox_kind kind,
	const char *payload, petory_time_ms now);

/* The name a kind is stored as. */
const char *petory__pg_outbox_kind_name(petory_outbox_kind kind);

#endif
