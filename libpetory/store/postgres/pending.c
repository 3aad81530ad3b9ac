/* pending.c -- SCAFFOLDING while the PostgreSQL tables are written:
 * every method of a table not yet implemented answers ENOTSUPPORTED, so
 * that a handle on PostgreSQL opens and the finished tables can be
 * tested.  Each table leaves this file when its real one (store/postgres/
 * <domain>.c) lands; the file goes when the last one does.
 */
#include "store/postgres/pg_store.h"

static int pending(const char *method)
{
	return petory_error_set(PETORY_ENOTSUPPORTED, NULL,
		"the PostgreSQL store does not implement %s yet", method);
}

/* ---- events ---- */

static int pending_event_insert(petory_store *st, petory_event *e,
	petory_time_ms series_start, petory_time_ms series_end)
{
	(void)st;
	(void)e;
	(void)series_start;
	(void)series_end;
	return pending("events.event_insert");
}

static int pending_event_update(petory_store *st, const petory_event *e,
	petory_time_ms series_start, petory_time_ms series_end)
{
	(void)st;
	(void)e;
	(void)series_start;
	(void)series_end;
	return pending("events.event_update");
}

static int pending_event_get(
	petory_event **out, petory_store *st, int64_t user_id, int64_t event_id)
{
	(void)out;
	(void)st;
	(void)user_id;
	(void)event_id;
	return pending("events.event_get");
}

static int pending_event_delete(
	petory_store *st, int64_t user_id, int64_t event_id)
{
	(void)st;
	(void)user_id;
	(void)event_id;
	return pending("events.event_delete");
}

static int pending_event_list_overlapping(petory_event **out, size_t *count_out,
	petory_store *st, int64_t user_id, petory_time_ms from,
	petory_time_ms to)
{
	(void)out;
	(void)count_out;
	(void)st;
	(void)user_id;
	(void)from;
	(void)to;
	return pending("events.event_list_overlapping");
}

static int pending_event_list_reminding(petory_event **out, size_t *count_out,
	petory_store *st, petory_time_ms from, petory_time_ms to)
{
	(void)out;
	(void)count_out;
	(void)st;
	(void)from;
	(void)to;
	return pending("events.event_list_reminding");
}

static int pending_event_reminder_record(int *created_out, petory_store *st,
	int64_t event_id, petory_time_ms occurrence_start,
	petory_notification *n)
{
	(void)created_out;
	(void)st;
	(void)event_id;
	(void)occurrence_start;
	(void)n;
	return pending("events.event_reminder_record");
}

const petory_store_events petory__pg_events = {
	.version = PETORY_STORE_EVENTS_VERSION,
	.event_insert = pending_event_insert,
	.event_update = pending_event_update,
	.event_get = pending_event_get,
	.event_delete = pending_event_delete,
	.event_list_overlapping = pending_event_list_overlapping,
	.event_list_reminding = pending_event_list_reminding,
	.event_reminder_record = pending_event_reminder_record,
};

/* ---- notifications ---- */

static int pending_notification_insert(petory_store *st, petory_notification *n)
{
	(void)st;
	(void)n;
	return pending("notifications.notification_insert");
}

static int pending_notification_list(petory_notification_page *out,
	petory_store *st, int64_t user_id, int unread_only, int64_t offset,
	int64_t limit)
{
	(void)out;
	(void)st;
	(void)user_id;
	(void)unread_only;
	(void)offset;
	(void)limit;
	return pending("notifications.notification_list");
}

static int pending_notification_mark_read(
	petory_store *st, int64_t user_id, int64_t id, petory_time_ms now)
{
	(void)st;
	(void)user_id;
	(void)id;
	(void)now;
	return pending("notifications.notification_mark_read");
}

static int pending_notification_delete(
	petory_store *st, int64_t user_id, int64_t id)
{
	(void)st;
	(void)user_id;
	(void)id;
	return pending("notifications.notification_delete");
}

static int pending_notification_fanout(int64_t *inserted_out, petory_store *st,
	const char *job, const char *day, const char *content, const char *link,
	petory_time_ms now, petory_progress_fn progress, void *progress_payload)
{
	(void)inserted_out;
	(void)st;
	(void)job;
	(void)day;
	(void)content;
	(void)link;
	(void)now;
	(void)progress;
	(void)progress_payload;
	return pending("notifications.notification_fanout");
}

static int pending_notification_purge(int64_t *deleted_out, petory_store *st,
	const char *job, const char *day, petory_time_ms before,
	petory_time_ms now)
{
	(void)deleted_out;
	(void)st;
	(void)job;
	(void)day;
	(void)before;
	(void)now;
	return pending("notifications.notification_purge");
}

static int pending_job_run_get(
	int *done_out, petory_store *st, const char *job, const char *day)
{
	(void)done_out;
	(void)st;
	(void)job;
	(void)day;
	return pending("notifications.job_run_get");
}

