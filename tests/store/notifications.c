/* notifications.c -- conformance of the notifications table: a user's
 * notifications, the daily fan-out (once per user and day, run twice or
 * raced), the purge, job runs, the account lifecycle and the outbox (a
 * claimed row goes to one claimer). */
#include <stdlib.h>

#include "accounts_fixture.h"

#define T0 TEST_EPOCH_MS
#define JOB "daily-notify"
#define DAY "2026-11-25"
#define ALL_KINDS ((1u << PETORY_OUTBOX_MAIL) | (1u << PETORY_OUTBOX_WEBHOOK))

static int64_t notify(
	petory *db, int64_t user_id, const char *content, petory_time_ms at)
{
	petory_notification n = { .user_id = user_id,
		.type = PETORY_NOTIFICATION_COMMENT,
		.content = (char *)content,
		.link = "/boards/1",
		.created_at = at };
	cr_assert_petory_ok(petory__store_notification_insert(db, &n));
	cr_assert_gt(n.id, 0);
	return n.id;
}

/* The user's notifications: total, unread, and the newest one's id (0:
 * not checked). */
static void assert_inbox(petory *db, int64_t user_id, int64_t total,
	int64_t unread, int64_t newest)
{
	petory_notification_page page = { 0 };
	cr_assert_petory_ok(
		petory__store_notification_list(&page, db, user_id, 0, 0, 50));
	cr_assert_eq(page.total, total, "user %lld: total %lld",
		(long long)user_id, (long long)page.total);
	cr_assert_eq(page.unread_count, unread, "user %lld: unread %lld",
		(long long)user_id, (long long)page.unread_count);
	if (newest)
		cr_assert_eq(page.items[0].id, newest);
	petory_notification_page_dispose(&page);
}

Test(store_notifications, insert_and_list_newest_first)
{
	STORE_FOREACH(b, db, {
		petory_notification_page page = { 0 };
		petory_notification n = { .user_id = 999,
			.type = PETORY_NOTIFICATION_COMMENT,
			.content = "x",
			.created_at = T0 };
		int64_t ann = fixture_user(db, "ann@example.com");
		int64_t bob = fixture_user(db, "bob@example.com");
		int64_t first = notify(db, ann, "first", T0);
		int64_t second = notify(db, ann, "second", T0 + 1);
		notify(db, bob, "bob's", T0);

		cr_assert_petory_ok(petory__store_notification_list(
			&page, db, ann, 0, 0, 1));
		cr_assert_eq(page.total, 2);
		cr_assert_eq(page.unread_count, 2);
		cr_assert_eq(page.count, 1);
		cr_assert_eq(page.items[0].id, second);
		cr_assert_eq(page.items[0].user_id, ann);
		cr_assert_eq(page.items[0].type, PETORY_NOTIFICATION_COMMENT);
		cr_assert_str_eq(page.items[0].content, "second");
		cr_assert_str_eq(page.items[0].link, "/boards/1");
		cr_assert_eq(page.items[0].read, 0);
		cr_assert_eq(page.items[0].created_at, T0 + 1);
		petory_notification_page_dispose(&page);
		cr_assert_petory_ok(petory__store_notification_list(
			&page, db, ann, 0, 1, 1));
		cr_assert_eq(page.items[0].id, first, "[%s]", b->name);
		petory_notification_page_dispose(&page);

		/* a user who does not exist gets nothing */
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_notification_insert(db, &n));
	});
}

