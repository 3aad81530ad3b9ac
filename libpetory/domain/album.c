/* album.c -- photo albums: one a day, PUBLIC or PRIVATE.
 *
 * Rights: anyone reads PUBLIC albums; a PRIVATE album exists for its
 * owner only, and to anyone else every call answers ENOTFOUND
 * "ALBUM_NOT_FOUND" (or "ALBUM_IMAGE_NOT_FOUND"), exactly as for an
 * album that does not exist.  Only the owner changes or deletes an album
 * or one of its images; another user gets EPERM on a PUBLIC album.  ADMIN
 * brings no right here beyond a higher image limit.
 *
 * "Today", for the one-album-a-day rule, is the owner's calendar date in
 * their own time zone (users.timezone); the store keeps one album per
 * owner and date under any race (EEXISTS).  Photos come from image keys
 * the caller presigned for "album" (petory__file_keys_attachable).
 */
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"

static int visibility_parse(const char *name)
{
	if (name && strcmp(name, "PUBLIC") == 0)
		return PETORY_ALBUM_PUBLIC;
	if (name && strcmp(name, "PRIVATE") == 0)
		return PETORY_ALBUM_PRIVATE;
	return -1;
}

static int album_not_found(void)
{
	return petory_error_set(
		PETORY_ENOTFOUND, "ALBUM_NOT_FOUND", "no such album");
}

static int image_not_found(void)
{
	return petory_error_set(PETORY_ENOTFOUND, "ALBUM_IMAGE_NOT_FOUND",
		"no such album image");
}

/* A store call on an album: its ENOTFOUND (gone meanwhile) is
 * ALBUM_NOT_FOUND. */
static int on_album(int error)
{
	return error == PETORY_ENOTFOUND ? album_not_found() : error;
}

static bool is_owner(const petory_identity *actor, const petory_album *a)
{
	return actor && actor->user_id > 0 && actor->user_id == a->owner_id;
}

/* Images per request for the actor's role. */
static size_t image_limit(petory *db, const petory_identity *actor)
{
	return (size_t)(actor->roles & PETORY_ROLE_ADMIN
				? db->cfg.album_images_admin
				: db->cfg.album_images_user);
}

/* imageKeys: the per-role limit first, before any per-key work (EINVALID
 * "ALBUM_IMAGE_SIZE_OVER"), then 1..N well-formed keys (field errors). */
static int check_keys(petory *db, const petory_identity *actor,
	petory__invalid *v, const char *const *keys, size_t count)
{
	size_t limit = image_limit(db, actor);
	if (count > limit)
		return petory_error_set(PETORY_EINVALID,
			"ALBUM_IMAGE_SIZE_OVER",
			"imageKeys holds %zu keys: at most %zu %s per request",
			count, limit, limit == 1 ? "image" : "images");
	if (!keys && !count)
		petory__invalid_field(v, "imageKeys", "is required");
	else
		petory__check_image_keys(
			v, keys, count, 1, count > 1 ? count : 1);
	return petory__invalid_end(v);
}

static int start(petory *db, const petory_identity *actor, int need_user)
{
	int error;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = petory__require_store(db, 2)) < 0)
		return error;
	if (!need_user)
		return 0;
	if ((error = petory__require_actor(actor)) < 0)
		return error;
	if (actor->user_id <= 0)
		return petory_error_set(
			PETORY_EPERM, "FORBIDDEN", "only a user keeps albums");
	return 0;
}

/* The album `id` as actor may see it: a PRIVATE album of someone else
 * does not exist. */
static int visible_album(petory_album **out, petory *db,
	const petory_identity *actor, int64_t id)
{
	petory_album *a = NULL;
	int error;
	*out = NULL;
	if ((error = on_album(petory__store_album_get(&a, db, id))) < 0)
		return error;
	if (a->visibility == PETORY_ALBUM_PRIVATE && !is_owner(actor, a)) {
		petory_album_free(a);
		return album_not_found();
	}
	*out = a;
	return 0;
}

/* The album `id` for a change by its owner; `reason` names the refusal
 * to another user of a PUBLIC album. */
