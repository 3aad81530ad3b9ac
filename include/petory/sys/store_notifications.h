/* sys/store_notifications.h -- the store table of notifications, the outbox,
 * job runs and the account lifecycle.
 *
 * One of the per-domain tables of petory_store (sys/store.h).  Its
 * `version` comes first and only grows: methods are appended at the
 * end, each valid from the version noted above it.  A method reports
 * facts (rows, states, outcomes); rules and reason codes belong to the
 * domain layer that calls it.
 */
#ifndef PETORY_SYS_STORE_NOTIFICATIONS_H
#define PETORY_SYS_STORE_NOTIFICATIONS_H

#include "store_records.h"
#include "../notification.h"
#include "../jobs.h"

PETORY_BEGIN_DECL

/* 2: outbox_backlog and job_run_last (what monitoring watches). */
#define PETORY_STORE_NOTIFICATIONS_VERSION 2

typedef struct petory_store_notifications {
	unsigned int version; /**< PETORY_STORE_NOTIFICATIONS_VERSION; first */

	/* Version 1. */
	/** Insert n (user_id, type, content, link, created_at); sets n->id.
	 * ENOTFOUND when the user does not exist. */
	int (*notification_insert)(petory_store *st, petory_notification *n);
	/** A user's notifications, newest first, with total and unread. */
	int (*notification_list)(petory_notification_page *out,
		petory_store *st, int64_t user_id, int unread_only,
		int64_t offset, int64_t limit);
	/** Mark read notification id of user_id (id 0: all of them); one
	 * already read stays as it was.  ENOTFOUND when id is absent or not
	 * the user's. */
	int (*notification_mark_read)(petory_store *st, int64_t user_id,
		int64_t id, petory_time_ms now);
	/** Delete id of user_id (0: of any user); ENOTFOUND when id is
	 * absent or not the user's. */
	int (*notification_delete)(
		petory_store *st, int64_t user_id, int64_t id);
	/** In one transaction: a DAILY_QUESTION notification for `day` to
	 * every ACTIVE user who has none, and the job run (job, day).  Run
	 * again or raced, it adds nothing twice (*inserted_out counts only
	 * what this call added). */
	int (*notification_fanout)(int64_t *inserted_out, petory_store *st,
		const char *job, const char *day, const char *content,
		const char *link, petory_time_ms now,
		petory_progress_fn progress, void *progress_payload);
	/** In one transaction: delete notifications created before `before`
	 * and record the job run (job, day). */
	int (*notification_purge)(int64_t *deleted_out, petory_store *st,
		const char *job, const char *day, petory_time_ms before,
		petory_time_ms now);
	/** *done_out = 1 when the run (job, day) is recorded. */
	int (*job_run_get)(int *done_out, petory_store *st, const char *job,
		const char *day);
	/** In one transaction, measured on coalesce(last_login_at,
	 * created_at) and status_changed_at, with the durations of policy:
	 * queue policy->mail to ACTIVE accounts idle for warn_idle_ms (once
	 * per last login), deactivate those idle for deactivate_idle_ms
	 * (sessions revoked), hard-delete accounts DEACTIVATED or DELETED
	 * for remove_after_ms (their likes and file records with them), end
	 * suspensions older than suspension_ms, queue the fact
	 * {"event":"ACCOUNT_LIFECYCLE","day","deactivated","removed"} as a
	 * WEBHOOK row when accounts were deactivated or removed, and record
	 * the run (job, day). */
	int (*account_lifecycle)(petory_lifecycle_counts *out, petory_store *st,
		const char *job, const char *day, petory_time_ms now,
		const petory_lifecycle_policy *policy);
	/** Queue one row, due at once. */
	int (*outbox_insert)(petory_store *st, petory_outbox_kind kind,
		const char *payload, petory_time_ms now);
	/** Claim up to `limit` undelivered rows due at `now` of the kinds in
	 * kind_mask (bit 1 << kind): they become due again only at
	 * lease_until, so two dispatchers do not send the same row at once.
	 * *items_out is malloc'd; free each payload and the array. */
	int (*outbox_claim)(petory_outbox_item **items_out, size_t *count_out,
		petory_store *st, unsigned kind_mask, petory_time_ms now,
		petory_time_ms lease_until, size_t limit);
	/** Delivered (error NULL) or failed: attempts + 1, last_error and
	 * the next attempt time.  An unknown id changes nothing. */
	int (*outbox_finish)(petory_store *st, int64_t id, const char *error,
		petory_time_ms next_attempt_at, petory_time_ms now);

	/* Version 2. */
	/** Rows not delivered yet: how many, and when the oldest of them
	 * was queued (0: none). */
	int (*outbox_backlog)(int64_t *pending_out, petory_time_ms *oldest_out,
		petory_store *st);
	/** When the last run of `job` finished (0: it never ran). */
	int (*job_run_last)(petory_time_ms *finished_out, petory_store *st,
		const char *job);
	/* Methods above are valid for version 2.  Append only. */
} petory_store_notifications;

PETORY_END_DECL

#endif