static int pending_account_lifecycle(petory_lifecycle_counts *out,
	petory_store *st, const char *job, const char *day, petory_time_ms now,
	const petory_lifecycle_mail *mail)
{
	(void)out;
	(void)st;
	(void)job;
	(void)day;
	(void)now;
	(void)mail;
	return pending("notifications.account_lifecycle");
}

static int pending_outbox_insert(petory_store *st, petory_outbox_kind kind,
	const char *payload, petory_time_ms now)
{
	(void)st;
	(void)kind;
	(void)payload;
	(void)now;
	return pending("notifications.outbox_insert");
}

static int pending_outbox_claim(petory_outbox_item **items_out,
	size_t *count_out, petory_store *st, unsigned kind_mask,
	petory_time_ms now, petory_time_ms lease_until, size_t limit)
{
	(void)items_out;
	(void)count_out;
	(void)st;
	(void)kind_mask;
	(void)now;
	(void)lease_until;
	(void)limit;
	return pending("notifications.outbox_claim");
}

static int pending_outbox_finish(petory_store *st, int64_t id,
	const char *error, petory_time_ms next_attempt_at, petory_time_ms now)
{
	(void)st;
	(void)id;
	(void)error;
	(void)next_attempt_at;
	(void)now;
	return pending("notifications.outbox_finish");
}

static int pending_outbox_backlog(
	int64_t *pending_out, petory_time_ms *oldest_out, petory_store *st)
{
	(void)pending_out;
	(void)oldest_out;
	(void)st;
	return pending("notifications.outbox_backlog");
}

static int pending_job_run_last(
	petory_time_ms *finished_out, petory_store *st, const char *job)
{
	(void)finished_out;
	(void)st;
	(void)job;
	return pending("notifications.job_run_last");
}

const petory_store_notifications petory__pg_notifications = {
	.version = PETORY_STORE_NOTIFICATIONS_VERSION,
	.notification_insert = pending_notification_insert,
	.notification_list = pending_notification_list,
	.notification_mark_read = pending_notification_mark_read,
	.notification_delete = pending_notification_delete,
	.notification_fanout = pending_notification_fanout,
	.notification_purge = pending_notification_purge,
	.job_run_get = pending_job_run_get,
	.account_lifecycle = pending_account_lifecycle,
	.outbox_insert = pending_outbox_insert,
	.outbox_claim = pending_outbox_claim,
	.outbox_finish = pending_outbox_finish,
	.outbox_backlog = pending_outbox_backlog,
	.job_run_last = pending_job_run_last,
};

/* ---- daily ---- */

static int pending_daily_question_load(int64_t *inserted_out, petory_store *st,
	const petory_daily_question *rows, size_t count, petory_time_ms now)
{
	(void)inserted_out;
	(void)st;
	(void)rows;
	(void)count;
	(void)now;
	return pending("daily.daily_question_load");
}

static int pending_daily_question_insert(
	petory_store *st, petory_daily_question *q)
{
	(void)st;
	(void)q;
	return pending("daily.daily_question_insert");
}

static int pending_daily_question_get(
	petory_daily_question **out, petory_store *st, int64_t id)
{
	(void)out;
	(void)st;
	(void)id;
	return pending("daily.daily_question_get");
}

static int pending_daily_question_by_date(
	petory_daily_question **out, petory_store *st, const char *date)
{
	(void)out;
	(void)st;
	(void)date;
	return pending("daily.daily_question_by_date");
}

static int pending_daily_question_update(
	petory_store *st, const petory_daily_question *q, unsigned from_mask)
{
	(void)st;
	(void)q;
	(void)from_mask;
	return pending("daily.daily_question_update");
}

static int pending_daily_question_set_status(petory_store *st, int64_t id,
	unsigned from_mask, petory_daily_status to, petory_time_ms now)
{
	(void)st;
	(void)id;
	(void)from_mask;
	(void)to;
	(void)now;
	return pending("daily.daily_question_set_status");
}

static int pending_daily_question_list(petory_daily_question_page *out,
	petory_store *st, unsigned mask, int by_change, int64_t offset,
	int64_t limit)
{
	(void)out;
	(void)st;
	(void)mask;
	(void)by_change;
	(void)offset;
	(void)limit;
	return pending("daily.daily_question_list");
}

static int pending_daily_answer_insert(petory_store *st, petory_daily_answer *a)
{
	(void)st;
	(void)a;
	return pending("daily.daily_answer_insert");
}

static int pending_daily_answer_get(
	petory_daily_answer **out, petory_store *st, int64_t id)
{
	(void)out;
	(void)st;
	(void)id;
	return pending("daily.daily_answer_get");
}

static int pending_daily_answer_update(petory_store *st, int64_t id,
	unsigned from_mask, const char *answer, petory_time_ms now)
{
	(void)st;
	(void)id;
	(void)from_mask;
	(void)answer;
	(void)now;
	return pending("daily.daily_answer_update");
}

static int pending_daily_answer_set_status(petory_store *st, int64_t id,
	unsigned from_mask, petory_daily_status to, petory_time_ms now)
{
	(void)st;
	(void)id;
	(void)from_mask;
	(void)to;
	(void)now;
	return pending("daily.daily_answer_set_status");
}

