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
#include "../event.h"
#include "../notification.h"
#include "../daily.h"
#include "../jobs.h"
#include "../place.h"
#include "../file.h"
#include "../pet.h"
#include "../album.h"
#include "../board.h"
#include "../trade.h"
#include "../chat.h"

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

typedef struct petory_rank_entry {
	int64_t member;
	double score;
} petory_rank_entry;
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

/** A pet whose birthday may fall today somewhere (pet_birthdays). */
typedef struct petory_pet_birthday {
	int64_t pet_id;
	int64_t owner_id;
	char *name;
	char *birthday; /**< YYYY-MM-DD */
	char *timezone; /**< the owner's */
} petory_pet_birthday;

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

/* 3: user_list takes a search text.
 * 4: review_feed and review_count (the review feed of a place). */
#define PETORY_STORE_VERSION 4

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
	/** Newest first; query (NULL: every account) keeps the accounts
	 * whose email or nickname holds it, ASCII case ignored. */
	int (*user_list)(petory_user_page *out, petory_store *st,
		const char *query, int64_t offset, int64_t limit);
	/** Accounts that hold ADMIN and are ACTIVE. */
	int (*user_count_active_admins)(int64_t *count_out, petory_store *st);

	/** OAuth2 login attempts: state -> PKCE verifier, single use. */
	int (*oauth_state_put)(petory_store *st, const char *state,
		const char *verifier, petory_time_ms expires_at);
	/** Delete and return the verifier; ENOTFOUND when unknown/expired. */
	int (*oauth_state_take)(char **verifier_out, petory_store *st,
		const char *state, petory_time_ms now);
	/* Methods above are valid for version 1. */

	/* Required (version 2): calendar events. */
	/** Calendar events.  series_start/series_end bound every occurrence
	 * (series_end INT64_MAX: endless); range queries use them. */
	int (*event_insert)(petory_store *st, petory_event *e,
		petory_time_ms series_start, petory_time_ms series_end);
	/** Replace every field of the event e->id owned by e->user_id;
	 * ENOTFOUND when there is no such event of that user. */
	int (*event_update)(petory_store *st, const petory_event *e,
		petory_time_ms series_start, petory_time_ms series_end);
	/** ENOTFOUND unless the event exists and belongs to user_id. */
	int (*event_get)(petory_event **out, petory_store *st, int64_t user_id,
		int64_t event_id);
	int (*event_delete)(
		petory_store *st, int64_t user_id, int64_t event_id);
	/** The user's events whose series overlaps [from, to) (an instant at
	 * `from` included); *out is an array of records (petory_event_free
	 * each one's fields, then free). */
	int (*event_list_overlapping)(petory_event **out, size_t *count_out,
		petory_store *st, int64_t user_id, petory_time_ms from,
		petory_time_ms to);

	/* Required (version 2): notifications and jobs. */
	/** Insert n (user_id, type, content, link, created_at); sets n->id.
	 * ENOTFOUND "USER_NOT_FOUND" when the user does not exist. */
	int (*notification_insert)(petory_store *st, petory_notification *n);
	/** A user's notifications, newest first, with total and unread. */
	int (*notification_list)(petory_notification_page *out,
		petory_store *st, int64_t user_id, int unread_only,
		int64_t offset, int64_t limit);
	/** Mark read notification id of user_id (id 0: all of them);
	 * ENOTFOUND when id is not the user's. */
	int (*notification_mark_read)(petory_store *st, int64_t user_id,
		int64_t id, petory_time_ms now);
	/** Delete id; user_id 0 matches any owner; ENOTFOUND otherwise. */
	int (*notification_delete)(
		petory_store *st, int64_t user_id, int64_t id);
	/** In one transaction: a DAILY_QUESTION notification for `day` to
	 * every ACTIVE user who has none, and the job run (job, day). */
	int (*notification_fanout)(int64_t *inserted_out, petory_store *st,
		const char *job, const char *day, const char *content,
		const char *link, petory_time_ms now,
		petory_progress_fn progress, void *progress_payload);
	/** In one transaction: delete notifications created before `before`
	 * and record the job run (job, day). */
	int (*notification_purge)(int64_t *deleted_out, petory_store *st,
		const char *job, const char *day, petory_time_ms before,
		petory_time_ms now);
	/** *done_out = 1 when the run (job, day) is recorded. */
	int (*job_run_get)(int *done_out, petory_store *st, const char *job,
		const char *day);

	/* Required (version 2): daily questions and answers. */
	/** Insert rows whose date is free, in one transaction. */
	int (*daily_question_load)(int64_t *inserted_out, petory_store *st,
		const petory_daily_question *rows, size_t count,
		petory_time_ms now);
	/** Insert q; sets q->id.  EEXISTS "DATE_IS_EXIST". */
	int (*daily_question_insert)(
		petory_store *st, petory_daily_question *q);
	/** Any status; ENOTFOUND "QUESTION_NOT_FOUND". */
	int (*daily_question_get)(
		petory_daily_question **out, petory_store *st, int64_t id);
	int (*daily_question_by_date)(petory_daily_question **out,
		petory_store *st, const char *date);
	/** Set date and texts of q->id when its status is in from_mask;
	 * ECONFLICT otherwise, EEXISTS "DATE_IS_EXIST". */
	int (*daily_question_update)(petory_store *st,
		const petory_daily_question *q, unsigned from_mask);
	int (*daily_question_set_status)(petory_store *st, int64_t id,
		unsigned from_mask, petory_daily_status to, petory_time_ms now);
	/** Statuses in mask; by_change orders by the last change instead of
	 * the date. */
	int (*daily_question_list)(petory_daily_question_page *out,
		petory_store *st, unsigned mask, int by_change, int64_t offset,
		int64_t limit);
	/** Insert a; sets a->id.  EEXISTS "ALREADY_WRITTEN_TODAY". */
	int (*daily_answer_insert)(petory_store *st, petory_daily_answer *a);
	/** ENOTFOUND "DAILY_QNA_NOT_FOUND". */
	int (*daily_answer_get)(
		petory_daily_answer **out, petory_store *st, int64_t id);
	int (*daily_answer_update)(petory_store *st, int64_t id,
		unsigned from_mask, const char *answer, petory_time_ms now);
	int (*daily_answer_set_status)(petory_store *st, int64_t id,
		unsigned from_mask, petory_daily_status to, petory_time_ms now);
	/** A user's answers in `status` (question_id 0: any), newest first. */
	int (*daily_answer_list)(petory_daily_answer_page *out,
		petory_store *st, int64_t user_id, int64_t question_id,
		petory_daily_status status, int64_t offset, int64_t limit);

	/* Required (version 2): account lifecycle and the outbox. */
	/** In one transaction, measured on coalesce(last_login_at,
	 * created_at) and status_changed_at: queue the warning mail of
	 * ACTIVE accounts idle for 85 days (once per last login), deactivate
	 * those idle for 90 days (sessions revoked), hard-delete accounts
	 * DEACTIVATED or DELETED for 90 days, end 30-day suspensions, queue
	 * an admin alert when accounts were deactivated or removed, and
	 * record the run (job, day). */
	int (*account_lifecycle)(petory_lifecycle_counts *out, petory_store *st,
		const char *job, const char *day, petory_time_ms now,
		const petory_lifecycle_mail *mail);
	/** Queue one row, due at once. */
	int (*outbox_insert)(petory_store *st, petory_outbox_kind kind,
		const char *payload, petory_time_ms now);
	/** Claim up to `limit` undelivered rows due at `now` of the kinds in
	 * kind_mask (bit 1 << kind): they become due again only at
	 * lease_until, so two dispatchers do not send the same row at once.
	 * *items_out is malloc'd; free each payload and the array. */
	int (*outbox_claim)(petory_outbox_item **items_out, size_t *count_out,
		petory_store *st, unsigned kind_mask, petory_time_ms now,
		petory_time_ms lease_until, size_t limit);
	/** Delivered (error NULL) or failed: attempts + 1, last_error and
	 * the next attempt time. */
	int (*outbox_finish)(petory_store *st, int64_t id, const char *error,
		petory_time_ms next_attempt_at, petory_time_ms now);

	/* Required (version 2): event reminders. */
	/** Events of every ACTIVE user with a reminder whose series
	 * overlaps [from, to); like event_list_overlapping. */
	int (*event_list_reminding)(petory_event **out, size_t *count_out,
		petory_store *st, petory_time_ms from, petory_time_ms to);
	/** In one transaction: note that the reminder of the occurrence of
	 * event_id starting at occurrence_start was sent and insert n (sets
	 * n->id); *created_out = 0 and nothing is written when it was noted
	 * before, so each reminder is sent once. */
	int (*event_reminder_record)(int *created_out, petory_store *st,
		int64_t event_id, petory_time_ms occurrence_start,
		petory_notification *n);

	/* Required (version 2): places. */
	/** Insert p (and its R*Tree entry); sets p->id.  EEXISTS
	 * "DUPLICATE_PLACE" for a non-deleted place with the same (name,
	 * address). */
	int (*place_insert)(petory_store *st, petory_place *p);
	/** Any status; ENOTFOUND "PLACE_NOT_FOUND".  With viewer > 0,
	 * (*out)->liked tells whether that user likes it. */
	int (*place_get)(petory_place **out, petory_store *st, int64_t id,
		int64_t viewer);
	/** The ACTIVE places among ids, in the order of ids (absent ones
	 * skipped); *out is an array of *count_out places. */
	int (*place_get_many)(petory_place **out, size_t *count_out,
		petory_store *st, const int64_t *ids, size_t n);
	/** Write name, info, type, address, coordinates and updated_at of p
	 * (and its R*Tree entry); EEXISTS "DUPLICATE_PLACE". */
	int (*place_update)(petory_store *st, const petory_place *p);
	/** Move status from one in from_mask (bit 1<<status) to `to`;
	 * ECONFLICT otherwise, ENOTFOUND when absent, EEXISTS
	 * "DUPLICATE_PLACE" when leaving DELETED collides.  reset_reports
	 * restarts the report count.  *like_count_out and *type_out (may be
	 * NULL) get the place's values. */
	int (*place_set_status)(int64_t *like_count_out,
		petory_place_type *type_out, petory_store *st, int64_t id,
		unsigned from_mask, petory_place_status to, int reset_reports,
		petory_time_ms now);
	/** ACTIVE places matching q (type -1: every type); near searches
	 * come nearest first with distance set. */
	int (*place_search)(petory_place_page *out, petory_store *st,
		const petory_place_query *q, int type, int64_t offset,
		int64_t limit);
	/** In one transaction: set, clear or toggle the (user, place) like
	 * and move like_count by the rows changed.  *changed_out gets -1, 0
	 * or +1, *type_out the place's type.  ENOTFOUND for an absent or
	 * DELETED place, ECONFLICT "ALREADY_INACTIVE_PLACE" for an INACTIVE
	 * one. */
	int (*place_like)(petory_like_result *out, int *changed_out,
		petory_place_type *type_out, petory_store *st, int64_t user_id,
		int64_t place_id, petory_like_mode mode, petory_time_ms now);
	/** (id, like_count) of every ACTIVE place with likes, of one type
	 * (-1: all); *out is malloc'd, NULL when empty. */
	int (*place_rank_truth)(petory_rank_entry **out, size_t *count_out,
		petory_store *st, int type);
	/* Reviews and reports. */
	/** Insert r (place_id, user_id, content, rating, created_at) and
	 * add it to the place's rating; sets r->id.  ENOTFOUND for an absent
	 * or DELETED place, ECONFLICT "ALREADY_INACTIVE_PLACE", EEXISTS
	 * "DUPLICATE_REVIEW". */
	int (*review_insert)(petory_store *st, petory_review *r);
	/** Any state; ENOTFOUND "PLACE_REVIEW_NOT_FOUND". */
	int (*review_get)(petory_review **out, petory_store *st, int64_t id);
	/** A live review: content (NULL keeps) and rating (0 keeps), the
	 * place's rating sum following. */
	int (*review_update)(petory_store *st, int64_t id, const char *content,
		int rating, petory_time_ms now);
	/** Delete (deleted 1) or restore (0) with the place's counts;
	 * ECONFLICT when already so, EEXISTS "DUPLICATE_REVIEW". */
	int (*review_set_deleted)(
		petory_store *st, int64_t id, int deleted, petory_time_ms now);
	int (*review_list)(petory_review **out, size_t *count_out,
		petory_store *st, int64_t place_id, int64_t limit);
	/** Insert r (place_id, user_id, content, created_at); sets r->id.
	 * When the place reaches `limit` counted reports it becomes
	 * INACTIVE with an admin alert: *deactivated_out 1, *type_out its
	 * type.  Errors as review_insert, EEXISTS "ALREADY_REPORT_PLACE". */
	int (*report_insert)(petory_store *st, petory_report *r, int64_t limit,
		int *deactivated_out, petory_place_type *type_out);
	/** Cancel a valid report of place_id; ENOTFOUND
	 * "PLACE_REPORT_NOT_FOUND", ECONFLICT "ALREADY_INVALID_REPORT". */
	int (*report_cancel)(petory_report **out, petory_store *st,
		int64_t place_id, int64_t report_id, int64_t admin_id,
		const char *reason, petory_time_ms now);
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

	/* Required (version 2): pet D-days. */
	/** Live pets of ACTIVE owners whose birthday's "MM-dd" is one of the
	 * n (1..4) month_days, with the owner's time zone; *out is malloc'd
	 * (rows and their strings). */
	int (*pet_birthdays)(petory_pet_birthday **out, size_t *count_out,
		petory_store *st, const char *const *month_days, size_t n);
	/** In one transaction: note the D-day of pet_id on local_date and
	 * insert n (sets n->id); *created_out = 0 and nothing is written
	 * when it was noted before. */
	int (*pet_dday_record)(int *created_out, petory_store *st,
		int64_t pet_id, const char *local_date, petory_notification *n);
	/* Required (version 2): images of places.  place_insert attaches
	 * p->image_keys (of p->created_by, purpose "place", public) in the
	 * place's transaction; place_get fills every image, place_search
	 * and place_get_many the first of each place. */

	/** Attach keys of owner_id to a place that is not DELETED (ENOTFOUND
	 * "PLACE_NOT_FOUND" otherwise), all or nothing. */
	int (*place_add_images)(petory_store *st, int64_t place_id,
		int64_t owner_id, const char *const *keys, size_t count,
		petory_time_ms now);
	/** Delete image image_id of place_id and its file record; key_out
	 * receives the key.  ENOTFOUND "PLACE_IMAGE_NOT_FOUND" when the
	 * image is not that place's. */
	int (*place_image_delete)(petory_file_key *key_out, petory_store *st,
		int64_t place_id, int64_t image_id);
	/* Methods above are valid for version 2.  Append only. */

	/* Required (version 2): owner boards.  Posts with every image and
	 * the writer's nickname (NULL for a deleted account); the FTS index
	 * follows every write of a post in its transaction. */

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

	/* Required (version 2): trade board.  A listing's files are private
	 * while it is HIDDEN or DELETED, kept so by every method that
	 * attaches files or moves the status, in the same transaction. */

	/** Insert post (seller_id, category, title, content, price; status
	 * FOR_SALE; id and times are set) and attach the keys. */
	int (*trade_insert)(petory_store *st, petory_trade_post *post,
		const char *const *keys, size_t count, petory_time_ms now);
	/** A listing of any status with every image; ENOTFOUND
	 * "TRADE_BOARD_NOT_FOUND". */
	int (*trade_get)(petory_trade_post **out, petory_store *st, int64_t id);
	/** Newest first, content cut to 30 characters, first image: seller_id
	 * 0 lists FOR_SALE, RESERVED and SOLD_OUT; else that seller's but
	 * DELETED.  category -1 and scan NULL filter nothing. */
	int (*trade_list)(petory_trade_page *out, petory_store *st,
		int64_t seller_id, int category, const char *scan,
		int64_t offset, int64_t limit);
	/** Change a listing that is not DELETED (category -1, NULL strings,
	 * price -1 keep) and attach keys of owner_id, all or nothing. */
	int (*trade_update)(petory_store *st, int64_t id, int category,
		const char *title, const char *content, int64_t price,
		int64_t owner_id, const char *const *keys, size_t count,
		petory_time_ms now);
	/** Move the status from `from` to `to`; ECONFLICT
	 * "INVALID_STATUS_TRANSITION" when it is no longer `from`. */
	int (*trade_set_status)(petory_store *st, int64_t id, int from, int to,
		petory_time_ms now);
	/** Delete image_id of post_id and its file record (key_out gets the
	 * key); ENOTFOUND "TRADE_BOARD_IMAGE_NOT_FOUND". */
	int (*trade_image_delete)(petory_file_key *key_out, petory_store *st,
		int64_t post_id, int64_t image_id);

	/* Required (version 2): chat.  A room is unique per (listing,
	 * buyer); its members are the listing's seller and that buyer, each
	 * with a hidden flag (left), a read mark and an unread count. */

	/** Find the room of (trade_board_id, customer_id), or make it when
	 * may_create (*created_out 1), and show it in the buyer's list
	 * again; ENOTFOUND (no message) when there is none to find. */
	int (*chat_room_open)(int64_t *room_id_out, int *created_out,
		petory_store *st, int64_t trade_board_id, int64_t seller_id,
		int64_t customer_id, int may_create, petory_time_ms now);
	/** A room as viewer_id sees it (opponent, unread count, last
	 * message); *member_out 1 when viewer_id is one of its members.
	 * ENOTFOUND "CHAT_ROOM_NOT_FOUND". */
	int (*chat_room_get)(petory_chat_room *out, int *member_out,
		petory_store *st, int64_t room_id, int64_t viewer_id);
	/** The rooms of user_id that they did not leave, latest activity
	 * first, as they see them. */
	int (*chat_room_list)(petory_chat_room_page *out, petory_store *st,
		int64_t user_id, int64_t offset, int64_t limit);
	/** Up to limit messages of room_id with an id below before (0: no
	 * bound), oldest first; *has_more_out 1 when older ones remain.
	 * *out is a malloc'd array (the domain frees it). */
	int (*chat_messages)(petory_chat_message **out, size_t *count_out,
		int *has_more_out, petory_store *st, int64_t room_id,
		int64_t before, int64_t limit);
	/** One message; ENOTFOUND "CHAT_MESSAGE_NOT_FOUND". */
	int (*chat_message_get)(
		petory_chat_message **out, petory_store *st, int64_t id);
	/** In one transaction: store m (room_id, sender_id, type, content,
	 * client_msg_id); an IMAGE's file key (the sender's, purpose "chat",
	 * for this room, uploaded, unused) is attached, private; the room's
	 * activity, the other member's unread count and both hidden flags
	 * move, the sender's read mark follows; each of notes[0..note_count)
	 * is inserted unless its user has an unread notification of its type
	 * and link already (n->id 0 then).  *id_out is the new message's id;
	 * when the sender had used client_msg_id in the room nothing is
	 * written, *duplicate_out is 1 and *id_out that message's id. */
	int (*chat_message_insert)(int64_t *id_out, int *duplicate_out,
		petory_store *st, const petory_chat_message *m,
		petory_notification *notes, size_t note_count,
		petory_time_ms now);
	/** user_id has read room_id up to its last message. */
	int (*chat_mark_read)(
		petory_store *st, int64_t room_id, int64_t user_id);
	/** Hide (1) or show (0) room_id in user_id's list. */
	int (*chat_set_hidden)(
		petory_store *st, int64_t room_id, int64_t user_id, int hidden);
	/* Methods above are valid for version 2.  Append only. */

	/* Required (version 4): the review feed of a place. */

	/** Up to limit live reviews of place_id, newest (highest id) first:
	 * those with an id below before (0: no bound), after skipping
	 * offset of them; *has_more_out 1 when more live reviews follow the
	 * last one given.  *out is a malloc'd array (free with
	 * petory_review_list_free). */
	int (*review_feed)(petory_review **out, size_t *count_out,
		int *has_more_out, petory_store *st, int64_t place_id,
		int64_t before, int64_t offset, int64_t limit);
	/** The number of live reviews of place_id (0 for an absent place). */
	int (*review_count)(
		int64_t *count_out, petory_store *st, int64_t place_id);
	/* Methods above are valid for version 4.  Append only. */
};

/* ------------------------------------------------------------------ */
/* Rank store                                                           */
/* ------------------------------------------------------------------ */

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

/** Redis backends (hiredis): ranks in sorted sets, sessions and rate
 * limits in hashes driven by Lua scripts.  url is
 * "redis://[:password@]host[:port][/db]"; every key starts with prefix
 * (NULL: "petory:").  EBACKEND "REDIS_UNAVAILABLE" when the server cannot
 * be reached.  Each backend owns one connection. */
PETORY_EXTERN int petory_redis_rank_store_new(
	petory_rank_store **out, const char *url, const char *prefix);
PETORY_EXTERN int petory_redis_session_store_new(
	petory_session_store **out, const char *url, const char *prefix);

PETORY_END_DECL

#endif
