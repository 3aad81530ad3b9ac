/* event.c -- calendar events: validation, ownership and range queries.
 *
 * An update is applied to a copy of the stored event and the whole result
 * is validated again, so a partial update can never leave an event whose
 * end is before its start.  Every store call names the owner, so another
 * user's event is ENOTFOUND "EVENT_IS_NOT_FOUND" on every path.
 */
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"
#include "core/zonetime.h"
#include "domain/event_recurrence.h"

#define REMIND_MAX_MINUTES (28 * 24 * 60)
#define DAY_MS 86400000LL

static const char *const colors[] = { "LAVENDER", "SAGE", "GRAPE", "FLAMINGO",
	"BANANA", "TANGERINE", "PEACOCK", "GRAPHITE", "BLUEBERRY", "BASIL",
	"TOMATO" };

static bool color_valid(const char *c)
{
	size_t i;
	for (i = 0; i < sizeof(colors) / sizeof(colors[0]); i++)
		if (strcmp(c, colors[i]) == 0)
			return true;
	return false;
}

/* Replace *slot with a copy of value ("" clears when clearable). */
static int set_string(char **slot, const char *value, bool clearable)
{
	char *copy = NULL;
	if (!value)
		return 0;
	if (!(clearable && *value == '\0') && !(copy = strdup(value)))
		return petory__error_oom();
	free(*slot);
	*slot = copy;
	return 0;
}

static int set_recurrence(petory_event *e, const petory_event_input *in)
{
	size_t i;
	char **lines;
	if (!in->recurrence_set)
		return 0;
	/* Bounded before any line is copied or parsed. */
	if (in->recurrence_count > PETORY__RECURRENCE_LINES_MAX) {
		petory__invalid v;
		petory__invalid_begin(&v);
		petory__invalid_field(
			&v, "recurrence", "has too many lines (at most 20)");
		return petory__invalid_end(&v);
	}
	if (!(lines = calloc(in->recurrence_count + 1, sizeof(char *))))
		return petory__error_oom();
	for (i = 0; i < in->recurrence_count; i++)
		if (!(lines[i] = strdup(
			      in->recurrence[i] ? in->recurrence[i] : ""))) {
			while (i-- > 0)
				free(lines[i]);
			free(lines);
			return petory__error_oom();
		}
	for (i = 0; i < e->recurrence_count; i++)
		free(e->recurrence[i]);
	free(e->recurrence);
	e->recurrence = lines;
	e->recurrence_count = in->recurrence_count;
	return 0;
}

/* Apply the input's present fields to e (a copy of the stored event, or
 * an empty one on create). */
static int merge(petory_event *e, const petory_event_input *in)
{
	int error;
	if ((error = set_string(&e->title, in->title, false)) < 0 ||
		(error = set_string(&e->time_zone, in->time_zone, false)) < 0 ||
		(error = set_string(&e->start_local, in->start_date, false)) <
			0 ||
		(error = set_string(&e->end_local, in->end_date, false)) < 0 ||
		(error = set_string(&e->description, in->description, true)) <
			0 ||
		(error = set_string(&e->color, in->color, true)) < 0 ||
		(error = set_recurrence(e, in)) < 0)
		return error;
	if (in->has_all_day)
		e->all_day = in->all_day ? 1 : 0;
	if (in->has_remind_before)
		e->remind_before = in->remind_before;
	if (in->has_pet_id)
		e->pet_id = in->pet_id;
	return 0;
}

/* EINVALID naming petId unless it is 0 or a live pet of user_id. */
static int check_pet(petory *db, int64_t user_id, int64_t pet_id)
{
	petory_pet *pet = NULL;
	petory__invalid v;
	int error;
	if (pet_id == 0)
		return 0;
	error = pet_id > 0 ? petory__store_pet_get(&pet, db, pet_id)
			   : PETORY_ENOTFOUND;
	if (error < 0 && error != PETORY_ENOTFOUND)
		return error;
	petory__invalid_begin(&v);
	if (error == PETORY_ENOTFOUND || pet->owner_id != user_id ||
		pet->deleted_at)
		petory__invalid_field(&v, "petId", "must be one of your pets");
	petory_pet_free(pet);
	return petory__invalid_end(&v);
}

