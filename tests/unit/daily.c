/* daily.c -- notifications, daily questions and answers, and the daily
 * jobs, with the injected clock: time-zone edges, the leap day, the
 * idempotent fan-out (also after a process dies inside it, or before its
 * record) with its one push to the hook, and the purge. */
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "petory_test.h"
#include "store/sqlite/sqlite_internal.h"

static petory *db;
static int64_t admin_id, user_id, other_id;
static petory_identity admin, user, other;

static void setup(void)
{
	test_clock_now = TEST_EPOCH_MS;
	db = test_db_open();
	admin_id = test_user(db, "admin@example.com");
	user_id = test_user(db, "user@example.com");
	other_id = test_user(db, "other@example.com");
	cr_assert_petory_ok(petory_user_role_add(NULL, db,
		petory_identity_system(), admin_id, PETORY_ROLE_ADMIN));
	admin = test_identity(db, admin_id);
	user = test_identity(db, user_id);
	other = test_identity(db, other_id);
}

static void teardown(void)
{
	test_db_close(db);
}

static void set_zone(int64_t id, const char *zone)
{
	petory_user *u;
	petory_user_patch p = { .timezone = zone };
	petory_identity self = test_identity(db, id);
	cr_assert_petory_ok(petory_user_update(&u, db, &self, id, &p));
	petory_user_free(u);
}

static int64_t exec_count(const char *sql)
{
	int64_t n = -1;
	PETORY__WITH_CONN(db, conn, {
		sqlite3_stmt *s;
		sqlite3_prepare_v2(conn->db, sql, -1, &s, NULL);
		if (sqlite3_step(s) == SQLITE_ROW)
			n = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	});
	return n;
}

TestSuite(daily, .init = setup, .fini = teardown);

Test(daily, ships_366_questions_and_a_second_load_adds_nothing)
{
	int64_t inserted = -1;
	petory_daily_question *q;
	petory_daily_question_input in = { .question = "바뀐 질문" };
	cr_assert_eq(exec_count("SELECT count(*) FROM daily_questions"), 366);
	cr_assert_eq(exec_count("SELECT count(*) FROM daily_questions WHERE "
				"date = '02-29'"),
		1);
	cr_assert_petory_ok(petory_daily_question_update(&q, db, &admin,
		exec_count("SELECT id FROM daily_questions WHERE date = "
			   "'11-25'"),
		&in));
	petory_daily_question_free(q);
	cr_assert_petory_ok(petory_daily_questions_load(
		db, petory_identity_system(), &inserted));
	cr_assert_eq(inserted, 0);
	cr_assert_eq(exec_count("SELECT count(*) FROM daily_questions WHERE "
				"question = '바뀐 질문'"),
		1, "an admin's edit survives a load");
	cr_assert_petory_fails(PETORY_EPERM, "FORBIDDEN",
		petory_daily_questions_load(db, &user, NULL));
}

Test(daily, today_follows_the_callers_zone)
{
	petory_daily_question *q;
	/* 2026-11-25T09:30Z: 23:30 on the 24th in Honolulu (UTC-10),
	 * 23:30 on the 25th in Kiritimati (UTC+14). */
	test_clock_now = TEST_EPOCH_MS + MINUTES(9 * 60 + 30);
	set_zone(user_id, "Pacific/Honolulu");
	set_zone(other_id, "Pacific/Kiritimati");
	cr_assert_petory_ok(petory_daily_question_today(&q, db, &user));
	cr_assert_str_eq(q->date, "11-24");
	cr_assert_gt(q->id, 0);
	petory_daily_question_free(q);
	cr_assert_petory_ok(petory_daily_question_today(&q, db, &other));
	cr_assert_str_eq(q->date, "11-25");
	petory_daily_question_free(q);
	/* 10:30Z: Kiritimati has reached the 26th. */
	test_clock_now += MINUTES(60);
	cr_assert_petory_ok(petory_daily_question_today(&q, db, &other));
	cr_assert_str_eq(q->date, "11-26");
	petory_daily_question_free(q);
	/* Anonymous: Asia/Seoul, 19:30 on the 25th. */
	cr_assert_petory_ok(petory_daily_question_today(&q, db, NULL));
	cr_assert_str_eq(q->date, "11-25");
	petory_daily_question_free(q);
}

