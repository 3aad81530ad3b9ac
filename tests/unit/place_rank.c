/* place_rank.c -- the SQLite place ranking is a query on places: each of
 * its statements reads an index (or the primary key) in the board's own
 * order, with no sort and no scan of the table. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "petory_test.h"
#include "store/sqlite/sqlite_internal.h"

Test(place_rank_sql, boards_are_read_in_index_order)
{
	static const char *const statements[] = {
#define SQL_OF(id, text) text,
		PETORY__SQL_RANK(SQL_OF)
#undef SQL_OF
	};
	petory *db = test_db_open();
	sqlite3 *h = NULL;
	size_t i;
	cr_assert_eq(sqlite3_open_v2(
			     db->cfg.db_path, &h, SQLITE_OPEN_READONLY, NULL),
		SQLITE_OK);
	for (i = 0; i < sizeof(statements) / sizeof(statements[0]); i++) {
		char sql[1024], plan[1024] = "";
		sqlite3_stmt *s = NULL;
		snprintf(sql, sizeof(sql), "EXPLAIN QUERY PLAN %s",
			statements[i]);
		cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &s, NULL),
			SQLITE_OK, "%s: %s", statements[i], sqlite3_errmsg(h));
		while (sqlite3_step(s) == SQLITE_ROW) {
			strncat(plan, (const char *)sqlite3_column_text(s, 3),
				sizeof(plan) - strlen(plan) - 2);
			strcat(plan, ";");
		}
		sqlite3_finalize(s);
		cr_assert(strstr(plan, "COVERING INDEX places_rank_") ||
				  strstr(plan, "INTEGER PRIMARY KEY"),
			"%s: %s", statements[i], plan);
		cr_assert_null(strstr(plan, "TEMP B-TREE"), "%s: %s",
			statements[i], plan);
	}
	sqlite3_close(h);
	test_db_close(db);
}
