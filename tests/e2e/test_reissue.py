"""POST /auth/reissue: rotation, reuse of a spent refresh token revoking
the whole login session, and only hashes of the tokens stored."""

import hashlib
import unittest

from harness import ServerTestCase


class ReissueTest(ServerTestCase):

    def reissue(self, refresh):
        return self.post("/auth/reissue", {"refreshToken": refresh})

    def test_rotation_and_reuse(self):
        user = self.server.make_user()
        first_access, first_refresh = user["access"], user["refresh"]

        r = self.reissue(first_refresh)
        self.assert_status(r, 200)
        self.assertEqual(r.body["tokenType"], "Bearer")
        new_access, new_refresh = r.body["accessToken"], r.body["refreshToken"]
        self.assertNotEqual(new_refresh, first_refresh)
        self.assertNotEqual(new_access, first_access)
        self.assert_status(self.get("/users/me", token=new_access), 200)

        # The spent refresh token again: reuse, the session is revoked.
        r = self.reissue(first_refresh)
        self.assert_problem(r, 401, "REFRESH_TOKEN_REUSED")
        self.assert_problem(self.reissue(new_refresh), 401)
        self.assert_unauthorized(self.get("/users/me", token=new_access))
        self.assert_unauthorized(self.get("/users/me", token=first_access))

    def test_reuse_does_not_touch_other_sessions(self):
        user = self.server.make_user()
        other = self.server.login(dict(user))
        self.assert_status(self.reissue(user["refresh"]), 200)
        self.assert_problem(self.reissue(user["refresh"]), 401,
                            "REFRESH_TOKEN_REUSED")
        self.assert_status(self.get("/users/me", token=other["access"]), 200)
        self.assert_status(self.reissue(other["refresh"]), 200)

    def test_chain_of_rotations(self):
        user = self.server.make_user()
        refresh = user["refresh"]
        for _ in range(3):
            r = self.reissue(refresh)
            self.assert_status(r, 200)
            refresh = r.body["refreshToken"]
            self.assert_status(
                self.get("/users/me", token=r.body["accessToken"]), 200)

    def test_unknown_refresh_token(self):
        with self.unchanged_db():
            r = self.reissue("not-a-refresh-token")
            self.assert_problem(r, 401)
            r = self.reissue("A" * 43)
            self.assert_problem(r, 401)

    def test_access_token_is_not_a_refresh_token(self):
        user = self.server.make_user()
        self.assert_problem(self.reissue(user["access"]), 401)

    def test_only_hashes_are_stored(self):
        user = self.server.make_user()
        r = self.reissue(user["refresh"])
        self.assert_status(r, 200)
        dump = self.server.db_dump()
        for secret in (user["password"], user["refresh"],
                       r.body["refreshToken"], user["access"],
                       r.body["accessToken"]):
            self.assertNotIn(secret, dump)
        stored = {row[0] for row in self.server.db_query(
            "SELECT hash FROM refresh_tokens")}
        for token in (user["refresh"], r.body["refreshToken"]):
            self.assertIn(hashlib.sha256(token.encode()).digest(), stored)
        hashed = self.server.db_query(
            "SELECT password_hash FROM users WHERE id = ?", user["id"])
        self.assertRegex(hashed[0][0], r"^\$argon2id\$")

    def test_missing_field(self):
        with self.unchanged_db():
            r = self.post("/auth/reissue", {})
            self.assert_problem(r, 400, fields=["refreshToken"])
            r = self.post("/auth/reissue", {"refreshToken": 12})
            self.assert_problem(r, 400, fields=["refreshToken"])


if __name__ == "__main__":
    unittest.main()
