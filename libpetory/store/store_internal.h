/* store_internal.h -- what the wiring (libpetory/petory.c) and the
 * operators' calls use of the backends beyond their method tables:
 * opening and closing the SQLite pool and its statistics, freeing and
 * checking a handle's stores, and the Redis rank store before its first
 * connection.  The domain reaches a store's
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

#endif