Test(daily, leap_day_has_its_question)
{
	petory_daily_question *q;
	/* 2028-02-29T03:00Z = noon in Seoul. */
	test_clock_now = 1835406000000LL;
	cr_assert_petory_ok(petory_daily_question_today(&q, db, NULL));
	cr_assert_str_eq(q->date, "02-29");
	petory_daily_question_free(q);
}

Test(daily, an_admin_change_is_visible_at_once)
{
	petory_daily_question *q;
	int64_t id;
	cr_assert_petory_ok(petory_daily_question_today(&q, db, NULL));
	id = q->id;
	petory_daily_question_free(q);
	cr_assert_petory_ok(petory_daily_question_change(
		db, &admin, id, PETORY_DAILY_Q_INACTIVATE));
	cr_assert_petory_fails(PETORY_ENOTFOUND,
		"TODAY_QUESTION_IS_DEACTIVATED",
		petory_daily_question_today(&q, db, NULL));
	cr_assert_petory_fails(PETORY_ECONFLICT, "QUESTION_IS_DEACTIVATED",
		petory_daily_question_change(
			db, &admin, id, PETORY_DAILY_Q_INACTIVATE));
	cr_assert_petory_ok(petory_daily_question_change(
		db, &admin, id, PETORY_DAILY_Q_ACTIVATE));
	cr_assert_petory_ok(petory_daily_question_today(&q, db, NULL));
	petory_daily_question_free(q);
	cr_assert_petory_fails(PETORY_EPERM, "FORBIDDEN",
		petory_daily_question_change(
			db, &user, id, PETORY_DAILY_Q_DELETE));
}

Test(daily, create_validates_and_refuses_a_taken_date)
{
	petory_daily_question *q;
	petory_daily_question_input in = { .question = "", .date = "02-30" };
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_daily_question_create(&q, db, &admin, &in));
	cr_assert_eq(petory_error_last()->field_count, 2);
	in = (petory_daily_question_input){ .question = "새 질문",
		.date = "03-01" };
	cr_assert_petory_fails(PETORY_ECONFLICT, "DATE_IS_EXIST",
		petory_daily_question_create(&q, db, &admin, &in));
	/* Exactly MM-dd: no sign, space or trailing junk. */
	static const char *const bad[] = { "01-1x", "01-1 ", " 1-01", "+1-01",
		"01-+1", "00-10", "04-31", "0101", "01-011" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		in.date = bad[i];
		cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
			petory_daily_question_create(&q, db, &admin, &in));
	}
}

Test(daily, create_takes_a_free_date)
{
	petory_daily_question *q, *today;
	petory_daily_question_input in = { .question = "윤일의 질문",
		.date = "02-29" };
	/* Every date is shipped: free 02-29 first. */
	PETORY__WITH_CONN(db, conn,
		sqlite3_exec(conn->db,
			"DELETE FROM daily_questions WHERE date = '02-29'",
			NULL, NULL, NULL));
	cr_assert_petory_fails(PETORY_EPERM, "FORBIDDEN",
		petory_daily_question_create(&q, db, &user, &in));
	cr_assert_petory_ok(petory_daily_question_create(&q, db, &admin, &in));
	cr_assert_gt(q->id, 0);
	cr_assert_str_eq(q->date, "02-29");
	cr_assert_eq(q->status, PETORY_DAILY_ACTIVE);
	cr_assert_str_eq(q->question_en, "윤일의 질문", "English defaults");
	cr_assert_eq(q->created_at, test_clock_now);
	/* 2028-02-29T03:00Z = noon in Seoul. */
	test_clock_now = 1835406000000LL;
	cr_assert_petory_ok(petory_daily_question_today(&today, db, NULL));
	cr_assert_eq(today->id, q->id);
	petory_daily_question_free(today);
	petory_daily_question_free(q);
}

