/* scheduler.h -- the one scheduler thread of petory-httpd: it runs the
 * library's due jobs (petory_jobs_run_due) at start and at every next due
 * time (the next midnight of the configured zone), and stops on request. */
#ifndef HTTPD_SCHEDULER_H
#define HTTPD_SCHEDULER_H

#include <stdint.h>

#include <petory.h>

/* Start the thread on db and wait for its first pass (the jobs missed
 * while the server was down), 10 s at most; 0 or -1 (logged). */
int scheduler_start(petory *db);

/* Passes of the jobs so far, and how many failed (any thread). */
void scheduler_stats(uint64_t *runs, uint64_t *failures);

/* Wake the thread, let a job in progress finish and join it.  Call before
 * petory_close.  Safe when the scheduler was not started. */
void scheduler_stop(void);

#endif
