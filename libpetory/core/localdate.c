/* localdate.c -- calendar dates in a time zone, through libical's built-in
 * zones: the "today" of daily questions, the midnight of the jobs, and
 * (later) album and calendar days.  The date of an actor, which reads
 * their zone from the store, is domain/access.c's (petory__actor_date).
 *
 * Built on the wall-clock conversions of zonetime.c (which hold the
 * libical lock).  Dates are Gregorian; instants are ms since the epoch.
 */
#include <stdio.h>
#include <string.h>

#include "core/internal.h"
#include "core/zonetime.h"

static int unknown_zone(const char *zone)
{
	return petory_error_set(PETORY_EINVALID, "INVALID_TIMEZONE",
		"unknown time zone '%s'", zone ? zone : "");
}

int petory__local_date(
	petory__date *out, petory *db, const char *zone, petory_time_ms instant)
{
	petory__civil c;

	if (!zone)
		zone = db->cfg.default_timezone;
	if (petory__instant_to_civil(&c, instant, zone) < 0)
		return unknown_zone(zone);
	out->year = c.year;
	out->month = c.month;
	out->day = c.day;
	return 0;
}

int petory__local_midnight(petory_time_ms *out, petory *db, const char *zone,
	const petory__date *date)
{
	petory__civil c = {
		.year = date->year, .month = date->month, .day = date->day
	};

	if (!zone)
		zone = db->cfg.default_timezone;
	return petory__civil_to_instant(out, &c, zone) < 0 ? unknown_zone(zone)
							   : 0;
}

petory__date petory__date_next(petory__date d)
{
	petory__civil c = { .year = d.year, .month = d.month, .day = d.day };
	petory__civil_add_days(&c, 1);
	return (petory__date){ c.year, c.month, c.day };
}

void petory__date_format(char *buf, size_t size, const petory__date *d)
{
	snprintf(buf, size, "%04d-%02d-%02d", d->year, d->month, d->day);
}

/* s has exactly the shape: 'd' a digit, any other character itself
 * (sscanf alone would take "01-1x", " 1" or "+1"). */
static bool has_shape(const char *s, const char *shape)
{
	for (; *shape; s++, shape++)
		if (*shape == 'd' ? *s < '0' || *s > '9' : *s != *shape)
			return false;
	return *s == '\0';
}

int petory__date_parse(petory__date *out, const char *s)
{
	petory__civil c;
	if (!s || !has_shape(s, "dddd-dd-dd") ||
		petory__civil_parse(&c, s) < 0 || !c.date_only)
		return -1;
	*out = (petory__date){ c.year, c.month, c.day };
	return 0;
}

bool petory__month_day_valid(const char *s)
{
	petory__civil c = { .year = 2000 }; /* a leap year: 02-29 is real */
	if (!s || !has_shape(s, "dd-dd") ||
		sscanf(s, "%2d-%2d", &c.month, &c.day) != 2)
		return false;
	return petory__civil_valid(&c);
}

bool petory__date_valid(const char *s)
{
	petory__date d;
	return petory__date_parse(&d, s) == 0;
}

void petory__utc_date(char out[11], petory_time_ms t)
{
	petory__local_date_text(out, "UTC", t);
}

void petory__local_date_text(char out[11], const char *zone, petory_time_ms t)
{
	petory__civil c;
	if ((!zone || petory__instant_to_civil(&c, t, zone) < 0) &&
		petory__instant_to_civil(&c, t, "UTC") < 0) {
		snprintf(out, 11, "0000-00-00");
		return;
	}
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)c.year % 10000u,
		(unsigned)c.month % 100u, (unsigned)c.day % 100u);
}
