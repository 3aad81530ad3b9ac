/* event_recurrence.c -- parsing and expanding event recurrence with
 * libical (RRULE, RDATE, EXDATE).
 *
 * Occurrence starts are local times in the event's zone (libical keeps
 * the wall-clock time across daylight-saving changes) and become instants
 * only at the end.  The first start (DTSTART) is always an occurrence, as
 * RFC 5545 says.  EXDATEs remove occurrences by their local start.
 *
 * Expansion is bounded.  Rules finer than HOURLY are refused at parse
 * time, and so are rules libical cannot expand.  libical iterates a rule
 * one frequency unit at a time, even through units no occurrence falls in
 * (a rule that never matches runs it to the year 2582), so every walk
 * gives libical an UNTIL no later than just past the window it needs.  A
 * COUNT rule cannot be skipped ahead, so its whole series must lie within
 * COUNT_MAX occurrences and UNITS_MAX intervals of its start.
 *
 * Sparse rules skip ahead further: an HOURLY or DAILY rule whose
 * BYMONTH, BYMONTHDAY, BYYEARDAY or BYDAY keep only some days
 * (FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=29) is walked only over the runs of
 * days those parts let through (runs apart by less than a week of hours
 * or a month of days are one run), each run a walk of its own
 * from close to its first day to the day after its last; libical still
 * makes every occurrence, so the result is the plain walk's (the unit
 * tests compare them).  A COUNT rule is walked so from DTSTART, counting
 * what libical makes until its COUNT.
 */
#include <stdint.h>
#include <string.h>

#include "domain/event_recurrence.h"

#define STEPS_MAX 200000
#define COUNT_MAX 5000
#define UNITS_MAX 50000
#define DAY_MS 86400000LL
/* Sparse rules: gaps of fewer days than these between days a rule may
 * fall on are walked through rather than skipped (a new walk costs about
 * a week of hours, or a month of days). */
#define GAP_HOURLY_DAYS 7
#define GAP_DAILY_DAYS 31

static bool parse_dates(
	petory__civil *out, size_t *count, const char *list, bool all_day)
{
	char buf[64];
	const char *p = list;
	while (*p) {
		size_t n = strcspn(p, ",");
		struct icaltimetype tt;
		petory__civil *c;
		if (n == 0 || n >= sizeof(buf) ||
			*count >= PETORY__RECURRENCE_DATES_MAX)
			return false;
		memcpy(buf, p, n);
		buf[n] = '\0';
		icalerror_clear_errno();
		tt = icaltime_from_string(buf);
		if (icaltime_is_null_time(tt) || icalerrno != ICAL_NO_ERROR ||
			(bool)tt.is_date != all_day)
			return false;
		c = &out[(*count)++];
		memset(c, 0, sizeof(*c));
		c->year = tt.year;
		c->month = tt.month;
		c->day = tt.day;
		c->hour = tt.hour;
		c->minute = tt.minute;
		c->second = tt.second;
		c->date_only = tt.is_date;
		c->has_offset = icaltime_is_utc(tt);
		if (!petory__civil_valid(c))
			return false;
		p += n;
		if (*p == ',')
			p++;
	}
	return true;
}

static bool parse_rule(
	struct icalrecurrencetype *out, const char *text, bool all_day)
{
	icalerror_clear_errno();
	*out = icalrecurrencetype_from_string(text);
	if (icalerrno != ICAL_NO_ERROR || out->count > COUNT_MAX)
		return false;
	/* RFC 5545: UNTIL has DTSTART's value type; a date would end a
	 * timed series at the midnight before its last day. */
	if (!all_day && !icaltime_is_null_time(out->until) &&
		out->until.is_date)
		return false;
	switch (out->freq) {
	case ICAL_HOURLY_RECURRENCE:
	case ICAL_DAILY_RECURRENCE:
	case ICAL_WEEKLY_RECURRENCE:
	case ICAL_MONTHLY_RECURRENCE:
	case ICAL_YEARLY_RECURRENCE:
		return out->interval >= 1;
	default:
		return false;
	}
}

