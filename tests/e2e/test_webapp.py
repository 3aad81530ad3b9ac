"""The web app as petory-httpd serves it: /app/* answers the app's
index.html with its security headers, /static/ its bundles (gzip twins,
immutable caching, ETags), the original site's pages and / redirect into
/app, GET /config tells the app the server's settings, API paths never
answer HTML, and --web-dir serves a development build from disk."""

import gzip
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from harness import HTTPD, Server, ServerTestCase, child_env

MOVED = {
    "/login": "/app/login",
    "/petPlace": "/app/places",
    "/community": "/app/community",
    "/market": "/app/market",
    "/myCalendar": "/app/calendar",
}

IMMUTABLE = "public, max-age=31536000, immutable"


def csp_directives(header):
    """{directive: [sources]} of a Content-Security-Policy value."""
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


class WebAppCase(ServerTestCase):

    def assert_app_page(self, r):
        self.assertEqual(r.status, 200, r.text[:300])
        self.assertTrue(r.headers.get("Content-Type", "").startswith(
            "text/html"), r.headers.get("Content-Type"))
        self.assertEqual(r.headers.get("X-Content-Type-Options"), "nosniff")
        self.assertEqual(r.headers.get("Referrer-Policy"), "same-origin")
        self.assertEqual(r.headers.get("Cache-Control"), "no-cache")
        csp = csp_directives(r.headers.get("Content-Security-Policy", ""))
        self.assertEqual(csp.get("script-src"), ["'self'"])
        self.assertNotIn("'unsafe-inline'", csp.get("script-src", []))
        self.assertNotIn("'unsafe-eval'", csp.get("script-src", []))
        self.assertEqual(csp.get("default-src"), ["'self'"])
        self.assertEqual(csp.get("object-src"), ["'none'"])
        self.assertEqual(csp.get("base-uri"), ["'none'"])
        self.assertEqual(csp.get("frame-ancestors"), ["'none'"])
        self.assertEqual(csp.get("form-action"), ["'self'"])
        for source in ("'self'", "data:", "blob:"):
            self.assertIn(source, csp.get("img-src", []))
        self.assertIn("'self'", csp.get("connect-src", []))
        return csp


