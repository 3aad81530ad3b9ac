"""The scheduler of petory-httpd with real receivers: the 85-day warning
mail over SMTP (aiosmtpd) and the admin alert to a webhook (http.server),
both first refused by receivers that are down, then delivered after a
restart of the server: nothing is lost.  Time passing is simulated in the
database (last logins moved back, the previous run and the backoff moved
to the past), never by sleeping."""

import datetime
import http.server
import json
import shutil
import socket
import tempfile
import threading
import time
import unittest
import zoneinfo

from harness import (Server, child_env, ctl, db_execute, db_query,
                     drop_database, new_database, unique)

DAY_MS = 24 * 3600 * 1000


def db_exec(server, sql, *params):
    db_execute(server.db, sql, *params)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Webhook:
    """A Discord-compatible receiver: records every POSTed JSON body."""

    def __init__(self):
        bodies = self.bodies = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length", 0))
                bodies.append((self.headers.get("Content-Type"),
                               json.loads(self.rfile.read(n))))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class Mailbox:
    """aiosmtpd on a free port, keeping every message."""

    def __init__(self):
        from aiosmtpd.controller import Controller
        messages = self.messages = []

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                messages.append(envelope)
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1",
                                     port=self.port)
        self.controller.start()

    def close(self):
        self.controller.stop()


class JobsTest(unittest.TestCase):

    def restart(self, server, args):
        self.assertEqual(server.stop(), 0, server.log_tail())
        server.proc.stdout.close()
        server.extra_args = args
        server.exit_code = None
        server.start()

    def args(self, smtp_port, webhook_port):
        return ["--smtp-url", "smtp://127.0.0.1:%d" % smtp_port,
                "--mail-from", "noreply@petory.test",
                "--admin-webhook-url",
                "http://127.0.0.1:%d/hook" % webhook_port]

    def test_mail_and_alert_survive_receivers_down_and_a_restart(self):
        down = self.args(free_port(), free_port())
        server = Server(down)
        self.addCleanup(server.cleanup)
        idle = server.make_user()
        gone = server.make_user()
        keep = server.make_user()

        # 86 and 91 days without login; the lifecycle last ran long ago.
        now = int(time.time() * 1000)
        self.assertEqual(server.stop(), 0)
        server.proc.stdout.close()
        server.exit_code = None
        db_exec(server, "UPDATE users SET last_login_at = ? WHERE id = ?",
                        now - 86 * DAY_MS, idle["id"])
        db_exec(server, "UPDATE users SET last_login_at = ? WHERE id = ?",
                        now - 91 * DAY_MS, gone["id"])
        db_exec(server, "UPDATE job_runs SET day = '2000-01-01' "
                        "WHERE job = 'account-lifecycle'")
        # The signups' verification mails are not this test's subject.
        db_exec(server, "DELETE FROM outbox")
        server.start()

        # The receivers are down: both rows wait with their error.
        rows = server.db_query("SELECT kind, attempts, delivered_at, "
                               "last_error FROM outbox ORDER BY kind")
        self.assertEqual([(r[0], r[1], r[2]) for r in rows],
                         [("MAIL", 1, None), ("WEBHOOK", 1, None)])
        self.assertTrue(all(r[3] for r in rows), rows)
        status = dict(server.db_query("SELECT id, status FROM users"))
        self.assertEqual(status[gone["id"]], 2, "DEACTIVATED")
        self.assertEqual(status[idle["id"]], 0)
        self.assertEqual(status[keep["id"]], 0)

        # Receivers up, the backoff elapsed, the server restarted.
        mailbox, webhook = Mailbox(), Webhook()
        self.addCleanup(mailbox.close)
        self.addCleanup(webhook.close)
        db_exec(server, "UPDATE outbox SET next_attempt_at = 0")
        self.restart(server, self.args(mailbox.port, webhook.port))

        self.assertEqual(server.db_query(
            "SELECT count(*) FROM outbox WHERE delivered_at IS NULL"),
            [(0,)])
        self.assertEqual(len(mailbox.messages), 1)
        mail = mailbox.messages[0]
        self.assertEqual(mail.mail_from, "noreply@petory.test")
        self.assertEqual(mail.rcpt_tos, [idle["email"]])
        text = mail.original_content.decode("utf-8")
        self.assertIn("Subject: =?UTF-8?B?", text)
        self.assertIn("안녕하세요, %s님." % idle["nickname"], text)
        self.assertIn("85 days", text)
        self.assertEqual(len(webhook.bodies), 1)
        ctype, body = webhook.bodies[0]
        self.assertEqual(ctype, "application/json")
        self.assertIn("1 deactivated", body["content"])

        # A further restart delivers nothing twice and warns nobody again.
        self.restart(server, self.args(mailbox.port, webhook.port))
        self.assertEqual(len(mailbox.messages), 1)
        self.assertEqual(len(webhook.bodies), 1)
        # The deactivated account comes back by logging in.
        server.login(gone)
        self.assertEqual(server.db_query(
            "SELECT status FROM users WHERE id = ?", gone["id"]), [(0,)])
        self.assertEqual(server.stop(), 0)


