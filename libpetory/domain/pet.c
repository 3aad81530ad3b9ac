/* pet.c -- a user's pets: every call is the owner's.
 *
 * Rights: only the owner sees or changes a pet.  A pet of another user, a
 * deleted pet (except for restore) and an unknown id all answer
 * ENOTFOUND "PET_NOT_FOUND", so ids cannot be probed.  Photos come from
 * image keys: each must be the caller's, presigned for "pet", uploaded and
 * unused (petory__file_keys_attachable); the store attaches them in the
 * pet's own transaction, and a key taken meanwhile fails the write.
 */
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"

#define PET_IMAGE_KEYS_MAX 20

static int pet_not_found(void)
{
	return petory_error_set(
		PETORY_ENOTFOUND, "PET_NOT_FOUND", "no such pet");
}

static int image_not_found(void)
{
	return petory_error_set(
		PETORY_ENOTFOUND, "PET_IMAGE_NOT_FOUND", "no such pet image");
}

/* Validate create (creating) or update input; *size_out gets the size or
 * -1.  On update, gender and birthday "" clear them. */
static int check_input(
	petory *db, const petory_pet_input *in, int creating, int *size_out)
{
	petory__invalid v;
	char latest[11];

	*size_out = -1;
	petory__invalid_begin(&v);
	if (creating || in->name)
		petory__check_text(&v, "name", in->name, 1, 30);
	if (in->size && (*size_out = petory__pet_size_parse(in->size)) < 0)
		petory__invalid_field(
			&v, "size", "must be LARGE, MEDIUM or SMALL");
	else if (!in->size && creating)
		petory__invalid_field(&v, "size", "is required");
	if (creating || in->species)
		petory__check_text(&v, "species", in->species, 1, 30);
	if (in->gender && (creating || *in->gender))
		petory__check_text(&v, "gender", in->gender, 1, 30);
	if (in->birthday && (creating || *in->birthday)) {
		/* "today" anywhere on Earth: at most a day past UTC's */
		petory__utc_date(latest, petory_now(db) + 24 * 3600 * 1000);
		if (!petory__date_valid(in->birthday) ||
			strcmp(in->birthday, "1900-01-01") < 0 ||
			strcmp(in->birthday, latest) > 0)
			petory__invalid_field(&v, "birthday",
				"must be a real date (YYYY-MM-DD), not in the "
				"future");
	}
	if (in->image_key_count)
		petory__check_image_keys(&v, in->image_keys,
			in->image_key_count, 0, PET_IMAGE_KEYS_MAX);
	return petory__invalid_end(&v);
}

static int require_owner(const petory_identity *actor)
{
	int error;
	if ((error = petory__require_actor(actor)) < 0)
		return error;
	if (actor->user_id <= 0)
		return petory_error_set(
			PETORY_EPERM, "FORBIDDEN", "only a user keeps pets");
	return 0;
}

/* The actor's pet `id`, live (want_deleted 0) or deleted (1). */
static int owned_pet(petory_pet **out, petory *db, const petory_identity *actor,
	int64_t id, int want_deleted)
{
	petory_pet *p = NULL;
	int error;
	*out = NULL;
	if ((error = petory__store_pet_get(&p, db, id)) < 0)
		return error == PETORY_ENOTFOUND ? pet_not_found() : error;
	if (p->owner_id != actor->user_id ||
		(p->deleted_at != 0) != (want_deleted != 0)) {
		petory_pet_free(p);
		return pet_not_found();
	}
	*out = p;
	return 0;
}

/* Pet photos are their owner's alone (api.md, Pets), served like private
 * album files: signed URLs, whatever the file record's flag says (see
 * petory__file_purpose_private).  A LOST alert makes its pet's photos
 * everyone's: the alert shows them (domain/lost_pet.c), and
 * petory_file_open serves them. */
static int resolve_photos(petory *db, petory_image *images, size_t count)
{
	size_t i;
	for (i = 0; i < count; i++)
		images[i].is_private = 1;
	return petory__images_resolve(db, images, count);
}

/* A pet ready for the caller: image URLs filled in. */
static int fetch(
	petory_pet **out, petory *db, const petory_identity *actor, int64_t id)
{
	int error = owned_pet(out, db, actor, id, 0);
	if (!error && (error = resolve_photos(
			       db, (*out)->images, (*out)->image_count)) < 0) {
		petory_pet_free(*out);
		*out = NULL;
	}
	return error;
}

static int start(petory *db, const petory_identity *actor)
{
	int error;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = require_owner(actor)) < 0 ||
		(error = petory__require_store(db, 2)) < 0)
		return error;
	return 0;
}

int petory_pet_create(petory_pet **out, petory *db,
	const petory_identity *actor, const petory_pet_input *in)
{
	petory_pet pet;
	int size, error;

	if (!out || !in)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, actor)) < 0 ||
		(error = check_input(db, in, 1, &size)) < 0 ||
		(error = petory__files_confirm(
			 db, actor, in->image_keys, in->image_key_count)) < 0)
		return error;
	memset(&pet, 0, sizeof(pet));
	pet.owner_id = actor->user_id;
	pet.name = (char *)in->name;
	pet.size = (petory_pet_size)size;
	pet.species = (char *)in->species;
	pet.gender = (char *)in->gender;
	pet.birthday = (char *)in->birthday;
	if ((error = petory__file_keys_attachable(db, in->image_keys,
		     in->image_key_count, actor->user_id, PETORY_FILE_PET)) <
			0 ||
		(error = petory__file_attach_result(
			 petory__store_pet_insert(db, &pet, in->image_keys,
				 in->image_key_count, petory_now(db)))) < 0)
		return error;
	petory__log(PETORY_LOG_INFO, "pet %lld created by user %lld",
		(long long)pet.id, (long long)actor->user_id);
	return fetch(out, db, actor, pet.id);
}

