/* json_lost_pet.c -- the API's JSON shapes of watched areas and lost-pet
 * alerts (api.md, "Lost-pet alerts").
 *
 * An alert is {id, petId, petName, species, status, lastSeenAt, latitude,
 * longitude, description, contact, images, petImages, alertedCount,
 * createdAt, closedAt, mine}, plus distance (metres) in a near list and
 * sightings (newest first) when read alone.  Coordinates are as the
 * library gives them (rounded for non-owners).
 */
#include "core/internal.h"
#include "petory/json.h"

json_t *petory_alert_area_to_json(const petory_alert_area *a)
{
	return json_pack("{s:f, s:f, s:I, s:b, s:o}", "latitude", a->latitude,
		"longitude", a->longitude, "radiusM", (json_int_t)a->radius_m,
		"enabled", a->enabled, "updatedAt",
		petory_time_to_json(a->updated_at));
}

static json_t *sighting_to_json(const petory_lost_pet_sighting *s)
{
	return json_pack("{s:I, s:f, s:f, s:o, s:o, s:o, s:o}", "id",
		(json_int_t)s->id, "latitude", s->latitude, "longitude",
		s->longitude, "seenAt", petory_time_to_json(s->seen_at), "note",
		petory__json_string_or_null(s->note), "images",
		petory__images_to_json(s->images, s->image_count), "createdAt",
		petory_time_to_json(s->created_at));
}

json_t *petory_lost_pet_to_json(const petory_lost_pet *a, int with_sightings)
{
	json_t *o = json_pack(
		"{s:I, s:I, s:s, s:s, s:s, s:o, s:f, s:f, s:s, s:o, s:o, s:o, "
		"s:I, s:o, s:o}",
		"id", (json_int_t)a->id, "petId", (json_int_t)a->pet_id,
		"petName", a->pet_name, "species", a->species, "status",
		petory_lost_pet_status_name(a->status), "lastSeenAt",
		petory_time_to_json(a->last_seen_at), "latitude", a->latitude,
		"longitude", a->longitude, "description", a->description,
		"contact", petory__json_string_or_null(a->contact), "images",
		petory__images_to_json(a->images, a->image_count), "petImages",
		petory__images_to_json(a->pet_images, a->pet_image_count),
		"alertedCount", (json_int_t)a->alerted_count, "createdAt",
		petory_time_to_json(a->created_at), "closedAt",
		petory_time_to_json(a->closed_at));
	size_t i;
	/* whether the caller raised it (and may close it) */
	if (o)
		json_object_set_new(o, "mine", json_boolean(a->is_owner));
	if (o && a->distance >= 0)
		json_object_set_new(o, "distance", json_real(a->distance));
	if (o && with_sightings) {
		json_t *list = json_array();
		for (i = 0; list && i < a->sighting_count; i++)
			json_array_append_new(
				list, sighting_to_json(&a->sightings[i]));
		json_object_set_new(o, "sightings", list);
	}
	return o;
}
