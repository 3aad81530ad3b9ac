/* chat.c -- conformance of the chat table: rooms of listings, their
 * members and messages.
 *
 * Facts checked: one room per (listing, buyer) however many open it at
 * once, `created` for exactly one of them; an absent room, message or
 * membership is ENOTFOUND with no reason of the store's own; a message
 * moves the other member's unread count by one and notifies them once
 * while unread; a client_msg_id is stored once per room and sender, a
 * resend reports the first message; every multi-statement write leaves
 * nothing behind a fault.
 */
#include <stdlib.h>
#include <string.h>

#include "market_rows.h"

#define T0 MARKET_T0

typedef struct chat_rows {
	int64_t seller, buyer, buyer2, outsider;
	int64_t listing;
} chat_rows;

static void make_rows(chat_rows *r, petory *db)
{
	petory_trade_post post;
	r->seller = market_user(db, "seller");
	r->buyer = market_user(db, "buyer");
	r->buyer2 = market_user(db, "buyer2");
	r->outsider = market_user(db, "outsider");
	memset(&post, 0, sizeof(post));
	post.seller_id = r->seller;
	post.category = PETORY_TRADE_TOYS;
	post.title = "공";
	post.content = "새 공";
	post.price = 1000;
	cr_assert_petory_ok(petory__store_trade_insert(db, &post, NULL, 0, T0));
	r->listing = post.id;
}

static int64_t open_room(
	petory *db, const chat_rows *r, int64_t buyer, int expect_created)
{
	int64_t id = 0;
	int created = -1;
	cr_assert_petory_ok(petory__store_chat_room_open(
		&id, &created, db, r->listing, r->seller, buyer, 1, T0));
	cr_assert_gt(id, 0);
	cr_assert_eq(created, expect_created);
	return id;
}

/* The room as viewer sees it (free with petory_chat_room_free). */
static petory_chat_room *room_as(
	petory *db, int64_t room_id, int64_t viewer, int *member_out)
{
	petory_chat_room *room = calloc(1, sizeof(*room));
	int member = -1;
	cr_assert_not_null(room);
	cr_assert_petory_ok(petory__store_chat_room_get(
		room, &member, db, room_id, viewer));
	if (member_out)
		*member_out = member;
	return room;
}

static int64_t unread_of(petory *db, int64_t room_id, int64_t viewer)
{
	petory_chat_room *room = room_as(db, room_id, viewer, NULL);
	int64_t unread = room->unread_count;
	petory_chat_room_free(room);
	return unread;
}

static void chat_note(petory_notification *n, int64_t user_id)
{
	memset(n, 0, sizeof(*n));
	n->user_id = user_id;
	n->type = PETORY_NOTIFICATION_CHAT_MESSAGE;
	n->content = "New message";
	n->link = "/chat/1";
	n->created_at = T0;
}

/* Insert a TEXT message of sender; *duplicate_out may be NULL. */
static int64_t send_text(petory *db, int64_t room_id, int64_t sender,
	const char *text, const char *client_msg_id, petory_notification *note,
	int *duplicate_out, petory_time_ms now)
{
	petory_chat_message m;
	int64_t id = 0;
	int duplicate = -1;
	memset(&m, 0, sizeof(m));
	m.room_id = room_id;
	m.sender_id = sender;
	m.type = PETORY_CHAT_TEXT;
	m.content = (char *)text;
	m.client_msg_id = (char *)client_msg_id;
	cr_assert_petory_ok(petory__store_chat_message_insert(
		&id, &duplicate, db, &m, note, note ? 1 : 0, now));
	cr_assert_gt(id, 0);
	if (duplicate_out)
		*duplicate_out = duplicate;
	else
		cr_assert_eq(duplicate, 0);
	return id;
}

static int64_t notifications_of(petory *db, int64_t user_id)
{
	petory_notification_page page;
	int64_t total;
	cr_assert_petory_ok(
		petory__store_notification_list(&page, db, user_id, 0, 0, 10));
	total = page.total;
	petory_notification_page_dispose(&page);
	return total;
}

