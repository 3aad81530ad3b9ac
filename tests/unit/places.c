/* places.c -- places: validation, rights, near search, likes, and the
 * ranking.  The ranking cases run on both rank backends (SQLite, and a
 * handle opened with a real redis-server through the fallback wrapper);
 * the fallback case stops Redis and starts it again mid-test and moves
 * the injected clock past the probe interval instead of sleeping. */
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "petory_test.h"
#include "redis_server.h"
#include "store/sqlite/sqlite_internal.h"

static petory *db;
static test_redis redis;
static petory_identity admin, users[4];

static void make_people(void)
{
	int64_t id = test_user(db, "admin@example.com");
	char email[64];
	int i;
	cr_assert_petory_ok(petory_user_role_add(
		NULL, db, petory_identity_system(), id, PETORY_ROLE_ADMIN));
	admin = test_identity(db, id);
	for (i = 0; i < 4; i++) {
		snprintf(email, sizeof(email), "u%d@example.com", i);
		users[i] = test_identity(db, test_user(db, email));
	}
}

static void setup(void)
{
	test_clock_now = TEST_EPOCH_MS;
	db = test_db_open();
	make_people();
}

static void setup_redis(void)
{
	petory_options o;
	test_clock_now = TEST_EPOCH_MS;
	test_redis_start(&redis);
	test_options(&o);
	o.redis_url = redis.url;
	cr_assert_petory_ok(petory_open(&db, &o));
	make_people();
}

static void teardown(void)
{
	test_db_close(db);
	test_redis_stop(&redis);
}

TestSuite(places, .init = setup, .fini = teardown);

#define RANK_CONFORMANCE(case_)                                              \
	static void rank_##case_(void);                                      \
	Test(place_rank_sqlite, case_, .init = setup, .fini = teardown)      \
	{                                                                    \
		cr_assert_str_eq(petory_get_rank_store(db)->name, "sqlite"); \
		rank_##case_();                                              \
	}                                                                    \
	Test(place_rank_redis, case_, .init = setup_redis, .fini = teardown) \
	{                                                                    \
		cr_assert_str_eq(                                            \
			petory_get_rank_store(db)->name, "redis+sqlite");    \
		rank_##case_();                                              \
	}                                                                    \
	static void rank_##case_(void)

static int64_t add_place(
	const char *name, const char *type, double lat, double lng)
{
	petory_new_place in = { .name = name,
		.type = type,
		.address = "서울 어딘가 1",
		.has_coordinates = 1,
		.latitude = lat,
		.longitude = lng };
	petory_place *p = NULL;
	int64_t id;
	cr_assert_petory_ok(petory_place_create(&p, db, &admin, &in));
	id = p->id;
	petory_place_free(p);
	return id;
}

static void like(int user, int64_t place, petory_like_mode mode)
{
	petory_like_result r;
	cr_assert_petory_ok(
		petory_place_like(&r, db, &users[user], place, mode));
}

/* The board as ids, highest first; returns the count. */
static size_t board(const char *type, int64_t *ids, int64_t *likes)
{
	petory_place *items = NULL;
	size_t n = 0, i;
	cr_assert_petory_ok(petory_place_rank(&items, &n, db, NULL, type, 50));
	for (i = 0; i < n; i++) {
		ids[i] = items[i].id;
		if (likes)
			likes[i] = items[i].like_count;
	}
	petory_place_list_free(items, n);
	return n;
}

static int64_t like_count(int64_t place)
{
	petory_place *p = NULL;
	int64_t n;
	cr_assert_petory_ok(petory_place_get(&p, db, &admin, place));
	n = p->like_count;
	petory_place_free(p);
	return n;
}

/* Every board agrees with like_count: scores equal, ordered. */
static void assert_boards_agree(void)
{
	static const char *const boards[] = { "ALL", "CAFE", "BAR", "ETC" };
	petory_rank_store *rs = petory_get_rank_store(db);
	int64_t ids[64], likes[64];
	size_t n, i, b;
	double score;
	for (b = 0; b < 4; b++) {
		n = board(boards[b], ids, likes);
		for (i = 0; i < n; i++) {
			cr_assert_eq(likes[i], like_count(ids[i]));
			cr_assert_petory_ok(
				rs->score(&score, rs, boards[b], ids[i]));
			cr_assert_eq((int64_t)score, likes[i], "board %s",
				boards[b]);
			if (i)
				cr_assert_geq(likes[i - 1], likes[i]);
		}
	}
}

