/* daily.h -- the question of the day and the users' answers to it.
 *
 * One question per calendar day (MM-dd; 366 shipped in Korean and English
 * and loaded at open).  "Today" is the caller's local date in their time
 * zone (anonymous callers: the configured zone).  Questions are managed by
 * ADMINs; answers belong to their author: another user's answer answers
 * ENOTFOUND "DAILY_QNA_NOT_FOUND".  Wrong-state changes are ECONFLICT with
 * the original's reasons (QUESTION_IS_DEACTIVATED, DAILY_QNA_IS_HIDDEN…).
 */
#ifndef PETORY_DAILY_H
#define PETORY_DAILY_H

#include "common.h"
#include "types.h"

PETORY_BEGIN_DECL

typedef enum petory_daily_status {
	PETORY_DAILY_ACTIVE = 0,
	PETORY_DAILY_INACTIVE, /**< questions; HIDDEN for answers */
	PETORY_DAILY_DELETED
} petory_daily_status;
#define PETORY_DAILY_HIDDEN PETORY_DAILY_INACTIVE

typedef struct petory_daily_question {
	int64_t id;
	char date[6];      /**< "MM-dd" */
	char *question;    /**< Korean (or the admin's text) */
	char *question_en; /**< English */
	petory_daily_status status;
	petory_time_ms created_at;
	petory_time_ms updated_at;
	petory_time_ms deleted_at; /**< 0: not deleted */
} petory_daily_question;

typedef struct petory_daily_question_page {
	petory_daily_question *items;
	size_t count;
	int64_t total;
	int64_t page;
	int64_t size;
} petory_daily_question_page;

typedef struct petory_daily_answer {
	int64_t id;
	int64_t question_id;
	int64_t user_id;
	char *answer;
	char day[11]; /**< the author's local date "YYYY-MM-DD" */
	petory_daily_status status;
	petory_time_ms created_at;
	petory_time_ms updated_at;
	petory_time_ms deleted_at;
} petory_daily_answer;

typedef struct petory_daily_answer_page {
	petory_daily_answer *items;
	size_t count;
	int64_t total;
	int64_t page;
	int64_t size;
} petory_daily_answer_page;

/** Question input: question 1-85 characters, question_en 1-255 or NULL
 * (then the same text), date "MM-dd" naming a real day (02-29 too). */
typedef struct petory_daily_question_input {
	const char *question;
	const char *question_en;
	const char *date;
} petory_daily_question_input;

/** State changes of a question (ADMIN). */
typedef enum petory_daily_question_action {
	PETORY_DAILY_Q_INACTIVATE, /**< ACTIVE -> INACTIVE */
	PETORY_DAILY_Q_ACTIVATE,   /**< INACTIVE -> ACTIVE */
	PETORY_DAILY_Q_DELETE,     /**< ACTIVE|INACTIVE -> DELETED */
	PETORY_DAILY_Q_RESTORE     /**< DELETED -> ACTIVE */
} petory_daily_question_action;

/** State changes of an answer: HIDE/SHOW by the author, DELETE/RESTORE
 * by an ADMIN. */
typedef enum petory_daily_answer_action {
	PETORY_DAILY_A_HIDE,   /**< ACTIVE -> HIDDEN */
	PETORY_DAILY_A_SHOW,   /**< HIDDEN -> ACTIVE */
	PETORY_DAILY_A_DELETE, /**< ACTIVE|HIDDEN -> DELETED */
	PETORY_DAILY_A_RESTORE /**< DELETED -> ACTIVE */
} petory_daily_answer_action;

PETORY_EXTERN void petory_daily_question_free(petory_daily_question *q);
PETORY_EXTERN void petory_daily_question_page_dispose(
	petory_daily_question_page *page);
PETORY_EXTERN void petory_daily_answer_free(petory_daily_answer *a);
PETORY_EXTERN void petory_daily_answer_page_dispose(
	petory_daily_answer_page *page);
PETORY_EXTERN const char *petory_daily_question_status_name(
	petory_daily_status s);
PETORY_EXTERN const char *petory_daily_answer_status_name(
	petory_daily_status s);

/** Anyone (actor may be NULL): the ACTIVE question of the caller's local
 * date.  ENOTFOUND "TODAY_QUESTION_IS_DEACTIVATED" when there is none. */
PETORY_EXTERN int petory_daily_question_today(
	petory_daily_question **out, petory *db, const petory_identity *actor);

/** ADMIN.  ECONFLICT "DATE_IS_EXIST" when the date is taken. */
PETORY_EXTERN int petory_daily_question_create(petory_daily_question **out,
	petory *db, const petory_identity *actor,
	const petory_daily_question_input *in);

/** ADMIN: an ACTIVE or INACTIVE question; ENOTFOUND "QUESTION_NOT_FOUND". */
PETORY_EXTERN int petory_daily_question_get(petory_daily_question **out,
	petory *db, const petory_identity *actor, int64_t id);

/** ADMIN: replace the text (and date) of an ACTIVE or INACTIVE question;
 * absent fields stay. */
PETORY_EXTERN int petory_daily_question_update(petory_daily_question **out,
	petory *db, const petory_identity *actor, int64_t id,
	const petory_daily_question_input *in);

/** ADMIN: PETORY_DAILY_ACTIVE lists ACTIVE and INACTIVE by date;
 * INACTIVE and DELETED list those (by updated or deleted time).  Page
 * size default 50. */
PETORY_EXTERN int petory_daily_question_list(petory_daily_question_page *out,
	petory *db, const petory_identity *actor, petory_daily_status which,
	const petory_page_req *page);

PETORY_EXTERN int petory_daily_question_change(petory *db,
	const petory_identity *actor, int64_t id,
	petory_daily_question_action action);

/** A user answers an ACTIVE question (answer 1-255 characters); once per
 * question per local day: ECONFLICT "ALREADY_WRITTEN_TODAY". */
PETORY_EXTERN int petory_daily_answer_create(petory_daily_answer **out,
	petory *db, const petory_identity *actor, int64_t question_id,
	const char *answer);

/** The actor's ACTIVE answers to a question, all years, newest first. */
PETORY_EXTERN int petory_daily_answer_list_mine(petory_daily_answer_page *out,
	petory *db, const petory_identity *actor, int64_t question_id);

/** Author: change the text of an ACTIVE answer. */
PETORY_EXTERN int petory_daily_answer_update(petory_daily_answer **out,
	petory *db, const petory_identity *actor, int64_t id,
	const char *answer);

PETORY_EXTERN int petory_daily_answer_change(petory *db,
	const petory_identity *actor, int64_t id,
	petory_daily_answer_action action);

/** The actor's HIDDEN answers, newest first (default size 10). */
PETORY_EXTERN int petory_daily_answer_list_hidden(petory_daily_answer_page *out,
	petory *db, const petory_identity *actor, const petory_page_req *page);

/** ADMIN: a user's DELETED answers, newest first (default size 50). */
PETORY_EXTERN int petory_daily_answer_list_deleted(
	petory_daily_answer_page *out, petory *db, const petory_identity *actor,
	int64_t user_id, const petory_page_req *page);

/** ADMIN (or petoryctl): load the shipped questions; dates already
 * present are left as they are.  *inserted_out may be NULL. */
PETORY_EXTERN int petory_daily_questions_load(
	petory *db, const petory_identity *actor, int64_t *inserted_out);

PETORY_END_DECL

#endif
