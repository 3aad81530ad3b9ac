/* routes_lost_pets.c -- lost-pet alerts and the caller's watched area
 * (api.md, "Lost-pet alerts").
 *
 * The library holds every rule (who may raise, close or see what, the
 * limits, the rounding of coordinates for non-owners); this file reads
 * the request and shapes the answer.  POST /lost-pets is rate-limited
 * (3 a day): its RateLimit-* headers come from r->rate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <petory.h>
#include <petory/json.h>

#include "http_util.h"
#include "input.h"
#include "router.h"
#include "routes.h"

/* ---- the watched area ---- */

void route_alert_area_put(struct request *r)
{
	petory_alert_area area;
	double lat = 0, lng = 0;
	int64_t radius = 0;
	int enabled = 1, rc;

	input_number(r, "latitude", INPUT_REQUIRED, &lat);
	input_number(r, "longitude", INPUT_REQUIRED, &lng);
	input_int(r, "radiusM", INPUT_REQUIRED, &radius);
	if (input_bool(r, "enabled", &enabled) == 0)
		input_error(r, "enabled", "is required");
	if (input_failed(r))
		return;
	rc = petory_alert_area_put(
		&area, r->srv->db, &r->who, lat, lng, radius, enabled);
	if (rc < 0)
		reply_error(r, rc);
	else
		reply_json(r, 200, petory_alert_area_to_json(&area));
}

void route_alert_area_get(struct request *r)
{
	petory_alert_area area;
	int rc = petory_alert_area_get(&area, r->srv->db, &r->who);
	if (rc < 0)
		reply_error(r, rc);
	else
		reply_json(r, 200, petory_alert_area_to_json(&area));
}

void route_alert_area_delete(struct request *r)
{
	int rc = petory_alert_area_delete(r->srv->db, &r->who);
	if (rc < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}

/* ---- alerts ---- */

static void reply_alert(struct request *r, unsigned status, int rc,
	petory_lost_pet *a, int with_sightings)
{
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, status, petory_lost_pet_to_json(a, with_sightings));
	if (status == 201)
		reply_location(r, "/lost-pets/%lld", (long long)a->id);
	petory_lost_pet_free(a);
}

void route_lost_pets_create(struct request *r)
{
	petory_lost_pet_input in;
	petory_lost_pet *a = NULL;
	const char **keys = NULL;
	size_t count = 0;
	int rc;

	memset(&in, 0, sizeof(in));
	input_int(r, "petId", INPUT_REQUIRED, &in.pet_id);
	in.last_seen_at = input_string(r, "lastSeenAt", INPUT_LIBRARY);
	in.has_latitude =
		input_number(r, "latitude", INPUT_LIBRARY, &in.latitude) == 0;
	in.has_longitude =
		input_number(r, "longitude", INPUT_LIBRARY, &in.longitude) == 0;
	in.description = input_string(r, "description", INPUT_LIBRARY);
	in.contact = input_string(r, "contact", INPUT_OPTIONAL);
	input_string_array(r, "imageKeys", INPUT_OPTIONAL, &keys, &count);
	in.image_keys = keys;
	in.image_key_count = count;
	if (!input_failed(r)) {
		rc = petory_lost_pet_raise(
			&a, r->srv->db, &r->who, &in, &r->rate);
		reply_alert(r, 201, rc, a, 1);
	}
	free(keys);
}

void route_lost_pets_list(struct request *r)
{
	petory_page_req page;
	petory_lost_pet_page out;
	double lat = 0, lng = 0, radius = 0;
	json_t *items;
	size_t i;
	int rc;

	if (input_query_number(r, "lat", &lat) == 1)
		input_error(r, "lat", "is required");
	if (input_query_number(r, "lng", &lng) == 1)
		input_error(r, "lng", "is required");
	if (input_query_number(r, "radius", &radius) == 1)
		input_error(r, "radius", "is required");
	input_page(r, &page);
	if (input_failed(r))
		return;
	rc = petory_lost_pet_near(
		&out, r->srv->db, request_caller(r), lat, lng, radius, &page);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	items = json_array();
	for (i = 0; items && i < out.count; i++)
		json_array_append_new(
			items, petory_lost_pet_to_json(&out.items[i], 0));
	reply_json(r, 200,
		items ? petory_page_to_json(
				items, out.page, out.size, out.total)
		      : NULL);
	petory_lost_pet_page_dispose(&out);
}

void route_lost_pets_get(struct request *r)
{
	petory_lost_pet *a = NULL;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	if (input_failed(r))
		return;
	rc = petory_lost_pet_get(&a, r->srv->db, request_caller(r), id);
	reply_alert(r, 200, rc, a, 1);
}

void route_lost_pets_sighting(struct request *r)
{
	petory_sighting_input in;
	const char **keys = NULL;
	size_t count = 0;
	int64_t id = 0, sighting = 0;
	petory_lost_pet *a = NULL;
	int rc;

	memset(&in, 0, sizeof(in));
	input_path_id(r, "id", &id);
	in.has_latitude =
		input_number(r, "latitude", INPUT_LIBRARY, &in.latitude) == 0;
	in.has_longitude =
		input_number(r, "longitude", INPUT_LIBRARY, &in.longitude) == 0;
	in.seen_at = input_string(r, "seenAt", INPUT_LIBRARY);
	in.note = input_string(r, "note", INPUT_OPTIONAL);
	input_string_array(r, "imageKeys", INPUT_OPTIONAL, &keys, &count);
	in.image_keys = keys;
	in.image_key_count = count;
	if (!input_failed(r)) {
		rc = petory_lost_pet_sighting_add(
			&sighting, r->srv->db, &r->who, id, &in);
		if (rc == 0)
			rc = petory_lost_pet_get(&a, r->srv->db, &r->who, id);
		reply_alert(r, 201, rc, a, 1);
	}
	free(keys);
}

void route_lost_pets_update(struct request *r)
{
	petory_lost_pet *a = NULL;
	const char *status;
	int64_t id = 0;
	int s = -1, rc;

	input_path_id(r, "id", &id);
	status = input_string(r, "status", INPUT_REQUIRED);
	if (status) {
		if (strcmp(status, "FOUND") == 0)
			s = PETORY_LOST_PET_FOUND;
		else if (strcmp(status, "CANCELLED") == 0)
			s = PETORY_LOST_PET_CANCELLED;
		else
			input_error(r, "status", "must be FOUND or CANCELLED");
	}
	if (input_failed(r))
		return;
	rc = petory_lost_pet_close(
		&a, r->srv->db, &r->who, id, (petory_lost_pet_status)s);
	reply_alert(r, 200, rc, a, 1);
}
