/* store_event.h -- the calendar methods of the SQLite petory_store. */
#ifndef PETORY_SQLITE_STORE_EVENT_H
#define PETORY_SQLITE_STORE_EVENT_H

#include "store/sqlite/sqlite_internal.h"

int petory__sqlite_event_insert(petory_store *st, petory_event *e,
	petory_time_ms series_start, petory_time_ms series_end);
int petory__sqlite_event_update(petory_store *st, const petory_event *e,
	petory_time_ms series_start, petory_time_ms series_end);
int petory__sqlite_event_get(
	petory_event **out, petory_store *st, int64_t user_id, int64_t id);
int petory__sqlite_event_delete(petory_store *st, int64_t user_id, int64_t id);
int petory__sqlite_event_list_overlapping(petory_event **out, size_t *count_out,
	petory_store *st, int64_t user_id, petory_time_ms from,
	petory_time_ms to);

int petory__sqlite_event_list_reminding(petory_event **out, size_t *count_out,
	petory_store *st, petory_time_ms from, petory_time_ms to);
int petory__sqlite_event_reminder_record(int *created_out, petory_store *st,
	int64_t event_id, petory_time_ms occurrence_start,
	petory_notification *n);

#endif