/* The shipped table: every calendar day once (02-29 too), a Korean and
 * an English text within the API's limits, none repeated, none a
 * placeholder. */
Test(daily, shipped_questions_are_real_and_distinct)
{
	cr_assert_eq(exec_count("WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL "
				"SELECT n + 1 FROM d WHERE n < 365) SELECT "
				"count(*) FROM d JOIN daily_questions q ON "
				"q.date = strftime('%m-%d', '2024-01-01', "
				"'+' || n || ' days')"),
		366, "one question for each day of a leap year");
	cr_assert_eq(exec_count("SELECT count(DISTINCT question) FROM "
				"daily_questions"),
		366);
	cr_assert_eq(exec_count("SELECT count(DISTINCT question_en) FROM "
				"daily_questions"),
		366);
	cr_assert_eq(
		exec_count("SELECT count(*) FROM daily_questions WHERE "
			   "length(question) BETWEEN 10 AND 85 AND "
			   "length(question_en) BETWEEN 10 AND 255 AND "
			   "question GLOB '*[가-힣]*' AND question_en NOT "
			   "GLOB '*[가-힣]*' AND question_en GLOB "
			   "'[A-Z]*[a-z]*[?.!]' AND question GLOB '*[?.!]' "
			   "AND question NOT LIKE '%TODO%' AND question_en "
			   "NOT LIKE '%TODO%' AND question_en NOT LIKE "
			   "'%question%' AND question NOT LIKE '%질문 %' AND "
			   "status = 0"),
		366, "Korean and English sentences, not placeholders");
}

Test(daily, one_answer_per_question_per_local_day)
{
	petory_daily_question *q;
	petory_daily_answer *a;
	petory_daily_answer_page page;
	cr_assert_petory_ok(petory_daily_question_today(&q, db, &user));
	cr_assert_petory_ok(
		petory_daily_answer_create(&a, db, &user, q->id, "산책!"));
	cr_assert_eq(a->user_id, user_id);
	petory_daily_answer_free(a);
	cr_assert_petory_fails(PETORY_ECONFLICT, "ALREADY_WRITTEN_TODAY",
		petory_daily_answer_create(&a, db, &user, q->id, "또"));
	/* Seoul's next day begins at 15:00Z. */
	test_clock_now += MINUTES(15 * 60);
	cr_assert_petory_ok(
		petory_daily_answer_create(&a, db, &user, q->id, "다음 날"));
	petory_daily_answer_free(a);
	cr_assert_petory_ok(
		petory_daily_answer_list_mine(&page, db, &user, q->id));
	cr_assert_eq(page.count, 2);
	cr_assert_str_eq(page.items[0].answer, "다음 날", "newest first");
	petory_daily_answer_page_dispose(&page);
	cr_assert_petory_ok(
		petory_daily_answer_list_mine(&page, db, &other, q->id));
	cr_assert_eq(page.count, 0);
	petory_daily_answer_page_dispose(&page);
	petory_daily_question_free(q);
}

