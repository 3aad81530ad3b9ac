"""POST /auth/logout and DELETE /users/logout: the session's access and
refresh tokens stop working at once; the user's other sessions do not."""

import unittest

from harness import ServerTestCase


class LogoutTest(ServerTestCase):

    def check_logout(self, method, path):
        user = self.server.make_user()
        other = self.server.login(dict(user))

        r = self.server.request(method, path, token=user["access"])
        self.assert_status(r, 204)
        self.assertEqual(r.raw, b"")

        self.assert_unauthorized(self.get("/users/me", token=user["access"]))
        r = self.post("/auth/reissue", {"refreshToken": user["refresh"]})
        self.assert_problem(r, 401)

        # The other login session of the same user keeps working.
        me = self.get("/users/me", token=other["access"])
        self.assert_status(me, 200)
        r = self.post("/auth/reissue", {"refreshToken": other["refresh"]})
        self.assert_status(r, 200)
        self.assert_status(
            self.get("/users/me", token=r.body["accessToken"]), 200)

    def test_post_auth_logout(self):
        self.check_logout("POST", "/auth/logout")

    def test_delete_users_logout(self):
        self.check_logout("DELETE", "/users/logout")

    def test_logout_needs_a_token(self):
        self.assert_unauthorized(self.post("/auth/logout"))
        self.assert_unauthorized(self.delete("/users/logout"))

    def test_logout_twice(self):
        user = self.server.make_user()
        self.assert_status(self.post("/auth/logout", token=user["access"]),
                           204)
        self.assert_unauthorized(
            self.post("/auth/logout", token=user["access"]))


if __name__ == "__main__":
    unittest.main()
