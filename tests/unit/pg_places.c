/* pg_places.c -- the PostgreSQL places table's searches against a real
 * server, where the store conformance suite cannot look: the near search
 * plans through the GiST earth index (EXPLAIN of its own statements, with
 * the values bound and as a generic plan), and the box it searches holds
 * every place within the radius (in every direction, at a pole and
 * across the antimeridian) and nothing beyond it; the name search plans
 * through the trigram index; racing reviews keep a place's count and
 * rating sum exact, and racing reports deactivate it once, with one
 * alert.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_server.h"
#include "petory_test.h"
#include "store/postgres/postgres_internal.h"

TestSuite(pg_places, .timeout = 180);

static const char *const sql_of[PETORY__PG_STMT_COUNT] = {
#define SQL_OF(id, sql) [PETORY__PG_STMT_##id] = sql,
	PETORY__PG_SQL_ALL(SQL_OF)
#undef SQL_OF
};

/* The mean Earth radius of the store's distances, in metres. */
#define EARTH_M 6371008.8
#define PI 3.14159265358979323846

static PGconn *connect_fresh(char *url, size_t cap)
{
	petory__pg_pool *pool = NULL;
	PGconn *pg;
	pg_server_fresh_db(url, cap);
	/* opening a pool migrates the database */
	cr_assert_petory_ok(petory__pg_open(&pool, url, 1));
	petory__pg_close(pool);
	pg = PQconnectdb(url);
	cr_assert_eq(PQstatus(pg), CONNECTION_OK, "%s", PQerrorMessage(pg));
	return pg;
}

static void run(PGconn *pg, const char *sql)
{
	PGresult *r = PQexec(pg, sql);
	cr_assert(PQresultStatus(r) == PGRES_COMMAND_OK ||
			  PQresultStatus(r) == PGRES_TUPLES_OK,
		"%s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
}

/* The whole plan of a result of EXPLAIN, one line per row. */
static char *plan_text(PGresult *r)
{
	size_t len = 1, at = 0;
	char *text;
	int i;
	cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s",
		PQresultErrorMessage(r));
	for (i = 0; i < PQntuples(r); i++)
		len += strlen(PQgetvalue(r, i, 0)) + 1;
	cr_assert_not_null(text = malloc(len));
	for (i = 0; i < PQntuples(r); i++)
		at += (size_t)sprintf(text + at, "%s\n", PQgetvalue(r, i, 0));
	text[at] = '\0';
	return text;
}

/* 20000 active places on a grid around Seoul, analysed. */
static void fill_places(PGconn *pg)
{
	run(pg, "INSERT INTO places(name, address, type, latitude, "
		"longitude, created_at, updated_at) SELECT 'place ' || i, "
		"'서울 ' || i || '번지', i % 10, 33 + (i / 200) * 0.05, "
		"124 + (i % 200) * 0.03, 0, 0 FROM generate_series(0, 19999) "
		"AS i");
	run(pg, "ANALYZE places");
}

/* EXPLAIN statement id with the 8 values of a near search bound (the
 * custom plan a prepared statement gets with its values). */
static char *explain_bound(
	PGconn *pg, petory__pg_stmt_id id, const char *const *values, int n)
{
	char *sql, *text;
	PGresult *r;
	cr_assert_not_null(sql = malloc(strlen(sql_of[id]) + 16));
	sprintf(sql, "EXPLAIN %s", sql_of[id]);
	r = PQexecParams(pg, sql, n, NULL, values, NULL, NULL, 0);
	text = plan_text(r);
	PQclear(r);
	free(sql);
	return text;
}

/* EXPLAIN EXECUTE of statement id prepared as `name`, with args (a SQL
 * list), under a generic plan. */
static char *explain_generic(
	PGconn *pg, petory__pg_stmt_id id, const char *name, const char *args)
{
	char sql[256], *text;
	PGresult *r = PQprepare(pg, name, sql_of[id], 0, NULL);
	cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s",
		PQresultErrorMessage(r));
	PQclear(r);
	run(pg, "SET plan_cache_mode = force_generic_plan");
	snprintf(sql, sizeof(sql), "EXPLAIN EXECUTE %s(%s)", name, args);
	r = PQexec(pg, sql);
	text = plan_text(r);
	PQclear(r);
	run(pg, "RESET plan_cache_mode");
	return text;
}

Test(pg_places, the_near_search_plans_through_the_earth_index)
{
	char url[512], *plan;
	PGconn *pg = connect_fresh(url, sizeof(url));
	const char *const values[8] = { NULL, NULL, NULL, "37.5", "127.0",
		"2000", "0", "10" };
	fill_places(pg);
	plan = explain_bound(pg, PETORY__PG_STMT_PLACE_NEAR, values, 8);
	cr_assert(strstr(plan, "places_earth"), "PLACE_NEAR:\n%s", plan);
	free(plan);
	plan = explain_bound(pg, PETORY__PG_STMT_PLACE_NEAR_COUNT, values, 6);
	cr_assert(strstr(plan, "places_earth"), "PLACE_NEAR_COUNT:\n%s", plan);
	free(plan);
	/* a prepared statement may settle on a generic plan */
	plan = explain_generic(pg, PETORY__PG_STMT_PLACE_NEAR, "near",
		"NULL, NULL, NULL, 37.5, 127.0, 2000, 0, 10");
	cr_assert(
		strstr(plan, "places_earth"), "generic PLACE_NEAR:\n%s", plan);
	free(plan);
	PQfinish(pg);
}

