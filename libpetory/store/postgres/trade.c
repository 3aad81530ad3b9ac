/* trade.c -- the PostgreSQL side of the trade board and its images (the
 * table petory__pg_trades, serving domain/trade.c; the SQLite twin is
 * store/sqlite/trade.c).
 *
 * Every change of a listing first locks its row (TRADE_STATUS_LOCK, FOR
 * UPDATE) and reads its status there, so the status it judges by cannot
 * move before it commits.  A status move is therefore a compare and set:
 * it applies only when the locked status is `from`; otherwise nothing is
 * written and the status found is reported, and the domain, which owns
 * the transition table, judges again.  A listing's files are private
 * exactly while it is HIDDEN or DELETED: attaching files and moving the
 * status rewrite the flag of every file of the listing, under the same
 * lock and in the same transaction.  Reads of a listing with its images,
 * or of a page with its total, run in one REPEATABLE READ snapshot.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_rows.h"

#define DELETED 4 /* PETORY_TRADE_DELETED, final */

static int trade_absent(void)
{
	return petory_error_set(PETORY_ENOTFOUND, NULL, "no such listing");
}

/* Columns 0..9 of PETORY__PG_TRADE_COLUMNS. */
static int read_trade(void *obj, const PGresult *r, int row)
{
	petory_trade_post *p = obj;
	int category = 0, status = 0, error;
	memset(p, 0, sizeof(*p));
	if ((error = petory__pg_get_int64(&p->id, r, row, 0)) < 0 ||
		(error = petory__pg_get_int64(&p->seller_id, r, row, 1)) < 0 ||
		(error = petory__pg_get_int(&category, r, row, 3)) < 0 ||
		(error = petory__pg_get_int64(&p->price, r, row, 6)) < 0 ||
		(error = petory__pg_get_int(&status, r, row, 7)) < 0 ||
		(error = petory__pg_get_int64(&p->created_at, r, row, 8)) < 0 ||
		(error = petory__pg_get_int64(&p->updated_at, r, row, 9)) < 0 ||
		(error = petory__pg_get_text(&p->seller_nickname, r, row, 2)) <
			0 ||
		(error = petory__pg_get_text(&p->title, r, row, 4)) < 0 ||
		(error = petory__pg_get_text(&p->content, r, row, 5)) < 0)
		return error;
	p->category = (petory_trade_category)category;
	p->status = (petory_trade_status)status;
	return 0;
}

/* A list item: the listing and its first image (columns 10..13). */
static int read_listed_trade(void *obj, const PGresult *r, int row)
{
	petory_trade_post *p = obj;
	int error = read_trade(p, r, row);
	return error ? error
		     : petory__pg_first_image(
			       &p->images, &p->image_count, r, row, 10);
}

/* Inside a transaction: lock listing id and read its status into
 * *status_out; *present_out 0 when there is no such listing. */
static int lock_status(
	int *present_out, int *status_out, petory__pg_conn *conn, int64_t id)
{
	petory__pg_params p;
	PGresult *r;
	int error;
	*present_out = 0;
	*status_out = -1;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_TRADE_STATUS_LOCK, &p)) < 0)
		return error;
	if (PQntuples(r) > 0) {
		*present_out = 1;
		error = petory__pg_get_int(status_out, r, 0, 0);
	}
	PQclear(r);
	return error;
}

/* Inside a transaction: the privacy of every file of listing id follows
 * its status. */
static int files_follow_status(petory__pg_conn *conn, int64_t id)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	return petory__pg_exec(
		NULL, conn, PETORY__PG_STMT_TRADE_FILES_PRIVATE, &p);
}

/* Inside a transaction, with the listing locked or new: attach keys, add
 * the image rows and set the privacy of every file of the listing. */
