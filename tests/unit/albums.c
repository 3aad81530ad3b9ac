/* albums.c -- albums through the library (the one-a-day rule in the
 * owner's own zone, privacy, limits per role, owner-only changes) and the
 * SQL behind them (store level). */
#include <stdio.h>
#include <string.h>

#include "petory_test.h"

static petory *db;
static petory_identity alice, bob;

static void setup(void)
{
	test_clock_now = TEST_EPOCH_MS;
	db = test_db_open();
	alice = test_identity(db, test_user(db, "alice@example.com"));
	bob = test_identity(db, test_user(db, "bob@example.com"));
}

static void teardown(void)
{
	test_db_close(db);
}

TestSuite(albums, .init = setup, .fini = teardown);
TestSuite(album_store, .init = setup, .fini = teardown);

static void set_zone(const petory_identity *who, const char *zone)
{
	petory_user_patch patch = { NULL, NULL, zone };
	petory_user *u = NULL;
	cr_assert_petory_ok(
		petory_user_update(&u, db, who, who->user_id, &patch));
	petory_user_free(u);
}

static int create(
	petory_album **out, const petory_identity *who, const char *visibility)
{
	const char *key = test_image_key(db, who, "album");
	petory_album_input in = { NULL, visibility, &key, 1 };
	return petory_album_create(out, db, who, &in);
}

static petory_album *make(const petory_identity *who, const char *visibility)
{
	petory_album *a = NULL;
	cr_assert_petory_ok(create(&a, who, visibility));
	return a;
}

static int file_private(const char *key)
{
	petory_file_rec rec;
	cr_assert_petory_ok(petory__store_file_get(&rec, db, key));
	return rec.is_private;
}

/* ---- the day, in the owner's zone ---- */

Test(albums, local_dates_at_both_ends_of_the_world)
{
	char d[11];
	/* 2026-11-25T09:30Z */
	petory_time_ms t = TEST_EPOCH_MS + MINUTES(9 * 60 + 30);
	petory__local_date_text(d, "Pacific/Honolulu", t); /* UTC-10 */
	cr_assert_str_eq(d, "2026-11-24");
	petory__local_date_text(d, "Pacific/Kiritimati", t); /* UTC+14 */
	cr_assert_str_eq(d, "2026-11-25");
	petory__local_date_text(d, "Asia/Seoul", t);
	cr_assert_str_eq(d, "2026-11-25");
	petory__local_date_text(d, "Pacific/Kiritimati", t + MINUTES(30));
	cr_assert_str_eq(d, "2026-11-26");
	petory__local_date_text(d, "No/Such_Zone", t);
	cr_assert_str_eq(d, "2026-11-25", "unknown zones read as UTC");
}

Test(albums, one_album_per_day_in_the_owners_zone)
{
	petory_album *a = NULL;
	set_zone(&alice, "Pacific/Honolulu"); /* UTC-10 */
	set_zone(&bob, "Pacific/Kiritimati"); /* UTC+14 */

	/* 09:30Z: 11-24 23:30 in Honolulu, 11-25 23:30 in Kiritimati */
	test_clock_now = TEST_EPOCH_MS + MINUTES(9 * 60 + 30);
	petory_album_free(make(&alice, "PUBLIC"));
	petory_album_free(make(&bob, "PRIVATE"));

	/* 09:59Z: still the same local days */
	test_clock_now = TEST_EPOCH_MS + MINUTES(9 * 60 + 59);
	cr_assert_petory_fails(PETORY_ECONFLICT, "ALREADY_SAVED_ALBUM_TODAY",
		create(&a, &alice, "PUBLIC"));
	cr_assert_petory_fails(PETORY_ECONFLICT, "ALREADY_SAVED_ALBUM_TODAY",
		create(&a, &bob, "PUBLIC"));

	/* 10:00Z: midnight in both zones, a new day for both */
	test_clock_now = TEST_EPOCH_MS + MINUTES(10 * 60);
	petory_album_free(make(&alice, "PRIVATE"));
	petory_album_free(make(&bob, "PUBLIC"));
	cr_assert_petory_fails(PETORY_ECONFLICT, "ALREADY_SAVED_ALBUM_TODAY",
		create(&a, &bob, "PUBLIC"));
}

