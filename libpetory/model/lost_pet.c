/* lost_pet.c -- the records of lost-pet alerts: frees and the names of
 * their statuses.  Pure functions over records. */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

static const char *const status_names[] = { "LOST", "FOUND", "CANCELLED" };

const char *petory_lost_pet_status_name(petory_lost_pet_status s)
{
	return (unsigned)s < 3 ? status_names[s] : "unknown";
}

int petory__lost_pet_status_parse(const char *name)
{
	int i;
	for (i = 0; name && i < 3; i++)
		if (strcmp(name, status_names[i]) == 0)
			return i;
	return -1;
}

void petory__lost_pet_clear(petory_lost_pet *a)
{
	size_t i;
	if (!a)
		return;
	free(a->pet_name);
	free(a->species);
	free(a->description);
	free(a->contact);
	petory__images_free(a->images, a->image_count);
	petory__images_free(a->pet_images, a->pet_image_count);
	for (i = 0; i < a->sighting_count; i++) {
		free(a->sightings[i].note);
		petory__images_free(
			a->sightings[i].images, a->sightings[i].image_count);
	}
	free(a->sightings);
}

void petory_lost_pet_free(petory_lost_pet *a)
{
	petory__lost_pet_clear(a);
	free(a);
}

void petory_lost_pet_page_dispose(petory_lost_pet_page *page)
{
	size_t i;
	if (!page)
		return;
	for (i = 0; i < page->count; i++)
		petory__lost_pet_clear(&page->items[i]);
	free(page->items);
	page->items = NULL;
	page->count = 0;
}
