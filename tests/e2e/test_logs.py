"""Log lines of petory-httpd: --log-format json (the default) and text,
for the server's log and the access log; --log-file; and rotation:
SIGHUP reopens --access-log and --log-file (logrotate's postrotate
`kill -HUP`), and a copytruncate leaves no hole (O_APPEND)."""

import json
import os
import re
import signal
import subprocess
import time
import unittest

from harness import HTTPD, Server

TEXT_LOG = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (error|warn |info |debug) \S")
TEXT_ACCESS = re.compile(
    r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (\S+) "(\S+) (\S+)" (\d+) '
    r"(\d+) (\d+)us (\S+) (\S+)$")


def read_lines(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8").splitlines()


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


class LogFormatTest(unittest.TestCase):

    def start(self, *args):
        server = Server(list(args))
        self.addCleanup(server.cleanup)
        return server

    def test_json_is_the_default(self):
        server = self.start()
        self.assertEqual(server.get("/health").status, 200)
        self.assertEqual(server.get("/users/me").status, 401)
        self.assertEqual(server.stop(), 0)
        lines = server.log_text().splitlines()
        records = [json.loads(line) for line in lines]  # every line
        self.assertTrue(any(r.get("level") == "info" and "petory-httpd" in
                            r.get("msg", "") for r in records), lines)
        access = [r for r in records if r.get("path") == "/users/me"]
        self.assertEqual(len(access), 1, lines)
        self.assertEqual(access[0]["status"], 401)

    def test_text_lines(self):
        server = self.start("--log-format", "text")
        self.assertEqual(server.get("/health").status, 200)
        self.assertEqual(server.get("/users/me").status, 401)
        self.assertEqual(server.stop(), 0)
        lines = server.log_text().splitlines()
        log = [line for line in lines if TEXT_LOG.match(line)]
        access = [TEXT_ACCESS.match(line) for line in lines]
        for line, m in zip(lines, access):
            self.assertTrue(TEXT_LOG.match(line) or m, line)
            self.assertFalse(line.startswith("{"), line)
        self.assertTrue(any(" info  petory-httpd " in line for line in log),
                        lines)
        self.assertTrue(any("signal 15: shutting down" in line
                            for line in log), lines)
        me = [m for m in access if m and m.group(3) == "/users/me"]
        self.assertEqual(len(me), 1, lines)
        self.assertEqual(me[0].group(1), "127.0.0.1")
        self.assertEqual(me[0].group(2), "GET")
        self.assertEqual(me[0].group(4), "401")
        self.assertEqual(me[0].group(8), "-")  # no user

    def test_text_access_line_names_the_user(self):
        server = self.start("--log-format", "text")
        user = server.make_user()
        self.assertEqual(server.get("/users/me", token=user["access"])
                         .status, 200)
        self.assertEqual(server.stop(), 0)
        me = [m for m in map(TEXT_ACCESS.match,
                             server.log_text().splitlines())
              if m and m.group(3) == "/users/me"]
        self.assertEqual(len(me), 1)
        self.assertEqual(me[0].group(8), str(user["id"]))

    def test_bad_format_is_refused(self):
        r = subprocess.run([HTTPD, "--log-format", "xml"],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--log-format: 'xml' is not json or text", r.stderr)


class LogRotationTest(unittest.TestCase):

    def setUp(self):
        self.server = Server(["--access-log", "ACCESS", "--log-file", "LOG"])
        self.addCleanup(self.server.cleanup)
        self.access = os.path.join(self.server.tmp, "ACCESS")
        self.log = os.path.join(self.server.tmp, "LOG")

    def access_paths(self, path):
        return [json.loads(line)["path"] for line in read_lines(path)]

    def test_sighup_reopens_both_files(self):
        s = self.server
        self.assertEqual(s.get("/health?before").status, 200)
        # the access line is written when the request completes, which
        # may be just after the client read the answer
        self.assertTrue(wait_for(
            lambda: "/health" in self.access_paths(self.access)))
        # the start-up lines reach the file soon after "listening"
        self.assertTrue(wait_for(lambda: os.path.exists(self.log) and any(
            "petory-httpd" in line for line in read_lines(self.log))),
            s.log_tail())
        self.assertTrue(any("petory-httpd" in json.loads(line)["msg"]
                            for line in read_lines(self.log)))
        os.rename(self.access, self.access + ".1")
        os.rename(self.log, self.log + ".1")
        s.proc.send_signal(signal.SIGHUP)
        self.assertTrue(wait_for(lambda: os.path.exists(self.log) and any(
            "log files reopened" in line for line in read_lines(self.log))),
            s.log_tail())
        self.assertTrue(os.path.exists(self.access))
        self.assertEqual(s.get("/users/me").status, 401)
        self.assertTrue(wait_for(
            lambda: self.access_paths(self.access) == ["/users/me"]),
            self.access_paths(self.access))
        self.assertNotIn("/users/me", self.access_paths(self.access + ".1"))
        self.assertEqual(s.stop(), 0)
        self.assertIn("shutting down", "".join(read_lines(self.log)))
        self.assertNotIn("shutting down",
                         "".join(read_lines(self.log + ".1")))

    def test_copytruncate_leaves_no_hole(self):
        s = self.server
        for _ in range(5):
            self.assertEqual(s.get("/health").status, 200)
        self.assertTrue(wait_for(
            lambda: len(self.access_paths(self.access)) == 5))
        os.truncate(self.access, 0)  # what copytruncate does
        self.assertEqual(s.get("/users/me").status, 401)
        self.assertTrue(wait_for(lambda: os.path.getsize(self.access) > 0))
        with open(self.access, "rb") as f:
            data = f.read()
        self.assertNotIn(b"\0", data)
        self.assertEqual([json.loads(line)["path"]
                          for line in data.decode().splitlines()],
                         ["/users/me"])
        self.assertEqual(s.stop(), 0)


if __name__ == "__main__":
    unittest.main()
