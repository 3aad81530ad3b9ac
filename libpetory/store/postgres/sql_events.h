/* sql_events.h -- the PostgreSQL statements of the events table: calendar
 * events and the reminders sent for their occurrences (see
 * pg_statements.h for the X-macro's shape).  series_end NULL is an
 * endless series.  EVENT_USER_LOCK locks the owner's row so that racing
 * capped inserts of one user count and insert one after the other. */
#ifndef PETORY_PG_SQL_EVENTS_H
#define PETORY_PG_SQL_EVENTS_H

#define PETORY__PG_EVENT_COLUMNS                                       \
	"id, user_id, title, description, color, time_zone, all_day, " \
	"start_local, end_local, start_at, end_at, recurrence, "       \
	"remind_before, created_at, updated_at, pet_id"

#define PETORY__PG_SQL_EVENTS(X)                                               \
	X(EVENT_INSERT,                                                        \
		"INSERT INTO events(user_id, title, description, color, "      \
		"time_zone, all_day, start_local, end_local, start_at, "       \
		"end_at, recurrence, remind_before, created_at, updated_at, "  \
		"series_start, series_end, pet_id) VALUES($1, $2, $3, $4, "    \
		"$5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15, $16) " \
		"RETURNING id")                                                \
	X(EVENT_UPDATE,                                                        \
		"UPDATE events SET title = $3, description = $4, color = $5, " \
		"time_zone = $6, all_day = $7, start_local = $8, "             \
		"end_local = $9, start_at = $10, end_at = $11, "               \
		"recurrence = $12, remind_before = $13, updated_at = $14, "    \
		"series_start = $15, series_end = $16, pet_id = $17 "          \
		"WHERE id = $1 AND user_id = $2")                              \
	X(EVENT_GET, "SELECT " PETORY__PG_EVENT_COLUMNS                        \
		     " FROM events WHERE id = $2 AND user_id = $1")            \
	X(EVENT_DELETE, "DELETE FROM events WHERE id = $2 AND user_id = $1")   \
	X(EVENT_USER_LOCK,                                                     \
		"SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE")         \
	X(EVENT_COUNT_OF_USER,                                                 \
		"SELECT COUNT(*) FROM events WHERE user_id = $1")              \
	X(EVENT_OVERLAPPING,                                                   \
		"SELECT " PETORY__PG_EVENT_COLUMNS " FROM events "             \
		"WHERE user_id = $1 AND series_start < $3 AND "                \
		"(series_end IS NULL OR series_end >= $2) ORDER BY id")        \
	X(EVENT_REMINDING,                                                     \
		"SELECT " PETORY__PG_EVENT_COLUMNS " FROM events "             \
		"WHERE remind_before IS NOT NULL AND series_start < $2 AND "   \
		"(series_end IS NULL OR series_end > $1) AND user_id IN "      \
		"(SELECT id FROM users WHERE status = 0) ORDER BY id")         \
	X(EVENT_REMINDER_MARK,                                                 \
		"INSERT INTO event_reminders(event_id, occurrence_start, "     \
		"sent_at) VALUES($1, $2, $3) ON CONFLICT DO NOTHING")

#endif
