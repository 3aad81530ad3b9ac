"""Lost-pet alerts over HTTP (api.md, "Lost-pet alerts"): the watched
area, raising an alert and who it reaches (the edge of the radius, from
the equator to +-85 degrees, the antimeridian, disabled areas, suspended
users, never the owner, each user once), sightings, FOUND and CANCELLED,
the public list near a point with rounded coordinates, a pet deleted
while LOST, the live push on a WebSocket and the pet's photo readable by
everyone only while the alert is LOST.  Refused requests leave the
database as it was."""

import datetime
import itertools
import math
import unittest

import images
import wsclient
from harness import ServerTestCase, query

EARTH_R = 6371008.8
_region = itertools.count()


def region():
    """A longitude of its own for each test (areas are server-wide)."""
    return -170.0 + 3.1 * next(_region)


def north(lat, lng, metres):
    """The point `metres` due north of (lat, lng) on the haversine's
    sphere."""
    return lat + math.degrees(metres / EARTH_R), lng


def east(lat, lng, metres):
    """The point on the same latitude `metres` away (haversine) eastward."""
    d = 2 * math.asin(math.sin(metres / (2 * EARTH_R)) /
                      math.cos(math.radians(lat)))
    lng2 = lng + math.degrees(d)
    if lng2 > 180:
        lng2 -= 360
    return lat, lng2


def now_rfc3339(delta_s=0):
    t = datetime.datetime.now(datetime.timezone.utc) + \
        datetime.timedelta(seconds=delta_s)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class LostPetHelpers:
    """Pets, watchers and alerts of self.owner (set up per test)."""

    def setUp(self):
        self.owner = self.server.make_user()

    def pet(self, user=None, **fields):
        body = {"name": "Choco", "size": "SMALL", "species": "dog"}
        body.update(fields)
        r = self.post("/pets", body, token=(user or self.owner)["access"])
        self.assert_status(r, 201)
        return r.body

    def watcher(self, lat, lng, radius=1000, enabled=True):
        u = self.server.make_user()
        r = self.put("/users/me/alert-area", {
            "latitude": lat, "longitude": lng, "radiusM": radius,
            "enabled": enabled}, token=u["access"])
        self.assert_status(r, 200)
        return u

    def raise_alert(self, lat, lng, owner=None, pet=None, status=201, **kw):
        owner = owner or self.owner
        pet = pet or self.pet(owner)
        body = {"petId": pet["id"], "lastSeenAt": now_rfc3339(-600),
                "latitude": lat, "longitude": lng,
                "description": "갈색 푸들, 빨간 목줄"}
        body.update(kw)
        r = self.post("/lost-pets", body, token=owner["access"])
        self.assert_status(r, status)
        return r

    def lost_pet_notes(self, user):
        r = self.get("/notifications", token=user["access"])
        self.assert_status(r, 200)
        return [n for n in r.body["content"] if n["type"] == "LOST_PET"]


