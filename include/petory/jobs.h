/* jobs.h -- the scheduled work: the midnight DAILY_QUESTION fan-out, the
 * 30-day notification purge, the account lifecycle (85-day warning mail,
 * 90-day deactivation, hard delete 90 days after deactivation or
 * deletion, end of a 30-day suspension, all measured on the last login)
 * and the outbox that delivers mails and admin alerts.
 *
 * Every job runs once per day of the configured zone (default
 * Asia/Seoul): a run is recorded in job_runs in the same transaction as
 * its work, so a restart or a second call never repeats a day's job.  The
 * scheduler thread of petory-httpd and `petoryctl jobs run` both call
 * petory_jobs_run_due; tests call it with their own clock.
 */
#ifndef PETORY_JOBS_H
#define PETORY_JOBS_H

#include "common.h"
#include "types.h"

PETORY_BEGIN_DECL

/** Progress of a long job: done out of total units. */
typedef void (*petory_progress_fn)(void *payload, int64_t done, int64_t total);

typedef struct petory_jobs_report {
	int ran_daily_notify; /**< 1 when the fan-out ran in this call */
	int64_t notified;     /**< notifications created by the fan-out */
	int ran_purge;
	int64_t purged; /**< notifications older than 30 days removed */
	int ran_lifecycle;
	int64_t warned;      /**< 85-day warning mails queued */
	int64_t deactivated; /**< ACTIVE -> DEACTIVATED after 90 days */
	int64_t removed;     /**< accounts hard-deleted */
	int64_t unsuspended; /**< SUSPENDED -> ACTIVE after 30 days */
	int64_t delivered;   /**< outbox rows delivered in this call */
	int64_t failed;      /**< outbox deliveries that failed (retried) */
	int64_t reminded;    /**< EVENT_REMINDER notifications sent */
	int64_t ddays;       /**< PET_DDAY notifications sent */
} petory_jobs_report;

/** Counts of one account-lifecycle run (the store fills them), and the
 * keys of the files the removed accounts owned, whose bytes are to go
 * once the run committed (malloc'd; the library frees it). */
typedef struct petory_lifecycle_counts {
	int64_t warned, deactivated, removed, unsuspended;
	struct petory_file_key *removed_files;
	size_t removed_file_count;
} petory_lifecycle_counts;

/** The texts of the 85-day warning mail: the body is
 * body_before || nickname || body_after. */
typedef struct petory_lifecycle_mail {
	const char *subject;
	const char *body_before;
	const char *body_after;
} petory_lifecycle_mail;

/** The rules of the account lifecycle: decided by the domain
 * (jobs/jobs.c), applied by the store in one transaction. */
typedef struct petory_lifecycle_policy {
	petory_time_ms warn_idle_ms; /**< idle this long: warned by mail */
	petory_time_ms deactivate_idle_ms; /**< idle this long: DEACTIVATED */
	petory_time_ms remove_after_ms;    /**< DEACTIVATED or DELETED this
					    * long: removed for good */
	petory_time_ms suspension_ms;      /**< a suspension lasts this long */
	petory_lifecycle_mail mail;        /**< the warning */
} petory_lifecycle_policy;

typedef enum petory_outbox_kind {
	PETORY_OUTBOX_MAIL = 0, /**< payload {to, subject, body} */
	PETORY_OUTBOX_WEBHOOK   /**< payload {content} */
} petory_outbox_kind;

/** A claimed outbox row. */
typedef struct petory_outbox_item {
	int64_t id;
	petory_outbox_kind kind;
	char *payload; /**< JSON */
	int64_t attempts;
} petory_outbox_item;

/** ADMIN (or petoryctl): one DAILY_QUESTION notification for every ACTIVE
 * user for `date` ("YYYY-MM-DD"; NULL: today in the configured zone).
 * Idempotent per date: a second run creates nothing.  Records the run.
 * progress may be NULL. */
PETORY_EXTERN int petory_batch_daily_notify(int64_t *inserted_out, petory *db,
	const petory_identity *actor, const char *date,
	petory_progress_fn progress, void *progress_payload);

/** ADMIN (or petoryctl): run every job due at `now` (0: petory_now) that
 * has not run yet for that day.  out may be NULL. */
PETORY_EXTERN int petory_jobs_run_due(petory_jobs_report *out, petory *db,
	const petory_identity *actor, petory_time_ms now);

/** ADMIN (or a domain acting as the system): queue an alert for the
 * admin webhook; delivered at least once by the outbox. */
PETORY_EXTERN int petory_admin_alert(
	petory *db, const petory_identity *actor, const char *text);

/** ADMIN (or petoryctl): deliver the outbox rows due at `now` (0:
 * petory_now); failures back off (1 min x 2^attempts, at most 6 h).
 * *delivered_out and *failed_out may be NULL. */
PETORY_EXTERN int petory_outbox_dispatch(int64_t *delivered_out,
	int64_t *failed_out, petory *db, const petory_identity *actor,
	petory_time_ms now);

/** The version of petory_jobs_status this header describes.  Fields
 * are only ever appended; a caller sets `version` to the one it was
 * built with and the library fills the fields of that version. */
#define PETORY_JOBS_STATUS_VERSION 1
#define PETORY_JOBS_STATUS_INIT                           \
	{                                                 \
		PETORY_JOBS_STATUS_VERSION, 0, 0, 0, 0, 0 \
	}

/** What monitoring watches of the jobs: the outbox backlog and the last
 * run of each daily job (petory_jobs_status_get). */
typedef struct petory_jobs_status {
	unsigned version; /**< PETORY_JOBS_STATUS_VERSION; set by the caller */
	/* Version 1. */
	int64_t outbox_pending;          /**< rows not delivered yet */
	petory_time_ms outbox_oldest_at; /**< creation of the oldest of
					     them; 0: none pending */
	petory_time_ms daily_notify_at;  /**< end of the last run of the
					     DAILY_QUESTION fan-out; 0: never */
	petory_time_ms purge_at;         /**< of the notification purge */
	petory_time_ms lifecycle_at;     /**< of the account lifecycle */
} petory_jobs_status;

/** Fill *out (its version set by the caller, 1 or more) for monitoring;
 * no actor: it reveals counts and times only.  0, or EINVALID for a NULL
 * argument or version 0, EBACKEND when the store fails. */
PETORY_EXTERN int petory_jobs_status_get(petory_jobs_status *out, petory *db);

/** The next instant after `now` at which a job becomes due: the next
 * midnight of the configured zone, or an earlier event reminder. */
PETORY_EXTERN petory_time_ms petory_jobs_next_due(
	petory *db, petory_time_ms now);

PETORY_END_DECL

#endif
