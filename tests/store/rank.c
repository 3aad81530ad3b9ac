/* rank.c -- conformance of petory_rank_store on every backend: the
 * handle's own (SQLite: PETORY_RANK_DERIVED, its boards are the places'
 * like counts), Redis (a redis-server started by the test) and the
 * fallback decorator (store/rank_fallback.c) over the two, as petory_open
 * wires it with a Redis URL.
 *
 * Stores that keep boards (Redis, the decorator while Redis answers) run
 * the board cases: ordering and ties by member id, absent scores, atomic
 * rebuilds, removals, increments of several boards at once.  Derived
 * stores run the derived case: top and score follow likes made through
 * petory__store_place_like and the places' status; writes change nothing.
 * The decorator's own case stops Redis midway and brings it back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "place_rows.h"
#include "redis_env.h"

typedef enum rank_kind { OWN, REDIS, FALLBACK } rank_kind;
static const char *const kind_names[] = { "own", "redis", "fallback" };

typedef void (*rank_case)(redis_env *e, petory_rank_store *rs);

/* A fresh handle on b whose rank store is of the given kind. */
static petory_rank_store *install(redis_env *e, rank_kind kind)
{
	petory_rank_store *redis = NULL, *own, *fallback = NULL;
	if (kind == OWN)
		return petory_get_rank_store(e->db);
	cr_assert_petory_ok(
		petory_redis_rank_store_new(&redis, e->redis->url, "t:"));
	if (kind == FALLBACK) {
		/* the decorator takes the handle's own store as secondary */
		own = e->db->rank;
		e->db->rank = NULL;
		cr_assert_petory_ok(petory__rank_fallback_new(&fallback, e->db,
			redis, own, false, &petory__place_rank_owner));
		redis = fallback;
	}
	cr_assert_petory_ok(petory_set_rank_store(e->db, redis));
	return petory_get_rank_store(e->db);
}

/* Run c on every kind for which wanted(store) holds, on every relational
 * backend (the kinds with the handle's own rank store only when it is the
 * relational store's twin). */
static void each_rank_store(rank_case c, int (*wanted)(petory_rank_store *))
{
	const store_backend *const *it;
	int kind;
	for (it = store_backends(); *it; it++)
		for (kind = OWN; kind <= FALLBACK; kind++) {
			petory_rank_store *rs;
			redis_env e;
			redis_env_open(&e, *it, kind != OWN);
			if (kind != REDIS &&
				!redis_env_twin(&e,
					petory_get_rank_store(e.db)->name)) {
				cr_log_info("backend %s: no rank store of its "
					    "own yet",
					(*it)->name);
				redis_env_close(&e);
				continue;
			}
			rs = install(&e, (rank_kind)kind);
			if (wanted(rs)) {
				cr_log_info("backend %s, %s rank store %s",
					(*it)->name, kind_names[kind],
					rs->name);
				c(&e, rs);
			}
			redis_env_close(&e);
		}
}

static int keeps_boards(petory_rank_store *rs)
{
	return !(petory__rank_store_flags(rs) & PETORY_RANK_DERIVED);
}

static int is_derived(petory_rank_store *rs)
{
	return !keeps_boards(rs);
}

static int is_fallback(petory_rank_store *rs)
{
	return (petory__rank_store_flags(rs) & PETORY_RANK_FALLBACK) != 0;
}

/* The board as "member:score ..." for messages and comparisons. */
static const char *board_text(petory_rank_store *rs, const char *board)
{
	static char text[512];
	petory_rank_entry *top = NULL;
	size_t n = 0, i, len = 0;
	cr_assert_petory_ok(rs->top(&top, &n, rs, board, 20));
	text[0] = '\0';
	for (i = 0; i < n && len < sizeof(text) - 48; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
			"%s%lld:%g", i ? " " : "", (long long)top[i].member,
			top[i].score);
	free(top);
	return text;
}

static double score_of(petory_rank_store *rs, const char *board, int64_t m)
{
	double s = -1;
	cr_assert_petory_ok(rs->score(&s, rs, board, m));
	return s;
}

/* ---- stores that keep boards ---- */

