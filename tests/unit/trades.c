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

/* A move that another one beats to the store: at the store call, the
 * status is first moved to `meanwhile`, as a racing request would. */
typedef struct beaten {
	int64_t id;
	int meanwhile;
	int done;
} beaten;

static int move_first(void *payload, const char *where)
{
	beaten *b = payload;
	petory_store_outcome outcome;
	int status;
	if (b->done || strcmp(where, "store.trade_set_status") != 0)
		return 0;
	b->done = 1;
	petory__fault_set(NULL, NULL);
	cr_assert_petory_ok(petory__store_trade_set_status(&outcome, &status,
		db, b->id, PETORY_TRADE_FOR_SALE, b->meanwhile, TEST_EPOCH_MS));
	cr_assert_eq(outcome, PETORY_STORE_APPLIED);
	petory__fault_set(move_first, b);
	return 0;
}

/* Move a fresh FOR_SALE listing to `to` while another move takes it to
 * `meanwhile` first; returns the library's answer and the final status. */
static int beaten_move(int meanwhile, const char *to, int *status_out)
{
	beaten b = { listing(), meanwhile, 0 };
	petory_trade_post *p = NULL;
	char reason[64], message[256];
	int rc;
	petory__fault_set(move_first, &b);
	rc = move(b.id, to);
	petory__fault_set(NULL, NULL);
	cr_assert(b.done);
	snprintf(reason, sizeof(reason), "%s", petory_error_last()->reason);
	snprintf(message, sizeof(message), "%s", petory_error_last()->message);
	cr_assert_petory_ok(petory__store_trade_get(&p, db, b.id));
	*status_out = (int)p->status;
	petory_trade_post_free(p);
	/* the answer's error, as the library left it */
	if (rc < 0)
		petory_error_set(rc, reason, "%s", message);
	return rc;
}

Test(trades, a_move_beaten_by_another_is_judged_from_the_new_status)
{
	int status;
	/* RESERVED -> HIDDEN is allowed too: it applies */
	cr_assert_petory_ok(
		beaten_move(PETORY_TRADE_RESERVED, "HIDDEN", &status));
	cr_assert_eq(status, PETORY_TRADE_HIDDEN);
	/* the same move already made: nothing to do */
	cr_assert_petory_ok(
		beaten_move(PETORY_TRADE_SOLD_OUT, "SOLD_OUT", &status));
	cr_assert_eq(status, PETORY_TRADE_SOLD_OUT);
	/* SOLD_OUT -> RESERVED is not in the table */
	cr_assert_petory_fails(PETORY_ECONFLICT, "INVALID_STATUS_TRANSITION",
		beaten_move(PETORY_TRADE_SOLD_OUT, "RESERVED", &status));
	cr_assert_str_eq(petory_error_last()->message,
		"SOLD_OUT cannot become RESERVED");
	cr_assert_eq(status, PETORY_TRADE_SOLD_OUT);
	/* deleted meanwhile: gone */
	cr_assert_petory_fails(PETORY_ENOTFOUND, "TRADE_BOARD_NOT_FOUND",
		beaten_move(PETORY_TRADE_DELETED, "RESERVED", &status));
	cr_assert_eq(status, PETORY_TRADE_DELETED);
}
