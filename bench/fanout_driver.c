/* fanout_driver.c -- times one petory_batch_daily_notify call (the
 * midnight fan-out: one transaction with the set-based INSERT ... SELECT and
 * its job-run record) on an existing database, excluding process start and
 * the opening of the handle, which bench/fanout.sh reports apart.
 *
 *   fanout_driver DB DATE   prints "<seconds> <notified>"
 */
#include <stdio.h>
#include <time.h>

#include <petory.h>

int main(int argc, char **argv)
{
	petory_options opts = PETORY_OPTIONS_INIT;
	struct timespec t0, t1;
	int64_t notified = 0;
	petory *db = NULL;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: fanout_driver DB YYYY-MM-DD\n");
		return 2;
	}
	opts.db_path = argv[1];
	opts.create = 0;
	if ((rc = petory_open(&db, &opts)) < 0) {
		fprintf(stderr, "open: %s\n", petory_error_last()->message);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = petory_batch_daily_notify(
		&notified, db, petory_identity_system(), argv[2], NULL, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc < 0) {
		fprintf(stderr, "fan-out: %s\n", petory_error_last()->message);
		petory_close(db);
		return 1;
	}
	petory_close(db);
	printf("%.6f %lld\n",
		(double)(t1.tv_sec - t0.tv_sec) +
			(double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
		(long long)notified);
	return 0;
}
