/* sys/store_places.h -- the store table of places, their likes, images and
 * ranking truth.
 *
 * One of the per-domain tables of petory_store (sys/store.h).  Its
 * `version` comes first and only grows: methods are appended at the
 * end, each valid from the version noted above it.  A method reports
 * facts (rows, states, outcomes); rules and reason codes belong to the
 * domain layer that calls it.
 */
#ifndef PETORY_SYS_STORE_PLACES_H
#define PETORY_SYS_STORE_PLACES_H

#include "store_records.h"
#include "../place.h"

PETORY_BEGIN_DECL

#define PETORY_STORE_PLACES_VERSION 1

typedef struct petory_store_places {
	unsigned int version; /**< PETORY_STORE_PLACES_VERSION; first */

	/* Version 1. */
	/** Insert p (and its R*Tree entry) with the files p->image_keys
	 * attached, all in one transaction; sets p->id.  EEXISTS when a place
	 * that is not DELETED has the same (name, address), or any place the
	 * same source_key. */
	int (*place_insert)(petory_store *st, petory_place *p);
	/** The place of any status, with all its images; ENOTFOUND when there
	 * is none.  With viewer > 0, (*out)->liked tells whether that user
	 * likes it. */
	int (*place_get)(petory_place **out, petory_store *st, int64_t id,
		int64_t viewer);
	/** The ACTIVE places among ids, in the order of ids (absent ones
	 * skipped); *out is an array of *count_out places. */
	int (*place_get_many)(petory_place **out, size_t *count_out,
		petory_store *st, const int64_t *ids, size_t n);
	/** Write name, info, type, address, coordinates and updated_at of p
	 * (and its R*Tree entry).  ENOTFOUND when there is no place p->id,
	 * EEXISTS when another place that is not DELETED has the new (name,
	 * address). */
	int (*place_update)(petory_store *st, const petory_place *p);
	/** Move status from one in from_mask (bit 1<<status) to `to`.
	 * ENOTFOUND when there is no such place, ECONFLICT when its status is
	 * not in from_mask, EEXISTS when leaving DELETED would give two live
	 * places the same (name, address).  reset_reports restarts the
	 * report count.  *like_count_out and *type_out (may be NULL) get the
	 * place's values. */
	int (*place_set_status)(int64_t *like_count_out,
		petory_place_type *type_out, petory_store *st, int64_t id,
		unsigned from_mask, petory_place_status to, int reset_reports,
		petory_time_ms now);
	/** ACTIVE places matching q (type -1: every type), the newest first;
	 * near searches come nearest first with distance set. */
	int (*place_search)(petory_place_page *out, petory_store *st,
		const petory_place_query *q, int type, int64_t offset,
		int64_t limit);
	/** Set, clear or toggle the (user, place) like of an ACTIVE place
	 * and move like_count by the rows changed, in one transaction.
	 * *outcome_out: ABSENT when the place is absent or DELETED, INACTIVE
	 * when it is INACTIVE (nothing written, *out untouched), else APPLIED
	 * when the like changed (*changed_out -1 or +1) or UNCHANGED when it
	 * was already so (*changed_out 0); *out then holds the like and the
	 * new count.  *type_out gets the place's type when it exists. */
	int (*place_like)(petory_store_outcome *outcome_out,
		petory_like_result *out, int *changed_out,
		petory_place_type *type_out, petory_store *st, int64_t user_id,
		int64_t place_id, petory_like_mode mode, petory_time_ms now);
	/** (id, like_count) of every ACTIVE place with likes, of one type
	 * (-1: all); *out is malloc'd, NULL when empty. */
	int (*place_rank_truth)(petory_rank_entry **out, size_t *count_out,
		petory_store *st, int type);
	/** Attach keys of owner_id to a place, all or nothing, in one
	 * transaction.  *outcome_out: ABSENT (nothing written) when the place
	 * is absent or DELETED, else APPLIED.  A key that cannot be attached
	 * fails the call as the files table's attach does. */
	int (*place_add_images)(petory_store_outcome *outcome_out,
		petory_store *st, int64_t place_id, int64_t owner_id,
		const char *const *keys, size_t count, petory_time_ms now);
	/** Delete image image_id of place_id and its file record; key_out
	 * receives the key.  ENOTFOUND when place_id has no such image. */
	int (*place_image_delete)(petory_file_key *key_out, petory_store *st,
		int64_t place_id, int64_t image_id);
	/* Methods above are valid for version 1.  Append only. */
} petory_store_places;

PETORY_END_DECL

#endif
