"""Chat over REST: every row of the API's Chat table.  A buyer opens one
room per listing (found again afterwards), the seller cannot open one on
their own listing, HIDDEN and DELETED listings open no new room; only
members read, mark read and leave a room; the list carries unread counts
and the last message, latest activity first, and leaving hides a room
until a new message arrives; history pages backwards by cursor; chat
images are presigned for members only and reach the other member through
a signed URL.  Messages are sent over the WebSocket (wsclient.py).  Every
refused request leaves the database as it was."""

import unittest
import urllib.parse
import uuid

import images
import wsclient
from harness import ServerTestCase, query

ROOM_KEYS = {"chatRoomId", "tradeBoardId", "tradeBoardTitle", "sellerId",
             "customerId", "opponentId", "opponentNickname", "lastMessage",
             "unreadCount", "createdAt", "updatedAt"}
MESSAGE_KEYS = {"id", "roomId", "senderId", "senderNickname", "messageType",
                "content", "imageUrl", "clientMsgId", "createdAt"}


class ChatRestTest(ServerTestCase):

    def setUp(self):
        self.seller = self.server.make_user()
        self.buyer = self.server.make_user()
        self.stranger = self.server.make_user()
        self.listing = self.create_listing(self.seller)
        self.loop = wsclient.Loop()
        self.addCleanup(self.loop.close)

    def create_listing(self, user, title="유모차"):
        r = self.post("/trade-boards", {
            "category": "HOUSES_AND_CARRIERS", "title": title,
            "content": "거의 새것", "price": 50000}, token=user["access"])
        self.assert_status(r, 201)
        return r.body["id"]

    def open_room(self, user, listing=None, status=None):
        r = self.post("/chat/%d" % (listing or self.listing),
                      token=user["access"])
        if status is not None:
            self.assert_status(r, status)
        return r

    def say(self, user, room, *texts):
        """Send texts over a WebSocket; the ids of their acks."""
        c = wsclient.Client.open(self.loop, self.server, user["access"])
        ids = []
        for i, text in enumerate(texts):
            c.send_message(room, text, uuid.uuid4().hex)
            ids.append(c.recv_type("ack")["messageId"])
        c.close()
        return ids

    def rooms(self, user, **params):
        r = self.get("/chat" + (query(**params) if params else ""),
                     token=user["access"])
        self.assert_status(r, 200)
        return r.body

    def history(self, user, room, **params):
        return self.get("/chat/%d" % room + (query(**params) if params
                                             else ""), token=user["access"])

    # ---- POST /chat/{tradeBoardId} ----

    def test_one_room_per_listing_and_buyer(self):
        r = self.open_room(self.buyer, status=201)
        self.assertEqual(set(r.body), ROOM_KEYS)
        room = r.body["chatRoomId"]
        self.assertEqual(r.headers["Location"], "/chat/%d" % room)
        self.assertEqual((r.body["tradeBoardId"], r.body["sellerId"],
                          r.body["customerId"], r.body["opponentId"],
                          r.body["opponentNickname"], r.body["unreadCount"],
                          r.body["lastMessage"], r.body["tradeBoardTitle"]),
                         (self.listing, self.seller["id"], self.buyer["id"],
                          self.seller["id"], self.seller["nickname"], 0, None,
                          "유모차"))
        self.assert_rfc3339_utc(r.body["createdAt"])
        again = self.open_room(self.buyer, status=200)
        self.assertEqual(again.body["chatRoomId"], room)
        other = self.open_room(self.stranger, status=201)
        self.assertNotEqual(other.body["chatRoomId"], room)
        self.assertEqual(self.server.db_query(
            "SELECT count(*) FROM chat_rooms WHERE trade_board_id = ?",
            self.listing), [(2,)])

    def test_open_refusals_change_nothing(self):
        hidden = self.create_listing(self.seller, "숨김")
        r = self.patch("/trade-boards/%d" % hidden + query(status="HIDDEN"),
                       token=self.seller["access"])
        self.assert_status(r, 200)
        with self.unchanged_db():
            self.assert_problem(self.open_room(self.seller), 400,
                                "CANNOT_SEND_MESSAGE_TO_SELF")
            self.assert_problem(self.open_room(self.buyer, 10 ** 9), 404,
                                "TRADE_BOARD_NOT_FOUND")
            self.assert_problem(self.open_room(self.buyer, hidden), 404,
                                "TRADE_BOARD_NOT_FOUND")
            self.assert_unauthorized(self.post("/chat/%d" % self.listing))
            self.assert_problem(self.post("/chat/abc",
                                          token=self.buyer["access"]), 400)
            self.assert_problem(self.post("/chat/0",
                                          token=self.buyer["access"]), 400)

    def test_a_room_outlives_its_listing(self):
        room = self.open_room(self.buyer, status=201).body["chatRoomId"]
        self.say(self.buyer, room, "아직 있나요?")
        r = self.patch("/trade-boards/%d" % self.listing +
                       query(status="DELETED"), token=self.seller["access"])
        self.assert_status(r, 200)
        self.assertEqual(self.open_room(self.buyer, status=200)
                         .body["chatRoomId"], room)
        self.assert_problem(self.open_room(self.stranger), 404,
                            "TRADE_BOARD_NOT_FOUND")
        r = self.history(self.seller, room)
        self.assert_status(r, 200)
        self.assertEqual([m["content"] for m in r.body["messages"]],
                         ["아직 있나요?"])

    # ---- GET /chat ----

    def test_list_unread_counts_and_activity_order(self):
        first = self.open_room(self.buyer, status=201).body["chatRoomId"]
        second = self.open_room(self.stranger, status=201).body["chatRoomId"]
        self.say(self.buyer, first, "하나", "둘")
        self.say(self.stranger, second, "셋")
        body = self.rooms(self.seller)
        self.assertEqual((body["totalElements"], body["page"], body["size"]),
                         (2, 0, 10))
        self.assertEqual([(x["chatRoomId"], x["unreadCount"],
                           x["opponentId"], x["lastMessage"]["content"])
                          for x in body["content"]],
                         [(second, 1, self.stranger["id"], "셋"),
                          (first, 2, self.buyer["id"], "둘")])
        self.assertEqual(set(body["content"][0]), ROOM_KEYS)
        self.assertEqual(set(body["content"][0]["lastMessage"]), MESSAGE_KEYS)
        self.say(self.buyer, first, "셋째")
        self.assertEqual([x["chatRoomId"] for x in
                          self.rooms(self.seller)["content"]],
                         [first, second])
        buyer_view = self.rooms(self.buyer)["content"]
        self.assertEqual([(x["chatRoomId"], x["unreadCount"])
                          for x in buyer_view], [(first, 0)])
        self.assertEqual(self.rooms(self.stranger, page=0, size=1)
                         ["totalPages"], 1)
        for bad in ({"size": 0}, {"size": 101}, {"page": -1},
                    {"size": "x"}):
            self.assert_problem(self.get("/chat" + query(**bad),
                                         token=self.seller["access"]), 400)
        self.assert_unauthorized(self.get("/chat"))

    def test_read_mark(self):
        room = self.open_room(self.buyer, status=201).body["chatRoomId"]
        self.say(self.buyer, room, "a", "b", "c")
        self.assertEqual(self.history(self.seller, room).body["unreadCount"],
                         3)
        r = self.patch("/chat/%d/read" % room, token=self.seller["access"])
        self.assert_status(r, 204)
        self.assertEqual(self.history(self.seller, room).body["unreadCount"],
                         0)
        self.assertEqual(self.rooms(self.seller)["content"][0]
                         ["unreadCount"], 0)
        with self.unchanged_db():
            self.assert_problem(self.patch(
                "/chat/%d/read" % room, token=self.stranger["access"]), 403,
                "FORBIDDEN")
            self.assert_problem(self.patch(
                "/chat/%d/read" % (room + 1000),
                token=self.seller["access"]), 404, "CHAT_ROOM_NOT_FOUND")
            self.assert_unauthorized(self.patch("/chat/%d/read" % room))

    def test_leave_until_a_new_message(self):
        room = self.open_room(self.buyer, status=201).body["chatRoomId"]
        self.say(self.buyer, room, "hello")
        r = self.delete("/chat/%d" % room, token=self.seller["access"])
        self.assert_status(r, 204)
        self.assertEqual(self.rooms(self.seller)["totalElements"], 0)
        self.assertEqual(self.rooms(self.buyer)["totalElements"], 1)
        # still a member: the history stays readable
        self.assert_status(self.history(self.seller, room), 200)
        self.say(self.buyer, room, "are you there?")
        self.assertEqual([x["chatRoomId"] for x in
                          self.rooms(self.seller)["content"]], [room])
        with self.unchanged_db():
            self.assert_problem(self.delete(
                "/chat/%d" % room, token=self.stranger["access"]), 403,
                "FORBIDDEN")
            self.assert_problem(self.delete(
                "/chat/%d" % (room + 1000), token=self.buyer["access"]),
                404, "CHAT_ROOM_NOT_FOUND")

    # ---- GET /chat/{roomId} ----

    def test_history_pages_backwards(self):
        room = self.open_room(self.buyer, status=201).body["chatRoomId"]
        ids = self.say(self.buyer, room, *["m%d" % i for i in range(7)])
        r = self.history(self.seller, room, size=3)
        self.assert_status(r, 200)
        self.assertEqual(set(r.body), ROOM_KEYS | {"messages", "hasMore"})
        self.assertEqual([m["id"] for m in r.body["messages"]], ids[4:])
        self.assertTrue(r.body["hasMore"])
        m = r.body["messages"][-1]
        self.assertEqual(set(m), MESSAGE_KEYS)
        self.assertEqual((m["senderId"], m["senderNickname"],
                          m["messageType"], m["content"], m["imageUrl"],
                          m["roomId"]),
                         (self.buyer["id"], self.buyer["nickname"], "TEXT",
                          "m6", None, room))
        r = self.history(self.seller, room, before=ids[4], size=3)
        self.assertEqual([m["id"] for m in r.body["messages"]], ids[1:4])
        self.assertTrue(r.body["hasMore"])
        r = self.history(self.seller, room, before=ids[1])
        self.assertEqual([m["id"] for m in r.body["messages"]], ids[:1])
        self.assertFalse(r.body["hasMore"])
        r = self.history(self.seller, room)
        self.assertEqual(len(r.body["messages"]), 7)
        with self.unchanged_db():
            for bad in ({"size": 0}, {"size": 101}, {"size": -1},
                        {"before": "x"}, {"before": -3}):
                self.assert_problem(self.history(self.seller, room, **bad),
                                    400, "INVALID_PARAMETER")
            self.assert_problem(self.history(self.stranger, room), 403,
                                "FORBIDDEN")
            self.assert_problem(self.history(self.seller, room + 1000), 404,
                                "CHAT_ROOM_NOT_FOUND")
            self.assert_unauthorized(self.get("/chat/%d" % room))

    def test_an_admin_is_no_member(self):
        admin = self.server.make_admin()
        room = self.open_room(self.buyer, status=201).body["chatRoomId"]
        self.assert_problem(self.history(admin, room), 403, "FORBIDDEN")

    # ---- POST /chat/image ----

    def test_images_for_members_through_signed_urls(self):
        room = self.open_room(self.buyer, status=201).body["chatRoomId"]
        data = images.png()
        with self.unchanged_db():
            r = self.post("/chat/image", {
                "chatRoomId": room, "filename": "x.png",
                "contentType": "image/png", "size": len(data)},
                token=self.stranger["access"])
            self.assert_problem(r, 403, "FORBIDDEN")
            r = self.post("/chat/image", {
                "chatRoomId": room + 1000, "filename": "x.png",
                "contentType": "image/png", "size": len(data)},
                token=self.buyer["access"])
            self.assert_problem(r, 404, "CHAT_ROOM_NOT_FOUND")
            r = self.post("/chat/image", {
                "filename": "x.png", "contentType": "image/png",
                "size": len(data)}, token=self.buyer["access"])
            self.assert_problem(r, 400, "INVALID_PARAMETER",
                                fields=["chatRoomId"])
            r = self.post("/chat/image", {
                "chatRoomId": room, "filename": "x.txt",
                "contentType": "text/plain", "size": len(data)},
                token=self.buyer["access"])
            self.assert_problem(r, 400, fields=["contentType"])
        r = self.post("/chat/image", {
            "chatRoomId": room, "filename": "x.png",
            "contentType": "image/png", "size": len(data)},
            token=self.buyer["access"])
        self.assert_status(r, 201)
        up = self.server.request("PUT", r.body["uploadUrl"], raw=data,
                                 content_type="image/png")
        self.assert_status(up, 201)
        key = r.body["fileKey"]

        c = wsclient.Client.open(self.loop, self.server,
                                 self.buyer["access"])
        c.send_message(room, key, "img-1", message_type="IMAGE")
        pushed = c.recv_type("message")["message"]
        self.assertEqual((pushed["messageType"], pushed["content"]),
                         ("IMAGE", key))
        c.recv_type("ack")
        # the same key again is refused
        c.send_message(room, key, "img-2", message_type="IMAGE")
        err = c.recv_type("error")
        self.assertEqual((err["code"], err["clientMsgId"]),
                         ("FILE_ALREADY_USED", "img-2"))
        c.close()

        r = self.history(self.seller, room)
        url = r.body["messages"][-1]["imageUrl"]
        self.assertIn(key, url)
        parsed = urllib.parse.urlsplit(url)
        got = self.get(parsed.path + "?" + parsed.query)
        self.assert_status(got, 200)
        self.assertEqual(got.raw, data)
        # without the signature the file is private
        self.assert_status(self.get("/files/%s" % key,
                                    token=self.stranger["access"]), 404)
        self.assert_status(self.get("/files/%s" % key), 404)


if __name__ == "__main__":
    unittest.main()
