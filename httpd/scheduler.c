/* scheduler.c -- the scheduler thread: run what is due, sleep until the
 * next due time (or at most a minute, so a changed wall clock or a missed
 * wake-up is caught soon), repeat until scheduler_stop().
 *
 * Job runs are recorded by the library in the same transaction as their
 * work, so a restart never repeats a day's job and a run missed while the
 * server was down happens at the next start.
 */
#include "scheduler.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "log.h"

#define MAX_SLEEP_MS (60 * 1000)
#define FIRST_PASS_WAIT_S 10

static struct {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	petory *db;
	pthread_cond_t first_done_cond;
	int started;
	int stopping;
	int first_done; /* the first pass has finished */
} sched = { .lock = PTHREAD_MUTEX_INITIALIZER,
	.wake = PTHREAD_COND_INITIALIZER,
	.first_done_cond = PTHREAD_COND_INITIALIZER };

static atomic_ullong runs, failures;

void scheduler_stats(uint64_t *runs_out, uint64_t *failures_out)
{
	*runs_out = atomic_load(&runs);
	*failures_out = atomic_load(&failures);
}

static void run_due(petory *db)
{
	petory_jobs_report rep;
	int rc = petory_jobs_run_due(&rep, db, petory_identity_system(), 0);

	atomic_fetch_add(&runs, 1);
	if (rc < 0) {
		atomic_fetch_add(&failures, 1);
		log_msg(PETORY_LOG_ERROR, "scheduled jobs failed: %s [%s]",
			petory_error_last()->message,
			petory_error_last()->reason);
		return;
	}
	if (rep.ran_daily_notify || rep.ran_purge)
		log_msg(PETORY_LOG_INFO,
			"scheduled jobs: %lld daily notifications, %lld old "
			"notifications purged",
			(long long)rep.notified, (long long)rep.purged);
}

static void *scheduler_main(void *arg)
{
	petory *db = arg;

	pthread_mutex_lock(&sched.lock);
	while (!sched.stopping) {
		petory_time_ms now, next, wait_ms;
		struct timespec until;

		pthread_mutex_unlock(&sched.lock);
		run_due(db);
		pthread_mutex_lock(&sched.lock);
		sched.first_done = 1;
		pthread_cond_broadcast(&sched.first_done_cond);
		pthread_mutex_unlock(&sched.lock);
		now = petory_now(db);
		next = petory_jobs_next_due(db, now);
		wait_ms = next - now;
		if (wait_ms > MAX_SLEEP_MS)
			wait_ms = MAX_SLEEP_MS;
		if (wait_ms < 1)
			wait_ms = 1;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += wait_ms / 1000;
		until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_mutex_lock(&sched.lock);
		while (!sched.stopping &&
			pthread_cond_timedwait(
				&sched.wake, &sched.lock, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&sched.lock);
	return NULL;
}

int scheduler_start(petory *db)
{
	struct timespec until;
	int rc, waited = 0, done;

	sched.db = db;
	sched.stopping = 0;
	sched.first_done = 0;
	if ((rc = pthread_create(&sched.thread, NULL, scheduler_main, db)) !=
		0) {
		log_msg(PETORY_LOG_ERROR, "cannot start the scheduler (%d)",
			rc);
		return -1;
	}
	sched.started = 1;
	/* The jobs missed while the server was down run before it says it
	 * listens, so what a client sees first is the state after them --
	 * but a mail or webhook receiver that hangs must not hold the start
	 * for long: past FIRST_PASS_WAIT_S the server starts anyway. */
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += FIRST_PASS_WAIT_S;
	pthread_mutex_lock(&sched.lock);
	while (!sched.first_done && waited != ETIMEDOUT)
		waited = pthread_cond_timedwait(
			&sched.first_done_cond, &sched.lock, &until);
	done = sched.first_done;
	pthread_mutex_unlock(&sched.lock);
	if (!done)
		log_msg(PETORY_LOG_WARN,
			"the scheduled jobs' first pass is still running after "
			"%d s (a slow mail or webhook receiver?); starting "
			"anyway",
			FIRST_PASS_WAIT_S);
	return 0;
}

void scheduler_stop(void)
{
	if (!sched.started)
		return;
	pthread_mutex_lock(&sched.lock);
	sched.stopping = 1;
	pthread_cond_signal(&sched.wake);
	pthread_mutex_unlock(&sched.lock);
	pthread_join(sched.thread, NULL);
	sched.started = 0;
}
