"""test_db_permissions.py -- the SQLite file holds the signing keys.

The database keeps the JWT key, the file-URL key and the session ids, so
it (and its -wal and -shm files) must be readable by its owner only:
created 0600, a looser existing file tightened at open with a warning
that names the file, backups written 0600.  The attack this guards
against: a local user who can read the file takes the generated key and
an administrator's session id from it and mints an admin token.
"""

import json
import os
import sqlite3
import stat
import subprocess
import sys
import unittest

import harness
from harness import Server, ctl, unique

# The local attacker: another user (nobody) that reads the database file
# and prints what a token needs.  Runs only when the tests run as root.
ATTACKER = r"""
import json, os, shutil, sqlite3, sys, tempfile
try:
    copy = os.path.join(tempfile.mkdtemp(), "stolen.db")
    for suffix in ("", "-wal"):
        if os.path.exists(sys.argv[1] + suffix):
            shutil.copyfile(sys.argv[1] + suffix, copy + suffix)
    conn = sqlite3.connect(copy)
    key = conn.execute(
        "SELECT value FROM meta WHERE key = 'jwt_hs256_key'").fetchone()
    sid = conn.execute(
        "SELECT id FROM auth_sessions WHERE user_id = ?"
        " ORDER BY created_at DESC", (int(sys.argv[2]),)).fetchone()
    print(json.dumps({"key": key and key[0], "sid": sid and sid[0]}))
except Exception as e:
    print(json.dumps({"error": type(e).__name__}))
"""


def loose_bits(path):
    return stat.S_IMODE(os.stat(path).st_mode) & 0o077


def generated_key_server():
    """A server on petory.db in its temporary directory (its working
    directory) whose JWT key is generated into the database (no
    --jwt-secret), as an installation without a secrets file runs."""
    return Server(["--port", "0", "--bind", "127.0.0.1", "--db", "petory.db",
                   "--pwhash-opslimit", "1", "--pwhash-memlimit", "8192"],
                  defaults=False)


@harness.sqlite_only("the modes of the SQLite file")
class DatabaseFileModeTest(unittest.TestCase):
    def setUp(self):
        self.server = generated_key_server()
        self.addCleanup(self.server.cleanup)

    def test_database_wal_and_shm_are_private(self):
        s = self.server
        s.make_user()  # a write: the -wal and -shm files exist
        for suffix in ("", "-wal", "-shm"):
            path = s.db + suffix
            self.assertTrue(os.path.exists(path), path)
            self.assertEqual(loose_bits(path), 0,
                             "%s is mode %o" % (path, stat.S_IMODE(
                                 os.stat(path).st_mode)))

    def test_a_local_user_cannot_mint_an_admin_token(self):
        if os.geteuid() != 0:
            self.skipTest("needs root to run the attacker as nobody")
        s = self.server
        admin = s.make_admin()
        os.chmod(s.tmp, 0o755)  # a data directory others may traverse
        out = subprocess.run(
            [sys.executable, "-c", ATTACKER, s.db, str(admin["id"])],
            capture_output=True, text=True, timeout=60,
            preexec_fn=lambda: (os.setgid(65534), os.setuid(65534)))
        found = json.loads(out.stdout)
        if found.get("key") and found.get("sid"):
            # What the attacker can do with it: an admin token.
            now = int(__import__("time").time())
            token = harness.jwt_mint(
                {"sub": str(admin["id"]), "sid": found["sid"],
                 "jti": unique("j"), "ver": 0, "iat": now,
                 "exp": now + 600},
                key=bytes.fromhex(found["key"]))
            r = s.get("/admin/users", token=token)
            self.fail("a local user read the keys from the database and "
                      "minted an admin token (GET /admin/users -> %d)"
                      % r.status)
        self.assertEqual(found.get("error"), "PermissionError",
                         out.stdout + out.stderr)

    def test_a_looser_existing_file_is_tightened_with_a_warning(self):
        s = self.server
        s.make_user()
        s.kill()  # no checkpoint: the -wal and -shm files stay
        loosened = []
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(s.db + suffix):
                os.chmod(s.db + suffix, 0o644)
                loosened.append("petory.db" + suffix)
        self.assertIn("petory.db-wal", loosened)
        s.exit_code = None
        s.start()
        s.make_user()
        for suffix in ("", "-wal", "-shm"):
            path = s.db + suffix
            self.assertEqual(loose_bits(path), 0, path)
        log = s.log_text()
        for name in loosened:
            self.assertIn("%s was readable by group or others (mode 644);"
                          " its mode is now 0600" % name, log)
        stored = s.db_query("SELECT value FROM meta WHERE key LIKE '%key'")
        self.assertTrue(stored)
        for (value,) in stored:
            self.assertNotIn(value, log)

    def test_petoryctl_init_creates_a_private_file(self):
        db = os.path.join(self.server.tmp, "fresh.db")
        r = ctl("--db", db, "init")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(loose_bits(db), 0)

    def test_backup_is_private(self):
        s = self.server
        s.make_user()
        out = os.path.join(s.tmp, "b.db")
        r = ctl("--db", s.db, "backup", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(loose_bits(out), 0)
        restored = os.path.join(s.tmp, "restored.db")
        r = ctl("restore", out, "--db", restored,
                "--files", os.path.join(s.tmp, "rf"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(loose_bits(restored), 0)


if __name__ == "__main__":
    unittest.main()
