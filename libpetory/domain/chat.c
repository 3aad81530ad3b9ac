/* chat.c -- 1:1 chat rooms of the trade board and their messages.
 *
 * Rights: only the two members of a room (the listing's seller and the
 * buyer who opened it) read it, write to it, mark it read or leave it;
 * anyone else gets EPERM "FORBIDDEN", and an unknown room ENOTFOUND
 * "CHAT_ROOM_NOT_FOUND".  A new room needs a listing the caller may see
 * that is neither HIDDEN nor DELETED; a room that exists is found again
 * whatever its listing became.  Image messages carry the key of a file
 * the sender presigned for the room; members see it through a signed
 * URL rendered per request.  After a message commits the chat-message
 * hook runs; a recipient without an open connection (presence hook) gets
 * one unread CHAT_MESSAGE notification per room, in the message's
 * transaction.  The store reports facts (a room, message or listing
 * absent); this file turns them into the API's reasons.
 */
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"

#define TEXT_MAX 1000
#define CLIENT_MSG_ID_MAX 64
#define HISTORY_DEFAULT 50
#define HISTORY_MAX 100

int petory_set_chat_message_hook(
	petory *db, petory_chat_message_hook cb, void *payload)
{
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL handle");
	db->chat_message_hook = cb;
	db->chat_message_hook_payload = payload;
	return 0;
}

int petory_set_presence_hook(petory *db, petory_presence_hook cb, void *payload)
{
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL handle");
	db->presence_hook = cb;
	db->presence_hook_payload = payload;
	return 0;
}

static int start(petory *db, const petory_identity *actor)
{
	int error;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = petory__require_store(db, 2)) < 0 ||
		(error = petory__require_actor(actor)) < 0)
		return error;
	if (actor->user_id <= 0)
		return petory_error_set(
			PETORY_EPERM, "FORBIDDEN", "only a user chats");
	return 0;
}

static int room_not_found(void)
{
	return petory_error_set(
		PETORY_ENOTFOUND, "CHAT_ROOM_NOT_FOUND", "no such chat room");
}

static int listing_not_found(void)
{
	return petory_error_set(
		PETORY_ENOTFOUND, "TRADE_BOARD_NOT_FOUND", "no such listing");
}

static int forbidden(void)
{
	return petory_error_set(PETORY_EPERM, "FORBIDDEN",
		"only the members of a chat room may do this");
}

/* The signed URL of an image message, for its members. */
static int resolve_image(petory *db, petory_chat_message *m)
{
	petory_image img;
	int error;
	if (!m || m->type != PETORY_CHAT_IMAGE || m->image_url)
		return 0;
	memset(&img, 0, sizeof(img));
	img.file_key = m->content;
	img.is_private = 1;
	if ((error = petory__images_resolve(db, &img, 1)) < 0)
		return error;
	m->image_url = img.url;
	return 0;
}

/* The room as user_id, a member, sees it. */
static int member_view(
	petory_chat_room *out, petory *db, int64_t room_id, int64_t user_id)
{
	int member = 0, error;
	if ((error = petory__store_chat_room_get(
		     out, &member, db, room_id, user_id)) < 0)
		return petory__absent_as(error, room_not_found);
	if (!member)
		error = forbidden();
	else
		error = resolve_image(db, out->last_message);
	if (error)
		petory__chat_room_clear(out);
	return error;
}

int petory__chat_require_member(petory *db, int64_t room_id, int64_t user_id)
{
	petory_chat_room room;
	int error = member_view(&room, db, room_id, user_id);
	if (!error)
		petory__chat_room_clear(&room);
	return error;
}

int petory_chat_check_member(
	petory *db, const petory_identity *actor, int64_t room_id)
{
	int error;
	if ((error = start(db, actor)) < 0)
		return error;
	return petory__chat_require_member(db, room_id, actor->user_id);
}

