/* file.c -- file records (images, presigned uploads, file contents): their
 * frees, and the names of upload purposes.  Pure functions over records. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/model.h"

static const char *const purpose_names[] = { "pet", "album", "owner-board",
	"trade-board", "place", "chat" };
#define PURPOSE_COUNT (sizeof(purpose_names) / sizeof(purpose_names[0]))

const char *petory_file_purpose_name(petory_file_purpose p)
{
	if ((unsigned)p < PURPOSE_COUNT)
		return purpose_names[p];
	return "unknown";
}

int petory__file_purpose_parse(const char *name, petory_file_purpose *out)
{
	size_t i;
	for (i = 0; name && i < PURPOSE_COUNT; i++)
		if (strcmp(name, purpose_names[i]) == 0) {
			*out = (petory_file_purpose)i;
			return 0;
		}
	return -1;
}

void petory__image_clear(petory_image *img)
{
	free(img->file_key);
	free(img->url);
	img->file_key = NULL;
	img->url = NULL;
}

void petory__images_free(petory_image *images, size_t count)
{
	size_t i;
	for (i = 0; i < count; i++)
		petory__image_clear(&images[i]);
	free(images);
}

void petory_presigned_dispose(petory_presigned *p)
{
	if (!p)
		return;
	free(p->file_key);
	free(p->upload_url);
	free(p->content_type);
	memset(p, 0, sizeof(*p));
}

void petory_file_content_dispose(petory_file_content *c)
{
	if (!c)
		return;
	if (c->fd >= 0)
		close(c->fd);
	free(c->content_type);
	free(c->etag);
	free(c->redirect_url);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}
