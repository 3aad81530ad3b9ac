/* oauth.c -- conformance of the OAuth2 methods of the users table,
 * version 2: login attempts bound to a browser (the hash of its cookie
 * nonce) and single-use login codes.  A bound attempt is taken only with
 * its hash and never by version 1's take; a code is taken once, whoever
 * races for it; puts and the purge leave no expired row behind; a failed
 * put writes nothing.  (Version 1's unbound attempts: users.c.) */
#include <stdlib.h>
#include <string.h>

#include "accounts_fixture.h"

#define T0 TEST_EPOCH_MS
#define HASH_BYTES PETORY_STORE_OAUTH_HASH_BYTES

/* A hash filled with byte c. */
static const unsigned char *hash_of(unsigned char out[HASH_BYTES], int c)
{
	memset(out, c, HASH_BYTES);
	return out;
}

/* How many attempts and codes were left: the count of a purge that
 * removes every one of them (the tables are empty after it). */
static int64_t clear_all(petory *db)
{
	int64_t removed = -1;
	cr_assert_petory_ok(petory__store_oauth_purge(&removed, db, INT64_MAX));
	return removed;
}

Test(store_oauth, a_bound_state_is_taken_once_and_only_by_its_browser)
{
	STORE_FOREACH(b, db, {
		unsigned char mine[HASH_BYTES], other[HASH_BYTES];
		char *verifier = NULL, *before, *after;
		hash_of(mine, 0xA1);
		hash_of(other, 0xB2);
		cr_assert_petory_ok(petory__store_oauth_state_put2(
			db, "s1", "v1", mine, T0 + MINUTES(10), T0));
		cr_assert_store_fact(PETORY_EEXISTS,
			petory__store_oauth_state_put2(db, "s1", "other", other,
				T0 + MINUTES(10), T0));

		/* another browser, version 1's take, an unknown state: no
		 * verifier and nothing changed */
		before = b->snapshot(db);
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_oauth_state_take2(
				&verifier, db, "s1", other, T0));
		cr_assert_null(verifier);
		cr_assert_store_fact(
			PETORY_ENOTFOUND, petory__store_oauth_state_take(
						  &verifier, db, "s1", T0));
		cr_assert_null(verifier);
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_oauth_state_take2(
				&verifier, db, "unknown", mine, T0));
		after = b->snapshot(db);
		store_assert_unchanged(before, after, "refused takes");
		free(before);
		free(after);

		cr_assert_petory_ok(petory__store_oauth_state_take2(
			&verifier, db, "s1", mine, T0 + MINUTES(10) - 1));
		cr_assert_str_eq(verifier, "v1", "[%s]", b->name);
		free(verifier);
		verifier = NULL;
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_oauth_state_take2(
				&verifier, db, "s1", mine, T0));
		cr_assert_null(verifier);
	});
}

Test(store_oauth, a_bound_state_expires)
{
	STORE_FOREACH(b, db, {
		unsigned char mine[HASH_BYTES];
		char *verifier = NULL;
		hash_of(mine, 0x11);
		cr_assert_petory_ok(petory__store_oauth_state_put2(
			db, "s", "v", mine, T0 + MINUTES(10), T0));
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_oauth_state_take2(
				&verifier, db, "s", mine, T0 + MINUTES(10)));
		cr_assert_null(verifier, "[%s]", b->name);
	});
}

Test(store_oauth, an_unbound_state_is_not_taken_with_a_hash)
{
	STORE_FOREACH(b, db, {
		unsigned char mine[HASH_BYTES];
		char *verifier = NULL;
		hash_of(mine, 0x22);
		cr_assert_petory_ok(petory__store_oauth_state_put(
			db, "old", "v", T0 + MINUTES(10)));
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_oauth_state_take2(
				&verifier, db, "old", mine, T0));
		cr_assert_null(verifier, "[%s]", b->name);
	});
}

