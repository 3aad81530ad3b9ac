"""harness.py -- shared machinery of the PETORY end-to-end tests.

Starts a real petory-httpd on a free loopback port with a fresh database,
talks HTTP to it, reads and writes its database directly, runs petoryctl
on the same database, and mints JWTs independently of the server (HS256
over the known test secret, with hmac/hashlib).

The database backend is $PETORY_TEST_DB: "sqlite" (the default; a file in
the server's temporary directory) or "postgres" (a fresh database on the
cluster of tests/e2e/pg_server.py: $PETORY_TEST_PG_URL's, else one the
process starts).  Server.db is what --db takes either way, and db_query,
db_execute, db_snapshot and db_dump work on both (SQL written with `?`
placeholders, translated for PostgreSQL); SQLITE_ONLY skips a test that is
about SQLite itself (its file, PRAGMAs, backups of the file).

Runs under Debian's /usr/bin/python3 (standard library, Debian's
python3-jsonschema for openapi_check: every answer request() gets is
validated against docs/openapi.json, and python3-psycopg2 on PostgreSQL).
The binaries come from $PETORY_HTTPD and $PETORY_CTL (set by CTest), else
from build/.
"""

import base64
import collections
import contextlib
import hashlib
import hmac
import http.client
import itertools
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse
import uuid

import openapi_check
import pg_server

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HTTPD = os.environ.get("PETORY_HTTPD") or os.path.join(
    ROOT, "build", "httpd", "petory-httpd")
CTL = os.environ.get("PETORY_CTL") or os.path.join(
    ROOT, "build", "cli", "petoryctl")

# The HS256 key every test server uses: 32 bytes, given base64 on the
# command line, so that tests can mint and check tokens themselves.
JWT_KEY = b"petory-e2e-known-jwt-secret-0032"
JWT_SECRET = base64.b64encode(JWT_KEY).decode()
assert len(JWT_KEY) == 32

# The key of signed file URLs every test server uses, so that tests can
# sign upload and download URLs themselves (expired ones, too).
FILES_KEY = b"petory-e2e-known-files-key-00032"
FILES_SECRET = base64.b64encode(FILES_KEY).decode()
assert len(FILES_KEY) == 32

# The database backend of every server and petoryctl run of this process.
BACKEND = os.environ.get("PETORY_TEST_DB") or "sqlite"
if BACKEND not in ("sqlite", "postgres"):
    raise RuntimeError("PETORY_TEST_DB=%r: expected sqlite or postgres"
                       % BACKEND)
ON_POSTGRES = BACKEND == "postgres"
# How the server's messages name the database.
DATABASE_KIND = "PostgreSQL" if ON_POSTGRES else "SQLite"


def sqlite_only(reason):
    """Skip a test (or class) on PostgreSQL: it is about SQLite itself."""
    return unittest.skipIf(ON_POSTGRES, "SQLite only: " + reason)


START_TIMEOUT = float(os.environ.get("PETORY_E2E_START_TIMEOUT", "30"))
STOP_TIMEOUT = 30
HTTP_TIMEOUT = 30
KEEP = os.environ.get("PETORY_E2E_KEEP") == "1"

LISTENING_RE = re.compile(r"listening on http://(\[[^\]]+\]|[^\s:/]+):(\d+)")
RFC3339_UTC_RE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$")

_counter = itertools.count(1)


def unique(prefix="u"):
    """A short string no other call returns (for emails, nicknames)."""
    return "%s%d%s" % (prefix, next(_counter), uuid.uuid4().hex[:8])


def child_env():
    """Environment for the binaries: no PETORY_* settings leak in."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith("PETORY_")}


class Response(collections.namedtuple("Response", "status headers body")):
    """(status, headers, body): body is the parsed JSON when the answer is
    JSON, else None; .raw holds the bytes, .text the decoded text."""

    raw = b""

    @property
    def text(self):
        return self.raw.decode("utf-8", "replace")


# ---- JWT, independently of the server --------------------------------------

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jwt_parts(token):
    """(header dict, payload dict, signature bytes) of a JWS compact."""
    h, p, s = token.split(".")
    return (json.loads(b64url_decode(h)), json.loads(b64url_decode(p)),
            b64url_decode(s))


def jwt_sign(signing_input, alg="HS256", key=JWT_KEY):
    if alg == "none":
        return b""
    digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384,
              "HS512": hashlib.sha512}[alg]
    return hmac.new(key, signing_input.encode(), digest).digest()


def jwt_mint(payload, header=None, alg="HS256", key=JWT_KEY):
    """A compact JWS over payload; header defaults to {alg, typ}."""
    if header is None:
        header = {"alg": alg, "typ": "JWT"}
    compact = lambda o: b64url(json.dumps(o, separators=(",", ":")).encode())
    signing_input = compact(header) + "." + compact(payload)
    return signing_input + "." + b64url(jwt_sign(signing_input, alg, key))


def jwt_valid_hs256(token, key=JWT_KEY):
    """True when token's signature is HS256 over key."""
    h, p, s = token.split(".")
    return hmac.compare_digest(b64url_decode(s), jwt_sign(h + "." + p))


