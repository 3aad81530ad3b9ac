"""Bad input on every endpoint of "Accounts and auth".  Each route that
takes a JSON body (signup, login, reissue, both update routes) gets
malformed JSON, a body that is not an object, invalid UTF-8, wrong types,
a body over 1 MiB (refused before it is sent; chunked, once 1 MiB has
passed), a wrong or missing content type, and extra fields (ignored).
Each route that needs a token gets a revoked one: after logout, after a
spent refresh token revoked the login, after suspension, after the
account's deletion (and still after a restore or a reactivating login),
and on the admin routes the token of an admin who lost the role.  Every
refused request leaves the database as it was."""

import json
import socket
import unittest

from harness import ServerTestCase, query, read_response

WRONG_TYPES = (5, 1.5, True, [], {"a": 1})


class BodyTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls.server.make_user()

    def routes(self):
        """(method, path, token, a good body) of every route with a body."""
        user = self.user
        update = {"nickname": "new name", "mobileNum": "01012345678",
                  "timezone": "Asia/Seoul"}
        return [
            ("POST", "/auth/signup", None,
             {"email": "fresh@example.com", "password": "password1",
              "nickname": "fresh"}),
            ("POST", "/auth/login", None,
             {"email": user["email"], "password": user["password"]}),
            ("POST", "/auth/reissue", None,
             {"refreshToken": user["refresh"]}),
            ("PUT", "/users/update", user["access"], update),
            ("PATCH", "/users/me", user["access"], update),
        ]

    def refused(self, method, path, token, status, code=None, fields=(),
                **request):
        with self.unchanged_db():
            r = self.server.request(method, path, token=token, **request)
            return self.assert_problem(r, status, code, fields)

    def each_route(self):
        for method, path, token, good in self.routes():
            with self.subTest(route="%s %s" % (method, path)):
                yield method, path, token, good

    def test_malformed_json(self):
        for method, path, token, good in self.each_route():
            text = json.dumps(good)
            for raw in (text[:-1], text + "}", text.replace('"', "'"),
                        "{" + text[1:].replace(":", "", 1), "",
                        text[:-1] + ', "%s": 1}' % next(iter(good))):
                self.refused(method, path, token, 400, raw=raw)

    def test_body_that_is_not_an_object(self):
        for method, path, token, good in self.each_route():
            for raw in ("[]", '"text"', "42", "null", "true",
                        json.dumps([good])):
                self.refused(method, path, token, 400, raw=raw)

    def test_invalid_utf8(self):
        for method, path, token, good in self.each_route():
            for name in good:
                for bad in (b"\xff", b"\xc3", b"\xc0\xaf", b"\xed\xa0\x80"):
                    raw = json.dumps(dict(good, **{name: "@"})).encode()
                    raw = raw.replace(b'"@"', b'"a' + bad + b'b"')
                    self.refused(method, path, token, 400, raw=raw)
            raw = b'{"\xff": 1, ' + json.dumps(good).encode()[1:]
            self.refused(method, path, token, 400, raw=raw)

    def test_wrong_types_name_the_field(self):
        for method, path, token, good in self.each_route():
            for name in good:
                for wrong in WRONG_TYPES:
                    self.refused(method, path, token, 400,
                                 "INVALID_PARAMETER", [name],
                                 body=dict(good, **{name: wrong}))
            self.refused(method, path, token, 400, "INVALID_PARAMETER",
                         list(good), body={name: 7 for name in good})

    def test_missing_fields_are_named(self):
        for method, path, token, good in self.each_route():
            if method == "POST":  # the update routes take any subset
                self.refused(method, path, token, 400,
                             "INVALID_PARAMETER", list(good), body={})

    def test_wrong_content_type(self):
        for method, path, token, good in self.each_route():
            for ctype in ("text/plain", "application/x-www-form-urlencoded",
                          "application/jsonx", "application/json; "
                          "charset=latin-1", None):
                self.refused(method, path, token, 415,
                             raw=json.dumps(good), content_type=ctype)

    def test_body_over_one_mib_is_refused_before_it_is_sent(self):
        for method, path, token, good in self.each_route():
            with self.unchanged_db():
                sock = socket.create_connection(
                    (self.server.host, self.server.port), timeout=5)
                try:
                    sock.sendall((
                        "%s %s HTTP/1.1\r\nHost: petory\r\n"
                        "Content-Type: application/json\r\n"
                        "Content-Length: %d\r\n%s\r\n" % (
                            method, path, 1024 * 1024 + 1,
                            "Authorization: Bearer %s\r\n" % token
                            if token else "")).encode())
                    # No body byte sent: the answer must come anyway.
                    status, lines, body = read_response(sock)
                finally:
                    sock.close()
                self.assertEqual(status, 413, body[:300])
                self.assertIn("content-type: application/problem+json",
                              "\n".join(lines).lower())
                self.assertEqual(json.loads(body)["status"], 413)

    def test_chunked_body_over_one_mib(self):
        piece = b"x" * 65536
        chunks = (b"%x\r\n%s\r\n" % (len(piece), piece)) * 17 + b"0\r\n\r\n"
        for method, path, token, good in self.each_route():
            head = ("%s %s HTTP/1.1\r\nHost: petory\r\n"
                    "Content-Type: application/json\r\n"
                    "Transfer-Encoding: chunked\r\n%s\r\n" % (
                        method, path, "Authorization: Bearer %s\r\n" % token
                        if token else "")).encode()
            with self.unchanged_db():
                status, _, body = self.server.raw_exchange(
                    head, chunks, wait_first=0.1)
            self.assertEqual(status, 413, body[:300])
            self.assertEqual(json.loads(body)["status"], 413)

    def test_extra_fields_are_ignored(self):
        user = self.server.make_user()
        extra = {"id": 1, "roles": ["ADMIN"], "status": "SUSPENDED",
                 "admin": True, "email": "other@example.com",
                 "password": "x", "tokenType": "Basic"}
        r = self.post("/auth/login", dict(extra, email=user["email"],
                                          password=user["password"]))
        self.assert_status(r, 200)
        r = self.post("/auth/reissue",
                      dict(extra, refreshToken=r.body["refreshToken"]))
        self.assert_status(r, 200)
        token = r.body["accessToken"]
        for method, path in (("PUT", "/users/update"),
                             ("PATCH", "/users/me")):
            r = self.server.request(method, path, token=token,
                                    body=dict(extra, nickname="extra"))
            self.assert_status(r, 200)
            self.assertEqual(r.body["email"], user["email"])
            self.assertEqual(r.body["roles"], ["USER"])
            self.assertEqual(r.body["status"], "ACTIVE")
            self.assertEqual(r.body["id"], user["id"])
        r = self.post("/auth/login", {"email": user["email"],
                                      "password": user["password"]})
        self.assert_status(r, 200)


class RevokedTokenTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.server.make_admin()
        cls.target = cls.server.signup()

    USER_ROUTES = [
        ("POST", "/auth/logout", None),
        ("DELETE", "/users/logout", None),
        ("GET", "/users/me", None),
        ("PATCH", "/users/me", {"nickname": "revoked"}),
        ("PUT", "/users/update", {"nickname": "revoked"}),
        ("DELETE", "/users/me", None),
        ("DELETE", "/users/delete", None),
    ]

    def admin_routes(self):
        t = self.target["id"]
        return [
            ("POST", "/auth/roles" + query(userId=t, role="ADMIN"), None),
            ("DELETE", "/auth/roles/remove" + query(userId=t, role="USER"),
             None),
            ("DELETE", "/auth/suspend" + query(userId=t), None),
            ("PATCH", "/auth/restore" + query(userId=t), None),
        ]

    def assert_refused_everywhere(self, token, routes, status=401):
        for method, path, body in routes:
            with self.subTest(route="%s %s" % (method, path)):
                with self.unchanged_db():
                    r = self.server.request(method, path, token=token,
                                            body=body)
                    if status == 401:
                        self.assert_unauthorized(r)
                    else:
                        self.assert_problem(r, status)

    def test_after_logout(self):
        user = self.server.make_user()
        self.assert_status(self.post("/auth/logout", token=user["access"]),
                           204)
        self.assert_refused_everywhere(user["access"], self.USER_ROUTES)

    def test_after_a_spent_refresh_token_revoked_the_login(self):
        user = self.server.make_user()
        self.assert_status(self.post("/auth/reissue",
                                     {"refreshToken": user["refresh"]}), 200)
        self.assert_problem(self.post("/auth/reissue",
                                      {"refreshToken": user["refresh"]}),
                            401, "REFRESH_TOKEN_REUSED")
        self.assert_refused_everywhere(user["access"], self.USER_ROUTES)

    def suspend(self, user, verb="suspend"):
        method = "DELETE" if verb == "suspend" else "PATCH"
        r = self.server.request(method, "/auth/%s" % verb +
                                query(userId=user["id"]),
                                token=self.admin["access"])
        self.assert_status(r, 204)

    def test_after_suspension(self):
        user = self.server.make_user()
        self.suspend(user)
        self.assert_refused_everywhere(user["access"], self.USER_ROUTES)

    def test_after_deleting_the_account(self):
        user = self.server.make_user()
        self.assert_status(self.delete("/users/me", token=user["access"]),
                           204)
        self.assert_refused_everywhere(user["access"], self.USER_ROUTES)

    def test_tokens_from_before_a_suspension_stay_dead_after_restore(self):
        user = self.server.make_user()
        self.suspend(user)
        self.suspend(user, "restore")
        self.assert_refused_everywhere(user["access"], self.USER_ROUTES)
        self.assert_problem(self.post("/auth/reissue",
                                      {"refreshToken": user["refresh"]}),
                            401)

    def test_tokens_from_before_a_deletion_stay_dead_after_reactivation(self):
        user = self.server.make_user()
        other = self.server.login(dict(user))
        self.assert_status(self.delete("/users/me", token=user["access"]),
                           204)
        self.server.login(user)  # within 90 days: ACTIVE again
        self.assert_refused_everywhere(other["access"], self.USER_ROUTES)
        self.assert_status(self.get("/users/me", token=user["access"]), 200)

    def test_admin_routes_after_logout_and_after_losing_the_role(self):
        admin = self.server.make_admin()
        second = self.server.login(dict(admin))
        self.assert_status(self.post("/auth/logout", token=admin["access"]),
                           204)
        self.assert_refused_everywhere(admin["access"], self.admin_routes())
        r = self.delete("/auth/roles/remove" + query(userId=admin["id"],
                                                     role="ADMIN"),
                        token=self.admin["access"])
        self.assert_status(r, 200)
        self.assert_refused_everywhere(second["access"],
                                       self.admin_routes(), 403)
        self.assert_status(self.get("/users/me", token=second["access"]),
                           200)


if __name__ == "__main__":
    unittest.main()
