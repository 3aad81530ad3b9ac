/* oauth.c -- the OAuth2 login attempt: its state is single use and lives
 * 10 minutes on the injected clock.  The provider's endpoints point at a
 * closed loopback port, so an accepted state shows as the provider's
 * failure (EUPSTREAM) and a refused one as INVALID_OAUTH_STATE before any
 * request leaves; the whole exchange is tested end to end in
 * tests/e2e/test_oauth.py. */
#include <string.h>

#include "petory_test.h"

static petory *open_with_provider(void)
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
	cr_assert_petory_ok(petory_open(&db, &o));
	return db;
}

/* The state parameter of a fresh authorize URL (static storage). */
static const char *begin(petory *db)
{
	static char state[128];
	char *url = NULL;
	const char *p;
	cr_assert_petory_ok(petory_oauth_begin(&url, db, "google"));
	cr_assert(strncmp(url, "http://127.0.0.1:1/authorize?", 29) == 0, "%s",
		url);
	cr_assert_not_null(strstr(url, "&code_challenge_method=S256"));
	cr_assert_not_null(p = strstr(url, "&state="));
	p += 7;
	snprintf(state, sizeof(state), "%.*s", (int)strcspn(p, "&"), p);
	petory_free(url);
	return state;
}

static void finish_fails(
	petory *db, const char *state, int code, const char *reason)
{
	petory_tokens t;
	cr_assert_petory_fails(code, reason,
		petory_oauth_finish(&t, db, "google", "some-code", state));
	cr_assert_null(t.access_token);
}

Test(oauth, state_is_single_use_and_lives_ten_minutes)
{
	petory *db;
	const char *state;
	char kept[128];
	test_clock_now = TEST_EPOCH_MS;
	db = open_with_provider();

	state = begin(db);
	test_clock_now += MINUTES(10) - 1;
	finish_fails(db, state, PETORY_EUPSTREAM, NULL); /* accepted */
	finish_fails(db, state, PETORY_EINVALID, "INVALID_OAUTH_STATE");

	snprintf(kept, sizeof(kept), "%s", begin(db));
	test_clock_now += MINUTES(10) + 1;
	finish_fails(db, kept, PETORY_EINVALID, "INVALID_OAUTH_STATE");

	finish_fails(db, "forged", PETORY_EINVALID, "INVALID_OAUTH_STATE");
	finish_fails(db, "", PETORY_EINVALID, "INVALID_OAUTH_STATE");
	test_db_close(db);
}

Test(oauth, unknown_or_unset_providers_are_not_found)
{
	petory *db = test_db_open();
	char *url = NULL;
	cr_assert_petory_fails(PETORY_ENOTFOUND,
		"OAUTH2_PROVIDER_NOT_CONFIGURED",
		petory_oauth_begin(&url, db, "google"));
	cr_assert_null(url);
	test_db_close(db);
	db = open_with_provider();
	cr_assert_petory_fails(PETORY_ENOTFOUND,
		"OAUTH2_PROVIDER_NOT_CONFIGURED",
		petory_oauth_begin(&url, db, "github"));
	test_db_close(db);
}
