/* sql_oauth.h -- the PostgreSQL statements of the OAuth2 methods of the
 * users table (store/postgres/oauth.c): login attempts and login codes,
 * the twins of store/sqlite/statements.h's PETORY__SQL_OAUTH.  Version
 * 1's states have no browser_hash; a bound state is taken only with its
 * hash.
 */
#ifndef PETORY_PG_SQL_OAUTH_H
#define PETORY_PG_SQL_OAUTH_H

#define PETORY__PG_SQL_OAUTH(X)                                             \
	X(OAUTH_STATE_PURGE,                                                \
		"DELETE FROM oauth_states WHERE expires_at <= $1")          \
	X(OAUTH_STATE_PUT,                                                  \
		"INSERT INTO oauth_states(state, verifier, expires_at) "    \
		"VALUES($1, $2, $3)")                                       \
	X(OAUTH_STATE_TAKE, "DELETE FROM oauth_states WHERE state = $1 "    \
			    "AND browser_hash IS NULL "                     \
			    "RETURNING verifier, expires_at")               \
	X(OAUTH_STATE_PUT2,                                                 \
		"INSERT INTO oauth_states(state, verifier, expires_at, "    \
		"browser_hash) VALUES($1, $2, $3, $4)")                     \
	X(OAUTH_STATE_BINDING, "SELECT browser_hash, expires_at FROM "      \
			       "oauth_states WHERE state = $1")             \
	X(OAUTH_STATE_TAKE2, "DELETE FROM oauth_states WHERE state = $1 "   \
			     "AND browser_hash = $2 RETURNING verifier")    \
	X(LOGIN_CODE_PURGE,                                                 \
		"DELETE FROM oauth_login_codes WHERE expires_at <= $1")     \
	X(LOGIN_CODE_PUT,                                                   \
		"INSERT INTO oauth_login_codes(hash, user_id, expires_at) " \
		"SELECT $1, id, $3 FROM users WHERE id = $2")               \
	X(LOGIN_CODE_TAKE, "DELETE FROM oauth_login_codes WHERE hash = $1 " \
			   "RETURNING user_id, expires_at")

#endif