static int add_images(petory__pg_conn *conn, int64_t post_id, int64_t owner_id,
	const char *const *keys, size_t count, petory_time_ms now)
{
	int error;
	if (!count)
		return 0;
	if ((error = petory__pg_attach(conn, keys, count, owner_id,
		     PETORY_FILE_TRADE_BOARD, 0, now)) < 0 ||
		(error = petory__pg_add_image_rows(conn,
			 PETORY__PG_STMT_TRADE_IMAGE_INSERT, post_id, keys,
			 count, now)) < 0)
		return error;
	return files_follow_status(conn, post_id);
}

typedef struct trade_write {
	petory_trade_post *post;
	int64_t id; /* of the listing, new or changed */
	int category, from, to;
	const char *title, *content;
	int64_t price, owner_id;
	const char *const *keys;
	size_t count;
	petory_time_ms now;
	/* out */
	petory_store_outcome outcome;
	int status;
} trade_write;

static int insert_body(petory__pg_conn *conn, void *payload)
{
	trade_write *w = payload;
	petory__pg_params p;
	PGresult *r;
	int error;
	w->id = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, w->post->seller_id);
	petory__pg_param_int64(&p, (int64_t)w->post->category);
	petory__pg_param_text(&p, w->post->title);
	petory__pg_param_text(&p, w->post->content);
	petory__pg_param_int64(&p, w->post->price);
	petory__pg_param_int64(&p, w->now);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_TRADE_INSERT, &p)) < 0)
		return error;
	error = petory__pg_get_int64(&w->id, r, 0, 0);
	PQclear(r);
	if (error)
		return error;
	return add_images(
		conn, w->id, w->post->seller_id, w->keys, w->count, w->now);
}

static int trade_insert(petory_store *st, petory_trade_post *post,
	const char *const *keys, size_t count, petory_time_ms now)
{
	trade_write w = {
		.post = post, .keys = keys, .count = count, .now = now
	};
	int error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, insert_body, &w);
	if (error == 0) {
		post->id = w.id;
		post->created_at = post->updated_at = now;
	}
	return error;
}

typedef struct trade_read {
	int64_t id;
	petory_trade_post *post;
} trade_read;

static int get_body(petory__pg_conn *conn, void *payload)
{
	trade_read *g = payload;
	petory_trade_post_free(g->post);
	if (!(g->post = calloc(1, sizeof(*g->post))))
		return petory__error_oom();
	return petory__pg_row_with_images(conn, PETORY__PG_STMT_TRADE_GET,
		PETORY__PG_STMT_TRADE_IMAGES, g->id, read_trade, g->post,
		&g->post->images, &g->post->image_count, trade_absent);
}

static int trade_get(petory_trade_post **out, petory_store *st, int64_t id)
{
	trade_read g = { id, NULL };
	int error = petory__pg_transact(
		PETORY__PG_POOL(st), PETORY__PG_REPEATABLE_READ, get_body, &g);
	if (error) {
		petory_trade_post_free(g.post);
		g.post = NULL;
	}
	*out = g.post;
	return error;
}

typedef struct trade_list_run {
	petory_trade_page *out;
	const petory__pg_params *filters;
	int64_t offset, limit;
} trade_list_run;

static int list_body(petory__pg_conn *conn, void *payload)
{
	trade_list_run *l = payload;
	void *items = NULL;
	int error;
	petory_trade_page_dispose(l->out);
	error = petory__pg_page(&items, &l->out->count, &l->out->total, conn,
		PETORY__PG_STMT_TRADE_COUNT, PETORY__PG_STMT_TRADE_LIST,
		l->filters, l->offset, l->limit, sizeof(*l->out->items),
		read_listed_trade);
	l->out->items = items;
	return error;
}

