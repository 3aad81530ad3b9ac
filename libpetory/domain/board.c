/* board.c -- the community board: posts, their images and comments.
 *
 * Rights: anyone reads live posts and comments; a soft-deleted post is
 * ENOTFOUND "OWNER_BOARD_NOT_FOUND" to everyone (an ADMIN restores it).
 * Editing a post or its images, and editing a comment, is the writer's
 * alone (EPERM "ONLY_AUTHOR_CAN_EDIT" / "ONLY_AUTHOR_CAN_DELETE"); the
 * writer or an ADMIN deletes a post or a comment.  A comment id must be
 * of the post in the path, else ENOTFOUND "OWNER_BOARD_COMMENT_NOT_FOUND".
 * The store reports facts (a post or comment absent, a soft delete that
 * changed nothing); this file turns them into those reasons.
 *
 * Search: a `q` of 3 or more characters becomes one FTS5 phrase (the
 * user's text quoted, inner quotes doubled, so no operator in it is ever
 * interpreted) matched through the trigram index; shorter ones, which
 * trigrams cannot match, become a substring scan of title and content.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"

#define BOARD_IMAGES_MAX 10
#define BOARD_COMMENTS_SHOWN 10

static int post_not_found(void)
{
	return petory_error_set(
		PETORY_ENOTFOUND, "OWNER_BOARD_NOT_FOUND", "no such post");
}

static int comment_not_found(void)
{
	return petory_error_set(PETORY_ENOTFOUND,
		"OWNER_BOARD_COMMENT_NOT_FOUND", "no such comment");
}

static int image_not_found(void)
{
	return petory_error_set(PETORY_ENOTFOUND, "OWNER_BOARD_IMAGE_NOT_FOUND",
		"no such image of this post");
}

static int start(petory *db, const petory_identity *actor, int need_user)
{
	int error;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = petory__require_store(db, 2)) < 0)
		return error;
	if (!need_user)
		return 0;
	if ((error = petory__require_actor(actor)) < 0)
		return error;
	if (actor->user_id <= 0)
		return petory_error_set(
			PETORY_EPERM, "FORBIDDEN", "only a user writes posts");
	return 0;
}

/* The live post id as stored, with its first comment_limit comments;
 * a deleted post is not found like an absent one. */
static int live_post_row(
	petory_board_post **out, petory *db, int64_t id, int64_t comment_limit)
{
	int error;
	*out = NULL;
	if ((error = petory__store_board_get(out, db, id, comment_limit)) < 0)
		return petory__absent_as(error, post_not_found);
	if ((*out)->deleted_at) {
		petory_board_post_free(*out);
		*out = NULL;
		return post_not_found();
	}
	return 0;
}

/* A live post, images resolved; ENOTFOUND for a deleted one. */
static int live_post(petory_board_post **out, petory *db, int64_t id)
{
	petory_board_post *p = NULL;
	int error;
	*out = NULL;
	if ((error = live_post_row(&p, db, id, BOARD_COMMENTS_SHOWN)) < 0)
		return error;
	if ((error = petory__images_resolve(db, p->images, p->image_count)) <
		0) {
		petory_board_post_free(p);
		return error;
	}
	*out = p;
	return 0;
}

/* The live post id checked for an action of its writer (admin_ok: or an
 * ADMIN); `reason` names the refusal. */
static int check_post(petory *db, const petory_identity *actor, int64_t id,
	int admin_ok, const char *reason)
{
	petory_board_post *p = NULL;
	int error;
	if ((error = live_post_row(&p, db, id, 0)) < 0)
		return error;
	if (p->writer_id != actor->user_id &&
		!(admin_ok && petory__is_admin(actor)))
		error = petory_error_set(PETORY_EPERM, reason,
			"only the post's writer may do this");
	petory_board_post_free(p);
	return error;
}

static void check_keys(
	petory__invalid *v, const char *const *keys, size_t count, size_t min)
{
	petory__check_image_keys(v, keys, count, min, BOARD_IMAGES_MAX);
}

