"""Community board (owner boards): every row of the API's table over HTTP.
Posts with images, comments with the writer's notification, soft delete
and the admin's restore, rights of other users, Korean full-text search
(FTS5 trigram, with the 1-2 character scan), paging edges, and posts that
outlive their writer's account."""

import unittest

import images
from harness import ON_POSTGRES, ServerTestCase, query

POST_KEYS = {"id", "title", "content", "images", "writerId",
             "writerNickname", "comments", "commentCount", "createdAt",
             "updatedAt"}
ITEM_KEYS = {"id", "title", "content", "imageUrl", "writerId",
             "writerNickname", "commentCount", "createdAt"}
COMMENT_KEYS = {"id", "postId", "content", "writerId", "writerNickname",
                "createdAt", "updatedAt"}


class BoardCase(ServerTestCase):

    def photo(self, user, purpose="owner-board"):
        return self.server.upload(user, images.png(), "image/png", purpose)

    def create(self, user, title="제목", content="내용", keys=None):
        body = {"title": title, "content": content}
        if keys is not None:
            body["imageKeys"] = keys
        r = self.post("/owner-boards", body, token=user["access"])
        self.assert_status(r, 201)
        return r.body

    def comment(self, user, post_id, content="댓글"):
        r = self.post("/owner-boards/%d/comments" % post_id,
                      {"content": content}, token=user["access"])
        self.assert_status(r, 201)
        return r.body

    def search(self, **params):
        r = self.get("/owner-boards" + query(**params))
        self.assert_status(r, 200)
        return r.body

    def ids(self, **params):
        return [p["id"] for p in self.search(**params)["content"]]


