// playwright.config.js -- the browser tests: Debian's Chromium (never a
// downloaded browser) driven by Playwright against a real petory-httpd
// that tests/fixtures.js starts per worker on a free loopback port.
// A failing test leaves its screenshot, trace and the page's console log
// under PETORY_WEB_RESULTS (default web/test-results/).
import { defineConfig } from "@playwright/test";

const chromium = process.env.PETORY_CHROMIUM || "/usr/bin/chromium";
const results = process.env.PETORY_WEB_RESULTS || "test-results";

export default defineConfig({
  testDir: "tests",
  testMatch: /.*\.spec\.js$/,
  outputDir: results + "/artifacts",
  fullyParallel: false,
  workers: Number(process.env.PETORY_WEB_WORKERS || 2),
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    headless: true,
    timezoneId: "Asia/Seoul",
    viewport: { width: 1280, height: 900 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
      ],
    },
  },
});
