/* sql_growth.h -- the PostgreSQL statements of the growth diary (methods
 * of the pets table; see pg_statements.h for the X-macro's shape).  A
 * list's bounds $2 and $3 may be NULL: the range is then open.
 */
#ifndef PETORY_PG_SQL_GROWTH_H
#define PETORY_PG_SQL_GROWTH_H

/* Columns 0..7 of a record, as pet_growth.c reads them. */
#define PETORY__PG_GROWTH_COLUMNS                                   \
	"id, pet_id, day, weight_cg, length_mm, note, created_at, " \
	"updated_at"

#define PETORY__PG_SQL_GROWTH(X)                                               \
	X(GROWTH_INSERT,                                                       \
		"INSERT INTO pet_growth(pet_id, day, weight_cg, length_mm, "   \
		"note, created_at, updated_at) VALUES($1, $2, $3, $4, $5, "    \
		"$6, $6) RETURNING id")                                        \
	X(GROWTH_GET, "SELECT " PETORY__PG_GROWTH_COLUMNS " FROM pet_growth "  \
		      "WHERE id = $1")                                         \
	X(GROWTH_LIST, "SELECT " PETORY__PG_GROWTH_COLUMNS " FROM pet_growth " \
		       "WHERE pet_id = $1 AND ($2::text IS NULL OR day >= "    \
		       "$2::text) AND ($3::text IS NULL OR day <= $3::text) "  \
		       "ORDER BY day")                                         \
	X(GROWTH_UPDATE, "UPDATE pet_growth SET day = $2, weight_cg = $3, "    \
			 "length_mm = $4, note = $5, updated_at = $6 "         \
			 "WHERE id = $1")                                      \
	X(GROWTH_DELETE, "DELETE FROM pet_growth WHERE id = $1")

#endif
