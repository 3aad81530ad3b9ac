/* boards.c -- conformance of the boards table: owner-board posts, their
 * images and comments.
 *
 * Facts checked: an absent post or comment is ENOTFOUND with no reason
 * of the store's own; a deleted post is absent to the methods that work
 * on live posts; a soft delete and an image attach report their outcome
 * (APPLIED, UNCHANGED, ABSENT, INACTIVE) and write nothing unless
 * APPLIED; every multi-statement write leaves nothing behind a fault.
 */
#include <stdlib.h>
#include <string.h>

#include "market_rows.h"

#define T0 MARKET_T0

typedef struct board_rows {
	int64_t writer, reader;
	char keys[3][48];
} board_rows;

static void make_rows(board_rows *r, petory *db)
{
	int i;
	r->writer = market_user(db, "writer");
	r->reader = market_user(db, "reader");
	for (i = 0; i < 3; i++)
		market_file(r->keys[i], db, r->writer, PETORY_FILE_OWNER_BOARD);
}

static int64_t insert_post(petory *db, int64_t writer, const char *title,
	const char *content, const char *const *keys, size_t count)
{
	petory_board_post post;
	memset(&post, 0, sizeof(post));
	post.writer_id = writer;
	post.title = (char *)title;
	post.content = (char *)content;
	cr_assert_petory_ok(
		petory__store_board_insert(db, &post, keys, count, T0));
	cr_assert_gt(post.id, 0);
	cr_assert_eq(post.created_at, T0);
	return post.id;
}

static petory_board_post *get_post(petory *db, int64_t id, int64_t comments)
{
	petory_board_post *p = NULL;
	cr_assert_petory_ok(petory__store_board_get(&p, db, id, comments));
	return p;
}

static int64_t insert_comment(petory *db, int64_t post_id, int64_t writer,
	const char *content, petory_notification *n)
{
	petory_board_comment c;
	memset(&c, 0, sizeof(c));
	c.post_id = post_id;
	c.writer_id = writer;
	c.content = (char *)content;
	cr_assert_petory_ok(
		petory__store_board_comment_insert(db, &c, n, T0 + 1));
	cr_assert_gt(c.id, 0);
	return c.id;
}

static int set_deleted(
	petory *db, int64_t id, int deleted, petory_store_outcome expected)
{
	petory_store_outcome outcome = PETORY_STORE_APPLIED;
	cr_assert_petory_ok(petory__store_board_set_deleted(
		&outcome, db, id, deleted, T0 + 2));
	cr_assert_eq(outcome, expected, "set_deleted(%lld, %d): outcome %d",
		(long long)id, deleted, (int)outcome);
	return 0;
}

Test(store_boards, insert_attaches_its_images_and_get_reads_the_post)
{
	STORE_FOREACH(b, db, {
		board_rows r;
		const char *keys[2];
		petory_board_post *p;
		petory_file_rec rec;
		int64_t id;
		make_rows(&r, db);
		keys[0] = r.keys[0];
		keys[1] = r.keys[1];
		id = insert_post(db, r.writer, "첫 글", "내용입니다", keys, 2);
		p = get_post(db, id, 10);
		cr_assert_eq(p->writer_id, r.writer);
		cr_assert_str_eq(p->writer_nickname, "writer");
		cr_assert_str_eq(p->title, "첫 글");
		cr_assert_str_eq(p->content, "내용입니다");
		cr_assert_eq(p->comment_count, 0);
		cr_assert_eq(p->comments_shown, 0);
		cr_assert_eq(p->deleted_at, 0);
		cr_assert_eq(p->created_at, T0);
		cr_assert_eq(p->updated_at, T0);
		cr_assert_eq(p->image_count, 2, "[%s]", b->name);
		cr_assert_str_eq(p->images[0].file_key, r.keys[0]);
		cr_assert_str_eq(p->images[1].file_key, r.keys[1]);
		cr_assert_eq(p->images[0].is_private, 0);
		petory_board_post_free(p);
		rec = market_file_rec(db, r.keys[0]);
		cr_assert_eq(rec.state, PETORY_FILE_ATTACHED);
		cr_assert_eq(rec.is_private, 0);
		rec = market_file_rec(db, r.keys[2]);
		cr_assert_eq(rec.state, PETORY_FILE_UPLOADED);

		p = NULL;
		assert_absent(petory__store_board_get(&p, db, id + 100, 10));
		cr_assert_null(p);
	});
}

