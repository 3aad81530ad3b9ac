/* trades.c -- conformance of the trades table: listings and their images.
 *
 * Facts checked: an absent listing or image is ENOTFOUND with no reason
 * of the store's own; trade_update reports ABSENT or INACTIVE (DELETED)
 * and writes nothing then; trade_set_status is a compare and set that
 * reports the status it found, so of two racing moves from one status
 * exactly one applies; a listing's files are private exactly while it is
 * HIDDEN or DELETED; every multi-statement write leaves nothing behind a
 * fault.
 */
#include <stdlib.h>
#include <string.h>

#include "market_rows.h"

#define T0 MARKET_T0

typedef struct trade_rows {
	int64_t seller, buyer;
	char keys[3][48];
} trade_rows;

static void make_rows(trade_rows *r, petory *db)
{
	int i;
	r->seller = market_user(db, "seller");
	r->buyer = market_user(db, "buyer");
	for (i = 0; i < 3; i++)
		market_file(r->keys[i], db, r->seller, PETORY_FILE_TRADE_BOARD);
}

static int64_t insert_listing(petory *db, int64_t seller,
	petory_trade_category category, const char *title, const char *content,
	const char *const *keys, size_t count)
{
	petory_trade_post post;
	memset(&post, 0, sizeof(post));
	post.seller_id = seller;
	post.category = category;
	post.title = (char *)title;
	post.content = (char *)content;
	post.price = 5000;
	cr_assert_petory_ok(
		petory__store_trade_insert(db, &post, keys, count, T0));
	cr_assert_gt(post.id, 0);
	cr_assert_eq(post.created_at, T0);
	return post.id;
}

static petory_trade_post *get_listing(petory *db, int64_t id)
{
	petory_trade_post *p = NULL;
	cr_assert_petory_ok(petory__store_trade_get(&p, db, id));
	return p;
}

/* Move id from `from` to `to`; returns the outcome, *status_out the
 * status reported. */
static petory_store_outcome move(
	int *status_out, petory *db, int64_t id, int from, int to)
{
	petory_store_outcome outcome = PETORY_STORE_APPLIED;
	int status = -2;
	cr_assert_petory_ok(petory__store_trade_set_status(
		&outcome, &status, db, id, from, to, T0 + 7));
	if (status_out)
		*status_out = status;
	return outcome;
}

Test(store_trades, insert_attaches_its_images_and_get_reads_the_listing)
{
	STORE_FOREACH(b, db, {
		trade_rows r;
		const char *keys[2];
		petory_trade_post *p = NULL;
		int64_t id;
		make_rows(&r, db);
		keys[0] = r.keys[0];
		keys[1] = r.keys[1];
		id = insert_listing(db, r.seller, PETORY_TRADE_TOYS, "공",
			"새 공입니다", keys, 2);
		p = get_listing(db, id);
		cr_assert_eq(p->seller_id, r.seller);
		cr_assert_str_eq(p->seller_nickname, "seller");
		cr_assert_eq(p->category, PETORY_TRADE_TOYS);
		cr_assert_str_eq(p->title, "공");
		cr_assert_str_eq(p->content, "새 공입니다");
		cr_assert_eq(p->price, 5000);
		cr_assert_eq(p->status, PETORY_TRADE_FOR_SALE);
		cr_assert_eq(p->updated_at, T0);
		cr_assert_eq(p->image_count, 2, "[%s]", b->name);
		cr_assert_str_eq(p->images[0].file_key, r.keys[0]);
		cr_assert_eq(p->images[0].is_private, 0);
		petory_trade_post_free(p);
		cr_assert_eq(market_file_rec(db, r.keys[1]).state,
			PETORY_FILE_ATTACHED);

		p = NULL;
		assert_absent(petory__store_trade_get(&p, db, id + 100));
		cr_assert_null(p);
	});
}

Test(store_trades, insert_with_a_key_it_cannot_take_writes_nothing)
{
	STORE_FOREACH(b, db, {
		trade_rows r;
		petory_trade_post post;
		char theirs[48], *before;
		const char *keys[2];
		make_rows(&r, db);
		market_file(theirs, db, r.buyer, PETORY_FILE_TRADE_BOARD);
		memset(&post, 0, sizeof(post));
		post.seller_id = r.seller;
		post.title = "t";
		post.content = "c";
		keys[0] = r.keys[0];
		keys[1] = theirs;
		before = b->snapshot(db);
		cr_assert_lt(
			petory__store_trade_insert(db, &post, keys, 2, T0), 0);
		market_assert_unchanged(b, db, before, "another user's key");
	});
}

