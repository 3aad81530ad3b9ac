/* reviews.c -- conformance of the reviews table: reviews with the
 * place's count and rating sum following them, the review feed, reports
 * with the threshold that deactivates a place, and a fault in the middle
 * of every write that runs more than one statement.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "place_rows.h"

#define ALL_STATUSES                                                   \
	((1u << PETORY_PLACE_ACTIVE) | (1u << PETORY_PLACE_INACTIVE) | \
		(1u << PETORY_PLACE_DELETED))

static int set_status(petory *db, int64_t id, petory_place_status to)
{
	return petory__store_place_set_status(
		NULL, NULL, db, id, ALL_STATUSES, to, 0, PLACE_ROWS_NOW);
}

/* A review of place by user: the outcome (r->id set when APPLIED). */
static petory_store_outcome review(
	petory *db, int64_t place, int64_t user, int rating, int64_t *id_out)
{
	petory_store_outcome outcome = PETORY_STORE_STATE_DIFFERS;
	petory_review r = { 0 };
	r.place_id = place;
	r.user_id = user;
	r.content = "좋아요";
	r.rating = rating;
	r.created_at = PLACE_ROWS_NOW;
	cr_assert_petory_ok(petory__store_review_insert(&outcome, db, &r));
	if (id_out)
		*id_out = outcome == PETORY_STORE_APPLIED ? r.id : 0;
	return outcome;
}

/* A report of place by user against limit. */
typedef struct report_answer {
	petory_store_outcome outcome;
	int64_t id;
	int deactivated;
	petory_place_type type;
} report_answer;

static report_answer report(
	petory *db, int64_t place, int64_t user, int64_t limit)
{
	report_answer a = { PETORY_STORE_STATE_DIFFERS, 0, -1, -1 };
	petory_report r = { 0 };
	r.place_id = place;
	r.user_id = user;
	r.content = "불친절";
	r.created_at = PLACE_ROWS_NOW;
	cr_assert_petory_ok(petory__store_report_insert(
		&a.outcome, db, &r, limit, &a.deactivated, &a.type));
	a.id = r.id;
	return a;
}

/* The place's count of live reviews and their rating sum. */
static void expect_ratings(
	petory *db, int64_t place, int64_t count, int64_t sum)
{
	petory_place *p = place_rows_get(db, place);
	int64_t live = -1;
	cr_assert_eq(p->review_count, count);
	cr_assert_eq(p->rating_sum, sum);
	petory_place_free(p);
	cr_assert_petory_ok(petory__store_review_count(&live, db, place));
	cr_assert_eq(live, count);
}

static petory_place_status status_of(petory *db, int64_t place)
{
	petory_place *p = place_rows_get(db, place);
	petory_place_status s = p->status;
	petory_place_free(p);
	return s;
}

/* The webhook alerts queued so far (claimed, so each is seen once). */
static size_t claim_alerts(petory *db, char **first_payload)
{
	petory_outbox_item *items = NULL;
	size_t n = 0, i;
	cr_assert_petory_ok(petory__store_outbox_claim(&items, &n, db,
		1u << PETORY_OUTBOX_WEBHOOK, PLACE_ROWS_NOW + DAYS(1),
		PLACE_ROWS_NOW + DAYS(2), 10));
	if (first_payload)
		*first_payload = n ? strdup(items[0].payload) : NULL;
	for (i = 0; i < n; i++)
		free(items[i].payload);
	free(items);
	return n;
}

