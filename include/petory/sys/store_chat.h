/* sys/store_chat.h -- the store table of 1:1 chat rooms of listings and their
 * messages.
 *
 * One of the per-domain tables of petory_store (sys/store.h).  Its
 * `version` comes first and only grows: methods are appended at the
 * end, each valid from the version noted above it.  A method reports
 * facts (rows, states, outcomes); rules and reason codes belong to the
 * domain layer that calls it.
 */
#ifndef PETORY_SYS_STORE_CHAT_H
#define PETORY_SYS_STORE_CHAT_H

#include "store_records.h"
#include "../chat.h"
#include "../notification.h"

PETORY_BEGIN_DECL

#define PETORY_STORE_CHAT_VERSION 1

typedef struct petory_store_chat {
	unsigned int version; /**< PETORY_STORE_CHAT_VERSION; first */

	/* Version 1. */
	/** Find the room of (trade_board_id, customer_id), or make it with
	 * its two members when may_create (*created_out 1 for the one call
	 * that made it), and show it in the buyer's list again; ENOTFOUND
	 * when there is none and may_create is 0. */
	int (*chat_room_open)(int64_t *room_id_out, int *created_out,
		petory_store *st, int64_t trade_board_id, int64_t seller_id,
		int64_t customer_id, int may_create, petory_time_ms now);
	/** A room as viewer_id sees it (opponent, unread count, last
	 * message); *member_out 1 when viewer_id is one of its members.
	 * ENOTFOUND when there is no such room. */
	int (*chat_room_get)(petory_chat_room *out, int *member_out,
		petory_store *st, int64_t room_id, int64_t viewer_id);
	/** The rooms of user_id that they did not leave, latest activity
	 * first, as they see them. */
	int (*chat_room_list)(petory_chat_room_page *out, petory_store *st,
		int64_t user_id, int64_t offset, int64_t limit);
	/** Up to limit messages of room_id with an id below before (0: no
	 * bound), oldest first; *has_more_out 1 when older ones remain.
	 * *out is a malloc'd array (the domain frees it). */
	int (*chat_messages)(petory_chat_message **out, size_t *count_out,
		int *has_more_out, petory_store *st, int64_t room_id,
		int64_t before, int64_t limit);
	/** One message; ENOTFOUND when there is no such message. */
	int (*chat_message_get)(
		petory_chat_message **out, petory_store *st, int64_t id);
	/** In one transaction: store m (room_id, sender_id, type, content,
	 * client_msg_id); an IMAGE's file key (content; the sender's,
	 * purpose "chat", uploaded, unused) is attached, private; the room's
	 * activity, the other member's unread count and both hidden flags
	 * move, the sender's read mark follows; each of notes[0..note_count)
	 * is inserted unless its user has an unread notification of its type
	 * and link already (n->id 0 then).  *id_out is the new message's id;
	 * when the sender had used client_msg_id in the room nothing is
	 * written, *duplicate_out is 1 and *id_out that message's id. */
	int (*chat_message_insert)(int64_t *id_out, int *duplicate_out,
		petory_store *st, const petory_chat_message *m,
		petory_notification *notes, size_t note_count,
		petory_time_ms now);
	/** user_id has read room_id up to its last message; ENOTFOUND when
	 * user_id is not a member of room_id. */
	int (*chat_mark_read)(
		petory_store *st, int64_t room_id, int64_t user_id);
	/** Hide (1) or show (0) room_id in user_id's list; ENOTFOUND when
	 * user_id is not a member of room_id. */
	int (*chat_set_hidden)(
		petory_store *st, int64_t room_id, int64_t user_id, int hidden);
	/* Methods above are valid for version 1.  Append only. */
} petory_store_chat;

PETORY_END_DECL

#endif
