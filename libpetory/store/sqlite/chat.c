/* chat.c -- the SQLite side of chat rooms, their members and messages
 * (the table petory__sqlite_chat, serving domain/chat.c).
 *
 * A room is unique per (listing, buyer) through the chat_rooms_once
 * index, so two racing opens make one room.  A member row holds that
 * member's hidden flag, read mark and unread count; the transaction that
 * stores a message moves them, the room's activity and the offline
 * members' notifications together, so a list shows unread counts and the
 * last message without a query per row.  A client_msg_id is looked up
 * inside that same transaction (BEGIN IMMEDIATE), so a resend racing its
 * original still stores one message.
 */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_internal.h"

#define WITH_CONN PETORY__WITH_STORE_CONN

/* Columns of a message in PETORY__CHAT_MESSAGE_COLUMNS order from col. */
#define MESSAGE_COLUMNS 8
#define ROOM_MESSAGE_COL 11

static int room_absent(void)
{
	return petory_error_set(PETORY_ENOTFOUND, NULL, "no such chat room");
}

static int member_absent(void)
{
	return petory_error_set(
		PETORY_ENOTFOUND, NULL, "no such member of that chat room");
}

static int read_message(petory_chat_message *m, sqlite3_stmt *s, int col)
{
	memset(m, 0, sizeof(*m));
	m->id = sqlite3_column_int64(s, col);
	m->room_id = sqlite3_column_int64(s, col + 1);
	m->sender_id = sqlite3_column_int64(s, col + 2);
	m->type = (petory_chat_message_type)sqlite3_column_int(s, col + 4);
	m->created_at = sqlite3_column_int64(s, col + 7);
	if (petory__column_text(&m->sender_nickname, s, col + 3) < 0 ||
		petory__column_text(&m->content, s, col + 5) < 0 ||
		petory__column_text(&m->client_msg_id, s, col + 6) < 0) {
		petory__chat_message_clear(m);
		return petory__error_oom();
	}
	return 0;
}

/* A room row of PETORY__CHAT_ROOM_SELECT; *member_out may be NULL. */
static int read_room(petory_chat_room *r, int *member_out, sqlite3_stmt *s)
{
	int error = 0;
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(s, 0);
	r->trade_board_id = sqlite3_column_int64(s, 1);
	r->seller_id = sqlite3_column_int64(s, 3);
	r->customer_id = sqlite3_column_int64(s, 4);
	r->opponent_id = sqlite3_column_int64(s, 5);
	r->unread_count = sqlite3_column_int64(s, 7);
	if (member_out)
		*member_out = sqlite3_column_int(s, 8);
	r->created_at = sqlite3_column_int64(s, 9);
	r->updated_at = sqlite3_column_int64(s, 10);
	if ((error = petory__column_text(&r->trade_board_title, s, 2)) < 0 ||
		(error = petory__column_text(&r->opponent_nickname, s, 6)) < 0)
		return error;
	if (sqlite3_column_type(s, ROOM_MESSAGE_COL) == SQLITE_NULL)
		return 0;
	if (!(r->last_message = calloc(1, sizeof(*r->last_message))))
		return petory__error_oom();
	return read_message(r->last_message, s, ROOM_MESSAGE_COL);
}