static void boards_order_by_score_then_member(
	redis_env *e, petory_rank_store *rs)
{
	petory_rank_entry *top = NULL;
	size_t n = 0;
	double s = 0;
	(void)e;
	cr_assert_petory_ok(rs->incr(&s, rs, "ALL", 7, 1));
	cr_assert_petory_ok(rs->incr(&s, rs, "ALL", 7, 1));
	cr_assert_float_eq(s, 2, 1e-9);
	cr_assert_petory_ok(rs->incr(NULL, rs, "ALL", 3, 2));
	cr_assert_petory_ok(rs->incr(NULL, rs, "ALL", 10, 2));
	cr_assert_petory_ok(rs->incr(NULL, rs, "ALL", 9, 5));
	cr_assert_petory_ok(rs->incr(NULL, rs, "CAFE", 3, 1));
	cr_assert_str_eq(board_text(rs, "ALL"), "9:5 3:2 7:2 10:2",
		"ties break on the smaller id");
	/* a limit that cuts through a tie keeps the smaller ids */
	cr_assert_petory_ok(rs->top(&top, &n, rs, "ALL", 2));
	cr_assert_eq(n, 2);
	cr_assert_eq(top[0].member, 9);
	cr_assert_eq(top[1].member, 3);
	free(top);
	cr_assert_petory_ok(rs->top(&top, &n, rs, "ALL", 0));
	cr_assert_eq(n, 0);
	cr_assert_null(top);
	cr_assert_float_eq(score_of(rs, "CAFE", 3), 1, 1e-9);
	cr_assert_petory_fails(
		PETORY_ENOTFOUND, NULL, rs->score(&s, rs, "CAFE", 9));
	cr_assert_petory_fails(
		PETORY_ENOTFOUND, NULL, rs->score(&s, rs, "EMPTY", 9));
	cr_assert_petory_ok(rs->top(&top, &n, rs, "EMPTY", 10));
	cr_assert_eq(n, 0);
	cr_assert_null(top);
	cr_assert_petory_ok(rs->incr(&s, rs, "ALL", 9, -5));
	cr_assert_float_eq(s, 0, 1e-9);
	cr_assert_float_eq(score_of(rs, "ALL", 9), 0, 1e-9,
		"a zero score is still a score");
}

Test(store_rank, boards_order_by_score_then_member, .fini = redis_env_cleanup)
{
	each_rank_store(boards_order_by_score_then_member, keeps_boards);
}

static void boards_rebuild_remove_and_incr_many(
	redis_env *e, petory_rank_store *rs)
{
	const char *const boards[] = { "ALL", "CAFE" };
	petory_rank_entry fresh[] = { { 1, 10 }, { 2, 20 } };
	double s;
	(void)e;
	cr_assert_petory_ok(rs->incr(NULL, rs, "ALL", 99, 50));
	cr_assert_petory_ok(rs->incr(NULL, rs, "CAFE", 99, 50));
	cr_assert_petory_ok(rs->rebuild(rs, "ALL", fresh, 2));
	cr_assert_petory_fails(
		PETORY_ENOTFOUND, NULL, rs->score(&s, rs, "ALL", 99));
	cr_assert_str_eq(board_text(rs, "ALL"), "2:20 1:10");
	cr_assert_str_eq(board_text(rs, "CAFE"), "99:50", "other boards stay");
	cr_assert_petory_ok(rs->remove(rs, "ALL", 2));
	cr_assert_petory_ok(rs->remove(rs, "ALL", 2)); /* absent is fine */
	cr_assert_petory_ok(rs->remove(rs, "NOWHERE", 2));
	cr_assert_str_eq(board_text(rs, "ALL"), "1:10");

	/* incr_many moves every board named, and only those */
	cr_assert_petory_ok(rs->incr_many(rs, boards, 2, 1, 3));
	cr_assert_petory_ok(rs->incr_many(rs, boards, 2, 5, 1));
	cr_assert_petory_ok(rs->incr_many(rs, boards, 0, 5, 1));
	cr_assert_str_eq(board_text(rs, "ALL"), "1:13 5:1");
	cr_assert_str_eq(board_text(rs, "CAFE"), "99:50 1:3 5:1");
	cr_assert_petory_ok(rs->incr_many(rs, boards + 1, 1, 5, -1));
	cr_assert_float_eq(score_of(rs, "CAFE", 5), 0, 1e-9);
	cr_assert_float_eq(score_of(rs, "ALL", 5), 1, 1e-9);

	cr_assert_petory_ok(rs->rebuild(rs, "ALL", NULL, 0));
	cr_assert_str_eq(board_text(rs, "ALL"), "", "rebuilt empty");
}

