/* album.h -- photo albums: one a day per user, PUBLIC or PRIVATE.
 *
 * A PRIVATE album, its images and their files exist for their owner only:
 * to anyone else every call answers as if it did not exist (ENOTFOUND
 * "ALBUM_NOT_FOUND"), and lists leave it out.  A user makes at most one
 * album per calendar day in their own time zone (ECONFLICT
 * "ALREADY_SAVED_ALBUM_TODAY"), with at most N images per request (N per
 * role, configurable; EINVALID "ALBUM_IMAGE_SIZE_OVER").  Only the owner
 * changes or deletes an album or an image: on a PUBLIC album another user
 * gets EPERM.
 */
#ifndef PETORY_ALBUM_H
#define PETORY_ALBUM_H

#include "common.h"
#include "types.h"
#include "file.h"

PETORY_BEGIN_DECL

typedef enum petory_album_visibility {
	PETORY_ALBUM_PUBLIC = 0,
	PETORY_ALBUM_PRIVATE = 1
} petory_album_visibility;

/** An album.  Free with petory_album_free(). */
typedef struct petory_album {
	int64_t id;
	int64_t owner_id;
	char *content; /**< NULL when empty */
	petory_album_visibility visibility;
	petory_image *images; /**< oldest first; in lists only the first */
	size_t image_count;
	petory_time_ms created_at;
	petory_time_ms updated_at;
	char *owner_nickname; /**< the owner's current nickname; NULL when
				 the account is gone */
} petory_album;

typedef struct petory_album_page {
	petory_album *items;
	size_t count;
	int64_t total;
	int64_t page;
	int64_t size;
} petory_album_page;

typedef struct petory_album_input {
	const char *content;           /**< at most 255 characters; optional */
	const char *visibility;        /**< "PUBLIC" or "PRIVATE" */
	const char *const *image_keys; /**< 1..N */
	size_t image_key_count;
} petory_album_input;

PETORY_EXTERN void petory_album_free(petory_album *album);
PETORY_EXTERN void petory_album_page_dispose(petory_album_page *page);
PETORY_EXTERN const char *petory_album_visibility_name(
	petory_album_visibility v);

/** Today's album of the caller. */
PETORY_EXTERN int petory_album_create(petory_album **out, petory *db,
	const petory_identity *actor, const petory_album_input *in);

/** PUBLIC albums of everyone, newest first (default page size 10). */
PETORY_EXTERN int petory_album_list_public(
	petory_album_page *out, petory *db, const petory_page_req *page);

/** Albums of user_id: all of them when actor is that user, else the
 * PUBLIC ones.  actor may be NULL.  ENOTFOUND "USER_NOT_FOUND". */
PETORY_EXTERN int petory_album_list_user(petory_album_page *out, petory *db,
	const petory_identity *actor, int64_t user_id,
	const petory_page_req *page);

/** One album with every image; actor may be NULL. */
PETORY_EXTERN int petory_album_get(petory_album **out, petory *db,
	const petory_identity *actor, int64_t album_id);

/** Change the text (NULL keeps it, "" clears it). */
PETORY_EXTERN int petory_album_update(petory_album **out, petory *db,
	const petory_identity *actor, int64_t album_id, const char *content);

/** PUBLIC <-> PRIVATE; the album's files follow at once. */
PETORY_EXTERN int petory_album_set_visibility(petory_album **out, petory *db,
	const petory_identity *actor, int64_t album_id, const char *visibility);

/** Delete the album, its images and their files. */
PETORY_EXTERN int petory_album_delete(
	petory *db, const petory_identity *actor, int64_t album_id);

/** Add 1..N images. */
PETORY_EXTERN int petory_album_add_images(petory_album **out, petory *db,
	const petory_identity *actor, int64_t album_id,
	const char *const *image_keys, size_t image_key_count);

/** Delete one image and its file. */
PETORY_EXTERN int petory_album_image_delete(
	petory *db, const petory_identity *actor, int64_t image_id);

PETORY_END_DECL

#endif