/* Parse one bound into a local civil time in the event's zone. */
static bool parse_bound(petory__civil *out, const char *text, const char *zone,
	bool all_day, const char *field, petory__invalid *v)
{
	petory_time_ms at;
	if (!text) {
		petory__invalid_field(v, field, "is required");
		return false;
	}
	if (petory__civil_parse(out, text) < 0) {
		petory__invalid_field(v, field,
			"must be YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][offset]");
		return false;
	}
	if (all_day != out->date_only) {
		petory__invalid_field(v, field,
			all_day ? "must be a date (YYYY-MM-DD) for an all-day "
				  "event"
				: "must be a date and time");
		return false;
	}
	if (out->has_offset && zone) {
		/* An instant: keep it as the zone's wall-clock time. */
		if (petory__civil_to_instant(&at, out, zone) < 0 ||
			petory__instant_to_civil(out, at, zone) < 0)
			return false;
		out->has_offset = false;
	}
	return true;
}

typedef struct checked {
	petory__series series;
	petory__recurrence rec;
	petory_time_ms series_start, series_end;
} checked;

/* Validate the merged event, normalise its local times and fill the
 * instants; every bad field is named.  When the event is being written,
 * also check its rule against libical and find the span of its series
 * (a stored event was checked when it was written). */
static int check(petory_event *e, checked *c, bool writing)
{
	petory__invalid v;
	petory__civil start, end;
	bool zone_ok, rec_ok, start_ok = false, end_ok = false;
	char buf[40];

	petory__invalid_begin(&v);
	petory__check_text(&v, "title", e->title, 1, 100);
	petory__check_multiline_text(&v, "description", e->description, 0, 300);
	if (e->color && !color_valid(e->color))
		petory__invalid_field(&v, "color",
			"must be LAVENDER, SAGE, "
			"GRAPE, FLAMINGO, BANANA, TANGERINE, PEACOCK, "
			"GRAPHITE, BLUEBERRY, BASIL or TOMATO");
	if (e->remind_before < -1 || e->remind_before > REMIND_MAX_MINUTES)
		petory__invalid_field(
			&v, "remindBefore", "must be 0 to 40320 minutes");
	zone_ok = e->time_zone && petory__timezone_valid(e->time_zone);
	if (!zone_ok)
		petory__invalid_field(&v, "timeZone",
			e->time_zone ? "must be an IANA time zone name"
				     : "is required");
	if (zone_ok) {
		start_ok = parse_bound(&start, e->start_local, e->time_zone,
			e->all_day, "startDate", &v);
		end_ok = parse_bound(&end, e->end_local, e->time_zone,
			e->all_day, "endDate", &v);
	} else {
		/* still name a missing or malformed bound; without a zone
		 * nothing further is checked */
		parse_bound(&start, e->start_local, NULL, e->all_day,
			"startDate", &v);
		parse_bound(
			&end, e->end_local, NULL, e->all_day, "endDate", &v);
	}
	rec_ok = petory__recurrence_parse(&c->rec,
		(const char *const *)e->recurrence, e->recurrence_count,
		e->all_day, &v);
	if (start_ok && end_ok) {
		petory_time_ms s_at, e_at;
		petory__civil after = end;
		petory__civil_to_instant(&s_at, &start, e->time_zone);
		if (e->all_day) {
			petory__civil_add_days(&after, 1);
			after.date_only = false;
		}
		petory__civil_to_instant(&e_at, &after, e->time_zone);
		if (e_at < s_at || (e->all_day && e_at <= s_at)) {
			petory__invalid_field(
				&v, "endDate", "must not be before startDate");
			rec_ok = false;
		}
		e->start_at = s_at;
		e->end_at = e_at;
		c->series.start = start;
		c->series.zone = e->time_zone;
		c->series.all_day = e->all_day;
		c->series.duration = e->end_at - e->start_at;
		c->series.day_span =
			(int)((e->end_at - e->start_at + DAY_MS / 2) / DAY_MS);
		if (c->series.day_span < 1)
			c->series.day_span = 1;
		if (writing && rec_ok)
			petory__recurrence_check(&c->rec, &c->series, &v,
				&c->series_start, &c->series_end);
	}
	if (petory__invalid_end(&v) < 0)
		return PETORY_EINVALID;
	if (set_string(&e->start_local,
		    petory__civil_format(buf, sizeof(buf), &start),
		    false) < 0 ||
		set_string(&e->end_local,
			petory__civil_format(buf, sizeof(buf), &end),
			false) < 0)
		return petory__error_oom();
	return 0;
}

