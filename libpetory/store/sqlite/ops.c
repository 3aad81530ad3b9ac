/* ops.c -- the SQLite side of backups, restores and the census.
 *
 * The backup reads the live database through one pooled connection that
 * holds a read transaction from before the first page to after the last:
 * sqlite3_backup_step then copies one snapshot, and in WAL mode the
 * writers of petory-httpd go on meanwhile (a reader never blocks them;
 * only checkpoints wait for the snapshot to end).  Without that
 * transaction, any write of another connection between two steps would
 * restart the copy from page one, and a busy server could keep it from
 * ever finishing.  The copy is made in steps so that the connection is
 * given back to SQLite between them.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/sqlite/ops_sqlite.h"
#include "store/sqlite/sqlite_internal.h"

#define BACKUP_STEP_PAGES 1024

#define raw_error petory__sqlite_handle_error

/* PRAGMA integrity_check on h: 0 when it answers "ok", else 1 with the
 * first complaint in detail; -1 when it cannot run (rc in *rc_out). */
static int integrity(sqlite3 *h, char *detail, size_t size, int *rc_out)
{
	sqlite3_stmt *s = NULL;
	int rc, bad = 0;

	detail[0] = '\0';
	rc = sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &s, NULL);
	while ((rc == SQLITE_OK || rc == SQLITE_ROW) &&
		(rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);
		if (t && strcmp(t, "ok") != 0 && !bad) {
			snprintf(detail, size, "%s", t);
			bad = 1;
		}
	}
	sqlite3_finalize(s);
	*rc_out = rc;
	if (rc != SQLITE_DONE)
		return -1;
	return bad;
}

/* Run the backup from src to dst in steps; 0 or a SQLite code. */
static int copy_pages(
	sqlite3 *dst, sqlite3 *src, int64_t *pages_out, sqlite3 **err_handle)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int rc;

	*err_handle = dst;
	if (!b)
		return sqlite3_errcode(dst);
	do {
		rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
			struct timespec ts = { 0, 5 * 1000 * 1000 };
			nanosleep(&ts, NULL);
			rc = SQLITE_OK;
		}
	} while (rc == SQLITE_OK);
	if (pages_out)
		*pages_out = sqlite3_backup_pagecount(b);
	if (sqlite3_backup_finish(b) != SQLITE_OK && rc == SQLITE_DONE)
		rc = sqlite3_errcode(dst);
	if (rc != SQLITE_DONE) {
		*err_handle = src;
		return rc;
	}
	return 0;
}

/* Make the copy at h one self-contained file and check it: unsound gets
 * the first complaint of its integrity check ("" when it passed). */
static int finish_copy(sqlite3 *h, char *unsound, size_t size)
{
	int rc, bad;

	rc = sqlite3_exec(h, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return raw_error(h, rc, "journal mode of the copy");
	bad = integrity(h, unsound, size, &rc);
	if (bad < 0)
		return raw_error(h, rc, "integrity check of the copy");
	return 0;
}

static int open_file(sqlite3 **out, const char *path, int flags)
{
	int rc = sqlite3_open_v2(path, out, flags, NULL);
	if (rc != SQLITE_OK) {
		int error = raw_error(*out, rc, "open");
		sqlite3_close(*out);
		*out = NULL;
		return error;
	}
	sqlite3_busy_timeout(*out, 5000);
	return 0;
}

int petory__sqlite_backup_to(petory *db, const char *dest, int64_t *pages_out,
	char *unsound, size_t size)
{
	sqlite3 *out = NULL, *err_handle = NULL;
	int error, rc;

	if ((error = open_file(&out, dest,
		     SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX)) < 0)
		return error;
	PETORY__WITH_CONN(db, conn, {
		/* One read transaction: one snapshot for every step. */
		rc = sqlite3_exec(conn->db,
			"BEGIN; SELECT count(*) FROM sqlite_schema;", NULL,
			NULL, NULL);
		if (rc != SQLITE_OK) {
			error = raw_error(conn->db, rc, "begin the backup");
			sqlite3_exec(conn->db, "ROLLBACK", NULL, NULL, NULL);
			break;
		}
		rc = copy_pages(out, conn->db, pages_out, &err_handle);
		sqlite3_exec(conn->db, "COMMIT", NULL, NULL, NULL);
		if (rc != 0)
			error = raw_error(err_handle, rc, "backup");
	});
	if (error == 0)
		error = finish_copy(out, unsound, size);
	sqlite3_close(out);
	return error;
}

int petory__sqlite_check_file(
	const char *path, int *version_out, char *unsound, size_t size)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	int rc, bad;

	*version_out = 0;
	unsound[0] = '\0';
	rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		snprintf(unsound, size, "%s",
			h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		return 0;
	}
	bad = integrity(h, unsound, size, &rc);
	if (bad < 0)
		snprintf(unsound, size, "%s", sqlite3_errmsg(h));
	else if (!bad && ((rc = sqlite3_prepare_v2(h, "PRAGMA user_version", -1,
				   &s, NULL)) != SQLITE_OK ||
				 sqlite3_step(s) != SQLITE_ROW))
		snprintf(unsound, size, "%s", sqlite3_errmsg(h));
	else if (!bad)
		*version_out = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return 0;
}

