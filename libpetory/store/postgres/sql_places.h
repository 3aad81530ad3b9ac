/* sql_places.h -- the PostgreSQL statements of the places table (see
 * pg_statements.h for the X-macro's shape). */
#ifndef PETORY_PG_SQL_PLACES_H
#define PETORY_PG_SQL_PLACES_H

#define PETORY__PG_SQL_PLACES(X)

#endif
