/* timefmt.c -- RFC 3339 UTC rendering of petory_time_ms. */
#include <stdio.h>
#include <time.h>

#include "core/internal.h"

char *petory_time_format(char *buf, size_t size, petory_time_ms t)
{
	struct tm tm;
	time_t secs = (time_t)(t >= 0 ? t / 1000 : (t - 999) / 1000);
	if (!gmtime_r(&secs, &tm) ||
		strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		if (size)
			buf[0] = '\0';
	}
	return buf;
}
