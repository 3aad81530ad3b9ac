/* lost_pets.c -- lost-pet alerts through the library: watched areas and
 * their limits, raising (ownership, validation, one LOST alert per pet,
 * 3 a day), who is reached (the edge of the radius, high latitudes, the
 * owner never, disabled areas), the notifications pushed to the hook
 * after the commit, sightings, closing (FOUND notifies, a closed alert
 * never changes), rounding for non-owners, a deleted pet's alert and the
 * pet's photo readable by everyone only while LOST. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "petory_test.h"

#define EARTH_R 6371008.8

static petory *db;
static petory_identity owner, watcher_a, watcher_b, stranger;
static int pushed;
static int64_t pushed_to[16];

static void on_note(void *payload, const petory_notification *n)
{
	(void)payload;
	if (n->type == PETORY_NOTIFICATION_LOST_PET && pushed < 16)
		pushed_to[pushed] = n->user_id;
	pushed++;
}

static void setup(void)
{
	test_clock_now = TEST_EPOCH_MS;
	db = test_db_open();
	owner = test_identity(db, test_user(db, "owner@example.com"));
	watcher_a = test_identity(db, test_user(db, "a@example.com"));
	watcher_b = test_identity(db, test_user(db, "b@example.com"));
	stranger = test_identity(db, test_user(db, "s@example.com"));
	pushed = 0;
	petory_set_notification_hook(db, on_note, NULL);
}

static void teardown(void)
{
	test_db_close(db);
}

TestSuite(lost_pets, .init = setup, .fini = teardown);

static int64_t make_pet(const petory_identity *who, const char *key)
{
	const char *keys[1] = { key };
	petory_pet_input in = { "Choco", "SMALL", "dog", NULL, NULL,
		key ? keys : NULL, key ? 1 : 0 };
	petory_pet *p = NULL;
	int64_t id;
	cr_assert_petory_ok(petory_pet_create(&p, db, who, &in));
	id = p->id;
	petory_pet_free(p);
	return id;
}

static void watch(const petory_identity *who, double lat, double lng,
	int64_t radius, int enabled)
{
	petory_alert_area a;
	cr_assert_petory_ok(
		petory_alert_area_put(&a, db, who, lat, lng, radius, enabled));
}

static petory_lost_pet_input alert_input(int64_t pet, double lat, double lng)
{
	petory_lost_pet_input in;
	memset(&in, 0, sizeof(in));
	in.pet_id = pet;
	in.last_seen_at = "2026-11-24T08:00:00Z"; /* before the test epoch */
	in.latitude = lat;
	in.longitude = lng;
	in.has_latitude = in.has_longitude = 1;
	in.description = "갈색 푸들";
	return in;
}

static petory_lost_pet *raise_at(int64_t pet, double lat, double lng)
{
	petory_lost_pet_input in = alert_input(pet, lat, lng);
	petory_lost_pet *a = NULL;
	cr_assert_petory_ok(petory_lost_pet_raise(&a, db, &owner, &in, NULL));
	return a;
}

Test(lost_pets, area_limits)
{
	petory_alert_area a;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_alert_area_put(&a, db, &owner, 37.5, 127, 99, 1));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_alert_area_put(&a, db, &owner, 37.5, 127, 10001, 1));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_alert_area_put(&a, db, &owner, NAN, 127, 500, 1));
	cr_assert_petory_fails(PETORY_EAUTH, "UNAUTHORIZED",
		petory_alert_area_put(&a, db, NULL, 37.5, 127, 500, 1));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "ALERT_AREA_NOT_FOUND",
		petory_alert_area_get(&a, db, &owner));
	cr_assert_petory_ok(
		petory_alert_area_put(&a, db, &owner, 37.5, 127, 100, 1));
	cr_assert_petory_ok(
		petory_alert_area_put(&a, db, &owner, 37.5, 127, 10000, 0));
	cr_assert_petory_ok(petory_alert_area_get(&a, db, &owner));
	cr_assert_eq(a.radius_m, 10000);
	cr_assert_eq(a.enabled, 0);
	cr_assert_petory_ok(petory_alert_area_delete(db, &owner));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "ALERT_AREA_NOT_FOUND",
		petory_alert_area_delete(db, &owner));
}

