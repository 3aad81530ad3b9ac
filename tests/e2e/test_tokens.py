"""Access-token checks on GET /users/me.  The tokens are crafted here,
independently of the server (HS256 with the known test secret), so that
each refusal is caused by exactly one defect: a re-signed copy of a good
token is accepted first, as a control."""

import base64
import json
import time
import unittest

from harness import (ServerTestCase, b64url, jwt_mint, jwt_parts,
                     jwt_valid_hs256, query)


class TokenTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls.server.make_user()
        cls.other = cls.server.make_user()

    def me(self, token=None, headers=None, path="/users/me"):
        return self.get(path, token=token, headers=headers)

    def good_payload(self):
        _, payload, _ = jwt_parts(self.user["access"])
        return dict(payload)

    def test_issued_token_is_hs256_over_the_configured_key(self):
        header, payload, _ = jwt_parts(self.user["access"])
        self.assertEqual(header["alg"], "HS256")
        self.assertTrue(jwt_valid_hs256(self.user["access"]),
                        "the server does not sign with --jwt-secret")
        for claim in ("sub", "exp", "iat", "jti"):
            self.assertIn(claim, payload)

    def test_resigned_copy_is_accepted(self):
        # The control for everything below: our own minting works.
        token = jwt_mint(self.good_payload())
        self.assert_status(self.me(token), 200)

    def test_no_header(self):
        self.assert_unauthorized(self.me())

    def test_garbage(self):
        for value in ("Bearer garbage", "Bearer ", "Bearer a.b.c",
                      "Basic dXNlcjpwYXNz", self.user["access"]):
            self.assert_unauthorized(
                self.me(headers={"Authorization": value}))

    def test_payload_altered(self):
        h, p, s = self.user["access"].split(".")
        payload = self.good_payload()
        payload["sub"] = (str(self.other["id"])
                          if isinstance(payload["sub"], str)
                          else self.other["id"])
        forged = ".".join([h, b64url(json.dumps(payload).encode()), s])
        self.assert_unauthorized(self.me(forged))

    def test_signature_altered(self):
        h, p, s = self.user["access"].split(".")
        sig = bytearray(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)))
        sig[0] ^= 0x01
        forged = ".".join([h, p, b64url(bytes(sig))])
        self.assert_unauthorized(self.me(forged))
        self.assert_unauthorized(self.me(h + "." + p + "."))

    def test_alg_none(self):
        payload = self.good_payload()
        for alg in ("none", "None", "NONE"):
            token = jwt_mint(payload, header={"alg": alg, "typ": "JWT"},
                             alg="none")
            self.assert_unauthorized(self.me(token))

    def test_alg_hs512(self):
        token = jwt_mint(self.good_payload(), alg="HS512")
        self.assert_unauthorized(self.me(token))

    def test_expired(self):
        payload = self.good_payload()
        now = int(time.time())
        payload["iat"] = now - 7200
        payload["exp"] = now - 3600
        self.assert_unauthorized(self.me(jwt_mint(payload)))

    def test_wrong_key(self):
        token = jwt_mint(self.good_payload(), key=b"k" * 32)
        self.assert_unauthorized(self.me(token))

    def test_token_in_query_string_is_ignored(self):
        for name in ("access_token", "accessToken", "token"):
            path = "/users/me" + query(**{name: self.user["access"]})
            self.assert_unauthorized(self.me(path=path))

    def forged_tokens(self):
        h, p, s = self.user["access"].split(".")
        sig = bytearray(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)))
        sig[0] ^= 0x01
        expired = self.good_payload()
        expired["exp"] = int(time.time()) - 60
        return [
            ".".join([h, p, b64url(bytes(sig))]),
            jwt_mint(self.good_payload(), alg="HS512"),
            jwt_mint(self.good_payload(), header={"alg": "none"},
                     alg="none"),
            jwt_mint(self.good_payload(), key=b"k" * 32),
            jwt_mint(expired),
        ]

    def test_forged_tokens_change_nothing(self):
        for token in self.forged_tokens():
            with self.unchanged_db():
                self.assert_unauthorized(self.patch(
                    "/users/me", {"nickname": "forged"}, token=token))
                self.assert_unauthorized(self.delete("/users/me",
                                                     token=token))
                self.assert_unauthorized(self.post("/auth/logout",
                                                   token=token))
                self.assert_unauthorized(self.post(
                    "/auth/roles" + query(userId=self.user["id"],
                                          role="ADMIN"), token=token))

    def test_roles_claimed_in_the_token_are_ignored(self):
        # Correctly signed, but the roles come from the database only.
        payload = self.good_payload()
        payload["roles"] = ["ADMIN", "ROLE_ADMIN"]
        token = jwt_mint(payload)
        self.assert_status(self.me(token), 200)
        with self.unchanged_db():
            r = self.post("/auth/roles" + query(userId=self.user["id"],
                                                role="ADMIN"), token=token)
            self.assert_problem(r, 403)

    def test_the_real_token_works(self):
        r = self.me(self.user["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.body["id"], self.user["id"])


if __name__ == "__main__":
    unittest.main()
