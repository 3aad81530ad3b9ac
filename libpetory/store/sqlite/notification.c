/* notification.c -- the SQLite notifications table of petory_store:
 * notifications, the daily fan-out and purge, job runs, the account
 * lifecycle and the outbox.
 *
 * Facts only: a notification that is absent or not the named user's is
 * ENOTFOUND, and so is a notification for an absent user; the domain
 * (domain/notification.c, jobs/) turns them into the API's answers.
 *
 * Invariants: a job's work and its job_runs row commit in one
 * transaction; the fan-out is one INSERT ... SELECT per block of user ids
 * inside that transaction (the blocks only feed the progress callback),
 * and the unique (user_id, type, day) index makes a repeated, raced or
 * interrupted run add nothing twice.  Outbox rows are written in the
 * transaction of the change that causes them; a claim moves
 * next_attempt_at forward (a lease) in one UPDATE ... RETURNING, so two
 * dispatchers never get the same row, and one that dies mid-delivery
 * leaves the row due again later, never lost.  The outbox kind is stored
 * as its name ('MAIL', 'WEBHOOK').
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/sqlite/sqlite_internal.h"

#define WITH_CONN PETORY__WITH_STORE_CONN

/* User ids per INSERT ... SELECT of the fan-out. */
#define FANOUT_BLOCK 65536

#define GET_STMT(conn, s, id)                                      \
	sqlite3_stmt *s = petory__stmt((conn), PETORY__STMT_##id); \
	if (!s) {                                                  \
		error = petory_error_last()->code;                 \
		break;                                             \
	}

static int step_int64(petory__conn *conn, sqlite3_stmt *s, int64_t *out,
	int64_t *out2, const char *what)
{
	int rc = sqlite3_step(s), error = 0;
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		if (out2)
			*out2 = sqlite3_column_int64(s, 1);
	} else {
		error = petory__sqlite_error(conn, rc, what);
	}
	petory__stmt_done(s);
	return error;
}

/* ---- notifications ---- */

static int read_notification(petory_notification *n, sqlite3_stmt *s)
{
	memset(n, 0, sizeof(*n));
	n->id = sqlite3_column_int64(s, 0);
	n->user_id = sqlite3_column_int64(s, 1);
	n->type = (petory_notification_type)sqlite3_column_int(s, 2);
	n->content = petory__column_strdup(s, 3);
	n->link = petory__column_strdup(s, 4);
	n->read = sqlite3_column_type(s, 5) != SQLITE_NULL;
	n->created_at = sqlite3_column_int64(s, 6);
	return n->content ? 0 : petory__error_oom();
}

static int notification_insert(petory_store *st, petory_notification *n)
{
	int error = 0;
	WITH_CONN(st, conn, {
		GET_STMT(conn, s, NOTIFICATION_INSERT);
		sqlite3_bind_int64(s, 1, n->user_id);
		sqlite3_bind_int(s, 2, (int)n->type);
		sqlite3_bind_text(s, 3, n->content, -1, SQLITE_STATIC);
		petory__bind_text_or_null(s, 4, n->link);
		sqlite3_bind_int64(s, 5, n->created_at);
		error = petory__step_done(conn, s, 0);
		if (error == PETORY_EBACKEND &&
			sqlite3_extended_errcode(conn->db) ==
				SQLITE_CONSTRAINT_FOREIGNKEY)
			error = petory_error_set(PETORY_ENOTFOUND, NULL,
				"no user %lld", (long long)n->user_id);
		else if (!error)
			n->id = sqlite3_last_insert_rowid(conn->db);
	});
	return error;
}

static int notification_list(petory_notification_page *out, petory_store *st,
	int64_t user_id, int unread_only, int64_t offset, int64_t limit)
{
	int error = 0;
	memset(out, 0, sizeof(*out));
	WITH_CONN(st, conn, {
		int64_t total = 0;
		int64_t unread = 0;
		int rc;
		GET_STMT(conn, c, NOTIFICATION_COUNT);
		sqlite3_bind_int64(c, 1, user_id);
		if ((error = step_int64(conn, c, &total, &unread, "count")) < 0)
			break;
		out->total = unread_only ? unread : total;
		out->unread_count = unread;
		GET_STMT(conn, s, NOTIFICATION_LIST);
		if (!(out->items = calloc(
			      (size_t)limit, sizeof(*out->items)))) {
			error = petory__error_oom();
			break;
		}
		sqlite3_bind_int64(s, 1, user_id);
		sqlite3_bind_int(s, 2, unread_only ? 1 : 0);
		sqlite3_bind_int64(s, 3, offset);
		sqlite3_bind_int64(s, 4, limit);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW &&
			out->count < (size_t)limit) {
			if ((error = read_notification(
				     &out->items[out->count], s)) < 0)
				break;
			out->count++;
		}
		if (!error && rc != SQLITE_DONE && rc != SQLITE_ROW)
			error = petory__sqlite_error(conn, rc, "notifications");
		petory__stmt_done(s);
	});
	if (error)
		petory_notification_page_dispose(out);
	return error;
}