Test(store_boards, insert_with_a_key_it_cannot_take_writes_nothing)
{
	STORE_FOREACH(b, db, {
		board_rows r;
		petory_board_post post;
		petory_file_key pending;
		char theirs[48];
		const char *keys[2];
		char *before;
		make_rows(&r, db);
		market_file(theirs, db, r.reader, PETORY_FILE_OWNER_BOARD);
		fixture_file(&pending, db, r.writer, PETORY_FILE_OWNER_BOARD,
			PETORY_FILE_PENDING);
		memset(&post, 0, sizeof(post));
		post.writer_id = r.writer;
		post.title = "t";
		post.content = "c";
		keys[0] = r.keys[0];
		/* another user's key, then a key whose bytes never came */
		keys[1] = theirs;
		before = b->snapshot(db);
		cr_assert_lt(
			petory__store_board_insert(db, &post, keys, 2, T0), 0);
		market_assert_unchanged(b, db, before, "another user's key");
		keys[1] = pending.key;
		before = b->snapshot(db);
		cr_assert_lt(
			petory__store_board_insert(db, &post, keys, 2, T0), 0);
		market_assert_unchanged(b, db, before, "a pending key");
	});
}

Test(store_boards, list_pages_live_posts_newest_first_with_filters)
{
	STORE_FOREACH(b, db, {
		board_rows r;
		const char *key;
		petory_board_page page;
		char long_content[151];
		int64_t first, second, gone;
		make_rows(&r, db);
		memset(long_content, 'x', 150);
		long_content[150] = '\0';
		key = r.keys[0];
		first = insert_post(
			db, r.writer, "강아지 산책", long_content, &key, 1);
		second = insert_post(
			db, r.reader, "고양이 간식", "맛있는 간식", NULL, 0);
		gone = insert_post(db, r.reader, "지울 글", "간식", NULL, 0);
		set_deleted(db, gone, 1, PETORY_STORE_APPLIED);

		cr_assert_petory_ok(petory__store_board_list(
			&page, db, NULL, NULL, NULL, 0, 10));
		cr_assert_eq(page.total, 2, "[%s]", b->name);
		cr_assert_eq(page.count, 2);
		cr_assert_eq(page.items[0].id, second);
		cr_assert_eq(page.items[0].image_count, 0);
		cr_assert_eq(page.items[1].id, first);
		cr_assert_eq(page.items[1].image_count, 1);
		cr_assert_str_eq(page.items[1].images[0].file_key, r.keys[0]);
		cr_assert_eq(strlen(page.items[1].content), 100);
		petory_board_page_dispose(&page);

		cr_assert_petory_ok(petory__store_board_list(
			&page, db, NULL, NULL, NULL, 1, 1));
		cr_assert_eq(page.total, 2);
		cr_assert_eq(page.count, 1);
		cr_assert_eq(page.items[0].id, first);
		petory_board_page_dispose(&page);

		/* title substring */
		cr_assert_petory_ok(petory__store_board_list(
			&page, db, "산책", NULL, NULL, 0, 10));
		cr_assert_eq(page.total, 1);
		cr_assert_eq(page.items[0].id, first);
		petory_board_page_dispose(&page);

		/* full-text match over title and content */
		cr_assert_petory_ok(petory__store_board_list(
			&page, db, NULL, "\"맛있는\"", NULL, 0, 10));
		cr_assert_eq(page.total, 1, "[%s]", b->name);
		cr_assert_eq(page.count, 1);
		cr_assert_eq(page.items[0].id, second);
		petory_board_page_dispose(&page);

		/* substring scan of title or content */
		cr_assert_petory_ok(petory__store_board_list(
			&page, db, NULL, NULL, "간식", 0, 10));
		cr_assert_eq(page.total, 1);
		cr_assert_eq(page.items[0].id, second);
		petory_board_page_dispose(&page);
	});
}

Test(store_boards, update_changes_a_live_post_and_finds_no_other)
{
	STORE_FOREACH(b, db, {
		board_rows r;
		petory_board_post *p;
		char *before;
		int64_t id;
		make_rows(&r, db);
		id = insert_post(db, r.writer, "제목", "내용", NULL, 0);
		cr_assert_petory_ok(petory__store_board_update(
			db, id, "새 제목", NULL, T0 + 5));
		p = get_post(db, id, 0);
		cr_assert_str_eq(p->title, "새 제목");
		cr_assert_str_eq(p->content, "내용");
		cr_assert_eq(p->updated_at, T0 + 5);
		petory_board_post_free(p);

		assert_absent(petory__store_board_update(
			db, id + 100, "x", NULL, T0 + 6));
		set_deleted(db, id, 1, PETORY_STORE_APPLIED);
		before = b->snapshot(db);
		assert_absent(petory__store_board_update(
			db, id, NULL, "deleted", T0 + 6));
		market_assert_unchanged(
			b, db, before, "update of a deleted post");
	});
}

