/* accounts.c -- email verification, password change and reset, over the
 * injected clock: links live 24 hours (verification) and 30 minutes
 * (reset) and work once, the limits count per window, a change keeps
 * only the caller's login and a reset or an operator's new password ends
 * them all. */
#include <string.h>

#include "account_mail.h"
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

TestSuite(accounts, .init = setup, .fini = teardown);

static int64_t signup(const char *email, const char *password)
{
	petory_new_user in = { email, password, "someone" };
	petory_user *u = NULL;
	int64_t id;
	cr_assert_petory_ok(petory_auth_signup(&u, db, &in, NULL, NULL));
	cr_assert_eq(u->email_verified, 0);
	id = u->id;
	petory_user_free(u);
	return id;
}

static int verified(int64_t id)
{
	petory_user *u = NULL;
	int v;
	cr_assert_petory_ok(
		petory_user_get(&u, db, petory_identity_system(), id));
	v = u->email_verified;
	petory_user_free(u);
	return v;
}

static void login(petory_tokens *t, petory_identity *who, const char *email,
	const char *password)
{
	cr_assert_petory_ok(
		petory_auth_login(t, db, email, password, NULL, NULL));
	cr_assert_petory_ok(petory_auth_verify(who, db, t->access_token));
}

Test(accounts, a_verification_link_works_once_within_24_hours)
{
	char first[128], second[128];
	int64_t id = signup("v@example.com", "password-1");
	cr_assert(test_mail_token(
		db, "v@example.com", "verify-email", first, sizeof(first)));
	cr_assert_eq(strlen(first), 43);
	test_clock_now += 24 * 3600 * 1000LL; /* at 24 h it has expired */
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_VERIFICATION_TOKEN",
		petory_auth_verify_email(db, first));
	cr_assert_eq(verified(id), 0);

	{
		petory_tokens t;
		petory_identity who;
		login(&t, &who, "v@example.com", "password-1");
		cr_assert_petory_ok(
			petory_auth_verify_email_resend(db, &who, NULL));
		petory_tokens_dispose(&t);
	}
	cr_assert(test_mail_token(
		db, "v@example.com", "verify-email", second, sizeof(second)));
	cr_assert_str_neq(first, second);
	test_clock_now += 24 * 3600 * 1000LL - 1;
	cr_assert_petory_ok(petory_auth_verify_email(db, second));
	cr_assert_eq(verified(id), 1);
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_VERIFICATION_TOKEN",
		petory_auth_verify_email(db, second));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_auth_verify_email(db, NULL));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_VERIFICATION_TOKEN",
		petory_auth_verify_email(db, "forged"));
}

Test(accounts, resend_is_limited_to_three_an_hour)
{
	petory_tokens t;
	petory_identity who;
	petory_rate_info r;
	int i;
	signup("r@example.com", "password-1");
	login(&t, &who, "r@example.com", "password-1");
	for (i = 0; i < 3; i++) {
		cr_assert_petory_ok(
			petory_auth_verify_email_resend(db, &who, &r));
		cr_assert_eq(r.limit, 3);
		cr_assert_eq(r.remaining, 2 - i);
	}
	cr_assert_petory_fails(PETORY_ERATELIMIT, "TOO_MANY_REQUESTS",
		petory_auth_verify_email_resend(db, &who, &r));
	cr_assert_gt(r.retry_after_s, 0);
	test_clock_now += 3600 * 1000LL;
	cr_assert_petory_ok(petory_auth_verify_email_resend(db, &who, &r));
	cr_assert_petory_fails(PETORY_EAUTH, "UNAUTHORIZED",
		petory_auth_verify_email_resend(db, NULL, &r));
	petory_tokens_dispose(&t);
}

