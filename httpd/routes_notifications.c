/* routes_notifications.c -- the caller's notification inbox: list (with
 * the unread count), mark read, mark all read, delete.
 *
 * The library keeps the inbox private: another user's notification
 * answers 404 NOTIFICATION_NOT_FOUND, whatever the action.
 */
#include <stdio.h>

#include <petory.h>
#include <petory/json.h>

#include "http_util.h"
#include "input.h"
#include "routes.h"

void route_notifications_list(struct request *r)
{
	petory_notification_page page;
	petory_page_req req;
	json_t *items, *body;
	int unread = 0, rc;
	size_t i;

	input_page(r, &req);
	input_query_bool(r, "unread", &unread);
	if (input_failed(r))
		return;
	rc = petory_notification_list(&page, r->srv->db, &r->who, &req, unread);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	items = json_array();
	for (i = 0; items && i < page.count; i++)
		json_array_append_new(
			items, petory_notification_to_json(&page.items[i]));
	body = petory_page_to_json(items, page.page, page.size, page.total);
	if (body)
		json_object_set_new(body, "unreadCount",
			json_integer((json_int_t)page.unread_count));
	petory_notification_page_dispose(&page);
	reply_json(r, 200, body);
}

void route_notifications_read(struct request *r)
{
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	if (input_failed(r))
		return;
	if ((rc = petory_notification_read(r->srv->db, &r->who, id)) < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}

void route_notifications_read_all(struct request *r)
{
	int rc = petory_notification_read_all(r->srv->db, &r->who);

	if (rc < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}

void route_notifications_delete(struct request *r)
{
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	if (input_failed(r))
		return;
	if ((rc = petory_notification_delete(r->srv->db, &r->who, id)) < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}
