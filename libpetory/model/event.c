/* event.c -- calendar event records (events, arrays of them, occurrence
 * lists): their frees, and how an event's instant is shown in its zone.
 * A cleared event is zeroed.  Pure functions over records; also the
 * recurrence lines as both backends store them (a JSON array). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/zonetime.h"
#include "core/internal.h"

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

char *petory__event_recurrence_json(const petory_event *e)
{
	json_t *a;
	char *text;
	size_t i;
	if (e->recurrence_count == 0)
		return NULL;
	if (!(a = json_array()))
		return NULL;
	for (i = 0; i < e->recurrence_count; i++)
		json_array_append_new(a, json_string(e->recurrence[i]));
	text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return text;
}

int petory__event_recurrence_read(petory_event *e, const char *text)
{
	json_t *a, *v;
	size_t i;
	if (!text)
		return 0;
	if (!(a = json_loads(text, 0, NULL)) || !json_is_array(a)) {
		json_decref(a);
		return petory_error_set(PETORY_EBACKEND, NULL,
			"damaged recurrence of event %lld", (long long)e->id);
	}
	e->recurrence = calloc(json_array_size(a) + 1, sizeof(char *));
	json_array_foreach(a, i, v)
	{
		if (e->recurrence && json_is_string(v))
			e->recurrence[e->recurrence_count++] =
				strdup(json_string_value(v));
	}
	json_decref(a);
	return e->recurrence ? 0 : petory__error_oom();
}