Test(store_notifications, mark_read_and_delete_touch_only_the_owners)
{
	STORE_FOREACH(b, db, {
		petory_notification_page page = { 0 };
		int64_t ann = fixture_user(db, "ann@example.com");
		int64_t bob = fixture_user(db, "bob@example.com");
		int64_t a1 = notify(db, ann, "a1", T0);
		int64_t a2 = notify(db, ann, "a2", T0 + 1);
		int64_t a3 = notify(db, ann, "a3", T0 + 2);
		int64_t b1 = notify(db, bob, "b1", T0);

		cr_assert_petory_ok(
			petory__store_notification_mark_read(db, ann, a1, T0));
		/* reading again is no change, and no error */
		cr_assert_petory_ok(petory__store_notification_mark_read(
			db, ann, a1, T0 + 5));
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_notification_mark_read(db, ann, b1, T0));
		cr_assert_store_fact(
			PETORY_ENOTFOUND, petory__store_notification_mark_read(
						  db, ann, b1 + 100, T0));
		assert_inbox(db, ann, 3, 2, a3);
		assert_inbox(db, bob, 1, 1, b1);

		cr_assert_petory_ok(petory__store_notification_list(
			&page, db, ann, 1, 0, 10));
		cr_assert_eq(page.total, 2, "[%s] unread only", b->name);
		cr_assert_eq(page.count, 2);
		petory_notification_page_dispose(&page);

		/* id 0: every one of the user's */
		cr_assert_petory_ok(
			petory__store_notification_mark_read(db, ann, 0, T0));
		assert_inbox(db, ann, 3, 0, a3);
		assert_inbox(db, bob, 1, 1, b1);

		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_notification_delete(db, bob, a2));
		cr_assert_petory_ok(
			petory__store_notification_delete(db, ann, a2));
		cr_assert_store_fact(PETORY_ENOTFOUND,
			petory__store_notification_delete(db, ann, a2));
		/* user 0: whoever owns it */
		cr_assert_petory_ok(
			petory__store_notification_delete(db, 0, b1));
		assert_inbox(db, ann, 2, 0, a3);
		assert_inbox(db, bob, 0, 0, 0);
	});
}

typedef struct progress_log {
	int calls;
	int64_t done, total;
} progress_log;

static void on_progress(void *payload, int64_t done, int64_t total)
{
	progress_log *p = payload;
	p->calls++;
	p->done = done;
	p->total = total;
}

/* How many DAILY_QUESTION notifications the user has. */
static int64_t daily_count(petory *db, int64_t user_id)
{
	petory_notification_page page = { 0 };
	int64_t n = 0;
	size_t i;
	cr_assert_petory_ok(
		petory__store_notification_list(&page, db, user_id, 0, 0, 100));
	for (i = 0; i < page.count; i++)
		n += page.items[i].type == PETORY_NOTIFICATION_DAILY_QUESTION;
	petory_notification_page_dispose(&page);
	return n;
}

static int64_t fanout(petory *db, const char *day)
{
	int64_t inserted = -1;
	cr_assert_petory_ok(petory__store_notification_fanout(&inserted, db,
		JOB, day, "today's question", "/daily", T0, NULL, NULL));
	return inserted;
}

Test(store_notifications, fanout_reaches_each_active_user_once_a_day)
{
	STORE_FOREACH(b, db, {
		progress_log progress = { 0 };
		int64_t inserted = -1;
		int done = -1;
		int64_t ann = fixture_user(db, "ann@example.com");
		int64_t bob = fixture_user(db, "bob@example.com");
		int64_t off = fixture_user_at(db, "off@example.com",
			PETORY_USER_SUSPENDED, PETORY_ROLE_USER, T0);
		char *before, *after;

		cr_assert_petory_ok(
			petory__store_job_run_get(&done, db, JOB, DAY));
		cr_assert_eq(done, 0);
		cr_assert_petory_ok(petory__store_notification_fanout(&inserted,
			db, JOB, DAY, "today's question", "/daily", T0,
			on_progress, &progress));
		cr_assert_eq(inserted, 2, "[%s]", b->name);
		cr_assert_geq(progress.calls, 1);
		cr_assert_eq(progress.done, progress.total);
		cr_assert_eq(progress.total, off);
		cr_assert_petory_ok(
			petory__store_job_run_get(&done, db, JOB, DAY));
		cr_assert_eq(done, 1);
		cr_assert_eq(daily_count(db, ann), 1);
		cr_assert_eq(daily_count(db, bob), 1);
		cr_assert_eq(daily_count(db, off), 0);

		/* run twice: nothing more */
		before = b->snapshot(db);
		cr_assert_eq(fanout(db, DAY), 0);
		after = b->snapshot(db);
		store_assert_unchanged(before, after, "a second fan-out");
		free(before);
		free(after);
		/* another job name records its own run, adds nothing */
		cr_assert_petory_ok(petory__store_notification_fanout(&inserted,
			db, "other-job", DAY, "x", NULL, T0, NULL, NULL));
		cr_assert_eq(inserted, 0);
		cr_assert_petory_ok(
			petory__store_job_run_get(&done, db, "other-job", DAY));
		cr_assert_eq(done, 1);

		cr_assert_eq(fanout(db, "2026-11-26"), 2);
		cr_assert_eq(daily_count(db, ann), 2);
	});
}

