/* place.h -- pet-friendly places: the admin catalogue, search (text and
 * near), likes and the popularity ranking.
 *
 * Rights: anyone (actor NULL allowed) reads ACTIVE places; an ADMIN (or
 * the system identity) creates, updates, deletes and restores them and
 * also reads INACTIVE ones.  A DELETED place answers ENOTFOUND
 * "PLACE_NOT_FOUND" to everyone but an admin's restore.  Likes need a
 * logged-in user and an ACTIVE place.
 *
 * Images come from uploaded files (purpose "place") through image keys,
 * taken by an admin: each key must be that admin's, uploaded and unused;
 * they are attached in the place's own transaction, all or nothing, and
 * are public.
 *
 * The SQL likes are the truth: like_count changes in the same transaction
 * as the (user, place) row, and the ranking store follows it (boards "ALL"
 * and one per type); petory_place_rank_rebuild recomputes every board.
 */
#ifndef PETORY_PLACE_H
#define PETORY_PLACE_H

#include "common.h"
#include "types.h"
#include "file.h"

PETORY_BEGIN_DECL

typedef enum petory_place_type {
	PETORY_PLACE_CAFE = 0,
	PETORY_PLACE_RESTAURANT,
	PETORY_PLACE_HOSPITAL,
	PETORY_PLACE_STORE,
	PETORY_PLACE_BEAUTY,
	PETORY_PLACE_SCHOOL,
	PETORY_PLACE_ACCOMMODATION,
	PETORY_PLACE_BAR,
	PETORY_PLACE_CAMPING,
	PETORY_PLACE_ETC
} petory_place_type;
#define PETORY_PLACE_TYPE_COUNT 10

typedef enum petory_place_status {
	PETORY_PLACE_ACTIVE = 0,
	PETORY_PLACE_INACTIVE,
	PETORY_PLACE_DELETED
} petory_place_status;

/** Most image keys in one create or add-images call. */
#define PETORY_PLACE_IMAGE_KEYS_MAX 20

/** Largest near-search radius, in metres. */
#define PETORY_PLACE_RADIUS_MAX 50000.0

/** A place.  Free with petory_place_free(). */
typedef struct petory_place {
	int64_t id;
	char *name;    /**< 1-30 characters */
	char *info;    /**< NULL when not set; <= 255 characters */
	char *address; /**< 1-100 characters */
	petory_place_type type;
	petory_place_status status;
	double latitude;  /**< -90..90 */
	double longitude; /**< -180..180 */
	int64_t like_count;
	int64_t review_count; /**< live reviews */
	int64_t rating_sum;   /**< sum of the live reviews' ratings */
	int64_t created_by;   /**< 0 when the author is gone */
	petory_time_ms created_at;
	petory_time_ms updated_at;
	double distance; /**< metres from a near search's centre; -1 otherwise
			  */
	int liked; /**< 1/0 for petory_place_get with a user; -1 unknown */
	const char *source_key; /**< only on insert: see petory_new_place */
	/** Oldest first: every image from petory_place_get and the calls
	 * that answer one place (images_complete 1), only the first in
	 * searches and rankings (images_complete 0). */
	petory_image *images;
	size_t image_count;
	int images_complete;
	/** Only on insert: image keys attached with the place. */
	const char *const *image_keys;
	size_t image_key_count;
} petory_place;

typedef struct petory_place_page {
	petory_place *items;
	size_t count;
	int64_t total;
	int64_t page;
	int64_t size;
} petory_place_page;

/** Create input.  Without coordinates (has_coordinates 0) the address is
 * geocoded through the configured provider. */
typedef struct petory_new_place {
	const char *name;    /**< placeName, 1-30 characters */
	const char *info;    /**< placeInfo, optional, <= 255 */
	const char *type;    /**< placeType name, e.g. "CAFE" */
	const char *address; /**< 1-100 characters */
	int has_coordinates;
	double latitude;
	double longitude;
	/** An importer's stable id of the source row ("bookmark:123"), or
	 * NULL.  A second create with the same key is EEXISTS
	 * "DUPLICATE_PLACE", so imports are idempotent. */
	const char *source_key;
	/** imageKeys: at most PETORY_PLACE_IMAGE_KEYS_MAX keys presigned
	 * by the actor for "place" and uploaded; attached with the place,
	 * all or nothing. */
	const char *const *image_keys;
	size_t image_key_count;
} petory_new_place;