static void messages_free(petory_chat_message *items, size_t count)
{
	size_t i;
	for (i = 0; i < count; i++)
		petory__chat_message_clear(&items[i]);
	free(items);
}

Test(store_chat, open_finds_or_makes_one_room_per_listing_and_buyer)
{
	STORE_FOREACH(b, db, {
		chat_rows r;
		petory_chat_room_page page;
		int64_t room, other, found = -1;
		int created = -1;
		char *before;
		make_rows(&r, db);
		before = b->snapshot(db);
		assert_absent(petory__store_chat_room_open(&found, &created, db,
			r.listing, r.seller, r.buyer, 0, T0));
		cr_assert_eq(found, 0);
		cr_assert_eq(created, 0);
		market_assert_unchanged(b, db, before, "a room not made");

		room = open_room(db, &r, r.buyer, 1);
		cr_assert_eq(open_room(db, &r, r.buyer, 0), room);
		cr_assert_petory_ok(petory__store_chat_room_open(&found,
			&created, db, r.listing, r.seller, r.buyer, 0, T0));
		cr_assert_eq(found, room);
		cr_assert_eq(created, 0);
		other = open_room(db, &r, r.buyer2, 1);
		cr_assert_neq(other, room);

		/* a room the buyer left shows again when opened */
		cr_assert_petory_ok(
			petory__store_chat_set_hidden(db, room, r.buyer, 1));
		cr_assert_petory_ok(petory__store_chat_room_list(
			&page, db, r.buyer, 0, 10));
		cr_assert_eq(page.total, 0, "[%s]", b->name);
		petory_chat_room_page_dispose(&page);
		cr_assert_petory_ok(petory__store_chat_room_open(&found,
			&created, db, r.listing, r.seller, r.buyer, 0, T0));
		cr_assert_petory_ok(petory__store_chat_room_list(
			&page, db, r.buyer, 0, 10));
		cr_assert_eq(page.total, 1);
		cr_assert_eq(page.items[0].id, room);
		petory_chat_room_page_dispose(&page);

		before = b->snapshot(db);
		assert_absent(
			petory__store_chat_set_hidden(db, room, r.outsider, 1));
		assert_absent(petory__store_chat_set_hidden(
			db, other + 100, r.buyer, 1));
		market_assert_unchanged(b, db, before, "a hide by no member");
	});
}

Test(store_chat, get_and_list_show_a_room_as_each_member_sees_it)
{
	STORE_FOREACH(b, db, {
		chat_rows r;
		petory_chat_room *room, absent;
		petory_chat_room_page page;
		int64_t id, other, msg;
		int member;
		make_rows(&r, db);
		id = open_room(db, &r, r.buyer, 1);
		other = open_room(db, &r, r.buyer2, 1);

		room = room_as(db, id, r.buyer, &member);
		cr_assert_eq(member, 1);
		cr_assert_eq(room->id, id);
		cr_assert_eq(room->trade_board_id, r.listing);
		cr_assert_str_eq(room->trade_board_title, "공");
		cr_assert_eq(room->seller_id, r.seller);
		cr_assert_eq(room->customer_id, r.buyer);
		cr_assert_eq(room->opponent_id, r.seller);
		cr_assert_str_eq(room->opponent_nickname, "seller");
		cr_assert_eq(room->unread_count, 0);
		cr_assert_null(room->last_message);
		cr_assert_eq(room->created_at, T0);
		petory_chat_room_free(room);
		room = room_as(db, id, r.outsider, &member);
		cr_assert_eq(member, 0, "[%s] an outsider", b->name);
		petory_chat_room_free(room);
		memset(&absent, 0, sizeof(absent));
		assert_absent(petory__store_chat_room_get(
			&absent, &member, db, other + 100, r.buyer));

		msg = send_text(db, id, r.buyer, "안녕하세요", NULL, NULL, NULL,
			T0 + 60);
		room = room_as(db, id, r.seller, &member);
		cr_assert_eq(member, 1);
		cr_assert_eq(room->opponent_id, r.buyer);
		cr_assert_eq(room->unread_count, 1);
		cr_assert_not_null(room->last_message);
		cr_assert_eq(room->last_message->id, msg);
		cr_assert_str_eq(room->last_message->content, "안녕하세요");
		cr_assert_eq(room->updated_at, T0 + 60);
		petory_chat_room_free(room);

		/* the seller's list: latest activity first */
		cr_assert_petory_ok(petory__store_chat_room_list(
			&page, db, r.seller, 0, 10));
		cr_assert_eq(page.total, 2);
		cr_assert_eq(page.count, 2);
		cr_assert_eq(page.items[0].id, id);
		cr_assert_eq(page.items[0].unread_count, 1);
		cr_assert_eq(page.items[1].id, other);
		cr_assert_null(page.items[1].last_message);
		petory_chat_room_page_dispose(&page);
		cr_assert_petory_ok(petory__store_chat_room_list(
			&page, db, r.seller, 1, 1));
		cr_assert_eq(page.count, 1);
		cr_assert_eq(page.items[0].id, other);
		petory_chat_room_page_dispose(&page);
		cr_assert_petory_ok(petory__store_chat_room_list(
			&page, db, r.outsider, 0, 10));
		cr_assert_eq(page.total, 0);
		petory_chat_room_page_dispose(&page);
	});
}