Test(store_rank, boards_rebuild_remove_and_incr_many, .fini = redis_env_cleanup)
{
	each_rank_store(boards_rebuild_remove_and_incr_many, keeps_boards);
}

#define REBUILDS 40
#define BOARD_SIZE 30

typedef struct rebuild_race {
	petory_rank_store *rs;
	petory_rank_entry a[BOARD_SIZE], b[BOARD_SIZE];
	int rc[4];
	int mixed[4];
} rebuild_race;

/* Thread 0 rebuilds the board as a or b in turn; the others read it and
 * count the reads that saw members of both, or a part of one. */
static void rebuild_or_read(void *payload, int i)
{
	rebuild_race *r = payload;
	int k;
	for (k = 0; k < REBUILDS && !r->rc[i]; k++) {
		petory_rank_entry *top = NULL;
		size_t n = 0, j, from_a = 0;
		if (i == 0) {
			r->rc[i] = r->rs->rebuild(
				r->rs, "ALL", k % 2 ? r->b : r->a, BOARD_SIZE);
			continue;
		}
		r->rc[i] = r->rs->top(&top, &n, r->rs, "ALL", 2 * BOARD_SIZE);
		for (j = 0; j < n; j++)
			from_a += top[j].member < 1000;
		if (n != BOARD_SIZE || (from_a != 0 && from_a != n))
			r->mixed[i]++;
		free(top);
	}
}

static void boards_rebuild_atomically(redis_env *e, petory_rank_store *rs)
{
	rebuild_race r = { rs, { { 0 } }, { { 0 } }, { 0 }, { 0 } };
	int i;
	(void)e;
	for (i = 0; i < BOARD_SIZE; i++) {
		r.a[i] = (petory_rank_entry){ i + 1, (double)(i % 7) };
		r.b[i] = (petory_rank_entry){ 1000 + i, (double)(i % 5) };
	}
	cr_assert_petory_ok(rs->rebuild(rs, "ALL", r.a, BOARD_SIZE));
	store_race(4, rebuild_or_read, &r);
	for (i = 0; i < 4; i++) {
		cr_assert_eq(r.rc[i], 0, "thread %d failed", i);
		cr_assert_eq(r.mixed[i], 0,
			"thread %d saw %d half-built boards", i, r.mixed[i]);
	}
}

Test(store_rank, boards_rebuild_atomically, .fini = redis_env_cleanup)
{
	each_rank_store(boards_rebuild_atomically, keeps_boards);
}

typedef struct incr_race {
	petory_rank_store *rs;
	int rc[16];
} incr_race;

static void bump_both(void *payload, int i)
{
	static const char *const boards[] = { "ALL", "BAR" };
	incr_race *r = payload;
	int k;
	for (k = 0; k < 20 && !r->rc[i]; k++)
		r->rc[i] = r->rs->incr_many(r->rs, boards, 2, 42, 1);
}

static void boards_count_concurrent_increments(
	redis_env *e, petory_rank_store *rs)
{
	incr_race r = { rs, { 0 } };
	int i;
	(void)e;
	store_race(16, bump_both, &r);
	for (i = 0; i < 16; i++)
		cr_assert_eq(r.rc[i], 0, "thread %d failed", i);
	cr_assert_float_eq(score_of(rs, "ALL", 42), 320, 1e-9);
	cr_assert_float_eq(score_of(rs, "BAR", 42), 320, 1e-9);
}

Test(store_rank, boards_count_concurrent_increments, .fini = redis_env_cleanup)
{
	each_rank_store(boards_count_concurrent_increments, keeps_boards);
}

/* ---- places and likes, through the store wrappers ---- */

static int64_t add_place(petory *db, const char *name, petory_place_type type)
{
	return place_rows_place(db, name, name, type, 37.5, 127.0);
}

static void like(petory *db, int64_t user, int64_t place, petory_like_mode m)
{
	petory_store_outcome outcome;
	petory_like_result r;
	petory_place_type type;
	int changed;
	cr_assert_petory_ok(petory__store_place_like(&outcome, &r, &changed,
		&type, db, user, place, m, petory_now(db)));
	cr_assert_eq(outcome,
		changed ? PETORY_STORE_APPLIED : PETORY_STORE_UNCHANGED);
}

static void make_inactive(petory *db, int64_t place)
{
	petory_place_type type;
	cr_assert_petory_ok(petory__store_place_set_status(NULL, &type, db,
		place, 1u << PETORY_PLACE_ACTIVE, PETORY_PLACE_INACTIVE, 0,
		petory_now(db)));
}