Test(daily, answers_belong_to_their_author)
{
	petory_daily_question *q;
	petory_daily_answer *a, *b;
	petory_daily_answer_page page;
	petory_page_req req = { 0, 0 };
	cr_assert_petory_ok(petory_daily_question_today(&q, db, &user));
	cr_assert_petory_ok(
		petory_daily_answer_create(&a, db, &user, q->id, "내 답"));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "DAILY_QNA_NOT_FOUND",
		petory_daily_answer_update(&b, db, &other, a->id, "남의 답"));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "DAILY_QNA_NOT_FOUND",
		petory_daily_answer_change(
			db, &other, a->id, PETORY_DAILY_A_HIDE));
	cr_assert_petory_ok(petory_daily_answer_change(
		db, &user, a->id, PETORY_DAILY_A_HIDE));
	cr_assert_petory_fails(PETORY_ECONFLICT, "DAILY_QNA_IS_HIDDEN",
		petory_daily_answer_update(&b, db, &user, a->id, "수정"));
	cr_assert_petory_ok(
		petory_daily_answer_list_hidden(&page, db, &user, &req));
	cr_assert_eq(page.total, 1);
	petory_daily_answer_page_dispose(&page);
	cr_assert_petory_ok(petory_daily_answer_change(
		db, &user, a->id, PETORY_DAILY_A_SHOW));
	cr_assert_petory_fails(PETORY_EPERM, "FORBIDDEN",
		petory_daily_answer_change(
			db, &user, a->id, PETORY_DAILY_A_DELETE));
	cr_assert_petory_ok(petory_daily_answer_change(
		db, &admin, a->id, PETORY_DAILY_A_DELETE));
	cr_assert_petory_fails(PETORY_ECONFLICT, "DAILY_QNA_IS_DELETED",
		petory_daily_answer_change(
			db, &admin, a->id, PETORY_DAILY_A_DELETE));
	cr_assert_petory_ok(petory_daily_answer_list_deleted(
		&page, db, &admin, user_id, &req));
	cr_assert_eq(page.total, 1);
	petory_daily_answer_page_dispose(&page);
	cr_assert_petory_ok(petory_daily_answer_change(
		db, &admin, a->id, PETORY_DAILY_A_RESTORE));
	cr_assert_petory_ok(
		petory_daily_answer_update(&b, db, &user, a->id, "수정"));
	cr_assert_str_eq(b->answer, "수정");
	petory_daily_answer_free(a);
	petory_daily_answer_free(b);
	petory_daily_question_free(q);
}

static int hook_calls;
static int64_t hook_user, hook_id;
static petory_notification_type hook_type;
static void hook(void *payload, const petory_notification *n)
{
	(void)payload;
	hook_calls++;
	hook_user = n->user_id;
	hook_id = n->id;
	hook_type = n->type;
}

Test(daily, notifications_inbox_is_private)
{
	petory_identity nobody = { .roles = PETORY_ROLE_USER }; /* user 0 */
	petory_notification_page page;
	petory_page_req req = { 0, 0 };
	hook_calls = 0;
	cr_assert_petory_ok(petory_set_notification_hook(db, hook, NULL));
	cr_assert_petory_ok(petory_notification_create(db, user_id,
		PETORY_NOTIFICATION_COMMENT, "댓글이 달렸어요", "/b/1"));
	cr_assert_eq(hook_calls, 1);
	cr_assert_eq(hook_user, user_id);
	cr_assert_gt(hook_id, 0);
	cr_assert_petory_fails(PETORY_EINVALID, NULL,
		petory_notification_create(
			db, user_id, PETORY_NOTIFICATION_COMMENT, "", NULL));
	cr_assert_petory_ok(
		petory_notification_list(&page, db, &user, &req, 0));
	cr_assert_eq(page.total, 1);
	cr_assert_eq(page.unread_count, 1);
	petory_notification_page_dispose(&page);
	cr_assert_petory_fails(PETORY_ENOTFOUND, "NOTIFICATION_NOT_FOUND",
		petory_notification_read(db, &other, hook_id));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "NOTIFICATION_NOT_FOUND",
		petory_notification_delete(db, &other, hook_id));
	cr_assert_petory_fails(PETORY_EAUTH, NULL,
		petory_notification_delete(db, &nobody, hook_id));
	cr_assert_petory_fails(PETORY_EAUTH, NULL,
		petory_notification_delete(db, NULL, hook_id));
	cr_assert_petory_ok(petory_notification_read(db, &user, hook_id));
	cr_assert_petory_ok(
		petory_notification_list(&page, db, &user, &req, 1));
	cr_assert_eq(page.total, 0);
	cr_assert_eq(page.unread_count, 0);
	petory_notification_page_dispose(&page);
	cr_assert_petory_ok(petory_notification_delete(db, &admin, hook_id));
}

