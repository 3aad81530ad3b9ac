"""The calendar over HTTP: create, read, change, delete, and the range
query that expands recurring events; other users and bad input leave the
database as it was."""

import datetime
import unittest
import zoneinfo

from harness import ServerTestCase, query


def vet_visit(**extra):
    body = {"title": "Vet check", "startDate": "2026-11-02T09:00:00",
            "endDate": "2026-11-02T10:00:00", "timeZone": "Asia/Seoul",
            "recurrence": ["RRULE:FREQ=WEEKLY;BYDAY=MO,WE",
                           "EXDATE:20261104T090000"],
            "description": "bring the vaccination card", "color": "BASIL",
            "remindBefore": 60}
    body.update(extra)
    return body


class EventTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = cls.server.make_user()
        cls.other = cls.server.make_user()

    def create(self, body, token=None):
        return self.post("/users/events", body,
                         token=token or self.owner["access"])

    def range(self, start, end, token=None):
        return self.get("/users/events" + query(start=start, end=end),
                        token=token or self.owner["access"])

    def test_create_and_read(self):
        r = self.create(vet_visit())
        self.assert_status(r, 201)
        ev = r.body
        self.assertEqual(r.headers["Location"], "/users/events/%d" % ev["id"])
        self.assertEqual(ev["startDate"], "2026-11-02T09:00:00+09:00")
        self.assertEqual(ev["endDate"], "2026-11-02T10:00:00+09:00")
        self.assertEqual(ev["timeZone"], "Asia/Seoul")
        self.assertFalse(ev["isAllDay"])
        self.assertEqual(ev["recurrence"], vet_visit()["recurrence"])
        self.assertEqual(ev["color"], "BASIL")
        self.assertEqual(ev["remindBefore"], 60)
        self.assert_rfc3339_utc(ev["createdAt"])
        got = self.get("/users/events/%d" % ev["id"],
                       token=self.owner["access"])
        self.assert_status(got, 200)
        self.assertEqual(got.body, ev)

    def test_an_event_names_one_of_the_owners_pets(self):
        mine = self.post("/pets", {"name": "Choco", "size": "SMALL",
                                   "species": "dog"},
                         token=self.owner["access"])
        theirs = self.post("/pets", {"name": "Bori", "size": "LARGE",
                                     "species": "dog"},
                           token=self.other["access"])
        self.assert_status(mine, 201)
        self.assert_status(theirs, 201)
        r = self.create(vet_visit(petId=mine.body["id"]))
        self.assert_status(r, 201)
        self.assertEqual(r.body["petId"], mine.body["id"])
        for bad in (theirs.body["id"], 999999, -1, "1"):
            with self.subTest(petId=bad), self.unchanged_db():
                self.assert_problem(self.create(vet_visit(petId=bad)), 400,
                                    "INVALID_PARAMETER", ["petId"])
        cleared = self.put("/users/events/%d" % r.body["id"], {"petId": 0},
                           token=self.owner["access"])
        self.assert_status(cleared, 200)
        self.assertIsNone(cleared.body["petId"])

    def test_all_day_end_is_the_last_day(self):
        r = self.create({"title": "Trip", "startDate": "2026-12-24",
                         "endDate": "2026-12-26", "timeZone": "Asia/Seoul",
                         "isAllDay": True})
        self.assert_status(r, 201)
        self.assertEqual(r.body["startDate"], "2026-12-24")
        self.assertEqual(r.body["endDate"], "2026-12-26")
        listed = self.range("2026-12-26", "2026-12-27")
        self.assert_status(listed, 200)
        mine = [o for o in listed.body if o["id"] == r.body["id"]]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["endDate"], "2026-12-26")

    def test_all_day_is_counted_once_everywhere(self):
        """The original added a day on create, not on update, and one more
        in the range view: here the last day is the last day throughout."""
        r = self.create({"title": "Camp", "startDate": "2026-12-01",
                         "endDate": "2026-12-02", "timeZone": "Asia/Seoul",
                         "isAllDay": True,
                         "recurrence": ["RRULE:FREQ=WEEKLY;COUNT=3"]})
        self.assert_status(r, 201)
        path = "/users/events/%d" % r.body["id"]
        renamed = self.put(path, {"title": "Camp!"},
                           token=self.owner["access"])
        self.assert_status(renamed, 200)
        got = self.get(path, token=self.owner["access"])
        for ev in (r.body, renamed.body, got.body):
            self.assertEqual((ev["startDate"], ev["endDate"]),
                             ("2026-12-01", "2026-12-02"))
        listed = self.range("2026-12-01", "2026-12-31")
        self.assert_status(listed, 200)
        self.assertEqual(
            [(o["startDate"], o["endDate"]) for o in listed.body
             if o["id"] == r.body["id"]],
            [("2026-12-01", "2026-12-02"), ("2026-12-08", "2026-12-09"),
             ("2026-12-15", "2026-12-16")])
        # The day after the last one is free again.
        self.assertNotIn(r.body["id"], [o["id"] for o in self.range(
            "2026-12-03", "2026-12-08").body])
        moved = self.put(path, {"endDate": "2026-12-01"},
                         token=self.owner["access"])
        self.assert_status(moved, 200)
        self.assertEqual(moved.body["endDate"], "2026-12-01")

    def test_range_expands_recurrence(self):
        ev = self.create(vet_visit(title="Weekly")).body
        r = self.range("2026-11-01T00:00:00+09:00",
                       "2026-11-12T00:00:00+09:00")
        self.assert_status(r, 200)
        starts = [o["startDate"] for o in r.body if o["id"] == ev["id"]]
        self.assertEqual(starts, ["2026-11-02T09:00:00+09:00",
                                  "2026-11-09T09:00:00+09:00",
                                  "2026-11-11T09:00:00+09:00"])
        self.assertTrue(all(o["recurring"] for o in r.body
                            if o["id"] == ev["id"]))
        all_starts = [o["startDate"] for o in r.body]
        self.assertEqual(all_starts, sorted(all_starts))

    def test_partial_update(self):
        ev = self.create(vet_visit()).body
        r = self.put("/users/events/%d" % ev["id"], {"title": "Renamed"},
                     token=self.owner["access"])
        self.assert_status(r, 200)
        self.assertEqual(r.body["title"], "Renamed")
        self.assertEqual(r.body["startDate"], ev["startDate"])
        self.assertEqual(r.body["recurrence"], ev["recurrence"])
        with self.unchanged_db():
            bad = self.put("/users/events/%d" % ev["id"],
                           {"endDate": "2026-11-01T08:00:00"},
                           token=self.owner["access"])
            self.assert_problem(bad, 400, "INVALID_PARAMETER", ["endDate"])

    def test_null_fields_stay_and_explicit_values_clear(self):
        pet = self.post("/pets", {"name": "Nabi", "size": "SMALL",
                                  "species": "cat"},
                        token=self.owner["access"])
        ev = self.create(vet_visit(petId=pet.body["id"])).body
        path = "/users/events/%d" % ev["id"]
        nulls = {k: None for k in (
            "title", "startDate", "endDate", "timeZone", "isAllDay",
            "recurrence", "description", "color", "petId", "remindBefore")}
        r = self.put(path, nulls, token=self.owner["access"])
        self.assert_status(r, 200)
        self.assertEqual({k: v for k, v in r.body.items() if k != "updatedAt"},
                         {k: v for k, v in ev.items() if k != "updatedAt"})
        cleared = self.put(path, {"description": "", "color": "", "petId": 0,
                                  "remindBefore": -1, "recurrence": []},
                           token=self.owner["access"])
        self.assert_status(cleared, 200)
        for key in ("description", "color", "petId", "remindBefore"):
            self.assertIsNone(cleared.body[key], key)
        self.assertEqual(cleared.body["recurrence"], [])

    def test_delete(self):
        ev = self.create(vet_visit()).body
        path = "/users/events/%d" % ev["id"]
        self.assert_status(self.delete(path, token=self.owner["access"]),
                           204)
        self.assert_problem(self.get(path, token=self.owner["access"]), 404,
                            "EVENT_IS_NOT_FOUND")

    def test_other_users_get_404_and_change_nothing(self):
        ev = self.create(vet_visit()).body
        path = "/users/events/%d" % ev["id"]
        tok = self.other["access"]
        with self.unchanged_db():
            self.assert_problem(self.get(path, token=tok), 404,
                                "EVENT_IS_NOT_FOUND")
            self.assert_problem(self.put(path, {"title": "mine now"},
                                         token=tok), 404)
            self.assert_problem(self.delete(path, token=tok), 404)
        theirs = self.range("2026-11-01", "2026-11-30", token=tok)
        self.assert_status(theirs, 200)
        self.assertNotIn(ev["id"], [o["id"] for o in theirs.body])

    def test_bad_events_name_every_field(self):
        cases = [
            ({"endDate": "2026-11-01T08:00:00"}, ["endDate"]),
            ({"timeZone": "Mars/Olympus"}, ["timeZone"]),
            ({"recurrence": ["RRULE:FREQ=SOMETIMES"]}, ["recurrence"]),
            ({"recurrence": ["RRULE:FREQ=SECONDLY"]}, ["recurrence"]),
            # libical cannot expand it, it never occurs, or it is too long
            ({"recurrence": ["RRULE:FREQ=WEEKLY;BYMONTHDAY=30"]},
             ["recurrence"]),
            ({"recurrence": ["RRULE:FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30"]},
             ["recurrence"]),
            ({"recurrence": ["RRULE:FREQ=DAILY;COUNT=5001"]}, ["recurrence"]),
            # a timed event's UNTIL is a date-time (RFC 5545)
            ({"recurrence": ["RRULE:FREQ=DAILY;UNTIL=20261130"]},
             ["recurrence"]),
            ({"recurrence": "RRULE:FREQ=DAILY"}, ["recurrence"]),
            ({"recurrence": [5]}, ["recurrence"]),
            ({"title": "가" * 101}, ["title"]),
            ({"timeZone": "Asia/" + "x" * 300}, ["timeZone"]),
            ({"recurrence": ["EXDATE:20261104T090000"] * 21},
             ["recurrence"]),
            ({"recurrence": ["RRULE:FREQ=DAILY;" + "BYHOUR=9;" * 250]},
             ["recurrence"]),
            ({"title": ""}, ["title"]),
            ({"description": "d" * 301}, ["description"]),
            ({"color": "PINK"}, ["color"]),
            ({"isAllDay": "yes"}, ["isAllDay"]),
            ({"remindBefore": -5}, ["remindBefore"]),
            ({"remindBefore": "60"}, ["remindBefore"]),
            ({"startDate": "2026-02-30T09:00:00"}, ["startDate"]),
            ({"startDate": "tomorrow"}, ["startDate"]),
            ({"isAllDay": True}, ["startDate", "endDate"]),
            ({"title": 7, "timeZone": None}, ["title", "timeZone"]),
            # a missing field is named with the bad values, all at once
            ({"title": "", "startDate": None}, ["title", "startDate"]),
            ({"title": None, "color": "PINK"}, ["title", "color"]),
            ({"timeZone": None, "startDate": "tomorrow", "endDate": None},
             ["timeZone", "startDate", "endDate"]),
        ]
        for change, fields in cases:
            with self.subTest(change=change), self.unchanged_db():
                r = self.create(vet_visit(**change))
                self.assert_problem(r, 400, "INVALID_PARAMETER", fields)
        with self.unchanged_db():
            body = vet_visit()
            del body["startDate"]
            self.assert_problem(self.create(body), 400, "INVALID_PARAMETER",
                                ["startDate"])
            self.assert_problem(self.server.request(
                "POST", "/users/events", raw=b"title=x",
                headers={"Content-Type": "text/plain"},
                token=self.owner["access"]), 415)
            self.assert_unauthorized(self.post("/users/events", vet_visit()))

    def test_lengths_are_counted_in_characters(self):
        r = self.create(vet_visit(title="가" * 100, description="설" * 300))
        self.assert_status(r, 201)
        self.assertEqual(r.body["title"], "가" * 100)

    def test_bad_windows(self):
        cases = [
            ({"start": "2026-11-01"}, ["end"]),
            ({"start": "garbage", "end": "2026-11-02"}, ["start"]),
            ({"start": "2026-11-01T00:00:00", "end": "2026-11-02"},
             ["start"]),
            ({"start": "2026-11-02", "end": "2026-11-01"}, ["end"]),
            ({"start": "2026-01-01", "end": "2027-01-03"}, ["end"]),
        ]
        for params, fields in cases:
            with self.subTest(params=params):
                r = self.get("/users/events" + query(**params),
                             token=self.owner["access"])
                self.assert_problem(r, 400, "INVALID_PARAMETER", fields)
        self.assert_unauthorized(self.get(
            "/users/events" + query(start="2026-11-01", end="2026-11-02")))
        self.assert_problem(self.get("/users/events/abc",
                                     token=self.owner["access"]), 400)

    def test_too_many_occurrences(self):
        self.create({"title": "Feeding", "startDate": "2026-01-01T00:00:00",
                     "endDate": "2026-01-01T00:05:00", "timeZone": "UTC",
                     "recurrence": ["RRULE:FREQ=HOURLY"]},
                    token=self.other["access"])
        r = self.range("2026-01-01", "2026-12-01", token=self.other["access"])
        self.assert_problem(r, 400, "TOO_MANY_OCCURRENCES")


