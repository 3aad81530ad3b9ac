/* boards.c -- the community board through the library: comment
 * notifications committed with their comment (and their hook after the
 * commit; either failing writes neither), the FTS5 index in step with
 * writes, search text taken literally, the 1-2 character scan, the
 * injected clock on edits, restore of a missing post, lists that run the
 * same statements whatever their page holds, and posts, comments and
 * listings outliving a hard-deleted account (the daily lifecycle job). */
#include <stdio.h>
#include <string.h>

#include "petory_test.h"
#include "store/sqlite/sqlite_internal.h"

static petory *db;
static petory_identity alice, bob;
static int hook_calls;
static int64_t hook_user;

static void hook(void *payload, const petory_notification *n)
{
	(void)payload;
	hook_calls++;
	hook_user = n->user_id;
}

static void setup(void)
{
	test_clock_now = TEST_EPOCH_MS;
	db = test_db_open();
	alice = test_identity(db, test_user(db, "alice@example.com"));
	bob = test_identity(db, test_user(db, "bob@example.com"));
	hook_calls = 0;
	hook_user = 0;
	cr_assert_petory_ok(petory_set_notification_hook(db, hook, NULL));
}

static void teardown(void)
{
	test_db_close(db);
}

TestSuite(boards, .init = setup, .fini = teardown);

static int64_t post(
	const petory_identity *who, const char *title, const char *content)
{
	petory_board_input in = { title, content, NULL, 0 };
	petory_board_post *p = NULL;
	int64_t id;
	cr_assert_petory_ok(petory_board_create(&p, db, who, &in));
	id = p->id;
	petory_board_post_free(p);
	return id;
}

static size_t found(const char *q, int64_t *first)
{
	petory_board_query query = { NULL, q };
	petory_page_req req = { 0, 100 };
	petory_board_page page;
	size_t n;
	cr_assert_petory_ok(petory_board_list(&page, db, &query, &req));
	n = page.count;
	if (first)
		*first = n ? page.items[0].id : 0;
	cr_assert_eq((int64_t)n, page.total);
	petory_board_page_dispose(&page);
	return n;
}

static int64_t unread(const petory_identity *who)
{
	petory_notification_page page;
	petory_page_req req = { 0, 10 };
	int64_t n;
	cr_assert_petory_ok(petory_notification_list(&page, db, who, &req, 1));
	n = page.total;
	petory_notification_page_dispose(&page);
	return n;
}

Test(boards, comment_notifies_the_writer_once_committed)
{
	int64_t id = post(&alice, "우리 강아지", "산책");
	petory_board_comment *c = NULL;

	cr_assert_petory_ok(
		petory_board_comment_create(&c, db, &bob, id, "귀엽다"));
	cr_assert_eq(c->writer_id, bob.user_id);
	cr_assert_not_null(c->writer_nickname);
	petory_board_comment_free(c);
	cr_assert_eq(hook_calls, 1);
	cr_assert_eq(hook_user, alice.user_id);
	cr_assert_eq(unread(&alice), 1);

	/* her own comment notifies no one */
	cr_assert_petory_ok(
		petory_board_comment_create(&c, db, &alice, id, "고마워"));
	petory_board_comment_free(c);
	cr_assert_eq(hook_calls, 1);
	cr_assert_eq(unread(&alice), 1);

	/* a deleted post takes no comment and notifies no one */
	cr_assert_petory_ok(petory_board_delete(db, &alice, id));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "OWNER_BOARD_NOT_FOUND",
		petory_board_comment_create(&c, db, &bob, id, "늦음"));
	cr_assert_eq(hook_calls, 1);
	cr_assert_eq(unread(&alice), 1);
}

Test(boards, index_follows_writes)
{
	int64_t id = post(&alice, "제목", "우리강아지산책"), first = 0;
	petory_board_post *p = NULL;

	cr_assert_eq(found("강아지", &first), 1);
	cr_assert_eq(first, id);
	test_clock_now += MINUTES(5);
	cr_assert_petory_ok(
		petory_board_update(&p, db, &alice, id, NULL, "고양이산책"));
	cr_assert_eq(p->updated_at, TEST_EPOCH_MS + MINUTES(5));
	cr_assert_eq(p->created_at, TEST_EPOCH_MS);
	petory_board_post_free(p);
	cr_assert_eq(found("강아지", NULL), 0);
	cr_assert_eq(found("고양이", NULL), 1);
	cr_assert_petory_ok(petory_board_delete(db, &alice, id));
	cr_assert_eq(found("고양이", NULL), 0);
}