Test(lost_pets, the_edge_of_the_radius_at_high_latitudes)
{
	static const double lats[] = { 0, 37.5, 60, 85, -85 };
	size_t i;
	for (i = 0; i < sizeof(lats) / sizeof(lats[0]); i++) {
		double lat = lats[i];
		double dlat_in = 999.0 / EARTH_R * 180 / M_PI;
		double dlat_out = 1001.0 / EARTH_R * 180 / M_PI;
		int64_t *users = NULL;
		size_t n = 0;
		watch(&watcher_a, lat + dlat_in, 10, 1000, 1);
		watch(&watcher_b, lat + dlat_out, 10, 1000, 1);
		cr_assert_petory_ok(petory_lost_pet_match(
			&users, &n, db, owner.user_id, lat, 10));
		cr_assert_eq(n, 1, "latitude %g", lat);
		cr_assert_eq(users[0], watcher_a.user_id);
		free(users);
	}
}

Test(lost_pets, raise_reaches_the_watchers_and_pushes_after_commit)
{
	petory_lost_pet *a;
	petory_notification_page page;
	petory_page_req req = { 0, 10 };
	watch(&watcher_a, 37.5, 127, 1000, 1);
	watch(&watcher_b, 37.5, 127, 1000, 0); /* disabled */
	watch(&owner, 37.5, 127, 1000, 1);     /* never the owner */
	a = raise_at(make_pet(&owner, NULL), 37.5, 127.001);
	cr_assert_eq(a->alerted_count, 1);
	cr_assert_eq(a->status, PETORY_LOST_PET_LOST);
	cr_assert(a->is_owner);
	cr_assert_eq(pushed, 1);
	cr_assert_eq(pushed_to[0], watcher_a.user_id);
	cr_assert_petory_ok(
		petory_notification_list(&page, db, &watcher_a, &req, 0));
	cr_assert_eq(page.count, 1);
	cr_assert_eq(page.items[0].type, PETORY_NOTIFICATION_LOST_PET);
	cr_assert_str_eq(
		petory_notification_type_name(page.items[0].type), "LOST_PET");
	petory_notification_page_dispose(&page);
	petory_lost_pet_free(a);
}

Test(lost_pets, raise_rules)
{
	int64_t pet = make_pet(&owner, NULL);
	petory_lost_pet_input in = alert_input(pet, 37.5, 127);
	petory_lost_pet *a = NULL;
	petory_rate_info rate;
	/* someone else's pet, a missing one */
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PET_NOT_FOUND",
		petory_lost_pet_raise(&a, db, &stranger, &in, NULL));
	in.pet_id = pet + 100;
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PET_NOT_FOUND",
		petory_lost_pet_raise(&a, db, &owner, &in, NULL));
	in = alert_input(pet, 37.5, 127);
	in.last_seen_at = "2030-01-01T00:00:00Z";
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_lost_pet_raise(&a, db, &owner, &in, NULL));
	in = alert_input(pet, 37.5, 127);
	in.description = "";
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_lost_pet_raise(&a, db, &owner, &in, NULL));
	in = alert_input(pet, 37.5, 127);
	in.has_latitude = 0;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_lost_pet_raise(&a, db, &owner, &in, NULL));
	in = alert_input(pet, 37.5, 127);
	cr_assert_petory_ok(petory_lost_pet_raise(&a, db, &owner, &in, &rate));
	petory_lost_pet_free(a);
	cr_assert_petory_fails(PETORY_ECONFLICT, "LOST_PET_ALREADY_ACTIVE",
		petory_lost_pet_raise(&a, db, &owner, &in, NULL));
	/* 3 a day: the 409 above counted as the second */
	in = alert_input(make_pet(&owner, NULL), 37.5, 127);
	cr_assert_petory_ok(petory_lost_pet_raise(&a, db, &owner, &in, NULL));
	petory_lost_pet_free(a);
	in = alert_input(make_pet(&owner, NULL), 37.5, 127);
	cr_assert_petory_fails(PETORY_ERATELIMIT, NULL,
		petory_lost_pet_raise(&a, db, &owner, &in, &rate));
	test_clock_now += DAYS(1) + 1000;
	cr_assert_petory_ok(petory_lost_pet_raise(&a, db, &owner, &in, NULL));
	petory_lost_pet_free(a);
}

