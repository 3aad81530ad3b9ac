/* lost_pets.c -- conformance of the lost_pets table on every backend:
 * watched areas, the match (the edge of the radius at several latitudes,
 * the antimeridian and the poles' neighbourhood, disabled areas,
 * suspended users, the owner, each user once), an alert written with its
 * alerted users and their notifications all or nothing (a fault in any
 * statement leaves nothing), the near list, closing (FOUND notifies the
 * alerted, a closed alert is ECONFLICT), cancelling a deleted pet's alert,
 * sightings and which files are public.  Facts only: no API reasons.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file_fixtures.h"

#define EARTH_R 6371008.8

/* The latitude `metres` north of lat on the haversine's sphere. */
static double north_of(double lat, double metres)
{
	return lat + metres / EARTH_R * 180.0 / M_PI;
}

/* The longitude `metres` east of lng along latitude lat. */
static double east_of(double lat, double lng, double metres)
{
	double d =
		2 * asin(sin(metres / (2 * EARTH_R)) / cos(lat * M_PI / 180.0));
	double out = lng + d * 180.0 / M_PI;
	return out > 180 ? out - 360 : out;
}

/* A user (named after `name` and a counter) watching the circle. */
static int64_t watcher(petory *db, const char *name, double lat, double lng,
	int64_t radius, int enabled)
{
	static int serial;
	char unique[64];
	int64_t id;
	snprintf(unique, sizeof(unique), "%s-%d", name, ++serial);
	id = fixture_user(db, unique, "Asia/Seoul");
	petory_alert_area a = { id, lat, lng, radius, enabled, 7 };
	cr_assert_petory_ok(petory__store_alert_area_put(db, &a));
	return id;
}

static int64_t new_pet(petory *db, int64_t owner)
{
	petory_pet p;
	memset(&p, 0, sizeof(p));
	p.owner_id = owner;
	p.name = "Choco";
	p.species = "dog";
	p.size = PETORY_PET_SMALL;
	cr_assert_petory_ok(petory__store_pet_insert(db, &p, NULL, 0, 5));
	return p.id;
}

static petory_lost_pet new_alert(
	int64_t pet, int64_t owner, double lat, double lng)
{
	petory_lost_pet a;
	memset(&a, 0, sizeof(a));
	a.pet_id = pet;
	a.owner_id = owner;
	a.latitude = lat;
	a.longitude = lng;
	a.last_seen_at = 3;
	a.description = "brown poodle";
	a.created_at = 10;
	return a;
}

static const petory_notification note = { 0, 0, PETORY_NOTIFICATION_LOST_PET,
	"Lost pet near you", "/lost-pets/", 0, 10 };

static size_t match_count(petory *db, int64_t owner, double lat, double lng)
{
	int64_t *users = NULL;
	size_t n = 0;
	cr_assert_petory_ok(
		petory__store_lost_pet_match(&users, &n, db, owner, lat, lng));
	free(users);
	return n;
}

Test(store_lost_pets, alert_areas)
{
	STORE_FOREACH(b, db, {
		int64_t u = fixture_user(db, "alice", "Asia/Seoul");
		petory_alert_area a = { u, 37.5, 127.0, 500, 1, 7 }, got;
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_alert_area_get(&got, db, u));
		cr_assert_petory_ok(petory__store_alert_area_put(db, &a));
		a.radius_m = 10000;
		a.enabled = 0;
		a.updated_at = 8;
		cr_assert_petory_ok(petory__store_alert_area_put(db, &a));
		cr_assert_petory_ok(petory__store_alert_area_get(&got, db, u));
		cr_assert_eq(got.radius_m, 10000);
		cr_assert_eq(got.enabled, 0);
		cr_assert_eq(got.updated_at, 8);
		cr_assert_float_eq(got.latitude, 37.5, 1e-12);
		a.user_id = u + 100;
		assert_store_fact(
			PETORY_ENOTFOUND, petory__store_alert_area_put(db, &a));
		cr_assert_petory_ok(petory__store_alert_area_delete(db, u));
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_alert_area_delete(db, u));
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_alert_area_get(&got, db, u));
	});
}

Test(store_lost_pets, the_edge_of_the_radius_everywhere)
{
	static const double lats[] = { 0, 37.5, 60, 85, -85, 89.99 };
	STORE_FOREACH(b, db, {
		int64_t owner = fixture_user(db, "owner", "Asia/Seoul");
		size_t i;
		for (i = 0; i < sizeof(lats) / sizeof(lats[0]); i++) {
			double lat = lats[i], lng = -150 + 40.0 * (double)i;
			double r = 2000;
			int64_t in_n = watcher(db, "in-n",
				north_of(lat, -(r - 1)), lng, 2000, 1);
			int64_t in_e = watcher(db, "in-e", lat,
				east_of(lat, lng, r - 1), 2000, 1);
			int64_t *users = NULL;
			size_t n = 0;
			watcher(db, "out-n", north_of(lat, -(r + 1)), lng, 2000,
				1);
			watcher(db, "out-e", lat, east_of(lat, lng, r + 1),
				2000, 1);
			cr_assert_petory_ok(petory__store_lost_pet_match(
				&users, &n, db, owner, lat, lng));
			cr_assert_eq(n, 2, "latitude %g: %zu matched", lat, n);
			cr_assert_eq(users[0], in_n < in_e ? in_n : in_e);
			free(users);
		}
		/* across the antimeridian, matched once */
		watcher(db, "anti", 0, 179.995, 2000, 1);
		cr_assert_eq(match_count(db, owner, 0, -179.995), 1);
		watcher(db, "top", 85, 180, 10000, 1);
		cr_assert_eq(match_count(db, owner, 85, 179.999), 1);
	});
}

