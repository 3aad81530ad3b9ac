/* session.c -- the PostgreSQL petory_session_store: login sessions
 * (refresh-token families), hashed refresh tokens and fixed-window
 * rate-limit counters, in the tables auth_sessions, refresh_tokens and
 * rate_limits, over the pool the relational store shares
 * (store/postgres/backends.c).  The twin of store/sqlite/session.c: the
 * same rows, outcomes and order of checks.
 *
 * Invariants: a refresh token is spent at most once.  A rotation locks
 * the token's row and its session's row (SELECT … FOR UPDATE) before it
 * judges them, so rotations of one token take turns: the first is
 * ROTATED, the next finds the token spent (REUSED, and revokes the
 * session), the ones after find the session revoked.  A rate hit is one
 * INSERT … ON CONFLICT DO UPDATE … RETURNING, so concurrent hits count
 * exactly.  Every write of more than one statement is one transaction
 * (petory__pg_transact), whose body may run again: bodies reset their
 * out-values first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_backends.h"

typedef struct pg_sessions {
	petory_session_store base; /* first */
	petory__pg_pool *pool;     /* one reference */
} pg_sessions;

#define POOL_OF(ss) (((pg_sessions *)(ss))->pool)

#define HASH_BYTES 32

static void sessions_free(petory_session_store *ss)
{
	petory__pg_close(POOL_OF(ss));
	free(ss);
}

static int insert_refresh(petory__pg_conn *conn,
	const unsigned char hash[HASH_BYTES], const char *session_id,
	petory_time_ms now)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_bytes(&p, hash, HASH_BYTES);
	petory__pg_param_text(&p, session_id);
	petory__pg_param_int64(&p, now);
	return petory__pg_exec(NULL, conn, PETORY__PG_STMT_REFRESH_INSERT, &p);
}

static int revoke_one(
	petory__pg_conn *conn, const char *session_id, petory_time_ms now)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, session_id);
	petory__pg_param_int64(&p, now);
	return petory__pg_exec(NULL, conn, PETORY__PG_STMT_SESSION_REVOKE, &p);
}

/* ---- session_create ---- */

typedef struct create_call {
	const char *session_id;
	int64_t user_id;
	const unsigned char *refresh_hash;
	petory_time_ms now, expires_at;
} create_call;

static int create_body(petory__pg_conn *conn, void *payload)
{
	const create_call *c = payload;
	petory__pg_params p;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, c->session_id);
	petory__pg_param_int64(&p, c->user_id);
	petory__pg_param_int64(&p, c->now);
	petory__pg_param_int64(&p, c->expires_at);
	if ((error = petory__pg_exec(
		     NULL, conn, PETORY__PG_STMT_SESSION_INSERT, &p)) < 0)
		return error;
	return insert_refresh(conn, c->refresh_hash, c->session_id, c->now);
}

static int session_create(petory_session_store *ss, const char *session_id,
	int64_t user_id, const unsigned char refresh_hash[32],
	petory_time_ms now, petory_time_ms expires_at)
{
	create_call c = { session_id, user_id, refresh_hash, now, expires_at };
	return petory__pg_transact(
		POOL_OF(ss), PETORY__PG_READ_COMMITTED, create_body, &c);
}

static int session_active(int *active_out, petory_session_store *ss,
	const char *session_id, petory_time_ms now)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	*active_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, session_id);
	petory__pg_param_int64(&p, now);
	if ((error = petory__pg_run(
		     &r, POOL_OF(ss), PETORY__PG_STMT_SESSION_ACTIVE, &p)) < 0)
		return error;
	*active_out = PQntuples(r) > 0;
	PQclear(r);
	return 0;
}

/* ---- refresh_rotate ---- */

typedef struct rotate_call {
	petory_refresh_result *out;
	const unsigned char *old_hash, *new_hash;
	petory_time_ms now;
} rotate_call;

/* The token's row and its session's, locked: the facts the rotation
 * judges, in the order the contract gives them. */
typedef struct token_facts {
	int spent, revoked;
	petory_time_ms expires_at;
} token_facts;

/* Lock and read old_hash's row and its session's; *found_out 0 when the
 * token is unknown. */
static int lock_token(int *found_out, token_facts *f, petory__pg_conn *conn,
	petory_refresh_result *out, const unsigned char old_hash[HASH_BYTES])
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	*found_out = 0;
	petory__pg_params_init(&p);
	petory__pg_param_bytes(&p, old_hash, HASH_BYTES);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_SESSION_ROTATE_LOOKUP, &p)) < 0)
		return error;
	if (PQntuples(r) > 0) {
		*found_out = 1;
		snprintf(out->session_id, sizeof(out->session_id), "%s",
			PQgetvalue(r, 0, 0));
		if ((error = petory__pg_get_int(&f->spent, r, 0, 1)) == 0 &&
			(error = petory__pg_get_int64(
				 &out->user_id, r, 0, 2)) == 0 &&
			(error = petory__pg_get_int(&f->revoked, r, 0, 3)) == 0)
			error = petory__pg_get_int64(&f->expires_at, r, 0, 4);
	}
	PQclear(r);
	return error;
}

