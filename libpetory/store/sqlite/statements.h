/* statements.h -- every SQL statement of the SQLite backends, by id.
 *
 * Each connection prepares a statement the first time it is used and keeps
 * it for its lifetime (petory__stmt).  The lists are per domain; add a
 * statement to its domain's list and use PETORY__STMT_<ID>.
 */
#ifndef PETORY_SQLITE_STATEMENTS_H
#define PETORY_SQLITE_STATEMENTS_H

#define PETORY__USER_COLUMNS                                         \
	"id, email, nickname, mobile_num, timezone, roles, status, " \
	"created_at, updated_at, last_login_at, status_changed_at, " \
	"password_hash, token_version, email_verified"

#define PETORY__SQL_META(X)                                                  \
	X(PING, "SELECT 1")                                                  \
	X(META_GET, "SELECT value FROM meta WHERE key = ?1")                 \
	X(META_PUT_IF_ABSENT, "INSERT INTO meta(key, value) VALUES(?1, ?2) " \
			      "ON CONFLICT(key) DO NOTHING")                 \
	X(META_REPLACE, "UPDATE meta SET value = ?3 "                        \
			"WHERE key = ?1 AND value = ?2")

/* OAuth2 login attempts and login codes (oauth.c).  Version 1's states
 * have no browser_hash; a bound state is taken only with its hash. */
#define PETORY__SQL_OAUTH(X)                                                 \
	X(OAUTH_STATE_PUT,                                                   \
		"INSERT INTO oauth_states(state, verifier, expires_at) "     \
		"VALUES(?1, ?2, ?3)")                                        \
	X(OAUTH_STATE_TAKE, "DELETE FROM oauth_states WHERE state = ?1 "     \
			    "AND browser_hash IS NULL "                      \
			    "RETURNING verifier, expires_at")                \
	X(OAUTH_STATE_PURGE, "DELETE FROM oauth_states WHERE expires_at <= " \
			     "?1")                                           \
	X(OAUTH_STATE_PUT2,                                                  \
		"INSERT INTO oauth_states(state, verifier, expires_at, "     \
		"browser_hash) VALUES(?1, ?2, ?3, ?4)")                      \
	X(OAUTH_STATE_BINDING, "SELECT browser_hash, expires_at FROM "       \
			       "oauth_states WHERE state = ?1")              \
	X(OAUTH_STATE_TAKE2, "DELETE FROM oauth_states WHERE state = ?1 "    \
			     "AND browser_hash = ?2 RETURNING verifier")     \
	X(LOGIN_CODE_PURGE, "DELETE FROM oauth_login_codes "                 \
			    "WHERE expires_at <= ?1")                        \
	X(LOGIN_CODE_PUT,                                                    \
		"INSERT INTO oauth_login_codes(hash, user_id, expires_at) "  \
		"SELECT ?1, id, ?3 FROM users WHERE id = ?2")                \
	X(LOGIN_CODE_TAKE, "DELETE FROM oauth_login_codes WHERE hash = ?1 "  \
			   "RETURNING user_id, expires_at")

/* ?3: a search text or NULL (every account); instr, not LIKE, so that
 * '%' and '_' are plain characters. */
#define PETORY__USER_MATCH                                      \
	"(?3 IS NULL OR instr(lower(email), lower(?3)) > 0 OR " \
	"instr(lower(nickname), lower(?3)) > 0)"

#define PETORY__SQL_USER(X)                                                    \
	X(USER_INSERT,                                                         \
		"INSERT INTO users(email, email_norm, password_hash, "         \
		"nickname, mobile_num, timezone, roles, status, "              \
		"created_at, updated_at, last_login_at, status_changed_at, "   \
		"email_verified) "                                             \
		"VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, NULL, ?9, "    \
		"?10)")                                                        \
	X(USER_BY_ID,                                                          \
		"SELECT " PETORY__USER_COLUMNS " FROM users WHERE id = ?1")    \
	X(USER_BY_EMAIL, "SELECT " PETORY__USER_COLUMNS                        \
			 " FROM users WHERE email_norm = ?1")                  \
	X(USER_AUTH_STATE, "SELECT status, roles, token_version FROM users "   \
			   "WHERE id = ?1")                                    \
	X(USER_UPDATE_PROFILE,                                                 \
		"UPDATE users SET nickname = coalesce(?2, nickname), "         \
		"mobile_num = CASE WHEN ?3 IS NULL THEN mobile_num "           \
		"WHEN ?3 = '' THEN NULL ELSE ?3 END, "                         \
		"timezone = coalesce(?4, timezone), updated_at = ?5 "          \
		"WHERE id = ?1")                                               \
	X(USER_SET_STATUS,                                                     \
		"UPDATE users SET status = ?3, status_changed_at = ?5, "       \
		"updated_at = ?5, token_version = token_version + ?4 "         \
		"WHERE id = ?1 AND ((1 << status) & ?2) != 0")                 \
	X(USER_SET_ROLES, "UPDATE users SET roles = ?3, updated_at = ?4 "      \
			  "WHERE id = ?1 AND roles = ?2")                      \
	X(USER_RECORD_LOGIN,                                                   \
		"UPDATE users SET last_login_at = ?3, updated_at = ?3, "       \
		"status = CASE WHEN ?2 AND status IN (2, 3) THEN 0 "           \
		"ELSE status END, "                                            \
		"status_changed_at = CASE WHEN ?2 AND status IN (2, 3) "       \
		"THEN ?3 ELSE status_changed_at END WHERE id = ?1")            \
	X(USER_EXISTS, "SELECT 1 FROM users WHERE id = ?1")                    \
	X(USER_LIST, "SELECT " PETORY__USER_COLUMNS                            \
		     " FROM users WHERE " PETORY__USER_MATCH                   \
		     " ORDER BY id DESC LIMIT ?2 OFFSET ?1")                   \
	X(USER_COUNT, "SELECT count(*) FROM users WHERE " PETORY__USER_MATCH)  \
	X(USER_COUNT_ACTIVE_ADMINS, "SELECT count(*) FROM users WHERE status " \
				    "= 0 AND (roles & 2) != 0")

/* Email verification and password reset (store/sqlite/user.c): the
 * account's flags and password, and the hashes of single-use tokens. */
#define PETORY__SQL_ACCOUNT(X)                                                 \
	X(USER_MARK_EMAIL_VERIFIED,                                            \
		"UPDATE users SET email_verified = 1, updated_at = ?2 WHERE "  \
		"id = ?1 AND email_verified = 0")                              \
	X(USER_SET_PASSWORD,                                                   \
		"UPDATE users SET password_hash = ?2, updated_at = ?4, "       \
		"token_version = token_version + ?3 WHERE id = ?1")            \
	X(USER_TAKE_OVER,                                                      \
		"UPDATE users SET password_hash = NULL, email_verified = 1, "  \
		"token_version = token_version + 1, updated_at = ?2 "          \
		"WHERE id = ?1 AND email_verified = 0")                        \
	X(ACCOUNT_TOKEN_PURGE,                                                 \
		"DELETE FROM account_tokens WHERE expires_at <= ?1")           \
	X(ACCOUNT_TOKEN_PUT,                                                   \
		"INSERT INTO account_tokens(hash, purpose, user_id, "          \
		"expires_at, created_at) VALUES(?1, ?2, ?3, ?4, ?5)")          \
	X(ACCOUNT_TOKEN_TAKE,                                                  \
		"DELETE FROM account_tokens WHERE hash = ?1 AND purpose = ?2 " \
		"RETURNING user_id, expires_at")                               \
	X(ACCOUNT_TOKEN_DROP_USER, "DELETE FROM account_tokens WHERE "         \
				   "user_id = ?1 AND purpose = ?2")            \
	X(SESSION_REVOKE_USER_EXCEPT,                                          \
		"UPDATE auth_sessions SET revoked_at = ?3 WHERE user_id = ?1 " \
		"AND id != ?2 AND revoked_at IS NULL")

