"""petoryctl: help everywhere, init, user management, --json output, the
one-line errors and the exit-status table, and the database guards."""

import json
import os
import shutil
import tempfile
import unittest

from harness import (ON_POSTGRES, Server, child_env, ctl, db_execute,
                     db_query, drop_database, new_database, sqlite_only,
                     unique)

HELP_CASES = [
    (["--help"], ["--db", "--json", "init", "user create", "Exit status"]),
    (["-h"], ["--db", "Exit status"]),
    (["help"], ["--db", "Exit status"]),
    (["init", "--help"], ["--db", "--json"]),
    (["user", "--help"],
     ["create", "list", "show", "grant", "revoke", "suspend", "restore"]),
    (["user", "create", "--help"],
     ["--email", "--password", "--password-file", "--nickname", "--admin"]),
    (["user", "create", "-h"], ["--email"]),
    (["user", "list", "--help"], ["--page", "--size"]),
    (["user", "show", "--help"], ["--id"]),
    (["user", "grant", "--help"], ["--id", "--role", "ADMIN"]),
    (["user", "revoke", "--help"], ["--id", "--role"]),
    (["user", "suspend", "--help"], ["--id"]),
    (["user", "restore", "--help"], ["--id"]),
    (["version", "--help"], ["--json"]),
    (["help", "user"], ["create", "grant"]),
    (["help", "user", "create"], ["--email", "--password-file"]),
    (["help", "init"], ["--db"]),
    (["files", "--help"], ["gc"]),
    (["files", "gc", "--help"], ["--older-than", "--files", "PETORY_S3_"]),
    (["batch", "--help"], ["daily-notify", "--date"]),
    (["batch", "daily-notify", "--help"], ["--date", "ACTIVE"]),
    (["jobs", "--help"], ["run"]),
    (["jobs", "run", "--help"],
     ["PETORY_SMTP_URL", "PETORY_ADMIN_WEBHOOK_URL", "PETORY_TIMEZONE"]),
]


class CliTestCase(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="petory-cli-")
        self.db = new_database(self.tmp)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)
        drop_database(self.db)

    def run_ctl(self, *args, **kw):
        return ctl("--db", self.db, *args, **kw)

    def ok(self, *args, **kw):
        r = self.run_ctl(*args, **kw)
        self.assertEqual(r.returncode, 0, "petoryctl %s: %s" % (
            " ".join(args), r.stderr))
        self.assertEqual(r.stderr, "")
        return r

    def ok_json(self, *args, **kw):
        return json.loads(self.ok("--json", *args, **kw).stdout)

    def fails(self, r, status, reason=None, mentions=()):
        """r failed with this exit status and one error line."""
        self.assertEqual(r.returncode, status, "stdout: %r stderr: %r" % (
            r.stdout, r.stderr))
        lines = r.stderr.splitlines()
        self.assertEqual(len(lines), 1, "not one line: %r" % r.stderr)
        line = lines[0]
        self.assertTrue(line.startswith("petoryctl: "), line)
        self.assertRegex(line, r" \[[A-Z][A-Z0-9_]*\]$")
        if reason:
            self.assertTrue(line.endswith("[%s]" % reason), line)
        for word in mentions:
            self.assertIn(word.lower(), line.lower())
        self.assertEqual(r.stdout, "")
        return line

    def create(self, *extra, email=None, password="password-123",
               nickname="nick"):
        email = email or unique("cli") + "@example.com"
        return self.ok_json("user", "create", "--email", email,
                            "--password", password, "--nickname", nickname,
                            *extra)

    def show(self, user_id):
        return self.ok_json("user", "show", "--id", str(user_id))


class HelpTest(CliTestCase):

    def test_help_everywhere(self):
        for args, words in HELP_CASES:
            with self.subTest(args=args):
                r = self.run_ctl(*args)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(r.stderr, "")
                self.assertTrue(r.stdout.startswith("Usage: petoryctl"),
                                r.stdout[:80])
                for word in words:
                    self.assertIn(word, r.stdout)
        self.assertFalse(os.path.exists(self.db),
                         "--help created the database")

    def test_help_lists_the_exit_statuses(self):
        out = self.ok("--help").stdout
        for status in range(8):
            self.assertRegex(out, r"(?m)^\s+%d\s+\S" % status)

    def test_version(self):
        r = self.ok("version")
        self.assertRegex(r.stdout, r"^petoryctl \d+\.\d+\.\d+")
        info = self.ok_json("version")
        self.assertIsInstance(info["schemaVersion"], int)
        self.assertFalse(os.path.exists(self.db))


class UsageTest(CliTestCase):

    def test_usage_errors_exit_2(self):
        cases = [
            [],
            ["frobnicate"],
            ["--frob"],
            ["user"],
            ["user", "frob"],
            ["init", "extra"],
            ["user", "list", "--frob"],
            ["user", "list", "--page"],
            ["user", "list", "--page", "x"],
            ["user", "show"],
            ["user", "show", "--id", "abc"],
            ["user", "show", "--id", "0"],
            ["user", "grant", "--id", "1"],
            ["user", "grant", "--id", "1", "--role", "BOSS"],
            ["user", "create", "--email", "a@example.com"],
            ["user", "create", "--email", "a@example.com", "--nickname",
             "n", "--password", "password-1", "--password-file", "/x"],
            ["user", "create", "--email", "a@example.com", "--nickname",
             "n", "--password-file", os.path.join("/nonexistent", "pw")],
            ["help", "frob"],
        ]
        for args in cases:
            with self.subTest(args=args):
                self.fails(self.run_ctl(*args), 2)
        self.assertFalse(os.path.exists(self.db))


