/* users.c -- conformance of the users table: accounts (keys, profile,
 * compare-and-set of status and roles, logins, lists, the verified email
 * and the password), OAuth2 login states and account tokens (single
 * use). */
#include <stdlib.h>

#include "accounts_fixture.h"

#define T0 TEST_EPOCH_MS
#define BIT(s) (1u << (s))

Test(store_users, insert_get_and_auth_state_read_back_the_account)
{
	STORE_FOREACH(b, db, {
		petory_user *u = NULL;
		petory_user_secret secret = { 0 };
		petory_user_auth_state state;
		int64_t id = fixture_user(db, "Ann@Example.com");

		cr_assert_petory_ok(
			petory__store_user_get(&u, &secret, db, id));
		cr_assert_eq(u->id, id);
		cr_assert_str_eq(u->email, "Ann@Example.com");
		cr_assert_str_eq(u->nickname, "Ann");
		cr_assert_null(u->mobile_num);
		cr_assert_str_eq(u->timezone, "Asia/Seoul");
		cr_assert_eq(u->roles, PETORY_ROLE_USER);
		cr_assert_eq(u->status, PETORY_USER_ACTIVE);
		cr_assert_eq(u->created_at, T0);
		cr_assert_eq(u->status_changed_at, T0);
		cr_assert_eq(u->last_login_at, 0);
		cr_assert_str_eq(secret.password_hash, "hash");
		cr_assert_eq(secret.token_version, 0);
		free(secret.password_hash);
		petory_user_free(u);

		cr_assert_petory_ok(petory__store_user_get_by_email(
			&u, NULL, db, "ann@example.com"));
		cr_assert_eq(u->id, id, "[%s]", b->name);
		petory_user_free(u);
		cr_assert_petory_ok(
			petory__store_user_auth_state(&state, db, id));
		cr_assert_eq(state.status, PETORY_USER_ACTIVE);
		cr_assert_eq(state.roles, PETORY_ROLE_USER);
		cr_assert_eq(state.token_version, 0);

		/* absent accounts are a fact, not an API answer */
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_user_get(&u, NULL, db, id + 100));
		cr_assert_null(u);
		cr_assert_store_fact(
			PETORY_ENOTFOUND, petory__store_user_get_by_email(&u,
						  NULL, db, "Ann@Example.com"));
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_user_auth_state(&state, db, id + 100));
	});
}

Test(store_users, a_taken_email_is_eexists_and_writes_nothing)
{
	STORE_FOREACH(b, db, {
		petory_user u = { .email = "ANN@example.com",
			.nickname = "other",
			.timezone = "UTC",
			.roles = PETORY_ROLE_USER,
			.created_at = T0 };
		char *before, *after;
		fixture_user(db, "ann@example.com");
		before = b->snapshot(db);
		cr_assert_store_fact(
			PETORY_EEXISTS, petory__store_user_insert(db, &u,
						"ann@example.com", NULL));
		after = b->snapshot(db);
		store_assert_unchanged(before, after, "a duplicate insert");
		free(before);
		free(after);
	});
}

typedef struct signup_race {
	petory *db;
	int results[16];
	int64_t ids[16];
} signup_race;

static void insert_same_email(void *payload, int i)
{
	signup_race *r = payload;
	char nickname[16];
	petory_user u = { .email = "raced@example.com",
		.timezone = "UTC",
		.roles = PETORY_ROLE_USER,
		.created_at = T0 };
	snprintf(nickname, sizeof(nickname), "racer%d", i);
	u.nickname = nickname;
	r->results[i] = petory__store_user_insert(
		r->db, &u, "raced@example.com", "hash");
	r->ids[i] = u.id;
}

Test(store_users, sixteen_racing_inserts_of_one_email_make_one_account)
{
	STORE_FOREACH(b, db, {
		signup_race r = { db, { 0 }, { 0 } };
		petory_user *u = NULL;
		int i, won = -1;
		store_race(16, insert_same_email, &r);
		for (i = 0; i < 16; i++) {
			if (r.results[i] == 0) {
				cr_assert_eq(
					won, -1, "[%s] two winners", b->name);
				won = i;
			} else {
				cr_assert_eq(r.results[i], PETORY_EEXISTS,
					"[%s] racer %d: %s", b->name, i,
					petory_error_name(r.results[i]));
			}
		}
		cr_assert_neq(won, -1, "[%s] nobody won", b->name);
		cr_assert_petory_ok(petory__store_user_get_by_email(
			&u, NULL, db, "raced@example.com"));
		cr_assert_eq(u->id, r.ids[won]);
		petory_user_free(u);
	});
}

