/* oauth.c -- the OAuth2 login attempt and login code on the injected
 * clock: an attempt is single use, lives 10 minutes and is taken only
 * with the nonce of the browser that began it; begin is limited per IP;
 * a login code is single use and lives 60 s.  The provider's endpoints
 * point at a closed loopback port, so an accepted state shows as the
 * provider's failure (EUPSTREAM) and a refused one as
 * OAUTH2_STATE_MISMATCH before any request leaves; the whole exchange is
 * tested end to end in tests/e2e/test_oauth.py. */
#include <sodium.h>
#include <string.h>

#include "petory_test.h"

static petory *open_with_provider(int64_t begin_limit)
{
	petory_options o;
	petory *db = NULL;
	test_options(&o);
	o.google.client_id = "client";
	o.google.client_secret = "secret";
	o.google.authorize_url = "http://127.0.0.1:1/authorize";
	o.google.token_url = "http://127.0.0.1:1/token";
	o.google.userinfo_url = "http://127.0.0.1:1/userinfo";
	o.google.redirect_uri = "http://127.0.0.1/login/oauth2/code/google";
	o.oauth_begin_ip.limit = begin_limit;
	cr_assert_petory_ok(petory_open(&db, &o));
	return db;
}

typedef struct attempt {
	char state[128];
	char nonce[64];
} attempt;

/* A fresh attempt: its authorize URL's state and the browser's nonce. */
static attempt begin(petory *db)
{
	attempt a;
	char *url = NULL, *nonce = NULL;
	const char *p;
	cr_assert_petory_ok(
		petory_oauth_begin(&url, &nonce, db, "google", NULL, NULL));
	cr_assert(strncmp(url, "http://127.0.0.1:1/authorize?", 29) == 0, "%s",
		url);
	cr_assert_not_null(strstr(url, "&code_challenge_method=S256"));
	cr_assert_not_null(p = strstr(url, "&state="));
	p += 7;
	snprintf(a.state, sizeof(a.state), "%.*s", (int)strcspn(p, "&"), p);
	cr_assert_eq(strlen(nonce), 43, "%s", nonce);
	cr_assert_null(strstr(url, nonce), "the nonce is not in the URL");
	snprintf(a.nonce, sizeof(a.nonce), "%s", nonce);
	petory_free(url);
	petory_free(nonce);
	return a;
}

static void finish_fails(petory *db, const char *state, const char *nonce,
	int code, const char *reason)
{
	char *login_code = NULL;
	int64_t user = -1;
	cr_assert_petory_fails(code, reason,
		petory_oauth_finish(&login_code, &user, db, "google",
			"some-code", state, nonce));
	cr_assert_null(login_code);
	cr_assert_eq(user, 0);
}

#define MISMATCH PETORY_EINVALID, "OAUTH2_STATE_MISMATCH"

Test(oauth, state_is_single_use_and_lives_ten_minutes)
{
	petory *db;
	attempt a, kept;
	test_clock_now = TEST_EPOCH_MS;
	db = open_with_provider(0);

	a = begin(db);
	test_clock_now += MINUTES(10) - 1;
	finish_fails(db, a.state, a.nonce, PETORY_EUPSTREAM, NULL);
	finish_fails(db, a.state, a.nonce, MISMATCH);

	kept = begin(db);
	test_clock_now += MINUTES(10) + 1;
	finish_fails(db, kept.state, kept.nonce, MISMATCH);

	finish_fails(db, "forged", kept.nonce, MISMATCH);
	finish_fails(db, "", kept.nonce, MISMATCH);
	test_db_close(db);
}

Test(oauth, state_is_taken_only_with_its_browser_nonce)
{
	petory *db;
	attempt mine, other;
	char forged[44];
	test_clock_now = TEST_EPOCH_MS;
	db = open_with_provider(0);

	mine = begin(db);
	other = begin(db);
	memset(forged, 'A', 43);
	forged[43] = '\0';
	/* no cookie, another browser's, a forged or malformed one: refused,
	 * and the attempt stays its browser's */
	finish_fails(db, mine.state, NULL, MISMATCH);
	finish_fails(db, mine.state, "", MISMATCH);
	finish_fails(db, mine.state, other.nonce, MISMATCH);
	finish_fails(db, mine.state, forged, MISMATCH);
	finish_fails(db, mine.state, "not a nonce", MISMATCH);
	finish_fails(db, mine.state, mine.nonce, PETORY_EUPSTREAM, NULL);
	/* the other browser's own attempt is still there */
	finish_fails(db, other.state, other.nonce, PETORY_EUPSTREAM, NULL);
	test_db_close(db);
}

