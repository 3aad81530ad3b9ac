/* daily.c -- conformance of the daily table: questions (a date each,
 * loaded in one transaction, compare-and-set of their status) and the
 * users' answers (one per user, question and day).
 *
 * A handle opens with the shipped question of every calendar day, so the
 * questions made here take dates of month "00", which no calendar has and
 * which sort before every shipped one: the store keeps the date as a key
 * and does not judge it. */
#include <stdlib.h>

#include "accounts_fixture.h"

#define T0 TEST_EPOCH_MS
#define BIT(s) (1u << (s))
#define LIVE (BIT(PETORY_DAILY_ACTIVE) | BIT(PETORY_DAILY_INACTIVE))

static int64_t question(petory *db, const char *date, const char *text)
{
	petory_daily_question q = { .question = (char *)text,
		.question_en = "in English",
		.status = PETORY_DAILY_ACTIVE,
		.created_at = T0 };
	snprintf(q.date, sizeof(q.date), "%s", date);
	cr_assert_petory_ok(petory__store_daily_question_insert(db, &q));
	cr_assert_gt(q.id, 0);
	return q.id;
}

static petory_daily_status question_status(petory *db, int64_t id)
{
	petory_daily_question *q = NULL;
	petory_daily_status status;
	cr_assert_petory_ok(petory__store_daily_question_get(&q, db, id));
	status = q->status;
	petory_daily_question_free(q);
	return status;
}

static const petory_daily_question shipped[] = {
	{ .date = "00-01", .question = "새해", .question_en = "New year" },
	{ .date = "00-02", .question = "둘째 날", .question_en = "Day two" },
	{ .date = "00-03", .question = "셋째 날", .question_en = "Day 3" },
};

Test(store_daily, load_inserts_the_free_dates_only)
{
	STORE_FOREACH(b, db, {
		petory_daily_question *q = NULL;
		int64_t inserted = -1;
		int64_t mine = question(db, "00-02", "mine");

		cr_assert_petory_ok(petory__store_daily_question_load(
			&inserted, db, shipped, 3, T0 + 1));
		cr_assert_eq(inserted, 2, "[%s]", b->name);
		cr_assert_petory_ok(
			petory__store_daily_question_by_date(&q, db, "00-02"));
		cr_assert_eq(q->id, mine);
		cr_assert_str_eq(q->question, "mine");
		petory_daily_question_free(q);
		cr_assert_petory_ok(
			petory__store_daily_question_by_date(&q, db, "00-03"));
		cr_assert_str_eq(q->question, "셋째 날");
		cr_assert_str_eq(q->question_en, "Day 3");
		cr_assert_eq(q->status, PETORY_DAILY_ACTIVE);
		cr_assert_eq(q->created_at, T0 + 1);
		petory_daily_question_free(q);

		cr_assert_petory_ok(petory__store_daily_question_load(
			&inserted, db, shipped, 3, T0 + 2));
		cr_assert_eq(inserted, 0);
	});
}

static int load_write(petory *db, void *payload)
{
	int64_t inserted = 0;
	(void)payload;
	return petory__store_daily_question_load(&inserted, db, shipped, 3, T0);
}

Test(store_daily, a_failed_load_writes_nothing)
{
	STORE_FOREACH(b, db, {
		petory_daily_question *q = NULL;
		cr_assert_geq(store_fault_sweep(b, db, "daily_question_load",
				      load_write, NULL),
			2);
		cr_assert_petory_ok(
			petory__store_daily_question_by_date(&q, db, "00-01"));
		petory_daily_question_free(q);
	});
}

Test(store_daily, questions_hold_one_date_each)
{
	STORE_FOREACH(b, db, {
		petory_daily_question *q = NULL;
		petory_daily_question dup = { .date = "00-31",
			.question = "dup",
			.question_en = "dup",
			.created_at = T0 };
		int64_t id = question(db, "00-31", "봄");
		char *before = b->snapshot(db), *after;

		cr_assert_store_fact(PETORY_EEXISTS,
			petory__store_daily_question_insert(db, &dup));
		after = b->snapshot(db);
		store_assert_unchanged(before, after, "a taken date");
		free(before);
		free(after);

		cr_assert_petory_ok(
			petory__store_daily_question_get(&q, db, id));
		cr_assert_str_eq(q->date, "00-31");
		cr_assert_str_eq(q->question, "봄");
		cr_assert_str_eq(q->question_en, "in English");
		cr_assert_eq(q->status, PETORY_DAILY_ACTIVE);
		cr_assert_eq(q->deleted_at, 0);
		petory_daily_question_free(q);
		q = NULL;
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_daily_question_get(&q, db, id + 1));
		cr_assert_null(q, "[%s]", b->name);
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_daily_question_by_date(&q, db, "00-32"));
	});
}