Test(store_reviews, insert_and_get_keep_the_place_s_ratings)
{
	STORE_FOREACH(b, db, {
		int64_t u1 = place_rows_user(db, 1);
		int64_t u2 = place_rows_user(db, 2);
		int64_t a = place_rows_place(
			db, "a", "a", PETORY_PLACE_CAFE, 37.5, 127.0);
		int64_t id = 0;
		petory_review *r = NULL;
		cr_assert_eq(review(db, a, u1, 5, &id), PETORY_STORE_APPLIED);
		cr_assert_gt(id, 0);
		cr_assert_eq(review(db, a, u2, 2, NULL), PETORY_STORE_APPLIED);
		expect_ratings(db, a, 2, 7);
		cr_assert_petory_ok(petory__store_review_get(&r, db, id));
		cr_assert_eq(r->id, id);
		cr_assert_eq(r->place_id, a);
		cr_assert_eq(r->user_id, u1);
		cr_assert_str_eq(r->nickname, "user1");
		cr_assert_str_eq(r->content, "좋아요");
		cr_assert_eq(r->rating, 5);
		cr_assert_eq(r->created_at, PLACE_ROWS_NOW);
		cr_assert_eq(r->deleted_at, 0);
		petory_review_free(r);
		r = NULL;
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_review_get(&r, db, id + 100));
		cr_assert_null(r);
	});
}

Test(store_reviews, insert_reports_duplicate_absent_and_inactive_places)
{
	STORE_FOREACH(b, db, {
		int64_t u = place_rows_user(db, 1);
		int64_t a = place_rows_place(
			db, "a", "a", PETORY_PLACE_CAFE, 37.5, 127.0);
		int64_t i = place_rows_place(
			db, "i", "i", PETORY_PLACE_CAFE, 37.5, 127.0);
		int64_t d = place_rows_place(
			db, "d", "d", PETORY_PLACE_CAFE, 37.5, 127.0);
		petory_store_outcome outcome;
		cr_assert_petory_ok(set_status(db, i, PETORY_PLACE_INACTIVE));
		cr_assert_petory_ok(set_status(db, d, PETORY_PLACE_DELETED));
		cr_assert_eq(review(db, a, u, 4, NULL), PETORY_STORE_APPLIED);
		assert_writes_nothing(b, db, "a second review",
			outcome = review(db, a, u, 1, NULL));
		cr_assert_eq(outcome, PETORY_STORE_DUPLICATE);
		assert_writes_nothing(b, db, "a review of an INACTIVE place",
			outcome = review(db, i, u, 1, NULL));
		cr_assert_eq(outcome, PETORY_STORE_INACTIVE);
		assert_writes_nothing(b, db, "a review of a DELETED place",
			outcome = review(db, d, u, 1, NULL));
		cr_assert_eq(outcome, PETORY_STORE_ABSENT);
		assert_writes_nothing(b, db, "a review of no place",
			outcome = review(db, d + 100, u, 1, NULL));
		cr_assert_eq(outcome, PETORY_STORE_ABSENT);
		expect_ratings(db, a, 1, 4);
	});
}

Test(store_reviews, update_changes_a_live_review_and_the_rating_sum)
{
	STORE_FOREACH(b, db, {
		int64_t u = place_rows_user(db, 1);
		int64_t a = place_rows_place(
			db, "a", "a", PETORY_PLACE_CAFE, 37.5, 127.0);
		int64_t id;
		petory_review *r;
		review(db, a, u, 4, &id);
		/* content only: the rating stays */
		cr_assert_petory_ok(petory__store_review_update(
			db, id, "별로", 0, PLACE_ROWS_NOW + 1));
		cr_assert_petory_ok(petory__store_review_get(&r, db, id));
		cr_assert_str_eq(r->content, "별로");
		cr_assert_eq(r->rating, 4);
		cr_assert_eq(r->updated_at, PLACE_ROWS_NOW + 1);
		petory_review_free(r);
		expect_ratings(db, a, 1, 4);
		/* rating only: the sum follows */
		cr_assert_petory_ok(petory__store_review_update(
			db, id, NULL, 1, PLACE_ROWS_NOW + 2));
		cr_assert_petory_ok(petory__store_review_get(&r, db, id));
		cr_assert_str_eq(r->content, "별로");
		cr_assert_eq(r->rating, 1);
		petory_review_free(r);
		expect_ratings(db, a, 1, 1);
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_review_update(
				db, id + 100, "x", 2, PLACE_ROWS_NOW));
		/* a deleted review is not live: not found */
		cr_assert_petory_ok(petory__store_review_set_deleted(
			db, id, 1, PLACE_ROWS_NOW));
		assert_writes_nothing(b, db, "updating a deleted review",
			assert_store_fact(PETORY_ENOTFOUND,
				petory__store_review_update(
					db, id, "x", 2, PLACE_ROWS_NOW)));
	});
}

