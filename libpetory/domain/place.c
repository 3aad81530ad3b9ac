/* place.c -- places: the admin catalogue, search, likes and the ranking
 * read.
 *
 * Rights: reads need no identity and see ACTIVE places (an admin also
 * INACTIVE ones); writes to the catalogue need ADMIN; likes need a user.
 * Every change of a place's board membership (delete, restore, type
 * change) runs under the exclusive rank lock together with its SQL
 * change, every like under the shared one (see place_rank.c).  Images are
 * the admin's uploads (purpose "place"), attached all or nothing; every
 * place handed out has its image URLs filled in.  The store reports
 * facts (an absent place, a taken name and address, a status or an
 * outcome); the reasons the API answers with are named here.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"
#include "petory/json.h"

#define TYPE_MESSAGE                                                         \
	"must be one of CAFE, RESTAURANT, HOSPITAL, STORE, BEAUTY, SCHOOL, " \
	"ACCOMMODATION, BAR, CAMPING, ETC"

static int not_found(void)
{
	return petory_error_set(
		PETORY_ENOTFOUND, "PLACE_NOT_FOUND", "no such place");
}

/* A store error with a taken (name, address) named. */
static int taken_named(int error)
{
	if (error == PETORY_EEXISTS)
		return petory_error_set(PETORY_EEXISTS, "DUPLICATE_PLACE",
			"a place with this name and address already exists");
	return error;
}

int petory__place_refusal(petory_store_outcome outcome)
{
	if (outcome == PETORY_STORE_ABSENT)
		return not_found();
	if (outcome == PETORY_STORE_INACTIVE)
		return petory_error_set(PETORY_ECONFLICT,
			"ALREADY_INACTIVE_PLACE", "the place is not active");
	return 0;
}

/* The place of any status from the store (PLACE_NOT_FOUND when absent). */
static int place_read(
	petory_place **out, petory *db, int64_t id, int64_t viewer)
{
	return petory__absent_as(
		petory__store_place_get(out, db, id, viewer), not_found);
}

/* Fill in the image URLs of n places (after a successful read). */
static int with_urls(petory *db, petory_place *items, size_t n)
{
	size_t i;
	int error;
	for (i = 0; i < n; i++)
		if ((error = petory__images_resolve(
			     db, items[i].images, items[i].image_count)) < 0)
			return error;
	return 0;
}

/* Place id from the store, with URLs (any status). */
static int fetch(petory_place **out, petory *db, int64_t id)
{
	int error = place_read(out, db, id, 0);
	if (!error && (error = with_urls(db, *out, 1)) < 0) {
		petory_place_free(*out);
		*out = NULL;
	}
	return error;
}

static void check_coordinates(petory__invalid *v, double lat, double lng)
{
	if (!isfinite(lat) || lat < -90 || lat > 90)
		petory__invalid_field(v, "latitude", "must be -90 to 90");
	if (!isfinite(lng) || lng < -180 || lng > 180)
		petory__invalid_field(v, "longitude", "must be -180 to 180");
}

/* Check the given fields (NULL: absent); *type_out gets the parsed type. */
static void check_fields(petory__invalid *v, const char *name, const char *info,
	const char *type, const char *address, int *type_out)
{
	if (name)
		petory__check_text(v, "placeName", name, 1, 30);
	if (info)
		petory__check_text(v, "placeInfo", info, 0, 255);
	if (type && (*type_out = petory_place_type_parse(type)) < 0)
		petory__invalid_field(v, "placeType", TYPE_MESSAGE);
	if (address)
		petory__check_text(v, "address", address, 1, 100);
}

