"""Changing and resetting a password (issue 12, point 3): POST
/auth/password keeps the caller's login and revokes every other one;
the reset flow mails a single-use link valid 30 minutes, answers the same
for unknown addresses, and is limited per email and per address; petoryctl
user set-password revokes every login too."""

import unittest
import urllib.parse

from account_helpers import last_token, mails_to, request_from
from fake_oauth import FakeProvider
from harness import ServerTestCase, ctl, query, unique

ACCOUNT = 7  # PETORY_NOTIFICATION_ACCOUNT


class PasswordTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        cls.provider = FakeProvider()
        cls.addClassCleanup(cls.provider.close)
        cls.server_args = cls.provider.server_args()
        super().setUpClass()

    def login(self, email, password):
        return self.post("/auth/login", {"email": email,
                                         "password": password})

    def second_login(self, user):
        r = self.login(user["email"], user["password"])
        self.assert_status(r, 200)
        return {"access": r.body["accessToken"],
                "refresh": r.body["refreshToken"]}

    def reset(self, source, email):
        """POST /auth/password/reset from the address source: each test
        has its own, as the limit per address is 5 an hour."""
        return request_from(self.server, source, "POST",
                            "/auth/password/reset", {"email": email})

    def change(self, user, body):
        return self.post("/auth/password", body, token=user["access"])

    def account_notes(self, user_id):
        return self.server.db_query(
            "SELECT count(*) FROM notifications WHERE user_id = ? AND "
            "type = ?", user_id, ACCOUNT)[0][0]

    # ---- change ----

    def test_change_keeps_this_login_and_revokes_the_others(self):
        user = self.server.make_user()
        other = self.second_login(user)
        r = self.change(user, {"currentPassword": user["password"],
                               "newPassword": "a new passphrase"})
        self.assert_status(r, 204)
        self.assert_status(self.get("/users/me", token=user["access"]), 200)
        r = self.post("/auth/reissue", {"refreshToken": user["refresh"]})
        self.assert_status(r, 200)
        self.assert_unauthorized(self.get("/users/me",
                                          token=other["access"]))
        self.assert_problem(
            self.post("/auth/reissue", {"refreshToken": other["refresh"]}),
            401)
        self.assert_problem(self.login(user["email"], user["password"]),
                            401, "BAD_CREDENTIALS")
        self.assert_status(self.login(user["email"], "a new passphrase"),
                           200)
        self.assertEqual(self.account_notes(user["id"]), 1)

    def test_wrong_current_password(self):
        user = self.server.make_user()
        with self.unchanged_db():
            r = self.change(user, {"currentPassword": "not-the-password",
                                   "newPassword": "a new passphrase"})
            self.assert_problem(r, 400, "WRONG_PASSWORD")
            r = self.change(user, {"newPassword": "a new passphrase"})
            self.assert_problem(r, 400, "WRONG_PASSWORD")
        self.assert_status(self.login(user["email"], user["password"]), 200)

    def test_guessing_the_current_password_is_limited(self):
        user = self.server.make_user()
        for i in range(10):
            r = self.change(user, {"currentPassword": "guess-%d" % i,
                                   "newPassword": "a new passphrase"})
            self.assert_problem(r, 400, "WRONG_PASSWORD")
        r = self.change(user, {"currentPassword": user["password"],
                               "newPassword": "a new passphrase"})
        self.assert_problem(r, 429, "TOO_MANY_REQUESTS")
        self.assertRegex(r.headers.get("Retry-After", ""), r"^[1-9]\d*$")
        self.assert_status(self.login(user["email"], user["password"]), 200)

    def test_bad_new_passwords(self):
        user = self.server.make_user()
        with self.unchanged_db():
            for bad in ("short", "x" * 129, "", "가" * 7):
                r = self.change(user, {"currentPassword": user["password"],
                                       "newPassword": bad})
                self.assert_problem(r, 400, "INVALID_PARAMETER",
                                    fields=["newPassword"])
            r = self.change(user, {"currentPassword": user["password"]})
            self.assert_problem(r, 400, "INVALID_PARAMETER",
                                fields=["newPassword"])
            r = self.change(user, {"currentPassword": user["password"],
                                   "newPassword": 12345678})
            self.assert_problem(r, 400, "INVALID_PARAMETER",
                                fields=["newPassword"])
            r = self.change(user, {"currentPassword": 5,
                                   "newPassword": "a new passphrase"})
            self.assert_problem(r, 400, "INVALID_PARAMETER",
                                fields=["currentPassword"])
            self.assert_unauthorized(self.post(
                "/auth/password", {"currentPassword": user["password"],
                                   "newPassword": "a new passphrase"}))
        # Characters, not bytes: 8 Korean syllables (24 bytes) fit, and
        # so do 128 of them (384 bytes).
        r = self.change(user, {"currentPassword": user["password"],
                               "newPassword": "가" * 8})
        self.assert_status(r, 204)
        r = self.change(user, {"currentPassword": "가" * 8,
                               "newPassword": "나" * 128})
        self.assert_status(r, 204)
        self.assert_status(self.login(user["email"], "나" * 128), 200)

    def test_a_google_account_gets_a_password_by_reset(self):
        email = unique("googler") + "@gmail.com"
        r = self.get("/oauth2/authorization/google")
        params = {k: v[0] for k, v in urllib.parse.parse_qs(
            urllib.parse.urlsplit(r.headers["Location"]).query).items()}
        cookies = [c.split(";", 1)[0]
                   for c in r.headers.get_all("Set-Cookie") or []]
        code = self.provider.add_code(params, email)
        self.get("/login/oauth2/code/google" +
                 query(code=code, state=params["state"]),
                 headers={"Cookie": "; ".join(cookies)} if cookies else None)
        uid = self.server.db_query(
            "SELECT id FROM users WHERE email_norm = ?", email.lower())[0][0]
        # The account has no password; the reset flow gives it one.
        self.assert_status(self.reset("127.0.2.1", email), 202)
        token = last_token(self.server, email, "reset-password")
        r = self.post("/auth/password/reset/confirm",
                      {"token": token, "newPassword": "first password"})
        self.assert_status(r, 204)
        user = {"email": email, "password": "first password"}
        self.server.login(user)
        # With a password now, omitting the current one is refused.
        r = self.change(user, {"newPassword": "second password"})
        self.assert_problem(r, 400, "WRONG_PASSWORD")
        self.assertGreaterEqual(self.account_notes(uid), 1)

    def test_a_passwordless_account_needs_no_current_password(self):
        email = unique("nopass") + "@gmail.com"
        user = self.server.make_user(email=email)
        # Make the account passwordless as Google-created ones are.
        self.server.db_execute(
            "UPDATE users SET password_hash = NULL WHERE id = ?", user["id"])
        r = self.change(user, {"newPassword": "chosen at last"})
        self.assert_status(r, 204)
        self.assert_status(self.login(email, "chosen at last"), 200)

    # ---- reset ----

    def test_reset_by_mail_revokes_every_login(self):
        user = self.server.make_user()
        other = self.second_login(user)
        self.assert_status(self.reset("127.0.2.2", user["email"]), 202)
        mails = [m for m in mails_to(self.server, user["email"])
                 if "/app/reset-password#token=" in m["body"]]
        self.assertEqual(len(mails), 1)
        token = last_token(self.server, user["email"], "reset-password")
        r = self.post("/auth/password/reset/confirm",
                      {"token": token, "newPassword": "reset passphrase"})
        self.assert_status(r, 204)
        for login in (user, other):
            self.assert_unauthorized(self.get("/users/me",
                                              token=login["access"]))
            self.assert_problem(self.post(
                "/auth/reissue", {"refreshToken": login["refresh"]}), 401)
        self.assert_problem(self.login(user["email"], user["password"]),
                            401, "BAD_CREDENTIALS")
        self.assert_status(self.login(user["email"], "reset passphrase"),
                           200)
        self.assertEqual(self.account_notes(user["id"]), 1)
        # Single use.
        with self.unchanged_db():
            r = self.post("/auth/password/reset/confirm",
                          {"token": token, "newPassword": "another one!"})
            self.assert_problem(r, 400, "INVALID_RESET_TOKEN")

    def test_reset_for_an_unknown_email_answers_the_same(self):
        known = self.server.signup()
        r1 = self.reset("127.0.2.3", known["email"])
        nobody = unique("nobody") + "@example.com"
        with self.unchanged_db():
            r2 = self.reset("127.0.2.3", nobody)
        self.assertEqual((r1.status, r1.raw), (r2.status, r2.raw))
        self.assertEqual(r1.headers.get("Content-Type"),
                         r2.headers.get("Content-Type"))
        self.assertEqual(mails_to(self.server, nobody), [])

    def test_an_expired_or_bad_reset_token_is_refused(self):
        user = self.server.make_user()
        self.assert_status(self.reset("127.0.2.4", user["email"]), 202)
        token = last_token(self.server, user["email"], "reset-password")
        with self.unchanged_db():
            for bad in ("x" * 43, token[:-1], "가" * 3000):
                r = self.post("/auth/password/reset/confirm",
                              {"token": bad, "newPassword": "whatever it is"})
                self.assert_problem(r, 400, "INVALID_RESET_TOKEN")
            r = self.post("/auth/password/reset/confirm",
                          {"token": token, "newPassword": "short"})
            self.assert_problem(r, 400, "INVALID_PARAMETER",
                                fields=["newPassword"])
            r = self.post("/auth/password/reset/confirm",
                          {"newPassword": "long enough pw"})
            self.assert_problem(r, 400, "INVALID_PARAMETER",
                                fields=["token"])
            for bad in ({"email": 5}, {}, {"email": "not-an-address"},
                        {"email": "a" * 400 + "@example.com"}):
                r = self.post("/auth/password/reset", bad)
                self.assert_problem(r, 400, "INVALID_PARAMETER",
                                    fields=["email"])
        # The token survived the bad attempts; after 30 minutes it dies.
        self.server.db_execute(
            "UPDATE account_tokens SET expires_at = 1 WHERE user_id = ?",
            user["id"])
        r = self.post("/auth/password/reset/confirm",
                      {"token": token, "newPassword": "whatever it is"})
        self.assert_problem(r, 400, "INVALID_RESET_TOKEN")
        self.assert_status(self.login(user["email"], user["password"]), 200)

    def test_reset_is_limited_per_email(self):
        user = self.server.signup()
        # From five addresses, so that only the per-email limit counts.
        for i in range(5):
            r = self.reset("127.0.3.%d" % (i + 1), user["email"])
            self.assert_status(r, 202)
            self.assertEqual(r.headers.get("RateLimit-Limit"), "5")
        r = self.reset("127.0.3.9", user["email"].upper())
        self.assert_problem(r, 429, "TOO_MANY_REQUESTS")
        self.assertRegex(r.headers.get("Retry-After", ""), r"^[1-9]\d*$")
        self.assertEqual(len([m for m in mails_to(self.server, user["email"])
                              if "reset-password" in m["body"]]), 5)


