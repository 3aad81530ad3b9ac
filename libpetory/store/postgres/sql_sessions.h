/* sql_sessions.h -- the PostgreSQL statements of the session store
 * (store/postgres/session.c; see pg_statements.h for the X-macro's shape).
 *
 * Parameters carry explicit casts: PostgreSQL infers a parameter's type
 * from its first use, and `$2 + $3` alone gives it nothing to go on.
 * SESSION_ROTATE_LOOKUP locks the token's row and its session's row, so
 * concurrent rotations and revocations of one session take turns, and
 * each reads what the one before it committed.
 */
#ifndef PETORY_PG_SQL_SESSIONS_H
#define PETORY_PG_SQL_SESSIONS_H

#define PETORY__PG_SQL_SESSIONS(X)                                             \
	X(SESSION_INSERT,                                                      \
		"INSERT INTO auth_sessions(id, user_id, created_at, "          \
		"expires_at) VALUES($1, $2::bigint, $3::bigint, $4::bigint)")  \
	X(REFRESH_INSERT,                                                      \
		"INSERT INTO refresh_tokens(hash, session_id, created_at) "    \
		"VALUES($1::bytea, $2, $3::bigint)")                           \
	X(SESSION_ACTIVE,                                                      \
		"SELECT 1 FROM auth_sessions WHERE id = $1 AND revoked_at "    \
		"IS NULL AND expires_at > $2::bigint")                         \
	X(SESSION_ROTATE_LOOKUP,                                               \
		"SELECT r.session_id, (r.spent_at IS NOT NULL)::int, "         \
		"s.user_id, (s.revoked_at IS NOT NULL)::int, s.expires_at "    \
		"FROM refresh_tokens "                                         \
		"r JOIN auth_sessions s ON s.id = r.session_id WHERE r.hash "  \
		"= $1::bytea FOR UPDATE")                                      \
	X(REFRESH_SPEND,                                                       \
		"UPDATE refresh_tokens SET spent_at = $2::bigint WHERE hash "  \
		"= $1::bytea AND spent_at IS NULL")                            \
	X(SESSION_REVOKE,                                                      \
		"UPDATE auth_sessions SET revoked_at = $2::bigint WHERE id = " \
		"$1 AND revoked_at IS NULL")                                   \
	X(SESSION_REVOKE_USER,                                                 \
		"UPDATE auth_sessions SET revoked_at = $2::bigint WHERE "      \
		"user_id = $1::bigint AND revoked_at IS NULL")                 \
	X(SESSION_REVOKE_USER_EXCEPT,                                          \
		"UPDATE auth_sessions SET revoked_at = $3::bigint WHERE "      \
		"user_id = $1::bigint AND id <> $2 AND revoked_at IS NULL")    \
	X(RATE_HIT,                                                            \
		"INSERT INTO rate_limits AS l(key, window_end, count) "        \
		"VALUES($1, $2::bigint + $3::bigint, $4::bigint) ON "          \
		"CONFLICT(key) DO UPDATE SET count = CASE WHEN "               \
		"l.window_end <= $2::bigint THEN $4::bigint ELSE l.count + "   \
		"$4::bigint END, window_end = CASE WHEN l.window_end <= "      \
		"$2::bigint THEN $2::bigint + $3::bigint ELSE l.window_end "   \
		"END RETURNING count, window_end")                             \
	X(SESSION_PURGE,                                                       \
		"DELETE FROM auth_sessions WHERE expires_at <= $1::bigint OR " \
		"revoked_at <= $1::bigint - 86400000")                         \
	X(RATE_PURGE, "DELETE FROM rate_limits WHERE window_end <= "           \
		      "$1::bigint")

#endif