Test(store_chat, messages_count_unread_notify_once_and_page)
{
	STORE_FOREACH(b, db, {
		chat_rows r;
		petory_notification note;
		petory_chat_message *m = NULL, *items = NULL;
		size_t count = 0;
		int has_more = -1, duplicate;
		int64_t room, m1, m2, m3, again;
		char *before;
		make_rows(&r, db);
		room = open_room(db, &r, r.buyer, 1);

		chat_note(&note, r.seller);
		m1 = send_text(
			db, room, r.buyer, "하나", "c1", &note, NULL, T0 + 1);
		cr_assert_gt(note.id, 0, "[%s] the first note", b->name);
		chat_note(&note, r.seller);
		m2 = send_text(
			db, room, r.buyer, "둘", "c2", &note, NULL, T0 + 2);
		cr_assert_eq(note.id, 0, "a second note while one is unread");
		cr_assert_eq(notifications_of(db, r.seller), 1);
		cr_assert_eq(unread_of(db, room, r.seller), 2);
		cr_assert_eq(unread_of(db, room, r.buyer), 0);

		cr_assert_petory_ok(petory__store_chat_message_get(&m, db, m1));
		cr_assert_eq(m->room_id, room);
		cr_assert_eq(m->sender_id, r.buyer);
		cr_assert_str_eq(m->sender_nickname, "buyer");
		cr_assert_eq(m->type, PETORY_CHAT_TEXT);
		cr_assert_str_eq(m->content, "하나");
		cr_assert_str_eq(m->client_msg_id, "c1");
		cr_assert_eq(m->created_at, T0 + 1);
		petory_chat_message_free(m);
		m = NULL;
		assert_absent(petory__store_chat_message_get(&m, db, m2 + 100));
		cr_assert_null(m);

		/* a resend: nothing written, the first message reported */
		before = b->snapshot(db);
		chat_note(&note, r.seller);
		again = send_text(db, room, r.buyer, "하나", "c1", &note,
			&duplicate, T0 + 3);
		cr_assert_eq(duplicate, 1, "[%s]", b->name);
		cr_assert_eq(again, m1);
		market_assert_unchanged(b, db, before, "a resend");
		/* a client_msg_id is the sender's own */
		m3 = send_text(db, room, r.seller, "셋", "c1", NULL, &duplicate,
			T0 + 4);
		cr_assert_eq(duplicate, 0);
		cr_assert_neq(m3, m1);
		cr_assert_eq(unread_of(db, room, r.seller), 0);
		cr_assert_eq(unread_of(db, room, r.buyer), 1);

		cr_assert_petory_ok(petory__store_chat_messages(
			&items, &count, &has_more, db, room, 0, 2));
		cr_assert_eq(count, 2);
		cr_assert_eq(has_more, 1);
		cr_assert_eq(items[0].id, m2);
		cr_assert_eq(items[1].id, m3);
		messages_free(items, count);
		cr_assert_petory_ok(petory__store_chat_messages(
			&items, &count, &has_more, db, room, m2, 2));
		cr_assert_eq(count, 1);
		cr_assert_eq(has_more, 0);
		cr_assert_eq(items[0].id, m1);
		messages_free(items, count);

		cr_assert_petory_ok(
			petory__store_chat_mark_read(db, room, r.buyer));
		cr_assert_eq(unread_of(db, room, r.buyer), 0);
		before = b->snapshot(db);
		assert_absent(
			petory__store_chat_mark_read(db, room, r.outsider));
		assert_absent(
			petory__store_chat_mark_read(db, room + 100, r.buyer));
		market_assert_unchanged(b, db, before, "a read by no member");
	});
}

