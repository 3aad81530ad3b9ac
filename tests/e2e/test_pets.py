"""Pets: every row of the API's Pets table, over HTTP, with photos from
real uploads, and another user trying each owner-only action.  Refused
requests leave the database as it was."""

import unittest

import images
from harness import ServerTestCase, query

PET_KEYS = {"id", "name", "size", "species", "gender", "birthday", "images",
            "createdAt", "updatedAt"}


class PetsTest(ServerTestCase):

    def setUp(self):
        self.owner = self.server.make_user()
        self.other = self.server.make_user()

    def photo(self, user=None, data=None, ctype="image/png", purpose="pet"):
        return self.server.upload(user or self.owner, data or images.png(),
                                  ctype, purpose)

    def create(self, user=None, **fields):
        body = {"name": "Choco", "size": "SMALL", "species": "dog"}
        body.update(fields)
        r = self.post("/pets", body, token=(user or self.owner)["access"])
        self.assert_status(r, 201)
        return r.body

    def assert_signed(self, url, key):
        """url is a signed URL of file key (pet photos are private)."""
        self.assertRegex(url, r"^/files/%s\?expires=\d+&signature=" % key)

    # ---- create and read ----

    def test_pet_photos_are_private(self):
        # api.md, Pets: photos are private to the owner, served like
        # private album files (a lost-pet alert, once there is one, will
        # make its pet's photo public)
        key = self.photo(data=images.jpeg_with_gps(), ctype="image/jpeg")
        pet = self.create(imageKeys=[key])
        for token in (None, self.other["access"]):
            with self.subTest(token=bool(token)):
                self.assert_problem(self.get("/files/" + key, token=token),
                                    404, "FILE_NOT_FOUND")
        r = self.get("/files/" + key, token=self.owner["access"])
        self.assert_status(r, 200)
        self.assertTrue(r.headers["Cache-Control"].startswith("private"),
                        r.headers["Cache-Control"])
        # the pet's JSON names a signed URL that works without a token
        url = pet["images"][0]["url"]
        self.assert_signed(url, key)
        r = self.get(url)
        self.assert_status(r, 200)
        self.assertTrue(r.headers["Cache-Control"].startswith("private"))
        listed = self.get("/pets", token=self.owner["access"]).body
        self.assert_signed(listed["content"][0]["imageUrl"], key)
        # a forged or altered signature does not open it
        self.assert_problem(self.get(url[:-4] + "0000"), 404,
                            "FILE_NOT_FOUND")

    def test_create_with_photos(self):
        gps_key = self.photo(data=images.jpeg_with_gps(), ctype="image/jpeg")
        png_key = self.photo()
        r = self.post("/pets", {
            "name": "초코", "size": "MEDIUM", "species": "고양이",
            "gender": "female", "birthday": "2020-02-29",
            "imageKeys": [gps_key, png_key]}, token=self.owner["access"])
        self.assert_status(r, 201)
        pet = r.body
        self.assertEqual(set(pet), PET_KEYS)
        self.assertEqual(r.headers["Location"], "/pets/%d" % pet["id"])
        self.assertEqual((pet["name"], pet["size"], pet["species"],
                          pet["gender"], pet["birthday"]),
                         ("초코", "MEDIUM", "고양이", "female", "2020-02-29"))
        self.assert_rfc3339_utc(pet["createdAt"])
        for image, key in zip(pet["images"], (gps_key, png_key)):
            self.assert_signed(image["url"], key)
        self.assertTrue(all(isinstance(i["id"], int) for i in pet["images"]))
        # the signed URL opens the photo, and the JPEG has no GPS left
        r = self.get(pet["images"][0]["url"])
        self.assert_status(r, 200)
        self.assertEqual(images.read_exif(r.raw)[1], {})
        self.assertTrue(r.headers["Cache-Control"].startswith("private"))
        self.assertEqual(self.get("/pets/%d" % pet["id"],
                                  token=self.owner["access"]).body, pet)

    def test_create_minimal_and_optional_fields(self):
        pet = self.create()
        self.assertIsNone(pet["gender"])
        self.assertIsNone(pet["birthday"])
        self.assertEqual(pet["images"], [])
        pet = self.create(name="가" * 30, species="s" * 30, gender=None)
        self.assertEqual(pet["name"], "가" * 30)

    def test_create_validation(self):
        good = {"name": "Choco", "size": "SMALL", "species": "dog"}
        cases = [
            ({}, ("name", "size", "species")),
            (dict(good, name=""), ("name",)),
            (dict(good, name="가" * 31), ("name",)),
            (dict(good, name="   "), ("name",)),
            (dict(good, size="HUGE"), ("size",)),
            (dict(good, size="small"), ("size",)),
            (dict(good, size=1), ("size",)),
            (dict(good, species="s" * 31), ("species",)),
            (dict(good, gender="g" * 31), ("gender",)),
            (dict(good, birthday="2023-02-29"), ("birthday",)),
            (dict(good, birthday="2020-13-01"), ("birthday",)),
            (dict(good, birthday="20200101"), ("birthday",)),
            (dict(good, birthday="2999-01-01"), ("birthday",)),
            (dict(good, imageKeys="abc"), ("imageKeys",)),
            (dict(good, imageKeys=[1]), ("imageKeys",)),
            (dict(good, imageKeys=["not-a-key"]), ("imageKeys",)),
            (dict(good, imageKeys=["0" * 32, "0" * 32]), ("imageKeys",)),
            (dict(good, imageKeys=["%032x" % i for i in range(21)]),
             ("imageKeys",)),
            # a missing field is named with the bad values, all at once
            ({"name": ""}, ("name", "size", "species")),
            ({"name": "Choco", "size": "HUGE", "birthday": "2020-13-01"},
             ("size", "species", "birthday")),
            # a wrong type still names the missing fields with it
            ({"name": 5}, ("name", "size", "species")),
        ]
        for body, fields in cases:
            with self.subTest(body=body), self.unchanged_db():
                r = self.post("/pets", body, token=self.owner["access"])
                self.assert_problem(r, 400, "INVALID_PARAMETER", fields)
        with self.unchanged_db():
            self.assert_unauthorized(self.post("/pets", good))

    # ---- image keys ----

    def test_image_key_rules(self):
        good = {"name": "Choco", "size": "SMALL", "species": "dog"}
        used = self.photo()
        self.create(imageKeys=[used])
        others = self.photo(user=self.other)
        pending = self.server.presign(self.owner, images.png())["fileKey"]
        album_key = self.photo(purpose="album")
        fresh = self.photo()
        cases = [
            ([used], 409, "FILE_ALREADY_USED"),
            ([fresh, used], 409, "FILE_ALREADY_USED"),
            ([others], 400, "INVALID_PARAMETER"),
            ([pending], 409, "FILE_NOT_UPLOADED"),
            ([album_key], 400, "INVALID_PARAMETER"),
            (["f" * 32], 400, "INVALID_PARAMETER"),
        ]
        for keys, status, code in cases:
            with self.subTest(keys=keys), self.unchanged_db():
                r = self.post("/pets", dict(good, imageKeys=keys),
                              token=self.owner["access"])
                self.assert_problem(r, status, code)
        # nothing of the refused requests took `fresh`: it is still free
        pet = self.create(imageKeys=[fresh])
        self.assertEqual(len(pet["images"]), 1)
        # another user cannot take the owner's key either
        mine = self.photo()
        with self.unchanged_db():
            r = self.post("/pets", dict(good, imageKeys=[mine]),
                          token=self.other["access"])
            self.assert_problem(r, 400, "INVALID_PARAMETER", ("imageKeys",))

    # ---- list ----

    def test_list_own_pets_newest_first(self):
        key = self.photo()
        first = self.create(name="first", imageKeys=[key])
        ids = [first["id"]] + [self.create(name="p%d" % i)["id"]
                               for i in range(5)]
        self.create(user=self.other, name="not mine")
        r = self.get("/pets", token=self.owner["access"])
        self.assert_status(r, 200)
        body = r.body
        self.assertEqual((body["page"], body["size"], body["totalElements"],
                          body["totalPages"]), (0, 5, 6, 2))
        self.assertEqual([p["id"] for p in body["content"]],
                         list(reversed(ids))[:5])
        self.assertEqual(set(body["content"][0]),
                         {"id", "name", "size", "species", "imageUrl"})
        self.assertIsNone(body["content"][0]["imageUrl"])
        r = self.get("/pets" + query(page=1), token=self.owner["access"])
        self.assertEqual([p["id"] for p in r.body["content"]], [ids[0]])
        self.assert_signed(r.body["content"][0]["imageUrl"], key)
        r = self.get("/pets" + query(size=100), token=self.owner["access"])
        self.assertEqual(len(r.body["content"]), 6)
        for bad in (query(size=0), query(size=101), query(page=-1),
                    query(size="x")):
            with self.subTest(bad=bad):
                self.assert_problem(self.get("/pets" + bad,
                                             token=self.owner["access"]),
                                    400, "INVALID_PARAMETER")
        self.assert_unauthorized(self.get("/pets"))

    # ---- update ----

    def test_partial_update_and_added_images(self):
        key = self.photo()
        pet = self.create(gender="male", birthday="2019-05-05",
                          imageKeys=[key])
        url = "/pets/%d" % pet["id"]
        r = self.put(url, {"name": "Mocha"}, token=self.owner["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.body["name"], "Mocha")
        for field in ("size", "species", "gender", "birthday", "images"):
            self.assertEqual(r.body[field], pet[field], field)
        added = self.photo()
        r = self.put(url, {"size": "LARGE", "gender": "", "birthday": "",
                           "imageKeys": [added]}, token=self.owner["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.body["size"], "LARGE")
        self.assertIsNone(r.body["gender"])
        self.assertIsNone(r.body["birthday"])
        self.assertEqual(len(r.body["images"]), 2)
        for image, k in zip(r.body["images"], (key, added)):
            self.assert_signed(image["url"], k)
        r = self.put(url, {}, token=self.owner["access"])
        self.assert_status(r, 200)
        with self.unchanged_db():
            for body, fields in (({"name": ""}, ("name",)),
                                 ({"size": "XL"}, ("size",)),
                                 ({"species": 3}, ("species",)),
                                 ({"birthday": "2020-02-30"}, ("birthday",)),
                                 ({"imageKeys": [added]}, None)):
                r = self.put(url, body, token=self.owner["access"])
                if fields:
                    self.assert_problem(r, 400, "INVALID_PARAMETER", fields)
                else:
                    self.assert_problem(r, 409, "FILE_ALREADY_USED")

    # ---- delete, restore, images ----

    def test_soft_delete_and_restore(self):
        key = self.photo()
        pet = self.create(imageKeys=[key])
        url = "/pets/%d" % pet["id"]
        owner = self.owner["access"]
        self.assert_status(self.get("/files/" + key, token=owner), 200)
        self.assert_problem(self.get("/files/" + key), 404)
        self.assert_problem(self.patch(url + "/restore",
                                       token=self.owner["access"]),
                            409, "PET_NOT_DELETED")
        self.assert_status(self.delete(url, token=self.owner["access"]), 204)
        self.assert_problem(self.get(url, token=self.owner["access"]), 404,
                            "PET_NOT_FOUND")
        self.assert_problem(self.put(url, {"name": "x"},
                                     token=self.owner["access"]),
                            404, "PET_NOT_FOUND")
        self.assert_problem(self.delete(url, token=self.owner["access"]),
                            404, "PET_NOT_FOUND")
        self.assertEqual(self.get("/pets", token=self.owner["access"])
                         .body["totalElements"], 0)
        # a deleted pet's photos stay its owner's
        self.assert_problem(self.get("/files/" + key), 404)
        self.assert_status(self.get("/files/" + key,
                                    token=self.owner["access"]), 200)
        r = self.patch(url + "/restore", token=self.owner["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.body["id"], pet["id"])
        self.assertEqual(len(r.body["images"]), 1)
        # restored, still private: only the owner or a signed URL
        self.assert_problem(self.get("/files/" + key), 404)
        self.assert_status(self.get(r.body["images"][0]["url"]), 200)
        self.assert_status(self.get(url, token=self.owner["access"]), 200)

    def test_delete_an_image(self):
        keys = [self.photo(), self.photo()]
        pet = self.create(imageKeys=keys)
        image_id = pet["images"][0]["id"]
        stored = len(self.server.stored_files())
        with self.unchanged_db():
            r = self.delete("/pets/images/%d" % image_id,
                            token=self.other["access"])
            self.assert_problem(r, 404, "PET_IMAGE_NOT_FOUND")
        r = self.delete("/pets/images/%d" % image_id,
                        token=self.owner["access"])
        self.assert_status(r, 204)
        self.assertEqual(len(self.server.stored_files()), stored - 1)
        self.assert_problem(self.get("/files/" + keys[0],
                                     token=self.owner["access"]), 404)
        pet = self.get("/pets/%d" % pet["id"], token=self.owner["access"])
        self.assertEqual(len(pet.body["images"]), 1)
        self.assert_signed(pet.body["images"][0]["url"], keys[1])
        self.assert_problem(self.delete("/pets/images/%d" % image_id,
                                        token=self.owner["access"]),
                            404, "PET_IMAGE_NOT_FOUND")
        self.assert_problem(self.delete("/pets/images/abc",
                                        token=self.owner["access"]), 400)

    def test_another_user_gets_404_everywhere(self):
        pet = self.create(imageKeys=[self.photo()])
        url = "/pets/%d" % pet["id"]
        token = self.other["access"]
        with self.unchanged_db():
            for method, path, body in (
                    ("GET", url, None),
                    ("PUT", url, {"name": "stolen"}),
                    ("DELETE", url, None),
                    ("PATCH", url + "/restore", None),
                    ("DELETE", "/pets/images/%d" % pet["images"][0]["id"],
                     None)):
                with self.subTest(method=method, path=path):
                    r = self.server.request(method, path, body=body,
                                            token=token)
                    self.assert_problem(r, 404)
                    self.assertNotIn("Choco", r.text)
        self.assertEqual(self.get("/pets", token=token)
                         .body["totalElements"], 0)
        # even a deleted pet stays invisible to others
        self.delete(url, token=self.owner["access"])
        with self.unchanged_db():
            self.assert_problem(self.patch(url + "/restore", token=token),
                                404, "PET_NOT_FOUND")

    def test_bad_ids(self):
        for path in ("/pets/0", "/pets/-1", "/pets/abc",
                     "/pets/99999999999999999999"):
            with self.subTest(path=path):
                r = self.get(path, token=self.owner["access"])
                self.assert_problem(r, 400, "INVALID_PARAMETER", ("id",))
        self.assert_problem(self.get("/pets/424242",
                                     token=self.owner["access"]),
                            404, "PET_NOT_FOUND")


if __name__ == "__main__":
    unittest.main()
