/* auth.c -- signup, login, tokens over time (injected clock), reissue
 * with reuse detection, logout, and the login rate limits. */
#include <string.h>

#include "petory_test.h"

static petory *db;

static void setup(void)
{
	test_clock_now = TEST_EPOCH_MS;
	db = test_db_open();
}

static void teardown(void)
{
	test_db_close(db);
}

TestSuite(auth, .init = setup, .fini = teardown);

Test(auth, signup_validates_every_field_at_once)
{
	petory_new_user in = { "not-an-email", "short", "" };
	petory_user *u = NULL;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_auth_signup(&u, db, &in, NULL, NULL));
	cr_assert_null(u);
	const petory_error *e = petory_error_last();
	cr_assert_eq(e->field_count, 3);
	cr_assert_str_eq(e->fields[0].field, "email");
	cr_assert_str_eq(e->fields[1].field, "password");
	cr_assert_str_eq(e->fields[2].field, "nickname");
}

Test(auth, signup_rejects_duplicate_email_in_any_case)
{
	petory_new_user in = { "Dup@Example.com", "password1", "dup" };
	petory_user *u = NULL;
	test_user(db, "dup@example.com");
	cr_assert_petory_fails(PETORY_EEXISTS, "DUPLICATE_EMAIL",
		petory_auth_signup(&u, db, &in, NULL, NULL));
}

Test(auth, signup_returns_the_new_account)
{
	petory_new_user in = { "New@Example.com", "12345678", "새 사용자" };
	petory_user *u = NULL;
	cr_assert_petory_ok(petory_auth_signup(&u, db, &in, NULL, NULL));
	cr_assert_gt(u->id, 0);
	cr_assert_str_eq(u->email, "New@Example.com");
	cr_assert_eq(u->roles, PETORY_ROLE_USER);
	cr_assert_eq(u->status, PETORY_USER_ACTIVE);
	cr_assert_str_eq(u->timezone, "Asia/Seoul");
	cr_assert_eq(u->created_at, TEST_EPOCH_MS);
	petory_user_free(u);
}

Test(auth, login_is_the_same_for_unknown_email_and_wrong_password)
{
	petory_tokens t;
	test_user(db, "real@example.com");
	cr_assert_petory_fails(PETORY_EAUTH, "BAD_CREDENTIALS",
		petory_auth_login(
			&t, db, "real@example.com", "wrong pass", NULL, NULL));
	char wrong[128];
	strcpy(wrong, petory_error_last()->message);
	cr_assert_petory_fails(PETORY_EAUTH, "BAD_CREDENTIALS",
		petory_auth_login(
			&t, db, "ghost@example.com", "wrong pass", NULL, NULL));
	cr_assert_str_eq(petory_error_last()->message, wrong);
	cr_assert_null(t.access_token);
}

Test(auth, login_ignores_email_case_and_issues_a_verifiable_pair)
{
	petory_tokens t;
	petory_identity id;
	int64_t uid = test_user(db, "case@example.com");
	cr_assert_petory_ok(petory_auth_login(
		&t, db, "CASE@Example.COM", "correct horse", NULL, NULL));
	cr_assert_eq(t.expires_in, 900);
	cr_assert_eq(t.user_id, uid);
	cr_assert_neq(strncmp(t.access_token, "Bearer", 6), 0);
	cr_assert_petory_ok(petory_auth_verify(&id, db, t.access_token));
	cr_assert_eq(id.user_id, uid);
	cr_assert_eq(id.roles, PETORY_ROLE_USER);
	petory_tokens_dispose(&t);
}

Test(auth, access_token_expires_with_the_clock)
{
	petory_tokens t;
	petory_identity id;
	test_user(db, "clock@example.com");
	test_login(&t, db, "clock@example.com");
	test_clock_now += MINUTES(14);
	cr_assert_petory_ok(petory_auth_verify(&id, db, t.access_token));
	test_clock_now += MINUTES(1);
	cr_assert_petory_fails(PETORY_EAUTH, "EXPIRED_TOKEN",
		petory_auth_verify(&id, db, t.access_token));
	petory_tokens_dispose(&t);
}

