/* sys/store_albums.h -- the store table of albums and their images.
 *
 * One of the per-domain tables of petory_store (sys/store.h).  Its
 * `version` comes first and only grows: methods are appended at the
 * end, each valid from the version noted above it.  A method reports
 * facts (rows, states, outcomes); rules and reason codes belong to the
 * domain layer that calls it.
 */
#ifndef PETORY_SYS_STORE_ALBUMS_H
#define PETORY_SYS_STORE_ALBUMS_H

#include "store_records.h"
#include "../album.h"

PETORY_BEGIN_DECL

#define PETORY_STORE_ALBUMS_VERSION 1

typedef struct petory_store_albums {
	unsigned int version; /**< PETORY_STORE_ALBUMS_VERSION; first */

	/* Version 1. */
	/** Insert album (owner_id, content, visibility; id and times are
	 * set) dated local_date (YYYY-MM-DD in the owner's zone) and attach
	 * the image keys, all or nothing.  EEXISTS when the owner has an
	 * album dated local_date (one per owner and date, under any race).
	 * Attaching is a compare-and-set per key (owner_id's, for
	 * PETORY_FILE_ALBUM, UPLOADED -> ATTACHED, private with the album):
	 * ECONFLICT, and nothing written, when a key is not so. */
	int (*album_insert)(petory_store *st, petory_album *album,
		const char *local_date, const char *const *keys, size_t count,
		petory_time_ms now);
	/** An album with every image; ENOTFOUND when absent. */
	int (*album_get)(petory_album **out, petory_store *st, int64_t id);
	/** Newest first, each with its first image: owner_id 0 lists every
	 * PUBLIC album; otherwise owner_id's, PRIVATE ones only with
	 * include_private. */
	int (*album_list)(petory_album_page *out, petory_store *st,
		int64_t owner_id, int include_private, int64_t offset,
		int64_t limit);
	/** content NULL stays, "" clears; visibility -1 stays (otherwise
	 * every file of the album turns private or public with it).
	 * ENOTFOUND when absent. */
	int (*album_update)(petory_store *st, int64_t id, const char *content,
		int visibility, petory_time_ms now);
	/** Delete an album, its images and their file records; *keys_out
	 * (malloc'd, free()) lists the keys whose bytes are to go.
	 * ENOTFOUND when absent. */
	int (*album_delete)(petory_file_key **keys_out, size_t *count_out,
		petory_store *st, int64_t id);
	/** Attach keys of owner_id to the album (as album_insert), all or
	 * nothing; ENOTFOUND when the album is absent, ECONFLICT when a key
	 * cannot be attached. */
	int (*album_add_images)(petory_store *st, int64_t id, int64_t owner_id,
		const char *const *keys, size_t count, petory_time_ms now);
	/** The album an image belongs to; ENOTFOUND when the image is
	 * absent. */
	int (*album_image_album)(
		int64_t *album_id_out, petory_store *st, int64_t image_id);
	/** Delete an image and its file record; key_out receives the key.
	 * ENOTFOUND when absent. */
	int (*album_image_delete)(
		petory_file_key *key_out, petory_store *st, int64_t image_id);
	/* Methods above are valid for version 1.  Append only. */
} petory_store_albums;

PETORY_END_DECL

#endif
