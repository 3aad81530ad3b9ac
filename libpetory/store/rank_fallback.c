/* rank_fallback.c -- a rank store that decorates two others (flag
 * PETORY_RANK_FALLBACK): it serves from its primary (Redis) while that
 * answers, and from its secondary (SQLite) while it does not.
 *
 * A failed call on the primary (EUNAVAILABLE, EBACKEND) marks a switch
 * pending; the switch runs in settle(), under db->rank_lock held
 * exclusive: the owner's resync callback rebuilds the secondary's boards
 * from the truth, then the secondary serves and the owner is told (it
 * logs the switch).  At most every PROBE_MS one caller probes the primary
 * (holding no lock, so a hung server holds up that caller alone); when it
 * answers, its boards are resynced under the exclusive lock before it
 * serves again.  A write that fails on the primary is not replayed: the
 * resync of the switch already contains it.
 *
 * The contract with the owner (domain/place_rank.c): every change of the
 * truth holds db->rank_lock shared from its commit through the rank
 * writes that follow it, and calls petory__rank_fallback_settle() after
 * releasing it; so a resync never races a half-applied change.  Reads
 * take the shared lock themselves and settle first.  The decorator knows
 * nothing of what the boards mean.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/internal.h"
#include "store/calls.h"
#include "store/store_internal.h"

#define PROBE_MS 2000
#define PROBE_BOARD "probe"

typedef struct fallback {
	petory_rank_store base; /* first */
	petory *db;
	petory_rank_store *primary, *secondary;
	const petory__rank_fallback_owner *owner;
	char name[64];
	atomic_bool down;    /* serving from the secondary */
	atomic_bool pending; /* the primary failed: switch to the secondary */
	atomic_llong next_probe;
} fallback;

static fallback *fallback_of(petory_rank_store *rs)
{
	return rs && (petory__rank_store_flags(rs) & PETORY_RANK_FALLBACK)
		       ? (fallback *)rs
		       : NULL;
}

static void fallback_free(petory_rank_store *rs)
{
	fallback *f = (fallback *)rs;
	f->primary->free(f->primary);
	f->secondary->free(f->secondary);
	free(f);
}

/* The backend that serves now. */
static petory_rank_store *active(fallback *f)
{
	return atomic_load(&f->down) ? f->secondary : f->primary;
}

/* Did the primary fail (a is the backend called)?  Then a switch is
 * pending. */
static bool primary_failed(fallback *f, petory_rank_store *a, int error)
{
	if (a != f->primary ||
		(error != PETORY_EUNAVAILABLE && error != PETORY_EBACKEND))
		return false;
	if (!atomic_load(&f->down))
		atomic_store(&f->pending, true);
	return true;
}

/* A write's result: a failure of the primary is not the caller's (the
 * switch's resync contains the write). */
static int written(fallback *f, petory_rank_store *a, int error)
{
	return primary_failed(f, a, error) ? 0 : error;
}

/* Under the exclusive lock: the pending switch to the secondary. */
static void switch_to_secondary(fallback *f, petory_time_ms now)
{
	if (f->owner->resync(f->db, f->secondary) == 0) {
		atomic_store(&f->down, true);
		f->owner->switched(f->db, true);
	} else {
		petory__log(PETORY_LOG_ERROR,
			"ranking: resyncing the %s boards failed: %s",
			f->secondary->name, petory_error_last()->message);
	}
	atomic_store(&f->pending, false);
	atomic_store(&f->next_probe, now + PROBE_MS);
}

/* Switch to the secondary, or probe the primary and switch back; called
 * with no lock held. */
static void settle(fallback *f)
{
	pthread_rwlock_t *lock = &f->db->rank_lock;
	petory_time_ms now = petory_now(f->db);
	long long due;
	double probe;
	if (atomic_load(&f->pending) && !atomic_load(&f->down)) {
		pthread_rwlock_wrlock(lock);
		if (atomic_load(&f->pending) && !atomic_load(&f->down))
			switch_to_secondary(f, now);
		pthread_rwlock_unlock(lock);
		return;
	}
	due = atomic_load(&f->next_probe);
	if (!atomic_load(&f->down) || now < due ||
		!atomic_compare_exchange_strong(
			&f->next_probe, &due, now + PROBE_MS))
		return;
	if (f->primary->score(&probe, f->primary, PROBE_BOARD, 0) < 0 &&
		petory_error_last()->code != PETORY_ENOTFOUND)
		return;
	pthread_rwlock_wrlock(lock);
	if (atomic_load(&f->down) && f->owner->resync(f->db, f->primary) == 0) {
		atomic_store(&f->down, false);
		atomic_store(&f->pending, false);
		f->owner->switched(f->db, false);
	}
	pthread_rwlock_unlock(lock);
}