#define PETORY__SQL_SESSION(X)                                                \
	X(SESSION_INSERT,                                                     \
		"INSERT INTO auth_sessions(id, user_id, created_at, "         \
		"expires_at) VALUES(?1, ?2, ?3, ?4)")                         \
	X(REFRESH_INSERT,                                                     \
		"INSERT INTO refresh_tokens(hash, session_id, created_at) "   \
		"VALUES(?1, ?2, ?3)")                                         \
	X(SESSION_ACTIVE, "SELECT 1 FROM auth_sessions WHERE id = ?1 AND "    \
			  "revoked_at IS NULL AND expires_at > ?2")           \
	X(REFRESH_LOOKUP,                                                     \
		"SELECT r.session_id, r.spent_at, s.user_id, s.revoked_at, "  \
		"s.expires_at FROM refresh_tokens r JOIN auth_sessions s "    \
		"ON s.id = r.session_id WHERE r.hash = ?1")                   \
	X(REFRESH_SPEND,                                                      \
		"UPDATE refresh_tokens SET spent_at = ?2 WHERE hash = ?1 "    \
		"AND spent_at IS NULL")                                       \
	X(SESSION_REVOKE,                                                     \
		"UPDATE auth_sessions SET revoked_at = ?2 WHERE id = ?1 "     \
		"AND revoked_at IS NULL")                                     \
	X(SESSION_REVOKE_USER,                                                \
		"UPDATE auth_sessions SET revoked_at = ?2 WHERE user_id = "   \
		"?1 AND revoked_at IS NULL")                                  \
	X(RATE_HIT, "INSERT INTO rate_limits(key, window_end, count) "        \
		    "VALUES(?1, ?2 + ?3, ?4) ON CONFLICT(key) DO UPDATE SET " \
		    "count = CASE WHEN window_end <= ?2 THEN ?4 "             \
		    "ELSE count + ?4 END, "                                   \
		    "window_end = CASE WHEN window_end <= ?2 THEN ?2 + ?3 "   \
		    "ELSE window_end END RETURNING count, window_end")        \
	X(SESSION_PURGE,                                                      \
		"DELETE FROM auth_sessions WHERE expires_at <= ?1 OR "        \
		"revoked_at <= ?1 - 86400000")                                \
	X(RATE_PURGE, "DELETE FROM rate_limits WHERE window_end <= ?1")

/* The place ranking, derived from places (store/sqlite/place_rank.c):
 * served by the places_rank_all and places_rank_type indexes. */
#define PETORY__SQL_RANK(X)                                                   \
	X(RANK_TOP_ALL,                                                       \
		"SELECT id, like_count FROM places WHERE status = 0 AND "     \
		"like_count > 0 ORDER BY like_count DESC, id LIMIT ?1")       \
	X(RANK_TOP_TYPE,                                                      \
		"SELECT id, like_count FROM places WHERE type = ?1 AND "      \
		"status = 0 AND like_count > 0 ORDER BY like_count DESC, id " \
		"LIMIT ?2")                                                   \
	X(RANK_SCORE,                                                         \
		"SELECT like_count FROM places WHERE id = ?1 AND status = 0 " \
		"AND like_count > 0 AND (?2 IS NULL OR type = ?2)")

#define PETORY__EVENT_COLUMNS                                          \
	"id, user_id, title, description, color, time_zone, all_day, " \
	"start_local, end_local, start_at, end_at, recurrence, "       \
	"remind_before, created_at, updated_at, pet_id"

#define PETORY__SQL_EVENT(X)                                                   \
	X(EVENT_INSERT,                                                        \
		"INSERT INTO events(user_id, title, description, color, "      \
		"time_zone, all_day, start_local, end_local, start_at, "       \
		"end_at, recurrence, remind_before, created_at, updated_at, "  \
		"series_start, series_end, pet_id) VALUES(?1, ?2, ?3, ?4, "    \
		"?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, ?15, ?16)") \
	X(EVENT_UPDATE,                                                        \
		"UPDATE events SET title = ?3, description = ?4, color = ?5, " \
		"time_zone = ?6, all_day = ?7, start_local = ?8, "             \
		"end_local = ?9, start_at = ?10, end_at = ?11, "               \
		"recurrence = ?12, remind_before = ?13, updated_at = ?14, "    \
		"series_start = ?15, series_end = ?16, pet_id = ?17 "          \
		"WHERE id = ?1 AND user_id = ?2")                              \
	X(EVENT_GET, "SELECT " PETORY__EVENT_COLUMNS                           \
		     " FROM events WHERE id = ?2 AND user_id = ?1")            \
	X(EVENT_DELETE, "DELETE FROM events WHERE id = ?2 AND user_id = ?1")   \
	X(EVENT_COUNT_OF_USER,                                                 \
		"SELECT COUNT(*) FROM events WHERE user_id = ?1")              \
	X(EVENT_OVERLAPPING,                                                   \
		"SELECT " PETORY__EVENT_COLUMNS " FROM events "                \
		"WHERE user_id = ?1 AND series_start < ?3 AND "                \
		"(series_end IS NULL OR series_end >= ?2) ORDER BY id")        \
	X(EVENT_REMINDING,                                                     \
		"SELECT " PETORY__EVENT_COLUMNS " FROM events "                \
		"WHERE remind_before IS NOT NULL AND series_start < ?2 AND "   \
		"(series_end IS NULL OR series_end > ?1) AND user_id IN "      \
		"(SELECT id FROM users WHERE status = 0) ORDER BY id")         \
	X(PET_BIRTHDAYS,                                                       \
		"SELECT p.id, p.owner_id, p.name, p.birthday, u.timezone "     \
		"FROM pets p JOIN users u ON u.id = p.owner_id "               \
		"WHERE p.deleted_at IS NULL AND p.birthday IS NOT NULL AND "   \
		"u.status = 0 AND substr(p.birthday, 6, 5) IN (?1, ?2, ?3, "   \
		"?4) "                                                         \
		"ORDER BY p.id")                                               \
	X(PET_DDAY_MARK, "INSERT INTO pet_ddays(pet_id, day, sent_at) "        \
			 "VALUES(?1, ?2, ?3) ON CONFLICT DO NOTHING")          \
	X(EVENT_REMINDER_MARK,                                                 \
		"INSERT INTO event_reminders(event_id, occurrence_start, "     \
		"sent_at) VALUES(?1, ?2, ?3) ON CONFLICT DO NOTHING")

#define PETORY__DQ_COLUMNS                                                  \
	"id, date, question, question_en, status, created_at, updated_at, " \
	"deleted_at"
#define PETORY__DA_COLUMNS                                            \
	"id, question_id, user_id, answer, day, status, created_at, " \
	"updated_at, deleted_at"

