/* pending.c -- SCAFFOLDING while the PostgreSQL tables are written:
 * every method of a table not yet implemented answers ENOTSUPPORTED, so
 * that a handle on PostgreSQL opens and the finished tables can be
 * tested.  Each table leaves this file when its real one (store/postgres/
 * <domain>.c) lands; the file goes when the last one does.
 */
#include "store/postgres/pg_store.h"

static int pending(const char *method)
{
	return petory_error_set(PETORY_ENOTSUPPORTED, NULL,
		"the PostgreSQL store does not implement %s yet", method);
}

/* ---- boards ---- */

static int pending_board_insert(petory_store *st, petory_board_post *post,
	const char *const *keys, size_t count, petory_time_ms now)
{
	(void)st;
	(void)post;
	(void)keys;
	(void)count;
	(void)now;
	return pending("boards.board_insert");
}

static int pending_board_get(petory_board_post **out, petory_store *st,
	int64_t id, int64_t comment_limit)
{
	(void)out;
	(void)st;
	(void)id;
	(void)comment_limit;
	return pending("boards.board_get");
}

static int pending_board_list(petory_board_page *out, petory_store *st,
	const char *title, const char *match, const char *scan, int64_t offset,
	int64_t limit)
{
	(void)out;
	(void)st;
	(void)title;
	(void)match;
	(void)scan;
	(void)offset;
	(void)limit;
	return pending("boards.board_list");
}

static int pending_board_update(petory_store *st, int64_t id, const char *title,
	const char *content, petory_time_ms now)
{
	(void)st;
	(void)id;
	(void)title;
	(void)content;
	(void)now;
	return pending("boards.board_update");
}

static int pending_board_set_deleted(petory_store_outcome *outcome_out,
	petory_store *st, int64_t id, int deleted, petory_time_ms now)
{
	(void)outcome_out;
	(void)st;
	(void)id;
	(void)deleted;
	(void)now;
	return pending("boards.board_set_deleted");
}

static int pending_board_add_images(petory_store_outcome *outcome_out,
	petory_store *st, int64_t id, int64_t owner_id, const char *const *keys,
	size_t count, petory_time_ms now)
{
	(void)outcome_out;
	(void)st;
	(void)id;
	(void)owner_id;
	(void)keys;
	(void)count;
	(void)now;
	return pending("boards.board_add_images");
}

static int pending_board_image_delete(petory_file_key *key_out,
	petory_store *st, int64_t post_id, int64_t image_id)
{
	(void)key_out;
	(void)st;
	(void)post_id;
	(void)image_id;
	return pending("boards.board_image_delete");
}

static int pending_board_comment_insert(petory_store *st,
	petory_board_comment *comment, petory_notification *n,
	petory_time_ms now)
{
	(void)st;
	(void)comment;
	(void)n;
	(void)now;
	return pending("boards.board_comment_insert");
}

static int pending_board_comment_get(
	petory_board_comment **out, petory_store *st, int64_t id)
{
	(void)out;
	(void)st;
	(void)id;
	return pending("boards.board_comment_get");
}

static int pending_board_comment_list(petory_board_comment_page *out,
	petory_store *st, int64_t post_id, int64_t offset, int64_t limit)
{
	(void)out;
	(void)st;
	(void)post_id;
	(void)offset;
	(void)limit;
	return pending("boards.board_comment_list");
}

static int pending_board_comment_update(
	petory_store *st, int64_t id, const char *content, petory_time_ms now)
{
	(void)st;
	(void)id;
	(void)content;
	(void)now;
	return pending("boards.board_comment_update");
}

static int pending_board_comment_delete(petory_store *st, int64_t id)
{
	(void)st;
	(void)id;
	return pending("boards.board_comment_delete");
}

const petory_store_boards petory__pg_boards = {
	.version = PETORY_STORE_BOARDS_VERSION,
	.board_insert = pending_board_insert,
	.board_get = pending_board_get,
	.board_list = pending_board_list,
	.board_update = pending_board_update,
	.board_set_deleted = pending_board_set_deleted,
	.board_add_images = pending_board_add_images,
	.board_image_delete = pending_board_image_delete,
	.board_comment_insert = pending_board_comment_insert,
	.board_comment_get = pending_board_comment_get,
	.board_comment_list = pending_board_comment_list,
	.board_comment_update = pending_board_comment_update,
	.board_comment_delete = pending_board_comment_delete,
};
