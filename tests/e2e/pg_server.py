"""pg_server.py -- a real PostgreSQL server for the end-to-end tests.

pg_cluster() is a context manager around scripts/pg_cluster.sh: it starts a
throwaway cluster in a fresh temporary directory (initdb, a free 127.0.0.1
port, an unprivileged user when run as root), yields its URL
(postgres://petory@127.0.0.1:PORT/petory) and stops it and removes the
directory when the block ends, whether it ends normally or by an
exception.  When $PETORY_TEST_PG_URL is set (CI starts one cluster for the
whole run), it yields that URL and starts nothing.

fresh_db(url) creates a new, empty database petory_N on the cluster of url
and returns its URL: one per test, so tests never see each other's rows;
drop_db(url) removes it.  shared_url() is the cluster of a whole process:
$PETORY_TEST_PG_URL, else one started on first use and stopped at exit.
Only the standard library and the cluster's own psql are used.
"""

import atexit
import contextlib
import itertools
import os
import re
import shutil
import subprocess
import tempfile
import urllib.parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(ROOT, "scripts", "pg_cluster.sh")
URL_ENV = "PETORY_TEST_PG_URL"
START_TIMEOUT = 120

_counter = itertools.count(1)
_process_cluster = None


def _pg_bin(name):
    """A PostgreSQL client program: $PG_BIN's, the newest server's, or
    the one on PATH."""
    dirs = [os.environ.get("PG_BIN")] + sorted(
        (os.path.join("/usr/lib/postgresql", v, "bin")
         for v in (os.listdir("/usr/lib/postgresql")
                   if os.path.isdir("/usr/lib/postgresql") else [])),
        key=lambda d: [int(x) if x.isdigit() else x
                       for x in re.split(r"(\d+)", d)],
        reverse=True)
    for d in dirs:
        if d and os.access(os.path.join(d, name), os.X_OK):
            return os.path.join(d, name)
    found = shutil.which(name)
    if not found:
        raise RuntimeError("no %s: install postgresql-15" % name)
    return found


def _script(command, directory):
    result = subprocess.run(
        ["bash", SCRIPT, command, directory], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, timeout=START_TIMEOUT)
    if result.returncode != 0:
        raise RuntimeError("pg_cluster.sh %s %s failed (%d):\n%s" % (
            command, directory, result.returncode, result.stderr))
    lines = result.stdout.strip().splitlines()
    return lines[-1] if lines else ""


class Cluster:
    """A throwaway cluster; start() and stop() it yourself, or use
    pg_cluster().  down() and up() stop and restart its server on the
    same port, keeping the data (outage tests)."""

    def __init__(self):
        self.dir = None
        self.url = None

    def start(self):
        self.dir = tempfile.mkdtemp(prefix="petory-pg-")
        try:
            self.url = _script("start", self.dir)
        except BaseException:
            with contextlib.suppress(Exception):
                self.stop()
            raise
        return self.url

    def down(self):
        _script("down", self.dir)

    def up(self):
        _script("up", self.dir)

    def stop(self):
        if self.dir:
            try:
                _script("stop", self.dir)
            finally:
                if os.path.isdir(self.dir):
                    shutil.rmtree(self.dir, ignore_errors=True)
                self.dir = None


@contextlib.contextmanager
def pg_cluster():
    """Yield the URL of a running cluster; stop it at the end."""
    shared = os.environ.get(URL_ENV)
    if shared:
        yield shared
        return
    cluster = Cluster()
    try:
        cluster.start()
        yield cluster.url
    finally:
        cluster.stop()


def _with_database(url, name):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def psql(url, sql):
    """Run sql on the database at url; returns psql's output (unaligned,
    no headers); raises on an error."""
    result = subprocess.run(
        [_pg_bin("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
         "-d", url, "-c", sql],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        timeout=60)
    if result.returncode != 0:
        raise RuntimeError("psql %s: %s" % (sql, result.stderr.strip()))
    return result.stdout


def fresh_db(url):
    """Create a new, empty database on url's cluster; return its URL."""
    name = "petory_%d_%d" % (os.getpid(), next(_counter))
    psql(url, "CREATE DATABASE %s" % name)
    return _with_database(url, name)


def drop_db(url):
    """Drop the database of url (its connections are ended first)."""
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    psql(_with_database(url, "postgres"),
         'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name.replace('"', ""))


def shared_url():
    """The URL of the cluster this process shares: $PETORY_TEST_PG_URL
    (one cluster for a whole run), else a cluster started on the first
    call and stopped when the process exits."""
    global _process_cluster
    shared = os.environ.get(URL_ENV)
    if shared:
        return shared
    if _process_cluster is None:
        cluster = Cluster()
        cluster.start()
        atexit.register(cluster.stop)
        _process_cluster = cluster
    return _process_cluster.url
