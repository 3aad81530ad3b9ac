/* events.c -- conformance of the events table: calendar events (every
 * read and change scoped to the owner, series bounds for range queries)
 * and their reminders, recorded once per occurrence however often or
 * however many racers record them. */
#include <stdlib.h>

#include "accounts_fixture.h"

#define T0 TEST_EPOCH_MS
#define HOUR MINUTES(60)

/* An event of user_id over [start, start + 1 hour), as the domain stores
 * it; series_end INT64_MAX: endless. */
static petory_event event_of(
	int64_t user_id, petory_time_ms start, int64_t remind_before)
{
	petory_event e = { .user_id = user_id,
		.title = "walk",
		.time_zone = "Asia/Seoul",
		.start_local = "2026-11-25T09:00:00",
		.end_local = "2026-11-25T10:00:00",
		.start_at = start,
		.end_at = start + HOUR,
		.remind_before = remind_before,
		.created_at = T0,
		.updated_at = T0 };
	return e;
}

static int64_t add_event(petory *db, int64_t user_id, petory_time_ms start,
	petory_time_ms series_end, int64_t remind_before)
{
	petory_event e = event_of(user_id, start, remind_before);
	cr_assert_petory_ok(
		petory__store_event_insert(db, &e, start, series_end));
	cr_assert_gt(e.id, 0);
	return e.id;
}

static void events_free(petory_event *events, size_t count)
{
	petory__event_array_free(events, count);
}

Test(store_events, an_event_reads_back_only_for_its_owner)
{
	STORE_FOREACH(b, db, {
		char *lines[] = { "RRULE:FREQ=WEEKLY;COUNT=3",
			"EXDATE:20261202T000000Z" };
		petory_event e = event_of(0, T0, 15), *got = NULL;
		petory_event ghost = event_of(999, T0, -1);
		int64_t ann = fixture_user(db, "ann@example.com");
		int64_t bob = fixture_user(db, "bob@example.com");
		e.user_id = ann;
		e.description = "around the park";
		e.color = "TOMATO";
		e.recurrence = lines;
		e.recurrence_count = 2;

		cr_assert_petory_ok(petory__store_event_insert(
			db, &e, T0, T0 + 14 * DAYS(1) + HOUR));
		cr_assert_petory_ok(
			petory__store_event_get(&got, db, ann, e.id));
		cr_assert_eq(got->id, e.id);
		cr_assert_eq(got->user_id, ann);
		cr_assert_str_eq(got->title, "walk");
		cr_assert_str_eq(got->description, "around the park");
		cr_assert_str_eq(got->color, "TOMATO");
		cr_assert_str_eq(got->time_zone, "Asia/Seoul");
		cr_assert_eq(got->all_day, 0);
		cr_assert_str_eq(got->start_local, "2026-11-25T09:00:00");
		cr_assert_str_eq(got->end_local, "2026-11-25T10:00:00");
		cr_assert_eq(got->start_at, T0);
		cr_assert_eq(got->end_at, T0 + HOUR);
		cr_assert_eq(got->recurrence_count, 2, "[%s]", b->name);
		cr_assert_str_eq(got->recurrence[0], lines[0]);
		cr_assert_str_eq(got->recurrence[1], lines[1]);
		cr_assert_eq(got->remind_before, 15);
		cr_assert_eq(got->pet_id, 0);
		petory_event_free(got);
		got = NULL;

		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_event_get(&got, db, bob, e.id));
		cr_assert_null(got);
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_event_get(&got, db, ann, e.id + 100));
		/* a user who does not exist holds no event */
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_event_insert(db, &ghost, T0, T0 + HOUR));
	});
}

