/* chat.c -- chat rooms and messages through the library: one room per
 * (listing, buyer), the seller refused a room of their own, listings that
 * open no new room, membership on every call, unread counts and the read
 * mark, leaving until the next message, cursor paging, resends by
 * clientMsgId, image messages bound to their room's files, and the
 * presence and message hooks (an offline member gets one unread
 * notification per room, written with the message). */
#include <stdio.h>
#include <string.h>

#include "petory_test.h"
#include "store/sqlite/sqlite_internal.h"

static petory *db;
static petory_identity seller, buyer, other;
static int64_t listing_id;
static int online[8];
static int message_hooks;
static int64_t hook_members[2];
static int notification_hooks;

static int presence(void *payload, int64_t user_id)
{
	(void)payload;
	return user_id > 0 && user_id < 8 && online[user_id];
}

static void on_message(
	void *payload, const petory_chat_message *m, const int64_t members[2])
{
	(void)payload;
	(void)m;
	message_hooks++;
	hook_members[0] = members[0];
	hook_members[1] = members[1];
}

static void on_notification(void *payload, const petory_notification *n)
{
	(void)payload;
	(void)n;
	notification_hooks++;
}

static int64_t new_listing(const petory_identity *who)
{
	petory_trade_input in = { "TOYS", "공", "새 공", 1000, 1, NULL, 0 };
	petory_trade_post *p = NULL;
	int64_t id;
	cr_assert_petory_ok(petory_trade_create(&p, db, who, &in));
	id = p->id;
	petory_trade_post_free(p);
	return id;
}

static void setup(void)
{
	test_clock_now = TEST_EPOCH_MS;
	db = test_db_open();
	seller = test_identity(db, test_user(db, "seller@example.com"));
	buyer = test_identity(db, test_user(db, "buyer@example.com"));
	other = test_identity(db, test_user(db, "other@example.com"));
	cr_assert_lt(other.user_id, 8);
	memset(online, 0, sizeof(online));
	message_hooks = notification_hooks = 0;
	cr_assert_petory_ok(petory_set_presence_hook(db, presence, NULL));
	cr_assert_petory_ok(petory_set_chat_message_hook(db, on_message, NULL));
	cr_assert_petory_ok(
		petory_set_notification_hook(db, on_notification, NULL));
	listing_id = new_listing(&seller);
}

static void teardown(void)
{
	test_db_close(db);
}

TestSuite(chat, .init = setup, .fini = teardown);

static int64_t open_room(const petory_identity *who, int expect_created)
{
	petory_chat_room *room = NULL;
	int created = -1;
	int64_t id;
	cr_assert_petory_ok(
		petory_chat_open(&room, &created, db, who, listing_id));
	cr_assert_eq(created, expect_created);
	cr_assert_eq(room->trade_board_id, listing_id);
	cr_assert_eq(room->seller_id, seller.user_id);
	cr_assert_eq(room->customer_id, who->user_id);
	cr_assert_eq(room->opponent_id, seller.user_id);
	id = room->id;
	petory_chat_room_free(room);
	return id;
}

static int send_text(int64_t *id_out, const petory_identity *who, int64_t room,
	const char *text, const char *client_id)
{
	petory_chat_send_input in = { room, "TEXT", text, client_id };
	petory_chat_message *m = NULL;
	int rc = petory_chat_send(&m, NULL, db, who, &in);
	if (id_out)
		*id_out = m ? m->id : 0;
	petory_chat_message_free(m);
	return rc;
}

static int64_t unread_of(const petory_identity *who, int64_t room)
{
	petory_chat_history h;
	int64_t n;
	cr_assert_petory_ok(petory_chat_history_get(&h, db, who, room, 0, 0));
	n = h.room.unread_count;
	petory_chat_history_dispose(&h);
	return n;
}

static int64_t rooms_of(const petory_identity *who)
{
	petory_page_req req = { 0, 10 };
	petory_chat_room_page page;
	int64_t n;
	cr_assert_petory_ok(petory_chat_rooms(&page, db, who, &req));
	n = page.total;
	cr_assert_eq((int64_t)page.count, n);
	petory_chat_room_page_dispose(&page);
	return n;
}

static int64_t notifications_of(const petory_identity *who)
{
	petory_notification_page page;
	petory_page_req req = { 0, 10 };
	int64_t n;
	cr_assert_petory_ok(petory_notification_list(&page, db, who, &req, 1));
	n = page.total;
	petory_notification_page_dispose(&page);
	return n;
}

