/* event_time.c -- the calendar's window bounds: a date or a date-time with
 * an offset, read as an instant in the event's zone.  How event times are
 * shown is the model's (petory_event_format, model/event.c). */
#include "domain/domain.h"
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