Test(store_boards, set_deleted_reports_its_outcome_and_moves_file_privacy)
{
	STORE_FOREACH(b, db, {
		board_rows r;
		const char *key;
		petory_board_post *p;
		char *before;
		int64_t id;
		make_rows(&r, db);
		key = r.keys[0];
		id = insert_post(db, r.writer, "제목", "내용", &key, 1);

		set_deleted(db, id, 1, PETORY_STORE_APPLIED);
		p = get_post(db, id, 0);
		cr_assert_eq(p->deleted_at, T0 + 2);
		petory_board_post_free(p);
		cr_assert_eq(market_file_rec(db, key).is_private, 1);

		before = b->snapshot(db);
		set_deleted(db, id, 1, PETORY_STORE_UNCHANGED);
		market_assert_unchanged(b, db, before, "a second delete");

		set_deleted(db, id, 0, PETORY_STORE_APPLIED);
		p = get_post(db, id, 0);
		cr_assert_eq(p->deleted_at, 0);
		petory_board_post_free(p);
		cr_assert_eq(market_file_rec(db, key).is_private, 0);

		before = b->snapshot(db);
		set_deleted(db, id, 0, PETORY_STORE_UNCHANGED);
		set_deleted(db, id + 100, 0, PETORY_STORE_ABSENT);
		set_deleted(db, id + 100, 1, PETORY_STORE_ABSENT);
		market_assert_unchanged(
			b, db, before, "a restore of a live post");
	});
}

Test(store_boards, add_images_reports_absent_and_deleted_posts)
{
	STORE_FOREACH(b, db, {
		board_rows r;
		petory_store_outcome outcome;
		const char *key;
		petory_board_post *p;
		char *before;
		int64_t id;
		make_rows(&r, db);
		key = r.keys[0];
		id = insert_post(db, r.writer, "제목", "내용", &key, 1);
		key = r.keys[1];
		cr_assert_petory_ok(petory__store_board_add_images(
			&outcome, db, id, r.writer, &key, 1, T0 + 3));
		cr_assert_eq(outcome, PETORY_STORE_APPLIED);
		p = get_post(db, id, 0);
		cr_assert_eq(p->image_count, 2);
		cr_assert_str_eq(p->images[1].file_key, r.keys[1]);
		petory_board_post_free(p);

		key = r.keys[2];
		before = b->snapshot(db);
		cr_assert_petory_ok(petory__store_board_add_images(
			&outcome, db, id + 100, r.writer, &key, 1, T0 + 3));
		cr_assert_eq(outcome, PETORY_STORE_ABSENT);
		market_assert_unchanged(b, db, before, "images of no post");

		set_deleted(db, id, 1, PETORY_STORE_APPLIED);
		before = b->snapshot(db);
		cr_assert_petory_ok(petory__store_board_add_images(
			&outcome, db, id, r.writer, &key, 1, T0 + 3));
		cr_assert_eq(outcome, PETORY_STORE_INACTIVE, "[%s]", b->name);
		market_assert_unchanged(
			b, db, before, "images of a deleted post");
		cr_assert_eq(
			market_file_rec(db, key).state, PETORY_FILE_UPLOADED);
	});
}

Test(store_boards, image_delete_takes_only_an_image_of_that_post)
{
	STORE_FOREACH(b, db, {
		board_rows r;
		petory_file_key gone;
		petory_file_rec rec;
		const char *key;
		petory_board_post *p;
		char *before;
		int64_t id, other, image_id;
		make_rows(&r, db);
		key = r.keys[0];
		id = insert_post(db, r.writer, "제목", "내용", &key, 1);
		key = r.keys[1];
		other = insert_post(db, r.writer, "다른 글", "내용", &key, 1);
		p = get_post(db, id, 0);
		image_id = p->images[0].id;
		petory_board_post_free(p);

		before = b->snapshot(db);
		cr_assert_eq(petory__store_board_image_delete(
				     &gone, db, other, image_id),
			PETORY_ENOTFOUND);
		cr_assert_eq(petory__store_board_image_delete(
				     &gone, db, id, image_id + 100),
			PETORY_ENOTFOUND);
		market_assert_unchanged(b, db, before, "another post's image");

		cr_assert_petory_ok(petory__store_board_image_delete(
			&gone, db, id, image_id));
		cr_assert_str_eq(gone.key, r.keys[0]);
		cr_assert_eq(petory__store_file_get(&rec, db, r.keys[0]),
			PETORY_ENOTFOUND);
		p = get_post(db, id, 0);
		cr_assert_eq(p->image_count, 0);
		petory_board_post_free(p);
	});
}

