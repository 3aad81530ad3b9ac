/* pet.c -- pet records (pets, their pages, the birthday rows of the D-day
 * job): their frees and the names of sizes.  Pure functions over records. */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

static const char *const size_names[] = { "LARGE", "MEDIUM", "SMALL" };

const char *petory_pet_size_name(petory_pet_size size)
{
	if ((unsigned)size < sizeof(size_names) / sizeof(size_names[0]))
		return size_names[size];
	return "UNKNOWN";
}

int petory__pet_size_parse(const char *name)
{
	size_t i;
	for (i = 0; i < sizeof(size_names) / sizeof(size_names[0]); i++)
		if (strcmp(name, size_names[i]) == 0)
			return (int)i;
	return -1;
}

static void pet_clear(petory_pet *p)
{
	free(p->name);
	free(p->species);
	free(p->gender);
	free(p->birthday);
	petory__images_free(p->images, p->image_count);
}

void petory_pet_free(petory_pet *p)
{
	if (!p)
		return;
	pet_clear(p);
	free(p);
}

void petory_pet_page_dispose(petory_pet_page *page)
{
	size_t i;
	if (!page)
		return;
	for (i = 0; i < page->count; i++)
		pet_clear(&page->items[i]);
	free(page->items);
	memset(page, 0, sizeof(*page));
}

void petory__pet_birthdays_free(petory_pet_birthday *rows, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		free(rows[i].name);
		free(rows[i].birthday);
		free(rows[i].timezone);
	}
	free(rows);
}
