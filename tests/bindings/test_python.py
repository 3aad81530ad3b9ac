"""The Python bindings drive the real library on a real SQLite file."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "bindings", "python"))
import petory  # noqa: E402


class PythonBindings(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.db = petory.Petory(os.path.join(self.tmp.name, "p.db"),
                                fast_password_hashing=True)

    def tearDown(self):
        self.db.close()
        self.tmp.cleanup()

    def test_signup_login_verify_logout(self):
        user = self.db.signup("Py@Example.com", "python-pass", "파이썬")
        self.assertEqual(user["nickname"], "파이썬")
        self.assertEqual(user["roles"], ["USER"])
        tokens = self.db.login("py@example.com", "python-pass")
        me = self.db.verify(tokens["accessToken"])
        self.assertEqual(me["id"], user["id"])
        self.db.logout(tokens["accessToken"])
        with self.assertRaises(petory.PetoryError) as ctx:
            self.db.verify(tokens["accessToken"])
        self.assertEqual(ctx.exception.reason, "REVOKED_TOKEN")

    def test_errors_carry_reason_and_fields(self):
        with self.assertRaises(petory.PetoryError) as ctx:
            self.db.signup("bad", "short", "")
        err = ctx.exception
        self.assertEqual(err.name, "PETORY_EINVALID")
        self.assertEqual(set(err.fields), {"email", "password", "nickname"})
        self.db.signup("dup@example.com", "password1", "d")
        with self.assertRaises(petory.PetoryError) as ctx:
            self.db.signup("DUP@example.com", "password1", "d")
        self.assertEqual(ctx.exception.reason, "DUPLICATE_EMAIL")
        with self.assertRaises(petory.PetoryError) as ctx:
            self.db.login("dup@example.com", "wrong-password")
        self.assertEqual(ctx.exception.reason, "BAD_CREDENTIALS")

    def test_keys_from_outside_are_used_and_not_stored(self):
        import base64
        import sqlite3
        key = base64.b64encode(b"python-binding-jwt-key-000000032").decode()
        path = os.path.join(self.tmp.name, "ext.db")
        with petory.Petory(path, fast_password_hashing=True,
                           jwt_secret=key) as db:
            db.signup("ext@example.com", "python-pass", "ext")
            tokens = db.login("ext@example.com", "python-pass")
            db.verify(tokens["accessToken"])
        with sqlite3.connect(path) as conn:
            stored = [k for (k,) in conn.execute("SELECT key FROM meta")]
        self.assertNotIn("jwt_hs256_key", stored)
        # the same database with another key: the token is refused
        with petory.Petory(path, fast_password_hashing=True) as db:
            with self.assertRaises(petory.PetoryError):
                db.verify(tokens["accessToken"])

    def test_version(self):
        self.assertRegex(petory.library_version(), r"^\d+\.\d+\.\d+$")


if __name__ == "__main__":
    unittest.main()