Test(boards, search_text_is_literal)
{
	int64_t id = post(&alice, "a \"b\" OR c*", "NEAR(x y)"), first = 0;
	const char *queries[] = { "\"", "*", "OR", "\"b\" OR c*", "NEAR(x",
		"AND", "c*\"", "^a" };
	size_t i;

	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
		found(queries[i], NULL);
	cr_assert_eq(found("\"b\" OR c*", &first), 1);
	cr_assert_eq(first, id);
	cr_assert_eq(found("NEAR(x", NULL), 1);
	cr_assert_eq(found("b OR", NULL), 0);
}

Test(boards, short_queries_scan)
{
	post(&alice, "뭉치", "x");
	cr_assert_eq(found("뭉", NULL), 1);
	cr_assert_eq(found("뭉치", NULL), 1);
	cr_assert_eq(found("치x", NULL), 0);
}

Test(boards, rights)
{
	int64_t id = post(&alice, "t", "c");
	petory_board_post *p = NULL;

	cr_assert_petory_fails(PETORY_EPERM, "ONLY_AUTHOR_CAN_EDIT",
		petory_board_update(&p, db, &bob, id, "x", NULL));
	cr_assert_petory_fails(PETORY_EPERM, "ONLY_AUTHOR_CAN_DELETE",
		petory_board_delete(db, &bob, id));
	cr_assert_petory_fails(
		PETORY_EPERM, NULL, petory_board_restore(&p, db, &bob, id));
	cr_assert_petory_fails(PETORY_ECONFLICT, "OWNER_BOARD_NOT_DELETED",
		petory_board_restore(&p, db, petory_identity_system(), id));
	/* a post that never was is not found, not "not deleted" */
	cr_assert_petory_fails(PETORY_ENOTFOUND, "OWNER_BOARD_NOT_FOUND",
		petory_board_restore(
			&p, db, petory_identity_system(), id + 1000));
	cr_assert_petory_fails(PETORY_EAUTH, NULL,
		petory_board_update(&p, db, NULL, id, "x", NULL));
}

Test(boards, posts_outlive_a_hard_deleted_writer)
{
	petory_identity carol =
		test_identity(db, test_user(db, "carol@example.com"));
	petory_trade_input in = { "TOYS", "공", "새 공", 1000, 1, NULL, 0 };
	petory_board_comment *c = NULL;
	petory_trade_post *t = NULL;
	petory_board_post *p = NULL;
	petory_jobs_report rep;
	int64_t mine = post(&carol, "남는 글", "본문");
	int64_t hers = post(&alice, "앨리스", "본문");
	int64_t listing;
	int rc = SQLITE_ERROR;

	cr_assert_petory_ok(
		petory_board_comment_create(&c, db, &carol, hers, "남는 댓글"));
	petory_board_comment_free(c);
	cr_assert_petory_ok(petory_trade_create(&t, db, &carol, &in));
	listing = t->id;
	petory_trade_post_free(t);
	PETORY__WITH_CONN(db, conn,
		rc = sqlite3_exec(conn->db,
			"UPDATE users SET status = 3, status_changed_at = 0 "
			"WHERE email = 'carol@example.com'",
			NULL, NULL, NULL));
	cr_assert_eq(rc, SQLITE_OK);
	cr_assert_petory_ok(petory_jobs_run_due(
		&rep, db, petory_identity_system(), test_clock_now));
	cr_assert_eq(rep.removed, 1);

	cr_assert_petory_ok(petory_board_get(&p, db, mine));
	cr_assert_eq(p->writer_id, 0);
	cr_assert_null(p->writer_nickname);
	petory_board_post_free(p);
	cr_assert_petory_ok(petory_board_get(&p, db, hers));
	cr_assert_eq(p->comment_count, 1);
	cr_assert_eq(p->comments_shown, 1);
	cr_assert_eq(p->comments[0].writer_id, 0);
	cr_assert_null(p->comments[0].writer_nickname);
	petory_board_post_free(p);
	cr_assert_petory_ok(petory_trade_get(&t, db, NULL, listing));
	cr_assert_eq(t->seller_id, 0);
	cr_assert_null(t->seller_nickname);
	petory_trade_post_free(t);
}

