/* place_images.c -- images of places through the library: keys taken all
 * or nothing on create and on add, every image on a read of one place,
 * the first in searches and in the rendered ranking (which follows image
 * changes), and the admin-only rights. */
#include <stdio.h>
#include <string.h>

#include "petory_test.h"

static petory *db;
static petory_identity admin, user;

static void setup(void)
{
	int64_t id;
	test_clock_now = TEST_EPOCH_MS;
	db = test_db_open();
	id = test_user(db, "admin@example.com");
	cr_assert_petory_ok(petory_user_role_add(
		NULL, db, petory_identity_system(), id, PETORY_ROLE_ADMIN));
	admin = test_identity(db, id);
	user = test_identity(db, test_user(db, "user@example.com"));
}

static void teardown(void)
{
	test_db_close(db);
}

TestSuite(place_images, .init = setup, .fini = teardown);

/* A copy of a fresh key of `who` for `purpose` (test_image_key's storage
 * is reused). */
static void new_key(
	char out[48], const petory_identity *who, const char *purpose)
{
	snprintf(out, 48, "%s", test_image_key(db, who, purpose));
}

static int create(
	petory_place **out, const char *name, const char *const *keys, size_t n)
{
	petory_new_place in = { .name = name,
		.type = "CAFE",
		.address = "서울 어딘가 1",
		.has_coordinates = 1,
		.latitude = 37.5,
		.longitude = 127.0,
		.image_keys = keys,
		.image_key_count = n };
	return petory_place_create(out, db, &admin, &in);
}

static int64_t place_count(void)
{
	petory_place_page page;
	int64_t n;
	cr_assert_petory_ok(petory_place_search(&page, db, NULL, NULL, NULL));
	n = page.total;
	petory_place_page_dispose(&page);
	return n;
}

Test(place_images, create_takes_keys_all_or_nothing)
{
	char good[48], foreign[48], pet[48];
	const char *keys[2] = { good, foreign };
	petory_place *p = NULL;

	new_key(good, &admin, "place");
	new_key(foreign, &user, "place");
	new_key(pet, &admin, "pet");
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		create(&p, "카페", keys, 2));
	cr_assert_str_eq(petory_error_last()->fields[0].field, "imageKeys");
	keys[1] = pet;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		create(&p, "카페", keys, 2));
	cr_assert_null(p);
	cr_assert_eq(place_count(), 0, "a refused create left a place");

	/* the good key was not taken by the refused creates */
	cr_assert_petory_ok(create(&p, "카페", keys, 1));
	cr_assert_eq(p->image_count, 1);
	cr_assert(p->images_complete);
	cr_assert_str_eq(p->images[0].file_key, good);
	cr_assert_eq(p->images[0].is_private, 0, "place images are public");
	cr_assert_eq(strncmp(p->images[0].url, "/files/", 7), 0);
	petory_place_free(p);
	/* used once */
	p = NULL;
	cr_assert_petory_fails(PETORY_ECONFLICT, "FILE_ALREADY_USED",
		create(&p, "카페 2", keys, 1));
	cr_assert_eq(place_count(), 1);
}

Test(place_images, reads_show_every_image_or_the_first)
{
	char k1[48], k2[48], k3[48];
	const char *keys[2] = { k1, k2 };
	const char *more[1] = { k3 };
	petory_place *p = NULL, *bare = NULL, *got = NULL;
	petory_place_page page;
	size_t i;

	new_key(k1, &admin, "place");
	new_key(k2, &admin, "place");
	new_key(k3, &admin, "place");
	cr_assert_petory_ok(create(&p, "사진 둘", keys, 2));
	cr_assert_petory_ok(create(&bare, "사진 없음", NULL, 0));
	cr_assert_eq(bare->image_count, 0);
	cr_assert(bare->images_complete);
	cr_assert_petory_ok(
		petory_place_add_images(&got, db, &admin, p->id, more, 1));
	cr_assert_eq(got->image_count, 3);
	cr_assert_str_eq(got->images[0].file_key, k1);
	cr_assert_str_eq(got->images[2].file_key, k3);
	petory_place_free(got);
	cr_assert_petory_ok(petory_place_get(&got, db, NULL, p->id));
	cr_assert_eq(got->image_count, 3);
	cr_assert(got->images_complete);
	petory_place_free(got);

	cr_assert_petory_ok(petory_place_search(&page, db, NULL, NULL, NULL));
	cr_assert_eq(page.count, 2);
	for (i = 0; i < page.count; i++) {
		cr_assert(!page.items[i].images_complete);
		if (page.items[i].id == p->id) {
			cr_assert_eq(page.items[i].image_count, 1);
			cr_assert_str_eq(page.items[i].images[0].file_key, k1);
			cr_assert_not_null(page.items[i].images[0].url);
		} else {
			cr_assert_eq(page.items[i].image_count, 0);
		}
	}
	petory_place_page_dispose(&page);
	petory_place_free(p);
	petory_place_free(bare);
}

