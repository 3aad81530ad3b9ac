"""Albums: every row of the API's Albums table over HTTP.  A PRIVATE album,
its images and its files must be invisible to everyone but the owner on
every path: the public list, another user's list, the album itself, every
change, and /files/.  (The one-album-a-day rule across time zones is
tested with the library's clock in tests/unit/albums.c.)"""

import time
import unittest

import images
from harness import ServerTestCase, query, sign_download

ALBUM_KEYS = {"albumId", "userId", "nickname", "content", "albumVisibility",
              "images", "createdAt", "updatedAt"}


class AlbumCase(ServerTestCase):

    def photo(self, user, purpose="album", data=None, ctype="image/png"):
        return self.server.upload(user, data or images.png(), ctype,
                                  purpose)

    def create(self, user, visibility="PUBLIC", keys=None, content=None):
        body = {"albumVisibility": visibility,
                "imageKeys": keys or [self.photo(user)]}
        if content is not None:
            body["content"] = content
        r = self.post("/users/albums", body, token=user["access"])
        self.assert_status(r, 201)
        return r.body

    def album_ids(self, path, token=None):
        r = self.get(path, token=token)
        self.assert_status(r, 200)
        return [a["albumId"] for a in r.body["content"]]


class AlbumsTest(AlbumCase):

    def setUp(self):
        self.owner = self.server.make_user()
        self.other = self.server.make_user()

    # ---- create ----

    def test_create_public_album(self):
        key = self.photo(self.owner, data=images.jpeg_with_gps(),
                         ctype="image/jpeg")
        r = self.post("/users/albums", {
            "content": "산책", "albumVisibility": "PUBLIC",
            "imageKeys": [key]}, token=self.owner["access"])
        self.assert_status(r, 201)
        album = r.body
        self.assertEqual(set(album), ALBUM_KEYS)
        self.assertEqual(r.headers["Location"],
                         "/users/albums/%d" % album["albumId"])
        self.assertEqual((album["userId"], album["nickname"],
                          album["content"], album["albumVisibility"]),
                         (self.owner["id"], self.owner["nickname"], "산책",
                          "PUBLIC"))
        self.assertEqual(len(album["images"]), 1)
        image = album["images"][0]
        self.assertEqual(set(image), {"albumImageId", "url", "createdAt"})
        self.assertEqual(image["url"], "/files/" + key)
        r = self.get(image["url"])
        self.assert_status(r, 200)
        self.assertEqual(images.read_exif(r.raw)[1], {})
        r = self.get("/users/albums/%d" % album["albumId"])
        self.assert_status(r, 200)
        self.assertEqual(r.body, album)

    def test_one_album_a_day(self):
        self.create(self.owner)
        key = self.photo(self.owner)
        with self.unchanged_db():
            r = self.post("/users/albums", {"albumVisibility": "PRIVATE",
                                            "imageKeys": [key]},
                          token=self.owner["access"])
            self.assert_problem(r, 409, "ALREADY_SAVED_ALBUM_TODAY")
        # the refused album did not take the key
        self.assertEqual(self.server.db_query(
            "SELECT state FROM files WHERE key = ?", key), [(2,)])
        # other users are not affected
        self.create(self.other)

    def test_create_validation(self):
        keys = [self.photo(self.owner), self.photo(self.owner)]
        cases = [
            ({}, 400, "INVALID_PARAMETER", ("albumVisibility", "imageKeys")),
            ({"albumVisibility": "FRIENDS", "imageKeys": keys[:1]}, 400,
             "INVALID_PARAMETER", ("albumVisibility",)),
            ({"albumVisibility": "PUBLIC", "imageKeys": []}, 400,
             "INVALID_PARAMETER", ("imageKeys",)),
            ({"albumVisibility": "PUBLIC", "imageKeys": keys[:1],
              "content": "x" * 256}, 400, "INVALID_PARAMETER", ("content",)),
            ({"albumVisibility": "PUBLIC", "imageKeys": keys}, 400,
             "ALBUM_IMAGE_SIZE_OVER", ()),
            ({"albumVisibility": "PUBLIC", "imageKeys": ["zz"]}, 400,
             "INVALID_PARAMETER", ("imageKeys",)),
            ({"albumVisibility": "PUBLIC",
              "imageKeys": [self.photo(self.owner, "pet")]}, 400,
             "INVALID_PARAMETER", ("imageKeys",)),
            ({"albumVisibility": "PUBLIC",
              "imageKeys": [self.photo(self.other)]}, 400,
             "INVALID_PARAMETER", ("imageKeys",)),
            # a missing field is named with the bad values, all at once
            ({"albumVisibility": "FRIENDS", "content": "x" * 256}, 400,
             "INVALID_PARAMETER", ("albumVisibility", "imageKeys",
                                   "content")),
            ({"imageKeys": ["zz"]}, 400, "INVALID_PARAMETER",
             ("albumVisibility", "imageKeys")),
            ({"albumVisibility": 1}, 400, "INVALID_PARAMETER",
             ("albumVisibility", "imageKeys")),
        ]
        for body, status, code, fields in cases:
            with self.subTest(body=body), self.unchanged_db():
                r = self.post("/users/albums", body,
                              token=self.owner["access"])
                self.assert_problem(r, status, code, fields)
        with self.unchanged_db():
            self.assert_unauthorized(self.post(
                "/users/albums", {"albumVisibility": "PUBLIC",
                                  "imageKeys": keys[:1]}))
        # content may hold exactly 255 characters, Korean included
        album = self.create(self.owner, content="가" * 255, keys=keys[:1])
        self.assertEqual(album["content"], "가" * 255)

    def test_admin_limit(self):
        admin = self.server.make_admin()
        keys = [self.photo(admin) for _ in range(21)]
        with self.unchanged_db():
            r = self.post("/users/albums", {"albumVisibility": "PUBLIC",
                                            "imageKeys": keys},
                          token=admin["access"])
            self.assert_problem(r, 400, "ALBUM_IMAGE_SIZE_OVER")
        album = self.create(admin, keys=keys[:20])
        self.assertEqual(len(album["images"]), 20)

    # ---- privacy ----

    def test_private_album_is_invisible_to_others_everywhere(self):
        public = self.create(self.other)
        key = self.photo(self.owner)
        private = self.create(self.owner, "PRIVATE", [key], "secret")
        pid = private["albumId"]
        image_id = private["images"][0]["albumImageId"]
        # the owner's view: a signed URL that works without a token
        url = private["images"][0]["url"]
        self.assertTrue(url.startswith("/files/%s?" % key), url)
        self.assert_status(self.get(url), 200)
        self.assert_status(self.get("/files/" + key,
                                    token=self.owner["access"]), 200)
        for token in (None, self.other["access"]):
            with self.subTest(token=bool(token)):
                self.assertNotIn(pid, self.album_ids("/users/albums" +
                                                     query(size=100),
                                                     token))
                self.assertEqual(self.album_ids(
                    "/users/%d/albums" % self.owner["id"], token), [])
                r = self.get("/users/albums/%d" % pid, token=token)
                self.assert_problem(r, 404, "ALBUM_NOT_FOUND")
                self.assertNotIn("secret", r.text)
                self.assert_problem(self.get("/files/" + key, token=token),
                                    404, "FILE_NOT_FOUND")
        self.assertIn(public["albumId"], self.album_ids("/users/albums"))
        # every change by someone else: as if it did not exist
        token = self.other["access"]
        other_key = self.photo(self.other)
        with self.unchanged_db():
            for method, path, body, code in (
                    ("PUT", "/users/albums/%d" % pid, {"content": "x"},
                     "ALBUM_NOT_FOUND"),
                    ("PATCH", "/users/albums/%d/visibility" % pid,
                     {"albumVisibility": "PUBLIC"}, "ALBUM_NOT_FOUND"),
                    ("DELETE", "/users/albums/%d" % pid, None,
                     "ALBUM_NOT_FOUND"),
                    ("POST", "/users/albums/%d/images" % pid,
                     {"imageKeys": [other_key]}, "ALBUM_NOT_FOUND"),
                    ("DELETE", "/users/albums/images/%d" % image_id, None,
                     "ALBUM_IMAGE_NOT_FOUND")):
                with self.subTest(method=method, path=path):
                    r = self.server.request(method, path, body=body,
                                            token=token)
                    self.assert_problem(r, 404, code)
        # the owner sees it in both of their lists
        self.assertIn(pid, self.album_ids("/users/my/albums",
                                          self.owner["access"]))
        self.assertIn(pid, self.album_ids(
            "/users/%d/albums" % self.owner["id"], self.owner["access"]))

    def test_visibility_moves_the_files(self):
        key = self.photo(self.owner)
        album = self.create(self.owner, "PUBLIC", [key])
        path = "/users/albums/%d/visibility" % album["albumId"]
        self.assert_status(self.get("/files/" + key), 200)
        r = self.patch(path, {"albumVisibility": "PRIVATE"},
                       token=self.owner["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.body["albumVisibility"], "PRIVATE")
        self.assertIn("signature=", r.body["images"][0]["url"])
        self.assert_problem(self.get("/files/" + key), 404)
        self.assert_problem(self.get("/users/albums/%d" % album["albumId"]),
                            404)
        # an old signed URL stops working once it expires; a fresh one works
        expires = int(time.time()) + 60
        self.assert_status(self.get("/files/%s%s" % (key, query(
            expires=expires, signature=sign_download(key, expires)))), 200)
        r = self.patch(path, {"albumVisibility": "PUBLIC"},
                       token=self.owner["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.body["images"][0]["url"], "/files/" + key)
        self.assert_status(self.get("/files/" + key), 200)
        with self.unchanged_db():
            for body in ({}, {"albumVisibility": "HIDDEN"},
                         {"albumVisibility": 1}):
                r = self.patch(path, body, token=self.owner["access"])
                self.assert_problem(r, 400, "INVALID_PARAMETER",
                                    ("albumVisibility",))

    def test_public_album_changes_are_the_owners(self):
        album = self.create(self.owner)
        aid = album["albumId"]
        image_id = album["images"][0]["albumImageId"]
        token = self.other["access"]
        other_key = self.photo(self.other)
        with self.unchanged_db():
            for method, path, body, code in (
                    ("PUT", "/users/albums/%d" % aid, {"content": "x"},
                     "ONLY_AUTHOR_CAN_EDIT"),
                    ("PATCH", "/users/albums/%d/visibility" % aid,
                     {"albumVisibility": "PRIVATE"}, "ONLY_AUTHOR_CAN_EDIT"),
                    ("DELETE", "/users/albums/%d" % aid, None,
                     "ONLY_AUTHOR_CAN_DELETE"),
                    ("POST", "/users/albums/%d/images" % aid,
                     {"imageKeys": [other_key]}, "ONLY_AUTHOR_CAN_EDIT"),
                    ("DELETE", "/users/albums/images/%d" % image_id, None,
                     "ONLY_AUTHOR_CAN_DELETE")):
                with self.subTest(method=method, path=path):
                    r = self.server.request(method, path, body=body,
                                            token=token)
                    self.assert_problem(r, 403, code)
            for method, path in (("PUT", "/users/albums/%d" % aid),
                                 ("DELETE", "/users/albums/%d" % aid),
                                 ("DELETE", "/users/albums/images/1")):
                self.assert_unauthorized(self.server.request(
                    method, path, body={} if method == "PUT" else None))

    # ---- changes by the owner ----

    def test_update_content(self):
        album = self.create(self.owner, content="before")
        path = "/users/albums/%d" % album["albumId"]
        r = self.put(path, {"content": "after"}, token=self.owner["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.body["content"], "after")
        self.assertEqual(r.body["images"], album["images"])
        r = self.put(path, {}, token=self.owner["access"])
        self.assertEqual(r.body["content"], "after")
        r = self.put(path, {"content": ""}, token=self.owner["access"])
        self.assertIsNone(r.body["content"])
        with self.unchanged_db():
            r = self.put(path, {"content": "y" * 256},
                         token=self.owner["access"])
            self.assert_problem(r, 400, "INVALID_PARAMETER", ("content",))
            self.assert_problem(self.put("/users/albums/999999",
                                         {"content": "x"},
                                         token=self.owner["access"]),
                                404, "ALBUM_NOT_FOUND")

    def test_add_and_delete_images(self):
        first = self.photo(self.owner)
        album = self.create(self.owner, "PRIVATE", [first])
        path = "/users/albums/%d/images" % album["albumId"]
        added = self.photo(self.owner)
        r = self.post(path, {"imageKeys": [added]},
                      token=self.owner["access"])
        self.assert_status(r, 201)
        self.assertEqual(len(r.body["images"]), 2)
        # the new file is as private as its album
        self.assert_problem(self.get("/files/" + added), 404)
        two = [self.photo(self.owner), self.photo(self.owner)]
        with self.unchanged_db():
            for body, status, code in (
                    ({"imageKeys": two}, 400, "ALBUM_IMAGE_SIZE_OVER"),
                    ({"imageKeys": [added]}, 409, "FILE_ALREADY_USED"),
                    ({"imageKeys": []}, 400, "INVALID_PARAMETER"),
                    ({}, 400, "INVALID_PARAMETER")):
                r = self.post(path, body, token=self.owner["access"])
                self.assert_problem(r, status, code)
        image_id = self.get(
            "/users/albums/%d" % album["albumId"],
            token=self.owner["access"]).body["images"][0]["albumImageId"]
        before = len(self.server.stored_files())
        r = self.delete("/users/albums/images/%d" % image_id,
                        token=self.owner["access"])
        self.assert_status(r, 204)
        self.assertEqual(len(self.server.stored_files()), before - 1)
        self.assert_problem(self.get("/files/" + first,
                                     token=self.owner["access"]), 404)
        self.assert_problem(self.delete("/users/albums/images/%d" % image_id,
                                        token=self.owner["access"]),
                            404, "ALBUM_IMAGE_NOT_FOUND")

    def test_delete_album(self):
        keys = [self.photo(self.owner)]
        album = self.create(self.owner, "PUBLIC", keys)
        before = len(self.server.stored_files())
        path = "/users/albums/%d" % album["albumId"]
        self.assert_status(self.delete(path, token=self.owner["access"]),
                           204)
        self.assertEqual(len(self.server.stored_files()), before - 1)
        self.assert_problem(self.get(path), 404, "ALBUM_NOT_FOUND")
        self.assert_problem(self.get("/files/" + keys[0]), 404)
        self.assert_problem(self.delete(path, token=self.owner["access"]),
                            404, "ALBUM_NOT_FOUND")
        self.assertEqual(self.server.db_query(
            "SELECT count(*) FROM album_images WHERE album_id = ?",
            album["albumId"]), [(0,)])
        # a deleted album no longer counts for today
        self.create(self.owner)

    # ---- lists ----

    def test_lists(self):
        users = [self.server.make_user() for _ in range(3)]
        made = [self.create(u, v)["albumId"] for u, v in
                zip(users, ("PUBLIC", "PRIVATE", "PUBLIC"))]
        r = self.get("/users/albums" + query(size=100))
        self.assert_status(r, 200)
        ids = [a["albumId"] for a in r.body["content"]]
        self.assertIn(made[0], ids)
        self.assertIn(made[2], ids)
        self.assertNotIn(made[1], ids)
        self.assertLess(ids.index(made[2]), ids.index(made[0]),
                        "newest first")
        item = r.body["content"][0]
        self.assertEqual(set(item), {"albumId", "userId", "nickname",
                                     "albumVisibility", "url", "createdAt"})
        nicknames = {u["id"]: u["nickname"] for u in users}
        for item in r.body["content"]:
            if item["userId"] in nicknames:
                self.assertEqual(item["nickname"], nicknames[item["userId"]])
            self.assertIsInstance(item["nickname"], str)
        self.assertEqual(self.get("/users/albums").body["size"], 10)
        r = self.get("/users/my/albums", token=users[1]["access"])
        self.assertEqual([a["albumId"] for a in r.body["content"]],
                         [made[1]])
        self.assertEqual(r.body["content"][0]["nickname"],
                         users[1]["nickname"])
        self.assertIn("signature=", r.body["content"][0]["url"])
        self.assert_unauthorized(self.get("/users/my/albums"))
        self.assertEqual(self.album_ids("/users/%d/albums" % users[0]["id"]),
                         [made[0]])
        # the author's current nickname, in the lists and on the album
        r = self.patch("/users/me", {"nickname": "새이름"},
                       token=users[0]["access"])
        self.assert_status(r, 200)
        r = self.get("/users/%d/albums" % users[0]["id"])
        self.assertEqual([a["nickname"] for a in r.body["content"]],
                         ["새이름"])
        r = self.get("/users/albums/%d" % made[0])
        self.assert_status(r, 200)
        self.assertEqual((r.body["userId"], r.body["nickname"]),
                         (users[0]["id"], "새이름"))
        self.assert_problem(self.get("/users/999999/albums"), 404,
                            "USER_NOT_FOUND")
        for bad in (query(size=0), query(page="x"), query(size=500)):
            self.assert_problem(self.get("/users/albums" + bad), 400,
                                "INVALID_PARAMETER")


class ConfiguredLimitTest(AlbumCase):
    server_args = ("--album-images-user", "2")

    def test_user_limit_is_configurable(self):
        user = self.server.make_user()
        keys = [self.photo(user) for _ in range(3)]
        with self.unchanged_db():
            r = self.post("/users/albums", {"albumVisibility": "PUBLIC",
                                            "imageKeys": keys},
                          token=user["access"])
            self.assert_problem(r, 400, "ALBUM_IMAGE_SIZE_OVER")
        album = self.create(user, keys=keys[:2])
        self.assertEqual(len(album["images"]), 2)


if __name__ == "__main__":
    unittest.main()
