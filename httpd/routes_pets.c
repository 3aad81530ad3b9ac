/* routes_pets.c -- the caller's pets and their photos.
 *
 * Every route is the owner's: the library answers 404 PET_NOT_FOUND for a
 * pet of someone else.  Photos arrive as `imageKeys` (from POST
 * /files/presign and an upload); on PUT they are added to the pet's.
 */
#include <stdio.h>
#include <stdlib.h>

#include <petory.h>
#include <petory/json.h>

#include "http_util.h"
#include "input.h"
#include "router.h"
#include "routes.h"

/* The body of POST and PUT; *keys is the caller's to free().  On create
 * the library names a missing field with every other bad value. */
static void read_pet(
	struct request *r, petory_pet_input *in, const char ***keys, int create)
{
	enum input_need need = create ? INPUT_LIBRARY : INPUT_OPTIONAL;
	size_t count = 0;

	in->name = input_string(r, "name", need);
	in->size = input_string(r, "size", need);
	in->species = input_string(r, "species", need);
	in->gender = input_string(r, "gender", INPUT_OPTIONAL);
	in->birthday = input_string(r, "birthday", INPUT_OPTIONAL);
	input_string_array(r, "imageKeys", INPUT_OPTIONAL, keys, &count);
	in->image_keys = *keys;
	in->image_key_count = count;
}

static void reply_pet(
	struct request *r, unsigned status, int rc, petory_pet *pet)
{
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, status, petory_pet_to_json(pet));
	if (status == 201) {
		reply_location(r, "/pets/%lld", (long long)pet->id);
	}
	petory_pet_free(pet);
}

void route_pets_create(struct request *r)
{
	petory_pet_input in = { 0 };
	const char **keys = NULL;
	petory_pet *pet = NULL;
	int rc;

	read_pet(r, &in, &keys, 1);
	if (!input_failed(r)) {
		rc = petory_pet_create(&pet, r->srv->db, &r->who, &in);
		reply_pet(r, 201, rc, pet);
	}
	free(keys);
}

void route_pets_list(struct request *r)
{
	petory_page_req page;
	petory_pet_page out;
	int rc;

	input_page(r, &page);
	if (input_failed(r))
		return;
	if ((rc = petory_pet_list(&out, r->srv->db, &r->who, &page)) < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, 200, petory_pet_page_to_json(&out));
	petory_pet_page_dispose(&out);
}

void route_pets_get(struct request *r)
{
	petory_pet *pet = NULL;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	if (input_failed(r))
		return;
	rc = petory_pet_get(&pet, r->srv->db, &r->who, id);
	reply_pet(r, 200, rc, pet);
}

void route_pets_update(struct request *r)
{
	petory_pet_input in = { 0 };
	const char **keys = NULL;
	petory_pet *pet = NULL;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	read_pet(r, &in, &keys, 0);
	if (!input_failed(r)) {
		rc = petory_pet_update(&pet, r->srv->db, &r->who, id, &in);
		reply_pet(r, 200, rc, pet);
	}
	free(keys);
}

void route_pets_delete(struct request *r)
{
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	if (input_failed(r))
		return;
	if ((rc = petory_pet_delete(r->srv->db, &r->who, id)) < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}

void route_pets_restore(struct request *r)
{
	petory_pet *pet = NULL;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	if (input_failed(r))
		return;
	rc = petory_pet_restore(&pet, r->srv->db, &r->who, id);
	reply_pet(r, 200, rc, pet);
}

void route_pets_image_delete(struct request *r)
{
	int64_t id = 0;
	int rc;

	input_path_id(r, "imageId", &id);
	if (input_failed(r))
		return;
	if ((rc = petory_pet_image_delete(r->srv->db, &r->who, id)) < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}