Test(albums, the_day_follows_a_change_of_zone)
{
	petory_album *a = NULL;
	/* 2026-11-25T20:00Z: 11-26 05:00 in Seoul (the default zone) */
	test_clock_now = TEST_EPOCH_MS + MINUTES(20 * 60);
	petory_album_free(make(&alice, "PUBLIC"));
	cr_assert_petory_fails(
		PETORY_ECONFLICT, NULL, create(&a, &alice, "PUBLIC"));
	set_zone(&alice, "America/New_York"); /* 11-25 15:00 there */
	petory_album_free(make(&alice, "PUBLIC"));
}

/* ---- limits ---- */

Test(albums, image_limits_per_role)
{
	petory_identity admin = alice;
	const char *keys[21];
	petory_album_input in = { NULL, "PUBLIC", keys, 2 };
	petory_album *a = NULL;
	size_t i;
	for (i = 0; i < 21; i++)
		keys[i] = strdup(test_image_key(db, &alice, "album"));
	cr_assert_petory_fails(PETORY_EINVALID, "ALBUM_IMAGE_SIZE_OVER",
		petory_album_create(&a, db, &alice, &in));
	in.image_key_count = 0;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_album_create(&a, db, &alice, &in));
	admin.roles |= PETORY_ROLE_ADMIN;
	in.image_key_count = 21;
	cr_assert_petory_fails(PETORY_EINVALID, "ALBUM_IMAGE_SIZE_OVER",
		petory_album_create(&a, db, &admin, &in));
	in.image_key_count = 20;
	cr_assert_petory_ok(petory_album_create(&a, db, &admin, &in));
	cr_assert_eq(a->image_count, 20);
	petory_album_free(a);
	for (i = 0; i < 21; i++)
		free((char *)keys[i]);
}

/* ---- privacy and rights ---- */

Test(albums, a_private_album_exists_only_for_its_owner)
{
	petory_album *priv = make(&alice, "PRIVATE"), *a = NULL;
	petory_album *pub = make(&bob, "PUBLIC");
	petory_album_page page;
	const char *key = test_image_key(db, &bob, "album");
	cr_assert(file_private(priv->images[0].file_key));
	cr_assert_not(file_private(pub->images[0].file_key));
	cr_assert_not_null(strstr(priv->images[0].url, "signature="));

	cr_assert_petory_fails(PETORY_ENOTFOUND, "ALBUM_NOT_FOUND",
		petory_album_get(&a, db, &bob, priv->id));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "ALBUM_NOT_FOUND",
		petory_album_get(&a, db, NULL, priv->id));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "ALBUM_NOT_FOUND",
		petory_album_update(&a, db, &bob, priv->id, "x"));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "ALBUM_NOT_FOUND",
		petory_album_set_visibility(&a, db, &bob, priv->id, "PUBLIC"));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "ALBUM_NOT_FOUND",
		petory_album_delete(db, &bob, priv->id));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "ALBUM_NOT_FOUND",
		petory_album_add_images(&a, db, &bob, priv->id, &key, 1));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "ALBUM_IMAGE_NOT_FOUND",
		petory_album_image_delete(db, &bob, priv->images[0].id));

	cr_assert_petory_ok(petory_album_list_public(&page, db, NULL));
	cr_assert_eq(page.total, 1);
	cr_assert_eq(page.items[0].id, pub->id);
	petory_album_page_dispose(&page);
	cr_assert_petory_ok(
		petory_album_list_user(&page, db, &bob, alice.user_id, NULL));
	cr_assert_eq(page.total, 0);
	petory_album_page_dispose(&page);
	cr_assert_petory_ok(
		petory_album_list_user(&page, db, &alice, alice.user_id, NULL));
	cr_assert_eq(page.total, 1);
	cr_assert_eq(page.size, 10);
	petory_album_page_dispose(&page);
	cr_assert_petory_fails(PETORY_ENOTFOUND, "USER_NOT_FOUND",
		petory_album_list_user(&page, db, NULL, 4242, NULL));

	/* on a PUBLIC album another user is refused, not fooled */
	cr_assert_petory_fails(PETORY_EPERM, "ONLY_AUTHOR_CAN_EDIT",
		petory_album_update(&a, db, &alice, pub->id, "x"));
	cr_assert_petory_fails(PETORY_EPERM, "ONLY_AUTHOR_CAN_DELETE",
		petory_album_delete(db, &alice, pub->id));
	cr_assert_petory_fails(PETORY_EPERM, "ONLY_AUTHOR_CAN_DELETE",
		petory_album_image_delete(db, &alice, pub->images[0].id));
	petory_album_free(priv);
	petory_album_free(pub);
}

