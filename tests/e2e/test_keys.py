"""test_keys.py -- the keys that sign access tokens.

- Key ids: every access token names its key in the JWT header (kid).
  `petoryctl keys rotate` makes a new current key: tokens signed before
  keep working until they expire, new tokens carry the new kid, a token
  whose kid names no key is refused (401), a token without kid (signed by
  the previous release) verifies against the original key, and a later
  rotation drops the retired keys whose tokens have all expired.
- Keys from outside the database: `--secrets-file PATH` (owner-only,
  else refused) and the environment (PETORY_JWT_KEY, PETORY_URL_KEY,
  PETORY_JWT_PREVIOUS_KEYS); such keys are used and never written to the
  database, and rotating them is done where they come from.
"""

import base64
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest

import hmac
import urllib.parse

import harness
import images
from harness import (HTTPD, Server, child_env, ctl, jwt_mint, jwt_parts,
                     unique)

NEW_KEY = b"petory-e2e-secrets-file-jwt-0032"
URL_KEY = b"petory-e2e-secrets-file-url-0032"
OLD_KEY = b"petory-e2e-previous-jwt-key-0032"


def b64(key):
    return base64.b64encode(key).decode()


def kid_of(key):
    """The key id the library derives from a key."""
    digest = hashlib.blake2b(b"petory-kid:" + key, digest_size=16).digest()
    return harness.b64url(digest[:8])


def signed_by(token, key):
    h, p, sig = token.split(".")
    expect = hmac.new(key, (h + "." + p).encode(), hashlib.sha256).digest()
    return hmac.compare_digest(harness.b64url_decode(sig), expect)


def header(token):
    return jwt_parts(token)[0]


def claims_for(user, sid, ttl=600):
    now = int(time.time())
    return {"sub": str(user["id"]), "sid": sid, "jti": unique("j"),
            "ver": 0, "iat": now, "exp": now + ttl}


