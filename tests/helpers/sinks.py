"""sinks.py -- real local receivers for the outbox tests, started by the
Criterion suite (tests/unit/outbox.c) under Debian's /usr/bin/python3.

    sinks.py webhook FILE N   HTTP server on a free loopback port: answers
                              500 to the first N POSTs, then 204; appends
                              every request body (one line) to FILE.
    sinks.py smtp FILE        aiosmtpd on a free loopback port; appends
                              every message (envelope + content) to FILE.

Prints the port on the first line of stdout, then serves until killed.
"""

import http.server
import socket
import sys
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def webhook(path, failures):
    count = {"n": 0}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            count["n"] += 1
            with open(path, "ab") as f:
                f.write(self.headers.get("Content-Type", "").encode() +
                        b" " + body + b"\n")
            self.send_response(500 if count["n"] <= failures else 204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


def smtp(path):
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with open(path, "ab") as f:
                f.write(("MAIL FROM:%s RCPT TO:%s\n" % (
                    envelope.mail_from, ",".join(envelope.rcpt_tos))).encode())
                f.write(envelope.original_content + b"\n.\n")
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    if sys.argv[1] == "webhook":
        webhook(sys.argv[2], int(sys.argv[3]))
    else:
        smtp(sys.argv[2])