static int require_user(const petory_identity *actor)
{
	if (!actor || actor->user_id <= 0)
		return petory_error_set(PETORY_EAUTH, "UNAUTHORIZED",
			"authentication required");
	return 0;
}

/* The store's ENOTFOUND for the actor's event (absent, or another
 * user's) as the API's EVENT_IS_NOT_FOUND. */
static int event_not_found(int error)
{
	if (error == PETORY_ENOTFOUND)
		return petory_error_set(PETORY_ENOTFOUND, "EVENT_IS_NOT_FOUND",
			"no such event");
	return error;
}

int petory_event_create(petory_event **out, petory *db,
	const petory_identity *actor, const petory_event_input *in)
{
	petory_event *e;
	checked *c;
	int error;
	if (!out || !db || !in)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = require_user(actor)) < 0)
		return error;
	e = calloc(1, sizeof(*e));
	c = calloc(1, sizeof(*c));
	if (!e || !c) {
		free(e);
		free(c);
		return petory__error_oom();
	}
	e->remind_before = -1;
	e->user_id = actor->user_id;
	if ((error = merge(e, in)) == 0 && (error = check(e, c, true)) == 0 &&
		(error = check_pet(db, actor->user_id, e->pet_id)) == 0) {
		int inserted = 0;
		e->created_at = e->updated_at = petory_now(db);
		error = petory__store_event_insert_capped(&inserted, db, e,
			c->series_start, c->series_end,
			PETORY_EVENTS_PER_USER_MAX);
		if (!error && !inserted)
			error = petory_error_set(PETORY_ECONFLICT,
				"TOO_MANY_EVENTS",
				"a user keeps at most %d events; delete one "
				"first",
				PETORY_EVENTS_PER_USER_MAX);
	}
	free(c);
	if (error) {
		petory_event_free(e);
		return error;
	}
	*out = e;
	return 0;
}

int petory_event_get(petory_event **out, petory *db,
	const petory_identity *actor, int64_t event_id)
{
	int error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = require_user(actor)) < 0)
		return error;
	return event_not_found(
		petory__store_event_get(out, db, actor->user_id, event_id));
}

int petory_event_update(petory_event **out, petory *db,
	const petory_identity *actor, int64_t event_id,
	const petory_event_input *in)
{
	petory_event *e = NULL;
	checked *c;
	int error;
	if (!out || !db || !in)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = require_user(actor)) < 0 ||
		(error = event_not_found(petory__store_event_get(
			 &e, db, actor->user_id, event_id))) < 0)
		return error;
	if (!(c = calloc(1, sizeof(*c)))) {
		petory_event_free(e);
		return petory__error_oom();
	}
	/* A zone change without new times keeps the wall-clock times. */
	if ((error = merge(e, in)) == 0 && (error = check(e, c, true)) == 0 &&
		(!in->has_pet_id || (error = check_pet(db, actor->user_id,
					     e->pet_id)) == 0)) {
		e->updated_at = petory_now(db);
		error = event_not_found(petory__store_event_update(
			db, e, c->series_start, c->series_end));
	}
	free(c);
	if (error) {
		petory_event_free(e);
		return error;
	}
	*out = e;
	return 0;
}

