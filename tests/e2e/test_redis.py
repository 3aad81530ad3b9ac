"""petory-httpd with --redis --redis-sessions: sessions, refresh tokens and
rate limits live in a real redis-server, health reports it, and losing it
shows as 503 on health and on authenticated calls (never a 500)."""

import unittest

from harness import ServerTestCase
from redis_server import RedisServer


class RedisTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        cls.redis = RedisServer()
        cls.addClassCleanup(cls.redis.stop)
        cls.server_args = ("--redis", cls.redis.url, "--redis-sessions")
        super().setUpClass()

    def test_1_health_reports_redis_up(self):
        r = self.get("/actuator/health")
        self.assert_status(r, 200)
        self.assertEqual(r.body["components"]["redis"]["status"], "UP")
        self.assertEqual(r.body["components"]["db"]["status"], "UP")

    def test_2_sessions_live_in_redis(self):
        user = self.server.make_user()
        keys = self.redis.command("KEYS", "petory:sess:*")
        self.assertIn("petory:sess:", keys, "no session key in Redis")
        me = self.get("/users/me", token=user["access"])
        self.assert_status(me, 200)
        r = self.post("/auth/reissue", {"refreshToken": user["refresh"]})
        self.assert_status(r, 200)
        again = self.post("/auth/reissue", {"refreshToken": user["refresh"]})
        self.assert_problem(again, 401, "REFRESH_TOKEN_REUSED")
        self.assert_unauthorized(self.get("/users/me",
                                          token=r.body["accessToken"]))
        self.assertEqual(self.server.db_query(
            "SELECT count(*) FROM auth_sessions")[0][0], 0,
            "sessions must not be written to SQLite")

    def test_3_losing_redis_is_a_503_health(self):
        user = self.server.make_user()
        self.redis.stop()
        r = self.get("/users/me", token=user["access"])
        self.assert_problem(r, 503)
        r = self.get("/health")
        self.assert_status(r, 503)
        self.assertEqual(r.body["status"], "DOWN")
        self.assertEqual(r.body["components"]["redis"]["status"], "DOWN")
        self.assertEqual(r.body["components"]["db"]["status"], "UP")


if __name__ == "__main__":
    unittest.main()
