/* pet_growth.c -- conformance of the growth diary's methods of the pets
 * table: insert, get, list (oldest first, bounded by dates), update and
 * delete.  Facts only: one record per pet and date (a second insert, a
 * move onto a taken date and the loser of a race are EEXISTS), an absent
 * record is ENOTFOUND, none with an API reason.
 */
#include <stdlib.h>
#include <string.h>

#include "file_fixtures.h"

#define RACERS 6

static int64_t a_pet(petory *db, int64_t owner)
{
	petory_pet p;
	memset(&p, 0, sizeof(p));
	p.owner_id = owner;
	p.name = "Bori";
	p.species = "dog";
	p.size = PETORY_PET_SMALL;
	cr_assert_petory_ok(petory__store_pet_insert(db, &p, NULL, 0, 1));
	return p.id;
}

static petory_growth_record rec_of(int64_t pet, const char *date,
	int64_t weight_cg, int64_t length_mm, const char *note)
{
	petory_growth_record r;
	memset(&r, 0, sizeof(r));
	r.pet_id = pet;
	snprintf(r.date, sizeof(r.date), "%s", date);
	r.weight_cg = weight_cg;
	r.length_mm = length_mm;
	r.note = (char *)note;
	return r;
}

Test(store_pet_growth, insert_get_list_update_delete)
{
	STORE_FOREACH(b, db, {
		int64_t alice = fixture_user(db, "alice", "Asia/Seoul");
		int64_t pet = a_pet(db, alice), other = a_pet(db, alice);
		petory_growth_record a = rec_of(pet, "2026-03-02", 1234, 455,
			"쉼표, \"따옴표\"\n줄바꿈");
		petory_growth_record c = rec_of(pet, "2026-01-15", 1, 0, NULL);
		petory_growth_record d =
			rec_of(pet, "2026-05-30", 20000, 3000, NULL);
		petory_growth_record x =
			rec_of(other, "2026-03-02", 500, 0, NULL);
		petory_growth_record dup =
			rec_of(pet, "2026-03-02", 999, 0, NULL);
		petory_growth_record *got = NULL, *rows = NULL;
		size_t n = 0;

		cr_assert_petory_ok(petory__store_growth_insert(db, &a, 10));
		cr_assert_gt(a.id, 0);
		cr_assert_eq(a.created_at, 10);
		cr_assert_eq(a.updated_at, 10);
		cr_assert_petory_ok(petory__store_growth_insert(db, &c, 11));
		cr_assert_petory_ok(petory__store_growth_insert(db, &d, 12));
		/* the same date for another pet is fine */
		cr_assert_petory_ok(petory__store_growth_insert(db, &x, 13));
		assert_store_fact(PETORY_EEXISTS,
			petory__store_growth_insert(db, &dup, 14));

		cr_assert_petory_ok(petory__store_growth_get(&got, db, a.id));
		cr_assert_eq(got->pet_id, pet);
		cr_assert_str_eq(got->date, "2026-03-02");
		cr_assert_eq(got->weight_cg, 1234);
		cr_assert_eq(got->length_mm, 455);
		cr_assert_str_eq(got->note, "쉼표, \"따옴표\"\n줄바꿈");
		cr_assert_eq(got->created_at, 10);
		petory_growth_record_free(got);
		cr_assert_petory_ok(petory__store_growth_get(&got, db, c.id));
		cr_assert_eq(got->length_mm, 0, "no length reads 0");
		cr_assert_null(got->note);
		petory_growth_record_free(got);
		got = NULL;
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_growth_get(&got, db, x.id + 100));
		cr_assert_null(got);

		/* oldest first, bounded on both sides, inclusive */
		cr_assert_petory_ok(petory__store_growth_list(
			&rows, &n, db, pet, NULL, NULL));
		cr_assert_eq(n, 3);
		cr_assert_str_eq(rows[0].date, "2026-01-15");
		cr_assert_str_eq(rows[1].date, "2026-03-02");
		cr_assert_str_eq(rows[2].date, "2026-05-30");
		cr_assert_eq(rows[2].weight_cg, 20000);
		petory__growth_records_free(rows, n);
		cr_assert_petory_ok(petory__store_growth_list(
			&rows, &n, db, pet, "2026-03-02", "2026-05-30"));
		cr_assert_eq(n, 2);
		cr_assert_str_eq(rows[0].date, "2026-03-02");
		petory__growth_records_free(rows, n);
		cr_assert_petory_ok(petory__store_growth_list(
			&rows, &n, db, pet, NULL, "2026-03-01"));
		cr_assert_eq(n, 1);
		cr_assert_str_eq(rows[0].date, "2026-01-15");
		petory__growth_records_free(rows, n);
		cr_assert_petory_ok(petory__store_growth_list(
			&rows, &n, db, pet, "2026-06-01", NULL));
		cr_assert_eq(n, 0);
		cr_assert_null(rows);

		/* update: every field; onto a taken date is EEXISTS */
		c.weight_cg = 250;
		c.length_mm = 120;
		c.note = "updated";
		snprintf(c.date, sizeof(c.date), "2026-01-16");
		cr_assert_petory_ok(petory__store_growth_update(db, &c, 20));
		cr_assert_eq(c.updated_at, 20);
		cr_assert_petory_ok(petory__store_growth_get(&got, db, c.id));
		cr_assert_str_eq(got->date, "2026-01-16");
		cr_assert_eq(got->weight_cg, 250);
		cr_assert_eq(got->length_mm, 120);
		cr_assert_str_eq(got->note, "updated");
		cr_assert_eq(got->created_at, 11);
		cr_assert_eq(got->updated_at, 20);
		petory_growth_record_free(got);
		c.length_mm = 0;
		c.note = NULL;
		cr_assert_petory_ok(petory__store_growth_update(db, &c, 21));
		cr_assert_petory_ok(petory__store_growth_get(&got, db, c.id));
		cr_assert_eq(got->length_mm, 0);
		cr_assert_null(got->note);
		petory_growth_record_free(got);
		snprintf(c.date, sizeof(c.date), "2026-03-02");
		assert_store_fact(PETORY_EEXISTS,
			petory__store_growth_update(db, &c, 22));
		cr_assert_petory_ok(petory__store_growth_get(&got, db, c.id));
		cr_assert_str_eq(got->date, "2026-01-16", "unchanged");
		petory_growth_record_free(got);
		dup.id = x.id + 100;
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_growth_update(db, &dup, 23));

		/* delete */
		cr_assert_petory_ok(petory__store_growth_delete(db, c.id));
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_growth_delete(db, c.id));
		cr_assert_petory_ok(petory__store_growth_list(
			&rows, &n, db, pet, NULL, NULL));
		cr_assert_eq(n, 2);
		petory__growth_records_free(rows, n);
	});
}

