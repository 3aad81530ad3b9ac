/* event.c -- calendar event records (events, arrays of them, occurrence
 * lists): their frees, and how an event's instant is shown in its zone.
 * A cleared event is zeroed.  Pure functions over records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/zonetime.h"
#include "model/model.h"

static void event_clear(petory_event *e)
{
	size_t i;
	free(e->title);
	free(e->description);
	free(e->color);
	free(e->time_zone);
	free(e->start_local);
	free(e->end_local);
	for (i = 0; i < e->recurrence_count; i++)
		free(e->recurrence[i]);
	free(e->recurrence);
	memset(e, 0, sizeof(*e));
}

void petory_event_free(petory_event *e)
{
	if (!e)
		return;
	event_clear(e);
	free(e);
}

void petory__event_array_free(petory_event *events, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		event_clear(&events[i]);
	free(events);
}

void petory_occurrence_list_dispose(petory_occurrence_list *l)
{
	if (!l)
		return;
	petory__event_array_free(l->events, l->event_count);
	free(l->items);
	memset(l, 0, sizeof(*l));
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
