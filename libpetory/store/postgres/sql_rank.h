/* sql_rank.h -- the PostgreSQL statements of the rank table (see
 * pg_statements.h for the X-macro's shape). */
#ifndef PETORY_PG_SQL_RANK_H
#define PETORY_PG_SQL_RANK_H

#define PETORY__PG_SQL_RANK(X)

#endif