Test(store_events, update_and_delete_are_the_owners_alone)
{
	STORE_FOREACH(b, db, {
		petory_pet pet = { .name = "Coco",
			.size = PETORY_PET_SMALL,
			.species = "dog" };
		petory_event *got = NULL;
		int64_t ann = fixture_user(db, "ann@example.com");
		int64_t bob = fixture_user(db, "bob@example.com");
		int64_t id = add_event(db, ann, T0, T0 + HOUR, -1);
		petory_event e = event_of(ann, T0 + DAYS(1), 30);
		char *before, *after;

		pet.owner_id = ann;
		cr_assert_petory_ok(
			petory__store_pet_insert(db, &pet, NULL, 0, T0));
		e.id = id;
		e.title = "vet";
		e.all_day = 1;
		e.pet_id = pet.id;
		e.updated_at = T0 + 7;
		cr_assert_petory_ok(petory__store_event_update(
			db, &e, e.start_at, e.end_at));
		cr_assert_petory_ok(petory__store_event_get(&got, db, ann, id));
		cr_assert_str_eq(got->title, "vet");
		cr_assert_eq(got->all_day, 1);
		cr_assert_eq(got->start_at, T0 + DAYS(1));
		cr_assert_eq(got->remind_before, 30);
		cr_assert_eq(got->pet_id, pet.id, "[%s]", b->name);
		cr_assert_eq(got->created_at, T0);
		cr_assert_eq(got->updated_at, T0 + 7);
		petory_event_free(got);

		before = b->snapshot(db);
		e.user_id = bob;
		cr_assert_store_fact(
			PETORY_ENOTFOUND, petory__store_event_update(db, &e,
						  e.start_at, e.end_at));
		e.user_id = ann;
		e.pet_id = pet.id + 100;
		cr_assert_store_fact(
			PETORY_ENOTFOUND, petory__store_event_update(db, &e,
						  e.start_at, e.end_at));
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_event_delete(db, bob, id));
		after = b->snapshot(db);
		store_assert_unchanged(before, after, "another user's change");
		free(before);
		free(after);

		cr_assert_petory_ok(petory__store_event_delete(db, ann, id));
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_event_delete(db, ann, id));
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_event_get(&got, db, ann, id));
	});
}

Test(store_events, list_overlapping_uses_the_series_bounds)
{
	STORE_FOREACH(b, db, {
		petory_event *events = NULL;
		size_t count = 0;
		int64_t ann = fixture_user(db, "ann@example.com");
		int64_t bob = fixture_user(db, "bob@example.com");
		int64_t once = add_event(db, ann, T0, T0 + HOUR, -1);
		int64_t endless =
			add_event(db, ann, T0 + DAYS(2), INT64_MAX, -1);
		add_event(db, bob, T0, INT64_MAX, -1);

		/* an event ending at `from` is still in */
		cr_assert_petory_ok(petory__store_event_list_overlapping(
			&events, &count, db, ann, T0 + HOUR, T0 + DAYS(2)));
		cr_assert_eq(count, 1, "[%s]", b->name);
		cr_assert_eq(events[0].id, once);
		events_free(events, count);
		cr_assert_petory_ok(
			petory__store_event_list_overlapping(&events, &count,
				db, ann, T0 + DAYS(300), T0 + DAYS(301)));
		cr_assert_eq(count, 1);
		cr_assert_eq(events[0].id, endless);
		events_free(events, count);
		cr_assert_petory_ok(petory__store_event_list_overlapping(
			&events, &count, db, ann, T0 - DAYS(1), T0 + DAYS(3)));
		cr_assert_eq(count, 2);
		cr_assert_eq(events[0].id, once);
		cr_assert_eq(events[1].id, endless);
		events_free(events, count);
		cr_assert_petory_ok(petory__store_event_list_overlapping(
			&events, &count, db, ann, T0 - DAYS(2), T0 - DAYS(1)));
		cr_assert_eq(count, 0);
		cr_assert_null(events);
	});
}

Test(store_events, list_reminding_finds_reminders_of_active_users)
{
	STORE_FOREACH(b, db, {
		petory_event *events = NULL;
		size_t count = 0;
		int64_t ann = fixture_user(db, "ann@example.com");
		int64_t off = fixture_user_at(db, "off@example.com",
			PETORY_USER_SUSPENDED, PETORY_ROLE_USER, T0);
		int64_t reminded = add_event(db, ann, T0, T0 + HOUR, 10);
		add_event(db, ann, T0, T0 + HOUR, -1);
		add_event(db, off, T0, T0 + HOUR, 10);
		int64_t later = add_event(db, ann, T0 + DAYS(5), INT64_MAX, 0);

		cr_assert_petory_ok(petory__store_event_list_reminding(
			&events, &count, db, T0 - HOUR, T0 + DAYS(1)));
		cr_assert_eq(count, 1, "[%s]", b->name);
		cr_assert_eq(events[0].id, reminded);
		cr_assert_eq(events[0].remind_before, 10);
		events_free(events, count);
		cr_assert_petory_ok(petory__store_event_list_reminding(
			&events, &count, db, T0 - HOUR, T0 + DAYS(6)));
		cr_assert_eq(count, 2);
		cr_assert_eq(events[1].id, later);
		events_free(events, count);
	});
}

