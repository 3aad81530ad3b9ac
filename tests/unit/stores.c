/* stores.c -- the library on its Redis backends: the login flow with
 * sessions and limits on SQLite and on Redis (a real redis-server that
 * each test starts on a free port), opening with a Redis URL, health.
 * The rank and session store contracts themselves are in
 * tests/store/rank.c and tests/store/sessions.c. */
#include <string.h>

#include "petory_test.h"
#include "redis_server.h"

static petory *db;
static test_redis redis;

static void setup(void)
{
	test_clock_now = TEST_EPOCH_MS;
	db = test_db_open();
}

static void setup_redis(void)
{
	petory_rank_store *rs;
	petory_session_store *ss;
	setup();
	test_redis_start(&redis);
	cr_assert_petory_ok(petory_redis_rank_store_new(&rs, redis.url, "t:"));
	cr_assert_petory_ok(petory_set_rank_store(db, rs));
	cr_assert_petory_ok(
		petory_redis_session_store_new(&ss, redis.url, "t:"));
	cr_assert_petory_ok(petory_set_session_store(db, ss));
}

static void teardown(void)
{
	test_db_close(db);
	test_redis_stop(&redis);
}

/* Each case runs once per backend: CONFORMANCE(suite, case) { body using db }.
 */
#define CONFORMANCE(suite, case_)                                            \
	static void suite##_##case_(void);                                   \
	Test(suite##_sqlite, case_, .init = setup, .fini = teardown)         \
	{                                                                    \
		cr_assert_str_eq(petory_get_rank_store(db)->name, "sqlite"); \
		suite##_##case_();                                           \
	}                                                                    \
	Test(suite##_redis, case_, .init = setup_redis, .fini = teardown)    \
	{                                                                    \
		cr_assert_str_eq(petory_get_rank_store(db)->name, "redis");  \
		suite##_##case_();                                           \
	}                                                                    \
	static void suite##_##case_(void)

/* The whole login flow with sessions and limits in Redis. */
CONFORMANCE(auth_backend, login_reissue_reuse_and_limits)
{
	petory_tokens t, n, again;
	petory_identity id;
	petory_rate_info rate;
	int i;
	test_user(db, "flow@example.com");
	test_login(&t, db, "flow@example.com");
	cr_assert_petory_ok(petory_auth_reissue(&n, db, t.refresh_token));
	cr_assert_petory_ok(petory_auth_verify(&id, db, n.access_token));
	cr_assert_petory_fails(PETORY_EAUTH, "REFRESH_TOKEN_REUSED",
		petory_auth_reissue(&again, db, t.refresh_token));
	cr_assert_petory_fails(PETORY_EAUTH, "REVOKED_TOKEN",
		petory_auth_verify(&id, db, n.access_token));
	petory_tokens_dispose(&t);
	petory_tokens_dispose(&n);
	for (i = 0; i < 10; i++)
		cr_assert_petory_fails(PETORY_EAUTH, NULL,
			petory_auth_login(&t, db, "flow@example.com",
				"wrong-pw", "10.9.9.9", &rate));
	cr_assert_petory_fails(PETORY_ERATELIMIT, NULL,
		petory_auth_login(&t, db, "flow@example.com", "correct horse",
			"10.9.9.9", &rate));
	cr_assert_gt(rate.retry_after_s, 0);
	test_clock_now += MINUTES(16);
	test_login(&t, db, "flow@example.com");
	petory_tokens_dispose(&t);
}

Test(redis_backend, open_with_redis_url_and_health)
{
	petory_options o;
	petory_health h;
	petory *rdb = NULL;
	test_redis_start(&redis);
	test_options(&o);
	o.redis_url = redis.url;
	cr_assert_petory_ok(petory_open(&rdb, &o));
	cr_assert_str_eq(petory_get_rank_store(rdb)->name, "redis+sqlite");
	cr_assert_str_eq(petory_get_session_store(rdb)->name, "sqlite",
		"sessions stay in SQLite unless asked");
	petory_close(rdb);
	o.redis_sessions = 1;
	cr_assert_petory_ok(petory_open(&rdb, &o));
	cr_assert_str_eq(petory_get_session_store(rdb)->name, "redis");
	cr_assert_petory_ok(petory_health_get(&h, rdb));
	cr_assert_eq(h.redis, PETORY_COMPONENT_UP);
	test_redis_stop(&redis);
	cr_assert_petory_fails(
		PETORY_EBACKEND, NULL, petory_health_get(&h, rdb));
	cr_assert_eq(h.redis, PETORY_COMPONENT_DOWN);
	cr_assert_eq(h.db, PETORY_COMPONENT_UP);
	test_db_close(rdb);
}

Test(redis_backend, unreachable_redis_keeps_sqlite)
{
	petory_options o;
	petory_health h;
	petory *rdb = NULL;
	test_options(&o);
	o.redis_url = "redis://127.0.0.1:1/0";
	cr_assert_petory_ok(petory_open(&rdb, &o));
	cr_assert_str_eq(petory_get_session_store(rdb)->name, "sqlite");
	cr_assert_petory_fails(
		PETORY_EBACKEND, NULL, petory_health_get(&h, rdb));
	cr_assert_eq(h.redis, PETORY_COMPONENT_DOWN);
	test_db_close(rdb);
}

Test(redis_backend, a_malformed_url_is_refused)
{
	petory_options o;
	petory *rdb = NULL;
	test_options(&o);
	o.redis_url = "http://127.0.0.1:6379";
	cr_assert_petory_fails(PETORY_EINVALID, NULL, petory_open(&rdb, &o));
	cr_assert_null(rdb);
	test_db_close(NULL);
}
