/* sys/blob.h -- the file-storage extension API: a versioned blob vtable.
 *
 * A blob store keeps the bytes of uploaded files under their keys; the
 * file records (owner, purpose, state, privacy) live in the relational
 * store (sys/store.h).  Keys are 1-128 characters of [0-9a-z], made by
 * the library from random bytes, so a backend may use them in paths and
 * URLs as they are.  Two backends ship:
 *
 *   "local"  a directory (the default); uploads and downloads go through
 *            petory-httpd, on URLs the library signs itself;
 *   "s3"     an S3-compatible bucket; clients PUT and GET the bytes with
 *            SigV4 presigned URLs (presign_put, presign_get).
 *
 * Writing is put_begin -> put_write* -> put_commit or put_abort.  Nothing
 * is visible under the key before put_commit returns 0; after a failed
 * commit or an abort nothing of the write is kept, and the writer is
 * freed either way.
 *
 * A backend embeds the table as the first member of its own struct and
 * sets `version` to PETORY_BLOB_STORE_VERSION.  petory_set_blob_store()
 * checks the version and the required methods and takes ownership only
 * on success.  The table only grows at the end; every layout change bumps
 * the version.  Methods return 0 or a negative petory_error_code with
 * petory_error_last() set, and are called from many threads at once.
 */
#ifndef PETORY_SYS_BLOB_H
#define PETORY_SYS_BLOB_H

#include "../common.h"
#include "../types.h"
#include "../options.h"

PETORY_BEGIN_DECL

/** A write in progress; defined by each backend. */
typedef struct petory_blob_writer petory_blob_writer;

typedef struct petory_blob_stat {
	uint64_t size;
	petory_time_ms mtime; /**< last change; 0 when unknown */
} petory_blob_stat;

#define PETORY_BLOB_STORE_VERSION 1

typedef struct petory_blob_store petory_blob_store;
struct petory_blob_store {
	unsigned int version; /**< PETORY_BLOB_STORE_VERSION; first */
	const char *name;     /**< "local", "s3" */

	/* Required (version 1). */
	void (*free)(petory_blob_store *bs);
	/** Start writing key (replacing it on commit). */
	int (*put_begin)(petory_blob_writer **out, petory_blob_store *bs,
		const char *key, const char *content_type);
	int (*put_write)(petory_blob_writer *w, const void *data, size_t size);
	/** Make the bytes visible under the key at once; frees w. */
	int (*put_commit)(petory_blob_writer *w);
	/** Drop the write; frees w.  w may be NULL. */
	void (*put_abort)(petory_blob_writer *w);
	/** A descriptor reading the whole blob from offset 0, which the
	 * caller closes, and its size.  ENOTFOUND when absent. */
	int (*open)(int *fd_out, petory_blob_stat *stat_out,
		petory_blob_store *bs, const char *key);
	/** ENOTFOUND when absent. */
	int (*stat)(
		petory_blob_stat *out, petory_blob_store *bs, const char *key);
	/** Remove key; an absent key is not an error. */
	int (*remove)(petory_blob_store *bs, const char *key);

	/* Optional (version 1): a backend the client reaches directly.
	 * Without presign_put, uploads go through petory-httpd; without
	 * presign_get, petory-httpd serves the bytes from open(). */

	/** A URL valid from now_s for ttl_s seconds on which a PUT of
	 * exactly `size` bytes with this Content-Type stores the key; the
	 * URL is malloc'd (free()). */
	int (*presign_put)(char **url_out, petory_blob_store *bs,
		const char *key, const char *content_type, uint64_t size,
		int64_t now_s, int64_t ttl_s);
	/** A URL valid from now_s for ttl_s seconds that GETs the key. */
	int (*presign_get)(char **url_out, petory_blob_store *bs,
		const char *key, int64_t now_s, int64_t ttl_s);
	/** Remove what writes begun before `before` left behind when their
	 * process died between put_begin and commit/abort. */
	int (*sweep)(petory_blob_store *bs, petory_time_ms before);
	/* Methods above are valid for version 1.  Append only. */
};

/** Replace the handle's blob store.  EVERSION for a version this build
 * does not know, EINVALID for a missing required method; on failure the
 * caller still owns bs.  Call before the handle is shared. */
PETORY_EXTERN int petory_set_blob_store(petory *db, petory_blob_store *bs);

/** The handle's blob store (borrowed). */
PETORY_EXTERN petory_blob_store *petory_get_blob_store(petory *db);

/** A local-directory backend over dir (copied; created on the first
 * write).  Files live in dir/<k0k1>/<key>; writes go through dir/.tmp and
 * are linked into place, so a reader never sees a partial file. */
PETORY_EXTERN int petory_local_blob_store_new(
	petory_blob_store **out, const char *dir);

/** An S3 backend (SigV4, path- or virtual-host-style).  Every string of
 * opts is copied.  EINVALID when the bucket, keys or endpoint are
 * missing or malformed. */
PETORY_EXTERN int petory_s3_blob_store_new(
	petory_blob_store **out, const petory_s3_options *opts);

PETORY_END_DECL

#endif