int petory_event_delete(
	petory *db, const petory_identity *actor, int64_t event_id)
{
	int error;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = require_user(actor)) < 0)
		return error;
	return event_not_found(
		petory__store_event_delete(db, actor->user_id, event_id));
}

/* ---- range queries ---- */

typedef struct collector {
	petory_occurrence_list *list;
	const petory_event *event;
	size_t cap;
	petory_time_ms from, to;
} collector;

static int collect(petory_time_ms start, petory_time_ms end, void *payload)
{
	collector *c = payload;
	petory_occurrence_list *l = c->list;
	if (l->count >= PETORY_EVENT_OCCURRENCES_MAX)
		return petory_error_set(PETORY_EINVALID, "TOO_MANY_OCCURRENCES",
			"more than %d occurrences in this window; ask for a "
			"shorter one",
			PETORY_EVENT_OCCURRENCES_MAX);
	if (l->count == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		petory_occurrence *grown =
			realloc(l->items, cap * sizeof(*l->items));
		if (!grown)
			return petory__error_oom();
		l->items = grown;
		c->cap = cap;
	}
	l->items[l->count].event = c->event;
	l->items[l->count].start_at = start;
	l->items[l->count].end_at = end;
	l->count++;
	return 0;
}

static int by_start(const void *a, const void *b)
{
	const petory_occurrence *x = a, *y = b;
	if (x->start_at != y->start_at)
		return x->start_at < y->start_at ? -1 : 1;
	return (x->event->id > y->event->id) - (x->event->id < y->event->id);
}

int petory__event_series(
	const petory_event *e, petory__recurrence *rec, petory__series *series)
{
	checked *c = calloc(1, sizeof(*c));
	petory_event copy = *e;
	int error;
	if (!c)
		return petory__error_oom();
	/* Stored events were valid when written: derive their series again
	 * on a copy, since check() normalises the local times it holds. */
	copy.start_local = strdup(e->start_local);
	copy.end_local = strdup(e->end_local);
	error = copy.start_local && copy.end_local ? check(&copy, c, false)
						   : petory__error_oom();
	free(copy.start_local);
	free(copy.end_local);
	if (error == 0) {
		*rec = c->rec;
		*series = c->series;
	}
	free(c);
	return error;
}

static int expand_one(collector *col, const petory_event *e)
{
	petory__recurrence *rec = malloc(sizeof(*rec));
	petory__series series;
	int error;
	if (!rec)
		return petory__error_oom();
	col->event = e;
	if ((error = petory__event_series(e, rec, &series)) == 0)
		error = petory__recurrence_expand(
			rec, &series, col->from, col->to, collect, col);
	free(rec);
	return error;
}

int petory_event_range(petory_occurrence_list *out, petory *db,
	const petory_identity *actor, petory_time_ms from, petory_time_ms to)
{
	petory__invalid v;
	collector col = { out, NULL, 0, from, to };
	size_t i;
	int error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = require_user(actor)) < 0)
		return error;
	petory__invalid_begin(&v);
	if (to <= from)
		petory__invalid_field(&v, "end", "must be after start");
	else if (to - from > PETORY_EVENT_WINDOW_MAX_DAYS * DAY_MS)
		petory__invalid_field(&v, "end",
			"the window may span at most "
			"366 days");
	if (petory__invalid_end(&v) < 0)
		return PETORY_EINVALID;
	if ((error = petory__store_event_list_overlapping(&out->events,
		     &out->event_count, db, actor->user_id, from, to)) < 0)
		return error;
	for (i = 0; i < out->event_count && !error; i++)
		error = expand_one(&col, &out->events[i]);
	if (error) {
		petory_occurrence_list_dispose(out);
		return error;
	}
	if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), by_start);
	return 0;
}