#define PETORY__SQL_DAILY(X)                                                   \
	X(NOTIFICATION_INSERT,                                                 \
		"INSERT INTO notifications(user_id, type, content, link, "     \
		"created_at) VALUES(?1, ?2, ?3, ?4, ?5)")                      \
	X(NOTIFICATION_LIST,                                                   \
		"SELECT id, user_id, type, content, link, read_at, "           \
		"created_at FROM notifications WHERE user_id = ?1 AND "        \
		"(?2 = 0 OR read_at IS NULL) ORDER BY id DESC "                \
		"LIMIT ?4 OFFSET ?3")                                          \
	X(NOTIFICATION_COUNT,                                                  \
		"SELECT count(*), count(*) FILTER (WHERE read_at IS NULL) "    \
		"FROM notifications WHERE user_id = ?1")                       \
	X(NOTIFICATION_READ,                                                   \
		"UPDATE notifications SET read_at = coalesce(read_at, ?3) "    \
		"WHERE id = ?2 AND user_id = ?1")                              \
	X(NOTIFICATION_READ_ALL,                                               \
		"UPDATE notifications SET read_at = ?2 WHERE user_id = ?1 "    \
		"AND read_at IS NULL")                                         \
	X(NOTIFICATION_DELETE, "DELETE FROM notifications WHERE id = ?2 AND "  \
			       "(?1 = 0 OR user_id = ?1)")                     \
	X(NOTIFICATION_FANOUT,                                                 \
		"INSERT OR IGNORE INTO notifications(user_id, type, "          \
		"content, link, day, created_at) SELECT id, 0, ?1, ?2, ?3, "   \
		"?4 FROM users u WHERE status = 0 AND id BETWEEN ?5 AND ?6 "   \
		"AND NOT EXISTS (SELECT 1 FROM notifications n WHERE "         \
		"n.user_id = u.id AND n.type = 0 AND n.day = ?3)")             \
	X(USER_MAX_ID, "SELECT coalesce(max(id), 0) FROM users")               \
	X(NOTIFICATION_PURGE,                                                  \
		"DELETE FROM notifications WHERE created_at < ?1")             \
	X(JOB_RUN_GET, "SELECT 1 FROM job_runs WHERE job = ?1 AND day = ?2")   \
	X(JOB_RUN_PUT,                                                         \
		"INSERT INTO job_runs(job, day, finished_at, affected) "       \
		"VALUES(?1, ?2, ?3, ?4) ON CONFLICT(job, day) DO NOTHING")     \
	X(DQ_LOAD,                                                             \
		"INSERT INTO daily_questions(date, question, question_en, "    \
		"status, created_at, updated_at) VALUES(?1, ?2, ?3, 0, ?4, "   \
		"?4) ON CONFLICT(date) DO NOTHING")                            \
	X(DQ_INSERT,                                                           \
		"INSERT INTO daily_questions(date, question, question_en, "    \
		"status, created_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, "  \
		"?5)")                                                         \
	X(DQ_BY_ID, "SELECT " PETORY__DQ_COLUMNS                               \
		    " FROM daily_questions WHERE id = ?1")                     \
	X(DQ_BY_DATE, "SELECT " PETORY__DQ_COLUMNS                             \
		      " FROM daily_questions WHERE date = ?1")                 \
	X(DQ_UPDATE, "UPDATE daily_questions SET date = ?2, question = ?3, "   \
		     "question_en = ?4, updated_at = ?5 WHERE id = ?1 AND "    \
		     "((1 << status) & ?6) != 0")                              \
	X(DQ_SET_STATUS,                                                       \
		"UPDATE daily_questions SET status = ?3, updated_at = ?4, "    \
		"deleted_at = CASE WHEN ?3 = 2 THEN ?4 ELSE NULL END "         \
		"WHERE id = ?1 AND ((1 << status) & ?2) != 0")                 \
	X(DQ_COUNT, "SELECT count(*) FROM daily_questions WHERE "              \
		    "((1 << status) & ?1) != 0")                               \
	X(DQ_LIST_BY_DATE, "SELECT " PETORY__DQ_COLUMNS                        \
			   " FROM daily_questions WHERE ((1 << status) & "     \
			   "?1) != 0 ORDER BY date, id LIMIT ?3 OFFSET ?2")    \
	X(DQ_LIST_BY_CHANGE,                                                   \
		"SELECT " PETORY__DQ_COLUMNS                                   \
		" FROM daily_questions WHERE ((1 << status) & ?1) != 0 "       \
		"ORDER BY updated_at, id LIMIT ?3 OFFSET ?2")                  \
	X(DA_INSERT,                                                           \
		"INSERT INTO daily_answers(question_id, user_id, answer, "     \
		"day, status, created_at, updated_at) VALUES(?1, ?2, ?3, "     \
		"?4, 0, ?5, ?5)")                                              \
	X(DA_BY_ID, "SELECT " PETORY__DA_COLUMNS                               \
		    " FROM daily_answers WHERE id = ?1")                       \
	X(DA_UPDATE_TEXT,                                                      \
		"UPDATE daily_answers SET answer = ?3, updated_at = ?4 "       \
		"WHERE id = ?1 AND ((1 << status) & ?2) != 0")                 \
	X(DA_SET_STATUS,                                                       \
		"UPDATE daily_answers SET status = ?3, updated_at = ?4, "      \
		"deleted_at = CASE WHEN ?3 = 2 THEN ?4 ELSE NULL END "         \
		"WHERE id = ?1 AND ((1 << status) & ?2) != 0")                 \
	X(DA_COUNT, "SELECT count(*) FROM daily_answers WHERE user_id = ?1 "   \
		    "AND (?2 = 0 OR question_id = ?2) AND status = ?3")        \
	X(DA_LIST, "SELECT " PETORY__DA_COLUMNS                                \
		   " FROM daily_answers WHERE user_id = ?1 AND (?2 = 0 OR "    \
		   "question_id = ?2) AND status = ?3 ORDER BY created_at "    \
		   "DESC, id DESC LIMIT ?5 OFFSET ?4")                         \
	X(LC_WARN_QUEUE,                                                       \
		"INSERT INTO outbox(kind, payload, next_attempt_at, "          \
		"created_at) SELECT 'MAIL', json_object('to', email, "         \
		"'subject', ?4, 'body', ?5 || nickname || ?6), ?1, ?1 FROM "   \
		"users u WHERE status = 0 AND coalesce(last_login_at, "        \
		"created_at) < ?2 AND coalesce(last_login_at, created_at) "    \
		">= ?3 AND NOT EXISTS (SELECT 1 FROM lifecycle_mails m "       \
		"WHERE m.user_id = u.id AND m.kind = 'IDLE_WARNING' AND "      \
		"m.basis = coalesce(u.last_login_at, u.created_at))")          \
	X(LC_WARN_MARK,                                                        \
		"INSERT OR IGNORE INTO lifecycle_mails(user_id, kind, basis) " \
		"SELECT id, 'IDLE_WARNING', coalesce(last_login_at, "          \
		"created_at) FROM users WHERE status = 0 AND "                 \
		"coalesce(last_login_at, created_at) < ?1 AND "                \
		"coalesce(last_login_at, created_at) >= ?2")                   \
	X(LC_REVOKE,                                                           \
		"UPDATE auth_sessions SET revoked_at = ?1 WHERE revoked_at "   \
		"IS NULL AND user_id IN (SELECT id FROM users WHERE status "   \
		"= 0 AND coalesce(last_login_at, created_at) < ?2)")           \
	X(LC_DEACTIVATE,                                                       \
		"UPDATE users SET status = 2, status_changed_at = ?1, "        \
		"updated_at = ?1, token_version = token_version + 1 WHERE "    \
		"status = 0 AND coalesce(last_login_at, created_at) < ?2")     \
	X(LC_UNLIKE_REMOVED,                                                   \
		"UPDATE places SET like_count = like_count - (SELECT "         \
		"count(*) "                                                    \
		"FROM place_likes l JOIN users u ON u.id = l.user_id WHERE "   \
		"l.place_id = places.id AND u.status IN (2, 3) AND "           \
		"u.status_changed_at < ?1) WHERE id IN (SELECT l.place_id "    \
		"FROM place_likes l JOIN users u ON u.id = l.user_id WHERE "   \
		"u.status IN (2, 3) AND u.status_changed_at < ?1)")            \
	X(LC_REMOVED_FILES, "SELECT f.key FROM files f JOIN users u ON "       \
			    "u.id = f.owner_id WHERE u.status IN (2, 3) AND "  \
			    "u.status_changed_at < ?1")                        \
	X(LC_REMOVE, "DELETE FROM users WHERE status IN (2, 3) AND "           \
		     "status_changed_at < ?1")                                 \
	X(LC_UNSUSPEND,                                                        \
		"UPDATE users SET status = 0, status_changed_at = ?1, "        \
		"updated_at = ?1 WHERE status = 1 AND status_changed_at < ?2") \
	X(OUTBOX_INSERT, "INSERT INTO outbox(kind, payload, next_attempt_at, " \
			 "created_at) VALUES(?1, ?2, ?3, ?3)")                 \
	X(OUTBOX_CLAIM,                                                        \
		"UPDATE outbox SET next_attempt_at = ?3 WHERE id IN (SELECT "  \
		"id FROM outbox WHERE delivered_at IS NULL AND "               \
		"next_attempt_at <= ?2 AND ((1 << CASE kind WHEN 'MAIL' "      \
		"THEN 0 ELSE 1 END) & ?1) != 0 ORDER BY next_attempt_at, id "  \
		"LIMIT ?4) RETURNING id, kind, payload, attempts")             \
	X(OUTBOX_DELIVERED,                                                    \
		"UPDATE outbox SET delivered_at = ?2, attempts = attempts + "  \
		"1, last_error = NULL WHERE id = ?1")                          \
	X(OUTBOX_FAILED,                                                       \
		"UPDATE outbox SET attempts = attempts + 1, last_error = ?2, " \
		"next_attempt_at = ?3 WHERE id = ?1")                          \
	X(OUTBOX_BACKLOG,                                                      \
		"SELECT count(*), coalesce(min(created_at), 0) FROM outbox "   \
		"WHERE delivered_at IS NULL")                                  \
	X(JOB_RUN_LAST,                                                        \
		"SELECT job, max(finished_at) FROM job_runs GROUP BY job")
#define PETORY__PLACE_COLUMNS                                                \
	"p.id, p.name, p.info, p.type, p.address, p.latitude, p.longitude, " \
	"p.status, p.like_count, p.review_count, p.rating_sum, "             \
	"coalesce(p.created_by, 0), p.created_at, p.updated_at"

/* Filters shared by the searches: ?1 name pattern, ?2 address pattern,
 * ?3 type (NULL: every type). */
#define PETORY__PLACE_FILTERS                                          \
	"p.status = 0 AND (?1 IS NULL OR p.name LIKE ?1 ESCAPE '\\') " \
	"AND (?2 IS NULL OR p.address LIKE ?2 ESCAPE '\\') "           \
	"AND (?3 IS NULL OR p.type = ?3)"

/* Candidates of a near search: the R*Tree box ?4..?7 (min/max lat, min/max
 * lng), then the haversine distance in metres from (?8, ?9).  CROSS JOIN
 * keeps the R*Tree the outer loop (a range search, then each place by its
 * key); a plain JOIN lets the planner scan every active place instead. */
#define PETORY__PLACE_NEAR                                                   \
	"WITH c AS (SELECT " PETORY__PLACE_COLUMNS ", "                      \
	"12742017.6 * asin(min(1.0, sqrt("                                   \
	"pow(sin(radians(p.latitude - ?8) / 2), 2) + "                       \
	"cos(radians(?8)) * cos(radians(p.latitude)) * "                     \
	"pow(sin(radians(p.longitude - ?9) / 2), 2)))) AS distance "         \
	"FROM places_geo g CROSS JOIN places p ON p.id = g.id "              \
	"WHERE g.max_lat >= ?4 AND g.min_lat <= ?5 AND g.max_lng >= ?6 AND " \
	"g.min_lng <= ?7 AND " PETORY__PLACE_FILTERS ") "

