/* board.c -- the SQLite side of owner boards, their images and comments
 * (the table petory__sqlite_boards, serving domain/board.c).
 *
 * Methods report facts: ENOTFOUND for a post or comment that is not
 * there (or, where a method names it, a post that is deleted), and the
 * outcome of a soft delete or an image attach; the domain turns them
 * into the API's reasons.
 *
 * The FTS5 index owner_boards_fts (trigram) is an external-content index
 * kept in step by triggers on owner_boards, so every insert, edit and
 * delete of a post changes the index in the same transaction.
 * comment_count is kept by the transactions that add or delete a comment,
 * so lists need no query per row.  A comment is only added to a live
 * post: the count update that checks it runs in the comment's
 * transaction, together with the writer's notification.  A soft-deleted
 * post's files turn private, and public again on restore.
 */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_internal.h"

#define WITH_CONN PETORY__WITH_STORE_CONN

static int post_absent(void)
{
	return petory_error_set(PETORY_ENOTFOUND, NULL, "no such post");
}

static int live_post_absent(void)
{
	return petory_error_set(
		PETORY_ENOTFOUND, NULL, "no such post that is not deleted");
}

static int comment_absent(void)
{
	return petory_error_set(PETORY_ENOTFOUND, NULL, "no such comment");
}

/* Columns 0..8 of PETORY__BOARD_COLUMNS. */
static int read_post(void *obj, sqlite3_stmt *s)
{
	petory_board_post *p = obj;
	int error;
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(s, 0);
	p->writer_id = sqlite3_column_int64(s, 1);
	p->comment_count = sqlite3_column_int64(s, 5);
	p->created_at = sqlite3_column_int64(s, 6);
	p->updated_at = sqlite3_column_int64(s, 7);
	p->deleted_at = sqlite3_column_int64(s, 8);
	if ((error = petory__column_text(&p->writer_nickname, s, 2)) < 0 ||
		(error = petory__column_text(&p->title, s, 3)) < 0 ||
		(error = petory__column_text(&p->content, s, 4)) < 0)
		return error;
	return 0;
}

/* Columns of PETORY__COMMENT_SELECT. */
static int read_comment(petory_board_comment *c, sqlite3_stmt *s)
{
	int error;
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(s, 0);
	c->post_id = sqlite3_column_int64(s, 1);
	c->writer_id = sqlite3_column_int64(s, 2);
	c->created_at = sqlite3_column_int64(s, 5);
	c->updated_at = sqlite3_column_int64(s, 6);
	if ((error = petory__column_text(&c->writer_nickname, s, 3)) < 0 ||
		(error = petory__column_text(&c->content, s, 4)) < 0)
		return error;
	return 0;
}

static void comments_free(petory_board_comment *items, size_t count)
{
	size_t i;
	for (i = 0; i < count; i++) {
		free(items[i].writer_nickname);
		free(items[i].content);
	}
	free(items);
}

/* Step a bound comment query into a malloc'd array (at most limit). */
static int read_comments(petory_board_comment **out, size_t *count_out,
	petory__conn *conn, sqlite3_stmt *s, int64_t limit)
{
	petory_board_comment *items = NULL;
	size_t count = 0;
	int rc, error = 0;
	*out = NULL;
	*count_out = 0;
	if (limit > 0 && !(items = calloc((size_t)limit, sizeof(*items))))
		error = petory__error_oom();
	while (!error && (rc = sqlite3_step(s)) == SQLITE_ROW &&
		count < (size_t)limit)
		error = read_comment(&items[count++], s);
	if (!error && rc != SQLITE_DONE && rc != SQLITE_ROW)
		error = petory__sqlite_error(conn, rc, "comments");
	petory__stmt_done(s);
	if (error) {
		comments_free(items, count);
		return error;
	}
	*out = items;
	*count_out = count;
	return 0;
}

/* Where post_id stands: ABSENT, INACTIVE (soft-deleted), or APPLIED
 * (live: a change to a live post may apply). */