Test(auth, reissue_rotates_and_detects_reuse)
{
	petory_tokens first, second, again;
	petory_identity id;
	test_user(db, "rot@example.com");
	test_login(&first, db, "rot@example.com");
	cr_assert_petory_ok(
		petory_auth_reissue(&second, db, first.refresh_token));
	cr_assert_str_neq(second.refresh_token, first.refresh_token);
	cr_assert_petory_ok(petory_auth_verify(&id, db, second.access_token));
	/* The spent token comes back: the whole login is revoked. */
	cr_assert_petory_fails(PETORY_EAUTH, "REFRESH_TOKEN_REUSED",
		petory_auth_reissue(&again, db, first.refresh_token));
	cr_assert_petory_fails(PETORY_EAUTH, "REVOKED_TOKEN",
		petory_auth_verify(&id, db, second.access_token));
	cr_assert_petory_fails(PETORY_EAUTH, NULL,
		petory_auth_reissue(&again, db, second.refresh_token));
	cr_assert_petory_fails(PETORY_EAUTH, "INVALID_TOKEN",
		petory_auth_reissue(&again, db, "no-such-token"));
	cr_assert_petory_fails(
		PETORY_EINVALID, NULL, petory_auth_reissue(&again, db, ""));
	petory_tokens_dispose(&first);
	petory_tokens_dispose(&second);
}

Test(auth, refresh_expires_with_the_session)
{
	petory_tokens t, n;
	test_user(db, "old@example.com");
	test_login(&t, db, "old@example.com");
	test_clock_now += DAYS(14) + 1;
	cr_assert_petory_fails(PETORY_EAUTH, "EXPIRED_TOKEN",
		petory_auth_reissue(&n, db, t.refresh_token));
	petory_tokens_dispose(&t);
}

Test(auth, logout_revokes_only_that_login)
{
	petory_tokens a, b, n;
	petory_identity ida, idb;
	test_user(db, "two@example.com");
	test_login(&a, db, "two@example.com");
	test_login(&b, db, "two@example.com");
	cr_assert_petory_ok(petory_auth_verify(&ida, db, a.access_token));
	cr_assert_petory_ok(petory_auth_logout(db, &ida));
	cr_assert_petory_fails(PETORY_EAUTH, "REVOKED_TOKEN",
		petory_auth_verify(&ida, db, a.access_token));
	cr_assert_petory_fails(PETORY_EAUTH, "INVALID_TOKEN",
		petory_auth_reissue(&n, db, a.refresh_token));
	cr_assert_petory_ok(petory_auth_verify(&idb, db, b.access_token));
	petory_tokens_dispose(&a);
	petory_tokens_dispose(&b);
}

Test(auth, email_failures_are_limited_per_window)
{
	petory_tokens t;
	petory_rate_info r;
	int i;
	test_user(db, "limit@example.com");
	for (i = 0; i < 10; i++)
		cr_assert_petory_fails(PETORY_EAUTH, "BAD_CREDENTIALS",
			petory_auth_login(&t, db, "limit@example.com",
				"bad-pass", NULL, &r));
	cr_assert_eq(r.applies, 1);
	cr_assert_eq(r.limit, 10);
	/* Over the limit even the right password is refused. */
	cr_assert_petory_fails(PETORY_ERATELIMIT, "TOO_MANY_REQUESTS",
		petory_auth_login(&t, db, "limit@example.com", "correct horse",
			NULL, &r));
	cr_assert_gt(r.retry_after_s, 0);
	cr_assert_leq(r.retry_after_s, 15 * 60);
	cr_assert_eq(r.remaining, 0);
	test_clock_now += MINUTES(15);
	cr_assert_petory_ok(petory_auth_login(
		&t, db, "limit@example.com", "correct horse", NULL, &r));
	petory_tokens_dispose(&t);
}

