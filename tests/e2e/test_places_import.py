"""petoryctl places import: category mapping, invalid and duplicate rows
reported with their reasons, idempotence (a second run adds nothing),
--json, the progress line on a terminal only, and real bookmark files:
three kept in tests/e2e/data/places/ (exact counts, always run) and all of
../shared/data/places/ when it is beside the repository."""

import json
import os
import pty
import subprocess
import tempfile
import unittest

from harness import CTL, ROOT, ServerTestCase, child_env, ctl, query

DATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "data", "places"))
# Three of those files, kept in the repository (see its README.md).
VENDORED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data",
                        "places")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def row(bid, name, address, mcid, px=127.0, py=37.5, **extra):
    r = {"bookmarkId": bid, "name": name, "address": address,
         "mcidName": mcid, "px": px, "py": py, "placeInfo": None}
    r.update(extra)
    return r


class ImportBase(ServerTestCase):

    def write(self, rows):
        fd, path = tempfile.mkstemp(suffix=".json", dir=self.server.tmp)
        with os.fdopen(fd, "w") as f:
            json.dump(rows, f, ensure_ascii=False)
        return path

    def run_import(self, *files, json_out=False):
        args = ["--db", self.server.db] + (["--json"] if json_out else [])
        return ctl(*(args + ["places", "import"] + list(files)))

    def import_real(self, files):
        """Import real files twice; returns the first run's summary."""
        r = self.run_import(*files, json_out=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        out = json.loads(r.stdout)
        total = sum(len(load(f)) for f in files)
        self.assertEqual(out["imported"] + out["duplicates"] +
                         out["invalid"], total)
        for s in out["skipped"]:
            self.assertIn(s["reason"], ("DUPLICATE_PLACE",
                                        "INVALID_PARAMETER"))
        with self.unchanged_db():
            again = json.loads(self.run_import(*files,
                                               json_out=True).stdout)
        self.assertEqual(again["imported"], 0)
        self.assertEqual(again["duplicates"] + again["invalid"], total)
        # users find imported places near them
        first = load(files[0])[0]
        r = self.get("/places" + query(lat=first["py"], lng=first["px"],
                                       radius=50))
        self.assert_status(r, 200)
        self.assertIn(first["name"],
                      [i["placeName"] for i in r.body["content"]])
        self.assertLess(r.body["content"][0]["distance"], 50)
        return out


class ImportTest(ImportBase):

    def test_mapping_reasons_and_idempotence(self):
        path = self.write([
            row(1, "멍카페", "서울 1", "카페"),
            row(2, "멍식당", "서울 2", "음식점",
                placeInfo={"category": "한식"}),
            row(3, "멍숙소", "서울 3", "숙박"),
            row(4, "멍바", "서울 4", "BAR"),
            row(5, "멍캠핑", "서울 5", "캠핑, 야영장"),
            row(6, "멍병원", "서울 6", "동물병원"),
            row(7, "멍카페", "서울 1", "카페"),          # same name+address
            row(8, "가" * 31, "서울 8", "카페"),         # name too long
            row(9, "좌표없음", "서울 9", "카페", px=None, py=None),
            row(10, "먼 곳", "서울 10", "카페", py=95.0),
            "not an object",
        ])
        r = self.run_import(path, json_out=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        out = json.loads(r.stdout)
        self.assertEqual((out["imported"], out["duplicates"],
                          out["invalid"]), (6, 1, 4))
        reasons = {s["index"]: s["reason"] for s in out["skipped"]}
        self.assertEqual(reasons, {6: "DUPLICATE_PLACE",
                                   7: "INVALID_PARAMETER",
                                   8: "INVALID_PARAMETER",
                                   9: "INVALID_PARAMETER",
                                   10: "INVALID_ROW"})
        why = {s["index"]: s["message"] for s in out["skipped"]}
        self.assertIn("placeName", why[7])
        self.assertIn("latitude", why[8])
        self.assertIn("latitude", why[9])
        types = dict(self.server.db_query(
            "SELECT name, type FROM places WHERE source_key IS NOT NULL"))
        self.assertEqual(types, {"멍카페": 0, "멍식당": 1, "멍숙소": 6,
                                 "멍바": 7, "멍캠핑": 8, "멍병원": 9})
        self.assertEqual(self.server.db_query(
            "SELECT info FROM places WHERE name = '멍식당'"), [("한식",)])
        # the second run adds nothing
        with self.unchanged_db():
            r = self.run_import(path)
            self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(),
                         "imported 0, duplicates 7, invalid 4")
        self.assertIn("skipped", r.stderr)
        self.assertNotIn("\r", r.stderr, "no progress line off a terminal")

    def test_bad_files(self):
        bad = self.write({"not": "an array"})
        # the first petoryctl open stores the installation's own JWT key
        self.assertEqual(self.run_import(self.write([])).returncode, 0)
        with self.unchanged_db():
            r = self.run_import(bad)
            self.assertEqual(r.returncode, 2)
            r = self.run_import(os.path.join(self.server.tmp, "missing"))
            self.assertEqual(r.returncode, 2)
            r = ctl("--db", self.server.db, "places", "import")
            self.assertEqual(r.returncode, 2)

    def test_progress_on_a_terminal(self):
        path = self.write([row(100 + i, "진행%d" % i, "부산 %d" % i, "카페")
                           for i in range(30)])
        master, slave = pty.openpty()
        try:
            proc = subprocess.run(
                [CTL, "--db", self.server.db, "places", "import", path],
                stdout=subprocess.PIPE, stderr=slave, env=child_env(),
                timeout=60, stdin=subprocess.DEVNULL)
            os.close(slave)
            slave = None
            seen = b""
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
        finally:
            if slave is not None:
                os.close(slave)
            os.close(master)
        self.assertEqual(proc.returncode, 0)
        self.assertIn(b"\r", seen)
        self.assertIn(b"30/30", seen)
        self.assertEqual(proc.stdout.decode().strip(),
                         "imported 30, duplicates 0, invalid 0")

    @unittest.skipUnless(os.path.isdir(DATA),
                         "the real place files are not at %s" % DATA)
    def test_real_files(self):
        files = sorted(os.path.join(DATA, f) for f in os.listdir(DATA)
                       if f.endswith(".json"))
        out = self.import_real(files)
        self.assertGreater(out["imported"], 1000)


class VendoredFilesTest(ImportBase):
    """Its own server: the database holds only these files."""

    def test_vendored_real_files(self):
        names = ("camping-sites-fixed.json",
                 "water-play-accommodation-fixed.json",
                 "seoul-northeast-2-restaurant-fixed.json")
        files = [os.path.join(VENDORED, n) for n in names]
        out = self.import_real(files)
        self.assertEqual((out["imported"], out["duplicates"],
                          out["invalid"]), (56, 4, 0))
        self.assertEqual(sorted((os.path.basename(s["file"]), s["index"])
                                for s in out["skipped"]),
                         [(names[1], i) for i in (3, 4, 5, 16)])
        rows = [r for f in files for r in load(f)]
        stored = {key: (ptype, info) for key, ptype, info in
                  self.server.db_query(
                      "SELECT source_key, type, info FROM places "
                      "WHERE source_key LIKE 'bookmark:%'")}
        self.assertEqual(len(stored), 56)
        mapping = {"숙박": 6, "음식점": 1, "BAR": 7, "카페": 0}
        for r in rows:
            got = stored["bookmark:%d" % r["bookmarkId"]]
            detail = (r["placeInfo"] or {}).get("category")
            # campsites are filed under 숙박; their detail says 캠핑
            want = 8 if detail and "캠핑" in detail else mapping[
                r["mcidName"]]
            self.assertEqual(got, (want, detail), r["name"])
        counts = dict(self.server.db_query(
            "SELECT type, count(*) FROM places WHERE source_key LIKE "
            "'bookmark:%' GROUP BY type"))
        self.assertEqual(counts, {6: 16, 8: 20, 1: 13, 7: 6, 0: 1})


if __name__ == "__main__":
    unittest.main()