Test(store_users, update_profile_applies_the_given_fields)
{
	STORE_FOREACH(b, db, {
		petory_user_patch set = { .nickname = "Annie",
			.mobile_num = "01012345678",
			.timezone = "UTC" };
		petory_user_patch clear = { .mobile_num = "" };
		petory_user *u = NULL;
		int64_t id = fixture_user(db, "ann@example.com");

		cr_assert_petory_ok(petory__store_user_update_profile(
			db, id, &set, T0 + 5));
		cr_assert_petory_ok(petory__store_user_get(&u, NULL, db, id));
		cr_assert_str_eq(u->nickname, "Annie");
		cr_assert_str_eq(u->mobile_num, "01012345678");
		cr_assert_str_eq(u->timezone, "UTC");
		cr_assert_eq(u->updated_at, T0 + 5);
		petory_user_free(u);

		cr_assert_petory_ok(petory__store_user_update_profile(
			db, id, &clear, T0 + 6));
		cr_assert_petory_ok(petory__store_user_get(&u, NULL, db, id));
		cr_assert_null(u->mobile_num, "[%s]", b->name);
		cr_assert_str_eq(u->nickname, "Annie");
		petory_user_free(u);

		cr_assert_store_fact(
			PETORY_ENOTFOUND, petory__store_user_update_profile(
						  db, id + 1, &set, T0 + 7));
	});
}

Test(store_users, set_status_is_a_compare_and_set)
{
	STORE_FOREACH(b, db, {
		petory_user_auth_state state;
		petory_user *u = NULL;
		int64_t id = fixture_user(db, "ann@example.com");
		char *before, *after;

		cr_assert_petory_ok(petory__store_user_set_status(db, id,
			BIT(PETORY_USER_ACTIVE), PETORY_USER_SUSPENDED, 1,
			T0 + 10));
		cr_assert_petory_ok(
			petory__store_user_auth_state(&state, db, id));
		cr_assert_eq(state.status, PETORY_USER_SUSPENDED);
		cr_assert_eq(state.token_version, 1);
		cr_assert_petory_ok(petory__store_user_get(&u, NULL, db, id));
		cr_assert_eq(u->status_changed_at, T0 + 10);
		petory_user_free(u);

		/* the same move again loses: the status is elsewhere now */
		before = b->snapshot(db);
		cr_assert_store_fact(PETORY_ECONFLICT,
			petory__store_user_set_status(db, id,
				BIT(PETORY_USER_ACTIVE), PETORY_USER_SUSPENDED,
				1, T0 + 11));
		after = b->snapshot(db);
		store_assert_unchanged(before, after, "a lost set_status");
		free(before);
		free(after);

		cr_assert_petory_ok(petory__store_user_set_status(db, id,
			BIT(PETORY_USER_SUSPENDED), PETORY_USER_ACTIVE, 0,
			T0 + 12));
		cr_assert_petory_ok(
			petory__store_user_auth_state(&state, db, id));
		cr_assert_eq(state.status, PETORY_USER_ACTIVE, "[%s]", b->name);
		cr_assert_eq(state.token_version, 1);

		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_user_set_status(db, id + 1,
				BIT(PETORY_USER_ACTIVE), PETORY_USER_SUSPENDED,
				1, T0 + 13));
	});
}

Test(store_users, set_roles_is_a_compare_and_set)
{
	STORE_FOREACH(b, db, {
		petory_user_auth_state state;
		unsigned both = PETORY_ROLE_USER | PETORY_ROLE_ADMIN;
		int64_t id = fixture_user(db, "ann@example.com");

		cr_assert_petory_ok(petory__store_user_set_roles(
			db, id, PETORY_ROLE_USER, both, T0 + 1));
		cr_assert_petory_ok(
			petory__store_user_auth_state(&state, db, id));
		cr_assert_eq(state.roles, both);
		/* someone else's change came first */
		cr_assert_store_fact(PETORY_ECONFLICT,
			petory__store_user_set_roles(db, id, PETORY_ROLE_USER,
				PETORY_ROLE_ADMIN, T0 + 2));
		cr_assert_petory_ok(
			petory__store_user_auth_state(&state, db, id));
		cr_assert_eq(state.roles, both, "[%s]", b->name);
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_user_set_roles(
				db, id + 1, PETORY_ROLE_USER, both, T0 + 3));
	});
}