class KeyServerCase(unittest.TestCase):
    """A server whose keys are not given on the command line."""

    def server(self, extra=(), env=None, ttl=None):
        tmp = tempfile.mkdtemp(prefix="petory-keys-")
        self.addCleanup(shutil.rmtree, tmp, True)
        db = harness.new_database(tmp)
        args = ["--port", "0", "--bind", "127.0.0.1", "--db", db,
                "--files", os.path.join(tmp, "files"),
                "--pwhash-opslimit", "1", "--pwhash-memlimit", "8192"]
        if ttl:
            args += ["--access-ttl", str(ttl)]
        s = Server(args + list(extra), defaults=False, db=db, env=env)
        self.addCleanup(s.cleanup)
        return s

    def keys(self, s, *extra, env=None):
        r = ctl("--db", s.db, "--json", "keys", *extra, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def me(self, s, token):
        return s.get("/users/me", token=token)

    def session_of(self, s, user):
        return s.db_query("SELECT id FROM auth_sessions WHERE user_id = ?"
                          " ORDER BY created_at DESC", user["id"])[0][0]


class RotationTest(KeyServerCase):

    def test_tokens_name_their_key(self):
        s = self.server()
        user = s.make_user()
        kid = header(user["access"]).get("kid")
        self.assertTrue(kid, header(user["access"]))
        keys = self.keys(s, "list")
        self.assertEqual([k["kid"] for k in keys], [kid])
        self.assertTrue(keys[0]["current"] and keys[0]["original"])
        self.assertFalse(keys[0]["external"])
        # never the key itself
        r = ctl("--db", s.db, "--json", "keys", "list")
        stored = s.db_query(
            "SELECT value FROM meta WHERE key = 'jwt_hs256_key'")[0][0]
        self.assertNotIn(stored, r.stdout)

    def test_old_tokens_work_after_rotation_and_new_ones_carry_the_new_kid(
            self):
        s = self.server()
        user = s.make_user()
        old_kid = header(user["access"])["kid"]
        old_token = user["access"]
        r = ctl("--db", s.db, "--json", "keys", "rotate")
        self.assertEqual(r.returncode, 0, r.stderr)
        rotated = json.loads(r.stdout)
        new_kid = rotated["current"]["kid"]
        self.assertNotEqual(new_kid, old_kid)
        self.assertEqual(rotated["dropped"], 0)
        # the token signed before the rotation still works
        self.assertEqual(self.me(s, old_token).status, 200)
        # new tokens carry the new kid, and work
        again = s.login(dict(user))
        self.assertEqual(header(again["access"])["kid"], new_kid)
        self.assertEqual(self.me(s, again["access"]).status, 200)
        r = s.post("/auth/reissue", {"refreshToken": user["refresh"]})
        self.assertEqual(r.status, 200)
        self.assertEqual(header(r.body["accessToken"])["kid"], new_kid)
        keys = self.keys(s, "list")
        self.assertEqual([(k["kid"], k["current"]) for k in keys],
                         [(new_kid, True), (old_kid, False)])
        self.assertIsNotNone(keys[1]["verifiesUntil"])
        self.assertIsNotNone(keys[1]["retiredAt"])

    def test_unknown_kid_is_refused_and_no_kid_means_the_original_key(self):
        s = self.server()
        user = s.make_user()
        sid = self.session_of(s, user)
        original = bytes.fromhex(s.db_query(
            "SELECT value FROM meta WHERE key = 'jwt_hs256_key'")[0][0])
        claims = claims_for(user, sid)
        # signed with the right key but naming no key of the ring
        token = jwt_mint(claims, header={"alg": "HS256", "typ": "JWT",
                                         "kid": "AAAAAAAAAAA"},
                         key=original)
        self.assertEqual(self.me(s, token).status, 401)
        # a kid of the wrong shape
        token = jwt_mint(claims, header={"alg": "HS256", "typ": "JWT",
                                         "kid": "../../etc"},
                         key=original)
        self.assertEqual(self.me(s, token).status, 401)
        # a token of the previous release (no kid): the original key
        token = jwt_mint(claims, key=original)
        self.assertEqual(self.me(s, token).status, 200)
        # still after a rotation, while the original key is kept
        self.assertEqual(ctl("--db", s.db, "keys", "rotate").returncode, 0)
        self.assertEqual(self.me(s, token).status, 200)
        # a kid-less token signed with the new key is not the original's
        ring = json.loads(s.db_query(
            "SELECT value FROM meta WHERE key = 'jwt_keyring'")[0][0])
        current = bytes.fromhex(ring["keys"][0]["key"])
        self.assertEqual(self.me(s, jwt_mint(claims, key=current)).status,
                         401)

    def test_rotation_drops_keys_whose_tokens_have_expired(self):
        s = self.server(ttl=1)
        user = s.make_user()
        first = header(user["access"])["kid"]
        env = dict(child_env(), PETORY_ACCESS_TTL="1")
        second = self.keys(s, "rotate", env=env)["current"]["kid"]
        # the first key verifies for 1 s + 5 s after its retirement
        time.sleep(6.5)
        rotated = self.keys(s, "rotate", env=env)
        self.assertEqual(rotated["dropped"], 1)
        kids = [k["kid"] for k in self.keys(s, "list", env=env)]
        self.assertEqual(kids, [rotated["current"]["kid"], second])
        self.assertNotIn(first, kids)
        # a fresh token with the dropped kid is refused
        sid = self.session_of(s, user)
        original = bytes.fromhex(s.db_query(
            "SELECT value FROM meta WHERE key = 'jwt_hs256_key'")[0][0])
        token = jwt_mint(claims_for(user, sid),
                         header={"alg": "HS256", "typ": "JWT",
                                 "kid": first}, key=original)
        self.assertEqual(self.me(s, token).status, 401)


class SecretsFileTest(KeyServerCase):

    def secrets_file(self, text, mode=0o600):
        fd, path = tempfile.mkstemp(prefix="petory-secrets-")
        self.addCleanup(os.unlink, path)
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.chmod(path, mode)
        return path

    def assert_nothing_stored(self, s):
        stored = [k for (k,) in s.db_query("SELECT key FROM meta")]
        for key in ("jwt_hs256_key", "jwt_keyring", "files_url_key"):
            self.assertNotIn(key, stored)

    def test_a_file_others_may_read_is_refused(self):
        path = self.secrets_file("jwt_key=%s\n" % b64(NEW_KEY), 0o644)
        tmp = tempfile.mkdtemp(prefix="petory-keys-")
        self.addCleanup(shutil.rmtree, tmp, True)
        out = subprocess.run(
            [HTTPD, "--port", "0", "--db", os.path.join(tmp, "p.db"),
             "--secrets-file", path], capture_output=True, text=True,
            timeout=60, env=child_env(), stdin=subprocess.DEVNULL)
        self.assertEqual(out.returncode, 2, out.stderr)
        self.assertIn("SECRETS_FILE_READABLE", out.stderr)
        self.assertIn("644", out.stderr)
        self.assertNotIn(b64(NEW_KEY), out.stderr)
        r = ctl("--db", os.path.join(tmp, "p.db"), "--secrets-file", path,
                "init")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("SECRETS_FILE_READABLE", r.stderr)

    def test_a_malformed_file_is_refused_without_showing_values(self):
        path = self.secrets_file("# keys\njwt_key %s\n" % b64(NEW_KEY))
        tmp = tempfile.mkdtemp(prefix="petory-keys-")
        self.addCleanup(shutil.rmtree, tmp, True)
        out = subprocess.run(
            [HTTPD, "--port", "0", "--db", os.path.join(tmp, "p.db"),
             "--secrets-file", path], capture_output=True, text=True,
            timeout=60, env=child_env(), stdin=subprocess.DEVNULL)
        self.assertEqual(out.returncode, 2, out.stderr)
        self.assertIn("INVALID_SECRETS_FILE", out.stderr)
        self.assertIn("line 2", out.stderr)
        self.assertNotIn(b64(NEW_KEY), out.stderr)

    def test_keys_from_the_file_are_used_and_not_stored(self):
        path = self.secrets_file(
            "# PETORY keys\n\njwt_key = %s\nurl_key=%s\n"
            % (b64(NEW_KEY), b64(URL_KEY)))
        s = self.server(["--secrets-file", path])
        user = s.make_user()
        self.assertTrue(signed_by(user["access"], NEW_KEY))
        self.assertEqual(header(user["access"])["kid"], kid_of(NEW_KEY))
        self.assert_nothing_stored(s)
        # the file-URL key is the file's
        data = images.png()
        p = s.presign(user, data)
        q = urllib.parse.parse_qs(urllib.parse.urlparse(
            p["uploadUrl"]).query)
        msg = "PUT\n%s\n%s\n%s\n%d" % (p["fileKey"], q["expires"][0],
                                       "image/png", len(data))
        self.assertEqual(q["signature"][0], hmac.new(
            URL_KEY, msg.encode(), hashlib.sha256).hexdigest())
        keys = self.keys(s, "--secrets-file", path, "list")
        self.assertEqual([(k["kid"], k["external"]) for k in keys],
                         [(kid_of(NEW_KEY), True)])
        r = ctl("--db", s.db, "--secrets-file", path, "keys", "rotate")
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertIn("KEYS_EXTERNAL", r.stderr)
        self.assert_nothing_stored(s)

    def test_keys_from_the_environment_and_previous_keys(self):
        env = {"PETORY_JWT_KEY": b64(NEW_KEY),
               "PETORY_JWT_PREVIOUS_KEYS": b64(OLD_KEY),
               "PETORY_URL_KEY": b64(URL_KEY)}
        s = self.server(env=env)
        user = s.make_user()
        self.assertTrue(signed_by(user["access"], NEW_KEY))
        self.assert_nothing_stored(s)
        sid = self.session_of(s, user)
        # a token of the previous key, by its kid, still verifies
        old = jwt_mint(claims_for(user, sid),
                       header={"alg": "HS256", "typ": "JWT",
                               "kid": kid_of(OLD_KEY)}, key=OLD_KEY)
        self.assertEqual(self.me(s, old).status, 200)
        # but the previous key signs nothing without its kid
        self.assertEqual(self.me(s, jwt_mint(claims_for(user, sid),
                                             key=OLD_KEY)).status, 401)


if __name__ == "__main__":
    unittest.main()
