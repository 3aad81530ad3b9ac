"""The place ranking on Redis (petory-httpd --redis): boards are Redis
sorted sets kept in step with the SQL likes; when Redis stops mid-test
likes keep working over HTTP and the ranking is served from SQLite and
follows them (health reports redis DOWN); when Redis comes back (empty)
its boards are rebuilt from SQL and it serves again; petoryctl rank
rebuild --redis restores them too."""

import time
import unittest

from harness import ServerTestCase, ctl, query, unique
from redis_server import RedisServer


def zscore(redis, board, member):
    """The member's score on board as an int, or None."""
    reply = redis.command("ZSCORE", "petory:rank:" + board, str(member))
    if reply.startswith("$-1"):
        return None
    return int(float(reply.split("\r\n")[1]))


class PlacesRedisTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        cls.redis = RedisServer()
        cls.addClassCleanup(cls.redis.stop)
        cls.server_args = ("--redis", cls.redis.url)
        super().setUpClass()
        cls.admin = cls.server.make_admin()

    def create(self, ptype):
        r = self.post("/places", {"placeName": unique("p")[:30],
                                  "placeType": ptype,
                                  "address": unique("a"),
                                  "latitude": 37.5, "longitude": 127.0},
                      token=self.admin["access"])
        self.assert_status(r, 201)
        return r.body["id"]

    def like(self, place, user, method="PUT"):
        r = self.server.request(method, "/places/%d/like" % place,
                                token=user["access"])
        self.assert_status(r, 200)
        return r.body

    def rank(self, ptype="ALL"):
        r = self.get("/places/rank" + query(placeType=ptype, size=50))
        self.assert_status(r, 200)
        return [(i["id"], i["likeCount"]) for i in r.body]

    def assert_agrees(self, ptype="ALL"):
        """The ranking is ordered and agrees with each likeCount."""
        ranked = self.rank(ptype)
        self.assertEqual([c for _, c in ranked],
                         sorted((c for _, c in ranked), reverse=True))
        for place, count in ranked:
            self.assertEqual(self.get("/places/%d" % place).body[
                "likeCount"], count)
        return ranked

    def wait_health(self, status, timeout=15):
        deadline = time.monotonic() + timeout
        while True:
            r = self.get("/actuator/health")
            if r.status == status or time.monotonic() > deadline:
                return r
            time.sleep(0.1)

    def test_redis_goes_away_and_comes_back(self):
        users = [self.server.make_user() for _ in range(4)]
        a, b = self.create("HOSPITAL"), self.create("HOSPITAL")
        self.like(a, users[0])
        self.like(a, users[1])
        self.like(b, users[2])
        self.assertEqual(zscore(self.redis, "HOSPITAL", a), 2)
        self.assertEqual(zscore(self.redis, "ALL", b), 1)
        self.assertEqual(self.rank("HOSPITAL"), [(a, 2), (b, 1)])

        self.redis.stop()
        # Sessions stay in SQLite (no --redis-sessions), so users go on
        # liking; the ranking is served from SQLite boards rebuilt from
        # the SQL truth, and follows the likes made during the outage.
        self.assertEqual(self.rank("HOSPITAL"), [(a, 2), (b, 1)])
        self.like(b, users[0])
        self.like(b, users[1])
        self.like(a, users[0], "DELETE")
        self.assertEqual(self.like(b, users[3], "POST")["likeCount"], 4)
        self.assertEqual(self.rank("HOSPITAL"), [(b, 4), (a, 1)])
        self.assert_agrees()
        r = self.get("/actuator/health")
        self.assert_status(r, 503)
        self.assertEqual(r.body["components"]["redis"]["status"], "DOWN")
        self.assertIn("the place ranking is served from SQLite",
                      self.server.log_text())

        self.redis.start()
        self.like(b, users[3], "POST")  # back off: 3
        r = self.wait_health(200)
        self.assert_status(r, 200)
        self.assertEqual(r.body["components"]["redis"]["status"], "UP")
        self.assertIn("the place ranking is served from Redis",
                      self.server.log_text())
        # the empty Redis got its boards from the SQL truth
        self.assertEqual(self.rank("HOSPITAL"), [(b, 3), (a, 1)])
        self.assertEqual(zscore(self.redis, "HOSPITAL", b), 3)
        self.assertEqual(zscore(self.redis, "ALL", a), 1)
        self.like(a, users[3])
        self.assertEqual(zscore(self.redis, "HOSPITAL", a), 2)
        self.assertEqual(self.rank("HOSPITAL"), [(b, 3), (a, 2)])
        self.assert_agrees("HOSPITAL")

    def test_ctl_rank_rebuild(self):
        user = self.server.make_user()
        p = self.create("BEAUTY")
        self.like(p, user)
        self.assertEqual(zscore(self.redis, "BEAUTY", p), 1)
        self.redis.command("DEL", "petory:rank:BEAUTY", "petory:rank:ALL")
        self.assertIsNone(zscore(self.redis, "BEAUTY", p))
        r = ctl("--db", self.server.db, "--json", "rank", "rebuild",
                "--redis", self.redis.url)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(zscore(self.redis, "BEAUTY", p), 1)
        self.assertEqual(self.rank("BEAUTY"), [(p, 1)])
        r = ctl("--db", self.server.db, "rank", "rebuild")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("SQLite", r.stdout)
        r = ctl("--db", self.server.db, "rank", "rebuild", "--redis",
                "redis://127.0.0.1:1/0")
        self.assertNotEqual(r.returncode, 0)


if __name__ == "__main__":
    unittest.main()
