/* sys/store_boards.h -- the store table of the owner board: posts, images,
 * comments.
 *
 * One of the per-domain tables of petory_store (sys/store.h).  Its
 * `version` comes first and only grows: methods are appended at the
 * end, each valid from the version noted above it.  A method reports
 * facts (rows, states, outcomes); rules and reason codes belong to the
 * domain layer that calls it.
 */
#ifndef PETORY_SYS_STORE_BOARDS_H
#define PETORY_SYS_STORE_BOARDS_H

#include "store_records.h"
#include "../board.h"
#include "../notification.h"

PETORY_BEGIN_DECL

#define PETORY_STORE_BOARDS_VERSION 1

typedef struct petory_store_boards {
	unsigned int version; /**< PETORY_STORE_BOARDS_VERSION; first */

	/* Version 1. */
	/** Insert post (writer_id, title, content; id and times are set)
	 * and attach the image keys, all or nothing. */
	int (*board_insert)(petory_store *st, petory_board_post *post,
		const char *const *keys, size_t count, petory_time_ms now);
	/** A post, deleted or not (deleted_at says), with every image and
	 * its first comment_limit comments; ENOTFOUND when there is no such
	 * post. */
	int (*board_get)(petory_board_post **out, petory_store *st, int64_t id,
		int64_t comment_limit);
	/** Live posts newest first, content cut to 100 characters, each with
	 * its first image.  Filters (NULL: none): title substring, match (an
	 * FTS5 query over title and content), scan (a substring of title or
	 * content). */
	int (*board_list)(petory_board_page *out, petory_store *st,
		const char *title, const char *match, const char *scan,
		int64_t offset, int64_t limit);
	/** Change a live post (NULL keeps a field); ENOTFOUND when the post
	 * is absent or deleted. */
	int (*board_update)(petory_store *st, int64_t id, const char *title,
		const char *content, petory_time_ms now);
	/** deleted 1: soft-delete a live post (its files turn private);
	 * 0: restore a deleted one (its files turn public).  *outcome_out:
	 * APPLIED; UNCHANGED when the post already was so (nothing written);
	 * ABSENT when there is no such post. */
	int (*board_set_deleted)(petory_store_outcome *outcome_out,
		petory_store *st, int64_t id, int deleted, petory_time_ms now);
	/** Attach keys of owner_id to a live post, all or nothing.
	 * *outcome_out: APPLIED; ABSENT (no such post) or INACTIVE (the
	 * post is deleted) with nothing written.  The keys' own failures
	 * are errors. */
	int (*board_add_images)(petory_store_outcome *outcome_out,
		petory_store *st, int64_t id, int64_t owner_id,
		const char *const *keys, size_t count, petory_time_ms now);
	/** Delete image_id of post_id and its file record (key_out gets the
	 * key); ENOTFOUND when post_id has no such image. */
	int (*board_image_delete)(petory_file_key *key_out, petory_store *st,
		int64_t post_id, int64_t image_id);
	/** In one transaction: insert comment (post_id, writer_id, content;
	 * id and times are set) on a live post and, when n is not NULL,
	 * insert n (sets n->id).  ENOTFOUND (nothing written) when the post
	 * is absent or deleted. */
	int (*board_comment_insert)(petory_store *st,
		petory_board_comment *comment, petory_notification *n,
		petory_time_ms now);
	/** A comment, of any post; ENOTFOUND when there is no such
	 * comment. */
	int (*board_comment_get)(
		petory_board_comment **out, petory_store *st, int64_t id);
	/** Comments of a live post, oldest first, and their total;
	 * ENOTFOUND when the post is absent or deleted. */
	int (*board_comment_list)(petory_board_comment_page *out,
		petory_store *st, int64_t post_id, int64_t offset,
		int64_t limit);
	/** Change a comment's content; ENOTFOUND when there is no such
	 * comment. */
	int (*board_comment_update)(petory_store *st, int64_t id,
		const char *content, petory_time_ms now);
	/** Delete a comment (its post's count follows, in one
	 * transaction); ENOTFOUND when there is no such comment. */
	int (*board_comment_delete)(petory_store *st, int64_t id);
	/* Methods above are valid for version 1.  Append only. */
} petory_store_boards;

PETORY_END_DECL

#endif
