/* sql_files.h -- the PostgreSQL statements of the files table (see
 * pg_statements.h for the X-macro's shape). */
#ifndef PETORY_PG_SQL_FILES_H
#define PETORY_PG_SQL_FILES_H

#define PETORY__PG_SQL_FILES(X)

#endif