Test(store_reviews, set_deleted_deletes_and_restores_with_the_counts)
{
	STORE_FOREACH(b, db, {
		int64_t u = place_rows_user(db, 1);
		int64_t a = place_rows_place(
			db, "a", "a", PETORY_PLACE_CAFE, 37.5, 127.0);
		int64_t old, newer;
		petory_review *r;
		review(db, a, u, 5, &old);
		cr_assert_petory_ok(petory__store_review_set_deleted(
			db, old, 1, PLACE_ROWS_NOW + 1));
		cr_assert_petory_ok(petory__store_review_get(&r, db, old));
		cr_assert_eq(r->deleted_at, PLACE_ROWS_NOW + 1);
		petory_review_free(r);
		expect_ratings(db, a, 0, 0);
		assert_writes_nothing(b, db, "deleting a deleted review",
			assert_store_fact(PETORY_ECONFLICT,
				petory__store_review_set_deleted(
					db, old, 1, PLACE_ROWS_NOW)));
		cr_assert_petory_ok(petory__store_review_set_deleted(
			db, old, 0, PLACE_ROWS_NOW + 2));
		expect_ratings(db, a, 1, 5);
		assert_store_fact(
			PETORY_ECONFLICT, petory__store_review_set_deleted(
						  db, old, 0, PLACE_ROWS_NOW));
		/* the author reviews anew once the old one is deleted; the
		 * old one cannot come back beside it */
		cr_assert_petory_ok(petory__store_review_set_deleted(
			db, old, 1, PLACE_ROWS_NOW + 3));
		cr_assert_eq(review(db, a, u, 2, &newer), PETORY_STORE_APPLIED);
		assert_writes_nothing(b, db, "restoring beside a newer review",
			assert_store_fact(PETORY_EEXISTS,
				petory__store_review_set_deleted(
					db, old, 0, PLACE_ROWS_NOW)));
		expect_ratings(db, a, 1, 2);
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_review_set_deleted(
				db, newer + 100, 1, PLACE_ROWS_NOW));
	});
}

Test(store_reviews, list_feed_and_count_see_live_reviews_newest_first)
{
	STORE_FOREACH(b, db, {
		int64_t a = place_rows_place(
			db, "a", "a", PETORY_PLACE_CAFE, 37.5, 127.0);
		int64_t o = place_rows_place(
			db, "o", "o", PETORY_PLACE_CAFE, 37.5, 127.0);
		int64_t ids[6], count = -1;
		petory_review *items = NULL;
		size_t n = 0;
		int more = -1, i;
		for (i = 0; i < 6; i++)
			review(db, a, place_rows_user(db, i + 1), 3, &ids[i]);
		review(db, o, place_rows_user(db, 7), 3, NULL);
		cr_assert_petory_ok(petory__store_review_set_deleted(
			db, ids[4], 1, PLACE_ROWS_NOW));
		/* live: 5, 3, 2, 1, 0 (by index), newest first */
		cr_assert_petory_ok(
			petory__store_review_list(&items, &n, db, a, 3));
		cr_assert_eq(n, 3);
		cr_assert_eq(items[0].id, ids[5]);
		cr_assert_eq(items[1].id, ids[3]);
		cr_assert_eq(items[2].id, ids[2]);
		cr_assert_str_eq(items[0].nickname, "user6");
		petory_review_list_free(items, n);
		/* by page: offset 2, two of them, more after */
		cr_assert_petory_ok(petory__store_review_feed(
			&items, &n, &more, db, a, 0, 2, 2));
		cr_assert_eq(n, 2);
		cr_assert_eq(items[0].id, ids[2]);
		cr_assert_eq(items[1].id, ids[1]);
		cr_assert_eq(more, 1);
		petory_review_list_free(items, n);
		/* by cursor: below ids[2], the last ones */
		cr_assert_petory_ok(petory__store_review_feed(
			&items, &n, &more, db, a, ids[2], 0, 5));
		cr_assert_eq(n, 2);
		cr_assert_eq(items[0].id, ids[1]);
		cr_assert_eq(items[1].id, ids[0]);
		cr_assert_eq(more, 0);
		petory_review_list_free(items, n);
		cr_assert_petory_ok(petory__store_review_feed(
			&items, &n, &more, db, a, ids[0], 0, 5));
		cr_assert_eq(n, 0);
		cr_assert_eq(more, 0);
		petory_review_list_free(items, n);
		cr_assert_petory_ok(petory__store_review_count(&count, db, a));
		cr_assert_eq(count, 5);
		cr_assert_petory_ok(
			petory__store_review_count(&count, db, o + 100));
		cr_assert_eq(count, 0, "an absent place has no reviews");
	});
}