static int trade_list(petory_trade_page *out, petory_store *st,
	int64_t seller_id, int category, const char *scan, int64_t offset,
	int64_t limit)
{
	petory__pg_params filters;
	trade_list_run l = { out, &filters, offset, limit };
	int error;
	memset(out, 0, sizeof(*out));
	petory__pg_params_init(&filters);
	petory__pg_param_int64(&filters, seller_id);
	petory__pg_param_int64(&filters, category);
	petory__pg_param_text(&filters, scan);
	error = petory__pg_transact(
		PETORY__PG_POOL(st), PETORY__PG_REPEATABLE_READ, list_body, &l);
	if (error)
		petory_trade_page_dispose(out);
	return error;
}

static int update_body(petory__pg_conn *conn, void *payload)
{
	trade_write *w = payload;
	petory__pg_params p;
	int present, error;
	w->outcome = PETORY_STORE_ABSENT;
	if ((error = lock_status(&present, &w->status, conn, w->id)) < 0 ||
		!present)
		return error;
	if (w->status == DELETED) {
		w->outcome = PETORY_STORE_INACTIVE;
		return 0;
	}
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, w->id);
	petory__pg_param_int64(&p, w->category);
	petory__pg_param_text(&p, w->title);
	petory__pg_param_text(&p, w->content);
	petory__pg_param_int64(&p, w->price);
	petory__pg_param_int64(&p, w->now);
	if ((error = petory__pg_exec(
		     NULL, conn, PETORY__PG_STMT_TRADE_UPDATE, &p)) < 0 ||
		(error = add_images(conn, w->id, w->owner_id, w->keys, w->count,
			 w->now)) < 0)
		return error;
	w->outcome = PETORY_STORE_APPLIED;
	return 0;
}

static int trade_update(petory_store_outcome *outcome_out, petory_store *st,
	int64_t id, int category, const char *title, const char *content,
	int64_t price, int64_t owner_id, const char *const *keys, size_t count,
	petory_time_ms now)
{
	trade_write w = { .id = id,
		.category = category,
		.title = title,
		.content = content,
		.price = price,
		.owner_id = owner_id,
		.keys = keys,
		.count = count,
		.now = now };
	int error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, update_body, &w);
	*outcome_out = w.outcome;
	return error;
}

static int set_status_body(petory__pg_conn *conn, void *payload)
{
	trade_write *w = payload;
	petory__pg_params p;
	int present, error;
	w->outcome = PETORY_STORE_ABSENT;
	if ((error = lock_status(&present, &w->status, conn, w->id)) < 0 ||
		!present)
		return error;
	if (w->status != w->from) {
		w->outcome = PETORY_STORE_STATE_DIFFERS;
		return 0;
	}
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, w->id);
	petory__pg_param_int64(&p, w->to);
	petory__pg_param_int64(&p, w->now);
	if ((error = petory__pg_exec(
		     NULL, conn, PETORY__PG_STMT_TRADE_SET_STATUS, &p)) < 0 ||
		(error = files_follow_status(conn, w->id)) < 0)
		return error;
	w->outcome = PETORY_STORE_APPLIED;
	w->status = w->to;
	return 0;
}

static int trade_set_status(petory_store_outcome *outcome_out, int *status_out,
	petory_store *st, int64_t id, int from, int to, petory_time_ms now)
{
	trade_write w = { .id = id, .from = from, .to = to, .now = now };
	int error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, set_status_body, &w);
	*outcome_out = w.outcome;
	*status_out = w.outcome == PETORY_STORE_ABSENT ? -1 : w.status;
	return error;
}

static int trade_image_delete(petory_file_key *key_out, petory_store *st,
	int64_t post_id, int64_t image_id)
{
	return petory__pg_image_delete(key_out, st,
		PETORY__PG_STMT_TRADE_IMAGE_DELETE, image_id, true, post_id);
}

const petory_store_trades petory__pg_trades = {
	.version = PETORY_STORE_TRADES_VERSION,
	.trade_insert = trade_insert,
	.trade_get = trade_get,
	.trade_list = trade_list,
	.trade_update = trade_update,
	.trade_set_status = trade_set_status,
	.trade_image_delete = trade_image_delete,
};