Test(store_boards, comments_count_notify_and_page)
{
	STORE_FOREACH(b, db, {
		board_rows r;
		petory_notification n;
		petory_notification_page notes;
		petory_board_comment *c = NULL;
		petory_board_comment_page page;
		petory_board_post *p;
		int64_t id, c1, c2, c3;
		make_rows(&r, db);
		id = insert_post(db, r.writer, "제목", "내용", NULL, 0);
		memset(&n, 0, sizeof(n));
		n.user_id = r.writer;
		n.type = PETORY_NOTIFICATION_COMMENT;
		n.content = "New comment";
		n.link = "/owner-boards/1";
		n.created_at = T0 + 1;
		c1 = insert_comment(db, id, r.reader, "하나", &n);
		cr_assert_gt(n.id, 0, "[%s] the notification's id", b->name);
		c2 = insert_comment(db, id, r.writer, "둘", NULL);
		c3 = insert_comment(db, id, r.reader, "셋", NULL);

		cr_assert_petory_ok(petory__store_notification_list(
			&notes, db, r.writer, 0, 0, 10));
		cr_assert_eq(notes.total, 1);
		cr_assert_eq(notes.items[0].id, n.id);
		petory_notification_page_dispose(&notes);

		p = get_post(db, id, 2);
		cr_assert_eq(p->comment_count, 3);
		cr_assert_eq(p->comments_shown, 2);
		cr_assert_eq(p->comments[0].id, c1);
		cr_assert_eq(p->comments[1].id, c2);
		petory_board_post_free(p);

		cr_assert_petory_ok(
			petory__store_board_comment_get(&c, db, c1));
		cr_assert_eq(c->post_id, id);
		cr_assert_eq(c->writer_id, r.reader);
		cr_assert_str_eq(c->writer_nickname, "reader");
		cr_assert_str_eq(c->content, "하나");
		cr_assert_eq(c->created_at, T0 + 1);
		petory_board_comment_free(c);
		c = NULL;
		assert_absent(
			petory__store_board_comment_get(&c, db, c3 + 100));
		cr_assert_null(c);

		cr_assert_petory_ok(
			petory__store_board_comment_list(&page, db, id, 1, 10));
		cr_assert_eq(page.total, 3);
		cr_assert_eq(page.count, 2);
		cr_assert_eq(page.items[0].id, c2);
		cr_assert_eq(page.items[1].id, c3);
		petory_board_comment_page_dispose(&page);
		assert_absent(petory__store_board_comment_list(
			&page, db, id + 100, 0, 10));
	});
}

Test(store_boards, comments_change_and_go_and_need_a_live_post)
{
	STORE_FOREACH(b, db, {
		board_rows r;
		petory_notification n;
		petory_board_comment *c = NULL;
		petory_board_comment_page page;
		petory_board_comment late;
		petory_board_post *p;
		char *before;
		int64_t id, c1;
		make_rows(&r, db);
		id = insert_post(db, r.writer, "제목", "내용", NULL, 0);
		c1 = insert_comment(db, id, r.reader, "하나", NULL);
		insert_comment(db, id, r.reader, "둘", NULL);

		cr_assert_petory_ok(petory__store_board_comment_update(
			db, c1, "고친 댓글", T0 + 9));
		cr_assert_petory_ok(
			petory__store_board_comment_get(&c, db, c1));
		cr_assert_str_eq(c->content, "고친 댓글");
		cr_assert_eq(c->updated_at, T0 + 9);
		petory_board_comment_free(c);
		assert_absent(petory__store_board_comment_update(
			db, c1 + 100, "x", T0 + 9));

		cr_assert_petory_ok(petory__store_board_comment_delete(db, c1));
		p = get_post(db, id, 10);
		cr_assert_eq(p->comment_count, 1, "[%s]", b->name);
		cr_assert_eq(p->comments_shown, 1);
		petory_board_post_free(p);
		before = b->snapshot(db);
		assert_absent(petory__store_board_comment_delete(db, c1));
		market_assert_unchanged(b, db, before, "a second delete");

		/* a deleted post takes no comment and lists none */
		set_deleted(db, id, 1, PETORY_STORE_APPLIED);
		memset(&late, 0, sizeof(late));
		late.post_id = id;
		late.writer_id = r.reader;
		late.content = "늦은 댓글";
		memset(&n, 0, sizeof(n));
		n.user_id = r.writer;
		n.type = PETORY_NOTIFICATION_COMMENT;
		n.content = "New comment";
		n.created_at = T0;
		before = b->snapshot(db);
		assert_absent(petory__store_board_comment_insert(
			db, &late, &n, T0 + 10));
		late.post_id = id + 100;
		assert_absent(petory__store_board_comment_insert(
			db, &late, &n, T0 + 10));
		market_assert_unchanged(
			b, db, before, "a comment on a deleted post");
		assert_absent(
			petory__store_board_comment_list(&page, db, id, 0, 10));
	});
}