Test(store_lost_pets, who_is_never_matched)
{
	STORE_FOREACH(b, db, {
		int64_t owner = watcher(db, "owner", 37.5, 127, 1000, 1);
		int64_t ok = watcher(db, "ok", 37.5, 127, 1000, 1);
		int64_t susp = watcher(db, "suspended", 37.5, 127, 1000, 1);
		int64_t *users = NULL;
		size_t n = 0;
		watcher(db, "off", 37.5, 127, 1000, 0);
		cr_assert_petory_ok(petory__store_user_set_status(db, susp,
			1u << PETORY_USER_ACTIVE, PETORY_USER_SUSPENDED, 0, 9));
		cr_assert_petory_ok(petory__store_lost_pet_match(
			&users, &n, db, owner, 37.5, 127));
		cr_assert_eq(n, 1);
		cr_assert_eq(users[0], ok);
		free(users);
	});
}

typedef struct insert_write {
	int64_t pet, owner;
	const char *keys[1];
	size_t key_count;
	int64_t alert_id, alerted;
} insert_write;

static int insert_alert(petory *db, void *payload)
{
	insert_write *w = payload;
	petory_lost_pet a = new_alert(w->pet, w->owner, 37.5, 127);
	petory_lost_pet_alerted *out = NULL;
	size_t n = 0;
	int error;
	a.image_keys = w->keys;
	a.image_key_count = w->key_count;
	error = petory__store_lost_pet_insert(&out, &n, db, &a, &note);
	w->alert_id = a.id;
	w->alerted = a.alerted_count;
	if (!error)
		cr_assert_eq((int64_t)n, a.alerted_count);
	free(out);
	return error;
}

Test(store_lost_pets, an_alert_is_written_whole_or_not_at_all)
{
	STORE_FOREACH(b, db, {
		insert_write w;
		petory_file_key k;
		petory_lost_pet *got = NULL;
		petory_lost_pet a;
		petory_lost_pet_alerted *out = NULL;
		size_t n = 0;
		int i;
		memset(&w, 0, sizeof(w));
		w.owner = fixture_user(db, "owner", "Asia/Seoul");
		w.pet = new_pet(db, w.owner);
		for (i = 0; i < 3; i++)
			watcher(db, "w", 37.5, 127.001 * (1 + i * 1e-6), 1000,
				1);
		fixture_file(
			&k, db, w.owner, PETORY_FILE_PET, PETORY_FILE_UPLOADED);
		w.keys[0] = k.key;
		w.key_count = 1;
		cr_assert_geq(store_fault_sweep(b, db,
				      "lost_pet_insert with notifications",
				      insert_alert, &w),
			4);
		cr_assert_eq(w.alerted, 3);
		cr_assert_petory_ok(
			petory__store_lost_pet_get(&got, db, w.alert_id));
		cr_assert_eq(got->status, PETORY_LOST_PET_LOST);
		cr_assert_eq(got->alerted_count, 3);
		cr_assert_str_eq(got->pet_name, "Choco");
		cr_assert_eq(got->image_count, 1);
		cr_assert_str_eq(got->images[0].file_key, k.key);
		cr_assert_null(got->contact);
		petory_lost_pet_free(got);
		/* a second LOST alert for the pet */
		a = new_alert(w.pet, w.owner, 37.5, 127);
		assert_store_fact(PETORY_EEXISTS,
			petory__store_lost_pet_insert(&out, &n, db, &a, &note));
		cr_assert_null(out);
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_lost_pet_get(&got, db, w.alert_id + 50));
	});
}

