/* sql_lost_pets.h -- the PostgreSQL statements of the lost_pets table
 * (see pg_statements.h for the X-macro's shape; store/postgres/
 * lost_pet.c; the SQLite twins are PETORY__SQL_LOST_PET in
 * store/sqlite/statements.h).
 *
 * The match: the GiST index alert_areas_reach holds, for every enabled
 * area, earth_box(its centre, its radius scaled from the haversine's
 * sphere (6371008.8 m) to earth() and widened by a hair), a cube that
 * holds every point within the radius, at any latitude and across the
 * antimeridian; the query names the same expression, so the index finds
 * the candidates, and the exact haversine (as SQLite's) decides.  An
 * alert is columns 0..13 (PETORY__PG_LOST_PET_COLUMNS); a near list adds
 * its distance at 14.
 */
#ifndef PETORY_PG_SQL_LOST_PETS_H
#define PETORY_PG_SQL_LOST_PETS_H

#define PETORY__PG_HAVERSINE(lat, lng, plat, plng)            \
	"(12742017.6::float8 * asin(least(1.0::float8, sqrt(" \
	"power(sin(radians(" lat " - " plat ") / 2), 2) + "   \
	"cos(radians(" plat ")) * cos(radians(" lat ")) * "   \
	"power(sin(radians(" lng " - " plng ") / 2), 2)))))"
/* Must stay the expression of the index alert_areas_reach (step 17). */
#define PETORY__PG_AREA_REACH                              \
	"earth_box(ll_to_earth(a.latitude, a.longitude), " \
	"a.radius_m::float8 * earth() / 6371008.8 * 1.000001 + 0.01)"
#define PETORY__PG_LOST_PET_COLUMNS                                           \
	"l.id, l.pet_id, l.owner_id, p.name, p.species, l.status, "           \
	"l.last_seen_at, l.latitude, l.longitude, l.description, l.contact, " \
	"l.alerted_count, l.created_at, coalesce(l.closed_at, 0)"
/* $1 latitude, $2 longitude, $3 the owner (never alerted).  Hook for
 * blocking (issue 14): exclude users who blocked the owner or whom the
 * owner blocked here, in this one WHERE that every match uses. */
#define PETORY__PG_LOST_PET_MATCH                                         \
	"SELECT a.user_id FROM alert_areas a JOIN users u ON u.id = "     \
	"a.user_id "                                                      \
	"WHERE " PETORY__PG_AREA_REACH " @> ll_to_earth($1::float8, "     \
	"$2::float8) AND a.enabled = 1 AND u.status = 0 AND "             \
	"a.user_id != $3::bigint AND " PETORY__PG_HAVERSINE("a.latitude", \
		"a.longitude", "$1::float8", "$2::float8") " <= a.radius_m"
#define PETORY__PG_LOST_PET_NEAR                                               \
	"FROM lost_pets l JOIN pets p ON p.id = l.pet_id WHERE "               \
	"l.status = 0 AND l.latitude BETWEEN $3::float8 AND $4::float8 "       \
	"AND " PETORY__PG_HAVERSINE("l.latitude", "l.longitude", "$1::float8", \
		"$2::float8") " <= $5::float8"

