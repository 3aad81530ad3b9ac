/* pets.c -- conformance of the pets table: pets and their images
 * (written with the attachment of their files, all or nothing), soft
 * deletion that turns the files private and restoration that turns them
 * public, image deletion, birthdays and D-day notes.  Facts only: an
 * absent pet or image is ENOTFOUND, a pet already so is ECONFLICT, a key
 * that does not attach is ECONFLICT, none with an API reason.
 */
#include <stdlib.h>
#include <string.h>

#include "file_fixtures.h"

static petory_pet new_pet(int64_t owner, const char *name)
{
	petory_pet p;
	memset(&p, 0, sizeof(p));
	p.owner_id = owner;
	p.name = (char *)name;
	p.species = "dog";
	p.size = PETORY_PET_MEDIUM;
	return p;
}

static int file_private(petory *db, const char *key)
{
	return fixture_file_rec(db, key).is_private;
}

Test(store_pets, insert_get_and_list)
{
	STORE_FOREACH(b, db, {
		int64_t alice = fixture_user(db, "alice", "Asia/Seoul");
		int64_t bob = fixture_user(db, "bob", "Asia/Seoul");
		petory_pet first = new_pet(alice, "first");
		petory_pet second = new_pet(alice, "second");
		petory_pet *got = NULL;
		petory_pet_page page;
		petory_file_key k[2];
		const char *keys[2];

		fixture_file(&k[0], db, alice, PETORY_FILE_PET,
			PETORY_FILE_UPLOADED);
		fixture_file(&k[1], db, alice, PETORY_FILE_PET,
			PETORY_FILE_UPLOADED);
		keys[0] = k[0].key;
		keys[1] = k[1].key;
		first.gender = "female";
		first.birthday = "2020-02-29";
		cr_assert_petory_ok(
			petory__store_pet_insert(db, &first, keys, 2, 5));
		cr_assert_gt(first.id, 0);
		cr_assert_eq(first.created_at, 5);
		cr_assert_eq(first.updated_at, 5);
		cr_assert_petory_ok(
			petory__store_pet_insert(db, &second, NULL, 0, 6));

		cr_assert_petory_ok(petory__store_pet_get(&got, db, first.id));
		cr_assert_eq(got->owner_id, alice);
		cr_assert_str_eq(got->name, "first");
		cr_assert_str_eq(got->species, "dog");
		cr_assert_eq(got->size, PETORY_PET_MEDIUM);
		cr_assert_str_eq(got->gender, "female");
		cr_assert_str_eq(got->birthday, "2020-02-29");
		cr_assert_eq(got->deleted_at, 0);
		cr_assert_eq(got->image_count, 2);
		cr_assert_str_eq(got->images[0].file_key, k[0].key);
		cr_assert_str_eq(got->images[1].file_key, k[1].key);
		cr_assert_eq(got->images[0].is_private, 0);
		cr_assert_eq(got->images[0].created_at, 5);
		cr_assert_null(got->images[0].url, "URLs are the domain's");
		petory_pet_free(got);
		cr_assert_petory_ok(petory__store_pet_get(&got, db, second.id));
		cr_assert_null(got->gender);
		cr_assert_null(got->birthday);
		cr_assert_eq(got->image_count, 0);
		petory_pet_free(got);
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_pet_get(&got, db, second.id + 100));
		cr_assert_null(got);

		cr_assert_petory_ok(
			petory__store_pet_list(&page, db, alice, 0, 10));
		cr_assert_eq(page.total, 2);
		cr_assert_eq(page.count, 2);
		cr_assert_eq(page.items[0].id, second.id, "newest first");
		cr_assert_eq(page.items[0].image_count, 0);
		cr_assert_eq(page.items[1].image_count, 1, "the first image");
		cr_assert_str_eq(page.items[1].images[0].file_key, k[0].key);
		petory_pet_page_dispose(&page);
		cr_assert_petory_ok(
			petory__store_pet_list(&page, db, alice, 1, 10));
		cr_assert_eq(page.total, 2);
		cr_assert_eq(page.count, 1, "from the offset");
		cr_assert_eq(page.items[0].id, first.id);
		petory_pet_page_dispose(&page);
		cr_assert_petory_ok(
			petory__store_pet_list(&page, db, bob, 0, 10));
		cr_assert_eq(page.total, 0);
		cr_assert_eq(page.count, 0);
		petory_pet_page_dispose(&page);
	});
}

