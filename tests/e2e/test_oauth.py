"""OAuth2 login with Google, against a fake provider (fake_oauth.py):
the authorize redirect with state and PKCE and the cookie that binds the
state to the browser, the callback's code exchange, find-or-create by
verified email, the one-time login code redeemed at POST
/auth/oauth2/token, the per-IP limit of begin, the purge of stale rows,
and every way it must fail (login CSRF above all: a state started by one
browser is refused in another)."""

import re
import time
import unittest
import urllib.parse

from fake_oauth import CLIENT_ID, FakeProvider
from harness import ServerTestCase, query, unique

COOKIE = "petory_oauth"
CALLBACK_PATH = "/login/oauth2/code/google"
CODE_RE = re.compile(r"^/app/auth/callback#code=([A-Za-z0-9_-]{43})$")


def set_cookies(r):
    """The Set-Cookie headers of a response, as {name: (value, attrs)},
    attrs lower-cased names -> value ("" for flags)."""
    out = {}
    for header in r.headers.get_all("Set-Cookie") or []:
        parts = [p.strip() for p in header.split(";")]
        name, _, value = parts[0].partition("=")
        attrs = {}
        for p in parts[1:]:
            k, _, v = p.partition("=")
            attrs[k.strip().lower()] = v.strip()
        out[name] = (value, attrs)
    return out


def now_ms():
    return int(time.time() * 1000)


class OAuthCase(ServerTestCase):
    """Shared steps: the test plays the browser (it keeps the cookie the
    server sets and sends it back, or not)."""

    begin_limit = "1000"  # the flood test has its own server

    @classmethod
    def setUpClass(cls):
        cls.provider = FakeProvider()
        cls.addClassCleanup(cls.provider.close)
        limit = (("--oauth-begin-ip-limit", cls.begin_limit)
                 if cls.begin_limit else ())
        cls.server_args = (cls.provider.server_args() + limit +
                           tuple(getattr(cls, "extra_args", ())))
        super().setUpClass()

    def begin_response(self, **kw):
        r = self.get("/oauth2/authorization/google", **kw)
        self.assertEqual(r.status, 302, r.text[:300])
        return r

    def begin(self):
        """GET /oauth2/authorization/google: (the authorize URL's query,
        the Cookie header value that binds its state)."""
        r = self.begin_response()
        location = r.headers["Location"]
        self.assertTrue(location.startswith(self.provider.url("/authorize")),
                        location)
        params = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
        for name, values in params.items():
            self.assertEqual(len(values), 1, name)
        value, _ = set_cookies(r).get(COOKIE, (None, None))
        return ({k: v[0] for k, v in params.items()},
                "%s=%s" % (COOKIE, value) if value else None)

    def callback(self, code, state, cookie=None):
        return self.get(CALLBACK_PATH + query(code=code, state=state),
                        headers={"Cookie": cookie} if cookie else None)

    def login_code_from(self, r):
        """The one-time code of a callback's redirect; nothing else in
        the Location, no token anywhere in the answer."""
        self.assertEqual(r.status, 302, r.text[:300])
        location = r.headers["Location"]
        m = CODE_RE.match(location)
        self.assertIsNotNone(m, "Location %r" % location)
        for name, value in r.headers.items():
            self.assertNotIn("accessToken", value, name)
            self.assertNotIn("refreshToken", value, name)
            self.assertNotRegex(value, r"eyJ[A-Za-z0-9_-]+\.", name)
        self.assertNotIn("Token", r.text)
        self.assertEqual(r.headers.get("Referrer-Policy"), "no-referrer")
        self.assertIn("no-store", r.headers.get("Cache-Control", ""))
        return m.group(1)

    def redeem(self, code):
        return self.post("/auth/oauth2/token", {"code": code})

    def tokens_from(self, r):
        """The callback's code redeemed: the token pair, as /auth/login
        answers it."""
        code = self.login_code_from(r)
        t = self.redeem(code)
        self.assert_status(t, 200)
        self.assertEqual(sorted(t.body),
                         ["accessToken", "expiresIn", "refreshToken",
                          "tokenType"])
        self.assertEqual(t.body["tokenType"], "Bearer")
        self.assertIn("no-store", t.headers.get("Cache-Control", ""))
        return t.body

    def login(self, email, **kw):
        params, cookie = self.begin()
        code = self.provider.add_code(params, email, **kw)
        return self.callback(code, params["state"], cookie)

    def user_count(self, email):
        rows = self.server.db_query(
            "SELECT count(*) FROM users WHERE lower(email) = lower(?)", email)
        return rows[0][0]

    def table_count(self, table):
        return self.server.db_query("SELECT count(*) FROM %s" % table)[0][0]


