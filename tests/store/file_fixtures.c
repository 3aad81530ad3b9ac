/* file_fixtures.c -- users and file records for the files, pets and
 * albums conformance tests (see file_fixtures.h).  Keys are 32 hex digits
 * from a per-process counter, so every call makes a new one.
 */
#include <stdio.h>
#include <string.h>

#include "file_fixtures.h"

const char *fact_reason(int code)
{
	switch (code) {
		/* clang-format off */
#define PETORY_XX(name, num, reason, text) case num: return reason;
	PETORY_ERROR_MAP(PETORY_XX)
#undef PETORY_XX
		/* clang-format on */
	}
	return "INTERNAL_ERROR";
}

int64_t fixture_user(petory *db, const char *name, const char *timezone)
{
	petory_user u;
	char email[96];
	memset(&u, 0, sizeof(u));
	snprintf(email, sizeof(email), "%s@example.com", name);
	u.email = email;
	u.nickname = (char *)name;
	u.timezone = (char *)timezone;
	u.roles = PETORY_ROLE_USER;
	u.status = PETORY_USER_ACTIVE;
	u.created_at = test_clock_now;
	cr_assert_petory_ok(
		petory__store_user_insert(db, &u, email, "not a real hash"));
	return u.id;
}

void fixture_file(petory_file_key *key_out, petory *db, int64_t owner,
	petory_file_purpose purpose, petory_file_state state)
{
	static unsigned long counter;
	unsigned long n = __atomic_add_fetch(&counter, 1, __ATOMIC_SEQ_CST);
	petory_file_rec r;
	memset(&r, 0, sizeof(r));
	snprintf(r.key, sizeof(r.key), "%032lx", n);
	r.owner_id = owner;
	r.purpose = purpose;
	snprintf(r.content_type, sizeof(r.content_type), "image/png");
	r.declared_size = 100;
	r.stored_size = -1;
	r.created_at = test_clock_now;
	r.upload_expires_at = test_clock_now + MINUTES(5);
	cr_assert_petory_ok(petory__store_file_insert(db, &r, "photo.png"));
	if (state >= PETORY_FILE_RECEIVING)
		cr_assert_petory_ok(petory__store_file_set_state(db, r.key,
			1u << PETORY_FILE_PENDING, PETORY_FILE_RECEIVING, -1,
			test_clock_now));
	if (state >= PETORY_FILE_UPLOADED)
		cr_assert_petory_ok(petory__store_file_set_state(db, r.key,
			1u << PETORY_FILE_RECEIVING, PETORY_FILE_UPLOADED, 90,
			test_clock_now));
	cr_assert(state <= PETORY_FILE_UPLOADED, "attach through a resource");
	snprintf(key_out->key, sizeof(key_out->key), "%s", r.key);
}

petory_file_rec fixture_file_rec(petory *db, const char *key)
{
	petory_file_rec r;
	cr_assert_petory_ok(petory__store_file_get(&r, db, key));
	return r;
}

int fixture_file_exists(petory *db, const char *key)
{
	petory_file_rec r;
	int error = petory__store_file_get(&r, db, key);
	cr_assert(error == 0 || error == PETORY_ENOTFOUND, "file_get: %s",
		petory_error_last()->message);
	return error == 0;
}