class ScheduledNotificationTest(ServerTestCase):
    """EVENT_REMINDER and PET_DDAY notifications come from the server's
    scheduler (whose first pass runs before the server listens), each
    exactly once.  The server keeps the real time, so the event and the
    birthday are placed around now."""

    def notes(self, user, kind):
        r = self.get("/notifications" + query(size=100),
                     token=user["access"])
        self.assert_status(r, 200)
        return [n for n in r.body["content"] if n["type"] == kind]

    def test_reminders_and_ddays_arrive_once_through_the_scheduler(self):
        owner = self.server.make_user()
        other = self.server.make_user()
        now = datetime.datetime.now(datetime.timezone.utc).replace(
            microsecond=0)
        # A zone where today stays today for the next few minutes.
        zone = next(z for z in ("UTC", "Asia/Seoul") if
                    (now.astimezone(zoneinfo.ZoneInfo(z)) +
                     datetime.timedelta(minutes=10)).date() ==
                    now.astimezone(zoneinfo.ZoneInfo(z)).date())
        self.assert_status(self.patch("/users/me", {"timezone": zone},
                                      token=owner["access"]), 200)

        def at(minutes):
            return (now + datetime.timedelta(minutes=minutes)).strftime(
                "%Y-%m-%dT%H:%M:%SZ")

        def event(title, start, remind):
            r = self.post("/users/events", {
                "title": title, "startDate": at(start),
                "endDate": at(start + 30), "timeZone": "America/New_York",
                "remindBefore": remind}, token=owner["access"])
            self.assert_status(r, 201)
            return r.body["id"]

        due = event("Vet", 10, 15)      # reminder due 5 minutes ago
        event("Groomer", 180, 30)       # due in two and a half hours
        today = now.astimezone(zoneinfo.ZoneInfo(zone)).date()

        def pet(name, day):
            r = self.post("/pets", {
                "name": name, "size": "SMALL", "species": "dog",
                "birthday": day.replace(year=day.year - 4).isoformat()},
                token=owner["access"])
            self.assert_status(r, 201)
            return r.body["id"]

        choco = pet("Choco", today)
        pet("Bori", today - datetime.timedelta(days=2))
        self.server.restart()
        for _ in range(2):
            reminders = self.notes(owner, "EVENT_REMINDER")
            self.assertEqual([n["link"] for n in reminders],
                             ["/users/events/%d" % due])
            self.assertIn("Vet", reminders[0]["content"])
            ddays = self.notes(owner, "PET_DDAY")
            self.assertEqual([n["link"] for n in ddays], ["/pets/%d" % choco])
            self.assertIn("Choco", ddays[0]["content"])
            # A second start sends nothing again.
            self.server.restart()
        self.assertEqual(self.notes(other, "EVENT_REMINDER") +
                         self.notes(other, "PET_DDAY"), [])


if __name__ == "__main__":
    unittest.main()
