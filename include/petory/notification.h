/* notification.h -- the notification inbox and the one call every domain
 * uses to notify a user.
 *
 * A user reads, marks and deletes only their own notifications (another
 * user's answers ENOTFOUND "NOTIFICATION_NOT_FOUND"); an ADMIN may also
 * delete anyone's.  New notifications are pushed to the hook installed with
 * petory_set_notification_hook after their transaction commits.
 */
#ifndef PETORY_NOTIFICATION_H
#define PETORY_NOTIFICATION_H

#include "common.h"
#include "types.h"

PETORY_BEGIN_DECL

typedef enum petory_notification_type {
	PETORY_NOTIFICATION_DAILY_QUESTION = 0,
	PETORY_NOTIFICATION_COMMENT,
	PETORY_NOTIFICATION_CHAT_MESSAGE,
	PETORY_NOTIFICATION_TRADE,
	PETORY_NOTIFICATION_EVENT_REMINDER,
	PETORY_NOTIFICATION_PET_DDAY,
	PETORY_NOTIFICATION_PLACE_REPORT,
	PETORY_NOTIFICATION_ACCOUNT,
	PETORY_NOTIFICATION_LOST_PET
} petory_notification_type;

/** One notification.  Free with petory_notification_free(). */
typedef struct petory_notification {
	int64_t id;
	int64_t user_id; /**< 0 in a hook call: every connected user */
	petory_notification_type type;
	char *content;
	char *link; /**< NULL when absent */
	int read;
	petory_time_ms created_at;
} petory_notification;

typedef struct petory_notification_page {
	petory_notification *items;
	size_t count;
	int64_t total;
	int64_t page;
	int64_t size;
	int64_t unread_count; /**< every unread one of the user */
} petory_notification_page;

/** Called after a notification was committed (from the creating thread).
 * For the midnight fan-out it is called once with user_id 0. */
typedef void (*petory_notification_hook)(
	void *payload, const petory_notification *n);

PETORY_EXTERN void petory_notification_free(petory_notification *n);
PETORY_EXTERN void petory_notification_page_dispose(
	petory_notification_page *page);
PETORY_EXTERN const char *petory_notification_type_name(
	petory_notification_type type);

/** Install the hook (NULL removes it).  Call before the handle is shared. */
PETORY_EXTERN int petory_set_notification_hook(
	petory *db, petory_notification_hook cb, void *payload);

/** Create a notification for user_id (a library call for every domain;
 * no actor: the calling domain has checked its own rights).  content
 * 1-255 characters, link at most 255 or NULL.  The hook receives the
 * stored record with its id. */
PETORY_EXTERN int petory_notification_create(petory *db, int64_t user_id,
	petory_notification_type type, const char *content, const char *link);

/** The actor's own notifications, newest first (default size 10);
 * unread_only keeps the unread ones. */
PETORY_EXTERN int petory_notification_list(petory_notification_page *out,
	petory *db, const petory_identity *actor, const petory_page_req *page,
	int unread_only);

/** Owner: mark one read (idempotent). */
PETORY_EXTERN int petory_notification_read(
	petory *db, const petory_identity *actor, int64_t id);

/** Owner: mark every one read. */
PETORY_EXTERN int petory_notification_read_all(
	petory *db, const petory_identity *actor);

/** Owner or ADMIN: delete one. */
PETORY_EXTERN int petory_notification_delete(
	petory *db, const petory_identity *actor, int64_t id);

PETORY_END_DECL

#endif