RANK_CONFORMANCE(follows_likes_moves_and_deletes)
{
	int64_t a = add_place("카페 A", "CAFE", 37.5, 127.0);
	int64_t b = add_place("카페 B", "CAFE", 37.6, 127.0);
	int64_t c = add_place("바 C", "BAR", 37.7, 127.0);
	int64_t ids[8], likes[8];
	petory_place_patch patch = { .type = "ETC" };
	petory_rank_store *rs = petory_get_rank_store(db);
	petory_place *p = NULL;
	int64_t ranked = 0;
	double score;
	int i;

	for (i = 0; i < 3; i++)
		like(i, b, PETORY_LIKE_SET);
	like(0, b, PETORY_LIKE_SET); /* idempotent */
	like(0, a, PETORY_LIKE_TOGGLE);
	like(1, c, PETORY_LIKE_SET);
	like(2, c, PETORY_LIKE_SET);
	like(3, c, PETORY_LIKE_TOGGLE);
	like(3, c, PETORY_LIKE_TOGGLE); /* back off */
	cr_assert_eq(like_count(b), 3);
	cr_assert_eq(like_count(c), 2);
	cr_assert_eq(like_count(a), 1);
	cr_assert_eq(board("ALL", ids, likes), 3);
	cr_assert_eq(ids[0], b);
	cr_assert_eq(ids[1], c);
	cr_assert_eq(ids[2], a);
	cr_assert_eq(board(NULL, ids, NULL), 3, "NULL is ALL");
	cr_assert_eq(board("CAFE", ids, NULL), 2);
	cr_assert_eq(ids[0], b);
	cr_assert_eq(board("BAR", ids, NULL), 1);
	assert_boards_agree();

	/* unliking a place one does not like changes nothing */
	like(3, a, PETORY_LIKE_CLEAR);
	cr_assert_eq(like_count(a), 1);

	/* a type change moves the place to its new board */
	cr_assert_petory_ok(petory_place_update(&p, db, &admin, c, &patch));
	petory_place_free(p);
	cr_assert_eq(board("BAR", ids, NULL), 0);
	cr_assert_eq(board("ETC", ids, NULL), 1);
	cr_assert_eq(ids[0], c);
	assert_boards_agree();

	/* deleted places leave every board; restored ones come back */
	cr_assert_petory_ok(petory_place_delete(db, &admin, b));
	cr_assert_eq(board("ALL", ids, NULL), 2);
	cr_assert_eq(ids[0], c);
	cr_assert_eq(board("CAFE", ids, NULL), 1);
	cr_assert_petory_ok(petory_place_restore(&p, db, &admin, b, NULL));
	petory_place_free(p);
	cr_assert_eq(board("ALL", ids, NULL), 3);
	cr_assert_eq(ids[0], b);
	assert_boards_agree();

	/* boards gone wrong (a lost update, a stray member, a lost
	 * member) come back from the SQL truth with a rebuild; boards
	 * derived from the places cannot go wrong (writes change nothing) */
	cr_assert_petory_ok(rs->incr(NULL, rs, "ALL", a, 100));
	cr_assert_petory_ok(rs->incr(NULL, rs, "CAFE", 999999, 5));
	cr_assert_petory_ok(rs->remove(rs, "ETC", c));
	cr_assert_eq(board("ALL", ids, NULL), 3);
	if (rs->flags & PETORY_RANK_DERIVED) {
		cr_assert_eq(ids[0], b, "derived boards stay right");
		cr_assert_eq(board("ETC", ids, NULL), 1);
	} else {
		cr_assert_eq(
			ids[0], a, "the board is wrong before the rebuild");
		cr_assert_eq(board("ETC", ids, NULL), 0);
	}
	cr_assert_petory_fails(PETORY_EPERM, NULL,
		petory_place_rank_rebuild(NULL, db, &users[0]));
	cr_assert_petory_ok(petory_place_rank_rebuild(&ranked, db, &admin));
	cr_assert_eq(ranked, 3);
	cr_assert_eq(board("ALL", ids, NULL), 3);
	cr_assert_eq(ids[0], b);
	cr_assert_eq(board("ETC", ids, NULL), 1);
	cr_assert_petory_fails(
		PETORY_ENOTFOUND, NULL, rs->score(&score, rs, "CAFE", 999999));
	assert_boards_agree();
}

struct liker {
	int64_t place;
	petory_identity who;
	int rounds;
};

/* Returns the number of failed calls (none expected: a busy database
 * waits, it does not refuse). */
static void *liker_run(void *arg)
{
	struct liker *l = arg;
	petory_like_result r;
	intptr_t failed = 0;
	int i;
	for (i = 0; i < l->rounds; i++) {
		failed += petory_place_like(&r, db, &l->who, l->place,
				  PETORY_LIKE_TOGGLE) != 0;
		failed += petory_place_like(&r, db, &l->who, l->place,
				  PETORY_LIKE_SET) != 0;
	}
	return (void *)failed;
}

