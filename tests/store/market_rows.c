/* market_rows.c -- uploaded files and the unchanged-data check of the
 * market tables' tests (see market_rows.h). */
#include <stdio.h>
#include <stdlib.h>

#include "market_rows.h"

const char *market_file(
	char *key, petory *db, int64_t owner, petory_file_purpose purpose)
{
	petory_file_key made;
	fixture_file(&made, db, owner, purpose, PETORY_FILE_UPLOADED);
	snprintf(key, 48, "%s", made.key);
	return key;
}

void market_assert_unchanged(
	const store_backend *b, petory *db, char *before, const char *what)
{
	char *after = b->snapshot(db);
	store_assert_unchanged(before, after, what);
	free(before);
	free(after);
}
