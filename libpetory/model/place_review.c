/* place_review.c -- review and report records of places (reviews, lists
 * of them, the review feed, reports): their frees.  Pure functions over
 * records. */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

void petory_review_free(petory_review *r)
{
	if (!r)
		return;
	free(r->nickname);
	free(r->content);
	free(r);
}

void petory_review_list_free(petory_review *items, size_t n)
{
	size_t i;
	for (i = 0; items && i < n; i++) {
		free(items[i].nickname);
		free(items[i].content);
	}
	free(items);
}

void petory_report_free(petory_report *r)
{
	if (!r)
		return;
	free(r->content);
	free(r->reason);
	free(r);
}

void petory_review_feed_dispose(petory_review_feed *feed)
{
	if (!feed)
		return;
	petory_review_list_free(feed->items, feed->count);
	memset(feed, 0, sizeof(*feed));
}
