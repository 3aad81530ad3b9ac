/* place_rows.h -- rows the places and reviews conformance tests start
 * from, made through the store wrappers only (users, uploaded files,
 * places), and the assertion that a store answered a bare fact.
 */
#ifndef PETORY_STORE_PLACE_ROWS_H
#define PETORY_STORE_PLACE_ROWS_H

#include "store_test.h"

/* The time every row of these tests is written at. */
#define PLACE_ROWS_NOW TEST_EPOCH_MS

/* A user (role USER) numbered n: user<n>@example.com; returns its id. */
int64_t place_rows_user(petory *db, int n);

/* An ACTIVE place with no images; returns its id. */
int64_t place_rows_place(petory *db, const char *name, const char *address,
	petory_place_type type, double lat, double lng);

/* A file of owner_id for purpose "place", UPLOADED and not attached:
 * its key, "place-<n>", written into key (48 bytes). */
void place_rows_file(petory *db, int64_t owner_id, int n, char key[48]);

/* The place as the store has it (any status). */
petory_place *place_rows_get(petory *db, int64_t id);

/* expr returns `code` as a bare fact: the generic reason of that code
 * and no API reason (the domain names those). */
#define assert_store_fact(code, expr)                                          \
	do {                                                                   \
		int rc_ = (expr);                                              \
		char reason_[64];                                              \
		cr_assert_eq(rc_, (code), "%s -> %s (%s), expected %s", #expr, \
			petory_error_name(rc_), petory_error_last()->message,  \
			petory_error_name(code));                              \
		snprintf(reason_, sizeof(reason_), "%s",                       \
			petory_error_last()->reason);                          \
		petory_error_set((code), NULL, NULL);                          \
		cr_assert_str_eq(reason_, petory_error_last()->reason,         \
			"%s: the store named a reason of its own", #expr);     \
	} while (0)

/* A digest of every row before and after a refused call: equal. */
#define assert_writes_nothing(b, db, what, expr)               \
	do {                                                   \
		char *before_ = (b)->snapshot(db), *after_;    \
		expr;                                          \
		after_ = (b)->snapshot(db);                    \
		store_assert_unchanged(before_, after_, what); \
		free(before_);                                 \
		free(after_);                                  \
	} while (0)

#endif