static int own_album(petory *db, const petory_identity *actor, int64_t id,
	const char *reason)
{
	petory_album *a = NULL;
	int error = visible_album(&a, db, actor, id);
	if (error < 0)
		return error;
	error = is_owner(actor, a) ? 0
				   : petory_error_set(PETORY_EPERM, reason,
					     "only the album's owner may do "
					     "this");
	petory_album_free(a);
	return error;
}

static int fetch(petory_album **out, petory *db, const petory_identity *actor,
	int64_t id)
{
	int error = visible_album(out, db, actor, id);
	if (!error && (error = petory__images_resolve(
			       db, (*out)->images, (*out)->image_count)) < 0) {
		petory_album_free(*out);
		*out = NULL;
	}
	return error;
}

/* The actor's calendar date now, in their own zone. */
static int today_of(char out[11], petory *db, const petory_identity *actor)
{
	petory_user *u = NULL;
	int error;
	if ((error = petory__store_user_get(&u, NULL, db, actor->user_id)) < 0)
		return error;
	petory__local_date_text(out,
		u->timezone && *u->timezone ? u->timezone
					    : db->cfg.default_timezone,
		petory_now(db));
	petory_user_free(u);
	return 0;
}

int petory_album_create(petory_album **out, petory *db,
	const petory_identity *actor, const petory_album_input *in)
{
	petory_album album;
	petory__invalid v;
	char today[11];
	int visibility = -1, error;

	if (!out || !in)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, actor, 1)) < 0)
		return error;
	petory__invalid_begin(&v);
	if (in->content)
		petory__check_multiline_text(
			&v, "content", in->content, 0, 255);
	if (!in->visibility)
		petory__invalid_field(&v, "albumVisibility", "is required");
	else if ((visibility = visibility_parse(in->visibility)) < 0)
		petory__invalid_field(
			&v, "albumVisibility", "must be PUBLIC or PRIVATE");
	if ((error = check_keys(
		     db, actor, &v, in->image_keys, in->image_key_count)) < 0 ||
		(error = today_of(today, db, actor)) < 0 ||
		(error = petory__files_confirm(
			 db, actor, in->image_keys, in->image_key_count)) < 0)
		return error;
	memset(&album, 0, sizeof(album));
	album.owner_id = actor->user_id;
	album.content =
		in->content && *in->content ? (char *)in->content : NULL;
	album.visibility = (petory_album_visibility)visibility;
	if ((error = petory__file_keys_attachable(db, in->image_keys,
		     in->image_key_count, actor->user_id, PETORY_FILE_ALBUM)) <
		0)
		return error;
	error = petory__store_album_insert(db, &album, today, in->image_keys,
		in->image_key_count, petory_now(db));
	if (error == PETORY_EEXISTS)
		return petory_error_set(PETORY_ECONFLICT,
			"ALREADY_SAVED_ALBUM_TODAY",
			"an album was already saved on %s", today);
	if ((error = petory__file_attach_result(error)) < 0)
		return error;
	petory__log(PETORY_LOG_INFO, "album %lld (%s) created by user %lld",
		(long long)album.id, today, (long long)actor->user_id);
	return fetch(out, db, actor, album.id);
}

static int list(petory_album_page *out, petory *db, int64_t owner_id,
	int include_private, const petory_page_req *page)
{
	int64_t p, s;
	size_t i;
	int error;
	if ((error = petory__check_page(page, 10, &p, &s)) < 0 ||
		(error = petory__store_album_list(
			 out, db, owner_id, include_private, p * s, s)) < 0)
		return error;
	out->page = p;
	out->size = s;
	for (i = 0; i < out->count; i++)
		if ((error = petory__images_resolve(db, out->items[i].images,
			     out->items[i].image_count)) < 0) {
			petory_album_page_dispose(out);
			return error;
		}
	return 0;
}

int petory_album_list_public(
	petory_album_page *out, petory *db, const petory_page_req *page)
{
	int error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = start(db, NULL, 0)) < 0)
		return error;
	return list(out, db, 0, 0, page);
}

int petory_album_list_user(petory_album_page *out, petory *db,
	const petory_identity *actor, int64_t user_id,
	const petory_page_req *page)
{
	petory_user_auth_state state;
	int error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = start(db, NULL, 0)) < 0 ||
		(error = petory__user_not_found(petory__store_user_auth_state(
			 &state, db, user_id))) < 0)
		return error;
	return list(out, db, user_id,
		actor && actor->user_id > 0 && actor->user_id == user_id, page);
}

