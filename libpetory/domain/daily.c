/* daily.c -- the question of the day and the answers to it.
 *
 * Questions: one per MM-dd, managed by ADMINs; the 366 shipped ones are
 * embedded (data/daily_questions.tsv) and loaded with "insert unless the
 * date exists", so a second load adds nothing and never overwrites an
 * admin's edit.  Nothing is cached: "today" reads the row on every call,
 * so an admin's change is visible to the next request.
 *
 * Answers: one per user per question per local day (a unique index on
 * the author's date in their own zone).  The author edits, hides and
 * shows; an ADMIN deletes and restores.  Another user's answer answers
 * ENOTFOUND "DAILY_QNA_NOT_FOUND".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"

extern const unsigned char petory__daily_questions_tsv[];
extern const size_t petory__daily_questions_tsv_size;

#define SEED_META_KEY "daily_questions_loaded"

/* ---- the shipped questions ---- */

/* Split the embedded TSV (MM-dd TAB ko TAB en) into rows pointing into
 * one writable copy. */
static int parse_seed(
	petory_daily_question **rows_out, size_t *count_out, char **text_out)
{
	char *text = malloc(petory__daily_questions_tsv_size + 1), *line;
	petory_daily_question *rows = calloc(366, sizeof(*rows));
	size_t n = 0;

	if (!text || !rows) {
		free(text);
		free(rows);
		return petory__error_oom();
	}
	memcpy(text, petory__daily_questions_tsv,
		petory__daily_questions_tsv_size);
	text[petory__daily_questions_tsv_size] = '\0';
	for (line = text; line && *line && n < 366;) {
		char *next = strchr(line, '\n');
		char *ko, *en;
		if (next)
			*next++ = '\0';
		ko = strchr(line, '\t');
		en = ko ? strchr(ko + 1, '\t') : NULL;
		if (ko && en && ko - line == 5) {
			*ko++ = '\0';
			*en++ = '\0';
			memcpy(rows[n].date, line, 6);
			rows[n].question = ko;
			rows[n].question_en = en;
			n++;
		}
		line = next;
	}
	*rows_out = rows;
	*count_out = n;
	*text_out = text;
	return 0;
}

static int load_shipped(petory *db, int64_t *inserted_out)
{
	petory_daily_question *rows = NULL;
	size_t count = 0;
	char *text = NULL;
	int64_t inserted = 0;
	int error;

	if ((error = parse_seed(&rows, &count, &text)) < 0)
		return error;
	error = petory__store_daily_question_load(
		&inserted, db, rows, count, petory_now(db));
	free(rows);
	free(text);
	if (inserted_out)
		*inserted_out = inserted;
	if (!error && inserted)
		petory__log(PETORY_LOG_INFO, "loaded %lld daily questions",
			(long long)inserted);
	return error;
}

int petory__daily_questions_seed(petory *db)
{
	char *value = NULL;
	int error = petory__store_meta_get(&value, db, SEED_META_KEY);

	free(value);
	if (error == 0)
		return 0;
	if (error != PETORY_ENOTFOUND)
		return error;
	if ((error = load_shipped(db, NULL)) < 0)
		return error;
	error = petory__store_meta_put_if_absent(
		&value, db, SEED_META_KEY, "1");
	free(value);
	return error;
}

int petory_daily_questions_load(
	petory *db, const petory_identity *actor, int64_t *inserted_out)
{
	int error;
	if (!db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	if ((error = petory__require_admin(actor)) < 0)
		return error;
	return load_shipped(db, inserted_out);
}

/* ---- questions ---- */

int petory_daily_question_today(
	petory_daily_question **out, petory *db, const petory_identity *actor)
{
	petory__date today;
	char md[8];
	int error;

	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = petory__actor_date(&today, db, actor, petory_now(db))) < 0)
		return error;
	snprintf(md, sizeof(md), "%02d-%02d", today.month, today.day);
	error = petory__store_daily_question_by_date(out, db, md);
	if (error == 0 && (*out)->status != PETORY_DAILY_ACTIVE) {
		petory_daily_question_free(*out);
		*out = NULL;
		error = PETORY_ENOTFOUND;
	}
	if (error == PETORY_ENOTFOUND)
		return petory_error_set(PETORY_ENOTFOUND,
			"TODAY_QUESTION_IS_DEACTIVATED",
			"there is no active question for %s", md);
	return error;
}

static int check_question(
	const petory_daily_question_input *in, int require_all)
{
	petory__invalid v;
	petory__invalid_begin(&v);
	if (require_all || in->question)
		petory__check_text(&v, "question", in->question, 1, 85);
	if (in->question_en)
		petory__check_text(&v, "questionEn", in->question_en, 1, 255);
	if (require_all && !in->date)
		petory__invalid_field(&v, "date", "is required");
	else if (in->date && !petory__month_day_valid(in->date))
		petory__invalid_field(
			&v, "date", "must be MM-dd naming a calendar day");
	return petory__invalid_end(&v);
}

