/* board.c -- the PostgreSQL side of owner boards, their images and
 * comments (the table petory__pg_boards, serving domain/board.c; the
 * SQLite twin is store/sqlite/board.c).
 *
 * Methods report facts: ENOTFOUND for a post or comment that is not
 * there (or, where a method names it, a post that is deleted), and the
 * outcome of a soft delete or an image attach; the domain turns them into
 * the API's reasons.
 *
 * Search: SQLite matches an FTS5 phrase through a trigram index of title
 * and content; here the phrase's text is found in either column by an
 * ILIKE that their pg_trgm indexes serve (case folded as FTS5's trigram
 * tokenizer folds it, and nothing for fewer than 3 characters, as
 * trigrams cannot match those).  The domain passes one phrase, "…" with
 * inner quotes doubled; a bare word is taken as the same phrase; any other
 * FTS5 syntax is ENOTSUPPORTED.  The title and scan filters are
 * substrings with ASCII case folded, as SQLite's instr(lower()) has them.
 * No index to keep in step: the trigram indexes follow every write.
 *
 * Invariants: comment_count moves in the transaction that adds or deletes
 * a comment, by an atomic UPDATE (comment_count + 1) that also checks the
 * post is live, so counts stay exact under racing comments.  Images join
 * a live post under a share lock of its row, so a soft delete (which
 * turns every file of the post private in its own transaction) cannot
 * slip between the check and the attach.  Reads of a post with its images
 * and comments, or of a page with its total, run in one REPEATABLE READ
 * snapshot.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_notify.h"
#include "store/postgres/pg_rows.h"

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

/* Columns 0..8 of PETORY__PG_BOARD_COLUMNS. */
static int read_post(void *obj, const PGresult *r, int row)
{
	petory_board_post *p = obj;
	int error;
	memset(p, 0, sizeof(*p));
	if ((error = petory__pg_get_int64(&p->id, r, row, 0)) < 0 ||
		(error = petory__pg_get_int64(&p->writer_id, r, row, 1)) < 0 ||
		(error = petory__pg_get_int64(&p->comment_count, r, row, 5)) <
			0 ||
		(error = petory__pg_get_int64(&p->created_at, r, row, 6)) < 0 ||
		(error = petory__pg_get_int64(&p->updated_at, r, row, 7)) < 0 ||
		(error = petory__pg_get_int64(&p->deleted_at, r, row, 8)) < 0 ||
		(error = petory__pg_get_text(&p->writer_nickname, r, row, 2)) <
			0 ||
		(error = petory__pg_get_text(&p->title, r, row, 3)) < 0 ||
		(error = petory__pg_get_text(&p->content, r, row, 4)) < 0)
		return error;
	return 0;
}

/* A list item: the post and its first image (columns 9..12). */
static int read_listed_post(void *obj, const PGresult *r, int row)
{
	petory_board_post *p = obj;
	int error = read_post(p, r, row);
	return error ? error
		     : petory__pg_first_image(
			       &p->images, &p->image_count, r, row, 9);
}

/* Columns of PETORY__PG_COMMENT_SELECT. */
static int read_comment(void *obj, const PGresult *r, int row)
{
	petory_board_comment *c = obj;
	int error;
	memset(c, 0, sizeof(*c));
	if ((error = petory__pg_get_int64(&c->id, r, row, 0)) < 0 ||
		(error = petory__pg_get_int64(&c->post_id, r, row, 1)) < 0 ||
		(error = petory__pg_get_int64(&c->writer_id, r, row, 2)) < 0 ||
		(error = petory__pg_get_int64(&c->created_at, r, row, 5)) < 0 ||
		(error = petory__pg_get_int64(&c->updated_at, r, row, 6)) < 0 ||
		(error = petory__pg_get_text(&c->writer_nickname, r, row, 3)) <
			0 ||
		(error = petory__pg_get_text(&c->content, r, row, 4)) < 0)
		return error;
	return 0;
}

