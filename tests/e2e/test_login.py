"""POST /auth/login: the token pair, one answer for every bad credential,
the per-email and per-IP limits (X-Forwarded-For only behind
--trust-proxy), and the account states."""

import unittest

from harness import ServerTestCase, jwt_parts, unique

# Keys that may legitimately differ between two problem bodies.
PER_REQUEST_KEYS = ("instance", "requestId", "traceId")


def strip_per_request(body):
    return {k: v for k, v in body.items() if k not in PER_REQUEST_KEYS}


def assert_rate_headers(test, r):
    for name in ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"):
        value = r.headers.get(name)
        test.assertIsNotNone(value, "no %s header on %d" % (name, r.status))
        test.assertRegex(value, r"^\d+$", name)


class LoginTest(ServerTestCase):

    def login(self, email, password):
        return self.post("/auth/login", {"email": email, "password": password})

    def test_token_pair(self):
        user = self.server.signup()
        r = self.login(user["email"], user["password"])
        self.assert_status(r, 200)
        body = r.body
        self.assertEqual(body["tokenType"], "Bearer")
        self.assertIsInstance(body["expiresIn"], int)
        self.assertGreater(body["expiresIn"], 0)
        for key in ("accessToken", "refreshToken"):
            self.assertIsInstance(body[key], str)
            self.assertFalse(body[key].lower().startswith("bearer"), key)
            self.assertNotIn(" ", body[key])
        header, payload, _ = jwt_parts(body["accessToken"])
        self.assertEqual(header["alg"], "HS256")
        self.assertEqual(str(payload["sub"]), str(user["id"]))
        me = self.get("/users/me", token=body["accessToken"])
        self.assert_status(me, 200)
        self.assertEqual(me.body["email"], user["email"])

    def test_rate_headers_on_allowed_responses(self):
        user = self.server.signup()
        assert_rate_headers(self, self.login(user["email"], user["password"]))
        assert_rate_headers(self, self.login(user["email"], "wrong-pass"))

    def test_wrong_password_and_unknown_email_look_the_same(self):
        user = self.server.signup()
        with self.unchanged_db():
            wrong = self.login(user["email"], "not-the-password")
            unknown = self.login(unique("nobody") + "@example.com",
                                 "not-the-password")
        self.assert_problem(wrong, 401, "BAD_CREDENTIALS")
        self.assert_problem(unknown, 401, "BAD_CREDENTIALS")
        self.assertEqual(strip_per_request(wrong.body),
                         strip_per_request(unknown.body))

    def test_email_is_case_insensitive(self):
        user = self.server.signup(email=unique("Mixed") + "@Example.COM")
        r = self.login(user["email"].swapcase(), user["password"])
        self.assert_status(r, 200)

    def test_missing_fields(self):
        r = self.post("/auth/login", {"email": "x@example.com"})
        self.assert_problem(r, 400, fields=["password"])
        r = self.post("/auth/login", {"password": 5, "email": None})
        self.assert_problem(r, 400)

    def test_suspended_user_cannot_log_in(self):
        admin = self.server.make_admin()
        user = self.server.make_user()
        r = self.delete("/auth/suspend?userId=%d" % user["id"],
                        token=admin["access"])
        self.assert_status(r, 204)
        r = self.login(user["email"], user["password"])
        self.assert_problem(r, 403, "LOGIN_UNAVAILABLE")
        # A wrong password on a suspended account says nothing about it.
        r = self.login(user["email"], "wrong-password")
        self.assert_problem(r, 401, "BAD_CREDENTIALS")

    def test_deleted_user_logging_in_again_is_active(self):
        user = self.server.make_user()
        r = self.delete("/users/me", token=user["access"])
        self.assert_status(r, 204)
        r = self.login(user["email"], user["password"])
        self.assert_status(r, 200)
        me = self.get("/users/me", token=r.body["accessToken"])
        self.assert_status(me, 200)
        self.assertEqual(me.body["status"], "ACTIVE")
        self.assertEqual(me.body["id"], user["id"])


