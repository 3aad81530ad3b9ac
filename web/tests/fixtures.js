// fixtures.js -- what every browser test stands on.
//
//   server   (per worker) a real petory-httpd on a free loopback port with
//            a fresh SQLite file and file store in a temporary directory,
//            plus petoryctl on the same database. Helpers:
//              server.url                   base URL
//              server.api(method, path, {body, token})  -> {status, body, headers}
//              server.newUser({nickname?})  signs up and logs in over HTTP
//              server.newAdmin()            made by petoryctl, logged in
//              server.importPlaces()        petoryctl places import of the
//                                           fixed place files (once)
//              server.ctl(...args)          runs petoryctl
//              server.upload(user, purpose) presign + PUT of a small PNG
//                                           over HTTP -> its file key
//   signIn(page, user)   puts the user's tokens in the page's storage
//   checkA11y(page)      axe-core: no serious or critical finding
//   shot(page, name)     a screenshot under test-results/screenshots/
//   console log          collected per test, attached when it fails
//
// The binaries come from $PETORY_HTTPD / $PETORY_CTL (set by CTest), else
// from ../build/. $PETORY_WEB_DIR serves a web build from disk instead of
// the embedded one (for working on the app without rebuilding C).
import { test as base, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { spawn, execFile } from "node:child_process";
import { mkdtempSync, rmSync, mkdirSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const HTTPD = process.env.PETORY_HTTPD || path.join(root, "build", "httpd", "petory-httpd");
const CTL = process.env.PETORY_CTL || path.join(root, "build", "cli", "petoryctl");
const RESULTS = process.env.PETORY_WEB_RESULTS || path.join(here, "..", "test-results");
export const SHOTS = path.join(RESULTS, "screenshots");
const JWT_SECRET = Buffer.from("petory-web-known-jwt-secret-0032").toString("base64");
const FILES_SECRET = Buffer.from("petory-web-known-files-key-00032").toString("base64");
const PLACES_DIR = path.join(root, "tests", "e2e", "data", "places");
const run = promisify(execFile);

let seq = 0;
export function unique(prefix = "u") {
  seq += 1;
  return `${prefix}${process.pid % 1000}${seq}${Math.random().toString(36).slice(2, 7)}`;
}

function childEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("PETORY_")) env[k] = v;
  return { ...env, ...extra };
}

