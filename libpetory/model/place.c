/* place.c -- place records (places, lists, pages): their frees, the names
 * of types and statuses, and a place's rating as shown (the mean of its
 * reviews, rounded half up to one decimal).  Pure functions over records. */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

static const char *const type_names[PETORY_PLACE_TYPE_COUNT] = { "CAFE",
	"RESTAURANT", "HOSPITAL", "STORE", "BEAUTY", "SCHOOL", "ACCOMMODATION",
	"BAR", "CAMPING", "ETC" };
static const char *const status_names[] = { "ACTIVE", "INACTIVE", "DELETED" };

const char *petory_place_type_name(petory_place_type t)
{
	return (unsigned)t < PETORY_PLACE_TYPE_COUNT ? type_names[t]
						     : "UNKNOWN";
}

const char *petory_place_status_name(petory_place_status s)
{
	return (unsigned)s < 3 ? status_names[s] : "UNKNOWN";
}

int petory_place_type_parse(const char *name)
{
	int i;
	for (i = 0; name && i < PETORY_PLACE_TYPE_COUNT; i++)
		if (strcmp(name, type_names[i]) == 0)
			return i;
	return -1;
}

double petory_place_ratio(const petory_place *p)
{
	int64_t tenths;
	if (p->review_count <= 0)
		return 0.0;
	/* round half up in integers: no binary-fraction surprises */
	tenths = (p->rating_sum * 20 + p->review_count) / (2 * p->review_count);
	return (double)tenths / 10.0;
}

static void place_clear(petory_place *p)
{
	free(p->name);
	free(p->info);
	free(p->address);
	petory__images_free(p->images, p->image_count);
}

void petory_place_free(petory_place *p)
{
	if (!p)
		return;
	place_clear(p);
	free(p);
}

void petory_place_list_free(petory_place *items, size_t count)
{
	size_t i;
	for (i = 0; i < count; i++)
		place_clear(&items[i]);
	free(items);
}

void petory_place_page_dispose(petory_place_page *page)
{
	if (!page)
		return;
	petory_place_list_free(page->items, page->count);
	memset(page, 0, sizeof(*page));
}