static int post_state(
	petory_store_outcome *state_out, petory__conn *conn, int64_t post_id)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_BOARD_LIVE);
	int rc, error = 0;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, post_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*state_out = sqlite3_column_int(s, 0) ? PETORY_STORE_APPLIED
						      : PETORY_STORE_INACTIVE;
	else if (rc == SQLITE_DONE)
		*state_out = PETORY_STORE_ABSENT;
	else
		error = petory__sqlite_error(conn, rc, "board state");
	petory__stmt_done(s);
	return error;
}

/* Inside a transaction: attach keys to the live post post_id (public)
 * and add the image rows. */
static int add_images(petory__conn *conn, int64_t post_id, int64_t owner_id,
	const char *const *keys, size_t count, petory_time_ms now)
{
	int error = 0;
	if (count)
		error = petory__sqlite_attach(conn, keys, count, owner_id,
			PETORY_FILE_OWNER_BOARD, 0, now);
	if (!error)
		error = petory__sqlite_add_image_rows(conn,
			PETORY__STMT_BOARD_IMAGE_INSERT, post_id, keys, count,
			now);
	return error;
}

static int board_insert(petory_store *st, petory_board_post *post,
	const char *const *keys, size_t count, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_BOARD_INSERT);
		int64_t id;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		sqlite3_bind_int64(s, 1, post->writer_id);
		sqlite3_bind_text(s, 2, post->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, post->content, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 4, now);
		error = petory__step_done(conn, s, 0);
		id = sqlite3_last_insert_rowid(conn->db);
		if (!error)
			error = add_images(
				conn, id, post->writer_id, keys, count, now);
		if ((error = petory__tx_end(conn, error)) == 0) {
			post->id = id;
			post->created_at = post->updated_at = now;
		}
	});
	return error;
}

static int board_get(petory_board_post **out, petory_store *st, int64_t id,
	int64_t comment_limit)
{
	petory_board_post *p = NULL;
	int error = 0;
	*out = NULL;
	if (!(p = calloc(1, sizeof(*p))))
		return petory__error_oom();
	WITH_CONN(st, conn, {
		sqlite3_stmt *com =
			petory__stmt(conn, PETORY__STMT_BOARD_COMMENTS);
		if (!com) {
			error = petory_error_last()->code;
			break;
		}
		if ((error = petory__sqlite_row_with_images(conn,
			     PETORY__STMT_BOARD_GET, PETORY__STMT_BOARD_IMAGES,
			     id, read_post, p, &p->images, &p->image_count,
			     post_absent, "board_get")) < 0)
			break;
		sqlite3_bind_int64(com, 1, id);
		sqlite3_bind_int64(com, 2, 0);
		sqlite3_bind_int64(com, 3, comment_limit);
		error = read_comments(&p->comments, &p->comments_shown, conn,
			com, comment_limit);
	});
	if (error) {
		petory_board_post_free(p);
		return error;
	}
	*out = p;
	return 0;
}

static void bind_filters(
	sqlite3_stmt *s, const char *title, const char *match, const char *scan)
{
	petory__bind_text_or_null(s, 1, title);
	if (match)
		sqlite3_bind_text(s, 2, match, -1, SQLITE_STATIC);
	petory__bind_text_or_null(s, 3, scan);
}

/* A list item: the post and its first image (columns 9..12). */
static int read_listed_post(void *obj, sqlite3_stmt *s)
{
	petory_board_post *p = obj;
	int error = read_post(p, s);
	return error ? error
		     : petory__sqlite_first_image(
			       &p->images, &p->image_count, s, 9);
}

static int board_list(petory_board_page *out, petory_store *st,
	const char *title, const char *match, const char *scan, int64_t offset,
	int64_t limit)
{
	void *items = NULL;
	int error = 0;
	memset(out, 0, sizeof(*out));
	WITH_CONN(st, conn, {
		sqlite3_stmt *count = petory__stmt(
			conn, match ? PETORY__STMT_BOARD_SEARCH_COUNT
				    : PETORY__STMT_BOARD_COUNT);
		sqlite3_stmt *s =
			petory__stmt(conn, match ? PETORY__STMT_BOARD_SEARCH
						 : PETORY__STMT_BOARD_LIST);
		if (!count || !s) {
			error = petory_error_last()->code;
			break;
		}
		bind_filters(count, title, match, scan);
		bind_filters(s, title, match, scan);
		error = petory__sqlite_page(&items, &out->count, &out->total,
			conn, count, s, offset, limit, sizeof(*out->items),
			read_listed_post, "board_list");
	});
	out->items = items;
	if (error)
		petory_board_page_dispose(out);
	return error;
}

