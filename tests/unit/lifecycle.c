/* lifecycle.c -- the account lifecycle at its 30/85/90-day boundaries, and
 * the outbox against real local receivers (tests/helpers/sinks.py: an HTTP
 * webhook that fails twice then succeeds, aiosmtpd): retries with backoff
 * on the injected clock, delivery surviving a close and reopen, and a
 * dispatcher killed mid-delivery. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "petory_test.h"
#include "store/sqlite/sqlite_internal.h"

static pid_t sink_pid;
static char sink_file[320];

/* Start sinks.py `kind` writing to sink_file; returns its port. */
static int sink_start(const char *kind, const char *failures)
{
	char script[512], line[32];
	int fds[2];
	FILE *f;
	snprintf(script, sizeof(script), "%s/tests/helpers/sinks.py",
		PETORY_SOURCE_DIR);
	snprintf(sink_file, sizeof(sink_file), "%s/%s.log", test_dir(), kind);
	cr_assert_eq(pipe(fds), 0);
	sink_pid = fork();
	cr_assert_neq(sink_pid, -1);
	if (sink_pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execl("/usr/bin/python3", "python3", script, kind, sink_file,
			failures, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	cr_assert_not_null(
		fgets(line, sizeof(line), f), "%s did not start", kind);
	fclose(f);
	return atoi(line);
}

static void sink_stop(void)
{
	if (sink_pid > 0) {
		kill(sink_pid, SIGTERM);
		waitpid(sink_pid, NULL, 0);
		sink_pid = 0;
	}
}

static char *slurp(const char *path)
{
	static char buf[65536];
	FILE *f = fopen(path, "r");
	size_t n = 0;
	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;
	while ((hay = strstr(hay, needle))) {
		n++;
		hay++;
	}
	return n;
}

static petory *open_with(const char *smtp, const char *webhook)
{
	petory_options opts;
	petory *db = NULL;
	test_options(&opts);
	opts.smtp_url = smtp;
	opts.admin_webhook_url = webhook;
	opts.mail_from = "noreply@petory.test";
	cr_assert_petory_ok(petory_open(&db, &opts));
	return db;
}

static void exec_sql(petory *db, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void exec_sql(petory *db, const char *fmt, ...)
{
	char sql[1024];
	va_list ap;
	int rc = SQLITE_ERROR;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	PETORY__WITH_CONN(
		db, conn, rc = sqlite3_exec(conn->db, sql, NULL, NULL, NULL));
	cr_assert_eq(rc, SQLITE_OK, "%s", sql);
}

static int64_t count_sql(petory *db, const char *sql)
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

static void init(void)
{
	test_clock_now = TEST_EPOCH_MS;
}

static void fini(void)
{
	sink_stop();
}

TestSuite(lifecycle, .init = init, .fini = fini);

Test(lifecycle, boundaries_at_30_85_and_90_days)
{
	petory *db = open_with(NULL, NULL);
	petory_time_ms now = TEST_EPOCH_MS;
	petory_jobs_report rep;
	int64_t u[9];
	char email[64];
	int i;
	for (i = 1; i <= 8; i++) {
		snprintf(email, sizeof(email), "u%d@example.com", i);
		u[i] = test_user(db, email);
	}
	/* Idle 85 days and 1 ms: warned.  Exactly 85 days: not yet. */
	exec_sql(db, "UPDATE users SET last_login_at = %lld WHERE id = %lld",
		(long long)(now - DAYS(85) - 1), (long long)u[1]);
	exec_sql(db, "UPDATE users SET last_login_at = %lld WHERE id = %lld",
		(long long)(now - DAYS(85)), (long long)u[2]);
	/* Idle 90 days and 1 ms: deactivated. */
	exec_sql(db, "UPDATE users SET last_login_at = %lld WHERE id = %lld",
		(long long)(now - DAYS(90) - 1), (long long)u[3]);
	/* Never logged in: measured on created_at (90 days exactly). */
	exec_sql(db, "UPDATE users SET created_at = %lld WHERE id = %lld",
		(long long)(now - DAYS(90)), (long long)u[4]);
	/* Deactivated 90 days and 1 ms ago: removed; 90 days: kept. */
	exec_sql(db,
		"UPDATE users SET status = 2, status_changed_at = %lld "
		"WHERE id = %lld",
		(long long)(now - DAYS(90) - 1), (long long)u[5]);
	exec_sql(db,
		"UPDATE users SET status = 3, status_changed_at = %lld "
		"WHERE id = %lld",
		(long long)(now - DAYS(90)), (long long)u[6]);
	/* Suspended 30 days and 1 ms ago: active again; 30 days: not. */
	exec_sql(db,
		"UPDATE users SET status = 1, status_changed_at = %lld "
		"WHERE id IN (%lld)",
		(long long)(now - DAYS(30) - 1), (long long)u[7]);
	exec_sql(db,
		"UPDATE users SET status = 1, status_changed_at = %lld "
		"WHERE id IN (%lld)",
		(long long)(now - DAYS(30)), (long long)u[8]);
	cr_assert_petory_ok(petory_notification_create(
		db, u[5], PETORY_NOTIFICATION_ACCOUNT, "bye", NULL));

	cr_assert_petory_ok(
		petory_jobs_run_due(&rep, db, petory_identity_system(), now));
	cr_assert_eq(rep.ran_lifecycle, 1);
	cr_assert_eq(rep.warned, 2, "u1 and u4");
	cr_assert_eq(rep.deactivated, 1, "u3");
	cr_assert_eq(rep.removed, 1, "u5");
	cr_assert_eq(rep.unsuspended, 1, "u7");
	cr_assert_eq(count_sql(db, "SELECT count(*) FROM users"), 7);
	cr_assert_eq(count_sql(db, "SELECT count(*) FROM notifications WHERE "
				   "content = 'bye'"),
		0, "cascaded with the account");
	cr_assert_eq(count_sql(db, "SELECT count(*) FROM outbox WHERE kind = "
				   "'MAIL'"),
		2);
	cr_assert_eq(count_sql(db, "SELECT count(*) FROM outbox WHERE kind = "
				   "'WEBHOOK'"),
		1, "admin alert for the deactivation and removal");
	cr_assert_eq(count_sql(db, "SELECT status FROM users WHERE email = "
				   "'u3@example.com'"),
		2);
	cr_assert_eq(count_sql(db, "SELECT status FROM users WHERE email = "
				   "'u7@example.com'"),
		0);
	cr_assert_eq(count_sql(db, "SELECT status FROM users WHERE email = "
				   "'u8@example.com'"),
		1);

	/* Same day: nothing again; next day: no second warning for the
	 * same last login. */
	cr_assert_petory_ok(
		petory_jobs_run_due(&rep, db, petory_identity_system(), now));
	cr_assert_eq(rep.ran_lifecycle, 0);
	test_clock_now = now + DAYS(1);
	cr_assert_petory_ok(petory_jobs_run_due(
		&rep, db, petory_identity_system(), test_clock_now));
	cr_assert_eq(rep.ran_lifecycle, 1);
	cr_assert_eq(rep.warned, 1, "only u2, who reached 85 days now");
	test_db_close(db);
}

/* The clocks of the API's own changes: a suspension ends 30 days after
 * the admin's call, a self-deletion is final 90 days after it. */
Test(lifecycle, suspension_and_deletion_through_the_api)
{
	petory *db = open_with(NULL, NULL);
	petory_jobs_report rep;
	int64_t suspended = test_user(db, "s@example.com");
	int64_t deleted = test_user(db, "d@example.com");
	petory_identity self = test_identity(db, deleted);
	cr_assert_petory_ok(
		petory_user_suspend(db, petory_identity_system(), suspended));
	cr_assert_petory_ok(petory_user_delete(db, &self, deleted));

	test_clock_now += DAYS(29);
	cr_assert_petory_ok(petory_jobs_run_due(
		&rep, db, petory_identity_system(), test_clock_now));
	cr_assert_eq(rep.unsuspended, 0);
	test_clock_now += DAYS(1) + 1;
	cr_assert_petory_ok(petory_jobs_run_due(
		&rep, db, petory_identity_system(), test_clock_now));
	cr_assert_eq(rep.unsuspended, 1);
	cr_assert_eq(rep.removed, 0);
	cr_assert_eq(count_sql(db, "SELECT status FROM users WHERE email = "
				   "'s@example.com'"),
		0, "ACTIVE again");
	test_clock_now += DAYS(60);
	cr_assert_petory_ok(petory_jobs_run_due(
		&rep, db, petory_identity_system(), test_clock_now));
	cr_assert_eq(rep.removed, 1);
	cr_assert_eq(count_sql(db, "SELECT count(*) FROM users WHERE email = "
				   "'d@example.com'"),
		0);
	cr_assert_eq(count_sql(db, "SELECT status FROM users WHERE email = "
				   "'s@example.com'"),
		2, "never logged in for 90 days: DEACTIVATED");
	test_db_close(db);
}

Test(lifecycle, webhook_that_fails_twice_then_succeeds)
{
	char url[64];
	int64_t delivered, failed;
	petory *db;
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/hook",
		sink_start("webhook", "2"));
	db = open_with(NULL, url);
	cr_assert_petory_ok(petory_admin_alert(
		db, petory_identity_system(), "신고가 접수되었습니다"));
	cr_assert_petory_fails(
		PETORY_EAUTH, NULL, petory_admin_alert(db, NULL, "x"));
	cr_assert_petory_fails(PETORY_EINVALID, NULL,
		petory_admin_alert(db, petory_identity_system(), ""));

	cr_assert_petory_ok(petory_outbox_dispatch(
		&delivered, &failed, db, petory_identity_system(), 0));
	cr_assert_eq(failed, 1);
	cr_assert_petory_ok(petory_outbox_dispatch(
		&delivered, &failed, db, petory_identity_system(), 0));
	cr_assert_eq(delivered + failed, 0, "backing off for a minute");
	test_clock_now += MINUTES(1);
	cr_assert_petory_ok(petory_outbox_dispatch(
		&delivered, &failed, db, petory_identity_system(), 0));
	cr_assert_eq(failed, 1);
	test_clock_now += MINUTES(2) - 1;
	cr_assert_petory_ok(petory_outbox_dispatch(
		&delivered, &failed, db, petory_identity_system(), 0));
	cr_assert_eq(delivered + failed, 0, "then for two minutes");
	test_clock_now += 1;
	cr_assert_petory_ok(petory_outbox_dispatch(
		&delivered, &failed, db, petory_identity_system(), 0));
	cr_assert_eq(delivered, 1);
	cr_assert_eq(count_sql(db, "SELECT attempts FROM outbox WHERE "
				   "delivered_at IS NOT NULL"),
		3);
	cr_assert_eq(count_of(slurp(sink_file), "application/json {\"content\":"
						"\"신고가 접수되었습니다\"}"),
		3, "%s", slurp(sink_file));
	sink_stop();
	test_db_close(db);
}

Test(lifecycle, backoff_doubles_up_to_six_hours)
{
	cr_assert_eq(petory__outbox_backoff(0), MINUTES(1));
	cr_assert_eq(petory__outbox_backoff(1), MINUTES(2));
	cr_assert_eq(petory__outbox_backoff(8), MINUTES(256));
	cr_assert_eq(petory__outbox_backoff(9), MINUTES(360));
	cr_assert_eq(petory__outbox_backoff(1000000), MINUTES(360));
}

Test(lifecycle, delivery_survives_a_restart)
{
	char url[64];
	int64_t delivered, failed;
	petory_jobs_report rep;
	petory *db;
	/* Nobody listens on the port of a socket just closed. */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	getsockname(fd, (struct sockaddr *)&sa, &len);
	close(fd);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/hook",
		ntohs(sa.sin_port));
	db = open_with(NULL, url);
	cr_assert_petory_ok(
		petory_admin_alert(db, petory_identity_system(), "down"));
	cr_assert_petory_ok(petory_outbox_dispatch(
		&delivered, &failed, db, petory_identity_system(), 0));
	cr_assert_eq(failed, 1);
	petory_close(db);

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/hook",
		sink_start("webhook", "0"));
	db = open_with(NULL, url);
	test_clock_now += MINUTES(1);
	cr_assert_petory_ok(petory_jobs_run_due(
		&rep, db, petory_identity_system(), test_clock_now));
	cr_assert_eq(rep.delivered, 1);
	cr_assert_eq(count_of(slurp(sink_file), "\"down\""), 1);
	cr_assert_eq(count_sql(db, "SELECT count(*) FROM outbox WHERE "
				   "delivered_at IS NULL"),
		0);
	sink_stop();
	test_db_close(db);
}