Test(place_images, rendered_ranking_follows_image_changes)
{
	char k1[48], k2[48], url[96];
	const char *keys[1] = { k1 };
	const char *more[1] = { k2 };
	petory_place *p = NULL, *got = NULL;
	petory_like_result liked;
	char *body = NULL;
	size_t len;

	new_key(k1, &admin, "place");
	new_key(k2, &admin, "place");
	cr_assert_petory_ok(create(&p, "순위", keys, 1));
	cr_assert_petory_ok(
		petory_place_like(&liked, db, &user, p->id, PETORY_LIKE_SET));
	cr_assert_petory_ok(
		petory_place_rank_json(&body, &len, db, NULL, NULL, 5));
	snprintf(url, sizeof(url), "\"imageUrl\":\"/files/%s\"", k1);
	cr_assert_not_null(strstr(body, url), "%s", body);
	petory_free(body);

	cr_assert_petory_ok(
		petory_place_add_images(&got, db, &admin, p->id, more, 1));
	cr_assert_petory_ok(petory_place_image_delete(
		db, &admin, p->id, got->images[0].id));
	petory_place_free(got);
	cr_assert_petory_ok(
		petory_place_rank_json(&body, &len, db, NULL, NULL, 5));
	snprintf(url, sizeof(url), "\"imageUrl\":\"/files/%s\"", k2);
	cr_assert_not_null(strstr(body, url), "a stale render: %s", body);
	petory_free(body);
	petory_place_free(p);
}

Test(place_images, rights_and_not_found)
{
	char k1[48], k2[48], mine[48];
	const char *keys[1] = { k1 };
	const char *other_keys[1] = { k2 };
	const char *users_keys[1] = { mine };
	petory_place *a = NULL, *b = NULL, *got = NULL;

	new_key(k1, &admin, "place");
	new_key(k2, &admin, "place");
	new_key(mine, &user, "place");
	cr_assert_petory_ok(create(&a, "A", keys, 1));
	cr_assert_petory_ok(create(&b, "B", other_keys, 1));

	cr_assert_petory_fails(PETORY_EPERM, NULL,
		petory_place_add_images(&got, db, &user, a->id, users_keys, 1));
	cr_assert_petory_fails(PETORY_EAUTH, NULL,
		petory_place_add_images(&got, db, NULL, a->id, users_keys, 1));
	cr_assert_petory_fails(PETORY_EPERM, NULL,
		petory_place_image_delete(db, &user, a->id, a->images[0].id));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PLACE_IMAGE_NOT_FOUND",
		petory_place_image_delete(db, &admin, a->id, b->images[0].id));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PLACE_NOT_FOUND",
		petory_place_image_delete(db, &admin, 999999, a->images[0].id));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_place_add_images(&got, db, &admin, a->id, NULL, 0));

	cr_assert_petory_ok(petory_place_delete(db, &admin, b->id));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PLACE_NOT_FOUND",
		petory_place_image_delete(db, &admin, b->id, b->images[0].id));
	cr_assert_petory_ok(petory_place_get(&got, db, &admin, a->id));
	cr_assert_eq(got->image_count, 1, "refused calls changed images");
	petory_place_free(got);
	petory_place_free(a);
	petory_place_free(b);
}