static int rotate_body(petory__pg_conn *conn, void *payload)
{
	const rotate_call *c = payload;
	petory_refresh_result *out = c->out;
	petory__pg_params p;
	PGresult *r = NULL;
	token_facts f;
	int found, error;
	memset(out, 0, sizeof(*out));
	if ((error = lock_token(&found, &f, conn, out, c->old_hash)) < 0)
		return error;
	if (!found) {
		out->outcome = PETORY_REFRESH_UNKNOWN;
		return 0;
	}
	if (f.revoked) {
		out->outcome = PETORY_REFRESH_REVOKED;
		return 0;
	}
	if (f.spent) {
		out->outcome = PETORY_REFRESH_REUSED;
		return revoke_one(conn, out->session_id, c->now);
	}
	if (f.expires_at <= c->now) {
		out->outcome = PETORY_REFRESH_EXPIRED;
		return 0;
	}
	petory__pg_params_init(&p);
	petory__pg_param_bytes(&p, c->old_hash, HASH_BYTES);
	petory__pg_param_int64(&p, c->now);
	if ((error = petory__pg_exec(
		     &r, conn, PETORY__PG_STMT_REFRESH_SPEND, &p)) < 0)
		return error;
	found = petory__pg_changes(r) == 1;
	PQclear(r);
	if (!found) /* the row is locked: nobody else can have spent it */
		return petory_error_set(PETORY_EBACKEND, NULL,
			"refresh token vanished during rotation");
	out->outcome = PETORY_REFRESH_ROTATED;
	return insert_refresh(conn, c->new_hash, out->session_id, c->now);
}

static int refresh_rotate(petory_refresh_result *out, petory_session_store *ss,
	const unsigned char old_hash[32], const unsigned char new_hash[32],
	petory_time_ms now)
{
	rotate_call c = { out, old_hash, new_hash, now };
	int error = petory__pg_transact(
		POOL_OF(ss), PETORY__PG_READ_COMMITTED, rotate_body, &c);
	if (error < 0)
		memset(out, 0, sizeof(*out));
	return error;
}

/* ---- revocations ---- */

static int session_revoke(
	petory_session_store *ss, const char *session_id, petory_time_ms now)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, session_id);
	petory__pg_param_int64(&p, now);
	return petory__pg_run(
		NULL, POOL_OF(ss), PETORY__PG_STMT_SESSION_REVOKE, &p);
}

static int session_revoke_user(
	petory_session_store *ss, int64_t user_id, petory_time_ms now)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, user_id);
	petory__pg_param_int64(&p, now);
	return petory__pg_run(
		NULL, POOL_OF(ss), PETORY__PG_STMT_SESSION_REVOKE_USER, &p);
}

static int session_revoke_user_except(petory_session_store *ss, int64_t user_id,
	const char *keep_session_id, petory_time_ms now)
{
	petory__pg_params p;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, user_id);
	petory__pg_param_text(&p, keep_session_id);
	petory__pg_param_int64(&p, now);
	return petory__pg_run(NULL, POOL_OF(ss),
		PETORY__PG_STMT_SESSION_REVOKE_USER_EXCEPT, &p);
}

/* ---- rate limits ---- */

static int rate_hit(petory_rate_state *out, petory_session_store *ss,
	const char *key, int64_t cost, int64_t window_ms, petory_time_ms now)
{
	petory__pg_params p;
	PGresult *r = NULL;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_text(&p, key);
	petory__pg_param_int64(&p, now);
	petory__pg_param_int64(&p, window_ms);
	petory__pg_param_int64(&p, cost);
	if ((error = petory__pg_run(
		     &r, POOL_OF(ss), PETORY__PG_STMT_RATE_HIT, &p)) < 0)
		return error;
	if (PQntuples(r) != 1)
		error = petory_error_set(PETORY_EBACKEND, NULL,
			"the rate-limit counter returned no row");
	else if ((error = petory__pg_get_int64(&out->count, r, 0, 0)) == 0)
		error = petory__pg_get_int64(&out->window_end, r, 0, 1);
	PQclear(r);
	return error;
}

/* ---- purge ---- */

static int purge_body(petory__pg_conn *conn, void *payload)
{
	petory__pg_params p;
	int error;
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, *(const petory_time_ms *)payload);
	if ((error = petory__pg_exec(
		     NULL, conn, PETORY__PG_STMT_SESSION_PURGE, &p)) < 0)
		return error;
	return petory__pg_exec(NULL, conn, PETORY__PG_STMT_RATE_PURGE, &p);
}

static int purge(petory_session_store *ss, petory_time_ms now)
{
	return petory__pg_transact(
		POOL_OF(ss), PETORY__PG_READ_COMMITTED, purge_body, &now);
}

int petory__pg_session_store_new(
	petory_session_store **out, petory__pg_pool *pool)
{
	pg_sessions *ss = calloc(1, sizeof(*ss));
	*out = NULL;
	if (!ss)
		return petory__error_oom();
	ss->pool = petory__pg_pool_ref(pool);
	ss->base = (petory_session_store){
		.version = PETORY_SESSION_STORE_VERSION,
		.name = "postgres",
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
