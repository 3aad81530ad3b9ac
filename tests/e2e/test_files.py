"""Files: POST /files/presign, PUT <uploadUrl> (local storage, streamed
through petory-httpd) and GET /files/{key}.  Upload URLs are also signed
here, independently of the server, with the known files key: expired and
altered ones must be refused, and nothing of a refused upload may stay
on disk."""

import json
import time
import unittest
import urllib.parse

import images
from harness import (ServerTestCase, ctl, query, sign_download,
                     sign_upload, sqlite_only)

MAX_UPLOAD = 200000


def url_parts(upload_url):
    """(key, expires, signature) of an upload URL."""
    u = urllib.parse.urlsplit(upload_url)
    q = urllib.parse.parse_qs(u.query)
    key = u.path.split("/")[2]
    return key, int(q["expires"][0]), q["signature"][0]


class FilesTest(ServerTestCase):
    server_args = ("--max-upload-size", str(MAX_UPLOAD))

    def setUp(self):
        self.user = self.server.make_user()

    def presign(self, data, content_type="image/png", **kw):
        return self.server.presign(self.user, data, content_type, **kw)

    def put_raw(self, url, data, content_type="image/png", headers=None):
        return self.server.request("PUT", url, raw=data,
                                   content_type=content_type,
                                   headers=headers)

    def file_state(self, key):
        rows = self.server.db_query(
            "SELECT state, stored_size FROM files WHERE key = ?", key)
        return rows[0] if rows else None

    def assert_nothing_stored(self, key):
        self.assertEqual([f for f in self.server.stored_files()
                          if key in f], [], "bytes of %s were kept" % key)
        self.assertEqual(self.file_state(key)[0], 0, "not PENDING again")

    # ---- presign ----

    def test_presign_answer(self):
        data = images.png()
        r = self.post("/files/presign", {
            "purpose": "pet", "filename": "choco.png",
            "contentType": "image/png", "size": len(data)},
            token=self.user["access"])
        self.assert_status(r, 201)
        body = r.body
        self.assertRegex(body["fileKey"], r"^[0-9a-f]{32}$")
        self.assertEqual(body["method"], "PUT")
        self.assertEqual(body["headers"], {"Content-Type": "image/png"})
        self.assert_rfc3339_utc(body["expiresAt"])
        key, expires, signature = url_parts(body["uploadUrl"])
        self.assertEqual(key, body["fileKey"])
        self.assertTrue(body["uploadUrl"].startswith(
            "/files/%s/upload?" % key))
        self.assertAlmostEqual(expires, time.time() + 300, delta=30)
        self.assertEqual(signature,
                         sign_upload(key, expires, "image/png", len(data)))
        self.assertNotIn("choco", key)
        # keys are random, never derived from the name
        other = self.presign(data)["fileKey"]
        self.assertNotEqual(other, key)

    def test_presign_validation(self):
        good = {"purpose": "album", "filename": "a.png",
                "contentType": "image/png", "size": 10}
        cases = [
            ({}, ("purpose", "filename", "contentType", "size")),
            (dict(good, purpose="avatar"), ("purpose",)),
            (dict(good, contentType="image/svg+xml"), ("contentType",)),
            (dict(good, contentType="text/plain"), ("contentType",)),
            (dict(good, contentType="application/pdf"), ("contentType",)),
            (dict(good, size=0), ("size",)),
            (dict(good, size=MAX_UPLOAD + 1), ("size",)),
            (dict(good, size="10"), ("size",)),
            (dict(good, filename=""), ("filename",)),
            (dict(good, filename="x" * 256), ("filename",)),
            (dict(good, purpose="chat"), ("chatRoomId",)),
            # a missing field is named with the bad values, all at once
            ({"purpose": "avatar", "filename": "a.png"},
             ("purpose", "contentType", "size")),
            ({"filename": "", "contentType": "text/plain"},
             ("purpose", "filename", "contentType", "size")),
            ({"filename": 5}, ("purpose", "filename", "contentType", "size")),
        ]
        for body, fields in cases:
            with self.subTest(body=body), self.unchanged_db():
                r = self.post("/files/presign", body,
                              token=self.user["access"])
                self.assert_problem(r, 400, "INVALID_PARAMETER", fields)
        with self.unchanged_db():
            self.assert_unauthorized(self.post("/files/presign", good))
            r = self.post("/files/presign", dict(good, purpose="chat",
                                                 chatRoomId=1),
                          token=self.user["access"])
            self.assert_problem(r, 404, "CHAT_ROOM_NOT_FOUND")

    # ---- uploads ----

    def test_every_image_type_round_trips(self):
        for ctype, data in (("image/png", images.png()),
                            ("image/gif", images.gif()),
                            ("image/webp", images.webp()),
                            ("image/jpeg", images.image_bytes("JPEG"))):
            with self.subTest(ctype=ctype):
                p = self.presign(data, ctype)
                r = self.put_raw(p["uploadUrl"], data, ctype)
                self.assert_status(r, 201)
                self.assertEqual(r.body["fileKey"], p["fileKey"])
                self.assertEqual(r.headers.get("Location"),
                                 "/files/" + p["fileKey"])
                r = self.get("/files/" + p["fileKey"],
                             token=self.user["access"])
                self.assert_status(r, 200)
                self.assertEqual(r.raw, data)
                self.assertEqual(r.headers["Content-Type"], ctype)
                self.assertEqual(self.file_state(p["fileKey"]),
                                 (2, len(data)))

    def test_jpeg_loses_its_gps_tags(self):
        data = images.jpeg_with_gps()
        tags, gps = images.read_exif(data)
        self.assertEqual(gps[1], "N")
        key = self.server.upload(self.user, data, "image/jpeg")
        r = self.get("/files/" + key, token=self.user["access"])
        self.assert_status(r, 200)
        tags, gps = images.read_exif(r.raw)
        self.assertEqual(gps, {}, "GPS tags survived the upload")
        self.assertNotIn(images.GPS_TAG, tags)
        self.assertEqual(tags, {}, "only what renders may stay: not the "
                         "camera either")
        self.assertEqual(images.decodes(r.raw), (64, 48))
        self.assertLess(len(r.raw), len(data))
        self.assertEqual(self.file_state(key), (2, len(r.raw)))
        # the coordinates are gone from the stored bytes too
        stored = [f for f in self.server.stored_files() if key in f]
        with open(self.server.files + "/" + stored[0], "rb") as f:
            self.assertEqual(f.read(), r.raw)

    def test_non_image_bytes_are_refused(self):
        for ctype, data in (
                ("image/png", b"this is not an image at all, just text"),
                ("image/png", images.image_bytes("JPEG")),
                ("image/jpeg", images.png()),
                ("image/gif", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
                ("image/webp", b"RIFF\x10\x00\x00\x00WAVEfmt "),
                ("image/jpeg", b"\xff\xd8\xff"),  # headers cut short
                ("image/png", b"\x89PNG")):
            with self.subTest(ctype=ctype, data=data[:12]):
                p = self.presign(data, ctype)
                with self.unchanged_db():
                    r = self.put_raw(p["uploadUrl"], data, ctype)
                    self.assert_problem(r, 415, "UNSUPPORTED_MEDIA_TYPE")
                self.assert_nothing_stored(p["fileKey"])
                self.assert_problem(self.get("/files/" + p["fileKey"],
                                             token=self.user["access"]),
                                    404, "FILE_NOT_FOUND")

    def test_failed_upload_can_be_retried(self):
        good = images.png()
        bad = b"x" * len(good)
        p = self.presign(good)
        self.assert_problem(self.put_raw(p["uploadUrl"], bad), 415)
        self.assert_nothing_stored(p["fileKey"])
        self.assert_status(self.put_raw(p["uploadUrl"], good), 201)
        # a key gets its bytes once
        with self.unchanged_db():
            r = self.put_raw(p["uploadUrl"], good)
            self.assert_problem(r, 409, "FILE_ALREADY_UPLOADED")

    def test_content_type_header_must_match(self):
        data = images.png()
        p = self.presign(data)
        with self.unchanged_db():
            r = self.put_raw(p["uploadUrl"], data, "image/jpeg")
            self.assert_problem(r, 415, "UNSUPPORTED_MEDIA_TYPE")
        self.assert_nothing_stored(p["fileKey"])

    def test_bad_and_expired_urls(self):
        data = images.png()
        p = self.presign(data)
        key, expires, signature = url_parts(p["uploadUrl"])
        other = self.presign(data)["fileKey"]
        flipped = ("0" if signature[0] != "0" else "1") + signature[1:]
        cases = {
            "altered signature": "/files/%s/upload%s" % (key, query(
                expires=expires, signature=flipped)),
            "later expiry": "/files/%s/upload%s" % (key, query(
                expires=expires + 3600, signature=signature)),
            "another key": "/files/%s/upload%s" % (other, query(
                expires=expires, signature=signature)),
            "unknown key": "/files/%s/upload%s" % ("0" * 32, query(
                expires=expires, signature=signature)),
            "no signature": "/files/%s/upload%s" % (key, query(
                expires=expires)),
            "no query": "/files/%s/upload" % key,
            "malformed key": "/files/%2e%2e/upload" + query(
                expires=expires, signature=signature),
        }
        for name, url in cases.items():
            with self.subTest(name), self.unchanged_db():
                r = self.put_raw(url, data)
                self.assert_problem(r, 403, "INVALID_UPLOAD_URL")
        # an expired URL with a valid signature
        past = int(time.time()) - 10
        url = "/files/%s/upload%s" % (key, query(
            expires=past, signature=sign_upload(key, past, "image/png",
                                                len(data))))
        with self.unchanged_db():
            self.assert_problem(self.put_raw(url, data), 403,
                                "UPLOAD_URL_EXPIRED")
        self.assert_nothing_stored(key)
        # the real URL still works
        self.assert_status(self.put_raw(p["uploadUrl"], data), 201)

    def test_oversized_upload_refused_before_reading(self):
        data = images.png()
        p = self.presign(data)
        head = ("PUT %s HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                "Content-Length: %d\r\n\r\n" % (p["uploadUrl"],
                                                len(data) + 1)).encode()
        with self.unchanged_db():
            status, _, body = self.server.raw_exchange(head, data + b"x")
        self.assertEqual(status, 413, body)
        self.assertIn(b"FILE_TOO_LARGE", body)
        self.assert_nothing_stored(p["fileKey"])

    def test_oversized_chunked_upload(self):
        data = images.png()
        p = self.presign(data)
        extra = data + b"\0" * 5000
        chunks = b""
        for i in range(0, len(extra), 1000):
            piece = extra[i:i + 1000]
            chunks += b"%x\r\n%s\r\n" % (len(piece), piece)
        chunks += b"0\r\n\r\n"
        head = ("PUT %s HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                "Transfer-Encoding: chunked\r\n\r\n" % p["uploadUrl"]).encode()
        with self.unchanged_db():
            status, _, body = self.server.raw_exchange(head, chunks)
        self.assertEqual(status, 413, body)
        self.assert_nothing_stored(p["fileKey"])
        # within the size, chunked is fine
        chunks = b"%x\r\n%s\r\n0\r\n\r\n" % (len(data), data)
        status, _, body = self.server.raw_exchange(head, chunks)
        self.assertEqual(status, 201, body)

    def test_short_upload(self):
        data = images.png()
        p = self.presign(data + b"\0\0\0\0")
        with self.unchanged_db():
            r = self.put_raw(p["uploadUrl"], data)
            self.assert_problem(r, 400, "UPLOAD_SIZE_MISMATCH")
        self.assert_nothing_stored(p["fileKey"])

    # ---- downloads ----

    def test_download_headers_and_conditional_get(self):
        data = images.png()
        key = self.server.upload(self.user, data)
        r = self.get("/files/" + key, token=self.user["access"])
        self.assert_status(r, 200)
        etag = r.headers["ETag"]
        self.assertEqual(etag, '"%s"' % key)
        self.assertIn("max-age", r.headers["Cache-Control"])
        self.assertEqual(r.headers["X-Content-Type-Options"], "nosniff")
        r = self.get("/files/" + key, token=self.user["access"],
                     headers={"If-None-Match": etag})
        self.assert_status(r, 304)
        self.assertEqual(r.raw, b"")
        self.assertEqual(r.headers["ETag"], etag)
        r = self.server.request("HEAD", "/files/" + key,
                                token=self.user["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.raw, b"")

    def test_unattached_files_are_private(self):
        data = images.png()
        key = self.server.upload(self.user, data)
        stranger = self.server.make_user()
        for token in (None, stranger["access"]):
            with self.subTest(token=bool(token)):
                self.assert_problem(self.get("/files/" + key, token=token),
                                    404, "FILE_NOT_FOUND")
        # a signed URL opens it, until it expires
        expires = int(time.time()) + 600
        good = "/files/%s%s" % (key, query(
            expires=expires, signature=sign_download(key, expires)))
        r = self.get(good)
        self.assert_status(r, 200)
        self.assertEqual(r.raw, data)
        self.assertTrue(r.headers["Cache-Control"].startswith("private"))
        past = int(time.time()) - 1
        for url in ("/files/%s%s" % (key, query(
                        expires=past, signature=sign_download(key, past))),
                    "/files/%s%s" % (key, query(
                        expires=expires + 1,
                        signature=sign_download(key, expires))),
                    "/files/%s%s" % (key, query(
                        expires=expires, signature="0" * 64))):
            with self.subTest(url=url):
                self.assert_problem(self.get(url), 404, "FILE_NOT_FOUND")

    def test_files_that_may_turn_private_are_cached_privately(self):
        # a public album's photo turns private with its album: a shared
        # cache that kept it would go on serving it to everyone
        key = self.server.upload(self.user, images.png(), "image/png",
                                 "album")
        r = self.post("/users/albums", {"albumVisibility": "PUBLIC",
                                        "imageKeys": [key]},
                      token=self.user["access"])
        self.assert_status(r, 201)
        r = self.get("/files/" + key)
        self.assert_status(r, 200)
        self.assertTrue(r.headers["Cache-Control"].startswith("private"),
                        r.headers["Cache-Control"])

    def test_unknown_and_malformed_keys(self):
        for key in ("0" * 32, "nope", "A" * 32, "%2e%2e"):
            with self.subTest(key=key):
                self.assert_problem(self.get("/files/" + key,
                                             token=self.user["access"]),
                                    404)

    def test_nothing_partial_on_disk(self):
        # after every refused upload of this class, no temporary file stays
        leftovers = [f for f in self.server.stored_files()
                     if f.startswith(".tmp/")]
        self.assertEqual(leftovers, [])


class FilesGcTest(ServerTestCase):
    """petoryctl files gc, on the running server's database and files."""

    def gc(self, *args):
        return ctl("--db", self.server.db, "--json", "files", "gc",
                   "--files", self.server.files, *args)

    def test_gc_removes_only_what_was_never_attached(self):
        user = self.server.make_user()
        used = self.server.upload(user, images.png())
        r = self.post("/pets", {"name": "Choco", "size": "SMALL",
                                "species": "dog", "imageKeys": [used]},
                      token=user["access"])
        self.assert_status(r, 201)
        unused = self.server.upload(user, images.gif(), "image/gif")
        pending = self.server.presign(user, images.png())["fileKey"]

        r = self.gc("--older-than", "3600")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout), {"removed": 0})

        r = self.gc("--older-than", "0")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout), {"removed": 2})
        keys = {k for (k,) in self.server.db_query("SELECT key FROM files")}
        self.assertIn(used, keys)
        self.assertNotIn(unused, keys)
        self.assertNotIn(pending, keys)
        stored = self.server.stored_files()
        self.assertTrue(any(used in f for f in stored))
        self.assertFalse(any(unused in f for f in stored))
        self.assert_status(self.get("/files/" + used,
                                    token=user["access"]), 200)
        # a removed key cannot be used any more
        r = self.post("/pets", {"name": "B", "size": "SMALL",
                                "species": "dog", "imageKeys": [unused]},
                      token=user["access"])
        self.assert_problem(r, 400, "INVALID_PARAMETER", ("imageKeys",))

        r = ctl("--db", self.server.db, "files", "gc", "--files",
                self.server.files, "--older-than", "0")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), "0 unused files removed")

    def test_gc_usage_errors(self):
        for args in (("--older-than", "-1"), ("--older-than", "abc"),
                     ("--nope",)):
            with self.subTest(args=args):
                r = self.gc(*args)
                self.assertEqual(r.returncode, 2, r.stderr)

    @sqlite_only("only init and user create make a missing database "
                 "file; a PostgreSQL database is never made")
    def test_gc_refuses_a_missing_database_file(self):
        r = ctl("--db", self.server.db + ".missing", "files", "gc")
        self.assertEqual(r.returncode, 3, r.stderr)


if __name__ == "__main__":
    unittest.main()