class OAuthTest(OAuthCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.server.make_admin()

    def test_authorize_redirect(self):
        params, _ = self.begin()
        self.assertEqual(params["response_type"], "code")
        self.assertEqual(params["client_id"], CLIENT_ID)
        self.assertEqual(params["code_challenge_method"], "S256")
        self.assertRegex(params["code_challenge"], r"^[A-Za-z0-9_-]{43}$")
        self.assertGreaterEqual(len(params["state"]), 16)
        self.assertIn("email", params["scope"].split())
        self.assertTrue(params["redirect_uri"].endswith(CALLBACK_PATH),
                        params["redirect_uri"])
        self.assertNotIn("client_secret", params)
        other, _ = self.begin()
        self.assertNotEqual(params["state"], other["state"])
        self.assertNotEqual(params["code_challenge"],
                            other["code_challenge"])

    def test_begin_sets_the_binding_cookie(self):
        r = self.begin_response()
        self.assertIn(COOKIE, set_cookies(r), r.headers.get_all("Set-Cookie"))
        value, attrs = set_cookies(r)[COOKIE]
        self.assertRegex(value, r"^[A-Za-z0-9_-]{43}$")
        self.assertIn("httponly", attrs)
        self.assertEqual(attrs.get("samesite", "").lower(), "lax")
        self.assertEqual(attrs.get("max-age"), "600")
        path = attrs.get("path", "")
        self.assertTrue(path and CALLBACK_PATH.startswith(path), path)
        self.assertNotIn("secure", attrs)  # plain HTTP here
        self.assertNotIn("domain", attrs)
        # the store keeps a hash of the browser's nonce, never the nonce
        self.assertNotIn(value, repr(self.server.db_snapshot()))

    def test_new_user_then_same_user(self):
        email = unique("google") + "@gmail.com"
        tokens = self.tokens_from(self.login(email, name="Googler"))
        me = self.get("/users/me", token=tokens["accessToken"])
        self.assert_status(me, 200)
        self.assertEqual(me.body["email"], email)
        self.assertEqual(me.body["roles"], ["USER"])
        self.assertEqual(me.body["status"], "ACTIVE")
        r = self.post("/auth/reissue",
                      {"refreshToken": tokens["refreshToken"]})
        self.assert_status(r, 200)

        again = self.tokens_from(self.login(email))
        me2 = self.get("/users/me", token=again["accessToken"])
        self.assert_status(me2, 200)
        self.assertEqual(me2.body["id"], me.body["id"])
        self.assertEqual(self.user_count(email), 1)

    def test_existing_password_account_is_found(self):
        user = self.server.signup()
        tokens = self.tokens_from(self.login(user["email"].upper()))
        me = self.get("/users/me", token=tokens["accessToken"])
        self.assertEqual(me.body["id"], user["id"])

    def test_callback_clears_the_cookie(self):
        r = self.login(unique("clear") + "@gmail.com")
        self.login_code_from(r)
        value, attrs = set_cookies(r)[COOKIE]
        self.assertEqual(value, "")
        self.assertEqual(attrs.get("max-age"), "0")
        self.assertTrue(CALLBACK_PATH.startswith(attrs.get("path", "-")))

    def test_login_csrf_state_of_another_browser_is_refused(self):
        """Attack: the attacker begins a login, completes the provider step
        as himself and sends the victim's browser to the callback with his
        state and code.  The victim has no cookie, or her own."""
        attacker = unique("attacker") + "@gmail.com"
        params, attacker_cookie = self.begin()
        code = self.provider.add_code(params, attacker)
        _, victim_cookie = self.begin()
        calls_before = list(self.provider.calls)
        with self.unchanged_db():
            for cookie in (None, victim_cookie, COOKIE + "=",
                           COOKIE + "=" + "A" * 43):
                r = self.callback(code, params["state"], cookie)
                self.assert_problem(r, 400, "OAUTH2_STATE_MISMATCH")
                self.assertNotIn("Location", r.headers)
        self.assertEqual(self.user_count(attacker), 0)
        # refused before any request to the provider
        self.assertEqual(self.provider.calls, calls_before)
        # the state stays the attacker's browser's: his own callback works
        self.tokens_from(self.callback(code, params["state"],
                                       attacker_cookie))

    def test_callback_location_holds_only_a_one_time_code(self):
        r = self.login(unique("code") + "@gmail.com")
        code = self.login_code_from(r)
        t = self.redeem(code)
        self.assert_status(t, 200)
        me = self.get("/users/me", token=t.body["accessToken"])
        self.assert_status(me, 200)
        with self.unchanged_db():
            self.assert_problem(self.redeem(code), 400, "INVALID_LOGIN_CODE")

    def test_login_code_is_stored_as_a_hash_for_sixty_seconds(self):
        before = now_ms()
        code = self.login_code_from(self.login(unique("h") + "@gmail.com"))
        self.assertNotIn(code, repr(self.server.db_snapshot()))
        rows = self.server.db_query(
            "SELECT expires_at FROM oauth_login_codes")
        self.assertTrue(any(before + 59000 <= e <= now_ms() + 61000
                            for (e,) in rows), rows)
        self.assert_status(self.redeem(code), 200)

    def test_code_older_than_sixty_seconds_is_refused(self):
        email = unique("late") + "@gmail.com"
        code = self.login_code_from(self.login(email))
        # 61 s pass for the stored code
        self.server.db_execute(
            "UPDATE oauth_login_codes SET expires_at = expires_at - 61000")
        r = self.redeem(code)
        self.assert_problem(r, 400, "INVALID_LOGIN_CODE")
        fresh = self.login_code_from(self.login(email))
        self.assert_status(self.redeem(fresh), 200)

    def test_bad_login_codes(self):
        with self.unchanged_db():
            for body in ({"code": "A" * 43}, {"code": "not a code"},
                         {"code": "x" * 5000}):
                self.assert_problem(self.redeem(body["code"]), 400,
                                    "INVALID_LOGIN_CODE")
            self.assert_problem(self.post("/auth/oauth2/token", {}), 400,
                                "INVALID_PARAMETER", fields=["code"])
            self.assert_problem(
                self.post("/auth/oauth2/token", {"code": 12}), 400,
                "INVALID_PARAMETER", fields=["code"])
            self.assert_problem(
                self.post("/auth/oauth2/token", {"code": ""}), 400)
            r = self.server.request("POST", "/auth/oauth2/token",
                                    raw="code=abc",
                                    content_type="text/plain")
            self.assert_problem(r, 415)

    def test_two_racing_redemptions_one_wins(self):
        import concurrent.futures
        code = self.login_code_from(self.login(unique("race") + "@gmail.com"))
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda _: self.redeem(code), range(4)))
        self.assertEqual(sorted(a.status for a in answers),
                         [200, 400, 400, 400])

    def test_stale_states_and_codes_are_purged(self):
        self.begin()
        self.login_code_from(self.login(unique("stale") + "@gmail.com"))
        self.assertGreater(self.table_count("oauth_states"), 0)
        self.assertGreater(self.table_count("oauth_login_codes"), 0)
        # everything stored so far expires
        self.server.db_execute(
            "UPDATE oauth_states SET expires_at = ?", now_ms() - 1)
        self.server.db_execute(
            "UPDATE oauth_login_codes SET expires_at = ?", now_ms() - 1)
        # the next begin and the next callback purge what expired
        code = self.login_code_from(self.login(unique("n") + "@gmail.com"))
        self.assertEqual(self.table_count("oauth_states"), 0)
        self.assertEqual(self.table_count("oauth_login_codes"), 1)
        self.assert_status(self.redeem(code), 200)
        self.assertEqual(self.table_count("oauth_login_codes"), 0)

    def test_state_is_single_use(self):
        params, cookie = self.begin()
        email = unique("once") + "@gmail.com"
        code = self.provider.add_code(params, email)
        self.tokens_from(self.callback(code, params["state"], cookie))
        code2 = self.provider.add_code(params, email)
        with self.unchanged_db():
            self.assert_problem(self.callback(code2, params["state"], cookie),
                                400, "OAUTH2_STATE_MISMATCH")

    def test_unknown_state(self):
        params, cookie = self.begin()
        code = self.provider.add_code(params, unique("x") + "@gmail.com")
        with self.unchanged_db():
            self.assert_problem(self.callback(code, "not-a-state", cookie),
                                400, "OAUTH2_STATE_MISMATCH")
            self.assert_problem(
                self.get(CALLBACK_PATH + query(code=code),
                         headers={"Cookie": cookie}),
                400, "INVALID_PARAMETER", fields=["state"])

    def test_expired_state(self):
        params, cookie = self.begin()
        code = self.provider.add_code(params, unique("old") + "@gmail.com")
        self.server.db_execute(
            "UPDATE oauth_states SET expires_at = ?", now_ms() - 1)
        with self.unchanged_db():
            self.assert_problem(self.callback(code, params["state"], cookie),
                                400, "OAUTH2_STATE_MISMATCH")

    def test_wrong_code(self):
        params, cookie = self.begin()
        email = unique("wrong") + "@gmail.com"
        self.provider.add_code(params, email)
        r = self.callback("not-the-code", params["state"], cookie)
        self.assert_problem(r, 502)
        self.assertEqual(self.user_count(email), 0)
        self.assertNotIn("Location", r.headers)

    def test_unverified_email(self):
        email = unique("unverified") + "@gmail.com"
        r = self.login(email, email_verified=False)
        self.assertIn(r.status, (400, 403), r.text[:300])
        self.assert_problem(r, r.status)
        self.assertEqual(self.user_count(email), 0)

    def test_suspended_user(self):
        user = self.server.signup()
        r = self.delete("/auth/suspend" + query(userId=user["id"]),
                        token=self.admin["access"])
        self.assert_status(r, 204)
        r = self.login(user["email"])
        self.assert_problem(r, 403)
        self.assertNotIn("Location", r.headers)

    def test_suspended_between_callback_and_redemption(self):
        user = self.server.signup()
        code = self.login_code_from(self.login(user["email"]))
        r = self.delete("/auth/suspend" + query(userId=user["id"]),
                        token=self.admin["access"])
        self.assert_status(r, 204)
        self.assert_problem(self.redeem(code), 403, "LOGIN_UNAVAILABLE")