int petory_board_create(petory_board_post **out, petory *db,
	const petory_identity *actor, const petory_board_input *in)
{
	petory_board_post post;
	petory__invalid v;
	int error;

	if (!out || !in)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, actor, 1)) < 0)
		return error;
	petory__invalid_begin(&v);
	petory__check_text(&v, "title", in->title, 1, 30);
	petory__check_multiline_text(&v, "content", in->content, 1, 5000);
	if (in->image_key_count)
		check_keys(&v, in->image_keys, in->image_key_count, 0);
	if ((error = petory__invalid_end(&v)) < 0 ||
		(error = petory__files_confirm(
			 db, actor, in->image_keys, in->image_key_count)) < 0)
		return error;
	memset(&post, 0, sizeof(post));
	post.writer_id = actor->user_id;
	post.title = (char *)in->title;
	post.content = (char *)in->content;
	if ((error = petory__file_keys_attachable(db, in->image_keys,
		     in->image_key_count, actor->user_id,
		     PETORY_FILE_OWNER_BOARD)) < 0 ||
		(error = petory__file_attach_result(
			 petory__store_board_insert(db, &post, in->image_keys,
				 in->image_key_count, petory_now(db)))) < 0)
		return error;
	petory__log(PETORY_LOG_INFO, "owner board %lld created by user %lld",
		(long long)post.id, (long long)actor->user_id);
	return live_post(out, db, post.id);
}

/* `q` as one FTS5 phrase: "…" with every inner quote doubled. */
static char *fts_phrase(const char *q)
{
	size_t n = 3, i = 0;
	const char *c;
	char *out;
	for (c = q; *c; c++)
		n += *c == '"' ? 2 : 1;
	if (!(out = malloc(n)))
		return NULL;
	out[i++] = '"';
	for (c = q; *c; c++) {
		out[i++] = *c;
		if (*c == '"')
			out[i++] = '"';
	}
	out[i++] = '"';
	out[i] = '\0';
	return out;
}

int petory_board_list(petory_board_page *out, petory *db,
	const petory_board_query *query, const petory_page_req *page)
{
	const char *title = NULL, *q = NULL, *scan = NULL;
	char *match = NULL;
	petory__invalid v;
	int64_t p, s;
	size_t i;
	int error;

	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = start(db, NULL, 0)) < 0)
		return error;
	if (query && query->title && *query->title)
		title = query->title;
	if (query && query->q && *query->q)
		q = query->q;
	petory__invalid_begin(&v);
	if (title)
		petory__check_text(&v, "title", title, 1, 100);
	if (q)
		petory__check_text(&v, "q", q, 1, 100);
	if ((error = petory__invalid_end(&v)) < 0 ||
		(error = petory__check_page(page, 5, &p, &s)) < 0)
		return error;
	if (q && petory__utf8_length(q) < 3)
		scan = q;
	else if (q && !(match = fts_phrase(q)))
		return petory__error_oom();
	error = petory__store_board_list(out, db, title, match, scan, p * s, s);
	free(match);
	if (error < 0)
		return error;
	out->page = p;
	out->size = s;
	for (i = 0; i < out->count; i++)
		if ((error = petory__images_resolve(db, out->items[i].images,
			     out->items[i].image_count)) < 0) {
			petory_board_page_dispose(out);
			return error;
		}
	return 0;
}

int petory_board_get(petory_board_post **out, petory *db, int64_t post_id)
{
	int error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, NULL, 0)) < 0)
		return error;
	return live_post(out, db, post_id);
}

int petory_board_update(petory_board_post **out, petory *db,
	const petory_identity *actor, int64_t post_id, const char *title,
	const char *content)
{
	petory__invalid v;
	int error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, actor, 1)) < 0 ||
		(error = check_post(
			 db, actor, post_id, 0, "ONLY_AUTHOR_CAN_EDIT")) < 0)
		return error;
	petory__invalid_begin(&v);
	if (title)
		petory__check_text(&v, "title", title, 1, 30);
	if (content)
		petory__check_multiline_text(&v, "content", content, 1, 5000);
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	if ((title || content) &&
		(error = petory__store_board_update(
			 db, post_id, title, content, petory_now(db))) < 0)
		return petory__absent_as(error, post_not_found);
	return live_post(out, db, post_id);
}

