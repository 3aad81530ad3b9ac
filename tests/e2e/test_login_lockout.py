"""Lock-out by strangers (issue 12, point 10): failed logins are counted
per (email, client address), so ten wrong passwords sent from one address
do not lock the owner out from another; a looser per-email cap (100 per
15 minutes) still bounds what many addresses together may try.

The two clients differ by the socket's source address (loopback aliases
127.0.0.x on Linux), the address the server sees without --trust-proxy."""

import unittest

from account_helpers import request_from
from harness import ServerTestCase
from test_login import assert_rate_headers


class LoginLockoutTest(ServerTestCase):

    def login_from(self, source, email, password):
        """POST /auth/login over a socket bound to the address source."""
        return request_from(self.server, source, "POST", "/auth/login",
                            {"email": email, "password": password})

    def test_failures_from_one_address_do_not_lock_out_another(self):
        owner = self.server.signup()
        for i in range(10):
            r = self.login_from("127.0.0.2", owner["email"], "wrong-%d" % i)
            self.assert_problem(r, 401, "BAD_CREDENTIALS")
        # The stranger's address is now over its limit, even with the
        # right password...
        r = self.login_from("127.0.0.2", owner["email"], owner["password"])
        self.assert_problem(r, 429, "TOO_MANY_REQUESTS")
        self.assertRegex(r.headers.get("Retry-After", ""), r"^[1-9]\d*$")
        assert_rate_headers(self, r)
        # ...but the owner, elsewhere, still logs in.
        r = self.login_from("127.0.0.1", owner["email"], owner["password"])
        self.assert_status(r, 200)
        assert_rate_headers(self, r)
        self.assertIn("accessToken", r.body)

    def test_the_limit_of_one_address_is_still_ten(self):
        owner = self.server.signup()
        for i in range(10):
            self.assert_problem(
                self.login_from("127.0.0.3", owner["email"], "bad-%d" % i),
                401, "BAD_CREDENTIALS")
        r = self.login_from("127.0.0.3", owner["email"], "bad-again")
        self.assert_problem(r, 429, "TOO_MANY_REQUESTS")
        # Another account from the same address is not affected.
        other = self.server.signup()
        self.assert_status(
            self.login_from("127.0.0.3", other["email"], other["password"]),
            200)

    def test_many_addresses_together_meet_the_per_email_cap(self):
        owner = self.server.signup()
        # Ten addresses, ten failures each: 100 failures for one email,
        # each of them a plain 401 (no address is over its own limit).
        for a in range(10):
            source = "127.0.1.%d" % (a + 1)
            for i in range(10):
                r = self.login_from(source, owner["email"], "x-%d-%d" % (a, i))
                self.assert_problem(r, 401, "BAD_CREDENTIALS")
        # The per-email cap (100 per 15 minutes) now holds everywhere.
        r = self.login_from("127.0.1.200", owner["email"], owner["password"])
        self.assert_problem(r, 429, "TOO_MANY_REQUESTS")
        self.assertRegex(r.headers.get("Retry-After", ""), r"^[1-9]\d*$")
        r = self.login_from("127.0.0.1", owner["email"], owner["password"])
        self.assert_problem(r, 429, "TOO_MANY_REQUESTS")

    def test_an_unknown_email_is_counted_the_same_way(self):
        email = "nobody-lockout@example.com"
        for i in range(10):
            self.assert_problem(
                self.login_from("127.0.0.4", email, "pw-%d" % i), 401,
                "BAD_CREDENTIALS")
        self.assert_problem(self.login_from("127.0.0.4", email, "pw"), 429,
                            "TOO_MANY_REQUESTS")
        self.assert_problem(self.login_from("127.0.0.5", email, "pw"), 401,
                            "BAD_CREDENTIALS")


class AccountLimitOptionsTest(ServerTestCase):
    """The account limits are settings: small values take effect."""

    server_args = ("--login-email-any-limit", "3",
                   "--login-email-any-window", "600",
                   "--verify-resend-limit", "1",
                   "--reset-email-limit", "2",
                   "--reset-ip-limit", "2")

    def test_the_per_email_cap_is_a_setting(self):
        owner = self.server.signup()
        for a in range(3):
            r = request_from(self.server, "127.0.4.%d" % (a + 1), "POST",
                             "/auth/login", {"email": owner["email"],
                                             "password": "nope"})
            self.assert_problem(r, 401, "BAD_CREDENTIALS")
        r = request_from(self.server, "127.0.4.9", "POST", "/auth/login",
                         {"email": owner["email"],
                          "password": owner["password"]})
        self.assert_problem(r, 429, "TOO_MANY_REQUESTS")

    def test_resend_and_reset_limits_are_settings(self):
        user = self.server.make_user()
        token = user["access"]
        self.assert_status(
            self.post("/auth/verify-email/resend", token=token), 202)
        self.assert_problem(
            self.post("/auth/verify-email/resend", token=token),
            429, "TOO_MANY_REQUESTS")
        for i in range(2):
            r = request_from(self.server, "127.0.5.%d" % (i + 1), "POST",
                             "/auth/password/reset",
                             {"email": user["email"]})
            self.assert_status(r, 202)
            self.assertEqual(r.headers.get("RateLimit-Limit"), "2")
        r = request_from(self.server, "127.0.5.9", "POST",
                         "/auth/password/reset", {"email": user["email"]})
        self.assert_problem(r, 429, "TOO_MANY_REQUESTS")
        # per address: two other emails from one address, then refused
        for i in range(2):
            self.assert_status(self.post(
                "/auth/password/reset",
                {"email": "nobody%d@example.com" % i}), 202)
        self.assert_problem(self.post(
            "/auth/password/reset", {"email": "nobody9@example.com"}),
            429, "TOO_MANY_REQUESTS")


if __name__ == "__main__":
    unittest.main()