Test(oauth, begin_is_limited_per_ip)
{
	petory *db;
	petory_rate_info rate;
	char *url = NULL, *nonce = NULL;
	int i;
	test_clock_now = TEST_EPOCH_MS;
	db = open_with_provider(3);
	for (i = 0; i < 3; i++) {
		cr_assert_petory_ok(petory_oauth_begin(
			&url, &nonce, db, "google", "203.0.113.9", &rate));
		cr_assert(rate.applies);
		cr_assert_eq(rate.limit, 3);
		cr_assert_eq(rate.remaining, 2 - i);
		petory_free(url);
		petory_free(nonce);
	}
	cr_assert_petory_fails(PETORY_ERATELIMIT, NULL,
		petory_oauth_begin(
			&url, &nonce, db, "google", "203.0.113.9", &rate));
	cr_assert_null(url);
	cr_assert_null(nonce);
	cr_assert_gt(rate.retry_after_s, 0);
	/* another address, and the next window */
	cr_assert_petory_ok(petory_oauth_begin(
		&url, &nonce, db, "google", "203.0.113.10", &rate));
	petory_free(url);
	petory_free(nonce);
	test_clock_now += MINUTES(1);
	cr_assert_petory_ok(petory_oauth_begin(
		&url, &nonce, db, "google", "203.0.113.9", &rate));
	petory_free(url);
	petory_free(nonce);
	test_db_close(db);
}

/* Store a login code for user as the library does (its hash). */
static void put_code(petory *db, const char *code, int64_t user)
{
	unsigned char hash[PETORY_STORE_OAUTH_HASH_BYTES];
	crypto_generichash(hash, sizeof(hash), (const unsigned char *)code,
		strlen(code), NULL, 0);
	cr_assert_petory_ok(petory__store_login_code_put(
		db, hash, user, test_clock_now + 60 * 1000, test_clock_now));
}

Test(oauth, a_login_code_is_spent_once_within_sixty_seconds)
{
	const char *c1 = "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c";
	const char *c2 = "c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c";
	petory_tokens t;
	petory_identity who;
	petory *db;
	int64_t ann;
	test_clock_now = TEST_EPOCH_MS;
	db = open_with_provider(0);
	ann = test_user(db, "ann@example.com");
	put_code(db, c1, ann);
	put_code(db, c2, ann);

	test_clock_now += 60 * 1000 - 1;
	cr_assert_petory_ok(petory_oauth_redeem(&t, db, c1));
	cr_assert_eq(t.user_id, ann);
	cr_assert_petory_ok(petory_auth_verify(&who, db, t.access_token));
	cr_assert_eq(who.user_id, ann);
	petory_tokens_dispose(&t);
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_LOGIN_CODE",
		petory_oauth_redeem(&t, db, c1));
	cr_assert_null(t.access_token);

	test_clock_now += 1;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_LOGIN_CODE",
		petory_oauth_redeem(&t, db, c2));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_LOGIN_CODE",
		petory_oauth_redeem(&t, db, NULL));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_LOGIN_CODE",
		petory_oauth_redeem(&t, db, ""));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_LOGIN_CODE",
		petory_oauth_redeem(&t, db, "c1c1"));
	test_db_close(db);
}

Test(oauth, a_login_code_follows_the_status_rules)
{
	const char *c = "sususususususususususususususususususususus";
	petory_tokens t;
	petory *db;
	int64_t ann;
	test_clock_now = TEST_EPOCH_MS;
	db = open_with_provider(0);
	ann = test_user(db, "ann@example.com");
	put_code(db, c, ann);
	cr_assert_petory_ok(
		petory__store_user_set_status(db, ann, 1u << PETORY_USER_ACTIVE,
			PETORY_USER_SUSPENDED, 1, test_clock_now));
	cr_assert_petory_fails(PETORY_EPERM, "LOGIN_UNAVAILABLE",
		petory_oauth_redeem(&t, db, c));
	test_db_close(db);
}

Test(oauth, unknown_or_unset_providers_are_not_found)
{
	petory *db = test_db_open();
	char *url = NULL, *nonce = NULL, *code = NULL;
	cr_assert_petory_fails(PETORY_ENOTFOUND,
		"OAUTH2_PROVIDER_NOT_CONFIGURED",
		petory_oauth_begin(&url, &nonce, db, "google", NULL, NULL));
	cr_assert_null(url);
	cr_assert_null(nonce);
	cr_assert_petory_fails(PETORY_ENOTFOUND,
		"OAUTH2_PROVIDER_NOT_CONFIGURED",
		petory_oauth_finish(&code, NULL, db, "google", "c", "s", "n"));
	test_db_close(db);
	db = open_with_provider(0);
	cr_assert_petory_fails(PETORY_ENOTFOUND,
		"OAUTH2_PROVIDER_NOT_CONFIGURED",
		petory_oauth_begin(&url, &nonce, db, "github", NULL, NULL));
	test_db_close(db);
}

Test(oauth, the_daily_jobs_sweep_expired_attempts_and_codes)
{
	const char *c = "jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj";
	petory *db;
	int64_t removed = -1;
	test_clock_now = TEST_EPOCH_MS;
	db = open_with_provider(0);
	begin(db);
	begin(db);
	put_code(db, c, test_user(db, "ann@example.com"));
	test_clock_now += MINUTES(10);
	cr_assert_petory_ok(petory_jobs_run_due(
		NULL, db, petory_identity_system(), test_clock_now));
	/* nothing is left for a purge at any later time */
	cr_assert_petory_ok(petory__store_oauth_purge(&removed, db, INT64_MAX));
	cr_assert_eq(removed, 0, "%lld rows left", (long long)removed);
	test_db_close(db);
}