/* The result of a change of notification id that must touch one row. */
static int one_notification(int error, int64_t id)
{
	if (error == PETORY_ENOTFOUND)
		return petory_error_set(PETORY_ENOTFOUND, NULL,
			"no notification %lld of that user", (long long)id);
	return error;
}

static int notification_mark_read(
	petory_store *st, int64_t user_id, int64_t id, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		if (id == 0) {
			GET_STMT(conn, s, NOTIFICATION_READ_ALL);
			sqlite3_bind_int64(s, 1, user_id);
			sqlite3_bind_int64(s, 2, now);
			error = petory__step_done(conn, s, 0);
			break;
		}
		GET_STMT(conn, s, NOTIFICATION_READ);
		sqlite3_bind_int64(s, 1, user_id);
		sqlite3_bind_int64(s, 2, id);
		sqlite3_bind_int64(s, 3, now);
		error = one_notification(petory__step_done(conn, s, 1), id);
	});
	return error;
}

static int notification_delete(petory_store *st, int64_t user_id, int64_t id)
{
	int error = 0;
	WITH_CONN(st, conn, {
		GET_STMT(conn, s, NOTIFICATION_DELETE);
		sqlite3_bind_int64(s, 1, user_id);
		sqlite3_bind_int64(s, 2, id);
		error = one_notification(petory__step_done(conn, s, 1), id);
	});
	return error;
}

static int job_run_put(petory__conn *conn, const char *job, const char *day,
	petory_time_ms now, int64_t affected)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_JOB_RUN_PUT);
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_text(s, 1, job, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_int64(s, 4, affected);
	return petory__step_done(conn, s, 0);
}

static int fanout_blocks(int64_t *inserted, petory__conn *conn, const char *day,
	const char *content, const char *link, petory_time_ms now,
	petory_progress_fn progress, void *payload)
{
	int64_t max_id = 0, lo;
	int error;
	sqlite3_stmt *m = petory__stmt(conn, PETORY__STMT_USER_MAX_ID);
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_NOTIFICATION_FANOUT);
	if (!m || !s)
		return petory_error_last()->code;
	if ((error = step_int64(conn, m, &max_id, NULL, "max id")) < 0)
		return error;
	for (lo = 1; lo <= max_id; lo += FANOUT_BLOCK) {
		sqlite3_bind_text(s, 1, content, -1, SQLITE_STATIC);
		petory__bind_text_or_null(s, 2, link);
		sqlite3_bind_text(s, 3, day, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 4, now);
		sqlite3_bind_int64(s, 5, lo);
		sqlite3_bind_int64(s, 6, lo + FANOUT_BLOCK - 1);
		if ((error = petory__step_done(conn, s, 0)) < 0)
			return error;
		*inserted += sqlite3_changes(conn->db);
		if (progress)
			progress(payload,
				lo + FANOUT_BLOCK - 1 < max_id
					? lo + FANOUT_BLOCK - 1
					: max_id,
				max_id);
	}
	return 0;
}

static int notification_fanout(int64_t *inserted_out, petory_store *st,
	const char *job, const char *day, const char *content, const char *link,
	petory_time_ms now, petory_progress_fn progress, void *payload)
{
	int error = 0;
	*inserted_out = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = fanout_blocks(inserted_out, conn, day, content, link,
			now, progress, payload);
		if (!error)
			error = job_run_put(conn, job, day, now, *inserted_out);
		error = petory__tx_end(conn, error);
	});
	if (error)
		*inserted_out = 0;
	return error;
}

static int notification_purge(int64_t *deleted_out, petory_store *st,
	const char *job, const char *day, petory_time_ms before,
	petory_time_ms now)
{
	int error = 0;
	*deleted_out = 0;
	WITH_CONN(st, conn, {
		GET_STMT(conn, s, NOTIFICATION_PURGE);
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		sqlite3_bind_int64(s, 1, before);
		if ((error = petory__step_done(conn, s, 0)) == 0) {
			*deleted_out = sqlite3_changes(conn->db);
			error = job_run_put(conn, job, day, now, *deleted_out);
		}
		error = petory__tx_end(conn, error);
	});
	if (error)
		*deleted_out = 0;
	return error;
}

