/* notification.c -- the PostgreSQL notifications table of petory_store:
 * notifications, the daily fan-out and purge, job runs, the account
 * lifecycle and the outbox; the twin of store/sqlite/notification.c.
 *
 * Facts only: a notification that is absent or not the named user's is
 * ENOTFOUND, and so is a notification for an absent user; the domain
 * (domain/notification.c, jobs/) turns them into the API's answers.
 *
 * Invariants: a job's work and its job_runs row commit in one
 * transaction.  The fan-out is ONE INSERT ... SELECT (sql_notifications.h)
 * whose unique index and ON CONFLICT DO NOTHING make a repeated or raced
 * run add nothing twice; its progress is told once, after the commit.
 * The account lifecycle runs its steps in one REPEATABLE READ
 * transaction, so they all see one snapshot, and a concurrent change to
 * a row they touch (a login, a like) makes it run again rather than act
 * on what it no longer is.  Outbox rows are written in the transaction of
 * the change that causes them (pg_notify.h); a claim leases rows (moves
 * next_attempt_at forward) in one statement that locks them FOR UPDATE
 * SKIP LOCKED, so racing dispatchers never get the same row, and one that
 * dies mid-delivery leaves the row due again later, never lost.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/postgres/pg_notify.h"
#include "store/postgres/pg_rows.h"

#define DAY_MS ((petory_time_ms)24 * 3600 * 1000)

/* ---- notifications ---- */

static int read_notification(void *obj, const PGresult *r, int row)
{
	petory_notification *n = obj;
	int64_t type = 0;
	int error;
	memset(n, 0, sizeof(*n));
	if ((error = petory__pg_get_int64(&n->id, r, row, 0)) < 0 ||
		(error = petory__pg_get_int64(&n->user_id, r, row, 1)) < 0 ||
		(error = petory__pg_get_int64(&type, r, row, 2)) < 0 ||
		(error = petory__pg_get_text(&n->content, r, row, 3)) < 0 ||
		(error = petory__pg_get_text(&n->link, r, row, 4)) < 0 ||
		(error = petory__pg_get_int64(&n->created_at, r, row, 6)) < 0)
		return error;
	n->type = (petory_notification_type)type;
	n->read = !petory__pg_is_null(r, row, 5);
	return 0;
}

static int notification_insert(petory_store *st, petory_notification *n)
{
	int error = 0;
	PETORY__PG_WITH_CONN(
		st, conn, error, error = petory__pg_notification_put(conn, n));
	return error;
}

static int notification_list(petory_notification_page *out, petory_store *st,
	int64_t user_id, int unread_only, int64_t offset, int64_t limit)
{
	petory__pg_params p;
	PGresult *r = NULL;
	void *items = NULL;
	int64_t total = 0, unread = 0;
	int error = 0;
	memset(out, 0, sizeof(*out));
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, user_id);
	PETORY__PG_WITH_CONN(st, conn, error, {
		if ((error = petory__pg_query_int64(&total, &unread, conn,
			     PETORY__PG_STMT_NOTIFICATION_COUNT, &p)) < 0)
			break;
		petory__pg_param_int64(&p, unread_only ? 1 : 0);
		petory__pg_param_int64(&p, offset);
		petory__pg_param_int64(&p, limit);
		if ((error = petory__pg_exec(&r, conn,
			     PETORY__PG_STMT_NOTIFICATION_LIST, &p)) < 0)
			break;
		error = petory__pg_read_rows(&items, &out->count, r,
			sizeof(*out->items), read_notification);
		PQclear(r);
	});
	out->items = items;
	out->total = unread_only ? unread : total;
	out->unread_count = unread;
	if (error)
		petory_notification_page_dispose(out);
	return error;
}

/* Run `id` (bound to p), a change of notification `nid` that must touch
 * one row unless any_count: ENOTFOUND when it touched none. */
static int change_notifications(petory_store *st, petory__pg_stmt_id id,
	const petory__pg_params *p, int64_t nid, bool any_count)
{
	PGresult *r = NULL;
	int error = 0;
	PETORY__PG_WITH_CONN(st, conn, error, {
		if ((error = petory__pg_exec(&r, conn, id, p)) < 0)
			break;
		if (!any_count && petory__pg_changes(r) == 0)
			error = petory_error_set(PETORY_ENOTFOUND, NULL,
				"no notification %lld of that user",
				(long long)nid);
		PQclear(r);
	});
	return error;
}

