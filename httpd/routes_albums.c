/* routes_albums.c -- photo albums under /users.
 *
 * Listing and reading take an optional token: the owner sees their
 * PRIVATE albums, anyone else gets 404 for them (the library decides).
 * Changes are the owner's only.
 */
#include <stdio.h>
#include <stdlib.h>

#include <petory.h>
#include <petory/json.h>

#include "http_util.h"
#include "input.h"
#include "router.h"
#include "routes.h"

static void reply_album(
	struct request *r, unsigned status, int rc, petory_album *album)
{
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, status, petory_album_to_json(album));
	if (status == 201) {
		reply_location(r, "/users/albums/%lld", (long long)album->id);
	}
	petory_album_free(album);
}

static void reply_page(struct request *r, int rc, petory_album_page *page)
{
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, 200, petory_album_page_to_json(page));
	petory_album_page_dispose(page);
}

void route_albums_create(struct request *r)
{
	petory_album_input in = { 0 };
	petory_album *album = NULL;
	const char **keys = NULL;
	int rc;

	/* the library names a missing field with every other bad value */
	in.content = input_string(r, "content", INPUT_OPTIONAL);
	in.visibility = input_string(r, "albumVisibility", INPUT_LIBRARY);
	input_string_array(
		r, "imageKeys", INPUT_LIBRARY, &keys, &in.image_key_count);
	in.image_keys = keys;
	if (!input_failed(r)) {
		rc = petory_album_create(&album, r->srv->db, &r->who, &in);
		reply_album(r, 201, rc, album);
	}
	free(keys);
}

void route_albums_public(struct request *r)
{
	petory_page_req page;
	petory_album_page out;
	int rc;

	input_page(r, &page);
	if (input_failed(r))
		return;
	rc = petory_album_list_public(&out, r->srv->db, &page);
	reply_page(r, rc, &out);
}

void route_albums_mine(struct request *r)
{
	petory_page_req page;
	petory_album_page out;
	int rc;

	input_page(r, &page);
	if (input_failed(r))
		return;
	rc = petory_album_list_user(
		&out, r->srv->db, &r->who, r->who.user_id, &page);
	reply_page(r, rc, &out);
}

void route_albums_of_user(struct request *r)
{
	petory_page_req page;
	petory_album_page out;
	int64_t user_id = 0;
	int rc;

	input_path_id(r, "userId", &user_id);
	input_page(r, &page);
	if (input_failed(r))
		return;
	rc = petory_album_list_user(
		&out, r->srv->db, request_caller(r), user_id, &page);
	reply_page(r, rc, &out);
}

void route_albums_get(struct request *r)
{
	petory_album *album = NULL;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	if (input_failed(r))
		return;
	rc = petory_album_get(&album, r->srv->db, request_caller(r), id);
	reply_album(r, 200, rc, album);
}

void route_albums_update(struct request *r)
{
	petory_album *album = NULL;
	const char *content;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	content = input_string(r, "content", INPUT_OPTIONAL);
	if (input_failed(r))
		return;
	rc = petory_album_update(&album, r->srv->db, &r->who, id, content);
	reply_album(r, 200, rc, album);
}

void route_albums_visibility(struct request *r)
{
	petory_album *album = NULL;
	const char *visibility;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	visibility = input_string(r, "albumVisibility", INPUT_REQUIRED);
	if (input_failed(r))
		return;
	rc = petory_album_set_visibility(
		&album, r->srv->db, &r->who, id, visibility);
	reply_album(r, 200, rc, album);
}

void route_albums_delete(struct request *r)
{
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	if (input_failed(r))
		return;
	if ((rc = petory_album_delete(r->srv->db, &r->who, id)) < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}

void route_albums_add_images(struct request *r)
{
	petory_album *album = NULL;
	const char **keys = NULL;
	size_t count = 0;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	input_string_array(r, "imageKeys", INPUT_REQUIRED, &keys, &count);
	if (!input_failed(r)) {
		rc = petory_album_add_images(
			&album, r->srv->db, &r->who, id, keys, count);
		reply_album(r, 201, rc, album);
	}
	free(keys);
}

void route_albums_image_delete(struct request *r)
{
	int64_t id = 0;
	int rc;

	input_path_id(r, "imageId", &id);
	if (input_failed(r))
		return;
	if ((rc = petory_album_image_delete(r->srv->db, &r->who, id)) < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}