Test(store_daily, question_update_is_a_compare_and_set_on_the_status)
{
	STORE_FOREACH(b, db, {
		petory_daily_question *q = NULL;
		int64_t id = question(db, "00-41", "before");
		question(db, "00-42", "other");
		petory_daily_question next = { .id = id,
			.date = "00-43",
			.question = "after",
			.question_en = "after (en)",
			.updated_at = T0 + 9 };

		cr_assert_petory_ok(
			petory__store_daily_question_update(db, &next, LIVE));
		cr_assert_petory_ok(
			petory__store_daily_question_get(&q, db, id));
		cr_assert_str_eq(q->date, "00-43");
		cr_assert_str_eq(q->question, "after");
		cr_assert_str_eq(q->question_en, "after (en)");
		cr_assert_eq(q->updated_at, T0 + 9);
		petory_daily_question_free(q);

		memcpy(next.date, "00-42", 6);
		cr_assert_store_fact(PETORY_EEXISTS,
			petory__store_daily_question_update(db, &next, LIVE));
		memcpy(next.date, "00-45", 6);
		cr_assert_store_fact(PETORY_ECONFLICT,
			petory__store_daily_question_update(
				db, &next, BIT(PETORY_DAILY_DELETED)));
		next.id = id + 100;
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_daily_question_update(db, &next, LIVE));
		cr_assert_petory_ok(
			petory__store_daily_question_get(&q, db, id));
		cr_assert_str_eq(q->date, "00-43", "[%s]", b->name);
		petory_daily_question_free(q);
	});
}

Test(store_daily, question_status_moves_only_from_the_expected_states)
{
	STORE_FOREACH(b, db, {
		petory_daily_question *q = NULL;
		int64_t id = question(db, "00-51", "q");

		cr_assert_petory_ok(petory__store_daily_question_set_status(db,
			id, BIT(PETORY_DAILY_ACTIVE), PETORY_DAILY_INACTIVE,
			T0 + 1));
		cr_assert_eq(question_status(db, id), PETORY_DAILY_INACTIVE);
		cr_assert_store_fact(PETORY_ECONFLICT,
			petory__store_daily_question_set_status(db, id,
				BIT(PETORY_DAILY_ACTIVE), PETORY_DAILY_INACTIVE,
				T0 + 2));
		cr_assert_petory_ok(petory__store_daily_question_set_status(
			db, id, LIVE, PETORY_DAILY_DELETED, T0 + 3));
		cr_assert_petory_ok(
			petory__store_daily_question_get(&q, db, id));
		cr_assert_eq(q->status, PETORY_DAILY_DELETED);
		cr_assert_eq(q->deleted_at, T0 + 3);
		petory_daily_question_free(q);
		cr_assert_petory_ok(petory__store_daily_question_set_status(db,
			id, BIT(PETORY_DAILY_DELETED), PETORY_DAILY_ACTIVE,
			T0 + 4));
		cr_assert_petory_ok(
			petory__store_daily_question_get(&q, db, id));
		cr_assert_eq(q->status, PETORY_DAILY_ACTIVE, "[%s]", b->name);
		cr_assert_eq(q->deleted_at, 0);
		petory_daily_question_free(q);
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_daily_question_set_status(
				db, id + 1, LIVE, PETORY_DAILY_DELETED, T0));
	});
}