Test(store_pets, update_applies_the_patch_and_attaches_all_or_nothing)
{
	STORE_FOREACH(b, db, {
		int64_t alice = fixture_user(db, "alice", "Asia/Seoul");
		int64_t bob = fixture_user(db, "bob", "Asia/Seoul");
		petory_pet pet = new_pet(alice, "Choco");
		petory_pet_patch keep = { NULL, -1, NULL, NULL, NULL };
		petory_pet_patch change = { "Coco", PETORY_PET_LARGE, "cat", "",
			"" };
		petory_pet *got = NULL;
		petory_file_key mine, bobs;
		const char *keys[2];
		char *before, *after;

		pet.gender = "male";
		pet.birthday = "2021-05-05";
		cr_assert_petory_ok(
			petory__store_pet_insert(db, &pet, NULL, 0, 5));
		cr_assert_petory_ok(petory__store_pet_update(
			db, pet.id, alice, &keep, NULL, 0, 6));
		cr_assert_petory_ok(petory__store_pet_get(&got, db, pet.id));
		cr_assert_str_eq(got->name, "Choco");
		cr_assert_eq(got->size, PETORY_PET_MEDIUM);
		cr_assert_str_eq(got->gender, "male");
		cr_assert_str_eq(got->birthday, "2021-05-05");
		cr_assert_eq(got->updated_at, 6);
		petory_pet_free(got);

		fixture_file(&mine, db, alice, PETORY_FILE_PET,
			PETORY_FILE_UPLOADED);
		fixture_file(
			&bobs, db, bob, PETORY_FILE_PET, PETORY_FILE_UPLOADED);
		keys[0] = mine.key;
		keys[1] = bobs.key;
		before = b->snapshot(db);
		assert_store_fact(
			PETORY_ECONFLICT, petory__store_pet_update(db, pet.id,
						  alice, &change, keys, 2, 7));
		after = b->snapshot(db);
		store_assert_unchanged(before, after, "a refused update");
		free(before);
		free(after);

		cr_assert_petory_ok(petory__store_pet_update(
			db, pet.id, alice, &change, keys, 1, 8));
		cr_assert_petory_ok(petory__store_pet_get(&got, db, pet.id));
		cr_assert_str_eq(got->name, "Coco");
		cr_assert_eq(got->size, PETORY_PET_LARGE);
		cr_assert_str_eq(got->species, "cat");
		cr_assert_null(got->gender, "\"\" clears");
		cr_assert_null(got->birthday, "\"\" clears");
		cr_assert_eq(got->updated_at, 8);
		cr_assert_eq(got->image_count, 1);
		cr_assert_str_eq(got->images[0].file_key, mine.key);
		petory_pet_free(got);

		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_pet_update(
				db, pet.id + 100, alice, &keep, NULL, 0, 9));
		cr_assert_petory_ok(
			petory__store_pet_set_deleted(db, pet.id, 1, 10));
		assert_store_fact(
			PETORY_ENOTFOUND, petory__store_pet_update(db, pet.id,
						  alice, &keep, NULL, 0, 11));
	});
}

