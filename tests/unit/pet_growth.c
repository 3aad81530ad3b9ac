/* pet_growth.c -- the growth diary through the library: the exactness of
 * weights and lengths given as doubles, dates in the owner's zone, one
 * record per date, ranges and their summary, rights, and the CSV export
 * (RFC 4180 quoting, formula guard). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "petory_test.h"

#define HOURS(n) ((petory_time_ms)(n)*3600 * 1000)

static petory *db;
static petory_identity alice, bob;
static int64_t pet;

static void set_zone(const petory_identity *who, const char *zone)
{
	petory_user *u;
	petory_user_patch p = { .timezone = zone };
	cr_assert_petory_ok(petory_user_update(&u, db, who, who->user_id, &p));
	petory_user_free(u);
}

static void setup(void)
{
	petory_pet_input in = { "Bori", "SMALL", "dog", NULL, NULL, NULL, 0 };
	petory_pet *p = NULL;
	test_clock_now = TEST_EPOCH_MS + HOURS(12); /* 2026-11-25T12:00Z */
	db = test_db_open();
	alice = test_identity(db, test_user(db, "alice@example.com"));
	bob = test_identity(db, test_user(db, "bob@example.com"));
	set_zone(&alice, "Asia/Seoul");
	cr_assert_petory_ok(petory_pet_create(&p, db, &alice, &in));
	pet = p->id;
	petory_pet_free(p);
}

static void teardown(void)
{
	test_db_close(db);
}

TestSuite(pet_growth, .init = setup, .fini = teardown);

static petory_growth_input weight_on(const char *date, double kg)
{
	petory_growth_input in;
	memset(&in, 0, sizeof(in));
	in.date = date;
	in.has_weight = 1;
	in.weight_kg = kg;
	return in;
}

static int add(const char *date, double kg, int64_t *id_out)
{
	petory_growth_input in = weight_on(date, kg);
	petory_growth_record *rec = NULL;
	int rc = petory_growth_create(&rec, db, &alice, pet, &in);
	if (rc == 0 && id_out)
		*id_out = rec->id;
	petory_growth_record_free(rec);
	return rc;
}

static int64_t stored_cg(const char *date, double kg)
{
	petory_growth_input in = weight_on(date, kg);
	petory_growth_record *rec = NULL;
	int64_t cg;
	cr_assert_petory_ok(petory_growth_create(&rec, db, &alice, pet, &in));
	cg = rec->weight_cg;
	petory_growth_record_free(rec);
	return cg;
}

static void assert_weight_refused(double kg)
{
	petory_growth_input in = weight_on("2026-01-01", kg);
	petory_growth_record *rec = NULL;
	int rc = petory_growth_create(&rec, db, &alice, pet, &in);
	cr_assert_eq(rc, PETORY_EINVALID, "%.17g: %d", kg, rc);
	cr_assert_eq(petory_error_last()->field_count, 1);
	cr_assert_str_eq(petory_error_last()->fields[0].field, "weightKg");
}

Test(pet_growth, weights_are_exact_hundredths)
{
	cr_assert_eq(stored_cg("2026-01-01", 12.34), 1234);
	cr_assert_eq(stored_cg("2026-01-02", 0.1 + 0.2), 30);
	cr_assert_eq(stored_cg("2026-01-03", 1e2), 10000);
	cr_assert_eq(stored_cg("2026-01-04", 0.01), 1);
	cr_assert_eq(stored_cg("2026-01-05", 200), 20000);
	cr_assert_eq(stored_cg("2026-01-06", 4.35), 435); /* 434.99999… */
	cr_assert_eq(stored_cg("2026-01-07", 1.005 * 10), 1005);
	assert_weight_refused(12.345);
	assert_weight_refused(0);
	assert_weight_refused(0.001);
	assert_weight_refused(200.01);
	assert_weight_refused(-1);
	assert_weight_refused(-0.01);
	assert_weight_refused(1e300);
	assert_weight_refused(NAN);
	assert_weight_refused(INFINITY);
	assert_weight_refused(12.3400001);
}

Test(pet_growth, lengths_are_exact_millimetres)
{
	petory_growth_input in = weight_on("2026-01-01", 5);
	petory_growth_record *rec = NULL;
	in.has_length = 1;
	in.length_cm = 45.5;
	cr_assert_petory_ok(petory_growth_create(&rec, db, &alice, pet, &in));
	cr_assert_eq(rec->length_mm, 455);
	petory_growth_record_free(rec);
	in.date = "2026-01-02";
	in.length_cm = 45.55;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_growth_create(&rec, db, &alice, pet, &in));
	cr_assert_str_eq(petory_error_last()->fields[0].field, "lengthCm");
	in.length_cm = 300.1;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_growth_create(&rec, db, &alice, pet, &in));
	in.length_cm = 0;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_growth_create(&rec, db, &alice, pet, &in));
}

