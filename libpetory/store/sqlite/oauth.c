/* oauth.c -- the SQLite OAuth2 methods of the users table: login attempts
 * (state -> PKCE verifier, bound to a browser by the hash of its cookie
 * nonce) and single-use login codes (by hash -> account).
 *
 * Invariants: only hashes of the browser nonce and of the login code are
 * stored, never the secrets; a state or a code is taken by one DELETE ...
 * RETURNING, which one taker wins; a state bound to a browser is taken
 * only with that browser's hash (compared with sodium_memcmp before the
 * DELETE, which repeats the match so a racer cannot slip in); a put
 * deletes whatever expired, in its transaction, so the tables hold only
 * live rows however many puts come.  Facts only: ENOTFOUND, EEXISTS.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_internal.h"

#define WITH_CONN PETORY__WITH_STORE_CONN
#define HASH_BYTES PETORY_STORE_OAUTH_HASH_BYTES

static int run_purge(petory__conn *conn, petory__stmt_id id,
	petory_time_ms upto, int64_t *removed)
{
	sqlite3_stmt *s = petory__stmt(conn, id);
	int error;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_int64(s, 1, upto);
	if ((error = petory__step_done(conn, s, 0)) == 0 && removed)
		*removed += sqlite3_changes(conn->db);
	return error;
}

/* Inside a transaction: delete the attempts and codes expired at now. */
static int purge_locked(
	petory__conn *conn, petory_time_ms now, int64_t *removed)
{
	int error =
		run_purge(conn, PETORY__STMT_OAUTH_STATE_PURGE, now, removed);
	return error < 0 ? error
			 : run_purge(conn, PETORY__STMT_LOGIN_CODE_PURGE, now,
				   removed);
}

/* ---- version 1: attempts bound to no browser ---- */

/* Inside a transaction: forget the attempts that were never finished,
 * then store this one. */
static int state_put_locked(petory__conn *conn, const char *state,
	const char *verifier, petory_time_ms expires_at)
{
	sqlite3_stmt *s;
	int error = run_purge(conn, PETORY__STMT_OAUTH_STATE_PURGE,
		expires_at - 3600 * 1000, NULL);
	if (error < 0)
		return error;
	if (!(s = petory__stmt(conn, PETORY__STMT_OAUTH_STATE_PUT)))
		return petory_error_last()->code;
	sqlite3_bind_text(s, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, verifier, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, expires_at);
	return petory__step_done(conn, s, 0);
}

int petory__sqlite_oauth_state_put(petory_store *st, const char *state,
	const char *verifier, petory_time_ms expires_at)
{
	int error = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(conn,
			state_put_locked(conn, state, verifier, expires_at));
	});
	return error;
}

static int no_state(void)
{
	return petory_error_set(
		PETORY_ENOTFOUND, NULL, "no such OAuth2 state, or it expired");
}

int petory__sqlite_oauth_state_take(char **verifier_out, petory_store *st,
	const char *state, petory_time_ms now)
{
	int error = 0;
	*verifier_out = NULL;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_OAUTH_STATE_TAKE);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_text(s, 1, state, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW && sqlite3_column_int64(s, 1) > now)
			error = (*verifier_out = petory__column_strdup(s, 0))
					? 0
					: petory__error_oom();
		else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			error = no_state();
		else
			error = petory__sqlite_error(conn, rc, "oauth_state");
		petory__stmt_done(s);
	});
	return error;
}

/* ---- version 2: attempts bound to a browser, login codes ---- */

static int state_put2_locked(petory__conn *conn, const char *state,
	const char *verifier, const unsigned char *browser_hash,
	petory_time_ms expires_at, petory_time_ms now)
{
	sqlite3_stmt *s;
	int error = purge_locked(conn, now, NULL);
	if (error < 0)
		return error;
	if (!(s = petory__stmt(conn, PETORY__STMT_OAUTH_STATE_PUT2)))
		return petory_error_last()->code;
	sqlite3_bind_text(s, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, verifier, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, expires_at);
	sqlite3_bind_blob(s, 4, browser_hash, HASH_BYTES, SQLITE_STATIC);
	return petory__step_done(conn, s, 0);
}

int petory__sqlite_oauth_state_put2(petory_store *st, const char *state,
	const char *verifier, const unsigned char *browser_hash,
	petory_time_ms expires_at, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(
			conn, state_put2_locked(conn, state, verifier,
				      browser_hash, expires_at, now));
	});
	return error;
}

