"""docs/openapi.json and the server's routing table describe the same
API: every (method, path) row of httpd/router.c, aliases included, is
documented, every documented operation is routed, and each operation's
`security` says what the row's auth column enforces."""

import json
import re
import unittest

import openapi_check

METHODS = ("get", "post", "put", "patch", "delete")

# The router's auth column -> the operation's `security`.
SECURITY = {
    "AUTH_NONE": [],                                # public
    "AUTH_OPTIONAL": [{}, {"bearerAuth": []}],      # a token is optional
    "AUTH_USER": [{"bearerAuth": []}],
    "AUTH_ADMIN": [{"bearerAuth": []}],
}


def routed():
    """{(method, template key): [router rows]}."""
    rows = {}
    for row in openapi_check.router_rows():
        key = (row[0].lower(), openapi_check.template_key(row[1]))
        rows.setdefault(key, []).append(row)
    return rows


def documented():
    with open(openapi_check.DOC_PATH, encoding="utf-8") as f:
        doc = json.load(f)
    ops = {}
    for path, item in doc["paths"].items():
        for method in METHODS:
            if method in item:
                ops[(method, openapi_check.template_key(path))] = (
                    path, item[method])
    return doc, ops


class OpenApiTest(unittest.TestCase):
    def test_router_and_document_agree(self):
        rows = routed()
        self.assertGreater(len(rows), 10, "could not read the routing table")
        doc, ops = documented()
        self.assertRegex(doc["openapi"], r"^3\.1\.\d+$")
        self.assertEqual(sorted(set(rows) - set(ops)), [],
                         "routed but undocumented")
        self.assertEqual(sorted(set(ops) - set(rows)), [],
                         "documented but not routed")
        # One row per (method, template): two would be two operations
        # sharing one path of the document.
        self.assertEqual([k for k, v in rows.items() if len(v) > 1], [])

    def test_aliases_are_documented(self):
        # Rows sharing a handler (aliases such as /health and
        # /actuator/health, DELETE /users/me and /users/delete) are each
        # an operation of their own.
        rows = openapi_check.router_rows()
        _, ops = documented()
        by_handler = {}
        for row in rows:
            by_handler.setdefault(row[2], []).append(row)
        aliases = [r for group in by_handler.values() if len(group) > 1
                   for r in group]
        self.assertGreater(len(aliases), 4)
        for method, pattern, _, _ in aliases:
            self.assertTrue((method.lower(),
                             openapi_check.template_key(pattern)) in ops,
                            "alias %s %s is not documented" % (method,
                                                             pattern))

    def test_paths_differ_by_more_than_parameter_names(self):
        doc, _ = documented()
        seen = {}
        for path in doc["paths"]:
            key = openapi_check.template_key(path)
            self.assertNotIn(key, seen, "%s and %s are the same path" % (
                seen.get(key), path))
            seen[key] = path

    def test_security_follows_the_auth_column(self):
        _, ops = documented()
        for (method, key), group in routed().items():
            row = group[0]
            if (method, key) not in ops:
                continue  # test_router_and_document_agree says so
            path, op = ops[(method, key)]
            where = "%s %s (%s)" % (method.upper(), path, row[3])
            self.assertIn("security", op, where + ": no security")
            self.assertEqual(op["security"], SECURITY[row[3]], where)
            responses = op["responses"]
            if row[3] in ("AUTH_USER", "AUTH_ADMIN"):
                self.assertIn("401", responses, where)
            if row[3] == "AUTH_ADMIN":
                self.assertIn("403", responses, where)

    def test_every_reference_resolves(self):
        doc, _ = documented()
        text = json.dumps(doc)
        for ref in set(re.findall(r'"\$ref": "#/([^"]+)"', text)):
            node = doc
            for part in ref.split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                self.assertIn(part, node, "dangling $ref #/%s" % ref)
                node = node[part]

    def test_the_harness_finds_routes_as_the_router_does(self):
        # openapi_check.find_route takes the first matching row, as
        # router_match() does: literal rows listed first win.
        cases = {
            ("GET", "/daily-questions/daily-answers/hide"):
                "/daily-questions/daily-answers/hide",
            ("GET", "/daily-questions/7"): "/daily-questions/{id}",
            ("DELETE", "/pets/images/3"): "/pets/images/{imageId}",
            ("GET", "/trade-boards/my-board"): "/trade-boards/my-board",
            ("POST", "/chat/image"): "/chat/image",
            ("POST", "/chat/5"): "/chat/{tradeBoardId}",
            ("HEAD", "/chat/5"): "/chat/{roomId}",
            ("GET", "/app/places/3"): "/app/*",
            ("GET", "/static/assets/x.js"): "/static/*",
        }
        for (method, path), pattern in cases.items():
            row, _ = openapi_check.find_route(method, path)
            self.assertIsNotNone(row, path)
            self.assertEqual(row[1], pattern, path)
        self.assertEqual(openapi_check.find_route("GET", "/nope"),
                         (None, []))
        self.assertEqual(openapi_check.find_route("GET", "/app/")[0][1],
                         "/app/")
        row, allowed = openapi_check.find_route("PUT", "/chat/5")
        self.assertIsNone(row)
        self.assertEqual(sorted(allowed), ["DELETE", "GET", "POST"])


if __name__ == "__main__":
    unittest.main()
