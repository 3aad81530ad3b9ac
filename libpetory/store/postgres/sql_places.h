/* sql_places.h -- the PostgreSQL statements of the places table (see
 * pg_statements.h for the X-macro's shape): places, their likes, images
 * and ranking truth (store/postgres/place.c).
 *
 * A place is columns 0..13 (PETORY__PG_PLACE_COLUMNS); a list adds its
 * distance at 14 (-1 outside a near search) and its first image at
 * 15..18 (NULL when it has none), joined after the page is cut so that
 * only the rows given look for their image.
 *
 * Searches: $1 name, $2 address (texts that the place's name and
 * address contain, as SQLite's LIKE '%text%' finds them; NULL: no
 * filter), $3 type (NULL: every type); a near search adds $4 latitude,
 * $5 longitude, $6 radius in metres; offset and limit come last.
 *
 * Near: the GiST index on ll_to_earth(latitude, longitude) finds the
 * candidates in earth_box, which takes a great-circle distance on the
 * sphere of radius earth(): the radius, a distance on the mean Earth
 * sphere (6371008.8 m) that the SQLite backend's haversine uses, is
 * scaled to it (and a hair more against rounding), so the box holds
 * every point within the radius; the exact filter and the order then use
 * that same haversine distance.
 *
 * PLACE_STATE locks the place's row (FOR NO KEY UPDATE): every write to
 * a place's counters or children takes it first, so they run one at a
 * time per place and always lock the place before its child rows.
 */
#ifndef PETORY_PG_SQL_PLACES_H
#define PETORY_PG_SQL_PLACES_H

#include "store/postgres/sql_text.h"

#define PETORY__PG_PLACE_COLUMNS                                             \
	"p.id, p.name, p.info, p.type, p.address, p.latitude, p.longitude, " \
	"p.status, p.like_count, p.review_count, p.rating_sum, "             \
	"coalesce(p.created_by, 0), p.created_at, p.updated_at"

/* SQLite's `col LIKE '%text%'` (the text's wildcards escaped) is
 * PETORY__PG_CONTAINS_ASCII_CI (sql_text.h): ASCII letters without case,
 * every other character exactly; its ILIKE lets the trigram index of the
 * column find the candidates. */
/* clang-format off */
#define PETORY__PG_PLACE_FILTERS                                        \
	"p.status = 0 "                                                 \
	"AND ($1::text IS NULL OR "                                     \
	PETORY__PG_CONTAINS_ASCII_CI("p.name", "$1::text") ") "         \
	"AND ($2::text IS NULL OR "                                     \
	PETORY__PG_CONTAINS_ASCII_CI("p.address", "$2::text") ") "      \
	"AND ($3::integer IS NULL OR p.type = $3::integer)"
/* clang-format on */

#define PETORY__PG_PLACE_DISTANCE                                \
	"(12742017.6::float8 * asin(least(1.0::float8, sqrt("    \
	"power(sin(radians(p.latitude - $4::float8) / 2), 2) + " \
	"cos(radians($4::float8)) * cos(radians(p.latitude)) * " \
	"power(sin(radians(p.longitude - $5::float8) / 2), 2)))))"

#define PETORY__PG_PLACE_NEAR_WHERE                                          \
	"earth_box(ll_to_earth($4::float8, $5::float8), "                    \
	"$6::float8 * earth() / 6371008.8 * 1.000001 + 0.01) @> "            \
	"ll_to_earth(p.latitude, p.longitude) AND " PETORY__PG_PLACE_FILTERS \
	" AND " PETORY__PG_PLACE_DISTANCE " <= $6::float8"

/* The rows of `page` (a SELECT of the place columns and its distance,
 * ordered and cut), each with its first image, in the order `order`
 * (by the output's column numbers: 15 is the distance, 1 the id). */
#define PETORY__PG_PLACE_LIST(page, order)                                 \
	"WITH page AS (" page ") SELECT page.*, fi.* FROM page "           \
	"LEFT JOIN LATERAL (SELECT i.id, i.file_key, f.private, "          \
	"i.created_at FROM place_images i JOIN files f ON f.key = "        \
	"i.file_key WHERE i.place_id = page.id ORDER BY i.id LIMIT 1) fi " \
	"ON true ORDER BY " order

