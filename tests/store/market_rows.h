/* market_rows.h -- what the market tables' conformance tests (boards.c,
 * trades.c, chat.c) stand on: users and uploaded files, made through the
 * users' and files' store wrappers, and the assertions they share.
 */
#ifndef PETORY_MARKET_ROWS_H
#define PETORY_MARKET_ROWS_H

#include "store_test.h"

/* The time every market test writes at. */
#define MARKET_T0 TEST_EPOCH_MS

/* expr fails with the fact `code` and no reason of its own: the store
 * names no API reason (the domain does). */
#define assert_fact(code, default_reason, expr)                               \
	do {                                                                  \
		int rc_ = (expr);                                             \
		cr_assert_eq(rc_, (code), "%s -> %s (%s)", #expr,             \
			petory_error_name(rc_), petory_error_last()->reason); \
		cr_assert_str_eq(petory_error_last()->reason,                 \
			(default_reason), "%s named a reason", #expr);        \
	} while (0)
#define assert_absent(expr) assert_fact(PETORY_ENOTFOUND, "NOT_FOUND", expr)

/* A user named `name` (its nickname; email name@example.com). */
int64_t market_user(petory *db, const char *name);

/* A file of owner for purpose (chat: of room chat_room_id), its bytes
 * uploaded, not yet attached; its key is written into key (48 bytes). */
const char *market_file(char *key, petory *db, int64_t owner,
	petory_file_purpose purpose, int64_t chat_room_id);

/* The record of file key, which must exist. */
petory_file_rec market_file_rec(petory *db, const char *key);

/* Assert that db holds what the snapshot `before` (freed here) held. */
void market_assert_unchanged(
	const store_backend *b, petory *db, char *before, const char *what);

#endif
