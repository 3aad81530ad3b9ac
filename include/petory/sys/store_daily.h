/* sys/store_daily.h -- the store table of daily questions and answers.
 *
 * One of the per-domain tables of petory_store (sys/store.h).  Its
 * `version` comes first and only grows: methods are appended at the
 * end, each valid from the version noted above it.  A method reports
 * facts (rows, states, outcomes); rules and reason codes belong to the
 * domain layer that calls it.
 */
#ifndef PETORY_SYS_STORE_DAILY_H
#define PETORY_SYS_STORE_DAILY_H

#include "store_records.h"
#include "../daily.h"

PETORY_BEGIN_DECL

#define PETORY_STORE_DAILY_VERSION 1

typedef struct petory_store_daily {
	unsigned int version; /**< PETORY_STORE_DAILY_VERSION; first */

	/* Version 1. */
	/** Insert rows whose date is free (the others are skipped), in one
	 * transaction; *inserted_out counts the rows inserted. */
	int (*daily_question_load)(int64_t *inserted_out, petory_store *st,
		const petory_daily_question *rows, size_t count,
		petory_time_ms now);
	/** Insert q; sets q->id.  EEXISTS when another question holds
	 * q->date. */
	int (*daily_question_insert)(
		petory_store *st, petory_daily_question *q);
	/** Any status; ENOTFOUND when absent. */
	int (*daily_question_get)(
		petory_daily_question **out, petory_store *st, int64_t id);
	/** The question of date ("MM-dd"), any status; ENOTFOUND when
	 * none. */
	int (*daily_question_by_date)(petory_daily_question **out,
		petory_store *st, const char *date);
	/** Set date and texts of q->id when its status is in from_mask:
	 * ENOTFOUND when absent, ECONFLICT when its status is elsewhere,
	 * EEXISTS when another question holds q->date. */
	int (*daily_question_update)(petory_store *st,
		const petory_daily_question *q, unsigned from_mask);
	/** Compare-and-set the status from one in from_mask to `to` (DELETED
	 * sets deleted_at): ENOTFOUND when absent, ECONFLICT when its status
	 * is elsewhere. */
	int (*daily_question_set_status)(petory_store *st, int64_t id,
		unsigned from_mask, petory_daily_status to, petory_time_ms now);
	/** Statuses in mask; by_change orders by the last change instead of
	 * the date. */
	int (*daily_question_list)(petory_daily_question_page *out,
		petory_store *st, unsigned mask, int by_change, int64_t offset,
		int64_t limit);
	/** Insert a; sets a->id.  EEXISTS when the user already answered
	 * that question on a->day; ENOTFOUND when the question or the user
	 * does not exist. */
	int (*daily_answer_insert)(petory_store *st, petory_daily_answer *a);
	/** Anyone's, any status; ENOTFOUND when absent. */
	int (*daily_answer_get)(
		petory_daily_answer **out, petory_store *st, int64_t id);
	/** Replace the text when the status is in from_mask: ENOTFOUND when
	 * absent, ECONFLICT when its status is elsewhere. */
	int (*daily_answer_update)(petory_store *st, int64_t id,
		unsigned from_mask, const char *answer, petory_time_ms now);
	/** Like daily_question_set_status, for an answer. */
	int (*daily_answer_set_status)(petory_store *st, int64_t id,
		unsigned from_mask, petory_daily_status to, petory_time_ms now);
	/** A user's answers in `status` (question_id 0: any), newest first. */
	int (*daily_answer_list)(petory_daily_answer_page *out,
		petory_store *st, int64_t user_id, int64_t question_id,
		petory_daily_status status, int64_t offset, int64_t limit);
	/* Methods above are valid for version 1.  Append only. */
} petory_store_daily;

PETORY_END_DECL

#endif
