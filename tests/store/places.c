/* places.c -- conformance of the places table: the catalogue, search,
 * likes (with their outcomes and 64 racing users), the ranking truth and
 * the images of places, and a fault in the middle of every write that
 * runs more than one statement.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "place_rows.h"

#define CAFE PETORY_PLACE_CAFE
#define HOSPITAL PETORY_PLACE_HOSPITAL
#define ALL_STATUSES                                                   \
	((1u << PETORY_PLACE_ACTIVE) | (1u << PETORY_PLACE_INACTIVE) | \
		(1u << PETORY_PLACE_DELETED))

static int set_status(petory *db, int64_t id, petory_place_status to)
{
	return petory__store_place_set_status(
		NULL, NULL, db, id, ALL_STATUSES, to, 0, PLACE_ROWS_NOW);
}

/* A like by user on place: the outcome, the change and the result. */
typedef struct like_answer {
	petory_store_outcome outcome;
	petory_like_result result;
	int changed;
	petory_place_type type;
} like_answer;

static like_answer like(
	petory *db, int64_t user, int64_t place, petory_like_mode mode)
{
	like_answer a;
	memset(&a, 0xff, sizeof(a));
	cr_assert_petory_ok(petory__store_place_like(&a.outcome, &a.result,
		&a.changed, &a.type, db, user, place, mode, PLACE_ROWS_NOW));
	return a;
}

static int64_t like_count(petory *db, int64_t place)
{
	petory_place *p = place_rows_get(db, place);
	int64_t n = p->like_count;
	petory_place_free(p);
	return n;
}

Test(store_places, insert_and_get_report_the_row_absent_ids_and_duplicates)
{
	STORE_FOREACH(b, db, {
		int64_t author = place_rows_user(db, 1);
		petory_place p = { 0 }, again = { 0 };
		petory_place *got = NULL;
		p.name = "카페 하나";
		p.info = "강아지 환영";
		p.address = "서울 1";
		p.type = HOSPITAL;
		p.latitude = 37.5;
		p.longitude = 127.0;
		p.created_by = author;
		p.created_at = p.updated_at = PLACE_ROWS_NOW;
		cr_assert_petory_ok(petory__store_place_insert(db, &p));
		cr_assert_gt(p.id, 0);
		cr_assert_petory_ok(petory__store_place_get(&got, db, p.id, 0));
		cr_assert_str_eq(got->name, "카페 하나");
		cr_assert_str_eq(got->info, "강아지 환영");
		cr_assert_str_eq(got->address, "서울 1");
		cr_assert_eq(got->type, HOSPITAL);
		cr_assert_eq(got->status, PETORY_PLACE_ACTIVE);
		cr_assert_float_eq(got->latitude, 37.5, 1e-9);
		cr_assert_float_eq(got->longitude, 127.0, 1e-9);
		cr_assert_eq(got->created_by, author);
		cr_assert_eq(got->created_at, PLACE_ROWS_NOW);
		cr_assert_eq(got->like_count, 0);
		cr_assert_eq(got->review_count, 0);
		cr_assert_eq(got->liked, -1, "no viewer: unknown");
		cr_assert_eq(got->image_count, 0);
		cr_assert_eq(got->images_complete, 1);
		petory_place_free(got);

		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_place_get(&got, db, p.id + 100, 0));
		cr_assert_null(got);

		/* the same (name, address) again: taken, nothing written */
		again = p;
		again.id = 0;
		again.info = NULL;
		assert_writes_nothing(b, db, "a duplicate insert",
			assert_store_fact(PETORY_EEXISTS,
				petory__store_place_insert(db, &again)));
		/* the same name elsewhere is another place */
		place_rows_place(db, "카페 하나", "서울 2", CAFE, 37.5, 127.0);
		/* a DELETED place frees its (name, address), at any status
		 * of its own: get still finds it */
		cr_assert_petory_ok(set_status(db, p.id, PETORY_PLACE_DELETED));
		cr_assert_petory_ok(petory__store_place_insert(db, &again));
		cr_assert_neq(again.id, p.id);
		got = place_rows_get(db, p.id);
		cr_assert_eq(got->status, PETORY_PLACE_DELETED);
		petory_place_free(got);
	});
}

