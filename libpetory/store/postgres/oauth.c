/* oauth.c -- the PostgreSQL OAuth2 methods of the users table, the twin
 * of store/sqlite/oauth.c: login attempts (state -> PKCE verifier, bound
 * to a browser by the hash of its cookie nonce) and single-use login
 * codes (by hash -> account).
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

#include "store/postgres/pg_rows.h"

#define HASH_BYTES PETORY_STORE_OAUTH_HASH_BYTES

static int run_purge(petory__pg_conn *conn, petory__pg_stmt_id id,
	petory_time_ms upto, int64_t *removed)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, upto);
	if ((error = petory__pg_exec(&r, conn, id, &p)) == 0 && removed)
		*removed += petory__pg_changes(r);
	PQclear(r);
	return error;
}

/* Inside a transaction: delete the attempts and codes expired at now. */
static int purge_in(petory__pg_conn *conn, petory_time_ms now, int64_t *removed)
{
	int error = run_purge(
		conn, PETORY__PG_STMT_OAUTH_STATE_PURGE, now, removed);
	return error < 0 ? error
			 : run_purge(conn, PETORY__PG_STMT_LOGIN_CODE_PURGE,
				   now, removed);
}

static int no_state(void)
{
	return petory_error_set(
		PETORY_ENOTFOUND, NULL, "no such OAuth2 state, or it expired");
}

/* ---- version 1: attempts bound to no browser ---- */

typedef struct state_put {
	const char *state, *verifier;
	const unsigned char *browser_hash; /* NULL: version 1 */
	petory_time_ms expires_at, now;
} state_put;

/* Forget the attempts that were never finished, then store this one. */
static int state_put_body(petory__pg_conn *conn, void *payload)
{
	const state_put *put = payload;
	petory__pg_params p;
	int error;
	petory__pg_params_init(&p);
	if (put->browser_hash) {
		if ((error = purge_in(conn, put->now, NULL)) < 0)
			return error;
		petory__pg_param_text(&p, put->state);
		petory__pg_param_text(&p, put->verifier);
		petory__pg_param_int64(&p, put->expires_at);
		petory__pg_param_bytes(&p, put->browser_hash, HASH_BYTES);
		return petory__pg_exec(
			NULL, conn, PETORY__PG_STMT_OAUTH_STATE_PUT2, &p);
	}
	if ((error = run_purge(conn, PETORY__PG_STMT_OAUTH_STATE_PURGE,
		     put->expires_at - 3600 * 1000, NULL)) < 0)
		return error;
	petory__pg_param_text(&p, put->state);
	petory__pg_param_text(&p, put->verifier);
	petory__pg_param_int64(&p, put->expires_at);
	return petory__pg_exec(NULL, conn, PETORY__PG_STMT_OAUTH_STATE_PUT, &p);
}

int petory__pg_oauth_state_put(petory_store *st, const char *state,
	const char *verifier, petory_time_ms expires_at)
{
	state_put put = { state, verifier, NULL, expires_at, 0 };
	return petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, state_put_body, &put);
}

int petory__pg_oauth_state_take(char **verifier_out, petory_store *st,
	const char *state, petory_time_ms now)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int64_t expires_at = 0;
	int error = 0;
	*verifier_out = NULL;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, state);
	PETORY__PG_WITH_CONN(st, conn, error, {
		if ((error = petory__pg_exec(&r, conn,
			     PETORY__PG_STMT_OAUTH_STATE_TAKE, &p)) < 0)
			break;
		if (PQntuples(r) == 0 ||
			((error = petory__pg_get_int64(&expires_at, r, 0, 1)) ==
					0 &&
				expires_at <= now))
			error = no_state();
		else if (error == 0)
			error = petory__pg_get_text(verifier_out, r, 0, 0);
		PQclear(r);
	});
	return error;
}

/* ---- version 2: attempts bound to a browser, login codes ---- */

int petory__pg_oauth_state_put2(petory_store *st, const char *state,
	const char *verifier, const unsigned char *browser_hash,
	petory_time_ms expires_at, petory_time_ms now)
{
	state_put put = { state, verifier, browser_hash, expires_at, now };
	return petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, state_put_body, &put);
}

/* 0 when `state` is live at now and bound to browser_hash, else
 * ENOTFOUND; reads only. */
