/* users.c -- profiles and the admin actions: who may do what, and that
 * each change reaches the next token check. */
#include <string.h>

#include "petory_test.h"

static petory *db;
static int64_t admin_id, user_id;
static petory_identity admin, user;

static void setup(void)
{
	test_clock_now = TEST_EPOCH_MS;
	db = test_db_open();
	admin_id = test_user(db, "admin@example.com");
	user_id = test_user(db, "user@example.com");
	cr_assert_petory_ok(petory_user_role_add(NULL, db,
		petory_identity_system(), admin_id, PETORY_ROLE_ADMIN));
	admin = test_identity(db, admin_id);
	user = test_identity(db, user_id);
}

static void teardown(void)
{
	test_db_close(db);
}

TestSuite(users, .init = setup, .fini = teardown);

Test(users, update_is_partial)
{
	petory_user *u;
	petory_user_patch p = { .mobile_num = "01012345678" };
	cr_assert_petory_ok(petory_user_update(&u, db, &user, user_id, &p));
	petory_user_free(u);
	p = (petory_user_patch){ .nickname = "바뀐이름",
		.timezone = "America/Los_Angeles" };
	cr_assert_petory_ok(petory_user_update(&u, db, &user, user_id, &p));
	cr_assert_str_eq(u->nickname, "바뀐이름");
	cr_assert_str_eq(u->mobile_num, "01012345678", "kept");
	cr_assert_str_eq(u->timezone, "America/Los_Angeles");
	petory_user_free(u);
	p = (petory_user_patch){ .mobile_num = "" };
	cr_assert_petory_ok(petory_user_update(&u, db, &user, user_id, &p));
	cr_assert_null(u->mobile_num, "cleared");
	petory_user_free(u);
}

Test(users, update_rejects_bad_fields_and_changes_nothing)
{
	petory_user *u;
	petory_user_patch p = { .nickname = "",
		.mobile_num = "0101234",
		.timezone = "Mars/Olympus" };
	cr_assert_petory_fails(PETORY_EINVALID, NULL,
		petory_user_update(&u, db, &user, user_id, &p));
	cr_assert_eq(petory_error_last()->field_count, 3);
	p = (petory_user_patch){ .mobile_num = "010-1234-5678" };
	cr_assert_petory_fails(PETORY_EINVALID, NULL,
		petory_user_update(&u, db, &user, user_id, &p));
	cr_assert_petory_ok(petory_user_get(&u, db, &user, user_id));
	cr_assert_str_eq(u->nickname, "tester");
	cr_assert_null(u->mobile_num);
	petory_user_free(u);
}

Test(users, another_users_account_is_not_found)
{
	petory_user *u;
	petory_user_patch p = { .nickname = "hijack" };
	cr_assert_petory_fails(PETORY_ENOTFOUND, "USER_NOT_FOUND",
		petory_user_get(&u, db, &user, admin_id));
	cr_assert_petory_fails(PETORY_ENOTFOUND, NULL,
		petory_user_update(&u, db, &user, admin_id, &p));
	cr_assert_petory_fails(
		PETORY_EPERM, NULL, petory_user_delete(db, &user, admin_id));
	cr_assert_petory_ok(petory_user_get(&u, db, &admin, user_id));
	petory_user_free(u);
}

Test(users, only_admins_manage_roles_and_status)
{
	cr_assert_petory_fails(PETORY_EPERM, "FORBIDDEN",
		petory_user_role_add(
			NULL, db, &user, user_id, PETORY_ROLE_ADMIN));
	cr_assert_petory_fails(
		PETORY_EPERM, NULL, petory_user_suspend(db, &user, admin_id));
	cr_assert_petory_fails(
		PETORY_EPERM, NULL, petory_user_restore(db, &user, admin_id));
	petory_user_page page;
	cr_assert_petory_fails(
		PETORY_EPERM, NULL, petory_user_list(&page, db, &user, NULL));
	cr_assert_petory_fails(
		PETORY_EAUTH, NULL, petory_user_suspend(db, NULL, user_id));
}

