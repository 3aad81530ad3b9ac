/* sql_reviews.h -- the PostgreSQL statements of the reviews table:
 * reviews and reports of places (store/postgres/place_review.c; see
 * pg_statements.h for the X-macro's shape).
 *
 * A review is columns 0..8 (PETORY__PG_REVIEW_COLUMNS: id, place_id,
 * user_id, the author's nickname, content, rating, created_at,
 * updated_at, deleted_at), a report 0..7 (REPORT_BY_ID).  Inserts take
 * ON CONFLICT DO NOTHING and return the new id: no row means the user's
 * live review (or report) is there already, and the transaction goes on
 * unharmed.  REVIEW_PLACE_LOCK locks the place of a review (as
 * PLACE_STATE does, sql_places.h) before the review is read or written.
 */
#ifndef PETORY_PG_SQL_REVIEWS_H
#define PETORY_PG_SQL_REVIEWS_H

#define PETORY__PG_REVIEW_COLUMNS                                           \
	"r.id, r.place_id, coalesce(r.user_id, 0), u.nickname, r.content, " \
	"r.rating, r.created_at, r.updated_at, coalesce(r.deleted_at, 0) "  \
	"FROM place_reviews r LEFT JOIN users u ON u.id = r.user_id "

#define PETORY__PG_SQL_REVIEWS(X)                                              \
	X(REVIEW_INSERT,                                                       \
		"INSERT INTO place_reviews(place_id, user_id, content, "       \
		"rating, created_at, updated_at) VALUES($1, $2, $3, "          \
		"$4::integer, $5::bigint, $5::bigint) ON CONFLICT DO "         \
		"NOTHING RETURNING id")                                        \
	X(PLACE_REVIEW_ADD,                                                    \
		"UPDATE places SET review_count = review_count + $2::bigint, " \
		"rating_sum = rating_sum + $3::bigint WHERE id = $1")          \
	X(REVIEW_PLACE_LOCK,                                                   \
		"SELECT 1 FROM places WHERE id = (SELECT place_id FROM "       \
		"place_reviews WHERE id = $1) FOR NO KEY UPDATE")              \
	X(REVIEW_BY_ID, "SELECT " PETORY__PG_REVIEW_COLUMNS "WHERE r.id = $1") \
	X(REVIEW_UPDATE,                                                       \
		"UPDATE place_reviews SET content = coalesce($2, content), "   \
		"rating = coalesce($3::integer, rating), updated_at = $4 "     \
		"WHERE id = $1 AND deleted_at IS NULL")                        \
	X(REVIEW_SET_DELETED,                                                  \
		"UPDATE place_reviews SET deleted_at = $2::bigint, "           \
		"updated_at = $3 WHERE id = $1 AND (deleted_at IS NULL) = "    \
		"($2::bigint IS NOT NULL)")                                    \
	X(REVIEW_LIST, "SELECT " PETORY__PG_REVIEW_COLUMNS                     \
		       "WHERE r.place_id = $1 AND r.deleted_at IS NULL "       \
		       "ORDER BY r.id DESC LIMIT $2")                          \
	X(REVIEW_FEED, "SELECT " PETORY__PG_REVIEW_COLUMNS                     \
		       "WHERE r.place_id = $1 AND r.deleted_at IS NULL "       \
		       "AND r.id < $2 ORDER BY r.id DESC LIMIT $3 OFFSET $4")  \
	X(REVIEW_COUNT, "SELECT count(*) FROM place_reviews "                  \
			"WHERE place_id = $1 AND deleted_at IS NULL")          \
	X(REPORT_INSERT,                                                       \
		"INSERT INTO place_reports(place_id, user_id, content, "       \
		"created_at, updated_at) VALUES($1, $2, $3, $4::bigint, "      \
		"$4::bigint) ON CONFLICT DO NOTHING RETURNING id")             \
	X(PLACE_REPORT_ADD,                                                    \
		"UPDATE places SET report_count_since_restore = "              \
		"report_count_since_restore + $2::bigint WHERE id = $1 "       \
		"RETURNING report_count_since_restore")                        \
	X(PLACE_DEACTIVATE, "UPDATE places SET status = 1, updated_at = $2 "   \
			    "WHERE id = $1 AND status = 0")                    \
	X(REPORT_BY_ID,                                                        \
		"SELECT id, place_id, coalesce(user_id, 0), content, valid, "  \
		"counted, reason, created_at FROM place_reports WHERE id = "   \
		"$1")                                                          \
	X(REPORT_CANCEL, "UPDATE place_reports SET valid = 0, counted = 0, "   \
			 "admin_id = $2, reason = $3, updated_at = $4 "        \
			 "WHERE id = $1 AND valid = 1")

#endif
