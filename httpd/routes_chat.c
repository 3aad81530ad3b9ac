/* routes_chat.c -- the REST side of 1:1 chat under /chat (messages are
 * sent over the WebSocket, ws.c).  Every rule, membership included, is
 * the library's; POST /chat/image lives with the other presigns in
 * routes_files.c.
 */
#include <stdio.h>

#include <petory.h>
#include <petory/json.h>

#include "http_util.h"
#include "input.h"
#include "routes.h"

void route_chat_open(struct request *r)
{
	petory_chat_room *room = NULL;
	int64_t board_id = 0;
	int created = 0, rc;

	input_path_id(r, "tradeBoardId", &board_id);
	if (input_failed(r))
		return;
	rc = petory_chat_open(&room, &created, r->srv->db, &r->who, board_id);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, created ? 201 : 200, petory_chat_room_to_json(room));
	if (created) {
		reply_location(r, "/chat/%lld", (long long)room->id);
	}
	petory_chat_room_free(room);
}

void route_chat_rooms(struct request *r)
{
	petory_chat_room_page page;
	petory_page_req req;
	int rc;

	input_page(r, &req);
	if (input_failed(r))
		return;
	if ((rc = petory_chat_rooms(&page, r->srv->db, &r->who, &req)) < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, 200, petory_chat_room_page_to_json(&page));
	petory_chat_room_page_dispose(&page);
}

void route_chat_history(struct request *r)
{
	petory_chat_history h;
	int64_t room_id = 0, before = 0, size = 0;
	int rc;

	input_path_id(r, "roomId", &room_id);
	if (input_query_size(r, "before", &before) < 0)
		input_error(r, "before", "must be a message id");
	if (input_query_size(r, "size", &size) < 0)
		input_error(r, "size", "must be 1..100");
	else if (request_query(r, "size") && size == 0)
		input_error(r, "size", "must be 1..100");
	if (input_failed(r))
		return;
	rc = petory_chat_history_get(
		&h, r->srv->db, &r->who, room_id, before, size);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, 200, petory_chat_history_to_json(&h));
	petory_chat_history_dispose(&h);
}

void route_chat_read(struct request *r)
{
	int64_t room_id = 0;
	int rc;

	input_path_id(r, "roomId", &room_id);
	if (input_failed(r))
		return;
	if ((rc = petory_chat_mark_read(r->srv->db, &r->who, room_id)) < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}

void route_chat_leave(struct request *r)
{
	int64_t room_id = 0;
	int rc;

	input_path_id(r, "roomId", &room_id);
	if (input_failed(r))
		return;
	if ((rc = petory_chat_leave(r->srv->db, &r->who, room_id)) < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}
