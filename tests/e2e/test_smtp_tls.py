"""Mail credentials never go in clear (issue 12, point 9).  A real SMTP
server (aiosmtpd) that offers AUTH but no STARTTLS stands for a network
where an attacker strips STARTTLS.  With credentials in --smtp-url the
outbox row stays undelivered with an error saying TLS is required, and
nothing reaches the server's AUTH; with --smtp-insecure (petory-httpd and
petoryctl alike) the mail goes, with a warning at start.  The password is
never logged."""

import json
import shutil
import socket
import tempfile
import unittest

from harness import (Server, child_env, ctl, db_execute, db_query,
                     drop_database, new_database)

PASSWORD = "s3cret-smtp-pw"
MAIL = {"to": "owner@example.com", "subject": "Hello",
        "body": "a mail that needs credentials"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AuthMailbox:
    """aiosmtpd with AUTH PLAIN/LOGIN and no STARTTLS: records every AUTH
    it is given and every message."""

    def __init__(self):
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult
        messages = self.messages = []
        logins = self.logins = []

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                messages.append(envelope)
                return "250 OK"

        def authenticator(server, session, envelope, mechanism, auth_data):
            logins.append((auth_data.login, auth_data.password))
            return AuthResult(success=True)

        self.port = free_port()
        self.controller = Controller(
            Handler(), hostname="127.0.0.1", port=self.port,
            authenticator=authenticator, auth_require_tls=False)
        self.controller.start()

    def url(self):
        return "smtp://mailer:%s@127.0.0.1:%d" % (PASSWORD, self.port)

    def close(self):
        self.controller.stop()


def queue_mail(db):
    db_execute(db, "INSERT INTO outbox(kind, payload, next_attempt_at, "
                   "attempts, created_at) VALUES('MAIL', ?, 0, 0, 0)",
               json.dumps(MAIL))


def outbox(db):
    return db_query(db, "SELECT delivered_at, last_error FROM outbox")


class HttpdSmtpTlsTest(unittest.TestCase):

    def setUp(self):
        self.mailbox = AuthMailbox()
        self.addCleanup(self.mailbox.close)

    def start_with_a_queued_mail(self, *flags):
        """A server whose first scheduler pass finds one queued mail."""
        server = Server()
        self.addCleanup(server.cleanup)
        self.assertEqual(server.stop(), 0)
        server.proc.stdout.close()
        server.exit_code = None
        queue_mail(server.db)
        server.extra_args = ["--smtp-url", self.mailbox.url()] + list(flags)
        server.start()
        return server

    def test_credentials_without_tls_are_not_sent(self):
        server = self.start_with_a_queued_mail()
        rows = outbox(server.db)
        self.assertEqual(len(rows), 1)
        delivered_at, error = rows[0]
        self.assertIsNone(delivered_at, "the mail went without TLS")
        self.assertIn("TLS is required", error or "")
        self.assertEqual(self.mailbox.logins, [],
                         "the credentials reached the server in clear")
        self.assertEqual(self.mailbox.messages, [])
        self.assertEqual(server.stop(), 0)
        log = server.log_text()
        self.assertIn("TLS is required", log)
        self.assertNotIn(PASSWORD, log)

    def test_smtp_insecure_sends_them_with_a_warning(self):
        server = self.start_with_a_queued_mail("--smtp-insecure")
        self.assertEqual(len(self.mailbox.messages), 1,
                         outbox(server.db))
        self.assertEqual(self.mailbox.logins,
                         [(b"mailer", PASSWORD.encode())])
        self.assertIsNotNone(outbox(server.db)[0][0])
        self.assertEqual(server.stop(), 0)
        log = server.log_text()
        self.assertIn("without TLS", log)
        self.assertNotIn(PASSWORD, log)

    def test_no_credentials_no_tls_required(self):
        """A relay without credentials keeps working as before (STARTTLS
        when offered, plain otherwise)."""
        server = Server()
        self.addCleanup(server.cleanup)
        self.assertEqual(server.stop(), 0)
        server.proc.stdout.close()
        server.exit_code = None
        queue_mail(server.db)
        server.extra_args = ["--smtp-url",
                             "smtp://127.0.0.1:%d" % self.mailbox.port]
        server.start()
        self.assertEqual(len(self.mailbox.messages), 1, outbox(server.db))
        self.assertEqual(self.mailbox.logins, [])


class CtlSmtpTlsTest(unittest.TestCase):
    """petoryctl jobs run delivers the outbox under the same rule."""

    def setUp(self):
        self.mailbox = AuthMailbox()
        self.addCleanup(self.mailbox.close)
        self.tmp = tempfile.mkdtemp(prefix="petory-smtp-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.db = new_database(self.tmp)
        self.addCleanup(drop_database, self.db)
        r = ctl("--db", self.db, "init")
        self.assertEqual(r.returncode, 0, r.stderr)
        queue_mail(self.db)
        self.env = dict(child_env(), PETORY_SMTP_URL=self.mailbox.url())

    def test_jobs_run_refuses_then_sends_with_smtp_insecure(self):
        r = ctl("--db", self.db, "--json", "jobs", "run", env=self.env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["failed"], 1, r.stdout)
        self.assertIn("TLS is required", outbox(self.db)[0][1] or "")
        self.assertEqual(self.mailbox.logins, [])
        self.assertNotIn(PASSWORD, r.stderr + r.stdout)

        db_execute(self.db, "UPDATE outbox SET next_attempt_at = 0")
        r = ctl("--db", self.db, "--json", "--verbose", "jobs", "run",
                "--smtp-insecure", env=self.env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["delivered"], 1, r.stdout)
        self.assertEqual(len(self.mailbox.messages), 1)
        self.assertIn("without TLS", r.stderr)
        self.assertNotIn(PASSWORD, r.stderr + r.stdout)


if __name__ == "__main__":
    unittest.main()
