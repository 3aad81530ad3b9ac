"""S3 storage: petory-httpd with --s3-* against a local S3 stand-in that
checks every SigV4 presigned URL independently (fake_s3.py).  Clients PUT
and GET the bytes on S3 directly; the server checks what arrived (type,
GPS tags) before a resource takes the key, and /files/{key} redirects to a
presigned GET.  The upload URL names an object of its own (upload<key>):
only the checked bytes are ever stored under the key and served."""

import http.client
import unittest
import urllib.parse

import images
from fake_s3 import FakeS3
from harness import Server, ServerTestCase, child_env, ctl

BUCKET = "petory-test"
ACCESS_KEY = "AKIDPETORYTEST"
SECRET_KEY = "petory/test+secret/key"
REGION = "eu-central-1"


def fetch(method, url, data=None, headers=None):
    """A request to an absolute URL: (status, headers, body)."""
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    try:
        path = u.path + ("?" + u.query if u.query else "")
        conn.request(method, path, body=data, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.headers, r.read()
    finally:
        conn.close()


class S3Case(ServerTestCase):
    """A server on its own fake S3."""

    @classmethod
    def setUpClass(cls):
        cls.s3 = FakeS3(BUCKET, ACCESS_KEY, SECRET_KEY, REGION)
        cls.addClassCleanup(cls.s3.close)
        cls.server = Server(("--s3-bucket", BUCKET, "--s3-region", REGION,
                             "--s3-endpoint", cls.s3.url, "--s3-path-style",
                             "--s3-access-key", ACCESS_KEY,
                             "--s3-secret-key", SECRET_KEY))
        cls.addClassCleanup(cls.server.cleanup)

    def setUp(self):
        self.user = self.server.make_user()

    def presign(self, data, ctype="image/png", purpose="pet"):
        return self.server.presign(self.user, data, ctype, purpose)

    def put(self, p, data, ctype=None):
        return fetch("PUT", p["uploadUrl"], data, {
            "Content-Type": ctype or p["headers"]["Content-Type"]})

    def make_pet(self, keys):
        return self.post("/pets", {"name": "Choco", "size": "SMALL",
                                   "species": "dog", "imageKeys": keys},
                         token=self.user["access"])


class S3Test(S3Case):

    def test_upload_url_is_a_presigned_s3_put(self):
        data = images.png()
        p = self.presign(data)
        u = urllib.parse.urlsplit(p["uploadUrl"])
        q = dict(urllib.parse.parse_qsl(u.query))
        self.assertEqual("%s://%s" % (u.scheme, u.netloc), self.s3.url)
        self.assertEqual(u.path, "/%s/upload%s" % (BUCKET, p["fileKey"]))
        self.assertEqual(q["X-Amz-SignedHeaders"],
                         "content-length;content-type;host")
        self.assertEqual(q["X-Amz-Expires"], "300")
        self.assertTrue(q["X-Amz-Credential"].startswith(ACCESS_KEY + "/"))
        self.assertTrue(q["X-Amz-Credential"].endswith(
            "/%s/s3/aws4_request" % REGION))
        # S3 refuses what the URL was not signed for
        status, _, body = self.put(p, data, "image/jpeg")
        self.assertEqual(status, 403, body)
        status, _, body = self.put(p, data + b"\0")
        self.assertEqual(status, 403, body)
        status, _, body = fetch("PUT", p["uploadUrl"].replace(
            p["fileKey"], "0" * 32), data, {"Content-Type": "image/png"})
        self.assertEqual(status, 403, body)
        status, _, body = self.put(p, data)
        self.assertEqual(status, 200, body)
        self.assertEqual(self.s3.objects["upload" + p["fileKey"]][1], data)
        self.assertNotIn(p["fileKey"], self.s3.objects)

    def test_pet_photo_through_s3_loses_its_gps(self):
        data = images.jpeg_with_gps()
        p = self.presign(data, "image/jpeg")
        self.assertEqual(self.put(p, data)[0], 200)
        r = self.make_pet([p["fileKey"]])
        self.assert_status(r, 201)
        url = r.body["images"][0]["url"]
        self.assertTrue(url.startswith(self.s3.url + "/" + BUCKET + "/"),
                        url)
        status, headers, body = fetch("GET", url)
        self.assertEqual(status, 200)
        self.assertEqual(images.read_exif(body)[1], {},
                         "GPS tags survived on S3")
        # nothing of EXIF but what renders: the camera goes too
        self.assertEqual(images.read_exif(body)[0], {})
        # /files/{key} redirects the owner to a presigned GET (pet photos
        # are private); anyone else learns nothing
        self.assert_problem(self.get("/files/" + p["fileKey"]), 404,
                            "FILE_NOT_FOUND")
        r = self.get("/files/" + p["fileKey"], token=self.user["access"])
        self.assert_status(r, 302)
        status, _, again = fetch("GET", r.headers["Location"])
        self.assertEqual((status, again), (200, body))
        # the server's own requests were signed and accepted: it read
        # the upload, stored the checked bytes under the key and dropped
        # the upload
        self.assertIn(("GET", "upload" + p["fileKey"], 200), self.s3.log)
        self.assertIn(("PUT", p["fileKey"], 200), self.s3.log)
        self.assertIn(("DELETE", "upload" + p["fileKey"], 204), self.s3.log)
        self.assertNotIn("upload" + p["fileKey"], self.s3.objects)

    def test_a_live_upload_url_cannot_replace_checked_bytes(self):
        data = images.jpeg_with_gps()
        p = self.presign(data, "image/jpeg")
        self.assertEqual(self.put(p, data)[0], 200)
        r = self.make_pet([p["fileKey"]])
        self.assert_status(r, 201)
        image_id = r.body["images"][0]["id"]
        url = r.body["images"][0]["url"]
        status, _, checked = fetch("GET", url)
        self.assertEqual(status, 200)
        self.assertEqual(images.read_exif(checked)[1], {})
        # the URL is still valid: the GPS original and non-image bytes of
        # the signed size are put again, and neither is ever served
        for again in (data, b"<script>alert(1)</script>".ljust(len(data))):
            with self.subTest(again=again[:8]):
                self.assertEqual(self.put(p, again)[0], 200)
                status, _, served = fetch("GET", url)
                self.assertEqual((status, served), (200, checked))
                r = self.get("/files/" + p["fileKey"],
                             token=self.user["access"])
                self.assert_status(r, 302)
                self.assertEqual(fetch("GET", r.headers["Location"])[2],
                                 checked)
        # the pet's key is not taken again either
        self.assert_problem(self.make_pet([p["fileKey"]]), 409,
                            "FILE_ALREADY_USED")
        # removing the image removes both objects
        r = self.delete("/pets/images/%d" % image_id,
                        token=self.user["access"])
        self.assert_status(r, 204)
        self.assertNotIn(p["fileKey"], self.s3.objects)
        self.assertNotIn("upload" + p["fileKey"], self.s3.objects)

    def test_keys_that_never_reached_s3(self):
        p = self.presign(images.png())
        with self.unchanged_db():
            r = self.make_pet([p["fileKey"]])
            self.assert_problem(r, 409, "FILE_NOT_UPLOADED")

    def test_non_image_on_s3_is_refused_and_removed(self):
        data = b"definitely not a picture, only words" * 3
        p = self.presign(data, "image/png")
        self.assertEqual(self.put(p, data)[0], 200)
        with self.unchanged_db():
            r = self.make_pet([p["fileKey"]])
            self.assert_problem(r, 415, "UNSUPPORTED_MEDIA_TYPE")
        self.assertNotIn("upload" + p["fileKey"], self.s3.objects)
        self.assertNotIn(p["fileKey"], self.s3.objects)
        # the URL takes good bytes of the signed size while it lives
        good = images.png()
        good += b"\0" * (len(data) - len(good))
        self.assertEqual(self.put(p, good)[0], 200)
        self.assert_status(self.make_pet([p["fileKey"]]), 201)

    def test_private_album_on_s3(self):
        data = images.png()
        p = self.presign(data, purpose="album")
        self.assertEqual(self.put(p, data)[0], 200)
        r = self.post("/users/albums", {"albumVisibility": "PRIVATE",
                                        "imageKeys": [p["fileKey"]]},
                      token=self.user["access"])
        self.assert_status(r, 201)
        status, _, body = fetch("GET", r.body["images"][0]["url"])
        self.assertEqual((status, body), (200, data))
        stranger = self.server.make_user()
        for token in (None, stranger["access"]):
            self.assert_problem(self.get("/files/" + p["fileKey"],
                                         token=token), 404)
            self.assert_problem(self.get(
                "/users/albums/%d" % r.body["albumId"], token=token), 404)
        r = self.get("/files/" + p["fileKey"], token=self.user["access"])
        self.assert_status(r, 302)

    def test_gc_removes_unused_objects_from_s3(self):
        data = images.png()
        p = self.presign(data)
        self.assertEqual(self.put(p, data)[0], 200)
        self.assertIn("upload" + p["fileKey"], self.s3.objects)
        env = dict(child_env(), PETORY_S3_BUCKET=BUCKET,
                   PETORY_S3_REGION=REGION, PETORY_S3_ENDPOINT=self.s3.url,
                   PETORY_S3_ACCESS_KEY=ACCESS_KEY,
                   PETORY_S3_SECRET_KEY=SECRET_KEY, PETORY_S3_PATH_STYLE="1")
        r = ctl("--db", self.server.db, "files", "gc", "--older-than", "0",
                env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("upload" + p["fileKey"], self.s3.objects)
        self.assertIn(("DELETE", "upload" + p["fileKey"], 204), self.s3.log)

    def test_place_images_on_s3(self):
        admin = self.server.make_admin()
        data = images.jpeg_with_gps()
        p = self.server.presign(admin, data, "image/jpeg", "place")
        self.assertEqual(self.put(p, data)[0], 200)
        r = self.post("/places", {
            "placeName": "S3 카페 %s" % p["fileKey"][:8], "placeType": "CAFE",
            "address": "서울 S3 %s" % p["fileKey"][:8], "latitude": 1.0,
            "longitude": 2.0, "imageKeys": [p["fileKey"]]},
            token=admin["access"])
        self.assert_status(r, 201)
        place = r.body
        prefix = self.s3.url + "/" + BUCKET + "/"
        self.assertTrue(place["imageUrl"].startswith(prefix),
                        place["imageUrl"])
        status, _, body = fetch("GET", place["imageUrl"])
        self.assertEqual(status, 200)
        self.assertEqual(images.read_exif(body)[1], {},
                         "GPS tags survived on S3")
        listed = self.get("/places?placeName=" + urllib.parse.quote(
            place["placeName"])).body["content"]
        self.assertTrue(listed[0]["imageUrl"].startswith(prefix))
        # a key whose bytes never reached S3 is refused on add
        missing = self.server.presign(admin, images.png(), purpose="place")
        with self.unchanged_db():
            r = self.post("/places/%d/images" % place["id"],
                          {"imageKeys": [missing["fileKey"]]},
                          token=admin["access"])
            self.assert_problem(r, 409, "FILE_NOT_UPLOADED")


class S3DownTest(S3Case):

    def test_an_unreachable_s3_is_a_503_and_changes_nothing(self):
        data = images.png()
        p = self.presign(data)
        self.assertEqual(self.put(p, data)[0], 200)
        self.s3.close()
        with self.unchanged_db():
            r = self.make_pet([p["fileKey"]])
            self.assert_problem(r, 503, "STORAGE_UNAVAILABLE")


if __name__ == "__main__":
    unittest.main()
