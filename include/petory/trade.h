/* trade.h -- the trade board: used goods listed by their sellers.
 *
 * Status machine (anything else: ECONFLICT "INVALID_STATUS_TRANSITION";
 * the current status again is a no-op):
 *   FOR_SALE -> RESERVED, SOLD_OUT, HIDDEN, DELETED
 *   RESERVED -> FOR_SALE, SOLD_OUT, HIDDEN, DELETED
 *   SOLD_OUT -> HIDDEN, DELETED
 *   HIDDEN   -> FOR_SALE, RESERVED, SOLD_OUT, DELETED
 *   DELETED  -> nothing (final)
 * Visibility: FOR_SALE, RESERVED and SOLD_OUT listings are public; a
 * HIDDEN one exists for its seller and admins only (ENOTFOUND
 * "TRADE_BOARD_NOT_FOUND" to anyone else, and its files are private); a
 * DELETED one for no one.  The seller or an ADMIN edits a listing, moves
 * its status and changes its images; another user gets EPERM
 * "ONLY_AUTHOR_CAN_EDIT".  A seller whose account was hard-deleted is 0
 * with a NULL nickname.
 */
#ifndef PETORY_TRADE_H
#define PETORY_TRADE_H

#include "common.h"
#include "types.h"
#include "file.h"

PETORY_BEGIN_DECL

typedef enum petory_trade_status {
	PETORY_TRADE_FOR_SALE = 0,
	PETORY_TRADE_RESERVED,
	PETORY_TRADE_SOLD_OUT,
	PETORY_TRADE_HIDDEN,
	PETORY_TRADE_DELETED
} petory_trade_status;

typedef enum petory_trade_category {
	PETORY_TRADE_FOOD_AND_TREATS = 0,
	PETORY_TRADE_TOYS,
	PETORY_TRADE_HOUSES_AND_CARRIERS,
	PETORY_TRADE_FEEDERS_AND_TOILETS,
	PETORY_TRADE_GROOMING_AND_CARE_SUPPLIES,
	PETORY_TRADE_CLOTHES_AND_ACCESSORIES,
	PETORY_TRADE_HEALTH
} petory_trade_category;

/** A listing.  Free with petory_trade_post_free().  In lists `content`
 * is the first 30 characters and `images` at most the first image. */
typedef struct petory_trade_post {
	int64_t id;
	int64_t seller_id;     /**< 0 when the seller's account is gone */
	char *seller_nickname; /**< NULL when the seller's account is gone */
	petory_trade_category category;
	char *title;
	char *content;
	int64_t price;
	petory_trade_status status;
	petory_image *images; /**< oldest first */
	size_t image_count;
	petory_time_ms created_at;
	petory_time_ms updated_at;
} petory_trade_post;

typedef struct petory_trade_page {
	petory_trade_post *items;
	size_t count;
	int64_t total;
	int64_t page;
	int64_t size;
} petory_trade_page;

/** Create (every field but image keys required) or change (NULL or
 * has_price 0 keeps a field). */
typedef struct petory_trade_input {
	const char *category; /**< a category name */
	const char *title;    /**< 1..30 characters */
	const char *content;  /**< 1..1000 characters */
	int64_t price;        /**< 0..100000000 */
	int has_price;
	const char *const *image_keys; /**< 0..10, purpose "trade-board" */
	size_t image_key_count;
} petory_trade_input;

/** List filters; NULL or "" is no filter. */
typedef struct petory_trade_query {
	const char *category; /**< a category name */
	const char *q;        /**< substring of title or content */
} petory_trade_query;

PETORY_EXTERN void petory_trade_post_free(petory_trade_post *post);
PETORY_EXTERN void petory_trade_page_dispose(petory_trade_page *page);
PETORY_EXTERN const char *petory_trade_status_name(petory_trade_status s);
PETORY_EXTERN const char *petory_trade_category_name(petory_trade_category c);

/** A FOR_SALE listing of the caller. */
PETORY_EXTERN int petory_trade_create(petory_trade_post **out, petory *db,
	const petory_identity *actor, const petory_trade_input *in);

/** Public listings, newest first (default page size 10). */
PETORY_EXTERN int petory_trade_list(petory_trade_page *out, petory *db,
	const petory_trade_query *query, const petory_page_req *page);

/** The caller's own listings, any status but DELETED. */
PETORY_EXTERN int petory_trade_list_mine(petory_trade_page *out, petory *db,
	const petory_identity *actor, const petory_page_req *page);

/** One listing as actor (may be NULL) may see it. */
PETORY_EXTERN int petory_trade_get(petory_trade_post **out, petory *db,
	const petory_identity *actor, int64_t post_id);

/** Seller or ADMIN: change fields and attach more images. */
PETORY_EXTERN int petory_trade_update(petory_trade_post **out, petory *db,
	const petory_identity *actor, int64_t post_id,
	const petory_trade_input *in);

/** Seller or ADMIN: move the status (a name); *out is the listing as it
 * now is (once more after DELETED). */
PETORY_EXTERN int petory_trade_set_status(petory_trade_post **out, petory *db,
	const petory_identity *actor, int64_t post_id, const char *status);

/** Seller or ADMIN: attach 1..10 images (the actor's files). */
PETORY_EXTERN int petory_trade_add_images(petory_trade_post **out, petory *db,
	const petory_identity *actor, int64_t post_id,
	const char *const *image_keys, size_t image_key_count);

/** Seller or ADMIN: delete one image of the listing and its file
 * (ENOTFOUND "TRADE_BOARD_IMAGE_NOT_FOUND" for an image of another). */
PETORY_EXTERN int petory_trade_image_delete(petory *db,
	const petory_identity *actor, int64_t post_id, int64_t image_id);

PETORY_END_DECL

#endif
