/* pets.c -- pets through the library (rights, validation, soft delete,
 * images from keys) and the SQL behind them (store level). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

TestSuite(pets, .init = setup, .fini = teardown);
TestSuite(pet_store, .init = setup, .fini = teardown);

static petory_pet *make_pet(const petory_identity *who, const char *name,
	const char *const *keys, size_t n)
{
	petory_pet_input in = { name, "SMALL", "dog", NULL, NULL, keys, n };
	petory_pet *p = NULL;
	cr_assert_petory_ok(petory_pet_create(&p, db, who, &in));
	return p;
}

static int file_private(const char *key)
{
	petory_file_rec rec;
	cr_assert_petory_ok(petory__store_file_get(&rec, db, key));
	return rec.is_private;
}

/* ---- the library ---- */

Test(pets, create_attaches_images_and_makes_them_public)
{
	char key[48];
	const char *keys[1];
	petory_pet *p, *q = NULL;
	snprintf(key, sizeof(key), "%s", test_image_key(db, &alice, "pet"));
	keys[0] = key;
	cr_assert(file_private(key), "unattached files are private");
	p = make_pet(&alice, "Choco", keys, 1);
	cr_assert_eq(p->owner_id, alice.user_id);
	cr_assert_str_eq(p->name, "Choco");
	cr_assert_eq(p->size, PETORY_PET_SMALL);
	cr_assert_eq(p->image_count, 1);
	cr_assert_str_eq(p->images[0].file_key, key);
	cr_assert_eq(strncmp(p->images[0].url, "/files/", 7), 0);
	cr_assert_eq(p->created_at, TEST_EPOCH_MS);
	cr_assert_not(file_private(key));
	/* a key is used once */
	cr_assert_petory_fails(PETORY_ECONFLICT, "FILE_ALREADY_USED",
		petory_pet_create(&q, db, &alice,
			&(petory_pet_input){
				"B", "LARGE", "cat", NULL, NULL, keys, 1 }));
	petory_pet_free(p);
}

Test(pets, validation_names_every_field)
{
	petory_pet *p = NULL;
	petory_pet_input in = { "", "TINY", NULL, "", "2026-11-27", NULL, 0 };
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_pet_create(&p, db, &alice, &in));
	cr_assert_eq(petory_error_last()->field_count, 5);
	/* tomorrow somewhere on Earth is fine; the day after is not */
	in = (petory_pet_input){ "A", "SMALL", "dog", NULL, "2026-11-26", NULL,
		0 };
	cr_assert_petory_ok(petory_pet_create(&p, db, &alice, &in));
	petory_pet_free(p);
	cr_assert_petory_fails(
		PETORY_EAUTH, NULL, petory_pet_create(&p, db, NULL, &in));
	cr_assert_petory_fails(PETORY_EPERM, NULL,
		petory_pet_create(&p, db, petory_identity_system(), &in));
}

Test(pets, only_the_owner_sees_or_changes_a_pet)
{
	const char *k = test_image_key(db, &alice, "pet");
	petory_pet *p = make_pet(&alice, "Choco", &k, 1), *q = NULL;
	petory_pet_input patch = { "Stolen", NULL, NULL, NULL, NULL, NULL, 0 };
	int64_t id = p->id, image = p->images[0].id;
	petory_pet_free(p);
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PET_NOT_FOUND",
		petory_pet_get(&q, db, &bob, id));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PET_NOT_FOUND",
		petory_pet_update(&q, db, &bob, id, &patch));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PET_NOT_FOUND",
		petory_pet_delete(db, &bob, id));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PET_NOT_FOUND",
		petory_pet_restore(&q, db, &bob, id));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PET_IMAGE_NOT_FOUND",
		petory_pet_image_delete(db, &bob, image));
	cr_assert_petory_ok(petory_pet_get(&q, db, &alice, id));
	cr_assert_str_eq(q->name, "Choco");
	petory_pet_free(q);
}

