"""petoryctl backup, restore and stats.

A backup taken in the middle of a like storm, a chat over the WebSocket
and uploads restores into a new directory to a consistent, serving
PETORY: integrity_check ok, every place's like_count equals its likes,
every chat room's last message and every member's unread count agree
with the messages, every uploaded file has its bytes (of the recorded
size) in the restored store and nothing else is there; petory-httpd
serves a place and the chat history from it.  Backups never overwrite,
restores go only into an empty place and refuse a damaged backup, with
nothing written.  stats counts what SELECT count(*) counts.  All of it is
about the SQLite file: skipped on PostgreSQL."""

import json
import os
import random
import sqlite3
import threading
import time
import unittest
import uuid

import images
import wsclient
from harness import (FILES_SECRET, JWT_SECRET, Server, ServerTestCase, ctl,
                     sqlite_only, unique)

# The load runs until the backup is over, each part bounded in count.
# The load runs until the backup has finished (then `stop` is set), and
# is bounded in count and time whatever happens.
LIKERS = 4          # threads toggling likes
LIKES_EACH = 20000  # at most, per thread
PLACES = 3
MESSAGES = 5000     # at most, alternating between the two members
UPLOADS = 1000      # at most
LOAD_SECONDS = 90   # at most

ROW_TABLES = {
    "pets": "pets", "petImages": "pet_images", "albums": "albums",
    "albumImages": "album_images", "dailyAnswers": "daily_answers",
    "events": "events", "notifications": "notifications",
    "ownerBoards": "owner_boards", "comments": "owner_board_comments",
    "tradeBoards": "trade_boards", "chatRooms": "chat_rooms",
    "chatMessages": "chat_messages", "placeLikes": "place_likes",
    "reviews": "place_reviews", "reports": "place_reports"}
USER_STATUS = ["ACTIVE", "SUSPENDED", "DEACTIVATED", "DELETED"]
PLACE_STATUS = ["ACTIVE", "INACTIVE", "DELETED"]
FILE_STATE = ["PENDING", "RECEIVING", "UPLOADED", "ATTACHED"]
STATS_KEYS = {"generatedAt", "schemaVersion", "users", "rows", "places",
              "files", "database", "fileStore", "outbox", "jobs"}


def open_db(path):
    return sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=30)


def store_files(root):
    """{relative path: size} of every file under root."""
    found = {}
    for base, _, names in os.walk(root):
        for name in names:
            p = os.path.join(base, name)
            found[os.path.relpath(p, root)] = os.path.getsize(p)
    return found


@sqlite_only("backup, restore and stats copy, check and count the SQLite "
             "file (on PostgreSQL they answer NOT_SUPPORTED, naming pg_dump: "
             "test_postgres.py)")
class BackupTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        s = cls.server
        cls.admin = s.make_admin()
        cls.places = []
        for i in range(PLACES):
            r = s.post("/places", {
                "placeName": unique("backup place ")[:30],
                "placeType": "CAFE", "address": unique("서울 백업 ")[:90],
                "latitude": 37.5 + i / 100, "longitude": 127.0},
                token=cls.admin["access"])
            assert r.status == 201, r.text
            cls.places.append(r.body["id"])
        cls.likers = [s.make_user() for _ in range(LIKERS * 2)]
        cls.seller = s.make_user()
        cls.buyer = s.make_user()
        r = s.post("/trade-boards", {
            "category": "HOUSES_AND_CARRIERS", "title": "백업 유모차",
            "content": "거의 새것", "price": 50000},
            token=cls.seller["access"])
        assert r.status == 201, r.text
        r = s.post("/chat/%d" % r.body["id"], token=cls.buyer["access"])
        assert r.status == 201, r.text
        cls.room = r.body["chatRoomId"]
        for _ in range(3):
            s.upload(cls.buyer, images.png())

    def setUp(self):
        self.out = os.path.join(self.server.tmp, "out-" + uuid.uuid4().hex)
        os.makedirs(self.out)

    # ---- the load ----

    def like_storm(self, index, done, errors, stop):
        rnd = random.Random(index)
        users = self.likers[index * 2:index * 2 + 2]
        try:
            end = time.monotonic() + LOAD_SECONDS
            for _ in range(LIKES_EACH):
                if stop.is_set() or time.monotonic() > end:
                    break
                u = rnd.choice(users)
                r = self.server.request(
                    "POST", "/places/%d/like" % rnd.choice(self.places),
                    token=u["access"])
                if r.status != 200:
                    raise AssertionError("like: %d %s" % (r.status, r.text))
                done[0] += 1
        except BaseException as e:  # reported by the test thread
            errors.append(e)

    def chat(self, done, errors, stop):
        loop = wsclient.Loop()
        try:
            members = [wsclient.Client.open(loop, self.server, u["access"])
                       for u in (self.buyer, self.seller)]
            end = time.monotonic() + LOAD_SECONDS
            for i in range(MESSAGES):
                if stop.is_set() or time.monotonic() > end:
                    break
                c = members[i % 2]
                c.send_message(self.room, "msg %d" % i, uuid.uuid4().hex)
                c.recv_type("ack")
                if i % 10 == 9:
                    r = self.server.request(
                        "PATCH", "/chat/%d/read" % self.room,
                        token=self.seller["access"])
                    if r.status not in (200, 204):
                        raise AssertionError("read: %d" % r.status)
                done[0] += 1
            for c in members:
                c.close()
        except BaseException as e:
            errors.append(e)
        finally:
            loop.close()

    def uploads(self, done, errors, stop):
        try:
            end = time.monotonic() + LOAD_SECONDS
            for i in range(UPLOADS):
                if stop.is_set() or time.monotonic() > end:
                    break
                self.server.upload(self.seller, images.image_bytes(
                    size=(8 + i % 64, 8), color=(i * 4 % 256, 0, 0)))
                done[0] += 1
        except BaseException as e:
            errors.append(e)

    # ---- the checks ----

    def assert_consistent(self, db_path, files_dir):
        conn = open_db(db_path)
        try:
            self.assertEqual(conn.execute(
                "PRAGMA integrity_check").fetchall(), [("ok",)])
            self.assertEqual(conn.execute(
                "SELECT p.id, p.like_count, (SELECT count(*) FROM "
                "place_likes l WHERE l.place_id = p.id) FROM places p "
                "WHERE p.like_count != (SELECT count(*) FROM place_likes l "
                "WHERE l.place_id = p.id)").fetchall(), [])
            self.assertEqual(conn.execute(
                "SELECT r.id FROM chat_rooms r WHERE r.last_message_id != "
                "coalesce((SELECT max(id) FROM chat_messages m "
                "WHERE m.room_id = r.id), 0)").fetchall(), [])
            self.assertEqual(conn.execute(
                "SELECT cm.room_id, cm.user_id, cm.unread FROM chat_members "
                "cm WHERE cm.unread != (SELECT count(*) FROM chat_messages "
                "m WHERE m.room_id = cm.room_id AND m.id > cm.last_read_id "
                "AND m.sender_id IS NOT cm.user_id)").fetchall(), [])
            self.assertEqual(conn.execute(
                "SELECT b.id FROM owner_boards b WHERE b.comment_count != "
                "(SELECT count(*) FROM owner_board_comments c "
                "WHERE c.post_id = b.id)").fetchall(), [])
            want = {"%s/%s" % (k[:2], k): size for k, size in conn.execute(
                "SELECT key, stored_size FROM files WHERE state IN (2, 3)")}
            counts = {
                "likes": conn.execute(
                    "SELECT count(*) FROM place_likes").fetchone()[0],
                "messages": conn.execute(
                    "SELECT count(*) FROM chat_messages").fetchone()[0]}
        finally:
            conn.close()
        self.assertEqual(store_files(files_dir), want)
        counts["files"] = len(want)
        return counts

    def test_backup_under_load_restores_consistent_and_serves(self):
        s = self.server
        done = {"likes": [0], "chat": [0], "uploads": [0]}
        errors = []
        stop = threading.Event()
        threads = [threading.Thread(target=self.like_storm,
                                    args=(i, done["likes"], errors, stop))
                   for i in range(LIKERS)]
        threads.append(threading.Thread(target=self.chat,
                                        args=(done["chat"], errors, stop)))
        threads.append(threading.Thread(
            target=self.uploads, args=(done["uploads"], errors, stop)))
        for t in threads:
            t.start()
        # The backup starts in the middle of the load.
        deadline = time.monotonic() + 60
        while (done["likes"][0] < 100 or done["chat"][0] < 10
               or done["uploads"][0] < 3) and not errors:
            self.assertLess(time.monotonic(), deadline, "no load")
            time.sleep(0.01)
        before = {k: v[0] for k, v in done.items()}
        backup = os.path.join(self.out, "petory.bak")
        started = time.monotonic()
        r = ctl("--db", s.db, "--json", "backup", backup, "--files", s.files)
        took = time.monotonic() - started
        after = {k: v[0] for k, v in done.items()}
        # Every part of the load ran across the whole backup.
        running = [t.is_alive() for t in threads]
        stop.set()
        for t in threads:
            t.join(120)
        self.assertEqual(errors, [])
        self.assertEqual(r.returncode, 0, r.stderr)
        report = json.loads(r.stdout)
        self.assertEqual(report["backup"], backup)
        self.assertEqual(report["filesDir"], backup + ".files")
        self.assertEqual(report["filesMissing"], 0)
        self.assertEqual(os.path.getsize(backup), report["databaseBytes"])
        self.assertEqual(running, [True] * len(threads))
        print("\nbackup of %d bytes and %d files (%d bytes) took %.0f ms "
              "(library %d ms); during it: %d likes, %d messages, %d "
              "uploads" % (
                  report["databaseBytes"], report["files"],
                  report["fileBytes"], took * 1000, report["durationMs"],
                  after["likes"] - before["likes"],
                  after["chat"] - before["chat"],
                  after["uploads"] - before["uploads"]))
        # Only the two outputs: no temporary left behind.
        self.assertEqual(sorted(os.listdir(self.out)),
                         ["petory.bak", "petory.bak.files"])
        got = self.assert_consistent(backup, backup + ".files")
        self.assertEqual(got["files"], report["files"])

        # Restore into a new directory.
        new = os.path.join(self.out, "restored")
        os.makedirs(new)
        new_db = os.path.join(new, "petory.db")
        new_files = os.path.join(new, "files")
        started = time.monotonic()
        r = ctl("--json", "restore", backup, "--db", new_db,
                "--files", new_files)
        took_restore = time.monotonic() - started
        self.assertEqual(r.returncode, 0, r.stderr)
        restored = json.loads(r.stdout)
        self.assertEqual((restored["files"], restored["filesMissing"]),
                         (report["files"], 0))
        print("restore took %.0f ms" % (took_restore * 1000))
        self.assertEqual(self.assert_consistent(new_db, new_files), got)
        self.assertEqual(sorted(os.listdir(new)), ["files", "petory.db"])

        r = ctl("--db", new_db, "--json", "stats", "--files", new_files)
        self.assertEqual(r.returncode, 0, r.stderr)
        stats = json.loads(r.stdout)
        self.assertEqual(stats["rows"]["placeLikes"], got["likes"])
        self.assertEqual(stats["rows"]["chatMessages"], got["messages"])
        self.assertEqual(stats["fileStore"]["files"], got["files"])

        # The restored pair serves.
        served = Server([
            "--port", "0", "--bind", "127.0.0.1", "--db", new_db,
            "--files", new_files, "--pwhash-opslimit", "1",
            "--pwhash-memlimit", "8192", "--jwt-secret", JWT_SECRET,
            "--files-secret", FILES_SECRET], defaults=False)
        self.addCleanup(served.cleanup)
        conn = open_db(new_db)
        likes = dict(conn.execute(
            "SELECT place_id, count(*) FROM place_likes GROUP BY place_id"))
        messages = conn.execute(
            "SELECT count(*) FROM chat_messages WHERE room_id = ?",
            (self.room,)).fetchone()[0]
        key = conn.execute("SELECT key FROM files WHERE state = 2 AND "
                           "owner_id = ? LIMIT 1",
                           (self.buyer["id"],)).fetchone()[0]
        conn.close()
        for place in self.places:
            r = served.get("/places/%d" % place)
            self.assertEqual(r.status, 200, r.text)
            self.assertEqual(r.body["likeCount"], likes.get(place, 0))
        r = served.get("/chat/%d?size=100" % self.room,
                       token=self.buyer["access"])
        self.assertEqual(r.status, 200, r.text)
        self.assertEqual(len(r.body["messages"]), messages)
        r = served.get("/files/%s" % key, token=self.buyer["access"])
        self.assertEqual(r.status, 200)
        self.assertEqual(served.stop(), 0)

    # ---- refusals: nothing written ----

    def assert_refused(self, r, status, reason):
        self.assertEqual(r.returncode, status, r.stderr)
        self.assertIn("[%s]" % reason, r.stderr)
        self.assertEqual(r.stdout, "")

    def test_backup_never_overwrites(self):
        s = self.server
        target = os.path.join(self.out, "taken.bak")
        with open(target, "w") as f:
            f.write("precious")
        r = ctl("--db", s.db, "backup", target, "--files", s.files)
        self.assert_refused(r, 4, "BACKUP_EXISTS")
        with open(target) as f:
            self.assertEqual(f.read(), "precious")
        self.assertEqual(os.listdir(self.out), ["taken.bak"])
        # Its files directory alone is enough to refuse.
        other = os.path.join(self.out, "other.bak")
        os.makedirs(other + ".files")
        r = ctl("--db", s.db, "backup", other, "--files", s.files)
        self.assert_refused(r, 4, "BACKUP_EXISTS")
        self.assertEqual(sorted(os.listdir(self.out)),
                         ["other.bak.files", "taken.bak"])
        self.assertEqual(os.listdir(other + ".files"), [])

    def make_backup(self):
        backup = os.path.join(self.out, "good.bak")
        r = ctl("--db", self.server.db, "backup", backup,
                "--files", self.server.files)
        self.assertEqual(r.returncode, 0, r.stderr)
        return backup

    def test_restore_only_into_an_empty_place(self):
        backup = self.make_backup()
        target = os.path.join(self.out, "target")
        os.makedirs(target)
        db = os.path.join(target, "petory.db")
        files = os.path.join(target, "files")
        with open(db, "w") as f:
            f.write("in use")
        r = ctl("restore", backup, "--db", db, "--files", files)
        self.assert_refused(r, 4, "RESTORE_TARGET_NOT_EMPTY")
        with open(db) as f:
            self.assertEqual(f.read(), "in use")
        self.assertEqual(os.listdir(target), ["petory.db"])
        # A files directory with anything in it.
        os.remove(db)
        os.makedirs(os.path.join(files, "ab"))
        r = ctl("restore", backup, "--db", db, "--files", files)
        self.assert_refused(r, 4, "RESTORE_TARGET_NOT_EMPTY")
        self.assertEqual(sorted(os.listdir(target)), ["files"])
        self.assertEqual(os.listdir(files), ["ab"])
        # The files need a place to go.
        r = ctl("restore", backup, "--db", db)
        self.assert_refused(r, 5, "FILES_DIR_REQUIRED")
        self.assertEqual(sorted(os.listdir(target)), ["files"])
        # An empty directory is an empty place.
        os.rmdir(os.path.join(files, "ab"))
        r = ctl("restore", backup, "--db", db, "--files", files)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assert_consistent(db, files)

    def test_restore_refuses_a_damaged_or_missing_backup(self):
        backup = self.make_backup()
        size = os.path.getsize(backup)
        truncated = os.path.join(self.out, "truncated.bak")
        with open(backup, "rb") as src, open(truncated, "wb") as dst:
            dst.write(src.read(size // 2))
        garbage = os.path.join(self.out, "garbage.bak")
        with open(garbage, "wb") as f:
            f.write(b"not a database at all" * 300)
        target = os.path.join(self.out, "target")
        os.makedirs(target)
        db = os.path.join(target, "petory.db")
        files = os.path.join(target, "files")
        for bad in (truncated, garbage):
            r = ctl("restore", bad, "--db", db, "--files", files)
            self.assert_refused(r, 5, "BACKUP_CORRUPT")
            self.assertEqual(os.listdir(target), [])
        r = ctl("restore", os.path.join(self.out, "absent.bak"),
                "--db", db, "--files", files)
        self.assert_refused(r, 3, "BACKUP_NOT_FOUND")
        self.assertEqual(os.listdir(target), [])

    # ---- stats ----

    def counts(self):
        conn = open_db(self.server.db)
        try:
            c = {"users": dict(conn.execute(
                    "SELECT status, count(*) FROM users GROUP BY status")),
                 "places": dict(conn.execute(
                     "SELECT status, count(*) FROM places GROUP BY status")),
                 "files": dict(conn.execute(
                     "SELECT state, count(*) FROM files GROUP BY state")),
                 "rows": {k: conn.execute(
                     "SELECT count(*) FROM %s" % t).fetchone()[0]
                     for k, t in ROW_TABLES.items()},
                 "outbox": conn.execute(
                     "SELECT count(*) FROM outbox WHERE delivered_at IS "
                     "NULL").fetchone()[0],
                 "jobs": {j: a for j, a in conn.execute(
                     "SELECT job, affected FROM job_runs j WHERE "
                     "finished_at = (SELECT max(finished_at) FROM job_runs "
                     "WHERE job = j.job)")}}
        finally:
            conn.close()
        return c

    def test_stats_counts_what_the_tables_hold(self):
        s = self.server
        for _ in range(20):  # the scheduler may be writing at start
            want = self.counts()
            r = ctl("--db", s.db, "--json", "stats", "--files", s.files)
            if self.counts() == want:
                break
        self.assertEqual(r.returncode, 0, r.stderr)
        got = json.loads(r.stdout)
        self.assertEqual(set(got), STATS_KEYS)
        self.assertEqual(got["users"], dict(
            {n: want["users"].get(i, 0) for i, n in enumerate(USER_STATUS)},
            total=sum(want["users"].values())))
        self.assertEqual(got["places"], dict(
            {n: want["places"].get(i, 0) for i, n in enumerate(PLACE_STATUS)},
            total=sum(want["places"].values())))
        self.assertEqual(got["files"], dict(
            {n: want["files"].get(i, 0) for i, n in enumerate(FILE_STATE)},
            total=sum(want["files"].values())))
        self.assertEqual(got["rows"], want["rows"])
        self.assertGreater(got["users"]["ACTIVE"], 0)
        self.assertEqual(got["outbox"]["pending"], want["outbox"])
        self.assertEqual(set(got["outbox"]), {
            "pending", "retrying", "oldestAt", "oldestAgeSeconds"})
        self.assertEqual({j: v["affected"] for j, v in got["jobs"].items()},
                         want["jobs"])
        for v in got["jobs"].values():
            self.assertEqual(set(v), {"day", "finishedAt", "affected"})
        db = got["database"]
        self.assertEqual(set(db), {"path", "pageSize", "pageCount",
                                   "freelistCount", "bytes", "walBytes"})
        self.assertEqual(db["bytes"], db["pageSize"] * db["pageCount"])
        self.assertGreater(db["bytes"], 0)
        on_disk = {k: v for k, v in store_files(s.files).items()
                   if not k.startswith(".tmp")}
        self.assertEqual(got["fileStore"], {
            "backend": "local", "dir": s.files, "files": len(on_disk),
            "bytes": sum(on_disk.values())})
        self.assertEqual(got["schemaVersion"], ctl(
            "--json", "version").stdout and json.loads(
            ctl("--json", "version").stdout)["schemaVersion"])
        # The text is for a person: the same numbers, one per line.
        r = ctl("--db", s.db, "stats", "--files", s.files)
        self.assertEqual(r.returncode, 0, r.stderr)
        for title in ("Users", "Rows", "Places", "File records", "Database",
                      "File store", "Outbox", "Last job runs"):
            self.assertIn("\n%s\n" % title, r.stdout)
        self.assertIn("  chatMessages    %d\n" % want["rows"]["chatMessages"],
                      r.stdout)
        # --help documents every key.
        r = ctl("stats", "--help")
        for key in STATS_KEYS | set(ROW_TABLES):
            self.assertIn(key, r.stdout)


if __name__ == "__main__":
    unittest.main()