/** A partial update: NULL strings and has_coordinates 0 stay as they
 * are; info "" clears the description. */
typedef struct petory_place_patch {
	const char *name;
	const char *info;
	const char *type;
	const char *address;
	int has_coordinates;
	double latitude;
	double longitude;
} petory_place_patch;

/** Search filters (all optional, combined with AND).  name and address
 * match substrings; type is a type name or "ALL"; near (has_near) keeps
 * the places within radius metres (1..PETORY_PLACE_RADIUS_MAX) of
 * (lat, lng), nearest first, with their distance. */
typedef struct petory_place_query {
	const char *name;
	const char *address;
	const char *type;
	int has_near;
	double lat;
	double lng;
	double radius;
} petory_place_query;

typedef enum petory_like_mode {
	PETORY_LIKE_SET = 0, /**< like (idempotent) */
	PETORY_LIKE_CLEAR,   /**< unlike (idempotent) */
	PETORY_LIKE_TOGGLE   /**< the original's toggle */
} petory_like_mode;

typedef struct petory_like_result {
	int64_t place_id;
	int liked;
	int64_t like_count;
} petory_like_result;

PETORY_EXTERN void petory_place_free(petory_place *place);
PETORY_EXTERN void petory_place_page_dispose(petory_place_page *page);

PETORY_EXTERN const char *petory_place_type_name(petory_place_type t);
PETORY_EXTERN const char *petory_place_status_name(petory_place_status s);
/** Parse an upper-case type name; -1 when unknown. */
PETORY_EXTERN int petory_place_type_parse(const char *name);

/** Mean rating of the live reviews rounded half-up to one decimal; 0.0
 * without reviews.  The one place this is computed. */
PETORY_EXTERN double petory_place_ratio(const petory_place *place);

/** ADMIN.  EINVALID names every bad field; EEXISTS "DUPLICATE_PLACE" when
 * a non-deleted place has the same (name, address). */
PETORY_EXTERN int petory_place_create(petory_place **out, petory *db,
	const petory_identity *actor, const petory_new_place *in);

/** Anyone: an ACTIVE place (an admin also sees INACTIVE ones).  With a
 * user actor, out->liked tells whether that user likes it. */
PETORY_EXTERN int petory_place_get(petory_place **out, petory *db,
	const petory_identity *actor, int64_t place_id);

/** ADMIN: partial update (same checks as create). */
PETORY_EXTERN int petory_place_update(petory_place **out, petory *db,
	const petory_identity *actor, int64_t place_id,
	const petory_place_patch *patch);

/** ADMIN: soft delete; ECONFLICT "ALREADY_DELETED_PLACE". */
PETORY_EXTERN int petory_place_delete(
	petory *db, const petory_identity *actor, int64_t place_id);

/** ADMIN: take a place off the lists as `status`: NULL or "DELETED"
 * (from ACTIVE or INACTIVE; ECONFLICT "ALREADY_DELETED_PLACE") or
 * "INACTIVE" (from ACTIVE; ECONFLICT "ALREADY_INACTIVE_PLACE"); anything
 * else is EINVALID naming "placeStatus". */
PETORY_EXTERN int petory_place_close(petory *db, const petory_identity *actor,
	int64_t place_id, const char *status);

/** ADMIN: a DELETED or INACTIVE place becomes `status` (NULL: ACTIVE;
 * "ACTIVE" or "INACTIVE") and its report count starts again;
 * ECONFLICT "PLACE_NOT_DELETED" for an ACTIVE place, EEXISTS
 * "DUPLICATE_PLACE" when another place took its (name, address). */
PETORY_EXTERN int petory_place_restore(petory_place **out, petory *db,
	const petory_identity *actor, int64_t place_id, const char *status);

/** Anyone: ACTIVE places matching q, newest first (nearest first for a
 * near search); page size default 10. */