#define PETORY__SQL_PLACE(X)                                                  \
	X(PLACE_INSERT,                                                       \
		"INSERT INTO places(name, info, type, address, latitude, "    \
		"longitude, created_by, created_at, updated_at, source_key) " \
		"VALUES(?1, ?2, ?3, ?4, ?5, ?6, nullif(?7, 0), ?8, ?8, ?9)")  \
	X(PLACE_GEO_PUT, "INSERT OR REPLACE INTO places_geo(id, min_lat, "    \
			 "max_lat, min_lng, max_lng) "                        \
			 "VALUES(?1, ?2, ?2, ?3, ?3)")                        \
	X(PLACE_BY_ID,                                                        \
		"SELECT " PETORY__PLACE_COLUMNS                               \
		", EXISTS(SELECT 1 FROM place_likes WHERE user_id = "         \
		"?2 AND place_id = p.id) FROM places p WHERE p.id = ?1")      \
	X(PLACE_BY_IDS, "SELECT " PETORY__PLACE_COLUMNS                       \
			" FROM places p WHERE p.id IN (SELECT value FROM "    \
			"json_each(?1)) AND +p.status = 0")                   \
	X(PLACE_UPDATE, "UPDATE places SET name = ?2, info = ?3, type = ?4, " \
			"address = ?5, latitude = ?6, longitude = ?7, "       \
			"updated_at = ?8 WHERE id = ?1")                      \
	X(PLACE_SET_STATUS,                                                   \
		"UPDATE places SET status = ?3, updated_at = ?4, "            \
		"report_count_since_restore = CASE WHEN ?5 THEN 0 "           \
		"ELSE report_count_since_restore END "                        \
		"WHERE id = ?1 AND ((1 << status) & ?2) != 0")                \
	X(PLACE_STATE, "SELECT status, type, like_count FROM places "         \
		       "WHERE id = ?1")                                       \
	X(PLACE_SEARCH, "SELECT " PETORY__PLACE_COLUMNS                       \
			", -1.0 FROM places p WHERE " PETORY__PLACE_FILTERS   \
			" ORDER BY p.id DESC LIMIT ?5 OFFSET ?4")             \
	X(PLACE_SEARCH_COUNT,                                                 \
		"SELECT count(*) FROM places p WHERE " PETORY__PLACE_FILTERS) \
	X(PLACE_NEAR, PETORY__PLACE_NEAR "SELECT * FROM c WHERE distance <= " \
					 "?10 ORDER BY distance, id "         \
					 "LIMIT ?12 OFFSET ?11")              \
	X(PLACE_NEAR_COUNT, PETORY__PLACE_NEAR "SELECT count(*) FROM c "      \
					       "WHERE distance <= ?10")       \
	X(PLACE_LIKE_EXISTS, "SELECT 1 FROM place_likes WHERE user_id = ?1 "  \
			     "AND place_id = ?2")                             \
	X(PLACE_LIKE_INSERT,                                                  \
		"INSERT INTO place_likes(user_id, place_id, created_at) "     \
		"VALUES(?1, ?2, ?3) ON CONFLICT DO NOTHING")                  \
	X(PLACE_LIKE_DELETE, "DELETE FROM place_likes WHERE user_id = ?1 "    \
			     "AND place_id = ?2")                             \
	X(PLACE_LIKE_ADD, "UPDATE places SET like_count = like_count + ?2 "   \
			  "WHERE id = ?1 RETURNING like_count")               \
	X(PLACE_RANK_TRUTH,                                                   \
		"SELECT id, like_count FROM places WHERE status = 0 AND "     \
		"like_count > 0 AND (?1 IS NULL OR type = ?1)")

#define PETORY__REVIEW_COLUMNS                                              \
	"r.id, r.place_id, coalesce(r.user_id, 0), u.nickname, r.content, " \
	"r.rating, r.created_at, r.updated_at, coalesce(r.deleted_at, 0) "  \
	"FROM place_reviews r LEFT JOIN users u ON u.id = r.user_id "

#define PETORY__SQL_REVIEW(X)                                                 \
	X(REVIEW_INSERT,                                                      \
		"INSERT INTO place_reviews(place_id, user_id, content, "      \
		"rating, created_at, updated_at) "                            \
		"VALUES(?1, ?2, ?3, ?4, ?5, ?5)")                             \
	X(PLACE_REVIEW_ADD,                                                   \
		"UPDATE places SET review_count = review_count + ?2, "        \
		"rating_sum = rating_sum + ?3 WHERE id = ?1")                 \
	X(REVIEW_BY_ID, "SELECT " PETORY__REVIEW_COLUMNS "WHERE r.id = ?1")   \
	X(REVIEW_UPDATE,                                                      \
		"UPDATE place_reviews SET content = coalesce(?2, content), "  \
		"rating = coalesce(?3, rating), updated_at = ?4 "             \
		"WHERE id = ?1 AND deleted_at IS NULL")                       \
	X(REVIEW_SET_DELETED,                                                 \
		"UPDATE place_reviews SET deleted_at = ?2, updated_at = ?3 "  \
		"WHERE id = ?1 AND (deleted_at IS NULL) = (?2 IS NOT NULL)")  \
	X(REVIEW_LIST, "SELECT " PETORY__REVIEW_COLUMNS                       \
		       "WHERE r.place_id = ?1 AND r.deleted_at IS NULL "      \
		       "ORDER BY r.id DESC LIMIT ?2")                         \
	X(REVIEW_FEED, "SELECT " PETORY__REVIEW_COLUMNS                       \
		       "WHERE r.place_id = ?1 AND r.deleted_at IS NULL "      \
		       "AND r.id < ?2 "                                       \
		       "ORDER BY r.id DESC LIMIT ?3 OFFSET ?4")               \
	X(REVIEW_COUNT, "SELECT count(*) FROM place_reviews "                 \
			"WHERE place_id = ?1 AND deleted_at IS NULL")         \
	X(REPORT_INSERT,                                                      \
		"INSERT INTO place_reports(place_id, user_id, content, "      \
		"created_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?4)")         \
	X(PLACE_REPORT_ADD, "UPDATE places SET report_count_since_restore = " \
			    "report_count_since_restore + ?2 WHERE id = ?1 "  \
			    "RETURNING report_count_since_restore")           \
	X(PLACE_DEACTIVATE, "UPDATE places SET status = 1, updated_at = ?2 "  \
			    "WHERE id = ?1 AND status = 0")                   \
	X(REPORT_BY_ID,                                                       \
		"SELECT id, place_id, coalesce(user_id, 0), content, valid, " \
		"counted, reason, created_at FROM place_reports WHERE id = "  \
		"?1")                                                         \
	X(REPORT_CANCEL, "UPDATE place_reports SET valid = 0, counted = 0, "  \
			 "admin_id = ?2, reason = ?3, updated_at = ?4 "       \
			 "WHERE id = ?1 AND valid = 1")                       \
	X(PLACE_REPORTS_UNCOUNT,                                              \
		"UPDATE place_reports SET counted = 0 WHERE place_id = ?1")
#define PETORY__FILE_COLUMNS                                      \
	"key, owner_id, purpose, content_type, declared_size, "   \
	"stored_size, state, private, chat_room_id, created_at, " \
	"upload_expires_at, uploaded_at, attached_at"

#define PETORY__SQL_FILE(X)                                                   \
	X(FILE_INSERT,                                                        \
		"INSERT INTO files(key, owner_id, purpose, filename, "        \
		"content_type, declared_size, state, private, chat_room_id, " \
		"created_at, upload_expires_at) "                             \
		"VALUES(?1, ?2, ?3, ?4, ?5, ?6, 0, 1, ?7, ?8, ?9)")           \
	X(FILE_GET,                                                           \
		"SELECT " PETORY__FILE_COLUMNS " FROM files WHERE key = ?1")  \
	X(FILE_SET_STATE, "UPDATE files SET state = ?3, "                     \
			  "stored_size = CASE WHEN ?4 >= 0 THEN ?4 "          \
			  "ELSE stored_size END, "                            \
			  "uploaded_at = CASE WHEN ?3 = 2 THEN ?5 "           \
			  "ELSE uploaded_at END "                             \
			  "WHERE key = ?1 AND ((1 << state) & ?2) != 0")      \
	X(FILE_LIST_STALE, "SELECT key FROM files WHERE state < 3 AND "       \
			   "created_at < ?1 ORDER BY created_at LIMIT ?2")    \
	X(FILE_DELETE_UNATTACHED,                                             \
		"DELETE FROM files WHERE key = ?1 AND state < 3")             \
	X(FILE_ATTACH, "UPDATE files SET state = 3, private = ?2, "           \
		       "attached_at = ?3 WHERE key = ?1 AND state = 2 AND "   \
		       "owner_id = ?4 AND purpose = ?5")

