/* album.c -- album records (petory_album and its pages): their frees and
 * the names of visibilities.  Pure functions over records. */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

static const char *const visibility_names[] = { "PUBLIC", "PRIVATE" };

const char *petory_album_visibility_name(petory_album_visibility v)
{
	if ((unsigned)v < 2)
		return visibility_names[v];
	return "UNKNOWN";
}

static void album_clear(petory_album *a)
{
	free(a->content);
	free(a->owner_nickname);
	petory__images_free(a->images, a->image_count);
}

void petory_album_free(petory_album *a)
{
	if (!a)
		return;
	album_clear(a);
	free(a);
}

void petory_album_page_dispose(petory_album_page *page)
{
	size_t i;
	if (!page)
		return;
	for (i = 0; i < page->count; i++)
		album_clear(&page->items[i]);
	free(page->items);
	memset(page, 0, sizeof(*page));
}
