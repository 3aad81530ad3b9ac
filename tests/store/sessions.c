/* sessions.c -- conformance of petory_session_store: every method on every
 * backend (the handle's own, SQLite's or PostgreSQL's, and Redis on a
 * redis-server started by the test).  Times are the test clock's, as the
 * library passes them: a backend decides on the times it is given (Redis TTLs
 * only clean up, so every session here lives hours of real time).  The
 * races: one refresh token rotated by 8 threads at once, 32 rate-limit
 * hits at once.
 */
#include <stdio.h>
#include <string.h>

#include "place_rows.h"
#include "redis_env.h"

typedef void (*session_case)(redis_env *e, petory_session_store *ss);

/* Run c against every session store: for each relational backend, its
 * handle's own store (when it is the relational store's twin), then a
 * Redis store installed on a fresh handle. */
static void each_session_store(session_case c)
{
	const store_backend *const *it;
	for (it = store_backends(); *it; it++) {
		petory_session_store *ss = NULL;
		redis_env e;
		redis_env_open(&e, *it, 0);
		ss = petory_get_session_store(e.db);
		cr_log_info(
			"backend %s, session store %s", (*it)->name, ss->name);
		if (redis_env_twin(&e, ss->name))
			c(&e, ss);
		else
			cr_log_info("backend %s: no session store of its own "
				    "yet",
				(*it)->name);
		redis_env_close(&e);
		ss = NULL;

		redis_env_open(&e, *it, 1);
		cr_assert_petory_ok(petory_redis_session_store_new(
			&ss, e.redis->url, "t:"));
		cr_assert_petory_ok(petory_set_session_store(e.db, ss));
		cr_log_info(
			"backend %s, session store %s", (*it)->name, ss->name);
		c(&e, ss);
		redis_env_close(&e);
	}
}

/* Is ss the handle's relational store (statements, rows to digest)? */
static int is_relational(const redis_env *e)
{
	return e->redis == NULL;
}

static void hash_of(unsigned char out[32], int n)
{
	memset(out, 0, 32);
	out[0] = (unsigned char)n;
	out[1] = (unsigned char)(n >> 8);
	out[31] = 0xa5;
}

static int active(petory_session_store *ss, const char *id, petory_time_ms at)
{
	int on = -1;
	cr_assert_petory_ok(ss->session_active(&on, ss, id, at));
	cr_assert(on == 0 || on == 1);
	return on;
}

static petory_refresh_outcome rotate(petory_session_store *ss, int old_hash,
	int new_hash, petory_time_ms at, petory_refresh_result *r)
{
	unsigned char o[32], n[32];
	hash_of(o, old_hash);
	hash_of(n, new_hash);
	cr_assert_petory_ok(ss->refresh_rotate(r, ss, o, n, at));
	return r->outcome;
}

static void create(petory_session_store *ss, const char *id, int64_t user,
	int hash, petory_time_ms at, petory_time_ms expires)
{
	unsigned char h[32];
	hash_of(h, hash);
	cr_assert_petory_ok(ss->session_create(ss, id, user, h, at, expires));
}

static void sessions_live_until_they_expire(
	redis_env *e, petory_session_store *ss)
{
	petory_time_ms now = petory_now(e->db);
	int64_t uid = test_user(e->db, "expiry@example.com");
	create(ss, "s1", uid, 1, now, now + MINUTES(60));
	cr_assert_eq(active(ss, "s1", now), 1);
	test_clock_now += MINUTES(59);
	cr_assert_eq(active(ss, "s1", petory_now(e->db)), 1);
	test_clock_now += MINUTES(1);
	cr_assert_eq(active(ss, "s1", petory_now(e->db)), 0,
		"expired at expires_at");
	cr_assert_eq(active(ss, "nope", petory_now(e->db)), 0, "absent");
}

Test(store_sessions, sessions_live_until_they_expire, .fini = redis_env_cleanup)
{
	each_session_store(sessions_live_until_they_expire);
}