Test(chat, one_room_per_listing_and_buyer)
{
	int64_t first = open_room(&buyer, 1);
	petory_chat_room *room = NULL;
	cr_assert_eq(open_room(&buyer, 0), first);
	cr_assert_neq(open_room(&other, 1), first);
	cr_assert_petory_fails(PETORY_EINVALID, "CANNOT_SEND_MESSAGE_TO_SELF",
		petory_chat_open(&room, NULL, db, &seller, listing_id));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "TRADE_BOARD_NOT_FOUND",
		petory_chat_open(&room, NULL, db, &buyer, listing_id + 100));
	cr_assert_null(room);
	cr_assert_eq(rooms_of(&seller), 2);
	cr_assert_eq(rooms_of(&buyer), 1);
}

Test(chat, hidden_or_deleted_listings_open_no_new_room)
{
	petory_trade_post *p = NULL;
	petory_chat_room *room = NULL;
	int64_t existing = open_room(&buyer, 1);
	cr_assert_petory_ok(
		petory_trade_set_status(&p, db, &seller, listing_id, "HIDDEN"));
	petory_trade_post_free(p);
	cr_assert_petory_fails(PETORY_ENOTFOUND, "TRADE_BOARD_NOT_FOUND",
		petory_chat_open(&room, NULL, db, &other, listing_id));
	/* a room that exists is found again */
	cr_assert_eq(open_room(&buyer, 0), existing);
	cr_assert_petory_ok(petory_trade_set_status(
		&p, db, &seller, listing_id, "DELETED"));
	petory_trade_post_free(p);
	cr_assert_petory_fails(PETORY_ENOTFOUND, "TRADE_BOARD_NOT_FOUND",
		petory_chat_open(&room, NULL, db, &other, listing_id));
	cr_assert_eq(open_room(&buyer, 0), existing);
}

Test(chat, members_only)
{
	int64_t room = open_room(&buyer, 1), id;
	petory_chat_history h;
	petory_presign_input pre = { "chat", "a.png", "image/png", 10, room };
	petory_presigned out;
	cr_assert_petory_fails(PETORY_EPERM, "FORBIDDEN",
		send_text(&id, &other, room, "hi", NULL));
	cr_assert_eq(id, 0);
	cr_assert_petory_fails(PETORY_EPERM, "FORBIDDEN",
		petory_chat_history_get(&h, db, &other, room, 0, 0));
	cr_assert_petory_fails(PETORY_EPERM, "FORBIDDEN",
		petory_chat_mark_read(db, &other, room));
	cr_assert_petory_fails(
		PETORY_EPERM, "FORBIDDEN", petory_chat_leave(db, &other, room));
	cr_assert_petory_fails(PETORY_EPERM, "FORBIDDEN",
		petory_file_presign(&out, db, &other, &pre));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "CHAT_ROOM_NOT_FOUND",
		send_text(&id, &buyer, room + 100, "hi", NULL));
	cr_assert_petory_fails(PETORY_ENOTFOUND, "CHAT_ROOM_NOT_FOUND",
		petory_chat_history_get(&h, db, &buyer, room + 100, 0, 0));
	pre.chat_room_id = room + 100;
	cr_assert_petory_fails(PETORY_ENOTFOUND, "CHAT_ROOM_NOT_FOUND",
		petory_file_presign(&out, db, &buyer, &pre));
	/* an admin is no member either */
	cr_assert_petory_fails(PETORY_EPERM, "FORBIDDEN",
		petory_chat_history_get(
			&h, db, petory_identity_system(), room, 0, 0));
	cr_assert_eq(message_hooks, 0);
}

Test(chat, unread_counts_and_the_read_mark)
{
	int64_t room = open_room(&buyer, 1);
	cr_assert_petory_ok(send_text(NULL, &buyer, room, "안녕하세요", NULL));
	cr_assert_petory_ok(send_text(NULL, &buyer, room, "팔렸나요?", NULL));
	cr_assert_eq(unread_of(&seller, room), 2);
	cr_assert_eq(unread_of(&buyer, room), 0);
	cr_assert_petory_ok(petory_chat_mark_read(db, &seller, room));
	cr_assert_eq(unread_of(&seller, room), 0);
	cr_assert_petory_ok(send_text(NULL, &seller, room, "아니요", NULL));
	cr_assert_eq(unread_of(&buyer, room), 1);
	cr_assert_eq(unread_of(&seller, room), 0);
	/* answering counts as having read */
	cr_assert_petory_ok(send_text(NULL, &buyer, room, "좋아요", NULL));
	cr_assert_eq(unread_of(&buyer, room), 0);
	cr_assert_eq(unread_of(&seller, room), 1);
}