typedef struct fanout_race {
	petory *db;
	int results[2];
	int64_t inserted[2];
} fanout_race;

static void fanout_one(void *payload, int i)
{
	fanout_race *r = payload;
	r->results[i] = petory__store_notification_fanout(&r->inserted[i],
		r->db, JOB, DAY, "today's question", "/daily", T0, NULL, NULL);
}

Test(store_notifications, two_racing_fanouts_notify_each_user_once)
{
	STORE_FOREACH(b, db, {
		fanout_race r = { db, { 0 }, { 0 } };
		int64_t ids[5];
		int i;
		for (i = 0; i < 5; i++) {
			char email[32];
			snprintf(email, sizeof(email), "u%d@example.com", i);
			ids[i] = fixture_user(db, email);
		}
		store_race(2, fanout_one, &r);
		cr_assert_petory_ok(r.results[0]);
		cr_assert_petory_ok(r.results[1]);
		cr_assert_eq(r.inserted[0] + r.inserted[1], 5,
			"[%s] %lld + %lld", b->name, (long long)r.inserted[0],
			(long long)r.inserted[1]);
		for (i = 0; i < 5; i++)
			cr_assert_eq(daily_count(db, ids[i]), 1);
	});
}

typedef struct day_job {
	const char *day;
	petory_time_ms before; /* purge only */
} day_job;

static int fanout_write(petory *db, void *payload)
{
	day_job *job = payload;
	int64_t inserted = 0;
	return petory__store_notification_fanout(&inserted, db, JOB, job->day,
		"today's question", "/daily", T0, NULL, NULL);
}

static int purge_write(petory *db, void *payload)
{
	day_job *job = payload;
	int64_t deleted = 0;
	return petory__store_notification_purge(
		&deleted, db, "purge", job->day, job->before, T0);
}

Test(store_notifications, a_failed_fanout_or_purge_writes_nothing)
{
	STORE_FOREACH(b, db, {
		day_job job = { DAY, T0 - DAYS(30) };
		int64_t ann = fixture_user(db, "ann@example.com");
		fixture_user(db, "bob@example.com");
		notify(db, ann, "old", T0 - DAYS(31));
		cr_assert_geq(store_fault_sweep(b, db, "notification_fanout",
				      fanout_write, &job),
			3);
		cr_assert_eq(daily_count(db, ann), 1);
		cr_assert_geq(store_fault_sweep(b, db, "notification_purge",
				      purge_write, &job),
			2);
		assert_inbox(db, ann, 1, 1, 0);
	});
}

Test(store_notifications, purge_drops_what_is_older_and_records_the_run)
{
	STORE_FOREACH(b, db, {
		int64_t deleted = -1;
		int done = -1;
		int64_t ann = fixture_user(db, "ann@example.com");
		notify(db, ann, "old", T0 - DAYS(31));
		notify(db, ann, "edge", T0 - DAYS(30));
		int64_t fresh = notify(db, ann, "fresh", T0);

		cr_assert_petory_ok(petory__store_notification_purge(
			&deleted, db, "purge", DAY, T0 - DAYS(30), T0));
		cr_assert_eq(deleted, 1, "[%s]", b->name);
		cr_assert_petory_ok(
			petory__store_job_run_get(&done, db, "purge", DAY));
		cr_assert_eq(done, 1);
		cr_assert_petory_ok(petory__store_job_run_get(
			&done, db, "purge", "2026-11-26"));
		cr_assert_eq(done, 0);
		assert_inbox(db, ann, 2, 2, fresh);
	});
}

static const petory_lifecycle_policy warning_mail = {
	.warn_idle_ms = DAYS(85),
	.deactivate_idle_ms = DAYS(90),
	.remove_after_ms = DAYS(90),
	.suspension_ms = DAYS(30),
	.mail = { .subject = "subject",
		.body_before = "Hello ",
		.body_after = "." },
};

