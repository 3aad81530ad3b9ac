/* routes_places.c -- /places: the catalogue, search (text and near),
 * likes and the ranking.
 *
 * Handlers read and type-check the input, call one libpetory function and
 * render its result; the library validates values (ranges, lengths,
 * types) and names every bad field.  Near search takes lat, lng and
 * radius together or not at all.  Images arrive as `imageKeys` (from POST
 * /files/presign with purpose "place" and an upload), on create or
 * through /places/{id}/images.
 */
#include <stdio.h>
#include <stdlib.h>

#include <petory.h>
#include <petory/json.h>

#include "http_util.h"
#include "input.h"
#include "routes.h"

static void reply_place(struct request *r, unsigned status, petory_place *p)
{
	reply_json(r, status, petory_place_to_json(p));
	petory_place_free(p);
}

/* Both coordinates or neither; *has gets 1 when both were given. */
static void read_coordinates(
	struct request *r, double *lat, double *lng, int *has)
{
	int a = input_number(r, "latitude", INPUT_OPTIONAL, lat);
	int b = input_number(r, "longitude", INPUT_OPTIONAL, lng);

	*has = a == 0 && b == 0;
	if (a == 1 && b == 0)
		input_error(r, "latitude", "goes with longitude");
	if (b == 1 && a == 0)
		input_error(r, "longitude", "goes with latitude");
}

void route_places_create(struct request *r)
{
	petory_new_place in = { 0 };
	petory_place *p = NULL;
	const char **keys = NULL;
	char location[64];
	int rc;

	/* the library names a missing field with every other bad value */
	in.name = input_string(r, "placeName", INPUT_LIBRARY);
	in.info = input_string(r, "placeInfo", INPUT_OPTIONAL);
	in.type = input_string(r, "placeType", INPUT_LIBRARY);
	in.address = input_string(r, "address", INPUT_LIBRARY);
	read_coordinates(r, &in.latitude, &in.longitude, &in.has_coordinates);
	input_string_array(
		r, "imageKeys", INPUT_OPTIONAL, &keys, &in.image_key_count);
	in.image_keys = keys;
	if (input_failed(r)) {
		free(keys);
		return;
	}
	rc = petory_place_create(&p, r->srv->db, &r->who, &in);
	free(keys);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	snprintf(location, sizeof(location), "/places/%lld", (long long)p->id);
	reply_place(r, 201, p);
	reply_header(r, "Location", location);
}

void route_places_list(struct request *r)
{
	petory_place_query q = { 0 };
	petory_page_req page;
	petory_place_page out;
	json_t *items;
	size_t i;
	int have[3], rc;

	q.name = input_query(r, "placeName", INPUT_OPTIONAL);
	q.address = input_query(r, "address", INPUT_OPTIONAL);
	q.type = input_query(r, "placeType", INPUT_OPTIONAL);
	have[0] = input_query_number(r, "lat", &q.lat);
	have[1] = input_query_number(r, "lng", &q.lng);
	have[2] = input_query_number(r, "radius", &q.radius);
	q.has_near = have[0] == 0 && have[1] == 0 && have[2] == 0;
	if (!q.has_near && (have[0] != 1 || have[1] != 1 || have[2] != 1)) {
		static const char *const names[] = { "lat", "lng", "radius" };
		for (i = 0; i < 3; i++)
			if (have[i] == 1)
				input_error(r, names[i],
					"lat, lng and radius go together");
	}
	input_page(r, &page);
	if (input_failed(r))
		return;
	rc = petory_place_search(&out, r->srv->db, NULL, &q, &page);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	items = json_array();
	for (i = 0; items && i < out.count; i++)
		json_array_append_new(
			items, petory_place_to_json(&out.items[i]));
	reply_json(r, 200,
		items ? petory_page_to_json(
				items, out.page, out.size, out.total)
		      : NULL);
	petory_place_page_dispose(&out);
}

void route_places_rank(struct request *r)
{
	const char *type;
	int64_t size = 0;
	size_t len = 0;
	char *body = NULL;
	int rc;

	type = input_query(r, "placeType", INPUT_OPTIONAL);
	if (input_query_size(r, "size", &size) == 0 && size == 0)
		input_error(r, "size", "must be 1 to 50");
	if (input_failed(r))
		return;
	rc = petory_place_rank_json(&body, &len, r->srv->db, NULL, type, size);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	/* hand the buffer to libmicrohttpd: no second copy */
	reply_set(r, 200,
		MHD_create_response_from_buffer_with_free_callback(
			len, body, petory_free),
		len);
	reply_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
}