class LostPetsTest(LostPetHelpers, ServerTestCase):

    # ---- the watched area ----

    def test_alert_area_rows(self):
        u = self.server.make_user()
        self.assert_problem(self.get("/users/me/alert-area",
                                     token=u["access"]),
                            404, "ALERT_AREA_NOT_FOUND")
        r = self.put("/users/me/alert-area", {
            "latitude": 37.5, "longitude": 127.0, "radiusM": 500,
            "enabled": True}, token=u["access"])
        self.assert_status(r, 200)
        self.assertEqual((r.body["latitude"], r.body["longitude"],
                          r.body["radiusM"], r.body["enabled"]),
                         (37.5, 127.0, 500, True))
        r = self.put("/users/me/alert-area", {
            "latitude": 37.6, "longitude": 127.1, "radiusM": 10000,
            "enabled": False}, token=u["access"])
        self.assert_status(r, 200)
        got = self.get("/users/me/alert-area", token=u["access"]).body
        self.assertEqual((got["latitude"], got["radiusM"], got["enabled"]),
                         (37.6, 10000, False))
        self.assert_status(self.delete("/users/me/alert-area",
                                       token=u["access"]), 204)
        self.assert_problem(self.delete("/users/me/alert-area",
                                        token=u["access"]),
                            404, "ALERT_AREA_NOT_FOUND")
        self.assert_unauthorized(self.get("/users/me/alert-area"))

    def test_alert_area_bad_input(self):
        u = self.server.make_user()
        good = {"latitude": 37.5, "longitude": 127.0, "radiusM": 500,
                "enabled": True}
        with self.unchanged_db():
            for field, value in (("radiusM", 99), ("radiusM", 10001),
                                 ("latitude", 90.5), ("longitude", -181),
                                 ("latitude", "north"), ("radiusM", None),
                                 ("enabled", None), ("enabled", "yes")):
                body = dict(good)
                if value is None:
                    del body[field]
                else:
                    body[field] = value
                with self.subTest(field=field, value=value):
                    self.assert_problem(
                        self.put("/users/me/alert-area", body,
                                 token=u["access"]),
                        400, "INVALID_PARAMETER", fields=(field,))

    # ---- who an alert reaches ----

    def test_edge_of_the_radius_at_many_latitudes(self):
        for lat in (0.0, 37.5, 60.0, 85.0, -85.0):
            lng = region()
            with self.subTest(lat=lat):
                owner = self.server.make_user()
                r = 2000
                # north and east, inside and outside by a metre
                inside_n = self.watcher(*north(lat, lng, -(r - 1)), radius=r)
                outside_n = self.watcher(*north(lat, lng, -(r + 1)), radius=r)
                inside_e = self.watcher(*east(lat, lng, -(r - 1)) if False
                                        else east(lat, lng, r - 1), radius=r)
                outside_e = self.watcher(*east(lat, lng, r + 1), radius=r)
                alert = self.raise_alert(lat, lng, owner=owner).body
                self.assertEqual(alert["alertedCount"], 2, alert)
                for u, want in ((inside_n, 1), (outside_n, 0),
                                (inside_e, 1), (outside_e, 0)):
                    self.assertEqual(len(self.lost_pet_notes(u)), want)

    def test_the_antimeridian(self):
        w = self.watcher(0.0, 179.995, radius=2000)
        far = self.watcher(0.0, 179.9, radius=2000)
        alert = self.raise_alert(0.0, -179.995).body
        self.assertEqual(alert["alertedCount"], 1)
        self.assertEqual(len(self.lost_pet_notes(w)), 1)
        self.assertEqual(len(self.lost_pet_notes(far)), 0)

    def test_who_is_never_alerted(self):
        lng = region()
        lat = 37.5
        ok = self.watcher(lat, lng)
        disabled = self.watcher(lat, lng, enabled=False)
        suspended = self.watcher(lat, lng)
        self.server.db_execute("UPDATE users SET status = 1 WHERE id = ?",
                               suspended["id"])
        # the owner watches the place too
        r = self.put("/users/me/alert-area", {
            "latitude": lat, "longitude": lng, "radiusM": 1000,
            "enabled": True}, token=self.owner["access"])
        self.assert_status(r, 200)
        alert = self.raise_alert(lat, lng).body
        self.assertEqual(alert["alertedCount"], 1)
        self.assertEqual(len(self.lost_pet_notes(ok)), 1)
        for u in (disabled, self.owner):
            self.assertEqual(len(self.lost_pet_notes(u)), 0)
        n = self.lost_pet_notes(ok)[0]
        self.assertEqual(n["link"], "/lost-pets/%d" % alert["id"])
        rows = self.server.db_query(
            "SELECT count(*) FROM notifications WHERE user_id = ?",
            suspended["id"])
        self.assertEqual(rows[0][0], 0)

    def test_each_user_once_per_alert(self):
        # an area near the antimeridian is indexed by two boxes; a point
        # in both of them still alerts once
        w = self.watcher(85.0, 180.0, radius=10000)
        alert = self.raise_alert(85.0, 179.999).body
        self.assertEqual(alert["alertedCount"], 1)
        self.assertEqual(len(self.lost_pet_notes(w)), 1)

    # ---- raising ----

    def test_raise_answer_and_errors(self):
        lng = region()
        pet = self.pet()
        r = self.raise_alert(37.5, lng, pet=pet, contact="010-0000-0000")
        a = r.body
        self.assertEqual(r.headers["Location"], "/lost-pets/%d" % a["id"])
        for key in ("id", "petId", "petName", "species", "status",
                    "lastSeenAt", "latitude", "longitude", "description",
                    "contact", "images", "alertedCount", "createdAt"):
            self.assertIn(key, a)
        self.assertEqual((a["petId"], a["petName"], a["species"],
                          a["status"]), (pet["id"], "Choco", "dog", "LOST"))
        self.assertEqual(a["latitude"], 37.5)
        other = self.server.make_user()
        spare = [self.pet() for _ in range(7)]
        with self.unchanged_db():
            self.assert_problem(self.raise_alert(37.5, lng, pet=pet,
                                                 status=409),
                                409, "LOST_PET_ALREADY_ACTIVE")
            self.assert_problem(self.raise_alert(37.5, lng, owner=other,
                                                 pet=pet, status=404),
                                404, "PET_NOT_FOUND")
            for field, value in (("lastSeenAt", now_rfc3339(3600)),
                                 ("lastSeenAt", "yesterday"),
                                 ("description", ""),
                                 ("description", "가" * 501),
                                 ("contact", "x" * 101),
                                 ("latitude", 91),
                                 ("imageKeys", ["nope"])):
                with self.subTest(field=field):
                    r = self.raise_alert(37.5, lng, pet=spare.pop(),
                                         status=400, **{field: value})
                    self.assert_problem(r, 400, "INVALID_PARAMETER",
                                        fields=(field,))
            self.assert_unauthorized(self.post("/lost-pets", {"petId": 1}))

    def test_three_alerts_a_day(self):
        lng = region()
        pets = [self.pet() for _ in range(4)]
        for i in range(3):
            r = self.raise_alert(37.5, lng, pet=pets[i])
            self.assertEqual(r.headers["RateLimit-Limit"], "3")
            self.assertEqual(r.headers["RateLimit-Remaining"], str(2 - i))
        with self.unchanged_db():
            r = self.raise_alert(37.5, lng, pet=pets[3], status=429)
        self.assert_problem(r, 429)
        self.assertIn("Retry-After", r.headers)

    # ---- reading ----

    def test_list_near_with_rounded_coordinates(self):
        lng = region()
        near = self.raise_alert(37.51234, lng + 0.01).body
        nearer = self.raise_alert(37.50001, lng, owner=self.server.make_user()).body
        far_owner = self.server.make_user()
        self.raise_alert(38.5, lng, owner=far_owner)
        r = self.get("/lost-pets" + query(lat=37.5, lng=lng, radius=5000))
        self.assert_status(r, 200)
        got = [a["id"] for a in r.body["content"]]
        self.assertEqual(got, [nearer["id"], near["id"]])
        self.assertEqual(r.body["totalElements"], 2)
        first = r.body["content"][0]
        self.assertLess(first["distance"], r.body["content"][1]["distance"])
        self.assertEqual(first["latitude"], 37.5)
        self.assertEqual([a["mine"] for a in r.body["content"]],
                         [False, False])
        # the owner sees their exact point, and that the alert is theirs
        r = self.get("/lost-pets" + query(lat=37.5, lng=lng, radius=5000),
                     token=self.owner["access"])
        mine = [a for a in r.body["content"] if a["id"] == near["id"]][0]
        self.assertEqual(mine["latitude"], 37.51234)
        self.assertIs(mine["mine"], True)
        other = [a for a in r.body["content"] if a["id"] == nearer["id"]][0]
        self.assertIs(other["mine"], False)
        r = self.get("/lost-pets/%d" % near["id"])
        self.assertEqual(r.body["latitude"], 37.512)
        self.assertIs(r.body["mine"], False)
        r = self.get("/lost-pets/%d" % near["id"], token=far_owner["access"])
        self.assertIs(r.body["mine"], False)
        r = self.get("/lost-pets/%d" % near["id"], token=self.owner["access"])
        self.assertIs(r.body["mine"], True)
        self.assertEqual(r.body["sightings"], [])
        for bad in ({"lat": 37.5, "lng": lng, "radius": 50001},
                    {"lat": 91, "lng": lng, "radius": 10},
                    {"lng": lng, "radius": 10},
                    {"lat": "x", "lng": lng, "radius": 10},
                    {"lat": 37.5, "lng": lng, "radius": 10, "size": 0}):
            with self.subTest(bad=bad):
                self.assert_problem(self.get("/lost-pets" + query(**bad)),
                                    400, "INVALID_PARAMETER")
        self.assert_problem(self.get("/lost-pets/999999"), 404,
                            "LOST_PET_NOT_FOUND")

    # ---- sightings, FOUND, CANCELLED ----

    def test_sightings_and_found(self):
        lng = region()
        w1 = self.watcher(37.5, lng)
        w2 = self.watcher(37.5, lng)
        a = self.raise_alert(37.5, lng).body
        spotter = self.server.make_user()
        key = self.server.upload(spotter, images.png())
        r = self.post("/lost-pets/%d/sightings" % a["id"], {
            "latitude": 37.501, "longitude": lng, "seenAt": now_rfc3339(-60),
            "note": "편의점 앞", "imageKeys": [key]},
            token=spotter["access"])
        self.assert_status(r, 201)
        r = self.post("/lost-pets/%d/sightings" % a["id"], {
            "latitude": 37.502, "longitude": lng,
            "seenAt": now_rfc3339(-30)}, token=spotter["access"])
        self.assert_status(r, 201)
        got = self.get("/lost-pets/%d" % a["id"]).body
        self.assertEqual([s["latitude"] for s in got["sightings"]],
                         [37.502, 37.501])
        self.assertEqual(len(got["sightings"][1]["images"]), 1)
        self.assertEqual(len(self.lost_pet_notes(self.owner)), 2)
        with self.unchanged_db():
            for body, field in (({"latitude": 37.5, "longitude": lng,
                                  "seenAt": now_rfc3339(3600)}, "seenAt"),
                                ({"latitude": 37.5, "longitude": lng,
                                  "seenAt": now_rfc3339(-1),
                                  "note": "x" * 256}, "note"),
                                ({"longitude": lng,
                                  "seenAt": now_rfc3339(-1)}, "latitude")):
                self.assert_problem(
                    self.post("/lost-pets/%d/sightings" % a["id"], body,
                              token=spotter["access"]),
                    400, "INVALID_PARAMETER", fields=(field,))
            self.assert_problem(
                self.patch("/lost-pets/%d" % a["id"], {"status": "FOUND"},
                           token=spotter["access"]), 403)
            self.assert_problem(
                self.patch("/lost-pets/%d" % a["id"], {"status": "LOST"},
                           token=self.owner["access"]),
                400, "INVALID_PARAMETER", fields=("status",))
        r = self.patch("/lost-pets/%d" % a["id"], {"status": "FOUND"},
                       token=self.owner["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.body["status"], "FOUND")
        for w in (w1, w2):
            self.assertEqual(len(self.lost_pet_notes(w)), 2)
        with self.unchanged_db():
            for status in ("CANCELLED", "FOUND"):
                self.assert_problem(
                    self.patch("/lost-pets/%d" % a["id"],
                               {"status": status},
                               token=self.owner["access"]),
                    409, "LOST_PET_CLOSED")
            self.assert_problem(
                self.post("/lost-pets/%d/sightings" % a["id"], {
                    "latitude": 37.5, "longitude": lng,
                    "seenAt": now_rfc3339(-1)}, token=spotter["access"]),
                409, "LOST_PET_CLOSED")
        # no longer listed
        r = self.get("/lost-pets" + query(lat=37.5, lng=lng, radius=1000))
        self.assertNotIn(a["id"], [x["id"] for x in r.body["content"]])

    def test_found_after_cancelled_is_refused(self):
        lng = region()
        w = self.watcher(37.5, lng)
        a = self.raise_alert(37.5, lng).body
        r = self.patch("/lost-pets/%d" % a["id"], {"status": "CANCELLED"},
                       token=self.owner["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.body["status"], "CANCELLED")
        with self.unchanged_db():
            self.assert_problem(
                self.patch("/lost-pets/%d" % a["id"], {"status": "FOUND"},
                           token=self.owner["access"]),
                409, "LOST_PET_CLOSED")
        # CANCELLED notifies nobody
        self.assertEqual(len(self.lost_pet_notes(w)), 1)
        # a new alert for the same pet may be raised again
        self.raise_alert(37.5, lng, pet={"id": a["petId"]})

    def test_a_pet_deleted_while_lost_closes_its_alert(self):
        lng = region()
        pet = self.pet()
        a = self.raise_alert(37.5, lng, pet=pet).body
        self.assert_status(self.delete("/pets/%d" % pet["id"],
                                       token=self.owner["access"]), 204)
        got = self.get("/lost-pets/%d" % a["id"]).body
        self.assertEqual(got["status"], "CANCELLED")

    # ---- photos and the live push ----

    def test_the_pet_photo_is_public_only_while_lost(self):
        key = self.server.upload(self.owner, images.png())
        own = self.server.upload(self.owner, images.png())
        pet = self.pet(imageKeys=[key])
        self.assert_problem(self.get("/files/" + key), 404, "FILE_NOT_FOUND")
        a = self.raise_alert(37.5, region(), pet=pet, imageKeys=[own]).body
        for k in (key, own):
            self.assert_status(self.get("/files/" + k), 200)
        got = self.get("/lost-pets/%d" % a["id"]).body
        self.assertEqual(got["petImages"][0]["url"], "/files/" + key)
        self.assertEqual(got["images"][0]["url"], "/files/" + own)
        # a key is used once
        self.assert_problem(self.raise_alert(37.5, 127, imageKeys=[own],
                                             status=409),
                            409, "FILE_ALREADY_USED")
        self.assert_status(self.patch("/lost-pets/%d" % a["id"],
                                      {"status": "FOUND"},
                                      token=self.owner["access"]), 200)
        for k in (key, own):
            self.assert_problem(self.get("/files/" + k), 404,
                                "FILE_NOT_FOUND")
        got = self.get("/lost-pets/%d" % a["id"]).body
        self.assertEqual((got["petImages"], got["images"]), ([], []))
        self.assert_status(self.get("/files/" + key,
                                    token=self.owner["access"]), 200)
        mine = self.get("/lost-pets/%d" % a["id"],
                        token=self.owner["access"]).body
        self.assertRegex(mine["images"][0]["url"],
                         r"^/files/%s\?expires=\d+&signature=" % own)

    def test_unknown_alerts_and_missing_tokens(self):
        u = self.server.make_user()
        body = {"latitude": 37.5, "longitude": 127.0,
                "seenAt": now_rfc3339(-1)}
        with self.unchanged_db():
            self.assert_problem(self.post("/lost-pets/999999/sightings", body,
                                          token=u["access"]),
                                404, "LOST_PET_NOT_FOUND")
            self.assert_problem(self.patch("/lost-pets/999999",
                                           {"status": "FOUND"},
                                           token=u["access"]),
                                404, "LOST_PET_NOT_FOUND")
            self.assert_problem(self.patch("/lost-pets/1", {},
                                           token=u["access"]),
                                400, "INVALID_PARAMETER", fields=("status",))
            self.assert_unauthorized(self.post("/lost-pets/1/sightings",
                                               body))
            self.assert_unauthorized(self.patch("/lost-pets/1",
                                                {"status": "FOUND"}))
            self.assert_unauthorized(self.put("/users/me/alert-area", {}))
            self.assert_unauthorized(self.delete("/users/me/alert-area"))

    def test_live_push_on_the_websocket(self):
        lng = region()
        w = self.watcher(37.5, lng)
        loop = wsclient.Loop()
        self.addCleanup(loop.close)
        c = wsclient.Client.open(loop, self.server, w["access"])
        self.addCleanup(c.close)
        a = self.raise_alert(37.5, lng).body
        n = c.recv_type("notification")["notification"]
        self.assertEqual(n["type"], "LOST_PET")
        self.assertEqual(n["link"], "/lost-pets/%d" % a["id"])


class LostPetAlertLimitOptionTest(LostPetHelpers, ServerTestCase):
    """--lost-pet-alert-limit: one alert a window, then 429."""

    server_args = ("--lost-pet-alert-limit", "1")

    def test_the_limit_is_a_setting(self):
        lng = region()
        first, second = self.pet(), self.pet()
        r = self.raise_alert(37.5, lng, pet=first)
        self.assertEqual(r.headers["RateLimit-Limit"], "1")
        with self.unchanged_db():
            r = self.raise_alert(37.5, lng, pet=second, status=429)
        self.assert_problem(r, 429)


if __name__ == "__main__":
    unittest.main()