#define PETORY__PET_COLUMNS                                       \
	"p.id, p.owner_id, p.name, p.size, p.species, p.gender, " \
	"p.birthday, p.created_at, p.updated_at, p.deleted_at"

#define PETORY__SQL_PET(X)                                                     \
	X(PET_INSERT,                                                          \
		"INSERT INTO pets(owner_id, name, size, species, gender, "     \
		"birthday, created_at, updated_at) "                           \
		"VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)")                      \
	X(PET_IMAGE_INSERT, "INSERT INTO pet_images(pet_id, file_key, "        \
			    "created_at) VALUES(?1, ?2, ?3)")                  \
	X(PET_GET, "SELECT " PETORY__PET_COLUMNS " FROM pets p WHERE id = ?1") \
	X(PET_IMAGES, "SELECT i.id, i.file_key, f.private, i.created_at "      \
		      "FROM pet_images i JOIN files f ON f.key = i.file_key "  \
		      "WHERE i.pet_id = ?1 ORDER BY i.id")                     \
	X(PET_COUNT, "SELECT count(*) FROM pets WHERE owner_id = ?1 AND "      \
		     "deleted_at IS NULL")                                     \
	X(PET_LIST, "SELECT " PETORY__PET_COLUMNS ", i.id, i.file_key, "       \
		    "f.private, i.created_at FROM pets p "                     \
		    "LEFT JOIN pet_images i ON i.id = "                        \
		    "(SELECT min(id) FROM pet_images WHERE pet_id = p.id) "    \
		    "LEFT JOIN files f ON f.key = i.file_key "                 \
		    "WHERE p.owner_id = ?1 AND p.deleted_at IS NULL "          \
		    "ORDER BY p.id DESC LIMIT ?3 OFFSET ?2")                   \
	X(PET_UPDATE, "UPDATE pets SET name = coalesce(?2, name), "            \
		      "size = CASE WHEN ?3 >= 0 THEN ?3 ELSE size END, "       \
		      "species = coalesce(?4, species), "                      \
		      "gender = CASE WHEN ?5 IS NULL THEN gender "             \
		      "WHEN ?5 = '' THEN NULL ELSE ?5 END, "                   \
		      "birthday = CASE WHEN ?6 IS NULL THEN birthday "         \
		      "WHEN ?6 = '' THEN NULL ELSE ?6 END, updated_at = ?7 "   \
		      "WHERE id = ?1 AND deleted_at IS NULL")                  \
	X(PET_SET_DELETED,                                                     \
		"UPDATE pets SET deleted_at = CASE WHEN ?2 THEN ?3 END, "      \
		"updated_at = ?3 WHERE id = ?1 AND "                           \
		"(deleted_at IS NULL) = (?2 != 0)")                            \
	X(PET_FILES_PRIVATE,                                                   \
		"UPDATE files SET private = ?2 WHERE key IN "                  \
		"(SELECT file_key FROM pet_images WHERE pet_id = ?1)")         \
	X(PET_IMAGE_PET, "SELECT pet_id FROM pet_images WHERE id = ?1")        \
	X(PET_IMAGE_DELETE, "DELETE FROM files WHERE key = "                   \
			    "(SELECT file_key FROM pet_images WHERE id = ?1) " \
			    "RETURNING key")

/* The growth diary: columns 0..7 as pet_growth.c reads them.  A list's
 * bounds are optional: ?2 and ?3 NULL leave the range open. */
#define PETORY__GROWTH_COLUMNS                                      \
	"id, pet_id, day, weight_cg, length_mm, note, created_at, " \
	"updated_at"

#define PETORY__SQL_GROWTH(X)                                                 \
	X(GROWTH_INSERT,                                                      \
		"INSERT INTO pet_growth(pet_id, day, weight_cg, length_mm, "  \
		"note, created_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, "   \
		"?6, ?6)")                                                    \
	X(GROWTH_GET, "SELECT " PETORY__GROWTH_COLUMNS " FROM pet_growth "    \
		      "WHERE id = ?1")                                        \
	X(GROWTH_LIST, "SELECT " PETORY__GROWTH_COLUMNS " FROM pet_growth "   \
		       "WHERE pet_id = ?1 AND (?2 IS NULL OR day >= ?2) AND " \
		       "(?3 IS NULL OR day <= ?3) ORDER BY day")              \
	X(GROWTH_UPDATE, "UPDATE pet_growth SET day = ?2, weight_cg = ?3, "   \
			 "length_mm = ?4, note = ?5, updated_at = ?6 "        \
			 "WHERE id = ?1")                                     \
	X(GROWTH_DELETE, "DELETE FROM pet_growth WHERE id = ?1")

/* Columns 0..6 (6: the owner's nickname, from the join); a list adds its
 * first image at 7..10. */
#define PETORY__ALBUM_COLUMNS                                       \
	"a.id, a.owner_id, a.content, a.visibility, a.created_at, " \
	"a.updated_at, u.nickname"
#define PETORY__ALBUM_FROM \
	" FROM albums a LEFT JOIN users u ON u.id = a.owner_id"
#define PETORY__ALBUM_LIST(where)                                          \
	"SELECT " PETORY__ALBUM_COLUMNS ", i.id, i.file_key, f.private, "  \
	"i.created_at" PETORY__ALBUM_FROM " LEFT JOIN album_images i ON "  \
	"i.id = (SELECT min(id) FROM album_images WHERE album_id = a.id) " \
	"LEFT JOIN files f ON f.key = i.file_key WHERE " where             \
	" ORDER BY a.id DESC LIMIT ?4 OFFSET ?3"

#define PETORY__SQL_ALBUM(X)                                                  \
	X(ALBUM_INSERT, "INSERT INTO albums(owner_id, content, visibility, "  \
			"local_date, created_at, updated_at) "                \
			"VALUES(?1, ?2, ?3, ?4, ?5, ?5)")                     \
	X(ALBUM_IMAGE_INSERT, "INSERT INTO album_images(album_id, file_key, " \
			      "created_at) VALUES(?1, ?2, ?3)")               \
	X(ALBUM_GET, "SELECT " PETORY__ALBUM_COLUMNS PETORY__ALBUM_FROM       \
		     " WHERE a.id = ?1")                                      \
	X(ALBUM_IMAGES,                                                       \
		"SELECT i.id, i.file_key, f.private, i.created_at "           \
		"FROM album_images i JOIN files f ON f.key = i.file_key "     \
		"WHERE i.album_id = ?1 ORDER BY i.id")                        \
	X(ALBUM_COUNT_PUBLIC,                                                 \
		"SELECT count(*) FROM albums WHERE visibility = 0")           \
	X(ALBUM_LIST_PUBLIC, PETORY__ALBUM_LIST("a.visibility = 0"))          \
	X(ALBUM_COUNT_OWNER, "SELECT count(*) FROM albums WHERE "             \
			     "owner_id = ?1 AND (?2 OR visibility = 0)")      \
	X(ALBUM_LIST_OWNER, PETORY__ALBUM_LIST("a.owner_id = ?1 AND "         \
					       "(?2 OR a.visibility = 0)"))   \
	X(ALBUM_UPDATE,                                                       \
		"UPDATE albums SET content = CASE WHEN ?2 IS NULL THEN "      \
		"content WHEN ?2 = '' THEN NULL ELSE ?2 END, "                \
		"visibility = CASE WHEN ?3 >= 0 THEN ?3 ELSE visibility "     \
		"END, updated_at = ?4 WHERE id = ?1")                         \
	X(ALBUM_FILES_PRIVATE,                                                \
		"UPDATE files SET private = "                                 \
		"(SELECT visibility FROM albums WHERE id = ?1) WHERE key IN " \
		"(SELECT file_key FROM album_images WHERE album_id = ?1)")    \
	X(ALBUM_VISIBILITY, "SELECT visibility FROM albums WHERE id = ?1")    \
	X(ALBUM_DELETE_FILES,                                                 \
		"DELETE FROM files WHERE key IN (SELECT file_key FROM "       \
		"album_images WHERE album_id = ?1) RETURNING key")            \
	X(ALBUM_DELETE, "DELETE FROM albums WHERE id = ?1")                   \
	X(ALBUM_IMAGE_ALBUM,                                                  \
		"SELECT album_id FROM album_images WHERE id = ?1")            \
	X(ALBUM_IMAGE_DELETE,                                                 \
		"DELETE FROM files WHERE key = "                              \
		"(SELECT file_key FROM album_images WHERE id = ?1) "          \
		"RETURNING key")

/* Images of places.  PLACE_FIRST_IMAGES: the first image of each place
 * in the JSON array ?1 of ids (columns as PLACE_IMAGES, then place_id). */
