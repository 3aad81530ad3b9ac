/* jobs.c -- the daily jobs: the midnight DAILY_QUESTION fan-out, the
 * 30-day notification purge and the account lifecycle, then the outbox,
 * run by the scheduler of petory-httpd and by `petoryctl jobs run` /
 * `batch daily-notify`.
 *
 * A job is keyed by (name, date in the configured zone).  Its work and
 * its job_runs row commit together, so running a day twice, or again
 * after a crash, repeats nothing; the fan-out is also protected by the
 * unique (user_id, type, day) index of notifications, so even a crash
 * between its insert and its record cannot duplicate a notification.
 */
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"

/* The names of the runs in job_runs. */
#define JOB_DAILY_NOTIFY "daily-notify"
#define JOB_PURGE "notification-purge"
#define JOB_LIFECYCLE "account-lifecycle"
#define DAILY_CONTENT "오늘의 질문이 도착했습니다! Today's question is here."
#define DAILY_LINK "/daily-questions/today"
#define PURGE_AGE_MS ((petory_time_ms)30 * 24 * 3600 * 1000)

#define DAY_MS ((petory_time_ms)24 * 3600 * 1000)

/* The account lifecycle: a warning mail after 85 idle days, DEACTIVATED
 * after 90, removed for good 90 days after that (or after a deletion),
 * and a suspension lifted after 30 days. */
static const petory_lifecycle_policy lifecycle = {
	.warn_idle_ms = 85 * DAY_MS,
	.deactivate_idle_ms = 90 * DAY_MS,
	.remove_after_ms = 90 * DAY_MS,
	.suspension_ms = 30 * DAY_MS,
	.mail = {
	.subject = "[Petory] 장기 미접속 안내 / Your account will be "
		   "deactivated soon",
	.body_before = "안녕하세요, ",
	.body_after =
		"님.\n\n"
		"85일 동안 Petory에 로그인하지 않으셨습니다. 5일 안에 "
		"로그인하지 "
		"않으시면 계정이 휴면 상태로 전환됩니다. 휴면 후 90일 안에 "
		"로그인하시면 계정이 다시 활성화되며, 그 이후에는 계정이 "
		"삭제됩니다.\n\n"
		"You have not logged in to Petory for 85 days. If you do not "
		"log in within 5 days, your account will be deactivated. "
		"Logging in within 90 days after that reactivates it; after "
		"that it is deleted.\n\n- Petory\n",
},
};

static int fanout(int64_t *inserted_out, petory *db, const char *day,
	petory_time_ms now, petory_progress_fn progress, void *payload)
{
	int64_t inserted = 0;
	int error = petory__store_notification_fanout(&inserted, db,
		JOB_DAILY_NOTIFY, day, DAILY_CONTENT, DAILY_LINK, now, progress,
		payload);

	if (error < 0)
		return error;
	petory__log(PETORY_LOG_INFO, "daily-notify %s: %lld notifications", day,
		(long long)inserted);
	if (inserted > 0 && db->notification_hook) {
		petory_notification all = { .user_id = 0,
			.type = PETORY_NOTIFICATION_DAILY_QUESTION,
			.content = DAILY_CONTENT,
			.link = DAILY_LINK,
			.created_at = now };
		db->notification_hook(db->notification_hook_payload, &all);
	}
	if (inserted_out)
		*inserted_out = inserted;
	return 0;
}

int petory_batch_daily_notify(int64_t *inserted_out, petory *db,
	const petory_identity *actor, const char *date,
	petory_progress_fn progress, void *progress_payload)
{
	petory__date d;
	char day[16];
	petory_time_ms now;
	int error;

	if (inserted_out)
		*inserted_out = 0;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = petory__require_admin(actor)) < 0)
		return error;
	now = petory_now(db);
	if (date) {
		if (petory__date_parse(&d, date) < 0)
			return petory_error_set(PETORY_EINVALID,
				"INVALID_PARAMETER",
				"date must be YYYY-MM-DD naming a real day");
	} else if ((error = petory__local_date(&d, db, NULL, now)) < 0) {
		return error;
	}
	petory__date_format(day, sizeof(day), &d);
	return fanout(inserted_out, db, day, now, progress, progress_payload);
}