static int board_update(petory_store *st, int64_t id, const char *title,
	const char *content, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_BOARD_UPDATE);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, id);
		petory__bind_text_or_null(s, 2, title);
		petory__bind_text_or_null(s, 3, content);
		sqlite3_bind_int64(s, 4, now);
		if ((error = petory__step_done(conn, s, 1)) == PETORY_ENOTFOUND)
			error = live_post_absent();
	});
	return error;
}

static int board_set_deleted(petory_store_outcome *outcome_out,
	petory_store *st, int64_t id, int deleted, petory_time_ms now)
{
	petory_store_outcome outcome = PETORY_STORE_APPLIED;
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_BOARD_SET_DELETED);
		sqlite3_stmt *files =
			petory__stmt(conn, PETORY__STMT_BOARD_FILES_PRIVATE);
		if (!s || !files) {
			error = petory_error_last()->code;
			break;
		}
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, deleted ? 1 : 0);
		sqlite3_bind_int64(s, 3, now);
		/* nothing changed: the post is absent, or already so */
		if ((error = petory__step_done(conn, s, 1)) ==
				PETORY_ENOTFOUND &&
			(error = post_state(&outcome, conn, id)) == 0 &&
			outcome != PETORY_STORE_ABSENT)
			outcome = PETORY_STORE_UNCHANGED;
		if (!error && outcome == PETORY_STORE_APPLIED) {
			sqlite3_bind_int64(files, 1, id);
			sqlite3_bind_int(files, 2, deleted ? 1 : 0);
			error = petory__step_done(conn, files, 0);
		}
		error = petory__tx_end(conn, error);
	});
	*outcome_out = outcome;
	return error;
}

static int board_add_images(petory_store_outcome *outcome_out, petory_store *st,
	int64_t id, int64_t owner_id, const char *const *keys, size_t count,
	petory_time_ms now)
{
	int error = 0;
	*outcome_out = PETORY_STORE_ABSENT;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		if ((error = post_state(outcome_out, conn, id)) == 0 &&
			*outcome_out == PETORY_STORE_APPLIED)
			error = add_images(
				conn, id, owner_id, keys, count, now);
		error = petory__tx_end(conn, error);
	});
	return error;
}

static int board_image_delete(petory_file_key *key_out, petory_store *st,
	int64_t post_id, int64_t image_id)
{
	return petory__sqlite_image_delete(key_out, st,
		PETORY__STMT_BOARD_IMAGE_DELETE, image_id, post_id);
}

/* Inside a transaction: notification n (the same insert as every other
 * notification). */
static int insert_notification(petory__conn *conn, petory_notification *n)
{
	sqlite3_stmt *ins =
		petory__stmt(conn, PETORY__STMT_NOTIFICATION_INSERT);
	int error;
	if (!ins)
		return petory_error_last()->code;
	sqlite3_bind_int64(ins, 1, n->user_id);
	sqlite3_bind_int(ins, 2, (int)n->type);
	sqlite3_bind_text(ins, 3, n->content, -1, SQLITE_STATIC);
	petory__bind_text_or_null(ins, 4, n->link);
	sqlite3_bind_int64(ins, 5, n->created_at);
	if ((error = petory__step_done(conn, ins, 0)) == 0)
		n->id = sqlite3_last_insert_rowid(conn->db);
	return error;
}

