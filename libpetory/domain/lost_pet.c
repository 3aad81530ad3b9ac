/* lost_pet.c -- lost-pet alerts (api.md, "Lost-pet alerts"): watched
 * areas, raising an alert and reaching every user who watches its point,
 * sightings, closing, the public list near a point.
 *
 * Rules here: only the pet's owner raises or closes an alert; a user
 * raises at most 3 a day (the lost_pet_alerts option; a fixed window in
 * the rate-limit store); lastSeenAt and seenAt are not in the future; a
 * closed alert never changes again (LOST_PET_CLOSED).  Non-owners see
 * coordinates rounded to 3 decimals (about 100 m).  Photos: while an
 * alert is LOST its pet's photos and its own images are everyone's
 * (unsigned URLs; petory_file_open serves them through
 * petory__lost_pet_file_public); once closed, only the owner gets them
 * (signed), others get none.  The notifications of an alert are written
 * with it, in its transaction (the store), and pushed to the notification
 * hook after it committed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"

/* 3 alerts a user a day (api.md). */

static int require_user(const petory_identity *actor)
{
	if (!actor || actor->user_id <= 0)
		return petory_error_set(PETORY_EAUTH, "UNAUTHORIZED",
			"authentication required");
	return 0;
}

static int alert_not_found(void)
{
	return petory_error_set(PETORY_ENOTFOUND, "LOST_PET_NOT_FOUND",
		"no such lost-pet alert");
}

static int alert_closed(void)
{
	return petory_error_set(PETORY_ECONFLICT, "LOST_PET_CLOSED",
		"the alert is closed and cannot change");
}

static void check_point(petory__invalid *v, double lat, int has_lat, double lng,
	int has_lng, const char *lat_field, const char *lng_field)
{
	if (!has_lat || !(lat >= -90 && lat <= 90))
		petory__invalid_field(v, lat_field, "must be -90 to 90");
	if (!has_lng || !(lng >= -180 && lng <= 180))
		petory__invalid_field(v, lng_field, "must be -180 to 180");
}

/* An RFC 3339 instant (with a time) not after now into *out. */
static void check_past_instant(petory__invalid *v, petory *db, const char *text,
	const char *field, petory_time_ms *out)
{
	*out = 0;
	if (!text || !strchr(text, 'T') ||
		petory_event_parse_instant(out, text, "UTC", field) < 0) {
		petory__invalid_field(v, field, "must be an RFC 3339 time");
		return;
	}
	if (*out > petory_now(db))
		petory__invalid_field(v, field, "must not be in the future");
}

/* ---- watched areas ---- */

int petory_alert_area_put(petory_alert_area *out, petory *db,
	const petory_identity *actor, double latitude, double longitude,
	int64_t radius_m, int enabled)
{
	petory_alert_area a;
	petory__invalid v;
	int error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = require_user(actor)) < 0)
		return error;
	petory__invalid_begin(&v);
	check_point(&v, latitude, 1, longitude, 1, "latitude", "longitude");
	if (radius_m < 100 || radius_m > 10000)
		petory__invalid_field(&v, "radiusM", "must be 100 to 10000");
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	a.user_id = actor->user_id;
	a.latitude = latitude;
	a.longitude = longitude;
	a.radius_m = radius_m;
	a.enabled = enabled ? 1 : 0;
	a.updated_at = petory_now(db);
	if ((error = petory__user_not_found(
		     petory__store_alert_area_put(db, &a))) < 0)
		return error;
	*out = a;
	return 0;
}

static int area_result(int error)
{
	return error == PETORY_ENOTFOUND
		       ? petory_error_set(PETORY_ENOTFOUND,
				 "ALERT_AREA_NOT_FOUND", "no alert area")
		       : error;
}

int petory_alert_area_get(
	petory_alert_area *out, petory *db, const petory_identity *actor)
{
	int error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = require_user(actor)) < 0)
		return error;
	return area_result(
		petory__store_alert_area_get(out, db, actor->user_id));
}

int petory_alert_area_delete(petory *db, const petory_identity *actor)
{
	int error;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = require_user(actor)) < 0)
		return error;
	return area_result(petory__store_alert_area_delete(db, actor->user_id));
}

/* ---- what a caller sees ---- */

static double round3(double x)
{
	return round(x * 1000.0) / 1000.0;
}

static int resolve_images(petory *db, petory_image **images, size_t *count,
	int is_public, int is_owner)
{
	size_t i;
	if (!is_public && !is_owner) {
		petory__images_free(*images, *count);
		*images = NULL;
		*count = 0;
		return 0;
	}
	for (i = 0; i < *count; i++)
		(*images)[i].is_private = !is_public;
	return petory__images_resolve(db, *images, *count);
}

