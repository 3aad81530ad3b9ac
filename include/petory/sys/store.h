/* sys/store.h -- the storage extension API: three versioned vtables.
 *
 *   petory_store          relational data, grouped per domain (SQLite today;
 *                         a PostgreSQL backend can implement the same table)
 *   petory_rank_store     leaderboards (incr, top, score, rebuild)
 *   petory_session_store  login sessions, refresh tokens, rate-limit buckets
 *
 * A backend embeds the table as the first member of its own struct and
 * sets `version` to the *_VERSION it was built against.  Registration
 * (petory_set_*) checks the version and the required methods, and takes
 * ownership of the backend only on success.  Tables only grow at the end;
 * every layout change bumps the version.  Every method returns 0 or a
 * negative petory_error_code and sets petory_error_last() on failure.
 * Methods are called from many threads at once; a backend must be
 * thread-safe.  Each method is atomic on its own.
 */
#ifndef PETORY_SYS_STORE_H
#define PETORY_SYS_STORE_H

#include "../common.h"
#include "../types.h"
#include "../user.h"
#include "../file.h"
#include "../pet.h"
#include "../album.h"

PETORY_BEGIN_DECL

/* ------------------------------------------------------------------ */
/* Relational store                                                     */
/* ------------------------------------------------------------------ */

/** What login and token checks need beyond the public record. */
typedef struct petory_user_secret {
	char *password_hash; /**< Argon2id string; NULL for OAuth-only users */
	int64_t token_version;
} petory_user_secret;

/** A compact view for token checks (one indexed read). */
typedef struct petory_user_auth_state {
	petory_user_status status;
	unsigned roles;
	int64_t token_version;
} petory_user_auth_state;

/** The life of a file record: presigned (PENDING), bytes arriving
 * (RECEIVING), bytes stored (UPLOADED), taken by a resource (ATTACHED). */
typedef enum petory_file_state {
	PETORY_FILE_PENDING = 0,
	PETORY_FILE_RECEIVING,
	PETORY_FILE_UPLOADED,
	PETORY_FILE_ATTACHED
} petory_file_state;

/** A file record. */
typedef struct petory_file_rec {
	char key[48];
	int64_t owner_id;
	petory_file_purpose purpose;
	char content_type[32];
	int64_t declared_size;
	int64_t stored_size; /**< -1 until uploaded */
	petory_file_state state;
	int is_private;
	int64_t chat_room_id; /**< 0: none */
	petory_time_ms created_at;
	petory_time_ms upload_expires_at;
	petory_time_ms uploaded_at; /**< 0: not yet */
	petory_time_ms attached_at; /**< 0: not yet */
} petory_file_rec;

/** A file key, for lists of them (malloc'd arrays, free()). */
typedef struct petory_file_key {
	char key[48];
} petory_file_key;

/** A pet change as the store applies it: NULL strings stay as they are,
 * gender and birthday "" become NULL, size -1 stays. */
typedef struct petory_pet_patch {
	const char *name;
	int size; /**< a petory_pet_size, or -1 */
	const char *species;
	const char *gender;
	const char *birthday;
} petory_pet_patch;

#define PETORY_STORE_VERSION 2

typedef struct petory_store petory_store;
struct petory_store {
	unsigned int version; /**< PETORY_STORE_VERSION; first */
	const char *name;     /**< "sqlite" */

	/* Required (version 1). */
	void (*free)(petory_store *st);
	int (*ping)(petory_store *st);

	/** Small key/value facts of the installation (jwt key, …).
	 * ENOTFOUND when absent. */
	int (*meta_get)(char **value_out, petory_store *st, const char *key);
	/** Store value unless key exists; *value_out gets the winner. */
	int (*meta_put_if_absent)(char **value_out, petory_store *st,
		const char *key, const char *value);

