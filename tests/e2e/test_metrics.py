"""GET /actuator/prometheus (alias /metrics): the Prometheus text format
with requests per route and status, latency histograms per route and
status class that agree with the counts, the database counters, open
WebSockets and scheduler runs."""

import re
import time
import unittest

import wsclient
from harness import ServerTestCase

LINE = re.compile(r'^([a-z_]+)(\{[^}]*\})? ([0-9.e+-]+)$')


class MetricsTest(ServerTestCase):

    def scrape(self, path="/actuator/prometheus"):
        r = self.get(path)
        self.assert_status(r, 200)
        self.assertTrue(r.headers["Content-Type"].startswith(
            "text/plain; version=0.0.4"))
        series = {}
        for line in r.text.splitlines():
            if not line or line.startswith("#"):
                continue
            m = LINE.match(line)
            self.assertIsNotNone(m, line)
            series[m.group(1) + (m.group(2) or "")] = float(m.group(3))
        return series

    def count(self, series, method, route, status):
        return series.get('petory_http_requests_total{method="%s",'
                          'route="%s",status="%s"}' % (method, route,
                                                       status), 0)

    def test_requests_by_route_and_status(self):
        before = self.scrape()
        user = self.server.make_user()
        for _ in range(3):
            self.assert_status(self.get("/users/me", token=user["access"]),
                               200)
        self.assert_unauthorized(self.get("/users/me"))
        self.assert_status(self.get("/no/such/thing"), 404)
        after = self.scrape("/metrics")
        self.assertEqual(self.count(after, "GET", "/users/me", 200) -
                         self.count(before, "GET", "/users/me", 200), 3)
        self.assertEqual(self.count(after, "GET", "/users/me", 401) -
                         self.count(before, "GET", "/users/me", 401), 1)
        self.assertEqual(self.count(after, "", "unmatched", 404) -
                         self.count(before, "", "unmatched", 404), 1)
        # one histogram per status class: the 200s and the 401 of one
        # route are apart, and each counts what the counter counts
        labels = 'method="GET",route="/users/me"'
        for cls, statuses, made in (("2xx", (200,), 3), ("4xx", (401,), 1)):
            series = '%s,status_class="%s"' % (labels, cls)
            key = "petory_http_request_duration_seconds_count{%s}" % series
            self.assertEqual(after[key] - before.get(key, 0), made, cls)
            total = sum(self.count(after, "GET", "/users/me", s)
                        for s in statuses)
            self.assertEqual(after[key], total, cls)
            buckets = [v for k, v in after.items() if k.startswith(
                "petory_http_request_duration_seconds_bucket{%s," % series)]
            self.assertEqual(len(buckets), 14)
            self.assertEqual(buckets, sorted(buckets))
            self.assertEqual(buckets[-1], total)
        self.assertNotIn("petory_http_request_duration_seconds_count{%s}" %
                         labels, after)
        self.assertNotIn('status_class="5xx"', "".join(
            k for k in after if 'route="/users/me"' in k))
        # raw paths never become labels
        self.assertFalse([k for k in after if "/no/such/thing" in k])
        self.assertGreater(after["petory_db_uses_total"],
                           before["petory_db_uses_total"])
        self.assertGreaterEqual(after["petory_db_busy_seconds_total"],
                                before["petory_db_busy_seconds_total"])
        self.assertGreaterEqual(after["petory_batch_runs_total"], 1)
        self.assertEqual(after["petory_batch_failures_total"], 0)

    def test_outbox_jobs_and_redis_gauges(self):
        s = self.scrape()
        pending = self.server.db_query(
            "SELECT count(*) FROM outbox WHERE delivered_at IS NULL")[0][0]
        self.assertEqual(s["petory_outbox_pending"], pending)
        self.assertGreaterEqual(s["petory_outbox_oldest_age_seconds"], 0)
        # the first scheduler pass ran every daily job before listening
        for job in ("daily-notify", "notification-purge",
                    "account-lifecycle"):
            at = s['petory_job_last_run_timestamp_seconds{job="%s"}' % job]
            self.assertAlmostEqual(at, time.time(), delta=3600, msg=job)
        self.assertEqual(s["petory_redis_configured"], 0)
        self.assertEqual(s["petory_redis_fallback"], 0)

    def test_open_websockets(self):
        loop = wsclient.Loop()
        self.addCleanup(loop.close)
        user = self.server.make_user()
        base = self.scrape()["petory_websocket_connections"]
        c = wsclient.Client.open(loop, self.server, user["access"])
        self.assertEqual(self.scrape()["petory_websocket_connections"],
                         base + 1)
        c.close()


if __name__ == "__main__":
    unittest.main()
