/* board_search.c -- the owner board's search finds the same posts on every
 * backend: SQLite's FTS5 trigram phrase and instr(lower()) scans, and
 * PostgreSQL's ILIKE on pg_trgm indexes (store/postgres/board.c).
 *
 * The cases are those of tests/e2e/test_boards.py (SearchTest), run
 * through petory_board_list so that the domain turns `q` into a phrase
 * (3 characters or more) or a scan (fewer) as it does for the API, and a
 * few more on case: FTS5 folds the case of every script, instr(lower())
 * only ASCII's.
 */
#include <stdarg.h>
#include <string.h>

#include "market_rows.h"

#define T0 MARKET_T0
#define POSTS 9

/* Posts by index; ids come back as indexes (newest first). */
static const char *const posts[POSTS][2] = {
	{ "오늘의 기록", "우리강아지산책 완료" },     /* 0 */
	{ "우리강아지산책", "제목에만" },             /* 1 */
	{ "고양이", "강아쥐 아님" },                  /* 2 */
	{ "Puppy산책Zq", "x" },                       /* 3 */
	{ "뭉뭉", "짧은 검색 俳" },                   /* 4 */
	{ "say \"hi\" OR * NEAR(x)", "qq7" },         /* 5 */
	{ "제목필터ABC", "본문" },                    /* 6 */
	{ "다른 것", "제목필터ABC" },                 /* 7 */
	{ "Éclair Ωmega", "ÉCLAIRS au café 100%_x" }, /* 8 */
};

typedef struct search_case {
	const char *title, *q;
	int found[POSTS + 1]; /* indexes, newest first, ended by -1 */
} search_case;

static const search_case cases[] = {
	/* Korean inside a word, in the title or the content */
	{ NULL, "강아지산책", { 1, 0, -1 } },
	{ NULL, "리강아", { 1, 0, -1 } },
	{ NULL, "강아지", { 1, 0, -1 } },
	/* mixed script and case; a space is part of the phrase */
	{ NULL, "puppy산책zq", { 3, -1 } },
	{ NULL, "y산책Z", { 3, -1 } },
	{ NULL, "Puppy 산책Zq", { -1 } },
	/* 1-2 characters: a scan */
	{ NULL, "俳", { 4, -1 } },
	{ NULL, "뭉뭉", { 4, -1 } },
	/* FTS5 syntax is text */
	{ NULL, "\"hi\" OR *", { 5, -1 } },
	{ NULL, "say \"hi\"", { 5, -1 } },
	{ NULL, "\"", { 5, -1 } },
	{ NULL, "*", { 5, -1 } },
	{ NULL, "NEAR(x)", { 5, -1 } },
	{ NULL, "a OR b", { -1 } },
	{ NULL, "qq7 AND", { -1 } },
	/* the title filter: a literal substring, ASCII case folded */
	{ "필터abc", NULL, { 6, -1 } },
	{ "필터abc", "본문", { 6, -1 } },
	{ "터AB", NULL, { 6, -1 } },
	{ "필터%", NULL, { -1 } },
	{ "필_터", NULL, { -1 } },
	/* LIKE wildcards in a phrase and a scan are text too */
	{ NULL, "100%_x", { 8, -1 } },
	{ NULL, "0%", { 8, -1 } },
	{ NULL, "%", { 8, -1 } },
	{ NULL, "_", { 8, -1 } },
	/* a phrase folds the case of every script; a scan and the title
	 * filter fold ASCII only (SQLite's lower()) */
	{ NULL, "éclairs", { 8, -1 } },
	{ NULL, "ωMEGA", { 8, -1 } },
	{ NULL, "éc", { -1 } },
	{ NULL, "Éc", { 8, -1 } },
	{ NULL, "ω", { -1 } },
	{ NULL, "CA", { 8, -1 } },
	{ "éclair", NULL, { -1 } },
	{ "Éclair ωmega", NULL, { -1 } },
	{ "éCLAIR", NULL, { -1 } },
	{ "ÉCLAIR", NULL, { 8, -1 } },
	{ "Éclair", NULL, { 8, -1 } },
	{ "CLAIR Ω", NULL, { 8, -1 } },
};

static void check_case(const store_backend *b, petory *db, const int64_t *ids,
	const search_case *c)
{
	petory_board_query query = { c->title, c->q };
	petory_page_req page = { 0, 100 };
	petory_board_page out;
	size_t n = 0, i;
	while (c->found[n] >= 0)
		n++;
	cr_assert_petory_ok(petory_board_list(&out, db, &query, &page));
	cr_assert_eq(out.total, (int64_t)n, "[%s] title %s q %s: %lld found",
		b->name, c->title ? c->title : "-", c->q ? c->q : "-",
		(long long)out.total);
	cr_assert_eq(out.count, n);
	for (i = 0; i < n; i++)
		cr_assert_eq(out.items[i].id, ids[c->found[i]],
			"[%s] title %s q %s: item %zu", b->name,
			c->title ? c->title : "-", c->q ? c->q : "-", i);
	petory_board_page_dispose(&out);
}

Test(store_board_search, finds_what_the_sqlite_trigram_search_finds)
{
	STORE_FOREACH(b, db, {
		int64_t writer = market_user(db, "writer"), ids[POSTS];
		size_t i;
		for (i = 0; i < POSTS; i++) {
			petory_board_post post;
			memset(&post, 0, sizeof(post));
			post.writer_id = writer;
			post.title = (char *)posts[i][0];
			post.content = (char *)posts[i][1];
			cr_assert_petory_ok(petory__store_board_insert(
				db, &post, NULL, 0, T0));
			ids[i] = post.id;
		}
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			check_case(b, db, ids, &cases[i]);
	});
}

Test(store_board_search, a_list_cuts_content_to_100_characters)
{
	STORE_FOREACH(b, db, {
		int64_t writer = market_user(db, "writer");
		petory_board_post post;
		petory_board_page page;
		char content[3 * 150 + 1];
		size_t i;
		/* 150 three-byte characters: 100 of them are 300 bytes */
		for (i = 0; i < 150; i++)
			memcpy(content + 3 * i, "가", 3);
		content[3 * 150] = '\0';
		memset(&post, 0, sizeof(post));
		post.writer_id = writer;
		post.title = "긴 글";
		post.content = content;
		cr_assert_petory_ok(
			petory__store_board_insert(db, &post, NULL, 0, T0));
		cr_assert_petory_ok(petory__store_board_list(
			&page, db, NULL, NULL, NULL, 0, 10));
		cr_assert_eq(page.count, 1);
		cr_assert_eq(
			strlen(page.items[0].content), 300, "[%s]", b->name);
		cr_assert_eq(strncmp(page.items[0].content, content, 300), 0);
		petory_board_page_dispose(&page);
	});
}
