"""fake_s3.py -- a small S3 stand-in for the end-to-end tests.

Path-style only (http://host:port/<bucket>/<key>), objects in memory.
Every request must carry a SigV4 presigned query (X-Amz-Algorithm …
X-Amz-Signature), which is checked here with an independent
implementation of the algorithm (hashlib and hmac, written from AWS's
description, sharing nothing with the C signer): the canonical request is
rebuilt from what actually arrived (method, path, query, the signed
headers, UNSIGNED-PAYLOAD), so a changed Content-Type, size, key or expiry
is refused with 403 SignatureDoesNotMatch, as S3 does.  Standard library
only.
"""

import datetime
import hashlib
import hmac
import http.server
import threading
import urllib.parse


def _quote(s):
    return urllib.parse.quote(s, safe="-_.~")


def sigv4_signature(secret, method, path, query_pairs, headers,
                    signed_names, amz_date, region, service="s3",
                    payload="UNSIGNED-PAYLOAD"):
    """The hex signature of a request, per AWS SigV4."""
    canonical_query = "&".join(
        "%s=%s" % (_quote(k), _quote(v))
        for k, v in sorted(query_pairs, key=lambda kv: (_quote(kv[0]),
                                                        _quote(kv[1]))))
    canonical_headers = "".join(
        "%s:%s\n" % (name, " ".join(headers.get(name, "").split()))
        for name in signed_names)
    canonical = "\n".join([
        method, urllib.parse.quote(path, safe="/-_.~"), canonical_query,
        canonical_headers, ";".join(signed_names), payload])
    scope = "%s/%s/%s/aws4_request" % (amz_date[:8], region, service)
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + secret).encode()
    for part in (amz_date[:8], region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


class FakeS3:
    """Start with FakeS3(bucket, access_key, secret, region); .url is the
    endpoint; .objects maps key -> (content_type, bytes); .log lists
    (method, key, status) of every request."""

    def __init__(self, bucket, access_key, secret, region):
        self.bucket = bucket
        self.access_key = access_key
        self.secret = secret
        self.region = region
        self.objects = {}
        self.log = []
        self.lock = threading.Lock()
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                fake.handle(self, "GET")

            def do_HEAD(self):
                fake.handle(self, "HEAD")

            def do_PUT(self):
                fake.handle(self, "PUT")

            def do_DELETE(self):
                fake.handle(self, "DELETE")

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                     Handler)
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    # ---- checking a request ----

    def check(self, req, method):
        """None when the presigned query is valid, else an error code."""
        u = urllib.parse.urlsplit(req.path)
        pairs = urllib.parse.parse_qsl(u.query, keep_blank_values=True)
        q = dict(pairs)
        try:
            if q["X-Amz-Algorithm"] != "AWS4-HMAC-SHA256":
                return "AuthorizationQueryParametersError"
            key_id, date, region, service, term = \
                q["X-Amz-Credential"].split("/")
            amz_date = q["X-Amz-Date"]
            expires = int(q["X-Amz-Expires"])
            signed = q["X-Amz-SignedHeaders"].split(";")
            given = q["X-Amz-Signature"]
        except (KeyError, ValueError):
            return "AuthorizationQueryParametersError"
        if key_id != self.access_key:
            return "InvalidAccessKeyId"
        if (region, service, term, date) != (self.region, "s3",
                                             "aws4_request", amz_date[:8]):
            return "AuthorizationQueryParametersError"
        start = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")
        start = start.replace(tzinfo=datetime.timezone.utc)
        now = datetime.datetime.now(datetime.timezone.utc)
        if now > start + datetime.timedelta(seconds=expires):
            return "AccessDenied"
        if "host" not in signed or signed != sorted(signed):
            return "AuthorizationQueryParametersError"
        headers = {k.lower(): v for k, v in req.headers.items()}
        if method in ("GET", "HEAD", "DELETE"):
            headers.pop("content-length", None)
        pairs = [(k, v) for k, v in pairs if k != "X-Amz-Signature"]
        path = urllib.parse.unquote(u.path)
        want = sigv4_signature(self.secret, method, path, pairs, headers,
                               signed, amz_date, self.region)
        if not hmac.compare_digest(want, given):
            return "SignatureDoesNotMatch"
        return None

    def handle(self, req, method):
        length = int(req.headers.get("Content-Length") or 0)
        body = req.rfile.read(length) if length else b""
        parts = urllib.parse.unquote(
            urllib.parse.urlsplit(req.path).path).split("/", 2)
        key = parts[2] if len(parts) == 3 and parts[1] == self.bucket \
            else None
        error = "NoSuchBucket" if key is None else self.check(req, method)
        with self.lock:
            if error:
                status = 404 if error == "NoSuchBucket" else 403
                out = ("<Error><Code>%s</Code></Error>" % error).encode()
                ctype = "application/xml"
            elif method == "PUT":
                self.objects[key] = (req.headers.get("Content-Type"), body)
                status, out, ctype = 200, b"", None
            elif key not in self.objects:
                status, ctype = 404, "application/xml"
                out = b"<Error><Code>NoSuchKey</Code></Error>"
            elif method == "DELETE":
                del self.objects[key]
                status, out, ctype = 204, b"", None
            else:
                ctype, out = self.objects[key]
                status = 200
            self.log.append((method, key, status))
        req.send_response(status)
        if ctype:
            req.send_header("Content-Type", ctype)
        req.send_header("Content-Length", str(len(out)))
        req.end_headers()
        if method != "HEAD" and status != 204:
            req.wfile.write(out)
