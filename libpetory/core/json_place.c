/* json_place.c -- the API's JSON shapes of places and like results.
 *
 * A place item is {id, placeName, placeInfo, placeType, placeStatus,
 * address, ratio, likeCount, latitude, longitude, imageUrl, createdAt,
 * updatedAt}, plus distance (metres) after a near search and liked when
 * known.  imageUrl is the first image's URL (null without images); a
 * place read whole (images_complete) also has images: [{id, url}].
 * Reviews show the rating as `ratio` (the original's name).
 */
#include <math.h>

#include "core/internal.h"
#include "petory/json.h"

json_t *petory_place_to_json(const petory_place *p)
{
	json_t *o = json_pack(
		"{s:I, s:s, s:o, s:s, s:s, s:s, s:f, s:I, s:f, s:f, s:s?, s:o, "
		"s:o}",
		"id", (json_int_t)p->id, "placeName", p->name, "placeInfo",
		p->info ? json_string(p->info) : json_null(), "placeType",
		petory_place_type_name(p->type), "placeStatus",
		petory_place_status_name(p->status), "address", p->address,
		"ratio", petory_place_ratio(p), "likeCount",
		(json_int_t)p->like_count, "latitude", p->latitude, "longitude",
		p->longitude, "imageUrl",
		p->image_count ? p->images[0].url : NULL, "createdAt",
		petory_time_to_json(p->created_at), "updatedAt",
		petory_time_to_json(p->updated_at));
	if (!o)
		return NULL;
	/* whole centimetres are plenty */
	if (p->distance >= 0)
		json_object_set_new(o, "distance",
			json_real(round(p->distance * 100.0) / 100.0));
	if (p->liked >= 0)
		json_object_set_new(o, "liked", json_boolean(p->liked));
	if (p->images_complete)
		json_object_set_new(o, "images",
			petory__images_to_json(p->images, p->image_count));
	return o;
}

json_t *petory_like_to_json(const petory_like_result *r)
{
	return json_pack("{s:I, s:b, s:I}", "placeId", (json_int_t)r->place_id,
		"liked", r->liked, "likeCount", (json_int_t)r->like_count);
}

json_t *petory_review_to_json(const petory_review *r)
{
	return json_pack("{s:I, s:I, s:I, s:o, s:s, s:i, s:o, s:o}", "id",
		(json_int_t)r->id, "placeId", (json_int_t)r->place_id, "userId",
		(json_int_t)r->user_id, "nickName",
		r->nickname ? json_string(r->nickname) : json_null(), "content",
		r->content, "ratio", r->rating, "createdAt",
		petory_time_to_json(r->created_at), "updatedAt",
		petory_time_to_json(r->updated_at));
}

json_t *petory_review_feed_to_json(const petory_review_feed *f)
{
	json_t *items = json_array(), *o;
	size_t i;
	for (i = 0; items && i < f->count; i++)
		json_array_append_new(
			items, petory_review_to_json(&f->items[i]));
	if (f->paged)
		o = petory_page_to_json(items, f->page, f->size, f->total);
	else
		o = json_pack("{s:o, s:I}", "content", items, "size",
			(json_int_t)f->size);
	if (o)
		json_object_set_new(o, "nextBefore",
			f->next_before ? json_integer(f->next_before)
				       : json_null());
	return o;
}

json_t *petory_report_to_json(const petory_report *r)
{
	return json_pack("{s:I, s:I, s:s, s:b, s:o, s:o}", "id",
		(json_int_t)r->id, "placeId", (json_int_t)r->place_id,
		"content", r->content, "valid", r->valid, "reason",
		r->reason ? json_string(r->reason) : json_null(), "createdAt",
		petory_time_to_json(r->created_at));
}