Test(store_trades, list_shows_the_public_or_the_sellers_listings)
{
	STORE_FOREACH(b, db, {
		trade_rows r;
		petory_trade_page page;
		const char *key;
		char long_content[41];
		int64_t toy, food, hidden, gone;
		make_rows(&r, db);
		memset(long_content, 'y', 40);
		long_content[40] = '\0';
		key = r.keys[0];
		toy = insert_listing(db, r.seller, PETORY_TRADE_TOYS, "공",
			long_content, &key, 1);
		food = insert_listing(db, r.buyer, PETORY_TRADE_FOOD_AND_TREATS,
			"사료", "강아지 사료", NULL, 0);
		hidden = insert_listing(db, r.seller, PETORY_TRADE_TOYS,
			"숨긴 공", "x", NULL, 0);
		gone = insert_listing(db, r.seller, PETORY_TRADE_TOYS,
			"지운 공", "x", NULL, 0);
		cr_assert_eq(move(NULL, db, hidden, PETORY_TRADE_FOR_SALE,
				     PETORY_TRADE_HIDDEN),
			PETORY_STORE_APPLIED);
		cr_assert_eq(move(NULL, db, gone, PETORY_TRADE_FOR_SALE,
				     PETORY_TRADE_DELETED),
			PETORY_STORE_APPLIED);

		/* the public list: FOR_SALE, RESERVED, SOLD_OUT */
		cr_assert_petory_ok(petory__store_trade_list(
			&page, db, 0, -1, NULL, 0, 10));
		cr_assert_eq(page.total, 2, "[%s]", b->name);
		cr_assert_eq(page.items[0].id, food);
		cr_assert_eq(page.items[1].id, toy);
		cr_assert_eq(page.items[1].image_count, 1);
		cr_assert_str_eq(page.items[1].images[0].file_key, r.keys[0]);
		cr_assert_eq(strlen(page.items[1].content), 30);
		petory_trade_page_dispose(&page);

		/* a seller's own list: all but DELETED */
		cr_assert_petory_ok(petory__store_trade_list(
			&page, db, r.seller, -1, NULL, 0, 10));
		cr_assert_eq(page.total, 2);
		cr_assert_eq(page.items[0].id, hidden);
		cr_assert_eq(page.items[1].id, toy);
		petory_trade_page_dispose(&page);

		cr_assert_petory_ok(petory__store_trade_list(&page, db, 0,
			PETORY_TRADE_FOOD_AND_TREATS, NULL, 0, 10));
		cr_assert_eq(page.total, 1);
		cr_assert_eq(page.items[0].id, food);
		petory_trade_page_dispose(&page);

		cr_assert_petory_ok(petory__store_trade_list(
			&page, db, 0, -1, "강아지", 0, 10));
		cr_assert_eq(page.total, 1);
		cr_assert_eq(page.items[0].id, food);
		petory_trade_page_dispose(&page);

		cr_assert_petory_ok(
			petory__store_trade_list(&page, db, 0, -1, NULL, 1, 1));
		cr_assert_eq(page.total, 2);
		cr_assert_eq(page.count, 1);
		cr_assert_eq(page.items[0].id, toy);
		petory_trade_page_dispose(&page);
	});
}

Test(store_trades, update_reports_absent_and_deleted_listings)
{
	STORE_FOREACH(b, db, {
		trade_rows r;
		petory_store_outcome outcome;
		petory_trade_post *p;
		const char *key;
		char *before;
		int64_t id;
		make_rows(&r, db);
		id = insert_listing(db, r.seller, PETORY_TRADE_TOYS, "공",
			"새 공", NULL, 0);
		key = r.keys[0];
		cr_assert_petory_ok(petory__store_trade_update(&outcome, db, id,
			-1, "큰 공", NULL, 7000, r.seller, &key, 1, T0 + 4));
		cr_assert_eq(outcome, PETORY_STORE_APPLIED);
		p = get_listing(db, id);
		cr_assert_eq(p->category, PETORY_TRADE_TOYS);
		cr_assert_str_eq(p->title, "큰 공");
		cr_assert_str_eq(p->content, "새 공");
		cr_assert_eq(p->price, 7000);
		cr_assert_eq(p->updated_at, T0 + 4);
		cr_assert_eq(p->image_count, 1);
		cr_assert_eq(p->images[0].is_private, 0);
		petory_trade_post_free(p);
		cr_assert_petory_ok(petory__store_trade_update(&outcome, db, id,
			PETORY_TRADE_HEALTH, NULL, "헌 공", -1, r.seller, NULL,
			0, T0 + 5));
		cr_assert_eq(outcome, PETORY_STORE_APPLIED);
		p = get_listing(db, id);
		cr_assert_eq(p->category, PETORY_TRADE_HEALTH);
		cr_assert_str_eq(p->content, "헌 공");
		cr_assert_eq(p->price, 7000);
		petory_trade_post_free(p);

		key = r.keys[1];
		before = b->snapshot(db);
		cr_assert_petory_ok(
			petory__store_trade_update(&outcome, db, id + 100, -1,
				"x", NULL, -1, r.seller, &key, 1, T0 + 6));
		cr_assert_eq(outcome, PETORY_STORE_ABSENT);
		market_assert_unchanged(b, db, before, "update of no listing");

		cr_assert_eq(move(NULL, db, id, PETORY_TRADE_FOR_SALE,
				     PETORY_TRADE_DELETED),
			PETORY_STORE_APPLIED);
		before = b->snapshot(db);
		cr_assert_petory_ok(petory__store_trade_update(&outcome, db, id,
			-1, "x", NULL, -1, r.seller, &key, 1, T0 + 6));
		cr_assert_eq(outcome, PETORY_STORE_INACTIVE, "[%s]", b->name);
		market_assert_unchanged(
			b, db, before, "update of a DELETED listing");
	});
}

