/* dates.c -- calendar dates as the API writes them (YYYY-MM-DD). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "core/internal.h"

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

bool petory__date_valid(const char *s)
{
	int y, m, d;
	size_t i;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return y >= 1 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= days_in_month(y, m);
}

void petory__utc_date(char out[11], petory_time_ms t)
{
	struct tm tm;
	time_t secs = (time_t)(t >= 0 ? t / 1000 : (t - 999) / 1000);
	if (!gmtime_r(&secs, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		snprintf(out, 11, "0000-00-00");
}

void petory__local_date(char out[11], const char *zone, petory_time_ms t)
{
	time_t secs = (time_t)(t >= 0 ? t / 1000 : (t - 999) / 1000);
	struct icaltimetype local;
	icaltimezone *tz;

	pthread_mutex_lock(&petory__ical_lock);
	tz = zone ? icaltimezone_get_builtin_timezone(zone) : NULL;
	if (!tz)
		tz = icaltimezone_get_utc_timezone();
	local = icaltime_from_timet_with_zone(secs, 0, tz);
	pthread_mutex_unlock(&petory__ical_lock);
	if (local.year < 1 || local.year > 9999)
		petory__utc_date(out, t);
	else
		snprintf(out, 11, "%04u-%02u-%02u", (unsigned)local.year,
			(unsigned)local.month % 100u,
			(unsigned)local.day % 100u);
}