int petory_chat_open(petory_chat_room **out, int *created_out, petory *db,
	const petory_identity *actor, int64_t trade_board_id)
{
	petory_trade_post *post = NULL;
	petory_chat_room *room;
	int64_t room_id, seller_id;
	int created = 0, open_listing, error;

	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if (created_out)
		*created_out = 0;
	if ((error = start(db, actor)) < 0)
		return error;
	if ((error = petory__store_trade_get(&post, db, trade_board_id)) < 0)
		return petory__absent_as(error, listing_not_found);
	seller_id = post->seller_id;
	open_listing = post->status != PETORY_TRADE_HIDDEN &&
		       post->status != PETORY_TRADE_DELETED && seller_id > 0;
	petory_trade_post_free(post);
	if (seller_id == actor->user_id)
		return petory_error_set(PETORY_EINVALID,
			"CANNOT_SEND_MESSAGE_TO_SELF",
			"the seller cannot open a chat on their own listing");
	if ((error = petory__store_chat_room_open(&room_id, &created, db,
		     trade_board_id, seller_id, actor->user_id, open_listing,
		     petory_now(db))) < 0)
		return petory__absent_as(error, listing_not_found);
	if (created)
		petory__log(PETORY_LOG_INFO,
			"chat room %lld opened on trade board %lld by user "
			"%lld",
			(long long)room_id, (long long)trade_board_id,
			(long long)actor->user_id);
	if (!(room = calloc(1, sizeof(*room))))
		return petory__error_oom();
	if ((error = member_view(room, db, room_id, actor->user_id)) < 0) {
		free(room);
		return error;
	}
	*out = room;
	if (created_out)
		*created_out = created;
	return 0;
}

int petory_chat_rooms(petory_chat_room_page *out, petory *db,
	const petory_identity *actor, const petory_page_req *page)
{
	int64_t p, s;
	size_t i;
	int error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = start(db, actor)) < 0 ||
		(error = petory__check_page(page, 10, &p, &s)) < 0 ||
		(error = petory__store_chat_room_list(
			 out, db, actor->user_id, p * s, s)) < 0)
		return error;
	out->page = p;
	out->size = s;
	for (i = 0; i < out->count; i++)
		if ((error = resolve_image(db, out->items[i].last_message)) <
			0) {
			petory_chat_room_page_dispose(out);
			return error;
		}
	return 0;
}

int petory_chat_history_get(petory_chat_history *out, petory *db,
	const petory_identity *actor, int64_t room_id, int64_t before,
	int64_t size)
{
	petory__invalid v;
	size_t i;
	int error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = start(db, actor)) < 0)
		return error;
	petory__invalid_begin(&v);
	if (before < 0)
		petory__invalid_field(&v, "before", "must be a message id");
	if (size < 0 || size > HISTORY_MAX)
		petory__invalid_field(&v, "size", "must be 1..100");
	if ((error = petory__invalid_end(&v)) < 0 ||
		(error = member_view(&out->room, db, room_id, actor->user_id)) <
			0)
		return error;
	if ((error = petory__store_chat_messages(&out->messages, &out->count,
		     &out->has_more, db, room_id, before,
		     size ? size : HISTORY_DEFAULT)) < 0) {
		petory_chat_history_dispose(out);
		return error;
	}
	for (i = 0; i < out->count; i++)
		if ((error = resolve_image(db, &out->messages[i])) < 0) {
			petory_chat_history_dispose(out);
			return error;
		}
	return 0;
}

static int check_send(petory__invalid *v, const petory_chat_send_input *in,
	petory_chat_message_type *type_out)
{
	petory__invalid_begin(v);
	*type_out = PETORY_CHAT_TEXT;
	if (!in->message_type)
		petory__invalid_field(v, "messageType", "is required");
	else if (strcmp(in->message_type, "IMAGE") == 0)
		*type_out = PETORY_CHAT_IMAGE;
	else if (strcmp(in->message_type, "TEXT") != 0)
		petory__invalid_field(
			v, "messageType", "must be TEXT or IMAGE");
	if (*type_out == PETORY_CHAT_TEXT)
		petory__check_multiline_text(
			v, "content", in->content, 1, TEXT_MAX);
	else if (!in->content)
		petory__invalid_field(v, "content", "is required");
	else if (!petory__file_key_valid(in->content))
		petory__invalid_field(v, "content", "must be a file key");
	if (in->client_msg_id)
		petory__check_text(v, "clientMsgId", in->client_msg_id, 1,
			CLIENT_MSG_ID_MAX);
	return petory__invalid_end(v);
}

