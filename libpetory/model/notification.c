/* notification.c -- notification records and their pages: their frees and
 * the names of notification types.  Pure functions over records. */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

static const char *const type_names[] = { "DAILY_QUESTION", "COMMENT",
	"CHAT_MESSAGE", "TRADE", "EVENT_REMINDER", "PET_DDAY", "PLACE_REPORT",
	"ACCOUNT", "LOST_PET" };
#define TYPE_COUNT (sizeof(type_names) / sizeof(type_names[0]))
_Static_assert(TYPE_COUNT == PETORY__NOTIFICATION_TYPE_COUNT, "a name a type");

const char *petory_notification_type_name(petory_notification_type type)
{
	if ((unsigned)type < TYPE_COUNT)
		return type_names[type];
	return "UNKNOWN";
}

static void notification_clear(petory_notification *n)
{
	free(n->content);
	free(n->link);
}

void petory_notification_free(petory_notification *n)
{
	if (!n)
		return;
	notification_clear(n);
	free(n);
}

void petory_notification_page_dispose(petory_notification_page *page)
{
	size_t i;
	if (!page)
		return;
	for (i = 0; i < page->count; i++)
		notification_clear(&page->items[i]);
	free(page->items);
	memset(page, 0, sizeof(*page));
}
