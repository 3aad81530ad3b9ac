/* sys/store.h -- the storage extension API: three versioned vtables.
 *
 *   petory_store          relational data, grouped per domain (SQLite today;
 *                         a PostgreSQL backend can implement the same table)
 *   petory_rank_store     leaderboards (incr, top, score, rebuild, …)
 *   petory_session_store  login sessions, refresh tokens, rate-limit buckets
 *
 * A backend embeds the table as the first member of its own struct and
 * sets `version` to the *_VERSION it was built against.  Registration
 * (petory_set_*) checks the version and the required methods, and takes
 * ownership of the backend only on success.  Tables only grow at the end;
 * every layout change bumps the version.  Every method returns 0 or a
 * negative petory_error_code and sets petory_error_last() on failure.
 * Methods are called from many threads at once; a backend must be
 * thread-safe.  Each method is atomic on its own.
 */
#ifndef PETORY_SYS_STORE_H
#define PETORY_SYS_STORE_H

#include "../common.h"
#include "../types.h"
#include "../user.h"
#include "../event.h"
#include "../notification.h"
#include "../daily.h"
#include "../jobs.h"
#include "../place.h"
#include "../file.h"
#include "../pet.h"
#include "../album.h"
#include "../board.h"
#include "../trade.h"
#include "../chat.h"
#include "../lost_pet.h"
#include "store_meta.h"
#include "store_users.h"
#include "store_events.h"
#include "store_notifications.h"
#include "store_daily.h"
#include "store_places.h"
#include "store_reviews.h"
#include "store_files.h"
#include "store_pets.h"
#include "store_albums.h"
#include "store_boards.h"
#include "store_trades.h"
#include "store_chat.h"
#include "store_lost_pets.h"

PETORY_BEGIN_DECL

/* ------------------------------------------------------------------ */
/* Relational store                                                     */
/* ------------------------------------------------------------------ */

/* 5: the relational store is cut into per-domain tables, each with its
 *    own version (sys/store_<table>.h).
 * 6: lost_pets (a store of version 5 has none: its methods answer
 *    ENOTSUPPORTED). */
#define PETORY_STORE_VERSION 6

struct petory_store {
	unsigned int version; /**< PETORY_STORE_VERSION; first */
	const char *name;     /**< "sqlite", "postgres" */

	/* Version 5. */
	void (*free)(petory_store *st);
	int (*ping)(petory_store *st);
	/* One table per domain (sys/store_<table>.h), each with its own
	 * version; registration checks every one. */
	const petory_store_meta *meta;
	const petory_store_users *users;
	const petory_store_events *events;
	const petory_store_notifications *notifications;
	const petory_store_daily *daily;
	const petory_store_places *places;
	const petory_store_reviews *reviews;
	const petory_store_files *files;
	const petory_store_pets *pets;
	const petory_store_albums *albums;
	const petory_store_boards *boards;
	const petory_store_trades *trades;
	const petory_store_chat *chat;
	/* Members above are valid for version 5.  Append only. */

	/* Version 6. */
	const petory_store_lost_pets *lost_pets;
	/* Members above are valid for version 6.  Append only. */
};

/* ------------------------------------------------------------------ */
/* Rank store                                                           */
/* ------------------------------------------------------------------ */

/* 2: `flags` (what kind of boards the store keeps) and `incr_many`. */
#define PETORY_RANK_STORE_VERSION 2

/* petory_rank_store.flags */
/** The library's decorator over two rank stores (store/rank_fallback.c;
 * no other store sets it): it serves from its primary and switches to
 * its secondary while the primary fails. */
#define PETORY_RANK_FALLBACK (1u << 0)
/** The boards are derived from the relational store by a query (the
 * place boards are the places' like counts): the writes (incr,
 * incr_many, rebuild, remove) change nothing and succeed, and a board
 * the store does not derive is empty. */
#define PETORY_RANK_DERIVED (1u << 1)

typedef struct petory_rank_store petory_rank_store;
struct petory_rank_store {
	unsigned int version; /**< PETORY_RANK_STORE_VERSION; first */
	const char *name;

	/* Required (version 1). */
	void (*free)(petory_rank_store *rs);
	/** Add delta to member's score on board; *score_out may be NULL. */
	int (*incr)(double *score_out, petory_rank_store *rs, const char *board,
		int64_t member, double delta);
	/** Up to `limit` entries, highest score first, ties by member id;
	 * *out is malloc'd (free()), NULL when empty. */
	int (*top)(petory_rank_entry **out, size_t *count_out,
		petory_rank_store *rs, const char *board, size_t limit);
	/** ENOTFOUND when the member has no score. */
	int (*score)(double *out, petory_rank_store *rs, const char *board,
		int64_t member);
	/** Replace the whole board atomically. */
	int (*rebuild)(petory_rank_store *rs, const char *board,
		const petory_rank_entry *entries, size_t count);
	/** Drop a member from a board (absent is not an error). */
	int (*remove)(petory_rank_store *rs, const char *board, int64_t member);
	/* Members above are valid for version 1.  Append only. */

	/* Version 2. */
	/** PETORY_RANK_* bits. */
	unsigned int flags;
	/** Add delta to member's score on each of `count` boards, all or
	 * none. */
	int (*incr_many)(petory_rank_store *rs, const char *const *boards,
		size_t count, int64_t member, double delta);
	/* Members above are valid for version 2.  Append only. */
};

/* ------------------------------------------------------------------ */
/* Session store                                                        */
/* ------------------------------------------------------------------ */