Test(store_pets, deletion_turns_the_files_private_and_restoration_public)
{
	STORE_FOREACH(b, db, {
		int64_t alice = fixture_user(db, "alice", "Asia/Seoul");
		petory_pet pet = new_pet(alice, "Choco");
		petory_pet *got = NULL;
		petory_pet_page page;
		petory_file_key k;
		const char *key;
		char *before, *after;

		fixture_file(
			&k, db, alice, PETORY_FILE_PET, PETORY_FILE_UPLOADED);
		key = k.key;
		cr_assert_petory_ok(
			petory__store_pet_insert(db, &pet, &key, 1, 5));
		cr_assert_not(file_private(db, key));

		cr_assert_petory_ok(
			petory__store_pet_set_deleted(db, pet.id, 1, 6));
		cr_assert(file_private(db, key));
		cr_assert_petory_ok(petory__store_pet_get(&got, db, pet.id));
		cr_assert_eq(got->deleted_at, 6, "a deleted pet still reads");
		cr_assert_eq(got->images[0].is_private, 1);
		petory_pet_free(got);
		cr_assert_petory_ok(
			petory__store_pet_list(&page, db, alice, 0, 10));
		cr_assert_eq(page.total, 0, "but is not listed");
		petory_pet_page_dispose(&page);

		before = b->snapshot(db);
		assert_store_fact(PETORY_ECONFLICT,
			petory__store_pet_set_deleted(db, pet.id, 1, 7));
		after = b->snapshot(db);
		store_assert_unchanged(before, after, "a second deletion");
		free(before);
		free(after);

		cr_assert_petory_ok(
			petory__store_pet_set_deleted(db, pet.id, 0, 8));
		cr_assert_not(file_private(db, key));
		cr_assert_petory_ok(petory__store_pet_get(&got, db, pet.id));
		cr_assert_eq(got->deleted_at, 0);
		cr_assert_eq(got->updated_at, 8);
		petory_pet_free(got);
		assert_store_fact(PETORY_ECONFLICT,
			petory__store_pet_set_deleted(db, pet.id, 0, 9));
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_pet_set_deleted(db, pet.id + 100, 1, 9));
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_pet_set_deleted(db, pet.id + 100, 0, 9));
	});
}

Test(store_pets, an_image_goes_with_its_file_record)
{
	STORE_FOREACH(b, db, {
		int64_t alice = fixture_user(db, "alice", "Asia/Seoul");
		petory_pet pet = new_pet(alice, "Choco");
		petory_pet *got = NULL;
		petory_file_key k[2], removed;
		const char *keys[2];
		int64_t image_id, pet_id = 0;

		fixture_file(&k[0], db, alice, PETORY_FILE_PET,
			PETORY_FILE_UPLOADED);
		fixture_file(&k[1], db, alice, PETORY_FILE_PET,
			PETORY_FILE_UPLOADED);
		keys[0] = k[0].key;
		keys[1] = k[1].key;
		cr_assert_petory_ok(
			petory__store_pet_insert(db, &pet, keys, 2, 5));
		cr_assert_petory_ok(petory__store_pet_get(&got, db, pet.id));
		image_id = got->images[1].id;
		petory_pet_free(got);

		cr_assert_petory_ok(
			petory__store_pet_image_pet(&pet_id, db, image_id));
		cr_assert_eq(pet_id, pet.id);
		cr_assert_petory_ok(
			petory__store_pet_image_delete(&removed, db, image_id));
		cr_assert_str_eq(removed.key, k[1].key);
		cr_assert_not(fixture_file_exists(db, k[1].key));
		cr_assert(fixture_file_exists(db, k[0].key));
		cr_assert_petory_ok(petory__store_pet_get(&got, db, pet.id));
		cr_assert_eq(got->image_count, 1);
		petory_pet_free(got);

		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_pet_image_pet(&pet_id, db, image_id));
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_pet_image_delete(&removed, db, image_id));
	});
}

