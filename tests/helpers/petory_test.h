/* petory_test.h -- shared helpers of the Criterion suites: assertions that
 * print petory_error_last(), a fresh database per test in a temp dir, and
 * a clock the test moves by hand (tests never sleep). */
#ifndef PETORY_TEST_H
#define PETORY_TEST_H

#include <criterion/criterion.h>

#include "domain/domain.h"
#include "store/calls.h"

#define cr_assert_petory_ok(expr)                                             \
	do {                                                                  \
		int rc_;                                                      \
		petory_error_clear();                                         \
		rc_ = (expr);                                                 \
		cr_assert_eq(rc_, PETORY_OK, "%s -> %s: %s [%s]", #expr,      \
			petory_error_name(rc_), petory_error_last()->message, \
			petory_error_last()->reason);                         \
	} while (0)

#define cr_assert_petory_fails(code, reason_, expr)                            \
	do {                                                                   \
		int rc_ = (expr);                                              \
		cr_assert_eq(rc_, (code), "%s -> %s (%s), expected %s", #expr, \
			petory_error_name(rc_), petory_error_last()->reason,   \
			petory_error_name(code));                              \
		if ((reason_) != NULL)                                         \
			cr_assert_str_eq(petory_error_last()->reason,          \
				(const char *)(reason_), "%s", #expr);         \
	} while (0)

/* The test clock: starts at 2026-11-25T00:00:00Z. */
extern petory_time_ms test_clock_now;
petory_time_ms test_clock(void *payload);
#define TEST_EPOCH_MS 1795564800000LL
#define MINUTES(n) ((petory_time_ms)(n)*60 * 1000)
#define DAYS(n) ((petory_time_ms)(n)*24 * 3600 * 1000)

/* A temp directory for this test (removed by test_db_close). */
const char *test_dir(void);
/* Options for a fast, test-clocked handle on test_dir()/petory.db, with
 * files in test_dir()/files. */
void test_options(petory_options *opts);
/* Open a fresh handle with test_options. */
petory *test_db_open(void);
void test_db_close(petory *db);

/* Create an account (role USER, as petoryctl does: no verification
 * mail) and return its id. */
int64_t test_user(petory *db, const char *email);
/* Identity of a user, as a token check would build it. */
petory_identity test_identity(petory *db, int64_t user_id);
/* Log in and verify: the identity behind a fresh access token. */
void test_login(petory_tokens *out, petory *db, const char *email);

/* Count the statements of store/sqlite/statements.h (not SQLite's own,
 * such as those inside FTS5) that any connection of db's pool starts
 * from now until test_statements_stop, which returns the count. */
void test_statements_start(petory *db);
int test_statements_stop(petory *db);

/* A file of `who` for `purpose`, presigned and uploaded through the
 * library (a small PNG); returns its key (static storage, one of 8). */
const char *test_image_key(
	petory *db, const petory_identity *who, const char *purpose);
/* The same for purpose "chat" (or any) naming a chat room. */
const char *test_image_key_for_room(petory *db, const petory_identity *who,
	const char *purpose, int64_t chat_room_id);

#endif
