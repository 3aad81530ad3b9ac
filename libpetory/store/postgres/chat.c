/* chat.c -- the PostgreSQL side of chat rooms, their members and messages
 * (the table petory__pg_chat, serving domain/chat.c; the SQLite twin is
 * store/sqlite/chat.c).
 *
 * Invariants, which SQLite's single writer gives and which here rest on
 * keys and row locks:
 *   - One room per (listing, buyer): the unique index chat_rooms_once.
 *     An open inserts with ON CONFLICT DO NOTHING, which waits for a
 *     racing insert of the same pair to end, then selects the room; only
 *     the call whose insert returned a row reports `created` and adds the
 *     two members.
 *   - Messages of a room are stored one at a time: the message's
 *     transaction first locks the room's row (FOR UPDATE).  So a
 *     client_msg_id looked up under that lock sees every message stored
 *     before (a resend racing its original stores nothing), ids in a room
 *     grow in commit order (the room's last message is its newest), and
 *     each member's unread count moves by one per message (an atomic
 *     unread + 1 on the member row, in the same transaction).
 *   - A read mark waits for that lock (FOR SHARE) and reads the room's
 *     last message under it, so "read up to the last message" and
 *     "unread 0" agree.
 *   - A note is inserted unless its user has an unread notification of
 *     its type and link; the check and the insert run under a
 *     transaction-level advisory lock of (user, type, link), so of two
 *     racing notes one is written.
 * Every write of a method runs in one transaction (petory__pg_transact);
 * a body may run again after a conflict and sets its out-values afresh.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_rows.h"

/* Where a room row's last message starts (its columns in
 * PETORY__PG_CHAT_MESSAGE_COLUMNS order). */
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

static int read_message(
	petory_chat_message *m, const PGresult *r, int row, int col)
{
	int type = 0, error;
	memset(m, 0, sizeof(*m));
	if ((error = petory__pg_get_int64(&m->id, r, row, col)) < 0 ||
		(error = petory__pg_get_int64(&m->room_id, r, row, col + 1)) <
			0 ||
		(error = petory__pg_get_int64(&m->sender_id, r, row, col + 2)) <
			0 ||
		(error = petory__pg_get_int(&type, r, row, col + 4)) < 0 ||
		(error = petory__pg_get_int64(
			 &m->created_at, r, row, col + 7)) < 0 ||
		(error = petory__pg_get_text(
			 &m->sender_nickname, r, row, col + 3)) < 0 ||
		(error = petory__pg_get_text(&m->content, r, row, col + 5)) <
			0 ||
		(error = petory__pg_get_text(
			 &m->client_msg_id, r, row, col + 6)) < 0) {
		petory__chat_message_clear(m);
		return error;
	}
	m->type = (petory_chat_message_type)type;
	return 0;
}

/* A room row of PETORY__PG_CHAT_ROOM_SELECT; *member_out may be NULL.
 * On failure the room may hold what was read (the caller clears it). */
static int read_room(
	petory_chat_room *room, int *member_out, const PGresult *r, int row)
{
	int member = 0, error;
	memset(room, 0, sizeof(*room));
	if ((error = petory__pg_get_int64(&room->id, r, row, 0)) < 0 ||
		(error = petory__pg_get_int64(
			 &room->trade_board_id, r, row, 1)) < 0 ||
		(error = petory__pg_get_int64(&room->seller_id, r, row, 3)) <
			0 ||
		(error = petory__pg_get_int64(&room->customer_id, r, row, 4)) <
			0 ||
		(error = petory__pg_get_int64(&room->opponent_id, r, row, 5)) <
			0 ||
		(error = petory__pg_get_int64(&room->unread_count, r, row, 7)) <
			0 ||
		(error = petory__pg_get_int(&member, r, row, 8)) < 0 ||
		(error = petory__pg_get_int64(&room->created_at, r, row, 9)) <
			0 ||
		(error = petory__pg_get_int64(&room->updated_at, r, row, 10)) <
			0 ||
		(error = petory__pg_get_text(
			 &room->trade_board_title, r, row, 2)) < 0 ||
		(error = petory__pg_get_text(
			 &room->opponent_nickname, r, row, 6)) < 0)
		return error;
	if (member_out)
		*member_out = member;
	if (petory__pg_is_null(r, row, ROOM_MESSAGE_COL))
		return 0;
	if (!(room->last_message = calloc(1, sizeof(*room->last_message))))
		return petory__error_oom();
	return read_message(room->last_message, r, row, ROOM_MESSAGE_COL);
}

