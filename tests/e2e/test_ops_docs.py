"""docs/ops: the Prometheus alert rules pass `promtool check rules` and
their unit tests (`promtool test rules`); every metric the Grafana
dashboard and the rules use is in a live server's /metrics; and a real
Prometheus scraping a running petory-httpd answers a PromQL query with
the request count the test made."""

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.parse
import urllib.request

from harness import Server

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OPS = os.path.join(ROOT, "docs", "ops")
DASHBOARD = os.path.join(OPS, "grafana-dashboard.json")
ALERTS = os.path.join(OPS, "alerts.yml")
PROMTOOL = shutil.which("promtool")
PROMETHEUS = shutil.which("prometheus")

# What an expression names that is not a metric.
PROMQL_WORDS = {
    "sum", "min", "max", "avg", "count", "rate", "irate", "increase",
    "deriv", "histogram_quantile", "time", "by", "without", "and", "or",
    "unless", "on", "ignoring", "group_left", "group_right", "clamp_min",
    "clamp_max", "abs", "topk", "bottomk", "offset", "bool", "vector",
    "scalar", "delta", "idelta", "changes", "resets", "absent",
    "avg_over_time", "max_over_time", "min_over_time", "label_replace",
}


def metric_names(expr):
    """The metric names an expression reads."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # strings
    expr = re.sub(r"\{[^}]*\}", "", expr)  # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)  # ranges
    expr = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", "", expr)
    names = set()
    for m in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", expr):
        word = m.group(0)
        if word in PROMQL_WORDS or word.startswith("$"):
            continue
        if expr[m.end():].lstrip().startswith("("):
            continue  # a function
        names.add(word)
    return names


def dashboard_exprs(dashboard):
    def walk(panels):
        for p in panels:
            yield from walk(p.get("panels", []))
            for t in p.get("targets", []):
                yield p, t["expr"]
    return list(walk(dashboard["panels"]))


def alert_exprs():
    """The expr of every rule (block scalars and one-liners), without a
    YAML library."""
    with open(ALERTS) as f:
        lines = f.read().splitlines()
    exprs, i = [], 0
    while i < len(lines):
        m = re.match(r"^(\s*)expr:\s*(.*)$", lines[i])
        i += 1
        if not m:
            continue
        if m.group(2) not in ("|", ">"):
            exprs.append(m.group(2))
            continue
        indent, body = len(m.group(1)), []
        while i < len(lines) and (not lines[i].strip() or len(
                lines[i]) - len(lines[i].lstrip()) > indent):
            body.append(lines[i].strip())
            i += 1
        exprs.append(" ".join(body))
    return exprs


def exposed_names(text):
    return {line.split("{")[0].split(" ")[0]
            for line in text.splitlines() if line and line[0] != "#"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RulesTest(unittest.TestCase):

    def setUp(self):
        self.assertTrue(PROMTOOL, "promtool missing: install Debian's "
                        "prometheus (scripts/setup.sh)")

    def test_promtool_check_rules(self):
        r = subprocess.run([PROMTOOL, "check", "rules", ALERTS],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("SUCCESS", r.stdout + r.stderr)

    def test_promtool_test_rules(self):
        r = subprocess.run([PROMTOOL, "test", "rules", "alerts_test.yml"],
                           capture_output=True, text=True, timeout=60,
                           cwd=OPS)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_the_asked_alerts_are_there(self):
        with open(ALERTS) as f:
            names = re.findall(r"^\s*- alert: (\S+)", f.read(), re.M)
        for name in ("PetoryHigh5xxRate", "PetoryHighP99Latency",
                     "PetoryOutboxBacklogOld", "PetoryOutboxBacklogGrowing",
                     "PetoryDailyJobMissed", "PetoryRedisFallback"):
            self.assertIn(name, names)

    def test_metric_names_are_extracted(self):
        self.assertEqual(metric_names(
            'histogram_quantile(0.99, sum by (le, route) (rate('
            'petory_a_bucket{status=~"5.."}[$__rate_interval]))) / '
            'time() - petory_b'), {"petory_a_bucket", "petory_b"})


class DashboardTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        with open(DASHBOARD) as f:
            cls.dashboard = json.load(f)

    def test_datasource_is_a_variable(self):
        variables = self.dashboard["templating"]["list"]
        self.assertIn({"name": "DS_PROMETHEUS", "type": "datasource"},
                      [{"name": v["name"], "type": v["type"]}
                       for v in variables])
        self.assertEqual(self.dashboard["__inputs"][0]["name"],
                         "DS_PROMETHEUS")
        for panel, _ in dashboard_exprs(self.dashboard):
            self.assertEqual(panel["datasource"]["uid"], "${DS_PROMETHEUS}",
                             panel["title"])

    def test_the_asked_panels_are_there(self):
        exprs = " ".join(e for _, e in dashboard_exprs(self.dashboard))
        for needed in ("petory_http_requests_total",
                       'status=~"5.."', 'status=~"4.."',
                       "histogram_quantile(0.5,", "histogram_quantile(0.95,",
                       "histogram_quantile(0.99,",
                       "petory_http_request_duration_seconds_bucket",
                       "petory_db_busy_seconds_total",
                       "petory_websocket_connections",
                       "petory_batch_runs_total",
                       "petory_batch_failures_total",
                       "petory_outbox_pending",
                       "petory_outbox_oldest_age_seconds",
                       "petory_redis_fallback"):
            self.assertIn(needed, exprs)

    def test_every_metric_used_is_exposed(self):
        used = set()
        for _, expr in dashboard_exprs(self.dashboard):
            used |= metric_names(expr)
        for expr in alert_exprs():
            used |= metric_names(expr)
        self.assertGreater(len(used), 10, used)
        server = Server()
        self.addCleanup(server.cleanup)
        self.assertEqual(server.get("/health").status, 200)
        self.assertEqual(server.get("/users/me").status, 401)
        r = server.get("/metrics")
        self.assertEqual(r.status, 200)
        exposed = exposed_names(r.text)
        self.assertEqual(sorted(used - exposed), [],
                         "metrics the dashboard or the rules use that "
                         "/metrics does not have")
        self.assertEqual(server.stop(), 0)


class PrometheusScrapeTest(unittest.TestCase):
    """A real Prometheus scrapes the server every second; a PromQL query
    over its HTTP API returns the requests the test made."""

    def setUp(self):
        self.assertTrue(PROMETHEUS, "prometheus missing: install Debian's "
                        "prometheus (scripts/setup.sh)")

    REQUESTS = 7
    TIMEOUT = 60.0

    def start_prometheus(self, target):
        tmp = tempfile.mkdtemp(prefix="petory-prometheus-")
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        config = os.path.join(tmp, "prometheus.yml")
        with open(config, "w") as f:
            f.write("global:\n  scrape_interval: 1s\n"
                    "  evaluation_interval: 1s\n"
                    "rule_files:\n  - %s\n"
                    "scrape_configs:\n  - job_name: petory\n"
                    "    metrics_path: /metrics\n"
                    "    static_configs:\n      - targets: ['%s']\n"
                    % (json.dumps(ALERTS), target))
        port = free_port()
        log = open(os.path.join(tmp, "prometheus.log"), "wb")
        self.addCleanup(log.close)
        proc = subprocess.Popen(
            [PROMETHEUS, "--config.file=" + config,
             "--storage.tsdb.path=" + os.path.join(tmp, "data"),
             "--web.listen-address=127.0.0.1:%d" % port],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd=tmp)

        def stop():  # whatever happened
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        self.addCleanup(stop)
        self.prometheus_log = os.path.join(tmp, "prometheus.log")
        return "http://127.0.0.1:%d" % port, proc

    def query(self, base, promql):
        url = base + "/api/v1/query?" + urllib.parse.urlencode(
            {"query": promql})
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                body = json.load(r)
        except OSError:
            return None  # not listening yet
        self.assertEqual(body["status"], "success", body)
        return body["data"]["result"]

    def poll(self, base, promql, want, proc):
        deadline = time.monotonic() + self.TIMEOUT
        last = None
        while time.monotonic() < deadline:
            self.assertIsNone(proc.poll(), self.log_tail())
            result = self.query(base, promql)
            if result:
                last = float(result[0]["value"][1])
                if last == want:
                    return
            time.sleep(0.2)
        self.fail("%s: %r after %.0f s, wanted %r\n%s"
                  % (promql, last, self.TIMEOUT, want, self.log_tail()))

    def log_tail(self):
        with open(self.prometheus_log, "rb") as f:
            return f.read().decode("utf-8", "replace")[-3000:]

    def test_prometheus_counts_the_requests(self):
        server = Server()
        self.addCleanup(server.cleanup)
        user = server.make_user()
        base, proc = self.start_prometheus(
            "%s:%d" % (server.host, server.port))
        for _ in range(self.REQUESTS):
            self.assertEqual(server.get("/users/me", token=user["access"])
                             .status, 200)
        self.assertEqual(server.get("/users/me").status, 401)
        self.poll(base, 'sum(petory_http_requests_total{job="petory",'
                  'route="/users/me",status="200"})', self.REQUESTS, proc)
        # the histogram of that route and class counts the same requests
        self.poll(base, 'sum(petory_http_request_duration_seconds_count'
                  '{route="/users/me",status_class="2xx"})', self.REQUESTS,
                  proc)
        self.poll(base, 'sum(petory_http_request_duration_seconds_count'
                  '{route="/users/me",status_class="4xx"})', 1, proc)
        self.poll(base, 'up{job="petory"}', 1, proc)
        self.assertEqual(server.stop(), 0)


if __name__ == "__main__":
    unittest.main()