static int chat_room_open(int64_t *room_id_out, int *created_out,
	petory_store *st, int64_t trade_board_id, int64_t seller_id,
	int64_t customer_id, int may_create, petory_time_ms now)
{
	int64_t members[2];
	int error = 0;
	members[0] = seller_id;
	members[1] = customer_id;
	*room_id_out = 0;
	*created_out = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *ins =
			petory__stmt(conn, PETORY__STMT_CHAT_ROOM_INSERT);
		sqlite3_stmt *find =
			petory__stmt(conn, PETORY__STMT_CHAT_ROOM_FIND);
		sqlite3_stmt *member =
			petory__stmt(conn, PETORY__STMT_CHAT_MEMBER_INSERT);
		sqlite3_stmt *show =
			petory__stmt(conn, PETORY__STMT_CHAT_MEMBER_SET_HIDDEN);
		int64_t id = 0;
		int rc;
		int i;
		if (!ins || !find || !member || !show) {
			error = petory_error_last()->code;
			break;
		}
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		if (may_create) {
			sqlite3_bind_int64(ins, 1, trade_board_id);
			sqlite3_bind_int64(ins, 2, seller_id);
			sqlite3_bind_int64(ins, 3, customer_id);
			sqlite3_bind_int64(ins, 4, now);
			if ((error = petory__step_done(conn, ins, 0)) == 0)
				*created_out = sqlite3_changes(conn->db) > 0;
		}
		if (!error) {
			sqlite3_bind_int64(find, 1, trade_board_id);
			sqlite3_bind_int64(find, 2, customer_id);
			rc = sqlite3_step(find);
			if (rc == SQLITE_ROW)
				id = sqlite3_column_int64(find, 0);
			else if (rc == SQLITE_DONE)
				error = petory_error_set(PETORY_ENOTFOUND, NULL,
					"no chat room of that listing and "
					"buyer");
			else
				error = petory__sqlite_error(
					conn, rc, "room find");
			petory__stmt_done(find);
		}
		for (i = 0; i < 2 && !error && *created_out; i++) {
			sqlite3_bind_int64(member, 1, id);
			sqlite3_bind_int64(member, 2, members[i]);
			error = petory__step_done(conn, member, 0);
		}
		if (!error) {
			sqlite3_bind_int64(show, 1, id);
			sqlite3_bind_int64(show, 2, customer_id);
			sqlite3_bind_int(show, 3, 0);
			error = petory__step_done(conn, show, 0);
		}
		if ((error = petory__tx_end(conn, error)) == 0)
			*room_id_out = id;
		else
			*created_out = 0;
	});
	return error;
}

static int chat_room_get(petory_chat_room *out, int *member_out,
	petory_store *st, int64_t room_id, int64_t viewer_id)
{
	int error = 0;
	memset(out, 0, sizeof(*out));
	*member_out = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_CHAT_ROOM_GET);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, room_id);
		sqlite3_bind_int64(s, 2, viewer_id);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			error = read_room(out, member_out, s);
		else if (rc == SQLITE_DONE)
			error = room_absent();
		else
			error = petory__sqlite_error(conn, rc, "chat_room_get");
		petory__stmt_done(s);
	});
	return error;
}

static int read_listed_room(void *obj, sqlite3_stmt *s)
{
	return read_room(obj, NULL, s);
}

static int chat_room_list(petory_chat_room_page *out, petory_store *st,
	int64_t user_id, int64_t offset, int64_t limit)
{
	void *items = NULL;
	int error = 0;
	memset(out, 0, sizeof(*out));
	WITH_CONN(st, conn, {
		sqlite3_stmt *count =
			petory__stmt(conn, PETORY__STMT_CHAT_ROOM_COUNT);
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_CHAT_ROOM_LIST);
		if (!count || !s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(count, 1, user_id);
		sqlite3_bind_int64(s, 1, user_id);
		error = petory__sqlite_page(&items, &out->count, &out->total,
			conn, count, s, offset, limit, sizeof(*out->items),
			read_listed_room, "chat_room_list");
	});
	out->items = items;
	if (error)
		petory_chat_room_page_dispose(out);
	return error;
}