Test(chat, leaving_hides_until_a_new_message)
{
	int64_t room = open_room(&buyer, 1);
	cr_assert_petory_ok(send_text(NULL, &buyer, room, "hi", NULL));
	cr_assert_petory_ok(petory_chat_leave(db, &seller, room));
	cr_assert_eq(rooms_of(&seller), 0);
	cr_assert_eq(rooms_of(&buyer), 1);
	/* still a member */
	cr_assert_eq(unread_of(&seller, room), 1);
	cr_assert_petory_ok(
		send_text(NULL, &buyer, room, "still there?", NULL));
	cr_assert_eq(rooms_of(&seller), 1);
	cr_assert_petory_ok(petory_chat_leave(db, &buyer, room));
	cr_assert_eq(rooms_of(&buyer), 0);
	/* opening it again shows it again */
	cr_assert_eq(open_room(&buyer, 0), room);
	cr_assert_eq(rooms_of(&buyer), 1);
}

Test(chat, history_pages_backwards_oldest_first)
{
	int64_t room = open_room(&buyer, 1), ids[7];
	petory_chat_history h;
	char text[16];
	int i;
	for (i = 0; i < 7; i++) {
		snprintf(text, sizeof(text), "m%d", i);
		test_clock_now += 1000;
		cr_assert_petory_ok(
			send_text(&ids[i], &buyer, room, text, NULL));
	}
	cr_assert_petory_ok(
		petory_chat_history_get(&h, db, &seller, room, 0, 3));
	cr_assert_eq(h.count, 3);
	cr_assert(h.has_more);
	cr_assert_eq(h.messages[0].id, ids[4]);
	cr_assert_eq(h.messages[2].id, ids[6]);
	cr_assert_str_eq(h.messages[2].content, "m6");
	cr_assert_eq(h.messages[2].created_at, TEST_EPOCH_MS + 7000);
	petory_chat_history_dispose(&h);
	cr_assert_petory_ok(
		petory_chat_history_get(&h, db, &seller, room, ids[1], 3));
	cr_assert_eq(h.count, 1);
	cr_assert(!h.has_more);
	cr_assert_eq(h.messages[0].id, ids[0]);
	petory_chat_history_dispose(&h);
	cr_assert_petory_ok(
		petory_chat_history_get(&h, db, &seller, room, ids[4], 3));
	cr_assert_eq(h.count, 3);
	cr_assert(h.has_more);
	cr_assert_eq(h.messages[0].id, ids[1]);
	cr_assert_eq(h.messages[2].id, ids[3]);
	petory_chat_history_dispose(&h);
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_chat_history_get(&h, db, &seller, room, 0, 101));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_chat_history_get(&h, db, &seller, room, -1, 10));
}

Test(chat, a_resend_stores_nothing_new)
{
	petory_chat_send_input in = { 0, "TEXT", "once", "c-1" };
	petory_chat_message *a = NULL, *b = NULL;
	int dup = -1;
	petory_chat_history h;
	in.room_id = open_room(&buyer, 1);
	cr_assert_petory_ok(petory_chat_send(&a, &dup, db, &buyer, &in));
	cr_assert_eq(dup, 0);
	cr_assert_str_eq(a->client_msg_id, "c-1");
	in.content = "twice";
	cr_assert_petory_ok(petory_chat_send(&b, &dup, db, &buyer, &in));
	cr_assert_eq(dup, 1);
	cr_assert_eq(b->id, a->id);
	cr_assert_str_eq(b->content, "once");
	cr_assert_eq(message_hooks, 1);
	/* the same client id from the other member is theirs */
	petory_chat_message_free(b);
	cr_assert_petory_ok(petory_chat_send(&b, &dup, db, &seller, &in));
	cr_assert_eq(dup, 0);
	cr_assert_neq(b->id, a->id);
	cr_assert_petory_ok(
		petory_chat_history_get(&h, db, &buyer, in.room_id, 0, 0));
	cr_assert_eq(h.count, 2);
	cr_assert_eq(h.room.unread_count, 1);
	petory_chat_history_dispose(&h);
	petory_chat_message_free(a);
	petory_chat_message_free(b);
}