Test(auth, ip_attempts_are_limited)
{
	petory_options o;
	petory_tokens t;
	petory_rate_info r;
	int i;
	petory_close(db);
	test_options(&o);
	o.login_ip.limit = 3;
	o.login_ip.window_s = 60;
	cr_assert_petory_ok(petory_open(&db, &o));
	test_user(db, "ip@example.com");
	for (i = 0; i < 3; i++) {
		cr_assert_petory_ok(petory_auth_login(&t, db, "ip@example.com",
			"correct horse", "10.0.0.1", &r));
		cr_assert_eq(r.remaining, 2 - i);
		petory_tokens_dispose(&t);
	}
	cr_assert_petory_fails(PETORY_ERATELIMIT, NULL,
		petory_auth_login(&t, db, "ip@example.com", "correct horse",
			"10.0.0.1", &r));
	cr_assert_eq(r.retry_after_s, 60);
	/* Another address is not affected. */
	cr_assert_petory_ok(petory_auth_login(
		&t, db, "ip@example.com", "correct horse", "10.0.0.2", &r));
	petory_tokens_dispose(&t);
}

Test(auth, deleted_account_reactivates_within_90_days_only)
{
	petory_tokens t;
	petory_identity id;
	petory_user *u;
	int64_t uid = test_user(db, "back@example.com");
	test_login(&t, db, "back@example.com");
	cr_assert_petory_ok(petory_auth_verify(&id, db, t.access_token));
	cr_assert_petory_ok(petory_user_delete(db, &id, uid));
	cr_assert_petory_fails(PETORY_EAUTH, NULL,
		petory_auth_verify(&id, db, t.access_token));
	petory_tokens_dispose(&t);
	test_clock_now += DAYS(89);
	test_login(&t, db, "back@example.com");
	cr_assert_petory_ok(
		petory_user_get(&u, db, petory_identity_system(), uid));
	cr_assert_eq(u->status, PETORY_USER_ACTIVE);
	petory_user_free(u);
	petory_tokens_dispose(&t);

	/* Deleted again, and back only after more than 90 days: refused. */
	id = test_identity(db, uid);
	cr_assert_petory_ok(petory_user_delete(db, &id, uid));
	test_clock_now += DAYS(90) + 1;
	cr_assert_petory_fails(PETORY_EPERM, "LOGIN_UNAVAILABLE",
		petory_auth_login(&t, db, "back@example.com", "correct horse",
			NULL, NULL));
}

Test(auth, deactivated_account_reactivates_on_login)
{
	petory_tokens t;
	petory_user *u;
	int64_t uid = test_user(db, "sleepy@example.com");
	cr_assert_petory_ok(
		petory__store_user_set_status(db, uid, 1u << PETORY_USER_ACTIVE,
			PETORY_USER_DEACTIVATED, 1, petory_now(db)));
	test_clock_now += DAYS(30);
	test_login(&t, db, "sleepy@example.com");
	cr_assert_petory_ok(
		petory_user_get(&u, db, petory_identity_system(), uid));
	cr_assert_eq(u->status, PETORY_USER_ACTIVE);
	cr_assert_eq(u->last_login_at, test_clock_now);
	petory_user_free(u);
	petory_tokens_dispose(&t);
}

Test(auth, signup_is_limited_per_ip)
{
	petory_options o;
	petory_user *u = NULL;
	petory_rate_info r;
	petory_new_user a = { "a1@example.com", "password1", "a" };
	petory_new_user b = { "a2@example.com", "password1", "b" };
	petory_close(db);
	test_options(&o);
	o.signup_ip.limit = 1;
	cr_assert_petory_ok(petory_open(&db, &o));
	cr_assert_petory_ok(petory_auth_signup(&u, db, &a, "10.1.1.1", &r));
	petory_user_free(u);
	cr_assert_eq(r.remaining, 0);
	cr_assert_petory_fails(PETORY_ERATELIMIT, NULL,
		petory_auth_signup(&u, db, &b, "10.1.1.1", &r));
	cr_assert_eq(r.retry_after_s, 3600);
}
