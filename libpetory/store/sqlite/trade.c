/* trade.c -- the SQLite side of the trade board and its images (the
 * table petory__sqlite_trades, serving domain/trade.c).
 *
 * A listing's files are private exactly while it is HIDDEN or DELETED:
 * attaching files and moving the status rewrite the flag of every file of
 * the listing in the same transaction.  A status move is a compare and
 * set on the status the caller decided on (WHERE status = from), so two
 * racing moves cannot both apply; the loser learns the current status
 * and the domain, which owns the transition table, judges again.
 */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_internal.h"

#define WITH_CONN PETORY__WITH_STORE_CONN

static int trade_absent(void)
{
	return petory_error_set(PETORY_ENOTFOUND, NULL, "no such listing");
}

/* The current status of listing id into *status_out, or *outcome_out
 * ABSENT when there is no such listing. */
static int read_status(petory_store_outcome *outcome_out, int *status_out,
	petory__conn *conn, int64_t id)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_TRADE_STATUS);
	int rc, error = 0;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*status_out = sqlite3_column_int(s, 0);
	else if (rc == SQLITE_DONE)
		*outcome_out = PETORY_STORE_ABSENT;
	else
		error = petory__sqlite_error(conn, rc, "trade status");
	petory__stmt_done(s);
	return error;
}

/* Columns 0..9 of PETORY__TRADE_COLUMNS. */
static int read_trade(void *obj, sqlite3_stmt *s)
{
	petory_trade_post *p = obj;
	int error;
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(s, 0);
	p->seller_id = sqlite3_column_int64(s, 1);
	p->category = (petory_trade_category)sqlite3_column_int(s, 3);
	p->price = sqlite3_column_int64(s, 6);
	p->status = (petory_trade_status)sqlite3_column_int(s, 7);
	p->created_at = sqlite3_column_int64(s, 8);
	p->updated_at = sqlite3_column_int64(s, 9);
	if ((error = petory__column_text(&p->seller_nickname, s, 2)) < 0 ||
		(error = petory__column_text(&p->title, s, 4)) < 0 ||
		(error = petory__column_text(&p->content, s, 5)) < 0)
		return error;
	return 0;
}

/* Inside a transaction: attach keys, add the image rows and set the
 * privacy of every file of the listing from its status. */
static int add_images(petory__conn *conn, int64_t post_id, int64_t owner_id,
	const char *const *keys, size_t count, petory_time_ms now)
{
	sqlite3_stmt *priv =
		petory__stmt(conn, PETORY__STMT_TRADE_FILES_PRIVATE);
	int error = 0;
	if (!priv)
		return petory_error_last()->code;
	if (!count)
		return 0;
	error = petory__sqlite_attach(
		conn, keys, count, owner_id, PETORY_FILE_TRADE_BOARD, 0, now);
	if (!error)
		error = petory__sqlite_add_image_rows(conn,
			PETORY__STMT_TRADE_IMAGE_INSERT, post_id, keys, count,
			now);
	if (!error) {
		sqlite3_bind_int64(priv, 1, post_id);
		error = petory__step_done(conn, priv, 0);
	}
	return error;
}

static int trade_insert(petory_store *st, petory_trade_post *post,
	const char *const *keys, size_t count, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_TRADE_INSERT);
		int64_t id;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		sqlite3_bind_int64(s, 1, post->seller_id);
		sqlite3_bind_int(s, 2, (int)post->category);
		sqlite3_bind_text(s, 3, post->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, post->content, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, post->price);
		sqlite3_bind_int64(s, 6, now);
		error = petory__step_done(conn, s, 0);
		id = sqlite3_last_insert_rowid(conn->db);
		if (!error)
			error = add_images(
				conn, id, post->seller_id, keys, count, now);
		if ((error = petory__tx_end(conn, error)) == 0) {
			post->id = id;
			post->created_at = post->updated_at = now;
		}
	});
	return error;
}

static int trade_get(petory_trade_post **out, petory_store *st, int64_t id)
{
	petory_trade_post *p = NULL;
	int error = 0;
	*out = NULL;
	if (!(p = calloc(1, sizeof(*p))))
		return petory__error_oom();
	WITH_CONN(st, conn,
		error = petory__sqlite_row_with_images(conn,
			PETORY__STMT_TRADE_GET, PETORY__STMT_TRADE_IMAGES, id,
			read_trade, p, &p->images, &p->image_count,
			trade_absent, "trade_get"));
	if (error) {
		petory_trade_post_free(p);
		return error;
	}
	*out = p;
	return 0;
}

