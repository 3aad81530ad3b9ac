/* ratelimit.c -- fixed-window limits over the session store's counters,
 * reported in the shape of the RateLimit-* and Retry-After headers. */
#include <stdio.h>

#include "domain/domain.h"

static void fill(petory_rate_info *info, const petory_rate_rule *rule,
	const petory_rate_state *st, petory_time_ms now, int refused)
{
	int64_t reset_ms = st->window_end - now;
	int64_t reset_s = reset_ms > 0 ? (reset_ms + 999) / 1000 : 0;
	int64_t remaining = rule->limit - st->count;
	info->applies = 1;
	info->limit = rule->limit;
	info->remaining = remaining > 0 ? remaining : 0;
	info->reset_s = reset_s;
	info->retry_after_s = refused ? (reset_s > 0 ? reset_s : 1) : 0;
}

static int refuse(const char *key)
{
	return petory_error_set(PETORY_ERATELIMIT, "TOO_MANY_REQUESTS",
		"too many attempts; try again later");
}

int petory__rate_consume(petory_rate_info *info, petory *db, const char *key,
	const petory_rate_rule *rule, int64_t cost)
{
	petory_rate_state st;
	petory_time_ms now = petory_now(db);
	int error = db->sessions->rate_hit(
		&st, db->sessions, key, cost, rule->window_s * 1000, now);
	int refused;
	if (error < 0)
		return error;
	refused = st.count > rule->limit;
	fill(info, rule, &st, now, refused);
	return refused ? refuse(key) : 0;
}

int petory__rate_peek(petory_rate_info *info, petory *db, const char *key,
	const petory_rate_rule *rule)
{
	petory_rate_state st;
	petory_time_ms now = petory_now(db);
	int error = db->sessions->rate_hit(
		&st, db->sessions, key, 0, rule->window_s * 1000, now);
	int refused;
	if (error < 0)
		return error;
	refused = st.count >= rule->limit;
	fill(info, rule, &st, now, refused);
	return refused ? refuse(key) : 0;
}

void petory__rate_merge(petory_rate_info *into, const petory_rate_info *other)
{
	if (!other->applies)
		return;
	if (!into->applies || other->retry_after_s > into->retry_after_s ||
		(into->retry_after_s == 0 &&
			other->remaining < into->remaining))
		*into = *other;
}
