"""benchlib.py -- shared setup of the places benchmarks: a petory-httpd
with a fresh database (through the end-to-end harness), places (the real
bookmark files when ../shared/data/places is there, else synthetic ones),
users and likes."""

import json
import os
import shlex
import random
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))

import harness  # noqa: E402

DATA = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data",
                                     "places"))


def start_server(args=()):
    """A server with the test defaults, args, and the options in
    PETORY_BENCH_ARGS (e.g. "--threads 8 --db-pool 16")."""
    extra = shlex.split(os.environ.get("PETORY_BENCH_ARGS", ""))
    return harness.Server(list(args) + extra)


def seed_places(server, admin, synthetic=200):
    """Import the real files if present, else create `synthetic` places;
    returns the place ids."""
    if os.path.isdir(DATA):
        files = sorted(os.path.join(DATA, f) for f in os.listdir(DATA)
                       if f.endswith(".json"))
        r = harness.ctl("--db", server.db, "places", "import", *files)
        if r.returncode != 0:
            raise RuntimeError("import failed: " + r.stderr)
    else:
        types = ["CAFE", "RESTAURANT", "BAR", "ETC"]
        for i in range(synthetic):
            server.post("/places", {
                "placeName": "bench %d" % i, "placeType": types[i % 4],
                "address": "bench address %d" % i,
                "latitude": 37 + i / 1000.0, "longitude": 127.0},
                token=admin["access"])
    return [row[0] for row in server.db_query(
        "SELECT id FROM places WHERE status = 0 ORDER BY id")]


def make_users(server, n):
    return [server.make_user() for _ in range(n)]


def like_randomly(server, users, places, per_user, rng=None):
    rng = rng or random.Random(7)
    for u in users:
        for p in rng.sample(places, per_user):
            server.request("PUT", "/places/%d/like" % p, token=u["access"])