int petory__sqlite_copy_file(
	const char *src, const char *dest, char *unsound, size_t size)
{
	sqlite3 *in = NULL, *out = NULL, *err_handle = NULL;
	int error, rc;

	if ((error = open_file(&in, src, SQLITE_OPEN_READONLY)) < 0)
		return error;
	if ((error = open_file(&out, dest, SQLITE_OPEN_READWRITE)) < 0) {
		sqlite3_close(in);
		return error;
	}
	rc = copy_pages(out, in, NULL, &err_handle);
	if (rc != 0)
		error = raw_error(err_handle, rc, "restore");
	else
		error = finish_copy(out, unsound, size);
	sqlite3_close(out);
	sqlite3_close(in);
	return error;
}

int petory__sqlite_stored_files(
	const char *path, petory__stored_file **out, size_t *count_out)
{
	petory__stored_file *items = NULL;
	size_t count = 0, cap = 0;
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	int rc, error;

	*out = NULL;
	*count_out = 0;
	if ((error = open_file(&h, path, SQLITE_OPEN_READONLY)) < 0)
		return error;
	rc = sqlite3_prepare_v2(h,
		"SELECT key, coalesce(stored_size, declared_size) FROM files "
		"WHERE state IN (2, 3) ORDER BY key",
		-1, &s, NULL);
	while ((rc == SQLITE_OK || rc == SQLITE_ROW) &&
		(rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(s, 0);
		if (count == cap) {
			size_t n = cap ? cap * 2 : 64;
			petory__stored_file *p =
				realloc(items, n * sizeof(*items));
			if (!p) {
				rc = SQLITE_NOMEM;
				break;
			}
			items = p;
			cap = n;
		}
		snprintf(items[count].key, sizeof(items[count].key), "%s",
			key ? key : "");
		items[count].size = sqlite3_column_int64(s, 1);
		count++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		error = rc == SQLITE_NOMEM ? petory__error_oom()
					   : raw_error(h, rc, "files");
		free(items);
		sqlite3_close(h);
		return error;
	}
	sqlite3_close(h);
	*out = items;
	*count_out = count;
	return 0;
}

/* ---- the census ------------------------------------------------------- */

static int one_int(sqlite3 *h, const char *sql, int64_t *out)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(h, sql, -1, &s, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_OK ? 0 : raw_error(h, rc, sql);
}

/* SELECT <int column>, count(*) … GROUP BY: counts[value] for the
 * values 0..n-1 (others are ignored). */
static int grouped(
	sqlite3 *h, const char *sql, petory_ops_count *counts, size_t n)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(h, sql, -1, &s, NULL);

	while ((rc == SQLITE_OK || rc == SQLITE_ROW) &&
		(rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t v = sqlite3_column_int64(s, 0);
		if (v >= 0 && (size_t)v < n)
			counts[v].count = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : raw_error(h, rc, sql);
}

static const struct {
	const char *name, *table;
} row_tables[] = {
	{ "pets", "pets" },
	{ "petImages", "pet_images" },
	{ "albums", "albums" },
	{ "albumImages", "album_images" },
	{ "dailyAnswers", "daily_answers" },
	{ "events", "events" },
	{ "notifications", "notifications" },
	{ "ownerBoards", "owner_boards" },
	{ "comments", "owner_board_comments" },
	{ "tradeBoards", "trade_boards" },
	{ "chatRooms", "chat_rooms" },
	{ "chatMessages", "chat_messages" },
	{ "placeLikes", "place_likes" },
	{ "reviews", "place_reviews" },
	{ "reports", "place_reports" },
};

static int census(sqlite3 *h, petory_ops_stats *out)
{
	char sql[128];
	sqlite3_stmt *s = NULL;
	size_t i;
	int error, rc;

	if ((error = grouped(h,
		     "SELECT status, count(*) FROM users GROUP BY status",
		     out->users, 4)) < 0 ||
		(error = grouped(h,
			 "SELECT status, count(*) FROM places GROUP BY status",
			 out->places, 3)) < 0 ||
		(error = grouped(h,
			 "SELECT state, count(*) FROM files GROUP BY state",
			 out->files, 4)) < 0)
		return error;
	for (i = 0; i < sizeof(row_tables) / sizeof(row_tables[0]) &&
		    i < PETORY_OPS_ROWS_MAX;
		i++) {
		out->rows[i].name = row_tables[i].name;
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s",
			row_tables[i].table);
		if ((error = one_int(h, sql, &out->rows[i].count)) < 0)
			return error;
	}
	out->row_count = i;
	if ((error = one_int(h, "PRAGMA page_size", &out->db_page_size)) < 0 ||
		(error = one_int(h, "PRAGMA page_count", &out->db_page_count)) <
			0 ||
		(error = one_int(h, "PRAGMA freelist_count",
			 &out->db_freelist_count)) < 0)
		return error;
	out->db_bytes = out->db_page_size * out->db_page_count;

	rc = sqlite3_prepare_v2(h,
		"SELECT count(*), count(*) FILTER (WHERE attempts > 0), "
		"coalesce(min(created_at), 0) FROM outbox "
		"WHERE delivered_at IS NULL",
		-1, &s, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->outbox_pending = sqlite3_column_int64(s, 0);
		out->outbox_retrying = sqlite3_column_int64(s, 1);
		out->outbox_oldest_at = sqlite3_column_int64(s, 2);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_OK)
		return raw_error(h, rc, "outbox");

	/* Bare columns beside max() come from the row of the maximum. */
	rc = sqlite3_prepare_v2(h,
		"SELECT job, day, max(finished_at), affected FROM job_runs "
		"GROUP BY job ORDER BY job",
		-1, &s, NULL);
	while ((rc == SQLITE_OK || rc == SQLITE_ROW) &&
		(rc = sqlite3_step(s)) == SQLITE_ROW &&
		out->job_count < PETORY_OPS_JOBS_MAX) {
		petory_ops_job *j = &out->jobs[out->job_count++];
		const char *job = (const char *)sqlite3_column_text(s, 0);
		const char *day = (const char *)sqlite3_column_text(s, 1);

		snprintf(j->job, sizeof(j->job), "%s", job ? job : "");
		snprintf(j->day, sizeof(j->day), "%s", day ? day : "");
		j->finished_at = sqlite3_column_int64(s, 2);
		j->affected = sqlite3_column_int64(s, 3);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return raw_error(h, rc, "job_runs");
	return 0;
}

int petory__sqlite_ops_stats(petory *db, petory_ops_stats *out)
{
	int error = 0, rc;

	PETORY__WITH_CONN(db, conn, {
		rc = sqlite3_exec(conn->db, "BEGIN", NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			error = raw_error(conn->db, rc, "begin");
			break;
		}
		error = census(conn->db, out);
		sqlite3_exec(conn->db, "COMMIT", NULL, NULL, NULL);
	});
	return error;
}