Test(users, roles_add_remove_and_their_conflicts)
{
	unsigned roles = 0;
	cr_assert_petory_fails(PETORY_ECONFLICT, "ALREADY_HAS_SAME_ROLE",
		petory_user_role_add(
			&roles, db, &admin, user_id, PETORY_ROLE_USER));
	cr_assert_petory_ok(petory_user_role_add(
		&roles, db, &admin, user_id, PETORY_ROLE_ADMIN));
	cr_assert_eq(roles, PETORY_ROLE_ALL);
	cr_assert_petory_ok(petory_user_role_remove(
		&roles, db, &admin, user_id, PETORY_ROLE_USER));
	cr_assert_eq(roles, PETORY_ROLE_ADMIN);
	cr_assert_petory_fails(PETORY_ENOTFOUND, "ROLE_NOT_FOUND",
		petory_user_role_remove(
			&roles, db, &admin, user_id, PETORY_ROLE_USER));
	cr_assert_petory_fails(PETORY_ECONFLICT, "LAST_ROLE",
		petory_user_role_remove(
			&roles, db, &admin, user_id, PETORY_ROLE_ADMIN));
	cr_assert_petory_fails(PETORY_EINVALID, NULL,
		petory_user_role_add(&roles, db, &admin, user_id, 0x40));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "USER_NOT_FOUND",
		petory_user_role_add(
			&roles, db, &admin, 9999, PETORY_ROLE_ADMIN));
}

Test(users, the_last_admin_keeps_the_role)
{
	cr_assert_petory_fails(PETORY_ECONFLICT, "LAST_ADMIN",
		petory_user_role_remove(
			NULL, db, &admin, admin_id, PETORY_ROLE_ADMIN));
}

Test(users, role_changes_reach_the_next_token_check)
{
	petory_tokens t;
	petory_identity id;
	test_login(&t, db, "user@example.com");
	cr_assert_petory_ok(petory_auth_verify(&id, db, t.access_token));
	cr_assert_not(id.roles & PETORY_ROLE_ADMIN);
	cr_assert_petory_ok(petory_user_role_add(
		NULL, db, &admin, user_id, PETORY_ROLE_ADMIN));
	cr_assert_petory_ok(petory_auth_verify(&id, db, t.access_token));
	cr_assert(id.roles & PETORY_ROLE_ADMIN);
	cr_assert_petory_ok(petory_user_role_remove(
		NULL, db, &admin, user_id, PETORY_ROLE_ADMIN));
	cr_assert_petory_ok(petory_auth_verify(&id, db, t.access_token));
	cr_assert_not(id.roles & PETORY_ROLE_ADMIN);
	petory_tokens_dispose(&t);
}

Test(users, suspension_stops_tokens_at_once_and_restore_reopens_login)
{
	petory_tokens t, n;
	petory_identity id;
	test_login(&t, db, "user@example.com");
	cr_assert_petory_ok(petory_user_suspend(db, &admin, user_id));
	cr_assert_petory_fails(PETORY_EAUTH, "REVOKED_TOKEN",
		petory_auth_verify(&id, db, t.access_token));
	cr_assert_petory_fails(PETORY_EAUTH, NULL,
		petory_auth_reissue(&n, db, t.refresh_token));
	cr_assert_petory_fails(PETORY_EPERM, "LOGIN_UNAVAILABLE",
		petory_auth_login(&n, db, "user@example.com", "correct horse",
			NULL, NULL));
	cr_assert_petory_fails(PETORY_ECONFLICT, "ALREADY_SUSPENDED",
		petory_user_suspend(db, &admin, user_id));
	cr_assert_petory_ok(petory_user_restore(db, &admin, user_id));
	cr_assert_petory_fails(PETORY_ECONFLICT, "USER_NOT_SUSPENDED",
		petory_user_restore(db, &admin, user_id));
	/* Old tokens stay dead; a new login works. */
	cr_assert_petory_fails(PETORY_EAUTH, NULL,
		petory_auth_verify(&id, db, t.access_token));
	test_login(&n, db, "user@example.com");
	petory_tokens_dispose(&t);
	petory_tokens_dispose(&n);
}

