"""GET /actuator/prometheus (alias /metrics): the Prometheus text format
with requests per route and status, latency histograms that agree with
the counts, the database counters, open WebSockets and scheduler runs."""

import re
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
        # the histogram counts what the counter counts, buckets grow
        labels = 'method="GET",route="/users/me"'
        total = sum(v for k, v in after.items()
                    if k.startswith('petory_http_requests_total{%s,' %
                                    labels))
        self.assertEqual(after["petory_http_request_duration_seconds_count"
                               "{%s}" % labels], total)
        buckets = [v for k, v in after.items() if k.startswith(
            "petory_http_request_duration_seconds_bucket{%s," % labels)]
        self.assertEqual(buckets, sorted(buckets))
        self.assertEqual(buckets[-1], total)
        self.assertGreater(after["petory_db_uses_total"],
                           before["petory_db_uses_total"])
        self.assertGreaterEqual(after["petory_db_busy_seconds_total"],
                                before["petory_db_busy_seconds_total"])
        self.assertGreaterEqual(after["petory_batch_runs_total"], 1)
        self.assertEqual(after["petory_batch_failures_total"], 0)

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
