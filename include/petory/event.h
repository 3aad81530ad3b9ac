/* event.h -- the calendar: events with RFC 5545 recurrence, kept in the
 * event's own time zone, and range queries that expand them.
 *
 * Times: a timed event's start and end are wall-clock times in its IANA
 * zone ("2026-11-25T09:00:00"); an all-day event's are dates
 * ("2026-11-25"), the end being the LAST day (inclusive), so a one-day
 * event has start == end.  Recurring occurrences keep their local time
 * across daylight-saving changes.  Only the owner sees an event; anyone
 * else gets ENOTFOUND "EVENT_IS_NOT_FOUND".
 */
#ifndef PETORY_EVENT_H
#define PETORY_EVENT_H

#include "common.h"
#include "types.h"

PETORY_BEGIN_DECL

/** The largest window a range query may ask for, and the most
 * occurrences one answer may hold (ERANGE-like EINVALID beyond). */
#define PETORY_EVENT_WINDOW_MAX_DAYS 366
#define PETORY_EVENT_OCCURRENCES_MAX 2000
/** The most events one user keeps (ECONFLICT "TOO_MANY_EVENTS" beyond). */
#define PETORY_EVENTS_PER_USER_MAX 1000

typedef struct petory_event {
	int64_t id;
	int64_t user_id;
	char *title;
	char *description; /**< NULL when none */
	char *color;       /**< LAVENDER … TOMATO, NULL when none */
	char *time_zone;   /**< IANA */
	int all_day;
	char *start_local; /**< "YYYY-MM-DDTHH:MM:SS" or "YYYY-MM-DD" */
	char *end_local;
	petory_time_ms start_at; /**< first occurrence, as instants */
	petory_time_ms end_at;   /**< all-day: midnight after the last day */
	char **recurrence;       /**< "RRULE:…", "RDATE:…", "EXDATE:…" */
	size_t recurrence_count;
	int64_t remind_before; /**< minutes before each start; -1: none */
	petory_time_ms created_at;
	petory_time_ms updated_at;
	int64_t pet_id; /**< one of the owner's pets; 0: none */
} petory_event;

/** Create or change an event.  On update, NULL strings, has_* = 0 and a
 * NULL recurrence with recurrence_set = 0 keep the stored value;
 * description "" and color "" clear them. */
typedef struct petory_event_input {
	const char *title;      /**< 1-100 characters */
	const char *start_date; /**< local, or RFC 3339 with an offset */
	const char *end_date;
	const char *time_zone; /**< IANA */
	int has_all_day;
	int all_day;
	int recurrence_set;
	const char *const *recurrence;
	size_t recurrence_count;
	const char *description; /**< <= 300 characters */
	const char *color;
	int has_remind_before;
	int64_t remind_before; /**< 0..40320 minutes (28 days); -1 clears */
	int has_pet_id;
	int64_t pet_id; /**< a live pet of the actor; 0 clears */
} petory_event_input;

/** One occurrence of an event inside a window. */
typedef struct petory_occurrence {
	const petory_event *event; /**< borrowed from the list */
	petory_time_ms start_at;
	petory_time_ms end_at;
} petory_occurrence;

typedef struct petory_occurrence_list {
	petory_occurrence *items; /**< sorted by start, then event id */
	size_t count;
	petory_event *events; /**< the events the occurrences point into */
	size_t event_count;
} petory_occurrence_list;

PETORY_EXTERN void petory_event_free(petory_event *event);
PETORY_EXTERN void petory_occurrence_list_dispose(petory_occurrence_list *l);

/** EINVALID naming every bad field: title, startDate, endDate (before the
 * start), timeZone, recurrence (malformed, a rule finer than hourly, one
 * libical cannot expand, one that never repeats -- HOURLY and DAILY rules
 * within 50000 intervals -- or a COUNT over 5000 or not reached there),
 * description, color, remindBefore, petId (not a live pet of the actor).
 * ECONFLICT "TOO_MANY_EVENTS" when the actor already keeps
 * PETORY_EVENTS_PER_USER_MAX events (counted in the insert's own
 * transaction, so racing creates never pass it). */
PETORY_EXTERN int petory_event_create(petory_event **out, petory *db,
	const petory_identity *actor, const petory_event_input *in);
PETORY_EXTERN int petory_event_get(petory_event **out, petory *db,
	const petory_identity *actor, int64_t event_id);
PETORY_EXTERN int petory_event_update(petory_event **out, petory *db,
	const petory_identity *actor, int64_t event_id,
	const petory_event_input *in);
PETORY_EXTERN int petory_event_delete(
	petory *db, const petory_identity *actor, int64_t event_id);

/** The actor's occurrences overlapping [from, to): the window is at most
 * PETORY_EVENT_WINDOW_MAX_DAYS long; more than
 * PETORY_EVENT_OCCURRENCES_MAX occurrences is EINVALID
 * "TOO_MANY_OCCURRENCES" (ask for a smaller window). */
PETORY_EXTERN int petory_event_range(petory_occurrence_list *out, petory *db,
	const petory_identity *actor, petory_time_ms from, petory_time_ms to);

/** Parse a window bound: RFC 3339 with an offset, or a date taken as
 * midnight in `zone`.  EINVALID naming `field`. */
PETORY_EXTERN int petory_event_parse_instant(petory_time_ms *out,
	const char *text, const char *zone, const char *field);

/** Render an instant as local time with its offset in zone
 * ("2026-11-25T09:00:00+09:00"), or as the local date for all-day
 * events; buf >= 40 bytes. */
PETORY_EXTERN char *petory_event_format(char *buf, size_t size,
	petory_time_ms t, const char *zone, int date_only);

PETORY_END_DECL

#endif