Test(store_reviews, report_insert_reports_duplicate_absent_and_inactive)
{
	STORE_FOREACH(b, db, {
		int64_t u = place_rows_user(db, 1);
		int64_t a = place_rows_place(
			db, "a", "a", PETORY_PLACE_HOSPITAL, 37.5, 127.0);
		int64_t d = place_rows_place(
			db, "d", "d", PETORY_PLACE_CAFE, 37.5, 127.0);
		report_answer r = report(db, a, u, 10);
		cr_assert_eq(r.outcome, PETORY_STORE_APPLIED);
		cr_assert_gt(r.id, 0);
		cr_assert_eq(r.deactivated, 0);
		cr_assert_eq(r.type, PETORY_PLACE_HOSPITAL);
		assert_writes_nothing(
			b, db, "a second report", r = report(db, a, u, 10));
		cr_assert_eq(r.outcome, PETORY_STORE_DUPLICATE);
		cr_assert_eq(r.deactivated, 0);
		cr_assert_petory_ok(set_status(db, d, PETORY_PLACE_DELETED));
		assert_writes_nothing(b, db, "a report of a DELETED place",
			r = report(db, d, u, 10));
		cr_assert_eq(r.outcome, PETORY_STORE_ABSENT);
		assert_writes_nothing(b, db, "a report of no place",
			r = report(db, d + 100, u, 10));
		cr_assert_eq(r.outcome, PETORY_STORE_ABSENT);
		cr_assert_petory_ok(set_status(db, d, PETORY_PLACE_INACTIVE));
		assert_writes_nothing(b, db, "a report of an INACTIVE place",
			r = report(db, d, u, 10));
		cr_assert_eq(r.outcome, PETORY_STORE_INACTIVE);
		cr_assert_eq(claim_alerts(db, NULL), 0);
	});
}

