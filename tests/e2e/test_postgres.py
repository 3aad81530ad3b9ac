"""PETORY on PostgreSQL, where it differs from SQLite: `--db postgres://…`
and `--db-pool` on petory-httpd and petoryctl; a URL that is not a valid
connection string (a clear error naming --db, exit status 2, no password
shown); a server that is down at start (a clear error, exit status 1 for
petory-httpd and 7 for petoryctl, no crash); a server that goes down while
petory-httpd runs (503 problem+json STORAGE_UNAVAILABLE, /health DOWN with
db DOWN, nothing half-written) and comes back (petory-httpd recovers by
itself); and the operations that copy or count a SQLite file (backup,
restore, stats), which answer NOT_SUPPORTED and name PostgreSQL's own
tools.

The outage runs on a private cluster (pg_server.Cluster), the rest on the
shared one."""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

import pg_server
from harness import (FILES_SECRET, HTTPD, JWT_SECRET, Server, child_env, ctl,
                     unique)

FAST = ["--pwhash-opslimit", "1", "--pwhash-memlimit", "8192"]
SECRET = "pw-never-shown"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_httpd(args, env=None, cwd=None):
    full = child_env()
    full.update(env or {})
    return subprocess.run([HTTPD] + list(args), capture_output=True,
                          text=True, timeout=120, env=full, cwd=cwd,
                          stdin=subprocess.DEVNULL)


def problem_code(r):
    return r.body.get("code") if isinstance(r.body, dict) else None