class OAuthBeginFloodTest(OAuthCase):
    """The default per-IP limit of begin: 30 a minute."""

    begin_limit = None

    def test_begin_flood_from_one_ip(self):
        for i in range(30):
            r = self.begin_response()
            for name in ("RateLimit-Limit", "RateLimit-Remaining",
                         "RateLimit-Reset"):
                self.assertRegex(r.headers.get(name, ""), r"^\d+$", name)
            self.assertEqual(r.headers["RateLimit-Limit"], "30")
        with self.unchanged_db():
            for i in range(20):
                r = self.get("/oauth2/authorization/google")
                self.assert_problem(r, 429)
                self.assertRegex(r.headers.get("Retry-After", ""), r"^\d+$")
                self.assertGreater(int(r.headers["Retry-After"]), 0)
                self.assertNotIn("Location", r.headers)
                self.assertNotIn(COOKIE, set_cookies(r))
        self.assertEqual(self.table_count("oauth_states"), 30)


class OAuthSecureCookieTest(OAuthCase):
    """Behind HTTPS (--public-url https://…) the cookie is Secure."""

    extra_args = ("--public-url", "https://petory.example")

    def test_cookie_is_secure(self):
        r = self.begin_response()
        _, attrs = set_cookies(r)[COOKIE]
        self.assertIn("secure", attrs)
        self.assertIn("httponly", attrs)
        self.assertIn("redirect_uri=" + urllib.parse.quote(
            "https://petory.example" + CALLBACK_PATH, safe=""),
            r.headers["Location"])


class OAuthNotConfiguredTest(ServerTestCase):

    def test_begin_without_provider(self):
        r = self.get("/oauth2/authorization/google")
        self.assertIn(r.status, (404, 501, 503), r.text[:300])
        self.assert_problem(r, r.status)

    def test_redeem_without_provider(self):
        self.assert_problem(self.post("/auth/oauth2/token",
                                      {"code": "A" * 43}),
                            400, "INVALID_LOGIN_CODE")


if __name__ == "__main__":
    unittest.main()
