/* sql_trades.h -- the PostgreSQL statements of the trades table
 * (store/postgres/trade.c; see pg_statements.h for the X-macro's shape).
 *
 * Columns 0..9 of a listing: id, seller_id, nickname, category, title,
 * content, price, status, created_at, updated_at; a list adds its first
 * image at 10..13.  List parameters: $1 seller (0: the public list), $2
 * category (-1: any), $3 title-or-content substring (NULL: any), $4
 * offset, $5 limit.  Status numbers: 0 FOR_SALE, 1 RESERVED, 2 SOLD_OUT,
 * 3 HIDDEN, 4 DELETED.
 */
#ifndef PETORY_PG_SQL_TRADES_H
#define PETORY_PG_SQL_TRADES_H

#include "store/postgres/sql_text.h"

/* clang-format off */
#define PETORY__PG_TRADE_COLUMNS(content)                                  \
	"t.id, t.seller_id, u.nickname, t.category, t.title, " content     \
	", t.price, t.status, t.created_at, t.updated_at"
#define PETORY__PG_TRADE_FROM                                              \
	" FROM trade_boards t LEFT JOIN users u ON u.id = t.seller_id"
#define PETORY__PG_TRADE_FILTER                                            \
	" WHERE (CASE WHEN $1::bigint > 0 THEN t.seller_id = $1::bigint "  \
	"AND t.status <> 4 ELSE t.status IN (0, 1, 2) END) AND "           \
	"($2::integer < 0 OR t.category = $2::integer) AND ($3::text IS "  \
	"NULL OR " PETORY__PG_CONTAINS_ASCII_CI("t.title", "$3::text")     \
	" OR " PETORY__PG_CONTAINS_ASCII_CI("t.content", "$3::text") ")"

#define PETORY__PG_SQL_TRADES(X)                                              \
	X(TRADE_INSERT, "INSERT INTO trade_boards(seller_id, category, title, " \
		"content, price, created_at, updated_at) VALUES($1::bigint, "  \
		"$2::integer, $3, $4, $5::bigint, $6::bigint, $6::bigint) "    \
		"RETURNING id")                                                \
	X(TRADE_IMAGE_INSERT, "INSERT INTO trade_board_images(post_id, "       \
		"file_key, created_at) VALUES($1::bigint, $2, $3::bigint)")    \
	X(TRADE_GET, "SELECT " PETORY__PG_TRADE_COLUMNS("t.content")           \
		PETORY__PG_TRADE_FROM " WHERE t.id = $1::bigint")              \
	X(TRADE_IMAGES,                                                        \
		"SELECT i.id, i.file_key, f.private, i.created_at "            \
		"FROM trade_board_images i JOIN files f ON f.key = "           \
		"i.file_key WHERE i.post_id = $1::bigint ORDER BY i.id")       \
	X(TRADE_COUNT, "SELECT count(*)" PETORY__PG_TRADE_FROM                 \
		PETORY__PG_TRADE_FILTER)                                       \
	X(TRADE_LIST, "SELECT " PETORY__PG_TRADE_COLUMNS(                      \
		"left(t.content, 30)") ", i.id, i.file_key, fl.private, "      \
		"i.created_at" PETORY__PG_TRADE_FROM " LEFT JOIN "             \
		"trade_board_images i ON i.id = (SELECT min(id) FROM "         \
		"trade_board_images WHERE post_id = t.id) LEFT JOIN files fl " \
		"ON fl.key = i.file_key" PETORY__PG_TRADE_FILTER               \
		" ORDER BY t.id DESC OFFSET $4::bigint LIMIT $5::bigint")      \
	/* the row lock every change of a listing takes first */             \
	X(TRADE_STATUS_LOCK, "SELECT status FROM trade_boards WHERE id = "     \
		"$1::bigint FOR UPDATE")                                       \
	X(TRADE_UPDATE,                                                        \
		"UPDATE trade_boards SET category = CASE WHEN $2::integer >= " \
		"0 THEN $2::integer ELSE category END, title = coalesce($3, "  \
		"title), content = coalesce($4, content), price = CASE WHEN "  \
		"$5::bigint >= 0 THEN $5::bigint ELSE price END, updated_at = " \
		"$6::bigint WHERE id = $1::bigint")                            \
	X(TRADE_SET_STATUS, "UPDATE trade_boards SET status = $2::integer, "   \
		"updated_at = $3::bigint WHERE id = $1::bigint")               \
	X(TRADE_FILES_PRIVATE,                                                 \
		"UPDATE files SET private = (SELECT CASE WHEN status IN (3, "  \
		"4) THEN 1 ELSE 0 END FROM trade_boards WHERE id = "           \
		"$1::bigint) WHERE key IN (SELECT file_key FROM "              \
		"trade_board_images WHERE post_id = $1::bigint)")              \
	X(TRADE_IMAGE_DELETE,                                                  \
		"DELETE FROM files WHERE key = (SELECT file_key FROM "         \
		"trade_board_images WHERE id = $1::bigint AND post_id = "      \
		"$2::bigint) RETURNING key")
/* clang-format on */

#endif