int petory_jobs_run_due(petory_jobs_report *out, petory *db,
	const petory_identity *actor, petory_time_ms now)
{
	petory_jobs_report report = { 0 };
	petory__date today;
	char day[16];
	int done, error;

	if (out)
		memset(out, 0, sizeof(*out));
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = petory__require_admin(actor)) < 0)
		return error;
	if (now <= 0)
		now = petory_now(db);
	if ((error = petory__local_date(&today, db, NULL, now)) < 0)
		return error;
	petory__date_format(day, sizeof(day), &today);

	if ((error = petory__store_job_run_get(
		     &done, db, JOB_DAILY_NOTIFY, day)) < 0)
		return error;
	if (!done) {
		if ((error = fanout(
			     &report.notified, db, day, now, NULL, NULL)) < 0)
			return error;
		report.ran_daily_notify = 1;
	}
	if ((error = petory__store_job_run_get(&done, db, JOB_PURGE, day)) < 0)
		return error;
	if (!done) {
		if ((error = petory__store_notification_purge(&report.purged,
			     db, JOB_PURGE, day, now - PURGE_AGE_MS, now)) < 0)
			return error;
		report.ran_purge = 1;
	}
	if ((error = petory__store_job_run_get(&done, db, JOB_LIFECYCLE, day)) <
		0)
		return error;
	if (!done) {
		petory_lifecycle_counts c;
		if ((error = petory__store_account_lifecycle(
			     &c, db, JOB_LIFECYCLE, day, now, &lifecycle)) < 0)
			return error;
		report.ran_lifecycle = 1;
		report.warned = c.warned;
		report.deactivated = c.deactivated;
		report.removed = c.removed;
		/* The removed accounts' photos must not outlive them. */
		petory__files_remove_blobs(
			db, c.removed_files, c.removed_file_count);
		free(c.removed_files);
		/* Removed accounts took their likes along: the boards follow
		 * the SQL truth again. */
		if (c.removed > 0 && (error = petory_place_rank_rebuild(
					      NULL, db, actor)) < 0)
			return error;
		report.unsuspended = c.unsuspended;
	}
	/* OAuth2 attempts and login codes that expired (every put also
	 * sweeps them; this covers a quiet table). */
	if ((error = petory__store_oauth_purge(NULL, db, now)) < 0 &&
		error != PETORY_ENOTSUPPORTED)
		return error;
	if ((error = petory__reminders_run(&report.reminded, db, now)) < 0 ||
		(error = petory__pet_ddays_run(&report.ddays, db, now)) < 0)
		return error;
	if ((error = petory__outbox_run(
		     &report.delivered, &report.failed, db, now)) < 0)
		return error;
	if (out)
		*out = report;
	return 0;
}

int petory_jobs_status_get(petory_jobs_status *out, petory *db)
{
	petory_jobs_status st;
	unsigned version;
	int error;

	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if (out->version == 0)
		return petory_error_set(PETORY_EINVALID, NULL,
			"petory_jobs_status: version not set");
	version = out->version;
	memset(&st, 0, sizeof(st));
	if ((error = petory__store_outbox_backlog(
		     &st.outbox_pending, &st.outbox_oldest_at, db)) < 0 ||
		(error = petory__store_job_run_last(
			 &st.daily_notify_at, db, JOB_DAILY_NOTIFY)) < 0 ||
		(error = petory__store_job_run_last(
			 &st.purge_at, db, JOB_PURGE)) < 0 ||
		(error = petory__store_job_run_last(
			 &st.lifecycle_at, db, JOB_LIFECYCLE)) < 0)
		return error;
	/* Version 1 holds every field so far, and every caller's struct
	 * is at least that large; a newer caller's later fields are left
	 * as they were. */
	memcpy(out, &st, sizeof(st));
	out->version = version;
	return 0;
}

petory_time_ms petory_jobs_next_due(petory *db, petory_time_ms now)
{
	petory__date today, tomorrow;
	petory_time_ms next, reminder;

	if (petory__local_date(&today, db, NULL, now) < 0)
		return now + 3600 * 1000;
	tomorrow = petory__date_next(today);
	if (petory__local_midnight(&next, db, NULL, &tomorrow) < 0 ||
		next <= now)
		next = now + 3600 * 1000;
	reminder = petory__reminders_next(db, now);
	return reminder > now && reminder < next ? reminder : next;
}