Test(store_places, get_tells_a_viewer_whether_they_like_the_place)
{
	STORE_FOREACH(b, db, {
		int64_t fan = place_rows_user(db, 1);
		int64_t other = place_rows_user(db, 2);
		int64_t a = place_rows_place(db, "a", "a", CAFE, 37.5, 127.0);
		petory_place *p = NULL;
		like(db, fan, a, PETORY_LIKE_SET);
		cr_assert_petory_ok(petory__store_place_get(&p, db, a, fan));
		cr_assert_eq(p->liked, 1);
		petory_place_free(p);
		cr_assert_petory_ok(petory__store_place_get(&p, db, a, other));
		cr_assert_eq(p->liked, 0);
		petory_place_free(p);
	});
}

Test(store_places, get_many_gives_active_places_in_the_order_asked)
{
	STORE_FOREACH(b, db, {
		int64_t a = place_rows_place(db, "a", "a", CAFE, 37.5, 127.0);
		int64_t c = place_rows_place(db, "c", "c", CAFE, 37.5, 127.0);
		int64_t d = place_rows_place(db, "d", "d", CAFE, 37.5, 127.0);
		int64_t e = place_rows_place(db, "e", "e", CAFE, 37.5, 127.0);
		int64_t ids[] = { e, 999999, a, c, d };
		petory_place *items = NULL;
		size_t n = 99;
		cr_assert_petory_ok(set_status(db, c, PETORY_PLACE_INACTIVE));
		cr_assert_petory_ok(set_status(db, d, PETORY_PLACE_DELETED));
		cr_assert_petory_ok(
			petory__store_place_get_many(&items, &n, db, ids, 5));
		cr_assert_eq(n, 2, "absent, INACTIVE and DELETED skipped");
		cr_assert_eq(items[0].id, e);
		cr_assert_eq(items[1].id, a);
		cr_assert_str_eq(items[1].name, "a");
		petory_place_list_free(items, n);
		cr_assert_petory_ok(
			petory__store_place_get_many(&items, &n, db, ids, 0));
		cr_assert_eq(n, 0);
		petory_place_list_free(items, n);
	});
}

Test(store_places, update_writes_the_fields_and_moves_the_point)
{
	STORE_FOREACH(b, db, {
		int64_t a =
			place_rows_place(db, "a", "서울", CAFE, 37.5, 127.0);
		int64_t o =
			place_rows_place(db, "o", "서울", CAFE, 37.5, 127.0);
		petory_place_query near = { 0 };
		petory_place_page page;
		petory_place *p = place_rows_get(db, a), next;
		next = *p;
		next.name = "b";
		next.info = "정보";
		next.type = HOSPITAL;
		next.address = "부산";
		next.latitude = 35.1;
		next.longitude = 129.0;
		next.updated_at = PLACE_ROWS_NOW + 1;
		cr_assert_petory_ok(petory__store_place_update(db, &next));
		petory_place_free(p);
		p = place_rows_get(db, a);
		cr_assert_str_eq(p->name, "b");
		cr_assert_str_eq(p->info, "정보");
		cr_assert_eq(p->type, HOSPITAL);
		cr_assert_str_eq(p->address, "부산");
		cr_assert_float_eq(p->latitude, 35.1, 1e-9);
		cr_assert_eq(p->updated_at, PLACE_ROWS_NOW + 1);
		cr_assert_eq(p->created_at, PLACE_ROWS_NOW);
		/* the near index follows the point */
		near.has_near = 1;
		near.lat = 35.1;
		near.lng = 129.0;
		near.radius = 100;
		cr_assert_petory_ok(petory__store_place_search(
			&page, db, &near, -1, 0, 10));
		cr_assert_eq(page.count, 1);
		cr_assert_eq(page.items[0].id, a);
		petory_place_page_dispose(&page);

		/* taking another place's (name, address): nothing written */
		next = *p;
		next.name = "o";
		next.address = "서울";
		assert_writes_nothing(b, db, "a colliding update",
			assert_store_fact(PETORY_EEXISTS,
				petory__store_place_update(db, &next)));
		next.id = o + 100;
		next.name = "z";
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_place_update(db, &next));
		petory_place_free(p);
	});
}