Test(lost_pets, sightings_close_and_rounding)
{
	petory_sighting_input s;
	petory_lost_pet *a, *got = NULL;
	int64_t id, sid = 0;
	watch(&watcher_a, 37.5, 127, 5000, 1);
	a = raise_at(make_pet(&owner, NULL), 37.51234, 127.00049);
	cr_assert_eq(a->alerted_count, 1);
	id = a->id;
	petory_lost_pet_free(a);
	memset(&s, 0, sizeof(s));
	s.latitude = 37.5;
	s.longitude = 127;
	s.has_latitude = s.has_longitude = 1;
	s.seen_at = "2026-11-24T08:30:00Z";
	s.note = "by the park";
	pushed = 0;
	cr_assert_petory_ok(
		petory_lost_pet_sighting_add(&sid, db, &stranger, id, &s));
	cr_assert_gt(sid, 0);
	cr_assert_eq(pushed, 1);
	cr_assert_eq(pushed_to[0], owner.user_id);
	cr_assert_petory_fails(PETORY_ENOTFOUND, "LOST_PET_NOT_FOUND",
		petory_lost_pet_sighting_add(NULL, db, &stranger, id + 9, &s));
	/* non-owners see 3 decimals; the owner the exact point */
	cr_assert_petory_ok(petory_lost_pet_get(&got, db, NULL, id));
	cr_assert_float_eq(got->latitude, 37.512, 1e-9);
	cr_assert_float_eq(got->longitude, 127.0, 1e-9);
	cr_assert_eq(got->sighting_count, 1);
	petory_lost_pet_free(got);
	cr_assert_petory_ok(petory_lost_pet_get(&got, db, &owner, id));
	cr_assert_float_eq(got->latitude, 37.51234, 1e-9);
	petory_lost_pet_free(got);
	/* only the owner closes; FOUND notifies the alerted */
	cr_assert_petory_fails(PETORY_EPERM, "FORBIDDEN",
		petory_lost_pet_close(
			&got, db, &stranger, id, PETORY_LOST_PET_FOUND));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_lost_pet_close(
			&got, db, &owner, id, PETORY_LOST_PET_LOST));
	pushed = 0;
	cr_assert_petory_ok(petory_lost_pet_close(
		&got, db, &owner, id, PETORY_LOST_PET_FOUND));
	cr_assert_eq(got->status, PETORY_LOST_PET_FOUND);
	petory_lost_pet_free(got);
	cr_assert_eq(pushed, 1);
	cr_assert_eq(pushed_to[0], watcher_a.user_id);
	cr_assert_petory_fails(PETORY_ECONFLICT, "LOST_PET_CLOSED",
		petory_lost_pet_close(
			&got, db, &owner, id, PETORY_LOST_PET_CANCELLED));
	cr_assert_petory_fails(PETORY_ECONFLICT, "LOST_PET_CLOSED",
		petory_lost_pet_sighting_add(NULL, db, &stranger, id, &s));
}

Test(lost_pets, found_after_cancelled_and_deleted_pets)
{
	int64_t pet = make_pet(&owner, NULL), pet2 = make_pet(&owner, NULL);
	petory_lost_pet *a = raise_at(pet, 37.5, 127), *got = NULL;
	int64_t id = a->id;
	petory_lost_pet_free(a);
	cr_assert_petory_ok(petory_lost_pet_close(
		&got, db, &owner, id, PETORY_LOST_PET_CANCELLED));
	petory_lost_pet_free(got);
	cr_assert_petory_fails(PETORY_ECONFLICT, "LOST_PET_CLOSED",
		petory_lost_pet_close(
			&got, db, &owner, id, PETORY_LOST_PET_FOUND));
	a = raise_at(pet2, 37.5, 127);
	id = a->id;
	petory_lost_pet_free(a);
	cr_assert_petory_ok(petory_pet_delete(db, &owner, pet2));
	cr_assert_petory_ok(petory_lost_pet_get(&got, db, NULL, id));
	cr_assert_eq(got->status, PETORY_LOST_PET_CANCELLED);
	petory_lost_pet_free(got);
}

Test(lost_pets, the_pet_photo_is_everyones_only_while_lost)
{
	char key[48];
	petory_file_content c;
	petory_lost_pet *a, *got = NULL;
	int64_t pet, id;
	snprintf(key, sizeof(key), "%s", test_image_key(db, &owner, "pet"));
	pet = make_pet(&owner, key);
	cr_assert_petory_fails(PETORY_ENOTFOUND, "FILE_NOT_FOUND",
		petory_file_open(&c, db, NULL, key, NULL, NULL));
	a = raise_at(pet, 37.5, 127);
	id = a->id;
	cr_assert_eq(a->pet_image_count, 1);
	cr_assert_null(strchr(a->pet_images[0].url, '?'), "not signed");
	petory_lost_pet_free(a);
	cr_assert_petory_ok(petory_file_open(&c, db, NULL, key, NULL, NULL));
	petory_file_content_dispose(&c);
	cr_assert_petory_ok(petory_lost_pet_close(
		&got, db, &owner, id, PETORY_LOST_PET_FOUND));
	petory_lost_pet_free(got);
	cr_assert_petory_fails(PETORY_ENOTFOUND, "FILE_NOT_FOUND",
		petory_file_open(&c, db, &stranger, key, NULL, NULL));
	cr_assert_petory_ok(petory_lost_pet_get(&got, db, &stranger, id));
	cr_assert_eq(got->pet_image_count, 0);
	petory_lost_pet_free(got);
}