static void bind_filters(
	sqlite3_stmt *s, int64_t seller_id, int category, const char *scan)
{
	sqlite3_bind_int64(s, 1, seller_id);
	sqlite3_bind_int(s, 2, category);
	petory__bind_text_or_null(s, 3, scan);
}

/* A list item: the listing and its first image (columns 10..13). */
static int read_listed_trade(void *obj, sqlite3_stmt *s)
{
	petory_trade_post *p = obj;
	int error = read_trade(p, s);
	return error ? error
		     : petory__sqlite_first_image(
			       &p->images, &p->image_count, s, 10);
}

static int trade_list(petory_trade_page *out, petory_store *st,
	int64_t seller_id, int category, const char *scan, int64_t offset,
	int64_t limit)
{
	void *items = NULL;
	int error = 0;
	memset(out, 0, sizeof(*out));
	WITH_CONN(st, conn, {
		sqlite3_stmt *count =
			petory__stmt(conn, PETORY__STMT_TRADE_COUNT);
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_TRADE_LIST);
		if (!count || !s) {
			error = petory_error_last()->code;
			break;
		}
		bind_filters(count, seller_id, category, scan);
		bind_filters(s, seller_id, category, scan);
		error = petory__sqlite_page(&items, &out->count, &out->total,
			conn, count, s, offset, limit, sizeof(*out->items),
			read_listed_trade, "trade_list");
	});
	out->items = items;
	if (error)
		petory_trade_page_dispose(out);
	return error;
}

static int trade_update(petory_store_outcome *outcome_out, petory_store *st,
	int64_t id, int category, const char *title, const char *content,
	int64_t price, int64_t owner_id, const char *const *keys, size_t count,
	petory_time_ms now)
{
	petory_store_outcome outcome = PETORY_STORE_APPLIED;
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_TRADE_UPDATE);
		int status = 0;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, category);
		petory__bind_text_or_null(s, 3, title);
		petory__bind_text_or_null(s, 4, content);
		sqlite3_bind_int64(s, 5, price);
		sqlite3_bind_int64(s, 6, now);
		/* nothing changed: the listing is absent or DELETED */
		if ((error = petory__step_done(conn, s, 1)) ==
				PETORY_ENOTFOUND &&
			(error = read_status(&outcome, &status, conn, id)) ==
				0 &&
			outcome == PETORY_STORE_APPLIED)
			outcome = PETORY_STORE_INACTIVE;
		if (!error && outcome == PETORY_STORE_APPLIED)
			error = add_images(
				conn, id, owner_id, keys, count, now);
		error = petory__tx_end(conn, error);
	});
	*outcome_out = outcome;
	return error;
}

static int trade_set_status(petory_store_outcome *outcome_out, int *status_out,
	petory_store *st, int64_t id, int from, int to, petory_time_ms now)
{
	petory_store_outcome outcome = PETORY_STORE_APPLIED;
	int status = to, error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_TRADE_SET_STATUS);
		sqlite3_stmt *priv =
			petory__stmt(conn, PETORY__STMT_TRADE_FILES_PRIVATE);
		if (!s || !priv) {
			error = petory_error_last()->code;
			break;
		}
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, from);
		sqlite3_bind_int(s, 3, to);
		sqlite3_bind_int64(s, 4, now);
		/* nothing changed: the listing is absent or no longer from */
		if ((error = petory__step_done(conn, s, 1)) ==
				PETORY_ENOTFOUND &&
			(error = read_status(&outcome, &status, conn, id)) ==
				0 &&
			outcome == PETORY_STORE_APPLIED)
			outcome = PETORY_STORE_STATE_DIFFERS;
		if (!error && outcome == PETORY_STORE_APPLIED) {
			sqlite3_bind_int64(priv, 1, id);
			error = petory__step_done(conn, priv, 0);
		}
		error = petory__tx_end(conn, error);
	});
	*outcome_out = outcome;
	*status_out = outcome == PETORY_STORE_ABSENT ? -1 : status;
	return error;
}

static int trade_image_delete(petory_file_key *key_out, petory_store *st,
	int64_t post_id, int64_t image_id)
{
	return petory__sqlite_image_delete(key_out, st,
		PETORY__STMT_TRADE_IMAGE_DELETE, image_id, post_id);
}

const petory_store_trades petory__sqlite_trades = {
	.version = PETORY_STORE_TRADES_VERSION,
	.trade_insert = trade_insert,
	.trade_get = trade_get,
	.trade_list = trade_list,
	.trade_update = trade_update,
	.trade_set_status = trade_set_status,
	.trade_image_delete = trade_image_delete,
};