Test(store_places, set_status_moves_only_from_the_states_given)
{
	STORE_FOREACH(b, db, {
		int64_t fan = place_rows_user(db, 1);
		int64_t a =
			place_rows_place(db, "a", "a", HOSPITAL, 37.5, 127.0);
		int64_t likes = -1;
		petory_place_type type = CAFE;
		petory_place *p;
		like(db, fan, a, PETORY_LIKE_SET);
		cr_assert_petory_ok(petory__store_place_set_status(&likes,
			&type, db, a, 1u << PETORY_PLACE_ACTIVE,
			PETORY_PLACE_INACTIVE, 0, PLACE_ROWS_NOW + 5));
		cr_assert_eq(likes, 1);
		cr_assert_eq(type, HOSPITAL);
		p = place_rows_get(db, a);
		cr_assert_eq(p->status, PETORY_PLACE_INACTIVE);
		cr_assert_eq(p->updated_at, PLACE_ROWS_NOW + 5);
		petory_place_free(p);
		/* not in from_mask: a conflict, nothing written */
		assert_writes_nothing(b, db, "a lost status change",
			assert_store_fact(PETORY_ECONFLICT,
				petory__store_place_set_status(NULL, NULL, db,
					a, 1u << PETORY_PLACE_ACTIVE,
					PETORY_PLACE_DELETED, 0,
					PLACE_ROWS_NOW)));
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_place_set_status(NULL, NULL, db, a + 100,
				ALL_STATUSES, PETORY_PLACE_DELETED, 0,
				PLACE_ROWS_NOW));
		/* leaving DELETED when another place took the (name,
		 * address): taken */
		cr_assert_petory_ok(set_status(db, a, PETORY_PLACE_DELETED));
		place_rows_place(db, "a", "a", CAFE, 37.5, 127.0);
		assert_writes_nothing(b, db, "a colliding restore",
			assert_store_fact(PETORY_EEXISTS,
				set_status(db, a, PETORY_PLACE_ACTIVE)));
	});
}

/* The ids of a page, in order, as a string ("3,1,"). */
static void page_ids(char *out, size_t cap, const petory_place_page *page)
{
	size_t i, len = 0;
	out[0] = '\0';
	for (i = 0; i < page->count && len < cap; i++)
		len += (size_t)snprintf(out + len, cap - len, "%lld,",
			(long long)page->items[i].id);
}

static void expect_search(petory *db, const petory_place_query *q, int type,
	int64_t offset, int64_t limit, int64_t total, const char *ids)
{
	petory_place_page page;
	char got[256];
	cr_assert_petory_ok(
		petory__store_place_search(&page, db, q, type, offset, limit));
	page_ids(got, sizeof(got), &page);
	cr_assert_eq(page.total, total, "total of %s", ids);
	cr_assert_str_eq(got, ids);
	petory_place_page_dispose(&page);
}

Test(store_places, search_filters_by_text_and_type_and_pages)
{
	STORE_FOREACH(b, db, {
		char ids[6][32];
		int64_t a = place_rows_place(
			db, "멍멍 카페", "서울 강남", CAFE, 37.5, 127.0);
		int64_t c = place_rows_place(
			db, "100% 카페", "서울 종로", CAFE, 37.5, 127.0);
		int64_t h = place_rows_place(
			db, "멍멍 병원", "부산", HOSPITAL, 37.5, 127.0);
		int64_t gone = place_rows_place(
			db, "멍멍 숨김", "서울", CAFE, 37.5, 127.0);
		petory_place_query q = { 0 };
		cr_assert_petory_ok(
			set_status(db, gone, PETORY_PLACE_INACTIVE));
		snprintf(ids[0], 32, "%lld,%lld,%lld,", (long long)h,
			(long long)c, (long long)a);
		snprintf(ids[1], 32, "%lld,%lld,", (long long)h, (long long)a);
		snprintf(ids[2], 32, "%lld,", (long long)c);
		snprintf(ids[3], 32, "%lld,%lld,", (long long)c, (long long)a);
		snprintf(ids[4], 32, "%lld,", (long long)a);
		/* every ACTIVE place, the newest first */
		expect_search(db, &q, -1, 0, 10, 3, ids[0]);
		q.name = "멍멍";
		expect_search(db, &q, -1, 0, 10, 2, ids[1]);
		/* LIKE's wildcards are text */
		q.name = "%";
		expect_search(db, &q, -1, 0, 10, 1, ids[2]);
		q.name = NULL;
		q.address = "서울";
		expect_search(db, &q, -1, 0, 10, 2, ids[3]);
		q.address = NULL;
		expect_search(db, &q, CAFE, 0, 10, 2, ids[3]);
		/* paging: the total stays, the page moves */
		expect_search(db, &q, CAFE, 1, 1, 2, ids[4]);
		expect_search(db, &q, CAFE, 2, 1, 2, "");
	});
}