static void comment_free(void *c)
{
	petory_board_comment_free(c);
}

/* Up to limit comments of post_id from offset, oldest first, into a
 * malloc'd array; on failure *count_out counts what to free. */
static int read_comments(petory_board_comment **out, size_t *count_out,
	petory__pg_conn *conn, int64_t post_id, int64_t offset, int64_t limit)
{
	petory__pg_params p;
	PGresult *r;
	void *items = NULL;
	int error;
	*out = NULL;
	*count_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, post_id);
	petory__pg_param_int64(&p, offset);
	petory__pg_param_int64(&p, limit);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_BOARD_COMMENTS, &p)) < 0)
		return error;
	error = petory__pg_read_rows(
		&items, count_out, r, sizeof(**out), read_comment);
	PQclear(r);
	*out = items;
	return error;
}

/* Inside a transaction: where post_id stands, its row share-locked until
 * the transaction ends: ABSENT, INACTIVE (soft-deleted), or APPLIED
 * (live: a change to a live post may apply). */
static int lock_post_state(
	petory_store_outcome *state_out, petory__pg_conn *conn, int64_t post_id)
{
	petory__pg_params p;
	PGresult *r;
	int live = 0, error;
	*state_out = PETORY_STORE_ABSENT;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, post_id);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_BOARD_STATE_LOCK, &p)) < 0)
		return error;
	if (PQntuples(r) > 0 &&
		(error = petory__pg_get_int(&live, r, 0, 0)) == 0)
		*state_out =
			live ? PETORY_STORE_APPLIED : PETORY_STORE_INACTIVE;
	PQclear(r);
	return error;
}

/* Inside a transaction: attach keys to the live post post_id (public)
 * and add the image rows. */
static int add_images(petory__pg_conn *conn, int64_t post_id, int64_t owner_id,
	const char *const *keys, size_t count, petory_time_ms now)
{
	int error;
	if (!count)
		return 0;
	if ((error = petory__pg_attach(conn, keys, count, owner_id,
		     PETORY_FILE_OWNER_BOARD, 0, now)) < 0)
		return error;
	return petory__pg_add_image_rows(conn,
		PETORY__PG_STMT_BOARD_IMAGE_INSERT, post_id, keys, count, now);
}

/* ---- posts ---- */

typedef struct post_write {
	petory_board_post *post;
	int64_t id, owner_id;
	int deleted;
	const char *const *keys;
	size_t count;
	petory_time_ms now;
	petory_store_outcome outcome; /* out */
} post_write;

static int insert_body(petory__pg_conn *conn, void *payload)
{
	post_write *w = payload;
	petory__pg_params p;
	PGresult *r;
	int error;
	w->id = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, w->post->writer_id);
	petory__pg_param_text(&p, w->post->title);
	petory__pg_param_text(&p, w->post->content);
	petory__pg_param_int64(&p, w->now);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_BOARD_INSERT, &p)) < 0)
		return error;
	error = petory__pg_get_int64(&w->id, r, 0, 0);
	PQclear(r);
	if (error)
		return error;
	return add_images(
		conn, w->id, w->post->writer_id, w->keys, w->count, w->now);
}