int petory_pet_get(petory_pet **out, petory *db, const petory_identity *actor,
	int64_t pet_id)
{
	int error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, actor)) < 0)
		return error;
	return fetch(out, db, actor, pet_id);
}

int petory_pet_list(petory_pet_page *out, petory *db,
	const petory_identity *actor, const petory_page_req *page)
{
	int64_t p, s;
	size_t i;
	int error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = start(db, actor)) < 0 ||
		(error = petory__check_page(page, 5, &p, &s)) < 0 ||
		(error = petory__store_pet_list(
			 out, db, actor->user_id, p * s, s)) < 0)
		return error;
	out->page = p;
	out->size = s;
	for (i = 0; i < out->count; i++)
		if ((error = resolve_photos(db, out->items[i].images,
			     out->items[i].image_count)) < 0) {
			petory_pet_page_dispose(out);
			return error;
		}
	return 0;
}

int petory_pet_update(petory_pet **out, petory *db,
	const petory_identity *actor, int64_t pet_id,
	const petory_pet_input *in)
{
	static const petory_pet_input empty;
	petory_pet_patch patch;
	petory_pet *p = NULL;
	int size, error;

	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if (!in)
		in = &empty;
	if ((error = start(db, actor)) < 0 ||
		(error = owned_pet(&p, db, actor, pet_id, 0)) < 0)
		return error;
	petory_pet_free(p);
	if ((error = check_input(db, in, 0, &size)) < 0 ||
		(error = petory__files_confirm(
			 db, actor, in->image_keys, in->image_key_count)) < 0)
		return error;
	patch.name = in->name;
	patch.size = size;
	patch.species = in->species;
	patch.gender = in->gender;
	patch.birthday = in->birthday;
	if ((error = petory__file_keys_attachable(db, in->image_keys,
		     in->image_key_count, actor->user_id, PETORY_FILE_PET)) < 0)
		return error;
	error = petory__store_pet_update(db, pet_id, actor->user_id, &patch,
		in->image_keys, in->image_key_count, petory_now(db));
	if (error == PETORY_ENOTFOUND) /* deleted meanwhile */
		return pet_not_found();
	if ((error = petory__file_attach_result(error)) < 0)
		return error;
	return fetch(out, db, actor, pet_id);
}

int petory_pet_delete(petory *db, const petory_identity *actor, int64_t pet_id)
{
	petory_pet *p = NULL;
	int error;
	if ((error = start(db, actor)) < 0 ||
		(error = owned_pet(&p, db, actor, pet_id, 0)) < 0)
		return error;
	petory_pet_free(p);
	/* absent or deleted meanwhile */
	error = petory__store_pet_set_deleted(db, pet_id, 1, petory_now(db));
	if (error == PETORY_ECONFLICT || error == PETORY_ENOTFOUND)
		return pet_not_found();
	/* Lost-pet alerts (issue 13): a pet deleted while LOST closes its
	 * alert (CANCELLED). */
	if (!error)
		error = petory__lost_pet_pet_deleted(db, pet_id);
	return error;
}

int petory_pet_restore(petory_pet **out, petory *db,
	const petory_identity *actor, int64_t pet_id)
{
	petory_pet *p = NULL;
	int error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, actor)) < 0)
		return error;
	if ((error = petory__store_pet_get(&p, db, pet_id)) < 0)
		return error == PETORY_ENOTFOUND ? pet_not_found() : error;
	if (p->owner_id != actor->user_id) {
		petory_pet_free(p);
		return pet_not_found();
	}
	error = p->deleted_at ? petory__store_pet_set_deleted(
					db, pet_id, 0, petory_now(db))
			      : PETORY_ECONFLICT;
	petory_pet_free(p);
	if (error == PETORY_ECONFLICT)
		return petory_error_set(PETORY_ECONFLICT, "PET_NOT_DELETED",
			"the pet is not deleted");
	if (error == PETORY_ENOTFOUND)
		return pet_not_found();
	if (error < 0)
		return error;
	return fetch(out, db, actor, pet_id);
}

int petory_pet_image_delete(
	petory *db, const petory_identity *actor, int64_t image_id)
{
	petory_file_key key;
	petory_pet *p = NULL;
	int64_t pet_id = 0;
	int error;
	if ((error = start(db, actor)) < 0)
		return error;
	if ((error = petory__store_pet_image_pet(&pet_id, db, image_id)) < 0)
		return error == PETORY_ENOTFOUND ? image_not_found() : error;
	if (owned_pet(&p, db, actor, pet_id, 0) < 0)
		return image_not_found();
	petory_pet_free(p);
	if ((error = petory__store_pet_image_delete(&key, db, image_id)) < 0)
		return error == PETORY_ENOTFOUND ? image_not_found() : error;
	petory__files_remove_blobs(db, &key, 1);
	return 0;
}