Test(pet_growth, validation_names_every_field)
{
	petory_growth_input in;
	petory_growth_record *rec = NULL;
	char note[202 * 3 + 1];
	size_t i;
	memset(&in, 0, sizeof(in));
	in.date = "2026-02-30";
	in.has_length = 1;
	in.length_cm = -3;
	for (i = 0; i < 201; i++)
		memcpy(note + 3 * i, "가", 3);
	note[3 * 201] = '\0';
	in.note = note;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_growth_create(&rec, db, &alice, pet, &in));
	cr_assert_eq(petory_error_last()->field_count, 4); /* + weightKg */
	/* 200 characters (600 bytes) are fine */
	note[3 * 200] = '\0';
	in = weight_on("2026-02-28", 3);
	in.note = note;
	cr_assert_petory_ok(petory_growth_create(&rec, db, &alice, pet, &in));
	petory_growth_record_free(rec);
}

Test(pet_growth, today_is_the_owners)
{
	/* 12:00Z: 21:00 on the 25th in Seoul, 02:00 on the 26th in
	 * Kiritimati (UTC+14) */
	cr_assert_petory_ok(add("2026-11-25", 3, NULL));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		add("2026-11-26", 3, NULL));
	set_zone(&alice, "Pacific/Kiritimati");
	cr_assert_petory_ok(add("2026-11-26", 3, NULL));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		add("2026-11-27", 3, NULL));
	/* at 20:00Z Seoul is on the 26th while UTC is not */
	set_zone(&alice, "Asia/Seoul");
	test_clock_now = TEST_EPOCH_MS + HOURS(20);
	cr_assert_petory_ok(add("2026-11-24", 3, NULL));
	set_zone(&alice, "Pacific/Honolulu");
	cr_assert_petory_ok(add("2026-11-23", 3, NULL));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		add("2026-11-26", 3, NULL));
}

Test(pet_growth, one_record_per_date)
{
	petory_growth_record *rec = NULL;
	petory_growth_input patch;
	int64_t first, second;
	cr_assert_petory_ok(add("2026-03-01", 3, &first));
	cr_assert_petory_fails(PETORY_ECONFLICT, "GROWTH_RECORD_EXISTS",
		add("2026-03-01", 4, NULL));
	cr_assert_petory_ok(add("2026-03-02", 4, &second));
	memset(&patch, 0, sizeof(patch));
	patch.date = "2026-03-01";
	cr_assert_petory_fails(PETORY_ECONFLICT, "GROWTH_RECORD_EXISTS",
		petory_growth_update(&rec, db, &alice, pet, second, &patch));
	/* its own date, and a partial change */
	patch.date = "2026-03-02";
	patch.note = "after a walk";
	cr_assert_petory_ok(
		petory_growth_update(&rec, db, &alice, pet, second, &patch));
	cr_assert_eq(rec->weight_cg, 400);
	cr_assert_str_eq(rec->note, "after a walk");
	petory_growth_record_free(rec);
	memset(&patch, 0, sizeof(patch));
	patch.note = "";
	patch.has_weight = 1;
	patch.weight_kg = 4.5;
	cr_assert_petory_ok(
		petory_growth_update(&rec, db, &alice, pet, second, &patch));
	cr_assert_eq(rec->weight_cg, 450);
	cr_assert_null(rec->note);
	petory_growth_record_free(rec);
}

Test(pet_growth, only_the_owner_and_only_a_live_pet)
{
	petory_growth_record *rec = NULL;
	petory_growth_range list;
	petory_growth_input in = weight_on("2026-03-01", 3);
	petory_pet *p = NULL;
	int64_t id;
	cr_assert_petory_ok(add("2026-03-01", 3, &id));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PET_NOT_FOUND",
		petory_growth_create(&rec, db, &bob, pet, &in));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PET_NOT_FOUND",
		petory_growth_list(&list, db, &bob, pet, NULL, NULL));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PET_NOT_FOUND",
		petory_growth_update(&rec, db, &bob, pet, id, &in));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PET_NOT_FOUND",
		petory_growth_delete(db, &bob, pet, id));
	cr_assert_petory_fails(
		PETORY_EAUTH, NULL, petory_growth_delete(db, NULL, pet, id));
	/* a record of another pet of the same owner */
	{
		petory_pet_input pi = { "Two", "SMALL", "cat", NULL, NULL, NULL,
			0 };
		cr_assert_petory_ok(petory_pet_create(&p, db, &alice, &pi));
		cr_assert_petory_fails(PETORY_ENOTFOUND,
			"GROWTH_RECORD_NOT_FOUND",
			petory_growth_delete(db, &alice, p->id, id));
		petory_pet_free(p);
	}
	/* the operator reads any diary */
	cr_assert_petory_ok(petory_growth_list(
		&list, db, petory_identity_system(), pet, NULL, NULL));
	cr_assert_eq(list.count, 1);
	petory_growth_range_dispose(&list);
	/* a deleted pet's diary is gone, and back with the pet */
	cr_assert_petory_ok(petory_pet_delete(db, &alice, pet));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PET_NOT_FOUND",
		petory_growth_list(&list, db, &alice, pet, NULL, NULL));
	cr_assert_petory_ok(petory_pet_restore(&p, db, &alice, pet));
	petory_pet_free(p);
	cr_assert_petory_ok(petory_growth_delete(db, &alice, pet, id));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "GROWTH_RECORD_NOT_FOUND",
		petory_growth_delete(db, &alice, pet, id));
}