class PostsTest(BoardCase):

    def setUp(self):
        self.writer = self.server.make_user()
        self.other = self.server.make_user()

    def test_create_with_images_and_read_back(self):
        keys = [self.photo(self.writer), self.photo(self.writer)]
        r = self.post("/owner-boards", {
            "title": "가" * 30, "content": "나" * 5000, "imageKeys": keys},
            token=self.writer["access"])
        self.assert_status(r, 201)
        post = r.body
        self.assertEqual(set(post), POST_KEYS)
        self.assertEqual(r.headers["Location"], "/owner-boards/%d" % post["id"])
        self.assertEqual((post["title"], post["content"], post["writerId"],
                          post["writerNickname"], post["commentCount"],
                          post["comments"]),
                         ("가" * 30, "나" * 5000, self.writer["id"],
                          self.writer["nickname"], 0, []))
        self.assertEqual([i["url"] for i in post["images"]],
                         ["/files/" + k for k in keys])
        self.assert_rfc3339_utc(post["createdAt"])
        r = self.get(post["images"][0]["url"])
        self.assert_status(r, 200)
        r = self.get("/owner-boards/%d" % post["id"])
        self.assert_status(r, 200)
        self.assertEqual(r.body, post)
        item = [p for p in self.search(size=100)["content"]
                if p["id"] == post["id"]][0]
        self.assertEqual(set(item), ITEM_KEYS)
        self.assertEqual(item["content"], "나" * 100)
        self.assertEqual(item["imageUrl"], "/files/" + keys[0])

    def test_create_refusals_change_nothing(self):
        album_key = self.photo(self.writer, purpose="album")
        other_key = self.photo(self.other)
        with self.unchanged_db():
            r = self.post("/owner-boards", {"title": "t", "content": "c"})
            self.assert_unauthorized(r)
            r = self.post("/owner-boards", {"title": "", "content": "c" * 5001},
                          token=self.writer["access"])
            self.assert_problem(r, 400, "INVALID_PARAMETER",
                                fields=("title", "content"))
            r = self.post("/owner-boards", {"title": "가" * 31, "content": "c"},
                          token=self.writer["access"])
            self.assert_problem(r, 400, "INVALID_PARAMETER", fields=("title",))
            r = self.post("/owner-boards", {"title": 5, "content": "c"},
                          token=self.writer["access"])
            self.assert_problem(r, 400)
            r = self.post("/owner-boards", {"content": "c"},
                          token=self.writer["access"])
            self.assert_problem(r, 400, "INVALID_PARAMETER",
                                fields=("title",))
            # a missing field is named with the bad values, all at once
            r = self.post("/owner-boards", {"title": ""},
                          token=self.writer["access"])
            self.assert_problem(r, 400, "INVALID_PARAMETER",
                                fields=("title", "content"))
            r = self.post("/owner-boards", {"content": "c" * 5001},
                          token=self.writer["access"])
            self.assert_problem(r, 400, "INVALID_PARAMETER",
                                fields=("title", "content"))
            r = self.server.request("POST", "/owner-boards", raw=b"{}",
                                    content_type="text/plain",
                                    token=self.writer["access"])
            self.assert_status(r, 415)
            r = self.post("/owner-boards", {"title": "t", "content": "c",
                                            "imageKeys": [album_key]},
                          token=self.writer["access"])
            self.assert_problem(r, 400)
            r = self.post("/owner-boards", {"title": "t", "content": "c",
                                            "imageKeys": [other_key]},
                          token=self.writer["access"])
            self.assert_problem(r, 400, "INVALID_PARAMETER",
                                fields=("imageKeys",))

    def test_update_is_the_writers(self):
        post = self.create(self.writer, "처음", "본문")
        admin = self.server.make_admin()
        with self.unchanged_db():
            r = self.put("/owner-boards/%d" % post["id"], {"title": "남의 글"},
                         token=self.other["access"])
            self.assert_problem(r, 403, "ONLY_AUTHOR_CAN_EDIT")
            r = self.put("/owner-boards/%d" % post["id"], {"title": "관리자"},
                         token=admin["access"])
            self.assert_problem(r, 403, "ONLY_AUTHOR_CAN_EDIT")
            r = self.put("/owner-boards/%d" % post["id"], {"title": ""},
                         token=self.writer["access"])
            self.assert_problem(r, 400, fields=("title",))
            r = self.put("/owner-boards/999999", {"title": "x"},
                         token=self.writer["access"])
            self.assert_problem(r, 404, "OWNER_BOARD_NOT_FOUND")
        r = self.put("/owner-boards/%d" % post["id"], {"title": "고침"},
                     token=self.writer["access"])
        self.assert_status(r, 200)
        self.assertEqual((r.body["title"], r.body["content"]), ("고침", "본문"))
        # null is absent: the title stays
        r = self.put("/owner-boards/%d" % post["id"],
                     {"title": None, "content": "새 본문"},
                     token=self.writer["access"])
        self.assert_status(r, 200)
        self.assertEqual((r.body["title"], r.body["content"]),
                         ("고침", "새 본문"))

    def test_delete_and_restore(self):
        key = self.photo(self.writer)
        post = self.create(self.writer, keys=[key])
        path = "/owner-boards/%d" % post["id"]
        admin = self.server.make_admin()
        with self.unchanged_db():
            r = self.delete(path, token=self.other["access"])
            self.assert_problem(r, 403, "ONLY_AUTHOR_CAN_DELETE")
            r = self.patch(path + "/restore", token=admin["access"])
            self.assert_problem(r, 409, "OWNER_BOARD_NOT_DELETED")
            # a post that never was is not found, not "not deleted"
            r = self.patch("/owner-boards/999999/restore",
                           token=admin["access"])
            self.assert_problem(r, 404, "OWNER_BOARD_NOT_FOUND")
        r = self.delete(path, token=self.writer["access"])
        self.assert_status(r, 204)
        for token in (None, self.writer["access"], admin["access"]):
            self.assert_problem(self.get(path, token=token), 404,
                                "OWNER_BOARD_NOT_FOUND")
        self.assertNotIn(post["id"], self.ids(size=100))
        # the files of a deleted post are no longer public
        self.assert_status(self.get("/files/" + key), 404)
        with self.unchanged_db():
            r = self.delete(path, token=self.writer["access"])
            self.assert_problem(r, 404)
            r = self.patch(path + "/restore", token=self.writer["access"])
            self.assert_problem(r, 403)
            r = self.put(path, {"title": "x"}, token=self.writer["access"])
            self.assert_problem(r, 404)
        r = self.patch(path + "/restore", token=admin["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.body["id"], post["id"])
        self.assert_status(self.get(path), 200)
        self.assert_status(self.get("/files/" + key), 200)
        # an admin deletes anyone's post
        self.assert_status(self.delete(path, token=admin["access"]), 204)

    def test_images_add_and_delete(self):
        post = self.create(self.writer)
        path = "/owner-boards/%d/images" % post["id"]
        key = self.photo(self.writer)
        other_key = self.photo(self.other)
        with self.unchanged_db():
            r = self.post(path, {"imageKeys": [other_key]},
                          token=self.other["access"])
            self.assert_problem(r, 403, "ONLY_AUTHOR_CAN_EDIT")
            r = self.post(path, {"imageKeys": []}, token=self.writer["access"])
            self.assert_problem(r, 400)
        r = self.post(path, {"imageKeys": [key]}, token=self.writer["access"])
        self.assert_status(r, 201)
        image = r.body["images"][0]
        other_post = self.create(self.writer)
        with self.unchanged_db():
            r = self.delete(path + "/%d" % image["id"],
                            token=self.other["access"])
            self.assert_problem(r, 403, "ONLY_AUTHOR_CAN_DELETE")
            r = self.delete("/owner-boards/%d/images/%d" % (
                other_post["id"], image["id"]), token=self.writer["access"])
            self.assert_problem(r, 404, "OWNER_BOARD_IMAGE_NOT_FOUND")
        r = self.delete(path + "/%d" % image["id"],
                        token=self.writer["access"])
        self.assert_status(r, 204)
        self.assertEqual(self.get("/owner-boards/%d" % post["id"])
                         .body["images"], [])
        self.assert_status(self.get(image["url"]), 404)

    def test_writer_account_gone(self):
        gone = self.server.make_user()
        post = self.create(gone, "남는 글")
        self.comment(gone, post["id"], "남는 댓글")
        self.server.db_execute("DELETE FROM users WHERE id = ?", gone["id"])
        r = self.get("/owner-boards/%d" % post["id"])
        self.assert_status(r, 200)
        self.assertEqual((r.body["writerId"], r.body["writerNickname"]),
                         (None, None))
        self.assertEqual(r.body["comments"][0]["writerNickname"], None)
        # commenting on it notifies no one and works
        self.comment(self.other, post["id"])


class CommentsTest(BoardCase):

    def setUp(self):
        self.writer = self.server.make_user()
        self.reader = self.server.make_user()

    def notifications(self, user):
        r = self.get("/notifications" + query(size=100),
                     token=user["access"])
        self.assert_status(r, 200)
        return r.body["content"]

    def test_conversation_with_notifications(self):
        key = self.photo(self.writer)
        post = self.create(self.writer, "우리 강아지 사진", "산책 다녀왔어요",
                           keys=[key])
        before = len(self.notifications(self.writer))
        c1 = self.comment(self.reader, post["id"], "귀여워요!")
        self.assertEqual(set(c1), COMMENT_KEYS)
        self.assertEqual((c1["writerId"], c1["writerNickname"],
                          c1["postId"]),
                         (self.reader["id"], self.reader["nickname"],
                          post["id"]))
        c2 = self.comment(self.writer, post["id"], "고마워요")
        notes = self.notifications(self.writer)
        self.assertEqual(len(notes), before + 1)   # not for their own
        self.assertEqual(notes[0]["type"], "COMMENT")
        self.assertEqual(notes[0]["link"], "/owner-boards/%d" % post["id"])
        self.assertEqual(self.notifications(self.reader), [])
        r = self.get("/owner-boards/%d" % post["id"])
        self.assertEqual(r.body["commentCount"], 2)
        self.assertEqual([c["id"] for c in r.body["comments"]],
                         [c1["id"], c2["id"]])
        item = [p for p in self.search(q="강아지")["content"]
                if p["id"] == post["id"]][0]
        self.assertEqual(item["commentCount"], 2)
        self.assertEqual(item["imageUrl"], "/files/" + key)

    def test_comment_list_paging_and_first_ten(self):
        post = self.create(self.writer)
        made = [self.comment(self.reader, post["id"], "c%d" % i)["id"]
                for i in range(12)]
        r = self.get("/owner-boards/%d" % post["id"])
        self.assertEqual([c["id"] for c in r.body["comments"]], made[:10])
        self.assertEqual(r.body["commentCount"], 12)
        r = self.get("/owner-boards/%d/comments" % post["id"])
        self.assert_status(r, 200)
        self.assertEqual((r.body["size"], r.body["totalElements"],
                          r.body["totalPages"]), (10, 12, 2))
        self.assertEqual([c["id"] for c in r.body["content"]], made[:10])
        r = self.get("/owner-boards/%d/comments" % post["id"]
                     + query(page=1, size=10))
        self.assertEqual([c["id"] for c in r.body["content"]], made[10:])
        r = self.get("/owner-boards/%d/comments" % post["id"]
                     + query(page=5))
        self.assertEqual(r.body["content"], [])
        for bad in ({"size": 0}, {"size": 101}, {"page": -1},
                    {"size": "x"}):
            r = self.get("/owner-boards/%d/comments" % post["id"]
                         + query(**bad))
            self.assert_problem(r, 400)

    def test_comment_rights_and_refusals(self):
        post = self.create(self.writer)
        other_post = self.create(self.writer)
        c = self.comment(self.reader, post["id"])
        path = "/owner-boards/%d/comments/%d" % (post["id"], c["id"])
        admin = self.server.make_admin()
        with self.unchanged_db():
            r = self.post("/owner-boards/%d/comments" % post["id"],
                          {"content": "x"})
            self.assert_unauthorized(r)
            r = self.post("/owner-boards/%d/comments" % post["id"],
                          {"content": "가" * 81}, token=self.reader["access"])
            self.assert_problem(r, 400, fields=("content",))
            r = self.post("/owner-boards/%d/comments" % post["id"],
                          {"content": ""}, token=self.reader["access"])
            self.assert_problem(r, 400, fields=("content",))
            r = self.post("/owner-boards/%d/comments" % post["id"],
                          {"content": 3}, token=self.reader["access"])
            self.assert_problem(r, 400)
            r = self.post("/owner-boards/999999/comments", {"content": "x"},
                          token=self.reader["access"])
            self.assert_problem(r, 404, "OWNER_BOARD_NOT_FOUND")
            r = self.put(path, {"content": "남의 댓글"},
                         token=self.writer["access"])
            self.assert_problem(r, 403, "ONLY_AUTHOR_CAN_EDIT")
            r = self.put(path, {"content": "관리자"}, token=admin["access"])
            self.assert_problem(r, 403, "ONLY_AUTHOR_CAN_EDIT")
            r = self.delete(path, token=self.writer["access"])
            self.assert_problem(r, 403, "ONLY_AUTHOR_CAN_DELETE")
            # a comment id of another post
            wrong = "/owner-boards/%d/comments/%d" % (other_post["id"],
                                                     c["id"])
            self.assert_problem(self.put(wrong, {"content": "x"},
                                         token=self.reader["access"]),
                                404, "OWNER_BOARD_COMMENT_NOT_FOUND")
            self.assert_problem(self.delete(wrong,
                                            token=self.reader["access"]),
                                404, "OWNER_BOARD_COMMENT_NOT_FOUND")
        r = self.put(path, {"content": "고친 댓글"}, token=self.reader["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.body["content"], "고친 댓글")
        r = self.put(path, {"content": "가" * 80}, token=self.reader["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.body["content"], "가" * 80)
        self.assert_status(self.delete(path, token=admin["access"]), 204)
        r = self.get("/owner-boards/%d" % post["id"])
        self.assertEqual((r.body["commentCount"], r.body["comments"]), (0, []))
        self.assert_problem(self.delete(path, token=self.reader["access"]),
                            404, "OWNER_BOARD_COMMENT_NOT_FOUND")

    def test_comment_on_deleted_post(self):
        key = self.photo(self.writer)
        post = self.create(self.writer, keys=[key])
        image = self.get("/owner-boards/%d" % post["id"]).body["images"][0]
        c = self.comment(self.reader, post["id"])
        unused = self.photo(self.writer)
        admin = self.server.make_admin()
        self.assert_status(self.delete("/owner-boards/%d" % post["id"],
                                       token=self.writer["access"]), 204)
        before = len(self.notifications(self.writer))
        with self.unchanged_db():
            for user in (self.reader, self.writer, admin):
                r = self.delete("/owner-boards/%d/comments/%d" % (
                    post["id"], c["id"]), token=user["access"])
                self.assert_problem(r, 404, "OWNER_BOARD_NOT_FOUND")
            r = self.post("/owner-boards/%d/images" % post["id"],
                          {"imageKeys": [unused]},
                          token=self.writer["access"])
            self.assert_problem(r, 404, "OWNER_BOARD_NOT_FOUND")
            r = self.delete("/owner-boards/%d/images/%d" % (
                post["id"], image["id"]), token=self.writer["access"])
            self.assert_problem(r, 404, "OWNER_BOARD_NOT_FOUND")
            r = self.post("/owner-boards/%d/comments" % post["id"],
                          {"content": "늦은 댓글"}, token=self.reader["access"])
            self.assert_problem(r, 404, "OWNER_BOARD_NOT_FOUND")
            r = self.get("/owner-boards/%d/comments" % post["id"])
            self.assert_problem(r, 404, "OWNER_BOARD_NOT_FOUND")
            r = self.put("/owner-boards/%d/comments/%d" % (post["id"], c["id"]),
                         {"content": "x"}, token=self.reader["access"])
            self.assert_problem(r, 404, "OWNER_BOARD_NOT_FOUND")
        self.assertEqual(len(self.notifications(self.writer)), before)
        # restored, the post has its comment and image back
        r = self.patch("/owner-boards/%d/restore" % post["id"],
                       token=admin["access"])
        self.assert_status(r, 200)
        self.assertEqual(([x["id"] for x in r.body["comments"]],
                          r.body["commentCount"],
                          [i["id"] for i in r.body["images"]]),
                         ([c["id"]], 1, [image["id"]]))


class SearchTest(BoardCase):
    """Each test uses words of its own, so the shared server's other posts
    never match."""

    def setUp(self):
        self.writer = self.server.make_user()

    def test_korean_inside_a_word(self):
        a = self.create(self.writer, "오늘의 기록", "우리강아지산책 완료")["id"]
        b = self.create(self.writer, "우리강아지산책", "제목에만")["id"]
        self.create(self.writer, "고양이", "강아쥐 아님")
        self.assertEqual(self.ids(q="강아지산책"), [b, a])   # newest first
        self.assertEqual(self.ids(q="리강아"), [b, a])
        found = self.ids(q="강아지", size=100)
        self.assertLess(found.index(b), found.index(a))
        body = self.search(q="강아지산책")
        self.assertEqual(body["totalElements"], 2)

    def test_mixed_script_and_case(self):
        a = self.create(self.writer, "Puppy산책Zq", "x")["id"]
        self.assertEqual(self.ids(q="puppy산책zq"), [a])
        self.assertEqual(self.ids(q="y산책Z"), [a])
        self.assertEqual(self.ids(q="Puppy 산책Zq"), [])

    def test_short_queries_scan(self):
        a = self.create(self.writer, "뭉뭉", "짧은 검색 俳")["id"]
        self.assertIn(a, self.ids(q="俳", size=100))
        self.assertIn(a, self.ids(q="뭉뭉", size=100))

    def test_query_syntax_is_text(self):
        a = self.create(self.writer, 'say "hi" OR * NEAR(x)', "qq7")["id"]
        for q in ('"hi"', "OR *", "NEAR(x)", '"', "*", "a OR b",
                  "qq7 AND"):
            r = self.get("/owner-boards" + query(q=q, size=100))
            self.assert_status(r, 200)
        self.assertEqual(self.ids(q='"hi" OR *'), [a])
        self.assertEqual(self.ids(q='say "hi"'), [a])

    def test_index_follows_edits_and_deletes(self):
        post = self.create(self.writer, "수정전단어", "본문")
        self.assertEqual(self.ids(q="수정전단어"), [post["id"]])
        r = self.put("/owner-boards/%d" % post["id"],
                     {"content": "수정후단어"}, token=self.writer["access"])
        self.assert_status(r, 200)
        self.assertEqual(self.ids(q="수정후단어"), [post["id"]])
        r = self.put("/owner-boards/%d" % post["id"], {"title": "새제목말"},
                     token=self.writer["access"])
        self.assertEqual(self.ids(q="수정전단어"), [])
        self.assertEqual(self.ids(q="새제목말"), [post["id"]])
        self.assert_status(self.delete("/owner-boards/%d" % post["id"],
                                       token=self.writer["access"]), 204)
        self.assertEqual(self.ids(q="새제목말"), [])
        admin = self.server.make_admin()
        self.assert_status(self.patch("/owner-boards/%d/restore"
                                      % post["id"], token=admin["access"]),
                           200)
        self.assertEqual(self.ids(q="새제목말"), [post["id"]])
        # SQLite: the FTS5 index agrees with the table (PostgreSQL
        # searches the table itself, through trigram indexes)
        if not ON_POSTGRES:
            self.assertEqual(self.server.db_query(
                "INSERT INTO owner_boards_fts(owner_boards_fts, rank) "
                "VALUES('integrity-check', 1)"), [])

    def test_title_filter(self):
        a = self.create(self.writer, "제목필터ABC", "본문")["id"]
        self.create(self.writer, "다른 것", "제목필터ABC")
        self.assertEqual(self.ids(title="필터abc"), [a])
        self.assertEqual(self.ids(title="필터abc", q="본문"), [a])
        # a substring, literal (no LIKE wildcards), on the title alone
        self.assertEqual(self.ids(title="터AB"), [a])
        self.assertEqual(self.ids(title="필터%"), [])
        self.assertEqual(self.ids(title="필_터"), [])
        r = self.get("/owner-boards" + query(title="가" * 101))
        self.assert_problem(r, 400, fields=("title",))

    def test_paging_edges(self):
        made = [self.create(self.writer, "쪽제목%d" % i, "쪽나눔쪽")["id"]
                for i in range(7)]
        made.reverse()
        # the FTS5 search, the 1-2 character scan and the plain list
        for f in ({"q": "쪽나눔쪽"}, {"q": "눔쪽"}, {"title": "쪽제목"}):
            body = self.search(**f)
            self.assertEqual((body["size"], body["totalElements"],
                              body["totalPages"], body["page"]),
                             (5, 7, 2, 0))
            self.assertEqual([p["id"] for p in body["content"]], made[:5])
            self.assertEqual(self.ids(page=1, **f), made[5:])
            body = self.search(page=2, **f)
            self.assertEqual((body["content"], body["totalElements"]),
                             ([], 7))
            self.assertEqual(self.ids(page=0, size=100, **f), made)
            self.assertEqual(self.ids(page=6, size=1, **f), [made[6]])
            for bad in ({"size": 0}, {"size": 101}, {"page": -1},
                        {"page": "x"}):
                r = self.get("/owner-boards" + query(**dict(f, **bad)))
                self.assert_problem(r, 400)
        r = self.get("/owner-boards" + query(q="가" * 101))
        self.assert_problem(r, 400, fields=("q",))


if __name__ == "__main__":
    unittest.main()