/* ---- derived stores ---- */

static void derived_boards_follow_the_places(
	redis_env *e, petory_rank_store *rs)
{
	const char *const boards[] = { "ALL", "CAFE" };
	petory_rank_entry stray[] = { { 1, 100 } };
	petory *db = e->db;
	int64_t u[3], a, b, c, d;
	petory_rank_entry *top = NULL;
	size_t n = 0;
	char expect[128];
	double s = -1;
	int i;
	for (i = 0; i < 3; i++)
		u[i] = place_rows_user(db, i);
	a = add_place(db, "카페 A", PETORY_PLACE_CAFE);
	b = add_place(db, "카페 B", PETORY_PLACE_CAFE);
	c = add_place(db, "바 C", PETORY_PLACE_BAR);
	d = add_place(db, "카페 D", PETORY_PLACE_CAFE);
	cr_assert_str_eq(board_text(rs, "ALL"), "", "no likes, no ranking");

	like(db, u[0], a, PETORY_LIKE_SET);
	for (i = 0; i < 3; i++) {
		like(db, u[i], b, PETORY_LIKE_SET);
		like(db, u[i], c, PETORY_LIKE_TOGGLE);
	}
	like(db, u[0], b, PETORY_LIKE_SET); /* no change */
	snprintf(expect, sizeof(expect), "%lld:3 %lld:3 %lld:1", (long long)b,
		(long long)c, (long long)a);
	cr_assert_str_eq(board_text(rs, "ALL"), expect, "ties by id");
	snprintf(expect, sizeof(expect), "%lld:3 %lld:1", (long long)b,
		(long long)a);
	cr_assert_str_eq(board_text(rs, "CAFE"), expect);
	snprintf(expect, sizeof(expect), "%lld:3", (long long)c);
	cr_assert_str_eq(board_text(rs, "BAR"), expect);
	cr_assert_str_eq(board_text(rs, "ETC"), "");
	cr_assert_str_eq(board_text(rs, "health"), "", "not a derived board");
	cr_assert_petory_ok(rs->top(&top, &n, rs, "ALL", 1));
	cr_assert_eq(n, 1);
	cr_assert_eq(top[0].member, b);
	free(top);
	cr_assert_float_eq(score_of(rs, "ALL", c), 3, 1e-9);
	cr_assert_float_eq(score_of(rs, "CAFE", a), 1, 1e-9);
	cr_assert_petory_fails(
		PETORY_ENOTFOUND, NULL, rs->score(&s, rs, "CAFE", c));
	cr_assert_petory_fails(
		PETORY_ENOTFOUND, NULL, rs->score(&s, rs, "ALL", d));
	cr_assert_petory_fails(
		PETORY_ENOTFOUND, NULL, rs->score(&s, rs, "ALL", 999999));
	cr_assert_petory_fails(
		PETORY_ENOTFOUND, NULL, rs->score(&s, rs, "health", a));

	/* the writes change nothing: the boards are the places' */
	cr_assert_petory_ok(rs->incr(&s, rs, "ALL", a, 100));
	cr_assert_float_eq(s, 1, 1e-9, "incr reports the derived score");
	cr_assert_petory_ok(rs->incr(&s, rs, "ALL", d, 5));
	cr_assert_float_eq(s, 0, 1e-9);
	cr_assert_petory_ok(rs->incr_many(rs, boards, 2, d, 5));
	cr_assert_petory_ok(rs->rebuild(rs, "ALL", stray, 1));
	cr_assert_petory_ok(rs->remove(rs, "ALL", b));
	snprintf(expect, sizeof(expect), "%lld:3 %lld:3 %lld:1", (long long)b,
		(long long)c, (long long)a);
	cr_assert_str_eq(board_text(rs, "ALL"), expect);

	/* unlikes and status changes show at once */
	like(db, u[0], a, PETORY_LIKE_CLEAR);
	like(db, u[1], c, PETORY_LIKE_TOGGLE);
	snprintf(expect, sizeof(expect), "%lld:3 %lld:2", (long long)b,
		(long long)c);
	cr_assert_str_eq(board_text(rs, "ALL"), expect);
	make_inactive(db, b);
	snprintf(expect, sizeof(expect), "%lld:2", (long long)c);
	cr_assert_str_eq(board_text(rs, "ALL"), expect);
	cr_assert_str_eq(board_text(rs, "CAFE"), "");
	cr_assert_petory_fails(
		PETORY_ENOTFOUND, NULL, rs->score(&s, rs, "ALL", b));
}