class InitTest(CliTestCase):

    def user_version(self):
        """The schema version the database records."""
        if ON_POSTGRES:
            return db_query(self.db,
                            "SELECT max(version) FROM schema_version")[0][0]
        return db_query(self.db, "PRAGMA user_version")[0][0]

    def test_init_creates_and_is_idempotent(self):
        if not ON_POSTGRES:
            self.assertFalse(os.path.exists(self.db))
        r = self.ok("init")
        if not ON_POSTGRES:
            self.assertTrue(os.path.exists(self.db))
        version = self.user_version()
        self.assertGreaterEqual(version, 1)
        self.assertIn("schema version %d" % version, r.stdout)
        info = self.ok_json("init")
        self.assertEqual(info["schemaVersion"], version)
        self.assertEqual(self.user_version(), version)

    def test_petory_db_environment_variable(self):
        env = child_env()
        env["PETORY_DB"] = self.db
        r = ctl("init", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertGreaterEqual(self.user_version(), 1)

    @sqlite_only("the default database is a file")
    def test_default_is_petory_db_in_the_working_directory(self):
        r = ctl("init", cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.tmp, "petory.db")))

    @sqlite_only("only a database file can be missing and made; a "
                 "PostgreSQL database must exist and is migrated")
    def test_missing_database_is_refused(self):
        for args in (["user", "list"], ["user", "show", "--id", "1"],
                     ["user", "grant", "--id", "1", "--role", "ADMIN"],
                     ["user", "suspend", "--id", "1"]):
            with self.subTest(args=args):
                line = self.fails(self.run_ctl(*args), 3,
                                  mentions=[self.db, "does not exist"])
                self.assertIn("init", line)
                self.assertFalse(os.path.exists(self.db))

    def test_newer_database_is_refused(self):
        self.ok("init")
        if ON_POSTGRES:
            db_execute(self.db, "INSERT INTO schema_version(version, "
                       "applied_at) VALUES (9999, 0)")
        else:
            db_execute(self.db, "PRAGMA user_version = 9999")
        for args in (["user", "list"], ["init"],
                     ["user", "create", "--email", "n@example.com",
                      "--password", "password-1", "--nickname", "n"]):
            with self.subTest(args=args):
                line = self.fails(self.run_ctl(*args), 7)
                self.assertTrue("9999" in line or "newer" in line.lower(),
                                line)
        self.assertEqual(self.user_version(), 9999)

    @sqlite_only("a file that is not a SQLite database")
    def test_not_a_database_is_refused(self):
        with open(self.db, "wb") as f:
            f.write(b"this is not an SQLite database, not at all.\n" * 100)
        self.fails(self.run_ctl("user", "list"), 7)