/* Shape an alert for viewer (0: anonymous). */
static int present(petory *db, petory_lost_pet *a, int64_t viewer)
{
	int is_public = a->status == PETORY_LOST_PET_LOST;
	size_t i;
	int error;
	a->is_owner = viewer > 0 && viewer == a->owner_id;
	if (!a->is_owner) {
		a->latitude = round3(a->latitude);
		a->longitude = round3(a->longitude);
		for (i = 0; i < a->sighting_count; i++) {
			a->sightings[i].latitude =
				round3(a->sightings[i].latitude);
			a->sightings[i].longitude =
				round3(a->sightings[i].longitude);
		}
	}
	if ((error = resolve_images(db, &a->images, &a->image_count, is_public,
		     a->is_owner)) < 0 ||
		(error = resolve_images(db, &a->pet_images, &a->pet_image_count,
			 is_public, a->is_owner)) < 0)
		return error;
	for (i = 0; i < a->sighting_count; i++)
		if ((error = resolve_images(db, &a->sightings[i].images,
			     &a->sightings[i].image_count, is_public,
			     a->is_owner)) < 0)
			return error;
	return 0;
}

static int fetch(petory_lost_pet **out, petory *db, int64_t viewer, int64_t id)
{
	int error;
	*out = NULL;
	if ((error = petory__store_lost_pet_get(out, db, id)) < 0)
		return error == PETORY_ENOTFOUND ? alert_not_found() : error;
	if ((error = present(db, *out, viewer)) < 0) {
		petory_lost_pet_free(*out);
		*out = NULL;
	}
	return error;
}

/* Push each committed notification to the hook. */
static void push(petory *db, const petory_lost_pet_alerted *alerted,
	size_t count, const petory_notification *note)
{
	petory_notification n;
	size_t i;
	if (!db->notification_hook)
		return;
	for (i = 0; i < count; i++) {
		n = *note;
		n.id = alerted[i].notification_id;
		n.user_id = alerted[i].user_id;
		db->notification_hook(db->notification_hook_payload, &n);
	}
}

/* The notification text of an alert about pet p (at most 255). */
static void alert_text(char *buf, size_t size, const char *what,
	const char *pet_name, const char *species)
{
	/* names are at most 30 characters each (pets.c): no cut needed */
	snprintf(buf, size, "%s: %s (%s)", what, pet_name, species);
}

/* ---- alerts ---- */

int petory_lost_pet_raise(petory_lost_pet **out, petory *db,
	const petory_identity *actor, const petory_lost_pet_input *in,
	petory_rate_info *rate)
{
	petory_rate_info local;
	petory_lost_pet a;
	petory_pet *pet = NULL;
	petory_notification note;
	petory_lost_pet_alerted *alerted = NULL;
	size_t alerted_count = 0;
	petory__invalid v;
	char text[512], key[64];
	int error;

	if (!out || !db || !in)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = require_user(actor)) < 0)
		return error;
	memset(&a, 0, sizeof(a));
	petory__invalid_begin(&v);
	if (in->pet_id <= 0)
		petory__invalid_field(&v, "petId", "is required");
	check_past_instant(
		&v, db, in->last_seen_at, "lastSeenAt", &a.last_seen_at);
	check_point(&v, in->latitude, in->has_latitude, in->longitude,
		in->has_longitude, "latitude", "longitude");
	petory__check_multiline_text(
		&v, "description", in->description, 1, 500);
	if (in->contact)
		petory__check_text(&v, "contact", in->contact, 1, 100);
	petory__check_image_keys(&v, in->image_keys, in->image_key_count, 0, 5);
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	/* the pet: the actor's own, not deleted */
	if ((error = petory__store_pet_get(&pet, db, in->pet_id)) < 0 ||
		pet->owner_id != actor->user_id || pet->deleted_at) {
		petory_pet_free(pet);
		if (error < 0 && error != PETORY_ENOTFOUND)
			return error;
		return petory_error_set(
			PETORY_ENOTFOUND, "PET_NOT_FOUND", "no such pet");
	}
	if ((error = petory__files_confirm(
		     db, actor, in->image_keys, in->image_key_count)) < 0 ||
		(error = petory__file_keys_attachable(db, in->image_keys,
			 in->image_key_count, actor->user_id,
			 PETORY_FILE_PET)) < 0) {
		petory_pet_free(pet);
		return error;
	}
	snprintf(key, sizeof(key), "lost-pet-alert:%lld",
		(long long)actor->user_id);
	if ((error = petory__rate_consume(rate ? rate : &local, db, key,
		     &db->cfg.lost_pet_alerts, 1)) < 0) {
		petory_pet_free(pet);
		return error;
	}
	alert_text(text, sizeof(text), "Lost pet near you", pet->name,
		pet->species);
	petory_pet_free(pet);
	a.pet_id = in->pet_id;
	a.owner_id = actor->user_id;
	a.latitude = in->latitude;
	a.longitude = in->longitude;
	a.description = (char *)in->description;
	a.contact = (char *)in->contact;
	a.image_keys = in->image_keys;
	a.image_key_count = in->image_key_count;
	a.created_at = petory_now(db);
	memset(&note, 0, sizeof(note));
	note.type = PETORY_NOTIFICATION_LOST_PET;
	note.content = text;
	note.link = "/lost-pets/";
	note.created_at = a.created_at;
	error = petory__store_lost_pet_insert(
		&alerted, &alerted_count, db, &a, &note);
	if (error == PETORY_EEXISTS)
		return petory_error_set(PETORY_ECONFLICT,
			"LOST_PET_ALREADY_ACTIVE",
			"the pet already has a LOST alert");
	if ((error = petory__file_attach_result(error)) < 0)
		return error;
	{
		char link[48];
		snprintf(
			link, sizeof(link), "/lost-pets/%lld", (long long)a.id);
		note.link = link;
		push(db, alerted, alerted_count, &note);
	}
	free(alerted);
	petory__log(PETORY_LOG_INFO,
		"lost-pet alert %lld raised by user %lld: %lld alerted",
		(long long)a.id, (long long)actor->user_id,
		(long long)a.alerted_count);
	return fetch(out, db, actor->user_id, a.id);
}

