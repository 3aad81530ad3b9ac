"""petory-httpd's configuration: --help and --version, the flags design.md
names with their PETORY_* variables, the config file, which source wins,
the one `listening on` line, the defaults note, --access-log, and bad
values (one line on stderr, exit status 2, nothing created)."""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import unittest

from harness import HTTPD, ROOT, Server, child_env

# The cheapest password hash, as every test server uses.
FAST = ["--pwhash-opslimit", "1", "--pwhash-memlimit", "8192"]

# The flags design.md requires, with their environment variables.
DESIGN_FLAGS = [("--db", "PETORY_DB"), ("--port", "PETORY_PORT"),
                ("--bind", "PETORY_BIND"), ("--files", "PETORY_FILES"),
                ("--redis", "PETORY_REDIS_URL"),
                ("--config", "PETORY_CONFIG")]

LISTENING_LINE = re.compile(r"^listening on http://127\.0\.0\.1:(\d+)$")


def run(args, env=None, cwd=None):
    full = child_env()
    full.update(env or {})
    return subprocess.run([HTTPD] + list(args), capture_output=True,
                          text=True, timeout=60, env=full, cwd=cwd,
                          stdin=subprocess.DEVNULL)


class TempDirTestCase(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="petory-config-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def start(self, args=(), env=None):
        """A server with only these args and variables (its working
        directory is a fresh temporary one)."""
        server = Server(list(args), env=env, defaults=False)
        self.addCleanup(server.cleanup)
        return server

    def stopped_cleanly(self, server):
        self.assertEqual(server.stop(), 0, server.log_tail())


class HelpTest(TempDirTestCase):

    def test_help_names_every_design_flag_and_its_variable(self):
        r = run(["--help"], cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        for flag, env in DESIGN_FLAGS:
            self.assertRegex(r.stdout, r"(?m)^  %s\b" % re.escape(flag))
            self.assertIn(" " + env + "\n", r.stdout)
        self.assertEqual(os.listdir(self.tmp), [], "--help created files")

    def test_help_and_configuration_md_list_the_same_flags(self):
        r = run(["--help"])
        listed = dict(re.findall(r"(?m)^  (--[a-z0-9-]+).*\n +env (\w+)$",
                                 r.stdout))
        with open(os.path.join(ROOT, "docs", "configuration.md"),
                  encoding="utf-8") as f:
            documented = dict(re.findall(
                r"(?m)^\| `(--[a-z0-9-]+)[^`]*` \| `(\w+)`", f.read()))
        self.assertGreater(len(listed), 40)
        self.assertEqual(set(listed) - set(documented), set(),
                         "flags missing from docs/configuration.md")
        self.assertEqual(set(documented) - set(listed), set(),
                         "documented flags that --help does not list")
        self.assertEqual(listed, documented, "variables differ")

    def test_version(self):
        r = run(["--version"], cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"^petory-httpd \d+\.\d+\.\d+")
        self.assertEqual(os.listdir(self.tmp), [])


class BadConfigurationTest(TempDirTestCase):

    def refused(self, args=(), env=None):
        r = run(list(args), env=env, cwd=self.tmp)
        self.assertEqual(r.returncode, 2, "%s %s: %r" % (args, env,
                                                         r.stderr))
        lines = r.stderr.splitlines()
        self.assertEqual(len(lines), 1, "not one line: %r" % r.stderr)
        self.assertTrue(lines[0].startswith("petory-httpd: "), lines[0])
        self.assertEqual(r.stdout, "")
        self.assertEqual(os.listdir(self.tmp), [],
                         "a refused configuration created files")
        return lines[0]

    def test_bad_flags(self):
        for args in (["--port", "70000"], ["--port", "-1"], ["--port"],
                     ["--port", "80x"], ["--threads", "abc"], ["--frob"],
                     ["serve"], ["--log-level", "loud"],
                     ["--trust-proxy=maybe"], ["--cors-origins", "ftp://x"],
                     ["--public-url", "example.com"], ["--db", ""],
                     ["--max-connections", "0"], ["--idle-timeout", "0"],
                     ["--connection-memory-limit", "100"],
                     ["--db_path", "x.db"]):
            with self.subTest(args=args):
                self.refused(args)

    def test_bad_variables(self):
        self.assertIn("PETORY_PORT", self.refused(env={"PETORY_PORT": "x"}))
        self.refused(env={"PETORY_THREADS": "-3"})
        self.refused(env={"PETORY_CONFIG": self.path("missing.conf")})

    def test_bad_config_files(self):
        for text in ("frob = 1\n", "port = 70000\n", "just words\n",
                     "config = other.conf\n"):
            with self.subTest(text=text):
                conf = tempfile.NamedTemporaryFile(
                    "w", suffix=".conf", delete=False)
                self.addCleanup(os.unlink, conf.name)
                conf.write(text)
                conf.close()
                line = self.refused(["--config", conf.name])
                self.assertIn(conf.name + ":1", line)


class SourcesTest(TempDirTestCase):

    def test_environment_variables(self):
        db, files = self.path("env.db"), self.path("env-files")
        server = self.start(env={
            "PETORY_DB": db, "PETORY_PORT": "0", "PETORY_BIND": "127.0.0.1",
            "PETORY_FILES": files, "PETORY_PWHASH_OPSLIMIT": "1",
            "PETORY_PWHASH_MEMLIMIT": "8192"})
        self.assertEqual(server.get("/health").status, 200)
        server.signup()
        self.stopped_cleanly(server)
        self.assertTrue(os.path.isfile(db))
        self.assertTrue(os.path.isdir(files))
        self.assertFalse(os.path.exists(server.db), "./petory.db was used")
        self.assertNotIn("no configuration given", server.log_text())

    def write_config(self, name, lines):
        path = self.path(name)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        return path

    def test_config_file_by_flag_and_by_variable(self):
        for how in ("flag", "variable"):
            with self.subTest(how=how):
                db = self.path("file-%s.db" % how)
                conf = self.write_config("%s.conf" % how, [
                    "# a comment, then a blank line", "",
                    'db = "%s"' % db, "port = 0", "bind=127.0.0.1",
                    "files = %s" % self.path("files-" + how),
                    "pwhash_opslimit = 1", "  pwhash-memlimit = 8192  "])
                if how == "flag":
                    server = self.start(["--config", conf])
                else:
                    server = self.start(env={"PETORY_CONFIG": conf})
                server.signup()
                self.stopped_cleanly(server)
                self.assertTrue(os.path.isfile(db))

    def test_flags_over_variables_over_the_file(self):
        by_file, by_env, by_flag = (self.path(n) for n in
                                    ("file.db", "env.db", "flag.db"))
        conf = self.write_config("order.conf", [
            "db = " + by_file, "port = 0", "files = " + self.path("f")] +
            ["%s = %s" % (FAST[i][2:], FAST[i + 1]) for i in (0, 2)])

        server = self.start(["--config", conf, "--db", by_flag],
                            env={"PETORY_DB": by_env})
        self.stopped_cleanly(server)
        self.assertEqual([os.path.exists(p) for p in
                          (by_file, by_env, by_flag)], [False, False, True])

        server = self.start(["--config", conf], env={"PETORY_DB": by_env})
        self.stopped_cleanly(server)
        self.assertTrue(os.path.exists(by_env))
        self.assertFalse(os.path.exists(by_file))

        # An empty variable counts as unset: the file's value holds.
        server = self.start(["--config", conf], env={"PETORY_DB": ""})
        self.stopped_cleanly(server)
        self.assertTrue(os.path.exists(by_file))

    def test_flag_with_equals_sign(self):
        db = self.path("equals.db")
        server = self.start(["--port=0", "--db=" + db,
                             "--files=" + self.path("f")] + FAST)
        self.stopped_cleanly(server)
        self.assertTrue(os.path.isfile(db))


class ListeningTest(TempDirTestCase):

    def test_one_listening_line_with_the_real_port(self):
        server = self.start(["--port", "0", "--db", self.path("l.db"),
                             "--files", self.path("f")] + FAST)
        self.assertEqual(server.get("/health").status, 200)
        self.stopped_cleanly(server)
        self.assertEqual(len(server.stdout_lines), 1, server.stdout_lines)
        m = LISTENING_LINE.match(server.stdout_lines[0])
        self.assertIsNotNone(m, server.stdout_lines[0])
        self.assertNotEqual(int(m.group(1)), 0)
        self.assertEqual(int(m.group(1)), server.port)

    def test_ipv6_bind_address_is_bracketed(self):
        try:
            with socket.socket(socket.AF_INET6) as s:
                s.bind(("::1", 0))
        except OSError:
            self.skipTest("no IPv6 loopback here")
        server = self.start(["--port", "0", "--bind", "::1", "--db",
                             self.path("v6.db"), "--files",
                             self.path("f")] + FAST)
        self.assertRegex(server.stdout_lines[0],
                         r"^listening on http://\[::1\]:\d+$")
        self.assertEqual(server.host, "::1")
        self.assertEqual(server.get("/health").status, 200)
        self.stopped_cleanly(server)

    def test_no_configuration_says_so_and_takes_the_defaults(self):
        # Hold 127.0.0.1:8080 so that the server, which must try exactly
        # that, cannot serve: it names the defaults, then fails to listen
        # (before it opens ./petory.db).
        blocker = socket.socket()
        self.addCleanup(blocker.close)
        try:
            blocker.bind(("127.0.0.1", 8080))
            blocker.listen(1)
        except OSError:
            self.skipTest("port 8080 is in use here")
        r = run([], cwd=self.tmp)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(r.stdout, "")
        self.assertIn("no configuration given", r.stderr)
        for default in ("./petory.db", "8080", "127.0.0.1", "./files",
                        "no Redis"):
            self.assertIn(default, r.stderr)
        self.assertRegex(r.stderr, r"cannot listen on 127\.0\.0\.1 port "
                                   r"8080")
        self.assertTrue(os.path.isdir(self.path("files")))
        self.assertFalse(os.path.exists(self.path("petory.db")))


class AccessLogFileTest(TempDirTestCase):

    def test_access_log_goes_to_the_file(self):
        log = self.path("access.log")
        server = self.start(["--port", "0", "--db", self.path("a.db"),
                             "--files", self.path("f"), "--access-log",
                             log] + FAST)
        rid = server.get("/health").headers["X-Request-Id"]
        self.stopped_cleanly(server)
        with open(log, encoding="utf-8") as f:
            text = f.read()
        self.assertIn('"requestId":"%s"' % rid, text)
        self.assertNotIn(rid, server.log_text())


if __name__ == "__main__":
    unittest.main()
