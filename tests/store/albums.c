/* albums.c -- conformance of the albums table: one album per owner and
 * local date (EEXISTS, exact under a race), albums written with the
 * attachment of their files (all or nothing), files whose private flag
 * follows their album's visibility, public and per-owner lists, and
 * deletions that hand back the keys whose bytes are to go.  Facts only,
 * none with an API reason.
 */
#include <stdlib.h>
#include <string.h>

#include "file_fixtures.h"

static petory_album new_album(
	int64_t owner, petory_album_visibility visibility, const char *content)
{
	petory_album a;
	memset(&a, 0, sizeof(a));
	a.owner_id = owner;
	a.visibility = visibility;
	a.content = (char *)content;
	return a;
}

static int file_private(petory *db, const char *key)
{
	return fixture_file_rec(db, key).is_private;
}

Test(store_albums, insert_get_and_the_lists)
{
	STORE_FOREACH(b, db, {
		int64_t alice = fixture_user(db, "alice", "Asia/Seoul");
		int64_t bob = fixture_user(db, "bob", "Asia/Seoul");
		petory_album open = new_album(alice, PETORY_ALBUM_PUBLIC, "hi");
		petory_album hidden =
			new_album(alice, PETORY_ALBUM_PRIVATE, NULL);
		petory_album bobs = new_album(bob, PETORY_ALBUM_PUBLIC, NULL);
		petory_album *got = NULL;
		petory_album_page page;
		petory_file_key k[3];
		const char *keys[3];
		int i;

		for (i = 0; i < 3; i++) {
			fixture_file(&k[i], db, alice, PETORY_FILE_ALBUM,
				PETORY_FILE_UPLOADED);
			keys[i] = k[i].key;
		}
		cr_assert_petory_ok(petory__store_album_insert(
			db, &open, "2026-11-24", keys, 2, 5));
		cr_assert_gt(open.id, 0);
		cr_assert_eq(open.created_at, 5);
		cr_assert_eq(open.updated_at, 5);
		cr_assert_petory_ok(petory__store_album_insert(
			db, &hidden, "2026-11-25", keys + 2, 1, 6));
		cr_assert_petory_ok(petory__store_album_insert(
			db, &bobs, "2026-11-25", NULL, 0, 7));

		cr_assert_petory_ok(petory__store_album_get(&got, db, open.id));
		cr_assert_eq(got->owner_id, alice);
		cr_assert_str_eq(got->content, "hi");
		cr_assert_eq(got->visibility, PETORY_ALBUM_PUBLIC);
		cr_assert_str_eq(got->owner_nickname, "alice");
		cr_assert_eq(got->image_count, 2);
		cr_assert_str_eq(got->images[0].file_key, keys[0]);
		cr_assert_str_eq(got->images[1].file_key, keys[1]);
		cr_assert_eq(got->images[0].is_private, 0);
		petory_album_free(got);
		cr_assert_petory_ok(
			petory__store_album_get(&got, db, hidden.id));
		cr_assert_null(got->content);
		cr_assert_eq(got->images[0].is_private, 1,
			"a private album's files are private");
		petory_album_free(got);
		cr_assert(file_private(db, keys[2]));
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_album_get(&got, db, bobs.id + 100));

		/* every public album, newest first, with its first image */
		cr_assert_petory_ok(
			petory__store_album_list(&page, db, 0, 0, 0, 10));
		cr_assert_eq(page.total, 2);
		cr_assert_eq(page.items[0].id, bobs.id);
		cr_assert_eq(page.items[1].id, open.id);
		cr_assert_eq(page.items[1].image_count, 1);
		cr_assert_str_eq(page.items[1].images[0].file_key, keys[0]);
		petory_album_page_dispose(&page);
		/* one owner's: private ones only when asked */
		cr_assert_petory_ok(
			petory__store_album_list(&page, db, alice, 0, 0, 10));
		cr_assert_eq(page.total, 1);
		cr_assert_eq(page.items[0].id, open.id);
		petory_album_page_dispose(&page);
		cr_assert_petory_ok(
			petory__store_album_list(&page, db, alice, 1, 0, 10));
		cr_assert_eq(page.total, 2);
		cr_assert_eq(page.items[0].id, hidden.id);
		petory_album_page_dispose(&page);
		cr_assert_petory_ok(
			petory__store_album_list(&page, db, alice, 1, 1, 1));
		cr_assert_eq(page.total, 2);
		cr_assert_eq(page.count, 1);
		cr_assert_eq(page.items[0].id, open.id);
		petory_album_page_dispose(&page);
	});
}

