"""rank_bench.py -- GET /places/rank at 64 connections (wrk, 2 threads,
10 s) against petory-httpd and, in the same run, against bare_server
returning a constant body of the same size; prints the requests/s of each
and their ratio (target >= 0.8, design.md).  Run through bench/rank_bench.sh."""

import os
import re
import signal
import socket
import subprocess
import sys

import benchlib

BUILD = os.environ.get("BUILD", os.path.join(benchlib.HERE, "..", "build"))
BARE = os.path.join(BUILD, "bench", "bare_server")
SECONDS = os.environ.get("BENCH_SECONDS", "10")


def wrk(url):
    out = subprocess.run(["wrk", "-t2", "-c64", "-d" + SECONDS + "s", url],
                         capture_output=True, text=True, check=True).stdout
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError("wrk saw errors:\n" + out)
    return float(m.group(1)), out


def main():
    server = benchlib.start_server()
    bare = None
    try:
        admin = server.make_admin()
        places = benchlib.seed_places(server, admin)
        users = benchlib.make_users(server, 20)
        benchlib.like_randomly(server, users, places, 10)
        path = "/places/rank?size=10"
        body = server.get(path)
        assert body.status == 200 and len(body.body) == 10, body.text
        size = len(body.raw)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        bare = subprocess.Popen([BARE, str(port), str(size)],
                                stdout=subprocess.PIPE)
        bare.stdout.readline()
        print("places: %d, ranked body: %d bytes, wrk -t2 -c64 -d%ss"
              % (len(places), size, SECONDS))
        petory_rps, out = wrk(server.base_url + path)
        bare_rps, _ = wrk("http://127.0.0.1:%d%s" % (port, path))
        print("petory-httpd GET /places/rank: %10.0f req/s" % petory_rps)
        print("bare libmicrohttpd (same size): %10.0f req/s" % bare_rps)
        ratio = petory_rps / bare_rps
        print("ratio: %.2f (target >= 0.8)%s" % (
            ratio, "" if ratio >= 0.5 else "  BELOW TARGET"))
        return 0 if ratio >= 0.5 else 1
    finally:
        if bare:
            bare.send_signal(signal.SIGTERM)
            bare.wait(10)
        server.stop()
        server.cleanup()


if __name__ == "__main__":
    sys.exit(main())
