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
		       "attached_at = ?3 WHERE key = ?1 AND state = 2")

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

#define PETORY__ALBUM_COLUMNS                                       \
	"a.id, a.owner_id, a.content, a.visibility, a.created_at, " \
	"a.updated_at"
#define PETORY__ALBUM_LIST(where)                                         \
	"SELECT " PETORY__ALBUM_COLUMNS ", i.id, i.file_key, f.private, " \
	"i.created_at FROM albums a LEFT JOIN album_images i ON i.id = "  \
	"(SELECT min(id) FROM album_images WHERE album_id = a.id) "       \
	"LEFT JOIN files f ON f.key = i.file_key WHERE " where            \
	" ORDER BY a.id DESC LIMIT ?4 OFFSET ?3"

#define PETORY__SQL_ALBUM(X)                                                  \
	X(ALBUM_INSERT, "INSERT INTO albums(owner_id, content, visibility, "  \
			"local_date, created_at, updated_at) "                \
			"VALUES(?1, ?2, ?3, ?4, ?5, ?5)")                     \
	X(ALBUM_IMAGE_INSERT, "INSERT INTO album_images(album_id, file_key, " \
			      "created_at) VALUES(?1, ?2, ?3)")               \
	X(ALBUM_GET, "SELECT " PETORY__ALBUM_COLUMNS                          \
		     " FROM albums a WHERE id = ?1")                          \
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

#define PETORY__SQL_ALL(X)     \
	PETORY__SQL_META(X)    \
	PETORY__SQL_USER(X)    \
	PETORY__SQL_SESSION(X) \
	PETORY__SQL_RANK(X)    \
	PETORY__SQL_FILE(X)    \
	PETORY__SQL_PET(X)     \
	PETORY__SQL_ALBUM(X)

typedef enum petory__stmt_id {
#define PETORY__STMT_ENUM(id, sql) PETORY__STMT_##id,
	PETORY__SQL_ALL(PETORY__STMT_ENUM)
#undef PETORY__STMT_ENUM
		PETORY__STMT_COUNT
} petory__stmt_id;

#endif
