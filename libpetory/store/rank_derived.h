/* rank_derived.h -- what every PETORY_RANK_DERIVED rank store shares
 * (store/sqlite/place_rank.c, store/postgres/place_rank.c): which place
 * boards there are, and the writes, which change nothing because the
 * boards are read from places.
 *
 * Board "ALL" holds every ACTIVE place liked at least once, a type's name
 * (petory_place_type_name) the ACTIVE places of that type; the score is
 * like_count, highest first, ties by id.  Any other board is empty.
 */
#ifndef PETORY_RANK_DERIVED_H
#define PETORY_RANK_DERIVED_H

#include "core/internal.h"

/* The board read from every ACTIVE place. */
#define PETORY__RANK_BOARD_ALL (-1)
/* A board no place derives (empty, no scores). */
#define PETORY__RANK_BOARD_NONE (-2)

/* The place type whose board `board` is, or one of the two above. */
int petory__rank_board_type(const char *board);

/* The writes of a derived store, for its method table.  incr changes
 * nothing and gives the member's score through the store's own score
 * (0 when it has none); the others succeed doing nothing. */
int petory__rank_derived_incr(double *score_out, petory_rank_store *rs,
	const char *board, int64_t member, double delta);
int petory__rank_derived_incr_many(petory_rank_store *rs,
	const char *const *boards, size_t count, int64_t member, double delta);
int petory__rank_derived_rebuild(petory_rank_store *rs, const char *board,
	const petory_rank_entry *entries, size_t count);
int petory__rank_derived_remove(
	petory_rank_store *rs, const char *board, int64_t member);

#endif