static int job_run_get(
	int *done_out, petory_store *st, const char *job, const char *day)
{
	int error = 0;
	*done_out = 0;
	WITH_CONN(st, conn, {
		int rc;
		GET_STMT(conn, s, JOB_RUN_GET);
		sqlite3_bind_text(s, 1, job, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, day, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			*done_out = 1;
		else if (rc != SQLITE_DONE)
			error = petory__sqlite_error(conn, rc, "job_runs");
		petory__stmt_done(s);
	});
	return error;
}

/* ---- account lifecycle and outbox ---- */

static int run_bound(petory__conn *conn, petory__stmt_id id, int64_t *changed,
	petory_time_ms a, petory_time_ms b)
{
	sqlite3_stmt *s = petory__stmt(conn, id);
	int error;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, a);
	if (sqlite3_bind_parameter_count(s) >= 2)
		sqlite3_bind_int64(s, 2, b);
	if ((error = petory__step_done(conn, s, 0)) == 0 && changed)
		*changed = sqlite3_changes(conn->db);
	return error;
}

int petory__sqlite_notify_once(petory__conn *conn, sqlite3_stmt *mark,
	petory_notification *n, int *created_out)
{
	sqlite3_stmt *ins;
	int error;
	*created_out = 0;
	if ((error = petory__step_done(conn, mark, 0)) < 0)
		return error;
	if (sqlite3_changes(conn->db) == 0)
		return 0;
	if (!(ins = petory__stmt(conn, PETORY__STMT_NOTIFICATION_INSERT)))
		return petory_error_last()->code;
	sqlite3_bind_int64(ins, 1, n->user_id);
	sqlite3_bind_int(ins, 2, (int)n->type);
	sqlite3_bind_text(ins, 3, n->content, -1, SQLITE_STATIC);
	petory__bind_text_or_null(ins, 4, n->link);
	sqlite3_bind_int64(ins, 5, n->created_at);
	if ((error = petory__step_done(conn, ins, 0)) < 0)
		return error;
	n->id = sqlite3_last_insert_rowid(conn->db);
	*created_out = 1;
	return 0;
}

int petory__sqlite_outbox_put(petory__conn *conn, petory_outbox_kind kind,
	const char *payload, petory_time_ms now)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_OUTBOX_INSERT);
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_text(s, 1, kind == PETORY_OUTBOX_MAIL ? "MAIL" : "WEBHOOK",
		-1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, payload, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	return petory__step_done(conn, s, 0);
}

static int removed_files(
	petory_lifecycle_counts *out, petory__conn *conn, petory_time_ms before)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_LC_REMOVED_FILES);
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, before);
	return petory__sqlite_collect_keys(
		&out->removed_files, &out->removed_file_count, conn, s);
}

/* The admins' alert, as a fact for the outbox to word (jobs/outbox.c). */
static int lifecycle_alert(petory__conn *conn, const char *day,
	const petory_lifecycle_counts *c, petory_time_ms now)
{
	char *payload = petory__lifecycle_alert_payload(day, c);
	int error;
	if (!payload)
		return petory__error_oom();
	error = petory__sqlite_outbox_put(
		conn, PETORY_OUTBOX_WEBHOOK, payload, now);
	free(payload);
	return error;
}

static int lifecycle_steps(petory_lifecycle_counts *out, petory__conn *conn,
	const char *day, petory_time_ms now,
	const petory_lifecycle_policy *policy)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_LC_WARN_QUEUE);
	petory_time_ms idle_warn = now - policy->warn_idle_ms;
	petory_time_ms idle_end = now - policy->deactivate_idle_ms;
	petory_time_ms removal = now - policy->remove_after_ms;
	int error;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, idle_warn);
	sqlite3_bind_int64(s, 3, idle_end);
	sqlite3_bind_text(s, 4, policy->mail.subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, policy->mail.body_before, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, policy->mail.body_after, -1, SQLITE_STATIC);
	if ((error = petory__step_done(conn, s, 0)) < 0)
		return error;
	out->warned = sqlite3_changes(conn->db);
	if ((error = run_bound(conn, PETORY__STMT_LC_WARN_MARK, NULL, idle_warn,
		     idle_end)) < 0 ||
		(error = run_bound(conn, PETORY__STMT_LC_REVOKE, NULL, now,
			 idle_end)) < 0 ||
		(error = run_bound(conn, PETORY__STMT_LC_DEACTIVATE,
			 &out->deactivated, now, idle_end)) < 0 ||
		/* Their likes go with them: keep like_count the truth. */
		(error = run_bound(conn, PETORY__STMT_LC_UNLIKE_REMOVED, NULL,
			 removal, 0)) < 0 ||
		/* Their files' records go with them (ON DELETE CASCADE); the
		 * caller removes the bytes after the commit. */
		(error = removed_files(out, conn, removal)) < 0 ||
		(error = run_bound(conn, PETORY__STMT_LC_REMOVE, &out->removed,
			 removal, 0)) < 0 ||
		(error = run_bound(conn, PETORY__STMT_LC_UNSUSPEND,
			 &out->unsuspended, now, now - policy->suspension_ms)) <
			0)
		return error;
	if (out->deactivated || out->removed)
		error = lifecycle_alert(conn, day, out, now);
	return error;
}