Test(store_trades, set_status_is_a_compare_and_set_that_moves_file_privacy)
{
	STORE_FOREACH(b, db, {
		trade_rows r;
		petory_trade_post *p;
		const char *key;
		char *before;
		int status;
		int64_t id;
		make_rows(&r, db);
		key = r.keys[0];
		id = insert_listing(db, r.seller, PETORY_TRADE_TOYS, "공",
			"새 공", &key, 1);

		cr_assert_eq(move(&status, db, id, PETORY_TRADE_FOR_SALE,
				     PETORY_TRADE_RESERVED),
			PETORY_STORE_APPLIED);
		cr_assert_eq(status, PETORY_TRADE_RESERVED);
		p = get_listing(db, id);
		cr_assert_eq(p->status, PETORY_TRADE_RESERVED);
		cr_assert_eq(p->updated_at, T0 + 7);
		petory_trade_post_free(p);

		/* decided on a status it no longer has: nothing, and the
		 * status it has */
		before = b->snapshot(db);
		cr_assert_eq(move(&status, db, id, PETORY_TRADE_FOR_SALE,
				     PETORY_TRADE_SOLD_OUT),
			PETORY_STORE_STATE_DIFFERS, "[%s]", b->name);
		cr_assert_eq(status, PETORY_TRADE_RESERVED);
		cr_assert_eq(move(&status, db, id + 100, PETORY_TRADE_FOR_SALE,
				     PETORY_TRADE_SOLD_OUT),
			PETORY_STORE_ABSENT);
		market_assert_unchanged(
			b, db, before, "a lost compare and set");

		cr_assert_eq(move(NULL, db, id, PETORY_TRADE_RESERVED,
				     PETORY_TRADE_HIDDEN),
			PETORY_STORE_APPLIED);
		cr_assert_eq(market_file_rec(db, key).is_private, 1);
		cr_assert_eq(move(NULL, db, id, PETORY_TRADE_HIDDEN,
				     PETORY_TRADE_SOLD_OUT),
			PETORY_STORE_APPLIED);
		cr_assert_eq(market_file_rec(db, key).is_private, 0);
		cr_assert_eq(move(NULL, db, id, PETORY_TRADE_SOLD_OUT,
				     PETORY_TRADE_DELETED),
			PETORY_STORE_APPLIED);
		cr_assert_eq(market_file_rec(db, key).is_private, 1);
	});
}

Test(store_trades, image_delete_takes_only_an_image_of_that_listing)
{
	STORE_FOREACH(b, db, {
		trade_rows r;
		petory_file_key gone;
		petory_file_rec rec;
		petory_trade_post *p;
		const char *key;
		char *before;
		int64_t id, other, image_id;
		make_rows(&r, db);
		key = r.keys[0];
		id = insert_listing(
			db, r.seller, PETORY_TRADE_TOYS, "공", "x", &key, 1);
		key = r.keys[1];
		other = insert_listing(
			db, r.seller, PETORY_TRADE_TOYS, "줄", "x", &key, 1);
		p = get_listing(db, id);
		image_id = p->images[0].id;
		petory_trade_post_free(p);

		before = b->snapshot(db);
		cr_assert_eq(petory__store_trade_image_delete(
				     &gone, db, other, image_id),
			PETORY_ENOTFOUND);
		market_assert_unchanged(
			b, db, before, "another listing's image");
		cr_assert_petory_ok(petory__store_trade_image_delete(
			&gone, db, id, image_id));
		cr_assert_str_eq(gone.key, r.keys[0]);
		cr_assert_eq(petory__store_file_get(&rec, db, r.keys[0]),
			PETORY_ENOTFOUND);
		p = get_listing(db, id);
		cr_assert_eq(p->image_count, 0);
		petory_trade_post_free(p);
	});
}