int petory_board_delete(
	petory *db, const petory_identity *actor, int64_t post_id)
{
	petory_store_outcome outcome;
	int error;
	if ((error = start(db, actor, 1)) < 0 ||
		(error = check_post(db, actor, post_id, 1,
			 "ONLY_AUTHOR_CAN_DELETE")) < 0 ||
		(error = petory__store_board_set_deleted(
			 &outcome, db, post_id, 1, petory_now(db))) < 0)
		return error;
	/* absent, or deleted meanwhile: gone either way */
	return outcome == PETORY_STORE_APPLIED ? 0 : post_not_found();
}

int petory_board_restore(petory_board_post **out, petory *db,
	const petory_identity *actor, int64_t post_id)
{
	petory_store_outcome outcome;
	int error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, actor, 0)) < 0 ||
		(error = petory__require_actor(actor)) < 0 ||
		(error = petory__require_admin(actor)) < 0 ||
		(error = petory__store_board_set_deleted(
			 &outcome, db, post_id, 0, petory_now(db))) < 0)
		return error;
	if (outcome == PETORY_STORE_ABSENT)
		return post_not_found();
	if (outcome == PETORY_STORE_UNCHANGED)
		return petory_error_set(PETORY_ECONFLICT,
			"OWNER_BOARD_NOT_DELETED", "the post is not deleted");
	return live_post(out, db, post_id);
}

int petory_board_add_images(petory_board_post **out, petory *db,
	const petory_identity *actor, int64_t post_id,
	const char *const *image_keys, size_t image_key_count)
{
	petory_store_outcome outcome;
	petory__invalid v;
	int error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, actor, 1)) < 0 ||
		(error = check_post(
			 db, actor, post_id, 0, "ONLY_AUTHOR_CAN_EDIT")) < 0)
		return error;
	petory__invalid_begin(&v);
	check_keys(&v, image_keys, image_key_count, 1);
	if ((error = petory__invalid_end(&v)) < 0 ||
		(error = petory__files_confirm(
			 db, actor, image_keys, image_key_count)) < 0 ||
		(error = petory__file_keys_attachable(db, image_keys,
			 image_key_count, actor->user_id,
			 PETORY_FILE_OWNER_BOARD)) < 0 ||
		(error = petory__file_attach_result(
			 petory__store_board_add_images(&outcome, db, post_id,
				 actor->user_id, image_keys, image_key_count,
				 petory_now(db)))) < 0)
		return error;
	if (outcome != PETORY_STORE_APPLIED)
		return post_not_found(); /* deleted meanwhile */
	return live_post(out, db, post_id);
}

int petory_board_image_delete(petory *db, const petory_identity *actor,
	int64_t post_id, int64_t image_id)
{
	petory_file_key key;
	int error;
	if ((error = start(db, actor, 1)) < 0 ||
		(error = check_post(
			 db, actor, post_id, 0, "ONLY_AUTHOR_CAN_DELETE")) < 0)
		return error;
	if ((error = petory__store_board_image_delete(
		     &key, db, post_id, image_id)) < 0)
		return petory__absent_as(error, image_not_found);
	petory__files_remove_blobs(db, &key, 1);
	return 0;
}

/* The comment comment_id of the live post post_id. */
static int post_comment(petory_board_comment **out, petory *db, int64_t post_id,
	int64_t comment_id)
{
	petory_board_post *p = NULL;
	int error;
	*out = NULL;
	if ((error = live_post_row(&p, db, post_id, 0)) < 0)
		return error;
	petory_board_post_free(p);
	if ((error = petory__store_board_comment_get(out, db, comment_id)) < 0)
		return petory__absent_as(error, comment_not_found);
	if ((*out)->post_id != post_id) {
		petory_board_comment_free(*out);
		*out = NULL;
		return comment_not_found();
	}
	return 0;
}

