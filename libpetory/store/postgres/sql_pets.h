/* sql_pets.h -- the PostgreSQL statements of the pets table (see
 * pg_statements.h for the X-macro's shape).
 *
 * The image statements have the shapes of pg_rows.h (insert: $1 pet, $2
 * key, $3 time; images: $1 pet; delete: $1 image id, returning the key).
 * PET_SET_DELETED is the compare-and-set of a soft delete or a restore
 * and reports, in the same statement, whether it changed the pet and
 * whether the pet exists.  A list's first image is a LATERAL subquery on
 * pet_images(pet_id, id).
 */
#ifndef PETORY_PG_SQL_PETS_H
#define PETORY_PG_SQL_PETS_H

/* Columns 0..9 of a pet, as pet.c reads them; a list adds its first
 * image at 10..13. */
#define PETORY__PG_PET_COLUMNS                                    \
	"p.id, p.owner_id, p.name, p.size, p.species, p.gender, " \
	"p.birthday, p.created_at, p.updated_at, p.deleted_at"

#define PETORY__PG_SQL_PETS(X)                                                 \
	X(PET_INSERT,                                                          \
		"INSERT INTO pets(owner_id, name, size, species, gender, "     \
		"birthday, created_at, updated_at) "                           \
		"VALUES($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id")         \
	X(PET_IMAGE_INSERT, "INSERT INTO pet_images(pet_id, file_key, "        \
			    "created_at) VALUES($1, $2, $3)")                  \
	X(PET_GET,                                                             \
		"SELECT " PETORY__PG_PET_COLUMNS " FROM pets p WHERE id = $1") \
	X(PET_IMAGES, "SELECT i.id, i.file_key, f.private, i.created_at "      \
		      "FROM pet_images i JOIN files f ON f.key = i.file_key "  \
		      "WHERE i.pet_id = $1 ORDER BY i.id")                     \
	X(PET_COUNT, "SELECT count(*) FROM pets WHERE owner_id = $1 AND "      \
		     "deleted_at IS NULL")                                     \
	X(PET_LIST,                                                            \
		"SELECT " PETORY__PG_PET_COLUMNS ", i.id, i.file_key, "        \
		"f.private, i.created_at FROM pets p "                         \
		"LEFT JOIN LATERAL (SELECT id, file_key, created_at "          \
		"FROM pet_images WHERE pet_id = p.id ORDER BY id LIMIT 1) i "  \
		"ON true LEFT JOIN files f ON f.key = i.file_key "             \
		"WHERE p.owner_id = $1 AND p.deleted_at IS NULL "              \
		"ORDER BY p.id DESC OFFSET $2 LIMIT $3")                       \
	X(PET_UPDATE, "UPDATE pets SET name = coalesce($2, name), "            \
		      "size = CASE WHEN $3::integer >= 0 THEN $3::integer "    \
		      "ELSE size END, "                                        \
		      "species = coalesce($4, species), "                      \
		      "gender = CASE WHEN $5::text IS NULL THEN gender "       \
		      "WHEN $5::text = '' THEN NULL ELSE $5::text END, "       \
		      "birthday = CASE WHEN $6::text IS NULL THEN birthday "   \
		      "WHEN $6::text = '' THEN NULL ELSE $6::text END, "       \
		      "updated_at = $7 WHERE id = $1 AND deleted_at IS NULL")  \
	X(PET_SET_DELETED,                                                     \
		"WITH changed AS (UPDATE pets SET deleted_at = "               \
		"CASE WHEN $2::integer != 0 THEN $3::bigint END, "             \
		"updated_at = $3::bigint WHERE id = $1 AND "                   \
		"(deleted_at IS NULL) = ($2::integer != 0) RETURNING 1) "      \
		"SELECT (SELECT count(*) FROM changed), "                      \
		"EXISTS (SELECT 1 FROM pets WHERE id = $1)")                   \
	X(PET_FILES_PRIVATE,                                                   \
		"UPDATE files SET private = $2::integer WHERE key IN "         \
		"(SELECT file_key FROM pet_images WHERE pet_id = $1)")         \
	X(PET_IMAGE_PET, "SELECT pet_id FROM pet_images WHERE id = $1")        \
	X(PET_IMAGE_DELETE, "DELETE FROM files WHERE key = "                   \
			    "(SELECT file_key FROM pet_images WHERE id = $1) " \
			    "RETURNING key")                                   \
	X(PET_BIRTHDAYS,                                                       \
		"SELECT p.id, p.owner_id, p.name, p.birthday, u.timezone "     \
		"FROM pets p JOIN users u ON u.id = p.owner_id "               \
		"WHERE p.deleted_at IS NULL AND p.birthday IS NOT NULL AND "   \
		"u.status = 0 AND substr(p.birthday, 6, 5) IN ($1, $2, $3, "   \
		"$4) ORDER BY p.id")                                           \
	X(PET_DDAY_MARK, "INSERT INTO pet_ddays(pet_id, day, sent_at) "        \
			 "VALUES($1, $2, $3) ON CONFLICT DO NOTHING")

#endif
