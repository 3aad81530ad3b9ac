"""The client address behind proxies (issue 12, point 4): with
--trust-proxy ADDR|CIDR,... the client is the rightmost X-Forwarded-For
entry that is not a trusted proxy; from a peer that is not trusted the
header is ignored; a malformed entry ends the walk.  The per-IP login
limit and the access log use that address, so a client that writes its
own first entry cannot escape the limit.  The old boolean spelling is
refused at start with a line naming the new syntax."""

import json
import socket
import subprocess
import unittest

from harness import HTTPD, ServerTestCase, child_env, read_response

LIMIT = ("--login-ip-limit", "3")


def login(test, user, forwarded):
    return test.post("/auth/login", {"email": user["email"],
                                     "password": user["password"]},
                     headers={"X-Forwarded-For": forwarded})


class ForgedFirstEntryTest(ServerTestCase):
    """The attack of issue 12: behind a proxy at 127.0.0.1 that appends
    the real client (203.0.113.7), five logins whose first entry changes
    each time must share one per-IP budget of three."""
    server_args = LIMIT + ("--trust-proxy", "127.0.0.1")

    def test_a_changing_first_entry_does_not_escape_the_limit(self):
        user = self.server.signup()
        statuses = [login(self, user,
                          "198.51.100.%d, 203.0.113.7" % i).status
                    for i in range(5)]
        self.assertEqual(statuses, [200, 200, 200, 429, 429])
        # another real client keeps its own budget
        self.assert_status(login(self, user, "198.51.100.9, 203.0.113.8"),
                           200)
        self.server.stop()
        log = self.server.log_text()
        self.assertIn('"clientIp":"203.0.113.7"', log)
        self.assertIn('"clientIp":"203.0.113.8"', log)
        self.assertNotIn("198.51.100.", log)


class ProxyChainTest(ServerTestCase):
    """Two trusted hops (the peer and a 10/8 proxy, also IPv6): the walk
    skips both and stops at the first untrusted entry; entries right of
    it that are garbage end the walk at the last good address."""
    server_args = LIMIT + ("--trust-proxy", "127.0.0.1, 10.0.0.0/8, ::1")

    def raw_login(self, user, forwarded_lines):
        body = json.dumps({"email": user["email"],
                           "password": user["password"]}).encode()
        head = "POST /auth/login HTTP/1.1\r\nHost: t\r\n" \
               "Content-Type: application/json\r\n" \
               "Content-Length: %d\r\n" % len(body)
        for line in forwarded_lines:
            head += "X-Forwarded-For: %s\r\n" % line
        sock = socket.create_connection((self.server.host, self.server.port),
                                        timeout=10)
        try:
            sock.sendall(head.encode() + b"\r\n" + body)
            return read_response(sock)[0]
        finally:
            sock.close()

    def test_the_rightmost_untrusted_entry_is_the_client(self):
        user = self.server.signup()
        for i in range(3):
            self.assert_status(login(self, user, "192.0.2.%d, 203.0.113.9, "
                                     "10.1.2.3" % i), 200)
        self.assert_problem(login(self, user, "203.0.113.9, 10.200.0.1"),
                            429)
        # two header lines are one list: a proxy that adds its own line
        # after the client's forged one still names the client
        self.assertEqual(self.raw_login(user, ["198.51.100.50",
                                               "203.0.113.9, 10.0.0.1"]),
                         429)
        self.assert_status(login(self, user, "2001:db8::7, 10.0.0.1"), 200)
        # garbage right of the client: the last good address (10.0.0.5,
        # a trusted proxy) is the client, not the forged 203.0.113.1
        self.assert_status(login(self, user,
                                 "203.0.113.1, unknown, 10.0.0.5"), 200)
        self.server.stop()
        log = self.server.log_text()
        self.assertIn('"clientIp":"203.0.113.9"', log)
        self.assertIn('"clientIp":"2001:db8::7"', log)
        self.assertIn('"clientIp":"10.0.0.5"', log)
        self.assertNotIn("192.0.2.", log)
        self.assertNotIn("203.0.113.1\"", log)


class UntrustedPeerTest(ServerTestCase):
    """The peer (127.0.0.1) is not in the list: X-Forwarded-For is the
    client's own claim and is ignored."""
    server_args = LIMIT + ("--trust-proxy", "10.0.0.0/8")

    def test_the_header_is_ignored(self):
        user = self.server.signup()
        statuses = [login(self, user, "203.0.113.%d" % i).status
                    for i in range(5)]
        self.assertEqual(statuses, [200, 200, 200, 429, 429])
        self.server.stop()
        self.assertNotIn("203.0.113.", self.server.log_text())


class TrustProxyOptionTest(unittest.TestCase):
    """Bad --trust-proxy values stop the start with one line and exit 2;
    the old boolean spelling names the new syntax."""

    def run_httpd(self, args, env=None):
        full = child_env()
        full.update(env or {})
        return subprocess.run([HTTPD, "--port", "0", "--db", ":memory:"] +
                              list(args), capture_output=True, text=True,
                              timeout=60, env=full,
                              stdin=subprocess.DEVNULL)

    def test_the_boolean_spelling_is_refused(self):
        for args, env in ((["--trust-proxy"], None),
                          (["--trust-proxy", "--login-ip-limit", "3"], None),
                          (["--trust-proxy=true"], None),
                          (["--trust-proxy", "on"], None),
                          ([], {"PETORY_TRUST_PROXY": "yes"})):
            with self.subTest(args=args, env=env):
                r = self.run_httpd(args, env)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)
                self.assertIn("--trust-proxy ADDR|CIDR,", r.stderr)
                self.assertEqual(r.stdout, "")

    def test_bad_addresses_are_refused(self):
        for value in ("10.0.0.0/33", "localhost", "127.0.0.1;::1",
                      "1.2.3.4:80", "::1/129", "10.0.0.0/"):
            with self.subTest(value=value):
                r = self.run_httpd(["--trust-proxy", value])
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn("--trust-proxy", r.stderr)
                self.assertIn("is not an IPv4 or IPv6 address", r.stderr)


if __name__ == "__main__":
    unittest.main()