Test(store_albums, one_album_per_owner_and_date)
{
	STORE_FOREACH(b, db, {
		int64_t alice = fixture_user(db, "alice", "Asia/Seoul");
		int64_t bob = fixture_user(db, "bob", "Asia/Seoul");
		petory_album a = new_album(alice, PETORY_ALBUM_PUBLIC, NULL);
		petory_file_key k;
		const char *key;
		char *before, *after;

		fixture_file(
			&k, db, alice, PETORY_FILE_ALBUM, PETORY_FILE_UPLOADED);
		key = k.key;
		cr_assert_petory_ok(petory__store_album_insert(
			db, &a, "2026-11-25", NULL, 0, 5));
		before = b->snapshot(db);
		assert_store_fact(
			PETORY_EEXISTS, petory__store_album_insert(db, &a,
						"2026-11-25", &key, 1, 6));
		after = b->snapshot(db);
		store_assert_unchanged(before, after, "a second album a day");
		free(before);
		free(after);
		cr_assert_eq(
			fixture_file_rec(db, key).state, PETORY_FILE_UPLOADED);

		cr_assert_petory_ok(petory__store_album_insert(
			db, &a, "2026-11-26", &key, 1, 7));
		a = new_album(bob, PETORY_ALBUM_PUBLIC, NULL);
		cr_assert_petory_ok(petory__store_album_insert(
			db, &a, "2026-11-25", NULL, 0, 8));
	});
}

#define RACERS 8

typedef struct day_race {
	petory *db;
	int64_t owner;
	petory_file_key keys[RACERS];
	int rc[RACERS];
	int64_t ids[RACERS];
} day_race;

static void save_today(void *payload, int i)
{
	day_race *r = payload;
	petory_album a = new_album(r->owner, PETORY_ALBUM_PRIVATE, NULL);
	const char *key = r->keys[i].key;
	r->rc[i] = petory__store_album_insert(
		r->db, &a, "2026-11-25", &key, 1, 10 + i);
	r->ids[i] = a.id;
}

Test(store_albums, racing_for_one_day_one_album_wins)
{
	STORE_FOREACH(b, db, {
		day_race r;
		petory_album_page page;
		int i, winner = -1;

		memset(&r, 0, sizeof(r));
		r.db = db;
		r.owner = fixture_user(db, "alice", "Asia/Seoul");
		for (i = 0; i < RACERS; i++)
			fixture_file(&r.keys[i], db, r.owner, PETORY_FILE_ALBUM,
				PETORY_FILE_UPLOADED);
		store_race(RACERS, save_today, &r);
		for (i = 0; i < RACERS; i++) {
			if (r.rc[i] == 0) {
				cr_assert_eq(winner, -1, "[%s] two winners",
					b->name);
				winner = i;
				continue;
			}
			cr_assert_eq(r.rc[i], PETORY_EEXISTS, "[%s] racer %d",
				b->name, i);
		}
		cr_assert_neq(winner, -1, "[%s] no winner", b->name);
		cr_assert_petory_ok(
			petory__store_album_list(&page, db, r.owner, 1, 0, 10));
		cr_assert_eq(page.total, 1);
		cr_assert_eq(page.items[0].id, r.ids[winner]);
		petory_album_page_dispose(&page);
		/* the losers attached nothing */
		for (i = 0; i < RACERS; i++)
			cr_assert_eq(fixture_file_rec(db, r.keys[i].key).state,
				i == winner ? PETORY_FILE_ATTACHED
					    : PETORY_FILE_UPLOADED);
	});
}

