/* meta.c -- conformance of the meta table: installation facts. */
#include <stdio.h>
#include <stdlib.h>

#include "store_test.h"

Test(store_meta, get_reports_absent_keys_and_put_keeps_the_first_value)
{
	STORE_FOREACH(b, db, {
		char *value = NULL, *winner = NULL;
		cr_assert_petory_fails(PETORY_ENOTFOUND, NULL,
			petory__store_meta_get(&value, db, "test.key"));
		cr_assert_null(value);
		cr_assert_petory_ok(petory__store_meta_put_if_absent(
			&winner, db, "test.key", "first"));
		cr_assert_str_eq(winner, "first");
		free(winner);
		cr_assert_petory_ok(petory__store_meta_put_if_absent(
			&winner, db, "test.key", "second"));
		cr_assert_str_eq(winner, "first", "[%s]", b->name);
		free(winner);
		cr_assert_petory_ok(
			petory__store_meta_get(&value, db, "test.key"));
		cr_assert_str_eq(value, "first");
		free(value);
	});
}

typedef struct meta_race {
	petory *db;
	char *winners[16];
} meta_race;

static void put_one(void *payload, int i)
{
	meta_race *r = payload;
	char mine[16];
	snprintf(mine, sizeof(mine), "v%d", i);
	if (petory__store_meta_put_if_absent(
		    &r->winners[i], r->db, "raced", mine) < 0)
		r->winners[i] = NULL;
}

Test(store_meta, racing_puts_agree_on_one_winner)
{
	STORE_FOREACH(b, db, {
		meta_race r = { db, { 0 } };
		int i;
		store_race(16, put_one, &r);
		for (i = 0; i < 16; i++) {
			cr_assert_not_null(
				r.winners[i], "[%s] put %d failed", b->name, i);
			cr_assert_str_eq(r.winners[i], r.winners[0]);
		}
		for (i = 0; i < 16; i++)
			free(r.winners[i]);
	});
}

static int put_key(petory *db, void *payload)
{
	char *winner = NULL;
	int error = petory__store_meta_put_if_absent(
		&winner, db, (const char *)payload, "value");
	free(winner);
	return error;
}

Test(store_meta, a_failed_put_writes_nothing)
{
	STORE_FOREACH(b, db, {
		cr_assert_geq(store_fault_sweep(b, db, "meta_put_if_absent",
				      put_key, "swept"),
			1);
	});
}

Test(store_faults, a_store_call_can_be_failed_before_it_runs)
{
	STORE_FOREACH(b, db, {
		char *before = b->snapshot(db), *after;
		char *winner = NULL;
		int fail_store_calls(void *payload, const char *where);
		petory__fault_set(fail_store_calls, NULL);
		cr_assert_petory_fails(PETORY_EBACKEND, NULL,
			petory__store_meta_put_if_absent(
				&winner, db, "k", "v"));
		petory__fault_set(NULL, NULL);
		after = b->snapshot(db);
		store_assert_unchanged(before, after, "a failed store call");
		free(before);
		free(after);
	});
}

int fail_store_calls(void *payload, const char *where)
{
	(void)payload;
	return strncmp(where, "store.", 6) == 0 ? PETORY_EBACKEND : 0;
}

Test(store_meta, replace_sets_only_over_the_expected_value)
{
	STORE_FOREACH(b, db, {
		char *value = NULL, *winner = NULL;
		cr_assert_petory_fails(PETORY_ENOTFOUND, NULL,
			petory__store_meta_replace(db, "ring", "a", "b"));
		cr_assert_petory_ok(petory__store_meta_put_if_absent(
			&winner, db, "ring", "a"));
		free(winner);
		cr_assert_petory_fails(PETORY_ECONFLICT, NULL,
			petory__store_meta_replace(db, "ring", "x", "b"));
		cr_assert_petory_ok(
			petory__store_meta_replace(db, "ring", "a", "b"));
		cr_assert_petory_fails(PETORY_ECONFLICT, NULL,
			petory__store_meta_replace(db, "ring", "a", "c"));
		cr_assert_petory_ok(petory__store_meta_get(&value, db, "ring"));
		cr_assert_str_eq(value, "b", "[%s]", b->name);
		free(value);
	});
}

typedef struct replace_race {
	petory *db;
	int results[16];
} replace_race;

static void replace_one(void *payload, int i)
{
	replace_race *r = payload;
	char mine[16];
	snprintf(mine, sizeof(mine), "v%d", i);
	r->results[i] = petory__store_meta_replace(r->db, "ring", "v", mine);
}

Test(store_meta, racing_replaces_of_one_value_have_one_winner)
{
	STORE_FOREACH(b, db, {
		replace_race r = { db, { 0 } };
		char *winner = NULL;
		int i, won = -1, wins = 0;
		cr_assert_petory_ok(petory__store_meta_put_if_absent(
			&winner, db, "ring", "v"));
		free(winner);
		store_race(16, replace_one, &r);
		for (i = 0; i < 16; i++) {
			if (r.results[i] == 0) {
				wins++;
				won = i;
			} else
				cr_assert_eq(r.results[i], PETORY_ECONFLICT,
					"[%s] racer %d: %d", b->name, i,
					r.results[i]);
		}
		cr_assert_eq(wins, 1, "[%s] %d winners", b->name, wins);
		cr_assert_petory_ok(
			petory__store_meta_get(&winner, db, "ring"));
		cr_assert_eq(atoi(winner + 1), won);
		free(winner);
	});
}