# ---- signed file URLs, independently of the server -------------------------

def sign_upload(key, expires, content_type, size):
    """The signature of PUT /files/{key}/upload (hex HMAC-SHA-256)."""
    msg = "PUT\n%s\n%d\n%s\n%d" % (key, expires, content_type, size)
    return hmac.new(FILES_KEY, msg.encode(), hashlib.sha256).hexdigest()


def sign_download(key, expires):
    """The signature of GET /files/{key}."""
    msg = "GET\n%s\n%d" % (key, expires)
    return hmac.new(FILES_KEY, msg.encode(), hashlib.sha256).hexdigest()


# ---- the database -----------------------------------------------------------

def new_database(tmp):
    """A fresh, empty database for a test, as --db takes it: a file in the
    directory tmp (SQLite; made by the first open) or a new database on
    the shared cluster (PostgreSQL)."""
    if ON_POSTGRES:
        return pg_server.fresh_db(pg_server.shared_url())
    return os.path.join(tmp, "petory.db")


def drop_database(db):
    """Remove a database new_database made (a file goes with its
    directory)."""
    if ON_POSTGRES and db.startswith(("postgres://", "postgresql://")):
        with contextlib.suppress(Exception):
            pg_server.drop_db(db)


_PLACEHOLDER = re.compile(r"'[^']*'|\?|%")


def _pg_sql(sql):
    """sqlite3's `?` placeholders as psycopg2's %s (and a literal % as
    %%), leaving string literals alone."""
    def swap(m):
        text = m.group(0)
        if text == "?":
            return "%s"
        if text == "%":
            return "%%"
        return text.replace("%", "%%")
    return _PLACEHOLDER.sub(swap, sql)


def _pg_value(v):
    return bytes(v) if isinstance(v, memoryview) else v


@contextlib.contextmanager
def _connect(db):
    """A connection to db that commits at the end of the block."""
    if ON_POSTGRES:
        import psycopg2
        conn = psycopg2.connect(db)
    else:
        conn = sqlite3.connect(db, timeout=30)
        conn.execute("PRAGMA foreign_keys = ON")
    try:
        yield conn
        conn.commit()
    finally:
        conn.close()


def db_query(db, sql, *params):
    """The rows of one statement on db (`?` placeholders), as tuples."""
    with _connect(db) as conn:
        if not ON_POSTGRES:
            return conn.execute(sql, params).fetchall()
        cur = conn.cursor()
        cur.execute(_pg_sql(sql), params)
        rows = cur.fetchall() if cur.description else []
        return [tuple(_pg_value(v) for v in row) for row in rows]


def db_execute(db, sql, *params):
    """Run one writing statement on db, committed (foreign keys on, as
    the server has them)."""
    db_query(db, sql, *params)


def _tables(conn):
    if ON_POSTGRES:
        cur = conn.cursor()
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = "
                    "'public' ORDER BY tablename")
        return [r[0] for r in cur.fetchall()]
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def _rows(conn, table):
    sql = 'SELECT * FROM "%s"' % table.replace('"', '""')
    if ON_POSTGRES:
        cur = conn.cursor()
        cur.execute(sql)
        return [tuple(_pg_value(v) for v in row) for row in cur.fetchall()]
    return conn.execute(sql).fetchall()


def db_snapshot(db, exclude=("rate_limits",)):
    """Every table's rows, sorted, except those that legitimately change
    on refused requests (rate-limit counters)."""
    with _connect(db) as conn:
        return {name: sorted(_rows(conn, name), key=repr)
                for name in _tables(conn) if name not in exclude}