Test(accounts, a_change_keeps_the_callers_login_only)
{
	petory_tokens mine, other;
	petory_identity me, them;
	signup("c@example.com", "password-1");
	login(&mine, &me, "c@example.com", "password-1");
	login(&other, &them, "c@example.com", "password-1");
	cr_assert_petory_fails(PETORY_EINVALID, "WRONG_PASSWORD",
		petory_auth_password_change(
			db, &me, "wrong-one", "password-2", NULL));
	cr_assert_petory_fails(PETORY_EINVALID, "WRONG_PASSWORD",
		petory_auth_password_change(db, &me, NULL, "password-2", NULL));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_auth_password_change(
			db, &me, "password-1", "short", NULL));
	cr_assert_str_eq(petory_error_last()->fields[0].field, "newPassword");
	cr_assert_petory_ok(petory_auth_verify(&them, db, other.access_token));

	cr_assert_petory_ok(petory_auth_password_change(
		db, &me, "password-1", "password-2", NULL));
	cr_assert_petory_ok(petory_auth_verify(&me, db, mine.access_token));
	cr_assert_petory_fails(PETORY_EAUTH, "REVOKED_TOKEN",
		petory_auth_verify(&them, db, other.access_token));
	petory_tokens_dispose(&other);
	cr_assert_petory_fails(PETORY_EAUTH, "BAD_CREDENTIALS",
		petory_auth_login(
			&other, db, "c@example.com", "password-1", NULL, NULL));
	login(&other, &them, "c@example.com", "password-2");
	petory_tokens_dispose(&other);
	petory_tokens_dispose(&mine);
	cr_assert_petory_fails(PETORY_EAUTH, "UNAUTHORIZED",
		petory_auth_password_change(
			db, NULL, NULL, "password-3", NULL));
}

Test(accounts, a_reset_link_works_once_within_30_minutes)
{
	petory_tokens t;
	petory_identity who;
	char token[128], later[128];
	int64_t id = signup("p@example.com", "password-1");
	login(&t, &who, "p@example.com", "password-1");
	cr_assert_petory_ok(petory_auth_password_reset_request(
		db, "P@Example.com", "10.0.0.1", NULL));
	cr_assert(test_mail_token(
		db, "p@example.com", "reset-password", token, sizeof(token)));
	test_clock_now += 30 * 60 * 1000LL;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_RESET_TOKEN",
		petory_auth_password_reset_confirm(db, token, "password-2"));

	cr_assert_petory_ok(petory_auth_password_reset_request(
		db, "p@example.com", "10.0.0.1", NULL));
	cr_assert(test_mail_token(
		db, "p@example.com", "reset-password", later, sizeof(later)));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_auth_password_reset_confirm(db, later, "x"));
	test_clock_now += 30 * 60 * 1000LL - 1;
	cr_assert_petory_ok(
		petory_auth_password_reset_confirm(db, later, "password-2"));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_RESET_TOKEN",
		petory_auth_password_reset_confirm(db, later, "password-3"));
	/* every login ended (the access token expired by now: its refresh
	 * token is refused); the new password works; the email proved */
	{
		petory_tokens again;
		cr_assert_petory_fails(PETORY_EAUTH, NULL,
			petory_auth_reissue(&again, db, t.refresh_token));
	}
	petory_tokens_dispose(&t);
	login(&t, &who, "p@example.com", "password-2");
	petory_tokens_dispose(&t);
	cr_assert_eq(verified(id), 1);
}

Test(accounts, a_reset_for_an_unknown_email_succeeds_and_mails_nothing)
{
	char token[128];
	petory_rate_info r;
	cr_assert_petory_ok(petory_auth_password_reset_request(
		db, "nobody@example.com", "10.0.0.2", &r));
	cr_assert_eq(r.applies, 1);
	cr_assert(!test_mail_token(db, "nobody@example.com", "reset-password",
		token, sizeof(token)));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_auth_password_reset_request(
			db, "not-an-address", NULL, NULL));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_auth_password_reset_request(db, NULL, NULL, NULL));
}