Test(daily, fanout_reaches_active_users_once_a_day)
{
	int64_t inserted = -1;
	petory_jobs_report rep;
	cr_assert_petory_ok(petory_user_suspend(db, &admin, other_id));
	hook_calls = 0;
	hook_user = -1;
	cr_assert_petory_ok(petory_set_notification_hook(db, hook, NULL));
	cr_assert_petory_ok(petory_jobs_run_due(&rep, db, &admin, 0));
	cr_assert_eq(rep.ran_daily_notify, 1);
	cr_assert_eq(rep.notified, 2, "admin and user, not the suspended");
	cr_assert_eq(hook_calls, 1, "one push for the whole fan-out");
	cr_assert_eq(hook_user, 0, "addressed to every connected user");
	cr_assert_eq(hook_type, PETORY_NOTIFICATION_DAILY_QUESTION);
	cr_assert_petory_ok(petory_jobs_run_due(&rep, db, &admin, 0));
	cr_assert_eq(rep.ran_daily_notify, 0, "recorded");
	cr_assert_petory_ok(petory_batch_daily_notify(
		&inserted, db, &admin, NULL, NULL, NULL));
	cr_assert_eq(inserted, 0, "no date: today in Seoul, already done");
	cr_assert_eq(hook_calls, 1, "nothing new, nothing pushed");
	cr_assert_petory_ok(petory_set_notification_hook(db, NULL, NULL));
	/* A crash after the insert, before the record. */
	cr_assert_eq(exec_count("SELECT count(*) FROM job_runs"), 3);
	PETORY__WITH_CONN(db, conn,
		sqlite3_exec(
			conn->db, "DELETE FROM job_runs", NULL, NULL, NULL));
	cr_assert_petory_ok(petory_jobs_run_due(&rep, db, &admin, 0));
	cr_assert_eq(rep.ran_daily_notify, 1);
	cr_assert_eq(rep.notified, 0);
	cr_assert_petory_ok(petory_batch_daily_notify(
		&inserted, db, &admin, "2026-11-25", NULL, NULL));
	cr_assert_eq(inserted, 0);
	cr_assert_eq(exec_count("SELECT count(*) FROM notifications"), 2);
	cr_assert_petory_fails(PETORY_EINVALID, NULL,
		petory_batch_daily_notify(
			&inserted, db, &admin, "2027-02-29", NULL, NULL));
	cr_assert_petory_ok(petory_batch_daily_notify(
		&inserted, db, &admin, "2028-02-29", NULL, NULL));
	cr_assert_eq(inserted, 2);
	cr_assert_petory_fails(
		PETORY_EPERM, NULL, petory_jobs_run_due(&rep, db, &user, 0));
	cr_assert_petory_fails(PETORY_EINVALID, NULL,
		petory_batch_daily_notify(
			&inserted, db, &admin, "2028-+2-29", NULL, NULL));
}

/* The process dies inside the fan-out's transaction, after its INSERT and
 * before its record. */
static void die(void *payload, int64_t done, int64_t total)
{
	(void)payload;
	(void)done;
	(void)total;
	_exit(3);
}

