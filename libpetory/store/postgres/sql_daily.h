/* sql_daily.h -- the PostgreSQL statements of the daily table (see
 * pg_statements.h for the X-macro's shape). */
#ifndef PETORY_PG_SQL_DAILY_H
#define PETORY_PG_SQL_DAILY_H

#define PETORY__PG_SQL_DAILY(X)

#endif
