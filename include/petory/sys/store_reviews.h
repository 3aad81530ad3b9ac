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
	/** Insert r (place_id, user_id, content, rating, created_at) and add
	 * it to the place's review count and rating sum, in one transaction;
	 * sets r->id.  *outcome_out: ABSENT when the place is absent or
	 * DELETED, INACTIVE when it is INACTIVE, DUPLICATE when the user has
	 * a live review of it (nothing written for these), else APPLIED. */
	int (*review_insert)(petory_store_outcome *outcome_out,
		petory_store *st, petory_review *r);
	/** The review, live or deleted; ENOTFOUND when there is none. */
	int (*review_get)(petory_review **out, petory_store *st, int64_t id);
	/** A live review: content (NULL keeps) and rating (0 keeps), the
	 * place's rating sum following in the same transaction.  ENOTFOUND
	 * when there is no such live review. */
	int (*review_update)(petory_store *st, int64_t id, const char *content,
		int rating, petory_time_ms now);
	/** Delete (deleted 1) or restore (0) a review, the place's review
	 * count and rating sum following in the same transaction.  ENOTFOUND
	 * when there is no such review, ECONFLICT when it is already so,
	 * EEXISTS when a restore would give its author two live reviews of
	 * the place. */
	int (*review_set_deleted)(
		petory_store *st, int64_t id, int deleted, petory_time_ms now);
	/** Up to limit live reviews of place_id, newest (highest id) first.
	 * *out is a malloc'd array (free with petory_review_list_free). */
	int (*review_list)(petory_review **out, size_t *count_out,
		petory_store *st, int64_t place_id, int64_t limit);
	/** Insert r (place_id, user_id, content, created_at) and count it
	 * towards the place's reports since its last restore, in one
	 * transaction; sets r->id.  When that count reaches `limit` the
	 * place becomes INACTIVE and an admin alert is queued in the outbox
	 * in the same transaction: *deactivated_out 1.  *outcome_out: ABSENT
	 * when the place is absent or DELETED, INACTIVE when it is INACTIVE,
	 * DUPLICATE when the user has reported it before (nothing written for
	 * these), else APPLIED.  *type_out gets the place's type when it
	 * exists. */
	int (*report_insert)(petory_store_outcome *outcome_out,
		petory_store *st, petory_report *r, int64_t limit,
		int *deactivated_out, petory_place_type *type_out);
	/** Mark a valid report of place_id invalid (by admin_id, for
	 * reason) and uncount it, in one transaction; *out gets the report
	 * as it is now.  ENOTFOUND when place_id has no such report,
	 * ECONFLICT when it is already invalid. */
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
