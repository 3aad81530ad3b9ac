"""Daily questions and answers: today's question in the caller's zone,
one answer per question per day, the author's and the admin's actions,
and every refusal leaving the database as it was."""

import datetime
import unittest
import zoneinfo

from harness import ServerTestCase, ctl, query


def local_md(zone):
    return datetime.datetime.now(zoneinfo.ZoneInfo(zone)).strftime("%m-%d")


class DailyTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.server.make_admin()

    def user_in(self, zone):
        user = self.server.make_user()
        r = self.patch("/users/me", {"timezone": zone}, token=user["access"])
        self.assert_status(r, 200)
        return user

    def today(self, token=None, lang=None):
        path = "/daily-questions/today"
        if lang:
            path += query(lang=lang)
        return self.get(path, token=token)

    def todays_question(self, user):
        r = self.today(token=user["access"])
        self.assert_status(r, 200)
        return r.body

    def answer(self, qid, text, user):
        return self.post("/daily-questions/%d/daily-answers" % qid,
                         {"answer": text}, token=user["access"])

    def test_seoul_and_los_angeles_see_their_own_day(self):
        for zone in ("Asia/Seoul", "America/Los_Angeles",
                     "Pacific/Honolulu", "Pacific/Kiritimati"):
            user = self.user_in(zone)
            before = local_md(zone)
            body = self.todays_question(user)
            self.assertIn(body["date"], {before, local_md(zone)}, zone)
            self.assertEqual(set(body), {"id", "question", "date"})
            self.assertIsInstance(body["id"], int)
            r = self.answer(body["id"], "오늘도 산책했어요", user)
            self.assert_status(r, 201)
            self.assertEqual(r.body["questionId"], body["id"])
            self.assertIsInstance(r.body["id"], int)
            self.assert_rfc3339_utc(r.body["createdAt"])
            self.assertTrue(r.headers.get("Location"))
            with self.unchanged_db():
                self.assert_problem(self.answer(body["id"], "또", user),
                                    409, "ALREADY_WRITTEN_TODAY")

    def test_anonymous_gets_the_configured_zone_in_both_languages(self):
        ko = self.today()
        self.assert_status(ko, 200)
        self.assertIn(ko.body["date"], {local_md("Asia/Seoul")})
        en = self.today(lang="en")
        self.assert_status(en, 200)
        self.assertEqual(en.body["id"], ko.body["id"])
        self.assertNotEqual(en.body["question"], ko.body["question"])
        self.assertRegex(en.body["question"], r"[A-Za-z]")
        self.assertRegex(ko.body["question"], r"[가-힣]")
        with self.unchanged_db():
            self.assert_problem(self.today(lang="fr"), 400,
                                "INVALID_PARAMETER", fields=("lang",))
            r = self.get("/daily-questions/today", token="not-a-token")
            self.assert_unauthorized(r)

    def test_answer_input_is_checked(self):
        user = self.user_in("Asia/Seoul")
        qid = self.todays_question(user)["id"]
        with self.unchanged_db():
            self.assert_problem(
                self.post("/daily-questions/%d/daily-answers" % qid, {},
                          token=user["access"]),
                400, "INVALID_PARAMETER", fields=("answer",))
            self.assert_problem(
                self.post("/daily-questions/%d/daily-answers" % qid,
                          {"answer": 42}, token=user["access"]),
                400, fields=("answer",))
            self.assert_problem(self.answer(qid, "", user), 400,
                                fields=("answer",))
            self.assert_problem(self.answer(qid, "가" * 256, user), 400,
                                fields=("answer",))
            self.assert_problem(
                self.server.request(
                    "POST", "/daily-questions/%d/daily-answers" % qid,
                    raw='{"answer":"x"}', content_type="text/plain",
                    token=user["access"]), 415)
            self.assert_unauthorized(
                self.post("/daily-questions/%d/daily-answers" % qid,
                          {"answer": "x"}))
            self.assert_problem(self.answer(999999, "x", user), 404,
                                "QUESTION_NOT_FOUND")
            self.assert_problem(
                self.post("/daily-questions/abc/daily-answers",
                          {"answer": "x"}, token=user["access"]), 400)
        r = self.answer(qid, "가" * 255, user)
        self.assert_status(r, 201)

    def test_answers_belong_to_their_author(self):
        owner = self.user_in("Asia/Seoul")
        other = self.user_in("Asia/Seoul")
        qid = self.todays_question(owner)["id"]
        aid = self.answer(qid, "처음 답", owner).body["id"]

        mine = self.get("/daily-questions/%d/daily-answers" % qid,
                        token=owner["access"])
        self.assert_status(mine, 200)
        self.assertEqual([a["id"] for a in mine.body], [aid])
        theirs = self.get("/daily-questions/%d/daily-answers" % qid,
                          token=other["access"])
        self.assertEqual(theirs.body, [])

        path = "/daily-questions/daily-answers/%d" % aid
        with self.unchanged_db():
            self.assert_problem(self.put(path, {"answer": "남의 것"},
                                         token=other["access"]),
                                404, "DAILY_QNA_NOT_FOUND")
            self.assert_problem(self.patch(path + "/hide",
                                           token=other["access"]),
                                404, "DAILY_QNA_NOT_FOUND")
            self.assert_problem(self.delete(path, token=owner["access"]),
                                403)
            self.assert_problem(self.put(path, {"answer": "가" * 256},
                                         token=owner["access"]),
                                400, fields=("answer",))

        r = self.put(path, {"answer": "고친 답"}, token=owner["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.body["answer"], "고친 답")
        self.assertEqual(r.body["id"], aid)

        self.assert_status(self.patch(path + "/hide", token=owner["access"]),
                           204)
        with self.unchanged_db():
            self.assert_problem(self.patch(path + "/hide",
                                           token=owner["access"]),
                                409, "DAILY_QNA_IS_HIDDEN")
            self.assert_problem(self.put(path, {"answer": "숨김 중"},
                                         token=owner["access"]),
                                409, "DAILY_QNA_IS_HIDDEN")
        hidden = self.get("/daily-questions/daily-answers/hide",
                          token=owner["access"])
        self.assert_status(hidden, 200)
        self.assertEqual([a["id"] for a in hidden.body["content"]], [aid])
        self.assertEqual(hidden.body["totalElements"], 1)
        self.assertEqual(
            self.get("/daily-questions/daily-answers/hide",
                     token=other["access"]).body["totalElements"], 0)
        with self.unchanged_db():
            self.assert_problem(
                self.get("/daily-questions/daily-answers/hide?size=0",
                         token=owner["access"]), 400, fields=("size",))
        self.assert_status(self.patch(path + "/visibility/restore",
                                      token=owner["access"]), 204)
        with self.unchanged_db():
            self.assert_problem(self.patch(path + "/visibility/restore",
                                           token=owner["access"]),
                                409, "DAILY_QNA_IS_NOT_HIDDEN")

        admin = self.admin["access"]
        self.assert_status(self.delete(path, token=admin), 204)
        with self.unchanged_db():
            self.assert_problem(self.delete(path, token=admin), 409,
                                "DAILY_QNA_IS_DELETED")
            self.assert_problem(self.put(path, {"answer": "x"},
                                         token=owner["access"]), 404)
        deleted = self.get(
            "/daily-questions/users/%d/daily-answers/deleted" % owner["id"],
            token=admin)
        self.assert_status(deleted, 200)
        self.assertEqual([a["id"] for a in deleted.body["content"]], [aid])
        with self.unchanged_db():
            self.assert_problem(self.get(
                "/daily-questions/users/%d/daily-answers/deleted"
                % owner["id"], token=owner["access"]), 403)
            self.assert_problem(self.patch(path + "/restore",
                                           token=owner["access"]), 403)
        self.assert_status(self.patch(path + "/restore", token=admin), 204)
        with self.unchanged_db():
            self.assert_problem(self.patch(path + "/restore", token=admin),
                                409, "DAILY_QNA_IS_NOT_DELETED")
        mine = self.get("/daily-questions/%d/daily-answers" % qid,
                        token=owner["access"])
        self.assertEqual([a["answer"] for a in mine.body], ["고친 답"])

    def test_admin_manages_questions_visible_at_once(self):
        admin = self.admin["access"]
        user = self.user_in("Asia/Seoul")
        today = self.today().body
        qid = today["id"]

        r = self.get("/daily-questions/%d" % qid, token=admin)
        self.assert_status(r, 200)
        self.assertEqual(r.body["status"], "ACTIVE")
        self.assertEqual(r.body["date"], today["date"])

        with self.unchanged_db():
            self.assert_problem(self.get("/daily-questions/%d" % qid,
                                         token=user["access"]), 403)
            self.assert_problem(self.post(
                "/daily-questions", {"question": "새 질문",
                                     "date": today["date"]},
                token=admin), 409, "DATE_IS_EXIST")
            self.assert_problem(self.post(
                "/daily-questions", {"question": "", "date": "02-30"},
                token=admin), 400, fields=("question", "date"))
            self.assert_problem(self.post(
                "/daily-questions", {"question": "가" * 86,
                                     "date": "13-01"},
                token=admin), 400, fields=("question", "date"))
            self.assert_problem(self.post(
                "/daily-questions", {"question": "x", "date": "01-01"},
                token=user["access"]), 403)
            for bad in ("2-1", "01-1x", " 1-01", "+1-01", "04-31"):
                self.assert_problem(self.put(
                    "/daily-questions/%d" % qid, {"date": bad},
                    token=admin), 400, fields=("date",))
            taken = "01-01" if today["date"] != "01-01" else "01-02"
            self.assert_problem(self.put(
                "/daily-questions/%d" % qid, {"date": taken}, token=admin),
                409, "DATE_IS_EXIST")
            self.assert_problem(self.put(
                "/daily-questions/%d" % qid, {"question": 5}, token=admin),
                400, fields=("question",))
            self.assert_problem(self.put(
                "/daily-questions/%d" % qid, {"question": "x"},
                token=user["access"]), 403)
            self.assert_problem(self.get("/daily-questions/999999",
                                         token=admin),
                                404, "QUESTION_NOT_FOUND")

        r = self.put("/daily-questions/%d" % qid,
                     {"question": "오늘 반려동물과 무엇을 했나요?",
                      "questionEn": "What did you do with your pet today?"},
                     token=admin)
        self.assert_status(r, 200)
        self.assertEqual(self.today().body["question"],
                         "오늘 반려동물과 무엇을 했나요?")
        self.assertEqual(self.today(lang="en").body["question"],
                         "What did you do with your pet today?")

        self.assert_status(self.patch("/daily-questions/%d/inactive" % qid,
                                      token=admin), 204)
        with self.unchanged_db():
            self.assert_problem(self.today(), 404,
                                "TODAY_QUESTION_IS_DEACTIVATED")
            self.assert_problem(self.patch(
                "/daily-questions/%d/inactive" % qid, token=admin), 409,
                "QUESTION_IS_DEACTIVATED")
            self.assert_problem(self.answer(qid, "x", user), 409,
                                "QUESTION_IS_DEACTIVATED")
        inactive = self.get("/daily-questions/inactive", token=admin)
        self.assertEqual([q["id"] for q in inactive.body["content"]], [qid])
        self.assert_status(self.patch(
            "/daily-questions/%d/activate/restore" % qid, token=admin), 204)
        self.assert_status(self.today(), 200)

        self.assert_status(self.delete("/daily-questions/%d" % qid,
                                       token=admin), 204)
        with self.unchanged_db():
            self.assert_problem(self.answer(qid, "x", user), 404,
                                "QUESTION_NOT_FOUND")
            self.assert_problem(self.today(), 404,
                                "TODAY_QUESTION_IS_DEACTIVATED")
            self.assert_problem(self.get("/daily-questions/%d" % qid,
                                         token=admin), 404)
            self.assert_problem(self.delete("/daily-questions/%d" % qid,
                                            token=admin), 409,
                                "QUESTION_IS_DELETED")
        deleted = self.get("/daily-questions/deleted", token=admin)
        self.assertEqual([q["id"] for q in deleted.body["content"]], [qid])
        self.assertIsNotNone(deleted.body["content"][0]["deletedAt"])
        self.assert_status(self.patch("/daily-questions/%d/restore" % qid,
                                      token=admin), 204)
        with self.unchanged_db():
            self.assert_problem(self.patch(
                "/daily-questions/%d/restore" % qid, token=admin), 409,
                "QUESTION_IS_NOT_DELETED")
        self.assertEqual(self.today().body["id"], qid)

    def test_admin_creates_a_question_on_a_free_date(self):
        admin = self.admin["access"]
        # Every date is shipped: free one far from anybody's today.
        far = datetime.date.today() + datetime.timedelta(days=180)
        if far.strftime("%m-%d") == "02-29":
            far += datetime.timedelta(days=1)
        date = far.strftime("%m-%d")
        self.server.db_execute("DELETE FROM daily_questions WHERE date = ?",
                               date)
        body = {"question": "반려동물과 함께 가장 최근에 웃은 일은?",
                "questionEn": "What last made you laugh with your pet?",
                "date": date}
        user = self.server.make_user()
        with self.unchanged_db():
            self.assert_problem(self.post("/daily-questions", body,
                                          token=user["access"]), 403)
            self.assert_unauthorized(self.post("/daily-questions", body))
            # a missing field is named with the bad values, all at once
            for bad, fields in (
                    ({"question": ""}, ("question", "date")),
                    ({"date": "02-30"}, ("question", "date")),
                    ({"questionEn": "", "date": date},
                     ("question", "questionEn")),
                    ({"question": 5, "questionEn": "Q"}, ("question", "date"))):
                with self.subTest(body=bad):
                    self.assert_problem(
                        self.post("/daily-questions", bad, token=admin),
                        400, "INVALID_PARAMETER", fields)
        r = self.post("/daily-questions", body, token=admin)
        self.assert_status(r, 201)
        self.assertEqual(r.headers["Location"],
                         "/daily-questions/%d" % r.body["id"])
        self.assertEqual((r.body["date"], r.body["status"],
                          r.body["question"], r.body["questionEn"]),
                         (date, "ACTIVE", body["question"],
                          body["questionEn"]))
        self.assert_rfc3339_utc(r.body["createdAt"])
        got = self.get(r.headers["Location"], token=admin)
        self.assert_status(got, 200)
        self.assertEqual(got.body["id"], r.body["id"])
        with self.unchanged_db():
            self.assert_problem(self.post("/daily-questions", body,
                                          token=admin), 409, "DATE_IS_EXIST")
        self.assertEqual(self.server.db_query(
            "SELECT count(*) FROM daily_questions")[0][0], 366)

    def test_admin_lists_page_through_366_questions(self):
        admin = self.admin["access"]
        r = self.get("/daily-questions", token=admin)
        self.assert_status(r, 200)
        self.assertEqual(r.body["size"], 50)
        self.assertEqual(r.body["totalElements"], 366)
        self.assertEqual(r.body["totalPages"], 8)
        self.assertEqual(r.body["content"][0]["date"], "01-01")
        last = self.get("/daily-questions" + query(page=3, size=100),
                        token=admin)
        self.assertEqual(len(last.body["content"]), 66)
        self.assertEqual(last.body["content"][-1]["date"], "12-31")
        dates = [q["date"] for p in range(4) for q in self.get(
            "/daily-questions" + query(page=p, size=100),
            token=admin).body["content"]]
        self.assertIn("02-29", dates)
        self.assertEqual(len(set(dates)), 366)
        with self.unchanged_db():
            for bad in ({"size": 0}, {"size": 101}, {"page": -1},
                        {"size": "x"}):
                self.assert_problem(self.get("/daily-questions" +
                                             query(**bad), token=admin),
                                    400, "INVALID_PARAMETER")
            self.assert_unauthorized(self.get("/daily-questions"))

    def test_a_second_load_adds_nothing(self):
        before = self.server.db_query(
            "SELECT count(*) FROM daily_questions")[0][0]
        r = ctl("--db", self.server.db, "--json", "init")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('"dailyQuestionsLoaded": 0', r.stdout)
        self.assertEqual(before, self.server.db_query(
            "SELECT count(*) FROM daily_questions")[0][0])


if __name__ == "__main__":
    unittest.main()