int petory_place_create(petory_place **out, petory *db,
	const petory_identity *actor, const petory_new_place *in)
{
	petory_place p = { 0 };
	petory__invalid v;
	int type = 0, error;
	if (!out || !db || !in)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = petory__require_admin(actor)) < 0)
		return error;
	petory__invalid_begin(&v);
	if (!in->name)
		petory__invalid_field(&v, "placeName", "is required");
	if (!in->type)
		petory__invalid_field(&v, "placeType", "is required");
	if (!in->address)
		petory__invalid_field(&v, "address", "is required");
	check_fields(&v, in->name, in->info, in->type, in->address, &type);
	if (in->has_coordinates) {
		check_coordinates(&v, in->latitude, in->longitude);
	} else if (!db->cfg.kakao_api_key) {
		petory__invalid_field(&v, "latitude",
			"is required (no geocoding provider is configured)");
		petory__invalid_field(&v, "longitude",
			"is required (no geocoding provider is configured)");
	}
	if (in->image_key_count)
		petory__check_image_keys(&v, in->image_keys,
			in->image_key_count, 0, PETORY_PLACE_IMAGE_KEYS_MAX);
	if ((error = petory__invalid_end(&v)) < 0 ||
		(error = petory__files_confirm(
			 db, actor, in->image_keys, in->image_key_count)) < 0)
		return error;
	p.latitude = in->latitude;
	p.longitude = in->longitude;
	if (!in->has_coordinates && (error = petory__geocode(db, in->address,
					     &p.latitude, &p.longitude)) < 0)
		return error;
	p.name = (char *)in->name;
	p.info = in->info && *in->info ? (char *)in->info : NULL;
	p.address = (char *)in->address;
	p.type = (petory_place_type)type;
	p.source_key = in->source_key;
	p.created_by = actor->user_id;
	p.created_at = p.updated_at = petory_now(db);
	p.image_keys = in->image_keys;
	p.image_key_count = in->image_key_count;
	if ((error = petory__file_keys_attachable(db, in->image_keys,
		     in->image_key_count, actor->user_id, PETORY_FILE_PLACE)) <
			0 ||
		(error = taken_named(petory__file_attach_result(
			 petory__store_place_insert(db, &p)))) < 0)
		return error;
	petory__places_changed(db);
	petory__log(PETORY_LOG_INFO, "place %lld created", (long long)p.id);
	return fetch(out, db, p.id);
}

/* May actor see p?  ACTIVE places to anyone, INACTIVE ones to admins. */
static int may_see(const petory_place *p, const petory_identity *actor)
{
	return p->status == PETORY_PLACE_ACTIVE ||
	       (p->status == PETORY_PLACE_INACTIVE && petory__is_admin(actor));
}

/* The place as actor may see it (ENOTFOUND otherwise). */
static int visible(petory_place **out, petory *db, const petory_identity *actor,
	int64_t place_id)
{
	int64_t viewer = actor && !(actor->roles & PETORY_ROLE_SYSTEM)
				 ? actor->user_id
				 : 0;
	int error = place_read(out, db, place_id, viewer);
	if (error < 0)
		return error;
	if (!may_see(*out, actor))
		error = not_found();
	else
		error = with_urls(db, *out, 1);
	if (error) {
		petory_place_free(*out);
		*out = NULL;
	}
	return error;
}

int petory__place_check_visible(
	petory *db, const petory_identity *actor, int64_t place_id)
{
	petory_place *p = NULL;
	int error = place_read(&p, db, place_id, 0);
	if (error < 0)
		return error;
	if (!may_see(p, actor))
		error = not_found();
	petory_place_free(p);
	return error;
}

int petory_place_get(petory_place **out, petory *db,
	const petory_identity *actor, int64_t place_id)
{
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	return visible(out, db, actor, place_id);
}

static int apply_patch(
	petory_place *p, const petory_place_patch *patch, int *type_out)
{
	petory__invalid v;
	int type = (int)p->type, error;
	petory__invalid_begin(&v);
	check_fields(&v, patch->name, patch->info, patch->type, patch->address,
		&type);
	if (patch->has_coordinates)
		check_coordinates(&v, patch->latitude, patch->longitude);
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	if ((patch->name && !(p->name = petory__strdup(patch->name))) ||
		(patch->address &&
			!(p->address = petory__strdup(patch->address))) ||
		(patch->info && *patch->info &&
			!(p->info = petory__strdup(patch->info))))
		return petory__error_oom();
	if (patch->info && !*patch->info)
		p->info = NULL;
	if (patch->has_coordinates) {
		p->latitude = patch->latitude;
		p->longitude = patch->longitude;
	}
	*type_out = type;
	return 0;
}

int petory_place_update(petory_place **out, petory *db,
	const petory_identity *actor, int64_t place_id,
	const petory_place_patch *patch)
{
	petory_place *cur = NULL, next;
	int type = 0, error;
	if (!out || !db || !patch)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = petory__require_admin(actor)) < 0)
		return error;
	petory__rank_lock(db, true);
	if ((error = visible(&cur, db, actor, place_id)) < 0)
		goto done;
	next = *cur;
	/* borrow the current strings; apply_patch replaces what it sets */
	if ((error = apply_patch(&next, patch, &type)) < 0)
		goto release;
	next.type = (petory_place_type)type;
	next.updated_at = petory_now(db);
	error = petory__store_place_update(db, &next);
	if (!error && next.type != cur->type &&
		cur->status == PETORY_PLACE_ACTIVE)
		petory__rank_put(
			db, place_id, cur->type, next.type, cur->like_count);
