/* sys/store_reviews.h -- the store table of reviews and reports of places.
 *
 * One of the per-domain tables of petory_store (sys/store.h).  Its
 * `version` comes first and only grows: methods are appended at the
 * end, each valid from the version noted above it.  A method reports
 * facts (rows, states, outcomes); rules and reason codes belong to the
 * domain layer that calls it.
 */
#ifndef PETORY_SYS_STORE_REVIEWS_H
#define PETORY_SYS_STORE_REVIEWS_H

#include "store_records.h"
#include "../place.h"

PETORY_BEGIN_DECL

#define PETORY_STORE_REVIEWS_VERSION 1

typedef struct petory_store_reviews {
	unsigned int version; /**< PETORY_STORE_REVIEWS_VERSION; first */

	/* Version 1. */
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
	/* Methods above are valid for version 1.  Append only. */
} petory_store_reviews;

PETORY_END_DECL

#endif
