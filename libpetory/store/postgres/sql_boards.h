/* sql_boards.h -- the PostgreSQL statements of the boards table
 * (store/postgres/board.c; see pg_statements.h for the X-macro's shape).
 *
 * Columns 0..8 of a post: id, writer_id, nickname, title, content,
 * comment_count, created_at, updated_at, deleted_at; a list adds its
 * first image at 9..12.  Lists of live posts, newest first: BOARD_LIST
 * takes $1 a title substring, $2 a title-or-content substring (each NULL:
 * none), $3 offset, $4 limit; BOARD_SEARCH takes the same two filters,
 * $3 the text of an FTS5 phrase (SQLite's owner_boards_fts MATCH) found
 * in the title or the content through their trigram indexes, $4 offset,
 * $5 limit.  The search's phrase condition has no NULL case, so that
 * every plan of it, generic ones included, can use those indexes.
 */
#ifndef PETORY_PG_SQL_BOARDS_H
#define PETORY_PG_SQL_BOARDS_H

#include "store/postgres/sql_text.h"

/* clang-format off */
#define PETORY__PG_BOARD_COLUMNS(content)                  \
	"b.id, b.writer_id, u.nickname, b.title, " content \
	", b.comment_count, b.created_at, b.updated_at, b.deleted_at"
#define PETORY__PG_BOARD_FROM                                               \
	" FROM owner_boards b LEFT JOIN users u ON u.id = b.writer_id"
#define PETORY__PG_BOARD_FILTER                                             \
	" WHERE b.deleted_at IS NULL AND ($1::text IS NULL OR "             \
	PETORY__PG_CONTAINS_ASCII_CI("b.title", "$1::text") ") AND "        \
	"($2::text IS NULL OR "                                             \
	PETORY__PG_CONTAINS_ASCII_CI("b.title", "$2::text") " OR "          \
	PETORY__PG_CONTAINS_ASCII_CI("b.content", "$2::text") ")"
#define PETORY__PG_BOARD_MATCH                                              \
	" AND char_length($3::text) >= 3 AND ("                             \
	PETORY__PG_TRIGRAM_PHRASE("b.title", "$3::text") " OR "             \
	PETORY__PG_TRIGRAM_PHRASE("b.content", "$3::text") ")"
#define PETORY__PG_BOARD_PAGE(where, offset, limit)                         \
	"SELECT " PETORY__PG_BOARD_COLUMNS("left(b.content, 100)")          \
	", i.id, i.file_key, fl.private, i.created_at" PETORY__PG_BOARD_FROM \
	" LEFT JOIN owner_board_images i ON i.id = (SELECT min(id) FROM "   \
	"owner_board_images WHERE post_id = b.id) LEFT JOIN files fl ON "   \
	"fl.key = i.file_key" where " ORDER BY b.id DESC OFFSET " offset    \
	"::bigint LIMIT " limit "::bigint"
#define PETORY__PG_COMMENT_SELECT                                      \
	"SELECT c.id, c.post_id, c.writer_id, u.nickname, c.content, " \
	"c.created_at, c.updated_at FROM owner_board_comments c "       \
	"LEFT JOIN users u ON u.id = c.writer_id "

