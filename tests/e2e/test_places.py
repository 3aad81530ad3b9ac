"""Places over HTTP: admin create/update/delete/restore with duplicate
detection, search by name, address and type, near search, likes (PUT,
DELETE, the toggle POST; exact under concurrency) and GET /places/rank.
Every refused request leaves the database as it was."""

import concurrent.futures
import json
import unittest

from harness import BACKEND, ON_POSTGRES, ServerTestCase, ctl, query, unique

ITEM_KEYS = {"id", "placeName", "placeInfo", "placeType", "address", "ratio",
             "likeCount", "latitude", "longitude", "imageUrl"}


class PlacesBase(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.server.make_admin()
        cls.user = cls.server.make_user()

    def create(self, name=None, ptype="CAFE", address=None, lat=37.5,
               lng=127.0, **extra):
        body = {"placeName": name or unique("p")[:30], "placeType": ptype,
                "address": address or unique("서울 ")[:100],
                "latitude": lat, "longitude": lng}
        body.update(extra)
        r = self.post("/places", body, token=self.admin["access"])
        self.assert_status(r, 201)
        return r.body


class CreateTest(PlacesBase):

    def test_create_shape_and_location(self):
        r = self.post("/places", {"placeName": "멍멍 카페",
                                  "placeInfo": "대형견 환영",
                                  "placeType": "CAFE",
                                  "address": "서울 마포구 1",
                                  "latitude": 37.55, "longitude": 126.9},
                      token=self.admin["access"])
        self.assert_status(r, 201)
        body = r.body
        self.assertLessEqual(ITEM_KEYS, set(body))
        self.assertEqual(r.headers["Location"], "/places/%d" % body["id"])
        self.assertEqual(body["placeName"], "멍멍 카페")
        self.assertEqual(body["placeInfo"], "대형견 환영")
        self.assertEqual(body["ratio"], 0.0)
        self.assertEqual(body["likeCount"], 0)
        self.assertIsNone(body["imageUrl"])
        if not ON_POSTGRES:  # PostgreSQL indexes places itself
            self.assertEqual(self.server.db_query(
                "SELECT count(*) FROM places_geo WHERE id = ?", body["id"]),
                [(1,)])
        got = self.get("/places/%d" % body["id"])
        self.assert_status(got, 200)
        self.assertEqual(got.body["reviews"], [])
        self.assertNotIn("liked", got.body)

    def test_duplicate_name_and_address(self):
        p = self.create(name="중복", address="같은 주소")
        with self.unchanged_db():
            r = self.post("/places", {"placeName": "중복",
                                      "placeType": "BAR",
                                      "address": "같은 주소",
                                      "latitude": 1, "longitude": 1},
                          token=self.admin["access"])
            self.assert_problem(r, 409, "DUPLICATE_PLACE")
        # a deleted place frees its name and address
        self.assert_status(self.delete("/places/%d" % p["id"],
                                       token=self.admin["access"]), 204)
        again = self.create(name="중복", address="같은 주소")
        with self.unchanged_db():
            r = self.patch("/places/%d/restore" % p["id"], {},
                           token=self.admin["access"])
            self.assert_problem(r, 409, "DUPLICATE_PLACE")
        self.assertNotEqual(again["id"], p["id"])

    def test_bad_input_changes_nothing(self):
        good = {"placeName": "좋은 이름", "placeType": "CAFE",
                "address": "주소", "latitude": 37.0, "longitude": 127.0}
        cases = [
            ({}, ["placeName", "placeType", "address"]),
            (dict(good, placeName=""), ["placeName"]),
            (dict(good, placeName="가" * 31), ["placeName"]),
            (dict(good, placeInfo="x" * 256), ["placeInfo"]),
            (dict(good, placeType="PUB"), ["placeType"]),
            (dict(good, placeType="cafe"), ["placeType"]),
            (dict(good, address="a" * 101), ["address"]),
            (dict(good, latitude=90.01), ["latitude"]),
            (dict(good, latitude=-91), ["latitude"]),
            (dict(good, longitude=180.5), ["longitude"]),
            (dict(good, longitude=-181), ["longitude"]),
            (dict(good, latitude="37.0"), ["latitude"]),
            (dict(good, placeName=5), ["placeName"]),
            ({k: v for k, v in good.items() if k != "longitude"},
             ["longitude"]),
            # no coordinates and no geocoding provider configured
            ({k: v for k, v in good.items()
              if k not in ("latitude", "longitude")},
             ["latitude", "longitude"]),
            # a missing field is named with the bad values, all at once
            ({"placeName": "", "placeType": "PUB", "latitude": 37.0,
              "longitude": 127.0}, ["placeName", "placeType", "address"]),
            ({"address": "a" * 101, "latitude": 91, "longitude": 127.0},
             ["placeName", "placeType", "address", "latitude"]),
            ({"placeType": 1}, ["placeName", "placeType", "address"]),
        ]
        for body, fields in cases:
            with self.subTest(body=body), self.unchanged_db():
                r = self.post("/places", body, token=self.admin["access"])
                self.assert_problem(r, 400, "INVALID_PARAMETER", fields)

    def test_rights_and_content_type(self):
        body = {"placeName": "권한", "placeType": "CAFE", "address": "a",
                "latitude": 1, "longitude": 1}
        with self.unchanged_db():
            self.assert_unauthorized(self.post("/places", body))
            self.assert_problem(self.post("/places", body,
                                          token=self.user["access"]), 403)
            r = self.server.request("POST", "/places", raw="x=1",
                                    content_type="text/plain",
                                    token=self.admin["access"])
            self.assert_problem(r, 415)
            r = self.server.request("POST", "/places", raw="{bad",
                                    token=self.admin["access"])
            self.assert_problem(r, 400)


class UpdateDeleteTest(PlacesBase):

    def test_partial_update(self):
        p = self.create(placeInfo="처음")
        r = self.put("/places/%d" % p["id"], {"placeType": "BAR"},
                     token=self.admin["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.body["placeType"], "BAR")
        self.assertEqual(r.body["placeName"], p["placeName"])
        self.assertEqual(r.body["placeInfo"], "처음")
        r = self.put("/places/%d" % p["id"],
                     {"latitude": 35.1, "longitude": 129.0},
                     token=self.admin["access"])
        self.assert_status(r, 200)
        self.assertEqual((r.body["latitude"], r.body["longitude"]),
                         (35.1, 129.0))
        near = self.get("/places" + query(lat=35.1, lng=129.0, radius=10))
        self.assertIn(p["id"], [i["id"] for i in near.body["content"]])

    def test_update_refusals(self):
        p = self.create()
        other = self.create()
        path = "/places/%d" % p["id"]
        for body, fields in (({"placeType": "X"}, ["placeType"]),
                             ({"latitude": 100, "longitude": 0},
                              ["latitude"]),
                             ({"latitude": 10}, ["longitude"]),
                             ({"placeName": ""}, ["placeName"])):
            with self.subTest(body=body), self.unchanged_db():
                self.assert_problem(self.put(path, body,
                                             token=self.admin["access"]),
                                    400, "INVALID_PARAMETER", fields)
        with self.unchanged_db():
            self.assert_problem(self.put(path, {
                "placeName": other["placeName"],
                "address": other["address"]},
                token=self.admin["access"]), 409, "DUPLICATE_PLACE")
            self.assert_problem(self.put(path, {"placeType": "BAR"},
                                         token=self.user["access"]), 403)
            self.assert_unauthorized(self.put(path, {"placeType": "BAR"}))
            self.assert_problem(self.put("/places/999999",
                                         {"placeType": "BAR"},
                                         token=self.admin["access"]),
                                404, "PLACE_NOT_FOUND")
            self.assert_problem(self.put("/places/abc", {},
                                         token=self.admin["access"]), 400)
            # unknown and malformed ids on the other routes of a place
            admin = self.admin["access"]
            self.assert_problem(self.get("/places/999999"), 404,
                                "PLACE_NOT_FOUND")
            self.assert_problem(self.get("/places/abc"), 400,
                                "INVALID_PARAMETER", ["placeId"])
            self.assert_problem(self.delete("/places/999999", token=admin),
                                404, "PLACE_NOT_FOUND")
            self.assert_problem(self.delete("/places/-1", token=admin), 400)
            self.assert_problem(self.patch("/places/999999/restore", {},
                                           token=admin),
                                404, "PLACE_NOT_FOUND")

    def test_delete_and_restore(self):
        p = self.create()
        path = "/places/%d" % p["id"]
        with self.unchanged_db():
            self.assert_problem(self.delete(path, token=self.user["access"]),
                                403)
            self.assert_problem(self.patch(path + "/restore", {},
                                           token=self.admin["access"]),
                                409, "PLACE_NOT_DELETED")
        # {placeStatus}: INACTIVE or DELETED (the default), nothing else
        with self.unchanged_db():
            self.assert_problem(self.server.request(
                "DELETE", path, body={"placeStatus": "ACTIVE"},
                token=self.admin["access"]), 400, "INVALID_PARAMETER",
                ["placeStatus"])
        self.assert_status(self.server.request(
            "DELETE", path, body={"placeStatus": "INACTIVE"},
            token=self.admin["access"]), 204)
        self.assertEqual(self.server.db_query(
            "SELECT status FROM places WHERE id = ?", p["id"]), [(1,)])
        self.assert_problem(self.get(path), 404)
        with self.unchanged_db():
            self.assert_problem(self.server.request(
                "DELETE", path, body={"placeStatus": "INACTIVE"},
                token=self.admin["access"]), 409, "ALREADY_INACTIVE_PLACE")
        # an INACTIVE place can still be deleted; an empty body is DELETED
        self.assert_status(self.server.request(
            "DELETE", path, body={}, token=self.admin["access"]), 204)
        self.assertEqual(self.server.db_query(
            "SELECT status FROM places WHERE id = ?", p["id"]), [(2,)])
        with self.unchanged_db():
            self.assert_problem(self.delete(path,
                                            token=self.admin["access"]),
                                409, "ALREADY_DELETED_PLACE")
            self.assert_problem(self.get(path), 404, "PLACE_NOT_FOUND")
            self.assert_problem(self.patch(path + "/restore",
                                           {"placeStatus": "DELETED"},
                                           token=self.admin["access"]),
                                400, "INVALID_PARAMETER", ["placeStatus"])
        ids = [i["id"] for i in self.get(
            "/places" + query(size=100)).body["content"]]
        self.assertNotIn(p["id"], ids)
        r = self.patch(path + "/restore", {"placeStatus": "INACTIVE"},
                       token=self.admin["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.body["placeStatus"], "INACTIVE")
        self.assert_problem(self.get(path), 404)
        self.assert_status(self.get(path, token=self.admin["access"]), 200)
        # no body at all is fine too: ACTIVE
        r = self.patch(path + "/restore", token=self.admin["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.body["placeStatus"], "ACTIVE")
        self.assert_status(self.get(path), 200)


class SearchTest(PlacesBase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tag = unique("t")
        cls.tag = tag
        mk = lambda name, t, addr, lat, lng: cls.server.post(
            "/places", {"placeName": name, "placeType": t, "address": addr,
                        "latitude": lat, "longitude": lng},
            token=cls.admin["access"]).body
        # around Seoul City Hall (37.5663, 126.9779)
        cls.hall = mk(tag + " 시청카페", "CAFE", "서울 중구 " + tag, 37.5663,
                      126.9779)
        cls.near = mk(tag + " 근처병원", "HOSPITAL", "서울 중구 2" + tag,
                      37.5700, 126.9779)
        cls.far = mk(tag + " 강남카페", "CAFE", "서울 강남구 " + tag, 37.4979,
                     127.0276)

    def names(self, r):
        self.assert_status(r, 200)
        return [i["placeName"] for i in r.body["content"]]

    def test_by_name_address_and_type(self):
        r = self.get("/places" + query(placeName=self.tag + " 시청"))
        self.assertEqual(self.names(r), [self.hall["placeName"]])
        r = self.get("/places" + query(address="중구 2" + self.tag))
        self.assertEqual(self.names(r), [self.near["placeName"]])
        r = self.get("/places" + query(placeName=self.tag, placeType="CAFE"))
        self.assertEqual(set(self.names(r)), {self.hall["placeName"],
                                              self.far["placeName"]})
        r = self.get("/places" + query(placeName=self.tag, placeType="ALL"))
        self.assertEqual(r.body["totalElements"], 3)
        # LIKE wildcards are literal
        r = self.get("/places" + query(placeName="%"))
        self.assertEqual(self.names(r), [])

    def test_paging(self):
        r = self.get("/places" + query(placeName=self.tag, size=2, page=1))
        self.assert_status(r, 200)
        self.assertEqual((r.body["page"], r.body["size"],
                          r.body["totalElements"], r.body["totalPages"]),
                         (1, 2, 3, 2))
        self.assertEqual(len(r.body["content"]), 1)
        for bad in ({"size": 0}, {"size": 101}, {"size": "x"},
                    {"page": -1}, {"page": "a"}):
            with self.subTest(bad=bad):
                self.assert_problem(self.get("/places" + query(**bad)), 400,
                                    "INVALID_PARAMETER")

    def test_near_search(self):
        r = self.get("/places" + query(lat=37.5663, lng=126.9779,
                                       radius=1000, placeName=self.tag))
        self.assertEqual(self.names(r), [self.hall["placeName"],
                                         self.near["placeName"]])
        d = [i["distance"] for i in r.body["content"]]
        self.assertAlmostEqual(d[0], 0.0, places=1)
        self.assertAlmostEqual(d[1], 411.4, delta=1.0)
        r = self.get("/places" + query(lat=37.5663, lng=126.9779,
                                       radius=20000, placeName=self.tag))
        self.assertEqual(self.names(r)[-1], self.far["placeName"])
        self.assertGreater(r.body["content"][-1]["distance"], 7000)
        r = self.get("/places" + query(lat=37.5663, lng=126.9779,
                                       radius=20000, placeName=self.tag,
                                       placeType="HOSPITAL"))
        self.assertEqual(self.names(r), [self.near["placeName"]])
        r = self.get("/places" + query(placeName=self.tag))
        self.assertNotIn("distance", r.body["content"][0])

    def test_bad_search_input(self):
        cases = [
            (dict(lat=91, lng=0, radius=10), ["lat"]),
            (dict(lat=-90.5, lng=0, radius=10), ["lat"]),
            (dict(lat=0, lng=181, radius=10), ["lng"]),
            (dict(lat=0, lng=0, radius=0), ["radius"]),
            (dict(lat=0, lng=0, radius=-5), ["radius"]),
            (dict(lat=0, lng=0, radius=50001), ["radius"]),
            (dict(lat=0, lng=0, radius="1e12"), ["radius"]),
            (dict(lat=0, lng=0, radius="nan"), ["radius"]),
            (dict(lat="x", lng=0, radius=10), ["lat"]),
            (dict(lat=37.5), ["lng", "radius"]),
            (dict(lat=37.5, lng=127), ["radius"]),
            (dict(placeType="PUB"), ["placeType"]),
        ]
        for params, fields in cases:
            with self.subTest(params=params), self.unchanged_db():
                self.assert_problem(self.get("/places" + query(**params)),
                                    400, "INVALID_PARAMETER", fields)


class LikeRankTest(PlacesBase):

    def like(self, method, place, user):
        return self.server.request(method, "/places/%d/like" % place["id"],
                                   token=user["access"])

    def test_put_delete_are_idempotent_and_post_toggles(self):
        p = self.create()
        u = self.user
        for _ in range(2):
            r = self.like("PUT", p, u)
            self.assert_status(r, 200)
            self.assertEqual(r.body, {"placeId": p["id"], "liked": True,
                                      "likeCount": 1})
        self.assertTrue(self.get("/places/%d" % p["id"],
                                 token=u["access"]).body["liked"])
        for _ in range(2):
            r = self.like("DELETE", p, u)
            self.assertEqual(r.body, {"placeId": p["id"], "liked": False,
                                      "likeCount": 0})
        r = self.like("POST", p, u)
        self.assertEqual(r.body["liked"], True)
        r = self.like("POST", p, u)
        self.assertEqual((r.body["liked"], r.body["likeCount"]), (False, 0))
        self.assertEqual(self.server.db_query(
            "SELECT count(*) FROM place_likes WHERE place_id = ?",
            p["id"]), [(0,)])

    def test_like_refusals(self):
        p = self.create()
        gone = self.create()
        self.delete("/places/%d" % gone["id"], token=self.admin["access"])
        with self.unchanged_db():
            self.assert_unauthorized(self.server.request(
                "PUT", "/places/%d/like" % p["id"]))
            self.assert_problem(self.like("PUT", {"id": 999999}, self.user),
                                404, "PLACE_NOT_FOUND")
            self.assert_problem(self.like("POST", gone, self.user), 404)
            self.assert_problem(self.server.request(
                "PUT", "/places/0/like", token=self.user["access"]), 400)

    def test_concurrent_likes_are_exact(self):
        p = self.create()
        users = [self.server.make_user() for _ in range(24)]

        def work(u):
            self.like("POST", p, u)   # like
            self.like("POST", p, u)   # unlike
            self.like("PUT", p, u)    # like
            return self.like("PUT", p, u).status

        with concurrent.futures.ThreadPoolExecutor(24) as pool:
            statuses = list(pool.map(work, users))
        self.assertEqual(statuses, [200] * 24)
        got = self.get("/places/%d" % p["id"]).body
        self.assertEqual(got["likeCount"], 24)
        self.assertEqual(self.server.db_query(
            "SELECT count(*) FROM place_likes WHERE place_id = ?",
            p["id"]), [(24,)])
        rank = self.get("/places/rank").body
        self.assertEqual(rank[0]["id"], p["id"])
        self.assertEqual(rank[0]["likeCount"], 24)

    def test_rank_per_type_and_bad_input(self):
        tag = unique("r")
        a = self.create(name=tag + "a", ptype="SCHOOL")
        b = self.create(name=tag + "b", ptype="SCHOOL")
        c = self.create(name=tag + "c", ptype="CAMPING")
        fans = [self.server.make_user() for _ in range(3)]
        for u in fans:
            self.like("PUT", b, u)
        for u in fans[:2]:
            self.like("PUT", c, u)
        self.like("PUT", a, fans[0])
        r = self.get("/places/rank" + query(placeType="SCHOOL"))
        self.assert_status(r, 200)
        self.assertEqual([(i["id"], i["likeCount"]) for i in r.body],
                         [(b["id"], 3), (a["id"], 1)])
        r = self.get("/places/rank" + query(placeType="CAMPING", size=1))
        self.assertEqual([i["id"] for i in r.body], [c["id"]])
        # ten by default
        for _ in range(11):
            self.like("PUT", self.create(ptype="BEAUTY"), fans[0])
        r = self.get("/places/rank" + query(placeType="BEAUTY"))
        self.assertEqual(len(r.body), 10)
        r = self.get("/places/rank" + query(size=50))
        counts = [i["likeCount"] for i in r.body]
        self.assertEqual(counts, sorted(counts, reverse=True))
        for item in r.body:
            self.assertEqual(item["likeCount"], self.get(
                "/places/%d" % item["id"]).body["likeCount"])
        # a deleted place leaves the ranking
        self.delete("/places/%d" % b["id"], token=self.admin["access"])
        r = self.get("/places/rank" + query(placeType="SCHOOL"))
        self.assertEqual([i["id"] for i in r.body], [a["id"]])
        for params, field in (({"size": 0}, "size"), ({"size": 51}, "size"),
                              ({"size": "x"}, "size"),
                              ({"placeType": "PUB"}, "placeType")):
            with self.subTest(params=params):
                self.assert_problem(self.get("/places/rank" +
                                             query(**params)),
                                    400, "INVALID_PARAMETER", [field])

    def test_the_sqlite_ranking_is_read_from_the_places(self):
        p = self.create(ptype="STORE")
        q = self.create(ptype="STORE")
        fans = [self.server.make_user() for _ in range(2)]
        for u in fans:
            self.like("PUT", p, u)
        self.like("PUT", q, fans[0])
        # like_count moves behind the server's back: the ranking follows
        # it with no rebuild; each size is asked once, so no rendered
        # ranking is reused
        self.server.db_execute("UPDATE places SET like_count = 5 WHERE id = ?",
                               q["id"])
        r = self.get("/places/rank" + query(placeType="STORE", size=7))
        self.assertEqual([(i["id"], i["likeCount"]) for i in r.body],
                         [(q["id"], 5), (p["id"], 2)])
        self.server.db_execute("UPDATE places SET like_count = 1 WHERE id = ?",
                               q["id"])
        # a rebuild has nothing to do but counts the ranked places
        r = ctl("--db", self.server.db, "--json", "rank", "rebuild")
        self.assertEqual(r.returncode, 0, r.stderr)
        ranked = self.server.db_query(
            "SELECT count(*) FROM places WHERE status = 0 AND "
            "like_count > 0")[0][0]
        self.assertEqual(json.loads(r.stdout),
                         {"rankedPlaces": ranked, "store": BACKEND})
        r = self.get("/places/rank" + query(placeType="STORE", size=8))
        self.assertEqual([(i["id"], i["likeCount"]) for i in r.body],
                         [(p["id"], 2), (q["id"], 1)])
        self.assertIn(p["id"], [i["id"] for i in self.get(
            "/places/rank" + query(size=49)).body])

if __name__ == "__main__":
    unittest.main()