/* ---- faults in the middle of each multi-statement write ---- */

typedef struct board_write {
	board_rows r;
	int64_t id, comment_id;
	int deleted;
	petory_notification n;
} board_write;

static int insert_with_images(petory *db, void *payload)
{
	board_write *w = payload;
	const char *keys[2] = { w->r.keys[0], w->r.keys[1] };
	petory_board_post post;
	memset(&post, 0, sizeof(post));
	post.writer_id = w->r.writer;
	post.title = "제목";
	post.content = "내용";
	return petory__store_board_insert(db, &post, keys, 2, T0);
}

static int flip_deleted(petory *db, void *payload)
{
	board_write *w = payload;
	petory_store_outcome outcome;
	int error = petory__store_board_set_deleted(
		&outcome, db, w->id, w->deleted, T0 + 1);
	cr_assert(error < 0 || outcome == PETORY_STORE_APPLIED);
	return error;
}

static int add_image(petory *db, void *payload)
{
	board_write *w = payload;
	const char *key = w->r.keys[2];
	petory_store_outcome outcome;
	int error = petory__store_board_add_images(
		&outcome, db, w->id, w->r.writer, &key, 1, T0 + 1);
	cr_assert(error < 0 || outcome == PETORY_STORE_APPLIED);
	return error;
}

static int comment_with_note(petory *db, void *payload)
{
	board_write *w = payload;
	petory_board_comment c;
	memset(&c, 0, sizeof(c));
	c.post_id = w->id;
	c.writer_id = w->r.reader;
	c.content = "댓글";
	return petory__store_board_comment_insert(db, &c, &w->n, T0 + 1);
}

static int delete_comment(petory *db, void *payload)
{
	board_write *w = payload;
	return petory__store_board_comment_delete(db, w->comment_id);
}

Test(store_boards, a_fault_in_any_write_leaves_nothing_behind)
{
	STORE_FOREACH(b, db, {
		board_write w;
		petory_board_post *p;
		memset(&w, 0, sizeof(w));
		make_rows(&w.r, db);
		cr_assert_geq(store_fault_sweep(b, db, "board_insert",
				      insert_with_images, &w),
			3);
		w.id = insert_post(db, w.r.writer, "글", "내용", NULL, 0);
		cr_assert_geq(store_fault_sweep(
				      b, db, "board_add_images", add_image, &w),
			3);
		w.deleted = 1;
		cr_assert_geq(
			store_fault_sweep(b, db, "board_set_deleted (delete)",
				flip_deleted, &w),
			2);
		w.deleted = 0;
		cr_assert_geq(
			store_fault_sweep(b, db, "board_set_deleted (restore)",
				flip_deleted, &w),
			2);
		w.n.user_id = w.r.writer;
		w.n.type = PETORY_NOTIFICATION_COMMENT;
		w.n.content = "New comment";
		w.n.created_at = T0;
		cr_assert_geq(store_fault_sweep(b, db, "board_comment_insert",
				      comment_with_note, &w),
			3);
		w.comment_id = insert_comment(db, w.id, w.r.reader, "둘", NULL);
		cr_assert_geq(store_fault_sweep(b, db, "board_comment_delete",
				      delete_comment, &w),
			2);
		p = get_post(db, w.id, 10);
		cr_assert_eq(p->comment_count, 1);
		cr_assert_eq(p->image_count, 1);
		petory_board_post_free(p);
	});
}
