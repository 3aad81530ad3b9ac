/* market_rows.h -- what the market tables' conformance tests (boards.c,
 * trades.c, chat.c) stand on: the users and uploaded files of
 * file_fixtures.h, and a check that a call wrote nothing.
 */
#ifndef PETORY_MARKET_ROWS_H
#define PETORY_MARKET_ROWS_H

#include "file_fixtures.h"

/* The time every market test writes at. */
#define MARKET_T0 TEST_EPOCH_MS

/* expr reports the fact "absent": ENOTFOUND and no reason of its own. */
#define assert_absent(expr) assert_store_fact(PETORY_ENOTFOUND, expr)

/* A user named `name` (its nickname; email name@example.com). */
#define market_user(db, name) fixture_user((db), (name), "Asia/Seoul")

/* A file of owner for purpose, its bytes uploaded, not yet attached; its
 * key is written into key (48 bytes) and returned. */
const char *market_file(
	char *key, petory *db, int64_t owner, petory_file_purpose purpose);

/* The record of file key, which must exist. */
#define market_file_rec fixture_file_rec

/* Assert that db holds what the snapshot `before` (freed here) held. */
void market_assert_unchanged(
	const store_backend *b, petory *db, char *before, const char *what);

#endif