static int question_not_found(void)
{
	return petory_error_set(
		PETORY_ENOTFOUND, "QUESTION_NOT_FOUND", "no such question");
}

static int answer_not_found(void)
{
	return petory_error_set(
		PETORY_ENOTFOUND, "DAILY_QNA_NOT_FOUND", "no such answer");
}

/* A question by id, any status. */
static int load_question(petory_daily_question **out, petory *db, int64_t id)
{
	int error = petory__store_daily_question_get(out, db, id);
	return error == PETORY_ENOTFOUND ? question_not_found() : error;
}

/* An answer by id, anyone's, any status. */
static int load_answer(petory_daily_answer **out, petory *db, int64_t id)
{
	int error = petory__store_daily_answer_get(out, db, id);
	return error == PETORY_ENOTFOUND ? answer_not_found() : error;
}

/* The store's answer to a change of a question (not_found:
 * question_not_found) or an answer made on the status read before: a
 * status changed meanwhile is ECONFLICT, a date another question holds
 * DATE_IS_EXIST. */
static int changed(int error, int (*not_found)(void))
{
	switch (error) {
	case PETORY_ENOTFOUND:
		return not_found();
	case PETORY_ECONFLICT:
		return petory_error_set(PETORY_ECONFLICT, NULL,
			"the record changed meanwhile; try again");
	case PETORY_EEXISTS:
		return petory_error_set(PETORY_ECONFLICT, "DATE_IS_EXIST",
			"another question already has this date");
	}
	return error;
}

int petory_daily_question_create(petory_daily_question **out, petory *db,
	const petory_identity *actor, const petory_daily_question_input *in)
{
	petory_daily_question q = { 0 };
	int error;

	if (!out || !db || !in)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = petory__require_admin(actor)) < 0 ||
		(error = check_question(in, 1)) < 0)
		return error;
	memcpy(q.date, in->date, 6);
	q.question = (char *)in->question;
	q.question_en =
		(char *)(in->question_en ? in->question_en : in->question);
	q.status = PETORY_DAILY_ACTIVE;
	q.created_at = petory_now(db);
	if ((error = changed(petory__store_daily_question_insert(db, &q),
		     question_not_found)) < 0)
		return error;
	return load_question(out, db, q.id);
}

/* An ACTIVE or INACTIVE question (ADMIN views). */
static int get_live_question(
	petory_daily_question **out, petory *db, int64_t id)
{
	int error = load_question(out, db, id);
	if (error == 0 && (*out)->status == PETORY_DAILY_DELETED) {
		petory_daily_question_free(*out);
		*out = NULL;
		return question_not_found();
	}
	return error;
}

int petory_daily_question_get(petory_daily_question **out, petory *db,
	const petory_identity *actor, int64_t id)
{
	int error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = petory__require_admin(actor)) < 0)
		return error;
	return get_live_question(out, db, id);
}

int petory_daily_question_update(petory_daily_question **out, petory *db,
	const petory_identity *actor, int64_t id,
	const petory_daily_question_input *in)
{
	static const petory_daily_question_input empty;
	petory_daily_question *cur = NULL, next;
	unsigned live =
		(1u << PETORY_DAILY_ACTIVE) | (1u << PETORY_DAILY_INACTIVE);
	int error;

	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if (!in)
		in = &empty;
	if ((error = petory__require_admin(actor)) < 0 ||
		(error = check_question(in, 0)) < 0 ||
		(error = get_live_question(&cur, db, id)) < 0)
		return error;
	next = *cur;
	if (in->date)
		memcpy(next.date, in->date, 6);
	if (in->question)
		next.question = (char *)in->question;
	if (in->question_en)
		next.question_en = (char *)in->question_en;
	next.updated_at = petory_now(db);
	error = changed(petory__store_daily_question_update(db, &next, live),
		question_not_found);
	petory_daily_question_free(cur);
	if (error < 0)
		return error;
	return load_question(out, db, id);
}

int petory_daily_question_list(petory_daily_question_page *out, petory *db,
	const petory_identity *actor, petory_daily_status which,
	const petory_page_req *page)
{
	int64_t p, s;
	unsigned mask;
	int error;

	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = petory__require_admin(actor)) < 0 ||
		(error = petory__check_page(page, 50, &p, &s)) < 0)
		return error;
	mask = which == PETORY_DAILY_ACTIVE
		       ? (1u << PETORY_DAILY_ACTIVE) |
				 (1u << PETORY_DAILY_INACTIVE)
		       : 1u << which;
	if ((error = petory__store_daily_question_list(out, db, mask,
		     which != PETORY_DAILY_ACTIVE, p * s, s)) < 0)
		return error;
	out->page = p;
	out->size = s;
	return 0;
}