RANK_CONFORMANCE(concurrent_likes_are_exact)
{
	int64_t place = add_place("인기 카페", "CAFE", 37.5, 127.0);
	struct liker l[16];
	pthread_t t[16];
	char email[64];
	int64_t ids[4];
	int i;
	for (i = 0; i < 16; i++) {
		snprintf(email, sizeof(email), "c%d@example.com", i);
		l[i] = (struct liker){ place,
			test_identity(db, test_user(db, email)), 10 };
	}
	for (i = 0; i < 16; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, liker_run, &l[i]), 0);
	for (i = 0; i < 16; i++) {
		void *failed;
		pthread_join(t[i], &failed);
		cr_assert_null(failed, "liker %d: %ld calls failed", i,
			(long)(intptr_t)failed);
	}
	/* every user ends with SET: exactly 16 likes */
	cr_assert_eq(like_count(place), 16);
	cr_assert_eq(board("ALL", ids, NULL), 1);
	assert_boards_agree();
}

/* While Redis is away: the two-place board is led by leader, served from
 * SQLite, and health reports redis DOWN. */
static void assert_on_fallback(int64_t leader)
{
	petory_health h;
	int64_t ids[4];
	cr_assert_eq(board("ALL", ids, NULL), 2);
	cr_assert_eq(ids[0], leader);
	cr_assert_petory_fails(
		PETORY_EBACKEND, NULL, petory_health_get(&h, db));
	cr_assert_eq(h.redis, PETORY_COMPONENT_DOWN);
}

Test(place_rank_redis, falls_back_and_recovers, .init = setup_redis,
	.fini = teardown)
{
	int64_t a = add_place("카페 A", "CAFE", 37.5, 127.0);
	int64_t b = add_place("카페 B", "CAFE", 37.6, 127.0);
	petory_health h;
	int64_t ids[4];
	like(0, a, PETORY_LIKE_SET);
	cr_assert_petory_ok(petory_health_get(&h, db));

	test_redis_stop(&redis);
	/* likes keep working; the ranking is served from SQLite */
	like(1, b, PETORY_LIKE_SET);
	like(2, b, PETORY_LIKE_SET);
	assert_on_fallback(b);
	like(3, a, PETORY_LIKE_SET);
	like(0, a, PETORY_LIKE_CLEAR);
	assert_boards_agree();

	/* Redis comes back empty: after the probe interval its boards are
	 * rebuilt from SQL and it serves again */
	test_redis_restart(&redis);
	like(3, b, PETORY_LIKE_SET);
	test_clock_now += 3000;
	cr_assert_eq(board("ALL", ids, NULL), 2);
	cr_assert_eq(ids[0], b);
	cr_assert_eq(like_count(b), 3);
	cr_assert_petory_ok(petory_health_get(&h, db));
	cr_assert_eq(h.redis, PETORY_COMPONENT_UP);
	like(0, a, PETORY_LIKE_SET);
	assert_boards_agree();
}

/* A "Redis" on port that takes connections into its backlog and never
 * answers them. */