Test(store_places, near_search_orders_by_distance_within_the_radius)
{
	STORE_FOREACH(b, db, {
		int64_t far =
			place_rows_place(db, "far", "f", CAFE, 37.6, 127.0);
		int64_t mid = place_rows_place(
			db, "mid", "m", HOSPITAL, 37.51, 127.0);
		int64_t near =
			place_rows_place(db, "near", "n", CAFE, 37.501, 127.0);
		int64_t hidden =
			place_rows_place(db, "hid", "h", CAFE, 37.5, 127.0);
		petory_place_query q = { 0 };
		petory_place_page page;
		char ids[64];
		cr_assert_petory_ok(
			set_status(db, hidden, PETORY_PLACE_DELETED));
		q.has_near = 1;
		q.lat = 37.5;
		q.lng = 127.0;
		q.radius = 2000;
		cr_assert_petory_ok(
			petory__store_place_search(&page, db, &q, -1, 0, 10));
		cr_assert_eq(page.total, 2);
		cr_assert_eq(page.count, 2);
		cr_assert_eq(page.items[0].id, near);
		cr_assert_eq(page.items[1].id, mid);
		cr_assert_float_eq(page.items[0].distance, 111.2, 0.5);
		cr_assert_float_eq(page.items[1].distance, 1112.0, 2.0);
		cr_assert_lt(page.items[0].distance, page.items[1].distance);
		petory_place_page_dispose(&page);
		/* with a type, and a page past the first */
		snprintf(ids, sizeof(ids), "%lld,", (long long)mid);
		expect_search(db, &q, HOSPITAL, 0, 10, 1, ids);
		q.radius = 20000;
		snprintf(ids, sizeof(ids), "%lld,", (long long)far);
		expect_search(db, &q, -1, 2, 10, 3, ids);
	});
}

Test(store_places, like_sets_clears_and_toggles_with_its_outcome)
{
	STORE_FOREACH(b, db, {
		int64_t u1 = place_rows_user(db, 1);
		int64_t u2 = place_rows_user(db, 2);
		int64_t a =
			place_rows_place(db, "a", "a", HOSPITAL, 37.5, 127.0);
		like_answer r = like(db, u1, a, PETORY_LIKE_SET);
		cr_assert_eq(r.outcome, PETORY_STORE_APPLIED);
		cr_assert_eq(r.changed, 1);
		cr_assert_eq(r.type, HOSPITAL);
		cr_assert_eq(r.result.place_id, a);
		cr_assert_eq(r.result.liked, 1);
		cr_assert_eq(r.result.like_count, 1);
		/* already so: unchanged, nothing written */
		assert_writes_nothing(b, db, "a second like",
			r = like(db, u1, a, PETORY_LIKE_SET));
		cr_assert_eq(r.outcome, PETORY_STORE_UNCHANGED);
		cr_assert_eq(r.changed, 0);
		cr_assert_eq(r.result.liked, 1);
		cr_assert_eq(r.result.like_count, 1);
		r = like(db, u2, a, PETORY_LIKE_TOGGLE);
		cr_assert_eq(r.outcome, PETORY_STORE_APPLIED);
		cr_assert_eq(r.changed, 1);
		cr_assert_eq(r.result.like_count, 2);
		r = like(db, u2, a, PETORY_LIKE_TOGGLE);
		cr_assert_eq(r.outcome, PETORY_STORE_APPLIED);
		cr_assert_eq(r.changed, -1);
		cr_assert_eq(r.result.liked, 0);
		cr_assert_eq(r.result.like_count, 1);
		assert_writes_nothing(b, db, "clearing an absent like",
			r = like(db, u2, a, PETORY_LIKE_CLEAR));
		cr_assert_eq(r.outcome, PETORY_STORE_UNCHANGED);
		cr_assert_eq(r.result.liked, 0);
		r = like(db, u1, a, PETORY_LIKE_CLEAR);
		cr_assert_eq(r.outcome, PETORY_STORE_APPLIED);
		cr_assert_eq(r.changed, -1);
		cr_assert_eq(r.result.like_count, 0);
		cr_assert_eq(like_count(db, a), 0);
	});
}