static int notification_mark_read(
	petory_store *st, int64_t user_id, int64_t id, petory_time_ms now)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, user_id);
	if (id == 0) {
		petory__pg_param_int64(&p, now);
		return change_notifications(
			st, PETORY__PG_STMT_NOTIFICATION_READ_ALL, &p, 0, true);
	}
	petory__pg_param_int64(&p, id);
	petory__pg_param_int64(&p, now);
	return change_notifications(
		st, PETORY__PG_STMT_NOTIFICATION_READ, &p, id, false);
}

static int notification_delete(petory_store *st, int64_t user_id, int64_t id)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, user_id);
	petory__pg_param_int64(&p, id);
	return change_notifications(
		st, PETORY__PG_STMT_NOTIFICATION_DELETE, &p, id, false);
}

/* ---- jobs ---- */

/* Inside a job's transaction: record its run (job, day); a run recorded
 * before stays as it was. */
static int job_run_put(petory__pg_conn *conn, const char *job, const char *day,
	petory_time_ms now, int64_t affected)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, job);
	petory__pg_param_text(&p, day);
	petory__pg_param_int64(&p, now);
	petory__pg_param_int64(&p, affected);
	return petory__pg_exec(NULL, conn, PETORY__PG_STMT_JOB_RUN_PUT, &p);
}

typedef struct fanout_run {
	const char *job, *day, *content, *link;
	petory_time_ms now;
	int64_t inserted, max_id; /* of the last run */
} fanout_run;

static int fanout_body(petory__pg_conn *conn, void *payload)
{
	fanout_run *f = payload;
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	f->inserted = f->max_id = 0;
	if ((error = petory__pg_query_int64(&f->max_id, NULL, conn,
		     PETORY__PG_STMT_USER_MAX_ID, NULL)) < 0)
		return error;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, f->content);
	petory__pg_param_text(&p, f->link);
	petory__pg_param_text(&p, f->day);
	petory__pg_param_int64(&p, f->now);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_NOTIFICATION_FANOUT, &p)) < 0)
		return error;
	f->inserted = petory__pg_changes(r);
	PQclear(r);
	return job_run_put(conn, f->job, f->day, f->now, f->inserted);
}

static int notification_fanout(int64_t *inserted_out, petory_store *st,
	const char *job, const char *day, const char *content, const char *link,
	petory_time_ms now, petory_progress_fn progress, void *payload)
{
	fanout_run f = { job, day, content, link, now, 0, 0 };
	int error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, fanout_body, &f);
	*inserted_out = error ? 0 : f.inserted;
	/* One statement did it all: every user id up to the last is done. */
	if (!error && progress && f.max_id > 0)
		progress(payload, f.max_id, f.max_id);
	return error;
}

typedef struct purge_run {
	const char *job, *day;
	petory_time_ms before, now;
	int64_t deleted; /* of the last run */
} purge_run;

static int purge_body(petory__pg_conn *conn, void *payload)
{
	purge_run *pr = payload;
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	pr->deleted = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, pr->before);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_NOTIFICATION_PURGE, &p)) < 0)
		return error;
	pr->deleted = petory__pg_changes(r);
	PQclear(r);
	return job_run_put(conn, pr->job, pr->day, pr->now, pr->deleted);
}

static int notification_purge(int64_t *deleted_out, petory_store *st,
	const char *job, const char *day, petory_time_ms before,
	petory_time_ms now)
{
	purge_run pr = { job, day, before, now, 0 };
	int error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, purge_body, &pr);
	*deleted_out = error ? 0 : pr.deleted;
	return error;
}

static int job_run_get(
	int *done_out, petory_store *st, const char *job, const char *day)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error = 0;
	*done_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, job);
	petory__pg_param_text(&p, day);
	PETORY__PG_WITH_CONN(st, conn, error, {
		if ((error = petory__pg_exec(
			     &r, conn, PETORY__PG_STMT_JOB_RUN_GET, &p)) < 0)
			break;
		*done_out = PQntuples(r) > 0;
		PQclear(r);
	});
	return error;
}

static int job_run_last(
	petory_time_ms *finished_out, petory_store *st, const char *job)
{
	petory__pg_params p;
	int error = 0;
	*finished_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, job);
	PETORY__PG_WITH_CONN(st, conn, error, {
		error = petory__pg_query_int64(finished_out, NULL, conn,
			PETORY__PG_STMT_JOB_RUN_LAST, &p);
	});
	return error;
}

/* ---- account lifecycle ---- */

/* Run `id` with one or two times; *changed (when not NULL) gets the rows
 * it changed. */