/* ---- rooms ---- */

typedef struct room_open {
	int64_t listing, seller, customer;
	int may_create;
	petory_time_ms now;
	int64_t id; /* out */
	int created;
} room_open;

/* Run stmt with the one id a, or the two ids a and b. */
static int exec_id(PGresult **out, petory__pg_conn *conn,
	petory__pg_stmt_id stmt, int64_t a)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, a);
	return petory__pg_exec(out, conn, stmt, &p);
}

static int exec_ids(PGresult **out, petory__pg_conn *conn,
	petory__pg_stmt_id stmt, int64_t a, int64_t b)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, a);
	petory__pg_param_int64(&p, b);
	return petory__pg_exec(out, conn, stmt, &p);
}

/* Show room_id in user_id's list (hidden 0) or hide it.  With
 * member_only, ENOTFOUND when user_id is not a member; else changing no
 * row is fine. */
static int set_hidden(petory__pg_conn *conn, int64_t room_id, int64_t user_id,
	int hidden, bool member_only)
{
	petory__pg_params p;
	PGresult *r;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, room_id);
	petory__pg_param_int64(&p, user_id);
	petory__pg_param_int64(&p, hidden ? 1 : 0);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_CHAT_MEMBER_SET_HIDDEN, &p)) < 0)
		return error;
	if (member_only && petory__pg_changes(r) == 0)
		error = member_absent();
	PQclear(r);
	return error;
}

static int open_body(petory__pg_conn *conn, void *payload)
{
	room_open *o = payload;
	petory__pg_params p;
	PGresult *r;
	int error;
	o->id = 0;
	o->created = 0;
	if (o->may_create) {
		petory__pg_params_init(&p);
		petory__pg_param_int64(&p, o->listing);
		petory__pg_param_int64(&p, o->seller);
		petory__pg_param_int64(&p, o->customer);
		petory__pg_param_int64(&p, o->now);
		if ((error = petory__pg_exec(&r, conn,
			     PETORY__PG_STMT_CHAT_ROOM_INSERT, &p)) < 0)
			return error;
		if (PQntuples(r) > 0) {
			o->created = 1;
			error = petory__pg_get_int64(&o->id, r, 0, 0);
		}
		PQclear(r);
		if (error)
			return error;
	}
	if (!o->created) {
		if ((error = exec_ids(&r, conn, PETORY__PG_STMT_CHAT_ROOM_FIND,
			     o->listing, o->customer)) < 0)
			return error;
		error = PQntuples(r) > 0
				? petory__pg_get_int64(&o->id, r, 0, 0)
				: petory_error_set(PETORY_ENOTFOUND, NULL,
					  "no chat room of that listing and "
					  "buyer");
		PQclear(r);
		if (error)
			return error;
	} else if ((error = exec_ids(NULL, conn,
			    PETORY__PG_STMT_CHAT_MEMBER_INSERT, o->id,
			    o->seller)) < 0 ||
		   (error = exec_ids(NULL, conn,
			    PETORY__PG_STMT_CHAT_MEMBER_INSERT, o->id,
			    o->customer)) < 0) {
		return error;
	}
	/* the buyer sees the room again */
	return set_hidden(conn, o->id, o->customer, 0, false);
}