Test(store_rank, derived_boards_follow_the_places, .fini = redis_env_cleanup)
{
	each_rank_store(derived_boards_follow_the_places, is_derived);
}

/* ---- the fallback decorator ---- */

/* A like as the domain makes it: the truth, then both boards. */
static void like_and_bump(petory *db, petory_rank_store *rs, int64_t user,
	int64_t place, const char *type)
{
	const char *const boards[] = { "ALL", type };
	like(db, user, place, PETORY_LIKE_SET);
	/* a failure of the primary is not the caller's */
	cr_assert_petory_ok(rs->incr_many(rs, boards, 2, place, 1));
	petory__rank_fallback_settle(rs);
}

static void fallback_survives_redis_going_away(
	redis_env *e, petory_rank_store *rs)
{
	petory *db = e->db;
	petory_rank_store *raw = NULL;
	int64_t u[4], a, b;
	char expect[128];
	int i;
	cr_assert_eq(rs->flags, PETORY_RANK_FALLBACK);
	cr_assert_eq(strncmp(rs->name, "redis+", 6), 0, "%s", rs->name);
	for (i = 0; i < 4; i++)
		u[i] = place_rows_user(db, i);
	a = add_place(db, "카페 A", PETORY_PLACE_CAFE);
	b = add_place(db, "카페 B", PETORY_PLACE_CAFE);
	like(db, u[0], a, PETORY_LIKE_SET);
	like(db, u[1], a, PETORY_LIKE_SET);
	like(db, u[2], b, PETORY_LIKE_SET);
	/* as at open: Redis gets its boards from the truth */
	cr_assert_petory_ok(petory__place_rank_owner.resync(db, rs));
	cr_assert_not(petory__rank_fallback_degraded(rs));
	snprintf(expect, sizeof(expect), "%lld:2 %lld:1", (long long)a,
		(long long)b);
	cr_assert_str_eq(board_text(rs, "CAFE"), expect);

	/* served from Redis: a change made there alone shows */
	cr_assert_petory_ok(
		petory_redis_rank_store_new(&raw, e->redis->url, "t:"));
	cr_assert_petory_ok(raw->incr(NULL, raw, "ALL", b, 10));
	snprintf(expect, sizeof(expect), "%lld:11 %lld:2", (long long)b,
		(long long)a);
	cr_assert_str_eq(board_text(rs, "ALL"), expect);

	/* Redis goes away: the very read that finds out is answered from
	 * the secondary, which is the truth */
	test_redis_stop(e->redis);
	snprintf(expect, sizeof(expect), "%lld:2 %lld:1", (long long)a,
		(long long)b);
	cr_assert_str_eq(board_text(rs, "ALL"), expect);
	cr_assert(petory__rank_fallback_degraded(rs));
	like_and_bump(db, rs, u[3], b, "CAFE");
	snprintf(expect, sizeof(expect), "%lld:2 %lld:2", (long long)a,
		(long long)b);
	cr_assert_str_eq(board_text(rs, "ALL"), expect, "ties by id");
	cr_assert_float_eq(score_of(rs, "CAFE", b), 2, 1e-9);

	/* Redis is back, empty: until a probe is due the secondary serves */
	test_redis_restart(e->redis);
	like_and_bump(db, rs, u[1], b, "CAFE");
	cr_assert(petory__rank_fallback_degraded(rs));
	test_clock_now += 3000;
	snprintf(expect, sizeof(expect), "%lld:3 %lld:2", (long long)b,
		(long long)a);
	cr_assert_str_eq(board_text(rs, "ALL"), expect);
	cr_assert_not(petory__rank_fallback_degraded(rs), "the probe found it");
	/* its boards were rebuilt from the truth (the stray 10 is gone) */
	cr_assert_float_eq(score_of(raw, "ALL", b), 3, 1e-9);
	cr_assert_float_eq(score_of(raw, "CAFE", a), 2, 1e-9);
	/* and it serves again: the next like lands there */
	like_and_bump(db, rs, u[2], a, "CAFE");
	cr_assert_float_eq(score_of(raw, "CAFE", a), 3, 1e-9);
	snprintf(expect, sizeof(expect), "%lld:3 %lld:3", (long long)a,
		(long long)b);
	cr_assert_str_eq(board_text(rs, "CAFE"), expect);
	raw->free(raw);
}