static int board_comment_insert(petory_store *st, petory_board_comment *c,
	petory_notification *n, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *bump = petory__stmt(
			conn, PETORY__STMT_BOARD_COMMENT_COUNT_ADD);
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_BOARD_COMMENT_INSERT);
		int64_t id = 0;
		if (!bump || !s) {
			error = petory_error_last()->code;
			break;
		}
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		sqlite3_bind_int64(bump, 1, c->post_id);
		sqlite3_bind_int(bump, 2, 1);
		if ((error = petory__step_done(conn, bump, 1)) ==
			PETORY_ENOTFOUND)
			error = live_post_absent();
		if (!error) {
			sqlite3_bind_int64(s, 1, c->post_id);
			sqlite3_bind_int64(s, 2, c->writer_id);
			sqlite3_bind_text(s, 3, c->content, -1, SQLITE_STATIC);
			sqlite3_bind_int64(s, 4, now);
			error = petory__step_done(conn, s, 0);
			id = sqlite3_last_insert_rowid(conn->db);
		}
		if (!error && n)
			error = insert_notification(conn, n);
		if ((error = petory__tx_end(conn, error)) == 0) {
			c->id = id;
			c->created_at = c->updated_at = now;
		}
	});
	return error;
}

static int board_comment_get(
	petory_board_comment **out, petory_store *st, int64_t id)
{
	petory_board_comment *items = NULL;
	size_t count = 0;
	int error = 0;
	*out = NULL;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_BOARD_COMMENT_GET);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, id);
		error = read_comments(&items, &count, conn, s, 1);
	});
	if (!error && count == 0)
		error = comment_absent();
	if (error) {
		comments_free(items, count);
		return error;
	}
	*out = items;
	return 0;
}

static int board_comment_list(petory_board_comment_page *out, petory_store *st,
	int64_t post_id, int64_t offset, int64_t limit)
{
	int error = 0;
	memset(out, 0, sizeof(*out));
	WITH_CONN(st, conn, {
		sqlite3_stmt *post = petory__stmt(conn, PETORY__STMT_BOARD_GET);
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_BOARD_COMMENTS);
		int rc;
		if (!post || !s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(post, 1, post_id);
		rc = sqlite3_step(post);
		if (rc == SQLITE_ROW &&
			sqlite3_column_type(post, 8) == SQLITE_NULL)
			out->total = sqlite3_column_int64(post, 5);
		else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			error = live_post_absent();
		else
			error = petory__sqlite_error(conn, rc, "board");
		petory__stmt_done(post);
		if (error)
			break;
		sqlite3_bind_int64(s, 1, post_id);
		sqlite3_bind_int64(s, 2, offset);
		sqlite3_bind_int64(s, 3, limit);
		error = read_comments(&out->items, &out->count, conn, s, limit);
	});
	return error;
}

static int board_comment_update(
	petory_store *st, int64_t id, const char *content, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_BOARD_COMMENT_UPDATE);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_text(s, 2, content, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, now);
		if ((error = petory__step_done(conn, s, 1)) == PETORY_ENOTFOUND)
			error = comment_absent();
	});
	return error;
}

static int board_comment_delete(petory_store *st, int64_t id)
{
	int error = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_BOARD_COMMENT_DELETE);
		sqlite3_stmt *bump = petory__stmt(
			conn, PETORY__STMT_BOARD_COMMENT_COUNT_ADD);
		int64_t post_id = 0;
		int rc;
		if (!s || !bump) {
			error = petory_error_last()->code;
			break;
		}
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		sqlite3_bind_int64(s, 1, id);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			post_id = sqlite3_column_int64(s, 0);
		else if (rc == SQLITE_DONE)
			error = comment_absent();
		else
			error = petory__sqlite_error(
				conn, rc, "comment delete");
		if (!error && (rc = sqlite3_step(s)) != SQLITE_DONE)
			error = petory__sqlite_error(
				conn, rc, "comment delete");
		petory__stmt_done(s);
		if (!error) {
			sqlite3_bind_int64(bump, 1, post_id);
			sqlite3_bind_int(bump, 2, -1);
			error = petory__step_done(conn, bump, 0);
		}
		error = petory__tx_end(conn, error);
	});
	return error;
}

const petory_store_boards petory__sqlite_boards = {
	.version = PETORY_STORE_BOARDS_VERSION,
	.board_insert = board_insert,
	.board_get = board_get,
	.board_list = board_list,
	.board_update = board_update,
	.board_set_deleted = board_set_deleted,
	.board_add_images = board_add_images,
	.board_image_delete = board_image_delete,
	.board_comment_insert = board_comment_insert,
	.board_comment_get = board_comment_get,
	.board_comment_list = board_comment_list,
	.board_comment_update = board_comment_update,
	.board_comment_delete = board_comment_delete,
};
