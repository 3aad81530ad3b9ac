/* sql_notifications.h -- the PostgreSQL statements of the notifications table
 * (see pg_statements.h for the X-macro's shape). */
#ifndef PETORY_PG_SQL_NOTIFICATIONS_H
#define PETORY_PG_SQL_NOTIFICATIONS_H

#define PETORY__PG_SQL_NOTIFICATIONS(X)

#endif
