/* json_board.c -- the API's JSON shapes of owner-board posts and comments.
 * A writer whose account is gone renders writerId and writerNickname as
 * null.  Each function returns a new reference or NULL on allocation
 * failure. */
#include "core/internal.h"
#include "petory/json.h"

json_t *petory_board_comment_to_json(const petory_board_comment *c)
{
	return json_pack("{s:I, s:I, s:s, s:o, s:o, s:o, s:o}", "id",
		(json_int_t)c->id, "postId", (json_int_t)c->post_id, "content",
		c->content, "writerId", petory__json_id_or_null(c->writer_id),
		"writerNickname",
		petory__json_string_or_null(c->writer_nickname), "createdAt",
		petory_time_to_json(c->created_at), "updatedAt",
		petory_time_to_json(c->updated_at));
}

json_t *petory_board_comment_page_to_json(const petory_board_comment_page *page)
{
	json_t *items = json_array();
	size_t i;
	for (i = 0; items && i < page->count; i++)
		json_array_append_new(
			items, petory_board_comment_to_json(&page->items[i]));
	return petory_page_to_json(items, page->page, page->size, page->total);
}

json_t *petory_board_post_to_json(const petory_board_post *p)
{
	json_t *images = json_array(), *comments = json_array();
	size_t i;
	for (i = 0; images && i < p->image_count; i++)
		json_array_append_new(images,
			json_pack("{s:I, s:s?, s:o}", "id",
				(json_int_t)p->images[i].id, "url",
				p->images[i].url, "createdAt",
				petory_time_to_json(p->images[i].created_at)));
	for (i = 0; comments && i < p->comments_shown; i++)
		json_array_append_new(comments,
			petory_board_comment_to_json(&p->comments[i]));
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:I, s:o, s:o}",
		"id", (json_int_t)p->id, "title", p->title, "content",
		p->content, "images", images, "writerId",
		petory__json_id_or_null(p->writer_id), "writerNickname",
		petory__json_string_or_null(p->writer_nickname), "comments",
		comments, "commentCount", (json_int_t)p->comment_count,
		"createdAt", petory_time_to_json(p->created_at), "updatedAt",
		petory_time_to_json(p->updated_at));
}

json_t *petory_board_summary_to_json(const petory_board_post *p)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:I, s:o}", "id",
		(json_int_t)p->id, "title", p->title, "content", p->content,
		"imageUrl",
		petory__json_string_or_null(
			p->image_count ? p->images[0].url : NULL),
		"writerId", petory__json_id_or_null(p->writer_id),
		"writerNickname",
		petory__json_string_or_null(p->writer_nickname), "commentCount",
		(json_int_t)p->comment_count, "createdAt",
		petory_time_to_json(p->created_at));
}

json_t *petory_board_page_to_json(const petory_board_page *page)
{
	json_t *items = json_array();
	size_t i;
	for (i = 0; items && i < page->count; i++)
		json_array_append_new(
			items, petory_board_summary_to_json(&page->items[i]));
	return petory_page_to_json(items, page->page, page->size, page->total);
}