PETORY_EXTERN int petory_place_search(petory_place_page *out, petory *db,
	const petory_identity *actor, const petory_place_query *q,
	const petory_page_req *page);

/** A user: like, unlike or toggle.  Exact under concurrency: one row per
 * (user, place); like_count moves only when that row changes. */
PETORY_EXTERN int petory_place_like(petory_like_result *out, petory *db,
	const petory_identity *actor, int64_t place_id, petory_like_mode mode);

/** Anyone: the most-liked ACTIVE places of board type (NULL or "ALL":
 * every type), highest first, at most size (0: 10; 1..50).  *out is an
 * array of *count_out places: free each with petory_place_page_dispose
 * semantics through petory_place_list_free. */
PETORY_EXTERN int petory_place_rank(petory_place **out, size_t *count_out,
	petory *db, const petory_identity *actor, const char *type,
	int64_t size);
PETORY_EXTERN void petory_place_list_free(petory_place *items, size_t count);

/** petory_place_rank rendered as the API's JSON array (the body of GET
 * /places/rank) into *out (free with petory_free()).  Renders are reused
 * until a place, like or review changes in this process (and for at most
 * a second, for changes made by another process). */
PETORY_EXTERN int petory_place_rank_json(char **out, size_t *len_out,
	petory *db, const petory_identity *actor, const char *type,
	int64_t size);

/** ADMIN: rebuild every ranking board from the SQL likes; *places_out
 * (may be NULL) gets the number of ranked places. */
PETORY_EXTERN int petory_place_rank_rebuild(
	int64_t *places_out, petory *db, const petory_identity *actor);

/** ADMIN: attach 1..PETORY_PLACE_IMAGE_KEYS_MAX more image keys to an
 * ACTIVE or INACTIVE place, all or nothing (EINVALID naming imageKeys
 * for an unknown key, another user's or one of another purpose;
 * ECONFLICT "FILE_NOT_UPLOADED" or "FILE_ALREADY_USED").  *out gets the
 * place with every image. */
PETORY_EXTERN int petory_place_add_images(petory_place **out, petory *db,
	const petory_identity *actor, int64_t place_id,
	const char *const *image_keys, size_t image_key_count);

/** ADMIN: remove one image of a place, its file too; ENOTFOUND
 * "PLACE_IMAGE_NOT_FOUND" for an image of another place. */
PETORY_EXTERN int petory_place_image_delete(petory *db,
	const petory_identity *actor, int64_t place_id, int64_t image_id);

/* ---- reviews and reports ---- */

/** A review of a place.  Free with petory_review_free(). */
typedef struct petory_review {
	int64_t id;
	int64_t place_id;
	int64_t user_id; /**< 0 when the author is gone */
	char *nickname;  /**< the author's; NULL when the author is gone */
	char *content;   /**< 1-255 characters */
	int rating;      /**< 1-5 */
	petory_time_ms created_at;
	petory_time_ms updated_at;
	petory_time_ms deleted_at; /**< 0: live */
} petory_review;

/** A report on a place. */
typedef struct petory_report {
	int64_t id;
	int64_t place_id;
	int64_t user_id;
	char *content;
	int valid;    /**< 0 once an admin cancelled it */
	int counted;  /**< counts towards the 10 since the last restore */
	char *reason; /**< the admin's reason when cancelled, or NULL */
	petory_time_ms created_at;
} petory_report;

/** Reports since the last restore that make a place INACTIVE. */
#define PETORY_PLACE_REPORT_LIMIT 10

PETORY_EXTERN void petory_review_free(petory_review *review);
PETORY_EXTERN void petory_review_list_free(petory_review *items, size_t n);
PETORY_EXTERN void petory_report_free(petory_report *report);

/** A user reviews an ACTIVE place: one live review per user per place
 * (EEXISTS "DUPLICATE_REVIEW"; a deleted one does not count); rating
 * 1-5.  Rate-limited per user (ERATELIMIT; rate may be NULL). */
PETORY_EXTERN int petory_review_create(petory_review **out, petory *db,
	const petory_identity *actor, int64_t place_id, const char *content,
	int64_t rating, petory_rate_info *rate);