class UserTest(CliTestCase):

    def test_create_admin_then_list(self):
        email = unique("root") + "@example.com"
        user = self.create("--admin", email=email, nickname="관리자")
        self.assertIsInstance(user["id"], int)
        self.assertEqual(user["email"], email)
        self.assertEqual(sorted(user["roles"]), ["ADMIN", "USER"])
        self.assertEqual(user["status"], "ACTIVE")
        self.assertNotIn("password", json.dumps(user).lower())

        text = self.ok("user", "list").stdout
        header, row = text.splitlines()[0:2]
        for column in ("ID", "EMAIL", "ROLES", "STATUS", "NICKNAME"):
            self.assertIn(column, header)
        self.assertIn(email, row)
        self.assertIn("ADMIN", row)
        self.assertIn("관리자", row)

        page = self.ok_json("user", "list")
        self.assertEqual(page["totalElements"], 1)
        self.assertEqual(page["page"], 0)
        self.assertEqual(page["content"][0]["id"], user["id"])
        self.assertIn("ADMIN", page["content"][0]["roles"])

    def test_text_output_of_create_and_show(self):
        email = unique("text") + "@example.com"
        r = self.ok("user", "create", "--email", email, "--password",
                    "password-123", "--nickname", "plain")
        self.assertIn(email, r.stdout)
        self.assertIn("USER", r.stdout)
        user_id = self.ok_json("user", "list")["content"][0]["id"]
        r = self.ok("user", "show", "--id", str(user_id))
        self.assertIn(email, r.stdout)
        self.assertIn("ACTIVE", r.stdout)

    def test_paging(self):
        ids = [self.create()["id"] for _ in range(3)]
        page = self.ok_json("user", "list", "--page", "1", "--size", "2")
        self.assertEqual(page["totalElements"], 3)
        self.assertEqual(page["totalPages"], 2)
        self.assertEqual(page["size"], 2)
        self.assertEqual(len(page["content"]), 1)
        # Newest first: the second page holds the oldest.
        self.assertEqual(page["content"][0]["id"], ids[0])
        self.fails(self.run_ctl("user", "list", "--size", "0"), 2)
        self.fails(self.run_ctl("user", "list", "--size", "101"), 5,
                   mentions=["size"])
        self.fails(self.run_ctl("user", "list", "--page", "-1"), 5,
                   mentions=["page"])

    def test_duplicate_email(self):
        email = unique("dup") + "@example.com"
        self.create(email=email)
        r = self.run_ctl("user", "create", "--email", email.upper(),
                         "--password", "password-123", "--nickname", "n")
        self.fails(r, 4, "DUPLICATE_EMAIL")

    def test_invalid_input(self):
        r = self.run_ctl("user", "create", "--email", "not-an-email",
                         "--password", "password-123", "--nickname", "n")
        self.fails(r, 5, mentions=["email"])
        r = self.run_ctl("user", "create", "--email", "ok@example.com",
                         "--password", "short", "--nickname", "")
        self.fails(r, 5, mentions=["password", "nickname"])

    def test_grant_revoke_suspend_restore(self):
        self.create("--admin")  # the last admin cannot be revoked
        user = self.create()
        uid = str(user["id"])
        self.assertEqual(user["roles"], ["USER"])

        roles = self.ok_json("user", "grant", "--id", uid, "--role", "ADMIN")
        self.assertEqual(roles["userId"], user["id"])
        self.assertEqual(sorted(roles["roles"]), ["ADMIN", "USER"])
        self.assertEqual(sorted(self.show(uid)["roles"]), ["ADMIN", "USER"])
        self.fails(self.run_ctl("user", "grant", "--id", uid, "--role",
                                "admin"), 4, "ALREADY_HAS_SAME_ROLE")

        self.ok("user", "revoke", "--id", uid, "--role", "ADMIN")
        self.assertEqual(self.show(uid)["roles"], ["USER"])
        self.fails(self.run_ctl("user", "revoke", "--id", uid, "--role",
                                "USER"), 4)

        r = self.ok("user", "suspend", "--id", uid)
        self.assertIn("suspended", r.stdout)
        self.assertEqual(self.show(uid)["status"], "SUSPENDED")
        self.fails(self.run_ctl("user", "suspend", "--id", uid), 4)

        shown = self.ok_json("user", "restore", "--id", uid)
        self.assertEqual(shown["status"], "ACTIVE")
        self.assertEqual(self.show(uid)["status"], "ACTIVE")
        self.fails(self.run_ctl("user", "restore", "--id", uid), 4,
                   "USER_NOT_SUSPENDED")

    def test_unknown_user(self):
        self.ok("init")
        for args in (["user", "show", "--id", "4242"],
                     ["user", "grant", "--id", "4242", "--role", "ADMIN"],
                     ["user", "suspend", "--id", "4242"],
                     ["user", "restore", "--id", "4242"]):
            with self.subTest(args=args):
                self.fails(self.run_ctl(*args), 3)

    def test_global_flags_after_the_command(self):
        user = self.create()
        r = ctl("user", "show", "--id", str(user["id"]), "--json",
                "--db", self.db)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["id"], user["id"])


class CliWithServerTest(CliTestCase):
    """Passwords given without argv, checked by logging in over HTTP; and
    changes made by petoryctl seen by a running server at once."""

    def setUp(self):
        super().setUp()
        self.server = Server()
        self.addCleanup(self.server.cleanup)
        drop_database(self.db)
        self.db = self.server.db

    def tearDown(self):
        self.assertEqual(self.server.stop(), 0, self.server.log_tail())
        super().tearDown()

    def login(self, email, password):
        return self.server.post("/auth/login", {"email": email,
                                                "password": password})

    def test_password_sources(self):
        path = os.path.join(self.tmp, "pw")
        with open(path, "w") as f:
            f.write("from-a-file-123\n")
        sources = [
            ("from-a-file-123", ["--password-file", path], None),
            ("from-stdin-1234", ["--password-file", "-"],
             "from-stdin-1234\n"),
            ("dash-stdin-1234", ["--password", "-"], "dash-stdin-1234\r\n"),
            ("on-the-argv-123", ["--password", "on-the-argv-123"], None),
        ]
        for password, args, stdin in sources:
            with self.subTest(args=args):
                email = unique("pw") + "@example.com"
                self.ok("user", "create", "--email", email, "--nickname",
                        "n", *args, input=stdin)
                self.assertEqual(self.login(email, password).status, 200)

    def test_suspension_by_petoryctl_reaches_the_server(self):
        user = self.server.make_user()
        self.ok("user", "suspend", "--id", str(user["id"]))
        r = self.server.get("/users/me", token=user["access"])
        self.assertEqual(r.status, 401)
        self.assertEqual(self.login(user["email"], user["password"]).status,
                         403)
        self.ok("user", "restore", "--id", str(user["id"]))
        self.assertEqual(self.login(user["email"], user["password"]).status,
                         200)


if __name__ == "__main__":
    unittest.main()