#define PETORY__SQL_PLACE_IMAGE(X)                                            \
	X(PLACE_IMAGE_INSERT, "INSERT INTO place_images(place_id, file_key, " \
			      "created_at) VALUES(?1, ?2, ?3)")               \
	X(PLACE_IMAGES,                                                       \
		"SELECT i.id, i.file_key, f.private, i.created_at "           \
		"FROM place_images i JOIN files f ON f.key = i.file_key "     \
		"WHERE i.place_id = ?1 ORDER BY i.id")                        \
	X(PLACE_FIRST_IMAGES,                                                 \
		"SELECT i.id, i.file_key, f.private, i.created_at, "          \
		"i.place_id FROM place_images i JOIN files f ON f.key = "     \
		"i.file_key WHERE i.id IN (SELECT min(id) FROM place_images " \
		"WHERE place_id IN (SELECT value FROM json_each(?1)) "        \
		"GROUP BY place_id)")                                         \
	X(PLACE_IMAGE_DELETE,                                                 \
		"DELETE FROM files WHERE key = (SELECT file_key FROM "        \
		"place_images WHERE id = ?1 AND place_id = ?2) RETURNING key")

/* clang-format off */
/* Owner boards (store/sqlite/board.c).  Columns 0..8 of a post: id,
 * writer_id, nickname, title, content, comment_count, created_at,
 * updated_at, deleted_at; a list adds its first image at 9..12.  List
 * filters: ?1 title substring, ?2 FTS5 query, ?3 title-or-content
 * substring (each NULL: none); ?4 offset, ?5 limit. */
#define PETORY__BOARD_COLUMNS(content)                     \
	"b.id, b.writer_id, u.nickname, b.title, " content \
	", b.comment_count, b.created_at, b.updated_at, b.deleted_at"
#define PETORY__BOARD_FILTER                                         \
	" b.deleted_at IS NULL AND (?1 IS NULL OR "                  \
	"instr(lower(b.title), lower(?1)) > 0) AND (?3 IS NULL OR "  \
	"instr(lower(b.title), lower(?3)) > 0 OR "                   \
	"instr(lower(b.content), lower(?3)) > 0)"
#define PETORY__BOARD_FROM(fts) \
	" FROM " fts "owner_boards b LEFT JOIN users u ON u.id = b.writer_id"
#define PETORY__BOARD_FTS "owner_boards_fts f JOIN "
#define PETORY__BOARD_FTS_WHERE \
	" b.id = f.rowid AND owner_boards_fts MATCH ?2 AND"
#define PETORY__BOARD_LIST(fts, where)                                    \
	"SELECT " PETORY__BOARD_COLUMNS("substr(b.content, 1, 100)")      \
	", i.id, i.file_key, fl.private, i.created_at" PETORY__BOARD_FROM( \
		fts) " LEFT JOIN owner_board_images i ON i.id = (SELECT "  \
		     "min(id) FROM owner_board_images WHERE post_id = "    \
		     "b.id) LEFT JOIN files fl ON fl.key = i.file_key "    \
		     "WHERE" where PETORY__BOARD_FILTER                    \
	" ORDER BY b.id DESC LIMIT ?5 OFFSET ?4"
#define PETORY__COMMENT_SELECT                                         \
	"SELECT c.id, c.post_id, c.writer_id, u.nickname, c.content, " \
	"c.created_at, c.updated_at FROM owner_board_comments c "       \
	"LEFT JOIN users u ON u.id = c.writer_id "

#define PETORY__SQL_BOARD(X)                                                  \
	X(BOARD_INSERT, "INSERT INTO owner_boards(writer_id, title, content, " \
			"created_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?4)")   \
	X(BOARD_IMAGE_INSERT, "INSERT INTO owner_board_images(post_id, "      \
			      "file_key, created_at) VALUES(?1, ?2, ?3)")     \
	X(BOARD_LIVE, "SELECT deleted_at IS NULL FROM owner_boards WHERE "    \
		      "id = ?1")                                              \
	X(BOARD_GET, "SELECT " PETORY__BOARD_COLUMNS(                         \
			     "b.content") PETORY__BOARD_FROM("") " WHERE b.id = ?1") \
	X(BOARD_IMAGES,                                                       \
		"SELECT i.id, i.file_key, f.private, i.created_at "           \
		"FROM owner_board_images i JOIN files f ON f.key = "          \
		"i.file_key WHERE i.post_id = ?1 ORDER BY i.id")              \
	X(BOARD_COUNT,                                                        \
		"SELECT count(*)" PETORY__BOARD_FROM("") " WHERE" PETORY__BOARD_FILTER) \
	X(BOARD_LIST, PETORY__BOARD_LIST("", ""))                             \
	X(BOARD_SEARCH_COUNT,                                                 \
		"SELECT count(*)" PETORY__BOARD_FROM(PETORY__BOARD_FTS)       \
		" WHERE" PETORY__BOARD_FTS_WHERE PETORY__BOARD_FILTER)        \
	X(BOARD_SEARCH,                                                       \
		PETORY__BOARD_LIST(PETORY__BOARD_FTS, PETORY__BOARD_FTS_WHERE)) \
	X(BOARD_UPDATE,                                                       \
		"UPDATE owner_boards SET title = coalesce(?2, title), "       \
		"content = coalesce(?3, content), updated_at = ?4 "           \
		"WHERE id = ?1 AND deleted_at IS NULL")                       \
	X(BOARD_SET_DELETED,                                                  \
		"UPDATE owner_boards SET deleted_at = CASE WHEN ?2 THEN ?3 "  \
		"END, updated_at = ?3 WHERE id = ?1 AND "                     \
		"(deleted_at IS NULL) = (?2 != 0)")                           \
	X(BOARD_FILES_PRIVATE,                                                \
		"UPDATE files SET private = ?2 WHERE key IN (SELECT "         \
		"file_key FROM owner_board_images WHERE post_id = ?1)")       \
	X(BOARD_IMAGE_DELETE,                                                 \
		"DELETE FROM files WHERE key = (SELECT file_key FROM "        \
		"owner_board_images WHERE id = ?1 AND post_id = ?2) "         \
		"RETURNING key")                                              \
	X(BOARD_COMMENT_COUNT_ADD,                                            \
		"UPDATE owner_boards SET comment_count = comment_count + ?2 " \
		"WHERE id = ?1 AND (?2 < 0 OR deleted_at IS NULL)")           \
	X(BOARD_COMMENT_INSERT,                                               \
		"INSERT INTO owner_board_comments(post_id, writer_id, "       \
		"content, created_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?4)") \
	X(BOARD_COMMENT_GET, PETORY__COMMENT_SELECT "WHERE c.id = ?1")        \
	X(BOARD_COMMENTS, PETORY__COMMENT_SELECT "WHERE c.post_id = ?1 "      \
						 "ORDER BY c.id LIMIT ?3 OFFSET ?2") \
	X(BOARD_COMMENT_UPDATE, "UPDATE owner_board_comments SET content = "  \
				"?2, updated_at = ?3 WHERE id = ?1")          \
	X(BOARD_COMMENT_DELETE, "DELETE FROM owner_board_comments WHERE "     \
				"id = ?1 RETURNING post_id")
/* clang-format on */

/* clang-format off */
/* Trade boards (store/sqlite/trade.c).  Columns 0..9 of a listing: id,
 * seller_id, nickname, category, title, content, price, status,
 * created_at, updated_at; a list adds its first image at 10..13.  List
 * parameters: ?1 seller (0: the public list), ?2 category (-1: any),
 * ?3 title-or-content substring (NULL: any), ?4 offset, ?5 limit. */
#define PETORY__TRADE_COLUMNS(content)                                     \
	"t.id, t.seller_id, u.nickname, t.category, t.title, " content     \
	", t.price, t.status, t.created_at, t.updated_at"
#define PETORY__TRADE_FROM                                                 \
	" FROM trade_boards t LEFT JOIN users u ON u.id = t.seller_id"
#define PETORY__TRADE_FILTER                                               \
	" WHERE (CASE WHEN ?1 > 0 THEN t.seller_id = ?1 AND t.status != 4 " \
	"ELSE t.status IN (0, 1, 2) END) AND (?2 < 0 OR t.category = ?2) "  \
	"AND (?3 IS NULL OR instr(lower(t.title), lower(?3)) > 0 OR "      \
	"instr(lower(t.content), lower(?3)) > 0)"

