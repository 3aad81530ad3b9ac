/* jobs.h -- the scheduled work: the midnight DAILY_QUESTION fan-out and the
 * 30-day notification purge.
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
} petory_jobs_report;

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

/** The next instant after `now` at which a job becomes due (the next
 * midnight of the configured zone). */
PETORY_EXTERN petory_time_ms petory_jobs_next_due(
	petory *db, petory_time_ms now);

PETORY_END_DECL

#endif