/* ---- two moves from one status at once ---- */

#define RACE_ROUNDS 16

typedef struct status_race {
	petory *db;
	int64_t id;
	petory_store_outcome outcome[2];
	int status[2], error[2];
} status_race;

static void race_move(void *payload, int i)
{
	static const int to[2] = { PETORY_TRADE_RESERVED,
		PETORY_TRADE_SOLD_OUT };
	status_race *r = payload;
	r->error[i] =
		petory__store_trade_set_status(&r->outcome[i], &r->status[i],
			r->db, r->id, PETORY_TRADE_FOR_SALE, to[i], T0 + 1);
}

Test(store_trades, of_two_racing_moves_from_one_status_exactly_one_applies)
{
	STORE_FOREACH(b, db, {
		trade_rows r;
		int round;
		make_rows(&r, db);
		for (round = 0; round < RACE_ROUNDS; round++) {
			status_race race;
			petory_trade_post *p;
			int winner;
			memset(&race, 0, sizeof(race));
			race.db = db;
			race.id = insert_listing(db, r.seller,
				PETORY_TRADE_TOYS, "공", "x", NULL, 0);
			store_race(2, race_move, &race);
			cr_assert_eq(race.error[0], 0, "[%s] %s", b->name,
				petory_error_name(race.error[0]));
			cr_assert_eq(race.error[1], 0);
			cr_assert_eq((race.outcome[0] == PETORY_STORE_APPLIED) +
					     (race.outcome[1] ==
						     PETORY_STORE_APPLIED),
				1, "[%s] round %d: outcomes %d and %d", b->name,
				round, (int)race.outcome[0],
				(int)race.outcome[1]);
			winner =
				race.outcome[0] == PETORY_STORE_APPLIED ? 0 : 1;
			cr_assert_eq(race.outcome[1 - winner],
				PETORY_STORE_STATE_DIFFERS);
			/* the loser saw the winner's status */
			cr_assert_eq(
				race.status[1 - winner], race.status[winner]);
			p = get_listing(db, race.id);
			cr_assert_eq((int)p->status, race.status[winner]);
			petory_trade_post_free(p);
		}
	});
}

/* ---- faults in the middle of each multi-statement write ---- */

typedef struct trade_write {
	trade_rows r;
	int64_t id;
	int from, to;
} trade_write;

static int insert_with_images(petory *db, void *payload)
{
	trade_write *w = payload;
	const char *keys[2] = { w->r.keys[0], w->r.keys[1] };
	petory_trade_post post;
	memset(&post, 0, sizeof(post));
	post.seller_id = w->r.seller;
	post.title = "공";
	post.content = "x";
	post.price = 1;
	return petory__store_trade_insert(db, &post, keys, 2, T0);
}

static int update_with_image(petory *db, void *payload)
{
	trade_write *w = payload;
	const char *key = w->r.keys[2];
	petory_store_outcome outcome;
	int error = petory__store_trade_update(&outcome, db, w->id, -1, "새",
		"내용", 10, w->r.seller, &key, 1, T0 + 1);
	cr_assert(error < 0 || outcome == PETORY_STORE_APPLIED);
	return error;
}

static int move_status(petory *db, void *payload)
{
	trade_write *w = payload;
	petory_store_outcome outcome;
	int status;
	int error = petory__store_trade_set_status(
		&outcome, &status, db, w->id, w->from, w->to, T0 + 1);
	cr_assert(error < 0 || outcome == PETORY_STORE_APPLIED);
	return error;
}

Test(store_trades, a_fault_in_any_write_leaves_nothing_behind)
{
	STORE_FOREACH(b, db, {
		trade_write w;
		petory_trade_post *p;
		memset(&w, 0, sizeof(w));
		make_rows(&w.r, db);
		cr_assert_geq(store_fault_sweep(b, db, "trade_insert",
				      insert_with_images, &w),
			3);
		w.id = insert_listing(
			db, w.r.seller, PETORY_TRADE_TOYS, "공", "x", NULL, 0);
		cr_assert_geq(store_fault_sweep(b, db, "trade_update",
				      update_with_image, &w),
			3);
		w.from = PETORY_TRADE_FOR_SALE;
		w.to = PETORY_TRADE_HIDDEN;
		cr_assert_geq(store_fault_sweep(b, db, "trade_set_status",
				      move_status, &w),
			3);
		p = get_listing(db, w.id);
		cr_assert_eq(p->status, PETORY_TRADE_HIDDEN);
		cr_assert_eq(p->image_count, 1);
		cr_assert_eq(p->images[0].is_private, 1);
		petory_trade_post_free(p);
	});
}