Test(store_albums, update_and_the_privacy_of_the_files)
{
	STORE_FOREACH(b, db, {
		int64_t alice = fixture_user(db, "alice", "Asia/Seoul");
		petory_album a = new_album(alice, PETORY_ALBUM_PUBLIC, "hi");
		petory_album *got = NULL;
		petory_file_key k;
		const char *key;

		fixture_file(
			&k, db, alice, PETORY_FILE_ALBUM, PETORY_FILE_UPLOADED);
		key = k.key;
		cr_assert_petory_ok(petory__store_album_insert(
			db, &a, "2026-11-25", &key, 1, 5));
		cr_assert_not(file_private(db, key));

		cr_assert_petory_ok(
			petory__store_album_update(db, a.id, NULL, -1, 6));
		cr_assert_petory_ok(petory__store_album_get(&got, db, a.id));
		cr_assert_str_eq(got->content, "hi", "NULL keeps");
		cr_assert_eq(got->visibility, PETORY_ALBUM_PUBLIC);
		cr_assert_eq(got->updated_at, 6);
		petory_album_free(got);

		cr_assert_petory_ok(petory__store_album_update(
			db, a.id, "", PETORY_ALBUM_PRIVATE, 7));
		cr_assert_petory_ok(petory__store_album_get(&got, db, a.id));
		cr_assert_null(got->content, "\"\" clears");
		cr_assert_eq(got->visibility, PETORY_ALBUM_PRIVATE);
		cr_assert_eq(got->images[0].is_private, 1);
		petory_album_free(got);
		cr_assert(file_private(db, key));

		cr_assert_petory_ok(petory__store_album_update(
			db, a.id, "back", PETORY_ALBUM_PUBLIC, 8));
		cr_assert_not(file_private(db, key));
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_album_update(db, a.id + 100, "x", 0, 9));
	});
}

Test(store_albums, images_join_with_the_album_s_privacy_all_or_nothing)
{
	STORE_FOREACH(b, db, {
		int64_t alice = fixture_user(db, "alice", "Asia/Seoul");
		petory_album a = new_album(alice, PETORY_ALBUM_PRIVATE, NULL);
		petory_album *got = NULL;
		petory_file_key k[3];
		const char *keys[2];
		char *before, *after;

		fixture_file(&k[0], db, alice, PETORY_FILE_ALBUM,
			PETORY_FILE_UPLOADED);
		fixture_file(&k[1], db, alice, PETORY_FILE_ALBUM,
			PETORY_FILE_PENDING);
		fixture_file(&k[2], db, alice, PETORY_FILE_PET,
			PETORY_FILE_UPLOADED);
		cr_assert_petory_ok(petory__store_album_insert(
			db, &a, "2026-11-25", NULL, 0, 5));

		keys[0] = k[0].key;
		keys[1] = k[1].key;
		before = b->snapshot(db);
		assert_store_fact(
			PETORY_ECONFLICT, petory__store_album_add_images(
						  db, a.id, alice, keys, 2, 6));
		keys[1] = k[2].key;
		assert_store_fact(
			PETORY_ECONFLICT, petory__store_album_add_images(
						  db, a.id, alice, keys, 2, 6));
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_album_add_images(
				db, a.id + 100, alice, keys, 1, 6));
		after = b->snapshot(db);
		store_assert_unchanged(before, after, "refused images");
		free(before);
		free(after);

		cr_assert_petory_ok(petory__store_album_add_images(
			db, a.id, alice, keys, 1, 7));
		cr_assert_petory_ok(petory__store_album_get(&got, db, a.id));
		cr_assert_eq(got->image_count, 1);
		cr_assert_eq(got->images[0].created_at, 7);
		cr_assert_eq(got->images[0].is_private, 1);
		petory_album_free(got);
		cr_assert_eq(fixture_file_rec(db, keys[0]).state,
			PETORY_FILE_ATTACHED);
	});
}

Test(store_albums, deletions_hand_back_the_keys)
{
	STORE_FOREACH(b, db, {
		int64_t alice = fixture_user(db, "alice", "Asia/Seoul");
		petory_album a = new_album(alice, PETORY_ALBUM_PUBLIC, NULL);
		petory_album *got = NULL;
		petory_file_key k[3], one, *gone = NULL;
		const char *keys[3];
		int64_t image_id, album_id = 0;
		size_t n = 99;
		int i;

		for (i = 0; i < 3; i++) {
			fixture_file(&k[i], db, alice, PETORY_FILE_ALBUM,
				PETORY_FILE_UPLOADED);
			keys[i] = k[i].key;
		}
		cr_assert_petory_ok(petory__store_album_insert(
			db, &a, "2026-11-25", keys, 3, 5));
		cr_assert_petory_ok(petory__store_album_get(&got, db, a.id));
		image_id = got->images[1].id;
		petory_album_free(got);

		cr_assert_petory_ok(petory__store_album_image_album(
			&album_id, db, image_id));
		cr_assert_eq(album_id, a.id);
		cr_assert_petory_ok(
			petory__store_album_image_delete(&one, db, image_id));
		cr_assert_str_eq(one.key, keys[1]);
		cr_assert_not(fixture_file_exists(db, keys[1]));
		assert_store_fact(
			PETORY_ENOTFOUND, petory__store_album_image_album(
						  &album_id, db, image_id));
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_album_image_delete(&one, db, image_id));

		cr_assert_petory_ok(
			petory__store_album_delete(&gone, &n, db, a.id));
		cr_assert_eq(n, 2);
		cr_assert(strcmp(gone[0].key, keys[0]) == 0 ||
			  strcmp(gone[1].key, keys[0]) == 0);
		cr_assert(strcmp(gone[0].key, keys[2]) == 0 ||
			  strcmp(gone[1].key, keys[2]) == 0);
		free(gone);
		cr_assert_not(fixture_file_exists(db, keys[0]));
		cr_assert_not(fixture_file_exists(db, keys[2]));
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_album_get(&got, db, a.id));
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_album_delete(&gone, &n, db, a.id));
		cr_assert_null(gone);
		cr_assert_eq(n, 0);
	});
}

