/* sql_trades.h -- the PostgreSQL statements of the trades table (see
 * pg_statements.h for the X-macro's shape). */
#ifndef PETORY_PG_SQL_TRADES_H
#define PETORY_PG_SQL_TRADES_H

#define PETORY__PG_SQL_TRADES(X)

#endif