static int chat_room_open(int64_t *room_id_out, int *created_out,
	petory_store *st, int64_t trade_board_id, int64_t seller_id,
	int64_t customer_id, int may_create, petory_time_ms now)
{
	room_open o = { trade_board_id, seller_id, customer_id, may_create, now,
		0, 0 };
	int error = petory__pg_transact(
		PETORY__PG_POOL(st), PETORY__PG_READ_COMMITTED, open_body, &o);
	*room_id_out = error ? 0 : o.id;
	*created_out = error ? 0 : o.created;
	return error;
}

static int chat_room_get(petory_chat_room *out, int *member_out,
	petory_store *st, int64_t room_id, int64_t viewer_id)
{
	PGresult *r = NULL;
	int error = 0;
	memset(out, 0, sizeof(*out));
	*member_out = 0;
	PETORY__PG_WITH_CONN(st, conn, error,
		error = exec_ids(&r, conn, PETORY__PG_STMT_CHAT_ROOM_GET,
			room_id, viewer_id));
	if (error)
		return error;
	error = PQntuples(r) > 0 ? read_room(out, member_out, r, 0)
				 : room_absent();
	PQclear(r);
	if (error) {
		petory__chat_room_clear(out);
		*member_out = 0;
	}
	return error;
}

static int read_listed_room(void *obj, const PGresult *r, int row)
{
	return read_room(obj, NULL, r, row);
}

typedef struct room_list {
	petory_chat_room_page *out;
	const petory__pg_params *filters;
	int64_t offset, limit;
} room_list;

static int list_body(petory__pg_conn *conn, void *payload)
{
	room_list *l = payload;
	void *items = NULL;
	int error;
	petory_chat_room_page_dispose(l->out);
	error = petory__pg_page(&items, &l->out->count, &l->out->total, conn,
		PETORY__PG_STMT_CHAT_ROOM_COUNT, PETORY__PG_STMT_CHAT_ROOM_LIST,
		l->filters, l->offset, l->limit, sizeof(*l->out->items),
		read_listed_room);
	l->out->items = items;
	return error;
}

static int chat_room_list(petory_chat_room_page *out, petory_store *st,
	int64_t user_id, int64_t offset, int64_t limit)
{
	petory__pg_params filters;
	room_list l = { out, &filters, offset, limit };
	int error;
	memset(out, 0, sizeof(*out));
	petory__pg_params_init(&filters);
	petory__pg_param_int64(&filters, user_id);
	/* the total and the page from one snapshot */
	error = petory__pg_transact(
		PETORY__PG_POOL(st), PETORY__PG_REPEATABLE_READ, list_body, &l);
	if (error)
		petory_chat_room_page_dispose(out);
	return error;
}

/* ---- messages ---- */

static void messages_free(petory_chat_message *items, size_t count)
{
	size_t i;
	for (i = 0; i < count; i++)
		petory__chat_message_clear(&items[i]);
	free(items);
}

static int chat_messages(petory_chat_message **out, size_t *count_out,
	int *has_more_out, petory_store *st, int64_t room_id, int64_t before,
	int64_t limit)
{
	petory_chat_message *items = NULL;
	petory__pg_params p;
	PGresult *r = NULL;
	size_t count = 0, rows, i;
	int error = 0;
	*out = NULL;
	*count_out = 0;
	*has_more_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, room_id);
	petory__pg_param_int64(&p, before);
	petory__pg_param_int64(&p, limit + 1); /* one more: has_more */
	PETORY__PG_WITH_CONN(st, conn, error,
		error = petory__pg_exec(
			&r, conn, PETORY__PG_STMT_CHAT_MESSAGES, &p));
	if (error)
		return error;
	rows = (size_t)PQntuples(r);
	if (limit > 0 && !(items = calloc((size_t)limit, sizeof(*items))))
		error = petory__error_oom();
	/* newest first from SQL; oldest first for the caller */
	for (i = 0; !error && i < rows && count < (size_t)limit; i++)
		if ((error = read_message(&items[count], r, (int)i, 0)) == 0)
			count++;
	PQclear(r);
	if (error) {
		messages_free(items, count);
		return error;
	}
	for (i = 0; i < count / 2; i++) {
		petory_chat_message t = items[i];
		items[i] = items[count - 1 - i];
		items[count - 1 - i] = t;
	}
	*out = items;
	*count_out = count;
	*has_more_out = rows > count;
	return 0;
}

