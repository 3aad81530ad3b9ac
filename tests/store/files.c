/* files.c -- conformance of the files table: file records, the moves
 * between their states, the stale ones and their clean-up; and the
 * attachment that every resource's write runs, a compare-and-set (the
 * owner's file, for the purpose, UPLOADED -> ATTACHED) that reports a
 * plain ECONFLICT and writes nothing when it does not hold, including
 * when two resources race for one key.
 */
#include <stdlib.h>
#include <string.h>

#include "file_fixtures.h"

static petory_file_rec new_rec(const char *key, int64_t owner)
{
	petory_file_rec r;
	memset(&r, 0, sizeof(r));
	snprintf(r.key, sizeof(r.key), "%s", key);
	r.owner_id = owner;
	r.purpose = PETORY_FILE_CHAT;
	snprintf(r.content_type, sizeof(r.content_type), "image/gif");
	r.declared_size = 42;
	r.stored_size = -1;
	r.chat_room_id = 7;
	r.created_at = 1000;
	r.upload_expires_at = 2000;
	return r;
}

Test(store_files, insert_and_get_report_taken_and_absent_keys)
{
	STORE_FOREACH(b, db, {
		int64_t alice = fixture_user(db, "alice", "Asia/Seoul");
		petory_file_rec r = new_rec("aa11", alice), got;
		char *before, *after;

		cr_assert_petory_ok(
			petory__store_file_insert(db, &r, "cat.gif"));
		got = fixture_file_rec(db, "aa11");
		cr_assert_str_eq(got.key, "aa11");
		cr_assert_eq(got.owner_id, alice);
		cr_assert_eq(got.purpose, PETORY_FILE_CHAT);
		cr_assert_str_eq(got.content_type, "image/gif");
		cr_assert_eq(got.declared_size, 42);
		cr_assert_eq(got.stored_size, -1);
		cr_assert_eq(got.state, PETORY_FILE_PENDING);
		cr_assert_eq(got.is_private, 1, "a new file is private");
		cr_assert_eq(got.chat_room_id, 7);
		cr_assert_eq(got.created_at, 1000);
		cr_assert_eq(got.upload_expires_at, 2000);
		cr_assert_eq(got.uploaded_at, 0);
		cr_assert_eq(got.attached_at, 0);

		before = b->snapshot(db);
		assert_store_fact(PETORY_EEXISTS,
			petory__store_file_insert(db, &r, "again.gif"));
		after = b->snapshot(db);
		store_assert_unchanged(before, after, "a taken key");
		free(before);
		free(after);

		r = new_rec("bb22", alice);
		r.purpose = PETORY_FILE_PET;
		r.chat_room_id = 0;
		cr_assert_petory_ok(petory__store_file_insert(db, &r, NULL));
		got = fixture_file_rec(db, "bb22");
		cr_assert_eq(got.chat_room_id, 0);
		cr_assert_eq(got.purpose, PETORY_FILE_PET);

		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_file_get(&got, db, "cc33"));
	});
}

Test(store_files, set_state_is_a_compare_and_set)
{
	STORE_FOREACH(b, db, {
		int64_t alice = fixture_user(db, "alice", "Asia/Seoul");
		petory_file_key k;
		petory_file_rec got;
		char *before, *after;

		fixture_file(
			&k, db, alice, PETORY_FILE_PET, PETORY_FILE_PENDING);
		/* a claim, and a failed upload giving the key back */
		cr_assert_petory_ok(petory__store_file_set_state(db, k.key,
			1u << PETORY_FILE_PENDING, PETORY_FILE_RECEIVING, -1,
			10));
		before = b->snapshot(db);
		assert_store_fact(PETORY_ECONFLICT,
			petory__store_file_set_state(db, k.key,
				1u << PETORY_FILE_PENDING,
				PETORY_FILE_RECEIVING, -1, 11));
		after = b->snapshot(db);
		store_assert_unchanged(before, after, "a second claim");
		free(before);
		free(after);
		cr_assert_petory_ok(petory__store_file_set_state(db, k.key,
			1u << PETORY_FILE_RECEIVING, PETORY_FILE_PENDING, -1,
			12));
		got = fixture_file_rec(db, k.key);
		cr_assert_eq(got.state, PETORY_FILE_PENDING);
		cr_assert_eq(got.stored_size, -1);
		cr_assert_eq(got.uploaded_at, 0);

		/* from either of two states; UPLOADED records size and time */
		cr_assert_petory_ok(petory__store_file_set_state(db, k.key,
			(1u << PETORY_FILE_PENDING) |
				(1u << PETORY_FILE_RECEIVING),
			PETORY_FILE_UPLOADED, 77, 13));
		got = fixture_file_rec(db, k.key);
		cr_assert_eq(got.state, PETORY_FILE_UPLOADED);
		cr_assert_eq(got.stored_size, 77);
		cr_assert_eq(got.uploaded_at, 13);
		cr_assert_eq(got.is_private, 1);

		assert_store_fact(PETORY_ECONFLICT,
			petory__store_file_set_state(db, k.key,
				1u << PETORY_FILE_RECEIVING,
				PETORY_FILE_PENDING, -1, 14));
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_file_set_state(db, "absent",
				1u << PETORY_FILE_PENDING,
				PETORY_FILE_RECEIVING, -1, 15));
	});
}

