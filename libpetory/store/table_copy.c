/* table_copy.c -- the name lists of store/table_copy.h. */
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "store/table_copy.h"

int petory__names_add(petory__names *names, const char *name)
{
	char **items, *copy = strdup(name);

	if (!copy)
		return petory__error_oom();
	items = realloc(names->items, (names->count + 1) * sizeof(*items));
	if (!items) {
		free(copy);
		return petory__error_oom();
	}
	items[names->count++] = copy;
	names->items = items;
	return 0;
}

long petory__names_find(const petory__names *names, const char *name)
{
	size_t i;

	for (i = 0; i < names->count; i++)
		if (strcmp(names->items[i], name) == 0)
			return (long)i;
	return -1;
}

void petory__names_free(petory__names *names)
{
	size_t i;

	for (i = 0; i < names->count; i++)
		free(names->items[i]);
	free(names->items);
	names->items = NULL;
	names->count = 0;
}
