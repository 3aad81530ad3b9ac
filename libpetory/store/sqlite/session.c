/* session.c -- the SQLite implementation of petory_session_store: login
 * sessions (refresh-token families), hashed refresh tokens and fixed-window
 * rate-limit counters.
 *
 * Invariant: a refresh token is spent at most once.  Rotation looks the
 * token up and spends it inside one BEGIN IMMEDIATE transaction, so two
 * concurrent rotations of the same token serialise and the second one is
 * detected as reuse, which revokes the whole session.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_internal.h"

typedef struct sqlite_sessions {
	petory_session_store base; /* first */
	petory *db;
} sqlite_sessions;

#define DB_OF(ss) (((sqlite_sessions *)(ss))->db)

static void sessions_free(petory_session_store *ss)
{
	free(ss);
}

static int insert_refresh(petory__conn *conn, const unsigned char hash[32],
	const char *session_id, petory_time_ms now)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_REFRESH_INSERT);
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_blob(s, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, session_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	return petory__step_done(conn, s, 0);
}

static int session_create(petory_session_store *ss, const char *session_id,
	int64_t user_id, const unsigned char refresh_hash[32],
	petory_time_ms now, petory_time_ms expires_at)
{
	int error = 0;
	PETORY__WITH_CONN(DB_OF(ss), conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_SESSION_INSERT);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		if ((error = petory__tx_begin(conn)) < 0) {
			petory__stmt_done(s);
			break;
		}
		sqlite3_bind_text(s, 1, session_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, user_id);
		sqlite3_bind_int64(s, 3, now);
		sqlite3_bind_int64(s, 4, expires_at);
		error = petory__step_done(conn, s, 0);
		if (!error)
			error = insert_refresh(
				conn, refresh_hash, session_id, now);
		error = petory__tx_end(conn, error);
	});
	return error;
}

static int session_active(int *active_out, petory_session_store *ss,
	const char *session_id, petory_time_ms now)
{
	int error = 0;
	*active_out = 0;
	PETORY__WITH_CONN(DB_OF(ss), conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_SESSION_ACTIVE);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_text(s, 1, session_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, now);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			*active_out = 1;
		else if (rc != SQLITE_DONE)
			error = petory__sqlite_error(conn, rc, "session");
		petory__stmt_done(s);
	});
	return error;
}

static int revoke_one(
	petory__conn *conn, const char *session_id, petory_time_ms now)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_SESSION_REVOKE);
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_text(s, 1, session_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, now);
	return petory__step_done(conn, s, 0);
}

/* Inside a transaction: classify old_hash and rotate it when valid. */
static int rotate_locked(petory__conn *conn, petory_refresh_result *out,
	const unsigned char old_hash[32], const unsigned char new_hash[32],
	petory_time_ms now)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_REFRESH_LOOKUP);
	sqlite3_stmt *spend;
	int rc, spent, revoked;
	petory_time_ms expires_at;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_blob(s, 1, old_hash, 32, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		petory__stmt_done(s);
		if (rc != SQLITE_DONE)
			return petory__sqlite_error(conn, rc, "refresh");
		out->outcome = PETORY_REFRESH_UNKNOWN;
		return 0;
	}
	snprintf(out->session_id, sizeof(out->session_id), "%s",
		(const char *)sqlite3_column_text(s, 0));
	spent = sqlite3_column_type(s, 1) != SQLITE_NULL;
	out->user_id = sqlite3_column_int64(s, 2);
	revoked = sqlite3_column_type(s, 3) != SQLITE_NULL;
	expires_at = sqlite3_column_int64(s, 4);
	petory__stmt_done(s);

	if (revoked) {
		out->outcome = PETORY_REFRESH_REVOKED;
		return 0;
	}
	if (spent) {
		out->outcome = PETORY_REFRESH_REUSED;
		return revoke_one(conn, out->session_id, now);
	}
	if (expires_at <= now) {
		out->outcome = PETORY_REFRESH_EXPIRED;
		return 0;
	}
	if (!(spend = petory__stmt(conn, PETORY__STMT_REFRESH_SPEND)))
		return petory_error_last()->code;
	sqlite3_bind_blob(spend, 1, old_hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(spend, 2, now);
	if ((rc = petory__step_done(conn, spend, 1)) < 0)
		return rc == PETORY_ENOTFOUND
			       ? petory_error_set(PETORY_EBACKEND, NULL,
					 "refresh token vanished during "
					 "rotation")
			       : rc;
	out->outcome = PETORY_REFRESH_ROTATED;
	return insert_refresh(conn, new_hash, out->session_id, now);
}

