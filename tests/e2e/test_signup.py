"""POST /auth/signup: the created account, validation, the request
conventions every JSON endpoint shares (415, 413, 400 for bad JSON) and
the per-IP limit.  Every refused request leaves the database as it
was."""

import datetime
import json
import unittest

from harness import ServerTestCase, unique


def new_email():
    return unique("signup") + "@example.com"


class SignupTest(ServerTestCase):

    def signup(self, body, **kw):
        return self.post("/auth/signup", body, **kw)

    def refused(self, status, code=None, fields=(), **request):
        """Send a signup that must fail; check the problem and that the
        database did not change."""
        with self.unchanged_db():
            r = self.server.request("POST", "/auth/signup", **request)
            problem = self.assert_problem(r, status, code, fields)
        return problem

    def test_created(self):
        email = new_email()
        r = self.signup({"email": email, "password": "password1",
                         "nickname": "Choco"})
        self.assert_status(r, 201)
        self.assertTrue(r.headers.get("Content-Type", "").startswith(
            "application/json"))
        self.assertTrue(r.headers.get("Location"), "no Location header")
        body = r.body
        self.assertIsInstance(body["id"], int)
        self.assertEqual(body["email"], email)
        self.assertEqual(body["nickname"], "Choco")
        self.assertEqual(body["roles"], ["USER"])
        self.assertEqual(body["status"], "ACTIVE")
        self.assert_rfc3339_utc(body["createdAt"])
        created = datetime.datetime.strptime(
            body["createdAt"][:19], "%Y-%m-%dT%H:%M:%S").replace(
                tzinfo=datetime.timezone.utc)
        now = datetime.datetime.now(datetime.timezone.utc)
        self.assertLess(abs((now - created).total_seconds()), 300)
        for secret in ("password", "passwordHash", "password_hash"):
            self.assertNotIn(secret, body)
        self.assertNotIn("password1", r.text)

    def test_duplicate_email_in_other_case(self):
        email = new_email()
        first = self.signup({"email": email, "password": "password1",
                             "nickname": "one"})
        self.assert_status(first, 201)
        self.refused(409, "DUPLICATE_EMAIL", body={
            "email": email.upper(), "password": "password2",
            "nickname": "two"})

    def test_password_length(self):
        for bad in ("a" * 7, "a" * 129):
            self.refused(400, "INVALID_PARAMETER", ["password"], body={
                "email": new_email(), "password": bad, "nickname": "n"})
        for good in ("a" * 8, "a" * 128):
            r = self.signup({"email": new_email(), "password": good,
                             "nickname": "n"})
            self.assert_status(r, 201)

    def test_nickname_counts_characters(self):
        nick = "가" * 30
        r = self.signup({"email": new_email(), "password": "password1",
                         "nickname": nick})
        self.assert_status(r, 201)
        self.assertEqual(r.body["nickname"], nick)
        self.refused(400, "INVALID_PARAMETER", ["nickname"], body={
            "email": new_email(), "password": "password1",
            "nickname": "가" * 31})
        self.refused(400, "INVALID_PARAMETER", ["nickname"], body={
            "email": new_email(), "password": "password1", "nickname": ""})

    def test_bad_email(self):
        for bad in ("not-an-email", "a@", "@b.com", "a b@c.com", ""):
            self.refused(400, "INVALID_PARAMETER", ["email"], body={
                "email": bad, "password": "password1", "nickname": "n"})

    def test_wrong_types_name_every_field(self):
        self.refused(400, "INVALID_PARAMETER",
                     ["email", "password", "nickname"],
                     body={"email": 5, "password": True, "nickname": []})

    def test_missing_fields_are_named(self):
        self.refused(400, "INVALID_PARAMETER",
                     ["email", "password", "nickname"], body={})
        problem = self.refused(400, "INVALID_PARAMETER",
                               ["password", "nickname"],
                               body={"email": new_email()})
        self.assertNotIn("email", problem["errors"])

    def test_missing_and_bad_fields_are_named_together(self):
        self.refused(400, "INVALID_PARAMETER",
                     ["email", "password", "nickname"],
                     body={"email": "not-an-email"})
        self.refused(400, "INVALID_PARAMETER",
                     ["email", "password", "nickname"],
                     body={"password": "short", "nickname": ""})
        # a wrong type still names the missing fields with it
        self.refused(400, "INVALID_PARAMETER",
                     ["email", "password", "nickname"],
                     body={"email": 5})

    def test_extra_fields_are_ignored(self):
        r = self.signup({"email": new_email(), "password": "password1",
                         "nickname": "n", "roles": ["ADMIN"],
                         "admin": True, "status": "SUSPENDED", "id": 1})
        self.assert_status(r, 201)
        self.assertEqual(r.body["roles"], ["USER"])
        self.assertEqual(r.body["status"], "ACTIVE")

    def test_body_not_an_object(self):
        for raw in (b"[]", b'"x"', b"42", b"null"):
            self.refused(400, raw=raw)

    def test_malformed_json(self):
        for raw in (b'{"email":', b"{email: 1}", b"", b'{"a":1}}'):
            self.refused(400, raw=raw)

    def test_invalid_utf8_in_a_string(self):
        raw = (b'{"email":"a\xff@example.com","password":"password1",'
               b'"nickname":"n\xc3"}')
        self.refused(400, raw=raw)

    def test_content_type_with_charset_is_accepted(self):
        r = self.server.request(
            "POST", "/auth/signup",
            raw=json.dumps({"email": new_email(), "password": "password1",
                            "nickname": "n"}),
            content_type="application/json; charset=utf-8")
        self.assert_status(r, 201)

    def test_wrong_content_type(self):
        body = json.dumps({"email": new_email(), "password": "password1",
                           "nickname": "n"})
        self.refused(415, raw=body, content_type="text/plain")
        self.refused(415, raw=body, content_type=None)

    def test_body_over_one_mib(self):
        before = self.server.db_snapshot()
        size = 1024 * 1024 + 1
        body = b'{"email":"' + b"a" * (size - 12) + b'"}'
        self.assertEqual(len(body), size)
        head = ("POST /auth/signup HTTP/1.1\r\nHost: %s:%d\r\n"
                "Content-Type: application/json\r\nContent-Length: %d\r\n"
                "Connection: close\r\n\r\n" % (
                    self.server.host, self.server.port, size)).encode()
        status, headers, payload = self.server.raw_exchange(head, body)
        self.assertEqual(status, 413, payload[:300])
        self.assertIn("application/problem+json", headers.lower())
        problem = json.loads(payload)
        self.assertEqual(problem["status"], 413)
        self.assertEqual(before, self.server.db_snapshot())

    def test_just_under_the_limit_is_read(self):
        # 1 MiB exactly is allowed: the body is read and judged on content.
        size = 1024 * 1024
        pad = size - len(b'{"email":"x@example.com","password":"p",'
                         b'"nickname":"n","pad":""}')
        body = (b'{"email":"x@example.com","password":"p",'
                b'"nickname":"n","pad":"' + b"z" * pad + b'"}')
        self.assertEqual(len(body), size)
        self.refused(400, "INVALID_PARAMETER", ["password"], raw=body)


class SignupIpLimitTest(ServerTestCase):
    server_args = ("--signup-ip-limit", "2")

    def test_signups_per_ip_are_limited(self):
        for remaining in ("1", "0"):
            r = self.post("/auth/signup", {"email": new_email(),
                                           "password": "password1",
                                           "nickname": "n"})
            self.assert_status(r, 201)
            self.assertEqual(r.headers.get("RateLimit-Limit"), "2")
            self.assertEqual(r.headers.get("RateLimit-Remaining"), remaining)
            self.assertRegex(r.headers.get("RateLimit-Reset", ""), r"^\d+$")
            self.assertIsNone(r.headers.get("Retry-After"))
        with self.unchanged_db():
            r = self.post("/auth/signup", {"email": new_email(),
                                           "password": "password1",
                                           "nickname": "n"})
            self.assert_problem(r, 429)
        self.assertEqual(r.headers.get("RateLimit-Remaining"), "0")
        self.assertRegex(r.headers.get("Retry-After", ""), r"^[1-9]\d*$")
        self.assertLessEqual(int(r.headers["Retry-After"]), 3600)


if __name__ == "__main__":
    unittest.main()