static int hung_redis(int port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET,
		.sin_port = htons((uint16_t)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert_geq(fd, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	cr_assert_eq(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	cr_assert_eq(listen(fd, 16), 0);
	return fd;
}

static void *rank_reader(void *arg)
{
	petory_place *items = NULL;
	size_t n = 0;
	intptr_t rc = petory_place_rank(&items, &n, db, NULL, "ALL", 10);
	(void)arg;
	petory_place_list_free(items, n);
	return (void *)rc;
}

/* Redis hangs (connections taken, never answered) during an outage: the
 * one caller that probes it waits out the timeouts, and meanwhile likes
 * go on against the SQLite boards. */
Test(place_rank_redis, a_hung_probe_holds_up_only_its_caller,
	.init = setup_redis, .fini = teardown, .timeout = 60)
{
	int64_t a = add_place("카페 A", "CAFE", 37.5, 127.0);
	struct pollfd pending;
	struct timespec t0, t1;
	pthread_t reader;
	void *rc;
	int fd;
	test_redis_stop(&redis);
	like(0, a, PETORY_LIKE_SET); /* Redis fails: served from SQLite */
	fd = hung_redis(redis.port);
	test_clock_now += 3000; /* a probe is due */
	cr_assert_eq(pthread_create(&reader, NULL, rank_reader, NULL), 0);
	pending = (struct pollfd){ .fd = fd, .events = POLLIN };
	cr_assert_eq(poll(&pending, 1, 10000), 1, "the probe connects");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	like(1, a, PETORY_LIKE_SET);
	like(2, a, PETORY_LIKE_SET);
	like(1, a, PETORY_LIKE_CLEAR);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	cr_assert_lt((double)(t1.tv_sec - t0.tv_sec) +
			     (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
		1.0, "likes waited for the probe");
	pthread_join(reader, &rc);
	cr_assert_null(rc, "the probing reader was served from SQLite");
	close(fd);
	cr_assert_eq(like_count(a), 2);
	assert_boards_agree();
}

/* Redis is down when the handle opens: the ranking starts on its SQLite
 * fallback (health DOWN) and moves to Redis, rebuilt from SQL, once the
 * probe finds it (the clock moves past the probe interval). */
Test(place_rank_redis, starts_on_sqlite_until_redis_answers, .fini = teardown)
{
	petory_rank_store *raw = NULL;
	petory_options o;
	petory_health h;
	int64_t a, b, ids[4];
	double score = 0;
	test_clock_now = TEST_EPOCH_MS;
	test_redis_start(&redis);
	test_redis_stop(&redis);
	test_options(&o);
	o.redis_url = redis.url;
	cr_assert_petory_ok(petory_open(&db, &o));
	cr_assert_str_eq(petory_get_rank_store(db)->name, "redis+sqlite");
	make_people();
	a = add_place("카페 A", "CAFE", 37.5, 127.0);
	b = add_place("카페 B", "CAFE", 37.6, 127.0);
	like(0, a, PETORY_LIKE_SET);
	like(1, b, PETORY_LIKE_SET);
	like(2, b, PETORY_LIKE_SET);
	assert_on_fallback(b);
	assert_boards_agree();

	test_redis_restart(&redis);
	like(3, a, PETORY_LIKE_SET);
	like(0, a, PETORY_LIKE_CLEAR);
	test_clock_now += 3000;
	cr_assert_petory_ok(petory_health_get(&h, db));
	cr_assert_eq(h.redis, PETORY_COMPONENT_UP);
	like(3, b, PETORY_LIKE_SET);
	cr_assert_eq(board("CAFE", ids, NULL), 2);
	cr_assert_eq(ids[0], b);
	assert_boards_agree();
	/* the boards are in Redis itself */
	cr_assert_petory_ok(
		petory_redis_rank_store_new(&raw, redis.url, "petory:"));
	cr_assert_petory_ok(raw->score(&score, raw, "CAFE", b));
	cr_assert_float_eq(score, 3, 1e-9);
	cr_assert_petory_ok(raw->score(&score, raw, "ALL", a));
	cr_assert_float_eq(score, 1, 1e-9);
	raw->free(raw);
}

Test(places, create_validates_every_field)
{
	petory_new_place in = { .name = "",
		.type = "PUB",
		.address = "",
		.info = "",
		.has_coordinates = 1,
		.latitude = 90.5,
		.longitude = -180.5 };
	petory_place *p = NULL;
	const petory_error *e;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_place_create(&p, db, &admin, &in));
	e = petory_error_last();
	cr_assert_eq(e->field_count, 5,
		"placeName, placeType, address, "
		"latitude, longitude");
	in = (petory_new_place){
		.name = "이름이름이름이름이름이름이름이름이름이름"
			"이름이름이름이름이름",
		.type = "CAFE",
		.address = "a"
	};
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_place_create(&p, db, &admin, &in));
	cr_assert_eq(petory_error_last()->field_count, 2,
		"30 characters fit; no coordinates and no geocoder");
	in.has_coordinates = 1;
	cr_assert_petory_ok(petory_place_create(&p, db, &admin, &in));
	cr_assert_eq(p->status, PETORY_PLACE_ACTIVE);
	petory_place_free(p);
	cr_assert_petory_fails(PETORY_EEXISTS, "DUPLICATE_PLACE",
		petory_place_create(&p, db, &admin, &in));
	cr_assert_petory_fails(PETORY_EPERM, NULL,
		petory_place_create(&p, db, &users[0], &in));
	cr_assert_petory_fails(
		PETORY_EAUTH, NULL, petory_place_create(&p, db, NULL, &in));
}

Test(places, delete_restore_and_visibility)
{
	int64_t a = add_place("카페", "CAFE", 37.5, 127.0);
	petory_like_result r;
	petory_place *p = NULL;
	cr_assert_petory_fails(PETORY_ECONFLICT, "PLACE_NOT_DELETED",
		petory_place_restore(&p, db, &admin, a, NULL));
	cr_assert_petory_ok(petory_place_delete(db, &admin, a));
	cr_assert_petory_fails(PETORY_ECONFLICT, "ALREADY_DELETED_PLACE",
		petory_place_delete(db, &admin, a));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PLACE_NOT_FOUND",
		petory_place_get(&p, db, &admin, a));
	/* the same name and address may be used again, and then the
	 * deleted one cannot come back */
	add_place("카페", "CAFE", 37.5, 127.0);
	cr_assert_petory_fails(PETORY_EEXISTS, "DUPLICATE_PLACE",
		petory_place_restore(&p, db, &admin, a, NULL));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_place_restore(&p, db, &admin, a, "GONE"));
	a = add_place("숙소", "ACCOMMODATION", 37.5, 127.0);
	cr_assert_petory_ok(petory_place_delete(db, &admin, a));
	cr_assert_petory_ok(
		petory_place_restore(&p, db, &admin, a, "INACTIVE"));
	petory_place_free(p);
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PLACE_NOT_FOUND",
		petory_place_get(&p, db, &users[0], a));
	cr_assert_petory_ok(petory_place_get(&p, db, &admin, a));
	petory_place_free(p);
	cr_assert_petory_fails(PETORY_ECONFLICT, "ALREADY_INACTIVE_PLACE",
		petory_place_like(&r, db, &users[0], a, PETORY_LIKE_SET));
}