static void rotation_reports_each_outcome(
	redis_env *e, petory_session_store *ss)
{
	petory_time_ms now = petory_now(e->db);
	int64_t uid = test_user(e->db, "rotate@example.com");
	petory_refresh_result r;
	create(ss, "s1", uid, 1, now, now + MINUTES(60));
	create(ss, "s2", uid, 10, now, now + MINUTES(60));

	cr_assert_eq(rotate(ss, 1, 2, now, &r), PETORY_REFRESH_ROTATED);
	cr_assert_eq(r.user_id, uid);
	cr_assert_str_eq(r.session_id, "s1");
	cr_assert_eq(rotate(ss, 2, 3, now, &r), PETORY_REFRESH_ROTATED,
		"the new token rotates in turn");
	cr_assert_str_eq(r.session_id, "s1");
	cr_assert_eq(rotate(ss, 99, 98, now, &r), PETORY_REFRESH_UNKNOWN);
	cr_assert_eq(active(ss, "s1", now), 1);

	/* a spent token: reuse, which revokes its session */
	cr_assert_eq(rotate(ss, 1, 4, now, &r), PETORY_REFRESH_REUSED);
	cr_assert_str_eq(r.session_id, "s1");
	cr_assert_eq(r.user_id, uid);
	cr_assert_eq(active(ss, "s1", now), 0, "reuse revoked the session");
	cr_assert_eq(rotate(ss, 3, 5, now, &r), PETORY_REFRESH_REVOKED,
		"the live token of a revoked session");
	cr_assert_eq(rotate(ss, 1, 6, now, &r), PETORY_REFRESH_REVOKED);
	cr_assert_eq(active(ss, "s2", now), 1, "another session untouched");

	/* past the session's end */
	test_clock_now += MINUTES(60);
	cr_assert_eq(rotate(ss, 10, 11, petory_now(e->db), &r),
		PETORY_REFRESH_EXPIRED);
	cr_assert_str_eq(r.session_id, "s2");
}

Test(store_sessions, rotation_reports_each_outcome, .fini = redis_env_cleanup)
{
	each_session_store(rotation_reports_each_outcome);
}

static void revoke_one_or_all_of_a_user(redis_env *e, petory_session_store *ss)
{
	petory_time_ms now = petory_now(e->db);
	int64_t uid = test_user(e->db, "revoke@example.com");
	int64_t other = test_user(e->db, "other@example.com");
	petory_refresh_result r;
	create(ss, "a", uid, 1, now, now + MINUTES(60));
	create(ss, "b", uid, 2, now, now + MINUTES(60));
	create(ss, "c", other, 3, now, now + MINUTES(60));
	cr_assert_petory_ok(ss->session_revoke(ss, "a", now));
	cr_assert_petory_ok(ss->session_revoke(ss, "a", now)); /* twice */
	cr_assert_petory_ok(ss->session_revoke(ss, "missing", now));
	cr_assert_eq(active(ss, "a", now), 0);
	cr_assert_eq(active(ss, "b", now), 1);
	cr_assert_eq(rotate(ss, 1, 9, now, &r), PETORY_REFRESH_REVOKED);
	cr_assert_petory_ok(ss->session_revoke_user(ss, uid, now));
	cr_assert_petory_ok(ss->session_revoke_user(ss, 999999, now));
	cr_assert_eq(active(ss, "b", now), 0);
	cr_assert_eq(rotate(ss, 2, 9, now, &r), PETORY_REFRESH_REVOKED);
	cr_assert_eq(active(ss, "c", now), 1, "another user's session");
	cr_assert_eq(rotate(ss, 3, 4, now, &r), PETORY_REFRESH_ROTATED);
}

Test(store_sessions, revoke_one_or_all_of_a_user, .fini = redis_env_cleanup)
{
	each_session_store(revoke_one_or_all_of_a_user);
}

