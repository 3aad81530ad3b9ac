"""Email verification (issue 12, point 2): signup mails a single-use link
/app/verify-email#token=… through the outbox, POST /auth/verify-email
spends it (24 hours), /auth/verify-email/resend sends a new one (3 an
hour); and the linking rule that ends account pre-hijacking: an attacker
who signed up with someone else's address loses the account (and its
password) when the address's owner logs in with Google."""

import unittest
import urllib.parse

from account_helpers import last_token, mails_to
from fake_oauth import FakeProvider
from harness import ServerTestCase, query, unique


class VerifyEmailTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        cls.provider = FakeProvider()
        cls.addClassCleanup(cls.provider.close)
        cls.server_args = cls.provider.server_args()
        super().setUpClass()

    def me(self, user):
        r = self.get("/users/me", token=user["access"])
        self.assert_status(r, 200)
        return r.body

    def verify(self, token):
        return self.post("/auth/verify-email", {"token": token})

    def account_notifications(self, user):
        r = self.get("/notifications", token=user["access"])
        self.assert_status(r, 200)
        return [n for n in r.body["content"] if n["type"] == "ACCOUNT"]

    def google_login(self, email):
        """Drive the Google login of email through the fake provider:
        begin, then the provider's redirect back (with whatever cookie the
        begin set).  The outcome is checked through other requests."""
        r = self.get("/oauth2/authorization/google")
        self.assertEqual(r.status, 302, r.text[:300])
        location = r.headers["Location"]
        params = {k: v[0] for k, v in urllib.parse.parse_qs(
            urllib.parse.urlsplit(location).query).items()}
        cookies = [c.split(";", 1)[0]
                   for c in r.headers.get_all("Set-Cookie") or []]
        headers = {"Cookie": "; ".join(cookies)} if cookies else None
        code = self.provider.add_code(params, email)
        r = self.get("/login/oauth2/code/google" +
                     query(code=code, state=params["state"]),
                     headers=headers)
        self.assertEqual(r.status, 302, r.text[:300])
        return r

    # ---- verification ----

    def test_signup_mails_a_link_that_verifies_once(self):
        user = self.server.make_user()
        self.assertIs(self.me(user)["emailVerified"], False)
        mails = mails_to(self.server, user["email"])
        self.assertEqual(len(mails), 1, mails)
        self.assertIn("/app/verify-email#token=", mails[0]["body"])
        self.assertTrue(mails[0]["subject"])
        token = last_token(self.server, user["email"], "verify-email")
        # Only a hash of the token is kept (the mail waits in the outbox).
        tables = self.server.db_snapshot()
        tables.pop("outbox")
        self.assertNotIn(token, repr(tables))
        self.assert_status(self.verify(token), 204)
        self.assertIs(self.me(user)["emailVerified"], True)
        notes = self.account_notifications(user)
        self.assertEqual(len(notes), 1, notes)
        with self.unchanged_db():
            self.assert_problem(self.verify(token), 400,
                                "INVALID_VERIFICATION_TOKEN")

    def test_bad_tokens(self):
        user = self.server.make_user()
        token = last_token(self.server, user["email"], "verify-email")
        with self.unchanged_db():
            self.assert_problem(self.verify("x" * 43), 400,
                                "INVALID_VERIFICATION_TOKEN")
            self.assert_problem(self.verify(token[:-1]), 400,
                                "INVALID_VERIFICATION_TOKEN")
            self.assert_problem(self.verify("가" * 5000), 400,
                                "INVALID_VERIFICATION_TOKEN")
            self.assert_problem(self.verify(""), 400, "INVALID_PARAMETER",
                                fields=["token"])
            self.assert_problem(self.post("/auth/verify-email", {}), 400,
                                "INVALID_PARAMETER", fields=["token"])
            self.assert_problem(self.post("/auth/verify-email",
                                          {"token": 12}), 400,
                                "INVALID_PARAMETER", fields=["token"])
            self.assert_problem(self.post("/auth/verify-email",
                                          raw="{not json"), 400)
            r = self.post("/auth/verify-email", raw="token=" + token,
                          content_type="text/plain")
            self.assert_status(r, 415)
        self.assertIs(self.me(user)["emailVerified"], False)

    def test_an_expired_token_is_refused(self):
        user = self.server.make_user()
        token = last_token(self.server, user["email"], "verify-email")
        self.server.db_execute(
            "UPDATE account_tokens SET expires_at = 1 WHERE user_id = ?",
            user["id"])
        self.assert_problem(self.verify(token), 400,
                            "INVALID_VERIFICATION_TOKEN")
        self.assertIs(self.me(user)["emailVerified"], False)

    def test_resend_sends_a_new_link_three_times_an_hour(self):
        user = self.server.make_user()
        first = last_token(self.server, user["email"], "verify-email")
        for i in range(3):
            r = self.post("/auth/verify-email/resend", token=user["access"])
            self.assert_status(r, 202)
            self.assertRegex(r.headers.get("RateLimit-Limit", ""), r"^3$")
        self.assertEqual(len(mails_to(self.server, user["email"])), 4)
        r = self.post("/auth/verify-email/resend", token=user["access"])
        self.assert_problem(r, 429, "TOO_MANY_REQUESTS")
        self.assertRegex(r.headers.get("Retry-After", ""), r"^[1-9]\d*$")
        self.assertEqual(len(mails_to(self.server, user["email"])), 4)
        newest = last_token(self.server, user["email"], "verify-email")
        self.assertNotEqual(first, newest)
        self.assert_status(self.verify(newest), 204)
        self.assertIs(self.me(user)["emailVerified"], True)

    def test_resend_needs_a_user(self):
        with self.unchanged_db():
            self.assert_unauthorized(self.post("/auth/verify-email/resend"))
            self.assert_unauthorized(self.post("/auth/verify-email/resend",
                                               token="not-a-token"))

    def test_resend_for_a_verified_account_sends_nothing(self):
        user = self.server.make_user()
        token = last_token(self.server, user["email"], "verify-email")
        self.assert_status(self.verify(token), 204)
        r = self.post("/auth/verify-email/resend", token=user["access"])
        self.assert_status(r, 202)
        self.assertEqual(len(mails_to(self.server, user["email"])), 1)

    # ---- linking (Google) ----

    def test_pre_hijacked_account_is_taken_over_by_the_googler(self):
        victim_email = unique("victim") + "@gmail.com"
        attacker = self.server.make_user(email=victim_email,
                                         password="attacker-secret-1")
        self.google_login(victim_email)
        # The attacker's password and logins no longer work.
        r = self.post("/auth/login", {"email": victim_email,
                                      "password": "attacker-secret-1"})
        self.assert_problem(r, 401, "BAD_CREDENTIALS")
        self.assert_unauthorized(
            self.get("/users/me", token=attacker["access"]))
        r = self.post("/auth/reissue", {"refreshToken": attacker["refresh"]})
        self.assert_problem(r, 401)
        rows = self.server.db_query(
            "SELECT password_hash, email_verified FROM users WHERE id = ?",
            attacker["id"])
        self.assertEqual(rows, [(None, 1)])
        rows = self.server.db_query(
            "SELECT count(*) FROM notifications WHERE user_id = ? AND "
            "type = 7", attacker["id"])
        self.assertEqual(rows[0][0], 1)

    def test_a_verified_password_account_is_logged_into_and_kept(self):
        email = unique("owner") + "@gmail.com"
        owner = self.server.make_user(email=email)
        token = last_token(self.server, email, "verify-email")
        self.assert_status(self.verify(token), 204)
        self.google_login(email)
        # Still the owner's account, password and logins intact.
        self.assertIs(self.me(owner)["emailVerified"], True)
        r = self.post("/auth/login", {"email": email,
                                      "password": owner["password"]})
        self.assert_status(r, 200)
        rows = self.server.db_query(
            "SELECT count(*) FROM users WHERE email_norm = ?", email.lower())
        self.assertEqual(rows[0][0], 1)

    def test_an_account_created_by_google_is_verified(self):
        email = unique("googler") + "@gmail.com"
        self.google_login(email)
        rows = self.server.db_query(
            "SELECT email_verified, password_hash FROM users WHERE "
            "email_norm = ?", email.lower())
        self.assertEqual(rows, [(1, None)])
        # No verification mail for an address Google vouched for.
        self.assertEqual(mails_to(self.server, email), [])


if __name__ == "__main__":
    unittest.main()