Test(store_pets, birthdays_of_live_pets_of_active_owners)
{
	STORE_FOREACH(b, db, {
		int64_t alice = fixture_user(db, "alice", "Asia/Seoul");
		int64_t bob = fixture_user(db, "bob", "America/New_York");
		int64_t gone = fixture_user(db, "gone", "Asia/Seoul");
		petory_pet today = new_pet(alice, "today");
		petory_pet leap = new_pet(bob, "leap");
		petory_pet other = new_pet(alice, "other");
		petory_pet deleted = new_pet(alice, "deleted");
		petory_pet suspended = new_pet(gone, "suspended");
		petory_pet nobirthday = new_pet(alice, "none");
		const char *days[] = { "11-25", "02-29" };
		petory_pet_birthday *rows = NULL;
		size_t n = 99;

		today.birthday = "2019-11-25";
		leap.birthday = "2020-02-29";
		other.birthday = "2019-11-26";
		deleted.birthday = "2018-11-25";
		suspended.birthday = "2017-11-25";
		cr_assert_petory_ok(
			petory__store_pet_insert(db, &today, NULL, 0, 1));
		cr_assert_petory_ok(
			petory__store_pet_insert(db, &leap, NULL, 0, 1));
		cr_assert_petory_ok(
			petory__store_pet_insert(db, &other, NULL, 0, 1));
		cr_assert_petory_ok(
			petory__store_pet_insert(db, &deleted, NULL, 0, 1));
		cr_assert_petory_ok(
			petory__store_pet_insert(db, &suspended, NULL, 0, 1));
		cr_assert_petory_ok(
			petory__store_pet_insert(db, &nobirthday, NULL, 0, 1));
		cr_assert_petory_ok(
			petory__store_pet_set_deleted(db, deleted.id, 1, 2));
		cr_assert_petory_ok(petory__store_user_set_status(db, gone,
			1u << PETORY_USER_ACTIVE, PETORY_USER_SUSPENDED, 0, 3));

		cr_assert_petory_ok(
			petory__store_pet_birthdays(&rows, &n, db, days, 2));
		cr_assert_eq(n, 2);
		cr_assert_eq(rows[0].pet_id, today.id, "by pet id");
		cr_assert_eq(rows[0].owner_id, alice);
		cr_assert_str_eq(rows[0].name, "today");
		cr_assert_str_eq(rows[0].birthday, "2019-11-25");
		cr_assert_str_eq(rows[0].timezone, "Asia/Seoul");
		cr_assert_eq(rows[1].pet_id, leap.id);
		cr_assert_str_eq(rows[1].timezone, "America/New_York");
		petory__pet_birthdays_free(rows, n);

		cr_assert_petory_ok(
			petory__store_pet_birthdays(&rows, &n, db, days, 1));
		cr_assert_eq(n, 1);
		petory__pet_birthdays_free(rows, n);
		cr_assert_petory_fails(PETORY_EINVALID, NULL,
			petory__store_pet_birthdays(&rows, &n, db, days, 0));
	});
}

Test(store_pets, a_dday_is_noted_once)
{
	STORE_FOREACH(b, db, {
		int64_t alice = fixture_user(db, "alice", "Asia/Seoul");
		petory_pet pet = new_pet(alice, "Choco");
		petory_notification n;
		petory_notification_page page;
		char *before, *after;
		int created = -1;

		cr_assert_petory_ok(
			petory__store_pet_insert(db, &pet, NULL, 0, 1));
		memset(&n, 0, sizeof(n));
		n.user_id = alice;
		n.type = PETORY_NOTIFICATION_PET_DDAY;
		n.content = "Choco's birthday";
		n.link = "/pets/1";
		n.created_at = 5;
		cr_assert_petory_ok(petory__store_pet_dday_record(
			&created, db, pet.id, "2026-11-25", &n));
		cr_assert_eq(created, 1);
		cr_assert_gt(n.id, 0);

		before = b->snapshot(db);
		n.id = 0;
		cr_assert_petory_ok(petory__store_pet_dday_record(
			&created, db, pet.id, "2026-11-25", &n));
		cr_assert_eq(created, 0);
		after = b->snapshot(db);
		store_assert_unchanged(before, after, "a second D-day note");
		free(before);
		free(after);

		cr_assert_petory_ok(petory__store_pet_dday_record(
			&created, db, pet.id, "2027-11-25", &n));
		cr_assert_eq(created, 1);
		cr_assert_petory_ok(petory__store_notification_list(
			&page, db, alice, 0, 0, 10));
		cr_assert_eq(page.total, 2);
		cr_assert_str_eq(page.items[0].content, "Choco's birthday");
		petory_notification_page_dispose(&page);
	});
}