Test(store_daily, question_lists_by_date_or_by_last_change)
{
	STORE_FOREACH(b, db, {
		petory_daily_question_page page = { 0 };
		unsigned off =
			BIT(PETORY_DAILY_INACTIVE) | BIT(PETORY_DAILY_DELETED);
		int64_t shipped_count, june, jan, dec;
		cr_assert_petory_ok(petory__store_daily_question_list(
			&page, db, LIVE, 0, 0, 1));
		shipped_count = page.total;
		petory_daily_question_page_dispose(&page);
		june = question(db, "00-61", "june");
		jan = question(db, "00-15", "jan");
		dec = question(db, "00-99", "dec");
		cr_assert_petory_ok(petory__store_daily_question_set_status(
			db, june, LIVE, PETORY_DAILY_INACTIVE, T0 + 5));
		cr_assert_petory_ok(petory__store_daily_question_set_status(
			db, jan, LIVE, PETORY_DAILY_DELETED, T0 + 9));

		/* by date: june (inactive) and dec are live, jan is not */
		cr_assert_petory_ok(petory__store_daily_question_list(
			&page, db, LIVE, 0, 0, 1));
		cr_assert_eq(page.total, shipped_count + 2, "[%s]", b->name);
		cr_assert_eq(page.count, 1);
		cr_assert_eq(page.items[0].id, june);
		petory_daily_question_page_dispose(&page);
		cr_assert_petory_ok(petory__store_daily_question_list(
			&page, db, LIVE, 0, 1, 1));
		cr_assert_eq(page.items[0].id, dec);
		petory_daily_question_page_dispose(&page);

		cr_assert_petory_ok(petory__store_daily_question_list(
			&page, db, off, 0, 0, 10));
		cr_assert_eq(page.total, 2);
		cr_assert_eq(page.items[0].id, jan);
		cr_assert_eq(page.items[1].id, june);
		petory_daily_question_page_dispose(&page);
		/* by the last change: june (T0 + 5) before jan (T0 + 9) */
		cr_assert_petory_ok(petory__store_daily_question_list(
			&page, db, off, 1, 0, 10));
		cr_assert_eq(page.count, 2);
		cr_assert_eq(page.items[0].id, june, "[%s]", b->name);
		cr_assert_eq(page.items[1].id, jan);
		petory_daily_question_page_dispose(&page);
	});
}

static int64_t answer(petory *db, int64_t question_id, int64_t user_id,
	const char *day, const char *text, petory_time_ms at)
{
	petory_daily_answer a = { .question_id = question_id,
		.user_id = user_id,
		.answer = (char *)text,
		.created_at = at };
	snprintf(a.day, sizeof(a.day), "%s", day);
	cr_assert_petory_ok(petory__store_daily_answer_insert(db, &a));
	cr_assert_gt(a.id, 0);
	return a.id;
}

Test(store_daily, a_user_answers_a_question_once_a_day)
{
	STORE_FOREACH(b, db, {
		petory_daily_answer *a = NULL;
		int64_t ann = fixture_user(db, "ann@example.com");
		int64_t bob = fixture_user(db, "bob@example.com");
		int64_t q = question(db, "00-25", "q");
		petory_daily_answer again = { .question_id = q,
			.user_id = ann,
			.answer = "again",
			.day = "2026-11-25",
			.created_at = T0 + 1 };
		int64_t id = answer(db, q, ann, "2026-11-25", "first", T0);
		char *before = b->snapshot(db), *after;

		cr_assert_store_fact(PETORY_EEXISTS,
			petory__store_daily_answer_insert(db, &again));
		after = b->snapshot(db);
		store_assert_unchanged(before, after, "a second answer");
		free(before);
		free(after);
		answer(db, q, bob, "2026-11-25", "bob's", T0);
		answer(db, q, ann, "2026-11-26", "next day", T0 + DAYS(1));

		again.question_id = q + 100;
		again.day[9] = '7';
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_daily_answer_insert(db, &again));
		again.question_id = q;
		again.user_id = bob + 100;
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_daily_answer_insert(db, &again));

		cr_assert_petory_ok(petory__store_daily_answer_get(&a, db, id));
		cr_assert_eq(a->question_id, q);
		cr_assert_eq(a->user_id, ann);
		cr_assert_str_eq(a->answer, "first");
		cr_assert_str_eq(a->day, "2026-11-25");
		cr_assert_eq(a->status, PETORY_DAILY_ACTIVE);
		cr_assert_eq(a->created_at, T0);
		petory_daily_answer_free(a);
		a = NULL;
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_daily_answer_get(&a, db, id + 100));
		cr_assert_null(a, "[%s]", b->name);
	});
}