export async function startServer(extraArgs = []) {
  const dir = mkdtempSync(path.join(tmpdir(), "petory-web-"));
  const db = path.join(dir, "petory.db");
  const files = path.join(dir, "files");
  const args = [
    "--port", "0", "--bind", "127.0.0.1", "--db", db, "--files", files,
    "--pwhash-opslimit", "1", "--pwhash-memlimit", "8192",
    "--jwt-secret", JWT_SECRET, "--files-secret", FILES_SECRET,
    "--access-log", path.join(dir, "access.log"),
    ...extraArgs,
  ];
  const env = {};
  if (process.env.PETORY_WEB_DIR) env.PETORY_WEB_DIR = env.PETORY_WEB_ROOT = process.env.PETORY_WEB_DIR;
  const child = spawn(HTTPD, args, { env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr = (stderr + d).slice(-20000);
  });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("petory-httpd did not start: " + stderr)), 30000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ""));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`petory-httpd exited (${code}): ${stderr}`));
    });
  });
  child.stdout.resume();

  const server = {
    url,
    db,
    dir,
    stderr: () => stderr,
    async api(method, p, { body, token, headers = {} } = {}) {
      const h = { Accept: "application/json", ...headers };
      if (body !== undefined) h["Content-Type"] = "application/json";
      if (token) h.Authorization = "Bearer " + token;
      const res = await fetch(url + p, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      let parsed = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async upload(user, purpose, { bytes = pngBytes(), filename = "p.png", extra = {} } = {}) {
      const grant = await server.api("POST", "/files/presign", {
        token: user.token,
        body: { purpose, filename, contentType: "image/png", size: bytes.length, ...extra },
      });
      if (grant.status !== 201) throw new Error("presign failed: " + JSON.stringify(grant.body));
      const put = await fetch(new URL(grant.body.uploadUrl, url), { method: "PUT", headers: grant.body.headers, body: bytes });
      if (put.status !== 201) throw new Error("upload failed: " + put.status);
      return grant.body.fileKey;
    },
    async ctl(...argv) {
      return run(CTL, ["--db", db, ...argv], { env: childEnv({}) });
    },
    async newUser({ nickname } = {}) {
      const email = unique("user") + "@example.com";
      const password = "correct-horse-" + unique("p");
      nickname = nickname || unique("n").slice(0, 20);
      const s = await server.api("POST", "/auth/signup", { body: { email, password, nickname } });
      if (s.status !== 201) throw new Error("signup failed: " + JSON.stringify(s.body));
      return server.login({ email, password, nickname, id: s.body.id });
    },
    async login(user) {
      const l = await server.api("POST", "/auth/login", { body: { email: user.email, password: user.password } });
      if (l.status !== 200) throw new Error("login failed: " + JSON.stringify(l.body));
      return { ...user, accessToken: l.body.accessToken, refreshToken: l.body.refreshToken, token: l.body.accessToken };
    },
    async newAdmin() {
      const email = unique("admin") + "@example.com";
      const password = "admin-pass-" + unique("p");
      const nickname = unique("adm").slice(0, 20);
      await new Promise((resolve, reject) => {
        const c = spawn(CTL, ["--db", db, "--json", "user", "create", "--admin", "--email", email, "--nickname", nickname, "--password-file", "-"], {
          env: childEnv({}),
          stdio: ["pipe", "pipe", "pipe"],
        });
        let err = "";
        c.stderr.on("data", (d) => (err += d));
        c.on("exit", (code) => (code === 0 ? resolve() : reject(new Error("petoryctl user create: " + err))));
        c.stdin.end(password + "\n");
      });
      const me = await server.login({ email, password, nickname });
      const info = await server.api("GET", "/users/me", { token: me.token });
      return { ...me, id: info.body.id };
    },
    placesImported: false,
    async importPlaces() {
      if (server.placesImported) return;
      const files = readdirSync(PLACES_DIR).filter((f) => f.endsWith(".json")).map((f) => path.join(PLACES_DIR, f));
      await server.ctl("places", "import", ...files);
      server.placesImported = true;
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => {
          const timer = setTimeout(() => {
            child.kill("SIGKILL");
            r();
          }, 10000);
          child.on("exit", () => {
            clearTimeout(timer);
            r();
          });
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

export const test = base.extend({
  server: [
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      await server.stop();
    },
    { scope: "worker", timeout: 60_000 },
  ],
  baseURL: async ({ server }, use) => use(server.url),
  // every test's console log, attached when it fails
  page: async ({ page }, use, testInfo) => {
    const lines = [];
    page.on("console", (m) => lines.push(`[${m.type()}] ${m.text()}`));
    page.on("pageerror", (e) => lines.push(`[pageerror] ${e.stack || e.message}`));
    await use(page);
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach("console.log", { body: lines.join("\n") || "(empty)", contentType: "text/plain" });
    }
  },
});

export { expect };

// The user's tokens in the app's storage before its scripts run.
export async function signIn(page, user, { lang } = {}) {
  await page.addInitScript(
    ([tokens, l]) => {
      if (!sessionStorage.getItem("petory.test.signedIn")) {
        localStorage.setItem("petory.tokens", JSON.stringify(tokens));
        sessionStorage.setItem("petory.test.signedIn", "1");
      }
      if (l) localStorage.setItem("petory.lang", l);
    },
    [{ accessToken: user.accessToken, refreshToken: user.refreshToken }, lang || null],
  );
}

// The app in a given language, whatever the browser's.
export async function useLanguage(page, lang) {
  await page.addInitScript((l) => localStorage.setItem("petory.lang", l), lang);
}

export async function checkA11y(page, { exclude = [] } = {}) {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  for (const sel of exclude) builder = builder.exclude(sel);
  const results = await builder.analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
  expect(summary, "axe-core serious/critical findings").toEqual([]);
}

export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name + ".png"), fullPage: true });
}

// A small valid PNG (1x1 or w x h solid colour), made here, for uploads.
export function pngBytes() {
  return Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  );
}
