"""OAuth2 login with Google, against a fake provider (fake_oauth.py):
the authorize redirect with state and PKCE, the callback's code exchange,
find-or-create by verified email, and every way it must fail."""

import unittest
import urllib.parse

from fake_oauth import CLIENT_ID, CLIENT_SECRET, FakeProvider
from harness import ServerTestCase, query, unique


class OAuthTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        cls.provider = FakeProvider()
        cls.addClassCleanup(cls.provider.close)
        p = cls.provider
        cls.server_args = (
            "--google-client-id", CLIENT_ID,
            "--google-client-secret", CLIENT_SECRET,
            "--google-authorize-url", p.url("/authorize"),
            "--google-token-url", p.url("/token"),
            "--google-userinfo-url", p.url("/userinfo"))
        super().setUpClass()
        cls.admin = cls.server.make_admin()

    def begin(self):
        """GET /oauth2/authorization/google: the authorize URL's query."""
        r = self.get("/oauth2/authorization/google")
        self.assertEqual(r.status, 302, r.text[:300])
        location = r.headers["Location"]
        self.assertTrue(location.startswith(self.provider.url("/authorize")),
                        location)
        params = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
        for name, values in params.items():
            self.assertEqual(len(values), 1, name)
        return {k: v[0] for k, v in params.items()}

    def callback(self, code, state):
        return self.get("/login/oauth2/code/google" +
                        query(code=code, state=state))

    def tokens_from(self, r):
        """The tokens in the callback's redirect fragment."""
        self.assertEqual(r.status, 302, r.text[:300])
        location = r.headers["Location"]
        self.assertTrue(location.startswith("/app/auth/callback#"), location)
        fragment = location[len("/app/auth/callback#"):]
        params = {k: v[0] for k, v in urllib.parse.parse_qs(fragment).items()}
        self.assertIn("accessToken", params)
        self.assertIn("refreshToken", params)
        for name, value in r.headers.items():
            if name.lower() == "location":
                continue
            for token in (params["accessToken"], params["refreshToken"]):
                self.assertNotIn(token, value, "token in %s" % name)
        self.assertNotIn(params["accessToken"], r.text)
        return params

    def login(self, email, **kw):
        params = self.begin()
        code = self.provider.add_code(params, email, **kw)
        return self.callback(code, params["state"])

    def user_count(self, email):
        rows = self.server.db_query(
            "SELECT count(*) FROM users WHERE lower(email) = lower(?)", email)
        return rows[0][0]

    def test_authorize_redirect(self):
        params = self.begin()
        self.assertEqual(params["response_type"], "code")
        self.assertEqual(params["client_id"], CLIENT_ID)
        self.assertEqual(params["code_challenge_method"], "S256")
        self.assertRegex(params["code_challenge"], r"^[A-Za-z0-9_-]{43}$")
        self.assertGreaterEqual(len(params["state"]), 16)
        self.assertIn("email", params["scope"].split())
        self.assertTrue(params["redirect_uri"].endswith(
            "/login/oauth2/code/google"), params["redirect_uri"])
        self.assertNotIn("client_secret", params)
        other = self.begin()
        self.assertNotEqual(params["state"], other["state"])
        self.assertNotEqual(params["code_challenge"],
                            other["code_challenge"])

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

    def test_state_is_single_use(self):
        params = self.begin()
        email = unique("once") + "@gmail.com"
        code = self.provider.add_code(params, email)
        self.tokens_from(self.callback(code, params["state"]))
        code2 = self.provider.add_code(params, email)
        with self.unchanged_db():
            self.assert_problem(self.callback(code2, params["state"]), 400)

    def test_unknown_state(self):
        params = self.begin()
        code = self.provider.add_code(params, unique("x") + "@gmail.com")
        with self.unchanged_db():
            self.assert_problem(self.callback(code, "not-a-state"), 400)
            self.assert_problem(
                self.get("/login/oauth2/code/google" + query(code=code)), 400)

    def test_wrong_code(self):
        params = self.begin()
        email = unique("wrong") + "@gmail.com"
        self.provider.add_code(params, email)
        r = self.callback("not-the-code", params["state"])
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


class OAuthNotConfiguredTest(ServerTestCase):

    def test_begin_without_provider(self):
        r = self.get("/oauth2/authorization/google")
        self.assertIn(r.status, (404, 501, 503), r.text[:300])
        self.assert_problem(r, r.status)


if __name__ == "__main__":
    unittest.main()
