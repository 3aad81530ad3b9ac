"""HTTP conventions: unknown routes and methods, request ids, the JSON
access log (without secrets), CORS, health, the OpenAPI document and the
web front-end."""

import json
import re
import unittest

from harness import ServerTestCase, query, unique

ALLOWED_ORIGIN = "http://ok.example"

# Every (path, method) this suite's servers answer; /openapi.json must
# describe each of them.
ANSWERED = {
    "/auth/signup": ["post"],
    "/auth/login": ["post"],
    "/auth/reissue": ["post"],
    "/auth/logout": ["post"],
    "/users/logout": ["delete"],
    "/users/me": ["get", "patch", "delete"],
    "/users/update": ["put"],
    "/users/delete": ["delete"],
    "/auth/roles": ["post"],
    "/auth/roles/remove": ["delete"],
    "/auth/suspend": ["delete"],
    "/auth/restore": ["patch"],
    "/oauth2/authorization/google": ["get"],
    "/login/oauth2/code/google": ["get"],
    "/actuator/health": ["get"],
    "/health": ["get"],
    "/notifications": ["get"],
    "/notifications/read-all": ["patch"],
    "/notifications/1/read": ["patch"],
    "/notifications/1": ["delete"],
    "/daily-questions/today": ["get"],
    "/daily-questions": ["get", "post"],
    "/daily-questions/inactive": ["get"],
    "/daily-questions/deleted": ["get"],
    "/daily-questions/1": ["get", "put", "delete"],
    "/daily-questions/1/inactive": ["patch"],
    "/daily-questions/1/activate/restore": ["patch"],
    "/daily-questions/1/restore": ["patch"],
    "/daily-questions/1/daily-answers": ["get", "post"],
    "/daily-questions/daily-answers/hide": ["get"],
    "/daily-questions/daily-answers/1": ["put", "delete"],
    "/daily-questions/daily-answers/1/hide": ["patch"],
    "/daily-questions/daily-answers/1/visibility/restore": ["patch"],
    "/daily-questions/daily-answers/1/restore": ["patch"],
    "/daily-questions/users/1/daily-answers/deleted": ["get"],
    "/places": ["get", "post"],
    "/places/rank": ["get"],
    "/places/1": ["get", "put", "delete"],
    "/places/1/restore": ["patch"],
    "/places/1/like": ["put", "delete", "post"],
    "/places/1/reviews": ["get", "post"],
    "/places/1/reviews/2": ["put", "delete"],
    "/places/1/reviews/2/restore": ["patch"],
    "/places/1/reports": ["post"],
    "/places/1/reports/2": ["patch"],
    "/files/presign": ["post"],
    "/files/0123456789abcdef0123456789abcdef/upload": ["put"],
    "/files/0123456789abcdef0123456789abcdef": ["get"],
    "/pets": ["post", "get"],
    "/pets/1": ["get", "put", "delete"],
    "/pets/1/restore": ["patch"],
    "/pets/images/1": ["delete"],
    "/users/albums": ["post", "get"],
    "/users/my/albums": ["get"],
    "/users/7/albums": ["get"],
    "/users/albums/1": ["get", "put", "delete"],
    "/users/albums/1/visibility": ["patch"],
    "/users/albums/1/images": ["post"],
    "/users/albums/images/1": ["delete"],
    "/owner-boards": ["get", "post"],
    "/owner-boards/1": ["get", "put", "delete"],
    "/owner-boards/1/restore": ["patch"],
    "/owner-boards/1/images": ["post"],
    "/owner-boards/1/images/1": ["delete"],
    "/owner-boards/1/comments": ["get", "post"],
    "/owner-boards/1/comments/1": ["put", "delete"],
    "/trade-boards": ["get", "post"],
    "/trade-boards/my-board": ["get"],
    "/trade-boards/1": ["get", "put", "patch"],
    "/trade-boards/1/images": ["post"],
    "/trade-boards/1/images/1": ["delete"],
}

SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def documented(paths, path):
    """The path item of an OpenAPI `paths` object that describes path,
    literally or through a template (/oauth2/authorization/{provider})."""
    if path in paths:
        return paths[path]
    for template, item in paths.items():
        pattern = re.sub(r"\\\{[^/]*?\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            return item
    return None


class HttpTest(ServerTestCase):
    server_args = ("--cors-origins", ALLOWED_ORIGIN)

    def test_unknown_route(self):
        for path in ("/nope", "/auth/nope", "/users/me/extra", "/api/x"):
            self.assert_problem(self.get(path), 404)

    def test_wrong_method(self):
        r = self.get("/auth/login")
        self.assert_problem(r, 405)
        self.assertIn("POST", r.headers.get("Allow", ""))
        r = self.server.request("PUT", "/auth/signup")
        self.assert_problem(r, 405)
        self.assertIn("POST", r.headers.get("Allow", ""))
        r = self.post("/users/me", {})
        self.assert_problem(r, 405)
        allow = {m.strip() for m in r.headers.get("Allow", "").split(",")}
        self.assertLessEqual({"GET", "PATCH", "DELETE"}, allow)

    def test_every_response_has_a_request_id(self):
        user = self.server.make_user()
        responses = [
            self.get("/health"), self.get("/nope"), self.get("/auth/login"),
            self.get("/users/me"), self.get("/users/me", token=user["access"]),
            self.post("/auth/signup", {}),
            self.post("/auth/logout", token=user["access"]),
            self.server.request("OPTIONS", "/auth/login", headers={
                "Origin": ALLOWED_ORIGIN,
                "Access-Control-Request-Method": "POST"}),
        ]
        seen = set()
        for r in responses:
            rid = r.headers.get("X-Request-Id")
            self.assertTrue(rid, "no X-Request-Id on %d" % r.status)
            self.assertRegex(rid, SANE_ID)
            seen.add(rid)
        self.assertEqual(len(seen), len(responses), "request ids repeat")

    def test_sane_request_id_is_echoed(self):
        rid = "e2e-" + unique("rid")
        r = self.get("/health", headers={"X-Request-Id": rid})
        self.assertEqual(r.headers.get("X-Request-Id"), rid)
        r = self.get("/nope", headers={"X-Request-Id": rid})
        self.assertEqual(r.headers.get("X-Request-Id"), rid)

    def test_insane_request_id_is_replaced(self):
        for bad in ("x" * 500, "has spaces in it", "a\tb", "<script>",
                    'quote"d'):
            r = self.get("/health", headers={"X-Request-Id": bad})
            rid = r.headers.get("X-Request-Id")
            self.assertTrue(rid)
            self.assertNotEqual(rid, bad)
            self.assertRegex(rid, SANE_ID)

    def test_cors_preflight_allowed_origin(self):
        r = self.server.request("OPTIONS", "/auth/login", headers={
            "Origin": ALLOWED_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers":
                "authorization, content-type, idempotency-key"})
        self.assertIn(r.status, (200, 204), r.text)
        self.assertEqual(r.headers.get("Access-Control-Allow-Origin"),
                         ALLOWED_ORIGIN)
        allowed = {h.strip().lower() for h in r.headers.get(
            "Access-Control-Allow-Headers", "").split(",")}
        self.assertLessEqual(
            {"authorization", "content-type", "idempotency-key"}, allowed)
        methods = r.headers.get("Access-Control-Allow-Methods", "")
        self.assertIn("POST", methods)

    def test_cors_simple_request_allowed_origin(self):
        r = self.get("/health", headers={"Origin": ALLOWED_ORIGIN})
        self.assert_status(r, 200)
        self.assertEqual(r.headers.get("Access-Control-Allow-Origin"),
                         ALLOWED_ORIGIN)
        # a feed's Link to its next page is readable across origins
        self.assertIn("Link", [h.strip() for h in r.headers.get(
            "Access-Control-Expose-Headers", "").split(",")])

    def test_cors_disallowed_origin(self):
        for origin in ("http://evil.example", "http://ok.example.evil",
                       "null"):
            r = self.server.request("OPTIONS", "/auth/login", headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization"})
            self.assertIsNone(r.headers.get("Access-Control-Allow-Origin"),
                              origin)
            r = self.get("/health", headers={"Origin": origin})
            self.assertIsNone(r.headers.get("Access-Control-Allow-Origin"),
                              origin)

    def test_health(self):
        for path in ("/actuator/health", "/health"):
            r = self.get(path)
            self.assert_status(r, 200)
            self.assertEqual(r.body["status"], "UP")

    def test_openapi_lists_every_answered_path(self):
        r = self.get("/openapi.json")
        self.assert_status(r, 200)
        doc = json.loads(r.raw)
        self.assertRegex(doc.get("openapi", ""), r"^3\.1\.\d+$")
        self.assertIn("info", doc)
        paths = doc.get("paths", {})
        for path, methods in ANSWERED.items():
            item = documented(paths, path)
            self.assertIsNotNone(item, "openapi.json lacks %s" % path)
            for method in methods:
                self.assertIn(method, item, "openapi.json lacks %s %s"
                              % (method.upper(), path))

    def test_web_front_end(self):
        r = self.get("/")
        self.assert_status(r, 302)
        self.assertEqual(r.headers.get("Location"), "/app/places")
        r = self.get("/app/places")
        self.assert_status(r, 200)
        self.assertTrue(r.headers.get("Content-Type", "").startswith(
            "text/html"))
        self.assertIn("<html", r.text.lower())


class CorsAnyOriginTest(ServerTestCase):
    server_args = ("--cors-origins", "*")

    def test_any_origin_is_allowed(self):
        for origin in ("http://a.example", "https://b.example:8443"):
            r = self.get("/health", headers={"Origin": origin})
            self.assertEqual(r.headers.get("Access-Control-Allow-Origin"),
                             origin)
            self.assertIn("Origin", r.headers.get("Vary", ""))
            r = self.server.request("OPTIONS", "/users/me", headers={
                "Origin": origin, "Access-Control-Request-Method": "PATCH",
                "Access-Control-Request-Headers": "authorization"})
            self.assertEqual(r.headers.get("Access-Control-Allow-Origin"),
                             origin)
            self.assertIn("PATCH", r.headers.get(
                "Access-Control-Allow-Methods", ""))
        r = self.get("/health")
        self.assertIsNone(r.headers.get("Access-Control-Allow-Origin"))


class NoCorsTest(ServerTestCase):

    def test_without_configuration_no_origin_is_allowed(self):
        r = self.server.request("OPTIONS", "/auth/login", headers={
            "Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "POST"})
        self.assertIsNone(r.headers.get("Access-Control-Allow-Origin"))
        r = self.get("/health", headers={"Origin": ALLOWED_ORIGIN})
        self.assertIsNone(r.headers.get("Access-Control-Allow-Origin"))


class AccessLogTest(ServerTestCase):
    """The access log (stderr) is JSON, one line per request, with the
    request id and without passwords, tokens or query strings; nor does
    any other log line carry them, at the most verbose level."""
    server_args = ("--log-level", "debug")

    def test_access_log(self):
        server = self.server
        ids = []
        secrets = []

        def call(method, path, **kw):
            r = server.request(method, path, **kw)
            ids.append(r.headers.get("X-Request-Id"))
            return r

        email = unique("log") + "@example.com"
        password = "pw-SECRET-" + unique("p")
        secrets.append(password)
        r = call("POST", "/auth/signup", body={
            "email": email, "password": password, "nickname": "logger"})
        self.assert_status(r, 201)
        r = call("POST", "/auth/login", body={"email": email,
                                              "password": password})
        self.assert_status(r, 200)
        access, refresh = r.body["accessToken"], r.body["refreshToken"]
        secrets += [access, refresh, access.split(".")[2]]
        call("GET", "/users/me", token=access)
        r = call("POST", "/auth/reissue", body={"refreshToken": refresh})
        self.assert_status(r, 200)
        access2, refresh2 = r.body["accessToken"], r.body["refreshToken"]
        secrets += [access2, refresh2]
        marker = "QUERYMARKER" + unique("q")
        secrets.append(marker)
        call("GET", "/users/me" + query(q=marker), token=access2)
        call("GET", "/users/me" + query(access_token=access2))
        wrong = "WRONG-" + unique("pw")
        secrets.append(wrong)
        call("POST", "/auth/login", body={"email": email, "password": wrong})
        call("GET", "/health?" + marker)

        self.assertEqual(server.stop(), 0, server.log_tail())
        lines = [l for l in server.log_text().splitlines() if l.strip()]
        records = []
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                self.fail("not a JSON line in the access log: %r" % line)
            self.assertIsInstance(record, dict, line)
            records.append((line, record))
        for rid in ids:
            self.assertTrue(rid)
            matching = [line for line, rec in records
                        if rec.get("requestId") == rid and "status" in rec]
            self.assertEqual(len(matching), 1,
                             "request %s: %d log lines" % (rid,
                                                           len(matching)))
        text = server.log_text()
        for secret in secrets:
            self.assertNotIn(secret, text)
        self.assertNotIn("?", "".join(
            str(rec.get("path", "")) for _, rec in records))


if __name__ == "__main__":
    unittest.main()
