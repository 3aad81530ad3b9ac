"""wsclient.py -- WebSocket clients for the chat tests.

Two kinds: a polite one, python3-websockets (Debian's package, an
independent RFC 6455 implementation), driven from synchronous tests
through one asyncio loop per test (in its own thread); and a rude one, a raw socket that
speaks the opening handshake and then sends frames built by hand
(unmasked, binary, invalid UTF-8, oversized, half a frame) that no polite
client would send.  Both read the server's close code.
"""

import asyncio
import base64
import json
import os
import socket
import struct
import threading

import websockets


class Loop:
    """One event loop for a test, running in a thread of its own so that
    its connections answer the server's pings between the test's calls,
    as a real client does (a loop that only ran inside run() left them
    silent, and a slow machine saw them dropped); run(coro) waits for
    coro's result, raising what it raised."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever,
                                       daemon=True)
        self.thread.start()

    def run(self, coro, timeout=15):
        async def bounded():
            return await asyncio.wait_for(coro, timeout)
        return asyncio.run_coroutine_threadsafe(bounded(), self.loop).result()

    def close(self):
        if self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


class Client:
    """A websockets connection with JSON helpers."""

    def __init__(self, loop, ws):
        self.loop = loop
        self.ws = ws

    @classmethod
    def open(cls, loop, server, token=None, header=False, headers=None):
        """Connect; with token and header, authenticate by the upgrade's
        Authorization header, with token alone by the first frame (the
        'authenticated' answer is read in both cases)."""
        extra = dict(headers or {})
        if token and header:
            extra["Authorization"] = "Bearer " + token
        url = "ws://%s:%d/ws-chat" % (server.host, server.port)
        async def connect():  # built inside the loop that runs it
            return await websockets.connect(
                url, extra_headers=extra, max_size=None, ping_interval=None)
        ws = loop.run(connect())
        c = cls(loop, ws)
        if token:
            if not header:
                c.send({"type": "auth", "token": token})
            hello = c.recv()
            assert hello["type"] == "authenticated", hello
            c.user_id = hello["userId"]
        return c

    def send(self, obj):
        self.loop.run(self.ws.send(json.dumps(obj)))

    def send_raw(self, data):
        self.loop.run(self.ws.send(data))

    def recv(self, timeout=10):
        return json.loads(self.loop.run(self.ws.recv(), timeout))

    def recv_type(self, kind, timeout=10):
        """The next message of this type (others are skipped)."""
        while True:
            m = self.recv(timeout)
            if m["type"] == kind:
                return m

    def nothing_within(self, seconds):
        """True when no message arrives within seconds."""
        try:
            self.loop.run(self.ws.recv(), seconds)
        except asyncio.TimeoutError:
            return True
        return False

    def closed_with(self, timeout=10):
        """Wait for the server to close; its close code."""
        try:
            while True:
                self.loop.run(self.ws.recv(), timeout)
        except websockets.ConnectionClosed as e:
            return e.rcvd.code if e.rcvd else None

    def close(self):
        self.loop.run(self.ws.close())

    def send_message(self, room_id, content, client_msg_id=None,
                     message_type="TEXT"):
        m = {"type": "send", "roomId": room_id, "messageType": message_type,
             "content": content}
        if client_msg_id is not None:
            m["clientMsgId"] = client_msg_id
        self.send(m)


# ---- the rude client ---------------------------------------------------

def frame(opcode, payload, fin=True, mask=True):
    """One RFC 6455 frame as bytes."""
    head = bytes([(0x80 if fin else 0) | opcode])
    n = len(payload)
    bit = 0x80 if mask else 0
    if n < 126:
        head += bytes([bit | n])
    elif n < 65536:
        head += bytes([bit | 126]) + struct.pack("!H", n)
    else:
        head += bytes([bit | 127]) + struct.pack("!Q", n)
    if not mask:
        return head + payload
    key = os.urandom(4)
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def text_frame(obj, **kw):
    return frame(0x1, json.dumps(obj).encode(), **kw)


class Raw:
    """A plain socket after the opening handshake."""

    def __init__(self, server, token=None, timeout=10, rcvbuf=None,
                 maxseg=None):
        """rcvbuf, when given, shrinks the socket's receive buffer before
        it connects: a reader that is slow at once; maxseg, a small
        segment size, keeps the server's send buffer for it small too."""
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        if maxseg:
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG,
                                 maxseg)
        self.sock.settimeout(timeout)
        self.sock.connect((server.host, server.port))
        key = base64.b64encode(os.urandom(16)).decode()
        head = ("GET /ws-chat HTTP/1.1\r\nHost: %s:%d\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n"
                % (server.host, server.port, key))
        if token:
            head += "Authorization: Bearer %s\r\n" % token
        self.sock.sendall((head + "\r\n").encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise AssertionError("no handshake answer")
            self.buf += chunk
        status_line, _, self.buf = self.buf.partition(b"\r\n\r\n")
        self.status = int(status_line.split(b" ")[1])

    def send(self, data):
        self.sock.sendall(data)

    def read_frame(self):
        """(opcode, payload) of the next frame; None at EOF."""
        def need(n):
            while len(self.buf) < n:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return False
                self.buf += chunk
            return True
        if not need(2):
            return None
        b0, b1 = self.buf[0], self.buf[1]
        n = b1 & 0x7F
        off = 2
        if n == 126:
            if not need(4):
                return None
            n = struct.unpack("!H", self.buf[2:4])[0]
            off = 4
        elif n == 127:
            if not need(10):
                return None
            n = struct.unpack("!Q", self.buf[2:10])[0]
            off = 10
        if not need(off + n):
            return None
        payload = self.buf[off:off + n]
        self.buf = self.buf[off + n:]
        return b0 & 0x0F, payload

    def close_code(self):
        """Read frames until the server's close frame: its code (None when
        the connection ended without one)."""
        while True:
            try:
                f = self.read_frame()
            except (ConnectionResetError, socket.timeout):
                return None
            if f is None:
                return None
            opcode, payload = f
            if opcode == 0x8:
                return struct.unpack("!H", payload[:2])[0] if payload else 0

    def texts(self):
        """Read one text frame as JSON, answering pings on the way (as any
        client does: the server drops a peer that leaves its pings
        unanswered, which a busy test run must not turn into a failure)."""
        while True:
            opcode, payload = self.read_frame()
            if opcode == 0x9:
                try:
                    self.send(frame(0xA, payload))
                except OSError:
                    pass  # gone: the next read says so
            elif opcode == 0x1:
                return json.loads(payload)

    def abandon(self):
        """Vanish without a close frame."""
        self.sock.close()