/* ---- faults ---- */

typedef struct album_write {
	int64_t owner;
	int64_t album_id;
	int64_t image_id;
	const char *keys[2];
	size_t count;
	int visibility;
	const char *day;
} album_write;

static int insert_album(petory *db, void *payload)
{
	album_write *w = payload;
	petory_album a = new_album(w->owner, PETORY_ALBUM_PUBLIC, "swept");
	int error = petory__store_album_insert(
		db, &a, w->day, w->keys, w->count, 5);
	w->album_id = a.id;
	return error;
}

static int update_album(petory *db, void *payload)
{
	album_write *w = payload;
	return petory__store_album_update(
		db, w->album_id, "changed", w->visibility, 6);
}

static int add_images(petory *db, void *payload)
{
	album_write *w = payload;
	return petory__store_album_add_images(
		db, w->album_id, w->owner, w->keys, w->count, 7);
}

static int delete_image(petory *db, void *payload)
{
	album_write *w = payload;
	petory_file_key key;
	return petory__store_album_image_delete(&key, db, w->image_id);
}

static int delete_album(petory *db, void *payload)
{
	album_write *w = payload;
	petory_file_key *keys = NULL;
	size_t n = 0;
	int error = petory__store_album_delete(&keys, &n, db, w->album_id);
	free(keys);
	return error;
}

static void two_keys(album_write *w, petory_file_key *k, petory *db)
{
	fixture_file(
		&k[0], db, w->owner, PETORY_FILE_ALBUM, PETORY_FILE_UPLOADED);
	fixture_file(
		&k[1], db, w->owner, PETORY_FILE_ALBUM, PETORY_FILE_UPLOADED);
	w->keys[0] = k[0].key;
	w->keys[1] = k[1].key;
	w->count = 2;
}

Test(store_albums, a_failed_write_writes_nothing)
{
	STORE_FOREACH(b, db, {
		album_write w;
		petory_file_key first[2], more[2];
		petory_album *got = NULL;

		memset(&w, 0, sizeof(w));
		w.owner = fixture_user(db, "alice", "Asia/Seoul");
		w.day = "2026-11-25";
		two_keys(&w, first, db);
		cr_assert_geq(
			store_fault_sweep(b, db, "album_insert with images",
				insert_album, &w),
			3);
		w.visibility = PETORY_ALBUM_PRIVATE;
		cr_assert_geq(store_fault_sweep(b, db,
				      "album_update of the visibility",
				      update_album, &w),
			2);
		cr_assert(fixture_file_rec(db, first[1].key).is_private);
		two_keys(&w, more, db);
		cr_assert_geq(store_fault_sweep(b, db, "album_add_images",
				      add_images, &w),
			3);
		cr_assert(fixture_file_rec(db, more[0].key).is_private);

		cr_assert_petory_ok(
			petory__store_album_get(&got, db, w.album_id));
		cr_assert_eq(got->image_count, 4);
		w.image_id = got->images[0].id;
		petory_album_free(got);
		store_fault_sweep(
			b, db, "album_image_delete", delete_image, &w);
		cr_assert_not(fixture_file_exists(db, first[0].key));
		cr_assert_geq(store_fault_sweep(
				      b, db, "album_delete", delete_album, &w),
			2);
		cr_assert_not(fixture_file_exists(db, more[1].key));
	});
}