Test(albums, visibility_and_new_images_keep_files_in_step)
{
	petory_album *a = make(&alice, "PUBLIC"), *b = NULL;
	char first[48];
	const char *added = test_image_key(db, &alice, "album");
	snprintf(first, sizeof(first), "%s", a->images[0].file_key);
	cr_assert_petory_ok(
		petory_album_set_visibility(&b, db, &alice, a->id, "PRIVATE"));
	cr_assert_eq(b->visibility, PETORY_ALBUM_PRIVATE);
	cr_assert(file_private(first));
	petory_album_free(b);
	cr_assert_petory_ok(
		petory_album_add_images(&b, db, &alice, a->id, &added, 1));
	cr_assert_eq(b->image_count, 2);
	cr_assert(file_private(b->images[1].file_key));
	petory_album_free(b);
	cr_assert_petory_ok(
		petory_album_set_visibility(&b, db, &alice, a->id, "PUBLIC"));
	cr_assert_not(file_private(first));
	petory_album_free(b);
	cr_assert_petory_fails(PETORY_EINVALID, NULL,
		petory_album_set_visibility(&b, db, &alice, a->id, "public"));
	petory_album_free(a);
}

/* ---- the SQL ---- */

/* ---- the owner's nickname ---- */

static void set_nickname(const petory_identity *who, const char *nickname)
{
	petory_user_patch patch = { nickname, NULL, NULL };
	petory_user *u = NULL;
	cr_assert_petory_ok(
		petory_user_update(&u, db, who, who->user_id, &patch));
	petory_user_free(u);
}

/* The statements one public list call runs, with `size` rows on its
 * page. */
static int list_statements(int64_t size)
{
	petory_page_req req = { 0, size };
	petory_album_page page;
	test_statements_start(db);
	cr_assert_petory_ok(petory_album_list_public(&page, db, &req));
	cr_assert_eq((int64_t)page.count, size);
	petory_album_page_dispose(&page);
	return test_statements_stop(db);
}

Test(albums, albums_carry_the_owners_current_nickname)
{
	petory_page_req req = { 0, 10 };
	petory_album_page page;
	petory_album *a = NULL, *got = NULL;
	int day, one, five;

	set_nickname(&alice, "앨리스");
	set_nickname(&bob, "bob");
	for (day = 0; day < 3; day++) {
		test_clock_now = TEST_EPOCH_MS + (petory_time_ms)day * DAYS(1);
		petory_album_free(make(&alice, "PUBLIC"));
		petory_album_free(make(&bob, "PUBLIC"));
	}
	test_clock_now = TEST_EPOCH_MS + DAYS(3);
	a = make(&alice, "PRIVATE");
	cr_assert_str_eq(a->owner_nickname, "앨리스", "create answers it");
	set_nickname(&alice, "alice2");

	/* the current nickname, on one album and in every list */
	cr_assert_petory_ok(petory_album_get(&got, db, &alice, a->id));
	cr_assert_str_eq(got->owner_nickname, "alice2");
	petory_album_free(got);
	petory_album_free(a);
	cr_assert_petory_ok(petory_album_list_public(&page, db, &req));
	cr_assert_eq(page.count, 6);
	for (day = 0; day < 6; day++)
		cr_assert_str_eq(page.items[day].owner_nickname,
			page.items[day].owner_id == alice.user_id ? "alice2"
								  : "bob");
	petory_album_page_dispose(&page);
	cr_assert_petory_ok(
		petory_album_list_user(&page, db, &alice, alice.user_id, &req));
	cr_assert_eq(page.count, 4);
	for (day = 0; day < 4; day++)
		cr_assert_str_eq(page.items[day].owner_nickname, "alice2");
	petory_album_page_dispose(&page);

	/* no query per row: a count and the page, whatever the page size */
	one = list_statements(1);
	five = list_statements(5);
	cr_assert_eq(one, five);
	cr_assert_leq(five, 2, "a count and the page, got %d", five);
}