Test(store_chat, an_image_message_attaches_its_file_private_once)
{
	STORE_FOREACH(b, db, {
		chat_rows r;
		petory_chat_message m;
		petory_file_rec rec;
		char key[48], *before;
		int64_t room, id = 0;
		int duplicate = -1;
		make_rows(&r, db);
		room = open_room(db, &r, r.buyer, 1);
		market_file(key, db, r.buyer, PETORY_FILE_CHAT);
		memset(&m, 0, sizeof(m));
		m.room_id = room;
		m.sender_id = r.buyer;
		m.type = PETORY_CHAT_IMAGE;
		m.content = key;
		cr_assert_petory_ok(petory__store_chat_message_insert(
			&id, &duplicate, db, &m, NULL, 0, T0 + 1));
		cr_assert_gt(id, 0);
		rec = market_file_rec(db, key);
		cr_assert_eq(rec.state, PETORY_FILE_ATTACHED, "[%s]", b->name);
		cr_assert_eq(rec.is_private, 1);
		cr_assert_eq(unread_of(db, room, r.seller), 1);

		/* the key is used: the second message writes nothing */
		before = b->snapshot(db);
		cr_assert_lt(petory__store_chat_message_insert(
				     &id, &duplicate, db, &m, NULL, 0, T0 + 2),
			0);
		market_assert_unchanged(b, db, before, "a used key");
	});
}

/* ---- races ---- */

typedef struct open_race {
	petory *db;
	const chat_rows *r;
	int64_t buyers[8];
	int64_t ids[8];
	int created[8], error[8];
} open_race;

static void race_open(void *payload, int i)
{
	open_race *o = payload;
	o->error[i] = petory__store_chat_room_open(&o->ids[i], &o->created[i],
		o->db, o->r->listing, o->r->seller, o->buyers[i], 1, T0);
}

Test(store_chat, two_buyers_opening_at_once_get_a_room_each)
{
	STORE_FOREACH(b, db, {
		chat_rows r;
		open_race o;
		petory_chat_room_page page;
		make_rows(&r, db);
		memset(&o, 0, sizeof(o));
		o.db = db;
		o.r = &r;
		o.buyers[0] = r.buyer;
		o.buyers[1] = r.buyer2;
		store_race(2, race_open, &o);
		cr_assert_eq(o.error[0], 0, "[%s] %s", b->name,
			petory_error_name(o.error[0]));
		cr_assert_eq(o.error[1], 0);
		cr_assert_eq(o.created[0], 1);
		cr_assert_eq(o.created[1], 1);
		cr_assert_neq(o.ids[0], o.ids[1]);
		cr_assert_petory_ok(petory__store_chat_room_list(
			&page, db, r.seller, 0, 10));
		cr_assert_eq(page.total, 2);
		petory_chat_room_page_dispose(&page);
	});
}

