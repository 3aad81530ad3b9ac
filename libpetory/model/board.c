/* board.c -- owner-board records (posts, comments and their pages): their
 * frees.  A post's shown comments are freed with it.  Pure functions over
 * records. */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

static void comment_clear(petory_board_comment *c)
{
	free(c->writer_nickname);
	free(c->content);
}

void petory_board_comment_free(petory_board_comment *c)
{
	if (!c)
		return;
	comment_clear(c);
	free(c);
}

void petory_board_comment_page_dispose(petory_board_comment_page *page)
{
	size_t i;
	if (!page)
		return;
	for (i = 0; i < page->count; i++)
		comment_clear(&page->items[i]);
	free(page->items);
	memset(page, 0, sizeof(*page));
}

static void post_clear(petory_board_post *p)
{
	size_t i;
	free(p->writer_nickname);
	free(p->title);
	free(p->content);
	petory__images_free(p->images, p->image_count);
	for (i = 0; i < p->comments_shown; i++)
		comment_clear(&p->comments[i]);
	free(p->comments);
}

void petory_board_post_free(petory_board_post *p)
{
	if (!p)
		return;
	post_clear(p);
	free(p);
}

void petory_board_page_dispose(petory_board_page *page)
{
	size_t i;
	if (!page)
		return;
	for (i = 0; i < page->count; i++)
		post_clear(&page->items[i]);
	free(page->items);
	memset(page, 0, sizeof(*page));
}