static void revoke_all_but_one_of_a_user(redis_env *e, petory_session_store *ss)
{
	petory_time_ms now = petory_now(e->db);
	int64_t uid = test_user(e->db, "keep@example.com");
	int64_t other = test_user(e->db, "bystander@example.com");
	petory_refresh_result r;
	create(ss, "kept", uid, 11, now, now + MINUTES(60));
	create(ss, "gone1", uid, 12, now, now + MINUTES(60));
	create(ss, "gone2", uid, 13, now, now + MINUTES(60));
	create(ss, "theirs", other, 14, now, now + MINUTES(60));
	cr_assert_petory_ok(
		ss->session_revoke_user_except(ss, uid, "kept", now));
	cr_assert_petory_ok(
		ss->session_revoke_user_except(ss, 999999, "kept", now));
	cr_assert_eq(active(ss, "kept", now), 1, "the caller's login stays");
	cr_assert_eq(active(ss, "gone1", now), 0);
	cr_assert_eq(active(ss, "gone2", now), 0);
	cr_assert_eq(active(ss, "theirs", now), 1, "another user's session");
	cr_assert_eq(rotate(ss, 12, 19, now, &r), PETORY_REFRESH_REVOKED);
	cr_assert_eq(rotate(ss, 11, 15, now, &r), PETORY_REFRESH_ROTATED);
	cr_assert_str_eq(r.session_id, "kept");
	/* keeping a session the user does not have revokes them all */
	cr_assert_petory_ok(
		ss->session_revoke_user_except(ss, uid, "theirs", now));
	cr_assert_eq(active(ss, "kept", now), 0);
	cr_assert_eq(active(ss, "theirs", now), 1);
}

Test(store_sessions, revoke_all_but_one_of_a_user, .fini = redis_env_cleanup)
{
	each_session_store(revoke_all_but_one_of_a_user);
}

static void rate_windows_count_and_reset(redis_env *e, petory_session_store *ss)
{
	petory_time_ms t = petory_now(e->db);
	petory_rate_state st;
	(void)e;
	cr_assert_petory_ok(ss->rate_hit(&st, ss, "k", 0, 1000, t));
	cr_assert_eq(st.count, 0, "cost 0 reads");
	cr_assert_petory_ok(ss->rate_hit(&st, ss, "k", 1, 1000, t));
	cr_assert_eq(st.window_end, t + 1000, "ms precision");
	cr_assert_petory_ok(ss->rate_hit(&st, ss, "k", 2, 1000, t + 999));
	cr_assert_eq(st.count, 3);
	cr_assert_eq(st.window_end, t + 1000);
	cr_assert_petory_ok(ss->rate_hit(&st, ss, "k", 0, 1000, t + 999));
	cr_assert_eq(st.count, 3);
	cr_assert_petory_ok(ss->rate_hit(&st, ss, "k", 1, 1000, t + 1000));
	cr_assert_eq(st.count, 1, "a new window at window_end");
	cr_assert_eq(st.window_end, t + 2000);
	cr_assert_petory_ok(ss->rate_hit(&st, ss, "other", 1, 1000, t + 1000));
	cr_assert_eq(st.count, 1, "keys count apart");
	cr_assert_petory_ok(ss->rate_hit(&st, ss, "k", 0, 1000, t + 5000));
	cr_assert_eq(st.count, 0, "an ended window reads empty");
}

Test(store_sessions, rate_windows_count_and_reset, .fini = redis_env_cleanup)
{
	each_session_store(rate_windows_count_and_reset);
}

/* ---- races ---- */

typedef struct rate_race {
	petory_session_store *ss;
	petory_time_ms now;
	int rc[32];
	int64_t count[32];
} rate_race;

static void hit_once(void *payload, int i)
{
	rate_race *r = payload;
	petory_rate_state st = { 0 };
	r->rc[i] = r->ss->rate_hit(&st, r->ss, "raced", 1, MINUTES(1), r->now);
	r->count[i] = st.count;
}

