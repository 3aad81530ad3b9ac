/* place_rank.c -- the popularity boards of places.
 *
 * Boards: "ALL" and one per place type (its name); a member is a place id,
 * its score the place's like_count.  The SQL likes are the truth: a like
 * changes place_likes and like_count in one transaction.  A rank store
 * flagged PETORY_RANK_DERIVED (SQLite) reads its boards from like_count
 * itself, so nothing is written to it after that commit.  Any other
 * store (Redis, or the fallback decorator over Redis and SQLite) keeps
 * real boards that move by the rows that changed: both boards of a
 * place in one incr_many.  db->rank_lock orders these: like changes hold
 * it shared (from the SQL transaction to the rank update), board moves,
 * rebuilds and fallback switches hold it exclusive, so a rebuild from the
 * truth never races a half-applied like.  This file is the fallback's
 * owner (store/rank_fallback.c): it resyncs a backend's boards from the
 * truth and logs the switches.
 */
#include <stdatomic.h>
#include <stdlib.h>

#include "domain/domain.h"
#include "store/calls.h"

#define BOARD_ALL "ALL"

void petory__places_changed(petory *db)
{
	atomic_fetch_add(&db->places_generation, 1);
}

void petory__rank_lock(petory *db, bool exclusive)
{
	if (exclusive)
		pthread_rwlock_wrlock(&db->rank_lock);
	else
		pthread_rwlock_rdlock(&db->rank_lock);
}

void petory__rank_unlock(petory *db)
{
	/* every locked section changes places or their likes */
	petory__places_changed(db);
	pthread_rwlock_unlock(&db->rank_lock);
	petory__rank_fallback_settle(db->rank);
}

/* Do the boards of rs need writes after the truth changed? */
static bool keeps_boards(const petory_rank_store *rs)
{
	return !(petory__rank_store_flags(rs) & PETORY_RANK_DERIVED);
}

static void warn_rank(const char *what, int64_t place_id)
{
	petory__log(PETORY_LOG_WARN,
		"ranking: %s of place %lld failed (%s); petoryctl rank "
		"rebuild restores the boards",
		what, (long long)place_id, petory_error_last()->message);
}

void petory__rank_bump(
	petory *db, int64_t place_id, petory_place_type type, int64_t delta)
{
	const char *boards[] = { BOARD_ALL, petory_place_type_name(type) };
	if (keeps_boards(db->rank) &&
		petory__rank_store_incr_many(
			db->rank, boards, 2, place_id, (double)delta) < 0)
		warn_rank("update", place_id);
}

void petory__rank_drop(petory *db, int64_t place_id, petory_place_type type)
{
	petory_rank_store *rs = db->rank;
	if (!keeps_boards(rs))
		return;
	if (rs->remove(rs, BOARD_ALL, place_id) < 0 ||
		rs->remove(rs, petory_place_type_name(type), place_id) < 0)
		warn_rank("removal", place_id);
}

void petory__rank_put(petory *db, int64_t place_id, petory_place_type old_type,
	petory_place_type type, int64_t likes)
{
	if (!keeps_boards(db->rank))
		return;
	petory__rank_drop(db, place_id, old_type);
	if (old_type != type)
		petory__rank_drop(db, place_id, type);
	if (likes > 0)
		petory__rank_bump(db, place_id, type, likes);
}

int petory__rank_rebuild_into(
	petory *db, petory_rank_store *rs, int64_t *places_out)
{
	petory_rank_entry *entries;
	size_t count;
	int type, error;
	if (!keeps_boards(rs)) {
		/* derived boards are the truth: only count the ranked */
		if (!places_out)
			return 0;
		error = petory__store_place_rank_truth(
			&entries, &count, db, -1);
		free(entries);
		if (error == 0)
			*places_out = (int64_t)count;
		return error;
	}
	for (type = -1; type < PETORY_PLACE_TYPE_COUNT; type++) {
		const char *board = type < 0 ? BOARD_ALL
					     : petory_place_type_name(
						       (petory_place_type)type);
		if ((error = petory__store_place_rank_truth(
			     &entries, &count, db, type)) < 0)
			return error;
		error = rs->rebuild(rs, board, entries, count);
		free(entries);
		if (error < 0)
			return error;
		if (type < 0 && places_out)
			*places_out = (int64_t)count;
	}
	return 0;
}

static int resync(petory *db, petory_rank_store *target)
{
	return petory__rank_rebuild_into(db, target, NULL);
}

static void switched(petory *db, bool degraded)
{
	if (degraded)
		petory__log(PETORY_LOG_WARN,
			"Redis is unreachable: the place ranking is served "
			"from %s until it answers again",
			petory__database_kind(db));
	else
		petory__log(PETORY_LOG_INFO,
			"Redis answers again: the place ranking is served "
			"from Redis (rebuilt from SQL)");
}

const petory__rank_fallback_owner petory__place_rank_owner = {
	resync,
	switched,
};

bool petory__rank_degraded(petory *db)
{
	return petory__rank_fallback_degraded(db->rank);
}
