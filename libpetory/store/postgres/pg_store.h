/* pg_store.h -- the PostgreSQL petory_store and its per-domain tables.
 *
 * Each table is defined in the file named after its domain file
 * (user.c, place.c, …) and assembled by store.c.  A method's store is a
 * petory__pg_store, whose pool it runs its statements on.
 */
#ifndef PETORY_PG_STORE_H
#define PETORY_PG_STORE_H

#include "store/postgres/postgres_internal.h"

typedef struct petory__pg_store {
	petory_store base; /* first */
	petory__pg_pool *pool;
} petory__pg_store;

#define PETORY__PG_POOL(st) (((petory__pg_store *)(st))->pool)

extern const petory_store_meta petory__pg_meta;
extern const petory_store_users petory__pg_users;
extern const petory_store_events petory__pg_events;
extern const petory_store_notifications petory__pg_notifications;
extern const petory_store_daily petory__pg_daily;
extern const petory_store_places petory__pg_places;
extern const petory_store_reviews petory__pg_reviews;
extern const petory_store_files petory__pg_files;
extern const petory_store_pets petory__pg_pets;
extern const petory_store_albums petory__pg_albums;
extern const petory_store_boards petory__pg_boards;
extern const petory_store_trades petory__pg_trades;
extern const petory_store_chat petory__pg_chat;

#endif