int petory_lost_pet_get(petory_lost_pet **out, petory *db,
	const petory_identity *actor, int64_t id)
{
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if (id <= 0)
		return alert_not_found();
	return fetch(out, db, actor ? actor->user_id : 0, id);
}

int petory_lost_pet_near(petory_lost_pet_page *out, petory *db,
	const petory_identity *actor, double latitude, double longitude,
	double radius_m, const petory_page_req *page)
{
	petory__invalid v;
	int64_t p, s;
	size_t i;
	int error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	petory__invalid_begin(&v);
	check_point(&v, latitude, 1, longitude, 1, "lat", "lng");
	if (!(radius_m > 0 && radius_m <= 50000))
		petory__invalid_field(
			&v, "radius", "must be 1 to 50000 metres");
	if ((error = petory__invalid_end(&v)) < 0 ||
		(error = petory__check_page(page, 10, &p, &s)) < 0)
		return error;
	if ((error = petory__store_lost_pet_near(
		     out, db, latitude, longitude, radius_m, p * s, s)) < 0)
		return error;
	out->page = p;
	out->size = s;
	for (i = 0; i < out->count; i++)
		if ((error = present(db, &out->items[i],
			     actor ? actor->user_id : 0)) < 0) {
			petory_lost_pet_page_dispose(out);
			return error;
		}
	return 0;
}

int petory_lost_pet_sighting_add(int64_t *id_out, petory *db,
	const petory_identity *actor, int64_t alert_id,
	const petory_sighting_input *in)
{
	petory_lost_pet_sighting s;
	petory_lost_pet *a = NULL;
	petory_notification note;
	petory__invalid v;
	char text[512], link[48];
	int error;

	if (!db || !in)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if (id_out)
		*id_out = 0;
	if ((error = require_user(actor)) < 0)
		return error;
	if (alert_id <= 0)
		return alert_not_found();
	memset(&s, 0, sizeof(s));
	petory__invalid_begin(&v);
	check_point(&v, in->latitude, in->has_latitude, in->longitude,
		in->has_longitude, "latitude", "longitude");
	check_past_instant(&v, db, in->seen_at, "seenAt", &s.seen_at);
	if (in->note)
		petory__check_multiline_text(&v, "note", in->note, 1, 255);
	petory__check_image_keys(&v, in->image_keys, in->image_key_count, 0, 5);
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	if ((error = petory__store_lost_pet_get(&a, db, alert_id)) < 0)
		return error == PETORY_ENOTFOUND ? alert_not_found() : error;
	if (a->status != PETORY_LOST_PET_LOST) {
		petory_lost_pet_free(a);
		return alert_closed();
	}
	alert_text(text, sizeof(text), "New sighting", a->pet_name, a->species);
	petory_lost_pet_free(a);
	if ((error = petory__files_confirm(
		     db, actor, in->image_keys, in->image_key_count)) < 0 ||
		(error = petory__file_keys_attachable(db, in->image_keys,
			 in->image_key_count, actor->user_id,
			 PETORY_FILE_PET)) < 0)
		return error;
	s.alert_id = alert_id;
	s.user_id = actor->user_id;
	s.latitude = in->latitude;
	s.longitude = in->longitude;
	s.note = (char *)in->note;
	s.image_keys = in->image_keys;
	s.image_key_count = in->image_key_count;
	s.created_at = petory_now(db);
	snprintf(link, sizeof(link), "/lost-pets/%lld", (long long)alert_id);
	memset(&note, 0, sizeof(note));
	note.type = PETORY_NOTIFICATION_LOST_PET;
	note.content = text;
	note.link = link;
	note.created_at = s.created_at;
	error = petory__store_sighting_insert(db, &s, &note);
	if (error == PETORY_ENOTFOUND)
		return alert_not_found();
	if (error == PETORY_ECONFLICT) {
		/* the alert closed meanwhile, or a key was taken */
		petory_lost_pet *again = NULL;
		int closed =
			petory__store_lost_pet_get(&again, db, alert_id) == 0 &&
			again->status != PETORY_LOST_PET_LOST;
		petory_lost_pet_free(again);
		if (closed)
			return alert_closed();
	}
	if ((error = petory__file_attach_result(error)) < 0)
		return error;
	if (db->notification_hook)
		db->notification_hook(db->notification_hook_payload, &note);
	if (id_out)
		*id_out = s.id;
	return 0;
}