void petory__rank_fallback_settle(petory_rank_store *rs)
{
	fallback *f = fallback_of(rs);
	if (f)
		settle(f);
}

bool petory__rank_fallback_degraded(petory_rank_store *rs)
{
	fallback *f = fallback_of(rs);
	if (!f)
		return false;
	settle(f);
	return atomic_load(&f->down) || atomic_load(&f->pending);
}

/* Writes run under db->rank_lock held (shared) by the caller. */
static int fb_incr(double *score_out, petory_rank_store *rs, const char *board,
	int64_t member, double delta)
{
	fallback *f = (fallback *)rs;
	petory_rank_store *a = active(f);
	return written(f, a, a->incr(score_out, a, board, member, delta));
}

static int fb_incr_many(petory_rank_store *rs, const char *const *boards,
	size_t count, int64_t member, double delta)
{
	fallback *f = (fallback *)rs;
	petory_rank_store *a = active(f);
	return written(f, a,
		petory__rank_store_incr_many(a, boards, count, member, delta));
}

static int fb_remove(petory_rank_store *rs, const char *board, int64_t member)
{
	fallback *f = (fallback *)rs;
	petory_rank_store *a = active(f);
	return written(f, a, a->remove(a, board, member));
}

static int fb_rebuild(petory_rank_store *rs, const char *board,
	const petory_rank_entry *entries, size_t count)
{
	fallback *f = (fallback *)rs;
	petory_rank_store *a = active(f);
	return written(f, a, a->rebuild(a, board, entries, count));
}

/* A read: settle, read the active backend under the shared lock; a
 * failure of the primary switches and reads again from the secondary. */
#define FALLBACK_READ(f, a, call)                                   \
	do {                                                        \
		int attempt_, error_ = 0;                           \
		for (attempt_ = 0; attempt_ < 2; attempt_++) {      \
			petory_rank_store *a;                       \
			bool failed_;                               \
			settle(f);                                  \
			pthread_rwlock_rdlock(&(f)->db->rank_lock); \
			a = active(f);                              \
			error_ = (call);                            \
			failed_ = primary_failed(f, a, error_);     \
			pthread_rwlock_unlock(&(f)->db->rank_lock); \
			if (!failed_)                               \
				break;                              \
		}                                                   \
		return error_;                                      \
	} while (0)

static int fb_top(petory_rank_entry **out, size_t *count_out,
	petory_rank_store *rs, const char *board, size_t limit)
{
	fallback *f = (fallback *)rs;
	FALLBACK_READ(f, a, a->top(out, count_out, a, board, limit));
}

static int fb_score(
	double *out, petory_rank_store *rs, const char *board, int64_t member)
{
	fallback *f = (fallback *)rs;
	FALLBACK_READ(f, a, a->score(out, a, board, member));
}

int petory__rank_fallback_new(petory_rank_store **out, petory *db,
	petory_rank_store *primary, petory_rank_store *secondary,
	bool primary_down, const petory__rank_fallback_owner *owner)
{
	fallback *f = calloc(1, sizeof(*f));
	if (!f)
		return petory__error_oom();
	f->db = db;
	f->primary = primary;
	f->secondary = secondary;
	f->owner = owner;
	snprintf(f->name, sizeof(f->name), "%s+%s", primary->name,
		secondary->name);
	atomic_store(&f->down, primary_down);
	atomic_store(&f->next_probe, petory_now(db) + PROBE_MS);
	f->base = (petory_rank_store){
		.version = PETORY_RANK_STORE_VERSION,
		.name = f->name,
		.free = fallback_free,
		.incr = fb_incr,
		.top = fb_top,
		.score = fb_score,
		.rebuild = fb_rebuild,
		.remove = fb_remove,
		.flags = PETORY_RANK_FALLBACK,
		.incr_many = fb_incr_many,
	};
	*out = &f->base;
	return 0;
}
