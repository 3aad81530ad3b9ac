/* place_rank.c -- the PostgreSQL petory_rank_store, PETORY_RANK_DERIVED:
 * the place boards read from places itself (the twin of
 * store/sqlite/place_rank.c), over the pool the relational store shares
 * (store/postgres/backends.c).
 *
 * The boards are those of store/rank_derived.h; top is one query in the
 * order of the places_rank_all (status, like_count DESC, id) or
 * places_rank_type (type, status, like_count DESC, id) index.  The writes
 * change nothing and succeed: the boards follow like_count and the
 * status and type of places by construction, so a like is one commit and
 * the scores are as exact as the like counts.
 */
#include <stdlib.h>

#include "store/postgres/pg_backends.h"
#include "store/rank_derived.h"

typedef struct pg_rank {
	petory_rank_store base; /* first */
	petory__pg_pool *pool;  /* one reference */
} pg_rank;

#define POOL_OF(rs) (((pg_rank *)(rs))->pool)

static void rank_free(petory_rank_store *rs)
{
	petory__pg_close(POOL_OF(rs));
	free(rs);
}

static int rank_top(petory_rank_entry **out, size_t *count_out,
	petory_rank_store *rs, const char *board, size_t limit)
{
	int type = petory__rank_board_type(board), error;
	petory_rank_entry *entries;
	petory__pg_params p;
	PGresult *r = NULL;
	size_t n, i;
	*out = NULL;
	*count_out = 0;
	if (limit == 0 || type == PETORY__RANK_BOARD_NONE)
		return 0;
	petory__pg_params_init(&p);
	if (type >= 0)
		petory__pg_param_int64(&p, type);
	petory__pg_param_int64(
		&p, limit > INT64_MAX ? INT64_MAX : (int64_t)limit);
	if ((error = petory__pg_run(&r, POOL_OF(rs),
		     type < 0 ? PETORY__PG_STMT_RANK_TOP_ALL
			      : PETORY__PG_STMT_RANK_TOP_TYPE,
		     &p)) < 0)
		return error;
	n = (size_t)PQntuples(r);
	if (n == 0) {
		PQclear(r);
		return 0;
	}
	if (!(entries = calloc(n, sizeof(*entries)))) {
		PQclear(r);
		return petory__error_oom();
	}
	for (i = 0; i < n && error == 0; i++) {
		int64_t likes = 0;
		if ((error = petory__pg_get_int64(
			     &entries[i].member, r, (int)i, 0)) == 0 &&
			(error = petory__pg_get_int64(&likes, r, (int)i, 1)) ==
				0)
			entries[i].score = (double)likes;
	}
	PQclear(r);
	if (error < 0) {
		free(entries);
		return error;
	}
	*out = entries;
	*count_out = n;
	return 0;
}

static int rank_score(
	double *out, petory_rank_store *rs, const char *board, int64_t member)
{
	int type = petory__rank_board_type(board), error;
	petory__pg_params p;
	PGresult *r = NULL;
	int64_t likes = 0;
	if (type == PETORY__RANK_BOARD_NONE)
		return petory_error_set(
			PETORY_ENOTFOUND, NULL, "no score for that member");
	petory__pg_params_init(&p);
	petory__pg_param_int64(&p, member);
	if (type >= 0)
		petory__pg_param_int64(&p, type);
	else
		petory__pg_param_null(&p);
	if ((error = petory__pg_run(
		     &r, POOL_OF(rs), PETORY__PG_STMT_RANK_SCORE, &p)) < 0)
		return error;
	if (PQntuples(r) == 0)
		error = petory_error_set(
			PETORY_ENOTFOUND, NULL, "no score for that member");
	else if ((error = petory__pg_get_int64(&likes, r, 0, 0)) == 0)
		*out = (double)likes;
	PQclear(r);
	return error;
}

int petory__pg_rank_store_new(petory_rank_store **out, petory__pg_pool *pool)
{
	pg_rank *rs = calloc(1, sizeof(*rs));
	*out = NULL;
	if (!rs)
		return petory__error_oom();
	rs->pool = petory__pg_pool_ref(pool);
	rs->base = (petory_rank_store){
		.version = PETORY_RANK_STORE_VERSION,
		.name = "postgres",
		.free = rank_free,
		.incr = petory__rank_derived_incr,
		.top = rank_top,
		.score = rank_score,
		.rebuild = petory__rank_derived_rebuild,
		.remove = petory__rank_derived_remove,
		.flags = PETORY_RANK_DERIVED,
		.incr_many = petory__rank_derived_incr_many,
	};
	*out = &rs->base;
	return 0;
}