/* One state transition: the states it starts from, where it goes, and the
 * reason when the row is in the wrong state. */
struct transition {
	unsigned from;
	petory_daily_status to;
	const char *reason;
};

static const struct transition question_moves[] = {
	[PETORY_DAILY_Q_INACTIVATE] = { 1u << PETORY_DAILY_ACTIVE,
		PETORY_DAILY_INACTIVE, "QUESTION_IS_DEACTIVATED" },
	[PETORY_DAILY_Q_ACTIVATE] = { 1u << PETORY_DAILY_INACTIVE,
		PETORY_DAILY_ACTIVE, "QUESTION_IS_NOT_DEACTIVATED" },
	[PETORY_DAILY_Q_DELETE] = { (1u << PETORY_DAILY_ACTIVE) |
					    (1u << PETORY_DAILY_INACTIVE),
		PETORY_DAILY_DELETED, "QUESTION_IS_DELETED" },
	[PETORY_DAILY_Q_RESTORE] = { 1u << PETORY_DAILY_DELETED,
		PETORY_DAILY_ACTIVE, "QUESTION_IS_NOT_DELETED" },
};

static const struct transition answer_moves[] = {
	[PETORY_DAILY_A_HIDE] = { 1u << PETORY_DAILY_ACTIVE,
		PETORY_DAILY_HIDDEN, "DAILY_QNA_IS_HIDDEN" },
	[PETORY_DAILY_A_SHOW] = { 1u << PETORY_DAILY_HIDDEN,
		PETORY_DAILY_ACTIVE, "DAILY_QNA_IS_NOT_HIDDEN" },
	[PETORY_DAILY_A_DELETE] = { (1u << PETORY_DAILY_ACTIVE) |
					    (1u << PETORY_DAILY_HIDDEN),
		PETORY_DAILY_DELETED, "DAILY_QNA_IS_DELETED" },
	[PETORY_DAILY_A_RESTORE] = { 1u << PETORY_DAILY_DELETED,
		PETORY_DAILY_ACTIVE, "DAILY_QNA_IS_NOT_DELETED" },
};

static int wrong_state(const char *reason)
{
	return petory_error_set(PETORY_ECONFLICT, reason,
		"the record is not in a state that allows this change");
}

int petory_daily_question_change(petory *db, const petory_identity *actor,
	int64_t id, petory_daily_question_action action)
{
	petory_daily_question *q = NULL;
	const struct transition *t;
	int error;

	if (!db || (unsigned)action > PETORY_DAILY_Q_RESTORE)
		return petory_error_set(PETORY_EINVALID, NULL, "bad argument");
	t = &question_moves[action];
	if ((error = petory__require_admin(actor)) < 0 ||
		(error = load_question(&q, db, id)) < 0)
		return error;
	error = (t->from & (1u << q->status)) ? 0 : wrong_state(t->reason);
	petory_daily_question_free(q);
	if (error < 0)
		return error;
	return changed(petory__store_daily_question_set_status(
			       db, id, t->from, t->to, petory_now(db)),
		question_not_found);
}

/* ---- answers ---- */

static int require_user(const petory_identity *actor)
{
	if (!actor || actor->user_id <= 0)
		return petory_error_set(PETORY_EAUTH, "UNAUTHORIZED",
			"authentication required");
	return 0;
}

static int check_answer(const char *answer)
{
	petory__invalid v;
	petory__invalid_begin(&v);
	petory__check_multiline_text(&v, "answer", answer, 1, 255);
	return petory__invalid_end(&v);
}

int petory_daily_answer_create(petory_daily_answer **out, petory *db,
	const petory_identity *actor, int64_t question_id, const char *answer)
{
	petory_daily_question *q = NULL;
	petory_daily_answer a = { 0 };
	petory__date today;
	int error;

	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = require_user(actor)) < 0 ||
		(error = check_answer(answer)) < 0 ||
		(error = load_question(&q, db, question_id)) < 0)
		return error;
	if (q->status == PETORY_DAILY_DELETED)
		error = question_not_found();
	else if (q->status == PETORY_DAILY_INACTIVE)
		error = wrong_state("QUESTION_IS_DEACTIVATED");
	petory_daily_question_free(q);
	if (error < 0)
		return error;
	a.created_at = petory_now(db);
	if ((error = petory__actor_date(&today, db, actor, a.created_at)) < 0)
		return error;
	petory__date_format(a.day, sizeof(a.day), &today);
	a.question_id = question_id;
	a.user_id = actor->user_id;
	a.answer = (char *)answer;
	error = petory__store_daily_answer_insert(db, &a);
	if (error == PETORY_EEXISTS)
		return petory_error_set(PETORY_ECONFLICT,
			"ALREADY_WRITTEN_TODAY",
			"you already answered this question today");
	if (error == PETORY_ENOTFOUND)
		return question_not_found();
	if (error < 0)
		return error;
	return load_answer(out, db, a.id);
}