static petory_notification reminder_of(int64_t user_id)
{
	petory_notification n = { .user_id = user_id,
		.type = PETORY_NOTIFICATION_EVENT_REMINDER,
		.content = "walk in 10 minutes",
		.link = "/users/events/1",
		.created_at = T0 };
	return n;
}

/* How many notifications the user has. */
static int64_t inbox_size(petory *db, int64_t user_id)
{
	petory_notification_page page = { 0 };
	int64_t total;
	cr_assert_petory_ok(
		petory__store_notification_list(&page, db, user_id, 0, 0, 1));
	total = page.total;
	petory_notification_page_dispose(&page);
	return total;
}

Test(store_events, a_reminder_is_recorded_once_per_occurrence)
{
	STORE_FOREACH(b, db, {
		int64_t ann = fixture_user(db, "ann@example.com");
		int64_t id = add_event(db, ann, T0, INT64_MAX, 10);
		petory_notification n = reminder_of(ann);
		int created = -1;
		char *before, *after;

		cr_assert_petory_ok(petory__store_event_reminder_record(
			&created, db, id, T0, &n));
		cr_assert_eq(created, 1, "[%s]", b->name);
		cr_assert_gt(n.id, 0);
		cr_assert_eq(inbox_size(db, ann), 1);

		before = b->snapshot(db);
		n = reminder_of(ann);
		cr_assert_petory_ok(petory__store_event_reminder_record(
			&created, db, id, T0, &n));
		cr_assert_eq(created, 0);
		after = b->snapshot(db);
		store_assert_unchanged(before, after, "a second reminder");
		free(before);
		free(after);

		/* the next occurrence has its own */
		cr_assert_petory_ok(petory__store_event_reminder_record(
			&created, db, id, T0 + DAYS(7), &n));
		cr_assert_eq(created, 1);
		cr_assert_eq(inbox_size(db, ann), 2);

		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_event_reminder_record(
				&created, db, id + 100, T0, &n));
		cr_assert_eq(created, 0);
	});
}

typedef struct remind_race {
	petory *db;
	int64_t event_id, user_id;
	int results[8], created[8];
} remind_race;

static void record_one(void *payload, int i)
{
	remind_race *r = payload;
	petory_notification n = reminder_of(r->user_id);
	r->results[i] = petory__store_event_reminder_record(
		&r->created[i], r->db, r->event_id, T0, &n);
}

Test(store_events, eight_racing_records_of_a_reminder_send_it_once)
{
	STORE_FOREACH(b, db, {
		remind_race r = { .db = db };
		int i, sent = 0;
		r.user_id = fixture_user(db, "ann@example.com");
		r.event_id = add_event(db, r.user_id, T0, INT64_MAX, 10);
		store_race(8, record_one, &r);
		for (i = 0; i < 8; i++) {
			cr_assert_petory_ok(r.results[i]);
			sent += r.created[i];
		}
		cr_assert_eq(sent, 1, "[%s] sent %d times", b->name, sent);
		cr_assert_eq(inbox_size(db, r.user_id), 1);
	});
}

typedef struct remind_write {
	int64_t event_id, user_id;
} remind_write;

static int record_write(petory *db, void *payload)
{
	remind_write *w = payload;
	petory_notification n = reminder_of(w->user_id);
	int created = 0;
	return petory__store_event_reminder_record(
		&created, db, w->event_id, T0, &n);
}

Test(store_events, a_failed_reminder_record_writes_nothing)
{
	STORE_FOREACH(b, db, {
		remind_write w;
		w.user_id = fixture_user(db, "ann@example.com");
		w.event_id = add_event(db, w.user_id, T0, INT64_MAX, 10);
		cr_assert_geq(store_fault_sweep(b, db, "event_reminder_record",
				      record_write, &w),
			3);
		cr_assert_eq(inbox_size(db, w.user_id), 1, "[%s]", b->name);
	});
}