Test(pet_growth, the_summary_of_a_range)
{
	petory_growth_range list;
	cr_assert_petory_ok(
		petory_growth_list(&list, db, &alice, pet, NULL, NULL));
	cr_assert_eq(list.summary.count, 0);
	cr_assert_str_eq(list.summary.first_date, "");
	cr_assert_eq(list.summary.has_change_percent, 0);
	petory_growth_range_dispose(&list);
	cr_assert_petory_ok(add("2026-01-10", 3, NULL));
	cr_assert_petory_ok(add("2026-02-10", 2.5, NULL));
	cr_assert_petory_ok(add("2026-03-10", 3.33, NULL));
	cr_assert_petory_ok(add("2026-04-10", 3.05, NULL));
	cr_assert_petory_ok(
		petory_growth_list(&list, db, &alice, pet, NULL, NULL));
	cr_assert_eq(list.count, 4);
	cr_assert_str_eq(list.items[0].date, "2026-01-10");
	cr_assert_eq(list.summary.count, 4);
	cr_assert_str_eq(list.summary.first_date, "2026-01-10");
	cr_assert_str_eq(list.summary.last_date, "2026-04-10");
	cr_assert_eq(list.summary.min_cg, 250);
	cr_assert_eq(list.summary.max_cg, 333);
	cr_assert_eq(list.summary.change_cg, 5);
	cr_assert_eq(list.summary.change_permille, 17); /* 1.666… -> 1.7 */
	petory_growth_range_dispose(&list);
	cr_assert_petory_ok(petory_growth_list(
		&list, db, &alice, pet, "2026-01-11", "2026-03-10"));
	cr_assert_eq(list.count, 2);
	cr_assert_eq(list.summary.change_cg, 83);
	cr_assert_eq(list.summary.change_permille, 332); /* 33.2 */
	petory_growth_range_dispose(&list);
	cr_assert_petory_ok(petory_growth_list(
		&list, db, &alice, pet, "2026-01-01", "2026-02-10"));
	cr_assert_eq(list.summary.change_cg, -50);
	cr_assert_eq(list.summary.change_permille, -167); /* -16.666… */
	petory_growth_range_dispose(&list);
	/* one record: no percent */
	cr_assert_petory_ok(petory_growth_list(
		&list, db, &alice, pet, "2026-04-10", "2026-04-10"));
	cr_assert_eq(list.summary.count, 1);
	cr_assert_eq(list.summary.change_cg, 0);
	cr_assert_eq(list.summary.has_change_percent, 0);
	petory_growth_range_dispose(&list);
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_growth_list(
			&list, db, &alice, pet, "2026-04-10", "2026-04-09"));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_growth_list(&list, db, &alice, pet, "2026-13-01", NULL));
}

Test(pet_growth, csv_quotes_and_guards)
{
	petory_growth_record rows[3];
	petory_growth_range list;
	char *csv = NULL;
	size_t len = 0;
	memset(rows, 0, sizeof(rows));
	memset(&list, 0, sizeof(list));
	snprintf(rows[0].date, 11, "2026-01-01");
	rows[0].weight_cg = 1234;
	rows[0].length_mm = 455;
	rows[0].note = "a, \"b\"\r\nc";
	snprintf(rows[1].date, 11, "2026-01-02");
	rows[1].weight_cg = 5;
	snprintf(rows[2].date, 11, "2026-01-03");
	rows[2].weight_cg = 20000;
	rows[2].length_mm = 3000;
	rows[2].note = "=HYPERLINK(\"x\")";
	list.items = rows;
	list.count = 3;
	cr_assert_petory_ok(petory_growth_csv(&csv, &len, &list));
	cr_assert_str_eq(csv,
		"date,weight_kg,length_cm,note\r\n"
		"2026-01-01,12.34,45.5,\"a, \"\"b\"\"\r\nc\"\r\n"
		"2026-01-02,0.05,,\r\n"
		"2026-01-03,200.00,300.0,\"'=HYPERLINK(\"\"x\"\")\"\r\n");
	cr_assert_eq(len, strlen(csv));
	petory_free(csv);
	rows[0].note = "+1";
	rows[1].note = "-x";
	rows[2].note = "@sum";
	cr_assert_petory_ok(petory_growth_csv(&csv, &len, &list));
	cr_assert_not_null(strstr(csv, ",'+1\r\n"));
	cr_assert_not_null(strstr(csv, ",'-x\r\n"));
	cr_assert_not_null(strstr(csv, ",'@sum\r\n"));
	petory_free(csv);
}