int petory_daily_answer_list_mine(petory_daily_answer_page *out, petory *db,
	const petory_identity *actor, int64_t question_id)
{
	int error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = require_user(actor)) < 0)
		return error;
	if (question_id <= 0)
		return question_not_found();
	/* The newest 1,000 (at most one a day per question). */
	return petory__store_daily_answer_list(out, db, actor->user_id,
		question_id, PETORY_DAILY_ACTIVE, 0, 1000);
}

/* The answer `id` when the actor may act on it as its author (admins too
 * when admin_ok); someone else's answers ENOTFOUND. */
static int get_answer(petory_daily_answer **out, petory *db,
	const petory_identity *actor, int64_t id, int admin_ok)
{
	int error = load_answer(out, db, id);
	if (error < 0)
		return error;
	if ((*out)->user_id != actor->user_id &&
		!(admin_ok && petory__is_admin(actor))) {
		petory_daily_answer_free(*out);
		*out = NULL;
		return answer_not_found();
	}
	return 0;
}

int petory_daily_answer_update(petory_daily_answer **out, petory *db,
	const petory_identity *actor, int64_t id, const char *answer)
{
	petory_daily_answer *a = NULL;
	int error;

	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	if ((error = require_user(actor)) < 0 ||
		(error = check_answer(answer)) < 0 ||
		(error = get_answer(&a, db, actor, id, 0)) < 0)
		return error;
	if (a->status == PETORY_DAILY_HIDDEN)
		error = wrong_state("DAILY_QNA_IS_HIDDEN");
	else if (a->status == PETORY_DAILY_DELETED)
		error = answer_not_found();
	petory_daily_answer_free(a);
	if (error < 0 || (error = changed(petory__store_daily_answer_update(db,
						  id, 1u << PETORY_DAILY_ACTIVE,
						  answer, petory_now(db)),
				  answer_not_found)) < 0)
		return error;
	return load_answer(out, db, id);
}

int petory_daily_answer_change(petory *db, const petory_identity *actor,
	int64_t id, petory_daily_answer_action action)
{
	petory_daily_answer *a = NULL;
	const struct transition *t;
	int admin_action, error;

	if (!db || (unsigned)action > PETORY_DAILY_A_RESTORE)
		return petory_error_set(PETORY_EINVALID, NULL, "bad argument");
	t = &answer_moves[action];
	admin_action = action == PETORY_DAILY_A_DELETE ||
		       action == PETORY_DAILY_A_RESTORE;
	if (admin_action)
		error = petory__require_admin(actor);
	else
		error = require_user(actor);
	if (error < 0 ||
		(error = get_answer(&a, db, actor, id, admin_action)) < 0)
		return error;
	/* The author does not see an answer an admin deleted. */
	if (!admin_action && a->status == PETORY_DAILY_DELETED)
		error = answer_not_found();
	else if (!(t->from & (1u << a->status)))
		error = wrong_state(t->reason);
	petory_daily_answer_free(a);
	if (error < 0)
		return error;
	return changed(petory__store_daily_answer_set_status(
			       db, id, t->from, t->to, petory_now(db)),
		answer_not_found);
}

int petory_daily_answer_list_hidden(petory_daily_answer_page *out, petory *db,
	const petory_identity *actor, const petory_page_req *page)
{
	int64_t p, s;
	int error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = require_user(actor)) < 0 ||
		(error = petory__check_page(page, 10, &p, &s)) < 0)
		return error;
	if ((error = petory__store_daily_answer_list(out, db, actor->user_id, 0,
		     PETORY_DAILY_HIDDEN, p * s, s)) < 0)
		return error;
	out->page = p;
	out->size = s;
	return 0;
}

int petory_daily_answer_list_deleted(petory_daily_answer_page *out, petory *db,
	const petory_identity *actor, int64_t user_id,
	const petory_page_req *page)
{
	int64_t p, s;
	int error;
	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if ((error = petory__require_admin(actor)) < 0 ||
		(error = petory__check_page(page, 50, &p, &s)) < 0)
		return error;
	if ((error = petory__store_daily_answer_list(
		     out, db, user_id, 0, PETORY_DAILY_DELETED, p * s, s)) < 0)
		return error;
	out->page = p;
	out->size = s;
	return 0;
}