/** The author: content (NULL keeps it) and rating (0 keeps it).  A review
 * of another place answers ENOTFOUND "PLACE_REVIEW_NOT_FOUND"; someone
 * else's EPERM "ONLY_AUTHOR_CAN_EDIT". */
PETORY_EXTERN int petory_review_update(petory_review **out, petory *db,
	const petory_identity *actor, int64_t place_id, int64_t review_id,
	const char *content, int64_t rating);

/** The author or an ADMIN: soft delete; ECONFLICT
 * "ALREADY_DELETED_REVIEW". */
PETORY_EXTERN int petory_review_delete(petory *db, const petory_identity *actor,
	int64_t place_id, int64_t review_id);

/** ADMIN: ECONFLICT "REVIEW_NOT_DELETED"; EEXISTS "DUPLICATE_REVIEW" when
 * the author has written a new review since. */
PETORY_EXTERN int petory_review_restore(petory_review **out, petory *db,
	const petory_identity *actor, int64_t place_id, int64_t review_id);

/** The newest `limit` (1..100) live reviews of a place. */
PETORY_EXTERN int petory_review_list(petory_review **out, size_t *count_out,
	petory *db, int64_t place_id, int64_t limit);

/** The default and the largest size of a review feed page. */
#define PETORY_REVIEW_FEED_SIZE 10
#define PETORY_REVIEW_FEED_SIZE_MAX 100

/** What a client asks of the review feed: page mode (has_page: page 0
 * or more, page 0 when neither is given) or cursor mode (has_before:
 * the reviews older than review id before, 1 or more), never both;
 * size 1..PETORY_REVIEW_FEED_SIZE_MAX (0: PETORY_REVIEW_FEED_SIZE). */
typedef struct petory_review_feed_req {
	int has_page;
	int64_t page;
	int has_before;
	int64_t before;
	int64_t size;
} petory_review_feed_req;

/** One page of the review feed.  Free with petory_review_feed_dispose().
 */
typedef struct petory_review_feed {
	petory_review *items; /**< newest (highest id) first */
	size_t count;
	int paged;     /**< 1 in page mode: page and total are set */
	int64_t page;  /**< page mode: the page number */
	int64_t size;  /**< the size asked for (or the default) */
	int64_t total; /**< page mode: the place's live reviews */
	/** The id to continue from (the last item's) when older live
	 * reviews remain; 0 at the end. */
	int64_t next_before;
} petory_review_feed;

PETORY_EXTERN void petory_review_feed_dispose(petory_review_feed *feed);

/** Anyone: the live reviews of a place newest first, the same items as
 * petory_review_list, by page or by cursor (see petory_review_feed_req).
 * Ordered by id, so walking the cursor never repeats or skips a review
 * while new ones are added.  EINVALID "INVALID_PARAMETER" names every bad
 * field (page, size, before; page with before names both); ENOTFOUND
 * "PLACE_NOT_FOUND" for a place the actor may not see through
 * petory_place_get (absent, DELETED, or INACTIVE to all but admins). */
PETORY_EXTERN int petory_review_feed_get(petory_review_feed *out, petory *db,
	const petory_identity *actor, int64_t place_id,
	const petory_review_feed_req *req);

/** A user reports an ACTIVE place (ECONFLICT "ALREADY_INACTIVE_PLACE"
 * otherwise), once (EEXISTS "ALREADY_REPORT_PLACE"); content 1-255.  The
 * PETORY_PLACE_REPORT_LIMIT-th counted report makes the place INACTIVE
 * and records an admin alert in the same transaction.  Rate-limited per
 * user. */
PETORY_EXTERN int petory_report_create(petory_report **out, petory *db,
	const petory_identity *actor, int64_t place_id, const char *content,
	petory_rate_info *rate);

/** ADMIN: cancel a report (reason optional, <= 30); a report of another
 * place answers ENOTFOUND "PLACE_REPORT_NOT_FOUND"; ECONFLICT
 * "ALREADY_INVALID_REPORT". */
PETORY_EXTERN int petory_report_cancel(petory_report **out, petory *db,
	const petory_identity *actor, int64_t place_id, int64_t report_id,
	const char *reason);

PETORY_END_DECL

#endif
