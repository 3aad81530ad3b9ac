/* sql_reviews.h -- the PostgreSQL statements of the reviews table (see
 * pg_statements.h for the X-macro's shape). */
#ifndef PETORY_PG_SQL_REVIEWS_H
#define PETORY_PG_SQL_REVIEWS_H

#define PETORY__PG_SQL_REVIEWS(X)

#endif
