"""The growth diary of a pet (api.md, Pets, "Growth diary"): every row
over HTTP, every refusal (bad JSON, wrong types, bad and future dates in
the owner's zone, inexact weights, from > to, another user's pet or
record, a deleted pet) leaving the data as it was, the CSV export read
back with Python's csv module, and `petoryctl pets growth export`."""

import csv
import datetime
import io
import json
import subprocess
import unittest
import zoneinfo

import harness
from harness import ServerTestCase, query

RECORD_KEYS = {"id", "petId", "date", "weightKg", "lengthCm", "note",
               "createdAt", "updatedAt"}
SUMMARY_KEYS = {"count", "firstDate", "lastDate", "minKg", "maxKg",
                "changeKg", "changePercent"}
# UTC+14 and UTC-11: their dates differ at every moment.
AHEAD, BEHIND = "Pacific/Kiritimati", "Pacific/Pago_Pago"
TRICKY_NOTE = 'after a walk, "heavy"\r\nsecond line\nthird, line'


def today_in(zone):
    return datetime.datetime.now(zoneinfo.ZoneInfo(zone)).date()


class PetGrowthTest(ServerTestCase):

    def setUp(self):
        self.owner = self.server.make_user()
        self.other = self.server.make_user()
        self.pet = self.make_pet(self.owner)

    def make_pet(self, user):
        r = self.post("/pets", {"name": "Bori", "size": "SMALL",
                                "species": "dog"}, token=user["access"])
        self.assert_status(r, 201)
        return r.body["id"]

    def set_zone(self, user, zone):
        r = self.patch("/users/me", {"timezone": zone},
                       token=user["access"])
        self.assert_status(r, 200)

    def path(self, suffix="", pet=None):
        return "/pets/%d/growth%s" % (pet or self.pet, suffix)

    def add(self, user=None, pet=None, **fields):
        r = self.post(self.path(pet=pet), fields,
                      token=(user or self.owner)["access"])
        self.assert_status(r, 201)
        return r.body

    def diary(self, user=None, pet=None, **params):
        r = self.get(self.path(query(**params) if params else "", pet=pet),
                     token=(user or self.owner)["access"])
        self.assert_status(r, 200)
        return r.body

    def post_raw(self, raw, user=None):
        return self.server.request("POST", self.path(), raw=raw,
                                   token=(user or self.owner)["access"])

    # ---- the rows ----

    def test_create_read_update_delete(self):
        r = self.post(self.path(), {"date": "2026-03-02", "weightKg": 12.34,
                                    "lengthCm": 45.5, "note": TRICKY_NOTE},
                      token=self.owner["access"])
        self.assert_status(r, 201)
        rec = r.body
        self.assertEqual(set(rec), RECORD_KEYS)
        self.assertEqual(r.headers["Location"],
                         "/pets/%d/growth/%d" % (self.pet, rec["id"]))
        self.assertEqual((rec["petId"], rec["date"], rec["weightKg"],
                          rec["lengthCm"], rec["note"]),
                         (self.pet, "2026-03-02", 12.34, 45.5, TRICKY_NOTE))
        self.assert_rfc3339_utc(rec["createdAt"])
        # no length, no note: nulls
        bare = self.add(date="2026-01-15", weightKg=3)
        self.assertIsNone(bare["lengthCm"])
        self.assertIsNone(bare["note"])
        self.assertEqual(bare["weightKg"], 3)

        body = self.diary()
        self.assertEqual(set(body), {"records", "summary"})
        self.assertEqual([x["date"] for x in body["records"]],
                         ["2026-01-15", "2026-03-02"])
        self.assertEqual(body["records"][1], rec)

        # PATCH: one field, then the length removed and the note cleared
        url = self.path("/%d" % rec["id"])
        r = self.patch(url, {"weightKg": 12.5}, token=self.owner["access"])
        self.assert_status(r, 200)
        self.assertEqual((r.body["weightKg"], r.body["lengthCm"],
                          r.body["note"], r.body["date"]),
                         (12.5, 45.5, TRICKY_NOTE, "2026-03-02"))
        r = self.patch(url, {"lengthCm": None, "note": "",
                             "date": "2026-03-03"},
                       token=self.owner["access"])
        self.assert_status(r, 200)
        self.assertIsNone(r.body["lengthCm"])
        self.assertIsNone(r.body["note"])
        self.assertEqual(r.body["date"], "2026-03-03")
        # onto another record's date
        with self.unchanged_db():
            self.assert_problem(
                self.patch(url, {"date": "2026-01-15"},
                           token=self.owner["access"]),
                409, "GROWTH_RECORD_EXISTS")
        # DELETE
        self.assert_status(self.delete(url, token=self.owner["access"]),
                           204)
        self.assert_problem(self.delete(url, token=self.owner["access"]),
                            404, "GROWTH_RECORD_NOT_FOUND")
        self.assert_problem(self.patch(url, {"weightKg": 1},
                                       token=self.owner["access"]),
                            404, "GROWTH_RECORD_NOT_FOUND")
        self.assertEqual(len(self.diary()["records"]), 1)

    def test_one_record_per_date(self):
        self.add(date="2026-04-01", weightKg=4)
        with self.unchanged_db():
            self.assert_problem(
                self.post(self.path(), {"date": "2026-04-01",
                                        "weightKg": 5},
                          token=self.owner["access"]),
                409, "GROWTH_RECORD_EXISTS")
        # the same date for another pet is fine
        self.add(pet=self.make_pet(self.owner), date="2026-04-01",
                 weightKg=5)

    def test_summary_and_ranges(self):
        empty = self.diary()
        self.assertEqual(empty["records"], [])
        self.assertEqual(empty["summary"], {
            "count": 0, "firstDate": None, "lastDate": None, "minKg": None,
            "maxKg": None, "changeKg": None, "changePercent": None})
        for date, kg in (("2026-01-10", 3), ("2026-02-10", 2.5),
                         ("2026-03-10", 3.33), ("2026-04-10", 3.05)):
            self.add(date=date, weightKg=kg)
        s = self.diary()["summary"]
        self.assertEqual(set(s), SUMMARY_KEYS)
        self.assertEqual((s["count"], s["firstDate"], s["lastDate"],
                          s["minKg"], s["maxKg"], s["changeKg"],
                          s["changePercent"]),
                         (4, "2026-01-10", "2026-04-10", 2.5, 3.33, 0.05,
                          1.7))
        body = self.diary(**{"from": "2026-01-11", "to": "2026-03-10"})
        self.assertEqual([x["date"] for x in body["records"]],
                         ["2026-02-10", "2026-03-10"])
        self.assertEqual((body["summary"]["changeKg"],
                          body["summary"]["changePercent"]), (0.83, 33.2))
        s = self.diary(to="2026-02-10")["summary"]
        self.assertEqual((s["changeKg"], s["changePercent"]), (-0.5, -16.7))
        s = self.diary(**{"from": "2026-04-10"})["summary"]
        self.assertEqual((s["count"], s["changeKg"], s["changePercent"],
                          s["minKg"], s["maxKg"]), (1, 0, None, 3.05, 3.05))
        s = self.diary(**{"from": "2026-05-01"})["summary"]
        self.assertEqual(s["count"], 0)
        self.assertIsNone(s["changeKg"])
        # from > to, malformed bounds
        for params, field in (({"from": "2026-03-02", "to": "2026-03-01"},
                               "to"),
                              ({"from": "2026-02-30"}, "from"),
                              ({"to": "yesterday"}, "to")):
            with self.subTest(params=params):
                for suffix in ("", ".csv"):
                    self.assert_problem(
                        self.get(self.path(suffix) + query(**params),
                                 token=self.owner["access"]),
                        400, "INVALID_PARAMETER", fields=[field])

    # ---- numbers ----

    def test_weights_are_exact(self):
        cases = [("0.1+0.2", json.dumps(0.1 + 0.2), 0.3),
                 ("1e2", "1e2", 100.0), ("12.34", "12.34", 12.34),
                 ("0.01", "0.01", 0.01), ("200", "200", 200.0),
                 ("4.35", "4.35", 4.35), ("2 decimals as 3", "1.230", 1.23)]
        for day, (label, text, expected) in enumerate(cases, start=1):
            with self.subTest(weight=label):
                r = self.post_raw('{"date": "2026-05-%02d", "weightKg": %s}'
                                  % (day, text))
                self.assert_status(r, 201)
                self.assertEqual(r.body["weightKg"], expected)
                self.assertEqual(repr(r.body["weightKg"]), repr(expected))
        refused = ["12.345", "0", "0.001", "-1", "-0.01", "200.01", "1e3",
                   '"12"', "true", "[1]", "{}", "null", "12.3400001"]
        with self.unchanged_db():
            for text in refused:
                with self.subTest(weight=text):
                    body = self.assert_problem(
                        self.post_raw('{"date": "2026-06-01", '
                                      '"weightKg": %s}' % text),
                        400, "INVALID_PARAMETER", fields=["weightKg"])
                    self.assertEqual(set(body["errors"]), {"weightKg"})
            for text in ("45.55", "0", "300.1", "-2", '"4"'):
                with self.subTest(length=text):
                    self.assert_problem(
                        self.post_raw('{"date": "2026-06-01", "weightKg": 3,'
                                      ' "lengthCm": %s}' % text),
                        400, "INVALID_PARAMETER", fields=["lengthCm"])

    def test_bad_bodies(self):
        long_note = "가" * 201
        with self.unchanged_db():
            for raw in ("{", "[]", '"x"', "{\"date\": \"2026-01-01\",}"):
                with self.subTest(raw=raw):
                    self.assert_problem(self.post_raw(raw), 400)
            for body, fields in (
                    ({}, ["date", "weightKg"]),
                    ({"weightKg": 3}, ["date"]),
                    ({"date": 20260101, "weightKg": 3}, ["date"]),
                    ({"date": "2026-02-30", "weightKg": 3}, ["date"]),
                    ({"date": "2026-2-3", "weightKg": 3}, ["date"]),
                    ({"date": "2026-01-01", "weightKg": 3,
                      "note": long_note}, ["note"]),
                    ({"date": "2026-01-01", "weightKg": 3, "note": 7},
                     ["note"])):
                with self.subTest(body=body):
                    self.assert_problem(
                        self.post(self.path(), body,
                                  token=self.owner["access"]),
                        400, "INVALID_PARAMETER", fields=fields)
            self.assert_status(self.post(self.path(), {"date": "2026-01-01",
                                                       "weightKg": 3}), 401)
            self.assert_status(self.get(self.path()), 401)
            self.assert_status(self.get(self.path(".csv")), 401)
        # 200 characters (not bytes) are fine
        self.assertEqual(self.add(date="2026-01-01", weightKg=3,
                                  note="가" * 200)["note"], "가" * 200)
        rec = self.add(date="2026-01-02", weightKg=3)
        url = self.path("/%d" % rec["id"])
        with self.unchanged_db():
            for body, field in (({"weightKg": 12.345}, "weightKg"),
                                ({"date": "2026-13-01"}, "date"),
                                ({"weightKg": "3"}, "weightKg"),
                                ({"lengthCm": 0.05}, "lengthCm")):
                with self.subTest(patch=body):
                    self.assert_problem(
                        self.patch(url, body, token=self.owner["access"]),
                        400, "INVALID_PARAMETER", fields=[field])

    def test_future_dates_in_the_owners_zone(self):
        ahead = today_in(AHEAD)
        self.assertGreater(ahead, today_in(BEHIND))
        self.set_zone(self.owner, BEHIND)
        with self.unchanged_db():
            body = self.assert_problem(
                self.post(self.path(), {"date": ahead.isoformat(),
                                        "weightKg": 3},
                          token=self.owner["access"]),
                400, "INVALID_PARAMETER", fields=["date"])
            self.assertEqual(set(body["errors"]), {"date"})
        self.add(date=today_in(BEHIND).isoformat(), weightKg=3)
        self.set_zone(self.owner, AHEAD)
        self.add(date=ahead.isoformat(), weightKg=3)
        tomorrow = ahead + datetime.timedelta(days=1)
        with self.unchanged_db():
            self.assert_problem(
                self.post(self.path(), {"date": tomorrow.isoformat(),
                                        "weightKg": 3},
                          token=self.owner["access"]),
                400, "INVALID_PARAMETER", fields=["date"])
            rec = self.diary()["records"][0]
            self.assert_problem(
                self.patch(self.path("/%d" % rec["id"]),
                           {"date": tomorrow.isoformat()},
                           token=self.owner["access"]),
                400, "INVALID_PARAMETER", fields=["date"])

    # ---- rights ----

    def test_another_users_pet_or_record_is_not_found(self):
        rec = self.add(date="2026-03-02", weightKg=3, note="mine")
        url = self.path("/%d" % rec["id"])
        other_pet = self.make_pet(self.other)
        token = self.other["access"]
        with self.unchanged_db():
            for r in (self.post(self.path(), {"date": "2026-03-03",
                                              "weightKg": 1}, token=token),
                      self.get(self.path(), token=token),
                      self.get(self.path(".csv"), token=token),
                      self.patch(url, {"weightKg": 1}, token=token),
                      self.delete(url, token=token)):
                self.assert_problem(r, 404, "PET_NOT_FOUND")
            # the owner's record through the other user's own pet
            other_url = self.path("/%d" % rec["id"], pet=other_pet)
            self.assert_problem(self.patch(other_url, {"weightKg": 1},
                                           token=token),
                                404, "GROWTH_RECORD_NOT_FOUND")
            self.assert_problem(self.delete(other_url, token=token), 404,
                                "GROWTH_RECORD_NOT_FOUND")
            # unknown pets and bad ids
            self.assert_problem(self.get("/pets/999999/growth",
                                         token=token), 404, "PET_NOT_FOUND")
            self.assert_problem(self.get("/pets/0/growth", token=token),
                                400)
            self.assert_problem(self.delete(self.path("/x"), token=token),
                                400)
        self.assertEqual(self.diary()["records"][0]["note"], "mine")

    def test_a_deleted_pets_diary_is_not_found(self):
        rec = self.add(date="2026-03-02", weightKg=3)
        self.assert_status(self.delete("/pets/%d" % self.pet,
                                       token=self.owner["access"]), 204)
        url = self.path("/%d" % rec["id"])
        with self.unchanged_db():
            for r in (self.get(self.path(), token=self.owner["access"]),
                      self.get(self.path(".csv"),
                               token=self.owner["access"]),
                      self.post(self.path(), {"date": "2026-03-03",
                                              "weightKg": 1},
                                token=self.owner["access"]),
                      self.patch(url, {"weightKg": 1},
                                 token=self.owner["access"]),
                      self.delete(url, token=self.owner["access"])):
                self.assert_problem(r, 404, "PET_NOT_FOUND")
        self.assert_status(self.patch("/pets/%d/restore" % self.pet,
                                      token=self.owner["access"]), 200)
        self.assertEqual(len(self.diary()["records"]), 1)

    # ---- CSV ----

    def csv_rows(self, r):
        self.assert_status(r, 200)
        self.assertEqual(r.headers["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(r.headers["Content-Disposition"],
                         'attachment; filename="pet-%d-growth.csv"'
                         % self.pet)
        self.assertTrue(r.raw.endswith(b"\r\n"))
        return list(csv.reader(io.StringIO(r.raw.decode("utf-8"),
                                           newline="")))

    def test_decimals_go_back_as_they_came(self):
        # 0.3 kg is not a double: the answer must still spell it 0.3,
        # not 0.29999999999999999, in the raw JSON
        self.add(date="2026-01-16", weightKg=0.3, lengthCm=45.1)
        r = self.get(self.path(), token=self.owner["access"])
        self.assert_status(r, 200)
        text = r.raw.decode("utf-8")
        self.assertIn('"weightKg":0.3,', text)
        self.assertIn('"lengthCm":45.1,', text)
        self.assertNotIn("9999", text)

    def test_csv_round_trip(self):
        self.add(date="2026-03-02", weightKg=12.34, lengthCm=45.5,
                 note=TRICKY_NOTE)
        self.add(date="2026-01-15", weightKg=0.3)
        self.add(date="2026-04-01", weightKg=200, note="=1+2")
        self.add(date="2026-04-02", weightKg=5, note="-3, @x")
        self.add(date="2026-04-03", weightKg=5, note="+SUM(A1)")
        self.add(date="2026-04-04", weightKg=5, note="@cmd")
        self.add(date="2026-04-05", weightKg=5, note="초코 몸무게")
        r = self.get(self.path(".csv"), token=self.owner["access"])
        rows = self.csv_rows(r)
        self.assertEqual(rows[0], ["date", "weight_kg", "length_cm", "note"])
        self.assertEqual(rows[1:], [
            ["2026-01-15", "0.30", "", ""],
            ["2026-03-02", "12.34", "45.5", TRICKY_NOTE],
            ["2026-04-01", "200.00", "", "'=1+2"],
            ["2026-04-02", "5.00", "", "'-3, @x"],
            ["2026-04-03", "5.00", "", "'+SUM(A1)"],
            ["2026-04-04", "5.00", "", "'@cmd"],
            ["2026-04-05", "5.00", "", "초코 몸무게"]])
        # every line end outside a quoted field is CRLF
        self.assertNotIn(b"\n", r.raw.replace(b"\r\n", b"").replace(
            b"second line\nthird", b""))
        # the same range rule as the JSON
        rows = self.csv_rows(self.get(self.path(".csv") + query(
            **{"from": "2026-03-01", "to": "2026-04-01"}),
            token=self.owner["access"]))
        self.assertEqual([row[0] for row in rows[1:]],
                         ["2026-03-02", "2026-04-01"])
        # an empty diary: the header alone
        other = self.make_pet(self.owner)
        r = self.get("/pets/%d/growth.csv" % other,
                     token=self.owner["access"])
        self.assertEqual(r.raw, b"date,weight_kg,length_cm,note\r\n")

    def export(self, *args):
        """petoryctl pets growth export ARGS: (exit status, stdout bytes,
        stderr); bytes, since text mode would turn CRLF into LF."""
        r = subprocess.run(
            [harness.CTL, "--db", self.server.db, "pets", "growth", "export"]
            + list(args), capture_output=True, timeout=120,
            env=harness.child_env(), stdin=subprocess.DEVNULL)
        return r.returncode, r.stdout, r.stderr.decode("utf-8", "replace")

    def test_cli_export(self):
        self.add(date="2026-03-02", weightKg=12.34, note=TRICKY_NOTE)
        self.add(date="2026-03-05", weightKg=12.5)
        http = self.get(self.path(".csv"), token=self.owner["access"]).raw
        code, out, err = self.export("--pet", str(self.pet))
        self.assertEqual(code, 0, err)
        self.assertEqual(out, http)
        code, out, err = self.export("--pet", str(self.pet),
                                     "--from", "2026-03-03")
        self.assertEqual(code, 0, err)
        self.assertEqual(out, b"date,weight_kg,length_cm,note\r\n"
                         b"2026-03-05,12.50,,\r\n")
        for args, code in ((["--pet", "999999"], 3),
                           (["--pet", str(self.pet), "--from", "2026-03-05",
                             "--to", "2026-03-01"], 5),
                           (["--pet", "x"], 2), ([], 2)):
            with self.subTest(args=args):
                status, out, err = self.export(*args)
                self.assertEqual(status, code, err)
                self.assertEqual(out, b"")
                self.assertTrue(err.startswith("petoryctl"), err)


if __name__ == "__main__":
    unittest.main()
