/* json_chat.c -- the API's JSON shapes of chat rooms and messages.  A
 * member whose account is gone renders as a null id and nickname; an
 * IMAGE message carries imageUrl (signed for members), a TEXT message
 * imageUrl null.  Each function returns a new reference or NULL on
 * allocation failure. */
#include "core/internal.h"
#include "petory/json.h"

json_t *petory_chat_message_to_json(const petory_chat_message *m)
{
	return json_pack("{s:I, s:I, s:o, s:o, s:s, s:s, s:o, s:o, s:o}", "id",
		(json_int_t)m->id, "roomId", (json_int_t)m->room_id, "senderId",
		petory__json_id_or_null(m->sender_id), "senderNickname",
		petory__json_string_or_null(m->sender_nickname), "messageType",
		petory_chat_message_type_name(m->type), "content", m->content,
		"imageUrl", petory__json_string_or_null(m->image_url),
		"clientMsgId", petory__json_string_or_null(m->client_msg_id),
		"createdAt", petory_time_to_json(m->created_at));
}

json_t *petory_chat_room_to_json(const petory_chat_room *r)
{
	return json_pack(
		"{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:o}",
		"chatRoomId", (json_int_t)r->id, "tradeBoardId",
		(json_int_t)r->trade_board_id, "tradeBoardTitle",
		petory__json_string_or_null(r->trade_board_title), "sellerId",
		petory__json_id_or_null(r->seller_id), "customerId",
		petory__json_id_or_null(r->customer_id), "opponentId",
		petory__json_id_or_null(r->opponent_id), "opponentNickname",
		petory__json_string_or_null(r->opponent_nickname),
		"lastMessage",
		r->last_message ? petory_chat_message_to_json(r->last_message)
				: json_null(),
		"unreadCount", (json_int_t)r->unread_count, "createdAt",
		petory_time_to_json(r->created_at), "updatedAt",
		petory_time_to_json(r->updated_at));
}

json_t *petory_chat_room_page_to_json(const petory_chat_room_page *page)
{
	json_t *items = json_array();
	size_t i;
	for (i = 0; items && i < page->count; i++)
		json_array_append_new(
			items, petory_chat_room_to_json(&page->items[i]));
	return petory_page_to_json(items, page->page, page->size, page->total);
}

json_t *petory_chat_history_to_json(const petory_chat_history *h)
{
	json_t *messages = json_array(), *room;
	size_t i;
	for (i = 0; messages && i < h->count; i++)
		json_array_append_new(
			messages, petory_chat_message_to_json(&h->messages[i]));
	if (!(room = petory_chat_room_to_json(&h->room))) {
		json_decref(messages);
		return NULL;
	}
	json_object_set_new(room, "messages", messages);
	json_object_set_new(room, "hasMore", json_boolean(h->has_more));
	return room;
}
