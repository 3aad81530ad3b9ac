/* cmd_jobs.c -- "petoryctl batch daily-notify" and "petoryctl jobs run":
 * the scheduled work of petory-httpd, run by hand or from cron.
 *
 * Both go through the same library calls as the server's scheduler, so a
 * day's job never runs twice whichever of them runs it first.  On a
 * terminal, the fan-out draws a progress bar on stderr.
 */
#include <stdio.h>
#include <unistd.h>

#include "args.h"
#include "output.h"

#define COMMON_OPTIONS                                                         \
	"  --db PATH   database file (default $PETORY_DB, else ./petory.db)\n" \
	"              or postgres://USER@HOST:PORT/DB; --db-pool N: its "     \
	"connections\n"                                                        \
	"  --json      print the outcome as JSON\n"                            \
	"  --verbose   show the library's log on stderr\n"                     \
	"  -h, --help  show this help\n"

static const char batch_help[] =
	"Usage: petoryctl [--db PATH] [--json] batch daily-notify "
	"[--date YYYY-MM-DD]\n"
	"\n"
	"Give every ACTIVE user one DAILY_QUESTION notification for the date\n"
	"(default: today in the configured zone).  Running it again for the\n"
	"same date creates nothing new.\n"
	"\n"
	"Options:\n"
	"  --date D    the day, YYYY-MM-DD\n" COMMON_OPTIONS "\n" CTL_EXIT_HELP;

static const char jobs_help[] =
	"Usage: petoryctl [--db PATH] [--json] jobs run\n"
	"\n"
	"Run every daily job that is due now and has not run yet today (the\n"
	"midnight notification fan-out, the 30-day notification purge, the\n"
	"account lifecycle), then deliver the outbox, as the scheduler of\n"
	"petory-httpd does.  Mail and webhook destinations come from\n"
	"PETORY_SMTP_URL, PETORY_MAIL_FROM and PETORY_ADMIN_WEBHOOK_URL; the\n"
	"day from PETORY_TIMEZONE (default Asia/Seoul).  An SMTP URL with\n"
	"credentials requires TLS unless --smtp-insecure (or\n"
	"PETORY_SMTP_INSECURE=1) lets them go in clear, with a warning.\n"
	"\n"
	"Options:\n"
	"  --smtp-insecure  allow SMTP credentials without TLS\n" COMMON_OPTIONS
	"\n" CTL_EXIT_HELP;

static int batch_daily_notify(ctl *c, int argc, char **argv)
{
	const char *date = NULL;
	const ctl_arg args[] = {
		{ "date", CTL_ARG_STRING, &date },
		{ NULL, 0, NULL },
	};
	petory *db = NULL;
	int64_t inserted = 0;
	int rc;

	rc = ctl_parse(
		c, "batch daily-notify", batch_help, argc, argv, args, NULL);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if ((rc = ctl_open(&db, c, 0)) != 0)
		return rc;
	rc = petory_batch_daily_notify(&inserted, db, petory_identity_system(),
		date,
		isatty(STDERR_FILENO) && !c->json ? ctl_progress_bar : NULL,
		NULL);
	petory_close(db);
	if (rc < 0)
		return ctl_fail(rc, "daily-notify");
	if (c->json)
		return ctl_print_json(
			json_pack("{s:I}", "notified", (json_int_t)inserted));
	printf("notified %lld users\n", (long long)inserted);
	return CTL_EXIT_OK;
}

static const ctl_command batch_commands[] = {
	{ "daily-notify", batch_daily_notify },
	{ NULL, NULL },
};

int cmd_batch(ctl *c, int argc, char **argv)
{
	const ctl_command *sub;
	int rc, rest;

	rc = ctl_parse(c, "batch", batch_help, argc, argv, NULL, &rest);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (rest >= argc)
		return ctl_usage("batch", "missing the batch job");
	if (!(sub = ctl_find(batch_commands, argv[rest])))
		return ctl_usage("batch", "unknown batch job '%s'", argv[rest]);
	return sub->run(c, argc - rest, argv + rest);
}

static int jobs_run(ctl *c, int argc, char **argv)
{
	petory_jobs_report rep;
	petory *db = NULL;
	int rc;

	rc = ctl_parse(c, "jobs run", jobs_help, argc, argv, NULL, NULL);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if ((rc = ctl_open(&db, c, 0)) != 0)
		return rc;
	rc = petory_jobs_run_due(&rep, db, petory_identity_system(), 0);
	petory_close(db);
	if (rc < 0)
		return ctl_fail(rc, "jobs run");
	if (c->json)
		return ctl_print_json(json_pack("{s:b, s:I, s:b, s:I, s:b, "
						"s:I, s:I, s:I, s:I, s:I, s:I}",
			"dailyNotify", rep.ran_daily_notify, "notified",
			(json_int_t)rep.notified, "purge", rep.ran_purge,
			"purged", (json_int_t)rep.purged, "lifecycle",
			rep.ran_lifecycle, "warned", (json_int_t)rep.warned,
			"deactivated", (json_int_t)rep.deactivated, "removed",
			(json_int_t)rep.removed, "unsuspended",
			(json_int_t)rep.unsuspended, "delivered",
			(json_int_t)rep.delivered, "failed",
			(json_int_t)rep.failed));
	printf("daily-notify: %s (%lld notified)\n",
		rep.ran_daily_notify ? "ran" : "already done today",
		(long long)rep.notified);
	printf("notification-purge: %s (%lld removed)\n",
		rep.ran_purge ? "ran" : "already done today",
		(long long)rep.purged);
	printf("account-lifecycle: %s (%lld warned, %lld deactivated, "
	       "%lld removed, %lld unsuspended)\n",
		rep.ran_lifecycle ? "ran" : "already done today",
		(long long)rep.warned, (long long)rep.deactivated,
		(long long)rep.removed, (long long)rep.unsuspended);
	printf("outbox: %lld delivered, %lld failed\n",
		(long long)rep.delivered, (long long)rep.failed);
	return CTL_EXIT_OK;
}

static const ctl_command jobs_commands[] = {
	{ "run", jobs_run },
	{ NULL, NULL },
};

int cmd_jobs(ctl *c, int argc, char **argv)
{
	const ctl_command *sub;
	int rc, rest;

	rc = ctl_parse(c, "jobs", jobs_help, argc, argv, NULL, &rest);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (rest >= argc)
		return ctl_usage("jobs", "missing the jobs command");
	if (!(sub = ctl_find(jobs_commands, argv[rest])))
		return ctl_usage(
			"jobs", "unknown jobs command '%s'", argv[rest]);
	return sub->run(c, argc - rest, argv + rest);
}