release:
	if (next.name != cur->name)
		free(next.name);
	if (next.info != cur->info)
		free(next.info);
	if (next.address != cur->address)
		free(next.address);
	petory_place_free(cur);
done:
	petory__rank_unlock(db);
	if (error)
		return taken_named(petory__absent_as(error, not_found));
	return visible(out, db, actor, place_id);
}

int petory_place_delete(
	petory *db, const petory_identity *actor, int64_t place_id)
{
	return petory_place_close(db, actor, place_id, NULL);
}

int petory_place_close(petory *db, const petory_identity *actor,
	int64_t place_id, const char *status)
{
	petory_place_status to = PETORY_PLACE_DELETED;
	unsigned from =
		(1u << PETORY_PLACE_ACTIVE) | (1u << PETORY_PLACE_INACTIVE);
	petory_place_type type;
	int error;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = petory__require_admin(actor)) < 0)
		return error;
	if (status && strcmp(status, "INACTIVE") == 0) {
		to = PETORY_PLACE_INACTIVE;
		from = 1u << PETORY_PLACE_ACTIVE;
	} else if (status && strcmp(status, "DELETED") != 0) {
		petory__invalid v;
		petory__invalid_begin(&v);
		petory__invalid_field(
			&v, "placeStatus", "must be INACTIVE or DELETED");
		return petory__invalid_end(&v);
	}
	petory__rank_lock(db, true);
	error = petory__store_place_set_status(
		NULL, &type, db, place_id, from, to, 0, petory_now(db));
	if (!error)
		petory__rank_drop(db, place_id, type);
	petory__rank_unlock(db);
	if (error == PETORY_ECONFLICT && to == PETORY_PLACE_INACTIVE)
		return petory_error_set(PETORY_ECONFLICT,
			"ALREADY_INACTIVE_PLACE", "the place is not active");
	if (error == PETORY_ECONFLICT)
		return petory_error_set(PETORY_ECONFLICT,
			"ALREADY_DELETED_PLACE",
			"the place is already deleted");
	if (error == PETORY_ENOTFOUND)
		return not_found();
	if (!error)
		petory__log(PETORY_LOG_INFO, "place %lld %s",
			(long long)place_id,
			to == PETORY_PLACE_DELETED ? "deleted"
						   : "made inactive");
	return error;
}

int petory_place_restore(petory_place **out, petory *db,
	const petory_identity *actor, int64_t place_id, const char *status)
{
	petory_place_status to = PETORY_PLACE_ACTIVE;
	petory_place_type type;
	int64_t likes = 0;
	int error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = petory__require_admin(actor)) < 0)
		return error;
	if (status && strcmp(status, "INACTIVE") == 0)
		to = PETORY_PLACE_INACTIVE;
	else if (status && strcmp(status, "ACTIVE") != 0) {
		petory__invalid v;
		petory__invalid_begin(&v);
		petory__invalid_field(
			&v, "placeStatus", "must be ACTIVE or INACTIVE");
		return petory__invalid_end(&v);
	}
	petory__rank_lock(db, true);
	error = petory__store_place_set_status(&likes, &type, db, place_id,
		(1u << PETORY_PLACE_DELETED) | (1u << PETORY_PLACE_INACTIVE),
		to, 1, petory_now(db));
	if (!error && to == PETORY_PLACE_ACTIVE)
		petory__rank_put(db, place_id, type, type, likes);
	petory__rank_unlock(db);
	if (error == PETORY_ECONFLICT)
		return petory_error_set(PETORY_ECONFLICT, "PLACE_NOT_DELETED",
			"the place is active");
	if (error)
		return taken_named(petory__absent_as(error, not_found));
	return fetch(out, db, place_id);
}

