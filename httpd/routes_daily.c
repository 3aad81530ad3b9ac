/* routes_daily.c -- the question of the day (anyone), its administration
 * (ADMIN) and the users' answers (author; delete/restore ADMIN).
 *
 * Every answer carries the ids a client needs for its next call: today's
 * question its id, an answer its id and questionId.  State changes answer
 * 204; a wrong state 409 with the original's code.
 */
#include <stdio.h>
#include <string.h>

#include <petory.h>
#include <petory/json.h>

#include "http_util.h"
#include "input.h"
#include "routes.h"

void route_daily_today(struct request *r)
{
	const char *lang = input_query(r, "lang", INPUT_OPTIONAL);
	petory_daily_question *q = NULL;
	int rc;

	if (lang && strcmp(lang, "ko") != 0 && strcmp(lang, "en") != 0)
		input_error(r, "lang", "must be ko or en");
	if (input_failed(r))
		return;
	rc = petory_daily_question_today(
		&q, r->srv->db, r->authenticated ? &r->who : NULL);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, 200, petory_daily_question_today_to_json(q, lang));
	petory_daily_question_free(q);
}

static void read_question(struct request *r, petory_daily_question_input *in,
	enum input_need need)
{
	in->question = input_string(r, "question", need);
	in->question_en = input_string(r, "questionEn", INPUT_OPTIONAL);
	in->date = input_string(r, "date", need);
}

static void reply_question(
	struct request *r, unsigned status, petory_daily_question *q)
{
	if (status == 201) {
		char location[64];
		snprintf(location, sizeof(location), "/daily-questions/%lld",
			(long long)q->id);
		reply_json(r, status, petory_daily_question_to_json(q));
		reply_header(r, "Location", location);
	} else {
		reply_json(r, status, petory_daily_question_to_json(q));
	}
	petory_daily_question_free(q);
}

void route_daily_create(struct request *r)
{
	petory_daily_question_input in;
	petory_daily_question *q = NULL;
	int rc;

	/* the library names a missing field with every other bad value */
	read_question(r, &in, INPUT_LIBRARY);
	if (input_failed(r))
		return;
	rc = petory_daily_question_create(&q, r->srv->db, &r->who, &in);
	if (rc < 0)
		reply_error(r, rc);
	else
		reply_question(r, 201, q);
}

void route_daily_get(struct request *r)
{
	petory_daily_question *q = NULL;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	if (input_failed(r))
		return;
	if ((rc = petory_daily_question_get(&q, r->srv->db, &r->who, id)) < 0)
		reply_error(r, rc);
	else
		reply_question(r, 200, q);
}

void route_daily_update(struct request *r)
{
	petory_daily_question_input in;
	petory_daily_question *q = NULL;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	read_question(r, &in, INPUT_OPTIONAL);
	if (input_failed(r))
		return;
	rc = petory_daily_question_update(&q, r->srv->db, &r->who, id, &in);
	if (rc < 0)
		reply_error(r, rc);
	else
		reply_question(r, 200, q);
}

static void list_questions(struct request *r, petory_daily_status which)
{
	petory_daily_question_page page;
	petory_page_req req;
	json_t *items;
	size_t i;
	int rc;

	input_page(r, &req);
	if (input_failed(r))
		return;
	rc = petory_daily_question_list(
		&page, r->srv->db, &r->who, which, &req);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	items = json_array();
	for (i = 0; items && i < page.count; i++)
		json_array_append_new(
			items, petory_daily_question_to_json(&page.items[i]));
	reply_json(r, 200,
		petory_page_to_json(items, page.page, page.size, page.total));
	petory_daily_question_page_dispose(&page);
}

void route_daily_list(struct request *r)
{
	list_questions(r, PETORY_DAILY_ACTIVE);
}

void route_daily_list_inactive(struct request *r)
{
	list_questions(r, PETORY_DAILY_INACTIVE);
}

void route_daily_list_deleted(struct request *r)
{
	list_questions(r, PETORY_DAILY_DELETED);
}

