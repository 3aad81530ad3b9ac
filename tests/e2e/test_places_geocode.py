"""Geocoding of places created without coordinates, through a local fake
of the Kakao Local address search (http.server): the key goes in
`Authorization: KakaoAK <key>`, the address in `query`; documents[0].x/.y
become longitude/latitude; an unknown address is a 400 naming address,
a failing provider a 502, and nothing is stored on either."""

import http.server
import json
import threading
import unittest
import urllib.parse

from harness import ServerTestCase, unique

KEY = "test-kakao-key"


class FakeKakao:
    def __init__(self):
        self.seen = []
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, fmt, *args):
                pass

            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                q = urllib.parse.parse_qs(url.query).get("query", [""])[0]
                fake.seen.append((url.path, q,
                                  self.headers.get("Authorization")))
                if self.headers.get("Authorization") != "KakaoAK " + KEY:
                    return self.reply(401, {"msg": "bad key"})
                if q.startswith("broken"):
                    return self.reply(500, {"msg": "oops"})
                if q.startswith("garbled"):
                    return self.reply(200, {"documents": [{"x": "east"}]})
                docs = []
                if q.startswith("서울"):
                    docs = [{"address_name": q, "x": "126.9779692",
                             "y": "37.566535"}]
                return self.reply(200, {"documents": docs,
                                        "meta": {"total_count": len(docs)}})

            def reply(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                     Handler)
        self.url = "http://127.0.0.1:%d/v2/local/search/address.json" % (
            self.httpd.server_address[1])
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class GeocodeTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        cls.fake = FakeKakao()
        cls.addClassCleanup(cls.fake.stop)
        cls.server_args = ("--kakao-api-key", KEY,
                           "--kakao-local-url", cls.fake.url)
        super().setUpClass()
        cls.admin = cls.server.make_admin()

    def create(self, address, **extra):
        body = {"placeName": unique("g")[:30], "placeType": "ETC",
                "address": address}
        body.update(extra)
        return self.post("/places", body, token=self.admin["access"])

    def test_address_is_geocoded(self):
        r = self.create("서울 중구 세종대로 110")
        self.assert_status(r, 201)
        self.assertAlmostEqual(r.body["latitude"], 37.566535, places=6)
        self.assertAlmostEqual(r.body["longitude"], 126.9779692, places=6)
        self.assertEqual(self.fake.seen[-1],
                         ("/v2/local/search/address.json",
                          "서울 중구 세종대로 110", "KakaoAK " + KEY))
        # given coordinates win: no provider call
        calls = len(self.fake.seen)
        r = self.create("서울 어딘가", latitude=35.0, longitude=129.0)
        self.assert_status(r, 201)
        self.assertEqual(r.body["latitude"], 35.0)
        self.assertEqual(len(self.fake.seen), calls)

    def test_unknown_address_and_failing_provider(self):
        with self.unchanged_db():
            self.assert_problem(self.create("부산 없는 주소"), 400,
                                "INVALID_PARAMETER", ["address"])
            r = self.create("broken 주소")
            self.assert_problem(r, 502, "GEOCODING_FAILED")
            self.assertNotIn("127.0.0.1", r.text)
            self.assert_problem(self.create("garbled 주소"), 502,
                                "GEOCODING_FAILED")
            # invalid fields are reported before any provider call
            calls = len(self.fake.seen)
            self.assert_problem(self.create("서울", placeType="PUB"), 400,
                                "INVALID_PARAMETER", ["placeType"])
            self.assertEqual(len(self.fake.seen), calls)


if __name__ == "__main__":
    unittest.main()