	/** Insert u (email_norm is the lower-cased email); EEXISTS when the
	 * email is taken.  Sets u->id. */
	int (*user_insert)(petory_store *st, petory_user *u,
		const char *email_norm, const char *password_hash);
	/** ENOTFOUND when absent.  secret_out may be NULL. */
	int (*user_get)(petory_user **out, petory_user_secret *secret_out,
		petory_store *st, int64_t id);
	int (*user_get_by_email)(petory_user **out,
		petory_user_secret *secret_out, petory_store *st,
		const char *email_norm);
	int (*user_auth_state)(
		petory_user_auth_state *out, petory_store *st, int64_t id);
	/** Apply the non-NULL fields of patch. */
	int (*user_update_profile)(petory_store *st, int64_t id,
		const petory_user_patch *patch, petory_time_ms now);
	/** Move status from one of the states in from_mask (bit 1<<status)
	 * to `to`; ECONFLICT when the current status is not in from_mask.
	 * bump_tokens increments the token version (revokes access tokens). */
	int (*user_set_status)(petory_store *st, int64_t id, unsigned from_mask,
		petory_user_status to, int bump_tokens, petory_time_ms now);
	/** Compare-and-set the roles: ECONFLICT when they are no longer
	 * `expected` (a concurrent change). */
	int (*user_set_roles)(petory_store *st, int64_t id, unsigned expected,
		unsigned roles, petory_time_ms now);
	/** Record a successful login; reactivate moves a DEACTIVATED or
	 * DELETED account back to ACTIVE. */
	int (*user_record_login)(petory_store *st, int64_t id, int reactivate,
		petory_time_ms now);
	/** Newest first. */
	int (*user_list)(petory_user_page *out, petory_store *st,
		int64_t offset, int64_t limit);
	/** Accounts that hold ADMIN and are ACTIVE. */
	int (*user_count_active_admins)(int64_t *count_out, petory_store *st);

	/** OAuth2 login attempts: state -> PKCE verifier, single use. */
	int (*oauth_state_put)(petory_store *st, const char *state,
		const char *verifier, petory_time_ms expires_at);
	/** Delete and return the verifier; ENOTFOUND when unknown/expired. */
	int (*oauth_state_take)(char **verifier_out, petory_store *st,
		const char *state, petory_time_ms now);
	/* Methods above are valid for version 1. */

	/* Required (version 2): files.  Attaching a file to a resource
	 * happens inside the resource's own methods (pets, albums), in the
	 * same transaction as the resource's rows. */

	/** Record a new file (state PENDING, private). */
	int (*file_insert)(petory_store *st, const petory_file_rec *rec,
		const char *filename);
	/** ENOTFOUND "FILE_NOT_FOUND" when unknown. */
	int (*file_get)(
		petory_file_rec *out, petory_store *st, const char *key);
	/** Move the state from one in from_mask (bit 1<<state) to `to`;
	 * ECONFLICT when it is in none of them.  stored_size >= 0 records
	 * the size kept; `to` UPLOADED also records the time. */
	int (*file_set_state)(petory_store *st, const char *key,
		unsigned from_mask, petory_file_state to, int64_t stored_size,
		petory_time_ms now);
	/** Up to `limit` keys of files never attached and created before
	 * `before`, oldest first; *out is malloc'd (free()), NULL when
	 * none. */
	int (*file_list_stale)(petory_file_key **out, size_t *count_out,
		petory_store *st, petory_time_ms before, size_t limit);
	/** Delete the record of a file that is still not attached;
	 * ENOTFOUND when it is gone or was attached meanwhile. */
	int (*file_delete_unattached)(petory_store *st, const char *key);

	/* Required (version 2): pets.  Images come back with file_key,
	 * is_private, id and created_at; their url is the caller's to fill. */

	/** Insert pet (owner_id, fields; id and times are set) and attach
	 * the image keys (see petory__sqlite_attach), all or nothing. */
	int (*pet_insert)(petory_store *st, petory_pet *pet,
		const char *const *keys, size_t count, petory_time_ms now);
	/** A pet with every image, deleted or not; ENOTFOUND
	 * "PET_NOT_FOUND". */
	int (*pet_get)(petory_pet **out, petory_store *st, int64_t id);
	/** Live pets of owner_id, newest first, each with its first image. */
	int (*pet_list)(petory_pet_page *out, petory_store *st,
		int64_t owner_id, int64_t offset, int64_t limit);
	/** Apply patch to a live pet and attach keys of owner_id, all or
	 * nothing; ENOTFOUND "PET_NOT_FOUND" for a deleted one. */
	int (*pet_update)(petory_store *st, int64_t id, int64_t owner_id,
		const petory_pet_patch *patch, const char *const *keys,
		size_t count, petory_time_ms now);
	/** deleted 1: soft-delete a live pet (its files turn private);
	 * 0: restore a deleted one.  ECONFLICT when it already is so. */
	int (*pet_set_deleted)(
		petory_store *st, int64_t id, int deleted, petory_time_ms now);
	/** The pet an image belongs to; ENOTFOUND "PET_IMAGE_NOT_FOUND". */
	int (*pet_image_pet)(
		int64_t *pet_id_out, petory_store *st, int64_t image_id);
	/** Delete an image and its file record; key_out receives the key
	 * whose bytes are now to be removed. */
	int (*pet_image_delete)(
		petory_file_key *key_out, petory_store *st, int64_t image_id);

