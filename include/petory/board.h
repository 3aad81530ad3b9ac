/* board.h -- the community board: owner boards (posts with images) and
 * their comments.
 *
 * Anyone reads live posts and their comments; a soft-deleted post answers
 * ENOTFOUND "OWNER_BOARD_NOT_FOUND" to everyone, and only an ADMIN
 * restores it (ECONFLICT "OWNER_BOARD_NOT_DELETED" when it is live).  The
 * writer edits a post, adds and deletes its images (another user: EPERM
 * "ONLY_AUTHOR_CAN_EDIT" / "ONLY_AUTHOR_CAN_DELETE"); the writer or an
 * ADMIN deletes it.  Comments: the writer edits, the writer or an ADMIN
 * deletes; a comment id of another post answers ENOTFOUND
 * "OWNER_BOARD_COMMENT_NOT_FOUND".  A comment notifies the post's writer
 * (not their own), in the comment's transaction.  The writer of a post or
 * comment whose account was hard-deleted is 0 with a NULL nickname.
 *
 * Search: `q` matches title and content through SQLite FTS5 with the
 * trigram tokenizer (a substring of 3 or more characters, Korean
 * included, case-insensitive for ASCII); a 1-2 character `q` is a
 * substring scan of title and content instead.  `title` is a substring
 * filter on the title alone.
 */
#ifndef PETORY_BOARD_H
#define PETORY_BOARD_H

#include "common.h"
#include "types.h"
#include "file.h"

PETORY_BEGIN_DECL

/** A comment.  Free with petory_board_comment_free(). */
typedef struct petory_board_comment {
	int64_t id;
	int64_t post_id;
	int64_t writer_id;     /**< 0 when the writer's account is gone */
	char *writer_nickname; /**< NULL when the writer's account is gone */
	char *content;
	petory_time_ms created_at;
	petory_time_ms updated_at;
} petory_board_comment;

typedef struct petory_board_comment_page {
	petory_board_comment *items;
	size_t count;
	int64_t total;
	int64_t page;
	int64_t size;
} petory_board_comment_page;

/** A post.  Free with petory_board_post_free().  In lists `content` is
 * the first 100 characters, `images` at most the first image and
 * `comments` empty. */
typedef struct petory_board_post {
	int64_t id;
	int64_t writer_id;     /**< 0 when the writer's account is gone */
	char *writer_nickname; /**< NULL when the writer's account is gone */
	char *title;
	char *content;
	petory_image *images; /**< oldest first */
	size_t image_count;
	int64_t comment_count;          /**< every comment of the post */
	petory_board_comment *comments; /**< the first 10, oldest first */
	size_t comments_shown;
	petory_time_ms created_at;
	petory_time_ms updated_at;
	petory_time_ms deleted_at; /**< 0 when live */
} petory_board_post;

typedef struct petory_board_page {
	petory_board_post *items;
	size_t count;
	int64_t total;
	int64_t page;
	int64_t size;
} petory_board_page;

typedef struct petory_board_input {
	const char *title;             /**< 1..30 characters */
	const char *content;           /**< 1..5000 characters */
	const char *const *image_keys; /**< 0..10, purpose "owner-board" */
	size_t image_key_count;
} petory_board_input;

/** List filters; NULL or "" is no filter. */
typedef struct petory_board_query {
	const char *title; /**< substring of the title */
	const char *q;     /**< full text over title and content */
} petory_board_query;

PETORY_EXTERN void petory_board_post_free(petory_board_post *post);
PETORY_EXTERN void petory_board_page_dispose(petory_board_page *page);
PETORY_EXTERN void petory_board_comment_free(petory_board_comment *c);
PETORY_EXTERN void petory_board_comment_page_dispose(
	petory_board_comment_page *page);

/** A post of the caller, with its images. */
PETORY_EXTERN int petory_board_create(petory_board_post **out, petory *db,
	const petory_identity *actor, const petory_board_input *in);

/** Live posts, newest first (default page size 5); query may be NULL. */
PETORY_EXTERN int petory_board_list(petory_board_page *out, petory *db,
	const petory_board_query *query, const petory_page_req *page);

/** One live post with every image and its first 10 comments. */
PETORY_EXTERN int petory_board_get(
	petory_board_post **out, petory *db, int64_t post_id);

/** Writer: change title and/or content (NULL keeps). */
PETORY_EXTERN int petory_board_update(petory_board_post **out, petory *db,
	const petory_identity *actor, int64_t post_id, const char *title,
	const char *content);

/** Writer or ADMIN: soft delete; the post's files turn private. */
PETORY_EXTERN int petory_board_delete(
	petory *db, const petory_identity *actor, int64_t post_id);

/** ADMIN: bring a deleted post back with its images. */
PETORY_EXTERN int petory_board_restore(petory_board_post **out, petory *db,
	const petory_identity *actor, int64_t post_id);

/** Writer: attach 1..10 more images. */
PETORY_EXTERN int petory_board_add_images(petory_board_post **out, petory *db,
	const petory_identity *actor, int64_t post_id,
	const char *const *image_keys, size_t image_key_count);

/** Writer: delete one image of the post and its file
 * (ENOTFOUND "OWNER_BOARD_IMAGE_NOT_FOUND" for an image of another). */
PETORY_EXTERN int petory_board_image_delete(petory *db,
	const petory_identity *actor, int64_t post_id, int64_t image_id);

/** A comment (1..80 characters) of the caller on a live post. */
PETORY_EXTERN int petory_board_comment_create(petory_board_comment **out,
	petory *db, const petory_identity *actor, int64_t post_id,
	const char *content);

/** Comments of a live post, oldest first (default page size 10). */
PETORY_EXTERN int petory_board_comment_list(petory_board_comment_page *out,
	petory *db, int64_t post_id, const petory_page_req *page);

/** Writer: new content. */
PETORY_EXTERN int petory_board_comment_update(petory_board_comment **out,
	petory *db, const petory_identity *actor, int64_t post_id,
	int64_t comment_id, const char *content);

/** Writer or ADMIN. */
PETORY_EXTERN int petory_board_comment_delete(petory *db,
	const petory_identity *actor, int64_t post_id, int64_t comment_id);

PETORY_END_DECL

#endif