typedef struct cas_race {
	petory *db;
	int64_t id;
	int results[8];
} cas_race;

static void suspend_one(void *payload, int i)
{
	cas_race *r = payload;
	r->results[i] = petory__store_user_set_status(r->db, r->id,
		BIT(PETORY_USER_ACTIVE), PETORY_USER_SUSPENDED, 1, T0 + i);
}

static void grant_admin(void *payload, int i)
{
	cas_race *r = payload;
	r->results[i] = petory__store_user_set_roles(r->db, r->id,
		PETORY_ROLE_USER, PETORY_ROLE_USER | PETORY_ROLE_ADMIN, T0 + i);
}

/* Exactly one of the racers won; the others lost with ECONFLICT. */
static void assert_one_winner(const cas_race *r, const char *what)
{
	int i, won = 0;
	for (i = 0; i < 8; i++) {
		if (r->results[i] == 0)
			won++;
		else
			cr_assert_eq(r->results[i], PETORY_ECONFLICT,
				"%s %d: %s", what, i,
				petory_error_name(r->results[i]));
	}
	cr_assert_eq(won, 1, "%s: %d winners", what, won);
}

Test(store_users, racing_compare_and_sets_have_one_winner)
{
	STORE_FOREACH(b, db, {
		cas_race r = { db, fixture_user(db, "ann@example.com"), { 0 } };
		petory_user_auth_state state;
		store_race(8, suspend_one, &r);
		assert_one_winner(&r, "set_status");
		cr_assert_petory_ok(
			petory__store_user_auth_state(&state, db, r.id));
		cr_assert_eq(state.token_version, 1, "[%s]", b->name);

		memset(r.results, 0, sizeof(r.results));
		store_race(8, grant_admin, &r);
		assert_one_winner(&r, "set_roles");
	});
}

Test(store_users, record_login_notes_the_time_and_may_reactivate)
{
	STORE_FOREACH(b, db, {
		petory_user *u = NULL;
		int64_t gone = fixture_user_at(db, "gone@example.com",
			PETORY_USER_DEACTIVATED, PETORY_ROLE_USER, T0);
		int64_t closed = fixture_user_at(db, "closed@example.com",
			PETORY_USER_DELETED, PETORY_ROLE_USER, T0);

		cr_assert_petory_ok(petory__store_user_record_login(
			db, closed, 0, T0 + 50));
		cr_assert_petory_ok(
			petory__store_user_get(&u, NULL, db, closed));
		cr_assert_eq(u->status, PETORY_USER_DELETED);
		cr_assert_eq(u->last_login_at, T0 + 50);
		cr_assert_eq(u->status_changed_at, T0);
		petory_user_free(u);

		cr_assert_petory_ok(
			petory__store_user_record_login(db, gone, 1, T0 + 60));
		cr_assert_petory_ok(petory__store_user_get(&u, NULL, db, gone));
		cr_assert_eq(u->status, PETORY_USER_ACTIVE, "[%s]", b->name);
		cr_assert_eq(u->last_login_at, T0 + 60);
		cr_assert_eq(u->status_changed_at, T0 + 60);
		petory_user_free(u);

		cr_assert_store_fact(
			PETORY_ENOTFOUND, petory__store_user_record_login(
						  db, gone + 100, 0, T0 + 70));
	});
}

