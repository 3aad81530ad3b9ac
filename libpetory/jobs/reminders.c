/* reminders.c -- EVENT_REMINDER notifications: remindBefore minutes ahead
 * of every occurrence of an event of an ACTIVE user, each sent exactly
 * once.
 *
 * A run looks back LOOKBACK (so a server that was down for a few minutes
 * still sends what fell due meanwhile; older reminders are stale and
 * skipped) and records each sent reminder together with its notification
 * in one transaction, so a second run, or two schedulers, never send one
 * twice.  The next due reminder is found by expanding the next day.
 */
#include <stdio.h>
#include <stdlib.h>

#include "domain/domain.h"
#include "store/calls.h"
#include "domain/event_recurrence.h"

#define LOOKBACK_MS (60LL * 60 * 1000)
#define HORIZON_MS (24LL * 60 * 60 * 1000)
#define MINUTE_MS 60000LL
/* The largest remindBefore: an occurrence starts at most this long after
 * its reminder. */
#define LEAD_MAX_MS (28LL * 24 * 60 * 60 * 1000)

typedef struct reminder_scan {
	petory *db;
	const petory_event *event;
	petory_time_ms lead;     /* remind_before in ms */
	petory_time_ms due_from; /* reminders due in (due_from, due_to] */
	petory_time_ms due_to;
	petory_time_ms now;
	int64_t sent;
	petory_time_ms next; /* earliest reminder due after due_to */
} reminder_scan;

static void describe(
	char *buf, size_t size, const petory_event *e, petory_time_ms start)
{
	char when[48];
	petory_event_format(
		when, sizeof(when), start, e->time_zone, e->all_day);
	snprintf(buf, size, "%.180s: %s", e->title, when);
}

static int send_reminder(petory_time_ms start, petory_time_ms end, void *p)
{
	reminder_scan *scan = p;
	petory_time_ms due = start - scan->lead;
	char content[256], link[48];
	petory_notification n = { 0 };
	int created = 0, error;
	(void)end;
	if (due > scan->due_to) {
		if (!scan->next || due < scan->next)
			scan->next = due;
		return 0;
	}
	if (due <= scan->due_from)
		return 0;
	describe(content, sizeof(content), scan->event, start);
	snprintf(link, sizeof(link), "/users/events/%lld",
		(long long)scan->event->id);
	n.user_id = scan->event->user_id;
	n.type = PETORY_NOTIFICATION_EVENT_REMINDER;
	n.content = content;
	n.link = link;
	n.created_at = scan->now;
	error = petory__store_event_reminder_record(
		&created, scan->db, scan->event->id, start, &n);
	if (error == PETORY_ENOTFOUND) /* the event went meanwhile */
		return 0;
	if (error < 0)
		return error;
	if (created) {
		scan->sent++;
		if (scan->db->notification_hook)
			scan->db->notification_hook(
				scan->db->notification_hook_payload, &n);
	}
	return 0;
}

/* Send every reminder due in (due_from, due_to]; with a horizon, also
 * note the first one due within it after due_to. */
static int scan_reminders(reminder_scan *scan, petory_time_ms horizon)
{
	petory *db = scan->db;
	petory_event *events = NULL;
	size_t count = 0, i;
	int error;
	/* An occurrence starts at most LEAD_MAX_MS after its reminder. */
	if ((error = petory__store_event_list_reminding(&events, &count, db,
		     scan->due_from,
		     scan->due_to + horizon + LEAD_MAX_MS + 1)) < 0)
		return error;
	for (i = 0; i < count && !error; i++) {
		petory__recurrence *rec = malloc(sizeof(*rec));
		petory__series series;
		if (!rec) {
			error = petory__error_oom();
			break;
		}
		scan->event = &events[i];
		scan->lead = events[i].remind_before * MINUTE_MS;
		if (petory__event_series(&events[i], rec, &series) == 0)
			error = petory__recurrence_expand(rec, &series,
				scan->due_from + scan->lead,
				scan->due_to + horizon + scan->lead + 1,
				send_reminder, scan);
		free(rec);
	}
	petory__event_array_free(events, count);
	return error;
}

int petory__reminders_run(int64_t *sent_out, petory *db, petory_time_ms now)
{
	reminder_scan scan = { db, NULL, 0, now - LOOKBACK_MS, now, now, 0, 0 };
	int error = scan_reminders(&scan, 0);
	*sent_out = scan.sent;
	return error;
}

petory_time_ms petory__reminders_next(petory *db, petory_time_ms now)
{
	/* A scan that sends nothing: everything due up to now was handled
	 * by the run before; find the first one after it. */
	reminder_scan scan = { db, NULL, 0, now, now, now, 0, 0 };
	if (scan_reminders(&scan, HORIZON_MS) < 0 || scan.next == 0)
		return 0;
	return scan.next;
}