Test(store_places, like_reports_absent_deleted_and_inactive_places)
{
	STORE_FOREACH(b, db, {
		int64_t u = place_rows_user(db, 1);
		int64_t a = place_rows_place(db, "a", "a", CAFE, 37.5, 127.0);
		int64_t d = place_rows_place(db, "d", "d", CAFE, 37.5, 127.0);
		like_answer r;
		petory_like_mode mode;
		cr_assert_petory_ok(set_status(db, a, PETORY_PLACE_INACTIVE));
		cr_assert_petory_ok(set_status(db, d, PETORY_PLACE_DELETED));
		for (mode = PETORY_LIKE_SET; mode <= PETORY_LIKE_TOGGLE;
			mode++) {
			assert_writes_nothing(b, db, "a like of no place",
				r = like(db, u, d + 100, mode));
			cr_assert_eq(r.outcome, PETORY_STORE_ABSENT);
			cr_assert_eq(r.changed, 0);
			assert_writes_nothing(b, db,
				"a like of a DELETED place",
				r = like(db, u, d, mode));
			cr_assert_eq(r.outcome, PETORY_STORE_ABSENT);
			cr_assert_eq(r.changed, 0);
			assert_writes_nothing(b, db,
				"a like of an INACTIVE place",
				r = like(db, u, a, mode));
			cr_assert_eq(r.outcome, PETORY_STORE_INACTIVE);
			cr_assert_eq(r.changed, 0);
			cr_assert_eq(r.type, CAFE);
		}
	});
}

Test(store_places, rank_truth_lists_active_places_with_likes)
{
	STORE_FOREACH(b, db, {
		int64_t u1 = place_rows_user(db, 1);
		int64_t u2 = place_rows_user(db, 2);
		int64_t c = place_rows_place(db, "c", "c", CAFE, 37.5, 127.0);
		int64_t h =
			place_rows_place(db, "h", "h", HOSPITAL, 37.5, 127.0);
		int64_t i = place_rows_place(db, "i", "i", CAFE, 37.5, 127.0);
		place_rows_place(db, "none", "n", CAFE, 37.5, 127.0);
		petory_rank_entry *e = NULL;
		size_t n = 9, k;
		int seen_c = 0, seen_h = 0;
		cr_assert_petory_ok(
			petory__store_place_rank_truth(&e, &n, db, -1));
		cr_assert_eq(n, 0);
		cr_assert_null(e);
		like(db, u1, c, PETORY_LIKE_SET);
		like(db, u2, c, PETORY_LIKE_SET);
		like(db, u1, h, PETORY_LIKE_SET);
		like(db, u1, i, PETORY_LIKE_SET);
		cr_assert_petory_ok(set_status(db, i, PETORY_PLACE_INACTIVE));
		cr_assert_petory_ok(
			petory__store_place_rank_truth(&e, &n, db, -1));
		cr_assert_eq(n, 2, "ACTIVE places with likes");
		for (k = 0; k < n; k++) {
			if (e[k].member == c) {
				seen_c = 1;
				cr_assert_float_eq(e[k].score, 2, 1e-9);
			} else if (e[k].member == h) {
				seen_h = 1;
				cr_assert_float_eq(e[k].score, 1, 1e-9);
			}
		}
		cr_assert(seen_c && seen_h);
		free(e);
		cr_assert_petory_ok(
			petory__store_place_rank_truth(&e, &n, db, HOSPITAL));
		cr_assert_eq(n, 1);
		cr_assert_eq(e[0].member, h);
		free(e);
	});
}

Test(store_places, insert_attaches_its_images_all_or_nothing)
{
	STORE_FOREACH(b, db, {
		int64_t admin = place_rows_user(db, 1);
		int64_t other = place_rows_user(db, 2);
		char k1[48], k2[48], theirs[48];
		const char *keys[2];
		petory_place p = { 0 };
		petory_place *got;
		place_rows_file(db, admin, 1, k1);
		place_rows_file(db, admin, 2, k2);
		place_rows_file(db, other, 3, theirs);
		p.name = "a";
		p.address = "a";
		p.latitude = 37.5;
		p.longitude = 127.0;
		p.created_by = admin;
		p.created_at = p.updated_at = PLACE_ROWS_NOW;
		/* a key that is not the author's fails the whole insert
		 * (how it is reported is the files table's business) */
		keys[0] = k1;
		keys[1] = theirs;
		p.image_keys = keys;
		p.image_key_count = 2;
		assert_writes_nothing(b, db, "an insert with a foreign key",
			cr_assert_lt(petory__store_place_insert(db, &p), 0));
		keys[1] = k2;
		cr_assert_petory_ok(petory__store_place_insert(db, &p));
		got = place_rows_get(db, p.id);
		cr_assert_eq(got->image_count, 2);
		cr_assert_str_eq(got->images[0].file_key, k1);
		cr_assert_str_eq(got->images[1].file_key, k2);
		cr_assert_eq(got->images[0].is_private, 0, "public");
		petory_place_free(got);
	});
}

