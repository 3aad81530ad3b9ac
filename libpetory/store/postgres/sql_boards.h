/* sql_boards.h -- the PostgreSQL statements of the boards table (see
 * pg_statements.h for the X-macro's shape). */
#ifndef PETORY_PG_SQL_BOARDS_H
#define PETORY_PG_SQL_BOARDS_H

#define PETORY__PG_SQL_BOARDS(X)

#endif
