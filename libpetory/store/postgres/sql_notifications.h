/* sql_notifications.h -- the PostgreSQL statements of the notifications
 * table: notifications, the daily fan-out and purge, job runs, the
 * account lifecycle and the outbox (see pg_statements.h for the X-macro's
 * shape).  NOTIFICATION_INSERT and OUTBOX_INSERT also serve the shared
 * helpers of pg_notify.h.
 *
 * NOTIFICATION_FANOUT is the whole fan-out in one INSERT ... SELECT: the
 * NOT EXISTS skips the users notified already without touching the
 * index's conflict path, and ON CONFLICT on the unique partial index
 * notifications_once_a_day (user_id, type, day) WHERE day IS NOT NULL
 * makes a raced run wait for the other and add nothing twice.
 * OUTBOX_CLAIM locks the rows it leases FOR UPDATE SKIP LOCKED, so racing
 * claimers take disjoint rows without waiting on each other.
 */
#ifndef PETORY_PG_SQL_NOTIFICATIONS_H
#define PETORY_PG_SQL_NOTIFICATIONS_H

/* The time an account's idleness is measured from. */
#define PETORY__PG_LAST_SEEN "coalesce(last_login_at, created_at)"

/* Accounts DEACTIVATED or DELETED before $1: the hard delete's. */
#define PETORY__PG_REMOVABLE "u.status IN (2, 3) AND u.status_changed_at < $1"

