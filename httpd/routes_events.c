/* routes_events.c -- the caller's calendar: create, read, change, delete
 * and list the occurrences in a window.
 *
 * Window bounds (?start=&end=) are RFC 3339 instants with an offset, or
 * dates taken as midnight in the caller's own time zone.  The library
 * validates the events and names every bad field.
 */
#include <stdlib.h>

#include <petory.h>
#include <petory/json.h>

#include "http_util.h"
#include "input.h"
#include "routes.h"

static void reply_event(struct request *r, unsigned status, petory_event *e)
{
	char location[64];

	reply_json(r, status, petory_event_to_json(e));
	if (status == 201) {
		snprintf(location, sizeof(location), "/users/events/%lld",
			(long long)e->id);
		reply_header(r, "Location", location);
	}
	petory_event_free(e);
}

/* Read the body into in; 0, or -1 after replying 400. */
static int read_event(struct request *r, petory_event_input *in,
	enum input_need need, const char ***recurrence)
{
	int all_day = 0;
	int64_t remind = 0;
	int64_t pet = 0;
	int got;

	in->title = input_string(r, "title", need);
	in->start_date = input_string(r, "startDate", need);
	in->end_date = input_string(r, "endDate", need);
	in->time_zone = input_string(r, "timeZone", need);
	in->description = input_string(r, "description", INPUT_OPTIONAL);
	in->color = input_string(r, "color", INPUT_OPTIONAL);
	if ((got = input_bool(r, "isAllDay", &all_day)) > 0) {
		in->has_all_day = 1;
		in->all_day = all_day;
	}
	if (input_int(r, "petId", INPUT_OPTIONAL, &pet) > 0) {
		in->has_pet_id = 1;
		in->pet_id = pet;
	}
	if ((got = input_int(r, "remindBefore", INPUT_OPTIONAL, &remind)) > 0) {
		in->has_remind_before = 1;
		in->remind_before = remind;
	}
	input_string_array(r, "recurrence", INPUT_OPTIONAL, recurrence,
		&in->recurrence_count);
	in->recurrence = *recurrence;
	in->recurrence_set = *recurrence != NULL;
	return input_failed(r) ? -1 : 0;
}

void route_events_create(struct request *r)
{
	petory_event_input in = { 0 };
	const char **recurrence = NULL;
	petory_event *e = NULL;
	int rc;

	/* the library names a missing field with every other bad value */
	if (read_event(r, &in, INPUT_LIBRARY, &recurrence) == 0) {
		rc = petory_event_create(&e, r->srv->db, &r->who, &in);
		if (rc < 0)
			reply_error(r, rc);
		else
			reply_event(r, 201, e);
	}
	free(recurrence);
}

void route_events_update(struct request *r)
{
	petory_event_input in = { 0 };
	const char **recurrence = NULL;
	petory_event *e = NULL;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	if (read_event(r, &in, INPUT_OPTIONAL, &recurrence) == 0) {
		rc = petory_event_update(&e, r->srv->db, &r->who, id, &in);
		if (rc < 0)
			reply_error(r, rc);
		else
			reply_event(r, 200, e);
	}
	free(recurrence);
}

void route_events_get(struct request *r)
{
	petory_event *e = NULL;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	if (input_failed(r))
		return;
	if ((rc = petory_event_get(&e, r->srv->db, &r->who, id)) < 0)
		reply_error(r, rc);
	else
		reply_event(r, 200, e);
}

void route_events_delete(struct request *r)
{
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	if (input_failed(r))
		return;
	if ((rc = petory_event_delete(r->srv->db, &r->who, id)) < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}

void route_events_range(struct request *r)
{
	const char *start = input_query(r, "start", INPUT_REQUIRED);
	const char *end = input_query(r, "end", INPUT_REQUIRED);
	petory_occurrence_list list;
	petory_time_ms from = 0, to = 0;
	petory_user *me = NULL;
	int rc;

	if (input_failed(r))
		return;
	/* Dates are midnights in the caller's own zone. */
	if ((rc = petory_user_get(&me, r->srv->db, &r->who, r->who.user_id)) <
			0 ||
		(rc = petory_event_parse_instant(
			 &from, start, me->timezone, "start")) < 0 ||
		(rc = petory_event_parse_instant(
			 &to, end, me->timezone, "end")) < 0 ||
		(rc = petory_event_range(
			 &list, r->srv->db, &r->who, from, to)) < 0) {
		petory_user_free(me);
		reply_error(r, rc);
		return;
	}
	petory_user_free(me);
	reply_json(r, 200, petory_occurrences_to_json(&list));
	petory_occurrence_list_dispose(&list);
}