static int chat_messages(petory_chat_message **out, size_t *count_out,
	int *has_more_out, petory_store *st, int64_t room_id, int64_t before,
	int64_t limit)
{
	petory_chat_message *items = NULL;
	size_t count = 0, i;
	int error = 0;
	*out = NULL;
	*count_out = 0;
	*has_more_out = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_CHAT_MESSAGES);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		if (!(items = calloc((size_t)limit, sizeof(*items)))) {
			error = petory__error_oom();
			break;
		}
		sqlite3_bind_int64(s, 1, room_id);
		sqlite3_bind_int64(s, 2, before);
		sqlite3_bind_int64(s, 3, limit + 1); /* one more: has_more */
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			if (count == (size_t)limit) {
				*has_more_out = 1;
				rc = SQLITE_DONE;
				break;
			}
			if ((error = read_message(&items[count], s, 0)) < 0)
				break;
			count++;
		}
		if (!error && rc != SQLITE_DONE)
			error = petory__sqlite_error(conn, rc, "chat_messages");
		petory__stmt_done(s);
	});
	if (error) {
		for (i = 0; i < count; i++)
			petory__chat_message_clear(&items[i]);
		free(items);
		*has_more_out = 0;
		return error;
	}
	/* newest first from SQL; oldest first for the caller */
	for (i = 0; i < count / 2; i++) {
		petory_chat_message t = items[i];
		items[i] = items[count - 1 - i];
		items[count - 1 - i] = t;
	}
	*out = items;
	*count_out = count;
	return 0;
}

static int chat_message_get(
	petory_chat_message **out, petory_store *st, int64_t id)
{
	petory_chat_message *m = NULL;
	int error = 0;
	*out = NULL;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_CHAT_MESSAGE_GET);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		if (!(m = calloc(1, sizeof(*m)))) {
			error = petory__error_oom();
			break;
		}
		sqlite3_bind_int64(s, 1, id);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			error = read_message(m, s, 0);
		else if (rc == SQLITE_DONE)
			error = petory_error_set(
				PETORY_ENOTFOUND, NULL, "no such message");
		else
			error = petory__sqlite_error(
				conn, rc, "chat_message_get");
		petory__stmt_done(s);
	});
	if (error) {
		free(m);
		return error;
	}
	*out = m;
	return 0;
}

/* Inside the message's transaction: *id_out is the message of the
 * sender's client_msg_id in the room, or 0. */
static int find_resend(
	int64_t *id_out, petory__conn *conn, const petory_chat_message *m)
{
	sqlite3_stmt *s =
		petory__stmt(conn, PETORY__STMT_CHAT_MESSAGE_BY_CLIENT);
	int rc, error = 0;
	*id_out = 0;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, m->room_id);
	sqlite3_bind_int64(s, 2, m->sender_id);
	sqlite3_bind_text(s, 3, m->client_msg_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id_out = sqlite3_column_int64(s, 0);
	else if (rc != SQLITE_DONE)
		error = petory__sqlite_error(conn, rc, "chat resend");
	petory__stmt_done(s);
	return error;
}

/* Inside the message's transaction: the image's file (the domain checked
 * that it was presigned for this room) is attached, private. */
static int attach_image(
	petory__conn *conn, const petory_chat_message *m, petory_time_ms now)
{
	const char *key = m->content;
	return petory__sqlite_attach(
		conn, &key, 1, m->sender_id, PETORY_FILE_CHAT, 1, now);
}

/* Inside the message's transaction: a notification unless its user has
 * an unread one of its type and link (n->id 0 then). */
static int notify_unless_unread(petory__conn *conn, petory_notification *n)
{
	sqlite3_stmt *s =
		petory__stmt(conn, PETORY__STMT_CHAT_NOTIFY_UNLESS_UNREAD);
	int error;
	n->id = 0;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, n->user_id);
	sqlite3_bind_int(s, 2, (int)n->type);
	sqlite3_bind_text(s, 3, n->content, -1, SQLITE_STATIC);
	petory__bind_text_or_null(s, 4, n->link);
	sqlite3_bind_int64(s, 5, n->created_at);
	if ((error = petory__step_done(conn, s, 0)) == 0 &&
		sqlite3_changes(conn->db) > 0)
		n->id = sqlite3_last_insert_rowid(conn->db);
	return error;
}

/* Inside the message's transaction: the message row, the room's activity
 * and the members' counters. */