static int board_insert(petory_store *st, petory_board_post *post,
	const char *const *keys, size_t count, petory_time_ms now)
{
	post_write w = {
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

typedef struct post_read {
	int64_t id, comment_limit;
	petory_board_post *post;
} post_read;

static int get_body(petory__pg_conn *conn, void *payload)
{
	post_read *g = payload;
	petory_board_post *p;
	int error;
	petory_board_post_free(g->post);
	if (!(p = g->post = calloc(1, sizeof(*p))))
		return petory__error_oom();
	if ((error = petory__pg_row_with_images(conn, PETORY__PG_STMT_BOARD_GET,
		     PETORY__PG_STMT_BOARD_IMAGES, g->id, read_post, p,
		     &p->images, &p->image_count, post_absent)) < 0)
		return error;
	return read_comments(&p->comments, &p->comments_shown, conn, g->id, 0,
		g->comment_limit);
}

static int board_get(petory_board_post **out, petory_store *st, int64_t id,
	int64_t comment_limit)
{
	post_read g = { id, comment_limit, NULL };
	int error = petory__pg_transact(
		PETORY__PG_POOL(st), PETORY__PG_REPEATABLE_READ, get_body, &g);
	if (error) {
		petory_board_post_free(g.post);
		g.post = NULL;
	}
	*out = g.post;
	return error;
}

/* The text of the FTS5 query `match`: one phrase "…" (inner quotes
 * doubled, as domain/board.c writes it) or one bare word, which FTS5
 * reads as the same phrase.  ENOTSUPPORTED for any other query. */
static int phrase_text(char **out, const char *match)
{
	static const char *const operators[] = { "AND", "OR", "NOT", "NEAR" };
	size_t n = strlen(match), i, j = 0;
	char *text;
	*out = NULL;
	if (!(text = malloc(n + 1)))
		return petory__error_oom();
	if (match[0] == '"') {
		for (i = 1; i < n; i++) {
			if (match[i] == '"' && match[i + 1] == '"')
				text[j++] = match[i++];
			else if (match[i] == '"')
				break;
			else
				text[j++] = match[i];
		}
		/* the closing quote, then nothing but spaces */
		if (i >= n || strspn(match + i + 1, " \t\r\n") != n - i - 1)
			goto unsupported;
	} else {
		if (n == 0)
			goto unsupported;
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)match[i];
			if (!(c >= 0x80 || c == '_' || c == 0x1a ||
				    (c >= '0' && c <= '9') ||
				    ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
				goto unsupported;
			text[j++] = match[i];
		}
		for (i = 0; i < sizeof(operators) / sizeof(*operators); i++)
			if (strcmp(match, operators[i]) == 0)
				goto unsupported;
	}
	text[j] = '\0';
	*out = text;
	return 0;
unsupported:
	free(text);
	return petory_error_set(PETORY_ENOTSUPPORTED, NULL,
		"the PostgreSQL store matches one FTS5 phrase or word, not "
		"this query");
}

typedef struct post_list {
	petory_board_page *out;
	const petory__pg_params *filters;
	bool search;
	int64_t offset, limit;
} post_list;

static int list_body(petory__pg_conn *conn, void *payload)
{
	post_list *l = payload;
	void *items = NULL;
	int error;
	petory_board_page_dispose(l->out);
	error = petory__pg_page(&items, &l->out->count, &l->out->total, conn,
		l->search ? PETORY__PG_STMT_BOARD_SEARCH_COUNT
			  : PETORY__PG_STMT_BOARD_COUNT,
		l->search ? PETORY__PG_STMT_BOARD_SEARCH
			  : PETORY__PG_STMT_BOARD_LIST,
		l->filters, l->offset, l->limit, sizeof(*l->out->items),
		read_listed_post);
	l->out->items = items;
	return error;
}

static int board_list(petory_board_page *out, petory_store *st,
	const char *title, const char *match, const char *scan, int64_t offset,
	int64_t limit)
{
	petory__pg_params filters;
	post_list l = { out, &filters, match != NULL, offset, limit };
	char *phrase = NULL;
	int error;
	memset(out, 0, sizeof(*out));
	if (match && (error = phrase_text(&phrase, match)) < 0)
		return error;
	petory__pg_params_init(&filters);
	petory__pg_param_text(&filters, title);
	petory__pg_param_text(&filters, scan);
	if (phrase)
		petory__pg_param_text(&filters, phrase);
	error = petory__pg_transact(
		PETORY__PG_POOL(st), PETORY__PG_REPEATABLE_READ, list_body, &l);
	free(phrase);
	if (error)
		petory_board_page_dispose(out);
	return error;
}

static int board_update(petory_store *st, int64_t id, const char *title,
	const char *content, petory_time_ms now)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	petory__pg_param_text(&p, title);
	petory__pg_param_text(&p, content);
	petory__pg_param_int64(&p, now);
	PETORY__PG_WITH_CONN(st, conn, error,
		error = petory__pg_exec(
			&r, conn, PETORY__PG_STMT_BOARD_UPDATE, &p));
	if (error)
		return error;
	if (petory__pg_changes(r) == 0)
		error = live_post_absent();
	PQclear(r);
	return error;
}

static int set_deleted_body(petory__pg_conn *conn, void *payload)
{
	post_write *w = payload;
	petory__pg_params p;
	PGresult *r;
	int64_t changed;
	int error;
	w->outcome = PETORY_STORE_APPLIED;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, w->id);
	petory__pg_param_int64(&p, w->deleted ? 1 : 0);
	petory__pg_param_int64(&p, w->now);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_BOARD_SET_DELETED, &p)) < 0)
		return error;
	changed = petory__pg_changes(r);
	PQclear(r);
	if (changed == 0) {
		/* nothing changed: the post is absent, or already so */
		if ((error = lock_post_state(&w->outcome, conn, w->id)) == 0 &&
			w->outcome != PETORY_STORE_ABSENT)
			w->outcome = PETORY_STORE_UNCHANGED;
		return error;
	}
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, w->id);
	petory__pg_param_int64(&p, w->deleted ? 1 : 0);
	return petory__pg_exec(
		NULL, conn, PETORY__PG_STMT_BOARD_FILES_PRIVATE, &p);
}