/* Run sql on one connection of the pool (a schema change reaches all). */
static void exec_sql(const char *sql)
{
	int rc = SQLITE_ERROR;
	PETORY__WITH_CONN(
		db, conn, rc = sqlite3_exec(conn->db, sql, NULL, NULL, NULL));
	cr_assert_eq(rc, SQLITE_OK, "%s", sql);
}

static int64_t comment_count(int64_t post_id)
{
	petory_board_comment_page page;
	petory_page_req req = { 0, 100 };
	int64_t n;
	cr_assert_petory_ok(
		petory_board_comment_list(&page, db, post_id, &req));
	cr_assert_eq((int64_t)page.count, page.total);
	n = page.total;
	petory_board_comment_page_dispose(&page);
	return n;
}

Test(boards, comment_and_notification_commit_together)
{
	int64_t id = post(&alice, "우리 강아지", "산책");
	petory_board_comment *c = NULL;

	/* the notification cannot be written: the comment is not either */
	exec_sql("CREATE TRIGGER no_notes BEFORE INSERT ON notifications "
		 "BEGIN SELECT RAISE(ABORT, 'refused'); END");
	cr_assert_lt(
		petory_board_comment_create(&c, db, &bob, id, "귀엽다"), 0);
	cr_assert_null(c);
	cr_assert_eq(comment_count(id), 0);
	cr_assert_eq(hook_calls, 0);
	exec_sql("DROP TRIGGER no_notes");

	/* the comment cannot be written: no notification either */
	exec_sql("CREATE TRIGGER no_comments BEFORE INSERT ON "
		 "owner_board_comments BEGIN SELECT RAISE(ABORT, 'refused'); "
		 "END");
	cr_assert_lt(
		petory_board_comment_create(&c, db, &bob, id, "귀엽다"), 0);
	cr_assert_eq(unread(&alice), 0);
	cr_assert_eq(hook_calls, 0);
	exec_sql("DROP TRIGGER no_comments");

	cr_assert_petory_ok(
		petory_board_comment_create(&c, db, &bob, id, "귀엽다"));
	petory_board_comment_free(c);
	cr_assert_eq(comment_count(id), 1);
	cr_assert_eq(unread(&alice), 1);
	cr_assert_eq(hook_calls, 1);
}

/* The statements one list call runs, with `size` rows on its page. */
static int list_statements(const char *q, int64_t size)
{
	petory_board_query query = { NULL, q };
	petory_page_req req = { 0, size };
	petory_board_page page;
	test_statements_start(db);
	cr_assert_petory_ok(petory_board_list(&page, db, &query, &req));
	cr_assert_eq((int64_t)page.count, size);
	petory_board_page_dispose(&page);
	return test_statements_stop(db);
}

Test(boards, lists_take_no_query_per_row)
{
	petory_board_comment *c = NULL;
	petory_board_page page;
	petory_page_req req = { 0, 5 };
	int i, one, five;

	for (i = 0; i < 5; i++) {
		petory_board_input in = { "강아지 사진", "우리강아지산책", NULL,
			0 };
		petory_board_post *p = NULL;
		const char *key = test_image_key(db, &alice, "owner-board");
		in.image_keys = &key;
		in.image_key_count = 1;
		cr_assert_petory_ok(petory_board_create(&p, db, &alice, &in));
		cr_assert_petory_ok(petory_board_comment_create(
			&c, db, &bob, p->id, "귀엽다"));
		petory_board_comment_free(c);
		petory_board_post_free(p);
	}
	/* the whole list, the FTS5 search and the short scan alike */
	one = list_statements(NULL, 1);
	five = list_statements(NULL, 5);
	cr_assert_eq(one, five);
	cr_assert_leq(five, 2, "a count and the page, got %d", five);
	cr_assert_eq(
		list_statements("강아지", 1), list_statements("강아지", 5));
	cr_assert_eq(list_statements("산", 1), list_statements("산", 5));

	/* and every row carries its writer's nickname and comment count */
	cr_assert_petory_ok(petory_board_list(&page, db, NULL, &req));
	for (i = 0; i < 5; i++) {
		cr_assert_str_eq(page.items[i].writer_nickname, "tester");
		cr_assert_eq(page.items[i].comment_count, 1);
		cr_assert_eq(page.items[i].image_count, 1);
	}
	petory_board_page_dispose(&page);
}