Test(chat, bad_messages_change_nothing)
{
	int64_t room = open_room(&buyer, 1), id;
	char big[1002 * 3 + 1];
	petory_chat_send_input in = { room, "VIDEO", "x", NULL };
	petory_chat_message *m = NULL;
	int i;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_chat_send(&m, NULL, db, &buyer, &in));
	cr_assert_eq(petory_error_last()->field_count, 1);
	cr_assert_str_eq(petory_error_last()->fields[0].field, "messageType");
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		send_text(&id, &buyer, room, "", NULL));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		send_text(&id, &buyer, room, "   ", NULL));
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		send_text(&id, &buyer, room, "bell\a", NULL));
	/* 1000 characters fit, in Korean too; 1001 do not */
	for (i = 0; i < 1000; i++)
		memcpy(big + 3 * i, "가", 3);
	big[3000] = '\0';
	cr_assert_petory_ok(send_text(&id, &buyer, room, big, NULL));
	memcpy(big + 3000, "가", 4);
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		send_text(&id, &buyer, room, big, NULL));
	cr_assert_petory_ok(
		send_text(&id, &buyer, room, "two\nlines\ttab", NULL));
	cr_assert_eq(unread_of(&seller, room), 2);
	cr_assert_eq(message_hooks, 2);
}

Test(chat, an_image_message_sent_again_is_the_first_one)
{
	int64_t room = open_room(&buyer, 1);
	petory_chat_send_input in = { room, "IMAGE", NULL, "img-1" };
	petory_chat_message *a = NULL, *b = NULL;
	int dup = -1;
	in.content = test_image_key_for_room(db, &buyer, "chat", room);
	cr_assert_petory_ok(petory_chat_send(&a, &dup, db, &buyer, &in));
	cr_assert_eq(dup, 0);
	/* its acknowledgement was lost: the client sends it again */
	cr_assert_petory_ok(petory_chat_send(&b, &dup, db, &buyer, &in));
	cr_assert_eq(dup, 1);
	cr_assert_eq(b->id, a->id);
	petory_chat_message_free(b);
	b = NULL;
	/* as another message, the file is in use */
	in.client_msg_id = "img-2";
	cr_assert_petory_fails(PETORY_ECONFLICT, "FILE_ALREADY_USED",
		petory_chat_send(&b, &dup, db, &buyer, &in));
	cr_assert_eq(message_hooks, 1);
	petory_chat_message_free(a);
}

Test(chat, image_messages_take_a_file_of_their_room)
{
	int64_t room = open_room(&buyer, 1);
	int64_t other_room = open_room(&other, 1);
	petory_chat_send_input in = { room, "IMAGE", NULL, NULL };
	petory_chat_message *m = NULL;
	const char *pet_key = test_image_key(db, &buyer, "pet");
	const char *elsewhere =
		test_image_key_for_room(db, &other, "chat", other_room);
	const char *sellers =
		test_image_key_for_room(db, &seller, "chat", room);
	const char *mine = test_image_key_for_room(db, &buyer, "chat", room);
	petory_file_content file;
	char expires[32], sig[80];
	const char *q;

	/* a file of another purpose, of another room, of another member, a
	 * malformed key */
	in.content = pet_key;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_chat_send(&m, NULL, db, &buyer, &in));
	in.content = elsewhere;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_chat_send(&m, NULL, db, &buyer, &in));
	in.content = sellers;
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_chat_send(&m, NULL, db, &buyer, &in));
	in.content = "not-a-key";
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_chat_send(&m, NULL, db, &buyer, &in));
	cr_assert_eq(unread_of(&seller, room), 0);
	cr_assert_eq(message_hooks, 0);

	in.content = mine;
	cr_assert_petory_ok(petory_chat_send(&m, NULL, db, &buyer, &in));
	cr_assert_eq(m->type, PETORY_CHAT_IMAGE);
	cr_assert_str_eq(m->content, mine);
	cr_assert_not_null(m->image_url);
	cr_assert_not_null(strstr(m->image_url, mine));
	/* the file stays private: the seller reads it on the signed URL */
	cr_assert_petory_fails(PETORY_ENOTFOUND, "FILE_NOT_FOUND",
		petory_file_open(&file, db, &seller, mine, NULL, NULL));
	q = strstr(m->image_url, "expires=");
	cr_assert_not_null(q);
	cr_assert_eq(sscanf(q, "expires=%31[0-9]&signature=%79[0-9a-f]",
			     expires, sig),
		2);
	cr_assert_petory_ok(
		petory_file_open(&file, db, &seller, mine, expires, sig));
	petory_file_content_dispose(&file);
	petory_chat_message_free(m);
	/* a key is used once */
	cr_assert_petory_fails(PETORY_ECONFLICT, "FILE_ALREADY_USED",
		petory_chat_send(&m, NULL, db, &buyer, &in));
	cr_assert_eq(unread_of(&seller, room), 1);
}