bool petory__recurrence_parse(petory__recurrence *out, const char *const *lines,
	size_t count, bool all_day, petory__invalid *v)
{
	size_t i;
	bool ok = true;
	memset(out, 0, sizeof(*out));
	if (count > PETORY__RECURRENCE_LINES_MAX) {
		petory__invalid_field(v, "recurrence", "has too many lines");
		return false;
	}
	petory__ical_lock();
	for (i = 0; i < count && ok; i++) {
		const char *line = lines[i];
		if (!line || strlen(line) > 2000)
			ok = false;
		else if (strncmp(line, "RRULE:", 6) == 0)
			ok = !out->has_rule &&
			     parse_rule(&out->rule, line + 6, all_day) &&
			     (out->has_rule = true);
		else if (strncmp(line, "RDATE:", 6) == 0)
			ok = parse_dates(out->rdates, &out->rdate_count,
				line + 6, all_day);
		else if (strncmp(line, "EXDATE:", 7) == 0)
			ok = parse_dates(out->exdates, &out->exdate_count,
				line + 7, all_day);
		else
			ok = false;
	}
	petory__ical_unlock();
	if (!ok)
		petory__invalid_field(v, "recurrence",
			"must be one RRULE (HOURLY or coarser, COUNT at most "
			"5000, UNTIL a date-time unless all-day) and "
			"RDATE/EXDATE lines of RFC 5545 date-times");
	return ok;
}

/* The local civil time of an RDATE/EXDATE value in the event's zone. */
static petory__civil local_of(const petory__civil *c, const char *zone)
{
	petory__civil local = *c;
	petory_time_ms at;
	if (c->has_offset && petory__civil_to_instant(&at, c, zone) == 0 &&
		petory__instant_to_civil(&local, at, zone) == 0) {
		local.has_offset = false;
		local.date_only = c->date_only;
	}
	return local;
}

static bool same_start(const petory__civil *a, const petory__civil *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day &&
	       a->hour == b->hour && a->minute == b->minute &&
	       a->second == b->second;
}

static bool excluded(const petory__recurrence *r, const petory__civil *start,
	const char *zone)
{
	size_t i;
	for (i = 0; i < r->exdate_count; i++) {
		petory__civil ex = local_of(&r->exdates[i], zone);
		if (same_start(&ex, start))
			return true;
	}
	return false;
}

/* The instants of an occurrence starting at local civil start. */
static int occurrence(const petory__series *s, const petory__civil *start,
	petory_time_ms *start_at, petory_time_ms *end_at)
{
	petory__civil local = *start, end;
	local.has_offset = false;
	if (petory__civil_to_instant(start_at, &local, s->zone) < 0)
		return -1;
	if (!s->all_day) {
		*end_at = *start_at + s->duration;
		return 0;
	}
	end = local;
	end.hour = end.minute = end.second = 0;
	petory__civil_add_days(&end, s->day_span);
	return petory__civil_to_instant(end_at, &end, s->zone);
}

static struct icaltimetype ical_of(
	const petory__civil *c, bool all_day, const char *zone)
{
	struct icaltimetype tt = icaltime_null_time();
	tt.year = c->year;
	tt.month = c->month;
	tt.day = c->day;
	tt.hour = all_day ? 0 : c->hour;
	tt.minute = all_day ? 0 : c->minute;
	tt.second = all_day ? 0 : c->second;
	tt.is_date = all_day;
	tt.zone = icaltimezone_get_builtin_timezone(zone);
	return tt;
}

static petory__civil civil_of(struct icaltimetype tt)
{
	petory__civil c;
	memset(&c, 0, sizeof(c));
	c.year = tt.year;
	c.month = tt.month;
	c.day = tt.day;
	c.hour = tt.hour;
	c.minute = tt.minute;
	c.second = tt.second;
	c.date_only = tt.is_date;
	return c;
}

/* The latest instant libical's UNTIL u lets a series start at: a date
 * ends at the following midnight, and a floating time is read in the
 * event's zone (with a day to spare for how libical reads it). */
static petory_time_ms until_upper(
	const struct icaltimetype *u, const petory__series *s)
{
	petory__civil c = civil_of(*u);
	petory_time_ms at;
	c.has_offset = icaltime_is_utc(*u);
	if (u->is_date) {
		petory__civil_add_days(&c, 1);
		c.date_only = false;
	}
	if (petory__civil_to_instant(&at, &c, s->zone) < 0)
		return INT64_MAX;
	return at + DAY_MS;
}