static int board_set_deleted(petory_store_outcome *outcome_out,
	petory_store *st, int64_t id, int deleted, petory_time_ms now)
{
	post_write w = { .id = id, .deleted = deleted, .now = now };
	int error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, set_deleted_body, &w);
	*outcome_out = w.outcome;
	return error;
}

static int add_images_body(petory__pg_conn *conn, void *payload)
{
	post_write *w = payload;
	int error;
	if ((error = lock_post_state(&w->outcome, conn, w->id)) < 0 ||
		w->outcome != PETORY_STORE_APPLIED)
		return error;
	return add_images(conn, w->id, w->owner_id, w->keys, w->count, w->now);
}

static int board_add_images(petory_store_outcome *outcome_out, petory_store *st,
	int64_t id, int64_t owner_id, const char *const *keys, size_t count,
	petory_time_ms now)
{
	post_write w = { .id = id,
		.owner_id = owner_id,
		.keys = keys,
		.count = count,
		.now = now,
		.outcome = PETORY_STORE_ABSENT };
	int error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, add_images_body, &w);
	*outcome_out = w.outcome;
	return error;
}

static int board_image_delete(petory_file_key *key_out, petory_store *st,
	int64_t post_id, int64_t image_id)
{
	return petory__pg_image_delete(key_out, st,
		PETORY__PG_STMT_BOARD_IMAGE_DELETE, image_id, true, post_id);
}

/* ---- comments ---- */

/* Inside a transaction: add delta to post_id's comment_count; +1 only
 * for a live post.  *changed_out 0 when no post was changed. */
static int count_add(int64_t *changed_out, petory__pg_conn *conn,
	int64_t post_id, int64_t delta)
{
	petory__pg_params p;
	PGresult *r;
	int error;
	*changed_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, post_id);
	petory__pg_param_int64(&p, delta);
	if ((error = petory__pg_exec(&r, conn,
		     PETORY__PG_STMT_BOARD_COMMENT_COUNT_ADD, &p)) < 0)
		return error;
	*changed_out = petory__pg_changes(r);
	PQclear(r);
	return 0;
}

typedef struct comment_write {
	petory_board_comment *comment;
	petory_notification *note;
	int64_t id; /* of the comment */
	petory_time_ms now;
} comment_write;