static int run_times(petory__pg_conn *conn, petory__pg_stmt_id id,
	int64_t *changed, petory_time_ms a, const petory_time_ms *b)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, a);
	if (b)
		petory__pg_param_int64(&p, *b);
	if ((error = petory__pg_exec(&r, conn, id, &p)) < 0)
		return error;
	if (changed)
		*changed = petory__pg_changes(r);
	PQclear(r);
	return 0;
}

static int warn_queue(int64_t *warned, petory__pg_conn *conn,
	petory_time_ms now, const petory_lifecycle_mail *mail)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, now);
	petory__pg_param_int64(&p, now - 85 * DAY_MS);
	petory__pg_param_int64(&p, now - 90 * DAY_MS);
	petory__pg_param_text(&p, mail->subject);
	petory__pg_param_text(&p, mail->body_before);
	petory__pg_param_text(&p, mail->body_after);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_LC_WARN_QUEUE, &p)) < 0)
		return error;
	*warned = petory__pg_changes(r);
	PQclear(r);
	return 0;
}

static int removed_files(petory_lifecycle_counts *out, petory__pg_conn *conn,
	petory_time_ms before)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, before);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_LC_REMOVED_FILES, &p)) < 0)
		return error;
	error = petory__pg_collect_keys(
		&out->removed_files, &out->removed_file_count, r);
	PQclear(r);
	return error;
}

/* The admins hear of deactivated and removed accounts, in this
 * transaction. */
static int alert_admins(petory__pg_conn *conn, const petory_lifecycle_counts *c,
	const char *day, petory_time_ms now)
{
	char text[256], *payload;
	json_t *j;
	int error;
	snprintf(text, sizeof(text),
		"[Petory] account lifecycle %s: %lld deactivated after 90 "
		"idle days, %lld removed for good",
		day, (long long)c->deactivated, (long long)c->removed);
	if (!(j = json_pack("{s:s}", "content", text)) ||
		!(payload = json_dumps(j, JSON_COMPACT))) {
		json_decref(j);
		return petory__error_oom();
	}
	json_decref(j);
	error = petory__pg_outbox_put(
		conn, PETORY_OUTBOX_WEBHOOK, payload, now);
	free(payload);
	return error;
}

typedef struct lifecycle_run {
	const char *job, *day;
	petory_time_ms now;
	const petory_lifecycle_mail *mail;
	petory_lifecycle_counts counts; /* of the last run */
} lifecycle_run;

static void counts_clear(petory_lifecycle_counts *c)
{
	free(c->removed_files);
	memset(c, 0, sizeof(*c));
}

static int lifecycle_body(petory__pg_conn *conn, void *payload)
{
	lifecycle_run *lr = payload;
	petory_lifecycle_counts *c = &lr->counts;
	petory_time_ms now = lr->now, idle_warn = now - 85 * DAY_MS;
	petory_time_ms idle_end = now - 90 * DAY_MS;
	petory_time_ms suspended_end = now - 30 * DAY_MS;
	int error;
	counts_clear(c);
	if ((error = warn_queue(&c->warned, conn, now, lr->mail)) < 0 ||
		(error = run_times(conn, PETORY__PG_STMT_LC_WARN_MARK, NULL,
			 idle_warn, &idle_end)) < 0 ||
		(error = run_times(conn, PETORY__PG_STMT_LC_REVOKE, NULL, now,
			 &idle_end)) < 0 ||
		(error = run_times(conn, PETORY__PG_STMT_LC_DEACTIVATE,
			 &c->deactivated, now, &idle_end)) < 0 ||
		/* Their likes go with them: keep like_count the truth. */
		(error = run_times(conn, PETORY__PG_STMT_LC_UNLIKE_REMOVED,
			 NULL, idle_end, NULL)) < 0 ||
		/* Their files' records go with them (ON DELETE CASCADE); the
		 * caller removes the bytes after the commit. */
		(error = removed_files(c, conn, idle_end)) < 0 ||
		(error = run_times(conn, PETORY__PG_STMT_LC_REMOVE, &c->removed,
			 idle_end, NULL)) < 0 ||
		(error = run_times(conn, PETORY__PG_STMT_LC_UNSUSPEND,
			 &c->unsuspended, now, &suspended_end)) < 0)
		return error;
	if ((c->deactivated || c->removed) &&
		(error = alert_admins(conn, c, lr->day, now)) < 0)
		return error;
	return job_run_put(conn, lr->job, lr->day, now,
		c->warned + c->deactivated + c->removed + c->unsuspended);
}

