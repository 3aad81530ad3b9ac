/* json_daily.c -- the API's JSON shapes of notifications, daily questions
 * and daily answers.  Each function returns a new reference or NULL on
 * allocation failure; ids are always present so that a client can act on
 * what it reads. */
#include <string.h>

#include "core/internal.h"
#include "petory/json.h"

json_t *petory_notification_to_json(const petory_notification *n)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:b, s:o}", "id",
		(json_int_t)n->id, "type",
		petory_notification_type_name(n->type), "content", n->content,
		"link", n->link ? json_string(n->link) : json_null(), "read",
		n->read, "createdAt", petory_time_to_json(n->created_at));
}

json_t *petory_daily_question_to_json(const petory_daily_question *q)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "id",
		(json_int_t)q->id, "question", q->question, "questionEn",
		q->question_en, "date", q->date, "status",
		petory_daily_question_status_name(q->status), "createdAt",
		petory_time_to_json(q->created_at), "updatedAt",
		petory_time_to_json(q->updated_at), "deletedAt",
		petory_time_to_json(q->deleted_at));
}

json_t *petory_daily_question_today_to_json(
	const petory_daily_question *q, const char *lang)
{
	const char *text =
		lang && strcmp(lang, "en") == 0 ? q->question_en : q->question;
	return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)q->id, "question",
		text, "date", q->date);
}

json_t *petory_daily_answer_to_json(const petory_daily_answer *a)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:o}", "id",
		(json_int_t)a->id, "questionId", (json_int_t)a->question_id,
		"answer", a->answer, "status",
		petory_daily_answer_status_name(a->status), "createdAt",
		petory_time_to_json(a->created_at), "updatedAt",
		petory_time_to_json(a->updated_at), "deletedAt",
		petory_time_to_json(a->deleted_at));
}
