/* sql_chat.h -- the PostgreSQL statements of the chat table
 * (store/postgres/chat.c; see pg_statements.h for the X-macro's shape).
 *
 * A message is 8 columns: id, room_id, sender_id, sender nickname, type,
 * content, client_msg_id, created_at.  A room as viewer V sees it: id,
 * trade_board_id, listing title, seller_id, customer_id, opponent id,
 * opponent nickname, V's unread count, V is a member (0/1), created_at,
 * activity_at, then its last message (columns 11..18, NULL before the
 * first).
 */
#ifndef PETORY_PG_SQL_CHAT_H
#define PETORY_PG_SQL_CHAT_H

/* clang-format off */
#define PETORY__PG_CHAT_MESSAGE_COLUMNS(m, u)                               \
	m ".id, " m ".room_id, " m ".sender_id, " u ".nickname, " m ".type, " \
	m ".content, " m ".client_msg_id, " m ".created_at"
#define PETORY__PG_CHAT_OPPONENT(v)                                         \
	"(CASE WHEN r.seller_id = " v " THEN r.customer_id ELSE r.seller_id " \
	"END)"
#define PETORY__PG_CHAT_ROOM_SELECT(v)                                      \
	"SELECT r.id, r.trade_board_id, t.title, r.seller_id, r.customer_id, " \
	PETORY__PG_CHAT_OPPONENT(v) ", ou.nickname, coalesce(me.unread, 0), " \
	"CASE WHEN me.user_id IS NULL THEN 0 ELSE 1 END, r.created_at, "    \
	"r.activity_at, " PETORY__PG_CHAT_MESSAGE_COLUMNS("lm", "lu")       \
	" FROM chat_rooms r JOIN trade_boards t ON t.id = r.trade_board_id " \
	"LEFT JOIN chat_members me ON me.room_id = r.id AND me.user_id = " v \
	" LEFT JOIN users ou ON ou.id = " PETORY__PG_CHAT_OPPONENT(v)       \
	" LEFT JOIN chat_messages lm ON lm.id = r.last_message_id "         \
	"LEFT JOIN users lu ON lu.id = lm.sender_id "
#define PETORY__PG_CHAT_MESSAGE_SELECT                                      \
	"SELECT " PETORY__PG_CHAT_MESSAGE_COLUMNS("m", "u")                 \
	" FROM chat_messages m LEFT JOIN users u ON u.id = m.sender_id "

#define PETORY__PG_SQL_CHAT(X)                                                \
	/* one room per (listing, buyer): the unique index chat_rooms_once */ \
	X(CHAT_ROOM_INSERT, "INSERT INTO chat_rooms(trade_board_id, seller_id, " \
		"customer_id, activity_at, created_at) VALUES($1::bigint, "     \
		"$2::bigint, $3::bigint, $4::bigint, $4::bigint) ON CONFLICT " \
		"(trade_board_id, customer_id) DO NOTHING RETURNING id")       \
	X(CHAT_ROOM_FIND, "SELECT id FROM chat_rooms WHERE trade_board_id = " \
		"$1::bigint AND customer_id = $2::bigint")                     \
	X(CHAT_MEMBER_INSERT, "INSERT INTO chat_members(room_id, user_id) "    \
		"VALUES($1::bigint, $2::bigint) ON CONFLICT DO NOTHING")       \
	X(CHAT_MEMBER_SET_HIDDEN, "UPDATE chat_members SET hidden = "          \
		"$3::integer WHERE room_id = $1::bigint AND user_id = "        \
		"$2::bigint")                                                  \
	/* the room's row lock: messages of a room are stored one at a time \
	 * (FOR UPDATE) and a read mark waits for them (FOR SHARE) */        \
	X(CHAT_ROOM_LOCK, "SELECT last_message_id FROM chat_rooms WHERE id = " \
		"$1::bigint FOR UPDATE")                                       \
	X(CHAT_ROOM_LAST, "SELECT last_message_id FROM chat_rooms WHERE id = " \
		"$1::bigint FOR SHARE")                                        \
	X(CHAT_MEMBER_READ, "UPDATE chat_members SET unread = 0, "             \
		"last_read_id = $3::bigint WHERE room_id = $1::bigint AND "    \
		"user_id = $2::bigint")                                        \
	X(CHAT_ROOM_GET, PETORY__PG_CHAT_ROOM_SELECT("$2::bigint")             \
		"WHERE r.id = $1::bigint")                                     \
	X(CHAT_ROOM_COUNT, "SELECT count(*) FROM chat_members WHERE user_id = " \
		"$1::bigint AND hidden = 0")                                   \
	X(CHAT_ROOM_LIST, PETORY__PG_CHAT_ROOM_SELECT("$1::bigint")            \
		"WHERE r.id IN (SELECT room_id FROM chat_members WHERE "       \
		"user_id = $1::bigint AND hidden = 0) ORDER BY r.activity_at " \
		"DESC, r.id DESC OFFSET $2::bigint LIMIT $3::bigint")          \
	X(CHAT_MESSAGES, PETORY__PG_CHAT_MESSAGE_SELECT "WHERE m.room_id = "   \
		"$1::bigint AND ($2::bigint = 0 OR m.id < $2::bigint) ORDER "  \
		"BY m.id DESC LIMIT $3::bigint")                               \
	X(CHAT_MESSAGE_GET, PETORY__PG_CHAT_MESSAGE_SELECT                     \
		"WHERE m.id = $1::bigint")                                     \
	X(CHAT_MESSAGE_BY_CLIENT, "SELECT id FROM chat_messages WHERE "        \
		"room_id = $1::bigint AND sender_id = $2::bigint AND "         \
		"client_msg_id = $3")                                          \
	X(CHAT_MESSAGE_INSERT, "INSERT INTO chat_messages(room_id, sender_id, " \
		"type, content, client_msg_id, created_at) VALUES($1::bigint, " \
		"$2::bigint, $3::integer, $4, $5, $6::bigint) RETURNING id")   \
	X(CHAT_ROOM_TOUCH, "UPDATE chat_rooms SET last_message_id = "          \
		"$2::bigint, activity_at = $3::bigint WHERE id = $1::bigint")  \
	X(CHAT_MEMBERS_ON_MESSAGE, "UPDATE chat_members SET hidden = 0, "      \
		"unread = CASE WHEN user_id = $2::bigint THEN 0 ELSE unread + " \
		"1 END, last_read_id = CASE WHEN user_id = $2::bigint THEN "   \
		"$3::bigint ELSE last_read_id END WHERE room_id = $1::bigint") \
	/* "unless unread" is a read then a write: a transaction-level     \
	 * advisory lock per (user, type, link) makes it one step */        \
	X(CHAT_NOTE_LOCK, "SELECT pg_advisory_xact_lock(hashtextextended("    \
		"'petory.chat_note:' || $1::bigint || ':' || $2::integer || "  \
		"':' || coalesce($3::text, ''), 0))")                          \
	X(CHAT_NOTIFY_UNLESS_UNREAD, "INSERT INTO notifications(user_id, "     \
		"type, content, link, created_at) SELECT $1::bigint, "         \
		"$2::integer, $3::text, $4::text, $5::bigint WHERE NOT EXISTS " \
		"(SELECT 1 FROM notifications WHERE user_id = $1::bigint AND " \
		"type = $2::integer AND link IS NOT DISTINCT FROM $4::text "   \
		"AND read_at IS NULL) RETURNING id")
/* clang-format on */

#endif
