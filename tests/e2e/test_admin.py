"""The admin routes: roles, suspension and restore.  Every change takes
effect on the very next request of the user concerned."""

import unittest

from harness import ServerTestCase, query, unique


class AdminTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.server.make_admin()

    def grant(self, user_id, role, token=None):
        return self.post("/auth/roles" + query(userId=user_id, role=role),
                         token=token or self.admin["access"])

    def revoke(self, user_id, role, token=None):
        return self.delete(
            "/auth/roles/remove" + query(userId=user_id, role=role),
            token=token or self.admin["access"])

    def suspend(self, user_id, token=None):
        return self.delete("/auth/suspend" + query(userId=user_id),
                           token=token or self.admin["access"])

    def restore(self, user_id, token=None):
        return self.patch("/auth/restore" + query(userId=user_id),
                          token=token or self.admin["access"])

    def login(self, user):
        return self.post("/auth/login", {"email": user["email"],
                                         "password": user["password"]})

    def test_user_search(self):
        tag = unique("find").lower()
        first = self.server.signup(email=tag + "a@example.com")
        second = self.server.signup(nickname="Nick" + tag.upper()[-8:])
        other = self.server.signup()
        token = self.admin["access"]
        r = self.get("/admin/users" + query(q=tag.upper(), size=10),
                     token=token)
        self.assert_status(r, 200)
        self.assertEqual([u["id"] for u in r.body["content"]],
                         [first["id"]])
        self.assertEqual(r.body["totalElements"], 1)
        self.assertEqual(r.body["content"][0]["email"], first["email"])
        r = self.get("/admin/users" + query(q=tag[-8:], size=10),
                     token=token)
        self.assertEqual(sorted(u["id"] for u in r.body["content"]),
                         sorted([first["id"], second["id"]]))
        # newest first, paged, everyone without q
        r = self.get("/admin/users" + query(size=1), token=token)
        self.assert_status(r, 200)
        self.assertEqual(r.body["content"][0]["id"], other["id"])
        self.assertGreaterEqual(r.body["totalElements"], 4)
        # a '%' is a plain character, not a wildcard
        r = self.get("/admin/users" + query(q="%"), token=token)
        self.assertEqual(r.body["content"], [])
        one = self.get("/admin/users/%d" % second["id"], token=token)
        self.assert_status(one, 200)
        self.assertEqual(one.body["nickname"], second["nickname"])

    def test_user_search_refusals(self):
        user = self.server.make_user()
        with self.unchanged_db():
            self.assert_problem(
                self.get("/admin/users", token=user["access"]), 403)
            self.assert_problem(self.get("/admin/users/%d" % user["id"],
                                         token=user["access"]), 403)
            self.assert_unauthorized(self.get("/admin/users"))
            r = self.get("/admin/users" + query(q="x" * 101),
                         token=self.admin["access"])
            self.assert_problem(r, 400, "INVALID_PARAMETER")
            self.assertIn("q", r.body["errors"])
            self.assert_problem(self.get("/admin/users?size=0",
                                         token=self.admin["access"]), 400)
            self.assert_problem(self.get("/admin/users/999999",
                                         token=self.admin["access"]), 404)

    def test_admin_made_by_petoryctl(self):
        me = self.get("/users/me", token=self.admin["access"])
        self.assert_status(me, 200)
        self.assertEqual(sorted(me.body["roles"]), ["ADMIN", "USER"])

    def test_grant_and_revoke(self):
        user = self.server.make_user()
        r = self.grant(user["id"], "ADMIN")
        self.assert_status(r, 200)
        self.assertEqual(r.body["userId"], user["id"])
        self.assertEqual(sorted(r.body["roles"]), ["ADMIN", "USER"])

        with self.unchanged_db():
            self.assert_problem(self.grant(user["id"], "ADMIN"), 409,
                                "ALREADY_HAS_SAME_ROLE")

        r = self.revoke(user["id"], "ADMIN")
        self.assert_status(r, 200)
        self.assertEqual(r.body, {"userId": user["id"], "roles": ["USER"]})

        with self.unchanged_db():
            self.assert_problem(self.revoke(user["id"], "USER"), 409)

        me = self.get("/users/me", token=user["access"])
        self.assertEqual(me.body["roles"], ["USER"])

    def test_plain_user_is_forbidden(self):
        user = self.server.make_user()
        target = self.server.signup()
        with self.unchanged_db():
            for r in (self.grant(target["id"], "ADMIN", user["access"]),
                      self.grant(user["id"], "ADMIN", user["access"]),
                      self.revoke(target["id"], "USER", user["access"]),
                      self.suspend(target["id"], user["access"]),
                      self.restore(target["id"], user["access"])):
                self.assert_problem(r, 403)

    def test_anonymous_is_unauthorized(self):
        with self.unchanged_db():
            r = self.post("/auth/roles" + query(userId=1, role="ADMIN"))
            self.assert_unauthorized(r)
            self.assert_unauthorized(self.delete("/auth/suspend?userId=1"))

    def test_bad_parameters(self):
        user = self.server.signup()
        token = self.admin["access"]
        with self.unchanged_db():
            self.assert_problem(self.grant(user["id"], "BOSS"), 400)
            self.assert_problem(self.grant("abc", "ADMIN"), 400)
            self.assert_problem(self.grant("", "ADMIN"), 400)
            self.assert_problem(
                self.post("/auth/roles?role=ADMIN", token=token), 400)
            self.assert_problem(
                self.post("/auth/roles" + query(userId=user["id"]),
                          token=token), 400)
            self.assert_problem(self.suspend("abc"), 400)
            self.assert_problem(self.delete("/auth/suspend", token=token),
                                400)
            self.assert_problem(self.restore("1x"), 400)

    def test_unknown_user(self):
        with self.unchanged_db():
            self.assert_problem(self.grant(987654321, "ADMIN"), 404)
            self.assert_problem(self.revoke(987654321, "USER"), 404)
            self.assert_problem(self.suspend(987654321), 404)
            self.assert_problem(self.restore(987654321), 404)

    def test_suspend_and_restore(self):
        user = self.server.make_user()
        r = self.suspend(user["id"])
        self.assert_status(r, 204)
        self.assertEqual(r.raw, b"")
        self.assert_unauthorized(self.get("/users/me", token=user["access"]))
        self.assert_problem(
            self.post("/auth/reissue", {"refreshToken": user["refresh"]}),
            401)
        self.assert_problem(self.login(user), 403, "LOGIN_UNAVAILABLE")

        with self.unchanged_db():
            self.assert_problem(self.suspend(user["id"]), 409)

        r = self.restore(user["id"])
        self.assert_status(r, 204)
        r = self.login(user)
        self.assert_status(r, 200)
        me = self.get("/users/me", token=r.body["accessToken"])
        self.assertEqual(me.body["status"], "ACTIVE")

        with self.unchanged_db():
            self.assert_problem(self.restore(user["id"]), 409,
                                "USER_NOT_SUSPENDED")

    def test_an_admin_without_the_user_role_keeps_user_rights(self):
        admin = self.server.make_admin()
        r = self.revoke(admin["id"], "USER")
        self.assertEqual(r.body, {"userId": admin["id"], "roles": ["ADMIN"]})
        me = self.get("/users/me", token=admin["access"])
        self.assert_status(me, 200)
        self.assertEqual(me.body["roles"], ["ADMIN"])
        r = self.patch("/users/me", {"nickname": "admin only"},
                       token=admin["access"])
        self.assert_status(r, 200)
        self.assert_status(self.post("/auth/logout", token=admin["access"]),
                           204)

    def test_role_change_takes_effect_on_the_next_request(self):
        user = self.server.make_user()
        target = self.server.signup()
        self.assert_problem(self.grant(target["id"], "ADMIN", user["access"]),
                            403)

        self.assert_status(self.grant(user["id"], "ADMIN"), 200)
        # The same token, issued before the change, now acts as an admin.
        r = self.grant(target["id"], "ADMIN", user["access"])
        self.assert_status(r, 200)

        self.assert_status(self.revoke(user["id"], "ADMIN"), 200)
        with self.unchanged_db():
            r = self.revoke(target["id"], "ADMIN", user["access"])
            self.assert_problem(r, 403)
        me = self.get("/users/me", token=user["access"])
        self.assert_status(me, 200)
        self.assertEqual(me.body["roles"], ["USER"])


if __name__ == "__main__":
    unittest.main()
