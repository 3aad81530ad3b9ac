/* zonetime.h -- wall-clock ("civil") times and IANA zones; see zonetime.c.
 * Every libical call in the library is made under petory__ical_lock. */
#ifndef PETORY_ZONETIME_H
#define PETORY_ZONETIME_H

#include <stdbool.h>

#include "petory/types.h"

typedef struct petory__civil {
	int year, month, day, hour, minute, second;
	bool date_only;  /* parsed "YYYY-MM-DD" */
	bool has_offset; /* parsed with Z or ±HH:MM: an instant */
	int offset_s;    /* seconds east of UTC */
} petory__civil;

void petory__ical_lock(void);
void petory__ical_unlock(void);

/* 0, or -1 for a malformed or impossible date/time (2026-02-30). */
int petory__civil_parse(petory__civil *out, const char *text);
bool petory__civil_valid(const petory__civil *c);
/* Local time in zone (or the parsed offset) -> instant; -1: bad zone. */
int petory__civil_to_instant(
	petory_time_ms *out, const petory__civil *c, const char *zone);
/* Instant -> local time in zone, with its UTC offset; -1: bad zone. */
int petory__instant_to_civil(
	petory__civil *out, petory_time_ms at, const char *zone);
void petory__civil_add_days(petory__civil *c, int days);
/* "YYYY-MM-DD" (date_only) or "YYYY-MM-DDTHH:MM:SS". */
char *petory__civil_format(char *buf, size_t size, const petory__civil *c);

#endif