static int state_bound(petory__pg_conn *conn, const char *state,
	const unsigned char *browser_hash, petory_time_ms now)
{
	petory__pg_params p;
	PGresult *r = NULL;
	unsigned char *stored = NULL;
	size_t len = 0;
	int64_t expires_at = 0;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, state);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_OAUTH_STATE_BINDING, &p)) < 0)
		return error;
	if (PQntuples(r) == 0)
		error = no_state();
	else if ((error = petory__pg_get_bytes(&stored, &len, r, 0, 0)) == 0 &&
		 (error = petory__pg_get_int64(&expires_at, r, 0, 1)) == 0 &&
		 !(expires_at > now && stored && len == HASH_BYTES &&
			 sodium_memcmp(stored, browser_hash, HASH_BYTES) == 0))
		error = no_state();
	free(stored);
	PQclear(r);
	return error;
}

int petory__pg_oauth_state_take2(char **verifier_out, petory_store *st,
	const char *state, const unsigned char *browser_hash,
	petory_time_ms now)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error = 0;
	*verifier_out = NULL;
	PETORY__PG_WITH_CONN(st, conn, error, {
		if ((error = state_bound(conn, state, browser_hash, now)) < 0)
			break;
		petory__pg_params_init(&p);
		petory__pg_param_text(&p, state);
		petory__pg_param_bytes(&p, browser_hash, HASH_BYTES);
		if ((error = petory__pg_exec(&r, conn,
			     PETORY__PG_STMT_OAUTH_STATE_TAKE2, &p)) < 0)
			break;
		if (PQntuples(r) == 0) /* a racer took it */
			error = no_state();
		else
			error = petory__pg_get_text(verifier_out, r, 0, 0);
		PQclear(r);
	});
	return error;
}

typedef struct code_put {
	const unsigned char *code_hash;
	int64_t user_id;
	petory_time_ms expires_at, now;
} code_put;

static int code_put_body(petory__pg_conn *conn, void *payload)
{
	const code_put *put = payload;
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	if ((error = purge_in(conn, put->now, NULL)) < 0)
		return error;
	petory__pg_params_init(&p);
	petory__pg_param_bytes(&p, put->code_hash, HASH_BYTES);
	petory__pg_param_int64(&p, put->user_id);
	petory__pg_param_int64(&p, put->expires_at);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_LOGIN_CODE_PUT, &p)) < 0)
		return error;
	if (petory__pg_changes(r) == 0)
		error = petory_error_set(PETORY_ENOTFOUND, NULL, "no user %lld",
			(long long)put->user_id);
	PQclear(r);
	return error;
}

int petory__pg_login_code_put(petory_store *st, const unsigned char *code_hash,
	int64_t user_id, petory_time_ms expires_at, petory_time_ms now)
{
	code_put put = { code_hash, user_id, expires_at, now };
	return petory__pg_transact(PETORY__PG_POOL(st),
		PETORY__PG_READ_COMMITTED, code_put_body, &put);
}

int petory__pg_login_code_take(int64_t *user_id_out, petory_store *st,
	const unsigned char *code_hash, petory_time_ms now)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int64_t user_id = 0, expires_at = 0;
	int error = 0;
	*user_id_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_bytes(&p, code_hash, HASH_BYTES);
	PETORY__PG_WITH_CONN(st, conn, error, {
		if ((error = petory__pg_exec(&r, conn,
			     PETORY__PG_STMT_LOGIN_CODE_TAKE, &p)) < 0)
			break;
		if (PQntuples(r) > 0 &&
			(error = petory__pg_get_int64(&user_id, r, 0, 0)) ==
				0 &&
			(error = petory__pg_get_int64(&expires_at, r, 0, 1)) ==
				0 &&
			expires_at > now)
			*user_id_out = user_id;
		else if (error == 0)
			error = petory_error_set(PETORY_ENOTFOUND, NULL,
				"no such login code, or it expired");
		PQclear(r);
	});
	return error;
}

typedef struct purge_call {
	petory_time_ms now;
	int64_t removed;
} purge_call;

static int purge_body(petory__pg_conn *conn, void *payload)
{
	purge_call *c = payload;
	c->removed = 0; /* a retried run counts afresh */
	return purge_in(conn, c->now, &c->removed);
}

int petory__pg_oauth_purge(
	int64_t *removed_out, petory_store *st, petory_time_ms now)
{
	purge_call c = { now, 0 };
	int error = petory__pg_transact(
		PETORY__PG_POOL(st), PETORY__PG_READ_COMMITTED, purge_body, &c);
	if (removed_out)
		*removed_out = error < 0 ? 0 : c.removed;
	return error;
}
