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
	"password_hash, token_version"

#define PETORY__SQL_META(X)                                                  \
	X(PING, "SELECT 1")                                                  \
	X(META_GET, "SELECT value FROM meta WHERE key = ?1")                 \
	X(META_PUT_IF_ABSENT, "INSERT INTO meta(key, value) VALUES(?1, ?2) " \
			      "ON CONFLICT(key) DO NOTHING")                 \
	X(OAUTH_STATE_PUT,                                                   \
		"INSERT INTO oauth_states(state, verifier, expires_at) "     \
		"VALUES(?1, ?2, ?3)")                                        \
	X(OAUTH_STATE_TAKE, "DELETE FROM oauth_states WHERE state = ?1 "     \
			    "RETURNING verifier, expires_at")                \
	X(OAUTH_STATE_PURGE, "DELETE FROM oauth_states WHERE expires_at <= " \
			     "?1")

#define PETORY__SQL_USER(X)                                                    \
	X(USER_INSERT,                                                         \
		"INSERT INTO users(email, email_norm, password_hash, "         \
		"nickname, mobile_num, timezone, roles, status, "              \
		"created_at, updated_at, last_login_at, status_changed_at) "   \
		"VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, NULL, ?9)")    \
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
		     " FROM users ORDER BY id DESC LIMIT ?2 OFFSET ?1")        \
	X(USER_COUNT, "SELECT count(*) FROM users")                            \
	X(USER_COUNT_ACTIVE_ADMINS, "SELECT count(*) FROM users WHERE status " \
				    "= 0 AND (roles & 2) != 0")

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

#define PETORY__SQL_RANK(X)                                                   \
	X(RANK_INCR,                                                          \
		"INSERT INTO rank_scores(board, member, score) "              \
		"VALUES(?1, ?2, ?3) ON CONFLICT(board, member) DO UPDATE "    \
		"SET score = score + ?3 RETURNING score")                     \
	X(RANK_TOP, "SELECT member, score FROM rank_scores WHERE board = ?1 " \
		    "ORDER BY score DESC, member ASC LIMIT ?2")               \
	X(RANK_SCORE, "SELECT score FROM rank_scores WHERE board = ?1 AND "   \
		      "member = ?2")                                          \
	X(RANK_CLEAR, "DELETE FROM rank_scores WHERE board = ?1")             \
	X(RANK_SET,                                                           \
		"INSERT OR REPLACE INTO rank_scores(board, member, score) "   \
		"VALUES(?1, ?2, ?3)")                                         \
	X(RANK_REMOVE,                                                        \
		"DELETE FROM rank_scores WHERE board = ?1 AND member = ?2")

#define PETORY__EVENT_COLUMNS                                          \
	"id, user_id, title, description, color, time_zone, all_day, " \
	"start_local, end_local, start_at, end_at, recurrence, "       \
	"remind_before, created_at, updated_at"

#define PETORY__SQL_EVENT(X)                                                   \
	X(EVENT_INSERT,                                                        \
		"INSERT INTO events(user_id, title, description, color, "      \
		"time_zone, all_day, start_local, end_local, start_at, "       \
		"end_at, recurrence, remind_before, created_at, updated_at, "  \
		"series_start, series_end) VALUES(?1, ?2, ?3, ?4, ?5, ?6, "    \
		"?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, ?15)")              \
	X(EVENT_UPDATE,                                                        \
		"UPDATE events SET title = ?3, description = ?4, color = ?5, " \
		"time_zone = ?6, all_day = ?7, start_local = ?8, "             \
		"end_local = ?9, start_at = ?10, end_at = ?11, "               \
		"recurrence = ?12, remind_before = ?13, updated_at = ?14, "    \
		"series_start = ?15, series_end = ?16 "                        \
		"WHERE id = ?1 AND user_id = ?2")                              \
	X(EVENT_GET, "SELECT " PETORY__EVENT_COLUMNS                           \
		     " FROM events WHERE id = ?2 AND user_id = ?1")            \
	X(EVENT_DELETE, "DELETE FROM events WHERE id = ?2 AND user_id = ?1")   \
	X(EVENT_OVERLAPPING,                                                   \
		"SELECT " PETORY__EVENT_COLUMNS " FROM events "                \
		"WHERE user_id = ?1 AND series_start < ?3 AND "                \
		"(series_end IS NULL OR series_end > ?2) ORDER BY id")

#define PETORY__SQL_ALL(X)     \
	PETORY__SQL_META(X)    \
	PETORY__SQL_USER(X)    \
	PETORY__SQL_SESSION(X) \
	PETORY__SQL_RANK(X)    \
	PETORY__SQL_EVENT(X)

typedef enum petory__stmt_id {
#define PETORY__STMT_ENUM(id, sql) PETORY__STMT_##id,
	PETORY__SQL_ALL(PETORY__STMT_ENUM)
#undef PETORY__STMT_ENUM
		PETORY__STMT_COUNT
} petory__stmt_id;

#endif