class EmbeddedAppTest(WebAppCase):
    """The embedded build, with the default configuration."""

    def index(self):
        r = self.get("/app/places")
        self.assert_app_page(r)
        return r

    def bundle(self, ext):
        """The /static/assets/….ext path index.html names."""
        m = re.search(r'(/static/assets/[A-Za-z0-9._-]+\.%s)"' % ext,
                      self.index().text)
        self.assertIsNotNone(m, "index.html names no .%s bundle" % ext)
        return m.group(1)

    def test_app_pages_answer_index_html(self):
        first = self.index()
        self.assertIn('id="app"', first.text)
        for path in ("/app", "/app/", "/app/places", "/app/pets/123",
                     "/app/auth/callback", "/app/a/b/c/d?x=1"):
            r = self.get(path)
            csp = self.assert_app_page(r)
            self.assertEqual(r.raw, first.raw, path)
            self.assertIn("https://tile.openstreetmap.org",
                          csp.get("img-src", []))
        r = self.server.request("HEAD", "/app/places")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.raw, b"")

    def test_index_revalidates(self):
        r = self.index()
        etag = r.headers["ETag"]
        self.assertRegex(etag, r'^"[0-9a-f]{16}"$')
        again = self.get("/app/pets/1", headers={"If-None-Match": etag})
        self.assertEqual(again.status, 304)
        self.assertEqual(again.raw, b"")

    def test_bundle_identity_and_gzip(self):
        path = self.bundle("js")
        plain = self.get(path)  # http.client asks for identity
        self.assertEqual(plain.status, 200, plain.text[:300])
        self.assertTrue(plain.headers["Content-Type"].startswith(
            "text/javascript"))
        self.assertIsNone(plain.headers.get("Content-Encoding"))
        self.assertIn("Accept-Encoding", plain.headers.get("Vary", ""))
        self.assertEqual(plain.headers.get("Cache-Control"), IMMUTABLE)
        self.assertEqual(plain.headers.get("X-Content-Type-Options"),
                         "nosniff")
        self.assertGreater(len(plain.raw), 100)

        zipped = self.get(path, headers={"Accept-Encoding": "br, gzip"})
        self.assertEqual(zipped.status, 200)
        self.assertEqual(zipped.headers.get("Content-Encoding"), "gzip")
        self.assertIn("Accept-Encoding", zipped.headers.get("Vary", ""))
        self.assertEqual(zipped.headers.get("Cache-Control"), IMMUTABLE)
        self.assertTrue(zipped.headers["Content-Type"].startswith(
            "text/javascript"))
        self.assertEqual(gzip.decompress(zipped.raw), plain.raw)
        self.assertLess(len(zipped.raw), len(plain.raw))
        self.assertNotEqual(zipped.headers["ETag"], plain.headers["ETag"])

        for refused in ("gzip;q=0", "identity", "deflate, br"):
            r = self.get(path, headers={"Accept-Encoding": refused})
            self.assertIsNone(r.headers.get("Content-Encoding"), refused)
            self.assertEqual(r.raw, plain.raw, refused)
        r = self.get(path, headers={"Accept-Encoding": "*"})
        self.assertEqual(r.headers.get("Content-Encoding"), "gzip")

        # each form revalidates with its own ETag
        r = self.get(path, headers={"If-None-Match": plain.headers["ETag"]})
        self.assertEqual(r.status, 304)
        self.assertEqual(r.headers.get("Cache-Control"), IMMUTABLE)
        r = self.get(path, headers={"Accept-Encoding": "gzip",
                                    "If-None-Match": zipped.headers["ETag"]})
        self.assertEqual(r.status, 304)
        r = self.get(path, headers={"Accept-Encoding": "gzip",
                                    "If-None-Match": plain.headers["ETag"]})
        self.assertEqual(r.status, 200)
        self.assertEqual(r.headers.get("Content-Encoding"), "gzip")

    def test_stylesheet_and_icon(self):
        text = self.index().text
        m = re.search(r'(/static/assets/[A-Za-z0-9._-]+\.css)"', text)
        if m:
            r = self.get(m.group(1))
            self.assertEqual(r.status, 200)
            self.assertTrue(r.headers["Content-Type"].startswith("text/css"))
            self.assertEqual(r.headers.get("Cache-Control"), IMMUTABLE)
        r = self.get("/static/favicon.svg")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.headers["Content-Type"], "image/svg+xml")
        self.assertEqual(r.headers.get("Cache-Control"), "no-cache")

    def test_original_pages_redirect_into_the_app(self):
        for path, target in dict(MOVED, **{"/": "/app/places"}).items():
            r = self.get(path)
            self.assertEqual(r.status, 302, path)
            self.assertEqual(r.headers.get("Location"), target, path)

    def test_config(self):
        r = self.get("/config")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.headers["Content-Type"], "application/json")
        self.assertEqual(r.body, {
            "oauth2Providers": [],
            "mapTileUrl": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "mapAttribution": "\u00a9 OpenStreetMap contributors",
            "maxUploadBytes": 10485760,
            "albumImageLimit": {"USER": 1, "ADMIN": 20},
            "languages": ["ko", "en"],
        })

    def test_api_paths_never_answer_html(self):
        html = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
        for path, status in (("/nope", 404), ("/app-nope", 404),
                             ("/users/me", 401), ("/static", 404),
                             ("/places/999999999", 404),
                             ("/static/assets/nope.js", 404)):
            r = self.get(path, headers=html)
            self.assertEqual(r.status, status, path)
            self.assertEqual(r.headers["Content-Type"],
                             "application/problem+json", path)
            self.assertEqual(r.body["status"], status, path)

    def test_traversal_and_hidden_names_are_refused(self):
        for target in ("/static/../openapi.json", "/static/%2e%2e/x",
                       "/static/assets/../../openapi.json",
                       "/static/.hidden", "/static/assets/.x.js",
                       "/static//favicon.svg", "/static/a%2f..%2fx",
                       "/static/../../../../etc/passwd"):
            status, head, body = self.server.raw_exchange(
                ("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                 % target).encode())
            self.assertIn(status, (400, 404), target)
            self.assertNotIn(b"root:", body, target)
            self.assertNotIn(b'"openapi"', body, target)


class ConfiguredAppTest(WebAppCase):
    """/config and the CSP follow the configuration."""

    server_args = (
        "--google-client-id", "web-client", "--google-client-secret", "s",
        "--map-tiles", "https://{s}.tiles.example.test:8443/{z}/{x}/{y}.png",
        "--map-attribution", "Example tiles",
        "--max-upload-size", "2048",
        "--album-images-user", "3", "--album-images-admin", "7")

    def test_config_follows_the_flags(self):
        r = self.get("/config")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body["oauth2Providers"], ["google"])
        self.assertEqual(r.body["mapTileUrl"],
                         "https://{s}.tiles.example.test:8443/{z}/{x}/{y}.png")
        self.assertEqual(r.body["mapAttribution"], "Example tiles")
        self.assertEqual(r.body["maxUploadBytes"], 2048)
        self.assertEqual(r.body["albumImageLimit"], {"USER": 3, "ADMIN": 7})

    def test_csp_allows_the_tile_origin(self):
        csp = self.assert_app_page(self.get("/app/places"))
        self.assertIn("https://*.tiles.example.test:8443", csp["img-src"])
        self.assertNotIn("https://tile.openstreetmap.org", csp["img-src"])
        self.assertEqual(csp["connect-src"], ["'self'"])


class S3OriginTest(WebAppCase):
    """With S3, uploads go to the endpoint: images and connections may."""

    server_args = ("--s3-bucket", "pet-bucket", "--s3-region", "eu-west-1",
                   "--s3-access-key", "AK", "--s3-secret-key", "SK")

    def test_csp_allows_the_bucket(self):
        csp = self.assert_app_page(self.get("/app"))
        origin = "https://pet-bucket.s3.eu-west-1.amazonaws.com"
        self.assertIn(origin, csp["img-src"])
        self.assertIn(origin, csp["connect-src"])


class BadTileUrlTest(unittest.TestCase):

    def test_refused(self):
        for url in ("javascript:alert(1)", "https://a.example/x;y",
                    "https://a.example/ x", "https://a.{s}.example/t.png",
                    "https://a.example/'x'"):
            r = subprocess.run([HTTPD, "--map-tiles", url, "--port", "0"],
                               capture_output=True, text=True, timeout=60,
                               env=child_env(), stdin=subprocess.DEVNULL,
                               cwd=tempfile.gettempdir())
            self.assertEqual(r.returncode, 2, url)
            self.assertIn("--map-tiles", r.stderr, url)


INDEX = b"<!doctype html><html><body><div id=\"app\">dev</div></body></html>"
BUNDLE = b"console.log('petory web-dir test');\n" * 50


class WebDirTest(WebAppCase):
    """--web-dir serves a build from disk, read at each request."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="petory-webdir-")
        cls.addClassCleanup(shutil.rmtree, cls.dir, True)
        os.makedirs(os.path.join(cls.dir, "assets"))
        with open(os.path.join(cls.dir, "index.html"), "wb") as f:
            f.write(INDEX)
        with open(os.path.join(cls.dir, "assets", "app-1a2b.js"), "wb") as f:
            f.write(BUNDLE)
        with open(os.path.join(cls.dir, "assets", "app-1a2b.js.gz"),
                  "wb") as f:
            f.write(gzip.compress(BUNDLE))
        with open(os.path.join(cls.dir, "plain.txt"), "wb") as f:
            f.write(b"no twin\n")
        os.symlink(os.path.join(cls.dir, "index.html"),
                   os.path.join(cls.dir, "assets", "link.js"))
        cls.server_args = ("--web-dir", cls.dir)
        super().setUpClass()

    def test_pages_come_from_the_directory(self):
        r = self.get("/app/market/3")
        self.assert_app_page(r)
        self.assertEqual(r.raw, INDEX)
        again = self.get("/app", headers={"If-None-Match": r.headers["ETag"]})
        self.assertEqual(again.status, 304)

    def test_files_and_their_gzip_twins(self):
        plain = self.get("/static/assets/app-1a2b.js")
        self.assertEqual(plain.status, 200)
        self.assertEqual(plain.raw, BUNDLE)
        self.assertIsNone(plain.headers.get("Content-Encoding"))
        self.assertIn("Accept-Encoding", plain.headers.get("Vary", ""))
        self.assertEqual(plain.headers.get("Cache-Control"), IMMUTABLE)
        zipped = self.get("/static/assets/app-1a2b.js",
                          headers={"Accept-Encoding": "gzip"})
        self.assertEqual(zipped.status, 200)
        self.assertEqual(zipped.headers.get("Content-Encoding"), "gzip")
        self.assertEqual(gzip.decompress(zipped.raw), BUNDLE)
        self.assertNotEqual(zipped.headers["ETag"], plain.headers["ETag"])
        r = self.get("/static/assets/app-1a2b.js",
                     headers={"Accept-Encoding": "gzip",
                              "If-None-Match": zipped.headers["ETag"]})
        self.assertEqual(r.status, 304)
        r = self.get("/static/plain.txt", headers={"Accept-Encoding": "gzip"})
        self.assertEqual(r.status, 200)
        self.assertIsNone(r.headers.get("Content-Encoding"))
        self.assertNotIn("Accept-Encoding", r.headers.get("Vary", ""))
        self.assertEqual(r.headers.get("Cache-Control"), "no-cache")

    def test_symlinks_and_missing_files_are_refused(self):
        for path in ("/static/assets/link.js", "/static/assets/none.js"):
            r = self.get(path)
            self.assertEqual(r.status, 404, path)
            self.assertEqual(r.headers["Content-Type"],
                             "application/problem+json")

    def test_old_flag_name(self):
        server = Server(["--web-root", self.dir])
        self.addCleanup(server.cleanup)
        r = server.request("GET", "/app/x")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.raw, INDEX)
        self.assertEqual(server.stop(), 0, server.log_tail())


class MissingAppTest(ServerTestCase):
    """A --web-dir without index.html: the app is not there (503), the
    API is."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="petory-webdir-")
        cls.addClassCleanup(shutil.rmtree, cls.dir, True)
        cls.server_args = ("--web-dir", cls.dir)
        super().setUpClass()

    def test_503(self):
        r = self.get("/app/places")
        self.assertEqual(r.status, 503)
        self.assertEqual(r.headers["Content-Type"],
                         "application/problem+json")
        self.assertEqual(r.body["detail"], "web app not built")
        self.assertEqual(self.get("/health").status, 200)


if __name__ == "__main__":
    unittest.main()