Test(store_places, add_images_reports_an_absent_or_deleted_place)
{
	STORE_FOREACH(b, db, {
		int64_t admin = place_rows_user(db, 1);
		int64_t a = place_rows_place(db, "a", "a", CAFE, 37.5, 127.0);
		int64_t d = place_rows_place(db, "d", "d", CAFE, 37.5, 127.0);
		petory_store_outcome outcome = PETORY_STORE_DUPLICATE;
		char k1[48], k2[48];
		const char *keys[1];
		petory_place *got;
		place_rows_file(db, admin, 1, k1);
		place_rows_file(db, admin, 2, k2);
		keys[0] = k1;
		cr_assert_petory_ok(set_status(db, d, PETORY_PLACE_DELETED));
		assert_writes_nothing(b, db, "images for a DELETED place",
			cr_assert_petory_ok(
				petory__store_place_add_images(&outcome, db, d,
					admin, keys, 1, PLACE_ROWS_NOW)));
		cr_assert_eq(outcome, PETORY_STORE_ABSENT);
		outcome = PETORY_STORE_DUPLICATE;
		assert_writes_nothing(b, db, "images for no place",
			cr_assert_petory_ok(petory__store_place_add_images(
				&outcome, db, d + 100, admin, keys, 1,
				PLACE_ROWS_NOW)));
		cr_assert_eq(outcome, PETORY_STORE_ABSENT);
		/* an INACTIVE place takes images */
		cr_assert_petory_ok(set_status(db, a, PETORY_PLACE_INACTIVE));
		cr_assert_petory_ok(petory__store_place_add_images(
			&outcome, db, a, admin, keys, 1, PLACE_ROWS_NOW));
		cr_assert_eq(outcome, PETORY_STORE_APPLIED);
		/* a key used once cannot be used again: all or nothing */
		{
			const char *both[2] = { k2, k1 };
			assert_writes_nothing(b, db, "images with a used key",
				cr_assert_lt(petory__store_place_add_images(
						     &outcome, db, a, admin,
						     both, 2, PLACE_ROWS_NOW),
					0));
		}
		got = place_rows_get(db, a);
		cr_assert_eq(got->image_count, 1);
		cr_assert_str_eq(got->images[0].file_key, k1);
		petory_place_free(got);
	});
}

Test(store_places, image_delete_removes_one_image_of_that_place)
{
	STORE_FOREACH(b, db, {
		int64_t admin = place_rows_user(db, 1);
		int64_t a = place_rows_place(db, "a", "a", CAFE, 37.5, 127.0);
		int64_t o = place_rows_place(db, "o", "o", CAFE, 37.5, 127.0);
		petory_store_outcome outcome;
		petory_file_key key;
		petory_file_rec rec;
		char k1[48], k2[48];
		const char *keys[2] = { k1, k2 };
		petory_place *got;
		int64_t first;
		place_rows_file(db, admin, 1, k1);
		place_rows_file(db, admin, 2, k2);
		cr_assert_petory_ok(petory__store_place_add_images(
			&outcome, db, a, admin, keys, 2, PLACE_ROWS_NOW));
		got = place_rows_get(db, a);
		first = got->images[0].id;
		petory_place_free(got);
		assert_writes_nothing(b, db, "deleting another place's image",
			assert_store_fact(PETORY_ENOTFOUND,
				petory__store_place_image_delete(
					&key, db, o, first)));
		cr_assert_petory_ok(
			petory__store_place_image_delete(&key, db, a, first));
		cr_assert_str_eq(key.key, k1);
		cr_assert_petory_fails(PETORY_ENOTFOUND, NULL,
			petory__store_file_get(&rec, db, k1));
		got = place_rows_get(db, a);
		cr_assert_eq(got->image_count, 1);
		cr_assert_str_eq(got->images[0].file_key, k2);
		petory_place_free(got);
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_place_image_delete(&key, db, a, first));
	});
}

/* ---- races ---- */

typedef struct like_race {
	petory *db;
	int64_t place;
	int64_t users[64];
	int toggles[64]; /* how many times user i toggles */
	atomic_int failures;
} like_race;

