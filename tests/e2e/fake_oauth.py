"""fake_oauth.py -- a small Google-compatible OAuth2 provider for the
end-to-end tests: http.server on a free loopback port, in a thread.

The test plays the browser: it reads the authorize URL petory-httpd
redirects to, registers a code for that URL's PKCE challenge with
add_code(), then calls petory-httpd's callback with the code.  petory-httpd
must then POST the code to /token (client authentication by form fields
or HTTP Basic, the code_verifier matching the S256 challenge, the same
redirect_uri) and GET /userinfo with the bearer token it received.
"""

import base64
import hashlib
import http.server
import json
import secrets
import threading
import urllib.parse

CLIENT_ID = "x"
CLIENT_SECRET = "y"


def s256(verifier):
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class FakeProvider:

    def __init__(self):
        self.lock = threading.Lock()
        self.codes = {}    # code -> {challenge, redirect_uri, userinfo}
        self.tokens = {}   # access token -> userinfo
        self.calls = []    # (method, path, status) of every request
        self.errors = []   # why a request was refused
        provider = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, fmt, *args):
                pass

            def send_json(self, status, body, headers=()):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
                with provider.lock:
                    provider.calls.append((self.command,
                                           self.path.split("?")[0], status))

            def refuse(self, status, error, why, headers=()):
                with provider.lock:
                    provider.errors.append(why)
                self.send_json(status, {"error": error,
                                        "error_description": why}, headers)

            def do_POST(self):
                if self.path.split("?")[0] != "/token":
                    return self.refuse(404, "not_found", "no such path")
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                ctype = self.headers.get("Content-Type", "")
                if not ctype.startswith("application/x-www-form-urlencoded"):
                    return self.refuse(400, "invalid_request",
                                       "token request not form-encoded")
                form = {k: v[0] for k, v in urllib.parse.parse_qs(
                    raw, keep_blank_values=True).items()}
                client_id = form.get("client_id")
                client_secret = form.get("client_secret")
                auth = self.headers.get("Authorization", "")
                if auth.startswith("Basic "):
                    pair = base64.b64decode(auth[6:]).decode()
                    user, _, password = pair.partition(":")
                    client_id = urllib.parse.unquote_plus(user)
                    client_secret = urllib.parse.unquote_plus(password)
                if client_id != CLIENT_ID or client_secret != CLIENT_SECRET:
                    return self.refuse(401, "invalid_client",
                                       "bad client credentials",
                                       [("WWW-Authenticate", "Basic")])
                if form.get("grant_type") != "authorization_code":
                    return self.refuse(400, "unsupported_grant_type",
                                       "grant_type %r" %
                                       form.get("grant_type"))
                with provider.lock:
                    entry = provider.codes.pop(form.get("code"), None)
                if entry is None:
                    return self.refuse(400, "invalid_grant",
                                       "unknown or used code")
                verifier = form.get("code_verifier") or ""
                if s256(verifier) != entry["challenge"]:
                    return self.refuse(400, "invalid_grant",
                                       "code_verifier does not match")
                if form.get("redirect_uri") != entry["redirect_uri"]:
                    return self.refuse(400, "invalid_grant",
                                       "redirect_uri %r differs" %
                                       form.get("redirect_uri"))
                token = secrets.token_urlsafe(24)
                with provider.lock:
                    provider.tokens[token] = entry["userinfo"]
                self.send_json(200, {"access_token": token,
                                     "token_type": "Bearer",
                                     "expires_in": 3600,
                                     "scope": "openid email profile"})

            def do_GET(self):
                if self.path.split("?")[0] != "/userinfo":
                    return self.refuse(404, "not_found", "no such path")
                auth = self.headers.get("Authorization", "")
                token = auth[7:] if auth.startswith("Bearer ") else None
                with provider.lock:
                    info = provider.tokens.get(token)
                if info is None:
                    return self.refuse(401, "invalid_token",
                                       "userinfo without a valid token",
                                       [("WWW-Authenticate", "Bearer")])
                self.send_json(200, info)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                     Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       daemon=True)
        self.thread.start()

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def server_args(self):
        """The petory-httpd flags that make this provider Google."""
        return ("--google-client-id", CLIENT_ID,
                "--google-client-secret", CLIENT_SECRET,
                "--google-authorize-url", self.url("/authorize"),
                "--google-token-url", self.url("/token"),
                "--google-userinfo-url", self.url("/userinfo"))

    def add_code(self, authorize_params, email, email_verified=True,
                 name="Fake User", sub=None):
        """Register a fresh code for the challenge and redirect_uri of an
        authorize request (its parsed query); returns the code."""
        code = secrets.token_urlsafe(16)
        info = {"sub": sub or secrets.token_hex(8), "email": email,
                "email_verified": email_verified, "name": name}
        with self.lock:
            self.codes[code] = {
                "challenge": authorize_params["code_challenge"],
                "redirect_uri": authorize_params["redirect_uri"],
                "userinfo": info}
        return code

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