	/* Required (version 2): albums.  A PRIVATE album's files are
	 * private: every method that attaches files or changes the
	 * visibility keeps them in step, in the same transaction. */

	/** Insert album (owner_id, content, visibility; id and times are
	 * set) dated local_date (YYYY-MM-DD in the owner's zone) and attach
	 * the image keys, all or nothing.  ECONFLICT
	 * "ALREADY_SAVED_ALBUM_TODAY" when the owner has an album on that
	 * date. */
	int (*album_insert)(petory_store *st, petory_album *album,
		const char *local_date, const char *const *keys, size_t count,
		petory_time_ms now);
	/** An album with every image; ENOTFOUND "ALBUM_NOT_FOUND". */
	int (*album_get)(petory_album **out, petory_store *st, int64_t id);
	/** Newest first, each with its first image: owner_id 0 lists every
	 * PUBLIC album; otherwise owner_id's, PRIVATE ones only with
	 * include_private. */
	int (*album_list)(petory_album_page *out, petory_store *st,
		int64_t owner_id, int include_private, int64_t offset,
		int64_t limit);
	/** content NULL stays, "" clears; visibility -1 stays.  ENOTFOUND
	 * "ALBUM_NOT_FOUND". */
	int (*album_update)(petory_store *st, int64_t id, const char *content,
		int visibility, petory_time_ms now);
	/** Delete an album, its images and their file records; *keys_out
	 * (malloc'd, free()) lists the keys whose bytes are to go. */
	int (*album_delete)(petory_file_key **keys_out, size_t *count_out,
		petory_store *st, int64_t id);
	/** Attach keys of owner_id to the album, all or nothing. */
	int (*album_add_images)(petory_store *st, int64_t id, int64_t owner_id,
		const char *const *keys, size_t count, petory_time_ms now);
	/** The album an image belongs to; ENOTFOUND
	 * "ALBUM_IMAGE_NOT_FOUND". */
	int (*album_image_album)(
		int64_t *album_id_out, petory_store *st, int64_t image_id);
	/** Delete an image and its file record; key_out receives the key. */
	int (*album_image_delete)(
		petory_file_key *key_out, petory_store *st, int64_t image_id);
	/* Methods above are valid for version 2.  Append only. */
};

/* ------------------------------------------------------------------ */
/* Rank store                                                           */
/* ------------------------------------------------------------------ */

typedef struct petory_rank_entry {
	int64_t member;
	double score;
} petory_rank_entry;

#define PETORY_RANK_STORE_VERSION 1

typedef struct petory_rank_store petory_rank_store;
struct petory_rank_store {
	unsigned int version; /**< PETORY_RANK_STORE_VERSION; first */
	const char *name;

	/* Required (version 1). */
	void (*free)(petory_rank_store *rs);
	/** Add delta to member's score on board; *score_out may be NULL. */
	int (*incr)(double *score_out, petory_rank_store *rs, const char *board,
		int64_t member, double delta);
	/** Up to `limit` entries, highest score first, ties by member id;
	 * *out is malloc'd (free()), NULL when empty. */
	int (*top)(petory_rank_entry **out, size_t *count_out,
		petory_rank_store *rs, const char *board, size_t limit);
	/** ENOTFOUND when the member has no score. */
	int (*score)(double *out, petory_rank_store *rs, const char *board,
		int64_t member);
	/** Replace the whole board atomically. */
	int (*rebuild)(petory_rank_store *rs, const char *board,
		const petory_rank_entry *entries, size_t count);
	/** Drop a member from a board (absent is not an error). */
	int (*remove)(petory_rank_store *rs, const char *board, int64_t member);
	/* Methods above are valid for version 1.  Append only. */
};

