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
	/** A post, deleted or not, with every image and its first
	 * comment_limit comments; ENOTFOUND "OWNER_BOARD_NOT_FOUND". */
	int (*board_get)(petory_board_post **out, petory_store *st, int64_t id,
		int64_t comment_limit);
	/** Live posts newest first, content cut to 100 characters, each with
	 * its first image.  Filters (NULL: none): title substring, match (an
	 * FTS5 query over title and content), scan (a substring of title or
	 * content). */
	int (*board_list)(petory_board_page *out, petory_store *st,
		const char *title, const char *match, const char *scan,
		int64_t offset, int64_t limit);
	/** Change a live post (NULL keeps a field); ENOTFOUND. */
	int (*board_update)(petory_store *st, int64_t id, const char *title,
		const char *content, petory_time_ms now);
	/** deleted 1: soft-delete a live post (its files turn private);
	 * 0: restore.  ECONFLICT "OWNER_BOARD_NOT_DELETED" on a live post's
	 * restore, ENOTFOUND on a deleted post's delete. */
	int (*board_set_deleted)(
		petory_store *st, int64_t id, int deleted, petory_time_ms now);
	/** Attach keys of owner_id to a live post, all or nothing. */
	int (*board_add_images)(petory_store *st, int64_t id, int64_t owner_id,
		const char *const *keys, size_t count, petory_time_ms now);
	/** Delete image_id of post_id and its file record (key_out gets the
	 * key); ENOTFOUND "OWNER_BOARD_IMAGE_NOT_FOUND". */
	int (*board_image_delete)(petory_file_key *key_out, petory_store *st,
		int64_t post_id, int64_t image_id);
	/** In one transaction: insert comment (post_id, writer_id, content;
	 * id and times are set) on a live post and, when n is not NULL,
	 * insert n (sets n->id).  ENOTFOUND "OWNER_BOARD_NOT_FOUND". */
	int (*board_comment_insert)(petory_store *st,
		petory_board_comment *comment, petory_notification *n,
		petory_time_ms now);
	/** ENOTFOUND "OWNER_BOARD_COMMENT_NOT_FOUND". */
	int (*board_comment_get)(
		petory_board_comment **out, petory_store *st, int64_t id);
	/** Comments of a post, oldest first. */
	int (*board_comment_list)(petory_board_comment_page *out,
		petory_store *st, int64_t post_id, int64_t offset,
		int64_t limit);
	int (*board_comment_update)(petory_store *st, int64_t id,
		const char *content, petory_time_ms now);
	/** Delete a comment (the post's count follows). */
	int (*board_comment_delete)(petory_store *st, int64_t id);
	/* Methods above are valid for version 1.  Append only. */
} petory_store_boards;

PETORY_END_DECL

#endif
