"""A private redis-server for a test: started on a free loopback port with
no persistence, stopped at the end."""

import socket
import subprocess
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.url = "redis://127.0.0.1:%d/0" % self.port
        self.start()

    def start(self):
        """Start (again, after stop) on the same port, empty."""
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if self.ping():
                return
            time.sleep(0.02)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def command(self, *words):
        """One command over RESP; returns the raw first reply line."""
        payload = "*%d\r\n" % len(words) + "".join(
            "$%d\r\n%s\r\n" % (len(w.encode()), w) for w in words)
        with socket.create_connection(("127.0.0.1", self.port), 1) as s:
            s.sendall(payload.encode())
            return s.recv(65536).decode()

    def ping(self):
        try:
            return self.command("PING").startswith("+PONG")
        except OSError:
            return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(5)
