/* sql_users.h -- the PostgreSQL statements of the users table (see
 * pg_statements.h for the X-macro's shape). */
#ifndef PETORY_PG_SQL_USERS_H
#define PETORY_PG_SQL_USERS_H

#define PETORY__PG_SQL_USERS(X)

#endif
