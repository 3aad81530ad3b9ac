"""ws_bench.py -- the chat WebSocket under load, against design.md's
targets, in one run:

  1. idle server RSS (target < 20 MB), then 2,000 idle authenticated
     WebSocket connections (200 users x 10): RSS growth and memory per
     connection (target < 100 MB for all 2,000);
  2. 100 active pairs (a seller and a buyer each, one room per pair),
     each buyer sending 50 messages at 10 a second: latency from send to
     the seller's push and to the sender's ack, p50 and p99, and the
     messages stored checked exact.

The client is python3-websockets in one asyncio loop (the server's
figures include none of its cost but the latency does).  Run with
bench/ws_bench.sh; timings never go into tests.
"""

import asyncio
import json
import os
import resource
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))

import harness  # noqa: E402
import websockets  # noqa: E402

IDLE_USERS, PER_USER = 200, 10
PAIRS, MESSAGES, INTERVAL_S = 100, 50, 0.1
RSS_TARGET_IDLE_MB, RSS_TARGET_2000_MB = 20.0, 100.0


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def private_kb(pid):
    """USS: the pages of the process alone (shared libraries' pages that
    RSS counts are left out)."""
    total = 0
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            if line.startswith(("Private_Clean:", "Private_Dirty:")):
                total += int(line.split()[1])
    return total


def percentile(values, p):
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100.0 * len(values))) - 1))
    return values[k]


async def authed(url, token):
    ws = await websockets.connect(url, max_size=None, ping_interval=None)
    await ws.send(json.dumps({"type": "auth", "token": token}))
    hello = json.loads(await ws.recv())
    assert hello["type"] == "authenticated", hello
    return ws


async def idle_phase(server, url, users):
    conns = []
    for u in users:
        conns += await asyncio.gather(*[authed(url, u["access"])
                                        for _ in range(PER_USER)])
    await asyncio.sleep(1.0)
    return conns


async def until(ws, kind, cid, t0, out):
    """Read ws until a message of kind for cid; record its latency."""
    while True:
        m = json.loads(await ws.recv())
        if m["type"] == "error":
            raise AssertionError(m)
        if m["type"] == kind and (
                m.get("clientMsgId") or m.get("message", {}).get(
                    "clientMsgId")) == cid:
            out.append(time.perf_counter() - t0)
            return


async def pair_run(url, seller, buyer, room, lat_push, lat_ack):
    s = await authed(url, seller["access"])
    b = await authed(url, buyer["access"])
    for i in range(MESSAGES):
        cid = "%d-%d" % (room, i)
        t0 = time.perf_counter()
        await b.send(json.dumps({"type": "send", "roomId": room,
                                 "messageType": "TEXT",
                                 "content": "bench %s" % cid,
                                 "clientMsgId": cid}))
        await asyncio.gather(until(s, "message", cid, t0, lat_push),
                             until(b, "ack", cid, t0, lat_ack))
        await asyncio.sleep(max(0.0, INTERVAL_S -
                                (time.perf_counter() - t0)))
    await s.close()
    await b.close()


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    server = harness.Server(["--ws-max-per-user", str(PER_USER),
                             "--max-connections", "8192",
                             "--ws-ping-interval", "300",
                             "--signup-ip-limit", "100000",
                             "--login-ip-limit", "100000"])
    try:
        url = "ws://%s:%d/ws-chat" % (server.host, server.port)
        pid = server.proc.pid
        idle_kb, idle_private_kb = rss_kb(pid), private_kb(pid)
        users = [server.make_user() for _ in range(IDLE_USERS)]
        base_kb = rss_kb(pid)
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        conns = loop.run_until_complete(idle_phase(server, url, users))
        full_kb = rss_kb(pid)
        n = len(conns)
        open_now = server.get("/health").body["components"]["websocket"][
            "connections"]
        per_conn = (full_kb - base_kb) / float(n)
        print("idle server RSS:        %.1f MB (target < %.0f MB; ratio "
              "%.2f); %.1f MB of it the process's own (USS)" % (
                  idle_kb / 1024.0, RSS_TARGET_IDLE_MB,
                  idle_kb / 1024.0 / RSS_TARGET_IDLE_MB,
                  idle_private_kb / 1024.0))
        print("%d idle WebSockets:   RSS %.1f MB (+%.1f MB), %.1f KB per "
              "connection; server counts %d" % (
                  n, full_kb / 1024.0, (full_kb - base_kb) / 1024.0,
                  per_conn, open_now))
        print("  2,000 connections:    %.1f MB (target < %.0f MB; ratio "
              "%.2f)" % (full_kb / 1024.0, RSS_TARGET_2000_MB,
                         full_kb / 1024.0 / RSS_TARGET_2000_MB))
        loop.run_until_complete(asyncio.gather(*[c.close() for c in conns]))

        pairs = []
        for i in range(PAIRS):
            seller, buyer = server.make_user(), server.make_user()
            r = server.post("/trade-boards", {
                "category": "TOYS", "title": "bench %d" % i,
                "content": "bench", "price": 1}, token=seller["access"])
            board = r.body["id"]
            r = server.post("/chat/%d" % board, token=buyer["access"])
            pairs.append((seller, buyer, r.body["chatRoomId"]))
        lat_push, lat_ack = [], []
        t0 = time.perf_counter()
        loop.run_until_complete(asyncio.gather(*[
            pair_run(url, s, b, room, lat_push, lat_ack)
            for s, b, room in pairs]))
        wall = time.perf_counter() - t0
        stored = server.db_query("SELECT count(*) FROM chat_messages")[0][0]
        expected = PAIRS * MESSAGES
        print("%d active pairs, %d messages in %.1f s (%.0f msg/s): "
              "stored %d of %d%s" % (PAIRS, expected, wall, expected / wall,
                                     stored, expected,
                                     "" if stored == expected else " WRONG"))
        print("  to the other member:  p50 %.2f ms  p99 %.2f ms  max %.2f ms"
              % (1000 * statistics.median(lat_push),
                 1000 * percentile(lat_push, 99), 1000 * max(lat_push)))
        print("  ack to the sender:    p50 %.2f ms  p99 %.2f ms" % (
            1000 * statistics.median(lat_ack), 1000 * percentile(lat_ack, 99)))
        loop.close()
        return 0 if stored == expected else 1
    finally:
        server.stop()
        server.cleanup()


if __name__ == "__main__":
    sys.exit(main())
