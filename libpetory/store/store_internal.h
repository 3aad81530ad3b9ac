/* store_internal.h -- what the wiring (libpetory/petory.c) and the
 * operators' calls use of the backends beyond their method tables:
 * opening and closing the SQLite pool and its statistics, freeing and
 * checking a handle's stores, the Redis rank store before its first
 * connection, and the ranking's fallback.  The domain reaches a store's
 * data only through the wrappers of store/calls.h.
 */
#ifndef PETORY_STORE_INTERNAL_H
#define PETORY_STORE_INTERNAL_H

#include "core/internal.h"

/* ---- storage plumbing (store/registry.c, store/sqlite/) ---- */

int petory__sqlite_open_pool(petory *db);
void petory__sqlite_close_pool(petory *db);
/* Checkouts of the pool, and the time connections were held and waited
 * for, since open (petory_stats_get). */
void petory__pool_stats(petory *db, petory_stats *out);
void petory__stores_free(petory *db);
/* Check a relational store and each of its tables (store/registry.c). */
int petory__store_check(const petory_store *st);

/* The Redis rank store without a connection yet: its first command
 * connects (store/redis/rank.c). */
int petory__redis_rank_store_unconnected(
	petory_rank_store **out, const char *url, const char *prefix);

/* ---- the ranking fallback (store/rank_fallback.c) ---- */

/* What a fallback asks of the owner of its boards' truth. */
typedef struct petory__rank_fallback_owner {
	/* Replace every board of target with the truth; called with
	 * db->rank_lock held exclusive. */
	int (*resync)(petory *db, petory_rank_store *target);
	/* It now serves from its secondary (degraded) or, again, from its
	 * primary (the owner logs it). */
	void (*switched)(petory *db, bool degraded);
} petory__rank_fallback_owner;
/* A rank store (flag PETORY_RANK_FALLBACK) serving from primary (Redis)
 * while it answers, from secondary (SQLite) while it fails; owns both.
 * With primary_down it starts on secondary and probes primary.  Writes
 * expect db->rank_lock held shared around the change of the truth they
 * follow, and petory__rank_fallback_settle() after it is released. */
int petory__rank_fallback_new(petory_rank_store **out, petory *db,
	petory_rank_store *primary, petory_rank_store *secondary,
	bool primary_down, const petory__rank_fallback_owner *owner);
/* Run a pending switch or a due probe (no lock held); nothing for a
 * store that is not a fallback. */
void petory__rank_fallback_settle(petory_rank_store *rs);
/* Is rs a fallback serving (or about to serve) from its secondary? */
bool petory__rank_fallback_degraded(petory_rank_store *rs);

#endif
