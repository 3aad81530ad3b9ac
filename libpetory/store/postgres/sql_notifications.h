/* sql_notifications.h -- the PostgreSQL statements of the notifications
 * table: notifications, the daily fan-out and purge, job runs, the
 * account lifecycle and the outbox (see pg_statements.h for the X-macro's
 * shape).  NOTIFICATION_INSERT and OUTBOX_INSERT also serve the shared
 * helpers of pg_notify.h. */
#ifndef PETORY_PG_SQL_NOTIFICATIONS_H
#define PETORY_PG_SQL_NOTIFICATIONS_H

#define PETORY__PG_SQL_NOTIFICATIONS(X)                                        \
	X(NOTIFICATION_INSERT,                                                 \
		"INSERT INTO notifications(user_id, type, content, link, "     \
		"created_at) VALUES($1, $2, $3, $4, $5) RETURNING id")         \
	X(OUTBOX_INSERT, "INSERT INTO outbox(kind, payload, next_attempt_at, " \
			 "created_at) VALUES($1, $2, $3, $3)")

#endif