Test(places, near_search_orders_by_distance)
{
	petory_place_query q = {
		.has_near = 1, .lat = 37.5, .lng = 127.0, .radius = 2000
	};
	petory_page_req page = { 0, 10 };
	petory_place_page out;
	int64_t near = add_place("가까움", "CAFE", 37.501, 127.0);
	int64_t mid = add_place("중간", "BAR", 37.51, 127.0);
	add_place("멀리", "CAFE", 37.6, 127.0);
	cr_assert_petory_ok(petory_place_search(&out, db, NULL, &q, &page));
	cr_assert_eq(out.total, 2);
	cr_assert_eq(out.items[0].id, near);
	cr_assert_eq(out.items[1].id, mid);
	cr_assert_float_eq(out.items[0].distance, 111.2, 0.5);
	cr_assert_float_eq(out.items[1].distance, 1112.0, 1.0);
	petory_place_page_dispose(&out);
	q.type = "BAR";
	cr_assert_petory_ok(petory_place_search(&out, db, NULL, &q, &page));
	cr_assert_eq(out.total, 1);
	petory_place_page_dispose(&out);

	/* across the antimeridian and at a pole */
	near = add_place("날짜변경선", "ETC", 10.0, 179.999);
	q = (petory_place_query){
		.has_near = 1, .lat = 10.0, .lng = -179.999, .radius = 1000
	};
	cr_assert_petory_ok(petory_place_search(&out, db, NULL, &q, &page));
	cr_assert_eq(out.total, 1);
	cr_assert_eq(out.items[0].id, near);
	petory_place_page_dispose(&out);
	near = add_place("극점", "ETC", 89.9995, 10.0);
	q = (petory_place_query){
		.has_near = 1, .lat = 89.9995, .lng = -170, .radius = 500
	};
	cr_assert_petory_ok(petory_place_search(&out, db, NULL, &q, &page));
	cr_assert_eq(out.total, 1);
	cr_assert_eq(out.items[0].id, near);
	petory_place_page_dispose(&out);

	q.radius = 0;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_place_search(&out, db, NULL, &q, &page));
	q.radius = 50001;
	q.lat = 91;
	q.lng = 181;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_place_search(&out, db, NULL, &q, &page));
	cr_assert_eq(petory_error_last()->field_count, 3);
}

/* The query plan of statement id searches the R*Tree by its box (rtree's
 * idxNum 2: a range search), not by id (idxNum 1) inside a scan. */
static void assert_rtree_range(petory__stmt_id id)
{
	char sql[4096], detail[8192] = "";
	sqlite3_stmt *plan = NULL;
	PETORY__WITH_CONN(db, conn, {
		sqlite3_stmt *s = petory__stmt(conn, id);
		cr_assert_not_null(s);
		snprintf(sql, sizeof(sql), "EXPLAIN QUERY PLAN %s",
			sqlite3_sql(s));
		cr_assert_eq(sqlite3_prepare_v2(conn->db, sql, -1, &plan, NULL),
			SQLITE_OK, "%s", sqlite3_errmsg(conn->db));
		while (sqlite3_step(plan) == SQLITE_ROW) {
			const char *d =
				(const char *)sqlite3_column_text(plan, 3);
			size_t len = strlen(detail);
			snprintf(detail + len, sizeof(detail) - len, "%s\n",
				d ? d : "");
		}
		sqlite3_finalize(plan);
	});
	cr_assert_not_null(strstr(detail, "VIRTUAL TABLE INDEX 2:"),
		"plan without an R*Tree range search:\n%s", detail);
}

Test(places, near_search_reads_the_rtree_by_its_box)
{
	add_place("하나", "CAFE", 37.5, 127.0);
	add_place("둘", "BAR", 37.6, 127.1);
	assert_rtree_range(PETORY__STMT_PLACE_NEAR);
	assert_rtree_range(PETORY__STMT_PLACE_NEAR_COUNT);
}