static int refresh_rotate(petory_refresh_result *out, petory_session_store *ss,
	const unsigned char old_hash[32], const unsigned char new_hash[32],
	petory_time_ms now)
{
	int error = 0;
	memset(out, 0, sizeof(*out));
	PETORY__WITH_CONN(DB_OF(ss), conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = rotate_locked(conn, out, old_hash, new_hash, now);
		error = petory__tx_end(conn, error);
	});
	return error;
}

static int session_revoke(
	petory_session_store *ss, const char *session_id, petory_time_ms now)
{
	int error = 0;
	PETORY__WITH_CONN(
		DB_OF(ss), conn, error = revoke_one(conn, session_id, now));
	return error;
}

static int session_revoke_user(
	petory_session_store *ss, int64_t user_id, petory_time_ms now)
{
	int error = 0;
	PETORY__WITH_CONN(DB_OF(ss), conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_SESSION_REVOKE_USER);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, user_id);
		sqlite3_bind_int64(s, 2, now);
		error = petory__step_done(conn, s, 0);
	});
	return error;
}

static int session_revoke_user_except(petory_session_store *ss, int64_t user_id,
	const char *keep_session_id, petory_time_ms now)
{
	int error = 0;
	PETORY__WITH_CONN(DB_OF(ss), conn, {
		sqlite3_stmt *s = petory__stmt(
			conn, PETORY__STMT_SESSION_REVOKE_USER_EXCEPT);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, user_id);
		sqlite3_bind_text(s, 2, keep_session_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, now);
		error = petory__step_done(conn, s, 0);
	});
	return error;
}

static int rate_hit(petory_rate_state *out, petory_session_store *ss,
	const char *key, int64_t cost, int64_t window_ms, petory_time_ms now)
{
	int error = 0;
	PETORY__WITH_CONN(DB_OF(ss), conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_RATE_HIT);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, now);
		sqlite3_bind_int64(s, 3, window_ms);
		sqlite3_bind_int64(s, 4, cost);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			out->count = sqlite3_column_int64(s, 0);
			out->window_end = sqlite3_column_int64(s, 1);
		} else {
			error = petory__sqlite_error(conn, rc, "rate_hit");
		}
		petory__stmt_done(s);
	});
	return error;
}

static int purge(petory_session_store *ss, petory_time_ms now)
{
	int error = 0;
	PETORY__WITH_CONN(DB_OF(ss), conn, {
		sqlite3_stmt *a =
			petory__stmt(conn, PETORY__STMT_SESSION_PURGE);
		sqlite3_stmt *b = petory__stmt(conn, PETORY__STMT_RATE_PURGE);
		if (!a || !b) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(a, 1, now);
		sqlite3_bind_int64(b, 1, now);
		if ((error = petory__step_done(conn, a, 0)) == 0)
			error = petory__step_done(conn, b, 0);
		else
			petory__stmt_done(b);
	});
	return error;
}

int petory_sqlite_session_store_new(petory_session_store **out, petory *db)
{
	sqlite_sessions *ss = calloc(1, sizeof(*ss));
	if (!ss)
		return petory__error_oom();
	ss->db = db;
	ss->base = (petory_session_store){
		.version = PETORY_SESSION_STORE_VERSION,
		.name = "sqlite",
		.free = sessions_free,
		.session_create = session_create,
		.session_active = session_active,
		.refresh_rotate = refresh_rotate,
		.session_revoke = session_revoke,
		.session_revoke_user = session_revoke_user,
		.rate_hit = rate_hit,
		.purge = purge,
		.session_revoke_user_except = session_revoke_user_except,
	};
	*out = &ss->base;
	return 0;
}