int petory_place_search(petory_place_page *out, petory *db,
	const petory_identity *actor, const petory_place_query *q,
	const petory_page_req *page)
{
	petory_place_query none = { 0 };
	petory__invalid v;
	int64_t p, size;
	int type = -1, error;
	(void)actor;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if (!q)
		q = &none;
	error = petory__check_page(page, 10, &p, &size);
	/* keep the paging fields and add the others after them */
	v.count = error < 0 ? petory_error_last()->field_count : 0;
	if (q->name)
		petory__check_text(&v, "placeName", q->name, 0, 100);
	if (q->address)
		petory__check_text(&v, "address", q->address, 0, 100);
	if (q->type && strcmp(q->type, "ALL") != 0 &&
		(type = petory_place_type_parse(q->type)) < 0)
		petory__invalid_field(&v, "placeType", TYPE_MESSAGE " or ALL");
	if (q->has_near) {
		if (!isfinite(q->lat) || q->lat < -90 || q->lat > 90)
			petory__invalid_field(&v, "lat", "must be -90 to 90");
		if (!isfinite(q->lng) || q->lng < -180 || q->lng > 180)
			petory__invalid_field(&v, "lng", "must be -180 to 180");
		if (!isfinite(q->radius) || q->radius < 1 ||
			q->radius > PETORY_PLACE_RADIUS_MAX)
			petory__invalid_field(
				&v, "radius", "must be 1 to 50000 metres");
	}
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	if ((error = petory__store_place_search(
		     out, db, q, type, p * size, size)) < 0)
		return error;
	if ((error = with_urls(db, out->items, out->count)) < 0) {
		petory_place_page_dispose(out);
		return error;
	}
	out->page = p;
	out->size = size;
	return 0;
}

int petory_place_like(petory_like_result *out, petory *db,
	const petory_identity *actor, int64_t place_id, petory_like_mode mode)
{
	petory_store_outcome outcome;
	petory_place_type type;
	int changed, error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if (!actor || actor->user_id <= 0)
		return petory_error_set(PETORY_EAUTH, "UNAUTHORIZED",
			"authentication required");
	if (mode != PETORY_LIKE_SET && mode != PETORY_LIKE_CLEAR &&
		mode != PETORY_LIKE_TOGGLE)
		return petory_error_set(
			PETORY_EINVALID, NULL, "unknown like mode");
	petory__rank_lock(db, false);
	error = petory__store_place_like(&outcome, out, &changed, &type, db,
		actor->user_id, place_id, mode, petory_now(db));
	if (!error && changed)
		petory__rank_bump(db, place_id, type, changed);
	petory__rank_unlock(db);
	return error ? error : petory__place_refusal(outcome);
}

/* Check a ranking request; *t gets the type (-1: ALL), *size the size. */
static int rank_args(const char *type, int64_t *size, int *t)
{
	petory__invalid v;
	*t = -1;
	if (*size == 0)
		*size = 10;
	petory__invalid_begin(&v);
	if (*size < 1 || *size > PETORY__RANK_SIZE_MAX)
		petory__invalid_field(&v, "size", "must be 1 to 50");
	if (type && strcmp(type, "ALL") != 0 &&
		(*t = petory_place_type_parse(type)) < 0)
		petory__invalid_field(&v, "placeType", TYPE_MESSAGE " or ALL");
	return petory__invalid_end(&v);
}

static int rank_read(
	petory_place **out, size_t *count_out, petory *db, int t, int64_t size)
{
	petory_rank_entry *entries = NULL;
	int64_t *ids;
	size_t n = 0, i, k = 0;
	int error;
	if ((error = db->rank->top(&entries, &n, db->rank,
		     t < 0 ? "ALL" : petory_place_type_name(t), (size_t)size)) <
		0)
		return error;
	if (!(ids = calloc(n ? n : 1, sizeof(*ids)))) {
		free(entries);
		return petory__error_oom();
	}
	for (i = 0; i < n; i++)
		if (entries[i].score > 0)
			ids[k++] = entries[i].member;
	free(entries);
	error = petory__store_place_get_many(out, count_out, db, ids, k);
	free(ids);
	if (!error && (error = with_urls(db, *out, *count_out)) < 0) {
		petory_place_list_free(*out, *count_out);
		*out = NULL;
		*count_out = 0;
	}
	return error;
}

