/* sql_sessions.h -- the PostgreSQL statements of the sessions table (see
 * pg_statements.h for the X-macro's shape). */
#ifndef PETORY_PG_SQL_SESSIONS_H
#define PETORY_PG_SQL_SESSIONS_H

#define PETORY__PG_SQL_SESSIONS(X)

#endif
