/* pg_places.h -- what the places table (place.c) shares with the reviews
 * table (place_review.c) in the PostgreSQL store: a place's state read
 * under its row lock, and what that state means to a change that needs
 * the place ACTIVE.
 */
#ifndef PETORY_PG_PLACES_H
#define PETORY_PG_PLACES_H

#include "store/postgres/pg_rows.h"

/* *status of a place that is not there. */
#define PETORY__PG_PLACE_ABSENT (-1)

/* Inside a transaction: lock place id's row (FOR NO KEY UPDATE; every
 * write to a place's counters or children takes this lock first) and
 * read its status, type and like_count; *status is
 * PETORY__PG_PLACE_ABSENT (and the others 0) when there is no such
 * place.  type and likes may be NULL. */
int petory__pg_place_lock(petory__pg_conn *conn, int64_t id, int *status,
	int *type, int64_t *likes);

/* What a place in `status` (or PETORY__PG_PLACE_ABSENT) is to a change
 * that needs it ACTIVE (a like, a review, a report): ABSENT when it is
 * absent or DELETED, INACTIVE when INACTIVE, APPLIED when the change may
 * go on. */
petory_store_outcome petory__pg_place_open_outcome(int status);

#endif