Test(store_users, list_is_newest_first_and_matches_email_or_nickname)
{
	STORE_FOREACH(b, db, {
		petory_user_page page = { 0 };
		int64_t ann = fixture_user(db, "ann@example.com");
		int64_t bob = fixture_user(db, "bob@sample.org");
		int64_t odd = fixture_user(db, "100%_real@example.com");
		petory_user_patch nick = { .nickname = "BOBBY" };
		cr_assert_petory_ok(
			petory__store_user_update_profile(db, ann, &nick, T0));

		cr_assert_petory_ok(
			petory__store_user_list(&page, db, NULL, 0, 2));
		cr_assert_eq(page.total, 3);
		cr_assert_eq(page.count, 2);
		cr_assert_eq(page.items[0].id, odd);
		cr_assert_eq(page.items[1].id, bob);
		petory_user_page_dispose(&page);
		cr_assert_petory_ok(
			petory__store_user_list(&page, db, NULL, 2, 2));
		cr_assert_eq(page.count, 1);
		cr_assert_eq(page.items[0].id, ann);
		petory_user_page_dispose(&page);

		/* ASCII case ignored, in the email or the nickname */
		cr_assert_petory_ok(
			petory__store_user_list(&page, db, "bob", 0, 10));
		cr_assert_eq(page.total, 2, "[%s]", b->name);
		cr_assert_eq(page.items[0].id, bob);
		cr_assert_eq(page.items[1].id, ann);
		petory_user_page_dispose(&page);
		/* '%' and '_' are plain characters */
		cr_assert_petory_ok(
			petory__store_user_list(&page, db, "0%_", 0, 10));
		cr_assert_eq(page.total, 1);
		cr_assert_eq(page.items[0].id, odd);
		petory_user_page_dispose(&page);
		cr_assert_petory_ok(
			petory__store_user_list(&page, db, "%", 0, 10));
		cr_assert_eq(page.total, 1);
		petory_user_page_dispose(&page);
	});
}

Test(store_users, count_active_admins_counts_only_active_admins)
{
	STORE_FOREACH(b, db, {
		unsigned admin = PETORY_ROLE_USER | PETORY_ROLE_ADMIN;
		int64_t count = -1;
		cr_assert_petory_ok(
			petory__store_user_count_active_admins(&count, db));
		cr_assert_eq(count, 0);
		fixture_user(db, "user@example.com");
		fixture_user_at(
			db, "a1@example.com", PETORY_USER_ACTIVE, admin, T0);
		fixture_user_at(db, "a2@example.com", PETORY_USER_ACTIVE,
			PETORY_ROLE_ADMIN, T0);
		fixture_user_at(
			db, "a3@example.com", PETORY_USER_SUSPENDED, admin, T0);
		cr_assert_petory_ok(
			petory__store_user_count_active_admins(&count, db));
		cr_assert_eq(count, 2, "[%s]", b->name);
	});
}

Test(store_users, an_oauth_state_is_taken_once_before_it_expires)
{
	STORE_FOREACH(b, db, {
		char *verifier = NULL;
		cr_assert_petory_ok(petory__store_oauth_state_put(
			db, "s1", "v1", T0 + MINUTES(10)));
		cr_assert_petory_ok(petory__store_oauth_state_put(
			db, "s2", "v2", T0 + MINUTES(10)));
		cr_assert_store_fact(
			PETORY_EEXISTS, petory__store_oauth_state_put(db, "s1",
						"other", T0 + MINUTES(10)));

		cr_assert_petory_ok(petory__store_oauth_state_take(
			&verifier, db, "s1", T0));
		cr_assert_str_eq(verifier, "v1");
		free(verifier);
		cr_assert_store_fact(
			PETORY_ENOTFOUND, petory__store_oauth_state_take(
						  &verifier, db, "s1", T0));
		cr_assert_null(verifier);
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_oauth_state_take(
				&verifier, db, "unknown", T0));
		/* at its expiry it is no longer valid */
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_oauth_state_take(
				&verifier, db, "s2", T0 + MINUTES(10)));
		cr_assert_null(verifier, "[%s]", b->name);
	});
}

typedef struct take_race {
	petory *db;
	int results[8];
	char *verifiers[8];
} take_race;

static void take_state(void *payload, int i)
{
	take_race *r = payload;
	r->results[i] = petory__store_oauth_state_take(
		&r->verifiers[i], r->db, "raced", T0);
}

Test(store_users, eight_racing_takes_of_a_state_give_its_verifier_once)
{
	STORE_FOREACH(b, db, {
		take_race r = { db, { 0 }, { 0 } };
		int i, winner;
		cr_assert_petory_ok(petory__store_oauth_state_put(
			db, "raced", "secret", T0 + MINUTES(10)));
		store_race(8, take_state, &r);
		winner = store_race_one_winner(
			b, r.results, 8, PETORY_ENOTFOUND);
		cr_assert_str_eq(r.verifiers[winner], "secret");
		for (i = 0; i < 8; i++) {
			cr_assert(i == winner || !r.verifiers[i]);
			free(r.verifiers[i]);
		}
	});
}

