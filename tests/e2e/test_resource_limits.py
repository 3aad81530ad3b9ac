"""Resource exhaustion (issue 12, point 6, the connection and body
parts): idle sockets from one address cannot fill --max-connections for
everyone (--max-connections-per-address); anonymous /ws-chat sockets are
capped per address until they authenticate (429 TOO_MANY_CONNECTIONS); a
request to a route that needs a token is refused 401 (or 403) before its
body is read; and 100 unfinished anonymous 1 MiB bodies do not grow the
server by anything like 100 MB (measured from /proc/PID/status VmRSS).

Other client addresses are loopback aliases (127.0.0.2, 127.0.0.3): on
Linux the whole 127/8 answers, so a client socket can bind to them."""

import base64
import json
import os
import select
import socket
import sys
import time
import unittest

import wsclient
from harness import ServerTestCase, read_response

MiB = 1 << 20


def connect_from(server, source, timeout=10):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.bind((source, 0))
    sock.connect((server.host, server.port))
    return sock


def closed_by_server(sock):
    """Has the server closed sock (EOF or reset, nothing to read first)?"""
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True


def wait_until(predicate, seconds=10):
    """predicate() became true within seconds (polled); the bound only
    keeps a broken server from hanging the test."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def get_health(sock):
    sock.sendall(b"GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
    return read_response(sock)[0]


def ws_upgrade(sock, token=None):
    """Send the opening handshake; (status, problem body or None)."""
    key = base64.b64encode(os.urandom(16)).decode()
    head = ("GET /ws-chat HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            "Sec-WebSocket-Key: %s\r\n" % key)
    if token:
        head += "Authorization: Bearer %s\r\n" % token
    sock.sendall((head + "\r\n").encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed during the handshake")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    status = int(head.split()[1])
    if status == 101:
        return status, None
    length = 0
    for line in head.decode("latin-1").split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    while len(rest) < length:
        rest += sock.recv(4096)
    return status, json.loads(rest)


def read_text_frame(sock):
    """The payload of the next (unmasked, short) server frame."""
    head = b""
    while len(head) < 2:
        head += sock.recv(2 - len(head))
    n = head[1] & 0x7f
    if n == 126:
        n = int.from_bytes(sock.recv(2), "big")
    payload = b""
    while len(payload) < n:
        payload += sock.recv(n - len(payload))
    return payload


def vm_rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


class IdleSocketsTest(ServerTestCase):
    """Ten idle sockets from 127.0.0.2 against --max-connections 10: only
    four (its per-address share) are kept, the rest are closed at once,
    and 127.0.0.1 is served; a socket closed gives its place back."""
    server_args = ("--threads", "1", "--max-connections", "10",
                   "--max-connections-per-address", "4")

    def test_idle_sockets_do_not_keep_other_addresses_out(self):
        idle = [connect_from(self.server, "127.0.0.2") for _ in range(10)]
        for sock in idle:
            self.addCleanup(sock.close)
        self.assertTrue(wait_until(
            lambda: sum(map(closed_by_server, idle)) >= 6),
            "the sockets past the cap were not closed")
        kept = [s for s in idle if not closed_by_server(s)]
        self.assertEqual(len(kept), 4)
        # another address is served at once, on a fresh connection
        self.assert_status(self.get("/health"), 200)
        other = connect_from(self.server, "127.0.0.3")
        self.addCleanup(other.close)
        self.assertEqual(get_health(other), 200)
        # the four kept ones are served too, and a fifth is still refused
        self.assertEqual(get_health(kept[0]), 200)
        fifth = connect_from(self.server, "127.0.0.2")
        self.addCleanup(fifth.close)
        self.assertTrue(wait_until(lambda: closed_by_server(fifth)))
        # closing one gives its place back
        kept[1].close()

        def served_again():
            sock = connect_from(self.server, "127.0.0.2")
            try:
                return get_health(sock) == 200
            except (ConnectionError, OSError):
                return False
            finally:
                sock.close()
        self.assertTrue(wait_until(served_again))


class AnonymousWebSocketsTest(ServerTestCase):
    """Four anonymous /ws-chat sockets per address; the fifth is refused
    429 while HTTP goes on; authenticating one frees its place."""
    server_args = ("--threads", "1", "--max-connections", "8")

    def test_anonymous_websockets_are_capped_per_address(self):
        # made first: the anonymous sockets below have 5 s to authenticate
        user = self.server.make_user()
        anon = []
        for _ in range(4):
            sock = connect_from(self.server, "127.0.0.2")
            self.addCleanup(sock.close)
            self.assertEqual(ws_upgrade(sock)[0], 101)
            anon.append(sock)
        fifth = connect_from(self.server, "127.0.0.2")
        self.addCleanup(fifth.close)
        status, problem = ws_upgrade(fifth)
        self.assertEqual(status, 429, problem)
        self.assertEqual(problem["code"], "TOO_MANY_CONNECTIONS")
        fifth.close()
        # HTTP from this and other addresses is served meanwhile
        self.assert_status(self.get("/health"), 200)
        sock = connect_from(self.server, "127.0.0.2")
        self.addCleanup(sock.close)
        self.assertEqual(get_health(sock), 200)
        sock.close()
        # a token on the upgrade is not anonymous
        authed = connect_from(self.server, "127.0.0.2")
        self.addCleanup(authed.close)
        self.assertEqual(ws_upgrade(authed, user["access"])[0], 101)
        # an anonymous one that authenticates frees its anonymous place
        anon[0].sendall(wsclient.text_frame(
            {"type": "auth", "token": user["access"]}))
        self.assertEqual(json.loads(read_text_frame(anon[0]))["type"],
                         "authenticated")
        again = connect_from(self.server, "127.0.0.2")
        self.addCleanup(again.close)
        self.assertEqual(ws_upgrade(again)[0], 101)
        # and one that closes frees its place (once the hub has freed it)
        anon[1].close()

        def upgraded():
            sock = connect_from(self.server, "127.0.0.2")
            self.addCleanup(sock.close)
            return ws_upgrade(sock)[0] == 101
        self.assertTrue(wait_until(upgraded))


class BodyBeforeAuthTest(ServerTestCase):
    """A route that needs a token answers 401 (403 for a non-admin on an
    admin route) before a byte of the body is sent: the client that
    announced 1 MiB gets its answer without sending it."""

    def announce(self, path, token=None):
        sock = connect_from(self.server, "127.0.0.1")
        self.addCleanup(sock.close)
        head = ("POST %s HTTP/1.1\r\nHost: t\r\nContent-Type: "
                "application/json\r\nContent-Length: %d\r\n" % (path, MiB))
        if token is not None:
            head += "Authorization: Bearer %s\r\n" % token
        sock.sendall((head + "\r\n").encode())
        status, lines, body = read_response(sock)
        return status, lines, json.loads(body)

    def test_refused_before_the_body(self):
        status, lines, body = self.announce("/pets")
        self.assertEqual(status, 401)
        self.assertEqual(body["code"], "UNAUTHORIZED")
        self.assertIn("www-authenticate: bearer",
                      "\n".join(lines).lower())
        status, _, body = self.announce("/pets", "not-a-valid.token")
        self.assertEqual(status, 401)
        user = self.server.make_user()
        status, _, body = self.announce("/places", user["access"])
        self.assertEqual(status, 403)
        self.assertEqual(body["code"], "FORBIDDEN")

    def test_a_valid_token_still_gets_its_body_read(self):
        user = self.server.make_user()
        r = self.post("/pets", {"name": ""}, token=user["access"])
        self.assert_problem(r, 400)


class UnfinishedBodiesTest(ServerTestCase):
    """100 connections each announce a 1 MiB body to POST /pets without a
    token and send all of it but the last byte.  Before: every body was
    buffered (25 MB -> 137 MB).  Now each is refused 401 before its body
    is read and at most 64 sockets per address are kept."""

    def test_unfinished_bodies_do_not_take_the_memory(self):
        self.assert_status(self.get("/health"), 200)
        before = vm_rss_kib(self.server.proc.pid)
        head = (b"POST /pets HTTP/1.1\r\nHost: t\r\nContent-Type: "
                b"application/json\r\nContent-Length: %d\r\n\r\n" % MiB)
        body = b"[" + b" " * (MiB - 2)
        socks = []
        for _ in range(100):
            sock = connect_from(self.server, "127.0.0.3")
            socks.append(sock)
            self.addCleanup(sock.close)
            sock.setblocking(False)
            data = head + body
            sent = 0
            deadline = time.monotonic() + 2
            while sent < len(data) and time.monotonic() < deadline:
                try:
                    sent += sock.send(data[sent:sent + 65536])
                except BlockingIOError:
                    select.select([], [sock], [], 0.05)
                except OSError:
                    break  # refused: closed by the server
        time.sleep(1)  # let the server take in whatever it reads
        after = vm_rss_kib(self.server.proc.pid)
        growth_mb = (after - before) / 1024
        sys.stderr.write("\nVmRSS %d KiB -> %d KiB: %+.1f MB for 100 "
                         "unfinished 1 MiB bodies\n"
                         % (before, after, growth_mb))
        self.assertLess(growth_mb, 40,
                        "the server grew by %.1f MB" % growth_mb)
        for sock in socks:
            sock.close()
        # and it still answers
        self.assert_status(self.get("/health"), 200)


if __name__ == "__main__":
    unittest.main()
