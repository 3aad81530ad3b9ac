/* notification.c -- the inbox (list, read, read-all, delete) and the one
 * call other domains use to notify a user.
 *
 * Rights: a user sees and marks only their own notifications; another
 * user's answers ENOTFOUND "NOTIFICATION_NOT_FOUND" (ids cannot be
 * probed).  An ADMIN may delete any.  The hook runs after the insert has
 * committed, on the creating thread.
 */
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"

int petory_set_notification_hook(
	petory *db, petory_notification_hook cb, void *payload)
{
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	db->notification_hook = cb;
	db->notification_hook_payload = payload;
	return 0;
}

static int notification_not_found(void)
{
	return petory_error_set(PETORY_ENOTFOUND, "NOTIFICATION_NOT_FOUND",
		"no such notification");
}

/* A change of one notification of the actor: absent (or someone else's)
 * is NOTIFICATION_NOT_FOUND. */
static int one_notification(int error)
{
	return error == PETORY_ENOTFOUND ? notification_not_found() : error;
}

static int require_user(const petory_identity *actor)
{
	if (!actor || actor->user_id <= 0)
		return petory_error_set(PETORY_EAUTH, "UNAUTHORIZED",
			"authentication required");
	return 0;
}

int petory_notification_create(petory *db, int64_t user_id,
	petory_notification_type type, const char *content, const char *link)
{
	petory_notification n = { 0 };
	petory__invalid v;
	int error;

	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	petory__invalid_begin(&v);
	if ((unsigned)type >= PETORY__NOTIFICATION_TYPE_COUNT)
		petory__invalid_field(&v, "type", "unknown notification type");
	petory__check_text(&v, "content", content, 1, 255);
	if (link)
		petory__check_text(&v, "link", link, 1, 255);
	if (user_id <= 0)
		petory__invalid_field(&v, "userId", "must be a user id");
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	n.user_id = user_id;
	n.type = type;
	n.content = (char *)content;
	n.link = (char *)link;
	n.created_at = petory_now(db);
	if ((error = petory__user_not_found(
		     petory__store_notification_insert(db, &n))) < 0)
		return error;
	if (db->notification_hook)
		db->notification_hook(db->notification_hook_payload, &n);
	return 0;
}

int petory_notification_list(petory_notification_page *out, petory *db,
	const petory_identity *actor, const petory_page_req *page,
	int unread_only)
{
	int64_t p, s;
	int error;

	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = require_user(actor)) < 0 ||
		(error = petory__check_page(page, 10, &p, &s)) < 0)
		return error;
	if ((error = petory__store_notification_list(
		     out, db, actor->user_id, unread_only, p * s, s)) < 0)
		return error;
	out->page = p;
	out->size = s;
	return 0;
}

int petory_notification_read(
	petory *db, const petory_identity *actor, int64_t id)
{
	int error;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = require_user(actor)) < 0)
		return error;
	if (id <= 0)
		return notification_not_found();
	return one_notification(petory__store_notification_mark_read(
		db, actor->user_id, id, petory_now(db)));
}

int petory_notification_read_all(petory *db, const petory_identity *actor)
{
	int error;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = require_user(actor)) < 0)
		return error;
	return petory__store_notification_mark_read(
		db, actor->user_id, 0, petory_now(db));
}

int petory_notification_delete(
	petory *db, const petory_identity *actor, int64_t id)
{
	int error;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	/* Not an admin: a user, or user 0 would mean "anyone's". */
	if (!petory__is_admin(actor) && (error = require_user(actor)) < 0)
		return error;
	if (id <= 0)
		return notification_not_found();
	return one_notification(petory__store_notification_delete(
		db, petory__is_admin(actor) ? 0 : actor->user_id, id));
}