typedef struct growth_race {
	petory *db;
	int64_t pet;
	int rc[RACERS];
} growth_race;

static void insert_same_day(void *payload, int i)
{
	growth_race *r = payload;
	petory_growth_record rec =
		rec_of(r->pet, "2026-04-01", 100 + i, 0, NULL);
	r->rc[i] = petory__store_growth_insert(r->db, &rec, 30 + i);
}

Test(store_pet_growth, racing_inserts_for_one_date_one_wins)
{
	STORE_FOREACH(b, db, {
		growth_race r;
		petory_growth_record *rows = NULL;
		size_t n = 0;
		int i, wins = 0;

		memset(&r, 0, sizeof(r));
		r.db = db;
		r.pet = a_pet(db, fixture_user(db, "alice", "Asia/Seoul"));
		store_race(RACERS, insert_same_day, &r);
		for (i = 0; i < RACERS; i++) {
			if (r.rc[i] == 0) {
				wins++;
				continue;
			}
			cr_assert_eq(r.rc[i], PETORY_EEXISTS,
				"[%s] racer %d: %d", b->name, i, r.rc[i]);
		}
		cr_assert_eq(wins, 1, "[%s] %d winners", b->name, wins);
		cr_assert_petory_ok(petory__store_growth_list(
			&rows, &n, db, r.pet, NULL, NULL));
		cr_assert_eq(n, 1);
		petory__growth_records_free(rows, n);
	});
}

Test(store_pet_growth, a_pets_records_go_with_it)
{
	STORE_FOREACH(b, db, {
		int64_t alice = fixture_user(db, "alice", "Asia/Seoul");
		int64_t pet = a_pet(db, alice);
		petory_growth_record a =
			rec_of(pet, "2026-03-02", 1234, 0, NULL);
		petory_growth_record *rows = NULL;
		size_t n = 0;
		cr_assert_petory_ok(petory__store_growth_insert(db, &a, 10));
		/* soft deletion keeps the diary (the domain hides it) */
		cr_assert_petory_ok(
			petory__store_pet_set_deleted(db, pet, 1, 11));
		cr_assert_petory_ok(petory__store_growth_list(
			&rows, &n, db, pet, NULL, NULL));
		cr_assert_eq(n, 1);
		petory__growth_records_free(rows, n);
	});
}
