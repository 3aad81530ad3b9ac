/* json_event.c -- the API's JSON shapes of calendar events and of their
 * occurrences in a window.  Times are shown in the event's own zone with
 * its offset; an all-day event shows dates, its end being the last day. */
#include "core/internal.h"
#include "petory/json.h"

#define DAY_MS 86400000LL

/* startDate/endDate of an occurrence [start, end). */
static void set_times(json_t *o, const petory_event *e, petory_time_ms start,
	petory_time_ms end)
{
	char buf[48];
	json_object_set_new(o, "startDate",
		json_string(petory_event_format(
			buf, sizeof(buf), start, e->time_zone, e->all_day)));
	/* All-day ends at the midnight after its last day. */
	json_object_set_new(o, "endDate",
		json_string(petory_event_format(buf, sizeof(buf),
			e->all_day ? end - DAY_MS / 2 : end, e->time_zone,
			e->all_day)));
}

json_t *petory_event_to_json(const petory_event *e)
{
	json_t *rec = json_array();
	json_t *o;
	size_t i;
	for (i = 0; rec && i < e->recurrence_count; i++)
		json_array_append_new(rec, json_string(e->recurrence[i]));
	o = json_pack("{s:I, s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:o}",
		"id", (json_int_t)e->id, "title", e->title, "timeZone",
		e->time_zone, "isAllDay", e->all_day, "recurrence", rec,
		"description", petory__json_string_or_null(e->description),
		"color", petory__json_string_or_null(e->color), "remindBefore",
		e->remind_before >= 0 ? json_integer(e->remind_before)
				      : json_null(),
		"createdAt", petory_time_to_json(e->created_at), "updatedAt",
		petory_time_to_json(e->updated_at));
	if (o) {
		set_times(o, e, e->start_at, e->end_at);
		json_object_set_new(o, "petId",
			e->pet_id > 0 ? json_integer(e->pet_id) : json_null());
	}
	return o;
}

json_t *petory_occurrences_to_json(const petory_occurrence_list *l)
{
	json_t *a = json_array();
	size_t i;
	for (i = 0; a && i < l->count; i++) {
		const petory_occurrence *oc = &l->items[i];
		const petory_event *e = oc->event;
		json_t *o = json_pack("{s:I, s:s, s:s, s:b, s:o, s:b}", "id",
			(json_int_t)e->id, "title", e->title, "timeZone",
			e->time_zone, "isAllDay", e->all_day, "color",
			petory__json_string_or_null(e->color), "recurring",
			e->recurrence_count > 0);
		if (!o)
			continue;
		set_times(o, e, oc->start_at, oc->end_at);
		json_array_append_new(a, o);
	}
	return a;
}
