"""docs/openapi.json and the server's routing table describe the same
API: every (method, path) row of httpd/router.c is documented, and every
documented operation is routed."""

import json
import os
import re
import unittest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
ROW = re.compile(r'^\s*\{\s*"(GET|POST|PUT|PATCH|DELETE)",\s*"([^"]+)",\s*route_')
METHODS = ("get", "post", "put", "patch", "delete")


def routed():
    rows = set()
    with open(os.path.join(ROOT, "httpd", "router.c"), encoding="utf-8") as f:
        for line in f:
            m = ROW.match(line)
            if m:
                path = re.sub(r"\{[^}]+\}", "{}", m.group(2).replace(
                    "/*", "/{path}"))
                rows.add((m.group(1).lower(), path))
    return rows


def documented():
    with open(os.path.join(ROOT, "docs", "openapi.json"),
              encoding="utf-8") as f:
        doc = json.load(f)
    ops = set()
    for path, item in doc["paths"].items():
        for method in METHODS:
            if method in item:
                ops.add((method, re.sub(r"\{[^}]+\}", "{}", path)))
    return doc, ops


class OpenApiTest(unittest.TestCase):
    def test_router_and_document_agree(self):
        rows = routed()
        self.assertGreater(len(rows), 10, "could not read the routing table")
        doc, ops = documented()
        self.assertRegex(doc["openapi"], r"^3\.1\.\d+$")
        self.assertEqual(sorted(rows - ops), [], "routed but undocumented")
        self.assertEqual(sorted(ops - rows), [], "documented but not routed")

    def test_every_reference_resolves(self):
        doc, _ = documented()
        text = json.dumps(doc)
        for ref in set(re.findall(r'"\$ref": "#/([^"]+)"', text)):
            node = doc
            for part in ref.split("/"):
                self.assertIn(part, node, "dangling $ref #/%s" % ref)
                node = node[part]


if __name__ == "__main__":
    unittest.main()