/* A pet of owner taking keys (the resource of these tests). */
static int pet_with(petory *db, int64_t owner, const char *const *keys,
	size_t count, int64_t *id_out)
{
	petory_pet pet;
	int error;
	memset(&pet, 0, sizeof(pet));
	pet.owner_id = owner;
	pet.name = "Choco";
	pet.species = "dog";
	pet.size = PETORY_PET_SMALL;
	error = petory__store_pet_insert(db, &pet, keys, count, 100);
	if (id_out)
		*id_out = pet.id;
	return error;
}

Test(store_files, stale_files_and_their_removal)
{
	STORE_FOREACH(b, db, {
		int64_t alice = fixture_user(db, "alice", "Asia/Seoul");
		petory_file_key old[3], young, *keys = NULL;
		const char *used;
		size_t n = 99;
		int i;

		for (i = 0; i < 3; i++) {
			test_clock_now = TEST_EPOCH_MS + MINUTES(i);
			fixture_file(&old[i], db, alice, PETORY_FILE_PET,
				(petory_file_state)i);
		}
		test_clock_now = TEST_EPOCH_MS + MINUTES(10);
		fixture_file(&young, db, alice, PETORY_FILE_PET,
			PETORY_FILE_UPLOADED);
		/* an attached file is never stale */
		used = old[2].key;
		cr_assert_petory_ok(pet_with(db, alice, &used, 1, NULL));

		cr_assert_petory_ok(petory__store_file_list_stale(
			&keys, &n, db, TEST_EPOCH_MS + MINUTES(5), 10));
		cr_assert_eq(n, 2);
		cr_assert_str_eq(keys[0].key, old[0].key, "oldest first");
		cr_assert_str_eq(keys[1].key, old[1].key);
		free(keys);
		cr_assert_petory_ok(petory__store_file_list_stale(
			&keys, &n, db, TEST_EPOCH_MS + MINUTES(11), 1));
		cr_assert_eq(n, 1, "at most limit");
		cr_assert_str_eq(keys[0].key, old[0].key);
		free(keys);
		cr_assert_petory_ok(petory__store_file_list_stale(
			&keys, &n, db, TEST_EPOCH_MS, 10));
		cr_assert_eq(n, 0);
		cr_assert_null(keys);

		cr_assert_petory_ok(
			petory__store_file_delete_unattached(db, old[0].key));
		cr_assert_not(fixture_file_exists(db, old[0].key));
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_file_delete_unattached(db, old[0].key));
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_file_delete_unattached(db, used));
		cr_assert(fixture_file_exists(db, used),
			"an attached file stays");
	});
}

Test(store_files,
	attaching_is_a_compare_and_set_that_writes_nothing_when_it_fails)
{
	STORE_FOREACH(b, db, {
		int64_t alice = fixture_user(db, "alice", "Asia/Seoul");
		int64_t bob = fixture_user(db, "bob", "Asia/Seoul");
		petory_file_key good, bobs, album, pending, receiving, used;
		const char *keys[2];
		const char *bad[6];
		petory_file_rec got;
		char *before, *after;
		size_t i;

		fixture_file(&good, db, alice, PETORY_FILE_PET,
			PETORY_FILE_UPLOADED);
		fixture_file(
			&bobs, db, bob, PETORY_FILE_PET, PETORY_FILE_UPLOADED);
		fixture_file(&album, db, alice, PETORY_FILE_ALBUM,
			PETORY_FILE_UPLOADED);
		fixture_file(&pending, db, alice, PETORY_FILE_PET,
			PETORY_FILE_PENDING);
		fixture_file(&receiving, db, alice, PETORY_FILE_PET,
			PETORY_FILE_RECEIVING);
		fixture_file(&used, db, alice, PETORY_FILE_PET,
			PETORY_FILE_UPLOADED);
		keys[0] = used.key;
		cr_assert_petory_ok(pet_with(db, alice, keys, 1, NULL));

		/* another user's, another purpose, not uploaded, in use,
		 * absent: after a good key, all or nothing */
		bad[0] = bobs.key;
		bad[1] = album.key;
		bad[2] = pending.key;
		bad[3] = receiving.key;
		bad[4] = used.key;
		bad[5] = "0123456789abcdef0123456789abcdef";
		for (i = 0; i < 6; i++) {
			keys[0] = good.key;
			keys[1] = bad[i];
			before = b->snapshot(db);
			assert_store_fact(PETORY_ECONFLICT,
				pet_with(db, alice, keys, 2, NULL));
			after = b->snapshot(db);
			store_assert_unchanged(
				before, after, "a key that does not attach");
			free(before);
			free(after);
		}

		keys[0] = good.key;
		cr_assert_petory_ok(pet_with(db, alice, keys, 1, NULL));
		got = fixture_file_rec(db, good.key);
		cr_assert_eq(got.state, PETORY_FILE_ATTACHED);
		cr_assert_eq(got.attached_at, 100);
		cr_assert_eq(got.is_private, 0, "a pet's photo is public");
	});
}

