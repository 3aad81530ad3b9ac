"""petory-httpd as a process: connections stay open between requests
(answers are never queued on the access handler's first call, which makes
libmicrohttpd close the connection), the connection limit, the idle
timeout, the per-connection memory limit, SIGPIPE ignored, RLIMIT_NOFILE
raised, and a clean shutdown on SIGTERM and SIGINT: requests in flight
finish, new ones get 503, the database is closed cleanly, exit status 0."""

import http.client
import json
import os
import resource
import select
import signal
import socket
import time
import unittest

from harness import (HTTP_TIMEOUT, ON_POSTGRES, Server, ServerTestCase,
                     db_query, read_response, unique)

BIG_HEADER = "x" * 10000


def connect(server):
    return socket.create_connection((server.host, server.port),
                                    timeout=HTTP_TIMEOUT)


def send_get(sock, path="/health"):
    sock.sendall(("GET %s HTTP/1.1\r\nHost: petory\r\n\r\n" % path).encode())


def answered_within(sock, seconds):
    return bool(select.select([sock], [], [], seconds)[0])


def closed_by_server(sock, timeout):
    """True when the server closes sock (EOF or reset) within timeout."""
    sock.settimeout(timeout)
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


class KeepAliveTest(ServerTestCase):

    def test_one_connection_serves_every_kind_of_answer(self):
        user = self.server.make_user()
        conn = http.client.HTTPConnection(self.server.host, self.server.port,
                                          timeout=HTTP_TIMEOUT)
        self.addCleanup(conn.close)
        body = json.dumps({"email": unique("ka") + "@example.com",
                           "password": "password1", "nickname": "ka"})
        requests = [
            ("GET", "/health", None, {}, 200),
            ("GET", "/nope", None, {}, 404),
            ("GET", "/auth/login", None, {}, 405),
            ("GET", "/users/me", None, {}, 401),
            ("GET", "/users/me", None,
             {"Authorization": "Bearer " + user["access"]}, 200),
            ("POST", "/auth/signup", body,
             {"Content-Type": "application/json"}, 201),
            ("POST", "/auth/signup", "{", {"Content-Type": "application/json"},
             400),
            ("GET", "/health", None, {"X-Padding": BIG_HEADER}, 200),
        ]
        sock = None
        for method, path, data, headers, status in requests:
            conn.request(method, path, body=data, headers=headers)
            r = conn.getresponse()
            r.read()
            what = "%s %s" % (method, path)
            self.assertEqual(r.status, status, what)
            self.assertNotEqual((r.getheader("Connection") or "").lower(),
                                "close", what)
            self.assertFalse(r.will_close, what)
            if sock is None:
                sock = conn.sock
            self.assertIs(conn.sock, sock, "%s: a new connection" % what)


class ConnectionLimitTest(ServerTestCase):
    server_args = ("--threads", "1", "--max-connections", "2")

    def test_connections_past_the_limit_wait_for_a_free_slot(self):
        first, second = connect(self.server), connect(self.server)
        self.addCleanup(second.close)
        for sock in (first, second):
            send_get(sock)
            self.assertEqual(read_response(sock)[0], 200)
        third = connect(self.server)  # the kernel's backlog accepts it
        self.addCleanup(third.close)
        send_get(third)
        self.assertFalse(answered_within(third, 0.5),
                         "a third connection was served")
        first.close()
        third.settimeout(HTTP_TIMEOUT)
        self.assertEqual(read_response(third)[0], 200)


class IdleTimeoutTest(ServerTestCase):
    server_args = ("--idle-timeout", "1")

    def test_an_idle_connection_is_closed(self):
        sock = connect(self.server)
        self.addCleanup(sock.close)
        send_get(sock)
        self.assertEqual(read_response(sock)[0], 200)
        start = time.monotonic()
        self.assertTrue(closed_by_server(sock, 10),
                        "still open after 10 s idle")
        self.assertGreater(time.monotonic() - start, 0.5,
                           "closed at once, not when idle")


class MemoryLimitTest(ServerTestCase):
    server_args = ("--connection-memory-limit", "8192")

    def test_headers_over_the_limit_are_refused(self):
        sock = connect(self.server)
        self.addCleanup(sock.close)
        sock.sendall(("GET /health HTTP/1.1\r\nHost: petory\r\n"
                      "X-Padding: %s\r\n\r\n" % BIG_HEADER).encode())
        self.assertEqual(read_response(sock)[0], 431)
        self.assertTrue(closed_by_server(sock, HTTP_TIMEOUT))
        # The same request with small headers is served.
        self.assert_status(self.get("/health"), 200)