Test(accounts, resets_are_limited_per_email_and_per_address)
{
	petory_rate_info r;
	int i;
	for (i = 0; i < 5; i++)
		cr_assert_petory_ok(petory_auth_password_reset_request(
			db, "lim@example.com", NULL, &r));
	cr_assert_petory_fails(PETORY_ERATELIMIT, "TOO_MANY_REQUESTS",
		petory_auth_password_reset_request(
			db, "LIM@example.com", NULL, &r));
	for (i = 0; i < 5; i++) {
		char email[64];
		snprintf(email, sizeof(email), "a%d@example.com", i);
		cr_assert_petory_ok(petory_auth_password_reset_request(
			db, email, "10.0.0.3", &r));
	}
	cr_assert_petory_fails(PETORY_ERATELIMIT, "TOO_MANY_REQUESTS",
		petory_auth_password_reset_request(
			db, "fresh@example.com", "10.0.0.3", &r));
	test_clock_now += 3600 * 1000LL;
	cr_assert_petory_ok(petory_auth_password_reset_request(
		db, "fresh@example.com", "10.0.0.3", &r));
}

Test(accounts, an_operator_sets_a_password_and_ends_every_login)
{
	petory_tokens t;
	petory_identity who;
	int64_t id = signup("o@example.com", "password-1");
	login(&t, &who, "o@example.com", "password-1");
	cr_assert_petory_fails(PETORY_EPERM, NULL,
		petory_user_set_password(
			db, &who, "o@example.com", "password-2"));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "USER_NOT_FOUND",
		petory_user_set_password(db, petory_identity_system(),
			"nobody@example.com", "password-2"));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_user_set_password(db, petory_identity_system(),
			"o@example.com", "short"));
	cr_assert_petory_ok(petory_user_set_password(
		db, petory_identity_system(), "O@example.com", "password-2"));
	cr_assert_petory_fails(PETORY_EAUTH, "REVOKED_TOKEN",
		petory_auth_verify(&who, db, t.access_token));
	petory_tokens_dispose(&t);
	login(&t, &who, "o@example.com", "password-2");
	petory_tokens_dispose(&t);
	(void)id;
}

Test(accounts, failures_count_per_email_and_address)
{
	petory_tokens t;
	int i;
	signup("lock@example.com", "password-1");
	for (i = 0; i < 10; i++)
		cr_assert_petory_fails(PETORY_EAUTH, "BAD_CREDENTIALS",
			petory_auth_login(&t, db, "lock@example.com", "bad",
				"203.0.113.9", NULL));
	cr_assert_petory_fails(PETORY_ERATELIMIT, "TOO_MANY_REQUESTS",
		petory_auth_login(&t, db, "lock@example.com", "password-1",
			"203.0.113.9", NULL));
	cr_assert_petory_ok(petory_auth_login(&t, db, "lock@example.com",
		"password-1", "198.51.100.1", NULL));
	petory_tokens_dispose(&t);
}

Test(accounts, wrong_current_passwords_are_limited_per_account)
{
	petory_tokens t;
	petory_identity who;
	petory_rate_info r;
	int i;
	signup("guess@example.com", "password-1");
	login(&t, &who, "guess@example.com", "password-1");
	for (i = 0; i < 10; i++)
		cr_assert_petory_fails(PETORY_EINVALID, "WRONG_PASSWORD",
			petory_auth_password_change(
				db, &who, "guess", "password-2", &r));
	cr_assert_eq(r.limit, 10);
	cr_assert_eq(r.remaining, 0);
	/* over the limit even the right one waits for the window */
	cr_assert_petory_fails(PETORY_ERATELIMIT, "TOO_MANY_REQUESTS",
		petory_auth_password_change(
			db, &who, "password-1", "password-2", &r));
	cr_assert_gt(r.retry_after_s, 0);
	test_clock_now += MINUTES(15);
	petory_tokens_dispose(&t);
	login(&t, &who, "guess@example.com", "password-1");
	cr_assert_petory_ok(petory_auth_password_change(
		db, &who, "password-1", "password-2", &r));
	petory_tokens_dispose(&t);
}
