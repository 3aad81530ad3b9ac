/* event_recurrence.h -- RFC 5545 recurrence of calendar events (libical):
 * parsing the API's ["RRULE:…","RDATE:…","EXDATE:…"] lines, and
 * expanding a series into the occurrences that overlap a window. */
#ifndef PETORY_EVENT_RECURRENCE_H
#define PETORY_EVENT_RECURRENCE_H

#include <libical/ical.h>

#include "domain/domain.h"
#include "core/zonetime.h"

#define PETORY__RECURRENCE_LINES_MAX 20
#define PETORY__RECURRENCE_DATES_MAX 200

typedef struct petory__recurrence {
	bool has_rule;
	struct icalrecurrencetype rule;
	petory__civil rdates[PETORY__RECURRENCE_DATES_MAX];
	size_t rdate_count;
	petory__civil exdates[PETORY__RECURRENCE_DATES_MAX];
	size_t exdate_count;
} petory__recurrence;

/* The shape of one event for expansion. */
typedef struct petory__series {
	petory__civil start; /* local start of the first occurrence */
	const char *zone;
	bool all_day;
	petory_time_ms duration; /* timed events */
	int day_span;            /* all-day events: days, >= 1 */
} petory__series;

/* Parse lines; a bad line adds a "recurrence" field error to v and
 * returns false. */
bool petory__recurrence_parse(petory__recurrence *out, const char *const *lines,
	size_t count, bool all_day, petory__invalid *v);

typedef int (*petory__occurrence_cb)(
	petory_time_ms start, petory_time_ms end, void *payload);

/* Call cb for every occurrence overlapping [from, to), in no particular
 * order (RDATEs come after the rule's).  Stops early when cb returns
 * nonzero (that value is returned).  libical walks the rule from close
 * to the window (from DTSTART for a COUNT rule) to a day past its end,
 * and at most a fixed number of rule steps are taken, so no rule can keep
 * the caller busy for long. */
int petory__recurrence_expand(const petory__recurrence *r,
	const petory__series *s, petory_time_ms from, petory_time_ms to,
	petory__occurrence_cb cb, void *payload);

/* How a rule is walked: FAST (what petory__recurrence_expand does:
 * skipping ahead, sparse rules by runs of days), JUMP (skipping ahead
 * only) and PLAIN (libical alone from DTSTART): the references the fast
 * walk is tested against. */
typedef enum petory__walk {
	PETORY__WALK_FAST,
	PETORY__WALK_JUMP,
	PETORY__WALK_PLAIN
} petory__walk;

/* petory__recurrence_expand with the walk named. */
int petory__recurrence_expand_walk(const petory__recurrence *r,
	const petory__series *s, petory_time_ms from, petory_time_ms to,
	petory__walk walk, petory__occurrence_cb cb, void *payload);

/* When an event is written: check that libical can expand the rule
 * from the series' start within the bounds (a "recurrence" field error
 * in v and false otherwise), and find the span of the whole series:
 * first start and last end (*last_end may be later than the last end;
 * INT64_MAX for an endless rule). */
bool petory__recurrence_check(const petory__recurrence *r,
	const petory__series *s, petory__invalid *v,
	petory_time_ms *first_start, petory_time_ms *last_end);

/* The series of a stored event e (valid when it was written); series
 * borrows e's zone. */
int petory__event_series(
	const petory_event *e, petory__recurrence *rec, petory__series *series);

#endif
