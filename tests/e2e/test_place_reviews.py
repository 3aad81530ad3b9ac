"""Reviews and reports of places over HTTP: one live review per user per
place, the place's ratio as the mean of live reviews to one decimal,
owner/admin rights, reports with the 10-report deactivation and its admin
alert row, admin cancel, and the per-user rate limit (429 with
Retry-After and RateLimit-* headers)."""

import json
import unittest

from harness import ServerTestCase, query, unique


class ReviewBase(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.server.make_admin()

    def place(self):
        r = self.post("/places", {"placeName": unique("p")[:30],
                                  "placeType": "CAFE",
                                  "address": unique("a"),
                                  "latitude": 37.5, "longitude": 127.0},
                      token=self.admin["access"])
        self.assert_status(r, 201)
        return r.body["id"]

    def review(self, place, user, ratio, content="좋아요"):
        return self.post("/places/%d/reviews" % place,
                         {"content": content, "ratio": ratio},
                         token=user["access"])

    def ratio(self, place):
        return self.get("/places/%d" % place).body["ratio"]


class ReviewTest(ReviewBase):

    def test_mean_to_one_decimal_and_one_live_review(self):
        place = self.place()
        users = [self.server.make_user() for _ in range(3)]
        r = self.review(place, users[0], 5, "최고")
        self.assert_status(r, 201)
        self.assertEqual(r.headers["Location"],
                         "/places/%d/reviews/%d" % (place, r.body["id"]))
        self.assertEqual((r.body["content"], r.body["ratio"],
                          r.body["nickName"]),
                         ("최고", 5, users[0]["nickname"]))
        first = r.body["id"]
        self.assert_status(self.review(place, users[1], 4), 201)
        self.assert_status(self.review(place, users[2], 4), 201)
        self.assertEqual(self.ratio(place), 4.3)       # 13 / 3
        with self.unchanged_db():
            self.assert_problem(self.review(place, users[0], 1), 409,
                                "DUPLICATE_REVIEW")
        detail = self.get("/places/%d" % place).body
        self.assertEqual(len(detail["reviews"]), 3)
        self.assertEqual(detail["reviews"][-1]["id"], first, "newest first")

        # the author edits; the mean follows
        path = "/places/%d/reviews/%d" % (place, first)
        r = self.put(path, {"ratio": 1}, token=users[0]["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.body["content"], "최고", "absent field kept")
        self.assertEqual(self.ratio(place), 3.0)       # 9 / 3
        # a deleted review stops counting and does not block a new one
        self.assert_status(self.delete(path, token=users[0]["access"]), 204)
        self.assertEqual(self.ratio(place), 4.0)
        with self.unchanged_db():
            self.assert_problem(self.delete(path, token=users[0]["access"]),
                                409, "ALREADY_DELETED_REVIEW")
        self.assert_status(self.review(place, users[0], 3), 201)
        self.assertEqual(self.ratio(place), 3.7)       # 11 / 3
        # restoring the old one would make two live reviews
        with self.unchanged_db():
            self.assert_problem(self.patch(path + "/restore",
                                           token=self.admin["access"]),
                                409, "DUPLICATE_REVIEW")

    def test_detail_shows_the_newest_ten_live_reviews(self):
        place = self.place()
        ids = [self.review(place, self.server.make_user(), 1 + i % 5,
                           "리뷰 %d" % i).body["id"] for i in range(12)]
        # a deleted review leaves the detail (and the mean)
        gone = ids.pop()
        self.assert_status(self.delete("/places/%d/reviews/%d" % (
            place, gone), token=self.admin["access"]), 204)
        detail = self.get("/places/%d" % place).body
        self.assertEqual([r["id"] for r in detail["reviews"]],
                         ids[::-1][:10])
        self.assertEqual(detail["ratio"], 2.8)   # (2 * 15 + 1) / 11

    def test_rights_and_bad_input(self):
        place = self.place()
        other_place = self.place()
        author, other = self.server.make_user(), self.server.make_user()
        rid = self.review(place, author, 4).body["id"]
        path = "/places/%d/reviews/%d" % (place, rid)
        bad = [({"content": "", "ratio": 3}, ["content"]),
               ({"content": "x" * 256, "ratio": 3}, ["content"]),
               ({"content": "ok", "ratio": 0}, ["ratio"]),
               ({"content": "ok", "ratio": 6}, ["ratio"]),
               ({"content": "ok", "ratio": 3.5}, ["ratio"]),
               ({"content": "ok", "ratio": "5"}, ["ratio"]),
               ({}, ["content", "ratio"]),
               # a missing field is named with the bad values, all at once
               ({"ratio": 9}, ["content", "ratio"]),
               ({"content": ""}, ["content", "ratio"]),
               ({"content": "x" * 256, "ratio": 2.5}, ["content", "ratio"]),
               ({"content": 5}, ["content", "ratio"])]
        for body, fields in bad:
            with self.subTest(body=body), self.unchanged_db():
                r = self.post("/places/%d/reviews" % place, body,
                              token=other["access"])
                self.assert_problem(r, 400, "INVALID_PARAMETER", fields)
        with self.unchanged_db():
            self.assert_unauthorized(self.post(
                "/places/%d/reviews" % place, {"content": "a", "ratio": 1}))
            self.assert_problem(self.review(999999, other, 3), 404,
                                "PLACE_NOT_FOUND")
            self.assert_problem(self.put(path, {"ratio": 2},
                                         token=other["access"]),
                                403, "ONLY_AUTHOR_CAN_EDIT")
            self.assert_problem(self.delete(path, token=other["access"]),
                                403, "ONLY_AUTHOR_CAN_DELETE")
            # a review under another place's path does not exist there
            elsewhere = "/places/%d/reviews/%d" % (other_place, rid)
            self.assert_problem(self.put(elsewhere, {"ratio": 2},
                                         token=author["access"]),
                                404, "PLACE_REVIEW_NOT_FOUND")
            self.assert_problem(self.delete(elsewhere,
                                            token=author["access"]),
                                404, "PLACE_REVIEW_NOT_FOUND")
            for body, fields in (({"content": ""}, ["content"]),
                                 ({"content": "x" * 256}, ["content"]),
                                 ({"ratio": 6}, ["ratio"]),
                                 ({"ratio": 2.5}, ["ratio"]),
                                 ({"ratio": "3"}, ["ratio"])):
                self.assert_problem(self.put(path, body,
                                             token=author["access"]),
                                    400, "INVALID_PARAMETER", fields)
            self.assert_problem(self.patch(path + "/restore",
                                           token=author["access"]), 403)
            self.assert_problem(self.patch(path + "/restore",
                                           token=self.admin["access"]),
                                409, "REVIEW_NOT_DELETED")
        # an admin may delete anyone's review, and restore it
        self.assert_status(self.delete(path, token=self.admin["access"]),
                           204)
        self.assertEqual(self.ratio(place), 0.0)
        r = self.patch(path + "/restore", token=self.admin["access"])
        self.assert_status(r, 200)
        self.assertEqual(self.ratio(place), 4.0)


class ReportTest(ReviewBase):

    def report(self, place, user, content="불친절"):
        return self.post("/places/%d/reports" % place, {"content": content},
                         token=user["access"])

    def test_tenth_report_deactivates_and_alerts(self):
        place = self.place()
        users = [self.server.make_user() for _ in range(11)]
        first = self.report(place, users[0])
        self.assert_status(first, 201)
        self.assertEqual(first.headers["Location"], "/places/%d/reports/%d"
                         % (place, first.body["id"]))
        with self.unchanged_db():
            self.assert_problem(self.report(place, users[0]), 409,
                                "ALREADY_REPORT_PLACE")
        # an admin cancels one: it no longer counts
        path = "/places/%d/reports/%d" % (place, first.body["id"])
        r = self.patch(path, {"reason": "오신고"}, token=self.admin["access"])
        self.assert_status(r, 200)
        self.assertEqual((r.body["valid"], r.body["reason"]),
                         (False, "오신고"))
        with self.unchanged_db():
            self.assert_problem(self.patch(path, {},
                                           token=self.admin["access"]),
                                409, "ALREADY_INVALID_REPORT")
            self.assert_problem(self.patch(path, {"reason": "x" * 31},
                                           token=self.admin["access"]),
                                400, "INVALID_PARAMETER", ["reason"])
            self.assert_problem(self.patch(
                "/places/%d/reports/999999" % place, {},
                token=self.admin["access"]), 404, "PLACE_REPORT_NOT_FOUND")
        for u in users[1:10]:
            self.assert_status(self.report(place, u), 201)
        self.assert_status(self.get("/places/%d" % place), 200)
        def alerts():
            """The admin alerts queued for this place: facts that the
            outbox words when it delivers them."""
            rows = self.server.db_query(
                "SELECT payload FROM outbox WHERE kind = 'WEBHOOK'")
            return [p for p in (json.loads(r[0]) for r in rows)
                    if p.get("event") == "PLACE_INACTIVE"
                    and p.get("placeId") == place]
        self.assertEqual(alerts(), [])
        self.assert_status(self.report(place, users[10]), 201)
        self.assert_problem(self.get("/places/%d" % place), 404)
        self.assertEqual(alerts(), [{"event": "PLACE_INACTIVE",
                                     "placeId": place, "reports": 10}],
                         "the admin alert is queued in the outbox")
        self.assertEqual(self.server.db_query(
            "SELECT status FROM places WHERE id = ?", place), [(1,)])
        more = self.server.make_user()
        with self.unchanged_db():
            self.assert_problem(self.report(place, more), 409,
                                "ALREADY_INACTIVE_PLACE")
        # a restore starts the count again
        self.assert_status(self.patch("/places/%d/restore" % place, {},
                                      token=self.admin["access"]), 200)
        self.assert_status(self.report(place, more), 201)
        self.assert_status(self.get("/places/%d" % place), 200)

    def test_report_refusals(self):
        place = self.place()
        other_place = self.place()
        user = self.server.make_user()
        rid = self.report(place, user).body["id"]
        with self.unchanged_db():
            for body in ({}, {"content": ""}, {"content": "x" * 256},
                         {"content": 3}):
                r = self.post("/places/%d/reports" % other_place, body,
                              token=user["access"])
                self.assert_problem(r, 400, "INVALID_PARAMETER",
                                    ["content"])
            self.assert_unauthorized(self.post(
                "/places/%d/reports" % place, {"content": "x"}))
            self.assert_problem(self.patch(
                "/places/%d/reports/%d" % (place, rid), {},
                token=user["access"]), 403)
            self.assert_problem(self.patch(
                "/places/%d/reports/%d" % (other_place, rid), {},
                token=self.admin["access"]), 404, "PLACE_REPORT_NOT_FOUND")


class FeedTest(ReviewBase):
    """GET /places/{id}/reviews: the review feed by page and by cursor
    (api.md "Paging"), newest (highest id) first, live reviews only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = [cls.server.make_user() for _ in range(27)]

    def feed(self, place, **params):
        return self.get("/places/%d/reviews" % place
                        + (query(**params) if params else ""))

    def filled_place(self, n=25):
        """A place with n reviews, one from each of the first n users;
        their ids oldest first."""
        place = self.place()
        ids = []
        for i in range(n):
            r = self.review(place, self.users[i], 1 + i % 5, "리뷰 %d" % i)
            self.assert_status(r, 201)
            ids.append(r.body["id"])
        return place, ids

    def walk(self, place, size):
        """Follow the cursor from the first page to the end; every
        answer's nextBefore and Link agree."""
        pages = []
        r = self.feed(place, size=size)
        while True:
            self.assert_status(r, 200)
            pages.append(r.body)
            nxt = r.body["nextBefore"]
            if nxt is None:
                self.assertNotIn("Link", r.headers)
                return pages
            self.assertEqual(r.headers.get("Link"),
                             '</places/%d/reviews?before=%d&size=%d>; '
                             'rel="next"' % (place, nxt, size))
            self.assertEqual(nxt, r.body["content"][-1]["id"])
            r = self.feed(place, before=nxt, size=size)

    def test_cursor_walk_matches_the_pages(self):
        place, ids = self.filled_place()
        newest_first = list(reversed(ids))
        pages = self.walk(place, 10)
        self.assertEqual([len(p["content"]) for p in pages], [10, 10, 5])
        walked = [v["id"] for p in pages for v in p["content"]]
        self.assertEqual(walked, newest_first, "no id twice, none missed")
        # the first answer is page mode (no cursor given), the rest not
        self.assertEqual((pages[0]["page"], pages[0]["size"],
                          pages[0]["totalElements"],
                          pages[0]["totalPages"]), (0, 10, 25, 3))
        for p in pages[1:]:
            self.assertEqual(set(p), {"content", "size", "nextBefore"})
            self.assertEqual(p["size"], 10)
        self.assertIsNone(pages[-1]["nextBefore"])
        # page mode gives the same order, page by page
        paged = []
        for n in range(3):
            r = self.feed(place, page=n, size=10)
            self.assert_status(r, 200)
            self.assertEqual(set(r.body), {"content", "page", "size",
                                           "totalElements", "totalPages",
                                           "nextBefore"})
            self.assertEqual(r.body["page"], n)
            self.assertEqual(r.body["totalElements"], 25)
            paged += [v["id"] for v in r.body["content"]]
            if n < 2:
                self.assertEqual(r.body["nextBefore"],
                                 r.body["content"][-1]["id"])
                self.assertIn('rel="next"', r.headers["Link"])
            else:
                self.assertIsNone(r.body["nextBefore"])
                self.assertNotIn("Link", r.headers)
        self.assertEqual(paged, newest_first)
        r = self.feed(place, page=3, size=10)
        self.assertEqual((r.body["content"], r.body["nextBefore"]),
                         ([], None))
        self.assertNotIn("Link", r.headers)
        # the default size is 10; the items are the detail's own
        r = self.feed(place)
        self.assertEqual(r.body["size"], 10)
        detail = self.get("/places/%d" % place).body["reviews"]
        self.assertEqual(r.body["content"], detail)
        self.assertEqual(set(r.body["content"][0]),
                         {"id", "placeId", "userId", "nickName", "content",
                          "ratio", "createdAt", "updatedAt"})
        # a size that divides the total: the fifth page of 5 says null
        # (no empty page after it)
        pages = self.walk(place, 5)
        self.assertEqual([len(p["content"]) for p in pages], [5] * 5)
        # a logged-in caller sees the same feed
        r = self.get("/places/%d/reviews" % place,
                     token=self.users[0]["access"])
        self.assertEqual(r.body["content"], detail)

    def test_new_reviews_while_walking(self):
        place, ids = self.filled_place(12)
        r = self.feed(place, size=5)
        first = [v["id"] for v in r.body["content"]]
        cursor = r.body["nextBefore"]
        # two reviews arrive after the first page was read
        added = []
        for user in self.users[25:27]:
            a = self.review(place, user, 3, "새 리뷰")
            self.assert_status(a, 201)
            added.append(a.body["id"])
        seen = list(first)
        while cursor is not None:
            r = self.feed(place, before=cursor, size=5)
            self.assert_status(r, 200)
            seen += [v["id"] for v in r.body["content"]]
            cursor = r.body["nextBefore"]
        self.assertEqual(seen, list(reversed(ids)),
                         "nothing repeated, nothing skipped, nothing new")
        self.assertFalse(set(added) & set(seen))
        # the new ones lead the next fresh walk
        r = self.feed(place, size=5)
        self.assertEqual([v["id"] for v in r.body["content"]][:2],
                         list(reversed(added)))
        self.assertEqual(r.body["totalElements"], 14)

    def test_deleted_review_leaves_both_modes(self):
        place, ids = self.filled_place(6)
        gone = ids[2]
        self.assert_status(self.delete("/places/%d/reviews/%d" % (
            place, gone), token=self.users[2]["access"]), 204)
        left = [i for i in reversed(ids) if i != gone]
        r = self.feed(place, size=10)
        self.assertEqual([v["id"] for v in r.body["content"]], left)
        self.assertEqual(r.body["totalElements"], 5)
        r = self.feed(place, before=ids[4], size=10)
        self.assertEqual([v["id"] for v in r.body["content"]],
                         [ids[3], ids[1], ids[0]])
        self.assertIsNone(r.body["nextBefore"])
        # a cursor that is itself a deleted review still works
        r = self.feed(place, before=gone, size=1)
        self.assertEqual([v["id"] for v in r.body["content"]], [ids[1]])
        self.assertEqual(r.body["nextBefore"], ids[1])
        self.assertEqual(r.headers["Link"],
                         '</places/%d/reviews?before=%d&size=1>; '
                         'rel="next"' % (place, ids[1]))

    def test_bad_input(self):
        place, ids = self.filled_place(2)
        cases = [({"size": 0}, "size"), ({"size": 101}, "size"),
                 ({"size": "x"}, "size"), ({"before": "abc"}, "before"),
                 ({"before": 0}, "before"), ({"before": -3}, "before"),
                 ({"page": -1}, "page"), ({"page": "x"}, "page"),
                 ({"page": 0, "before": ids[1]}, "before"),
                 ({"page": 1, "before": ids[1], "size": 5}, "page")]
        with self.unchanged_db():
            for params, field in cases:
                r = self.feed(place, **params)
                self.assert_problem(r, 400, "INVALID_PARAMETER", (field,))
                self.assertNotIn("Link", r.headers)
            r = self.feed(place, size=101, before=0)
            self.assert_problem(r, 400, "INVALID_PARAMETER",
                                ("size", "before"))
            # the edges are fine
            self.assert_status(self.feed(place, size=100), 200)
            self.assert_status(self.feed(place, size=1, page=0), 200)

    def test_unknown_deleted_and_inactive_places(self):
        place, ids = self.filled_place(1)
        with self.unchanged_db():
            self.assert_problem(self.feed(999999), 404, "PLACE_NOT_FOUND")
            self.assert_problem(self.feed(999999, before=5), 404,
                                "PLACE_NOT_FOUND")
            self.assert_problem(self.get("/places/abc/reviews"), 400,
                                "INVALID_PARAMETER", ("placeId",))
        # INACTIVE: hidden like GET /places/{id} hides it, but from admins
        self.assert_status(self.delete(
            "/places/%d" % place, body={"placeStatus": "INACTIVE"},
            token=self.admin["access"]), 204)
        for token in (None, self.users[0]["access"]):
            self.assert_problem(self.get("/places/%d" % place, token=token),
                                404, "PLACE_NOT_FOUND")
            self.assert_problem(self.get("/places/%d/reviews" % place,
                                         token=token),
                                404, "PLACE_NOT_FOUND")
        r = self.get("/places/%d/reviews" % place, token=self.admin["access"])
        self.assert_status(r, 200)
        self.assertEqual([v["id"] for v in r.body["content"]], ids)
        # DELETED: gone for everyone
        self.assert_status(self.delete("/places/%d" % place,
                                       token=self.admin["access"]), 204)
        for token in (None, self.admin["access"]):
            self.assert_problem(self.get("/places/%d/reviews" % place,
                                         token=token),
                                404, "PLACE_NOT_FOUND")


class RateLimitTest(ReviewBase):
    server_args = ("--place-review-limit", "3", "--place-report-limit", "2")

    def test_reviews_and_reports_are_limited_per_user(self):
        user = self.server.make_user()
        places = [self.place() for _ in range(4)]
        for p in places[:3]:
            r = self.review(p, user, 5)
            self.assert_status(r, 201)
            self.assertEqual(r.headers["RateLimit-Limit"], "3")
        with self.unchanged_db():
            r = self.review(places[3], user, 5)
            self.assert_problem(r, 429, "TOO_MANY_REQUESTS")
            self.assertGreater(int(r.headers["Retry-After"]), 0)
            self.assertLessEqual(int(r.headers["Retry-After"]), 3600)
            self.assertEqual(r.headers["RateLimit-Remaining"], "0")
        # another user has their own bucket; reports have theirs
        self.assert_status(self.review(places[3], self.server.make_user(),
                                       4), 201)
        for p in places[:2]:
            self.assert_status(self.post("/places/%d/reports" % p,
                                         {"content": "x"},
                                         token=user["access"]), 201)
        with self.unchanged_db():
            self.assert_problem(self.post("/places/%d/reports" % places[2],
                                          {"content": "x"},
                                          token=user["access"]), 429)


if __name__ == "__main__":
    unittest.main()
