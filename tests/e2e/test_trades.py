"""Trade board: every row of the API's table over HTTP.  A seller moves a
listing through the whole status machine (each invalid transition 409,
the same status a no-op that writes nothing); buyers only ever see
FOR_SALE, RESERVED and SOLD_OUT listings; HIDDEN ones show to the seller
and admins only, DELETED ones to no one; other users cannot change what is
not theirs, admins can; 1,000 characters of content are stored whole;
my-board lists the seller's own listings but DELETED ones, with paging."""

import unittest

import images
from harness import ServerTestCase, query

STATUSES = ["FOR_SALE", "RESERVED", "SOLD_OUT", "HIDDEN", "DELETED"]
ALLOWED = {
    "FOR_SALE": {"RESERVED", "SOLD_OUT", "HIDDEN", "DELETED"},
    "RESERVED": {"FOR_SALE", "SOLD_OUT", "HIDDEN", "DELETED"},
    "SOLD_OUT": {"HIDDEN", "DELETED"},
    "HIDDEN": {"FOR_SALE", "RESERVED", "SOLD_OUT", "DELETED"},
    "DELETED": set(),
}
POST_KEYS = {"id", "sellerId", "sellerNickname", "category", "title",
             "content", "price", "status", "images", "createdAt",
             "updatedAt"}
ITEM_KEYS = {"id", "sellerId", "sellerNickname", "title", "content",
             "price", "status", "imageUrl", "createdAt"}


