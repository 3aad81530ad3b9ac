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

/* The OAuth2 methods of the users table (oauth.c), named in user.c's
 * table by PETORY__PG_OAUTH_METHODS. */
int petory__pg_oauth_state_put(petory_store *st, const char *state,
	const char *verifier, petory_time_ms expires_at);
int petory__pg_oauth_state_take(char **verifier_out, petory_store *st,
	const char *state, petory_time_ms now);
int petory__pg_oauth_state_put2(petory_store *st, const char *state,
	const char *verifier, const unsigned char *browser_hash,
	petory_time_ms expires_at, petory_time_ms now);
int petory__pg_oauth_state_take2(char **verifier_out, petory_store *st,
	const char *state, const unsigned char *browser_hash,
	petory_time_ms now);
int petory__pg_login_code_put(petory_store *st, const unsigned char *code_hash,
	int64_t user_id, petory_time_ms expires_at, petory_time_ms now);
int petory__pg_login_code_take(int64_t *user_id_out, petory_store *st,
	const unsigned char *code_hash, petory_time_ms now);
int petory__pg_oauth_purge(
	int64_t *removed_out, petory_store *st, petory_time_ms now);
#define PETORY__PG_OAUTH_METHODS                           \
	.oauth_state_put = petory__pg_oauth_state_put,     \
	.oauth_state_take = petory__pg_oauth_state_take,   \
	.oauth_state_put2 = petory__pg_oauth_state_put2,   \
	.oauth_state_take2 = petory__pg_oauth_state_take2, \
	.login_code_put = petory__pg_login_code_put,       \
	.login_code_take = petory__pg_login_code_take,     \
	.oauth_purge = petory__pg_oauth_purge

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
extern const petory_store_lost_pets petory__pg_lost_pets;

#endif
