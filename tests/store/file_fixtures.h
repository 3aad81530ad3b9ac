/* file_fixtures.h -- rows the files, pets and albums conformance tests
 * build on, made through the store tables only (users, files), so that
 * they hold on every backend; and the assertion of a fact.
 */
#ifndef PETORY_FILE_FIXTURES_H
#define PETORY_FILE_FIXTURES_H

#include "store_test.h"

/* Assert that expr fails with a fact: `code` and no API reason (the
 * code's own default reason, e.g. "NOT_FOUND"). */
#define assert_store_fact(code, expr) \
	cr_assert_petory_fails((code), fact_reason(code), expr)
const char *fact_reason(int code);

/* An ACTIVE user with role USER, nickname `name`, in `timezone`; its id. */
int64_t fixture_user(petory *db, const char *name, const char *timezone);

/* A fresh file record of owner for purpose, moved through the files
 * table to `state` (PENDING, RECEIVING or UPLOADED); *key_out gets its
 * key. */
void fixture_file(petory_file_key *key_out, petory *db, int64_t owner,
	petory_file_purpose purpose, petory_file_state state);

/* The record of key, which must exist. */
petory_file_rec fixture_file_rec(petory *db, const char *key);

/* Is there a record of key? */
int fixture_file_exists(petory *db, const char *key);

#endif