static void rate_hits_are_exact_under_contention(
	redis_env *e, petory_session_store *ss)
{
	rate_race r = { ss, petory_now(e->db), { 0 }, { 0 } };
	petory_rate_state st;
	int seen[33] = { 0 }, i;
	store_race(32, hit_once, &r);
	for (i = 0; i < 32; i++) {
		cr_assert_eq(r.rc[i], 0, "hit %d failed", i);
		cr_assert(r.count[i] >= 1 && r.count[i] <= 32);
		cr_assert_eq(seen[r.count[i]]++, 0, "count %lld twice",
			(long long)r.count[i]);
	}
	cr_assert_petory_ok(
		ss->rate_hit(&st, ss, "raced", 0, MINUTES(1), r.now));
	cr_assert_eq(st.count, 32);
}

Test(store_sessions, rate_hits_are_exact_under_contention,
	.fini = redis_env_cleanup)
{
	each_session_store(rate_hits_are_exact_under_contention);
}

typedef struct rotate_race {
	petory_session_store *ss;
	petory_time_ms now;
	int rc[8];
	petory_refresh_result result[8];
} rotate_race;

static void rotate_once(void *payload, int i)
{
	rotate_race *r = payload;
	unsigned char old_hash[32], new_hash[32];
	hash_of(old_hash, 1);
	hash_of(new_hash, 100 + i);
	r->rc[i] = r->ss->refresh_rotate(
		&r->result[i], r->ss, old_hash, new_hash, r->now);
}

static void one_token_rotated_by_eight_threads(
	redis_env *e, petory_session_store *ss)
{
	rotate_race r = { ss, petory_now(e->db), { 0 }, { { 0 } } };
	int64_t uid = test_user(e->db, "race@example.com");
	int outcomes[PETORY_REFRESH_REUSED + 1] = { 0 }, i, winner = -1;
	petory_refresh_result again;
	create(ss, "raced", uid, 1, r.now, r.now + MINUTES(60));
	store_race(8, rotate_once, &r);
	for (i = 0; i < 8; i++) {
		cr_assert_eq(r.rc[i], 0, "rotation %d failed", i);
		cr_assert_str_eq(r.result[i].session_id, "raced");
		outcomes[r.result[i].outcome]++;
		if (r.result[i].outcome == PETORY_REFRESH_ROTATED)
			winner = i;
	}
	cr_assert_eq(outcomes[PETORY_REFRESH_ROTATED], 1, "one winner");
	/* the first loser finds the token spent and revokes the session;
	 * the others find it revoked */
	cr_assert_eq(outcomes[PETORY_REFRESH_REUSED], 1);
	cr_assert_eq(outcomes[PETORY_REFRESH_REVOKED], 6);
	cr_assert_eq(active(ss, "raced", r.now), 0, "reuse revoked it");
	cr_assert_eq(rotate(ss, 100 + winner, 200, r.now, &again),
		PETORY_REFRESH_REVOKED, "the winner's token died with it");
}

Test(store_sessions, one_token_rotated_by_eight_threads,
	.fini = redis_env_cleanup)
{
	each_session_store(one_token_rotated_by_eight_threads);
}

/* ---- purge ---- */

static void purge_forgets_only_what_ended(
	redis_env *e, petory_session_store *ss)
{
	petory_time_ms start = petory_now(e->db), later;
	int64_t uid = test_user(e->db, "purge@example.com");
	petory_refresh_result r;
	petory_rate_state st;
	create(ss, "short", uid, 1, start, start + MINUTES(60));
	create(ss, "long", uid, 2, start, start + MINUTES(180));
	cr_assert_petory_ok(ss->rate_hit(&st, ss, "w", 5, MINUTES(1), start));
	cr_assert_petory_ok(
		ss->rate_hit(&st, ss, "live", 5, MINUTES(600), start));
	test_clock_now += MINUTES(120);
	later = petory_now(e->db);
	cr_assert_petory_ok(ss->purge(ss, later));
	cr_assert_petory_ok(ss->purge(ss, later)); /* twice */
	cr_assert_eq(active(ss, "short", later), 0);
	rotate(ss, 1, 3, later, &r);
	cr_assert(r.outcome == PETORY_REFRESH_UNKNOWN ||
			  r.outcome == PETORY_REFRESH_EXPIRED,
		"an ended session's token: forgotten or expired, got %d",
		(int)r.outcome);
	cr_assert_eq(active(ss, "long", later), 1, "a live session stays");
	cr_assert_eq(rotate(ss, 2, 4, later, &r), PETORY_REFRESH_ROTATED);
	cr_assert_petory_ok(ss->rate_hit(&st, ss, "w", 0, MINUTES(1), later));
	cr_assert_eq(st.count, 0);
	cr_assert_petory_ok(
		ss->rate_hit(&st, ss, "live", 0, MINUTES(600), later));
	cr_assert_eq(st.count, 5, "a live window keeps its count");
}