static void toggle_likes(void *payload, int i)
{
	like_race *r = payload;
	petory_store_outcome outcome;
	petory_like_result result;
	petory_place_type type;
	int k, changed;
	for (k = 0; k < r->toggles[i]; k++)
		if (petory__store_place_like(&outcome, &result, &changed, &type,
			    r->db, r->users[i], r->place, PETORY_LIKE_TOGGLE,
			    PLACE_ROWS_NOW) < 0 ||
			outcome != PETORY_STORE_APPLIED)
			atomic_fetch_add(&r->failures, 1);
}

static like_race *race_setup(petory *db)
{
	like_race *r = calloc(1, sizeof(*r));
	int i;
	cr_assert_not_null(r);
	r->db = db;
	r->place = place_rows_place(db, "race", "race", CAFE, 37.5, 127.0);
	for (i = 0; i < 64; i++)
		r->users[i] = place_rows_user(db, i + 1);
	return r;
}

Test(store_places, sixty_four_users_liking_at_once_count_exactly)
{
	STORE_FOREACH(b, db, {
		like_race *r = race_setup(db);
		petory_rank_entry *e = NULL;
		size_t n = 0;
		int i;
		for (i = 0; i < 64; i++)
			r->toggles[i] = 1;
		store_race(64, toggle_likes, r);
		cr_assert_eq(atomic_load(&r->failures), 0);
		cr_assert_eq(like_count(db, r->place), 64, "[%s]", b->name);
		cr_assert_petory_ok(
			petory__store_place_rank_truth(&e, &n, db, -1));
		cr_assert_eq(n, 1);
		cr_assert_float_eq(e[0].score, 64, 1e-9);
		free(e);
		store_race(64, toggle_likes, r);
		cr_assert_eq(atomic_load(&r->failures), 0);
		cr_assert_eq(like_count(db, r->place), 0, "[%s]", b->name);
		free(r);
	});
}

Test(store_places, racing_toggles_end_at_the_odd_togglers)
{
	STORE_FOREACH(b, db, {
		like_race *r = race_setup(db);
		petory_place *p;
		int i, odd = 0;
		for (i = 0; i < 64; i++) {
			r->toggles[i] = 1 + (i * 7) % 6;
			odd += r->toggles[i] % 2;
		}
		store_race(64, toggle_likes, r);
		cr_assert_eq(atomic_load(&r->failures), 0);
		cr_assert_eq(like_count(db, r->place), odd, "[%s]", b->name);
		/* and each user's own like is where their toggles left it */
		for (i = 0; i < 64; i++) {
			cr_assert_petory_ok(petory__store_place_get(
				&p, db, r->place, r->users[i]));
			cr_assert_eq(p->liked, r->toggles[i] % 2, "user %d", i);
			petory_place_free(p);
		}
		free(r);
	});
}

/* ---- a fault in the middle of each write ---- */

typedef struct like_write {
	int64_t user, place;
	petory_like_mode mode;
} like_write;

static int write_like(petory *db, void *payload)
{
	like_write *w = payload;
	petory_store_outcome outcome;
	petory_like_result result;
	petory_place_type type;
	int changed;
	return petory__store_place_like(&outcome, &result, &changed, &type, db,
		w->user, w->place, w->mode, PLACE_ROWS_NOW);
}

Test(store_places, a_failed_like_writes_nothing)
{
	STORE_FOREACH(b, db, {
		like_write w = { place_rows_user(db, 1),
			place_rows_place(db, "a", "a", CAFE, 37.5, 127.0),
			PETORY_LIKE_SET };
		/* SQLite takes several statements, PostgreSQL one: a fault
		 * at any of them writes nothing */
		cr_assert_geq(store_fault_sweep(
				      b, db, "place_like set", write_like, &w),
			1);
		cr_assert_eq(like_count(db, w.place), 1);
		w.mode = PETORY_LIKE_TOGGLE;
		cr_assert_geq(store_fault_sweep(b, db, "place_like toggle",
				      write_like, &w),
			1);
		cr_assert_eq(like_count(db, w.place), 0);
	});
}

typedef struct insert_write {
	int64_t author;
	const char *keys[2];
	int64_t id;
} insert_write;

static int write_insert(petory *db, void *payload)
{
	insert_write *w = payload;
	petory_place p = { 0 };
	int error;
	p.name = "swept";
	p.address = "swept";
	p.type = CAFE;
	p.latitude = 37.5;
	p.longitude = 127.0;
	p.created_by = w->author;
	p.created_at = p.updated_at = PLACE_ROWS_NOW;
	p.image_keys = w->keys;
	p.image_key_count = 2;
	error = petory__store_place_insert(db, &p);
	w->id = p.id;
	return error;
}