Test(pg_places, the_name_search_plans_through_the_trigram_index)
{
	char url[512], *plan;
	PGconn *pg = connect_fresh(url, sizeof(url));
	const char *const values[5] = { "place 1234", NULL, NULL, "0", "10" };
	fill_places(pg);
	plan = explain_bound(pg, PETORY__PG_STMT_PLACE_SEARCH_COUNT, values, 3);
	cr_assert(strstr(plan, "places_name_trgm"), "PLACE_SEARCH_COUNT:\n%s",
		plan);
	free(plan);
	PQfinish(pg);
}

/* The point d metres from (lat, lng) at bearing b (degrees), on the
 * mean Earth sphere. */
static void destination(
	double lat, double lng, double b, double d, double *lat2, double *lng2)
{
	double p1 = lat * PI / 180, l1 = lng * PI / 180, t = b * PI / 180;
	double a = d / EARTH_M, p2, l2;
	p2 = asin(sin(p1) * cos(a) + cos(p1) * sin(a) * cos(t));
	l2 = l1 + atan2(sin(t) * sin(a) * cos(p1), cos(a) - sin(p1) * sin(p2));
	*lat2 = p2 * 180 / PI;
	*lng2 = fmod(l2 * 180 / PI + 540, 360) - 180;
}

static int64_t add_place(petory_store *st, int n, double lat, double lng)
{
	char name[32];
	petory_place p = { 0 };
	snprintf(name, sizeof(name), "p%d", n);
	p.name = name;
	p.address = name;
	p.latitude = lat;
	p.longitude = lng;
	p.created_at = p.updated_at = 1;
	cr_assert_petory_ok(st->places->place_insert(st, &p));
	return p.id;
}

Test(pg_places, the_near_box_holds_every_place_within_the_radius)
{
	static const double centres[][2] = { { 37.5, 127.0 }, { 0, 179.999 },
		{ -45, -180 }, { 89.99, 10 }, { -89.5, -60 } };
	static const double radii[] = { 50, 2000, 150000 };
	char url[512];
	petory_store *st = NULL;
	size_t c, k;
	int n = 0;
	pg_server_fresh_db(url, sizeof(url));
	cr_assert_petory_ok(petory_postgres_store_new(&st, url, 2));
	for (c = 0; c < sizeof(centres) / sizeof(centres[0]); c++)
		for (k = 0; k < sizeof(radii) / sizeof(radii[0]); k++) {
			petory_place_query q = { 0 };
			petory_place_page page;
			double lat, lng;
			int b;
			size_t i;
			q.has_near = 1;
			q.lat = centres[c][0];
			q.lng = centres[c][1];
			q.radius = radii[k];
			/* 8 places just inside the radius, 8 just beyond */
			for (b = 10; b < 360; b += 45) {
				destination(q.lat, q.lng, b,
					q.radius * (1 - 1e-6), &lat, &lng);
				add_place(st, n++, lat, lng);
				destination(q.lat, q.lng, b,
					q.radius * (1 + 1e-6), &lat, &lng);
				add_place(st, n++, lat, lng);
			}
			cr_assert_petory_ok(st->places->place_search(
				&page, st, &q, -1, 0, 100));
			cr_assert_eq(page.total, 8,
				"centre (%g, %g), radius %g: %lld places",
				q.lat, q.lng, q.radius, (long long)page.total);
			for (i = 0; i < page.count; i++)
				cr_assert_leq(page.items[i].distance, q.radius);
			petory_place_page_dispose(&page);
			/* out of the next search */
			pg_server_sql(url, "UPDATE places SET status = 2");
		}
	st->free(st);
}

/* ---- races on one place's reviews and reports ---- */

#define RACERS 32

typedef struct place_race {
	petory_store *st;
	int64_t place;
	int64_t users[RACERS];
	int64_t reviews[RACERS];
	petory_store_outcome outcomes[RACERS];
	int deactivated[RACERS];
	int failures;
	pthread_mutex_t lock;
} place_race;

static place_race *race_setup(petory_store *st)
{
	place_race *r = calloc(1, sizeof(*r));
	int i;
	cr_assert_not_null(r);
	r->st = st;
	pthread_mutex_init(&r->lock, NULL);
	r->place = add_place(st, 1, 37.5, 127.0);
	for (i = 0; i < RACERS; i++) {
		char email[64];
		petory_user u = { 0 };
		snprintf(email, sizeof(email), "racer%d@example.com", i);
		u.email = email;
		u.nickname = email;
		u.timezone = "Asia/Seoul";
		u.roles = PETORY_ROLE_USER;
		u.created_at = u.updated_at = u.status_changed_at = 1;
		cr_assert_petory_ok(
			st->users->user_insert(st, &u, email, "not-a-hash"));
		r->users[i] = u.id;
	}
	return r;
}