/* An UNTIL for libical at instant `at`: the local date for an all-day
 * event, else the UTC time. */
static struct icaltimetype until_at(petory_time_ms at, const petory__series *s)
{
	petory__civil c;
	struct icaltimetype tt;
	if (!s->all_day)
		return icaltime_from_timet_with_zone((time_t)(at / 1000), 0,
			icaltimezone_get_utc_timezone());
	if (petory__instant_to_civil(&c, at, s->zone) < 0)
		return icaltime_null_time();
	tt = ical_of(&c, true, s->zone);
	tt.zone = NULL;
	return tt;
}

/* libical 3.0's icalrecur_iterator_set_start misplaces an HOURLY rule
 * with an INTERVAL (it steps in elapsed hours from a wrongly aligned
 * start).  Such a walk starts instead from an occurrence of the series
 * itself: the last point on its grid of INTERVAL hours after DTSTART at
 * or before `before`, not in a repeated hour (a local time could not tell
 * it apart), taken as the iterator's DTSTART.  False: no such point. */
static bool hourly_base(const petory__recurrence *r, const petory__series *s,
	petory_time_ms before, struct icaltimetype *base)
{
	petory_time_ms start_at, step, at, back;
	petory__civil c;
	int tries;
	if (petory__civil_to_instant(&start_at, &s->start, s->zone) < 0 ||
		before <= start_at)
		return false;
	step = (petory_time_ms)r->rule.interval * 3600000;
	at = start_at + (before - start_at) / step * step;
	for (tries = 0; tries < 3 && at > start_at; tries++, at -= step) {
		if (petory__instant_to_civil(&c, at, s->zone) < 0)
			return false;
		c.has_offset = false;
		if (petory__civil_to_instant(&back, &c, s->zone) == 0 &&
			back == at) {
			*base = ical_of(&c, s->all_day, s->zone);
			return true;
		}
	}
	return false;
}

typedef int (*visit_fn)(const petory__civil *start, petory_time_ms start_at,
	petory_time_ms end_at, void *payload);

/* Visit the rule's local starts (DTSTART first, unless dtstart_done) in
 * order until one starts at or after `to`; visit returns nonzero to
 * stop.  budget (NULL: none) counts down every start libical makes before
 * `to`, DTSTART's included, and the walk stops at 0: a COUNT walked in
 * pieces. */
static int walk_span(const petory__recurrence *r, const petory__series *s,
	petory_time_ms skip_before, petory_time_ms to, bool dtstart_done,
	int *budget, visit_fn visit, void *payload)
{
	struct icaltimetype dtstart = ical_of(&s->start, s->all_day, s->zone);
	struct icaltimetype base = dtstart;
	struct icalrecurrencetype rule = r->rule;
	icalrecur_iterator *it;
	petory_time_ms start_at, end_at;
	int steps, result = 0;
	bool first = true, jump, oom;
	/* libical iterates up to UNTIL even where nothing matches: end its
	 * walk a day after the window. */
	if (icaltime_is_null_time(rule.until) ||
		until_upper(&rule.until, s) > to + DAY_MS)
		rule.until = until_at(to + DAY_MS, s);
	/* Jump close to the window when the rule allows it (libical cannot
	 * skip a COUNT rule: its count starts at DTSTART). */
	jump = r->rule.count == 0 && skip_before > 0;
	if (jump && rule.freq == ICAL_HOURLY_RECURRENCE && rule.interval > 1) {
		first = !hourly_base(r, s, skip_before, &base);
		jump = false;
	}
	icalerror_clear_errno();
	it = icalrecur_iterator_new(rule, base);
	/* Refused rules were refused when written; an event stored before
	 * that check keeps its DTSTART. */
	oom = !it && icalerrno == ICAL_NEWFAILED_ERROR;
	if (it && jump) {
		petory__civil near;
		if (petory__instant_to_civil(&near, skip_before, s->zone) ==
			0) {
			struct icaltimetype from =
				ical_of(&near, s->all_day, s->zone);
			if (icaltime_compare(from, dtstart) > 0 &&
				icalrecur_iterator_set_start(it, from))
				first = false;
		}
	}
	if (first && !dtstart_done) {
		/* DTSTART is an occurrence even when the rule would skip it. */
		if (occurrence(s, &s->start, &start_at, &end_at) == 0 &&
			start_at < to)
			result = visit(&s->start, start_at, end_at, payload);
	}
	if (!it)
		return result || !oom ? result : petory__error_oom();
	for (steps = 0; steps < STEPS_MAX && result == 0; steps++) {
		struct icaltimetype next;
		petory__civil c;
		if (budget && *budget <= 0)
			break;
		next = icalrecur_iterator_next(it);
		if (icaltime_is_null_time(next))
			break;
		c = civil_of(next);
		if (same_start(&c, &s->start)) {
			if (budget)
				(*budget)--;
			continue;
		}
		if (occurrence(s, &c, &start_at, &end_at) < 0)
			break;
		if (start_at >= to)
			break;
		if (budget)
			(*budget)--;
		result = visit(&c, start_at, end_at, payload);
	}
	icalrecur_iterator_free(it);
	return result;
}