typedef struct attach_race {
	petory *db;
	int64_t owner;
	const char *key;
	int rc[2];
	int64_t pet[2];
} attach_race;

static void attach_one(void *payload, int i)
{
	attach_race *r = payload;
	r->rc[i] = pet_with(r->db, r->owner, &r->key, 1, &r->pet[i]);
}

Test(store_files, two_resources_racing_for_one_key_one_wins)
{
	STORE_FOREACH(b, db, {
		int64_t alice = fixture_user(db, "alice", "Asia/Seoul");
		petory_pet_page page;
		int round, wins = 0;

		for (round = 0; round < 20; round++) {
			petory_file_key k;
			attach_race r;
			petory_pet *winner = NULL;
			int w;
			fixture_file(&k, db, alice, PETORY_FILE_PET,
				PETORY_FILE_UPLOADED);
			memset(&r, 0, sizeof(r));
			r.db = db;
			r.owner = alice;
			r.key = k.key;
			store_race(2, attach_one, &r);
			cr_assert((r.rc[0] == 0) != (r.rc[1] == 0),
				"[%s] round %d: %d and %d", b->name, round,
				r.rc[0], r.rc[1]);
			w = r.rc[0] == 0 ? 0 : 1;
			cr_assert_eq(r.rc[1 - w], PETORY_ECONFLICT);
			cr_assert_petory_ok(
				petory__store_pet_get(&winner, db, r.pet[w]));
			cr_assert_eq(winner->image_count, 1);
			cr_assert_str_eq(winner->images[0].file_key, k.key);
			petory_pet_free(winner);
			wins++;
		}
		/* the losers wrote no pet */
		cr_assert_petory_ok(
			petory__store_pet_list(&page, db, alice, 0, 50));
		cr_assert_eq(page.total, wins);
		petory_pet_page_dispose(&page);
	});
}

/* ---- faults ---- */

typedef struct file_write {
	const char *key;
	int64_t owner;
	unsigned from_mask;
	petory_file_state to;
} file_write;

static int insert_file(petory *db, void *payload)
{
	file_write *w = payload;
	petory_file_rec r = new_rec(w->key, w->owner);
	return petory__store_file_insert(db, &r, "swept.gif");
}

static int move_file(petory *db, void *payload)
{
	file_write *w = payload;
	return petory__store_file_set_state(
		db, w->key, w->from_mask, w->to, 50, 20);
}

static int delete_file(petory *db, void *payload)
{
	file_write *w = payload;
	return petory__store_file_delete_unattached(db, w->key);
}

Test(store_files, a_failed_write_writes_nothing)
{
	STORE_FOREACH(b, db, {
		int64_t alice = fixture_user(db, "alice", "Asia/Seoul");
		file_write w = { "dd44", alice, 0, PETORY_FILE_PENDING };
		static const petory_file_state path[] = { PETORY_FILE_RECEIVING,
			PETORY_FILE_PENDING, PETORY_FILE_RECEIVING,
			PETORY_FILE_UPLOADED };
		petory_file_state from = PETORY_FILE_PENDING;
		size_t i;

		store_fault_sweep(b, db, "file_insert", insert_file, &w);
		for (i = 0; i < sizeof(path) / sizeof(path[0]); i++) {
			w.from_mask = 1u << from;
			w.to = path[i];
			store_fault_sweep(
				b, db, "file_set_state", move_file, &w);
			cr_assert_eq(fixture_file_rec(db, w.key).state, w.to);
			from = path[i];
		}
		store_fault_sweep(
			b, db, "file_delete_unattached", delete_file, &w);
		cr_assert_not(fixture_file_exists(db, w.key));
	});
}
