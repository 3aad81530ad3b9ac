"""The chat WebSocket, /ws-chat, with an independent client
(python3-websockets) and a rude one (wsclient.Raw, frames built by hand).

Covered: authentication by the first frame or by the upgrade's header,
4401 for a bad or missing one (within 5 s) and for a revoked token; both
members receiving on two connections each, the sender's message before
its ack; a non-member refused; a resend by clientMsgId storing nothing;
reconnect and history, with one notification for an offline member and
pushes of new notifications; and misbehaving clients -- garbage, a
fragmented message, an oversized one, invalid UTF-8, binary and unmasked
frames, a client that vanishes, too many connections, a silent peer, a
reader too slow -- none of which disturbs the others or loses an acked
message.  Under the
sanitizer build the server's clean exit also proves no leak."""

import json
import os
import socket
import struct
import threading
import time
import unittest
import uuid

import websockets

import wsclient
from harness import Server, ServerTestCase, query

ORIGIN = "http://app.example"


def server_cpu(server):
    """Seconds of CPU the server's process has used so far."""
    with open("/proc/%d/stat" % server.proc.pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class WebSocketTest(ServerTestCase):

    server_args = ("--ws-auth-recheck", "1", "--ws-ping-interval", "2",
                   "--ws-max-per-user", "3", "--cors-origins", ORIGIN)

    def setUp(self):
        self.seller = self.server.make_user()
        self.buyer = self.server.make_user()
        self.stranger = self.server.make_user()
        r = self.post("/trade-boards", {
            "category": "TOYS", "title": "공", "content": "새 공",
            "price": 1000}, token=self.seller["access"])
        self.assert_status(r, 201)
        self.listing = r.body["id"]
        r = self.post("/chat/%d" % self.listing, token=self.buyer["access"])
        self.assert_status(r, 201)
        self.room = r.body["chatRoomId"]
        self.loop = wsclient.Loop()
        self.addCleanup(self.loop.close)

    def client(self, user, header=False):
        c = wsclient.Client.open(self.loop, self.server, user["access"],
                                 header=header)
        self.addCleanup(self.quietly_close, c)
        return c

    def quietly_close(self, c):
        try:
            c.close()
        except Exception:
            pass

    def raw(self, user=None):
        r = wsclient.Raw(self.server, user["access"] if user else None)
        self.addCleanup(r.sock.close)
        self.assertEqual(r.status, 101)
        if user:
            self.assertEqual(r.texts()["type"], "authenticated")
        return r

    def messages_in_db(self):
        return self.server.db_query(
            "SELECT count(*) FROM chat_messages WHERE room_id = ?",
            self.room)[0][0]

    def connections(self):
        r = self.get("/health")
        return r.body["components"]["websocket"]["connections"]

    def wait_connections(self, n, timeout=10):
        deadline = time.monotonic() + timeout
        while self.connections() != n:
            if time.monotonic() > deadline:
                self.fail("connections: %d, expected %d" % (
                    self.connections(), n))
            time.sleep(0.05)

    # ---- authentication ----

    def test_auth_by_first_frame_or_header(self):
        a = self.client(self.buyer)
        b = self.client(self.seller, header=True)
        self.assertEqual((a.user_id, b.user_id),
                         (self.buyer["id"], self.seller["id"]))

    def test_missing_or_bad_auth_closes_4401(self):
        url = "ws://%s:%d/ws-chat" % (self.server.host, self.server.port)
        for first in ({"type": "auth", "token": "nope"},
                      {"type": "auth"},
                      {"type": "send", "roomId": self.room,
                       "messageType": "TEXT", "content": "hi"},
                      "garbage"):
            c = wsclient.Client.open(self.loop, self.server)
            c.send_raw(first if isinstance(first, str)
                       else json.dumps(first))
            self.assertEqual(c.closed_with(), 4401, first)
        # a token of someone else on a live connection
        c = self.client(self.buyer)
        c.send({"type": "auth", "token": self.seller["access"]})
        self.assertEqual(c.closed_with(), 4401)
        # a bad bearer header is refused before the upgrade
        with self.assertRaises(websockets.InvalidStatusCode) as ctx:
            self.loop.run(self._connect(url, {"Authorization":
                                              "Bearer not.a.token"}))
        self.assertEqual(ctx.exception.status_code, 401)

    async def _connect(self, url, headers):
        return await websockets.connect(url, extra_headers=headers)

    def test_silence_closes_4401_after_5_seconds(self):
        c = wsclient.Client.open(self.loop, self.server)
        start = time.monotonic()
        self.assertEqual(c.closed_with(timeout=10), 4401)
        self.assertGreaterEqual(time.monotonic() - start, 4.0)

    def test_a_fresh_token_keeps_the_connection(self):
        c = self.client(self.buyer)
        fresh = self.server.login(dict(self.buyer))
        c.send({"type": "auth", "token": fresh["access"]})
        self.assertEqual(c.recv()["type"], "authenticated")
        c.send_message(self.room, "still me", "fresh-1")
        self.assertEqual(c.recv_type("ack")["clientMsgId"], "fresh-1")

    def test_a_revoked_token_ends_the_connection(self):
        c = self.client(self.buyer)
        other = self.client(self.seller)
        r = self.post("/auth/logout", token=self.buyer["access"])
        self.assert_status(r, 204)
        start = time.monotonic()
        self.assertEqual(c.closed_with(timeout=10), 4401)
        self.assertLess(time.monotonic() - start, 5)
        # a suspended account too
        admin = self.server.make_admin()
        r = self.delete("/auth/suspend" + query(userId=self.seller["id"]),
                        token=admin["access"])
        self.assert_status(r, 204)
        self.assertEqual(other.closed_with(timeout=10), 4401)

    # ---- messages ----

    def test_both_members_on_two_connections_each(self):
        b1, b2 = self.client(self.buyer), self.client(self.buyer, True)
        s1, s2 = self.client(self.seller), self.client(self.seller, True)
        b1.send_message(self.room, "안녕하세요, 아직 파나요?", "b-1")
        first = b1.recv()
        self.assertEqual(first["type"], "message")  # before the ack
        ack = b1.recv()
        self.assertEqual((ack["type"], ack["clientMsgId"], ack["duplicate"]),
                         ("ack", "b-1", False))
        self.assertEqual(first["message"]["id"], ack["messageId"])
        for c in (b2, s1, s2):
            m = c.recv_type("message")
            self.assertEqual((m["roomId"], m["message"]["id"],
                              m["message"]["content"],
                              m["message"]["senderId"]),
                             (self.room, ack["messageId"],
                              "안녕하세요, 아직 파나요?", self.buyer["id"]))
        s2.send_message(self.room, "네!", "s-1")
        reply = s2.recv_type("ack")["messageId"]
        for c in (b1, b2, s1):
            self.assertEqual(c.recv_type("message")["message"]["id"], reply)
        # a bystander hears nothing
        bystander = self.client(self.stranger)
        b1.send_message(self.room, "좋아요", "b-2")
        b1.recv_type("ack")
        self.assertTrue(bystander.nothing_within(0.5))

    def test_a_non_member_is_refused(self):
        listener = self.client(self.seller)
        c = self.client(self.stranger)
        with self.server_unchanged():
            c.send_message(self.room, "let me in", "x-1")
            err = c.recv()
            self.assertEqual((err["type"], err["code"], err["clientMsgId"]),
                             ("error", "FORBIDDEN", "x-1"))
            c.send_message(self.room + 1000, "where", "x-2")
            self.assertEqual(c.recv()["code"], "CHAT_ROOM_NOT_FOUND")
        self.assertTrue(listener.nothing_within(0.3))

    def server_unchanged(self):
        return self.unchanged_db()

    def test_a_resend_stores_nothing_new(self):
        c = self.client(self.buyer)
        listener = self.client(self.seller)
        c.send_message(self.room, "once", "dup-1")
        first = c.recv_type("ack")
        c.send_message(self.room, "once", "dup-1")
        second = c.recv_type("ack")
        self.assertEqual(second["messageId"], first["messageId"])
        self.assertEqual((first["duplicate"], second["duplicate"]),
                         (False, True))
        self.assertEqual(listener.recv_type("message")["message"]["id"],
                         first["messageId"])
        self.assertTrue(listener.nothing_within(0.3))
        self.assertEqual(self.messages_in_db(), 1)

    def test_bad_messages_are_refused_and_change_nothing(self):
        c = self.client(self.buyer)
        with self.unchanged_db():
            c.send_message(self.room, "가" * 1001, "long")
            err = c.recv()
            self.assertEqual((err["code"], list(err["errors"])),
                             ("INVALID_PARAMETER", ["content"]))
            c.send({"type": "send", "roomId": str(self.room),
                    "messageType": 3, "content": "x"})
            err = c.recv()
            self.assertEqual(err["code"], "INVALID_PARAMETER")
            self.assertEqual(set(err["errors"]), {"roomId", "messageType"})
            c.send_message(self.room, "x", "v", message_type="VIDEO")
            self.assertEqual(list(c.recv()["errors"]), ["messageType"])
            c.send_message(self.room, "not-a-key", "i",
                           message_type="IMAGE")
            self.assertEqual(list(c.recv()["errors"]), ["content"])
            c.send({"type": "bogus"})
            self.assertEqual(c.recv()["code"], "UNKNOWN_TYPE")
            c.send_raw("[1, 2, 3]")
            self.assertEqual(c.recv()["code"], "INVALID_INPUT")
        c.send_message(self.room, "가" * 1000 + "\n", "max")
        # 1000 characters and a line break: 1001, refused; 1000 pass
        self.assertEqual(c.recv()["code"], "INVALID_PARAMETER")
        c.send_message(self.room, "가" * 999 + "\n", "max2")
        self.assertEqual(c.recv_type("ack")["clientMsgId"], "max2")

    def test_reconnect_history_and_notifications(self):
        b = self.client(self.buyer)
        ids = []
        for i in range(3):
            b.send_message(self.room, "offline %d" % i, "o-%d" % i)
            ids.append(b.recv_type("ack")["messageId"])
        # the seller was offline: one unread CHAT_MESSAGE notification
        r = self.get("/notifications" + query(unread="true"),
                     token=self.seller["access"])
        chat = [n for n in r.body["content"] if n["type"] == "CHAT_MESSAGE"]
        self.assertEqual(len(chat), 1)
        self.assertEqual(chat[0]["link"], "/chat/%d" % self.room)
        s = self.client(self.seller)
        r = self.get("/chat/%d" % self.room, token=self.seller["access"])
        self.assertEqual([m["id"] for m in r.body["messages"]], ids)
        self.assertEqual(r.body["unreadCount"], 3)
        # online now: pushes, no notification
        r = self.patch("/notifications/read-all", token=self.seller["access"])
        self.assert_status(r, 204)
        b.send_message(self.room, "online now", "o-3")
        self.assertEqual(s.recv_type("message")["message"]["content"],
                         "online now")
        r = self.get("/notifications" + query(unread="true"),
                     token=self.seller["access"])
        self.assertEqual(r.body["unreadCount"], 0)

    def test_new_notifications_are_pushed(self):
        s = self.client(self.seller)
        r = self.post("/owner-boards", {"title": "산책", "content": "같이"},
                      token=self.seller["access"])
        self.assert_status(r, 201)
        r = self.post("/owner-boards/%d/comments" % r.body["id"],
                      {"content": "좋아요"}, token=self.buyer["access"])
        self.assert_status(r, 201)
        n = s.recv_type("notification")["notification"]
        self.assertEqual(n["type"], "COMMENT")
        self.assertFalse(n["read"])

    def test_acked_messages_are_never_lost(self):
        raw = self.raw(self.buyer)
        sent = ["keep-%d" % i for i in range(15)]
        raw.send(b"".join(wsclient.text_frame({
            "type": "send", "roomId": self.room, "messageType": "TEXT",
            "content": cid, "clientMsgId": cid}) for cid in sent))
        acked, answers = [], 0
        while answers < len(sent):
            m = raw.texts()
            if m["type"] == "ack":
                acked.append(m["messageId"])
            elif m["type"] == "error":
                self.assertEqual(m["code"], "RATE_LIMITED")
            else:
                continue
            answers += 1
        raw.abandon()
        r = self.get("/chat/%d" % self.room + query(size=100),
                     token=self.seller["access"])
        stored = {m["id"] for m in r.body["messages"]}
        self.assertTrue(acked)
        self.assertEqual(stored, set(acked))

    def test_rate_limit_refuses_the_excess(self):
        raw = self.raw(self.buyer)
        raw.send(b"".join(wsclient.text_frame({
            "type": "send", "roomId": self.room, "messageType": "TEXT",
            "content": "flood %d" % i, "clientMsgId": "f-%d" % i})
            for i in range(30)))
        kinds, answered = [], []
        while len(kinds) < 30:
            m = raw.texts()
            if m["type"] in ("ack", "error"):
                kinds.append(m.get("code", "ack"))
                # a refusal names its message too: the client knows
                # which ones to send again
                answered.append(m["clientMsgId"])
        self.assertIn("RATE_LIMITED", kinds)
        self.assertEqual(kinds.count("ack"), self.messages_in_db())
        self.assertEqual(answered, ["f-%d" % i for i in range(30)])

    # ---- misbehaving clients ----

    def test_a_slow_reader_is_dropped_and_nobody_else_misses_a_message(self):
        # The seller reads on one connection and not at all on a second,
        # opened later; buyers of the same listing, one room each, send
        # big messages until the slow one is dropped (over 1 MiB queued,
        # past what the kernel holds).  The reading connection gets every
        # acknowledged message, the one that dropped the slow one too.
        reader = self.raw(self.seller)
        slow = wsclient.Raw(self.server, self.seller["access"], rcvbuf=4096)
        self.addCleanup(slow.sock.close)
        self.assertEqual(slow.status, 101)
        received, done = set(), threading.Event()

        def read():
            while not done.is_set():
                try:
                    f = reader.read_frame()
                except OSError:  # closed by the cleanup
                    return
                if f is None:
                    return
                if f[0] == 0x9:  # a reader that keeps up answers pings
                    reader.send(wsclient.frame(0xA, f[1]))
                if f[0] == 0x1:
                    m = json.loads(f[1])
                    if m["type"] == "message":
                        received.add(m["message"]["id"])
        reader.sock.settimeout(60)
        thread = threading.Thread(target=read, daemon=True)
        thread.start()
        buyers = []
        for _ in range(25):
            user = self.server.make_user()
            r = self.post("/chat/%d" % self.listing, token=user["access"])
            self.assert_status(r, 201)
            buyers.append((self.raw(user), r.body["chatRoomId"]))
        before = self.connections()
        big = "\U0001F436" * 1000  # 4,000 bytes
        acked = []
        for burst in range(8):
            start = time.monotonic()
            for raw, room in buyers:
                raw.send(b"".join(wsclient.text_frame({
                    "type": "send", "roomId": room, "messageType": "TEXT",
                    "content": big, "clientMsgId": "%d-%d" % (burst, i)})
                    for i in range(20)))
            for raw, _ in buyers:
                answers = 0
                while answers < 20:
                    m = raw.texts()
                    if m["type"] == "ack":
                        acked.append(m["messageId"])
                    elif m["type"] != "error":
                        continue
                    answers += 1
            if self.connections() < before:
                break
            time.sleep(max(0, 1.05 - (time.monotonic() - start)))
        self.assertEqual(self.connections(), before - 1, "not dropped")
        deadline = time.monotonic() + 15
        while not received >= set(acked) and time.monotonic() < deadline:
            time.sleep(0.05)
        done.set()
        self.assertEqual(set(acked) - received, set())

    def test_pings_whose_pongs_are_never_read_are_dropped(self):
        # every ping queues a pong: a client that pings and never reads
        # lets them pile up like any other outgoing message
        other = self.client(self.seller)
        before = self.connections()
        raw = wsclient.Raw(self.server, self.buyer["access"], rcvbuf=4096)
        self.addCleanup(raw.sock.close)
        self.assertEqual(raw.status, 101)
        self.wait_connections(before + 1)
        pings = wsclient.frame(0x9, b"p" * 125) * 1000  # 125 KiB of pongs
        try:
            for _ in range(100):
                raw.send(pings)
        except OSError:
            pass  # dropped while sending
        self.wait_connections(before)
        b = self.client(self.buyer)
        b.send_message(self.room, "after the flood", "p-1")
        self.assertEqual(other.recv_type("message")["message"]["content"],
                         "after the flood")

    def test_garbage_hurts_nobody(self):
        s = self.client(self.seller)
        b = self.client(self.buyer)
        rude = self.raw(self.stranger)
        rude.send(wsclient.frame(0x1, b"{{{{ not json"))
        self.assertEqual(rude.texts()["code"], "INVALID_INPUT")
        rude.send(wsclient.frame(0x1, b"\x00\x01\x02 still text"))
        self.assertEqual(rude.texts()["code"], "INVALID_INPUT")
        b.send_message(self.room, "unbothered", "g-1")
        self.assertEqual(s.recv_type("message")["message"]["content"],
                         "unbothered")

    def test_a_fragmented_message_is_one_message(self):
        c = self.client(self.buyer)
        text = json.dumps({"type": "send", "roomId": self.room,
                           "messageType": "TEXT", "content": "조각난 메시지",
                           "clientMsgId": "frag-1"})
        c.send_raw([text[:10], text[10:25], text[25:]])
        self.assertEqual(c.recv_type("ack")["clientMsgId"], "frag-1")
        # by hand, with a ping between the fragments
        raw = self.raw(self.buyer)
        data = json.dumps({"type": "send", "roomId": self.room,
                           "messageType": "TEXT", "content": "by hand",
                           "clientMsgId": "frag-2"}).encode()
        raw.send(wsclient.frame(0x1, data[:7], fin=False) +
                 wsclient.frame(0x9, b"hi") +
                 wsclient.frame(0x0, data[7:], fin=True))
        got = [raw.read_frame()]
        while got[-1][0] != 0x1:
            got.append(raw.read_frame())
        self.assertIn((0xA, b"hi"), got)  # the pong
        self.assertEqual(json.loads(got[-1][1])["type"], "message")

    def test_oversized_messages_close_1009(self):
        other = self.client(self.seller)
        raw = self.raw(self.buyer)
        raw.send(wsclient.frame(0x1, b"x" * (70 * 1024)))
        self.assertEqual(raw.close_code(), 1009)
        raw = self.raw(self.buyer)
        raw.send(wsclient.frame(0x1, b"y" * (40 * 1024), fin=False) +
                 wsclient.frame(0x0, b"y" * (40 * 1024)))
        self.assertEqual(raw.close_code(), 1009)
        self.assertTrue(other.nothing_within(0.2))
        c = self.client(self.buyer)
        c.send_message(self.room, "after the giants", "after")
        self.assertEqual(other.recv_type("message")["message"]["content"],
                         "after the giants")

    def test_a_message_in_too_many_frames_closes_1009(self):
        # each frame costs wslay a chunk of its own: a 64 KiB message in
        # 1-byte frames would hold some 6 MB of the server
        def in_frames(text, n):
            data = json.dumps({"type": "send", "roomId": self.room,
                               "messageType": "TEXT", "content": text,
                               "clientMsgId": text[:10]}).encode()
            size = -(-len(data) // n)
            parts = [data[i:i + size] for i in range(0, len(data), size)]
            return b"".join(
                wsclient.frame(0x0 if i else 0x1, part,
                               fin=i == len(parts) - 1)
                for i, part in enumerate(parts))
        raw = self.raw(self.buyer)
        raw.send(in_frames("x" * 900, 1000))  # 1,000 frames: taken
        while raw.texts()["type"] != "ack":
            pass
        raw.send(wsclient.frame(0x1, b"{", fin=False) +
                 wsclient.frame(0x0, b" ", fin=False) * 1100)
        self.assertEqual(raw.close_code(), 1009)

    def test_invalid_utf8_closes_1007(self):
        raw = self.raw(self.buyer)
        raw.send(wsclient.frame(0x1, b'{"type":"send","content":"\xff\xfe"}'))
        self.assertEqual(raw.close_code(), 1007)
        # split across fragments, each invalid on its own
        raw = self.raw(self.buyer)
        raw.send(wsclient.frame(0x1, b"\xea\xb0", fin=False) +
                 wsclient.frame(0x0, b"\x80\xc3"))
        self.assertEqual(raw.close_code(), 1007)

    def test_binary_and_unmasked_frames_close(self):
        raw = self.raw(self.buyer)
        raw.send(wsclient.frame(0x2, b"\x00\x01"))
        self.assertEqual(raw.close_code(), 1003)
        raw = self.raw(self.buyer)
        raw.send(wsclient.frame(0x1, b'{"type":"x"}', mask=False))
        self.assertEqual(raw.close_code(), 1002)

    def test_malformed_frame_headers_close_1002(self):
        # wslay itself fails these with no close code at all
        mask = b"\x00\x00\x00\x00"
        for name, bad in (
                ("a ping over 125 bytes", wsclient.frame(0x9, b"p" * 126)),
                ("a fragmented ping", wsclient.frame(0x9, b"p", fin=False)),
                ("a 16-bit length under 126",
                 b"\x81\xfe\x00\x05" + mask + b"hello"),
                ("a 64-bit length under 65536",
                 b"\x81\xff" + struct.pack("!Q", 5) + mask + b"hello"),
                ("a 64-bit length with its top bit",
                 b"\x81\xff" + struct.pack("!Q", 1 << 63) + mask)):
            raw = self.raw(self.buyer)
            # what came before the bad header still counts
            raw.send(wsclient.text_frame({
                "type": "send", "roomId": self.room, "messageType": "TEXT",
                "content": name, "clientMsgId": name}) + bad)
            while True:
                f = raw.read_frame()
                self.assertIsNotNone(f, name)
                if f[0] == 0x1 and json.loads(f[1])["type"] == "ack":
                    break
            self.assertEqual(raw.close_code(), 1002, name)

    def test_a_close_that_cannot_go_out_does_not_spin_the_server(self):
        # A seller's connection that reads nothing (a small segment size
        # keeps the server's socket buffer small) has messages queued
        # that cannot go out, then sends a bad header and more bytes:
        # reading has stopped and the close waits behind the queue.  The
        # bytes left unread must not wake the hub again and again until
        # the connection is given up.
        before = self.connections()
        stuck = wsclient.Raw(self.server, self.seller["access"],
                             rcvbuf=4096, maxseg=536)
        self.addCleanup(stuck.sock.close)
        self.wait_connections(before + 1)
        senders = [self.raw(self.buyer) for _ in range(3)]
        for k, raw in enumerate(senders):  # 240 KB for the seller
            raw.send(b"".join(wsclient.text_frame({
                "type": "send", "roomId": self.room, "messageType": "TEXT",
                "content": "\U0001F436" * 1000,
                "clientMsgId": "q-%d-%d" % (k, i)}) for i in range(20)))
        for raw in senders:
            acks = 0
            while acks < 20:
                if raw.texts()["type"] == "ack":
                    acks += 1
        for raw in senders:
            raw.sock.close()
        self.wait_connections(before + 1)
        start = server_cpu(self.server)
        stuck.send(wsclient.frame(0x9, b"p" * 126) + b"z" * 100000)
        self.wait_connections(before)  # given up after a short wait
        self.assertLess(server_cpu(self.server) - start, 0.5)

    def test_a_close_comes_after_the_answers_before_it(self):
        # a message and a binary frame in one packet: the message is
        # stored, so its push and ack go out before the close (wslay
        # sends a close frame ahead of queued messages, and nothing
        # after it)
        raw = self.raw(self.buyer)
        raw.send(wsclient.text_frame({
            "type": "send", "roomId": self.room, "messageType": "TEXT",
            "content": "last words", "clientMsgId": "last"}) +
            wsclient.frame(0x2, b"\x00"))
        kinds = []
        while True:
            f = raw.read_frame()
            self.assertIsNotNone(f, kinds)
            if f[0] == 0x8:
                break
            kinds.append(json.loads(f[1])["type"])
        self.assertEqual(kinds, ["message", "ack"])
        self.assertEqual(struct.unpack("!H", f[1][:2])[0], 1003)

    def test_vanishing_clients_leave_no_trace(self):
        s = self.client(self.seller)
        before = self.connections()
        for half in (b"", wsclient.frame(0x1, b'{"type":"send"}')[:5]):
            raw = self.raw(self.buyer)
            raw.send(half)
            raw.abandon()
        unauthenticated = wsclient.Raw(self.server)
        unauthenticated.abandon()
        self.wait_connections(before)
        b = self.client(self.buyer)
        b.send_message(self.room, "still fine", "v-1")
        self.assertEqual(s.recv_type("message")["message"]["content"],
                         "still fine")

    def test_too_many_connections_of_one_user(self):
        keep = [self.client(self.buyer) for _ in range(3)]
        open_now = self.connections()
        c = wsclient.Client.open(self.loop, self.server)
        c.send({"type": "auth", "token": self.buyer["access"]})
        self.assertEqual(c.closed_with(), 1008)
        # the refused one is gone, the three kept ones stay
        self.wait_connections(open_now)
        keep[0].close()
        self.wait_connections(open_now - 1)
        again = self.client(self.buyer)
        again.send_message(self.room, "room again", "m-1")
        self.assertEqual(again.recv_type("ack")["clientMsgId"], "m-1")

    def test_a_silent_peer_is_pinged_then_dropped(self):
        raw = self.raw(self.buyer)
        start = time.monotonic()
        seen_ping = False
        while True:
            f = raw.read_frame()
            if f is None:
                break
            if f[0] == 0x9:
                seen_ping = True
        self.assertTrue(seen_ping)
        self.assertLess(time.monotonic() - start, 10)

    # ---- the handshake ----

    def raw_handshake(self, headers):
        head = "GET /ws-chat HTTP/1.1\r\nHost: %s:%d\r\n" % (
            self.server.host, self.server.port)
        head += "".join("%s: %s\r\n" % kv for kv in headers.items())
        status, head_text, body = self.server.raw_exchange(
            (head + "\r\n").encode())
        return status, head_text.lower(), body

    def test_handshake_refusals(self):
        good = {"Upgrade": "websocket", "Connection": "Upgrade",
                "Sec-WebSocket-Version": "13",
                "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
        r = self.get("/ws-chat")
        self.assert_problem(r, 426, "UPGRADE_REQUIRED")
        status, head, _ = self.raw_handshake(dict(
            good, **{"Sec-WebSocket-Version": "8"}))
        self.assertEqual(status, 426)
        self.assertIn("sec-websocket-version: 13", head)
        status, _, _ = self.raw_handshake(dict(
            good, **{"Sec-WebSocket-Key": "short"}))
        self.assertEqual(status, 400)
        status, _, _ = self.raw_handshake(dict(
            good, Origin="http://evil.example"))
        self.assertEqual(status, 403)
        for origin in (ORIGIN, "http://%s:%d" % (self.server.host,
                                                 self.server.port)):
            status, head, _ = self.raw_handshake(dict(good, Origin=origin))
            self.assertEqual(status, 101, origin)
        status, head, _ = self.raw_handshake(good)
        self.assertEqual(status, 101)
        # RFC 6455's own example key and answer
        self.assertIn("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo=",
                      head)


class ShutdownTest(unittest.TestCase):

    def test_shutdown_closes_1001_and_exits_cleanly(self):
        server = Server()
        self.addCleanup(server.cleanup)
        loop = wsclient.Loop()
        self.addCleanup(loop.close)
        user = server.make_user()
        c = wsclient.Client.open(loop, server, user["access"])
        idle = wsclient.Client.open(loop, server)
        self.assertEqual(server.stop(), 0)
        self.assertEqual(c.closed_with(), 1001)
        self.assertEqual(idle.closed_with(), 1001)


if __name__ == "__main__":
    unittest.main()