static int account_lifecycle(petory_lifecycle_counts *out, petory_store *st,
	const char *job, const char *day, petory_time_ms now,
	const petory_lifecycle_policy *policy)
{
	int error = 0;
	memset(out, 0, sizeof(*out));
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = lifecycle_steps(out, conn, day, now, policy);
		if (!error)
			error = job_run_put(conn, job, day, now,
				out->warned + out->deactivated + out->removed +
					out->unsuspended);
		error = petory__tx_end(conn, error);
	});
	if (error) {
		free(out->removed_files);
		memset(out, 0, sizeof(*out));
	}
	return error;
}

static int outbox_insert(petory_store *st, petory_outbox_kind kind,
	const char *payload, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn,
		error = petory__sqlite_outbox_put(conn, kind, payload, now));
	return error;
}

static int outbox_claim(petory_outbox_item **items_out, size_t *count_out,
	petory_store *st, unsigned kind_mask, petory_time_ms now,
	petory_time_ms lease_until, size_t limit)
{
	int error = 0;
	*items_out = NULL;
	*count_out = 0;
	WITH_CONN(st, conn, {
		petory_outbox_item *items;
		int rc;
		GET_STMT(conn, s, OUTBOX_CLAIM);
		if (!(items = calloc(limit ? limit : 1, sizeof(*items)))) {
			error = petory__error_oom();
			break;
		}
		*items_out = items;
		sqlite3_bind_int(s, 1, (int)kind_mask);
		sqlite3_bind_int64(s, 2, now);
		sqlite3_bind_int64(s, 3, lease_until);
		sqlite3_bind_int64(s, 4, (sqlite3_int64)limit);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW &&
			*count_out < limit) {
			const unsigned char *kind = sqlite3_column_text(s, 1);
			petory_outbox_item *it = &items[*count_out];
			it->id = sqlite3_column_int64(s, 0);
			it->kind =
				kind && strcmp((const char *)kind, "MAIL") == 0
					? PETORY_OUTBOX_MAIL
					: PETORY_OUTBOX_WEBHOOK;
			it->attempts = sqlite3_column_int64(s, 3);
			if (!(it->payload = petory__column_strdup(s, 2))) {
				error = petory__error_oom();
				break;
			}
			(*count_out)++;
		}
		if (!error && rc != SQLITE_DONE && rc != SQLITE_ROW)
			error = petory__sqlite_error(conn, rc, "outbox");
		petory__stmt_done(s);
	});
	return error;
}

static int outbox_finish(petory_store *st, int64_t id, const char *err,
	petory_time_ms next_attempt_at, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		if (!err) {
			GET_STMT(conn, s, OUTBOX_DELIVERED);
			sqlite3_bind_int64(s, 1, id);
			sqlite3_bind_int64(s, 2, now);
			error = petory__step_done(conn, s, 0);
			break;
		}
		GET_STMT(conn, s, OUTBOX_FAILED);
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_text(s, 2, err, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, next_attempt_at);
		error = petory__step_done(conn, s, 0);
	});
	return error;
}

static int outbox_backlog(
	int64_t *pending_out, petory_time_ms *oldest_out, petory_store *st)
{
	int error = 0;
	*pending_out = 0;
	*oldest_out = 0;
	WITH_CONN(st, conn, {
		GET_STMT(conn, s, OUTBOX_BACKLOG);
		error = step_int64(conn, s, pending_out, oldest_out, "outbox");
	});
	return error;
}

static int job_run_last(
	petory_time_ms *finished_out, petory_store *st, const char *job)
{
	int error = 0;
	*finished_out = 0;
	WITH_CONN(st, conn, {
		int rc;
		GET_STMT(conn, s, JOB_RUN_LAST);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			const char *name =
				(const char *)sqlite3_column_text(s, 0);
			if (name && strcmp(name, job) == 0)
				*finished_out = sqlite3_column_int64(s, 1);
		}
		if (rc != SQLITE_DONE)
			error = petory__sqlite_error(conn, rc, "job_runs");
		petory__stmt_done(s);
	});
	return error;
}

const petory_store_notifications petory__sqlite_notifications = {
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
