/* rank.c -- the SQLite implementation of petory_rank_store: one row per
 * (board, member) with its score, read highest first through the
 * (board, score DESC, member) index.  rebuild replaces a board inside one
 * transaction, so readers see the old or the new board, never a mix.
 */
#include <stdlib.h>

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

static int rank_incr(double *score_out, petory_rank_store *rs,
	const char *board, int64_t member, double delta)
{
	int error = 0;
	PETORY__WITH_CONN(DB_OF(rs), conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_RANK_INCR);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_text(s, 1, board, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, member);
		sqlite3_bind_double(s, 3, delta);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			if (score_out)
				*score_out = sqlite3_column_double(s, 0);
		} else {
			error = petory__sqlite_error(conn, rc, "rank_incr");
		}
		petory__stmt_done(s);
	});
	return error;
}

static int rank_top(petory_rank_entry **out, size_t *count_out,
	petory_rank_store *rs, const char *board, size_t limit)
{
	int error = 0;
	*out = NULL;
	*count_out = 0;
	if (limit == 0)
		return 0;
	PETORY__WITH_CONN(DB_OF(rs), conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_RANK_TOP);
		petory_rank_entry *entries;
		size_t n = 0;
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		if (!(entries = calloc(limit, sizeof(*entries)))) {
			error = petory__error_oom();
			petory__stmt_done(s);
			break;
		}
		sqlite3_bind_text(s, 1, board, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)limit);
		while (n < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
			entries[n].member = sqlite3_column_int64(s, 0);
			entries[n].score = sqlite3_column_double(s, 1);
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
	int error = 0;
	PETORY__WITH_CONN(DB_OF(rs), conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_RANK_SCORE);
		int rc;
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_text(s, 1, board, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, member);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			*out = sqlite3_column_double(s, 0);
		else if (rc == SQLITE_DONE)
			error = petory_error_set(PETORY_ENOTFOUND, NULL,
				"no score for that member");
		else
			error = petory__sqlite_error(conn, rc, "rank_score");
		petory__stmt_done(s);
	});
	return error;
}

static int rebuild_locked(petory__conn *conn, const char *board,
	const petory_rank_entry *entries, size_t count)
{
	sqlite3_stmt *clear = petory__stmt(conn, PETORY__STMT_RANK_CLEAR);
	sqlite3_stmt *set = petory__stmt(conn, PETORY__STMT_RANK_SET);
	size_t i;
	int error;
	if (!clear || !set)
		return petory_error_last()->code;
	sqlite3_bind_text(clear, 1, board, -1, SQLITE_STATIC);
	if ((error = petory__step_done(conn, clear, 0)) < 0)
		return error;
	for (i = 0; i < count && !error; i++) {
		sqlite3_bind_text(set, 1, board, -1, SQLITE_STATIC);
		sqlite3_bind_int64(set, 2, entries[i].member);
		sqlite3_bind_double(set, 3, entries[i].score);
		error = petory__step_done(conn, set, 0);
	}
	return error;
}

static int rank_rebuild(petory_rank_store *rs, const char *board,
	const petory_rank_entry *entries, size_t count)
{
	int error = 0;
	PETORY__WITH_CONN(DB_OF(rs), conn, {
		if ((error = petory__tx_begin(conn)) < 0)
			break;
		error = petory__tx_end(
			conn, rebuild_locked(conn, board, entries, count));
	});
	return error;
}

static int rank_remove(petory_rank_store *rs, const char *board, int64_t member)
{
	int error = 0;
	PETORY__WITH_CONN(DB_OF(rs), conn, {
		sqlite3_stmt *s = petory__stmt(conn, PETORY__STMT_RANK_REMOVE);
		if (!s) {
			error = petory_error_last()->code;
			break;
		}
		sqlite3_bind_text(s, 1, board, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, member);
		error = petory__step_done(conn, s, 0);
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
		.incr = rank_incr,
		.top = rank_top,
		.score = rank_score,
		.rebuild = rank_rebuild,
		.remove = rank_remove,
	};
	*out = &rs->base;
	return 0;
}