void route_places_get(struct request *r)
{
	petory_review *reviews = NULL;
	petory_place *p = NULL;
	size_t count = 0, i;
	json_t *body, *list;
	int64_t id = 0;
	int rc;

	input_path_id(r, "placeId", &id);
	if (input_failed(r))
		return;
	rc = petory_place_get(
		&p, r->srv->db, r->who.user_id ? &r->who : NULL, id);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	rc = petory_review_list(&reviews, &count, r->srv->db, id, 10);
	body = rc < 0 ? NULL : petory_place_to_json(p);
	list = json_array();
	for (i = 0; list && i < count; i++)
		json_array_append_new(list, petory_review_to_json(&reviews[i]));
	if (body && list)
		json_object_set_new(body, "reviews", list);
	else
		json_decref(list);
	if (rc < 0)
		reply_error(r, rc);
	else
		reply_json(r, 200, body);
	petory_review_list_free(reviews, count);
	petory_place_free(p);
}

void route_places_update(struct request *r)
{
	petory_place_patch patch = { 0 };
	petory_place *p = NULL;
	int64_t id = 0;
	int rc;

	input_path_id(r, "placeId", &id);
	patch.name = input_string(r, "placeName", INPUT_OPTIONAL);
	patch.info = input_string(r, "placeInfo", INPUT_OPTIONAL);
	patch.type = input_string(r, "placeType", INPUT_OPTIONAL);
	patch.address = input_string(r, "address", INPUT_OPTIONAL);
	read_coordinates(
		r, &patch.latitude, &patch.longitude, &patch.has_coordinates);
	if (input_failed(r))
		return;
	rc = petory_place_update(&p, r->srv->db, &r->who, id, &patch);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_place(r, 200, p);
}

void route_places_delete(struct request *r)
{
	const char *status;
	int64_t id = 0;
	int rc;

	input_path_id(r, "placeId", &id);
	status = input_string(r, "placeStatus", INPUT_OPTIONAL);
	if (input_failed(r))
		return;
	if ((rc = petory_place_close(r->srv->db, &r->who, id, status)) < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}

void route_places_restore(struct request *r)
{
	petory_place *p = NULL;
	const char *status;
	int64_t id = 0;
	int rc;

	input_path_id(r, "placeId", &id);
	status = input_string(r, "placeStatus", INPUT_OPTIONAL);
	if (input_failed(r))
		return;
	rc = petory_place_restore(&p, r->srv->db, &r->who, id, status);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_place(r, 200, p);
}

static void like(struct request *r, petory_like_mode mode)
{
	petory_like_result out;
	int64_t id = 0;
	int rc;

	input_path_id(r, "placeId", &id);
	if (input_failed(r))
		return;
	rc = petory_place_like(&out, r->srv->db, &r->who, id, mode);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, 200, petory_like_to_json(&out));
}

void route_places_like(struct request *r)
{
	like(r, PETORY_LIKE_SET);
}

void route_places_unlike(struct request *r)
{
	like(r, PETORY_LIKE_CLEAR);
}

void route_places_like_toggle(struct request *r)
{
	like(r, PETORY_LIKE_TOGGLE);
}

/* ---- reviews and reports ---- */

/* The rating "ratio": 0 when absent; any number but an integer 1-5 is
 * -1, for the library to name with the other bad fields (only a value
 * that is not a number stops here). */
static int64_t read_rating(struct request *r, enum input_need need)
{
	double v = 0;

	if (input_number(r, "ratio", need, &v) != 0)
		return 0;
	if (v < 1 || v > 5 || v != (double)(int64_t)v)
		return -1;
	return (int64_t)v;
}

static void reply_review(struct request *r, unsigned status, petory_review *v)
{
	reply_json(r, status, petory_review_to_json(v));
	petory_review_free(v);
}

void route_reviews_create(struct request *r)
{
	petory_review *v = NULL;
	const char *content;
	char location[96];
	int64_t id = 0, rating;
	int rc;

	input_path_id(r, "placeId", &id);
	/* the library names a missing field with every other bad value */
	content = input_string(r, "content", INPUT_LIBRARY);
	rating = read_rating(r, INPUT_LIBRARY);
	if (input_failed(r))
		return;
	rc = petory_review_create(
		&v, r->srv->db, &r->who, id, content, rating, &r->rate);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	snprintf(location, sizeof(location), "/places/%lld/reviews/%lld",
		(long long)id, (long long)v->id);
	reply_review(r, 201, v);
	reply_header(r, "Location", location);
}