Test(store_lost_pets, near_close_sightings_and_files)
{
	STORE_FOREACH(b, db, {
		int64_t owner = fixture_user(db, "owner", "Asia/Seoul");
		int64_t spotter = fixture_user(db, "spotter", "Asia/Seoul");
		int64_t w1 = watcher(db, "w1", 37.5, 127, 1000, 1);
		int64_t pet = new_pet(db, owner), pet2 = new_pet(db, owner);
		petory_lost_pet a = new_alert(pet, owner, 37.5, 127.001);
		petory_lost_pet c = new_alert(pet2, owner, 37.5, 127.01);
		petory_lost_pet_alerted *out = NULL;
		petory_lost_pet_page page;
		petory_lost_pet_sighting s;
		petory_notification n = note;
		petory_lost_pet *got = NULL;
		petory_file_key k, pk;
		const char *keys[1];
		size_t count = 0;
		int pub = 0, closed = 0;

		cr_assert_petory_ok(petory__store_lost_pet_insert(
			&out, &count, db, &a, &note));
		cr_assert_eq(count, 1);
		cr_assert_eq(out[0].user_id, w1);
		free(out);
		cr_assert_petory_ok(petory__store_lost_pet_insert(
			&out, &count, db, &c, &note));
		free(out);
		cr_assert_petory_ok(petory__store_lost_pet_near(
			&page, db, 37.5, 127, 5000, 0, 10));
		cr_assert_eq(page.total, 2);
		cr_assert_eq(page.items[0].id, a.id);
		cr_assert_eq(page.items[1].id, c.id);
		cr_assert(page.items[0].distance < page.items[1].distance);
		cr_assert_float_eq(page.items[0].distance,
			2 * EARTH_R *
				asin(cos(37.5 * M_PI / 180) *
					sin(0.001 * M_PI / 360)),
			1e-3);
		petory_lost_pet_page_dispose(&page);
		cr_assert_petory_ok(petory__store_lost_pet_near(
			&page, db, 37.5, 127, 100, 0, 10));
		cr_assert_eq(page.total, 1);
		petory_lost_pet_page_dispose(&page);

		/* sightings: images, the owner's notification */
		fixture_file(
			&k, db, spotter, PETORY_FILE_PET, PETORY_FILE_UPLOADED);
		keys[0] = k.key;
		memset(&s, 0, sizeof(s));
		s.alert_id = a.id;
		s.user_id = spotter;
		s.latitude = 37.501;
		s.longitude = 127;
		s.seen_at = 20;
		s.note = "at the corner";
		s.image_keys = keys;
		s.image_key_count = 1;
		s.created_at = 21;
		cr_assert_petory_ok(petory__store_sighting_insert(db, &s, &n));
		cr_assert_gt(s.id, 0);
		cr_assert_gt(n.id, 0);
		cr_assert_eq(n.user_id, owner);
		cr_assert_petory_ok(petory__store_lost_pet_get(&got, db, a.id));
		cr_assert_eq(got->sighting_count, 1);
		cr_assert_str_eq(got->sightings[0].note, "at the corner");
		cr_assert_eq(got->sightings[0].image_count, 1);
		petory_lost_pet_free(got);
		s.alert_id = a.id + 100;
		s.image_key_count = 0;
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_sighting_insert(db, &s, &n));

		/* files: a LOST alert's images and its pet's photos */
		cr_assert_petory_ok(
			petory__store_lost_pet_file_public(&pub, db, k.key));
		cr_assert_eq(pub, 1);
		fixture_file(
			&pk, db, owner, PETORY_FILE_PET, PETORY_FILE_UPLOADED);
		keys[0] = pk.key;
		{
			petory_pet_patch patch;
			memset(&patch, 0, sizeof(patch));
			patch.size = -1;
			cr_assert_petory_ok(petory__store_pet_update(
				db, pet, owner, &patch, keys, 1, 22));
		}
		cr_assert_petory_ok(
			petory__store_lost_pet_file_public(&pub, db, pk.key));
		cr_assert_eq(pub, 1);

		/* FOUND notifies the alerted; then closed */
		cr_assert_petory_ok(petory__store_lost_pet_close(&out, &count,
			db, a.id, PETORY_LOST_PET_FOUND, &note, 30));
		cr_assert_eq(count, 1);
		cr_assert_eq(out[0].user_id, w1);
		free(out);
		assert_store_fact(PETORY_ECONFLICT,
			petory__store_lost_pet_close(&out, &count, db, a.id,
				PETORY_LOST_PET_CANCELLED, NULL, 31));
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_lost_pet_close(&out, &count, db,
				a.id + 100, PETORY_LOST_PET_CANCELLED, NULL,
				31));
		s.alert_id = a.id;
		assert_store_fact(PETORY_ECONFLICT,
			petory__store_sighting_insert(db, &s, &n));
		cr_assert_petory_ok(
			petory__store_lost_pet_file_public(&pub, db, pk.key));
		cr_assert_eq(pub, 0);
		cr_assert_petory_ok(
			petory__store_lost_pet_file_public(&pub, db, k.key));
		cr_assert_eq(pub, 0);

		/* a deleted pet's LOST alert is cancelled */
		cr_assert_petory_ok(petory__store_lost_pet_cancel_for_pet(
			&closed, db, pet2, 40));
		cr_assert_eq(closed, 1);
		cr_assert_petory_ok(petory__store_lost_pet_cancel_for_pet(
			&closed, db, pet2, 41));
		cr_assert_eq(closed, 0);
		cr_assert_petory_ok(petory__store_lost_pet_get(&got, db, c.id));
		cr_assert_eq(got->status, PETORY_LOST_PET_CANCELLED);
		cr_assert_eq(got->closed_at, 40);
		petory_lost_pet_free(got);
	});
}
