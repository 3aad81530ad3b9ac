/* sql_rank.h -- the PostgreSQL statements of the rank store, derived from
 * places (store/postgres/place_rank.c; see pg_statements.h for the
 * X-macro's shape): each board read in the order of its index.
 */
#ifndef PETORY_PG_SQL_RANK_H
#define PETORY_PG_SQL_RANK_H

#define PETORY__PG_SQL_RANK(X)                                                \
	X(RANK_TOP_ALL,                                                       \
		"SELECT id, like_count FROM places WHERE status = 0 AND "     \
		"like_count > 0 ORDER BY like_count DESC, id LIMIT "          \
		"$1::bigint")                                                 \
	X(RANK_TOP_TYPE,                                                      \
		"SELECT id, like_count FROM places WHERE type = $1::int AND " \
		"status = 0 AND like_count > 0 ORDER BY like_count DESC, id " \
		"LIMIT $2::bigint")                                           \
	X(RANK_SCORE,                                                         \
		"SELECT like_count FROM places WHERE id = $1::bigint AND "    \
		"status = 0 AND like_count > 0 AND ($2::int IS NULL OR type " \
		"= $2::int)")

#endif
