/* outbox.c -- the facts a store queues in the outbox for the admins.
 *
 * A store that must alert the admins inside its own transaction (a place
 * reported into INACTIVE, accounts deactivated or removed) queues a
 * WEBHOOK row whose payload is a fact, {"event": …, and its numbers},
 * never wording: the outbox dispatcher (jobs/outbox.c) words it when it
 * delivers.  Both backends build the payload here, so they queue the
 * same bytes.
 */
#include <jansson.h>

#include "core/internal.h"

static char *dump(json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	return s;
}

char *petory__place_inactive_alert_payload(int64_t place_id, int64_t reports)
{
	return dump(json_pack("{s:s, s:I, s:I}", "event",
		PETORY__ALERT_PLACE_INACTIVE, "placeId", (json_int_t)place_id,
		"reports", (json_int_t)reports));
}

char *petory__lifecycle_alert_payload(
	const char *day, const petory_lifecycle_counts *c)
{
	return dump(json_pack("{s:s, s:s, s:I, s:I}", "event",
		PETORY__ALERT_ACCOUNT_LIFECYCLE, "day", day, "deactivated",
		(json_int_t)c->deactivated, "removed", (json_int_t)c->removed));
}