Test(users, admins_cannot_suspend_themselves)
{
	cr_assert_petory_fails(PETORY_ECONFLICT, "CANNOT_SUSPEND_SELF",
		petory_user_suspend(db, &admin, admin_id));
}

Test(users, list_pages_newest_first)
{
	petory_user_page page;
	petory_page_req req = { .page = 0, .size = 1 };
	cr_assert_petory_ok(petory_user_list(&page, db, &admin, &req));
	cr_assert_eq(page.total, 2);
	cr_assert_eq(page.count, 1);
	cr_assert_eq(page.items[0].id, user_id);
	petory_user_page_dispose(&page);
	req.page = 5;
	cr_assert_petory_ok(petory_user_list(&page, db, &admin, &req));
	cr_assert_eq(page.count, 0);
	petory_user_page_dispose(&page);
	req = (petory_page_req){ .page = 0, .size = 101 };
	cr_assert_petory_fails(PETORY_EINVALID, NULL,
		petory_user_list(&page, db, &admin, &req));
	req = (petory_page_req){ .page = -1, .size = 10 };
	cr_assert_petory_fails(PETORY_EINVALID, NULL,
		petory_user_list(&page, db, &admin, &req));
}

Test(users, search_finds_email_or_nickname_ignoring_case)
{
	petory_user_page page;
	petory_page_req req = { .page = 0, .size = 10 };
	cr_assert_petory_ok(
		petory_user_search(&page, db, &admin, "USER@EXAMPLE", &req));
	cr_assert_eq(page.total, 1);
	cr_assert_eq(page.count, 1);
	cr_assert_eq(page.items[0].id, user_id);
	petory_user_page_dispose(&page);
	/* both accounts' emails hold "example"; '%' is a plain character */
	cr_assert_petory_ok(
		petory_user_search(&page, db, &admin, "example", &req));
	cr_assert_eq(page.total, 2);
	petory_user_page_dispose(&page);
	cr_assert_petory_ok(petory_user_search(&page, db, &admin, "%", &req));
	cr_assert_eq(page.total, 0);
	cr_assert_eq(page.count, 0);
	petory_user_page_dispose(&page);
	/* "" is every account */
	cr_assert_petory_ok(petory_user_search(&page, db, &admin, "", &req));
	cr_assert_eq(page.total, 2);
	petory_user_page_dispose(&page);
}

Test(users, search_is_for_admins_and_bounded)
{
	petory_user_page page;
	petory_page_req req = { .page = 0, .size = 10 };
	char long_query[102];
	memset(long_query, 'a', 101);
	long_query[101] = '\0';
	cr_assert_petory_fails(PETORY_EPERM, NULL,
		petory_user_search(&page, db, &user, "example", &req));
	cr_assert_petory_fails(PETORY_EINVALID, NULL,
		petory_user_search(&page, db, &admin, long_query, &req));
	cr_assert_str_eq(petory_error_last()->fields[0].field, "q");
}

Test(users, operator_creates_the_first_admin)
{
	petory_user *u;
	petory_new_user in = { "root@example.com", "rootpass1", "root" };
	cr_assert_petory_ok(petory_user_create(&u, db, petory_identity_system(),
		&in, PETORY_ROLE_USER | PETORY_ROLE_ADMIN));
	cr_assert_eq(u->roles, PETORY_ROLE_ALL);
	petory_user_free(u);
	cr_assert_petory_fails(PETORY_EPERM, NULL,
		petory_user_create(&u, db, &user, &in, PETORY_ROLE_ADMIN));
}