class ProcessTest(ServerTestCase):

    def proc_file(self, name):
        path = "/proc/%d/%s" % (self.server.proc.pid, name)
        if not os.path.exists(path):
            self.skipTest("no /proc here")
        with open(path) as f:
            return f.read()

    def test_sigpipe_is_ignored(self):
        mask = next(line.split()[1] for line in
                    self.proc_file("status").splitlines()
                    if line.startswith("SigIgn:"))
        self.assertTrue(int(mask, 16) & (1 << (signal.SIGPIPE - 1)),
                        "SIGPIPE is not ignored: SigIgn %s" % mask)


class OpenFileLimitTest(unittest.TestCase):

    def test_soft_limit_is_raised_to_the_hard_one(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard != resource.RLIM_INFINITY and hard <= 256:
            self.skipTest("hard open-file limit %d is too low" % hard)
        server = Server(preexec_fn=lambda: resource.setrlimit(
            resource.RLIMIT_NOFILE, (256, hard)))
        self.addCleanup(server.cleanup)
        path = "/proc/%d/limits" % server.proc.pid
        if not os.path.exists(path):
            self.skipTest("no /proc here")
        with open(path) as f:
            line = next(l for l in f if l.startswith("Max open files"))
        now_soft = line.split()[3]
        self.assertNotEqual(now_soft, "256", line)
        if hard != resource.RLIM_INFINITY:
            self.assertEqual(int(now_soft), hard, line)
        self.assertEqual(server.stop(), 0)


class ShutdownTest(unittest.TestCase):

    def start(self):
        server = Server()
        self.addCleanup(server.cleanup)
        server.signup()  # something written, so there is a WAL to close
        return server

    def assert_closed_cleanly(self, server, code):
        self.assertEqual(code, 0, server.log_tail())
        if ON_POSTGRES:
            # the server closed its connections (their backends end a
            # moment later)
            deadline = time.monotonic() + 10
            while db_query(server.db, "SELECT count(*) FROM "
                           "pg_stat_activity WHERE datname = "
                           "current_database() AND pid != "
                           "pg_backend_pid()") != [(0,)]:
                self.assertLess(time.monotonic(), deadline,
                                "the server's connections stayed open")
                time.sleep(0.05)
            return
        # SQLite: the last connection checkpointed and removed the WAL
        self.assertFalse(os.path.exists(server.db + "-wal"),
                         "the database was not closed cleanly")
        self.assertEqual(db_query(server.db, "PRAGMA integrity_check"),
                         [("ok",)])

    def test_sigint_stops_cleanly(self):
        server = self.start()
        self.assert_closed_cleanly(server, server.stop(signal.SIGINT))

    def test_sigterm_lets_the_request_in_flight_finish(self):
        server = self.start()
        email = unique("inflight") + "@example.com"
        body = json.dumps({"email": email, "password": "password1",
                           "nickname": "late"}).encode()
        sock = connect(server)
        self.addCleanup(sock.close)
        # The headers, then wait for "100 Continue": the server has begun
        # this request before it is told to stop.
        sock.sendall(("POST /auth/signup HTTP/1.1\r\nHost: petory\r\n"
                      "Content-Type: application/json\r\n"
                      "Content-Length: %d\r\nExpect: 100-continue\r\n\r\n"
                      % len(body)).encode())
        self.assertEqual(read_response(sock)[0], 100)
        sock.sendall(body[:10])
        server.proc.send_signal(signal.SIGTERM)

        # New requests are refused while it finishes.
        deadline = time.monotonic() + HTTP_TIMEOUT
        while True:
            r = server.get("/health")
            if r.status == 503:
                break
            self.assertEqual(r.status, 200)
            self.assertLess(time.monotonic(), deadline, "never refused")
        self.assertEqual(r.body["code"], "SHUTTING_DOWN")
        self.assertEqual(r.headers.get("Connection"), "close")
        self.assertIsNone(server.proc.poll(), "exited with a request open")

        sock.sendall(body[10:])
        status, _, answer = read_response(sock)
        self.assertEqual(status, 201, answer)
        self.assertEqual(json.loads(answer)["email"], email)
        self.assert_closed_cleanly(server, server.stop())
        self.assertEqual(server.db_query(
            "SELECT count(*) FROM users WHERE email = ?", email)[0][0], 1)
        self.assertNotIn("requests in flight", server.log_text())


if __name__ == "__main__":
    unittest.main()