static int read_message_row(void *obj, const PGresult *r, int row)
{
	return read_message(obj, r, row, 0);
}

static void message_free(void *m)
{
	petory_chat_message_free(m);
}

static int chat_message_get(
	petory_chat_message **out, petory_store *st, int64_t id)
{
	petory__pg_params p;
	void *m = NULL;
	int error = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	PETORY__PG_WITH_CONN(st, conn, error,
		error = petory__pg_fetch_one(&m, conn,
			PETORY__PG_STMT_CHAT_MESSAGE_GET, &p,
			sizeof(petory_chat_message), read_message_row,
			message_free, "message"));
	*out = m;
	return error;
}

typedef struct message_write {
	const petory_chat_message *m;
	petory_notification *notes;
	size_t note_count;
	petory_time_ms now;
	int64_t id; /* out */
	int duplicate;
} message_write;

/* Inside the message's transaction: lock the room (ENOTFOUND when there
 * is none). */
static int lock_room(petory__pg_conn *conn, int64_t room_id)
{
	PGresult *r;
	int error;
	if ((error = exec_id(
		     &r, conn, PETORY__PG_STMT_CHAT_ROOM_LOCK, room_id)) < 0)
		return error;
	if (PQntuples(r) == 0)
		error = room_absent();
	PQclear(r);
	return error;
}

/* Under the room's lock: *id_out is the message of the sender's
 * client_msg_id in the room, or 0. */
static int find_resend(
	int64_t *id_out, petory__pg_conn *conn, const petory_chat_message *m)
{
	petory__pg_params p;
	PGresult *r;
	int error;
	*id_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, m->room_id);
	petory__pg_param_int64(&p, m->sender_id);
	petory__pg_param_text(&p, m->client_msg_id);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_CHAT_MESSAGE_BY_CLIENT, &p)) < 0)
		return error;
	if (PQntuples(r) > 0)
		error = petory__pg_get_int64(id_out, r, 0, 0);
	PQclear(r);
	return error;
}

/* Under the room's lock: the message row, the room's activity and the
 * members' counters. */
static int insert_message(int64_t *id_out, petory__pg_conn *conn,
	const petory_chat_message *m, petory_time_ms now)
{
	petory__pg_params p;
	PGresult *r;
	int64_t id = 0;
	int error;
	*id_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, m->room_id);
	petory__pg_param_int64(&p, m->sender_id);
	petory__pg_param_int64(&p, (int64_t)m->type);
	petory__pg_param_text(&p, m->content);
	petory__pg_param_text(&p, m->client_msg_id);
	petory__pg_param_int64(&p, now);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_CHAT_MESSAGE_INSERT, &p)) < 0)
		return error;
	error = petory__pg_get_int64(&id, r, 0, 0);
	PQclear(r);
	if (error)
		return error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, m->room_id);
	petory__pg_param_int64(&p, id);
	petory__pg_param_int64(&p, now);
	if ((error = petory__pg_exec(
		     NULL, conn, PETORY__PG_STMT_CHAT_ROOM_TOUCH, &p)) < 0)
		return error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, m->room_id);
	petory__pg_param_int64(&p, m->sender_id);
	petory__pg_param_int64(&p, id);
	if ((error = petory__pg_exec(NULL, conn,
		     PETORY__PG_STMT_CHAT_MEMBERS_ON_MESSAGE, &p)) < 0)
		return error;
	*id_out = id;
	return 0;
}

/* Inside the message's transaction: notification n unless its user has
 * an unread one of its type and link (n->id 0 then). */
