"""Reviews and reports of places over HTTP: one live review per user per
place, the place's ratio as the mean of live reviews to one decimal,
owner/admin rights, reports with the 10-report deactivation and its admin
alert row, admin cancel, and the per-user rate limit (429 with
Retry-After and RateLimit-* headers)."""

import unittest

from harness import ServerTestCase, unique


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
        alert = ("SELECT count(*) FROM outbox WHERE kind = 'WEBHOOK' AND "
                 "payload LIKE ?", '%%Place %d received %%' % place)
        self.assertEqual(self.server.db_query(*alert), [(0,)])
        self.assert_status(self.report(place, users[10]), 201)
        self.assert_problem(self.get("/places/%d" % place), 404)
        self.assertEqual(self.server.db_query(*alert), [(1,)],
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