static int put_state(petory *db, void *payload)
{
	(void)payload;
	return petory__store_oauth_state_put(
		db, "swept", "verifier", T0 + MINUTES(10));
}

Test(store_users, a_failed_oauth_state_put_writes_nothing)
{
	STORE_FOREACH(b, db, {
		char *verifier = NULL;
		/* an old attempt for the put to forget */
		cr_assert_petory_ok(petory__store_oauth_state_put(
			db, "old", "v", T0 - MINUTES(120)));
		cr_assert_geq(store_fault_sweep(b, db, "oauth_state_put",
				      put_state, NULL),
			2);
		cr_assert_petory_ok(petory__store_oauth_state_take(
			&verifier, db, "swept", T0));
		cr_assert_str_eq(verifier, "verifier");
		free(verifier);
	});
}

Test(store_users, email_verified_is_stored_and_marked_once)
{
	STORE_FOREACH(b, db, {
		petory_user *u = NULL, fresh = { 0 };
		int64_t id = fixture_user(db, "unverified@example.com");
		int changed = -1;

		cr_assert_petory_ok(petory__store_user_get(&u, NULL, db, id));
		cr_assert_eq(u->email_verified, 0, "[%s]", b->name);
		petory_user_free(u);
		cr_assert_petory_ok(petory__store_user_mark_email_verified(
			&changed, db, id, T0 + 5));
		cr_assert_eq(changed, 1);
		cr_assert_petory_ok(petory__store_user_get(&u, NULL, db, id));
		cr_assert_eq(u->email_verified, 1);
		cr_assert_eq(u->updated_at, T0 + 5);
		petory_user_free(u);
		cr_assert_petory_ok(petory__store_user_mark_email_verified(
			&changed, db, id, T0 + 9));
		cr_assert_eq(changed, 0, "[%s] verified already", b->name);
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_user_mark_email_verified(
				NULL, db, id + 100, T0));

		/* inserted verified (an account made by Google) */
		fresh.email = "google@example.com";
		fresh.nickname = "g";
		fresh.timezone = "Asia/Seoul";
		fresh.roles = PETORY_ROLE_USER;
		fresh.created_at = T0;
		fresh.email_verified = 1;
		cr_assert_petory_ok(petory__store_user_insert(
			db, &fresh, "google@example.com", NULL));
		cr_assert_petory_ok(petory__store_user_get_by_email(
			&u, NULL, db, "google@example.com"));
		cr_assert_eq(u->email_verified, 1, "[%s]", b->name);
		petory_user_free(u);
	});
}

Test(store_users, set_password_replaces_or_clears_and_may_bump_tokens)
{
	STORE_FOREACH(b, db, {
		petory_user *u = NULL;
		petory_user_secret secret = { 0 };
		int64_t id = fixture_user(db, "pw@example.com");

		cr_assert_petory_ok(petory__store_user_set_password(
			db, id, "new-hash", 0, T0 + 1));
		cr_assert_petory_ok(
			petory__store_user_get(&u, &secret, db, id));
		cr_assert_str_eq(secret.password_hash, "new-hash");
		cr_assert_eq(secret.token_version, 0);
		cr_assert_eq(u->updated_at, T0 + 1);
		free(secret.password_hash);
		petory_user_free(u);
		cr_assert_petory_ok(petory__store_user_set_password(
			db, id, NULL, 1, T0 + 2));
		cr_assert_petory_ok(
			petory__store_user_get(&u, &secret, db, id));
		cr_assert_null(secret.password_hash, "[%s]", b->name);
		cr_assert_eq(secret.token_version, 1);
		petory_user_free(u);
		cr_assert_store_fact(
			PETORY_ENOTFOUND, petory__store_user_set_password(
						  db, id + 100, "h", 1, T0));
	});
}