int petory_lost_pet_close(petory_lost_pet **out, petory *db,
	const petory_identity *actor, int64_t id, petory_lost_pet_status status)
{
	petory_lost_pet *a = NULL;
	petory_notification note;
	petory_lost_pet_alerted *alerted = NULL;
	size_t count = 0;
	char text[512], link[48];
	int error;

	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = require_user(actor)) < 0)
		return error;
	if (status != PETORY_LOST_PET_FOUND &&
		status != PETORY_LOST_PET_CANCELLED) {
		petory__invalid v;
		petory__invalid_begin(&v);
		petory__invalid_field(
			&v, "status", "must be FOUND or CANCELLED");
		return petory__invalid_end(&v);
	}
	if (id <= 0)
		return alert_not_found();
	if ((error = petory__store_lost_pet_get(&a, db, id)) < 0)
		return error == PETORY_ENOTFOUND ? alert_not_found() : error;
	if (a->owner_id != actor->user_id) {
		petory_lost_pet_free(a);
		return petory_error_set(PETORY_EPERM, "FORBIDDEN",
			"only the owner may close the alert");
	}
	alert_text(text, sizeof(text), "Found", a->pet_name, a->species);
	petory_lost_pet_free(a);
	memset(&note, 0, sizeof(note));
	note.type = PETORY_NOTIFICATION_LOST_PET;
	note.content = text;
	note.link = "/lost-pets/";
	note.created_at = petory_now(db);
	error = petory__store_lost_pet_close(&alerted, &count, db, id, status,
		status == PETORY_LOST_PET_FOUND ? &note : NULL,
		note.created_at);
	if (error == PETORY_ENOTFOUND)
		return alert_not_found();
	if (error == PETORY_ECONFLICT)
		return alert_closed();
	if (error < 0)
		return error;
	snprintf(link, sizeof(link), "/lost-pets/%lld", (long long)id);
	note.link = link;
	push(db, alerted, count, &note);
	free(alerted);
	return fetch(out, db, actor->user_id, id);
}

int petory_lost_pet_match(int64_t **users_out, size_t *count_out, petory *db,
	int64_t owner_id, double latitude, double longitude)
{
	if (!users_out || !count_out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	return petory__store_lost_pet_match(
		users_out, count_out, db, owner_id, latitude, longitude);
}

int petory__lost_pet_file_public(bool *public_out, petory *db, const char *key)
{
	int pub = 0;
	int error = petory__store_lost_pet_file_public(&pub, db, key);
	*public_out = error == 0 && pub;
	return error == PETORY_ENOTSUPPORTED ? 0 : error;
}

int petory__lost_pet_pet_deleted(petory *db, int64_t pet_id)
{
	int closed = 0;
	int error = petory__store_lost_pet_cancel_for_pet(
		&closed, db, pet_id, petory_now(db));
	if (error == PETORY_ENOTSUPPORTED)
		return 0;
	if (!error && closed)
		petory__log(PETORY_LOG_INFO,
			"pet %lld deleted: its lost-pet alert is CANCELLED",
			(long long)pet_id);
	return error;
}
