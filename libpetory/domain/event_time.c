/* event_time.c -- the calendar's window bounds and how event times are
 * shown: local wall-clock time with the zone's offset, or a date. */
#include <stdio.h>
#include <stdlib.h>

#include "core/internal.h"
#include "core/zonetime.h"

int petory_event_parse_instant(petory_time_ms *out, const char *text,
	const char *zone, const char *field)
{
	petory__civil c;
	petory__invalid v;
	petory__invalid_begin(&v);
	if (!text || !*text)
		petory__invalid_field(&v, field, "is required");
	else if (petory__civil_parse(&c, text) < 0 ||
		 (!c.date_only && !c.has_offset) ||
		 petory__civil_to_instant(out, &c, zone) < 0)
		petory__invalid_field(&v, field,
			"must be a date (YYYY-MM-DD) or a date-time with an "
			"offset (2026-11-25T09:00:00+09:00)");
	return petory__invalid_end(&v);
}

char *petory_event_format(char *buf, size_t size, petory_time_ms t,
	const char *zone, int date_only)
{
	petory__civil c;
	int off;
	if (petory__instant_to_civil(&c, t, zone) < 0) {
		petory_time_format(buf, size, t);
		return buf;
	}
	if (date_only) {
		snprintf(buf, size, "%04d-%02d-%02d", c.year, c.month, c.day);
		return buf;
	}
	off = c.offset_s;
	if (off == 0)
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year,
			c.month, c.day, c.hour, c.minute, c.second);
	else
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
			c.year, c.month, c.day, c.hour, c.minute, c.second,
			off < 0 ? '-' : '+', abs(off) / 3600,
			abs(off) % 3600 / 60);
	return buf;
}