/* One account in each state the lifecycle acts on at T0, and one file of
 * the account that is to be removed. */
typedef struct lifecycle_cast {
	int64_t warned, idle, removed, suspended, fresh;
} lifecycle_cast;

static lifecycle_cast lifecycle_cast_make(petory *db)
{
	lifecycle_cast c;
	petory_file_rec file = { .key = "gone-file",
		.purpose = PETORY_FILE_PET,
		.content_type = "image/png",
		.declared_size = 10,
		.created_at = T0 - DAYS(200),
		.upload_expires_at = T0 - DAYS(200) + MINUTES(5) };
	c.warned = fixture_user_at(db, "warned@example.com", PETORY_USER_ACTIVE,
		PETORY_ROLE_USER, T0 - DAYS(86));
	c.idle = fixture_user_at(db, "idle@example.com", PETORY_USER_ACTIVE,
		PETORY_ROLE_USER, T0 - DAYS(91));
	c.removed = fixture_user_at(db, "removed@example.com",
		PETORY_USER_DEACTIVATED, PETORY_ROLE_USER, T0 - DAYS(91));
	c.suspended = fixture_user_at(db, "suspended@example.com",
		PETORY_USER_SUSPENDED, PETORY_ROLE_USER, T0 - DAYS(31));
	c.fresh = fixture_user_at(db, "fresh@example.com", PETORY_USER_ACTIVE,
		PETORY_ROLE_USER, T0 - DAYS(10));
	file.owner_id = c.removed;
	cr_assert_petory_ok(petory__store_file_insert(db, &file, "a.png"));
	return c;
}

static petory_user_status status_of(petory *db, int64_t id)
{
	petory_user_auth_state state;
	cr_assert_petory_ok(petory__store_user_auth_state(&state, db, id));
	return state.status;
}

Test(store_notifications,
	account_lifecycle_warns_deactivates_removes_and_ends_suspensions)
{
	STORE_FOREACH(b, db, {
		lifecycle_cast cast = lifecycle_cast_make(db);
		petory_lifecycle_counts c;
		petory_outbox_item *items = NULL;
		petory_user_auth_state state;
		size_t count = 0, i;
		int done = 0, mails = 0, alerts = 0;

		cr_assert_petory_ok(petory__store_account_lifecycle(
			&c, db, "lifecycle", DAY, T0, &warning_mail));
		cr_assert_eq(c.warned, 1, "[%s]", b->name);
		cr_assert_eq(c.deactivated, 1);
		cr_assert_eq(c.removed, 1);
		cr_assert_eq(c.unsuspended, 1);
		cr_assert_eq(c.removed_file_count, 1);
		cr_assert_str_eq(c.removed_files[0].key, "gone-file");
		free(c.removed_files);

		cr_assert_eq(status_of(db, cast.warned), PETORY_USER_ACTIVE);
		cr_assert_eq(status_of(db, cast.idle), PETORY_USER_DEACTIVATED);
		cr_assert_petory_ok(
			petory__store_user_auth_state(&state, db, cast.idle));
		cr_assert_eq(state.token_version, 1);
		cr_assert_store_fact(
			PETORY_ENOTFOUND, petory__store_user_auth_state(
						  &state, db, cast.removed));
		cr_assert_eq(status_of(db, cast.suspended), PETORY_USER_ACTIVE);
		cr_assert_eq(status_of(db, cast.fresh), PETORY_USER_ACTIVE);
		cr_assert_petory_ok(
			petory__store_job_run_get(&done, db, "lifecycle", DAY));
		cr_assert_eq(done, 1);

		/* the warning mail and one admin alert, in the outbox */
		cr_assert_petory_ok(petory__store_outbox_claim(&items, &count,
			db, ALL_KINDS, T0, T0 + MINUTES(1), 10));
		cr_assert_eq(count, 2);
		for (i = 0; i < count; i++) {
			if (items[i].kind == PETORY_OUTBOX_MAIL) {
				mails++;
				cr_assert(strstr(items[i].payload,
						  "warned@example.com"),
					"%s", items[i].payload);
				cr_assert(strstr(items[i].payload,
						  "Hello warned."),
					"%s", items[i].payload);
			} else {
				alerts++;
			}
			free(items[i].payload);
		}
		free(items);
		cr_assert_eq(mails, 1);
		cr_assert_eq(alerts, 1);

		/* a later run warns nobody twice for the same last login */
		cr_assert_petory_ok(
			petory__store_account_lifecycle(&c, db, "lifecycle",
				"2026-11-26", T0 + DAYS(1), &warning_mail));
		cr_assert_eq(c.warned, 0, "[%s]", b->name);
		cr_assert_eq(c.deactivated, 0);
		cr_assert_eq(c.removed, 0);
		free(c.removed_files);
	});
}