/* ---- faults ---- */

typedef struct pet_write {
	int64_t owner;
	int64_t pet_id;
	int64_t image_id;
	const char *keys[2];
	size_t count;
	int deleted;
	const char *day;
} pet_write;

static int insert_pet(petory *db, void *payload)
{
	pet_write *w = payload;
	petory_pet pet = new_pet(w->owner, "Swept");
	int error = petory__store_pet_insert(db, &pet, w->keys, w->count, 5);
	w->pet_id = pet.id;
	return error;
}

static int update_pet(petory *db, void *payload)
{
	pet_write *w = payload;
	petory_pet_patch patch = { "Renamed", PETORY_PET_LARGE, NULL, "", "" };
	return petory__store_pet_update(
		db, w->pet_id, w->owner, &patch, w->keys, w->count, 6);
}

static int set_deleted(petory *db, void *payload)
{
	pet_write *w = payload;
	return petory__store_pet_set_deleted(db, w->pet_id, w->deleted, 7);
}

static int delete_image(petory *db, void *payload)
{
	pet_write *w = payload;
	petory_file_key key;
	return petory__store_pet_image_delete(&key, db, w->image_id);
}

static int note_dday(petory *db, void *payload)
{
	pet_write *w = payload;
	petory_notification n;
	int created;
	memset(&n, 0, sizeof(n));
	n.user_id = w->owner;
	n.type = PETORY_NOTIFICATION_PET_DDAY;
	n.content = "a D-day";
	n.created_at = 8;
	return petory__store_pet_dday_record(
		&created, db, w->pet_id, w->day, &n);
}

static void two_keys(pet_write *w, petory_file_key *k, petory *db)
{
	fixture_file(
		&k[0], db, w->owner, PETORY_FILE_PET, PETORY_FILE_UPLOADED);
	fixture_file(
		&k[1], db, w->owner, PETORY_FILE_PET, PETORY_FILE_UPLOADED);
	w->keys[0] = k[0].key;
	w->keys[1] = k[1].key;
	w->count = 2;
}

Test(store_pets, a_failed_write_writes_nothing)
{
	STORE_FOREACH(b, db, {
		pet_write w;
		petory_file_key first[2], more[2];
		petory_pet *got = NULL;

		memset(&w, 0, sizeof(w));
		w.owner = fixture_user(db, "alice", "Asia/Seoul");
		two_keys(&w, first, db);
		cr_assert_geq(store_fault_sweep(b, db, "pet_insert with images",
				      insert_pet, &w),
			3);
		two_keys(&w, more, db);
		cr_assert_geq(store_fault_sweep(b, db, "pet_update with images",
				      update_pet, &w),
			3);
		w.deleted = 1;
		store_fault_sweep(b, db, "pet_set_deleted", set_deleted, &w);
		cr_assert(fixture_file_rec(db, first[0].key).is_private);
		w.deleted = 0;
		store_fault_sweep(
			b, db, "pet_set_deleted (restore)", set_deleted, &w);
		cr_assert_not(fixture_file_rec(db, more[1].key).is_private);

		cr_assert_petory_ok(petory__store_pet_get(&got, db, w.pet_id));
		cr_assert_eq(got->image_count, 4);
		w.image_id = got->images[3].id;
		petory_pet_free(got);
		store_fault_sweep(b, db, "pet_image_delete", delete_image, &w);
		cr_assert_not(fixture_file_exists(db, more[1].key));

		w.day = "2026-11-25";
		store_fault_sweep(b, db, "pet_dday_record", note_dday, &w);
	});
}
