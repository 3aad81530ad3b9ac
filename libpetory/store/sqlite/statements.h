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
 * lng), then the haversine distance in metres from (?8, ?9). */
#define PETORY__PLACE_NEAR                                                   \
	"WITH c AS (SELECT " PETORY__PLACE_COLUMNS ", "                      \
	"12742017.6 * asin(min(1.0, sqrt("                                   \
	"pow(sin(radians(p.latitude - ?8) / 2), 2) + "                       \
	"cos(radians(?8)) * cos(radians(p.latitude)) * "                     \
	"pow(sin(radians(p.longitude - ?9) / 2), 2)))) AS distance "         \
	"FROM places_geo g JOIN places p ON p.id = g.id "                    \
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
	X(REPORT_INSERT,                                                      \
		"INSERT INTO place_reports(place_id, user_id, content, "      \
		"created_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?4)")         \
	X(PLACE_REPORT_ADD, "UPDATE places SET report_count_since_restore = " \
			    "report_count_since_restore + ?2 WHERE id = ?1 "  \
			    "RETURNING report_count_since_restore")           \
	X(PLACE_DEACTIVATE, "UPDATE places SET status = 1, updated_at = ?2 "  \
			    "WHERE id = ?1 AND status = 0")                   \
	X(ADMIN_ALERT_INSERT, "INSERT INTO admin_alerts(kind, place_id, "     \
			      "created_at) VALUES('PLACE_REPORT', ?1, ?2)")   \
	X(REPORT_BY_ID,                                                       \
		"SELECT id, place_id, coalesce(user_id, 0), content, valid, " \
		"counted, reason, created_at FROM place_reports WHERE id = "  \
		"?1")                                                         \
	X(REPORT_CANCEL, "UPDATE place_reports SET valid = 0, counted = 0, "  \
			 "admin_id = ?2, reason = ?3, updated_at = ?4 "       \
			 "WHERE id = ?1 AND valid = 1")                       \
	X(PLACE_REPORTS_UNCOUNT,                                              \
		"UPDATE place_reports SET counted = 0 WHERE place_id = ?1")

#define PETORY__SQL_ALL(X)     \
	PETORY__SQL_META(X)    \
	PETORY__SQL_USER(X)    \
	PETORY__SQL_SESSION(X) \
	PETORY__SQL_RANK(X)    \
	PETORY__SQL_PLACE(X)   \
	PETORY__SQL_REVIEW(X)

typedef enum petory__stmt_id {
#define PETORY__STMT_ENUM(id, sql) PETORY__STMT_##id,
	PETORY__SQL_ALL(PETORY__STMT_ENUM)
#undef PETORY__STMT_ENUM
		PETORY__STMT_COUNT
} petory__stmt_id;

#endif