#define PETORY__PG_SQL_LOST_PETS(X)                                            \
	X(ALERT_AREA_PUT,                                                      \
		"INSERT INTO alert_areas(user_id, latitude, longitude, "       \
		"radius_m, enabled, updated_at) VALUES($1, $2, $3, $4, $5, "   \
		"$6) "                                                         \
		"ON CONFLICT(user_id) DO UPDATE SET latitude = $2, "           \
		"longitude = $3, radius_m = $4, enabled = $5, updated_at = "   \
		"$6")                                                          \
	X(ALERT_AREA_GET, "SELECT user_id, latitude, longitude, radius_m, "    \
			  "enabled, updated_at FROM alert_areas "              \
			  "WHERE user_id = $1")                                \
	X(ALERT_AREA_DELETE, "DELETE FROM alert_areas WHERE user_id = $1")     \
	X(LOST_PET_MATCH, PETORY__PG_LOST_PET_MATCH " ORDER BY a.user_id")     \
	X(LOST_PET_INSERT,                                                     \
		"INSERT INTO lost_pets(pet_id, owner_id, last_seen_at, "       \
		"latitude, longitude, description, contact, created_at) "      \
		"VALUES($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")         \
	X(LOST_PET_IMAGE_INSERT,                                               \
		"INSERT INTO lost_pet_images(alert_id, file_key, created_at) " \
		"VALUES($1, $2, $3)")                                          \
	X(LOST_PET_ALERTED_INSERT,                                             \
		"INSERT INTO lost_pet_alerted(alert_id, user_id) "             \
		"SELECT $4::bigint, m.user_id FROM "                           \
		"(" PETORY__PG_LOST_PET_MATCH ") m")                           \
	X(LOST_PET_NOTIFY_ALERTED,                                             \
		"INSERT INTO notifications(user_id, type, content, link, "     \
		"created_at) SELECT user_id, $2::integer, $3::text, "          \
		"$4::text || $1::bigint, $5::bigint FROM lost_pet_alerted "    \
		"WHERE alert_id = $1::bigint ORDER BY user_id "                \
		"RETURNING id, user_id")                                       \
	X(LOST_PET_SET_ALERTED, "UPDATE lost_pets SET alerted_count = "        \
				"(SELECT count(*) FROM lost_pet_alerted "      \
				"WHERE alert_id = $1) WHERE id = $1 "          \
				"RETURNING alerted_count")                     \
	X(LOST_PET_GET, "SELECT " PETORY__PG_LOST_PET_COLUMNS " FROM "         \
			"lost_pets l JOIN pets p ON p.id = l.pet_id "          \
			"WHERE l.id = $1")                                     \
	X(LOST_PET_IMAGES,                                                     \
		"SELECT i.id, i.file_key, f.private, i.created_at "            \
		"FROM lost_pet_images i JOIN files f ON f.key = i.file_key "   \
		"WHERE i.alert_id = $1 AND i.sighting_id IS NULL ORDER BY "    \
		"i.id")                                                        \
	X(LOST_PET_SIGHTING_IMAGES,                                            \
		"SELECT i.id, i.file_key, f.private, i.created_at "            \
		"FROM lost_pet_images i JOIN files f ON f.key = i.file_key "   \
		"WHERE i.sighting_id = $1 ORDER BY i.id")                      \
	X(LOST_PET_SIGHTINGS,                                                  \
		"SELECT id, alert_id, coalesce(user_id, 0), latitude, "        \
		"longitude, seen_at, note, created_at FROM "                   \
		"lost_pet_sightings WHERE alert_id = $1 ORDER BY id DESC")     \
	X(LOST_PET_NEAR_COUNT, "SELECT count(*) " PETORY__PG_LOST_PET_NEAR)    \
	X(LOST_PET_NEAR,                                                       \
		"SELECT " PETORY__PG_LOST_PET_COLUMNS                          \
		", " PETORY__PG_HAVERSINE("l.latitude", "l.longitude",         \
			"$1::float8",                                          \
			"$2::float8") " AS distance " PETORY__PG_LOST_PET_NEAR \
				      " ORDER BY distance, l.id "              \
				      "OFFSET $6 LIMIT $7")                    \
	X(LOST_PET_STATE, "SELECT owner_id, status FROM lost_pets "            \
			  "WHERE id = $1 FOR UPDATE")                          \
	X(LOST_PET_CLOSE, "UPDATE lost_pets SET status = $2, closed_at = $3 "  \
			  "WHERE id = $1 AND status = 0")                      \
	X(LOST_PET_CANCEL_FOR_PET,                                             \
		"UPDATE lost_pets SET status = 2, closed_at = $2 "             \
		"WHERE pet_id = $1 AND status = 0")                            \
	X(LOST_PET_SIGHTING_INSERT,                                            \
		"INSERT INTO lost_pet_sightings(alert_id, user_id, latitude, " \
		"longitude, seen_at, note, created_at) "                       \
		"VALUES($1, $2, $3, $4, $5, $6, $7) RETURNING id")             \
	X(LOST_PET_SIGHTING_IMAGE_INSERT,                                      \
		"INSERT INTO lost_pet_images(alert_id, sighting_id, "          \
		"file_key, "                                                   \
		"created_at) SELECT alert_id, $1, $2, $3 FROM "                \
		"lost_pet_sightings WHERE id = $1")                            \
	X(LOST_PET_FILE_PUBLIC,                                                \
		"SELECT (EXISTS (SELECT 1 FROM lost_pet_images i JOIN "        \
		"lost_pets l ON l.id = i.alert_id WHERE i.file_key = $1 AND "  \
		"l.status = 0) OR EXISTS (SELECT 1 FROM pet_images i JOIN "    \
		"lost_pets l ON l.pet_id = i.pet_id WHERE i.file_key = $1 "    \
		"AND l.status = 0))::integer")

#endif