Test(places, ratio_rounds_half_up_to_one_decimal)
{
	petory_place p = { 0 };
	cr_assert_float_eq(petory_place_ratio(&p), 0.0, 1e-9);
	p.review_count = 3;
	p.rating_sum = 13; /* 4.333 */
	cr_assert_float_eq(petory_place_ratio(&p), 4.3, 1e-9);
	p.review_count = 4;
	p.rating_sum = 13; /* 3.25 */
	cr_assert_float_eq(petory_place_ratio(&p), 3.3, 1e-9);
	p.review_count = 6;
	p.rating_sum = 29; /* 4.8333 */
	cr_assert_float_eq(petory_place_ratio(&p), 4.8, 1e-9);
}

Test(places, reviews_keep_the_mean_and_one_live_review)
{
	int64_t a = add_place("카페", "CAFE", 37.5, 127.0);
	petory_review *r = NULL, *mine = NULL;
	petory_place *p = NULL;
	petory_rate_info info;
	int i;
	for (i = 0; i < 3; i++) {
		cr_assert_petory_ok(petory_review_create(
			&r, db, &users[i], a, "좋다", i == 0 ? 5 : 4, &info));
		if (i == 0)
			mine = r;
		else
			petory_review_free(r);
	}
	cr_assert_petory_ok(petory_place_get(&p, db, NULL, a));
	cr_assert_float_eq(petory_place_ratio(p), 4.3, 1e-9);
	petory_place_free(p);
	cr_assert_petory_fails(PETORY_EEXISTS, "DUPLICATE_REVIEW",
		petory_review_create(&r, db, &users[0], a, "또", 1, NULL));
	cr_assert_petory_ok(petory_review_delete(db, &users[0], a, mine->id));
	cr_assert_petory_ok(
		petory_review_create(&r, db, &users[0], a, "다시", 1, NULL));
	petory_review_free(r);
	cr_assert_petory_ok(petory_place_get(&p, db, NULL, a));
	cr_assert_eq(p->review_count, 3);
	cr_assert_eq(p->rating_sum, 9);
	petory_place_free(p);
	cr_assert_petory_fails(PETORY_EEXISTS, "DUPLICATE_REVIEW",
		petory_review_restore(&r, db, &admin, a, mine->id));
	petory_review_free(mine);
}

/* The field an EINVALID just named, as one of its fields. */
static int named(const char *field)
{
	const petory_error *e = petory_error_last();
	size_t i;
	for (i = 0; i < e->field_count; i++)
		if (strcmp(e->fields[i].field, field) == 0)
			return 1;
	return 0;
}

/* The review feed: newest (highest id) first, by page with totals or by
 * an id cursor without them; the cursor pages never repeat or skip a
 * review while new ones arrive; deleted reviews are left out; the place
 * is seen as petory_place_get sees it. */