#define PETORY__SQL_TRADE(X)                                                  \
	X(TRADE_INSERT, "INSERT INTO trade_boards(seller_id, category, title, " \
		"content, price, created_at, updated_at) "                     \
		"VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?6)")                          \
	X(TRADE_IMAGE_INSERT, "INSERT INTO trade_board_images(post_id, "       \
		"file_key, created_at) VALUES(?1, ?2, ?3)")                    \
	X(TRADE_GET, "SELECT " PETORY__TRADE_COLUMNS("t.content")              \
		PETORY__TRADE_FROM " WHERE t.id = ?1")                         \
	X(TRADE_IMAGES,                                                        \
		"SELECT i.id, i.file_key, f.private, i.created_at "            \
		"FROM trade_board_images i JOIN files f ON f.key = "           \
		"i.file_key WHERE i.post_id = ?1 ORDER BY i.id")               \
	X(TRADE_COUNT, "SELECT count(*)" PETORY__TRADE_FROM                    \
		PETORY__TRADE_FILTER)                                          \
	X(TRADE_LIST, "SELECT " PETORY__TRADE_COLUMNS(                         \
		"substr(t.content, 1, 30)") ", i.id, i.file_key, fl.private, " \
		"i.created_at" PETORY__TRADE_FROM " LEFT JOIN "                \
		"trade_board_images i ON i.id = (SELECT min(id) FROM "         \
		"trade_board_images WHERE post_id = t.id) LEFT JOIN files fl " \
		"ON fl.key = i.file_key" PETORY__TRADE_FILTER                  \
		" ORDER BY t.id DESC LIMIT ?5 OFFSET ?4")                      \
	X(TRADE_UPDATE,                                                        \
		"UPDATE trade_boards SET category = CASE WHEN ?2 >= 0 THEN ?2 " \
		"ELSE category END, title = coalesce(?3, title), content = "   \
		"coalesce(?4, content), price = CASE WHEN ?5 >= 0 THEN ?5 "    \
		"ELSE price END, updated_at = ?6 WHERE id = ?1 AND status != 4") \
	X(TRADE_SET_STATUS,                                                    \
		"UPDATE trade_boards SET status = ?3, updated_at = ?4 "        \
		"WHERE id = ?1 AND status = ?2")                               \
	X(TRADE_STATUS, "SELECT status FROM trade_boards WHERE id = ?1")       \
	X(TRADE_FILES_PRIVATE,                                                 \
		"UPDATE files SET private = (SELECT status IN (3, 4) FROM "    \
		"trade_boards WHERE id = ?1) WHERE key IN (SELECT file_key "   \
		"FROM trade_board_images WHERE post_id = ?1)")                 \
	X(TRADE_IMAGE_DELETE,                                                  \
		"DELETE FROM files WHERE key = (SELECT file_key FROM "         \
		"trade_board_images WHERE id = ?1 AND post_id = ?2) "          \
		"RETURNING key")

/* Chat (store/sqlite/chat.c).  A message is 8 columns: id, room_id,
 * sender_id, sender nickname, type, content, client_msg_id, created_at.
 * A room as viewer V sees it: id, trade_board_id, listing title,
 * seller_id, customer_id, opponent id, opponent nickname, V's unread
 * count, V is a member, created_at, activity_at, then its last message
 * (columns 11..18, NULL before the first). */
#define PETORY__CHAT_MESSAGE_COLUMNS(m, u)                                  \
	m ".id, " m ".room_id, " m ".sender_id, " u ".nickname, " m ".type, " \
	m ".content, " m ".client_msg_id, " m ".created_at"
#define PETORY__CHAT_OPPONENT(v)                                            \
	"(CASE WHEN r.seller_id = " v " THEN r.customer_id ELSE r.seller_id " \
	"END)"
#define PETORY__CHAT_ROOM_SELECT(v)                                         \
	"SELECT r.id, r.trade_board_id, t.title, r.seller_id, r.customer_id, " \
	PETORY__CHAT_OPPONENT(v) ", ou.nickname, coalesce(me.unread, 0), "  \
	"me.user_id IS NOT NULL, r.created_at, r.activity_at, "             \
	PETORY__CHAT_MESSAGE_COLUMNS("lm", "lu")                            \
	" FROM chat_rooms r JOIN trade_boards t ON t.id = r.trade_board_id " \
	"LEFT JOIN chat_members me ON me.room_id = r.id AND me.user_id = " v \
	" LEFT JOIN users ou ON ou.id = " PETORY__CHAT_OPPONENT(v)          \
	" LEFT JOIN chat_messages lm ON lm.id = r.last_message_id "         \
	"LEFT JOIN users lu ON lu.id = lm.sender_id "
#define PETORY__CHAT_MESSAGE_SELECT                                         \
	"SELECT " PETORY__CHAT_MESSAGE_COLUMNS("m", "u")                    \
	" FROM chat_messages m LEFT JOIN users u ON u.id = m.sender_id "

#define PETORY__SQL_CHAT(X)                                                   \
	X(CHAT_ROOM_INSERT, "INSERT INTO chat_rooms(trade_board_id, seller_id, " \
		"customer_id, activity_at, created_at) VALUES(?1, ?2, ?3, ?4, " \
		"?4) ON CONFLICT(trade_board_id, customer_id) DO NOTHING")     \
	X(CHAT_ROOM_FIND, "SELECT id FROM chat_rooms WHERE trade_board_id = " \
		"?1 AND customer_id = ?2")                                     \
	X(CHAT_MEMBER_INSERT, "INSERT INTO chat_members(room_id, user_id) "    \
		"VALUES(?1, ?2) ON CONFLICT DO NOTHING")                       \
	X(CHAT_MEMBER_SET_HIDDEN, "UPDATE chat_members SET hidden = ?3 "       \
		"WHERE room_id = ?1 AND user_id = ?2")                         \
	X(CHAT_MEMBER_READ, "UPDATE chat_members SET unread = 0, "             \
		"last_read_id = (SELECT last_message_id FROM chat_rooms WHERE " \
		"id = ?1) WHERE room_id = ?1 AND user_id = ?2")                \
	X(CHAT_ROOM_GET, PETORY__CHAT_ROOM_SELECT("?2") "WHERE r.id = ?1")     \
	X(CHAT_ROOM_COUNT, "SELECT count(*) FROM chat_members WHERE user_id = " \
		"?1 AND hidden = 0")                                           \
	X(CHAT_ROOM_LIST, PETORY__CHAT_ROOM_SELECT("?1") "WHERE r.id IN "      \
		"(SELECT room_id FROM chat_members WHERE user_id = ?1 AND "    \
		"hidden = 0) ORDER BY r.activity_at DESC, r.id DESC LIMIT ?3 " \
		"OFFSET ?2")                                                   \
	X(CHAT_MESSAGES, PETORY__CHAT_MESSAGE_SELECT "WHERE m.room_id = ?1 "   \
		"AND (?2 = 0 OR m.id < ?2) ORDER BY m.id DESC LIMIT ?3")       \
	X(CHAT_MESSAGE_GET, PETORY__CHAT_MESSAGE_SELECT "WHERE m.id = ?1")     \
	X(CHAT_MESSAGE_BY_CLIENT, "SELECT id FROM chat_messages WHERE "        \
		"room_id = ?1 AND sender_id = ?2 AND client_msg_id = ?3")      \
	X(CHAT_MESSAGE_INSERT, "INSERT INTO chat_messages(room_id, sender_id, " \
		"type, content, client_msg_id, created_at) VALUES(?1, ?2, ?3, " \
		"?4, ?5, ?6)")                                                 \
	X(CHAT_ROOM_TOUCH, "UPDATE chat_rooms SET last_message_id = ?2, "      \
		"activity_at = ?3 WHERE id = ?1")                              \
	X(CHAT_MEMBERS_ON_MESSAGE, "UPDATE chat_members SET hidden = 0, "      \
		"unread = CASE WHEN user_id = ?2 THEN 0 ELSE unread + 1 END, " \
		"last_read_id = CASE WHEN user_id = ?2 THEN ?3 ELSE "          \
		"last_read_id END WHERE room_id = ?1")                         \
	X(CHAT_NOTIFY_UNLESS_UNREAD, "INSERT INTO notifications(user_id, "     \
		"type, content, link, created_at) SELECT ?1, ?2, ?3, ?4, ?5 "  \
		"WHERE NOT EXISTS (SELECT 1 FROM notifications WHERE user_id " \
		"= ?1 AND type = ?2 AND link IS ?4 AND read_at IS NULL)")
/* clang-format on */

/* Lost pets (lost_pet.c).  An alert is columns 0..13
 * (PETORY__LOST_PET_COLUMNS); a near list adds its distance at 14.
 * PETORY__HAVERSINE(lat, lng, plat, plng): metres on the mean Earth
 * sphere (6371008.8 m), as places and the PostgreSQL twin compute it.
 * Areas' R*Tree ids are user_id * 2 + part (an area's box that crosses
 * the antimeridian is cut in two parts). */
#define PETORY__HAVERSINE(lat, lng, plat, plng)             \
	"(12742017.6 * asin(min(1.0, sqrt("                 \
	"pow(sin(radians(" lat " - " plat ") / 2), 2) + "   \
	"cos(radians(" plat ")) * cos(radians(" lat ")) * " \
	"pow(sin(radians(" lng " - " plng ") / 2), 2)))))"