int petory_album_get(petory_album **out, petory *db,
	const petory_identity *actor, int64_t album_id)
{
	int error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, NULL, 0)) < 0)
		return error;
	return fetch(out, db, actor, album_id);
}

int petory_album_update(petory_album **out, petory *db,
	const petory_identity *actor, int64_t album_id, const char *content)
{
	petory__invalid v;
	int error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, actor, 1)) < 0 ||
		(error = own_album(
			 db, actor, album_id, "ONLY_AUTHOR_CAN_EDIT")) < 0)
		return error;
	petory__invalid_begin(&v);
	if (content)
		petory__check_multiline_text(&v, "content", content, 0, 255);
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	if (content && (error = on_album(petory__store_album_update(db,
				album_id, content, -1, petory_now(db)))) < 0)
		return error;
	return fetch(out, db, actor, album_id);
}

int petory_album_set_visibility(petory_album **out, petory *db,
	const petory_identity *actor, int64_t album_id, const char *visibility)
{
	petory__invalid v;
	int value = -1, error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, actor, 1)) < 0 ||
		(error = own_album(
			 db, actor, album_id, "ONLY_AUTHOR_CAN_EDIT")) < 0)
		return error;
	petory__invalid_begin(&v);
	if (!visibility)
		petory__invalid_field(&v, "albumVisibility", "is required");
	else if ((value = visibility_parse(visibility)) < 0)
		petory__invalid_field(
			&v, "albumVisibility", "must be PUBLIC or PRIVATE");
	if ((error = petory__invalid_end(&v)) < 0 ||
		(error = on_album(petory__store_album_update(
			 db, album_id, NULL, value, petory_now(db)))) < 0)
		return error;
	return fetch(out, db, actor, album_id);
}

int petory_album_delete(
	petory *db, const petory_identity *actor, int64_t album_id)
{
	petory_file_key *keys = NULL;
	size_t count = 0;
	int error;
	if ((error = start(db, actor, 1)) < 0 ||
		(error = own_album(
			 db, actor, album_id, "ONLY_AUTHOR_CAN_DELETE")) < 0 ||
		(error = on_album(petory__store_album_delete(
			 &keys, &count, db, album_id))) < 0)
		return error;
	petory__files_remove_blobs(db, keys, count);
	free(keys);
	return 0;
}

int petory_album_add_images(petory_album **out, petory *db,
	const petory_identity *actor, int64_t album_id,
	const char *const *image_keys, size_t image_key_count)
{
	petory__invalid v;
	int error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, actor, 1)) < 0 ||
		(error = own_album(
			 db, actor, album_id, "ONLY_AUTHOR_CAN_EDIT")) < 0)
		return error;
	petory__invalid_begin(&v);
	if ((error = check_keys(db, actor, &v, image_keys, image_key_count)) <
			0 ||
		(error = petory__files_confirm(
			 db, actor, image_keys, image_key_count)) < 0 ||
		(error = petory__file_keys_attachable(db, image_keys,
			 image_key_count, actor->user_id, PETORY_FILE_ALBUM)) <
			0 ||
		(error = petory__file_attach_result(
			 on_album(petory__store_album_add_images(db, album_id,
				 actor->user_id, image_keys, image_key_count,
				 petory_now(db))))) < 0)
		return error;
	return fetch(out, db, actor, album_id);
}

int petory_album_image_delete(
	petory *db, const petory_identity *actor, int64_t image_id)
{
	petory_file_key key;
	int64_t album_id = 0;
	int error;
	if ((error = start(db, actor, 1)) < 0)
		return error;
	if ((error = petory__store_album_image_album(&album_id, db, image_id)) <
		0)
		return error == PETORY_ENOTFOUND ? image_not_found() : error;
	error = own_album(db, actor, album_id, "ONLY_AUTHOR_CAN_DELETE");
	if (error == PETORY_ENOTFOUND)
		return image_not_found();
	if (error < 0)
		return error;
	if ((error = petory__store_album_image_delete(&key, db, image_id)) < 0)
		return error == PETORY_ENOTFOUND ? image_not_found() : error;
	petory__files_remove_blobs(db, &key, 1);
	return 0;
}
