/* file.h -- uploaded files: signed uploads, downloads and clean-up.
 *
 * A file is born with petory_file_presign(): the library picks a random
 * key, records it (PENDING, owned by the caller, with the declared type
 * and size) and returns a short-lived URL on which the bytes are PUT.
 * With local storage that URL is petory-httpd's own
 * (/files/{key}/upload?expires=…&signature=…) and the upload runs through
 * petory_file_upload_*: the bytes must be the declared image type (from
 * their magic bytes, never from the file name), no more than the declared
 * size, and a JPEG loses its EXIF GPS tags before it is stored; nothing
 * is kept when an upload fails.  The file is then UPLOADED, and a
 * resource (pet, album) may take its key once, through `imageKeys`: only
 * the user who presigned it, only after the upload arrived.  Keys that
 * are never attached are removed by petory_files_gc().
 *
 * Files of private albums, chat files and files not attached yet are
 * private: petory_file_open() gives them only to their owner or on a
 * signed URL.
 */
#ifndef PETORY_FILE_H
#define PETORY_FILE_H

#include "common.h"
#include "types.h"

PETORY_BEGIN_DECL

/** What a file is for: "pet", "album", "owner-board", "trade-board",
 * "place", "chat". */
typedef enum petory_file_purpose {
	PETORY_FILE_PET = 0,
	PETORY_FILE_ALBUM,
	PETORY_FILE_OWNER_BOARD,
	PETORY_FILE_TRADE_BOARD,
	PETORY_FILE_PLACE,
	PETORY_FILE_CHAT
} petory_file_purpose;

/** An image of a resource (a pet, an album) as the API shows it. */
typedef struct petory_image {
	int64_t id;
	char *file_key;
	char *url; /**< /files/{key}, signed when private, or the S3 URL */
	int is_private;
	petory_time_ms created_at;
} petory_image;

/** Its API name ("owner-board"), or "unknown". */
PETORY_EXTERN const char *petory_file_purpose_name(petory_file_purpose p);

typedef struct petory_presign_input {
	const char *purpose;      /**< a purpose name */
	const char *filename;     /**< 1-255 characters; kept, never trusted */
	const char *content_type; /**< image/jpeg, image/png, image/gif or
				       image/webp */
	int64_t size;             /**< bytes, 1..the configured maximum */
	int64_t chat_room_id;     /**< purpose "chat": the room (member) */
} petory_presign_input;

/** Where and how to upload; release with petory_presigned_dispose(). */
typedef struct petory_presigned {
	char *file_key;
	char *upload_url;   /**< PUT the bytes here */
	char *content_type; /**< send it as the Content-Type header */
	petory_time_ms expires_at;
} petory_presigned;

PETORY_EXTERN void petory_presigned_dispose(petory_presigned *p);

/** Reserve a file key for the caller and sign its upload URL.  EINVALID
 * names every bad field (contentType outside the four image types, size
 * above the maximum, …). */
PETORY_EXTERN int petory_file_presign(petory_presigned *out, petory *db,
	const petory_identity *actor, const petory_presign_input *in);

/* ---- uploads through petory-httpd (local storage) ------------------- */

/** An upload in progress: begin, write the body in pieces, then finish
 * or abort.  Used by one thread at a time. */
typedef struct petory_upload petory_upload;

/** Check an upload URL and claim its key.  expires and signature are
 * the URL's query values; content_type is the request's Content-Type
 * (NULL: absent) and content_length its Content-Length (-1: unknown).
 * EPERM "INVALID_UPLOAD_URL" for an unknown key or a wrong signature,
 * EPERM "UPLOAD_URL_EXPIRED", EMEDIATYPE when content_type is not the
 * declared type, ETOOBIG "FILE_TOO_LARGE" when content_length exceeds the
 * declared size, ECONFLICT "FILE_ALREADY_UPLOADED" when the key already
 * has (or is receiving) its bytes. */
PETORY_EXTERN int petory_file_upload_begin(petory_upload **out, petory *db,
	const char *key, const char *expires, const char *signature,
	const char *content_type, int64_t content_length);

/** Take the next piece of the body.  ETOOBIG "FILE_TOO_LARGE" past the
 * declared size, EMEDIATYPE "UNSUPPORTED_MEDIA_TYPE" as soon as the bytes
 * show another type.  After a failure the upload only waits for
 * petory_file_upload_abort() (or finish, which returns the failure). */
PETORY_EXTERN int petory_file_upload_write(
	petory_upload *up, const void *data, size_t size);

/** Complete the upload: the last checks (EINVALID "UPLOAD_SIZE_MISMATCH"
 * when fewer bytes than declared arrived, EMEDIATYPE for a truncated
 * image), then the bytes become the key's and the file is UPLOADED.
 * *stored_size_out (may be NULL) gets the size kept (GPS tags removed).
 * Always consumes up: on failure nothing is kept and the key may be
 * uploaded again while its URL is valid. */
PETORY_EXTERN int petory_file_upload_finish(
	int64_t *stored_size_out, petory_upload *up);

/** Drop an unfinished upload (NULL is fine): nothing is kept. */
PETORY_EXTERN void petory_file_upload_abort(petory_upload *up);

/* ---- downloads -------------------------------------------------------- */

/** How to answer GET /files/{key}: either a descriptor to stream (local
 * storage) or a URL to redirect to (S3).  Release with
 * petory_file_content_dispose(), which closes fd unless the caller set it
 * to -1 after taking it over. */
typedef struct petory_file_content {
	int fd; /**< -1 when redirect_url is set */
	uint64_t size;
	char *content_type;
	char *etag;         /**< strong, quoted: the bytes never change */
	int is_private;     /**< cache privately only: the file is private,
			     * or may turn private (all but a place's) */
	char *redirect_url; /**< S3: a presigned GET */
} petory_file_content;

PETORY_EXTERN void petory_file_content_dispose(petory_file_content *c);

/** Open a file for download.  A public file (attached to a public
 * resource) is for anyone; a private one only for its owner (actor, may
 * be NULL) or with a valid signature (expires and signature from the
 * URL's query, may be NULL).  ENOTFOUND "FILE_NOT_FOUND" otherwise: a
 * private file is indistinguishable from a missing one. */
PETORY_EXTERN int petory_file_open(petory_file_content *out, petory *db,
	const petory_identity *actor, const char *key, const char *expires,
	const char *signature);

/* ---- clean-up ----------------------------------------------------------- */

/** Remove every file that was presigned more than older_than_s seconds
 * ago and never attached (its record and its bytes), and leftovers of
 * interrupted uploads.  Needs ADMIN (or the system identity).
 * *removed_out (may be NULL) gets the number of files removed. */
PETORY_EXTERN int petory_files_gc(int64_t *removed_out, petory *db,
	const petory_identity *actor, int64_t older_than_s);

PETORY_END_DECL

#endif
