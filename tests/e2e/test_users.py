"""GET /users/me, PUT /users/update and PATCH /users/me (partial
updates), DELETE /users/delete and DELETE /users/me."""

import unittest

from harness import ServerTestCase

ME_KEYS = {"id", "email", "nickname", "mobileNum", "roles", "status",
           "timezone", "createdAt"}


class MeTest(ServerTestCase):

    def test_shape(self):
        user = self.server.make_user()
        r = self.get("/users/me", token=user["access"])
        self.assert_status(r, 200)
        body = r.body
        self.assertLessEqual(ME_KEYS, set(body), body)
        self.assertEqual(body["id"], user["id"])
        self.assertEqual(body["email"], user["email"])
        self.assertEqual(body["nickname"], user["nickname"])
        self.assertIsNone(body["mobileNum"])
        self.assertEqual(body["roles"], ["USER"])
        self.assertEqual(body["status"], "ACTIVE")
        self.assertIsInstance(body["timezone"], str)
        self.assertTrue(body["timezone"])
        self.assert_rfc3339_utc(body["createdAt"])
        for secret in ("password", "passwordHash", "tokenVersion"):
            self.assertNotIn(secret, body)
        self.assertNotIn(user["password"], r.text)


class UpdateTest(ServerTestCase):

    def test_partial_update_keeps_absent_fields(self):
        user = self.server.make_user()
        token = user["access"]
        r = self.put("/users/update", {"mobileNum": "01012345678"},
                     token=token)
        self.assert_status(r, 200)
        self.assertEqual(r.body["mobileNum"], "01012345678")
        self.assertEqual(r.body["nickname"], user["nickname"])

        r = self.put("/users/update", {"nickname": "새이름"}, token=token)
        self.assert_status(r, 200)
        self.assertEqual(r.body["nickname"], "새이름")
        self.assertEqual(r.body["mobileNum"], "01012345678")

        r = self.patch("/users/me", {"timezone": "America/Los_Angeles"},
                       token=token)
        self.assert_status(r, 200)
        self.assertEqual(r.body["timezone"], "America/Los_Angeles")
        self.assertEqual(r.body["nickname"], "새이름")
        self.assertEqual(r.body["mobileNum"], "01012345678")

        r = self.patch("/users/me", {"mobileNum": "0212345678"}, token=token)
        self.assert_status(r, 200)
        self.assertEqual(r.body["mobileNum"], "0212345678")

        me = self.get("/users/me", token=token).body
        self.assertEqual(me["nickname"], "새이름")
        self.assertEqual(me["mobileNum"], "0212345678")
        self.assertEqual(me["timezone"], "America/Los_Angeles")

    def test_empty_update_changes_nothing(self):
        user = self.server.make_user()
        before = self.get("/users/me", token=user["access"]).body
        r = self.patch("/users/me", {}, token=user["access"])
        self.assert_status(r, 200)
        for key in ("nickname", "mobileNum", "timezone"):
            self.assertEqual(r.body[key], before[key])

    def test_bad_mobile_numbers(self):
        user = self.server.make_user()
        for bad in ("010123456", "010123456789", "abcdefghij",
                    "010-1234-5678", 1012345678):
            with self.unchanged_db():
                r = self.put("/users/update", {"mobileNum": bad},
                             token=user["access"])
                self.assert_problem(r, 400, "INVALID_PARAMETER",
                                    ["mobileNum"])

    def test_timezones(self):
        user = self.server.make_user()
        with self.unchanged_db():
            r = self.patch("/users/me", {"timezone": "Mars/Olympus"},
                           token=user["access"])
            self.assert_problem(r, 400, "INVALID_PARAMETER", ["timezone"])
        r = self.patch("/users/me", {"timezone": "America/Los_Angeles"},
                       token=user["access"])
        self.assert_status(r, 200)

    def test_bad_nickname_names_only_it(self):
        user = self.server.make_user()
        with self.unchanged_db():
            r = self.put("/users/update",
                         {"nickname": "", "mobileNum": "01012345678"},
                         token=user["access"])
            problem = self.assert_problem(r, 400, "INVALID_PARAMETER",
                                          ["nickname"])
            self.assertNotIn("mobileNum", problem["errors"])

    def test_update_needs_a_token(self):
        self.assert_unauthorized(self.put("/users/update", {"nickname": "x"}))
        self.assert_unauthorized(self.patch("/users/me", {"nickname": "x"}))


class DeleteTest(ServerTestCase):

    def check_delete(self, path):
        user = self.server.make_user()
        second = self.server.login(dict(user))
        r = self.delete(path, token=user["access"])
        self.assert_status(r, 204)
        self.assertEqual(r.raw, b"")
        self.assert_unauthorized(self.get("/users/me", token=user["access"]))
        self.assert_unauthorized(
            self.get("/users/me", token=second["access"]))
        r = self.post("/auth/reissue", {"refreshToken": second["refresh"]})
        self.assert_problem(r, 401)
        rows = self.server.db_query(
            "SELECT 1 FROM users WHERE id = ?", user["id"])
        self.assertEqual(len(rows), 1, "a deleted account is kept (soft)")

    def test_delete_users_delete(self):
        self.check_delete("/users/delete")

    def test_delete_users_me(self):
        self.check_delete("/users/me")

    def test_delete_needs_a_token(self):
        self.assert_unauthorized(self.delete("/users/me"))
        self.assert_unauthorized(self.delete("/users/delete"))


if __name__ == "__main__":
    unittest.main()