static int lifecycle_write(petory *db, void *payload)
{
	petory_lifecycle_counts c;
	int error;
	(void)payload;
	error = petory__store_account_lifecycle(
		&c, db, "lifecycle", DAY, T0, &warning_mail);
	if (error == 0)
		free(c.removed_files);
	return error;
}

Test(store_notifications, a_failed_account_lifecycle_writes_nothing)
{
	STORE_FOREACH(b, db, {
		lifecycle_cast cast = lifecycle_cast_make(db);
		cr_assert_geq(store_fault_sweep(b, db, "account_lifecycle",
				      lifecycle_write, NULL),
			9);
		cr_assert_eq(status_of(db, cast.idle), PETORY_USER_DEACTIVATED,
			"[%s]", b->name);
	});
}

static petory_outbox_item *claim(size_t *count, petory *db, unsigned kinds,
	petory_time_ms now, size_t limit)
{
	petory_outbox_item *items = NULL;
	cr_assert_petory_ok(petory__store_outbox_claim(
		&items, count, db, kinds, now, now + MINUTES(1), limit));
	return items;
}

static void items_free(petory_outbox_item *items, size_t count)
{
	size_t i;
	for (i = 0; i < count; i++)
		free(items[i].payload);
	free(items);
}

Test(store_notifications, outbox_claims_lease_rows_until_finished)
{
	STORE_FOREACH(b, db, {
		petory_outbox_item *items;
		size_t count = 0;
		cr_assert_petory_ok(petory__store_outbox_insert(
			db, PETORY_OUTBOX_MAIL, "{\"m\":1}", T0));
		cr_assert_petory_ok(petory__store_outbox_insert(
			db, PETORY_OUTBOX_WEBHOOK, "{\"w\":1}", T0));
		/* not due before it was queued */
		items = claim(&count, db, ALL_KINDS, T0 - 1, 10);
		cr_assert_eq(count, 0);
		items_free(items, count);

		items = claim(&count, db, 1u << PETORY_OUTBOX_MAIL, T0, 10);
		cr_assert_eq(count, 1, "[%s]", b->name);
		cr_assert_eq(items[0].kind, PETORY_OUTBOX_MAIL);
		cr_assert_str_eq(items[0].payload, "{\"m\":1}");
		cr_assert_eq(items[0].attempts, 0);
		int64_t mail = items[0].id;
		items_free(items, count);
		/* leased: the other kind only */
		items = claim(&count, db, ALL_KINDS, T0, 10);
		cr_assert_eq(count, 1);
		cr_assert_eq(items[0].kind, PETORY_OUTBOX_WEBHOOK);
		cr_assert_str_eq(items[0].payload, "{\"w\":1}");
		int64_t hook = items[0].id;
		items_free(items, count);
		/* a lease that ran out makes the row due again */
		items = claim(&count, db, ALL_KINDS, T0 + MINUTES(1), 1);
		cr_assert_eq(count, 1);
		cr_assert_eq(items[0].id, mail);
		items_free(items, count);

		cr_assert_petory_ok(petory__store_outbox_finish(
			db, mail, "smtp down", T0 + MINUTES(10), T0));
		cr_assert_petory_ok(
			petory__store_outbox_finish(db, hook, NULL, 0, T0));
		items = claim(&count, db, ALL_KINDS, T0 + MINUTES(9), 10);
		cr_assert_eq(count, 0, "[%s]", b->name);
		items_free(items, count);
		items = claim(&count, db, ALL_KINDS, T0 + MINUTES(10), 10);
		cr_assert_eq(count, 1);
		cr_assert_eq(items[0].id, mail);
		cr_assert_eq(items[0].attempts, 1);
		items_free(items, count);
		/* delivered rows never come back */
		cr_assert_petory_ok(
			petory__store_outbox_finish(db, mail, NULL, 0, T0));
		items = claim(&count, db, ALL_KINDS, T0 + DAYS(10), 10);
		cr_assert_eq(count, 0);
		items_free(items, count);
	});
}