static void change_question(
	struct request *r, petory_daily_question_action action)
{
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	if (input_failed(r))
		return;
	rc = petory_daily_question_change(r->srv->db, &r->who, id, action);
	if (rc < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}

void route_daily_delete(struct request *r)
{
	change_question(r, PETORY_DAILY_Q_DELETE);
}

void route_daily_inactivate(struct request *r)
{
	change_question(r, PETORY_DAILY_Q_INACTIVATE);
}

void route_daily_activate(struct request *r)
{
	change_question(r, PETORY_DAILY_Q_ACTIVATE);
}

void route_daily_restore(struct request *r)
{
	change_question(r, PETORY_DAILY_Q_RESTORE);
}

/* ---- answers ---- */

static void reply_answer_page(
	struct request *r, petory_daily_answer_page *page, int paged)
{
	json_t *items = json_array();
	size_t i;

	for (i = 0; items && i < page->count; i++)
		json_array_append_new(
			items, petory_daily_answer_to_json(&page->items[i]));
	if (paged)
		reply_json(r, 200,
			petory_page_to_json(
				items, page->page, page->size, page->total));
	else
		reply_json(r, 200, items);
	petory_daily_answer_page_dispose(page);
}

void route_daily_answer_create(struct request *r)
{
	petory_daily_answer *a = NULL;
	const char *text;
	char location[80];
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	text = input_string(r, "answer", INPUT_REQUIRED);
	if (input_failed(r))
		return;
	rc = petory_daily_answer_create(&a, r->srv->db, &r->who, id, text);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	snprintf(location, sizeof(location),
		"/daily-questions/%lld/daily-answers", (long long)id);
	reply_json(r, 201, petory_daily_answer_to_json(a));
	reply_header(r, "Location", location);
	petory_daily_answer_free(a);
}

void route_daily_answer_list(struct request *r)
{
	petory_daily_answer_page page;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	if (input_failed(r))
		return;
	rc = petory_daily_answer_list_mine(&page, r->srv->db, &r->who, id);
	if (rc < 0)
		reply_error(r, rc);
	else
		reply_answer_page(r, &page, 0);
}

void route_daily_answer_update(struct request *r)
{
	petory_daily_answer *a = NULL;
	const char *text;
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	text = input_string(r, "answer", INPUT_REQUIRED);
	if (input_failed(r))
		return;
	rc = petory_daily_answer_update(&a, r->srv->db, &r->who, id, text);
	if (rc < 0) {
		reply_error(r, rc);
		return;
	}
	reply_json(r, 200, petory_daily_answer_to_json(a));
	petory_daily_answer_free(a);
}

static void change_answer(struct request *r, petory_daily_answer_action action)
{
	int64_t id = 0;
	int rc;

	input_path_id(r, "id", &id);
	if (input_failed(r))
		return;
	rc = petory_daily_answer_change(r->srv->db, &r->who, id, action);
	if (rc < 0)
		reply_error(r, rc);
	else
		reply_empty(r, 204);
}

void route_daily_answer_hide(struct request *r)
{
	change_answer(r, PETORY_DAILY_A_HIDE);
}

void route_daily_answer_show(struct request *r)
{
	change_answer(r, PETORY_DAILY_A_SHOW);
}

void route_daily_answer_delete(struct request *r)
{
	change_answer(r, PETORY_DAILY_A_DELETE);
}

void route_daily_answer_restore(struct request *r)
{
	change_answer(r, PETORY_DAILY_A_RESTORE);
}

void route_daily_answer_hidden(struct request *r)
{
	petory_daily_answer_page page;
	petory_page_req req;
	int rc;

	input_page(r, &req);
	if (input_failed(r))
		return;
	rc = petory_daily_answer_list_hidden(&page, r->srv->db, &r->who, &req);
	if (rc < 0)
		reply_error(r, rc);
	else
		reply_answer_page(r, &page, 1);
}

void route_daily_answer_deleted(struct request *r)
{
	petory_daily_answer_page page;
	petory_page_req req;
	int64_t user_id = 0;
	int rc;

	input_path_id(r, "userId", &user_id);
	input_page(r, &req);
	if (input_failed(r))
		return;
	rc = petory_daily_answer_list_deleted(
		&page, r->srv->db, &r->who, user_id, &req);
	if (rc < 0)
		reply_error(r, rc);
	else
		reply_answer_page(r, &page, 1);
}