static int pending_daily_answer_list(petory_daily_answer_page *out,
	petory_store *st, int64_t user_id, int64_t question_id,
	petory_daily_status status, int64_t offset, int64_t limit)
{
	(void)out;
	(void)st;
	(void)user_id;
	(void)question_id;
	(void)status;
	(void)offset;
	(void)limit;
	return pending("daily.daily_answer_list");
}

const petory_store_daily petory__pg_daily = {
	.version = PETORY_STORE_DAILY_VERSION,
	.daily_question_load = pending_daily_question_load,
	.daily_question_insert = pending_daily_question_insert,
	.daily_question_get = pending_daily_question_get,
	.daily_question_by_date = pending_daily_question_by_date,
	.daily_question_update = pending_daily_question_update,
	.daily_question_set_status = pending_daily_question_set_status,
	.daily_question_list = pending_daily_question_list,
	.daily_answer_insert = pending_daily_answer_insert,
	.daily_answer_get = pending_daily_answer_get,
	.daily_answer_update = pending_daily_answer_update,
	.daily_answer_set_status = pending_daily_answer_set_status,
	.daily_answer_list = pending_daily_answer_list,
};

/* ---- boards ---- */

static int pending_board_insert(petory_store *st, petory_board_post *post,
	const char *const *keys, size_t count, petory_time_ms now)
{
	(void)st;
	(void)post;
	(void)keys;
	(void)count;
	(void)now;
	return pending("boards.board_insert");
}

static int pending_board_get(petory_board_post **out, petory_store *st,
	int64_t id, int64_t comment_limit)
{
	(void)out;
	(void)st;
	(void)id;
	(void)comment_limit;
	return pending("boards.board_get");
}

static int pending_board_list(petory_board_page *out, petory_store *st,
	const char *title, const char *match, const char *scan, int64_t offset,
	int64_t limit)
{
	(void)out;
	(void)st;
	(void)title;
	(void)match;
	(void)scan;
	(void)offset;
	(void)limit;
	return pending("boards.board_list");
}

static int pending_board_update(petory_store *st, int64_t id, const char *title,
	const char *content, petory_time_ms now)
{
	(void)st;
	(void)id;
	(void)title;
	(void)content;
	(void)now;
	return pending("boards.board_update");
}

static int pending_board_set_deleted(petory_store_outcome *outcome_out,
	petory_store *st, int64_t id, int deleted, petory_time_ms now)
{
	(void)outcome_out;
	(void)st;
	(void)id;
	(void)deleted;
	(void)now;
	return pending("boards.board_set_deleted");
}

static int pending_board_add_images(petory_store_outcome *outcome_out,
	petory_store *st, int64_t id, int64_t owner_id, const char *const *keys,
	size_t count, petory_time_ms now)
{
	(void)outcome_out;
	(void)st;
	(void)id;
	(void)owner_id;
	(void)keys;
	(void)count;
	(void)now;
	return pending("boards.board_add_images");
}

static int pending_board_image_delete(petory_file_key *key_out,
	petory_store *st, int64_t post_id, int64_t image_id)
{
	(void)key_out;
	(void)st;
	(void)post_id;
	(void)image_id;
	return pending("boards.board_image_delete");
}

static int pending_board_comment_insert(petory_store *st,
	petory_board_comment *comment, petory_notification *n,
	petory_time_ms now)
{
	(void)st;
	(void)comment;
	(void)n;
	(void)now;
	return pending("boards.board_comment_insert");
}

static int pending_board_comment_get(
	petory_board_comment **out, petory_store *st, int64_t id)
{
	(void)out;
	(void)st;
	(void)id;
	return pending("boards.board_comment_get");
}

static int pending_board_comment_list(petory_board_comment_page *out,
	petory_store *st, int64_t post_id, int64_t offset, int64_t limit)
{
	(void)out;
	(void)st;
	(void)post_id;
	(void)offset;
	(void)limit;
	return pending("boards.board_comment_list");
}

static int pending_board_comment_update(
	petory_store *st, int64_t id, const char *content, petory_time_ms now)
{
	(void)st;
	(void)id;
	(void)content;
	(void)now;
	return pending("boards.board_comment_update");
}

static int pending_board_comment_delete(petory_store *st, int64_t id)
{
	(void)st;
	(void)id;
	return pending("boards.board_comment_delete");
}

const petory_store_boards petory__pg_boards = {
	.version = PETORY_STORE_BOARDS_VERSION,
	.board_insert = pending_board_insert,
	.board_get = pending_board_get,
	.board_list = pending_board_list,
	.board_update = pending_board_update,
	.board_set_deleted = pending_board_set_deleted,
	.board_add_images = pending_board_add_images,
	.board_image_delete = pending_board_image_delete,
	.board_comment_insert = pending_board_comment_insert,
	.board_comment_get = pending_board_comment_get,
	.board_comment_list = pending_board_comment_list,
	.board_comment_update = pending_board_comment_update,
	.board_comment_delete = pending_board_comment_delete,
};
