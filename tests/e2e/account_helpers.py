"""Helpers of the account tests: the mails a server queued in its outbox
(the MAIL rows), the single-use tokens of their links, and requests sent
from a chosen loopback address (127.0.0.x on Linux), which is the client
address the server sees without --trust-proxy."""

import http.client
import json
import re

import openapi_check
from harness import HTTP_TIMEOUT, Response


def mails_to(server, address):
    """The payloads ({to, subject, body}) of the MAIL rows queued for
    address, oldest first."""
    rows = server.db_query(
        "SELECT payload FROM outbox WHERE kind = 'MAIL' ORDER BY id")
    found = []
    for (payload,) in rows:
        mail = json.loads(payload)
        if mail.get("to", "").lower() == address.lower():
            found.append(mail)
    return found


def link_token(mail, page):
    """The token of the link to /app/<page>#token=… in a mail's body."""
    m = re.search(r"/app/%s#token=([A-Za-z0-9_-]+)" % re.escape(page),
                  mail["body"])
    if not m:
        raise AssertionError("no %s link in the mail: %r" % (page,
                                                             mail["body"]))
    return m.group(1)


def last_token(server, address, page):
    """The token of the newest mail to address that links to page."""
    mails = [m for m in mails_to(server, address)
             if "/app/%s#token=" % page in m["body"]]
    if not mails:
        raise AssertionError("no %s mail to %s" % (page, address))
    return link_token(mails[-1], page)


def request_from(server, source, method, path, body=None, token=None):
    """One JSON request over a socket bound to the address source; the
    answer is checked against the API document as harness requests are."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if data else {}
    if token:
        headers["Authorization"] = "Bearer " + token
    conn = http.client.HTTPConnection(server.host, server.port,
                                      timeout=HTTP_TIMEOUT,
                                      source_address=(source, 0))
    try:
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        payload = resp.read()
    finally:
        conn.close()
    openapi_check.check(method, path, resp.status, resp.headers, payload)
    parsed = None
    if payload and "json" in resp.headers.get("Content-Type", ""):
        parsed = json.loads(payload)
    r = Response(resp.status, resp.headers, parsed)
    r.raw = payload
    return r