static int comment_insert_body(petory__pg_conn *conn, void *payload)
{
	comment_write *w = payload;
	petory_board_comment *c = w->comment;
	petory__pg_params p;
	PGresult *r;
	int64_t bumped;
	int error;
	w->id = 0;
	if (w->note)
		w->note->id = 0;
	if ((error = count_add(&bumped, conn, c->post_id, 1)) < 0)
		return error;
	if (!bumped)
		return live_post_absent();
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, c->post_id);
	petory__pg_param_int64(&p, c->writer_id);
	petory__pg_param_text(&p, c->content);
	petory__pg_param_int64(&p, w->now);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_BOARD_COMMENT_INSERT, &p)) < 0)
		return error;
	error = petory__pg_get_int64(&w->id, r, 0, 0);
	PQclear(r);
	if (error || !w->note)
		return error;
	return petory__pg_notification_put(conn, w->note);
}

static int board_comment_insert(petory_store *st, petory_board_comment *c,
	petory_notification *n, petory_time_ms now)
{
	comment_write w = { c, n, 0, now };
	int error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, comment_insert_body, &w);
	if (error == 0) {
		c->id = w.id;
		c->created_at = c->updated_at = now;
	} else if (n) {
		n->id = 0;
	}
	return error;
}

static int board_comment_get(
	petory_board_comment **out, petory_store *st, int64_t id)
{
	petory__pg_params p;
	void *c = NULL;
	int error = 0;
	*out = NULL;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	PETORY__PG_WITH_CONN(st, conn, error,
		error = petory__pg_fetch_one(&c, conn,
			PETORY__PG_STMT_BOARD_COMMENT_GET, &p,
			sizeof(petory_board_comment), read_comment,
			comment_free, "comment"));
	*out = c;
	return error;
}

typedef struct comment_list {
	petory_board_comment_page *out;
	int64_t post_id, offset, limit;
} comment_list;

static int comment_list_body(petory__pg_conn *conn, void *payload)
{
	comment_list *l = payload;
	petory__pg_params p;
	PGresult *r;
	int error;
	petory_board_comment_page_dispose(l->out);
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, l->post_id);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_BOARD_COMMENT_TOTAL, &p)) < 0)
		return error;
	error = PQntuples(r) > 0 ? petory__pg_get_int64(&l->out->total, r, 0, 0)
				 : live_post_absent();
	PQclear(r);
	if (error)
		return error;
	return read_comments(&l->out->items, &l->out->count, conn, l->post_id,
		l->offset, l->limit);
}

static int board_comment_list(petory_board_comment_page *out, petory_store *st,
	int64_t post_id, int64_t offset, int64_t limit)
{
	comment_list l = { out, post_id, offset, limit };
	int error;
	memset(out, 0, sizeof(*out));
	error = petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_REPEATABLE_READ, comment_list_body, &l);
	if (error)
		petory_board_comment_page_dispose(out);
	return error;
}

static int board_comment_update(
	petory_store *st, int64_t id, const char *content, petory_time_ms now)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error = 0;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, id);
	petory__pg_param_text(&p, content);
	petory__pg_param_int64(&p, now);
	PETORY__PG_WITH_CONN(st, conn, error,
		error = petory__pg_exec(
			&r, conn, PETORY__PG_STMT_BOARD_COMMENT_UPDATE, &p));
	if (error)
		return error;
	if (petory__pg_changes(r) == 0)
		error = comment_absent();
	PQclear(r);
	return error;
}

static int comment_delete_body(petory__pg_conn *conn, void *payload)
{
	const int64_t *id = payload;
	petory__pg_params p;
	PGresult *r;
	int64_t post_id = 0, changed;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, *id);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_BOARD_COMMENT_DELETE, &p)) < 0)
		return error;
	error = PQntuples(r) > 0 ? petory__pg_get_int64(&post_id, r, 0, 0)
				 : comment_absent();
	PQclear(r);
	if (error)
		return error;
	return count_add(&changed, conn, post_id, -1);
}

static int board_comment_delete(petory_store *st, int64_t id)
{
	return petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, comment_delete_body, &id);
}

const petory_store_boards petory__pg_boards = {
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