Test(store_oauth, a_login_code_is_taken_once_before_it_expires)
{
	STORE_FOREACH(b, db, {
		unsigned char c1[HASH_BYTES], c2[HASH_BYTES], c3[HASH_BYTES];
		int64_t ann = fixture_user(db, "ann@example.com");
		int64_t user = -1;
		hash_of(c1, 1);
		hash_of(c2, 2);
		hash_of(c3, 3);
		cr_assert_petory_ok(petory__store_login_code_put(
			db, c1, ann, T0 + 60000, T0));
		cr_assert_petory_ok(petory__store_login_code_put(
			db, c2, ann, T0 + 60000, T0));
		cr_assert_store_fact(
			PETORY_EEXISTS, petory__store_login_code_put(
						db, c1, ann, T0 + 60000, T0));
		cr_assert_store_fact(
			PETORY_ENOTFOUND, petory__store_login_code_put(db, c3,
						  ann + 1000, T0 + 60000, T0));

		cr_assert_petory_ok(petory__store_login_code_take(
			&user, db, c1, T0 + 59999));
		cr_assert_eq(user, ann, "[%s]", b->name);
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_login_code_take(&user, db, c1, T0));
		cr_assert_eq(user, 0);
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_login_code_take(&user, db, c3, T0));
		/* at its expiry it is no longer valid */
		cr_assert_store_fact(
			PETORY_ENOTFOUND, petory__store_login_code_take(
						  &user, db, c2, T0 + 60000));
		cr_assert_eq(user, 0);
	});
}

Test(store_oauth, a_login_code_goes_with_its_account)
{
	STORE_FOREACH(b, db, {
		unsigned char c[HASH_BYTES];
		int64_t ann = fixture_user_at(db, "ann@example.com",
			PETORY_USER_DELETED, PETORY_ROLE_USER, T0);
		petory_lifecycle_policy policy = { 0 };
		petory_lifecycle_counts counts = { 0 };
		int64_t user = -1;
		hash_of(c, 7);
		cr_assert_petory_ok(petory__store_login_code_put(
			db, c, ann, T0 + DAYS(400), T0));
		/* removed for good 1 ms after its deletion */
		policy.warn_idle_ms = DAYS(1000);
		policy.deactivate_idle_ms = DAYS(1000);
		policy.remove_after_ms = 1;
		policy.suspension_ms = DAYS(1000);
		policy.mail.subject = "s";
		policy.mail.body_before = "a";
		policy.mail.body_after = "b";
		cr_assert_petory_ok(petory__store_account_lifecycle(&counts, db,
			"lifecycle", "2026-01-01", T0 + 1000, &policy));
		free(counts.removed_files);
		cr_assert_eq(counts.removed, 1, "[%s]", b->name);
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_login_code_take(&user, db, c, T0 + 2000));
	});
}

typedef struct code_race {
	petory *db;
	const unsigned char *hash;
	int results[8];
	int64_t users[8];
} code_race;

static void take_code(void *payload, int i)
{
	code_race *r = payload;
	r->results[i] =
		petory__store_login_code_take(&r->users[i], r->db, r->hash, T0);
}

Test(store_oauth, eight_racing_takes_of_a_login_code_give_it_once)
{
	STORE_FOREACH(b, db, {
		unsigned char c[HASH_BYTES];
		int64_t ann = fixture_user(db, "ann@example.com");
		code_race r = { db, hash_of(c, 0x5A), { 0 }, { 0 } };
		cr_assert_petory_ok(petory__store_login_code_put(
			db, c, ann, T0 + 60000, T0));
		store_race(8, take_code, &r);
		cr_assert_eq(r.users[store_race_one_winner(
				     b, r.results, 8, PETORY_ENOTFOUND)],
			ann);
	});
}

typedef struct state_race {
	petory *db;
	const unsigned char *hash;
	int results[8];
	char *verifiers[8];
} state_race;

static void take_bound_state(void *payload, int i)
{
	state_race *r = payload;
	r->results[i] = petory__store_oauth_state_take2(
		&r->verifiers[i], r->db, "raced", r->hash, T0);
}

Test(store_oauth, eight_racing_takes_of_a_bound_state_give_it_once)
{
	STORE_FOREACH(b, db, {
		unsigned char h[HASH_BYTES];
		state_race r = { db, hash_of(h, 0x33), { 0 }, { 0 } };
		int i, winner;
		cr_assert_petory_ok(petory__store_oauth_state_put2(
			db, "raced", "secret", h, T0 + MINUTES(10), T0));
		store_race(8, take_bound_state, &r);
		winner = store_race_one_winner(
			b, r.results, 8, PETORY_ENOTFOUND);
		cr_assert_str_eq(r.verifiers[winner], "secret");
		for (i = 0; i < 8; i++) {
			cr_assert(i == winner || !r.verifiers[i]);
			free(r.verifiers[i]);
		}
	});
}

