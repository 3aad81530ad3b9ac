/* backends.c -- petory__pg_backends_open: the relational, rank and
 * session stores of a handle on PostgreSQL, sharing one pool (see
 * pg_backends.h).  The relational store opens the pool and owns its first
 * reference; the others take one each.
 */
#include "store/postgres/pg_backends.h"

int petory__pg_backends_open(petory_store **store_out,
	petory_rank_store **rank_out, petory_session_store **sessions_out,
	petory__pg_pool **pool_out, const char *url, unsigned pool_size)
{
	petory_store *st = NULL;
	petory_rank_store *rs = NULL;
	petory_session_store *ss = NULL;
	int error;
	*store_out = NULL;
	*rank_out = NULL;
	*sessions_out = NULL;
	if (pool_out)
		*pool_out = NULL;
	if ((error = petory_postgres_store_new(&st, url, pool_size)) < 0)
		return error;
	if ((error = petory__pg_rank_store_new(&rs, PETORY__PG_POOL(st))) < 0 ||
		(error = petory__pg_session_store_new(
			 &ss, PETORY__PG_POOL(st))) < 0) {
		if (rs)
			rs->free(rs);
		st->free(st);
		return error;
	}
	if (pool_out)
		*pool_out = petory__pg_pool_ref(PETORY__PG_POOL(st));
	*store_out = st;
	*rank_out = rs;
	*sessions_out = ss;
	return 0;
}