static int account_lifecycle(petory_lifecycle_counts *out, petory_store *st,
	const char *job, const char *day, petory_time_ms now,
	const petory_lifecycle_mail *mail)
{
	lifecycle_run lr = { job, day, now, mail, { 0 } };
	int error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_REPEATABLE_READ, lifecycle_body, &lr);
	if (error)
		counts_clear(&lr.counts);
	*out = lr.counts;
	return error;
}

/* ---- outbox ---- */

static int outbox_insert(petory_store *st, petory_outbox_kind kind,
	const char *payload, petory_time_ms now)
{
	int error = 0;
	PETORY__PG_WITH_CONN(st, conn, error,
		error = petory__pg_outbox_put(conn, kind, payload, now));
	return error;
}

static int read_outbox_item(void *obj, const PGresult *r, int row)
{
	petory_outbox_item *it = obj;
	int error;
	memset(it, 0, sizeof(*it));
	if ((error = petory__pg_get_int64(&it->id, r, row, 0)) < 0 ||
		(error = petory__pg_get_text(&it->payload, r, row, 2)) < 0 ||
		(error = petory__pg_get_int64(&it->attempts, r, row, 3)) < 0)
		return error;
	it->kind = strcmp(PQgetvalue(r, row, 1),
			   petory__pg_outbox_kind_name(PETORY_OUTBOX_MAIL)) == 0
			   ? PETORY_OUTBOX_MAIL
			   : PETORY_OUTBOX_WEBHOOK;
	return 0;
}

static int outbox_claim(petory_outbox_item **items_out, size_t *count_out,
	petory_store *st, unsigned kind_mask, petory_time_ms now,
	petory_time_ms lease_until, size_t limit)
{
	petory__pg_params p;
	PGresult *r = NULL;
	void *items = NULL;
	size_t count = 0, i;
	int error = 0;
	*items_out = NULL;
	*count_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, (int64_t)kind_mask);
	petory__pg_param_int64(&p, now);
	petory__pg_param_int64(&p, lease_until);
	petory__pg_param_int64(&p, (int64_t)limit);
	PETORY__PG_WITH_CONN(st, conn, error, {
		if ((error = petory__pg_exec(
			     &r, conn, PETORY__PG_STMT_OUTBOX_CLAIM, &p)) < 0)
			break;
		error = petory__pg_read_rows(&items, &count, r,
			sizeof(petory_outbox_item), read_outbox_item);
		PQclear(r);
	});
	if (error) {
		/* The leases stand: the rows come back when they run out. */
		for (i = 0; i < count; i++)
			free(((petory_outbox_item *)items)[i].payload);
		free(items);
		return error;
	}
	/* An array even when empty, as the SQLite store gives. */
	if (!items && !(items = calloc(1, sizeof(petory_outbox_item))))
		return petory__error_oom();
	*items_out = items;
	*count_out = count;
	return 0;
}

static int outbox_finish(petory_store *st, int64_t id, const char *err,
	petory_time_ms next_attempt_at, petory_time_ms now)
{
	petory__pg_params p;
	int error = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	if (!err) {
		petory__pg_param_int64(&p, now);
	} else {
		petory__pg_param_text(&p, err);
		petory__pg_param_int64(&p, next_attempt_at);
	}
	PETORY__PG_WITH_CONN(st, conn, error, {
		error = petory__pg_exec(NULL, conn,
			err ? PETORY__PG_STMT_OUTBOX_FAILED
			    : PETORY__PG_STMT_OUTBOX_DELIVERED,
			&p);
	});
	return error;
}

static int outbox_backlog(
	int64_t *pending_out, petory_time_ms *oldest_out, petory_store *st)
{
	int error = 0;
	*pending_out = 0;
	*oldest_out = 0;
	PETORY__PG_WITH_CONN(st, conn, error, {
		error = petory__pg_query_int64(pending_out, oldest_out, conn,
			PETORY__PG_STMT_OUTBOX_BACKLOG, NULL);
	});
	return error;
}

const petory_store_notifications petory__pg_notifications = {
	.version = PETORY_STORE_NOTIFICATIONS_VERSION,
	.notification_insert = notification_insert,
	.notification_list = notification_list,
	.notification_mark_read = notification_mark_read,
	.notification_delete = notification_delete,
	.notification_fanout = notification_fanout,
	.notification_purge = notification_purge,
	.job_run_get = job_run_get,
	.account_lifecycle = account_lifecycle,
	.outbox_insert = outbox_insert,
	.outbox_claim = outbox_claim,
	.outbox_finish = outbox_finish,
	.outbox_backlog = outbox_backlog,
	.job_run_last = job_run_last,
};