Test(store_events, a_capped_insert_stops_at_the_cap)
{
	STORE_FOREACH(b, db, {
		int64_t ann = fixture_user(db, "ann@example.com");
		int64_t bob = fixture_user(db, "bob@example.com");
		petory_event e = event_of(ann, T0, -1),
			     ghost = event_of(999, T0, -1);
		int inserted = -1, i;
		for (i = 0; i < 3; i++) {
			e.id = 0;
			cr_assert_petory_ok(petory__store_event_insert_capped(
				&inserted, db, &e, T0, T0 + HOUR, 3));
			cr_assert_eq(inserted, 1, "[%s] insert %d", b->name, i);
			cr_assert_gt(e.id, 0);
		}
		e.id = 0;
		cr_assert_petory_ok(petory__store_event_insert_capped(
			&inserted, db, &e, T0, T0 + HOUR, 3));
		cr_assert_eq(
			inserted, 0, "[%s] a 4th passed a cap of 3", b->name);
		cr_assert_eq(e.id, 0);
		/* the cap is per user */
		e.user_id = bob;
		cr_assert_petory_ok(petory__store_event_insert_capped(
			&inserted, db, &e, T0, T0 + HOUR, 3));
		cr_assert_eq(inserted, 1);
		/* a deleted event frees its place */
		cr_assert_petory_ok(petory__store_event_delete(db, ann, 1));
		e.user_id = ann;
		e.id = 0;
		cr_assert_petory_ok(petory__store_event_insert_capped(
			&inserted, db, &e, T0, T0 + HOUR, 3));
		cr_assert_eq(inserted, 1, "[%s]", b->name);
		cr_assert_eq(petory__store_event_insert_capped(
				     &inserted, db, &ghost, T0, T0 + HOUR, 3),
			PETORY_ENOTFOUND);
		cr_assert_eq(inserted, 0);
	});
}

typedef struct capped_race {
	petory *db;
	int64_t user_id;
	int results[8], inserted[8];
} capped_race;

static void insert_one_capped(void *payload, int i)
{
	capped_race *r = payload;
	petory_event e = event_of(r->user_id, T0, -1);
	r->results[i] = petory__store_event_insert_capped(
		&r->inserted[i], r->db, &e, T0, T0 + HOUR, 5);
}

Test(store_events, eight_racing_capped_inserts_never_pass_the_cap)
{
	STORE_FOREACH(b, db, {
		capped_race r = { .db = db };
		petory_event *events = NULL;
		size_t count = 0;
		int i, inserted = 0;
		r.user_id = fixture_user(db, "ann@example.com");
		add_event(db, r.user_id, T0, T0 + HOUR, -1);
		add_event(db, r.user_id, T0, T0 + HOUR, -1);
		store_race(8, insert_one_capped, &r);
		for (i = 0; i < 8; i++) {
			cr_assert_petory_ok(r.results[i]);
			inserted += r.inserted[i];
		}
		cr_assert_eq(
			inserted, 3, "[%s] %d inserted", b->name, inserted);
		cr_assert_petory_ok(petory__store_event_list_overlapping(
			&events, &count, db, r.user_id, T0, T0 + HOUR));
		cr_assert_eq(count, 5, "[%s] %zu events", b->name, count);
		events_free(events, count);
	});
}

typedef struct capped_write {
	int64_t user_id;
} capped_write;

static int capped_insert_write(petory *db, void *payload)
{
	capped_write *w = payload;
	petory_event e = event_of(w->user_id, T0, -1);
	int inserted = 0;
	return petory__store_event_insert_capped(
		&inserted, db, &e, T0, T0 + HOUR, 5);
}

Test(store_events, a_failed_capped_insert_writes_nothing)
{
	STORE_FOREACH(b, db, {
		capped_write w;
		petory_event *events = NULL;
		size_t count = 0;
		w.user_id = fixture_user(db, "ann@example.com");
		cr_assert_geq(store_fault_sweep(b, db, "event_insert_capped",
				      capped_insert_write, &w),
			2);
		cr_assert_petory_ok(petory__store_event_list_overlapping(
			&events, &count, db, w.user_id, T0, T0 + HOUR));
		cr_assert_eq(count, 1, "[%s] %zu events", b->name, count);
		events_free(events, count);
	});
}