#define PETORY__PG_SQL_NOTIFICATIONS(X)                                        \
	X(NOTIFICATION_INSERT,                                                 \
		"INSERT INTO notifications(user_id, type, content, link, "     \
		"created_at) VALUES($1, $2, $3, $4, $5) RETURNING id")         \
	X(NOTIFICATION_LIST,                                                   \
		"SELECT id, user_id, type, content, link, read_at, "           \
		"created_at FROM notifications WHERE user_id = $1 AND "        \
		"($2 = 0 OR read_at IS NULL) ORDER BY id DESC "                \
		"LIMIT $4 OFFSET $3")                                          \
	X(NOTIFICATION_COUNT,                                                  \
		"SELECT count(*), count(*) FILTER (WHERE read_at IS NULL) "    \
		"FROM notifications WHERE user_id = $1")                       \
	X(NOTIFICATION_READ,                                                   \
		"UPDATE notifications SET read_at = coalesce(read_at, $3) "    \
		"WHERE id = $2 AND user_id = $1")                              \
	X(NOTIFICATION_READ_ALL,                                               \
		"UPDATE notifications SET read_at = $2 WHERE user_id = $1 "    \
		"AND read_at IS NULL")                                         \
	X(NOTIFICATION_DELETE, "DELETE FROM notifications WHERE id = $2 AND "  \
			       "($1::bigint = 0 OR user_id = $1)")             \
	X(NOTIFICATION_FANOUT,                                                 \
		"INSERT INTO notifications(user_id, type, content, link, "     \
		"day, created_at) SELECT id, 0, $1, $2, $3, $4 FROM users u "  \
		"WHERE status = 0 AND NOT EXISTS (SELECT 1 FROM "              \
		"notifications n WHERE n.user_id = u.id AND n.type = 0 AND "   \
		"n.day = $3) ON CONFLICT (user_id, type, day) WHERE day IS "   \
		"NOT NULL DO NOTHING")                                         \
	X(USER_MAX_ID, "SELECT coalesce(max(id), 0) FROM users")               \
	X(NOTIFICATION_PURGE,                                                  \
		"DELETE FROM notifications WHERE created_at < $1")             \
	X(JOB_RUN_GET, "SELECT 1 FROM job_runs WHERE job = $1 AND day = $2")   \
	X(JOB_RUN_PUT,                                                         \
		"INSERT INTO job_runs(job, day, finished_at, affected) "       \
		"VALUES($1, $2, $3, $4) ON CONFLICT (job, day) DO NOTHING")    \
	X(JOB_RUN_LAST, "SELECT coalesce(max(finished_at), 0) FROM job_runs "  \
			"WHERE job = $1")                                      \
	X(LC_WARN_QUEUE,                                                       \
		"INSERT INTO outbox(kind, payload, next_attempt_at, "          \
		"created_at) SELECT 'MAIL', json_build_object('to', email, "   \
		"'subject', $4::text, 'body', $5::text || nickname || "        \
		"$6::text)::text, $1, $1 FROM users u WHERE status = 0 "       \
		"AND " PETORY__PG_LAST_SEEN " < $2 AND " PETORY__PG_LAST_SEEN  \
		" >= $3 AND NOT EXISTS (SELECT 1 FROM lifecycle_mails m "      \
		"WHERE m.user_id = u.id AND m.kind = 'IDLE_WARNING' AND "      \
		"m.basis = coalesce(u.last_login_at, u.created_at))")          \
	X(LC_WARN_MARK,                                                        \
		"INSERT INTO lifecycle_mails(user_id, kind, basis) "           \
		"SELECT id, 'IDLE_WARNING', " PETORY__PG_LAST_SEEN             \
		" FROM users WHERE status = 0 AND " PETORY__PG_LAST_SEEN       \
		" < $1 AND " PETORY__PG_LAST_SEEN " >= $2 "                    \
		"ON CONFLICT DO NOTHING")                                      \
	X(LC_REVOKE,                                                           \
		"UPDATE auth_sessions SET revoked_at = $1 WHERE revoked_at "   \
		"IS NULL AND user_id IN (SELECT id FROM users WHERE status "   \
		"= 0 AND " PETORY__PG_LAST_SEEN " < $2)")                      \
	X(LC_DEACTIVATE,                                                       \
		"UPDATE users SET status = 2, status_changed_at = $1, "        \
		"updated_at = $1, token_version = token_version + 1 WHERE "    \
		"status = 0 AND " PETORY__PG_LAST_SEEN " < $2")                \
	X(LC_UNLIKE_REMOVED,                                                   \
		"UPDATE places SET like_count = like_count - (SELECT "         \
		"count(*) FROM place_likes l JOIN users u ON u.id = "          \
		"l.user_id WHERE l.place_id = places.id "                      \
		"AND " PETORY__PG_REMOVABLE                                    \
		") WHERE id IN (SELECT l.place_id "                            \
		"FROM place_likes l JOIN users u ON u.id = l.user_id "         \
		"WHERE " PETORY__PG_REMOVABLE ")")                             \
	X(LC_REMOVED_FILES, "SELECT f.key FROM files f JOIN users u ON "       \
			    "u.id = f.owner_id WHERE " PETORY__PG_REMOVABLE)   \
	X(LC_REMOVE, "DELETE FROM users u WHERE " PETORY__PG_REMOVABLE)        \
	X(LC_UNSUSPEND,                                                        \
		"UPDATE users SET status = 0, status_changed_at = $1, "        \
		"updated_at = $1 WHERE status = 1 AND status_changed_at < $2") \
	X(OUTBOX_INSERT, "INSERT INTO outbox(kind, payload, next_attempt_at, " \
			 "created_at) VALUES($1, $2, $3, $3)")                 \
	X(OUTBOX_CLAIM,                                                        \
		"WITH due AS (SELECT id FROM outbox WHERE delivered_at IS "    \
		"NULL AND next_attempt_at <= $2 AND ((1 << CASE kind WHEN "    \
		"'MAIL' THEN 0 ELSE 1 END) & $1) != 0 ORDER BY "               \
		"next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED), "       \
		"claimed AS (UPDATE outbox o SET next_attempt_at = $3 FROM "   \
		"due WHERE o.id = due.id RETURNING o.id, o.kind, o.payload, "  \
		"o.attempts) SELECT id, kind, payload, attempts FROM claimed " \
		"ORDER BY id")                                                 \
	X(OUTBOX_DELIVERED,                                                    \
		"UPDATE outbox SET delivered_at = $2, attempts = attempts + "  \
		"1, last_error = NULL WHERE id = $1")                          \
	X(OUTBOX_FAILED,                                                       \
		"UPDATE outbox SET attempts = attempts + 1, last_error = $2, " \
		"next_attempt_at = $3 WHERE id = $1")                          \
	X(OUTBOX_BACKLOG,                                                      \
		"SELECT count(*), coalesce(min(created_at), 0) FROM outbox "   \
		"WHERE delivered_at IS NULL")

#endif
