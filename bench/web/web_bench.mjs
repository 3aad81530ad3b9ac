// web_bench.mjs -- run by bench/web_bench.sh: starts petory-httpd on a
// fresh database in a temporary directory, imports the real places and
// writes 200 posts, then measures (1) the encoded bytes of every JS and
// CSS response of a cold first load of /app/places in Chromium and (2)
// Lighthouse's performance and accessibility scores of /app/places and
// /app/community (Lighthouse's default mobile profile, simulated
// throttling). Prints each figure with its ratio to design.md's target.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const HTTPD = process.env.PETORY_HTTPD;
const CTL = process.env.PETORY_CTL;
const CHROME = process.env.CHROME_PATH || "/usr/bin/chromium";
const require = createRequire(import.meta.url);
const { chromium } = require(path.join(root, "web", "node_modules", "playwright-core"));
const lighthouse = (await import("lighthouse")).default;
const chromeLauncher = await import("chrome-launcher");

const FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

async function startServer(dir) {
  const child = spawn(HTTPD, ["--port", "0", "--db", path.join(dir, "petory.db"), "--files", path.join(dir, "files"),
    "--access-log", path.join(dir, "access.log"), "--log-level", "warn", "--pwhash-opslimit", "1", "--pwhash-memlimit", "8192"],
    { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (c) => reject(new Error("petory-httpd exited " + c)));
  });
  child.stdout.resume();
  return { child, url };
}

async function call(url, method, p, body, token) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = "Bearer " + token;
  const r = await fetch(url + p, { method, headers, body: body && JSON.stringify(body) });
  return r.json().catch(() => null);
}

async function seed(url, dir) {
  const shared = path.join(root, "..", "shared", "data", "places");
  const src = existsSync(shared) ? shared : path.join(root, "tests", "e2e", "data", "places");
  const files = readdirSync(src).filter((f) => f.endsWith(".json")).map((f) => path.join(src, f));
  execFileSync(CTL, ["--db", path.join(dir, "petory.db"), "places", "import", ...files], { stdio: "ignore" });
  const email = "bench@example.com", password = "bench-password-1";
  await call(url, "POST", "/auth/signup", { email, password, nickname: "bench" });
  const { accessToken } = await call(url, "POST", "/auth/login", { email, password });
  for (let i = 0; i < 200; i++) {
    await call(url, "POST", "/owner-boards", { title: `산책 이야기 ${i + 1}`, content: `오늘은 강아지와 공원을 ${i + 1}바퀴 걸었습니다. Walk number ${i + 1}.` }, accessToken);
  }
  const places = await call(url, "GET", "/places?size=1");
  return places.totalElements;
}

async function firstLoadBytes(url) {
  const browser = await chromium.launch({ executablePath: CHROME, args: FLAGS.slice(1) });
  const page = await browser.newPage();
  const pending = [];
  page.on("requestfinished", (req) => {
    if (!["script", "stylesheet"].includes(req.resourceType())) return;
    pending.push(req.sizes().then((sizes) => ({ url: req.url(), bytes: sizes.responseBodySize })));
  });
  await page.goto(url + "/app/places", { waitUntil: "networkidle" });
  await page.waitForSelector("main h1");
  const responses = await Promise.all(pending);
  await browser.close();
  return responses;
}

async function lighthouseScores(url) {
  const chrome = await chromeLauncher.launch({ chromePath: CHROME, chromeFlags: FLAGS });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"] });
    const c = result.lhr.categories;
    const audits = result.lhr.audits;
    return {
      performance: Math.round(c.performance.score * 100),
      accessibility: Math.round(c.accessibility.score * 100),
      fcp: audits["first-contentful-paint"].displayValue,
      lcp: audits["largest-contentful-paint"].displayValue,
      tbt: audits["total-blocking-time"].displayValue,
      cls: audits["cumulative-layout-shift"].displayValue,
    };
  } finally {
    await chrome.kill();
  }
}

const dir = mkdtempSync(path.join(tmpdir(), "petory-web-bench-"));
const { child, url } = await startServer(dir);
let status = 0;
try {
  const placeCount = await seed(url, dir);
  console.log(`seeded: ${placeCount} places, 200 posts`);
  const loads = await firstLoadBytes(url);
  const total = loads.reduce((n, r) => n + r.bytes, 0);
  for (const r of loads) console.log(`  ${(r.bytes / 1024).toFixed(1).padStart(7)} KB  ${r.url.replace(url, "")}`);
  const ratio = total / (150 * 1024);
  console.log(`first load of /app/places: ${(total / 1024).toFixed(1)} KB of compressed JS and CSS (target <= 150 KB; ratio ${ratio.toFixed(2)})`);
  if (ratio > 1) status = 1;
  for (const p of ["/app/places", "/app/community"]) {
    const s = await lighthouseScores(url + p);
    console.log(`lighthouse ${p}: performance ${s.performance} (target >= 90; ratio ${(s.performance / 90).toFixed(2)}), accessibility ${s.accessibility} (target >= 95; ratio ${(s.accessibility / 95).toFixed(2)}); FCP ${s.fcp}, LCP ${s.lcp}, TBT ${s.tbt}, CLS ${s.cls}`);
    if (s.performance < 90 || s.accessibility < 95) status = 1;
  }
} finally {
  child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