class TradeTest(ServerTestCase):

    def setUp(self):
        self.seller = self.server.make_user()
        self.buyer = self.server.make_user()

    def photo(self, user, purpose="trade-board"):
        return self.server.upload(user, images.png(), "image/png", purpose)

    def create(self, user=None, **fields):
        body = {"category": "TOYS", "title": "공", "content": "새 공",
                "price": 1000}
        body.update(fields)
        r = self.post("/trade-boards", body,
                      token=(user or self.seller)["access"])
        self.assert_status(r, 201)
        return r.body

    def move(self, post_id, status, user=None):
        return self.patch("/trade-boards/%d" % post_id + query(status=status),
                          token=(user or self.seller)["access"])

    def public_ids(self, **params):
        params.setdefault("size", 100)
        r = self.get("/trade-boards" + query(**params))
        self.assert_status(r, 200)
        return [p["id"] for p in r.body["content"]]

    def mine(self, user=None):
        r = self.get("/trade-boards/my-board" + query(size=100),
                     token=(user or self.seller)["access"])
        self.assert_status(r, 200)
        return {p["id"]: p["status"] for p in r.body["content"]}

    def test_create_and_read(self):
        key = self.photo(self.seller)
        r = self.post("/trade-boards", {
            "category": "HEALTH", "title": "가" * 30, "content": "나" * 1000,
            "price": 100000000, "imageKeys": [key]},
            token=self.seller["access"])
        self.assert_status(r, 201)
        post = r.body
        self.assertEqual(set(post), POST_KEYS)
        self.assertEqual(r.headers["Location"], "/trade-boards/%d" % post["id"])
        self.assertEqual((post["status"], post["category"], post["price"],
                          post["content"], post["sellerId"],
                          post["sellerNickname"]),
                         ("FOR_SALE", "HEALTH", 100000000, "나" * 1000,
                          self.seller["id"], self.seller["nickname"]))
        self.assertEqual(post["images"][0]["url"], "/files/" + key)
        r = self.get("/trade-boards/%d" % post["id"])
        self.assertEqual(r.body, post)
        item = [p for p in self.get("/trade-boards" + query(
            category="HEALTH", size=100)).body["content"]
            if p["id"] == post["id"]][0]
        self.assertEqual(set(item), ITEM_KEYS)
        self.assertEqual(item["content"], "나" * 30)
        self.assertEqual(item["imageUrl"], "/files/" + key)
        self.assert_status(self.get(item["imageUrl"]), 200)
        self.create(price=0)

    def test_create_refusals(self):
        theirs = self.photo(self.buyer)
        board_key = self.photo(self.seller, purpose="owner-board")
        with self.unchanged_db():
            for key in (theirs, board_key, "no-such-key"):
                r = self.post("/trade-boards", {
                    "category": "TOYS", "title": "t", "content": "c",
                    "price": 1, "imageKeys": [key]},
                    token=self.seller["access"])
                self.assert_problem(r, 400, fields=("imageKeys",))
            self.assert_unauthorized(self.post("/trade-boards", {
                "category": "TOYS", "title": "t", "content": "c",
                "price": 1}))
            r = self.post("/trade-boards", {
                "category": "CARS", "title": "", "content": "c" * 1001,
                "price": 100000001}, token=self.seller["access"])
            self.assert_problem(r, 400, "INVALID_PARAMETER", fields=(
                "category", "title", "content", "price"))
            r = self.post("/trade-boards", {"category": "TOYS", "title": "t",
                                            "content": "c", "price": -1},
                          token=self.seller["access"])
            self.assert_problem(r, 400, fields=("price",))
            r = self.post("/trade-boards", {"category": "TOYS", "title": "t",
                                            "content": "c", "price": "1"},
                          token=self.seller["access"])
            self.assert_problem(r, 400)
            r = self.post("/trade-boards", {"title": "t", "content": "c"},
                          token=self.seller["access"])
            self.assert_problem(r, 400, fields=("category", "price"))
            # missing fields are named with the empty ones, all at once
            r = self.post("/trade-boards", {"title": "", "content": ""},
                          token=self.seller["access"])
            self.assert_problem(r, 400, "INVALID_PARAMETER", fields=(
                "category", "title", "content", "price"))
            r = self.server.request("POST", "/trade-boards", raw=b"{}",
                                    content_type="text/plain",
                                    token=self.seller["access"])
            self.assert_status(r, 415)

    def test_every_transition(self):
        for start in STATUSES[:4]:
            for target in STATUSES:
                post = self.create(title="전이")
                path = "/trade-boards/%d" % post["id"]
                if start != "FOR_SALE":
                    # reach `start` through an allowed move
                    self.assert_status(self.move(post["id"], start), 200)
                if target == start:
                    # the same status again is a no-op: 200, nothing
                    # written (not even updatedAt)
                    with self.unchanged_db():
                        r = self.move(post["id"], target)
                    self.assert_status(r, 200)
                    self.assertEqual(r.body["status"], target)
                    continue
                r = self.move(post["id"], target)
                if target in ALLOWED[start]:
                    self.assert_status(r, 200)
                    self.assertEqual(r.body["status"], target)
                else:
                    with self.unchanged_db():
                        r = self.move(post["id"], target)
                        self.assert_problem(r, 409,
                                            "INVALID_STATUS_TRANSITION")
        # DELETED is final and answers 404 from then on
        post = self.create()
        self.assert_status(self.move(post["id"], "DELETED"), 200)
        with self.unchanged_db():
            for target in STATUSES:
                self.assert_problem(self.move(post["id"], target), 404,
                                    "TRADE_BOARD_NOT_FOUND")

    def test_status_refusals(self):
        post = self.create()
        admin = self.server.make_admin()
        with self.unchanged_db():
            self.assert_problem(self.move(post["id"], "SOLD", ), 400,
                                fields=("status",))
            r = self.patch("/trade-boards/%d" % post["id"],
                           token=self.seller["access"])
            self.assert_problem(r, 400)
            self.assert_problem(self.move(post["id"], "RESERVED", self.buyer),
                                403, "ONLY_AUTHOR_CAN_EDIT")
            self.assert_problem(self.move(999999, "RESERVED"), 404)
            self.assert_unauthorized(self.patch(
                "/trade-boards/%d" % post["id"] + query(status="HIDDEN")))
        r = self.move(post["id"], "RESERVED", admin)
        self.assert_status(r, 200)
        # a HIDDEN listing is still the admin's to move, not the buyer's
        self.assert_status(self.move(post["id"], "HIDDEN"), 200)
        with self.unchanged_db():
            self.assert_problem(self.move(post["id"], "FOR_SALE", self.buyer),
                                404, "TRADE_BOARD_NOT_FOUND")
        r = self.move(post["id"], "SOLD_OUT", admin)
        self.assert_status(r, 200)
        self.assertEqual(r.body["status"], "SOLD_OUT")

    def test_visibility_by_status(self):
        admin = self.server.make_admin()
        post = self.create(title="보임")
        pid = post["id"]
        path = "/trade-boards/%d" % pid
        for status in ("RESERVED", "SOLD_OUT"):
            self.assert_status(self.move(pid, status), 200)
            self.assertIn(pid, self.public_ids())
            self.assertEqual(self.get(path).body["status"], status)
        self.assert_status(self.move(pid, "HIDDEN"), 200)
        self.assertNotIn(pid, self.public_ids())
        self.assert_problem(self.get(path), 404, "TRADE_BOARD_NOT_FOUND")
        self.assert_problem(self.get(path, token=self.buyer["access"]), 404)
        self.assertEqual(self.get(path, token=self.seller["access"])
                         .body["status"], "HIDDEN")
        self.assert_status(self.get(path, token=admin["access"]), 200)
        self.assertEqual(self.mine()[pid], "HIDDEN")
        with self.unchanged_db():
            # a hidden listing does not exist for the buyer
            r = self.put(path, {"title": "x"}, token=self.buyer["access"])
            self.assert_problem(r, 404)
        self.assert_status(self.move(pid, "FOR_SALE"), 200)
        self.assertIn(pid, self.public_ids())
        self.assert_status(self.move(pid, "DELETED"), 200)
        self.assertNotIn(pid, self.public_ids())
        self.assertNotIn(pid, self.mine())
        for token in (None, self.seller["access"], admin["access"]):
            self.assert_problem(self.get(path, token=token), 404)

    def test_hidden_files_are_private(self):
        key = self.photo(self.seller)
        post = self.create(imageKeys=[key])
        self.assert_status(self.get("/files/" + key), 200)
        self.assert_status(self.move(post["id"], "HIDDEN"), 200)
        self.assert_status(self.get("/files/" + key), 404)
        self.assert_status(self.move(post["id"], "SOLD_OUT"), 200)
        self.assert_status(self.get("/files/" + key), 200)

    def test_update_by_owner_or_admin(self):
        post = self.create()
        theirs = self.photo(self.buyer)
        path = "/trade-boards/%d" % post["id"]
        admin = self.server.make_admin()
        with self.unchanged_db():
            r = self.put(path, {"price": 5}, token=self.buyer["access"])
            self.assert_problem(r, 403, "ONLY_AUTHOR_CAN_EDIT")
            r = self.put(path, {"category": "CARS", "price": -5},
                         token=self.seller["access"])
            self.assert_problem(r, 400, fields=("category", "price"))
            r = self.put(path, {"title": "가" * 31},
                         token=self.seller["access"])
            self.assert_problem(r, 400, fields=("title",))
            # any create field, images too: all or nothing
            r = self.put(path, {"title": "새 제목", "imageKeys": [theirs]},
                         token=self.seller["access"])
            self.assert_problem(r, 400, fields=("imageKeys",))
        r = self.put(path, {"price": 0, "category": "FOOD_AND_TREATS"},
                     token=self.seller["access"])
        self.assert_status(r, 200)
        self.assertEqual((r.body["price"], r.body["category"],
                          r.body["title"], r.body["status"]),
                         (0, "FOOD_AND_TREATS", "공", "FOR_SALE"))
        r = self.put(path, {"title": "관리자 수정"}, token=admin["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.body["title"], "관리자 수정")
        # 1,000 characters of content are stored whole (the original's
        # column was VARCHAR(255)); null and absent fields stay
        content = "가나다라마바사아자차" * 100
        with self.unchanged_db():
            r = self.put(path, {"content": content + "!"},
                         token=self.seller["access"])
            self.assert_problem(r, 400, fields=("content",))
        r = self.put(path, {"content": content, "title": None, "price": None},
                     token=self.seller["access"])
        self.assert_status(r, 200)
        self.assertEqual((r.body["content"], r.body["title"], r.body["price"]),
                         (content, "관리자 수정", 0))
        self.assertEqual(self.get(path).body["content"], content)
        self.assertEqual(self.server.db_query(
            "SELECT length(content) FROM trade_boards WHERE id = ?",
            post["id"]), [(1000,)])
        key = self.photo(self.seller)
        r = self.put(path, {"imageKeys": [key]}, token=self.seller["access"])
        self.assert_status(r, 200)
        self.assertEqual([i["url"] for i in r.body["images"]],
                         ["/files/" + key])

    def test_images(self):
        post = self.create()
        path = "/trade-boards/%d/images" % post["id"]
        mine = self.photo(self.seller)
        theirs = self.photo(self.buyer)
        with self.unchanged_db():
            r = self.post(path, {"imageKeys": [theirs]},
                          token=self.buyer["access"])
            self.assert_problem(r, 403, "ONLY_AUTHOR_CAN_EDIT")
            r = self.post(path, {"imageKeys": [theirs]},
                          token=self.seller["access"])
            self.assert_problem(r, 400, fields=("imageKeys",))
            r = self.post(path, {"imageKeys": []},
                          token=self.seller["access"])
            self.assert_problem(r, 400)
        r = self.post(path, {"imageKeys": [mine]}, token=self.seller["access"])
        self.assert_status(r, 201)
        image = r.body["images"][0]
        other = self.create()
        with self.unchanged_db():
            r = self.delete(path + "/%d" % image["id"],
                            token=self.buyer["access"])
            self.assert_problem(r, 403)
            r = self.delete("/trade-boards/%d/images/%d" % (
                other["id"], image["id"]), token=self.seller["access"])
            self.assert_problem(r, 404, "TRADE_BOARD_IMAGE_NOT_FOUND")
        r = self.delete(path + "/%d" % image["id"],
                        token=self.seller["access"])
        self.assert_status(r, 204)
        self.assertEqual(self.get("/trade-boards/%d" % post["id"])
                         .body["images"], [])
        # an admin adds (their own file) and deletes images of any listing
        admin = self.server.make_admin()
        r = self.post(path, {"imageKeys": [self.photo(admin)]},
                      token=admin["access"])
        self.assert_status(r, 201)
        image = r.body["images"][0]
        r = self.delete(path + "/%d" % image["id"], token=admin["access"])
        self.assert_status(r, 204)
        self.assert_status(self.get(image["url"]), 404)
        # a DELETED listing takes no images and loses none
        mine = self.photo(self.seller)
        r = self.post(path, {"imageKeys": [mine]}, token=self.seller["access"])
        self.assert_status(r, 201)
        image = r.body["images"][0]
        unused = self.photo(self.seller)
        self.assert_status(self.move(post["id"], "DELETED"), 200)
        self.assert_status(self.get(image["url"]), 404)   # private now
        with self.unchanged_db():
            r = self.post(path, {"imageKeys": [unused]},
                          token=self.seller["access"])
            self.assert_problem(r, 404, "TRADE_BOARD_NOT_FOUND")
            r = self.delete(path + "/%d" % image["id"],
                            token=self.seller["access"])
            self.assert_problem(r, 404, "TRADE_BOARD_NOT_FOUND")

    def test_list_filters_and_paging(self):
        made = [self.create(title="목록%d" % i, content="쪽수시험zz",
                            category="CLOTHES_AND_ACCESSORIES")["id"]
                for i in range(12)]
        made.reverse()
        r = self.get("/trade-boards" + query(q="쪽수시험ZZ"))
        self.assert_status(r, 200)
        self.assertEqual((r.body["size"], r.body["totalElements"],
                          r.body["totalPages"]), (10, 12, 2))
        self.assertEqual([p["id"] for p in r.body["content"]], made[:10])
        self.assertEqual(self.public_ids(q="쪽수시험zz", page=1, size=10),
                         made[10:])
        self.assertEqual(self.public_ids(q="쪽수시험zz", page=9, size=10), [])
        self.assertEqual(self.public_ids(q="쪽수시험zz", page=11, size=1),
                         [made[11]])
        self.assertEqual(self.public_ids(q="쪽수시험zz", category="TOYS"), [])
        self.assertEqual(len(self.public_ids(
            q="쪽수시험zz", category="CLOTHES_AND_ACCESSORIES")), 12)
        for bad in ({"category": "CARS"}, {"size": 0}, {"size": 101},
                    {"page": -1}):
            r = self.get("/trade-boards" + query(**bad))
            self.assert_problem(r, 400)
        r = self.get("/trade-boards" + query(q="가" * 101))
        self.assert_problem(r, 400, fields=("q",))
        r = self.get("/trade-boards/my-board" + query(size=0),
                     token=self.seller["access"])
        self.assert_problem(r, 400)
        self.assert_unauthorized(self.get("/trade-boards/my-board"))
        self.assertEqual(self.mine(self.buyer), {})

    def test_my_board(self):
        seller = self.server.make_user()
        made = [self.create(seller, title="내것%d" % i)["id"]
                for i in range(5)]
        for pid, status in zip(made, ["RESERVED", "SOLD_OUT", "HIDDEN",
                                      "DELETED"]):
            self.assert_status(self.move(pid, status, seller), 200)
        self.create(self.buyer)            # someone else's
        path = "/trade-boards/my-board"
        r = self.get(path, token=seller["access"])
        self.assert_status(r, 200)
        # own listings, newest first, any status but DELETED
        self.assertEqual((r.body["size"], r.body["totalElements"],
                          r.body["totalPages"]), (10, 4, 1))
        self.assertEqual([(p["id"], p["status"]) for p in r.body["content"]],
                         [(made[4], "FOR_SALE"), (made[2], "HIDDEN"),
                          (made[1], "SOLD_OUT"), (made[0], "RESERVED")])
        self.assertEqual(set(r.body["content"][0]), ITEM_KEYS)
        # paging edges: the last page, a page past the end, bad sizes
        r = self.get(path + query(page=1, size=3), token=seller["access"])
        self.assertEqual(([p["id"] for p in r.body["content"]],
                          r.body["totalPages"]), ([made[0]], 2))
        r = self.get(path + query(page=2, size=3), token=seller["access"])
        self.assert_status(r, 200)
        self.assertEqual((r.body["content"], r.body["totalElements"]), ([], 4))
        for bad in ({"size": 0}, {"size": 101}, {"page": -1}):
            r = self.get(path + query(**bad), token=seller["access"])
            self.assert_problem(r, 400)


if __name__ == "__main__":
    unittest.main()
