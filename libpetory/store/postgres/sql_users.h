/* sql_users.h -- the PostgreSQL statements of the users table: accounts
 * (its OAuth2 methods' are in sql_oauth.h); see pg_statements.h for the
 * X-macro's shape.
 *
 * A search (USER_*_MATCH) takes $1, the ILIKE pattern '%text%' with '\',
 * '%' and '_' escaped, which the trigram indexes on email and nickname
 * serve, and $2, the text with ASCII letters lower-cased, which keeps the
 * match exact where ILIKE would fold more than ASCII (as SQLite's lower()
 * does not): a row matches when its ASCII-lower-cased column holds $2.
 */
#ifndef PETORY_PG_SQL_USERS_H
#define PETORY_PG_SQL_USERS_H

#include "store/postgres/sql_text.h"

#define PETORY__PG_USER_COLUMNS                                      \
	"id, email, nickname, mobile_num, timezone, roles, status, " \
	"created_at, updated_at, last_login_at, status_changed_at, " \
	"password_hash, token_version, email_verified"

#define PETORY__PG_USER_MATCH                                                \
	"((email ILIKE $1 ESCAPE '\\' AND strpos(" PETORY__PG_ASCII_LOWER(   \
		"email") ", $2) > 0) OR (nickname ILIKE $1 ESCAPE '\\' AND " \
			 "strpos(" PETORY__PG_ASCII_LOWER(                   \
				 "nickname") ", $2) > "                      \
					     "0))"

#define PETORY__PG_SQL_USERS(X)                                                \
	X(USER_INSERT,                                                         \
		"INSERT INTO users(email, email_norm, password_hash, "         \
		"nickname, mobile_num, timezone, roles, status, "              \
		"created_at, updated_at, last_login_at, status_changed_at, "   \
		"email_verified) "                                             \
		"VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, NULL, $9, "    \
		"$10) RETURNING id")                                           \
	X(USER_BY_ID,                                                          \
		"SELECT " PETORY__PG_USER_COLUMNS " FROM users WHERE id = $1") \
	X(USER_BY_EMAIL, "SELECT " PETORY__PG_USER_COLUMNS                     \
			 " FROM users WHERE email_norm = $1")                  \
	X(USER_AUTH_STATE, "SELECT status, roles, token_version FROM users "   \
			   "WHERE id = $1")                                    \
	X(USER_UPDATE_PROFILE,                                                 \
		"UPDATE users SET nickname = coalesce($2, nickname), "         \
		"mobile_num = CASE WHEN $3::text IS NULL THEN mobile_num "     \
		"WHEN $3 = '' THEN NULL ELSE $3 END, "                         \
		"timezone = coalesce($4, timezone), updated_at = $5 "          \
		"WHERE id = $1")                                               \
	X(USER_SET_STATUS,                                                     \
		"UPDATE users SET status = $3, status_changed_at = $5, "       \
		"updated_at = $5, token_version = token_version + $4 "         \
		"WHERE id = $1 AND ((1 << status) & $2) != 0")                 \
	X(USER_SET_ROLES, "UPDATE users SET roles = $3, updated_at = $4 "      \
			  "WHERE id = $1 AND roles = $2")                      \
	X(USER_RECORD_LOGIN,                                                   \
		"UPDATE users SET last_login_at = $3, updated_at = $3, "       \
		"status = CASE WHEN $2 = 1 AND status IN (2, 3) THEN 0 "       \
		"ELSE status END, "                                            \
		"status_changed_at = CASE WHEN $2 = 1 AND status IN (2, 3) "   \
		"THEN $3 ELSE status_changed_at END WHERE id = $1")            \
	X(USER_EXISTS, "SELECT 1 FROM users WHERE id = $1")                    \
	X(USER_COUNT_ALL, "SELECT count(*) FROM users")                        \
	X(USER_LIST_ALL, "SELECT " PETORY__PG_USER_COLUMNS                     \
			 " FROM users ORDER BY id DESC LIMIT $2 OFFSET $1")    \
	X(USER_COUNT_MATCH,                                                    \
		"SELECT count(*) FROM users WHERE " PETORY__PG_USER_MATCH)     \
	X(USER_LIST_MATCH, "SELECT " PETORY__PG_USER_COLUMNS                   \
			   " FROM users WHERE " PETORY__PG_USER_MATCH          \
			   " ORDER BY id DESC LIMIT $4 OFFSET $3")             \
	X(USER_COUNT_ACTIVE_ADMINS, "SELECT count(*) FROM users WHERE status " \
				    "= 0 AND (roles & 2) != 0")

/* Email verification and password reset (store/postgres/user.c): the
 * account's flags and password, and the hashes of single-use tokens. */
#define PETORY__PG_SQL_ACCOUNT(X)                                             \
	X(USER_MARK_EMAIL_VERIFIED,                                           \
		"UPDATE users SET email_verified = 1, updated_at = "          \
		"$2::bigint "                                                 \
		"WHERE id = $1::bigint AND email_verified = 0")               \
	X(USER_SET_PASSWORD,                                                  \
		"UPDATE users SET password_hash = $2, updated_at = "          \
		"$4::bigint, "                                                \
		"token_version = token_version + $3::bigint WHERE id = "      \
		"$1::bigint")                                                 \
	X(USER_TAKE_OVER,                                                     \
		"UPDATE users SET password_hash = NULL, email_verified = 1, " \
		"token_version = token_version + 1, updated_at = $2::bigint " \
		"WHERE id = $1::bigint AND email_verified = 0")               \
	X(ACCOUNT_TOKEN_PURGE,                                                \
		"DELETE FROM account_tokens WHERE expires_at <= $1::bigint")  \
	X(ACCOUNT_TOKEN_PUT,                                                  \
		"INSERT INTO account_tokens(hash, purpose, user_id, "         \
		"expires_at, created_at) VALUES($1::bytea, $2::int, "         \
		"$3::bigint, $4::bigint, $5::bigint)")                        \
	X(ACCOUNT_TOKEN_TAKE,                                                 \
		"DELETE FROM account_tokens WHERE hash = $1::bytea AND "      \
		"purpose = $2::int RETURNING user_id, expires_at")            \
	X(ACCOUNT_TOKEN_DROP_USER,                                            \
		"DELETE FROM account_tokens WHERE user_id = $1::bigint AND "  \
		"purpose = $2::int")

#endif