Test(places, review_feed_by_page_and_by_cursor)
{
	int64_t a = add_place("피드", "CAFE", 37.5, 127.0), ids[7];
	petory_identity who[7];
	petory_review_feed_req req = { 0 };
	petory_review_feed f;
	petory_review *r = NULL;
	char email[64];
	int i;
	for (i = 0; i < 7; i++) {
		if (i < 4) {
			who[i] = users[i];
		} else {
			snprintf(email, sizeof(email), "feed%d@example.com", i);
			who[i] = test_identity(db, test_user(db, email));
		}
		cr_assert_petory_ok(petory_review_create(
			&r, db, &who[i], a, "글", 3, NULL));
		ids[i] = r->id;
		petory_review_free(r);
	}
	/* neither page nor before: page 0, default size 10 */
	cr_assert_petory_ok(petory_review_feed_get(&f, db, NULL, a, NULL));
	cr_assert(f.paged);
	cr_assert_eq(f.size, 10);
	cr_assert_eq(f.total, 7);
	cr_assert_eq(f.count, 7);
	cr_assert_eq(f.next_before, 0);
	for (i = 0; i < 7; i++)
		cr_assert_eq(f.items[i].id, ids[6 - i]);
	petory_review_feed_dispose(&f);
	/* page 1 of 3 */
	req.has_page = 1;
	req.page = 1;
	req.size = 3;
	cr_assert_petory_ok(petory_review_feed_get(&f, db, NULL, a, &req));
	cr_assert_eq(f.count, 3);
	cr_assert_eq(f.items[0].id, ids[3]);
	cr_assert_eq(f.next_before, ids[1]);
	petory_review_feed_dispose(&f);
	/* the cursor: 3, a new review arrives, then 3 and 1, nothing new */
	memset(&req, 0, sizeof(req));
	req.size = 3;
	cr_assert_petory_ok(petory_review_feed_get(&f, db, NULL, a, &req));
	cr_assert_eq(f.items[0].id, ids[6]);
	cr_assert_eq(f.next_before, ids[4]);
	req.has_before = 1;
	req.before = f.next_before;
	petory_review_feed_dispose(&f);
	cr_assert_petory_ok(petory_review_delete(db, &who[0], a, ids[0]));
	cr_assert_petory_ok(
		petory_review_create(&r, db, &who[0], a, "새 글", 5, NULL));
	cr_assert_gt(r->id, ids[6]);
	petory_review_free(r);
	cr_assert_petory_ok(petory_review_feed_get(&f, db, NULL, a, &req));
	cr_assert(!f.paged);
	cr_assert_eq(f.count, 3);
	cr_assert_eq(f.items[0].id, ids[3]);
	cr_assert_eq(f.items[2].id, ids[1]);
	cr_assert_eq(f.next_before, 0, "the deleted oldest is left out");
	petory_review_feed_dispose(&f);
	/* bad requests name their fields */
	memset(&req, 0, sizeof(req));
	req.has_page = req.has_before = 1;
	req.before = ids[3];
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_review_feed_get(&f, db, NULL, a, &req));
	cr_assert(named("page") && named("before"));
	memset(&req, 0, sizeof(req));
	req.has_before = 1;
	req.size = 101;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_review_feed_get(&f, db, NULL, a, &req));
	cr_assert(named("size") && named("before"));
	req.has_before = 0;
	req.has_page = 1;
	req.page = -1;
	req.size = 0;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_review_feed_get(&f, db, NULL, a, &req));
	cr_assert(named("page") && !named("size"));
	/* an INACTIVE place: admins only; a DELETED or absent one: nobody */
	cr_assert_petory_ok(petory_place_close(db, &admin, a, "INACTIVE"));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PLACE_NOT_FOUND",
		petory_review_feed_get(&f, db, &users[1], a, NULL));
	cr_assert_petory_ok(petory_review_feed_get(&f, db, &admin, a, NULL));
	cr_assert_eq(f.total, 7);
	petory_review_feed_dispose(&f);
	cr_assert_petory_ok(petory_place_close(db, &admin, a, NULL));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PLACE_NOT_FOUND",
		petory_review_feed_get(&f, db, &admin, a, NULL));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PLACE_NOT_FOUND",
		petory_review_feed_get(&f, db, NULL, a + 1000, NULL));
}

/* A review (kind 0) or a report (kind 1) of place by users[0]. */
static int write_one(int kind, int64_t place, petory_rate_info *info)
{
	petory_review *r = NULL;
	petory_report *rep = NULL;
	int rc = kind == 0 ? petory_review_create(
				     &r, db, &users[0], place, "x", 3, info)
			   : petory_report_create(
				     &rep, db, &users[0], place, "x", info);
	petory_review_free(r);
	petory_report_free(rep);
	return rc;
}

/* The default limits: 10 reviews and 10 reports an hour per user, each
 * its own bucket; the window moves with the clock. */
Test(places, review_and_report_limits_are_10_an_hour)
{
	int64_t ids[11];
	petory_rate_info info;
	char name[16];
	int i, kind;
	for (i = 0; i < 11; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		ids[i] = add_place(name, "ETC", 37.5, 127.0);
	}
	for (kind = 0; kind < 2; kind++) {
		for (i = 0; i < 10; i++)
			cr_assert_petory_ok(write_one(kind, ids[i], &info));
		cr_assert_eq(info.limit, 10);
		cr_assert_petory_fails(PETORY_ERATELIMIT, "TOO_MANY_REQUESTS",
			write_one(kind, ids[10], &info));
		cr_assert_gt(info.retry_after_s, 0);
		cr_assert_leq(info.retry_after_s, 3600);
	}
	test_clock_now += MINUTES(61);
	for (kind = 0; kind < 2; kind++)
		cr_assert_petory_ok(write_one(kind, ids[10], &info));
}

