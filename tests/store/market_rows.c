/* market_rows.c -- users and uploaded files for the market tables' tests
 * (see market_rows.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "market_rows.h"

int64_t market_user(petory *db, const char *name)
{
	char email[96];
	petory_user u;
	snprintf(email, sizeof(email), "%s@example.com", name);
	memset(&u, 0, sizeof(u));
	u.email = email;
	u.nickname = (char *)name;
	u.timezone = "Asia/Seoul";
	u.roles = PETORY_ROLE_USER;
	u.status = PETORY_USER_ACTIVE;
	u.created_at = MARKET_T0;
	cr_assert_petory_ok(petory__store_user_insert(db, &u, email, NULL));
	return u.id;
}

const char *market_file(char *key, petory *db, int64_t owner,
	petory_file_purpose purpose, int64_t chat_room_id)
{
	static unsigned long long next;
	petory_file_rec rec;
	memset(&rec, 0, sizeof(rec));
	snprintf(key, 48, "%016llx%016llx", (unsigned long long)owner, ++next);
	snprintf(rec.key, sizeof(rec.key), "%s", key);
	rec.owner_id = owner;
	rec.purpose = purpose;
	snprintf(rec.content_type, sizeof(rec.content_type), "image/png");
	rec.declared_size = 16;
	rec.chat_room_id = chat_room_id;
	rec.created_at = MARKET_T0;
	rec.upload_expires_at = MARKET_T0 + 5 * 60 * 1000;
	cr_assert_petory_ok(petory__store_file_insert(db, &rec, "t.png"));
	cr_assert_petory_ok(
		petory__store_file_set_state(db, key, 1u << PETORY_FILE_PENDING,
			PETORY_FILE_UPLOADED, 16, MARKET_T0));
	return key;
}

petory_file_rec market_file_rec(petory *db, const char *key)
{
	petory_file_rec rec;
	cr_assert_petory_ok(petory__store_file_get(&rec, db, key));
	return rec;
}

void market_assert_unchanged(
	const store_backend *b, petory *db, char *before, const char *what)
{
	char *after = b->snapshot(db);
	store_assert_unchanged(before, after, what);
	free(before);
	free(after);
}