class ResetPerAddressTest(ServerTestCase):

    def test_reset_is_limited_per_address(self):
        for i in range(5):
            r = self.post("/auth/password/reset",
                          {"email": unique("any") + "@example.com"})
            self.assert_status(r, 202)
        r = self.post("/auth/password/reset",
                      {"email": unique("any") + "@example.com"})
        self.assert_problem(r, 429, "TOO_MANY_REQUESTS")


class SetPasswordCliTest(ServerTestCase):

    def test_set_password_revokes_every_login(self):
        user = self.server.make_user()
        r = ctl("--db", self.server.db, "user", "set-password",
                "--email", user["email"].upper(), "--password-file", "-",
                input="set by the operator\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assert_unauthorized(self.get("/users/me", token=user["access"]))
        r = self.post("/auth/login", {"email": user["email"],
                                      "password": "set by the operator"})
        self.assert_status(r, 200)

    def test_set_password_refuses_bad_input(self):
        user = self.server.make_user()
        # (petoryctl may add its own installation keys to meta.)
        before = self.server.db_snapshot(exclude=("rate_limits", "meta"))
        r = ctl("--db", self.server.db, "user", "set-password",
                "--email", "nobody-at-all@example.com", "--password-file", "-",
                input="long enough password\n")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("USER_NOT_FOUND", r.stderr)
        r = ctl("--db", self.server.db, "user", "set-password",
                "--email", user["email"], "--password-file", "-",
                input="short\n")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("password", r.stderr)
        r = ctl("--db", self.server.db, "user", "set-password",
                "--password-file", "-", input="long enough password\n")
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(before, self.server.db_snapshot(
            exclude=("rate_limits", "meta")))
        self.assert_status(self.get("/users/me", token=user["access"]), 200)


if __name__ == "__main__":
    unittest.main()