int petory_board_comment_create(petory_board_comment **out, petory *db,
	const petory_identity *actor, int64_t post_id, const char *content)
{
	petory_board_comment comment;
	petory_board_post *post = NULL;
	petory_notification n;
	petory__invalid v;
	char text[256], link[64];
	int notify, error;

	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, actor, 1)) < 0)
		return error;
	petory__invalid_begin(&v);
	petory__check_text(&v, "content", content, 1, 80);
	if ((error = petory__invalid_end(&v)) < 0 ||
		(error = live_post_row(&post, db, post_id, 0)) < 0)
		return error;
	notify = post->writer_id > 0 && post->writer_id != actor->user_id;
	memset(&n, 0, sizeof(n));
	if (notify) {
		snprintf(text, sizeof(text), "New comment on \"%s\"",
			post->title);
		snprintf(link, sizeof(link), "/owner-boards/%lld",
			(long long)post_id);
		n.user_id = post->writer_id;
		n.type = PETORY_NOTIFICATION_COMMENT;
		n.content = text;
		n.link = link;
		n.created_at = petory_now(db);
	}
	petory_board_post_free(post);
	memset(&comment, 0, sizeof(comment));
	comment.post_id = post_id;
	comment.writer_id = actor->user_id;
	comment.content = (char *)content;
	if ((error = petory__store_board_comment_insert(
		     db, &comment, notify ? &n : NULL, petory_now(db))) < 0)
		return petory__absent_as(error, post_not_found);
	if (notify && db->notification_hook)
		db->notification_hook(db->notification_hook_payload, &n);
	return petory__absent_as(
		petory__store_board_comment_get(out, db, comment.id),
		comment_not_found);
}

int petory_board_comment_list(petory_board_comment_page *out, petory *db,
	int64_t post_id, const petory_page_req *page)
{
	int64_t p, s;
	int error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = start(db, NULL, 0)) < 0 ||
		(error = petory__check_page(page, 10, &p, &s)) < 0)
		return error;
	if ((error = petory__store_board_comment_list(
		     out, db, post_id, p * s, s)) < 0)
		return petory__absent_as(error, post_not_found);
	out->page = p;
	out->size = s;
	return 0;
}

int petory_board_comment_update(petory_board_comment **out, petory *db,
	const petory_identity *actor, int64_t post_id, int64_t comment_id,
	const char *content)
{
	petory_board_comment *c = NULL;
	petory__invalid v;
	int error;
	if (!out)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = start(db, actor, 1)) < 0 ||
		(error = post_comment(&c, db, post_id, comment_id)) < 0)
		return error;
	error = c->writer_id == actor->user_id
			? 0
			: petory_error_set(PETORY_EPERM, "ONLY_AUTHOR_CAN_EDIT",
				  "only the comment's writer may edit it");
	petory_board_comment_free(c);
	if (error < 0)
		return error;
	petory__invalid_begin(&v);
	petory__check_text(&v, "content", content, 1, 80);
	if ((error = petory__invalid_end(&v)) < 0)
		return error;
	if ((error = petory__store_board_comment_update(
		     db, comment_id, content, petory_now(db))) < 0)
		return petory__absent_as(error, comment_not_found);
	return petory__absent_as(
		petory__store_board_comment_get(out, db, comment_id),
		comment_not_found);
}

int petory_board_comment_delete(petory *db, const petory_identity *actor,
	int64_t post_id, int64_t comment_id)
{
	petory_board_comment *c = NULL;
	int error;
	if ((error = start(db, actor, 1)) < 0 ||
		(error = post_comment(&c, db, post_id, comment_id)) < 0)
		return error;
	error = c->writer_id == actor->user_id || petory__is_admin(actor)
			? 0
			: petory_error_set(PETORY_EPERM,
				  "ONLY_AUTHOR_CAN_DELETE",
				  "only the comment's writer or an admin may "
				  "delete it");
	petory_board_comment_free(c);
	if (error < 0)
		return error;
	return petory__absent_as(
		petory__store_board_comment_delete(db, comment_id),
		comment_not_found);
}
