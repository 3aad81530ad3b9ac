/* zonetime.c -- wall-clock time in IANA zones, through libical.
 *
 * libical's built-in zone table is loaded lazily and is not safe to use
 * from several threads at once in every version we support, so every
 * libical call in the library runs under petory__ical_lock (recursive,
 * so helpers may nest).  Conversions go local -> UTC with
 * icaltime_as_timet_with_zone and UTC -> local with
 * icaltime_from_timet_with_zone; a local time inside a daylight-saving
 * gap moves forward as libical decides, consistently everywhere.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <libical/ical.h>

#include "core/internal.h"
#include "core/zonetime.h"

static pthread_mutex_t ical_lock;
static pthread_once_t ical_lock_once = PTHREAD_ONCE_INIT;

static void ical_lock_init(void)
{
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&ical_lock, &attr);
	pthread_mutexattr_destroy(&attr);
}

void petory__ical_lock(void)
{
	pthread_once(&ical_lock_once, ical_lock_init);
	pthread_mutex_lock(&ical_lock);
}

void petory__ical_unlock(void)
{
	pthread_mutex_unlock(&ical_lock);
}

bool petory__civil_valid(const petory__civil *c)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	int leap, max;
	if (c->year < 1900 || c->year > 2200 || c->month < 1 || c->month > 12)
		return false;
	leap = (c->year % 4 == 0 && c->year % 100 != 0) || c->year % 400 == 0;
	max = days[c->month - 1] + (c->month == 2 && leap);
	return c->day >= 1 && c->day <= max && c->hour >= 0 && c->hour < 24 &&
	       c->minute >= 0 && c->minute < 60 && c->second >= 0 &&
	       c->second < 60;
}

/* Parse "YYYY-MM-DD", "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS",
 * optionally followed by "Z" or "+HH:MM"/"-HH:MM". */
int petory__civil_parse(petory__civil *out, const char *text)
{
	int n = 0, oh = 0, om = 0;
	size_t len = strlen(text);
	const char *rest;
	memset(out, 0, sizeof(*out));
	if (len < 10 || len > 40 ||
		sscanf(text, "%4d-%2d-%2d%n", &out->year, &out->month,
			&out->day, &n) != 3 ||
		n != 10)
		return -1;
	rest = text + 10;
	if (*rest == '\0') {
		out->date_only = true;
		return petory__civil_valid(out) ? 0 : -1;
	}
	if ((*rest != 'T' && *rest != 't' && *rest != ' ') ||
		sscanf(rest + 1, "%2d:%2d%n", &out->hour, &out->minute, &n) !=
			2 ||
		n != 5)
		return -1;
	rest += 6;
	if (*rest == ':') {
		if (sscanf(rest + 1, "%2d%n", &out->second, &n) != 1 || n != 2)
			return -1;
		rest += 3;
	}
	if (*rest == 'Z' || *rest == 'z') {
		out->has_offset = true;
		rest++;
	} else if (*rest == '+' || *rest == '-') {
		if (sscanf(rest + 1, "%2d:%2d%n", &oh, &om, &n) != 2 ||
			n != 5 || oh > 18 || om > 59)
			return -1;
		out->has_offset = true;
		out->offset_s = (oh * 3600 + om * 60) * (*rest == '-' ? -1 : 1);
		rest += 6;
	}
	if (*rest != '\0')
		return -1;
	return petory__civil_valid(out) ? 0 : -1;
}

static icaltimezone *zone_of(const char *zone)
{
	return zone ? icaltimezone_get_builtin_timezone(zone) : NULL;
}

int petory__civil_to_instant(
	petory_time_ms *out, const petory__civil *c, const char *zone)
{
	struct icaltimetype tt = icaltime_null_time();
	icaltimezone *z;
	time_t t;
	tt.year = c->year;
	tt.month = c->month;
	tt.day = c->day;
	tt.hour = c->hour;
	tt.minute = c->minute;
	tt.second = c->second;
	if (c->has_offset) {
		tt.zone = icaltimezone_get_utc_timezone();
		t = icaltime_as_timet_with_zone(tt, tt.zone) - c->offset_s;
		*out = (petory_time_ms)t * 1000;
		return 0;
	}
	petory__ical_lock();
	z = zone_of(zone);
	if (z) {
		tt.zone = z;
		t = icaltime_as_timet_with_zone(tt, z);
	}
	petory__ical_unlock();
	if (!z)
		return -1;
	*out = (petory_time_ms)t * 1000;
	return 0;
}

int petory__instant_to_civil(
	petory__civil *out, petory_time_ms at, const char *zone)
{
	struct icaltimetype tt;
	icaltimezone *z;
	int is_daylight = 0;
	time_t t = (time_t)(at >= 0 ? at / 1000 : (at - 999) / 1000);
	memset(out, 0, sizeof(*out));
	petory__ical_lock();
	z = zone_of(zone);
	if (z) {
		tt = icaltime_from_timet_with_zone(t, 0, z);
		out->year = tt.year;
		out->month = tt.month;
		out->day = tt.day;
		out->hour = tt.hour;
		out->minute = tt.minute;
		out->second = tt.second;
		out->offset_s =
			icaltimezone_get_utc_offset(z, &tt, &is_daylight);
		out->has_offset = true;
	}
	petory__ical_unlock();
	return z ? 0 : -1;
}

void petory__civil_add_days(petory__civil *c, int days)
{
	struct icaltimetype tt = icaltime_null_time();
	tt.year = c->year;
	tt.month = c->month;
	tt.day = c->day;
	tt.is_date = 1;
	icaltime_adjust(&tt, days, 0, 0, 0);
	c->year = tt.year;
	c->month = tt.month;
	c->day = tt.day;
}

char *petory__civil_format(char *buf, size_t size, const petory__civil *c)
{
	if (c->date_only)
		snprintf(
			buf, size, "%04d-%02d-%02d", c->year, c->month, c->day);
	else
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d", c->year,
			c->month, c->day, c->hour, c->minute, c->second);
	return buf;
}