static int notify_unless_unread(petory__pg_conn *conn, petory_notification *n)
{
	petory__pg_params p;
	PGresult *r;
	int error;
	n->id = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, n->user_id);
	petory__pg_param_int64(&p, (int64_t)n->type);
	petory__pg_param_text(&p, n->link);
	if ((error = petory__pg_exec(
		     NULL, conn, PETORY__PG_STMT_CHAT_NOTE_LOCK, &p)) < 0)
		return error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, n->user_id);
	petory__pg_param_int64(&p, (int64_t)n->type);
	petory__pg_param_text(&p, n->content);
	petory__pg_param_text(&p, n->link);
	petory__pg_param_int64(&p, n->created_at);
	if ((error = petory__pg_exec(&r, conn,
		     PETORY__PG_STMT_CHAT_NOTIFY_UNLESS_UNREAD, &p)) < 0)
		return error;
	if (PQntuples(r) > 0)
		error = petory__pg_get_int64(&n->id, r, 0, 0);
	PQclear(r);
	return error;
}

static void notes_unwritten(petory_notification *notes, size_t count)
{
	size_t i;
	for (i = 0; i < count; i++)
		notes[i].id = 0;
}

static int message_body(petory__pg_conn *conn, void *payload)
{
	message_write *w = payload;
	const petory_chat_message *m = w->m;
	const char *key = m->content;
	size_t i;
	int error;
	w->id = 0;
	w->duplicate = 0;
	notes_unwritten(w->notes, w->note_count);
	if ((error = lock_room(conn, m->room_id)) < 0)
		return error;
	if (m->client_msg_id &&
		((error = find_resend(&w->id, conn, m)) < 0 || w->id)) {
		w->duplicate = w->id != 0;
		return error;
	}
	/* an image's file: the domain checked that it was presigned for
	 * this room; attached private */
	if (m->type == PETORY_CHAT_IMAGE &&
		(error = petory__pg_attach(conn, &key, 1, m->sender_id,
			 PETORY_FILE_CHAT, 1, w->now)) < 0)
		return error;
	if ((error = insert_message(&w->id, conn, m, w->now)) < 0)
		return error;
	for (i = 0; i < w->note_count; i++)
		if ((error = notify_unless_unread(conn, &w->notes[i])) < 0)
			return error;
	return 0;
}

static int chat_message_insert(int64_t *id_out, int *duplicate_out,
	petory_store *st, const petory_chat_message *m,
	petory_notification *notes, size_t note_count, petory_time_ms now)
{
	message_write w = { m, notes, note_count, now, 0, 0 };
	int error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, message_body, &w);
	if (error)
		notes_unwritten(notes, note_count);
	*id_out = error ? 0 : w.id;
	*duplicate_out = error ? 0 : w.duplicate;
	return error;
}

/* ---- members ---- */

typedef struct member_change {
	int64_t room_id, user_id;
} member_change;

static int mark_read_body(petory__pg_conn *conn, void *payload)
{
	member_change *c = payload;
	PGresult *r;
	petory__pg_params p;
	int64_t last = 0;
	int error;
	/* waits for a message being stored in the room */
	if ((error = exec_id(
		     &r, conn, PETORY__PG_STMT_CHAT_ROOM_LAST, c->room_id)) < 0)
		return error;
	error = PQntuples(r) > 0 ? petory__pg_get_int64(&last, r, 0, 0)
				 : member_absent();
	PQclear(r);
	if (error)
		return error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, c->room_id);
	petory__pg_param_int64(&p, c->user_id);
	petory__pg_param_int64(&p, last);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_CHAT_MEMBER_READ, &p)) < 0)
		return error;
	if (petory__pg_changes(r) == 0)
		error = member_absent();
	PQclear(r);
	return error;
}

static int chat_mark_read(petory_store *st, int64_t room_id, int64_t user_id)
{
	member_change c = { room_id, user_id };
	return petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, mark_read_body, &c);
}

static int chat_set_hidden(
	petory_store *st, int64_t room_id, int64_t user_id, int hidden)
{
	int error = 0;
	PETORY__PG_WITH_CONN(st, conn, error,
		error = set_hidden(conn, room_id, user_id, hidden, true));
	return error;
}

const petory_store_chat petory__pg_chat = {
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