Test(pets, partial_update)
{
	petory_pet *p = make_pet(&alice, "Choco", NULL, 0), *q = NULL;
	petory_pet_input in = { NULL, "LARGE", NULL, "female", "2020-02-29",
		NULL, 0 };
	const char *k = test_image_key(db, &alice, "pet");
	test_clock_now += 1000;
	cr_assert_petory_ok(petory_pet_update(&q, db, &alice, p->id, &in));
	cr_assert_str_eq(q->name, "Choco");
	cr_assert_eq(q->size, PETORY_PET_LARGE);
	cr_assert_str_eq(q->gender, "female");
	cr_assert_eq(q->updated_at, TEST_EPOCH_MS + 1000);
	petory_pet_free(q);
	in = (petory_pet_input){ NULL, NULL, NULL, "", NULL, &k, 1 };
	cr_assert_petory_ok(petory_pet_update(&q, db, &alice, p->id, &in));
	cr_assert_null(q->gender);
	cr_assert_str_eq(q->birthday, "2020-02-29");
	cr_assert_eq(q->image_count, 1);
	petory_pet_free(q);
	petory_pet_free(p);
}

Test(pets, soft_delete_restore_and_list)
{
	const char *k = test_image_key(db, &alice, "pet");
	petory_pet *a = make_pet(&alice, "A", &k, 1);
	petory_pet *b = make_pet(&alice, "B", NULL, 0);
	petory_pet *c = make_pet(&bob, "C", NULL, 0), *q = NULL;
	petory_pet_page page;
	petory_page_req req = { 0, 0 };

	cr_assert_petory_ok(petory_pet_list(&page, db, &alice, &req));
	cr_assert_eq(page.size, 5);
	cr_assert_eq(page.total, 2);
	cr_assert_eq(page.items[0].id, b->id, "newest first");
	cr_assert_eq(page.items[0].image_count, 0);
	cr_assert_eq(page.items[1].image_count, 1);
	cr_assert_str_eq(page.items[1].images[0].file_key, k);
	cr_assert_not_null(page.items[1].images[0].url);
	petory_pet_page_dispose(&page);

	cr_assert_petory_fails(PETORY_ECONFLICT, "PET_NOT_DELETED",
		petory_pet_restore(&q, db, &alice, a->id));
	cr_assert_petory_ok(petory_pet_delete(db, &alice, a->id));
	cr_assert(file_private(k), "a deleted pet's photos are private");
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PET_NOT_FOUND",
		petory_pet_delete(db, &alice, a->id));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PET_NOT_FOUND",
		petory_pet_get(&q, db, &alice, a->id));
	cr_assert_petory_ok(petory_pet_list(&page, db, &alice, &req));
	cr_assert_eq(page.total, 1);
	petory_pet_page_dispose(&page);
	cr_assert_petory_ok(petory_pet_restore(&q, db, &alice, a->id));
	cr_assert_eq(q->deleted_at, 0);
	cr_assert_eq(q->image_count, 1);
	cr_assert_not(file_private(k));
	petory_pet_free(q);

	req.size = 101;
	cr_assert_petory_fails(PETORY_EINVALID, NULL,
		petory_pet_list(&page, db, &alice, &req));
	petory_pet_free(a);
	petory_pet_free(b);
	petory_pet_free(c);
}

Test(pets, deleting_an_image_removes_its_file)
{
	char k1[48], path[512];
	const char *keys[2];
	petory_pet *p, *q = NULL;
	petory_file_rec rec;
	snprintf(k1, sizeof(k1), "%s", test_image_key(db, &alice, "pet"));
	keys[0] = k1;
	keys[1] = test_image_key(db, &alice, "pet");
	p = make_pet(&alice, "Choco", keys, 2);
	snprintf(path, sizeof(path), "%s/files/%.2s/%s", test_dir(), k1, k1);
	cr_assert_eq(access(path, F_OK), 0);
	cr_assert_petory_ok(
		petory_pet_image_delete(db, &alice, p->images[0].id));
	cr_assert_neq(access(path, F_OK), 0, "the bytes stayed");
	cr_assert_petory_fails(
		PETORY_ENOTFOUND, NULL, petory__store_file_get(&rec, db, k1));
	cr_assert_petory_ok(petory_pet_get(&q, db, &alice, p->id));
	cr_assert_eq(q->image_count, 1);
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PET_IMAGE_NOT_FOUND",
		petory_pet_image_delete(db, &alice, p->images[0].id));
	petory_pet_free(q);
	petory_pet_free(p);
}

