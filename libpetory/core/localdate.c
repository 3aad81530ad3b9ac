/* localdate.c -- calendar dates in a time zone, through libical's built-in
 * zones: the "today" of daily questions, the midnight of the jobs, and
 * (later) album and calendar days.
 *
 * Every libical call that may touch the built-in zone table runs under
 * petory__ical_lock, because that table is loaded lazily without a lock.
 * Dates are proleptic Gregorian; instants are ms since the epoch (UTC).
 */
#include <libical/ical.h>
#include <stdio.h>
#include <string.h>

#include "core/internal.h"

static int unknown_zone(const char *zone)
{
	return petory_error_set(PETORY_EINVALID, "INVALID_TIMEZONE",
		"unknown time zone '%s'", zone ? zone : "");
}

int petory__local_date(
	petory__date *out, petory *db, const char *zone, petory_time_ms instant)
{
	icaltimezone *tz;
	struct icaltimetype t;
	time_t secs = (time_t)(instant >= 0 ? instant / 1000
					    : (instant - 999) / 1000);

	if (!zone)
		zone = db->cfg.default_timezone;
	pthread_mutex_lock(&petory__ical_lock);
	tz = icaltimezone_get_builtin_timezone(zone);
	if (tz) {
		t = icaltime_from_timet_with_zone(secs, 0, tz);
		out->year = t.year;
		out->month = t.month;
		out->day = t.day;
	}
	pthread_mutex_unlock(&petory__ical_lock);
	return tz ? 0 : unknown_zone(zone);
}

int petory__actor_date(petory__date *out, petory *db,
	const petory_identity *actor, petory_time_ms instant)
{
	petory_user *u = NULL;
	int error;

	if (!actor || actor->user_id == 0)
		return petory__local_date(out, db, NULL, instant);
	if ((error = db->store->user_get(&u, NULL, db->store, actor->user_id)) <
		0)
		return error;
	error = petory__local_date(out, db, u->timezone, instant);
	if (error == PETORY_EINVALID) /* a zone libical no longer knows */
		error = petory__local_date(out, db, NULL, instant);
	petory_user_free(u);
	return error;
}

int petory__local_midnight(petory_time_ms *out, petory *db, const char *zone,
	const petory__date *date)
{
	icaltimezone *tz;
	struct icaltimetype t = icaltime_null_time();

	if (!zone)
		zone = db->cfg.default_timezone;
	t.year = date->year;
	t.month = date->month;
	t.day = date->day;
	pthread_mutex_lock(&petory__ical_lock);
	tz = icaltimezone_get_builtin_timezone(zone);
	if (tz)
		*out = (petory_time_ms)icaltime_as_timet_with_zone(t, tz) *
		       1000;
	pthread_mutex_unlock(&petory__ical_lock);
	return tz ? 0 : unknown_zone(zone);
}

static int days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

petory__date petory__date_next(petory__date d)
{
	if (++d.day > days_in_month(d.year, d.month)) {
		d.day = 1;
		if (++d.month > 12) {
			d.month = 1;
			d.year++;
		}
	}
	return d;
}

void petory__date_format(char *buf, size_t size, const petory__date *d)
{
	snprintf(buf, size, "%04d-%02d-%02d", d->year, d->month, d->day);
}

static int two_digits(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int petory__date_parse(petory__date *out, const char *s)
{
	int y1, y2;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if ((y1 = two_digits(s)) < 0 || (y2 = two_digits(s + 2)) < 0)
		return -1;
	out->year = y1 * 100 + y2;
	out->month = two_digits(s + 5);
	out->day = two_digits(s + 8);
	if (out->year < 1 || out->month < 1 || out->month > 12 ||
		out->day < 1 || out->day > days_in_month(out->year, out->month))
		return -1;
	return 0;
}

bool petory__month_day_valid(const char *s)
{
	int m, d;
	if (!s || strlen(s) != 5 || s[2] != '-')
		return false;
	m = two_digits(s);
	d = two_digits(s + 3);
	return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(2000, m);
}
