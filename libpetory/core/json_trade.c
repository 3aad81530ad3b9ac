/* json_trade.c -- the API's JSON shapes of trade-board listings.  A
 * seller whose account is gone renders sellerId and sellerNickname as
 * null.  Each function returns a new reference or NULL on allocation
 * failure. */
#include "core/internal.h"
#include "petory/json.h"

json_t *petory_trade_post_to_json(const petory_trade_post *p)
{
	json_t *images = json_array();
	size_t i;
	for (i = 0; images && i < p->image_count; i++)
		json_array_append_new(images,
			json_pack("{s:I, s:s?, s:o}", "id",
				(json_int_t)p->images[i].id, "url",
				p->images[i].url, "createdAt",
				petory_time_to_json(p->images[i].created_at)));
	return json_pack(
		"{s:I, s:o, s:o, s:s, s:s, s:s, s:I, s:s, s:o, s:o, s:o}", "id",
		(json_int_t)p->id, "sellerId",
		petory__json_id_or_null(p->seller_id), "sellerNickname",
		petory__json_string_or_null(p->seller_nickname), "category",
		petory_trade_category_name(p->category), "title", p->title,
		"content", p->content, "price", (json_int_t)p->price, "status",
		petory_trade_status_name(p->status), "images", images,
		"createdAt", petory_time_to_json(p->created_at), "updatedAt",
		petory_time_to_json(p->updated_at));
}

json_t *petory_trade_summary_to_json(const petory_trade_post *p)
{
	return json_pack("{s:I, s:o, s:o, s:s, s:s, s:I, s:s, s:o, s:o}", "id",
		(json_int_t)p->id, "sellerId",
		petory__json_id_or_null(p->seller_id), "sellerNickname",
		petory__json_string_or_null(p->seller_nickname), "title",
		p->title, "content", p->content, "price", (json_int_t)p->price,
		"status", petory_trade_status_name(p->status), "imageUrl",
		petory__json_string_or_null(
			p->image_count ? p->images[0].url : NULL),
		"createdAt", petory_time_to_json(p->created_at));
}

json_t *petory_trade_page_to_json(const petory_trade_page *page)
{
	json_t *items = json_array();
	size_t i;
	for (i = 0; items && i < page->count; i++)
		json_array_append_new(
			items, petory_trade_summary_to_json(&page->items[i]));
	return petory_page_to_json(items, page->page, page->size, page->total);
}