Test(store_reviews, the_report_reaching_the_limit_deactivates_and_alerts)
{
	STORE_FOREACH(b, db, {
		int64_t users[4], cancelled;
		int64_t a = place_rows_place(
			db, "a", "a", PETORY_PLACE_BEAUTY, 37.5, 127.0);
		petory_report *got = NULL;
		report_answer r;
		char *alert = NULL;
		int i;
		for (i = 0; i < 4; i++)
			users[i] = place_rows_user(db, i + 1);
		/* a cancelled report no longer counts */
		cancelled = report(db, a, users[0], 2).id;
		cr_assert_petory_ok(petory__store_report_cancel(&got, db, a,
			cancelled, users[3], "오해", PLACE_ROWS_NOW + 1));
		cr_assert_eq(got->id, cancelled);
		cr_assert_eq(got->valid, 0);
		cr_assert_eq(got->counted, 0);
		cr_assert_str_eq(got->reason, "오해");
		petory_report_free(got);
		r = report(db, a, users[1], 2);
		cr_assert_eq(r.deactivated, 0);
		cr_assert_eq(status_of(db, a), PETORY_PLACE_ACTIVE);
		cr_assert_eq(claim_alerts(db, NULL), 0);
		r = report(db, a, users[2], 2);
		cr_assert_eq(r.outcome, PETORY_STORE_APPLIED);
		cr_assert_eq(r.deactivated, 1);
		cr_assert_eq(r.type, PETORY_PLACE_BEAUTY);
		cr_assert_eq(status_of(db, a), PETORY_PLACE_INACTIVE);
		cr_assert_eq(claim_alerts(db, &alert), 1);
		cr_assert_not_null(strstr(alert, "INACTIVE"), "%s", alert);
		free(alert);
		/* a restore that resets the reports counts anew */
		cr_assert_petory_ok(petory__store_place_set_status(NULL, NULL,
			db, a, 1u << PETORY_PLACE_INACTIVE, PETORY_PLACE_ACTIVE,
			1, PLACE_ROWS_NOW));
		r = report(db, a, users[3], 2);
		cr_assert_eq(r.deactivated, 0);
		cr_assert_eq(status_of(db, a), PETORY_PLACE_ACTIVE);
	});
}

Test(store_reviews, report_cancel_reports_absent_and_cancelled_reports)
{
	STORE_FOREACH(b, db, {
		int64_t u = place_rows_user(db, 1);
		int64_t admin = place_rows_user(db, 2);
		int64_t a = place_rows_place(
			db, "a", "a", PETORY_PLACE_CAFE, 37.5, 127.0);
		int64_t o = place_rows_place(
			db, "o", "o", PETORY_PLACE_CAFE, 37.5, 127.0);
		int64_t id = report(db, a, u, 10).id;
		petory_report *got = NULL;
		assert_writes_nothing(b, db, "cancelling under another place",
			assert_store_fact(PETORY_ENOTFOUND,
				petory__store_report_cancel(&got, db, o, id,
					admin, NULL, PLACE_ROWS_NOW)));
		cr_assert_null(got);
		assert_store_fact(PETORY_ENOTFOUND,
			petory__store_report_cancel(&got, db, a, id + 100,
				admin, NULL, PLACE_ROWS_NOW));
		cr_assert_petory_ok(petory__store_report_cancel(
			&got, db, a, id, admin, NULL, PLACE_ROWS_NOW));
		cr_assert_eq(got->valid, 0);
		cr_assert_null(got->reason);
		petory_report_free(got);
		got = NULL;
		assert_writes_nothing(b, db, "cancelling twice",
			assert_store_fact(PETORY_ECONFLICT,
				petory__store_report_cancel(&got, db, a, id,
					admin, "x", PLACE_ROWS_NOW)));
		cr_assert_null(got);
	});
}

/* ---- a fault in the middle of each write ---- */

typedef struct review_write {
	int64_t place, user, id;
	int rating, deleted;
} review_write;

static int write_review(petory *db, void *payload)
{
	review_write *w = payload;
	petory_store_outcome outcome;
	petory_review r = { 0 };
	int error;
	r.place_id = w->place;
	r.user_id = w->user;
	r.content = "swept";
	r.rating = w->rating;
	r.created_at = PLACE_ROWS_NOW;
	error = petory__store_review_insert(&outcome, db, &r);
	w->id = r.id;
	return error ? error : outcome == PETORY_STORE_APPLIED ? 0 : -1;
}

static int write_review_update(petory *db, void *payload)
{
	review_write *w = payload;
	return petory__store_review_update(
		db, w->id, "swept again", w->rating, PLACE_ROWS_NOW + 1);
}

static int write_review_deleted(petory *db, void *payload)
{
	review_write *w = payload;
	return petory__store_review_set_deleted(
		db, w->id, w->deleted, PLACE_ROWS_NOW + 2);
}