/* A key taken by another pet between the domain's check and the write. */
static const char *taken_key;

static int take_key_first(void *payload, const char *where)
{
	petory_pet other = { 0 };
	(void)payload;
	if (strcmp(where, "store.pet_insert") != 0)
		return 0;
	petory__fault_set(NULL, NULL);
	other.owner_id = alice.user_id;
	other.name = "Quick";
	other.species = "cat";
	cr_assert_petory_ok(petory__store_pet_insert(
		db, &other, &taken_key, 1, petory_now(db)));
	return 0;
}

Test(pets, a_key_taken_during_the_write_is_already_used)
{
	petory_pet_input in = { "Slow", "SMALL", "dog", NULL, NULL, NULL, 1 };
	petory_pet_page page;
	petory_page_req req = { 0, 10 };
	petory_pet *p = NULL;
	taken_key = test_image_key(db, &alice, "pet");
	in.image_keys = &taken_key;
	petory__fault_set(take_key_first, NULL);
	cr_assert_petory_fails(PETORY_ECONFLICT, "FILE_ALREADY_USED",
		petory_pet_create(&p, db, &alice, &in));
	petory__fault_set(NULL, NULL);
	cr_assert_petory_ok(petory_pet_list(&page, db, &alice, &req));
	cr_assert_eq(page.total, 1);
	cr_assert_str_eq(page.items[0].name, "Quick");
	petory_pet_page_dispose(&page);
}

static const char *raced_key;
static int raced_rc[2];
static char raced_reason[2][64];

static void *create_with_raced_key(void *arg)
{
	long i = (long)arg;
	petory_pet_input in = { "Racer", "SMALL", "dog", NULL, NULL, &raced_key,
		1 };
	petory_pet *p = NULL;
	raced_rc[i] = petory_pet_create(&p, db, &alice, &in);
	snprintf(raced_reason[i], sizeof(raced_reason[i]), "%s",
		petory_error_last()->reason);
	petory_pet_free(p);
	return NULL;
}

Test(pets, two_creates_racing_for_one_key_make_one_pet)
{
	petory_pet_page page;
	petory_page_req req = { 0, 50 };
	pthread_t t[2];
	long i;
	int round;
	for (round = 0; round < 10; round++) {
		raced_key = test_image_key(db, &alice, "pet");
		for (i = 0; i < 2; i++)
			pthread_create(
				&t[i], NULL, create_with_raced_key, (void *)i);
		for (i = 0; i < 2; i++)
			pthread_join(t[i], NULL);
		cr_assert((raced_rc[0] == 0) != (raced_rc[1] == 0),
			"round %d: %d and %d", round, raced_rc[0], raced_rc[1]);
		i = raced_rc[0] == 0 ? 1 : 0;
		cr_assert_eq(raced_rc[i], PETORY_ECONFLICT);
		cr_assert_str_eq(raced_reason[i], "FILE_ALREADY_USED");
	}
	cr_assert_petory_ok(petory_pet_list(&page, db, &alice, &req));
	cr_assert_eq(page.total, 10);
	petory_pet_page_dispose(&page);
}

/* ---- the SQL ---- */