class LoginEmailLimitTest(ServerTestCase):
    server_args = ("--login-email-limit", "3")

    def test_failures_per_email_are_limited(self):
        user = self.server.signup()
        other = self.server.signup()
        for _ in range(3):
            r = self.post("/auth/login", {"email": user["email"],
                                          "password": "wrong-password"})
            self.assert_problem(r, 401, "BAD_CREDENTIALS")
            assert_rate_headers(self, r)
        # Over the limit: refused even with the right password.
        r = self.post("/auth/login", {"email": user["email"],
                                      "password": user["password"]})
        self.assert_problem(r, 429)
        assert_rate_headers(self, r)
        self.assertRegex(r.headers.get("Retry-After", ""), r"^\d+$")
        self.assertGreater(int(r.headers["Retry-After"]), 0)
        self.assertEqual(r.headers["RateLimit-Limit"], "3")
        self.assertEqual(r.headers["RateLimit-Remaining"], "0")
        # The email in another case is the same email.
        r = self.post("/auth/login", {"email": user["email"].upper(),
                                      "password": user["password"]})
        self.assert_problem(r, 429)
        # Another account is not affected.
        r = self.post("/auth/login", {"email": other["email"],
                                      "password": other["password"]})
        self.assert_status(r, 200)


class LoginIpLimitTest(ServerTestCase):
    server_args = ("--login-ip-limit", "5")

    def test_attempts_per_ip_are_limited(self):
        users = [self.server.signup() for _ in range(3)]
        statuses = []
        for i in range(5):
            user = users[i % len(users)]
            password = user["password"] if i % 2 == 0 else "wrong-password"
            r = self.post("/auth/login", {"email": user["email"],
                                          "password": password})
            statuses.append(r.status)
            assert_rate_headers(self, r)
        self.assertEqual(statuses, [200, 401, 200, 401, 200])
        r = self.post("/auth/login", {"email": users[0]["email"],
                                      "password": users[0]["password"]})
        self.assert_problem(r, 429)
        assert_rate_headers(self, r)
        self.assertRegex(r.headers.get("Retry-After", ""), r"^\d+$")


def login_from(test, user, forwarded, password=None):
    return test.post("/auth/login", {
        "email": user["email"],
        "password": password or user["password"]},
        headers={"X-Forwarded-For": forwarded})


class ForwardedForTest(ServerTestCase):
    """Without --trust-proxy, X-Forwarded-For is the client's own claim: a
    new value per attempt must not escape the per-IP limit."""
    server_args = ("--login-ip-limit", "2")

    def test_forwarded_for_is_ignored(self):
        user = self.server.signup()
        for ip in ("203.0.113.1", "203.0.113.2"):
            self.assert_status(login_from(self, user, ip), 200)
        self.assert_problem(login_from(self, user, "203.0.113.3"), 429)
        self.server.stop()
        self.assertNotIn("203.0.113.", self.server.log_text())


class TrustProxyTest(ServerTestCase):
    """Behind trusted proxies (--trust-proxy: this host and 10/8), the
    rightmost X-Forwarded-For entry that is not one is the client: each
    gets its own per-IP limit and is logged (test_trust_proxy.py tests
    the walk itself)."""
    server_args = ("--login-ip-limit", "2",
                   "--trust-proxy", "127.0.0.1,10.0.0.0/8")

    def test_the_forwarded_client_is_limited_and_logged(self):
        user = self.server.signup()
        first = "203.0.113.7, 10.0.0.1"
        for _ in range(2):
            self.assert_status(login_from(self, user, first), 200)
        self.assert_problem(login_from(self, user, first), 429)
        self.assert_problem(login_from(self, user, "203.0.113.7"), 429)
        self.assert_status(login_from(self, user, "203.0.113.8"), 200)
        self.assert_status(login_from(self, user, "2001:db8::1"), 200)
        self.server.stop()
        log = self.server.log_text()
        self.assertIn('"clientIp":"203.0.113.7"', log)
        self.assertIn('"clientIp":"2001:db8::1"', log)


if __name__ == "__main__":
    unittest.main()