#define PETORY__PG_SQL_BOARDS(X)                                              \
	X(BOARD_INSERT, "INSERT INTO owner_boards(writer_id, title, content, " \
		"created_at, updated_at) VALUES($1::bigint, $2, $3, "          \
		"$4::bigint, $4::bigint) RETURNING id")                        \
	X(BOARD_IMAGE_INSERT, "INSERT INTO owner_board_images(post_id, "      \
		"file_key, created_at) VALUES($1::bigint, $2, $3::bigint)")    \
	/* 1 live, 0 deleted; locks the post against a delete until the    \
	 * images being added are in */                                    \
	X(BOARD_STATE_LOCK, "SELECT CASE WHEN deleted_at IS NULL THEN 1 "     \
		"ELSE 0 END FROM owner_boards WHERE id = $1::bigint FOR SHARE") \
	X(BOARD_GET, "SELECT " PETORY__PG_BOARD_COLUMNS("b.content")          \
		PETORY__PG_BOARD_FROM " WHERE b.id = $1::bigint")              \
	X(BOARD_IMAGES,                                                       \
		"SELECT i.id, i.file_key, f.private, i.created_at "           \
		"FROM owner_board_images i JOIN files f ON f.key = "          \
		"i.file_key WHERE i.post_id = $1::bigint ORDER BY i.id")      \
	X(BOARD_COUNT, "SELECT count(*)" PETORY__PG_BOARD_FROM                \
		PETORY__PG_BOARD_FILTER)                                       \
	X(BOARD_LIST, PETORY__PG_BOARD_PAGE(PETORY__PG_BOARD_FILTER, "$3",    \
		"$4"))                                                         \
	X(BOARD_SEARCH_COUNT, "SELECT count(*)" PETORY__PG_BOARD_FROM         \
		PETORY__PG_BOARD_FILTER PETORY__PG_BOARD_MATCH)                \
	X(BOARD_SEARCH, PETORY__PG_BOARD_PAGE(PETORY__PG_BOARD_FILTER         \
		PETORY__PG_BOARD_MATCH, "$4", "$5"))                           \
	X(BOARD_UPDATE,                                                       \
		"UPDATE owner_boards SET title = coalesce($2, title), "       \
		"content = coalesce($3, content), updated_at = $4::bigint "   \
		"WHERE id = $1::bigint AND deleted_at IS NULL")               \
	X(BOARD_SET_DELETED,                                                  \
		"UPDATE owner_boards SET deleted_at = CASE WHEN $2::integer " \
		"<> 0 THEN $3::bigint END, updated_at = $3::bigint WHERE id = " \
		"$1::bigint AND (deleted_at IS NULL) = ($2::integer <> 0)")    \
	X(BOARD_FILES_PRIVATE,                                                \
		"UPDATE files SET private = $2::integer WHERE key IN (SELECT " \
		"file_key FROM owner_board_images WHERE post_id = $1::bigint)") \
	X(BOARD_IMAGE_DELETE,                                                 \
		"DELETE FROM files WHERE key = (SELECT file_key FROM "        \
		"owner_board_images WHERE id = $1::bigint AND post_id = "     \
		"$2::bigint) RETURNING key")                                  \
	/* $2 +1 needs a live post; -1 follows a deleted comment */        \
	X(BOARD_COMMENT_COUNT_ADD,                                            \
		"UPDATE owner_boards SET comment_count = comment_count + "    \
		"$2::bigint WHERE id = $1::bigint AND ($2::bigint < 0 OR "    \
		"deleted_at IS NULL)")                                        \
	X(BOARD_COMMENT_INSERT,                                               \
		"INSERT INTO owner_board_comments(post_id, writer_id, "       \
		"content, created_at, updated_at) VALUES($1::bigint, "        \
		"$2::bigint, $3, $4::bigint, $4::bigint) RETURNING id")       \
	X(BOARD_COMMENT_TOTAL, "SELECT comment_count FROM owner_boards "      \
		"WHERE id = $1::bigint AND deleted_at IS NULL")               \
	X(BOARD_COMMENT_GET, PETORY__PG_COMMENT_SELECT                        \
		"WHERE c.id = $1::bigint")                                    \
	X(BOARD_COMMENTS, PETORY__PG_COMMENT_SELECT "WHERE c.post_id = "      \
		"$1::bigint ORDER BY c.id OFFSET $2::bigint LIMIT $3::bigint") \
	X(BOARD_COMMENT_UPDATE, "UPDATE owner_board_comments SET content = "  \
		"$2, updated_at = $3::bigint WHERE id = $1::bigint")          \
	X(BOARD_COMMENT_DELETE, "DELETE FROM owner_board_comments WHERE "     \
		"id = $1::bigint RETURNING post_id")
/* clang-format on */

#endif
