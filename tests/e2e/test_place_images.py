"""Images of places over HTTP: an admin creates a place with real uploads
(imageKeys, purpose "place"), adds images later and deletes one; lists,
the ranking and the detail show the URLs, which serve the bytes.  Plain
users, bad keys, unknown places and images of another place are refused
and leave the database as it was."""

import unittest

import images
from harness import ServerTestCase, query, unique


class PlaceImagesTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.server.make_admin()
        cls.admin2 = cls.server.make_admin()
        cls.user = cls.server.make_user()

    def photo(self, user=None, data=None, ctype="image/png",
              purpose="place"):
        return self.server.upload(user or self.admin, data or images.png(),
                                  ctype, purpose)

    def body(self, **extra):
        b = {"placeName": unique("p")[:30], "placeType": "CAFE",
             "address": unique("서울 ")[:100], "latitude": 37.5,
             "longitude": 127.0}
        b.update(extra)
        return b

    def create(self, **extra):
        r = self.post("/places", self.body(**extra),
                      token=self.admin["access"])
        self.assert_status(r, 201)
        return r.body

    def detail(self, place_id):
        r = self.get("/places/%d" % place_id)
        self.assert_status(r, 200)
        return r.body

    def add(self, place_id, keys, token=None):
        return self.post("/places/%d/images" % place_id, {"imageKeys": keys},
                         token=token or self.admin["access"])

    def listed(self, place):
        r = self.get("/places" + query(placeName=place["placeName"]))
        self.assert_status(r, 200)
        self.assertEqual(len(r.body["content"]), 1, r.body)
        return r.body["content"][0]

    # ---- create, read, serve ----

    def test_create_with_images_list_detail_and_bytes(self):
        png = images.png()
        png_key = self.photo(data=png)
        jpeg_key = self.photo(data=images.jpeg_with_gps(),
                              ctype="image/jpeg")
        r = self.post("/places", self.body(imageKeys=[png_key, jpeg_key]),
                      token=self.admin["access"])
        self.assert_status(r, 201)
        place = r.body
        urls = ["/files/" + png_key, "/files/" + jpeg_key]
        self.assertEqual(place["imageUrl"], urls[0])
        self.assertEqual([i["url"] for i in place["images"]], urls)
        self.assertTrue(all(isinstance(i["id"], int)
                            for i in place["images"]))
        got = self.detail(place["id"])
        self.assertEqual(got["imageUrl"], urls[0])
        self.assertEqual(got["images"], place["images"])
        item = self.listed(place)
        self.assertEqual(item["imageUrl"], urls[0])
        self.assertNotIn("images", item)
        # public: anyone gets the bytes, the JPEG without its GPS tags
        r = self.get(urls[0])
        self.assert_status(r, 200)
        self.assertEqual(r.raw, png)
        self.assertTrue(r.headers["Cache-Control"].startswith("public"))
        r = self.get(urls[1])
        self.assert_status(r, 200)
        self.assertEqual(images.read_exif(r.raw)[1], {})
        self.assertEqual(self.server.db_query(
            "SELECT f.state, f.private, f.purpose FROM place_images i "
            "JOIN files f ON f.key = i.file_key WHERE i.place_id = ? "
            "ORDER BY i.id", place["id"]), [(3, 0, 4), (3, 0, 4)])

    def test_without_images(self):
        place = self.create()
        self.assertIsNone(place["imageUrl"])
        self.assertEqual(place["images"], [])
        self.assertEqual(self.detail(place["id"])["images"], [])
        self.assertIsNone(self.listed(place)["imageUrl"])

    def test_list_near_and_rank_show_each_first_image(self):
        # a page mixing places with and without images, and several images
        # per place: each item shows its own first one
        tag = unique("img")[:20]
        keys = [[self.photo(), self.photo()], [], [self.photo()]]
        places = [self.create(placeName="%s-%d" % (tag, i), imageKeys=k,
                              latitude=10.0, longitude=20.0 + i * 0.001)
                  for i, k in enumerate(keys)]
        want = {p["id"]: ("/files/" + k[0] if k else None)
                for p, k in zip(places, keys)}
        r = self.get("/places" + query(placeName=tag))
        self.assert_status(r, 200)
        self.assertEqual({i["id"]: i["imageUrl"]
                          for i in r.body["content"]}, want)
        r = self.get("/places" + query(lat=10.0, lng=20.0,
                                             radius=1000))
        self.assert_status(r, 200)
        near = {i["id"]: i["imageUrl"] for i in r.body["content"]
                if i["id"] in want}
        self.assertEqual(near, want)
        for p in places:
            self.assert_status(self.put("/places/%d/like" % p["id"],
                                        token=self.user["access"]), 200)
        r = self.get("/places/rank" + query(size=50))
        self.assert_status(r, 200)
        ranked = {i["id"]: i["imageUrl"] for i in r.body if i["id"] in want}
        self.assertEqual(ranked, want)

    # ---- add and delete ----

    def test_add_images_then_delete_one(self):
        first = self.photo()
        place = self.create(imageKeys=[first])
        added = [self.photo(), self.photo(data=images.gif(),
                                          ctype="image/gif")]
        r = self.add(place["id"], added)
        self.assert_status(r, 201)
        urls = ["/files/" + k for k in [first] + added]
        self.assertEqual([i["url"] for i in r.body["images"]], urls)
        self.assertEqual(r.body["imageUrl"], urls[0])
        self.assertEqual(self.detail(place["id"])["images"],
                         r.body["images"])
        # the ranking render sees the change at once
        self.assert_status(self.put("/places/%d/like" % place["id"],
                                    token=self.user["access"]), 200)
        image_ids = [i["id"] for i in r.body["images"]]
        stored = len(self.server.stored_files())

        r = self.delete("/places/%d/images/%d" % (place["id"], image_ids[0]),
                        token=self.admin["access"])
        self.assert_status(r, 204)
        got = self.detail(place["id"])
        self.assertEqual([i["url"] for i in got["images"]], urls[1:])
        self.assertEqual(got["imageUrl"], urls[1])
        self.assertEqual(self.listed(place)["imageUrl"], urls[1])
        ranked = [i for i in self.get("/places/rank" + query(size=50)).body
                  if i["id"] == place["id"]]
        self.assertEqual(ranked[0]["imageUrl"], urls[1])
        # its file is gone: record, bytes and URL
        self.assertEqual(len(self.server.stored_files()), stored - 1)
        self.assertEqual(self.server.db_query(
            "SELECT count(*) FROM files WHERE key = ?", first), [(0,)])
        self.assert_problem(self.get(urls[0]), 404)
        with self.unchanged_db():
            r = self.delete("/places/%d/images/%d" % (place["id"],
                                                      image_ids[0]),
                            token=self.admin["access"])
            self.assert_problem(r, 404, "PLACE_IMAGE_NOT_FOUND")

    def test_image_of_another_place_is_404(self):
        a = self.create(imageKeys=[self.photo()])
        b = self.create(imageKeys=[self.photo()])
        with self.unchanged_db():
            r = self.delete("/places/%d/images/%d" % (
                b["id"], a["images"][0]["id"]), token=self.admin["access"])
            self.assert_problem(r, 404, "PLACE_IMAGE_NOT_FOUND")
        self.assertEqual(len(self.detail(a["id"])["images"]), 1)

    def test_unknown_or_deleted_place_is_404(self):
        key = self.photo()
        gone = self.create()
        self.assert_status(self.delete("/places/%d" % gone["id"],
                                       token=self.admin["access"]), 204)
        for place_id in (999999999, gone["id"]):
            with self.subTest(place=place_id), self.unchanged_db():
                self.assert_problem(self.add(place_id, [key]), 404,
                                    "PLACE_NOT_FOUND")
                r = self.delete("/places/%d/images/1" % place_id,
                                token=self.admin["access"])
                self.assert_problem(r, 404, "PLACE_NOT_FOUND")
        # the key was not consumed
        self.assert_status(self.add(self.create()["id"], [key]), 201)

    # ---- rights ----

    def test_plain_user_and_anonymous_are_refused(self):
        place = self.create(imageKeys=[self.photo()])
        image_id = place["images"][0]["id"]
        own = self.photo(user=self.user)
        path = "/places/%d/images" % place["id"]
        with self.unchanged_db():
            self.assert_problem(self.add(place["id"], [own],
                                         token=self.user["access"]), 403)
            self.assert_problem(self.delete("%s/%d" % (path, image_id),
                                            token=self.user["access"]), 403)
            self.assert_unauthorized(self.post(path, {"imageKeys": [own]}))
            self.assert_unauthorized(self.delete("%s/%d" % (path,
                                                            image_id)))
            body = self.body(imageKeys=[own])
            self.assert_problem(self.post("/places", body,
                                          token=self.user["access"]), 403)
        self.assertEqual(len(self.detail(place["id"])["images"]), 1)

    # ---- image keys ----

    def test_bad_keys_on_create_and_add(self):
        used = self.photo()
        self.create(imageKeys=[used])
        of_other_admin = self.photo(user=self.admin2)
        pending = self.server.presign(self.admin, images.png(),
                                      purpose="place")["fileKey"]
        pet_key = self.photo(purpose="pet")
        fresh = self.photo()
        cases = [
            ([of_other_admin], 400, "INVALID_PARAMETER"),
            ([pet_key], 400, "INVALID_PARAMETER"),
            (["f" * 32], 400, "INVALID_PARAMETER"),
            (["not-a-key"], 400, "INVALID_PARAMETER"),
            ([fresh, fresh], 400, "INVALID_PARAMETER"),
            (["%032x" % i for i in range(21)], 400, "INVALID_PARAMETER"),
            # the shared attach rules of pets and albums: a used or
            # not-yet-uploaded key is a conflict
            ([used], 409, "FILE_ALREADY_USED"),
            ([fresh, used], 409, "FILE_ALREADY_USED"),
            ([pending], 409, "FILE_NOT_UPLOADED"),
        ]
        target = self.create()
        for keys, status, code in cases:
            fields = ("imageKeys",) if status == 400 else ()
            with self.subTest(keys=keys), self.unchanged_db():
                r = self.post("/places", self.body(imageKeys=keys),
                              token=self.admin["access"])
                self.assert_problem(r, status, code, fields)
                r = self.add(target["id"], keys)
                self.assert_problem(r, status, code, fields)
        # nothing of the refused requests took `fresh`
        place = self.create(imageKeys=[fresh])
        self.assertEqual(place["imageUrl"], "/files/" + fresh)

    def test_bad_bodies(self):
        place = self.create()
        key = self.photo()
        cases = [
            ({}, ("imageKeys",)),
            ({"imageKeys": []}, ("imageKeys",)),
            ({"imageKeys": key}, ("imageKeys",)),
            ({"imageKeys": [1]}, ("imageKeys",)),
        ]
        for body, fields in cases:
            with self.subTest(body=body), self.unchanged_db():
                r = self.post("/places/%d/images" % place["id"], body,
                              token=self.admin["access"])
                self.assert_problem(r, 400, "INVALID_PARAMETER", fields)
        with self.unchanged_db():
            r = self.post("/places", self.body(imageKeys="abc"),
                          token=self.admin["access"])
            self.assert_problem(r, 400, "INVALID_PARAMETER", ("imageKeys",))
            r = self.server.request("POST",
                                    "/places/%d/images" % place["id"],
                                    raw="imageKeys=1",
                                    content_type="text/plain",
                                    token=self.admin["access"])
            self.assert_problem(r, 415)
            r = self.post("/places/abc/images", {"imageKeys": [key]},
                          token=self.admin["access"])
            self.assert_problem(r, 400)
            r = self.delete("/places/%d/images/abc" % place["id"],
                            token=self.admin["access"])
            self.assert_problem(r, 400)


if __name__ == "__main__":
    unittest.main()
