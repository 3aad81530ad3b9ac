/* daily.c -- daily-question and daily-answer records: their frees and the
 * names of their statuses.  Pure functions over records. */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

static const char *const question_status_names[] = { "ACTIVE", "INACTIVE",
	"DELETED" };
static const char *const answer_status_names[] = { "ACTIVE", "HIDDEN",
	"DELETED" };

const char *petory_daily_question_status_name(petory_daily_status s)
{
	return (unsigned)s < 3 ? question_status_names[s] : "UNKNOWN";
}

const char *petory_daily_answer_status_name(petory_daily_status s)
{
	return (unsigned)s < 3 ? answer_status_names[s] : "UNKNOWN";
}

static void question_clear(petory_daily_question *q)
{
	free(q->question);
	free(q->question_en);
}

void petory_daily_question_free(petory_daily_question *q)
{
	if (!q)
		return;
	question_clear(q);
	free(q);
}

void petory_daily_question_page_dispose(petory_daily_question_page *page)
{
	size_t i;
	if (!page)
		return;
	for (i = 0; i < page->count; i++)
		question_clear(&page->items[i]);
	free(page->items);
	memset(page, 0, sizeof(*page));
}

void petory_daily_answer_free(petory_daily_answer *a)
{
	if (!a)
		return;
	free(a->answer);
	free(a);
}

void petory_daily_answer_page_dispose(petory_daily_answer_page *page)
{
	size_t i;
	if (!page)
		return;
	for (i = 0; i < page->count; i++)
		free(page->items[i].answer);
	free(page->items);
	memset(page, 0, sizeof(*page));
}