Test(daily, fanout_after_a_crash_half_way)
{
	petory_jobs_report rep;
	int64_t inserted = -1;
	int status = 0;
	pid_t pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		petory_options opts;
		petory *child = NULL;
		test_options(&opts);
		if (petory_open(&child, &opts) == 0)
			petory_batch_daily_notify(NULL, child,
				petory_identity_system(), "2026-11-25", die,
				NULL);
		_exit(1);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 3,
		"the child died in the fan-out (status %d)", status);
	cr_assert_eq(exec_count("SELECT count(*) FROM notifications"), 0,
		"nothing half-done is visible");
	cr_assert_eq(exec_count("SELECT count(*) FROM job_runs"), 0);

	/* Some users notified for the day without a record (what a fan-out
	 * committed in parts would leave): the run completes the rest. */
	cr_assert_petory_ok(petory_batch_daily_notify(
		&inserted, db, &admin, "2026-11-25", NULL, NULL));
	cr_assert_eq(inserted, 3);
	PETORY__WITH_CONN(db, conn,
		sqlite3_exec(conn->db,
			"DELETE FROM job_runs; DELETE FROM notifications WHERE "
			"user_id != (SELECT min(user_id) FROM notifications)",
			NULL, NULL, NULL));
	cr_assert_petory_ok(petory_jobs_run_due(&rep, db, &admin, 0));
	cr_assert_eq(rep.ran_daily_notify, 1);
	cr_assert_eq(rep.notified, 2);
	cr_assert_eq(exec_count("SELECT count(*) FROM (SELECT user_id FROM "
				"notifications WHERE type = 0 AND day = "
				"'2026-11-25' GROUP BY user_id HAVING count(*) "
				"= 1)"),
		3, "exactly one per user");
	cr_assert_eq(exec_count("SELECT count(*) FROM notifications"), 3);
}

Test(daily, midnight_is_in_the_configured_zone)
{
	petory_jobs_report rep;
	/* 2026-11-25T00:00Z is 09:00 in Seoul; the next midnight there is
	 * 2026-11-25T15:00Z. */
	cr_assert_eq(petory_jobs_next_due(db, TEST_EPOCH_MS),
		TEST_EPOCH_MS + MINUTES(15 * 60));
	cr_assert_petory_ok(petory_jobs_run_due(&rep, db, &admin, 0));
	test_clock_now = TEST_EPOCH_MS + MINUTES(15 * 60) - 1;
	cr_assert_petory_ok(petory_jobs_run_due(&rep, db, &admin, 0));
	cr_assert_eq(rep.ran_daily_notify, 0, "still the 25th in Seoul");
	test_clock_now += 1;
	cr_assert_petory_ok(petory_jobs_run_due(&rep, db, &admin, 0));
	cr_assert_eq(rep.ran_daily_notify, 1, "the 26th began");
	cr_assert_eq(exec_count("SELECT count(DISTINCT day) FROM "
				"notifications"),
		2);
}

/* Another configured zone moves the anonymous "today" and the jobs' day. */
Test(daily, the_configured_zone_is_not_only_seoul)
{
	petory_options opts;
	petory_daily_question *q;
	petory_jobs_report rep;
	petory_close(db);
	test_options(&opts);
	opts.default_timezone = "Pacific/Honolulu";
	cr_assert_petory_ok(petory_open(&db, &opts));
	/* 2026-11-25T09:30Z: 23:30 on the 24th in Honolulu. */
	test_clock_now = TEST_EPOCH_MS + MINUTES(9 * 60 + 30);
	cr_assert_petory_ok(petory_daily_question_today(&q, db, NULL));
	cr_assert_str_eq(q->date, "11-24");
	petory_daily_question_free(q);
	cr_assert_eq(petory_jobs_next_due(db, test_clock_now),
		TEST_EPOCH_MS + MINUTES(10 * 60), "Honolulu's midnight");
	cr_assert_petory_ok(petory_jobs_run_due(&rep, db, &admin, 0));
	cr_assert_eq(exec_count("SELECT count(*) FROM job_runs WHERE day = "
				"'2026-11-24'"),
		3);
}

Test(daily, purge_removes_notifications_older_than_30_days)
{
	petory_jobs_report rep;
	cr_assert_petory_ok(petory_notification_create(
		db, user_id, PETORY_NOTIFICATION_ACCOUNT, "old", NULL));
	test_clock_now += DAYS(30) + 1;
	cr_assert_petory_ok(petory_notification_create(
		db, user_id, PETORY_NOTIFICATION_ACCOUNT, "new", NULL));
	cr_assert_petory_ok(petory_jobs_run_due(&rep, db, &admin, 0));
	cr_assert_eq(rep.ran_purge, 1);
	cr_assert_eq(rep.purged, 1);
	cr_assert_eq(exec_count("SELECT count(*) FROM notifications WHERE "
				"content = 'new'"),
		1);
}
