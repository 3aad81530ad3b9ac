/* chat.c -- chat records (rooms, messages, pages, a room's history):
 * their frees and the names of message types.  A cleared record is
 * zeroed, so clearing it again is harmless.  Pure functions over records. */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

static const char *const type_names[] = { "TEXT", "IMAGE" };

const char *petory_chat_message_type_name(petory_chat_message_type type)
{
	return (unsigned)type < 2 ? type_names[type] : "UNKNOWN";
}

void petory__chat_message_clear(petory_chat_message *m)
{
	free(m->sender_nickname);
	free(m->content);
	free(m->image_url);
	free(m->client_msg_id);
	memset(m, 0, sizeof(*m));
}

void petory_chat_message_free(petory_chat_message *m)
{
	if (!m)
		return;
	petory__chat_message_clear(m);
	free(m);
}

void petory__chat_room_clear(petory_chat_room *r)
{
	free(r->trade_board_title);
	free(r->opponent_nickname);
	petory_chat_message_free(r->last_message);
	memset(r, 0, sizeof(*r));
}

void petory_chat_room_free(petory_chat_room *room)
{
	if (!room)
		return;
	petory__chat_room_clear(room);
	free(room);
}

void petory_chat_room_page_dispose(petory_chat_room_page *page)
{
	size_t i;
	if (!page)
		return;
	for (i = 0; i < page->count; i++)
		petory__chat_room_clear(&page->items[i]);
	free(page->items);
	memset(page, 0, sizeof(*page));
}

static void messages_free(petory_chat_message *items, size_t count)
{
	size_t i;
	for (i = 0; i < count; i++)
		petory__chat_message_clear(&items[i]);
	free(items);
}

void petory_chat_history_dispose(petory_chat_history *h)
{
	if (!h)
		return;
	petory__chat_room_clear(&h->room);
	messages_free(h->messages, h->count);
	memset(h, 0, sizeof(*h));
}
