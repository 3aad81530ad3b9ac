/* json.c -- the API's JSON shapes of public records (jansson), shared by
 * every front-end.  Each function returns a new reference or NULL on
 * allocation failure. */
#include "core/internal.h"
#include "petory/json.h"

json_t *petory_time_to_json(petory_time_ms t)
{
	char buf[40];
	if (t == 0)
		return json_null();
	return json_string(petory_time_format(buf, sizeof(buf), t));
}

json_t *petory_roles_to_json(unsigned roles)
{
	json_t *a = json_array();
	if (!a)
		return NULL;
	if (roles & PETORY_ROLE_USER)
		json_array_append_new(a, json_string("USER"));
	if (roles & PETORY_ROLE_ADMIN)
		json_array_append_new(a, json_string("ADMIN"));
	return a;
}

json_t *petory__json_string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *petory__json_id_or_null(int64_t id)
{
	return id > 0 ? json_integer((json_int_t)id) : json_null();
}

json_t *petory_user_to_json(const petory_user *u)
{
	return json_pack(
		"{s:I, s:s, s:b, s:s, s:o, s:o, s:s, s:s, s:o, s:o, s:o}", "id",
		(json_int_t)u->id, "email", u->email, "emailVerified",
		u->email_verified ? 1 : 0, "nickname", u->nickname, "mobileNum",
		petory__json_string_or_null(u->mobile_num), "roles",
		petory_roles_to_json(u->roles), "status",
		petory_user_status_name(u->status), "timezone", u->timezone,
		"createdAt", petory_time_to_json(u->created_at), "updatedAt",
		petory_time_to_json(u->updated_at), "lastLoginAt",
		petory_time_to_json(u->last_login_at));
}

json_t *petory_tokens_to_json(const petory_tokens *t)
{
	return json_pack("{s:s, s:s, s:s, s:I}", "accessToken", t->access_token,
		"refreshToken", t->refresh_token, "tokenType", "Bearer",
		"expiresIn", (json_int_t)t->expires_in);
}

json_t *petory_page_to_json(
	json_t *items, int64_t page, int64_t size, int64_t total)
{
	int64_t pages = size > 0 ? (total + size - 1) / size : 0;
	return json_pack("{s:o, s:I, s:I, s:I, s:I}", "content", items, "page",
		(json_int_t)page, "size", (json_int_t)size, "totalElements",
		(json_int_t)total, "totalPages", (json_int_t)pages);
}

json_t *petory_presigned_to_json(const petory_presigned *p)
{
	return json_pack("{s:s, s:s, s:s, s:{s:s}, s:o}", "fileKey",
		p->file_key, "uploadUrl", p->upload_url, "method", "PUT",
		"headers", "Content-Type", p->content_type, "expiresAt",
		petory_time_to_json(p->expires_at));
}

json_t *petory__images_to_json(const petory_image *images, size_t count)
{
	json_t *list = json_array();
	size_t i;
	for (i = 0; list && i < count; i++)
		json_array_append_new(list,
			json_pack("{s:I, s:s?}", "id", (json_int_t)images[i].id,
				"url", images[i].url));
	return list;
}

json_t *petory_pet_to_json(const petory_pet *p)
{
	json_t *images = petory__images_to_json(p->images, p->image_count);
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "id",
		(json_int_t)p->id, "name", p->name, "size",
		petory_pet_size_name(p->size), "species", p->species, "gender",
		petory__json_string_or_null(p->gender), "birthday",
		petory__json_string_or_null(p->birthday), "images", images,
		"createdAt", petory_time_to_json(p->created_at), "updatedAt",
		petory_time_to_json(p->updated_at));
}

json_t *petory_pet_summary_to_json(const petory_pet *p)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)p->id,
		"name", p->name, "size", petory_pet_size_name(p->size),
		"species", p->species, "imageUrl",
		petory__json_string_or_null(
			p->image_count ? p->images[0].url : NULL));
}

json_t *petory_user_page_to_json(const petory_user_page *page)
{
	json_t *items = json_array();
	size_t i;
	for (i = 0; items && i < page->count; i++)
		json_array_append_new(
			items, petory_user_to_json(&page->items[i]));
	return petory_page_to_json(items, page->page, page->size, page->total);
}

json_t *petory_pet_page_to_json(const petory_pet_page *page)
{
	json_t *items = json_array();
	size_t i;
	for (i = 0; items && i < page->count; i++)
		json_array_append_new(
			items, petory_pet_summary_to_json(&page->items[i]));
	return petory_page_to_json(items, page->page, page->size, page->total);
}

json_t *petory_album_to_json(const petory_album *a)
{
	json_t *images = json_array();
	size_t i;
	for (i = 0; images && i < a->image_count; i++)
		json_array_append_new(images,
			json_pack("{s:I, s:s?, s:o}", "albumImageId",
				(json_int_t)a->images[i].id, "url",
				a->images[i].url, "createdAt",
				petory_time_to_json(a->images[i].created_at)));
	return json_pack("{s:I, s:I, s:o, s:o, s:s, s:o, s:o, s:o}", "albumId",
		(json_int_t)a->id, "userId", (json_int_t)a->owner_id,
		"nickname", petory__json_string_or_null(a->owner_nickname),
		"content", petory__json_string_or_null(a->content),
		"albumVisibility", petory_album_visibility_name(a->visibility),
		"images", images, "createdAt",
		petory_time_to_json(a->created_at), "updatedAt",
		petory_time_to_json(a->updated_at));
}

json_t *petory_album_summary_to_json(const petory_album *a)
{
	return json_pack("{s:I, s:I, s:o, s:s, s:o, s:o}", "albumId",
		(json_int_t)a->id, "userId", (json_int_t)a->owner_id,
		"nickname", petory__json_string_or_null(a->owner_nickname),
		"albumVisibility", petory_album_visibility_name(a->visibility),
		"url",
		petory__json_string_or_null(
			a->image_count ? a->images[0].url : NULL),
		"createdAt", petory_time_to_json(a->created_at));
}

json_t *petory_album_page_to_json(const petory_album_page *page)
{
	json_t *items = json_array();
	size_t i;
	for (i = 0; items && i < page->count; i++)
		json_array_append_new(
			items, petory_album_summary_to_json(&page->items[i]));
	return petory_page_to_json(items, page->page, page->size, page->total);
}
