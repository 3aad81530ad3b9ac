"""The place ranking on Redis (petory-httpd --redis): boards are Redis
sorted sets kept in step with the SQL likes; when Redis stops mid-test
likes keep working over HTTP and the ranking is served from SQLite and
follows them (health reports redis DOWN); when Redis comes back (empty)
its boards are rebuilt from SQL and it serves again; petoryctl rank
rebuild --redis restores them too; a server started before its Redis
moves the ranking to Redis once it answers."""

import re
import time
import unittest

from harness import DATABASE_KIND, ServerTestCase, ctl, query, unique
from redis_server import RedisServer


def zscore(redis, board, member):
    """The member's score on board as an int, or None."""
    reply = redis.command("ZSCORE", "petory:rank:" + board, str(member))
    if reply.startswith("$-1"):
        return None
    return int(float(reply.split("\r\n")[1]))


class RedisBase(ServerTestCase):
    """A petory-httpd --redis on a private redis-server, stopped first
    when redis_down."""

    redis_down = False

    @classmethod
    def setUpClass(cls):
        cls.redis = RedisServer()
        cls.addClassCleanup(cls.redis.stop)
        if cls.redis_down:
            cls.redis.stop()
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

    def assert_redis_down(self, logged):
        """Health is 503 with redis DOWN, and the log said `logged`."""
        r = self.get("/actuator/health")
        self.assert_status(r, 503)
        self.assertEqual(r.body["components"]["redis"]["status"], "DOWN")
        self.assertIn(logged, self.server.log_text())
        self.assertEqual(self.redis_fallback_metric(), 1)

    def redis_fallback_metric(self):
        """petory_redis_fallback in /metrics (the alert rule's input)."""
        r = self.get("/metrics")
        self.assert_status(r, 200)
        values = re.findall(r"^petory_redis_fallback (\d+)$", r.text, re.M)
        self.assertEqual(len(values), 1, r.text)
        return int(values[0])


class PlacesRedisTest(RedisBase):

    def test_redis_goes_away_and_comes_back(self):
        users = [self.server.make_user() for _ in range(4)]
        a, b = self.create("HOSPITAL"), self.create("HOSPITAL")
        self.like(a, users[0])
        self.like(a, users[1])
        self.like(b, users[2])
        self.assertEqual(zscore(self.redis, "HOSPITAL", a), 2)
        self.assertEqual(zscore(self.redis, "ALL", b), 1)
        self.assertEqual(self.rank("HOSPITAL"), [(a, 2), (b, 1)])
        self.assertEqual(self.redis_fallback_metric(), 0)

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
        self.assert_redis_down("the place ranking is served from "
                               + DATABASE_KIND)

        self.redis.start()
        self.like(b, users[3], "POST")  # back off: 3
        r = self.wait_health(200)
        self.assert_status(r, 200)
        self.assertEqual(r.body["components"]["redis"]["status"], "UP")
        self.assertIn("the place ranking is served from Redis",
                      self.server.log_text())
        self.assertEqual(self.redis_fallback_metric(), 0)
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
        self.assertIn(DATABASE_KIND, r.stdout)
        r = ctl("--db", self.server.db, "rank", "rebuild", "--redis",
                "redis://127.0.0.1:1/0")
        self.assertNotEqual(r.returncode, 0)


class RedisLateTest(RedisBase):
    """petory-httpd started while its Redis is down: the ranking is
    served from SQLite (health 503) until Redis starts, then from Redis,
    rebuilt from SQL."""

    redis_down = True

    def test_redis_starts_after_the_server(self):
        users = [self.server.make_user() for _ in range(2)]
        a, b = self.create("BAR"), self.create("BAR")
        self.like(a, users[0])
        self.like(b, users[0])
        self.like(b, users[1])
        self.assertEqual(self.rank("BAR"), [(b, 2), (a, 1)])
        self.assert_redis_down("served from %s until it answers"
                               % DATABASE_KIND)
        self.redis.start()
        r = self.wait_health(200)
        self.assert_status(r, 200)
        self.assertEqual(zscore(self.redis, "BAR", b), 2)
        self.assertEqual(zscore(self.redis, "ALL", a), 1)
        self.like(a, users[1])
        self.assertEqual(zscore(self.redis, "BAR", a), 2)
        self.assertEqual(self.rank("BAR"), [(a, 2), (b, 2)])
        self.assert_agrees("BAR")


if __name__ == "__main__":
    unittest.main()