#define PETORY__LOST_PET_COLUMNS                                              \
	"l.id, l.pet_id, l.owner_id, p.name, p.species, l.status, "           \
	"l.last_seen_at, l.latitude, l.longitude, l.description, l.contact, " \
	"l.alerted_count, l.created_at, l.closed_at"
/* ?1 latitude, ?2 longitude, ?3 the owner (never alerted).  Hook for
 * blocking (issue 14): exclude users who blocked the owner or whom the
 * owner blocked here, in this one WHERE that every match uses. */
#define PETORY__LOST_PET_MATCH                                           \
	"SELECT DISTINCT a.user_id FROM alert_areas_geo g "              \
	"CROSS JOIN alert_areas a ON a.user_id = g.id / 2 "              \
	"JOIN users u ON u.id = a.user_id "                              \
	"WHERE g.min_lat <= ?1 AND g.max_lat >= ?1 AND g.min_lng <= ?2 " \
	"AND g.max_lng >= ?2 AND a.enabled = 1 AND u.status = 0 "        \
	"AND a.user_id != ?3 AND " PETORY__HAVERSINE(                    \
		"a.latitude", "a.longitude", "?1", "?2") " <= a.radius_m"
#define PETORY__LOST_PET_NEAR                                                \
	"WITH c AS (SELECT " PETORY__LOST_PET_COLUMNS                        \
	", " PETORY__HAVERSINE("l.latitude", "l.longitude", "?1",            \
		"?2") " AS distance FROM lost_pets l JOIN pets p ON p.id = " \
		      "l.pet_id "                                            \
		      "WHERE l.status = 0 AND l.latitude BETWEEN ?3 AND ?4) "

#define PETORY__SQL_LOST_PET(X)                                                \
	X(ALERT_AREA_PUT,                                                      \
		"INSERT INTO alert_areas(user_id, latitude, longitude, "       \
		"radius_m, enabled, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, "   \
		"?6) "                                                         \
		"ON CONFLICT(user_id) DO UPDATE SET latitude = ?2, "           \
		"longitude = ?3, radius_m = ?4, enabled = ?5, updated_at = "   \
		"?6")                                                          \
	X(ALERT_AREA_GEO_CLEAR, "DELETE FROM alert_areas_geo WHERE id IN "     \
				"(?1 * 2, ?1 * 2 + 1)")                        \
	X(ALERT_AREA_GEO_PUT, "INSERT INTO alert_areas_geo(id, min_lat, "      \
			      "max_lat, min_lng, max_lng) "                    \
			      "VALUES(?1, ?2, ?3, ?4, ?5)")                    \
	X(ALERT_AREA_GET, "SELECT user_id, latitude, longitude, radius_m, "    \
			  "enabled, updated_at FROM alert_areas "              \
			  "WHERE user_id = ?1")                                \
	X(ALERT_AREA_DELETE, "DELETE FROM alert_areas WHERE user_id = ?1")     \
	X(LOST_PET_MATCH, PETORY__LOST_PET_MATCH " ORDER BY a.user_id")        \
	X(LOST_PET_INSERT,                                                     \
		"INSERT INTO lost_pets(pet_id, owner_id, last_seen_at, "       \
		"latitude, longitude, description, contact, created_at) "      \
		"VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")                      \
	X(LOST_PET_IMAGE_INSERT,                                               \
		"INSERT INTO lost_pet_images(alert_id, file_key, created_at) " \
		"VALUES(?1, ?2, ?3)")                                          \
	X(LOST_PET_ALERTED_INSERT,                                             \
		"INSERT INTO lost_pet_alerted(alert_id, user_id) "             \
		"SELECT ?4, user_id FROM (" PETORY__LOST_PET_MATCH ")")        \
	X(LOST_PET_NOTIFY_ALERTED,                                             \
		"INSERT INTO notifications(user_id, type, content, link, "     \
		"created_at) SELECT user_id, ?2, ?3, ?4 || ?1, ?5 "            \
		"FROM lost_pet_alerted WHERE alert_id = ?1 ORDER BY user_id "  \
		"RETURNING id, user_id")                                       \
	X(LOST_PET_SET_ALERTED, "UPDATE lost_pets SET alerted_count = "        \
				"(SELECT count(*) FROM lost_pet_alerted "      \
				"WHERE alert_id = ?1) WHERE id = ?1 "          \
				"RETURNING alerted_count")                     \
	X(LOST_PET_GET, "SELECT " PETORY__LOST_PET_COLUMNS " FROM lost_pets "  \
			"l JOIN pets p ON p.id = l.pet_id WHERE l.id = ?1")    \
	X(LOST_PET_IMAGES,                                                     \
		"SELECT i.id, i.file_key, f.private, i.created_at "            \
		"FROM lost_pet_images i JOIN files f ON f.key = i.file_key "   \
		"WHERE i.alert_id = ?1 AND i.sighting_id IS NULL ORDER BY "    \
		"i.id")                                                        \
	X(LOST_PET_SIGHTING_IMAGES,                                            \
		"SELECT i.id, i.file_key, f.private, i.created_at "            \
		"FROM lost_pet_images i JOIN files f ON f.key = i.file_key "   \
		"WHERE i.sighting_id = ?1 ORDER BY i.id")                      \
	X(LOST_PET_SIGHTINGS,                                                  \
		"SELECT id, alert_id, coalesce(user_id, 0), latitude, "        \
		"longitude, seen_at, note, created_at FROM "                   \
		"lost_pet_sightings WHERE alert_id = ?1 ORDER BY id DESC")     \
	X(LOST_PET_NEAR, PETORY__LOST_PET_NEAR "SELECT * FROM c WHERE "        \
					       "distance <= ?5 ORDER BY "      \
					       "distance, id LIMIT ?7 "        \
					       "OFFSET ?6")                    \
	X(LOST_PET_NEAR_COUNT, PETORY__LOST_PET_NEAR "SELECT count(*) FROM c " \
						     "WHERE distance <= ?5")   \
	X(LOST_PET_STATE, "SELECT owner_id, status FROM lost_pets "            \
			  "WHERE id = ?1")                                     \
	X(LOST_PET_CLOSE, "UPDATE lost_pets SET status = ?2, closed_at = ?3 "  \
			  "WHERE id = ?1 AND status = 0")                      \
	X(LOST_PET_CANCEL_FOR_PET,                                             \
		"UPDATE lost_pets SET status = 2, closed_at = ?2 "             \
		"WHERE pet_id = ?1 AND status = 0")                            \
	X(LOST_PET_SIGHTING_INSERT,                                            \
		"INSERT INTO lost_pet_sightings(alert_id, user_id, latitude, " \
		"longitude, seen_at, note, created_at) "                       \
		"VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)")                          \
	X(LOST_PET_SIGHTING_IMAGE_INSERT,                                      \
		"INSERT INTO lost_pet_images(alert_id, sighting_id, "          \
		"file_key, "                                                   \
		"created_at) SELECT alert_id, ?1, ?2, ?3 FROM "                \
		"lost_pet_sightings WHERE id = ?1")                            \
	X(LOST_PET_FILE_PUBLIC,                                                \
		"SELECT EXISTS (SELECT 1 FROM lost_pet_images i JOIN "         \
		"lost_pets l ON l.id = i.alert_id WHERE i.file_key = ?1 AND "  \
		"l.status = 0) OR EXISTS (SELECT 1 FROM pet_images i JOIN "    \
		"lost_pets l ON l.pet_id = i.pet_id WHERE i.file_key = ?1 "    \
		"AND l.status = 0)")

#define PETORY__SQL_ALL(X)         \
	PETORY__SQL_META(X)        \
	PETORY__SQL_OAUTH(X)       \
	PETORY__SQL_USER(X)        \
	PETORY__SQL_ACCOUNT(X)     \
	PETORY__SQL_SESSION(X)     \
	PETORY__SQL_RANK(X)        \
	PETORY__SQL_EVENT(X)       \
	PETORY__SQL_DAILY(X)       \
	PETORY__SQL_PLACE(X)       \
	PETORY__SQL_REVIEW(X)      \
	PETORY__SQL_FILE(X)        \
	PETORY__SQL_PET(X)         \
	PETORY__SQL_GROWTH(X)      \
	PETORY__SQL_ALBUM(X)       \
	PETORY__SQL_PLACE_IMAGE(X) \
	PETORY__SQL_BOARD(X)       \
	PETORY__SQL_TRADE(X)       \
	PETORY__SQL_CHAT(X)        \
	PETORY__SQL_LOST_PET(X)

typedef enum petory__stmt_id {
#define PETORY__STMT_ENUM(id, sql) PETORY__STMT_##id,
	PETORY__SQL_ALL(PETORY__STMT_ENUM)
#undef PETORY__STMT_ENUM
		PETORY__STMT_COUNT
} petory__stmt_id;

#endif