Test(places, tenth_counted_report_deactivates_once)
{
	int64_t a = add_place("신고", "CAFE", 37.5, 127.0);
	petory_rank_store *rs = petory_get_rank_store(db);
	petory_report *rep = NULL, *first = NULL;
	petory_place *p = NULL;
	char email[64];
	double score;
	int i;
	like(2, a, PETORY_LIKE_SET);
	for (i = 0; i < 10; i++) {
		petory_identity who;
		snprintf(email, sizeof(email), "r%d@example.com", i);
		who = test_identity(db, test_user(db, email));
		cr_assert_petory_ok(
			petory_report_create(&rep, db, &who, a, "나쁨", NULL));
		if (i == 0) {
			first = rep;
			cr_assert_petory_ok(petory_report_cancel(
				&rep, db, &admin, a, first->id, NULL));
			cr_assert_eq(rep->valid, 0);
		}
		petory_report_free(rep);
	}
	cr_assert_petory_ok(petory_place_get(&p, db, NULL, a));
	petory_place_free(p);
	cr_assert_petory_ok(
		petory_report_create(&rep, db, &users[0], a, "나쁨", NULL));
	petory_report_free(rep);
	cr_assert_petory_fails(PETORY_ENOTFOUND, "PLACE_NOT_FOUND",
		petory_place_get(&p, db, NULL, a));
	/* the deactivated place left its boards */
	cr_assert_petory_fails(
		PETORY_ENOTFOUND, NULL, rs->score(&score, rs, "ALL", a));
	cr_assert_petory_fails(
		PETORY_ENOTFOUND, NULL, rs->score(&score, rs, "CAFE", a));
	cr_assert_petory_fails(PETORY_ECONFLICT, "ALREADY_INACTIVE_PLACE",
		petory_report_create(&rep, db, &users[1], a, "나쁨", NULL));
	cr_assert_petory_fails(PETORY_ECONFLICT, "ALREADY_INVALID_REPORT",
		petory_report_cancel(&rep, db, &admin, a, first->id, "x"));
	petory_report_free(first);
	/* a restore brings it back, with its like, and counts anew */
	cr_assert_petory_ok(petory_place_restore(&p, db, &admin, a, NULL));
	petory_place_free(p);
	cr_assert_petory_ok(rs->score(&score, rs, "CAFE", a));
	cr_assert_float_eq(score, 1, 1e-9);
	cr_assert_petory_ok(
		petory_report_create(&rep, db, &users[1], a, "나쁨", NULL));
	cr_assert_eq(rep->counted, 1);
	petory_report_free(rep);
	cr_assert_petory_ok(petory_place_get(&p, db, NULL, a));
	petory_place_free(p);
}

Test(places, rendered_ranking_follows_every_change)
{
	int64_t a = add_place("카페 A", "CAFE", 37.5, 127.0);
	int64_t b = add_place("카페 B", "CAFE", 37.6, 127.0);
	char *body = NULL, *again = NULL, expect[64];
	size_t len;
	like(0, a, PETORY_LIKE_SET);
	cr_assert_petory_ok(
		petory_place_rank_json(&body, &len, db, NULL, "CAFE", 5));
	cr_assert_petory_ok(
		petory_place_rank_json(&again, &len, db, NULL, "CAFE", 5));
	cr_assert_str_eq(body, again, "reused while nothing changed");
	petory_free(again);
	snprintf(expect, sizeof(expect), "[{\"id\":%lld,", (long long)a);
	cr_assert_eq(strncmp(body, expect, strlen(expect)), 0, "%s", body);
	petory_free(body);
	like(1, b, PETORY_LIKE_SET);
	like(2, b, PETORY_LIKE_SET);
	cr_assert_petory_ok(
		petory_place_rank_json(&body, &len, db, NULL, "CAFE", 5));
	snprintf(expect, sizeof(expect), "[{\"id\":%lld,", (long long)b);
	cr_assert_eq(strncmp(body, expect, strlen(expect)), 0, "%s", body);
	cr_assert_not_null(strstr(body, "\"likeCount\":2"));
	cr_assert_eq(len, strlen(body));
	petory_free(body);
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_place_rank_json(&body, &len, db, NULL, "PUB", 51));
	cr_assert_eq(petory_error_last()->field_count, 2);
}

/* A hard-deleted account takes its likes along: like_count and the
 * boards stay the SQL truth. */
Test(places, removed_accounts_take_their_likes_along)
{
	petory_jobs_report rep;
	int64_t ids[8];
	int64_t place = add_place("Gone Cafe", "CAFE", 37.5, 127.0);
	int64_t other = add_place("Kept Cafe", "CAFE", 37.6, 127.1);
	like(0, place, PETORY_LIKE_SET);
	like(1, place, PETORY_LIKE_SET);
	like(1, other, PETORY_LIKE_SET);
	cr_assert_petory_ok(
		petory_user_delete(db, &users[1], users[1].user_id));
	test_clock_now += DAYS(91);
	cr_assert_petory_ok(petory_jobs_run_due(
		&rep, db, petory_identity_system(), test_clock_now));
	cr_assert_geq(rep.removed, 1);
	/* users[0] went idle for 91 days too: deactivated, not removed. */
	cr_assert_eq(like_count(place), 1);
	cr_assert_eq(like_count(other), 0);
	cr_assert_eq(board("ALL", ids, NULL), 1);
	cr_assert_eq(ids[0], place);
	assert_boards_agree();
}
