/* place_rank.c -- the popularity boards of places and the Redis fallback.
 *
 * Boards: "ALL" and one per place type (its name); a member is a place id,
 * its score the place's like_count.  The SQL likes are the truth: a like
 * changes place_likes and like_count in one transaction, then the boards
 * move by the rows that changed.  db->rank_lock orders these: like
 * changes hold it shared (from the SQL transaction to the rank update),
 * board moves, rebuilds and fallback switches hold it exclusive, so a
 * rebuild from the truth never races a half-applied like.
 *
 * The fallback wrapper ("redis+sqlite") serves from the primary (Redis)
 * while it answers.  A failed call marks a switch pending; the switch
 * (exclusive lock) rebuilds the secondary (SQLite) boards from the truth
 * and serves from it, logging one warning.  At most every PROBE_MS one
 * caller probes the primary (holding no lock); when it answers, its
 * boards are rebuilt from the truth before it serves again.  A write
 * that fails on the primary is not replayed: the rebuild of the switch
 * already contains it.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "domain/domain.h"
#include "store/calls.h"

#define PROBE_MS 2000
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

static void settle(petory *db);

void petory__rank_unlock(petory *db)
{
	/* every locked section changes places or their likes */
	petory__places_changed(db);
	pthread_rwlock_unlock(&db->rank_lock);
	settle(db);
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
	petory_rank_store *rs = db->rank;
	if (rs->incr(NULL, rs, BOARD_ALL, place_id, (double)delta) < 0 ||
		rs->incr(NULL, rs, petory_place_type_name(type), place_id,
			(double)delta) < 0)
		warn_rank("update", place_id);
}

void petory__rank_drop(petory *db, int64_t place_id, petory_place_type type)
{
	petory_rank_store *rs = db->rank;
	if (rs->remove(rs, BOARD_ALL, place_id) < 0 ||
		rs->remove(rs, petory_place_type_name(type), place_id) < 0)
		warn_rank("removal", place_id);
}

