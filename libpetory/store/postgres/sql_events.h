/* sql_events.h -- the PostgreSQL statements of the events table (see
 * pg_statements.h for the X-macro's shape). */
#ifndef PETORY_PG_SQL_EVENTS_H
#define PETORY_PG_SQL_EVENTS_H

#define PETORY__PG_SQL_EVENTS(X)

#endif