int petory_place_rank(petory_place **out, size_t *count_out, petory *db,
	const petory_identity *actor, const char *type, int64_t size)
{
	int t, error;
	(void)actor;
	if (!out || !count_out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	*count_out = 0;
	if ((error = rank_args(type, &size, &t)) < 0)
		return error;
	return rank_read(out, count_out, db, t, size);
}

/* Rendered rankings are reused while no place changed (and for at most
 * this long, for changes made by other processes on the same file). */
#define RANK_CACHE_MS 1000

static int rank_render(
	char **body, size_t *len, petory *db, int t, int64_t size)
{
	petory_place *items = NULL;
	size_t count = 0, i;
	json_t *list;
	int error = rank_read(&items, &count, db, t, size);
	if (error < 0)
		return error;
	list = json_array();
	for (i = 0; list && i < count; i++)
		if (json_array_append_new(
			    list, petory_place_to_json(&items[i])) < 0) {
			json_decref(list);
			list = NULL;
		}
	petory_place_list_free(items, count);
	*body = list ? json_dumps(list, JSON_COMPACT) : NULL;
	json_decref(list);
	if (!*body)
		return petory__error_oom();
	*len = strlen(*body);
	return 0;
}

int petory_place_rank_json(char **out, size_t *len_out, petory *db,
	const petory_identity *actor, const char *type, int64_t size)
{
	petory__rank_cached *slot;
	petory_time_ms now;
	uint64_t generation;
	char *body = NULL;
	size_t len = 0;
	int t, error;
	(void)actor;
	if (!out || !len_out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	*len_out = 0;
	if ((error = rank_args(type, &size, &t)) < 0)
		return error;
	/* read the generation first: a change after it makes this render
	 * stale, never a stale render current */
	generation = atomic_load(&db->places_generation);
	now = petory_now(db);
	slot = &db->rank_cache[t + 1][size - 1];
	pthread_mutex_lock(&db->rank_cache_lock);
	if (slot->generation == generation && now - slot->at < RANK_CACHE_MS &&
		now >= slot->at && (*out = malloc(slot->len + 1))) {
		memcpy(*out, slot->body, slot->len + 1);
		*len_out = slot->len;
	}
	pthread_mutex_unlock(&db->rank_cache_lock);
	if (*out)
		return 0;
	if ((error = rank_render(&body, &len, db, t, size)) < 0)
		return error;
	if (!(*out = malloc(len + 1))) {
		free(body);
		return petory__error_oom();
	}
	memcpy(*out, body, len + 1);
	*len_out = len;
	pthread_mutex_lock(&db->rank_cache_lock);
	if (generation >= slot->generation) {
		free(slot->body);
		slot->body = body;
		slot->len = len;
		slot->generation = generation;
		slot->at = now;
		body = NULL;
	}
	pthread_mutex_unlock(&db->rank_cache_lock);
	free(body);
	return 0;
}

int petory_place_rank_rebuild(
	int64_t *places_out, petory *db, const petory_identity *actor)
{
	int error;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = petory__require_admin(actor)) < 0)
		return error;
	petory__rank_lock(db, true);
	error = petory__rank_rebuild_into(db, db->rank, places_out);
	petory__rank_unlock(db);
	if (!error)
		petory__log(PETORY_LOG_INFO, "ranking rebuilt from SQL");
	return error;
}

int petory_place_add_images(petory_place **out, petory *db,
	const petory_identity *actor, int64_t place_id,
	const char *const *image_keys, size_t image_key_count)
{
	petory_store_outcome outcome;
	petory_place *cur = NULL;
	petory__invalid v;
	int error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = petory__require_admin(actor)) < 0 ||
		(error = visible(&cur, db, actor, place_id)) < 0)
		return error;
	petory_place_free(cur);
	petory__invalid_begin(&v);
	petory__check_image_keys(&v, image_keys, image_key_count, 1,
		PETORY_PLACE_IMAGE_KEYS_MAX);
	if ((error = petory__invalid_end(&v)) < 0 ||
		(error = petory__files_confirm(
			 db, actor, image_keys, image_key_count)) < 0 ||
		(error = petory__file_keys_attachable(db, image_keys,
			 image_key_count, actor->user_id, PETORY_FILE_PLACE)) <
			0 ||
		(error = petory__file_attach_result(
			 petory__store_place_add_images(&outcome, db, place_id,
				 actor->user_id, image_keys, image_key_count,
				 petory_now(db)))) < 0 ||
		(error = petory__place_refusal(outcome)) < 0)
		return error;
	petory__places_changed(db);
	petory__log(PETORY_LOG_INFO, "place %lld: %zu images added",
		(long long)place_id, image_key_count);
	return visible(out, db, actor, place_id);
}

int petory_place_image_delete(petory *db, const petory_identity *actor,
	int64_t place_id, int64_t image_id)
{
	petory_place *cur = NULL;
	petory_file_key key;
	int error;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = petory__require_admin(actor)) < 0 ||
		(error = visible(&cur, db, actor, place_id)) < 0)
		return error;
	petory_place_free(cur);
	error = petory__store_place_image_delete(&key, db, place_id, image_id);
	if (error == PETORY_ENOTFOUND)
		return petory_error_set(PETORY_ENOTFOUND,
			"PLACE_IMAGE_NOT_FOUND", "no such place image");
	if (error < 0)
		return error;
	petory__files_remove_blobs(db, &key, 1);
	petory__places_changed(db);
	petory__log(PETORY_LOG_INFO, "place %lld: image %lld removed",
		(long long)place_id, (long long)image_id);
	return 0;
}
