/* trades.c -- the trade board's status machine through the library: every
 * (from, to) pair against the API's table, DELETED as final, visibility by
 * status and role, the injected clock on moves, and lists that run the
 * same statements whatever their page holds. */
#include <stdio.h>
#include <string.h>

#include "petory_test.h"

static petory *db;
static petory_identity alice, bob;

static void setup(void)
{
	test_clock_now = TEST_EPOCH_MS;
	db = test_db_open();
	alice = test_identity(db, test_user(db, "alice@example.com"));
	bob = test_identity(db, test_user(db, "bob@example.com"));
}

static void teardown(void)
{
	test_db_close(db);
}

TestSuite(trades, .init = setup, .fini = teardown);

static const char *const names[] = { "FOR_SALE", "RESERVED", "SOLD_OUT",
	"HIDDEN", "DELETED" };

/* The API's table, written out independently of the library's. */
static const int allowed[5][5] = {
	/* to: FS RS SO HI DE */
	{ 1, 1, 1, 1, 1 }, /* FOR_SALE */
	{ 1, 1, 1, 1, 1 }, /* RESERVED */
	{ 0, 0, 1, 1, 1 }, /* SOLD_OUT */
	{ 1, 1, 1, 1, 1 }, /* HIDDEN */
	{ 0, 0, 0, 0, 0 }, /* DELETED */
};

static int64_t listing(void)
{
	petory_trade_input in = { "TOYS", "공", "새 공", 1000, 1, NULL, 0 };
	petory_trade_post *p = NULL;
	int64_t id;
	cr_assert_petory_ok(petory_trade_create(&p, db, &alice, &in));
	cr_assert_eq(p->status, PETORY_TRADE_FOR_SALE);
	id = p->id;
	petory_trade_post_free(p);
	return id;
}

static int move(int64_t id, const char *to)
{
	petory_trade_post *p = NULL;
	int rc = petory_trade_set_status(&p, db, &alice, id, to);
	petory_trade_post_free(p);
	return rc;
}

Test(trades, every_pair_of_the_machine)
{
	int from, to;
	for (from = 0; from < 4; from++)
		for (to = 0; to < 5; to++) {
			int64_t id = listing();
			if (from)
				cr_assert_petory_ok(move(id, names[from]));
			if (allowed[from][to])
				cr_assert_petory_ok(move(id, names[to]));
			else
				cr_assert_petory_fails(PETORY_ECONFLICT,
					"INVALID_STATUS_TRANSITION",
					move(id, names[to]));
		}
}

Test(trades, deleted_is_final_and_gone)
{
	petory_trade_post *p = NULL;
	int64_t id = listing();
	int to;
	cr_assert_petory_ok(move(id, "DELETED"));
	for (to = 0; to < 5; to++)
		cr_assert_petory_fails(PETORY_ENOTFOUND,
			"TRADE_BOARD_NOT_FOUND", move(id, names[to]));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "TRADE_BOARD_NOT_FOUND",
		petory_trade_get(&p, db, &alice, id));
}

Test(trades, hidden_is_the_sellers)
{
	petory_trade_post *p = NULL;
	int64_t id = listing();
	test_clock_now += MINUTES(3);
	cr_assert_petory_ok(
		petory_trade_set_status(&p, db, &alice, id, "HIDDEN"));
	cr_assert_eq(p->updated_at, TEST_EPOCH_MS + MINUTES(3));
	petory_trade_post_free(p);
	cr_assert_petory_fails(PETORY_ENOTFOUND, "TRADE_BOARD_NOT_FOUND",
		petory_trade_get(&p, db, &bob, id));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "TRADE_BOARD_NOT_FOUND",
		petory_trade_get(&p, db, NULL, id));
	cr_assert_petory_ok(petory_trade_get(&p, db, &alice, id));
	petory_trade_post_free(p);
	cr_assert_petory_fails(PETORY_ENOTFOUND, "TRADE_BOARD_NOT_FOUND",
		petory_trade_set_status(&p, db, &bob, id, "FOR_SALE"));
}

/* The statements one list call runs with `size` rows on its page (the
 * public list, or alice's own). */
static int list_statements(int mine, int64_t size)
{
	petory_page_req req = { 0, size };
	petory_trade_page page;
	test_statements_start(db);
	if (mine)
		cr_assert_petory_ok(
			petory_trade_list_mine(&page, db, &alice, &req));
	else
		cr_assert_petory_ok(petory_trade_list(&page, db, NULL, &req));
	cr_assert_eq((int64_t)page.count, size);
	cr_assert_str_eq(page.items[size - 1].seller_nickname, "tester");
	cr_assert_eq(page.items[size - 1].image_count, 1);
	petory_trade_page_dispose(&page);
	return test_statements_stop(db);
}

Test(trades, lists_take_no_query_per_row)
{
	int i, one, five;
	for (i = 0; i < 5; i++) {
		petory_trade_input in = { "TOYS", "공", "새 공", 1000, 1, NULL,
			0 };
		petory_trade_post *p = NULL;
		const char *key = test_image_key(db, &alice, "trade-board");
		in.image_keys = &key;
		in.image_key_count = 1;
		cr_assert_petory_ok(petory_trade_create(&p, db, &alice, &in));
		petory_trade_post_free(p);
	}
	one = list_statements(0, 1);
	five = list_statements(0, 5);
	cr_assert_eq(one, five);
	cr_assert_leq(five, 2, "a count and the page, got %d", five);
	cr_assert_eq(list_statements(1, 1), list_statements(1, 5));
}