typedef enum petory_refresh_outcome {
	PETORY_REFRESH_ROTATED = 0, /**< old token spent, new one stored */
	PETORY_REFRESH_UNKNOWN,     /**< no such token */
	PETORY_REFRESH_EXPIRED,     /**< token or session expired */
	PETORY_REFRESH_REVOKED,     /**< its session was revoked */
	PETORY_REFRESH_REUSED       /**< already spent: session now revoked */
} petory_refresh_outcome;

typedef struct petory_refresh_result {
	petory_refresh_outcome outcome;
	int64_t user_id;
	char session_id[48];
} petory_refresh_result;

/** State of a fixed-window counter after a hit. */
typedef struct petory_rate_state {
	int64_t count;             /**< events in the current window */
	petory_time_ms window_end; /**< when the window resets */
} petory_rate_state;

#define PETORY_SESSION_STORE_VERSION 2

typedef struct petory_session_store petory_session_store;
struct petory_session_store {
	unsigned int version; /**< PETORY_SESSION_STORE_VERSION; first */
	const char *name;

	/* Required (version 1). */
	void (*free)(petory_session_store *ss);
	/** A new login session with its first refresh token (hash only). */
	int (*session_create)(petory_session_store *ss, const char *session_id,
		int64_t user_id, const unsigned char refresh_hash[32],
		petory_time_ms now, petory_time_ms expires_at);
	/** *active_out = 1 when the session exists, is not revoked and has
	 * not expired. */
	int (*session_active)(int *active_out, petory_session_store *ss,
		const char *session_id, petory_time_ms now);
	/** Atomically spend old_hash and store new_hash in the same session
	 * (ROTATED).  Otherwise, in this order: no such token (UNKNOWN), its
	 * session revoked (REVOKED), old_hash already spent: the session is
	 * revoked now (REUSED), token or session expired (EXPIRED).  Of
	 * concurrent rotations of one token exactly one is ROTATED. */
	int (*refresh_rotate)(petory_refresh_result *out,
		petory_session_store *ss, const unsigned char old_hash[32],
		const unsigned char new_hash[32], petory_time_ms now);
	int (*session_revoke)(petory_session_store *ss, const char *session_id,
		petory_time_ms now);
	int (*session_revoke_user)(
		petory_session_store *ss, int64_t user_id, petory_time_ms now);
	/** Add cost (0: just read) to the counter `key` whose fixed window is
	 * window_ms long; a window that ended starts anew. */
	int (*rate_hit)(petory_rate_state *out, petory_session_store *ss,
		const char *key, int64_t cost, int64_t window_ms,
		petory_time_ms now);
	/** Forget expired sessions, tokens and windows. */
	int (*purge)(petory_session_store *ss, petory_time_ms now);
	/* Methods above are valid for version 1.  Append only. */

	/* Version 2. */
	/** Revoke every session of the user but keep_session_id (a password
	 * change keeps the caller's login). */
	int (*session_revoke_user_except)(petory_session_store *ss,
		int64_t user_id, const char *keep_session_id,
		petory_time_ms now);
	/* Methods above are valid for version 2.  Append only. */
};

/* ------------------------------------------------------------------ */
/* Registration                                                         */
/* ------------------------------------------------------------------ */

/** Replace the handle's backend.  EVERSION for a version this build does
 * not know, EINVALID for a missing required method; on failure the caller
 * still owns the backend.  Call before the handle is shared. */
PETORY_EXTERN int petory_set_store(petory *db, petory_store *st);
PETORY_EXTERN int petory_set_rank_store(petory *db, petory_rank_store *rs);
PETORY_EXTERN int petory_set_session_store(
	petory *db, petory_session_store *ss);

/** The handle's current backends (borrowed). */
PETORY_EXTERN petory_store *petory_get_store(petory *db);
PETORY_EXTERN petory_rank_store *petory_get_rank_store(petory *db);
PETORY_EXTERN petory_session_store *petory_get_session_store(petory *db);

/** New SQLite backends over the handle's own connection pool (the
 * defaults petory_open installs).  Useful to re-install or wrap them.
 * The SQLite rank store is PETORY_RANK_DERIVED: its boards are the
 * places' like counts ("ALL": every ACTIVE place, a type's name: the
 * ACTIVE places of that type; only places liked at least once). */
PETORY_EXTERN int petory_sqlite_store_new(petory_store **out, petory *db);
PETORY_EXTERN int petory_sqlite_rank_store_new(
	petory_rank_store **out, petory *db);
PETORY_EXTERN int petory_sqlite_session_store_new(
	petory_session_store **out, petory *db);

/** The PostgreSQL relational store (libpq): a pool of pool_size
 * connections (0: 8) to url, "postgres://USER[:PASSWORD]@HOST:PORT/DB"
 * (or postgresql://, with libpq's query parameters), migrated to this
 * build's schema.  EINVALID when url is not a valid connection string,
 * EUNAVAILABLE when the server cannot be reached, EVERSION when the
 * database's schema is newer than this build.  The store owns its pool. */
PETORY_EXTERN int petory_postgres_store_new(
	petory_store **out, const char *url, unsigned pool_size);

/** Redis backends (hiredis): ranks in sorted sets, sessions and rate
 * limits in hashes driven by Lua scripts.  url is
 * "redis://[:password@]host[:port][/db]"; every key starts with prefix
 * (NULL: "petory:").  EUNAVAILABLE when the server cannot be reached
 * (then, or at any later call), EBACKEND when it answers an error.  Each
 * backend owns one connection. */
PETORY_EXTERN int petory_redis_rank_store_new(
	petory_rank_store **out, const char *url, const char *prefix);
PETORY_EXTERN int petory_redis_session_store_new(
	petory_session_store **out, const char *url, const char *prefix);

PETORY_END_DECL

#endif
