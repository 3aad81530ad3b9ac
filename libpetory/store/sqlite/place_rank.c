/* place_rank.c -- the SQLite petory_rank_store, PETORY_RANK_DERIVED: the
 * place boards are read from places itself, so a like is one commit.
 *
 * The boards are those of store/rank_derived.h (shared with PostgreSQL's
 * twin, with the writes); top is one query over the
 * places_rank_all (status, like_count DESC, id) or places_rank_type
 * (type, status, like_count DESC, id) index.  Any other board is empty.
 * The writes change nothing and succeed: the boards follow like_count and
 * the status and type of places by construction.
 */
#include <stdlib.h>

#include "store/rank_derived.h"
#include "store/sqlite/sqlite_internal.h"

typedef struct sqlite_rank {
	petory_rank_store base; /* first */
	petory *db;
} sqlite_rank;

#define DB_OF(rs) (((sqlite_rank *)(rs))->db)

static void rank_free(petory_rank_store *rs)
{
	free(rs);
}

static int rank_top(petory_rank_entry **out, size_t *count_out,
	petory_rank_store *rs, const char *board, size_t limit)
{
	int type = petory__rank_board_type(board), error = 0;
	*out = NULL;
	*count_out = 0;
	if (limit == 0 || type == PETORY__RANK_BOARD_NONE)
		return 0;
	PETORY__WITH_CONN(DB_OF(rs), conn, {
		sqlite3_stmt *s = petory__stmt(
			conn, type < 0 ? PETORY__STMT_RANK_TOP_ALL
				       : PETORY__STMT_RANK_TOP_TYPE);
		petory_rank_entry *entries;
		size_t n = 0;
		int rc = SQLITE_DONE;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		if (!(entries = calloc(limit, sizeof(*entries)))) {
			error = petory__error_oom();
			petory__stmt_done(s);
			break;
		}
		if (type < 0) {
			sqlite3_bind_int64(s, 1, (sqlite3_int64)limit);
		} else {
			sqlite3_bind_int(s, 1, type);
			sqlite3_bind_int64(s, 2, (sqlite3_int64)limit);
		}
		while (n < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
			entries[n].member = sqlite3_column_int64(s, 0);
			entries[n].score = (double)sqlite3_column_int64(s, 1);
			n++;
		}
		if (n < limit && rc != SQLITE_DONE)
			error = petory__sqlite_error(conn, rc, "rank_top");
		petory__stmt_done(s);
		if (error || n == 0) {
			free(entries);
			break;
		}
		*out = entries;
		*count_out = n;
	});
	return error;
}

static int rank_score(
	double *out, petory_rank_store *rs, const char *board, int64_t member)
{
	int type = petory__rank_board_type(board), error = 0;
	if (type == PETORY__RANK_BOARD_NONE)
		return petory_error_set(
			PETORY_ENOTFOUND, NULL, "no score for that member");
	PETORY__WITH_CONN(DB_OF(rs), conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_RANK_SCORE);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_int64(s, 1, member);
		if (type >= 0)
			sqlite3_bind_int(s, 2, type);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			*out = (double)sqlite3_column_int64(s, 0);
		else if (rc == SQLITE_DONE)
			error = petory_error_set(PETORY_ENOTFOUND, NULL,
				"no score for that member");
		else
			error = petory__sqlite_error(conn, rc, "rank_score");
		petory__stmt_done(s);
	});
	return error;
}

int petory_sqlite_rank_store_new(petory_rank_store **out, petory *db)
{
	sqlite_rank *rs = calloc(1, sizeof(*rs));
	if (!rs)
		return petory__error_oom();
	rs->db = db;
	rs->base = (petory_rank_store){
		.version = PETORY_RANK_STORE_VERSION,
		.name = "sqlite",
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