Test(store_rank, fallback_survives_redis_going_away, .fini = redis_env_cleanup)
{
	each_rank_store(fallback_survives_redis_going_away, is_fallback);
}

/* ---- a table of version 1 ---- */

/* A version-1 store: the layout before flags and incr_many (an older
 * build's backend); it counts the increments it is asked for. */
typedef struct v1_store {
	unsigned int version;
	const char *name;
	void (*free)(petory_rank_store *rs);
	int (*incr)(double *score_out, petory_rank_store *rs, const char *board,
		int64_t member, double delta);
	int (*top)(petory_rank_entry **out, size_t *count_out,
		petory_rank_store *rs, const char *board, size_t limit);
	int (*score)(double *out, petory_rank_store *rs, const char *board,
		int64_t member);
	int (*rebuild)(petory_rank_store *rs, const char *board,
		const petory_rank_entry *entries, size_t count);
	int (*remove)(petory_rank_store *rs, const char *board, int64_t member);
} v1_store;

static int v1_increments;

static void v1_free(petory_rank_store *rs)
{
	free(rs);
}

static int v1_incr(double *score_out, petory_rank_store *rs, const char *board,
	int64_t member, double delta)
{
	(void)rs;
	(void)board;
	(void)member;
	v1_increments++;
	if (score_out)
		*score_out = delta;
	return 0;
}

static int v1_top(petory_rank_entry **out, size_t *count_out,
	petory_rank_store *rs, const char *board, size_t limit)
{
	(void)rs;
	(void)board;
	(void)limit;
	*out = NULL;
	*count_out = 0;
	return 0;
}

static int v1_score(
	double *out, petory_rank_store *rs, const char *board, int64_t member)
{
	(void)out;
	(void)rs;
	(void)board;
	(void)member;
	return petory_error_set(PETORY_ENOTFOUND, NULL, "no score");
}

static int v1_rebuild(petory_rank_store *rs, const char *board,
	const petory_rank_entry *entries, size_t count)
{
	(void)rs;
	(void)board;
	(void)entries;
	(void)count;
	return 0;
}

static int v1_remove(petory_rank_store *rs, const char *board, int64_t member)
{
	(void)rs;
	(void)board;
	(void)member;
	return 0;
}

Test(store_rank, a_version_1_table_has_no_flags_and_one_incr_per_board)
{
	static const char *const boards[] = { "ALL", "CAFE", "BAR" };
	v1_store *old = malloc(sizeof(*old));
	petory_rank_store *rs = (petory_rank_store *)old;
	petory *db = test_db_open();
	cr_assert_not_null(old);
	*old = (v1_store){ 1, "old", v1_free, v1_incr, v1_top, v1_score,
		v1_rebuild, v1_remove };
	cr_assert_petory_ok(petory_set_rank_store(db, rs));
	cr_assert_eq(petory__rank_store_flags(rs), 0);
	cr_assert_petory_ok(petory__rank_store_incr_many(rs, boards, 3, 7, 1));
	cr_assert_eq(v1_increments, 3);
	test_db_close(db);
}

/* ---- Redis gone: a bare fact ---- */

Test(store_rank, redis_gone_or_malformed_is_a_bare_fact,
	.fini = redis_env_cleanup)
{
	static const char *const boards[] = { "ALL", "CAFE" };
	petory_rank_store *rs = NULL;
	petory_rank_entry *top = NULL;
	size_t n = 0;
	redis_env e;
	double s;
	redis_env_open(&e, store_backends()[0], 1);
	assert_store_fact(PETORY_EINVALID,
		petory_redis_rank_store_new(&rs, "http://127.0.0.1:1", "t:"));
	cr_assert_petory_ok(
		petory_redis_rank_store_new(&rs, e.redis->url, "t:"));
	test_redis_stop(e.redis);
	assert_store_fact(
		PETORY_EUNAVAILABLE, rs->top(&top, &n, rs, "ALL", 10));
	assert_store_fact(PETORY_EUNAVAILABLE, rs->score(&s, rs, "ALL", 1));
	assert_store_fact(
		PETORY_EUNAVAILABLE, rs->incr_many(rs, boards, 2, 1, 1));
	rs->free(rs);
	redis_env_close(&e);
}