/* ------------------------------------------------------------------ */
/* Session store                                                        */
/* ------------------------------------------------------------------ */

typedef enum petory_refresh_outcome {
	PETORY_REFRESH_ROTATED = 0, /**< old token spent, new one stored */
	PETORY_REFRESH_UNKNOWN,     /**< no such token */
	PETORY_REFRESH_EXPIRED,     /**< token or session expired */
	PETORY_REFRESH_REVOKED,     /**< its session was revoked */
	PETORY_REFRESH_REUSED       /**< already spent: session now revoked */
} petory_refresh_outcome;

typedef struct petory_refresh_result {
	petory_refresh_outcome outcome;
	int64_t user_id;
	char session_id[48];
} petory_refresh_result;

/** State of a fixed-window counter after a hit. */
typedef struct petory_rate_state {
	int64_t count;             /**< events in the current window */
	petory_time_ms window_end; /**< when the window resets */
} petory_rate_state;

#define PETORY_SESSION_STORE_VERSION 1

typedef struct petory_session_store petory_session_store;
struct petory_session_store {
	unsigned int version; /**< PETORY_SESSION_STORE_VERSION; first */
	const char *name;

	/* Required (version 1). */
	void (*free)(petory_session_store *ss);
	/** A new login session with its first refresh token (hash only). */
	int (*session_create)(petory_session_store *ss, const char *session_id,
		int64_t user_id, const unsigned char refresh_hash[32],
		petory_time_ms now, petory_time_ms expires_at);
	/** *active_out = 1 when the session exists, is not revoked and has
	 * not expired. */
	int (*session_active)(int *active_out, petory_session_store *ss,
		const char *session_id, petory_time_ms now);
	/** Atomically spend old_hash and store new_hash in the same session;
	 * a spent old_hash revokes the session (REUSED). */
	int (*refresh_rotate)(petory_refresh_result *out,
		petory_session_store *ss, const unsigned char old_hash[32],
		const unsigned char new_hash[32], petory_time_ms now);
	int (*session_revoke)(petory_session_store *ss, const char *session_id,
		petory_time_ms now);
	int (*session_revoke_user)(
		petory_session_store *ss, int64_t user_id, petory_time_ms now);
	/** Add cost (0: just read) to the counter `key` whose fixed window is
	 * window_ms long; a window that ended starts anew. */
	int (*rate_hit)(petory_rate_state *out, petory_session_store *ss,
		const char *key, int64_t cost, int64_t window_ms,
		petory_time_ms now);
	/** Forget expired sessions, tokens and windows. */
	int (*purge)(petory_session_store *ss, petory_time_ms now);
	/* Methods above are valid for version 1.  Append only. */
};

/* ------------------------------------------------------------------ */
/* Registration                                                         */
/* ------------------------------------------------------------------ */

/** Replace the handle's backend.  EVERSION for a version this build does
 * not know, EINVALID for a missing required method; on failure the caller
 * still owns the backend.  Call before the handle is shared. */
PETORY_EXTERN int petory_set_store(petory *db, petory_store *st);
PETORY_EXTERN int petory_set_rank_store(petory *db, petory_rank_store *rs);
PETORY_EXTERN int petory_set_session_store(
	petory *db, petory_session_store *ss);

/** The handle's current backends (borrowed). */
PETORY_EXTERN petory_store *petory_get_store(petory *db);
PETORY_EXTERN petory_rank_store *petory_get_rank_store(petory *db);
PETORY_EXTERN petory_session_store *petory_get_session_store(petory *db);

/** New SQLite backends over the handle's own connection pool (the
 * defaults petory_open installs).  Useful to re-install or wrap them. */
PETORY_EXTERN int petory_sqlite_store_new(petory_store **out, petory *db);
PETORY_EXTERN int petory_sqlite_rank_store_new(
	petory_rank_store **out, petory *db);
PETORY_EXTERN int petory_sqlite_session_store_new(
	petory_session_store **out, petory *db);

PETORY_END_DECL

#endif