Test(pet_store, insert_is_all_or_nothing)
{
	petory_store *st = petory_get_store(db);
	const char *keys[2];
	petory_pet pet = { 0 }, *got = NULL;
	petory_pet_page page;
	char good[48];
	snprintf(good, sizeof(good), "%s", test_image_key(db, &alice, "pet"));
	keys[0] = good;
	keys[1] = test_image_key(db, &bob, "pet");
	pet.owner_id = alice.user_id;
	pet.name = "Choco";
	pet.species = "dog";
	pet.size = PETORY_PET_MEDIUM;
	/* bob's key does not attach to alice's pet: nothing is written */
	cr_assert_petory_fails(PETORY_ECONFLICT, NULL,
		st->pets->pet_insert(st, &pet, keys, 2, 5));
	cr_assert_petory_ok(
		st->pets->pet_list(&page, st, alice.user_id, 0, 10));
	cr_assert_eq(page.total, 0, "a refused insert left a pet");
	petory_pet_page_dispose(&page);
	cr_assert(file_private(good), "a refused insert attached a file");

	cr_assert_petory_ok(st->pets->pet_insert(st, &pet, keys, 1, 5));
	cr_assert_gt(pet.id, 0);
	cr_assert_petory_ok(st->pets->pet_get(&got, st, pet.id));
	cr_assert_eq(got->size, PETORY_PET_MEDIUM);
	cr_assert_null(got->gender);
	cr_assert_eq(got->image_count, 1);
	cr_assert_eq(got->images[0].is_private, 0);
	cr_assert_null(got->images[0].url);
	petory_pet_free(got);
	cr_assert_petory_fails(PETORY_ENOTFOUND, NULL,
		st->pets->pet_get(&got, st, pet.id + 100));
}

Test(pet_store, update_set_deleted_and_image_delete)
{
	petory_store *st = petory_get_store(db);
	petory_pet pet = { 0 }, *got = NULL;
	petory_pet_patch patch = { NULL, -1, NULL, "", NULL };
	petory_file_key key;
	int64_t pet_id = 0;
	const char *k = test_image_key(db, &alice, "pet");
	pet.owner_id = alice.user_id;
	pet.name = "Choco";
	pet.species = "dog";
	pet.gender = "male";
	cr_assert_petory_ok(st->pets->pet_insert(st, &pet, &k, 1, 5));
	cr_assert_petory_ok(st->pets->pet_update(
		st, pet.id, alice.user_id, &patch, NULL, 0, 6));
	cr_assert_petory_ok(st->pets->pet_get(&got, st, pet.id));
	cr_assert_null(got->gender);
	cr_assert_str_eq(got->name, "Choco");
	cr_assert_eq(got->updated_at, 6);
	petory_pet_free(got);

	cr_assert_petory_ok(st->pets->pet_set_deleted(st, pet.id, 1, 7));
	cr_assert_petory_fails(PETORY_ECONFLICT, NULL,
		st->pets->pet_set_deleted(st, pet.id, 1, 8));
	cr_assert_petory_fails(PETORY_ENOTFOUND, NULL,
		st->pets->pet_update(
			st, pet.id, alice.user_id, &patch, NULL, 0, 9));
	cr_assert_petory_ok(st->pets->pet_get(&got, st, pet.id));
	cr_assert_eq(got->deleted_at, 7);
	cr_assert_eq(got->images[0].is_private, 1);
	petory_pet_free(got);
	cr_assert_petory_ok(st->pets->pet_set_deleted(st, pet.id, 0, 10));
	cr_assert_petory_fails(PETORY_ECONFLICT, NULL,
		st->pets->pet_set_deleted(st, pet.id, 0, 11));

	cr_assert_petory_ok(st->pets->pet_get(&got, st, pet.id));
	cr_assert_petory_ok(
		st->pets->pet_image_pet(&pet_id, st, got->images[0].id));
	cr_assert_eq(pet_id, pet.id);
	cr_assert_petory_ok(
		st->pets->pet_image_delete(&key, st, got->images[0].id));
	cr_assert_str_eq(key.key, k);
	cr_assert_petory_fails(PETORY_ENOTFOUND, NULL,
		st->pets->pet_image_pet(&pet_id, st, got->images[0].id));
	petory_pet_free(got);
}