Test(store_reviews, a_failed_review_write_leaves_the_ratings_as_they_were)
{
	STORE_FOREACH(b, db, {
		review_write w = { place_rows_place(db, "a", "a",
					   PETORY_PLACE_CAFE, 37.5, 127.0),
			place_rows_user(db, 1), 0, 4, 1 };
		cr_assert_geq(store_fault_sweep(
				      b, db, "review_insert", write_review, &w),
			3);
		expect_ratings(db, w.place, 1, 4);
		w.rating = 2;
		cr_assert_geq(store_fault_sweep(b, db, "review_update",
				      write_review_update, &w),
			3);
		expect_ratings(db, w.place, 1, 2);
		cr_assert_geq(store_fault_sweep(b, db, "review_set_deleted",
				      write_review_deleted, &w),
			3);
		expect_ratings(db, w.place, 0, 0);
		w.deleted = 0;
		cr_assert_geq(store_fault_sweep(b, db, "review restore",
				      write_review_deleted, &w),
			3);
		expect_ratings(db, w.place, 1, 2);
	});
}

typedef struct report_write {
	int64_t place, user, admin, id;
	int64_t limit;
	int deactivated;
} report_write;

static int write_report(petory *db, void *payload)
{
	report_write *w = payload;
	petory_store_outcome outcome;
	petory_place_type type;
	petory_report r = { 0 };
	int error;
	r.place_id = w->place;
	r.user_id = w->user;
	r.content = "swept";
	r.created_at = PLACE_ROWS_NOW;
	error = petory__store_report_insert(
		&outcome, db, &r, w->limit, &w->deactivated, &type);
	w->id = r.id;
	return error ? error : outcome == PETORY_STORE_APPLIED ? 0 : -1;
}

static int write_report_cancel(petory *db, void *payload)
{
	report_write *w = payload;
	petory_report *got = NULL;
	int error = petory__store_report_cancel(
		&got, db, w->place, w->id, w->admin, "swept", PLACE_ROWS_NOW);
	petory_report_free(got);
	return error;
}

static int write_status(petory *db, void *payload)
{
	report_write *w = payload;
	return petory__store_place_set_status(NULL, NULL, db, w->place,
		1u << PETORY_PLACE_INACTIVE, PETORY_PLACE_ACTIVE, 1,
		PLACE_ROWS_NOW);
}

Test(store_reviews, a_failed_report_write_leaves_the_place_as_it_was)
{
	STORE_FOREACH(b, db, {
		report_write w = { place_rows_place(db, "a", "a",
					   PETORY_PLACE_CAFE, 37.5, 127.0),
			place_rows_user(db, 1), place_rows_user(db, 9), 0, 2,
			0 };
		/* below the limit; then its cancel */
		cr_assert_geq(store_fault_sweep(
				      b, db, "report_insert", write_report, &w),
			3);
		cr_assert_eq(w.deactivated, 0);
		cr_assert_geq(store_fault_sweep(b, db, "report_cancel",
				      write_report_cancel, &w),
			3);
		/* two counted reports: the second deactivates and alerts */
		w.user = place_rows_user(db, 2);
		cr_assert_geq(store_fault_sweep(
				      b, db, "report_insert", write_report, &w),
			3);
		cr_assert_eq(w.deactivated, 0);
		w.user = place_rows_user(db, 3);
		cr_assert_geq(store_fault_sweep(b, db,
				      "report_insert reaching the limit",
				      write_report, &w),
			5);
		cr_assert_eq(w.deactivated, 1);
		cr_assert_eq(status_of(db, w.place), PETORY_PLACE_INACTIVE);
		cr_assert_eq(claim_alerts(db, NULL), 1);
		/* the restore that resets the count */
		cr_assert_geq(store_fault_sweep(b, db,
				      "place_set_status resetting reports",
				      write_status, &w),
			3);
		cr_assert_eq(status_of(db, w.place), PETORY_PLACE_ACTIVE);
	});
}