/* A dispatcher killed while its receiver holds the request: the row stays
 * leased for 5 minutes, then the next process delivers it, once. */
Test(lifecycle, a_dispatcher_killed_mid_delivery_loses_nothing)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	char url[64], request[256];
	int64_t delivered, failed;
	int fd, conn;
	pid_t pid;
	petory *db = open_with(NULL, NULL);
	cr_assert_petory_ok(
		petory_admin_alert(db, petory_identity_system(), "leased"));
	petory_close(db);

	/* A receiver that reads the request and never answers. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(listen(fd, 1), 0);
	getsockname(fd, (struct sockaddr *)&sa, &len);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/hook",
		ntohs(sa.sin_port));
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		petory_options opts;
		petory *child = NULL;
		close(fd);
		test_options(&opts);
		opts.admin_webhook_url = url;
		if (petory_open(&child, &opts) == 0)
			petory_outbox_dispatch(
				NULL, NULL, child, petory_identity_system(), 0);
		_exit(1);
	}
	conn = accept(fd, NULL, NULL);
	cr_assert_geq(conn, 0);
	cr_assert_gt(read(conn, request, sizeof(request) - 1), 0,
		"the dispatcher sent its request");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(conn);
	close(fd);

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/hook",
		sink_start("webhook", "0"));
	db = open_with(NULL, url);
	cr_assert_eq(count_sql(db, "SELECT count(*) FROM outbox WHERE "
				   "delivered_at IS NULL AND attempts = 0"),
		1, "claimed, never marked");
	cr_assert_petory_ok(petory_outbox_dispatch(
		&delivered, &failed, db, petory_identity_system(), 0));
	cr_assert_eq(delivered + failed, 0, "leased for 5 minutes");
	test_clock_now += MINUTES(5);
	cr_assert_petory_ok(petory_outbox_dispatch(
		&delivered, &failed, db, petory_identity_system(), 0));
	cr_assert_eq(delivered, 1);
	cr_assert_petory_ok(petory_outbox_dispatch(
		&delivered, &failed, db, petory_identity_system(), 0));
	cr_assert_eq(delivered + failed, 0);
	cr_assert_eq(count_of(slurp(sink_file), "\"leased\""), 1);
	sink_stop();
	test_db_close(db);
}

Test(lifecycle, warning_mail_over_smtp)
{
	char url[64];
	petory_jobs_report rep;
	petory *db;
	const char *log;
	int64_t id;
	snprintf(url, sizeof(url), "smtp://127.0.0.1:%d",
		sink_start("smtp", "0"));
	db = open_with(url, NULL);
	id = test_user(db, "idle@example.com");
	exec_sql(db, "UPDATE users SET last_login_at = %lld WHERE id = %lld",
		(long long)(test_clock_now - DAYS(86)), (long long)id);
	cr_assert_petory_ok(petory_jobs_run_due(
		&rep, db, petory_identity_system(), test_clock_now));
	cr_assert_eq(rep.warned, 1);
	cr_assert_eq(rep.delivered, 1, "failed %lld", (long long)rep.failed);
	log = slurp(sink_file);
	cr_assert(strstr(log, "MAIL FROM:noreply@petory.test RCPT "
			      "TO:idle@example.com"),
		"%s", log);
	cr_assert(strstr(log, "Subject: =?UTF-8?B?"), "%s", log);
	cr_assert(strstr(log, "안녕하세요, tester님."), "%s", log);
	cr_assert(strstr(log, "85 days"), "%s", log);
	sink_stop();
	test_db_close(db);
}

Test(lifecycle, a_removed_account_takes_its_files_along)
{
	petory *db = open_with(NULL, NULL);
	petory_jobs_report rep;
	petory_blob_stat st;
	int64_t gone = test_user(db, "gone@example.com");
	int64_t stays = test_user(db, "stays@example.com");
	petory_identity who = test_identity(db, gone);
	petory_identity other = test_identity(db, stays);
	char mine[48], theirs[48];

	snprintf(mine, sizeof(mine), "%s", test_image_key(db, &who, "pet"));
	snprintf(theirs, sizeof(theirs), "%s",
		test_image_key(db, &other, "pet"));
	cr_assert_petory_ok(db->blob->stat(&st, db->blob, mine));
	cr_assert_petory_ok(petory_user_delete(db, &who, gone));
	test_clock_now += DAYS(90) + 1;
	cr_assert_petory_ok(petory_jobs_run_due(
		&rep, db, petory_identity_system(), test_clock_now));
	cr_assert_eq(rep.removed, 1);
	cr_assert_eq(count_sql(db, "SELECT count(*) FROM files WHERE owner_id "
				   "NOT IN (SELECT id FROM users)"),
		0);
	cr_assert_neq(db->blob->stat(&st, db->blob, mine), 0,
		"the bytes went with the account");
	cr_assert_petory_ok(db->blob->stat(&st, db->blob, theirs));
	test_db_close(db);
}

Test(lifecycle, jobs_status_reports_the_backlog_and_the_last_runs)
{
	petory_jobs_status st = PETORY_JOBS_STATUS_INIT, zero = { 0 };
	petory *db = open_with(NULL, NULL); /* alerts wait in the outbox */
	petory_time_ms first = test_clock_now;

	cr_assert_petory_fails(
		PETORY_EINVALID, NULL, petory_jobs_status_get(&zero, db));
	cr_assert_petory_ok(petory_jobs_status_get(&st, db));
	cr_assert_eq(st.version, PETORY_JOBS_STATUS_VERSION);
	cr_assert_eq(st.outbox_pending, 0);
	cr_assert_eq(st.outbox_oldest_at, 0);
	cr_assert_eq(st.daily_notify_at, 0);

	cr_assert_petory_ok(
		petory_admin_alert(db, petory_identity_system(), "one"));
	test_clock_now += MINUTES(5);
	cr_assert_petory_ok(
		petory_admin_alert(db, petory_identity_system(), "two"));
	cr_assert_petory_ok(
		petory_jobs_run_due(NULL, db, petory_identity_system(), 0));
	cr_assert_petory_ok(petory_jobs_status_get(&st, db));
	cr_assert_eq(st.outbox_pending, 2);
	cr_assert_eq(st.outbox_oldest_at, first);
	cr_assert_eq(st.daily_notify_at, test_clock_now);
	cr_assert_eq(st.purge_at, test_clock_now);
	cr_assert_eq(st.lifecycle_at, test_clock_now);

	exec_sql(db,
		"UPDATE outbox SET delivered_at = %lld WHERE payload "
		"LIKE '%%one%%'",
		(long long)test_clock_now);
	cr_assert_petory_ok(petory_jobs_status_get(&st, db));
	cr_assert_eq(st.outbox_pending, 1);
	cr_assert_eq(st.outbox_oldest_at, first + MINUTES(5));
	test_db_close(db);
}