/* 0 when `state` is live at now and bound to browser_hash, else
 * ENOTFOUND; reads only. */
static int state_bound(petory__conn *conn, const char *state,
	const unsigned char *browser_hash, petory_time_ms now)
{
	sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_OAUTH_STATE_BINDING);
	int rc, error;
	if (!s)
		return petory_error_last()->code;
	sqlite3_bind_text(s, 1, state, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const void *stored = sqlite3_column_blob(s, 0);
		int live = sqlite3_column_int64(s, 1) > now;
		int same = stored && sqlite3_column_bytes(s, 0) == HASH_BYTES &&
			   sodium_memcmp(stored, browser_hash, HASH_BYTES) == 0;
		error = live && same ? 0 : no_state();
	} else if (rc == SQLITE_DONE) {
		error = no_state();
	} else {
		error = petory__sqlite_error(conn, rc, "oauth_state binding");
	}
	petory__stmt_done(s);
	return error;
}

int petory__sqlite_oauth_state_take2(char **verifier_out, petory_store *st,
	const char *state, const unsigned char *browser_hash,
	petory_time_ms now)
{
	int error = 0;
	*verifier_out = NULL;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s;
		int rc;
		if ((error = state_bound(conn, state, browser_hash, now)) < 0)
			break;
		if (!(s = petory__stmt(conn, PETORY__STMT_OAUTH_STATE_TAKE2))) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_text(s, 1, state, -1, SQLITE_STATIC);
		sqlite3_bind_blob(
			s, 2, browser_hash, HASH_BYTES, SQLITE_STATIC);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			error = (*verifier_out = petory__column_strdup(s, 0))
					? 0
					: petory__error_oom();
		else if (rc == SQLITE_DONE) /* a racer took it */
			error = no_state();
		else
			error = petory__sqlite_error(conn, rc, "oauth_state");
		petory__stmt_done(s);
	});
	return error;
}

static int login_code_put_locked(petory__conn *conn,
	const unsigned char *code_hash, int64_t user_id,
	petory_time_ms expires_at, petory_time_ms now)
{
	sqlite3_stmt *s;
	int error = purge_locked(conn, now, NULL);
	if (error < 0)
		return error;
	if (!(s = petory__stmt(conn, PETORY__STMT_LOGIN_CODE_PUT)))
		return petory_error_last()->code;
	sqlite3_bind_blob(s, 1, code_hash, HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, user_id);
	sqlite3_bind_int64(s, 3, expires_at);
	if ((error = petory__step_done(conn, s, 1)) == PETORY_ENOTFOUND)
		error = petory_error_set(PETORY_ENOTFOUND, NULL, "no user %lld",
			(long long)user_id);
	return error;
}

int petory__sqlite_login_code_put(petory_store *st,
	const unsigned char *code_hash, int64_t user_id,
	petory_time_ms expires_at, petory_time_ms now)
{
	int error = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(
			conn, login_code_put_locked(conn, code_hash, user_id,
				      expires_at, now));
	});
	return error;
}

int petory__sqlite_login_code_take(int64_t *user_id_out, petory_store *st,
	const unsigned char *code_hash, petory_time_ms now)
{
	int error = 0;
	*user_id_out = 0;
	WITH_CONN(st, conn, {
		sqlite3_stmt *s =
			petory__stmt(conn, PETORY__STMT_LOGIN_CODE_TAKE);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_blob(s, 1, code_hash, HASH_BYTES, SQLITE_STATIC);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW && sqlite3_column_int64(s, 1) > now)
			*user_id_out = sqlite3_column_int64(s, 0);
		else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			error = petory_error_set(PETORY_ENOTFOUND, NULL,
				"no such login code, or it expired");
		else
			error = petory__sqlite_error(conn, rc, "login_code");
		petory__stmt_done(s);
	});
	return error;
}

int petory__sqlite_oauth_purge(
	int64_t *removed_out, petory_store *st, petory_time_ms now)
{
	int64_t removed = 0;
	int error = 0;
	WITH_CONN(st, conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(conn, purge_locked(conn, now, &removed));
	});
	if (removed_out)
		*removed_out = error < 0 ? 0 : removed;
	return error;
}