/* ---- sparse rules: walk only the days the rule can fall on ---- */

static bool listed(const short *list, size_t size, int value)
{
	size_t i;
	for (i = 0; i < size && list[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
		if (list[i] == value)
			return true;
	return false;
}

static bool list_empty(const short *list)
{
	return list[0] == ICAL_RECURRENCE_ARRAY_MAX;
}

/* Whether every value of list lies in lo..hi. */
static bool list_within(const short *list, size_t size, int lo, int hi)
{
	size_t i;
	for (i = 0; i < size && list[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
		if (list[i] < lo || list[i] > hi)
			return false;
	return true;
}

/* An HOURLY or DAILY rule whose day-level parts are plain
 * filters (BYMONTH 1..12, BYMONTHDAY 1..31, BYYEARDAY 1..366, BYDAY
 * without a position), at least one of them present, and no BYWEEKNO or
 * BYSETPOS: only the days those parts let through can hold one of its
 * occurrences. */
static bool day_filtered(const struct icalrecurrencetype *rule)
{
	size_t i;
	if ((rule->freq != ICAL_HOURLY_RECURRENCE &&
		    rule->freq != ICAL_DAILY_RECURRENCE) ||
		!list_empty(rule->by_week_no) ||
		!list_empty(rule->by_set_pos) ||
		!list_within(rule->by_month, ICAL_BY_MONTH_SIZE, 1, 12) ||
		!list_within(
			rule->by_month_day, ICAL_BY_MONTHDAY_SIZE, 1, 31) ||
		!list_within(rule->by_year_day, ICAL_BY_YEARDAY_SIZE, 1, 366))
		return false;
	for (i = 0; i < ICAL_BY_DAY_SIZE &&
		    rule->by_day[i] != ICAL_RECURRENCE_ARRAY_MAX;
		i++)
		if (icalrecurrencetype_day_position(rule->by_day[i]) != 0)
			return false;
	return !list_empty(rule->by_month) || !list_empty(rule->by_month_day) ||
	       !list_empty(rule->by_year_day) || !list_empty(rule->by_day);
}

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* 1 (Sunday) .. 7 (Saturday), libical's numbering. */
static int weekday_of(int y, int m, int d)
{
	static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	if (m < 3)
		y -= 1;
	return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7 + 1;
}

static int year_day_of(int y, int m, int d)
{
	static const int before[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243,
		273, 304, 334 };
	return before[m - 1] + d + (m > 2 && leap_year(y));
}

/* Whether the day-level parts of a day_filtered rule let date c through. */
static bool day_passes(
	const struct icalrecurrencetype *rule, const petory__civil *c)
{
	size_t i;
	bool weekday_ok;
	if (!list_empty(rule->by_month) &&
		!listed(rule->by_month, ICAL_BY_MONTH_SIZE, c->month))
		return false;
	if (!list_empty(rule->by_month_day) &&
		!listed(rule->by_month_day, ICAL_BY_MONTHDAY_SIZE, c->day))
		return false;
	if (!list_empty(rule->by_year_day) &&
		!listed(rule->by_year_day, ICAL_BY_YEARDAY_SIZE,
			year_day_of(c->year, c->month, c->day)))
		return false;
	if (list_empty(rule->by_day))
		return true;
	weekday_ok = false;
	for (i = 0; i < ICAL_BY_DAY_SIZE &&
		    rule->by_day[i] != ICAL_RECURRENCE_ARRAY_MAX;
		i++)
		if ((int)icalrecurrencetype_day_day_of_week(rule->by_day[i]) ==
			weekday_of(c->year, c->month, c->day))
			weekday_ok = true;
	return weekday_ok;
}

static int date_compare(const petory__civil *a, const petory__civil *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	return a->day == b->day ? 0 : a->day < b->day ? -1 : 1;
}

/* The instant of noon, local time, `days` days after date c: a moment
 * inside a day no occurrence of a run falls on (the day before a run
 * or after it), whatever daylight saving does around midnight. */
static petory_time_ms noon_after(
	const petory__civil *c, int days, const char *zone)
{
	petory__civil noon = *c;
	petory_time_ms at;
	noon.hour = 12;
	noon.minute = noon.second = 0;
	noon.date_only = noon.has_offset = false;
	petory__civil_add_days(&noon, days);
	return petory__civil_to_instant(&at, &noon, zone) == 0 ? at : INT64_MAX;
}

/* walk_span over each run of days a day_filtered rule lets through
 * between skip_before and `to`, DTSTART visited first; budget as
 * walk_span's. */
static int walk_runs(const petory__recurrence *r, const petory__series *s,
	petory_time_ms skip_before, petory_time_ms to, int *budget,
	visit_fn visit, void *payload)
{
	petory__civil day, last, end;
	petory_time_ms start_at, end_at, from_at, run_from, run_to;
	int result = 0;
	int gap_max = r->rule.freq == ICAL_HOURLY_RECURRENCE ? GAP_HOURLY_DAYS
							     : GAP_DAILY_DAYS;
	if (occurrence(s, &s->start, &start_at, &end_at) < 0)
		return 0;
	if (start_at < to)
		result = visit(&s->start, start_at, end_at, payload);
	from_at = skip_before > start_at ? skip_before : start_at;
	if (petory__instant_to_civil(&day, from_at, s->zone) < 0 ||
		petory__instant_to_civil(&last, to, s->zone) < 0)
		return result;
	while (result == 0 && date_compare(&day, &last) <= 0 &&
		(!budget || *budget > 0)) {
		if (!day_passes(&r->rule, &day)) {
			petory__civil_add_days(&day, 1);
			continue;
		}
		/* The run goes on across gaps shorter than gap_max days:
		 * libical walks those faster than a new walk starts. */
		end = day;
		for (;;) {
			petory__civil next = end;
			int g;
			bool found = false;
			for (g = 0; g < gap_max && !found; g++) {
				petory__civil_add_days(&next, 1);
				if (date_compare(&next, &last) > 0)
					break;
				found = day_passes(&r->rule, &next);
			}
			if (!found)
				break;
			end = next;
		}
		run_from = noon_after(&day, -1, s->zone);
		if (run_from < from_at || run_from == INT64_MAX)
			run_from = from_at;
		run_to = noon_after(&end, 1, s->zone);
		if (run_to > to)
			run_to = to;
		result = walk_span(
			r, s, run_from, run_to, true, budget, visit, payload);
		day = end;
		petory__civil_add_days(&day, 2);
	}
	return result;
}

static int walk_rule(const petory__recurrence *r, const petory__series *s,
	petory_time_ms skip_before, petory_time_ms to, petory__walk walk,
	visit_fn visit, void *payload)
{
	if (walk == PETORY__WALK_PLAIN)
		return walk_span(r, s, 0, to, false, NULL, visit, payload);
	if (walk == PETORY__WALK_FAST && day_filtered(&r->rule) &&
		r->rule.count > 0) {
		/* From DTSTART, as libical counts, without libical's COUNT
		 * (each run is a walk of its own): the budget counts. */
		petory__recurrence uncounted = *r;
		int budget = r->rule.count;
		uncounted.rule.count = 0;
		return walk_runs(&uncounted, s, 0, to, &budget, visit, payload);
	}
	if (walk == PETORY__WALK_FAST && day_filtered(&r->rule))
		return walk_runs(r, s, skip_before, to, NULL, visit, payload);
	return walk_span(r, s, skip_before, to, false, NULL, visit, payload);
}

typedef struct expand_ctx {
	const petory__recurrence *r;
	const petory__series *s;
	petory_time_ms from;
	petory__occurrence_cb cb;
	void *payload;
} expand_ctx;

static int expand_visit(const petory__civil *start, petory_time_ms start_at,
	petory_time_ms end_at, void *payload)
{
	expand_ctx *x = payload;
	/* Over before the window, unless an instant at its very start. */
	if ((end_at <= x->from && start_at < x->from) ||
		excluded(x->r, start, x->s->zone))
		return 0;
	return x->cb(start_at, end_at, x->payload);
}

int petory__recurrence_expand(const petory__recurrence *r,
	const petory__series *s, petory_time_ms from, petory_time_ms to,
	petory__occurrence_cb cb, void *payload)
{
	return petory__recurrence_expand_walk(
		r, s, from, to, PETORY__WALK_FAST, cb, payload);
}

int petory__recurrence_expand_walk(const petory__recurrence *r,
	const petory__series *s, petory_time_ms from, petory_time_ms to,
	petory__walk walk, petory__occurrence_cb cb, void *payload)
{
	expand_ctx x = { r, s, from, cb, payload };
	petory_time_ms start_at, end_at;
	petory_time_ms reach =
		s->all_day ? (petory_time_ms)(s->day_span + 2) * 86400000
			   : s->duration + 86400000;
	size_t i;
	int result = 0;

	petory__ical_lock();
	if (r->has_rule)
		result = walk_rule(
			r, s, from - reach, to, walk, expand_visit, &x);
	else if (occurrence(s, &s->start, &start_at, &end_at) == 0 &&
		 start_at < to)
		result = expand_visit(&s->start, start_at, end_at, &x);
	for (i = 0; i < r->rdate_count && result == 0; i++) {
		petory__civil c = local_of(&r->rdates[i], s->zone);
		if (same_start(&c, &s->start) ||
			occurrence(s, &c, &start_at, &end_at) < 0 ||
			start_at >= to)
			continue;
		result = expand_visit(&c, start_at, end_at, &x);
	}
	petory__ical_unlock();
	return result;
}

/* The UNTIL that ends a walk from DTSTART: UNITS_MAX intervals after it
 * for HOURLY and DAILY rules, which libical walks hour by hour or day by
 * day; none for coarser rules (libical stops at the year 2582). */
static struct icaltimetype units_until(const struct icalrecurrencetype *rule,
	const petory__series *s, petory_time_ms start_at)
{
	petory_time_ms unit = rule->freq == ICAL_HOURLY_RECURRENCE  ? 3600000
			      : rule->freq == ICAL_DAILY_RECURRENCE ? DAY_MS
								    : 0;
	if (unit == 0)
		return icaltime_null_time();
	return until_at(
		start_at + (petory_time_ms)UNITS_MAX * rule->interval * unit,
		s);
}

typedef struct bounds_ctx {
	const petory__series *s;
	bool counted;
	int repeats;
	petory_time_ms last_end;
} bounds_ctx;

static int bounds_visit(const petory__civil *start, petory_time_ms start_at,
	petory_time_ms end_at, void *payload)
{
	bounds_ctx *b = payload;
	(void)start_at;
	if (same_start(start, &b->s->start))
		return 0;
	b->repeats++;
	if (end_at > b->last_end)
		b->last_end = end_at;
	return b->counted ? 0 : 1; /* one repeat is enough */
}

/* rule_bounds's walk of a day_filtered rule, by runs of days, over the
 * same UNITS_MAX intervals from DTSTART: what libical makes of a COUNT
 * rule (DTSTART's own included, as libical counts), else the repeats
 * (one is enough); a COUNT rule's last end raises *last_end. */
static int sparse_bounds(const petory__recurrence *r, const petory__series *s,
	petory_time_ms start_at, petory_time_ms *last_end)
{
	petory__recurrence pattern = *r;
	petory_time_ms unit =
		r->rule.freq == ICAL_HOURLY_RECURRENCE ? 3600000 : DAY_MS;
	bounds_ctx b = { s, r->rule.count > 0, 0, *last_end };
	int budget = r->rule.count;
	pattern.rule.count = 0;
	pattern.rule.until = icaltime_null_time();
	walk_runs(&pattern, s, 0,
		start_at + (petory_time_ms)UNITS_MAX * r->rule.interval * unit,
		b.counted ? &budget : NULL, bounds_visit, &b);
	if (!b.counted)
		return b.repeats;
	if (b.last_end > *last_end)
		*last_end = b.last_end;
	return r->rule.count - budget;
}

/* Check that libical can expand the rule from DTSTART and raise
 * *last_end to the end of its series; a problem, or NULL.  The rule
 * must occur (DTSTART aside) within the bounds of units_until, and a
 * COUNT rule must reach its count there: libical walks a COUNT rule from
 * DTSTART on every expansion. */
static const char *rule_bounds(const petory__recurrence *r,
	const petory__series *s, petory_time_ms start_at,
	petory_time_ms *last_end)
{
	struct icaltimetype dtstart = ical_of(&s->start, s->all_day, s->zone);
	struct icalrecurrencetype rule = r->rule;
	icalrecur_iterator *it;
	int n = 0, want = rule.count > 0 ? rule.count : 1;
	/* Without its COUNT or UNTIL, the pattern itself is walked. */
	rule.count = 0;
	rule.until = units_until(&rule, s, start_at);
	if (!(it = icalrecur_iterator_new(rule, dtstart)))
		return "has an RRULE that libical cannot expand (parts RFC "
		       "5545 does not allow together)";
	if (day_filtered(&r->rule)) {
		/* A sparse rule: walked by runs of days, as it is expanded. */
		icalrecur_iterator_free(it);
		it = NULL;
		n = sparse_bounds(r, s, start_at, last_end);
	}
	while (it && n < want) {
		struct icaltimetype next = icalrecur_iterator_next(it);
		petory__civil c;
		petory_time_ms a, b;
		if (icaltime_is_null_time(next))
			break;
		c = civil_of(next);
		if (r->rule.count == 0 && same_start(&c, &s->start))
			continue;
		n++;
		if (r->rule.count > 0 && occurrence(s, &c, &a, &b) == 0 &&
			b > *last_end)
			*last_end = b;
	}
	if (it)
		icalrecur_iterator_free(it);
	if (n < want)
		return r->rule.count > 0
			       ? "has an RRULE whose COUNT is not reached "
				 "within 50000 intervals (HOURLY, DAILY) or "
				 "before the year 2582"
			       : "has an RRULE that never repeats within "
				 "50000 intervals (HOURLY, DAILY) or before "
				 "the year 2582";
	if (r->rule.count == 0) {
		/* The series ends by UNTIL, or never. */
		petory_time_ms span =
			s->all_day ? (s->day_span + 1) * DAY_MS : s->duration;
		petory_time_ms until = icaltime_is_null_time(r->rule.until)
					       ? INT64_MAX
					       : until_upper(&r->rule.until, s);
		if (until == INT64_MAX)
			*last_end = INT64_MAX;
		else if (until + span > *last_end)
			*last_end = until + span;
	}
	return NULL;
}

bool petory__recurrence_check(const petory__recurrence *r,
	const petory__series *s, petory__invalid *v,
	petory_time_ms *first_start, petory_time_ms *last_end)
{
	petory_time_ms start_at = 0, end_at = 0;
	const char *problem = NULL;
	size_t i;

	petory__ical_lock();
	occurrence(s, &s->start, &start_at, &end_at);
	*first_start = start_at;
	*last_end = end_at;
	if (r->has_rule)
		problem = rule_bounds(r, s, start_at, last_end);
	for (i = 0; i < r->rdate_count; i++) {
		petory__civil c = local_of(&r->rdates[i], s->zone);
		if (occurrence(s, &c, &start_at, &end_at) < 0)
			continue;
		if (start_at < *first_start)
			*first_start = start_at;
		if (end_at > *last_end)
			*last_end = end_at;
	}
	petory__ical_unlock();
	if (problem)
		petory__invalid_field(v, "recurrence", problem);
	return problem == NULL;
}
