"""The notification inbox and the midnight fan-out: petoryctl's batch and
jobs commands against the server's database, the inbox's privacy, and
refusals that leave the database as it was."""

import datetime
import json
import os
import pty
import subprocess
import unittest
import zoneinfo

from harness import CTL, ServerTestCase, ctl, query


class NotificationsTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.server.make_admin()

    def notify(self, date):
        r = ctl("--db", self.server.db, "--json", "batch", "daily-notify",
                "--date", date)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)["notified"]

    def inbox(self, user, **params):
        path = "/notifications"
        if params:
            path += query(**params)
        r = self.get(path, token=user["access"])
        self.assert_status(r, 200)
        return r.body

    def test_scheduler_ran_the_days_jobs_at_start(self):
        today = datetime.datetime.now(
            zoneinfo.ZoneInfo("Asia/Seoul")).strftime("%Y-%m-%d")
        rows = self.server.db_query(
            "SELECT job FROM job_runs WHERE day = ? ORDER BY job", today)
        self.assertEqual([r[0] for r in rows],
                         ["account-lifecycle", "daily-notify",
                          "notification-purge"])
        r = ctl("--db", self.server.db, "--json", "jobs", "run")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["dailyNotify"], False)

    def test_fanout_reaches_each_active_user_once(self):
        seoul = self.server.make_user()
        la = self.server.make_user()
        self.patch("/users/me", {"timezone": "America/Los_Angeles"},
                   token=la["access"])
        gone = self.server.make_user()
        self.assert_status(self.delete("/users/me", token=gone["access"]),
                           204)
        self.assertGreaterEqual(self.notify("2031-01-01"), 3)
        self.assertEqual(self.notify("2031-01-01"), 0)
        for user in (seoul, la):
            box = self.inbox(user)
            daily = [n for n in box["content"]
                     if n["type"] == "DAILY_QUESTION"]
            self.assertEqual(len(daily), 1)
            self.assertFalse(daily[0]["read"])
            self.assertEqual(daily[0]["link"], "/daily-questions/today")
            self.assertIsInstance(daily[0]["id"], int)
            self.assert_rfc3339_utc(daily[0]["createdAt"])
            self.assertGreaterEqual(box["unreadCount"], 1)
        self.assertEqual(self.server.db_query(
            "SELECT count(*) FROM notifications WHERE user_id = ?",
            gone["id"])[0][0], 0)
        r = ctl("--db", self.server.db, "batch", "daily-notify", "--date",
                "2031-02-29")
        self.assertEqual(r.returncode, 5, r.stderr)

    def test_progress_bar_on_a_terminal_only(self):
        self.server.make_user()
        master, slave = pty.openpty()
        try:
            r = subprocess.run(
                [CTL, "--db", self.server.db, "batch", "daily-notify",
                 "--date", "2033-05-05"], stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=slave, timeout=120)
            os.close(slave)
            slave = None
            drawn = b""
            while True:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                drawn += chunk
        finally:
            if slave is not None:
                os.close(slave)
            os.close(master)
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"100%", drawn)
        self.assertRegex(r.stdout.decode(), r"^notified \d+ users\n$")
        piped = ctl("--db", self.server.db, "batch", "daily-notify",
                    "--date", "2033-05-06")
        self.assertEqual(piped.returncode, 0, piped.stderr)
        self.assertNotIn("%", piped.stderr)

    def test_inbox_is_private_and_marks_read(self):
        owner = self.server.make_user()
        other = self.server.make_user()
        self.notify("2032-02-29")
        self.notify("2032-03-01")
        box = self.inbox(owner)
        self.assertEqual((box["page"], box["size"]), (0, 10))
        self.assertEqual(box["totalElements"], 2)
        self.assertEqual(box["unreadCount"], 2)
        newest, oldest = [n["id"] for n in box["content"]]
        self.assertGreater(newest, oldest)

        with self.unchanged_db():
            self.assert_problem(self.patch(
                "/notifications/%d/read" % newest, token=other["access"]),
                404, "NOTIFICATION_NOT_FOUND")
            self.assert_problem(self.delete(
                "/notifications/%d" % newest, token=other["access"]),
                404, "NOTIFICATION_NOT_FOUND")
            self.assert_problem(self.patch(
                "/notifications/999999/read", token=owner["access"]), 404)
            self.assert_problem(self.patch(
                "/notifications/x/read", token=owner["access"]), 400)
            self.assert_unauthorized(self.get("/notifications"))
            self.assert_unauthorized(self.patch("/notifications/read-all"))
            for bad in ({"size": 0}, {"size": 101}, {"page": -1},
                        {"unread": "maybe"}):
                r = self.get("/notifications" + query(**bad),
                             token=owner["access"])
                self.assert_problem(r, 400, "INVALID_PARAMETER")

        self.assert_status(self.patch("/notifications/%d/read" % oldest,
                                      token=owner["access"]), 204)
        unread = self.inbox(owner, unread="true")
        self.assertEqual([n["id"] for n in unread["content"]], [newest])
        self.assertEqual(unread["unreadCount"], 1)
        self.assertEqual(self.inbox(owner, size=1)["totalPages"], 2)

        self.assert_status(self.patch("/notifications/read-all",
                                      token=owner["access"]), 204)
        self.assertEqual(self.inbox(owner)["unreadCount"], 0)
        self.assertEqual(self.inbox(other)["unreadCount"], 2)

        self.assert_status(self.delete("/notifications/%d" % newest,
                                       token=owner["access"]), 204)
        other_first = self.inbox(other)["content"][0]["id"]
        self.assert_status(self.delete("/notifications/%d" % other_first,
                                       token=self.admin["access"]), 204)
        self.assertEqual(self.inbox(owner)["totalElements"], 1)
        self.assertEqual(self.inbox(other)["totalElements"], 1)


if __name__ == "__main__":
    unittest.main()