void route_reviews_update(struct request *r)
{
	petory_review *v = NULL;
	const char *content;
	int64_t id = 0, review = 0, rating;
	int rc;

	input_path_id(r, "placeId", &id);
	input_path_id(r, "reviewId", &review);
	content = input_string(r, "content", INPUT_OPTIONAL);
	rating = read_rating(r, INPUT_OPTIONAL);
	if (input_failed(r))
		return;
	rc = petory_review_update(
		&v, r->srv->db, &r->who, id, review, content, rating);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_review(r, 200, v);
}

void route_reviews_delete(struct request *r)
{
	int64_t id = 0, review = 0;
	int rc;

	input_path_id(r, "placeId", &id);
	input_path_id(r, "reviewId", &review);
	if (input_failed(r))
		return;
	rc = petory_review_delete(r->srv->db, &r->who, id, review);
	if (rc < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}

void route_reviews_restore(struct request *r)
{
	petory_review *v = NULL;
	int64_t id = 0, review = 0;
	int rc;

	input_path_id(r, "placeId", &id);
	input_path_id(r, "reviewId", &review);
	if (input_failed(r))
		return;
	rc = petory_review_restore(&v, r->srv->db, &r->who, id, review);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_review(r, 200, v);
}

/* GET /places/{placeId}/reviews: the review feed, by ?page= or by the
 * ?before= cursor (the library checks the ranges and the mix); every
 * answer carries nextBefore and, when there is more, a Link to it. */
void route_reviews_feed(struct request *r)
{
	petory_review_feed_req req = { 0 };
	petory_review_feed feed;
	char path[64];
	int64_t id = 0;
	int rc;

	input_path_id(r, "placeId", &id);
	req.has_page = request_query(r, "page") != NULL;
	if (input_query_size(r, "page", &req.page) < 0)
		input_error(r, "page", "must be 0 or more");
	req.has_before = request_query(r, "before") != NULL;
	if (input_query_size(r, "before", &req.before) < 0)
		input_error(r, "before", "must be a review id");
	if (input_query_size(r, "size", &req.size) < 0 ||
		(request_query(r, "size") && req.size == 0))
		input_error(r, "size", "must be 1 to 100");
	if (input_failed(r))
		return;
	rc = petory_review_feed_get(
		&feed, r->srv->db, r->who.user_id ? &r->who : NULL, id, &req);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, 200, petory_review_feed_to_json(&feed));
	snprintf(path, sizeof(path), "/places/%lld/reviews", (long long)id);
	reply_link_next(r, path, feed.next_before, feed.size);
	petory_review_feed_dispose(&feed);
}

static void reply_report(struct request *r, unsigned status, petory_report *v)
{
	reply_json(r, status, petory_report_to_json(v));
	petory_report_free(v);
}

void route_reports_create(struct request *r)
{
	petory_report *v = NULL;
	const char *content;
	char location[96];
	int64_t id = 0;
	int rc;

	input_path_id(r, "placeId", &id);
	content = input_string(r, "content", INPUT_REQUIRED);
	if (input_failed(r))
		return;
	rc = petory_report_create(
		&v, r->srv->db, &r->who, id, content, &r->rate);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	snprintf(location, sizeof(location), "/places/%lld/reports/%lld",
		(long long)id, (long long)v->id);
	reply_report(r, 201, v);
	reply_header(r, "Location", location);
}

void route_reports_cancel(struct request *r)
{
	petory_report *v = NULL;
	const char *reason;
	int64_t id = 0, report = 0;
	int rc;

	input_path_id(r, "placeId", &id);
	input_path_id(r, "reportId", &report);
	reason = input_string(r, "reason", INPUT_OPTIONAL);
	if (input_failed(r))
		return;
	rc = petory_report_cancel(&v, r->srv->db, &r->who, id, report, reason);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_report(r, 200, v);
}

void route_places_add_images(struct request *r)
{
	petory_place *p = NULL;
	const char **keys = NULL;
	size_t count = 0;
	int64_t id = 0;
	int rc;

	input_path_id(r, "placeId", &id);
	input_string_array(r, "imageKeys", INPUT_REQUIRED, &keys, &count);
	if (!input_failed(r)) {
		rc = petory_place_add_images(
			&p, r->srv->db, &r->who, id, keys, count);
		if (rc < 0)
			reply_error(r, rc);
		else
			reply_place(r, 201, p);
	}
	free(keys);
}

void route_places_image_delete(struct request *r)
{
	int64_t id = 0, image = 0;
	int rc;

	input_path_id(r, "placeId", &id);
	input_path_id(r, "imageId", &image);
	if (input_failed(r))
		return;
	if ((rc = petory_place_image_delete(r->srv->db, &r->who, id, image)) <
		0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}