Test(album_store, one_a_day_and_all_or_nothing)
{
	petory_store *st = petory_get_store(db);
	petory_album album = { 0 };
	petory_album_page page;
	const char *keys[2];
	char good[48];
	snprintf(good, sizeof(good), "%s", test_image_key(db, &alice, "album"));
	keys[0] = good;
	keys[1] = test_image_key(db, &alice, "pet");
	album.owner_id = alice.user_id;
	album.visibility = PETORY_ALBUM_PRIVATE;
	/* a key for another purpose does not attach: nothing is written */
	cr_assert_petory_fails(PETORY_ECONFLICT, NULL,
		st->albums->album_insert(st, &album, "2026-11-25", keys, 2, 5));
	cr_assert_petory_ok(
		st->albums->album_list(&page, st, alice.user_id, 1, 0, 10));
	cr_assert_eq(page.total, 0);
	petory_album_page_dispose(&page);
	cr_assert(file_private(good));

	cr_assert_petory_ok(
		st->albums->album_insert(st, &album, "2026-11-25", keys, 1, 5));
	cr_assert_petory_fails(PETORY_EEXISTS, NULL,
		st->albums->album_insert(st, &album, "2026-11-25", NULL, 0, 6));
	cr_assert_petory_ok(
		st->albums->album_insert(st, &album, "2026-11-26", NULL, 0, 7));
	album.owner_id = bob.user_id;
	album.visibility = PETORY_ALBUM_PUBLIC;
	cr_assert_petory_ok(
		st->albums->album_insert(st, &album, "2026-11-25", NULL, 0, 8));

	cr_assert_petory_ok(st->albums->album_list(&page, st, 0, 0, 0, 10));
	cr_assert_eq(page.total, 1);
	petory_album_page_dispose(&page);
	cr_assert_petory_ok(
		st->albums->album_list(&page, st, alice.user_id, 0, 0, 10));
	cr_assert_eq(page.total, 0);
	petory_album_page_dispose(&page);
	cr_assert_petory_ok(
		st->albums->album_list(&page, st, alice.user_id, 1, 0, 10));
	cr_assert_eq(page.total, 2);
	cr_assert_eq(page.items[0].image_count, 0, "newest first");
	cr_assert_eq(page.items[1].image_count, 1);
	cr_assert_str_eq(page.items[1].images[0].file_key, good);
	cr_assert_eq(page.items[1].images[0].is_private, 1);
	petory_album_page_dispose(&page);
}

Test(album_store, update_delete_and_image_delete)
{
	petory_store *st = petory_get_store(db);
	petory_album album = { 0 }, *got = NULL;
	petory_file_key *keys = NULL, one;
	size_t n = 0;
	int64_t album_id = 0;
	const char *k[2];
	char k0[48];
	snprintf(k0, sizeof(k0), "%s", test_image_key(db, &alice, "album"));
	k[0] = k0;
	k[1] = test_image_key(db, &alice, "album");
	album.owner_id = alice.user_id;
	album.content = "hello";
	cr_assert_petory_ok(
		st->albums->album_insert(st, &album, "2026-11-25", k, 1, 5));
	cr_assert_petory_ok(st->albums->album_add_images(
		st, album.id, alice.user_id, k + 1, 1, 6));
	cr_assert_petory_ok(st->albums->album_update(st, album.id, "", 1, 7));
	cr_assert_petory_ok(st->albums->album_get(&got, st, album.id));
	cr_assert_null(got->content);
	cr_assert_eq(got->visibility, PETORY_ALBUM_PRIVATE);
	cr_assert_eq(got->updated_at, 7);
	cr_assert_eq(got->image_count, 2);
	cr_assert(got->images[0].is_private && got->images[1].is_private);
	cr_assert_petory_ok(st->albums->album_image_album(
		&album_id, st, got->images[1].id));
	cr_assert_eq(album_id, album.id);
	cr_assert_petory_ok(
		st->albums->album_image_delete(&one, st, got->images[1].id));
	cr_assert_str_eq(one.key, k[1]);
	cr_assert_petory_fails(PETORY_ENOTFOUND, NULL,
		st->albums->album_image_album(
			&album_id, st, got->images[1].id));
	petory_album_free(got);
	cr_assert_petory_fails(PETORY_ENOTFOUND, NULL,
		st->albums->album_update(st, album.id + 9, NULL, 0, 8));

	cr_assert_petory_ok(st->albums->album_delete(&keys, &n, st, album.id));
	cr_assert_eq(n, 1);
	cr_assert_str_eq(keys[0].key, k0);
	free(keys);
	cr_assert_petory_fails(PETORY_ENOTFOUND, NULL,
		st->albums->album_get(&got, st, album.id));
	cr_assert_petory_fails(PETORY_ENOTFOUND, NULL,
		st->albums->album_delete(&keys, &n, st, album.id));
}