Test(store_users, take_over_is_a_compare_and_set_on_the_unverified_email)
{
	STORE_FOREACH(b, db, {
		petory_user *u = NULL;
		petory_user_secret secret = { 0 };
		int64_t id = fixture_user(db, "squatted@example.com");

		cr_assert_petory_ok(
			petory__store_user_take_over(db, id, T0 + 3));
		cr_assert_petory_ok(
			petory__store_user_get(&u, &secret, db, id));
		cr_assert_null(secret.password_hash, "[%s]", b->name);
		cr_assert_eq(secret.token_version, 1);
		cr_assert_eq(u->email_verified, 1);
		cr_assert_eq(u->updated_at, T0 + 3);
		petory_user_free(u);
		/* verified now: a second take-over changes nothing */
		cr_assert_petory_ok(petory__store_user_set_password(
			db, id, "owner-hash", 0, T0 + 4));
		cr_assert_store_fact(PETORY_ECONFLICT,
			petory__store_user_take_over(db, id, T0 + 5));
		cr_assert_petory_ok(
			petory__store_user_get(&u, &secret, db, id));
		cr_assert_str_eq(secret.password_hash, "owner-hash");
		cr_assert_eq(secret.token_version, 1);
		free(secret.password_hash);
		petory_user_free(u);
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_user_take_over(db, id + 100, T0));
	});
}

static void fill_hash(unsigned char hash[32], unsigned char seed)
{
	memset(hash, seed, 32);
}

Test(store_users, an_account_token_is_taken_once_for_its_purpose)
{
	STORE_FOREACH(b, db, {
		unsigned char h1[32], h2[32], h3[32];
		int64_t id = fixture_user(db, "tok@example.com");
		int64_t other = fixture_user(db, "tok2@example.com");
		int64_t got = -1;

		fill_hash(h1, 1);
		fill_hash(h2, 2);
		fill_hash(h3, 3);
		cr_assert_petory_ok(petory__store_account_token_put(db,
			PETORY_ACCOUNT_TOKEN_VERIFY_EMAIL, h1, id,
			T0 + MINUTES(10), T0));
		cr_assert_petory_ok(petory__store_account_token_put(db,
			PETORY_ACCOUNT_TOKEN_RESET_PASSWORD, h2, id,
			T0 + MINUTES(10), T0));
		cr_assert_store_fact(PETORY_EEXISTS,
			petory__store_account_token_put(db,
				PETORY_ACCOUNT_TOKEN_VERIFY_EMAIL, h1, other,
				T0 + MINUTES(10), T0));
		/* the wrong purpose finds nothing and spends nothing */
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_account_token_take(&got, db,
				PETORY_ACCOUNT_TOKEN_RESET_PASSWORD, h1, T0));
		cr_assert_petory_ok(petory__store_account_token_take(
			&got, db, PETORY_ACCOUNT_TOKEN_VERIFY_EMAIL, h1, T0));
		cr_assert_eq(got, id, "[%s]", b->name);
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_account_token_take(&got, db,
				PETORY_ACCOUNT_TOKEN_VERIFY_EMAIL, h1, T0));
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_account_token_take(&got, db,
				PETORY_ACCOUNT_TOKEN_VERIFY_EMAIL, h3, T0));
		/* at its expiry it is no longer valid */
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_account_token_take(&got, db,
				PETORY_ACCOUNT_TOKEN_RESET_PASSWORD, h2,
				T0 + MINUTES(10)));
	});
}

