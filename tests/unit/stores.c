/* stores.c -- the rank and session store contracts, run against every
 * backend this build has (SQLite today; Redis joins the same table). */
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

TestSuite(rank_store, .init = setup, .fini = teardown);
TestSuite(session_store, .init = setup, .fini = teardown);

Test(rank_store, incr_score_top_and_ties)
{
	petory_rank_store *rs = petory_get_rank_store(db);
	petory_rank_entry *top = NULL;
	size_t n = 0;
	double s = 0;
	cr_assert_petory_ok(rs->incr(&s, rs, "ALL", 7, 1));
	cr_assert_petory_ok(rs->incr(&s, rs, "ALL", 7, 1));
	cr_assert_float_eq(s, 2, 1e-9);
	cr_assert_petory_ok(rs->incr(NULL, rs, "ALL", 3, 2));
	cr_assert_petory_ok(rs->incr(NULL, rs, "ALL", 9, 5));
	cr_assert_petory_ok(rs->incr(NULL, rs, "CAFE", 3, 1));
	cr_assert_petory_ok(rs->top(&top, &n, rs, "ALL", 10));
	cr_assert_eq(n, 3);
	cr_assert_eq(top[0].member, 9);
	cr_assert_eq(top[1].member, 3, "ties break on the smaller id");
	cr_assert_eq(top[2].member, 7);
	free(top);
	cr_assert_petory_ok(rs->top(&top, &n, rs, "ALL", 1));
	cr_assert_eq(n, 1);
	free(top);
	cr_assert_petory_ok(rs->score(&s, rs, "CAFE", 3));
	cr_assert_float_eq(s, 1, 1e-9);
	cr_assert_petory_fails(
		PETORY_ENOTFOUND, NULL, rs->score(&s, rs, "CAFE", 9));
	cr_assert_petory_ok(rs->top(&top, &n, rs, "EMPTY", 10));
	cr_assert_eq(n, 0);
	cr_assert_null(top);
}

Test(rank_store, rebuild_replaces_and_remove_drops)
{
	petory_rank_store *rs = petory_get_rank_store(db);
	petory_rank_entry fresh[] = { { 1, 10 }, { 2, 20 } };
	petory_rank_entry *top = NULL;
	size_t n = 0;
	double s;
	cr_assert_petory_ok(rs->incr(NULL, rs, "ALL", 99, 50));
	cr_assert_petory_ok(rs->rebuild(rs, "ALL", fresh, 2));
	cr_assert_petory_fails(
		PETORY_ENOTFOUND, NULL, rs->score(&s, rs, "ALL", 99));
	cr_assert_petory_ok(rs->top(&top, &n, rs, "ALL", 10));
	cr_assert_eq(n, 2);
	cr_assert_eq(top[0].member, 2);
	free(top);
	cr_assert_petory_ok(rs->remove(rs, "ALL", 2));
	cr_assert_petory_ok(rs->remove(rs, "ALL", 2));
	cr_assert_petory_ok(rs->top(&top, &n, rs, "ALL", 10));
	cr_assert_eq(n, 1);
	free(top);
}

Test(session_store, fixed_windows_count_and_reset)
{
	petory_session_store *ss = petory_get_session_store(db);
	petory_rate_state st;
	cr_assert_petory_ok(ss->rate_hit(&st, ss, "k", 0, 1000, 5000));
	cr_assert_eq(st.count, 0);
	cr_assert_petory_ok(ss->rate_hit(&st, ss, "k", 1, 1000, 5000));
	cr_assert_petory_ok(ss->rate_hit(&st, ss, "k", 1, 1000, 5500));
	cr_assert_eq(st.count, 2);
	cr_assert_eq(st.window_end, 6000);
	cr_assert_petory_ok(ss->rate_hit(&st, ss, "k", 1, 1000, 6000));
	cr_assert_eq(st.count, 1, "a new window");
	cr_assert_eq(st.window_end, 7000);
	cr_assert_petory_ok(ss->rate_hit(&st, ss, "other", 1, 1000, 6000));
	cr_assert_eq(st.count, 1);
}

Test(session_store, sessions_revoke_and_expire)
{
	petory_session_store *ss = petory_get_session_store(db);
	unsigned char h1[32] = { 1 }, h2[32] = { 2 }, h3[32] = { 3 };
	petory_refresh_result r;
	int active;
	int64_t uid = test_user(db, "s@example.com");
	cr_assert_petory_ok(ss->session_create(ss, "s1", uid, h1, 100, 1000));
	cr_assert_petory_ok(ss->session_active(&active, ss, "s1", 500));
	cr_assert_eq(active, 1);
	cr_assert_petory_ok(ss->session_active(&active, ss, "s1", 1000));
	cr_assert_eq(active, 0, "expired");
	cr_assert_petory_ok(ss->refresh_rotate(&r, ss, h1, h2, 200));
	cr_assert_eq(r.outcome, PETORY_REFRESH_ROTATED);
	cr_assert_eq(r.user_id, uid);
	cr_assert_str_eq(r.session_id, "s1");
	cr_assert_petory_ok(ss->refresh_rotate(&r, ss, h3, h3, 200));
	cr_assert_eq(r.outcome, PETORY_REFRESH_UNKNOWN);
	cr_assert_petory_ok(ss->refresh_rotate(&r, ss, h2, h3, 1500));
	cr_assert_eq(r.outcome, PETORY_REFRESH_EXPIRED);
	cr_assert_petory_ok(ss->refresh_rotate(&r, ss, h1, h3, 300));
	cr_assert_eq(r.outcome, PETORY_REFRESH_REUSED);
	cr_assert_petory_ok(ss->refresh_rotate(&r, ss, h2, h3, 300));
	cr_assert_eq(r.outcome, PETORY_REFRESH_REVOKED);
	cr_assert_petory_ok(ss->purge(ss, 5000));
	cr_assert_petory_ok(ss->refresh_rotate(&r, ss, h2, h3, 300));
	cr_assert_eq(r.outcome, PETORY_REFRESH_UNKNOWN, "purged");
}