Test(store_chat, eight_opens_by_one_buyer_make_one_room)
{
	STORE_FOREACH(b, db, {
		chat_rows r;
		open_race o;
		petory_chat_room_page page;
		int i, created = 0;
		make_rows(&r, db);
		memset(&o, 0, sizeof(o));
		o.db = db;
		o.r = &r;
		for (i = 0; i < 8; i++)
			o.buyers[i] = r.buyer;
		store_race(8, race_open, &o);
		for (i = 0; i < 8; i++) {
			cr_assert_eq(o.error[i], 0, "[%s] open %d: %s", b->name,
				i, petory_error_name(o.error[i]));
			cr_assert_eq(o.ids[i], o.ids[0], "open %d", i);
			created += o.created[i];
		}
		cr_assert_eq(created, 1, "[%s] %d opens made the room", b->name,
			created);
		cr_assert_petory_ok(petory__store_chat_room_list(
			&page, db, r.seller, 0, 10));
		cr_assert_eq(page.total, 1);
		petory_chat_room_page_dispose(&page);
		cr_assert_eq(unread_of(db, o.ids[0], r.buyer), 0);
	});
}

#define SENDERS 32

typedef struct send_race {
	petory *db;
	int64_t room, sender, seller;
	const char *client_msg_id;
	int64_t ids[SENDERS];
	int duplicate[SENDERS], error[SENDERS];
} send_race;

static void race_send(void *payload, int i)
{
	send_race *s = payload;
	petory_chat_message m;
	petory_notification note;
	chat_note(&note, s->seller);
	memset(&m, 0, sizeof(m));
	m.room_id = s->room;
	m.sender_id = s->sender;
	m.type = PETORY_CHAT_TEXT;
	m.content = "같이";
	m.client_msg_id = (char *)s->client_msg_id;
	s->error[i] = petory__store_chat_message_insert(
		&s->ids[i], &s->duplicate[i], s->db, &m, &note, 1, T0 + i);
}

Test(store_chat, a_client_msg_id_sent_four_times_at_once_is_stored_once)
{
	STORE_FOREACH(b, db, {
		chat_rows r;
		send_race s;
		petory_chat_message *items = NULL;
		size_t count = 0;
		int has_more, i, stored = 0;
		make_rows(&r, db);
		memset(&s, 0, sizeof(s));
		s.db = db;
		s.room = open_room(db, &r, r.buyer, 1);
		s.sender = r.buyer;
		s.seller = r.seller;
		s.client_msg_id = "once";
		store_race(4, race_send, &s);
		for (i = 0; i < 4; i++) {
			cr_assert_eq(s.error[i], 0, "[%s] send %d: %s", b->name,
				i, petory_error_name(s.error[i]));
			cr_assert_eq(s.ids[i], s.ids[0], "send %d", i);
			stored += !s.duplicate[i];
		}
		cr_assert_eq(
			stored, 1, "[%s] %d sends stored", b->name, stored);
		cr_assert_petory_ok(petory__store_chat_messages(
			&items, &count, &has_more, db, s.room, 0, 10));
		cr_assert_eq(count, 1);
		cr_assert_eq(items[0].id, s.ids[0]);
		messages_free(items, count);
		cr_assert_eq(unread_of(db, s.room, r.seller), 1);
	});
}