static void failed(place_race *r)
{
	pthread_mutex_lock(&r->lock);
	r->failures++;
	pthread_mutex_unlock(&r->lock);
}

/* Each racer reviews the place (rating 1 + i % 5), rates it again 5,
 * and the odd ones delete their review. */
static void *review_racer(void *arg)
{
	void **a = arg;
	place_race *r = a[0];
	int i = (int)(intptr_t)a[1];
	petory_store_outcome outcome;
	petory_review v = { 0 };
	v.place_id = r->place;
	v.user_id = r->users[i];
	v.content = "좋아요";
	v.rating = 1 + i % 5;
	v.created_at = 2;
	if (r->st->reviews->review_insert(&outcome, r->st, &v) < 0 ||
		outcome != PETORY_STORE_APPLIED ||
		r->st->reviews->review_update(r->st, v.id, NULL, 5, 3) < 0 ||
		(i % 2 && r->st->reviews->review_set_deleted(
				  r->st, v.id, 1, 4) < 0))
		failed(r);
	return NULL;
}

/* Each racer reports the place against the limit 10. */
static void *report_racer(void *arg)
{
	void **a = arg;
	place_race *r = a[0];
	int i = (int)(intptr_t)a[1];
	petory_place_type type;
	petory_report p = { 0 };
	p.place_id = r->place;
	p.user_id = r->users[i];
	p.content = "이상해요";
	p.created_at = 2;
	if (r->st->reviews->report_insert(&r->outcomes[i], r->st, &p, 10,
		    &r->deactivated[i], &type) < 0)
		failed(r);
	return NULL;
}

static void race(place_race *r, void *(*fn)(void *))
{
	pthread_t threads[RACERS];
	void *args[RACERS][2];
	int i;
	for (i = 0; i < RACERS; i++) {
		args[i][0] = r;
		args[i][1] = (void *)(intptr_t)i;
		cr_assert_eq(pthread_create(&threads[i], NULL, fn, args[i]), 0);
	}
	for (i = 0; i < RACERS; i++)
		pthread_join(threads[i], NULL);
	cr_assert_eq(r->failures, 0);
}

static int64_t query_int(const char *url, const char *sql)
{
	PGconn *pg = PQconnectdb(url);
	PGresult *r = PQexec(pg, sql);
	int64_t v;
	cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s: %s", sql,
		PQresultErrorMessage(r));
	v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	PQfinish(pg);
	return v;
}

Test(pg_places, racing_reviews_keep_the_count_and_rating_sum_exact)
{
	char url[512];
	petory_store *st = NULL;
	place_race *r;
	petory_place *p = NULL;
	pg_server_fresh_db(url, sizeof(url));
	cr_assert_petory_ok(petory_postgres_store_new(&st, url, 4));
	r = race_setup(st);
	race(r, review_racer);
	cr_assert_petory_ok(st->places->place_get(&p, st, r->place, 0));
	/* the even racers' reviews are live, each rated 5 */
	cr_assert_eq(p->review_count, RACERS / 2);
	cr_assert_eq(p->rating_sum, 5 * (RACERS / 2));
	cr_assert_eq(p->review_count,
		query_int(url, "SELECT count(*) FROM place_reviews WHERE "
			       "deleted_at IS NULL"));
	petory_place_free(p);
	pthread_mutex_destroy(&r->lock);
	free(r);
	st->free(st);
}

Test(pg_places, racing_reports_deactivate_the_place_once)
{
	char url[512];
	petory_store *st = NULL;
	place_race *r;
	petory_place *p = NULL;
	int i, applied = 0, inactive = 0, deactivated = 0;
	pg_server_fresh_db(url, sizeof(url));
	cr_assert_petory_ok(petory_postgres_store_new(&st, url, 4));
	r = race_setup(st);
	race(r, report_racer);
	for (i = 0; i < RACERS; i++) {
		applied += r->outcomes[i] == PETORY_STORE_APPLIED;
		inactive += r->outcomes[i] == PETORY_STORE_INACTIVE;
		deactivated += r->deactivated[i];
	}
	cr_assert_eq(applied, 10, "the reports up to the limit");
	cr_assert_eq(inactive, RACERS - 10, "then the place is INACTIVE");
	cr_assert_eq(deactivated, 1);
	cr_assert_eq(query_int(url, "SELECT count(*) FROM outbox WHERE kind "
				    "= 'WEBHOOK'"),
		1, "one alert");
	cr_assert_petory_ok(st->places->place_get(&p, st, r->place, 0));
	cr_assert_eq(p->status, PETORY_PLACE_INACTIVE);
	petory_place_free(p);
	pthread_mutex_destroy(&r->lock);
	free(r);
	st->free(st);
}
