/* sql_albums.h -- the PostgreSQL statements of the albums table (see
 * pg_statements.h for the X-macro's shape). */
#ifndef PETORY_PG_SQL_ALBUMS_H
#define PETORY_PG_SQL_ALBUMS_H

#define PETORY__PG_SQL_ALBUMS(X)

#endif