def db_dump(db):
    """The whole database as text: SQL from SQLite; every row of every
    table (bytes in hex) from PostgreSQL."""
    with _connect(db) as conn:
        if not ON_POSTGRES:
            return "\n".join(conn.iterdump())
        lines = []
        for name in _tables(conn):
            for row in _rows(conn, name):
                lines.append("%s: %s" % (name, ", ".join(
                    v.hex() if isinstance(v, bytes) else repr(v)
                    for v in row)))
        return "\n".join(lines)


# ---- the server ------------------------------------------------------------

class Server:
    """One petory-httpd process with its own temporary directory."""

    def __init__(self, extra_args=(), env=None, defaults=True,
                 preexec_fn=None, db=None):
        """extra_args go after the test defaults (a free port, the
        database, temporary files, the known secrets, the cheapest
        password hash), or alone when defaults is False; env adds to the
        environment (which never inherits PETORY_* variables).  db is the
        database (dropped at cleanup); by default a fresh one, or without
        the defaults the file petory.db in the temporary directory (for
        tests that give --db themselves)."""
        self.tmp = tempfile.mkdtemp(prefix="petory-e2e-")
        if db is None:
            db = (new_database(self.tmp) if defaults
                  else os.path.join(self.tmp, "petory.db"))
        self.db = db
        self.files = os.path.join(self.tmp, "files")
        self.log_path = os.path.join(self.tmp, "httpd.stderr")
        self.extra_args = list(extra_args)
        self.env = dict(env or {})
        self.defaults = defaults
        self.preexec_fn = preexec_fn
        self.proc = None
        self.host = None
        self.port = None
        self.stdout_lines = []
        self.exit_code = None
        self._log = None
        os.makedirs(self.files)
        try:
            self.start()
        except BaseException:
            self.cleanup()
            raise

    def start(self):
        args = [HTTPD]
        if self.defaults:
            args += ["--port", "0", "--bind", "127.0.0.1",
                     "--db", self.db, "--files", self.files,
                     "--pwhash-opslimit", "1", "--pwhash-memlimit", "8192",
                     "--jwt-secret", JWT_SECRET,
                     "--files-secret", FILES_SECRET]
        args += self.extra_args
        env = child_env()
        env.update(self.env)
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=self._log, env=env, cwd=self.tmp,
            preexec_fn=self.preexec_fn)
        found = threading.Event()

        def drain():
            for raw in self.proc.stdout:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                self.stdout_lines.append(line)
                m = LISTENING_RE.search(line)
                if m and not found.is_set():
                    self.host = m.group(1).strip("[]")
                    self.port = int(m.group(2))
                    found.set()

        self._drain = threading.Thread(target=drain, daemon=True)
        self._drain.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not found.wait(0.05):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(
                    "petory-httpd did not start (exit %s)\nargs: %s\n"
                    "stdout: %s\nstderr: %s" % (
                        self.proc.returncode, " ".join(args),
                        "\n".join(self.stdout_lines), self.log_tail()))
        self.base_url = "http://%s:%d" % (self.host, self.port)

    def log_tail(self, n=40):
        try:
            with open(self.log_path, "rb") as f:
                lines = f.read().decode("utf-8", "replace").splitlines()
        except OSError:
            return ""
        return "\n".join(lines[-n:])

    def log_text(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self, sig=signal.SIGTERM):
        """Send sig (SIGTERM), wait, and return the exit status (None if
        it had to be killed)."""
        if self.proc is None or self.exit_code is not None:
            return self.exit_code
        self.proc.send_signal(sig)
        try:
            self.exit_code = self.proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            self.exit_code = None
        self._drain.join(5)
        self._log.close()
        self.proc.stdout.close()
        return self.exit_code

    def restart(self):
        """Stop (SIGTERM, which must exit 0) and start again on the same
        database and arguments."""
        code = self.stop()
        if code != 0:
            raise AssertionError("petory-httpd exited %r on SIGTERM\n%s"
                                 % (code, self.log_tail()))
        self.proc.stdout.close()
        self.exit_code = None
        self.start()

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
            self._drain.join(5)
        if self.proc and not self.proc.stdout.closed:
            self.proc.stdout.close()
        if self._log and not self._log.closed:
            self._log.close()

    def cleanup(self):
        self.kill()
        if not KEEP:
            shutil.rmtree(self.tmp, ignore_errors=True)
            drop_database(self.db)

    # ---- HTTP ----

    def request(self, method, path, body=None, token=None, headers=None,
                raw=None, content_type="application/json"):
        """Send one request; body is JSON-encoded, raw is sent as is (with
        content_type unless it is None).  Returns a Response."""
        hdrs = {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
        elif raw is not None:
            data = raw if isinstance(raw, bytes) else raw.encode()
        if data is not None and content_type is not None:
            hdrs["Content-Type"] = content_type
        if token is not None:
            hdrs["Authorization"] = "Bearer " + token
        hdrs.update(headers or {})
        conn = http.client.HTTPConnection(self.host, self.port,
                                          timeout=HTTP_TIMEOUT)
        try:
            conn.request(method, path, body=data, headers=hdrs)
            resp = conn.getresponse()
            payload = resp.read()
            status, rheaders = resp.status, resp.headers
        finally:
            conn.close()
        # Every answer matches the API document, or the test fails here.
        openapi_check.check(method, path, status, rheaders, payload)
        parsed = None
        ctype = rheaders.get("Content-Type", "")
        if payload and "json" in ctype:
            parsed = json.loads(payload)
        r = Response(status, rheaders, parsed)
        r.raw = payload
        return r

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def raw_exchange(self, head, body=b"", wait_first=2.0):
        """Send head (the request line and headers, CRLF-terminated) over a
        plain socket, then body unless the server answered first; return
        (status, header text, body bytes).  For requests a polite client
        library will not make (oversized bodies)."""
        import select
        import socket
        sock = socket.create_connection((self.host, self.port),
                                        timeout=HTTP_TIMEOUT)
        try:
            sock.sendall(head)
            readable, _, _ = select.select([sock], [], [], wait_first)
            if not readable:
                try:
                    for i in range(0, len(body), 65536):
                        sock.sendall(body[i:i + 65536])
                except (BrokenPipeError, ConnectionResetError):
                    pass
            status, lines, rest = read_response(sock)
            return status, "\r\n".join(lines), rest
        finally:
            sock.close()

    # ---- accounts ----

    def signup(self, email=None, password=None, nickname=None):
        email = email or unique("user") + "@example.com"
        password = password or "pw-" + uuid.uuid4().hex[:12]
        nickname = nickname or unique("n")[:30]
        r = self.post("/auth/signup", {"email": email, "password": password,
                                       "nickname": nickname})
        if r.status != 201:
            raise AssertionError("signup failed: %d %s" % (r.status, r.text))
        return {"id": r.body["id"], "email": email, "password": password,
                "nickname": nickname}

    def login(self, user):
        r = self.post("/auth/login", {"email": user["email"],
                                      "password": user["password"]})
        if r.status != 200:
            raise AssertionError("login failed: %d %s" % (r.status, r.text))
        user["access"] = r.body["accessToken"]
        user["refresh"] = r.body["refreshToken"]
        return user

    def make_user(self, **kw):
        """A fresh USER, signed up and logged in: {id, email, password,
        nickname, access, refresh}."""
        return self.login(self.signup(**kw))

    def make_admin(self):
        """A fresh ADMIN made by petoryctl (password on stdin), then
        logged in over HTTP."""
        email = unique("admin") + "@example.com"
        password = "admin-" + uuid.uuid4().hex[:12]
        nickname = unique("a")[:30]
        r = ctl("--db", self.db, "--json", "user", "create", "--admin",
                "--email", email, "--nickname", nickname,
                "--password-file", "-", input=password + "\n")
        if r.returncode != 0:
            raise AssertionError("petoryctl user create failed: %d %s" % (
                r.returncode, r.stderr))
        created = json.loads(r.stdout)
        return self.login({"id": created["id"], "email": email,
                           "password": password, "nickname": nickname})

    # ---- files ----

    def presign(self, user, data, content_type="image/png", purpose="pet",
                filename="photo"):
        r = self.post("/files/presign", {
            "purpose": purpose, "filename": filename,
            "contentType": content_type, "size": len(data)},
            token=user["access"])
        if r.status != 201:
            raise AssertionError("presign failed: %d %s" % (r.status,
                                                            r.text))
        return r.body

    def upload(self, user, data, content_type="image/png", purpose="pet"):
        """Presign and PUT data; returns the file key."""
        p = self.presign(user, data, content_type, purpose)
        r = self.request("PUT", p["uploadUrl"], raw=data,
                         content_type=p["headers"]["Content-Type"])
        if r.status != 201:
            raise AssertionError("upload failed: %d %s" % (r.status,
                                                           r.text))
        return p["fileKey"]

    def stored_files(self):
        """Relative paths of every file under --files (temporary ones
        included)."""
        found = []
        for root, _, names in os.walk(self.files):
            for name in names:
                found.append(os.path.relpath(os.path.join(root, name),
                                             self.files))
        return sorted(found)

    # ---- the database ----

    def db_snapshot(self, exclude=("rate_limits",)):
        """Every table's rows, sorted, except those that legitimately
        change on refused requests (rate-limit counters)."""
        return db_snapshot(self.db, exclude)

    def db_dump(self):
        """The whole database as text."""
        return db_dump(self.db)

    def db_query(self, sql, *params):
        return db_query(self.db, sql, *params)

    def db_execute(self, sql, *params):
        db_execute(self.db, sql, *params)


def read_response(sock):
    """(status, header lines, body) of one answer read from a socket, the
    body as long as its Content-Length; ConnectionError when the server
    closes the connection first."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before an answer: %r" % data)
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed in the body")
        body += chunk
    return int(lines[0].split()[1]), lines[1:], body


def ctl(*args, input=None, env=None, cwd=None):
    """Run petoryctl; returns the CompletedProcess (text mode)."""
    return subprocess.run([CTL] + list(args), input=input,
                          capture_output=True, text=True, timeout=120,
                          env=env if env is not None else child_env(),
                          cwd=cwd, stdin=None if input is not None
                          else subprocess.DEVNULL)


def query(**params):
    return "?" + urllib.parse.urlencode(params)


# ---- test cases ------------------------------------------------------------

class ServerTestCase(unittest.TestCase):
    """A TestCase class sharing one server, started in setUpClass with
    server_args; tearDownClass stops it and asserts a clean exit 0."""

    server_args = ()
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        cls.server = Server(cls.server_args)
        cls.addClassCleanup(cls.server.cleanup)

    @classmethod
    def tearDownClass(cls):
        server = cls.server
        code = server.stop()
        if code != 0:
            raise AssertionError(
                "petory-httpd did not exit cleanly on SIGTERM (exit %r)\n%s"
                % (code, server.log_tail()))

    # shortcuts
    def get(self, path, **kw):
        return self.server.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.server.request("POST", path, body=body, **kw)

    def put(self, path, body=None, **kw):
        return self.server.request("PUT", path, body=body, **kw)

    def patch(self, path, body=None, **kw):
        return self.server.request("PATCH", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.server.request("DELETE", path, **kw)

    def assert_status(self, r, status):
        self.assertEqual(r.status, status,
                         "expected %d, got %d: %s" % (status, r.status,
                                                      r.text[:500]))

    def assert_problem(self, r, status, code=None, fields=()):
        """r is an RFC 9457 problem with this status (and code, and an
        `errors` object naming at least these fields)."""
        self.assert_status(r, status)
        ctype = r.headers.get("Content-Type", "")
        self.assertTrue(ctype.startswith("application/problem+json"),
                        "Content-Type %r: %s" % (ctype, r.text[:300]))
        body = r.body
        self.assertIsInstance(body, dict, r.text[:300])
        for key in ("type", "title", "status", "code"):
            self.assertIn(key, body, r.text[:300])
        self.assertEqual(body["status"], status)
        self.assertRegex(body["code"], r"^[A-Z][A-Z0-9_]*$")
        if code is not None:
            self.assertEqual(body["code"], code, r.text[:300])
        if fields:
            errors = body.get("errors")
            self.assertIsInstance(errors, dict, r.text[:300])
            for field in fields:
                self.assertIn(field, errors, r.text[:300])
        return body

    def assert_unauthorized(self, r):
        self.assert_problem(r, 401)
        self.assertTrue(
            r.headers.get("WWW-Authenticate", "").startswith("Bearer"),
            "WWW-Authenticate: %r" % r.headers.get("WWW-Authenticate"))

    def assert_rfc3339_utc(self, value):
        self.assertIsInstance(value, str)
        self.assertRegex(value, RFC3339_UTC_RE)

    @contextlib.contextmanager
    def unchanged_db(self):
        """The database is the same after the block as before it."""
        before = self.server.db_snapshot()
        yield
        self.assertEqual(before, self.server.db_snapshot(),
                         "the database changed")
