/* sql_albums.h -- the PostgreSQL statements of the albums table (see
 * pg_statements.h for the X-macro's shape).
 *
 * The image statements have the shapes of pg_rows.h (insert: $1 album, $2
 * key, $3 time; images: $1 album; delete: $1 image id, returning the
 * key).  ALBUM_LOCK_VISIBILITY reads an album's visibility under a share
 * lock, so that a change of visibility (which locks the row to update it)
 * waits for the files being attached with the old one, or they wait for
 * it.  ALBUM_LOCK takes the row for a deletion.  A list's first image is
 * a LATERAL subquery on album_images(album_id, id); a list takes its
 * filters, then $n offset and $n+1 limit.
 */
#ifndef PETORY_PG_SQL_ALBUMS_H
#define PETORY_PG_SQL_ALBUMS_H

/* Columns 0..6 (6: the owner's nickname, from the join); a list adds its
 * first image at 7..10. */
#define PETORY__PG_ALBUM_COLUMNS                                    \
	"a.id, a.owner_id, a.content, a.visibility, a.created_at, " \
	"a.updated_at, u.nickname"
#define PETORY__PG_ALBUM_FROM \
	" FROM albums a LEFT JOIN users u ON u.id = a.owner_id"
#define PETORY__PG_ALBUM_LIST(where, offset, limit)                          \
	"SELECT " PETORY__PG_ALBUM_COLUMNS ", i.id, i.file_key, f.private, " \
	"i.created_at" PETORY__PG_ALBUM_FROM                                 \
	" LEFT JOIN LATERAL (SELECT id, file_key, created_at "               \
	"FROM album_images WHERE album_id = a.id ORDER BY id LIMIT 1) i "    \
	"ON true LEFT JOIN files f ON f.key = i.file_key WHERE " where       \
	" ORDER BY a.id DESC OFFSET " offset " LIMIT " limit

#define PETORY__PG_SQL_ALBUMS(X)                                              \
	X(ALBUM_INSERT, "INSERT INTO albums(owner_id, content, visibility, "  \
			"local_date, created_at, updated_at) "                \
			"VALUES($1, $2, $3, $4, $5, $5) RETURNING id")        \
	X(ALBUM_IMAGE_INSERT, "INSERT INTO album_images(album_id, file_key, " \
			      "created_at) VALUES($1, $2, $3)")               \
	X(ALBUM_GET, "SELECT " PETORY__PG_ALBUM_COLUMNS PETORY__PG_ALBUM_FROM \
		     " WHERE a.id = $1")                                      \
	X(ALBUM_IMAGES,                                                       \
		"SELECT i.id, i.file_key, f.private, i.created_at "           \
		"FROM album_images i JOIN files f ON f.key = i.file_key "     \
		"WHERE i.album_id = $1 ORDER BY i.id")                        \
	X(ALBUM_COUNT_PUBLIC,                                                 \
		"SELECT count(*) FROM albums WHERE visibility = 0")           \
	X(ALBUM_LIST_PUBLIC,                                                  \
		PETORY__PG_ALBUM_LIST("a.visibility = 0", "$1", "$2"))        \
	X(ALBUM_COUNT_OWNER,                                                  \
		"SELECT count(*) FROM albums WHERE owner_id = $1 AND "        \
		"($2::integer != 0 OR visibility = 0)")                       \
	X(ALBUM_LIST_OWNER, PETORY__PG_ALBUM_LIST("a.owner_id = $1 AND "      \
						  "($2::integer != 0 OR "     \
						  "a.visibility = 0)",        \
				    "$3", "$4"))                              \
	X(ALBUM_UPDATE,                                                       \
		"UPDATE albums SET content = CASE WHEN $2::text IS NULL "     \
		"THEN content WHEN $2::text = '' THEN NULL ELSE $2::text "    \
		"END, visibility = CASE WHEN $3::integer >= 0 THEN "          \
		"$3::integer ELSE visibility END, updated_at = $4 "           \
		"WHERE id = $1")                                              \
	X(ALBUM_FILES_PRIVATE,                                                \
		"UPDATE files SET private = "                                 \
		"(SELECT visibility FROM albums WHERE id = $1) WHERE key IN " \
		"(SELECT file_key FROM album_images WHERE album_id = $1)")    \
	X(ALBUM_LOCK_VISIBILITY,                                              \
		"SELECT visibility FROM albums WHERE id = $1 FOR SHARE")      \
	X(ALBUM_LOCK, "SELECT 1 FROM albums WHERE id = $1 FOR UPDATE")        \
	X(ALBUM_DELETE_FILES,                                                 \
		"DELETE FROM files WHERE key IN (SELECT file_key FROM "       \
		"album_images WHERE album_id = $1) RETURNING key")            \
	X(ALBUM_DELETE, "DELETE FROM albums WHERE id = $1")                   \
	X(ALBUM_IMAGE_ALBUM,                                                  \
		"SELECT album_id FROM album_images WHERE id = $1")            \
	X(ALBUM_IMAGE_DELETE,                                                 \
		"DELETE FROM files WHERE key = "                              \
		"(SELECT file_key FROM album_images WHERE id = $1) "          \
		"RETURNING key")

#endif