Test(store_notifications, backlog_and_last_runs_tell_monitoring)
{
	STORE_FOREACH(b, db, {
		petory_outbox_item *items;
		int64_t pending = -1, deleted = 0;
		petory_time_ms oldest = -1, last = -1;
		size_t count = 0;

		cr_assert_petory_ok(
			petory__store_outbox_backlog(&pending, &oldest, db));
		cr_assert_eq(pending, 0);
		cr_assert_eq(oldest, 0);
		cr_assert_petory_ok(petory__store_outbox_insert(
			db, PETORY_OUTBOX_MAIL, "{}", T0 + 1));
		cr_assert_petory_ok(petory__store_outbox_insert(
			db, PETORY_OUTBOX_WEBHOOK, "{}", T0 + 2));
		items = claim(&count, db, ALL_KINDS, T0 + 2, 1);
		cr_assert_eq(count, 1);
		cr_assert_petory_ok(petory__store_outbox_finish(
			db, items[0].id, NULL, 0, T0 + 3));
		items_free(items, count);
		cr_assert_petory_ok(
			petory__store_outbox_backlog(&pending, &oldest, db));
		cr_assert_eq(pending, 1, "[%s]", b->name);
		cr_assert_eq(oldest, T0 + 2);

		cr_assert_petory_ok(
			petory__store_job_run_last(&last, db, "purge"));
		cr_assert_eq(last, 0);
		cr_assert_petory_ok(petory__store_notification_purge(
			&deleted, db, "purge", DAY, T0, T0 + 5));
		cr_assert_petory_ok(petory__store_notification_purge(
			&deleted, db, "purge", "2026-11-26", T0, T0 + DAYS(1)));
		cr_assert_petory_ok(petory__store_notification_purge(
			&deleted, db, "other", DAY, T0, T0 + DAYS(2)));
		cr_assert_petory_ok(
			petory__store_job_run_last(&last, db, "purge"));
		cr_assert_eq(last, T0 + DAYS(1), "[%s]", b->name);
	});
}

typedef struct claim_race {
	petory *db;
	petory_outbox_item *items[4];
	size_t counts[4];
	int results[4];
} claim_race;

static void claim_some(void *payload, int i)
{
	claim_race *r = payload;
	r->results[i] = petory__store_outbox_claim(&r->items[i], &r->counts[i],
		r->db, ALL_KINDS, T0, T0 + MINUTES(1), 10);
}

Test(store_notifications, racing_claimers_never_share_a_row)
{
	STORE_FOREACH(b, db, {
		claim_race r = { db, { 0 }, { 0 }, { 0 } };
		int seen[20] = { 0 };
		int64_t first = 0;
		size_t total = 0, j;
		int i;
		for (i = 0; i < 20; i++)
			cr_assert_petory_ok(petory__store_outbox_insert(db,
				i % 2 ? PETORY_OUTBOX_MAIL
				      : PETORY_OUTBOX_WEBHOOK,
				"{}", T0));
		store_race(4, claim_some, &r);
		for (i = 0; i < 4; i++) {
			cr_assert_petory_ok(r.results[i]);
			for (j = 0; j < r.counts[i]; j++) {
				int64_t id = r.items[i][j].id;
				if (!first || id < first)
					first = id;
			}
		}
		for (i = 0; i < 4; i++) {
			for (j = 0; j < r.counts[i]; j++) {
				int64_t k = r.items[i][j].id - first;
				cr_assert(k >= 0 && k < 20);
				cr_assert_eq(seen[k]++, 0,
					"[%s] row %lld claimed twice", b->name,
					(long long)r.items[i][j].id);
			}
			total += r.counts[i];
			items_free(r.items[i], r.counts[i]);
		}
		cr_assert_eq(total, 20, "[%s] %zu claimed", b->name, total);
	});
}