Test(store_places, a_failed_insert_with_images_writes_nothing)
{
	STORE_FOREACH(b, db, {
		char k1[48], k2[48];
		insert_write w = { place_rows_user(db, 1), { k1, k2 }, 0 };
		petory_place *p;
		place_rows_file(db, w.author, 1, k1);
		place_rows_file(db, w.author, 2, k2);
		cr_assert_geq(store_fault_sweep(
				      b, db, "place_insert", write_insert, &w),
			3);
		p = place_rows_get(db, w.id);
		cr_assert_eq(p->image_count, 2);
		petory_place_free(p);
	});
}

typedef struct status_write {
	int64_t place;
	petory_place_status to;
	int reset_reports;
} status_write;

static int write_status(petory *db, void *payload)
{
	status_write *w = payload;
	return petory__store_place_set_status(NULL, NULL, db, w->place,
		ALL_STATUSES, w->to, w->reset_reports, PLACE_ROWS_NOW + 1);
}

Test(store_places, a_failed_status_change_writes_nothing)
{
	STORE_FOREACH(b, db, {
		status_write w = { place_rows_place(
					   db, "a", "a", CAFE, 37.5, 127.0),
			PETORY_PLACE_DELETED, 0 };
		petory_place *p;
		cr_assert_geq(store_fault_sweep(b, db, "place_set_status",
				      write_status, &w),
			2);
		w.to = PETORY_PLACE_ACTIVE;
		w.reset_reports = 1;
		cr_assert_geq(store_fault_sweep(b, db,
				      "place_set_status resetting reports",
				      write_status, &w),
			3);
		p = place_rows_get(db, w.place);
		cr_assert_eq(p->status, PETORY_PLACE_ACTIVE);
		petory_place_free(p);
	});
}

static int write_update(petory *db, void *payload)
{
	petory_place *next = payload;
	return petory__store_place_update(db, next);
}

Test(store_places, a_failed_update_writes_nothing)
{
	STORE_FOREACH(b, db, {
		int64_t a = place_rows_place(db, "a", "a", CAFE, 37.5, 127.0);
		petory_place *p = place_rows_get(db, a), next = *p;
		next.name = "b";
		next.latitude = 36.0;
		/* SQLite writes the row and its R*Tree entry; PostgreSQL's
		 * earth index is on the row itself: one statement */
		cr_assert_geq(store_fault_sweep(b, db, "place_update",
				      write_update, &next),
			strcmp(b->name, "postgres") == 0 ? 1 : 2);
		petory_place_free(p);
		p = place_rows_get(db, a);
		cr_assert_str_eq(p->name, "b");
		petory_place_free(p);
	});
}

typedef struct images_write {
	int64_t place, owner;
	const char *keys[2];
	int64_t image_id;
} images_write;

static int write_add_images(petory *db, void *payload)
{
	images_write *w = payload;
	petory_store_outcome outcome;
	return petory__store_place_add_images(
		&outcome, db, w->place, w->owner, w->keys, 2, PLACE_ROWS_NOW);
}

static int write_image_delete(petory *db, void *payload)
{
	images_write *w = payload;
	petory_file_key key;
	return petory__store_place_image_delete(
		&key, db, w->place, w->image_id);
}

Test(store_places, a_failed_image_change_writes_nothing)
{
	STORE_FOREACH(b, db, {
		char k1[48], k2[48];
		images_write w = { place_rows_place(
					   db, "a", "a", CAFE, 37.5, 127.0),
			place_rows_user(db, 1), { k1, k2 }, 0 };
		petory_place *p;
		place_rows_file(db, w.owner, 1, k1);
		place_rows_file(db, w.owner, 2, k2);
		cr_assert_geq(store_fault_sweep(b, db, "place_add_images",
				      write_add_images, &w),
			3);
		p = place_rows_get(db, w.place);
		cr_assert_eq(p->image_count, 2);
		w.image_id = p->images[1].id;
		petory_place_free(p);
		cr_assert_geq(store_fault_sweep(b, db, "place_image_delete",
				      write_image_delete, &w),
			1);
		p = place_rows_get(db, w.place);
		cr_assert_eq(p->image_count, 1);
		petory_place_free(p);
	});
}