void petory__rank_put(petory *db, int64_t place_id, petory_place_type old_type,
	petory_place_type type, int64_t likes)
{
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

/* ------------------------------------------------------------------ */
/* The fallback wrapper                                                 */
/* ------------------------------------------------------------------ */

typedef struct fallback {
	petory_rank_store base; /* first */
	petory *db;
	petory_rank_store *primary, *secondary;
	atomic_bool down;    /* serving from the secondary */
	atomic_bool pending; /* the primary failed: switch to the secondary */
	atomic_llong next_probe;
} fallback;

static void fallback_free(petory_rank_store *rs)
{
	fallback *f = (fallback *)rs;
	f->primary->free(f->primary);
	f->secondary->free(f->secondary);
	free(f);
}

static fallback *fallback_of(petory *db)
{
	return db->rank && db->rank->free == fallback_free
		       ? (fallback *)db->rank
		       : NULL;
}

/* The backend that serves now; a failure of the primary marks a switch. */
static petory_rank_store *active(fallback *f)
{
	return atomic_load(&f->down) ? f->secondary : f->primary;
}

static int primary_failed(fallback *f, int error)
{
	if (error == PETORY_EBACKEND && !atomic_load(&f->down))
		atomic_store(&f->pending, true);
	return error;
}

/* Switch to the secondary (under the exclusive lock), or probe the
 * primary and switch back; called with no lock held.  One caller probes,
 * without the lock, so a hung Redis holds up that caller alone. */
static void settle(petory *db)
{
	fallback *f = fallback_of(db);
	petory_time_ms now;
	long long due;
	double probe;
	if (!f)
		return;
	now = petory_now(db);
	if (atomic_load(&f->pending) && !atomic_load(&f->down)) {
		pthread_rwlock_wrlock(&db->rank_lock);
		if (atomic_load(&f->pending) && !atomic_load(&f->down)) {
			if (petory__rank_rebuild_into(db, f->secondary, NULL) ==
				0) {
				atomic_store(&f->down, true);
				petory__log(PETORY_LOG_WARN,
					"Redis is unreachable: the place "
					"ranking is served from SQLite until "
					"it answers again");
			} else {
				petory__log(PETORY_LOG_ERROR,
					"ranking: rebuilding the SQLite boards "
					"failed: %s",
					petory_error_last()->message);
			}
			atomic_store(&f->pending, false);
			atomic_store(&f->next_probe, now + PROBE_MS);
		}
		pthread_rwlock_unlock(&db->rank_lock);
		return;
	}
	due = atomic_load(&f->next_probe);
	if (!atomic_load(&f->down) || now < due ||
		!atomic_compare_exchange_strong(
			&f->next_probe, &due, now + PROBE_MS))
		return;
	if (f->primary->score(&probe, f->primary, BOARD_ALL, 0) < 0 &&
		petory_error_last()->code != PETORY_ENOTFOUND)
		return;
	pthread_rwlock_wrlock(&db->rank_lock);
	if (atomic_load(&f->down) &&
		petory__rank_rebuild_into(db, f->primary, NULL) == 0) {
		atomic_store(&f->down, false);
		atomic_store(&f->pending, false);
		petory__log(PETORY_LOG_INFO,
			"Redis answers again: the place ranking is served "
			"from Redis (rebuilt from SQL)");
	}
	pthread_rwlock_unlock(&db->rank_lock);
}

bool petory__rank_degraded(petory *db)
{
	fallback *f = fallback_of(db);
	if (!f)
		return false;
	settle(db);
	return atomic_load(&f->down) || atomic_load(&f->pending);
}

/* Writes run under db->rank_lock held by the caller. */
static int fb_incr(double *score_out, petory_rank_store *rs, const char *board,
	int64_t member, double delta)
{
	fallback *f = (fallback *)rs;
	petory_rank_store *a = active(f);
	int error = a->incr(score_out, a, board, member, delta);
	return a == f->primary && primary_failed(f, error) < 0 ? 0 : error;
}

static int fb_remove(petory_rank_store *rs, const char *board, int64_t member)
{
	fallback *f = (fallback *)rs;
	petory_rank_store *a = active(f);
	int error = a->remove(a, board, member);
	return a == f->primary && primary_failed(f, error) < 0 ? 0 : error;
}

static int fb_rebuild(petory_rank_store *rs, const char *board,
	const petory_rank_entry *entries, size_t count)
{
	fallback *f = (fallback *)rs;
	petory_rank_store *a = active(f);
	int error = a->rebuild(a, board, entries, count);
	return a == f->primary && primary_failed(f, error) < 0 ? 0 : error;
}

/* Reads take the lock themselves; a failure of the primary switches and
 * reads again from the secondary. */
static int fb_top(petory_rank_entry **out, size_t *count_out,
	petory_rank_store *rs, const char *board, size_t limit)
{
	fallback *f = (fallback *)rs;
	int error, attempt;
	for (attempt = 0; attempt < 2; attempt++) {
		petory_rank_store *a;
		settle(f->db);
		pthread_rwlock_rdlock(&f->db->rank_lock);
		a = active(f);
		error = a->top(out, count_out, a, board, limit);
		if (a == f->primary)
			primary_failed(f, error);
		pthread_rwlock_unlock(&f->db->rank_lock);
		if (!(a == f->primary && error == PETORY_EBACKEND))
			break;
	}
	return error;
}

static int fb_score(
	double *out, petory_rank_store *rs, const char *board, int64_t member)
{
	fallback *f = (fallback *)rs;
	int error, attempt;
	for (attempt = 0; attempt < 2; attempt++) {
		petory_rank_store *a;
		settle(f->db);
		pthread_rwlock_rdlock(&f->db->rank_lock);
		a = active(f);
		error = a->score(out, a, board, member);
		if (a == f->primary)
			primary_failed(f, error);
		pthread_rwlock_unlock(&f->db->rank_lock);
		if (!(a == f->primary && error == PETORY_EBACKEND))
			break;
	}
	return error;
}

int petory__rank_fallback_new(petory_rank_store **out, petory *db,
	petory_rank_store *primary, petory_rank_store *secondary,
	bool primary_down)
{
	fallback *f = calloc(1, sizeof(*f));
	if (!f)
		return petory__error_oom();
	f->db = db;
	f->primary = primary;
	f->secondary = secondary;
	atomic_store(&f->down, primary_down);
	atomic_store(&f->next_probe, petory_now(db) + PROBE_MS);
	f->base = (petory_rank_store){
		.version = PETORY_RANK_STORE_VERSION,
		.name = "redis+sqlite",
		.free = fallback_free,
		.incr = fb_incr,
		.top = fb_top,
		.score = fb_score,
		.rebuild = fb_rebuild,
		.remove = fb_remove,
	};
	*out = &f->base;
	return 0;
}