Test(store_oauth, puts_and_the_purge_remove_what_expired)
{
	STORE_FOREACH(b, db, {
		unsigned char h[HASH_BYTES], c[HASH_BYTES], d[HASH_BYTES];
		int64_t ann = fixture_user(db, "ann@example.com");
		int64_t removed = -1, user = 0;
		char *verifier = NULL;
		hash_of(h, 0x44);
		hash_of(c, 0x45);
		hash_of(d, 0x46);
		/* two attempts and a code, all expired at T0 + 10 min */
		cr_assert_petory_ok(petory__store_oauth_state_put2(
			db, "a", "v", h, T0 + MINUTES(10), T0));
		cr_assert_petory_ok(petory__store_oauth_state_put2(
			db, "b", "v", h, T0 + MINUTES(5), T0));
		cr_assert_petory_ok(petory__store_login_code_put(
			db, c, ann, T0 + 60000, T0));
		/* a put at T0 + 10 min removes all three: its row is left */
		cr_assert_petory_ok(petory__store_login_code_put(
			db, d, ann, T0 + MINUTES(11), T0 + MINUTES(10)));
		cr_assert_eq(clear_all(db), 1, "[%s]", b->name);

		/* the purge alone, at the expiry: nothing live is touched */
		cr_assert_petory_ok(petory__store_oauth_state_put2(
			db, "live", "v", h, T0 + MINUTES(30), T0));
		cr_assert_petory_ok(petory__store_oauth_state_put2(
			db, "dead", "v", h, T0 + MINUTES(20), T0));
		cr_assert_petory_ok(petory__store_oauth_purge(
			&removed, db, T0 + MINUTES(20)));
		cr_assert_eq(removed, 1, "[%s] removed %lld", b->name,
			(long long)removed);
		cr_assert_petory_ok(
			petory__store_oauth_purge(NULL, db, T0 + MINUTES(20)));
		cr_assert_petory_ok(petory__store_oauth_state_take2(
			&verifier, db, "live", h, T0 + MINUTES(20)));
		free(verifier);
		cr_assert_store_fact(
			PETORY_ENOTFOUND, petory__store_login_code_take(&user,
						  db, c, T0 + MINUTES(20)));
		cr_assert_eq(clear_all(db), 0, "[%s]", b->name);
	});
}

static int put_bound_state(petory *db, void *payload)
{
	const unsigned char *h = payload;
	return petory__store_oauth_state_put2(
		db, "swept", "verifier", h, T0 + MINUTES(10), T0);
}

Test(store_oauth, a_failed_bound_state_put_writes_nothing)
{
	STORE_FOREACH(b, db, {
		unsigned char h[HASH_BYTES];
		char *verifier = NULL;
		hash_of(h, 0x55);
		/* an old attempt for the put to forget */
		cr_assert_petory_ok(petory__store_oauth_state_put2(
			db, "old", "v", h, T0 - 1, T0 - MINUTES(10)));
		cr_assert_geq(store_fault_sweep(b, db, "oauth_state_put2",
				      put_bound_state, h),
			2);
		cr_assert_petory_ok(petory__store_oauth_state_take2(
			&verifier, db, "swept", h, T0));
		cr_assert_str_eq(verifier, "verifier");
		free(verifier);
	});
}

typedef struct code_put_args {
	const unsigned char *hash;
	int64_t user;
} code_put_args;

static int put_code(petory *db, void *payload)
{
	const code_put_args *a = payload;
	return petory__store_login_code_put(
		db, a->hash, a->user, T0 + 60000, T0);
}

Test(store_oauth, a_failed_login_code_put_writes_nothing)
{
	STORE_FOREACH(b, db, {
		unsigned char c[HASH_BYTES], old[HASH_BYTES];
		int64_t ann = fixture_user(db, "ann@example.com");
		code_put_args a = { hash_of(c, 0x66), ann };
		int64_t user = 0;
		cr_assert_petory_ok(petory__store_login_code_put(
			db, hash_of(old, 0x67), ann, T0 - 1, T0 - 60000));
		cr_assert_geq(store_fault_sweep(
				      b, db, "login_code_put", put_code, &a),
			2);
		cr_assert_petory_ok(
			petory__store_login_code_take(&user, db, c, T0));
		cr_assert_eq(user, ann);
	});
}
