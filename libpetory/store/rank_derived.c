/* rank_derived.c -- the board names and the no-op writes that the derived
 * rank stores share (see rank_derived.h). */
#include <string.h>

#include "store/rank_derived.h"

int petory__rank_board_type(const char *board)
{
	int type;
	if (board && strcmp(board, "ALL") == 0)
		return PETORY__RANK_BOARD_ALL;
	type = petory_place_type_parse(board);
	return type >= 0 ? type : PETORY__RANK_BOARD_NONE;
}

int petory__rank_derived_incr(double *score_out, petory_rank_store *rs,
	const char *board, int64_t member, double delta)
{
	double score = 0;
	int error;
	(void)delta;
	if (!score_out)
		return 0;
	error = rs->score(&score, rs, board, member);
	if (error < 0 && error != PETORY_ENOTFOUND)
		return error;
	*score_out = error < 0 ? 0 : score;
	return 0;
}

int petory__rank_derived_incr_many(petory_rank_store *rs,
	const char *const *boards, size_t count, int64_t member, double delta)
{
	(void)rs;
	(void)boards;
	(void)count;
	(void)member;
	(void)delta;
	return 0;
}

int petory__rank_derived_rebuild(petory_rank_store *rs, const char *board,
	const petory_rank_entry *entries, size_t count)
{
	(void)rs;
	(void)board;
	(void)entries;
	(void)count;
	return 0;
}

int petory__rank_derived_remove(
	petory_rank_store *rs, const char *board, int64_t member)
{
	(void)rs;
	(void)board;
	(void)member;
	return 0;
}
