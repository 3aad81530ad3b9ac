/* place_rows.c -- the rows the places and reviews conformance tests
 * start from (see place_rows.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "place_rows.h"

int64_t place_rows_user(petory *db, int n)
{
	char email[64], nickname[32];
	petory_user u = { 0 };
	snprintf(email, sizeof(email), "user%d@example.com", n);
	snprintf(nickname, sizeof(nickname), "user%d", n);
	u.email = email;
	u.nickname = nickname;
	u.timezone = "Asia/Seoul";
	u.roles = PETORY_ROLE_USER;
	u.status = PETORY_USER_ACTIVE;
	u.created_at = u.updated_at = u.status_changed_at = PLACE_ROWS_NOW;
	cr_assert_petory_ok(
		petory__store_user_insert(db, &u, email, "not-a-real-hash"));
	return u.id;
}

int64_t place_rows_place(petory *db, const char *name, const char *address,
	petory_place_type type, double lat, double lng)
{
	petory_place p = { 0 };
	p.name = (char *)name;
	p.address = (char *)address;
	p.type = type;
	p.latitude = lat;
	p.longitude = lng;
	p.created_at = p.updated_at = PLACE_ROWS_NOW;
	cr_assert_petory_ok(petory__store_place_insert(db, &p));
	cr_assert_gt(p.id, 0);
	return p.id;
}

void place_rows_file(petory *db, int64_t owner_id, int n, char key[48])
{
	petory_file_rec rec = { 0 };
	snprintf(rec.key, sizeof(rec.key), "place-%d", n);
	rec.owner_id = owner_id;
	rec.purpose = PETORY_FILE_PLACE;
	snprintf(rec.content_type, sizeof(rec.content_type), "image/png");
	rec.declared_size = 100;
	rec.stored_size = -1;
	rec.state = PETORY_FILE_PENDING;
	rec.is_private = 1;
	rec.created_at = PLACE_ROWS_NOW;
	rec.upload_expires_at = PLACE_ROWS_NOW + MINUTES(5);
	cr_assert_petory_ok(petory__store_file_insert(db, &rec, "a.png"));
	cr_assert_petory_ok(petory__store_file_set_state(db, rec.key,
		1u << PETORY_FILE_PENDING, PETORY_FILE_UPLOADED, 100,
		PLACE_ROWS_NOW));
	memcpy(key, rec.key, sizeof(rec.key));
}

petory_place *place_rows_get(petory *db, int64_t id)
{
	petory_place *p = NULL;
	cr_assert_petory_ok(petory__store_place_get(&p, db, id, 0));
	cr_assert_not_null(p);
	return p;
}