Test(chat, offline_members_get_one_unread_notification_per_room)
{
	int64_t room = open_room(&buyer, 1);
	petory_notification_page page;
	petory_page_req req = { 0, 10 };
	online[buyer.user_id] = 1;
	cr_assert_petory_ok(send_text(NULL, &buyer, room, "one", NULL));
	cr_assert_petory_ok(send_text(NULL, &buyer, room, "two", NULL));
	cr_assert_eq(notifications_of(&seller), 1);
	cr_assert_eq(notification_hooks, 1);
	cr_assert_petory_ok(
		petory_notification_list(&page, db, &seller, &req, 1));
	cr_assert_eq(page.items[0].type, PETORY_NOTIFICATION_CHAT_MESSAGE);
	{
		char link[32];
		snprintf(link, sizeof(link), "/chat/%lld", (long long)room);
		cr_assert_str_eq(page.items[0].link, link);
	}
	cr_assert_petory_ok(
		petory_notification_read(db, &seller, page.items[0].id));
	petory_notification_page_dispose(&page);
	cr_assert_petory_ok(send_text(NULL, &buyer, room, "three", NULL));
	cr_assert_eq(notifications_of(&seller), 1);
	/* online members get none; the hook names both members */
	online[seller.user_id] = 1;
	online[buyer.user_id] = 0;
	cr_assert_petory_ok(send_text(NULL, &seller, room, "here", NULL));
	cr_assert_petory_ok(petory_notification_read_all(db, &seller));
	cr_assert_petory_ok(send_text(NULL, &buyer, room, "four", NULL));
	cr_assert_eq(notifications_of(&seller), 0);
	cr_assert_eq(notifications_of(&buyer), 1);
	cr_assert_eq(message_hooks, 5);
	cr_assert_eq(hook_members[0], seller.user_id);
	cr_assert_eq(hook_members[1], buyer.user_id);
}

Test(chat, rooms_outlive_a_hard_deleted_member)
{
	int64_t room = open_room(&buyer, 1);
	petory_chat_history h;
	petory_jobs_report rep;
	int rc = SQLITE_ERROR;

	cr_assert_petory_ok(send_text(NULL, &buyer, room, "안녕", NULL));
	PETORY__WITH_CONN(db, conn,
		rc = sqlite3_exec(conn->db,
			"UPDATE users SET status = 3, status_changed_at = 0 "
			"WHERE email = 'buyer@example.com'",
			NULL, NULL, NULL));
	cr_assert_eq(rc, SQLITE_OK);
	cr_assert_petory_ok(petory_jobs_run_due(
		&rep, db, petory_identity_system(), test_clock_now));
	cr_assert_eq(rep.removed, 1);
	cr_assert_petory_ok(
		petory_chat_history_get(&h, db, &seller, room, 0, 0));
	cr_assert_eq(h.room.customer_id, 0);
	cr_assert_eq(h.room.opponent_id, 0);
	cr_assert_null(h.room.opponent_nickname);
	cr_assert_eq(h.count, 1);
	cr_assert_eq(h.messages[0].sender_id, 0);
	cr_assert_null(h.messages[0].sender_nickname);
	cr_assert_str_eq(h.messages[0].content, "안녕");
	petory_chat_history_dispose(&h);
	/* writing to a room whose other member is gone notifies no one */
	cr_assert_petory_ok(send_text(NULL, &seller, room, "계세요?", NULL));
	cr_assert_eq(rooms_of(&seller), 1);
}