class HangingReceiverTest(unittest.TestCase):
    """A webhook receiver that accepts and never answers holds the
    scheduler's first pass (curl waits out its timeout) but not the
    server's start, which goes ahead after 10 s at most."""

    def test_a_hanging_receiver_does_not_hold_the_start(self):
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        self.addCleanup(listener.close)
        url = "http://127.0.0.1:%d/hook" % listener.getsockname()[1]
        server = Server()
        self.addCleanup(server.cleanup)
        self.assertEqual(server.stop(), 0)
        server.proc.stdout.close()
        server.exit_code = None
        db_exec(server, "INSERT INTO outbox(kind, payload, next_attempt_at,"
                        " attempts, created_at) VALUES('WEBHOOK', ?, 0, 0, 0)",
                json.dumps({"content": "stuck"}))
        server.extra_args = ["--admin-webhook-url", url]
        start = time.monotonic()
        server.start()
        took = time.monotonic() - start
        self.assertLess(took, 18, "the start waited for the receiver")
        self.assertGreater(took, 8, "the first pass is given its 10 s")
        self.assertIn("still running", server.log_text())
        self.assert_status_ok(server)

    def assert_status_ok(self, server):
        r = server.get("/health")
        self.assertEqual(r.status, 200, r.text)


class CliJobsTest(unittest.TestCase):
    """petoryctl jobs run and batch daily-notify on a database no server
    uses: the same jobs, recorded the same way, the outbox delivered to
    the webhook named in the environment."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="petory-jobs-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.db = new_database(self.tmp)
        self.addCleanup(drop_database, self.db)

    def ctl_ok(self, *args, env=None, input=None):
        r = ctl("--db", self.db, *args, env=env, input=input)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def test_jobs_run_by_hand(self):
        self.ctl_ok("init")
        ids = [json.loads(self.ctl_ok(
            "--json", "user", "create", "--email", unique() + "@example.com",
            "--nickname", "n", "--password-file", "-",
            input="long enough password\n"))["id"] for _ in range(3)]
        now = int(time.time() * 1000)
        db_execute(self.db, "UPDATE users SET last_login_at = ? WHERE id = ?",
                   now - 91 * DAY_MS, ids[0])
        db_execute(self.db, "UPDATE users SET status = 1 WHERE id = ?",
                   ids[1])
        webhook = Webhook()
        self.addCleanup(webhook.close)
        env = dict(child_env(), PETORY_ADMIN_WEBHOOK_URL=(
            "http://127.0.0.1:%d/hook" % webhook.port))

        rep = json.loads(self.ctl_ok("--json", "jobs", "run", env=env))
        self.assertEqual(
            {k: rep[k] for k in ("dailyNotify", "notified", "purge",
                                 "lifecycle", "deactivated", "delivered",
                                 "failed")},
            {"dailyNotify": True, "notified": 2, "purge": True,
             "lifecycle": True, "deactivated": 1, "delivered": 1,
             "failed": 0})
        self.assertEqual(len(webhook.bodies), 1)
        self.assertIn("1 deactivated", webhook.bodies[0][1]["content"])
        today = datetime.datetime.now(
            zoneinfo.ZoneInfo("Asia/Seoul")).strftime("%Y-%m-%d")
        self.assertEqual(db_query(
            self.db, "SELECT user_id, day FROM notifications ORDER BY user_id"
        ), [(ids[0], today), (ids[2], today)])

        again = self.ctl_ok("jobs", "run", env=env)
        self.assertEqual(again.count("already done today"), 3, again)
        self.assertIn("outbox: 0 delivered, 0 failed", again)
        self.assertEqual(self.ctl_ok("batch", "daily-notify"),
                         "notified 0 users\n")
        self.assertEqual(len(webhook.bodies), 1)


if __name__ == "__main__":
    unittest.main()
