/* pg_backends.h -- the three PostgreSQL backends of a handle over ONE
 * pool: the relational store (store.c), the rank store (place_rank.c) and
 * the session store (session.c), as the wiring (libpetory/petory.c)
 * installs them.
 *
 * The pool counts its owners (petory__pg_pool_ref, petory__pg_close):
 * each store holds one reference and drops it when it is freed, so the
 * stores may be freed, replaced or wrapped in any order, and the
 * connections close with the last owner.
 */
#ifndef PETORY_PG_BACKENDS_H
#define PETORY_PG_BACKENDS_H

#include "store/postgres/pg_store.h"

/* Open a pool of pool_size connections (0: the default) to url, migrated,
 * and the three stores over it; *pool_out (when not NULL) is one more
 * reference for the caller (its statistics), released with
 * petory__pg_close.  Errors as petory_postgres_store_new; every out-value
 * stays NULL on failure. */
int petory__pg_backends_open(petory_store **store_out,
	petory_rank_store **rank_out, petory_session_store **sessions_out,
	petory__pg_pool **pool_out, const char *url, unsigned pool_size);

/* A rank or session store over pool (taking a reference to it). */
int petory__pg_rank_store_new(petory_rank_store **out, petory__pg_pool *pool);
int petory__pg_session_store_new(
	petory_session_store **out, petory__pg_pool *pool);

#endif