static int insert_message(int64_t *id_out, petory__conn *conn,
	const petory_chat_message *m, petory_time_ms now)
{
	sqlite3_stmt *ins =
		petory__stmt(conn, PETORY__STMT_CHAT_MESSAGE_INSERT);
	sqlite3_stmt *touch = petory__stmt(conn, PETORY__STMT_CHAT_ROOM_TOUCH);
	sqlite3_stmt *members =
		petory__stmt(conn, PETORY__STMT_CHAT_MEMBERS_ON_MESSAGE);
	int64_t id;
	int error;
	if (!ins || !touch || !members)
		return petory_error_last()->code;
	sqlite3_bind_int64(ins, 1, m->room_id);
	sqlite3_bind_int64(ins, 2, m->sender_id);
	sqlite3_bind_int(ins, 3, (int)m->type);
	sqlite3_bind_text(ins, 4, m->content, -1, SQLITE_STATIC);
	petory__bind_text_or_null(ins, 5, m->client_msg_id);
	sqlite3_bind_int64(ins, 6, now);
	if ((error = petory__step_done(conn, ins, 0)) < 0)
		return error;
	id = sqlite3_last_insert_rowid(conn->db);
	sqlite3_bind_int64(touch, 1, m->room_id);
	sqlite3_bind_int64(touch, 2, id);
	sqlite3_bind_int64(touch, 3, now);
	if ((error = petory__step_done(conn, touch, 0)) < 0)
		return error;
	sqlite3_bind_int64(members, 1, m->room_id);
	sqlite3_bind_int64(members, 2, m->sender_id);
	sqlite3_bind_int64(members, 3, id);
	if ((error = petory__step_done(conn, members, 0)) < 0)
		return error;
	*id_out = id;
	return 0;
}

static int chat_message_insert(int64_t *id_out, int *duplicate_out,
	petory_store *st, const petory_chat_message *m,
	petory_notification *notes, size_t note_count, petory_time_ms now)
{
	int error = 0;
	*id_out = 0;
	*duplicate_out = 0;
	WITH_CONN(st, conn, {
		int64_t id = 0;
		size_t i;
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		if (m->client_msg_id)
			error = find_resend(&id, conn, m);
		if (!error && id) {
			*duplicate_out = 1;
		} else if (!error) {
			if (m->type == PETORY_CHAT_IMAGE)
				error = attach_image(conn, m, now);
			if (!error)
				error = insert_message(&id, conn, m, now);
			for (i = 0; i < note_count && !error; i++)
				error = notify_unless_unread(conn, &notes[i]);
		}
		if ((error = petory__tx_end(conn, error)) == 0)
			*id_out = id;
		else
			*duplicate_out = 0;
	});
	return error;
}

static int chat_mark_read(petory_store *st, int64_t room_id, int64_t user_id)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_CHAT_MEMBER_READ);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, room_id);
		sqlite3_bind_int64(s, 2, user_id);
		if ((error = petory__step_done(conn, s, 1)) == PETORY_ENOTFOUND)
			error = member_absent();
	});
	return error;
}

static int chat_set_hidden(
	petory_store *st, int64_t room_id, int64_t user_id, int hidden)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_CHAT_MEMBER_SET_HIDDEN);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, room_id);
		sqlite3_bind_int64(s, 2, user_id);
		sqlite3_bind_int(s, 3, hidden ? 1 : 0);
		if ((error = petory__step_done(conn, s, 1)) == PETORY_ENOTFOUND)
			error = member_absent();
	});
	return error;
}

const petory_store_chat petory__sqlite_chat = {
	.version = PETORY_STORE_CHAT_VERSION,
	.chat_room_open = chat_room_open,
	.chat_room_get = chat_room_get,
	.chat_room_list = chat_room_list,
	.chat_messages = chat_messages,
	.chat_message_get = chat_message_get,
	.chat_message_insert = chat_message_insert,
	.chat_mark_read = chat_mark_read,
	.chat_set_hidden = chat_set_hidden,
};
