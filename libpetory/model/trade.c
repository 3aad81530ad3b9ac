/* trade.c -- trade-board records (listings and their pages): their frees,
 * and the names of statuses and categories with their parsers.  Pure
 * functions over records. */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

static const char *const status_names[] = { "FOR_SALE", "RESERVED", "SOLD_OUT",
	"HIDDEN", "DELETED" };
#define STATUS_COUNT (sizeof(status_names) / sizeof(status_names[0]))
_Static_assert(STATUS_COUNT == PETORY__TRADE_STATUS_COUNT, "a name a status");

static const char *const category_names[] = { "FOOD_AND_TREATS", "TOYS",
	"HOUSES_AND_CARRIERS", "FEEDERS_AND_TOILETS",
	"GROOMING_AND_CARE_SUPPLIES", "CLOTHES_AND_ACCESSORIES", "HEALTH" };
#define CATEGORY_COUNT (sizeof(category_names) / sizeof(category_names[0]))

const char *petory_trade_status_name(petory_trade_status s)
{
	return (unsigned)s < STATUS_COUNT ? status_names[s] : "UNKNOWN";
}

const char *petory_trade_category_name(petory_trade_category c)
{
	return (unsigned)c < CATEGORY_COUNT ? category_names[c] : "UNKNOWN";
}

static int lookup(const char *name, const char *const *names, size_t n)
{
	size_t i;
	for (i = 0; name && i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

int petory__trade_status_parse(const char *name)
{
	return lookup(name, status_names, STATUS_COUNT);
}

int petory__trade_category_parse(const char *name)
{
	return lookup(name, category_names, CATEGORY_COUNT);
}

static void trade_clear(petory_trade_post *p)
{
	free(p->seller_nickname);
	free(p->title);
	free(p->content);
	petory__images_free(p->images, p->image_count);
}

void petory_trade_post_free(petory_trade_post *p)
{
	if (!p)
		return;
	trade_clear(p);
	free(p);
}

void petory_trade_page_dispose(petory_trade_page *page)
{
	size_t i;
	if (!page)
		return;
	for (i = 0; i < page->count; i++)
		trade_clear(&page->items[i]);
	free(page->items);
	memset(page, 0, sizeof(*page));
}
