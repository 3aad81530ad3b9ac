"""likes_bench.py -- 64 concurrent users toggle likes (POST
/places/{id}/like) on a few places for a fixed number of operations each,
over keep-alive connections; then every place's likeCount must equal the
likes left by the users (each user's toggles are counted locally), the
place_likes rows and the ranking.  Prints toggles per second."""

import http.client
import json
import random
import sys
import threading
import time

import benchlib

USERS = 64
PLACES = 4
OPS = 200


def main():
    server = benchlib.start_server()
    try:
        admin = server.make_admin()
        places = []
        for i in range(PLACES):
            r = server.post("/places", {
                "placeName": "likes %d" % i, "placeType": "CAFE",
                "address": "likes bench %d" % i, "latitude": 37.5,
                "longitude": 127.0 + i / 100.0}, token=admin["access"])
            places.append(r.body["id"])
        users = benchlib.make_users(server, USERS)
        final = [dict.fromkeys(places, False) for _ in users]
        failures = []
        barrier = threading.Barrier(USERS + 1)

        def work(i):
            rng = random.Random(i)
            conn = http.client.HTTPConnection(server.host, server.port,
                                              timeout=60)
            headers = {"Authorization": "Bearer " + users[i]["access"]}
            barrier.wait()
            for _ in range(OPS):
                p = rng.choice(places)
                conn.request("POST", "/places/%d/like" % p, headers=headers)
                resp = conn.getresponse()
                body = json.loads(resp.read())
                if resp.status != 200:
                    failures.append(resp.status)
                    continue
                final[i][p] = body["liked"]
            conn.close()

        threads = [threading.Thread(target=work, args=(i,))
                   for i in range(USERS)]
        for t in threads:
            t.start()
        barrier.wait()
        start = time.monotonic()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - start
        total = USERS * OPS
        ok = not failures
        for p in places:
            expected = sum(1 for f in final if f[p])
            got = server.get("/places/%d" % p).body["likeCount"]
            rows = server.db_query(
                "SELECT count(*) FROM place_likes WHERE place_id = ?", p)[0][0]
            print("place %d: expected %d, likeCount %d, rows %d" % (
                p, expected, got, rows))
            ok = ok and expected == got == rows
        ranked = {i["id"]: i["likeCount"]
                  for i in server.get("/places/rank?size=50").body}
        for p in places:
            expected = sum(1 for f in final if f[p])
            ok = ok and ranked.get(p, 0) == expected
        print("%d users x %d toggles in %.2f s: %.0f toggles/s; counts %s"
              % (USERS, OPS, elapsed, total / elapsed,
                 "exact" if ok else "WRONG (%d failures)" % len(failures)))
        return 0 if ok else 1
    finally:
        server.stop()
        server.cleanup()


if __name__ == "__main__":
    sys.exit(main())