#define PETORY__PG_SQL_PLACES(X)                                               \
	X(PLACE_INSERT,                                                        \
		"INSERT INTO places(name, info, type, address, latitude, "     \
		"longitude, created_by, created_at, updated_at, source_key) "  \
		"VALUES($1, $2, $3::integer, $4, $5::float8, $6::float8, "     \
		"nullif($7::bigint, 0), $8::bigint, $8::bigint, $9) "          \
		"RETURNING id")                                                \
	X(PLACE_BY_ID, "SELECT " PETORY__PG_PLACE_COLUMNS                      \
		       ", EXISTS(SELECT 1 FROM place_likes WHERE user_id = "   \
		       "$2::bigint AND place_id = p.id)::integer "             \
		       "FROM places p WHERE p.id = $1")                        \
	X(PLACE_BY_IDS,                                                        \
		PETORY__PG_PLACE_LIST("SELECT " PETORY__PG_PLACE_COLUMNS       \
				      ", -1::float8 AS distance FROM places "  \
				      "p WHERE p.id = ANY($1::bigint[]) AND "  \
				      "p.status = 0",                          \
			"array_position($1::bigint[], page.id)"))              \
	X(PLACE_UPDATE,                                                        \
		"UPDATE places SET name = $2, info = $3, type = $4::integer, " \
		"address = $5, latitude = $6::float8, longitude = "            \
		"$7::float8, updated_at = $8::bigint WHERE id = $1")           \
	X(PLACE_STATE, "SELECT status, type, like_count FROM places "          \
		       "WHERE id = $1 FOR NO KEY UPDATE")                      \
	X(PLACE_SET_STATUS,                                                    \
		"UPDATE places SET status = $3::integer, updated_at = "        \
		"$4::bigint, report_count_since_restore = CASE WHEN "          \
		"$5::integer != 0 THEN 0 ELSE report_count_since_restore "     \
		"END WHERE id = $1 AND ((1 << status) & $2::integer) != 0")    \
	X(PLACE_REPORTS_UNCOUNT,                                               \
		"UPDATE place_reports SET counted = 0 WHERE place_id = $1")    \
	X(PLACE_SEARCH,                                                        \
		PETORY__PG_PLACE_LIST("SELECT " PETORY__PG_PLACE_COLUMNS       \
				      ", -1::float8 AS distance FROM places "  \
				      "p WHERE " PETORY__PG_PLACE_FILTERS      \
				      " ORDER BY p.id DESC LIMIT $5 OFFSET "   \
				      "$4",                                    \
			"1 DESC"))                                             \
	X(PLACE_SEARCH_COUNT, "SELECT count(*) FROM places p "                 \
			      "WHERE " PETORY__PG_PLACE_FILTERS)               \
	X(PLACE_NEAR,                                                          \
		PETORY__PG_PLACE_LIST("SELECT " PETORY__PG_PLACE_COLUMNS       \
				      ", " PETORY__PG_PLACE_DISTANCE           \
				      " AS distance FROM places p "            \
				      "WHERE " PETORY__PG_PLACE_NEAR_WHERE     \
				      " ORDER BY distance, p.id LIMIT $8 "     \
				      "OFFSET $7",                             \
			"15, 1"))                                              \
	X(PLACE_NEAR_COUNT, "SELECT count(*) FROM places p "                   \
			    "WHERE " PETORY__PG_PLACE_NEAR_WHERE)              \
	/* The whole like in one statement ($1 user, $2 place, $3 now, $4      \
	 * mode: 0 set, 1 clear, 2 toggle): the place's row locked first,      \
	 * so likes of one place run one at a time and a toggle sees the       \
	 * latest state; the like row and like_count move together (by the     \
	 * rows changed) or not at all.  Gives status, type, the change        \
	 * (-1, 0, 1), like_count and whether the user likes it now, or no     \
	 * row for an absent place. */                                         \
	X(PLACE_LIKE,                                                          \
		"WITH p AS (SELECT status, type, like_count FROM places "      \
		"WHERE id = $2 FOR NO KEY UPDATE), "                           \
		"want AS (SELECT CASE $4::integer WHEN 0 THEN true WHEN 1 "    \
		"THEN false ELSE NOT EXISTS (SELECT 1 FROM place_likes WHERE " \
		"user_id = $1 AND place_id = $2) END AS liked), "              \
		"del AS (DELETE FROM place_likes l USING p, want WHERE "       \
		"l.user_id = $1 AND l.place_id = $2 AND p.status = 0 AND NOT " \
		"want.liked RETURNING 1), "                                    \
		"ins AS (INSERT INTO place_likes(user_id, place_id, "          \
		"created_at) SELECT $1, $2, $3 FROM p, want WHERE p.status = " \
		"0 AND want.liked ON CONFLICT DO NOTHING RETURNING 1), "       \
		"delta AS (SELECT (SELECT count(*) FROM ins) - (SELECT "       \
		"count(*) FROM del) AS n), "                                   \
		"upd AS (UPDATE places SET like_count = like_count + "         \
		"delta.n FROM delta WHERE id = $2 AND delta.n <> 0 RETURNING " \
		"like_count) "                                                 \
		"SELECT p.status, p.type, delta.n, coalesce((SELECT "          \
		"like_count FROM upd), p.like_count), want.liked FROM p, "     \
		"want, delta")                                                 \
	X(PLACE_LIKE_EXISTS, "SELECT 1 FROM place_likes WHERE user_id = $1 "   \
			     "AND place_id = $2")                              \
	X(PLACE_LIKE_INSERT,                                                   \
		"INSERT INTO place_likes(user_id, place_id, created_at) "      \
		"VALUES($1, $2, $3) ON CONFLICT DO NOTHING")                   \
	X(PLACE_LIKE_DELETE, "DELETE FROM place_likes WHERE user_id = $1 "     \
			     "AND place_id = $2")                              \
	X(PLACE_LIKE_ADD, "UPDATE places SET like_count = like_count + "       \
			  "$2::bigint WHERE id = $1 RETURNING like_count")     \
	X(PLACE_RANK_TRUTH,                                                    \
		"SELECT id, like_count FROM places WHERE status = 0 AND "      \
		"like_count > 0 AND ($1::integer IS NULL OR type = "           \
		"$1::integer)")                                                \
	X(PLACE_IMAGE_INSERT, "INSERT INTO place_images(place_id, file_key, "  \
			      "created_at) VALUES($1, $2, $3)")                \
	X(PLACE_IMAGES,                                                        \
		"SELECT i.id, i.file_key, f.private, i.created_at "            \
		"FROM place_images i JOIN files f ON f.key = i.file_key "      \
		"WHERE i.place_id = $1 ORDER BY i.id")                         \
	X(PLACE_IMAGE_DELETE,                                                  \
		"DELETE FROM files WHERE key = (SELECT file_key FROM "         \
		"place_images WHERE id = $1 AND place_id = $2) RETURNING key")

#endif
