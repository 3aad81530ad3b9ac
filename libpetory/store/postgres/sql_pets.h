/* sql_pets.h -- the PostgreSQL statements of the pets table (see
 * pg_statements.h for the X-macro's shape). */
#ifndef PETORY_PG_SQL_PETS_H
#define PETORY_PG_SQL_PETS_H

#define PETORY__PG_SQL_PETS(X)

#endif
