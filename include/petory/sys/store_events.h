/* sys/store_events.h -- the store table of calendar events and their reminders.
 *
 * One of the per-domain tables of petory_store (sys/store.h).  Its
 * `version` comes first and only grows: methods are appended at the
 * end, each valid from the version noted above it.  A method reports
 * facts (rows, states, outcomes); rules and reason codes belong to the
 * domain layer that calls it.
 */
#ifndef PETORY_SYS_STORE_EVENTS_H
#define PETORY_SYS_STORE_EVENTS_H

#include "store_records.h"
#include "../event.h"
#include "../notification.h"

PETORY_BEGIN_DECL

#define PETORY_STORE_EVENTS_VERSION 2

typedef struct petory_store_events {
	unsigned int version; /**< PETORY_STORE_EVENTS_VERSION; first */

	/* Version 1. */
	/** Calendar events.  series_start/series_end bound every occurrence
	 * (series_end INT64_MAX: endless); range queries use them.  Sets
	 * e->id; ENOTFOUND when e->user_id or e->pet_id (if > 0) names
	 * nothing. */
	int (*event_insert)(petory_store *st, petory_event *e,
		petory_time_ms series_start, petory_time_ms series_end);
	/** Replace every field of the event e->id owned by e->user_id;
	 * ENOTFOUND when there is no such event of that user (or e->pet_id
	 * names nothing). */
	int (*event_update)(petory_store *st, const petory_event *e,
		petory_time_ms series_start, petory_time_ms series_end);
	/** ENOTFOUND unless the event exists and belongs to user_id. */
	int (*event_get)(petory_event **out, petory_store *st, int64_t user_id,
		int64_t event_id);
	/** ENOTFOUND unless the event exists and belongs to user_id. */
	int (*event_delete)(
		petory_store *st, int64_t user_id, int64_t event_id);
	/** The user's events whose series overlaps [from, to) (an instant at
	 * `from` included); *out is an array of records (petory_event_free
	 * each one's fields, then free). */
	int (*event_list_overlapping)(petory_event **out, size_t *count_out,
		petory_store *st, int64_t user_id, petory_time_ms from,
		petory_time_ms to);
	/** Events of every ACTIVE user with a reminder whose series
	 * overlaps [from, to); like event_list_overlapping. */
	int (*event_list_reminding)(petory_event **out, size_t *count_out,
		petory_store *st, petory_time_ms from, petory_time_ms to);
	/** In one transaction: note that the reminder of the occurrence of
	 * event_id starting at occurrence_start was sent and insert n (sets
	 * n->id); *created_out = 0 and nothing is written when it was noted
	 * before, so each reminder is sent once.  ENOTFOUND when the event
	 * or n->user_id does not exist. */
	int (*event_reminder_record)(int *created_out, petory_store *st,
		int64_t event_id, petory_time_ms occurrence_start,
		petory_notification *n);
	/* Methods above are valid for version 1.  Append only. */

	/* Version 2. */
	/** event_insert unless e->user_id already keeps max_events events:
	 * the count and the insert are one transaction, so racing inserts
	 * never pass max_events.  *inserted_out = 1 and e->id set, or
	 * *inserted_out = 0 and nothing written; ENOTFOUND as
	 * event_insert. */
	int (*event_insert_capped)(int *inserted_out, petory_store *st,
		petory_event *e, petory_time_ms series_start,
		petory_time_ms series_end, int64_t max_events);
	/* Methods above are valid for version 2.  Append only. */
} petory_store_events;

PETORY_END_DECL

#endif
