/* accounts_fixture.h -- rows the conformance tests of the accounts tables
 * (users, notifications, daily, events) set up through the store's own
 * wrappers, and the check that a store reports a fact without an API
 * reason.
 */
#ifndef PETORY_STORE_ACCOUNTS_FIXTURE_H
#define PETORY_STORE_ACCOUNTS_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "store_test.h"

/* expr fails with `code` and the code's default reason: a store names
 * facts, never the API's reasons. */
#define cr_assert_store_fact(code, expr)                                       \
	do {                                                                   \
		int rc_ = (expr);                                              \
		char reason_[64];                                              \
		cr_assert_eq(rc_, (code), "%s -> %s (%s), expected %s", #expr, \
			petory_error_name(rc_), petory_error_last()->reason,   \
			petory_error_name(code));                              \
		snprintf(reason_, sizeof(reason_), "%s",                       \
			petory_error_last()->reason);                          \
		petory_error_set((code), NULL, "default");                     \
		cr_assert_str_eq(reason_, petory_error_last()->reason,         \
			"%s set the reason %s", #expr, reason_);               \
	} while (0)

/* A user inserted as the store's callers do: email lower-cased is the
 * key, nickname the email's local part, created (and status changed) at
 * `at`. */
static inline int64_t fixture_user_at(petory *db, const char *email,
	petory_user_status status, unsigned roles, petory_time_ms at)
{
	char nickname[64], norm[128];
	petory_user u = { 0 };
	size_t i;
	snprintf(nickname, sizeof(nickname), "%.*s", (int)strcspn(email, "@"),
		email);
	for (i = 0; email[i] && i + 1 < sizeof(norm); i++)
		norm[i] = (char)(email[i] >= 'A' && email[i] <= 'Z'
					 ? email[i] - 'A' + 'a'
					 : email[i]);
	norm[i] = '\0';
	u.email = (char *)email;
	u.nickname = nickname;
	u.timezone = "Asia/Seoul";
	u.roles = roles;
	u.status = status;
	u.created_at = at;
	cr_assert_petory_ok(petory__store_user_insert(db, &u, norm, "hash"));
	cr_assert_gt(u.id, 0);
	return u.id;
}

/* An ACTIVE USER created at the test epoch. */
static inline int64_t fixture_user(petory *db, const char *email)
{
	return fixture_user_at(
		db, email, PETORY_USER_ACTIVE, PETORY_ROLE_USER, TEST_EPOCH_MS);
}

#endif
