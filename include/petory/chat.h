/* chat.h -- 1:1 chat between the seller of a trade listing and a buyer.
 *
 * A room belongs to one listing and two members: its seller and one
 * buyer (the "customer").  petory_chat_open() creates the room of
 * (listing, caller) once and finds it again afterwards; the seller cannot
 * open one on their own listing (EINVALID "CANNOT_SEND_MESSAGE_TO_SELF").
 * Only members read, write, mark read or leave a room: anyone else gets
 * EPERM "FORBIDDEN", and an unknown room ENOTFOUND "CHAT_ROOM_NOT_FOUND".
 * Leaving hides the room from the member's list until a new message
 * arrives; the member stays a member.
 *
 * Messages are TEXT (1..1000 characters) or IMAGE (content is the key of
 * a file the sender uploaded with purpose "chat" for this room; the file
 * stays private and members see it through a signed URL).  A message
 * with a client_msg_id that its sender already used in the room is not
 * stored again: the first one is returned with *duplicate_out set.
 * Each member has an unread count: messages of the other member since
 * the member last marked the room read.
 *
 * Hooks (installed before the handle is shared): after a message
 * commits, the chat-message hook receives it with the two member ids (the
 * front-end pushes it to open connections).  The presence hook tells the
 * library whether a user has an open connection; a member who has none
 * gets a CHAT_MESSAGE notification, written in the message's transaction.
 * Without a presence hook every recipient counts as offline.
 */
#ifndef PETORY_CHAT_H
#define PETORY_CHAT_H

#include "common.h"
#include "types.h"
#include "file.h"

PETORY_BEGIN_DECL

typedef enum petory_chat_message_type {
	PETORY_CHAT_TEXT = 0,
	PETORY_CHAT_IMAGE
} petory_chat_message_type;

/** One message.  Free with petory_chat_message_free(). */
typedef struct petory_chat_message {
	int64_t id;
	int64_t room_id;
	int64_t sender_id;     /**< 0 when the sender's account is gone */
	char *sender_nickname; /**< NULL when the sender's account is gone */
	petory_chat_message_type type;
	char *content;       /**< the text, or the image's file key */
	char *image_url;     /**< IMAGE: a signed URL for members; else NULL */
	char *client_msg_id; /**< NULL when the sender gave none */
	petory_time_ms created_at;
} petory_chat_message;

/** A room as one member sees it.  Free with petory_chat_room_free(). */
typedef struct petory_chat_room {
	int64_t id;
	int64_t trade_board_id;
	char *trade_board_title;
	int64_t seller_id;   /**< 0 when the seller's account is gone */
	int64_t customer_id; /**< 0 when the buyer's account is gone */
	int64_t opponent_id; /**< the other member; 0 when gone */
	char *opponent_nickname;
	petory_chat_message *last_message; /**< NULL before the first */
	int64_t unread_count;              /**< the viewer's */
	petory_time_ms created_at;
	petory_time_ms updated_at; /**< the last message, else created_at */
} petory_chat_room;

typedef struct petory_chat_room_page {
	petory_chat_room *items;
	size_t count;
	int64_t total;
	int64_t page;
	int64_t size;
} petory_chat_room_page;

/** A stretch of a room's history, oldest first. */
typedef struct petory_chat_history {
	petory_chat_room room;
	petory_chat_message *messages;
	size_t count;
	int has_more; /**< older messages exist before messages[0] */
} petory_chat_history;

/** What to send. */
typedef struct petory_chat_send_input {
	int64_t room_id;
	const char *message_type;  /**< "TEXT" or "IMAGE" */
	const char *content;       /**< the text, or a file key */
	const char *client_msg_id; /**< NULL or 1..64 printable characters */
} petory_chat_send_input;

PETORY_EXTERN void petory_chat_message_free(petory_chat_message *m);
PETORY_EXTERN void petory_chat_room_free(petory_chat_room *room);
PETORY_EXTERN void petory_chat_room_page_dispose(petory_chat_room_page *page);
PETORY_EXTERN void petory_chat_history_dispose(petory_chat_history *h);
PETORY_EXTERN const char *petory_chat_message_type_name(
	petory_chat_message_type type);

/** After a message commits: member_ids are the room's seller and buyer
 * (0 for a gone account).  Called on the sending thread. */
typedef void (*petory_chat_message_hook)(void *payload,
	const petory_chat_message *m, const int64_t member_ids[2]);

/** 1 when user_id has an open connection that receives messages, else
 * 0.  Called from any thread. */
typedef int (*petory_presence_hook)(void *payload, int64_t user_id);

PETORY_EXTERN int petory_set_chat_message_hook(
	petory *db, petory_chat_message_hook cb, void *payload);
PETORY_EXTERN int petory_set_presence_hook(
	petory *db, petory_presence_hook cb, void *payload);

/** The caller's room on a listing: found (*created_out 0) or made
 * (*created_out 1).  A new room needs a listing the caller may see that
 * is not HIDDEN or DELETED (ENOTFOUND "TRADE_BOARD_NOT_FOUND"); opening
 * a room again shows it in the caller's list again. */
PETORY_EXTERN int petory_chat_open(petory_chat_room **out, int *created_out,
	petory *db, const petory_identity *actor, int64_t trade_board_id);

/** The caller's rooms that they did not leave, latest activity first
 * (default page size 10). */
PETORY_EXTERN int petory_chat_rooms(petory_chat_room_page *out, petory *db,
	const petory_identity *actor, const petory_page_req *page);

/** Member: up to `size` messages (1..100; 0: 50) before message id
 * `before` (0: the newest), oldest first. */
PETORY_EXTERN int petory_chat_history_get(petory_chat_history *out, petory *db,
	const petory_identity *actor, int64_t room_id, int64_t before,
	int64_t size);

/** Member: store a message (see the header comment); *duplicate_out (may
 * be NULL) is 1 when client_msg_id had been used and nothing new was
 * stored. */
PETORY_EXTERN int petory_chat_send(petory_chat_message **out,
	int *duplicate_out, petory *db, const petory_identity *actor,
	const petory_chat_send_input *in);

/** Member: everything up to now is read. */
PETORY_EXTERN int petory_chat_mark_read(
	petory *db, const petory_identity *actor, int64_t room_id);

/** Member: hide the room from the caller's list until a new message. */
PETORY_EXTERN int petory_chat_leave(
	petory *db, const petory_identity *actor, int64_t room_id);

/** EPERM "FORBIDDEN" unless actor is a member of room_id (ENOTFOUND
 * "CHAT_ROOM_NOT_FOUND" when there is no such room). */
PETORY_EXTERN int petory_chat_check_member(
	petory *db, const petory_identity *actor, int64_t room_id);

PETORY_END_DECL

#endif