Test(store_sessions, purge_forgets_only_what_ended, .fini = redis_env_cleanup)
{
	each_session_store(purge_forgets_only_what_ended);
}

/* ---- faults: the writes of more than one statement ---- */

typedef struct session_write {
	petory_session_store *ss;
	int64_t user;
	int old_hash, new_hash;
	petory_refresh_outcome outcome;
} session_write;

static int create_session(petory *db, void *payload)
{
	session_write *w = payload;
	unsigned char h[32];
	petory_time_ms now = petory_now(db);
	hash_of(h, w->new_hash);
	return w->ss->session_create(
		w->ss, "swept", w->user, h, now, now + MINUTES(60));
}

static int rotate_token(petory *db, void *payload)
{
	session_write *w = payload;
	petory_refresh_result r;
	unsigned char o[32], n[32];
	int error;
	hash_of(o, w->old_hash);
	hash_of(n, w->new_hash);
	error = w->ss->refresh_rotate(&r, w->ss, o, n, petory_now(db));
	w->outcome = r.outcome;
	return error;
}

static int purge_all(petory *db, void *payload)
{
	session_write *w = payload;
	return w->ss->purge(w->ss, petory_now(db));
}

static void failed_writes_write_nothing(redis_env *e, petory_session_store *ss)
{
	session_write w = { ss, test_user(e->db, "fault@example.com"), 0, 1,
		PETORY_REFRESH_UNKNOWN };
	petory_rate_state st;
	if (!is_relational(e))
		return; /* Redis runs each write as one script */
	cr_assert_geq(store_fault_sweep(e->b, e->db, "session_create",
			      create_session, &w),
		2);
	w.old_hash = 1;
	w.new_hash = 2;
	cr_assert_geq(store_fault_sweep(
			      e->b, e->db, "refresh_rotate", rotate_token, &w),
		2);
	cr_assert_eq(w.outcome, PETORY_REFRESH_ROTATED);
	/* reuse: the outcome and the revocation commit together */
	w.new_hash = 3;
	store_fault_sweep(
		e->b, e->db, "refresh_rotate (reuse)", rotate_token, &w);
	cr_assert_eq(w.outcome, PETORY_REFRESH_REUSED);
	cr_assert_eq(active(ss, "swept", petory_now(e->db)), 0);
	cr_assert_petory_ok(
		ss->rate_hit(&st, ss, "w", 1, MINUTES(1), petory_now(e->db)));
	test_clock_now += DAYS(2);
	cr_assert_geq(
		store_fault_sweep(e->b, e->db, "purge", purge_all, &w), 2);
}

Test(store_sessions, failed_writes_write_nothing, .fini = redis_env_cleanup)
{
	each_session_store(failed_writes_write_nothing);
}

/* ---- Redis gone: a bare fact ---- */

Test(store_sessions, redis_gone_is_a_bare_fact, .fini = redis_env_cleanup)
{
	petory_session_store *ss = NULL;
	petory_rate_state st;
	redis_env e;
	int on;
	redis_env_open(&e, store_backends()[0], 1);
	cr_assert_petory_ok(
		petory_redis_session_store_new(&ss, e.redis->url, "t:"));
	test_redis_stop(e.redis);
	assert_store_fact(PETORY_EUNAVAILABLE,
		ss->rate_hit(&st, ss, "k", 1, 1000, petory_now(e.db)));
	assert_store_fact(PETORY_EUNAVAILABLE,
		ss->session_active(&on, ss, "s", petory_now(e.db)));
	ss->free(ss);
	redis_env_close(&e);
}