Test(store_users, dropping_a_users_tokens_keeps_the_others)
{
	STORE_FOREACH(b, db, {
		unsigned char h1[32], h2[32], h3[32];
		int64_t id = fixture_user(db, "drop@example.com");
		int64_t other = fixture_user(db, "keep@example.com");
		int64_t got = 0;

		fill_hash(h1, 1);
		fill_hash(h2, 2);
		fill_hash(h3, 3);
		cr_assert_petory_ok(petory__store_account_token_put(db,
			PETORY_ACCOUNT_TOKEN_RESET_PASSWORD, h1, id,
			T0 + MINUTES(30), T0));
		cr_assert_petory_ok(petory__store_account_token_put(db,
			PETORY_ACCOUNT_TOKEN_VERIFY_EMAIL, h2, id,
			T0 + MINUTES(30), T0));
		cr_assert_petory_ok(petory__store_account_token_put(db,
			PETORY_ACCOUNT_TOKEN_RESET_PASSWORD, h3, other,
			T0 + MINUTES(30), T0));
		cr_assert_petory_ok(petory__store_account_token_drop_user(
			db, id, PETORY_ACCOUNT_TOKEN_RESET_PASSWORD));
		cr_assert_petory_ok(petory__store_account_token_drop_user(
			db, id + 100, PETORY_ACCOUNT_TOKEN_RESET_PASSWORD));
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_account_token_take(&got, db,
				PETORY_ACCOUNT_TOKEN_RESET_PASSWORD, h1, T0));
		cr_assert_petory_ok(petory__store_account_token_take(
			&got, db, PETORY_ACCOUNT_TOKEN_VERIFY_EMAIL, h2, T0));
		cr_assert_eq(got, id);
		cr_assert_petory_ok(petory__store_account_token_take(
			&got, db, PETORY_ACCOUNT_TOKEN_RESET_PASSWORD, h3, T0));
		cr_assert_eq(got, other, "[%s]", b->name);
	});
}

Test(store_users, putting_a_token_forgets_the_expired_ones)
{
	STORE_FOREACH(b, db, {
		unsigned char old[32], fresh[32];
		int64_t id = fixture_user(db, "purge@example.com");
		int64_t got = 0;

		fill_hash(old, 7);
		fill_hash(fresh, 8);
		cr_assert_petory_ok(petory__store_account_token_put(db,
			PETORY_ACCOUNT_TOKEN_VERIFY_EMAIL, old, id,
			T0 + MINUTES(1), T0));
		cr_assert_petory_ok(petory__store_account_token_put(db,
			PETORY_ACCOUNT_TOKEN_VERIFY_EMAIL, fresh, id,
			T0 + MINUTES(60), T0 + MINUTES(2)));
		/* the expired row is gone: its hash is free again */
		cr_assert_petory_ok(petory__store_account_token_put(db,
			PETORY_ACCOUNT_TOKEN_VERIFY_EMAIL, old, id,
			T0 + MINUTES(60), T0 + MINUTES(2)));
		cr_assert_petory_ok(petory__store_account_token_take(&got, db,
			PETORY_ACCOUNT_TOKEN_VERIFY_EMAIL, fresh,
			T0 + MINUTES(2)));
	});
}

typedef struct token_race {
	petory *db;
	int results[8];
	int64_t users[8];
} token_race;

static void take_token(void *payload, int i)
{
	token_race *r = payload;
	unsigned char h[32];
	fill_hash(h, 42);
	r->results[i] = petory__store_account_token_take(&r->users[i], r->db,
		PETORY_ACCOUNT_TOKEN_RESET_PASSWORD, h, T0);
}

Test(store_users, eight_racing_takes_of_a_token_give_it_once)
{
	STORE_FOREACH(b, db, {
		token_race r = { db, { 0 }, { 0 } };
		unsigned char h[32];
		int64_t id = fixture_user(db, "race@example.com");
		fill_hash(h, 42);
		cr_assert_petory_ok(petory__store_account_token_put(db,
			PETORY_ACCOUNT_TOKEN_RESET_PASSWORD, h, id,
			T0 + MINUTES(30), T0));
		store_race(8, take_token, &r);
		cr_assert_eq(r.users[store_race_one_winner(
				     b, r.results, 8, PETORY_ENOTFOUND)],
			id);
	});
}

static int put_token(petory *db, void *payload)
{
	unsigned char h[32];
	fill_hash(h, 9);
	return petory__store_account_token_put(db,
		PETORY_ACCOUNT_TOKEN_RESET_PASSWORD, h, *(int64_t *)payload,
		T0 + MINUTES(30), T0);
}

Test(store_users, a_failed_account_token_put_writes_nothing)
{
	STORE_FOREACH(b, db, {
		unsigned char h[32];
		int64_t id = fixture_user(db, "sweep@example.com");
		int64_t got = 0;
		fill_hash(h, 9);
		cr_assert_geq(store_fault_sweep(b, db, "account_token_put",
				      put_token, &id),
			2);
		cr_assert_petory_ok(petory__store_account_token_take(
			&got, db, PETORY_ACCOUNT_TOKEN_RESET_PASSWORD, h, T0));
		cr_assert_eq(got, id, "[%s]", b->name);
	});
}