Test(store_chat, unread_counts_are_exact_after_32_messages_at_once)
{
	STORE_FOREACH(b, db, {
		chat_rows r;
		send_race s;
		petory_chat_room *room;
		petory_chat_message *items = NULL;
		size_t count = 0;
		int has_more, i;
		int64_t last = 0;
		make_rows(&r, db);
		memset(&s, 0, sizeof(s));
		s.db = db;
		s.room = open_room(db, &r, r.buyer, 1);
		s.sender = r.buyer;
		s.seller = r.seller;
		store_race(SENDERS, race_send, &s);
		for (i = 0; i < SENDERS; i++) {
			cr_assert_eq(s.error[i], 0, "[%s] send %d: %s", b->name,
				i, petory_error_name(s.error[i]));
			cr_assert_eq(s.duplicate[i], 0);
			if (s.ids[i] > last)
				last = s.ids[i];
		}
		room = room_as(db, s.room, r.seller, NULL);
		cr_assert_eq(room->unread_count, SENDERS, "[%s] unread %lld",
			b->name, (long long)room->unread_count);
		cr_assert_eq(room->last_message->id, last);
		petory_chat_room_free(room);
		cr_assert_eq(unread_of(db, s.room, r.buyer), 0);
		cr_assert_eq(notifications_of(db, r.seller), 1);
		cr_assert_petory_ok(petory__store_chat_messages(
			&items, &count, &has_more, db, s.room, 0, 100));
		cr_assert_eq(count, SENDERS);
		messages_free(items, count);
	});
}

/* ---- faults in the middle of each multi-statement write ---- */

typedef struct chat_write {
	chat_rows r;
	int64_t room;
	char key[48];
} chat_write;

static int open_new_room(petory *db, void *payload)
{
	chat_write *w = payload;
	int64_t id;
	int created = 0;
	int error = petory__store_chat_room_open(&id, &created, db,
		w->r.listing, w->r.seller, w->r.buyer, 1, T0);
	cr_assert(error < 0 || created == 1);
	if (!error)
		w->room = id;
	return error;
}

static int insert_text_with_note(petory *db, void *payload)
{
	chat_write *w = payload;
	petory_chat_message m;
	petory_notification note;
	int64_t id;
	int duplicate;
	chat_note(&note, w->r.seller);
	memset(&m, 0, sizeof(m));
	m.room_id = w->room;
	m.sender_id = w->r.buyer;
	m.type = PETORY_CHAT_TEXT;
	m.content = "글";
	m.client_msg_id = "swept";
	return petory__store_chat_message_insert(
		&id, &duplicate, db, &m, &note, 1, T0 + 1);
}

static int insert_image(petory *db, void *payload)
{
	chat_write *w = payload;
	petory_chat_message m;
	int64_t id;
	int duplicate;
	memset(&m, 0, sizeof(m));
	m.room_id = w->room;
	m.sender_id = w->r.buyer;
	m.type = PETORY_CHAT_IMAGE;
	m.content = w->key;
	return petory__store_chat_message_insert(
		&id, &duplicate, db, &m, NULL, 0, T0 + 2);
}

static int seller_reads(petory *db, void *payload)
{
	chat_write *w = payload;
	return petory__store_chat_mark_read(db, w->room, w->r.seller);
}

static int buyer_leaves(petory *db, void *payload)
{
	chat_write *w = payload;
	return petory__store_chat_set_hidden(db, w->room, w->r.buyer, 1);
}

Test(store_chat, a_fault_in_any_write_leaves_nothing_behind)
{
	STORE_FOREACH(b, db, {
		chat_write w;
		memset(&w, 0, sizeof(w));
		make_rows(&w.r, db);
		cr_assert_geq(store_fault_sweep(b, db, "chat_room_open",
				      open_new_room, &w),
			4);
		cr_assert_geq(store_fault_sweep(b, db,
				      "chat_message_insert (text, note)",
				      insert_text_with_note, &w),
			5);
		market_file(w.key, db, w.r.buyer, PETORY_FILE_CHAT);
		cr_assert_geq(
			store_fault_sweep(b, db, "chat_message_insert (image)",
				insert_image, &w),
			5);
		cr_assert_eq(unread_of(db, w.room, w.r.seller), 2);
		cr_assert_eq(notifications_of(db, w.r.seller), 1);
		cr_assert_geq(store_fault_sweep(b, db, "chat_mark_read",
				      seller_reads, &w),
			1);
		cr_assert_eq(unread_of(db, w.room, w.r.seller), 0);
		cr_assert_geq(store_fault_sweep(b, db, "chat_set_hidden",
				      buyer_leaves, &w),
			1);
	});
}
