/* pet_growth.c -- growth diary records and lists: their frees.  Pure
 * functions over records. */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

void petory_growth_record_free(petory_growth_record *rec)
{
	if (!rec)
		return;
	free(rec->note);
	free(rec);
}

void petory__growth_records_free(petory_growth_record *rows, size_t n)
{
	size_t i;
	for (i = 0; rows && i < n; i++)
		free(rows[i].note);
	free(rows);
}

void petory_growth_range_dispose(petory_growth_range *list)
{
	if (!list)
		return;
	petory__growth_records_free(list->items, list->count);
	memset(list, 0, sizeof(*list));
}