Test(store_daily, answer_changes_are_compare_and_sets_on_the_status)
{
	STORE_FOREACH(b, db, {
		petory_daily_answer *a = NULL;
		int64_t ann = fixture_user(db, "ann@example.com");
		int64_t q = question(db, "00-25", "q");
		int64_t id = answer(db, q, ann, "2026-11-25", "first", T0);

		cr_assert_petory_ok(petory__store_daily_answer_update(
			db, id, BIT(PETORY_DAILY_ACTIVE), "edited", T0 + 1));
		cr_assert_petory_ok(petory__store_daily_answer_set_status(db,
			id, BIT(PETORY_DAILY_ACTIVE), PETORY_DAILY_HIDDEN,
			T0 + 2));
		cr_assert_store_fact(PETORY_ECONFLICT,
			petory__store_daily_answer_update(db, id,
				BIT(PETORY_DAILY_ACTIVE), "lost", T0 + 3));
		cr_assert_store_fact(PETORY_ECONFLICT,
			petory__store_daily_answer_set_status(db, id,
				BIT(PETORY_DAILY_ACTIVE), PETORY_DAILY_HIDDEN,
				T0 + 3));
		cr_assert_petory_ok(petory__store_daily_answer_get(&a, db, id));
		cr_assert_str_eq(a->answer, "edited");
		cr_assert_eq(a->status, PETORY_DAILY_HIDDEN, "[%s]", b->name);
		cr_assert_eq(a->updated_at, T0 + 2);
		petory_daily_answer_free(a);

		cr_assert_petory_ok(petory__store_daily_answer_set_status(db,
			id, BIT(PETORY_DAILY_HIDDEN), PETORY_DAILY_DELETED,
			T0 + 4));
		cr_assert_petory_ok(petory__store_daily_answer_get(&a, db, id));
		cr_assert_eq(a->deleted_at, T0 + 4);
		petory_daily_answer_free(a);

		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_daily_answer_update(
				db, id + 1, BIT(PETORY_DAILY_ACTIVE), "x", T0));
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_daily_answer_set_status(db, id + 1,
				BIT(PETORY_DAILY_ACTIVE), PETORY_DAILY_HIDDEN,
				T0));
	});
}

Test(store_daily, answer_lists_are_per_user_question_and_status)
{
	STORE_FOREACH(b, db, {
		petory_daily_answer_page page = { 0 };
		int64_t ann = fixture_user(db, "ann@example.com");
		int64_t bob = fixture_user(db, "bob@example.com");
		int64_t q1 = question(db, "00-25", "q1");
		int64_t q2 = question(db, "00-26", "q2");
		int64_t a1 = answer(db, q1, ann, "2026-11-25", "a1", T0);
		int64_t a2 = answer(db, q2, ann, "2026-11-26", "a2", T0 + 1);
		int64_t a3 = answer(db, q1, ann, "2026-11-27", "a3", T0 + 2);
		answer(db, q1, bob, "2026-11-25", "b1", T0);
		cr_assert_petory_ok(petory__store_daily_answer_set_status(db,
			a2, BIT(PETORY_DAILY_ACTIVE), PETORY_DAILY_HIDDEN, T0));

		cr_assert_petory_ok(petory__store_daily_answer_list(
			&page, db, ann, 0, PETORY_DAILY_ACTIVE, 0, 10));
		cr_assert_eq(page.total, 2, "[%s]", b->name);
		cr_assert_eq(page.items[0].id, a3);
		cr_assert_eq(page.items[1].id, a1);
		petory_daily_answer_page_dispose(&page);
		cr_assert_petory_ok(petory__store_daily_answer_list(
			&page, db, ann, q1, PETORY_DAILY_ACTIVE, 1, 1));
		cr_assert_eq(page.total, 2);
		cr_assert_eq(page.count, 1);
		cr_assert_eq(page.items[0].id, a1);
		petory_daily_answer_page_dispose(&page);
		cr_assert_petory_ok(petory__store_daily_answer_list(
			&page, db, ann, 0, PETORY_DAILY_HIDDEN, 0, 10));
		cr_assert_eq(page.total, 1);
		cr_assert_eq(page.items[0].id, a2);
		petory_daily_answer_page_dispose(&page);
		cr_assert_petory_ok(petory__store_daily_answer_list(
			&page, db, bob, q2, PETORY_DAILY_ACTIVE, 0, 10));
		cr_assert_eq(page.total, 0);
		cr_assert_eq(page.count, 0);
		petory_daily_answer_page_dispose(&page);
	});
}