class TempDirTestCase(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="petory-pg-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def httpd_args(self, db):
        return ["--port", "0", "--bind", "127.0.0.1", "--db", db,
                "--files", os.path.join(self.tmp, "files"),
                "--jwt-secret", JWT_SECRET, "--files-secret",
                FILES_SECRET] + FAST

    def error_line(self, stderr, program):
        """The one line of stderr that is the program's own (the library's
        log lines are JSON)."""
        lines = [line for line in stderr.splitlines()
                 if line.startswith(program + ": ")]
        self.assertEqual(len(lines), 1, stderr)
        self.assertNotIn(SECRET, stderr)
        return lines[0]


class BadUrlTest(TempDirTestCase):
    """A --db URL that is not a valid connection string is bad
    configuration: one line naming --db and what is wrong, status 2."""

    BAD = [
        ("postgres://petory:%s@127.0.0.1:99999/petory" % SECRET, "port"),
        ("postgresql://petory:%s@[::1/petory" % SECRET, "invalid"),
        ("postgres://petory:%s@127.0.0.1:5432/petory?nosuchoption=1"
         % SECRET, "query parameter"),
    ]

    def test_httpd_names_the_flag(self):
        for url, why in self.BAD:
            with self.subTest(url=url):
                r = run_httpd(self.httpd_args(url), cwd=self.tmp)
                self.assertEqual(r.returncode, 2, r.stderr)
                line = self.error_line(r.stderr, "petory-httpd")
                self.assertTrue(line.startswith("petory-httpd: --db: "),
                                line)
                self.assertIn(why, line.lower())
                self.assertEqual(r.stdout, "")

    def test_ctl_names_the_flag(self):
        for url, why in self.BAD:
            with self.subTest(url=url):
                r = ctl("--db", url, "user", "list")
                self.assertEqual(r.returncode, 2, r.stderr)
                line = self.error_line(r.stderr, "petoryctl")
                self.assertTrue(line.startswith("petoryctl: --db: "), line)
                self.assertIn(why, line.lower())

    def test_bad_pool_sizes(self):
        db = "postgres://petory@127.0.0.1:%d/petory" % free_port()
        for pool in ("0", "1025", "x"):
            with self.subTest(pool=pool):
                r = run_httpd(self.httpd_args(db) + ["--db-pool", pool],
                              cwd=self.tmp)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn("--db-pool", r.stderr)
                r = run_httpd(self.httpd_args(db), cwd=self.tmp,
                              env={"PETORY_DB_POOL": pool})
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn("PETORY_DB_POOL", r.stderr)
                r = ctl("--db", db, "--db-pool", pool, "user", "list")
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn("--db-pool", r.stderr)


class DownAtStartTest(TempDirTestCase):
    """Nothing answers at the URL's address: a clear error, no crash."""

    def setUp(self):
        super().setUp()
        self.port = free_port()
        self.url = "postgres://petory:%s@127.0.0.1:%d/petory" % (
            SECRET, self.port)

    def test_httpd_exits_1_naming_the_server(self):
        r = run_httpd(self.httpd_args(self.url), cwd=self.tmp)
        self.assertEqual(r.returncode, 1, r.stderr)
        line = self.error_line(r.stderr, "petory-httpd")
        self.assertIn("cannot connect to PostgreSQL at 127.0.0.1:%d"
                      % self.port, line)
        self.assertIn("postgres://petory:***@127.0.0.1:%d/petory"
                      % self.port, line)
        self.assertTrue(line.endswith("[DATABASE_UNAVAILABLE]"), line)
        self.assertNotIn("listening", r.stdout)

    def test_ctl_exits_7(self):
        r = ctl("--db", self.url, "user", "list")
        self.assertEqual(r.returncode, 7, r.stderr)
        line = self.error_line(r.stderr, "petoryctl")
        self.assertIn("127.0.0.1:%d" % self.port, line)
        self.assertTrue(line.endswith("[DATABASE_UNAVAILABLE]"), line)


class OutageTest(unittest.TestCase):
    """The database goes away under a running petory-httpd and comes
    back: 503 problem+json while it is gone, /health says so, nothing a
    failed request began is left behind, and the server serves again once
    the database answers, without a restart."""

    @classmethod
    def setUpClass(cls):
        cls.cluster = pg_server.Cluster()
        cls.cluster.start()
        cls.addClassCleanup(cls.cluster.stop)

    def setUp(self):
        self.server = Server(["--db-pool", "3"],
                             db=pg_server.fresh_db(self.cluster.url))
        self.addCleanup(self.server.cleanup)

    def health(self):
        r = self.server.get("/health")
        return r.status, r.body["components"]["db"]["status"]

    def wait_until_served(self, token, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            r = self.server.get("/users/me", token=token)
            if r.status == 200 or time.monotonic() > deadline:
                return r
            time.sleep(0.2)

    def test_down_then_back(self):
        user = self.server.make_user()
        self.assertEqual(self.health(), (200, "UP"))
        metrics = self.server.get("/metrics").text
        self.assertRegex(metrics, r"(?m)^petory_db_connections 3$")

        # The test cluster commits without waiting for the disk
        # (synchronous_commit=off) and goes down as in a crash: write what
        # was committed first, as a real server's commits would be.
        pg_server.psql(re.sub(r"//[^@/]*@", "//postgres@", self.cluster.url),
                       "CHECKPOINT")
        self.cluster.down()
        r = self.server.get("/users/me", token=user["access"])
        self.assertEqual(r.status, 503, r.text)
        self.assertTrue(r.headers["Content-Type"].startswith(
            "application/problem+json"), r.headers["Content-Type"])
        self.assertEqual(problem_code(r), "STORAGE_UNAVAILABLE", r.text)
        self.assertEqual(self.health(), (503, "DOWN"))
        # a signup (several writes) fails whole...
        email = unique("outage") + "@example.com"
        r = self.server.post("/auth/signup", {
            "email": email, "password": "pw-outage-123",
            "nickname": unique("o")[:30]})
        self.assertEqual(r.status, 503, r.text)
        self.assertEqual(problem_code(r), "STORAGE_UNAVAILABLE", r.text)
        r = self.server.post("/auth/login", {"email": user["email"],
                                             "password": user["password"]})
        self.assertEqual(r.status, 503, r.text)

        self.cluster.up()
        r = self.wait_until_served(user["access"])
        self.assertEqual(r.status, 200, r.text)
        self.assertEqual(self.health(), (200, "UP"))
        # ... and left nothing: the email is free, the login works
        r = self.server.post("/auth/signup", {
            "email": email, "password": "pw-outage-123",
            "nickname": unique("o")[:30]})
        self.assertEqual(r.status, 201, r.text)
        self.server.login(user)
        self.assertEqual(self.server.get("/users/me",
                                         token=user["access"]).status, 200)
        self.assertEqual(self.server.stop(), 0, self.server.log_tail())
        log = self.server.log_text()
        self.assertIn("reconnecting", log)


class SqliteOperationsTest(TempDirTestCase):
    """backup, restore and stats work on the SQLite file: on PostgreSQL
    they refuse, naming the tools that do it there, and write nothing."""

    def setUp(self):
        super().setUp()
        self.db = pg_server.fresh_db(pg_server.shared_url())
        self.addCleanup(pg_server.drop_db, self.db)
        r = ctl("--db", self.db, "init")
        self.assertEqual(r.returncode, 0, r.stderr)

    def refused(self, r, *words):
        self.assertEqual(r.returncode, 1, r.stderr)
        line = self.error_line(r.stderr, "petoryctl")
        self.assertTrue(line.endswith("[NOT_SUPPORTED]"), line)
        for word in words:
            self.assertIn(word, line)

    def test_backup_names_pg_dump(self):
        path = os.path.join(self.tmp, "backup.db")
        self.refused(ctl("--db", self.db, "backup", path), "pg_dump")
        self.assertFalse(os.path.exists(path))
        self.assertEqual([n for n in os.listdir(self.tmp)], [])

    def test_restore_names_pg_restore(self):
        backup = os.path.join(self.tmp, "some.db")
        with open(backup, "wb") as f:
            f.write(b"x")
        self.refused(ctl("--db", self.db, "restore", backup), "pg_restore")

    def test_stats_names_postgresql(self):
        self.refused(ctl("--db", self.db, "stats"), "PostgreSQL")

    def test_init_shows_the_url_without_its_password(self):
        url = re.sub(r"^postgres://([^@/]*)@", r"postgres://\1:%s@" % SECRET,
                     self.db)
        env = dict(child_env(), PGPASSWORD=SECRET)
        r = ctl("--db", url, "--json", "init", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn(SECRET, r.stdout + r.stderr)
        self.assertIn(":***@", r.stdout)


if __name__ == "__main__":
    unittest.main()