static int message_not_found(void)
{
	return petory_error_set(
		PETORY_ENOTFOUND, "CHAT_MESSAGE_NOT_FOUND", "no such message");
}

/* The offline recipient's notification, when there is one: *note is
 * filled (its text in text, link in link) and 1 returned. */
static int offline_note(petory_notification *note, char *text, size_t text_size,
	char *link, size_t link_size, petory *db, const petory_chat_room *room,
	int64_t recipient, petory_time_ms now)
{
	if (recipient <= 0 ||
		(db->presence_hook &&
			db->presence_hook(
				db->presence_hook_payload, recipient)))
		return 0;
	snprintf(text, text_size, "New message about \"%s\"",
		room->trade_board_title ? room->trade_board_title : "");
	snprintf(link, link_size, "/chat/%lld", (long long)room->id);
	memset(note, 0, sizeof(*note));
	note->user_id = recipient;
	note->type = PETORY_NOTIFICATION_CHAT_MESSAGE;
	note->content = text;
	note->link = link;
	note->created_at = now;
	return 1;
}

int petory_chat_send(petory_chat_message **out, int *duplicate_out, petory *db,
	const petory_identity *actor, const petory_chat_send_input *in)
{
	petory_chat_room room;
	petory_chat_message m, *stored = NULL;
	petory_notification note;
	petory__invalid v;
	char text[256], link[64];
	const char *key;
	int64_t members[2], id = 0;
	petory_time_ms now;
	int duplicate = 0, notes = 0, error;

	if (!out || !in)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if (duplicate_out)
		*duplicate_out = 0;
	memset(&m, 0, sizeof(m));
	if ((error = start(db, actor)) < 0 ||
		(error = check_send(&v, in, &m.type)) < 0 ||
		(error = member_view(&room, db, in->room_id, actor->user_id)) <
			0)
		return error;
	key = in->content;
	if (m.type == PETORY_CHAT_IMAGE &&
		((error = petory__files_confirm(db, actor, &key, 1)) < 0 ||
			(error = petory__chat_file_attachable(db, key,
				 in->room_id, actor->user_id,
				 in->client_msg_id != NULL)) < 0)) {
		petory__chat_room_clear(&room);
		return error;
	}
	now = petory_now(db);
	members[0] = room.seller_id;
	members[1] = room.customer_id;
	notes = offline_note(&note, text, sizeof(text), link, sizeof(link), db,
		&room, room.opponent_id, now);
	m.room_id = in->room_id;
	m.sender_id = actor->user_id;
	m.content = (char *)in->content;
	m.client_msg_id = (char *)in->client_msg_id;
	error = petory__file_attach_result(petory__store_chat_message_insert(
		&id, &duplicate, db, &m, &note, (size_t)notes, now));
	petory__chat_room_clear(&room);
	if (error < 0 ||
		(error = petory__absent_as(
			 petory__store_chat_message_get(&stored, db, id),
			 message_not_found)) < 0 ||
		(error = resolve_image(db, stored)) < 0) {
		petory_chat_message_free(stored);
		return error;
	}
	if (!duplicate) {
		if (notes && note.id && db->notification_hook)
			db->notification_hook(
				db->notification_hook_payload, &note);
		if (db->chat_message_hook)
			db->chat_message_hook(
				db->chat_message_hook_payload, stored, members);
	}
	*out = stored;
	if (duplicate_out)
		*duplicate_out = duplicate;
	return 0;
}

int petory_chat_mark_read(
	petory *db, const petory_identity *actor, int64_t room_id)
{
	int error;
	if ((error = start(db, actor)) < 0 ||
		(error = petory__chat_require_member(
			 db, room_id, actor->user_id)) < 0)
		return error;
	return petory__absent_as(
		petory__store_chat_mark_read(db, room_id, actor->user_id),
		room_not_found);
}

int petory_chat_leave(petory *db, const petory_identity *actor, int64_t room_id)
{
	int error;
	if ((error = start(db, actor)) < 0 ||
		(error = petory__chat_require_member(
			 db, room_id, actor->user_id)) < 0)
		return error;
	return petory__absent_as(
		petory__store_chat_set_hidden(db, room_id, actor->user_id, 1),
		room_not_found);
}
